// Analysis of an Economic Downturn run (income 1.5× the food budget): the math check calls it a
// downturn, not a severe one (that is below 1.3, the Severe Economic Downturn preset's 1.25), the
// wealth gap keeps its decimal ("4.0×", not "4×"), and chart hovers carry units.
import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { apiOp } from '../../helpers/serve';

describe('Analysis wording for downturn runs (serve mode)', () => {
  const app = useApp({ page: { viewport: { width: 1400, height: 1000 } } });

  it('names the band by the math test’s own thresholds, and shows the wealth gap with one decimal', async () => {
    const run = (await apiOp(app.page, 'sim.run', { params: { NUM_MEMBERS: 40, SIMULATION_WEEKS: 52, WEEKLY_INCOME_AVG: 120, WEEKLY_FOOD_BUDGET_AVG: 80 }, seed: 5, name: 'downturn' })) as { ok: boolean; output: { runId: number } };
    expect(run.ok).toBe(true);
    await app.page.goto(`${app.served.url}/#/analysis?run=${run.output.runId}`);
    await app.page.getByRole('tab', { name: 'Overview' }).waitFor();
    const gap = app.page.getByRole('row', { name: /Wealth gap/ });
    const cells = await gap.locator('td').allInnerTexts();
    const ratios = cells.filter((c) => c.includes('×'));
    expect(ratios.length).toBeGreaterThanOrEqual(2);
    for (const c of ratios) expect(c).toMatch(/^[+−]?\d+(,\d{3})*\.\d×/);
    // Hovers carry the chart's unit and precision (a poverty rate hovered as "(153, 3)").
    await app.page.getByRole('tab', { name: 'Charts' }).click();
    const templates = (title: string) =>
      app.page.locator('figure.chart', { hasText: title }).locator('.js-plotly-plot').evaluate((gd) => (gd as unknown as { data: { hovertemplate?: string }[] }).data.map((t) => t.hovertemplate ?? ''));
    await app.page.locator('figure.chart', { hasText: 'Poverty rate' }).locator('.chart-area[data-ready="true"]').waitFor({ timeout: 30_000 });
    for (const t of await templates('Poverty rate')) expect(t).toMatch(/^\(%\{x\}, %\{y:\.1f\}%\)<extra>Poverty [AB]<\/extra>$/);
    for (const t of await templates('Wealth inequality (Gini)')) expect(t).toContain('%{y:.3f}');
    for (const t of await templates('Average member wealth')) expect(t).toContain('%{y:$,.0f}');
    await app.page.getByRole('tab', { name: 'Math validation' }).click();
    const note = app.page.getByRole('note').filter({ hasText: /downturn/i });
    await note.waitFor();
    expect(await note.textContent()).toMatch(/^Economic downturn: income is only 1\.5× the food budget/);
  });
});
