import { grouped } from '../report/format';

/**
 * Money helpers. Amounts are integer *cents* (hundredths of the currency unit) held in a JS
 * number; every value is checked to be a safe integer, so sums are exact up to ±9e13 units.
 * Imports never add floats: parse decimal strings here, sum integers, format at the edge.
 */

export class MoneyError extends Error {
  constructor(
    message: string,
    readonly value: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$|^([+-])?\.(\d+)$/;

export interface ParseCentsOptions {
  /**
   * Digits beyond the cents. Firefly stores decimal(32,12) ("12.340000000000"): trailing zeros
   * are always fine; non-zero extra digits are rounded half away from zero ('round', the default)
   * or rejected ('reject').
   */
  extraDigits?: 'round' | 'reject';
}

/** Parse a decimal string ("12.5", "-0.07", "+3", "12.340000000000") into integer cents. */
export function parseCents(input: string, opts: ParseCentsOptions = {}): number {
  const s = input.trim();
  const m = DECIMAL.exec(s);
  if (!m) {
    throw new MoneyError(
      `invalid amount "${input}": expected a decimal number like 12.34 (dot as decimal separator, no thousands separators or currency symbols)`,
      input,
    );
  }
  const sign = (m[1] ?? m[4]) === '-' ? -1 : 1;
  const whole = m[2] ?? '0';
  const frac = m[3] ?? m[5] ?? '';
  const cents2 = (frac + '00').slice(0, 2);
  const rest = frac.slice(2);
  let cents = Number(whole) * 100 + Number(cents2);
  if (/[1-9]/.test(rest)) {
    if (opts.extraDigits === 'reject') {
      throw new MoneyError(`invalid amount "${input}": more than 2 decimal places`, input);
    }
    if (rest.charCodeAt(0) >= 53 /* '5' */) cents += 1;
  }
  if (!Number.isSafeInteger(cents)) {
    throw new MoneyError(`invalid amount "${input}": too large (max ${Number.MAX_SAFE_INTEGER / 100})`, input);
  }
  return sign * cents === 0 ? 0 : sign * cents;
}

/** Like parseCents but returns null instead of throwing. */
export function tryParseCents(input: string, opts: ParseCentsOptions = {}): number | null {
  try {
    return parseCents(input, opts);
  } catch {
    return null;
  }
}

function assertCents(c: number): void {
  if (!Number.isSafeInteger(c)) throw new MoneyError(`not an integer cent amount: ${c}`, String(c));
}

/** Format cents as a plain decimal string: 123456 → "1234.56", -5 → "-0.05". */
export function formatCents(cents: number): string {
  assertCents(cents);
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const s = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

/** Format cents with thousands separators and a symbol for reports: 123456 → "$1,234.56". */
export function formatCentsDisplay(cents: number, symbol = '$'): string {
  const [whole, frac] = formatCents(Math.abs(cents)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}${symbol}${grouped}.${frac}`;
}

/**
 * An amount in the data's own currency, 2 decimals with thousands separators, for report text:
 * "$6,376.16" / "−$12.50" for USD, "12,684.39 EUR" for any other code (no exchange rate and no
 * symbol table: the code says it). The minus is U+2212, as everywhere the app shows numbers; an
 * amount that rounds to zero has none.
 */
export function formatAmount(x: number, currency: string): string {
  return currency === 'USD' ? grouped(x, 2, '$') : `${grouped(x, 2)} ${currency}`;
}

/** Exact integer sum; throws if a term or the total leaves the safe-integer range. */
export function sumCents(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) {
    assertCents(v);
    total += v;
  }
  assertCents(total);
  return total;
}

/** Cents → float units, only for statistics/display (never sum the results for money). */
export function centsToUnits(cents: number): number {
  return cents / 100;
}

/** Round a float number of units to whole cents (half away from zero, guarding binary noise). */
export function unitsToCents(units: number): number {
  if (!Number.isFinite(units)) throw new MoneyError(`not a finite amount: ${units}`, String(units));
  const scaled = Math.abs(units) * 100;
  // 1.005 * 100 = 100.49999999999999: nudge by a relative epsilon before rounding.
  const c = Math.round(scaled * (1 + Number.EPSILON * 4)) * Math.sign(units);
  return c === 0 ? 0 : c;
}

/** Round a float to 2 decimals the same way (for published figures "to the cent"). */
export function roundTo2(x: number): number {
  return unitsToCents(x) / 100;
}
