import type { DoxPushProgress, DoxPushResult } from '../../src-shared/api';
import { MessageText } from '../components/MessageText';
import { plural } from '../analytics/format';

export type StepState = { status: 'pending' | DoxPushProgress['status']; message: string };
export const VISIBLE_STEPS: Array<{ id: DoxPushProgress['phase']; label: string }> = [
  { id: 'bundle', label: 'Bundle' },
  { id: 'health', label: 'Health' },
  { id: 'upload', label: 'Upload' },
  { id: 'artifact', label: 'Artefact' },
  { id: 'chr', label: 'CHR' },
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'ask', label: 'Questions' },
  { id: 'search', label: 'Search' },
];

const STATUS_TEXT: Record<StepState['status'], string> = {
  pending: 'waiting',
  start: 'running',
  ok: 'done',
  skip: 'skipped',
  warn: 'warning',
  fail: 'failed',
};
const STATUS_ICON: Record<StepState['status'], string> = { pending: '○', start: '◐', ok: '✓', skip: '–', warn: '!', fail: '✗' };

/** The per-step progress list (health, upload, artefact, CHR, dashboard, …). */
export function StepList({ steps, planned }: { steps: Partial<Record<DoxPushProgress['phase'], StepState>>; planned: Set<string> }) {
  return (
    <ol className="dx-steps" aria-label="Push steps">
      {VISIBLE_STEPS.filter((s) => planned.has(s.id)).map((s) => {
        const st = steps[s.id] ?? { status: 'pending' as const, message: '' };
        return (
          <li key={s.id} className={`dx-step dx-step-${st.status}`} data-step={s.id} data-status={st.status}>
            <span className="dx-step-icon" aria-hidden="true">{STATUS_ICON[st.status]}</span>
            <span className="dx-step-label">{s.label}</span>
            <span className="dx-step-status">{STATUS_TEXT[st.status]}</span>
            {st.message ? (
              <span className="dx-step-msg muted small">
                <MessageText text={st.message} />
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

export function DashboardLink({ url, ready }: { url: string; ready: boolean }) {
  return (
    <p>
      <a href={url} target="_blank" rel="noopener noreferrer">
        Open the datavzrd dashboard
      </a>{' '}
      <span className="muted small">
        ({url}
        {ready ? null : (
          <>
            ; it did not answer yet: datavzrd renders a few seconds after CHR, and runs only with <code>docker compose --profile tools up -d datavzrd</code>
          </>
        )}
        )
      </span>
    </p>
  );
}

/** What a push produced: artefact ids, CHR, dashboard link, answers and search hits. */
export function PushResultView({ r }: { r: DoxPushResult }) {
  return (
    <section aria-labelledby="dx-result-title" className="panel">
      <h2 id="dx-result-title">Result</h2>
      <div className={`callout ${r.status === 'ok' ? 'ok' : r.status === 'dry-run' ? 'info' : 'error'}`} role="status">
        {r.status === 'dry-run'
          ? `Dry run: nothing was sent. ${plural(r.files.length, 'file')} and the exact requests are in ${r.artifactsDir}.`
          : `Pushed to ${r.doxUrl} (${r.generation === 'head' ? 'HEAD' : 'pinned'} generation), push #${r.id}, report_week ${r.correlationId}.`}
      </div>
      <dl className="kv dx-kv">
        <dt>Artifacts folder</dt>
        <dd><code>{r.artifactsDir}</code></dd>
        <dt>Manifest</dt>
        <dd><code>{r.manifestPath}</code></dd>
        {r.requestsPath ? (
          <>
            <dt>Requests (dry run)</dt>
            <dd><code>{r.requestsPath}</code></dd>
          </>
        ) : null}
        {r.artifacts.length ? (
          <>
            <dt>Artefact ids</dt>
            <dd>
              <ul className="plain-list">
                {r.artifacts.map((a) => (
                  <li key={a.filename}>
                    {a.filename} → <code>{a.artifactId}</code>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {r.chr ? (
          <>
            <dt>CHR</dt>
            <dd>
              K = {r.chr.K}, MHEP {r.chr.mhep?.toFixed(2) ?? '—'}, Hg {r.chr.Hg?.toFixed(3) ?? '—'}, Hs {r.chr.Hs?.toFixed(3) ?? '—'}, {r.chr.units ?? '—'} units; table <code>{r.chr.localCsv}</code>
            </dd>
          </>
        ) : null}
      </dl>
      {r.dashboard ? <DashboardLink url={r.dashboard.url} ready={r.dashboard.ready} /> : null}
      {r.answers.length ? (
        <>
          <h3>Answers</h3>
          <dl className="dx-answers" aria-label="Answers from DoX">
            {r.answers.map((a, i) => (
              <div key={i}>
                <dt>{a.question}</dt>
                <dd>{a.answer ?? <span className="field-error">Failed: {a.error}</span>}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      {r.searches.length ? (
        <>
          <h3>Search hits</h3>
          {r.searches.map((s, i) => (
            <div key={i} className="dx-search">
              <p>
                <strong>{s.q}</strong>: {s.error ? <span className="field-error">failed: {s.error}</span> : plural(s.count ?? 0, 'hit')}
                {!s.error && (s.count ?? 0) === 0 ? <span className="muted small"> (DoX indexes PDF text, APIs, logs and tags, not CSV uploads)</span> : null}
              </p>
              {s.results.length ? (
                <ol className="dx-hits">
                  {s.results.map((h, j) => (
                    <li key={j}>
                      <span className="muted small">{h.score === null ? '' : h.score.toFixed(3)}</span> {h.text}
                    </li>
                  ))}
                </ol>
              ) : null}
            </div>
          ))}
        </>
      ) : null}
      {r.warnings.length ? (
        <details>
          <summary>{plural(r.warnings.length, 'warning')}</summary>
          <ul>
            {r.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
