// The DoX view's run picker held the newest 200 runs: an older run could not be pushed from the
// app. A search now lists the runs that match, and the run picked stays picked when it is cleared.
import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { openSection } from '../../helpers/flows';
import { storeFinishedRuns } from '../../helpers/storedRuns';

const N = 230;

describe('DoX with many runs (serve mode)', () => {
  const app = useApp({
    before: (dir) => {
      storeFinishedRuns(dir, N, (i) => `batch run ${i}`);
    },
  });

  it('says more runs exist than are listed, a search reaches an old one, and it stays picked', async () => {
    const page = app.page;
    await openSection(page, 'DoX');
    const pick = page.locator('#dx-run');
    await pick.locator('option').nth(200).waitFor({ state: 'attached' });
    expect(await pick.locator('option').count()).toBe(201); // "Latest run" and the newest 200
    expect(await page.getByTestId('dx-more').textContent()).toBe('The newest 200 runs are listed: search by name, tag or id for older ones.');
    expect(await pick.locator('option[value="3"]').count()).toBe(0);

    await page.getByLabel('Find runs').fill('batch run 3');
    // "Latest run", then 39…30 and 3.
    await expect.poll(() => pick.locator('option').count()).toBe(12);
    await pick.selectOption('3');
    expect(await pick.inputValue()).toBe('3');
    await page.getByLabel('Find runs').fill('');
    await expect.poll(() => pick.locator('option').count()).toBe(202);
    expect(await pick.inputValue()).toBe('3');
    expect(await pick.locator('option:checked').textContent()).toMatch(/^#3 batch run 3 /);
  }, 90_000);
});
