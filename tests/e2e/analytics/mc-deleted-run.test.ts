// The Monte Carlo section kept showing a set deleted since (from the run history, another window or
// the CLI) with "Open full analysis", which then said the run was gone. It now checks when it opens.
import { describe, expect, it } from 'vitest';
import { openSection } from '../../helpers/flows';
import { useApp } from '../../helpers/app';
import { apiOp } from '../../helpers/serve';

describe('Monte Carlo: a set deleted since it ran (serve mode)', () => {
  const app = useApp();
  it('says the shown set was deleted and no longer offers to open it; a restore brings the button back', async () => {
    await openSection(app.page, 'Simulate');
    await app.page.getByLabel('Number of members').fill('20');
    await app.page.getByLabel('Simulation duration (weeks)').fill('12');
    await openSection(app.page, 'Monte Carlo');
    await app.page.locator('#mc-runs').fill('20');
    await app.page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    const status = app.page.getByRole('status').filter({ hasText: 'Done: 20 runs' });
    await status.waitFor({ timeout: 60_000 });
    const openFull = app.page.getByRole('button', { name: 'Open full analysis' });
    expect(await openFull.count()).toBe(1);
    const id = (await apiOp(app.page, 'runs.list', { limit: 1 })).output[0].id as number;

    expect((await apiOp(app.page, 'runs.delete', { id })).output.deleted).toBe(true);
    await openSection(app.page, 'Settings');
    await openSection(app.page, 'Monte Carlo');
    await app.page.getByTestId('mc-run-gone').waitFor();
    expect(await app.page.getByTestId('mc-run-gone').textContent()).toBe(`Run #${id} has been deleted since: these results are no longer stored.`);
    expect(await openFull.count()).toBe(0);
    // The results themselves stay on the page (they were computed), and a restore is seen too.
    expect(await app.page.locator('main table').count()).toBeGreaterThan(0);
    expect((await apiOp(app.page, 'runs.restore', { id })).output.restored).toBe(true);
    await openSection(app.page, 'Settings');
    await openSection(app.page, 'Monte Carlo');
    await openFull.waitFor();
    expect(await app.page.getByTestId('mc-run-gone').count()).toBe(0);
  }, 120_000);
});
