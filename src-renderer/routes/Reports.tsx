import { useEffect, useRef, useState } from 'react';
import { useShell } from '../App';
import { call } from '../api/client';
import { useApi, useJob } from '../api/useApi';
import { JobProgress } from '../analytics/JobProgress';
import { count } from '../analytics/format';
import { useSticky } from '../analytics/sticky';
import { reportableRuns, runSourceLabel } from '../reports/sources';
import { ExportPanel, type Source } from '../reports/ExportPanel';

/** Runs listed at once (the newest; a search finds older ones). */
const LISTED = 200;

export default function Reports() {
  const { query } = useShell();
  const sources = useApi('reports.sources', { limit: LISTED });
  // Beyond the newest LISTED runs, a search (name, tag or id) lists the runs that match instead.
  const [find, setFind] = useSticky('reports.find', '');
  const [q, setQ] = useState(find.trim());
  useEffect(() => {
    const t = setTimeout(() => setQ(find.trim()), 200);
    return () => clearTimeout(t);
  }, [find]);
  const found = useApi('runs.list', { search: q, limit: LISTED }, [q], q !== '');
  // null = not chosen: a simulation run if there is one, else a validation report (the old fixed
  // default, a validation report, left every button disabled on a fresh install with runs).
  // Sticky (like the other sections' forms and results): the picks and a preview, which takes
  // seconds to draw, stay when the user visits another section and comes back.
  const [chosen, setSource] = useSticky<Source | null>('reports.source', null);
  const [runId, setRunId] = useSticky<number | null>('reports.runId', null);
  const [valId, setValId] = useSticky<number | null>('reports.valId', null);
  const [compare, setCompare] = useSticky<number[]>('reports.compare', []);
  /** The last preview, with the source it shows: shown only while that source is still chosen. */
  // Focus moving into the preview frame fires no focus event on the <iframe> and gives it no :focus:
  // the page's window loses focus while the frame is the active element. Its ring is drawn from that.
  const frameRef = useRef<HTMLIFrameElement>(null);
  const [frameFocused, setFrameFocused] = useState(false);
  useEffect(() => {
    const check = () => setTimeout(() => setFrameFocused(!!frameRef.current && document.activeElement === frameRef.current));
    addEventListener('blur', check);
    addEventListener('focus', check);
    return () => {
      removeEventListener('blur', check);
      removeEventListener('focus', check);
    };
  }, []);
  const [preview, setPreview] = useSticky<{ html: string; title: string; key: string } | null>('reports.preview', null);
  /** The source the last preview was asked for: its error or "cancelled" shows only while it is still chosen. */
  const [previewedKey, setPreviewedKey] = useState<string | null>(null);
  // A job (progress, Cancel): charts are drawn in a headless browser, which takes seconds to start.
  const previewJob = useJob('reports.preview');
  const previewing = previewJob.running;

  const listedRuns = reportableRuns(q ? (found.data ?? []) : (sources.data?.runs ?? []));
  const more = !q && (sources.data?.runs.length ?? 0) >= LISTED;
  const vals = sources.data?.validations ?? [];
  const listed = listedRuns.some((r) => r.id === runId);
  // A picked run that is not among the listed ones (a link to an old run, a pick made during a
  // search since cleared) stays picked: it is read alone and shown first. Only a run that is gone
  // (deleted since: the picks outlive the view) or has nothing to report gives way to the newest.
  // While searching, the newest match is picked instead (the user is looking for another run).
  const [pinned, setPinned] = useState<(typeof listedRuns)[number] | null>(null);
  const listReady = q ? found.data !== null : sources.data !== null;
  useEffect(() => {
    if (runId === null || listed || !listReady) return;
    if (q) {
      if (listedRuns.length) setRunId(listedRuns[0].id);
      return;
    }
    let live = true;
    call('runs.list', { before: runId + 1, limit: 1 })
      .then((rows) => {
        if (!live) return;
        const r = reportableRuns(rows).find((x) => x.id === runId);
        if (r) setPinned(r);
        else if (listedRuns.length) setRunId(listedRuns[0].id);
      })
      .catch(() => undefined); // the picker keeps the listed runs; the export names a missing run itself
    return () => {
      live = false;
    };
  }, [runId, listed, listReady, q]);
  const runs = !q && !listed && pinned && pinned.id === runId ? [pinned, ...listedRuns] : listedRuns;
  const source: Source = chosen ?? (runs.length ? 'run' : 'validation');
  useEffect(() => {
    if (runId === null && listedRuns.length) setRunId(listedRuns[0].id);
    // Also when the kept pick was deleted since (the picks outlive the view).
    if (vals.length && !vals.some((v) => v.id === valId)) setValId(vals[0].id);
  }, [sources.data, found.data, q]);
  useEffect(() => {
    const s = query.get('source');
    if (s === 'run' || s === 'validation' || s === 'compare') setSource(s);
    const id = query.get('id');
    if (id && /^\d+$/.test(id)) (s === 'run' ? setRunId : setValId)(Number(id));
  }, [query, setSource, setRunId, setValId]);

  const ids: number[] = source === 'run' ? (runId ? [runId] : []) : source === 'validation' ? (valId ? [valId] : []) : compare;
  const ready = source === 'compare' ? compare.length >= 2 && compare.length <= 4 : ids.length === 1;
  const key = `${source}:${ids.join(',')}`;

  const doPreview = async () => {
    setPreviewedKey(key);
    const forKey = key;
    setPreview(null);
    const out = await previewJob.run({ source, ids });
    // A preview that ends after the source changed belongs to the old source: kept with its key, not shown.
    if (out) setPreview({ ...out, key: forKey });
  };

  return (
    <section aria-labelledby="rp-title">
      <h1 id="rp-title">Reports</h1>
      <p className="muted">Pick what to report on, preview it, and export it as PDF, HTML, Markdown, DOCX, JSON or a CSV bundle.</p>
      {sources.error ? <p className="callout error" role="alert">{sources.error.message}</p> : null}
      <div className="panel">
        <fieldset className="toolbar">
          <legend>Source</legend>
          {(
            [
              ['validation', `Validation report (${vals.length})`],
              ['run', `Simulation run (${count(listedRuns.length)}${more ? '+' : ''})`],
              ['compare', 'Compare 2–4 runs'],
            ] as const
          ).map(([id, label]) => (
            <label key={id}>
              <input type="radio" name="rp-source" value={id} checked={source === id} onChange={() => setSource(id)} /> {label}
            </label>
          ))}
        </fieldset>
        {source === 'validation' ? (
          vals.length ? (
            <div className="toolbar">
              <label htmlFor="rp-val">Validation report</label>
              <select id="rp-val" value={valId ?? ''} onChange={(e) => setValId(Number(e.target.value))}>
                {vals.map((v) => (
                  <option key={v.id} value={v.id}>
                    #{v.id} · {new Date(v.createdAt).toLocaleString()} · {v.status.toUpperCase()} {v.passed}/{v.checks}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p className="callout info">No validation reports yet: run one in Validation (or “workbench validate”).</p>
          )
        ) : null}
        {source !== 'validation' ? (
          <div className="toolbar">
            <label htmlFor="rp-find">Find runs</label>
            <input id="rp-find" type="search" value={find} placeholder="name, tag or id" onChange={(e) => setFind(e.target.value)} />
            {more ? <span className="muted small" data-testid="rp-more">The newest {count(LISTED)} runs are listed: search by name, tag or id for older ones.</span> : null}
          </div>
        ) : null}
        {source === 'run' ? (
          runs.length ? (
            <div className="toolbar">
              <label htmlFor="rp-run">Run</label>
              <select id="rp-run" value={runId ?? ''} onChange={(e) => setRunId(Number(e.target.value))}>
                {runs.map((r) => (
                  <option key={r.id} value={r.id}>
                    {runSourceLabel(r)}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p className="callout info">{q ? `No finished runs match “${q}”.` : 'No finished runs yet: run a simulation first.'}</p>
          )
        ) : null}
        {source === 'compare' ? (
          <fieldset>
            <legend>Runs to compare (pick 2 to 4; {compare.length} picked)</legend>
            {runs.length < 2 ? <p className="callout info">Comparing needs at least two finished runs.</p> : null}
            <div className="table-scroll">
              {runs.map((r) => {
                const on = compare.includes(r.id);
                return (
                  <label key={r.id} style={{ display: 'block' }}>
                    <input
                      type="checkbox"
                      checked={on}
                      disabled={!on && compare.length >= 4}
                      onChange={() => setCompare(on ? compare.filter((x) => x !== r.id) : [...compare, r.id])}
                    />{' '}
                    {runSourceLabel(r)}
                  </label>
                );
              })}
            </div>
          </fieldset>
        ) : null}
        <div className="toolbar">
          <button type="button" className="primary" disabled={!ready || previewing} onClick={() => void doPreview()}>
            {previewing ? 'Generating preview…' : 'Generate preview'}
          </button>
        </div>
        <JobProgress label="Preview" progress={previewJob.progress} running={previewJob.running} cancelling={previewJob.cancelling} onCancel={previewJob.cancel} />
        {!previewing && previewedKey === key && previewJob.error ? (
          previewJob.error.code === 'cancelled' ? <p className="muted" role="status">Preview cancelled.</p> : <p className="callout error" role="alert">{previewJob.error.message}</p>
        ) : null}
      </div>

      <ExportPanel source={source} ids={ids} pandoc={sources.data?.pandoc ?? false} defaultFolder={sources.data?.defaultFolder ?? ''} disabled={!ready} />

      {preview && preview.key === key ? (
        <div className="panel">
          <h2>Preview: {preview.title}</h2>
          <iframe
            ref={frameRef}
            className={frameFocused ? 'has-focus' : undefined}
            title={`Report preview: ${preview.title}`} sandbox="allow-scripts" srcDoc={preview.html} style={{ width: '100%', height: '70vh', border: '1px solid var(--border)', borderRadius: 6, background: '#fff' }} />
        </div>
      ) : null}
    </section>
  );
}
