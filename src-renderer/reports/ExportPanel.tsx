import { useEffect, useState } from 'react';
import type { OpOutput } from '../../src-shared/api';
import { useJob } from '../api/useApi';
import { JobProgress } from '../analytics/JobProgress';
import { ExportOutcome } from './ExportOutcome';
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
  const [active, setActive] = useState<Format | null>(null);
  // "Wrote …" describes the source it was exported from: another source clears it.
  const sourceKey = `${source}:${ids.join(',')}`;
  useEffect(() => {
    setLast(null);
  }, [sourceKey]);

  const exportAs = async (format: Format) => {
    setActive(format);
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
      <ExportOutcome error={job.error} last={last} running={job.running} testId="export" />
    </section>
  );
}
