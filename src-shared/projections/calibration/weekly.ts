import { parseCents } from '../../finance/money';
import type { NormalizedTransaction } from '../../finance/transactions';
import type { CategoryMappingResult } from './categories';

/**
 * DST-safe weekly aggregation. A transaction belongs to the local calendar date it has in the
 * user's IANA time zone (Intl.DateTimeFormat, no dependencies); weeks are Monday–Sunday runs of
 * calendar dates, so day arithmetic is done on dates, never on 24-hour multiples of instants.
 * Unlike upstream, nothing between "Sunday at the first transaction's time" and Monday is dropped,
 * and weeks without transactions are kept (as zeros).
 *
 * A timestamp at exactly midnight (Firefly III's form of a date booked without a time, e.g.
 * 2026-03-01T00:00:00+01:00 from a server in Amsterdam) is that calendar date, whatever the user's
 * zone: converting it would move the booking to the previous day west of the server (and drop it
 * from a period that starts that day, though the server counted it in).
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIDNIGHT = /^(\d{4})-(\d{2})-(\d{2})T00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    } catch {
      throw new RangeError(`invalid time zone "${timeZone}": expected an IANA name such as "Europe/Berlin" or "America/New_York"`);
    }
    formatterCache.set(timeZone, f);
  }
  return f;
}

/** Check an IANA zone name; throws a clear RangeError when unknown. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** Whether this is an IANA zone name this runtime knows (the boolean form of assertTimeZone, for schemas). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function partsOf(epochMs: number, timeZone: string) {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: get('year'), m: get('month'), d: get('day'), hh: get('hour'), mm: get('minute'), ss: get('second') };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * The local calendar date (YYYY-MM-DD) of an ISO timestamp in `timeZone`. A date-only string, or a
 * timestamp at exactly midnight (a date booked without a time, see above), is already a calendar
 * date and keeps it. Throws naming the value when unparseable.
 */
export function localDateOf(iso: string, timeZone: string): string {
  const dm = DATE_ONLY.exec(iso);
  if (dm) {
    if (!isValidYmd(+dm[1], +dm[2], +dm[3])) throw new RangeError(`invalid date "${iso}": no such calendar day`);
    return iso;
  }
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RangeError(`invalid date "${iso}": expected ISO 8601 like 2025-03-09T23:30:00-04:00`);
  // Date.parse rolls 2025-02-30T… over into March: refuse a day the calendar does not have.
  const day = /^(\d{4})-(\d{2})-(\d{2})T/.exec(iso);
  if (day && !isValidYmd(+day[1], +day[2], +day[3])) throw new RangeError(`invalid date "${iso}": no such calendar day`);
  if (MIDNIGHT.test(iso)) return iso.slice(0, 10);
  const p = partsOf(ms, timeZone);
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
}

export function isValidYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Offset of `timeZone` from UTC at the given instant, in minutes (east positive). */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const p = partsOf(epochMs, timeZone);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

/**
 * ISO 8601 with the zone's offset for a local wall-clock time, e.g. (2025,3,9,12,0,0,'America/New_York')
 * → "2025-03-09T12:00:00-04:00". Wall times skipped by a DST jump resolve to the later offset.
 */
export function zonedIso(y: number, mo: number, d: number, hh: number, mi: number, ss: number, timeZone: string): string {
  const wall = Date.UTC(y, mo - 1, d, hh, mi, ss);
  // Two passes converge for every real zone (the offset near the instant is stable).
  let off = zoneOffsetMinutes(wall, timeZone);
  off = zoneOffsetMinutes(wall - off * 60000, timeZone);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(hh)}:${pad(mi)}:${pad(ss)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Days since 1970-01-01 for a YYYY-MM-DD date (calendar arithmetic, no time zones). */
export function dayNumber(ymd: string): number {
  const m = DATE_ONLY.exec(ymd);
  if (!m) throw new RangeError(`invalid date "${ymd}": expected YYYY-MM-DD`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86_400_000;
}

export function dateOfDay(day: number): string {
  const d = new Date(day * 86_400_000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Monday (as a day number) of the week containing `day`. 1970-01-01 was a Thursday. */
export function mondayOf(day: number): number {
  const dow = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  return day - ((dow + 6) % 7);
}

export interface WeeklyBucket {
  /** 1-based. */
  week: number;
  /** Local Monday, YYYY-MM-DD. */
  weekStart: string;
  /** Local Sunday, YYYY-MM-DD. */
  weekEnd: string;
  /** Days of this week inside the analysed period (7 except possibly the first/last week). */
  daysInPeriod: number;
  /** Spending minus refunds, cents. */
  spendingCents: number;
  grossSpendingCents: number;
  refundCents: number;
  byCategoryCents: Record<string, number>;
  byParticipantCents: Record<string, number>;
  transactionCount: number;
  participantCount: number;
}

export interface WeeklyAggregate {
  timeZone: string;
  /** First and last local dates of the analysed period (inclusive). */
  periodStart: string;
  periodEnd: string;
  weeks: WeeklyBucket[];
  totalSpendingCents: number;
  transactionCount: number;
  /** Distinct participants seen in the period. */
  participants: string[];
}

export interface AggregateOptions {
  timeZone: string;
  /** When given, only its mapped (food) transactions count, by food category, refunds netted. */
  mapping?: CategoryMappingResult;
  /** Inclusive local-date bounds of the period (e.g. the Firefly sync range); default: data range. */
  from?: string;
  to?: string;
  /**
   * Who "participates": default the asset account (source for a withdrawal, destination for a
   * refund), as upstream. Calibration passes a household resolver.
   */
  participantOf?: (tx: NormalizedTransaction) => string | null;
}

const defaultParticipant = (tx: NormalizedTransaction) => (tx.type === 'deposit' ? tx.destinationName : tx.sourceName);

interface Item {
  tx: NormalizedTransaction;
  day: number;
  category: string;
  signedCents: number;
}

export function aggregateWeekly(txs: readonly NormalizedTransaction[], opts: AggregateOptions): WeeklyAggregate {
  const tz = opts.timeZone;
  assertTimeZone(tz);
  const participantOf = opts.participantOf ?? defaultParticipant;
  const items: Item[] = [];
  if (opts.mapping) {
    const inInput = new Set(txs);
    for (const m of opts.mapping.mapped) {
      if (txs.length > 0 && !inInput.has(m.tx)) continue; // mapping of a different list
      items.push({ tx: m.tx, day: dayNumber(localDateOf(m.tx.date, tz)), category: m.category, signedCents: m.flow === 'spend' ? m.cents : -m.cents });
    }
  } else {
    for (const tx of txs) {
      if (tx.type !== 'withdrawal') continue;
      items.push({ tx, day: dayNumber(localDateOf(tx.date, tz)), category: tx.categoryName ?? 'uncategorized', signedCents: parseCents(tx.amount) });
    }
  }
  items.sort((a, b) => a.day - b.day);

  const fromDay = opts.from !== undefined ? dayNumber(opts.from) : items[0]?.day;
  const toDay = opts.to !== undefined ? dayNumber(opts.to) : items[items.length - 1]?.day;
  if (fromDay === undefined || toDay === undefined) {
    return { timeZone: tz, periodStart: '', periodEnd: '', weeks: [], totalSpendingCents: 0, transactionCount: 0, participants: [] };
  }
  if (toDay < fromDay) throw new RangeError(`invalid period: "to" (${dateOfDay(toDay)}) is before "from" (${dateOfDay(fromDay)})`);

  const firstMonday = mondayOf(fromDay);
  const nWeeks = Math.floor((mondayOf(toDay) - firstMonday) / 7) + 1;
  const weeks: WeeklyBucket[] = [];
  const participantsPerWeek: Set<string>[] = [];
  for (let i = 0; i < nWeeks; i++) {
    const start = firstMonday + 7 * i;
    weeks.push({
      week: i + 1,
      weekStart: dateOfDay(start),
      weekEnd: dateOfDay(start + 6),
      daysInPeriod: Math.min(start + 6, toDay) - Math.max(start, fromDay) + 1,
      spendingCents: 0,
      grossSpendingCents: 0,
      refundCents: 0,
      byCategoryCents: {},
      byParticipantCents: {},
      transactionCount: 0,
      participantCount: 0,
    });
    participantsPerWeek.push(new Set());
  }
  const all = new Set<string>();
  let total = 0;
  let count = 0;
  for (const it of items) {
    if (it.day < fromDay || it.day > toDay) continue;
    const i = Math.floor((it.day - firstMonday) / 7);
    const b = weeks[i];
    b.spendingCents += it.signedCents;
    if (it.signedCents >= 0) b.grossSpendingCents += it.signedCents;
    else b.refundCents -= it.signedCents;
    b.byCategoryCents[it.category] = (b.byCategoryCents[it.category] ?? 0) + it.signedCents;
    b.transactionCount++;
    const who = participantOf(it.tx);
    if (who) {
      participantsPerWeek[i].add(who);
      all.add(who);
      b.byParticipantCents[who] = (b.byParticipantCents[who] ?? 0) + it.signedCents;
    }
    total += it.signedCents;
    count++;
  }
  weeks.forEach((b, i) => (b.participantCount = participantsPerWeek[i].size));
  return {
    timeZone: tz,
    periodStart: dateOfDay(fromDay),
    periodEnd: dateOfDay(toDay),
    weeks,
    totalSpendingCents: total,
    transactionCount: count,
    participants: [...all].sort(),
  };
}
