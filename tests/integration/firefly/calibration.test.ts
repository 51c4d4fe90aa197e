/**
 * FF-28…FF-31 (spec/integrations.md §5.1): calibration through the Firefly bridge with the one shared
 * calibration (src-shared/projections/calibration) and the §1.12 report writer (src-main/firefly/report.ts).
 * Data goes mock Firefly → syncFirefly → SQLite snapshot → firefly.calibrate, over real HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { calibrationReportFiles, compareWithSimulation, varianceRecommendations } from '../../../src-main/firefly/report';
import { fireflyCalibrate, runFireflySync } from '../../../src-main/firefly/service';
import { parseCsv } from '../../../src-shared/finance/csv';
import type { NormalizedTransaction } from '../../../src-shared/finance/transactions';
import { calibrate } from '../../../src-shared/projections/calibration';
import { startMockFirefly, type MockFirefly } from '../../mocks/firefly/server';
import { tmpDir } from '../../helpers/tmp';
import { foodData, type FoodRow } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function syncedApp(rows: FoodRow[], since: string, until: string): Promise<{ app: AppContext; mock: MockFirefly }> {
  const mock = await startMockFirefly({ data: foodData(rows) });
  const tmp = tmpDir('wb-ffcal-');
  const app = createContext({ dataDir: tmp.dir });
  cleanups.push(() => tmp.cleanup(), () => app.close(), () => mock.close());
  await runFireflySync(app, { env: { FIREFLY_URL: mock.url, FIREFLY_TOKEN: mock.token }, clientOptions: { minIntervalMs: 0 }, since, until });
  return { app, mock };
}

const tx = (date: string, amount: string, categoryName: string, i: number): NormalizedTransaction => ({
  journalId: String(i),
  groupId: String(i),
  date: `${date}T12:00:00+00:00`,
  amount,
  currencyCode: 'EUR',
  type: 'withdrawal',
  description: `${categoryName} ${i}`,
  categoryName,
  budgetName: null,
  sourceName: 'Checking',
  destinationName: `Shop ${i}`,
  tags: [],
  updatedAt: null,
});

describe('FF-28…FF-31 (calibration engine and report writer, through the bridge)', () => {
  it('FF-28: one week, total 200, 1 participant, population 100 → budget 200 (+50, +33.3 %, low); participation 0.01 (−98.7 %, low)', async () => {
    const { app } = await syncedApp(
      [
        { date: '2025-01-06', amount: '120.00', category: 'Groceries' },
        { date: '2025-01-08', amount: '50.00', category: 'Restaurants' },
        { date: '2025-01-10', amount: '30.00', category: 'Farmers Market' },
      ],
      '2025-01-06',
      '2025-01-12',
    );
    const r = fireflyCalibrate(app, { population: 100, currentParams: { WEEKLY_FOOD_BUDGET_AVG: 150 }, currentProjection: { participationRate: 0.75 } });
    expect(r.dataSource.weeksAnalyzed).toBe(1);
    expect(r.dataSource.transactionsAnalyzed).toBe(3);
    const budget = r.parameters.find((p) => p.parameter === 'WEEKLY_FOOD_BUDGET_AVG')!;
    expect(budget.baseline).toBe(150);
    expect(budget.calibrated).toBe(200);
    expect(budget.adjustment).toBe(50);
    expect(budget.adjustmentPercent.toFixed(1)).toBe('33.3');
    expect(budget.confidence.level).toBe('low');
    const part = r.parameters.find((p) => p.parameter === 'participationRate')!;
    expect(part.calibrated).toBe(0.01);
    expect(part.adjustmentPercent.toFixed(1)).toBe('-98.7');
    expect(part.confidence.level).toBe('low');
    expect(r.engineParamDiff.find((d) => d.key === 'WEEKLY_FOOD_BUDGET_AVG')).toMatchObject({ current: 150, proposed: 200 });
    expect(r.snapshotId).toBeGreaterThan(0);
  });

  it('an amount Firefly allows (20 digits) but beyond exact cents is skipped at sync, so overview and calibration still work', async () => {
    // 1 bad split in 101 stays under the 1 % a sync tolerates.
    const rows: FoodRow[] = Array.from({ length: 100 }, (_, i) => ({ date: `2025-01-${String(6 + (i % 7)).padStart(2, '0')}`, amount: '2.00', category: 'Groceries' }));
    rows.push({ date: '2025-01-07', amount: '99999999999999999999.99', category: 'Groceries' });
    const { app } = await syncedApp(rows, '2025-01-06', '2025-01-12');
    const snaps = (await invoke(app, 'firefly.snapshots', {})) as Array<{ transactions: number; skipped: number }>;
    expect(snaps[0]).toMatchObject({ transactions: 100, skipped: 1 });
    await expect(invoke(app, 'firefly.overview', {})).resolves.toBeTruthy();
    const r = fireflyCalibrate(app, { population: 100 });
    expect(r.engineParamDiff.find((d) => d.key === 'WEEKLY_FOOD_BUDGET_AVG')!.proposed).toBe(200);
  });

  it('FF-29: weekly totals with CV 0.1 / 0.3 / 0.5 → group-buy savings 0.15 / 0.10 / 0.05', () => {
    const cases: Array<[number, number, number]> = [
      [90, 110, 0.15],
      [70, 130, 0.1],
      [50, 150, 0.05],
    ];
    for (const [a, b, expected] of cases) {
      const r = calibrate({
        transactions: [tx('2025-01-07', `${a}.00`, 'Groceries', 1), tx('2025-01-14', `${b}.00`, 'Groceries', 2)],
        timeZone: 'UTC',
        period: { from: '2025-01-06', to: '2025-01-19' },
      });
      expect(r.dataSource.fullWeeks).toBe(2);
      expect(r.engineParamDiff.find((d) => d.key === 'GROUP_BUY_SAVINGS_PERCENT')!.proposed).toBe(expected);
    }
  });

  it('FF-30: actual total 10 % above the simulated total → every category variance +10 %, average 10 → score 80, high', async () => {
    const rows: FoodRow[] = [];
    for (const monday of ['2025-01-06', '2025-01-13']) {
      rows.push({ date: monday, amount: '66.00', category: 'Groceries' }, { date: monday, amount: '44.00', category: 'Restaurants' });
    }
    const { app } = await syncedApp(rows, '2025-01-06', '2025-01-19');
    const r = (await invoke(app, 'firefly.calibrate', { currentParams: { WEEKLY_FOOD_BUDGET_AVG: 100 } })) as ReturnType<typeof fireflyCalibrate>;
    const cmp = r.comparison;
    expect(cmp.weeks).toBe(2);
    expect(cmp.categories.map((c) => c.category)).toEqual(['groceries', 'dining']);
    for (const c of cmp.categories) expect(c.variancePercent).toBeCloseTo(10, 9);
    expect(cmp.categories[0]).toMatchObject({ actual: 132, simulated: 120, variance: 12 });
    expect(cmp.averageVariance).toBeCloseTo(10, 9);
    expect(cmp.confidenceScore).toBe(80);
    expect(cmp.confidenceLevel).toBe('high');
    expect(cmp.weekly.map((w) => [w.actual, w.baseline, w.calibrated])).toEqual([
      [110, 100, 110],
      [110, 100, 110],
    ]);
    const md = r.files.find((f) => f.name === 'CALIBRATION_REPORT.md')!.content;
    expect(md).toContain('- Confidence Level: HIGH');
    expect(md).toContain('- Confidence Score: 80.0/100');
    expect(md).toContain('| groceries | 132.00 EUR | 120.00 EUR | 12.00 EUR | +10.0% |');
  });

  it('§1.11 recommendations: |variance %| > 25 gets a "Large variance … investigate" line, once when every category shares it', async () => {
    const rows: FoodRow[] = [];
    for (const monday of ['2025-01-06', '2025-01-13']) {
      rows.push({ date: monday, amount: '66.00', category: 'Groceries' }, { date: monday, amount: '44.00', category: 'Restaurants' });
    }
    const { app } = await syncedApp(rows, '2025-01-06', '2025-01-19');
    // Hand-computed: actual 220 vs simulated 2 × 80 = 160 → +37.5 % in every category.
    const far = fireflyCalibrate(app, { currentParams: { WEEKLY_FOOD_BUDGET_AVG: 80 } });
    expect(far.comparison.categories.map((c) => c.variancePercent)).toEqual([37.5, 37.5]);
    // The same +37.5 % in both (the total's): one line says so, not one per category.
    const large = far.recommendations.filter((x) => x.includes('Large variance'));
    expect(large).toEqual([
      'All 2 categories: Large variance detected (+37.5%) between actual (220.00 EUR) and simulated (160.00 EUR) spending; the simulated side splits the food budget by the actual shares, so this is the gap in total food spending: investigate the food budget (WEEKLY_FOOD_BUDGET_AVG)',
    ]);
    expect(far.files.find((f) => f.name === 'CALIBRATION_REPORT.md')!.content).toContain('All 2 categories: Large variance detected (+37.5%)');
    // Categories that differ (not produced by this comparison, but by any other) keep one line each.
    expect(varianceRecommendations({ ...far.comparison, categories: [{ ...far.comparison.categories[0], variancePercent: 40 }, { ...far.comparison.categories[1], variancePercent: 10 }] })).toEqual([
      'groceries: Large variance detected (+40.0%) between actual (132.00 EUR) and simulated (96.00 EUR) spending; investigate the mapping and the food budget',
    ]);
    // 220 vs 2 × 100 = 200 → +10 %: no such line.
    const near = fireflyCalibrate(app, { currentParams: { WEEKLY_FOOD_BUDGET_AVG: 100 } });
    expect(near.recommendations.some((x) => x.includes('Large variance'))).toBe(false);
  });

  it('FF-31: the report writer emits RFC 4180 CSVs (comma in a category, quotes in the reasoning) with the §1.12 headers', () => {
    const cat = 'Bakery, "Artisan" & Co';
    const reason = 'Net food spend "as reported", refunds netted';
    const cmp = compareWithSimulation(
      [
        {
          week: 1, weekStart: '2025-01-06', weekEnd: '2025-01-12', daysInPeriod: 7, spendingCents: 11000, grossSpendingCents: 11000, refundCents: 0,
          byCategoryCents: { [cat]: 11000 }, byParticipantCents: { h: 11000 }, transactionCount: 2, participantCount: 1,
        },
      ],
      { baselineBudget: 100, calibratedBudget: 110, households: 1 },
    );
    const report = {
      source: { kind: 'firefly' as const, name: 'snapshot 1' },
      dataSource: { periodStart: '2025-01-06', periodEnd: '2025-01-12', timeZone: 'UTC', weeksAnalyzed: 1, fullWeeks: 1, weekEquivalents: 1, transactionsAnalyzed: 2, transactionsExcluded: 0, households: ['h'], population: 1, currencies: ['EUR'] },
      parameters: [{ parameter: 'WEEKLY_FOOD_BUDGET_AVG', baseline: 100, calibrated: 110, unit: 'USD/week', adjustment: 10, adjustmentPercent: 10, confidence: { level: 'high' as const, score: 90, reason: 'x' }, reason }],
      engineParamDiff: [{ key: 'WEEKLY_FOOD_BUDGET_AVG', current: 100, proposed: 110, unit: 'USD/week', reason }],
      recommendations: [],
      warnings: [],
      coverage: { exact: 1, fuzzy: 0, description: 0, default: 0, totalSpendCents: 11000 },
    };
    const files = calibrationReportFiles(report, cmp, new Date('2025-02-01T00:00:00Z'));
    expect(files.map((f) => f.name)).toEqual(['CALIBRATION_REPORT.md', 'category-comparison.csv', 'parameter-adjustments.csv', 'weekly-comparison.csv']);
    const headers: Record<string, string[]> = {
      // Money columns name the amounts' currency (USD when none is given); the spec's headers named none.
      'category-comparison.csv': ['Category', 'Actual (USD)', 'Simulated (USD)', 'Variance (USD)', 'Variance %'],
      'parameter-adjustments.csv': ['Parameter', 'Baseline', 'Calibrated', 'Adjustment', 'Adjustment %', 'Confidence', 'Reasoning'],
      'weekly-comparison.csv': ['Week', 'Start Date', 'Actual Spending (USD)', 'Baseline Revenue (USD)', 'Calibrated Revenue (USD)'],
    };
    for (const f of files.filter((x) => x.name.endsWith('.csv'))) {
      // One line-ending style: CRLF after every record, the last included; no bare CR or LF.
      expect(f.content.endsWith('\r\n')).toBe(true);
      expect(f.content.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const rows = parseCsv(f.content);
      expect(rows[0]).toEqual(headers[f.name]);
      for (const r of rows) expect(r).toHaveLength(headers[f.name].length);
    }
    // Amounts in euros: the headers say EUR.
    const eur = calibrationReportFiles(report, { ...cmp, currency: 'EUR' }, new Date('2025-02-01T00:00:00Z'));
    expect(parseCsv(eur.find((f) => f.name === 'category-comparison.csv')!.content)[0]).toEqual(['Category', 'Actual (EUR)', 'Simulated (EUR)', 'Variance (EUR)', 'Variance %']);
    expect(parseCsv(eur.find((f) => f.name === 'weekly-comparison.csv')!.content)[0]).toEqual(['Week', 'Start Date', 'Actual Spending (EUR)', 'Baseline Revenue (EUR)', 'Calibrated Revenue (EUR)']);
    const catCsv = files.find((f) => f.name === 'category-comparison.csv')!.content;
    expect(catCsv.split('\r\n')[1]).toBe('"Bakery, ""Artisan"" & Co",110.00,100.00,10.00,10.00');
    expect(parseCsv(catCsv)[1][0]).toBe(cat);
    const par = parseCsv(files.find((f) => f.name === 'parameter-adjustments.csv')!.content);
    expect(par[1]).toEqual(['WEEKLY_FOOD_BUDGET_AVG', '100', '110', '10', '10.00', 'high', reason]);
    expect(parseCsv(files.find((f) => f.name === 'weekly-comparison.csv')!.content)[1]).toEqual(['1', '2025-01-06', '110.00', '100.00', '110.00']);
    const md = files[0].content;
    expect(md.endsWith('\n')).toBe(true);
    expect(md).not.toContain('\r');
    expect(md).toContain('No significant adjustments recommended.');
    expect(md).toContain('- Weeks Analyzed: 1\n');
    // A parameter that starts from 0 has no percentage change; the weeks analyzed name the full ones compared.
    const fromZeroFiles = calibrationReportFiles(
      { ...report, dataSource: { ...report.dataSource, weeksAnalyzed: 2 }, parameters: [{ ...report.parameters[0], parameter: 'categoryDistribution.food_delivery', baseline: 0, calibrated: 17.8, adjustment: 17.8, adjustmentPercent: 0 }] },
      cmp,
      new Date('2025-02-01T00:00:00Z'),
    );
    const fromZero = fromZeroFiles[0].content;
    // …and its CSV row says so too (0.00 read as "no change"), as the projections calibration's does.
    expect(parseCsv(fromZeroFiles.find((f) => f.name === 'parameter-adjustments.csv')!.content)[1].slice(0, 5)).toEqual(['categoryDistribution.food_delivery', '0', '17.8', '17.8', 'N/A']);
    expect(fromZero).toContain('| categoryDistribution.food_delivery | 0 | 17.8 | new (from 0) | high |');
    expect(fromZero).toContain('- Adjustment: 17.8 (new (from 0))');
    expect(fromZero).toContain('- Weeks Analyzed: 2 (1 full weeks compared)');
  });

  it('FF-31 (export): firefly.exportCalibration writes the four files to the chosen folder', async () => {
    const { app } = await syncedApp(
      [
        { date: '2025-01-06', amount: '60.00', category: 'Groceries' },
        { date: '2025-01-09', amount: '25.50', category: 'Coffee Shop' },
        { date: '2025-01-14', amount: '70.00', category: 'Supermarket' },
      ],
      '2025-01-06',
      '2025-01-19',
    );
    const dir = path.join(app.dataDir, 'out', 'cal');
    const r = (await invoke(app, 'firefly.exportCalibration', { dir })) as { dir: string; files: string[] };
    expect(r.dir).toBe(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['CALIBRATION_REPORT.md', 'category-comparison.csv', 'parameter-adjustments.csv', 'weekly-comparison.csv']);
    expect(parseCsv(fs.readFileSync(path.join(dir, 'weekly-comparison.csv'), 'utf8'))).toHaveLength(3);
    await expect(invoke(app, 'firefly.exportCalibration', { dir: 'relative/dir' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
