import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../src-shared/api';
import type { reportsOps } from '../../../src-shared/api/reports';
import { parseReport, slugify, type Report, type ReportInput } from '../../../src-shared/report/model';
import type { RunDoc } from '../../../src-shared/sim/runDoc';
import { buildComparisonReport, buildRunReport, type RunMeta } from '../../../src-shared/sim/runReport';
import { buildValidationReport } from '../../../src-shared/validation/report';
import type { AppContext } from '../../context';
import { pandocVersion, renderHtml, ReportError, writeReport, type ReportFormat } from '../../reports';
import { leasePrinter } from '../../reports/printerFactory';
import { ValidationRepo } from '../../validation/store';
import type { Handlers } from '../types';

type Id = number | 'latest';

function runFor(app: AppContext, id: Id): { meta: RunMeta; doc: RunDoc } {
  const run = app.runs.get(id);
  const doc = run.result as RunDoc | null;
  if (!doc || typeof doc !== 'object' || !doc.weekly) throw new ApiError('not_found', `run ${run.id} has no results to report (status ${run.status})`);
  return { meta: { id: run.id, name: run.name, createdAt: run.createdAt }, doc };
}

/** Builds the report model for a source; unknown ids become not_found naming the id. */
export function buildReportFor(app: AppContext, source: 'run' | 'validation' | 'compare', ids: Id[]): Report {
  let input: ReportInput;
  if (source === 'run') {
    const r = runFor(app, ids[0]);
    input = buildRunReport(r.meta, r.doc, app.version);
  } else if (source === 'validation') {
    const v = new ValidationRepo(app.db, app.dataDir).withDeltas(ids[0]);
    input = buildValidationReport(v.result, { id: v.id, deltas: v.deltas, archiveDir: v.archiveDir }, app.version);
  } else {
    const runs = ids.map((id) => runFor(app, id));
    if (new Set(runs.map((r) => r.meta.id)).size !== runs.length) throw new ApiError('invalid_input', 'ids: compare needs distinct runs ("latest" may repeat an id)', [{ path: 'ids', message: 'duplicate run' }]);
    input = buildComparisonReport(runs, app.version);
  }
  try {
    return parseReport(input);
  } catch (e) {
    throw new ApiError('internal', `could not build the ${source} report: ${(e as Error).message}`);
  }
}

export function defaultReportsFolder(app: AppContext): string {
  return app.settings.get().reportsDir || path.join(app.dataDir, 'exports');
}

const EXT: Record<ReportFormat, string> = { html: '.html', md: '.md', pdf: '.pdf', docx: '.docx', json: '.json', csv: '' };

function targetPath(app: AppContext, report: Report, format: ReportFormat, outPath: string | undefined): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const name = `${slugify(report.title)}-${stamp}${format === 'csv' ? '-csv' : EXT[format]}`;
  if (!outPath) return path.join(defaultReportsFolder(app), name);
  const abs = path.resolve(outPath);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory() && format !== 'csv') return path.join(abs, name);
  return abs;
}

function toApiError(e: unknown): never {
  if (e instanceof ApiError) throw e;
  if (e instanceof ReportError) {
    const code = e.code === 'CANCELLED' ? 'cancelled' : e.code === 'PANDOC_MISSING' || e.code === 'BROWSER_MISSING' ? 'unavailable' : e.code === 'TARGET_EXISTS' ? 'conflict' : 'internal';
    throw new ApiError(code, e.message);
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EACCES' || err?.code === 'EROFS' || err?.code === 'ENOTDIR' || err?.code === 'EISDIR') throw new ApiError('invalid_input', `outPath: cannot write there (${err.code}): ${err.message}`, [{ path: 'outPath', message: err.message }]);
  throw e;
}

export const reportsHandlers: Handlers<keyof typeof reportsOps> = {
  'reports.generate': async (input, { app, signal, progress }) => {
    const report = buildReportFor(app, input.source, input.ids as Id[]);
    const format = input.format as ReportFormat;
    const out = targetPath(app, report, format, input.outPath);
    progress({ phase: 'start', done: 0, total: 100, message: `writing ${format.toUpperCase()}` });
    const printer = format === 'pdf' ? leasePrinter() : undefined;
    try {
      const r = await writeReport(report, format, out, {
        signal,
        printer,
        overwrite: input.overwrite,
        onProgress: (p) => progress({ phase: p.stage, done: Math.round(p.fraction * 100), total: 100, message: `${format.toUpperCase()}: ${p.stage}` }),
      });
      return { path: r.path, bytes: r.bytes, ms: r.ms, format, title: report.title, folder: format === 'csv' ? r.path : path.dirname(r.path) };
    } catch (e) {
      toApiError(e);
    } finally {
      await printer?.dispose().catch(() => undefined);
    }
  },
  'reports.preview': async ({ source, ids }, { app, signal }) => {
    const report = buildReportFor(app, source, ids as Id[]);
    const full = renderHtml(report);
    // A srcdoc frame inherits the app's CSP (script-src 'self'), which blocks the report's inline
    // scripts: charts are rendered to PNGs here (same figures as the PDF) and the scripts dropped,
    // which also keeps the multi-MB Plotly bundle out of the frame.
    let images: Record<string, string> = {};
    let note: string | null = null;
    if (report.sections.some((sec) => sec.blocks.some((b) => b.type === 'chart'))) {
      const printer = leasePrinter();
      try {
        const page = await printer.open(full);
        try {
          images = await page.evaluate<Record<string, string>>('window.__pmovesReport.chartImages()');
        } finally {
          await page.close().catch(() => undefined);
        }
      } catch (e) {
        note = `charts are not shown in the preview (${(e as Error).message.split('\n')[0]}); they are in the exported HTML and PDF`;
      } finally {
        await printer.dispose().catch(() => undefined);
      }
    }
    if (signal.aborted) throw new ApiError('cancelled', 'preview cancelled');
    let html = full.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    html = html.replace(/<div class="chart" data-chart="([^"]+)"([^>]*)aria-label="([^"]*)"><\/div>/g, (m, id: string, _attrs: string, label: string) => {
      const url = images[id];
      return url && /^data:image\/png;base64,/.test(url) ? `<img class="chart-img" src="${url}" alt="${label}" style="display:block;max-width:100%;height:auto">` : m;
    });
    if (note) html = html.replace(/<body([^>]*)>/, `<body$1><p style="padding:8px;border:1px solid #e0a000;background:#fff8e1">${note.replace(/[<>&"]/g, '')}</p>`);
    return { html, title: report.title, bytes: Buffer.byteLength(html) };
  },
  'reports.sources': async ({ limit }, { app }) => {
    const runs = app.runs.list({ limit }).map((r) => ({ id: r.id, name: r.name, kind: r.kind, model: r.model, status: r.status, createdAt: r.createdAt }));
    const validations = new ValidationRepo(app.db, app.dataDir).list(limit).map((v) => ({ id: v.id, createdAt: v.createdAt, status: v.summary.status, passed: v.summary.passed, checks: v.summary.checks }));
    return { runs, validations, defaultFolder: defaultReportsFolder(app), pandoc: (await pandocVersion().catch(() => null)) !== null };
  },
};
