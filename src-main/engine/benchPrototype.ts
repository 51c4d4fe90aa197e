// A plain JavaScript prototype of the reference model (spec/engine.md §3.2), written the obvious
// way, as a same-run baseline for the engine bench. Issue 3's absolute targets came from "a plain
// JavaScript prototype on this machine"; this machine's speed drifts by a third from day to day,
// so the bench also reports the engine against this prototype measured minutes apart.
//
// Obvious, not naive: typed arrays, one seeded generator (xorshift32 with Marsaglia's polar
// normals), a warm-start insertion sort per scenario per week (no budget, no radix), and the main
// weekly order statistics (total, mean, Gini, seven percentiles, poverty, bottom-20 share, gap,
// mobility against the initial ranks) plus the flow and token sums. Its numbers are not the
// engine's (different random streams, no tie handling); only its speed is used.

import type { SimParams } from '../../src-shared/engine';

/** Runs the prototype once; returns its metric columns (so the work cannot be optimised away). */
export function prototypeRun(p: SimParams, seed: number): Float64Array[] {
  const n = p.NUM_MEMBERS;
  const W = p.SIMULATION_WEEKS;
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  let spare = NaN;
  const normal = () => {
    if (spare === spare) {
      const x = spare;
      spare = NaN;
      return x;
    }
    let u: number, v: number, q: number;
    do {
      u = 2 * rnd() - 1;
      v = 2 * rnd() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    spare = v * f;
    return u * f;
  };

  const wA = new Float64Array(n), food = new Float64Array(n), tok = new Float64Array(n), wB = new Float64Array(n);
  const inc = new Float64Array(n), bud = new Float64Array(n), prop = new Float64Array(n), z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w0 = Math.max(0, Math.exp(p.INITIAL_WEALTH_MEAN_LOG + p.INITIAL_WEALTH_SIGMA_LOG * normal()));
    wA[i] = food[i] = wB[i] = w0;
    bud[i] = Math.max(p.MIN_WEEKLY_BUDGET, p.WEEKLY_FOOD_BUDGET_AVG + p.WEEKLY_FOOD_BUDGET_STDDEV * normal());
    prop[i] = Math.min(1, Math.max(0, p.PERCENT_SPEND_INTERNAL_AVG + p.PERCENT_SPEND_INTERNAL_STDDEV * normal()));
    inc[i] = Math.max(p.MIN_WEEKLY_INCOME, p.WEEKLY_INCOME_AVG + p.WEEKLY_INCOME_STDDEV * normal());
  }
  const sA = new Float64Array(n), sB = new Float64Array(n), oA = new Int32Array(n), oB = new Int32Array(n);
  for (let i = 0; i < n; i++) oA[i] = oB[i] = i;
  const sortWarm = (keys: Float64Array, ord: Int32Array, sorted: Float64Array) => {
    for (let i = 0; i < n; i++) sorted[i] = keys[ord[i]];
    for (let i = 1; i < n; i++) {
      const v = sorted[i];
      if (sorted[i - 1] <= v) continue;
      const o = ord[i];
      let j = i - 1;
      while (j >= 0 && sorted[j] > v) {
        sorted[j + 1] = sorted[j];
        ord[j + 1] = ord[j];
        j--;
      }
      sorted[j + 1] = v;
      ord[j + 1] = o;
    }
  };
  sortWarm(wB, oB, sB);
  const rank0 = new Int32Array(n);
  for (let k = 0; k < n; k++) rank0[oB[k]] = k;
  oA.set(oB);

  const cols: Float64Array[] = [];
  for (let k = 0; k < 40; k++) cols.push(new Float64Array(W + 1));
  const line = 4 * p.WEEKLY_FOOD_BUDGET_AVG;
  const saving = (p.GROUP_BUY_SAVINGS_PERCENT + p.LOCAL_PRODUCTION_SAVINGS_PERCENT) / 2;
  const stats = (sorted: Float64Array, week: number, base: number) => {
    let tot = 0, weighted = 0;
    for (let i = 0; i < n; i++) {
      tot += sorted[i];
      weighted += (2 * i + 1 - n) * sorted[i];
    }
    const pct = (q: number) => {
      const pos = (n - 1) * q, lo = Math.floor(pos), hi = Math.min(n - 1, lo + 1);
      return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    };
    let pov = 0;
    while (pov < n && sorted[pov] < line) pov++;
    const k20 = Math.floor(n * 0.2), k80 = Math.floor(n * 0.8);
    let b20 = 0, t20 = 0;
    for (let i = 0; i < k20; i++) b20 += sorted[i];
    for (let i = k80; i < n; i++) t20 += sorted[i];
    const c = cols;
    c[base][week] = tot;
    c[base + 1][week] = tot / n;
    c[base + 2][week] = tot > 0 ? weighted / (n * tot) : 0;
    c[base + 3][week] = pct(0.5);
    c[base + 4][week] = pct(0.2);
    c[base + 5][week] = pct(0.4);
    c[base + 6][week] = pct(0.6);
    c[base + 7][week] = pct(0.8);
    c[base + 8][week] = pct(0.9);
    c[base + 9][week] = pct(0.1);
    c[base + 10][week] = pov / n;
    c[base + 11][week] = tot > 0 ? b20 / tot : 0;
    c[base + 12][week] = k20 > 0 && b20 > 0 ? t20 / (n - k80) / (b20 / k20) : NaN;
  };
  for (let w = 1; w <= W; w++) {
    for (let i = 0; i < n; i++) z[i] = normal();
    let spendA = 0, spendB = 0, fees = 0, minted = 0, tokens = 0, holders = 0, sum = 0, sum2 = 0;
    for (let i = 0; i < n; i++) {
      let a = wA[i] + inc[i];
      const sa = Math.min(bud[i], a);
      a -= sa;
      wA[i] = Math.max(0, a);
      spendA += sa;
      let f = food[i] + inc[i];
      const cost = bud[i] * prop[i] * (1 - saving) + bud[i] * (1 - prop[i]);
      const pay = Math.min(cost, f);
      f -= pay;
      spendB += pay;
      const fe = Math.min(p.WEEKLY_COOP_FEE_B, f);
      f -= fe;
      fees += fe;
      const r = Math.max(0, p.GROTOKEN_REWARD_PER_WEEK_AVG + p.GROTOKEN_REWARD_STDDEV * z[i]);
      tok[i] += r;
      minted += r;
      food[i] = f;
      wB[i] = f + tok[i] * p.GROTOKEN_USD_VALUE;
      tokens += tok[i];
      if (tok[i] > 0) holders++;
      sum += wB[i];
      sum2 += wB[i] * wB[i];
    }
    sortWarm(wA, oA, sA);
    sortWarm(wB, oB, sB);
    stats(sA, w, 0);
    stats(sB, w, 13);
    let mob = 0;
    for (let k = 0; k < n; k++) mob += Math.abs(k - rank0[oB[k]]);
    const mean = sum / n;
    cols[26][w] = mob / n / n;
    cols[27][w] = spendA;
    cols[28][w] = spendB;
    cols[29][w] = fees;
    cols[30][w] = minted;
    cols[31][w] = tokens;
    cols[32][w] = holders / n;
    cols[33][w] = Math.sqrt(Math.max(0, sum2 / n - mean * mean));
  }
  return cols;
}
