/**
 * Empirical comparison against calibration data (a Firefly snapshot): simulated vs actual weekly
 * food spending by category, with MAE, RMSE, R² and variance %.
 *
 * - Actual: the snapshot's withdrawals, mapped to food categories and aggregated per local
 *   Monday–Sunday week (src-shared/projections/calibration); only full weeks are compared.
 * - Simulated: scenario A spending (households as they are, without a co-op) from a seeded engine
 *   run of 100 members over the same number of weeks, per member, scaled to the households
 *   observed, split into categories by shares. Week w's spend is exact from the engine state:
 *   TotalWealth_A[w−1] + Σ income − TotalWealth_A[w].
 * - Two variants: "baseline" (the suite params and the upstream baseline category shares
 *   60/25/0/15/0 %, out of sample) and "calibrated" (the params calibrate() proposes and the
 *   observed shares, in sample; income, which withdrawals do not show, keeps the suite's
 *   income-to-budget ratio). The calibrated variant decides pass/fail and confidence; the
 *   baseline shows how far the uncalibrated model is from this household.
 */
import type { NormalizedTransaction } from '../finance/transactions';
import { column, runSimulation, withDefaults, type SimParams } from '../engine';
import { calibrate, DEFAULT_BASELINE_SHARES, FOOD_CATEGORIES, applyParamDiff, type FoodCategory } from '../projections/calibration';
import type { CategoryMappingResult } from '../projections/calibration/categories';
import { near, round, skippedCheck, truth } from './checks';
import { confidenceOf } from './confidence';
import type { ValidationComponent } from './types';
import { plural } from '../report/format';
import { formatAmount } from '../finance/money';

export interface FitMetrics {
  n: number;
  mae: number;
  rmse: number;
  /** 1 − SS_res / SS_tot (can be negative: worse than the mean). NaN when SS_tot = 0. */
  r2: number;
  /** 100 · (Σ simulated − Σ actual) / Σ actual. */
  variancePct: number;
}

/** MAE, RMSE, R² and variance % of paired values. */
export function fitMetrics(actual: readonly number[], simulated: readonly number[]): FitMetrics {
  const n = Math.min(actual.length, simulated.length);
  if (n === 0) return { n: 0, mae: NaN, rmse: NaN, r2: NaN, variancePct: NaN };
  let abs = 0, sq = 0, sa = 0, ss = 0;
  for (let i = 0; i < n; i++) {
    const e = simulated[i] - actual[i];
    abs += Math.abs(e);
    sq += e * e;
    sa += actual[i];
    ss += simulated[i];
  }
  const mean = sa / n;
  let tot = 0;
  for (let i = 0; i < n; i++) tot += (actual[i] - mean) ** 2;
  return { n, mae: abs / n, rmse: Math.sqrt(sq / n), r2: tot > 0 ? 1 - sq / tot : NaN, variancePct: sa !== 0 ? (100 * (ss - sa)) / sa : NaN };
}

/** Mean weekly scenario-A spend per member for each week 1…weeks (seeded engine run). */
export function simulatedWeeklySpendPerMember(params: SimParams, weeks: number, seed: number, members = 100): number[] {
  const r = runSimulation({ ...params, NUM_MEMBERS: members, SIMULATION_WEEKS: weeks }, { seed });
  const tw = column(r, 'TotalWealth_A');
  const income = r.finalMembers.income.reduce((a, b) => a + b, 0);
  return Array.from({ length: weeks }, (_, i) => (tw[i] + income - tw[i + 1]) / members);
}

export interface EmpiricalInput {
  transactions: readonly NormalizedTransaction[];
  snapshotId: number;
  timeZone: string;
  params: SimParams;
  seed: number;
  warnings?: string[];
  /** The user's category mapping (Firefly's saved rules); without it, the default rules. */
  mapping?: CategoryMappingResult;
}

export function skippedEmpirical(reason: string): ValidationComponent {
  return {
    id: 'empirical',
    name: 'Empirical comparison (Firefly)',
    kind: 'empirical',
    description: 'simulated vs actual weekly food spending by category (MAE, RMSE, R², variance %)',
    status: 'skipped',
    confidence: confidenceOf([], { kind: 'empirical' }, true),
    checks: [skippedCheck('emp-data', 'Calibration data available', 'a Firefly snapshot with spending', reason)],
    metrics: {},
    skippedReason: reason,
  };
}

/**
 * The report format of amounts in `code` (the snapshot's currency): ISO codes as currency, custom
 * ones (USDT) as numbers with the code. No exchange rate is applied: the comparison is in the data's
 * own currency, like the calibrated budget.
 */
export function moneyFormat(code: string): { type: 'currency'; currency: string } | { type: 'number'; decimals: number; unit: string } {
  return /^[A-Z]{3}$/.test(code) ? { type: 'currency', currency: code } : { type: 'number', decimals: 2, unit: code.slice(0, 24) };
}
/** The unit in a label: "$" for USD, else the code ("EUR per week"). */
export function moneyUnit(code: string): string {
  return code === 'USD' ? '$' : code;
}

/**
 * The unit of a check's measured value when it is not a plain number, by check id (stored results
 * keep none): the variance is in percent, as its expectation "0 % ± 25 %" says.
 */
export const CHECK_UNITS: Readonly<Record<string, string>> = { 'emp-variance': '%' };

export function empiricalComponent(input: EmpiricalInput): ValidationComponent {
  const base = withDefaults(input.params);
  let cal;
  try {
    cal = calibrate({ transactions: input.transactions, timeZone: input.timeZone, currentParams: base as unknown as Record<string, number>, ...(input.mapping ? { mapping: input.mapping } : {}) });
  } catch (e) {
    return skippedEmpirical(`snapshot ${input.snapshotId}: ${(e as Error).message}`);
  }
  const full = cal.weekly.weeks.filter((w) => w.daysInPeriod === 7);
  // The snapshot's currency (calibration takes one): amounts are shown in it, never as dollars.
  const currency = input.transactions.find((t) => t.type === 'withdrawal')?.currencyCode ?? 'USD';
  const per = moneyUnit(currency);
  const H = Math.max(1, cal.dataSource.population);
  if (full.length === 0) return skippedEmpirical(`snapshot ${input.snapshotId} has no full week of food spending to compare`);
  const patched = withDefaults(applyParamDiff(base as unknown as Record<string, number>, cal.engineParamDiff) as Partial<SimParams>);
  // Withdrawals say nothing about income: keep the suite's income-to-budget ratio so the calibrated
  // households can afford the budget the data shows (otherwise A's spend is capped by wealth).
  const ratio = base.WEEKLY_FOOD_BUDGET_AVG > 0 ? base.WEEKLY_INCOME_AVG / base.WEEKLY_FOOD_BUDGET_AVG : 2;
  const scale = base.WEEKLY_FOOD_BUDGET_AVG > 0 ? patched.WEEKLY_FOOD_BUDGET_AVG / base.WEEKLY_FOOD_BUDGET_AVG : 1;
  const calibratedParams = withDefaults({
    ...patched,
    WEEKLY_INCOME_AVG: round(Math.max(patched.WEEKLY_INCOME_AVG, patched.WEEKLY_FOOD_BUDGET_AVG * ratio), 2),
    WEEKLY_INCOME_STDDEV: round(Math.max(patched.WEEKLY_INCOME_STDDEV, base.WEEKLY_INCOME_STDDEV * scale), 2),
  });
  const observedShares = Object.fromEntries(cal.categories.map((c) => [c.category, c.actualShare])) as Record<FoodCategory, number>;

  const variant = (params: SimParams, shares: Record<FoodCategory, number>) => {
    const perMember = simulatedWeeklySpendPerMember(params, full.length, input.seed);
    const actual: number[] = [];
    const sim: number[] = [];
    const byCat = new Map<FoodCategory, { actual: number; sim: number }>();
    full.forEach((w, i) => {
      for (const c of FOOD_CATEGORIES) {
        const a = (w.byCategoryCents[c] ?? 0) / 100;
        const s = perMember[i] * H * (shares[c] ?? 0);
        actual.push(a);
        sim.push(s);
        const t = byCat.get(c) ?? { actual: 0, sim: 0 };
        t.actual += a;
        t.sim += s;
        byCat.set(c, t);
      }
    });
    return { fit: fitMetrics(actual, sim), byCat, weeklyTotal: perMember.map((x) => x * H) };
  };
  const baseline = variant(base, DEFAULT_BASELINE_SHARES);
  const calibrated = variant(calibratedParams, observedShares);
  const f = calibrated.fit;
  const checks = [
    near('emp-variance', 'Total spending variance, calibrated (simulated vs actual)', round(f.variancePct, 3), 0, 25, `Σ simulated vs Σ actual over ${full.length} full weeks × ${FOOD_CATEGORIES.length} categories; LOW bar |variance| ≤ 25 %`, '0 % ± 25 %'),
    truth('emp-r2', 'R² of weekly category spending, calibrated ≥ 0', Number.isFinite(f.r2) && f.r2 >= 0, 'R² ≥ 0 (better than the actual mean)', `pairs (week, category), n = ${f.n}`, Number.isFinite(f.r2) ? round(f.r2, 4) : null),
  ];
  const conf = confidenceOf(checks, { kind: 'empirical', weeks: full.length, variancePct: f.variancePct, r2: f.r2 });
  const rows = FOOD_CATEGORIES.map((c) => {
    const b = baseline.byCat.get(c)!;
    const k = calibrated.byCat.get(c)!;
    return {
      category: c,
      actual: round(k.actual / full.length, 2),
      simulated: round(k.sim / full.length, 2),
      variance: k.actual > 0 ? round((k.sim - k.actual) / k.actual, 4) : null,
      baseline: round(b.sim / full.length, 2),
      baselineVariance: b.actual > 0 ? round((b.sim - b.actual) / b.actual, 4) : null,
    };
  });
  const m = (x: number) => (Number.isFinite(x) ? round(x, 4) : null);
  return {
    id: 'empirical',
    name: 'Empirical comparison (Firefly)',
    kind: 'empirical',
    description: `snapshot ${input.snapshotId}: ${cal.dataSource.periodStart} … ${cal.dataSource.periodEnd}, ${plural(full.length, 'full week')}, ${plural(H, 'household')}, ${plural(cal.dataSource.transactionsAnalyzed, 'food transaction')}; simulated vs actual weekly food spending by category. Calibrated variant: budget ${formatAmount(calibratedParams.WEEKLY_FOOD_BUDGET_AVG, currency)}/week from the data, income ${formatAmount(calibratedParams.WEEKLY_INCOME_AVG, currency)}/week at the suite's income-to-budget ratio (withdrawals do not show income), observed category shares (in sample). Baseline: suite params and the upstream 60/25/0/15/0 % shares.`,
    status: checks.some((c) => c.status === 'fail') ? 'fail' : 'pass',
    confidence: conf,
    checks,
    metrics: {
      snapshotId: input.snapshotId,
      weeks: full.length,
      households: H,
      mae: m(f.mae),
      rmse: m(f.rmse),
      r2: m(f.r2),
      variancePct: m(f.variancePct),
      baselineMae: m(baseline.fit.mae),
      baselineRmse: m(baseline.fit.rmse),
      baselineR2: m(baseline.fit.r2),
      baselineVariancePct: m(baseline.fit.variancePct),
      calibratedBudget: calibratedParams.WEEKLY_FOOD_BUDGET_AVG,
      calibratedIncome: calibratedParams.WEEKLY_INCOME_AVG,
      calibrationConfidence: cal.overall.confidenceLevel,
      currency,
    },
    table: {
      columns: [
        { key: 'category', label: 'Category', type: 'string' },
        { key: 'actual', label: `Actual ${per}/week`, ...moneyFormat(currency) },
        { key: 'simulated', label: `Simulated (calibrated) ${per}/week`, ...moneyFormat(currency) },
        { key: 'variance', label: 'Variance (calibrated)', type: 'percent' },
        { key: 'baseline', label: `Simulated (baseline) ${per}/week`, ...moneyFormat(currency) },
        { key: 'baselineVariance', label: 'Variance (baseline)', type: 'percent' },
      ],
      rows,
    },
  };
}
