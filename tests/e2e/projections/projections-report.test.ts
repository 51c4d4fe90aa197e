import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { axeSeriousViolations } from '../../helpers/serve';
import { ROOT } from '../../helpers/tmp';

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);

describe('Projections view: the report in the shared formats (serve mode, Chromium)', () => {
  const app = useApp({ page: { viewport: { width: 1400, height: 1000 } } });

  it('exports the projection report as PDF (with the Monte Carlo bands of the validated models) and HTML, with progress, cancel and download', async () => {
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Projections', exact: true }).click();
    const ranking = app.page.getByRole('table', { name: 'Model ranking' });
    await ranking.waitFor({ timeout: 30_000 });
    const shown = (await ranking.locator('tbody tr').allInnerTexts()).map((r) => r.match(/\d+\.\d/)?.[0]);
    expect(shown).toEqual(['95.0', '95.0', '95.0', '95.0', '79.6']);

    // A Monte Carlo of one of the validated models: its bands go into the report.
    await app.page.getByLabel('Model', { exact: true }).selectOption('Sustainable Energy AI Consulting');
    await app.page.getByLabel('Runs', { exact: true }).fill('100');
    await app.page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    await app.page.getByRole('table', { name: /Monte Carlo percentiles/ }).waitFor({ timeout: 60_000 });
    const group = app.page.getByRole('group', { name: 'Export the projection report' });
    await app.page.getByText('and the Monte Carlo bands').waitFor({ timeout: 10_000 });

    // Cancel: the PDF is printed by a headless browser (seconds); Cancel stops it and nothing is written.
    await group.getByRole('button', { name: 'Export PDF report' }).click();
    const cancel = app.page.getByRole('button', { name: 'Cancel', exact: true });
    await cancel.waitFor({ timeout: 10_000 });
    await cancel.click();
    await app.page.getByRole('alert').filter({ hasText: 'Export cancelled.' }).waitFor({ timeout: 30_000 });
    const exportsDir = path.join(app.dir, 'exports');
    expect(fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir).filter((f) => f.endsWith('.pdf')) : []).toEqual([]);

    await group.getByRole('button', { name: 'Export PDF report' }).click();
    const result = app.page.getByTestId('projection-report-result');
    await result.waitFor({ timeout: 120_000 });
    const file = (await app.page.getByTestId('projection-report-path').textContent())!.trim();
    expect(path.dirname(file)).toBe(exportsDir);
    expect(file).toMatch(/pmoves-projection-validation-report-.*\.pdf$/);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPages(file)).toBeGreaterThan(1);
    const text = pdfText(file);
    expect(text).toContain('PMOVES Projection Validation');
    expect(text).toMatch(/^\s*5\s+Community Token Pre-Order \(Bear Market\)\s+79\.6\s+Review\b/m);
    expect(text).toMatch(/^\s*3\s+Community Token Pre-Order System\s+95\.0\s+Success\b/m);
    expect(text).toContain('Sustainable Energy AI Consulting: weekly revenue, p5–p95 band over 100 runs (seed 42)');
    expect(text).toContain('How to read this report');
    // The browser gets the file back as a download, byte for byte.
    const [dl] = await Promise.all([app.page.waitForEvent('download', { timeout: 30_000 }), result.getByRole('link', { name: 'Download' }).click()]);
    expect(dl.suggestedFilename()).toBe(path.basename(file));
    expect(fs.readFileSync((await dl.path())!).equals(bytes)).toBe(true);

    // HTML into a folder typed in the field.
    const folder = path.join(app.dir, 'my-reports');
    await app.page.getByLabel('Folder', { exact: true }).fill(folder);
    await group.getByRole('button', { name: 'Export HTML report' }).click();
    await expect.poll(async () => ((await app.page.getByTestId('projection-report-path').textContent()) ?? '').trim(), { timeout: 60_000 }).toMatch(/\.html$/);
    const htmlFile = (await app.page.getByTestId('projection-report-path').textContent())!.trim();
    expect(path.dirname(htmlFile)).toBe(folder);
    const html = fs.readFileSync(htmlFile, 'utf8');
    expect(html).toContain('<title>PMOVES Projection Validation Report');
    expect(html).toContain('data-chart="mc-revenue-1"');
    expect(html).toContain('data-chart="weekly-revenue"');
    // The Markdown and CSV downloads are still there beside it.
    await app.page.getByRole('group', { name: 'Download projection exports' }).getByRole('button', { name: 'Markdown report' }).waitFor();
    expect(await axeSeriousViolations(app.page)).toEqual([]);
    fs.mkdirSync(path.join(ROOT, 'test-results/screenshots'), { recursive: true });
    await app.page.getByRole('heading', { name: 'Exports' }).scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: path.join(ROOT, 'test-results/screenshots/projections-report-export.png') });
  });
});
