import { describe, expect, it } from 'vitest';
import { formatDelta, formatValue, minusSigns, rawText } from '../../../src-shared/report/format';
import { chartData, parseReport, ReportValidationError, sampleIndices, slugify, type ChartBlock } from '../../../src-shared/report/model';
import { runReport, validationReport } from './fixtures';

describe('report model', () => {
  it('accepts the realistic fixtures and fills defaults', () => {
    const r = parseReport(runReport());
    expect(r.schemaVersion).toBe(1);
    expect(r.sections.map((s) => s.id)).toEqual(['summary', 'charts', 'comparison', 'history', 'members']);
    const v = parseReport(validationReport());
    expect(v.inputs.runIds).toEqual([]);
    expect(v.inputs.extra).toEqual({});
  });

  it('rejects duplicate ids, unknown columns, wrong cell types and non-finite numbers, naming the field', () => {
    const bad = runReport();
    const members = bad.sections[4].blocks[0] as { rows: Record<string, unknown>[]; id: string };
    members.rows[0] = { ...members.rows[0], Income: 'lots', Bogus: 1 };
    (bad.sections[3].blocks[1] as { id: string }).id = 'members';
    bad.sections[1].id = 'summary';
    let err: unknown;
    try {
      parseReport(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReportValidationError);
    const issues = (err as ReportValidationError).issues;
    const text = issues.map((i) => `${i.path}: ${i.message}`).join('\n');
    expect(text).toMatch(/sections\[1\]\.id: duplicate section id "summary"/);
    expect(text).toMatch(/duplicate table\/chart id "members"/);
    expect(text).toMatch(/sections\[4\]\.blocks\[0\]\.rows\[0\]\.Income: column "Income" \(currency\): expected a number/);
    expect(text).toMatch(/rows\[0\]\.Bogus: unknown column "Bogus"/);
  });

  it('rejects Infinity and NaN cells with a message naming the cell', () => {
    const bad = runReport();
    const members = bad.sections[4].blocks[0] as { rows: Record<string, unknown>[] };
    members.rows[1] = { ...members.rows[1], Wealth_A: Number.POSITIVE_INFINITY };
    expect(() => parseReport(bad)).toThrow(/sections\[4\]\.blocks\[0\]\.rows\[1\]\.Wealth_A: expected a string, a finite number/);
  });

  it('rejects a bad generatedAt and an empty report', () => {
    expect(() => parseReport({ ...runReport(), generatedAt: 'yesterday' })).toThrow(/generatedAt/);
    expect(() => parseReport({ ...runReport(), sections: [] })).toThrow(/sections/);
    expect(() => parseReport({ ...runReport(), kind: 'other' })).toThrow(/kind/);
  });

  it('derives wide chart data from traces sharing x, long data otherwise, and label/value for pies', () => {
    const r = parseReport(runReport({ weeks: 10 }));
    const gini = r.sections[1].blocks[1] as ChartBlock;
    const d = chartData(gini);
    expect(d.columns.map((c) => c.label)).toEqual(['Week', 'Traditional (A)', 'Cooperative (B)']);
    expect(d.rows).toHaveLength(10);
    expect(d.rows[0].Week).toBe(1);
    const long = chartData({
      type: 'chart',
      id: 'x',
      caption: 'c',
      figure: { data: [{ name: 'a', x: [1, 2], y: [3, 4] }, { name: 'b', x: [1], y: [5] }], layout: {} },
    });
    expect(long.columns.map((c) => c.key)).toEqual(['series', 'x', 'y']);
    expect(long.rows).toEqual([
      { series: 'a', x: 1, y: 3 },
      { series: 'a', x: 2, y: 4 },
      { series: 'b', x: 1, y: 5 },
    ]);
    const pie = chartData({ type: 'chart', id: 'p', caption: 'c', figure: { data: [{ type: 'pie', labels: ['Fund', 'Local'], values: [10, 30] }], layout: {} } });
    expect(pie.rows).toEqual([
      { series: 'Series 1', label: 'Fund', value: 10 },
      { series: 'Series 1', label: 'Local', value: 30 },
    ]);
  });

  it('samples evenly including both ends', () => {
    expect(sampleIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
    const s = sampleIndices(156, 40);
    expect(s).toHaveLength(40);
    expect(s[0]).toBe(0);
    expect(s[39]).toBe(155);
    expect(slugify('  Cooperative vs. Traditional!! ')).toBe('cooperative-vs-traditional');
  });

  it('slugify trims after cutting at 80 characters', () => {
    // Cut at 80 characters, then trimmed: a Monte Carlo report's title cut after "seed " gave
    // "…-seed-", and the export's file name "…-seed--2026-11-27T17-00-55.pdf".
    const title = 'Monte Carlo report: Economic Downturn · 50×156 · 6,976 of 20,000 runs (cancelled) · seed 42';
    expect(slugify(title)).toBe('monte-carlo-report-economic-downturn-50-156-6-976-of-20-000-runs-cancelled-seed');
    expect(slugify('x'.repeat(79) + ' y')).toBe('x'.repeat(79));
    expect(slugify('   ')).toBe('report');
  });
});

describe('formatting', () => {
  it('formats by type with fixed en-US rules', () => {
    expect(formatValue(16195.513, { type: 'currency' })).toBe('$16,195.51');
    expect(formatValue(-0.001, { type: 'currency' })).toBe('$0.00');
    // Differences: signed both ways with U+2212, unsigned when they round to zero.
    expect([422.48, -368.69, -0.001].map((v) => formatValue(v, { type: 'currency', signed: true }))).toEqual(['+$422.48', '−$368.69', '$0.00']);
    expect(formatValue(1.04, { type: 'number', decimals: 1, unit: 'pts', signed: true })).toBe('+1.0 pts');
    expect(formatValue(0.125, { type: 'percent' })).toBe('12.5%');
    expect(formatValue(0.26667, { type: 'number', decimals: 3 })).toBe('0.267');
    expect(formatValue(156, { type: 'integer', unit: 'weeks' })).toBe('156 weeks');
    expect(formatValue(null, { type: 'number' })).toBe('—');
    expect(formatValue(true, { type: 'boolean' })).toBe('Yes');
    expect(formatValue(1234567.891, { type: 'number' })).toBe('1,234,567.89');
    // A column of integers and fractions (parameters): no trailing zeros, at most maxDecimals.
    expect([1000, 50, 0.15, Math.log(1000), 0].map((v) => formatValue(v, { type: 'number', maxDecimals: 4 }))).toEqual(['1,000', '50', '0.15', '6.9078', '0']);
    expect(formatValue(Math.log(1000), { type: 'number', maxDecimals: 20 })).toBe(String(Math.log(1000)));
  });

  it('writes negatives with the minus sign U+2212, signed or not, as money() does', () => {
    expect(formatValue(-0.0148, { type: 'number', decimals: 4 })).toBe('−0.0148');
    expect(formatValue(-1234.5, { type: 'currency' })).toBe('−$1,234.50');
    expect(formatValue(-0.003, { type: 'percent' })).toBe('−0.3%');
    expect(formatValue(-6, { type: 'integer' })).toBe('−6');
    expect([-6, 6, 0].map((v) => formatValue(v, { type: 'integer', signed: true }))).toEqual(['−6', '+6', '0']);
    expect(formatValue(-0.00001, { type: 'number', decimals: 4 })).toBe('0.0000');
    expect(rawText(-0.0148)).toBe('-0.0148'); // CSV stays parseable
    expect(minusSigns('n 30, SE 0.0046, z -1.231; in (-0.5, 0.5), [-10,-5] = -3 (exact)')).toBe('n 30, SE 0.0046, z −1.231; in (−0.5, 0.5), [−10,−5] = −3 (exact)');
    expect(minusSigns('80-20 [5,5,5,5,80], Weeks 1-17, 2026-01-01, SE 5.226e-4, well-known - dash')).toBe('80-20 [5,5,5,5,80], Weeks 1-17, 2026-01-01, SE 5.226e-4, well-known - dash');
  });

  it('shows numbers that stored texts wrote in exponent form as decimals (it read "SE 5.226e-4")', async () => {
    const { displayText, plainExponents } = await import('../../../src-shared/report/format');
    expect(displayText('80-20 [5,5,5,5,80], Weeks 1-17, 2026-01-01, SE 5.226e-4, well-known - dash')).toBe('80-20 [5,5,5,5,80], Weeks 1-17, 2026-01-01, SE 0.0005226, well-known - dash');
    expect(displayText('n 30, SE 4.007e-4, tol 3·SE, z -0.047')).toBe('n 30, SE 0.0004007, tol 3·SE, z −0.047');
    expect(displayText('0 ± 1.200e-3; in (-4.000e-4, 2.5e-3)')).toBe('0 ± 0.0012; in (−0.0004, 0.0025)');
    expect(plainExponents('total 1.500e+6, p = 1.23e-12, q 1e-7')).toBe('total 1,500,000, p = 1.23 × 10⁻¹², q 1 × 10⁻⁷');
    // Not numbers in exponent form: hex, identifiers, dates, plain decimals.
    expect(plainExponents('0x3e5f run1e5 2026-01-01 0.0046 v1.2e')).toBe('0x3e5f run1e5 2026-01-01 0.0046 v1.2e');
  });

  it('groups the thousands of an expected value as the measured value beside it (it read "68600 ± 2707.2332" beside "67,455.5095")', async () => {
    const { expectedText } = await import('../../../src-shared/report/format');
    expect(expectedText('68600 ± 2707.2332 (published ≈ 68.6k)')).toBe('68,600 ± 2,707.2332 (published ≈ 68.6k)');
    expect(expectedText('1197.2174 ± 55.5287 (published ≈ $1,200)')).toBe('1,197.2174 ± 55.5287 (published ≈ $1,200)');
    expect(expectedText('= 1300 (exact)')).toBe('= 1,300 (exact)');
    expect(expectedText('0 ± 1.200e-3; in (-4000.5, 0.00012345)')).toBe('0 ± 0.0012; in (−4,000.5, 0.00012345)');
    // Left alone: short numbers, decimals, identifiers, section marks, dates, numbers already grouped.
    expect(expectedText('in (0.8, 1.2); 20 of 20; MIN_WEEKLY_INCOME 196; §3.2; x1000; 2026-01-01; 1,200; 0.12345')).toBe('in (0.8, 1.2); 20 of 20; MIN_WEEKLY_INCOME 196; §3.2; x1000; 2026-01-01; 1,200; 0.12345');
  });

  it('formats deltas with sign, direction and tone', () => {
    expect(formatDelta({ value: 4200.29, type: 'currency', better: 'higher', label: 'vs A' })).toEqual({ text: '+$4,200.29 vs A', tone: 'good', arrow: '▲' });
    expect(formatDelta({ value: -0.224, type: 'number', decimals: 3, better: 'lower' })).toEqual({ text: '−0.224', tone: 'good', arrow: '▼' });
    expect(formatDelta({ value: 0.02, type: 'percent', better: 'lower' }).tone).toBe('bad');
  });

  it('a change that shows as zero is no change: no ± or + sign, the ■ mark, neutral (it read "■ ±0.0 pts" and "▲ +0.0 pts")', () => {
    const pts = { type: 'number' as const, decimals: 1, unit: 'pts', better: 'lower' as const, label: 'vs A' };
    expect(formatDelta({ value: 0, ...pts })).toEqual({ text: '0.0 pts vs A', tone: 'neutral', arrow: '■' });
    expect(formatDelta({ value: 0.04, ...pts })).toEqual({ text: '0.0 pts vs A', tone: 'neutral', arrow: '■' });
    expect(formatDelta({ value: -0.04, ...pts })).toEqual({ text: '0.0 pts vs A', tone: 'neutral', arrow: '■' });
    expect(formatDelta({ value: 0.05, ...pts })).toEqual({ text: '+0.1 pts vs A', tone: 'bad', arrow: '▲' });
  });

  it('keeps raw values exact for CSV', () => {
    expect(rawText(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(rawText(-0)).toBe('0');
    expect(rawText(null)).toBe('');
    expect(rawText(false)).toBe('false');
  });
});
