import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { ROOT } from '../../helpers/tmp';

/**
 * The charts' Plotly modebar: no button that uploads a chart to Plotly Cloud (Plotly 4's "Share
 * chart..." / sendChartToCloud), and its buttons show the app's focus ring (Plotly's own is 1px black,
 * invisible on the dark theme).
 */
describe('chart modebar (serve mode, dark theme)', () => {
  const app = useApp({
    page: { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' },
    before: (dir) => {
      const cli = path.join(ROOT, 'out/main/cli.js');
      const r = spawnSync(process.execPath, [cli, '--data-dir', dir, 'simulate', '--seed', '42'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    },
  });

  beforeAll(async () => {
    await app.page.goto(app.served.url + '/#/analysis?tab=overview');
    await app.page.locator('figure.chart .chart-area[data-ready="true"]').first().waitFor({ timeout: 30_000 });
  });

  it('offers no upload to Plotly Cloud', async () => {
    const fig = app.page.locator('figure.chart').first();
    await fig.hover();
    const titles = await fig.locator('.modebar-btn').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-title')));
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).not.toContain('Share chart...');
    expect(await app.page.locator('.modebar-btn[data-attr="sendChartToCloud"], .modebar-btn[data-title="Share chart..."]').count()).toBe(0);
  });

  it('rings a focused modebar button in the app focus colour', async () => {
    await app.page.mouse.move(1, 1);
    const btn = app.page.locator('figure.chart').first().locator('.modebar-btn').first();
    await btn.focus();
    await app.page.keyboard.press('Shift+Tab');
    await app.page.keyboard.press('Tab');
    const ring = await app.page.evaluate(() => {
      const e = document.activeElement as HTMLElement;
      const cs = getComputedStyle(e);
      const focus = getComputedStyle(document.documentElement).getPropertyValue('--focus').trim();
      const probe = document.createElement('span');
      probe.style.color = focus;
      document.body.appendChild(probe);
      const want = getComputedStyle(probe).color;
      probe.remove();
      return { cls: e.className, width: cs.outlineWidth, color: cs.outlineColor, want };
    });
    expect(ring.cls).toContain('modebar-btn');
    expect(ring.width).toBe('2px');
    expect(ring.color).toBe(ring.want);
  });
});
