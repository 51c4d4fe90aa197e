/**
 * Defects a keyboard-only review (dark theme, 900×650 window) found: focus dropped to <body> by
 * controls that are disabled or removed under it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gotoView } from '../helpers/flows';
import { signTestJwt } from '../mocks/dox/server';
import { seedFireflyData, startMockFirefly } from '../mocks/firefly/server';
import { useApp } from '../helpers/app';
import { apiOp } from '../helpers/serve';

/** What has keyboard focus: a control's accessible-ish name (a field's id), or BODY. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body) return 'BODY';
    if (a.tagName === 'INPUT') return `INPUT #${a.id}`;
    return `${a.tagName} ${(a.getAttribute('aria-label') ?? a.textContent ?? '').trim()}`;
  });

describe('keyboard-only review fixes (serve + Chromium, dark, 900×650)', () => {
  const app = useApp({
    prefix: 'wb-e2e-kbd-',
    // Nothing answers at the DoX and Firefly addresses used here: their checks fail fast.
    env: { DOX_URL: 'http://127.0.0.1:9', DOX_JWT: '', DOX_TOKEN: '', FIREFLY_URL: '', FIREFLY_TOKEN: '' },
    page: { viewport: { width: 900, height: 650 }, colorScheme: 'dark' },
  });

  it('a button disabled while it works (DoX Refresh health, Firefly Test) keeps keyboard focus', async () => {
    await gotoView(app.page, app.served.url + '/#/dox', 'PMOVES-DoX');
    const refresh = app.page.getByRole('button', { name: 'Refresh health' });
    await refresh.waitFor();
    await expect.poll(() => app.page.getByTestId('dox-health-badge').textContent(), { timeout: 20_000 }).not.toMatch(/Checking|Not checked/);
    await refresh.focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.page.getByTestId('dox-health-badge').textContent(), { timeout: 20_000 }).not.toMatch(/Checking/);
    await expect.poll(() => focused(app.page)).toBe('BUTTON Refresh health');
    expect(await refresh.evaluate((b) => b.matches(':focus-visible'))).toBe(true);

    await gotoView(app.page, app.served.url + '/#/firefly', 'Firefly');
    await app.page.getByLabel('Firefly III address').fill('http://127.0.0.1:9');
    await app.page.getByLabel('Personal Access Token').fill('not-a-token');
    const test = app.page.getByRole('button', { name: 'Test', exact: true });
    await test.focus();
    await app.page.keyboard.press('Enter');
    await app.page.locator('main [role="alert"], main .callout.error').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => focused(app.page)).toBe('BUTTON Test');
  });

  it('Simulate: Undo of the first edit and Redo of the last move focus to the other button, not to <body>', async () => {
    await gotoView(app.page, app.served.url + '/#/simulate', 'Simulate');
    await app.page.getByLabel('Number of members').fill('60');
    const undo = app.page.getByRole('button', { name: 'Undo', exact: true });
    await expect.poll(() => undo.isEnabled()).toBe(true);
    await undo.focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.page.getByLabel('Number of members').inputValue()).toBe('50');
    await expect.poll(() => focused(app.page)).toBe('BUTTON Redo');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.page.getByLabel('Number of members').inputValue()).toBe('60');
    await expect.poll(() => focused(app.page)).toBe('BUTTON Undo');
  });

  it('Simulate: saving a parameter set with its button and deleting sets keep focus in the panel', async () => {
    await gotoView(app.page, app.served.url + '/#/simulate', 'Simulate');
    const name = app.page.locator('#set-name');
    for (const n of ['Set one', 'Set two']) {
      await name.fill(n);
      await app.page.getByRole('button', { name: 'Save current' }).focus();
      await app.page.keyboard.press('Enter');
      await app.page.getByRole('button', { name: `Load ${n}` }).waitFor();
      // The button is disabled with the name emptied: focus goes back to the name.
      await expect.poll(() => app.page.evaluate(() => document.activeElement?.id)).toBe('set-name');
    }
    await app.page.getByRole('button', { name: 'Delete Set one' }).focus();
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('button', { name: 'Delete Set one' }).waitFor({ state: 'detached' });
    await expect.poll(() => focused(app.page)).toBe('BUTTON Load Set two');
    await app.page.getByRole('button', { name: 'Delete Set two' }).focus();
    await app.page.keyboard.press('Enter');
    await app.page.getByText('No saved sets yet.').waitFor();
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.id)).toBe('set-name');
  });

  it('a term’s explanation bubble opened by Tab near the window’s bottom edge is scrolled into view', async () => {
    const r = (await apiOp(app.page, 'sim.run', { runs: 4, workers: 1, seed: 3, params: { NUM_MEMBERS: 30, SIMULATION_WEEKS: 20 }, name: 'Tips' })) as any;
    const runId = (r.output ?? r).runId as number;
    await gotoView(app.page, `${app.served.url}/#/analysis?run=${runId}&tab=overview`, 'Analysis');
    await app.page.locator('main .tip').first().waitFor();
    await app.page.locator('#main').focus();
    const seen: string[] = [];
    for (let i = 0; i < 60 && seen.length < 12; i++) {
      await app.page.keyboard.press('Tab');
      const tip = await app.page.evaluate(
        () =>
          new Promise<{ term: string; top: number; bottom: number; h: number } | null>((resolve) =>
            // Two frames: the bubble is placed after focus.
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                const a = document.activeElement as HTMLElement | null;
                const b = a?.matches('.tip') ? a.querySelector<HTMLElement>(':scope > .tip-text') : null;
                if (!a || !b) return resolve(null);
                const r = b.getBoundingClientRect();
                resolve({ term: (a.firstChild?.textContent ?? '').trim(), top: r.top, bottom: r.bottom, h: innerHeight });
              }),
            ),
          ),
      );
      if (!tip) continue;
      seen.push(tip.term);
      expect(tip.bottom, `bubble of “${tip.term}”`).toBeLessThanOrEqual(tip.h + 1); // scrolled to whole pixels
      expect(tip.top, `bubble of “${tip.term}”`).toBeGreaterThanOrEqual(0);
    }
    expect(seen.length).toBeGreaterThan(6);
  });

  it('Monte Carlo started by Enter in the Runs field: Escape there cancels it, as Help says', async () => {
    await gotoView(app.page, app.served.url + '/#/montecarlo', 'Monte Carlo');
    const runs = app.page.locator('#mc-runs');
    await runs.fill('100000');
    await app.page.locator('#mc-workers').fill('1');
    await runs.focus();
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('button', { name: 'Cancel (keep finished runs)' }).waitFor();
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.id)).toBe('mc-runs');
    // Past the first chunks (≤ 64 runs each), so the cancel keeps finished runs: a cancel after the
    // first run alone could keep none, which reads "Cancelled: …" in an alert instead.
    await expect.poll(() => app.page.locator('main progress').evaluate((p: HTMLProgressElement) => p.value), { timeout: 60_000 }).toBeGreaterThan(300);
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.locator('main').getByRole('status').filter({ hasText: /^Cancelled: kept \d{1,3}(,\d{3})* of 100,000 runs/ }).count(), { timeout: 60_000 }).toBe(1);
    // Focus stayed in the field the user typed in.
    expect(await app.page.evaluate(() => document.activeElement?.id)).toBe('mc-runs');
  });

  it('Analysis → Narrative & events at 900 px: the Phases table does not push the page sideways', async () => {
    const r = (await apiOp(app.page, 'sim.run', { runs: 1, seed: 5, params: { NUM_MEMBERS: 30, SIMULATION_WEEKS: 156 }, name: 'Phases' })) as any;
    await gotoView(app.page, `${app.served.url}/#/analysis?run=${(r.output ?? r).runId}&tab=story`, 'Analysis');
    await app.page.getByRole('heading', { name: 'Phases' }).waitFor();
    expect(await app.page.locator('#main').evaluate((m) => m.scrollWidth - m.clientWidth)).toBe(0);
  });
  it('DoX: Save JWT (disabled once the field empties) and Clear JWT (disabled once nothing is stored) move focus to the JWT field', async () => {
    await gotoView(app.page, app.served.url + '/#/dox', 'PMOVES-DoX');
    const jwt = app.page.locator('#dx-jwt');
    await jwt.fill(signTestJwt('kbd-secret', { sub: 'kbd' }));
    // Save JWT empties the field, so the button stays disabled: focus goes back to the field.
    await app.page.getByRole('button', { name: 'Save JWT' }).focus();
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('status').filter({ hasText: /^JWT stored/ }).waitFor();
    await expect.poll(() => focused(app.page)).toBe('INPUT #dx-jwt');
    // Clear JWT is disabled once nothing is stored: focus goes to the field, where a new one is pasted.
    const clear = app.page.getByRole('button', { name: 'Clear JWT' });
    await expect.poll(() => clear.isEnabled()).toBe(true);
    await clear.focus();
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('status').filter({ hasText: 'Stored JWT deleted.' }).waitFor();
    await expect.poll(() => clear.isDisabled()).toBe(true);
    await expect.poll(() => focused(app.page)).toBe('INPUT #dx-jwt');
  });

  it('Validation: Show on a history row (disabled once its report is shown) moves focus to the report’s summary', async () => {
    // Two stored reports: Show on the older one disables its button.
    const ids: number[] = [];
    for (const seed of [1, 2]) {
      const r = (await apiOp(app.page, 'validation.run', { runs: 2, seed })) as any;
      ids.push((r.output ?? r).id);
    }
    await gotoView(app.page, app.served.url + '/#/validation', 'Validation');
    const summary = app.page.getByTestId('validation-summary');
    await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toContain(`Report #${ids[1]}:`);
    const show = app.page.getByRole('button', { name: `Show report ${ids[0]}` });
    await show.focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toContain(`Report #${ids[0]}:`);
    await expect.poll(() => show.isDisabled()).toBe(true);
    await expect.poll(() => app.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? document.activeElement?.tagName)).toBe('validation-summary');
    // Negatives read with the minus sign U+2212, as in the reports (stored texts say "z -1.23").
    await app.page.locator('main details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const text = (await app.page.locator('main').innerText()).replace(/\d{4}-\d{2}-\d{2}[^\s]*/g, '');
    expect(text).toMatch(/−\d/);
    expect(text.match(/(^|[\s(=,;:])-\.?\d[^\n]{0,30}/gm) ?? []).toEqual([]);
  });

  it('Firefly: Connect (disabled once the token field empties) moves focus to Sync now; Disconnect (gone) to the token field', async () => {
    const mock = await startMockFirefly({ data: seedFireflyData({ groups: 20, end: '2026-06-30', days: 60, seed: 3 }) });
    try {
      await gotoView(app.page, app.served.url + '/#/firefly', 'Firefly');
      await expect.poll(() => app.page.getByTestId('ff-state').textContent()).toContain('Not connected');
      await app.page.getByLabel('Firefly III address').fill(mock.url);
      await app.page.getByLabel('Personal Access Token').fill(mock.token);
      await app.page.getByRole('button', { name: 'Connect', exact: true }).focus();
      await app.page.keyboard.press('Enter');
      await app.page.getByRole('status').filter({ hasText: /^Connected to Firefly III/ }).waitFor({ timeout: 20_000 });
      await expect.poll(() => app.page.getByTestId('ff-state').textContent()).toContain('Connected');
      await expect.poll(() => focused(app.page)).toBe('BUTTON Sync now');
      await app.page.getByRole('button', { name: 'Disconnect' }).focus();
      await app.page.keyboard.press('Enter');
      await app.page.getByRole('status').filter({ hasText: 'The stored token was deleted.' }).waitFor({ timeout: 20_000 });
      await app.page.getByRole('button', { name: 'Disconnect' }).waitFor({ state: 'detached' });
      await expect.poll(() => focused(app.page)).toBe('INPUT #ff-token');
    } finally {
      await mock.close();
    }
  });

  it('Chain: Start node moves focus to Deploy contracts, Stop node to Start node', async () => {
    await gotoView(app.page, app.served.url + '/#/chain', 'Chain');
    const state = () => app.page.getByTestId('chain-state').textContent();
    await expect.poll(state, { timeout: 20_000 }).toBe('stopped');
    await app.page.getByRole('button', { name: 'Start node' }).focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(state, { timeout: 120_000, interval: 500 }).toBe('running');
    await expect.poll(() => focused(app.page)).toBe('BUTTON Deploy contracts');
    await app.page.getByRole('button', { name: 'Stop node' }).focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(state, { timeout: 30_000, interval: 500 }).toBe('stopped');
    await expect.poll(() => focused(app.page)).toBe('BUTTON Start node');
  });

  it('Sensitivity: a cancelled run is a neutral status saying nothing was kept, not a red error', async () => {
    await gotoView(app.page, app.served.url + '/#/sensitivity', 'Sensitivity');
    await app.page.locator('#sens-reps').fill('1000');
    await app.page.getByRole('button', { name: 'Run sensitivity' }).click();
    const cancel = app.page.getByRole('button', { name: 'Cancel', exact: true });
    await cancel.waitFor();
    await expect.poll(() => app.page.locator('main progress').evaluate((p: HTMLProgressElement) => p.value), { timeout: 60_000 }).toBeGreaterThan(0);
    await cancel.click();
    const status = app.page.locator('main').getByRole('status').filter({ hasText: /^Cancelled: / });
    await status.waitFor({ timeout: 60_000 });
    expect(await status.textContent()).toMatch(/^Cancelled: nothing was kept/);
    expect(await app.page.locator('main .callout.error, main [role="alert"]').count()).toBe(0);
    expect(await app.page.locator('main').textContent()).not.toContain('sensitivity analysis cancelled');
  });
});
