import { useState } from 'react';
import type { DoxPushRecord } from '../../src-shared/api';

/** History of pushes (dox_pushes) with the stored manifest in a details panel. */
export function History({ rows, loading, error, onReload }: { rows: DoxPushRecord[] | null; loading: boolean; error: string | null; onReload: () => void }) {
  const [open, setOpen] = useState<number | null>(null);
  const sel = rows?.find((r) => r.id === open) ?? null;
  return (
    <section aria-labelledby="dx-hist-title" className="panel">
      <h2 id="dx-hist-title">Push history</h2>
      <div className="toolbar">
        <button type="button" onClick={onReload} disabled={loading}>
          {loading ? 'Loading…' : 'Reload history'}
        </button>
      </div>
      {error ? <div className="callout error" role="alert">Could not load the history: {error}</div> : null}
      {rows && rows.length === 0 ? <p className="muted">No pushes yet.</p> : null}
      {rows && rows.length > 0 ? (
        <div className="table-scroll">
          <table className="history dx-history">
            <caption className="sr-only">DoX push history</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Status</th>
                <th scope="col">Source</th>
                <th scope="col">DoX URL</th>
                <th scope="col">Artefacts</th>
                <th scope="col">Dashboard</th>
                <th scope="col">Manifest</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={open === r.id ? 'selected' : undefined} data-push-id={r.id}>
                  <td className="num">{r.id}</td>
                  <td>{new Date(r.createdAt).toLocaleString()}</td>
                  <td>
                    <span className={`dx-status dx-status-${r.status}`}>{r.status}</span>
                    {r.error ? <div className="muted small dx-err">{r.error.slice(0, 160)}</div> : null}
                  </td>
                  <td>{r.sourceKind ? `${r.sourceKind} ${r.sourceId ?? ''}` : '—'}</td>
                  <td className="dx-break">{r.doxUrl}</td>
                  <td className="num">{r.artifactIds.length}</td>
                  <td>
                    {r.dashboardUrl ? (
                      <a href={r.dashboardUrl} target="_blank" rel="noopener noreferrer">
                        Dashboard<span className="sr-only"> of push {r.id}</span>
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="actions">
                    <button type="button" aria-expanded={open === r.id} aria-controls="dx-manifest" onClick={() => setOpen(open === r.id ? null : r.id)}>
                      {open === r.id ? 'Hide' : 'Details'}
                      <span className="sr-only"> of push {r.id}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div id="dx-manifest" role="region" aria-label={sel ? `Manifest of push ${sel.id}` : 'Push manifest'} hidden={!sel}>
        {sel ? (
          <div className="dx-manifest">
            <h3>Push #{sel.id}</h3>
            <dl className="kv">
              <dt>report_week (correlation id)</dt>
              <dd><code>{sel.correlationId}</code></dd>
              <dt>Artifacts folder</dt>
              <dd><code>{sel.artifactsDir}</code></dd>
              {sel.artifactIds.map((a) => (
                <div key={a.filename} className="dx-contents">
                  <dt>{a.filename}</dt>
                  <dd><code>{a.artifactId}</code></dd>
                </div>
              ))}
              {sel.error ? (
                <>
                  <dt>Error</dt>
                  <dd>{sel.error}</dd>
                </>
              ) : null}
            </dl>
            <pre className="dx-json" tabIndex={0} aria-label="Manifest JSON">{JSON.stringify(sel.manifest, null, 2)}</pre>
          </div>
        ) : null}
      </div>
    </section>
  );
}
