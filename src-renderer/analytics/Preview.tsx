import { useMemo } from 'react';
import { analyticExpectedD, finalModelExpectedD, type SimParams } from '../../src-shared/engine';
import { count, money, plural } from './format';

/**
 * Live simplified preview (spec §4.3): the closed form over min(52, weeks) weeks, drawn as a small
 * inline SVG (no Plotly on Simulate). A += income − budget; B += income − (internal·budget·(1 − mean
 * savings) + external) − fee, plus tokens × price. It is arithmetic, not a simulation.
 *
 * The preview's series over min(52, weeks) weeks (index = week): A, B and B's two parts (USD, token
 * value; B = USD + tokens exactly as summed here), with the closed-form expected D of the whole run.
 */
export function previewSeries(p: SimParams) {
  const w0 = Math.exp(p.INITIAL_WEALTH_MEAN_LOG + (p.INITIAL_WEALTH_SIGMA_LOG ** 2) / 2);
  const n = Math.min(52, p.SIMULATION_WEEKS);
  const a = p.PERCENT_SPEND_INTERNAL_AVG;
  const sav = (p.GROUP_BUY_SAVINGS_PERCENT + p.LOCAL_PRODUCTION_SAVINGS_PERCENT) / 2;
  const A: number[] = [w0];
  const B: number[] = [w0];
  // B's two parts, dashed in the chart as upstream's preview draws them (spec §4.3).
  const U: number[] = [w0];
  const T: number[] = [0];
  let usd = w0;
  let tok = 0;
  for (let w = 1; w <= n; w++) {
    A.push(A[w - 1] + p.WEEKLY_INCOME_AVG - p.WEEKLY_FOOD_BUDGET_AVG);
    usd += p.WEEKLY_INCOME_AVG - (a * p.WEEKLY_FOOD_BUDGET_AVG * (1 - sav) + (1 - a) * p.WEEKLY_FOOD_BUDGET_AVG) - p.WEEKLY_COOP_FEE_B;
    tok += p.GROTOKEN_REWARD_PER_WEEK_AVG;
    B.push(usd + tok * p.GROTOKEN_USD_VALUE);
    U.push(usd);
    T.push(tok * p.GROTOKEN_USD_VALUE);
  }
  return { A, B, U, T, n, analytic: analyticExpectedD(p), finalModel: finalModelExpectedD(p) };
}

/**
 * The labels of the preview's figures. The first is per member over the weeks drawn; the expected D
 * values are community totals over the whole run, and say so: "Expected D, whole run (closed form)
 * $70,017" sat under "Per member after the first 52 weeks (B − A) $468" as if both were per member.
 * A one-week run reads "after 1 week" (it read "after 1 weeks").
 */
export function previewLabels(p: SimParams, n: number): { perMember: string; expected: string; finalModel: string } {
  return {
    perMember: `Per member after ${n < p.SIMULATION_WEEKS ? 'the first ' : ''}${plural(n, 'week')} (B − A)`,
    expected: `Expected D: total B − A, ${plural(p.NUM_MEMBERS, 'member')} × ${plural(p.SIMULATION_WEEKS, 'week')} (closed form)`,
    finalModel: 'Expected D, upstream final model (same total)',
  };
}

export function ParamPreview({ p }: { p: SimParams | null }) {
  const data = useMemo(() => (p ? previewSeries(p) : null), [p]);
  if (!data) return <p className="muted">Fix the highlighted parameters to see the preview.</p>;
  const W = 320;
  const H = 120;
  const all = [...data.A, ...data.B, ...data.U, ...data.T];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const sx = (i: number) => (i / Math.max(1, data.n)) * (W - 24) + 19; // room for the y title
  const sy = (v: number) => H - 8 - ((v - lo) / (hi - lo || 1)) * (H - 16);
  const path = (ys: number[]) => ys.map((v, i) => `${i ? 'L' : 'M'}${sx(i).toFixed(1)},${sy(v).toFixed(1)}`).join('');
  const diffWeek = data.B[data.n] - data.A[data.n];
  const labels = previewLabels(p!, data.n);
  return (
    <div className="preview">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Closed-form preview over ${count(data.n)} weeks: average wealth A ends at ${money(data.A[data.n])}, B at ${money(data.B[data.n])} (${money(data.U[data.n])} in dollars, ${money(data.T[data.n])} in tokens)`}>
        <path d={path(data.A)} className="pv-a" fill="none" strokeWidth={2} />
        <path d={path(data.B)} className="pv-b" fill="none" strokeWidth={2} />
        <path d={path(data.U)} className="pv-b" fill="none" strokeWidth={1.5} strokeDasharray="5 3" />
        <path d={path(data.T)} className="pv-t" fill="none" strokeWidth={1.5} strokeDasharray="2 2" />
        {/* Minimal axes: the y title, the value range and the weeks shown (the lines are a 52-week closed form). */}
        <text x={9} y={H / 2} className="pv-axis" fontSize={9} fill="currentColor" textAnchor="middle" transform={`rotate(-90 9 ${H / 2})`}>Wealth ($)</text>
        <text x={20} y={11} className="pv-axis" fontSize={9} fill="currentColor">{money(hi)}</text>
        <text x={20} y={H - 2} className="pv-axis" fontSize={9} fill="currentColor">{money(lo)}</text>
        <text x={W - 4} y={H - 2} className="pv-axis" fontSize={9} fill="currentColor" textAnchor="end">week {data.n}</text>
      </svg>
      <p className="legend-inline">
        {/* One item per span, so a wrapped legend never parts a swatch from its name. */}
        <span className="legend-item"><span className="swatch a" aria-hidden="true" /> Traditional (A)</span>
        <span className="legend-item"><span className="swatch b" aria-hidden="true" /> Cooperative (B)</span>
        <span className="legend-item"><span className="swatch b dashed" aria-hidden="true" /> USD component (B)</span>
        <span className="legend-item"><span className="swatch t dashed" aria-hidden="true" /> GroToken value (B)</span>
      </p>
      <dl className="kv">
        <dt>{labels.perMember}</dt>
        <dd>{money(diffWeek)}</dd>
        <dt title="Expected total wealth difference D over the whole run, from the closed-form model used by the math tests">{labels.expected}</dt>
        <dd>{money(data.analytic)}</dd>
        <dt title="The upstream 'final' math model (includes its 0.7 fudge factor)">{labels.finalModel}</dt>
        <dd>{money(data.finalModel)}</dd>
      </dl>
    </div>
  );
}
