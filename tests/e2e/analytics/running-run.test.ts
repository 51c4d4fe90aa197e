import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startServe, type Served } from '../../helpers/serve';
import { tmpDir } from '../../helpers/tmp';

/** A run that is still running: Cancel says "Cancelling…" at once. Runs are sized to last a few seconds on one worker. */
describe('running runs in Chromium (serve mode)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const tmp = tmpDir();

  beforeAll(async () => {
    served = await startServe(tmp.dir);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    await page.goto(served.launchUrl);
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    // 2000 members × 520 weeks: a few tenths of a second per member run.
    await page.goto(served.url + '/#/simulate');
    await page.getByLabel('Number of members').fill('2000');
    await page.getByLabel('Simulation duration (weeks)').fill('520');
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    tmp.cleanup();
  });

  /** Starts a Monte Carlo from its section and waits for its first progress event (the run is stored by then). */
  async function startMonteCarlo(runs: number) {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /Monte Carlo/ }).click();
    await page.locator('main h1', { hasText: 'Monte Carlo' }).waitFor();
    await page.getByLabel('Runs').fill(String(runs));
    await page.getByLabel('Workers').fill('1');
    await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    await page.getByRole('group', { name: 'Monte Carlo progress' }).getByText(new RegExp(` / ${runs} runs`)).waitFor({ timeout: 30_000 });
  }

  /**
   * Clicks Cancel and checks that the very next render shows a disabled "Cancelling…" button. A
   * mutation observer records it: the job may stop a moment later and the button go away.
   */
  async function expectCancellingAtOnce(cancel: Locator) {
    await cancel.evaluate((btn) => {
      const w = window as unknown as { seenCancelling?: boolean; cancelWatch?: MutationObserver };
      w.seenCancelling = false;
      const check = () => {
        for (const b of document.querySelectorAll('button')) if (b.textContent === 'Cancelling…' && b.disabled) w.seenCancelling = true;
      };
      w.cancelWatch = new MutationObserver(check);
      w.cancelWatch.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      (btn as HTMLButtonElement).click();
      check();
    });
    const seen = await page.evaluate(
      () =>
        new Promise<boolean>((r) =>
          requestAnimationFrame(() => {
            const w = window as unknown as { seenCancelling: boolean; cancelWatch: MutationObserver };
            w.cancelWatch.disconnect();
            r(w.seenCancelling);
          }),
        ),
    );
    expect(seen).toBe(true);
  }
  it('Monte Carlo: Cancel turns at once into a disabled "Cancelling…" until the job stops', async () => {
    await startMonteCarlo(200);
    const group = page.getByRole('group', { name: 'Monte Carlo progress' });
    await expectCancellingAtOnce(group.getByRole('button', { name: 'Cancel (keep finished runs)' }));
    await page.getByText(/Cancelled: kept \d+ of 200 runs|Cancelled: Monte Carlo cancelled before any run finished/).waitFor({ timeout: 60_000 });
    expect(await group.count()).toBe(0);
  });
});
