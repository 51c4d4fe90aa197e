import type { ProjectionModel, ProjectionModelInput, SimulationSettingsInput } from './schema';
import { parseModel, parseSettings } from './schema';
import { simulateParsed, type SimulationResults } from './simulate';

/** Variance analysis, classification (§1.5) and ranking (§1.6). */

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export const GROWTH_PATTERNS = ['linear', 'exponential', 'plateau', 'declining'] as const;
export const PROFITABILITY_TRENDS = ['improving', 'stable', 'declining'] as const;
export const TOKEN_IMPACTS = ['positive', 'neutral', 'negative'] as const;
export const MARKET_CLASSES = ['bull', 'normal', 'bear'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];
export type GrowthPattern = (typeof GROWTH_PATTERNS)[number];
export type ProfitabilityTrend = (typeof PROFITABILITY_TRENDS)[number];
export type TokenImpact = (typeof TOKEN_IMPACTS)[number];
export type MarketClass = (typeof MARKET_CLASSES)[number];

/** Risk factors and their mitigations, in report order. */
export const RISK_FACTORS = {
  roiBelowTarget: { factor: 'ROI below target', recommendation: 'Increase participation rate or revenue per participant' },
  breakEvenDelayed: { factor: 'Break-even delayed', recommendation: 'Reduce initial investment or operating costs' },
  revenueDecline: { factor: 'Revenue decline in final weeks', recommendation: 'Implement retention strategies and market expansion' },
  lowParticipation: { factor: 'Low participation rate', recommendation: 'Focus on community engagement and adoption incentives' },
} as const;

/** Thresholds of the classification rules (upstream values), editable as data. */
export interface ValidationRules {
  roiSuccessFraction: number; // achieved when actual ROI ≥ 0.8 × projected ROI %
  breakEvenTolerance: number; // achieved when months ≤ 1.2 × projected
  confidence: { high: { rev: number; roi: number }; medium: { rev: number; roi: number } };
  growth: { exponential: number; linear: number; plateau: number };
  trend: { improving: number; stable: number };
  market: { bull: number; normal: number };
  lowParticipation: number;
  declineWindowWeeks: number;
}

export const DEFAULT_VALIDATION_RULES: ValidationRules = {
  roiSuccessFraction: 0.8,
  breakEvenTolerance: 1.2,
  confidence: { high: { rev: 10, roi: 15 }, medium: { rev: 25, roi: 30 } },
  growth: { exponential: 0.02, linear: 0.005, plateau: -0.005 },
  trend: { improving: 1.1, stable: 0.9 },
  market: { bull: 1.2, normal: 0.8 },
  lowParticipation: 0.5,
  declineWindowWeeks: 10,
};

export interface ValidationReport {
  modelName: string;
  projections: { revenue: number; roi: number; roiPercent: number; breakEvenMonths: number };
  actual: { revenue: number; roi: number; breakEvenWeek: number | null; breakEvenMonths: number | null };
  /** All in percent, as published (cumulative revenue vs the year-5 target, like upstream). */
  variance: { revenueVariance: number; roiVariance: number; breakEvenVariance: number | null };
  /** Like-for-like comparisons the upstream report lacked (spec §6.1); informational, not scored. */
  likeForLike: { year5Revenue: number; year5RevenueVariance: number; week260Revenue: number };
  riskAssessment: {
    achievedSuccessProbability: boolean;
    achievedROI: boolean;
    achievedBreakEven: boolean;
    confidenceLevel: ConfidenceLevel;
    riskFactors: string[];
    mitigationRecommendations: string[];
  };
  analysis: {
    revenueGrowthPattern: GrowthPattern;
    /** Mean week-over-week growth rate (week 1 counted as 0) that the pattern is based on. */
    averageWeeklyGrowthRate: number;
    profitabilityTrend: ProfitabilityTrend;
    tokenEconomyImpact: TokenImpact;
    marketScenario: MarketClass;
  };
  /** The simulation inputs, for re-running and for the report. */
  model: ProjectionModel;
  results: SimulationResults;
}

const mean = (xs: readonly number[], from: number, to: number) => {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  return to > from ? s / (to - from) : 0;
};

export function classifyGrowth(weeklyRevenue: readonly number[], rules = DEFAULT_VALIDATION_RULES.growth) {
  let sum = 0;
  for (let i = 1; i < weeklyRevenue.length; i++) {
    const prev = weeklyRevenue[i - 1];
    sum += prev !== 0 ? (weeklyRevenue[i] - prev) / prev : 0;
  }
  const avg = weeklyRevenue.length > 0 ? sum / weeklyRevenue.length : 0;
  const pattern: GrowthPattern =
    avg > rules.exponential ? 'exponential' : avg > rules.linear ? 'linear' : avg > rules.plateau ? 'plateau' : 'declining';
  return { pattern, avg };
}

/**
 * Mean weekly profit of the last 52 weeks versus weeks 53–104 (upstream windows). Runs shorter
 * than 104 weeks compare the last half with the half before (upstream produced NaN there).
 * The ratio test is rewritten with |previous| so a negative baseline cannot flip the verdict.
 */
export function classifyTrend(weeklyProfit: readonly number[], rules = DEFAULT_VALIDATION_RULES.trend): ProfitabilityTrend {
  const n = weeklyProfit.length;
  let recent: number;
  let previous: number;
  if (n >= 104) {
    recent = mean(weeklyProfit, n - 52, n);
    previous = mean(weeklyProfit, 52, 104);
  } else {
    const w = Math.floor(n / 2);
    if (w < 1) return 'stable';
    recent = mean(weeklyProfit, n - w, n);
    previous = mean(weeklyProfit, n - 2 * w, n - w);
  }
  const mag = Math.abs(previous);
  if (recent > previous + (rules.improving - 1) * mag) return 'improving';
  if (recent > previous - (1 - rules.stable) * mag) return 'stable';
  return 'declining';
}

/**
 * Token impact from the token ledger: neutral when the model has no token economy, negative when
 * the tokens issued (plus staking interest) exceed the net profit that has to back them, else
 * positive. Upstream said "positive" whenever any token existed.
 */
export function classifyTokenImpact(r: SimulationResults): TokenImpact {
  const t = r.tokenMetrics;
  if (t.memberBenefit <= 0) return 'neutral';
  if (t.totalValue > 0 && (t.tokenLiabilityRatio === null || t.tokenLiabilityRatio > 1)) return 'negative';
  return 'positive';
}

export function validateResults(
  modelInput: ProjectionModelInput,
  results: SimulationResults,
  settingsInput: SimulationSettingsInput = {},
  rules: ValidationRules = DEFAULT_VALIDATION_RULES,
): ValidationReport {
  const model = parseModel(modelInput);
  const settings = parseSettings(settingsInput);
  const projectedROIPercent = model.projectedRiskAdjustedROI * 100;
  const revenueVariance = ((results.finalRevenue - model.projectedYear5Revenue) / model.projectedYear5Revenue) * 100;
  const roiVariance = ((results.actualROI - projectedROIPercent) / projectedROIPercent) * 100;
  const breakEvenMonths = results.breakEvenWeek === null ? null : results.breakEvenWeek / settings.weeksPerMonth;
  const breakEvenVariance =
    breakEvenMonths === null ? null : ((breakEvenMonths - model.projectedBreakEvenMonths) / model.projectedBreakEvenMonths) * 100;

  const achievedROI = results.actualROI >= rules.roiSuccessFraction * projectedROIPercent;
  const achievedBreakEven = breakEvenMonths !== null && breakEvenMonths <= rules.breakEvenTolerance * model.projectedBreakEvenMonths;

  const c = rules.confidence;
  const ar = Math.abs(revenueVariance);
  const ao = Math.abs(roiVariance);
  const confidenceLevel: ConfidenceLevel =
    ar < c.high.rev && ao < c.high.roi ? 'high' : ar < c.medium.rev && ao < c.medium.roi ? 'medium' : 'low';

  const wr = results.weeklyRevenue;
  // A drop between two weeks that are both inside the window (upstream: slice(-10), i > 0), so the
  // step from the week before the window into it does not count.
  let declined = false;
  for (let i = Math.max(1, wr.length - rules.declineWindowWeeks + 1); i < wr.length; i++) if (wr[i] < wr[i - 1]) declined = true;

  const risks: { factor: string; recommendation: string }[] = [];
  if (!achievedROI) risks.push(RISK_FACTORS.roiBelowTarget);
  if (!achievedBreakEven) risks.push(RISK_FACTORS.breakEvenDelayed);
  if (declined) risks.push(RISK_FACTORS.revenueDecline);
  if (model.participationRate < rules.lowParticipation) risks.push(RISK_FACTORS.lowParticipation);

  const growth = classifyGrowth(wr, rules.growth);
  // Percent against percent (upstream compared the % ROI with the decimal multiple: always "bull").
  const marketScenario: MarketClass =
    results.actualROI > projectedROIPercent * rules.market.bull
      ? 'bull'
      : results.actualROI > projectedROIPercent * rules.market.normal
        ? 'normal'
        : 'bear';

  return {
    modelName: model.name,
    projections: {
      revenue: model.projectedYear5Revenue,
      roi: model.projectedRiskAdjustedROI,
      roiPercent: projectedROIPercent,
      breakEvenMonths: model.projectedBreakEvenMonths,
    },
    actual: { revenue: results.finalRevenue, roi: results.actualROI, breakEvenWeek: results.breakEvenWeek, breakEvenMonths },
    variance: { revenueVariance, roiVariance, breakEvenVariance },
    likeForLike: {
      year5Revenue: results.year5Revenue,
      year5RevenueVariance: ((results.year5Revenue - model.projectedYear5Revenue) / model.projectedYear5Revenue) * 100,
      week260Revenue: wr[wr.length - 1] ?? 0,
    },
    riskAssessment: {
      achievedSuccessProbability: achievedROI && achievedBreakEven,
      achievedROI,
      achievedBreakEven,
      confidenceLevel,
      riskFactors: risks.map((r) => r.factor),
      mitigationRecommendations: risks.map((r) => r.recommendation),
    },
    analysis: {
      revenueGrowthPattern: growth.pattern,
      averageWeeklyGrowthRate: growth.avg,
      profitabilityTrend: classifyTrend(results.weeklyProfit, rules.trend),
      tokenEconomyImpact: classifyTokenImpact(results),
      marketScenario,
    },
    model,
    results,
  };
}

/** Simulate with a fresh state and validate one model. */
export function validate(
  modelInput: ProjectionModelInput,
  settingsInput: SimulationSettingsInput = {},
  rules: ValidationRules = DEFAULT_VALIDATION_RULES,
): ValidationReport {
  const model = parseModel(modelInput);
  const settings = parseSettings(settingsInput);
  return validateResults(model, simulateParsed(model, settings), settings, rules);
}

export interface RankedModel {
  rank: number;
  modelName: string;
  score: number;
  report: ValidationReport;
}

export interface ModelComparison {
  rankings: RankedModel[];
  recommendations: string[];
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Ranking score (§1.6), 0–100. */
export function scoreReport(r: ValidationReport): number {
  let s = 50;
  s += clamp((r.variance.roiVariance / 100) * 30, -30, 30);
  s += clamp((r.variance.revenueVariance / 100) * 20, -20, 20);
  if (r.riskAssessment.confidenceLevel === 'high') s += 15;
  else if (r.riskAssessment.confidenceLevel === 'low') s -= 15;
  if (r.analysis.revenueGrowthPattern === 'exponential') s += 10;
  else if (r.analysis.revenueGrowthPattern === 'declining') s -= 10;
  if (r.analysis.profitabilityTrend === 'improving') s += 10;
  else if (r.analysis.profitabilityTrend === 'declining') s -= 10;
  return clamp(s, 0, 100);
}

/**
 * Rank already-validated reports (upstream re-simulated every model here: 10 runs for 5 models).
 * Sorted by score descending; ties keep input order (Array.prototype.sort is stable).
 */
export function compareModels(reports: readonly ValidationReport[]): ModelComparison {
  const scored = reports.map((report) => ({ modelName: report.modelName, score: scoreReport(report), report }));
  scored.sort((a, b) => b.score - a.score);
  const rankings = scored.map((s, i) => ({ rank: i + 1, ...s }));
  const recommendations: string[] = [];
  if (rankings.length > 0) {
    recommendations.push(`Primary recommendation: ${rankings[0].modelName} (Score: ${rankings[0].score.toFixed(1)})`);
  }
  // These two lists keep the input order of the models, as upstream's (it filters the reports, not the ranking).
  const high = reports.filter((r) => r.riskAssessment.confidenceLevel === 'high').map((r) => r.modelName);
  if (high.length > 0) recommendations.push(`High confidence models: ${high.join(', ')}`);
  const positive = reports.filter((r) => r.analysis.tokenEconomyImpact === 'positive').map((r) => r.modelName);
  if (positive.length > 0) recommendations.push(`Token economy shows positive impact in: ${positive.join(', ')}`);
  return { rankings, recommendations };
}

/** Validate every model once (fresh state each) and rank them. */
export function validateAll(
  models: readonly ProjectionModelInput[],
  settingsInput: SimulationSettingsInput = {},
  rules: ValidationRules = DEFAULT_VALIDATION_RULES,
): { reports: ValidationReport[]; comparison: ModelComparison } {
  const reports = models.map((m) => validate(m, settingsInput, rules));
  return { reports, comparison: compareModels(reports) };
}

/** Executive-summary counts (run-validation.ts §1.7), computed from the reports. */
export function summarizeReports(reports: readonly ValidationReport[]) {
  const riskCounts = new Map<string, number>();
  for (const r of reports) for (const f of r.riskAssessment.riskFactors) riskCounts.set(f, (riskCounts.get(f) ?? 0) + 1);
  return {
    totalModels: reports.length,
    successCount: reports.filter((r) => r.riskAssessment.achievedSuccessProbability).length,
    highConfidenceCount: reports.filter((r) => r.riskAssessment.confidenceLevel === 'high').length,
    positiveTokenCount: reports.filter((r) => r.analysis.tokenEconomyImpact === 'positive').length,
    improvingCount: reports.filter((r) => r.analysis.profitabilityTrend === 'improving').length,
    riskFactorCounts: [...riskCounts.entries()].map(([factor, models]) => ({ factor, models })),
  };
}
