/** Snapshot sync: idempotency, deltas, atomic failure, progress, token never leaked (logs, errors, DB bytes, JSON). */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FireflyClient,
  FireflyConfigError,
  FireflyDataQualityError,
  FireflyNoDataError,
  FireflyServerError,
  FIREFLY_MIGRATION_SQL,
  FileSecretStore,
  getSyncDelta,
  loadCalibrationInput,
  loadSnapshotTransactions,
  resolveFireflyCredentials,
  SECRET_NAMES,
  syncFirefly,
} from '../../../src-main/firefly';
import { NormalizedTransaction } from '../../../src-shared/finance/transactions';
import { makeGroup, makeSplit, seedFireflyData, startMockFirefly, type MockFirefly } from '../../mocks/firefly/server';
import { captureConsole, testClient } from './helpers';

const mocks: MockFirefly[] = [];
const dirs: string[] = [];
afterEach(async () => {
  while (mocks.length) await mocks.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tmp() {
  const d = mkdtempSync(join(tmpdir(), 'ff-sync-'));
  dirs.push(d);
  return d;
}
function tempDb() {
  const file = join(tmp(), 'workbench.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(FIREFLY_MIGRATION_SQL);
  return { db, file };
}
const RANGE = { start: '2025-07-01', end: '2026-06-30' };
const count = (db: Database.Database, t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;

describe('Firefly sync into SQLite', () => {
  it('stores a snapshot, returns the --json contract, and rows validate as NormalizedTransaction', async () => {
    const m = await startMockFirefly({ data: seedFireflyData({ groups: 320, seed: 3 }) });
    mocks.push(m);
    const { db } = tempDb();
    const progress: string[] = [];
    const res = await syncFirefly(db, testClient(m).client, { ...RANGE, onProgress: (p) => progress.push(p.phase) });
    expect(Object.keys(res).sort()).toEqual(['delta', 'groups', 'period', 'skipped', 'snapshotId', 'transactions', 'warnings']);
    expect(res.period).toEqual(RANGE);
    expect(res.groups).toBe(320);
    const splits = m.data.groups.reduce((n, g) => n + g.transactions.length, 0);
    expect(res.transactions).toBe(splits);
    expect(res.delta).toEqual({ added: splits, changed: 0, removed: 0 });
    expect(count(db, 'firefly_transactions')).toBe(splits);
    for (const t of loadSnapshotTransactions(db, res.snapshotId)) NormalizedTransaction.parse(t);
    expect(progress).toEqual(expect.arrayContaining(['connect', 'accounts', 'categories', 'transactions', 'store', 'done']));
    expect(m.requestsTo('/v1/transactions').length).toBeGreaterThanOrEqual(4); // 100 per page + drift check
  });

  it('a damaged stored transaction is named when read back, never used (calibration would be silently wrong)', async () => {
    const m = await startMockFirefly({ data: seedFireflyData({ groups: 20, seed: 5 }) });
    mocks.push(m);
    const { db } = tempDb();
    const res = await syncFirefly(db, testClient(m).client, RANGE);
    const victim = db.prepare('SELECT journal_id FROM firefly_transactions WHERE snapshot_id = ? ORDER BY date, journal_id LIMIT 1 OFFSET 3').get(res.snapshotId) as { journal_id: string };
    db.prepare("UPDATE firefly_transactions SET amount = '-12.50' WHERE snapshot_id = ? AND journal_id = ?").run(res.snapshotId, victim.journal_id);
    expect(() => loadSnapshotTransactions(db, res.snapshotId)).toThrow(
      `Firefly snapshot ${res.snapshotId}: stored transaction ${victim.journal_id} is damaged in the database (amount: amount must be a non-negative decimal string); sync again to replace the snapshot`,
    );
    db.prepare("UPDATE firefly_transactions SET amount = '12.50', tags_json = '{oops' WHERE snapshot_id = ? AND journal_id = ?").run(res.snapshotId, victim.journal_id);
    expect(() => loadSnapshotTransactions(db, res.snapshotId)).toThrow(/damaged in the database \(tags: /);
  });

  it('is idempotent: re-syncing unchanged data adds no snapshot and no rows', async () => {
    const m = await startMockFirefly({ data: seedFireflyData({ groups: 150 }) });
    mocks.push(m);
    const { db } = tempDb();
    const { client } = testClient(m);
    const a = await syncFirefly(db, client, RANGE);
    const b = await syncFirefly(db, client, RANGE);
    expect(b.snapshotId).toBe(a.snapshotId);
    expect(b.delta).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(count(db, 'firefly_snapshots')).toBe(1);
    expect(count(db, 'firefly_transactions')).toBe(a.transactions);
  });

  it('computes added / changed / removed and category-total deltas against the previous snapshot', async () => {
    const m = await startMockFirefly({ data: seedFireflyData({ groups: 120, splitEvery: 0, foreignShare: 0 }) });
    mocks.push(m);
    const { db } = tempDb();
    const { client } = testClient(m);
    const first = await syncFirefly(db, client, RANGE);
    const g = m.data.groups;
    const removed = g.splice(0, 2); // remove 2 groups
    g[0].transactions[0].amount = '999.99'; // change one
    g.push(makeGroup('5000', [makeSplit({ journalId: '50000', type: 'withdrawal', date: '2026-06-01T10:00:00+00:00', amount: '3.00', description: 'new', category: { id: '1', name: 'Groceries' }, source: { id: '1', name: 'Checking', type: 'Asset account' }, destination: { id: '100', name: 'Lidl', type: 'Expense account' } })]));
    const second = await syncFirefly(db, client, RANGE);
    expect(second.snapshotId).not.toBe(first.snapshotId);
    expect(second.delta).toEqual({ added: 1, changed: 1, removed: removed.length });
    const d = getSyncDelta(db, second.snapshotId)!;
    expect(d.previousSnapshotId).toBe(first.snapshotId);
    expect(d.categories.length).toBeGreaterThan(0);
    expect(d.categories.every((c) => /^-?\d+\.\d+$/.test(c.difference))).toBe(true);
    const items = db.prepare('SELECT kind, COUNT(*) AS n FROM firefly_delta_items WHERE snapshot_id = ? GROUP BY kind ORDER BY kind').all(second.snapshotId);
    expect(items).toEqual([{ kind: 'added', n: 1 }, { kind: 'changed', n: 1 }, { kind: 'removed', n: 2 }]);
    // Read back through a schema: a damaged stored delta is named, not returned as data.
    db.prepare(`UPDATE firefly_sync_deltas SET category_deltas_json = '[{"category":"Groceries"}]' WHERE snapshot_id = ?`).run(second.snapshotId);
    expect(() => getSyncDelta(db, second.snapshotId)).toThrow(/snapshot \d+: its stored sync delta is damaged in the database \(categories\.0\.currencyCode/);
    db.prepare(`UPDATE firefly_sync_deltas SET category_deltas_json = 'not json' WHERE snapshot_id = ?`).run(second.snapshotId);
    expect(() => getSyncDelta(db, second.snapshotId)).toThrow(/damaged in the database \(categories:/);
  });

  it('a failed sync leaves the previous snapshot intact', async () => {
    const m = await startMockFirefly({ data: seedFireflyData({ groups: 260 }) });
    mocks.push(m);
    const { db } = tempDb();
    const { client } = testClient(m);
    const ok = await syncFirefly(db, client, RANGE);
    const before = db.prepare('SELECT * FROM firefly_transactions ORDER BY journal_id').all();
    m.data.groups.splice(0, 10);
    m.inject({ path: '/v1/transactions', page: 3, times: 4, fault: { type: 'status', status: 502, body: { message: 'Bad Gateway', exception: 'HttpException' } } });
    const err = await syncFirefly(db, client, RANGE).catch((e) => e);
    expect(err).toBeInstanceOf(FireflyServerError);
    expect(count(db, 'firefly_snapshots')).toBe(1);
    expect(db.prepare('SELECT * FROM firefly_transactions ORDER BY journal_id').all()).toEqual(before);
    expect(loadCalibrationInput(db).snapshot.id).toBe(ok.snapshotId);
  });

  it('F12: more than 1 % invalid splits fails the sync without writing anything', async () => {
    const data = seedFireflyData({ groups: 100, splitEvery: 0 });
    for (const g of data.groups.slice(0, 3)) g.transactions[0].amount = '12,50';
    const m = await startMockFirefly({ data });
    mocks.push(m);
    const { db } = tempDb();
    const err = await syncFirefly(db, testClient(m).client, { start: '2000-01-01', end: '2030-12-31' }).catch((e) => e);
    expect(err).toBeInstanceOf(FireflyDataQualityError);
    expect(err.code).toBe('F12');
    expect(count(db, 'firefly_snapshots')).toBe(0);
  });

  it('user-defined currencies (Firefly allows codes of 3–51 characters, e.g. USDT) sync like ISO ones', async () => {
    const data = seedFireflyData({ groups: 60, splitEvery: 0 });
    const usdt = { id: '9', code: 'USDT', name: 'Tether', symbol: '₮', decimal_places: 6, primary: false };
    data.currencies.push(usdt);
    for (const g of data.groups.slice(0, 5)) Object.assign(g.transactions[0], { currency_id: usdt.id, currency_code: 'USDT', currency_symbol: '₮', currency_decimal_places: 6, amount: '12.500000' });
    const m = await startMockFirefly({ data });
    mocks.push(m);
    const { db } = tempDb();
    const r = await syncFirefly(db, testClient(m).client, { start: '2000-01-01', end: '2030-12-31' });
    const rows = loadSnapshotTransactions(db, r.snapshotId).filter((t) => t.currencyCode === 'USDT');
    expect(rows.map((t) => t.amount)).toEqual(new Array(5).fill('12.500000'));
    for (const t of rows) expect(NormalizedTransaction.safeParse(t).success).toBe(true);
  });

  it('F12: groups that fail the API description count as invalid too (3 of 100 unreadable → fails)', async () => {
    const data = seedFireflyData({ groups: 100, splitEvery: 0 });
    for (const g of data.groups.slice(0, 3)) (g as unknown as { id: unknown }).id = null; // the spec's id is a string
    const m = await startMockFirefly({ data });
    mocks.push(m);
    const { db } = tempDb();
    const err = await syncFirefly(db, testClient(m).client, { start: '2000-01-01', end: '2030-12-31' }).catch((e) => e);
    expect(err).toBeInstanceOf(FireflyDataQualityError);
    expect(err.message).toMatch(/^3 of 100 Firefly III transactions/);
    expect(err.message).toContain('more than the 1.0 % allowed: 3 transaction groups that did not match the Firefly III API description. Nothing was saved.');
    expect(count(db, 'firefly_snapshots')).toBe(0);
  });

  it('F12 names what was wrong: a currency code Firefly III allows but the app does not read ("GOLD OZ") is quoted with the rule and a journal to look up', async () => {
    const data = seedFireflyData({ groups: 100, splitEvery: 0, foreignShare: 0 });
    for (const g of data.groups.slice(0, 4)) Object.assign(g.transactions[0], { currency_code: 'GOLD OZ', currency_symbol: 'oz' });
    const m = await startMockFirefly({ data });
    mocks.push(m);
    const { db } = tempDb();
    const err = await syncFirefly(db, testClient(m).client, { start: '2000-01-01', end: '2030-12-31' }).catch((e) => e);
    expect(err).toBeInstanceOf(FireflyDataQualityError);
    expect(err.message).toMatch(
      /^4 of 100 Firefly III transactions \(4\.0 %\) had missing or invalid fields, more than the 1\.0 % allowed: 4 invalid-currency \("GOLD OZ" × 4: the app reads currency codes of 3–51 letters, digits, "\.", "_" or "-" \(no spaces or symbols\); change the code in Firefly III \(Options → Currencies\)\), e\.g\. group \d+\/journal \d+/,
    );
    expect(err.message).toMatch(/Nothing was saved\. Fix them in Firefly III and sync again\.$/);
    expect(err.message).not.toContain('import report'); // nothing was saved, so there is none to see
    expect(count(db, 'firefly_snapshots')).toBe(0);
  });

  it('F19/F13: calibration input is one currency of withdrawals; no data → typed error', async () => {
    const m = await startMockFirefly({ data: seedFireflyData({ groups: 200, foreignShare: 0.3 }) });
    mocks.push(m);
    const { db } = tempDb();
    expect(() => loadCalibrationInput(db)).toThrow(FireflyNoDataError);
    await syncFirefly(db, testClient(m).client, RANGE);
    const input = loadCalibrationInput(db);
    expect(input.currencyCode).toBe('EUR');
    expect(input.transactions.every((t) => t.type === 'withdrawal' && t.currencyCode === 'EUR')).toBe(true);
    expect(input.excludedOtherCurrencies).toBeGreaterThan(0);
    expect(loadCalibrationInput(db, { currencyCode: 'usd' }).transactions.every((t) => t.currencyCode === 'USD')).toBe(true);
    // Counted with the noun and its verb, the other currencies named: not "withdrawal(s) in other currencies".
    const others = [...new Set(loadSnapshotTransactions(db, input.snapshot.id).filter((t) => t.type === 'withdrawal' && t.currencyCode !== 'EUR').map((t) => t.currencyCode))].sort();
    expect(input.warnings).toEqual([
      `${input.excludedOtherCurrencies} withdrawals in ${others.length === 1 ? 'another currency' : 'other currencies'} (${others.join(', ')}) were left out; calibration uses EUR only.`,
    ]);
  });

  it('one withdrawal in another currency: "1 withdrawal in another currency (USD) was left out"', async () => {
    const data = seedFireflyData({ groups: 60, splitEvery: 0, foreignShare: 0 });
    const usd = data.currencies.find((c) => c.code === 'USD')!;
    const g = data.groups.find((x) => x.transactions[0].type === 'withdrawal')!;
    Object.assign(g.transactions[0], { currency_id: usd.id, currency_code: 'USD', currency_symbol: usd.symbol, currency_decimal_places: 2 });
    const m = await startMockFirefly({ data });
    mocks.push(m);
    const { db } = tempDb();
    await syncFirefly(db, testClient(m).client, { start: '2000-01-01', end: '2030-12-31' });
    const input = loadCalibrationInput(db);
    expect(input.excludedOtherCurrencies).toBe(1);
    expect(input.warnings).toEqual(['1 withdrawal in another currency (USD) was left out; calibration uses EUR only.']);
  });

  it('one group that fails the API description (of 200, under the 1 % limit): "1 item … was skipped"', async () => {
    const data = seedFireflyData({ groups: 200, splitEvery: 0 });
    (data.groups[0] as unknown as { id: unknown }).id = null;
    const m = await startMockFirefly({ data });
    mocks.push(m);
    const { db } = tempDb();
    const r = await syncFirefly(db, testClient(m).client, { start: '2000-01-01', end: '2030-12-31' });
    expect(r.warnings).toContain('1 item of /v1/transactions did not match the Firefly III API description and was skipped.');
  });
});

describe('the access token never leaks', () => {
  it('not in console logs, error messages, inspect/JSON of the client, the DB file bytes or a JSON export', async () => {
    const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.SUPERSECRET-token-value-123';
    const m = await startMockFirefly({ token, data: seedFireflyData({ groups: 130 }) });
    mocks.push(m);
    const { db, file } = tempDb();
    const cap = await captureConsole(async () => {
      const client = new FireflyClient({ baseUrl: m.url, token, minIntervalMs: 0, logger: { warn: (s) => console.warn(s), debug: (s) => console.debug(s) } });
      console.log(client, JSON.stringify(client), String(client), inspect(client, { showHidden: true, depth: 10 }));
      m.inject({ path: '/v1/transactions', page: 2, fault: { type: 'rateLimit', retryAfter: '0' } });
      const res = await syncFirefly(db, client, RANGE);
      console.log(JSON.stringify(res));
      writeFileSync(join(dirs[dirs.length - 1], 'export.json'), JSON.stringify({ res, client, snapshots: db.prepare('SELECT * FROM firefly_snapshots').all() }));
      // error paths: a 401 from a wrong-token client, a redirect, a 500 carrying the token in its body
      const errors: unknown[] = [];
      m.inject({ path: '/v1/about', fault: { type: 'status', status: 500, body: { message: `boom ${token}`, exception: 'X' } } });
      m.inject({ path: '/v1/about', times: 3, fault: { type: 'status', status: 500, body: { message: `boom ${token}`, exception: 'X' } } });
      const fast = new FireflyClient({ baseUrl: m.url, token, minIntervalMs: 0, sleep: async () => undefined });
      errors.push(await fast.testConnection().catch((e) => e));
      m.inject({ path: '/v1/about', fault: { type: 'redirect', location: `/login?t=${token}` } });
      errors.push(await fast.testConnection().catch((e) => e));
      for (const e of errors) console.error(e, JSON.stringify(e), (e as Error).message, (e as { snippet?: string }).snippet);
      return errors;
    });
    expect(cap.error).toBeUndefined();
    expect(cap.output.length).toBeGreaterThan(100);
    expect(cap.output).toContain('[redacted]');
    expect(cap.output).not.toContain(token);
    expect(cap.output).not.toContain('SUPERSECRET');
    db.close();
    for (const f of readdirSync(join(file, '..'))) {
      const bytes = readFileSync(join(file, '..', f));
      expect(bytes.includes(Buffer.from('SUPERSECRET')), f).toBe(false);
    }
  });

  it('a server that echoes the token as its version: not in the connection info, the warnings or the snapshot row', async () => {
    const token = 'ffECHO-canary-token-5c1e9a77d2';
    const m = await startMockFirefly({ token, version: token, data: seedFireflyData({ groups: 20 }) });
    mocks.push(m);
    const { db, file } = tempDb();
    const { client } = testClient(m);
    const info = await client.testConnection();
    expect(info.version).toBe('[redacted]');
    expect(info.apiVersion).toBe('[redacted]');
    expect(JSON.stringify(info)).not.toContain(token);
    const res = await syncFirefly(db, client, RANGE);
    expect(res.groups).toBe(20);
    expect(db.prepare('SELECT server_version FROM firefly_snapshots').pluck().all()).toEqual(['[redacted]']);
    db.close();
    for (const f of readdirSync(join(file, '..'))) expect(readFileSync(join(file, '..', f)).includes(Buffer.from(token)), f).toBe(false);
  });

  it('a 200 body that echoes the token (error object, off-description JSON, no data list): not in the message, snippet or inspect output', async () => {
    const token = 'ffECHO-200-canary-token-8e41b0c3f6';
    const m = await startMockFirefly({ token, data: seedFireflyData({ groups: 5 }) });
    mocks.push(m);
    const { client } = testClient(m);
    // {message, exception} with status 200 (F16), a SystemInfo-shaped body with a non-string version
    // (F10, schema mismatch) and a list page without `data` (F10, paginator): each carries the token.
    m.inject({ path: '/v1/about', fault: { type: 'transform', fn: () => ({ message: `Unauthenticated: Bearer ${token}`, exception: 'AuthenticationException' }) } });
    m.inject({ path: '/v1/about', fault: { type: 'transform', fn: () => ({ data: { version: 6, echo: `Bearer ${token}` } }) } });
    m.inject({ path: '/v1/transactions', fault: { type: 'transform', fn: () => ({ echo: `Bearer ${token}` }) } });
    const errors = [
      await client.testConnection().catch((e: unknown) => e),
      await client.testConnection().catch((e: unknown) => e),
      await client.listTransactions({ ...RANGE }).catch((e: unknown) => e),
    ] as Array<Error & { code?: string; snippet?: string }>;
    expect(errors.map((e) => e.code)).toEqual(['F16', 'F10', 'F10']);
    for (const e of errors) {
      expect(e.snippet ?? '').toContain('[redacted]');
      const all = [e.message, e.snippet ?? '', JSON.stringify(e), inspect(e, { depth: 5 })].join('\n');
      expect(all).not.toContain(token);
    }
    expect(errors[0].message).toContain('Unauthenticated: Bearer [redacted]');
    // A token that straddles the 2 KB snippet limit must not survive as a prefix.
    const pad = 'x'.repeat(2048 - 30);
    m.inject({ path: '/v1/about', fault: { type: 'status', status: 501, body: { message: `${pad}${token}`, exception: 'X' } } });
    const cut = (await client.testConnection().catch((e: unknown) => e)) as Error & { snippet?: string };
    expect(cut.snippet?.length).toBe(2048);
    expect(cut.snippet).not.toContain(token.slice(0, 12));
    // The same across the 200-character cut of the server's message quoted in the error, and the 200 error object's.
    const near = 'y'.repeat(190);
    m.inject({ path: '/v1/about', fault: { type: 'status', status: 501, body: { message: `${near}${token}`, exception: 'X' } } });
    m.inject({ path: '/v1/about', fault: { type: 'transform', fn: () => ({ message: `${near}${token}`, exception: 'X' }) } });
    for (let k = 0; k < 2; k++) {
      const e = (await client.testConnection().catch((x: unknown) => x)) as Error;
      expect(e.message).toContain(near);
      expect(e.message).not.toContain(token.slice(0, 8));
    }
  });

  it('credentials: env, 0600 token file (looser refused), FileSecretStore keeps 0600 files outside the DB', async () => {
    const dir = tmp();
    const tf = join(dir, 'token');
    writeFileSync(tf, 'file-token-abc\n', { mode: 0o644 });
    chmodSync(tf, 0o644);
    await expect(resolveFireflyCredentials({ url: 'http://h', tokenFile: tf, env: {} })).rejects.toThrow(/chmod 600/);
    await expect(resolveFireflyCredentials({ url: 'http://h', tokenFile: tf, env: {} })).rejects.toBeInstanceOf(FireflyConfigError);
    chmodSync(tf, 0o600);
    const c = await resolveFireflyCredentials({ url: 'http://h/api/v1/', tokenFile: tf, env: {} });
    expect(c).toMatchObject({ baseUrl: 'http://h', token: 'file-token-abc', source: 'cli-token-file' });
    expect(c.notice).not.toContain('file-token-abc');
    const e = await resolveFireflyCredentials({ env: { FIREFLY_URL: 'https://ff.example.org', FIREFLY_TOKEN: 'env-tok-xyz' } });
    expect(e).toMatchObject({ baseUrl: 'https://ff.example.org', source: 'env' });
    expect(e.notice).not.toContain('env-tok-xyz');
    await expect(resolveFireflyCredentials({ env: {} })).rejects.toThrow(/FIREFLY_URL and FIREFLY_TOKEN/);
    const store = new FileSecretStore(dir);
    await store.set(SECRET_NAMES.fireflyToken, 'stored-tok-999');
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'secrets', `${SECRET_NAMES.fireflyToken}.secret`)).mode & 0o777).toBe(0o600);
    expect(await store.get(SECRET_NAMES.fireflyToken)).toBe('stored-tok-999');
    const s = await resolveFireflyCredentials({ env: {}, store, storedUrl: 'https://ff.example.org' });
    expect(s).toMatchObject({ source: 'secret-store', token: 'stored-tok-999' });
    await store.delete(SECRET_NAMES.fireflyToken);
    expect(await store.get(SECRET_NAMES.fireflyToken)).toBeNull();
    expect(() => new FireflyClient({ baseUrl: 'http://h', token: '  ' })).toThrow(/No Firefly III access token/);
  });
});
