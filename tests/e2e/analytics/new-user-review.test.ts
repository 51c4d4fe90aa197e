import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { runCli } from '../../helpers/cli';
import { gotoView, runIntoAnalysis } from '../../helpers/flows';
import { axeSeriousViolations } from '../../helpers/serve';

/** Defects a new user's review found: state that did not survive navigation, stale results, captions, focus. */
describe('new-user review fixes in Chromium (serve mode)', () => {
  const app = useApp({ page: { viewport: { width: 1400, height: 1000 } } });

  it('Simulate keeps Seed, Runs, Name and Contracts across sections, and the next run uses them', async () => {
    await gotoView(app.page, app.served.url + '/#/simulate', 'Simulate');
    await expect.poll(() => app.page.getByLabel('Seed', { exact: true }).inputValue()).toBe('42');
    await app.page.getByLabel('Seed', { exact: true }).fill('7');
    await app.page.getByLabel('Runs', { exact: true }).fill('3');
    await app.page.getByLabel('Name', { exact: true }).first().fill('my draft run');
    await app.page.getByLabel('Contracts').selectOption('model');
    await app.page.getByLabel('Number of members').fill('20');
    await app.page.locator('main h1').click();
    await app.page.keyboard.press('Alt+3');
    await app.page.locator('main h1', { hasText: 'Compare' }).waitFor();
    await app.page.keyboard.press('Alt+1');
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    expect(await app.page.getByLabel('Number of members').inputValue()).toBe('20');
    expect(await app.page.getByLabel('Seed', { exact: true }).inputValue()).toBe('7');
    expect(await app.page.getByLabel('Runs', { exact: true }).inputValue()).toBe('3');
    expect(await app.page.locator('#sim-name').inputValue()).toBe('my draft run');
    expect(await app.page.getByLabel('Contracts').inputValue()).toBe('model');
    // The contract adapter mirrors a single run: the kept settings still block the run, as before leaving.
    await app.page.getByText('The contract adapter mirrors a single run: set Runs to 1').waitFor();
    await app.page.getByLabel('Contracts').selectOption('off');
    const req = app.page.waitForRequest((r) => r.url().includes('/api/op/sim.run'));
    await app.page.getByRole('button', { name: 'Run simulation' }).click();
    const input = JSON.parse((await req).postData() ?? '{}').input;
    expect({ seed: input.seed, runs: input.runs, name: input.name, members: input.params.NUM_MEMBERS }).toEqual({ seed: 7, runs: 3, name: 'my draft run', members: 20 });
    await app.page.locator('main h1', { hasText: 'Analysis' }).waitFor({ timeout: 60_000 });
    // Back in Simulate: the seed and runs stay for the next run; the name went to the run it named.
    await app.page.keyboard.press('Alt+1');
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    expect(await app.page.getByLabel('Seed', { exact: true }).inputValue()).toBe('7');
    expect(await app.page.getByLabel('Runs', { exact: true }).inputValue()).toBe('3');
    expect(await app.page.locator('#sim-name').inputValue()).toBe('');
    // Cleared fields stay cleared (an empty seed means Settings → Default seed, as before).
    await app.page.getByLabel('Seed', { exact: true }).fill('');
    await app.page.keyboard.press('Alt+3');
    await app.page.locator('main h1', { hasText: 'Compare' }).waitFor();
    await app.page.keyboard.press('Alt+1');
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    expect(await app.page.getByLabel('Seed', { exact: true }).inputValue()).toBe('');
    await app.page.getByRole('button', { name: 'Reset to defaults' }).click();
  });

  it('Dashboard shock test: results say they are for the previous inputs once the inputs change', async () => {
    await gotoView(app.page, app.served.url + '/#/dashboard?tab=shock', 'Dashboard');
    await app.page.getByRole('tab', { name: 'Shock testing', selected: true }).waitFor();
    await app.page.getByRole('button', { name: 'Test shock' }).click();
    const heading = app.page.locator('#sh-res');
    await heading.waitFor({ timeout: 60_000 });
    expect(await heading.textContent()).toBe('Shock results');
    const stale = app.page.getByRole('status').filter({ hasText: 'results for the previous inputs' });
    expect(await stale.count()).toBe(0);
    // Another magnitude: the kept results say what they were computed with, and what changed.
    await app.page.getByLabel('Magnitude (0–1)').fill('0.5');
    await stale.waitFor();
    expect(await heading.textContent()).toBe('Shock results for the previous inputs');
    expect(await stale.textContent()).toContain('type Income reduction, magnitude 0.2, duration 4 weeks, start after week 52, 26 weeks observed after');
    expect(await stale.textContent()).toContain('Changed since: magnitude.');
    expect(JSON.stringify(await axeSeriousViolations(app.page))).toBe('[]');
    if (process.env.SHOTS) await app.page.screenshot({ path: process.env.SHOTS + '/shock-stale.png', fullPage: true });
    // An invalid value: still marked (not silently shown under inputs that cannot have produced it).
    await app.page.getByLabel('Magnitude (0–1)').fill('2');
    await stale.waitFor();
    await app.page.getByLabel('Shock type').selectOption('cost_increase');
    await expect.poll(() => stale.textContent()).toContain('Changed since: type, magnitude.');
    // Back to the inputs it ran with ("0.20" is 0.2): the results are current again.
    await app.page.getByLabel('Shock type').selectOption('income_reduction');
    await app.page.getByLabel('Magnitude (0–1)').fill('0.20');
    await expect.poll(() => stale.count()).toBe(0);
    expect(await heading.textContent()).toBe('Shock results');
    // The Simulate parameters are inputs too (the baseline).
    await gotoView(app.page, app.served.url + '/#/simulate', 'Simulate');
    await app.page.getByLabel('Number of members').fill('30');
    await gotoView(app.page, app.served.url + '/#/dashboard?tab=shock', 'Dashboard');
    await app.page.getByRole('button', { name: 'Test shock' }).click();
    await heading.waitFor({ timeout: 60_000 });
    await app.page.getByRole('button', { name: 'Edit parameters' }).click();
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    await app.page.getByLabel('Number of members').fill('31');
    await app.page.locator('main h1').click();
    await app.page.keyboard.press('Alt+d');
    await app.page.locator('main h1', { hasText: 'Dashboard' }).waitFor();
    await app.page.getByRole('tab', { name: 'Shock testing' }).click();
    await stale.waitFor();
    expect(await stale.textContent()).toContain('Changed since: the Simulate parameters.');
    await app.page.getByRole('button', { name: 'Test shock' }).click();
    await expect.poll(() => stale.count(), { timeout: 60_000 }).toBe(0);
    await gotoView(app.page, app.served.url + '/#/simulate', 'Simulate');
    await app.page.getByRole('button', { name: 'Reset to defaults' }).click();
  });

  it('Analysis → Tables: the member table caption counts the rows it shows', async () => {
    await runIntoAnalysis(app.page, app.served.url, 50, 52);
    await app.page.getByRole('tab', { name: 'Tables' }).click();
    const caption = app.page.getByRole('tabpanel').locator('p', { hasText: /members/ }).last();
    const rows = app.page.getByRole('tabpanel').locator('table').last().locator('tbody tr');
    await expect.poll(() => caption.textContent()).toBe('Showing 25 of 50 members.');
    expect(await rows.count()).toBe(25);
    await app.page.getByRole('button', { name: 'Show more members (25 left)' }).click();
    await expect.poll(() => caption.textContent()).toBe('Showing 50 of 50 members.');
    expect(await rows.count()).toBe(50);
    // More members than the stored sample: the caption says it is a sample, and of how many.
    await runIntoAnalysis(app.page, app.served.url, 1000, 52);
    await app.page.getByRole('tab', { name: 'Tables' }).click();
    await expect.poll(() => caption.textContent()).toBe('Showing 25 of 500 sampled members (evenly spaced ids) of the run’s 1,000.');
    expect(await rows.count()).toBe(25);
    await app.page.getByRole('button', { name: 'Show more members (475 left)' }).click();
    await expect.poll(() => caption.textContent()).toBe('Showing 125 of 500 sampled members (evenly spaced ids) of the run’s 1,000.');
    expect(await rows.count()).toBe(125);
  });

  it('Compare run list: Edit focuses the name, Escape cancels back to Edit, Delete moves focus to the next row and Undo stays reachable', async () => {
    // Three small runs of its own (the database is shared with serve), so this test also runs alone.
    for (const k of [1, 2, 3]) {
      const r = await runCli(['--data-dir', app.dir, 'simulate', '--members', '10', '--weeks', '8', '--seed', String(k)]);
      expect(r.code, r.stderr).toBe(0);
    }
    await gotoView(app.page, app.served.url + '/#/compare', 'Compare');
    const rows = app.page.locator('table.history tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    const ids = (await rows.locator('td:nth-child(2)').allTextContents()).map((t) => t.trim());
    const [a, b] = ids;
    const nameA = (await rows.first().locator('td').nth(2).textContent())!;
    const focused = () => app.page.evaluate(() => { const el = document.activeElement as HTMLElement | null; return el ? el.getAttribute('aria-label') || el.id || el.textContent || el.tagName : null; });
    const selection = () => app.page.evaluate(() => { const el = document.activeElement as HTMLInputElement; return [el.selectionStart, el.selectionEnd, el.value.length]; });
    // Keyboard: Edit puts the caret in the name field, its text selected (typing replaces it).
    await app.page.getByRole('button', { name: `Edit run ${a}` }).focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(focused).toBe(`New name for run ${a}`);
    expect(await selection()).toEqual([0, nameA.length, nameA.length]);
    await app.page.keyboard.type('typed, then abandoned');
    // Escape cancels: the name is unchanged and focus is back on this run's Edit button.
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.getByLabel(`New name for run ${a}`).count()).toBe(0);
    expect(await rows.first().locator('td').nth(2).textContent()).toBe(nameA);
    await expect.poll(focused).toBe(`Edit run ${a}`);
    // Escape in the tags field too; the Cancel button returns to Edit as well.
    await app.page.keyboard.press('Enter');
    await app.page.getByLabel(`Tags for run ${a} (comma separated)`).focus();
    await app.page.keyboard.press('Escape');
    await expect.poll(focused).toBe(`Edit run ${a}`);
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect.poll(focused).toBe(`Edit run ${a}`);
    // Enter saves, and focus returns to Edit on the renamed row.
    await app.page.keyboard.press('Enter');
    await app.page.keyboard.type('Renamed by keyboard');
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('cell', { name: 'Renamed by keyboard', exact: true }).waitFor();
    await expect.poll(focused).toBe(`Edit run ${a}`);
    // Delete: focus goes to the next row's Open button, not to <body>.
    const n = await rows.count();
    await app.page.getByRole('button', { name: `Delete run ${a}` }).focus();
    await app.page.keyboard.press('Enter');
    const toast = app.page.getByRole('status').filter({ hasText: `Deleted run #${a}` });
    await toast.waitFor();
    await expect.poll(() => rows.count()).toBe(n - 1);
    await expect.poll(focused).toBe(`Open run ${b}`);
    // The Undo toast stays reachable: Ctrl+Z from the list restores the run (focus on its row) ...
    expect(await toast.getByRole('button', { name: 'Undo' }).getAttribute('aria-keyshortcuts')).toBe('Control+Z');
    await app.page.keyboard.press('Control+z');
    await expect.poll(() => rows.count()).toBe(n);
    await expect.poll(() => toast.count()).toBe(0);
    await expect.poll(focused).toBe(`Open run ${a}`);
    // ... and it does not time out under a user who has reached it (10 s otherwise).
    await app.page.getByRole('button', { name: `Delete run ${a}` }).click();
    await toast.waitFor();
    await toast.getByRole('button', { name: 'Undo' }).focus();
    await app.page.waitForTimeout(11_000);
    expect(await toast.count()).toBe(1);
    await app.page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(n);
    await expect.poll(focused).toBe(`Open run ${a}`);
    // The last row deleted: focus goes to the previous row; with no row left, to the list's heading.
    await app.page.getByLabel('Search runs').fill('Renamed by keyboard');
    await expect.poll(() => rows.count()).toBe(1);
    await app.page.getByRole('button', { name: `Delete run ${a}` }).click();
    await expect.poll(() => rows.count()).toBe(0);
    await expect.poll(focused).toBe('hist-title');
    await app.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(focused).toBe(`Open run ${a}`);
    await app.page.getByLabel('Search runs').fill('');
    await expect.poll(() => rows.count()).toBe(n);
    const last = ids[ids.length - 1];
    const beforeLast = ids[ids.length - 2];
    await app.page.getByRole('button', { name: `Delete run ${last}` }).click();
    await expect.poll(focused).toBe(`Open run ${beforeLast}`);
    expect(JSON.stringify(await axeSeriousViolations(app.page))).toBe('[]');
  });
});
