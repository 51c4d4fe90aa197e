/**
 * Defects a new analyst's first hour in Chromium found: what a reload keeps on Simulate and Monte
 * Carlo, and a single run's views naming a member-run index ("run 0") the run history never shows.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app';
import { runCli } from '../helpers/cli';
import { gotoView } from '../helpers/flows';
import { apiOp } from '../helpers/serve';

/** The cards' labels as shown: each label's text without its tooltip's (screen-reader) text. */
const cardLabels = (p: Page) =>
  p.locator('main .cards .card .label').evaluateAll((ls) =>
    ls.map((l) => {
      const c = l.cloneNode(true) as HTMLElement;
      c.querySelectorAll('.tip-text').forEach((t) => t.remove());
      return (c.textContent ?? '').trim();
    }),
  );

describe('a first hour in the app (serve + Chromium)', () => {
  const app = useApp({
    prefix: 'wb-e2e-first-hour-',
    page: { viewport: { width: 1280, height: 900 } },
    before: async (dir) => {
      // #1 a single run, #2 a small Monte Carlo set.
      for (const args of [['--name', 'One run'], ['--runs', '4', '--name', 'Four runs']]) {
        const r = await runCli(['--data-dir', dir, 'simulate', '--members', '30', '--weeks', '52', ...args]);
        expect(r.code, r.stderr).toBe(0);
      }
    },
  });

  it('Token flows of a single run say "this run", not "run 0"; a set names its representative run', async () => {
    const p = app.page;
    await gotoView(p, app.served.url + '/#/analysis?run=1&tab=flows', 'Analysis');
    const note = p.locator('main p', { hasText: 'Cumulative flows of' });
    await note.waitFor({ timeout: 30_000 });
    await expect.poll(() => note.textContent(), { timeout: 15_000 }).toContain('Cumulative flows of this run over 52 weeks for all 30 members.');

    await gotoView(p, app.served.url + '/#/analysis?run=2&tab=flows', 'Analysis');
    await p.locator('main p', { hasText: 'Cumulative flows of run' }).waitFor({ timeout: 30_000 });
    expect(await p.locator('main p', { hasText: 'Cumulative flows of' }).textContent()).toMatch(/Cumulative flows of run \d of the set over 52 weeks for all 30 members\./);
  });

  it('Math validation of a single run labels its card "Actual D", without a run index', async () => {
    const p = app.page;
    await gotoView(p, app.served.url + '/#/analysis?run=1&tab=validation', 'Analysis');
    // Polled: the previous test's run (a set) may still be on screen for a moment.
    await expect.poll(() => cardLabels(p), { timeout: 15_000 }).toContain('Actual D');
    expect((await cardLabels(p)).join(' | ')).not.toMatch(/\(run \d+/);

    await gotoView(p, app.served.url + '/#/analysis?run=2&tab=validation', 'Analysis');
    await expect.poll(async () => (await cardLabels(p)).find((t) => t.startsWith('Actual D')), { timeout: 15_000 }).toMatch(/^Actual D \(run \d of the set\)$/);
  });

  it('a reload keeps the seed, runs and name typed on Simulate, and the runs, workers and seed on Monte Carlo', async () => {
    const p = app.page;
    await gotoView(p, app.served.url + '/#/simulate', 'Simulate');
    await p.locator('#param-NUM_MEMBERS').fill('40');
    await p.getByLabel('Seed', { exact: true }).fill('7');
    await p.getByLabel('Runs', { exact: true }).fill('3');
    await p.locator('#sim-name').fill('my try');
    await p.reload();
    await p.locator('main h1', { hasText: 'Simulate' }).waitFor();
    // The parameter edit was kept before; the run settings beside it went back to 42, 1 and empty.
    expect(await p.locator('#param-NUM_MEMBERS').inputValue()).toBe('40');
    expect(await p.getByLabel('Seed', { exact: true }).inputValue()).toBe('7');
    expect(await p.getByLabel('Runs', { exact: true }).inputValue()).toBe('3');
    expect(await p.locator('#sim-name').inputValue()).toBe('my try');

    await gotoView(p, app.served.url + '/#/montecarlo', 'Monte Carlo');
    await p.getByLabel('Runs', { exact: true }).fill('50');
    await p.getByLabel('Workers', { exact: true }).fill('1');
    await p.getByLabel('Seed', { exact: true }).fill('9');
    await p.reload();
    await p.locator('main h1', { hasText: 'Monte Carlo' }).waitFor();
    expect(await p.getByLabel('Runs', { exact: true }).inputValue()).toBe('50');
    expect(await p.getByLabel('Workers', { exact: true }).inputValue()).toBe('1');
    expect(await p.getByLabel('Seed', { exact: true }).inputValue()).toBe('9');
  });

  it('Simulate: Enter in a parameter field runs the simulation, as in Seed; Escape there cancels it', async () => {
    const p = app.page;
    await gotoView(p, app.served.url + '/#/simulate', 'Simulate');
    await p.getByLabel('Runs', { exact: true }).fill('40');
    await p.locator('#param-SIMULATION_WEEKS').fill('520');
    const members = p.locator('#param-NUM_MEMBERS');
    await members.fill('2000');
    const req = p.waitForRequest((r) => r.url().endsWith('/api/op/sim.run'));
    await members.press('Enter');
    // Enter there did nothing: the run bar's form (Seed, Runs, Name) was the only one.
    const input = JSON.parse((await req).postData() ?? '{}').input;
    expect(input.params.NUM_MEMBERS).toBe(2000);
    expect(input.runs).toBe(40);
    await p.getByRole('group', { name: 'Simulation progress' }).getByText(/ \/ 40 runs/).waitFor({ timeout: 30_000 });
    // Focus stays in the field, where Escape cancels the run (as it does in Seed or Runs).
    expect(await members.evaluate((e) => e === document.activeElement)).toBe(true);
    await members.press('Escape');
    // The set is stored as cancelled (with the runs it kept, Simulate then opens it in Analysis).
    const newest = async () => ((await apiOp(p, 'runs.list', { limit: 1 })).output as { status: string; runs: number }[])[0];
    await expect.poll(async () => (await newest()).status, { timeout: 30_000 }).toBe('cancelled');
    expect((await newest()).runs).toBe(40);
  });

  it('after a reload mid-run, Simulate and Monte Carlo say the run is still running and open it in Analysis', async () => {
    const p = app.page;
    await gotoView(p, app.served.url + '/#/simulate', 'Simulate');
    await p.locator('#param-NUM_MEMBERS').fill('2000');
    await p.locator('#param-SIMULATION_WEEKS').fill('520');
    await p.getByLabel('Runs', { exact: true }).fill('300');
    await p.locator('#sim-name').fill('long set');
    await p.getByRole('button', { name: 'Run simulation' }).click();
    await p.getByRole('group', { name: 'Simulation progress' }).getByText(/ \/ 300 runs/).waitFor({ timeout: 30_000 });
    await p.reload();
    await p.locator('main h1', { hasText: 'Simulate' }).waitFor();
    // The page looked idle (Run simulation enabled, no progress) while the set went on.
    const note = p.getByTestId('still-running');
    await note.waitFor({ timeout: 10_000 });
    expect(await note.textContent()).toMatch(/^Run #\d+ “long set” is still running \([\d,]+ of 300 runs done\)\. Analysis follows it and can cancel it\./);
    await gotoView(p, app.served.url + '/#/montecarlo', 'Monte Carlo');
    await p.getByTestId('still-running').waitFor({ timeout: 10_000 });
    await p.getByRole('button', { name: /^Open run #\d+ in Analysis$/ }).click();
    await p.locator('main h1', { hasText: 'Analysis' }).waitFor();
    await p.getByRole('button', { name: /^Cancel/ }).first().click();
    await expect.poll(async () => ((await apiOp(p, 'runs.list', {})).output as { name: string; status: string }[]).find((r) => r.name === 'long set')?.status, { timeout: 30_000 }).toBe('cancelled');
    // Nothing runs any more: the note goes away (it is read when the page opens).
    await gotoView(p, app.served.url + '/#/simulate', 'Simulate');
    await p.locator('main h1', { hasText: 'Simulate' }).waitFor();
    await p.waitForTimeout(500);
    expect(await p.getByTestId('still-running').count()).toBe(0);
  });

  it('Monte Carlo: the intro names the seed it will use, and does not echo an invalid one', async () => {
    const p = app.page;
    await gotoView(p, app.served.url + '/#/montecarlo', 'Monte Carlo');
    const intro = p.locator('main p.muted', { hasText: 'independent random streams' });
    const seed = p.getByLabel('Seed', { exact: true });
    await seed.fill('17');
    await expect.poll(() => intro.textContent()).toContain('(seed 17, run indices 0…N−1)');
    for (const bad of ['1.5', 'abc']) {
      await seed.fill(bad);
      await p.getByText(`Seed must be an integer between 0 and 9,007,199,254,740,991; got “${bad}”`).waitFor();
      // It read "(seed 1.5, …)" and "(seed NaN, …)" above the error saying the seed is refused.
      expect(await intro.textContent()).toContain('(from the seed below, run indices 0…N−1)');
    }
  });
});
