// Scenario runner (§5.2), shock test (§5.3) and the current-metrics summary (§5.4).

import { M } from './metrics';
import { DEFAULT_PARAMS, parseParams, type ModelId, type SimParams } from './params';
import { column, runSimulation, type ShockType, type SimulationResult } from './simulate';

export interface SeedOptions {
  seed: number;
  runIndex?: number;
  model?: ModelId;
}

// ---- §5.2 scenario runner ------------------------------------------------------------------

/** Name-based scenario adjustments (case-insensitive substring), used when no params are given. */
export function scenarioParamsFromName(name: string): SimParams {
  const s = name.toLowerCase();
  const p: SimParams = { ...DEFAULT_PARAMS };
  if (s.includes('economic downturn') || s.includes('recession')) {
    p.WEEKLY_INCOME_AVG *= 0.8;
    p.WEEKLY_INCOME_STDDEV *= 1.2;
  } else if (s.includes('high inequality') || s.includes('wealth gap')) {
    p.INITIAL_WEALTH_SIGMA_LOG = 1.2;
    p.WEEKLY_INCOME_STDDEV *= 1.5;
  } else if (s.includes('strong cooperation') || s.includes('high engagement')) {
    p.PERCENT_SPEND_INTERNAL_AVG = 0.7;
    p.GROUP_BUY_SAVINGS_PERCENT = 0.25;
    p.LOCAL_PRODUCTION_SAVINGS_PERCENT = 0.3;
  } else if (s.includes('weak cooperation') || s.includes('low engagement')) {
    p.PERCENT_SPEND_INTERNAL_AVG = 0.2;
    p.GROUP_BUY_SAVINGS_PERCENT = 0.1;
    p.LOCAL_PRODUCTION_SAVINGS_PERCENT = 0.1;
  }
  return p;
}

export interface ScenarioOutcome {
  scenario_name: string;
  outcome: string;
  metrics: {
    final_wealth: number;
    gini: number;
    poverty_rate: number;
    /** (AvgWealth_B final − initial) / initial, from week 0 (the true start). */
    wealth_growth: number;
    inequality_change: number;
    resilience: number;
  };
  comparative_analysis: string;
  recommendations: string[];
  result: SimulationResult;
}

export function runScenario(input: { name?: string; params?: Partial<SimParams> }, opts: SeedOptions): ScenarioOutcome {
  const name = input.name ?? 'Custom scenario';
  const params = input.params ? parseParams(input.params) : scenarioParamsFromName(name);
  const r = runSimulation(params, opts);
  const L = r.weeks;
  const AB = column(r, 'AvgWealth_B');
  const GB = column(r, 'Gini_B');
  const growth = AB[0] !== 0 ? (AB[L] - AB[0]) / AB[0] : 0;
  const dGini = GB[L] - GB[0];
  const metrics = {
    final_wealth: AB[L],
    gini: GB[L],
    poverty_rate: column(r, 'PovertyRate_B')[L],
    wealth_growth: growth,
    inequality_change: dGini,
    resilience: column(r, 'CommunityResilience')[L],
  };
  let text = growth > 0.1
    ? `The "${name}" scenario shows strong wealth growth (${(growth * 100).toFixed(1)}%).`
    : growth < 0
      ? `The "${name}" scenario shows a wealth decline (${(growth * 100).toFixed(1)}%).`
      : `The "${name}" scenario shows moderate wealth growth (${(growth * 100).toFixed(1)}%).`;
  if (dGini < -0.05) text += ' Inequality fell markedly.';
  else if (dGini > 0.05) text += ' Inequality rose markedly.';
  const rec: string[] = [];
  if (metrics.poverty_rate > 0.1) rec.push('Target support at members below the poverty line (poverty rate B above 10%).');
  if (dGini > 0) rec.push('Inequality rose over the run: consider progressive rewards or fees.');
  if (metrics.resilience < 0.7) rec.push('Community resilience is below 0.7: build reserves for members near the poverty line.');
  if (params.PERCENT_SPEND_INTERNAL_AVG < 0.5) rec.push('Internal spending is below 50%: increase co-op participation.');
  if (!rec.length) rec.push('Adjust savings parameters for different outcomes');
  return { scenario_name: name, outcome: r.narrative.conclusion, metrics, comparative_analysis: text, recommendations: rec, result: r };
}

// ---- §5.3 shock test -------------------------------------------------------------------------

export interface ShockTestInput {
  type: ShockType;
  /** 0…1; 0 is allowed (a no-op shock, useful as a control). */
  magnitude: number;
  /** Weeks the shock lasts (≥ 1). */
  duration: number;
  /** Weeks before the shock (default 52). */
  startWeek?: number;
  /** Weeks observed after the shock ends (default 26). */
  recoveryWeeks?: number;
  params?: Partial<SimParams>;
}

export interface ShockTestResult {
  shock_results: {
    shock_type: ShockType;
    magnitude: number;
    duration: number;
    start_week: number;
    impact: {
      /** Relative AvgWealth_B shortfall against the baseline at the same week, at the end of the shock. */
      wealth_reduction: number;
      /** PovertyRate_B shocked − baseline at the end of the shock (≥ 0). */
      poverty_increase: number;
      /** Weeks after the shock ends until AvgWealth_B is within 5% of the baseline; null if not within the horizon. */
      recovery_time: number | null;
    };
  };
  recovery_metrics: { recovery_rate: number; resilience_score: number };
  recommendations: string[];
  baseline: SimulationResult;
  shocked: SimulationResult;
}

/**
 * Baseline and shocked runs share the seed and run index (common random numbers) and the same
 * length, so they are identical until the shock starts and are compared week for week. The shock
 * applies only inside its window (fixes §7 item 18).
 */
export function runShockTest(input: ShockTestInput, opts: SeedOptions): ShockTestResult {
  const start = input.startWeek ?? 52;
  const dur = input.duration;
  const after = input.recoveryWeeks ?? 26;
  if (!(Number.isInteger(dur) && dur >= 1 && dur <= 520)) throw new RangeError(`duration must be an integer between 1 and 520; got ${dur}`);
  if (!(Number.isInteger(start) && start >= 0 && start <= 2000)) throw new RangeError(`startWeek must be an integer between 0 and 2000; got ${start}`);
  if (!(Number.isInteger(after) && after >= 0 && after <= 520)) throw new RangeError(`recoveryWeeks must be an integer between 0 and 520; got ${after}`);
  const weeks = start + dur + after;
  const params = parseParams({ ...(input.params ?? {}), SIMULATION_WEEKS: weeks });
  const baseline = runSimulation(params, opts);
  const shocked = runSimulation(params, { ...opts, shock: { type: input.type, magnitude: input.magnitude, startWeek: start, duration: dur } });
  const bA = column(baseline, 'AvgWealth_B');
  const sA = column(shocked, 'AvgWealth_B');
  const end = start + dur;
  const gap = (w: number) => (bA[w] > 0 ? (bA[w] - sA[w]) / bA[w] : 0);
  const reduction = gap(end);
  const povInc = Math.max(0, column(shocked, 'PovertyRate_B')[end] - column(baseline, 'PovertyRate_B')[end]);
  let rt: number | null = null;
  for (let w = end; w <= weeks; w++) if (gap(w) <= 0.05) { rt = w - end; break; }
  const rate = rt !== null && rt > 0 ? (gap(end) - gap(end + rt)) / rt : 0;
  const rtForScore = rt ?? Math.max(52, after + 1);
  const resilience = 0.6 * (1 - Math.min(1, 2 * Math.max(0, reduction))) + 0.4 * (1 - Math.min(1, rtForScore / 52));
  const rec: string[] = [];
  if (reduction > 0.2) rec.push('Build emergency reserves');
  // Upstream: rt > 2·duration with rt counted from the shock's start; ours counts from its end.
  if (rt === null || rt > dur) rec.push('Diversify income sources');
  if (column(shocked, 'Gini_B')[end] > 1.1 * column(baseline, 'Gini_B')[end]) rec.push('Strengthen mutual aid mechanisms');
  if (input.type === 'cost_increase' && input.magnitude > 0.15) rec.push('Increase local production capacity');
  if (!rec.length) rec.push('Maintain current reserves and monitor member budgets', 'Review co-op savings rates periodically');
  return {
    shock_results: { shock_type: input.type, magnitude: input.magnitude, duration: dur, start_week: start, impact: { wealth_reduction: reduction, poverty_increase: povInc, recovery_time: rt } },
    recovery_metrics: { recovery_rate: rate, resilience_score: resilience },
    recommendations: rec,
    baseline,
    shocked,
  };
}

// ---- §5.4 current metrics -------------------------------------------------------------------

export interface CurrentMetrics {
  week: number;
  system_health: number;
  market_efficiency: number;
  resilience_score: number;
  /** Simple (not compounded) yearly growth of AvgWealth_B over the second half: (L − mid)/mid/(weeks between) × 52 (§5.4). */
  growth_rate: number;
  trends: { avg_wealth_b: number; gini_b: number; poverty_rate_b: number; resilience: number };
  warnings: string[];
  recommendations: string[];
}

/** Dashboard summary of a run (upstream ran a fixed 52-week default run; pass any result). */
export function computeCurrentMetrics(r: SimulationResult): CurrentMetrics {
  const L = r.weeks;
  const mid = Math.floor(L / 2);
  const v = (name: Parameters<typeof column>[1], w: number) => r.metrics[M[name]][w];
  const povB = v('PovertyRate_B', L);
  const ssn = v('SocialSafetyNet', L);
  const cr = v('CommunityResilience', L);
  const giniB = v('Gini_B', L);
  const health = 0.4 * (1 - povB) + 0.3 * ssn + 0.3 * cr;
  const ev = v('EconomicVelocity', L);
  const me = v('MarketEfficiency', L);
  const market = 0.5 * (Number.isFinite(ev) ? ev : 0) + 0.3 * (Number.isFinite(me) ? me : 0) + 0.2 * (1 - Math.min(0.5, giniB));
  const rr = v('RiskResilience', L);
  const resilience = 0.4 * rr + 0.3 * cr + 0.3 * ssn;
  const abMid = v('AvgWealth_B', mid);
  const growth = L > mid && abMid !== 0 ? ((v('AvgWealth_B', L) - abMid) / abMid / (L - mid)) * 52 : 0;
  const relc = (name: Parameters<typeof column>[1]) => {
    const a = v(name, mid);
    return a !== 0 ? (v(name, L) - a) / Math.abs(a) : 0;
  };
  const warnings: string[] = [];
  if (giniB > 0.4) warnings.push(`High inequality: Gini B ${giniB.toFixed(3)} > 0.4`);
  if (povB > 0.15) warnings.push(`High poverty: ${(povB * 100).toFixed(1)}% of members below the poverty line`);
  if (growth < 0.01) warnings.push(`Low growth: ${(growth * 100).toFixed(2)}% a year`);
  const recs: string[] = [];
  if (v('LocalEconomyStrength', L) < 0.5) recs.push('Increase internal spending through the co-op');
  if (giniB > 0.35) recs.push('Consider progressive token rewards to reduce inequality');
  if (rr < 0.7) recs.push('Strengthen reserves to improve risk resilience');
  if (!recs.length) recs.push('Monitor GroToken value');
  return {
    week: L,
    system_health: health,
    market_efficiency: market,
    resilience_score: resilience,
    growth_rate: growth,
    trends: { avg_wealth_b: relc('AvgWealth_B'), gini_b: relc('Gini_B'), poverty_rate_b: relc('PovertyRate_B'), resilience: relc('CommunityResilience') },
    warnings,
    recommendations: recs,
  };
}
