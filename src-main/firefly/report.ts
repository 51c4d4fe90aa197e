/**
 * Calibration outputs of integrations §1.12 with the upstream defects fixed: RFC 4180 CSVs through
 * src-shared/finance/csv.ts (CRLF after every record, the last one included; quoting and doubled
 * quotes), UTF-8, one line-ending style per file; the Markdown report ends with a newline.
 *
 * "Simulated" spending is what the engine's parameters imply for the same households and days:
 * WEEKLY_FOOD_BUDGET_AVG × households × (days in the week ÷ 7), under the current (baseline) and the
 * calibrated parameters. The accuracy block follows §1.11: variance per category against
 * simulatedTotal × actualShare, averageVariance = mean |variance %|, score = clamp(100 − 2·avg, 0, 100),
 * level on averageVariance (≤ 10 high, ≤ 25 medium, > 25 low). As the spec notes, every category then
 * shares the total-spend error; the per-category split is in the parameter table (categoryDistribution.*, percent).
 */
import { toCsv } from '../../src-shared/finance/csv';
import { formatAmount } from '../../src-shared/finance/money';
import type { CalibrationReport } from '../../src-shared/api/projections';
import type { WeeklyBucket } from '../../src-shared/projections/calibration/weekly';
import { isChangeFromZero } from '../../src-shared/projections/calibration/calibrate';
import { plural } from '../../src-shared/report/format';

export type Level = 'high' | 'medium' | 'low';

export interface CategoryVariance {
  category: string;
  actual: number;
  simulated: number;
  variance: number;
  variancePercent: number;
}

export interface WeeklyComparisonRow {
  week: number;
  startDate: string;
  actual: number;
  baseline: number;
  calibrated: number;
}

export interface SimulationComparison {
  weeks: number;
  households: number;
  baselineWeeklyBudget: number;
  calibratedWeeklyBudget: number;
  /** ISO code of the amounts (the synced data's currency). */
  currency: string;
  weekly: WeeklyComparisonRow[];
  categories: CategoryVariance[];
  averageVariance: number;
  totalVariance: number;
  confidenceScore: number;
  confidenceLevel: Level;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
export const varianceLevel = (absPercent: number): Level => (absPercent <= 10 ? 'high' : absPercent <= 25 ? 'medium' : 'low');

/**
 * Actual weekly food spend versus the spend the baseline and calibrated parameters imply.
 * Uses the first min(actual weeks, simulatedWeeks) weeks (§1.11; the simulation horizon is 52).
 */
export function compareWithSimulation(
  weeksIn: readonly WeeklyBucket[],
  opts: { baselineBudget: number; calibratedBudget: number; households: number; simulatedWeeks?: number; currency?: string },
): SimulationComparison {
  const n = Math.min(weeksIn.length, opts.simulatedWeeks ?? 52);
  const weeks = weeksIn.slice(0, n);
  const H = Math.max(1, opts.households);
  const weekly = weeks.map((w, i) => ({
    week: i + 1,
    startDate: w.weekStart,
    actual: r2(w.spendingCents / 100),
    baseline: r2(opts.baselineBudget * H * (w.daysInPeriod / 7)),
    calibrated: r2(opts.calibratedBudget * H * (w.daysInPeriod / 7)),
  }));
  const byCat = new Map<string, number>();
  let actualTotalCents = 0;
  for (const w of weeks) {
    for (const [c, v] of Object.entries(w.byCategoryCents)) byCat.set(c, (byCat.get(c) ?? 0) + v);
    actualTotalCents += w.spendingCents;
  }
  const simulatedTotal = weeks.reduce((s, w) => s + opts.baselineBudget * H * (w.daysInPeriod / 7), 0);
  const categories: CategoryVariance[] = [...byCat.entries()]
    .map(([category, cents]) => {
      const actual = cents / 100;
      const share = actualTotalCents !== 0 ? cents / actualTotalCents : 0;
      const simulated = simulatedTotal * share;
      const variance = actual - simulated;
      return { category, actual: r2(actual), simulated: r2(simulated), variance: r2(variance), variancePercent: simulated !== 0 ? r2((variance / simulated) * 100) : 0 };
    })
    .sort((a, b) => b.actual - a.actual || (a.category < b.category ? -1 : 1));
  const averageVariance = categories.length ? r2(categories.reduce((s, c) => s + Math.abs(c.variancePercent), 0) / categories.length) : 0;
  const totalVariance = r2(categories.reduce((s, c) => s + Math.abs(c.variance), 0));
  const confidenceScore = Math.round(Math.min(100, Math.max(0, 100 - 2 * averageVariance)) * 10) / 10;
  return {
    weeks: n,
    households: H,
    baselineWeeklyBudget: opts.baselineBudget,
    calibratedWeeklyBudget: opts.calibratedBudget,
    currency: opts.currency ?? 'USD',
    weekly,
    categories,
    averageVariance,
    totalVariance,
    confidenceScore,
    confidenceLevel: varianceLevel(averageVariance),
  };
}

/**
 * §1.11's last recommendation kind: "Large variance … investigate" when |variance %| > 25. The simulated
 * side splits one total by the actual shares, so every category has the same variance % (the total's;
 * spec integrations §1.11): one line then says so, instead of the same warning once per category.
 */
export function varianceRecommendations(cmp: SimulationComparison): string[] {
  const large = cmp.categories.filter((c) => Math.abs(c.variancePercent) > 25);
  if (large.length === 0) return [];
  const pctText = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
  const same = cmp.categories.every((c) => Math.abs(c.variancePercent - cmp.categories[0].variancePercent) < 0.05);
  if (same && cmp.categories.length > 1) {
    const actual = cmp.categories.reduce((a, c) => a + c.actual, 0);
    const simulated = cmp.categories.reduce((a, c) => a + c.simulated, 0);
    return [
      `All ${cmp.categories.length} categories: Large variance detected (${pctText(cmp.categories[0].variancePercent)}) between actual (${money(actual, cmp.currency)}) and simulated (${money(simulated, cmp.currency)}) spending; the simulated side splits the food budget by the actual shares, so this is the gap in total food spending: investigate the food budget (WEEKLY_FOOD_BUDGET_AVG)`,
    ];
  }
  return large.map(
    (c) =>
      `${c.category}: Large variance detected (${pctText(c.variancePercent)}) between actual (${money(c.actual, cmp.currency)}) and simulated (${money(c.simulated, cmp.currency)}) spending; investigate the mapping and the food budget`,
  );
}

const f2 = (x: number) => x.toFixed(2);
const signed = (x: number, dp = 1) => `${x >= 0 ? '+' : ''}${x.toFixed(dp)}%`;
const money = formatAmount;
const mdCell = (s: string | number) => String(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export const REPORT_FILE_NAMES = ['CALIBRATION_REPORT.md', 'category-comparison.csv', 'parameter-adjustments.csv', 'weekly-comparison.csv'] as const;

/**
 * The §1.12 headers, each money column with the amounts' currency in parentheses, as the other CSV
 * exports write units ("Revenue Variance (%)"): "Actual (EUR)". The parameter table has a unit per
 * row (CALIBRATION_REPORT.md lists it), so its columns name none.
 */
export function csvHeaders(currency: string) {
  const m = (h: string) => `${h} (${currency})`;
  return {
    categoryComparison: ['Category', m('Actual'), m('Simulated'), m('Variance'), 'Variance %'],
    parameterAdjustments: ['Parameter', 'Baseline', 'Calibrated', 'Adjustment', 'Adjustment %', 'Confidence', 'Reasoning'],
    weeklyComparison: ['Week', 'Start Date', m('Actual Spending'), m('Baseline Revenue'), m('Calibrated Revenue')],
  };
}

type ReportLike = Pick<CalibrationReport, 'source' | 'dataSource' | 'parameters' | 'engineParamDiff' | 'recommendations' | 'warnings' | 'coverage'> & { import?: Pick<CalibrationReport['import'], 'converted'> };

/** CALIBRATION_REPORT.md and the three CSVs of §1.12, as {name, mediaType, content}. */
export function calibrationReportFiles(r: ReportLike, cmp: SimulationComparison, now: Date): { name: string; mediaType: string; content: string }[] {
  const md: string[] = [];
  md.push('# Firefly III Calibration Report', '');
  md.push('- Model: PMOVES cooperative food economy (reference rules)');
  md.push(`- Source: ${r.source.kind} (${r.source.name})`);
  md.push(`- Calibration Date: ${now.toISOString()}`);
  md.push(`- Data Period: ${r.dataSource.periodStart} to ${r.dataSource.periodEnd} (${r.dataSource.timeZone})`);
  const conv = r.import?.converted;
  if (conv) md.push(`- Amounts: converted from ${conv.from} to USD at ${conv.rate} USD per ${conv.from}`);
  md.push('');
  md.push('## Overall Accuracy', '');
  md.push(`- Confidence Level: ${cmp.confidenceLevel.toUpperCase()}`);
  md.push(`- Confidence Score: ${cmp.confidenceScore.toFixed(1)}/100`);
  md.push(`- Average Variance: ${cmp.averageVariance.toFixed(1)}%`);
  // The calibration reads every week of the period (partial ones at the edges too); the comparison only full ones.
  md.push(`- Weeks Analyzed: ${r.dataSource.weeksAnalyzed}${r.dataSource.weeksAnalyzed !== cmp.weeks ? ` (${cmp.weeks} full weeks compared)` : ''}`);
  md.push(`- Transactions: ${r.dataSource.transactionsAnalyzed}`, '');
  md.push('## Parameter Adjustments', '', '| Parameter | Baseline | Calibrated | Adjustment | Confidence |', '|---|---|---|---|---|');
  // A change from 0 has no percentage: "+0.0%" next to 0 → 17.8 read as no change.
  const adjPct = (p: { baseline: number; calibrated: number; adjustmentPercent: number }) => (isChangeFromZero(p) ? 'new (from 0)' : signed(p.adjustmentPercent));
  for (const p of r.parameters) md.push(`| ${mdCell(p.parameter)} | ${p.baseline} | ${p.calibrated} | ${adjPct(p)} | ${p.confidence.level} |`);
  md.push('', '### Parameter Details', '');
  for (const p of r.parameters) {
    md.push(`#### ${mdCell(p.parameter)}`, '', `- Baseline: ${p.baseline}`, `- Calibrated: ${p.calibrated} (${p.unit})`, `- Adjustment: ${p.adjustment} (${adjPct(p)})`);
    md.push(`- Confidence: ${p.confidence.level} (${p.confidence.score}/100): ${mdCell(p.confidence.reason)}`, `- Reasoning: ${mdCell(p.reason)}`, '');
  }
  md.push('## Engine Parameter Diff', '', '| Parameter | Current | Proposed | Unit |', '|---|---|---|---|');
  for (const d of r.engineParamDiff) md.push(`| ${d.key} | ${d.current} | ${d.proposed} | ${d.unit} |`);
  md.push('', '## Category Spending Comparison', '');
  md.push(`Simulated = WEEKLY_FOOD_BUDGET_AVG (${cmp.baselineWeeklyBudget}) × ${plural(cmp.households, 'household')} × days ÷ 7, split by the actual shares.`, '');
  md.push('| Category | Actual | Simulated | Variance | Variance % |', '|---|---|---|---|---|');
  for (const c of cmp.categories) md.push(`| ${mdCell(c.category)} | ${money(c.actual, cmp.currency)} | ${money(c.simulated, cmp.currency)} | ${money(c.variance, cmp.currency)} | ${signed(c.variancePercent)} |`);
  md.push('', '## Mapping Coverage', '');
  const cov = r.coverage as Record<string, number>;
  for (const k of ['exact', 'fuzzy', 'description', 'default']) if (k in cov) md.push(`- ${k}: ${((cov[k] ?? 0) * 100).toFixed(1)}%`);
  md.push('', '## Recommendations', '');
  if (r.recommendations.length === 0) md.push('No significant adjustments recommended.');
  else r.recommendations.forEach((x, i) => md.push(`${i + 1}. ${x}`));
  if (r.warnings.length > 0) {
    md.push('', '## Warnings', '');
    for (const w of r.warnings) md.push(`- ${mdCell(w)}`);
  }
  md.push('');
  const csv = 'text/csv;charset=utf-8';
  const CSV_HEADERS = csvHeaders(cmp.currency);
  return [
    { name: 'CALIBRATION_REPORT.md', mediaType: 'text/markdown;charset=utf-8', content: md.join('\n') },
    {
      name: 'category-comparison.csv',
      mediaType: csv,
      content: toCsv([[...CSV_HEADERS.categoryComparison], ...cmp.categories.map((c) => [c.category, f2(c.actual), f2(c.simulated), f2(c.variance), f2(c.variancePercent)])]),
    },
    {
      name: 'parameter-adjustments.csv',
      mediaType: csv,
      content: toCsv([
        [...CSV_HEADERS.parameterAdjustments],
        ...r.parameters.map((p) => [p.parameter, p.baseline, p.calibrated, p.adjustment, isChangeFromZero(p) ? 'N/A' : f2(p.adjustmentPercent), p.confidence.level.toLowerCase(), p.reason]),
      ]),
    },
    {
      name: 'weekly-comparison.csv',
      mediaType: csv,
      content: toCsv([[...CSV_HEADERS.weeklyComparison], ...cmp.weekly.map((w) => [w.week, w.startDate, f2(w.actual), f2(w.baseline), f2(w.calibrated)])]),
    },
  ];
}
