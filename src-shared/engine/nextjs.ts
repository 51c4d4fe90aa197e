// The Next.js rule set (spec/engine.md §3.3, upstream "T1"), selectable with model: 'nextjs'.
// Upstream bugs fixed here (§7 items 9–14), everything else as specified:
// - 9:  downturn/severe flags are set from the final stress, after the low-income and σ add-ons.
// - 10: stressed A caps spending at 0.9 × (wealth + this week's income), not pre-income wealth, so
//       a member at $0 still buys food from income.
// - 11: the effective savings rate is clamped to [0, 1]; the inequality adjustment of the network
//       factor is a penalty reduced by participation, never a bonus: pf ×= 1 − max(0, pen − 0.5·max(0, avg − 0.3)).
// - 12: the inequality regime uses the Gini of the *initial* A wealth, fixed for the run.
// - 13: the propensity adjustment uses each member's true percentile rank of initial wealth.
// - 14: dead code (logistic size factor, size booleans) is not reproduced; the usage rate fed only
//       metrics that are now computed from spending, so it is not drawn.

import { giniCoefficient } from './metrics';
import type { SimParams } from './params';

export interface NextjsWeek {
  spendA: number;
  income: number;
  paidInt: number;
  paidExt: number;
  planInt: number;
  listPaid: number;
  fees: number;
  minted: number;
}

export interface NextjsFactors {
  stress: number;
  downturn: boolean;
  severe: boolean;
  gbScale: number;
  lpScale: number;
  sAvg: number;
  initialGini: number;
  prepare(bud: Float64Array, prop: Float64Array, inc: Float64Array): void;
  /** `feePaid` (only with an onWeek hook; null otherwise) receives each member's co-op fee. */
  week(week: number, im: number, bm: number, wA: Float64Array, food: Float64Array, tok: Float64Array, wB: Float64Array, z: Float64Array, feePaid: Float64Array | null): NextjsWeek;
}

/** Community-size scale factors of the savings rates (§3.3 E). */
export function scaleFactors(N: number): { gbScale: number; lpScale: number } {
  let gbScale = 0.6 + 0.8 / (1 + Math.exp(-0.02 * (N - 75)));
  if (N > 500) gbScale = Math.max(1.0, gbScale - 0.05 * (1 - Math.exp(-(N - 500) / 1000)));
  const bell = 1.2 * Math.exp(-((N - 150) ** 2) / (2 * 200 ** 2));
  let lpScale = 0.9 + (bell - 0.7);
  if (N <= 20) lpScale = Math.max(0.8 + (0.1 * N) / 20, lpScale);
  return { gbScale, lpScale };
}

/** Economic stress from the income/budget ratio, low income and σ (§3.3 B), flags after add-ons. */
export function stressOf(p: SimParams): { stress: number; downturn: boolean; severe: boolean } {
  const r = p.WEEKLY_FOOD_BUDGET_AVG > 0 ? p.WEEKLY_INCOME_AVG / p.WEEKLY_FOOD_BUDGET_AVG : Infinity;
  let stress = r < 2 ? Math.min(1, Math.max(0, (2 - r) / 1.5)) : 0;
  if (p.WEEKLY_INCOME_AVG < 120) stress = Math.min(1, stress + (0.3 * (120 - p.WEEKLY_INCOME_AVG)) / 100);
  const sigma = p.INITIAL_WEALTH_SIGMA_LOG;
  if (sigma > 0.8) stress = Math.min(1, stress + (0.2 * (sigma - 0.8)) / 0.7);
  return { stress, downturn: stress >= 0.3, severe: stress >= 0.6 };
}

/**
 * Builds the T1 factors. Adjusts `prop` in place (before the caller clips it to [0,1]) from the
 * members' initial wealth percentile `pct` (average-tie rank / N).
 */
export function nextjsFactors(p: SimParams, w0: Float64Array, pct: Float64Array, prop: Float64Array): NextjsFactors {
  const n = p.NUM_MEMBERS;
  const avg = p.PERCENT_SPEND_INTERNAL_AVG;
  const ineq = Math.min(1, p.INITIAL_WEALTH_SIGMA_LOG / 1.5);
  if (ineq > 0.5) {
    const incentive = (p.GROUP_BUY_SAVINGS_PERCENT + p.GROTOKEN_USD_VALUE / 5) / 0.3;
    for (let i = 0; i < n; i++) {
      const q = Math.min(4, Math.floor(5 * pct[i]));
      if (q <= 1) prop[i] += ineq > 0.8 && avg > 0.4 ? 0.05 : -0.1 * ineq;
      else if (q >= 3) prop[i] += (incentive - 1) * 0.1;
    }
  }
  const { stress, downturn, severe } = stressOf(p);
  const { gbScale, lpScale } = scaleFactors(n);
  const sAvg = (p.GROUP_BUY_SAVINGS_PERCENT * gbScale + p.LOCAL_PRODUCTION_SAVINGS_PERCENT * lpScale) / 2;
  const initialGini = giniCoefficient(w0);
  const highIneq = initialGini > 0.4;
  const extremeIneq = initialGini > 0.5;
  const coopMult = avg >= 0.6 ? 1 + 0.5 * (avg - 0.6) : avg < 0.3 ? 0.8 + (0.2 * avg) / 0.3 : 1;
  const sizeF = 1 + (0.3 * n) / (n + 50);
  const coopF = 1 + 0.5 * avg;
  const respF = 1 + 0.5 * stress;

  const costAdj = new Float64Array(n);
  const bFactor = new Float64Array(n);
  const sEff = new Float64Array(n);
  const rMult = new Float64Array(n);
  let bud: Float64Array = new Float64Array(0);
  let prp: Float64Array = new Float64Array(0);
  let inc: Float64Array = new Float64Array(0);
  const out: NextjsWeek = { spendA: 0, income: 0, paidInt: 0, paidExt: 0, planInt: 0, listPaid: 0, fees: 0, minted: 0 };

  return {
    stress, downturn, severe, gbScale, lpScale, sAvg, initialGini,
    prepare(b, pr, y) {
      bud = b; prp = pr; inc = y;
      for (let i = 0; i < n; i++) {
        const pi = pr[i];
        const v = Math.max(0.8, 1.2 - (0.2 * y[i]) / Math.max(1e-9, p.WEEKLY_INCOME_AVG));
        costAdj[i] = 1 + 0.25 * stress * v;
        const rel = pi / Math.max(0.1, avg);
        const partF = 0.8 + 0.4 * Math.min(1.5, rel);
        bFactor[i] = stress > 0 ? Math.max(0.5, 1 - 0.4 * stress * sizeF * coopF * partF * respF) : 1;
        let pf: number;
        if (avg >= 0.6) {
          pf = Math.min(1.2, 0.8 + 0.4 * rel);
          if (avg > 0.7) pf *= 1 + 0.5 * (avg - 0.7);
        } else if (avg >= 0.3) pf = Math.min(1.1, 0.7 + 0.4 * rel);
        else pf = pi < 0.2 ? Math.max(0.4, 3 * pi) : Math.min(1.0, 0.6 + 0.4 * rel);
        if (highIneq) {
          const pen = extremeIneq ? 0.2 : 0.1;
          pf *= 1 - Math.max(0, pen - 0.5 * Math.max(0, avg - 0.3));
        }
        sEff[i] = Math.min(1, Math.max(0, sAvg * pf));
        rMult[i] = (0.7 + 0.6 * pi) * coopMult;
      }
    },
    week(_week, im, bm, wA, food, tok, wB, z, feePaid) {
      const fee = p.WEEKLY_COOP_FEE_B;
      const rMu = p.GROTOKEN_REWARD_PER_WEEK_AVG;
      const rSd = p.GROTOKEN_REWARD_STDDEV;
      const price = p.GROTOKEN_USD_VALUE;
      const reserve = severe ? 0.25 : 0.15;
      let spendA = 0, income = 0, paidInt = 0, paidExt = 0, planInt = 0, listPaid = 0, fees = 0, minted = 0;
      for (let i = 0; i < n; i++) {
        const y = inc[i] * im;
        const b = bud[i] * bm;
        income += y;
        // Scenario A (stressed members ration food against their means).
        const pre = wA[i];
        let budgetA = b;
        if (stress > 0) {
          const maxSpend = Math.min(b * costAdj[i], y + pre * reserve);
          budgetA = Math.min(maxSpend, 0.9 * (pre + y));
          if (severe) budgetA = Math.max(0.8 * b, budgetA);
        }
        let a = pre + y;
        const sa = Math.min(budgetA, a);
        a -= sa;
        wA[i] = a > 0 ? a : 0;
        spendA += sa;
        // Scenario B.
        let f = food[i] + y;
        let bB = b * bFactor[i];
        if (severe) {
          const vuln = 1 - Math.min(1, f / (8 * b));
          bB *= 1 - 0.2 * vuln * avg;
          bB = Math.max(0.6 * b, bB);
        }
        const pi = prp[i];
        const list = bB * pi;
        const ci = list * (1 - sEff[i]);
        const ce = bB * (1 - pi);
        const total = ci + ce;
        const sb = Math.min(total, f);
        f -= sb;
        if (f < 0) f = 0;
        const ratio = total > 1e-6 ? sb / total : 0;
        paidInt += ci * ratio;
        paidExt += ce * ratio;
        planInt += ci;
        listPaid += list * ratio;
        const fe = fee < f ? fee : f;
        f -= fe;
        fees += fe;
        if (feePaid !== null) feePaid[i] = fe;
        let r = rMu + rSd * z[i];
        if (r < 0) r = 0;
        r *= rMult[i];
        minted += r;
        const t = tok[i] + r;
        tok[i] = t;
        food[i] = f;
        wB[i] = f + t * price;
      }
      out.spendA = spendA; out.income = income; out.paidInt = paidInt; out.paidExt = paidExt;
      out.planInt = planInt; out.listPaid = listPaid; out.fees = fees; out.minted = minted;
      return out;
    },
  };
}
