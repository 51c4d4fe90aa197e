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
// The second suite does the same for the Next.js rules (§3.3), with the §7 item 9–13 fixes as nextjs.ts
// documents them, through the same metrics.
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, M, Rng, parseParams, runSimulation, type MetricName, type ModelId, type ShockWindow, type SimParams } from '../../../src-shared/engine';
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

interface Member {
  w0: number;
  a: number;
  food: number;
  tokens: number;
  b: number;
  budget: number;
  prop: number;
  income: number;
}
type Flow = { paidInt: number; paidExt: number; spent: number; planInt: number };

/**
 * The Next.js rules (§3.3) with the fixes nextjs.ts documents for §7 items 9–13: stress flags after
 * the add-ons; stressed A capped at 0.9 × (wealth + income); s_eff clamped to [0, 1] and the
 * inequality factor a penalty only; the inequality regime from the initial Gini of A; the propensity
 * adjustment by the true percentile rank (average ties / n). Adjusts the raw propensities in place.
 */
function nextjsRules(p: SimParams, members: Member[], rank0: number[]) {
  const n = p.NUM_MEMBERS;
  const avg = p.PERCENT_SPEND_INTERNAL_AVG;
  const ineq = Math.min(1, p.INITIAL_WEALTH_SIGMA_LOG / 1.5);
  if (ineq > 0.5) {
    members.forEach((m, i) => {
      const q = Math.min(4, Math.floor(5 * rank0[i]));
      if (q <= 1) m.prop += ineq > 0.8 && avg > 0.4 ? 0.05 : -0.1 * ineq;
      else if (q >= 3) m.prop += ((p.GROUP_BUY_SAVINGS_PERCENT + p.GROTOKEN_USD_VALUE / 5) / 0.3 - 1) * 0.1;
    });
  }
  const r = p.WEEKLY_INCOME_AVG / p.WEEKLY_FOOD_BUDGET_AVG;
  let stress = r < 2 ? Math.min(1, Math.max(0, (2 - r) / 1.5)) : 0;
  if (p.WEEKLY_INCOME_AVG < 120) stress = Math.min(1, stress + 0.3 * (120 - p.WEEKLY_INCOME_AVG) / 100);
  if (p.INITIAL_WEALTH_SIGMA_LOG > 0.8) stress = Math.min(1, stress + 0.2 * (p.INITIAL_WEALTH_SIGMA_LOG - 0.8) / 0.7);
  const severe = stress >= 0.6;
  let gb = 0.6 + 0.8 / (1 + Math.exp(-0.02 * (n - 75)));
  if (n > 500) gb = Math.max(1, gb - 0.05 * (1 - Math.exp(-(n - 500) / 1000)));
  let lp = 0.9 + (1.2 * Math.exp(-((n - 150) ** 2) / (2 * 200 ** 2)) - 0.7);
  if (n <= 20) lp = Math.max(0.8 + 0.1 * n / 20, lp);
  const sAvg = (p.GROUP_BUY_SAVINGS_PERCENT * gb + p.LOCAL_PRODUCTION_SAVINGS_PERCENT * lp) / 2;
  const g0 = gini(members.map((m) => m.w0));
  const coopMult = avg >= 0.6 ? 1 + 0.5 * (avg - 0.6) : avg < 0.3 ? 0.8 + 0.2 * avg / 0.3 : 1;
  return {
    step(m: Member, income: number, budget: number, z: number, flow: Flow) {
      const pre = m.a;
      let budgetA = budget;
      if (stress > 0) {
        const costAdj = 1 + 0.25 * stress * Math.max(0.8, 1.2 - 0.2 * m.income / p.WEEKLY_INCOME_AVG);
        budgetA = Math.min(Math.min(budget * costAdj, income + pre * (severe ? 0.25 : 0.15)), 0.9 * (pre + income));
        if (severe) budgetA = Math.max(0.8 * budget, budgetA);
      }
      m.a = pre + income;
      m.a = Math.max(0, m.a - Math.min(budgetA, m.a));
      m.food += income;
      const rel = m.prop / Math.max(0.1, avg);
      let budgetB = budget;
      if (stress > 0) {
        const cut = 0.4 * stress * (1 + 0.3 * n / (n + 50)) * (1 + 0.5 * avg) * (0.8 + 0.4 * Math.min(1.5, rel)) * (1 + 0.5 * stress);
        budgetB = budget * Math.max(0.5, 1 - cut);
        if (severe) {
          const vuln = 1 - Math.min(1, m.food / (8 * budget));
          budgetB = Math.max(0.6 * budget, budgetB * (1 - 0.2 * vuln * avg));
        }
      }
      let pf = avg >= 0.6 ? Math.min(1.2, 0.8 + 0.4 * rel) * (avg > 0.7 ? 1 + 0.5 * (avg - 0.7) : 1)
        : avg >= 0.3 ? Math.min(1.1, 0.7 + 0.4 * rel)
          : m.prop < 0.2 ? Math.max(0.4, 3 * m.prop) : Math.min(1, 0.6 + 0.4 * rel);
      if (g0 > 0.4) pf *= 1 - Math.max(0, (g0 > 0.5 ? 0.2 : 0.1) - 0.5 * Math.max(0, avg - 0.3));
      const sEff = Math.min(1, Math.max(0, sAvg * pf));
      const costInt = budgetB * m.prop * (1 - sEff);
      const costExt = budgetB * (1 - m.prop);
      const total = costInt + costExt;
      const spend = Math.min(total, m.food);
      m.food = Math.max(0, m.food - spend);
      const fee = Math.min(p.WEEKLY_COOP_FEE_B, m.food);
      m.food = Math.max(0, m.food - fee);
      m.tokens += Math.max(0, p.GROTOKEN_REWARD_PER_WEEK_AVG + p.GROTOKEN_REWARD_STDDEV * z) * (0.7 + 0.6 * m.prop) * coopMult;
      m.b = m.food + m.tokens * p.GROTOKEN_USD_VALUE;
      const ratio = total > 1e-6 ? spend / total : 0;
      flow.paidInt += costInt * ratio;
      flow.paidExt += costExt * ratio;
      flow.spent += spend + fee;
      flow.planInt += costInt;
    },
  };
}

interface Oracle {
  cols: Record<string, number[]>;
  events: { week: number; type: string }[];
}

function oracle(input: Partial<SimParams>, seed: number, runIndex: number, shock?: ShockWindow, model: ModelId = 'reference'): Oracle {
  const p = parseParams(input);
  const n = p.NUM_MEMBERS;
  const init = new Rng(seed, runIndex, INIT_STREAM);
  const members: Member[] = Array.from({ length: n }, () => {
    const [zw, zb, zp, zi] = [init.nextNormal(), init.nextNormal(), init.nextNormal(), init.nextNormal()];
    const w0 = Math.max(0, Math.exp(p.INITIAL_WEALTH_MEAN_LOG + p.INITIAL_WEALTH_SIGMA_LOG * zw));
    return {
      w0, a: w0, food: w0, tokens: 0, b: w0,
      budget: Math.max(p.MIN_WEEKLY_BUDGET, p.WEEKLY_FOOD_BUDGET_AVG + p.WEEKLY_FOOD_BUDGET_STDDEV * zb),
      prop: p.PERCENT_SPEND_INTERNAL_AVG + p.PERCENT_SPEND_INTERNAL_STDDEV * zp, // clipped below, after the T1 adjustment
      income: Math.max(p.MIN_WEEKLY_INCOME, p.WEEKLY_INCOME_AVG + p.WEEKLY_INCOME_STDDEV * zi),
    };
  });
  const rank0 = rankPct(members.map((m) => m.w0));
  const t1 = model === 'nextjs' ? nextjsRules(p, members, rank0) : null;
  for (const m of members) m.prop = Math.min(1, Math.max(0, m.prop));
  const s = (p.GROUP_BUY_SAVINGS_PERCENT + p.LOCAL_PRODUCTION_SAVINGS_PERCENT) / 2;
  const line = 4 * p.WEEKLY_FOOD_BUDGET_AVG;
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
    const flow: Flow = { paidInt: 0, paidExt: 0, spent: 0, planInt: 0 };
    for (const m of members) {
      const income = m.income * im;
      const budget = m.budget * bm;
      const z = rewards.nextNormal();
      if (t1) {
        t1.step(m, income, budget, z, flow);
        continue;
      }
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
      m.tokens += Math.max(0, p.GROTOKEN_REWARD_PER_WEEK_AVG + p.GROTOKEN_REWARD_STDDEV * z);
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
function differences(params: Partial<SimParams>, seed: number, shock?: ShockWindow, model: ModelId = 'reference'): string[] {
  const o = oracle(params, seed, 2, shock, model);
  const r = runSimulation(params, { seed, runIndex: 2, shock, model });
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

describe('Next.js model against a plain re-implementation of §3.3 with the fixes nextjs.ts documents', () => {
  const cases: [string, Partial<SimParams>, ShockWindow?][] = [
    ['defaults (40 × 60)', { NUM_MEMBERS: 40, SIMULATION_WEEKS: 60 }],
    ['weak cooperation, 20 members (tiny-community local production, low-participation branch)', { NUM_MEMBERS: 20, PERCENT_SPEND_INTERNAL_AVG: 0.2, GROUP_BUY_SAVINGS_PERCENT: 0.1, LOCAL_PRODUCTION_SAVINGS_PERCENT: 0.1, SIMULATION_WEEKS: 40 }],
    ['strong cooperation above 0.7, 37 members', { NUM_MEMBERS: 37, PERCENT_SPEND_INTERNAL_AVG: 0.8, GROUP_BUY_SAVINGS_PERCENT: 0.25, LOCAL_PRODUCTION_SAVINGS_PERCENT: 0.3, SIMULATION_WEEKS: 40 }],
    ['economic downturn (stress, no severe)', { WEEKLY_INCOME_AVG: 120, WEEKLY_FOOD_BUDGET_AVG: 80, SIMULATION_WEEKS: 60 }],
    ['severe stress with mutual aid (income = budget)', { WEEKLY_INCOME_AVG: 80, WEEKLY_FOOD_BUDGET_AVG: 80, WEEKLY_INCOME_STDDEV: 30, SIMULATION_WEEKS: 60 }],
    ['severe stress at low participation, 10 members (mutual aid above its 0.6 floor)', { NUM_MEMBERS: 10, WEEKLY_INCOME_AVG: 130, WEEKLY_FOOD_BUDGET_AVG: 120, PERCENT_SPEND_INTERNAL_AVG: 0.2, SIMULATION_WEEKS: 30 }],
    ['extreme inequality, 100 members (propensity adjustment, high-inequality factor)', { INITIAL_WEALTH_SIGMA_LOG: 1.5, WEEKLY_INCOME_STDDEV: 150, NUM_MEMBERS: 100, SIMULATION_WEEKS: 40 }],
    ['sigma 0.85 (initial Gini between 0.4 and 0.5), savings inputs at 1 (s_eff clamped)', { INITIAL_WEALTH_SIGMA_LOG: 0.85, GROUP_BUY_SAVINGS_PERCENT: 1, LOCAL_PRODUCTION_SAVINGS_PERCENT: 1, PERCENT_SPEND_INTERNAL_AVG: 0.4, SIMULATION_WEEKS: 30 }],
    ['600 members (group-buying coordination penalty)', { NUM_MEMBERS: 600, SIMULATION_WEEKS: 8 }],
    ['cost shock in a window under stress', { NUM_MEMBERS: 30, WEEKLY_INCOME_AVG: 110, SIMULATION_WEEKS: 50 }, { type: 'cost_increase', magnitude: 0.5, startWeek: 5, duration: 10 }],
  ];
  for (const [name, params, shock] of cases) {
    it(`${name}: every metric, every week, and the key events agree`, () => {
      for (const seed of [1, 29]) expect(differences(params, seed, shock, 'nextjs'), `seed ${seed}`).toEqual([]);
    });
  }
});
