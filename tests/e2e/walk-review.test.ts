/**
 * Defects a first-time user's walk through the app found (serve + Chromium), each fixed with this test.
 */
import { describe, expect, it } from 'vitest';
import { seedFireflyData, startMockFirefly, type MockFirefly } from '../mocks/firefly/server';
import { useApp } from '../helpers/app';
import { apiOp } from '../helpers/serve';

describe('first-time user walk (serve + Chromium)', () => {
  let mock: MockFirefly;
  const app = useApp({
    prefix: 'wb-e2e-walk-',
    before: async () => {
      mock = await startMockFirefly({ data: seedFireflyData({ groups: 40, end: '2026-06-30', days: 90, seed: 5 }) });
    },
    env: { FIREFLY_URL: '', FIREFLY_TOKEN: '', FIREFLY_TOKEN_FILE: '', WORKBENCH_FIREFLY_MIN_INTERVAL_MS: '0' },
    page: { viewport: { width: 1280, height: 900 } },
    after: () => mock?.close(),
  });

  it('Simulate with Contracts = hardhat and no node: the failure says what to do in the app, not on the command line', async () => {
    await app.page.goto(app.served.url + '/#/simulate');
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    await app.page.getByLabel('Number of members').fill('5');
    await app.page.getByLabel('Simulation duration (weeks)').fill('4');
    await app.page.getByLabel('Contracts').selectOption('hardhat');
    await app.page.getByRole('button', { name: 'Run simulation' }).click();
    const msg = app.page.getByTestId('sim-no-node');
    await msg.waitFor({ timeout: 30_000 });
    // It read: 'Run failed: --chain hardhat needs a running chain node: start one with "workbench chain up" (or Start in the Chain view)'.
    expect(await msg.textContent()).toBe(
      'Run failed: Contracts is set to hardhat, and no local Hardhat node is running. Start the node in the Chain view, or tick “use the model if no node runs” to mirror the run on the in-process model instead. Open the Chain view',
    );
    expect(await app.page.locator('main').textContent()).not.toContain('--chain');
    await msg.getByRole('button', { name: 'Open the Chain view' }).click();
    await app.page.locator('main h1', { hasText: 'Chain' }).waitFor();
  });

  it('Simulate with Contracts on: the adapter\'s size limits are said before the run, in the form\'s words', async () => {
    await app.page.goto(app.served.url + '/#/simulate');
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    await app.page.getByLabel('Contracts').selectOption('hardhat');
    await app.page.getByLabel('Number of members').fill('500');
    await app.page.getByLabel('Simulation duration (weeks)').fill('100');
    // It ran, and failed with 'chain: --chain hardhat supports at most 20000 member-weeks (500 × 100 = 50000)'.
    await app.page
      .getByRole('alert')
      .filter({ hasText: 'Contracts (hardhat) mirrors at most 20,000 member-weeks (members × weeks); this run has 500 × 100 = 50,000: lower Number of members or Simulation duration, use Contracts = model (up to 500,000), or set Contracts to off' })
      .waitFor();
    expect(await app.page.getByRole('button', { name: 'Run simulation' }).isDisabled()).toBe(true);
    await app.page.getByLabel('Contracts').selectOption('model');
    await app.page.getByLabel('Number of members').fill('2000');
    await app.page.getByRole('alert').filter({ hasText: 'Contracts (model) mirrors at most 1,000 members; Number of members is 2,000: lower it, or set Contracts to off' }).waitFor();
    await app.page.getByLabel('Contracts').selectOption('off');
    expect(await app.page.getByRole('button', { name: 'Run simulation' }).isDisabled()).toBe(false);
    await app.page.getByLabel('Number of members').fill('50');
    await app.page.getByLabel('Simulation duration (weeks)').fill('156');
  });

  it('Firefly: one warning is "1 warning", not "1 warning(s)"', async () => {
    await app.page.goto(app.served.url + '/#/firefly');
    await app.page.locator('main h1', { hasText: 'Firefly III' }).waitFor();
    await app.page.getByLabel('Firefly III address').fill(mock.url);
    await app.page.getByLabel('Personal Access Token').fill(mock.token);
    await app.page.getByRole('button', { name: 'Connect', exact: true }).click();
    await app.page.getByRole('status').filter({ hasText: 'Connected to Firefly III' }).waitFor();
    // A period before the data: nothing to calibrate from, which the sync warns about once.
    await app.page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await app.page.getByLabel('To', { exact: true }).fill('2020-01-31');
    await app.page.getByRole('button', { name: 'Sync now' }).click();
    const summary = app.page.locator('main details > summary', { hasText: /warning/ }).first();
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toBe('1 warning');
  });

  it('Analysis → Tables: the yearly mean Gini keeps three decimals (0.220, not 0.22)', async () => {
    // 20 members × 104 weeks, seed 4: year 1's mean Gini A and B are 0.220 and 0.200.
    const r = (await apiOp(app.page, 'sim.run', { runs: 1, seed: 4, params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 104 }, name: 'Yearly Gini' })) as { output?: { runId: number }; runId?: number };
    const id = (r.output ?? r).runId as number;
    await app.page.goto(app.served.url + `/#/analysis?run=${id}&tab=tables`);
    const table = app.page.getByRole('table', { name: /Yearly averages/ });
    await table.waitFor();
    const gini = await table.locator('tbody tr').evaluateAll((rows) => rows.map((tr) => [...tr.querySelectorAll('td')].slice(-2).map((td) => td.textContent)));
    expect(gini[0]).toEqual(['0.220', '0.200']);
    for (const row of gini) for (const cell of row) expect(cell).toMatch(/^\d\.\d{3}$/);
  });

  it('Sensitivity: the values of every chosen parameter show whole in their field, wide or narrow window', async () => {
    await app.page.goto(app.served.url + '/#/sensitivity');
    await app.page.locator('main h1', { hasText: 'Sensitivity' }).waitFor();
    await app.page.getByRole('tab', { name: 'One at a time' }).click();
    // At 1280 px "0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8" showed as "0.1, 0.2, 0.3, 0.4, 0.5," (a 170 px field).
    for (const width of [1280, 1024, 900]) {
      await app.page.setViewportSize({ width, height: 900 });
      const cut = await app.page.locator('.sens-row input[aria-label^="Values for"]:not([disabled])').evaluateAll((els) =>
        els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => `${e.getAttribute('aria-label')}: ${(e as HTMLInputElement).value}`),
      );
      expect(cut, `at ${width} px`).toEqual([]);
    }
    await app.page.setViewportSize({ width: 1280, height: 900 });
  });

  it('Sensitivity: a value list\'s example is built around the Simulate editor\'s value, not the default', async () => {
    await app.page.goto(app.served.url + '/#/simulate');
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    const income = app.page.getByLabel('Average weekly income ($)');
    const was = await income.inputValue();
    await income.fill('120');
    await app.page.goto(app.served.url + '/#/sensitivity');
    await app.page.locator('main h1', { hasText: 'Sensitivity' }).waitFor();
    await app.page.getByRole('tab', { name: 'One at a time' }).click();
    // It said "e.g. 75, 150, 300" (around the default $150) while the base income was $120.
    await expect.poll(() => app.page.getByLabel('Values for Average weekly income ($)').getAttribute('placeholder')).toBe('e.g. 60, 120, 240');
    await app.page.goto(app.served.url + '/#/simulate');
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    await app.page.getByLabel('Average weekly income ($)').fill(was);
  });

  it('Dashboard: growth per year says when it is extrapolated from less than a year', async () => {
    const short = (await apiOp(app.page, 'sim.run', { runs: 1, seed: 5, params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 12 }, name: 'Twelve weeks' })) as { output?: { runId: number }; runId?: number };
    await app.page.goto(app.served.url + `/#/dashboard?run=${(short.output ?? short).runId}`);
    // 12 weeks: the second half is 6 weeks, scaled up to a year (it showed a bare 300 %-odd).
    await expect.poll(() => app.page.getByTestId('growth-note').textContent()).toBe('extrapolated from 6 weeks to a year');
    const long = (await apiOp(app.page, 'sim.run', { runs: 1, seed: 5, params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 104 }, name: 'Two years' })) as { output?: { runId: number }; runId?: number };
    await app.page.goto(app.served.url + `/#/dashboard?run=${(long.output ?? long).runId}`);
    await app.page.getByText('Two years').first().waitFor();
    await app.page.locator('.card', { hasText: 'Growth per year' }).waitFor();
    await expect.poll(() => app.page.getByTestId('growth-note').count()).toBe(0);
  });

  it('Compare: renaming a run keeps the history inside its box (the Created dates ran under the Actions)', async () => {
    // A wide Kind ("MC 20,000/20,000") beside a long name, as a cancelled Monte Carlo set has.
    const r = (await apiOp(app.page, 'sim.run', { runs: 20000, seed: 3, params: { NUM_MEMBERS: 5, SIMULATION_WEEKS: 4 }, name: 'Economic Downturn · 50×156 · 6,976 of 20,000 runs (cancelled) · seed 42', tags: ['economic-downturn'] })) as { output?: { runId: number }; runId?: number };
    const id = (r.output ?? r).runId as number;
    // Another row keeps its Open/Edit/Delete beside the one being renamed.
    await apiOp(app.page, 'sim.run', { runs: 1, seed: 3, params: { NUM_MEMBERS: 5, SIMULATION_WEEKS: 4 }, name: 'Other' });
    // 1265 px: a 1280 px window with a classic scrollbar, which the test browser hides.
    await app.page.setViewportSize({ width: 1265, height: 900 });
    await app.page.goto(app.served.url + '/#/compare');
    await app.page.locator('main h1', { hasText: 'Compare' }).waitFor();
    const box = app.page.locator('.table-scroll').first();
    await app.page.getByRole('button', { name: `Edit run ${id}` }).click();
    await app.page.getByLabel(`New name for run ${id}`).waitFor();
    expect(await box.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    // Every date stays inside its cell.
    const dates = await box.locator('td.small').evaluateAll((tds) => tds.map((td) => { const r = document.createRange(); r.selectNodeContents(td); return r.getBoundingClientRect().right - td.getBoundingClientRect().right; }));
    for (const d of dates) expect(d).toBeLessThanOrEqual(1);
    await app.page.keyboard.press('Escape');
    await app.page.setViewportSize({ width: 1280, height: 900 });
  });

  it('A failed run opens in Analysis and the Dashboard with why it has no results (both views crashed on it)', async () => {
    // Contracts = hardhat with no node: the run is stored as failed, its result { error }.
    await apiOp(app.page, 'sim.run', { runs: 1, seed: 2, params: { NUM_MEMBERS: 5, SIMULATION_WEEKS: 4 }, chain: 'hardhat', name: 'Failed on purpose' });
    const list = (await apiOp(app.page, 'runs.list', { limit: 1 })) as { output: { id: number; status: string; name: string }[] };
    const failed = list.output[0];
    expect([failed.name, failed.status]).toEqual(['Failed on purpose', 'failed']);
    for (const [url, testId] of [[`/#/analysis?run=${failed.id}&tab=overview`, 'run-no-results'], [`/#/dashboard?run=${failed.id}`, 'dash-no-results'], ['/#/analysis', 'run-no-results'], ['/#/dashboard', 'dash-no-results']] as const) {
      await app.page.goto(app.served.url + url);
      // It read "Something went wrong in this view: Cannot read properties of undefined (reading 'AvgWealth_A')".
      const note = app.page.getByTestId(testId);
      await note.waitFor();
      expect(await note.textContent()).toContain(`Run #${failed.id}`);
      expect(await note.textContent()).toContain('has no results (status failed): Contracts was set to hardhat, and no local Hardhat node was running: start one in the Chain view.');
      expect(await app.page.getByText('Something went wrong in this view').count()).toBe(0);
    }
  });
});
