import { toCsv, type CsvValue } from '../finance/csv';
import { money, plural } from '../report/format';
import type { SimulationResults } from './simulate';
import type { ModelComparison, ValidationReport } from './validate';
import { DEFAULT_VALIDATION_RULES, summarizeReports } from './validate';

/**
 * Pure string builders for the projection exports of projections spec §3.1. CSVs go through the
 * shared RFC 4180 writer (CRLF after every record). File naming: exportFileNames().
 */

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function exportFileNames(modelName: string) {
  const slug = slugify(modelName) || 'model';
  return { report: `${slug}-report.csv`, weekly: `${slug}-weekly.csv`, comparison: 'model-comparison.csv', summary: 'summary.json' };
}

const f2 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? 'N/A' : x.toFixed(2));
const f1 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? 'N/A' : x.toFixed(1));
const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

export const REPORT_CSV_HEADER = [
  'Model Name',
  'Projected Revenue',
  'Actual Revenue',
  'Revenue Variance (%)',
  'Projected ROI (%)',
  'Actual ROI (%)',
  'ROI Variance (%)',
  'Projected Break-Even (months)',
  'Actual Break-Even (months)',
  'Break-Even Variance (%)',
  'Success Achieved',
  'Confidence Level',
  'Revenue Growth Pattern',
  'Profitability Trend',
  'Token Economy Impact',
  'Market Scenario',
  'Risk Factors',
  'Recommendations',
] as const;

/** `{slug}-report.csv`: header + one row. */
export function exportValidationReportCsv(r: ValidationReport): string {
  const row: CsvValue[] = [
    r.modelName,
    f2(r.projections.revenue),
    f2(r.actual.revenue),
    f2(r.variance.revenueVariance),
    f2(r.projections.roiPercent),
    f2(r.actual.roi),
    f2(r.variance.roiVariance),
    f1(r.projections.breakEvenMonths),
    f1(r.actual.breakEvenMonths),
    f2(r.variance.breakEvenVariance),
    yesNo(r.riskAssessment.achievedSuccessProbability),
    r.riskAssessment.confidenceLevel,
    r.analysis.revenueGrowthPattern,
    r.analysis.profitabilityTrend,
    r.analysis.tokenEconomyImpact,
    r.analysis.marketScenario,
    r.riskAssessment.riskFactors.join('; '),
    r.riskAssessment.mitigationRecommendations.join('; '),
  ];
  return toCsv([[...REPORT_CSV_HEADER], row]);
}

/** `{slug}-weekly.csv`: one row per simulated week, 2 dp. */
export function exportWeeklyDataCsv(res: SimulationResults): string {
  const rows: CsvValue[][] = [['Week', 'Weekly Revenue', 'Weekly Profit', 'Cumulative Revenue', 'Cumulative Profit']];
  for (let i = 0; i < res.totalWeeks; i++) {
    rows.push([i + 1, f2(res.weeklyRevenue[i]), f2(res.weeklyProfit[i]), f2(res.cumulativeRevenue[i]), f2(res.cumulativeProfit[i])]);
  }
  return toCsv(rows);
}

/** `model-comparison.csv`; Score is empty when no ranking is given. */
export function exportComparisonCsv(reports: readonly ValidationReport[], comparison?: ModelComparison): string {
  const scoreOf = new Map(comparison?.rankings.map((x) => [x.report, x.score]));
  const rows: CsvValue[][] = [
    [
      'Model Name',
      'Score',
      'Projected Revenue',
      'Actual Revenue',
      'Revenue Variance (%)',
      'Projected ROI (%)',
      'Actual ROI (%)',
      'ROI Variance (%)',
      'Projected Break-Even',
      'Actual Break-Even',
      'Success Achieved',
      'Confidence',
      'Growth Pattern',
      'Profitability',
      'Market Scenario',
    ],
  ];
  for (const r of reports) {
    const score = scoreOf.get(r);
    rows.push([
      r.modelName,
      score === undefined ? '' : score.toFixed(1),
      f2(r.projections.revenue),
      f2(r.actual.revenue),
      f2(r.variance.revenueVariance),
      f2(r.projections.roiPercent),
      f2(r.actual.roi),
      f2(r.variance.roiVariance),
      f1(r.projections.breakEvenMonths),
      f1(r.actual.breakEvenMonths),
      yesNo(r.riskAssessment.achievedSuccessProbability),
      r.riskAssessment.confidenceLevel,
      r.analysis.revenueGrowthPattern,
      r.analysis.profitabilityTrend,
      r.analysis.marketScenario,
    ]);
  }
  return toCsv(rows);
}

/** `summary.json` (2-space indent, trailing newline). */
export function exportSummaryJson(reports: readonly ValidationReport[], exportDate: Date): string {
  const doc = {
    exportDate: exportDate.toISOString(),
    totalModels: reports.length,
    reports: reports.map((r) => ({
      modelName: r.modelName,
      achievedSuccess: r.riskAssessment.achievedSuccessProbability,
      confidenceLevel: r.riskAssessment.confidenceLevel,
      actualROI: r.actual.roi,
      revenueVariance: r.variance.revenueVariance,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

const usd0 = (x: number) => money(x, 0);
const signed1 = (x: number | null) => (x === null ? 'N/A' : `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`);
/** Escape text placed inside a Markdown table cell. */
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const MEDALS = ['🥇', '🥈', '🥉'];

/**
 * The Markdown projection report (pandoc-ready). Status follows the success rule
 * (upstream printed "✅ Success" for scores ≥ 80 while its own summary said 1 of 5 succeeded).
 */
export function generateMarkdownReport(
  reports: readonly ValidationReport[],
  comparison: ModelComparison,
  opts: { generatedAt: Date; monteCarlo?: { modelName: string; runs: number; seed: number; success: number }[] },
): string {
  const s = summarizeReports(reports);
  const out: string[] = [];
  out.push('# PMOVES Projection Validation Report', '', `Generated: ${opts.generatedAt.toISOString()}`, '');
  out.push('## Executive Summary', '');
  // The run length is a setting: say what was simulated (upstream always printed 260 weeks).
  const weeks = reports[0]?.results.totalWeeks ?? 260;
  out.push(`- ${plural(s.totalModels, 'model')} validated against ${weeks === 260 ? '5-year (260-week)' : `${weeks}-week`} simulations`);
  out.push(`- ✅ ${s.successCount} of ${s.totalModels} models met all success targets`);
  out.push(`- 🎯 ${s.highConfidenceCount} HIGH confidence`);
  out.push(`- 🪙 ${s.positiveTokenCount} with positive token economy impact`);
  out.push(`- 📈 ${s.improvingCount} with improving profitability`);
  for (const rf of s.riskFactorCounts) out.push(`- ⚠️ ${rf.factor} (${plural(rf.models, 'model')} affected)`);
  out.push('');
  out.push('## Rankings', '', '| Rank | Model | Score | Status |', '|---|---|---|---|');
  for (const r of comparison.rankings) {
    const rank = r.rank <= 3 ? `${MEDALS[r.rank - 1]} ${r.rank}` : String(r.rank);
    const status = r.report.riskAssessment.achievedSuccessProbability ? '✅ Success' : '⚠️ Review';
    out.push(`| ${rank} | ${cell(r.modelName)} | ${r.score.toFixed(1)} | ${status} |`);
  }
  out.push('');
  if (comparison.recommendations.length > 0) {
    out.push('## Recommendations', '');
    for (const rec of comparison.recommendations) out.push(`- ${rec}`);
    out.push('');
  }
  if (opts.monteCarlo && opts.monteCarlo.length > 0) {
    out.push('## Uncertainty (Monte Carlo)', '', '| Model | Runs | Seed | P(success) |', '|---|---|---|---|');
    for (const m of opts.monteCarlo) out.push(`| ${cell(m.modelName)} | ${m.runs} | ${m.seed} | ${(m.success * 100).toFixed(1)}% |`);
    out.push('');
  }
  out.push('## Detailed Results', '');
  for (const r of reports) {
    out.push(`### ${r.modelName}`, '');
    out.push('| Metric | Projected | Actual | Variance |', '|---|---|---|---|');
    out.push(`| Revenue (${weeks === 260 ? '5-year' : `${weeks}-week`} cumulative vs year-5 target) | ${usd0(r.projections.revenue)} | ${usd0(r.actual.revenue)} | ${signed1(r.variance.revenueVariance)} |`);
    out.push(`| Year-5 revenue (like for like) | ${usd0(r.projections.revenue)} | ${usd0(r.likeForLike.year5Revenue)} | ${signed1(r.likeForLike.year5RevenueVariance)} |`);
    out.push(`| ROI | ${r.projections.roiPercent.toFixed(0)}% | ${r.actual.roi.toFixed(0)}% | ${signed1(r.variance.roiVariance)} |`);
    const be = r.actual.breakEvenMonths === null ? 'Not achieved' : `${r.actual.breakEvenMonths.toFixed(1)} mo`;
    out.push(`| Break-Even | ${r.projections.breakEvenMonths.toFixed(1)} mo | ${be} | ${signed1(r.variance.breakEvenVariance)} |`, '');
    out.push('**Risk Assessment**', '');
    out.push(`- Success Achieved: ${r.riskAssessment.achievedSuccessProbability ? '✅ YES' : '❌ NO'}`);
    out.push(`- Confidence: ${r.riskAssessment.confidenceLevel.toUpperCase()}`, '');
    if (r.riskAssessment.riskFactors.length > 0) {
      out.push('**Risk Factors**', '');
      for (const f of r.riskAssessment.riskFactors) out.push(`- ⚠️ ${f}`);
      out.push('', '**Recommendations**', '');
      for (const m of r.riskAssessment.mitigationRecommendations) out.push(`- 💡 ${m}`);
      out.push('');
    }
    out.push('**Analysis**', '');
    out.push(`- Growth pattern: ${r.analysis.revenueGrowthPattern.toUpperCase()} (mean weekly growth ${(r.analysis.averageWeeklyGrowthRate * 100).toFixed(2)}%)`);
    out.push(`- Profitability: ${r.analysis.profitabilityTrend.toUpperCase()}`);
    out.push(`- Market scenario: ${r.analysis.marketScenario.toUpperCase()}`);
    out.push(`- Token impact: ${r.analysis.tokenEconomyImpact.toUpperCase()}`, '');
  }
  out.push(...methodLines(weeks, opts.monteCarlo !== undefined && opts.monteCarlo.length > 0));
  return out.join('\n');
}

const pct0 = (x: number) => `${Number((x * 100).toFixed(1))}%`;

/**
 * How the verdicts above are reached, from the rules the validator applies (DEFAULT_VALIDATION_RULES):
 * the report printed "Success Achieved: ❌ NO", "Confidence: LOW" and "Market scenario: BULL"
 * without saying what they mean, and the upstream guides state the success rule wrongly (spec §6.6).
 */
export function methodLines(weeks: number, monteCarlo: boolean): string[] {
  const r = DEFAULT_VALIDATION_RULES;
  const c = r.confidence;
  const g = r.growth;
  return [
    '## How to read this report',
    '',
    `- **Revenue variance** compares the revenue summed over all ${weeks} simulated weeks with the projected year-5 revenue, as the original validator did; the *like for like* row compares the last 52 weeks' revenue with the same target and is not scored.`,
    `- **Success** needs both targets: actual ROI at least ${pct0(r.roiSuccessFraction)} of the projected (risk-adjusted) ROI, and break-even (the first week with cumulative profit ≥ 0, in months) within ${pct0(r.breakEvenTolerance)} of the projected months. The Rankings' Status follows this rule, not the score.`,
    `- **Confidence**: HIGH when |revenue variance| < ${c.high.rev}% and |ROI variance| < ${c.high.roi}%; MEDIUM when below ${c.medium.rev}% and ${c.medium.roi}%; otherwise LOW. A model far *above* its projections is LOW too: the projection did not describe it.`,
    `- **Growth pattern** is the mean week-over-week revenue growth: above ${pct0(g.exponential)} EXPONENTIAL, above ${pct0(g.linear)} LINEAR, above ${pct0(g.plateau)} PLATEAU, else DECLINING (a compounding growth of 1.25% a week is therefore LINEAR).`,
    `- **Market scenario** compares actual with projected ROI: above ${r.market.bull}× BULL, above ${r.market.normal}× NORMAL, else BEAR. It describes the result; it is not the market scenario applied to the inputs.`,
    `- **Score** (0–100) ranks the models: 50, plus up to ±30 for the ROI variance and ±20 for the revenue variance, ±15 for HIGH/LOW confidence, ±10 for the growth pattern and ±10 for the profitability trend.`,
    ...(monteCarlo
      ? ['- **P(success)** in the Monte Carlo table is the share of its seeded runs, each drawing the growth rate, participation and revenue per participant from the configured distributions, that met both targets above.']
      : []),
    '',
  ];
}
