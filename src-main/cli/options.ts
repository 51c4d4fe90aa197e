import { InvalidArgumentError } from 'commander';
import { CURRENCY_CODE_HINT, EXCHANGE_RATE_HINT, parseExchangeRate, typedCurrencyCode } from '../../src-shared/finance/transactions';
import { findScenario } from '../../src-shared/projections/data';
import { isTimeZone } from '../../src-shared/projections/calibration/weekly';
import { UsageError } from './errors';

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

/**
 * Parser of a Firefly snapshot id option (`--snapshot`): an integer in [1, max], or "latest" (the
 * newest synced snapshot, as `latest` means the newest run or report wherever the CLI takes an id).
 */
export const snapshotOption = (max: number) => (v: string): number | 'latest' => {
  if (v.trim() === 'latest') return 'latest';
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > max) throw new InvalidArgumentError(`--snapshot must be a snapshot id (an integer between 1 and ${max}) or "latest", got "${v}"`);
  return Number(v);
};

/** Parser of `--currency`: a currency code as the data spells them (USD, eur → EUR, custom codes such as USDT). */
export const currencyOption = (v: string): string => {
  const code = typedCurrencyCode(v);
  if (code === null) throw new InvalidArgumentError(`--currency must be a currency code: ${CURRENCY_CODE_HINT}; got "${v}"`);
  return code;
};

/**
 * A `--currency` the data has no spending in is the user's input, so a usage error (exit 2) that
 * names the option, the value and the currencies there are; the API's message starts "currency: "
 * (firefly.calibrate, FireflyCurrencyError). Anything else passes through unchanged.
 */
export function currencyRefusal(e: unknown, currency: string | undefined): unknown {
  const m = (e as Error)?.message;
  if (currency === undefined || typeof m !== 'string' || !m.startsWith('currency: ')) return e;
  return new UsageError(`--currency ${currency}: ${m.slice('currency: '.length)}`);
}

/** Parser of `--time-zone`: an IANA zone name this runtime knows; a bad one names the option and the value (exit 2). */
export const timeZoneOption = (v: string): string => {
  if (!isTimeZone(v.trim()) || v.trim() === '') throw new InvalidArgumentError(`--time-zone must be an IANA time zone such as "Europe/Berlin", "America/New_York" or "UTC", got "${v}"`);
  return v.trim();
};

/**
 * Parser of `--scenario`: a market scenario by key or name in any case or separator (bull, normal,
 * downturn, cryptoWinter, "crypto-winter"). An unknown one names the option, the value and the
 * keys (exit 2); a known one is passed on as typed (the API reads it the same way).
 */
export const scenarioOption = (v: string): string => {
  try {
    findScenario(v);
  } catch (e) {
    throw new InvalidArgumentError(`--scenario: ${(e as Error).message}`);
  }
  return v;
};
