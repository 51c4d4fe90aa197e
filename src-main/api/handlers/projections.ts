import { formatAmount } from '../../../src-shared/finance/money';
import { grouped } from '../../../src-shared/report/format';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError } from '../../../src-shared/api/define';
import type { CalibrationReport, ExportFile, MonteCarloModelResult, ProjectionReport, projectionsOps, ProjectionsValidateOutput } from '../../../src-shared/api/projections';
import { DEFAULT_PARAMS, validateParams } from '../../../src-shared/engine';
import { toCsv } from '../../../src-shared/finance/csv';
import { importTransactionsCsv, type CsvImportOptions } from '../../../src-shared/finance/csvImport';
import { convertToUsd, type NormalizedTransaction } from '../../../src-shared/finance/transactions';
import {
  ALL_MODELS,
  BASELINE_MODELS,
  compareModels,
  defaultUncertainty,
  deriveScenarioModel,
  exportComparisonCsv,
  exportFileNames,
  exportSummaryJson,
  exportValidationReportCsv,
  exportWeeklyDataCsv,
  findScenario,
  generateMarkdownReport,
  MARKET_SCENARIOS,
  parseModel,
  parseSettings,
  PROJECTION_FIX_NOTES,
  ProjectionInputError,
  checkMonteCarloInput,
  scenarioBaseModels,
  scoreReport,
  summarizeReports,
  validate,
  type MarketScenario,
  type ProjectionModel,
  type ProjectionModelInput,
  type SimulationSettingsInput,
  type ValidationReport,
} from '../../../src-shared/projections';
import { baseWeeklyRevenue } from '../../../src-shared/projections/simulate';
import { calibrate, CalibrationError, isChangeFromZero, type CalibrationInput, type CalibrationResult } from '../../../src-shared/projections/calibration/calibrate';
import { ENGINE_PARAMS } from '../../../src-shared/projections/calibration/engineParams';
import type { Handlers } from '../types';
import { buildProjectionReport } from '../../../src-shared/projections/report';
import { parseReport } from '../../../src-shared/report/model';
import { generateReport } from './reports';
import { EnginePool, defaultWorkerCount } from '../../engine';

// ---------------------------------------------------------------------------------------------
// Projection validation

/** Turn library input errors into the API's invalid_input (message names field, value, range). */
function inputError(e: unknown, field: string): never {
  if (e instanceof ProjectionInputError || e instanceof CalibrationError || (e instanceof Error && /^unknown|^ambiguous/.test(e.message))) {
    throw new ApiError('invalid_input', `${field}: ${e.message}`, [{ path: field, message: e.message }]);
  }
  throw e;
}

function guard<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    inputError(e, field);
  }
}

/** The models to work on: edited ones or the published five, turned into a market variant when asked. */
function resolveModels(
  models: readonly ProjectionModelInput[] | undefined,
  scenarioKey: string | undefined,
  scenarios: readonly MarketScenario[] | undefined,
): { models: ProjectionModel[]; scenario: MarketScenario | null } {
  const base = (models ?? ALL_MODELS).map((m, i) => guard(`models.${i}`, () => parseModel(m, `models.${i}`)));
  const names = new Set<string>();
  for (const [i, m] of base.entries()) {
    if (names.has(m.name)) throw new ApiError('invalid_input', `models.${i}.name: duplicate model name "${m.name}"`, [{ path: `models.${i}.name`, message: 'duplicate model name' }]);
    names.add(m.name);
  }
  if (!scenarioKey) return { models: base, scenario: null };
  const scenario = guard('scenario', () => findScenario(scenarioKey, scenarios ?? MARKET_SCENARIOS));
  return { models: scenarioBaseModels(base, scenarios).map((m) => guard(`models.${base.indexOf(m)}`, () => deriveScenarioModel(m, scenario))), scenario };
}

const finiteOrNull = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

function reportOut(r: ValidationReport): ProjectionReport {
  const t = r.results.tokenMetrics as unknown as Record<string, number | null>;
  return {
    modelName: r.modelName,
    projections: r.projections,
    actual: r.actual,
    variance: r.variance,
    likeForLike: r.likeForLike,
    riskAssessment: r.riskAssessment,
    analysis: r.analysis,
    model: r.model,
    totals: {
      totalCosts: r.results.totalCosts,
      netProfit: r.results.netProfit,
      baseWeeklyRevenue: baseWeeklyRevenue(r.model),
      tokenMetrics: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v === null ? null : finiteOrNull(v)])),
    },
  };
}

export interface ValidationRun {
  reports: ValidationReport[];
  comparison: ReturnType<typeof compareModels>;
  scenario: MarketScenario | null;
  settings: SimulationSettingsInput;
}

export function runValidation(input: { models?: readonly ProjectionModelInput[]; scenario?: string; scenarios?: readonly MarketScenario[]; settings?: SimulationSettingsInput }): ValidationRun {
  const settings = guard('settings', () => parseSettings(input.settings ?? {}));
  const { models, scenario } = resolveModels(input.models, input.scenario, input.scenarios);
  const reports = models.map((m, i) => guard(`models.${i}`, () => validate(m, settings)));
  return { reports, comparison: compareModels(reports), scenario, settings };
}

function validationOutput(run: ValidationRun, grid: boolean, input: { models?: readonly ProjectionModelInput[]; scenarios?: readonly MarketScenario[] }): ProjectionsValidateOutput {
  const { reports, comparison } = run;
  let gridOut: ProjectionsValidateOutput['grid'] = null;
  if (grid) {
    const base = scenarioBaseModels((input.models ?? ALL_MODELS).map((m) => parseModel(m)), input.scenarios);
    gridOut = [];
    for (const m of base) {
      for (const s of input.scenarios ?? MARKET_SCENARIOS) {
        const variant = guard('scenarios', () => deriveScenarioModel(m, s));
        const r = validate(variant, run.settings);
        gridOut.push({
          modelName: m.name,
          scenario: s.key,
          variantName: variant.name,
          score: scoreReport(r),
          success: r.riskAssessment.achievedSuccessProbability,
          confidence: r.riskAssessment.confidenceLevel,
          revenue: r.actual.revenue,
          revenueVariance: r.variance.revenueVariance,
          roi: r.actual.roi,
          roiVariance: r.variance.roiVariance,
          breakEvenMonths: r.actual.breakEvenMonths,
          marketScenario: r.analysis.marketScenario,
        });
      }
    }
  }
  return {
    scenario: run.scenario,
    reports: reports.map(reportOut),
    rankings: comparison.rankings.map((x) => ({ rank: x.rank, modelName: x.modelName, score: x.score, success: x.report.riskAssessment.achievedSuccessProbability })),
    recommendations: comparison.recommendations,
    summary: summarizeReports(reports),
    weekly: reports.map((r) => ({
      modelName: r.modelName,
      revenue: r.results.weeklyRevenue,
      profit: r.results.weeklyProfit,
      cumulativeRevenue: r.results.cumulativeRevenue,
      cumulativeProfit: r.results.cumulativeProfit,
    })),
    grid: gridOut,
  };
}

export function projectionExportFiles(run: ValidationRun, monteCarlo: { modelName: string; runs: number; seed: number; success: number }[] | undefined, now = new Date()): ExportFile[] {
  const csv = 'text/csv;charset=utf-8';
  const files: ExportFile[] = [
    { name: 'model-comparison.csv', mediaType: csv, content: exportComparisonCsv(run.reports, run.comparison) },
    { name: 'projection-report.md', mediaType: 'text/markdown;charset=utf-8', content: generateMarkdownReport(run.reports, run.comparison, { generatedAt: now, monteCarlo }) },
    { name: 'summary.json', mediaType: 'application/json', content: exportSummaryJson(run.reports, now) },
  ];
  const names = modelExportNames(run.reports.map((r) => r.modelName));
  run.reports.forEach((r, i) => {
    files.push({ name: names[i].report, mediaType: csv, content: exportValidationReportCsv(r) });
    files.push({ name: names[i].weekly, mediaType: csv, content: exportWeeklyDataCsv(r.results) });
  });
  return files;
}

/** The per-model file names of an export, in model order. */
function modelExportNames(modelNames: readonly string[]): { report: string; weekly: string }[] {
  const used = new Set<string>();
  return modelNames.map((name) => {
    let n = exportFileNames(name);
    // Distinct names can share a slug ("Model 1", "Model-1"): number the later one so no file replaces another.
    for (let k = 2; used.has(n.report); k++) n = exportFileNames(`${name} ${k}`);
    used.add(n.report);
    return { report: n.report, weekly: n.weekly };
  });
}

/**
 * Every file name an export of these models writes (as projectionExportFiles names them). Writing
 * an export into the folder of an earlier one removes the earlier one's files first, found from its
 * summary.json, so no stale model file is left next to the new summary.
 */
export function projectionExportNames(modelNames: readonly string[]): string[] {
  return ['model-comparison.csv', 'projection-report.md', 'summary.json', ...modelExportNames(modelNames).flatMap((n) => [n.report, n.weekly])];
}

// ---------------------------------------------------------------------------------------------
// Calibration

export interface CalibrateOptions {
  timeZone?: string;
  population?: number;
  currentParams?: Record<string, number>;
  currentProjection?: CalibrationInput['currentProjection'];
  period?: { from: string; to: string };
  households?: Record<string, string>;
  source?: { kind: 'csv' | 'sample' | 'firefly'; name: string };
  import?: { rows: number; currency: string; skipped: { row: number; reason: string }[]; warnings: string[]; converted?: { from: string; rate: number } };
  /** US dollars per one unit of the transactions' currency (see inUsd). */
  exchangeRate?: number;
  now?: Date;
}

/**
 * The transactions in USD at `exchangeRate` (none: unchanged). The data must be in one currency
 * other than USD: a rate for dollars, or for several currencies at once, is refused naming it.
 */
export function inUsd(txs: readonly NormalizedTransaction[], exchangeRate: number | undefined): { txs: readonly NormalizedTransaction[]; converted?: { from: string; rate: number } } {
  if (exchangeRate === undefined) return { txs };
  const currencies = [...new Set(txs.map((t) => t.currencyCode))].sort();
  const fail = (why: string) => new ApiError('invalid_input', `exchangeRate: ${why}`, [{ path: 'exchangeRate', message: why }]);
  if (currencies.length === 0) throw fail('there are no transactions to convert');
  if (currencies.length > 1) throw fail(`the transactions are in ${currencies.join(', ')}; choose one currency first`);
  if (currencies[0] === 'USD') throw fail(`the transactions are already in USD; leave the exchange rate out (got ${exchangeRate})`);
  return { txs: convertToUsd(txs, exchangeRate), converted: { from: currencies[0], rate: exchangeRate } };
}

const PARAM_KEYS = new Set(Object.keys(DEFAULT_PARAMS));

/**
 * The calibration report around a calibrate() result (shared by CSV/sample and Firefly calibration):
 * the proposed parameters (current + diff), whether they validate, and the display fields.
 */
export function calibrationReportOf(
  result: CalibrationResult,
  current: Record<string, number>,
  meta: Pick<CalibrationReport, 'source' | 'import' | 'suggestedName'>,
): CalibrationReport {
  const proposed = { ...current };
  for (const d of result.engineParamDiff) proposed[d.key] = d.proposed;
  const v = validateParams(proposed);
  return {
    ...meta,
    dataSource: result.dataSource,
    coverage: result.coverage as unknown as Record<string, number>,
    parameters: result.parameters,
    adjustments: result.adjustments,
    engineParamDiff: result.engineParamDiff.map((d) => ({ ...d, label: ENGINE_PARAMS[d.key]?.label })),
    projectionModelPatch: result.projectionModelPatch,
    categories: result.categories,
    weekly: result.weekly.weeks.map((w) => ({ weekStart: w.weekStart, spending: w.spendingCents / 100, transactions: w.transactionCount, participants: w.participantCount, days: w.daysInPeriod })),
    overall: result.overall,
    recommendations: result.recommendations,
    warnings: [...result.warnings, ...budgetWarning(proposed, result.dataSource.currencies[0] ?? 'USD')],
    proposedParams: proposed,
    proposedIssues: v.ok ? [] : v.errors.map((e) => e.message),
    files: [],
  };
}

/** Spending data says nothing about income: flag a calibrated budget that the income cannot cover. */
export function budgetWarning(p: Record<string, number>, currency: string): string[] {
  const budget = p.WEEKLY_FOOD_BUDGET_AVG;
  const income = p.WEEKLY_INCOME_AVG;
  if (!(budget > income)) return [];
  // The budget comes from the data, in its currency; the comparison only means anything if the income is in it too.
  return [
    `The calibrated weekly food budget (${formatAmount(budget, currency)}) is above the weekly income (${formatAmount(income, currency)}): members would run down their savings. Set WEEKLY_INCOME_AVG to your households' income before running.`,
  ];
}

/**
 * The one calibration entry point (CSV import, bundled sample, Firefly snapshot): normalized
 * transactions in, the API's calibration report out. Pure apart from reading nothing; stores nothing.
 * Throws ApiError('invalid_input') naming the option at fault.
 */
export function calibrateFromTransactions(source: readonly NormalizedTransaction[], opts: CalibrateOptions = {}): CalibrationReport {
  const timeZone = opts.timeZone ?? 'UTC';
  const { txs, converted } = inUsd(source, opts.exchangeRate);
  for (const k of Object.keys(opts.currentParams ?? {})) {
    if (!PARAM_KEYS.has(k)) throw new ApiError('invalid_input', `currentParams.${k}: unknown engine parameter`, [{ path: `currentParams.${k}`, message: 'unknown engine parameter' }]);
  }
  const current = { ...DEFAULT_PARAMS, ...(opts.currentParams ?? {}) } as Record<string, number>;
  let result: CalibrationResult;
  try {
    result = calibrate({
      transactions: txs,
      timeZone,
      population: opts.population,
      currentParams: current,
      currentProjection: opts.currentProjection,
      period: opts.period,
      households: opts.households,
    });
  } catch (e) {
    if (e instanceof CalibrationError) throw new ApiError('invalid_input', `calibration: ${e.message}`, [{ path: 'transactions', message: e.message }]);
    if (e instanceof Error && /time ?zone/i.test(e.message)) throw new ApiError('invalid_input', `timeZone: ${e.message}`, [{ path: 'timeZone', message: e.message }]);
    throw e;
  }
  const now = opts.now ?? new Date();
  const report = calibrationReportOf(result, current, {
    source: opts.source ?? { kind: 'csv', name: 'transactions' },
    import: { ...(opts.import ?? { rows: txs.length, currency: result.dataSource.currencies[0] ?? '', skipped: [], warnings: [] }), ...(converted ? { converted } : {}) },
    suggestedName: `Calibrated ${now.toISOString().slice(0, 10)}`,
  });
  report.files = calibrationFiles(report, now);
  return report;
}

const f2 = (x: number) => x.toFixed(2);
const signed = (x: number, dp = 1) => `${x >= 0 ? '+' : ''}${x.toFixed(dp)}%`;
const adjPct = (p: { baseline: number; calibrated: number; adjustmentPercent: number }) => (isChangeFromZero(p) ? 'new (from 0)' : signed(p.adjustmentPercent));
const mdCell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** CALIBRATION_REPORT.md and the CSVs of integrations §1.12, RFC 4180 (the upstream writers did not escape). */
export function calibrationFiles(r: CalibrationReport, now: Date): ExportFile[] {
  const csv = 'text/csv;charset=utf-8';
  // Money columns name the amounts' currency, as the Firefly calibration's CSVs do ("Actual (EUR)").
  const cur = r.import.converted ? 'USD' : r.import.currency;
  const m = (h: string) => (cur ? `${h} (${cur})` : h);
  // Amounts in that currency, as the Firefly report writes them ("$1,234.56", "1,234.56 EUR"), not "$" for every currency.
  const amount = (x: number) => (cur ? formatAmount(x, cur) : grouped(x, 2));
  const md: string[] = [];
  md.push('# Calibration Report', '', `Source: ${r.source.kind} (${r.source.name})`, `Calibration Date: ${now.toISOString()}`);
  md.push(`Data Period: ${r.dataSource.periodStart} to ${r.dataSource.periodEnd} (${r.dataSource.timeZone})`);
  if (r.import.converted) md.push(`Amounts: converted from ${r.import.converted.from} to USD at ${r.import.converted.rate} USD per ${r.import.converted.from}`);
  md.push('');
  md.push('## Overall Accuracy', '');
  md.push(`- Confidence: ${r.overall.confidenceLevel.toUpperCase()} (${r.overall.confidenceScore.toFixed(1)}/100)`);
  md.push(`- Average adjustment: ${r.overall.averageAdjustmentPercent.toFixed(1)}%`);
  md.push(`- Weeks analysed: ${r.dataSource.weeksAnalyzed} (${r.dataSource.fullWeeks} full)`);
  md.push(`- Transactions analysed: ${r.dataSource.transactionsAnalyzed} (excluded ${r.dataSource.transactionsExcluded})`, '');
  md.push('## Parameter Adjustments', '', '| Parameter | Baseline | Calibrated | Adjustment | Confidence |', '|---|---|---|---|---|');
  for (const p of r.parameters) md.push(`| ${mdCell(p.parameter)} | ${p.baseline} | ${p.calibrated} | ${adjPct(p)} | ${p.confidence.level} (${p.confidence.score}) |`);
  md.push('', '### Parameter Details', '');
  for (const p of r.parameters) {
    md.push(`#### ${p.parameter}`, '', `- Baseline: ${p.baseline}`, `- Calibrated: ${p.calibrated} (${p.unit})`, `- Adjustment: ${p.adjustment} (${adjPct(p)})`);
    md.push(`- Confidence: ${p.confidence.level} (${p.confidence.score}/100): ${p.confidence.reason}`, `- Reasoning: ${p.reason}`, '');
  }
  md.push('## Engine Parameter Diff', '', '| Parameter | Current | Proposed | Unit |', '|---|---|---|---|');
  for (const d of r.engineParamDiff) md.push(`| ${d.key} | ${d.current} | ${d.proposed} | ${d.unit} |`);
  md.push('', '## Category Spending', '', '| Category | Actual | Share | Baseline share | Difference |', '|---|---|---|---|---|');
  for (const c of r.categories) md.push(`| ${c.category} | ${amount(c.actualCents / 100)} | ${(c.actualShare * 100).toFixed(1)}% | ${(c.baselineShare * 100).toFixed(1)}% | ${c.differencePoints >= 0 ? '+' : ''}${c.differencePoints.toFixed(1)} pt |`);
  md.push('', '## Recommendations', '');
  if (r.recommendations.length === 0) md.push('No significant adjustments recommended.');
  else r.recommendations.forEach((x, i) => md.push(`${i + 1}. ${x}`));
  if (r.warnings.length > 0) {
    md.push('', '## Warnings', '');
    for (const w of r.warnings) md.push(`- ${w}`);
  }
  md.push('');
  return [
    { name: 'CALIBRATION_REPORT.md', mediaType: 'text/markdown;charset=utf-8', content: md.join('\n') },
    {
      name: 'category-comparison.csv',
      mediaType: csv,
      content: toCsv([['Category', m('Actual'), 'Actual Share', 'Baseline Share', 'Difference (points)'], ...r.categories.map((c) => [c.category, f2(c.actualCents / 100), c.actualShare.toFixed(4), c.baselineShare.toFixed(4), c.differencePoints.toFixed(1)])]),
    },
    {
      name: 'parameter-adjustments.csv',
      mediaType: csv,
      content: toCsv([
        ['Parameter', 'Baseline', 'Calibrated', 'Adjustment', 'Adjustment %', 'Confidence', 'Confidence Score', 'Reasoning'],
        ...r.parameters.map((p) => [p.parameter, p.baseline, p.calibrated, p.adjustment, isChangeFromZero(p) ? 'N/A' : f2(p.adjustmentPercent), p.confidence.level, p.confidence.score, p.reason]),
      ]),
    },
    {
      name: 'weekly-spending.csv',
      mediaType: csv,
      content: toCsv([['Week', 'Start Date', m('Actual Spending'), 'Transactions', 'Participants', 'Days In Period'], ...r.weekly.map((w, i) => [i + 1, w.weekStart, f2(w.spending), w.transactions, w.participants, w.days])]),
    },
  ];
}

/** Import CSV text all-or-nothing; a bad file becomes invalid_input naming row, column and value. */
export function importCsvOrThrow(text: string, opts: CsvImportOptions & { fileName?: string }) {
  const r = importTransactionsCsv(text, opts);
  if (!r.ok) {
    const where = opts.fileName ? `${opts.fileName}: ` : '';
    const issues = r.errors.map((e) => ({
      path: ['csv', e.row !== null ? `row ${e.row}` : null, e.column].filter(Boolean).join('.'),
      message: `${e.row !== null ? `row ${e.row}` : 'file'}${e.column ? `, column "${e.column}"` : ''}${e.value !== null ? `, value "${e.value.length > 60 ? e.value.slice(0, 60) + '…' : e.value}"` : ''}: ${e.message}`,
    }));
    throw new ApiError('invalid_input', `${where}cannot import the CSV (nothing was stored): ${issues.map((i) => i.message).join('; ')}`, issues);
  }
  return r;
}

export const SAMPLE_CSV = 'sample-transactions.csv';
export const SAMPLE_TIME_ZONE = 'America/New_York';

/**
 * Find a bundled resource, for source runs (tsx), built runs (out/main/**), the packaged app
 * (process.resourcesPath) and the working directory. WORKBENCH_RESOURCES_DIR overrides.
 */
export function resolveResource(name: string): string {
  const tried: string[] = [];
  const candidates: string[] = [];
  if (process.env.WORKBENCH_RESOURCES_DIR) candidates.push(path.join(process.env.WORKBENCH_RESOURCES_DIR, name));
  const rp = (process as { resourcesPath?: string }).resourcesPath;
  if (rp) candidates.push(path.join(rp, name), path.join(rp, 'resources', name), path.join(rp, 'app.asar.unpacked', 'resources', name));
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    candidates.push(path.join(dir, 'resources', name));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  candidates.push(path.join(process.cwd(), 'resources', name));
  for (const c of candidates) {
    tried.push(c);
    if (fs.existsSync(c)) return c;
  }
  throw new ApiError('unavailable', `bundled resource ${name} not found (looked in ${tried.slice(0, 4).join(', ')}…); set WORKBENCH_RESOURCES_DIR`);
}

type CalOpts = { timeZone?: string; currency?: string; population?: number; exchangeRate?: number; currentParams?: Record<string, number>; currentProjection?: CalibrationInput['currentProjection']; period?: { from: string; to: string } };

export function calibrateCsvText(text: string, o: CalOpts & { fileName?: string; sourceKind?: 'csv' | 'sample'; defaultTimeZone?: string }): CalibrationReport {
  const timeZone = o.timeZone ?? o.defaultTimeZone ?? 'UTC';
  const name = o.fileName ?? 'transactions.csv';
  const imp = importCsvOrThrow(text, { timeZone, currency: o.currency, sourceId: name.replace(/[^A-Za-z0-9._-]+/g, '_'), fileName: o.fileName });
  return calibrateFromTransactions(imp.transactions, {
    timeZone,
    population: o.population,
    exchangeRate: o.exchangeRate,
    currentParams: o.currentParams,
    currentProjection: o.currentProjection,
    period: o.period,
    source: { kind: o.sourceKind ?? 'csv', name },
    import: { rows: imp.transactions.length, currency: imp.currency, skipped: imp.skipped, warnings: imp.warnings },
  });
}

export function calibrateSample(o: CalOpts = {}): CalibrationReport {
  const file = resolveResource(SAMPLE_CSV);
  return calibrateCsvText(fs.readFileSync(file, 'utf8'), { ...o, fileName: SAMPLE_CSV, sourceKind: 'sample', defaultTimeZone: SAMPLE_TIME_ZONE });
}

// ---------------------------------------------------------------------------------------------

export const projectionsHandlers: Handlers<keyof typeof projectionsOps> = {
  'projections.models': () => ({
    models: ALL_MODELS.map((m) => parseModel(m)),
    baselineNames: BASELINE_MODELS.map((m) => m.name),
    scenarios: MARKET_SCENARIOS.map((s) => ({ ...s })),
    settings: parseSettings({}),
    fixNotes: PROJECTION_FIX_NOTES,
  }),
  'projections.validate': (input) => validationOutput(runValidation(input), input.grid, input),
  'projections.monteCarlo': async (input, { signal, progress }) => {
    const settings = guard('settings', () => parseSettings(input.settings ?? {}));
    let { models } = resolveModels(input.models, input.scenario, input.scenarios);
    if (input.only) {
      const want = input.only.map((n) => n.trim().toLowerCase());
      for (const [i, n] of want.entries()) {
        if (!models.some((m) => m.name.toLowerCase() === n)) throw new ApiError('invalid_input', `only.${i}: no model named "${input.only[i]}"`, [{ path: `only.${i}`, message: 'unknown model' }]);
      }
      models = models.filter((m) => want.includes(m.name.toLowerCase()));
    }
    const total = models.length * input.runs;
    progress({ phase: 'monte-carlo', done: 0, total, message: `${models.length} model${models.length === 1 ? '' : 's'} × ${input.runs.toLocaleString('en-US')} runs` });
    const options = { runs: input.runs, seed: input.seed, percentiles: input.percentiles };
    // Inputs are checked here (errors name the model); the simulation runs on worker threads, one
    // model per worker, so the main process stays responsive and a cancel is immediate.
    const jobs = models.map((m) => {
      const uncertainty = input.distributions?.[m.name] ?? defaultUncertainty(m);
      guard(`distributions.${m.name}`, () => checkMonteCarloInput(m, uncertainty, options, settings));
      return { model: m, uncertainty };
    });
    if (signal.aborted) throw new ApiError('cancelled', 'Monte Carlo cancelled');
    // A model holds weeks × runs × 2 doubles while it runs: at most ~1.5 GB of them at once.
    const perModel = settings.weeks * input.runs * 16;
    const pool = new EnginePool({ workers: Math.max(1, Math.min(defaultWorkerCount(), jobs.length, Math.floor(1.5e9 / perModel))) });
    const stop = () => void pool.terminate();
    signal.addEventListener('abort', stop, { once: true });
    let done = 0;
    try {
      const results = await Promise.all(
        jobs.map(async ({ model: m, uncertainty }): Promise<MonteCarloModelResult> => {
          const r = await pool.runProjection({ model: m, uncertainty, options, settings }).catch((e: unknown) => {
            if (signal.aborted) throw e;
            throw new ApiError('internal', `Monte Carlo of "${m.name}" failed: ${e instanceof Error ? e.message : String(e)}`);
          });
          done += input.runs;
          progress({ phase: 'monte-carlo', done, total, message: `${done / input.runs} of ${models.length} models done (last: ${m.name})` });
          return {
            modelName: r.modelName,
            runs: r.runs,
            seed: r.seed,
            percentiles: r.percentiles,
            uncertainty,
            weeklyRevenue: r.weeklyRevenue,
            cumulativeProfit: r.cumulativeProfit,
            breakEvenWeek: r.breakEvenWeek.map((b) => ({ ...b, months: b.week === null ? null : b.week / settings.weeksPerMonth })),
            neverBreakEvenShare: r.neverBreakEvenShare,
            totalRevenue: r.totalRevenue,
            probabilities: r.probabilities,
          };
        }),
      );
      return { results };
    } catch (e) {
      if (signal.aborted) throw new ApiError('cancelled', 'Monte Carlo cancelled');
      throw e;
    } finally {
      signal.removeEventListener('abort', stop);
      await pool.terminate();
    }
  },
  'projections.exports': (input) => ({ files: projectionExportFiles(runValidation(input), input.monteCarlo) }),
  'projections.report': async ({ format, folder, outPath, overwrite, monteCarlo, ...rest }, { app, signal, progress }) => {
    const run = runValidation(rest);
    const names = new Set(run.reports.map((r) => r.modelName));
    monteCarlo?.forEach((m, i) => {
      // Bands of a model that is not in this validation would sit beside numbers they do not describe.
      if (!names.has(m.modelName)) throw new ApiError('invalid_input', `monteCarlo.${i}.modelName: "${m.modelName}" is not one of the validated models (${[...names].join(', ')})`, [{ path: `monteCarlo.${i}.modelName`, message: 'not a validated model' }]);
    });
    let report;
    try {
      report = parseReport(buildProjectionReport(run.reports, run.comparison, { appVersion: app.version, scenario: run.scenario, monteCarlo }));
    } catch (e) {
      throw new ApiError('internal', `could not build the projection report: ${(e as Error).message}`);
    }
    return generateReport(app, report, { format, folder, outPath, overwrite }, { signal, progress });
  },
  'calibration.fromCsv': ({ csv, fileName, ...o }) => calibrateCsvText(csv, { ...o, fileName }),
  'calibration.sample': (o) => calibrateSample(o),
};
