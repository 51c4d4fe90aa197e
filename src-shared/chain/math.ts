// Exact integer helpers shared by the contract model, the generator and the metrics (bigint wei, sqrt-wei power).

export const WAD = 10n ** 18n;
export const YEAR_SECONDS = 365n * 24n * 3600n; // the contracts' YEAR: 365 days, not 52 weeks
export const WEEK_SECONDS = 604800n;
export const UINT256_MAX = (1n << 256n) - 1n;
export const UINT64_MAX = (1n << 64n) - 1n;

/** floor(sqrt(n)), identical to OpenZeppelin Math.sqrt for n >= 0. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) >> 1n;
  while (y < x) {
    x = y;
    y = (x + n / x) >> 1n;
  }
  return x;
}

/** GroVault power: isqrt(amount) * (1e18 + 5e17 * (years - 1)) / 1e18, 0 without a lock or at/after unlock. */
export function lockPower(amount: bigint, durationYears: number, unlockTime: bigint, at: bigint): bigint {
  if (amount === 0n || at >= unlockTime) return 0n;
  return (isqrt(amount) * (WAD + 5n * 10n ** 17n * BigInt(durationYears - 1))) / WAD;
}

/**
 * Dollars (a float from the engine) to 18-decimal wei without BigInt(float) errors: the value is rounded to
 * 6 decimals first, so 0.1 + 0.2 gives 300000000000000000n. Negative, NaN and infinite inputs are rejected.
 */
export function dollarsToWei(dollars: number): bigint {
  if (!Number.isFinite(dollars) || dollars < 0) throw new RangeError(`amount must be a finite number >= 0, got ${dollars}`);
  // toFixed switches to exponent notation ("1e+21") at 1e21; such a double is an integer, so BigInt takes it exactly.
  if (dollars >= 1e21) return BigInt(dollars) * WAD;
  const fixed = dollars.toFixed(6);
  const [whole, frac = ''] = fixed.split('.');
  return BigInt(whole) * WAD + BigInt((frac + '000000').slice(0, 6)) * 10n ** 12n;
}

/** Wei to a decimal token-unit string (formatUnits(x, 18) semantics, trailing zeros trimmed, at least "x.0"). */
export function formatTokens(wei: bigint, decimals = 18): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  let frac = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  if (frac === '') frac = '0';
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** Wei to a JS number of tokens, for charts only (precision loss beyond ~15 digits is acceptable there). */
export function weiToNumber(wei: bigint): number {
  return Number(formatTokens(wei));
}
