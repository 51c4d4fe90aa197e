import { useEffect, useRef, useState } from 'react';
import type { RunSummary } from '../../src-shared/api';
import { call, useApi } from '../api/useApi';

/** Run history: search, rename, tag, delete (with an Undo toast calling runs.restore), reopen, select for comparison. */
export function RunHistory({ selected, onToggle, onOpen, max = 4 }: { selected: number[]; onToggle: (id: number) => void; onOpen: (id: number) => void; max?: number }) {
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(search.trim()), 200);
    return () => clearTimeout(t);
  }, [search]);
  const list = useApi('runs.list', q ? { search: q, limit: 200 } : { limit: 200 }, [q]);
  const [editing, setEditing] = useState<{ id: number; name: string; tags: string } | null>(null);
  const [toast, setToast] = useState<{ id: number; name: string } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const toastTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const del = async (r: RunSummary) => {
    try {
      await call('runs.delete', { id: r.id });
      if (selected.includes(r.id)) onToggle(r.id);
      setToast({ id: r.id, name: r.name });
      if (toastTimer.current) clearTimeout(toastTimer.current);
      toastTimer.current = setTimeout(() => setToast(null), 10000);
      void list.reload();
    } catch (e) {
      setErr((e as Error).message);
    }
  };
  const undo = async () => {
    if (!toast) return;
    try {
      await call('runs.restore', { id: toast.id });
      setToast(null);
      void list.reload();
    } catch (e) {
      setErr((e as Error).message);
    }
  };
  const saveEdit = async () => {
    if (!editing) return;
    try {
      const tags = editing.tags.split(',').map((t) => t.trim()).filter(Boolean);
      await call('runs.update', { id: editing.id, name: editing.name.trim() || undefined, tags });
      setEditing(null);
      void list.reload();
    } catch (e) {
      setErr((e as Error).message);
    }
  };

  return (
    <section aria-labelledby="hist-title" className="panel">
      <h2 id="hist-title">Run history</h2>
      <div className="toolbar">
        <label htmlFor="hist-search">Search runs</label>
        <input id="hist-search" type="search" value={search} placeholder="name or tag" onChange={(e) => setSearch(e.target.value)} />
        <span className="muted small">Select 2–{max} runs to compare.</span>
      </div>
      {err ? <p role="alert" className="field-error">{err}</p> : null}
      {list.error ? <p role="alert" className="field-error">{list.error.message}</p> : null}
      <div className="table-scroll">
        <table className="history">
          <thead>
            <tr>
              <th scope="col"><span className="sr-only">Compare</span></th>
              <th scope="col">#</th>
              <th scope="col">Name</th>
              <th scope="col">Tags</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">Members × weeks</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((r) => {
              const on = selected.includes(r.id);
              const isEditing = editing?.id === r.id;
              return (
                <tr key={r.id} className={on ? 'selected' : ''}>
                  <td>
                    <input type="checkbox" aria-label={`Compare run ${r.id} ${r.name}`} checked={on} disabled={!on && selected.length >= max} onChange={() => onToggle(r.id)} />
                  </td>
                  <td>{r.id}</td>
                  <td>
                    {isEditing ? (
                      <input aria-label={`New name for run ${r.id}`} value={editing.name} maxLength={200} onChange={(e) => setEditing({ ...editing, name: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && void saveEdit()} />
                    ) : (
                      r.name
                    )}
                  </td>
                  <td>
                    {isEditing ? (
                      <input aria-label={`Tags for run ${r.id} (comma separated)`} value={editing.tags} onChange={(e) => setEditing({ ...editing, tags: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && void saveEdit()} />
                    ) : (
                      r.tags.map((t) => <span key={t} className="tag">{t}</span>)
                    )}
                  </td>
                  <td>{r.kind === 'montecarlo' ? `MC ${r.completedRuns}/${r.runs}` : r.kind}</td>
                  <td className="num">{r.members.toLocaleString('en-US')} × {r.weeks}</td>
                  <td>{r.status}</td>
                  <td className="small">{new Date(r.createdAt).toLocaleString()}</td>
                  <td className="actions">
                    {isEditing ? (
                      <>
                        <button type="button" onClick={() => void saveEdit()}>Save</button>
                        <button type="button" onClick={() => setEditing(null)}>Cancel</button>
                      </>
                    ) : (
                      <>
                        <button type="button" onClick={() => onOpen(r.id)} aria-label={`Open run ${r.id}`}>Open</button>
                        <button type="button" onClick={() => setEditing({ id: r.id, name: r.name, tags: r.tags.join(', ') })} aria-label={`Edit run ${r.id}`} title="Rename or tag">Edit</button>
                        <button type="button" onClick={() => void del(r)} aria-label={`Delete run ${r.id}`}>Delete</button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {list.data && !list.data.length ? <p className="muted">No runs{q ? ` match “${q}”` : ' yet'}.</p> : null}
      {toast ? (
        <div className="toast" role="status">
          Deleted run #{toast.id} “{toast.name}”.{' '}
          <button type="button" onClick={() => void undo()}>Undo</button>
        </div>
      ) : null}
    </section>
  );
}
