import { InvalidArgumentError } from 'commander';

/**
 * Parser of an integer option in [min, max]: a bad value names the option, the range and what was
 * typed (commander prints it and exits 2), instead of reaching the API as NaN.
 */
export const intOption = (name: string, min: number, max: number) => (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer between ${min} and ${max}, got "${v}"`);
  return n;
};
