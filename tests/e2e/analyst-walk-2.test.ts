/**
 * Defects a second analyst's walk found in Sensitivity, Projections and Validation by checking the
 * app's numbers against the CLI (`sweep`, `sensitivity`, `projections validate`, `validate`, each
 * with --json) for the same seed, replicates and values.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gotoView } from '../helpers/flows';
import { useApp } from '../helpers/app';
import { runCli } from '../helpers/cli';
import { money, signed } from '../../src-renderer/analytics/format';
import { SCENARIO_COLORS } from '../../src-shared/sim/colors';

interface MeanCI { mean: number; lo: number; hi: number }
interface Oat { parameters: { param: string; points: { value: number; diff: MeanCI }[] }[] }
interface Sweep { confidence: number; replicates: number; baseline: MeanCI; points: { kind: string; overrides: Record<string, number>; stats: MeanCI; diff: MeanCI; percentChange: number }[] }

describe('analyst walk 2 (serve + Chromium)', () => {
  const app = useApp({ prefix: 'wb-e2e-walk2-', page: { viewport: { width: 1280, height: 900 } } });

  it('Sensitivity → 2-D grid: every cell shows the CLI sweep’s mean, interval and paired difference, in dollars, in the table and the hover', async () => {
    const r = await runCli(['--data-dir', app.dir, '--json', 'sweep', '--vary', 'GROUP_BUY_SAVINGS_PERCENT=0.05,0.25', '--vary', 'PERCENT_SPEND_INTERNAL_AVG=0.2,0.6,0.8', '--replicates', '3', '--seed', '42']);
    expect(r.code, r.stderr).toBe(0);
    const cli = JSON.parse(r.stdout) as Sweep;
    const cells = cli.points.filter((p) => p.kind === 'grid');
    expect(cells).toHaveLength(6);

    const page = app.page;
    await gotoView(page, app.served.url + '/#/sensitivity', 'Sensitivity');
    await page.getByRole('tab', { name: '2-D grid' }).click();
    await page.locator('#grid-px').selectOption('PERCENT_SPEND_INTERNAL_AVG');
    await page.locator('#grid-py').selectOption('GROUP_BUY_SAVINGS_PERCENT');
    await page.locator('#grid-vx').fill('0.2, 0.6, 0.8');
    await page.locator('#grid-vy').fill('0.05, 0.25');
    await page.locator('#grid-reps').fill('3');
    await page.getByRole('button', { name: 'Run grid' }).click();
    await page.locator('#grid-res').waitFor({ timeout: 60_000 });

    // The baseline the differences are paired with, with its interval (the page had none).
    const b = cli.baseline;
    expect(await page.getByTestId('grid-baseline').innerText()).toBe(`Baseline Total wealth difference (B − A): ${money(b.mean)} (95% CI ${money(b.lo)} – ${money(b.hi)}, 3 replicates per cell).`);

    // One row per cell, as the CLI's sweep table: the page showed only the heatmap's rounded means.
    const rows = await page.getByTestId('grid-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    expect(rows).toEqual(
      cells.map((c) => [
        String(c.overrides.GROUP_BUY_SAVINGS_PERCENT),
        String(c.overrides.PERCENT_SPEND_INTERNAL_AVG),
        money(c.stats.mean),
        `${money(c.stats.lo)} – ${money(c.stats.hi)}`,
        signed(c.diff.mean, money),
        `${money(c.diff.lo)} – ${money(c.diff.hi)}`,
        signed(c.percentChange, (v) => `${(v * 100).toFixed(1)}%`),
      ]),
    );
    // The first cell, 0.05 × 0.2, is the CLI's 17772.2 (95% CI 14960.4 … 20583.9), −48323.2 vs the baseline.
    expect(rows[0].slice(2, 5)).toEqual(['$17,772', '$14,960 – $20,584', '−$48,323']);

    // The hover names the unit and the interval of the cell (it read a bare "17,772").
    const area = page.locator('figure.chart', { hasText: 'over Share spent internally' }).locator('.chart-area[data-ready="true"]');
    await area.waitFor({ timeout: 30_000 });
    await area.scrollIntoViewIfNeeded();
    const pos = await area.evaluate((el) => {
      type Ax = { d2p: (v: string) => number };
      const L = (el as unknown as { _fullLayout: { xaxis: Ax; yaxis: Ax; _size: { l: number; t: number } } })._fullLayout;
      const rect = el.getBoundingClientRect();
      return { x: rect.left + L._size.l + L.xaxis.d2p('0.2'), y: rect.top + L._size.t + L.yaxis.d2p('0.05') };
    });
    await page.mouse.move(pos.x, pos.y);
    const hover = area.locator('.hoverlayer .hovertext');
    await hover.first().waitFor();
    expect((await hover.allTextContents()).join(' | ')).toBe(
      `Share spent internally (co-op, fraction) 0.2, Group-buy savings (fraction) 0.05: mean $17,772 (95% CI $14,960 – $20,584); Δ vs baseline −$48,323`,
    );
  });
  it('Sensitivity → One at a time: when both values move the output the same way, the tornado shows both bars (the shorter one was drawn under the longer)', async () => {
    const r = await runCli(['--data-dir', app.dir, '--json', 'sensitivity', '--vary', 'GROUP_BUY_SAVINGS_PERCENT=0.2,0.25', '--vary', 'NUM_MEMBERS=20,40', '--replicates', '3', '--seed', '42']);
    expect(r.code, r.stderr).toBe(0);
    const cli = JSON.parse(r.stdout) as Oat;
    const gb = cli.parameters.find((p) => p.param === 'GROUP_BUY_SAVINGS_PERCENT')!.points;
    const nm = cli.parameters.find((p) => p.param === 'NUM_MEMBERS')!.points;
    // Both group-buy values raise the difference, both member counts lower it (seed 42: +$8,313 and +$16,645; −$38,634 and −$13,687).
    expect(gb.map((q) => Math.sign(q.diff.mean))).toEqual([1, 1]);
    expect(nm.map((q) => Math.sign(q.diff.mean))).toEqual([-1, -1]);

    const page = app.page;
    await gotoView(page, app.served.url + '/#/sensitivity', 'Sensitivity');
    await page.getByRole('tab', { name: 'One at a time' }).click();
    for (const cb of await page.locator('.sens-row input[type=checkbox]').all()) if (await cb.isChecked()) await cb.uncheck();
    await page.locator('#sens-on-GROUP_BUY_SAVINGS_PERCENT').check();
    await page.locator('#sens-on-GROUP_BUY_SAVINGS_PERCENT ~ input').fill('0.2, 0.25');
    await page.locator('#sens-on-NUM_MEMBERS').check();
    await page.locator('#sens-on-NUM_MEMBERS ~ input').fill('20, 40');
    await page.locator('#sens-reps').fill('3');
    await page.getByRole('button', { name: 'Run sensitivity' }).click();
    const area = page.locator('figure.chart', { hasText: 'Tornado' }).locator('.chart-area[data-ready="true"]');
    await area.waitFor({ timeout: 60_000 });
    await area.scrollIntoViewIfNeeded();

    // What is drawn at the middle of each bar (the colour of the bar on top there), and its hover.
    const rows = [
      { label: 'Group-buy savings (fraction) (0.2 – 0.25)', points: gb },
      { label: 'Number of members (20 – 40)', points: nm },
    ];
    for (const row of rows) {
      for (const q of row.points) {
        const pos = await area.evaluate(
          (el, [label, x]) => {
            type Ax = { d2p: (v: number | string) => number };
            const L = (el as unknown as { _fullLayout: { xaxis: Ax; yaxis: Ax; _size: { l: number; t: number } } })._fullLayout;
            const rect = el.getBoundingClientRect();
            return { x: rect.left + L._size.l + L.xaxis.d2p(x), y: rect.top + L._size.t + L.yaxis.d2p(label) + 20 };
          },
          // A point only this bar covers: half its length if it is the nearer bar, else between the ends.
          [row.label, at(q.diff.mean, row.points.map((p) => p.diff.mean))] as const,
        );
        // Plotly's drag layer covers the plot, so: the last bar drawn (document order) over the point.
        const fill = await area.evaluate((el, [x, y]) => {
          const under = Array.from(el.querySelectorAll('.trace.bars .point path')).filter((b) => {
            const r = b.getBoundingClientRect();
            return r.width > 0 && r.left <= x && x <= r.right && r.top <= y && y <= r.bottom;
          });
          return under.length ? getComputedStyle(under[under.length - 1]).fill : null;
        }, [pos.x, pos.y] as const);
        const lowest = q.diff.mean === Math.min(...row.points.map((p) => p.diff.mean));
        // The lowest effect is drawn in A's colour, the highest in B's; the nearer bar on top.
        expect(fill, `${row.label} at ${q.value}`).toBe(hexToRgb(lowest ? SCENARIO_COLORS.A : SCENARIO_COLORS.B));
        await page.mouse.move(pos.x, pos.y);
        const hover = area.locator('.hoverlayer .hovertext');
        await hover.first().waitFor();
        expect((await hover.allTextContents()).join(' | ')).toBe(`${row.label} at ${q.value}: Δ ${signed(q.diff.mean, money)}`);
        await page.mouse.move(0, 0);
      }
    }
    // The table writes each Δ as the hover does, signed ("0.25: +$16,645 …"; it read "0.25: $16,645").
    const lines = await page.locator('table.coef-table tbody td.small div').allInnerTexts();
    for (const row of rows) for (const q of row.points) expect(lines.filter((l) => l.startsWith(`${q.value}: ${signed(q.diff.mean, money)} [`))).toHaveLength(1);
  });
});

/** Where to look at the bar ending at `d` among a parameter's bars ending at `ds` (all on one side). */
function at(d: number, ds: number[]): number {
  const nearer = ds.filter((e) => Math.abs(e) < Math.abs(d));
  return nearer.length ? (d + nearer.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a))) / 2 : d / 2;
}

function hexToRgb(hex: string): string {
  const n = parseInt(hex.replace('#', ''), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

describe('analyst walk 2: Projections (serve + Chromium)', () => {
  const app = useApp({ prefix: 'wb-e2e-walk2p-', page: { viewport: { width: 1280, height: 900 } } });

  it('Projections → Monte Carlo: the table matches `projections validate --runs 500 --json`, and a cancel is a status, not an error', async () => {
    const r = await runCli(['--data-dir', app.dir, '--json', 'projections', 'validate', '--model', 'Community Token Pre-Order System', '--runs', '500', '--seed', '42']);
    expect(r.code, r.stderr).toBe(0);
    const page = app.page;
    await gotoView(page, app.served.url + '/#/projections', 'Projections');
    const form = page.getByRole('form', { name: 'Monte Carlo settings' });
    await form.getByLabel('Model').selectOption({ label: 'Community Token Pre-Order System' });
    await form.getByLabel('Runs', { exact: true }).fill('500');
    await form.getByLabel('Seed').fill('42');
    await form.getByRole('button', { name: 'Run Monte Carlo' }).click();
    const results = page.getByTestId('mc-results');
    await results.waitFor({ timeout: 60_000 });
    // The CLI prints the same row: $48,342 $99,626 $194,329, BE p50 6.5 mo, 65.8% 100.0% 94.0% 94.0%.
    const mc = (JSON.parse(r.stdout) as { monteCarlo: { totalRevenue: { value: number }[]; breakEvenWeek: { months: number }[]; neverBreakEvenShare: number; probabilities: Record<string, number> }[] }).monteCarlo[0];
    const p = mc.probabilities;
    const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
    const row = await results.locator('tbody tr').first().locator('th, td').allInnerTexts();
    expect(row).toEqual(['Community Token Pre-Order System', '500', ...mc.totalRevenue.map((t) => money(t.value)), ...mc.breakEvenWeek.map((b) => `${b.months.toFixed(1)} mo`), pc(mc.neverBreakEvenShare), pc(p.year5Revenue), pc(p.roi), pc(p.breakEven), pc(p.success)]);
    expect(row.slice(2)).toEqual(['$48,342', '$99,626', '$194,329', '5.1 mo', '6.5 mo', '8.3 mo', '0.0%', '65.8%', '100.0%', '94.0%', '94.0%']);

    // A long set, cancelled: the user's own act reads as a status; the previous results stay.
    // (all five models × 20,000 runs: long enough to press Cancel on a busy machine).
    await form.getByLabel('Model').selectOption({ label: 'All models' });
    await form.getByLabel('Runs', { exact: true }).fill('20000');
    await form.getByRole('button', { name: 'Run Monte Carlo' }).click();
    await page.getByRole('button', { name: /^Cancel/ }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Cancelled' }).allInnerTexts(), { timeout: 30_000 }).toEqual(['Cancelled: nothing was kept; the results below are from the previous run.']);
    expect(await page.locator('main [role="alert"]').filter({ hasText: 'cancelled' }).count()).toBe(0);
    expect(await results.locator('tbody tr').first().locator('td').first().innerText()).toBe('500');
  });
  it('Validation takes the statistical gate z, as `validate --z` does: a bad z is named with its range, a good one is used and shown', async () => {
    await gotoView(app.page, app.served.url + '/#/validation', 'Validation');
    const z = app.page.getByLabel('Tolerance z', { exact: true });
    expect(await z.inputValue()).toBe('3');
    await z.fill('7');
    expect(await app.page.locator('#val-z-err').textContent()).toBe('Tolerance z must be a number between 1 and 6; got “7”');
    expect(await app.page.getByRole('button', { name: 'Run validation' }).isDisabled()).toBe(true);
    await z.fill('2.5');
    await app.page.locator('#val-runs').fill('10');
    await app.page.getByRole('button', { name: 'Run validation' }).click();
    const summary = app.page.getByTestId('validation-summary');
    await expect.poll(() => summary.textContent(), { timeout: 120_000 }).toMatch(/10 runs, z 2\.5/);
    const report = (await app.page.evaluate(async () => (await fetch('/api/op/validation.get', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { id: 'latest' } }) })).json())) as { output: { result: { inputs: { z: number; runs: number } } } };
    expect(report.output.result.inputs).toMatchObject({ z: 2.5, runs: 10 });
  });
});
