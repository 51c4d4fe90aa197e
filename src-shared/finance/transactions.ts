import { z } from 'zod';

/**
 * The one normalized transaction shape shared by the Firefly bridge (src-main/firefly),
 * the CSV importer and the calibration engine (src-shared/projections/calibration).
 * One row per Firefly *split* (a transaction journal). Money stays a decimal string:
 * never sum floats; use src-shared/finance/money.ts helpers (integer minor units).
 */
export const TransactionType = z.enum(['withdrawal', 'deposit', 'transfer', 'reconciliation', 'opening balance']);
export type TransactionType = z.infer<typeof TransactionType>;

export const NormalizedTransaction = z.object({
  /** Firefly transaction_journal_id (unique per split) or the CSV row id. */
  journalId: z.string().min(1),
  /** Firefly transaction group id (several splits share one). */
  groupId: z.string().min(1),
  /** ISO 8601 date-time with offset, as Firefly returns it. */
  date: z.string().min(10),
  /** Positive decimal string, e.g. "12.50". Direction comes from `type`. */
  amount: z.string().regex(/^\d+(\.\d+)?$/, 'amount must be a non-negative decimal string'),
  currencyCode: z.string().min(3).max(3),
  type: TransactionType,
  description: z.string(),
  categoryName: z.string().nullable(),
  budgetName: z.string().nullable(),
  sourceName: z.string().nullable(),
  destinationName: z.string().nullable(),
  tags: z.array(z.string()),
  /** Firefly updated_at if known; used for change detection in sync deltas. */
  updatedAt: z.string().nullable(),
});
export type NormalizedTransaction = z.infer<typeof NormalizedTransaction>;
