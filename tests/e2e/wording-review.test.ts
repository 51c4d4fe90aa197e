/**
 * Wording a new user met in the app that was the command line's or the code's (serve + Chromium), each
 * fixed with this test: "5 file(s) in the bundle (215875 bytes)", a stored "--chain hardhat …" reason,
 * "NUM_MEMBERS must be …" in the editor, money CSV columns with no currency, and a Firefly calibration
 * that said "the current parameters" while it compared with the defaults.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFireflyData, startMockFirefly, type MockFirefly } from '../mocks/firefly/server';
import { openApp, type Served } from '../helpers/serve';
import { tmpDir } from '../helpers/tmp';

describe('wording review (serve + Chromium)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  let mock: MockFirefly;
  const tmp = tmpDir('wb-e2e-wording-');

  const api = async (op: string, input: unknown): Promise<any> =>
    page.evaluate(
      async ([o, i]) => (await fetch(`/api/op/${o}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: i }) })).json(),
      [op, input] as const,
    );

  beforeAll(async () => {
    mock = await startMockFirefly({ data: seedFireflyData({ groups: 40, end: '2026-06-30', days: 90, seed: 5 }) });
    ({ served, browser, page } = await openApp(tmp.dir, {
      env: { FIREFLY_URL: '', FIREFLY_TOKEN: '', FIREFLY_TOKEN_FILE: '', WORKBENCH_FIREFLY_MIN_INTERVAL_MS: '0', DOX_URL: '', DOX_JWT: '', DOX_TOKEN: '' },
      page: { viewport: { width: 1280, height: 900 } },
    }));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await mock?.close();
    tmp.cleanup();
  });

  it('DoX dry run: the bundle step counts files in words and gives the size in KB, not "file(s)" and bytes', async () => {
    const r = await api('sim.run', { runs: 1, seed: 3, params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 12 }, name: 'For DoX' });
    expect(r.output.runId).toBeGreaterThan(0);
    await page.goto(served.url + '/#/dox');
    await expect.poll(() => page.locator('main h1').first().textContent()).toBe('PMOVES-DoX');
    await page.getByLabel('Run', { exact: true }).selectOption(String(r.output.runId));
    await page.getByLabel('Dry run (no network)').check();
    await page.getByRole('button', { name: 'Write dry run' }).click();
    await page.getByText(/Dry run: nothing was sent/).waitFor({ timeout: 30_000 });
    const bundle = page.locator('.dx-step[data-step="bundle"] .dx-step-msg');
    // It read "4 file(s) in the bundle, 3 to send (215875 bytes)".
    expect(await bundle.textContent()).toMatch(/^\d+ files in the bundle, \d+ to send \(\d+(\.\d)? KB\)$/);
    const steps = await page.getByRole('list', { name: 'Push steps' }).textContent();
    expect(steps).not.toContain('(s)');
    expect(steps).toMatch(/dry run: \d+ requests? written to requests\.json, none sent/);
  });

  it('a run that failed for want of a Hardhat node says so in the app\'s words in Analysis, as does a fallback\'s warning', async () => {
    await api('sim.run', { runs: 1, seed: 2, params: { NUM_MEMBERS: 5, SIMULATION_WEEKS: 4 }, chain: 'hardhat', name: 'No node' });
    const failed = (await api('runs.list', { limit: 1 })).output[0];
    expect(failed.status).toBe('failed');
    await page.goto(served.url + `/#/analysis?run=${failed.id}&tab=overview`);
    const note = page.getByTestId('run-no-results');
    await note.waitFor();
    // It read "… (status failed): --chain hardhat needs a running chain node: start one with "workbench chain up" (or Start in the Chain view)".
    expect(await note.textContent()).toContain(
      `Run #${failed.id} has no results (status failed): Contracts was set to hardhat, and no local Hardhat node was running: start one in the Chain view.`,
    );
    expect(await page.locator('main').textContent()).not.toMatch(/--chain|workbench chain up/);

    const fb = await api('sim.run', { runs: 1, seed: 2, params: { NUM_MEMBERS: 5, SIMULATION_WEEKS: 4 }, chain: 'hardhat', chainFallback: 'model', name: 'Fallback' });
    await page.goto(served.url + `/#/analysis?run=${fb.output.runId}&tab=overview`);
    const warn = page.getByRole('status').filter({ hasText: 'Contract mirror: Hardhat was not usable' });
    await warn.waitFor({ timeout: 30_000 });
    expect(await warn.textContent()).toContain(
      '(“use the model if no node runs” was ticked). Reason: Contracts was set to hardhat, and no local Hardhat node was running: start one in the Chain view',
    );
    expect(await page.locator('main').textContent()).not.toMatch(/--chain|workbench chain up|chain fallback: model/);
  });

  it('Simulate: a parameter\'s inline error leads with its label, the code in parentheses and the range grouped', async () => {
    await page.goto(served.url + '/#/simulate');
    await page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    await page.getByLabel('Number of members').fill('0');
    const err = page.locator('#param-NUM_MEMBERS-err');
    // It read "NUM_MEMBERS must be a positive integer between 1 and 1000000; got …".
    await expect.poll(() => err.textContent()).toMatch(/^Number of members \(NUM_MEMBERS\) must be a positive integer between 1 and 1,000,000; got 0$/);
    await page.getByLabel('Number of members').fill('50');
    await expect.poll(() => err.count()).toBe(0);
  });

  it('Firefly calibration compares with the Simulate editor\'s parameters (or says it uses the defaults), and its CSVs name the currency', async () => {
    await page.goto(served.url + '/#/firefly');
    await page.locator('main h1', { hasText: 'Firefly III' }).waitFor();
    await page.getByLabel('Firefly III address').fill(mock.url);
    await page.getByLabel('Personal Access Token').fill(mock.token);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Connected to Firefly III' }).waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-04-01');
    await page.getByLabel('To', { exact: true }).fill('2026-06-30');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('status').filter({ hasText: /Snapshot \d+:/ }).waitFor({ timeout: 60_000 });

    // A food budget of 123 in the Simulate editor: the comparison's "current" side is that, not the default 75.
    await page.goto(served.url + '/#/simulate');
    await page.getByLabel('Average weekly food budget ($)').fill('123');
    await page.goto(served.url + '/#/firefly');
    await page.locator('main h1', { hasText: 'Firefly III' }).waitFor();
    const calibrate = page.getByRole('button', { name: 'Calibrate' });
    await expect.poll(() => calibrate.isDisabled(), { timeout: 20_000 }).toBe(false);
    await calibrate.click();
    const cal = page.getByTestId('ff-calibration');
    await cal.waitFor();
    expect(await cal.textContent()).toContain('Compared with the parameters in the Simulate editor. Accuracy of those parameters:');
    const row = cal.getByRole('row', { name: /Weekly food budget, mean/ });
    expect(await cal.locator('thead th').nth(1).textContent()).toBe('Simulate editor');
    // It showed 75 (the default) here while the editor said 123.
    expect(await row.locator('td').nth(0).textContent()).toBe('123');

    // Export: money columns name the data's currency (the mock's spending is in EUR).
    const dir = path.join(tmp.dir, 'ff-export');
    await page.getByLabel('Folder').fill(dir);
    await page.getByRole('button', { name: 'Export report + CSVs' }).click();
    await cal.getByRole('status').filter({ hasText: 'Wrote' }).waitFor();
    const head = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8').split('\r\n')[0];
    expect(head('category-comparison.csv')).toBe('Category,Actual (EUR),Simulated (EUR),Variance (EUR),Variance %');
    expect(head('weekly-comparison.csv')).toBe('Week,Start Date,Actual Spending (EUR),Baseline Revenue (EUR),Calibrated Revenue (EUR)');
    // The export is of the calibration shown: against the editor's 123.
    expect(fs.readFileSync(path.join(dir, 'CALIBRATION_REPORT.md'), 'utf8')).toContain('Simulated = WEEKLY_FOOD_BUDGET_AVG (123)');

    // An invalid editor value: the page says it compares with the defaults, and does.
    await page.goto(served.url + '/#/simulate');
    await page.getByLabel('Number of members').fill('0');
    await page.goto(served.url + '/#/firefly');
    await page.locator('main h1', { hasText: 'Firefly III' }).waitFor();
    await expect.poll(() => calibrate.isDisabled(), { timeout: 20_000 }).toBe(false);
    await calibrate.click();
    await expect.poll(() => cal.textContent()).toContain('Compared with the default parameters (the Simulate editor has invalid values).');
    expect(await cal.locator('thead th').nth(1).textContent()).toBe('Default');
    expect(await row.locator('td').nth(0).textContent()).toBe('75');
    await page.goto(served.url + '/#/simulate');
    await page.getByRole('button', { name: 'Reset to defaults' }).click();
  });
});
