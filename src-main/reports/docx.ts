import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { renderMarkdown } from '../../src-shared/report/markdown';
import type { Report } from '../../src-shared/report/model';
import { PandocMissingError, ReportError, cancelledError, throwIfAborted } from './errors';
import { renderHtml, type HtmlOptions } from './html';
import type { PdfPrinter } from './pdf';

/**
 * DOCX through pandoc (an optional local binary) from the report's Markdown. When a PdfPrinter
 * (a browser) is available the charts are embedded as PNGs of the same Plotly figures; otherwise
 * each chart is printed as its data table.
 */

export interface PandocOptions {
  /** pandoc executable (default $PMOVES_PANDOC or "pandoc" on PATH). */
  pandocPath?: string;
  signal?: AbortSignal;
}

export interface DocxOptions extends PandocOptions {
  /** Render chart images with this browser (optional). */
  printer?: PdfPrinter;
  htmlOptions?: HtmlOptions;
  onProgress?: (stage: 'charts' | 'pandoc', fraction: number) => void;
}

function pandocBin(o: PandocOptions): string {
  return o.pandocPath ?? process.env.PMOVES_PANDOC ?? 'pandoc';
}

/** Run pandoc with `args`, feeding `input` on stdin. Rejects with typed errors. */
export function runPandoc(args: string[], input: string, o: PandocOptions & { cwd?: string } = {}): Promise<string> {
  const bin = pandocBin(o);
  return new Promise((resolve, reject) => {
    throwIfAborted(o.signal);
    let child;
    try {
      child = spawn(bin, args, { cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'], signal: o.signal });
    } catch (e) {
      reject(new PandocMissingError(bin, e));
      return;
    }
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'EACCES') reject(new PandocMissingError(bin, e));
      else if (e.name === 'AbortError') reject(cancelledError());
      else reject(new ReportError('PANDOC_FAILED', `pandoc failed to start: ${e.message}`, { cause: e }));
    });
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else if (o.signal?.aborted) reject(cancelledError());
      else reject(new ReportError('PANDOC_FAILED', `pandoc exited with code ${code}: ${stderr.trim().slice(0, 2000)}`));
    });
    child.stdin.on('error', () => undefined); // EPIPE when pandoc exits early; reported via close
    child.stdin.end(input, 'utf8');
  });
}

/** pandoc's version ("2.17.1.1"), or null when it is not installed. */
export async function pandocVersion(o: PandocOptions = {}): Promise<string | null> {
  try {
    const out = await runPandoc(['--version'], '', o);
    return /pandoc(?:\.exe)?\s+([\d.]+)/.exec(out)?.[1] ?? null;
  } catch (e) {
    if (e instanceof PandocMissingError) return null;
    throw e;
  }
}

/**
 * PNG files of every chart, rendered in the browser from the report HTML, written into `dir`.
 * Returns each chart's file name relative to `dir` ("avg-wealth.png"): pandoc runs in `dir` and
 * copies an image's source path into the DOCX (the picture's description), so an absolute path
 * put the user's temporary folder ("/tmp/pmoves-docx-…", a user name on Windows and macOS) into
 * every exported document.
 */
export async function renderChartImages(html: string, printer: PdfPrinter, dir: string): Promise<Record<string, string>> {
  const page = await printer.open(html);
  try {
    const urls = await page.evaluate<Record<string, string>>('window.__pmovesReport.chartImages()');
    const out: Record<string, string> = {};
    for (const [id, url] of Object.entries(urls)) {
      const m = /^data:image\/png;base64,(.*)$/.exec(url);
      if (!m) throw new ReportError('PRINT_FAILED', `chart ${id} did not render to a PNG`);
      const name = `${id}.png`;
      await writeFile(join(dir, name), Buffer.from(m[1], 'base64'));
      out[id] = name;
    }
    return out;
  } finally {
    await page.close().catch(() => undefined);
  }
}

export async function renderDocx(report: Report, outPath: string, o: DocxOptions = {}): Promise<{ path: string; bytes: number }> {
  throwIfAborted(o.signal);
  const work = await mkdtemp(join(tmpdir(), 'pmoves-docx-'));
  try {
    let chartImages: Record<string, string> | undefined;
    const hasCharts = report.sections.some((s) => s.blocks.some((b) => b.type === 'chart'));
    if (o.printer && hasCharts) {
      o.onProgress?.('charts', 0);
      try {
        chartImages = await renderChartImages(renderHtml(report, o.htmlOptions), o.printer, work);
      } catch (e) {
        // No browser here: the DOCX still has every chart's data, as a table (as without a printer).
        if (!(e instanceof ReportError && e.code === 'BROWSER_MISSING')) throw e;
      }
    }
    throwIfAborted(o.signal);
    o.onProgress?.('pandoc', 0.5);
    const md = renderMarkdown(report, { chartImages });
    const tmpOut = join(work, 'report.docx');
    await runPandoc(['-f', 'markdown', '-t', 'docx', '--resource-path', work, '-o', tmpOut], md, { ...o, cwd: work });
    // Copied beside the target and renamed over it, as every other format is written: a link planted
    // at the target name is replaced, never written through, and a failure leaves no half file.
    const part = join(dirname(outPath), `.${basename(outPath)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await copyFile(tmpOut, part, fsConstants.COPYFILE_EXCL);
      await rename(part, outPath);
    } catch (e) {
      await rm(part, { force: true });
      throw e;
    }
    o.onProgress?.('pandoc', 1);
    return { path: outPath, bytes: (await stat(outPath)).size };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
