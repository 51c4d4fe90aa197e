import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { axeSeriousViolations } from '../../helpers/serve';

const app = useApp({ prefix: 'wb-e2e-reports-' });

describe('Validation and Reports views (serve + Chromium)', () => {
  it('runs the validation suite from the UI with progress, then shows confidence, deltas and history', async () => {
    await app.page.goto(`${app.served.url}/#/validation`);
    await app.page.getByRole('heading', { name: 'Validation', level: 1 }).waitFor();
    // A bad count is named on the page (it was only the browser's passing tooltip) and blocks the run.
    await app.page.getByLabel('Monte Carlo runs').fill('1.5');
    await app.page.getByText('Monte Carlo runs must be an integer between 2 and 10,000; got “1.5”').waitFor();
    expect(await app.page.getByRole('button', { name: 'Run validation' }).isDisabled()).toBe(true);
    await app.page.getByLabel('Monte Carlo runs').fill('10');
    await app.page.getByRole('button', { name: 'Run validation' }).click();
    await app.page.getByRole('group', { name: /Validation progress/ }).waitFor({ timeout: 30_000 });
    const summary = app.page.getByTestId('validation-summary');
    await summary.waitFor({ timeout: 150_000 });
    expect(await summary.textContent()).toMatch(/Report #1: passed/);
    await app.page.getByRole('rowheader', { name: 'Statistical checks (Monte Carlo)' }).first().waitFor();
    expect(await app.page.getByText('This is the first validation report here').count()).toBe(1);
    // The checks' texts show no exponent notation: the GroToken reward's SE read "SE 7.3e-4".
    await app.page.evaluate(() => document.querySelectorAll('main details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const reward = app.page.locator('main tr', { hasText: 'Mean weekly GroToken reward' });
    expect(await reward.innerText()).toMatch(/SE 0\.000\d+/);
    expect(await app.page.locator('main').innerText()).not.toMatch(/(?<![\w.])\d+(\.\d+)?e[-+]?\d+(?!\w)/);
    expect(await app.page.getByRole('button', { name: 'Show report 1' }).isDisabled()).toBe(true);
    expect(await axeSeriousViolations(app.page)).toEqual([]);
    // A second report shows the confidence movement; its status words read as in the other tables
    // (PASS, NOT CHECKED; it said "pass" there, and PASS for groups the confidence table calls NOT CHECKED).
    await app.page.getByRole('button', { name: 'Run validation' }).click();
    await expect.poll(() => summary.textContent(), { timeout: 150_000 }).toMatch(/Report #2: passed/);
    const movement = app.page.getByRole('table', { name: 'Confidence movement per component' });
    const statuses = await movement.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(statuses.length).toBeGreaterThan(0);
    for (const st of statuses) expect(st).toMatch(/^(PASS|FAIL|SKIPPED|NOT CHECKED)( → (PASS|FAIL|SKIPPED|NOT CHECKED))?$/);
    expect(statuses).toContain('NOT CHECKED');
  });

  it('previews the report in a sandboxed frame and exports a PDF whose text has the title', async () => {
    await app.page.getByRole('button', { name: 'Export report…' }).click();
    await app.page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await app.page.getByLabel('Validation report', { exact: true }).waitFor();
    // The charts are drawn in a headless browser that takes seconds to start: the wait is named
    // and can be cancelled (it was a bare "Generating preview…" button for ~5 s).
    await app.page.getByRole('button', { name: 'Generate preview' }).click();
    const progress = app.page.getByRole('group', { name: 'Preview progress' });
    await expect.poll(() => progress.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/Drawing the charts in a headless browser…/);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Preview cancelled.' }).waitFor();
    expect(await app.page.locator('iframe[title^="Report preview"]').count()).toBe(0);
    // From the keyboard: Enter starts it and focus moves to Cancel (it fell to <body> when the
    // button disabled itself), Escape cancels, and focus comes back to the button.
    const generate = app.page.getByRole('button', { name: 'Generate preview' });
    await generate.focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect(await app.page.evaluate(() => document.activeElement?.closest('[role=group]')?.getAttribute('aria-label'))).toBe('Preview progress');
    await app.page.keyboard.press('Escape');
    await app.page.getByRole('status').filter({ hasText: 'Preview cancelled.' }).waitFor();
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.textContent)).toBe('Generate preview');
    await app.page.getByRole('button', { name: 'Generate preview' }).click();
    const frame = app.page.locator('iframe[title^="Report preview"]');
    await frame.waitFor({ timeout: 30_000 });
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts');
    expect(await frame.getAttribute('srcdoc')).toContain('PMOVES validation report');
    const inner = app.page.frameLocator('iframe[title^="Report preview"]');
    await inner.getByRole('heading', { name: 'Confidence levels' }).waitFor();
    // Charts arrive as PNGs (the frame inherits the app CSP, which blocks the report's own scripts).
    expect(await inner.locator('img.chart-img').count()).toBeGreaterThanOrEqual(1);
    expect(await frame.getAttribute('srcdoc')).not.toMatch(/<script/i);

    await app.page.getByRole('button', { name: 'Export PDF' }).click();
    const result = app.page.getByTestId('export-result');
    await result.waitFor({ timeout: 120_000 });
    const file = (await app.page.getByTestId('export-path').textContent())!.trim();
    expect(file.startsWith(`${app.dir}/exports/`)).toBe(true);
    expect(file.endsWith('.pdf')).toBe(true);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('PMOVES validation report');
    expect(text).toContain('Model checks');
    // In the browser the file also comes back as a download, byte for byte what was written.
    const [dl] = await Promise.all([app.page.waitForEvent('download', { timeout: 30_000 }), result.getByRole('link', { name: 'Download' }).click()]);
    expect(dl.suggestedFilename()).toBe(path.basename(file));
    expect(fs.readFileSync((await dl.path())!).equals(bytes)).toBe(true);
    // An id the server did not issue gets nothing, and the route needs the session like every other.
    expect((await app.page.request.get(`${app.served.url}/api/download/${'0'.repeat(32)}`)).status()).toBe(404);
    const href = (await result.getByRole('link', { name: 'Download' }).getAttribute('href'))!;
    expect((await fetch(`${app.served.url}${href}`)).status).toBe(401);
    await app.page.getByRole('button', { name: 'Open folder' }).click();
    expect(await result.textContent()).toContain(`${app.dir}/exports`);
    expect(await axeSeriousViolations(app.page)).toEqual([]);
    // "Wrote …" belongs to the source it was exported from: choosing another source clears it.
    await app.page.getByRole('radio', { name: /Simulation run/ }).check();
    await expect.poll(() => result.count()).toBe(0);
  });
});
