import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-shared/finance/csv';
import { importTransactionsCsv } from '../../../src-shared/finance/csvImport';
import type { NormalizedTransaction } from '../../../src-shared/finance/transactions';
import {
  CategoryRulesSchema,
  DEFAULT_CATEGORY_RULES,
  StrictCategoryRulesSchema,
  aggregateWeekly,
  applyParamDiff,
  calibrate,
  localDateOf,
  mapCategories,
  withCustomMappings,
  zonedIso,
} from '../../../src-shared/projections/calibration';
import { compareWithSimulation, varianceRecommendations } from '../../../src-main/firefly/report';
import { generateSampleTransactionsCsv } from '../../../src-shared/projections/sample/generateSampleTransactions';

const CSV_PATH = new URL('../../../resources/sample-transactions.csv', import.meta.url);
const TEXT = readFileSync(CSV_PATH, 'utf8');
const TZ = 'America/New_York';

// Independent expectations: a plain reduction over the CSV rows (dates are written with their
// local offset, so the first 10 characters are the local calendar date).
const FOOD: Record<string, 'internal' | 'external'> = {
  Groceries: 'internal', Supermarket: 'internal', 'Farmers Market': 'internal',
  Restaurants: 'external', 'Coffee Shop': 'external', Takeaway: 'external', 'Food Delivery': 'external',
};
function expected() {
  const [h, ...rows] = parseCsv(TEXT);
  const ix = (k: string) => h.indexOf(k);
  const start = Date.UTC(2025, 0, 6) / 864e5;
  const weekly = new Array(26).fill(0);
  let net = 0, internal = 0, foodRows = 0;
  for (const r of rows) {
    const cat = r[ix('category')];
    if (!(cat in FOOD)) continue;
    const c = Math.round(Math.abs(Number(r[ix('amount')])) * 100);
    const signed = r[ix('type')] === 'withdrawal' ? c : r[ix('type')] === 'deposit' ? -c : 0;
    const d = r[ix('date')].slice(0, 10).split('-').map(Number);
    weekly[Math.floor((Date.UTC(d[0], d[1] - 1, d[2]) / 864e5 - start) / 7)] += signed;
    net += signed;
    if (FOOD[cat] === 'internal') internal += signed;
    foodRows++;
  }
  const units = weekly.map((c) => c / 100);
  const mean = units.reduce((s, x) => s + x, 0) / 26;
  const sd = Math.sqrt(units.reduce((s, x) => s + (x - mean) ** 2, 0) / 25);
  const popSd = Math.sqrt(units.reduce((s, x) => s + (x - mean) ** 2, 0) / 26);
  return { net, internal, weekly, mean, sd, cv: popSd / mean, foodRows, rows: rows.length };
}

function importSample(): NormalizedTransaction[] {
  const r = importTransactionsCsv(TEXT, { timeZone: TZ, sourceId: 'sample' });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.transactions;
}

describe('sample data', () => {
  it('is reproduced byte for byte by its generator', () => {
    expect(generateSampleTransactionsCsv()).toBe(TEXT);
  });

  it('spans 26 weeks with a few hundred rows, refunds and transfers', () => {
    const e = expected();
    const txs = importSample();
    expect(txs).toHaveLength(e.rows);
    expect(e.rows).toBeGreaterThan(200);
    expect(txs.filter((t) => t.type === 'transfer').length).toBeGreaterThan(5);
    expect(txs.filter((t) => t.type === 'deposit' && t.categoryName === 'Groceries').length).toBeGreaterThanOrEqual(5);
    expect(new Set(txs.map((t) => t.sourceName)).size).toBeGreaterThanOrEqual(4);
  });
});

describe('calibrate on the sample', () => {
  const e = expected();
  const txs = importSample();
  const result = calibrate({ transactions: txs, timeZone: TZ, currentParams: { WEEKLY_FOOD_BUDGET_AVG: 100, GROUP_BUY_SAVINGS_PERCENT: 0.15 } });
  const param = (k: string) => result.parameters.find((p) => p.parameter === k)!;

  it('weekly aggregation agrees with the plain reduction, week by week', () => {
    expect(result.dataSource).toMatchObject({ periodStart: '2025-01-06', periodEnd: '2025-07-06', weeksAnalyzed: 26, fullWeeks: 26, transactionsAnalyzed: e.foodRows });
    expect(result.weekly.weeks.map((w) => w.spendingCents)).toEqual(e.weekly);
    expect(result.weekly.totalSpendingCents).toBe(e.net);
  });

  it('budget mean and sd are per household per week in dollars', () => {
    expect(param('WEEKLY_FOOD_BUDGET_AVG').calibrated).toBe(Math.round(e.net / 26) / 100);
    expect(param('WEEKLY_FOOD_BUDGET_AVG').calibrated).toBeCloseTo(e.mean, 2);
    expect(param('WEEKLY_FOOD_BUDGET_STDDEV').calibrated).toBeCloseTo(e.sd, 2);
    const diff = result.engineParamDiff.find((d) => d.key === 'WEEKLY_FOOD_BUDGET_AVG')!;
    expect(diff).toMatchObject({ current: 100, unit: 'USD/week' });
    expect(diff.proposed).toBeGreaterThan(150); // weekly, not monthly or 26-week totals
    expect(diff.proposed).toBeLessThan(400);
  });

  it('internal share and category split are fractions that sum to 1', () => {
    expect(param('PERCENT_SPEND_INTERNAL_AVG').calibrated).toBeCloseTo(e.internal / e.net, 4);
    expect(param('PERCENT_SPEND_INTERNAL_AVG').unit).toBe('fraction');
    const sum = result.categories.reduce((s, c) => s + c.actualCents, 0);
    expect(sum).toBe(e.net);
    expect(result.categories.reduce((s, c) => s + c.actualShare, 0)).toBeCloseTo(1, 3);
    for (let i = 1; i < result.categories.length; i++) expect(result.categories[i - 1].actualCents).toBeGreaterThanOrEqual(result.categories[i].actualCents);
  });

  it('group savings follows the volatility rule', () => {
    const expectedSavings = e.cv < 0.2 ? 0.15 : e.cv < 0.4 ? 0.1 : 0.05;
    expect(param('GROUP_BUY_SAVINGS_PERCENT').calibrated).toBe(expectedSavings);
    expect(param('GROUP_BUY_SAVINGS_PERCENT').confidence.level).toBe('low');
    expect(param('GROUP_BUY_SAVINGS_PERCENT').reason).toContain(`CV ${e.cv.toFixed(3)}`);
  });

  it('explains every adjustment and scores confidence', () => {
    for (const a of result.adjustments) {
      expect(a.reason.length).toBeGreaterThan(10);
      expect(a.from).not.toBe(a.to);
    }
    expect(result.adjustments.map((a) => a.parameter)).toContain('WEEKLY_FOOD_BUDGET_AVG');
    expect(result.adjustments.map((a) => a.parameter)).not.toContain('GROUP_BUY_SAVINGS_PERCENT');
    const scores = ['WEEKLY_FOOD_BUDGET_AVG', 'WEEKLY_FOOD_BUDGET_STDDEV', 'participationRate', 'PERCENT_SPEND_INTERNAL_AVG', 'GROUP_BUY_SAVINGS_PERCENT'].map((k) => param(k).confidence.score);
    expect(result.overall.confidenceScore).toBeCloseTo(scores.reduce((s, x) => s + x, 0) / 5, 1);
    expect(result.coverage.exact).toBe(1);
    expect(result.recommendations.some((r) => r.startsWith('Adjust WEEKLY_FOOD_BUDGET_AVG from 100 to'))).toBe(true);
    // The food budget never lands in the business-revenue input (upstream unit bug).
    expect(result.projectionModelPatch.map((p) => p.key)).toEqual(['participationRate', 'groupBuyingSavings']);
    const applied = applyParamDiff({ NUM_MEMBERS: 50 }, result.engineParamDiff);
    expect(applied.NUM_MEMBERS).toBe(50);
    expect(applied.WEEKLY_FOOD_BUDGET_AVG).toBe(param('WEEKLY_FOOD_BUDGET_AVG').calibrated);
  });

  it('participation uses households and the population', () => {
    // Two households of two accounts each (cash + card vs checking); a community of 4.
    const r = calibrate({
      transactions: txs,
      timeZone: TZ,
      households: { 'Credit Card': 'A', 'Cash Wallet': 'A', 'Checking Account': 'B' },
      population: 4,
    });
    const activeB = new Set(txs.filter((t) => t.sourceName === 'Checking Account' && t.type === 'withdrawal' && t.categoryName && t.categoryName in FOOD).map((t) => localDateOf(t.date, TZ)));
    expect(activeB.size).toBeGreaterThan(0);
    const shares = r.weekly.weeks.map((w) => w.participantCount / 4);
    expect(r.parameters.find((p) => p.parameter === 'participationRate')!.calibrated).toBeCloseTo(shares.reduce((s, x) => s + x, 0) / 26, 4);
    expect(r.dataSource.households).toEqual(['A', 'B']);
    // Budget per household halves the single-household value.
    expect(r.parameters.find((p) => p.parameter === 'WEEKLY_FOOD_BUDGET_AVG')!.calibrated).toBeCloseTo(e.net / 26 / 2 / 100, 2);
  });

  it('refuses mixed currencies and data without food', () => {
    const usd = txs[1];
    expect(() => calibrate({ transactions: [usd, { ...usd, journalId: 'x', currencyCode: 'EUR' }], timeZone: TZ })).toThrow(/across currencies \(EUR, USD\)/);
    expect(() => calibrate({ transactions: txs.filter((t) => t.categoryName === 'Rent'), timeZone: TZ })).toThrow(/no food-related transactions/);
  });
});

const tx = (over: Partial<NormalizedTransaction>): NormalizedTransaction => ({
  journalId: over.journalId ?? Math.random().toString(36).slice(2),
  groupId: 'g',
  date: '2025-03-05T12:00:00+00:00',
  amount: '10.00',
  currencyCode: 'USD',
  type: 'withdrawal',
  description: '',
  categoryName: null,
  budgetName: null,
  sourceName: 'Checking',
  destinationName: 'Shop',
  tags: [],
  updatedAt: null,
  ...over,
});

describe('category mapping (integrations §1.9)', () => {
  it('applies exact, fuzzy, description and default rules in order', () => {
    const m = mapCategories([
      tx({ categoryName: 'Dining Out', amount: '40' }),
      tx({ categoryName: 'Market Café', amount: '10' }),
      tx({ categoryName: null, description: 'Takeout sushi', amount: '20' }),
      tx({ categoryName: 'Food misc', amount: '30' }),
      tx({ categoryName: 'Rent', amount: '1000' }),
      tx({ categoryName: 'Groceries', type: 'transfer' }),
      tx({ categoryName: 'Groceries', type: 'deposit', amount: '5' }),
      tx({ categoryName: 'Salary', type: 'deposit', amount: '2000' }),
    ]);
    expect(m.mapped.map((x) => [x.category, x.method, x.flow])).toEqual([
      ['dining', 'exact', 'spend'],
      ['farmers_market', 'fuzzy', 'spend'], // "market" rule precedes "cafe", as upstream
      ['food_delivery', 'description', 'spend'],
      ['groceries', 'default', 'spend'],
      ['groceries', 'exact', 'refund'],
    ]);
    expect(m.excluded.map((x) => x.reason)).toEqual(['not-food', 'transfer', 'not-food']);
    // Coverage by spend: 40 exact, 10 fuzzy, 20 description, 30 default of 100.
    expect(m.coverage).toMatchObject({ exact: 0.4, fuzzy: 0.1, description: 0.2, default: 0.3, totalSpendCents: 10000 });
    expect(m.warnings.some((w) => w.includes('"Food misc"'))).toBe(true);
    expect(m.warnings.some((w) => w.includes('target ≥ 95%'))).toBe(true);
  });

  it('a deposit is a food refund by its category only: "Stock market dividend" does not cut food spend', () => {
    const txs = [
      tx({ categoryName: 'Groceries', amount: '100.00', date: '2025-01-06T12:00:00+00:00' }),
      tx({ categoryName: 'Groceries', type: 'deposit', amount: '10.00', description: 'refund', date: '2025-01-07T12:00:00+00:00' }),
      tx({ categoryName: 'Dividends', type: 'deposit', amount: '500.00', description: 'Stock market dividend', date: '2025-01-08T12:00:00+00:00' }),
      tx({ categoryName: null, type: 'deposit', amount: '300.00', description: 'Farmers market stall rent', date: '2025-01-09T12:00:00+00:00' }),
    ];
    const m = mapCategories(txs);
    expect(m.mapped.map((x) => [x.tx.amount, x.category, x.flow])).toEqual([
      ['100.00', 'groceries', 'spend'],
      ['10.00', 'groceries', 'refund'],
    ]);
    expect(m.excluded.map((x) => [x.tx.amount, x.reason])).toEqual([
      ['500.00', 'not-food'],
      ['300.00', 'not-food'],
    ]);
    // Hand-computed: net food spend 100 − 10 = 90 over one week, one household.
    const r = calibrate({ transactions: txs, timeZone: 'UTC', period: { from: '2025-01-06', to: '2025-01-12' } });
    expect(r.engineParamDiff.find((d) => d.key === 'WEEKLY_FOOD_BUDGET_AVG')!.proposed).toBe(90);
  });

  it('amounts are written in the data currency: EUR spending is not shown as dollars, and the missing conversion is a warning', () => {
    const week = { timeZone: 'UTC', period: { from: '2025-01-06', to: '2025-01-12' } };
    const eur = [
      tx({ categoryName: 'Groceries', amount: '60.00', currencyCode: 'EUR', date: '2025-01-06T12:00:00+00:00' }),
      tx({ categoryName: 'Restaurants', amount: '40.00', currencyCode: 'EUR', date: '2025-01-07T12:00:00+00:00' }),
    ];
    const r = calibrate({ transactions: eur, ...week });
    const reasons = r.parameters.map((p) => p.reason).join('\n');
    expect(reasons).toContain('Net food spend 100.00 EUR');
    expect(reasons).toContain('60.00 EUR of 100.00 EUR');
    expect(reasons).not.toContain('$');
    expect(r.warnings.some((w) => w.includes('in EUR') && w.includes('USD'))).toBe(true);
    const cmp = compareWithSimulation(r.weekly.weeks, { baselineBudget: 20, calibratedBudget: 100, households: 1, currency: 'EUR' });
    expect(varianceRecommendations(cmp).join('\n')).toMatch(/between actual \(\d+\.\d\d EUR\) and simulated \(\d+\.\d\d EUR\)/);
    const usd = calibrate({ transactions: eur.map((t) => ({ ...t, currencyCode: 'USD' })), ...week });
    expect(usd.parameters.map((p) => p.reason).join('\n')).toContain('Net food spend $100.00');
    expect(usd.warnings.some((w) => w.includes('exchange rate'))).toBe(false);
  });

  it('categoryDistribution.* parameters are in percent (0–100, 1 dp) against the 60/25/15 % baseline (§1.10–1.11)', () => {
    // Hand-computed: 130 groceries + 50 dining + 20 coffee = 200 → 65 %, 25 %, 10 %.
    const r = calibrate({
      transactions: [
        tx({ categoryName: 'Groceries', amount: '130.00', date: '2025-01-06T12:00:00+00:00' }),
        tx({ categoryName: 'Restaurants', amount: '50.00', date: '2025-01-07T12:00:00+00:00' }),
        tx({ categoryName: 'Coffee Shop', amount: '20.00', date: '2025-01-08T12:00:00+00:00' }),
      ],
      timeZone: 'UTC',
      period: { from: '2025-01-06', to: '2025-01-12' },
    });
    const dist = Object.fromEntries(
      r.parameters.filter((p) => p.parameter.startsWith('categoryDistribution.')).map((p) => [p.parameter.slice('categoryDistribution.'.length), [p.baseline, p.calibrated, p.adjustment, p.adjustmentPercent, p.unit]]),
    );
    expect(dist).toEqual({
      groceries: [60, 65, 5, 8.33, 'percent'],
      dining: [0, 25, 25, 0, 'percent'],
      prepared_food: [25, 10, -15, -60, 'percent'],
      food_delivery: [0, 0, 0, 0, 'percent'],
      farmers_market: [15, 0, -15, -100, 'percent'],
    });
    expect(r.recommendations).toContain('Adjust categoryDistribution.prepared_food from 25 to 10 (-60.0%)');
  });

  it('custom entries override defaults; invalid rules are rejected with the field', () => {
    const rules = withCustomMappings(DEFAULT_CATEGORY_RULES, [{ fireflyCategory: 'groceries', foodUSDCategory: 'farmers_market' }]);
    expect(mapCategories([tx({ categoryName: 'Groceries' })], rules).mapped[0].category).toBe('farmers_market');
    expect(() => mapCategories([], { ...DEFAULT_CATEGORY_RULES, defaultCategory: 'snacks' as never })).toThrow(/defaultCategory/);
  });

  it('a save refuses two exact rules for one category name; rules saved before still map (the later wins)', () => {
    const dup = { ...DEFAULT_CATEGORY_RULES, exact: [{ fireflyCategory: 'Restaurants', foodUSDCategory: 'dining' as const }, { fireflyCategory: 'restaurants ', foodUSDCategory: 'farmers_market' as const }] };
    const r = StrictCategoryRulesSchema.safeParse(dup);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error.issues[0].path).toEqual(['exact', 1, 'fireflyCategory']);
      expect(r.error.issues[0].message).toBe('"restaurants" has two exact rules; keep one rule per category');
    }
    expect(StrictCategoryRulesSchema.safeParse(DEFAULT_CATEGORY_RULES).success).toBe(true);
    expect(CategoryRulesSchema.safeParse(dup).success).toBe(true);
    expect(mapCategories([tx({ categoryName: 'Restaurants' })], dup).mapped[0].category).toBe('farmers_market');
    // Custom mappings replace the defaults of the same name, and of two customs the later wins.
    const custom = withCustomMappings(DEFAULT_CATEGORY_RULES, [{ fireflyCategory: 'Groceries', foodUSDCategory: 'dining' }, { fireflyCategory: 'groceries', foodUSDCategory: 'farmers_market' }]);
    expect(StrictCategoryRulesSchema.safeParse(custom).success).toBe(true);
    expect(mapCategories([tx({ categoryName: 'Groceries' })], custom).mapped[0].category).toBe('farmers_market');
  });
});

describe('weekly aggregation (DST-safe local weeks)', () => {
  it('buckets by local calendar date, Monday start', () => {
    // Sunday 23:30 in New York on the DST night is Monday in UTC.
    const late = tx({ date: '2025-03-09T23:30:00-04:00', categoryName: 'Groceries' });
    const mon = tx({ date: '2025-03-10T00:30:00-04:00', categoryName: 'Groceries' });
    const ny = aggregateWeekly([late, mon], { timeZone: 'America/New_York' });
    expect(ny.weeks.map((w) => [w.weekStart, w.weekEnd, w.transactionCount])).toEqual([
      ['2025-03-03', '2025-03-09', 1],
      ['2025-03-10', '2025-03-16', 1],
    ]);
    const utc = aggregateWeekly([late, mon], { timeZone: 'UTC' });
    expect(utc.weeks.map((w) => w.transactionCount)).toEqual([2]);
  });

  it('keeps empty weeks and the whole Sunday (no upstream gap)', () => {
    const a = tx({ date: '2025-10-20T18:00:00+02:00' }); // Monday in Berlin
    const b = tx({ date: '2025-10-26T23:59:00+01:00' }); // Sunday after the DST end
    const c = tx({ date: '2025-11-10T08:00:00+01:00' });
    const agg = aggregateWeekly([a, b, c], { timeZone: 'Europe/Berlin' });
    expect(agg.weeks.map((w) => [w.weekStart, w.spendingCents])).toEqual([
      ['2025-10-20', 2000],
      ['2025-10-27', 0],
      ['2025-11-03', 0],
      ['2025-11-10', 1000],
    ]);
    expect(agg.weeks[0].daysInPeriod).toBe(7);
    expect(agg.weeks[3].daysInPeriod).toBe(1);
    expect(agg.weeks[0].byCategoryCents).toEqual({ uncategorized: 2000 });
    expect(agg.weeks[0].participantCount).toBe(1);
  });

  it('honours an explicit period and rejects bad zones and dates', () => {
    const agg = aggregateWeekly([tx({})], { timeZone: 'UTC', from: '2025-03-01', to: '2025-03-16' });
    expect(agg.weeks.map((w) => w.weekStart)).toEqual(['2025-02-24', '2025-03-03', '2025-03-10']);
    expect(agg.weeks[0].daysInPeriod).toBe(2);
    expect(() => aggregateWeekly([], { timeZone: 'Mars/Olympus' })).toThrow(/invalid time zone "Mars\/Olympus"/);
    expect(() => localDateOf('2025-02-30', 'UTC')).toThrow(/no such calendar day/);
    expect(() => localDateOf('yesterday', 'UTC')).toThrow(/invalid date "yesterday"/);
  });

  it('a midnight booking from a server in another zone keeps its date; a timed one is converted', () => {
    // Firefly III stores a date booked without a time as midnight in its own zone (Europe/Amsterdam by default).
    expect(localDateOf('2026-03-01T00:00:00+01:00', 'UTC')).toBe('2026-03-01');
    expect(localDateOf('2026-03-01T00:00:00+01:00', 'America/New_York')).toBe('2026-03-01');
    expect(localDateOf('2026-03-01T00:00:00.000Z', 'Asia/Tokyo')).toBe('2026-03-01');
    expect(localDateOf('2026-03-01T00:30:00+01:00', 'UTC')).toBe('2026-02-28');
    expect(localDateOf('2026-03-01T23:00:00-05:00', 'UTC')).toBe('2026-03-02');
    expect(() => localDateOf('2026-02-30T00:00:00+01:00', 'UTC')).toThrow(/invalid date/);
    // …so a period that starts that day counts it, as the server did.
    const agg = aggregateWeekly([tx({ date: '2026-03-01T00:00:00+01:00' })], { timeZone: 'UTC', from: '2026-03-01', to: '2026-03-31' });
    expect(agg.transactionCount).toBe(1);
    expect(agg.totalSpendingCents).toBe(1000);
  });

  it('zonedIso picks the offset in force on that local date', () => {
    expect(zonedIso(2025, 3, 8, 12, 0, 0, 'America/New_York')).toBe('2025-03-08T12:00:00-05:00');
    expect(zonedIso(2025, 3, 10, 12, 0, 0, 'America/New_York')).toBe('2025-03-10T12:00:00-04:00');
    expect(zonedIso(2025, 7, 1, 9, 5, 0, 'Asia/Kolkata')).toBe('2025-07-01T09:05:00+05:30');
    expect(localDateOf(zonedIso(2025, 3, 9, 23, 30, 0, 'America/New_York'), 'America/New_York')).toBe('2025-03-09');
  });
});

describe('calibration warnings', () => {
  it('the budget-above-income warning speaks the data\'s currency, not dollars', async () => {
    const { budgetWarning } = await import('../../../src-main/api/handlers/projections');
    expect(budgetWarning({ WEEKLY_FOOD_BUDGET_AVG: 243.26, WEEKLY_INCOME_AVG: 150 }, 'EUR')[0]).toMatch(/^The calibrated weekly food budget \(243\.26 EUR\) is above the weekly income \(150\.00 EUR\)/);
    expect(budgetWarning({ WEEKLY_FOOD_BUDGET_AVG: 243.26, WEEKLY_INCOME_AVG: 150 }, 'USD')[0]).toContain('($243.26) is above the weekly income ($150.00)');
    expect(budgetWarning({ WEEKLY_FOOD_BUDGET_AVG: 100, WEEKLY_INCOME_AVG: 150 }, 'EUR')).toEqual([]);
  });
});

describe('counted wording in calibration messages and reports (no "(s)" plurals)', () => {
  const food = (date: string, amount: string, currencyCode = 'USD') => tx({ categoryName: 'Groceries', amount, currencyCode, date: `${date}T12:00:00+00:00` });

  it('partial weeks at the period edges are counted with their noun: "1 partial week", "2 partial weeks"', () => {
    // 2025-01-06 is a Monday: Wed 8 … Sun 19 has one partial week, Wed 8 … Tue 21 two.
    const one = calibrate({ transactions: [food('2025-01-08', '10.00'), food('2025-01-15', '20.00')], timeZone: 'UTC', period: { from: '2025-01-08', to: '2025-01-19' } });
    expect(one.warnings).toContain('1 partial week at the period edges: used for the mean (per day), not for the spread');
    const two = calibrate({ transactions: [food('2025-01-08', '10.00'), food('2025-01-15', '20.00')], timeZone: 'UTC', period: { from: '2025-01-08', to: '2025-01-21' } });
    expect(two.warnings).toContain('2 partial weeks at the period edges: used for the mean (per day), not for the spread');
    for (const w of [...one.warnings, ...two.warnings]) expect(w).not.toContain('(s)');
  });

  it('Firefly CALIBRATION_REPORT.md: "× 1 household", "× 3 households" in the simulated formula', async () => {
    const { calibrationReportFiles } = await import('../../../src-main/firefly/report');
    const r = calibrate({ transactions: [food('2025-01-06', '60.00'), food('2025-01-07', '40.00')], timeZone: 'UTC', period: { from: '2025-01-06', to: '2025-01-12' } });
    const md = (households: number) =>
      calibrationReportFiles({ ...r, source: { kind: 'firefly', name: 'snapshot 1' }, coverage: r.coverage as unknown as Record<string, number> }, compareWithSimulation(r.weekly.weeks, { baselineBudget: 75, calibratedBudget: 100, households, currency: 'USD' }), new Date('2025-02-01T00:00:00Z'))[0].content;
    expect(md(1)).toContain('Simulated = WEEKLY_FOOD_BUDGET_AVG (75) × 1 household × days ÷ 7');
    expect(md(3)).toContain('Simulated = WEEKLY_FOOD_BUDGET_AVG (75) × 3 households × days ÷ 7');
    expect(md(3)).not.toContain('(s)');
  });
});

describe('Projections → Calibration: CALIBRATION_REPORT.md writes category amounts in the data\'s currency', () => {
  const csv = 'date,amount,currency_code,category\n2025-01-06,-1234.50,CUR,Groceries\n2025-01-08,-65.50,CUR,Restaurants\n';
  const reportOf = async (currency: string, exchangeRate?: number) => {
    const { calibrateCsvText } = await import('../../../src-main/api/handlers/projections');
    const r = calibrateCsvText(csv.replace(/CUR/g, currency), { timeZone: 'UTC', exchangeRate });
    const md = r.files.find((f) => f.name === 'CALIBRATION_REPORT.md')!.content;
    return md.slice(md.indexOf('## Category Spending'), md.indexOf('## Recommendations'));
  };

  it('EUR data: "1,234.50 EUR", not "$1234.50"', async () => {
    const table = await reportOf('EUR');
    expect(table).toContain('| groceries | 1,234.50 EUR |');
    expect(table).toContain('| dining | 65.50 EUR |');
    expect(table).not.toContain('$');
  });

  it('USD data, and EUR converted to USD, keep the dollar sign', async () => {
    expect(await reportOf('USD')).toContain('| groceries | $1,234.50 |');
    expect(await reportOf('EUR', 2)).toContain('| groceries | $2,469.00 |');
  });

  it('a custom Firefly code (USDT) is written after the amount', async () => {
    expect(await reportOf('USDT')).toContain('| groceries | 1,234.50 USDT |');
  });
});
