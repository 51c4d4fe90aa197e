/**
 * What a first-time user's walk found on the second try of an action: the second one must say
 * what it did to the first one's result.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Served } from '../helpers/serve';
import { tmpDir } from '../helpers/tmp';

describe('second tries (serve + Chromium)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const tmp = tmpDir('wb-e2e-second-');

  beforeAll(async () => {
    ({ served, browser, page } = await openApp(tmp.dir, { page: { viewport: { width: 1280, height: 900 } } }));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    tmp.cleanup();
  });

  it('Simulate: saving a parameter set under a name that exists says it replaces that set', async () => {
    await page.goto(served.url + '/#/simulate');
    await page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    const name = page.locator('#set-name');
    await page.getByLabel('Average weekly income ($)').fill('180');
    await name.fill('Higher income');
    await page.getByRole('button', { name: 'Save current' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved “Higher income”.' }).waitFor();

    await page.getByLabel('Average weekly income ($)').fill('220');
    await name.fill('Higher income');
    // Before: the button and a note say what saving will do (it read "Save current" and said "Saved").
    const replace = page.getByRole('button', { name: 'Replace saved set' });
    await replace.waitFor();
    expect(await page.locator('#set-replace').textContent()).toBe('A set named “Higher income” exists: saving replaces its values.');
    await replace.click();
    await page.getByRole('status').filter({ hasText: 'Replaced “Higher income” with the current parameters.' }).waitFor();
    expect(await page.getByRole('button', { name: /^Load / }).count()).toBe(1);
    // A new name is a new set, as before.
    await name.fill('Other');
    await page.getByRole('button', { name: 'Save current' }).waitFor();
    expect(await page.locator('#set-replace').count()).toBe(0);
  });
});
