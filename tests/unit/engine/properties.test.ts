import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BAND_METRICS, BINS, ChunkAccumulator, partialBuffer, DEFAULT_PARAMS, EXACT_RUNS, chunkPlan, METRIC_NAMES, MonteCarloAggregator, PARAM_NAMES, PARAM_SPECS, PRESETS, Rng, analyticWeeklyGain, applyPreset, getPreset,
  column, computeCurrentMetrics, finalMetrics, giniCoefficient, planSensitivity, quarterOf, runScenario, runSensitivity,
  runShockTest, runSimulation, summarize, toJsonSafe, validateParams, parseParams, yearOf, analyzeSensitivity, DEFAULT_OAT,
  finalModelExpectedD, errorThreshold, runPresetMathTests, NO_EVENTS_SENTENCE, percentile, TIMING_PHASES,
} from '../../../src-shared/engine';
import { WeeklySorter } from '../../../src-shared/engine/sort';

/** The bytes of a typed array view (columns may share one backing buffer). */
const bytesOf = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('B − A against the analytic expectation of §3.2', () => {
  it('per solvent member: B − A = W·(budget·p·s − fee) + price·tokens exactly', () => {
    const r = runSimulation({ NUM_MEMBERS: 500, SIMULATION_WEEKS: 52 }, { seed: 8 });
    const m = r.finalMembers;
    const s = 0.2;
    let checked = 0;
    for (let i = 0; i < 500; i++) {
      // Solvent throughout: income covers the budget in both scenarios (plus the fee in B).
      if (m.income[i] < m.budget[i] + 1) continue;
      const expected = 52 * (m.budget[i] * m.propensity[i] * s - 1) + 2 * m.tokens[i];
      expect(m.wealthB[i] - m.wealthA[i]).toBeCloseTo(expected, 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(450);
  });
  it('mean gain per solvent member-week ≈ $8.977 (tolerance 0.3 ≈ 4 standard errors)', () => {
    expect(analyticWeeklyGain(DEFAULT_PARAMS)).toBeCloseTo(8.977, 2);
    const r = runSimulation({ NUM_MEMBERS: 4000, SIMULATION_WEEKS: 52 }, { seed: 9 });
    const m = r.finalMembers;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < 4000; i++) {
      if (m.income[i] < m.budget[i] + 1) continue;
      sum += (m.wealthB[i] - m.wealthA[i]) / 52;
      n++;
    }
    expect(Math.abs(sum / n - 8.977)).toBeLessThan(0.3);
  });
  it('§3.2: defaults give mean final D ≈ 68.6k over 100 seeded runs (3 standard errors)', () => {
    const d: number[] = [];
    for (let i = 0; i < 100; i++) d.push(finalMetrics(runSimulation({}, { seed: 10, runIndex: i })).WealthDifference);
    const s = summarize(d);
    expect(Math.abs(s.mean - 68_600)).toBeLessThan(3 * (s.sd / Math.sqrt(100)) + 200);
    expect(s.mean).toBeLessThan(70_017); // below the everybody-solvent bound (§3.2)
  });
});

describe('weekly flow sums', () => {
  it('nobody can pay: paid flows are exactly 0 (with a cost shock), not rounding noise', () => {
    const p = { NUM_MEMBERS: 2000, SIMULATION_WEEKS: 12, INITIAL_WEALTH_MEAN_LOG: 0, INITIAL_WEALTH_SIGMA_LOG: 0, WEEKLY_INCOME_AVG: 0, WEEKLY_INCOME_STDDEV: 0 };
    const r = runSimulation(p, { seed: 4, shock: { type: 'cost_increase', magnitude: 0.3, startWeek: 0, duration: 12 } });
    const vel = column(r, 'EconomicVelocity');
    const eff = column(r, 'MarketEfficiency');
    expect(vel[1]).toBeGreaterThan(0); // week 1 spends the $1 each member starts with
    for (let w = 2; w <= 12; w++) {
      expect(Object.is(vel[w], 0), `velocity week ${w}`).toBe(true);
      expect(Object.is(eff[w], 0), `efficiency week ${w}`).toBe(true);
    }
    expect(r.flows.spendInternalB + r.flows.spendExternalB + r.flows.feesB).toBeCloseTo(2000, 6);
  });
  it('everyone pays in full: efficiency is exactly 1 and diversity matches the members’ own cost split', () => {
    const p = { NUM_MEMBERS: 300, SIMULATION_WEEKS: 20, WEEKLY_INCOME_AVG: 2000, WEEKLY_INCOME_STDDEV: 10, MIN_WEEKLY_INCOME: 1500 };
    const r = runSimulation(p, { seed: 8 });
    const s = (DEFAULT_PARAMS.GROUP_BUY_SAVINGS_PERCENT + DEFAULT_PARAMS.LOCAL_PRODUCTION_SAVINGS_PERCENT) / 2;
    const { budget, propensity } = r.finalMembers;
    let ci = 0, ce = 0;
    for (let i = 0; i < 300; i++) {
      ci += budget[i] * propensity[i] * (1 - s);
      ce += budget[i] * (1 - propensity[i]);
    }
    const si = ci / (ci + ce);
    for (let w = 1; w <= 20; w++) {
      expect(column(r, 'MarketEfficiency')[w]).toBe(1);
      expect(column(r, 'EconomicDiversity')[w]).toBeCloseTo(2 * (1 - si * si - (1 - si) ** 2), 12);
    }
    expect(r.flows.spendInternalB).toBeCloseTo(20 * ci, 6);
    expect(r.flows.coopSavingsB).toBeCloseTo((20 * ci * s) / (1 - s), 6);
  });
});

describe('Gini properties', () => {
  // Values below 1e-3 become 0 so scaling never underflows into subnormals.
  const arr = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => (x < 1e-3 ? 0 : x)), { minLength: 1, maxLength: 60 });
  it('invariant under scaling', () => {
    fc.assert(fc.property(arr, fc.double({ min: 0.01, max: 1000, noNaN: true }), (a, k) => {
      expect(giniCoefficient(a.map((x) => x * k))).toBeCloseTo(giniCoefficient(a), 9);
    }));
  });
  it('invariant under permutation and bounded by (n−1)/n', () => {
    fc.assert(fc.property(arr, (a) => {
      const g = giniCoefficient(a);
      expect(giniCoefficient([...a].reverse())).toBe(g);
      expect(g).toBeGreaterThanOrEqual(0);
      expect(g).toBeLessThanOrEqual((a.length - 1) / a.length + 1e-12);
    }));
  });
});

describe('parameters', () => {
  it('defaults are the spec defaults', () => {
    expect(DEFAULT_PARAMS.NUM_MEMBERS).toBe(50);
    expect(DEFAULT_PARAMS.SIMULATION_WEEKS).toBe(156);
    expect(DEFAULT_PARAMS.INITIAL_WEALTH_MEAN_LOG).toBeCloseTo(6.907755, 6);
    expect(PARAM_NAMES).toHaveLength(18);
  });
  it('rejects invalid values naming field, value and range', () => {
    const r = validateParams({ NUM_MEMBERS: 0, PERCENT_SPEND_INTERNAL_AVG: 1.5, SIMULATION_WEEKS: 'ten', WEEKLY_INCOME_AVG: Infinity, FOO: 1, INITIAL_WEALTH_SIGMA_LOG: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const by = Object.fromEntries(r.errors.map((e) => [e.field, e]));
    expect(by.NUM_MEMBERS.message).toContain('between 1 and 1000000');
    expect(by.NUM_MEMBERS.message).toContain('positive integer'); // upstream's Flask test (§6.2) looks for this
    expect(by.NUM_MEMBERS.message).toContain('got 0');
    expect(by.PERCENT_SPEND_INTERNAL_AVG.message).toContain('between 0 and 1');
    expect(by.PERCENT_SPEND_INTERNAL_AVG.value).toBe(1.5);
    expect(by.SIMULATION_WEEKS.message).toContain('"ten"');
    expect(by.WEEKLY_INCOME_AVG).toBeDefined();
    expect(by.FOO.message).toContain('unsupported');
    expect(by.INITIAL_WEALTH_SIGMA_LOG).toBeDefined();
  });
  it('names Object.prototype keys (constructor, toString, __proto__) as unsupported instead of ignoring them', () => {
    const r = validateParams(JSON.parse('{"constructor": 1, "toString": "x", "__proto__": {"NUM_MEMBERS": 3}, "NUM_MEMBERS": 10}'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    for (const e of r.errors) expect(e.message).toContain('unsupported parameter');
    expect(() => planSensitivity({ seed: 1, replicates: 1, oat: [{ param: 'constructor' as never, values: [1] }] })).toThrow(/unknown parameter constructor/);
  });
  it('accepts numeric strings and integral floats, rejects 10.5 members', () => {
    const ok = validateParams({ NUM_MEMBERS: ' 10 ', SIMULATION_WEEKS: 10.0 });
    expect(ok.ok && ok.params.NUM_MEMBERS === 10 && ok.params.SIMULATION_WEEKS === 10).toBe(true);
    expect(validateParams({ NUM_MEMBERS: 10.5 }).ok).toBe(false);
    const empty = validateParams({ NUM_MEMBERS: '' });
    expect(empty.ok).toBe(false);
    // An empty field is named as such, not as a pair of quotes.
    if (!empty.ok) expect(empty.errors[0].message).toBe('NUM_MEMBERS must be a positive integer between 1 and 1000000; got nothing');
    expect(validateParams({ NUM_MEMBERS: null }).ok).toBe(false);
    // Upstream's Flask check takes any finite μ: a median wealth below $1 is a valid scenario.
    const low = validateParams({ INITIAL_WEALTH_MEAN_LOG: -1 });
    expect(low.ok && low.params.INITIAL_WEALTH_MEAN_LOG).toBe(-1);
  });
  it('every bound is accepted and just outside is rejected', () => {
    for (const k of PARAM_NAMES) {
      const s = PARAM_SPECS[k];
      expect(validateParams({ [k]: s.min }).ok).toBe(true);
      expect(validateParams({ [k]: s.max }).ok).toBe(true);
      expect(validateParams({ [k]: s.max + 1 }).ok).toBe(false);
      expect(validateParams({ [k]: s.min - 1 }).ok).toBe(false);
    }
    expect(() => runSimulation({ NUM_MEMBERS: -1 }, { seed: 1 })).toThrow(/NUM_MEMBERS/);
  });
  it('parsed parameters are frozen and pass a second parse unchanged; a mutated copy is validated again', () => {
    const p = parseParams({ NUM_MEMBERS: 12 });
    expect(Object.isFrozen(p)).toBe(true);
    expect(parseParams(p)).toBe(p);
    expect(() => {
      (p as { NUM_MEMBERS: number }).NUM_MEMBERS = -5;
    }).toThrow(TypeError);
    expect(p.NUM_MEMBERS).toBe(12);
    expect(() => parseParams({ ...p, NUM_MEMBERS: -5 })).toThrow(/NUM_MEMBERS/);
    expect(runSimulation(p, { seed: 3 }).metrics[0].length).toBe(p.SIMULATION_WEEKS + 1);
  });
});

describe('sorting', () => {
  it('every strategy reports ties exactly: equal neighbours in the sorted values', () => {
    // Values from a small set, so many arrays have equal values (and some −0 next to +0).
    const val = fc.oneof(fc.integer({ min: -3, max: 40 }).map((k) => k * 0.5), fc.double({ noNaN: true, min: -1e6, max: 1e6 }));
    fc.assert(fc.property(fc.array(val, { minLength: 1, maxLength: 400 }), fc.array(val, { minLength: 400, maxLength: 400 }), (a, b) => {
      const next = Float64Array.from(a, (x, i) => (i % 3 === 0 ? b[i] : x)); // a second, partly changed week
      for (const strat of ['radix', 'auto', 'builtin'] as const) {
        for (const need of [true, false]) {
          const s = new WeeklySorter(a.length);
          for (const keys of [Float64Array.from(a), next, next]) {
            s.sort(keys, strat, need);
            const sorted = Float64Array.from(keys).sort();
            const ties = sorted.some((x, i) => i > 0 && x === sorted[i - 1]);
            expect(s.ties, `${strat} ${need}`).toBe(ties);
          }
        }
      }
    }));
  });
  it('WealthMobility uses average ranks for ties (many members at $0, no token value)', () => {
    const n = 200;
    const p = { NUM_MEMBERS: n, SIMULATION_WEEKS: 25, GROTOKEN_USD_VALUE: 0, WEEKLY_INCOME_AVG: 40, INITIAL_WEALTH_MEAN_LOG: 3 };
    const avgRanks = (x: Float64Array) => {
      const idx = Array.from(x, (_, i) => i).sort((i, j) => x[i] - x[j]);
      const r = new Float64Array(x.length);
      for (let g = 0; g < idx.length; ) {
        let k = g;
        while (k + 1 < idx.length && x[idx[k + 1]] === x[idx[g]]) k++;
        for (let m = g; m <= k; m++) r[idx[m]] = (g + k) / 2 + 1;
        g = k + 1;
      }
      return r;
    };
    for (const sort of ['auto', 'radix', 'builtin'] as const) {
      const weeks: Float64Array[] = [];
      const res = runSimulation(p, { seed: 4, sort, onWeek: (v) => weeks.push(Float64Array.from(v.foodUsdB)) });
      const r0 = avgRanks(res.finalMembers.initialWealth);
      let tied = 0;
      weeks.forEach((wB, k) => {
        const r = avgRanks(wB);
        tied += new Set(wB).size < n ? 1 : 0;
        const expected = r.reduce((acc, x, i) => acc + Math.abs(x - r0[i]) / n, 0) / n;
        expect(column(res, 'WealthMobility')[k + 1]).toBeCloseTo(expected, 12);
      });
      expect(tied, sort).toBeGreaterThan(10); // most weeks have members tied at $0
    }
  });
  it('radix and warm-start sorts give the built-in order of values', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, min: -1e12, max: 1e12 }), { minLength: 1, maxLength: 300 }), (a) => {
      const keys = Float64Array.from(a);
      const expected = Float64Array.from(a).sort();
      for (const strat of ['radix', 'auto'] as const) {
        const s = new WeeklySorter(a.length);
        s.sort(keys, strat);
        s.sort(keys, strat); // second call: warm start path
        // −0 and +0 compare equal and may come in either order (sort.ts); the built-in sort puts −0 first.
        // `x + 0` turns −0 into +0 and leaves every other value as it is. fast-check found [0, −0, 0].
        expect(Array.from(s.sorted, (x) => x + 0)).toEqual(Array.from(expected, (x) => x + 0));
      }
    }));
  });
  it('−0 and +0 sort as equals: the values come out in order whatever their signs', () => {
    const keys = Float64Array.from([0, -0, 0, -1, 1, -0]);
    for (const strat of ['radix', 'auto'] as const) {
      const s = new WeeklySorter(keys.length);
      s.sort(keys, strat);
      s.sort(keys, strat);
      expect(Array.from(s.sorted, (x) => x + 0)).toEqual([-1, 0, 0, 0, 0, 1]);
      expect(s.ties).toBe(true);
    }
  });
  it('warm-start and radix sorting agree under a shock, with many members reaching $0', () => {
    const p = { NUM_MEMBERS: 2000, SIMULATION_WEEKS: 40, WEEKLY_INCOME_AVG: 90, INITIAL_WEALTH_SIGMA_LOG: 1.5 };
    const shock = { type: 'market_disruption' as const, magnitude: 0.6, startWeek: 10, duration: 8 };
    const a = runSimulation(p, { seed: 8, sort: 'radix', shock });
    const b = runSimulation(p, { seed: 8, sort: 'auto', shock });
    const zeros = a.finalMembers.wealthA.filter((x) => x === 0).length;
    expect(zeros).toBeGreaterThan(100); // long moves to the $0 block are exercised
    expect(bytesOf(b.finalMembers.wealthA).equals(bytesOf(a.finalMembers.wealthA))).toBe(true);
    b.metrics.forEach((c, k) => expect(bytesOf(c).equals(bytesOf(a.metrics[k])), METRIC_NAMES[k]).toBe(true));
  });
  it('whole runs: every metric is bit-identical with radix, auto and built-in sort (both models)', () => {
    for (const model of ['reference', 'nextjs'] as const) {
      const p = { NUM_MEMBERS: 300, SIMULATION_WEEKS: 60, INITIAL_WEALTH_SIGMA_LOG: 1.2 };
      const a = runSimulation(p, { seed: 5, model, sort: 'builtin' });
      for (const sort of ['radix', 'auto'] as const) {
        const b = runSimulation(p, { seed: 5, model, sort });
        b.metrics.forEach((c, k) => expect(bytesOf(c).equals(bytesOf(a.metrics[k])), METRIC_NAMES[k]).toBe(true));
        // Member state and flows too.
        for (const key of ['wealthA', 'wealthB', 'tokens', 'foodUsdB'] as const) expect(bytesOf(b.finalMembers[key]).equals(bytesOf(a.finalMembers[key])), key).toBe(true);
        expect(b.flows.finalWealthA).toBe(a.flows.finalWealthA);
        expect(b.flows.spendA).toBe(a.flows.spendA);
      }
    }
  });
});

describe('onWeek hook: per-member co-op fees', () => {
  it('feePaid is each member\'s fee (less when the balance ran dry), sums to flows.feesB exactly, and the hook leaves the run bit-identical (both models)', () => {
    for (const model of ['reference', 'nextjs'] as const) {
      // Low incomes and a large fee: many members run dry, so some pay part of the fee or none.
      const p = { NUM_MEMBERS: 300, SIMULATION_WEEKS: 40, WEEKLY_INCOME_AVG: 60, INITIAL_WEALTH_MEAN_LOG: 4, WEEKLY_COOP_FEE_B: 7.5 };
      const plain = runSimulation(p, { seed: 8, model });
      let total = 0;
      let partial = 0;
      let full = 0;
      const hooked = runSimulation(p, {
        seed: 8,
        model,
        onWeek: (v) => {
          let week = 0;
          for (let i = 0; i < v.members; i++) {
            const fe = v.feePaid[i];
            expect(fe >= 0 && fe <= 7.5).toBe(true);
            // Short of the fee only when the balance ran dry.
            if (fe < 7.5) { expect(v.foodUsdB[i]).toBe(0); if (fe > 0) partial++; } else full++;
            week += fe;
          }
          total += week; // the engine sums member fees per week in member order, then the weeks
        },
      });
      expect(partial, model).toBeGreaterThan(0);
      expect(full, model).toBeGreaterThan(0);
      expect(total, model).toBe(hooked.flows.feesB);
      hooked.metrics.forEach((c, k) => expect(bytesOf(c).equals(bytesOf(plain.metrics[k])), `${model} ${METRIC_NAMES[k]}`).toBe(true));
      for (const key of ['wealthA', 'wealthB', 'tokens', 'foodUsdB'] as const) expect(bytesOf(hooked.finalMembers[key]).equals(bytesOf(plain.finalMembers[key])), key).toBe(true);
      expect(JSON.stringify(hooked.flows)).toBe(JSON.stringify(plain.flows));
    }
  });
});

describe('determinism and streams', () => {
  it('same (params, seed, runIndex) ⇒ bit-identical; other runIndex or seed ⇒ different', () => {
    const a = runSimulation({}, { seed: 1, runIndex: 3 });
    const b = runSimulation({}, { seed: 1, runIndex: 3 });
    a.metrics.forEach((c, k) => expect(bytesOf(c).equals(bytesOf(b.metrics[k]))).toBe(true));
    expect(column(runSimulation({}, { seed: 1, runIndex: 4 }), 'TotalWealth_B')[156]).not.toBe(column(a, 'TotalWealth_B')[156]);
    expect(column(runSimulation({}, { seed: 2, runIndex: 3 }), 'TotalWealth_B')[156]).not.toBe(column(a, 'TotalWealth_B')[156]);
  });
  it('member traits do not depend on NUM_MEMBERS (common random numbers)', () => {
    const a = runSimulation({ NUM_MEMBERS: 20, SIMULATION_WEEKS: 5 }, { seed: 3 });
    const b = runSimulation({ NUM_MEMBERS: 40, SIMULATION_WEEKS: 5 }, { seed: 3 });
    expect(Array.from(b.finalMembers.tokens.subarray(0, 20))).toEqual(Array.from(a.finalMembers.tokens));
    expect(Array.from(b.finalMembers.initialWealth.subarray(0, 20))).toEqual(Array.from(a.finalMembers.initialWealth));
  });
  it('normal generator: mean, variance, tails', () => {
    const r = new Rng(123, 0, 0);
    const n = 200_000;
    let s = 0, s2 = 0, tail = 0;
    for (let i = 0; i < n; i++) {
      const x = r.nextNormal();
      s += x;
      s2 += x * x;
      if (Math.abs(x) > 1.96) tail++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.015);
    expect(Math.abs(tail / n - 0.05)).toBeLessThan(0.003);
  });
  it('fillNormals: standard normal moments, quantiles and far tail', () => {
    const r = new Rng(77, 1, 5);
    const batch = new Float64Array(1000);
    const all = new Float64Array(400_000);
    for (let b = 0; b < all.length / batch.length; b++) {
      r.fillNormals(batch, batch.length);
      all.set(batch, b * batch.length);
    }
    const n = all.length;
    let s = 0, s2 = 0, s4 = 0, beyond3 = 0;
    for (const x of all) {
      s += x;
      s2 += x * x;
      s4 += x ** 4;
      if (Math.abs(x) > 3) beyond3++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.006);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.01);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.06); // kurtosis: the wedges and tail are right
    expect(Math.abs(beyond3 / n - 0.0027)).toBeLessThan(0.0006);
    const sorted = Float64Array.from(all).sort();
    for (const [p, z] of [[0.025, -1.959964], [0.16, -0.994458], [0.5, 0], [0.84, 0.994458], [0.975, 1.959964]]) {
      expect(Math.abs(sorted[Math.floor(p * n)] - z), `quantile ${p}`).toBeLessThan(0.015);
    }
    // Same stream, same numbers: a re-seeded generator repeats the fill exactly.
    const a = new Float64Array(5000), b = new Float64Array(5000);
    r.reseed(9, 2, 3);
    r.fillNormals(a, a.length);
    r.reseed(9, 2, 3);
    r.fillNormals(b, b.length);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    // The documented contract: a fill gives the numbers of as many nextNormal() calls, and
    // fills of any lengths continue one stream (rejected draws fall inside both, ~1.2% of them).
    r.reseed(9, 2, 3);
    const one = Float64Array.from({ length: 5000 }, () => r.nextNormal());
    expect(Array.from(one)).toEqual(Array.from(a));
    r.reseed(9, 2, 3);
    const parts = new Float64Array(5000);
    for (let at = 0, len = 1; at < parts.length; at += len, len = (len * 7 + 3) % 97) {
      const k = Math.min(len, parts.length - at);
      r.fillNormals(parts.subarray(at, at + k), k);
    }
    expect(Array.from(parts)).toEqual(Array.from(a));
  });
});

describe('weekly metric columns', () => {
  const r = runSimulation({ NUM_MEMBERS: 30, SIMULATION_WEEKS: 110 }, { seed: 12 });
  it('week 0 is the initial state', () => {
    const w0 = r.finalMembers.initialWealth;
    const total = w0.reduce((a, b) => a + b, 0);
    expect(column(r, 'TotalWealth_A')[0]).toBeCloseTo(total, 6);
    expect(column(r, 'TotalWealth_B')[0]).toBeCloseTo(total, 6);
    expect(column(r, 'Gini_A')[0]).toBe(column(r, 'Gini_B')[0]);
    expect(column(r, 'WealthMobility')[0]).toBe(0);
    expect(column(r, 'AvgWealth_B_Trend')[0]).toBeNaN();
  });
  it('Year/Quarter: week 52 is Y1 Q4, week 53 Y2 Q1', () => {
    expect([yearOf(1), quarterOf(1)]).toEqual([1, 1]);
    expect([yearOf(13), quarterOf(13)]).toEqual([1, 1]);
    expect([yearOf(14), quarterOf(14)]).toEqual([1, 2]);
    expect([yearOf(52), quarterOf(52)]).toEqual([1, 4]);
    expect([yearOf(53), quarterOf(53)]).toEqual([2, 1]);
    expect(column(r, 'Year')[104]).toBe(2);
    expect(column(r, 'Year')[105]).toBe(3);
  });
  it('metrics agree with direct computations on the member arrays', () => {
    const m = r.finalMembers;
    expect(column(r, 'Gini_B')[110]).toBeCloseTo(giniCoefficient(m.wealthB), 12);
    expect(column(r, 'MedianWealth_A')[110]).toBeCloseTo(percentile(m.wealthA, 50), 9);
    expect(column(r, 'Top10Percent_B')[110]).toBeCloseTo(percentile(m.wealthB, 90), 9);
    expect(column(r, 'SocialSafetyNet')[110]).toBe(1 - column(r, 'PovertyRate_B')[110]);
    expect(column(r, 'CommunityEngagement')[110]).toBe(column(r, 'LocalEconomyStrength')[110]);
    expect(column(r, 'RiskResilience').every((x) => x >= 0 && x <= 1)).toBe(true);
  });
  it('JSON-safe: non-finite values become null and the result round-trips', () => {
    const x = runSimulation({ NUM_MEMBERS: 4, SIMULATION_WEEKS: 3 }, { seed: 1 }); // n < 5: WealthGap undefined
    expect(column(x, 'WealthGap_A')[3]).toBeNaN();
    const json = JSON.stringify(toJsonSafe({ metrics: x.metrics, narrative: x.narrative }));
    expect(json).not.toMatch(/NaN|Infinity/);
    const back = JSON.parse(json) as { metrics: (number | null)[][] };
    expect(back.metrics[METRIC_NAMES.indexOf('WealthGap_A')][3]).toBeNull();
  });
  it('narrative: no-event fallback, phases, conclusion spacing', () => {
    const q = runSimulation({ NUM_MEMBERS: 10, SIMULATION_WEEKS: 3 }, { seed: 1 });
    if (!q.keyEvents.length) expect(q.narrative.key_events).toEqual([NO_EVENTS_SENTENCE]);
    expect(r.narrative.phase_analysis.map((p) => p.period)).toEqual(['Weeks 1-36', 'Weeks 37-72', 'Weeks 73-110']);
    expect(r.narrative.conclusion).toMatch(/\. (Crucially|However), Scenario B/);
  });
});

describe('presets, scenarios, shock, current metrics, math tests', () => {
  it('14 presets with tags; unknown id is an error', () => {
    expect(PRESETS).toHaveLength(14);
    expect(applyPreset('urban-neighborhood').NUM_MEMBERS).toBe(200);
    expect(() => applyPreset('nope')).toThrow(/unknown preset "nope"; known: baseline, /);
    // By name too, ignoring case and punctuation; a near miss is still unknown.
    expect(getPreset('Strong Cooperation')?.id).toBe('strong-cooperation');
    expect(getPreset(' minimal_COOPERATION ')?.id).toBe('weak-cooperation');
    expect(getPreset('strong_cooperation')?.id).toBe('strong-cooperation');
    expect(getPreset('Strong Cooperatio')).toBeUndefined();
    for (const p of PRESETS) expect(validateParams(applyPreset(p.id)).ok).toBe(true);
  });
  it('every preset runs in both models; B > A and Gini_B < Gini_A at the end (reference)', () => {
    for (const p of PRESETS) {
      const params = { ...applyPreset(p.id), SIMULATION_WEEKS: Math.min(applyPreset(p.id).SIMULATION_WEEKS, 156) };
      const r = runSimulation(params, { seed: 21 });
      const f = finalMetrics(r);
      expect(f.TotalWealth_B, p.id).toBeGreaterThan(f.TotalWealth_A);
      expect(f.Gini_B, p.id).toBeLessThan(f.Gini_A);
      const n = finalMetrics(runSimulation(params, { seed: 21, model: 'nextjs' }));
      expect(Number.isFinite(n.TotalWealth_B)).toBe(true);
    }
  });
  it('scenario runner by name applies the adjustments', () => {
    const s = runScenario({ name: 'Recession test' }, { seed: 1 });
    expect(s.result.params.WEEKLY_INCOME_AVG).toBeCloseTo(120, 9);
    expect(s.metrics.wealth_growth).toBeGreaterThan(0);
    expect(s.recommendations.length).toBeGreaterThan(0);
  });
  it('shock applies only inside its window; runs identical before it', () => {
    const t = runShockTest({ type: 'income_reduction', magnitude: 0.5, duration: 4 }, { seed: 2 });
    const a = column(t.baseline, 'AvgWealth_B');
    const b = column(t.shocked, 'AvgWealth_B');
    for (let w = 0; w <= 52; w++) expect(b[w]).toBe(a[w]);
    expect(b[56]).toBeLessThan(a[56]);
    // After the window the shocked run gains exactly as much per week as the baseline for solvent members.
    expect(b[80] - b[60]).toBeCloseTo(a[80] - a[60], -1);
    expect(t.shock_results.impact.wealth_reduction).toBeGreaterThan(0);
    const zero = runShockTest({ type: 'cost_increase', magnitude: 0, duration: 4 }, { seed: 2 });
    expect(zero.shock_results.impact.wealth_reduction).toBe(0);
  });
  it('current metrics summary', () => {
    const c = computeCurrentMetrics(runSimulation({ SIMULATION_WEEKS: 52 }, { seed: 3 }));
    expect(c.system_health).toBeGreaterThan(0.5);
    expect(c.system_health).toBeLessThanOrEqual(1);
    expect(c.growth_rate).toBeGreaterThan(0);
    expect(c.recommendations.length).toBeGreaterThan(0);
  });
  it('math tests: final-model expected D and thresholds match §5.6', () => {
    expect(finalModelExpectedD(applyPreset('baseline'))).toBeCloseTo(86_796.89, 1);
    expect(finalModelExpectedD(applyPreset('token-focused'))).toBeCloseTo(327_036.89, 1);
    expect(finalModelExpectedD(applyPreset('large-community'))).toBeCloseTo(565_394.81, 1);
    expect(errorThreshold(applyPreset('economic-downturn'))).toBeCloseTo(0.4, 12);
    expect(errorThreshold(applyPreset('severe-downturn'))).toBeCloseTo(0.5, 12);
    expect(errorThreshold(applyPreset('extreme-inequality'))).toBeCloseTo(0.3, 12);
  });
  it('reference preset math tests: baseline within threshold, scores 0–100', async () => {
    const s = await runPresetMathTests((p, seed, i) => finalMetrics(runSimulation(p, { seed, runIndex: i })), { seed: 4, model: 'reference' });
    expect(s.rows).toHaveLength(14);
    const base = s.rows.find((r) => r.presetId === 'baseline')!;
    expect(base.pass).toBe(true);
    expect(s.rows.every((r) => r.score >= 0 && r.score <= 100)).toBe(true);
  });
});

describe('sensitivity', () => {
  const run = (p: typeof DEFAULT_PARAMS, seed: number, i: number) => finalMetrics(runSimulation({ ...p, SIMULATION_WEEKS: 52, NUM_MEMBERS: 30 }, { seed, runIndex: i }));
  it('OAT: seeded, paired CIs, base value excluded from the coefficient, reproducible', async () => {
    const spec = { seed: 7, replicates: 5, oat: [{ param: 'GROUP_BUY_SAVINGS_PERCENT' as const, values: [0.05, 0.15, 0.25] }] };
    const a = await runSensitivity(spec, run);
    const b = await runSensitivity(spec, run);
    expect(a).toEqual(b);
    const p = a.parameters[0];
    expect(p.points[1].diff.mean).toBe(0); // v = base: identical streams ⇒ zero difference
    expect(p.points[1].elasticity).toBeNaN();
    expect(p.points[2].diff.mean).toBeGreaterThan(0);
    // Common random numbers: the paired interval is much tighter than the point's own spread.
    expect(p.points[2].diff.halfWidth).toBeLessThan(a.baseline.halfWidth);
    expect(Number.isFinite(p.coefficient)).toBe(true);
  });
  it('grid: Cartesian product of the axes', () => {
    const plan = planSensitivity({ seed: 1, replicates: 2, grid: [{ param: 'NUM_MEMBERS', values: [10, 20] }, { param: 'GROTOKEN_USD_VALUE', values: [1, 2, 3] }] });
    expect(plan.points).toHaveLength(1 + 6);
    expect(plan.jobs).toHaveLength(14);
    const out = analyzeSensitivity({ seed: 1, replicates: 2, grid: [] }, { points: plan.points, jobs: plan.jobs }, plan.jobs.map((j) => j.point * 10 + j.replicate));
    expect(out.points[3].stats.mean).toBeCloseTo(30.5, 12);
    expect(DEFAULT_OAT.find((v) => v.param === 'GROTOKEN_REWARD_PER_WEEK_AVG')!.values).toContain(0.5);
  });
});

describe('Monte Carlo aggregator', () => {
  it('mean/sd exact and binned quantiles within a bin of the exact ones; order guard', () => {
    const runs = 400;
    const agg = new MonteCarloAggregator(10);
    const col5: number[][] = BAND_METRICS.map(() => []);
    const first: number[][] = BAND_METRICS.map(() => []);
    for (let i = 0; i < runs; i++) {
      const r = runSimulation({ NUM_MEMBERS: 20, SIMULATION_WEEKS: 10 }, { seed: 3, runIndex: i });
      agg.add(r.metrics, i);
      BAND_METRICS.forEach((name, j) => {
        col5[j].push(column(r, name)[5]);
        if (i < EXACT_RUNS) first[j].push(column(r, name)[5]);
      });
    }
    expect(() => agg.add(agg.result().mean, 999)).toThrow(/index order/);
    const res = agg.result();
    BAND_METRICS.forEach((name, j) => {
      const k = METRIC_NAMES.indexOf(name);
      const exact = summarize(col5[j]);
      expect(res.mean[k][5], name).toBeCloseTo(exact.mean, 6);
      expect(res.sd[k][5], name).toBeCloseTo(exact.sd, 6);
      // One bin = 2 × (range of the first EXACT_RUNS runs) / BINS.
      const span = Math.max(...first[j]) - Math.min(...first[j]);
      const bin = (2 * span) / BINS + 1e-12;
      expect(Math.abs(res.p5[k][5] - exact.p5), `${name} p5`).toBeLessThanOrEqual(bin);
      expect(Math.abs(res.p50[k][5] - exact.p50), `${name} p50`).toBeLessThanOrEqual(bin);
      expect(Math.abs(res.p95[k][5] - exact.p95), `${name} p95`).toBeLessThanOrEqual(bin);
    });
    expect(res.final.AvgWealth_B.n).toBe(runs);
    expect(res.mean[METRIC_NAMES.indexOf('EconomicVelocity')][0]).toBeNaN(); // undefined at week 0
  });
  it('bands are exact up to EXACT_RUNS runs, and values outside the bins stay exact', () => {
    const W = 3;
    const k = METRIC_NAMES.indexOf('Gini_B');
    const cols = (v: number) => METRIC_NAMES.map(() => new Float64Array(W + 1).fill(v));
    const small = new MonteCarloAggregator(W);
    const vals: number[] = [];
    for (let i = 0; i < EXACT_RUNS; i++) {
      const v = Math.sin(i) * 10;
      vals.push(v);
      small.add(cols(v), i);
    }
    const ex = summarize(vals);
    const r1 = small.result();
    expect([r1.p5[k][2], r1.p50[k][2], r1.p95[k][2]]).toEqual([ex.p5, ex.p50, ex.p95]);
    // After the switch to bins: a far outlier on each side is an exact order statistic.
    small.add(cols(-1e6), EXACT_RUNS);
    small.add(cols(1e6), EXACT_RUNS + 1);
    const r2 = small.result();
    expect(r2.p5[k][2]).toBeGreaterThan(-10);
    expect(r2.p95[k][2]).toBeLessThan(10);
    const many = new MonteCarloAggregator(W);
    for (let i = 0; i < 200; i++) many.add(cols(i < 185 ? i % 7 : 1e9 + i), i);
    // p95 sits at rank 189.05, among the outliers (ranks 185…199 hold 1e9 + 185…199): exact.
    expect(many.result().p95[k][2]).toBeCloseTo(1e9 + 189.05, 3);
  });
});

describe('Monte Carlo bin merging', () => {
  it('packed bin counts lose nothing across flushes, and reading results midway changes nothing', () => {
    const p = { NUM_MEMBERS: 6, SIMULATION_WEEKS: 4 };
    const runs = 700; // binned chunks of up to 64 runs: the packed byte sums flush several times
    const outs = Array.from({ length: runs }, (_, i) => runSimulation(p, { seed: 8, runIndex: i }).metrics);
    const whole = new MonteCarloAggregator(4, 6);
    outs.forEach((m, i) => whole.add(m, i));
    const midway = new MonteCarloAggregator(4, 6);
    outs.forEach((m, i) => {
      midway.add(m, i);
      if (i === 300 || i === 301 || i === 555) midway.result();
    });
    const a = whole.result();
    const b = midway.result();
    for (const key of ['p5', 'p50', 'p95'] as const) a[key].forEach((c, k) => expect(Array.from(b[key][k]), `${key} ${METRIC_NAMES[k]}`).toEqual(Array.from(c)));
    // Against exact quantiles: within one bin for every band cell of week 2.
    BAND_METRICS.forEach((name) => {
      const k = METRIC_NAMES.indexOf(name);
      const vals = outs.map((m) => m[k][2]);
      const ex = summarize(vals);
      const firstVals = vals.slice(0, EXACT_RUNS);
      const bin = (2 * (Math.max(...firstVals) - Math.min(...firstVals))) / BINS + 1e-9 * Math.max(1, Math.abs(ex.p50));
      expect(Math.abs(a.p50[k][2] - ex.p50), name).toBeLessThanOrEqual(bin);
      expect(Math.abs(a.p95[k][2] - ex.p95), name).toBeLessThanOrEqual(bin);
    });
  });
});

describe('performance paths keep results exact', () => {
  it('Monte Carlo bands for BAND_METRICS (ordered p5 ≤ p50 ≤ p95); mean/sd and exact finals for every metric', () => {
    const agg = new MonteCarloAggregator(6);
    for (let i = 0; i < 12; i++) agg.add(runSimulation({ NUM_MEMBERS: 15, SIMULATION_WEEKS: 6 }, { seed: 9, runIndex: i }).metrics, i);
    const r = agg.result();
    METRIC_NAMES.forEach((name, k) => {
      const banded = (BAND_METRICS as readonly string[]).includes(name);
      const undefinedAtWeek0 = name === 'EconomicVelocity' || name === 'MarketEfficiency' || name === 'EconomicDiversity' || name.endsWith('_Trend');
      expect(Number.isNaN(r.p50[k][3]), name).toBe(!banded);
      if (banded) expect(r.p5[k][3] <= r.p50[k][3] && r.p50[k][3] <= r.p95[k][3], name).toBe(true);
      expect(Number.isFinite(r.mean[k][0]), name).toBe(!undefinedAtWeek0);
      expect(r.final[name].n, name).toBe(12);
    });
  });
  it('aggregating in chunks (as the workers do) gives the same bits as add(), and chunks must merge in order', () => {
    const p = { NUM_MEMBERS: 12, SIMULATION_WEEKS: 8 };
    const runs = 150; // exact phase (8-run chunks) then binned chunks that shrink towards the end
    const outs = Array.from({ length: runs }, (_, i) => runSimulation(p, { seed: 4, runIndex: i }).metrics);
    const a = new MonteCarloAggregator(8, 12, runs);
    outs.forEach((m, i) => a.add(m, i));
    const b = new MonteCarloAggregator(8, 12, runs);
    const plan = chunkPlan(runs, 8, 12);
    expect(plan.slice(0, 8).every((c) => c.count === 8)).toBe(true);
    expect(plan.at(-1)!.first + plan.at(-1)!.count).toBe(runs);
    // Chunks shrink towards the end (so workers finish together), never below 8 runs but the last.
    const big = chunkPlan(1000, 156, 50);
    expect(big.reduce((s, c) => s + c.count, 0)).toBe(1000);
    expect(big.slice(8, 15).every((c) => c.count === 64)).toBe(true);
    const tail = big.slice(-12).map((c) => c.count);
    expect(tail.every((k, i) => i === 0 || k <= tail[i - 1])).toBe(true);
    expect(Math.max(...big.slice(-4).map((c) => c.count))).toBeLessThanOrEqual(8);
    expect(big.slice(8, -1).every((c) => c.count >= 8)).toBe(true);
    // Big runs go in small chunks (a cancel drops the chunks in progress): 1,000,000 × 52 one by one.
    expect(chunkPlan(100, 52, 1_000_000).every((c) => c.count === 1)).toBe(true);
    expect(Math.max(...chunkPlan(1000, 260, 1000).map((c) => c.count))).toBe(15); // 4,000,000 agent-weeks / 260,000
    for (const c of plan) {
      const acc = new ChunkAccumulator(8, c.first, c.count, c.first >= EXACT_RUNS ? b.edges : null);
      for (let i = c.first; i < c.first + c.count; i++) acc.add(outs[i]);
      if (c.index === 9) expect(() => new MonteCarloAggregator(8).merge(acc.finish())).toThrow(/in order/);
      b.merge(acc.finish());
    }
    const ra = a.result();
    const rb = b.result();
    for (const key of ['mean', 'sd', 'p5', 'p50', 'p95'] as const) ra[key].forEach((c, k) => expect(bytesOf(c).equals(bytesOf(rb[key][k])), `${key} ${METRIC_NAMES[k]}`).toBe(true));
    expect(ra.final).toEqual(rb.final);
    // Binned chunks simulated before the edges were fixed arrive exact and are binned at the
    // merge: same bits (the pool dispatches such chunks while the exact runs are still merging).
    const c2 = new MonteCarloAggregator(8, 12, runs);
    let early = 0;
    for (const c of plan) {
      const edges = c.first >= EXACT_RUNS && c.index % 2 === 0 ? c2.edges : null;
      if (c.first >= EXACT_RUNS && !edges) early++;
      const acc = new ChunkAccumulator(8, c.first, c.count, edges);
      for (let i = c.first; i < c.first + c.count; i++) acc.add(outs[i]);
      c2.merge(acc.finish());
    }
    expect(early).toBeGreaterThan(0);
    const rc = c2.result();
    // Such a chunk whose edges arrive while it is simulated (the worker reads them when done,
    // useEdges) bins its exact values itself: the same bits again.
    const e = new MonteCarloAggregator(8, 12, runs);
    let late = 0;
    for (const c of plan) {
      const early = c.first >= EXACT_RUNS && c.index % 2 === 1;
      const acc = new ChunkAccumulator(8, c.first, c.count, c.first >= EXACT_RUNS && !early ? e.edges : null);
      for (let i = c.first; i < c.first + c.count; i++) acc.add(outs[i]);
      if (early) {
        acc.useEdges(e.edges!);
        late++;
      }
      const part = acc.finish();
      expect(part.exact === null).toBe(c.first >= EXACT_RUNS);
      e.merge(part);
    }
    expect(late).toBeGreaterThan(0);
    expect(() => new ChunkAccumulator(8, 0, 8, null).useEdges(e.edges!)).toThrow(/exact runs/);
    const re = e.result();
    for (const key of ['mean', 'sd', 'p5', 'p50', 'p95'] as const) ra[key].forEach((c, k) => expect(bytesOf(c).equals(bytesOf(re[key][k])), `binned late ${key} ${METRIC_NAMES[k]}`).toBe(true));
    expect(re.final).toEqual(ra.final);
    for (const key of ['mean', 'sd', 'p5', 'p50', 'p95'] as const) ra[key].forEach((c, k) => expect(bytesOf(c).equals(bytesOf(rc[key][k])), `late-binned ${key} ${METRIC_NAMES[k]}`).toBe(true));
    expect(rc.final).toEqual(ra.final);
    // A merged partial's buffer handed to the next ChunkAccumulator (as the pool recycles them) is
    // reused and cleared: filled with junk first, the partial is identical to one in a fresh buffer.
    let reused = 0;
    let spare: ArrayBuffer | null = null;
    const d = new MonteCarloAggregator(8, 12, runs);
    for (const c of plan) {
      if (spare) new Uint8Array(spare).fill(0x5a);
      const acc = new ChunkAccumulator(8, c.first, c.count, c.first >= EXACT_RUNS ? d.edges : null, spare);
      const fresh = new ChunkAccumulator(8, c.first, c.count, c.first >= EXACT_RUNS ? d.edges : null);
      for (let i = c.first; i < c.first + c.count; i++) {
        acc.add(outs[i]);
        fresh.add(outs[i]);
      }
      const part = acc.finish();
      if (spare && partialBuffer(part) === spare) reused++;
      expect(part).toEqual(fresh.finish());
      d.merge(part);
      spare = partialBuffer(part);
    }
    expect(reused).toBeGreaterThan(plan.length / 2);
    const rd = d.result();
    for (const key of ['mean', 'sd', 'p5', 'p50', 'p95'] as const) ra[key].forEach((c, k) => expect(bytesOf(c).equals(bytesOf(rd[key][k])), `recycled ${key} ${METRIC_NAMES[k]}`).toBe(true));
  });
  it('radix falls back safely when many values share their high word', () => {
    const n = 5000;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = 1000 + ((i * 7919) % n) * 1e-12;
    const expected = Float64Array.from(keys).sort();
    for (const need of [true, false]) {
      const s = new WeeklySorter(n);
      s.sort(keys, 'radix', need);
      expect(Array.from(s.sorted)).toEqual(Array.from(expected));
      if (need) for (let i = 0; i < n; i++) expect(keys[s.ord[i]]).toBe(s.sorted[i]);
    }
  });
});

describe('phase timings (bench breakdown)', () => {
  it('timings accumulate every phase and change no result bit', () => {
    const p = { NUM_MEMBERS: 400, SIMULATION_WEEKS: 30 };
    const t = new Float64Array(TIMING_PHASES.length);
    const a = runSimulation(p, { seed: 5, timings: t });
    const b = runSimulation(p, { seed: 5 });
    a.metrics.forEach((c, k) => expect(bytesOf(c).equals(bytesOf(b.metrics[k])), METRIC_NAMES[k]).toBe(true));
    for (let k = 0; k < t.length; k++) expect(t[k], TIMING_PHASES[k]).toBeGreaterThan(0);
    const before = Array.from(t);
    runSimulation(p, { seed: 6, timings: t });
    for (let k = 0; k < t.length; k++) expect(t[k]).toBeGreaterThan(before[k]); // adds, never resets
  });
});

describe('recycled metric buffers', () => {
  it('a reused buffer gives the same columns as a fresh run, across runs and week counts', () => {
    const p = { NUM_MEMBERS: 30, SIMULATION_WEEKS: 40 };
    const fresh = runSimulation(p, { seed: 9, runIndex: 2 }).metrics.map((c) => Array.from(c));
    const buf = new ArrayBuffer(METRIC_NAMES.length * 41 * 8);
    runSimulation(p, { seed: 9, runIndex: 5, metricsBuffer: buf });
    const again = runSimulation(p, { seed: 9, runIndex: 2, metricsBuffer: buf });
    expect(again.metrics[0].buffer).toBe(buf);
    expect(again.metrics.map((c) => Array.from(c))).toEqual(fresh);
    // Fewer weeks in the same (large enough) buffer: columns are re-laid out for 21 rows.
    const short = runSimulation({ ...p, SIMULATION_WEEKS: 20 }, { seed: 9, runIndex: 2, metricsBuffer: buf });
    expect(short.metrics[METRIC_NAMES.indexOf('Week')].length).toBe(21);
    expect(Array.from(short.metrics[METRIC_NAMES.indexOf('Gini_B')])).toEqual(fresh[METRIC_NAMES.indexOf('Gini_B')].slice(0, 21));
    expect(() => runSimulation({ ...p, SIMULATION_WEEKS: 60 }, { seed: 9, metricsBuffer: buf })).toThrow(/metricsBuffer must hold/);
  });
});
