/**
 * The projection validation as the one report model (src-shared/report/model), so it is written by
 * the shared pipeline as HTML, PDF, Markdown, DOCX, JSON or a CSV bundle. Same content as the
 * projection Markdown report (generateMarkdownReport): models, market scenario, variance, ranking
 * with scores, risk factors, recommendations, the weekly series and Monte Carlo bands as charts,
 * and the "How to read this report" rules.
 */
import { plural, readableTime } from '../report/format';
import type { BlockInput, ReportInput } from '../report/model';
import { methodLines } from './exports';
import type { MarketScenario } from './schema';
import type { ModelComparison, ValidationReport } from './validate';
import { summarizeReports } from './validate';

/** What the report needs of a Monte Carlo result (the API's MonteCarloModelResult has it). */
export interface ProjectionReportMonteCarlo {
  modelName: string;
  runs: number;
  seed: number;
  percentiles: number[];
  weeklyRevenue: { percentile: number; values: number[] }[];
  cumulativeProfit: { percentile: number; values: number[] }[];
  breakEvenWeek: { percentile: number; week: number | null; months: number | null }[];
  neverBreakEvenShare: number;
  totalRevenue: { percentile: number; value: number }[];
  probabilities: { year5Revenue: number; cumulativeRevenue: number; roi: number; breakEven: number; success: number };
}

export interface ProjectionReportOptions {
  appVersion: string;
  now?: Date;
  scenario: MarketScenario | null;
  monteCarlo?: readonly ProjectionReportMonteCarlo[];
}

export const PROJECTION_REPORT_TITLE = 'PMOVES Projection Validation Report';
export const PROJECTION_SECTION_HEADINGS = [
  'Summary',
  'Ranking',
  'Models',
  'Projections vs simulated (variance)',
  'Risk factors and recommendations',
  'Weekly revenue and profit',
  'Uncertainty (Monte Carlo)',
  'How to read this report',
] as const;

const fin = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
/** The validator's variances are percentages (12.5 = 12.5 %); the report model's percent is a fraction. */
const pctOf = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x / 100 : null);
const up = (s: string) => s.toUpperCase();
/** The Markdown rules as plain text (the report model's text is not Markdown). */
const plain = (line: string) => line.replace(/^- /, '').replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\*([^*]+)\*/g, '$1');

const SERIES_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function weeklyChart(id: string, caption: string, reports: readonly ValidationReport[], pick: (r: ValidationReport) => readonly number[], yTitle: string): BlockInput {
  const weeks = reports[0]?.results.totalWeeks ?? 0;
  const x = Array.from({ length: weeks }, (_, i) => i + 1);
  return {
    type: 'chart',
    id,
    caption,
    height: 400,
    maxPrintRows: 27,
    figure: {
      data: reports.map((r, i) => ({ type: 'scatter', mode: 'lines', name: r.modelName, x, y: pick(r).map((v) => fin(v)), line: { color: SERIES_COLOURS[i % SERIES_COLOURS.length] } })) as never,
      layout: { xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: yTitle } }, legend: { orientation: 'h', y: -0.2 } },
    },
  };
}

function bandChart(id: string, m: ProjectionReportMonteCarlo, which: 'weeklyRevenue' | 'cumulativeProfit', yTitle: string): BlockInput | null {
  const bands = [...m[which]].sort((a, b) => a.percentile - b.percentile);
  if (bands.length === 0) return null;
  const x = Array.from({ length: bands[0].values.length }, (_, i) => i + 1);
  const lo = bands[0];
  const hi = bands[bands.length - 1];
  const mid = bands.find((b) => b.percentile === 50) ?? bands[Math.floor(bands.length / 2)];
  const traces: Record<string, unknown>[] = [];
  if (bands.length > 1) {
    traces.push({ type: 'scatter', mode: 'lines', name: `p${lo.percentile}`, x, y: lo.values.map(fin), line: { color: 'rgba(31,119,180,0.4)', width: 1 } });
    traces.push({ type: 'scatter', mode: 'lines', name: `p${hi.percentile}`, x, y: hi.values.map(fin), fill: 'tonexty', fillcolor: 'rgba(31,119,180,0.18)', line: { color: 'rgba(31,119,180,0.4)', width: 1 } });
  }
  if (mid !== lo && mid !== hi) traces.push({ type: 'scatter', mode: 'lines', name: `p${mid.percentile} (median)`, x, y: mid.values.map(fin), line: { color: '#1f77b4', width: 2 } });
  if (traces.length === 0) traces.push({ type: 'scatter', mode: 'lines', name: `p${lo.percentile}`, x, y: lo.values.map(fin) });
  return {
    type: 'chart',
    id,
    caption: `${m.modelName}: ${which === 'weeklyRevenue' ? 'weekly revenue' : 'cumulative profit'}, p${lo.percentile}–p${hi.percentile} band over ${m.runs.toLocaleString('en-US')} runs (seed ${m.seed})`,
    height: 320,
    maxPrintRows: 14,
    figure: { data: traces as never, layout: { xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: yTitle } }, legend: { orientation: 'h', y: -0.25 } } },
  };
}

export function buildProjectionReport(reports: readonly ValidationReport[], comparison: ModelComparison, opts: ProjectionReportOptions): ReportInput {
  const now = opts.now ?? new Date();
  const s = summarizeReports(reports);
  const weeks = reports[0]?.results.totalWeeks ?? 260;
  const span = weeks === 260 ? '5-year (260-week)' : `${weeks}-week`;
  const mc = opts.monteCarlo && opts.monteCarlo.length > 0 ? opts.monteCarlo : null;
  const scenarioText = opts.scenario ? `${opts.scenario.name} (${opts.scenario.key}) applied to every model` : 'none (the models as given)';

  const summary: BlockInput[] = [
    {
      type: 'callout',
      level: s.successCount > 0 ? 'success' : 'warning',
      title: `${s.successCount} of ${s.totalModels} models met all success targets`,
      text: `${plural(s.totalModels, 'model')} validated against ${span} simulations. Market scenario: ${scenarioText}.`,
    },
    {
      type: 'keyMetrics',
      items: [
        { label: 'Models', value: s.totalModels, type: 'integer' },
        { label: 'Met all targets', value: s.successCount, type: 'integer', unit: `of ${s.totalModels}` },
        { label: 'HIGH confidence', value: s.highConfidenceCount, type: 'integer' },
        { label: 'Positive token impact', value: s.positiveTokenCount, type: 'integer' },
        { label: 'Improving profitability', value: s.improvingCount, type: 'integer' },
        { label: 'Market scenario', value: opts.scenario ? opts.scenario.name : 'none' },
        { label: 'Top score', value: comparison.rankings[0]?.score ?? null, type: 'number', decimals: 1, hint: comparison.rankings[0]?.modelName },
        { label: 'Weeks simulated', value: weeks, type: 'integer' },
      ],
    },
    ...(s.riskFactorCounts.length
      ? [{ type: 'list' as const, items: s.riskFactorCounts.map((rf) => `${rf.factor} (${plural(rf.models, 'model')} affected)`) }]
      : [{ type: 'paragraph' as const, text: 'No risk factors were raised.' }]),
  ];

  const ranking: BlockInput[] = [
    {
      type: 'table',
      id: 'rankings',
      caption: 'Ranking by score (0–100); the status follows the success rule, not the score',
      columns: [
        { key: 'rank', label: 'Rank', type: 'integer' },
        { key: 'model', label: 'Model', type: 'string' },
        { key: 'score', label: 'Score', type: 'number', decimals: 1 },
        { key: 'status', label: 'Status', type: 'string' },
        { key: 'confidence', label: 'Confidence', type: 'string' },
      ],
      rows: comparison.rankings.map((r) => ({
        rank: r.rank,
        model: r.modelName,
        score: fin(r.score),
        status: r.report.riskAssessment.achievedSuccessProbability ? 'Success' : 'Review',
        confidence: up(r.report.riskAssessment.confidenceLevel),
      })),
    },
    {
      type: 'chart',
      id: 'ranking-scores',
      caption: 'Score by model (0–100)',
      height: 320,
      figure: {
        data: [{ type: 'bar', name: 'Score', x: comparison.rankings.map((r) => r.modelName), y: comparison.rankings.map((r) => fin(r.score)) }] as never,
        layout: { yaxis: { title: { text: 'Score' }, range: [0, 100] }, xaxis: { automargin: true }, margin: { b: 140 } },
      },
    },
    ...(comparison.recommendations.length ? [{ type: 'paragraph' as const, text: 'Recommendations:' }, { type: 'list' as const, items: comparison.recommendations.map((r) => r.slice(0, 5000)) }] : []),
  ];

  const models: BlockInput[] = [
    {
      type: 'table',
      id: 'models',
      caption: opts.scenario ? `The models as simulated (${opts.scenario.name} applied)` : 'The models as simulated',
      columns: [
        { key: 'model', label: 'Model', type: 'string' },
        { key: 'investment', label: 'Initial investment', type: 'currency', decimals: 0 },
        { key: 'year5', label: 'Projected year-5 revenue', type: 'currency', decimals: 0 },
        { key: 'roi', label: 'Projected ROI', type: 'percent', decimals: 0 },
        { key: 'breakEven', label: 'Projected break-even', type: 'number', decimals: 1, unit: 'mo' },
        { key: 'population', label: 'Population', type: 'integer' },
        { key: 'participation', label: 'Participation', type: 'percent' },
        { key: 'revenuePer', label: 'Revenue / participant / week', type: 'currency' },
        { key: 'growth', label: 'Growth / week', type: 'percent', decimals: 2 },
      ],
      rows: reports.map((r) => ({
        model: r.modelName,
        investment: r.model.initialInvestment,
        year5: r.model.projectedYear5Revenue,
        roi: r.projections.roiPercent / 100,
        breakEven: r.model.projectedBreakEvenMonths,
        population: r.model.populationSize,
        participation: r.model.participationRate,
        revenuePer: r.model.weeklyRevenuePerParticipant,
        growth: r.model.growthRatePerWeek,
      })),
    },
    ...(opts.scenario
      ? [
          {
            type: 'paragraph' as const,
            text: `Market scenario ${opts.scenario.name}: ROI × ${opts.scenario.roiMultiplier}, growth acceleration × ${opts.scenario.growthAcceleration}, participation ${opts.scenario.participationDelta >= 0 ? '+' : '−'}${Math.abs(opts.scenario.participationDelta * 100).toFixed(0)} points, success rate ${opts.scenario.successRateIncrease >= 0 ? '+' : '−'}${Math.abs(opts.scenario.successRateIncrease * 100).toFixed(0)} points (probability ${(opts.scenario.probability * 100).toFixed(0)}%).`,
          },
        ]
      : []),
  ];

  const variance: BlockInput[] = [
    {
      type: 'table',
      id: 'variance-revenue',
      caption: `Revenue: ${weeks === 260 ? '5-year' : `${weeks}-week`} cumulative vs the year-5 target (scored), and year-5 revenue like for like`,
      columns: [
        { key: 'model', label: 'Model', type: 'string' },
        { key: 'projected', label: 'Projected', type: 'currency', decimals: 0 },
        { key: 'actual', label: 'Actual (cumulative)', type: 'currency', decimals: 0 },
        { key: 'variance', label: 'Variance', type: 'percent', signed: true },
        { key: 'year5', label: 'Year-5 revenue', type: 'currency', decimals: 0 },
        { key: 'year5Variance', label: 'Year-5 variance', type: 'percent', signed: true },
      ],
      rows: reports.map((r) => ({
        model: r.modelName,
        projected: fin(r.projections.revenue),
        actual: fin(r.actual.revenue),
        variance: pctOf(r.variance.revenueVariance),
        year5: fin(r.likeForLike.year5Revenue),
        year5Variance: pctOf(r.likeForLike.year5RevenueVariance),
      })),
    },
    {
      type: 'table',
      id: 'variance-roi-breakeven',
      caption: 'ROI and break-even: projected vs simulated',
      columns: [
        { key: 'model', label: 'Model', type: 'string' },
        { key: 'roiProjected', label: 'Projected ROI', type: 'percent', decimals: 0 },
        { key: 'roiActual', label: 'Actual ROI', type: 'percent', decimals: 0 },
        { key: 'roiVariance', label: 'ROI variance', type: 'percent', signed: true },
        { key: 'beProjected', label: 'Projected break-even', type: 'number', decimals: 1, unit: 'mo' },
        { key: 'beActual', label: 'Actual break-even', type: 'string' },
        { key: 'beVariance', label: 'Break-even variance', type: 'percent', signed: true },
      ],
      rows: reports.map((r) => ({
        model: r.modelName,
        roiProjected: pctOf(r.projections.roiPercent),
        roiActual: pctOf(r.actual.roi),
        roiVariance: pctOf(r.variance.roiVariance),
        beProjected: fin(r.projections.breakEvenMonths),
        beActual: r.actual.breakEvenMonths === null ? 'Not achieved' : `${r.actual.breakEvenMonths.toFixed(1)} mo`,
        beVariance: pctOf(r.variance.breakEvenVariance),
      })),
    },
    {
      type: 'table',
      id: 'assessment',
      caption: 'Assessment per model',
      columns: [
        { key: 'model', label: 'Model', type: 'string' },
        { key: 'success', label: 'Success', type: 'string' },
        { key: 'confidence', label: 'Confidence', type: 'string' },
        { key: 'growth', label: 'Growth pattern', type: 'string' },
        { key: 'meanGrowth', label: 'Mean weekly growth', type: 'percent', decimals: 2 },
        { key: 'profitability', label: 'Profitability', type: 'string' },
        { key: 'market', label: 'Market (result)', type: 'string' },
        { key: 'token', label: 'Token impact', type: 'string' },
      ],
      rows: reports.map((r) => ({
        model: r.modelName,
        success: r.riskAssessment.achievedSuccessProbability ? 'YES' : 'NO',
        confidence: up(r.riskAssessment.confidenceLevel),
        growth: up(r.analysis.revenueGrowthPattern),
        meanGrowth: fin(r.analysis.averageWeeklyGrowthRate),
        profitability: up(r.analysis.profitabilityTrend),
        market: up(r.analysis.marketScenario),
        token: up(r.analysis.tokenEconomyImpact),
      })),
    },
  ];

  const riskRows = reports.flatMap((r) => r.riskAssessment.riskFactors.map((f, i) => ({ model: r.modelName, factor: f, recommendation: r.riskAssessment.mitigationRecommendations[i] ?? '' })));
  const risks: BlockInput[] = riskRows.length
    ? [
        {
          type: 'table',
          id: 'risk-factors',
          caption: 'Risk factors and the recommendation for each',
          columns: [
            { key: 'model', label: 'Model', type: 'string' },
            { key: 'factor', label: 'Risk factor', type: 'string' },
            { key: 'recommendation', label: 'Recommendation', type: 'string' },
          ],
          rows: riskRows,
        },
      ]
    : [{ type: 'paragraph', text: 'No model raised a risk factor.' }];

  const weekly: BlockInput[] = [
    weeklyChart('weekly-revenue', 'Weekly revenue by model', reports, (r) => r.results.weeklyRevenue, 'Revenue per week ($)'),
    weeklyChart('weekly-profit', 'Weekly profit by model', reports, (r) => r.results.weeklyProfit, 'Profit per week ($)'),
    weeklyChart('cumulative-profit', 'Cumulative profit by model (break-even where it crosses 0)', reports, (r) => r.results.cumulativeProfit, 'Cumulative profit ($)'),
  ];

  let uncertainty: BlockInput[];
  if (!mc) {
    uncertainty = [{ type: 'paragraph', text: 'No Monte Carlo run is included in this report (CLI: --runs N; app: run the Monte Carlo panel of the same models, then export).' }];
  } else {
    const pv = (m: ProjectionReportMonteCarlo, p: number) => fin(m.totalRevenue.find((b) => b.percentile === p)?.value);
    const lo = Math.min(...mc[0].percentiles);
    const hi = Math.max(...mc[0].percentiles);
    uncertainty = [
      {
        type: 'paragraph',
        text: `${mc[0].runs.toLocaleString('en-US')} seeded runs per model (seed ${mc[0].seed}), each drawing the growth rate, participation and revenue per participant from the configured distributions.`,
      },
      {
        type: 'table',
        id: 'monte-carlo',
        caption: `Monte Carlo: cumulative revenue (p${lo}, p50, p${hi}), median break-even and the probability of meeting each target`,
        columns: [
          { key: 'model', label: 'Model', type: 'string' },
          { key: 'runs', label: 'Runs', type: 'integer' },
          { key: 'seed', label: 'Seed', type: 'string' },
          { key: 'revLo', label: `Revenue p${lo}`, type: 'currency', decimals: 0 },
          { key: 'rev50', label: 'Revenue p50', type: 'currency', decimals: 0 },
          { key: 'revHi', label: `Revenue p${hi}`, type: 'currency', decimals: 0 },
          { key: 'be50', label: 'Break-even p50', type: 'string' },
          { key: 'pYear5', label: 'P(year-5 revenue)', type: 'percent' },
          { key: 'pRoi', label: 'P(ROI)', type: 'percent' },
          { key: 'pBreakEven', label: 'P(break-even)', type: 'percent' },
          { key: 'pSuccess', label: 'P(success)', type: 'percent' },
        ],
        rows: mc.map((m) => {
          const be = m.breakEvenWeek.find((b) => b.percentile === 50);
          return {
            model: m.modelName,
            runs: m.runs,
            seed: String(m.seed),
            revLo: pv(m, lo),
            rev50: pv(m, 50),
            revHi: pv(m, hi),
            be50: be ? (be.months === null ? 'never' : `${be.months.toFixed(1)} mo`) : '—',
            pYear5: fin(m.probabilities.year5Revenue),
            pRoi: fin(m.probabilities.roi),
            pBreakEven: fin(m.probabilities.breakEven),
            pSuccess: fin(m.probabilities.success),
          };
        }),
      },
      ...mc.flatMap((m, i) => [bandChart(`mc-revenue-${i + 1}`, m, 'weeklyRevenue', 'Revenue per week ($)'), bandChart(`mc-profit-${i + 1}`, m, 'cumulativeProfit', 'Cumulative profit ($)')].filter((b): b is BlockInput => b !== null)),
    ];
  }

  const rules = methodLines(weeks, mc !== null)
    .filter((l) => l.startsWith('- '))
    .map(plain);

  return {
    title: PROJECTION_REPORT_TITLE,
    subtitle: `${s.totalModels} models · ${s.successCount} met all targets · ${opts.scenario ? `${opts.scenario.name} market · ` : ''}${readableTime(now.toISOString())}`,
    generatedAt: now.toISOString(),
    appVersion: opts.appVersion,
    kind: 'projection',
    inputs: {
      params: { weeks, marketScenario: opts.scenario?.key ?? null },
      seeds: mc ? [mc[0].seed] : [],
      model: 'projection validator',
      runIds: [],
      extra: {
        models: reports.map((r) => r.modelName).join('; ').slice(0, 2000),
        ...(mc ? { monteCarloRuns: mc[0].runs } : {}),
      },
    },
    sections: [
      { id: 'summary', heading: PROJECTION_SECTION_HEADINGS[0], blocks: summary },
      { id: 'ranking', heading: PROJECTION_SECTION_HEADINGS[1], blocks: ranking },
      { id: 'models', heading: PROJECTION_SECTION_HEADINGS[2], blocks: models },
      { id: 'variance', heading: PROJECTION_SECTION_HEADINGS[3], blocks: variance },
      { id: 'risks', heading: PROJECTION_SECTION_HEADINGS[4], blocks: risks },
      { id: 'weekly', heading: PROJECTION_SECTION_HEADINGS[5], blocks: weekly },
      { id: 'monte-carlo', heading: PROJECTION_SECTION_HEADINGS[6], blocks: uncertainty },
      { id: 'how-to-read', heading: PROJECTION_SECTION_HEADINGS[7], blocks: [{ type: 'list', items: rules }] },
    ],
  };
}
