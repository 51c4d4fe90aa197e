import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { apiOp } from '../../helpers/serve';

/**
 * A Monte Carlo set's result: a cancel that kept runs is a neutral status (it was an amber warning,
 * unlike every other cancel), and Analysis's line under a finished set's name does not count its runs
 * again ("Custom · 50×156 · 3 runs · seed 42 · Monte Carlo, 3 of 3 runs").
 */
describe('Monte Carlo cancel status and set header (serve + Chromium)', () => {
  const app = useApp({ page: { viewport: { width: 1280, height: 800 } } });

  it('a finished set: the header under its name says the run count once', async () => {
    await app.page.goto(app.served.url + '/#/montecarlo');
    await app.page.getByLabel('Runs').fill('3');
    await app.page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Done: 3 runs' }).waitFor({ timeout: 60_000 });
    await app.page.getByRole('button', { name: 'Open full analysis' }).click();
    const header = app.page.locator('main').getByText(/· Monte Carlo/).first();
    // Wait for the set's name (the line says the count itself until the run list has loaded).
    await expect.poll(() => header.textContent(), { timeout: 30_000 }).toContain('Custom · 50×156 · 3 runs · seed 42');
    const text = (await header.textContent()) ?? '';
    expect(text).not.toContain('3 of 3 runs');
  });

  it('a cancel that kept runs is a neutral status, not a warning', async () => {
    await app.page.goto(app.served.url + '/#/montecarlo');
    await app.page.getByLabel('Runs').fill('100000');
    await app.page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    const group = app.page.getByRole('group', { name: 'Monte Carlo progress' });
    // "1,234 / 100,000 runs": the counts are grouped.
    const progressed = async () => Number((/^([\d,]+) \/ 100,000 runs/.exec((await group.getByRole('status').textContent()) ?? '')?.[1] ?? '0').replace(/,/g, ''));
    await expect.poll(progressed, { timeout: 60_000 }).toBeGreaterThan(50);
    // Some runs finished (the count is of runs done), so the cancel keeps them: "Cancelled: kept N of 100,000 runs".
    await group.getByRole('button', { name: 'Cancel (keep finished runs)' }).click();
    const done = app.page.getByRole('status').filter({ hasText: /^Cancelled: kept \d{1,3}(,\d{3})* of 100,000 runs\./ });
    await done.waitFor({ timeout: 60_000 });
    const cls = (await done.getAttribute('class')) ?? '';
    expect(cls).toContain('callout info');
    expect(cls).not.toContain('warn');
    expect(await app.page.locator('main [role=alert]').count()).toBe(0);
  });

  it('Compare groups large counts: the Kind column, the default names and the inputs (it read "MC 10752/100000", "1000")', async () => {
    // A single run of 1,000 members beside the 3-run set of 50: the inputs differ in members and runs.
    await apiOp(app.page, 'sim.run', { runs: 1, seed: 42, params: { NUM_MEMBERS: 1000, SIMULATION_WEEKS: 26 } });
    await app.page.goto(app.served.url + '/#/compare');
    const rows = app.page.locator('table.history tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
    const text = (r: number, c: number) => rows.nth(r).locator('td').nth(c).textContent();
    // Newest first: the 1,000-member run, the cancelled set, the 3-run set.
    expect(await text(0, 2)).toBe('Custom · 1,000×26 · seed 42');
    expect(await text(0, 5)).toBe('1,000 × 26');
    expect(await text(1, 2)).toMatch(/^Custom · 50×156 · \d{1,3}(,\d{3})* of 100,000 runs \(cancelled\) · seed 42$/);
    expect(await text(1, 4)).toMatch(/^MC \d{1,3}(,\d{3})*\/100,000$/);
    expect(await text(2, 4)).toBe('MC 3/3');
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(2).getByRole('checkbox').check();
    const inputs = app.page.getByRole('table', { name: 'Inputs that differ between the runs' });
    const members = inputs.locator('tbody tr', { has: app.page.getByRole('rowheader', { name: 'Number of members' }) });
    await expect.poll(async () => (await members.locator('td').allTextContents()).sort(), { timeout: 30_000 }).toEqual(['1,000', '50']);
  });
});
