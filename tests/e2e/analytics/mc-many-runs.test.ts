// The Monte Carlo section checks that the set it shows is still stored. It searched the run list
// for the id as text (up to 1,000 runs): behind 1,000 newer runs whose names hold those digits it
// did not find the set and said it had been deleted. It now asks for that one run.
import { describe, expect, it } from 'vitest';
import { openSection } from '../../helpers/flows';
import { useApp } from '../../helpers/app';
import { apiOp } from '../../helpers/serve';
import { storeFinishedRuns } from '../../helpers/storedRuns';

describe('Monte Carlo: the shown set among many newer runs (serve mode)', () => {
  const lists: unknown[] = [];
  const app = useApp({
    onPage: (page) =>
      page.on('request', (r) => {
        if (r.url().endsWith('/api/op/runs.list')) lists.push((JSON.parse(r.postData() ?? '{}') as { input: unknown }).input);
      }),
  });
  it('still offers to open the set after 1,050 newer runs named "… 1 …", asking for one row', async () => {
    const page = app.page;
    await openSection(page, 'Simulate');
    await page.getByLabel('Number of members').fill('20');
    await page.getByLabel('Simulation duration (weeks)').fill('12');
    await openSection(page, 'Monte Carlo');
    await page.locator('#mc-runs').fill('20');
    await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    await page.getByRole('status').filter({ hasText: 'Done: 20 runs' }).waitFor({ timeout: 60_000 });
    const id = (await apiOp(page, 'runs.list', { limit: 1 })).output[0].id as number;
    expect(id).toBe(1);

    // Another window or the CLI stores 1,050 runs, every name with a "1" in it.
    storeFinishedRuns(app.dir, 1050, (i) => `series 1 · run ${i}`, { members: 20, weeks: 12 });

    await openSection(page, 'Settings');
    lists.length = 0;
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/op/runs.list'));
    await openSection(page, 'Monte Carlo');
    await answered;
    // The answer is rendered (a React commit, then a frame) before the page is read.
    await page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(r), 50)));
    const openFull = page.getByRole('button', { name: 'Open full analysis' });
    expect(await openFull.count()).toBe(1);
    expect(await page.getByTestId('mc-run-gone').count()).toBe(0);
    // The still-stored check asks for that one run, and nothing searches for its id as text. (The
    // "still running elsewhere" note reads the newest runs by itself: { limit: 50 }, no search.)
    expect(lists.filter((l) => typeof l === 'object' && l !== null && ('before' in l || 'search' in l))).toEqual([{ before: id + 1, limit: 1 }]);
  }, 120_000);
});
