// The 14 scenario presets (spec/engine.md §5.1), each merged over the defaults.

import { DEFAULT_PARAMS, type SimParams } from './params';

export interface Preset {
  id: string;
  name: string;
  description: string;
  overrides: Partial<SimParams>;
  tags: string[];
}

export const PRESETS: readonly Preset[] = [
  { id: 'baseline', name: 'Baseline Comparison', description: 'Default parameters.', overrides: {}, tags: ['general', 'baseline'] },
  { id: 'high-inequality', name: 'High Initial Inequality', description: 'A very unequal starting distribution and unequal incomes.', overrides: { INITIAL_WEALTH_SIGMA_LOG: 1.2, WEEKLY_INCOME_STDDEV: 100 }, tags: ['inequality', 'challenging'] },
  { id: 'economic-downturn', name: 'Economic Downturn', description: 'Lower incomes and higher food costs.', overrides: { WEEKLY_INCOME_AVG: 120, WEEKLY_FOOD_BUDGET_AVG: 80 }, tags: ['recession', 'challenging'] },
  { id: 'small-community', name: 'Small Rural Community', description: 'A small community with modest co-op participation.', overrides: { NUM_MEMBERS: 50, WEEKLY_INCOME_AVG: 150, WEEKLY_INCOME_STDDEV: 50, PERCENT_SPEND_INTERNAL_AVG: 0.4 }, tags: ['rural', 'small-scale'] },
  { id: 'urban-neighborhood', name: 'Urban Neighborhood', description: 'A larger, higher-income neighbourhood with low internal spending.', overrides: { NUM_MEMBERS: 200, WEEKLY_INCOME_AVG: 250, WEEKLY_FOOD_BUDGET_AVG: 120, PERCENT_SPEND_INTERNAL_AVG: 0.3 }, tags: ['urban', 'large-scale'] },
  { id: 'strong-cooperation', name: 'Strong Cooperation', description: 'High participation and strong savings.', overrides: { PERCENT_SPEND_INTERNAL_AVG: 0.7, GROUP_BUY_SAVINGS_PERCENT: 0.25, LOCAL_PRODUCTION_SAVINGS_PERCENT: 0.3 }, tags: ['optimistic', 'high-engagement'] },
  { id: 'weak-cooperation', name: 'Minimal Cooperation', description: 'Low participation and weak savings.', overrides: { PERCENT_SPEND_INTERNAL_AVG: 0.2, GROUP_BUY_SAVINGS_PERCENT: 0.1, LOCAL_PRODUCTION_SAVINGS_PERCENT: 0.1 }, tags: ['pessimistic', 'low-engagement'] },
  { id: 'token-focused', name: 'Strong Community Currency', description: 'Large token rewards at a higher price (15 tokens × $3 = $45/week).', overrides: { GROTOKEN_REWARD_PER_WEEK_AVG: 15, GROTOKEN_USD_VALUE: 3.0 }, tags: ['currency', 'innovative'] },
  { id: 'long-term', name: 'Long-Term Projection', description: 'Five years.', overrides: { SIMULATION_WEEKS: 260 }, tags: ['long-term', 'strategic'] },
  { id: 'extreme-inequality', name: 'Extreme Wealth Inequality', description: 'An extreme starting distribution in a community of 100.', overrides: { INITIAL_WEALTH_SIGMA_LOG: 1.5, WEEKLY_INCOME_STDDEV: 150, NUM_MEMBERS: 100 }, tags: ['inequality', 'edge-case', 'test'] },
  { id: 'severe-downturn', name: 'Severe Economic Downturn', description: 'Income barely above food costs.', overrides: { WEEKLY_INCOME_AVG: 100, WEEKLY_FOOD_BUDGET_AVG: 80, WEEKLY_INCOME_STDDEV: 30 }, tags: ['recession', 'edge-case', 'test'] },
  { id: 'tiny-community', name: 'Tiny Rural Community', description: 'Twenty households.', overrides: { NUM_MEMBERS: 20, WEEKLY_INCOME_AVG: 150, PERCENT_SPEND_INTERNAL_AVG: 0.5 }, tags: ['rural', 'small-scale', 'edge-case', 'test'] },
  { id: 'large-community', name: 'Large Urban Community', description: 'Five hundred households.', overrides: { NUM_MEMBERS: 500, WEEKLY_INCOME_AVG: 250, WEEKLY_FOOD_BUDGET_AVG: 120, PERCENT_SPEND_INTERNAL_AVG: 0.3 }, tags: ['urban', 'large-scale', 'edge-case', 'test'] },
  { id: 'mixed-scenario', name: 'Mixed Economic Conditions', description: 'High inequality with strong cooperation.', overrides: { INITIAL_WEALTH_SIGMA_LOG: 1.2, PERCENT_SPEND_INTERNAL_AVG: 0.7, GROUP_BUY_SAVINGS_PERCENT: 0.25, LOCAL_PRODUCTION_SAVINGS_PERCENT: 0.3 }, tags: ['mixed', 'complex', 'test'] },
];

export const PRESET_TAGS: readonly string[] = [...new Set(PRESETS.flatMap((p) => p.tags))].sort();

const presetKey = (s: string) => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/** A preset by id or by name, ignoring case, spaces and punctuation ("Strong Cooperation", "strong_cooperation"). */
export function getPreset(idOrName: string): Preset | undefined {
  const k = presetKey(idOrName);
  return PRESETS.find((p) => p.id === k || presetKey(p.name) === k);
}

/** The message for a preset that does not exist: what was asked and what exists. */
export function unknownPresetMessage(idOrName: string): string {
  return `unknown preset "${idOrName}"; known: ${PRESETS.map((x) => x.id).join(', ')} (or their names)`;
}

/** Defaults + the preset's overrides. Unknown ids throw (upstream silently returned the defaults). */
export function applyPreset(id: string, extra: Partial<SimParams> = {}): SimParams {
  const p = getPreset(id);
  if (!p) throw new RangeError(unknownPresetMessage(id));
  return { ...DEFAULT_PARAMS, ...p.overrides, ...extra };
}

export function presetsByTag(tag: string): Preset[] {
  return PRESETS.filter((p) => p.tags.includes(tag));
}
