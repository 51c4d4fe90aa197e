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
import { makeDirs } from '../../fs/makeDirs';
import { appDataClash } from '../../fs/appData';

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

/** Where a report is written, and which request field (and folder) to name when writing fails. */
interface Target {
  path: string;
  field: 'folder' | 'outPath' | 'settings.reportsDir';
  dir: string;
}

const ERRNO_WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'the path cannot be created there',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder is in the way',
  EEXIST: 'a file is in the way',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path has a symbolic-link loop',
};

/** A file system error while creating or writing into `dir` as an invalid_input naming the field, the folder and what to do. */
function fsError(e: unknown, field: Target['field'], dir: string): ApiError | null {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (!code || !(code in ERRNO_WHY)) return null;
  const todo = field === 'settings.reportsDir' ? 'change the reports folder in Settings, or give a folder you can write to' : 'choose a folder you can write to (or leave it empty for the default reports folder)';
  return new ApiError('invalid_input', `${field}: cannot write the report into "${dir}": ${ERRNO_WHY[code]} (${code}); ${todo}.`, [{ path: field, message: `${ERRNO_WHY[code]} (${code})` }]);
}

/** mkdir -p `dir`; a file in its place, or a folder that cannot be created, is an invalid_input naming `field`. */
function ensureFolder(dir: string, field: Target['field']): void {
  const st = statOf(dir);
  if (st && !st.isDirectory()) {
    throw new ApiError('invalid_input', `${field}: "${dir}" is a file, not a folder; give a folder to write the report into (it is created if missing).`, [{ path: field, message: 'is a file' }]);
  }
  if (st) return;
  try {
    makeDirs(dir);
  } catch (e) {
    throw fsError(e, field, dir) ?? e;
  }
}

/**
 * What is at `p`, or undefined when nothing can be read there (missing, or a file in the path:
 * ENOTDIR); creating the folder then reports the reason with the field's name.
 */
function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/** Something (a file, folder or even a dangling link) already has this name. */
function taken(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function requireAbsolute(p: string, field: 'folder' | 'outPath', defaultFolder: string): void {
  if (!path.isAbsolute(p)) {
    throw new ApiError(
      'invalid_input',
      `${field}: "${p.slice(0, 200)}" is a relative path; give an absolute folder such as ${path.join(path.dirname(defaultFolder), 'my-reports')}, or leave it empty for the default reports folder ${defaultFolder}.`,
      [{ path: field, message: 'must be an absolute path' }],
    );
  }
}

/**
 * Resolves where a report goes (and creates the folder):
 * - `folder`: always a folder, absolute, created if missing (mkdir -p); the generated name goes inside
 *   (csv: a "<title>-<time>-csv" bundle folder inside). A file at that path is refused.
 * - `outPath` (CLI --out, resolved against the shell's folder by the CLI): absolute. An existing folder,
 *   a path ending in "/" or a name without an extension is a folder (created if missing) to write the
 *   generated name into; any other name is the file to write. csv: the bundle folder itself.
 * - neither: settings.reportsDir, else <dataDir>/exports/.
 */
export function resolveReportTarget(defaultFolder: string, report: Report, format: ReportFormat, req: { folder?: string; outPath?: string }, now = new Date()): Target {
  const stamp = now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const stem = `${slugify(report.title)}-${stamp}`;
  const suffix = format === 'csv' ? '-csv' : EXT[format];
  // A generated name is never an existing file or bundle: two exports with the same title in the
  // same second (two validation reports, two comparisons) got one name and the second replaced the
  // first (upstream bug: export file names collide). The later one is numbered: "…-2.md".
  const generated = (dir: string) => {
    let p = path.join(dir, `${stem}${suffix}`);
    for (let k = 2; taken(p); k++) p = path.join(dir, `${stem}-${k}${suffix}`);
    return p;
  };
  if (req.folder !== undefined) {
    requireAbsolute(req.folder, 'folder', defaultFolder);
    const dir = path.resolve(req.folder);
    ensureFolder(dir, 'folder');
    return { path: generated(dir), field: 'folder', dir };
  }
  if (req.outPath !== undefined) {
    requireAbsolute(req.outPath, 'outPath', defaultFolder);
    const abs = path.resolve(req.outPath);
    const st = statOf(abs);
    if (format === 'csv') {
      ensureFolder(path.dirname(abs), 'outPath');
      return { path: abs, field: 'outPath', dir: path.dirname(abs) };
    }
    const isFolder = st ? st.isDirectory() : /[\\/]$/.test(req.outPath) || path.extname(abs) === '';
    if (isFolder) {
      ensureFolder(abs, 'outPath');
      return { path: generated(abs), field: 'outPath', dir: abs };
    }
    ensureFolder(path.dirname(abs), 'outPath');
    return { path: abs, field: 'outPath', dir: path.dirname(abs) };
  }
  ensureFolder(defaultFolder, 'settings.reportsDir');
  return { path: generated(defaultFolder), field: 'settings.reportsDir', dir: defaultFolder };
}

function toApiError(e: unknown, target: Target): never {
  if (e instanceof ApiError) throw e;
  if (e instanceof ReportError) {
    const code = e.code === 'CANCELLED' ? 'cancelled' : e.code === 'PANDOC_MISSING' || e.code === 'BROWSER_MISSING' ? 'unavailable' : e.code === 'TARGET_EXISTS' ? 'conflict' : 'internal';
    throw new ApiError(code, e.message);
  }
  throw fsError(e, target.field, target.dir) ?? e;
}

/**
 * Writes a built report as `format` where the request says (folder / outPath / the default folder),
 * with progress and cancel: reports.generate and projections.report share it.
 */
export async function generateReport(
  app: AppContext,
  report: Report,
  input: { format: string; folder?: string; outPath?: string; overwrite?: boolean },
  { signal, progress }: { signal: AbortSignal; progress: (p: { phase: string; done: number; total: number; message?: string }) => void },
) {
  const format = input.format as ReportFormat;
  const target = resolveReportTarget(defaultReportsFolder(app), report, format, { folder: input.folder, outPath: input.outPath });
  const out = target.path;
  // A report renamed over workbench.db (or a csv bundle replacing the data folder) would wipe every run.
  const clash = appDataClash(app.dataDir, out, format === 'csv' ? 'folder' : 'file');
  if (clash) {
    throw new ApiError('invalid_input', `${target.field}: "${out.slice(0, 200)}" would overwrite the workbench's own data (${clash}); choose another ${format === 'csv' ? 'folder' : 'file'}.`, [
      { path: target.field, message: 'would overwrite the workbench data' },
    ]);
  }
  progress({ phase: 'start', done: 0, total: 100, message: `writing ${format.toUpperCase()}` });
  // DOCX embeds the charts as PNGs drawn by the same browser as the PDF (their data tables when none starts).
  const printer = format === 'pdf' || format === 'docx' ? leasePrinter() : undefined;
  try {
    const r = await writeReport(report, format, out, {
      signal,
      printer,
      overwrite: input.overwrite ?? false,
      onProgress: (p) => progress({ phase: p.stage, done: Math.round(p.fraction * 100), total: 100, message: `${format.toUpperCase()}: ${p.stage}` }),
    });
    return { path: r.path, bytes: r.bytes, ms: r.ms, format, title: report.title, folder: format === 'csv' ? r.path : path.dirname(r.path) };
  } catch (e) {
    toApiError(e, target);
  } finally {
    await printer?.dispose().catch(() => undefined);
  }
}

export const reportsHandlers: Handlers<keyof typeof reportsOps> = {
  'reports.generate': async (input, { app, signal, progress }) => generateReport(app, buildReportFor(app, input.source, input.ids as Id[]), input, { signal, progress }),
  'reports.preview': async ({ source, ids }, { app, signal, progress }) => {
    progress({ phase: 'report', done: 0, total: 2, message: 'Building the report…' });
    const report = buildReportFor(app, source, ids as Id[]);
    const full = renderHtml(report);
    // A srcdoc frame inherits the app's CSP (script-src 'self'), which blocks the report's inline
    // scripts: charts are rendered to PNGs here (same figures as the PDF) and the scripts dropped,
    // which also keeps the multi-MB Plotly bundle out of the frame.
    let images: Record<string, string> = {};
    let note: string | null = null;
    if (report.sections.some((sec) => sec.blocks.some((b) => b.type === 'chart'))) {
      // Starting a headless browser takes seconds: say so, and let Cancel close it mid-way.
      progress({ phase: 'charts', done: 1, total: 2, message: 'Drawing the charts in a headless browser…' });
      const printer = leasePrinter();
      const stop = () => void printer.dispose().catch(() => undefined);
      signal.addEventListener('abort', stop, { once: true });
      try {
        if (signal.aborted) throw new ApiError('cancelled', 'preview cancelled');
        const page = await printer.open(full);
        try {
          images = await page.evaluate<Record<string, string>>('window.__pmovesReport.chartImages()');
        } finally {
          await page.close().catch(() => undefined);
        }
      } catch (e) {
        if (signal.aborted) throw new ApiError('cancelled', 'preview cancelled');
        note = `charts are not shown in the preview (${(e as Error).message.split('\n')[0]}); they are in the exported HTML and PDF`;
      } finally {
        signal.removeEventListener('abort', stop);
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
    const runs = app.runs.list({ limit }).map((r) => ({ id: r.id, name: r.name, kind: r.kind, model: r.model, status: r.status, runs: r.runs, completedRuns: r.completedRuns, createdAt: r.createdAt }));
    const validations = new ValidationRepo(app.db, app.dataDir).list(limit).map((v) => ({ id: v.id, createdAt: v.createdAt, status: v.summary.status, passed: v.summary.passed, checks: v.summary.checks }));
    return { runs, validations, defaultFolder: defaultReportsFolder(app), pandoc: (await pandocVersion().catch(() => null)) !== null };
  },
};
