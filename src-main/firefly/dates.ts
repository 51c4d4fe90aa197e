/** Local-calendar date handling for Firefly queries (spec §1.8, F20): never `toISOString()` dates. */
import { FireflyDateRangeError } from './errors';

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The system time zone (IANA name), e.g. "Europe/Amsterdam". */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function assertTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone }).format(0);
    return timeZone;
  } catch {
    throw new FireflyDateRangeError(`Unknown time zone "${timeZone}". Use an IANA name such as "Europe/Berlin" or "UTC".`);
  }
}

/** The user's calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function toLocalDate(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) throw new FireflyDateRangeError('Invalid date: use YYYY-MM-DD.');
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: assertTimeZone(timeZone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Validates a YYYY-MM-DD calendar date (real day of a real month). */
export function isCalendarDate(text: string): boolean {
  const m = YMD.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export type DateInput = string | Date;

/** Resolves a date input to a local calendar date string. Strings must already be YYYY-MM-DD. */
export function resolveDate(input: DateInput, timeZone: string, field: string): string {
  if (typeof input === 'string') {
    if (!isCalendarDate(input)) {
      throw new FireflyDateRangeError(`${field} "${input.slice(0, 40)}" is not a calendar date; use YYYY-MM-DD (e.g. 2026-01-31).`);
    }
    return input;
  }
  return toLocalDate(input, timeZone);
}

/** Resolves and checks an inclusive [start, end] range. */
export function resolveRange(start: DateInput, end: DateInput, timeZone: string): { start: string; end: string } {
  const s = resolveDate(start, timeZone, 'start');
  const e = resolveDate(end, timeZone, 'end');
  if (s > e) throw new FireflyDateRangeError(`The start date ${s} is after the end date ${e}; swap them or pick another range.`);
  return { start: s, end: e };
}

/** Adds whole days to a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const m = YMD.exec(date);
  if (!m) throw new FireflyDateRangeError(`"${date}" is not a calendar date; use YYYY-MM-DD.`);
  const dt = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return dt.toISOString().slice(0, 10);
}
