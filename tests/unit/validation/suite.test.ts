import { describe, expect, it } from 'vitest';
import { importTransactionsCsv } from '../../../src-shared/finance/csvImport';
import { generateSampleTransactionsCsv, SAMPLE_TIME_ZONE } from '../../../src-shared/projections/sample/generateSampleTransactions';
import { parseReport } from '../../../src-shared/report/model';
import { DEFAULT_PARAMS, analyticWeeklyGain } from '../../../src-shared/engine';
import { expectedSampleMedianLogNormal } from '../../../src-shared/engine/stats';
import {
  assembleResult, buildValidationReport, computeDeltas, confidenceOf, empiricalComponent, fitMetrics, ksPValue, near, runModelChecks,
  skippedEmpirical, solventParams, statisticalComponent, VALIDATION_SECTION_HEADINGS, type RunSample, type ValidationComponent, type ValidationInputs,
} from '../../../src-shared/validation';

const check = (comps: ValidationComponent[], id: string) => comps.flatMap((c) => c.checks).find((c) => c.id === id)!;

describe('model checks (the nine §6.1 categories through the engine)', () => {
  const comps = runModelChecks(42);
  it('covers the nine categories with 35 checks, all passing', () => {
    expect(comps.map((c) => c.id)).toEqual(['model-gini', 'model-wealth-gap', 'model-poverty', 'model-bottom20', 'model-lognormal', 'model-savings', 'model-grotoken', 'model-scenario', 'model-full-sim']);
    expect(comps.flatMap((c) => c.checks)).toHaveLength(35);
    expect(comps.every((c) => c.status === 'pass')).toBe(true);
  });
  it('records the measured values (known exact answers)', () => {
    expect(check(comps, 'gini-80-20').measured).toBeCloseTo(0.6, 12);
    expect(check(comps, 'gini-inequality').measured).toBeCloseTo(0.8, 12);
    expect(check(comps, 'gini-known').measured).toBeCloseTo(0.266667, 5);
    expect(check(comps, 'gap-10x').measured).toBeCloseTo(10, 10);
    expect(check(comps, 'gap-small').measured).toBeNull();
    expect(check(comps, 'poverty-partial').measured).toBe(0.4);
    expect(check(comps, 'b20-unequal').measured).toBeCloseTo(20 / 410, 12);
    expect(check(comps, 'sav-60').measured).toBeCloseTo(88, 9);
    expect(check(comps, 'sc-a').measured).toBeCloseTo(1300, 9);
    expect(check(comps, 'tok-wealth').measured).toBeCloseTo(600, 9);
    expect(check(comps, 'fs-b-beats-a').measured).toBe(20);
  });
  it('is deterministic for a seed', () => {
    expect(runModelChecks(42)).toEqual(comps);
    expect(check(runModelChecks(7), 'ln-ks').measured).not.toBe(check(comps, 'ln-ks').measured);
  });
  it('exact categories are HIGH with score 100; every component keeps the published level', () => {
    const gini = comps.find((c) => c.id === 'model-gini')!;
    expect(gini.confidence).toMatchObject({ level: 'HIGH', score: 100 });
    expect(comps.every((c) => c.publishedConfidence === 'HIGH')).toBe(true);
  });
});

describe('KS p-value', () => {
  it('matches the Kolmogorov distribution at known points', () => {
    // P(√n·D > 1.358) ≈ 0.05 and P(√n·D > 1.628) ≈ 0.01 (large n)
    expect(ksPValue(1.358 / Math.sqrt(1e6), 1e6)).toBeCloseTo(0.05, 2);
    expect(ksPValue(1.628 / Math.sqrt(1e6), 1e6)).toBeCloseTo(0.01, 3);
    expect(ksPValue(0, 100)).toBe(1);
  });
});

describe('confidence rules', () => {
  const pass = (u: number) => ({ ...near('x', 'x', u, 0, 1, 'b'), usage: u });
  it('a failed check → LOW', () => expect(confidenceOf([near('a', 'a', 5, 0, 1, 'b')], { kind: 'model' }).level).toBe('LOW'));
  it('the LOW reason counts the failed checks with their noun: "1 check failed", "2 checks failed"', () => {
    expect(confidenceOf([near('a', 'Check a', 5, 0, 1, 'b')], { kind: 'model' }).reason).toBe('1 check failed: Check a');
    expect(confidenceOf([near('a', 'Check a', 5, 0, 1, 'b'), near('c', 'Check c', 5, 0, 1, 'b')], { kind: 'model' }).reason).toBe('2 checks failed: Check a; Check c');
  });
  it('usage above 2/3 → MEDIUM, within → HIGH; score = 100 − 50·usage', () => {
    expect(confidenceOf([pass(0.7)], { kind: 'model' })).toMatchObject({ level: 'MEDIUM', score: 65 });
    expect(confidenceOf([pass(0.6)], { kind: 'model' })).toMatchObject({ level: 'HIGH', score: 70 });
  });
  it('statistical: < 10 runs LOW, < 30 MEDIUM, ≥ 30 HIGH', () => {
    expect(confidenceOf([pass(0)], { kind: 'statistical', runs: 9 }).level).toBe('LOW');
    expect(confidenceOf([pass(0)], { kind: 'statistical', runs: 29 }).level).toBe('MEDIUM');
    expect(confidenceOf([pass(0)], { kind: 'statistical', runs: 30 }).level).toBe('HIGH');
  });
  it('empirical: weeks, variance and R² bars', () => {
    expect(confidenceOf([pass(0)], { kind: 'empirical', weeks: 3, variancePct: 0, r2: 0.9 }).level).toBe('LOW');
    expect(confidenceOf([pass(0)], { kind: 'empirical', weeks: 8, variancePct: 0, r2: 0.9 }).level).toBe('MEDIUM');
    expect(confidenceOf([pass(0)], { kind: 'empirical', weeks: 20, variancePct: 12, r2: 0.9 }).level).toBe('MEDIUM');
    expect(confidenceOf([pass(0)], { kind: 'empirical', weeks: 20, variancePct: 5, r2: 0.6 }).level).toBe('HIGH');
    expect(confidenceOf([], { kind: 'empirical' }, true)).toMatchObject({ level: null, score: null });
  });
  it('assumptions are MEDIUM', () => expect(confidenceOf([], { kind: 'assumption' }).level).toBe('MEDIUM'));
});

/** Synthetic samples whose mean is exactly `mean` with sd `sd` (alternating ± sd·√(n/(n−1))). */
function samples(n: number, over: (i: number, sign: number) => Partial<RunSample>): RunSample[] {
  return Array.from({ length: n }, (_, i) => {
    const sign = i % 2 ? -1 : 1;
    return { gainPerMemberWeek: 0, wealthDifference: 68_600, initialMean: 0, initialMedian: 0, rewardMean: 0, bBeatsA: true, giniBLower: true, ...over(i, sign) };
  });
}

describe('statistical checks (tolerance z·SE from the runs)', () => {
  const p = { ...DEFAULT_PARAMS };
  const gain = analyticWeeklyGain(solventParams(p));
  const eMean = Math.exp(p.INITIAL_WEALTH_MEAN_LOG + p.INITIAL_WEALTH_SIGMA_LOG ** 2 / 2);
  const base = (i: number, s: number) => ({ gainPerMemberWeek: gain + s * 0.5, initialMean: eMean + s * 100, initialMedian: 1000 + s * 80, rewardMean: 0.5004 + s * 0.002, wealthDifference: 68_600 + s * 4000 });
  it('the solvent variant never runs dry: income floor ≥ budget mean + 8 sd + fee', () => {
    expect(solventParams(p).MIN_WEEKLY_INCOME).toBe(196);
  });
  it('means on the expectation pass with HIGH at 40 runs; the tolerance is z·sd/√n', () => {
    const c = statisticalComponent({ params: p, defaults: samples(40, base), solvent: samples(40, base), z: 3 });
    expect(c.status).toBe('pass');
    expect(c.confidence.level).toBe('HIGH');
    const g = c.checks.find((k) => k.id === 'st-gain-solvent')!;
    const sd = 0.5 * Math.sqrt(40 / 39);
    expect(g.tolerance).toBeCloseTo((3 * sd) / Math.sqrt(40), 6);
    expect(g.expectedValue).toBeCloseTo(8.9765, 3);
    expect(c.checks.find((k) => k.id === 'st-d-published')!.tolerance).toBeCloseTo((3 * 4000 * Math.sqrt(40 / 39)) / Math.sqrt(40) + 50, 6);
  });
  it('a mean 4 SE off fails and drops to LOW; one run where B loses fails the direction check', () => {
    const off = samples(40, (i, s) => ({ ...base(i, s), gainPerMemberWeek: gain + 4 * (0.5 * Math.sqrt(40 / 39)) / Math.sqrt(40) + s * 0.5 }));
    const c = statisticalComponent({ params: p, defaults: samples(40, base), solvent: off, z: 3 });
    expect(c.checks.find((k) => k.id === 'st-gain-solvent')!.status).toBe('fail');
    expect(c.confidence.level).toBe('LOW');
    const lose = samples(40, (i, s) => ({ ...base(i, s), bBeatsA: i !== 3 }));
    expect(statisticalComponent({ params: p, defaults: lose, solvent: samples(40, base), z: 3 }).checks.find((k) => k.id === 'st-direction')!.status).toBe('fail');
  });
});

describe('the initial median check expects the sample median, not exp(μ)', () => {
  const p = { ...DEFAULT_PARAMS };
  const mu = p.INITIAL_WEALTH_MEAN_LOG, sigma = p.INITIAL_WEALTH_SIGMA_LOG;
  it('expectedSampleMedianLogNormal: one or two draws average to the mean; many draws tend to exp(μ); 50 draws ≈ 1,005.7', () => {
    const mean = Math.exp(mu + sigma ** 2 / 2);
    expect(expectedSampleMedianLogNormal(mu, sigma, 1) / mean).toBeCloseTo(1, 6);
    expect(expectedSampleMedianLogNormal(mu, sigma, 2) / mean).toBeCloseTo(1, 6);
    expect(expectedSampleMedianLogNormal(mu, sigma, 1_000_000) / Math.exp(mu)).toBeCloseTo(1, 5);
    const m50 = expectedSampleMedianLogNormal(mu, sigma, 50);
    expect(m50).toBeGreaterThan(1005.5);
    expect(m50).toBeLessThan(1006);
    expect(expectedSampleMedianLogNormal(mu, 0, 50)).toBeCloseTo(1000, 6);
  });
  it('10,000 runs of the defaults pass (measured 1,004.94, SE 1.06: it failed against 1,000 ± 3.18, z 4.67)', () => {
    // 10,000 synthetic runs with the mean and sd the suite measured.
    const sd = 1.0593 * Math.sqrt(10_000);
    const rows = samples(10_000, (_i, s) => ({ initialMedian: 1004.944271 + s * sd * Math.sqrt(9_999 / 10_000), initialMean: Math.exp(mu + sigma ** 2 / 2), gainPerMemberWeek: analyticWeeklyGain(solventParams(p)), rewardMean: 0.5004 }));
    const c = statisticalComponent({ params: p, defaults: rows, solvent: rows, z: 3 }).checks.find((k) => k.id === 'st-lognormal-median')!;
    expect(c.status).toBe('pass');
    expect(c.expectedValue).toBeCloseTo(1005.74, 1);
  });
});

describe('empirical comparison', () => {
  it('fitMetrics: MAE, RMSE, R², variance %', () => {
    const f = fitMetrics([1, 2, 3, 4], [2, 2, 3, 5]);
    expect(f).toMatchObject({ n: 4, mae: 0.5 });
    expect(f.rmse).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(f.r2).toBeCloseTo(1 - 2 / 5, 12);
    expect(f.variancePct).toBeCloseTo(20, 12);
  });
  it('compares the bundled sample household week by week and category by category', () => {
    const r = importTransactionsCsv(generateSampleTransactionsCsv(), { timeZone: SAMPLE_TIME_ZONE });
    if (!r.ok) throw new Error('sample import failed');
    const c = empiricalComponent({ transactions: r.transactions, snapshotId: 7, timeZone: SAMPLE_TIME_ZONE, params: { ...DEFAULT_PARAMS }, seed: 42 });
    expect(c.status).not.toBe('skipped');
    expect(c.metrics.snapshotId).toBe(7);
    expect(c.metrics.weeks).toBeGreaterThanOrEqual(24);
    // Counts with their noun: "26 full weeks, 1 household, 1,234 food transactions", not "1 household(s)".
    expect(c.description).toMatch(/, \d+ full weeks, 1 household, [\d,]+ food transactions;/);
    expect(c.description).not.toContain('(s)');
    expect(Math.abs(c.metrics.variancePct as number)).toBeLessThan(10); // calibrated budget ≈ actual mean
    expect(typeof c.metrics.mae).toBe('number');
    expect(c.table!.rows.map((x) => x.category)).toEqual(['groceries', 'dining', 'prepared_food', 'food_delivery', 'farmers_market']);
    const actualTotal = c.table!.rows.reduce((s, x) => s + (x.actual as number), 0);
    const simTotal = c.table!.rows.reduce((s, x) => s + (x.simulated as number), 0);
    expect((100 * (simTotal - actualTotal)) / actualTotal).toBeCloseTo(c.metrics.variancePct as number, 0);
  });
  it('amounts are in the data’s currency: EUR spending is never shown as dollars', async () => {
    const { renderMarkdown } = await import('../../../src-shared/report/markdown');
    const { parseReport } = await import('../../../src-shared/report/model');
    const r = importTransactionsCsv(generateSampleTransactionsCsv(), { timeZone: SAMPLE_TIME_ZONE });
    if (!r.ok) throw new Error('sample import failed');
    const eur = r.transactions.map((t) => ({ ...t, currencyCode: 'EUR' }));
    const c = empiricalComponent({ transactions: eur, snapshotId: 7, timeZone: SAMPLE_TIME_ZONE, params: { ...DEFAULT_PARAMS }, seed: 42 });
    expect(c.metrics.currency).toBe('EUR');
    expect(c.description).toMatch(/budget \d{1,3}(,\d{3})*\.\d\d EUR\/week from the data, income \d{1,3}(,\d{3})*\.\d\d EUR\/week/);
    expect(c.table!.columns.find((k) => k.key === 'actual')).toMatchObject({ label: 'Actual EUR/week', type: 'currency', currency: 'EUR' });
    const inputs: ValidationInputs = { params: { ...DEFAULT_PARAMS }, model: 'reference', seed: 42, runs: 30, z: 3, snapshotId: 7, appVersion: '0.0.0', timeZone: SAMPLE_TIME_ZONE };
    const md = renderMarkdown(parseReport(buildValidationReport(assembleResult(inputs, [...runModelChecks(42), c], 10, new Date('2026-01-01T00:00:00Z')), { id: 1, deltas: null })));
    const empirical = md.slice(md.indexOf(c.description.slice(0, 20)));
    expect(empirical).toMatch(/€[\d,]+\.\d{2}/); // the MAE and the table cells
    expect(empirical.slice(0, 3000)).not.toMatch(/\\?\$\d/);
    // The chart's data (printed under it and in charts/empirical-chart.csv) names its first column.
    const { chartData } = await import('../../../src-shared/report/model');
    const chart = parseReport(buildValidationReport(assembleResult(inputs, [...runModelChecks(42), c], 10), { id: 1, deltas: null })).sections.flatMap((s) => s.blocks).find((b) => b.type === 'chart' && b.id === 'empirical-chart');
    if (chart?.type !== 'chart') throw new Error('no empirical chart');
    expect(chartData(chart).columns[0]).toMatchObject({ key: 'Category', label: 'Category' });
    expect(md).toMatch(/\| Category \| Actual \| Simulated \(calibrated\) \| Simulated \(baseline\) \|/);
    // A custom code (not ISO 4217) is a number with the code.
    const usdt = empiricalComponent({ transactions: r.transactions.map((t) => ({ ...t, currencyCode: 'USDT' })), snapshotId: 8, timeZone: SAMPLE_TIME_ZONE, params: { ...DEFAULT_PARAMS }, seed: 42 });
    expect(usdt.table!.columns.find((k) => k.key === 'actual')).toMatchObject({ label: 'Actual USDT/week', type: 'number', unit: 'USDT' });
  });
  it('without a snapshot it is skipped, not failed, and has no level', () => {
    const c = skippedEmpirical('no Firefly snapshot');
    expect(c).toMatchObject({ status: 'skipped', confidence: { level: null } });
  });
});

describe('deltas and the report', () => {
  const inputs: ValidationInputs = { params: { ...DEFAULT_PARAMS }, model: 'reference', seed: 42, runs: 30, z: 3, snapshotId: null, appVersion: '0.0.0', timeZone: 'UTC' };
  const model = runModelChecks(42);
  const a = assembleResult(inputs, [...model, skippedEmpirical('no Firefly snapshot')], 10, new Date('2026-01-01T00:00:00Z'));
  const worse = model.map((c) => (c.id === 'model-gini' ? { ...c, status: 'fail' as const, checks: c.checks.map((k, i) => (i === 2 ? { ...k, measured: 0.3, usage: 3.3, status: 'fail' as const } : k)), confidence: { level: 'LOW' as const, score: 0, reason: 'x' } } : c));
  const b = assembleResult({ ...inputs, runs: 50 }, [...worse, skippedEmpirical('no Firefly snapshot')], 10);
  it('names the confidence that moved, by how much, and the changed check', () => {
    const d = computeDeltas({ id: 1, result: a }, b);
    const g = d.components.find((c) => c.id === 'model-gini')!;
    expect(g).toMatchObject({ levelFrom: 'HIGH', levelTo: 'LOW', levelMoved: -2, scoreFrom: 100, scoreTo: 0, scoreMoved: -100, statusFrom: 'pass', statusTo: 'fail' });
    expect(d.checks).toHaveLength(1);
    expect(d.checks[0]).toMatchObject({ checkId: 'gini-known', statusFrom: 'pass', statusTo: 'fail', measuredTo: 0.3 });
    expect(d.checks[0].change).toBeCloseTo(0.3 - 0.266667, 5);
    expect(d.inputChanges).toEqual([{ name: 'runs', from: '30', to: '50' }]);
    expect(d.passedFrom - d.passedTo).toBe(1);
    expect(d.notes.join('\n')).toMatch(/Gini coefficient: confidence HIGH → LOW \(-2 levels/);
    expect(computeDeltas({ id: 1, result: a }, a).notes).toEqual(['no changes since report #1: same inputs, same values, same confidence']);
  });
  it('counts the checks whose value moved with their noun: "1 check measured …", not "1 check(s)"', () => {
    const moved = (n: number) =>
      assembleResult(inputs, [...model.map((c) => (c.id === 'model-gini' ? { ...c, checks: c.checks.map((k, i) => (i < n && typeof k.measured === 'number' ? { ...k, measured: k.measured + 1e-6 } : k)) } : c)), skippedEmpirical('no Firefly snapshot')], 10);
    expect(computeDeltas({ id: 1, result: a }, moved(1)).notes).toContain('1 check measured a different value with the same outcome');
    expect(computeDeltas({ id: 1, result: a }, moved(2)).notes).toContain('2 checks measured a different value with the same outcome');
  });
  it('shows the seed as the number to type again (1234567), never with thousands separators', async () => {
    const { renderMarkdown } = await import('../../../src-shared/report/markdown');
    const big = assembleResult({ ...inputs, seed: 1_234_567 }, [...model, skippedEmpirical('no Firefly snapshot')], 10);
    const md = renderMarkdown(parseReport(buildValidationReport(big, { id: 3, deltas: null })));
    expect(md).toMatch(/\| Seed \| 1234567 \|/);
    expect(md).not.toContain('1,234,567');
  });
  it('prints an expected value with its thousands grouped, as the measured value beside it ("= 1300 (exact)" beside "1,300.0000")', () => {
    const rep = parseReport(buildValidationReport(assembleResult(inputs, [...model, skippedEmpirical('no Firefly snapshot')], 10), { id: 4, deltas: null }));
    const rows = rep.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'table' ? b.rows : []));
    const accumulates = rows.find((r) => typeof r.check === 'string' && r.check.startsWith('A accumulates'))!;
    expect(accumulates.expected).toBe('= 1,300 (exact)');
    expect(accumulates.measured).toBeCloseTo(1300, 9);
  });
  it('dates the report and the one it is compared with in UTC as people read them (subtitle and changes)', () => {
    const second = assembleResult(inputs, [...model, skippedEmpirical('no Firefly snapshot')], 10, new Date('2026-01-02T08:30:00.250Z'));
    const deltas = computeDeltas({ id: 1, result: a }, second);
    const rep = parseReport(buildValidationReport(second, { id: 2, deltas }));
    expect(rep.subtitle).toBe(`#2 · PASSED · ${second.summary.passed}/${second.summary.checks} checks · 2026-01-02 08:30:00 UTC`);
    const text = rep.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));
    expect(text.some((t) => t.startsWith('Compared with validation report #1 (2026-01-01 00:00:00 UTC): '))).toBe(true);
  });
  it('builds a valid report with every section heading', () => {
    const r = parseReport(buildValidationReport(b, { id: 2, deltas: computeDeltas({ id: 1, result: a }, b) }));
    expect(r.sections.map((s) => s.heading)).toEqual([...VALIDATION_SECTION_HEADINGS]);
    expect(r.inputs.seeds).toEqual([42]);
    expect(r.inputs.extra.validationId).toBe(2);
  });

  it('checks with a tolerance report the share of it used; yes/no checks have none (not "0%")', () => {
    const r = parseReport(buildValidationReport(a, { id: 1, deltas: null }));
    const rows = r.sections.flatMap((s) => s.blocks).flatMap((bl) => (bl.type === 'table' && bl.columns.some((c) => c.label === 'Share of tolerance used') ? bl.rows : []));
    const all = a.components.flatMap((c) => c.checks.map((k) => ({ ...k, component: c.name })));
    expect(rows.length).toBeGreaterThan(30);
    for (const row of rows) {
      const k = all.find((x) => x.component === row.component && x.name === row.check)!;
      expect(row.usage).toBe(k.tolerance === null ? null : k.usage);
    }
    expect(all.some((k) => k.tolerance === null && k.usage === 0)).toBe(true); // a passed yes/no check
  });
});
