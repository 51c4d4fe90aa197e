/**
 * User-facing names of parameters, metrics and cumulative flows, shared by the app and the
 * exported reports (a report shows the labels the app shows; CSV/JSON keep the machine names).
 */
import { METRIC_NAMES, type MetricName } from './metrics';
import type { ParamName } from './params';
import type { FlowTotals } from './simulate';

export const PARAM_LABELS: Record<ParamName, string> = {
  NUM_MEMBERS: 'Number of members',
  SIMULATION_WEEKS: 'Simulation duration (weeks)',
  INITIAL_WEALTH_MEAN_LOG: 'Initial wealth (log mean)',
  INITIAL_WEALTH_SIGMA_LOG: 'Initial wealth inequality (log σ)',
  WEEKLY_FOOD_BUDGET_AVG: 'Average weekly food budget ($)',
  WEEKLY_FOOD_BUDGET_STDDEV: 'Food budget variation ($)',
  MIN_WEEKLY_BUDGET: 'Minimum weekly budget ($)',
  WEEKLY_INCOME_AVG: 'Average weekly income ($)',
  WEEKLY_INCOME_STDDEV: 'Income variation ($)',
  MIN_WEEKLY_INCOME: 'Minimum weekly income ($)',
  GROUP_BUY_SAVINGS_PERCENT: 'Group-buy savings (fraction)',
  LOCAL_PRODUCTION_SAVINGS_PERCENT: 'Local production savings (fraction)',
  // A fraction (0.6 = 60%): a '%' label invited typing 60, which the 0–1 range refuses.
  PERCENT_SPEND_INTERNAL_AVG: 'Share spent internally (co-op, fraction)',
  PERCENT_SPEND_INTERNAL_STDDEV: 'Internal spending variation',
  GROTOKEN_REWARD_PER_WEEK_AVG: 'Weekly GroToken reward (tokens)',
  GROTOKEN_REWARD_STDDEV: 'GroToken reward variation (tokens)',
  GROTOKEN_USD_VALUE: 'GroToken value ($)',
  WEEKLY_COOP_FEE_B: 'Weekly co-op fee ($)',
};

export const METRIC_LABELS: Partial<Record<MetricName, string>> = {
  AvgWealth_A: 'Average wealth A',
  AvgWealth_B: 'Average wealth B',
  MedianWealth_A: 'Median wealth A',
  MedianWealth_B: 'Median wealth B',
  TotalWealth_A: 'Total wealth A',
  TotalWealth_B: 'Total wealth B',
  Gini_A: 'Gini A',
  Gini_B: 'Gini B',
  WealthGap_A: 'Wealth gap A (top/bottom 20%)',
  WealthGap_B: 'Wealth gap B (top/bottom 20%)',
  PovertyRate_A: 'Poverty rate A',
  PovertyRate_B: 'Poverty rate B',
  LocalEconomyStrength: 'Local economy strength',
  CommunityResilience: 'Community resilience',
  WealthMobility: 'Wealth mobility',
  EconomicVelocity: 'Economic velocity',
  RiskResilience: 'Risk resilience',
  AvgTokenValue_B: 'Average token value B',
  WealthDifference: 'Total wealth difference (B − A)',
  MarketEfficiency: 'Market efficiency',
  Bottom20PctShare: 'Bottom 20% share (B)',
  Week: 'Week',
  Year: 'Year',
  Quarter: 'Quarter',
  WealthQuintiles_A_P20: '20th percentile of wealth A',
  WealthQuintiles_A_P40: '40th percentile of wealth A',
  WealthQuintiles_A_P60: '60th percentile of wealth A',
  WealthQuintiles_A_P80: '80th percentile of wealth A',
  WealthQuintiles_B_P20: '20th percentile of wealth B',
  WealthQuintiles_B_P40: '40th percentile of wealth B',
  WealthQuintiles_B_P60: '60th percentile of wealth B',
  WealthQuintiles_B_P80: '80th percentile of wealth B',
  Top10Percent_A: '90th percentile of wealth A',
  Top10Percent_B: '90th percentile of wealth B',
  Bottom10Percent_A: '10th percentile of wealth A',
  Bottom10Percent_B: '10th percentile of wealth B',
  SocialSafetyNet: 'Social safety net',
  InnovationIndex: 'Innovation index',
  SustainabilityScore: 'Sustainability score',
  CommunityEngagement: 'Community engagement',
  InnovationAdoption: 'Innovation adoption (token share of wealth B)',
  WealthMobilityScore: 'Upward mobility score',
  EconomicDiversity: 'Economic diversity',
};
// Trends are named after their base: "Gini B, weekly change".
for (const m of METRIC_NAMES) {
  const base = m.endsWith('_Trend') ? (m.slice(0, -'_Trend'.length) as MetricName) : null;
  if (base && METRIC_LABELS[base]) METRIC_LABELS[m] = `${METRIC_LABELS[base]}, weekly change`;
}

export const metricLabel = (m: string) => METRIC_LABELS[m as MetricName] ?? m;

/**
 * The unit of a metric's raw value: dollars, a 0–1 fraction or index (Gini, rates, shares,
 * scores), a ratio, a share of wealth per week, or a relative change (trends).
 */
export function metricUnit(m: string): '$' | '0–1' | 'ratio' | 'per week' | 'relative' | '' {
  if (m.endsWith('_Trend')) return 'relative';
  if (/^(Avg|Median|Total)Wealth_|^WealthQuintiles_|^(Top|Bottom)10Percent_|^AvgTokenValue_B$|^WealthDifference$/.test(m)) return '$';
  if (m.startsWith('WealthGap_')) return 'ratio';
  if (m === 'EconomicVelocity') return 'per week';
  if (m === 'Week' || m === 'Year' || m === 'Quarter' || !(METRIC_NAMES as readonly string[]).includes(m)) return '';
  return '0–1';
}

/** "Average wealth A ($)", "Poverty rate B (0–1)", "Wealth gap A (top/bottom 20%, ratio)". */
export function metricLabelWithUnit(m: string): string {
  return withUnit(metricLabel(m), metricUnit(m));
}

/** `label (unit)`, or the unit added inside a closing parenthesis: "Gap (top/bottom, ratio)". */
export function withUnit(label: string, unit: string): string {
  if (!unit) return label;
  return label.endsWith(')') ? `${label.slice(0, -1)}, ${unit})` : `${label} (${unit})`;
}

/** The cumulative flows of a run (totals over all members and weeks), with their units. */
export const FLOW_LABELS: Record<keyof FlowTotals, string> = {
  incomeA: 'Income, A ($)',
  incomeB: 'Income, B ($)',
  spendA: 'Food spending, A ($)',
  spendInternalB: 'Food bought through the co-op, B ($, price paid)',
  spendExternalB: 'Food bought outside the co-op, B ($)',
  coopSavingsB: 'Savings from co-op discounts, B ($)',
  feesB: 'Co-op fees, B ($)',
  tokensMinted: 'GroTokens minted, B (tokens)',
  tokenValueUsd: 'Value of the GroTokens minted, B ($)',
  initialWealth: 'Initial wealth, A and B ($)',
  finalWealthA: 'Final wealth, A ($)',
  finalFoodUsdB: 'Final USD holdings, B ($)',
  finalWealthB: 'Final wealth, B: USD + tokens × price ($)',
};
export const flowLabel = (k: string) => FLOW_LABELS[k as keyof FlowTotals] ?? k;
