import { FOOD_CATEGORIES, type FoodCategory } from './categories';
import { ENGINE_PARAMS } from './engineParams';

/**
 * People's names for the code names that calibration texts use ("categoryDistribution.groceries",
 * "WEEKLY_FOOD_BUDGET_AVG", "participationRate"). For display: the API, CLI and report texts keep
 * the code names, and the views keep them reachable (a tooltip, the row's title).
 */
export const FOOD_CATEGORY_LABELS: Record<FoodCategory, string> = {
  groceries: 'Groceries',
  dining: 'Dining out',
  prepared_food: 'Prepared food',
  food_delivery: 'Food delivery',
  farmers_market: "Farmers' market",
};

/** The projection model fields a calibration patches. */
export const PROJECTION_PATCH_LABELS: Record<string, string> = { participationRate: 'Participation rate', groupBuyingSavings: 'Group-buying savings' };

const isFoodCategory = (s: string): s is FoodCategory => (FOOD_CATEGORIES as readonly string[]).includes(s);

/** The label of a calibration parameter's code name, or null for a name it does not know. */
export function calibrationParamLabel(code: string): string | null {
  if (Object.hasOwn(ENGINE_PARAMS, code)) return ENGINE_PARAMS[code].label;
  if (Object.hasOwn(PROJECTION_PATCH_LABELS, code)) return PROJECTION_PATCH_LABELS[code];
  const cat = /^categoryDistribution\.(\w+)$/.exec(code)?.[1];
  if (cat !== undefined && isFoodCategory(cat)) return `${FOOD_CATEGORY_LABELS[cat]} share of food spending (%)`;
  if (isFoodCategory(code)) return FOOD_CATEGORY_LABELS[code];
  return null;
}

export type LabelledPart = { text: string } | { code: string; label: string };

const CODE_NAMES = new RegExp(
  [
    // A category at the start of a variance recommendation ("prepared_food: Large variance …"); the
    // plain words "groceries" and "dining" stay as written elsewhere in prose.
    `^(?:${FOOD_CATEGORIES.join('|')})(?=:)`,
    `\\bcategoryDistribution\\.\\w+`,
    `\\b(?:${[...Object.keys(ENGINE_PARAMS), ...Object.keys(PROJECTION_PATCH_LABELS)].join('|')})\\b`,
  ].join('|'),
  'g',
);

/**
 * A calibration text (a recommendation) split into plain text and the parameter code names in it,
 * each with its label: "Adjust categoryDistribution.groceries from 35 to 52.3" →
 * ["Adjust ", {code: "categoryDistribution.groceries", label: "Groceries share of food spending (%)"}, " from 35 to 52.3"].
 * Code names it does not know stay text.
 */
export function labelCodeNames(text: string): LabelledPart[] {
  const parts: LabelledPart[] = [];
  let at = 0;
  for (const m of text.matchAll(CODE_NAMES)) {
    const label = calibrationParamLabel(m[0]);
    if (label === null) continue;
    if (m.index > at) parts.push({ text: text.slice(at, m.index) });
    parts.push({ code: m[0], label });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}
