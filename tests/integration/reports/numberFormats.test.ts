import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonteCarloAggregator, parseParams, runSimulation } from '../../../src-shared/engine';
import { renderMarkdown } from '../../../src-shared/report/markdown';
import { parseReport, type Report } from '../../../src-shared/report/model';
import { monteCarloDoc, singleRunDoc } from '../../../src-shared/sim/runDoc';
import { buildComparisonReport, buildRunReport } from '../../../src-shared/sim/runReport';
import { renderHtml } from '../../../src-main/reports/html';
import { writeReport } from '../../../src-main/reports/write';

/** How the reports print numbers, in Markdown, HTML and the CSV bundle, for every report kind. */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wb-number-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const csvOf = async (report: Report, name: string, table: string) => {
  const out = join(dir, name);
  await writeReport(report, 'csv', out);
  return parseCsv(await readFile(join(out, 'tables', `${table}.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
};
const mdRow = (md: string, start: string) => md.split('\n').find((l) => l.replace(/\\/g, '').startsWith(start))?.replace(/\\/g, '');

const p1000 = parseParams({ NUM_MEMBERS: 1000, SIMULATION_WEEKS: 3 });
const run = parseReport(buildRunReport({ id: 1, name: 'big', createdAt: '' }, singleRunDoc(runSimulation(p1000, { seed: 3 }), 3), '0.1.0'));
const mc = (() => {
  const agg = new MonteCarloAggregator(3, 1000, 2);
  for (let r = 0; r < 2; r++) agg.add(runSimulation(p1000, { seed: 4, runIndex: r }).metrics);
  return parseReport(buildRunReport({ id: 2, name: 'mc', createdAt: '' }, monteCarloDoc({ agg: agg.result(), model: 'reference', seed: 4, runs: 2, params: { ...p1000 }, members: 1000, representative: null, elapsedMs: 1 }), '0.1.0'));
})();

describe('parameters: integers as integers, fractions to a sensible precision', () => {
  it.each([
    ['run', run],
    ['Monte Carlo set', mc],
  ])('%s report: Markdown, HTML and CSV', async (kind, report) => {
    const md = renderMarkdown(report);
    expect(mdRow(md, '| Number of members |')).toBe('| Number of members | NUM_MEMBERS | 1,000 |');
    expect(mdRow(md, '| Simulation duration (weeks) |')).toBe('| Simulation duration (weeks) | SIMULATION_WEEKS | 3 |');
    expect(mdRow(md, '| Group-buy savings (fraction) |')).toBe('| Group-buy savings (fraction) | GROUP_BUY_SAVINGS_PERCENT | 0.15 |');
    expect(mdRow(md, '| Initial wealth (log mean) |')).toBe('| Initial wealth (log mean) | INITIAL_WEALTH_MEAN_LOG | 6.9078 |');
    expect(md).not.toMatch(/\| (1,000|3|0\.1500)\.0000 \|/);
    const html = renderHtml(report);
    expect(html).toContain('<td data-v="1000" class="num">1,000</td>');
    expect(html).toContain('<td data-v="0.15" class="num">0.15</td>');
    // The CSV keeps the exact numbers.
    const rows = await csvOf(report, `params-${kind.replace(/ /g, '-')}`, 'params');
    expect(rows.find((r) => r.name === 'NUM_MEMBERS')!.value).toBe('1000');
    expect(rows.find((r) => r.name === 'INITIAL_WEALTH_MEAN_LOG')!.value).toBe(String(Math.log(1000)));
  });

  it('comparison report: the parameters that differ, exact and grouped', async () => {
    const p2 = parseParams({ NUM_MEMBERS: 1200, SIMULATION_WEEKS: 3, INITIAL_WEALTH_MEAN_LOG: 6.907755 });
    const cmp = parseReport(buildComparisonReport([
      { meta: { id: 1, name: 'a', createdAt: '' }, doc: singleRunDoc(runSimulation(p1000, { seed: 3 }), 3) },
      { meta: { id: 2, name: 'b', createdAt: '' }, doc: singleRunDoc(runSimulation(p2, { seed: 3 }), 3) },
    ], '0.1.0'));
    const md = renderMarkdown(cmp);
    expect(mdRow(md, '| Number of members |')).toBe('| Number of members | NUM_MEMBERS | 1,000 | 1,200 |');
    expect(mdRow(md, '| Initial wealth (log mean) |')).toBe(`| Initial wealth (log mean) | INITIAL_WEALTH_MEAN_LOG | ${Math.log(1000)} | 6.907755 |`);
    expect(renderHtml(cmp)).toContain('<td data-v="1200" class="num">1,200</td>');
    const rows = await csvOf(cmp, 'params-comparison', 'param-diff');
    expect(rows.map((r) => [r.param, r.run_1, r.run_2])).toEqual([
      ['NUM_MEMBERS', '1000', '1200'],
      ['INITIAL_WEALTH_MEAN_LOG', String(Math.log(1000)), '6.907755'],
    ]);
  });
});
