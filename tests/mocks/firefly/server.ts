/**
 * Mock Firefly III server (node:http, 127.0.0.1, random port) for the contract tests FF-01…FF-32.
 *
 * Responses follow the official API description (reference/firefly-iii-v6.6.2-openapi-v1.yaml); the
 * mock's own test validates them with ajv. Emulates Firefly behaviours the client must survive:
 * Bearer auth (401 JSON), a 302 to /login when the Accept header names no JSON type (including fetch's default any-type Accept), X-Trace-Id must be a
 * UUID (400), `limit`/`page` pagination with meta + links (default 50 per page), newest-first order,
 * inclusive `start`/`end` on the split's calendar date, the `type` filter, insight sums per category
 * and currency, and a streamed CSV export. Faults are injected per path/page with `inject()`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// ------------------------------------------------------------------------------------------ data

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface MockSplit {
  [k: string]: Json;
}
export interface MockGroup {
  id: string;
  created_at: string;
  updated_at: string;
  user: string;
  group_title: string | null;
  transactions: MockSplit[];
}
export interface MockAccount {
  id: string;
  name: string;
  type: 'asset' | 'expense' | 'revenue';
  currency_code: string;
  current_balance: string;
  account_role: string | null;
}
export interface MockCurrency {
  id: string;
  code: string;
  name: string;
  symbol: string;
  decimal_places: number;
  primary: boolean;
}
export interface MockData {
  groups: MockGroup[];
  accounts: MockAccount[];
  categories: Array<{ id: string; name: string }>;
  currencies: MockCurrency[];
}

export interface SeedOptions {
  /** Number of transaction groups (default 300). */
  groups?: number;
  seed?: number;
  /** Last day of data, YYYY-MM-DD (default 2026-06-30). */
  end?: string;
  /** Days of history (default 365). */
  days?: number;
  /** UTC offset of the dates Firefly returns, e.g. "+02:00" (default "+00:00"). */
  offset?: string;
  /** Every n-th group is a split transaction with 2–3 splits (default 10; 0 = never). */
  splitEvery?: number;
  /** Share of groups in a non-primary currency (default 0.1). */
  foreignShare?: number;
  /** Emit 12-decimal amounts ("12.340000000000") like older Firefly versions for every k-th split (default 3). */
  longDecimalsEvery?: number;
}

export const CURRENCIES: MockCurrency[] = [
  { id: '1', code: 'EUR', name: 'Euro', symbol: '€', decimal_places: 2, primary: true },
  { id: '2', code: 'USD', name: 'US Dollar', symbol: '$', decimal_places: 2, primary: false },
  { id: '3', code: 'JPY', name: 'Japanese yen', symbol: '¥', decimal_places: 0, primary: false },
];

const CATEGORY_NAMES = ['Groceries', 'Supermarket', 'Restaurants', 'Dining Out', 'Coffee Shop', 'Fast Food', 'Takeaway', 'Food Delivery', 'Farmers Market', 'Rent', 'Transport', 'Utilities', 'Salary', 'Market Café'];
const MERCHANTS = ['Albert Heijn', 'Lidl', 'Jumbo', 'Café Central', 'Pizza Roma', 'Thuisbezorgd', 'Boerenmarkt', 'NS Reizen', 'Vattenfall', 'Landlord BV'];

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Amount string with `dp` decimals from integer minor units (exact, no floats). */
export function minorToString(minor: number, dp: number, long = false): string {
  const s = String(minor).padStart(dp + 1, '0');
  const int = dp === 0 ? s : s.slice(0, -dp);
  const frac = dp === 0 ? '' : s.slice(-dp);
  if (long) return `${int}.${frac.padEnd(12, '0')}`;
  return dp === 0 ? int : `${int}.${frac}`;
}

/** Builds one split in the official TransactionSplit shape (6.3+ field names). */
export function makeSplit(p: {
  journalId: string;
  /** The five of the API description, plus 'liability credit', which real servers return too (TransactionTypeEnum). */
  type: 'withdrawal' | 'deposit' | 'transfer' | 'opening balance' | 'reconciliation' | 'liability credit';
  date: string;
  amount: string;
  description: string;
  currency?: MockCurrency;
  category?: { id: string; name: string } | null;
  source: { id: string; name: string; type: string };
  destination: { id: string; name: string; type: string };
  tags?: string[];
  foreign?: { amount: string; currency: MockCurrency } | null;
  order?: number;
  /** Other fields as a real server fills them (budget_*, bill_*, notes, reconciled, external_id…). */
  extra?: MockSplit;
}): MockSplit {
  const cur = p.currency ?? CURRENCIES[0];
  const primary = CURRENCIES[0];
  return {
    user: '1',
    transaction_journal_id: p.journalId,
    type: p.type,
    date: p.date,
    order: p.order ?? 0,
    object_has_currency_setting: true,
    currency_id: cur.id,
    currency_code: cur.code,
    currency_symbol: cur.symbol,
    currency_name: cur.name,
    currency_decimal_places: cur.decimal_places,
    foreign_currency_id: p.foreign ? p.foreign.currency.id : null,
    foreign_currency_code: p.foreign ? p.foreign.currency.code : null,
    foreign_currency_symbol: p.foreign ? p.foreign.currency.symbol : null,
    foreign_currency_decimal_places: p.foreign ? p.foreign.currency.decimal_places : null,
    primary_currency_id: primary.id,
    primary_currency_code: primary.code,
    primary_currency_symbol: primary.symbol,
    primary_currency_decimal_places: primary.decimal_places,
    amount: p.amount,
    foreign_amount: p.foreign ? p.foreign.amount : null,
    description: p.description,
    source_id: p.source.id,
    source_name: p.source.name,
    source_iban: null,
    source_type: p.source.type,
    destination_id: p.destination.id,
    destination_name: p.destination.name,
    destination_iban: null,
    destination_type: p.destination.type,
    budget_id: null,
    budget_name: null,
    category_id: p.category ? p.category.id : null,
    category_name: p.category ? p.category.name : null,
    bill_id: null,
    bill_name: null,
    subscription_id: null,
    subscription_name: null,
    reconciled: false,
    notes: null,
    tags: p.tags ?? [],
    internal_reference: null,
    external_id: null,
    external_url: null,
    original_source: 'ff3-v6.6.2|api-v2.1.0',
    recurrence_id: null,
    recurrence_total: null,
    recurrence_count: null,
    import_hash_v2: null,
    sepa_cc: null,
    sepa_ct_op: null,
    sepa_ct_id: null,
    sepa_db: null,
    sepa_country: null,
    sepa_ep: null,
    sepa_ci: null,
    sepa_batch_id: null,
    interest_date: null,
    book_date: null,
    process_date: null,
    due_date: null,
    payment_date: null,
    invoice_date: null,
    latitude: null,
    longitude: null,
    zoom_level: null,
    has_attachments: false,
    ...p.extra,
  };
}

export function makeGroup(id: string, splits: MockSplit[], opts: { updatedAt?: string; title?: string | null } = {}): MockGroup {
  const created = (splits[0]?.date as string | undefined) ?? '2026-01-01T00:00:00+00:00';
  return {
    id,
    created_at: created,
    updated_at: opts.updatedAt ?? created,
    user: '1',
    group_title: opts.title ?? (splits.length > 1 ? `Split ${id}` : null),
    transactions: splits,
  };
}

/** Deterministic realistic data: withdrawals (most), deposits, refunds, transfers, splits, 3 currencies. */
export function seedFireflyData(opts: SeedOptions = {}): MockData {
  const n = opts.groups ?? 300;
  const rnd = mulberry32(opts.seed ?? 42);
  const endDate = new Date(`${opts.end ?? '2026-06-30'}T00:00:00Z`);
  const days = opts.days ?? 365;
  const offset = opts.offset ?? '+00:00';
  const splitEvery = opts.splitEvery ?? 10;
  const foreignShare = opts.foreignShare ?? 0.1;
  const longEvery = opts.longDecimalsEvery ?? 3;
  const categories = CATEGORY_NAMES.map((name, i) => ({ id: String(i + 1), name }));
  const assets = [
    { id: '1', name: 'Checking', type: 'Asset account' },
    { id: '2', name: 'Savings', type: 'Asset account' },
    { id: '3', name: 'Shared household', type: 'Asset account' },
  ];
  const expenses = MERCHANTS.map((name, i) => ({ id: String(100 + i), name, type: 'Expense account' }));
  const revenue = { id: '200', name: 'Employer', type: 'Revenue account' };
  const pick = <T,>(arr: readonly T[]) => arr[Math.floor(rnd() * arr.length)];
  const groups: MockGroup[] = [];
  let journal = 1;
  for (let g = 1; g <= n; g += 1) {
    const dayBack = Math.floor(rnd() * days);
    const d = new Date(endDate.getTime() - dayBack * 86_400_000);
    const hh = String(Math.floor(rnd() * 24)).padStart(2, '0');
    const mm = String(Math.floor(rnd() * 60)).padStart(2, '0');
    const date = `${ymd(d)}T${hh}:${mm}:00${offset}`;
    const r = rnd();
    const cur = rnd() < foreignShare ? pick(CURRENCIES.slice(1)) : CURRENCIES[0];
    const nSplits = splitEvery > 0 && g % splitEvery === 0 ? 2 + Math.floor(rnd() * 2) : 1;
    const splits: MockSplit[] = [];
    for (let s = 0; s < nSplits; s += 1) {
      const jid = String(journal++);
      const minor = cur.decimal_places === 0 ? 100 + Math.floor(rnd() * 9000) : 100 + Math.floor(rnd() * 15_000);
      const amount = minorToString(minor, cur.decimal_places, longEvery > 0 && Number(jid) % longEvery === 0);
      const cat = rnd() < 0.08 ? null : pick(categories.slice(0, 12));
      let split: MockSplit;
      if (r < 0.8 || nSplits > 1) {
        const merchant = pick(expenses);
        split = makeSplit({ journalId: jid, type: 'withdrawal', date, amount, currency: cur, description: `${merchant.name} purchase`, category: cat, source: pick(assets), destination: merchant, tags: rnd() < 0.2 ? ['food'] : [], order: s });
      } else if (r < 0.88) {
        split = makeSplit({ journalId: jid, type: 'deposit', date, amount, currency: cur, description: 'Salary', category: categories[12], source: revenue, destination: assets[0] });
      } else if (r < 0.93) {
        const merchant = pick(expenses);
        // A refund: a deposit from an expense account back to the asset account.
        split = makeSplit({ journalId: jid, type: 'deposit', date, amount, currency: cur, description: `Refund ${merchant.name}`, category: cat, source: merchant, destination: pick(assets), tags: ['refund'] });
      } else {
        split = makeSplit({ journalId: jid, type: 'transfer', date, amount, currency: cur, description: 'Transfer to savings', category: null, source: assets[0], destination: assets[1] });
      }
      splits.push(split);
    }
    groups.push(makeGroup(String(g), splits));
  }
  const accounts: MockAccount[] = [
    ...assets.map((a) => ({ id: a.id, name: a.name, type: 'asset' as const, currency_code: 'EUR', current_balance: '1234.56', account_role: 'defaultAsset' })),
    ...expenses.map((e) => ({ id: e.id, name: e.name, type: 'expense' as const, currency_code: 'EUR', current_balance: '0', account_role: null })),
  ];
  return { groups, accounts, categories, currencies: CURRENCIES.map((c) => ({ ...c })) };
}

/**
 * What real Firefly III data holds besides plain withdrawals (TransactionGroupTransformer output): an
 * opening balance, reconciliations both ways, a transfer between own accounts in two currencies, foreign
 * amounts (a 0-decimal one too), a 3-split group with budget/bill/notes/unicode tags and a missing
 * category, a deposit with external_id/internal_reference, a 1,000-character description, and a
 * 'liability credit' (a type the API description does not list). `date` is YYYY-MM-DD.
 */
export function realWorldGroups(opts: { firstGroupId?: number; firstJournalId?: number; date?: string; offset?: string } = {}): MockGroup[] {
  let gid = opts.firstGroupId ?? 9001;
  let jid = opts.firstJournalId ?? 90_001;
  const day = opts.date ?? '2026-06-15';
  const at = (hh: string) => `${day}T${hh}:00${opts.offset ?? '+02:00'}`;
  const [EUR, USD, JPY] = CURRENCIES;
  const checking = { id: '1', name: 'Checking', type: 'Asset account' };
  const travel = { id: '4', name: 'US travel card', type: 'Asset account' };
  const initial = { id: '300', name: 'Checking initial balance', type: 'Initial balance account' };
  const recon = { id: '301', name: 'Checking reconciliation (EUR)', type: 'Reconciliation account' };
  const shop = { id: '100', name: 'Albert Heijn', type: 'Expense account' };
  const box = { id: '106', name: 'Boerenmarkt', type: 'Expense account' };
  const diner = { id: '302', name: 'Joe\'s Diner NYC', type: 'Expense account' };
  const ramen = { id: '303', name: 'Ichiran Shibuya', type: 'Expense account' };
  const employer = { id: '200', name: 'Employer', type: 'Revenue account' };
  const loan = { id: '304', name: 'Car loan', type: 'Loan' };
  const loanCredit = { id: '305', name: 'Car loan credit', type: 'Liability credit account' };
  const groceries = { id: '1', name: 'Groceries' };
  const restaurants = { id: '3', name: 'Restaurants' };
  const one = (p: Omit<Parameters<typeof makeSplit>[0], 'journalId'>, title: string | null = null) => makeGroup(String(gid++), [makeSplit({ ...p, journalId: String(jid++) })], { title });
  const groups: MockGroup[] = [
    one({ type: 'opening balance', date: at('00:00'), amount: '2500.000000000000', description: 'Initial balance for "Checking"', source: initial, destination: checking, category: null, extra: { reconciled: true } }),
    one({ type: 'reconciliation', date: at('00:01'), amount: '3.210000000000', description: 'Reconciliation (2026-05-01 to 2026-05-31)', source: checking, destination: recon, category: null, extra: { reconciled: true } }),
    one({ type: 'reconciliation', date: at('00:02'), amount: '0.500000000000', description: 'Reconciliation (2026-04-01 to 2026-04-30)', source: recon, destination: checking, category: null, extra: { reconciled: true } }),
    one({ type: 'transfer', date: at('09:00'), amount: '100.000000000000', description: 'Top up travel card', source: checking, destination: travel, category: null, foreign: { amount: '108.500000000000', currency: USD } }),
    one({ type: 'withdrawal', date: at('12:30'), amount: '45.100000000000', description: 'Dinner in New York', source: checking, destination: diner, category: restaurants, foreign: { amount: '48.990000000000', currency: USD }, currency: EUR }),
    one({ type: 'withdrawal', date: at('13:00'), amount: '7.320000000000', description: 'ラーメン lunch', source: checking, destination: ramen, category: restaurants, foreign: { amount: '1200.000000000000', currency: JPY } }),
    makeGroup(String(gid++), [
      makeSplit({ journalId: String(jid++), type: 'withdrawal', date: at('17:45'), amount: '62.180000000000', description: 'Weekly shop: food', source: checking, destination: shop, category: groceries, tags: ['weekly', 'Ünïcödé ✓'], order: 0, extra: { budget_id: '2', budget_name: 'Household', notes: 'Receipt #42\nPaid with card', reconciled: true } }),
      makeSplit({ journalId: String(jid++), type: 'withdrawal', date: at('17:45'), amount: '9.990000000000', description: 'Weekly shop: detergent', source: checking, destination: shop, category: null, order: 1 }),
      makeSplit({ journalId: String(jid++), type: 'withdrawal', date: at('17:45'), amount: '15.000000000000', description: 'Vegetable box', source: checking, destination: box, category: groceries, order: 2, extra: { bill_id: '7', bill_name: 'Vegetable box', subscription_id: '7', subscription_name: 'Vegetable box' } }),
    ], { title: 'Saturday shopping' }),
    one({ type: 'deposit', date: at('08:00'), amount: '3100.000000000000', description: 'Salary June', source: employer, destination: checking, category: { id: '13', name: 'Salary' }, extra: { external_id: 'SEPA-2026-06-0001', internal_reference: 'PAY-06', sepa_ct_id: 'E2E-1' } }),
    one({ type: 'withdrawal', date: at('19:00'), amount: '18.750000000000', description: Array.from('Café Central — 🍕 pizza & ☕ koffie, '.repeat(30)).slice(0, 1000).join(''), source: checking, destination: { id: '103', name: 'Café Central', type: 'Expense account' }, category: restaurants }),
    one({ type: 'liability credit', date: at('00:03'), amount: '12000.000000000000', description: 'Opening balance of the car loan', source: loanCredit, destination: loan, category: null }),
  ];
  return groups;
}

/** Fixed rates to the primary currency (EUR) for the mock's pc_amount: units of EUR per unit, 6 decimals. */
const PC_RATE_MICRO: Record<string, bigint> = { EUR: 1_000_000n, USD: 920_000n, JPY: 6_100n };

/** amount × rate at the primary currency's 2 decimals, half up (as Firefly's converter rounds for display). */
function toPrimary(amount: string, code: string): string {
  const [i, f = ''] = amount.split('.');
  const units = BigInt(i) * 10n ** 12n + BigInt(f.padEnd(12, '0').slice(0, 12) || '0');
  const rate = PC_RATE_MICRO[code] ?? 1_000_000n;
  const cents = (units * rate * 100n + 5n * 10n ** 17n) / 10n ** 18n;
  return minorToString(Number(cents), 2);
}

// ------------------------------------------------------------------------------------------ faults

export type FaultKind =
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string>; contentType?: string }
  | { type: 'throttle500' }
  | { type: 'rateLimit'; retryAfter?: string }
  | { type: 'html'; status?: number }
  | { type: 'redirect'; status?: number; location?: string }
  | { type: 'malformed'; body?: string }
  | { type: 'hang' }
  | { type: 'delay'; ms: number }
  | { type: 'reset' }
  | { type: 'contentType'; contentType: string }
  | { type: 'transform'; fn: (body: any, ctx: { page: number; query: URLSearchParams }) => unknown };

export interface Fault {
  /** Matched against the end of the request path, e.g. "/v1/transactions"; or a RegExp on the path. */
  path: string | RegExp;
  /** Only this page (requests without `page` are page 1). */
  page?: number;
  /** How many matching requests it applies to (default 1; Infinity = always). */
  times?: number;
  fault: FaultKind;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  queryAll: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  rawUrl: string;
  at: number;
}

export interface MockFireflyOptions {
  token?: string;
  /** Value of /v1/about data.version (default "6.6.2"). Below 6.3 the splits use native_* names. */
  version?: string;
  data?: MockData;
  /** Fill pc_amount (convert to primary currency on). Default false: pc_amount omitted. */
  convertToPrimary?: boolean;
  /** 302 to /login when Accept asks for no JSON, like Firefly's web guard (default true). */
  redirectWithoutJsonAccept?: boolean;
  /** Size of the CSV export in bytes (default: the real data rendered as CSV). */
  exportBytes?: number;
  /**
   * Laravel's throttle middleware (ThrottleRequests) on the API: `limit` requests per window that
   * starts at the first request and lasts `windowSeconds`. Every answer carries X-RateLimit-Limit
   * and X-RateLimit-Remaining; a refusal is a 429 with Retry-After (seconds) and X-RateLimit-Reset
   * (epoch seconds). Off by default, as in the official API description.
   */
  throttle?: { limit: number; windowSeconds: number };
  /**
   * The token's user is blocked in Firefly III (users.blocked = 1, e.g. by an administrator or after an
   * e-mail change): its Authenticate middleware accepts the token, then answers 401 "Blocked account.".
   */
  blockedUser?: boolean;
}

export interface MockFirefly {
  /** Base URL to configure in the client, e.g. http://127.0.0.1:PORT */
  url: string;
  port: number;
  token: string;
  data: MockData;
  options: MockFireflyOptions;
  requests: RecordedRequest[];
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Requests whose path ends with `suffix`. */
  requestsTo(suffix: string): RecordedRequest[];
  /** Requests refused with 429 by the `throttle` option. */
  readonly throttled: number;
  reset(): void;
  close(): Promise<void>;
}

// ------------------------------------------------------------------------------------------ server

const VND = 'application/vnd.api+json';
const JSONCT = 'application/json';
const UUID_RE = /^[a-f\d]{8}(-[a-f\d]{4}){4}[a-f\d]{8}$/i;
/** What Firefly III's AcceptHeaders middleware lets through. */
const FIREFLY_ACCEPTS = ['application/x-www-form-urlencoded', 'application/json', 'application/vnd.api+json', 'application/octet-stream', '*/*'];

/**
 * Laravel's Request::accepts(): true when any type of the Accept header is a wildcard, equals one of
 * `types`, is its `major/*`, or is the base of a `+suffix` type (application/json accepts application/vnd.api+json).
 */
export function laravelAccepts(acceptHeader: string, types: readonly string[]): boolean {
  const accepts = acceptHeader.split(',').map((a) => a.split(';')[0].trim().toLowerCase()).filter((a) => a !== '');
  if (accepts.length === 0) return true;
  for (const a of accepts) {
    if (a === '*/*' || a === '*') return true;
    for (const t of types.map((x) => x.toLowerCase())) {
      const [major, minor] = a.split('/');
      if (a === t || a === `${t.split('/')[0]}/*`) return true;
      if (minor !== undefined && t.startsWith(`${major}/`) && t.endsWith(`+${minor}`)) return true;
    }
  }
  return false;
}

/**
 * Firefly III's TransactionFilter::mapTransactionTypes(): `type` may list several filters separated by
 * commas; an unknown one means `default`. `all` is the five types of the API description, so a
 * 'liability credit' is in no list a filter asks for.
 */
const TYPE_FILTERS: Record<string, readonly string[]> = {
  all: ['withdrawal', 'deposit', 'transfer', 'opening balance', 'reconciliation'],
  withdrawal: ['withdrawal'],
  withdrawals: ['withdrawal'],
  expense: ['withdrawal'],
  expenses: ['withdrawal'],
  income: ['deposit'],
  deposit: ['deposit'],
  deposits: ['deposit'],
  transfer: ['transfer'],
  transfers: ['transfer'],
  opening_balance: ['opening balance'],
  reconciliation: ['reconciliation'],
  reconciliations: ['reconciliation'],
  special: ['opening balance', 'reconciliation'],
  specials: ['opening balance', 'reconciliation'],
  default: ['withdrawal', 'deposit', 'transfer'],
};
function typeMatches(filter: string, type: string): boolean {
  return filter.split(',').some((part) => (TYPE_FILTERS[part] ?? TYPE_FILTERS.default).includes(type));
}

function legacyize(split: MockSplit): MockSplit {
  // Firefly < 6.3 names: native_* instead of primary_*/pc_*, and no subscription_* fields.
  const out: MockSplit = {};
  for (const [k, v] of Object.entries(split)) {
    if (k === 'subscription_id' || k === 'subscription_name') continue;
    if (k.startsWith('primary_currency_')) out[`native_currency_${k.slice('primary_currency_'.length)}`] = v;
    else if (k === 'pc_amount') out.native_amount = v;
    else if (k === 'pc_foreign_amount') out.native_foreign_amount = v;
    else out[k] = v;
  }
  return out;
}

export async function startMockFirefly(options: MockFireflyOptions = {}): Promise<MockFirefly> {
  const token = options.token ?? 'mock-pat-' + 'x'.repeat(24) + '-secret';
  const version = options.version ?? '6.6.2';
  const legacy = /^\d/.test(version) && compareVer(version, '6.3.0') < 0;
  const data = options.data ?? seedFireflyData();
  const faults: Array<Fault & { left: number }> = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let base = '';
  let throttleWindow = { hits: 0, resetAt: 0 };
  let throttled = 0;

  const send = (res: ServerResponse, status: number, body: unknown, contentType = JSONCT, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const links = (path: string, q: URLSearchParams, page: number, totalPages: number) => {
    const mk = (p: number) => {
      const qq = new URLSearchParams(q);
      qq.set('page', String(p));
      return `${base}/api${path}?${qq.toString()}`;
    };
    const l: Record<string, string | null> = { self: mk(page), first: mk(1), last: mk(Math.max(1, totalPages)) };
    if (page < totalPages) l.next = mk(page + 1);
    if (page > 1) l.prev = mk(page - 1);
    return l;
  };

  const paginate = <T,>(path: string, q: URLSearchParams, all: T[]) => {
    const limitRaw = q.get('limit');
    const pageRaw = q.get('page');
    const limit = limitRaw ? Math.max(1, Math.min(1000, Number.parseInt(limitRaw, 10) || 50)) : 50;
    const page = pageRaw ? Math.max(1, Number.parseInt(pageRaw, 10) || 1) : 1;
    const totalPages = Math.max(1, Math.ceil(all.length / limit));
    const slice = all.slice((page - 1) * limit, page * limit);
    return {
      data: slice,
      meta: { pagination: { total: all.length, count: slice.length, per_page: limit, current_page: page, total_pages: totalPages } },
      links: links(path, q, page, totalPages),
    };
  };

  const groupRead = (g: MockGroup) => {
    const splits = g.transactions.map((s) => {
      let out: MockSplit = { ...s };
      // pc_amount is the amount in the primary currency (EUR), not the same number in another currency.
      if (options.convertToPrimary) out.pc_amount = toPrimary(String(s.amount), String(s.currency_code));
      if (legacy) out = legacyize(out);
      return out;
    });
    return {
      type: 'transactions',
      id: g.id,
      attributes: { created_at: g.created_at, updated_at: g.updated_at, user: g.user, group_title: g.group_title, transactions: splits },
      links: { '0': { rel: 'self', uri: `/transactions/${g.id}` }, self: `${base}/api/v1/transactions/${g.id}` },
    };
  };

  const validationError = (res: ServerResponse, field: string, msg: string) =>
    send(res, 422, { message: 'The given data was invalid.', errors: { [field]: [msg] } });

  const dateParam = (q: URLSearchParams, name: string, required: boolean, res: ServerResponse): string | null | false => {
    const v = q.get(name);
    if (v === null || v === '') {
      if (required) {
        validationError(res, name, `The ${name} field is required.`);
        return false;
      }
      return null;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      validationError(res, name, `The ${name} field must be a valid date.`);
      return false;
    }
    return v;
  };

  const filteredGroups = (start: string | null, end: string | null, type: string) => {
    const out = data.groups.filter((g) => {
      const s0 = g.transactions[0];
      if (!s0) return false;
      const day = String(s0.date).slice(0, 10);
      if (start && day < start) return false;
      if (end && day > end) return false;
      return type === '*' || typeMatches(type, String(s0.type));
    });
    // Newest first, like Firefly.
    return out.sort((a, b) => {
      const da = String(a.transactions[0].date);
      const dbb = String(b.transactions[0].date);
      if (da !== dbb) return da < dbb ? 1 : -1;
      return Number(b.id) - Number(a.id);
    });
  };

  function normalResponse(req: IncomingMessage, res: ServerResponse, path: string, q: URLSearchParams): { status: number; body: unknown; contentType: string } | 'handled' {
    if (path === '/v1/about') {
      return { status: 200, contentType: JSONCT, body: { data: { version, api_version: version, php_version: '8.4.1', os: 'Linux', driver: 'sqlite' } } };
    }
    if (path === '/v1/about/user') {
      return {
        status: 200,
        contentType: VND,
        body: { data: { type: 'users', id: '1', attributes: { created_at: '2024-01-01T00:00:00+00:00', updated_at: '2024-01-01T00:00:00+00:00', email: 'analyst@example.org', blocked: false, blocked_code: null, role: 'owner' }, links: { self: `${base}/api/v1/users/1` } } },
      };
    }
    if (path === '/v1/transactions') {
      const start = dateParam(q, 'start', false, res);
      if (start === false) return 'handled';
      const end = dateParam(q, 'end', false, res);
      if (end === false) return 'handled';
      const type = q.get('type') ?? 'default';
      const page = paginate(path, q, filteredGroups(start, end, type));
      return { status: 200, contentType: VND, body: { ...page, data: page.data.map(groupRead) } };
    }
    if (path === '/v1/accounts') {
      const type = q.get('type') ?? 'all';
      const list = data.accounts.filter((a) => type === 'all' || a.type === type || (type === 'Asset account' && a.type === 'asset'));
      const page = paginate(path, q, list);
      return {
        status: 200,
        contentType: VND,
        body: {
          ...page,
          data: page.data.map((a) => ({
            type: 'accounts',
            id: a.id,
            attributes: {
              created_at: '2024-01-01T00:00:00+00:00', updated_at: '2024-01-01T00:00:00+00:00', active: true, order: 1, name: a.name, type: a.type,
              account_role: a.account_role, currency_id: '1', currency_code: a.currency_code, currency_symbol: '€', currency_decimal_places: 2,
              current_balance: a.current_balance, current_balance_date: '2026-06-30T23:59:59+00:00', notes: null, iban: null, bic: null,
              account_number: null, include_net_worth: true,
            },
            links: { self: `${base}/api/v1/accounts/${a.id}` },
          })),
        },
      };
    }
    if (path === '/v1/categories') {
      const page = paginate(path, q, data.categories);
      return {
        status: 200,
        contentType: VND,
        body: { ...page, data: page.data.map((c) => ({ type: 'categories', id: c.id, attributes: { created_at: '2024-01-01T00:00:00+00:00', updated_at: '2024-01-01T00:00:00+00:00', name: c.name, notes: null }, links: { self: `${base}/api/v1/categories/${c.id}` } })) },
      };
    }
    if (path === '/v1/currencies') {
      const page = paginate(path, q, data.currencies);
      return {
        status: 200,
        contentType: VND,
        body: { ...page, data: page.data.map((c) => ({ type: 'currencies', id: c.id, attributes: { created_at: '2024-01-01T00:00:00+00:00', updated_at: '2024-01-01T00:00:00+00:00', enabled: true, primary: c.primary, code: c.code, name: c.name, symbol: c.symbol, decimal_places: c.decimal_places }, links: { self: `${base}/api/v1/currencies/${c.code}` } })) },
      };
    }
    if (path === '/v1/insight/expense/category') {
      const start = dateParam(q, 'start', true, res);
      if (start === false) return 'handled';
      const end = dateParam(q, 'end', true, res);
      if (end === false) return 'handled';
      const sums = new Map<string, { id: string; name: string; cur: MockCurrency; minor: bigint }>();
      for (const g of filteredGroups(start, end, 'withdrawal')) {
        for (const s of g.transactions) {
          if (!s.category_id) continue;
          const cur = data.currencies.find((c) => c.code === s.currency_code) ?? CURRENCIES[0];
          const key = `${s.category_id}|${cur.code}`;
          const e = sums.get(key) ?? { id: String(s.category_id), name: String(s.category_name), cur, minor: 0n };
          const [i, f = ''] = String(s.amount).split('.');
          e.minor += BigInt(i) * 10n ** 12n + BigInt(f.padEnd(12, '0').slice(0, 12) || '0');
          sums.set(key, e);
        }
      }
      const body = [...sums.values()].map((e) => {
        const dp = e.cur.decimal_places;
        const scaled = e.minor / 10n ** BigInt(12 - dp);
        const diff = `-${minorToString(Number(scaled), dp)}`;
        return { id: e.id, name: e.name, difference: diff, difference_float: Number(diff), currency_id: e.cur.id, currency_code: e.cur.code };
      });
      return { status: 200, contentType: JSONCT, body };
    }
    if (path === '/v1/data/export/transactions') {
      const start = dateParam(q, 'start', true, res);
      if (start === false) return 'handled';
      const end = dateParam(q, 'end', true, res);
      if (end === false) return 'handled';
      const header = 'user_id,group_id,journal_id,created_at,updated_at,group_title,type,amount,currency_code,description,date,source_name,destination_name,category\n';
      // Firefly's ExportDataGenerator collects every type (no TransactionFilter), limited to the asset
      // accounts in `accounts` (comma-separated ids; other ids are dropped) when given.
      const wanted = (q.get('accounts') ?? '').split(',').filter((x) => x !== '');
      const assetIds = new Set(data.accounts.filter((a) => a.type === 'asset').map((a) => a.id));
      const only = wanted.filter((id) => assetIds.has(id));
      const touches = (s: MockSplit) => only.length === 0 || only.includes(String(s.source_id)) || only.includes(String(s.destination_id));
      const rows = filteredGroups(start, end, '*').flatMap((g) =>
        g.transactions.filter(touches).map((s) => ['1', g.id, s.transaction_journal_id, g.created_at, g.updated_at, g.group_title ?? '', s.type, s.amount, s.currency_code, `"${String(s.description).replace(/"/g, '""')}"`, s.date, s.source_name, s.destination_name, s.category_name ?? ''].join(',')),
      );
      const target = options.exportBytes;
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${start}-${end}-transactions.csv"` });
      if (target === undefined) {
        res.end(header + rows.map((r) => `${r}\n`).join(''));
        return 'handled';
      }
      // Stream `target` bytes with back-pressure (FF-25: 150 MB without buffering it all).
      let sent = 0;
      const line = Buffer.from((rows[0] ?? '1,1,1,x,x,,withdrawal,1.00,EUR,"x",2026-01-01,a,b,c') + '\n');
      const chunk = Buffer.alloc(64 * 1024);
      for (let i = 0; i < chunk.length; i += 1) chunk[i] = line[i % line.length];
      res.write(header);
      sent += header.length;
      const pump = () => {
        while (sent < target) {
          const n = Math.min(chunk.length, target - sent);
          sent += n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return 'handled';
    }
    if (path === '/login') {
      return { status: 200, contentType: 'text/html; charset=UTF-8', body: '<!DOCTYPE html><html><head><title>Firefly III login</title></head><body>Login</body></html>' };
    }
    return { status: 404, contentType: JSONCT, body: { message: 'Resource not found', exception: 'NotFoundHttpException' } };
  }

  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fullPath = u.pathname;
    const q = u.searchParams;
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: fullPath,
      query: Object.fromEntries(q.entries()),
      queryAll: q,
      headers: { ...req.headers },
      rawUrl: req.url ?? '',
      at: Date.now(),
    };
    requests.push(rec);
    const path = fullPath.startsWith('/api/') ? fullPath.slice(4) : fullPath;
    const page = Number.parseInt(q.get('page') ?? '1', 10) || 1;

    // --- Firefly's AcceptHeaders middleware, first in the api group (before authentication): an Accept
    // header naming none of the types it serves is a 406 BadHttpHeaderException; a malformed X-Trace-Id a 400.
    if (fullPath.startsWith('/api/')) {
      const acceptHeader = req.headers.accept;
      if (typeof acceptHeader === 'string' && acceptHeader.trim() !== '' && !laravelAccepts(acceptHeader, FIREFLY_ACCEPTS)) {
        send(res, 406, { message: `Accept header "${acceptHeader}" is not something this server can provide.`, exception: 'BadHttpHeaderException' });
        return;
      }
      const trace = req.headers['x-trace-id'];
      if (typeof trace === 'string' && trace.trim() !== '' && !UUID_RE.test(trace.trim())) {
        send(res, 400, { message: 'Bad X-Trace-Id header.', exception: 'HttpException' }); // Handler renders BadRequestHttpException so
        return;
      }
    }

    // --- Firefly's own guards
    if (fullPath !== '/login') {
      const accept = String(req.headers.accept ?? '');
      if ((options.redirectWithoutJsonAccept ?? true) && !/json/i.test(accept)) {
        res.writeHead(302, { Location: `${base}/login`, 'Content-Type': 'text/html; charset=UTF-8' });
        res.end(`<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0;url='${base}/login'" /></head><body>Redirecting to ${base}/login</body></html>`);
        return;
      }
      const auth = String(req.headers.authorization ?? '');
      if (auth !== `Bearer ${token}`) {
        send(res, 401, { message: 'Unauthenticated.', exception: 'AuthenticationException' });
        return;
      }
      if (options.blockedUser) {
        send(res, 401, { message: 'Blocked account.', exception: 'AuthenticationException' });
        return;
      }
    }

    // --- Laravel's throttle:api (after authentication, as in Firefly's middleware group)
    if (options.throttle && fullPath.startsWith('/api/')) {
      const { limit, windowSeconds } = options.throttle;
      const now = Date.now();
      if (now >= throttleWindow.resetAt) throttleWindow = { hits: 0, resetAt: now + windowSeconds * 1000 };
      const retryAfter = Math.max(1, Math.ceil((throttleWindow.resetAt - now) / 1000));
      if (throttleWindow.hits >= limit) {
        throttled += 1;
        send(res, 429, { message: 'Too Many Attempts.', exception: 'ThrottleRequestsException' }, JSONCT, {
          'Retry-After': String(retryAfter),
          'X-RateLimit-Reset': String(Math.floor(now / 1000) + retryAfter),
          'X-RateLimit-Limit': String(limit),
          'X-RateLimit-Remaining': '0',
        });
        return;
      }
      throttleWindow.hits += 1;
      res.setHeader('X-RateLimit-Limit', String(limit));
      res.setHeader('X-RateLimit-Remaining', String(limit - throttleWindow.hits));
    }

    // --- injected faults
    const f = faults.find((x) => x.left > 0 && (typeof x.path === 'string' ? path.endsWith(x.path) || fullPath.endsWith(x.path) : x.path.test(fullPath)) && (x.page === undefined || x.page === page));
    if (f) {
      f.left -= 1;
      const k = f.fault;
      switch (k.type) {
        case 'status':
          send(res, k.status, k.body ?? { message: `Status ${k.status}`, exception: 'HttpException' }, k.contentType ?? JSONCT, k.headers ?? {});
          return;
        case 'throttle500':
          send(res, 500, { message: 'Internal Firefly III Exception: Too Many Attempts.', exception: 'Illuminate\\Http\\Exceptions\\ThrottleRequestsException' });
          return;
        case 'rateLimit':
          send(res, 429, { message: 'Too Many Attempts.', exception: 'ThrottleRequestsException' }, JSONCT, {
            ...(k.retryAfter !== undefined ? { 'Retry-After': k.retryAfter } : {}),
            'X-RateLimit-Limit': '60',
            'X-RateLimit-Remaining': '0',
          });
          return;
        case 'html':
          send(res, k.status ?? 200, '<!DOCTYPE html><html><body><h1>Firefly III</h1><form action="/login"></form></body></html>', 'text/html; charset=UTF-8');
          return;
        case 'redirect':
          res.writeHead(k.status ?? 302, { Location: k.location ?? `${base}/login` });
          res.end();
          return;
        case 'malformed':
          send(res, 200, k.body ?? '{"data":[{', VND);
          return;
        case 'hang':
          return; // never answer; the socket is destroyed on close()
        case 'reset':
          req.socket.destroy();
          return;
        case 'delay': {
          const t = setTimeout(() => respondNormally(k), k.ms);
          res.on('close', () => clearTimeout(t));
          return;
        }
        case 'contentType':
        case 'transform':
          respondNormally(k);
          return;
      }
    }
    respondNormally(null);

    function respondNormally(k: FaultKind | null) {
      if (res.destroyed) return;
      const r = normalResponse(req, res, path, q);
      if (r === 'handled') return;
      let body = r.body;
      if (k?.type === 'transform') body = k.fn(JSON.parse(JSON.stringify(body)), { page, query: q });
      send(res, r.status, body, k?.type === 'contentType' ? k.contentType : r.contentType);
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    port,
    token,
    data,
    options,
    requests,
    inject(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    requestsTo(suffix) {
      return requests.filter((r) => r.path.endsWith(suffix));
    },
    get throttled() {
      return throttled;
    },
    reset() {
      faults.length = 0;
      requests.length = 0;
      throttleWindow = { hits: 0, resetAt: 0 };
      throttled = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function compareVer(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i += 1) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0) ? -1 : 1;
  return 0;
}
