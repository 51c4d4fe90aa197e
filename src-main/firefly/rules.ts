/**
 * User-editable category mapping rules (integrations §1.9), stored as JSON in the existing `settings`
 * table under the key `fireflyCategoryRules` (no migration needed; SettingsRepo ignores unknown keys).
 * Read back through zod: a row that no longer validates falls back to the defaults, with a warning.
 */
import type Database from 'better-sqlite3';
import { CategoryRulesSchema, DEFAULT_CATEGORY_RULES, duplicateExactRules, StrictCategoryRulesSchema, type CategoryRules } from '../../src-shared/projections/calibration/categories';

export const RULES_KEY = 'fireflyCategoryRules';

export interface StoredRules {
  rules: CategoryRules;
  isDefault: boolean;
  warning: string | null;
}

export function loadCategoryRules(db: Database.Database): StoredRules {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(RULES_KEY) as { value: string } | undefined;
  if (!row) return { rules: DEFAULT_CATEGORY_RULES, isDefault: true, warning: null };
  let raw: unknown;
  try {
    raw = JSON.parse(row.value);
  } catch {
    return { rules: DEFAULT_CATEGORY_RULES, isDefault: true, warning: 'The saved category rules could not be read; the defaults are used. Save the rules again.' };
  }
  const parsed = CategoryRulesSchema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(rules)'}: ${i.message}`).join('; ');
    return { rules: DEFAULT_CATEGORY_RULES, isDefault: true, warning: `The saved category rules are invalid (${why}); the defaults are used.` };
  }
  // Saved before saves refused them: they still map as they did (the later rule wins), with a word.
  const dups = duplicateExactRules(parsed.data);
  const warning = dups.length
    ? `The saved rules map ${dups.map((d) => `"${d.name}"`).join(', ')} twice; the later rule wins. Remove one of each and save.`
    : null;
  return { rules: parsed.data, isDefault: false, warning };
}

/** Validates (throws a zod error naming the field) and stores the rules. */
export function saveCategoryRules(db: Database.Database, rules: unknown): CategoryRules {
  const valid = StrictCategoryRulesSchema.parse(rules);
  db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(RULES_KEY, JSON.stringify(valid));
  return valid;
}

export function resetCategoryRules(db: Database.Database): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(RULES_KEY);
}
