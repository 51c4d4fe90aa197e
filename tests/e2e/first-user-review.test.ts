/**
 * Defects a first-time user's review found outside the analysis views: keyboard shortcuts that took
 * over text fields, and forms that ran off a narrow window.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gotoView } from '../helpers/flows';
import { useApp } from '../helpers/app';
import { runCli } from '../helpers/cli';

describe('first-user review fixes (serve + Chromium)', () => {
  const app = useApp({ prefix: 'wb-e2e-review-', page: { viewport: { width: 1280, height: 900 } } });

  it('Simulate: Ctrl+Z in the Name field undoes the typing, not an earlier parameter edit', async () => {
    await gotoView(app.page, app.served.url + '/#/simulate', 'Simulate');
    const members = app.page.getByLabel('Number of members');
    await members.fill('60');
    const name = app.page.locator('#sim-name');
    await name.click();
    await app.page.keyboard.type('baseline');
    await app.page.keyboard.press('Control+z');
    await expect.poll(() => name.inputValue()).toBe('');
    expect(await members.inputValue()).toBe('60');
    // In a parameter field the editor's undo still applies.
    await members.click();
    await app.page.keyboard.press('Control+z');
    await expect.poll(() => members.inputValue()).toBe('50');
  });

  it('Simulate: a long single run shows the week it is on and an ETA, and Cancel stops it', async () => {
    await gotoView(app.page, app.served.url + '/#/simulate', 'Simulate');
    await app.page.getByLabel('Number of members').fill('300000');
    await app.page.getByLabel('Simulation duration (weeks)').fill('80');
    await app.page.getByRole('button', { name: 'Run simulation' }).click();
    const status = app.page.getByRole('group', { name: 'Simulation progress' }).getByRole('status');
    // It read "0 / 1 simulating (0%)" until the run ended.
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^Week [1-9]\d* of 80 · \d+% of the whole job · about .+ left/);
    await app.page.getByRole('group', { name: 'Simulation progress' }).getByRole('button', { name: 'Cancel' }).click();
    // A cancel is a neutral status, not an error alert.
    await app.page.getByRole('status').filter({ hasText: 'Cancelled before the run finished: it is listed as cancelled, with no results.' }).waitFor();
    expect(await app.page.locator('main [role=alert]').count()).toBe(0);
    await app.page.getByLabel('Number of members').fill('50');
    await app.page.getByLabel('Simulation duration (weeks)').fill('156');
  });

  it('Settings at 800 × 600: every field and the Save button stay inside the window', async () => {
    await app.page.setViewportSize({ width: 800, height: 600 });
    try {
      await gotoView(app.page, app.served.url + '/#/settings', 'Settings');
      const right = await app.page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('main form input, main form select, main form button')).map((e) => e.getBoundingClientRect().right)));
      const mainRight = await app.page.evaluate(() => document.querySelector('main')!.getBoundingClientRect().right);
      expect(right).toBeLessThanOrEqual(mainRight);
      await app.page.getByRole('button', { name: 'Save settings' }).click();
      await app.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    } finally {
      await app.page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('Validation progress counts the Monte Carlo runs asked for, not an internal phase over a step count', async () => {
    await gotoView(app.page, app.served.url + '/#/validation', 'Validation');
    await app.page.getByLabel('Monte Carlo runs').fill('3000');
    await app.page.getByRole('button', { name: 'Run validation' }).click();
    const status = app.page.getByRole('group', { name: 'Validation progress' }).getByRole('status');
    // It read "184 / 6010 monte-carlo (3%)": 6010 = 9 model checks + 2 × 3000 runs + 1.
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/^Monte Carlo runs: \d{1,3}(,\d{3})* of 3,000 · \d+% of the whole job/);
    expect(await status.textContent()).not.toContain('monte-carlo');
    await app.page.getByRole('button', { name: 'Cancel' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Validation cancelled: nothing was stored.' }).waitFor();
    expect(await app.page.locator('main [role=alert]').count()).toBe(0);
  });

  it('a tab panel reached with Tab shows the focus ring (it was a Tab stop with outline: none)', async () => {
    await gotoView(app.page, app.served.url + '/#/docs', 'Help');
    await app.page.getByRole('tab', { name: 'Overview' }).focus();
    await app.page.keyboard.press('Tab');
    const panel = app.page.getByRole('tabpanel');
    await expect.poll(() => panel.evaluate((e) => e === document.activeElement)).toBe(true);
    const ring = await panel.evaluate((e) => { const cs = getComputedStyle(e); return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) }; });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
  });

  it('Settings → Default seed reaches Sensitivity, the preset math tests and the Dashboard\'s scenario and shock runs (they used 42)', async () => {
    await gotoView(app.page, app.served.url + '/#/settings', 'Settings');
    await app.page.getByLabel('Default seed').fill('7');
    await app.page.getByRole('button', { name: 'Save settings' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const seedOf = async (op: string, act: () => Promise<void>) => {
      const req = app.page.waitForRequest((r) => r.url().endsWith(`/api/op/${op}`));
      await act();
      return JSON.parse((await req).postData() ?? '{}').input.seed;
    };
    await gotoView(app.page, app.served.url + '/#/sensitivity', 'Sensitivity');
    await app.page.getByText('with common random numbers from seed 7').waitFor();
    await app.page.getByRole('tab', { name: 'Preset math tests' }).click();
    await app.page.getByText('Runs every preset once (seed 7,').waitFor();
    expect(await seedOf('sim.mathTests', () => app.page.getByRole('button', { name: 'Run all preset tests' }).click())).toBe(7);
    await app.page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await gotoView(app.page, app.served.url + '/#/dashboard', 'Dashboard');
    await app.page.getByRole('tab', { name: 'Scenarios' }).click();
    await app.page.getByLabel('Economic Downturn', { exact: true }).check();
    expect(await seedOf('sim.scenario', () => app.page.getByRole('button', { name: 'Run selected scenario' }).click())).toBe(7);
    await app.page.getByRole('heading', { name: 'Economic Downturn' }).waitFor({ timeout: 30_000 });
    await app.page.getByRole('tab', { name: 'Shock testing' }).click();
    expect(await seedOf('sim.shock', () => app.page.getByRole('button', { name: 'Test shock' }).click())).toBe(7);
    await app.page.getByRole('heading', { name: 'Shock results' }).waitFor({ timeout: 30_000 });
  });

  it('Simulate: Enter in Seed runs the simulation, as Enter does in Monte Carlo and Validation', async () => {
    await gotoView(app.page, app.served.url + '/#/simulate', 'Simulate');
    await app.page.getByLabel('Number of members').fill('20');
    await app.page.getByLabel('Seed', { exact: true }).fill('11');
    const req = app.page.waitForRequest((r) => r.url().endsWith('/api/op/sim.run'));
    await app.page.getByLabel('Seed', { exact: true }).press('Enter');
    expect(JSON.parse((await req).postData() ?? '{}').input.seed).toBe(11);
    await app.page.locator('main h1', { hasText: 'Analysis' }).waitFor({ timeout: 60_000 });
  });

  it('term explanations show for keyboard users (a title tooltip never does): Tab to the term, Escape hides it', async () => {
    // On the Analysis of the run just made: its key-metric labels are explained terms.
    await app.page.locator('main h1', { hasText: 'Analysis' }).waitFor();
    const term = app.page.locator('main .tip[tabindex="0"]').first();
    const bubble = term.getByRole('tooltip');
    const width = () => bubble.evaluate((e) => e.getBoundingClientRect().width);
    expect(await width()).toBeLessThanOrEqual(1); // hidden until focused
    await term.focus();
    await app.page.keyboard.press('Shift+Tab');
    await app.page.keyboard.press('Tab'); // focus from the keyboard (focus-visible)
    await expect.poll(() => term.evaluate((e) => e === document.activeElement)).toBe(true);
    await expect.poll(width).toBeGreaterThan(60);
    expect((await bubble.textContent())!.length).toBeGreaterThan(10);
    await app.page.keyboard.press('Escape');
    await expect.poll(width).toBeLessThanOrEqual(1);
    // A term inside a control (Simulate's presets) shows while the control has focus.
    await gotoView(app.page, app.served.url + '/#/simulate', 'Simulate');
    const preset = app.page.getByRole('button', { name: /Strong Cooperation/ });
    await preset.focus();
    await app.page.keyboard.press('Shift+Tab');
    await app.page.keyboard.press('Tab');
    await expect.poll(() => preset.getByRole('tooltip').evaluate((e) => e.getBoundingClientRect().width)).toBeGreaterThan(60);
    expect(await preset.locator('.tip').getAttribute('tabindex')).toBeNull(); // no Tab stop nested in the button
    // Near the right edge the bubble opens leftwards instead of running out of the window.
    const right = await preset.getByRole('tooltip').evaluate((e) => e.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(await app.page.evaluate(() => window.innerWidth));
  });

  it('Settings → Reports folder: errors name the field as labelled; Reports says which folder an empty Folder means', async () => {
    await gotoView(app.page, app.served.url + '/#/settings', 'Settings');
    const field = app.page.getByLabel('Reports folder');
    await field.fill('relative/dir');
    await app.page.getByRole('button', { name: 'Save settings' }).click();
    const alert = app.page.getByRole('alert').filter({ hasText: /^Reports folder: must be an absolute folder/ });
    await alert.waitFor();
    expect(await alert.textContent()).not.toMatch(/settings\.set|reportsDir/);
    // Spaces only: cleared, as an empty field is (it was refused as a relative path " ").
    await field.fill('   ');
    await app.page.getByRole('button', { name: 'Save settings' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const mine = path.join(app.dir, 'my-reports');
    await field.fill(mine);
    await app.page.getByRole('button', { name: 'Save settings' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await gotoView(app.page, app.served.url + '/#/reports', 'Reports');
    // It read "Empty: the reports folder from Settings, else <that same folder>".
    await expect.poll(() => app.page.locator('#rp-folder-hint').textContent()).toContain(`Empty: ${mine} (the reports folder from Settings).`);
  });

  it('Chain: the turnout axis on the right has round ticks (0–100% by 25) drawn inside the chart', async () => {
    const r = await runCli(['--data-dir', app.dir, 'simulate', '--chain', 'model', '--members', '20', '--weeks', '52', '--name', 'chain run']);
    expect(r.code, r.stderr).toBe(0);
    await gotoView(app.page, app.served.url + '/#/chain', 'Chain');
    const fig = app.page.locator('figure.chart', { hasText: 'GRO staked and voting turnout per week' });
    await expect.poll(() => fig.locator('.chart-area[data-ready="true"]').count(), { timeout: 30_000 }).toBe(1);
    const ticks = await fig.evaluate((f) => {
      const svg = f.querySelector('svg.main-svg')!.getBoundingClientRect();
      return Array.from(f.querySelectorAll('.y2tick text')).map((t) => ({ text: t.textContent, inside: t.getBoundingClientRect().right <= svg.right }));
    });
    // They read 5%, 28%, 51%, 73%, 96% (synced to the left axis), the last clipped to "96(".
    expect(ticks.map((t) => t.text)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    expect(ticks.every((t) => t.inside)).toBe(true);
  });

  it('Simulate at 800 × 600: each run setting keeps its label on its line', async () => {
    await app.page.setViewportSize({ width: 800, height: 600 });
    try {
      await gotoView(app.page, app.served.url + '/#/simulate', 'Simulate');
      const rows = await app.page.evaluate(() =>
        ['sim-model', 'sim-seed', 'sim-runs', 'sim-chain', 'sim-name'].map((id) => {
          const c = document.getElementById(id)!.getBoundingClientRect();
          const l = document.querySelector(`label[for="${id}"]`)!.getBoundingClientRect();
          return { id, sameLine: Math.abs((c.top + c.bottom) / 2 - (l.top + l.bottom) / 2) < 6 && l.right <= c.left };
        }),
      );
      // "Runs" ended one line and its field began the next (so did "Name").
      expect(rows.filter((r) => !r.sameLine).map((r) => r.id)).toEqual([]);
    } finally {
      await app.page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('Compare at 800 × 600: each run\'s Open, Edit and Delete stay in view while the run table scrolls sideways', async () => {
    await app.page.setViewportSize({ width: 800, height: 600 });
    try {
      await gotoView(app.page, app.served.url + '/#/compare', 'Compare');
      const scroller = app.page.locator('.table-scroll').filter({ has: app.page.locator('table.history') });
      const open = scroller.getByRole('button', { name: /^Open run / }).first();
      await open.waitFor();
      // The table is wider than its box here (that is why the actions were cut off)…
      expect(await scroller.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
      const box = (await scroller.boundingBox())!;
      for (const name of [/^Open run /, /^Edit run /, /^Delete run /]) {
        const b = (await scroller.getByRole('button', { name }).first().boundingBox())!;
        expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
      }
      await open.click();
      await app.page.locator('main h1', { hasText: 'Analysis' }).waitFor();
    } finally {
      await app.page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('Projections at 800 × 600: the page does not scroll sideways (only the wide tables do, in their own scroller)', async () => {
    await app.page.setViewportSize({ width: 800, height: 600 });
    try {
      await gotoView(app.page, app.served.url + '/#/projections', 'Projections');
      await app.page.locator('.pm-scroll table').first().waitFor();
      // The hidden labels of the scrolled table cells stuck out of it: the whole page scrolled 34 px.
      const main = await app.page.evaluate(() => { const m = document.querySelector('main')!; return { scroll: m.scrollWidth, client: m.clientWidth }; });
      expect(main.scroll).toBe(main.client);
    } finally {
      await app.page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('Alt+<key> shortcuts also work where Alt types another character (macOS: Option+1 is "¡", Option+D is "∂")', async () => {
    await gotoView(app.page, app.served.url + '/#/settings', 'Settings');
    const press = (key: string, code: string) => app.page.evaluate(([k, c]) => dispatchEvent(new KeyboardEvent('keydown', { key: k, code: c, altKey: true, bubbles: true, cancelable: true })), [key, code]);
    await press('∂', 'KeyD');
    await app.page.locator('main h1', { hasText: 'Dashboard' }).waitFor();
    await press('¡', 'Digit1');
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
  });

  it('DoX: a refused JWT is named as the field is labelled, and the message says the (emptied) field needs pasting again', async () => {
    await gotoView(app.page, app.served.url + '/#/dox', 'PMOVES-DoX');
    await app.page.getByLabel('DoX JWT').fill('not a jwt');
    await app.page.getByLabel('DoX JWT').press('Enter');
    const alert = app.page.getByRole('alert').filter({ hasText: /^DoX JWT: must be one line/ });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Paste it again\.$/);
    expect(await app.page.getByLabel('DoX JWT').inputValue()).toBe('');
  });

  it('Projections Monte Carlo says in words how far it is, with Cancel (it showed a bare bar)', async () => {
    await gotoView(app.page, app.served.url + '/#/projections', 'Projections');
    const form = app.page.locator('form', { has: app.page.getByRole('button', { name: 'Run Monte Carlo' }) });
    await form.getByLabel('Runs').fill('20000');
    await form.getByRole('button', { name: 'Run Monte Carlo' }).click();
    const status = app.page.getByRole('group', { name: 'Monte Carlo progress' }).getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^(5 models × 20000 runs|\d of 5 models done \(last: .+\)) · \d+% of the whole job/);
    await app.page.getByRole('group', { name: 'Monte Carlo progress' }).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => app.page.getByRole('group', { name: 'Monte Carlo progress' }).count(), { timeout: 30_000 }).toBe(0);
  });

  it('Reports in dark mode: the Source fieldset has the theme\'s border, not the browser\'s light groove', async () => {
    await gotoView(app.page, app.served.url + '/#/settings', 'Settings');
    await app.page.getByLabel('Theme').selectOption('dark');
    await app.page.getByRole('status').filter({ hasText: 'Theme saved.' }).waitFor();
    try {
      await gotoView(app.page, app.served.url + '/#/reports', 'Reports');
      const { border, style, theme } = await app.page.locator('fieldset', { hasText: 'Source' }).first().evaluate((f) => {
        const cs = getComputedStyle(f);
        const probe = document.createElement('div');
        probe.style.color = 'var(--border)';
        document.body.append(probe);
        const theme = getComputedStyle(probe).color;
        probe.remove();
        return { border: cs.borderTopColor, style: cs.borderTopStyle, theme };
      });
      expect({ border, style }).toEqual({ border: theme, style: 'solid' });
    } finally {
      await gotoView(app.page, app.served.url + '/#/settings', 'Settings');
      await app.page.getByLabel('Theme').selectOption('system');
      await app.page.getByRole('status').filter({ hasText: 'Theme saved.' }).waitFor();
    }
  });
});
