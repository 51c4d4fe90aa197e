/**
 * Firefly client contract tests FF-01…FF-32 (spec/integrations.md §5.1), over real HTTP against the
 * mock server (tests/mocks/firefly/server.ts). FF-28…FF-31 (calibration engine and report writer) are in
 * calibration.test.ts, which runs them through the bridge with the shared calibration.
 */
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FireflyAbortError,
  FireflyAuthError,
  FireflyClient,
  FireflyMalformedResponseError,
  FireflyProtocolError,
  FireflyUnavailable,
  FireflyValidationError,
  httpsBaseOf,
  FIREFLY_MIGRATION_SQL,
  normalizeGroups,
  signedAmount,
  sumDecimals,
  syncFirefly,
} from '../../../src-main/firefly';
import { makeGroup, makeSplit, seedFireflyData, startMockFirefly, type MockFirefly, type MockGroup } from '../../mocks/firefly/server';
import { testClient } from './helpers';

const mocks: MockFirefly[] = [];
const tmpDirs: string[] = [];
afterEach(async () => {
  while (mocks.length) await mocks.pop()!.close();
  while (tmpDirs.length) rmSync(tmpDirs.pop()!, { recursive: true, force: true });
});

async function mockWith(opts: Parameters<typeof startMockFirefly>[0] = {}) {
  const m = await startMockFirefly(opts);
  mocks.push(m);
  return m;
}
function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'ff-contract-'));
  tmpDirs.push(dir);
  const file = join(dir, 'workbench.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(FIREFLY_MIGRATION_SQL);
  return { db, file, dir };
}
const acc = (id: string, name: string, type = 'Asset account') => ({ id, name, type });
function groupsOf(n: number, start = 1, date = '2026-03-10T12:00:00+00:00'): MockGroup[] {
  return Array.from({ length: n }, (_, i) =>
    makeGroup(String(start + i), [
      makeSplit({ journalId: String(start + i), type: 'withdrawal', date, amount: '10.00', description: `g${start + i}`, source: acc('1', 'Checking'), destination: acc('100', 'Shop', 'Expense account'), category: { id: '1', name: 'Groceries' } }),
    ]),
  );
}
const PERIOD = { start: '2026-01-01', end: '2026-12-31' };

describe('Firefly III client contract (FF-01…FF-32)', () => {
  it('FF-01 testConnection parses the version; every request carries Bearer + Accept: application/json', async () => {
    const m = await mockWith({ version: '6.4.4' });
    const { client } = testClient(m);
    const info = await client.testConnection();
    expect(info.ok).toBe(true);
    expect(info.version).toBe('6.4.4');
    expect(info.apiVersion).toBe('6.4.4');
    expect(info.legacyFields).toBe(false);
    await client.listTransactions({ ...PERIOD });
    expect(m.requests.length).toBeGreaterThanOrEqual(2);
    for (const r of m.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${m.token}`);
      expect(r.headers.accept).toBe('application/json');
      expect(r.headers['x-trace-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('FF-01b /v1/about without "version" (optional in the description): api_version, documented as the same value, is read; with neither, the answer is refused as not Firefly III\'s', async () => {
    const m = await mockWith();
    m.inject({ path: '/v1/about', fault: { type: 'transform', fn: (b) => ({ data: { ...b.data, version: undefined } }) } });
    const info = await testClient(m).client.testConnection();
    expect(info.version).toBe('6.6.2');
    expect(info.warnings).toEqual([]);
    // An older server's separate API number (2.1.0) read so is no release number: a warning, not "too old".
    m.inject({ path: '/v1/about', fault: { type: 'transform', fn: () => ({ data: { api_version: '2.1.0', php_version: '8.4.1' } }) } });
    const apiOnly = await testClient(m).client.testConnection();
    expect(apiOnly.legacyFields).toBe(false);
    expect(apiOnly.warnings).toEqual(['Firefly III reports version "2.1.0", which is not a release number; assuming a current (≥ 6.3.0) server.']);
    m.inject({ path: '/v1/about', fault: { type: 'transform', fn: () => ({ data: { php_version: '8.4.1', os: 'Linux', driver: 'mysql' } }) } });
    const bare = await testClient(m).client.testConnection().catch((e) => e);
    expect(bare).toBeInstanceOf(FireflyMalformedResponseError);
    expect(bare.message).toBe(
      `The server at ${m.url} answered /v1/about without a version (neither "version" nor "api_version"), which Firefly III always reports. Check that the address is the one you open Firefly III with.`,
    );
  });

  it('FF-02 a base URL ending in /api/v1/ is normalised: the path is exactly /api/v1/about', async () => {
    const m = await mockWith();
    const client = new FireflyClient({ baseUrl: `${m.url}/api/v1/`, token: m.token, minIntervalMs: 0 });
    expect(client.baseUrl).toBe(m.url);
    await client.testConnection();
    expect(m.requests).toHaveLength(1);
    expect(m.requests[0].rawUrl).toBe('/api/v1/about');
  });

  it('FF-03 401 → FireflyAuthError after exactly one request (never retried)', async () => {
    const m = await mockWith();
    const client = new FireflyClient({ baseUrl: m.url, token: 'revoked-token-value', minIntervalMs: 0 });
    const err = await client.testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(FireflyAuthError);
    expect(err.code).toBe('F3');
    expect(err.message).toMatch(/Personal Access Token/);
    expect(m.requests).toHaveLength(1);
  });

  it('FF-03b a blocked Firefly user (401 "Blocked account.") is named as such, not as a bad token; an OAuth hint is quoted', async () => {
    const m = await mockWith({ blockedUser: true });
    const { client } = testClient(m);
    const err = await client.testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(FireflyAuthError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/^Firefly III accepted the access token but refused its user \(401 "Blocked account\."\): the user is blocked in Firefly III, so a new token will not help\./);
    expect(err.message).toContain('/admin/users');
    expect(err.message).not.toContain('Personal Access Token');
    expect(m.requests).toHaveLength(1);
    // A message other than "Unauthenticated." (an OAuth server hint) is quoted beside the token advice.
    const m2 = await mockWith();
    m2.inject({ path: '/v1/about', fault: { type: 'status', status: 401, body: { message: 'Access token has been revoked', exception: 'AuthenticationException' } } });
    const err2 = await testClient(m2).client.testConnection().catch((e) => e);
    expect(err2).toBeInstanceOf(FireflyAuthError);
    expect(err2.message).toMatch(/^Firefly III rejected the access token \(401 Unauthenticated\): it is wrong, expired or revoked\. Firefly III said: "Access token has been revoked"\. Create a new token/);
  });

  it('FF-04 the client never triggers the login redirect; with Accept removed the 302 is a protocol error and is not followed', async () => {
    const m = await mockWith();
    const { client } = testClient(m);
    await client.testConnection();
    await client.listTransactions({ ...PERIOD });
    expect(m.requestsTo('/login')).toHaveLength(0);
    const noAccept = new FireflyClient({
      baseUrl: m.url,
      token: m.token,
      minIntervalMs: 0,
      fetch: (url, init) => {
        const h = { ...(init.headers as Record<string, string>) };
        delete h.Accept;
        return fetch(url, { ...init, headers: h });
      },
    });
    m.reset();
    const err = await noAccept.testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(FireflyProtocolError);
    expect(err.code).toBe('F5');
    expect(err.status).toBe(302);
    expect(err.message).toMatch(/non-JSON response; check Accept header\/base URL/);
    expect(m.requests).toHaveLength(1); // not retried
    expect(m.requestsTo('/login')).toHaveLength(0); // not followed
  });

  it('FF-04c a proxy that rewrites Accept to text/html meets Firefly\'s 406 (AcceptHeaders): a protocol error naming the Accept header and the proxy, not retried', async () => {
    const m = await mockWith();
    const { client } = testClient(m, {
      fetch: (url, init) => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Accept: 'text/html' } }),
    });
    const err = await client.testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(FireflyProtocolError);
    expect(err.status).toBe(406);
    expect(err.message).toBe(
      'Firefly III refused the request\'s Accept header (406 Not Acceptable). Firefly III said: "Accept header "text/html" is not something this server can provide.". This app sends "Accept: application/json", so something between it and Firefly III (a proxy or gateway) changed that header: use Firefly III\'s own address, or let the proxy pass the Accept header through unchanged.',
    );
    expect(m.requests).toHaveLength(1);
  });

  it('FF-04b a server that answers on https only: the redirect is not followed and the error names the https URL', async () => {
    const m = await mockWith();
    const { client } = testClient(m);
    const https = m.url.replace(/^http:/, 'https:');
    m.inject({ path: '/v1/about', fault: { type: 'redirect', status: 301, location: `${https}/api/v1/about` } });
    const err = await client.testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(FireflyProtocolError);
    expect(err.status).toBe(301);
    expect(err.message).toContain(`it answers on https only. Set the URL to ${https}`);
    expect(m.requests).toHaveLength(1);
    // A redirect elsewhere (the login page) keeps the general advice.
    expect(httpsBaseOf(m.url, '/login')).toBeNull();
    expect(httpsBaseOf('http://ff.example/firefly', 'https://ff.example/firefly/api/v1/about')).toBe('https://ff.example/firefly');
    expect(httpsBaseOf('http://ff.example:8080', 'https://ff.example:8443/api/v1/about')).toBe('https://ff.example:8443');
    expect(httpsBaseOf('http://ff.example', 'https://other.example/api/v1/about')).toBeNull();
  });

  it('FF-05 an HTML body with 200 on /transactions → FireflyProtocolError', async () => {
    const m = await mockWith();
    m.inject({ path: '/v1/transactions', fault: { type: 'html' } });
    const { client } = testClient(m);
    const err = await client.listTransactions({ ...PERIOD }).catch((e) => e);
    expect(err).toBeInstanceOf(FireflyProtocolError);
    expect(err.message).toMatch(/web page instead of JSON/);
    expect(m.requestsTo('/v1/transactions')).toHaveLength(1);
  });

  it('FF-06 3 pages (50, 50, 20): page=1..3 with an explicit limit; 120 groups; splits flattened', async () => {
    const groups = groupsOf(120);
    groups[0].transactions.push(makeSplit({ journalId: '9001', type: 'withdrawal', date: '2026-03-10T12:00:00+00:00', amount: '1.00', description: 'extra', source: acc('1', 'Checking'), destination: acc('100', 'Shop', 'Expense account') }));
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups } });
    const { client } = testClient(m, { pageSize: 50 });
    const res = await client.listTransactions({ ...PERIOD, verifyTotal: false });
    const reqs = m.requestsTo('/v1/transactions');
    expect(reqs.map((r) => r.query.page)).toEqual(['1', '2', '3']);
    for (const r of reqs) expect(r.query.limit).toBe('50');
    expect(res.items).toHaveLength(120);
    expect(res.pages).toBe(3);
    expect(res.total).toBe(120);
    const norm = normalizeGroups(res.items);
    expect(norm.rows).toHaveLength(121);
  });

  it('FF-07 a group with 3 splits → 3 normalised transactions sharing groupId with distinct journal ids', async () => {
    const d = '2026-02-01T09:30:00+01:00';
    const g = makeGroup('77', ['501', '502', '503'].map((j, i) => makeSplit({ journalId: j, type: 'withdrawal', date: d, amount: `${i + 1}.50`, description: `part ${i}`, source: acc('1', 'Checking'), destination: acc('100', 'Market', 'Expense account') })));
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: [g] } });
    const { client } = testClient(m);
    const res = await client.listTransactions({ ...PERIOD });
    const rows = normalizeGroups(res.items).rows.map((r) => r.tx);
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.groupId))).toEqual(new Set(['77']));
    expect(rows.map((r) => r.journalId).sort()).toEqual(['501', '502', '503']);
    expect(rows.map((r) => r.amount)).toEqual(['1.50', '2.50', '3.50']);
  });

  it('FF-08 page 2 repeats 5 journal ids from page 1 → duplicates removed, drift warning', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(100) } });
    let page1: unknown[] = [];
    m.inject({ path: '/v1/transactions', page: 1, fault: { type: 'transform', fn: (b) => ((page1 = b.data), b) } });
    m.inject({ path: '/v1/transactions', page: 2, fault: { type: 'transform', fn: (b) => ({ ...b, data: [...page1.slice(0, 5), ...b.data.slice(5)] }) } });
    const { client } = testClient(m, { pageSize: 50 });
    const res = await client.listTransactions({ ...PERIOD, prefetch: 0 });
    const ids = normalizeGroups(res.items).rows.map((r) => r.tx.journalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(95);
    expect(res.duplicateSplits).toBe(5);
    expect(res.warnings.join('\n')).toMatch(/Pagination drift: 5 splits appeared on more than one page/);
  });

  it('FF-08 (one repeat) → "1 split appeared on more than one page", not "1 split(s)"', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(100) } });
    let page1: unknown[] = [];
    m.inject({ path: '/v1/transactions', page: 1, fault: { type: 'transform', fn: (b) => ((page1 = b.data), b) } });
    m.inject({ path: '/v1/transactions', page: 2, fault: { type: 'transform', fn: (b) => ({ ...b, data: [page1[0], ...b.data.slice(1)] }) } });
    const { client } = testClient(m, { pageSize: 50 });
    const res = await client.listTransactions({ ...PERIOD, prefetch: 0 });
    expect(res.duplicateSplits).toBe(1);
    expect(res.warnings[0]).toMatch(/^Pagination drift: 1 split appeared on more than one page \(/);
  });

  it('FF-08b total changes between the first and the last page → drift warning', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(100) } });
    m.inject({ path: '/v1/transactions', page: 2, fault: { type: 'transform', fn: (b) => (m.data.groups.push(...groupsOf(3, 1000)), b) } });
    const { client } = testClient(m, { pageSize: 50 });
    const res = await client.listTransactions({ ...PERIOD, prefetch: 0 });
    expect(res.warnings.join('\n')).toMatch(/reported 100 items at the start and 103 at the end/);
  });

  it('FF-09 meta says 5 pages but page 3 is empty → stops after page 3 with a warning', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(250) } });
    m.inject({ path: '/v1/transactions', page: 3, fault: { type: 'transform', fn: (b) => ({ ...b, data: [] }) } });
    const { client } = testClient(m, { pageSize: 50 });
    const res = await client.listTransactions({ ...PERIOD, prefetch: 0, verifyTotal: false });
    expect(m.requestsTo('/v1/transactions').map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(res.items).toHaveLength(100);
    expect(res.warnings.join('\n')).toMatch(/empty page 3 .* reported 5 pages/);
  });

  it('FF-10 every page reports total_pages 999999 → stops at the page cap with truncated:true', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(400) } });
    m.inject({ path: '/v1/transactions', times: Infinity, fault: { type: 'transform', fn: (b) => ({ ...b, meta: { pagination: { ...b.meta.pagination, total_pages: 999999 } } }) } });
    const { client } = testClient(m, { pageSize: 50, maxPages: 6 });
    const res = await client.listTransactions({ ...PERIOD, verifyTotal: false });
    expect(res.truncated).toBe(true);
    expect(res.pages).toBe(6);
    expect(res.warnings.join('\n')).toMatch(/Stopped after 6 pages/);
    expect(Math.max(...m.requestsTo('/v1/transactions').map((r) => Number(r.query.page)))).toBe(6);
  });

  it('FF-11 a response without meta is treated as a single page, with a warning', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(120) } });
    m.inject({ path: '/v1/transactions', times: Infinity, fault: { type: 'transform', fn: (b) => ({ data: b.data, links: b.links }) } });
    const { client } = testClient(m, { pageSize: 50 });
    const res = await client.listTransactions({ ...PERIOD });
    expect(res.items).toHaveLength(50);
    expect(m.requestsTo('/v1/transactions')).toHaveLength(1);
    expect(res.warnings.join('\n')).toMatch(/no pagination data .* single page/);
  });

  it('FF-11c meta.pagination without "total" (every pagination field is optional in the description): total_pages still drives paging, all 3 pages are read', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(120) } });
    m.inject({
      path: '/v1/transactions',
      times: Infinity,
      fault: { type: 'transform', fn: (b) => ({ ...b, meta: { pagination: { count: b.meta.pagination.count, per_page: b.meta.pagination.per_page, current_page: b.meta.pagination.current_page, total_pages: b.meta.pagination.total_pages } } }) },
    });
    const { client } = testClient(m, { pageSize: 50 });
    const res = await client.listTransactions({ ...PERIOD, prefetch: 0 });
    expect(m.requestsTo('/v1/transactions').map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(res.items).toHaveLength(120);
    expect(res.pages).toBe(3);
    expect(res.total).toBeNull();
    expect(res.truncated).toBe(false);
    expect(res.warnings).toEqual([]);
  });

  it('FF-11b negative or non-integer pagination values → protocol error (F11)', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(10) } });
    m.inject({ path: '/v1/transactions', fault: { type: 'transform', fn: (b) => ({ ...b, meta: { pagination: { ...b.meta.pagination, total_pages: -1 } } }) } });
    const { client } = testClient(m);
    const err = await client.listTransactions({ ...PERIOD }).catch((e) => e);
    expect(err).toBeInstanceOf(FireflyProtocolError);
    expect(err.code).toBe('F11');
  });

  it('FF-11d a proxy that drops the query string answers page 1 for page=2 (current_page 1): a pagination error naming both pages, not page 1 kept as "drift"', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(120) } });
    let firstPage: unknown = null;
    m.inject({
      path: '/v1/transactions',
      times: Infinity,
      fault: { type: 'transform', fn: (b, ctx) => (ctx.page === 1 ? (firstPage = b) : firstPage) },
    });
    const { client } = testClient(m, { pageSize: 50 });
    const err = await client.listTransactions({ ...PERIOD, prefetch: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(FireflyProtocolError);
    expect(err.code).toBe('F11');
    expect(err.message).toBe(
      'Firefly III answered page 1 when asked for page 2 of /v1/transactions, so the list cannot be read whole. A proxy or cache between this app and Firefly III probably drops or ignores the query string (page, limit, start, end); use Firefly III\'s own address or fix the proxy.',
    );
  });

  it('FF-12 exact decimals: "0.100000000000", "1234567.89", "12.345"; 3 × "0.10" sums to "0.30"', async () => {
    const d = '2026-04-01T10:00:00+00:00';
    const mk = (j: string, amount: string) => makeSplit({ journalId: j, type: 'withdrawal', date: d, amount, description: j, source: acc('1', 'Checking'), destination: acc('100', 'Shop', 'Expense account') });
    const groups = [makeGroup('1', [mk('1', '0.100000000000')]), makeGroup('2', [mk('2', '1234567.89')]), makeGroup('3', [mk('3', '12.345')]), makeGroup('4', [mk('4', '0.10'), mk('5', '0.10'), mk('6', '0.1')])];
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups } });
    const { client } = testClient(m);
    const rows = normalizeGroups((await client.listTransactions({ ...PERIOD })).items).rows.map((r) => r.tx);
    const byId = Object.fromEntries(rows.map((r) => [r.journalId, r.amount]));
    expect(byId['1']).toBe('0.10');
    expect(byId['2']).toBe('1234567.89');
    expect(byId['3']).toBe('12.345');
    expect(sumDecimals([byId['4'], byId['5'], byId['6']])).toBe('0.30');
    expect(0.1 + 0.1 + 0.1).not.toBe(0.3); // the float trap this avoids
  });

  it('FF-13 amount "abc" in one of 200 splits → skipped and reported; the import succeeds', async () => {
    const groups = groupsOf(200);
    groups[17].transactions[0].amount = 'abc';
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups } });
    const { client } = testClient(m);
    const { db } = tempDb();
    const res = await syncFirefly(db, client, { ...PERIOD });
    expect(res.transactions).toBe(199);
    expect(res.skipped).toBe(1);
    expect(res.warnings.join('\n')).toMatch(/Skipped 1 of 200 splits \(1 invalid-amount\), e\.g\. group 18\/journal 18/);
  });

  it('FF-14 type=withdrawal is sent; the sign convention is applied in event mapping', async () => {
    const d = '2026-05-05T10:00:00+00:00';
    const groups = [
      makeGroup('1', [makeSplit({ journalId: '1', type: 'withdrawal', date: d, amount: '5.00', description: 'w', source: acc('1', 'Checking'), destination: acc('100', 'Shop', 'Expense account') })]),
      makeGroup('2', [makeSplit({ journalId: '2', type: 'deposit', date: d, amount: '7.00', description: 'd', source: acc('200', 'Employer', 'Revenue account'), destination: acc('1', 'Checking') })]),
      makeGroup('3', [makeSplit({ journalId: '3', type: 'transfer', date: d, amount: '9.00', description: 't', source: acc('1', 'Checking'), destination: acc('2', 'Savings') })]),
    ];
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups } });
    const { client } = testClient(m);
    const only = await client.listTransactions({ ...PERIOD, type: 'withdrawal' });
    expect(m.requestsTo('/v1/transactions')[0].query.type).toBe('withdrawal');
    expect(only.items.map((g) => g.id)).toEqual(['1']);
    const all = normalizeGroups((await client.listTransactions({ ...PERIOD, type: 'all' })).items).rows.map((r) => r.tx);
    const signed = Object.fromEntries(all.map((t) => [t.type, signedAmount(t)]));
    expect(signed).toEqual({ withdrawal: '-5.00', deposit: '7.00', transfer: '0' });
  });

  it('FF-15 Date inputs become the local calendar dates (UTC+10 and UTC−8), inclusive', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(1) } });
    const start = new Date('2026-01-14T20:00:00Z'); // Brisbane: Jan 15 06:00; Los Angeles: Jan 14 12:00
    const end = new Date('2026-01-31T07:30:00Z'); // Brisbane: Jan 31 17:30; Los Angeles: Jan 30 23:30
    await testClient(m, { timeZone: 'Australia/Brisbane' }).client.listTransactions({ start, end });
    await testClient(m, { timeZone: 'America/Los_Angeles' }).client.listTransactions({ start, end });
    const [bne, lax] = m.requestsTo('/v1/transactions');
    expect([bne.query.start, bne.query.end]).toEqual(['2026-01-15', '2026-01-31']);
    expect([lax.query.start, lax.query.end]).toEqual(['2026-01-14', '2026-01-30']);
    // Inclusive bounds: a transaction dated on the end day is returned.
    const m2 = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(1, 1, '2026-01-30T23:59:00-08:00') } });
    const r = await testClient(m2, { timeZone: 'America/Los_Angeles' }).client.listTransactions({ start, end });
    expect(r.items).toHaveLength(1);
  });

  it('FF-16 insight entry difference "-250.50" → spend 250.50; sum/count not required', async () => {
    const m = await mockWith();
    m.inject({ path: '/v1/insight/expense/category', fault: { type: 'status', status: 200, body: [{ id: '1', name: 'Groceries', difference: '-250.50', difference_float: -250.5, currency_id: '2', currency_code: 'USD' }] } });
    const { client } = testClient(m);
    const res = await client.insightExpenseByCategory({ start: '2026-01-01', end: '2026-03-31' });
    expect(res).toEqual([{ id: '1', name: 'Groceries', currencyCode: 'USD', difference: '-250.50', spent: '250.50' }]);
    const q = m.requestsTo('/v1/insight/expense/category')[0].query;
    expect(q).toEqual({ start: '2026-01-01', end: '2026-03-31' });
  });

  it('FF-17 the same category in two currencies → two entries, separated by currency', async () => {
    const m = await mockWith();
    m.inject({
      path: '/v1/insight/expense/category',
      fault: { type: 'status', status: 200, body: [
        { id: '1', name: 'Groceries', difference: '-100.00', difference_float: -100, currency_id: '1', currency_code: 'EUR' },
        { id: '1', name: 'Groceries', difference: '-5000', difference_float: -5000, currency_id: '3', currency_code: 'JPY' },
      ] },
    });
    const res = await testClient(m).client.insightExpenseByCategory({ start: '2026-01-01', end: '2026-03-31' });
    expect(res.map((e) => [e.name, e.currencyCode, e.spent])).toEqual([
      ['Groceries', 'EUR', '100.00'],
      ['Groceries', 'JPY', '5000.00'],
    ]);
  });

  it('FF-18 429 with Retry-After: 2, then 200 → one retry after ≥ 2 s', async () => {
    const m = await mockWith();
    m.inject({ path: '/v1/about', fault: { type: 'rateLimit', retryAfter: '2' } });
    const client = new FireflyClient({ baseUrl: m.url, token: m.token, minIntervalMs: 0 });
    const t0 = Date.now();
    const info = await client.testConnection();
    expect(info.ok).toBe(true);
    const reqs = m.requestsTo('/v1/about');
    expect(reqs).toHaveLength(2);
    expect(reqs[1].at - reqs[0].at).toBeGreaterThanOrEqual(1990);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1990);
  });

  it('FF-18b Retry-After as an HTTP-date is honoured', async () => {
    const m = await mockWith();
    m.inject({ path: '/v1/about', fault: { type: 'rateLimit', retryAfter: new Date(Date.now() + 3000).toUTCString() } });
    const { client, waits } = testClient(m);
    await client.testConnection();
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1000);
    expect(waits[0]).toBeLessThanOrEqual(3000);
  });

  it('FF-18c under Laravel throttling (4 requests a second) the client reads X-RateLimit-*: at most one request meets each closed window', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(90) }, throttle: { limit: 4, windowSeconds: 1 } });
    const retries: string[] = [];
    // Real sleeps (Retry-After is honoured in real time); four pages in flight at once.
    const client = new FireflyClient({ baseUrl: m.url, token: m.token, minIntervalMs: 0, timeZone: 'UTC', pageSize: 10, onRetry: (i) => retries.push(i.reason) });
    const t0 = Date.now();
    const res = await client.listTransactions({ ...PERIOD });
    expect(res.items).toHaveLength(90);
    expect(res.pages).toBe(9);
    // 9 pages at 4 a second need two more windows; once a response says Remaining: 0 the client
    // sends a single probe (its 429 names the wait) instead of every page it could have in flight.
    const refused = m.throttled;
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(2);
    expect(retries).toHaveLength(refused);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });

  it('FF-18d a 429 without Retry-After waits until X-RateLimit-Reset (epoch seconds) rather than the 0.5 s backoff', async () => {
    const m = await mockWith();
    const reset = Math.floor(Date.now() / 1000) + 3;
    m.inject({ path: '/v1/about', fault: { type: 'status', status: 429, body: { message: 'Too Many Attempts.', exception: 'ThrottleRequestsException' }, headers: { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) } } });
    const { client, waits } = testClient(m);
    await client.testConnection();
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1000);
    expect(waits[0]).toBeLessThanOrEqual(3000);
  });

  it('FF-19 a 500 ThrottleRequestsException is treated as rate limiting and retried', async () => {
    const m = await mockWith();
    m.inject({ path: '/v1/about', fault: { type: 'throttle500' } });
    const reasons: string[] = [];
    const { client } = testClient(m, { onRetry: (i) => reasons.push(i.reason) });
    await client.testConnection();
    expect(m.requestsTo('/v1/about')).toHaveLength(2);
    expect(reasons).toEqual(['F8 HTTP 500']);
  });

  it('FF-20 503 ×4 → 1 + 3 attempts, backoff ≈ 0.5 s, 1 s, 2 s (±20 %), then FireflyUnavailable', async () => {
    const m = await mockWith();
    m.inject({ path: '/v1/about', times: 4, fault: { type: 'status', status: 503, body: { message: 'Service Unavailable', exception: 'HttpException' } } });
    const { client, waits } = testClient(m);
    const err = await client.testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(FireflyUnavailable);
    expect(err.code).toBe('F9');
    expect(m.requestsTo('/v1/about')).toHaveLength(4);
    expect(waits).toHaveLength(3);
    [500, 1000, 2000].forEach((base, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(base * 0.8);
      expect(waits[i]).toBeLessThanOrEqual(base * 1.2);
    });
  });

  it('FF-21 422 with errors.start → no retry; the error exposes errors.start', async () => {
    const m = await mockWith();
    m.inject({ path: '/v1/insight/expense/category', fault: { type: 'status', status: 422, body: { message: 'The given data was invalid.', errors: { start: ['required'] } } } });
    const err = await testClient(m).client.insightExpenseByCategory({ start: '2026-01-01', end: '2026-01-31' }).catch((e) => e);
    expect(err).toBeInstanceOf(FireflyValidationError);
    expect(err.code).toBe('F7');
    expect(err.errors.start).toEqual(['required']);
    expect(err.message).toMatch(/start: required/);
    expect(m.requestsTo('/v1/insight/expense/category')).toHaveLength(1);
  });

  it('FF-22 truncated JSON on page 2 → protocol error; nothing reaches the store', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(120) } });
    m.inject({ path: '/v1/transactions', page: 2, fault: { type: 'malformed' } });
    const { client } = testClient(m, { pageSize: 50 });
    const { db } = tempDb();
    const err = await syncFirefly(db, client, { ...PERIOD }).catch((e) => e);
    expect(err).toBeInstanceOf(FireflyMalformedResponseError);
    expect(err).toBeInstanceOf(FireflyProtocolError);
    expect(err.code).toBe('F10');
    expect(db.prepare('SELECT COUNT(*) AS n FROM firefly_snapshots').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM firefly_transactions').get()).toEqual({ n: 0 });
  });

  it('FF-23 connection refused → FireflyUnavailable after the retries, within the deadline', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const attempts: number[] = [];
    const client = new FireflyClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'tok-123456', minIntervalMs: 0, onRequest: (i) => attempts.push(i.attempt) });
    const t0 = Date.now();
    const err = await client.testConnection({ deadline: Date.now() + 10_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(FireflyUnavailable);
    expect(err.code).toBe('F1');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(attempts).toEqual([0, 1, 2, 3]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('FF-24 page 2 delayed beyond the timeout, then OK on retry → success with 2 requests for page 2', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(120) } });
    m.inject({ path: '/v1/transactions', page: 2, fault: { type: 'delay', ms: 2_000 } });
    const { client } = testClient(m, { pageSize: 50, timeoutMs: 300 });
    const res = await client.listTransactions({ ...PERIOD, verifyTotal: false });
    expect(res.items).toHaveLength(120);
    expect(m.requestsTo('/v1/transactions').filter((r) => r.query.page === '2')).toHaveLength(2);
  });

  it('FF-25 the CSV export sends start/end/type=csv and streams 150 MB to disk with flat memory', async () => {
    const size = 150 * 1024 * 1024;
    const m = await mockWith({ exportBytes: size });
    const { client } = testClient(m);
    const dir = mkdtempSync(join(tmpdir(), 'ff-export-'));
    tmpDirs.push(dir);
    const dest = join(dir, 'export.csv');
    const before = process.memoryUsage();
    let peak = 0;
    const res = await client.exportTransactionsCsv(dest, {
      start: '2026-01-01',
      end: '2026-03-31',
      accounts: [1, 2],
      onProgress: () => {
        const u = process.memoryUsage();
        peak = Math.max(peak, u.heapUsed + u.arrayBuffers - (before.heapUsed + before.arrayBuffers));
      },
    });
    const q = m.requestsTo('/v1/data/export/transactions')[0].query;
    expect(q).toEqual({ start: '2026-01-01', end: '2026-03-31', type: 'csv', accounts: '1,2' });
    expect(q).not.toHaveProperty('start_date');
    expect(res.bytes).toBe(size);
    expect(statSync(dest).size).toBe(size);
    expect(statSync(dest).mode & 0o077).toBe(0);
    expect(peak).toBeLessThan(64 * 1024 * 1024); // far below the 150 MB body
    expect(readdirSync(dir)).toEqual(['export.csv']); // no temp file left
  }, 120_000);

  it('FF-26 a Firefly 6.2 fixture with native_amount and no pc_amount → fallback fields plus a version warning', async () => {
    const m = await mockWith({ version: '6.2.10', convertToPrimary: true, data: seedFireflyData({ groups: 40, foreignShare: 0.5 }) });
    const { client } = testClient(m);
    const { db } = tempDb();
    const res = await syncFirefly(db, client, { start: '2025-01-01', end: '2026-12-31' });
    expect(client.legacyFields).toBe(true);
    expect(res.warnings.join('\n')).toMatch(/6\.2\.10 predates 6\.3\.0.*native_\*/);
    const row = db.prepare(`SELECT amount, primary_amount, primary_currency_code FROM firefly_transactions WHERE primary_amount IS NOT NULL LIMIT 1`).get() as Record<string, string>;
    expect(row.primary_amount).toMatch(/^\d+\.\d+$/);
    expect(row.primary_currency_code).toBe('EUR');
    expect(db.prepare('SELECT COUNT(*) AS n FROM firefly_transactions WHERE primary_amount IS NULL').get()).toEqual({ n: 0 });
  });

  it('FF-27 a split with category_name null and description "Farmers market haul" is kept uncategorised with its description', async () => {
    const g = makeGroup('1', [makeSplit({ journalId: '1', type: 'withdrawal', date: '2026-06-06T08:00:00+00:00', amount: '23.40', description: 'Farmers market haul', category: null, source: acc('1', 'Checking'), destination: acc('106', 'Boerenmarkt', 'Expense account') })]);
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: [g] } });
    const { client } = testClient(m);
    const { db } = tempDb();
    const res = await syncFirefly(db, client, { ...PERIOD, type: 'withdrawal' });
    expect(res.transactions).toBe(1);
    const tx = db.prepare('SELECT category_name, description FROM firefly_transactions').get();
    expect(tx).toEqual({ category_name: null, description: 'Farmers market haul' });
    expect(db.prepare('SELECT category, total FROM firefly_category_totals').all()).toEqual([{ category: '(uncategorised)', total: '23.40' }]);
    // Mapping to farmers_market happens in src-shared/projections/calibration (mapCategories), fed by loadCalibrationInput.
  });

  it('FF-32 AbortSignal fired during page 2 → in-flight request aborted, no further pages, nothing stored', async () => {
    const m = await mockWith({ data: { ...seedFireflyData({ groups: 0 }), groups: groupsOf(250) } });
    m.inject({ path: '/v1/transactions', page: 2, fault: { type: 'hang' } });
    const issued: Array<{ path: string; at: number }> = [];
    const { client } = testClient(m, { pageSize: 50, onRequest: (i) => issued.push({ path: i.path, at: Date.now() }) });
    const { db } = tempDb();
    const ctl = new AbortController();
    const phases: string[] = [];
    const p = syncFirefly(db, client, {
      ...PERIOD,
      signal: ctl.signal,
      onProgress: (e) => {
        phases.push(e.phase);
      },
    });
    // Abort once page 2 has reached the server.
    for (let i = 0; i < 200 && !m.requestsTo('/v1/transactions').some((r) => r.query.page === '2'); i += 1) await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    ctl.abort();
    const err = await p.catch((e) => e);
    expect(err).toBeInstanceOf(FireflyAbortError);
    expect(err.code).toBe('F21');
    expect(Date.now() - t0).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 300));
    expect(issued.filter((r) => r.at > t0)).toEqual([]); // the client started nothing after the abort
    const pages = m.requestsTo('/v1/transactions').map((r) => Number(r.query.page));
    expect(pages.filter((x) => x === 1)).toHaveLength(1); // no final drift re-read either
    expect(db.prepare('SELECT COUNT(*) AS n FROM firefly_snapshots').get()).toEqual({ n: 0 });
    expect(phases).not.toContain('store');
  });
});

// FF-28…FF-31 (calibration through the bridge with the real shared calibration, and the §1.12 report
// writer) live in ./calibration.test.ts.
