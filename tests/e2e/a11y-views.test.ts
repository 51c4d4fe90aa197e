/**
 * Accessibility, measured: every top-level view of the app (src-renderer/sections.ts), and the
 * tabs of the views that have them, checked with axe-core in the light and the dark theme, with
 * stored runs and a stored validation report so the views show their data (cards, charts, tables)
 * and not only their empty states. No violation of impact serious or critical is allowed; a
 * failure lists each one by theme, view, rule id and target.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sections } from '../../src-renderer/sections';
import { useApp } from '../helpers/app';
import { apiOp } from '../helpers/serve';

interface Found {
  id: string;
  impact: string;
  target: string;
  summary: string;
}

/**
 * Third-party widgets our code cannot fix, excluded by their exact selector only. (None so far:
 * add one here with the reason when a violation comes from inside e.g. Plotly's own markup.)
 */
const EXCLUDE: string[] = [];

/** axe-core's serious and critical violations on the page as it is now (and in its frames), one entry per node. */
async function axeFindings(page: Page): Promise<Found[]> {
  await page.evaluate(axe.source);
  const found: Found[] = await page.evaluate(async (exclude) => {
    const ctx = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document;
    const r = await (window as any).axe.run(ctx, { resultTypes: ['violations', 'incomplete'] });
    const out: { id: string; impact: string; target: string; summary: string }[] = [];
    // A node inside a Plotly chart's SVG (axe names it by a selector through .js-plotly-plot or by a bare text[…]).
    const inPlotly = (target: unknown) => {
      const el = document.querySelector(String(target));
      return !!el?.closest('.js-plotly-plot');
    };
    const add = (v: any, n: any, kind: string) =>
      out.push({ id: v.id, impact: `${n.impact}${kind}`, target: String(n.target), summary: String(n.failureSummary ?? n.any?.[0]?.message ?? '').replace(/\s+/g, ' ').slice(0, 240) });
    for (const v of r.violations) for (const n of v.nodes) if (n.impact === 'serious' || n.impact === 'critical') add(v, n, '');
    // "Needs review" counts too (e.g. aria-label on a plain <span>, which screen readers skip), except
    // the contrast of glyph-only text (▲ ↑ ◆): axe cannot measure it; the glyphs repeat what the text says.
    for (const v of r.incomplete)
      for (const n of v.nodes)
        if ((n.impact === 'serious' || n.impact === 'critical') && !(v.id === 'color-contrast' && (n.any?.some((c: any) => c.data?.messageKey === 'nonBmp') || inPlotly(n.target))))
          add(v, n, ', needs review');
    // Plotly draws its text in SVG over a transparent plot, where axe cannot find the background
    // (the "needs review" skipped above): measured here instead, each text's fill against the
    // chart's panel, 4.5:1 as for body text.
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (x: number) => ((x /= 255) <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    for (const t of document.querySelectorAll<SVGTextElement>('figure.chart .js-plotly-plot text')) {
      // A heatmap's cell text lies on its cell, not the panel: Plotly picks its colour against the cell's.
      if (!t.textContent?.trim() || !t.getClientRects().length || t.closest('.heatmaplayer')) continue;
      // A bar's inside text lies on its bar (Plotly's g.point: the bar's path, then its text).
      const bar = t.classList.contains('bartext') ? t.closest('.point')?.querySelector('path') : null;
      const bgCss = bar ? getComputedStyle(bar).fill : getComputedStyle(t.closest('figure.chart')!).backgroundColor;
      const bg = rgb(bgCss);
      const cs = getComputedStyle(t);
      const [r, g, b, a = 1] = rgb(cs.fill);
      const alpha = a * Number(cs.fillOpacity || 1) * Number(cs.opacity || 1);
      const fg = [r, g, b].map((x, i) => x * alpha + bg[i] * (1 - alpha));
      const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (hi + 0.05) / (lo + 0.05);
      if (ratio < 4.5)
        out.push({ id: 'plotly-text-contrast', impact: 'serious', target: `${t.closest('figure')?.getAttribute('aria-label')} › “${t.textContent.trim().slice(0, 30)}”`, summary: `${ratio.toFixed(2)}:1 (${cs.fill} on ${bgCss}${bar ? ', its bar' : ''})` });
    }
    return out;
  }, EXCLUDE);
  // The report preview is a sandboxed iframe (its own origin): axe run on the page cannot enter it
  // and says so (frame-tested). It is checked here inside the frame itself instead.
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  for (const f of frames) {
    await f.evaluate(axe.source);
    const inner: Found[] = await f.evaluate(async () => {
      const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
      return r.violations.flatMap((v: any) =>
        v.nodes
          .filter((n: any) => n.impact === 'serious' || n.impact === 'critical')
          .map((n: any) => ({ id: v.id, impact: n.impact, target: `iframe › ${n.target}`, summary: String(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240) })),
      );
    });
    found.push(...inner);
  }
  return frames.length ? found.filter((x) => !(x.id === 'frame-tested' && x.target === 'iframe')) : found;
}

/** Waits until the view is settled: its heading, no busy region, and every chart drawn. */
async function settle(page: Page): Promise<void> {
  await page.locator('main h1').waitFor();
  await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'), undefined, { timeout: 30_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('.chart-area')].every((c) => c.getAttribute('data-ready') === 'true'), undefined, { timeout: 30_000 });
  // Two frames: React's last commit and the theme's styles are applied.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * The focused element's focus-ring problem, '' when it has none, null when nothing (new) has focus, 'again'
 * when Tab came back to an element seen before (the cycle is complete). Runs in the page, two frames
 * after the key press (the ring and any scrolling are applied by then).
 */
function focusRingProblem(): Promise<string | null> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return resolve(null);
      // A date field takes several Tabs (day, month, year): one stop.
      const w = window as unknown as { a11yLast?: Element };
      if (w.a11yLast === el) return resolve(null);
      w.a11yLast = el;
      if (el.hasAttribute('data-a11y-seen')) return resolve('again');
      el.setAttribute('data-a11y-seen', '');
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} “${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}”`;
      const cs = getComputedStyle(el);
      const width = parseFloat(cs.outlineWidth) || 0;
      if (cs.outlineStyle === 'none' || width < 2) return resolve(`${name}: no focus ring (outline ${cs.outlineStyle} ${cs.outlineWidth})`);
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (x: number) => ((x /= 255) <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      let bg = getComputedStyle(document.body).backgroundColor;
      for (let x = el.parentElement; x; x = x.parentElement) {
        const b = getComputedStyle(x).backgroundColor;
        if (rgb(b)[3] !== 0 && b !== 'transparent') {
          bg = b;
          break;
        }
      }
      const [hi, lo] = [lum(rgb(cs.outlineColor)), lum(rgb(bg))].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      if (ratio < 3) return resolve(`${name}: ring ${cs.outlineColor} on ${bg} is ${ratio.toFixed(2)}:1`);
      // The ring's outer box must lie inside every clipping ancestor and the window, unless the
      // element itself is larger than that box (a tall tab panel cannot be shown whole).
      const ext = width + (parseFloat(cs.outlineOffset) || 0);
      const r = el.getBoundingClientRect();
      const ring = { l: r.left - ext, t: r.top - ext, r: r.right + ext, b: r.bottom + ext };
      const boxes: { what: string; l: number; t: number; r: number; b: number }[] = [{ what: 'the window', l: 0, t: 0, r: innerWidth, b: innerHeight }];
      for (let x = el.parentElement; x && x !== document.documentElement; x = x.parentElement) {
        const c = getComputedStyle(x);
        if (c.overflowX === 'visible' && c.overflowY === 'visible') continue;
        const p = x.getBoundingClientRect();
        const bl = parseFloat(c.borderLeftWidth) || 0;
        const bt = parseFloat(c.borderTopWidth) || 0;
        boxes.push({ what: `${x.tagName.toLowerCase()}${x.id ? `#${x.id}` : ''}.${[...x.classList].join('.')}`, l: p.left + bl, t: p.top + bt, r: p.left + bl + x.clientWidth, b: p.top + bt + x.clientHeight });
      }
      for (const b of boxes) {
        if (r.width + 2 * ext > b.r - b.l || r.height + 2 * ext > b.b - b.t) continue;
        const cut = [b.l - ring.l, b.t - ring.t, ring.r - b.r, ring.b - b.b].map((v) => Math.round(v));
        if (cut.some((v) => v > 0)) return resolve(`${name}: ring cut off by ${b.what} (left, top, right, bottom px: ${cut.join(', ')})`);
      }
      resolve('');
    })),
  );
}

describe('axe-core on every view, light and dark (serve + Chromium)', () => {
  const app = useApp({
    prefix: 'wb-e2e-a11y-',
    // Nothing answers at these addresses: DoX and Firefly show their unreachable states fast.
    env: { DOX_URL: 'http://127.0.0.1:9', DOX_JWT: '', DOX_TOKEN: '', FIREFLY_URL: '', FIREFLY_TOKEN: '' },
    page: { viewport: { width: 1280, height: 900 } },
  });

  // Stored runs and a validation report, so the views show their data and not only empty states.
  let query: Record<string, string> = {};
  beforeAll(async () => {
    const page = app.page;
      const run = async (name: string, seed: number) => {
        const r = await apiOp(page, 'sim.run', { runs: 3, workers: 1, seed, params: { NUM_MEMBERS: 40, SIMULATION_WEEKS: 52 }, name });
        if (!r.ok) throw new Error(`sim.run: ${JSON.stringify(r.error)}`);
        return r.output.runId as number;
      };
      const a = await run('Baseline', 1);
      const b = await run('Second', 2);
      const v = await apiOp(page, 'validation.run', { runs: 2, seed: 5 });
      if (!v.ok) throw new Error(`validation.run: ${JSON.stringify(v.error)}`);

      // Where a view needs a stored run (or two), its link names them, as the app's own links do.
      query = {
        analysis: `?run=${a}`,
        compare: `?runs=${a},${b}`,
        dashboard: `?run=${a}`,
        chain: `?run=${a}`,
        reports: `?source=run&id=${a}`,
      };
  });

  it('follows every OS light/dark switch, also one made just as the view changes', async () => {
    // A navigation right after the switch re-rendered the shell before Chrome reported the change:
    // the app then stayed in the old theme (seen as light pages under a dark OS) until reloaded.
    const page = app.page;
    const views = ['simulate', 'settings', 'docs', 'compare'];
    for (let i = 0; i < 12; i++) {
      const scheme = i % 2 ? 'light' : 'dark';
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate((v) => (location.hash = `#/${v}`), views[i % views.length]);
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), { timeout: 3000, message: `switch ${i + 1} to ${scheme}` }).toBe(scheme);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('has no serious or critical violations in any view, tab or theme', { timeout: 600_000 }, async () => {
    const page = app.page;
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const s of sections) {
        await page.goto(`${app.served.url}/#/${s.id}${query[s.id] ?? ''}`);
        await settle(page);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
        const tabs = page.locator('main [role="tablist"]').first().getByRole('tab');
        const names = (await tabs.count()) ? await tabs.allTextContents() : [''];
        for (const [i, tab] of names.entries()) {
          if (tab) {
            await tabs.nth(i).click();
            await settle(page);
          }
          for (const f of await axeFindings(page)) found.push(`${scheme} · ${s.label}${tab ? ` › ${tab}` : ''} · ${f.id} (${f.impact}) · ${f.target} · ${f.summary}`);
        }
      }
    }
    expect(found, `axe serious/critical violations:\n${found.join('\n')}`).toEqual([]);
  });

  it('has no serious or critical violations in the result states: Monte Carlo, Sensitivity, Dashboard shock test, report preview', { timeout: 600_000 }, async () => {
    const page = app.page;
    // Small inputs in the shared editor, so each job takes a second or two.
    await page.goto(`${app.served.url}/#/simulate`);
    await settle(page);
    await page.getByLabel('Number of members').fill('30');
    await page.getByLabel('Simulation duration (weeks)').fill('30');
    const states: { name: string; open: () => Promise<void> }[] = [
      {
        name: 'Monte Carlo results',
        open: async () => {
          await page.goto(`${app.served.url}/#/montecarlo`);
          await settle(page);
          await page.locator('#mc-runs').fill('4');
          await page.getByRole('button', { name: /^Run/ }).first().click();
          await page.locator('#mc-res-title').waitFor({ timeout: 60_000 });
        },
      },
      {
        name: 'Sensitivity results',
        open: async () => {
          await page.goto(`${app.served.url}/#/sensitivity`);
          await settle(page);
          await page.getByRole('tab', { name: 'One at a time' }).click();
          for (const cb of await page.locator('.sens-row input[type=checkbox]').all()) if (await cb.isChecked()) await cb.uncheck();
          await page.locator('#sens-on-NUM_MEMBERS').check();
          await page.locator('#sens-on-NUM_MEMBERS ~ input').fill('20, 40');
          await page.locator('#sens-reps').fill('2');
          await page.getByRole('button', { name: 'Run sensitivity' }).click();
          await page.locator('main .chart-area').first().waitFor({ timeout: 60_000 });
        },
      },
      {
        name: 'Dashboard shock results',
        open: async () => {
          await page.goto(`${app.served.url}/#/dashboard?tab=shock`);
          await settle(page);
          await page.getByRole('button', { name: 'Test shock' }).click();
          await page.locator('#sh-res').waitFor({ timeout: 60_000 });
        },
      },
      {
        name: 'Report preview',
        open: async () => {
          await page.goto(`${app.served.url}/#/reports${query.reports}`);
          await settle(page);
          await page.getByRole('button', { name: 'Generate preview' }).click();
          await page.locator('main iframe').waitFor({ timeout: 60_000 });
        },
      },
    ];
    const found: string[] = [];
    for (const st of states) {
      await page.emulateMedia({ colorScheme: 'light' });
      await st.open();
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
        await settle(page);
        for (const f of await axeFindings(page)) found.push(`${scheme} · ${st.name} · ${f.id} (${f.impact}) · ${f.target} · ${f.summary}`);
      }
    }
    expect(found, `axe serious/critical violations:\n${found.join('\n')}`).toEqual([]);
  });

  it('shows a focus ring at every Tab stop of every view, in both themes: 2px, 3:1 against its background, not cut off', { timeout: 600_000 }, async () => {
    const page = app.page;
    // Reports with its preview shown (it stays for the session): the preview frame is a Tab stop too.
    await page.goto(`${app.served.url}/#/reports${query.reports}`);
    await settle(page);
    if (!(await page.locator('main iframe').count())) {
      await page.getByRole('button', { name: 'Generate preview' }).click();
      await page.locator('main iframe').waitFor({ timeout: 60_000 });
    }
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const s of sections) {
        await page.goto(`${app.served.url}/#/${s.id}${query[s.id] ?? ''}`);
        await settle(page);
        await page.evaluate(() => {
          (document.activeElement as HTMLElement | null)?.blur?.();
          for (const e of document.querySelectorAll('[data-a11y-seen]')) e.removeAttribute('data-a11y-seen');
        });
        let stops = 0;
        for (let i = 0; i < 250; i++) {
          await page.keyboard.press('Tab');
          const r = await page.evaluate(focusRingProblem);
          if (r === 'again') break;
          if (r === null) continue;
          stops++;
          if (r) found.push(`${scheme} · ${s.label} · ${r}`);
        }
        expect(stops, `${scheme} · ${s.label}: Tab stops`).toBeGreaterThan(15);
      }
    }
    expect(found, `focus ring problems:\n${found.join('\n')}`).toEqual([]);
  });
});
