/**
 * Measurements (printed, with loose bounds so they catch regressions, not noise):
 * - sync of 10,000 transaction groups from the mock, with the default self-imposed rate limit and without it;
 * - sync of 600 groups over several pages with faults injected on many pages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FireflyClient, FIREFLY_MIGRATION_SQL, syncFirefly } from '../../../src-main/firefly';
import { seedFireflyData, startMockFirefly, type MockFirefly } from '../../mocks/firefly/server';

const dirs: string[] = [];
const mocks: MockFirefly[] = [];
afterAll(async () => {
  for (const m of mocks) await m.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function db() {
  const d = mkdtempSync(join(tmpdir(), 'ff-perf-'));
  dirs.push(d);
  const h = new Database(join(d, 'wb.db'));
  h.pragma('journal_mode = WAL');
  h.exec(FIREFLY_MIGRATION_SQL);
  return h;
}
const RANGE = { start: '2025-07-01', end: '2026-06-30' };

describe('Firefly sync measurements', () => {
  it('10,000 transaction groups: default rate limit (≥100 ms between requests, ≤4 in flight) and unthrottled', async () => {
    const m = await startMockFirefly({ data: seedFireflyData({ groups: 10_000, seed: 11 }) });
    mocks.push(m);
    const splits = m.data.groups.reduce((n, g) => n + g.transactions.length, 0);

    const fast = new FireflyClient({ baseUrl: m.url, token: m.token, minIntervalMs: 0, timeZone: 'UTC' });
    let t0 = performance.now();
    const r1 = await syncFirefly(db(), fast, RANGE);
    const unthrottled = performance.now() - t0;
    expect(r1.groups).toBe(10_000);
    expect(r1.transactions).toBe(splits);

    m.reset();
    const polite = new FireflyClient({ baseUrl: m.url, token: m.token, timeZone: 'UTC' });
    t0 = performance.now();
    const r2 = await syncFirefly(db(), polite, RANGE);
    const throttled = performance.now() - t0;
    expect(r2.transactions).toBe(splits);
    const reqs = m.requests.length;
    // The self-imposed limit must hold: ≥ 100 ms between request starts.
    // Measured where requests arrive, after the first few (which also pay for opening connections,
    // compressing the span as seen by the server): the rest are ≥ 100 ms apart on average.
    const starts = m.requests.map((r) => r.at).sort((a, b) => a - b);
    const k = 4;
    expect(starts[starts.length - 1] - starts[k]).toBeGreaterThanOrEqual((starts.length - 1 - k) * 100 - 50);
    console.log(
      `[firefly perf] 10,000 groups / ${splits} splits / ${reqs} requests: unthrottled ${(unthrottled / 1000).toFixed(2)} s, default rate limit ${(throttled / 1000).toFixed(2)} s`,
    );
    expect(unthrottled).toBeLessThan(60_000);
  }, 180_000);

  it('600 groups over 6+ pages with 429, throttle-500, 503, reset, timeout and drift faults → complete, no duplicates', async () => {
    const m = await startMockFirefly({ data: seedFireflyData({ groups: 600, seed: 5 }) });
    mocks.push(m);
    m.inject({ path: '/v1/transactions', page: 2, fault: { type: 'rateLimit', retryAfter: '1' } });
    m.inject({ path: '/v1/transactions', page: 3, fault: { type: 'throttle500' } });
    m.inject({ path: '/v1/transactions', page: 4, times: 2, fault: { type: 'status', status: 503, body: { message: 'down', exception: 'HttpException' } } });
    m.inject({ path: '/v1/transactions', page: 5, fault: { type: 'reset' } });
    m.inject({ path: '/v1/transactions', page: 6, fault: { type: 'hang' } });
    m.inject({ path: '/v1/accounts', fault: { type: 'status', status: 504 } });
    let page1: unknown[] = [];
    m.inject({ path: '/v1/transactions', page: 1, fault: { type: 'transform', fn: (b) => ((page1 = b.data), b) } });
    m.inject({ path: '/v1/transactions', page: 3, fault: { type: 'transform', fn: (b) => ({ ...b, data: [...page1.slice(0, 4), ...b.data] }) } });
    const retries: string[] = [];
    const client = new FireflyClient({ baseUrl: m.url, token: m.token, timeZone: 'UTC', timeoutMs: 1_500, minIntervalMs: 20, onRetry: (r) => retries.push(r.reason) });
    const t0 = performance.now();
    const res = await syncFirefly(db(), client, RANGE);
    const ms = performance.now() - t0;
    const splits = m.data.groups.reduce((n, g) => n + g.transactions.length, 0);
    expect(res.groups).toBe(600);
    expect(res.transactions).toBe(splits);
    expect(res.warnings.join('\n')).toMatch(/Pagination drift: \d+ split/);
    expect(retries.length).toBeGreaterThanOrEqual(7);
    console.log(`[firefly perf] 600 groups / ${splits} splits with ${retries.length} retried faults (${retries.join(', ')}): ${(ms / 1000).toFixed(2)} s`);
  }, 120_000);
});
