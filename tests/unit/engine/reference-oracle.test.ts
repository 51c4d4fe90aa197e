// An independent, deliberately plain implementation of the reference rules (spec/engine.md §3.1–3.2)
// and of every §4 metric, driven by the engine's own random streams (init stream: 4 normals per member
// in id order; week w: one normal per member from stream WEEK_STREAM_BASE + w − 1). It shares no code
// with simulate.ts/metrics.ts beyond Rng and parseParams: arrays of numbers, member by member, one sort
// per metric. Every metric column must agree at every week, in regimes that exercise the engine's fast
// paths: members running dry (the "short" flow sums), income floors, shocks (planned × multiplier sums),
// tiny and one-member communities (percentile and gap edges), zero budgets and ties (mobility ranks).
// Documented §7 choices are taken as the engine states them (metrics.ts): week 0 recorded, Year/Quarter
// of the 1-based week, WealthGap NaN instead of +∞, the P2 formulas for the six advanced metrics,
// RiskResilience's stability clamped to [0, 1], flow metrics NaN at week 0.
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, M, Rng, parseParams, runSimulation, type MetricName, type ShockWindow, type SimParams } from '../../../src-shared/engine';
import { INIT_STREAM, WEEK_STREAM_BASE } from '../../../src-shared/engine/rng';

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
const mean = (v: number[]) => (v.length ? sum(v) / v.length : 0);
const sortedClamped = (v: number[]) => v.map((x) => Math.max(0, x)).sort((a, b) => a - b);
/** numpy's default percentile: linear interpolation at (n − 1)·q/100. */
function pct(v: number[], q: number): number {
  const s = [...v].sort((a, b) => a - b);
  const pos = ((s.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
function gini(v: number[]): number {
  const s = sortedClamped(v);
  const n = s.length;
  const t = sum(s);
  if (!n || t === 0) return 0;
  let w = 0;
  s.forEach((x, i) => (w += (2 * (i + 1) - n - 1) * x));
  return Math.max(0, w / (n * t));
}
function gap(v: number[]): number {
  const n = v.length;
  if (n < 5) return NaN;
  const s = sortedClamped(v);
  const top = s.slice(Math.floor(0.8 * n));
  const bottom = s.slice(0, Math.floor(0.2 * n));
  return mean(bottom) <= 1e-6 ? NaN : mean(top) / mean(bottom);
}
function bottom20(v: number[]): number {
  const n = v.length;
  const s = sortedClamped(v);
  if (n < 5 || sum(s) <= 1e-6) return 0;
  return sum(s.slice(0, Math.floor(0.2 * n))) / sum(s);
}
/** Average-tie rank / n (pandas rank(pct=True)), as P2's percentile ranks. */
function rankPct(v: number[]): number[] {
  const n = v.length;
  const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array<number>(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && v[order[j + 1]] === v[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j + 2) / 2 / n;
    i = j + 1;
  }
  return r;
}
const trend = (cur: number, prev: number) => (Number.isNaN(cur) || Number.isNaN(prev) ? NaN : Math.abs(prev) > 1e-6 ? (cur - prev) / Math.abs(prev) : Math.sign(cur - prev));
function multipliers(shock: ShockWindow | undefined, week: number): [number, number] {
  if (!shock || week <= shock.startWeek || week > shock.startWeek + shock.duration) return [1, 1];
  const m = shock.magnitude;
  return shock.type === 'income_reduction' ? [1 - m, 1] : shock.type === 'cost_increase' ? [1, 1 + m] : [1 - 0.7 * m, 1 + 0.5 * m];
}

interface Oracle {
  cols: Record<string, number[]>;
  events: { week: number; type: string }[];
}

function oracle(input: Partial<SimParams>, seed: number, runIndex: number, shock?: ShockWindow): Oracle {
  const p = parseParams(input);
  const n = p.NUM_MEMBERS;
  const init = new Rng(seed, runIndex, INIT_STREAM);
  const members = Array.from({ length: n }, () => {
    const [zw, zb, zp, zi] = [init.nextNormal(), init.nextNormal(), init.nextNormal(), init.nextNormal()];
    const w0 = Math.max(0, Math.exp(p.INITIAL_WEALTH_MEAN_LOG + p.INITIAL_WEALTH_SIGMA_LOG * zw));
    return {
      w0, a: w0, food: w0, tokens: 0, b: w0,
      budget: Math.max(p.MIN_WEEKLY_BUDGET, p.WEEKLY_FOOD_BUDGET_AVG + p.WEEKLY_FOOD_BUDGET_STDDEV * zb),
      prop: Math.min(1, Math.max(0, p.PERCENT_SPEND_INTERNAL_AVG + p.PERCENT_SPEND_INTERNAL_STDDEV * zp)),
      income: Math.max(p.MIN_WEEKLY_INCOME, p.WEEKLY_INCOME_AVG + p.WEEKLY_INCOME_STDDEV * zi),
    };
  });
  const s = (p.GROUP_BUY_SAVINGS_PERCENT + p.LOCAL_PRODUCTION_SAVINGS_PERCENT) / 2;
  const line = 4 * p.WEEKLY_FOOD_BUDGET_AVG;
  const rank0 = rankPct(members.map((m) => m.w0));
  const cols: Record<string, number[]> = {};
  const put = (k: string, v: number) => (cols[k] ??= []).push(v);
  const record = (week: number, flow: { paidInt: number; paidExt: number; spent: number; planInt: number } | null) => {
    put('Week', week);
    put('Year', week <= 0 ? 1 : Math.floor((week - 1) / 52) + 1);
    put('Quarter', week <= 0 ? 1 : Math.floor(((week - 1) % 52) / 13) + 1);
    const lists = { A: members.map((m) => m.a), B: members.map((m) => m.b) };
    for (const [x, v] of Object.entries(lists)) {
      put(`AvgWealth_${x}`, mean(v));
      put(`MedianWealth_${x}`, pct(v, 50));
      put(`TotalWealth_${x}`, sum(v));
      for (const q of [20, 40, 60, 80]) put(`WealthQuintiles_${x}_P${q}`, pct(v, q));
      put(`Top10Percent_${x}`, pct(v, 90));
      put(`Bottom10Percent_${x}`, pct(v, 10));
      put(`Gini_${x}`, gini(v));
      put(`WealthGap_${x}`, gap(v));
      put(`PovertyRate_${x}`, v.filter((w) => w < line).length / n);
    }
    const B = lists.B;
    const totalB = sum(B);
    put('Bottom20PctShare', bottom20(B));
    const moves = rankPct(B).map((r, i) => r - rank0[i]);
    const up = moves.filter((d) => d > 0);
    put('WealthMobility', mean(moves.map(Math.abs)));
    put('WealthMobilityScore', up.length ? mean(up) : 0);
    const meanProp = mean(members.map((m) => m.prop));
    const safety = 1 - B.filter((w) => w < line).length / n;
    for (const k of ['LocalEconomyStrength', 'CommunityEngagement']) put(k, meanProp);
    for (const k of ['SocialSafetyNet', 'CommunityResilience', 'SustainabilityScore']) put(k, safety);
    put('InnovationIndex', (members.filter((m) => m.tokens > 0).length / n + meanProp) / 2);
    const tokenUsd = sum(members.map((m) => m.tokens)) * p.GROTOKEN_USD_VALUE;
    put('AvgTokenValue_B', tokenUsd / n);
    put('InnovationAdoption', totalB > 1e-6 ? tokenUsd / totalB : 0);
    const mb = mean(B);
    const sd = Math.sqrt(mean(B.map((x) => (x - mb) ** 2))); // population sd (np.std)
    put('RiskResilience', (safety + (mb > 1e-6 ? Math.min(1, Math.max(0, 1 - sd / mb)) : 0)) / 2);
    put('WealthDifference', totalB - sum(lists.A));
    if (!flow) {
      for (const k of ['EconomicVelocity', 'MarketEfficiency', 'EconomicDiversity']) put(k, NaN);
    } else {
      const food = flow.paidInt + flow.paidExt;
      put('EconomicVelocity', totalB > 1e-6 ? flow.spent / totalB : 0);
      put('MarketEfficiency', flow.planInt > 1e-6 ? Math.min(1, flow.paidInt / flow.planInt) : 0);
      const si = food > 1e-6 ? flow.paidInt / food : 0;
      const se = food > 1e-6 ? flow.paidExt / food : 0;
      put('EconomicDiversity', food > 1e-6 ? Math.min(1, Math.max(0, 2 * (1 - si * si - se * se))) : 0);
    }
  };
  record(0, null);
  for (let week = 1; week <= p.SIMULATION_WEEKS; week++) {
    const rewards = new Rng(seed, runIndex, WEEK_STREAM_BASE + week - 1);
    const [im, bm] = multipliers(shock, week);
    const flow = { paidInt: 0, paidExt: 0, spent: 0, planInt: 0 };
    for (const m of members) {
      const income = m.income * im;
      const budget = m.budget * bm;
      // Scenario A: income in, food at full price out, never below 0.
      m.a += income;
      m.a = Math.max(0, m.a - Math.min(budget, m.a));
      // Scenario B: same income, internal share at the averaged discount, then the fee, then the reward.
      m.food += income;
      const costInt = budget * m.prop * (1 - s);
      const costExt = budget * (1 - m.prop);
      const total = costInt + costExt;
      const spend = Math.min(total, m.food);
      m.food = Math.max(0, m.food - spend);
      const fee = Math.min(p.WEEKLY_COOP_FEE_B, m.food);
      m.food = Math.max(0, m.food - fee);
      m.tokens += Math.max(0, p.GROTOKEN_REWARD_PER_WEEK_AVG + p.GROTOKEN_REWARD_STDDEV * rewards.nextNormal());
      m.b = m.food + m.tokens * p.GROTOKEN_USD_VALUE;
      const ratio = total > 1e-6 ? spend / total : 0;
      flow.paidInt += costInt * ratio;
      flow.paidExt += costExt * ratio;
      flow.spent += spend + fee;
      flow.planInt += costInt;
    }
    record(week, flow);
  }
  for (const base of ['AvgWealth_B', 'Gini_B', 'PovertyRate_B', 'LocalEconomyStrength', 'CommunityResilience', 'EconomicVelocity', 'SocialSafetyNet', 'InnovationIndex', 'SustainabilityScore', 'CommunityEngagement']) {
    cols[`${base}_Trend`] = cols[base].map((v, w) => (w === 0 ? NaN : trend(v, cols[base][w - 1])));
  }
  // Key events (§3.4): from week 2 on, each week against the previous one.
  const events: Oracle['events'] = [];
  for (let w = 2; w <= p.SIMULATION_WEEKS; w++) {
    if (cols.Gini_B[w] < 0.95 * cols.Gini_B[w - 1]) events.push({ week: w, type: 'equality_improvement' });
    if (cols.PovertyRate_B[w] < 0.9 * cols.PovertyRate_B[w - 1]) events.push({ week: w, type: 'poverty_reduction' });
  }
  return { cols, events };
}

/** Differences beyond rounding (relative 1e-9, or 1e-9 absolute near 0), one line per metric. */
function differences(params: Partial<SimParams>, seed: number, shock?: ShockWindow): string[] {
  const o = oracle(params, seed, 2, shock);
  const r = runSimulation(params, { seed, runIndex: 2, shock });
  const out: string[] = [];
  for (const name of METRIC_NAMES) {
    const want = o.cols[name];
    if (!want) {
      out.push(`${name}: not computed by the oracle`);
      continue;
    }
    const got = r.metrics[M[name as MetricName]];
    for (let w = 0; w < want.length; w++) {
      const a = want[w];
      const b = got[w];
      const ok = Number.isNaN(a) ? Number.isNaN(b) : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
      if (!ok) {
        out.push(`${name} week ${w}: oracle ${a}, engine ${b}`);
        break;
      }
    }
  }
  const ev = r.keyEvents.map((e) => `${e.week} ${e.type}`);
  const want = o.events.map((e) => `${e.week} ${e.type}`);
  if (ev.join() !== want.join()) out.push(`key events: oracle [${want.join(', ')}], engine [${ev.join(', ')}]`);
  return out;
}

describe('reference model against a plain re-implementation of §3.2 and §4 (same random streams)', () => {
  const cases: [string, Partial<SimParams>, ShockWindow?][] = [
    ['defaults (40 × 60)', { NUM_MEMBERS: 40, SIMULATION_WEEKS: 60 }],
    ['severe downturn: many members run dry', { WEEKLY_INCOME_AVG: 100, WEEKLY_FOOD_BUDGET_AVG: 80, WEEKLY_INCOME_STDDEV: 30, SIMULATION_WEEKS: 80 }],
    ['extreme inequality, 100 members', { INITIAL_WEALTH_SIGMA_LOG: 1.5, WEEKLY_INCOME_STDDEV: 150, NUM_MEMBERS: 100, SIMULATION_WEEKS: 40 }],
    ['income floor above some budgets, big fee, 37 members (0.2n and 0.8n not whole)', { NUM_MEMBERS: 37, MIN_WEEKLY_INCOME: 60, WEEKLY_INCOME_AVG: 70, WEEKLY_INCOME_STDDEV: 60, WEEKLY_COOP_FEE_B: 25, MIN_WEEKLY_BUDGET: 50, SIMULATION_WEEKS: 50 }],
    ['propensity sd 1: many members at 0 and 1', { PERCENT_SPEND_INTERNAL_STDDEV: 1, GROUP_BUY_SAVINGS_PERCENT: 1, LOCAL_PRODUCTION_SAVINGS_PERCENT: 0.9, SIMULATION_WEEKS: 30 }],
    ['no income: everyone runs dry, ties at $0 without tokens', { WEEKLY_INCOME_AVG: 0, WEEKLY_INCOME_STDDEV: 0, GROTOKEN_REWARD_PER_WEEK_AVG: 0, GROTOKEN_REWARD_STDDEV: 0, INITIAL_WEALTH_MEAN_LOG: 5, SIMULATION_WEEKS: 40 }],
    ['three members (no wealth gap, empty bottom 20%)', { NUM_MEMBERS: 3, SIMULATION_WEEKS: 20 }],
    ['one member', { NUM_MEMBERS: 1, SIMULATION_WEEKS: 12 }],
    ['market disruption inside a window', { NUM_MEMBERS: 60, WEEKLY_INCOME_AVG: 110, SIMULATION_WEEKS: 70 }, { type: 'market_disruption', magnitude: 0.9, startWeek: 10, duration: 20 }],
    ['income shock to zero from week 1, 23 members', { NUM_MEMBERS: 23, SIMULATION_WEEKS: 40 }, { type: 'income_reduction', magnitude: 1, startWeek: 0, duration: 15 }],
  ];
  for (const [name, params, shock] of cases) {
    it(`${name}: every metric, every week, and the key events agree`, () => {
      for (const seed of [1, 29]) expect(differences(params, seed, shock), `seed ${seed}`).toEqual([]);
    });
  }
});
