/**
 * Defects a cooperative analyst's first-launch review found (light and dark, 1280 × 800 and
 * 800 × 600, partly by keyboard): run pickers that pushed a narrow window sideways, Sensitivity
 * charts without their output's unit, tables scrolling in their box that the keyboard could not reach,
 * and Reports forgetting its picks and preview on navigation.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gotoView } from '../helpers/flows';
import { useApp } from '../helpers/app';
import { runCli } from '../helpers/cli';
import { axeSeriousViolations } from '../helpers/serve';

/** How far main's content reaches past main's own width (0: nothing scrolls sideways). */
const sideways = (page: Page) => page.evaluate(() => { const m = document.querySelector('main')!; return m.scrollWidth - m.clientWidth; });

describe('analyst review fixes (serve + Chromium)', () => {
  const app = useApp({
    prefix: 'wb-e2e-analyst-',
    page: { viewport: { width: 800, height: 600 }, colorScheme: 'dark' },
    before: async (dir) => {
      // A run named as a Monte Carlo set's default name reads: long, as an analyst's own names are.
      const r = await runCli(['--data-dir', dir, 'simulate', '--members', '20', '--weeks', '26', '--name', 'Strong Cooperation · 50×156 · 1184 of 2000 runs (cancelled) · seed 42 · second try']);
      expect(r.code, r.stderr).toBe(0);
    },
  });

  it('Reports and DoX at 800 × 600: a long run name in the Run picker does not push the page sideways', async () => {
    await gotoView(app.page, app.served.url + '/#/reports', 'Reports');
    const run = app.page.getByLabel('Run', { exact: true });
    await expect.poll(() => run.locator('option').count()).toBe(1);
    // The select took its longest option's width (1,100 px) and the page scrolled sideways.
    expect(await sideways(app.page)).toBeLessThanOrEqual(0);
    const mainRight = await app.page.evaluate(() => document.querySelector('main')!.getBoundingClientRect().right);
    expect((await run.boundingBox())!.x + (await run.boundingBox())!.width).toBeLessThanOrEqual(mainRight);

    await gotoView(app.page, app.served.url + '/#/dox', 'DoX');
    await expect.poll(() => app.page.locator('#dx-run option').count()).toBe(2);
    expect(await sideways(app.page)).toBeLessThanOrEqual(0);
    const box = (await app.page.locator('#dx-run').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(mainRight);
  });

  it('Sensitivity: the tornado\'s axis says the output\'s unit ($ for the wealth difference)', async () => {
    await app.page.setViewportSize({ width: 1280, height: 800 });
    try {
      await gotoView(app.page, app.served.url + '/#/sensitivity', 'Sensitivity');
      await app.page.getByLabel('Replicates').fill('2');
      await app.page.getByRole('button', { name: 'Run sensitivity' }).click();
      const fig = app.page.locator('figure.chart', { hasText: 'Tornado' });
      await expect.poll(() => fig.locator('.chart-area[data-ready="true"]').count(), { timeout: 60_000 }).toBe(1);
      // It read "Δ Wealth difference (B − A) vs baseline" over ticks 0 … 600k.
      expect(await fig.locator('.xtitle').textContent()).toBe('Δ Total wealth difference (B − A, $) vs baseline');
      // The bars' hover says Δ as the table does ("+$52,110"); d3's "~g" wrote "5.211e+4".
      const deltas = await fig.locator('.chart-area').evaluate((el) => (el as unknown as { data: { customdata?: string[]; hovertemplate: string }[] }).data.map((t) => [t.hovertemplate, ...(t.customdata ?? [])]));
      for (const [template, ...ds] of deltas) {
        expect(template).toBe('%{y} %{text}: Δ %{customdata}<extra></extra>');
        // Each bar is in one of the four traces (the nearer one drawn last); the others hold null.
        const shown = ds.filter((d) => d !== null);
        expect(shown.length).toBeGreaterThan(0);
        for (const d of shown) expect(d).toMatch(/^[+−]?\$[\d,]+$/);
      }
      // The 2-D grid's heatmap: its colour bar had no title, its chart title the parameters' code names.
      await app.page.getByRole('tab', { name: '2-D grid' }).click();
      await app.page.getByLabel('Replicates').fill('2');
      await app.page.getByRole('button', { name: 'Run grid' }).click();
      const heat = app.page.locator('figure.chart', { hasText: 'Heatmap of the mean output' });
      await expect.poll(() => heat.locator('.chart-area[data-ready="true"]').count(), { timeout: 60_000 }).toBe(1);
      expect(await heat.locator('.cbtitle').textContent()).toBe('Total wealth difference (B − A, $)');
      expect(await heat.getAttribute('aria-label')).toBe('Total wealth difference (B − A) over Share spent internally (co-op, fraction) × Group-buy savings (fraction)');
      // Its cells (and hover) read as the tables write numbers ("52,110", "0.262"): d3's "~s" wrote "52.1k" and a Gini of 0.262 as "262m".
      const heatTrace = await heat.locator('.chart-area').evaluate((el) => {
        const t = (el as unknown as { data: { text?: string[][]; texttemplate: string; hovertemplate: string }[] }).data[0];
        return { text: (t.text ?? []).flat(), texttemplate: t.texttemplate, hover: t.hovertemplate };
      });
      expect(heatTrace.texttemplate).toBe('%{text}');
      // The hover gives the cell's mean with its interval and Δ vs baseline, in the unit (analyst-walk-2).
      expect(heatTrace.hover).toMatch(/: %\{customdata\}<extra><\/extra>$/);
      expect(heatTrace.text.length).toBeGreaterThan(0);
      // In the metric's unit: dollars for the wealth difference ("$52,110").
      for (const c of heatTrace.text) expect(c).toMatch(/^−?\$\d{1,3}(,\d{3})*(\.\d+)?$/);
    } finally {
      await app.page.setViewportSize({ width: 800, height: 600 });
    }
  });

  it('Validation at 800 × 600 and Chain: a table that scrolls inside its box is a Tab stop, so the keyboard can scroll it', async () => {
    await gotoView(app.page, app.served.url + '/#/validation', 'Validation');
    await app.page.getByLabel('Monte Carlo runs').fill('10');
    await app.page.getByRole('button', { name: 'Run validation' }).click();
    const box = app.page.getByRole('region', { name: 'Confidence per component (scrolls)' });
    await box.waitFor({ timeout: 60_000 });
    // The eight-column table is wider than an 800 px window's main area, so it scrolls sideways…
    expect(await box.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
    // …and it held nothing focusable: Tab skipped it, so the arrow keys could not reach "Deciding rule".
    await app.page.getByRole('button', { name: 'Export report…' }).focus();
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await app.page.keyboard.press('Tab');
      reached = await box.evaluate((e) => e === document.activeElement);
    }
    expect(reached).toBe(true);
    await app.page.keyboard.press('ArrowRight');
    await expect.poll(() => box.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
    expect(await axeSeriousViolations(app.page)).toEqual([]);

    // Chain's recent-events table (30 rows in a 360 px box) likewise.
    await gotoView(app.page, app.served.url + '/#/chain', 'Chain');
    await app.page.getByRole('button', { name: 'Start node' }).click();
    await app.page.getByRole('button', { name: 'Deploy contracts' }).and(app.page.locator(':enabled')).waitFor({ timeout: 60_000 });
    await app.page.getByRole('button', { name: 'Deploy contracts' }).click();
    const events = app.page.getByRole('region', { name: 'Recent contract events (scrolls)' });
    await events.waitFor({ timeout: 60_000 });
    expect(await events.getAttribute('tabindex')).toBe('0');
    await app.page.getByRole('button', { name: 'Stop node' }).click();
  });

  it('Reports: the picked source and a generated preview are still there after visiting another section', async () => {
    await gotoView(app.page, app.served.url + '/#/reports', 'Reports');
    await app.page.getByLabel('Simulation run (1)').check();
    await app.page.getByRole('button', { name: 'Generate preview' }).click();
    const heading = app.page.getByRole('heading', { name: /^Preview: Simulation report/ });
    await heading.waitFor({ timeout: 60_000 });
    const nav = app.page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Settings', exact: true }).click();
    await app.page.locator('main h1', { hasText: 'Settings' }).waitFor();
    await nav.getByRole('link', { name: 'Reports', exact: true }).click();
    await app.page.locator('main h1', { hasText: 'Reports' }).waitFor();
    // Both were lost: the source fell back to the default and the preview (seconds to draw) was gone.
    expect(await app.page.getByLabel('Simulation run (1)').isChecked()).toBe(true);
    await heading.waitFor({ timeout: 2_000 });
    // Another source hides it: the preview belongs to the run it was made for.
    await app.page.getByLabel(/Validation report \(\d+\)/).check();
    await expect.poll(() => heading.count()).toBe(0);
  });
});
