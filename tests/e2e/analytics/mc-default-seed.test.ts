import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Served } from '../../helpers/serve';
import { tmpDir } from '../../helpers/tmp';

/** Monte Carlo's seed follows Settings' default seed until the user types one, as Simulate's does. */
describe('Monte Carlo default seed (serve mode)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const tmp = tmpDir();

  beforeAll(async () => {
    ({ served, browser, page } = await openApp(tmp.dir));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    tmp.cleanup();
  });

  const open = async (name: RegExp, h1: string) => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name }).click();
    await page.locator('main h1', { hasText: h1 }).waitFor();
  };

  it('takes a default seed saved after the section was first opened, and keeps a typed one', async () => {
    await open(/Monte Carlo/, 'Monte Carlo');
    await expect.poll(() => page.locator('#mc-seed').inputValue()).toBe('42');
    await open(/Settings/, 'Settings');
    await page.locator('#set-seed').fill('1234');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    await open(/Monte Carlo/, 'Monte Carlo');
    expect(await page.locator('#mc-seed').inputValue()).toBe('1234');
    expect(await page.locator('main section p.muted').first().textContent()).toContain('(seed 1234, run indices');
    // A seed the user typed stays when the default changes again.
    await page.locator('#mc-seed').fill('7');
    await open(/Settings/, 'Settings');
    await page.locator('#set-seed').fill('99');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    await open(/Monte Carlo/, 'Monte Carlo');
    expect(await page.locator('#mc-seed').inputValue()).toBe('7');
  });
});
