/**
 * Firefly III bridge services used by the API handlers, the CLI and the scheduler: credentials
 * (SecretStore, env), connection test, sync with a persisted status, the mapping coverage and the
 * calibration (the one shared implementation in src-shared/projections/calibration).
 *
 * The token only ever lives in memory, in the SecretStore and in the Authorization header. Every
 * message leaving this module goes through `redactToken` as a second line of defence.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ApiError } from '../../src-shared/api/define';
import type { CalibrationReport } from '../../src-shared/api/projections';
import { DEFAULT_PARAMS } from '../../src-shared/engine';
import type { NormalizedTransaction } from '../../src-shared/finance/transactions';
import { aggregateWeekly } from '../../src-shared/projections/calibration/weekly';
import { mapCategories, type CategoryMappingResult } from '../../src-shared/projections/calibration/categories';
import { calibrate, CalibrationError, type CalibrationResult } from '../../src-shared/projections/calibration/calibrate';
import type { AppContext } from '../context';
import { FireflyClient, normalizeBaseUrl, type ConnectionInfo, type FireflyClientOptions } from './client';
import {
  FileSecretStore,
  resolveFireflyCredentials,
  SECRET_NAMES,
  storeText,
  type CredentialSource,
  type FireflyCredentials,
  type SecretStore,
} from './credentials';
import { addDays, assertTimeZone, isCalendarDate, systemTimeZone, toLocalDate } from './dates';
import {
  FireflyAbortError,
  FireflyAuthError,
  FireflyConfigError,
  FireflyCurrencyError,
  FireflyDataQualityError,
  FireflyDateRangeError,
  FireflyError,
  FireflyNoDataError,
  FireflyNotFoundError,
  FireflyPermissionError,
  FireflySyncStateError,
  FireflyUnavailable,
  FireflyValidationError,
  FireflyVersionError,
} from './errors';
import { calibrationReportOf, inUsd } from '../api/handlers/projections';
import { loadCategoryRules } from './rules';
import { calibrationReportFiles, compareWithSimulation, varianceRecommendations, type SimulationComparison } from './report';
import { getSnapshot, getSyncDelta, listSnapshots, loadCalibrationInput, loadSnapshotTransactions, syncFirefly, type SyncProgress, type SyncResult } from './sync';
import { makeDirs } from '../fs/makeDirs';

type App = Pick<AppContext, 'db' | 'dataDir' | 'settings'>;

// ------------------------------------------------------------------------------------ secrets

type SecretStoreFactory = (app: App) => SecretStore;
const defaultFactory: SecretStoreFactory = (app) => new FileSecretStore(app.dataDir);
let factory: SecretStoreFactory = defaultFactory;
const stores = new WeakMap<object, SecretStore>();

/**
 * The SecretStore for this app context. serve/CLI: FileSecretStore under `<dataDir>/secrets/` (0600).
 * The Electron main process calls `setSecretStoreFactory(() => safeStorageStore)` before any call.
 */
export function secretStoreFor(app: App): SecretStore {
  let s = stores.get(app);
  if (!s) {
    s = factory(app);
    stores.set(app, s);
  }
  return s;
}

export function setSecretStoreFactory(f: SecretStoreFactory | null): void {
  factory = f ?? defaultFactory;
}

// ------------------------------------------------------------------------------------ errors

const knownTokens = new Set<string>();
function remember(token: string) {
  if (token && token.length >= 4) knownTokens.add(token);
}
/** Removes any token this process has seen from a message. */
export function redactToken(text: string): string {
  let out = text;
  for (const t of knownTokens) out = out.split(t).join('[redacted]');
  return out;
}

/** Maps bridge errors to API errors with an actionable message (and never the token). */
export function toApiError(e: unknown): Error {
  if (e instanceof ApiError) return new ApiError(e.code, redactToken(e.message), e.issues);
  const msg = redactToken(e instanceof Error ? e.message : String(e));
  if (e instanceof FireflyAbortError) return new ApiError('cancelled', 'The Firefly III sync was cancelled; nothing was saved and the previous snapshot is intact.');
  if (e instanceof FireflyConfigError || e instanceof FireflyDateRangeError) return new ApiError('invalid_input', msg);
  if (e instanceof FireflyAuthError) return new ApiError('unauthorized', msg); // the client's message already says what to do
  if (e instanceof FireflyPermissionError) return new ApiError('forbidden', msg);
  if (e instanceof FireflySyncStateError) return new ApiError('conflict', msg);
  if (e instanceof FireflyNoDataError) return new ApiError('not_found', msg);
  // F13: a currency the snapshot has no spending in is the caller's input (as a CSV's missing currency is).
  if (e instanceof FireflyCurrencyError) return new ApiError('invalid_input', msg, [{ path: 'currency', message: msg }]);
  if (e instanceof FireflyValidationError || e instanceof FireflyDataQualityError || e instanceof FireflyVersionError) return new ApiError('invalid_input', msg);
  if (e instanceof FireflyNotFoundError) return new ApiError('unavailable', msg);
  if (e instanceof FireflyUnavailable || e instanceof FireflyError) return new ApiError('unavailable', msg);
  if (e instanceof CalibrationError) return new ApiError('invalid_input', `calibration: ${msg}`);
  if (e instanceof Error && e.name === 'ZodError') return e;
  return new ApiError('internal', msg);
}

// ------------------------------------------------------------------------------------ state

export const SYNC_STATE_KEY = 'fireflySyncState';

export interface SyncState {
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastSnapshotId: number | null;
  trigger: 'manual' | 'schedule' | 'cli' | null;
}

const EMPTY_STATE: SyncState = { lastAttemptAt: null, lastSuccessAt: null, lastError: null, lastSnapshotId: null, trigger: null };

export function readSyncState(db: Database.Database): SyncState {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SYNC_STATE_KEY) as { value: string } | undefined;
  if (!row) return { ...EMPTY_STATE };
  try {
    const v = JSON.parse(row.value) as Partial<SyncState>;
    return {
      lastAttemptAt: typeof v.lastAttemptAt === 'string' ? v.lastAttemptAt : null,
      lastSuccessAt: typeof v.lastSuccessAt === 'string' ? v.lastSuccessAt : null,
      lastError: typeof v.lastError === 'string' ? v.lastError : null,
      lastSnapshotId: typeof v.lastSnapshotId === 'number' ? v.lastSnapshotId : null,
      trigger: v.trigger === 'manual' || v.trigger === 'schedule' || v.trigger === 'cli' ? v.trigger : null,
    };
  } catch {
    return { ...EMPTY_STATE };
  }
}

function writeSyncState(db: Database.Database, s: SyncState): void {
  db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(SYNC_STATE_KEY, JSON.stringify(s));
}

// ------------------------------------------------------------------------------------ credentials / client

export interface BridgeOptions {
  env?: Record<string, string | undefined>;
  /** Extra client options (tests). */
  clientOptions?: Partial<FireflyClientOptions>;
}

/** The environment with empty values dropped (an empty FIREFLY_URL must not hide the stored URL). */
function envOf(o?: BridgeOptions): Record<string, string | undefined> {
  const src = o?.env ?? process.env;
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(src)) if (v !== undefined && v.trim() !== '') out[k] = v;
  return out;
}

/** Client options from the environment (tests and slow servers): WORKBENCH_FIREFLY_MIN_INTERVAL_MS, WORKBENCH_FIREFLY_BACKOFF_MS. */
function envClientOptions(env: Record<string, string | undefined>): Partial<FireflyClientOptions> {
  const out: Partial<FireflyClientOptions> = {};
  const num = (k: string) => {
    const v = env[k];
    if (v === undefined || v.trim() === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  const mi = num('WORKBENCH_FIREFLY_MIN_INTERVAL_MS');
  if (mi !== undefined) out.minIntervalMs = mi;
  const bo = num('WORKBENCH_FIREFLY_BACKOFF_MS');
  if (bo !== undefined) out.backoffBaseMs = bo;
  return out;
}

export async function resolveCredentials(app: App, o?: BridgeOptions): Promise<FireflyCredentials> {
  const creds = await resolveFireflyCredentials({ env: envOf(o), store: secretStoreFor(app), storedUrl: app.settings.get().fireflyUrl });
  remember(creds.token);
  return creds;
}

export function clientFor(app: App, creds: { baseUrl: string; token: string }, o?: BridgeOptions): FireflyClient {
  remember(creds.token);
  return new FireflyClient({
    baseUrl: creds.baseUrl,
    token: creds.token,
    timeZone: timeZoneOf(app),
    ...envClientOptions(envOf(o)),
    ...o?.clientOptions,
  });
}

function timeZoneOf(app: App): string {
  return effectiveTimeZone(app.settings.get().fireflyTimeZone);
}

/** The zone Firefly calendar dates use: the setting, or (empty, the default, or invalid) this computer's zone (§1.8). */
export function effectiveTimeZone(tz: string): string {
  try {
    return tz ? assertTimeZone(tz) : systemTimeZone();
  } catch {
    return systemTimeZone();
  }
}

// ------------------------------------------------------------------------------------ status / connect

export interface FireflyStatus {
  configured: boolean;
  source: CredentialSource | 'none';
  notice: string;
  url: string | null;
  tokenStored: boolean;
  schedule: 'off' | 'hourly' | 'daily' | 'weekly';
  timeZone: string;
  sync: SyncState;
  lastSnapshot: { id: number; createdAt: string; period: { start: string; end: string }; groups: number; transactions: number } | null;
}

export async function fireflyStatus(app: App, o?: BridgeOptions): Promise<FireflyStatus> {
  const settings = app.settings.get();
  const store = secretStoreFor(app);
  let tokenStored = false;
  try {
    tokenStored = (await store.get(SECRET_NAMES.fireflyToken)) !== null;
  } catch {
    tokenStored = false;
  }
  let configured = false;
  let source: FireflyStatus['source'] = 'none';
  let notice = 'Not connected: enter the Firefly III address and a Personal Access Token, or set FIREFLY_URL and FIREFLY_TOKEN.';
  let url: string | null = settings.fireflyUrl;
  try {
    const c = await resolveCredentials(app, o);
    configured = true;
    source = c.source;
    notice = c.notice;
    url = c.baseUrl;
  } catch (e) {
    if (!(e instanceof FireflyConfigError)) notice = redactToken((e as Error).message);
    else if (tokenStored || envOf(o).FIREFLY_TOKEN || envOf(o).FIREFLY_TOKEN_FILE) notice = redactToken(e.message);
  }
  const snap = listSnapshots(app.db, 1)[0] ?? null;
  return {
    configured,
    source,
    notice,
    url,
    tokenStored,
    schedule: settings.fireflySchedule,
    timeZone: timeZoneOf(app),
    sync: readSyncState(app.db),
    lastSnapshot: snap ? { id: snap.id, createdAt: snap.createdAt, period: snap.period, groups: snap.groups, transactions: snap.transactions } : null,
  };
}

export interface TestResult {
  ok: true;
  url: string;
  version: string;
  apiVersion: string | null;
  legacyFields: boolean;
  warnings: string[];
  source: CredentialSource | 'input';
}

function testOut(info: ConnectionInfo, url: string, source: TestResult['source']): TestResult {
  return { ok: true, url, version: info.version, apiVersion: info.apiVersion, legacyFields: info.legacyFields, warnings: info.warnings.map(redactToken), source };
}

/** Tests the given URL + token (GET /v1/about with the version gate) or, without input, the configured credentials. */
export async function fireflyTest(app: App, input: { url?: string; token?: string }, signal?: AbortSignal, o?: BridgeOptions): Promise<TestResult> {
  try {
    if (input.token !== undefined || input.url !== undefined) {
      if (!input.url || !input.token) throw new FireflyConfigError('Give both the Firefly III address and the Personal Access Token to test them.');
      remember(input.token.trim());
      const baseUrl = normalizeBaseUrl(input.url);
      const info = await clientFor(app, { baseUrl, token: input.token }, o).testConnection({ signal });
      return testOut(info, baseUrl, 'input');
    }
    const c = await resolveCredentials(app, o);
    const info = await clientFor(app, c, o).testConnection({ signal });
    return testOut(info, c.baseUrl, c.source);
  } catch (e) {
    throw toApiError(e);
  }
}

/** Tests, then stores the token in the SecretStore and the (non-secret) URL in settings. */
export async function fireflyConnect(app: App, input: { url: string; token: string }, signal?: AbortSignal, o?: BridgeOptions): Promise<TestResult & { stored: true; notice: string }> {
  const token = input.token.trim();
  if (!token) throw new ApiError('invalid_input', 'token: paste the Firefly III Personal Access Token (it is empty).', [{ path: 'token', message: 'empty' }]);
  if (/\s/.test(token)) throw new ApiError('invalid_input', 'token: the token must be one line without spaces; copy it again from Firefly III.', [{ path: 'token', message: 'contains whitespace' }]);
  let baseUrl: string;
  try {
    baseUrl = normalizeBaseUrl(input.url);
  } catch (e) {
    throw toApiError(e);
  }
  const result = await fireflyTest(app, { url: baseUrl, token }, signal, o);
  const store = secretStoreFor(app);
  try {
    await store.set(SECRET_NAMES.fireflyToken, token);
    await store.set(SECRET_NAMES.fireflyUrl, baseUrl);
  } catch (e) {
    throw new ApiError('internal', `The token could not be stored: ${redactToken((e as Error).message)}`);
  }
  app.settings.set({ fireflyUrl: baseUrl });
  const env = envOf(o);
  const shadow = env.FIREFLY_TOKEN || env.FIREFLY_TOKEN_FILE;
  return {
    ...result,
    stored: true,
    notice: shadow
      ? 'Token stored. Note: FIREFLY_TOKEN/FIREFLY_TOKEN_FILE is set in the environment and takes precedence over the stored token.'
      : `Token stored in ${storeText(store)}. It is never shown again, logged or exported.`,
  };
}

export async function fireflyDisconnect(app: App): Promise<{ removed: boolean }> {
  const store = secretStoreFor(app);
  const had = (await store.get(SECRET_NAMES.fireflyToken).catch(() => null)) !== null;
  await store.delete(SECRET_NAMES.fireflyToken);
  await store.delete(SECRET_NAMES.fireflyUrl);
  return { removed: had };
}

// ------------------------------------------------------------------------------------ sync

export const DEFAULT_SYNC_DAYS = 90;

/** Inclusive period: `since`/`until` as YYYY-MM-DD; default the last 90 days up to today (local). */
export function syncPeriod(timeZone: string, since?: string, until?: string, now: Date = new Date()): { start: string; end: string } {
  for (const [k, v] of [['since', since], ['until', until]] as const) {
    if (v !== undefined && !isCalendarDate(v)) throw new ApiError('invalid_input', `${k}: "${v.slice(0, 40)}" is not a calendar date; use YYYY-MM-DD (e.g. 2026-01-31).`, [{ path: k, message: 'expected YYYY-MM-DD' }]);
  }
  const today = toLocalDate(now, timeZone);
  const end = until ?? today;
  const start = since ?? addDays(end, -DEFAULT_SYNC_DAYS);
  if (start > end) throw new ApiError('invalid_input', `since (${start}) is after until (${end}); swap them.`, [{ path: 'since', message: 'after until' }]);
  const latest = addDays(today, 366);
  if (end > latest) throw new ApiError('invalid_input', `until (${end}) is more than a year in the future; the latest allowed is ${latest} (a year from today, ${today}).`, [{ path: 'until', message: `after ${latest}` }]);
  return { start, end };
}

export interface RunSyncOptions extends BridgeOptions {
  since?: string;
  until?: string;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  trigger?: SyncState['trigger'];
  now?: () => Date;
}

/** One sync with the configured credentials; records the outcome (never the token) for the status. */
export async function runFireflySync(app: App, o: RunSyncOptions = {}): Promise<SyncResult> {
  const now = o.now ?? (() => new Date());
  const state = readSyncState(app.db);
  const attemptAt = now().toISOString();
  try {
    const tz = timeZoneOf(app);
    const period = syncPeriod(tz, o.since, o.until, now());
    const creds = await resolveCredentials(app, o);
    const client = clientFor(app, creds, o);
    const res = await syncFirefly(app.db, client, { start: period.start, end: period.end, timeZone: tz, signal: o.signal, onProgress: o.onProgress });
    writeSyncState(app.db, { lastAttemptAt: attemptAt, lastSuccessAt: now().toISOString(), lastError: null, lastSnapshotId: res.snapshotId, trigger: o.trigger ?? 'manual' });
    return { ...res, warnings: res.warnings.map(redactToken) };
  } catch (e) {
    const err = toApiError(e);
    // A concurrent sync is not a failure of the previous state, and a cancel is the user's choice,
    // not a failure: the status keeps saying how the last finished attempt went.
    if (!(e instanceof FireflySyncStateError) && !(err instanceof ApiError && err.code === 'cancelled')) writeSyncState(app.db, { ...state, lastAttemptAt: attemptAt, lastError: err.message, trigger: o.trigger ?? 'manual' });
    throw err;
  }
}

// ------------------------------------------------------------------------------------ calibration input

export interface FireflyCalibrationTransactions {
  /** Withdrawals and deposits (refunds are netted by the mapping) of one currency. */
  txs: NormalizedTransaction[];
  timeZone: string;
  name: string;
  snapshotId: number;
  period: { start: string; end: string };
  currencyCode: string;
  warnings: string[];
}

/**
 * The transactions of a synced snapshot (default: the latest) ready for calibration /
 * calibrate(): one currency (F13), withdrawals + deposits, the snapshot's time zone and a display name.
 * Throws FireflyNoDataError (F19) when nothing was synced or the snapshot has no spending.
 */
export function loadFireflyCalibrationTransactions(app: Pick<AppContext, 'db'>, snapshotId?: number, opts: { currency?: string; acceptPartial?: boolean } = {}): FireflyCalibrationTransactions {
  const input = loadCalibrationInput(app.db, { snapshotId, currencyCode: opts.currency, acceptPartial: opts.acceptPartial });
  const row = app.db.prepare('SELECT time_zone, server_url FROM firefly_snapshots WHERE id = ?').get(input.snapshot.id) as { time_zone: string; server_url: string };
  const txs = loadSnapshotTransactions(app.db, input.snapshot.id).filter((t) => (t.type === 'withdrawal' || t.type === 'deposit') && t.currencyCode === input.currencyCode);
  return {
    txs,
    timeZone: row.time_zone,
    name: `snapshot ${input.snapshot.id} of ${row.server_url} (${input.snapshot.period.start}..${input.snapshot.period.end})`,
    snapshotId: input.snapshot.id,
    period: input.snapshot.period,
    currencyCode: input.currencyCode,
    warnings: input.warnings,
  };
}

// ------------------------------------------------------------------------------------ coverage / overview

export interface CoverageReport {
  snapshotId: number;
  currencyCode: string;
  transactions: number;
  skipped: number;
  mapped: number;
  shares: { exact: number; fuzzy: number; description: number; default: number };
  mappedByCategoryShare: number;
  excluded: Record<string, number>;
  /** Food transactions that matched no rule (counted as the default category), by Firefly category. */
  unmapped: { name: string; count: number; amount: number }[];
  /** Spending categories that were not food (for adding rules). */
  notFood: { name: string; count: number; amount: number }[];
  warnings: string[];
}

function topNames(items: { tx: NormalizedTransaction }[], limit = 25) {
  const m = new Map<string, { count: number; cents: number }>();
  for (const { tx } of items) {
    const key = tx.categoryName ?? '(no category)';
    const cur = m.get(key) ?? { count: 0, cents: 0 };
    cur.count += 1;
    cur.cents += Math.round(Number(tx.amount) * 100);
    m.set(key, cur);
  }
  return [...m.entries()]
    .map(([name, v]) => ({ name, count: v.count, amount: v.cents / 100 }))
    .sort((a, b) => b.amount - a.amount || (a.name < b.name ? -1 : 1))
    .slice(0, limit);
}

export function coverageOf(src: FireflyCalibrationTransactions, mapping: CategoryMappingResult, skipped: number): CoverageReport {
  const excluded: Record<string, number> = {};
  for (const x of mapping.excluded) excluded[x.reason] = (excluded[x.reason] ?? 0) + 1;
  const c = mapping.coverage;
  return {
    snapshotId: src.snapshotId,
    currencyCode: src.currencyCode,
    transactions: src.txs.length,
    skipped,
    mapped: mapping.mapped.length,
    shares: { exact: c.exact, fuzzy: c.fuzzy, description: c.description, default: c.default },
    mappedByCategoryShare: c.exact + c.fuzzy,
    excluded,
    unmapped: topNames(mapping.mapped.filter((m) => m.method === 'default')),
    notFood: topNames(mapping.excluded.filter((x) => x.reason === 'not-food' && x.tx.type === 'withdrawal')),
    warnings: [...src.warnings, ...mapping.warnings],
  };
}

export interface Overview {
  snapshot: ReturnType<typeof getSnapshot>;
  delta: ReturnType<typeof getSyncDelta>;
  coverage: CoverageReport | null;
  weekly: { weekStart: string; spending: number; byCategory: Record<string, number> }[];
  problem: string | null;
}

/** Everything the Firefly view shows about a snapshot: delta, coverage and the weekly food spending. */
export function fireflyOverview(app: App, snapshotId?: number): Overview {
  const snap = snapshotId !== undefined ? getSnapshot(app.db, snapshotId) : (listSnapshots(app.db, 1)[0] ?? null);
  if (!snap) return { snapshot: null, delta: null, coverage: null, weekly: [], problem: 'No Firefly III data has been synced yet.' };
  const delta = getSyncDelta(app.db, snap.id);
  let src: FireflyCalibrationTransactions;
  try {
    src = loadFireflyCalibrationTransactions(app, snap.id, { acceptPartial: true });
  } catch (e) {
    return { snapshot: snap, delta, coverage: null, weekly: [], problem: redactToken((e as Error).message) };
  }
  const { rules } = loadCategoryRules(app.db);
  const mapping = mapCategories(src.txs, rules);
  const agg = aggregateWeekly(src.txs, { timeZone: src.timeZone, mapping, from: snap.period.start, to: snap.period.end });
  return {
    snapshot: snap,
    delta,
    coverage: coverageOf(src, mapping, snap.skipped),
    weekly: agg.weeks.map((w) => ({
      weekStart: w.weekStart,
      spending: w.spendingCents / 100,
      byCategory: Object.fromEntries(Object.entries(w.byCategoryCents).map(([k, v]) => [k, v / 100])),
    })),
    problem: null,
  };
}

// ------------------------------------------------------------------------------------ calibration

export interface FireflyCalibrateInput {
  snapshotId?: number;
  currency?: string;
  population?: number;
  currentParams?: Record<string, number>;
  currentProjection?: { participationRate?: number; groupBuyingSavings?: number };
  acceptPartial?: boolean;
  /** Week boundaries in this zone (default: the snapshot's). */
  timeZone?: string;
  /** US dollars per one unit of the snapshot's currency: the amounts are converted before calibrating. */
  exchangeRate?: number;
}

export type FireflyCalibration = CalibrationReport & { snapshotId: number; comparison: SimulationComparison; coverageReport: CoverageReport };

const PARAM_KEYS = new Set(Object.keys(DEFAULT_PARAMS));

/**
 * Calibrates from a synced snapshot with the user's mapping rules. Mirrors calibrateFromTransactions
 * (src-main/api/handlers/projections.ts), which takes no mapping yet; the report files are the §1.12 set.
 */
export function fireflyCalibrate(app: App, input: FireflyCalibrateInput, now: Date = new Date()): FireflyCalibration {
  let src: FireflyCalibrationTransactions;
  try {
    src = loadFireflyCalibrationTransactions(app, input.snapshotId, { currency: input.currency, acceptPartial: input.acceptPartial });
  } catch (e) {
    throw toApiError(e);
  }
  for (const k of Object.keys(input.currentParams ?? {})) {
    if (!PARAM_KEYS.has(k)) throw new ApiError('invalid_input', `currentParams.${k}: unknown engine parameter`, [{ path: `currentParams.${k}`, message: 'unknown engine parameter' }]);
  }
  // In USD from here on when an exchange rate is given (mapping, weeks, comparison and coverage alike).
  const usd = inUsd(src.txs, input.exchangeRate);
  if (usd.converted) src = { ...src, txs: [...usd.txs], currencyCode: 'USD' };
  const snap = getSnapshot(app.db, src.snapshotId)!;
  const { rules, warning } = loadCategoryRules(app.db);
  const mapping = mapCategories(src.txs, rules);
  const current = { ...DEFAULT_PARAMS, ...(input.currentParams ?? {}) } as Record<string, number>;
  let result: CalibrationResult;
  try {
    result = calibrate({
      transactions: src.txs,
      mapping,
      timeZone: input.timeZone ?? src.timeZone,
      population: input.population,
      currentParams: current,
      currentProjection: input.currentProjection,
      period: { from: src.period.start, to: src.period.end },
    });
  } catch (e) {
    throw toApiError(e);
  }
  const budget = result.engineParamDiff.find((d) => d.key === 'WEEKLY_FOOD_BUDGET_AVG')!;
  const comparison = compareWithSimulation(result.weekly.weeks, { baselineBudget: budget.current, calibratedBudget: budget.proposed, households: result.dataSource.households.length, currency: src.currencyCode });
  const report: FireflyCalibration = {
    ...calibrationReportOf(result, current, {
      source: { kind: 'firefly', name: src.name },
      import: { rows: src.txs.length, currency: src.currencyCode, skipped: [], warnings: [...src.warnings, ...(warning ? [warning] : []), ...snap.warnings.map(redactToken)], ...(usd.converted ? { converted: usd.converted } : {}) },
      suggestedName: `Firefly calibration ${now.toISOString().slice(0, 10)} (snapshot ${src.snapshotId})`,
    }),
    snapshotId: src.snapshotId,
    comparison,
    coverageReport: coverageOf(src, mapping, snap.skipped),
  };
  report.recommendations = [...report.recommendations, ...varianceRecommendations(comparison)];
  report.files = calibrationReportFiles(report, comparison, now);
  return report;
}

/** Writes CALIBRATION_REPORT.md and the CSVs into `dir` (created). Returns the written paths. */
export function writeCalibrationFiles(dir: string, files: { name: string; content: string }[]): string[] {
  const target = path.resolve(dir);
  try {
    makeDirs(target);
    return files.map((f) => {
      const p = path.join(target, f.name);
      fs.writeFileSync(p, f.content, 'utf8');
      return p;
    });
  } catch (e) {
    throw new ApiError('invalid_input', `dir: cannot write to ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Choose a folder you can write to.`, [{ path: 'dir', message: 'not writable' }]);
  }
}

export function defaultExportDir(app: App, now = new Date()): string {
  const base = app.settings.get().reportsDir || path.join(app.dataDir, 'exports');
  return path.join(base, `firefly-calibration-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}`);
}
