import { useMemo } from 'react';
import { DEFAULT_GRID, DEFAULT_OAT, METRIC_NAMES, metricLabelWithUnit, PARAM_NAMES, PARAM_SPECS, SENSITIVITY_DOC, validateParams, type ParamName } from '../../src-shared/engine';
import { useJob, type CallError } from '../api/useApi';
import { Chart, type Trace } from '../charts/Chart';
import { count, fixed, intFieldError, isNum, money, num, paramText, pct, plural, sig, signed } from '../analytics/format';
import { metricLabel, PARAM_LABELS, paramHelp, VALIDATION_HELP } from '../analytics/help';
import { EditorBase } from '../analytics/EditorBase';
import { JobProgress } from '../analytics/JobProgress';
import { useShell } from '../App';
import { Markdown } from '../analytics/Markdown';
import { paramsOf, useEditor } from '../analytics/paramStore';
import { Tabs } from '../analytics/Tabs';
import { useSticky } from '../analytics/sticky';
import { Tip } from '../analytics/Tip';
import { COLOR_A, COLOR_B, textOn } from '../analytics/traces';
import { changedInputs } from '../analytics/staleInputs';
import { StaleNote } from '../analytics/StaleNote';

interface MeanCI { n: number; mean: number | null; sd: number | null; halfWidth: number | null; lo: number | null; hi: number | null }
interface SensResult {
  output: string;
  replicates: number;
  confidence: number;
  baseline: MeanCI;
  points: { kind: string; overrides: Record<string, number>; stats: MeanCI; diff: MeanCI; percentChange: number | null }[];
  parameters: { param: string; baseValue: number; coefficient: number | null; slope: number | null; points: { value: number; mean: number | null; diff: MeanCI; percentChange: number | null; elasticity: number | null }[] }[];
  rankings: { param: string; coefficient: number | null; slope: number | null }[];
}

const tokens = (s: string) => s.split(/[\s,;]+/).filter(Boolean);
const parseList = (s: string) => tokens(s).map(Number);
/** Every value out of place is quoted as typed, with the parameter's label, key and range. */
const listErr = (p: ParamName, s: string) => {
  const t = tokens(s);
  const sp = PARAM_SPECS[p];
  if (!t.length) return `${PARAM_LABELS[p]} (${p}): enter at least one value`;
  if (t.length > 50) return `${PARAM_LABELS[p]} (${p}): at most 50 values; got ${t.length}`;
  const bad = t.filter((x) => {
    const v = Number(x);
    return !Number.isFinite(v) || v < sp.min || v > sp.max || (sp.integer && !Number.isInteger(v));
  });
  if (!bad.length) return null;
  const range = `${sp.integer ? 'integers' : 'numbers'} between ${sp.min.toLocaleString('en-US')} and ${sp.max.toLocaleString('en-US')}`;
  return `${PARAM_LABELS[p]} (${p}) values must be ${range}; got ${bad.map((x) => `“${x}”`).join(', ')}`;
};
/**
 * A placeholder in the parameter's own terms: half, once and twice the base value (the Simulate
 * editor's, else the default; a base of 0 halves and doubles the default), inside its range.
 */
const examples = (p: ParamName, base?: number) => {
  const sp = PARAM_SPECS[p];
  const centre = base !== undefined && Number.isFinite(base) && base !== 0 ? base : sp.default;
  const round = (x: number) => (sp.integer ? Math.round(x) : Number(x.toPrecision(3)));
  const xs = [centre / 2, centre, centre * 2].map((x) => round(Math.min(sp.max, Math.max(sp.min, x))));
  return `e.g. ${[...new Set(xs)].join(', ')}`;
};
const OUTPUTS = METRIC_NAMES.filter((m) => !['Week', 'Year', 'Quarter'].includes(m) && !m.endsWith('_Trend'));

function useBase() {
  const st = useEditor();
  const check = useMemo(() => validateParams(paramsOf(st.values)), [st.values]);
  // Settings → Default seed, as in Simulate and Monte Carlo (these ran with 42 whatever it said).
  const seed = useShell().settings?.defaultSeed ?? 42;
  return { st, base: check.ok ? check.params : null, seed };
}

/**
 * A failed job's message; a cancelled one is no error (the API's "sensitivity analysis cancelled"
 * came in the red error box): a status saying that nothing was kept, as these jobs keep no partial
 * results, and that the results still shown (`shown`) are the previous run's.
 */
function JobError({ error, shown }: { error: CallError | null; shown: boolean }) {
  if (!error) return null;
  if (error.code === 'cancelled') return <p className="callout info" role="status">Cancelled: nothing was kept{shown ? '; the results below are from the previous run' : ' (results come only from a finished run)'}.</p>;
  return <div role="alert" className="callout error">{error.message}</div>;
}

/** What a sensitivity result was computed with: the request as sent, less what only the form holds. */
interface SensRan { params: Record<string, number> | null; model: string; seed: number; output: string; replicates: number | null; variations: { param: string; values: number[] }[] | null }
const SENS_INPUT_NAMES: Record<keyof SensRan, string> = {
  params: 'the Simulate parameters',
  model: 'the model',
  seed: 'the seed (Settings → Default seed)',
  output: 'the output metric',
  replicates: 'the replicates',
  variations: 'the parameters and values',
};

function OatTab() {
  const { st, base, seed } = useBase();
  const job = useJob('sim.sensitivity', 'sensitivity.oat');
  const [vals, setVals] = useSticky<Record<string, string>>('sens.oat.vals', () => Object.fromEntries(DEFAULT_OAT.map((v) => [v.param, v.values.join(', ')])));
  const [on, setOn] = useSticky<Record<string, boolean>>('sens.oat.on', () => Object.fromEntries(DEFAULT_OAT.map((v) => [v.param, true])));
  const [reps, setReps] = useSticky('sens.oat.reps', '10');
  const [output, setOutput] = useSticky('sens.oat.output', 'WealthDifference');
  const [res, setRes] = useSticky<(SensResult & { ran?: SensRan }) | null>('sens.oat.result', null);
  const chosen = PARAM_NAMES.filter((p) => on[p]);
  const errs = chosen.map((p) => listErr(p, vals[p] ?? '')).filter(Boolean) as string[];
  const repsN = Number(reps);
  const repsErr = intFieldError('Replicates', reps, 1, 1000);
  const now: SensRan = { params: base, model: st.model, seed, output, replicates: repsErr ? null : repsN, variations: errs.length ? null : chosen.map((p) => ({ param: p, values: parseList(vals[p]) })) };
  const changed = res?.ran ? changedInputs(res.ran, now, SENS_INPUT_NAMES) : [];
  const run = async () => {
    if (!base) return;
    const ran = now;
    const r = await job.run({ base, model: st.model, seed, mode: 'oat', replicates: repsN, output, variations: ran.variations! });
    if (r) setRes({ ...(r as unknown as SensResult), ran });
  };
  return (
    <div>
      <EditorBase what="Base: the parameters in the Simulate editor" />
      <p className="muted small">Each chosen parameter is varied alone; every point is run {repsErr ? 'R times' : plural(repsN, 'time')} (the replicates) with common random numbers from seed {seed} (Settings → Default seed).</p>
      <fieldset className="param-group">
        <legend>Parameters and values</legend>
        <div className="sens-grid">
          {PARAM_NAMES.map((p) => (
            <div key={p} className="sens-row">
              <input type="checkbox" id={`sens-on-${p}`} checked={!!on[p]} onChange={(e) => setOn({ ...on, [p]: e.target.checked })} />
              <label htmlFor={`sens-on-${p}`} title={paramHelp(p)}>{PARAM_LABELS[p]}</label>
              <input aria-label={`Values for ${PARAM_LABELS[p]}`} disabled={!on[p]} value={vals[p] ?? ''} placeholder={examples(p, base?.[p])} onChange={(e) => setVals({ ...vals, [p]: e.target.value })} aria-invalid={on[p] && listErr(p, vals[p] ?? '') ? 'true' : 'false'} />
            </div>
          ))}
        </div>
      </fieldset>
      <div className="toolbar">
        <label htmlFor="sens-reps">Replicates</label>
        <input id="sens-reps" className="narrow" value={reps} inputMode="numeric" aria-invalid={repsErr ? 'true' : 'false'} onChange={(e) => setReps(e.target.value)} />
        <label htmlFor="sens-out">Output metric</label>
        <select id="sens-out" value={output} onChange={(e) => setOutput(e.target.value)}>
          {OUTPUTS.map((m) => <option key={m} value={m}>{metricLabel(m)}</option>)}
        </select>
        <button type="button" className="primary" disabled={!base || !chosen.length || errs.length > 0 || !!repsErr || job.running} onClick={() => void run()}>Run sensitivity</button>
      </div>
      {[...errs, ...(repsErr ? [repsErr] : []), ...(!base ? ['Fix the parameters in Simulate first.'] : [])].map((e) => <p key={e} className="field-error" role="alert">{e}</p>)}
      <JobProgress label="Sensitivity" progress={job.progress} running={job.running} cancelling={job.cancelling} onCancel={job.cancel} />
      <JobError error={job.error} shown={!!res} />
      {res ? <OatResults res={res} changed={changed} blocked={!base || errs.length > 0 || !!repsErr || !chosen.length} /> : null}
    </div>
  );
}

/** Whether an output metric is in dollars (wealth totals, averages, percentiles, the difference). */
const moneyOutput = (output: string) => /Wealth|Difference/.test(output) && !/Gini|Gap|Mobility/.test(output);
/** An output value as the tables write it: dollars for money metrics, else four significant digits. */
const outputText = (output: string) => (x: number | null | undefined) => (moneyOutput(output) ? money(x) : num(x, 4));

function OatResults({ res, changed, blocked }: { res: SensResult; changed: string[]; blocked: boolean }) {
  const isMoney = moneyOutput(res.output);
  const f = outputText(res.output);
  const order = res.rankings.map((r) => res.parameters.find((p) => p.param === r.param)!).filter(Boolean).reverse();
  const tornado = useMemo<Trace[]>(() => {
    // The hover's Δ as the table writes it (d3's "~g" put large ones in exponent form: "5.211e+4").
    const shown = (x: number) => (isMoney ? money(x) : num(x, 4));
    const lows = order.map((p) => p.points.reduce((a, b) => ((b.diff.mean ?? 0) < (a.diff.mean ?? 0) ? b : a)));
    const highs = order.map((p) => p.points.reduce((a, b) => ((b.diff.mean ?? 0) > (a.diff.mean ?? 0) ? b : a)));
    // The values tried go on the axis label ("Number of members (20 – 500)"), so a bar too short for
    // its "at …" label loses nothing when Plotly hides that label (uniformtext) instead of letting it
    // overlap the error bar or the other bar's label.
    const y = order.map((p) => {
      const vs = p.points.map((q) => q.value);
      return `${PARAM_LABELS[p.param as ParamName] ?? p.param} (${paramText(Math.min(...vs))} – ${paramText(Math.max(...vs))})`;
    });
    // Overlaid bars on the same side of zero hid the shorter one (both points of 0.2, 0.25 raise the
    // output: "at 0.2" was drawn under "at 0.25"): per parameter, the bar farther from zero is drawn
    // first and the nearer one over it, so both show. Four traces, two per legend entry.
    type Pt = (typeof lows)[number];
    const far = order.map((_, i) => Math.abs(lows[i].diff.mean ?? 0) >= Math.abs(highs[i].diff.mean ?? 0));
    const bars = (pts: Pt[], keep: boolean[], name: string, color: string, legend: boolean): Trace => {
      const pick = <T,>(f: (p: Pt) => T) => pts.map((p, i) => (keep[i] ? f(p) : null));
      return {
        type: 'bar', orientation: 'h', y, x: pick((p) => p.diff.mean), name, legendgroup: name, showlegend: legend, marker: { color },
        error_x: { type: 'data', array: pick((p) => p.diff.halfWidth ?? 0), visible: res.replicates > 1 },
        text: pick((p) => `at ${paramText(p.value)}`), customdata: pick((p) => signed(p.diff.mean, shown)),
        textposition: 'inside', insidetextfont: { color: textOn(color) }, textangle: 0, cliponaxis: false, insidetextanchor: 'middle', hovertemplate: '%{y} %{text}: Δ %{customdata}<extra></extra>',
      };
    };
    const near = far.map((x) => !x);
    // A parameter tried at one value has the same point as lowest and highest: one bar, not two.
    const single = order.map((_, i) => lows[i] === highs[i]);
    return [
      bars(lows, far.map((x, i) => x && !single[i]), 'Lowest effect', COLOR_A, true),
      bars(highs, near, 'Highest effect', COLOR_B, true),
      bars(lows, near, 'Lowest effect', COLOR_A, false),
      bars(highs, far, 'Highest effect', COLOR_B, false),
    ];
  }, [order, res.replicates, isMoney]);
  const layout = useMemo(() => ({ barmode: 'overlay', uniformtext: { mode: 'hide', minsize: 10 }, xaxis: { title: { text: `Δ ${metricLabelWithUnit(res.output)} vs baseline` } }, yaxis: { automargin: true }, margin: { l: 220, r: 20, t: 56, b: 60 } }), [res.output]);
  const csv = useMemo(() => ({ header: ['param', 'value', 'mean', 'diff_mean', 'diff_lo', 'diff_hi', 'percent_change', 'elasticity'], rows: res.parameters.flatMap((p) => p.points.map((q) => [p.param, q.value, q.mean, q.diff.mean, q.diff.lo, q.diff.hi, q.percentChange, q.elasticity])) }), [res]);
  const cl = confidenceLabel(res.confidence);
  return (
    <section aria-labelledby="oat-res" className={changed.length ? 'stale-results' : undefined}>
      <h2 id="oat-res">{changed.length ? 'Results for the previous inputs' : 'Results'}</h2>
      <StaleNote changed={changed} todo="press Run sensitivity" testId="sens-stale" blocked={blocked} />
      <p>
        Baseline {metricLabel(res.output)}: <strong>{f(res.baseline.mean)}</strong>
        {res.replicates > 1 ? ` (${cl} CI ${f(res.baseline.lo)} – ${f(res.baseline.hi)}, ${count(res.replicates)} replicates)` : ' (1 replicate: no interval)'}.
      </p>
      {/^(TotalWealth_[AB]|WealthDifference)$/.test(res.output) && res.parameters.some((p) => p.param === 'NUM_MEMBERS') ? (
        <p className="callout info" data-testid="sens-total-note">
          {metricLabel(res.output)} is a community total: it grows with the number of members, so Number of members ranks high by construction. To compare
          levers per member, choose a per-member output such as {metricLabel('AvgWealth_B')}.
        </p>
      ) : null}
      <Chart title={`Tornado: effect on ${metricLabel(res.output)}`} data={tornado} layout={layout} csv={csv} height={Math.max(300, 60 + order.length * 42)} description="Tornado chart: lowest and highest paired difference to the baseline per parameter, with confidence intervals." />
      <table className="coef-table">
        <caption>Sensitivity coefficients (mean elasticity), slopes and paired differences with {cl} confidence intervals</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Parameter</th>
            <th scope="col" className="num">Base</th>
            <th scope="col" className="num"><Tip text="Mean over variations of (ΔD/|D₀|) ÷ (Δv/|v₀|), excluding the base value">Coefficient</Tip></th>
            <th scope="col" className="num"><Tip text="Least-squares change of the output per unit of the parameter">Slope</Tip></th>
            <th scope="col">Δ vs baseline per value [{cl} CI]</th>
          </tr>
        </thead>
        <tbody>
          {res.rankings.map((r, i) => {
            const p = res.parameters.find((x) => x.param === r.param)!;
            return (
              <tr key={r.param}>
                <td>{i + 1}</td>
                <th scope="row" title={r.param}>{PARAM_LABELS[r.param as ParamName] ?? r.param}</th>
                <td className="num">{num(p.baseValue, 4)}</td>
                <td className="num">{fixed(r.coefficient, 3)}</td>
                <td className="num">{sig(r.slope)}</td>
                <td className="small">
                  {p.points.map((q) => (
                    <div key={q.value}>
                      {paramText(q.value)}: {signed(q.diff.mean, f)}
                      {isNum(q.diff.lo) ? ` [${f(q.diff.lo)}, ${f(q.diff.hi)}]` : ''} ({signed(q.percentChange, (v) => pct(v))})
                    </div>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function GridTab() {
  const { st, base, seed } = useBase();
  const job = useJob('sim.sensitivity', 'sensitivity.grid');
  const [px, setPx] = useSticky<ParamName>('sens.grid.px', DEFAULT_GRID[1].param);
  const [py, setPy] = useSticky<ParamName>('sens.grid.py', DEFAULT_GRID[0].param);
  const [vx, setVx] = useSticky('sens.grid.vx', DEFAULT_GRID[1].values.join(', '));
  const [vy, setVy] = useSticky('sens.grid.vy', DEFAULT_GRID[0].values.join(', '));
  const [reps, setReps] = useSticky('sens.grid.reps', '5');
  const [output, setOutput] = useSticky('sens.grid.output', 'WealthDifference');
  const [res, setRes] = useSticky<(SensResult & { px: ParamName; py: ParamName; xs: number[]; ys: number[]; ran?: SensRan }) | null>('sens.grid.result', null);
  const errs = [listErr(px, vx), listErr(py, vy), px === py ? 'Choose two different parameters' : null].filter(Boolean) as string[];
  const repsN = Number(reps);
  const repsErr = intFieldError('Replicates', reps, 1, 1000);
  const now: SensRan = { params: base, model: st.model, seed, output, replicates: repsErr ? null : repsN, variations: errs.length ? null : [{ param: py, values: parseList(vy) }, { param: px, values: parseList(vx) }] };
  const changed = res?.ran ? changedInputs(res.ran, now, SENS_INPUT_NAMES) : [];
  const run = async () => {
    if (!base) return;
    const ran = now;
    const r = await job.run({ base, model: st.model, seed, mode: 'grid', replicates: repsN, output, variations: ran.variations! });
    if (r) setRes({ ...(r as unknown as SensResult), px, py, xs: ran.variations![1].values, ys: ran.variations![0].values, ran });
  };
  const heat = useMemo(() => {
    if (!res) return null;
    const cells = res.points.filter((p) => p.kind === 'grid');
    const z = res.ys.map((_, yi) => res.xs.map((_, xi) => cells[yi * res.xs.length + xi]?.stats.mean ?? null));
    // Cell texts as the tables write numbers: d3's "~s" read a Gini of 0.262 as "262m" and "~g" put
    // large means in exponent form ("5.211e+4"); sig() keeps every integer digit, grouped.
    const f = outputText(res.output);
    const text = z.map((row) => row.map((v) => (v === null ? '' : moneyOutput(res.output) ? money(v) : sig(v, 3))));
    // The hover says what the table below says for the cell: the mean with its interval and the
    // paired difference to the baseline, in the metric's unit (it showed a bare "17,772").
    const cl = confidenceLabel(res.confidence);
    const hover = res.ys.map((_, yi) =>
      res.xs.map((_, xi) => {
        const c = cells[yi * res.xs.length + xi];
        if (!c) return '';
        const ci = isNum(c.stats.lo) ? ` (${cl} CI ${f(c.stats.lo)} – ${f(c.stats.hi)})` : '';
        return `mean ${f(c.stats.mean)}${ci}; Δ vs baseline ${signed(c.diff.mean, f)}`;
      }),
    );
    const data: Trace[] = [{ type: 'heatmap', x: res.xs.map(paramText), y: res.ys.map(paramText), z, text, customdata: hover, colorscale: 'Viridis', colorbar: { title: { text: metricLabelWithUnit(res.output) } }, texttemplate: '%{text}', hovertemplate: `${PARAM_LABELS[res.px]} %{x}, ${PARAM_LABELS[res.py]} %{y}: %{customdata}<extra></extra>` }];
    const layout = { xaxis: { title: { text: PARAM_LABELS[res.px] }, type: 'category' }, yaxis: { title: { text: PARAM_LABELS[res.py] }, type: 'category' } };
    const csv = { header: [res.py, res.px, 'mean', 'lo', 'hi', 'diff_mean'], rows: cells.map((c) => [c.overrides[res.py], c.overrides[res.px], c.stats.mean, c.stats.lo, c.stats.hi, c.diff.mean]) };
    return { data, layout, csv };
  }, [res]);
  const sel = (id: string, v: ParamName, set: (p: ParamName) => void, label: string) => (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={v} onChange={(e) => set(e.target.value as ParamName)}>
        {PARAM_NAMES.map((p) => <option key={p} value={p}>{PARAM_LABELS[p]}</option>)}
      </select>
    </>
  );
  return (
    <div>
      <EditorBase what="Base: the parameters in the Simulate editor" />
      <p className="muted small">Every cell varies the two chosen parameters together and holds the others at the base; each is run {repsErr ? 'R times' : plural(repsN, 'time')} (the replicates) with common random numbers from seed {seed} (Settings → Default seed).</p>
      <div className="form-grid">
        {sel('grid-px', px, setPx, 'X parameter')}
        {sel('grid-py', py, setPy, 'Y parameter')}
        <label htmlFor="grid-vx">X values</label>
        <input id="grid-vx" value={vx} onChange={(e) => setVx(e.target.value)} />
        <label htmlFor="grid-vy">Y values</label>
        <input id="grid-vy" value={vy} onChange={(e) => setVy(e.target.value)} />
        <label htmlFor="grid-reps">Replicates</label>
        <input id="grid-reps" value={reps} inputMode="numeric" aria-invalid={repsErr ? 'true' : 'false'} onChange={(e) => setReps(e.target.value)} />
        <label htmlFor="grid-out">Output metric</label>
        <select id="grid-out" value={output} onChange={(e) => setOutput(e.target.value)}>
          {OUTPUTS.map((m) => <option key={m} value={m}>{metricLabel(m)}</option>)}
        </select>
        <div className="form-actions">
          <button type="button" className="primary" disabled={!base || errs.length > 0 || !!repsErr || job.running} onClick={() => void run()}>Run grid</button>
        </div>
      </div>
      {[...errs, ...(repsErr ? [repsErr] : []), ...(!base ? ['Fix the parameters in Simulate first.'] : [])].map((e) => <p key={e} className="field-error" role="alert">{e}</p>)}
      <JobProgress label="Grid sweep" progress={job.progress} running={job.running} cancelling={job.cancelling} onCancel={job.cancel} />
      <JobError error={job.error} shown={!!res} />
      {heat && res ? (
        <section aria-labelledby="grid-res" className={changed.length ? 'stale-results' : undefined}>
          <h2 id="grid-res">{changed.length ? 'Results for the previous inputs' : 'Results'}</h2>
          <StaleNote changed={changed} todo="press Run grid" testId="sens-stale" blocked={!base || errs.length > 0 || !!repsErr} />
          <GridSummary res={res} />
          <Chart title={`${metricLabel(res.output)} over ${PARAM_LABELS[res.px]} × ${PARAM_LABELS[res.py]}`} data={heat.data} layout={heat.layout} csv={heat.csv} height={420} description="Heatmap of the mean output for every grid cell." />
          <GridTable res={res} />
        </section>
      ) : null}
    </div>
  );
}

type GridRes = SensResult & { px: ParamName; py: ParamName };
/** The baseline the grid's differences are paired with, with its interval, as the CLI's sweep prints it. */
function GridSummary({ res }: { res: GridRes }) {
  const f = outputText(res.output);
  const cl = confidenceLabel(res.confidence);
  return (
    <p data-testid="grid-baseline">
      Baseline {metricLabel(res.output)}: <strong>{f(res.baseline.mean)}</strong>
      {res.replicates > 1 ? ` (${cl} CI ${f(res.baseline.lo)} – ${f(res.baseline.hi)}, ${count(res.replicates)} replicates per cell)` : ' (1 replicate: no interval)'}.
    </p>
  );
}
/**
 * Every cell's mean with its interval and the paired difference to the baseline (the CLI's sweep
 * table): the page showed only the heatmap's rounded means, so the replicates' intervals and the
 * differences were in the CSV alone.
 */
function GridTable({ res }: { res: GridRes }) {
  const f = outputText(res.output);
  const cl = confidenceLabel(res.confidence);
  const cells = res.points.filter((p) => p.kind === 'grid');
  return (
    <table data-testid="grid-table">
      <caption>Mean per cell and paired difference to the baseline, with {cl} confidence intervals</caption>
      <thead>
        <tr>
          <th scope="col" className="num">{PARAM_LABELS[res.py]}</th>
          <th scope="col" className="num">{PARAM_LABELS[res.px]}</th>
          <th scope="col" className="num">Mean</th>
          <th scope="col">{cl} CI</th>
          <th scope="col" className="num">Δ vs baseline</th>
          <th scope="col">Δ {cl} CI</th>
          <th scope="col" className="num">Change</th>
        </tr>
      </thead>
      <tbody>
        {cells.map((c) => (
          <tr key={`${c.overrides[res.py]}|${c.overrides[res.px]}`}>
            <td className="num">{paramText(c.overrides[res.py])}</td>
            <td className="num">{paramText(c.overrides[res.px])}</td>
            <td className="num">{f(c.stats.mean)}</td>
            <td>{isNum(c.stats.lo) ? `${f(c.stats.lo)} – ${f(c.stats.hi)}` : '—'}</td>
            <td className="num">{signed(c.diff.mean, f)}</td>
            <td>{isNum(c.diff.lo) ? `${f(c.diff.lo)} – ${f(c.diff.hi)}` : '—'}</td>
            <td className="num">{signed(c.percentChange, (v) => pct(v))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface MathRow { presetId: string; name: string; actualD: number; expectedD: number; analyticD: number; finalModelD: number; error: number; threshold: number; pass: boolean; direction: boolean; giniImproved: boolean; magnitude: boolean; score: number }
function MathTab() {
  const { st, seed } = useBase();
  const job = useJob('sim.mathTests', 'sensitivity.math');
  const [res, setRes] = useSticky<{ rows: MathRow[]; passCount: number; averageScore: number; model: string; seed: number } | null>('sens.math.result', null);
  // The presets are fixed: only the model and the seed can have changed since.
  const changed = res ? changedInputs({ model: res.model, seed: res.seed }, { model: st.model, seed }, { model: 'the model', seed: SENS_INPUT_NAMES.seed }) : [];
  const charts = useMemo(() => {
    if (!res) return null;
    const x = res.rows.map((r) => r.name);
    return {
      d: [
        { type: 'bar', x, y: res.rows.map((r) => r.expectedD), name: 'Expected D', marker: { color: COLOR_A } },
        { type: 'bar', x, y: res.rows.map((r) => r.actualD), name: 'Actual D', marker: { color: COLOR_B } },
      ] as Trace[],
      e: [
        { type: 'bar', x, y: res.rows.map((r) => r.error * 100), name: 'Error (%)', marker: { color: res.rows.map((r) => (r.pass ? '#1a7f37' : '#c62828')) } },
        { type: 'scatter', mode: 'markers', x, y: res.rows.map((r) => r.threshold * 100), name: 'Threshold (%)', marker: { symbol: 'line-ew-open', size: 22, color: '#8895a7', line: { width: 3 } } },
      ] as Trace[],
    };
  }, [res]);
  return (
    <div>
      <p className="muted small">Runs every preset once (seed {seed}, model {st.model}) and compares the simulated wealth difference D with the expected value.</p>
      <button type="button" className="primary" disabled={job.running} onClick={async () => { const r = await job.run({ model: st.model, seed }); if (r) setRes(r as never); }}>Run all preset tests</button>
      <JobProgress label="Math tests" progress={job.progress} running={job.running} cancelling={job.cancelling} onCancel={job.cancel} />
      <JobError error={job.error} shown={!!res} />
      {res && charts ? (
        <section aria-labelledby="mt-res" className={changed.length ? 'stale-results' : undefined}>
          <h2 id="mt-res">{changed.length ? 'Results for the previous inputs' : 'Results'}</h2>
          <StaleNote changed={changed} todo="press Run all preset tests" testId="sens-stale" blocked={false} />
          <div className="cards">
            <div className="card"><div className="label">Passed</div><div className="value">{res.passCount} / {res.rows.length}</div></div>
            <div className="card"><div className="label"><Tip text={VALIDATION_HELP.score}>Average score</Tip></div><div className="value">{num(res.averageScore, 1)}</div></div>
          </div>
          <div className="grid-2">
            <Chart title="Expected vs actual wealth difference D" data={charts.d} layout={MT_D} description="Bar chart of expected and simulated D per preset." />
            <Chart title="Error vs threshold (%)" data={charts.e} layout={MT_E} description="Relative error per preset, green when within its threshold; markers show each threshold." />
          </div>
          <table>
            <thead>
              <tr>
                <th scope="col">Preset</th>
                <th scope="col" className="num"><Tip text={VALIDATION_HELP.expected}>Expected D</Tip></th>
                <th scope="col" className="num"><Tip text={VALIDATION_HELP.actual}>Actual D</Tip></th>
                <th scope="col" className="num"><Tip text={VALIDATION_HELP.error}>Error</Tip></th>
                <th scope="col" className="num"><Tip text={VALIDATION_HELP.threshold}>Threshold</Tip></th>
                <th scope="col">Result</th>
                <th scope="col" className="num"><Tip text={VALIDATION_HELP.score}>Score</Tip></th>
              </tr>
            </thead>
            <tbody>
              {res.rows.map((r) => (
                <tr key={r.presetId}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{money(r.expectedD)}</td>
                  <td className="num">{money(r.actualD)}</td>
                  <td className="num">{pct(r.error)}</td>
                  <td className="num">{pct(r.threshold, 0)}</td>
                  <td className={r.pass ? 'good' : 'bad'}>{r.pass ? 'Pass' : 'Fail'}</td>
                  <td className="num">{num(r.score, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
const MT_D = { barmode: 'group', yaxis: { tickformat: '$,.0f' }, xaxis: { tickangle: -35, automargin: true } };
const MT_E = { yaxis: { title: { text: '%' } }, xaxis: { tickangle: -35, automargin: true } };

export default function Sensitivity() {
  const [tab, setTab] = useSticky('sens.tab', 'oat');
  return (
    <section aria-labelledby="sens-title">
      <h1 id="sens-title">Sensitivity</h1>
      <Tabs
        label="Sensitivity views"
        active={tab}
        onChange={setTab}
        tabs={[
          { id: 'oat', label: 'One at a time', render: () => <OatTab /> },
          { id: 'grid', label: '2-D grid', render: () => <GridTab /> },
          { id: 'math', label: 'Preset math tests', render: () => <MathTab /> },
          { id: 'about', label: 'Method', render: () => <Markdown text={SENSITIVITY_DOC} /> },
        ]}
      />
    </section>
  );
}

/** The confidence level as the tables' headers write it: 0.95 → "95%". */
const confidenceLabel = (level: number) => `${Math.round(level * 100)}%`;
