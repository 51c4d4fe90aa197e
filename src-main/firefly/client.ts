/**
 * Typed Firefly III API v1 client (spec/integrations.md §1, failure modes §4).
 *
 * - Every request: `Authorization: Bearer`, `Accept: application/json` (errors then come back as JSON
 *   instead of a login redirect), an `X-Trace-Id` UUID, `redirect: 'manual'` (a 3xx is an error).
 * - Every JSON body is parsed with zod; money stays an exact decimal string.
 * - Bounded concurrency (≤ 4 in flight) and ≥ 100 ms between request starts (self-imposed rate limit).
 * - Only GETs are retried: network errors, timeouts, 408/429/500/502/503/504 and throttle-500s, with
 *   exponential backoff from 500 ms ×2 capped at 8 s ±20 % jitter; `Retry-After` (seconds or HTTP-date),
 *   else `X-RateLimit-Reset`, takes precedence; at most 3 retries per request; a run deadline bounds
 *   everything. `X-RateLimit-Remaining` paces the requests in flight (Limiter).
 * - The token lives in a private field; `toJSON()` and `util.inspect` never show it.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import { maskUrlSecrets } from '../../src-shared/api/define';
import {
  FireflyAbortError,
  FireflyAuthError,
  FireflyConfigError,
  FireflyConnectionResetError,
  FireflyDateRangeError,
  FireflyError,
  FireflyErrorInBodyError,
  FireflyExportError,
  FireflyMalformedResponseError,
  FireflyNotFoundError,
  FireflyPaginationError,
  FireflyPermissionError,
  FireflyProtocolError,
  FireflyRateLimitError,
  FireflyServerError,
  FireflyTimeoutError,
  FireflyUnavailable,
  FireflyValidationError,
  FireflyVersionError,
  redact,
} from './errors';
import {
  AccountReadSchema,
  CategoryReadSchema,
  CurrencyReadSchema,
  ErrorBodySchema,
  InsightGroupSchema,
  ListEnvelopeSchema,
  SystemInfoSchema,
  TransactionReadSchema,
  type AccountRead,
  type CategoryRead,
  type CurrencyRead,
  type SystemInfo,
  type TransactionRead,
} from './schemas';
import { resolveRange, systemTimeZone, type DateInput } from './dates';
import { canonicalAmount } from './money';
import { plural, wasWere } from '../../src-shared/report/format';

export const DEFAULTS = {
  timeoutMs: 30_000,
  exportTimeoutMs: 120_000,
  maxRetries: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  jitter: 0.2,
  maxConcurrent: 4,
  minIntervalMs: 100,
  pageSize: 100,
  maxPages: 1_000,
  maxItems: 100_000,
  /** A Retry-After longer than this is not waited for: the call fails with F8 and the wait time. */
  maxRetryAfterMs: 120_000,
  /** Overall deadline of one paginated run (all pages + retries). */
  runDeadlineMs: 30 * 60_000,
} as const;

/** Minimum Firefly version whose field names (pc_*, subscription_*) the client reads natively (§1.14). */
export const CURRENT_FIELDS_VERSION = '6.3.0';
/** Oldest version whose API v1 transaction shape is accepted at all. */
export const MINIMUM_VERSION = '5.0.0';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface FireflyLogger {
  warn(message: string): void;
  debug?(message: string): void;
}

export interface FireflyClientOptions {
  /** Firefly III base URL, e.g. `https://firefly.example.org` (a trailing `/` or `/api/v1` is removed). */
  baseUrl: string;
  /** Personal Access Token. Never logged, never serialised. */
  token: string;
  timeoutMs?: number;
  exportTimeoutMs?: number;
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  jitter?: number;
  maxConcurrent?: number;
  minIntervalMs?: number;
  pageSize?: number;
  maxPages?: number;
  maxItems?: number;
  maxRetryAfterMs?: number;
  runDeadlineMs?: number;
  /** IANA zone used to turn `Date` inputs into local calendar dates (default: the system zone). */
  timeZone?: string;
  /** Send an `X-Trace-Id` UUID per request (default true). */
  traceIds?: boolean;
  /** Injection points for tests. */
  fetch?: FetchLike;
  sleep?: Sleep;
  random?: () => number;
  logger?: FireflyLogger;
  /** Called before every HTTP attempt (for progress displays and tests). Never receives the token. */
  onRequest?: (info: { method: string; path: string; attempt: number; traceId?: string }) => void;
  /** Called before every retry wait. */
  onRetry?: (info: { path: string; attempt: number; delayMs: number; reason: string }) => void;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Absolute epoch-ms deadline for this call including retries. */
  deadline?: number;
}

export interface ConnectionInfo {
  ok: true;
  version: string;
  apiVersion: string | null;
  phpVersion: string | null;
  os: string | null;
  driver: string | null;
  /** True when the server predates 6.3.0 and the `native_*` fields are used instead of `pc_*`. */
  legacyFields: boolean;
  warnings: string[];
}

export interface PageProgress {
  path: string;
  page: number;
  totalPages: number | null;
  items: number;
}

export interface PaginateOptions extends RequestOptions {
  onPage?: (p: PageProgress) => void;
  /** Key used to de-duplicate items across pages (default: the item `id`). */
  maxPages?: number;
  maxItems?: number;
  /** Re-read page 1 at the end and warn if `meta.pagination.total` changed (default true). */
  verifyTotal?: boolean;
  /** Pages fetched ahead of the one being processed (default: maxConcurrent − 1, min 0). */
  prefetch?: number;
}

export interface PaginatedResult<T> {
  items: T[];
  warnings: string[];
  truncated: boolean;
  pages: number;
  /** meta.pagination.total from page 1 (null when the server sent no meta). */
  total: number | null;
  /** Items that failed the per-item schema and were skipped. */
  invalidItems: number;
}

export interface TransactionListOptions extends PaginateOptions {
  start: DateInput;
  end: DateInput;
  /** TransactionTypeFilter; `withdrawal` for spending (default `all`). */
  type?: TransactionTypeFilter;
}

export interface TransactionListResult extends PaginatedResult<TransactionRead> {
  period: { start: string; end: string };
  /** Splits removed because their transaction_journal_id was already seen (pagination drift). */
  duplicateSplits: number;
}

export const TRANSACTION_TYPE_FILTERS = [
  'all', 'withdrawal', 'withdrawals', 'expense', 'deposit', 'deposits', 'income', 'transfer', 'transfers',
  'opening_balance', 'reconciliation', 'special', 'specials', 'default',
] as const;
export type TransactionTypeFilter = (typeof TRANSACTION_TYPE_FILTERS)[number];

export interface InsightEntry {
  id: string | null;
  name: string;
  currencyCode: string;
  /** Exact decimal string as returned (negative for expenses). */
  difference: string;
  /** abs(difference), exact. */
  spent: string;
}

type Query = Record<string, string | number | readonly (string | number)[] | undefined>;

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\b/i;

/**
 * What to do about a missing or rejected token, said once: where to create it and where it goes
 * (the app's Firefly section, or the CLI). Callers (service, renderer) add nothing to it.
 */
export const NEW_TOKEN_ADVICE =
  'Create a new token in Firefly III (Options → Profile → OAuth → Personal Access Tokens) and enter it in the Firefly section\'s connection form (command line: `workbench firefly connect --token-file <file>` or FIREFLY_TOKEN).';

// ---------------------------------------------------------------------------------------------
// helpers

/** Normalises a base URL: strips a trailing `/`, `/api/v1` or `/api`; only http(s), no credentials/query. */
export function normalizeBaseUrl(input: string): string {
  const raw = (input ?? '').trim();
  if (!raw) throw new FireflyConfigError('No Firefly III URL is configured. Enter the address in the Firefly section\'s connection form (command line: `workbench firefly connect --url …` or FIREFLY_URL).');
  // "localhost:8080" parses as a URL of scheme "localhost:", and "firefly.lan" not at all: both lack the http(s):// in front.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const shown = maskUrlSecrets(raw).replace(/^[^/?#\s]*@/, '***@').slice(0, 200);
    // Suggest the http:// form only when it is an address: "not a url" became "http://not a url".
    const asHttp = URL.canParse(`http://${raw}`) && !/\s/.test(raw);
    throw new FireflyConfigError(
      asHttp
        ? `The Firefly III URL must start with http:// or https://: "${shown}" has neither. Enter it as, for example, http://${shown}.`
        : `"${shown}" is not a Firefly III address. Enter the address you open Firefly III with, e.g. https://firefly.example.org.`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FireflyConfigError(`"${maskUrlSecrets(raw).slice(0, 200)}" is not a URL. Enter the address you open Firefly III with, e.g. https://firefly.example.org.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FireflyConfigError(`The Firefly III URL must start with http:// or https:// (got ${url.protocol}).`);
  }
  if (url.username || url.password) {
    throw new FireflyConfigError('The Firefly III URL must not contain a user name or password; use a Personal Access Token instead.');
  }
  if (url.search || url.hash) {
    throw new FireflyConfigError('The Firefly III URL must not contain a query (?…) or fragment (#…).');
  }
  let path = url.pathname.replace(/\/+$/, '');
  path = path.replace(/\/api\/v1$/i, '').replace(/\/api$/i, '').replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** Compares dotted versions; a non-numeric part (e.g. "develop/…") counts as newest. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/i, '').split(/[.-]/).slice(0, 3).map((x) => Number.parseInt(x, 10));
  const pb = b.replace(/^v/i, '').split(/[.-]/).slice(0, 3).map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < 3; i += 1) {
    const x = Number.isFinite(pa[i]) ? pa[i] : 0;
    const y = Number.isFinite(pb[i]) ? pb[i] : 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Parses Retry-After: delta-seconds or an HTTP-date. Returns ms (≥ 0) or null. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new FireflyAbortError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(t);
      reject(new FireflyAbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function errCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i += 1) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Reads a server's rate-limit headers (Laravel's throttle middleware, which Firefly III uses):
 * the wait a 429 asks for (Retry-After, else X-RateLimit-Reset), and whether a success used up
 * the window (X-RateLimit-Remaining: 0). Null fields: not said.
 */
export function rateLimitState(headers: Headers, now = Date.now()): { remaining: number | null; waitMs: number | null } {
  const rem = headers.get('x-ratelimit-remaining');
  const remaining = rem !== null && /^\s*\d+\s*$/.test(rem) ? Number(rem) : null;
  return { remaining, waitMs: parseRetryAfter(headers.get('retry-after'), now) ?? parseRateLimitReset(headers.get('x-ratelimit-reset'), now) };
}

/** X-RateLimit-Reset: epoch seconds (Laravel, GitHub), or seconds from now when too small to be a date. Ms (≥ 0) or null. */
export function parseRateLimitReset(value: string | null, now = Date.now()): number | null {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return null;
  const v = Number(value);
  return v >= 1e9 ? Math.max(0, Math.round(v * 1000 - now)) : Math.round(v * 1000);
}

/**
 * Concurrency + spacing limiter shared by all calls of one client. It also follows the server's
 * rate limit (Laravel's throttle middleware):
 * - After a 429 that names its wait (Retry-After or X-RateLimit-Reset), no request starts before
 *   then: the pages in flight would each meet the same 429 and spend a retry.
 * - X-RateLimit-Remaining: R in the answer to the n-th request started means the server takes
 *   requests up to number n + R in this window (requests started after the n-th may already be
 *   counted in R: then fewer go than could, never more). Past that, one request at a time goes
 *   (a probe: its 429 names the wait, or the window has reset).
 */
class Limiter {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  private nextStart = 0;
  private heldUntil = 0;
  /** Requests started so far (the n of each ticket). */
  private started = 0;
  /** Requests may start while started < allowedUpTo (from the newest answer with X-RateLimit-Remaining). */
  private allowedUpTo = Infinity;
  private newestTicket = 0;
  constructor(
    private readonly max: number,
    private readonly intervalMs: number,
  ) {}

  /** What the server said about its rate limit in the answer to request `ticket`. */
  observe(ticket: number, status: number, headers: Headers, maxWaitMs: number): void {
    const { remaining, waitMs } = rateLimitState(headers);
    if ((status === 429 || remaining === 0) && waitMs !== null && waitMs <= maxWaitMs) {
      // A new window starts after the wait: everything waiting may go then.
      this.heldUntil = Math.max(this.heldUntil, Date.now() + waitMs);
      this.allowedUpTo = Infinity;
      this.newestTicket = this.started;
    } else if (remaining !== null && ticket >= this.newestTicket) {
      this.newestTicket = ticket;
      this.allowedUpTo = ticket + remaining;
    }
    for (const w of this.waiters.splice(0)) w();
  }

  private blocked(): boolean {
    return this.active >= this.max || (this.started >= this.allowedUpTo && this.active > 0);
  }

  /** Waits for a slot; returns the request's ticket (its number among the requests started). */
  async acquire(signal?: AbortSignal): Promise<number> {
    while (this.blocked()) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.waiters.indexOf(wake);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new FireflyAbortError());
        };
        if (signal?.aborted) return reject(new FireflyAbortError());
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(wake);
      });
    }
    this.active += 1;
    const ticket = ++this.started;
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.intervalMs;
    // Timers may fire a millisecond early: sleep until the slot has really begun (and any hold
    // the server asked for, which may be set while this request waits).
    for (let wait = Math.max(start, this.heldUntil) - now; wait > 0; wait = Math.max(start, this.heldUntil) - Date.now()) {
      try {
        await defaultSleep(wait, signal);
      } catch (e) {
        this.release();
        throw e;
      }
    }
    return ticket;
  }

  release(): void {
    this.active -= 1;
    const w = this.waiters.shift();
    if (w) w();
  }
}

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

// ---------------------------------------------------------------------------------------------

export class FireflyClient {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #opt: Required<Omit<FireflyClientOptions, 'baseUrl' | 'token' | 'fetch' | 'logger' | 'onRequest' | 'onRetry'>>;
  readonly #fetch: FetchLike;
  readonly #logger?: FireflyLogger;
  readonly #onRequest?: FireflyClientOptions['onRequest'];
  readonly #onRetry?: FireflyClientOptions['onRetry'];
  readonly #limiter: Limiter;
  #legacyFields = false;
  #version: string | null = null;

  constructor(options: FireflyClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    const token = typeof options.token === 'string' ? options.token.trim() : '';
    if (!token) {
      throw new FireflyConfigError(
        `No Firefly III access token is configured. ${NEW_TOKEN_ADVICE}`,
      );
    }
    if (/[\r\n\0]/.test(token)) throw new FireflyConfigError('The Firefly III token contains line breaks; paste it again as a single line.');
    // An HTTP header carries visible ASCII only: a zero-width space, an ellipsis or a control character
    // picked up while copying makes fetch throw before any request, which read as "cannot reach".
    const bad = /[^\x21-\x7e]/.exec(token);
    if (bad) {
      const cp = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      throw new FireflyConfigError(
        `The Firefly III token has a character at position ${bad.index + 1} (U+${cp}) that cannot be sent in an HTTP header; a Personal Access Token is visible ASCII only (A–Z, a–z, 0–9 and . _ -). Copy it again from Firefly III.`,
      );
    }
    this.#token = token;
    this.#opt = {
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      exportTimeoutMs: options.exportTimeoutMs ?? DEFAULTS.exportTimeoutMs,
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
      backoffBaseMs: options.backoffBaseMs ?? DEFAULTS.backoffBaseMs,
      backoffMaxMs: options.backoffMaxMs ?? DEFAULTS.backoffMaxMs,
      jitter: options.jitter ?? DEFAULTS.jitter,
      maxConcurrent: Math.max(1, options.maxConcurrent ?? DEFAULTS.maxConcurrent),
      minIntervalMs: Math.max(0, options.minIntervalMs ?? DEFAULTS.minIntervalMs),
      pageSize: options.pageSize ?? DEFAULTS.pageSize,
      maxPages: options.maxPages ?? DEFAULTS.maxPages,
      maxItems: options.maxItems ?? DEFAULTS.maxItems,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
      runDeadlineMs: options.runDeadlineMs ?? DEFAULTS.runDeadlineMs,
      timeZone: options.timeZone ?? systemTimeZone(),
      traceIds: options.traceIds ?? true,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
    };
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#logger = options.logger;
    this.#onRequest = options.onRequest;
    this.#onRetry = options.onRetry;
    this.#limiter = new Limiter(this.#opt.maxConcurrent, this.#opt.minIntervalMs);
  }

  /** Server version learned by `testConnection()` (null before). */
  get serverVersion(): string | null {
    return this.#version;
  }
  /** True when the server predates 6.3.0 (the `native_*` money fields are read instead of `pc_*`). */
  get legacyFields(): boolean {
    return this.#legacyFields;
  }
  get timeZone(): string {
    return this.#opt.timeZone;
  }
  /** Whether a token is configured (it always is once constructed); the token itself is never exposed. */
  get hasToken(): boolean {
    return this.#token.length > 0;
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, token: '[redacted]', serverVersion: this.#version };
  }
  toString(): string {
    return `FireflyClient(${this.baseUrl})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `FireflyClient { baseUrl: '${this.baseUrl}', token: [redacted] }`;
  }

  // ------------------------------------------------------------------------------- endpoints

  /** GET /v1/about: checks URL + token and applies the version gate (§1.14). */
  async testConnection(options: RequestOptions = {}): Promise<ConnectionInfo> {
    const body = await this.getJson('/v1/about', {}, SystemInfoSchema, options);
    const info: SystemInfo = body.data;
    // Server-provided text goes into messages, the status and the snapshot row (server_version): a
    // server that echoes the Authorization header there must not get the token stored or printed.
    const scrub = (s: string | null | undefined) => (s == null ? null : redact(s, this.#token));
    // Every field of SystemInfo is optional in the description and api_version is "the same value as
    // the version field": read it when version is missing. With neither, this is not a Firefly III answer.
    const reported = (info.version ?? '').trim() || (info.api_version ?? '').trim();
    if (!reported) {
      throw new FireflyMalformedResponseError(
        `The server at ${this.baseUrl} answered /v1/about without a version (neither "version" nor "api_version"), which Firefly III always reports. Check that the address is the one you open Firefly III with.`,
        { request: 'GET /v1/about', snippet: this.#snippetOf(body) },
      );
    }
    const version = redact(reported, this.#token);
    const warnings: string[] = [];
    // Older servers numbered their API apart from the release (api_version 2.1.0 beside 6.1.x): an
    // api_version read in place of a missing version below the minimum is no release number, not "too old".
    const fromApiVersion = !(info.version ?? '').trim();
    const numeric = /^v?\d+\.\d+/.test(version) && !(fromApiVersion && compareVersions(version, MINIMUM_VERSION) < 0);
    if (!numeric) {
      warnings.push(`Firefly III reports version "${version.slice(0, 60)}", which is not a release number; assuming a current (≥ ${CURRENT_FIELDS_VERSION}) server.`);
    } else if (compareVersions(version, MINIMUM_VERSION) < 0) {
      throw new FireflyVersionError(
        `Firefly III ${version} is too old for this app (it needs ${MINIMUM_VERSION} or later, ${CURRENT_FIELDS_VERSION}+ recommended). Upgrade Firefly III and try again.`,
        version,
      );
    }
    const legacy = numeric && compareVersions(version, CURRENT_FIELDS_VERSION) < 0;
    if (legacy) {
      warnings.push(
        `Firefly III ${version} predates ${CURRENT_FIELDS_VERSION}: primary-currency amounts are read from the older native_* fields. Upgrade Firefly III for full support.`,
      );
    }
    if (this.baseUrl.startsWith('http://') && !/^http:\/\/(localhost|127\.|\[::1\])/i.test(this.baseUrl)) {
      warnings.push('The Firefly III address uses plain http://, so the access token travels unencrypted. Use https:// if the server is not on this machine.');
    }
    this.#legacyFields = legacy;
    this.#version = version;
    for (const w of warnings) this.#logger?.warn(w);
    return {
      ok: true,
      version,
      apiVersion: scrub(info.api_version),
      phpVersion: scrub(info.php_version),
      os: scrub(info.os),
      driver: scrub(info.driver),
      legacyFields: legacy,
      warnings,
    };
  }

  /** All transaction groups with a split date in [start, end] (inclusive local calendar dates), every page. */
  async listTransactions(options: TransactionListOptions): Promise<TransactionListResult> {
    const period = resolveRange(options.start, options.end, this.#opt.timeZone);
    const type = options.type ?? 'all';
    if (!(TRANSACTION_TYPE_FILTERS as readonly string[]).includes(type)) {
      throw new FireflyDateRangeError(`Unknown transaction type filter "${String(type)}"; use one of ${TRANSACTION_TYPE_FILTERS.join(', ')}.`);
    }
    const seen = new Set<string>();
    let duplicateSplits = 0;
    const res = await this.paginate('/v1/transactions', { start: period.start, end: period.end, type }, TransactionReadSchema, {
      ...options,
      dedupe: (group) => {
        const splits = group.attributes.transactions;
        const kept: unknown[] = [];
        for (const s of splits) {
          const jid = s && typeof s === 'object' ? (s as { transaction_journal_id?: unknown }).transaction_journal_id : undefined;
          const key = jid === undefined || jid === null ? undefined : String(jid);
          if (key !== undefined && seen.has(key)) {
            duplicateSplits += 1;
            continue;
          }
          if (key !== undefined) seen.add(key);
          kept.push(s);
        }
        if (kept.length === 0 && splits.length > 0) return null;
        if (kept.length !== splits.length) return { ...group, attributes: { ...group.attributes, transactions: kept } };
        return group;
      },
    });
    if (duplicateSplits > 0) {
      res.warnings.unshift(
        `Pagination drift: ${plural(duplicateSplits, 'split')} appeared on more than one page (transactions changed in Firefly III during the import); duplicates were removed. Sync again for a consistent snapshot.`,
      );
    }
    return { ...res, period, duplicateSplits };
  }

  /** GET /v1/accounts (paginated); `type` is an AccountTypeFilter such as `asset`. */
  listAccounts(options: PaginateOptions & { type?: string; date?: string } = {}): Promise<PaginatedResult<AccountRead>> {
    return this.paginate('/v1/accounts', { type: options.type, date: options.date }, AccountReadSchema, options);
  }

  /** GET /v1/categories (paginated). */
  listCategories(options: PaginateOptions = {}): Promise<PaginatedResult<CategoryRead>> {
    return this.paginate('/v1/categories', {}, CategoryReadSchema, options);
  }

  /** GET /v1/currencies (paginated). */
  listCurrencies(options: PaginateOptions = {}): Promise<PaginatedResult<CurrencyRead>> {
    return this.paginate('/v1/currencies', {}, CurrencyReadSchema, options);
  }

  /**
   * GET /v1/insight/expense/category: one entry per category *and currency*. Spending is
   * abs(`difference`), exact; `difference_float` is ignored (it may carry rounding errors).
   */
  async insightExpenseByCategory(
    options: RequestOptions & { start: DateInput; end: DateInput; categories?: number[]; accounts?: number[] },
  ): Promise<InsightEntry[]> {
    const period = resolveRange(options.start, options.end, this.#opt.timeZone);
    const body = await this.getJson(
      '/v1/insight/expense/category',
      { start: period.start, end: period.end, 'categories[]': options.categories, 'accounts[]': options.accounts },
      InsightGroupSchema,
      options,
    );
    return body.map((e) => {
      const spent = canonicalAmount(e.difference, 2);
      if (spent === null) {
        throw new FireflyMalformedResponseError(
          `Firefly III returned a non-numeric insight amount ("${e.difference.slice(0, 40)}") for category "${(e.name ?? '').slice(0, 80)}". Check the server logs.`,
          { request: 'GET /v1/insight/expense/category' },
        );
      }
      return { id: e.id ?? null, name: e.name ?? '(no name)', currencyCode: e.currency_code, difference: e.difference, spent };
    });
  }

  /**
   * GET /v1/data/export/transactions?start&end&type=csv[&accounts=1,2] streamed to `destPath`
   * (written to a temp file, renamed on success, removed on failure). Never buffers the body.
   */
  async exportTransactionsCsv(
    destPath: string,
    options: RequestOptions & { start: DateInput; end: DateInput; accounts?: Array<string | number>; maxBytes?: number; onProgress?: (bytes: number) => void },
  ): Promise<{ bytes: number; path: string }> {
    const period = resolveRange(options.start, options.end, this.#opt.timeZone);
    const query: Query = { start: period.start, end: period.end, type: 'csv' };
    if (options.accounts && options.accounts.length > 0) query.accounts = options.accounts.join(',');
    const path = '/v1/data/export/transactions';
    const tmp = `${destPath}.part-${process.pid}-${Date.now()}`;
    const deadline = options.deadline ?? Date.now() + this.#opt.runDeadlineMs;
    for (let attempt = 0; ; attempt += 1) {
      const ctl = this.#attemptController(options.signal, this.#opt.exportTimeoutMs);
      const ticket = await this.#limiter.acquire(options.signal);
      let released = false;
      const release = () => {
        if (!released) {
          released = true;
          this.#limiter.release();
        }
      };
      try {
        const res = await this.#send('GET', path, query, ctl.signal, attempt, ticket, 'application/json, application/octet-stream;q=0.9');
        const ct = res.headers.get('content-type') ?? '';
        if (res.status !== 200 || JSON_TYPE.test(ct) || /text\/html/i.test(ct)) {
          const text = await res.text();
          release();
          const err = this.#classify('GET', path, { status: res.status, headers: res.headers, text }, /*expectJson*/ false);
          if (res.status === 200) {
            throw new FireflyProtocolError(
              `Firefly III answered the export with ${ct || 'no content type'} instead of a file. Check the base URL and that the token may export data.`,
              { status: 200, request: `GET ${path}`, snippet: this.#redacted(text) },
            );
          }
          throw err;
        }
        if (!res.body) throw new FireflyProtocolError('Firefly III sent an empty export.', { request: `GET ${path}` });
        let bytes = 0;
        const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
        const counter = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            bytes += chunk.length;
            if (bytes > maxBytes) {
              cb(new FireflyExportError(`The export is larger than the ${maxBytes}-byte limit; choose a shorter period or fewer accounts.`));
              return;
            }
            options.onProgress?.(bytes);
            cb(null, chunk);
          },
        });
        await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), counter, createWriteStream(tmp, { mode: 0o600 }), {
          signal: ctl.signal,
        });
        release();
        ctl.dispose();
        await rename(tmp, destPath);
        return { bytes, path: destPath };
      } catch (e) {
        release();
        await rm(tmp, { force: true }).catch(() => undefined);
        const err = this.#toFireflyError(e, ctl, path);
        ctl.dispose();
        if (err instanceof FireflyExportError || !err.retryable || attempt >= this.#opt.maxRetries) throw err;
        await this.#backoff(path, attempt, err, deadline, options.signal);
      }
    }
  }

  // ------------------------------------------------------------------------------- generic machinery

  /** GET a JSON document, validate it with `schema`. Retries per §1.7. */
  async getJson<S extends z.ZodType>(path: string, query: Query, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
    const raw = await this.#requestWithRetry('GET', path, query, options);
    const json = this.#parseJson(raw, path);
    return this.#validate(schema, json, path);
  }

  /**
   * Pages through a list endpoint: explicit `limit`, `page=1..n`; stops on an empty page; page and
   * item caps (→ `truncated`); missing meta → one page + warning; per-item zod validation; optional
   * per-item de-duplication; re-reads page 1 at the end to detect drift.
   */
  async paginate<S extends z.ZodType>(
    path: string,
    query: Query,
    itemSchema: S,
    options: PaginateOptions & { dedupe?: (item: z.output<S>) => z.output<S> | null } = {},
  ): Promise<PaginatedResult<z.output<S>>> {
    const maxPages = options.maxPages ?? this.#opt.maxPages;
    const maxItems = options.maxItems ?? this.#opt.maxItems;
    const limit = this.#opt.pageSize;
    const deadline = options.deadline ?? Date.now() + this.#opt.runDeadlineMs;
    const prefetch = Math.max(0, options.prefetch ?? this.#opt.maxConcurrent - 1);
    const run = new AbortController();
    const onUserAbort = () => run.abort(options.signal?.reason);
    if (options.signal?.aborted) throw new FireflyAbortError();
    options.signal?.addEventListener('abort', onUserAbort, { once: true });

    const warnings: string[] = [];
    const items: Array<z.output<S>> = [];
    const seenIds = new Set<string>();
    let invalidItems = 0;
    let truncated = false;
    let pagesDone = 0;
    let firstTotal: number | null = null;
    let totalPages: number | null = null;
    const inflight = new Map<number, Promise<unknown>>();

    const fetchPage = (page: number): Promise<unknown> => {
      const p = this.#requestWithRetry('GET', path, { ...query, limit, page }, { signal: run.signal, deadline }).then((raw) =>
        this.#parseJson(raw, path),
      );
      p.catch(() => undefined); // observed later; avoid unhandled rejections of abandoned prefetches
      return p;
    };

    try {
      let page = 1;
      let nextToRequest = 2;
      for (;;) {
        if (options.signal?.aborted) throw new FireflyAbortError();
        if (!inflight.has(page)) inflight.set(page, fetchPage(page));
        nextToRequest = Math.max(nextToRequest, page + 1);
        if (totalPages !== null) {
          const upper = Math.min(totalPages, maxPages, page + prefetch);
          while (nextToRequest <= upper) {
            inflight.set(nextToRequest, fetchPage(nextToRequest));
            nextToRequest += 1;
          }
        }
        const json = await inflight.get(page)!;
        inflight.delete(page);
        const env = ListEnvelopeSchema.safeParse(json);
        if (!env.success) {
          throw new FireflyMalformedResponseError(
            `Firefly III returned page ${page} of ${path} without a "data" list. Check that the base URL points at Firefly III.`,
            { request: `GET ${path}`, snippet: this.#snippetOf(json) },
          );
        }
        const meta = this.#readMeta(env.data.meta, path, page);
        pagesDone += 1;
        if (page === 1) firstTotal = meta?.total ?? null;
        if (meta === null) {
          if (page === 1) warnings.push(`Firefly III sent no pagination data for ${path}; treated the answer as a single page.`);
          totalPages = page;
        } else {
          totalPages = meta.totalPages;
        }

        if (env.data.data.length === 0) {
          if (totalPages !== null && page < totalPages) {
            warnings.push(
              `Firefly III returned an empty page ${page} of ${path} although it reported ${totalPages} pages; stopped there. Data may have changed during the import; sync again to be sure.`,
            );
          }
          break;
        }
        for (const raw of env.data.data) {
          const parsed = itemSchema.safeParse(raw);
          if (!parsed.success) {
            invalidItems += 1;
            continue;
          }
          let item = parsed.data as z.output<S>;
          const id = (item as { id?: unknown }).id;
          if (options.dedupe) {
            const d = options.dedupe(item);
            if (d === null) continue;
            item = d;
          } else if (typeof id === 'string') {
            if (seenIds.has(id)) continue;
            seenIds.add(id);
          }
          items.push(item);
        }
        options.onPage?.({ path, page, totalPages, items: items.length });
        if (items.length >= maxItems) {
          if (totalPages !== null && page < totalPages) {
            truncated = true;
            warnings.push(`Stopped after ${items.length} items of ${path} (the import cap is ${maxItems}); the data is incomplete. Choose a shorter period.`);
          }
          break;
        }
        if (totalPages === null || page >= totalPages) break;
        if (page >= maxPages) {
          truncated = true;
          warnings.push(`Stopped after ${maxPages} pages of ${path} although Firefly III reported ${totalPages}; the data is incomplete. Choose a shorter period.`);
          break;
        }
        page += 1;
      }

      if ((options.verifyTotal ?? true) && pagesDone > 1 && firstTotal !== null) {
        const again = await fetchPage(1);
        const env = ListEnvelopeSchema.safeParse(again);
        const meta = env.success ? this.#readMeta(env.data.meta, path, 1) : null;
        if (meta && meta.total !== null && meta.total !== firstTotal) {
          warnings.push(
            `Pagination drift: ${path} reported ${firstTotal} items at the start and ${meta.total} at the end (data changed in Firefly III during the import). Sync again for a consistent snapshot.`,
          );
        }
      }
      if (invalidItems > 0) {
        warnings.push(`${plural(invalidItems, 'item')} of ${path} did not match the Firefly III API description and ${wasWere(invalidItems)} skipped.`);
      }
      return { items, warnings, truncated, pages: pagesDone, total: firstTotal, invalidItems };
    } catch (e) {
      if (options.signal?.aborted) throw new FireflyAbortError();
      throw e;
    } finally {
      options.signal?.removeEventListener('abort', onUserAbort);
      run.abort(); // cancel abandoned prefetches
    }
  }

  #readMeta(meta: unknown, path: string, page: number): { total: number | null; totalPages: number; currentPage: number } | null {
    if (!meta || typeof meta !== 'object') return null;
    const pg = (meta as { pagination?: unknown }).pagination;
    if (!pg || typeof pg !== 'object') return null;
    const p = pg as Record<string, unknown>;
    const fields = ['total', 'count', 'per_page', 'current_page', 'total_pages'] as const;
    for (const f of fields) {
      const v = p[f];
      if (v === undefined) continue;
      if (!isInt(v) || v < 0) {
        throw new FireflyPaginationError(
          `Firefly III sent invalid pagination data (${f}=${JSON.stringify(v).slice(0, 40)}) on page ${page} of ${path}. This is a server problem; check Firefly III's logs or upgrade it.`,
          { request: `GET ${path}` },
        );
      }
    }
    // Every pagination field is optional in the API description; `total_pages` alone says how far to
    // page (`total` only feeds the drift check), so a server that leaves `total` out is still read whole.
    if (!isInt(p.total_pages)) return null;
    // Firefly III echoes the page asked for (LengthAwarePaginator). Another page number means something
    // in between (a proxy or cache that drops the query string) answered page 1 again: reading on would
    // keep page 1 only, reported as "drift", so refuse instead.
    if (isInt(p.current_page) && p.current_page !== page) {
      throw new FireflyPaginationError(
        `Firefly III answered page ${p.current_page} when asked for page ${page} of ${path}, so the list cannot be read whole. A proxy or cache between this app and Firefly III probably drops or ignores the query string (page, limit, start, end); use Firefly III's own address or fix the proxy.`,
        { request: `GET ${path}` },
      );
    }
    return { total: isInt(p.total) ? p.total : null, totalPages: p.total_pages, currentPage: isInt(p.current_page) ? p.current_page : page };
  }

  #attemptController(userSignal: AbortSignal | undefined, timeoutMs: number) {
    const ctl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort(new Error('timeout'));
    }, timeoutMs);
    const onAbort = () => ctl.abort(userSignal?.reason);
    if (userSignal?.aborted) ctl.abort(userSignal.reason);
    else userSignal?.addEventListener('abort', onAbort, { once: true });
    return {
      signal: ctl.signal,
      get timedOut() {
        return timedOut;
      },
      get userAborted() {
        return userSignal?.aborted === true;
      },
      timeoutMs,
      dispose() {
        clearTimeout(timer);
        userSignal?.removeEventListener('abort', onAbort);
      },
    };
  }

  #url(path: string, query: Query): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) params.append(k, String(x));
      else params.append(k, String(v));
    }
    const qs = params.toString();
    return `${this.baseUrl}/api${path}${qs ? `?${qs}` : ''}`;
  }

  async #send(method: string, path: string, query: Query, signal: AbortSignal, attempt: number, ticket: number, accept = 'application/json'): Promise<Response> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#token}`,
      Accept: accept,
    };
    let traceId: string | undefined;
    if (this.#opt.traceIds) {
      traceId = randomUUID();
      headers['X-Trace-Id'] = traceId;
    }
    this.#onRequest?.({ method, path, attempt, traceId });
    this.#logger?.debug?.(`firefly ${method} ${path} attempt ${attempt + 1}${traceId ? ` trace ${traceId}` : ''}`);
    const res = await this.#fetch(this.#url(path, query), { method, headers, redirect: 'manual', signal });
    this.#limiter.observe(ticket, res.status, res.headers, this.#opt.maxRetryAfterMs);
    return res;
  }

  async #requestWithRetry(method: 'GET', path: string, query: Query, options: RequestOptions): Promise<RawResponse> {
    const deadline = options.deadline ?? Date.now() + this.#opt.runDeadlineMs;
    for (let attempt = 0; ; attempt += 1) {
      if (options.signal?.aborted) throw new FireflyAbortError();
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new FireflyTimeoutError(`The Firefly III import ran past its overall time limit while requesting ${path}. Try a shorter period, or check the server's speed.`, {
          request: `${method} ${path}`,
        });
      }
      const ticket = await this.#limiter.acquire(options.signal);
      const ctl = this.#attemptController(options.signal, Math.min(this.#opt.timeoutMs, remaining));
      let err: FireflyError;
      try {
        const res = await this.#send(method, path, query, ctl.signal, attempt, ticket);
        const text = await res.text();
        const raw: RawResponse = { status: res.status, headers: res.headers, text };
        if (res.status >= 200 && res.status < 300) {
          this.#checkJsonType(raw, path);
          return raw;
        }
        err = this.#classify(method, path, raw, true);
      } catch (e) {
        err = this.#toFireflyError(e, ctl, path);
      } finally {
        ctl.dispose();
        this.#limiter.release();
      }
      if (!err.retryable || method !== 'GET' || attempt >= this.#opt.maxRetries) {
        if (err.retryable && attempt >= this.#opt.maxRetries) throw this.#exhausted(err, path, attempt + 1);
        throw err;
      }
      await this.#backoff(path, attempt, err, deadline, options.signal);
    }
  }

  async #backoff(path: string, attempt: number, err: FireflyError, deadline: number, signal?: AbortSignal): Promise<void> {
    let delay: number;
    const ra = err instanceof FireflyRateLimitError ? err.retryAfterMs : undefined;
    if (ra !== undefined) {
      if (ra > this.#opt.maxRetryAfterMs || Date.now() + ra > deadline) {
        throw new FireflyRateLimitError(
          `Firefly III asked to wait ${Math.ceil(ra / 1000)} s before the next request, longer than this import may wait. Try again in a few minutes.`,
          { status: err.status, request: err.request, retryAfterMs: ra },
        );
      }
      delay = ra;
    } else {
      const base = Math.min(this.#opt.backoffMaxMs, this.#opt.backoffBaseMs * 2 ** attempt);
      const j = this.#opt.jitter;
      delay = Math.max(0, Math.round(base * (1 - j + 2 * j * this.#opt.random())));
      if (Date.now() + delay > deadline) throw this.#exhausted(err, path, attempt + 1);
    }
    this.#onRetry?.({ path, attempt: attempt + 1, delayMs: delay, reason: `${err.code}${err.status ? ` HTTP ${err.status}` : ''}` });
    this.#logger?.debug?.(`firefly retry ${path} in ${delay} ms after ${err.code}`);
    await this.#opt.sleep(delay, signal);
  }

  #exhausted(err: FireflyError, path: string, attempts: number): FireflyError {
    const where = `${this.baseUrl}`;
    const details = { status: err.status, request: err.request ?? `GET ${path}`, cause: err };
    if (err instanceof FireflyRateLimitError) {
      return new FireflyRateLimitError(`Firefly III kept rate-limiting requests (${attempts} attempts). Wait a minute and try again.`, details);
    }
    if (err instanceof FireflyTimeoutError) {
      return new FireflyTimeoutError(`Firefly III at ${where} did not answer ${path} in time after ${attempts} attempts. Check that the server is running and not overloaded, then try again.`, details);
    }
    if (err instanceof FireflyServerError) {
      return new FireflyServerError(
        `Firefly III at ${where} kept failing with HTTP ${err.status ?? '5xx'} (${attempts} attempts). The server may be restarting or broken; check its logs and try again later.`,
        details,
      );
    }
    if (err instanceof FireflyConnectionResetError) {
      return new FireflyConnectionResetError(`The connection to Firefly III at ${where} kept dropping (${attempts} attempts). Check the network or proxy and try again.`, details);
    }
    return new FireflyUnavailable(`Cannot reach Firefly III at ${where} (${attempts} attempts). Check that it is running and the URL is right.`, details);
  }

  #toFireflyError(e: unknown, ctl: { timedOut: boolean; userAborted: boolean; timeoutMs: number }, path: string): FireflyError {
    if (e instanceof FireflyError) return e;
    if (ctl.userAborted) return new FireflyAbortError();
    if (ctl.timedOut) {
      return new FireflyTimeoutError(`Firefly III did not answer ${path} within ${Math.round(ctl.timeoutMs / 1000)} s.`, { request: `GET ${path}` });
    }
    const code = errCode(e);
    const request = `GET ${path}`;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new FireflyUnavailable(`The Firefly III host in ${this.baseUrl} could not be found (DNS). Check the URL.`, { request });
    }
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
      return new FireflyConnectionResetError(`The connection to Firefly III at ${this.baseUrl} was reset while reading ${path}.`, { request });
    }
    if (code === 'ECONNREFUSED') {
      return new FireflyUnavailable(`Firefly III at ${this.baseUrl} refused the connection. Check that it is running and the URL and port are right.`, { request });
    }
    if (code && /CERT|SSL|TLS|SELF_SIGNED/i.test(code)) {
      const err = new FireflyUnavailable(`The TLS certificate of ${this.baseUrl} was rejected (${code}). Fix the certificate or use a trusted one.`, { request });
      return Object.assign(err, { retryable: false }) as FireflyError;
    }
    return new FireflyUnavailable(`Cannot reach Firefly III at ${this.baseUrl}${code ? ` (${code})` : ''}. Check that it is running and the URL is right.`, { request });
  }

  #checkJsonType(raw: RawResponse, path: string): void {
    const ct = raw.headers.get('content-type') ?? '';
    if (!JSON_TYPE.test(ct)) {
      const html = /text\/html/i.test(ct) || /^\s*<(!doctype|html)/i.test(raw.text);
      throw new FireflyProtocolError(
        html
          ? `Firefly III returned a web page instead of JSON for ${path} (non-JSON response; check Accept header/base URL). The URL probably points at the login page or a proxy; use the address of Firefly III itself.`
          : `Firefly III returned ${ct || 'no content type'} instead of JSON for ${path} (non-JSON response; check Accept header/base URL).`,
        { status: raw.status, request: `GET ${path}`, snippet: this.#redacted(raw.text) },
      );
    }
  }

  #parseJson(raw: RawResponse, path: string): unknown {
    try {
      return JSON.parse(raw.text);
    } catch {
      throw new FireflyMalformedResponseError(
        `Firefly III sent malformed or truncated JSON for ${path} (${raw.text.length} bytes). Nothing from this import was used; try again, and check the server or proxy if it repeats.`,
        { status: raw.status, request: `GET ${path}`, snippet: this.#redacted(raw.text) },
      );
    }
  }

  #validate<S extends z.ZodType>(schema: S, json: unknown, path: string): z.output<S> {
    const r = schema.safeParse(json);
    if (r.success) return r.data;
    const err = ErrorBodySchema.safeParse(json);
    if (err.success && err.data.message && err.data.exception) {
      throw new FireflyErrorInBodyError(`Firefly III answered ${path} with an error inside a success response: ${this.#redacted(err.data.message, 200)}.`, {
        request: `GET ${path}`,
        snippet: this.#snippetOf(json),
      });
    }
    const issue = r.error.issues[0];
    throw new FireflyMalformedResponseError(
      `Firefly III's answer to ${path} does not match the API description (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}). Check the base URL and the Firefly III version.`,
      { request: `GET ${path}`, snippet: this.#snippetOf(json) },
    );
  }

  /** Up to 2 KB of a parsed body for diagnostics, with the token removed (a server may echo it back). */
  #snippetOf(json: unknown): string {
    return this.#redacted(JSON.stringify(json) ?? '');
  }

  /**
   * Server text for an error or a log: the token removed first, then cut to `max` characters (cut
   * first, a token straddling the cut would survive as a prefix).
   */
  #redacted(text: string, max = 2048): string {
    return redact(text, this.#token).slice(0, max);
  }

  /** Maps a non-2xx response to a typed error (retryable where §1.7 says so). */
  #classify(method: string, path: string, raw: RawResponse, _expectJson: boolean): FireflyError {
    const { status, headers } = raw;
    const request = `${method} ${path}`;
    const snippet = this.#redacted(raw.text);
    let body: z.infer<typeof ErrorBodySchema> | null = null;
    const ct = headers.get('content-type') ?? '';
    if (JSON_TYPE.test(ct)) {
      try {
        const p = ErrorBodySchema.safeParse(JSON.parse(raw.text));
        if (p.success) body = p.data;
      } catch {
        /* ignore */
      }
    }
    const serverMsg = body?.message ? ` Firefly III said: "${this.#redacted(body.message, 200)}".` : '';
    if (status >= 300 && status < 400) {
      const loc = headers.get('location') ?? '';
      const where = loc ? ` to ${this.#redacted(loc, 200)}` : '';
      // A server that wants https (APP_URL, or a proxy) redirects http://host/api/… to https://host/api/….
      const https = httpsBaseOf(this.baseUrl, loc);
      if (https) {
        return new FireflyProtocolError(`Firefly III redirected ${path}${where}: it answers on https only. Set the URL to ${https} (requests are not re-sent to another address, so the token stays where you put it).`, { status, request, snippet });
      }
      return new FireflyProtocolError(
        `Firefly III redirected ${path}${where} instead of answering (non-JSON response; check Accept header/base URL). The URL is probably wrong or points at the login page; use the address you open Firefly III with (without /login).`,
        { status, request, snippet },
      );
    }
    if (status === 401) {
      // Firefly III (Laravel) answers an API 401 with JSON {message, exception}. Another service (the
      // workbench's own serve, a proxy with its own sign-in, an HTML login page) also says 401, and
      // "create a new token" then sent the user round in circles: say the address is the suspect.
      if (!body?.message && !body?.exception) {
        const what = JSON_TYPE.test(ct) ? 'a JSON body without Firefly III\'s "message"' : /text\/html/i.test(ct) || /^\s*</.test(raw.text) ? 'a web page' : ct ? ct : 'an empty body';
        return new FireflyAuthError(
          `The server at ${this.baseUrl} refused ${path} with 401, but not the way Firefly III does (it sent ${what}), so the Firefly III address probably points at another service or at a proxy with its own sign-in. Check the Firefly III address: use the one you open Firefly III with. If the address is right, the token is wrong: ${NEW_TOKEN_ADVICE.charAt(0).toLowerCase()}${NEW_TOKEN_ADVICE.slice(1)}`,
          { status, request, snippet },
        );
      }
      // Firefly III's Authenticate middleware says "Blocked account." when the token is valid but its
      // user is blocked (by an administrator, or until an e-mail change is confirmed): a new token
      // cannot help. Other messages than "Unauthenticated." are OAuth hints (e.g. a revoked token): quoted.
      const said = (body?.message ?? '').trim();
      if (/^blocked account\.?$/i.test(said)) {
        return new FireflyAuthError(
          `Firefly III accepted the access token but refused its user (401 "Blocked account."): the user is blocked in Firefly III, so a new token will not help. An administrator unblocks the user in Firefly III's user management (/admin/users); if the user changed their e-mail address, the change is confirmed with the link Firefly III e-mailed. Then test the connection again.`,
          { status, request },
        );
      }
      const hint = said && !/^unauthenticated\.?$/i.test(said) ? ` Firefly III said: "${this.#redacted(said, 200)}".` : '';
      return new FireflyAuthError(
        `Firefly III rejected the access token (401 Unauthenticated): it is wrong, expired or revoked.${hint} ${NEW_TOKEN_ADVICE}`,
        { status, request },
      );
    }
    if (status === 403) {
      return new FireflyPermissionError(
        `Firefly III refused ${path} (403 Forbidden): the token's user lacks permission for this data (user-group role).${serverMsg} Use a token of a user with read access to this financial administration.`,
        { status, request },
      );
    }
    if (status === 404) {
      return new FireflyNotFoundError(
        path === '/v1/about'
          ? `Firefly III's API was not found at ${this.baseUrl}/api/v1/about (404). The base URL is probably wrong; use the address you open Firefly III with.`
          : `Firefly III has no ${path} (404).${serverMsg} The server may be too old for this feature, or the base URL is wrong.`,
        { status, request },
      );
    }
    if (status === 400 || status === 422) {
      const errors: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(body?.errors ?? {})) errors[k] = Array.isArray(v) ? v : [v];
      const list = Object.entries(errors)
        .map(([k, v]) => `${k}: ${v.join(' ')}`)
        .join('; ');
      return new FireflyValidationError(
        `Firefly III rejected the request to ${path} (${status}).${list ? ` ${list}.` : serverMsg} Correct the named fields and try again.`,
        errors,
        { status, request },
      );
    }
    if (status === 429 || (status === 500 && /ThrottleRequestsException/.test(body?.exception ?? '') ) || (status === 500 && /ThrottleRequestsException/.test(raw.text))) {
      const retryAfterMs = rateLimitState(headers).waitMs ?? undefined;
      return new FireflyRateLimitError(`Firefly III is rate-limiting requests (${status}).`, { status, request, retryAfterMs });
    }
    if (status === 406) {
      // Firefly III's AcceptHeaders middleware (406 BadHttpHeaderException) refuses an Accept header that
      // names none of its types. This client always sends application/json, so a 406 means a proxy or
      // gateway in between rewrote the header; retrying or a new token cannot help.
      return new FireflyProtocolError(
        `Firefly III refused the request's Accept header (406 Not Acceptable).${serverMsg} This app sends "Accept: application/json", so something between it and Firefly III (a proxy or gateway) changed that header: use Firefly III's own address, or let the proxy pass the Accept header through unchanged.`,
        { status, request, snippet },
      );
    }
    if (status === 408) {
      return new FireflyTimeoutError(`Firefly III timed out on ${path} (408).`, { status, request });
    }
    if (status === 500 || status === 502 || status === 503 || status === 504) {
      return new FireflyServerError(`Firefly III failed on ${path} with HTTP ${status}.${serverMsg}`, { status, request, snippet });
    }
    if (status >= 500) {
      const e = new FireflyServerError(`Firefly III failed on ${path} with HTTP ${status}.${serverMsg} Check the server logs.`, { status, request, snippet });
      return Object.assign(e, { retryable: false }) as FireflyError;
    }
    return new FireflyProtocolError(`Firefly III answered ${path} with unexpected HTTP ${status}.${serverMsg} Check the base URL and the server version.`, {
      status,
      request,
      snippet,
    });
  }
}

/** The https form of an http base URL when `location` is the same address on https, else null. */
export function httpsBaseOf(baseUrl: string, location: string): string | null {
  try {
    const base = new URL(baseUrl);
    const to = new URL(location, baseUrl);
    if (base.protocol !== 'http:' || to.protocol !== 'https:' || to.hostname !== base.hostname) return null;
    const https = new URL(baseUrl);
    https.protocol = 'https:';
    https.port = to.port;
    return https.href.replace(/\/$/, '');
  } catch {
    return null;
  }
}
