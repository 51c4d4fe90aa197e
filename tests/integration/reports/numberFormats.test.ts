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
import { importTransactionsCsv } from '../../../src-shared/finance/csvImport';
import { generateSampleTransactionsCsv, SAMPLE_TIME_ZONE } from '../../../src-shared/projections/sample/generateSampleTransactions';
import { DEFAULT_PARAMS } from '../../../src-shared/engine';
import { assembleResult, buildValidationReport, computeDeltas, empiricalComponent, near, skippedEmpirical, within, type ValidationComponent, type ValidationInputs } from '../../../src-shared/validation';
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

/** A negative number written with the ASCII hyphen-minus in text for people (not "80-20" or a date). */
const ASCII_NEGATIVE = /(?:^|[\s|(\[=:,])-\.?\d/m;

describe('minus signs: U+2212 in documents, a plain "-" in the CSV', () => {
  it('run report: a negative final value (B worse than A)', async () => {
    const worse = parseReport(buildRunReport({ id: 3, name: 'worse', createdAt: '' }, singleRunDoc(runSimulation({ NUM_MEMBERS: 40, SIMULATION_WEEKS: 52, GROUP_BUY_SAVINGS_PERCENT: 0, LOCAL_PRODUCTION_SAVINGS_PERCENT: 0, GROTOKEN_USD_VALUE: 0, WEEKLY_COOP_FEE_B: 20 }, { seed: 5 }), 5), '0.1.0'));
    const md = renderMarkdown(worse);
    const line = mdRow(md, '| Total wealth difference (B − A, $) |')!;
    expect(line).toMatch(/\| −[\d,]+\.\d{4} \|$/);
    expect(md).not.toMatch(ASCII_NEGATIVE);
    expect(renderHtml(worse)).toMatch(/<td data-v="-[\d.]+" class="num">−[\d,.]+<\/td>/);
    const rows = await csvOf(worse, 'minus-run', 'final');
    const wd = Number(rows.find((r) => r.metric === 'Total wealth difference (B − A, $)')!.mean);
    expect(wd).toBeLessThan(0);
  });

  it('validation report: measured values, changes (signed both ways), levels and texts', async () => {
    const inputs: ValidationInputs = { params: {}, model: 'reference', seed: 42, runs: 30, z: 3, snapshotId: null, appVersion: '0.0.0', timeZone: 'UTC' };
    const comp = (measured: number, score: number, level: 'HIGH' | 'LOW'): ValidationComponent => ({
      id: 'model-neg',
      name: 'Negative values',
      kind: 'model',
      description: 'd',
      status: 'pass',
      confidence: { level, score, reason: level === 'HIGH' ? 'all passed' : 'variance -12.50 %, R² -0.05' },
      checks: [near('neg', 'Slope', measured, 0, 0.01, 'n 30, SE 0.0046, tol 3·SE, z -1.231'), within('in', 'Centred', 0.1, -0.5, 0.5, 'b'), near('up', 'Rises', 6 - score / 25, 2, 10, 'b'), near('small', 'Small', 0.5004, 0.5, 9.6e-4, 'n 30, SE 4.007e-4, tol 3·SE, z -0.047')],
      metrics: {},
    });
    const a = assembleResult(inputs, [comp(-0.0057, 100, 'HIGH'), skippedEmpirical('no Firefly snapshot')], 5, new Date('2026-01-01T00:00:00Z'));
    const b = assembleResult(inputs, [comp(-0.0091, 94, 'LOW'), skippedEmpirical('no Firefly snapshot')], 5, new Date('2026-01-02T00:00:00Z'));
    const report = parseReport(buildValidationReport(b, { id: 2, deltas: computeDeltas({ id: 1, result: a }, b) }));
    const md = renderMarkdown(report);
    expect(mdRow(md, '| Negative values | Slope |')).toBe('| Negative values | Slope | 0 ± 0.01 | −0.0091 | 91% | PASS | n 30, SE 0.0046, tol 3·SE, z −1.231 |');
    expect(mdRow(md, '| Negative values | Centred |')).toContain('| in (−0.5, 0.5) |');
    // Exponents in the stored texts ("± 9.600e-4", "SE 4.007e-4") read as decimals.
    expect(mdRow(md, '| Negative values | Small |')).toBe('| Negative values | Small | 0.5 ± 0.00096 | 0.5004 | 42% | PASS | n 30, SE 0.0004007, tol 3·SE, z −0.047 |');
    expect(mdRow(md, '| Negative values | PASS |')).toBe('| Negative values | PASS | HIGH → LOW | −2 | 100 → 94 | −6 |');
    expect(mdRow(md, '| Slope | PASS |')).toBe('| Slope | PASS | −0.0057 | −0.0091 | −0.0034 |');
    expect(mdRow(md, '| Rises | PASS |')).toBe('| Rises | PASS | 2.0000 | 2.2400 | +0.2400 |');
    expect(md).toContain('(−2 levels');
    expect(md).toContain('variance −12.50 %, R² −0.05');
    expect(md).not.toMatch(ASCII_NEGATIVE);
    const html = renderHtml(report);
    expect(html).toContain('<td data-v="-0.0034" class="num">−0.0034</td>');
    expect(html).toContain('<td data-v="0.24" class="num">+0.2400</td>');
    expect(html).toContain('<td data-v="-6" class="num">−6</td>');
    // The CSV bundle: plain numbers a program parses.
    const checks = await csvOf(report, 'minus-validation', 'delta-checks');
    expect(checks.map((r) => [r.from, r.to, r.change])).toEqual([['-0.0057', '-0.0091', '-0.0034'], ['2', '2.24', '0.24']]);
    const comps = await csvOf(report, 'minus-validation-2', 'delta-components');
    expect(comps.find((r) => r.component === 'Negative values')!.scoreMoved).toBe('-6');
  });
});

describe('validation: a measured value in the unit of its expectation', () => {
  it('the empirical variance reads in % beside "0 % ± 25 %", in the checks and in the changes', async () => {
    const r = importTransactionsCsv(generateSampleTransactionsCsv(), { timeZone: SAMPLE_TIME_ZONE });
    if (!r.ok) throw new Error('sample import failed');
    const emp = empiricalComponent({ transactions: r.transactions, snapshotId: 7, timeZone: SAMPLE_TIME_ZONE, params: { ...DEFAULT_PARAMS }, seed: 42 });
    const variance = emp.checks.find((k) => k.id === 'emp-variance')!;
    expect(variance.expected).toBe('0 % ± 25 %');
    const inputs: ValidationInputs = { params: { ...DEFAULT_PARAMS }, model: 'reference', seed: 42, runs: 30, z: 3, snapshotId: 7, appVersion: '0.0.0', timeZone: SAMPLE_TIME_ZONE };
    const a = assembleResult({ ...inputs, snapshotId: null }, [skippedEmpirical('no Firefly snapshot')], 5, new Date('2026-01-01T00:00:00Z'));
    const b = assembleResult(inputs, [emp], 5, new Date('2026-01-02T00:00:00Z'));
    const report = parseReport(buildValidationReport(b, { id: 2, deltas: computeDeltas({ id: 1, result: a }, b) }));
    const md = renderMarkdown(report);
    expect(md.match(/\| Measured \| Unit \|/g)).toHaveLength(1);
    expect(md).toContain('| Measured now | Change | Unit |');
    const value = `${variance.measured! < 0 ? '−' : ''}${Math.abs(variance.measured!).toFixed(4)}`;
    expect(mdRow(md, '| Empirical comparison (Firefly) | Total spending variance')).toContain(`| 0 % ± 25 % | ${value} | % |`);
    expect(mdRow(md, '| Total spending variance, calibrated (simulated vs actual) | NEW → PASS |')).toBe(`| Total spending variance, calibrated (simulated vs actual) | NEW → PASS | — | ${value} | — | % |`);
    // The CSV keeps the number and names its unit.
    const rows = await csvOf(report, 'units-validation', 'empirical-checks');
    expect(rows.map((x) => [x.check.slice(0, 14), x.measured, x.unit])).toEqual([['Total spending', String(variance.measured), '%'], ['R² of weekly c', String(emp.checks[1].measured), '']]);
  });
});
