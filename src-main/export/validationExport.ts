/**
 * Export files of a stored validation report (for `dox push --validation`). Builds the Report
 * model from the stored validation result (as `workbench report --validation` does) and renders
 * its tables as CSVs plus the Markdown.
 */
import { toCsv } from '../../src-shared/finance/csv';
import { renderMarkdown } from '../../src-shared/report/markdown';
import { dataBlocks, parseReport } from '../../src-shared/report/model';
import { buildValidationReport } from '../../src-shared/validation/report';
import type { AppContext } from '../context';
import type { BundleFormat, ExportFile } from '../dox/bundle';
import { ValidationRepo } from '../validation/store';
import { ExportError } from './runExport';

export function loadValidationExport(app: AppContext, idOrLatest: number | 'latest', formats: readonly BundleFormat[]): { id: string; files: ExportFile[] } {
  const hasTable = app.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'validation_reports'").get();
  if (!hasTable) throw new ExportError('there are no validation reports yet: run "workbench validate" first', 'not_found');
  const row = (idOrLatest === 'latest'
    ? app.db.prepare('SELECT id FROM validation_reports ORDER BY id DESC LIMIT 1').get()
    : app.db.prepare('SELECT id FROM validation_reports WHERE id = ?').get(idOrLatest)) as { id: number } | undefined;
  if (!row) throw new ExportError(idOrLatest === 'latest' ? 'there are no validation reports yet: run "workbench validate" first' : `validation report ${idOrLatest} does not exist`, 'not_found');
  // The row stores the ValidationResult, not a Report model: build the report from it.
  const v = new ValidationRepo(app.db, app.dataDir).withDeltas(row.id);
  const report = parseReport(buildValidationReport(v.result, { id: v.id, deltas: v.deltas, archiveDir: v.archiveDir }, app.version));
  const p = `validation-${row.id}`;
  const files: ExportFile[] = [];
  if (formats.includes('csv')) {
    let first = true;
    for (const { block } of dataBlocks(report)) {
      if (block.type !== 'table') continue;
      const cols = block.columns.map((c) => c.key);
      files.push({ name: `${p}-${block.id}.csv`, role: block.id, primary: first, content: toCsv([cols, ...block.rows.map((r) => cols.map((c) => r[c] ?? null))]) });
      first = false;
    }
  }
  if (formats.includes('json')) files.push({ name: `${p}.json`, role: 'report', content: JSON.stringify(report, null, 2) + '\n' });
  if (formats.includes('md')) files.push({ name: `${p}-report.md`, role: 'report', content: renderMarkdown(report) });
  return { id: String(row.id), files };
}
