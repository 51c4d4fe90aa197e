import { z } from 'zod';
import { op, Progress } from './define';
import { MarketScenarioSchema, ProjectionModelSchema, SimulationSettingsSchema } from '../projections/schema';
import { UncertaintySchema } from '../projections/monteCarlo';
import { ExchangeRate } from '../finance/transactions';
import { reportsOps, ReportFormatSchema, ReportProgressEvent } from './reports';

/**
 * Projection validator (projections spec §1–§2, §3.1) and calibration from transactions
 * (integrations §1.11–1.12). Models and scenarios are plain editable data; every op takes the
 * (possibly edited) models and falls back to the five published ones.
 */

const Models = z.array(ProjectionModelSchema).min(1, { error: 'models: give at least one model' }).max(20, { error: 'models: at most 20 models' });
const Scenarios = z.array(MarketScenarioSchema).min(1).max(12);
const num = z.number();
const numOrNull = z.number().nullable();

export const ProjectionsValidateInput = z
  .object({
    /** Default: the five published models (ALL_MODELS). */
    models: Models.optional(),
    /** A market scenario key or name: every model is turned into its variant (deriveScenarioModel). */
    scenario: z.string().min(1).max(100).optional(),
    /** Edited market scenarios (default MARKET_SCENARIOS). */
    scenarios: Scenarios.optional(),
    /** Also compute the models × scenarios grid. */
    grid: z.boolean().default(false),
    settings: SimulationSettingsSchema.partial().optional(),
  })
  .strict();
export type ProjectionsValidateInput = z.input<typeof ProjectionsValidateInput>;

const ReportSchema = z.object({
  modelName: z.string(),
  projections: z.object({ revenue: num, roi: num, roiPercent: num, breakEvenMonths: num }),
  actual: z.object({ revenue: num, roi: num, breakEvenWeek: numOrNull, breakEvenMonths: numOrNull }),
  variance: z.object({ revenueVariance: num, roiVariance: num, breakEvenVariance: numOrNull }),
  likeForLike: z.object({ year5Revenue: num, year5RevenueVariance: num, week260Revenue: num }),
  riskAssessment: z.object({
    achievedSuccessProbability: z.boolean(),
    achievedROI: z.boolean(),
    achievedBreakEven: z.boolean(),
    confidenceLevel: z.enum(['high', 'medium', 'low']),
    riskFactors: z.array(z.string()),
    mitigationRecommendations: z.array(z.string()),
  }),
  analysis: z.object({
    revenueGrowthPattern: z.enum(['linear', 'exponential', 'plateau', 'declining']),
    averageWeeklyGrowthRate: num,
    profitabilityTrend: z.enum(['improving', 'stable', 'declining']),
    tokenEconomyImpact: z.enum(['positive', 'neutral', 'negative']),
    marketScenario: z.enum(['bull', 'normal', 'bear']),
  }),
  model: ProjectionModelSchema,
  totals: z.object({ totalCosts: num, netProfit: num, baseWeeklyRevenue: num, tokenMetrics: z.record(z.string(), numOrNull) }),
});
export type ProjectionReport = z.infer<typeof ReportSchema>;

const WeeklySeries = z.object({
  modelName: z.string(),
  revenue: z.array(num),
  profit: z.array(num),
  cumulativeRevenue: z.array(num),
  cumulativeProfit: z.array(num),
});

const GridCell = z.object({
  modelName: z.string(),
  scenario: z.string(),
  variantName: z.string(),
  score: num,
  success: z.boolean(),
  confidence: z.string(),
  revenue: num,
  revenueVariance: num,
  roi: num,
  roiVariance: num,
  breakEvenMonths: numOrNull,
  marketScenario: z.string(),
});

export const ProjectionsValidateOutput = z.object({
  scenario: MarketScenarioSchema.nullable(),
  reports: z.array(ReportSchema),
  rankings: z.array(z.object({ rank: z.number().int(), modelName: z.string(), score: num, success: z.boolean() })),
  recommendations: z.array(z.string()),
  summary: z.object({
    totalModels: z.number().int(),
    successCount: z.number().int(),
    highConfidenceCount: z.number().int(),
    positiveTokenCount: z.number().int(),
    improvingCount: z.number().int(),
    riskFactorCounts: z.array(z.object({ factor: z.string(), models: z.number().int() })),
  }),
  weekly: z.array(WeeklySeries),
  grid: z.array(GridCell).nullable(),
});
export type ProjectionsValidateOutput = z.infer<typeof ProjectionsValidateOutput>;

const Band = z.object({ percentile: num, values: z.array(num) });
export const MonteCarloModelResult = z.object({
  modelName: z.string(),
  runs: z.number().int(),
  seed: z.number().int(),
  percentiles: z.array(num),
  uncertainty: UncertaintySchema,
  weeklyRevenue: z.array(Band),
  cumulativeProfit: z.array(Band),
  breakEvenWeek: z.array(z.object({ percentile: num, week: numOrNull, months: numOrNull })),
  neverBreakEvenShare: num,
  totalRevenue: z.array(z.object({ percentile: num, value: num })),
  probabilities: z.object({ year5Revenue: num, cumulativeRevenue: num, roi: num, breakEven: num, success: num }),
});
export type MonteCarloModelResult = z.infer<typeof MonteCarloModelResult>;

export const ProjectionsMonteCarloInput = z
  .object({
    models: Models.optional(),
    /** Only these models (by name) from `models`; default all of them. */
    only: z.array(z.string().min(1)).max(20).optional(),
    scenario: z.string().min(1).max(100).optional(),
    scenarios: Scenarios.optional(),
    runs: z
      .number()
      .int()
      .min(1, { error: (i) => `runs must be between 1 and 20000 (got ${String(i.input)})` })
      .max(20_000, { error: (i) => `runs must be between 1 and 20000 (got ${String(i.input)})` })
      .default(1000),
    seed: z.number().int().min(0).max(0xffffffff).default(42),
    percentiles: z.array(z.number().min(0).max(100)).min(1).max(9).default([5, 50, 95]),
    /** Per-model distributions (by model name); default: defaultUncertainty(model). */
    distributions: z.record(z.string(), UncertaintySchema).optional(),
    settings: SimulationSettingsSchema.partial().optional(),
  })
  .strict();
export type ProjectionsMonteCarloInput = z.input<typeof ProjectionsMonteCarloInput>;

export const ExportFile = z.object({ name: z.string(), mediaType: z.string(), content: z.string() });
export type ExportFile = z.infer<typeof ExportFile>;

/** Calibration options shared by fromCsv / sample. */
const CalibrationOptions = {
  /** IANA time zone of the dates without offset and of the week boundaries. */
  timeZone: z.string().min(1).max(100).optional(),
  /** Currency to keep when the file mixes currencies (or to assume when it has no currency column). */
  currency: z.string().max(10).optional(),
  /** Households in the modelled community (participation denominator). */
  population: z.number().int().min(1).max(10_000_000).optional(),
  /** US dollars per one unit of the data's currency: amounts are converted before calibrating (the engine's money is USD). */
  exchangeRate: ExchangeRate.optional(),
  /** Current engine parameters (UPPER_SNAKE) the diff is computed against; default the engine defaults. */
  currentParams: z.record(z.string(), z.number()).optional(),
  /** Current projection-model values for the projection patch. */
  currentProjection: z.object({ participationRate: z.number().min(0).max(1).optional(), groupBuyingSavings: z.number().min(0).max(1).optional() }).strict().optional(),
  period: z
    .object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'period.from must be YYYY-MM-DD' }), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'period.to must be YYYY-MM-DD' }) })
    .strict()
    .optional(),
};

const ParamDiffSchema = z.object({ key: z.string(), label: z.string().optional(), current: num, proposed: num, unit: z.string(), reason: z.string() });

export const CalibrationReport = z.object({
  source: z.object({ kind: z.enum(['csv', 'sample', 'firefly']), name: z.string() }),
  import: z.object({
    rows: z.number().int(),
    currency: z.string(),
    skipped: z.array(z.object({ row: z.number().int(), reason: z.string() })),
    warnings: z.array(z.string()),
    /** Set when the amounts were converted to USD (exchangeRate): from which currency, at how many USD per unit. */
    converted: z.object({ from: z.string(), rate: z.number() }).optional(),
  }),
  dataSource: z.object({
    periodStart: z.string(),
    periodEnd: z.string(),
    timeZone: z.string(),
    weeksAnalyzed: z.number().int(),
    fullWeeks: z.number().int(),
    weekEquivalents: num,
    transactionsAnalyzed: z.number().int(),
    transactionsExcluded: z.number().int(),
    households: z.array(z.string()),
    population: z.number().int(),
    currencies: z.array(z.string()),
  }),
  coverage: z.record(z.string(), num),
  parameters: z.array(
    z.object({
      parameter: z.string(),
      baseline: num,
      calibrated: num,
      unit: z.string(),
      adjustment: num,
      adjustmentPercent: num,
      confidence: z.object({ level: z.enum(['high', 'medium', 'low']), score: num, reason: z.string() }),
      reason: z.string(),
    }),
  ),
  adjustments: z.array(z.object({ parameter: z.string(), from: num, to: num, reason: z.string() })),
  engineParamDiff: z.array(ParamDiffSchema),
  projectionModelPatch: z.array(ParamDiffSchema),
  categories: z.array(z.object({ category: z.string(), actualCents: num, actualShare: num, baselineShare: num, differencePoints: num })),
  weekly: z.array(z.object({ weekStart: z.string(), spending: num, transactions: z.number().int(), participants: z.number().int(), days: z.number().int() })),
  overall: z.object({ confidenceScore: num, confidenceLevel: z.enum(['high', 'medium', 'low']), averageAdjustmentPercent: num }),
  recommendations: z.array(z.string()),
  warnings: z.array(z.string()),
  /** The current engine parameters with the diff applied: what "Apply" saves as a parameter set. */
  proposedParams: z.record(z.string(), num),
  /** Problems of proposedParams against the engine's ranges (empty when they can be saved). */
  proposedIssues: z.array(z.string()),
  /** Suggested name for the parameter set ("Calibrated 2025-07-06"). */
  suggestedName: z.string(),
  /** Markdown report and the three CSVs of integrations §1.12 (RFC 4180). */
  files: z.array(ExportFile),
});
export type CalibrationReport = z.infer<typeof CalibrationReport>;

export const projectionsOps = {
  'projections.models': op({
    summary: 'The five published projection models and four market scenarios, as editable data, with the fix notes',
    input: z.object({}).strict().default({}),
    output: z.object({
      models: z.array(ProjectionModelSchema),
      baselineNames: z.array(z.string()),
      scenarios: z.array(MarketScenarioSchema),
      settings: SimulationSettingsSchema,
      fixNotes: z.string(),
    }),
  }),
  'projections.validate': op({
    summary: 'Validate models (edited or default) over 260 weeks: reports, ranking, risk factors, recommendations, weekly series, optional scenario grid',
    input: ProjectionsValidateInput,
    output: ProjectionsValidateOutput,
  }),
  'projections.monteCarlo': op({
    summary: 'Seeded Monte Carlo over growth, participation and revenue per participant: revenue and break-even bands and target probabilities',
    input: ProjectionsMonteCarloInput,
    output: z.object({ results: z.array(MonteCarloModelResult) }),
    progress: Progress,
  }),
  'projections.exports': op({
    summary: 'The projection CSVs (RFC 4180), summary.json and the Markdown report, as strings',
    input: ProjectionsValidateInput.extend({
      monteCarlo: z.array(z.object({ modelName: z.string(), runs: z.number().int(), seed: z.number().int(), success: z.number() })).max(20).optional(),
    }).strict(),
    output: z.object({ files: z.array(ExportFile) }),
  }),
  'projections.report': op({
    summary: 'Write the projection validation report (models, variance, ranking, risk factors, weekly charts, Monte Carlo bands) through the shared report pipeline: html, pdf, md, docx, json or csv (a folder)',
    input: ProjectionsValidateInput.omit({ grid: true })
      .extend({
        format: ReportFormatSchema,
        /** Results of projections.monteCarlo on the same models: their table and bands go into the report. */
        monteCarlo: z.array(MonteCarloModelResult).max(20, { error: 'monteCarlo: at most 20 models' }).optional(),
        /** Absolute folder to write into, created if missing; the file name is generated. */
        folder: z.string().min(1).max(4096).refine((s) => !s.includes('\0'), { error: 'must not contain a NUL character' }).optional(),
        /** Absolute file path; an existing folder, a path ending in "/" or a name without an extension is a folder to write into (CLI --out). */
        outPath: z.string().min(1).max(4096).refine((s) => !s.includes('\0'), { error: 'must not contain a NUL character' }).optional(),
        overwrite: z.boolean().default(false),
      })
      .strict()
      .superRefine((v, ctx) => {
        if (v.folder !== undefined && v.outPath !== undefined) ctx.addIssue({ code: 'custom', path: ['folder'], message: 'give folder (where to write) or outPath (the file to write), not both' });
      }),
    output: reportsOps['reports.generate'].output,
    progress: ReportProgressEvent,
  }),
  'calibration.fromCsv': op({
    summary: 'Calibrate from a transactions CSV (Firefly export columns): report, per-parameter confidence and the engine parameter diff; stores nothing',
    input: z
      .object({
        csv: z.string().min(1, { error: 'csv: the file is empty' }).max(50_000_000, { error: 'csv: the file is larger than 50 MB' }),
        fileName: z.string().max(260).optional(),
        ...CalibrationOptions,
      })
      .strict(),
    output: CalibrationReport,
  }),
  'calibration.sample': op({
    summary: 'Calibrate from the bundled resources/sample-transactions.csv',
    input: z.object(CalibrationOptions).strict().default({}),
    output: CalibrationReport,
  }),
};
