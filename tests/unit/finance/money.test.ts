import { describe, expect, it } from 'vitest';
import { MoneyError, formatAmount, formatCents, formatCentsDisplay, parseCents, sumCents, unitsToCents } from '../../../src-shared/finance/money';

describe('money helpers', () => {
  it('parses decimal strings to integer cents', () => {
    expect(parseCents('12.34')).toBe(1234);
    expect(parseCents('-0.07')).toBe(-7);
    expect(parseCents('+3')).toBe(300);
    expect(parseCents('.5')).toBe(50);
    expect(parseCents('12.340000000000')).toBe(1234);
    expect(parseCents('0.005')).toBe(1); // half away from zero
    expect(parseCents('-0.004')).toBe(0);
    expect(() => parseCents('0.001', { extraDigits: 'reject' })).toThrow(/more than 2 decimal places/);
    for (const bad of ['1,234.56', '$5', '', '1e3', 'abc', '1.2.3']) expect(() => parseCents(bad)).toThrow(MoneyError);
  });

  it('sums exactly where floats do not', () => {
    const parts = Array.from({ length: 10 }, () => '0.10');
    expect(parts.reduce((s, x) => s + Number(x), 0)).not.toBe(1); // 0.9999999999999999
    expect(sumCents(parts.map((p) => parseCents(p)))).toBe(100);
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(MoneyError);
  });

  it('formats', () => {
    expect(formatCents(123456)).toBe('1234.56');
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatCentsDisplay(123456789)).toBe('$1,234,567.89');
    // Report text in the data's own currency (calibration, the Firefly report).
    expect([formatAmount(12.5, 'USD'), formatAmount(-3, 'USD'), formatAmount(12684.391, 'EUR'), formatAmount(-1.5, 'USDT')]).toEqual(['$12.50', '−$3.00', '12,684.39 EUR', '−1.50 USDT']);
    // Thousands separators and no sign on what rounds to zero (calibration showed "$6376.16").
    expect([formatAmount(6376.16, 'USD'), formatAmount(-0.004, 'USD'), formatAmount(-1234567.891, 'EUR')]).toEqual(['$6,376.16', '$0.00', '−1,234,567.89 EUR']);
    expect(unitsToCents(1.005)).toBe(101);
    expect(unitsToCents(-2.675)).toBe(-268);
  });
});
