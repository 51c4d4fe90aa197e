/** Tooltip texts and labels for parameters, metrics, validation terms and presets (spec §4.3, §4.4, tooltips.ts). */
import { METRIC_DESCRIPTIONS, metricLabel, PARAM_SPECS, type MetricName, type ParamName } from '../../src-shared/engine';

// The labels live in src-shared so the exported reports use the same names as the app.
export { METRIC_LABELS, metricLabel, PARAM_LABELS } from '../../src-shared/engine';

const PARAM_EXTRA: Partial<Record<ParamName, string>> = {
  NUM_MEMBERS: 'Households in the community. Both scenarios use the same members.',
  SIMULATION_WEEKS: 'How long to simulate; 52 weeks is a year.',
  INITIAL_WEALTH_MEAN_LOG: 'Initial wealth is log-normal; the median is e^μ (6.9 ≈ $1000).',
  INITIAL_WEALTH_SIGMA_LOG: 'Spread of initial wealth: 0.6 is moderate, 1.0 is high, 1.5 extreme.',
  WEEKLY_INCOME_AVG: 'Mean weekly income per household, drawn once per member.',
  WEEKLY_FOOD_BUDGET_AVG: 'Mean weekly food spending; poverty line = 4 × this value.',
  PERCENT_SPEND_INTERNAL_AVG: 'Share of the food budget spent through the co-op in scenario B (0.6 = 60%).',
  GROUP_BUY_SAVINGS_PERCENT: 'Discount from buying in bulk through the co-op (0.15 = 15% savings).',
  LOCAL_PRODUCTION_SAVINGS_PERCENT: 'Discount on locally produced food (0.25 = 25% savings).',
  GROTOKEN_REWARD_PER_WEEK_AVG: 'GroTokens earned per member each week for participating.',
  GROTOKEN_USD_VALUE: 'Dollar value of one GroToken when counting wealth B.',
  WEEKLY_COOP_FEE_B: 'Membership fee paid each week in scenario B.',
};

export function paramHelp(p: ParamName): string {
  const s = PARAM_SPECS[p];
  const text = PARAM_EXTRA[p] ?? s.label;
  return `${text}${/[.!?]$/.test(text) ? '' : '.'} Allowed: ${s.integer ? 'integer' : 'number'} ${s.min}–${s.max}; default ${+s.default.toFixed(4)}.`;
}

const METRIC_EXTRA: Partial<Record<MetricName, string>> = {
  Gini_A: '0 = perfect equality, 1 = one member holds everything. Lower is better.',
  Gini_B: '0 = perfect equality, 1 = one member holds everything. Lower is better.',
  PovertyRate_A: 'Lower is better.',
  PovertyRate_B: 'Lower is better.',
  LocalEconomyStrength: 'How much spending stays in the community (B only). Higher is better.',
  CommunityResilience: 'Share of members above the poverty line in B. Higher is better.',
  WealthMobility: 'How far members moved in the wealth ranking (B). Higher means more mobility.',
};

export function metricHelp(m: string): string {
  const d = METRIC_DESCRIPTIONS[m as MetricName] ?? m;
  const e = METRIC_EXTRA[m as MetricName];
  return `${metricLabel(m)}: ${d}${e ? '. ' + e : ''}`;
}

export const VALIDATION_HELP = {
  expected: 'Expected wealth difference D from the closed-form model for these parameters.',
  actual: 'Simulated D = TotalWealth_B − TotalWealth_A at the final week.',
  error: 'Relative error |actual − expected| / |expected|.',
  threshold: 'Allowed error; wider for downturns, high inequality, very small or large communities and long runs.',
  score: 'Score out of 100: 40 for B ahead of A, 40 for agreement with the expected value (partial credit up to 2× the threshold), 20 for a plausible per-member magnitude.',
};

export const PRESET_TESTS: Record<string, string> = {
  baseline: 'The default community: the reference point every other scenario is compared with.',
  'high-inequality': 'Whether cooperation still helps when members start very unequal.',
  'economic-downturn': 'How the co-op protects members when income barely covers food.',
  'small-community': 'Modest participation in a small rural setting.',
  'urban-neighborhood': 'A large, higher-income neighbourhood with low co-op participation.',
  'strong-cooperation': 'The upside of high participation and strong savings.',
  'weak-cooperation': 'How little benefit remains when few members take part.',
  'token-focused': 'The weight of GroToken rewards in wealth B.',
  'long-term': 'Whether the advantage compounds over five years.',
  'extreme-inequality': 'An edge case: an extreme starting distribution.',
  'severe-downturn': 'An edge case: income barely above food costs.',
  'tiny-community': 'An edge case: twenty households.',
  'large-community': 'An edge case: five hundred households.',
  'mixed-scenario': 'High inequality together with strong cooperation.',
};
