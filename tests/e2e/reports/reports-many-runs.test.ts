// Reports with more runs than it lists: the run picker held the newest 200 under "Simulation run
// (200)", and a run older than those could not be reported from the app at all. A search now lists
// the runs that match (name, tag or id), older ones included.
import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { gotoView, openSection } from '../../helpers/flows';
import { storeFinishedRuns } from '../../helpers/storedRuns';

const N = 230;

describe('Reports with many runs (serve mode)', () => {
  const app = useApp({
    before: (dir) => {
      storeFinishedRuns(dir, N, (i) => `batch run ${i}`);
    },
  });

  it('says more runs exist than are listed, and a search reaches an old one', async () => {
    const page = app.page;
    await openSection(page, 'Reports');
    const pick = page.getByLabel('Run', { exact: true });
    await pick.locator('option').nth(199).waitFor({ state: 'attached' });
    expect(await pick.locator('option').count()).toBe(200);
    expect(await page.getByText('Simulation run (200+)').count()).toBe(1);
    expect(await page.getByTestId('rp-more').textContent()).toBe('The newest 200 runs are listed: search by name, tag or id for older ones.');
    expect(await pick.locator('option[value="3"]').count()).toBe(0);

    await page.getByLabel('Find runs').fill('batch run 3');
    // 3 and 30…39: the newest match is picked, and run 3 can be.
    await expect.poll(() => pick.locator('option').count()).toBe(11);
    expect(await pick.inputValue()).toBe('39');
    await pick.selectOption('3');
    expect(await pick.inputValue()).toBe('3');
    expect(await page.getByTestId('rp-more').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Generate preview' }).isEnabled()).toBe(true);

    // Clearing the search keeps the pick: run 3 stays picked (shown first), not the newest run.
    await page.getByLabel('Find runs').fill('');
    await expect.poll(() => pick.locator('option').count()).toBe(201);
    expect(await pick.inputValue()).toBe('3');
  }, 90_000);

  it('a link to an old run (#/reports?source=run&id=5) picks that run, not the newest', async () => {
    const page = app.page;
    await gotoView(page, app.served.url + '/#/reports?source=run&id=5', 'Reports');
    const pick = page.getByLabel('Run', { exact: true });
    await expect.poll(() => pick.inputValue(), { timeout: 30_000 }).toBe('5');
    expect(await pick.locator('option').first().textContent()).toContain('#5 batch run 5');
    // It stays: the listed runs arriving later do not replace it with the newest.
    await page.waitForTimeout(500);
    expect(await pick.inputValue()).toBe('5');
  }, 90_000);
});
