import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../../src-shared/report/model';
import { renderHtml } from '../../../src-main/reports/html';
import { CHROMIUM_ARGS } from '../../../src-main/reports/pdf';
import { runReport } from '../../unit/report/fixtures';
import { CHROMIUM } from './helpers';

let dir: string;
let browser: Browser;
let page: Page;
let html: string;
const external: string[] = [];
const violations: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmoves-html-'));
  html = renderHtml(parseReport(runReport()));
  const file = join(dir, 'report.html');
  await writeFile(file, html);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ colorScheme: 'dark' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    external.push(url);
    return route.abort();
  });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.evaluate('window.__pmovesReport.ready');
  violations.push(...((await page.evaluate('window.__csp || []')) as string[]));
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('interactive HTML report', () => {
  it('is self-contained: Plotly inlined, strict CSP, no external URLs in markup', () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-[A-Za-z0-9+/=]+&#39; &#39;sha256-/);
    expect(html).toContain('connect-src &#39;none&#39;');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).not.toMatch(/@import|url\(http/);
    expect(html.length).toBeGreaterThan(4_000_000); // plotly.min.js is inside
  });

  it('makes no network requests, violates no CSP rule and throws no errors', () => {
    expect(external).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('has no modebar button that uploads a chart to Plotly Cloud (Plotly 4: "Share chart...")', async () => {
    const titles = await page.locator('[data-chart] .modebar-btn').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-title')));
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).not.toContain('Share chart...');
  });

  it('renders every chart with Plotly (svg.main-svg)', async () => {
    const state = (await page.evaluate('window.__pmovesReport.ready')) as { charts: number; rendered: number };
    expect(state).toEqual({ charts: 3, rendered: 3 });
    expect(await page.locator('[data-chart] svg.main-svg').count()).toBeGreaterThanOrEqual(3);
    // the lines are drawn
    expect(await page.locator('#fig-wealth .scatterlayer .trace').count()).toBe(2);
  });

  it('escapes hostile names (no injected elements)', async () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(await page.locator('td', { hasText: '<script>alert(1)</script>' }).count()).toBe(1);
  });

  it('sorts tables by clicking a header (numeric order) and applies the initial sort', async () => {
    const members = page.locator('#tbl-members');
    const wealthB = async () => (await members.locator('tbody tr td:nth-child(5)').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-v')))));
    const initial = await wealthB();
    expect(initial).toEqual([...initial].sort((a, b) => b - a)); // data-sort="Wealth_B:desc"
    await members.locator('th[data-key="Wealth_B"] .sort').click();
    const asc = await wealthB();
    expect(asc).toEqual([...initial].sort((a, b) => a - b));
    expect(await members.locator('th[data-key="Wealth_B"]').getAttribute('aria-sort')).toBe('ascending');
    await members.locator('th[data-key="Name"] .sort').click();
    const names = await members.locator('tbody tr td:nth-child(2)').evaluateAll((tds) => tds.map((td) => td.textContent ?? ''));
    expect(names.map((n) => n.toLowerCase())).toEqual([...names].map((n) => n.toLowerCase()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('filters table rows from the search box', async () => {
    const members = page.locator('#tbl-members');
    await members.locator('input[type=search]').fill('smith, alice');
    expect(await members.locator('tbody tr:not([hidden])').count()).toBe(1);
    expect(await members.locator('.count').textContent()).toBe('1 of 40 rows');
    await members.locator('input[type=search]').fill('');
    expect(await members.locator('tbody tr:not([hidden])').count()).toBe(40);
  });

  it('follows the dark colour scheme and has a table of contents linking every section', async () => {
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe('rgb(15, 19, 24)');
    const toc = await page.locator('nav.toc a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(toc).toEqual(['#sec-summary', '#sec-charts', '#sec-comparison', '#sec-history', '#sec-members', '#sec-inputs']);
    for (const href of toc) expect(await page.locator(href!).count()).toBe(1);
  });
});
