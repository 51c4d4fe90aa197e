import type { NormalizedTransaction } from '../../finance/transactions';
import { formatAmount } from '../../finance/money';
import { DEFAULT_CATEGORY_RULES, FOOD_CATEGORIES, mapCategories, type CategoryMappingResult, type FoodCategory } from './categories';
import { ENGINE_PARAMS, type ParamUnit } from './engineParams';
import { aggregateWeekly, type WeeklyAggregate } from './weekly';
import { plural } from '../../report/format';

/**
 * Calibration from real spending (projections spec §1.8, integrations §1.11), redone in the
 * engine's own units. Upstream compared food spending with business revenue and wrote a ~$150
 * food budget into weeklyRevenuePerParticipant (~$0.53); here every calibrated value maps to the
 * household parameter it measures.
 */

export type ConfidenceLevel = 'high' | 'medium' | 'low';

export interface CalibrationInput {
  transactions: readonly NormalizedTransaction[];
  /** Default: mapCategories(transactions, DEFAULT_CATEGORY_RULES). */
  mapping?: CategoryMappingResult;
  timeZone: string;
  /** Inclusive local-date period; default the data range. */
  period?: { from: string; to: string };
  /** Asset account name → household id. Default: every account belongs to one household. */
  households?: Record<string, string>;
  /** Households in the modelled community (for participation). Default: households observed. */
  population?: number;
  /** Current engine parameters (UPPER_SNAKE); missing keys use the engine defaults. */
  currentParams?: Record<string, number>;
  /** Current projection-model values the patch is computed against. */
  currentProjection?: { participationRate?: number; groupBuyingSavings?: number };
  /** Baseline category shares as fractions (upstream 60/25/0/15/0 %). */
  baselineCategoryShares?: Partial<Record<FoodCategory, number>>;
  /** Food categories a co-op can supply (internal spending). Default groceries + farmers_market. */
  internalCategories?: readonly FoodCategory[];
}

export const DEFAULT_BASELINE_SHARES: Record<FoodCategory, number> = {
  groceries: 0.6,
  dining: 0,
  prepared_food: 0.25,
  food_delivery: 0,
  farmers_market: 0.15,
};
export const DEFAULT_INTERNAL_CATEGORIES: readonly FoodCategory[] = ['groceries', 'farmers_market'];

export interface ParameterConfidence {
  level: ConfidenceLevel;
  /** 0–100; ≥ 80 high, ≥ 50 medium (the upstream bands). */
  score: number;
  reason: string;
}

export interface CalibratedParameter {
  parameter: string;
  baseline: number;
  calibrated: number;
  /** The engine's unit, money in the data's currency ("EUR/week" for EUR spending: no rate is applied here). */
  unit: string;
  adjustment: number;
  /** Relative to baseline, percent; 0 when the baseline is 0. */
  adjustmentPercent: number;
  confidence: ParameterConfidence;
  reason: string;
}

/**
 * A parameter calibrated away from a baseline of 0 has no percentage change (adjustmentPercent
 * is 0 there, which reads as "no change"): reports say "new (from 0)" or N/A instead.
 */
export function isChangeFromZero(p: { baseline: number; calibrated: number }): boolean {
  return p.baseline === 0 && p.calibrated !== 0;
}

export interface Adjustment {
  parameter: string;
  from: number;
  to: number;
  reason: string;
}

export interface ParamDiff {
  key: string;
  current: number;
  proposed: number;
  unit: string;
  reason: string;
}

export interface CategoryComparison {
  category: FoodCategory;
  actualCents: number;
  /** Fractions 0–1. */
  actualShare: number;
  baselineShare: number;
  /** actualShare − baselineShare, in percentage points. */
  differencePoints: number;
}

export interface CalibrationResult {
  dataSource: {
    periodStart: string;
    periodEnd: string;
    timeZone: string;
    weeksAnalyzed: number;
    fullWeeks: number;
    /** Period length in weeks (days / 7): the divisor of the mean budget. */
    weekEquivalents: number;
    transactionsAnalyzed: number;
    transactionsExcluded: number;
    households: string[];
    population: number;
    currencies: string[];
  };
  weekly: WeeklyAggregate;
  coverage: CategoryMappingResult['coverage'];
  parameters: CalibratedParameter[];
  adjustments: Adjustment[];
  engineParamDiff: ParamDiff[];
  projectionModelPatch: ParamDiff[];
  categories: CategoryComparison[];
  overall: {
    /** Mean of the parameter confidence scores, 0–100. */
    confidenceScore: number;
    confidenceLevel: ConfidenceLevel;
    /** Mean |adjustment %| of the engine parameters: how far the current params are from the data. */
    averageAdjustmentPercent: number;
  };
  recommendations: string[];
  warnings: string[];
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
export const levelOf = (score: number): ConfidenceLevel => (score >= 80 ? 'high' : score >= 50 ? 'medium' : 'low');
const conf = (score: number, reason: string): ParameterConfidence => {
  const s = Math.round(clamp(score, 0, 100) * 10) / 10;
  return { level: levelOf(s), score: s, reason };
};
const pct = (f: number) => `${(f * 100).toFixed(1)}%`;

/** Group-buy savings from weekly volatility (upstream rule; a proxy, no group-purchase data). */
export function savingsFromVolatility(cv: number): number {
  return cv < 0.2 ? 0.15 : cv < 0.4 ? 0.1 : 0.05;
}

export class CalibrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationError';
  }
}

export function calibrate(input: CalibrationInput): CalibrationResult {
  const txs = input.transactions;
  const mapping = input.mapping ?? mapCategories(txs, DEFAULT_CATEGORY_RULES);
  const currencies = [...new Set(mapping.mapped.map((m) => m.tx.currencyCode))].sort();
  if (currencies.length > 1) {
    throw new CalibrationError(`cannot calibrate across currencies (${currencies.join(', ')}): import or sync one currency at a time`);
  }
  if (mapping.mapped.length === 0) {
    throw new CalibrationError(
      `no food-related transactions found among ${txs.length} transactions: check the category mapping (withdrawals whose category or description mentions food, groceries, restaurants, …)`,
    );
  }
  const householdOf = (tx: NormalizedTransaction): string => {
    const account = tx.type === 'deposit' ? tx.destinationName : tx.sourceName;
    if (!input.households) return 'household-1';
    return (account && input.households[account]) || `unassigned:${account ?? '?'}`;
  };
  const weekly = aggregateWeekly(txs, { timeZone: input.timeZone, mapping, from: input.period?.from, to: input.period?.to, participantOf: householdOf });
  const W = weekly.weeks.length;
  const days = weekly.weeks.reduce((s, w) => s + w.daysInPeriod, 0);
  const weekEq = days / 7;
  const full = weekly.weeks.filter((w) => w.daysInPeriod === 7);
  const households = weekly.participants;
  const H = Math.max(1, households.length);
  const population = input.population ?? H;
  if (!(population >= H)) {
    throw new CalibrationError(`population (${input.population}) must be at least the number of households observed (${H})`);
  }
  const current = (key: string) => input.currentParams?.[key] ?? ENGINE_PARAMS[key].default;
  const currency = currencies[0] ?? 'USD';
  /** A money unit in the data's currency: the amounts proposed are in it. */
  const inCurrency = (unit: string) => (currency === 'USD' ? unit : unit.replace('USD', currency));
  const usd = (cents: number) => formatAmount(cents / 100, currency);
  const weeksFactor = Math.min(1, W / 12);
  const warnings = [...mapping.warnings];
  if (W < 12) warnings.push(`only ${W} week${W === 1 ? '' : 's'} of data: at least 12 are recommended`);
  if (full.length < W) warnings.push(`${plural(W - full.length, 'partial week')} at the period edges: used for the mean (per day), not for the spread`);
  if (currency !== 'USD') {
    warnings.push(`the spending is in ${currency} but the engine's money parameters are in USD; no exchange rate is applied, so convert the calibrated budget values to USD before running`);
  }

  // --- Weekly food budget per household (net of refunds), $/week.
  const totalCents = weekly.totalSpendingCents;
  const budgetMean = totalCents / 100 / weekEq / H;
  const hhWeeks: number[] = [];
  for (const w of full) for (const h of households) hhWeeks.push((w.byParticipantCents[h] ?? 0) / 100);
  const n = hhWeeks.length;
  const mean = n > 0 ? hhWeeks.reduce((s, x) => s + x, 0) / n : 0;
  const sampleSd = n > 1 ? Math.sqrt(hhWeeks.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const rse = n > 1 && mean > 0 ? sampleSd / (mean * Math.sqrt(n)) : 1;
  const budgetParam = {
    calibrated: r2(budgetMean),
    reason: `Net food spend ${usd(totalCents)} (refunds netted) ÷ ${weekEq.toFixed(2)} weeks ÷ ${H} household${H === 1 ? '' : 's'}`,
    confidence: conf(
      100 * weeksFactor * Math.max(0, 1 - 2 * rse),
      `${W} weeks; relative standard error of the weekly mean ${(rse * 100).toFixed(1)}%`,
    ),
  };
  let sdValue = r2(sampleSd);
  let sdReason = `Sample standard deviation of ${n} full household-weeks of net food spend`;
  const sdCap = r2(0.75 * budgetParam.calibrated);
  if (sdValue > sdCap) {
    sdReason += `; capped at 0.75 × the mean (${sdCap}), the engine's allowed range`;
    sdValue = sdCap;
  }
  const sdParam = {
    calibrated: sdValue,
    reason: sdReason,
    confidence: conf(
      n > 1 ? 100 * weeksFactor * Math.max(0, 1 - 2 / Math.sqrt(2 * (n - 1))) : 0,
      `${n} household-weeks; standard error of an SD ≈ 1/√(2(n−1))`,
    ),
  };

  // --- Participation: mean weekly share of the population with food activity.
  const activeShares = weekly.weeks.map((w) => w.participantCount / population);
  const participation = activeShares.reduce((s, x) => s + x, 0) / Math.max(1, W);
  const partParam = {
    calibrated: r4(participation),
    reason: `Mean over ${W} weeks of households with food purchases ÷ population ${population}`,
    confidence: conf(
      input.population === undefined ? Math.min(45, 100 * weeksFactor) : 100 * weeksFactor,
      input.population === undefined
        ? 'population not given: measured against the households seen, which overstates participation'
        : `${W} weeks against a given population of ${population}`,
    ),
  };

  // --- Category split (fractions) and internal share.
  const byCat = new Map<FoodCategory, number>();
  for (const c of FOOD_CATEGORIES) byCat.set(c, 0);
  for (const w of weekly.weeks) for (const [c, v] of Object.entries(w.byCategoryCents)) byCat.set(c as FoodCategory, (byCat.get(c as FoodCategory) ?? 0) + v);
  const baseShares = { ...DEFAULT_BASELINE_SHARES, ...input.baselineCategoryShares };
  const categories: CategoryComparison[] = FOOD_CATEGORIES.map((category) => {
    const actualCents = byCat.get(category) ?? 0;
    const actualShare = totalCents > 0 ? actualCents / totalCents : 0;
    return {
      category,
      actualCents,
      actualShare: r4(actualShare),
      baselineShare: baseShares[category],
      differencePoints: Math.round((actualShare - baseShares[category]) * 1000) / 10,
    };
  }).sort((a, b) => b.actualCents - a.actualCents);
  const internalSet = new Set(input.internalCategories ?? DEFAULT_INTERNAL_CATEGORIES);
  const internalCents = [...byCat].filter(([c]) => internalSet.has(c)).reduce((s, [, v]) => s + v, 0);
  const internalShare = totalCents > 0 ? clamp(internalCents / totalCents, 0, 1) : 0;
  const cov = mapping.coverage;
  const internalParam = {
    calibrated: r4(internalShare),
    reason: `Share of net food spend in co-op-suppliable categories (${[...internalSet].join(', ')}): ${usd(internalCents)} of ${usd(totalCents)}`,
    confidence: conf(
      100 * weeksFactor * (cov.exact + 0.8 * cov.fuzzy + 0.5 * cov.description),
      `${pct(cov.exact)} of food spend mapped by exact category, ${pct(cov.fuzzy + cov.description)} by keyword, ${pct(cov.default)} by default`,
    ),
  };

  // --- Group-buy savings from volatility (CV = population σ / mean of full-week totals).
  const totals = full.map((w) => w.spendingCents / 100);
  const tMean = totals.length ? totals.reduce((s, x) => s + x, 0) / totals.length : 0;
  const tSd = totals.length ? Math.sqrt(totals.reduce((s, x) => s + (x - tMean) ** 2, 0) / totals.length) : 0;
  const cv = tMean > 0 ? tSd / tMean : 0;
  const savingsParam = {
    calibrated: savingsFromVolatility(cv),
    reason: `Weekly spend CV ${cv.toFixed(3)} (${cv < 0.2 ? '< 0.2 → 0.15' : cv < 0.4 ? '0.2–0.4 → 0.10' : '≥ 0.4 → 0.05'}): steadier demand is easier to pool`,
    confidence: conf(30, 'volatility proxy: there are no group-purchase records to measure savings directly'),
  };

  // --- Parameters, diffs and explanations.
  const parameters: CalibratedParameter[] = [];
  const push = (parameter: string, baseline: number, p: { calibrated: number; reason: string; confidence: ParameterConfidence }, unit: ParamUnit | 'fraction' | 'percent') => {
    const adjustment = p.calibrated - baseline;
    parameters.push({
      parameter,
      baseline,
      calibrated: p.calibrated,
      unit: inCurrency(unit),
      adjustment: unit === 'fraction' ? r4(adjustment) : unit === 'percent' ? r1(adjustment) : r2(adjustment),
      adjustmentPercent: baseline !== 0 ? Math.round((adjustment / baseline) * 10_000) / 100 : 0,
      confidence: p.confidence,
      reason: p.reason,
    });
  };
  const engineKeys: [string, typeof budgetParam][] = [
    ['WEEKLY_FOOD_BUDGET_AVG', budgetParam],
    ['WEEKLY_FOOD_BUDGET_STDDEV', sdParam],
    ['PERCENT_SPEND_INTERNAL_AVG', internalParam],
    ['GROUP_BUY_SAVINGS_PERCENT', savingsParam],
  ];
  for (const [key, p] of engineKeys) push(key, current(key), p, ENGINE_PARAMS[key].unit);
  push('participationRate', input.currentProjection?.participationRate ?? 0.75, partParam, 'fraction');
  // categoryDistribution in percent, 1 dp (§1.10 MUST; upstream's test fed fractions to a percent engine).
  for (const c of categories) {
    push(
      `categoryDistribution.${c.category}`,
      r1(c.baselineShare * 100),
      { calibrated: totalCents > 0 ? r1((c.actualCents / totalCents) * 100) : 0, reason: `${usd(c.actualCents)} of ${usd(totalCents)} net food spend`, confidence: internalParam.confidence },
      'percent',
    );
  }

  const engineParamDiff: ParamDiff[] = engineKeys.map(([key, p]) => ({
    key,
    current: current(key),
    proposed: p.calibrated,
    unit: inCurrency(ENGINE_PARAMS[key].unit),
    reason: p.reason,
  }));
  const projectionModelPatch: ParamDiff[] = [
    { key: 'participationRate', current: input.currentProjection?.participationRate ?? 0.75, proposed: partParam.calibrated, unit: 'fraction', reason: partParam.reason },
    { key: 'groupBuyingSavings', current: input.currentProjection?.groupBuyingSavings ?? 0.15, proposed: savingsParam.calibrated, unit: 'fraction', reason: savingsParam.reason },
  ];
  const adjustments: Adjustment[] = parameters
    .filter((p) => p.calibrated !== p.baseline)
    .map((p) => ({ parameter: p.parameter, from: p.baseline, to: p.calibrated, reason: p.reason }));

  const scored = [budgetParam, sdParam, partParam, internalParam, savingsParam];
  const confidenceScore = Math.round((scored.reduce((s, p) => s + p.confidence.score, 0) / scored.length) * 10) / 10;
  const engineParams = parameters.filter((p) => p.parameter in ENGINE_PARAMS);
  const averageAdjustmentPercent =
    Math.round((engineParams.reduce((s, p) => s + Math.abs(p.adjustmentPercent), 0) / engineParams.length) * 100) / 100;

  const recommendations: string[] = [];
  for (const p of parameters) {
    if (Math.abs(p.adjustmentPercent) > 10) {
      const sign = p.adjustmentPercent >= 0 ? '+' : '';
      recommendations.push(`Adjust ${p.parameter} from ${p.baseline} to ${p.calibrated} (${sign}${p.adjustmentPercent.toFixed(1)}%)`);
    }
  }
  if (levelOf(confidenceScore) === 'low') {
    recommendations.push('Overall confidence is low: gather more weeks of data, set the population and complete the category mapping before applying');
  }
  if (cov.default > 0.05) recommendations.push(`${pct(cov.default)} of food spend fell back to the default category: add category mappings`);

  return {
    dataSource: {
      periodStart: weekly.periodStart,
      periodEnd: weekly.periodEnd,
      timeZone: input.timeZone,
      weeksAnalyzed: W,
      fullWeeks: full.length,
      weekEquivalents: Math.round(weekEq * 1000) / 1000,
      transactionsAnalyzed: weekly.transactionCount,
      transactionsExcluded: txs.length - weekly.transactionCount,
      households,
      population,
      currencies,
    },
    weekly,
    coverage: cov,
    parameters,
    adjustments,
    engineParamDiff,
    projectionModelPatch,
    categories,
    overall: { confidenceScore, confidenceLevel: levelOf(confidenceScore), averageAdjustmentPercent },
    recommendations,
    warnings,
  };
}

/** Apply an engine diff to a params record (returns a new object; keys not in the diff kept). */
export function applyParamDiff(params: Record<string, number>, diff: readonly ParamDiff[], keys?: readonly string[]): Record<string, number> {
  const out = { ...params };
  for (const d of diff) if (!keys || keys.includes(d.key)) out[d.key] = d.proposed;
  return out;
}
