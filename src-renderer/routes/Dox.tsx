import { useEffect, useMemo, useRef, useState } from 'react';
import type { DoxPushInput, DoxPushProgress, DoxPushResult, RunSummary } from '../../src-shared/api';
import { useApi, useJob } from '../api/useApi';
import { Connection, isHttpUrl } from '../dox/Connection';
import { History } from '../dox/History';
import { PushResultView, StepList, type StepState } from '../dox/PushResultView';
import { count, intFieldError } from '../analytics/format';
import { MessageText } from '../components/MessageText';

/** Runs listed at once (the newest; a search finds older ones). */
const LISTED = 200;

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);

export default function Dox() {
  const [url, setUrl] = useState('');
  // Beyond the newest LISTED runs, a search (name, tag or id) lists the runs that match instead.
  const [find, setFind] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(find.trim()), 200);
    return () => clearTimeout(t);
  }, [find]);
  const runs = useApi('runs.list', q ? { search: q, limit: LISTED } : { limit: LISTED }, [q]);
  const validations = useApi('validation.list', { limit: 100 });
  const history = useApi('dox.pushes', { limit: 50 });
  const job = useJob('dox.push');

  const [source, setSource] = useState<'run' | 'validation'>('run');
  const [runId, setRunId] = useState('latest');
  // The picked run stays an option (and the one pushed) when a search or its clearing no longer lists it.
  const [picked, setPicked] = useState<RunSummary | null>(null);
  const [validationId, setValidationId] = useState('latest');
  const [formats, setFormats] = useState({ csv: true, json: true, md: true });
  const [chrOn, setChrOn] = useState(true);
  const [k, setK] = useState('5');
  const [datavzrd, setDatavzrd] = useState(true);
  const [questions, setQuestions] = useState('What is the total revenue?');
  const [searches, setSearches] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [steps, setSteps] = useState<Partial<Record<DoxPushProgress['phase'], StepState>>>({});
  const [planned, setPlanned] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<DoxPushResult | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  const doneRuns = useMemo(() => (runs.data ?? []).filter((r) => r.status === 'done' || r.status === 'cancelled'), [runs.data]);
  const more = !q && (runs.data?.length ?? 0) >= LISTED;
  const options = picked && runId === String(picked.id) && !doneRuns.some((r) => r.id === picked.id) ? [picked, ...doneRuns] : doneRuns;
  const kN = Number(k);
  const errs = {
    k: chrOn ? intFieldError('CHR K', k, 1, 1000) : null,
    formats: !formats.csv && !formats.json && !formats.md ? 'Choose at least one format (CSV, JSON or Markdown)' : null,
    url: url.trim() && !isHttpUrl(url.trim()) ? 'DoX URL must be an http:// or https:// address' : null,
    source:
      source === 'run' && runs.data && doneRuns.length === 0 && !q
        ? 'There are no finished runs yet: run a simulation or Monte Carlo first.'
        : source === 'validation' && validations.data && validations.data.length === 0
          ? 'There are no validation reports yet: run the validation suite first.'
          : null,
  };
  const ok = !errs.k && !errs.formats && !errs.url && !errs.source;

  const push = async () => {
    if (!ok || job.running) return;
    const ask = lines(questions);
    const search = lines(searches);
    const input: DoxPushInput = {
      ...(source === 'run' ? { run: runId === 'latest' ? 'latest' : Number(runId) } : { validation: validationId === 'latest' ? 'latest' : Number(validationId) }),
      files: formats,
      ...(chrOn ? { chr: { K: kN } } : {}),
      datavzrd,
      ask,
      search,
      dryRun,
      ...(url.trim() ? { url: url.trim() } : {}),
    };
    const want = new Set<string>(['bundle', 'health', 'upload', 'artifact']);
    if (chrOn || datavzrd) want.add('chr');
    if (datavzrd) want.add('dashboard');
    if (!dryRun && ask.length) want.add('ask');
    if (!dryRun && search.length) want.add('search');
    setPlanned(want);
    setSteps({});
    setResult(null);
    const r = await job.run(input as never, {
      onProgress: (e: DoxPushProgress) => setSteps((prev) => ({ ...prev, [e.phase]: { status: e.status, message: e.message } })),
    });
    if (r) setResult(r as DoxPushResult);
    void history.reload();
    statusRef.current?.focus();
  };

  const pct = job.progress && job.progress.total ? Math.round((100 * job.progress.done) / job.progress.total) : 0;

  return (
    <section aria-labelledby="dx-title" className="dx">
      <h1 id="dx-title">PMOVES-DoX</h1>
      <p className="muted">
        Send a run or validation report to a PMOVES-DoX server: health check first, upload of the CSV bundle, artefact ids, optional CHR (Constellation Harvest Regularization) and
        datavzrd dashboard, and questions or searches. A dry run writes the bundle and the exact requests under the data folder without touching the network.
      </p>
      <Connection url={url} setUrl={setUrl} />

      <section className="panel" aria-labelledby="dx-push-title">
        <h2 id="dx-push-title">Export to DoX</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void push();
          }}
        >
          <fieldset className="dx-fieldset">
            <legend>What to export</legend>
            <div className="radio-card">
              <input type="radio" id="dx-src-run" name="dx-src" checked={source === 'run'} onChange={() => setSource('run')} />
              <label htmlFor="dx-src-run">A stored run</label>
            </div>
            <div className="dx-indent">
              <label htmlFor="dx-run">Run</label>{' '}
              <select
                id="dx-run"
                value={runId}
                onChange={(e) => {
                  setRunId(e.target.value);
                  setPicked(options.find((r) => String(r.id) === e.target.value) ?? null);
                }}
                disabled={source !== 'run'}
              >
                <option value="latest">Latest run</option>
                {options.map((r) => (
                  <option key={r.id} value={String(r.id)}>
                    #{r.id} {r.name} ({r.kind === 'montecarlo' ? `Monte Carlo, ${count(r.completedRuns)} runs` : r.kind}, {count(r.members)}×{count(r.weeks)} wk)
                  </option>
                ))}
              </select>{' '}
              <label htmlFor="dx-find">Find runs</label>{' '}
              <input id="dx-find" type="search" value={find} placeholder="name, tag or id" onChange={(e) => setFind(e.target.value)} disabled={source !== 'run'} />
              {more ? <p className="muted small" data-testid="dx-more">The newest {count(LISTED)} runs are listed: search by name, tag or id for older ones.</p> : null}
              {q && runs.data && doneRuns.length === 0 ? <p className="muted small">No finished runs match “{q}”.</p> : null}
            </div>
            <div className="radio-card">
              <input type="radio" id="dx-src-val" name="dx-src" checked={source === 'validation'} onChange={() => setSource('validation')} />
              <label htmlFor="dx-src-val">A validation report</label>
            </div>
            <div className="dx-indent">
              <label htmlFor="dx-val">Validation report</label>{' '}
              <select id="dx-val" value={validationId} onChange={(e) => setValidationId(e.target.value)} disabled={source !== 'validation'}>
                <option value="latest">Latest validation report</option>
                {(validations.data ?? []).map((v) => (
                  <option key={v.id} value={String(v.id)}>
                    #{v.id} {new Date(v.createdAt).toLocaleString()}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>

          <fieldset className="dx-fieldset">
            <legend>Formats</legend>
            {(
              [
                ['csv', 'CSV (uploaded; the weekly history is the CHR target)'],
                ['json', 'JSON (sent as a CSV rendering: DoX refuses .json uploads)'],
                ['md', 'Markdown report (kept in the bundle; DoX refuses .md uploads)'],
              ] as const
            ).map(([f, label]) => (
              <div key={f} className="radio-card">
                <input type="checkbox" id={`dx-fmt-${f}`} checked={formats[f]} onChange={(e) => setFormats((p) => ({ ...p, [f]: e.target.checked }))} />
                <label htmlFor={`dx-fmt-${f}`}>{label}</label>
              </div>
            ))}
          </fieldset>

          <fieldset className="dx-fieldset">
            <legend>Analysis in DoX</legend>
            <div className="radio-card">
              <input type="checkbox" id="dx-chr" checked={chrOn} onChange={(e) => setChrOn(e.target.checked)} />
              <label htmlFor="dx-chr">Run CHR</label>
              <label htmlFor="dx-k" className="dx-gap">K (constellations)</label>
              <input
                id="dx-k"
                className="narrow"
                inputMode="numeric"
                value={k}
                disabled={!chrOn}
                aria-invalid={errs.k ? 'true' : 'false'}
                aria-describedby={errs.k ? 'dx-k-err' : undefined}
                onChange={(e) => setK(e.target.value)}
              />
            </div>
            {errs.k ? <p id="dx-k-err" className="field-error">{errs.k}</p> : null}
            <div className="radio-card">
              <input type="checkbox" id="dx-viz" checked={datavzrd} onChange={(e) => setDatavzrd(e.target.checked)} />
              <label htmlFor="dx-viz">datavzrd dashboard (runs CHR first, K = 8 if CHR is off)</label>
            </div>
            <div className="dx-two">
              <div>
                <label htmlFor="dx-ask">Questions (one per line)</label>
                <textarea id="dx-ask" rows={3} value={questions} onChange={(e) => setQuestions(e.target.value)} aria-describedby="dx-ask-help" />
                <div id="dx-ask-help" className="muted small">
                  DoX answers questions about spend, revenue, conversions, clicks or impressions; others get a help sentence.
                </div>
              </div>
              <div>
                <label htmlFor="dx-search">Search queries (one per line)</label>
                <textarea id="dx-search" rows={3} value={searches} onChange={(e) => setSearches(e.target.value)} />
              </div>
            </div>
          </fieldset>

          <div className="toolbar">
            <span className="radio-card">
              <input type="checkbox" id="dx-dry" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
              <label htmlFor="dx-dry">Dry run (no network)</label>
            </span>
            <button type="submit" className="primary" disabled={!ok || job.running}>
              {job.running ? 'Pushing…' : dryRun ? 'Write dry run' : 'Push to DoX'}
            </button>
            {job.running ? (
              <button type="button" onClick={job.cancel} disabled={job.cancelling}>
                {job.cancelling ? 'Cancelling…' : 'Cancel'}
              </button>
            ) : null}
          </div>
          {/* errs.url blocks the push too; the Connection panel names it under the URL field. */}
          {[errs.formats, errs.source].filter(Boolean).map((e) => (
            <p key={e} className="field-error" role="alert">
              {e}
            </p>
          ))}
        </form>

        {planned.size ? (
          <div className="dx-progress" aria-labelledby="dx-prog-title">
            <h3 id="dx-prog-title">Progress</h3>
            {job.running ? (
              <progress max={100} value={pct} aria-label="Push progress">
                {pct}%
              </progress>
            ) : null}
            <StepList steps={steps} planned={planned} />
          </div>
        ) : null}
        <div ref={statusRef} tabIndex={-1} className="dx-outcome" aria-live="polite">
          {job.error ? (
            <div role="alert" className={`callout ${job.error.code === 'cancelled' ? 'warn' : 'error'}`}>
              {job.error.code === 'cancelled' ? 'Cancelled: ' : 'Push failed: '}
              <MessageText text={job.error.message} />
            </div>
          ) : null}
        </div>
      </section>

      {result ? <PushResultView r={result} /> : null}

      <History rows={history.data} loading={history.loading} error={history.error?.message ?? null} onReload={() => void history.reload()} />
    </section>
  );
}
