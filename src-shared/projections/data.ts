import type { MarketScenario, ProjectionModel, ProjectionModelInput } from './schema';
import { parseModel, parseScenario } from './schema';

/**
 * Reference data from the upstream scenario-configs.ts (projections spec §1.3), kept as plain
 * JSON-like objects so the UI can show, edit, import and export them. The two market variants are
 * stored resolved (as published) and are also reproducible with deriveScenarioModel (tested).
 */

export const AI_ENHANCED_LOCAL_SERVICE: ProjectionModelInput = {
  name: 'AI-Enhanced Local Service Business',
  description: 'AI-powered local services with token rewards for participation',
  initialInvestment: 5000,
  projectedYear5Revenue: 94277,
  projectedRiskAdjustedROI: 13.66,
  projectedBreakEvenMonths: 3.3,
  successProbability: 0.75,
  populationSize: 500,
  participationRate: 0.75,
  weeklyRevenuePerParticipant: 0.53,
  growthRatePerWeek: 0.0125,
  tokenDistributionRate: 0.6,
  groupBuyingSavings: 0.15,
  stakingParticipation: 0.4,
};

export const SUSTAINABLE_ENERGY_AI_CONSULTING: ProjectionModelInput = {
  name: 'Sustainable Energy AI Consulting',
  description: 'AI-driven energy efficiency consulting with token incentives',
  initialInvestment: 4000,
  projectedYear5Revenue: 63020,
  projectedRiskAdjustedROI: 8.18,
  projectedBreakEvenMonths: 4.4,
  successProbability: 0.6,
  populationSize: 400,
  participationRate: 0.6,
  weeklyRevenuePerParticipant: 0.67,
  growthRatePerWeek: 0.011,
  tokenDistributionRate: 0.5,
  groupBuyingSavings: 0.15,
  stakingParticipation: 0.3,
};

export const COMMUNITY_TOKEN_PRE_ORDER: ProjectionModelInput = {
  name: 'Community Token Pre-Order System',
  description: 'Local community currency for pre-ordering goods and services',
  initialInvestment: 3000,
  projectedYear5Revenue: 33084,
  projectedRiskAdjustedROI: 3.5,
  projectedBreakEvenMonths: 6.9,
  successProbability: 0.4,
  populationSize: 300,
  participationRate: 0.4,
  weeklyRevenuePerParticipant: 0.83,
  growthRatePerWeek: 0.009,
  tokenDistributionRate: 0.8,
  groupBuyingSavings: 0.15,
  stakingParticipation: 0.5,
};

export const AI_ENHANCED_BULL: ProjectionModelInput = {
  ...AI_ENHANCED_LOCAL_SERVICE,
  name: 'AI-Enhanced Local Service (Bull Market)',
  projectedRiskAdjustedROI: 20.49,
  successProbability: 0.95,
  participationRate: 0.85,
  growthRatePerWeek: 0.01625,
};

export const COMMUNITY_TOKEN_BEAR: ProjectionModelInput = {
  ...COMMUNITY_TOKEN_PRE_ORDER,
  name: 'Community Token Pre-Order (Bear Market)',
  projectedRiskAdjustedROI: 2.1,
  successProbability: 0.15,
  participationRate: 0.25,
  growthRatePerWeek: 0.0063,
};

export const BASELINE_MODELS: readonly ProjectionModelInput[] = [
  AI_ENHANCED_LOCAL_SERVICE,
  SUSTAINABLE_ENERGY_AI_CONSULTING,
  COMMUNITY_TOKEN_PRE_ORDER,
];

export const ALL_MODELS: readonly ProjectionModelInput[] = [...BASELINE_MODELS, AI_ENHANCED_BULL, COMMUNITY_TOKEN_BEAR];

export const MARKET_SCENARIOS: readonly MarketScenario[] = [
  { key: 'bull', name: 'Bull Market + High AI Adoption', probability: 0.25, roiMultiplier: 1.5, successRateIncrease: 0.2, growthAcceleration: 1.3, participationDelta: 0.1 },
  { key: 'normal', name: 'Normal Growth', probability: 0.5, roiMultiplier: 1.0, successRateIncrease: 0, growthAcceleration: 1.0, participationDelta: 0 },
  { key: 'downturn', name: 'Economic Downturn', probability: 0.2, roiMultiplier: 0.6, successRateIncrease: -0.25, growthAcceleration: 0.7, participationDelta: -0.15 },
  // The USER_GUIDE crypto-winter recipe leaves participation unchanged.
  { key: 'cryptoWinter', name: 'Crypto Winter + AI Skepticism', probability: 0.05, roiMultiplier: 0.4, successRateIncrease: -0.35, growthAcceleration: 0.5, participationDelta: 0 },
];

/** Informational only (upstream SUCCESS_FACTORS). */
export const SUCCESS_FACTORS = {
  aiModels: { adoptionRate: 0.68, workforceGrowth: 0.82, averageGrowthRate: 0.45, breakEvenMonths: [3, 5] as [number, number] },
  tokenModels: { failureRate: 0.53, minActiveParticipants: 200, networkEffectThreshold: 0.3, regulatoryRisk: 'high' as const },
} as const;

/** Clamp ranges used when deriving a market variant (they reproduce the published variants). */
export const VARIANT_BOUNDS = {
  successProbability: [0.15, 0.95] as [number, number],
  participationRate: [0.2, 0.9] as [number, number],
};

// Remove binary noise from derived values (0.0125 × 1.3 = 0.016249999999999997).
const tidy = (x: number) => Number(x.toPrecision(12));
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

const SCENARIO_LABEL: Record<string, string> = { bull: 'Bull Market', downturn: 'Bear Market', cryptoWinter: 'Crypto Winter', normal: 'Normal Market' };

/**
 * Build a market variant of a model: ROI target × roiMultiplier, growth × growthAcceleration,
 * success and participation shifted and clamped (VARIANT_BOUNDS). Reproduces the published Bull
 * and Bear variants and the USER_GUIDE crypto-winter recipe.
 */
export function deriveScenarioModel(
  baseInput: ProjectionModelInput,
  scenarioInput: MarketScenario,
  opts: { name?: string } = {},
): ProjectionModel {
  const base = parseModel(baseInput, 'base model');
  const s = parseScenario(scenarioInput);
  return parseModel({
    ...base,
    name: opts.name ?? scenarioVariantName(base.name, s),
    projectedRiskAdjustedROI: tidy(base.projectedRiskAdjustedROI * s.roiMultiplier),
    successProbability: tidy(clamp(base.successProbability + s.successRateIncrease, ...VARIANT_BOUNDS.successProbability)),
    participationRate:
      s.participationDelta === 0
        ? base.participationRate
        : tidy(clamp(base.participationRate + s.participationDelta, ...VARIANT_BOUNDS.participationRate)),
    growthRatePerWeek: tidy(base.growthRatePerWeek * s.growthAcceleration),
  });
}

/** The name deriveScenarioModel gives the variant: "AI-Enhanced Local Service (Bull Market)". */
export function scenarioVariantName(baseName: string, s: Pick<MarketScenario, 'key' | 'name'>): string {
  return `${baseName.trim().replace(/\s+(Business|System)$/, '')} (${SCENARIO_LABEL[s.key] ?? s.name})`;
}

/**
 * The models a market scenario is applied to: a model that is itself a market variant of another
 * model in the list (the published Bull and Bear variants of ALL_MODELS) is left out, because
 * applying a scenario to it would compound two scenarios (bull on the Bull variant: ROI target
 * ×2.25, growth ×1.69, "… (Bull Market) (Bull Market)"). Its base gets the scenario instead.
 */
export function scenarioBaseModels<T extends Pick<ProjectionModelInput, 'name'>>(models: readonly T[], scenarios: readonly MarketScenario[] = MARKET_SCENARIOS): T[] {
  const variants = new Set(models.flatMap((m) => scenarios.map((s) => scenarioVariantName(m.name, s))));
  return models.filter((m) => !variants.has(m.name.trim()));
}

/** "cryptoWinter", "crypto-winter", "Crypto Winter" and "crypto_winter" all read as "cryptowinter". */
const scenarioSpelling = (x: string) => x.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * A market scenario by its key or name; then, whatever the case and separators, by its key, its
 * name or the label its variants carry ("crypto-winter" and "Crypto Winter" are cryptoWinter).
 */
export function findScenario(key: string, scenarios: readonly MarketScenario[] = MARKET_SCENARIOS): MarketScenario {
  const q = scenarioSpelling(key);
  const s =
    scenarios.find((x) => x.key === key || x.name.toLowerCase() === key.toLowerCase()) ??
    (q === '' ? undefined : scenarios.find((x) => [x.key, x.name, SCENARIO_LABEL[x.key] ?? ''].some((n) => scenarioSpelling(n) === q)));
  if (!s) {
    throw new Error(`unknown market scenario "${key}": expected one of ${scenarios.map((x) => x.key).join(', ')}`);
  }
  return s;
}

export function findModel(name: string, models: readonly ProjectionModelInput[] = ALL_MODELS): ProjectionModelInput {
  const q = name.trim().toLowerCase();
  const exact = models.find((m) => m.name.toLowerCase() === q);
  if (exact) return exact;
  const partial = models.filter((m) => m.name.toLowerCase().includes(q));
  if (partial.length === 1) return partial[0];
  throw new Error(
    `${partial.length > 1 ? 'ambiguous' : 'unknown'} projection model "${name}": expected one of ${models.map((m) => `"${m.name}"`).join(', ')}`,
  );
}
