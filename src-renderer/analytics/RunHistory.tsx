import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { RunSummary } from '../../src-shared/api';
import { call, useApi } from '../api/useApi';
import { count } from './format';
import { forgetRun } from './runCache';

const HEADING = '#hist-title';
/** Rows shown at first and added by each "Show older runs"; the API returns at most MAX_ROWS. */
const HISTORY_PAGE = 200;
const MAX_ROWS = 1000;

/** Run history: search, rename, tag, delete (with an Undo toast calling runs.restore), reopen, select for comparison. */
export function RunHistory({ selected, onToggle, onOpen, max = 4 }: { selected: number[]; onToggle: (id: number) => void; onOpen: (id: number) => void; max?: number }) {
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(search.trim()), 200);
    return () => clearTimeout(t);
  }, [search]);
  // The newest `shown` runs, and one more to know whether there are older ones (the button then offers them).
  // A new search starts again from one page.
  const [page, setPage] = useState({ q: '', shown: HISTORY_PAGE });
  const shown = page.q === q ? page.shown : HISTORY_PAGE;
  const want = Math.min(shown + 1, MAX_ROWS);
  const list = useApi('runs.list', q ? { search: q, limit: want } : { limit: want }, [q, want]);
  const rows = (list.data ?? []).slice(0, shown);
  const more = (list.data?.length ?? 0) > shown;
  const atCap = !more && rows.length >= MAX_ROWS;
  const [editing, setEditing] = useState<{ id: number; name: string; tags: string } | null>(null);
  const [toast, setToast] = useState<{ id: number; name: string } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const toastTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const toastRef = useRef<HTMLDivElement>(null);

  // Keyboard focus follows the row being worked on: a control that disappears (Edit while editing, a
  // deleted row, the toast) would otherwise drop focus to <body>. `focusNext` names the element (a CSS
  // selector inside this panel) to focus once it is rendered; an input gets its text selected. If the
  // list has loaded without it (a restored run the search hides), the list's heading takes focus.
  const root = useRef<HTMLElement>(null);
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    const el = root.current?.querySelector<HTMLElement>(focusNext.current) ?? (list.loading ? null : root.current?.querySelector<HTMLElement>(HEADING));
    if (!el) return;
    focusNext.current = null;
    el.focus();
    if (el instanceof HTMLInputElement) el.select();
  });
  const rowControl = (what: 'open' | 'edit', id: number) => `[data-focus="${what}-${id}"]`;

  const startEdit = (r: RunSummary) => {
    focusNext.current = `[data-focus="name-${r.id}"]`;
    setEditing({ id: r.id, name: r.name, tags: r.tags.join(', ') });
  };
  const endEdit = (id: number) => {
    focusNext.current = rowControl('edit', id);
    setEditing(null);
  };

  // The toast closes itself after 10 s, but not while the user is on it (focus or pointer): its Undo stays reachable.
  const stopToastTimer = () => {
    if (toastTimer.current) clearTimeout(toastTimer.current);
    toastTimer.current = null;
  };
  const startToastTimer = () => {
    stopToastTimer();
    toastTimer.current = setTimeout(() => {
      if (toastRef.current?.contains(document.activeElement)) focusNext.current = HEADING;
      setToast(null);
    }, 10000);
  };
  useEffect(() => stopToastTimer, []);

  const del = async (r: RunSummary) => {
    // Where focus goes once the row is gone: the next row, else the previous one, else the list's heading.
    const i = rows.findIndex((x) => x.id === r.id);
    const after = rows[i + 1] ?? rows[i - 1];
    try {
      await call('runs.delete', { id: r.id });
      forgetRun(r.id);
      if (selected.includes(r.id)) onToggle(r.id);
      if (editing?.id === r.id) setEditing(null);
      focusNext.current = after ? rowControl('open', after.id) : HEADING;
      setToast({ id: r.id, name: r.name });
      startToastTimer();
      void list.reload();
    } catch (e) {
      setErr((e as Error).message);
    }
  };
  const undo = async () => {
    if (!toast) return;
    try {
      await call('runs.restore', { id: toast.id });
      // The restored row's Open button takes focus once it is back (the toast, which may hold focus, goes with the reload).
      focusNext.current = rowControl('open', toast.id);
      await list.reload();
      stopToastTimer();
      setToast(null);
    } catch (e) {
      setErr((e as Error).message);
    }
  };
  // Ctrl+Z while the toast shows (and the caret is not in a text field) is its Undo.
  useEffect(() => {
    if (!toast) return;
    const on = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'z') return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      e.preventDefault();
      void undo();
    };
    addEventListener('keydown', on);
    return () => removeEventListener('keydown', on);
  });
  const saveEdit = async () => {
    if (!editing) return;
    try {
      const tags = editing.tags.split(',').map((t) => t.trim()).filter(Boolean);
      await call('runs.update', { id: editing.id, name: editing.name.trim() || undefined, tags });
      endEdit(editing.id);
      void list.reload();
    } catch (e) {
      setErr((e as Error).message);
    }
  };
  const editKeys = (id: number) => (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') void saveEdit();
    else if (e.key === 'Escape') {
      e.preventDefault();
      endEdit(id);
    }
  };

  return (
    <section aria-labelledby="hist-title" className="panel" ref={root}>
      <h2 id="hist-title" tabIndex={-1}>Run history</h2>
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
            {rows.map((r) => {
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
                      <input aria-label={`New name for run ${r.id}`} data-focus={`name-${r.id}`} value={editing.name} maxLength={200} onChange={(e) => setEditing({ ...editing, name: e.target.value })} onKeyDown={editKeys(r.id)} />
                    ) : (
                      r.name
                    )}
                  </td>
                  <td>
                    {isEditing ? (
                      <input aria-label={`Tags for run ${r.id} (comma separated)`} value={editing.tags} onChange={(e) => setEditing({ ...editing, tags: e.target.value })} onKeyDown={editKeys(r.id)} />
                    ) : (
                      r.tags.map((t) => <span key={t} className="tag">{t}</span>)
                    )}
                  </td>
                  <td>{r.kind === 'montecarlo' ? `MC ${count(r.completedRuns)}/${count(r.runs)}` : r.kind}</td>
                  <td className="num">{count(r.members)} × {count(r.weeks)}</td>
                  <td>{r.status}</td>
                  <td className="small">{new Date(r.createdAt).toLocaleString()}</td>
                  <td className="actions">
                    {isEditing ? (
                      <>
                        <button type="button" key="save" onClick={() => void saveEdit()}>Save</button>
                        <button type="button" key="cancel" onClick={() => endEdit(r.id)} aria-keyshortcuts="Escape">Cancel</button>
                      </>
                    ) : (
                      <>
                        <button type="button" key="open" data-focus={`open-${r.id}`} onClick={() => onOpen(r.id)} aria-label={`Open run ${r.id}`}>Open</button>
                        <button type="button" key="edit" data-focus={`edit-${r.id}`} onClick={() => startEdit(r)} aria-label={`Edit run ${r.id}`} title="Rename or tag">Edit</button>
                        <button type="button" key="delete" onClick={() => void del(r)} aria-label={`Delete run ${r.id}`}>Delete</button>
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
      {more ? (
        <p className="toolbar">
          <span className="muted small" data-testid="hist-count">Showing the newest {count(rows.length)} runs{q ? ` that match “${q}”` : ''}.</span>
          <button type="button" onClick={() => setPage({ q, shown: Math.min(shown + HISTORY_PAGE, MAX_ROWS) })}>
            Show {count(Math.min(HISTORY_PAGE, MAX_ROWS - rows.length))} older runs
          </button>
        </p>
      ) : atCap ? (
        <p className="muted small" data-testid="hist-count">Showing the newest {count(rows.length)} runs: search by name, tag or id to find older ones.</p>
      ) : null}
      {toast ? (
        <div
          className="toast"
          role="status"
          ref={toastRef}
          onFocus={stopToastTimer}
          onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && startToastTimer()}
          onMouseEnter={stopToastTimer}
          onMouseLeave={() => !toastRef.current?.contains(document.activeElement) && startToastTimer()}
        >
          Deleted run #{toast.id} “{toast.name}”.{' '}
          <button type="button" onClick={() => void undo()} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">Undo</button>
        </div>
      ) : null}
    </section>
  );
}
