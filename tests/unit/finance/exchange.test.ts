import { describe, expect, it } from 'vitest';
import { convertToUsd, NormalizedTransaction } from '../../../src-shared/finance/transactions';
import { parseCents } from '../../../src-shared/finance/money';
import { rateFieldError } from '../../../src-renderer/analytics/format';

const tx = (amount: string, currencyCode = 'EUR'): NormalizedTransaction => ({
  journalId: '1', groupId: '1', date: '2026-03-10T12:00:00+01:00', amount, currencyCode, type: 'withdrawal', description: 'shop',
  categoryName: 'Groceries', budgetName: null, sourceName: 'Checking', destinationName: 'Shop', tags: [], updatedAt: null,
});

describe('exchange rate to USD', () => {
  it('converts each amount to the cent and relabels the currency; everything else is kept', () => {
    const out = convertToUsd([tx('10.00'), tx('0.100000000000'), tx('1234567.89'), tx('0.01')], 1.0825);
    // Exact products (the double 1.0825 is 1.08249999…: 10 × it rounded to 10.82); the cents are
    // rounded where every amount is, half away from zero.
    expect(out.map((t) => parseCents(t.amount))).toEqual([1083, 11, 133641974, 1]);
    expect(out.map((t) => t.currencyCode)).toEqual(['USD', 'USD', 'USD', 'USD']);
    expect(out[0]).toEqual({ ...tx(out[0].amount), currencyCode: 'USD' });
    expect(Number(out[2].amount)).toBeCloseTo(1336419.740925, 6);
    // A rate of 1 keeps the value; tiny and large rates stay exact.
    expect(parseCents(convertToUsd([tx('12.5')], 1)[0].amount)).toBe(1250);
    expect(parseCents(convertToUsd([tx('1000000')], 0.000001)[0].amount)).toBe(100);
    expect(parseCents(convertToUsd([tx('2.00')], 1_000_000)[0].amount)).toBe(200_000_000);
    for (const t of out) expect(NormalizedTransaction.safeParse(t).success).toBe(true);
  });

  it('refuses a rate outside (0, 1,000,000], naming it', () => {
    for (const r of [0, -1, Number.NaN, 1_000_001]) expect(() => convertToUsd([tx('1')], r)).toThrow(/exchangeRate: US dollars per one unit .* got/);
  });

  it('the field check names the field, the value and the range; a decimal comma is refused, not misread', () => {
    expect(rateFieldError('Exchange rate', '1.08')).toBeNull();
    expect(rateFieldError('Exchange rate', ' 150 ')).toBeNull();
    expect(rateFieldError('Exchange rate', '1,08')).toBe('Exchange rate must be a number greater than 0 and at most 1,000,000 (US dollars per one unit of the data\'s currency, with a decimal point); got “1,08”');
    expect(rateFieldError('Exchange rate', '0')).toMatch(/got “0”$/);
    expect(rateFieldError('Exchange rate', '1e3')).toMatch(/got “1e3”$/);
    expect(rateFieldError('Exchange rate', '')).toMatch(/got nothing$/);
  });
});
