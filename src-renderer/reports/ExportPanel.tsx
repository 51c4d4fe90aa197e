import { useEffect, useState } from 'react';
import type { OpOutput } from '../../src-shared/api';
import { fileSize } from '../../src-shared/report/format';
import { revealExport } from '../api/client';
import { useJob } from '../api/useApi';
import { JobProgress } from '../analytics/JobProgress';
import { useShell } from '../App';

export type Source = 'run' | 'validation' | 'compare';
type Format = 'html' | 'md' | 'pdf' | 'docx' | 'json' | 'csv';

export const FORMATS: { id: Format; label: string; hint: string }[] = [
  { id: 'pdf', label: 'PDF', hint: 'printed by headless Chromium; charts as images' },
  { id: 'html', label: 'HTML', hint: 'interactive, self-contained dashboard' },
  { id: 'md', label: 'Markdown', hint: 'pandoc-ready' },
  { id: 'docx', label: 'DOCX', hint: 'needs pandoc' },
  { id: 'json', label: 'JSON', hint: 'the report model' },
  { id: 'csv', label: 'CSV bundle', hint: 'a folder: one CSV per table, a datavzrd config' },
];

export function ExportPanel({ source, ids, pandoc, defaultFolder, disabled }: { source: Source; ids: (number | 'latest')[]; pandoc: boolean; defaultFolder: string; disabled: boolean }) {
  const job = useJob('reports.generate');
  // defaultFolder already is Settings' folder when one is set: the hint says which of the two it is.
  const { settings } = useShell();
  const [folder, setFolder] = useState('');
  const [last, setLast] = useState<OpOutput<'reports.generate'> | null>(null);
  const [showFolder, setShowFolder] = useState(false);
  const [active, setActive] = useState<Format | null>(null);
  // "Wrote …" describes the source it was exported from: another source clears it.
  const sourceKey = `${source}:${ids.join(',')}`;
  useEffect(() => {
    setLast(null);
    setShowFolder(false);
  }, [sourceKey]);

  const exportAs = async (format: Format) => {
    setActive(format);
    setShowFolder(false);
    const r = await job.run({ source, ids, format, folder: folder.trim() || undefined });
    if (r) setLast(r);
  };
  return (
    <section className="panel" aria-labelledby="rp-export-title">
      <h2 id="rp-export-title">Export</h2>
      <div className="toolbar">
        <label htmlFor="rp-folder">Folder</label>
        <input id="rp-folder" type="text" value={folder} placeholder={defaultFolder} onChange={(e) => setFolder(e.target.value)} style={{ minWidth: '24em' }} aria-describedby="rp-folder-hint" />
      </div>
      <p id="rp-folder-hint" className="muted small">
        An absolute folder (for example <code>/home/you/reports</code>), created if it does not exist; relative paths are refused. Empty: <code>{defaultFolder}</code> ({settings?.reportsDir ? 'the reports folder from Settings' : 'no reports folder is set in Settings'}). A file name is chosen from the title and the time (CSV: a bundle folder inside).
      </p>
      <div className="toolbar" role="group" aria-label="Export formats">
        {FORMATS.map((f) => (
          <button key={f.id} type="button" disabled={disabled || job.running || (f.id === 'docx' && !pandoc)} onClick={() => void exportAs(f.id)} title={f.id === 'docx' && !pandoc ? 'pandoc is not installed: apt-get install pandoc' : f.hint}>
            Export {f.label}
          </button>
        ))}
      </div>
      {!pandoc ? <p className="muted small">DOCX needs pandoc, which was not found: install it (apt-get install pandoc, brew install pandoc or pandoc.org) and reload.</p> : null}
      <JobProgress label={`Export ${active?.toUpperCase() ?? ''}`} progress={job.progress} running={job.running} cancelling={job.cancelling} onCancel={job.cancel} />
      {job.error ? (
        <p className="callout error" role="alert">
          {job.error.code === 'cancelled' ? 'Export cancelled.' : job.error.message}
        </p>
      ) : null}
      {last && !job.running && !job.error ? (
        <div className="callout ok" role="status" data-testid="export-result">
          Wrote {last.format.toUpperCase()} ({fileSize(last.bytes)} in {(last.ms / 1000).toFixed(1)} s): <code data-testid="export-path">{last.path}</code>{' '}
          {last.download ? (
            // serve mode: the browser cannot open the server's folder, so the file comes back as a download.
            <a className="button" href={last.download} download={last.path.split(/[\\/]/).pop()}>
              Download
            </a>
          ) : null}{' '}
          <button
            type="button"
            onClick={() => {
              // The desktop app opens the file manager at the export; a browser can only be told where it is.
              const tell = () => {
                setShowFolder(true);
                void navigator.clipboard?.writeText(last.folder).catch(() => {});
              };
              if (last.reveal) void revealExport(last.reveal).then((ok) => (ok ? setShowFolder(false) : tell()));
              else tell();
            }}
          >
            Open folder
          </button>
          {showFolder ? (
            <p className="small">
              Folder: <code>{last.folder}</code> (copied to the clipboard; opening folders is not available from the browser).
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
