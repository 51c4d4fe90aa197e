import { useMemo } from 'react';
import { PRESETS, validateParams } from '../../src-shared/engine';
import type { RunDoc } from '../../src-shared/sim/runDoc';
import { useShell } from '../App';
import { useApi, useJob } from '../api/useApi';
import { loadPlotly } from '../charts/Chart';
import { count, fixed, intFieldError, isNum, money, pct } from '../analytics/format';
import { metricHelp, metricLabel } from '../analytics/help';
import { EditorBase } from '../analytics/EditorBase';
import { JobProgress } from '../analytics/JobProgress';
import { StillRunning } from '../analytics/StillRunning';
import { paramsOf, useEditor } from '../analytics/paramStore';
import { rememberRun } from '../analytics/runCache';
import { LineChart } from '../analytics/RunViews';
import { Tip } from '../analytics/Tip';
import { useSessionSticky, useSticky } from '../analytics/sticky';

const FINALS: { m: string; f: (x: number) => string }[] = [
  { m: 'AvgWealth_A', f: (x) => money(x) },
  { m: 'AvgWealth_B', f: (x) => money(x) },
  { m: 'WealthDifference', f: (x) => money(x) },
  { m: 'Gini_A', f: (x) => fixed(x) },
  { m: 'Gini_B', f: (x) => fixed(x) },
  { m: 'PovertyRate_A', f: (x) => pct(x) },
  { m: 'PovertyRate_B', f: (x) => pct(x) },
  { m: 'CommunityResilience', f: (x) => fixed(x) },
];

export default function MonteCarlo() {
  const { settings, navigate } = useShell();
  const st = useEditor();
  const job = useJob('sim.run', 'montecarlo');
  const cores = Math.max(1, Math.min(64, navigator.hardwareConcurrency || 2));
  const [runs, setRuns] = useSessionSticky('mc.runs', '200');
  const [workers, setWorkers] = useSessionSticky('mc.workers', String(cores));
  // The seed as typed; until the user types one it follows Settings' default seed (as Simulate's
  // does), also when that changes after this section was first opened.
  const [seedEdit, setSeed] = useSessionSticky<string | null>('mc.seed', null);
  const seed = seedEdit ?? (settings ? String(settings.defaultSeed) : '');
  const [result, setResult] = useSticky<{ runId: number | null; status: string; doc: RunDoc } | null>('mc.result', null);
  const check = useMemo(() => validateParams(paramsOf(st.values)), [st.values]);
  const runsN = Number(runs), workersN = Number(workers), seedN = seed === '' ? (settings?.defaultSeed ?? 42) : Number(seed);
  const errs = {
    runs: intFieldError('Runs', runs, 2, 100000),
    workers: intFieldError('Workers', workers, 1, 64),
    seed: seed === '' ? null : intFieldError('Seed', seed, 0, Number.MAX_SAFE_INTEGER),
  };
  const ok = check.ok && !errs.runs && !errs.workers && !errs.seed;

  const start = async () => {
    if (!check.ok) return;
    setResult(null);
    void loadPlotly();
    const r = await job.run({ model: st.model, params: check.params, seed: seedN, runs: runsN, workers: workersN, ...(st.preset ? { preset: st.preset } : {}), save: true });
    if (r) {
      setResult(r as unknown as typeof result);
      if (r.runId !== null) rememberRun(r.runId, r.doc as unknown as RunDoc);
    }
  };
  const doc = result?.doc;
  const p = check.ok ? check.params : null;
  // The shown set may have been deleted since (run history, another window, the CLI): asked each
  // time the section opens, so the page does not offer to open a run that is gone.
  const shownId = result?.runId ?? null;
  // One row: the newest stored run up to this id is this one unless it is gone (a search for the id as
  // text listed up to 1,000 runs whose names hold those digits, and missed it behind 1,000 newer ones).
  const stored = useApi('runs.list', { before: (shownId ?? 0) + 1, limit: 1 }, [shownId], shownId !== null);
  const gone = shownId !== null && stored.data !== null && stored.data[0]?.id !== shownId;

  return (
    <section aria-labelledby="mc-title">
      <h1 id="mc-title">Monte Carlo</h1>
      <p className="muted">
        {/* An invalid seed is not echoed as the one used: it read "(seed 1.5, …)" and "(seed NaN, …)". */}
        Repeat the simulation with independent random streams ({errs.seed ? 'from the seed below' : `seed ${seedN}`}, run indices 0…N−1) on the worker pool, then see p5–p95
        bands. Cancel keeps the runs that already finished.
      </p>
      <EditorBase />
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label htmlFor="mc-runs">Runs</label>
        <input id="mc-runs" className="narrow" inputMode="numeric" value={runs} aria-invalid={errs.runs ? 'true' : 'false'} onChange={(e) => setRuns(e.target.value)} />
        <label htmlFor="mc-workers">Workers</label>
        <input id="mc-workers" className="narrow" inputMode="numeric" value={workers} aria-invalid={errs.workers ? 'true' : 'false'} onChange={(e) => setWorkers(e.target.value)} />
        <label htmlFor="mc-seed">Seed</label>
        <input id="mc-seed" className="narrow" inputMode="numeric" value={seed} aria-invalid={errs.seed ? 'true' : 'false'} onChange={(e) => setSeed(e.target.value)} />
        <button type="submit" className="primary" disabled={!ok || job.running}>
          {job.running ? 'Running…' : 'Run Monte Carlo'}
        </button>
      </form>
      {Object.values(errs).filter(Boolean).map((e) => <p key={e} className="field-error" role="alert">{e}</p>)}
      {!errs.workers && workersN > cores ? <p className="muted small" role="status">This computer runs {cores} threads at once: {workersN} workers will take turns on them, which adds overhead and gains no speed.</p> : null}
      <JobProgress label="Monte Carlo" progress={job.progress} running={job.running} cancelling={job.cancelling} onCancel={job.cancel} cancelText="Cancel (keep finished runs)" />
      <StillRunning busy={job.running} />
      {/* A cancel is what the user asked for: a neutral status, not an error (it kept no runs here). */}
      {job.error ? job.error.code === 'cancelled' ? <p role="status" className="callout info">Cancelled before any run finished: nothing was kept.</p> : <div role="alert" className="callout error">Failed: {job.error.message}</div> : null}
      {doc ? (
        <section aria-labelledby="mc-res-title">
          <h2 id="mc-res-title">Results</h2>
          <div className={`callout ${result?.status === 'cancelled' ? 'info' : 'ok'}`} role="status">
            {result?.status === 'cancelled' ? `Cancelled: kept ${count(doc.completedRuns)} of ${count(doc.runs)} runs.` : `Done: ${count(doc.completedRuns)} runs in ${(doc.elapsedMs / 1000).toFixed(1)} s.`}{' '}
            {gone ? (
              <strong data-testid="mc-run-gone">Run #{shownId} has been deleted since: these results are no longer stored.</strong>
            ) : result?.runId !== null ? (
              <button type="button" onClick={() => navigate('analysis', { run: String(result!.runId), tab: 'overview' })}>Open full analysis</button>
            ) : null}
          </div>
          <p className="muted">
            {result?.runId !== null ? `Run #${result!.runId}: ` : ''}
            {count(doc.members)} members × {count(doc.weeks)} weeks, model {doc.model}, seed {doc.seed}.
            {p && stale(doc.params, p, doc.model, st.model) ? <strong> The editor's parameters have changed since; run again to see them.</strong> : null}
          </p>
          <table>
            <caption className="sr-only">Final-week distribution across runs</caption>
            <thead>
              <tr>
                <th scope="col">Metric (final week)</th>
                <th scope="col" className="num">Mean</th>
                <th scope="col" className="num">SD</th>
                <th scope="col" className="num">p5</th>
                <th scope="col" className="num">Median</th>
                <th scope="col" className="num">p95</th>
              </tr>
            </thead>
            <tbody>
              {FINALS.map(({ m, f }) => {
                const v = doc.final[m];
                return (
                  <tr key={m}>
                    <th scope="row"><Tip text={metricHelp(m)}>{metricLabel(m)}</Tip></th>
                    {[v?.mean, v?.sd, v?.p5, v?.p50, v?.p95].map((x, i) => <td key={i} className="num">{isNum(x) ? f(x) : '—'}</td>)}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="grid-2">
            <LineChart doc={doc} title="Average wealth with p5–p95 bands" metrics={MC_WEALTH} yTitle="Wealth ($)" tick="$,.0f" />
            <LineChart doc={doc} title="Total wealth difference B − A with p5–p95 band" metrics={MC_DIFF} yTitle="$" tick="$,.0f" />
            <LineChart doc={doc} title="Gini with p5–p95 bands" metrics={MC_GINI} yTitle="Gini" tick=".3f" />
            <LineChart doc={doc} title="Poverty rate with p5–p95 bands" metrics={MC_POV} scale={100} yTitle="% of members" tick=".1f" />
          </div>
        </section>
      ) : null}
    </section>
  );
}
/** True when the shown result was computed with other parameters (or model) than the editor's now. */
function stale(ran: Record<string, number>, now: Record<string, number>, ranModel: string, nowModel: string): boolean {
  return ranModel !== nowModel || Object.keys(now).some((k) => ran[k] !== undefined && ran[k] !== now[k]);
}
const MC_WEALTH: [string, string][] = [['AvgWealth_A', 'Traditional (A)'], ['AvgWealth_B', 'Cooperative (B)']];
const MC_DIFF: [string, string][] = [['WealthDifference', 'B − A']];
const MC_GINI: [string, string][] = [['Gini_A', 'Gini A'], ['Gini_B', 'Gini B']];
const MC_POV: [string, string][] = [['PovertyRate_A', 'Poverty A'], ['PovertyRate_B', 'Poverty B']];
