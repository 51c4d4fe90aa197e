// Run history with more runs than one page: it showed the newest 200 and nothing said that older
// runs existed or offered them (only a search found them). It now asks for one page (plus one row,
// to know there is more) and offers the older runs on request.
import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { openSection } from '../../helpers/flows';
import { storeFinishedRuns } from '../../helpers/storedRuns';

const N = 230;

describe('Run history with many runs (serve mode)', () => {
  const lists: { limit?: number; search?: string }[] = [];
  const app = useApp({
    // 230 finished runs, stored as the CLI stores them (summaries only: the history reads no documents).
    before: (dir) => {
      storeFinishedRuns(dir, N, (i) => `batch run ${i}`);
    },
    onPage: (page) =>
      page.on('request', (r) => {
        if (r.url().endsWith('/api/op/runs.list')) lists.push((JSON.parse(r.postData() ?? '{}') as { input: { limit?: number; search?: string } }).input);
      }),
  });

  it('shows the newest 200 with what is left out, and the older 30 on request; the page asked stays bounded', async () => {
    const page = app.page;
    await openSection(page, 'Compare');
    const rows = page.locator('table.history tbody tr');
    await rows.nth(199).waitFor();
    expect(await rows.count()).toBe(200);
    expect(await rows.first().locator('td').nth(1).textContent()).toBe(String(N));
    expect(await page.getByTestId('hist-count').textContent()).toBe('Showing the newest 200 runs.');
    // One page and the row that tells there is more: never the whole store.
    expect(lists.at(-1)).toEqual({ limit: 201 });

    await page.getByRole('button', { name: 'Show 200 older runs' }).click();
    await rows.nth(N - 1).waitFor();
    expect(await rows.count()).toBe(N);
    expect(await rows.last().locator('td').nth(1).textContent()).toBe('1');
    expect(await page.getByRole('button', { name: /older runs/ }).count()).toBe(0);
    expect(await page.getByTestId('hist-count').count()).toBe(0);

    // A search starts again from one page.
    await page.getByLabel('Search runs').fill('batch run 1');
    await expect.poll(() => lists.at(-1)).toEqual({ search: 'batch run 1', limit: 201 });
    // "batch run 1", "1x" and "1xx" up to 199: 1 + 10 + 100 = 111 matches, all on the first page.
    await expect.poll(() => rows.count()).toBe(111);
    expect(lists.filter((l) => l.search !== undefined)).toEqual([{ search: 'batch run 1', limit: 201 }]);
    expect(await page.getByTestId('hist-count').count()).toBe(0);
  }, 90_000);
});
