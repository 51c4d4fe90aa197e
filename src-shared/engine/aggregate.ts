// Monte Carlo aggregation: per (metric, week) mean/sd for every metric, and weekly p5/p50/p95
// bands for the BAND_METRICS (the key metrics the charts draw bands for; bands for all 53 doubled
// the workers' aggregation time and kept the main thread half busy merging, measured). Memory is
// O(metrics × weeks) plus O(band cells × BINS), independent of the number of runs.
//
// Runs are split into fixed chunks of consecutive run indices (chunkPlan: it depends only on the
// number of runs, weeks and members). Each chunk is aggregated where it was simulated (a worker thread)
// into a ChunkPartial, and the partials are merged in chunk order. The aggregation work is thus
// spread over the workers instead of serialised on the main thread (where it capped a 2-worker
// pool at 1.2× one worker), and the result depends only on (params, seed, runs), never on the
// worker count. MonteCarloAggregator.add() folds runs through the same chunks, so aggregating in
// process gives the same bits as the pool.
//
// - Mean/sd: within a chunk, sums of (x − shift) and (x − shift)² with the chunk's first value
//   as shift, sent as mean and M2; the aggregate adds them up as sums about each cell's first
//   chunk mean (algebraically Chan's parallel formula, without its divisions). NaN values
//   (undefined metrics) are skipped per cell.
// - Bands, binned quantiles: the first EXACT_RUNS runs of every band cell are kept exactly, so a
//   set of up to EXACT_RUNS runs has exact numpy-default quantiles. Their range, widened by half
//   of it on each side, then fixes BINS equal bins per cell (BandEdges, which the pool shares with
//   its workers); later values are counted in their bin, and values outside the bins are
//   kept exactly. An order statistic inside a bin is placed by its rank within the bin (uniform),
//   so its error is below one bin width (2 × the first runs' range / BINS); outside it is exact.
// - The final week keeps every run's value, so its summary quantiles are exact.

import { METRIC_NAMES, percentileSorted, type MetricName } from './metrics';
import { WeeklySorter } from './sort';

const QS = [0.05, 0.5, 0.95] as const;
const NO_VALUES: number[] = [];

/** Metrics that get weekly p5/p50/p95 bands in a Monte Carlo aggregate (the charted key metrics). */
export const BAND_METRICS: readonly MetricName[] = [
  'AvgWealth_A', 'AvgWealth_B', 'MedianWealth_A', 'MedianWealth_B', 'TotalWealth_A', 'TotalWealth_B',
  'Gini_A', 'Gini_B', 'PovertyRate_A', 'PovertyRate_B', 'Bottom20PctShare', 'WealthDifference',
  'CommunityResilience', 'LocalEconomyStrength', 'RiskResilience', 'EconomicVelocity',
];

export interface MetricSummary {
  n: number;
  mean: number;
  sd: number;
  p5: number;
  p50: number;
  p95: number;
}

export interface AggregateResult {
  metricNames: readonly MetricName[];
  weeks: number;
  runs: number;
  /** [metric][week] */
  mean: Float64Array[];
  sd: Float64Array[];
  p5: Float64Array[];
  p50: Float64Array[];
  p95: Float64Array[];
  final: Record<MetricName, MetricSummary>;
}

/** Runs kept exactly per band cell before the cells switch to bins (exact quantiles up to here). */
export const EXACT_RUNS = 64;
/** Bins per band cell once binned. */
export const BINS = 128;
/** Chunk size while the bands are exact: small, so that a many-core pool fixes the bins early. */
const EXACT_CHUNK = 8;
/**
 * Runs per chunk at most once binned: every chunk costs the main thread a merge of its partial
 * (its size does not depend on the runs in it), so fewer, bigger chunks leave the cores to the
 * workers. Byte bin counts allow up to 255.
 */
const MAX_CHUNK = 64;
/** Bytes of weekly metrics a worker holds for one chunk at most (it sends them back at the end). */
const CHUNK_BYTES = 8 << 20;
/**
 * Agent-weeks of simulation per chunk at most (~0.2–0.4 s here): a cancel drops the chunks in
 * progress, so a chunk of big runs must not hold much work (1,000,000 × 52 runs go one per chunk).
 */
const CHUNK_AGENT_WEEKS = 4_000_000;

const N_METRICS = METRIC_NAMES.length;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** The metric index of each band slot (the inverse of BAND_SLOT). */
const BAND_METRIC_INDEX = Int32Array.from(BAND_METRICS, (name) => METRIC_NAMES.indexOf(name));
const BAND_SLOT: Int32Array = (() => {
  const slot = new Int32Array(N_METRICS).fill(-1);
  BAND_METRICS.forEach((name, j) => (slot[METRIC_NAMES.indexOf(name)] = j));
  return slot;
})();

export interface ChunkSpec {
  /** Chunk number (merge order). */
  index: number;
  first: number;
  count: number;
}

/**
 * Chunks shrink towards the end (a TAIL_SHARE-th of the runs left, down to TAIL_MIN): the last
 * chunks then end close together on every worker, instead of one worker finishing a whole chunk
 * (≈30 ms at 50×156) while the others wait. Depends on the run count only, never on the workers.
 */
const TAIL_SHARE = 4;
const TAIL_MIN = 8;

/** Runs in the chunk that starts at run `first` of `runs` (before truncation at the last run). */
function chunkSizeAt(first: number, runs: number, weeks: number, members: number): number {
  const byWork = Math.max(1, Math.floor(CHUNK_AGENT_WEEKS / Math.max(1, members * weeks)));
  if (first < EXACT_RUNS) return Math.min(EXACT_CHUNK, EXACT_RUNS - first, byWork);
  const tail = Math.max(TAIL_MIN, Math.ceil((runs - first) / TAIL_SHARE));
  return Math.max(1, Math.min(MAX_CHUNK, tail, byWork, Math.floor(CHUNK_BYTES / ((weeks + 1) * N_METRICS * 8))));
}

/**
 * The fixed partition of runs 0…runs−1 into chunks: it depends on the runs, weeks and members
 * only, never on the number of workers, so the aggregate does not either.
 */
export function chunkPlan(runs: number, weeks: number, members: number): ChunkSpec[] {
  const out: ChunkSpec[] = [];
  for (let first = 0; first < runs; ) {
    const count = Math.min(chunkSizeAt(first, runs, weeks, members), runs - first);
    out.push({ index: out.length, first, count });
    first += count;
  }
  return out;
}

/** Bin edges of every band cell, fixed once EXACT_RUNS runs are in. */
export interface BandEdges {
  lo: Float64Array;
  invWidth: Float64Array;
}

/** One chunk's aggregate, mergeable in chunk order. Plain typed arrays: cheap to post and transfer. */
export interface ChunkPartial {
  first: number;
  runs: number;
  weeks: number;
  /** Per cell (metric × (weeks+1) + week): non-NaN values, their mean and Σ squared deviations. */
  count: Int32Array;
  mean: Float64Array;
  m2: Float64Array;
  /** Per band cell: non-NaN values seen, and their exact minimum and maximum. */
  bandCount: Int32Array;
  bandMin: Float64Array;
  bandMax: Float64Array;
  /** Before the bins exist: the values themselves, [bandCell × runs + i] (NaN-skipped, packed). */
  exact: Float64Array | null;
  /** After: counts per bin, [bin × bandCells + bandCell] (a chunk has ≤ 255 runs), and (cell, value) pairs outside the bins. */
  bins: Uint8Array | null;
  outside: Float64Array;
  /** Final-week value of every metric, [run × N_METRICS + metric]. */
  finals: Float64Array;
}

/**
 * Aggregates the runs of one chunk. Runs are folded in groups of FOLD_RUNS, metric by metric:
 * each group's columns for one metric are read sequentially into that metric's accumulators
 * (a few KB, in L1), instead of sweeping the accumulators for every cell (~1.5 MB) once per run
 * (measured 2–4× slower). Folding every few runs rather than once per chunk keeps the columns
 * read while they are still in cache, and lets the caller recycle their buffers at once (a
 * worker's next runs then write into cached memory; a 64-run chunk's columns are 4 MB, four
 * times this machine's per-core L2). The accumulators live in the partial's own buffer, so
 * finish() only converts the sums in place.
 */
export class ChunkAccumulator {
  private readonly W1: number;
  /** Runs added but not folded yet (at most FOLD_RUNS). */
  private readonly unfoldedRuns: Float64Array[][] = [];
  /** fold(): one metric's columns of the unfolded runs (a fixed-size array, refilled per metric). */
  private readonly groupCols: Float64Array[] = new Array<Float64Array>(FOLD_RUNS).fill(EMPTY_COLUMN);
  private runs = 0;
  private readonly buf: ArrayBuffer;
  private readonly L: ReturnType<typeof partialLayout>;
  /** Per cell: values seen; Σ(x − shift) and Σ(x − shift)² until finish() (then mean and M2); the shift (the cell's first value). */
  private readonly count: Int32Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly shift: Float64Array;
  private readonly bandMin: Float64Array;
  private readonly bandMax: Float64Array;
  /** Band values kept exactly, [bandCell × capacity + i] (until the bins exist). */
  private readonly exact: Float64Array | null;
  private readonly bins: Uint8Array | null;
  private readonly finals: Float64Array;
  private readonly outside: number[] = [];
  /** Whether the runs so far went exact (edges given later are applied in finish()). */
  private readonly startedExact: boolean;
  private result: ChunkPartial | null = null;

  /**
   * `reuse`: a merged partial's buffer sent back (see partialBuffer), used when big enough.
   * Recycling matters on the main thread: each chunk brought ~0.5 MB of new external memory, and
   * V8 paid for it in mark-compacts there (GC fell from 440 to 188 ms over 12 Monte Carlo jobs of
   * 1,000 runs on 2 workers, measured with --cpu-prof).
   */
  constructor(
    readonly weeks: number,
    readonly first: number,
    readonly capacity: number,
    private edges: BandEdges | null,
    reuse?: ArrayBuffer | null,
  ) {
    if (!(capacity >= 1 && capacity <= 255)) throw new RangeError(`chunk capacity must be 1…255 runs (byte bin counts); got ${capacity}`);
    const W1 = (this.W1 = weeks + 1);
    const cells = N_METRICS * W1;
    const bandCells = BAND_METRICS.length * W1;
    this.startedExact = edges === null;
    // A chunk past the exact runs may get its edges late (useEdges): room for both then.
    const L = (this.L = partialLayout(cells, bandCells, capacity, this.startedExact, !this.startedExact || first >= EXACT_RUNS));
    const buf = (this.buf = reuse && reuse.byteLength >= L.bytes ? reuse : new ArrayBuffer(L.bytes));
    if (buf === reuse) new Uint8Array(buf, 0, L.bytes).fill(0);
    this.count = new Int32Array(buf, L.count, cells);
    this.mean = new Float64Array(buf, L.mean, cells);
    this.m2 = new Float64Array(buf, L.m2, cells);
    this.shift = new Float64Array(buf, L.shift, cells);
    this.bandMin = new Float64Array(buf, L.bandMin, bandCells).fill(Infinity);
    this.bandMax = new Float64Array(buf, L.bandMax, bandCells).fill(-Infinity);
    this.exact = L.exactBytes ? new Float64Array(buf, L.exact, bandCells * capacity) : null;
    this.bins = L.binsBytes ? new Uint8Array(buf, L.bins, bandCells * BINS) : null;
    this.finals = new Float64Array(buf, L.finals, capacity * N_METRICS);
  }

  get size(): number {
    return this.runs;
  }

  /** Runs added whose columns are still read later (0: every column so far may be reused). */
  get unfolded(): number {
    return this.unfoldedRuns.length;
  }

  /** Whether finish() bins the band values (edges given) rather than keeping them exactly. */
  get binned(): boolean {
    return this.edges !== null;
  }

  /** Bins with these edges after all (they were fixed while the runs were simulated). */
  useEdges(edges: BandEdges): void {
    if (this.result) throw new Error('chunk already finished');
    if (!this.bins) throw new Error(`chunk at run ${this.first} is within the exact runs: it cannot be binned`);
    this.edges = edges;
  }

  /** Adds the next run's columns (read again at the next fold, every FOLD_RUNS runs). */
  add(metrics: Float64Array[]): void {
    const W1 = this.W1;
    if (this.result) throw new Error('chunk already finished');
    if (this.runs >= this.capacity) throw new Error(`chunk at run ${this.first} holds ${this.capacity} runs`);
    if (metrics.length !== N_METRICS) throw new Error(`expected ${N_METRICS} metric columns, got ${metrics.length}`);
    for (let m = 0; m < N_METRICS; m++) {
      if (metrics[m].length !== W1) throw new Error(`metric ${METRIC_NAMES[m]} has ${metrics[m].length} weeks, expected ${W1}`);
    }
    const f = this.runs * N_METRICS;
    for (let m = 0; m < N_METRICS; m++) this.finals[f + m] = metrics[m][this.weeks];
    this.runs++;
    this.unfoldedRuns.push(metrics);
    if (this.unfoldedRuns.length >= FOLD_RUNS) this.fold();
  }

  /** Folds the unfolded runs into the accumulators, metric by metric, in run order. */
  private fold(): void {
    const W1 = this.W1;
    const runs = this.unfoldedRuns;
    const binning = !this.startedExact;
    const lo = this.edges?.lo;
    const inv = this.edges?.invWidth;
    const cols = this.groupCols;
    const n = runs.length;
    for (let m = 0; m < N_METRICS; m++) {
      const base = m * W1;
      const slot = BAND_SLOT[m];
      for (let r = 0; r < n; r++) cols[r] = runs[r][m];
      sumsGroup(cols, n, W1, base, this.count, this.shift, this.mean, this.m2);
      if (slot < 0) continue;
      // The band part on the same (now cached) columns.
      if (binning) binnedGroup(cols, n, W1, slot * W1, this.bandMin, this.bandMax, lo!, inv!, this.bins!, this.outside);
      else exactGroup(cols, n, W1, base, slot * W1, this.count, this.bandMin, this.bandMax, this.exact!, this.capacity);
    }
    cols.fill(EMPTY_COLUMN);
    runs.length = 0;
  }

  /** The chunk's partial: views of the accumulators' buffer (the same object if called again). */
  finish(): ChunkPartial {
    if (this.result) return this.result;
    this.fold();
    const W1 = this.W1;
    const n = this.runs;
    const cells = N_METRICS * W1;
    const bandCells = BAND_METRICS.length * W1;
    const { count, mean, m2, shift } = this;
    // The sums become mean and M2 in place.
    for (let c = 0; c < cells; c++) {
      const k = count[c];
      if (!k) continue;
      const d = mean[c] / k;
      m2[c] = Math.max(0, m2[c] - mean[c] * d);
      mean[c] = shift[c] + d;
    }
    const bandCount = new Int32Array(this.buf, this.L.bandCount, bandCells);
    for (let j = 0; j < BAND_METRICS.length; j++) {
      const from = BAND_METRIC_INDEX[j] * W1;
      for (let w = 0; w < W1; w++) bandCount[j * W1 + w] = count[from + w];
    }
    let exact: Float64Array | null = null;
    let bins: Uint8Array | null = null;
    if (this.startedExact && this.edges) {
      // Edges given late: bin the values kept so far as binnedGroup would have.
      bins = this.bins!;
      binExact(this.exact!, this.capacity, bandCount, this.edges.lo, this.edges.invWidth, bins, this.outside);
    } else if (this.startedExact) {
      exact = this.exact!;
      if (n < this.capacity) {
        // Pack to [bandCell × n + i] (moving forward only, so in place).
        for (let c = 0; c < bandCells; c++) for (let i = 0; i < bandCount[c]; i++) exact[c * n + i] = exact[c * this.capacity + i];
      }
      exact = exact.subarray(0, bandCells * n);
    } else bins = this.bins;
    this.result = {
      first: this.first, runs: n, weeks: this.weeks, count, mean, m2, bandCount, bandMin: this.bandMin, bandMax: this.bandMax,
      exact, bins, outside: Float64Array.from(this.outside), finals: this.finals.subarray(0, n * N_METRICS),
    };
    return this.result;
  }
}

/** Runs folded at a time (see ChunkAccumulator): their columns, 8 × 66 KB at 156 weeks, stay in L2. */
const FOLD_RUNS = 8;
/** A placeholder column: fold() leaves no run's buffer referenced once folded (they are recycled). */
const EMPTY_COLUMN = new Float64Array(0);

/** Bins band values kept exactly ([cell × stride + i], i < counts[cell]) with binnedGroup's arithmetic. */
function binExact(values: Float64Array, stride: number, counts: Int32Array, lo: Float64Array, inv: Float64Array, bins: Uint8Array, outside: number[]): void {
  const cells = counts.length;
  for (let c = 0; c < cells; c++) {
    for (let i = 0; i < counts[c]; i++) {
      const x = values[c * stride + i];
      const b = Math.floor((x - lo[c]) * inv[c]);
      if (b >= 0 && b < BINS) bins[b * cells + c]++;
      else outside.push(c, x);
    }
  }
}

/**
 * Byte offsets of a partial's arrays in its one buffer: doubles first, then 32-bit counts, then
 * the byte bins, so every view is aligned (the bins at a multiple of 4, as addBins reads words).
 */
function partialLayout(cells: number, bandCells: number, runs: number, exactRoom: boolean, binRoom: boolean) {
  let at = 0;
  const take = (bytes: number) => {
    const o = at;
    at += bytes;
    return o;
  };
  const mean = take(8 * cells);
  const m2 = take(8 * cells);
  const shift = take(8 * cells);
  const bandMin = take(8 * bandCells);
  const bandMax = take(8 * bandCells);
  const finals = take(8 * runs * N_METRICS);
  const exactBytes = exactRoom ? 8 * bandCells * runs : 0;
  const exact = take(exactBytes);
  const count = take(4 * cells);
  const bandCount = take(4 * bandCells);
  const binsBytes = binRoom ? bandCells * BINS : 0;
  const bins = take(binsBytes);
  return { mean, m2, shift, bandMin, bandMax, finals, exact, exactBytes, count, bandCount, bins, binsBytes, bytes: at };
}

/** The buffer behind a partial's fixed-size arrays: give it back to a ChunkAccumulator once merged. */
export function partialBuffer(p: ChunkPartial): ArrayBuffer {
  return p.count.buffer as ArrayBuffer;
}

/** Buffers every typed array of a partial (to transfer it between threads). */
export function partialBuffers(p: ChunkPartial): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of [p.count, p.mean, p.m2, p.bandCount, p.bandMin, p.bandMax, p.exact, p.bins, p.outside, p.finals]) {
    if (a && !out.includes(a.buffer as ArrayBuffer)) out.push(a.buffer as ArrayBuffer);
  }
  return out;
}

/** Merges chunk partials in chunk order (or folds single runs through the same chunks). */
export class MonteCarloAggregator {
  readonly weeks: number;
  readonly cells: number;
  private readonly W1: number;
  private readonly bandCells: number;
  /**
   * Moments per cell as sums about a fixed shift (the cell's first chunk mean): Σ(x − shift) and
   * Σ(x − shift)², so a chunk merges by additions. Chan's update divides twice per cell, and on
   * the main thread those divisions were a third of a merge (which competes with the workers).
   */
  private readonly count: Float64Array;
  private readonly shift: Float64Array;
  private readonly s1: Float64Array;
  private readonly s2: Float64Array;
  private readonly bandCount: Int32Array;
  private readonly bandMin: Float64Array;
  private readonly bandMax: Float64Array;
  /** The first EXACT_RUNS values of each band cell, [cell × EXACT_RUNS + i]. */
  private readonly exact: Float64Array;
  private bandEdges: BandEdges | null = null;
  private width: Float64Array | null = null;
  private bins: Int32Array | null = null;
  /** Byte sums of recent chunks' counts, four bins per word (see addBins), and their runs. */
  private packed: Uint32Array | null = null;
  private packedRuns = 0;
  /** quantiles(): the order statistics needed (two per quantile) and their values. */
  private readonly ranks = new Int32Array(2 * QS.length);
  private readonly rankValues = new Float64Array(2 * QS.length);
  /** Values outside a cell's bins, kept exactly. */
  private readonly outside = new Map<number, number[]>();
  private finals: Float64Array[];
  private runs = 0;
  private nextRun: number | null = null;
  /** add(): the chunk being filled. */
  private pending: ChunkAccumulator | null = null;

  /**
   * `members` and `totalRuns` size add()'s chunks like chunkPlan's (pass the runs' NUM_MEMBERS and
   * the run count to match the pool; without a run count the chunks do not shrink at the end).
   */
  constructor(
    weeks: number,
    private readonly members = 50,
    private readonly totalRuns = Infinity,
  ) {
    this.weeks = weeks;
    this.W1 = weeks + 1;
    this.cells = N_METRICS * this.W1;
    this.count = new Float64Array(this.cells);
    this.shift = new Float64Array(this.cells);
    this.s1 = new Float64Array(this.cells);
    this.s2 = new Float64Array(this.cells);
    this.bandCells = BAND_METRICS.length * this.W1;
    this.bandCount = new Int32Array(this.bandCells);
    this.bandMin = new Float64Array(this.bandCells).fill(Infinity);
    this.bandMax = new Float64Array(this.bandCells).fill(-Infinity);
    this.exact = new Float64Array(this.bandCells * EXACT_RUNS);
    this.finals = METRIC_NAMES.map(() => new Float64Array(64));
  }

  /** Runs merged so far (plus those waiting in add()'s current chunk). */
  get runCount(): number {
    return this.runs + (this.pending?.size ?? 0);
  }

  /** The bin edges later chunks must use (null until EXACT_RUNS runs are merged). */
  get edges(): BandEdges | null {
    return this.bandEdges;
  }

  /**
   * Adds one run's metric columns. `runIndex`, when given, must be the next index after the
   * previous one (0, 1, 2, …): runs fold through the same chunks as chunkPlan's.
   */
  add(metrics: Float64Array[], runIndex?: number): void {
    const at = this.runCount;
    if (runIndex !== undefined) {
      if (this.nextRun === null) this.nextRun = runIndex;
      if (runIndex !== this.nextRun) throw new Error(`runs must be added in index order: expected ${this.nextRun}, got ${runIndex}`);
      this.nextRun++;
    }
    if (!this.pending) this.pending = new ChunkAccumulator(this.weeks, at, chunkSizeAt(at, this.totalRuns, this.weeks, this.members), this.bandEdges);
    this.pending.add(metrics);
    if (this.pending.size === this.pending.capacity) this.flushPending();
  }

  private flushPending(): void {
    const p = this.pending;
    this.pending = null;
    if (p && p.size) this.merge(p.finish());
  }

  /** Merges the next chunk's partial (chunks must come in order, each starting where the last ended). */
  merge(p: ChunkPartial): void {
    if (p.first !== this.runs) throw new Error(`chunks must be merged in order: expected run ${this.runs}, got ${p.first}`);
    if (p.weeks !== this.weeks) throw new Error(`chunk has ${p.weeks} weeks, expected ${this.weeks}`);
    mergeMoments(this.count, this.shift, this.s1, this.s2, p.count, p.mean, p.m2, this.cells);
    mergeRange(this.bandMin, this.bandMax, p.bandMin, p.bandMax, this.bandCells);
    const bandCells = this.bandCells;
    const bandCount = this.bandCount;
    const pBandCount = p.bandCount;
    const runs = p.runs;
    if (this.bandEdges) {
      if (p.bins) {
        this.addBins(p.bins, runs);
        const outside = p.outside;
        for (let k = 0; k < outside.length; k += 2) this.keepOutside(outside[k], outside[k + 1]);
      } else if (p.exact) {
        // Simulated before the edges were fixed (a worker need not wait for them): bin it here.
        this.binValues(p.exact, runs, pBandCount);
      } else throw new Error(`chunk at run ${p.first} has no band values`);
      for (let c = 0; c < bandCells; c++) bandCount[c] += pBandCount[c];
    } else {
      if (!p.exact) throw new Error(`chunk at run ${p.first} has no band values`);
      const exact = this.exact;
      const src = p.exact;
      for (let c = 0; c < bandCells; c++) {
        const k = pBandCount[c];
        const to = c * EXACT_RUNS + bandCount[c];
        const from = c * runs;
        for (let i = 0; i < k; i++) exact[to + i] = src[from + i]; // no subarray views: 2,198 a chunk were garbage
        bandCount[c] += k;
      }
    }
    const pFinals = p.finals;
    const at = this.runs;
    for (let m = 0; m < N_METRICS; m++) {
      let f = this.finals[m];
      if (f.length < at + runs) {
        const g = new Float64Array(Math.max(f.length * 2, at + runs));
        g.set(f);
        this.finals[m] = f = g;
      }
      for (let r = 0; r < runs; r++) f[at + r] = pFinals[r * N_METRICS + m];
    }
    this.runs += runs;
    if (!this.bandEdges && this.runs >= EXACT_RUNS) this.startBins();
  }

  /** Bins every band cell over its first runs' range widened by half of it on each side. */
  private startBins(): void {
    const cells = this.bandCells;
    const lo = new Float64Array(cells);
    const width = new Float64Array(cells);
    const inv = new Float64Array(cells);
    for (let c = 0; c < cells; c++) {
      const k = this.bandCount[c];
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < k; i++) {
        const x = this.exact[c * EXACT_RUNS + i];
        if (x < min) min = x;
        if (x > max) max = x;
      }
      let span = max - min;
      if (!Number.isFinite(min) || !Number.isFinite(span)) {
        min = 0;
        span = 1;
      } else if (!(span > 0)) span = Math.max(Math.abs(max) * 1e-3, 1e-9); // constant so far
      lo[c] = min - span / 2;
      width[c] = (2 * span) / BINS;
      inv[c] = BINS / (2 * span);
    }
    this.bandEdges = { lo, invWidth: inv };
    this.width = width;
    this.bins = new Int32Array(cells * BINS);
    this.binValues(this.exact, EXACT_RUNS, this.bandCount);
  }

  /**
   * Adds a chunk's byte counts four bins at a time: they go into 32-bit words that hold four byte
   * sums (a chunk's count is at most its runs, so words take chunks until their runs pass 255
   * and cannot carry between bytes), unpacked into the counts only when full or read. A chunk's
   * merge was mostly this loop, and it runs on the main thread while the workers simulate.
   */
  private addBins(src: Uint8Array, runs: number): void {
    const bins = this.bins!;
    if (!LITTLE_ENDIAN || runs > 255 || src.byteOffset % 4 !== 0 || src.length % 4 !== 0) {
      for (let i = 0; i < bins.length; i++) bins[i] += src[i];
      return;
    }
    if (this.packedRuns + runs > 255) this.flushBins();
    const packed = (this.packed ??= new Uint32Array(bins.length / 4));
    const words = new Uint32Array(src.buffer, src.byteOffset, src.length / 4);
    for (let i = 0; i < packed.length; i++) packed[i] += words[i];
    this.packedRuns += runs;
  }

  /** Unpacks the byte sums of addBins into the counts. */
  private flushBins(): void {
    const packed = this.packed;
    if (!packed || this.packedRuns === 0) return;
    const bins = this.bins!;
    for (let i = 0, j = 0; i < packed.length; i++, j += 4) {
      const w = packed[i];
      if (w === 0) continue;
      bins[j] += w & 255;
      bins[j + 1] += (w >>> 8) & 255;
      bins[j + 2] += (w >>> 16) & 255;
      bins[j + 3] += w >>> 24;
      packed[i] = 0;
    }
    this.packedRuns = 0;
  }

  /**
   * Bins exact band values ([cell × stride + i], i < counts[cell]: the first runs when the edges
   * are fixed, or a chunk simulated before that) with the arithmetic of binnedGroup, so the counts
   * and the values kept outside are those a worker would have produced (outside values are
   * sorted before use). The band counts are the caller's to add.
   */
  private binValues(values: Float64Array, stride: number, counts: Int32Array): void {
    const cells = this.bandCells;
    const bins = this.bins!;
    const lo = this.bandEdges!.lo;
    const inv = this.bandEdges!.invWidth;
    let most = 0;
    for (let c = 0; c < cells; c++) if (counts[c] > most) most = counts[c];
    // In tiles of 8 runs across all cells: a cell's 8 values are one cache line, and the
    // increments walk 8 rows of the bin-major counts nearly in order (neighbouring weeks fall in
    // similar bins). Cell by cell, each increment jumped a whole row (cells × 4 bytes) and missed
    // the cache: 30 ns a value, the main thread's largest cost; tiled, measured 3–4 ns.
    for (let i0 = 0; i0 < most; i0 += 8) {
      for (let c = 0; c < cells; c++) {
        const end = Math.min(i0 + 8, counts[c]);
        const l = lo[c];
        const v = inv[c];
        for (let i = i0; i < end; i++) {
          const x = values[c * stride + i];
          const b = Math.floor((x - l) * v);
          if (b >= 0 && b < BINS) bins[b * cells + c]++;
          else this.keepOutside(c, x);
        }
      }
    }
  }

  private keepOutside(c: number, x: number): void {
    const o = this.outside.get(c);
    if (o) o.push(x);
    else this.outside.set(c, [x]);
  }

  /** Numpy-default (linear) p5, p50 and p95 of band cell c into out3 (its outside values sorted once). */
  private quantiles(c: number, out3: Float64Array): void {
    const n = this.bandCount[c];
    if (n === 0) {
      out3.fill(NaN);
      return;
    }
    if (this.runs <= EXACT_RUNS) {
      // Every value is still in `exact` (the bins may already be fixed for the next chunks).
      const s = Float64Array.from(this.exact.subarray(c * EXACT_RUNS, c * EXACT_RUNS + n)).sort();
      for (let j = 0; j < QS.length; j++) out3[j] = percentileSorted(s, n, QS[j] * 100);
      return;
    }
    const kept = this.outside.get(c);
    const out = kept ? kept.slice().sort((a, b) => a - b) : NO_VALUES;
    const lo = this.bandEdges!.lo[c];
    let under = 0;
    while (under < out.length && out[under] < lo) under++;
    const bins = this.bins!;
    const cells = this.bandCells;
    const width = this.width![c];
    const nBinned = n - out.length;
    const mn = this.bandMin[c];
    const mx = this.bandMax[c];
    // The order statistics i and i+1 of each quantile (ranks ascending), found in one scan of the
    // cell's bins. The r-th smallest value (0-based) is exact outside the bins and at both ends,
    // else placed by rank inside its bin and kept within the exact range (a constant cell is exact).
    const ranks = this.ranks;
    const vals = this.rankValues;
    for (let j = 0; j < QS.length; j++) {
      const i = Math.floor((n - 1) * QS[j]);
      ranks[2 * j] = i;
      ranks[2 * j + 1] = i + 1 < n ? i + 1 : i;
    }
    let cum = 0;
    let b = 0;
    for (let q = 0; q < ranks.length; q++) {
      let r = ranks[q];
      if (r === 0) vals[q] = mn;
      else if (r === n - 1) vals[q] = mx;
      else if (r < under) vals[q] = out[r];
      else if ((r -= under) >= nBinned) vals[q] = out[under + r - nBinned];
      else {
        // Ranks ascend: the scan only moves on. The counts are bin-major ([bin × cells + cell]), and
        // result() goes cell by cell, so the rows a cell reads are the next cells' too (in L1).
        while (r >= cum + bins[b * cells + c]) cum += bins[b++ * cells + c];
        const k = bins[b * cells + c];
        vals[q] = Math.min(mx, Math.max(mn, lo + (b + (r - cum + 0.5) / k) * width));
      }
    }
    for (let j = 0; j < QS.length; j++) {
      const h = (n - 1) * QS[j];
      const i = Math.floor(h);
      const a = vals[2 * j];
      out3[j] = i + 1 < n ? a + (vals[2 * j + 1] - a) * (h - i) : a;
    }
  }

  result(): AggregateResult {
    this.flushPending();
    const W1 = this.W1;
    const mk = () => METRIC_NAMES.map(() => new Float64Array(W1));
    const mean = mk(), sd = mk(), p5 = mk(), p50 = mk(), p95 = mk();
    const q3 = new Float64Array(QS.length);
    this.flushBins();
    for (let m = 0; m < N_METRICS; m++) {
      const slot = BAND_SLOT[m];
      for (let w = 0; w < W1; w++) {
        const c = m * W1 + w;
        const n = this.count[c];
        const d = this.s1[c] / n;
        mean[m][w] = n ? this.shift[c] + d : NaN;
        sd[m][w] = n > 1 ? Math.sqrt(Math.max(0, this.s2[c] - this.s1[c] * d) / (n - 1)) : NaN;
        const bc = slot * W1 + w;
        if (slot >= 0) this.quantiles(bc, q3);
        else q3.fill(NaN);
        p5[m][w] = q3[0];
        p50[m][w] = q3[1];
        p95[m][w] = q3[2];
      }
    }
    const final = {} as Record<MetricName, MetricSummary>;
    METRIC_NAMES.forEach((name, m) => (final[name] = summarize(this.finals[m].subarray(0, this.runs))));
    return { metricNames: METRIC_NAMES, weeks: this.weeks, runs: this.runs, mean, sd, p5, p50, p95, final };
  }
}

/**
 * Adds a chunk's per-cell counts, means and M2 into sums about each cell's shift (set from the
 * first chunk with values): Σ(x − shift) gains nb·d and Σ(x − shift)² gains M2 + nb·d², with d
 * the chunk mean minus the shift (arrays as arguments: the loop reads no fields).
 */
function mergeMoments(count: Float64Array, shift: Float64Array, s1: Float64Array, s2: Float64Array, pCount: Int32Array, pMean: Float64Array, pM2: Float64Array, cells: number): void {
  for (let c = 0; c < cells; c++) {
    const nb = pCount[c];
    if (!nb) continue;
    if (count[c] === 0) {
      shift[c] = pMean[c];
      s2[c] = pM2[c];
    } else {
      const d = pMean[c] - shift[c];
      s1[c] += nb * d;
      s2[c] += pM2[c] + nb * d * d;
    }
    count[c] += nb;
  }
}

/** Per-cell minimum and maximum with a chunk's. */
function mergeRange(min: Float64Array, max: Float64Array, pMin: Float64Array, pMax: Float64Array, cells: number): void {
  for (let c = 0; c < cells; c++) {
    if (pMin[c] < min[c]) min[c] = pMin[c];
    if (pMax[c] > max[c]) max[c] = pMax[c];
  }
}

// The fold's inner loops: for each cell (week) of one metric, the runs of the group in run order,
// with the cell's accumulators held in locals and stored once per group. The additions happen in
// the same order as adding run after run (same bits); the accumulators are read and written once
// per FOLD_RUNS runs instead of once per run. NaN values are skipped; a cell's shift is its first value.

/** Sums of (x − shift) and their squares for `n` runs' columns of one metric from `base`. */
function sumsGroup(cols: Float64Array[], n: number, W1: number, base: number, k: Int32Array, sh: Float64Array, s1: Float64Array, s2: Float64Array): void {
  for (let w = 0; w < W1; w++) {
    const c = base + w;
    let kc = k[c];
    let shc = sh[c];
    let a = s1[c];
    let b = s2[c];
    for (let r = 0; r < n; r++) {
      const x = cols[r][w];
      if (x !== x) continue;
      if (kc++ === 0) shc = x;
      const d = x - shc;
      a += d;
      b += d * d;
    }
    k[c] = kc;
    sh[c] = shc;
    s1[c] = a;
    s2[c] = b;
  }
}

/** The band part once the bins exist: min/max and each value's bin (or, outside the bins, the value kept exactly). */
function binnedGroup(cols: Float64Array[], n: number, W1: number, bandBase: number, mn: Float64Array, mx: Float64Array, lo: Float64Array, inv: Float64Array, bins: Uint8Array, outside: number[]): void {
  const cells = mn.length;
  for (let w = 0; w < W1; w++) {
    const bc = bandBase + w;
    let lowest = mn[bc];
    let highest = mx[bc];
    const l = lo[bc];
    const v = inv[bc];
    for (let r = 0; r < n; r++) {
      const x = cols[r][w];
      if (x !== x) continue;
      if (x < lowest) lowest = x;
      if (x > highest) highest = x;
      const bin = Math.floor((x - l) * v);
      if (bin >= 0 && bin < BINS) bins[bin * cells + bc]++; // bin-major: neighbouring weeks land in neighbouring bytes
      else outside.push(bc, x);
    }
    mn[bc] = lowest;
    mx[bc] = highest;
  }
}

/**
 * The band part before the bins exist: min/max and the values themselves, as [bandCell × stride + i]
 * where i counts the cell's non-NaN values. sumsGroup has counted the group already (k from
 * `base`), so the group's values fill the slots below that count, last run first.
 */
function exactGroup(cols: Float64Array[], n: number, W1: number, base: number, bandBase: number, k: Int32Array, mn: Float64Array, mx: Float64Array, exact: Float64Array, stride: number): void {
  for (let w = 0; w < W1; w++) {
    const bc = bandBase + w;
    let at = bc * stride + k[base + w];
    let lowest = mn[bc];
    let highest = mx[bc];
    for (let r = n - 1; r >= 0; r--) {
      const x = cols[r][w];
      if (x !== x) continue;
      exact[--at] = x;
      if (x < lowest) lowest = x;
      if (x > highest) highest = x;
    }
    mn[bc] = lowest;
    mx[bc] = highest;
  }
}

/** Exact summary of a sample (NaNs skipped): mean, sample sd, p5/p50/p95 (linear interpolation). */
export function summarize(values: ArrayLike<number>): MetricSummary {
  const s = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x === x) s[n++] = x;
  }
  if (!n) return { n: 0, mean: NaN, sd: NaN, p5: NaN, p50: NaN, p95: NaN };
  // Mean and sd in input order (as before), then sort the copy for the quantiles.
  let mean = 0;
  for (let i = 0; i < n; i++) mean += s[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (s[i] - mean) ** 2;
  const sorted = sortValues(s, n);
  return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN, p5: percentileSorted(sorted, n, 5), p50: percentileSorted(sorted, n, 50), p95: percentileSorted(sorted, n, 95) };
}

/** A Monte Carlo result sorts 53 columns of one length: one sorter serves them all. */
let valueSorter: WeeklySorter | null = null;
const KEEP_SORTER_MAX = 100_000;

/**
 * The first n values of s in ascending order. Above a few dozen values the radix sort (the same
 * values as the built-in sort, see sort.ts) took 0.4 of the built-in's time at 1,000 values.
 */
function sortValues(s: Float64Array, n: number): Float64Array {
  if (n < 64) return s.subarray(0, n).sort();
  const keys = s.length === n ? s : s.subarray(0, n);
  // Kept for the next column only at sizes worth keeping (~32 bytes a value, and its last input).
  const sorter = n <= KEEP_SORTER_MAX ? (valueSorter?.size === n ? valueSorter : (valueSorter = new WeeklySorter(n))) : new WeeklySorter(n);
  sorter.sort(keys, 'radix', false);
  return sorter.sorted;
}
