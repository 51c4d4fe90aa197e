/**
 * Firefly transaction groups → NormalizedTransaction rows (one per split), plus the extra columns the
 * snapshot keeps (ids, primary/foreign amounts). Invalid splits are skipped and counted (F12).
 */
import { createHash } from 'node:crypto';
import { CURRENCY_CODE, NormalizedTransaction, TransactionType } from '../../src-shared/finance/transactions';
import { TransactionSplitSchema, type TransactionRead } from './schemas';
import { canonicalAmount, parseDecimal } from './money';

export interface SplitExtras {
  categoryId: string | null;
  budgetId: string | null;
  sourceId: string | null;
  sourceType: string | null;
  destinationId: string | null;
  destinationType: string | null;
  currencyDecimals: number;
  /** Amount in the user's primary currency when Firefly converts (pc_amount, or native_amount before 6.3). */
  primaryAmount: string | null;
  primaryCurrencyCode: string | null;
  foreignAmount: string | null;
  foreignCurrencyCode: string | null;
  groupTitle: string | null;
}

export interface NormalizedRow {
  tx: NormalizedTransaction;
  extras: SplitExtras;
  /** Hash of the material fields; a different hash for the same journal id means "changed". */
  rowHash: string;
}

export type SkipReason = 'missing-journal-id' | 'invalid-amount' | 'invalid-date' | 'unsupported-type' | 'invalid-currency' | 'invalid-split';

export interface NormalizeResult {
  rows: NormalizedRow[];
  groups: number;
  /** Splits seen (kept + skipped). */
  splitsSeen: number;
  skipped: number;
  skippedByReason: Partial<Record<SkipReason, number>>;
  /** A few examples for the import report (journal id + reason), never amounts of other rows. */
  skippedExamples: Array<{ groupId: string; journalId: string | null; reason: SkipReason }>;
  /** Splits skipped as 'unsupported-type', by the type Firefly gave (e.g. "liability credit"). */
  unsupportedTypes: Record<string, number>;
  /** Splits skipped as 'invalid-currency', by the code Firefly gave (e.g. "GOLD OZ", which Firefly allows). */
  invalidCurrencies: Record<string, number>;
  /** pc_amount missing but native_amount present (auto-detected legacy server). */
  usedLegacyFields: boolean;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

/**
 * Firefly's decimal(32,12) goes up to 20 integer digits; the calibration counts in whole cents as
 * JavaScript numbers, exact only up to 2^53 − 1 cents. A larger amount is skipped as invalid here:
 * kept, it would make every later overview and calibration of the snapshot fail.
 */
const MAX_UNITS = BigInt(Number.MAX_SAFE_INTEGER) * 10n ** 10n; // cents at scale 12
function withinCents(amount: string): boolean {
  const u = parseDecimal(amount);
  return u !== null && u <= MAX_UNITS && u >= -MAX_UNITS;
}

/** Sign of a split's amount for cash-flow events: withdrawal −1, deposit +1, transfers and others 0 (internal). */
export function flowSign(type: TransactionType): -1 | 0 | 1 {
  return type === 'withdrawal' ? -1 : type === 'deposit' ? 1 : 0;
}

/** Signed decimal string for event mapping: "-12.50" for a withdrawal, "12.50" for a deposit, "0" for internal moves. */
export function signedAmount(tx: Pick<NormalizedTransaction, 'amount' | 'type'>): string {
  const s = flowSign(tx.type);
  if (s === 0 || /^0+(\.0+)?$/.test(tx.amount)) return s === 0 ? '0' : tx.amount;
  return s < 0 ? `-${tx.amount}` : tx.amount;
}

export function normalizeGroups(groups: readonly TransactionRead[], opts: { legacyFields?: boolean } = {}): NormalizeResult {
  const rows: NormalizedRow[] = [];
  const skippedByReason: Partial<Record<SkipReason, number>> = {};
  const skippedExamples: NormalizeResult['skippedExamples'] = [];
  let skipped = 0;
  let splitsSeen = 0;
  let usedLegacyFields = false;
  const unsupportedTypes: Record<string, number> = {};
  const invalidCurrencies: Record<string, number> = {};
  const skip = (groupId: string, journalId: string | null, reason: SkipReason) => {
    skipped += 1;
    skippedByReason[reason] = (skippedByReason[reason] ?? 0) + 1;
    if (skippedExamples.length < 20) skippedExamples.push({ groupId, journalId, reason });
  };

  for (const group of groups) {
    const groupId = group.id;
    const updatedAt = group.attributes.updated_at ?? null;
    const groupTitle = group.attributes.group_title ?? null;
    for (const rawSplit of group.attributes.transactions) {
      splitsSeen += 1;
      const parsed = TransactionSplitSchema.safeParse(rawSplit);
      if (!parsed.success) {
        const jid = rawSplit && typeof rawSplit === 'object' ? str((rawSplit as Record<string, unknown>).transaction_journal_id) : null;
        skip(groupId, jid, 'invalid-split');
        continue;
      }
      const s = parsed.data;
      const journalId = s.transaction_journal_id ?? null;
      if (!journalId) {
        skip(groupId, null, 'missing-journal-id');
        continue;
      }
      const type = TransactionType.safeParse(s.type);
      if (!type.success) {
        const name = String(s.type).slice(0, 40);
        unsupportedTypes[name] = (unsupportedTypes[name] ?? 0) + 1;
        skip(groupId, journalId, 'unsupported-type');
        continue;
      }
      const date = typeof s.date === 'string' ? s.date.trim() : '';
      if (!(ISO_WITH_OFFSET.test(date) || ISO_DATE_ONLY.test(date)) || Number.isNaN(Date.parse(date))) {
        skip(groupId, journalId, 'invalid-date');
        continue;
      }
      const decimals = s.currency_decimal_places ?? 2;
      const amount = canonicalAmount(s.amount, decimals);
      if (amount === null || !withinCents(amount)) {
        skip(groupId, journalId, 'invalid-amount');
        continue;
      }
      const currencyCode = (s.currency_code ?? '').trim().toUpperCase();
      if (!CURRENCY_CODE.test(currencyCode)) {
        const code = String(s.currency_code ?? '').slice(0, 60);
        invalidCurrencies[code] = (invalidCurrencies[code] ?? 0) + 1;
        skip(groupId, journalId, 'invalid-currency');
        continue;
      }
      let primaryAmount: string | null = null;
      let primaryCurrencyCode: string | null = null;
      const pcDecimals = s.primary_currency_decimal_places ?? s.native_currency_decimal_places ?? 2;
      if (!opts.legacyFields && s.pc_amount !== undefined && s.pc_amount !== null) {
        primaryAmount = canonicalAmount(s.pc_amount, pcDecimals);
        primaryCurrencyCode = s.primary_currency_code ?? null;
      } else if (s.native_amount !== undefined && s.native_amount !== null) {
        primaryAmount = canonicalAmount(s.native_amount, pcDecimals);
        primaryCurrencyCode = s.native_currency_code ?? null;
        usedLegacyFields = true;
      }
      // At the foreign currency's own decimals, as Firefly rounds it (TransactionGroupTransformer): 1200 JPY, not 1200.00.
      const fdp = s.foreign_currency_decimal_places;
      const foreignDecimals = typeof fdp === 'number' && Number.isInteger(fdp) && fdp >= 0 && fdp <= 12 ? fdp : 2;
      const foreignAmount = s.foreign_amount ? canonicalAmount(s.foreign_amount, foreignDecimals) : null;
      const tags = (s.tags ?? []).filter((t): t is string => typeof t === 'string');
      const candidate = {
        journalId,
        groupId,
        date,
        amount,
        currencyCode,
        type: type.data,
        description: typeof s.description === 'string' ? s.description : '',
        categoryName: s.category_name ?? null,
        budgetName: s.budget_name ?? null,
        sourceName: s.source_name ?? null,
        destinationName: s.destination_name ?? null,
        tags,
        updatedAt,
      };
      const tx = NormalizedTransaction.safeParse(candidate);
      if (!tx.success) {
        skip(groupId, journalId, 'invalid-split');
        continue;
      }
      const extras: SplitExtras = {
        categoryId: s.category_id ?? null,
        budgetId: s.budget_id ?? null,
        sourceId: s.source_id ?? null,
        sourceType: s.source_type ?? null,
        destinationId: s.destination_id ?? null,
        destinationType: s.destination_type ?? null,
        currencyDecimals: decimals,
        primaryAmount,
        primaryCurrencyCode,
        foreignAmount,
        foreignCurrencyCode: s.foreign_currency_code ?? null,
        groupTitle,
      };
      rows.push({ tx: tx.data, extras, rowHash: hashRow(tx.data, extras) });
    }
  }
  return { rows, groups: groups.length, splitsSeen, skipped, skippedByReason, skippedExamples, unsupportedTypes, invalidCurrencies, usedLegacyFields };
}

/** Material-content hash (updatedAt excluded, so a notes-only edit does not count as a change). */
export function hashRow(tx: NormalizedTransaction, x: SplitExtras): string {
  const material = [
    tx.groupId, tx.date, tx.amount, tx.currencyCode, tx.type, tx.description, tx.categoryName, tx.budgetName,
    tx.sourceName, tx.destinationName, [...tx.tags].sort(), x.categoryId, x.budgetId, x.sourceId, x.destinationId,
    x.primaryAmount, x.primaryCurrencyCode, x.foreignAmount, x.foreignCurrencyCode,
  ];
  return createHash('sha256').update(JSON.stringify(material)).digest('hex').slice(0, 32);
}
