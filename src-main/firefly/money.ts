/**
 * Exact decimal money helpers for the Firefly bridge.
 *
 * Kept on purpose next to src-shared/finance/money.ts: that module works in integer *cents* and rounds
 * digits beyond the 2nd decimal, while Firefly amounts are decimal(32,12) and the bridge must keep
 * them exactly (FF-12: "12.345" and "0.100000000000" round-trip, sums are exact; 0-decimal and
 * 3-decimal currencies exist). The calibration converts to cents itself. Everything here is BigInt-based: amounts are
 * held as integer units at a fixed scale of 12 decimals (Firefly stores decimal(32,12)), so sums are
 * exact and never go through floating point.
 */

/** Firefly stores money as decimal(32,12). */
export const MONEY_SCALE = 12;
const SCALE_FACTOR = 10n ** BigInt(MONEY_SCALE);
const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string exactly to integer units at scale 12. Returns null when it is not a plain decimal. */
export function parseDecimal(text: unknown): bigint | null {
  if (typeof text !== 'string') return null;
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return null;
  const [, sign, intPart, fracRaw = ''] = m;
  if (intPart.length > 20) return null; // decimal(32,12) has 20 integer digits at most
  // Digits beyond 12 decimals are not representable in Firefly; refuse rather than round silently,
  // unless they are trailing zeros.
  let frac = fracRaw;
  if (frac.length > MONEY_SCALE) {
    if (/[^0]/.test(frac.slice(MONEY_SCALE))) return null;
    frac = frac.slice(0, MONEY_SCALE);
  }
  const units = BigInt(intPart) * SCALE_FACTOR + BigInt(frac.padEnd(MONEY_SCALE, '0') || '0');
  return sign === '-' ? -units : units;
}

/**
 * Formats integer units (scale 12) as a decimal string with at least `minDecimals` decimals and no
 * trailing zeros beyond that (so precision finer than the currency is kept, never rounded away).
 */
export function formatDecimal(units: bigint, minDecimals = 2): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const intPart = abs / SCALE_FACTOR;
  let frac = (abs % SCALE_FACTOR).toString().padStart(MONEY_SCALE, '0');
  const keep = Math.max(0, Math.min(MONEY_SCALE, minDecimals));
  while (frac.length > keep && frac.endsWith('0')) frac = frac.slice(0, -1);
  const body = frac.length > 0 ? `${intPart}.${frac}` : `${intPart}`;
  return negative ? `-${body}` : body;
}

/** Canonical positive decimal string for a Firefly amount, e.g. "0.100000000000" → "0.10" (2 dp currency). */
export function canonicalAmount(text: unknown, decimalPlaces = 2): string | null {
  const units = parseDecimal(text);
  if (units === null) return null;
  return formatDecimal(units < 0n ? -units : units, decimalPlaces);
}

/** Exact sum of decimal strings; throws on a non-decimal input. */
export function sumDecimals(values: readonly string[], minDecimals = 2): string {
  let total = 0n;
  for (const v of values) {
    const u = parseDecimal(v);
    if (u === null) throw new Error(`not a decimal amount: ${JSON.stringify(v).slice(0, 40)}`);
    total += u;
  }
  return formatDecimal(total, minDecimals);
}

/** Integer minor units (e.g. cents for 2 dp) when exactly representable, else null. */
export function toMinorUnits(text: string, decimalPlaces: number): bigint | null {
  const units = parseDecimal(text);
  if (units === null) return null;
  const divisor = 10n ** BigInt(MONEY_SCALE - decimalPlaces);
  return units % divisor === 0n ? units / divisor : null;
}
