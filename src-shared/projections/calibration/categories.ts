import { z } from 'zod';
import { parseCents } from '../../finance/money';
import type { NormalizedTransaction } from '../../finance/transactions';

/**
 * Firefly category → simulator food category mapping (integrations spec §1.9), as editable data.
 * Differences from upstream, on purpose: only withdrawals count as spending; deposits that map to a
 * food category are refunds (netted against spending); transfers, reconciliations and opening
 * balances are never spending; a null category is matched on the description, not forced to
 * "uncategorized" → groceries (withdrawals only: a deposit counts by its category alone).
 */

export const FOOD_CATEGORIES = ['groceries', 'dining', 'prepared_food', 'food_delivery', 'farmers_market'] as const;
export const FoodCategory = z.enum(FOOD_CATEGORIES);
export type FoodCategory = z.infer<typeof FoodCategory>;

export const CategoryRulesSchema = z.object({
  /** Exact matches on the lowercased category name; of two rules for one name the later wins (see StrictCategoryRulesSchema). */
  exact: z.array(
    z.object({
      fireflyCategory: z.string().trim().min(1, { error: 'fireflyCategory must not be empty' }),
      foodUSDCategory: FoodCategory,
      description: z.string().optional(),
    }),
  ),
  /** Ordered substring rules; the first rule with a matching keyword wins. */
  fuzzy: z.array(z.object({ contains: z.array(z.string().min(1)).min(1), foodUSDCategory: FoodCategory })),
  /** A transaction is food-related if its category or description contains one of these. */
  foodKeywords: z.array(z.string().min(1)),
  /** Target for food-related transactions no rule matched (upstream: groceries); null = exclude. */
  defaultCategory: FoodCategory.nullable(),
});
export type CategoryRules = z.infer<typeof CategoryRulesSchema>;

/**
 * What a save accepts: one exact rule per category name. Which of two should win was a guess the
 * editor's "first match wins" contradicted, so a new save refuses it. Rules saved before this check
 * still load (the later rule wins, as it always did) with a warning: see duplicateExactRules.
 */
export const StrictCategoryRulesSchema = CategoryRulesSchema.superRefine((rules, ctx) => {
  for (const d of duplicateExactRules(rules)) {
    ctx.addIssue({ code: 'custom', path: ['exact', d.index, 'fireflyCategory'], message: `"${d.name}" has two exact rules; keep one rule per category` });
  }
});

/** Exact rules whose (case-insensitive) name an earlier rule already has. */
export function duplicateExactRules(rules: Pick<CategoryRules, 'exact'>): { index: number; name: string }[] {
  const seen = new Set<string>();
  const out: { index: number; name: string }[] = [];
  rules.exact.forEach((r, index) => {
    const key = r.fireflyCategory.trim().toLowerCase();
    if (seen.has(key)) out.push({ index, name: r.fireflyCategory.trim() });
    seen.add(key);
  });
  return out;
}

export const DEFAULT_CATEGORY_RULES: CategoryRules = {
  exact: [
    { fireflyCategory: 'Groceries', foodUSDCategory: 'groceries' },
    { fireflyCategory: 'Supermarket', foodUSDCategory: 'groceries' },
    { fireflyCategory: 'Food & Drinks', foodUSDCategory: 'groceries' },
    { fireflyCategory: 'Restaurants', foodUSDCategory: 'dining' },
    { fireflyCategory: 'Dining Out', foodUSDCategory: 'dining' },
    { fireflyCategory: 'Fast Food', foodUSDCategory: 'prepared_food' },
    { fireflyCategory: 'Coffee Shop', foodUSDCategory: 'prepared_food' },
    { fireflyCategory: 'Takeaway', foodUSDCategory: 'food_delivery' },
    { fireflyCategory: 'Food Delivery', foodUSDCategory: 'food_delivery' },
    { fireflyCategory: 'Farmers Market', foodUSDCategory: 'farmers_market' },
    { fireflyCategory: 'Local Food', foodUSDCategory: 'farmers_market' },
  ],
  fuzzy: [
    { contains: ['grocer', 'supermarket'], foodUSDCategory: 'groceries' },
    { contains: ['restaurant', 'dining'], foodUSDCategory: 'dining' },
    { contains: ['delivery', 'takeout'], foodUSDCategory: 'food_delivery' },
    { contains: ['farmer', 'market'], foodUSDCategory: 'farmers_market' },
    { contains: ['coffee', 'cafe', 'fast food'], foodUSDCategory: 'prepared_food' },
  ],
  foodKeywords: ['food', 'grocer', 'restaurant', 'dining', 'cafe', 'coffee', 'supermarket', 'market', 'delivery', 'takeout', 'takeaway', 'farmer'],
  defaultCategory: 'groceries',
};

/** Custom exact rules replace the rules for the same category names; of two custom rules for one name the later wins. */
export function withCustomMappings(rules: CategoryRules, custom: CategoryRules['exact']): CategoryRules {
  const key = (e: { fireflyCategory: string }) => e.fireflyCategory.trim().toLowerCase();
  const last = new Map(custom.map((c) => [key(c), c]));
  return { ...rules, exact: [...rules.exact.filter((e) => !last.has(key(e))), ...last.values()] };
}

export type MatchMethod = 'exact' | 'fuzzy' | 'description' | 'default';

export interface MappedTransaction {
  tx: NormalizedTransaction;
  category: FoodCategory;
  method: MatchMethod;
  /** spend = withdrawal; refund = food deposit (reduces spending). */
  flow: 'spend' | 'refund';
  /** Positive amount in cents. */
  cents: number;
}

export type ExclusionReason = 'transfer' | 'not-spending' | 'not-food' | 'unmapped';

export interface CategoryMappingResult {
  mapped: MappedTransaction[];
  excluded: { tx: NormalizedTransaction; reason: ExclusionReason }[];
  /** Shares (0–1) of mapped *spend* by how it was matched; the spec targets ≥ 0.95 exact+fuzzy. */
  coverage: { exact: number; fuzzy: number; description: number; default: number; totalSpendCents: number };
  warnings: string[];
}

const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();

function fuzzyMatch(text: string, rules: CategoryRules): FoodCategory | null {
  if (!text) return null;
  for (const r of rules.fuzzy) if (r.contains.some((k) => text.includes(k.toLowerCase()))) return r.foodUSDCategory;
  return null;
}

/** Map transactions to food categories. Rules are validated (throws naming the bad field). */
export function mapCategories(txs: readonly NormalizedTransaction[], rulesInput: CategoryRules = DEFAULT_CATEGORY_RULES): CategoryMappingResult {
  const parsed = CategoryRulesSchema.safeParse(rulesInput);
  if (!parsed.success) {
    throw new Error(`invalid category rules: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const rules = parsed.data;
  const exact = new Map<string, FoodCategory>();
  for (const e of rules.exact) exact.set(norm(e.fireflyCategory), e.foodUSDCategory);
  const keywords = rules.foodKeywords.map((k) => k.toLowerCase());

  const mapped: MappedTransaction[] = [];
  const excluded: CategoryMappingResult['excluded'] = [];
  const unmatchedNames = new Map<string, number>();
  const byMethod: Record<MatchMethod, number> = { exact: 0, fuzzy: 0, description: 0, default: 0 };

  for (const tx of txs) {
    if (tx.type === 'transfer') {
      excluded.push({ tx, reason: 'transfer' });
      continue;
    }
    if (tx.type !== 'withdrawal' && tx.type !== 'deposit') {
      excluded.push({ tx, reason: 'not-spending' });
      continue;
    }
    const cat = norm(tx.categoryName);
    // A deposit is a food refund by its category only: its description ("Stock market dividend",
    // "Market research fee") would turn income into negative food spending (upstream defect §1.9).
    const desc = tx.type === 'deposit' ? '' : norm(tx.description);
    const exactHit = cat ? exact.get(cat) : undefined;
    const isFood = exactHit !== undefined || keywords.some((k) => cat.includes(k) || desc.includes(k));
    if (!isFood) {
      excluded.push({ tx, reason: 'not-food' });
      continue;
    }
    let category: FoodCategory | null = null;
    let method: MatchMethod = 'exact';
    if (exactHit) category = exactHit;
    else if ((category = fuzzyMatch(cat, rules))) method = 'fuzzy';
    else if ((category = fuzzyMatch(desc, rules))) method = 'description';
    else if (rules.defaultCategory) {
      category = rules.defaultCategory;
      method = 'default';
      const key = tx.categoryName ?? `(no category) ${tx.description}`;
      unmatchedNames.set(key, (unmatchedNames.get(key) ?? 0) + 1);
    }
    if (!category) {
      excluded.push({ tx, reason: 'unmapped' });
      continue;
    }
    const cents = parseCents(tx.amount);
    const flow = tx.type === 'withdrawal' ? 'spend' : 'refund';
    mapped.push({ tx, category, method, flow, cents });
    if (flow === 'spend') byMethod[method] += cents;
  }

  const total = byMethod.exact + byMethod.fuzzy + byMethod.description + byMethod.default;
  const share = (c: number) => (total > 0 ? c / total : 0);
  const warnings: string[] = [];
  for (const [name, n] of unmatchedNames) {
    warnings.push(`"${name}" (${n} transaction${n === 1 ? '' : 's'}) matched no mapping rule; counted as ${rules.defaultCategory}`);
  }
  const coverage = {
    exact: share(byMethod.exact),
    fuzzy: share(byMethod.fuzzy),
    description: share(byMethod.description),
    default: share(byMethod.default),
    totalSpendCents: total,
  };
  if (total > 0 && coverage.exact + coverage.fuzzy < 0.95) {
    warnings.push(
      `only ${((coverage.exact + coverage.fuzzy) * 100).toFixed(1)}% of food spend is mapped by category name (target ≥ 95%); add mappings for the categories listed above`,
    );
  }
  if (mapped.length === 0) warnings.push('no food-related transactions found');
  return { mapped, excluded, coverage, warnings };
}
