import { z } from 'zod';
import type { ProjectionModel, ProjectionModelInput, SimulationSettingsInput } from './schema';
import { formatZodIssues, parseModel, parseSettings, ProjectionInputError } from './schema';
import { simulateParsed } from './simulate';
import { DEFAULT_VALIDATION_RULES, type ValidationRules } from './validate';

/**
 * Seeded Monte Carlo over the three uncertain inputs of the projection model: growth rate,
 * participation and revenue per participant. Each run draws the three values once (parameter
 * uncertainty, not week-to-week noise) and runs the deterministic simulation.
 */

export const DistributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), value: z.number() }),
  z.object({ kind: z.literal('normal'), mean: z.number(), sd: z.number().min(0, { error: (i) => `sd must be ≥ 0 (got ${String(i.input)})` }) }),
  z
    .object({ kind: z.literal('uniform'), min: z.number(), max: z.number() })
    .refine((d) => d.min <= d.max, { error: 'uniform needs min ≤ max' }),
  z
    .object({ kind: z.literal('triangular'), min: z.number(), mode: z.number(), max: z.number() })
    .refine((d) => d.min <= d.mode && d.mode <= d.max, { error: 'triangular needs min ≤ mode ≤ max' }),
]);
export type Distribution = z.infer<typeof DistributionSchema>;

export const UncertaintySchema = z.object({
  growthRatePerWeek: DistributionSchema,
  participationRate: DistributionSchema,
  weeklyRevenuePerParticipant: DistributionSchema,
});
export type Uncertainty = z.infer<typeof UncertaintySchema>;

export const MonteCarloOptionsSchema = z.object({
  runs: z
    .number()
    .int()
    .min(1, { error: (i) => `runs must be between 1 and 100000 (got ${String(i.input)})` })
    .max(100_000, { error: (i) => `runs must be between 1 and 100000 (got ${String(i.input)})` })
    .default(1000),
  seed: z.number().int().min(0).max(0xffffffff).default(42),
  percentiles: z.array(z.number().min(0).max(100)).min(1).default([5, 50, 95]),
});
export type MonteCarloOptions = z.input<typeof MonteCarloOptionsSchema>;

/** mulberry32: small, fast, good enough for sampling; seeded so every result is reproducible. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sample(d: Distribution, rng: () => number): number {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return d.min + (d.max - d.min) * rng();
    case 'normal': {
      // Box–Muller; 1 − u keeps log away from 0.
      const u1 = 1 - rng();
      const u2 = rng();
      return d.mean + d.sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    case 'triangular': {
      const { min, mode, max } = d;
      if (max === min) return min;
      const u = rng();
      const f = (mode - min) / (max - min);
      return u < f ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
    }
  }
}

/**
 * Default uncertainty around a model: growth normal(g, 25 % of g), participation triangular
 * ±0.10, revenue per participant uniform ±20 %. Users can replace any of these.
 */
export function defaultUncertainty(m: ProjectionModelInput): Uncertainty {
  const g = m.growthRatePerWeek;
  const p = m.participationRate;
  const r = m.weeklyRevenuePerParticipant;
  return {
    growthRatePerWeek: { kind: 'normal', mean: g, sd: Math.abs(g) * 0.25 },
    participationRate: { kind: 'triangular', min: Math.max(0, p - 0.1), mode: p, max: Math.min(1, p + 0.1) },
    weeklyRevenuePerParticipant: { kind: 'uniform', min: r * 0.8, max: r * 1.2 },
  };
}

export interface PercentileBand {
  percentile: number;
  values: number[];
}

export interface MonteCarloResult {
  modelName: string;
  runs: number;
  seed: number;
  percentiles: number[];
  /** Per-week revenue bands, one per requested percentile (p5/p50/p95 by default). */
  weeklyRevenue: PercentileBand[];
  /** Per-week cumulative-profit bands. */
  cumulativeProfit: PercentileBand[];
  /** Break-even week per percentile; null when that percentile never breaks even. */
  breakEvenWeek: { percentile: number; week: number | null }[];
  /** Share of runs that never break even within the horizon. */
  neverBreakEvenShare: number;
  /** Σ revenue (cumulative) per percentile. */
  totalRevenue: { percentile: number; value: number }[];
  /** Probability of meeting each target (same rules as validate()). */
  probabilities: {
    /** Like-for-like: last-52-week revenue ≥ projectedYear5Revenue. */
    year5Revenue: number;
    /** Upstream comparison: cumulative revenue ≥ projectedYear5Revenue. */
    cumulativeRevenue: number;
    /** actual ROI ≥ roiSuccessFraction × projected ROI %. */
    roi: number;
    /** break-even months ≤ breakEvenTolerance × projected months. */
    breakEven: number;
    /** Both ROI and break-even (the validator's success rule). */
    success: number;
  };
}

/** Percentile with linear interpolation between order statistics (R type 7 / numpy default). */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo];
  const b = sorted[hi];
  // An exact order statistic needs no neighbour (0 × Infinity would be NaN next to a never-break-even run).
  if (h === lo || a === b) return a; // also keeps Infinity − Infinity out
  return a + (h - lo) * (b - a);
}

/**
 * Parses a Monte Carlo's inputs, throwing ProjectionInputError naming what is wrong: callers that
 * run the computation elsewhere (a worker thread) check here first, so errors read the same.
 */
export function checkMonteCarloInput(
  modelInput: ProjectionModelInput,
  uncertaintyInput: Uncertainty,
  optsInput: MonteCarloOptions,
  settingsInput: SimulationSettingsInput,
) {
  const model = parseModel(modelInput);
  const settings = parseSettings(settingsInput);
  const u = UncertaintySchema.safeParse(uncertaintyInput);
  if (!u.success) throw new ProjectionInputError(`invalid uncertainty:\n${formatZodIssues(u.error, 'uncertainty')}`);
  const o = MonteCarloOptionsSchema.safeParse(optsInput);
  if (!o.success) throw new ProjectionInputError(`invalid Monte Carlo options:\n${formatZodIssues(o.error, 'options')}`);
  return { model, settings, uncertainty: u.data, options: o.data };
}

export function runMonteCarlo(
  modelInput: ProjectionModelInput,
  uncertaintyInput: Uncertainty = defaultUncertainty(modelInput),
  optsInput: MonteCarloOptions = {},
  settingsInput: SimulationSettingsInput = {},
  rules: ValidationRules = DEFAULT_VALIDATION_RULES,
): MonteCarloResult {
  const { model, settings, uncertainty, options } = checkMonteCarloInput(modelInput, uncertaintyInput, optsInput, settingsInput);
  const { runs, seed, percentiles } = options;
  const weeks = settings.weeks;
  const rng = createRng(seed);

  // Week-major storage so each week's column can be sorted in place.
  const revenue = new Float64Array(weeks * runs);
  const cumProfit = new Float64Array(weeks * runs);
  const breakEven = new Float64Array(runs);
  const totals = new Float64Array(runs);
  const projectedROIPercent = model.projectedRiskAdjustedROI * 100;
  let hitY5 = 0;
  let hitCum = 0;
  let hitRoi = 0;
  let hitBe = 0;
  let hitBoth = 0;

  for (let r = 0; r < runs; r++) {
    // Draw in a fixed order so a seed always gives the same runs. Clamp to the schema's ranges.
    const g = Math.min(0.5, Math.max(-0.5, sample(uncertainty.growthRatePerWeek, rng)));
    const p = Math.min(1, Math.max(0, sample(uncertainty.participationRate, rng)));
    const rev = Math.max(0, sample(uncertainty.weeklyRevenuePerParticipant, rng));
    const m: ProjectionModel = { ...model, growthRatePerWeek: g, participationRate: p, weeklyRevenuePerParticipant: rev };
    const res = simulateParsed(m, settings);
    for (let w = 0; w < weeks; w++) {
      revenue[w * runs + r] = res.weeklyRevenue[w];
      cumProfit[w * runs + r] = res.cumulativeProfit[w];
    }
    breakEven[r] = res.breakEvenWeek ?? Infinity;
    totals[r] = res.finalRevenue;
    const y5 = res.year5Revenue >= model.projectedYear5Revenue;
    const cum = res.finalRevenue >= model.projectedYear5Revenue;
    const roi = res.actualROI >= rules.roiSuccessFraction * projectedROIPercent;
    const be =
      res.breakEvenWeek !== null &&
      res.breakEvenWeek / settings.weeksPerMonth <= rules.breakEvenTolerance * model.projectedBreakEvenMonths;
    if (y5) hitY5++;
    if (cum) hitCum++;
    if (roi) hitRoi++;
    if (be) hitBe++;
    if (roi && be) hitBoth++;
  }

  const bands = (data: Float64Array): PercentileBand[] => {
    const out = percentiles.map((percentile) => ({ percentile, values: new Array<number>(weeks) }));
    for (let w = 0; w < weeks; w++) {
      const col = data.subarray(w * runs, (w + 1) * runs).sort();
      for (const b of out) b.values[w] = percentileSorted(col, b.percentile);
    }
    return out;
  };
  breakEven.sort();
  totals.sort();
  let never = 0;
  for (const v of breakEven) if (v === Infinity) never++;

  return {
    modelName: model.name,
    runs,
    seed,
    percentiles,
    weeklyRevenue: bands(revenue),
    cumulativeProfit: bands(cumProfit),
    breakEvenWeek: percentiles.map((percentile) => {
      const v = percentileSorted(breakEven, percentile);
      return { percentile, week: Number.isFinite(v) ? v : null };
    }),
    neverBreakEvenShare: never / runs,
    totalRevenue: percentiles.map((percentile) => ({ percentile, value: percentileSorted(totals, percentile) })),
    probabilities: {
      year5Revenue: hitY5 / runs,
      cumulativeRevenue: hitCum / runs,
      roi: hitRoi / runs,
      breakEven: hitBe / runs,
      success: hitBoth / runs,
    },
  };
}
