/**
 * The 18 engine parameters (engine spec §2) with their defaults and units, used to label the
 * calibration diff. Fractions are 0–1 (never percent); money is per week.
 */
export type ParamUnit = 'count' | 'weeks' | 'log-USD' | 'USD/week' | 'fraction' | 'tokens/week' | 'USD/token';

export const ENGINE_PARAMS: Record<string, { default: number; unit: ParamUnit; label: string }> = {
  NUM_MEMBERS: { default: 50, unit: 'count', label: 'Number of households' },
  SIMULATION_WEEKS: { default: 156, unit: 'weeks', label: 'Weeks simulated' },
  INITIAL_WEALTH_MEAN_LOG: { default: Math.log(1000), unit: 'log-USD', label: 'Initial wealth μ (log)' },
  INITIAL_WEALTH_SIGMA_LOG: { default: 0.6, unit: 'log-USD', label: 'Initial wealth σ (log)' },
  WEEKLY_FOOD_BUDGET_AVG: { default: 75, unit: 'USD/week', label: 'Weekly food budget, mean' },
  WEEKLY_FOOD_BUDGET_STDDEV: { default: 15, unit: 'USD/week', label: 'Weekly food budget, sd' },
  MIN_WEEKLY_BUDGET: { default: 20, unit: 'USD/week', label: 'Minimum weekly budget' },
  WEEKLY_INCOME_AVG: { default: 150, unit: 'USD/week', label: 'Weekly income, mean' },
  WEEKLY_INCOME_STDDEV: { default: 40, unit: 'USD/week', label: 'Weekly income, sd' },
  MIN_WEEKLY_INCOME: { default: 0, unit: 'USD/week', label: 'Minimum weekly income' },
  GROUP_BUY_SAVINGS_PERCENT: { default: 0.15, unit: 'fraction', label: 'Group-buy savings' },
  LOCAL_PRODUCTION_SAVINGS_PERCENT: { default: 0.25, unit: 'fraction', label: 'Local-production savings' },
  PERCENT_SPEND_INTERNAL_AVG: { default: 0.6, unit: 'fraction', label: 'Share spent inside the co-op, mean' },
  PERCENT_SPEND_INTERNAL_STDDEV: { default: 0.2, unit: 'fraction', label: 'Share spent inside the co-op, sd' },
  GROTOKEN_REWARD_PER_WEEK_AVG: { default: 0.5, unit: 'tokens/week', label: 'GroToken reward, mean' },
  GROTOKEN_REWARD_STDDEV: { default: 0.2, unit: 'tokens/week', label: 'GroToken reward, sd' },
  GROTOKEN_USD_VALUE: { default: 2.0, unit: 'USD/token', label: 'GroToken USD value' },
  WEEKLY_COOP_FEE_B: { default: 1.0, unit: 'USD/week', label: 'Weekly co-op fee (B)' },
};
