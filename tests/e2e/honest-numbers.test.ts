/**
 * Defects an analyst's review found by checking that the numbers are honest and consistent: the
 * UI against the stored run (the CLI's `runs get` / `simulate --json`), one view against another,
 * and each verdict against the values it summarises.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app';
import { runCli } from '../helpers/cli';
import { apiOp } from '../helpers/serve';

async function goto(page: Page, url: string, h1: string) {
  await page.goto(url);
  await page.locator('main h1', { hasText: h1 }).waitFor();
}

describe('honest numbers (serve + Chromium)', () => {
  const app = useApp({
    prefix: 'wb-e2e-honest-',
    page: { viewport: { width: 1280, height: 900 } },
    before: async (dir) => {
      const sim = async (...args: string[]) => {
        const r = await runCli(['--data-dir', dir, 'simulate', ...args]);
        expect(r.code, r.stderr).toBe(0);
      };
      // #1: no co-op discount, no tokens and no fee: B is A, week by week.
      await sim('--set', 'GROUP_BUY_SAVINGS_PERCENT=0', '--set', 'LOCAL_PRODUCTION_SAVINGS_PERCENT=0', '--set', 'GROTOKEN_REWARD_PER_WEEK_AVG=0', '--set', 'GROTOKEN_REWARD_STDDEV=0', '--set', 'WEEKLY_COOP_FEE_B=0', '--name', 'B is A');
      // #2 and #3: the defaults and Extreme Wealth Inequality (seed 42).
      await sim('--name', 'Defaults');
      await sim('--preset', 'extreme-inequality');
      // #4: a Monte Carlo set past the runs whose bands are exact (64).
      await sim('--runs', '200', '--seed', '7', '--name', 'MC 200');
    },
  });

  it('Analysis: when A and B end level on every card, neither is said to outperform the other', async () => {
    await goto(app.page, app.served.url + '/#/analysis?run=1&tab=overview', 'Analysis');
    const verdict = app.page.locator('.verdict');
    await verdict.waitFor({ timeout: 30_000 });
    // Every card reads "no difference" …
    const cards = app.page.locator('.cards .card');
    await expect.poll(() => cards.count()).toBe(4);
    expect(await cards.locator('dd.good, dd.bad').count()).toBe(0);
    // … and the verdict said "The traditional model (A) outperforms the cooperative model (B) in this run".
    expect(await verdict.textContent()).toBe('Overall result: Neither model outperforms the other in this run: none of the 4 metrics differs. B is better on 0 of 4 metrics.');
  });

  it('Compare: a Gini difference gets the decimal Analysis gives it when the shown values suggest another one', async () => {
    const [a, b] = await Promise.all([2, 3].map(async (id) => (await apiOp(app.page, 'runs.get', { id })).output.result.final.Gini_A.mean as number));
    // The case: 0.262 and 0.572 are shown, 0.310 apart, while the difference rounds to 0.309.
    expect([a.toFixed(3), b.toFixed(3), (b - a).toFixed(3), (Number(b.toFixed(3)) - Number(a.toFixed(3))).toFixed(3)]).toEqual(['0.262', '0.572', '0.309', '0.310']);
    await goto(app.page, app.served.url + '/#/compare?runs=2,3', 'Compare');
    const row = app.page.locator('table.results-table tr', { has: app.page.locator('th', { hasText: /^Gini A/ }) });
    await row.waitFor({ timeout: 30_000 });
    // It read "0.572 (+0.309)"; Analysis's key-metrics table writes such a difference with 4 decimals.
    expect(await row.locator('td').nth(1).textContent()).toBe(`0.572 (+${(b - a).toFixed(4)})`);
  });

});
