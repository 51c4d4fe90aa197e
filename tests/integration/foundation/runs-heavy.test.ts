// The run store with a lot of data: an analyst's hundreds of runs, each with its stored documents.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../src-main/store/db';
import { RunsRepo } from '../../../src-main/store/runs';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';
import { DB_FILE } from '../../../src-main/store/db';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function freshDb(file = 'w.db'): Db {
  const t = tmpDir();
  const db = openDb(path.join(t.dir, file));
  cleanups.push(() => {
    db.close();
    t.cleanup();
  });
  return db;
}

/** `n` finished single runs named "run 1" … "run n", each with a stored result document of `resultBytes`. */
function seed(db: Db, n: number, resultBytes = 0): RunsRepo {
  const runs = new RunsRepo(db);
  const doc = { weekly: 'x'.repeat(resultBytes) };
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const id = runs.create({ name: `run ${i}`, kind: 'single', model: 'reference', params: { NUM_MEMBERS: 50 }, seed: i, runs: 1, members: 50, weeks: 52, tags: [`batch${i % 3}`], appVersion: 't' });
      runs.finish(id, 'done', doc);
    }
  })();
  return runs;
}

/** The SQL statements `fn` prepares on `db` (prepare still goes to SQLite; it is only recorded). */
function preparedBy(db: Db, fn: () => void): string[] {
  const seen: string[] = [];
  const real = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    seen.push(sql);
    return real(sql);
  }) as Db['prepare'];
  try {
    fn();
  } finally {
    db.prepare = real as Db['prepare'];
  }
  return seen;
}

describe('runs store with many runs', () => {
  it('lists, searches and filters by tag from the covering index: the stored documents (params, result) are never read', () => {
    const db = freshDb();
    const runs = seed(db, 30, 20_000);
    for (const opts of [{}, { search: 'run 2' }, { tag: 'batch1' }, { search: '7', tag: 'batch1', limit: 5 }]) {
      const sqls = preparedBy(db, () => runs.list(opts));
      expect(sqls.length, JSON.stringify(opts)).toBe(1);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sqls[0]}`).all(...planArgs(sqls[0])) as { detail: string }[]).map((p) => p.detail);
      // The runs table is searched through runs_list alone (COVERING): no row of runs is read.
      const onRuns = plan.filter((d) => /\b(SCAN|SEARCH) r\b/.test(d));
      expect(onRuns, `${JSON.stringify(opts)}: ${plan.join(' | ')}`).toEqual([expect.stringMatching(/^SEARCH r USING COVERING INDEX runs_list \(deleted_at=\?\)$/)]);
    }
    // Same summaries as before: newest first, completed runs, tags.
    const l = runs.list({ tag: 'batch1', limit: 3 });
    expect(l.map((r) => [r.id, r.name, r.tags, r.completedRuns, r.status])).toEqual([
      [28, 'run 28', ['batch1'], 1, 'done'],
      [25, 'run 25', ['batch1'], 1, 'done'],
      [22, 'run 22', ['batch1'], 1, 'done'],
    ]);
  });

  it('pages on with before (older runs only, same filters), and runs list says when a full page leaves older runs out', async () => {
    const db = freshDb(DB_FILE);
    const runs = seed(db, 25);
    expect(runs.list({ limit: 10 }).map((r) => r.id)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    expect(runs.list({ limit: 10, before: 16 }).map((r) => r.id)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    expect(runs.list({ limit: 10, before: 6 }).map((r) => r.id)).toEqual([5, 4, 3, 2, 1]);
    expect(runs.list({ tag: 'batch1', before: 16 }).map((r) => r.id)).toEqual([13, 10, 7, 4, 1]);
    const dir = path.dirname(db.name);

    const first = await runCli(['--data-dir', dir, 'runs', 'list', '--limit', '10', '--json']);
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as { id: number }[]).map((r) => r.id)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    expect(first.stderr).toContain('note: showing 10 runs; there are older ones: add --before 16 for the next page (or a larger --limit, up to 1000)');
    const next = await runCli(['--data-dir', dir, 'runs', 'list', '--limit', '10', '--before', '6']);
    expect(next.code).toBe(0);
    expect(next.stdout.split('\n').slice(2, -1).map((l) => Number(l.split(/\s+/)[0]))).toEqual([5, 4, 3, 2, 1]);
    // The last page, or one that holds everything, has no note.
    expect(next.stderr).not.toContain('note:');
    expect((await runCli(['--data-dir', dir, 'runs', 'list'])).stderr).not.toContain('note:');
    // A bad --before is refused with the option, the value and the range.
    const bad = await runCli(['--data-dir', dir, 'runs', 'list', '--before', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--before.*0|0.*--before/);
  }, 60_000);

  it('renames an old run among more than 1,000 whose names contain its id', () => {
    const db = freshDb();
    const runs = seed(db, 1_100);
    // Run 1 is older than 1,099 runs with a "1" in their names, as a search for "1" finds them.
    db.prepare(`UPDATE runs SET name = 'series 1 · ' || name`).run();
    expect(runs.update(1, { name: 'first run', tags: ['kept'] })).toMatchObject({ id: 1, name: 'first run', tags: ['kept'], status: 'done' });
    expect(runs.get(1).name).toBe('first run');
  });

  it('runs delete and runs restore take many ids in one command; a bad id deletes nothing, a missing one stops there', async () => {
    const db = freshDb(DB_FILE);
    const runs = seed(db, 30);
    const dir = path.dirname(db.name);
    const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    const live = () => runs.list({ limit: 1000 }).map((r) => r.id);

    const bad = await runCli(['--data-dir', dir, 'runs', 'delete', ...ids(1, 5), 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('run id must be a positive integer or "latest", got "x"');
    expect(live()).toHaveLength(30);

    const del = await runCli(['--data-dir', dir, '--json', 'runs', 'delete', ...ids(1, 25)]);
    expect(del.code, del.stderr).toBe(0);
    expect(JSON.parse(del.stdout)).toEqual(ids(1, 25).map((id) => ({ id: Number(id), deleted: true })));
    expect(live()).toEqual([30, 29, 28, 27, 26]);

    // 26 and 27 go, 999 does not exist: exit 1 naming it, 28 is left alone; what was deleted is printed.
    const partial = await runCli(['--data-dir', dir, 'runs', 'delete', '26', '27', '999', '28']);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toBe('deleted run 26 (undo: workbench runs restore 26)\ndeleted run 27 (undo: workbench runs restore 27)\n');
    expect(partial.stderr).toContain('run 999 does not exist or is already deleted');
    expect(live()).toEqual([30, 29, 28]);

    const back = await runCli(['--data-dir', dir, '--json', 'runs', 'restore', 'latest', 'latest', ...ids(1, 25)]);
    expect(back.code, back.stderr).toBe(0);
    expect((JSON.parse(back.stdout) as { id: number }[]).slice(0, 2)).toEqual([{ id: 27, restored: true }, { id: 26, restored: true }]);
    expect(live()).toHaveLength(30);
    // One id keeps the one-object answer.
    expect(JSON.parse((await runCli(['--data-dir', dir, '--json', 'runs', 'delete', '5'])).stdout)).toEqual({ id: 5, deleted: true });
  }, 60_000);

  it('runs purge removes deleted runs for good, with their Monte Carlo results, and shrinks the file (not while a run is computed)', async () => {
    const db = freshDb(DB_FILE);
    const runs = seed(db, 40, 50_000);
    // A Monte Carlo set with 500 member results, deleted too.
    const mc = runs.create({ name: 'set', kind: 'montecarlo', model: 'reference', params: {}, seed: 1, runs: 500, members: 50, weeks: 52, appVersion: 't' });
    db.transaction(() => {
      for (let i = 0; i < 500; i++) runs.addResult(mc, i, { final: { Gini_B: i / 1000 }, pad: 'y'.repeat(500) });
    })();
    runs.finish(mc, 'done', {});
    const dir = path.dirname(db.name);

    // While a run is computed (here by this live process), the purge does not compact the file.
    const live = runs.create({ name: 'busy', kind: 'single', model: 'reference', params: {}, seed: 1, runs: 1, members: 5, weeks: 2, appVersion: 't' });
    runs.softDelete(2);
    const wait = await runCli(['--data-dir', dir, 'runs', 'purge']);
    expect(wait.code, wait.stderr).toBe(0);
    expect(wait.stdout).toMatch(/^purged 1 deleted run; database .* \(the freed space is reused by new runs; the file was not compacted while 1 run is running: run purge again later to shrink it\)\n$/);
    runs.finish(live, 'done', null);

    for (let id = 1; id <= 30; id++) runs.softDelete(id);
    runs.softDelete(mc);
    // Deleted just now: nothing is older than a day.
    const none = await runCli(['--data-dir', dir, '--json', 'runs', 'purge', '--older-than', '1']);
    expect(none.code, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout)).toMatchObject({ purged: 0, olderThanDays: 1 });
    expect(runs.exists(1)).toBe(true);

    const r = await runCli(['--data-dir', dir, '--json', 'runs', 'purge']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { purged: number; vacuumed: boolean; bytesBefore: number; bytesAfter: number };
    expect(out).toMatchObject({ purged: 30, vacuumed: true });
    // 30 runs' documents (about 1.5 MB, with run 2's space) and the set's results are gone from the file.
    expect(out.bytesAfter).toBeLessThan(out.bytesBefore - 1_000_000);
    expect(runs.exists(1) || runs.exists(30) || runs.exists(mc)).toBe(false);
    expect((db.prepare('SELECT COUNT(*) AS n FROM run_results').get() as { n: number }).n).toBe(0);
    expect(runs.list({ limit: 1000 }).map((x) => x.id)).toEqual([live, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31]);
    const gone = await runCli(['--data-dir', dir, 'runs', 'restore', '1']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('run 1 does not exist');
    const bad = await runCli(['--data-dir', dir, 'runs', 'purge', '--older-than', '-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--older-than');
  }, 60_000);
});

/** Placeholder values for a statement's ? parameters (EXPLAIN QUERY PLAN needs them bound). */
function planArgs(sql: string): unknown[] {
  return Array.from(sql.matchAll(/\?/g), () => null);
}
