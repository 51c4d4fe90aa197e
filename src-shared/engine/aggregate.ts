// Streaming Monte Carlo aggregation: per (metric, week) mean/sd (Welford) for every metric, and
// weekly p5/p50/p95 bands by the P² algorithm (Jain & Chlamtac 1985, one 5-marker estimator per
// quantile) for the BAND_METRICS only: the key metrics the charts draw bands for. P² costs ~30×
// a Welford update, and running it for all 53 metrics × every week cost more than a simulation
// (~2.2 ms per 50×156 run on the main thread), which capped the worker-pool speed-up. The bands
// of the other metrics are NaN (JSON null: "not computed"); their mean/sd per week and the exact
// final-week summaries (below) are kept. All state is in flat typed arrays (memory
// O(metrics × weeks), independent of the number of runs).
//
// Determinism: P² is order-dependent and not mergeable, so runs MUST be added in run-index order
// (the pool buffers out-of-order completions). The result then depends only on (params, seed,
// runs), never on the worker count. With fewer than 5 runs in a cell the quantiles are exact
// (linear interpolation, numpy default). NaN values (undefined metrics) are skipped per cell.
// The final week additionally keeps every run's value (one number per run and metric), so its
// summary quantiles are exact.

import { METRIC_NAMES, percentileSorted, type MetricName } from './metrics';

const QS = [0.05, 0.5, 0.95] as const;

/** Metrics that get weekly p5/p50/p95 bands in a Monte Carlo aggregate (the charted key metrics). */
export const BAND_METRICS: readonly MetricName[] = [
  'AvgWealth_A', 'AvgWealth_B', 'MedianWealth_A', 'MedianWealth_B', 'TotalWealth_A', 'TotalWealth_B',
  'Gini_A', 'Gini_B', 'PovertyRate_A', 'PovertyRate_B', 'Bottom20PctShare', 'WealthDifference',
  'CommunityResilience', 'LocalEconomyStrength',
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

export class MonteCarloAggregator {
  readonly weeks: number;
  readonly cells: number;
  private readonly nMetrics = METRIC_NAMES.length;
  private readonly count: Float64Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  // P² state, per (cell, quantile): 5 heights, 5 positions, 5 desired positions.
  private readonly q: Float64Array;
  private readonly pos: Float64Array;
  private readonly des: Float64Array;
  /** Band slot of each metric (−1 = no bands); band cell = slot × (weeks+1) + week. */
  private readonly bandSlot: Int32Array;
  private finals: Float64Array[];
  private runs = 0;
  private nextRun: number | null = null;

  constructor(weeks: number) {
    this.weeks = weeks;
    this.cells = this.nMetrics * (weeks + 1);
    this.count = new Float64Array(this.cells);
    this.mean = new Float64Array(this.cells);
    this.m2 = new Float64Array(this.cells);
    this.bandSlot = new Int32Array(this.nMetrics).fill(-1);
    BAND_METRICS.forEach((name, j) => (this.bandSlot[METRIC_NAMES.indexOf(name)] = j));
    const bandCells = BAND_METRICS.length * (weeks + 1);
    this.q = new Float64Array(bandCells * 15);
    this.pos = new Float64Array(bandCells * 15);
    this.des = new Float64Array(bandCells * 15);
    this.finals = METRIC_NAMES.map(() => new Float64Array(64));
  }

  get runCount(): number {
    return this.runs;
  }

  /**
   * Adds one run's metric columns. `runIndex`, when given, must be the next index after the
   * previous one (0, 1, 2, …), which guards the order-dependence documented above.
   */
  add(metrics: Float64Array[], runIndex?: number): void {
    if (runIndex !== undefined) {
      if (this.nextRun === null) this.nextRun = runIndex;
      if (runIndex !== this.nextRun) throw new Error(`runs must be added in index order: expected ${this.nextRun}, got ${runIndex}`);
      this.nextRun++;
    }
    if (metrics.length !== this.nMetrics) throw new Error(`expected ${this.nMetrics} metric columns, got ${metrics.length}`);
    const W1 = this.weeks + 1;
    for (let m = 0; m < this.nMetrics; m++) {
      const col = metrics[m];
      if (col.length !== W1) throw new Error(`metric ${METRIC_NAMES[m]} has ${col.length} weeks, expected ${W1}`);
      welfordColumn(col, W1, m * W1, this.count, this.mean, this.m2);
      const slot = this.bandSlot[m];
      if (slot >= 0) {
        for (let w = 0; w < W1; w++) {
          const x = col[w];
          if (x !== x) continue;
          this.addQuantiles(slot * W1 + w, this.count[m * W1 + w], x);
        }
      }
      let f = this.finals[m];
      if (f.length <= this.runs) {
        const g = new Float64Array(f.length * 2);
        g.set(f);
        this.finals[m] = f = g;
      }
      f[this.runs] = col[this.weeks];
    }
    this.runs++;
  }

  /** P² update of the three quantile estimators of band cell `c`, whose count is now `n`. */
  private addQuantiles(c: number, n: number, x: number): void {
    const q = this.q;
    const pos = this.pos;
    const des = this.des;
    for (let j = 0; j < 3; j++) {
      const o = (c * 3 + j) * 5;
      const p = QS[j];
      if (n <= 5) {
        // Insertion into the first five observations, kept sorted.
        let k = n - 1;
        while (k > 0 && q[o + k - 1] > x) {
          q[o + k] = q[o + k - 1];
          k--;
        }
        q[o + k] = x;
        if (n === 5) {
          for (let i = 0; i < 5; i++) pos[o + i] = i + 1;
          des[o] = 1;
          des[o + 1] = 1 + 2 * p;
          des[o + 2] = 1 + 4 * p;
          des[o + 3] = 3 + 2 * p;
          des[o + 4] = 5;
        }
        continue;
      }
      let k: number;
      if (x < q[o]) {
        q[o] = x;
        k = 0;
      } else if (x >= q[o + 4]) {
        if (x > q[o + 4]) q[o + 4] = x;
        k = 3;
      } else {
        k = 0;
        while (k < 3 && x >= q[o + k + 1]) k++;
      }
      for (let i = k + 1; i < 5; i++) pos[o + i]++;
      des[o + 1] += p / 2;
      des[o + 2] += p;
      des[o + 3] += (1 + p) / 2;
      des[o + 4] += 1;
      for (let i = 1; i <= 3; i++) {
        const d = des[o + i] - pos[o + i];
        const np = pos[o + i + 1] - pos[o + i];
        const nm = pos[o + i - 1] - pos[o + i];
        if ((d >= 1 && np > 1) || (d <= -1 && nm < -1)) {
          const s = d >= 0 ? 1 : -1;
          const qi = q[o + i];
          const qp = q[o + i + 1];
          const qm = q[o + i - 1];
          const para = qi + (s / (np - nm)) * ((s - nm) * ((qp - qi) / np) + (np - s) * ((qi - qm) / -nm));
          if (qm < para && para < qp) q[o + i] = para;
          else q[o + i] = s > 0 ? qi + (qp - qi) / np : qi - (qm - qi) / nm;
          pos[o + i] += s;
        }
      }
    }
  }

  private quantile(c: number, n: number, j: number): number {
    if (n === 0) return NaN;
    const o = (c * 3 + j) * 5;
    if (n >= 5) return this.q[o + 2];
    return percentileSorted(this.q.subarray(o, o + n), n, QS[j] * 100);
  }

  result(): AggregateResult {
    const W1 = this.weeks + 1;
    const mk = () => METRIC_NAMES.map(() => new Float64Array(W1));
    const mean = mk(), sd = mk(), p5 = mk(), p50 = mk(), p95 = mk();
    for (let m = 0; m < this.nMetrics; m++) {
      for (let w = 0; w < W1; w++) {
        const c = m * W1 + w;
        const n = this.count[c];
        mean[m][w] = n ? this.mean[c] : NaN;
        sd[m][w] = n > 1 ? Math.sqrt(this.m2[c] / (n - 1)) : NaN;
        const slot = this.bandSlot[m];
        const bc = slot * W1 + w;
        p5[m][w] = slot >= 0 ? this.quantile(bc, n, 0) : NaN;
        p50[m][w] = slot >= 0 ? this.quantile(bc, n, 1) : NaN;
        p95[m][w] = slot >= 0 ? this.quantile(bc, n, 2) : NaN;
      }
    }
    const final = {} as Record<MetricName, MetricSummary>;
    METRIC_NAMES.forEach((name, m) => (final[name] = summarize(this.finals[m].subarray(0, this.runs))));
    return { metricNames: METRIC_NAMES, weeks: this.weeks, runs: this.runs, mean, sd, p5, p50, p95, final };
  }
}

/** Welford update of one metric column into cells base…base+W1−1 (NaN = undefined, skipped). */
function welfordColumn(col: Float64Array, W1: number, base: number, count: Float64Array, mean: Float64Array, m2: Float64Array): void {
  for (let w = 0; w < W1; w++) {
    const x = col[w];
    if (x !== x) continue;
    const c = base + w;
    const n = ++count[c];
    const d = x - mean[c];
    const mu = mean[c] + d / n;
    mean[c] = mu;
    m2[c] += d * (x - mu);
  }
}

/** Exact summary of a sample (NaNs skipped): mean, sample sd, p5/p50/p95 (linear interpolation). */
export function summarize(values: ArrayLike<number>): MetricSummary {
  const v: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) v.push(values[i]);
  const n = v.length;
  if (!n) return { n: 0, mean: NaN, sd: NaN, p5: NaN, p50: NaN, p95: NaN };
  const s = Float64Array.from(v).sort();
  let mean = 0;
  for (const x of v) mean += x;
  mean /= n;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN, p5: percentileSorted(s, n, 5), p50: percentileSorted(s, n, 50), p95: percentileSorted(s, n, 95) };
}
