import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ValidationComponent, ValidationDeltas } from '../../src-shared/validation/types';
import { CONFIDENCE_RULES } from '../../src-shared/validation/confidence';
import { notCheckedText } from '../../src-shared/validation/suite';
import { useShell } from '../App';
import { useApi, useJob } from '../api/useApi';
import { JobProgress } from '../analytics/JobProgress';
import { count, intFieldError, numFieldError } from '../analytics/format';
import { ChecksDetails, ComponentsTable, DeltasView, StatusText } from '../validation/parts';

export default function Validation() {
  const { query, navigate, settings } = useShell();
  const idParam = query.get('id');
  const list = useApi('validation.list', { limit: 100 });
  const selected: number | 'latest' = idParam && /^\d+$/.test(idParam) ? Number(idParam) : 'latest';
  const hasAny = (list.data?.length ?? 0) > 0;
  // Only once the list says there is a report: "none yet" is a normal state, not a failed request.
  const report = useApi('validation.get', { id: selected }, [selected, list.data?.[0]?.id], hasAny);
  const job = useJob('validation.run');
  // Text fields checked here, as in every other view: a number input only showed the browser's
  // passing tooltip for 0 or 1.5, with no message on the page naming the field and the range.
  const [runs, setRuns] = useState('30');
  const [seed, setSeed] = useState(String(settings?.defaultSeed ?? 42));
  useEffect(() => {
    if (settings) setSeed(String(settings.defaultSeed));
  }, [settings]);
  // The statistical checks' gate: a check passes when |measured − expected| ≤ z·SE (the CLI's --z).
  const [z, setZ] = useState('3');
  const runsErr = intFieldError('Monte Carlo runs', runs, 2, 10000);
  const seedErr = intFieldError('Seed', seed, 0, Number.MAX_SAFE_INTEGER);
  const zErr = numFieldError('Tolerance z', z, 1, 6);

  const start = async () => {
    if (runsErr || seedErr || zErr) return;
    const r = await job.run({ runs: Number(runs), seed: Number(seed), z: Number(z) });
    if (r) {
      await list.reload();
      navigate('validation', { id: String(r.id) });
    }
  };
  const v = hasAny ? report.data : null;
  const comps = (v?.result.components ?? []) as unknown as ValidationComponent[];
  // A history row's Show is disabled once its report is shown: pressed from the keyboard, it dropped
  // focus to <body>. Focus goes to the report's summary, the top of what it showed.
  const summaryRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const a = document.activeElement;
    if (a instanceof HTMLButtonElement && a.disabled && a.dataset.show !== undefined) summaryRef.current?.focus();
  }, [v?.id]);
  return (
    <section aria-labelledby="val-title">
      <h1 id="val-title">Validation</h1>
      <p className="muted">
        Model checks (the original model's nine categories, seeded), statistical checks over Monte Carlo runs (a check passes within z standard errors; z = 3 fails a correct model about 3 times in 1,000 checks, a lower z is stricter) and, when a Firefly snapshot exists, an empirical comparison with real spending. Every report is kept with its inputs and compared with the one before.
      </p>
      <form
        className="toolbar run-bar"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label htmlFor="val-runs">Monte Carlo runs</label>
        <input id="val-runs" inputMode="numeric" value={runs} aria-invalid={runsErr ? 'true' : 'false'} aria-describedby={runsErr ? 'val-runs-err' : undefined} onChange={(e) => setRuns(e.target.value)} style={{ width: '7em' }} />
        <label htmlFor="val-seed">Seed</label>
        <input id="val-seed" inputMode="numeric" value={seed} aria-invalid={seedErr ? 'true' : 'false'} aria-describedby={seedErr ? 'val-seed-err' : undefined} onChange={(e) => setSeed(e.target.value)} style={{ width: '9em' }} />
        <label htmlFor="val-z">Tolerance z</label>
        <input id="val-z" inputMode="decimal" value={z} aria-invalid={zErr ? 'true' : 'false'} aria-describedby={zErr ? 'val-z-err' : undefined} onChange={(e) => setZ(e.target.value)} style={{ width: '5em' }} />
        <button type="submit" className="primary" disabled={job.running || !!runsErr || !!seedErr || !!zErr}>
          Run validation
        </button>
        {v ? (
          <button type="button" onClick={() => navigate('reports', { source: 'validation', id: String(v.id) })}>
            Export report…
          </button>
        ) : null}
      </form>
      {runsErr ? <p id="val-runs-err" className="field-error" role="alert">{runsErr}</p> : null}
      {seedErr ? <p id="val-seed-err" className="field-error" role="alert">{seedErr}</p> : null}
      {zErr ? <p id="val-z-err" className="field-error" role="alert">{zErr}</p> : null}
      <JobProgress label="Validation" progress={job.progress} running={job.running} cancelling={job.cancelling} onCancel={job.cancel} />
      {job.error?.code === 'cancelled' ? <p className="callout info" role="status">Validation cancelled: nothing was stored.</p> : job.error ? <p className="callout error" role="alert">{job.error.message}</p> : null}

      {list.loading ? <p aria-busy="true">Loading…</p> : null}
      {!list.loading && !hasAny ? <p className="callout info">No validation report yet. Run the suite above (or “workbench validate” on the command line).</p> : null}
      {hasAny && report.error ? <p className="callout error" role="alert">{report.error.message}</p> : null}

      {v ? (
        <>
          <div ref={summaryRef} tabIndex={-1} className={`callout ${v.summary.status === 'pass' ? 'ok' : 'error'}`} role="status" data-testid="validation-summary">
            <strong>
              Report #{v.id}: {v.summary.status === 'pass' ? 'passed' : 'failed'}
            </strong>{' '}
            — {v.summary.passed} of {v.summary.checks} checks passed, {v.summary.failed} failed, {v.summary.skipped} skipped{notCheckedText(comps) ? `, ${notCheckedText(comps)}` : ''} · {new Date(v.createdAt).toLocaleString()} · seed {v.result.inputs.seed}, {count(v.result.inputs.runs)} runs, z {v.result.inputs.z}
            {v.result.inputs.snapshotId !== null ? `, Firefly snapshot #${v.result.inputs.snapshotId}` : ', no Firefly snapshot'}
          </div>
          <h2>Confidence</h2>
          <ComponentsTable components={comps} />
          <h2>Changes since the previous report</h2>
          <DeltasView deltas={v.deltas as ValidationDeltas | null} />
          <h2>Checks</h2>
          <ChecksDetails components={comps} />
          <details>
            <summary>Confidence rules</summary>
            <ul>
              {CONFIDENCE_RULES.map((r, i) => (
                <li key={i}>
                  {r.level !== 'n/a' ? <strong>{r.level}: </strong> : null}
                  {r.rule}
                </li>
              ))}
            </ul>
          </details>
          {v.archiveDir ? <p className="muted small">Archived in <code>{v.archiveDir}</code></p> : null}
        </>
      ) : null}

      {hasAny ? (
        <>
          <h2>History</h2>
          <div className="table-scroll">
            <table>
              <caption className="sr-only">Stored validation reports</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Created</th>
                  <th scope="col">Status</th>
                  <th scope="col">Checks passed</th>
                  <th scope="col">Snapshot</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data!.map((x) => (
                  <tr key={x.id} aria-current={v?.id === x.id ? 'true' : undefined} className={v?.id === x.id ? 'pm-changed' : ''}>
                    <td className="num">{x.id}</td>
                    <td>{new Date(x.createdAt).toLocaleString()}</td>
                    <td><StatusText status={x.summary.status} /></td>
                    <td className="num">
                      {x.summary.passed}/{x.summary.checks}
                    </td>
                    <td>{x.snapshotId ?? '—'}</td>
                    <td>
                      <button type="button" data-show onClick={() => navigate('validation', { id: String(x.id) })} disabled={v?.id === x.id} aria-label={`Show report ${x.id}`}>
                        Show
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
