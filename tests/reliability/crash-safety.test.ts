/**
 * Crash safety: kill -9 the built `serve` in the middle of a Monte Carlo run and in the middle of
 * a Firefly III sync (against the mock), 20 times each. After every kill and restart:
 *  - the DB passes quick_check (outside the app, before restart, and through `health` after),
 *  - finished runs are intact (every run_results row parses; count == runs),
 *  - the killed run is 'interrupted' with no half-written result, and keeps at least the rows
 *    that were there before the kill,
 *  - Firefly: every stored snapshot is complete (transaction_count == rows, one delta row), the
 *    snapshot that was newest before the kill is unchanged, and no partial snapshot exists.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFireflyData, startMockFirefly, type MockFirefly } from '../mocks/firefly/server';
import { tmpDir } from '../helpers/tmp';
import { callApi, countRows, quickCheckOf, requireBuilt, sleep, SMALL_MC, startServeProc, withDb, type ServeProc } from './helpers';

const KILLS = Number(process.env.RELIABILITY_KILLS ?? 20);

/** Deterministic jitter so a failure can be replayed (seeded by iteration). */
function jitter(i: number, max: number): number {
  const h = crypto.createHash('sha256').update(`kill-${i}`).digest();
  return h.readUInt32LE(0) % Math.max(1, max);
}

function checkRuns(dbFile: string, expectInterrupted: { id: number; rowsBefore: number } | null) {
  withDb(dbFile, (db) => {
    const runs = db.prepare(`SELECT id, status, runs, result, kind FROM runs`).all() as { id: number; status: string; runs: number; result: string | null; kind: string }[];
    for (const r of runs) {
      const rows = db.prepare(`SELECT run_index, summary FROM run_results WHERE run_id = ?`).all(r.id) as { run_index: number; summary: string }[];
      for (const row of rows) {
        expect(() => JSON.parse(row.summary), `run ${r.id} row ${row.run_index} parses`).not.toThrow();
        expect(row.run_index).toBeGreaterThanOrEqual(0);
        expect(row.run_index).toBeLessThan(r.runs);
      }
      expect(r.status, `run ${r.id} is not left 'running' after a restart`).not.toBe('running');
      if (r.status === 'done') {
        expect(rows.length, `finished run ${r.id} keeps all its rows`).toBe(r.runs);
        expect(r.result).not.toBeNull();
        const doc = JSON.parse(r.result!);
        expect(doc.completedRuns).toBe(r.runs);
      }
      if (r.status === 'interrupted') expect(r.result, `interrupted run ${r.id} has no half-written result`).toBeNull();
    }
    if (expectInterrupted) {
      const r = runs.find((x) => x.id === expectInterrupted.id);
      expect(r, `killed run ${expectInterrupted.id} exists`).toBeDefined();
      // A kill can land after the last row but before 'done' is written: the run is then either
      // interrupted (no result) or, if the final UPDATE committed, done with every row.
      expect(['interrupted', 'done']).toContain(r!.status);
      const n = (db.prepare(`SELECT COUNT(*) AS n FROM run_results WHERE run_id = ?`).get(r!.id) as { n: number }).n;
      expect(n, 'rows seen before the kill survive it').toBeGreaterThanOrEqual(expectInterrupted.rowsBefore);
    }
  });
}

describe('crash safety: kill -9 during a Monte Carlo run', () => {
  const t = tmpDir('wb-rel-mc-');
  const dbFile = path.join(t.dir, 'workbench.db');
  let srv: ServeProc | null = null;
  const stats = { kills: 0, interrupted: 0, doneBeforeKill: 0, rowsAtKill: [] as number[] };

  beforeAll(() => requireBuilt());
  afterAll(async () => {
    await srv?.kill9();
    t.cleanup();
  });

  it(`survives ${KILLS} kills with a consistent store`, async () => {
    srv = await startServeProc(t.dir);
    // One finished run to guard across all the kills.
    const first = await callApi(srv, 'sim.run', { ...SMALL_MC, runs: 20, name: 'guard' });
    expect(first.body.ok, JSON.stringify(first.body.error)).toBe(true);
    const guardId = first.body.output.runId as number;

    for (let i = 0; i < KILLS; i++) {
      const s = srv!;
      const before = countRows(dbFile, 'SELECT COALESCE(MAX(id), 0) AS n FROM runs');
      const pending = callApi(s, 'sim.run', { ...SMALL_MC, seed: 100 + i, name: `kill-${i}` }).catch(() => null);
      // Wait until the new run exists and has streamed a few rows (1–15, varied per iteration).
      const want = 1 + jitter(i, 15);
      let runId = 0;
      let rows = 0;
      const t0 = Date.now();
      while (Date.now() - t0 < 30_000) {
        runId = countRows(dbFile, 'SELECT COALESCE(MAX(id), 0) AS n FROM runs');
        if (runId > before) {
          rows = countRows(dbFile, 'SELECT COUNT(*) AS n FROM run_results WHERE run_id = ?', runId);
          if (rows >= want) break;
        }
        await sleep(10);
      }
      expect(runId, 'the run was created').toBeGreaterThan(before);
      await s.kill9();
      await pending;
      stats.kills++;
      stats.rowsAtKill.push(rows);

      // Outside the app, before any restart: the file is sound.
      expect(quickCheckOf(dbFile)).toBe('ok');
      const statusAtKill = withDb(dbFile, (db) => (db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string }).status);
      if (statusAtKill === 'done') stats.doneBeforeKill++;

      srv = await startServeProc(t.dir);
      const h = await callApi(srv, 'health', {});
      expect(h.body.ok).toBe(true);
      expect(h.body.output.db.quickCheck).toBe('ok');
      checkRuns(dbFile, { id: runId, rowsBefore: rows });
      const st = withDb(dbFile, (db) => (db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string }).status);
      if (st === 'interrupted') stats.interrupted++;
      // The guard run is untouched and readable through the API.
      const g = await callApi(srv, 'runs.get', { id: guardId });
      expect(g.body.ok).toBe(true);
      expect(g.body.output.status).toBe('done');
      expect(g.body.output.completedRuns).toBe(20);
    }
    // The app still works after all that: a new run completes.
    const after = await callApi(srv!, 'sim.run', { ...SMALL_MC, runs: 10, name: 'after' });
    expect(after.body.ok).toBe(true);
    checkRuns(dbFile, null);
    console.log(
      `[reliability] Monte Carlo kill -9: ${stats.kills}/${KILLS} kills survived; ${stats.interrupted} marked interrupted, ${stats.doneBeforeKill} had finished; ` +
        `rows at kill min ${Math.min(...stats.rowsAtKill)} max ${Math.max(...stats.rowsAtKill)}; quick_check ok every time`,
    );
    expect(stats.interrupted).toBeGreaterThan(0);
  }, 600_000);
});

describe('crash safety: kill -9 during a Firefly III sync', () => {
  const t = tmpDir('wb-rel-ff-');
  const dbFile = path.join(t.dir, 'workbench.db');
  let mock: MockFirefly;
  let srv: ServeProc | null = null;
  const PERIOD = { since: '2025-07-01', until: '2026-06-30' };

  beforeAll(async () => {
    requireBuilt();
    mock = await startMockFirefly({ data: seedFireflyData({ groups: 600, seed: 11 }) });
  });
  afterAll(async () => {
    await srv?.kill9();
    await mock?.close();
    t.cleanup();
  });

  const env = () => ({ FIREFLY_URL: mock.url, FIREFLY_TOKEN: mock.token, WORKBENCH_FIREFLY_MIN_INTERVAL_MS: '0', WORKBENCH_FIREFLY_BACKOFF_MS: '1' });

  type Snap = { id: number; transaction_count: number; content_hash: string };
  const snapshots = () => withDb(dbFile, (db) => db.prepare('SELECT id, transaction_count, content_hash FROM firefly_snapshots ORDER BY id').all() as Snap[]);
  const snapshotDigest = (id: number) =>
    withDb(dbFile, (db) => {
      const h = crypto.createHash('sha256');
      for (const r of db.prepare('SELECT * FROM firefly_transactions WHERE snapshot_id = ? ORDER BY journal_id').iterate(id)) h.update(JSON.stringify(r));
      for (const r of db.prepare('SELECT * FROM firefly_category_totals WHERE snapshot_id = ? ORDER BY category, currency_code, type').iterate(id)) h.update(JSON.stringify(r));
      h.update(JSON.stringify(db.prepare('SELECT * FROM firefly_sync_deltas WHERE snapshot_id = ?').get(id)));
      return h.digest('hex');
    });
  const checkSnapshots = () =>
    withDb(dbFile, (db) => {
      for (const s of db.prepare('SELECT id, transaction_count FROM firefly_snapshots').all() as Snap[]) {
        const n = (db.prepare('SELECT COUNT(*) AS n FROM firefly_transactions WHERE snapshot_id = ?').get(s.id) as { n: number }).n;
        expect(n, `snapshot ${s.id} is complete`).toBe(s.transaction_count);
        const d = db.prepare('SELECT COUNT(*) AS n FROM firefly_sync_deltas WHERE snapshot_id = ?').get(s.id) as { n: number };
        expect(d.n, `snapshot ${s.id} has its delta`).toBe(1);
      }
      const orphans = (db.prepare('SELECT COUNT(*) AS n FROM firefly_transactions WHERE snapshot_id NOT IN (SELECT id FROM firefly_snapshots)').get() as { n: number }).n;
      expect(orphans, 'no rows of a partial snapshot').toBe(0);
    });

  it(`survives ${KILLS} kills mid-sync without a partial snapshot`, async () => {
    srv = await startServeProc(t.dir, env());
    const t0 = performance.now();
    const first = await callApi(srv, 'firefly.sync', PERIOD);
    const fullMs = performance.now() - t0;
    expect(first.body.ok, JSON.stringify(first.body.error)).toBe(true);
    expect(first.body.output.transactions).toBeGreaterThan(400);
    const stats = { kills: 0, completedAnyway: 0, cutOff: 0 };

    for (let i = 0; i < KILLS; i++) {
      const s = srv!;
      const beforeSnaps = snapshots();
      const newest = beforeSnaps[beforeSnaps.length - 1];
      const newestDigest = snapshotDigest(newest.id);
      // Change the source so a finished sync would write a new snapshot.
      const split = mock.data.groups[i % mock.data.groups.length].transactions[0];
      split.description = `changed-${i}-${String(split.description).slice(0, 40)}`;
      const pending = callApi(s, 'firefly.sync', PERIOD).catch(() => null);
      // Kill anywhere from the first request to (a little past) the store phase.
      await sleep(jitter(i, Math.max(50, Math.round(fullMs * 1.1))));
      await s.kill9();
      await pending;
      stats.kills++;
      expect(quickCheckOf(dbFile)).toBe('ok');

      srv = await startServeProc(t.dir, env());
      const h = await callApi(srv, 'health', {});
      expect(h.body.output.db.quickCheck).toBe('ok');
      checkSnapshots();
      const afterSnaps = snapshots();
      // Either the sync was cut off (nothing new) or it committed whole (exactly one new snapshot).
      expect(afterSnaps.length - beforeSnaps.length).toBeGreaterThanOrEqual(0);
      expect(afterSnaps.length - beforeSnaps.length).toBeLessThanOrEqual(1);
      if (afterSnaps.length > beforeSnaps.length) stats.completedAnyway++;
      else stats.cutOff++;
      // The snapshot that was newest before the kill is still there and unchanged.
      expect(afterSnaps.find((x) => x.id === newest.id)).toBeDefined();
      expect(snapshotDigest(newest.id)).toBe(newestDigest);
      // The API still reads the latest snapshot.
      const ov = await callApi(srv, 'firefly.overview', {});
      expect(ov.body.ok, JSON.stringify(ov.body.error)).toBe(true);
    }
    // And a sync after all the kills completes.
    const last = await callApi(srv!, 'firefly.sync', PERIOD);
    expect(last.body.ok, JSON.stringify(last.body.error)).toBe(true);
    checkSnapshots();
    console.log(
      `[reliability] Firefly sync kill -9: ${stats.kills}/${KILLS} kills survived (${stats.cutOff} cut off, ${stats.completedAnyway} committed whole before the kill); ` +
        `full sync ${Math.round(fullMs)} ms for ${first.body.output.transactions} transactions; no partial snapshot`,
    );
    expect(stats.cutOff).toBeGreaterThan(0);
  }, 600_000);
});
