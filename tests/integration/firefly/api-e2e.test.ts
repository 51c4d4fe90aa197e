/**
 * End to end through the API contract (the same gate both transports use): connect a token, sync
 * 600 groups over several pages with faults injected, calibrate with the shared calibration, then run
 * a simulation with the calibrated parameters. Also: the token never reaches the DB, outputs or errors;
 * a failed sync keeps the previous snapshot; the scheduler stores idempotent snapshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { startFireflyScheduler } from '../../../src-main/firefly/scheduler';
import { listSnapshots, getSyncDelta } from '../../../src-main/firefly/sync';
import { readSyncState, loadFireflyCalibrationTransactions } from '../../../src-main/firefly/service';
import { seedFireflyData, startMockFirefly, type MockFirefly } from '../../mocks/firefly/server';
import { tmpDir } from '../../helpers/tmp';

const cleanups: Array<() => Promise<void> | void> = [];
const savedEnv = { ...process.env };
beforeEach(() => {
  delete process.env.FIREFLY_URL;
  delete process.env.FIREFLY_TOKEN;
  delete process.env.FIREFLY_TOKEN_FILE;
  process.env.WORKBENCH_FIREFLY_MIN_INTERVAL_MS = '0';
  process.env.WORKBENCH_FIREFLY_BACKOFF_MS = '20';
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  process.env = { ...savedEnv };
});

async function setup(groups = 600): Promise<{ app: AppContext; mock: MockFirefly }> {
  const mock = await startMockFirefly({ data: seedFireflyData({ groups, end: '2026-06-30', days: 365, seed: 7 }) });
  const tmp = tmpDir('wb-ffapi-');
  const app = createContext({ dataDir: tmp.dir, transport: 'http' });
  cleanups.push(() => tmp.cleanup(), () => app.close(), () => mock.close());
  return { app, mock };
}

function allFilesText(dir: string): string {
  let out = '';
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'secrets') out += allFilesText(p);
    } else out += fs.readFileSync(p).toString('latin1');
  }
  return out;
}

describe('Firefly error messages through the API say what to do once', () => {
  const count = (text: string, part: string) => text.split(part).length - 1;

  it('a rejected token: one piece of advice, pointing at the Firefly section\'s connection form', async () => {
    const { app, mock } = await setup(10);
    const bad: any = await invoke(app, 'firefly.test', { url: mock.url, token: 'wrong-token-value-123' }).catch((e: any) => e as any);
    expect(bad.code).toBe('unauthorized');
    expect(bad.message).toMatch(/^Firefly III rejected the access token \(401 Unauthenticated\)/);
    expect(count(bad.message, 'Personal Access Token')).toBe(1);
    expect(count(bad.message, 'connect')).toBe(2); // "connection form" + the CLI's `firefly connect`
    expect(bad.message).toContain("the Firefly section's connection form");
    expect(bad.message).not.toContain('Settings →');
  });

  it('invalid input around a token names the field and the limit but never quotes the token', async () => {
    const { app } = await setup(10);
    const secret = 'PAT-secret-0123456789abcdefghijklmnop';
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['firefly.connect', { url: 'http://h', token: secret, extra: 1 }, /Unrecognized key: "extra"/],
      ['firefly.connect', { url: 'http://h', token: secret + 'x'.repeat(17_000) }, /^invalid input for firefly\.connect: token: Too big: expected string to have <=16384 characters/],
      ['firefly.test', { token: secret, url: 'http://h', more: true }, /Unrecognized key: "more"/],
      ['dox.setJwt', { jwt: secret, extra: 1 }, /Unrecognized key: "extra"/],
    ];
    for (const [op, input, expected] of cases) {
      const bad: any = await invoke(app, op as any, input).catch((e: any) => e as any);
      expect(bad.code).toBe('invalid_input');
      expect(bad.message).toMatch(expected);
      const text = JSON.stringify(bad.toBody());
      expect(text).not.toContain('PAT-secret');
      expect(text).not.toContain('0123456789abc');
    }
  });

  it('a 401 from something that is not Firefly III (a JSON API, an HTML sign-in page) blames the address, not only the token', async () => {
    const { app, mock } = await setup(10);
    const cases: Array<[string, unknown, string | undefined]> = [
      // The workbench's own serve URL answers every /api/… without its session with this body.
      ['a JSON body without Firefly III\'s "message"', { ok: false, error: { code: 'unauthorized', message: 'missing or invalid token' } }, undefined],
      ['a web page', '<!doctype html><html><body>Sign in</body></html>', 'text/html'],
    ];
    for (const [what, body, contentType] of cases) {
      mock.clearFaults();
      mock.inject({ path: '/about', times: Infinity, fault: { type: 'status', status: 401, body: body as any, ...(contentType ? { contentType } : {}) } });
      const bad: any = await invoke(app, 'firefly.test', { url: mock.url, token: mock.token }).catch((e: any) => e as any);
      expect(bad.code).toBe('unauthorized');
      expect(bad.message.startsWith(`The server at ${mock.url} refused /v1/about with 401, but not the way Firefly III does (it sent ${what})`)).toBe(true);
      expect(bad.message).toContain('Check the Firefly III address');
      expect(bad.message).toContain('If the address is right, the token is wrong');
      expect(count(bad.message, 'Personal Access Token')).toBe(1);
      expect(bad.message).not.toContain(mock.token);
    }
    // Firefly III's own 401 still says the token was rejected.
    mock.clearFaults();
    mock.inject({ path: '/about', fault: { type: 'status', status: 401, body: { message: 'Unauthenticated.', exception: 'AuthenticationException' } } });
    const ff: any = await invoke(app, 'firefly.test', { url: mock.url, token: mock.token }).catch((e: any) => e as any);
    expect(ff.message).toMatch(/^Firefly III rejected the access token \(401 Unauthenticated\)/);
  });

  it('a refused connection: "Check that it is running" once', async () => {
    const { app } = await setup(10);
    const bad: any = await invoke(app, 'firefly.test', { url: 'http://127.0.0.1:1', token: 'some-token-value' }).catch((e: any) => e as any);
    expect(bad.code).toBe('unavailable');
    expect(bad.message).toMatch(/^Cannot reach Firefly III at http:\/\/127\.0\.0\.1:1/);
    expect(count(bad.message.toLowerCase(), 'check that')).toBe(1);
  });
});

describe('Firefly through the API: connect → sync (faults) → calibrate → simulate', () => {
  it('runs the whole pipeline and never exposes the token', async () => {
    const { app, mock } = await setup(600);
    // Wrong token first: actionable error, nothing stored, token not echoed.
    const bad: any = await invoke(app, 'firefly.connect', { url: mock.url, token: 'wrong-token-value-123' }).catch((e: any) => e as any);
    expect(bad.code).toBe('unauthorized');
    expect(bad.message).toMatch(/token/i);
    expect(bad.message).not.toContain('wrong-token-value-123');
    expect((await invoke(app, 'firefly.status', {})) as any).toMatchObject({ configured: false, tokenStored: false });

    const conn = (await invoke(app, 'firefly.connect', { url: `${mock.url}/api/v1/`, token: mock.token })) as any;
    expect(conn).toMatchObject({ ok: true, stored: true, url: mock.url, version: '6.6.2' });
    const status = (await invoke(app, 'firefly.status', {})) as any;
    expect(status).toMatchObject({ configured: true, source: 'secret-store', tokenStored: true, url: mock.url });
    expect(JSON.stringify(status)).not.toContain(mock.token);
    const secretFile = fs.readdirSync(path.join(app.dataDir, 'secrets')).find((f) => f.startsWith('firefly.token'))!;
    expect(fs.statSync(path.join(app.dataDir, 'secrets', secretFile)).mode & 0o777).toBe(0o600);

    // Faults on the transaction pages: 503 once, 429 with Retry-After, a throttle-500, a reset.
    mock.inject({ path: '/v1/transactions', page: 2, fault: { type: 'status', status: 503, body: { message: 'down' } } });
    mock.inject({ path: '/v1/transactions', page: 3, fault: { type: 'rateLimit', retryAfter: '1' } });
    mock.inject({ path: '/v1/transactions', page: 4, fault: { type: 'throttle500' } });
    mock.inject({ path: '/v1/transactions', page: 5, fault: { type: 'reset' } });
    const events: any[] = [];
    const res = (await invoke(app, 'firefly.sync', { since: '2025-07-01', until: '2026-06-30' }, { onProgress: (e) => events.push(e) })) as any;
    expect(Object.keys(res)).toEqual(['snapshotId', 'period', 'groups', 'transactions', 'skipped', 'warnings', 'delta']);
    expect(res.groups).toBe(600);
    expect(res.period).toEqual({ start: '2025-07-01', end: '2026-06-30' });
    expect(res.transactions).toBeGreaterThanOrEqual(600);
    expect(res.delta).toEqual({ added: res.transactions, changed: 0, removed: 0 });
    const pages = mock.requestsTo('/v1/transactions').map((r) => r.query.page);
    expect(new Set(pages)).toEqual(new Set(['1', '2', '3', '4', '5', '6']));
    expect(pages.filter((p) => p === '2').length).toBeGreaterThanOrEqual(2); // retried
    expect(events.some((e) => e.phase === 'transactions' && e.total === 6)).toBe(true);
    expect(events.at(-1)).toMatchObject({ phase: 'done' });

    // Re-sync unchanged data: same snapshot, empty delta (idempotent).
    const again = (await invoke(app, 'firefly.sync', { since: '2025-07-01', until: '2026-06-30' })) as any;
    expect(again.snapshotId).toBe(res.snapshotId);
    expect(again.delta).toEqual({ added: 0, changed: 0, removed: 0 });

    // Overview: coverage + weekly chart data + delta, for the UI.
    const ov = (await invoke(app, 'firefly.overview', {})) as any;
    expect(ov.snapshot.id).toBe(res.snapshotId);
    expect(ov.weekly.length).toBeGreaterThan(50);
    expect(ov.coverage.mapped).toBeGreaterThan(0);
    expect(getSyncDelta(app.db, res.snapshotId)).toMatchObject({ added: res.transactions });

    // Custom rule: "Market Café" → prepared_food by exact match.
    const rules = (await invoke(app, 'firefly.rules.get', {})) as any;
    expect(rules.isDefault).toBe(true);
    const saved = (await invoke(app, 'firefly.rules.set', { rules: { ...rules.rules, exact: [...rules.rules.exact, { fireflyCategory: 'Market Café', foodUSDCategory: 'prepared_food' }] } })) as any;
    expect(saved.isDefault).toBe(false);
    const badRules: any = await invoke(app, 'firefly.rules.set', { rules: { ...rules.rules, defaultCategory: 'pizza' } }).catch((e: any) => e as any);
    expect(badRules.code).toBe('invalid_input');
    expect(badRules.message).toContain('defaultCategory');
    // Two rules for one name: a save refuses them; rules saved that way earlier still load, with a warning.
    const twice = [...saved.rules.exact, { fireflyCategory: 'market café', foodUSDCategory: 'dining' }];
    const dupErr: any = await invoke(app, 'firefly.rules.set', { rules: { ...saved.rules, exact: twice } }).catch((e: any) => e as any);
    expect(dupErr.code).toBe('invalid_input');
    expect(dupErr.message).toContain('"market café" has two exact rules; keep one rule per category');
    app.db.prepare("UPDATE settings SET value = ? WHERE key = 'fireflyCategoryRules'").run(JSON.stringify({ ...saved.rules, exact: twice }));
    const old = (await invoke(app, 'firefly.rules.get', {})) as any;
    expect(old.isDefault).toBe(false);
    expect(old.rules.exact).toHaveLength(twice.length); // nothing of the user's is dropped
    expect(old.warning).toBe('The saved rules map "market café" twice; the later rule wins. Remove one of each and save.');
    await invoke(app, 'firefly.rules.set', { rules: saved.rules });

    // Calibrate, then simulate with the calibrated parameters.
    const cal = (await invoke(app, 'firefly.calibrate', { population: 10 })) as any;
    expect(cal.snapshotId).toBe(res.snapshotId);
    expect(cal.source.kind).toBe('firefly');
    expect(cal.engineParamDiff.map((d: any) => d.key)).toEqual(['WEEKLY_FOOD_BUDGET_AVG', 'WEEKLY_FOOD_BUDGET_STDDEV', 'PERCENT_SPEND_INTERNAL_AVG', 'GROUP_BUY_SAVINGS_PERCENT']);
    expect(cal.import.currency).toBe('EUR');
    expect(cal.files.map((f: any) => f.name)).toContain('weekly-comparison.csv');
    const budget = cal.engineParamDiff[0].proposed;
    expect(budget).toBeGreaterThan(0);
    const params = { ...Object.fromEntries(cal.engineParamDiff.map((d: any) => [d.key, d.proposed])), NUM_MEMBERS: 20, SIMULATION_WEEKS: 12 };
    const sim = (await invoke(app, 'sim.run', { params, seed: 1, runs: 1, save: false })) as any;
    expect(sim.status).toBe('done');
    expect(sim.doc.params.WEEKLY_FOOD_BUDGET_AVG).toBe(budget);
    expect(sim.doc.weeks).toBe(12);
    const ps = (await invoke(app, 'paramsets.save', { name: cal.suggestedName, params: cal.proposedParams })) as any;
    expect(ps.name).toBe(cal.suggestedName);

    // The hand-off for `workbench calibrate --from firefly`.
    const handoff = loadFireflyCalibrationTransactions(app);
    expect(handoff.snapshotId).toBe(res.snapshotId);
    expect(handoff.txs.every((t) => t.currencyCode === 'EUR' && (t.type === 'withdrawal' || t.type === 'deposit'))).toBe(true);

    // A failing sync keeps the previous snapshot and records the error.
    mock.inject({ path: '/v1/transactions', page: 2, times: Infinity, fault: { type: 'malformed' } });
    const before = listSnapshots(app.db).length;
    const failed: any = await invoke(app, 'firefly.sync', { since: '2025-07-01', until: '2026-06-29' }).catch((e: any) => e as any);
    expect(failed.code).toBe('unavailable');
    expect(listSnapshots(app.db).length).toBe(before);
    expect(readSyncState(app.db).lastError).toBeTruthy();
    mock.clearFaults();

    // Bad dates: clear errors naming the field.
    const badDate: any = await invoke(app, 'firefly.sync', { since: '2026-02-30' }).catch((e: any) => e as any);
    expect(badDate.code).toBe('invalid_input');
    expect(badDate.message).toMatch(/since/);
    const swapped: any = await invoke(app, 'firefly.sync', { since: '2026-06-30', until: '2026-01-01' }).catch((e: any) => e as any);
    expect(swapped.message).toMatch(/after/);

    // The token is nowhere outside the secret store (DB, WAL, exports).
    const ex = (await invoke(app, 'firefly.exportCalibration', { dir: path.join(app.dataDir, 'exports', 'x') })) as any;
    expect(ex.files).toHaveLength(4);
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(allFilesText(app.dataDir)).not.toContain(mock.token);

    // Disconnect removes it.
    expect(await invoke(app, 'firefly.disconnect', {})).toEqual({ removed: true });
    expect((await invoke(app, 'firefly.status', {})) as any).toMatchObject({ configured: false, tokenStored: false });
    const noCreds: any = await invoke(app, 'firefly.sync', {}).catch((e: any) => e as any);
    expect(noCreds.code).toBe('invalid_input');
    expect(noCreds.message).toMatch(/FIREFLY_TOKEN|Settings/);
  });

  it('env FIREFLY_URL/FIREFLY_TOKEN work without connect, and cancel keeps the store untouched', async () => {
    const { app, mock } = await setup(300);
    process.env.FIREFLY_URL = mock.url;
    process.env.FIREFLY_TOKEN = mock.token;
    const st = (await invoke(app, 'firefly.status', {})) as any;
    expect(st).toMatchObject({ configured: true, source: 'env', tokenStored: false });
    expect(st.notice).toContain('FIREFLY_TOKEN');
    mock.inject({ path: '/v1/transactions', page: 2, fault: { type: 'delay', ms: 2000 } });
    const ac = new AbortController();
    const p = invoke(app, 'firefly.sync', { since: '2025-07-01', until: '2026-06-30' }, { signal: ac.signal }).catch((e: any) => e as any);
    for (let i = 0; i < 300 && !mock.requestsTo('/v1/transactions').some((r) => r.query.page === '2'); i++) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    const err: any = await p;
    expect(err.code).toBe('cancelled');
    expect(listSnapshots(app.db)).toHaveLength(0);
    // A cancel is not a failed attempt: the status does not say "last attempt failed: … cancelled".
    expect(readSyncState(app.db).lastError).toBeNull();
    expect(((await invoke(app, 'firefly.status', {})) as any).sync.lastError).toBeNull();
  });

  it('the scheduler syncs when due, stores idempotent snapshots and survives a failure', async () => {
    const { app, mock } = await setup(120);
    process.env.FIREFLY_URL = mock.url;
    process.env.FIREFLY_TOKEN = mock.token;
    app.settings.set({ fireflySchedule: 'hourly' });
    const results: any[] = [];
    const stop = startFireflyScheduler(app, { tickMs: 20, intervals: { hourly: 150 }, onResult: (r) => results.push(r) });
    cleanups.push(stop);
    for (let i = 0; i < 500 && results.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(results.slice(0, 2).every((r) => r.ok)).toBe(true);
    expect(results[1].result.snapshotId).toBe(results[0].result.snapshotId); // unchanged data → same snapshot
    expect(listSnapshots(app.db)).toHaveLength(1);
    mock.inject({ path: '/about', times: Infinity, fault: { type: 'status', status: 401, body: { message: 'Unauthenticated', exception: 'AuthenticationException' } } });
    for (let i = 0; i < 500 && results.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(results[2].ok).toBe(false);
    expect(listSnapshots(app.db)).toHaveLength(1);
    expect(readSyncState(app.db)).toMatchObject({ trigger: 'schedule' });
    expect(readSyncState(app.db).lastError).toMatch(/token/i);
    app.settings.set({ fireflySchedule: 'off' });
    const n = results.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(results.length).toBe(n);
    stop();
  });
});

describe('a token with a character an HTTP header cannot carry', () => {
  // A copy that picked up a zero-width space, an ellipsis or a control character cannot be sent as
  // "Authorization: Bearer …" at all (fetch throws before any request). It was retried as a network
  // failure and reported as "Cannot reach Firefly III … Check that it is running and the URL is right".
  it('is refused before any request, naming the field, the position and the character but never the token', async () => {
    const { app, mock } = await setup(5);
    const cases: Array<[string, string, RegExp]> = [
      ['firefly.test', `${mock.token}\u200b`, /position \d+ \(U\+200B\)/],
      ['firefly.connect', `${mock.token.slice(0, 10)}\u2026`, /position 11 \(U\+2026\)/],
      ['firefly.connect', `${mock.token}\u0001`, /\(U\+0001\)/],
    ];
    for (const [op, token, where] of cases) {
      const e: any = await invoke(app, op, { url: mock.url, token }).catch((x: unknown) => x);
      expect(e.code, `${op} ${JSON.stringify(token)}`).toBe('invalid_input');
      expect(e.message).toMatch(/token/i);
      expect(e.message).toMatch(where);
      expect(e.message).toMatch(/copy it again/i);
      expect(e.message).not.toMatch(/Cannot reach/);
      expect(e.message).not.toContain(mock.token.slice(0, 10));
    }
    expect(mock.requests.length).toBe(0);
    expect((await invoke(app, 'firefly.status', {}) as any).tokenStored).toBe(false);
    // From the environment the same token is named as such, again before any request.
    process.env.FIREFLY_URL = mock.url;
    process.env.FIREFLY_TOKEN = `${mock.token}\u00a0x`;
    const env: any = await invoke(app, 'firefly.test', {}).catch((x: unknown) => x);
    expect(env.code).toBe('invalid_input');
    expect(env.message).toMatch(/\(U\+00A0\)/);
    expect(env.message).not.toContain(mock.token.slice(0, 10));
    expect(mock.requests.length).toBe(0);
  });
});
