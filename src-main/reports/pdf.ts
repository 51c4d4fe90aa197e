import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { escapeHtml } from './html';
import { ReportError, cancelledError, throwIfAborted } from './errors';

/**
 * PDF from the interactive HTML report. The same HTML is loaded in a browser page, every Plotly
 * chart is swapped for a PNG of the same figure (`window.__pmovesReport.prepareForPrint()`), then
 * the page is printed (A4, backgrounds, "Page X of Y" footer). The browser is pluggable:
 * - `playwrightPrinter()`: headless Chromium through playwright-core (CLI, serve, tests);
 * - `electronPrinter()`: a hidden BrowserWindow and `webContents.printToPDF` (the desktop app).
 */

export interface PdfPrintOptions {
  pageSize: 'A4' | 'Letter';
  landscape: boolean;
  printBackground: boolean;
  displayHeaderFooter: boolean;
  /** Chromium header/footer templates (classes pageNumber, totalPages, title, date are filled in). */
  headerTemplate: string;
  footerTemplate: string;
  marginsMm: { top: number; right: number; bottom: number; left: number };
}

/** One loaded document in a browser. */
export interface PdfPage {
  /** Evaluate a JavaScript expression in the page; promises are awaited; the result must be JSON-able. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  print(options: PdfPrintOptions): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Something that can load an HTML document and print it to PDF. */
export interface PdfPrinter {
  open(html: string): Promise<PdfPage>;
}

export interface RenderPdfOptions {
  /** Title shown in the running header (default: the HTML <title>). */
  title?: string;
  pageSize?: 'A4' | 'Letter';
  landscape?: boolean;
  signal?: AbortSignal;
  onProgress?: (stage: 'load' | 'charts' | 'print', fraction: number) => void;
  /** Give up if the page has not finished rendering charts after this many ms (default 60 s). */
  timeoutMs?: number;
}

export interface PdfResult {
  pdf: Uint8Array;
  charts: number;
  images: number;
}

export function defaultPrintOptions(title: string, o: Pick<RenderPdfOptions, 'pageSize' | 'landscape'> = {}): PdfPrintOptions {
  const small = 'font-family:system-ui,Arial,sans-serif;font-size:8px;color:#666;width:100%;padding:0 14mm;';
  return {
    pageSize: o.pageSize ?? 'A4',
    landscape: o.landscape ?? false,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: `<div style="${small}display:flex;justify-content:space-between;"><span>${escapeHtml(title)}</span><span>PMOVES Workbench</span></div>`,
    footerTemplate: `<div style="${small}text-align:center;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
    marginsMm: { top: 16, right: 14, bottom: 16, left: 14 },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new ReportError('PRINT_FAILED', `${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
    const onAbort = () => reject(cancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

/** Render the report HTML (from renderHtml) to PDF bytes with the given printer. */
export async function renderPdf(html: string, printer: PdfPrinter, options: RenderPdfOptions = {}): Promise<PdfResult> {
  const { signal, onProgress } = options;
  const timeout = options.timeoutMs ?? 60_000;
  throwIfAborted(signal);
  const title = options.title ?? decodeEntities(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? 'Report');
  onProgress?.('load', 0);
  const opening = printer.open(html);
  const page = await withTimeout(opening, timeout, 'loading the report', signal).catch((e: unknown) => {
    // Cancelled or timed out while loading: close the page once it arrives (no leaked temp files or contexts).
    opening.then((p) => p.close()).catch(() => undefined);
    throw e;
  });
  try {
    onProgress?.('charts', 0.3);
    const prep = await withTimeout(
      page.evaluate<{ charts: number; images: number }>(
        'window.__pmovesReport ? window.__pmovesReport.prepareForPrint() : Promise.reject(new Error("not a PMOVES report page"))',
      ),
      timeout,
      'rendering charts',
      signal,
    );
    if (prep.images !== prep.charts) {
      throw new ReportError('PRINT_FAILED', `only ${prep.images} of ${prep.charts} charts could be converted to images`);
    }
    onProgress?.('print', 0.6);
    const pdf = await withTimeout(page.print(defaultPrintOptions(title, options)), timeout, 'printing', signal);
    onProgress?.('print', 1);
    return { pdf, charts: prep.charts, images: prep.images };
  } catch (e) {
    if (e instanceof ReportError) throw e;
    throw new ReportError('PRINT_FAILED', `PDF printing failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    await page.close().catch(() => undefined);
  }
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

async function writeTempHtml(html: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'pmoves-report-'));
  const file = join(dir, 'report.html');
  await writeFile(file, html, 'utf8');
  return { dir, file };
}

// ── playwright-core (headless Chromium) ───────────────────────────────────────────────────────

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface PlaywrightPrinterOptions {
  /** Chromium binary (default: $PMOVES_CHROMIUM, /usr/bin/chromium, then playwright's own lookup). */
  executablePath?: string;
  args?: string[];
}

export interface DisposablePrinter extends PdfPrinter {
  dispose(): Promise<void>;
}

async function defaultChromium(): Promise<string | undefined> {
  const { access } = await import('node:fs/promises');
  for (const p of [process.env.PMOVES_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (!p) continue;
    try {
      await access(p);
      return p;
    } catch {
      /* try the next */
    }
  }
  return undefined;
}

/** Headless Chromium via playwright-core. Network is blocked: only file:, data: and blob: load. */
export function playwrightPrinter(options: PlaywrightPrinterOptions = {}): DisposablePrinter {
  type Browser = import('playwright-core').Browser;
  let browser: Promise<Browser> | undefined;
  const launch = async (): Promise<Browser> => {
    const { chromium } = await import('playwright-core');
    const executablePath = options.executablePath ?? (await defaultChromium());
    try {
      return await chromium.launch({ executablePath, args: options.args ?? CHROMIUM_ARGS });
    } catch (e) {
      throw new ReportError(
        'BROWSER_MISSING',
        `could not start Chromium for PDF export${executablePath ? ` (${executablePath})` : ''}: install Chromium (apt-get install chromium) or set PMOVES_CHROMIUM. ${e instanceof Error ? e.message.split('\n')[0] : ''}`,
        { cause: e },
      );
    }
  };
  return {
    async open(html: string): Promise<PdfPage> {
      browser ??= launch();
      const b = await browser.catch((e: unknown) => {
        browser = undefined;
        throw e;
      });
      const tmp = await writeTempHtml(html);
      let context: import('playwright-core').BrowserContext | undefined;
      const cleanup = async () => {
        await context?.close().catch(() => undefined);
        await rm(tmp.dir, { recursive: true, force: true });
      };
      let page: import('playwright-core').Page;
      try {
        context = await b.newContext({ colorScheme: 'light', viewport: { width: 1100, height: 1400 } });
        await context.route('**/*', (route) => {
          const url = route.request().url();
          return /^(file|data|blob):/.test(url) ? route.continue() : route.abort('blockedbyclient');
        });
        page = await context.newPage();
        await page.goto(pathToFileURL(tmp.file).href, { waitUntil: 'load' });
      } catch (e) {
        await cleanup();
        throw e;
      }
      return {
        evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
        async print(o: PdfPrintOptions): Promise<Uint8Array> {
          const mm = (n: number) => `${n}mm`;
          const buf = await page.pdf({
            format: o.pageSize,
            landscape: o.landscape,
            printBackground: o.printBackground,
            displayHeaderFooter: o.displayHeaderFooter,
            headerTemplate: o.headerTemplate,
            footerTemplate: o.footerTemplate,
            margin: { top: mm(o.marginsMm.top), right: mm(o.marginsMm.right), bottom: mm(o.marginsMm.bottom), left: mm(o.marginsMm.left) },
            preferCSSPageSize: false,
            outline: true,
            tagged: true,
          });
          return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
        },
        close: cleanup,
      };
    },
    async dispose(): Promise<void> {
      const b = browser;
      browser = undefined;
      if (b) await (await b.catch(() => undefined))?.close();
    },
  };
}

// ── Electron (webContents.printToPDF) ─────────────────────────────────────────────────────────

/** The part of Electron's BrowserWindow we use (structural, so this file does not import electron). */
export interface ElectronLikeWindow {
  webContents: {
    loadURL(url: string): Promise<void>;
    executeJavaScript(code: string, userGesture?: boolean): Promise<unknown>;
    printToPDF(options: {
      pageSize?: string;
      landscape?: boolean;
      printBackground?: boolean;
      displayHeaderFooter?: boolean;
      headerTemplate?: string;
      footerTemplate?: string;
      margins?: { top?: number; bottom?: number; left?: number; right?: number };
      preferCSSPageSize?: boolean;
      generateDocumentOutline?: boolean;
      generateTaggedPDF?: boolean;
    }): Promise<Uint8Array>;
  };
  destroy(): void;
}

/**
 * Printer backed by Electron. `createWindow` must return a hidden window, e.g.
 * `new BrowserWindow({ show: false, width: 1100, height: 1400, webPreferences: { sandbox: true,
 * contextIsolation: true, nodeIntegration: false, offscreen: true } })`; block its network with
 * `session.webRequest.onBeforeRequest` (allow file:, data:, blob: only).
 */
export function electronPrinter(createWindow: () => ElectronLikeWindow | Promise<ElectronLikeWindow>): PdfPrinter {
  return {
    async open(html: string): Promise<PdfPage> {
      const tmp = await writeTempHtml(html);
      const win = await createWindow();
      const cleanup = async () => {
        try {
          win.destroy();
        } finally {
          await rm(tmp.dir, { recursive: true, force: true });
        }
      };
      try {
        await win.webContents.loadURL(pathToFileURL(tmp.file).href);
      } catch (e) {
        await cleanup();
        throw e;
      }
      const inches = (mm: number) => mm / 25.4;
      return {
        evaluate: <T>(expression: string) => win.webContents.executeJavaScript(expression) as Promise<T>,
        print: (o) =>
          win.webContents.printToPDF({
            pageSize: o.pageSize,
            landscape: o.landscape,
            printBackground: o.printBackground,
            displayHeaderFooter: o.displayHeaderFooter,
            headerTemplate: o.headerTemplate,
            footerTemplate: o.footerTemplate,
            margins: { top: inches(o.marginsMm.top), right: inches(o.marginsMm.right), bottom: inches(o.marginsMm.bottom), left: inches(o.marginsMm.left) },
            preferCSSPageSize: false,
            generateDocumentOutline: true,
            generateTaggedPDF: true,
          }),
        close: cleanup,
      };
    },
  };
}
