import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { renderMarkdown } from '../../src-shared/report/markdown';
import { parseReport, type Report } from '../../src-shared/report/model';
import { writeCsvBundle } from './csvBundle';
import { renderDocx } from './docx';
import { ReportError, throwIfAborted } from './errors';
import { renderHtml, type HtmlOptions } from './html';
import { playwrightPrinter, renderPdf, type PdfPrinter } from './pdf';
import { makeDirs } from '../fs/makeDirs';

export type ReportFormat = 'html' | 'md' | 'pdf' | 'docx' | 'json' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'pdf', 'docx', 'json', 'csv'];

export interface ReportProgress {
  format: ReportFormat;
  stage: string;
  /** 0..1 */
  fraction: number;
}

export interface WriteReportOptions {
  onProgress?: (p: ReportProgress) => void;
  signal?: AbortSignal;
  /**
   * Browser used for PDF (required) and for DOCX chart images (optional). Defaults to a headless
   * Chromium through playwright-core, launched for this call and closed afterwards. The Electron
   * app passes `electronPrinter(...)`.
   */
  printer?: PdfPrinter;
  /** DOCX only: embed chart images rendered with `printer` (default true when a printer is given). */
  docxChartImages?: boolean;
  pandocPath?: string;
  htmlOptions?: HtmlOptions;
  /** csv only: replace a non-empty folder that is not a previous bundle. */
  overwrite?: boolean;
}

export interface WriteReportResult {
  path: string;
  bytes: number;
  ms: number;
}

/** Write `data` to `path` atomically (temp file in the same folder, then rename). */
async function writeAtomic(path: string, data: string | Uint8Array): Promise<number> {
  makeDirs(dirname(path));
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

/**
 * Render `report` as `format` at `outPath` (a file, or a folder for 'csv'). The report is validated
 * first (ReportError INVALID_REPORT names the bad fields). Cancellable through `signal`.
 */
export async function writeReport(
  input: Report | unknown,
  format: ReportFormat,
  outPath: string,
  options: WriteReportOptions = {},
): Promise<WriteReportResult> {
  const t0 = performance.now();
  const { signal } = options;
  const progress = (stage: string, fraction: number) => options.onProgress?.({ format, stage, fraction });
  throwIfAborted(signal);
  let report: Report;
  try {
    report = parseReport(input);
  } catch (e) {
    throw new ReportError('INVALID_REPORT', e instanceof Error ? e.message : String(e), { cause: e });
  }
  progress('start', 0);
  let bytes: number;
  switch (format) {
    case 'html':
      bytes = await writeAtomic(outPath, renderHtml(report, options.htmlOptions));
      break;
    case 'md':
      bytes = await writeAtomic(outPath, renderMarkdown(report));
      break;
    case 'json':
      bytes = await writeAtomic(outPath, `${JSON.stringify(report, null, 2)}\n`);
      break;
    case 'csv': {
      const r = await writeCsvBundle(report, outPath, { signal, overwrite: options.overwrite, onProgress: (f) => progress('files', f) });
      bytes = r.bytes;
      break;
    }
    case 'pdf': {
      const own = options.printer ? undefined : playwrightPrinter();
      try {
        const html = renderHtml(report, options.htmlOptions);
        const { pdf } = await renderPdf(html, options.printer ?? own!, {
          title: report.title,
          signal,
          onProgress: (stage, f) => progress(stage, f * 0.95),
        });
        throwIfAborted(signal);
        bytes = await writeAtomic(outPath, pdf);
      } finally {
        await own?.dispose();
      }
      break;
    }
    case 'docx': {
      const usePrinter = options.docxChartImages ?? options.printer !== undefined;
      const r = await renderDocx(report, outPath, {
        pandocPath: options.pandocPath,
        printer: usePrinter ? options.printer : undefined,
        htmlOptions: options.htmlOptions,
        signal,
        onProgress: (stage, f) => progress(stage, f),
      });
      bytes = r.bytes;
      break;
    }
    default:
      throw new ReportError('INVALID_REPORT', `unknown report format "${String(format)}": expected one of ${REPORT_FORMATS.join(', ')}`);
  }
  progress('done', 1);
  return { path: outPath, bytes, ms: Math.round(performance.now() - t0) };
}
