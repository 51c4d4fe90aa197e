import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeSeriousViolations, launchChromium, startServe, type Served } from '../../helpers/serve';
import { tmpDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tmpDir>;
let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  tmp = tmpDir('wb-e2e-reports-');
  served = await startServe(tmp.dir);
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(served.launchUrl);
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  tmp?.cleanup();
});

describe('Validation and Reports views (serve + Chromium)', () => {
  it('runs the validation suite from the UI with progress, then shows confidence, deltas and history', async () => {
    await page.goto(`${served.url}/#/validation`);
    await page.getByRole('heading', { name: 'Validation', level: 1 }).waitFor();
    // A bad count is named on the page (it was only the browser's passing tooltip) and blocks the run.
    await page.getByLabel('Monte Carlo runs').fill('1.5');
    await page.getByText('Monte Carlo runs must be an integer between 2 and 10,000; got “1.5”').waitFor();
    expect(await page.getByRole('button', { name: 'Run validation' }).isDisabled()).toBe(true);
    await page.getByLabel('Monte Carlo runs').fill('10');
    await page.getByRole('button', { name: 'Run validation' }).click();
    await page.getByRole('group', { name: /Validation progress/ }).waitFor({ timeout: 30_000 });
    const summary = page.getByTestId('validation-summary');
    await summary.waitFor({ timeout: 150_000 });
    expect(await summary.textContent()).toMatch(/Report #1: passed/);
    await page.getByRole('rowheader', { name: 'Statistical checks (Monte Carlo)' }).first().waitFor();
    expect(await page.getByText('This is the first validation report here').count()).toBe(1);
    // The checks' texts show no exponent notation: the GroToken reward's SE read "SE 7.3e-4".
    await page.evaluate(() => document.querySelectorAll('main details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const reward = page.locator('main tr', { hasText: 'Mean weekly GroToken reward' });
    expect(await reward.innerText()).toMatch(/SE 0\.000\d+/);
    expect(await page.locator('main').innerText()).not.toMatch(/(?<![\w.])\d+(\.\d+)?e[-+]?\d+(?!\w)/);
    expect(await page.getByRole('button', { name: 'Show report 1' }).isDisabled()).toBe(true);
    expect(await axeSeriousViolations(page)).toEqual([]);
    // A second report shows the confidence movement; its status words read as in the other tables
    // (PASS, NOT CHECKED; it said "pass" there, and PASS for groups the confidence table calls NOT CHECKED).
    await page.getByRole('button', { name: 'Run validation' }).click();
    await expect.poll(() => summary.textContent(), { timeout: 150_000 }).toMatch(/Report #2: passed/);
    const movement = page.getByRole('table', { name: 'Confidence movement per component' });
    const statuses = await movement.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(statuses.length).toBeGreaterThan(0);
    for (const st of statuses) expect(st).toMatch(/^(PASS|FAIL|SKIPPED|NOT CHECKED)( → (PASS|FAIL|SKIPPED|NOT CHECKED))?$/);
    expect(statuses).toContain('NOT CHECKED');
  });

  it('previews the report in a sandboxed frame and exports a PDF whose text has the title', async () => {
    await page.getByRole('button', { name: 'Export report…' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByLabel('Validation report', { exact: true }).waitFor();
    // The charts are drawn in a headless browser that takes seconds to start: the wait is named
    // and can be cancelled (it was a bare "Generating preview…" button for ~5 s).
    await page.getByRole('button', { name: 'Generate preview' }).click();
    const progress = page.getByRole('group', { name: 'Preview progress' });
    await expect.poll(() => progress.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/Drawing the charts in a headless browser…/);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('status').filter({ hasText: 'Preview cancelled.' }).waitFor();
    expect(await page.locator('iframe[title^="Report preview"]').count()).toBe(0);
    // From the keyboard: Enter starts it and focus moves to Cancel (it fell to <body> when the
    // button disabled itself), Escape cancels, and focus comes back to the button.
    const generate = page.getByRole('button', { name: 'Generate preview' });
    await generate.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect(await page.evaluate(() => document.activeElement?.closest('[role=group]')?.getAttribute('aria-label'))).toBe('Preview progress');
    await page.keyboard.press('Escape');
    await page.getByRole('status').filter({ hasText: 'Preview cancelled.' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Generate preview');
    await page.getByRole('button', { name: 'Generate preview' }).click();
    const frame = page.locator('iframe[title^="Report preview"]');
    await frame.waitFor({ timeout: 30_000 });
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts');
    expect(await frame.getAttribute('srcdoc')).toContain('PMOVES validation report');
    const inner = page.frameLocator('iframe[title^="Report preview"]');
    await inner.getByRole('heading', { name: 'Confidence levels' }).waitFor();
    // Charts arrive as PNGs (the frame inherits the app CSP, which blocks the report's own scripts).
    expect(await inner.locator('img.chart-img').count()).toBeGreaterThanOrEqual(1);
    expect(await frame.getAttribute('srcdoc')).not.toMatch(/<script/i);

    await page.getByRole('button', { name: 'Export PDF' }).click();
    const result = page.getByTestId('export-result');
    await result.waitFor({ timeout: 120_000 });
    const file = (await page.getByTestId('export-path').textContent())!.trim();
    expect(file.startsWith(`${tmp.dir}/exports/`)).toBe(true);
    expect(file.endsWith('.pdf')).toBe(true);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('PMOVES validation report');
    expect(text).toContain('Model checks');
    // In the browser the file also comes back as a download, byte for byte what was written.
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), result.getByRole('link', { name: 'Download' }).click()]);
    expect(dl.suggestedFilename()).toBe(path.basename(file));
    expect(fs.readFileSync((await dl.path())!).equals(bytes)).toBe(true);
    // An id the server did not issue gets nothing, and the route needs the session like every other.
    expect((await page.request.get(`${served.url}/api/download/${'0'.repeat(32)}`)).status()).toBe(404);
    const href = (await result.getByRole('link', { name: 'Download' }).getAttribute('href'))!;
    expect((await fetch(`${served.url}${href}`)).status).toBe(401);
    await page.getByRole('button', { name: 'Open folder' }).click();
    expect(await result.textContent()).toContain(`${tmp.dir}/exports`);
    expect(await axeSeriousViolations(page)).toEqual([]);
    // "Wrote …" belongs to the source it was exported from: choosing another source clears it.
    await page.getByRole('radio', { name: /Simulation run/ }).check();
    await expect.poll(() => result.count()).toBe(0);
  });
});
