import { z } from 'zod';

/**
 * The one normalized transaction shape shared by the Firefly bridge (src-main/firefly),
 * the CSV importer and the calibration engine (src-shared/projections/calibration).
 * One row per Firefly *split* (a transaction journal). Money stays a decimal string:
 * never sum floats; use src-shared/finance/money.ts helpers (integer minor units).
 */
export const TransactionType = z.enum(['withdrawal', 'deposit', 'transfer', 'reconciliation', 'opening balance']);
export type TransactionType = z.infer<typeof TransactionType>;

/**
 * A currency code as Firefly III allows it: ISO 4217 codes and user-defined ones such as USDT
 * (its currency StoreRequest: `between:3,51`): upper-case letters and digits, then also . _ -, so no
 * words in lower case, no "N/A", no spreadsheet formulas ("=1+1") and no symbols ("€€€").
 */
export const CURRENCY_CODE = /^[\p{Lu}\p{N}][\p{Lu}\p{N}._-]{2,50}$/u;
export const CURRENCY_CODE_HINT = 'expected a currency code of 3–51 characters, such as USD (Firefly III also allows custom codes such as USDT)';

/**
 * A code the user typed (not one read from Firefly data): any-case ISO letters ("usd" → "USD"),
 * or a custom code typed as Firefly stores it ("USDT"); so a word like "dollars" is refused.
 */
export function typedCurrencyCode(raw: string): string | null {
  const t = raw.trim();
  if (/^[A-Za-z]{3}$/.test(t)) return t.toUpperCase();
  return t === t.toUpperCase() && CURRENCY_CODE.test(t) ? t : null;
}

export const NormalizedTransaction = z.object({
  /** Firefly transaction_journal_id (unique per split) or the CSV row id. */
  journalId: z.string().min(1),
  /** Firefly transaction group id (several splits share one). */
  groupId: z.string().min(1),
  /** ISO 8601 date-time with offset, as Firefly returns it. */
  date: z.string().min(10),
  /** Positive decimal string, e.g. "12.50". Direction comes from `type`. */
  amount: z.string().regex(/^\d+(\.\d+)?$/, 'amount must be a non-negative decimal string'),
  currencyCode: z.string().regex(CURRENCY_CODE, CURRENCY_CODE_HINT),
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

/** The largest exchange rate accepted (US dollars per one unit of the data's currency). */
export const MAX_EXCHANGE_RATE = 1_000_000;
export const EXCHANGE_RATE_HINT = `US dollars per one unit of the data's currency, greater than 0 and at most ${MAX_EXCHANGE_RATE.toLocaleString('en-US')} (e.g. 1.08 for EUR)`;
/** A typed exchange rate ("1.08": digits and a decimal point, > 0, ≤ MAX_EXCHANGE_RATE), or null. The CLI option and the views' fields both read it so. */
export function parseExchangeRate(raw: string): number | null {
  const n = Number(raw);
  return /^\s*\d+(\.\d+)?\s*$/.test(raw) && n > 0 && n <= MAX_EXCHANGE_RATE ? n : null;
}
/** An exchange rate to US dollars, the unit of the engine's money parameters. */
export const ExchangeRate = z.number().positive({ error: `exchangeRate: ${EXCHANGE_RATE_HINT}` }).max(MAX_EXCHANGE_RATE, { error: `exchangeRate: ${EXCHANGE_RATE_HINT}` });

/**
 * The transactions in US dollars at `rate` dollars per unit of their currency, to the cent: the
 * engine's money parameters are in USD, so a calibration from other money converts it first (once,
 * here) and everything after it (weekly sums, parameters, comparison, reports) is in USD.
 */
export function convertToUsd(txs: readonly NormalizedTransaction[], rate: number): NormalizedTransaction[] {
  if (!(rate > 0 && rate <= MAX_EXCHANGE_RATE)) throw new RangeError(`exchangeRate: ${EXCHANGE_RATE_HINT}; got ${rate}`);
  // The rate as a decimal (12 places: 1.0825 is 1.082500000000, not the double 1.08249999…).
  const [ri, rf] = rate.toFixed(12).split('.');
  const r = BigInt(ri + rf);
  return txs.map((t) => ({ ...t, amount: timesDecimal(t.amount, r, rf.length), currencyCode: 'USD' }));
}

/**
 * amount × (r / 10^rScale), exactly, as a decimal string: the cents are rounded later, once, where
 * every amount is (parseCents: half away from zero), so 10.00 EUR at 1.0825 is 10.83 USD.
 */
function timesDecimal(amount: string, r: bigint, rScale: number): string {
  const [ai, af = ''] = amount.split('.');
  const digits = (BigInt(ai + af) * r).toString();
  const scale = af.length + rScale;
  const padded = digits.padStart(scale + 1, '0');
  return `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
}
