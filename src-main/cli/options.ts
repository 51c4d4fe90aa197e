import { InvalidArgumentError } from 'commander';
import { EXCHANGE_RATE_HINT, parseExchangeRate } from '../../src-shared/finance/transactions';

/**
 * Parser of an integer option in [min, max]: a bad value names the option, the range and what was
 * typed (commander prints it and exits 2), instead of reaching the API as NaN.
 */
export const intOption = (name: string, min: number, max: number) => (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer between ${min} and ${max}, got "${v}"`);
  return n;
};

/** Parser of `--exchange-rate`: US dollars per one unit of the data's currency, > 0 and ≤ MAX_EXCHANGE_RATE. */
export const exchangeRateOption = (v: string): number => {
  const n = parseExchangeRate(v);
  if (n === null) throw new InvalidArgumentError(`--exchange-rate must be ${EXCHANGE_RATE_HINT}, got "${v}"`);
  return n;
};
