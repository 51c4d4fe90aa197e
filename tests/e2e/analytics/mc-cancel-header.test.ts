import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Served } from '../../helpers/serve';
import { tmpDir } from '../../helpers/tmp';

/**
 * A Monte Carlo set's result: a cancel that kept runs is a neutral status (it was an amber warning,
 * unlike every other cancel), and Analysis's line under a finished set's name does not count its runs
 * again ("Custom · 50×156 · 3 runs · seed 42 · Monte Carlo, 3 of 3 runs").
 */
describe('Monte Carlo cancel status and set header (serve + Chromium)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const tmp = tmpDir();

  beforeAll(async () => {
    ({ served, browser, page } = await openApp(tmp.dir, { page: { viewport: { width: 1280, height: 800 } } }));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    tmp.cleanup();
  });

  it('a finished set: the header under its name says the run count once', async () => {
    await page.goto(served.url + '/#/montecarlo');
    await page.getByLabel('Runs').fill('3');
    await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    await page.getByRole('status').filter({ hasText: 'Done: 3 runs' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Open full analysis' }).click();
    const header = page.locator('main').getByText(/· Monte Carlo/).first();
    // Wait for the set's name (the line says the count itself until the run list has loaded).
    await expect.poll(() => header.textContent(), { timeout: 30_000 }).toContain('Custom · 50×156 · 3 runs · seed 42');
    const text = (await header.textContent()) ?? '';
    expect(text).not.toContain('3 of 3 runs');
  });

  it('a cancel that kept runs is a neutral status, not a warning', async () => {
    await page.goto(served.url + '/#/montecarlo');
    await page.getByLabel('Runs').fill('100000');
    await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    const group = page.getByRole('group', { name: 'Monte Carlo progress' });
    await expect.poll(async () => Number(/^(\d+) \//.exec((await group.getByRole('status').textContent()) ?? '')?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(50);
    // Some runs finished (the count is of runs done), so the cancel keeps them: "Cancelled: kept N of 100000 runs".
    await group.getByRole('button', { name: 'Cancel (keep finished runs)' }).click();
    const done = page.getByRole('status').filter({ hasText: /^Cancelled: kept \d+ of 100000 runs/ });
    await done.waitFor({ timeout: 60_000 });
    const cls = (await done.getAttribute('class')) ?? '';
    expect(cls).toContain('callout info');
    expect(cls).not.toContain('warn');
    expect(await page.locator('main [role=alert]').count()).toBe(0);
  });
});
