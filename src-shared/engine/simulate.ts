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

import { M, METRIC_NAMES, TREND_BASES, quarterOf, sortedStats, trend, yearOf, type MetricName, type SortedStats } from './metrics';
import type { ModelId, SimParams } from './params';
import { parseParams } from './params';
import { INIT_STREAM, Rng, WEEK_STREAM_BASE } from './rng';
import { WeeklySorter, type SortStrategy } from './sort';
import { buildNarrative, detectKeyEvents, type KeyEvent, type Narrative } from './narrative';
import { nextjsFactors, type NextjsFactors } from './nextjs';

// Module-local aliases: some loaders (tsx/esbuild CJS) turn cross-module references into getter
// calls, which would sit in the per-week path.
const I = { ...M };
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
}

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

export function runSimulation(paramsInput: Partial<SimParams> | SimParams, opts: RunOptions): SimulationResult {
  const p = parseParams(paramsInput);
  const model: ModelId = opts.model ?? 'reference';
  const runIndex = opts.runIndex ?? 0;
  const seed = opts.seed;
  const strategy = opts.sort ?? 'auto';
  const shock = opts.shock ?? null;
  if (shock) validateShock(shock);
  const n = p.NUM_MEMBERS;
  const W = p.SIMULATION_WEEKS;

  // ---- state -------------------------------------------------------------------------------
  const wA = new Float64Array(n);
  const food = new Float64Array(n);
  const tok = new Float64Array(n);
  const wB = new Float64Array(n);
  const inc = new Float64Array(n);
  const bud = new Float64Array(n);
  const prop = new Float64Array(n);
  const initPct = new Float64Array(n);
  const rankB = new Float64Array(n);
  const z = new Float64Array(n);
  const w0s = new Float64Array(n);

  const rng = new Rng(seed, runIndex, INIT_STREAM);
  const mu = p.INITIAL_WEALTH_MEAN_LOG;
  const sigma = p.INITIAL_WEALTH_SIGMA_LOG;
  let initialWealth = 0;
  for (let i = 0; i < n; i++) {
    const w0 = Math.max(0, Math.exp(mu + sigma * rng.nextNormal()));
    const b = Math.max(p.MIN_WEEKLY_BUDGET, p.WEEKLY_FOOD_BUDGET_AVG + p.WEEKLY_FOOD_BUDGET_STDDEV * rng.nextNormal());
    const pr = p.PERCENT_SPEND_INTERNAL_AVG + p.PERCENT_SPEND_INTERNAL_STDDEV * rng.nextNormal();
    const y = Math.max(p.MIN_WEEKLY_INCOME, p.WEEKLY_INCOME_AVG + p.WEEKLY_INCOME_STDDEV * rng.nextNormal());
    wA[i] = w0;
    w0s[i] = w0;
    food[i] = w0;
    wB[i] = w0;
    bud[i] = b;
    prop[i] = pr; // clipped below (after the T1 adjustment, which needs all initial wealths)
    inc[i] = y;
    initialWealth += w0;
  }

  const sorterA = new WeeklySorter(n);
  const sorterB = new WeeklySorter(n);
  // Initial percentile ranks (average ties) for WealthMobility; week 0 B equals initial wealth.
  sorterB.sort(wB, strategy, true);
  averageRanks(sorterB.sorted, sorterB.ord, n, initPct);
  for (let i = 0; i < n; i++) initPct[i] /= n;

  let nx: NextjsFactors | null = null;
  if (model === 'nextjs') nx = nextjsFactors(p, wA, initPct, prop);
  for (let i = 0; i < n; i++) prop[i] = prop[i] < 0 ? 0 : prop[i] > 1 ? 1 : prop[i];

  // Per-member constants of the reference B rule: costs at the co-op discount.
  const s = (p.GROUP_BUY_SAVINGS_PERCENT + p.LOCAL_PRODUCTION_SAVINGS_PERCENT) / 2;
  const costInt = new Float64Array(n);
  const costExt = new Float64Array(n);
  const listInt = new Float64Array(n);
  let sumProp = 0;
  for (let i = 0; i < n; i++) {
    listInt[i] = bud[i] * prop[i];
    costInt[i] = listInt[i] * (1 - s);
    costExt[i] = bud[i] * (1 - prop[i]);
    sumProp += prop[i];
  }
  if (nx) nx.prepare(bud, prop, inc);
  const meanProp = n ? sumProp / n : 0;

  // ---- metrics columns -----------------------------------------------------------------------
  // One backing buffer for all columns (one allocation instead of 53); each column is a view.
  const colBuf = new ArrayBuffer(METRIC_NAMES.length * (W + 1) * 8);
  const cols: Float64Array[] = new Array(METRIC_NAMES.length);
  for (let k = 0; k < cols.length; k++) cols[k] = new Float64Array(colBuf, k * (W + 1) * 8, W + 1);
  const writer = new MetricWriter(n, p, cols, sorterA, sorterB, strategy, wA, wB, tok, initPct, rankB, meanProp);
  writer.write(0, NaN, NaN, NaN, NaN);

  const flows: FlowTotals = {
    incomeA: 0, incomeB: 0, spendA: 0, spendInternalB: 0, spendExternalB: 0, coopSavingsB: 0, feesB: 0,
    tokensMinted: 0, tokenValueUsd: 0, initialWealth, finalWealthA: 0, finalFoodUsdB: 0, finalWealthB: 0,
  };

  const fee = p.WEEKLY_COOP_FEE_B;
  const rMu = p.GROTOKEN_REWARD_PER_WEEK_AVG;
  const rSd = p.GROTOKEN_REWARD_STDDEV;
  const price = p.GROTOKEN_USD_VALUE;
  const weekRng = new Rng(seed, runIndex, WEEK_STREAM_BASE);
  const weekOut: WeekTotals = { spendA: 0, income: 0, paidInt: 0, paidExt: 0, planInt: 0, listPaid: 0, fees: 0, minted: 0 };
  const onWeek = opts.onWeek;
  const prevTok = onWeek ? new Float64Array(n) : null;
  const earned = onWeek ? new Float64Array(n) : null;
  const view: WeekView | null = onWeek ? { week: 0, members: n, incomeMultiplier: 1, income: inc, budget: bud, propensity: prop, foodUsdB: food, tokens: tok, tokensEarned: earned! } : null;

  for (let week = 1; week <= W; week++) {
    weekRng.reseed(seed, runIndex, WEEK_STREAM_BASE + week - 1);
    weekRng.fillNormals(z, n);
    let im = 1;
    let bm = 1;
    if (shock && week > shock.startWeek && week <= shock.startWeek + shock.duration) [im, bm] = shockMultipliers(shock, week);
    let spendA = 0;
    let incomeSum = 0;
    let paidInt = 0;
    let paidExt = 0;
    let planInt = 0;
    let listPaid = 0;
    let fees = 0;
    let minted = 0;
    if (nx) {
      const r = nx.week(week, im, bm, wA, food, tok, wB, z);
      spendA = r.spendA; incomeSum = r.income; paidInt = r.paidInt; paidExt = r.paidExt; planInt = r.planInt;
      listPaid = r.listPaid; fees = r.fees; minted = r.minted;
    } else {
      const r = stepReference(n, im, bm, fee, rMu, rSd, price, inc, bud, costInt, costExt, listInt, wA, food, tok, wB, z, weekOut);
      spendA = r.spendA; incomeSum = r.income; paidInt = r.paidInt; paidExt = r.paidExt; planInt = r.planInt;
      listPaid = r.listPaid; fees = r.fees; minted = r.minted;
    }
    flows.incomeA += incomeSum;
    flows.incomeB += incomeSum;
    flows.spendA += spendA;
    flows.spendInternalB += paidInt;
    flows.spendExternalB += paidExt;
    flows.coopSavingsB += listPaid - paidInt;
    flows.feesB += fees;
    flows.tokensMinted += minted;
    writer.write(week, paidInt + paidExt + fees, paidInt, paidExt, planInt);
    if (onWeek) {
      for (let i = 0; i < n; i++) {
        earned![i] = tok[i] - prevTok![i];
        prevTok![i] = tok[i];
      }
      view!.week = week;
      view!.incomeMultiplier = im;
      onWeek(view!);
    }
  }

  // Trends: relative change from the previous week; undefined at week 0.
  for (const base of TREND_BASES) {
    const src = cols[M[base]];
    const dst = cols[M[`${base}_Trend` as MetricName]];
    dst[0] = NaN;
    for (let w = 1; w <= W; w++) dst[w] = trend(src[w], src[w - 1]);
  }

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

  const keyEvents = detectKeyEvents(cols[M.Gini_B], cols[M.PovertyRate_B], W);
  const narrative = buildNarrative(cols, W, keyEvents);
  return {
    model, params: p, seed, runIndex, members: n, weeks: W, shock,
    metricNames: METRIC_NAMES, metrics: cols, keyEvents, narrative,
    finalMembers: { initialWealth: w0s, wealthA: wA, wealthB: wB, foodUsdB: food, tokens: tok, income: inc, budget: bud, propensity: prop },
    flows,
  };
}

interface WeekTotals {
  spendA: number;
  income: number;
  paidInt: number;
  paidExt: number;
  planInt: number;
  listPaid: number;
  fees: number;
  minted: number;
}

/** One week of the reference rules (§3.2) for every member; a small hot function V8 optimises early. */
function stepReference(
  n: number, im: number, bm: number, fee: number, rMu: number, rSd: number, price: number,
  inc: Float64Array, bud: Float64Array, costInt: Float64Array, costExt: Float64Array, listInt: Float64Array,
  wA: Float64Array, food: Float64Array, tok: Float64Array, wB: Float64Array, z: Float64Array, out: WeekTotals,
): WeekTotals {
  let spendA = 0, income = 0, paidInt = 0, paidExt = 0, planInt = 0, listPaid = 0, fees = 0, minted = 0;
  for (let i = 0; i < n; i++) {
    const y = inc[i] * im;
    income += y;
    // Scenario A: income in, food out at full price, never below 0.
    let a = wA[i] + y;
    const bA = bud[i] * bm;
    const sa = bA < a ? bA : a;
    a -= sa;
    wA[i] = a > 0 ? a : 0;
    spendA += sa;
    // Scenario B: discounted internal share, then the fee, then the token reward.
    let f = food[i] + y;
    const ci = costInt[i] * bm;
    const ce = costExt[i] * bm;
    const total = ci + ce;
    const sb = total < f ? total : f;
    f -= sb;
    if (f < 0) f = 0;
    const ratio = total > 1e-6 ? sb / total : 0;
    paidInt += ci * ratio;
    paidExt += ce * ratio;
    planInt += ci;
    listPaid += listInt[i] * bm * ratio;
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
  out.spendA = spendA; out.income = income; out.paidInt = paidInt; out.paidExt = paidExt;
  out.planInt = planInt; out.listPaid = listPaid; out.fees = fees; out.minted = minted;
  return out;
}

function validateShock(s: ShockWindow): void {
  if (!['income_reduction', 'cost_increase', 'market_disruption'].includes(s.type)) throw new RangeError(`shock.type must be income_reduction, cost_increase or market_disruption; got ${String(s.type)}`);
  if (!(s.magnitude >= 0 && s.magnitude <= 1)) throw new RangeError(`shock.magnitude must be a number between 0 and 1; got ${s.magnitude}`);
  if (!(Number.isInteger(s.startWeek) && s.startWeek >= 0)) throw new RangeError(`shock.startWeek must be an integer ≥ 0; got ${s.startWeek}`);
  if (!(Number.isInteger(s.duration) && s.duration >= 0)) throw new RangeError(`shock.duration must be an integer ≥ 0; got ${s.duration}`);
}

/** Average-tie 1-based ranks of the sorted keys, written per member (out[ord[k]]). */
function averageRanks(sorted: Float64Array, ord: Uint32Array, n: number, out: Float64Array): void {
  let k = 0;
  while (k < n) {
    const v = sorted[k];
    if (k + 1 >= n || sorted[k + 1] !== v) {
      out[ord[k]] = k + 1; // (k + k)/2 + 1, exactly
      k++;
      continue;
    }
    let j = k + 1;
    while (j + 1 < n && sorted[j + 1] === v) j++;
    const r = (k + j) / 2 + 1;
    for (let m = k; m <= j; m++) out[ord[m]] = r;
    k = j + 1;
  }
}

/** Doubles out of the member-order pass (a class so V8 keeps unboxed double fields). */
class MemberPass {
  absMove = NaN;
  posMove = NaN;
  posCount = 0;
  holders = 0;
  tokens = NaN;
  sq = NaN;
}

/** The member-order pass: rank changes, token holdings, dispersion of B (sums in member order). */
function memberPass(n: number, rankB: Float64Array, initPct: Float64Array, tok: Float64Array, wB: Float64Array, meanB: number, out: MemberPass): void {
  let absMove = 0;
  let posMove = 0;
  let posCount = 0;
  let holders = 0;
  let tokens = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = rankB[i] / n - initPct[i];
    if (d > 0) {
      absMove += d;
      posMove += d;
      posCount++;
    } else absMove -= d;
    const t = tok[i];
    if (t > 0) holders++;
    tokens += t;
    const e = wB[i] - meanB;
    sq += e * e;
  }
  out.absMove = absMove;
  out.posMove = posMove;
  out.posCount = posCount;
  out.holders = holders;
  out.tokens = tokens;
  out.sq = sq;
}

/** numpy-default percentile on a sorted array (n ≥ 1); the same arithmetic as percentileSorted. */
function pctOf(s: Float64Array, n: number, p: number): number {
  const pos = ((n - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = lo + 1 < n ? lo + 1 : lo;
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Index of the first element ≥ x in a sorted array. */
function lowerBoundOf(s: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * All metrics of one week into column index `week`. Sums that run over members go in member
 * order and those over the sorted array in sorted order, so any sort strategy gives the same bits.
 * Each scenario is sorted exactly once per week; all its order statistics come from that sort.
 */
class MetricWriter {
  private readonly st: SortedStats = { total: NaN, gini: NaN, gap: NaN, bottom20Share: NaN };
  private readonly mp = new MemberPass();
  private readonly line: number;
  private readonly price: number;
  private readonly cols: Float64Array[];
  constructor(
    private readonly n: number,
    p: SimParams,
    cols: Float64Array[],
    private readonly sorterA: WeeklySorter,
    private readonly sorterB: WeeklySorter,
    private readonly strategy: SortStrategy,
    private readonly wA: Float64Array,
    private readonly wB: Float64Array,
    private readonly tok: Float64Array,
    private readonly initPct: Float64Array,
    private readonly rankB: Float64Array,
    private readonly meanProp: number,
  ) {
    this.line = 4 * p.WEEKLY_FOOD_BUDGET_AVG;
    this.price = p.GROTOKEN_USD_VALUE;
    this.cols = cols;
  }

  /** Order statistics of one sorted scenario; returns its total. Column indices A or B. */
  private sortedBlock(s: Float64Array, week: number, isA: boolean): number {
    const n = this.n;
    const cols = this.cols;
    const st = sortedStats(s, n, this.st);
    const total = st.total;
    cols[isA ? I.TotalWealth_A : I.TotalWealth_B][week] = total;
    cols[isA ? I.AvgWealth_A : I.AvgWealth_B][week] = n ? total / n : 0;
    if (n) {
      cols[isA ? I.MedianWealth_A : I.MedianWealth_B][week] = pctOf(s, n, 50);
      cols[isA ? I.WealthQuintiles_A_P20 : I.WealthQuintiles_B_P20][week] = pctOf(s, n, 20);
      cols[isA ? I.WealthQuintiles_A_P40 : I.WealthQuintiles_B_P40][week] = pctOf(s, n, 40);
      cols[isA ? I.WealthQuintiles_A_P60 : I.WealthQuintiles_B_P60][week] = pctOf(s, n, 60);
      cols[isA ? I.WealthQuintiles_A_P80 : I.WealthQuintiles_B_P80][week] = pctOf(s, n, 80);
      cols[isA ? I.Top10Percent_A : I.Top10Percent_B][week] = pctOf(s, n, 90);
      cols[isA ? I.Bottom10Percent_A : I.Bottom10Percent_B][week] = pctOf(s, n, 10);
    }
    cols[isA ? I.Gini_A : I.Gini_B][week] = st.gini;
    cols[isA ? I.WealthGap_A : I.WealthGap_B][week] = st.gap;
    cols[isA ? I.PovertyRate_A : I.PovertyRate_B][week] = n ? lowerBoundOf(s, n, this.line) / n : 0;
    if (!isA) cols[I.Bottom20PctShare][week] = st.bottom20Share;
    return total;
  }

  write(week: number, spendB: number, paidInt: number, paidExt: number, planInt: number): void {
    const n = this.n;
    const cols = this.cols;
    cols[I.Week][week] = week;
    cols[I.Year][week] = yearOfWeek(week);
    cols[I.Quarter][week] = quarterOfWeek(week);

    // Scenario A: values only.
    this.sorterA.sort(this.wA, this.strategy, false);
    const totalA = this.sortedBlock(this.sorterA.sorted, week, true);

    // Scenario B: values and order (member ranks for mobility).
    this.sorterB.sort(this.wB, this.strategy, true);
    const sb = this.sorterB.sorted;
    const totalB = this.sortedBlock(sb, week, false);
    const meanB = n ? totalB / n : 0;
    const povB = cols[I.PovertyRate_B][week];
    cols[I.WealthDifference][week] = totalB - totalA;

    // Member-order passes: rank changes, token holdings, dispersion of B.
    averageRanks(sb, this.sorterB.ord, n, this.rankB);
    const mp = this.mp;
    memberPass(n, this.rankB, this.initPct, this.tok, this.wB, meanB, mp);
    const ssn = 1 - povB;
    const meanProp = this.meanProp;
    cols[I.WealthMobility][week] = n ? mp.absMove / n : 0;
    cols[I.WealthMobilityScore][week] = mp.posCount ? mp.posMove / mp.posCount : 0;
    cols[I.LocalEconomyStrength][week] = meanProp;
    cols[I.CommunityEngagement][week] = meanProp;
    cols[I.SocialSafetyNet][week] = ssn;
    cols[I.CommunityResilience][week] = ssn;
    cols[I.SustainabilityScore][week] = ssn;
    cols[I.InnovationIndex][week] = n ? (mp.holders / n + meanProp) / 2 : 0;
    const tokenUsd = mp.tokens * this.price;
    cols[I.AvgTokenValue_B][week] = n ? tokenUsd / n : 0;
    cols[I.InnovationAdoption][week] = totalB > 1e-6 ? tokenUsd / totalB : 0;
    const sd = n ? Math.sqrt(mp.sq / n) : 0;
    const stability = meanB > 1e-6 ? Math.min(1, Math.max(0, 1 - sd / meanB)) : 0;
    cols[I.RiskResilience][week] = (ssn + stability) / 2;

    // Flow metrics describe a week of spending; none has happened at week 0.
    if (week === 0) {
      cols[I.EconomicVelocity][week] = NaN;
      cols[I.MarketEfficiency][week] = NaN;
      cols[I.EconomicDiversity][week] = NaN;
    } else {
      cols[I.EconomicVelocity][week] = totalB > 1e-6 ? spendB / totalB : 0;
      cols[I.MarketEfficiency][week] = planInt > 1e-6 ? Math.min(1, Math.max(0, paidInt / planInt)) : 0;
      const spent = paidInt + paidExt;
      if (spent > 1e-6) {
        const si = paidInt / spent;
        const se = paidExt / spent;
        cols[I.EconomicDiversity][week] = Math.min(1, Math.max(0, 2 * (1 - si * si - se * se)));
      } else cols[I.EconomicDiversity][week] = 0;
    }
  }
}
