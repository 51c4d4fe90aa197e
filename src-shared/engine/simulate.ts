// The simulation loop (spec/engine.md §3). Pure and deterministic: the same
// (params, model, seed, runIndex, shock) gives bit-identical results anywhere.
//
// State is struct-of-arrays (Float64Array per quantity). The weekly loop allocates nothing: each
// week's reward normals are drawn into one buffer from that week's own stream, then the member
// loop runs, then the metrics are computed from one sort per scenario.
//
// Randomness (our order, not upstream's; upstream is unseeded so no stream can be matched):
// - init stream (seed, runIndex, 0): per member in id order, 4 normals: log-wealth, budget,
//   propensity, income. Member i's traits therefore do not depend on NUM_MEMBERS.
// - week stream (seed, runIndex, 1+w): NUM_MEMBERS normals, member i's reward in week w+1.
// Upstream P1 also drew grotoken_usage_rate and two random placeholder metrics per week; we draw
// neither (they fed no rule and the metrics are now computed, §7 item 7).

import { M, METRIC_NAMES, TREND_BASES, lowerBound, quarterOf, sortedStats, trend, yearOf, type MetricName, type SortedStats } from './metrics';
import type { ModelId, SimParams } from './params';
import { parseParams } from './params';
import { INIT_STREAM, Rng, WEEK_STREAM_BASE } from './rng';
import { WeeklySorter, type SortStrategy } from './sort';
import { buildNarrative, detectKeyEvents, type KeyEvent, type Narrative } from './narrative';
import { nextjsFactors, type NextjsFactors } from './nextjs';

// Module-local aliases: some loaders (tsx/esbuild CJS) turn cross-module references into getter
// calls, which would sit in the per-week path.
const yearOfWeek = yearOf;
const quarterOfWeek = quarterOf;

export type ShockType = 'income_reduction' | 'cost_increase' | 'market_disruption';

/** A temporary shock: applies to weeks startWeek+1 … startWeek+duration (1-based), nowhere else. */
export interface ShockWindow {
  type: ShockType;
  /** 0…1: income × (1 − m), budget × (1 + m), or both at 0.7m / 0.5m for market_disruption. */
  magnitude: number;
  startWeek: number;
  duration: number;
}

export interface RunOptions {
  seed: number;
  runIndex?: number;
  model?: ModelId;
  /** Sort used for the order statistics; every strategy gives bit-identical metrics. */
  sort?: SortStrategy;
  shock?: ShockWindow;
  /**
   * Called after every simulated week (1…W) with read-only views of the member state, for the
   * contract-in-the-loop adapters. Absent (the default) the loop does no extra work, so results are
   * bit-identical to a run without a hook. The arrays are reused: copy what you keep.
   */
  onWeek?: (view: WeekView) => void;
  /** Called after every simulated week with its number (progress of a long single run); no effect on results. */
  onProgress?: (week: number) => void;
  /**
   * Write the metric columns into this buffer (≥ 53 × (weeks+1) × 8 bytes) instead of a new one:
   * a Monte Carlo worker recycles its buffers between chunks. The result's columns are views of it.
   */
  metricsBuffer?: ArrayBuffer;
  /**
   * Benchmarks: adds the milliseconds of each phase into timings[TIMING_PHASES index] (random
   * normals, member step, sort A, sort B, order statistics and metrics); the caller times the whole
   * run for the rest. Absent (the default), nothing is timed.
   */
  timings?: Float64Array;
}

/** The phases RunOptions.timings measures, in index order. */
export const TIMING_PHASES = ['random normals', 'member step', 'sort A', 'sort B', 'order statistics and metrics'] as const;

/** Member state after a week, struct-of-arrays (index = member id). */
export interface WeekView {
  week: number;
  members: number;
  /** Weekly income (the run's fixed income × this week's shock multiplier). */
  incomeMultiplier: number;
  income: Float64Array;
  budget: Float64Array;
  propensity: Float64Array;
  /** FoodUSD balance in B after the week. */
  foodUsdB: Float64Array;
  /** GroToken balance after the week, and this week's reward. */
  tokens: Float64Array;
  tokensEarned: Float64Array;
  /**
   * The co-op fee each member paid in B this week: min(fee, what was left after food spending), so
   * less than the fee (down to 0) for a member whose balance ran dry. Filled only when a hook is set.
   */
  feePaid: Float64Array;
}

export interface FinalMembers {
  /** Initial wealth (both scenarios start from it). */
  initialWealth: Float64Array;
  wealthA: Float64Array;
  wealthB: Float64Array;
  foodUsdB: Float64Array;
  tokens: Float64Array;
  income: Float64Array;
  budget: Float64Array;
  propensity: Float64Array;
}

/** Cumulative flows over the whole run (for Sankey/waterfall views), in $ unless noted. */
export interface FlowTotals {
  incomeA: number;
  incomeB: number;
  spendA: number;
  /** Food bought inside the co-op, at the discounted price actually paid. */
  spendInternalB: number;
  spendExternalB: number;
  /** Discount value realised on internal purchases (list price − price paid). */
  coopSavingsB: number;
  feesB: number;
  tokensMinted: number;
  tokenValueUsd: number;
  initialWealth: number;
  finalWealthA: number;
  finalFoodUsdB: number;
  finalWealthB: number;
}

export interface SimulationResult {
  model: ModelId;
  params: SimParams;
  seed: number;
  runIndex: number;
  members: number;
  weeks: number;
  shock: ShockWindow | null;
  metricNames: readonly MetricName[];
  /** metrics[k] is the column of metricNames[k], length weeks+1 (index = week, 0 = initial). */
  metrics: Float64Array[];
  keyEvents: KeyEvent[];
  narrative: Narrative;
  finalMembers: FinalMembers;
  flows: FlowTotals;
}

/** Reads one metric column by name. */
export function column(result: Pick<SimulationResult, 'metrics'>, name: MetricName): Float64Array {
  return result.metrics[M[name]];
}

/** Final-week value of every metric, by name. */
export function finalMetrics(result: Pick<SimulationResult, 'metrics' | 'weeks'>): Record<MetricName, number> {
  const out = {} as Record<MetricName, number>;
  METRIC_NAMES.forEach((n, k) => (out[n] = result.metrics[k][result.weeks]));
  return out;
}

export function shockMultipliers(shock: ShockWindow | null | undefined, week: number): [income: number, budget: number] {
  if (!shock || week <= shock.startWeek || week > shock.startWeek + shock.duration) return [1, 1];
  const m = shock.magnitude;
  switch (shock.type) {
    case 'income_reduction':
      return [1 - m, 1];
    case 'cost_increase':
      return [1, 1 + m];
    case 'market_disruption':
      return [1 - 0.7 * m, 1 + 0.5 * m];
  }
}

/**
 * Per-size scratch reused across runs (sorters, random streams, per-member constants): a Monte
 * Carlo worker runs thousands of same-size runs, and allocating these each time cost more than a
 * short run itself. Nothing here escapes a run; a re-entrant call (an onWeek hook that simulates)
 * gets a fresh workspace.
 */
class Workspace {
  readonly z: Float64Array;
  readonly costInt: Float64Array;
  readonly costExt: Float64Array;
  readonly listInt: Float64Array;
  /** Twice each member's initial average-tie rank (an integer, so rank sums are exact). */
  readonly rank0x2: Int32Array;
  readonly sorterA: WeeklySorter;
  readonly sorterB: WeeklySorter;
  /** Initial-trait normals, INIT_BLOCK members at a time. */
  readonly initZ: Float64Array;
  readonly initRng = new Rng(0, 0, INIT_STREAM);
  readonly weekRng = new Rng(0, 0, WEEK_STREAM_BASE);
  /** The member step's scalar inputs (K_IM…K_SHIFT). */
  readonly stepK = new Float64Array(7);
  /** Column views of recycled metric buffers (a worker cycles through a few of them). */
  readonly views = new WeakMap<ArrayBuffer, Float64Array[]>();
  busy = false;
  constructor(readonly n: number) {
    this.z = new Float64Array(n);
    this.initZ = new Float64Array(4 * Math.min(n, INIT_BLOCK));
    this.costInt = new Float64Array(n);
    this.costExt = new Float64Array(n);
    this.listInt = new Float64Array(n);
    this.rank0x2 = new Int32Array(n);
    this.sorterA = new WeeklySorter(n);
    this.sorterB = new WeeklySorter(n);
  }
}
let cachedWorkspace: Workspace | null = null;
const INIT_BLOCK = 1024;

function acquireWorkspace(n: number): Workspace {
  const c = cachedWorkspace;
  if (c && !c.busy && c.n === n) {
    c.sorterA.reset();
    c.sorterB.reset();
    c.busy = true;
    return c;
  }
  const ws = new Workspace(n);
  if (!c || !c.busy) cachedWorkspace = ws;
  ws.busy = true;
  return ws;
}

export function runSimulation(paramsInput: Partial<SimParams> | SimParams, opts: RunOptions): SimulationResult {
  const p = parseParams(paramsInput);
  const model: ModelId = opts.model ?? 'reference';
  const runIndex = opts.runIndex ?? 0;
  const seed = opts.seed;
  const shock = opts.shock ?? null;
  if (shock) validateShock(shock);
  const ws = acquireWorkspace(p.NUM_MEMBERS);
  try {
    return simulate(p, model, seed, runIndex, opts.sort ?? 'auto', shock, opts.onWeek, ws, opts.metricsBuffer, opts.timings ?? null, opts.onProgress ?? null);
  } finally {
    ws.busy = false;
  }
}

function simulate(
  p: SimParams, model: ModelId, seed: number, runIndex: number, strategy: SortStrategy, shock: ShockWindow | null,
  onWeek: ((view: WeekView) => void) | undefined, ws: Workspace, metricsBuffer: ArrayBuffer | undefined, T: Float64Array | null,
  onProgress: ((week: number) => void) | null,
): SimulationResult {
  const n = p.NUM_MEMBERS;
  const W = p.SIMULATION_WEEKS;

  // ---- state (returned as finalMembers: one buffer, eight views) ------------------------------
  const stateBuf = new ArrayBuffer(8 * n * 8);
  const view64 = (k: number) => new Float64Array(stateBuf, k * n * 8, n);
  const wA = view64(0);
  const food = view64(1);
  const tok = view64(2);
  const wB = view64(3);
  const inc = view64(4);
  const bud = view64(5);
  const prop = view64(6);
  const w0s = view64(7);
  const z = ws.z;

  const rng = ws.initRng;
  rng.reseed(seed, runIndex, INIT_STREAM);
  const mu = p.INITIAL_WEALTH_MEAN_LOG;
  const sigma = p.INITIAL_WEALTH_SIGMA_LOG;
  let initialWealth = 0;
  // Member i's four normals are the stream's 4i…4i+3 (fills equal nextNormal calls), drawn in
  // blocks so the scratch stays small at a million members.
  const Z = ws.initZ;
  for (let i0 = 0; i0 < n; i0 += INIT_BLOCK) {
    const m = Math.min(INIT_BLOCK, n - i0);
    rng.fillNormals(Z, 4 * m);
    for (let j = 0; j < m; j++) {
      const i = i0 + j;
      const w0 = Math.max(0, Math.exp(mu + sigma * Z[4 * j]));
      const b = Math.max(p.MIN_WEEKLY_BUDGET, p.WEEKLY_FOOD_BUDGET_AVG + p.WEEKLY_FOOD_BUDGET_STDDEV * Z[4 * j + 1]);
      const pr = p.PERCENT_SPEND_INTERNAL_AVG + p.PERCENT_SPEND_INTERNAL_STDDEV * Z[4 * j + 2];
      const y = Math.max(p.MIN_WEEKLY_INCOME, p.WEEKLY_INCOME_AVG + p.WEEKLY_INCOME_STDDEV * Z[4 * j + 3]);
      wA[i] = w0;
      w0s[i] = w0;
      food[i] = w0;
      wB[i] = w0;
      bud[i] = b;
      prop[i] = pr; // clipped below (after the T1 adjustment, which needs all initial wealths)
      inc[i] = y;
      initialWealth += w0;
    }
  }

  const sorterA = ws.sorterA;
  const sorterB = ws.sorterB;
  // Initial ranks (average ties) for WealthMobility; week 0 B equals initial wealth.
  sorterB.sort(wB, strategy, true);
  const rank0x2 = ws.rank0x2;
  doubledRanks(sorterB.sorted, sorterB.ord, n, rank0x2);
  sorterA.startFrom(sorterB); // A starts equal to B: its first sort is then a check

  let nx: NextjsFactors | null = null;
  if (model === 'nextjs') {
    const initPct = new Float64Array(n);
    for (let i = 0; i < n; i++) initPct[i] = rank0x2[i] / 2 / n;
    nx = nextjsFactors(p, wA, initPct, prop);
  }
  for (let i = 0; i < n; i++) prop[i] = prop[i] < 0 ? 0 : prop[i] > 1 ? 1 : prop[i];

  // Per-member constants of the reference B rule: costs at the co-op discount.
  const s = (p.GROUP_BUY_SAVINGS_PERCENT + p.LOCAL_PRODUCTION_SAVINGS_PERCENT) / 2;
  const costInt = ws.costInt;
  const costExt = ws.costExt;
  const listInt = ws.listInt;
  let sumProp = 0;
  // Whole-population sums of the per-member constants: a week's planned flows are these times
  // the shock multipliers, so the weekly step only sums what members could not pay.
  const plan = { income: 0, costInt: 0, costExt: 0, listInt: 0 };
  const short = new ShortSums();
  for (let i = 0; i < n; i++) {
    listInt[i] = bud[i] * prop[i];
    costInt[i] = listInt[i] * (1 - s);
    costExt[i] = bud[i] * (1 - prop[i]);
    sumProp += prop[i];
    plan.income += inc[i];
    plan.costInt += costInt[i];
    plan.costExt += costExt[i];
    plan.listInt += listInt[i];
  }
  if (nx) nx.prepare(bud, prop, inc);
  const meanProp = n ? sumProp / n : 0;

  // ---- metrics columns -----------------------------------------------------------------------
  // One backing buffer for all columns (one allocation instead of 53); each column is a view.
  const colBytes = METRIC_NAMES.length * (W + 1) * 8;
  if (metricsBuffer && metricsBuffer.byteLength < colBytes) throw new RangeError(`metricsBuffer must hold ${colBytes} bytes; got ${metricsBuffer.byteLength}`);
  let cols = metricsBuffer ? ws.views.get(metricsBuffer) : undefined;
  if (!cols || cols[0].length !== W + 1) {
    const colBuf = metricsBuffer ?? new ArrayBuffer(colBytes);
    cols = new Array<Float64Array>(METRIC_NAMES.length);
    for (let k = 0; k < cols.length; k++) cols[k] = new Float64Array(colBuf, k * (W + 1) * 8, W + 1);
    if (metricsBuffer) ws.views.set(metricsBuffer, cols);
  }
  const writer = new MetricWriter(n, p, cols, sorterA, sorterB, strategy, wA, wB, rank0x2, meanProp);
  const wk = new WeekTotals();
  memberSums(n, tok, wB, initialWealth / (n || 1), wk);
  writer.write(0, wk, false);

  const flows: FlowTotals = {
    incomeA: 0, incomeB: 0, spendA: 0, spendInternalB: 0, spendExternalB: 0, coopSavingsB: 0, feesB: 0,
    tokensMinted: 0, tokenValueUsd: 0, initialWealth, finalWealthA: 0, finalFoodUsdB: 0, finalWealthB: 0,
  };

  const fee = p.WEEKLY_COOP_FEE_B;
  const rMu = p.GROTOKEN_REWARD_PER_WEEK_AVG;
  const rSd = p.GROTOKEN_REWARD_STDDEV;
  const price = p.GROTOKEN_USD_VALUE;
  const K = ws.stepK;
  K[K_FEE] = fee;
  K[K_RMU] = rMu;
  K[K_RSD] = rSd;
  K[K_PRICE] = price;
  const weekRng = ws.weekRng;
  const prevTok = onWeek ? new Float64Array(n) : null;
  const earned = onWeek ? new Float64Array(n) : null;
  // Per-member fees are written by the step only when this array exists (a hook is set).
  const feePaid = onWeek ? new Float64Array(n) : null;
  // The reference step does not record each member's fee (the hot loop stays as it is); with a hook,
  // feesPaid() derives it from the balances before and after the week.
  const foodBefore = onWeek && !nx ? new Float64Array(n) : null;
  const view: WeekView | null = onWeek ? { week: 0, members: n, incomeMultiplier: 1, income: inc, budget: bud, propensity: prop, foodUsdB: food, tokens: tok, tokensEarned: earned!, feePaid: feePaid! } : null;

  for (let week = 1; week <= W; week++) {
    let t0 = T ? performance.now() : 0;
    weekRng.reseed(seed, runIndex, WEEK_STREAM_BASE + week - 1);
    weekRng.fillNormals(z, n);
    if (T) t0 = lap(T, 0, t0);
    let im = 1;
    let bm = 1;
    if (shock && week > shock.startWeek && week <= shock.startWeek + shock.duration) [im, bm] = shockMultipliers(shock, week);
    // Shift for this week's B dispersion sums: last week's mean, close to this week's.
    const shift = wk.meanB;
    if (foodBefore) foodBefore.set(food);
    if (nx) {
      const r = nx.week(week, im, bm, wA, food, tok, wB, z, feePaid);
      wk.spendA = r.spendA; wk.income = r.income; wk.paidInt = r.paidInt; wk.paidExt = r.paidExt; wk.planInt = r.planInt;
      wk.listPaid = r.listPaid; wk.fees = r.fees; wk.minted = r.minted;
      memberSums(n, tok, wB, shift, wk);
    } else {
      K[K_IM] = im;
      K[K_BM] = bm;
      K[K_SHIFT] = shift;
      const full = stepReference(n, K, inc, bud, costInt, costExt, listInt, wA, food, tok, wB, z, wk, short);
      wk.income = im * plan.income;
      wk.planInt = bm * plan.costInt;
      // Paid = the plan of those who paid in full + what the short ones paid. With nobody (or
      // everybody) paying in full one of the two terms is exactly 0, so an exact 0 stays 0.
      wk.paidInt = (full ? Math.max(0, wk.planInt - short.planInt) : 0) + short.paidInt;
      wk.paidExt = (full ? Math.max(0, bm * plan.costExt - short.planExt) : 0) + short.paidExt;
      wk.listPaid = (full ? Math.max(0, bm * plan.listInt - short.planList) : 0) + short.paidList;
    }
    if (T) t0 = lap(T, 1, t0);
    flows.incomeA += wk.income;
    flows.incomeB += wk.income;
    flows.spendA += wk.spendA;
    flows.spendInternalB += wk.paidInt;
    flows.spendExternalB += wk.paidExt;
    flows.coopSavingsB += wk.listPaid - wk.paidInt;
    flows.feesB += wk.fees;
    flows.tokensMinted += wk.minted;
    writer.write(week, wk, true, T);
    if (onWeek) {
      for (let i = 0; i < n; i++) {
        earned![i] = tok[i] - prevTok![i];
        prevTok![i] = tok[i];
      }
      if (foodBefore) feesPaid(n, K[K_FEE], im, bm, foodBefore, inc, costInt, costExt, food, feePaid!);
      view!.week = week;
      view!.incomeMultiplier = im;
      onWeek(view!);
    }
    if (onProgress) onProgress(week);
  }

  writer.finish(W);
  // Trends: relative change from the previous week; undefined at week 0. A base that is a copy
  // of another column gets a copy of that column's trend (same inputs, same bits).
  for (const [b, t] of TREND_COMPUTED) {
    const src = cols[b];
    const dst = cols[t];
    dst[0] = NaN;
    for (let w = 1; w <= W; w++) dst[w] = trend(src[w], src[w - 1]);
  }
  for (const [copy, source] of TREND_COPIES) cols[copy].set(cols[source]);

  let fa = 0;
  let ff = 0;
  let fb = 0;
  for (let i = 0; i < n; i++) {
    fa += wA[i];
    ff += food[i];
    fb += wB[i];
  }
  flows.tokenValueUsd = flows.tokensMinted * price;
  flows.finalWealthA = fa;
  flows.finalFoodUsdB = ff;
  flows.finalWealthB = fb;

  // Key events and the narrative are text built from the columns: computed on first read, so
  // Monte Carlo runs that never read them do not pay for them.
  let keyEvents: KeyEvent[] | null = null;
  let narrative: Narrative | null = null;
  const metrics = cols;
  const events = () => (keyEvents ??= detectKeyEvents(metrics[M.Gini_B], metrics[M.PovertyRate_B], W));
  return {
    model, params: p, seed, runIndex, members: n, weeks: W, shock,
    metricNames: METRIC_NAMES, metrics,
    finalMembers: { initialWealth: w0s, wealthA: wA, wealthB: wB, foodUsdB: food, tokens: tok, income: inc, budget: bud, propensity: prop },
    flows,
    get keyEvents(): KeyEvent[] {
      return events();
    },
    set keyEvents(v: KeyEvent[]) {
      keyEvents = v;
    },
    get narrative(): Narrative {
      return (narrative ??= buildNarrative(metrics, W, events()));
    },
    set narrative(v: Narrative) {
      narrative = v;
    },
  };
}

/** One week's flows and the member-order sums of B (a class so V8 keeps unboxed double fields). */
class WeekTotals {
  spendA = 0;
  income = 0;
  paidInt = 0;
  paidExt = 0;
  planInt = 0;
  listPaid = 0;
  fees = 0;
  minted = 0;
  /** Σ tokens, members holding any, and Σ(wB − shift), Σ(wB − shift)² for the B dispersion. */
  tokens = 0;
  holders = 0;
  dev = 0;
  dev2 = 0;
  /** Mean B wealth of the week written last (the next week's shift). */
  meanB = 0;
}

/** Token and dispersion sums of B in member order (every week, both models, and week 0). */
function memberSums(n: number, tok: Float64Array, wB: Float64Array, shift: number, out: WeekTotals): void {
  let tokens = 0;
  let holders = 0;
  let dev = 0;
  let dev2 = 0;
  for (let i = 0; i < n; i++) {
    const t = tok[i];
    if (t > 0) holders++;
    tokens += t;
    const e = wB[i] - shift;
    dev += e;
    dev2 += e * e;
  }
  out.tokens = tokens;
  out.holders = holders;
  out.dev = dev;
  out.dev2 = dev2;
}

/** A week's food flows of the members who could not pay in full: their plan and what they paid. */
class ShortSums {
  planInt = 0;
  planExt = 0;
  planList = 0;
  paidInt = 0;
  paidExt = 0;
  paidList = 0;
}

/** Slots of the step's scalar inputs (a Float64Array, so the loops read untagged doubles). */
const K_IM = 0, K_BM = 1, K_FEE = 2, K_RMU = 3, K_RSD = 4, K_PRICE = 5, K_SHIFT = 6;

/**
 * One week of the reference rules (§3.2) for every member, then the member-order sums of B that
 * the metrics need (tokens, holders, shifted dispersion: memberSums). Of the week's food flows it sums only those of members who could not pay in full (into
 * `short`; the caller derives the rest from the planned totals) and returns how many paid in
 * full: almost everyone does, so the flows cost one increment per member.
 *
 * Two loops, A then B, with the scalars read from a Float64Array: one loop over both scenarios
 * kept more doubles live than x64 has registers, and V8 spilled the sums to the stack (each
 * add then waited on a store and a reload) and re-checked tagged scalars every member (read
 * in the generated code). Member-by-member arithmetic and summation order are unchanged.
 */
function stepReference(
  n: number, K: Float64Array, inc: Float64Array, bud: Float64Array, costInt: Float64Array, costExt: Float64Array, listInt: Float64Array,
  wA: Float64Array, food: Float64Array, tok: Float64Array, wB: Float64Array, z: Float64Array, out: WeekTotals, short: ShortSums,
): number {
  out.spendA = stepA(n, K, inc, bud, wA);
  const full = stepB(n, K, inc, costInt, costExt, listInt, food, tok, wB, z, out, short);
  memberSums(n, tok, wB, K[K_SHIFT], out);
  return full;
}

/** Scenario A: income in, food out at full price, never below 0. Returns the week's spending. */
function stepA(n: number, K: Float64Array, inc: Float64Array, bud: Float64Array, wA: Float64Array): number {
  const im = K[K_IM];
  const bm = K[K_BM];
  let spendA = 0;
  for (let i = 0; i < n; i++) {
    let a = wA[i] + inc[i] * im;
    const bA = bud[i] * bm;
    const sa = bA < a ? bA : a;
    a -= sa;
    wA[i] = a > 0 ? a : 0;
    spendA += sa;
  }
  return spendA;
}

/**
 * Each member's co-op fee this week in the reference step (for an onWeek hook only): the full fee
 * when money was left after it (then the balance was above the fee: a − b > 0 exactly when a > b);
 * otherwise what the food spending left, replayed with stepB's arithmetic, operation for operation.
 */
function feesPaid(
  n: number, fee: number, im: number, bm: number, before: Float64Array, inc: Float64Array, costInt: Float64Array, costExt: Float64Array,
  after: Float64Array, out: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    if (after[i] > 0) {
      out[i] = fee;
      continue;
    }
    let f = before[i] + inc[i] * im;
    const total = costInt[i] * bm + costExt[i] * bm;
    if (total <= f && total > 1e-6) f -= total;
    else {
      f -= total < f ? total : f;
      if (f < 0) f = 0;
    }
    out[i] = fee < f ? fee : f;
  }
}

/** Scenario B: discounted internal share, then the fee, then the token reward. */
function stepB(
  n: number, K: Float64Array, inc: Float64Array, costInt: Float64Array, costExt: Float64Array, listInt: Float64Array,
  food: Float64Array, tok: Float64Array, wB: Float64Array, z: Float64Array, out: WeekTotals, short: ShortSums,
): number {
  const im = K[K_IM];
  const bm = K[K_BM];
  const fee = K[K_FEE];
  const rMu = K[K_RMU];
  const rSd = K[K_RSD];
  const price = K[K_PRICE];
  let fees = 0, minted = 0, full = 0;
  // The short members' sums go straight to memory: rare, and they would take registers.
  short.planInt = 0; short.planExt = 0; short.planList = 0;
  short.paidInt = 0; short.paidExt = 0; short.paidList = 0;
  for (let i = 0; i < n; i++) {
    let f = food[i] + inc[i] * im;
    const ci = costInt[i] * bm;
    const ce = costExt[i] * bm;
    const total = ci + ce;
    if (total <= f && total > 1e-6) {
      f -= total;
      full++;
    } else {
      // Short of money (or nothing to buy): pays what it has, in proportion.
      const sb = total < f ? total : f;
      f -= sb;
      if (f < 0) f = 0;
      const ratio = total > 1e-6 ? sb / total : 0;
      const li = listInt[i] * bm;
      short.planInt += ci;
      short.planExt += ce;
      short.planList += li;
      short.paidInt += ci * ratio;
      short.paidExt += ce * ratio;
      short.paidList += li * ratio;
    }
    const fe = fee < f ? fee : f;
    f -= fe;
    fees += fe;
    let r = rMu + rSd * z[i];
    if (r < 0) r = 0;
    const t = tok[i] + r;
    minted += r;
    tok[i] = t;
    food[i] = f;
    wB[i] = f + t * price;
  }
  out.fees = fees;
  out.minted = minted;
  return full;
}

function validateShock(s: ShockWindow): void {
  if (!['income_reduction', 'cost_increase', 'market_disruption'].includes(s.type)) throw new RangeError(`shock.type must be income_reduction, cost_increase or market_disruption; got ${String(s.type)}`);
  if (!(s.magnitude >= 0 && s.magnitude <= 1)) throw new RangeError(`shock.magnitude must be a number between 0 and 1; got ${s.magnitude}`);
  if (!(Number.isInteger(s.startWeek) && s.startWeek >= 0)) throw new RangeError(`shock.startWeek must be an integer ≥ 0; got ${s.startWeek}`);
  if (!(Number.isInteger(s.duration) && s.duration >= 0)) throw new RangeError(`shock.duration must be an integer ≥ 0; got ${s.duration}`);
}

/** Twice the average-tie 1-based rank of every member: out[ord[k]] = first + last + 2 (exact). */
function doubledRanks(sorted: Float64Array, ord: Uint32Array, n: number, out: Int32Array): void {
  let g = 0;
  for (let k = 0; k < n; k++) {
    if (k + 1 < n && sorted[k + 1] === sorted[k]) continue;
    const r2 = g + k + 2;
    for (let m = g; m <= k; m++) out[ord[m]] = r2;
    g = k + 1;
  }
}

/** Rank-change sums of B against the initial ranks (a class: V8 keeps unboxed fields). */
class Mobility {
  /** Σ|2r − 2r₀|, Σ max(2r − 2r₀, 0) and how many are positive: exact integers. */
  absMove2 = 0;
  posMove2 = 0;
  posCount = 0;
}

/**
 * Each member's doubled average-tie rank change against its initial rank, summed in integers, so
 * the sums do not depend on the order inside a tie group (which differs between sort strategies).
 * Ties are rare in B (tokens accrue every week) and the sort reports them (`ties`), so the flat
 * loop assumes none and the tie-aware loop runs only after a sort that saw equal values. (An
 * equal-neighbour test inside the flat loop doubled its cost, measured.) Branch-free: whether a
 * member moved up or down is a coin flip the CPU cannot predict.
 */
function mobilityPass(s: Float64Array, ord: Uint32Array, n: number, rank0x2: Int32Array, ties: boolean, out: Mobility): void {
  let absMove2 = 0;
  let posMove2 = 0;
  let posCount = 0;
  if (!ties) {
    // `| 0` on the per-member integers (doubled ranks < 2^31): V8 then drops their overflow
    // checks (1.98 against 2.61 ns a member in isolation); the sums keep theirs.
    let r2 = 2;
    for (let k = 0; k < n; k++) {
      const d = (r2 - rank0x2[ord[k]]) | 0;
      r2 = (r2 + 2) | 0;
      const sign = d >> 31;
      const ad = ((d ^ sign) - sign) | 0;
      absMove2 += ad;
      posMove2 += (d + ad) | 0;
      posCount += -d >>> 31;
    }
  } else {
    let g = 0;
    for (let k = 0; k < n; k++) {
      if (k + 1 < n && s[k + 1] === s[k]) continue;
      const r2 = g + k + 2; // tie group g…k shares the doubled rank g + k + 2
      for (let m = g; m <= k; m++) {
        const d = r2 - rank0x2[ord[m]];
        const sign = d >> 31;
        const ad = (d ^ sign) - sign;
        absMove2 += ad;
        posMove2 += d + ad;
        posCount += -d >>> 31;
      }
      g = k + 1;
    }
  }
  out.absMove2 = absMove2;
  out.posMove2 = posMove2 / 2;
  out.posCount = posCount;
}

/**
 * All metrics of one week into column index `week`. Sums that run over members go in member
 * order and those over the sorted array in sorted order, so any sort strategy gives the same bits.
 * Each scenario is sorted exactly once per week; all its order statistics come from that sort.
 */
class MetricWriter {
  private readonly st: SortedStats = { total: NaN, gini: NaN, gap: NaN, bottom20Share: NaN };
  private readonly stB: SortedStats = { total: NaN, gini: NaN, gap: NaN, bottom20Share: NaN };
  private readonly mob = new Mobility();
  private readonly line: number;
  private readonly price: number;
  /** Lower and upper index, then the fraction, of each of PERCENTILES (numpy linear). */
  private readonly pctAt = new Int32Array(2 * PERCENTILES.length);
  private readonly pctF = new Float64Array(PERCENTILES.length);
  // Columns as fields, resolved once: the weekly path indexes no name table (a shared lookup
  // object there made V8 deoptimise the writer over and over in worker threads).
  private readonly colA: ScenarioCols;
  private readonly colB: ScenarioCols;
  private readonly week: Float64Array;
  private readonly year: Float64Array;
  private readonly quarter: Float64Array;
  private readonly b20Share: Float64Array;
  private readonly difference: Float64Array;
  private readonly mobility: Float64Array;
  private readonly mobilityScore: Float64Array;
  private readonly localEconomy: Float64Array;
  private readonly safetyNet: Float64Array;
  private readonly innovation: Float64Array;
  private readonly tokenValue: Float64Array;
  private readonly adoption: Float64Array;
  private readonly risk: Float64Array;
  private readonly velocity: Float64Array;
  private readonly efficiency: Float64Array;
  private readonly diversity: Float64Array;
  constructor(
    private readonly n: number,
    p: SimParams,
    private readonly cols: Float64Array[],
    private readonly sorterA: WeeklySorter,
    private readonly sorterB: WeeklySorter,
    private readonly strategy: SortStrategy,
    private readonly wA: Float64Array,
    private readonly wB: Float64Array,
    private readonly rank0x2: Int32Array,
    private readonly meanProp: number,
  ) {
    this.line = 4 * p.WEEKLY_FOOD_BUDGET_AVG;
    this.price = p.GROTOKEN_USD_VALUE;
    PERCENTILES.forEach((q, k) => {
      const pos = ((n - 1) * q) / 100;
      const lo = Math.floor(pos);
      this.pctAt[2 * k] = lo;
      this.pctAt[2 * k + 1] = lo + 1 < n ? lo + 1 : lo;
      this.pctF[k] = pos - lo;
    });
    this.colA = new ScenarioCols(cols, SCENARIO_A);
    this.colB = new ScenarioCols(cols, SCENARIO_B);
    this.week = cols[M.Week];
    this.year = cols[M.Year];
    this.quarter = cols[M.Quarter];
    this.b20Share = cols[M.Bottom20PctShare];
    this.difference = cols[M.WealthDifference];
    this.mobility = cols[M.WealthMobility];
    this.mobilityScore = cols[M.WealthMobilityScore];
    this.localEconomy = cols[M.LocalEconomyStrength];
    this.safetyNet = cols[M.SocialSafetyNet];
    this.innovation = cols[M.InnovationIndex];
    this.tokenValue = cols[M.AvgTokenValue_B];
    this.adoption = cols[M.InnovationAdoption];
    this.risk = cols[M.RiskResilience];
    this.velocity = cols[M.EconomicVelocity];
    this.efficiency = cols[M.MarketEfficiency];
    this.diversity = cols[M.EconomicDiversity];
  }

  /** Percentiles, poverty and the sorted statistics of one scenario. */
  private sortedBlock(s: Float64Array, week: number, c: ScenarioCols, st: SortedStats): void {
    const n = this.n;
    const total = st.total;
    c.total[week] = total;
    c.avg[week] = n ? total / n : 0;
    if (n) {
      // percentileSorted(s, n, q) with the positions worked out once per run (same bits).
      const at = this.pctAt;
      const f = this.pctF;
      c.median[week] = s[at[0]] + (s[at[1]] - s[at[0]]) * f[0];
      c.p20[week] = s[at[2]] + (s[at[3]] - s[at[2]]) * f[1];
      c.p40[week] = s[at[4]] + (s[at[5]] - s[at[4]]) * f[2];
      c.p60[week] = s[at[6]] + (s[at[7]] - s[at[6]]) * f[3];
      c.p80[week] = s[at[8]] + (s[at[9]] - s[at[8]]) * f[4];
      c.top10[week] = s[at[10]] + (s[at[11]] - s[at[10]]) * f[5];
      c.bottom10[week] = s[at[12]] + (s[at[13]] - s[at[12]]) * f[6];
    }
    c.gini[week] = st.gini;
    c.gap[week] = st.gap;
    c.poverty[week] = n ? lowerBound(s, n, this.line) / n : 0;
  }

  /**
   * Columns that need no weekly work, written once after the last week: the calendar, the
   * constant mean propensity and the documented duplicate columns (COPIES).
   */
  finish(W: number): void {
    for (let w = 0; w <= W; w++) {
      this.week[w] = w;
      this.year[w] = yearOfWeek(w);
      this.quarter[w] = quarterOfWeek(w);
    }
    this.localEconomy.fill(this.meanProp, 0, W + 1);
    for (const [copy, source] of COPY_COLUMNS) this.cols[copy].set(this.cols[source]);
  }

  /** `wk` holds the week's flows (flow = false at week 0) and the member-order sums of B. */
  write(week: number, wk: WeekTotals, flow: boolean, T: Float64Array | null = null): void {
    const n = this.n;

    // Scenario A: values only.
    let t0 = T ? performance.now() : 0;
    this.sorterA.sort(this.wA, this.strategy, false);
    if (T) t0 = lap(T, 2, t0);
    const sa = this.sorterA.sorted;
    const stA = sortedStats(sa, n, this.st);
    const totalA = stA.total;
    this.sortedBlock(sa, week, this.colA, stA);

    // Scenario B: values and order (member ranks for mobility).
    if (T) t0 = lap(T, 4, t0);
    this.sorterB.sort(this.wB, this.strategy, true);
    if (T) t0 = lap(T, 3, t0);
    const sb = this.sorterB.sorted;
    const pb = sortedStats(sb, n, this.stB);
    this.sortedBlock(sb, week, this.colB, pb);
    this.b20Share[week] = pb.bottom20Share;
    const mob = this.mob;
    mobilityPass(sb, this.sorterB.ord, n, this.rank0x2, this.sorterB.ties, mob);
    const totalB = pb.total;
    const meanB = n ? totalB / n : 0;
    wk.meanB = meanB;
    const povB = this.colB.poverty[week];
    this.difference[week] = totalB - totalA;

    const ssn = 1 - povB;
    const meanProp = this.meanProp;
    // Rank changes: (2r − 2r₀) / 2 / n per member, averaged over n.
    this.mobility[week] = n ? mob.absMove2 / (2 * n) / n : 0;
    this.mobilityScore[week] = mob.posCount ? mob.posMove2 / (2 * n) / mob.posCount : 0;
    this.safetyNet[week] = ssn;
    this.innovation[week] = n ? (wk.holders / n + meanProp) / 2 : 0;
    const tokenUsd = wk.tokens * this.price;
    this.tokenValue[week] = n ? tokenUsd / n : 0;
    this.adoption[week] = totalB > 1e-6 ? tokenUsd / totalB : 0;
    // Population variance from sums shifted by last week's mean (stable: the shift is close).
    let sd = 0;
    if (n) {
      const d = wk.dev / n;
      const v = wk.dev2 / n - d * d;
      sd = v > 0 ? Math.sqrt(v) : 0;
    }
    const stability = meanB > 1e-6 ? Math.min(1, Math.max(0, 1 - sd / meanB)) : 0;
    this.risk[week] = (ssn + stability) / 2;

    // Flow metrics describe a week of spending; none has happened at week 0.
    if (!flow) {
      this.velocity[week] = NaN;
      this.efficiency[week] = NaN;
      this.diversity[week] = NaN;
    } else {
      const paidInt = wk.paidInt;
      const paidExt = wk.paidExt;
      const planInt = wk.planInt;
      const spendB = paidInt + paidExt + wk.fees;
      this.velocity[week] = totalB > 1e-6 ? spendB / totalB : 0;
      this.efficiency[week] = planInt > 1e-6 ? Math.min(1, Math.max(0, paidInt / planInt)) : 0;
      const spent = paidInt + paidExt;
      if (spent > 1e-6) {
        const si = paidInt / spent;
        const se = paidExt / spent;
        this.diversity[week] = Math.min(1, Math.max(0, 2 * (1 - si * si - se * se)));
      } else this.diversity[week] = 0;
    }
    if (T) lap(T, 4, t0);
  }
}

/** Adds the time since t0 to T[k]; returns now (the next phase's start). */
function lap(T: Float64Array, k: number, t0: number): number {
  const now = performance.now();
  T[k] += now - t0;
  return now;
}

/** The weekly percentiles, in the order sortedBlock writes them. */
const PERCENTILES = [50, 20, 40, 60, 80, 90, 10] as const;

/** Column index of every order statistic of one scenario, resolved once. */
function scenarioIndex(x: 'A' | 'B') {
  const c = (name: string) => M[name as MetricName];
  return {
    total: c(`TotalWealth_${x}`), avg: c(`AvgWealth_${x}`), median: c(`MedianWealth_${x}`),
    p20: c(`WealthQuintiles_${x}_P20`), p40: c(`WealthQuintiles_${x}_P40`), p60: c(`WealthQuintiles_${x}_P60`), p80: c(`WealthQuintiles_${x}_P80`),
    top10: c(`Top10Percent_${x}`), bottom10: c(`Bottom10Percent_${x}`), gini: c(`Gini_${x}`), gap: c(`WealthGap_${x}`), poverty: c(`PovertyRate_${x}`),
  };
}
type ScenarioIndex = ReturnType<typeof scenarioIndex>;
const SCENARIO_A = scenarioIndex('A');
const SCENARIO_B = scenarioIndex('B');

/** Documented duplicate columns (metrics.ts): [copy, source], filled by copying after the run. */
const COPIES: readonly (readonly [MetricName, MetricName])[] = [
  ['CommunityResilience', 'SocialSafetyNet'],
  ['SustainabilityScore', 'SocialSafetyNet'],
  ['CommunityEngagement', 'LocalEconomyStrength'],
];
const COPY_COLUMNS = COPIES.map(([c, s]) => [M[c], M[s]] as const);
const trendOf = (b: MetricName) => M[`${b}_Trend` as MetricName];
const copied = new Map<MetricName, MetricName>(COPIES.map(([c, s]) => [c, s]));
/** [base column, trend column] of the trends computed from their base… */
const TREND_COMPUTED = TREND_BASES.filter((b) => !copied.has(b)).map((b) => [M[b], trendOf(b)] as const);
/** …and [trend column, trend column it copies] of the others. */
const TREND_COPIES = TREND_BASES.filter((b) => copied.has(b)).map((b) => [trendOf(b), trendOf(copied.get(b)!)] as const);

/** The order-statistic columns of one scenario. */
class ScenarioCols {
  readonly total: Float64Array;
  readonly avg: Float64Array;
  readonly median: Float64Array;
  readonly p20: Float64Array;
  readonly p40: Float64Array;
  readonly p60: Float64Array;
  readonly p80: Float64Array;
  readonly top10: Float64Array;
  readonly bottom10: Float64Array;
  readonly gini: Float64Array;
  readonly gap: Float64Array;
  readonly poverty: Float64Array;
  constructor(cols: Float64Array[], x: ScenarioIndex) {
    this.total = cols[x.total];
    this.avg = cols[x.avg];
    this.median = cols[x.median];
    this.p20 = cols[x.p20];
    this.p40 = cols[x.p40];
    this.p60 = cols[x.p60];
    this.p80 = cols[x.p80];
    this.top10 = cols[x.top10];
    this.bottom10 = cols[x.bottom10];
    this.gini = cols[x.gini];
    this.gap = cols[x.gap];
    this.poverty = cols[x.poverty];
  }
}
