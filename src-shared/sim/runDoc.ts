/**
 * The stored, JSON-safe document of a run: what the Analysis view, reports and exports read.
 * Built from engine results (never sample numbers). NaN/±Infinity become null.
 *
 * - `weekly[metric]`: one value per week (index = week, 0 = initial state). For a Monte Carlo set it
 *   is the across-run mean; `bands` then holds p5/p50/p95 per week.
 * - `final[metric]`: {n, mean, sd, p5, p50, p95} over runs (n = 1 for a single run).
 * - `detail`: the full story of one run (run index `detail.runIndex`, recomputable from the seed):
 *   key events, narrative, a member sample, wealth histograms, flows and the math check. In a Monte
 *   Carlo set the narrative and key events are those of the per-week mean (`storyOf: 'mean'`), so
 *   they agree with the set's summary beside them; the rest is the representative run's.
 */
import { BAND_METRICS, buildNarrative, detectKeyEvents, evaluateMathTest, finalMetrics, METRIC_NAMES, summarize, toJsonSafe, type AggregateResult, M, type MetricName, type SimulationResult } from '../engine';

export const MEMBER_SAMPLE = 500;
export const HIST_BINS = 40;

export interface MetricFinal {
  n: number;
  mean: number | null;
  sd: number | null;
  p5: number | null;
  p50: number | null;
  p95: number | null;
}

export interface RunDetailDoc {
  runIndex: number;
  /**
   * What the narrative and key events describe: the run `runIndex` (single runs, and Monte Carlo sets
   * stored before this field), or the per-week mean of a Monte Carlo set's runs.
   */
  storyOf?: 'run' | 'mean';
  keyEvents: SimulationResult['keyEvents'];
  narrative: SimulationResult['narrative'];
  /** Up to MEMBER_SAMPLE members (evenly spaced ids) with their final state. */
  members: { id: string; wealthA: number; wealthB: number; foodUsdB: number; tokens: number; income: number; budget: number; propensity: number }[];
  memberCount: number;
  /** Histograms of final wealth over ALL members, same bin edges for A and B. */
  histogram: { edges: number[]; countsA: number[]; countsB: number[] };
  flows: SimulationResult['flows'];
  mathCheck: ReturnType<typeof evaluateMathTest>;
  /** Weekly metrics of this one run (MC sets: the representative run). */
  weekly: Record<string, (number | null)[]>;
}

export interface RunDoc {
  kind: 'single' | 'montecarlo';
  model: string;
  seed: number;
  runs: number;
  completedRuns: number;
  params: Record<string, number>;
  metricNames: string[];
  weeks: number;
  members: number;
  weekly: Record<string, (number | null)[]>;
  bands: Record<string, { p5: (number | null)[]; p50: (number | null)[]; p95: (number | null)[] }> | null;
  final: Record<string, MetricFinal>;
  detail: RunDetailDoc | null;
  chain?: unknown;
  elapsedMs: number;
}

const num = (x: number) => (Number.isFinite(x) ? x : null);
const arr = (a: ArrayLike<number>) => Array.from(a, num);

export function weeklyOf(r: Pick<SimulationResult, 'metrics'>): Record<string, (number | null)[]> {
  const out: Record<string, (number | null)[]> = {};
  METRIC_NAMES.forEach((n, k) => (out[n] = arr(r.metrics[k])));
  return out;
}

function histogram(a: Float64Array, b: Float64Array, bins = HIST_BINS) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of [a, b]) for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  if (!Number.isFinite(lo)) return { edges: [], countsA: [], countsB: [] };
  if (hi === lo) hi = lo + 1;
  const w = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * w);
  const count = (x: Float64Array) => {
    const c = new Array<number>(bins).fill(0);
    for (let i = 0; i < x.length; i++) c[Math.min(bins - 1, Math.floor((x[i] - lo) / w))]++;
    return c;
  };
  return { edges, countsA: count(a), countsB: count(b) };
}

export function detailOf(r: SimulationResult): RunDetailDoc {
  const m = r.finalMembers;
  const n = r.members;
  const step = Math.max(1, n / MEMBER_SAMPLE);
  const members: RunDetailDoc['members'] = [];
  for (let k = 0; k < Math.min(n, MEMBER_SAMPLE); k++) {
    const i = Math.floor(k * step);
    members.push({ id: `M_${i}`, wealthA: m.wealthA[i], wealthB: m.wealthB[i], foodUsdB: m.foodUsdB[i], tokens: m.tokens[i], income: m.income[i], budget: m.budget[i], propensity: m.propensity[i] });
  }
  const fin = finalMetrics(r);
  return toJsonSafe({
    runIndex: r.runIndex,
    storyOf: 'run',
    keyEvents: r.keyEvents,
    narrative: r.narrative,
    members,
    memberCount: n,
    histogram: histogram(m.wealthA, m.wealthB),
    flows: r.flows,
    mathCheck: evaluateMathTest('custom', 'This run', r.params, r.model, fin),
    weekly: weeklyOf(r),
  }) as RunDetailDoc;
}

function finalsOfSingle(r: SimulationResult): Record<string, MetricFinal> {
  const out: Record<string, MetricFinal> = {};
  METRIC_NAMES.forEach((name, k) => {
    const s = summarize([r.metrics[k][r.weeks]]);
    out[name] = { n: s.n, mean: num(s.mean), sd: num(s.sd), p5: num(s.p5), p50: num(s.p50), p95: num(s.p95) };
  });
  return out;
}

export function singleRunDoc(r: SimulationResult, elapsedMs: number): RunDoc {
  const detail = detailOf(r);
  return {
    kind: 'single',
    model: r.model,
    seed: r.seed,
    runs: 1,
    completedRuns: 1,
    params: { ...r.params },
    metricNames: [...METRIC_NAMES],
    weeks: r.weeks,
    members: r.members,
    weekly: detail.weekly,
    bands: null,
    final: finalsOfSingle(r),
    detail,
    elapsedMs,
  };
}

export function monteCarloDoc(opts: {
  agg: AggregateResult;
  model: string;
  seed: number;
  runs: number;
  params: Record<string, number>;
  members: number;
  representative: SimulationResult | null;
  elapsedMs: number;
}): RunDoc {
  const { agg } = opts;
  const weekly: RunDoc['weekly'] = {};
  const bands: NonNullable<RunDoc['bands']> = {};
  const final: RunDoc['final'] = {};
  agg.metricNames.forEach((name, k) => {
    weekly[name] = arr(agg.mean[k]);
    const f = agg.final[name as MetricName];
    final[name] = { n: f.n, mean: num(f.mean), sd: num(f.sd), p5: num(f.p5), p50: num(f.p50), p95: num(f.p95) };
    // The aggregator estimates bands only for the charted key metrics (BAND_METRICS); past the first
    // EXACT_RUNS runs from binned values (within a bin of the exact percentile). The final week's
    // percentiles are known exactly (`final`, from every run's final value): the bands end on them,
    // so a band's last point and the final-week table beside it say the same (a 200-run set's
    // binned p95 of average wealth A read $14,645 beside the table's $14,652, and a poverty rate
    // of 50 members, a multiple of 2%, read 6.1%).
    if ((BAND_METRICS as readonly string[]).includes(name)) {
      const band = { p5: arr(agg.p5[k]), p50: arr(agg.p50[k]), p95: arr(agg.p95[k]) };
      const last = agg.weeks;
      if (f.n > 0 && band.p5.length === last + 1) {
        band.p5[last] = final[name].p5;
        band.p50[last] = final[name].p50;
        band.p95[last] = final[name].p95;
      }
      bands[name] = band;
    }
  });
  return {
    kind: 'montecarlo',
    model: opts.model,
    seed: opts.seed,
    runs: opts.runs,
    completedRuns: agg.runs,
    params: opts.params,
    metricNames: [...agg.metricNames],
    weeks: agg.weeks,
    members: opts.members,
    weekly,
    bands,
    final,
    detail: opts.representative ? { ...detailOf(opts.representative), ...meanStory(agg) } : null,
    elapsedMs: opts.elapsedMs,
  };
}

/**
 * A Monte Carlo set's narrative and key events, read from the per-week mean of its runs (the same
 * rules as a single run's, on the mean trajectory): the story then says what the set's summary
 * says, instead of one run's figures beside the set's.
 */
export function meanStory(agg: Pick<AggregateResult, 'metricNames' | 'mean' | 'weeks'>): Pick<RunDetailDoc, 'storyOf' | 'keyEvents' | 'narrative'> {
  const cols = METRIC_NAMES.map((name) => {
    const k = agg.metricNames.indexOf(name);
    return k >= 0 ? agg.mean[k] : new Float64Array(agg.weeks + 1).fill(NaN);
  });
  const keyEvents = detectKeyEvents(cols[M.Gini_B], cols[M.PovertyRate_B], agg.weeks);
  return toJsonSafe({ storyOf: 'mean' as const, keyEvents, narrative: buildNarrative(cols, agg.weeks, keyEvents) }) as Pick<RunDetailDoc, 'storyOf' | 'keyEvents' | 'narrative'>;
}

const QUINTILE_POINTS = ['P20', 'P40', 'P60', 'P80'] as const;

/**
 * The `simulate --json` contract: {runId, params, model, seed, runs, final: {METRIC: {mean, sd, p5,
 * p50, p95, n}}, weekly: [{Week, METRIC…}]}. A weekly row also carries WealthQuintiles_A/B as the
 * spec's (and the original model's history's) 4-element arrays [p20, p40, p60, p80], beside the
 * four WealthQuintiles_X_P20…P80 columns they are made of.
 */
export function cliJson(runId: number | null, doc: RunDoc) {
  const weekly: Record<string, number | null | (number | null)[]>[] = [];
  for (let w = 0; w <= doc.weeks; w++) {
    const row: Record<string, number | null | (number | null)[]> = {};
    for (const name of doc.metricNames) row[name] = doc.weekly[name]?.[w] ?? null;
    for (const x of ['A', 'B']) {
      const q = QUINTILE_POINTS.map((p) => doc.weekly[`WealthQuintiles_${x}_${p}`]?.[w] ?? null);
      if (q.some((v) => v !== null)) row[`WealthQuintiles_${x}`] = q;
    }
    weekly.push(row);
  }
  // n = the runs in which the metric is defined (WealthGap is undefined when the bottom 20% hold
  // nothing), so a mean over 2 of 50 runs says so.
  const final: Record<string, { mean: number | null; sd: number | null; p5: number | null; p50: number | null; p95: number | null; n: number }> = {};
  for (const [k, f] of Object.entries(doc.final)) final[k] = { mean: f.mean, sd: f.sd, p5: f.p5, p50: f.p50, p95: f.p95, n: f.n };
  return {
    runId,
    params: doc.params,
    model: doc.model,
    seed: doc.seed,
    runs: doc.runs,
    completedRuns: doc.completedRuns,
    final,
    weekly,
    ...(doc.bands ? { bands: doc.bands } : {}),
    ...(doc.chain ? { chain: doc.chain } : {}),
  };
}

/** What a document's narrative and key events describe, in words ("the mean of 576 runs", "run 0"). */
export function storySubject(doc: Pick<RunDoc, 'kind' | 'completedRuns' | 'runs'>, d: Pick<RunDetailDoc, 'storyOf' | 'runIndex'>): string | null {
  if (doc.kind !== 'montecarlo') return null;
  return d.storyOf === 'mean' ? `the week-by-week mean of ${doc.completedRuns.toLocaleString('en-US')} runs` : `run ${d.runIndex} of the set`;
}
