/**
 * Defects a first-time user's walk through the app found (serve + Chromium), each fixed with this test.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Served } from '../helpers/serve';
import { tmpDir } from '../helpers/tmp';

describe('first-time user walk (serve + Chromium)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const tmp = tmpDir('wb-e2e-walk-');

  beforeAll(async () => {
    ({ served, browser, page } = await openApp(tmp.dir, { page: { viewport: { width: 1280, height: 900 } } }));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    tmp.cleanup();
  });

  it('Simulate with Contracts = hardhat and no node: the failure says what to do in the app, not on the command line', async () => {
    await page.goto(served.url + '/#/simulate');
    await page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    await page.getByLabel('Number of members').fill('5');
    await page.getByLabel('Simulation duration (weeks)').fill('4');
    await page.getByLabel('Contracts').selectOption('hardhat');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const msg = page.getByTestId('sim-no-node');
    await msg.waitFor({ timeout: 30_000 });
    // It read: 'Run failed: --chain hardhat needs a running chain node: start one with "workbench chain up" (or Start in the Chain view)'.
    expect(await msg.textContent()).toBe(
      'Run failed: Contracts is set to hardhat, and no local Hardhat node is running. Start the node in the Chain view, or tick “use the model if no node runs” to mirror the run on the in-process model instead. Open the Chain view',
    );
    expect(await page.locator('main').textContent()).not.toContain('--chain');
    await msg.getByRole('button', { name: 'Open the Chain view' }).click();
    await page.locator('main h1', { hasText: 'Chain' }).waitFor();
  });
});
