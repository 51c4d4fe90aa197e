import { CsvParseError, parseCsv } from './csv';
import { formatCents, MoneyError, parseCents } from './money';
import { CURRENCY_CODE, CURRENCY_CODE_HINT, NormalizedTransaction, typedCurrencyCode, type TransactionType } from './transactions';
import { assertTimeZone, isValidYmd, zonedIso } from '../projections/calibration/weekly';
import { leftOutInOtherCurrencies, plural } from '../report/format';

/**
 * CSV transaction import → NormalizedTransaction[]. All-or-nothing: any bad row makes the import
 * fail with errors naming the row, column and value, and no transactions are returned.
 *
 * Columns (header row required; names are case-insensitive; Firefly III's own CSV export names
 * are accepted as they are):
 *
 * | column           | aliases                                     | required | notes |
 * |------------------|---------------------------------------------|----------|-------|
 * | date             | transaction_date, booking_date              | yes      | YYYY-MM-DD, or ISO 8601 date-time with or without offset (`2025-03-09T23:30:00-04:00`, `2025-03-09 23:30`). Without an offset the time is local to `timeZone`; a date alone means local noon |
 * | amount           |                                             | yes      | decimal with a dot, e.g. `12.50`; a sign is allowed (Firefly exports withdrawals as negative) |
 * | type             | transaction_type                            | no       | withdrawal, deposit, transfer, reconciliation, opening balance (also expense/income/plurals). Without it, negative = withdrawal and positive = deposit |
 * | currency_code    | currency                                    | no*      | ISO 4217; *required unless `currency` is passed. Mixed currencies need `currency` |
 * | description      |                                             | no       | |
 * | category         | category_name                               | no       | empty = no category |
 * | source_name      | source, source_account                      | no       | the asset account for a withdrawal |
 * | destination_name | destination, destination_account, payee     | no       | the merchant for a withdrawal |
 * | journal_id       | transaction_journal_id, id                  | no       | unique per row; default `{sourceId}:{row}` |
 * | group_id         | transaction_group_id                        | no       | default = journal id |
 * | budget           | budget_name                                 | no       | |
 * | tags             |                                             | no       | comma-separated inside the field |
 * | updated_at       |                                             | no       | |
 *
 * Rows are numbered like a spreadsheet: the header is row 1, the first data row is row 2.
 */

export interface CsvImportOptions {
  /** Currency to keep when the file mixes currencies, or to assume when there is no currency column. */
  currency?: string;
  /** IANA zone for dates without an offset. Default "UTC". */
  timeZone?: string;
  /** Prefix for generated journal ids (e.g. the file name). Default "csv". */
  sourceId?: string;
  /** Maximum errors to report. Default 20. */
  maxErrors?: number;
}

export interface CsvImportIssue {
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

export type CsvImportResult =
  | {
      ok: true;
      transactions: NormalizedTransaction[];
      currency: string;
      /** Rows deliberately left out (other currency when one was chosen). */
      skipped: { row: number; reason: string }[];
      warnings: string[];
    }
  | { ok: false; errors: CsvImportIssue[] };

type Field =
  | 'date'
  | 'amount'
  | 'type'
  | 'currency_code'
  | 'description'
  | 'category'
  | 'source_name'
  | 'destination_name'
  | 'journal_id'
  | 'group_id'
  | 'budget'
  | 'tags'
  | 'updated_at';

export const CSV_IMPORT_COLUMNS: Record<Field, readonly string[]> = {
  date: ['date', 'transaction_date', 'booking_date'],
  amount: ['amount'],
  type: ['type', 'transaction_type'],
  currency_code: ['currency_code', 'currency'],
  description: ['description'],
  category: ['category', 'category_name'],
  source_name: ['source_name', 'source', 'source_account'],
  destination_name: ['destination_name', 'destination', 'destination_account', 'payee'],
  journal_id: ['journal_id', 'transaction_journal_id', 'id'],
  group_id: ['group_id', 'transaction_group_id'],
  budget: ['budget', 'budget_name'],
  tags: ['tags'],
  updated_at: ['updated_at'],
};

const TYPE_ALIASES: Record<string, TransactionType> = {
  withdrawal: 'withdrawal',
  withdrawals: 'withdrawal',
  expense: 'withdrawal',
  deposit: 'deposit',
  deposits: 'deposit',
  income: 'deposit',
  revenue: 'deposit',
  transfer: 'transfer',
  transfers: 'transfer',
  reconciliation: 'reconciliation',
  'opening balance': 'opening balance',
  opening_balance: 'opening balance',
};

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parse one date cell to an ISO string with offset; null when invalid. */
export function parseImportDate(raw: string, timeZone: string): string | null {
  const m = DATE_RE.exec(raw.trim());
  if (!m) return null;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  if (!isValidYmd(y, mo, d)) return null;
  if (m[4] === undefined) return zonedIso(y, mo, d, 12, 0, 0, timeZone);
  const [hh, mi, ss] = [+m[4], +m[5], m[6] === undefined ? 0 : +m[6]];
  if (hh > 23 || mi > 59 || ss > 59) return null;
  if (m[7] === undefined) return zonedIso(y, mo, d, hh, mi, ss, timeZone);
  const off = m[7] === 'Z' ? '+00:00' : m[7].includes(':') ? m[7] : `${m[7].slice(0, 3)}:${m[7].slice(3)}`;
  if (+off.slice(1, 3) > 14 || +off.slice(4, 6) > 59) return null;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${m[1]}-${m[2]}-${m[3]}T${p2(hh)}:${p2(mi)}:${p2(ss)}${off}`;
}

export function importTransactionsCsv(text: string, opts: CsvImportOptions = {}): CsvImportResult {
  const maxErrors = opts.maxErrors ?? 20;
  const timeZone = opts.timeZone ?? 'UTC';
  const fail = (message: string, row: number | null = null, column: string | null = null, value: string | null = null): CsvImportResult => ({
    ok: false,
    errors: [{ row, column, value, message }],
  });
  try {
    assertTimeZone(timeZone);
  } catch (e) {
    return fail((e as Error).message, null, null, timeZone);
  }
  const chosen = opts.currency === undefined ? undefined : typedCurrencyCode(opts.currency);
  if (chosen === null) {
    return fail(`invalid currency "${opts.currency}": ${CURRENCY_CODE_HINT}`, null, null, opts.currency ?? null);
  }

  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvParseError) return fail(`malformed CSV: ${e.message}`, e.line, null, null);
    throw e;
  }
  const isBlank = (r: string[]) => r.every((f) => f.trim() === '');
  if (records.length === 0 || isBlank(records[0])) {
    return fail('the file is empty: expected a header row (date, amount, …) and at least one transaction');
  }

  // Resolve columns from the header.
  const header = records[0].map((h) => h.trim().toLowerCase());
  const col: Partial<Record<Field, number>> = {};
  const errors: CsvImportIssue[] = [];
  for (const [field, aliases] of Object.entries(CSV_IMPORT_COLUMNS) as [Field, readonly string[]][]) {
    const hits = header.map((h, i) => (aliases.includes(h) ? i : -1)).filter((i) => i >= 0);
    if (hits.length > 1) {
      errors.push({ row: 1, column: field, value: hits.map((i) => records[0][i]).join(', '), message: `more than one column for "${field}": ${hits.map((i) => `"${records[0][i]}"`).join(', ')}` });
    }
    if (hits.length >= 1) col[field] = hits[0];
  }
  for (const req of ['date', 'amount'] as const) {
    if (col[req] === undefined) {
      errors.push({
        row: 1,
        column: req,
        value: null,
        message: `missing required column "${req}" (accepted names: ${CSV_IMPORT_COLUMNS[req].join(', ')}); found columns: ${records[0].join(', ')}`,
      });
    }
  }
  if (col.currency_code === undefined && chosen === undefined) {
    errors.push({ row: 1, column: 'currency_code', value: null, message: 'missing column "currency_code" (or "currency"): add it or choose the currency of the file' });
  }
  if (errors.length > 0) return { ok: false, errors };

  const dataRows = records.slice(1).map((r, i) => ({ r, row: i + 2 })).filter(({ r }) => !isBlank(r));
  if (dataRows.length === 0) return fail('the file has a header but no transactions');

  const get = (r: string[], f: Field): string | null => {
    const i = col[f];
    if (i === undefined) return null;
    const v = r[i];
    return v === undefined ? null : v.trim();
  };
  const colName = (f: Field) => records[0][col[f]!]?.trim() ?? f;
  const err = (row: number, f: Field, value: string | null, message: string) => {
    if (errors.length < maxErrors) errors.push({ row, column: colName(f), value, message });
    else overflow++;
  };
  let overflow = 0;

  interface Parsed {
    row: number;
    tx: NormalizedTransaction;
  }
  const parsed: Parsed[] = [];
  const ids = new Map<string, number>();
  const src = opts.sourceId ?? 'csv';
  for (const { r, row } of dataRows) {
    if (r.length !== header.length) {
      errors.length < maxErrors
        ? errors.push({ row, column: null, value: null, message: `row ${row} has ${r.length} fields but the header has ${header.length}` })
        : overflow++;
      continue;
    }
    let bad = false;
    const dateRaw = get(r, 'date') ?? '';
    const date = parseImportDate(dateRaw, timeZone);
    if (!date) {
      err(row, 'date', dateRaw, `invalid date "${dateRaw}" in row ${row}: expected YYYY-MM-DD or ISO 8601 date-time (e.g. 2025-03-09T18:30:00-04:00)`);
      bad = true;
    }
    const amountRaw = get(r, 'amount') ?? '';
    let cents = 0;
    try {
      cents = parseCents(amountRaw);
    } catch (e) {
      err(row, 'amount', amountRaw, `${e instanceof MoneyError ? e.message : 'invalid amount'} in row ${row}`);
      bad = true;
    }
    const typeRaw = get(r, 'type');
    let type: TransactionType | undefined;
    if (typeRaw) {
      type = TYPE_ALIASES[typeRaw.toLowerCase()];
      if (!type) {
        err(row, 'type', typeRaw, `unknown transaction type "${typeRaw}" in row ${row}: expected withdrawal, deposit, transfer, reconciliation or opening balance`);
        bad = true;
      }
    } else if (!bad) {
      if (cents === 0) {
        err(row, 'amount', amountRaw, `amount 0 in row ${row} without a type column: cannot tell a withdrawal from a deposit`);
        bad = true;
      } else type = cents < 0 ? 'withdrawal' : 'deposit';
    }
    const currencyRaw = get(r, 'currency_code');
    // As typed by the user or the exporting app: "usd" → "USD", "USDT" as is, "dollars" refused.
    const currency = currencyRaw ? (typedCurrencyCode(currencyRaw) ?? '') : (chosen ?? '');
    if (!CURRENCY_CODE.test(currency)) {
      err(row, 'currency_code', currencyRaw, `invalid currency "${currencyRaw ?? ''}" in row ${row}: ${CURRENCY_CODE_HINT}`);
      bad = true;
    }
    const journalId = get(r, 'journal_id') || `${src}:${row}`;
    if (ids.has(journalId)) {
      err(row, 'journal_id', journalId, `duplicate journal id "${journalId}" in row ${row} (first seen in row ${ids.get(journalId)})`);
      bad = true;
    } else ids.set(journalId, row);
    if (bad) continue;
    const tagsRaw = get(r, 'tags');
    const candidate = {
      journalId,
      groupId: get(r, 'group_id') || journalId,
      date: date!,
      amount: formatCents(Math.abs(cents)),
      currencyCode: currency,
      type: type!,
      description: get(r, 'description') ?? '',
      categoryName: get(r, 'category') || null,
      budgetName: get(r, 'budget') || null,
      sourceName: get(r, 'source_name') || null,
      destinationName: get(r, 'destination_name') || null,
      tags: tagsRaw ? tagsRaw.split(',').map((t) => t.trim()).filter(Boolean) : [],
      updatedAt: get(r, 'updated_at') || null,
    };
    const check = NormalizedTransaction.safeParse(candidate);
    if (!check.success) {
      const i = check.error.issues[0];
      if (errors.length < maxErrors) errors.push({ row, column: String(i.path[0] ?? ''), value: null, message: `row ${row}: ${i.message}` });
      else overflow++;
      continue;
    }
    parsed.push({ row, tx: check.data });
  }
  if (errors.length > 0) {
    if (overflow > 0) errors.push({ row: null, column: null, value: null, message: `… and ${plural(overflow, 'more error', 'more errors')}` });
    return { ok: false, errors };
  }

  // Currency policy: one currency per import.
  const byCurrency = new Map<string, number[]>();
  for (const p of parsed) {
    const list = byCurrency.get(p.tx.currencyCode) ?? [];
    list.push(p.row);
    byCurrency.set(p.tx.currencyCode, list);
  }
  const warnings: string[] = [];
  if (chosen === undefined) {
    if (byCurrency.size > 1) {
      const desc = [...byCurrency].map(([c, rows]) => `${c} (${plural(rows.length, 'row')}, first row ${rows[0]})`).join(', ');
      return fail(`the file mixes currencies: ${desc}; choose one currency to import`, null, colName('currency_code'), [...byCurrency.keys()].join(', '));
    }
    return { ok: true, transactions: parsed.map((p) => p.tx), currency: [...byCurrency.keys()][0], skipped: [], warnings };
  }
  const keep = parsed.filter((p) => p.tx.currencyCode === chosen);
  if (keep.length === 0) {
    return fail(`no rows in the chosen currency ${chosen}; the file has ${[...byCurrency.keys()].join(', ')}`, null, col.currency_code === undefined ? null : colName('currency_code'), chosen);
  }
  const skipped = parsed.filter((p) => p.tx.currencyCode !== chosen).map((p) => ({ row: p.row, reason: `currency ${p.tx.currencyCode} is not the chosen ${chosen}` }));
  const others = [...byCurrency.keys()].filter((c) => c !== chosen).sort();
  if (skipped.length > 0) {
    warnings.push(leftOutInOtherCurrencies(skipped.length, 'row', others));
  }
  return { ok: true, transactions: keep.map((p) => p.tx), currency: chosen, skipped, warnings };
}
