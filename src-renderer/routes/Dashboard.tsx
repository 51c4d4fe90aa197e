import { useMemo, useState } from 'react';
import { applyPreset, PRESETS, validateParams } from '../../src-shared/engine';
import { SHOCK_DEFAULTS, SHOCK_MAX_WEEKS } from '../../src-shared/api/sim';
import type { RunDoc } from '../../src-shared/sim/runDoc';
import { useShell } from '../App';
import { call, useApi } from '../api/useApi';
import { Chart, type Trace } from '../charts/Chart';
import { count, fixed, isNum, money, pct, plural, pts, signed } from '../analytics/format';
import { PRESET_TESTS } from '../analytics/help';
import { EditorBase } from '../analytics/EditorBase';
import { paramsOf, useEditor } from '../analytics/paramStore';
import { Tabs } from '../analytics/Tabs';
import { Tip } from '../analytics/Tip';
import { useSticky } from '../analytics/sticky';
import { COLOR_A, COLOR_B, rgba } from '../analytics/traces';
import { changedInputs } from '../analytics/staleInputs';
import { noResultsWhy } from '../analytics/runCache';
import { useRunDoc } from './Analysis';
import { LINE_BASE, withHoverUnits } from '../analytics/RunViews';
import { StaleNote } from '../analytics/StaleNote';

interface Current { week: number; system_health: number; market_efficiency: number; resilience_score: number; growth_rate: number; trends: Record<string, number>; warnings: string[]; recommendations: string[] }

const arrow = (t: number | undefined, lowerBetter = false) => {
  if (!isNum(t) || Math.abs(t) < 0.005) return { s: '→', cls: '' };
  const up = t > 0;
  return { s: up ? '↑' : '↓', cls: up !== lowerBetter ? 'good' : 'bad' };
};

function Overview() {
  const { query, navigate } = useShell();
  const runParam = query.get('run');
  const { run, doc, error, loading } = useRunDoc(runParam);
  const id = run?.id;
  // A run without results (failed, or cancelled before its first run) has nothing to compute from.
  const empty = !!run && !doc && !loading && run.status !== 'running';
  // Only once a run with results is known: asking for "latest" with no runs was a failed request on every visit.
  const cur = useApi('sim.current', { id: id ?? 'latest' }, [id], id !== undefined && !empty);
  const c = cur.data as unknown as Current | null;
  const f = (m: string) => doc?.final[m]?.mean ?? null;
  const radar = useMemo<Trace[] | null>(() => {
    if (!doc) return null;
    const axes = ['Wealth', 'Equality', 'Safety net', 'Typical member', 'Floor'];
    const maxAvg = Math.max(f('AvgWealth_A') ?? 0, f('AvgWealth_B') ?? 0) || 1;
    const vals = (s: 'A' | 'B') => {
      const avg = f(`AvgWealth_${s}`) ?? 0, med = f(`MedianWealth_${s}`) ?? 0, p10 = f(`Bottom10Percent_${s}`) ?? 0;
      return [avg / maxAvg, 1 - (f(`Gini_${s}`) ?? 1), 1 - (f(`PovertyRate_${s}`) ?? 1), avg > 0 ? Math.min(1, med / avg) : 0, med > 0 ? Math.max(0, Math.min(1, p10 / med)) : 0].map((v) => Math.round(v * 1000) / 10);
    };
    return [
      // B filled light underneath, A as a dashed outline on top: two filled polygons that mostly overlap
      // blended into one grey shape where A could not be found.
      { type: 'scatterpolar', r: [...vals('B'), vals('B')[0]], theta: [...axes, axes[0]], fill: 'toself', fillcolor: rgba(COLOR_B, 0.22), name: 'Cooperative (B)', line: { color: COLOR_B, width: 2 }, hovertemplate: '%{theta}: %{r:.1f}%<extra>Cooperative (B)</extra>', hoverlabel: { namelength: -1 } },
      { type: 'scatterpolar', r: [...vals('A'), vals('A')[0]], theta: [...axes, axes[0]], mode: 'lines+markers', name: 'Traditional (A)', line: { color: COLOR_A, width: 2.5, dash: 'dash' }, marker: { color: COLOR_A, size: 6 }, hovertemplate: '%{theta}: %{r:.1f}%<extra>Traditional (A)</extra>', hoverlabel: { namelength: -1 } },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc]);
  const bars = useMemo<Trace[] | null>(() => (c ? [{ type: 'bar', x: ['Health', 'Market efficiency', 'Resilience'], y: [c.system_health * 100, c.market_efficiency * 100, c.resilience_score * 100], marker: { color: [COLOR_B, '#2ca02c', '#9467bd'] }, name: 'Score (%)', hovertemplate: '%{x}: %{y:.1f}%<extra></extra>' }] : null), [c]);
  if (error && (error as { code?: string }).code !== 'not_found') return <div className="callout error" role="alert">{error.message}</div>;
  if (error) return <div className="callout info" role="status">No runs yet. <button type="button" onClick={() => navigate('simulate')}>Run a simulation</button> first.</div>;
  if (empty && run) {
    return (
      <div className="callout warn" role="status" data-testid="dash-no-results">
        Run #{run.id} “{run.name}” has no results (status {run.status}){noResultsWhy(run.result)} The dashboard is computed from a run with results: pick one in Analysis, whose Dashboard button opens it here.{' '}
        <button type="button" onClick={() => navigate('analysis')}>Open Analysis</button>
      </div>
    );
  }
  return (
    <div>
      <p className="muted">
        Computed from {run ? <>run #{run.id} {run.name}</> : 'the latest run'} at week {c?.week ?? '…'} (scenario B).{' '}
        <button type="button" onClick={() => navigate('analysis', id ? { run: String(id), tab: 'overview' } : undefined)}>Open analysis</button>
      </p>
      {cur.error ? <div role="alert" className="callout error">{cur.error.message}</div> : null}
      {c ? (
        <>
          <div className="cards">
            {[
              // Health rises as poverty falls: the arrow shows health's direction, not poverty's.
              { k: 'System health', v: c.system_health, t: isNum(c.trends.poverty_rate_b) ? -c.trends.poverty_rate_b : undefined, lower: false, tip: 'health = 0.4·(1 − poverty B) + 0.3·social safety net + 0.3·community resilience (trend: ↑ when poverty B fell since mid-run)' },
              { k: 'Market efficiency', v: c.market_efficiency, t: c.trends.avg_wealth_b, lower: false, tip: 'a composite: 0.5·economic velocity + 0.3·the share of planned co-op purchases actually paid (the Market efficiency metric) + 0.2·(1 − min(0.5, Gini B)) (trend: average wealth B since mid-run)' },
              { k: 'Resilience score', v: c.resilience_score, t: c.trends.resilience, lower: false, tip: 'resilience = 0.4·risk resilience + 0.3·community resilience + 0.3·social safety net (trend: community resilience since mid-run)' },
              {
                k: 'Growth per year (simple)', v: c.growth_rate, t: c.growth_rate, lower: false, tip: 'Simple yearly growth of average wealth B over the second half of the run: (last − mid-run) ÷ mid-run ÷ years between them (not compounded, as upstream computes it)',
                // A second half shorter than a year is scaled up to one: say so (a 12-week run read 332.4 %).
                note: secondHalf(c.week) < 52 ? `extrapolated from ${plural(secondHalf(c.week), 'week')} to a year` : undefined,
              },
            ].map((x: { k: string; v: number; t: number | undefined; lower: boolean; tip: string; note?: string }) => {
              const a = arrow(x.t, x.lower);
              return (
                <div className="card" key={x.k}>
                  <div className="label"><Tip text={x.tip}>{x.k}</Tip></div>
                  <div className="value">
                    {pct(x.v)} <span className={a.cls} role="img" aria-label={`trend ${a.s === '↑' ? 'up' : a.s === '↓' ? 'down' : 'flat'}`}>{a.s}</span>
                  </div>
                  {x.note ? <div className="muted small" data-testid="growth-note">{x.note}</div> : null}
                </div>
              );
            })}
          </div>
          <div className="grid-2">
            {bars ? <Chart title="Economic indicators (B)" data={bars} layout={BAR_LAYOUT} description="Health, efficiency and resilience scores in percent." /> : null}
            {radar ? <Chart title="System balance (A vs B, computed)" data={radar} layout={RADAR_LAYOUT} csv={{ header: ['axis', 'A', 'B'], rows: ['Wealth', 'Equality', 'Safety net', 'Typical member', 'Floor'].map((a, i) => [a, radar[0].r ? (radar[0].r as number[])[i] : null, (radar[1].r as number[])[i]]) }} description="Radar of wealth (relative to the richer scenario), equality (1 − Gini), safety net (1 − poverty), typical member (median/mean) and floor (p10/median), in percent." /> : null}
          </div>
          <div className="grid-2">
            <div className="callout warn">
              <h2>Warnings</h2>
              {c.warnings.length ? <ul>{c.warnings.map((w) => <li key={w}>{w}</li>)}</ul> : <p>None.</p>}
            </div>
            <div className="callout info">
              <h2>Recommendations</h2>
              <ul>{c.recommendations.map((w) => <li key={w}>{w}</li>)}</ul>
            </div>
          </div>
        </>
      ) : cur.loading ? <p aria-busy="true">Computing…</p> : null}
    </div>
  );
}
const BAR_LAYOUT = { yaxis: { range: [0, 100], title: { text: '%' } }, showlegend: false };
// Legend under the radar: above it, it covered the top axis label (Equality).
// Wealth at the top, clockwise; the radial scale runs between Wealth and Equality so its numbers do not sit on an axis label.
const RADAR_LAYOUT = { polar: { angularaxis: { rotation: 90, direction: 'clockwise' }, radialaxis: { range: [0, 100], visible: true, angle: 54, tickfont: { size: 10 } } }, legend: { orientation: 'h', traceorder: 'reversed', x: 0.5, xanchor: 'center', y: -0.08, yanchor: 'top' }, margin: { l: 40, r: 40, t: 56, b: 56 } };

interface ScenarioOut { scenario_name: string; outcome: string; metrics: Record<string, number | null>; comparative_analysis: string; recommendations: string[]; weekly: RunDoc['weekly'] }
/** What a scenario result was computed with. */
interface ScenarioRan { choice: string; name: string; params: Record<string, number> | null; model: string; seed: number }

function ScenarioRunner() {
  const st = useEditor();
  // Settings → Default seed, as in Simulate (the scenario and shock runs used 42 whatever it said).
  const seed = useShell().settings?.defaultSeed ?? 42;
  // The choice, the name and the last result outlive the tab and the section, as Shock testing's do.
  const [choice, setChoice] = useSticky<string>('dash.sc.choice', 'baseline');
  const [custom, setCustom] = useSticky('dash.sc.name', 'Custom Scenario');
  const [busy, setBusy] = useSticky('dash.sc.busy', false);
  const [err, setErr] = useSticky<string | null>('dash.sc.err', null);
  const [res, setRes] = useSticky<{ out: ScenarioOut; ran: ScenarioRan } | null>('dash.sc.result', null);
  const out = res?.out ?? null;
  const check = useMemo(() => validateParams(paramsOf(st.values)), [st.values]);
  // What the run depends on: a preset's parameters are fixed; Custom sends the Simulate parameters and By name only its name.
  const now: ScenarioRan = { choice, name: choice === 'custom' || choice === 'byname' ? custom : '', params: choice === 'custom' ? (check.ok ? check.params : null) : {}, model: st.model, seed };
  // Another scenario chosen is the whole change (its name and parameters differ with it).
  const changed = !res ? [] : res.ran.choice !== choice ? ['the scenario'] : changedInputs(res.ran, now, { choice: 'the scenario', name: 'the scenario name', params: 'the Simulate parameters', model: 'the model', seed: 'the seed (Settings → Default seed)' });
  const customBlocked = choice === 'custom' && !check.ok;
  const run = async () => {
    const ran = now;
    setBusy(true);
    setErr(null);
    setRes(null); // a failed run must not leave the previous result under its error
    try {
      const p = PRESETS.find((x) => x.id === choice);
      const input = p ? { name: p.name, params: applyPreset(p.id), model: st.model, seed } : choice === 'custom' ? { name: custom || 'Custom Scenario', params: check.ok ? check.params : {}, model: st.model, seed } : { name: custom, model: st.model, seed };
      setRes({ out: (await call('sim.scenario', input)) as never, ran });
    } catch (e) {
      setErr((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const chart = useMemo<Trace[] | null>(() => {
    if (!out) return null;
    const x = out.weekly.Week ?? out.weekly.AvgWealth_B.map((_, i) => i);
    return [
      { type: 'scatter', mode: 'lines', x, y: out.weekly.AvgWealth_A, name: 'Traditional (A)', line: { color: COLOR_A } },
      { type: 'scatter', mode: 'lines', x, y: out.weekly.AvgWealth_B, name: 'Cooperative (B)', line: { color: COLOR_B } },
    ];
  }, [out]);
  const m = out?.metrics ?? {};
  return (
    <div>
      <fieldset className="param-group">
        <legend>Scenario</legend>
        <div className="scenario-list" role="radiogroup" aria-label="Scenario">
          {PRESETS.map((p) => (
            <label key={p.id} className="radio-card" title={`${p.description} ${PRESET_TESTS[p.id] ?? ''}`}>
              <input type="radio" name="scenario" value={p.id} checked={choice === p.id} onChange={() => setChoice(p.id)} /> {p.name}
            </label>
          ))}
          <label className="radio-card">
            <input type="radio" name="scenario" value="custom" checked={choice === 'custom'} onChange={() => setChoice('custom')} /> Custom (current parameters)
          </label>
          <label className="radio-card" title="Sets parameters from words in the scenario's name, as the original model did: 'recession', 'wealth gap', 'high engagement', 'low engagement'…">
            <input type="radio" name="scenario" value="byname" checked={choice === 'byname'} onChange={() => setChoice('byname')} /> By name (heuristic)
          </label>
        </div>
        {choice === 'custom' || choice === 'byname' ? (
          <div className="toolbar">
            <label htmlFor="sc-name">Scenario name</label>
            <input id="sc-name" value={custom} maxLength={200} onChange={(e) => setCustom(e.target.value)} />
          </div>
        ) : null}
      </fieldset>
      {choice === 'byname' && !custom.trim() ? <p className="field-error" role="alert">Scenario name: enter a name; the heuristic picks parameters from its words.</p> : null}
      {choice === 'custom' ? <EditorBase what="Custom runs the parameters in the Simulate editor" /> : null}
      {customBlocked ? <p className="field-error" role="alert">Custom (current parameters): some Simulate parameters are invalid; fix them in Simulate first, or pick a preset.</p> : null}
      <button type="button" className="primary" disabled={busy || customBlocked || (choice === 'byname' && !custom.trim())} onClick={() => void run()}>
        {busy ? 'Running…' : choice === 'custom' ? 'Run custom scenario' : 'Run selected scenario'}
      </button>
      {err ? <div role="alert" className="callout error">{err}</div> : null}
      {out ? (
        <section aria-labelledby="sc-res" className={changed.length ? 'stale-results' : undefined}>
          <h2 id="sc-res">{out.scenario_name}{changed.length ? ' (previous inputs)' : ''}</h2>
          <StaleNote changed={changed} todo="run the scenario" testId="sc-stale" blocked={customBlocked} />
          <div className="cards">
            <div className="card"><div className="label">Final average wealth B</div><div className="value">{money(m.final_wealth)}</div></div>
            <div className="card"><div className="label">Wealth growth B (since week 0)</div><div className="value">{pct(m.wealth_growth)}</div></div>
            <div className="card"><div className="label">Gini B</div><div className="value">{fixed(m.gini)} <span className="small muted">({signed(m.inequality_change, (x) => fixed(x))} since week 0)</span></div></div>
            <div className="card"><div className="label">Poverty rate B</div><div className="value">{pct(m.poverty_rate)}</div></div>
            <div className="card"><div className="label">Resilience</div><div className="value">{fixed(m.resilience)}</div></div>
          </div>
          <p>{out.outcome}</p>
          <p>{out.comparative_analysis}</p>
          <h3>Recommendations</h3>
          <ul>{out.recommendations.map((r) => <li key={r}>{r}</li>)}</ul>
          {chart ? <Chart title={`Average wealth: ${out.scenario_name}`} data={chart} layout={WEEK_LAYOUT} description="Average wealth A and B by week for the scenario." /> : null}
        </section>
      ) : null}
    </div>
  );
}
const WEEK_LAYOUT = { ...LINE_BASE, xaxis: { title: { text: 'Week' } }, yaxis: { tickformat: '$,.0f', automargin: true } };

type ShockType = 'income_reduction' | 'cost_increase' | 'market_disruption';
const SHOCK_TYPE_NAMES: Record<ShockType, string> = { income_reduction: 'Income reduction', cost_increase: 'Cost increase', market_disruption: 'Market disruption' };
interface ShockOut { shock_results: { start_week: number; duration: number; impact: { wealth_reduction: number; poverty_increase: number; recovery_time: number | null } }; recovery_metrics: { recovery_rate: number | null; resilience_score: number | null }; recommendations: string[]; baseline: RunDoc['weekly']; shocked: RunDoc['weekly'] }
/** What a shock result was computed with: the request as sent (the baseline parameters without SIMULATION_WEEKS). */
interface ShockRan { type: ShockType; magnitude: number; duration: number; startWeek: number; recoveryWeeks: number; params: Record<string, number>; model: string }

/** A field as typed, read as the number it sends ("0.20" is 0.2); blank or unreadable is no number. */
const typedNum = (s: string) => (s.trim() === '' ? NaN : Number(s));

function ShockTest() {
  const st = useEditor();
  const seed = useShell().settings?.defaultSeed ?? 42;
  // Inputs and the last result outlive the tab and the section, as Sensitivity's do; the result says
  // when it no longer matches them.
  const [type, setType] = useSticky<ShockType>('dash.shock.type', SHOCK_DEFAULTS.type);
  const [mag, setMag] = useSticky('dash.shock.mag', String(SHOCK_DEFAULTS.magnitude));
  const [dur, setDur] = useSticky('dash.shock.dur', String(SHOCK_DEFAULTS.duration));
  const [start, setStart] = useSticky('dash.shock.start', String(SHOCK_DEFAULTS.startWeek));
  const [rec, setRec] = useSticky('dash.shock.rec', String(SHOCK_DEFAULTS.recoveryWeeks));
  const [busy, setBusy] = useSticky('dash.shock.busy', false);
  const [err, setErr] = useSticky<string | null>('dash.shock.err', null);
  const [res, setRes] = useSticky<{ out: ShockOut; ran: ShockRan } | null>('dash.shock.result', null);
  const out = res?.out ?? null;
  const check = useMemo(() => validateParams(paramsOf(st.values)), [st.values]);
  const n = { mag: Number(mag), dur: Number(dur), start: Number(start), rec: Number(rec) };
  const errs = [
    !(n.mag >= 0 && n.mag <= 1 && mag.trim() !== '') ? `Magnitude must be a number between 0 and 1; got “${mag}”` : null,
    !(Number.isInteger(n.dur) && n.dur >= 1 && n.dur <= 520) ? `Duration must be an integer between 1 and 520 weeks; got “${dur}”` : null,
    !(Number.isInteger(n.start) && n.start >= 0 && n.start <= 2000) ? `Shock start week must be an integer between 0 and 2,000; got “${start}”` : null,
    !(Number.isInteger(n.rec) && n.rec >= 0 && n.rec <= 520) ? `Weeks observed after the shock must be an integer between 0 and 520; got “${rec}”` : null,
  ].filter(Boolean) as string[];
  // The run is start + duration + observed weeks long; it must fit in the longest simulation.
  if (!errs.length && n.start + n.dur + n.rec > SHOCK_MAX_WEEKS) {
    errs.push(`Start week + duration + weeks observed after must be at most ${SHOCK_MAX_WEEKS.toLocaleString('en-US')} weeks; got ${count(n.start)} + ${n.dur} + ${n.rec} = ${count(n.start + n.dur + n.rec)}`);
  }
  // The baseline as sent: the shock test sets its own length, so SIMULATION_WEEKS is not an input here.
  const baseline = useMemo((): Record<string, number> | null => {
    if (!check.ok) return null;
    const { SIMULATION_WEEKS: _w, ...params } = check.params;
    return params;
  }, [check]);
  const run = async () => {
    const params = baseline;
    if (!params) return;
    const ran: ShockRan = { type, magnitude: n.mag, duration: n.dur, startWeek: n.start, recoveryWeeks: n.rec, params, model: st.model };
    setBusy(true);
    setErr(null);
    setRes(null); // a failed run must not leave the previous result under its error
    try {
      const o = (await call('sim.shock', { type, magnitude: ran.magnitude, duration: ran.duration, startWeek: ran.startWeek, recoveryWeeks: ran.recoveryWeeks, params, model: st.model, seed })) as never as ShockOut;
      setRes({ out: o, ran });
    } catch (e) {
      setErr((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  // What differs between the inputs on screen and the ones the shown result was computed with.
  const changed = useMemo(() => {
    if (!res) return [];
    const r = res.ran;
    const now = baseline;
    return [
      type !== r.type ? 'type' : null,
      typedNum(mag) !== r.magnitude ? 'magnitude' : null,
      typedNum(dur) !== r.duration ? 'duration' : null,
      typedNum(start) !== r.startWeek ? 'start week' : null,
      typedNum(rec) !== r.recoveryWeeks ? 'weeks observed after' : null,
      st.model !== r.model ? 'the model' : null,
      !now || Object.keys({ ...now, ...r.params }).some((k) => now[k] !== r.params[k]) ? 'the Simulate parameters' : null,
    ].filter(Boolean) as string[];
  }, [res, type, mag, dur, start, rec, st.model, baseline]);
  const stale = changed.length > 0;
  const charts = useMemo(() => {
    if (!out) return null;
    const x = out.baseline.AvgWealth_B.map((_, i) => i);
    const s = out.shock_results;
    const shapes = [{ type: 'rect', xref: 'x', yref: 'paper', x0: s.start_week, x1: s.start_week + s.duration, y0: 0, y1: 1, fillcolor: 'rgba(198,40,40,0.15)', line: { width: 0 } }];
    const mk = (m: string, scale = 1): Trace[] => [
      { type: 'scatter', mode: 'lines', x, y: out.baseline[m].map((v) => (v === null ? null : v * scale)), name: 'Baseline', line: { color: COLOR_B } },
      { type: 'scatter', mode: 'lines', x, y: out.shocked[m].map((v) => (v === null ? null : v * scale)), name: 'Shocked', line: { color: '#c62828' } },
    ];
    // Hovers in the cards' units ("$6,455", "2.0%"); the poverty chart hovered "Shocked(58, 2)".
    return {
      wealth: withHoverUnits(mk('AvgWealth_B'), '$,.0f', ''),
      pov: withHoverUnits(mk('PovertyRate_B', 100), '.1f', '%'),
      l1: { ...LINE_BASE, shapes, xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: 'Wealth ($)' }, tickformat: '$,.0f', automargin: true } },
      l2: { ...LINE_BASE, shapes, xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: '% of members' }, automargin: true } },
    };
  }, [out]);
  const imp = out?.shock_results.impact;
  return (
    <div>
      <div className="form-grid">
        <label htmlFor="sh-type">Shock type</label>
        <select id="sh-type" value={type} onChange={(e) => setType(e.target.value as ShockType)}>
          <option value="income_reduction">Income reduction (income × (1 − m))</option>
          <option value="cost_increase">Cost increase (budget × (1 + m))</option>
          <option value="market_disruption">Market disruption (income × (1 − 0.7m), budget × (1 + 0.5m))</option>
        </select>
        <label htmlFor="sh-mag">Magnitude (0–1)</label>
        <input id="sh-mag" value={mag} inputMode="decimal" onChange={(e) => setMag(e.target.value)} />
        <label htmlFor="sh-dur">Duration (weeks)</label>
        <input id="sh-dur" value={dur} inputMode="numeric" onChange={(e) => setDur(e.target.value)} />
        <label htmlFor="sh-start">Shock starts after week</label>
        <input id="sh-start" value={start} inputMode="numeric" onChange={(e) => setStart(e.target.value)} />
        <label htmlFor="sh-rec">Weeks observed after the shock</label>
        <input id="sh-rec" value={rec} inputMode="numeric" onChange={(e) => setRec(e.target.value)} />
        <div className="form-actions">
          <button type="button" className="primary" disabled={busy || errs.length > 0 || !check.ok} onClick={() => void run()}>{busy ? 'Testing…' : 'Test shock'}</button>
        </div>
      </div>
      {errs.map((e) => <p key={e} role="alert" className="field-error">{e}</p>)}
      <EditorBase what="Baseline: the parameters in the Simulate editor" />
      <p className="muted small">Baseline and shocked runs share the seed ({seed}, Settings → Default seed) and these parameters (the length is start + duration + recovery); the shock applies only inside its window.</p>
      {err ? <div role="alert" className="callout error">{err}</div> : null}
      {out && imp && charts && res ? (
        <section aria-labelledby="sh-res" className={stale ? 'stale-results' : undefined}>
          <h2 id="sh-res">{stale ? 'Shock results for the previous inputs' : 'Shock results'}</h2>
          {stale ? (
            <div className="callout warn" role="status">
              <strong>These are the results for the previous inputs: </strong>
              type {SHOCK_TYPE_NAMES[res.ran.type]}, magnitude {res.ran.magnitude}, duration {res.ran.duration} weeks, start after week {count(res.ran.startWeek)}, {res.ran.recoveryWeeks} weeks observed after
              {changed.includes('the model') || changed.includes('the Simulate parameters') ? `, model ${res.ran.model} and the Simulate parameters as they were then` : ''}. Changed since: {changed.join(', ')}.{' '}
              {errs.length || !check.ok ? 'Fix the inputs, then press Test shock for results that match them.' : 'Press Test shock for results that match the current inputs.'}
            </div>
          ) : null}
          <div className="cards">
            <div className="card"><div className="label"><Tip text="Average wealth B shortfall against the baseline at the end of the shock">Wealth reduction</Tip></div><div className="value">{pct(imp.wealth_reduction)}</div></div>
            <div className="card"><div className="label"><Tip text="Poverty rate B shocked − baseline at the end of the shock">Poverty increase</Tip></div><div className="value">{signed(imp.poverty_increase, (x) => pts(x))}</div></div>
            <div className="card"><div className="label"><Tip text="Weeks after the shock until average wealth B is within 5% of the baseline">Recovery time</Tip></div><div className="value">{imp.recovery_time === null ? 'not within horizon' : imp.recovery_time === 0 ? '0 weeks' : `${count(imp.recovery_time)} weeks`}</div>{imp.recovery_time === 0 ? <div className="muted small">The gap never exceeded the 5% recovery threshold at the end of the shock.</div> : null}</div>
            <div className="card"><div className="label"><Tip text="Closing of the relative gap per week during recovery">Recovery rate</Tip></div><div className="value">{pct(out.recovery_metrics.recovery_rate, 2)}/wk</div></div>
            <div className="card"><div className="label"><Tip text="0.6·(1 − min(1, 2·reduction)) + 0.4·(1 − min(1, recovery/52))">Resilience score</Tip></div><div className="value">{fixed(out.recovery_metrics.resilience_score)}</div></div>
          </div>
          <div className="grid-2">
            <Chart title="Average wealth B: shocked vs baseline" data={charts.wealth} layout={charts.l1} description="Average wealth B of the baseline and shocked runs; the shaded band is the shock window." />
            <Chart title="Poverty rate B: shocked vs baseline (%)" data={charts.pov} layout={charts.l2} description="Poverty rate B of both runs; the shaded band is the shock window." />
          </div>
          <h3>Recommendations</h3>
          <ul>{out.recommendations.map((r) => <li key={r}>{r}</li>)}</ul>
        </section>
      ) : null}
    </div>
  );
}

export default function Dashboard() {
  const { query } = useShell();
  const [tab, setTab] = useState(query.get('tab') ?? 'overview');
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">Dashboard</h1>
      <Tabs
        label="Dashboard views"
        active={tab}
        onChange={setTab}
        tabs={[
          { id: 'overview', label: 'Overview', render: () => <Overview /> },
          { id: 'scenarios', label: 'Scenarios', render: () => <ScenarioRunner /> },
          { id: 'shock', label: 'Shock testing', render: () => <ShockTest /> },
        ]}
      />
    </section>
  );
}

/** Weeks in a run's second half, over which the growth per year is computed (weeks − ⌊weeks / 2⌋). */
const secondHalf = (weeks: number) => weeks - Math.floor(weeks / 2);
