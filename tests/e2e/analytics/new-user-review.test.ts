import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Served } from '../../helpers/serve';
import { tmpDir } from '../../helpers/tmp';

async function goto(page: Page, url: string, h1: string) {
  await page.goto(url);
  await page.locator('main h1', { hasText: h1 }).waitFor();
}

/** Defects a new user's review found: state that did not survive navigation, stale results, captions, focus. */
describe('new-user review fixes in Chromium (serve mode)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const tmp = tmpDir();

  beforeAll(async () => {
    ({ served, browser, page } = await openApp(tmp.dir, { page: { viewport: { width: 1400, height: 1000 } } }));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    tmp.cleanup();
  });

  it('Simulate keeps Seed, Runs, Name and Contracts across sections, and the next run uses them', async () => {
    await goto(page, served.url + '/#/simulate', 'Simulate');
    await expect.poll(() => page.getByLabel('Seed', { exact: true }).inputValue()).toBe('42');
    await page.getByLabel('Seed', { exact: true }).fill('7');
    await page.getByLabel('Runs', { exact: true }).fill('3');
    await page.getByLabel('Name', { exact: true }).first().fill('my draft run');
    await page.getByLabel('Contracts').selectOption('model');
    await page.getByLabel('Number of members').fill('20');
    await page.locator('main h1').click();
    await page.keyboard.press('Alt+3');
    await page.locator('main h1', { hasText: 'Compare' }).waitFor();
    await page.keyboard.press('Alt+1');
    await page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    expect(await page.getByLabel('Number of members').inputValue()).toBe('20');
    expect(await page.getByLabel('Seed', { exact: true }).inputValue()).toBe('7');
    expect(await page.getByLabel('Runs', { exact: true }).inputValue()).toBe('3');
    expect(await page.locator('#sim-name').inputValue()).toBe('my draft run');
    expect(await page.getByLabel('Contracts').inputValue()).toBe('model');
    // The contract adapter mirrors a single run: the kept settings still block the run, as before leaving.
    await page.getByText('The contract adapter mirrors a single run: set Runs to 1').waitFor();
    await page.getByLabel('Contracts').selectOption('off');
    const req = page.waitForRequest((r) => r.url().includes('/api/op/sim.run'));
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const input = JSON.parse((await req).postData() ?? '{}').input;
    expect({ seed: input.seed, runs: input.runs, name: input.name, members: input.params.NUM_MEMBERS }).toEqual({ seed: 7, runs: 3, name: 'my draft run', members: 20 });
    await page.locator('main h1', { hasText: 'Analysis' }).waitFor({ timeout: 60_000 });
    // Back in Simulate: the seed and runs stay for the next run; the name went to the run it named.
    await page.keyboard.press('Alt+1');
    await page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    expect(await page.getByLabel('Seed', { exact: true }).inputValue()).toBe('7');
    expect(await page.getByLabel('Runs', { exact: true }).inputValue()).toBe('3');
    expect(await page.locator('#sim-name').inputValue()).toBe('');
    // Cleared fields stay cleared (an empty seed means Settings → Default seed, as before).
    await page.getByLabel('Seed', { exact: true }).fill('');
    await page.keyboard.press('Alt+3');
    await page.locator('main h1', { hasText: 'Compare' }).waitFor();
    await page.keyboard.press('Alt+1');
    await page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    expect(await page.getByLabel('Seed', { exact: true }).inputValue()).toBe('');
    await page.getByRole('button', { name: 'Reset to defaults' }).click();
  });
});
