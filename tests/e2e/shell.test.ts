import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOp, axeSeriousViolations, launchChromium, startServe, type Served } from '../helpers/serve';
import { ROOT, tmpDir } from '../helpers/tmp';

const SECTIONS = ['Simulate', 'Analysis', 'Compare', 'Sensitivity', 'Monte Carlo', 'Projections', 'Validation', 'Firefly', 'DoX', 'Chain', 'Reports', 'Settings'];
const SHOTS = path.join(ROOT, 'test-results/screenshots');

describe('app shell in Chromium (serve mode)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const tmp = tmpDir();

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    served = await startServe(tmp.dir);
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    tmp.cleanup();
  });

  it('loads from the printed URL, then drops the token from the address bar', async () => {
    await page.goto(served.launchUrl);
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    expect(page.url()).toBe(served.url + '/');
    expect(page.url()).not.toContain('token');
    await page.screenshot({ path: path.join(SHOTS, 'shell-simulate.png') });
  });

  it('reaches every section from the navigation, by mouse', async () => {
    for (const label of SECTIONS) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: label, exact: true }).click();
      await expect.poll(() => page.locator('main h1').first().textContent(), { timeout: 15_000 }).toContain(label === 'Firefly' ? 'Firefly' : label === 'DoX' ? 'DoX' : label);
      const current = await page.locator('nav a[aria-current="page"]').textContent();
      expect(current).toBe(label);
    }
  });

  it('reaches sections by keyboard (Tab + Enter, and Alt shortcuts)', async () => {
    await page.goto(served.url + '/#/simulate');
    await page.keyboard.press('Alt+s');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Settings');
    // A fresh load leaves focus at the top: the first Tab lands on the skip link (focus moved to the
    // content on load once, and the skip link and navigation were then behind it).
    await page.reload();
    await page.locator('main h1', { hasText: 'Settings' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    // The skip link is the first stop; Tab then walks the nav links in order.
    await page.getByText('Skip to content').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))).toContain('>Simulate<');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Analysis');
  });

  it('an unknown section in the URL says so and shows Simulate', async () => {
    await page.goto(served.url + '/#/nonexistent');
    await page.getByRole('status').filter({ hasText: 'There is no section “nonexistent”' }).waitFor();
    // Simulate's chunk may still be loading (the previous test reloaded the page): wait for its heading.
    await expect.poll(() => page.locator('main h1').first().textContent()).toBe('Simulate');
  });

  it('only the content scrolls: the page itself never moves the sidebar away', async () => {
    await page.setViewportSize({ width: 1280, height: 700 });
    await page.goto(served.url + '/#/simulate');
    await page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    await page.mouse.move(700, 400);
    await page.mouse.wheel(0, 5000);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await page.evaluate(() => document.querySelector('main')!.scrollTop)).toBeGreaterThan(0);
    const nav = await page.getByRole('navigation', { name: 'Sections' }).boundingBox();
    expect(nav!.y).toBe(0);
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('has no serious or critical axe violations on the shell and settings', async () => {
    await page.goto(served.url + '/#/settings');
    await page.locator('main h1', { hasText: 'Settings' }).waitFor();
    expect(await axeSeriousViolations(page)).toEqual([]);
  });

  it('follows the OS dark preference', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(served.url + '/#/settings');
    await page.locator('main h1').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(17, 20, 24)');
    await page.screenshot({ path: path.join(SHOTS, 'shell-settings-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('settings persist across a restart of serve with the real DB', async () => {
    await page.goto(served.url + '/#/settings');
    await page.getByLabel('Theme').selectOption('dark');
    await page.getByLabel('Default seed').fill('1234');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await served.stop();
    served = await startServe(tmp.dir);
    await page.goto(served.launchUrl);
    await page.goto(served.url + '/#/settings');
    await expect.poll(() => page.getByLabel('Default seed').inputValue()).toBe('1234');
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });

  it('Settings → a bad default seed or runs is named on the page with its range and value, and nothing is saved', async () => {
    await page.goto(served.url + '/#/settings');
    await page.getByLabel('Default seed').fill('12.5');
    await page.getByLabel(/Default runs in Simulate/).fill('0');
    await page.getByText('Default seed must be an integer between 0 and 9,007,199,254,740,991; got “12.5”').waitFor();
    await page.getByText('Default runs must be an integer between 1 and 100,000; got “0”').waitFor();
    // The theme saves on change, and says that is what it saved; the invalid fields then block the button's save.
    const theme = page.getByLabel('Theme');
    const before = await theme.inputValue();
    await theme.selectOption(before === 'dark' ? 'light' : 'dark');
    await page.getByRole('status').filter({ hasText: 'Theme saved.' }).waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing saved: fix Default seed and Default runs first.' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: /Saved\./ }).count()).toBe(0);
    await theme.selectOption(before);
    const stored = (await apiOp(page, 'settings.get', {})).output;
    expect(Number.isInteger(stored.defaultSeed)).toBe(true);
    expect(stored.defaultRuns).toBeGreaterThanOrEqual(1);
  });

  it('Settings → default seed, runs and model are what a fresh Simulate editor starts with', async () => {
    await page.goto(served.url + '/#/settings');
    await page.getByLabel('Default seed').fill('777');
    await page.getByLabel(/Default runs in Simulate/).fill('3');
    await page.getByLabel('Default model').selectOption('nextjs');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    // A new window: nothing edited in this session yet.
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(served.launchUrl);
    // Monte Carlo first: the default model applies without a visit to Simulate.
    await p.goto(served.url + '/#/montecarlo');
    await p.getByText(/model nextjs\./).waitFor();
    await p.goto(served.url + '/#/simulate');
    await expect.poll(() => p.getByLabel('Runs', { exact: true }).inputValue()).toBe('3');
    expect(await p.getByLabel('Seed', { exact: true }).inputValue()).toBe('777');
    expect(await p.getByLabel(/^Model/).inputValue()).toBe('nextjs');
    await ctx.close();
  });

  it('the old session token stops working after a restart', async () => {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    const res = await p.goto(served.url + '/');
    expect(res?.status()).toBe(401);
    await ctx.close();
  });
});
