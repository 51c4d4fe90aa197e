// Preset "math tests" (spec/engine.md §5.6): simulated D = TotalWealth_B − TotalWealth_A at the
// final week against an expected D, with an error threshold and a 0–100 score.
//
// Two expectations are reported for every preset:
// - analyticD: our closed form of the reference rules (§3.2) for members who stay solvent:
//   N × weeks × (s·E[budget]·E[p] − fee + price·E[max(0, reward)]), with s the averaged discount,
//   E[budget] of the floored normal and E[p] of the clipped normal. Exact in expectation while
//   everybody stays solvent; it overstates D when members run dry (downturn presets).
// - finalModelD: upstream's "final" curve-fit model (a fit to the Next.js engine, with its 0.7
//   fudge factor), kept because the published tables use it.
// The test compares against analyticD for model 'reference' and finalModelD for 'nextjs'.
// Threshold: upstream determineErrorThreshold. Score (the MathModelService recipe, one of the
// three upstream recipes, §5.6): 40 direction (D > 0) + 40 consistency (40 if error ≤ threshold,
// else 40·max(0, 2 − error/threshold)) + 20 magnitude (per-member D in [0.5·income, 0.5·income·weeks]).

import { type ModelId, type SimParams } from './params';
import { PRESETS, applyPreset } from './presets';
import { meanClipped, meanFloored } from './stats';
import type { MetricName } from './metrics';

export function analyticWeeklyGain(p: SimParams): number {
  const s = (p.GROUP_BUY_SAVINGS_PERCENT + p.LOCAL_PRODUCTION_SAVINGS_PERCENT) / 2;
  const eBudget = meanFloored(p.WEEKLY_FOOD_BUDGET_AVG, p.WEEKLY_FOOD_BUDGET_STDDEV, p.MIN_WEEKLY_BUDGET);
  const eProp = meanClipped(p.PERCENT_SPEND_INTERNAL_AVG, p.PERCENT_SPEND_INTERNAL_STDDEV, 0, 1);
  const eReward = meanFloored(p.GROTOKEN_REWARD_PER_WEEK_AVG, p.GROTOKEN_REWARD_STDDEV, 0);
  return s * eBudget * eProp - p.WEEKLY_COOP_FEE_B + p.GROTOKEN_USD_VALUE * eReward;
}

export function analyticExpectedD(p: SimParams): number {
  return analyticWeeklyGain(p) * p.NUM_MEMBERS * p.SIMULATION_WEEKS;
}

/** Upstream final-math-model.ts expected D. */
export function finalModelExpectedD(p: SimParams): number {
  const S = p.GROUP_BUY_SAVINGS_PERCENT + p.LOCAL_PRODUCTION_SAVINGS_PERCENT;
  const N = p.NUM_MEMBERS;
  const a = p.PERCENT_SPEND_INTERNAL_AVG;
  const r = p.WEEKLY_INCOME_AVG / p.WEEKLY_FOOD_BUDGET_AVG;
  const sigma = p.INITIAL_WEALTH_SIGMA_LOG;
  const base = S * (1 - 0.3 * S);
  const size = N <= 20 ? 0.8 : N <= 50 ? 0.9 : N <= 200 ? 0.95 : N <= 500 ? 0.98 : 0.95;
  const part = a < 0.3 ? 1 + 0.2 * a : a < 0.6 ? 1 + 0.3 * a : 1.18 + 0.2 * (a - 0.6);
  const stress = r < 1.3 ? 1.7 : r < 1.6 ? 1.5 : r < 1.8 ? 1.3 : 1;
  const ineq = sigma > 1.4 ? 1.35 : sigma > 1.1 ? 1.25 : sigma > 0.8 ? 1.1 : 1.0;
  const x = size * part * stress * ineq;
  const damp = x <= 1.8 ? x : x <= 2.3 ? 1.8 + 0.7 * (x - 1.8) : 2.15 + 0.5 * (x - 2.3);
  let rate = base * damp;
  if (N <= 50 && a >= 0.6) rate *= 1.05;
  else if (N >= 200 && a <= 0.4) rate *= 0.85;
  else if (N >= 200 && a >= 0.6) rate *= 0.9;
  if (S > 0.4) rate *= 0.85;
  else if (S > 0.3) rate *= 0.9;
  const benefit = 0.7 * (p.WEEKLY_FOOD_BUDGET_AVG * a * rate + p.GROTOKEN_REWARD_PER_WEEK_AVG * p.GROTOKEN_USD_VALUE - p.WEEKLY_COOP_FEE_B);
  return benefit * p.SIMULATION_WEEKS * N;
}

/** Upstream determineErrorThreshold. */
export function errorThreshold(p: SimParams): number {
  const r = p.WEEKLY_INCOME_AVG / p.WEEKLY_FOOD_BUDGET_AVG;
  let t = 0.15;
  if (r < 1.3) t += 0.35;
  else if (r < 1.6) t += 0.25;
  else if (r < 1.8) t += 0.15;
  if (p.INITIAL_WEALTH_SIGMA_LOG > 1.4) t += 0.15;
  else if (p.INITIAL_WEALTH_SIGMA_LOG > 1.1) t += 0.1;
  if (p.NUM_MEMBERS > 200) t += 0.15;
  else if (p.NUM_MEMBERS < 30) t += 0.1;
  if (p.SIMULATION_WEEKS > 200) t += 0.1;
  return t;
}

export interface MathTestRow {
  presetId: string;
  name: string;
  model: ModelId;
  actualD: number;
  analyticD: number;
  finalModelD: number;
  expectedD: number;
  error: number;
  threshold: number;
  pass: boolean;
  direction: boolean;
  giniImproved: boolean;
  magnitude: boolean;
  score: number;
}

type Finals = Pick<Record<MetricName, number>, 'WealthDifference' | 'Gini_A' | 'Gini_B'>;

export function evaluateMathTest(presetId: string, name: string, p: SimParams, model: ModelId, final: Finals): MathTestRow {
  const analyticD = analyticExpectedD(p);
  const finalModelD = finalModelExpectedD(p);
  const expectedD = model === 'reference' ? analyticD : finalModelD;
  const actualD = final.WealthDifference;
  const error = expectedD !== 0 ? Math.abs(actualD - expectedD) / Math.abs(expectedD) : Infinity;
  const threshold = errorThreshold(p);
  const pass = error <= threshold;
  const direction = actualD > 0;
  const giniImproved = final.Gini_B < final.Gini_A;
  const perMember = actualD / p.NUM_MEMBERS;
  const magnitude = perMember >= 0.5 * p.WEEKLY_INCOME_AVG && perMember <= 0.5 * p.WEEKLY_INCOME_AVG * p.SIMULATION_WEEKS;
  const ratio = error / threshold;
  const consistency = pass ? 40 : 40 * Math.max(0, 2 - ratio);
  const score = (direction ? 40 : 0) + consistency + (magnitude ? 20 : 0);
  return { presetId, name, model, actualD, analyticD, finalModelD, expectedD, error, threshold, pass, direction, giniImproved, magnitude, score };
}

export interface MathTestSummary {
  rows: MathTestRow[];
  passCount: number;
  averageScore: number;
  /** Counts of error % in 0-5, 5-10, 10-20, 20-50, 50-100, >100. */
  errorBuckets: number[];
}

export function summarizeMathTests(rows: MathTestRow[]): MathTestSummary {
  const buckets = [0, 0, 0, 0, 0, 0];
  for (const r of rows) {
    const e = r.error * 100;
    buckets[e < 5 ? 0 : e < 10 ? 1 : e < 20 ? 2 : e < 50 ? 3 : e <= 100 ? 4 : 5]++;
  }
  return {
    rows,
    passCount: rows.filter((r) => r.pass).length,
    averageScore: rows.reduce((a, r) => a + r.score, 0) / Math.max(1, rows.length),
    errorBuckets: buckets,
  };
}

/** Runs every preset once through `runOne` (seeded) and scores it. */
export async function runPresetMathTests(
  runOne: (params: SimParams, seed: number, runIndex: number) => Finals | Promise<Finals>,
  opts: { seed: number; model: ModelId; runIndex?: number },
): Promise<MathTestSummary> {
  const rows: MathTestRow[] = [];
  for (const preset of PRESETS) {
    const p = applyPreset(preset.id);
    const final = await runOne(p, opts.seed, opts.runIndex ?? 0);
    rows.push(evaluateMathTest(preset.id, preset.name, p, opts.model, final));
  }
  return summarizeMathTests(rows);
}
