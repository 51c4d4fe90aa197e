import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPreset, runSimulation } from '../../../src-shared/engine';
import { parseReport } from '../../../src-shared/report/model';
import { singleRunDoc } from '../../../src-shared/sim/runDoc';
import { buildComparisonReport, buildRunReport } from '../../../src-shared/sim/runReport';
import { renderHtml } from '../../../src-main/reports/html';
import { CHROMIUM_ARGS } from '../../../src-main/reports/pdf';
import { CHROMIUM } from './helpers';

// The new user's runs: strong cooperation (poverty 0–2%) and the baseline, seed 42.
const strong = singleRunDoc(runSimulation(applyPreset('strong-cooperation'), { seed: 42 }), 1);
const baseline = singleRunDoc(runSimulation(applyPreset('baseline'), { seed: 42 }), 1);

let dir: string;
let browser: Browser;

async function open(name: string, html: string): Promise<Page> {
  const file = join(dir, name);
  await writeFile(file, html);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.evaluate('window.__pmovesReport.ready');
  return page;
}
const yTicks = (page: Page, fig: string) => page.locator(`#${fig} .ytick text`).allTextContents();
/** Distinct labels, each its tick's value: 0.5% steps read "0.5%", not "1%". */
function expectDistinctSteps(labels: string[]) {
  expect(labels.length).toBeGreaterThanOrEqual(3);
  expect(new Set(labels).size, labels.join(', ')).toBe(labels.length);
  const values = labels.map((l) => Number(l.replace(/[^0-9.]/g, '')));
  const step = values[1] - values[0];
  values.forEach((v, i) => expect(v).toBeCloseTo(values[0] + i * step, 9));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmoves-ticks-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('percent axes as Plotly draws them in the HTML (and PDF) report', () => {
  it('the run report\'s poverty axis reads 0.0%, 0.5%, 1.0%, 1.5%, 2.0%, also zoomed in', async () => {
    const page = await open('run.html', renderHtml(parseReport(buildRunReport({ id: 1, name: 'Strong cooperation', createdAt: '' }, strong, '0.1.0'))));
    const labels = await yTicks(page, 'fig-poverty');
    expect(labels).toContain('0.5%');
    expect(labels).toContain('1.5%');
    expectDistinctSteps(labels);
    await page.evaluate("window.Plotly.relayout(document.querySelector('#fig-poverty [data-chart]'), { 'yaxis.range': [0.01, 0.012] })");
    expectDistinctSteps(await yTicks(page, 'fig-poverty'));
    await page.close();
  });

  it('so does the comparison report\'s poverty axis', async () => {
    const cmp = buildComparisonReport([{ meta: { id: 1, name: 'Strong cooperation', createdAt: '' }, doc: strong }, { meta: { id: 2, name: 'Baseline', createdAt: '' }, doc: baseline }], '0.1.0');
    const page = await open('cmp.html', renderHtml(parseReport(cmp)));
    const labels = await yTicks(page, 'fig-cmp-povertyrate-b');
    expect(labels.some((l) => /\.5%$/.test(l))).toBe(true);
    expectDistinctSteps(labels);
    expectDistinctSteps(await yTicks(page, 'fig-cmp-avgwealth-b'));
    await page.close();
  });

  it('the y axis title clears the tick labels ("Wealth ($)" was drawn over "$10,000")', async () => {
    const cmp = buildComparisonReport([{ meta: { id: 1, name: 'Strong cooperation', createdAt: '' }, doc: strong }, { meta: { id: 2, name: 'Baseline', createdAt: '' }, doc: baseline }], '0.1.0');
    const page = await open('cmp-title.html', renderHtml(parseReport(cmp)));
    for (const fig of ['fig-cmp-avgwealth-b', 'fig-cmp-avgwealth-a', 'fig-cmp-gini-b', 'fig-cmp-povertyrate-b']) {
      const title = await page.locator(`#${fig} .ytitle`).boundingBox();
      const ticks = await page.locator(`#${fig} .ytick text`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
      expect(title, fig).not.toBeNull();
      expect(ticks.length).toBeGreaterThan(0);
      // The rotated title sits left of every tick label.
      expect(title!.x + title!.width, `${fig}: title ends at ${title!.x + title!.width}, ticks start at ${Math.min(...ticks)}`).toBeLessThanOrEqual(Math.min(...ticks));
    }
    await page.close();
  });
});
