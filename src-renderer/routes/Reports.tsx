import { useEffect, useRef, useState } from 'react';
import { useShell } from '../App';
import { useApi, useJob } from '../api/useApi';
import { JobProgress } from '../analytics/JobProgress';
import { reportableRuns, runSourceLabel } from '../reports/sources';
import { ExportPanel, type Source } from '../reports/ExportPanel';

export default function Reports() {
  const { query } = useShell();
  const sources = useApi('reports.sources', { limit: 200 });
  // null = not chosen: a simulation run if there is one, else a validation report (the old fixed
  // default, a validation report, left every button disabled on a fresh install with runs).
  const [chosen, setSource] = useState<Source | null>((['run', 'validation', 'compare'] as const).find((s) => s === query.get('source')) ?? null);
  const [runId, setRunId] = useState<number | null>(null);
  const [valId, setValId] = useState<number | null>(query.get('id') && /^\d+$/.test(query.get('id')!) ? Number(query.get('id')) : null);
  const [compare, setCompare] = useState<number[]>([]);
  const [preview, setPreview] = useState<{ html: string; title: string } | null>(null);
  /** The source the last preview was asked for: its error or "cancelled" shows only while it is still chosen. */
  const [previewedKey, setPreviewedKey] = useState<string | null>(null);
  // A job (progress, Cancel): charts are drawn in a headless browser, which takes seconds to start.
  const previewJob = useJob('reports.preview');
  const previewing = previewJob.running;

  const runs = reportableRuns(sources.data?.runs ?? []);
  const vals = sources.data?.validations ?? [];
  const source: Source = chosen ?? (runs.length ? 'run' : 'validation');
  useEffect(() => {
    if (runId === null && runs.length) setRunId(runs[0].id);
    if (valId === null && vals.length) setValId(vals[0].id);
  }, [sources.data]);
  useEffect(() => {
    const s = query.get('source');
    if (s === 'run' || s === 'validation' || s === 'compare') setSource(s);
    const id = query.get('id');
    if (id && /^\d+$/.test(id)) (s === 'run' ? setRunId : setValId)(Number(id));
  }, [query]);

  const ids: number[] = source === 'run' ? (runId ? [runId] : []) : source === 'validation' ? (valId ? [valId] : []) : compare;
  const ready = source === 'compare' ? compare.length >= 2 && compare.length <= 4 : ids.length === 1;
  const key = `${source}:${ids.join(',')}`;
  useEffect(() => {
    setPreview(null);
  }, [key]);

  const doPreview = async () => {
    setPreviewedKey(key);
    const forKey = key;
    const out = await previewJob.run({ source, ids });
    if (out && forKey === keyRef.current) setPreview(out);
  };
  // A preview that ends after the source changed belongs to the old source.
  const keyRef = useRef(key);
  keyRef.current = key;

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
              ['run', `Simulation run (${runs.length})`],
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
            <p className="callout info">No finished runs yet: run a simulation first.</p>
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

      {preview ? (
        <div className="panel">
          <h2>Preview: {preview.title}</h2>
          <iframe title={`Report preview: ${preview.title}`} sandbox="allow-scripts" srcDoc={preview.html} style={{ width: '100%', height: '70vh', border: '1px solid var(--border)', borderRadius: 6, background: '#fff' }} />
        </div>
      ) : null}
    </section>
  );
}
