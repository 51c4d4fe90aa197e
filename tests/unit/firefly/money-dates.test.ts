import { describe, expect, it } from 'vitest';
import { canonicalAmount, formatDecimal, parseDecimal, sumDecimals, toMinorUnits } from '../../../src-main/firefly/money';
import { resolveRange, toLocalDate } from '../../../src-main/firefly/dates';
import { compareVersions, normalizeBaseUrl, parseRetryAfter } from '../../../src-main/firefly/client';

describe('firefly money helpers (exact decimals)', () => {
  it('parses and formats without floats', () => {
    expect(canonicalAmount('0.100000000000', 2)).toBe('0.10');
    expect(canonicalAmount('12.345', 2)).toBe('12.345');
    expect(canonicalAmount('5000', 0)).toBe('5000');
    expect(canonicalAmount('-3.5', 2)).toBe('3.50');
    expect(canonicalAmount('abc', 2)).toBeNull();
    expect(canonicalAmount('1e3', 2)).toBeNull();
    expect(canonicalAmount('0.0000000000001', 2)).toBeNull();
    expect(sumDecimals(['0.10', '0.10', '0.10'])).toBe('0.30');
    expect(formatDecimal(parseDecimal('-0.5')!)).toBe('-0.50');
    expect(toMinorUnits('12.34', 2)).toBe(1234n);
    expect(toMinorUnits('12.345', 2)).toBeNull();
    expect(sumDecimals(['99999999999999999999.99', '0.01'])).toBe('100000000000000000000.00');
  });
});

describe('firefly dates, URLs, versions, Retry-After', () => {
  it('local calendar dates, not UTC', () => {
    expect(toLocalDate(new Date('2026-03-29T00:30:00Z'), 'Europe/Amsterdam')).toBe('2026-03-29');
    expect(toLocalDate(new Date('2026-03-28T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-03-29');
    expect(() => resolveRange('2026-02-30', '2026-03-01', 'UTC')).toThrow(/not a calendar date/);
    expect(() => resolveRange('2026-03-02', '2026-03-01', 'UTC')).toThrow(/after the end date/);
    expect(() => toLocalDate(new Date(), 'Mars/Olympus')).toThrow(/Unknown time zone/);
  });
  it('base URL normalisation', () => {
    expect(normalizeBaseUrl('http://h/api/v1/')).toBe('http://h');
    expect(normalizeBaseUrl('https://x.org/firefly/')).toBe('https://x.org/firefly');
    expect(normalizeBaseUrl('https://x.org/firefly/api')).toBe('https://x.org/firefly');
    expect(() => normalizeBaseUrl('ftp://x')).toThrow(/http/);
    expect(() => normalizeBaseUrl('https://u:p@x')).toThrow(/user name or password/);
    expect(() => normalizeBaseUrl('')).toThrow(/FIREFLY_URL/);
    // A URL typed without its scheme: it said "(got localhost:)", naming neither what was typed nor the fix.
    expect(() => normalizeBaseUrl('localhost:8080')).toThrow('The Firefly III URL must start with http:// or https://: "localhost:8080" has neither. Enter it as, for example, http://localhost:8080.');
    expect(() => normalizeBaseUrl('firefly.lan/')).toThrow('Enter it as, for example, http://firefly.lan/.');
    expect(() => normalizeBaseUrl('me:secret@firefly.lan')).toThrow('"***@firefly.lan" has neither');
    // Text that is no address at all: it suggested "http://not a url".
    expect(() => normalizeBaseUrl('not a url')).toThrow('"not a url" is not a Firefly III address. Enter the address you open Firefly III with, e.g. https://firefly.example.org.');
    expect(() => normalizeBaseUrl('fire fly.lan')).not.toThrow(/http:\/\/fire fly/);
  });
  it('versions and Retry-After', () => {
    expect(compareVersions('6.2.10', '6.3.0')).toBe(-1);
    expect(compareVersions('v6.4.4', '6.3.0')).toBe(1);
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 5_000)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('Firefly time zone (§1.8: the user\'s local calendar dates)', () => {
  it('the setting defaults to empty = this computer\'s zone; a bad zone is refused at the settings boundary', async () => {
    const { Settings, SettingsPatch } = await import('../../../src-shared/api');
    const { effectiveTimeZone, syncPeriod } = await import('../../../src-main/firefly/service');
    expect(Settings.parse({}).fireflyTimeZone).toBe('');
    expect(SettingsPatch.safeParse({ fireflyTimeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(SettingsPatch.safeParse({ fireflyTimeZone: 'Europe/Berlin' }).success).toBe(true);
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: its date differs from UTC's for 14 hours a day
      expect(effectiveTimeZone('')).toBe('Pacific/Kiritimati');
      expect(effectiveTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
      expect(effectiveTimeZone('Nowhere/City')).toBe('Pacific/Kiritimati');
      // 2026-03-01 12:00 UTC is already 2026-03-02 in Kiritimati: the default period ends there.
      expect(syncPeriod(effectiveTimeZone(''), undefined, undefined, new Date('2026-03-01T12:00:00Z')).end).toBe('2026-03-02');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
