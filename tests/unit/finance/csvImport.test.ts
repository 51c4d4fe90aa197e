import { describe, expect, it } from 'vitest';
import { importTransactionsCsv } from '../../../src-shared/finance/csvImport';

const ok = (text: string, opts = {}) => {
  const r = importTransactionsCsv(text, opts);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};
const errs = (text: string, opts = {}) => {
  const r = importTransactionsCsv(text, opts);
  if (r.ok) throw new Error('expected failure');
  return r.errors;
};

describe('CSV transaction import', () => {
  it('imports Firefly export columns (signed amounts, capitalised types, tags)', () => {
    const text =
      'journal_id,group_id,date,type,amount,currency_code,description,category,budget,source_name,destination_name,tags\r\n' +
      '7,3,2025-03-09T23:30:00-04:00,Withdrawal,-38.750000000000,USD,"Noodles, late",Takeaway,Food,Credit Card,Noodle Express,"late,night"\r\n' +
      '8,4,2025-03-10,Deposit,5.00,USD,Refund,Groceries,,FreshMart,Credit Card,\r\n';
    const r = ok(text, { timeZone: 'America/New_York' });
    expect(r.currency).toBe('USD');
    expect(r.transactions[0]).toEqual({
      journalId: '7', groupId: '3', date: '2025-03-09T23:30:00-04:00', amount: '38.75', currencyCode: 'USD', type: 'withdrawal',
      description: 'Noodles, late', categoryName: 'Takeaway', budgetName: 'Food', sourceName: 'Credit Card', destinationName: 'Noodle Express',
      tags: ['late', 'night'], updatedAt: null,
    });
    // A date alone is local noon in the chosen zone.
    expect(r.transactions[1]).toMatchObject({ date: '2025-03-10T12:00:00-04:00', type: 'deposit', budgetName: null, journalId: '8' });
  });

  it('infers the type from the sign and generates ids when columns are absent', () => {
    const r = ok('Date,Amount,Currency,Description\n2025-01-02,-12.5,eur,Bakery\n2025-01-03 08:15,100,EUR,Pay\n', { sourceId: 'bank.csv' });
    expect(r.transactions.map((t) => [t.journalId, t.type, t.amount, t.currencyCode, t.date])).toEqual([
      ['bank.csv:2', 'withdrawal', '12.50', 'EUR', '2025-01-02T12:00:00+00:00'],
      ['bank.csv:3', 'deposit', '100.00', 'EUR', '2025-01-03T08:15:00+00:00'],
    ]);
  });

  it('empty file and header-only file', () => {
    expect(errs('')[0].message).toMatch(/the file is empty/);
    expect(errs('date,amount,currency_code\r\n')[0].message).toMatch(/header but no transactions/);
  });

  it('missing columns are named with the accepted aliases', () => {
    const e = errs('when,value\n2025-01-01,3\n');
    expect(e.map((x) => x.column)).toEqual(['date', 'amount', 'currency_code']);
    expect(e[0].message).toContain('missing required column "date" (accepted names: date, transaction_date, booking_date); found columns: when, value');
  });

  it('bad rows name row, column and value, and nothing is returned', () => {
    const text = 'date,amount,currency_code,type\n2025-01-01,3.00,USD,withdrawal\n01/02/2025,4.00,USD,withdrawal\n2025-01-03,4,00,USD,withdrawal\n2025-01-04,x1,USD,withdrawal\n2025-01-05,1,USD,gift\n2025-02-30,1,USD,deposit\n';
    const r = importTransactionsCsv(text);
    expect(r.ok).toBe(false);
    expect('transactions' in r).toBe(false);
    const e = (r as { errors: { row: number | null; column: string | null; value: string | null; message: string }[] }).errors;
    expect(e.map((x) => [x.row, x.column, x.value])).toEqual([
      [3, 'date', '01/02/2025'],
      [4, null, null],
      [5, 'amount', 'x1'],
      [6, 'type', 'gift'],
      [7, 'date', '2025-02-30'],
    ]);
    expect(e[0].message).toBe('invalid date "01/02/2025" in row 3: expected YYYY-MM-DD or ISO 8601 date-time (e.g. 2025-03-09T18:30:00-04:00)');
    expect(e[1].message).toBe('row 4 has 5 fields but the header has 4');
    expect(e[2].message).toMatch(/invalid amount "x1".*in row 5/);
  });

  it('errors past maxErrors are counted with their noun: "… and 1 more error", "… and 2 more errors"', () => {
    const bad = (n: number) => `date,amount,currency_code\n${Array.from({ length: n }, (_, i) => `2025-01-0${i + 1},x,USD`).join('\n')}\n`;
    expect(errs(bad(3), { maxErrors: 2 }).at(-1)!.message).toBe('… and 1 more error');
    expect(errs(bad(4), { maxErrors: 2 }).at(-1)!.message).toBe('… and 2 more errors');
  });

  it('mixed currencies need a chosen currency', () => {
    const text = 'date,amount,currency_code\n2025-01-01,-1,USD\n2025-01-02,-2,EUR\n2025-01-03,-3,USD\n';
    const e = errs(text);
    expect(e[0].message).toBe('the file mixes currencies: USD (2 rows, first row 2), EUR (1 row, first row 3); choose one currency to import');
    const r = ok(text, { currency: 'usd' });
    expect(r.transactions.map((t) => t.amount)).toEqual(['1.00', '3.00']);
    expect(r.skipped).toEqual([{ row: 3, reason: 'currency EUR is not the chosen USD' }]);
    expect(r.warnings).toEqual(['1 row in another currency (EUR) was left out']);
    const three = ok('date,amount,currency_code\n2025-01-01,-1,USD\n2025-01-02,-2,EUR\n2025-01-03,-3,GBP\n2025-01-04,-4,EUR\n', { currency: 'USD' });
    expect(three.warnings).toEqual(['3 rows in other currencies (EUR, GBP) were left out']);
    expect(errs(text, { currency: 'GBP' })[0].message).toMatch(/no rows in the chosen currency GBP/);
    expect(errs(text, { currency: 'dollars' })[0].message).toMatch(/invalid currency "dollars"/);
  });

  it('custom Firefly III currency codes (3–51 characters, e.g. USDT) import; words and blanks do not', () => {
    const r = ok('date,amount,currency_code\n2025-01-01,-1.5,USDT\n2025-01-02,-2,USDT\n');
    expect(r.transactions.map((t) => [t.amount, t.currencyCode])).toEqual([['1.50', 'USDT'], ['2.00', 'USDT']]);
    expect(ok('date,amount\n2025-01-01,-1\n', { currency: 'USDT' }).transactions[0].currencyCode).toBe('USDT');
    expect(errs('date,amount,currency_code\n2025-01-01,-1,US\n')[0]).toMatchObject({ row: 2, column: 'currency_code', value: 'US' });
    expect(errs('date,amount,currency_code\n2025-01-01,-1,U S D\n')[0].message).toMatch(/3–51 characters/);
    expect(errs(`date,amount,currency_code\n2025-01-01,-1,${'X'.repeat(52)}\n`)[0].column).toBe('currency_code');
    for (const bad of ['dollars', 'N/A', '=1+1', '€€€']) expect(errs(`date,amount,currency_code\n2025-01-01,-1,${bad}\n`)[0], bad).toMatchObject({ row: 2, column: 'currency_code' });
    expect(ok('date,amount,currency_code\n2025-01-01,-1,usd\n').transactions[0].currencyCode).toBe('USD');
  });

  it('rejects duplicate journal ids, zero amounts without a type, malformed CSV and bad zones', () => {
    expect(errs('journal_id,date,amount,currency_code\n1,2025-01-01,-1,USD\n1,2025-01-02,-1,USD\n')[0]).toMatchObject({ row: 3, column: 'journal_id', value: '1' });
    expect(errs('date,amount,currency_code\n2025-01-01,0,USD\n')[0].message).toMatch(/amount 0 in row 2 without a type column/);
    expect(errs('date,amount,currency_code\n"2025-01-01,1,USD\n')[0].message).toMatch(/malformed CSV: unterminated quoted field/);
    expect(errs('date,amount\n2025-01-01,1\n', { currency: 'USD', timeZone: 'Nowhere/City' })[0].message).toMatch(/invalid time zone "Nowhere\/City"/);
  });
});
