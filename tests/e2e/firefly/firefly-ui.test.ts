/**
 * The Firefly view in Chromium against the built `serve` and the mock Firefly III server: connect a
 * token through the form, sync (with a fault injected), see coverage, the weekly chart, the delta,
 * edit the mapping, calibrate and apply. The token must never appear in the page after connecting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedFireflyData, startMockFirefly, type MockFirefly } from '../../mocks/firefly/server';
import { useApp } from '../../helpers/app';
import { axeSeriousViolations } from '../../helpers/serve';
import { ROOT } from '../../helpers/tmp';

const SHOTS = path.join(ROOT, 'test-results/screenshots');

describe('Firefly view (serve + Chromium + mock Firefly III)', () => {
  let mock: MockFirefly;
  const app = useApp({
    prefix: 'wb-ffui-',
    before: async () => {
      fs.mkdirSync(SHOTS, { recursive: true });
      mock = await startMockFirefly({ data: seedFireflyData({ groups: 260, end: '2026-06-30', days: 365, seed: 11 }) });
    },
    env: { FIREFLY_URL: '', FIREFLY_TOKEN: '', FIREFLY_TOKEN_FILE: '', WORKBENCH_FIREFLY_MIN_INTERVAL_MS: '0', WORKBENCH_FIREFLY_BACKOFF_MS: '50' },
    after: () => mock?.close(),
  });

  async function tokenNowhere() {
    const html = await app.page.content();
    const text = await app.page.evaluate(() => document.body.innerText);
    const values = await app.page.evaluate(() => Array.from(document.querySelectorAll('input, textarea')).map((i) => (i as HTMLInputElement).value).join('\n'));
    const storage = await app.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    for (const s of [html, text, values, storage]) expect(s).not.toContain(mock.token);
  }

  it('shows an actionable error for a wrong token, then connects with type=password and never shows the token', async () => {
    await app.page.goto(app.served.url + '/#/firefly');
    await app.page.locator('main h1', { hasText: 'Firefly III' }).waitFor();
    await expect.poll(() => app.page.getByTestId('ff-state').textContent()).toContain('Not connected');
    await app.page.getByText(/^Not connected: enter the Firefly III address and a Personal Access Token/).waitFor();
    const tokenInput = app.page.getByLabel('Personal Access Token');
    expect(await tokenInput.getAttribute('type')).toBe('password');

    // Test with nothing typed: the page says what to fill in, not the command line's flags.
    await app.page.getByRole('button', { name: 'Test', exact: true }).click();
    const hint = app.page.getByText(/^Enter the Firefly III address and a Personal Access Token, then Test/);
    await hint.waitFor();
    expect(await app.page.locator('main').textContent()).not.toContain('--token-file');
    // Only the address typed: the page names the empty field (the API's schema error named its op).
    await app.page.getByLabel('Firefly III address').fill('http://127.0.0.1:1');
    await app.page.getByRole('button', { name: 'Test', exact: true }).click();
    await app.page.getByRole('alert').filter({ hasText: 'Personal Access Token is empty: paste it too' }).waitFor();
    expect(await app.page.locator('main').textContent()).not.toContain('firefly.test');

    const count = (text: string | null, part: string) => (text ?? '').split(part).length - 1;
    // Nothing listens on port 1: the button says what it is doing, and the advice comes once.
    await app.page.getByLabel('Firefly III address').fill('http://127.0.0.1:1');
    await tokenInput.fill('not-the-right-token-xyz');
    await app.page.route('**/api/op/firefly.test', async (route) => {
      await new Promise((r) => setTimeout(r, 1000));
      await route.continue();
    });
    await app.page.getByRole('button', { name: 'Test', exact: true }).click();
    const testing = app.page.getByRole('button', { name: 'Testing…', exact: true });
    await testing.waitFor();
    expect(await testing.isDisabled()).toBe(true);
    const refused = app.page.getByRole('alert').filter({ hasText: /Cannot reach Firefly III/ });
    await refused.waitFor();
    // The first-visit prompt ("Not connected: enter the … address and a … Token") no longer sits above an error about what was entered.
    expect(await app.page.locator('main').textContent()).not.toContain('Not connected: enter the Firefly III address');
    await app.page.unroute('**/api/op/firefly.test');
    expect(count((await refused.textContent())!.toLowerCase(), 'check that')).toBe(1);
    await app.page.getByRole('button', { name: 'Test', exact: true }).waitFor();

    await app.page.getByLabel('Firefly III address').fill(mock.url);
    await app.page.getByRole('button', { name: 'Connect', exact: true }).click();
    const alert = app.page.getByRole('alert').filter({ hasText: /token/i });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Personal Access Token/);
    expect(count(await alert.textContent(), 'Personal Access Token')).toBe(1);
    expect(await alert.textContent()).toContain("the Firefly section's connection form");
    expect(await alert.textContent()).not.toContain('Settings →');
    expect(await alert.textContent()).not.toContain('not-the-right-token-xyz');
    await expect.poll(() => app.page.getByTestId('ff-state').textContent()).toContain('Schedule');
    expect(await app.page.getByTestId('ff-state').textContent()).toContain('(change in Settings → Firefly sync schedule)');

    await tokenInput.fill(mock.token);
    await app.page.getByRole('button', { name: 'Test', exact: true }).click();
    await app.page.getByRole('status').filter({ hasText: 'Connection works: Firefly III 6.6.2' }).waitFor();
    await app.page.getByRole('button', { name: 'Connect', exact: true }).click();
    await app.page.getByRole('status').filter({ hasText: 'Connected to Firefly III 6.6.2' }).waitFor();
    await expect.poll(() => app.page.getByTestId('ff-state').textContent()).toContain('token stored in the app');
    expect(await app.page.getByTestId('ff-state').textContent()).not.toContain('· token stored'); // said once
    expect(await tokenInput.inputValue()).toBe('');
    await tokenNowhere();
    await app.page.screenshot({ path: path.join(SHOTS, 'firefly-connected.png'), fullPage: true });
  });

  it('syncs with progress (a 503 retried), then shows the delta, coverage and the weekly chart', async () => {
    mock.inject({ path: '/v1/transactions', page: 2, fault: { type: 'status', status: 503, body: { message: 'busy' } } });
    // A reversed range is named by the labels on screen and blocks the sync.
    await app.page.getByLabel('From', { exact: true }).fill('2026-07-01');
    await app.page.getByLabel('To', { exact: true }).fill('2026-06-30');
    await app.page.getByText('From (2026-07-01) is after To (2026-06-30); swap them.').waitFor();
    expect(await app.page.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
    await app.page.getByLabel('From', { exact: true }).fill('2025-07-01');
    await app.page.getByRole('button', { name: 'Sync now' }).click();
    await app.page.getByRole('status').filter({ hasText: /Snapshot \d+: 260 groups/ }).waitFor({ timeout: 60_000 });
    await expect.poll(() => app.page.getByTestId('ff-delta').textContent()).toMatch(/\d+ added, 0 changed, 0 removed/);
    await expect.poll(() => app.page.getByTestId('ff-coverage').textContent()).toContain('Food spend mapped by category');
    await app.page.getByRole('figure').filter({ hasText: 'Weekly food spending' }).or(app.page.locator('.chart').filter({ hasText: 'Weekly food spending' })).first().waitFor();
    await app.page.locator('.chart .main-svg').first().waitFor({ timeout: 30_000 });
    expect(mock.requestsTo('/v1/transactions').filter((r) => r.query.page === '2').length).toBe(2);
    await tokenNowhere();
  });

  it('edits the mapping rules and saves them', async () => {
    await app.page.getByRole('button', { name: 'Add category rule' }).click();
    const rows = app.page.getByTestId('ff-rules').locator('table').first().locator('tbody tr');
    const last = rows.last();
    await last.locator('input').fill('Market Café');
    await last.locator('select').selectOption('prepared_food');
    await app.page.getByRole('button', { name: 'Save rules' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Mapping rules saved.' }).waitFor();
  });

  it('calibrates, shows the parameter diff and applies it as a parameter set', async () => {
    // Too many households: the message names the field as labelled, the value and the whole allowed range.
    await app.page.getByLabel('Households in the community (optional)').fill('99999999');
    await app.page.getByRole('button', { name: 'Calibrate' }).click();
    const tooBig = app.page.getByRole('alert').filter({ hasText: '99999999' });
    await tooBig.waitFor();
    expect(await tooBig.textContent()).toContain('Households in the community must be an integer between 1 and 10,000,000; got “99999999”');
    await app.page.getByLabel('Households in the community (optional)').fill('20');
    await app.page.getByRole('button', { name: 'Calibrate' }).click();
    const cal = app.page.getByTestId('ff-calibration');
    await cal.waitFor();
    expect(await cal.textContent()).toContain('Compared with the parameters in the Simulate editor (the defaults). Accuracy of those parameters:');
    expect(await cal.textContent()).toContain('Weekly food budget, mean');
    // The mock's spending is in EUR: the calibrated amounts say EUR, and a visible note says no
    // exchange rate is applied (the table said "USD/week" next to euro amounts).
    const budgetRow = await cal.getByRole('row', { name: /Weekly food budget, mean/ }).innerText();
    expect(budgetRow).toContain('EUR/week');
    expect(await app.page.getByTestId('ff-currency-note').textContent()).toContain('These amounts are in EUR');
    // Code names read as labels (the code is the tooltip): no "categoryDistribution.groceries" or
    // "prepared_food" in the recommendations or the category comparison.
    const words = await cal.evaluate((el) => {
      const c = el.cloneNode(true) as HTMLElement;
      c.querySelectorAll('.tip-text').forEach((t) => t.remove());
      return [...c.querySelectorAll('ol li, tbody td:first-child')].map((e) => e.textContent ?? '');
    });
    expect(words.length).toBeGreaterThan(0);
    expect(words.join('\n')).not.toMatch(/categoryDistribution\.|\b(prepared_food|food_delivery|farmers_market)\b|\b[A-Z]+_[A-Z_]+\b/);
    expect(await cal.locator('td[title="groceries"]').first().textContent()).toBe('Groceries');
    // Apply and Export answer next to their buttons, after the results (they answered above the
    // results table, out of view), and a relative folder is refused naming the field.
    await app.page.getByLabel('Folder').fill('relative/dir');
    await app.page.getByRole('button', { name: 'Export report + CSVs' }).click();
    const bad = cal.getByRole('alert').filter({ hasText: 'Folder must be an absolute path' });
    await bad.waitFor();
    expect(await bad.textContent()).toContain('got “relative/dir”');
    await app.page.getByLabel('Folder').fill('');
    await app.page.getByRole('button', { name: 'Apply (save as parameter set)' }).click();
    const saved = cal.getByRole('status').filter({ hasText: 'Saved the calibrated parameters' });
    await saved.waitFor();
    const below = await app.page.evaluate(() => {
      const btn = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Apply (save as parameter set)')!;
      const msg = [...document.querySelectorAll('[role=status]')].find((m) => m.textContent?.includes('Saved the calibrated parameters'))!;
      return btn.compareDocumentPosition(msg) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(below).toBeTruthy();
    await tokenNowhere();
    await app.page.screenshot({ path: path.join(SHOTS, 'firefly-calibrated.png'), fullPage: true });
    expect(await axeSeriousViolations(app.page)).toEqual([]);
  });

  it('converts EUR spending at the exchange rate typed: the budget in USD is rate × the EUR one, and a bad rate is refused naming the field', async () => {
    const cal = app.page.getByTestId('ff-calibration');
    const proposedBudget = async () => Number(await cal.getByRole('row', { name: /Weekly food budget, mean/ }).locator('td').nth(1).textContent());
    const eurBudget = await proposedBudget();
    const rate = app.page.getByLabel('Exchange rate: US$ per 1 EUR (optional)');
    await rate.fill('1,25');
    await app.page.getByRole('button', { name: 'Calibrate' }).click();
    const bad = app.page.getByRole('alert').filter({ hasText: '“1,25”' });
    await bad.waitFor();
    expect(await bad.textContent()).toContain('Exchange rate (US$ per 1 EUR) must be a number greater than 0 and at most 1,000,000');
    await rate.fill('1.25');
    await app.page.getByRole('button', { name: 'Calibrate' }).click();
    const note = app.page.getByTestId('ff-currency-note');
    await expect.poll(() => note.textContent()).toContain('Converted from EUR to US dollars at 1.25 US$ per EUR');
    const budgetRow = await cal.getByRole('row', { name: /Weekly food budget, mean/ }).innerText();
    expect(budgetRow).toContain('USD/week');
    expect(Math.abs((await proposedBudget()) - 1.25 * eurBudget)).toBeLessThanOrEqual(0.02);
    // Export writes the calibration shown (converted), not the unconverted one.
    const dir = path.join(os.tmpdir(), `ff-conv-${process.pid}`);
    await app.page.getByLabel('Folder').fill(dir);
    await app.page.getByRole('button', { name: 'Export report + CSVs' }).click();
    await cal.getByRole('status').filter({ hasText: 'Wrote' }).waitFor();
    expect(fs.readFileSync(path.join(dir, 'CALIBRATION_REPORT.md'), 'utf8')).toContain('converted from EUR to USD at 1.25 USD per EUR');
    fs.rmSync(dir, { recursive: true, force: true });
    await tokenNowhere();
    await app.page.screenshot({ path: path.join(SHOTS, 'firefly-converted.png'), fullPage: true });
    // Apply, then open the saved set in Simulate from here (it said "Pick it in Simulate", with no
    // way there); Export's message has no such button.
    expect(await app.page.getByRole('button', { name: 'Open Simulate with it' }).count()).toBe(0);
    await app.page.getByRole('button', { name: 'Apply (save as parameter set)' }).click();
    const saved = cal.getByRole('status').filter({ hasText: 'Saved the calibrated parameters' });
    await saved.waitFor();
    const setName = /parameter set "(.+)"/.exec((await saved.textContent())!)![1];
    await app.page.getByRole('button', { name: 'Open Simulate with it' }).click();
    await expect.poll(() => app.page.url()).toMatch(/#\/simulate\?paramset=\d+/);
    await app.page.getByText(`Loaded “${setName}”.`).waitFor();
  });

  it('a blocked Firefly III user: Test says the user is blocked and where to unblock it, not "create a new token"', async () => {
    const blocked = await startMockFirefly({ blockedUser: true, data: seedFireflyData({ groups: 5 }) });
    try {
      await app.page.goto(app.served.url + '/#/firefly');
      await app.page.locator('main h1', { hasText: 'Firefly III' }).waitFor();
      // The form fills in the stored address once the connection state has loaded: type after that.
      const address = app.page.getByLabel('Firefly III address');
      await expect.poll(() => address.inputValue()).toBe(mock.url);
      await address.fill(blocked.url);
      await app.page.getByLabel('Personal Access Token').fill(blocked.token);
      await app.page.getByRole('button', { name: 'Test', exact: true }).click();
      const alert = app.page.getByRole('alert').filter({ hasText: 'Blocked account.' });
      await alert.waitFor();
      const text = (await alert.textContent())!;
      expect(text).toContain('the user is blocked in Firefly III, so a new token will not help');
      expect(text).toContain('/admin/users');
      expect(text).not.toContain('Personal Access Tokens');
      expect(text).not.toContain(blocked.token);
      await app.page.screenshot({ path: path.join(SHOTS, 'firefly-blocked-user.png'), fullPage: true });
    } finally {
      await blocked.close();
    }
  });
});
