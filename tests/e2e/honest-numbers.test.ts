/**
 * Defects an analyst's review found by checking that the numbers are honest and consistent: the
 * UI against the stored run (the CLI's `runs get` / `simulate --json`), one view against another,
 * and each verdict against the values it summarises.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gotoView } from '../helpers/flows';
import { useApp } from '../helpers/app';
import { runCli } from '../helpers/cli';
import { apiOp } from '../helpers/serve';

/** The traces of the chart titled `title` (Plotly's data on its plot element). */
async function traces(page: Page, title: string): Promise<{ name: string; y: (number | null)[] }[]> {
  const area = page.locator('figure.chart', { hasText: title }).locator('.chart-area[data-ready="true"]');
  await area.waitFor({ timeout: 30_000 });
  return area.evaluate((el) => (el as unknown as { data: { name: string; y: (number | null)[] }[] }).data.map((t) => ({ name: t.name, y: Array.from(t.y) })));
}

/**
 * The hover text of the chart titled `title` at point `at` (default: the last) of its trace `name`:
 * the mouse put on the point (a bar: halfway up, or at height `yAt`), as a user hovers it.
 */
async function hoverLast(page: Page, title: string, name: string, at?: number, yAt?: number): Promise<string> {
  const area = page.locator('figure.chart', { hasText: title }).locator('.chart-area[data-ready="true"]');
  await area.waitFor({ timeout: 30_000 });
  await area.scrollIntoViewIfNeeded();
  const pos = await area.evaluate(
    (el, [n, k, yv]) => {
      type Ax = { d2p: (v: number | string) => number };
      const p = el as unknown as { data: { name: string; type: string; x: number[]; y: number[] }[]; _fullLayout: { xaxis: Ax; yaxis: Ax; _size: { l: number; t: number } } };
      const t = p.data.find((d) => d.name === n)!;
      const j = k ?? t.x.length - 1;
      const r = el.getBoundingClientRect();
      return { x: r.left + p._fullLayout._size.l + p._fullLayout.xaxis.d2p(t.x[j]), y: r.top + p._fullLayout._size.t + p._fullLayout.yaxis.d2p(yv ?? (t.type === 'bar' ? t.y[j] / 2 : t.y[j])) };
    },
    [name, at, yAt] as const,
  );
  await page.mouse.move(pos.x - 1, pos.y);
  const text = area.locator('.hoverlayer .hovertext');
  await text.first().waitFor();
  return (await text.allTextContents()).join(' | ');
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
      // #5: 100 weeks, so the second year is weeks 53–100.
      await sim('--weeks', '100', '--name', '100 weeks');
    },
  });

  it('Analysis: when A and B end level on every card, neither is said to outperform the other', async () => {
    await gotoView(app.page, app.served.url + '/#/analysis?run=1&tab=overview', 'Analysis');
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
    await gotoView(app.page, app.served.url + '/#/compare?runs=2,3', 'Compare');
    const row = app.page.locator('table.results-table tr', { has: app.page.locator('th', { hasText: /^Gini A/ }) });
    await row.waitFor({ timeout: 30_000 });
    // It read "0.572 (+0.309)"; Analysis's key-metrics table writes such a difference with 4 decimals.
    expect(await row.locator('td').nth(1).textContent()).toBe(`0.572 (+${(b - a).toFixed(4)})`);
  });

  it('Monte Carlo (200 runs): the bands end on the final-week p5/p95 the table shows, as simulate --json says', async () => {
    const doc = (await apiOp(app.page, 'runs.get', { id: 4 })).output.result;
    const W = doc.weeks as number;
    for (const m of Object.keys(doc.bands)) for (const q of ['p5', 'p50', 'p95']) expect([m, q, doc.bands[m][q][W]]).toEqual([m, q, doc.final[m][q]]);
    await gotoView(app.page, app.served.url + '/#/analysis?run=4&tab=charts', 'Analysis');
    const wealth = await traces(app.page, 'Average member wealth');
    const p95 = wealth.find((t) => t.name === 'Traditional (A) p95')!;
    // The binned estimate ended the band on $14,645 beside the table's exact p95 of $14,652.
    expect(p95.y[W]).toBe(doc.final.AvgWealth_A.p95);
    const poverty = await traces(app.page, 'Poverty rate');
    // 50 members: a poverty rate is a multiple of 2%; the band's end read 6.1%.
    expect(poverty.find((t) => t.name === 'Poverty A p95')!.y[W]).toBeCloseTo(doc.final.PovertyRate_A.p95 * 100, 10);
    await app.page.getByRole('tab', { name: 'Overview' }).click();
    const row = app.page.locator('tr', { has: app.page.locator('th', { hasText: /^Average wealth/ }) }).first();
    await expect.poll(() => row.locator('td').nth(1).textContent()).toContain('p5–p95 $11,456 – $14,652');
  });
  it('Compare and Analysis charts hover in the unit and precision of the tables beside them, under the whole run name', async () => {
    await gotoView(app.page, app.served.url + '/#/compare?runs=2,3', 'Compare');
    const cell = (metric: RegExp, i: number) => app.page.locator('table.results-table tr', { has: app.page.locator('th', { hasText: metric }) }).locator('td').nth(i).textContent();
    await app.page.locator('table.results-table').waitFor({ timeout: 30_000 });
    expect(await cell(/^Gini B/, 1)).toMatch(/^0\.554 /);
    expect(await cell(/^Poverty rate B/, 1)).toMatch(/^24\.0% /);
    // They hovered "#3 Extreme W...(156, 0.6)" and "(156, 24)".
    expect(await hoverLast(app.page, 'Gini B', '#3 Extreme Wealth Inequality · 100×156 · seed 42')).toBe('#3 Extreme Wealth Inequality · 100×156 · seed 42(156, 0.554)');
    expect(await hoverLast(app.page, 'Poverty rate B (%)', '#3 Extreme Wealth Inequality · 100×156 · seed 42')).toBe('#3 Extreme Wealth Inequality · 100×156 · seed 42(156, 24.0%)');
    expect(await hoverLast(app.page, 'Community resilience', '#3 Extreme Wealth Inequality · 100×156 · seed 42')).toBe(`#3 Extreme Wealth Inequality · 100×156 · seed 42(156, ${await cell(/^Community resilience/, 1).then((t) => t!.split(' ')[0])})`);

    // Analysis: local economy strength is a share in the key-metrics table ("61.3%"); its chart hovered "0.613" over "Index".
    await gotoView(app.page, app.served.url + '/#/analysis?run=2&tab=overview', 'Analysis');
    const row = (label: string) => app.page.locator('tr', { has: app.page.locator('th', { hasText: label }) }).first().locator('td').nth(2);
    await row('Local economy strength').waitFor({ timeout: 30_000 });
    const les = (await row('Local economy strength').textContent())!;
    const resilience = (await row('Community resilience').textContent())!;
    expect([les, resilience]).toEqual(['61.3%', '1.000']);
    await app.page.getByRole('tab', { name: 'Charts' }).click();
    expect(await hoverLast(app.page, 'Local economy strength', 'Local economy strength (B)')).toBe(`Local economy strength (B)(156, ${les})`);
    expect(await hoverLast(app.page, 'Community resilience', 'Community resilience (B)')).toBe(`Community resilience (B)(156, ${resilience})`);
  });
  it('Distribution: a histogram bar hovers as the members it counts and their wealth range, under the whole series name', async () => {
    const h = (await apiOp(app.page, 'runs.get', { id: 2 })).output.result.detail.histogram as { edges: number[]; countsA: number[] };
    const j = h.countsA.findIndex((c) => c > 1);
    const money = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;
    await gotoView(app.page, app.served.url + '/#/analysis?run=2&tab=distribution', 'Analysis');
    // It read "Traditional ...($8,223, 3)": the bin's centre and an unnamed count.
    expect(await hoverLast(app.page, 'Final wealth distribution', 'Traditional (A)', j)).toBe(`Traditional (A)${h.countsA[j]} members with final wealth ${money(h.edges[j])}–${money(h.edges[j + 1])}`);
    expect(await hoverLast(app.page, 'Final wealth thresholds', 'Traditional (A)', 0)).toMatch(/^Traditional \(A\)\(20th pct, \$[\d,]+\)$/);
  });
  it('Dashboard and Token flows: bars hover with the precision of the cards and text beside them', async () => {
    await gotoView(app.page, app.served.url + '/#/dashboard?run=2', 'Dashboard');
    const card = app.page.locator('.card', { hasText: 'Market efficiency' }).locator('.value');
    await card.waitFor({ timeout: 30_000 });
    const shown = (await card.textContent())!.replace(/\s*[↑↓→]$/, '');
    expect(shown).toMatch(/^\d+\.\d%$/);
    // It hovered "(Market efficiency, 45.42562)" beside the card's "45.4%".
    expect(await hoverLast(app.page, 'Economic indicators', 'Score (%)', 1)).toBe(`Market efficiency: ${shown}`);

    await gotoView(app.page, app.served.url + '/#/analysis?run=2&tab=flows', 'Analysis');
    const f = (await apiOp(app.page, 'runs.get', { id: 2 })).output.result.detail.flows as Record<string, number>;
    const saved = `$${Math.round(f.spendA - f.spendInternalB - f.spendExternalB).toLocaleString('en-US')}`;
    await app.page.getByText(`Co-op discounts realised: ${saved}`).waitFor();
    // It hovered "(Food spending saved, $752k)$70.4k ▲Initial: $681k".
    expect(await hoverLast(app.page, 'Where B − A comes from', 'B − A', 2, f.finalWealthA + (f.spendA - f.spendInternalB - f.spendExternalB) / 2)).toBe(`Food spending saved: +${saved}`);
  });
  it('Shock test: the charts hover in dollars and percent, as the result cards', async () => {
    await gotoView(app.page, app.served.url + '/#/dashboard', 'Dashboard');
    await app.page.getByRole('tab', { name: 'Shock testing' }).click();
    await app.page.getByRole('button', { name: 'Test shock' }).click();
    await app.page.getByRole('heading', { name: 'Shock results' }).waitFor({ timeout: 60_000 });
    const pov = await traces(app.page, 'Poverty rate B: shocked vs baseline');
    const last = pov[1].y.length - 1;
    // It hovered "Shocked(82, 2)" for a poverty rate of 2.0%.
    expect(await hoverLast(app.page, 'Poverty rate B: shocked vs baseline', 'Shocked')).toBe(`Shocked(${last}, ${pov[1].y[last]!.toFixed(1)}%)`);
    const wealth = await traces(app.page, 'Average wealth B: shocked vs baseline');
    expect(await hoverLast(app.page, 'Average wealth B: shocked vs baseline', 'Shocked')).toBe(`Shocked(${last}, $${Math.round(wealth[1].y[last]!).toLocaleString('en-US')})`);
  });
  it('Analysis exports: file names carry the run id (runs of the same name no longer share them) and say whose members a set exports', async () => {
    const download = async (button: string) => {
      const [dl] = await Promise.all([app.page.waitForEvent('download'), app.page.getByRole('button', { name: button }).click()]);
      return { name: dl.suggestedFilename(), text: fs.readFileSync((await dl.path())!, 'utf8') };
    };
    await gotoView(app.page, app.served.url + '/#/analysis?run=2&tab=overview', 'Analysis');
    await app.page.locator('.verdict').waitFor({ timeout: 30_000 });
    // It was "Defaults_history.csv" (and "Custom_50_156_seed_42_…" for every default-sized custom run).
    const history = await download('Weekly history CSV');
    expect(history.name).toBe('run2_Defaults_history.csv');
    const rows = history.text.trim().split(/\r?\n/).map((l) => l.split(','));
    const doc = (await apiOp(app.page, 'runs.get', { id: 2 })).output.result;
    expect(Number(rows[rows.length - 1][rows[0].indexOf('AvgWealth_B')])).toBe(doc.final.AvgWealth_B.mean);
    await gotoView(app.page, app.served.url + '/#/analysis?run=4&tab=overview', 'Analysis');
    await app.page.locator('.verdict').waitFor({ timeout: 30_000 });
    // A set's members CSV holds run 0's members; it was named as the whole set's.
    expect((await download('Members CSV')).name).toBe('run4_MC_200_run0_members.csv');
    // A set's weekly history: means, named so, then the bands the charts draw (it held bare means under run-like names).
    const mc = (await apiOp(app.page, 'runs.get', { id: 4 })).output.result;
    const set = await download('Weekly history CSV');
    const [head, ...body] = set.text.trim().split(/\r?\n/).map((l) => l.split(','));
    expect(head[0]).toBe('Week');
    expect(head).toContain('AvgWealth_B_mean');
    expect(head).not.toContain('AvgWealth_B');
    const last = body[body.length - 1];
    expect(Number(last[head.indexOf('AvgWealth_B_mean')])).toBe(mc.weekly.AvgWealth_B[mc.weeks]);
    for (const q of ['p5', 'p50', 'p95'] as const) expect(Number(last[head.indexOf(`AvgWealth_B_${q}`)])).toBe(mc.bands.AvgWealth_B[q][mc.weeks]);
    expect(Number(body[10][head.indexOf('Gini_A_p95')])).toBe(mc.bands.Gini_A.p95[10]);
  });
  it('Key metrics: a wealth gap the metric leaves undefined says why, not a bare dash (the bottom 20% hold nothing)', async () => {
    const doc = (await apiOp(app.page, 'runs.get', { id: 3 })).output.result;
    expect(doc.final.WealthGap_A.mean).toBeNull();
    await gotoView(app.page, app.served.url + '/#/analysis?run=3&tab=overview', 'Analysis');
    const row = app.page.locator('table.key-metrics tr', { has: app.page.locator('th', { hasText: 'Wealth gap' }) });
    // Polled: the previous test's run (a Monte Carlo set, "6.0× p5–p95") can still be on screen for a moment.
    await expect.poll(() => row.locator('td').nth(1).textContent(), { timeout: 30_000 }).toBe('— (no ratio: the bottom 20% hold nothing)');
    const b = doc.final.WealthGap_B.mean;
    expect(await row.locator('td').nth(2).textContent()).toBe(b === null ? '— (no ratio: the bottom 20% hold nothing)' : `${b.toFixed(1)}×`);
  });
  it('Tables: a last year shorter than 52 weeks says which weeks its means and "year end" are of, as the report does', async () => {
    await gotoView(app.page, app.served.url + '/#/analysis?run=5&tab=tables', 'Analysis');
    const rows = app.page.locator('table', { hasText: 'Avg wealth A (year mean)' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    expect(await rows.nth(0).locator('td').first().textContent()).toBe('1');
    // It read "2" beside a "year end" total of week 100.
    expect(await rows.nth(1).locator('td').first().textContent()).toBe('2 (weeks 53–100)');
    const doc = (await apiOp(app.page, 'runs.get', { id: 5 })).output.result;
    expect(await rows.nth(1).locator('td').nth(3).textContent()).toBe(`$${Math.round(doc.weekly.TotalWealth_A[100]).toLocaleString('en-US')}`);
  });
});
