// Sensitivity analysis (spec/engine.md §5.5), done with seeds, replicates and intervals.

import { DEFAULT_PARAMS, PARAM_SPECS, parseParams, type ParamName, type SimParams } from './params';
import type { MetricName } from './metrics';
import { meanCI, type MeanCI } from './stats';

export const SENSITIVITY_DOC = `### Sensitivity analysis: semantics

- **Output.** One final-week metric per run, by default \`WealthDifference\` = TotalWealth_B − TotalWealth_A (the "D" of upstream).
- **Points.** The baseline (the base parameters) plus either *one-at-a-time* variations (each parameter
  varied alone, the others at base) or a *Cartesian grid* (every combination of the listed values).
- **Replicates and common random numbers.** Every point is run R times with run indices 0…R−1 and the
  same seed. Replicate r of every point uses the same random streams (initial traits per member and
  the weekly reward draws), so differences between points come from the parameters, not from noise.
- **Intervals.** For each point: mean, sample sd and a two-sided Student-t confidence interval of the
  mean (default 95%, n−1 degrees of freedom, n = R). A replicate whose output is undefined (WealthGap
  when the bottom 20% hold nothing) is left out, and n counts the replicates that remain; a paired
  difference uses the replicates where both values are defined. For each variation: the *paired* difference to the
  baseline (replicate by replicate), with its own t interval; thanks to the common random numbers
  it is much tighter than the difference of two independent means. No interval with R = 1.
- **Elasticity (one-at-a-time).** Per variation: (ΔD / |D₀|) / ((v − v₀) / |v₀|). The parameter's
  coefficient is the mean over variations with v ≠ v₀ (the base value is excluded from both the sum
  and the count; upstream counted it as 0). When v₀ = 0 the elasticity is undefined and only the
  slope is reported. Slope: least-squares ΔD per unit of the parameter. Ranking by |coefficient|
  (then |slope|).
- **Grid.** Every cell reports mean, CI and the paired difference to the baseline.
- **Reproducible.** Same spec + seed ⇒ identical numbers, in-process or on the worker pool.`;

export interface Variation {
  param: ParamName;
  values: number[];
}

export interface SensitivitySpec {
  base?: Partial<SimParams>;
  seed: number;
  /** Replicates per point (R ≥ 1). */
  replicates: number;
  output?: MetricName;
  /** One-at-a-time variations. */
  oat?: Variation[];
  /** Cartesian grid axes. */
  grid?: Variation[];
  confidence?: number;
}

/** Upstream's sweep, with the GroToken reward in its own units (0.5 default, not 5–25). */
export const DEFAULT_OAT: Variation[] = [
  { param: 'PERCENT_SPEND_INTERNAL_AVG', values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] },
  { param: 'GROUP_BUY_SAVINGS_PERCENT', values: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3] },
  { param: 'LOCAL_PRODUCTION_SAVINGS_PERCENT', values: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3] },
  { param: 'GROTOKEN_REWARD_PER_WEEK_AVG', values: [0.1, 0.25, 0.5, 1, 2] },
  { param: 'GROTOKEN_USD_VALUE', values: [1, 1.5, 2, 2.5, 3] },
  { param: 'NUM_MEMBERS', values: [20, 50, 100, 200, 500] },
  { param: 'INITIAL_WEALTH_SIGMA_LOG', values: [0.3, 0.6, 0.9, 1.2, 1.5] },
];

/** The grid both the Sensitivity view and `workbench sweep` start from: the two co-op levers (rows, then columns). */
export const DEFAULT_GRID: Variation[] = [
  { param: 'GROUP_BUY_SAVINGS_PERCENT', values: [0.05, 0.15, 0.25] },
  { param: 'PERCENT_SPEND_INTERNAL_AVG', values: [0.2, 0.4, 0.6, 0.8] },
];

export interface SensitivityPoint {
  /** 'baseline', 'oat', or 'grid'. */
  kind: 'baseline' | 'oat' | 'grid';
  overrides: Partial<SimParams>;
  params: SimParams;
}

export interface SensitivityJob {
  point: number;
  replicate: number;
  params: SimParams;
  seed: number;
  runIndex: number;
}

export interface SensitivityPlan {
  points: SensitivityPoint[];
  jobs: SensitivityJob[];
}

function checkSpec(spec: SensitivitySpec): void {
  if (!(Number.isInteger(spec.replicates) && spec.replicates >= 1 && spec.replicates <= 10_000)) {
    throw new RangeError(`replicates must be an integer between 1 and 10000; got ${spec.replicates}`);
  }
  for (const v of [...(spec.oat ?? []), ...(spec.grid ?? [])]) {
    if (!Object.hasOwn(PARAM_SPECS, v.param)) throw new RangeError(`unknown parameter ${String(v.param)}`);
    if (!v.values.length) throw new RangeError(`${v.param}: at least one value is needed`);
  }
  const cells = (spec.grid ?? []).reduce((a, v) => a * v.values.length, 1);
  if (cells > 100_000) throw new RangeError(`grid has ${cells} cells; the maximum is 100000`);
}

export function planSensitivity(spec: SensitivitySpec): SensitivityPlan {
  checkSpec(spec);
  const base = parseParams({ ...DEFAULT_PARAMS, ...(spec.base ?? {}) });
  const points: SensitivityPoint[] = [{ kind: 'baseline', overrides: {}, params: base }];
  for (const v of spec.oat ?? []) {
    for (const value of v.values) {
      const o = { [v.param]: value } as Partial<SimParams>;
      points.push({ kind: 'oat', overrides: o, params: parseParams({ ...base, ...o }) });
    }
  }
  const axes = spec.grid ?? [];
  if (axes.length) {
    const idx = axes.map(() => 0);
    for (;;) {
      const o: Partial<SimParams> = {};
      axes.forEach((a, k) => (o[a.param] = a.values[idx[k]]));
      points.push({ kind: 'grid', overrides: o, params: parseParams({ ...base, ...o }) });
      let k = axes.length - 1;
      while (k >= 0 && ++idx[k] === axes[k].values.length) idx[k--] = 0;
      if (k < 0) break;
    }
  }
  const jobs: SensitivityJob[] = [];
  points.forEach((pt, i) => {
    for (let r = 0; r < spec.replicates; r++) jobs.push({ point: i, replicate: r, params: pt.params, seed: spec.seed, runIndex: r });
  });
  return { points, jobs };
}

export interface PointResult {
  kind: SensitivityPoint['kind'];
  overrides: Partial<SimParams>;
  stats: MeanCI;
  /** Paired difference to the baseline (same replicate). */
  diff: MeanCI;
  percentChange: number;
}

export interface ParameterSensitivity {
  param: ParamName;
  baseValue: number;
  points: { value: number; mean: number; ci: [number, number]; diff: MeanCI; percentChange: number; elasticity: number }[];
  coefficient: number;
  slope: number;
}

export interface SensitivityResult {
  output: MetricName;
  replicates: number;
  confidence: number;
  baseline: MeanCI;
  points: PointResult[];
  parameters: ParameterSensitivity[];
  rankings: { param: ParamName; coefficient: number; slope: number }[];
}

/** outputs[job] = the output metric of plan.jobs[job]. */
export function analyzeSensitivity(spec: SensitivitySpec, plan: SensitivityPlan, outputs: ArrayLike<number>): SensitivityResult {
  const R = spec.replicates;
  const level = spec.confidence ?? 0.95;
  const byPoint = plan.points.map(() => new Float64Array(R));
  plan.jobs.forEach((j, k) => (byPoint[j.point][j.replicate] = outputs[k]));
  const base = byPoint[0];
  // An output can be undefined in a replicate (WealthGap is NaN when the bottom 20% hold nothing):
  // summarise the defined values only, n counting them (as simulate's `final` does); a paired
  // difference uses the replicates where both the point and the baseline are defined.
  const defined = (xs: Float64Array) => xs.filter(Number.isFinite);
  const baseline = meanCI(defined(base), level);
  const points: PointResult[] = plan.points.map((pt, i) => {
    const d = new Float64Array(R);
    for (let r = 0; r < R; r++) d[r] = byPoint[i][r] - base[r];
    const diff = meanCI(defined(d), level);
    return {
      kind: pt.kind,
      overrides: pt.overrides,
      stats: meanCI(defined(byPoint[i]), level),
      diff,
      percentChange: baseline.mean !== 0 ? diff.mean / Math.abs(baseline.mean) : NaN,
    };
  });
  const parameters: ParameterSensitivity[] = [];
  let cursor = 1;
  for (const v of spec.oat ?? []) {
    const b0 = plan.points[0].params[v.param];
    const rows: ParameterSensitivity['points'] = [];
    let eSum = 0;
    let eCount = 0;
    let sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const value of v.values) {
      const pr = points[cursor++];
      const dv = value - b0;
      const elasticity = dv !== 0 && b0 !== 0 && baseline.mean !== 0 ? pr.percentChange / (dv / Math.abs(b0)) : NaN;
      if (Number.isFinite(elasticity)) {
        eSum += elasticity;
        eCount++;
      }
      sx += value; sy += pr.diff.mean; sxx += value * value; sxy += value * pr.diff.mean;
      rows.push({ value, mean: pr.stats.mean, ci: [pr.stats.lo, pr.stats.hi], diff: pr.diff, percentChange: pr.percentChange, elasticity });
    }
    const m = v.values.length;
    const den = m * sxx - sx * sx;
    parameters.push({ param: v.param, baseValue: b0, points: rows, coefficient: eCount ? eSum / eCount : NaN, slope: den !== 0 ? (m * sxy - sx * sy) / den : NaN });
  }
  const mag = (x: number) => (Number.isFinite(x) ? Math.abs(x) : -1);
  const rankings = parameters
    .map((p) => ({ param: p.param, coefficient: p.coefficient, slope: p.slope }))
    .sort((a, b) => mag(b.coefficient) - mag(a.coefficient) || mag(b.slope) - mag(a.slope));
  return { output: spec.output ?? 'WealthDifference', replicates: R, confidence: level, baseline, points, parameters, rankings };
}

/** A run returning its final-week metrics (in-process runSimulation, or a pool call). */
export type RunOne = (params: SimParams, seed: number, runIndex: number) => Partial<Record<MetricName, number>> | Promise<Partial<Record<MetricName, number>>>;

/**
 * Plans, runs and analyses. `runMany` (optional) executes all jobs at once (e.g. on the pool);
 * otherwise `runOne` is called job by job, in order.
 */
export async function runSensitivity(
  spec: SensitivitySpec,
  runOne: RunOne,
  runMany?: (jobs: SensitivityJob[]) => Promise<Partial<Record<MetricName, number>>[]>,
): Promise<SensitivityResult> {
  const plan = planSensitivity(spec);
  const output = spec.output ?? 'WealthDifference';
  const finals = runMany ? await runMany(plan.jobs) : [];
  if (!runMany) for (const j of plan.jobs) finals.push(await runOne(j.params, j.seed, j.runIndex));
  const outs = finals.map((f, k) => {
    const v = f[output];
    if (typeof v !== 'number') throw new Error(`job ${k} returned no ${output}`);
    return v;
  });
  return analyzeSensitivity(spec, plan, outs);
}
