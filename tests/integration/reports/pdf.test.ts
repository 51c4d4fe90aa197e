import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../../src-shared/report/model';
import { renderHtml } from '../../../src-main/reports/html';
import { electronPrinter, playwrightPrinter, renderPdf, type DisposablePrinter, type ElectronLikeWindow } from '../../../src-main/reports/pdf';
import { writeReport } from '../../../src-main/reports/write';
import { runReport, validationReport } from '../../unit/report/fixtures';
import { CHROMIUM, requireTool } from './helpers';

let dir: string;
let printer: DisposablePrinter;
beforeAll(async () => {
  for (const t of ['pdftotext', 'pdfinfo', 'pdfimages']) requireTool(t);
  dir = await mkdtemp(join(tmpdir(), 'pmoves-pdf-'));
  printer = playwrightPrinter({ executablePath: CHROMIUM });
});
afterAll(async () => {
  await printer?.dispose();
  await rm(dir, { recursive: true, force: true });
});

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
}
function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}
function pdfImages(file: string): number {
  const list = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
  return list.split('\n').slice(2).filter((l) => /\bimage\b/.test(l)).length;
}

describe('PDF (headless Chromium)', () => {
  it('prints the run report: title page, contents, metrics, every heading, charts as images, page numbers', async () => {
    const out = join(dir, 'run.pdf');
    const stages: string[] = [];
    const res = await writeReport(runReport(), 'pdf', out, { printer, onProgress: (p) => stages.push(p.stage) });
    expect(res.bytes).toBeGreaterThan(50_000);
    expect((await readFile(out)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(stages).toEqual(expect.arrayContaining(['load', 'charts', 'print', 'done']));
    const text = pdfText(out);
    expect(text).toContain('Cooperative vs Traditional:');
    expect(text).toContain('Baseline run');
    expect(text).toContain('Contents');
    // key metrics with their formatted values
    const r = parseReport(runReport());
    const hist = (r.sections[3].blocks[1] as unknown as { rows: { AvgWealth_B: number; Gini_B: number }[] }).rows;
    const last = hist[hist.length - 1];
    const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(last.AvgWealth_B);
    expect(text).toContain(money);
    expect(text).toContain(last.Gini_B.toFixed(3));
    expect(text).toContain('156 weeks');
    for (const h of ['1. Summary', '2. Wealth, inequality and poverty over time', '3. Final week comparison', '4. Weekly history', '5. Final member states', 'Appendix: inputs']) {
      expect(text).toContain(h);
    }
    expect(text).toContain('Showing the first 52 of 156 rows');
    const pages = pdfPages(out);
    expect(pages).toBeGreaterThanOrEqual(8);
    expect(pages).toBeLessThanOrEqual(13);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(pdfImages(out)).toBeGreaterThanOrEqual(3); // the three charts as PNGs
    // each section starts on a new page: headings are at the top of their page
    const pageTexts = text.split('\f');
    for (const h of ['1. Summary', '3. Final week comparison', '5. Final member states']) {
      const p = pageTexts.find((t) => t.includes(h) && !t.includes('Contents'))!; // skip the TOC page
      const lines = p.split('\n').filter((l) => l.trim());
      expect(lines[0]).toContain('PMOVES Workbench'); // running header
      expect(lines[1].trim()).toBe(h);
    }
  });

  it('prints the contents\' two-digit numbers whole, inside the page\'s text column (a run report has 12 entries)', async () => {
    const base = runReport();
    const extra = Array.from({ length: 12 - base.sections.length - 1 }, (_, i) => ({ id: `extra-${i}`, heading: `Extra section ${i + 1}`, blocks: [{ type: 'paragraph' as const, text: 'More.' }] }));
    const out = join(dir, 'toc.pdf');
    await writeReport({ ...base, sections: [...base.sections, ...extra] }, 'pdf', out, { printer });
    const words = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-bbox', out, '-'], { encoding: 'utf8' });
    const xMin = (w: string) => Number(new RegExp(`<word xMin="([\\d.]+)"[^>]*>${w.replace('.', '\\.')}</word>`).exec(words)?.[1]);
    const left = xMin('Contents');
    expect(left).toBeGreaterThan(0);
    // "10." hung left of the list into the page margin, where the print layout clipped its "1".
    for (const n of ['1.', '9.', '10.', '11.', '12.']) expect(xMin(n), `${n} starts at ${xMin(n)}, the text column at ${left}`).toBeGreaterThanOrEqual(left - 0.5);
  });

  it('prints the validation report', async () => {
    const out = join(dir, 'validation.pdf');
    await writeReport(validationReport(), 'pdf', out, { printer });
    const text = pdfText(out);
    for (const s of ['Economic model validation', '1. Overview', '2. Gini coefficient', '3. Confidence levels', 'Local Production Savings (25%)', '$300', '100%']) {
      expect(text).toContain(s);
    }
    expect(pdfImages(out)).toBeGreaterThanOrEqual(1);
    const pages = pdfPages(out);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(pages).toBeLessThanOrEqual(7);
  });

  it('never cuts a table row across two pages, also in a table of few but tall rows (a validation check row was split mid-text)', async () => {
    // 30 rows (under the 45 of a "long" table) of about five lines each: taller than a page.
    const words = 'the expected value with its tolerance and the basis of the check as the report prints it'.split(' ');
    const rows = Array.from({ length: 30 }, (_, i) => ({ name: `ROWSTART${i}`, basis: `${Array.from({ length: 40 }, (_, k) => words[(i + k) % words.length]).join(' ')} ROWEND${i}` }));
    const report = parseReport({
      title: 'Tall rows',
      generatedAt: '2026-11-27T00:00:00Z',
      appVersion: '0.1.0',
      kind: 'validation',
      sections: [{ id: 'tall', heading: 'Tall rows', blocks: [{ type: 'table', id: 'tall', caption: 'Tall rows', columns: [{ key: 'name', label: 'Check' }, { key: 'basis', label: 'Basis' }], rows }] }],
    });
    const out = join(dir, 'tall-rows.pdf');
    await writeReport(report, 'pdf', out, { printer });
    const pages = pdfText(out).split('\f');
    const pageOf = (marker: string) => pages.findIndex((p) => new RegExp(`\\b${marker}\\b`).test(p));
    expect(new Set(rows.map((r) => pageOf(r.name))).size).toBeGreaterThan(1); // the table does span pages
    for (const r of rows) expect({ row: r.name, page: pageOf(r.name.replace('START', 'END')) }).toEqual({ row: r.name, page: pageOf(r.name) });
  });

  it('embeds chart PNGs rendered by the same browser in a DOCX (pandoc)', async () => {
    requireTool('pandoc');
    const out = join(dir, 'validation.docx');
    await writeReport(validationReport(), 'docx', out, { printer });
    const list = execFileSync('unzip', ['-l', out], { encoding: 'utf8' });
    expect(list).toMatch(/word\/media\/[^\s]+\.png/);
    const xml = execFileSync('unzip', ['-p', out, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(xml).toContain('<pic:pic');
    expect(xml).not.toContain('Figure data: Tests per category'); // image instead of the data table
  });

  it('can be cancelled', async () => {
    const ac = new AbortController();
    const p = writeReport(validationReport(), 'pdf', join(dir, 'cancel.pdf'), { printer, signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(join(dir, 'cancel.pdf'))).toBe(false);
  });
});

describe('PdfPrinter contract (Electron adapter)', () => {
  it('maps print options to webContents.printToPDF, runs prepareForPrint, cleans up', async () => {
    const calls: { loadURL?: string; js: string[]; print?: Record<string, unknown>; destroyed: boolean } = { js: [], destroyed: false };
    const fakeWindow: ElectronLikeWindow = {
      webContents: {
        async loadURL(url) {
          calls.loadURL = url;
          expect(existsSync(fileURLToPath(url))).toBe(true);
        },
        async executeJavaScript(code) {
          calls.js.push(code);
          return { charts: 1, images: 1 };
        },
        async printToPDF(o) {
          calls.print = o;
          return new Uint8Array(Buffer.from('%PDF-1.7 fake'));
        },
      },
      destroy() {
        calls.destroyed = true;
      },
    };
    const res = await renderPdf(renderHtml(parseReport(validationReport())), electronPrinter(() => fakeWindow));
    expect(Buffer.from(res.pdf).toString()).toBe('%PDF-1.7 fake');
    expect(calls.js[0]).toContain('prepareForPrint()');
    expect(calls.print).toMatchObject({ pageSize: 'A4', printBackground: true, displayHeaderFooter: true, preferCSSPageSize: false });
    expect((calls.print!.margins as { top: number }).top).toBeCloseTo(16 / 25.4);
    expect(calls.print!.footerTemplate).toMatch(/Page <span class="pageNumber"><\/span> of <span class="totalPages"><\/span>/);
    expect(calls.print!.headerTemplate).toContain('Economic model validation');
    expect(calls.destroyed).toBe(true);
    expect(existsSync(fileURLToPath(calls.loadURL!))).toBe(false);
  });

  it('refuses to print when a chart could not be converted to an image', async () => {
    const win: ElectronLikeWindow = {
      webContents: {
        loadURL: async () => undefined,
        executeJavaScript: async () => ({ charts: 2, images: 1 }),
        printToPDF: async () => new Uint8Array(),
      },
      destroy: () => undefined,
    };
    await expect(renderPdf('<title>x</title>', electronPrinter(() => win))).rejects.toMatchObject({ code: 'PRINT_FAILED', message: /only 1 of 2 charts/ });
  });
});
