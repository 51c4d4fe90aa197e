import { z } from 'zod';

/**
 * Editable projection data: business models, market scenarios and the simulation settings are
 * plain JSON-like objects validated here, so users can edit/import them without code changes.
 * Zod messages name the field, the value and the allowed range.
 */

const fraction = (what: string) =>
  z
    .number({ error: `${what} must be a number between 0 and 1` })
    .min(0, { error: (i) => `${what} must be between 0 and 1 (got ${String(i.input)})` })
    .max(1, { error: (i) => `${what} must be between 0 and 1 (got ${String(i.input)})` });

const nonNeg = (what: string) =>
  z
    .number({ error: `${what} must be a non-negative number` })
    .min(0, { error: (i) => `${what} must be ≥ 0 (got ${String(i.input)})` })
    .refine(Number.isFinite, { error: `${what} must be finite` });

const positive = (what: string) =>
  z
    .number({ error: `${what} must be a positive number` })
    .gt(0, { error: (i) => `${what} must be > 0 (got ${String(i.input)})` })
    .refine(Number.isFinite, { error: `${what} must be finite` });

export const ProjectionModelSchema = z.object({
  name: z.string().trim().min(1, { error: 'name must not be empty' }).max(200),
  description: z.string().max(2000).default(''),
  // Projection targets (from the 5-year projection document).
  initialInvestment: positive('initialInvestment ($)'),
  projectedYear5Revenue: positive('projectedYear5Revenue ($, year-5 annual revenue)'),
  /** Decimal multiple: 13.66 means 1,366 %. */
  projectedRiskAdjustedROI: positive('projectedRiskAdjustedROI (decimal multiple, 13.66 = 1,366%)'),
  projectedBreakEvenMonths: positive('projectedBreakEvenMonths'),
  successProbability: fraction('successProbability'),
  // Simulation inputs.
  populationSize: z
    .number()
    .int({ error: (i) => `populationSize must be a whole number (got ${String(i.input)})` })
    .min(1, { error: (i) => `populationSize must be between 1 and 10,000,000 (got ${String(i.input)})` })
    .max(10_000_000, { error: (i) => `populationSize must be between 1 and 10,000,000 (got ${String(i.input)})` }),
  participationRate: fraction('participationRate'),
  weeklyRevenuePerParticipant: nonNeg('weeklyRevenuePerParticipant ($/participant/week)'),
  growthRatePerWeek: z
    .number()
    .min(-0.5, { error: (i) => `growthRatePerWeek must be between -0.5 and 0.5 per week (got ${String(i.input)})` })
    .max(0.5, { error: (i) => `growthRatePerWeek must be between -0.5 and 0.5 per week (got ${String(i.input)})` }),
  // Token economy inputs: these now drive tokenMetrics (upstream never read them).
  tokenDistributionRate: fraction('tokenDistributionRate').optional(),
  groupBuyingSavings: fraction('groupBuyingSavings').optional(),
  stakingParticipation: fraction('stakingParticipation').optional(),
});
export type ProjectionModel = z.infer<typeof ProjectionModelSchema>;
export type ProjectionModelInput = z.input<typeof ProjectionModelSchema>;

export const MarketScenarioKey = z.enum(['bull', 'normal', 'downturn', 'cryptoWinter']);
export type MarketScenarioKey = z.infer<typeof MarketScenarioKey>;

export const MarketScenarioSchema = z.object({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { error: 'key must be an identifier like "bull"' }),
  name: z.string().min(1),
  probability: fraction('probability'),
  roiMultiplier: nonNeg('roiMultiplier'),
  successRateIncrease: z.number().min(-1).max(1),
  growthAcceleration: nonNeg('growthAcceleration'),
  /** Participation change applied when deriving a variant (bull +0.10, downturn −0.15). */
  participationDelta: z.number().min(-1).max(1).default(0),
});
export type MarketScenario = z.infer<typeof MarketScenarioSchema>;

/** Settings of the deterministic 260-week run and of the classification rules (§1.4–1.6). */
export const SimulationSettingsSchema = z.object({
  weeks: z
    .number()
    .int()
    .min(1, { error: (i) => `weeks must be between 1 and 5200 (got ${String(i.input)})` })
    .max(5200, { error: (i) => `weeks must be between 1 and 5200 (got ${String(i.input)})` })
    .default(260),
  /** Weekly operating cost as a fraction of the initial investment (0.1 %). */
  weeklyCostRate: fraction('weeklyCostRate').default(0.001),
  /** Published months use 4.33 weeks per month; kept for comparability. */
  weeksPerMonth: positive('weeksPerMonth').default(4.33),
  /** GroToken reward per active token holder per week (tokens); upstream GroToken distributionMean. */
  tokenRewardPerWeek: nonNeg('tokenRewardPerWeek').default(0.5),
  /** USD value per token (upstream GroToken tokenValue). */
  tokenUsdValue: nonNeg('tokenUsdValue').default(2.0),
  /** Annual interest paid on staked tokens (upstream GroVault baseInterestRate). */
  stakingAnnualRate: nonNeg('stakingAnnualRate').default(0.02),
});
export type SimulationSettings = z.infer<typeof SimulationSettingsSchema>;
export type SimulationSettingsInput = z.input<typeof SimulationSettingsSchema>;

/** Format zod issues as "path: message" lines (the message already names value and range). */
export function formatZodIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('\n');
}

export class ProjectionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectionInputError';
  }
}

export function parseModel(input: unknown, label = 'model'): ProjectionModel {
  const r = ProjectionModelSchema.safeParse(input);
  if (!r.success) throw new ProjectionInputError(`invalid projection ${label}:\n${formatZodIssues(r.error, label)}`);
  return r.data;
}

export function parseScenario(input: unknown, label = 'scenario'): MarketScenario {
  const r = MarketScenarioSchema.safeParse(input);
  if (!r.success) throw new ProjectionInputError(`invalid market ${label}:\n${formatZodIssues(r.error, label)}`);
  return r.data;
}

export function parseSettings(input: unknown = {}): SimulationSettings {
  const r = SimulationSettingsSchema.safeParse(input);
  if (!r.success) throw new ProjectionInputError(`invalid simulation settings:\n${formatZodIssues(r.error, 'settings')}`);
  return r.data;
}
