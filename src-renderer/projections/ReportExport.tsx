import { useEffect, useId, useState } from 'react';
import type { OpOutput } from '../../src-shared/api';
import type { MonteCarloModelResult } from '../../src-shared/api/projections';
import type { MarketScenario, ProjectionModel } from '../../src-shared/projections/schema';
import { useApi, useJob } from '../api/useApi';
import { JobProgress } from '../analytics/JobProgress';
import { ExportOutcome } from '../reports/ExportOutcome';

type Format = 'html' | 'pdf' | 'docx' | 'json';

const FORMATS: { id: Format; label: string; hint: string }[] = [
  { id: 'html', label: 'HTML report', hint: 'interactive, self-contained dashboard (the shared report format)' },
  { id: 'pdf', label: 'PDF report', hint: 'printed by headless Chromium; charts as images' },
  { id: 'docx', label: 'DOCX report', hint: 'needs pandoc' },
  { id: 'json', label: 'JSON report', hint: 'the report model' },
];

/**
 * The projection report in the shared report formats (projections.report), beside the Markdown and
 * CSV downloads: the last validated models and, when one ran on them, the Monte Carlo's bands.
 */
export function ProjectionReportExport({ ran, monteCarlo }: { ran: { models: ProjectionModel[]; scenarios: MarketScenario[]; scenario: string }; monteCarlo: MonteCarloModelResult[] | null }) {
  const uid = useId();
  // The same job key across sections: an export started here still reports when the user comes back.
  const job = useJob('projections.report', 'proj.report');
  const sources = useApi('reports.sources', { limit: 1 });
  const defaultFolder = sources.data?.defaultFolder ?? '';
  const pandoc = sources.data?.pandoc ?? false;
  const [folder, setFolder] = useState('');
  const [active, setActive] = useState<Format | null>(null);
  const [last, setLast] = useState<OpOutput<'projections.report'> | null>(null);
  // "Wrote …" describes the validation it was made from: a new validation clears it.
  useEffect(() => {
    setLast(null);
  }, [ran]);

  const exportAs = async (format: Format) => {
    setActive(format);
    const r = await job.run({
      models: ran.models,
      scenarios: ran.scenarios,
      scenario: ran.scenario || undefined,
      format,
      folder: folder.trim() || undefined,
      ...(monteCarlo ? { monteCarlo } : {}),
    });
    if (r) setLast(r);
  };

  return (
    <div className="pm-report-export" role="group" aria-labelledby={`${uid}-title`}>
      <h3 id={`${uid}-title`}>Report (HTML, PDF)</h3>
      <div className="toolbar">
        <label htmlFor={`${uid}-folder`}>Folder</label>
        <input id={`${uid}-folder`} type="text" value={folder} placeholder={defaultFolder} onChange={(e) => setFolder(e.target.value)} style={{ minWidth: '24em' }} aria-describedby={`${uid}-hint`} />
      </div>
      <p id={`${uid}-hint`} className="muted small">
        An absolute folder, created if it does not exist; empty: <code>{defaultFolder || 'the reports folder'}</code>. The report has the ranking, variance, risk factors, the weekly charts
        {monteCarlo ? ' and the Monte Carlo bands' : ' (run the Monte Carlo on these models to add its bands)'}.
      </p>
      <div className="toolbar" role="group" aria-label="Export the projection report">
        {FORMATS.map((f) => (
          <button key={f.id} type="button" disabled={job.running || (f.id === 'docx' && !pandoc)} title={f.id === 'docx' && !pandoc ? 'pandoc is not installed: apt-get install pandoc' : f.hint} onClick={() => void exportAs(f.id)}>
            Export {f.label}
          </button>
        ))}
      </div>
      <JobProgress label={`Export ${active?.toUpperCase() ?? ''}`} progress={job.progress} running={job.running} cancelling={job.cancelling} onCancel={job.cancel} />
      <ExportOutcome error={job.error} last={last} running={job.running} testId="projection-report" />
    </div>
  );
}
