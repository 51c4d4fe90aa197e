import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDb, migrate, openDb, quickCheck, restoreDb, schemaVersion, StoreError, verifyBackupFile } from '../../../src-main/store/db';
import { migrations, type Migration } from '../../../src-main/store/migrations';
import { RunsRepo } from '../../../src-main/store/runs';
import { SettingsRepo } from '../../../src-main/store/settings';
import { tmpDir } from '../../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function dir() {
  const t = tmpDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('store', () => {
  it('creates a fresh DB with WAL, foreign keys and every migration applied', () => {
    const file = path.join(dir(), 'w.db');
    const db = openDb(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(quickCheck(db)).toBe('ok');
    db.close();
  });

  it('migrates an older schema forward and keeps its data', () => {
    const file = path.join(dir(), 'old.db');
    const v1 = migrations.slice(0, 1);
    const db1 = openDb(file, { migrations: v1 });
    new SettingsRepo(db1).set({ theme: 'dark' });
    db1.close();
    const extra: Migration = { version: migrations.length + 1, name: 'test: notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);' };
    const db2 = openDb(file, { migrations: [...migrations, extra] });
    expect(schemaVersion(db2)).toBe(migrations.length + 1);
    expect(new SettingsRepo(db2).get().theme).toBe('dark');
    db2.prepare('INSERT INTO notes(text) VALUES (?)').run('kept');
    db2.close();
  });

  it('migration 7 removes stored server URLs that carry a password or token, and keeps clean ones', () => {
    const put = (file: string, rows: Record<string, string>) => {
      const db = openDb(file, { migrations: migrations.slice(0, 6) });
      const st = db.prepare('INSERT INTO settings(key, value) VALUES (?, ?)');
      for (const [k, v] of Object.entries(rows)) st.run(k, JSON.stringify(v));
      db.close();
    };
    const read = (file: string) => {
      const db = openDb(file);
      const rows = Object.fromEntries((db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]).map((r) => [r.key, JSON.parse(r.value)]));
      expect(schemaVersion(db)).toBe(migrations.length);
      db.close();
      return rows;
    };
    const a = path.join(dir(), 'a.db');
    put(a, { fireflyUrl: 'https://alice:s3cret@ff.example/', doxUrl: 'http://dox.example/api?token=T0K', theme: 'dark' });
    const ra = read(a);
    expect(ra).toEqual({ theme: 'dark' });
    expect(fs.readFileSync(a).includes('s3cret')).toBe(false);
    expect(fs.readFileSync(a).includes('T0K')).toBe(false);
    const b = path.join(dir(), 'b.db');
    put(b, { fireflyUrl: 'https://ff.example/base/@team', doxUrl: 'http://bob@dox.example' });
    expect(read(b)).toEqual({ fireflyUrl: 'https://ff.example/base/@team' });
  });

  it('rolls back a failing migration completely', () => {
    const file = path.join(dir(), 'm.db');
    openDb(file).close();
    const bad: Migration = { version: migrations.length + 1, name: 'bad', sql: 'CREATE TABLE half (id INTEGER); SELECT * FROM no_such_table;' };
    expect(() => openDb(file, { migrations: [...migrations, bad] })).toThrow();
    const db = new Database(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a DB from a newer app version', () => {
    const file = path.join(dir(), 'new.db');
    const db = openDb(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDb(file)).toThrow(/newer than this app/);
  });

  it('leaves a newer rollback-journal DB byte for byte as it was (no switch to WAL before refusing it)', () => {
    const file = path.join(dir(), 'newer-delete.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);');
    raw.pragma('user_version = 999');
    raw.close();
    const before = fs.readFileSync(file);
    expect(before[18]).toBe(1); // legacy (rollback journal) file format
    expect(() => openDb(file)).toThrow(/newer than this app/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('detects a corrupted file with a recovery message and does not change it', () => {
    const file = path.join(dir(), 'bad.db');
    const db = openDb(file);
    const runs = new RunsRepo(db);
    for (let i = 0; i < 200; i++) runs.create({ name: `run ${i} `.repeat(20), kind: 'single', model: 'reference', params: { i }, seed: i, runs: 1, members: 50, weeks: 156, appVersion: 't' });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // Smash pages in the middle of the file (header stays readable).
    const buf = fs.readFileSync(file);
    for (let i = 4096 * 2; i < Math.min(buf.length, 4096 * 6); i++) buf[i] = (i * 7) & 0xff;
    fs.writeFileSync(file, buf);
    const before = fs.readFileSync(file);
    let err: unknown;
    try {
      openDb(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('corrupt');
    expect((err as Error).message).toMatch(/db restore/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('rejects garbage that is not a database at all', () => {
    const file = path.join(dir(), 'junk.db');
    fs.writeFileSync(file, 'this is not sqlite'.repeat(300));
    expect(() => openDb(file)).toThrow(StoreError);
  });

  it('takes a consistent online backup while another thread is writing', async () => {
    const d = dir();
    const file = path.join(d, 'live.db');
    const db = openDb(file);
    // A writer on its own connection, in another thread, inserting runs continuously.
    const writer = new Worker(
      `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
       const { parentPort, workerData } = require('node:worker_threads');
       const db = new D(workerData); db.pragma('busy_timeout = 5000');
       const ins = db.prepare("INSERT INTO runs(name,tags,kind,model,params,seed,runs,members,weeks,status,app_version,created_at) VALUES (?, '[]','single','reference','{}',1,1,50,156,'done','t','2026')");
       let n = 0; let stop = false;
       parentPort.on('message', () => { stop = true; });
       (function loop() { if (stop) { parentPort.postMessage(n); return; } db.transaction(() => { for (let i = 0; i < 50; i++) ins.run('w' + (n++)); })(); setImmediate(loop); })();`,
      { eval: true, workerData: file },
    );
    await new Promise((r) => setTimeout(r, 150));
    const backup = path.join(d, 'backup.db');
    const r = await backupDb(db, backup);
    const written = await new Promise<number>((resolve) => {
      writer.once('message', resolve);
      writer.postMessage('stop');
    });
    await writer.terminate();
    expect(r.bytes).toBeGreaterThan(0);
    expect(written).toBeGreaterThan(0);
    expect(verifyBackupFile(backup)).toBe(migrations.length);
    const b = new Database(backup, { readonly: true });
    const count = (b.prepare('SELECT COUNT(*) c FROM runs').get() as { c: number }).c;
    // Whole transactions only: a multiple of the writer's batch size.
    expect(count % 50).toBe(0);
    expect(quickCheck(b)).toBe('ok');
    b.close();
    db.close();
  });

  it('restores a verified backup and keeps the replaced file', async () => {
    const d = dir();
    const file = path.join(d, 'w.db');
    const db = openDb(file);
    new SettingsRepo(db).set({ defaultSeed: 7 });
    await backupDb(db, path.join(d, 'b.db'));
    new SettingsRepo(db).set({ defaultSeed: 99 });
    db.close();
    const first = restoreDb(file, path.join(d, 'b.db'));
    const again = openDb(file);
    expect(new SettingsRepo(again).get().defaultSeed).toBe(7);
    new SettingsRepo(again).set({ defaultSeed: 55 });
    again.close();
    expect(first.keptAs).toMatch(/w\.db\.before-restore-\d{8}T\d{6}Z$/);
    // A second restore keeps its own copy: the first one (seed 99, the data before any restore) survives.
    const second = restoreDb(file, path.join(d, 'b.db'));
    expect(second.keptAs).not.toBe(first.keptAs);
    const seedIn = (f: string) => {
      const x = openDb(f, { readonly: true });
      const v = new SettingsRepo(x).get().defaultSeed;
      x.close();
      return v;
    };
    expect(seedIn(first.keptAs!)).toBe(99);
    expect(seedIn(second.keptAs!)).toBe(55);
  });

  it('refuses to restore while another connection (the app, serve) has the database open, and changes nothing', async () => {
    const d = dir();
    const file = path.join(d, 'w.db');
    const app = openDb(file); // stands for a running serve: its connection stays open
    new SettingsRepo(app).set({ defaultSeed: 1 });
    await backupDb(app, path.join(d, 'b.db'));
    new SettingsRepo(app).set({ defaultSeed: 2 });
    const inode = fs.statSync(file).ino;
    expect(() => restoreDb(file, path.join(d, 'b.db'))).toThrow(/open in another workbench process.*Nothing was restored/);
    // The app still writes to the file everyone else opens: nothing of its goes missing.
    expect(fs.statSync(file).ino).toBe(inode);
    new SettingsRepo(app).set({ defaultSeed: 3 });
    const reader = openDb(file);
    expect(new SettingsRepo(reader).get().defaultSeed).toBe(3);
    reader.close();
    app.close();
    // Once it is closed, the restore goes through.
    restoreDb(file, path.join(d, 'b.db'));
    const again = openDb(file);
    expect(new SettingsRepo(again).get().defaultSeed).toBe(1);
    again.close();
  });

  it('refuses to restore a damaged backup and leaves the live DB untouched', () => {
    const d = dir();
    const file = path.join(d, 'w.db');
    const db = openDb(file);
    new SettingsRepo(db).set({ defaultSeed: 5 });
    db.close();
    fs.writeFileSync(path.join(d, 'junk.db'), 'nope');
    expect(() => restoreDb(file, path.join(d, 'junk.db'))).toThrow(/nothing was restored/);
    const again = openDb(file);
    expect(new SettingsRepo(again).get().defaultSeed).toBe(5);
    again.close();
  });

  it('refuses to restore an empty file or a foreign SQLite database (schema 0) and leaves the live DB untouched', () => {
    const d = dir();
    const file = path.join(d, 'w.db');
    const db = openDb(file);
    new SettingsRepo(db).set({ defaultSeed: 5 });
    db.close();
    fs.writeFileSync(path.join(d, 'empty.db'), '');
    const other = new Database(path.join(d, 'other.db'));
    other.exec('CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)');
    other.close();
    for (const f of ['empty.db', 'other.db']) {
      expect(() => restoreDb(file, path.join(d, f))).toThrow(/not a workbench database \(schema version 0, expected 1 to \d+\); nothing was restored/);
    }
    expect(fs.readdirSync(d).filter((n) => n.includes('before-restore'))).toEqual([]);
    const again = openDb(file);
    expect(new SettingsRepo(again).get().defaultSeed).toBe(5);
    again.close();
  });

  it('settings read back through zod: a hand-damaged row falls back to its default', () => {
    const db = openDb(path.join(dir(), 's.db'));
    const s = new SettingsRepo(db);
    s.set({ theme: 'dark', defaultRuns: 10 });
    db.prepare("UPDATE settings SET value = '\"chartreuse\"' WHERE key = 'theme'").run();
    expect(s.get()).toMatchObject({ theme: 'system', defaultRuns: 10 });
    expect(() => s.set({ defaultRuns: 0 })).toThrow();
    expect(s.get().defaultRuns).toBe(10);
    db.close();
  });

  it('runs: list/search/tag/soft-delete/restore, and interrupted marking at start-up', () => {
    const db = openDb(path.join(dir(), 'r.db'));
    const runs = new RunsRepo(db);
    const a = runs.create({ name: 'baseline, "quoted"', kind: 'single', model: 'reference', params: {}, seed: 1, runs: 1, members: 50, weeks: 156, tags: ['base'], appVersion: 't' });
    // Owned by a process that has exited: a crash/kill left it 'running'.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const b = runs.create({ name: '100% coop_test', kind: 'montecarlo', model: 'nextjs', params: {}, seed: 2, runs: 10, members: 50, weeks: 156, appVersion: 't', ownerPid: Number(deadPid) });
    // Owned by a live process (our parent, standing in for serve/the app): must stay 'running'.
    const live = runs.create({ name: 'live elsewhere', kind: 'single', model: 'reference', params: {}, seed: 3, runs: 1, members: 50, weeks: 156, appVersion: 't', ownerPid: process.ppid });
    runs.addResult(b, 0, { x: 1 });
    runs.finish(a, 'done', { ok: true });
    expect(runs.list().map((r) => r.id)).toEqual([live, b, a]);
    expect(runs.list({ search: '100%' }).map((r) => r.id)).toEqual([b]);
    expect(runs.list({ search: '_' }).map((r) => r.id)).toEqual([b]);
    expect(runs.list({ tag: 'base' }).map((r) => r.id)).toEqual([a]);
    expect(runs.resolveId('latest')).toBe(live);
    expect(runs.markInterrupted()).toBe(1);
    expect(runs.get(b).status).toBe('interrupted');
    expect(runs.get(live).status).toBe('running');
    runs.softDelete(live);
    expect(runs.get(b).completedRuns).toBe(1);
    expect(runs.softDelete(b)).toBe(true);
    expect(runs.resolveId('latest')).toBe(a);
    expect(runs.restore(b)).toBe(true);
    expect(runs.update(a, { name: 'renamed', tags: ['x', 'y'] })).toMatchObject({ name: 'renamed', tags: ['x', 'y'] });
    db.close();
  });

  it('settings.reportsDir must be absolute: a relative folder is refused, and a stored one falls back to the default', () => {
    const db = openDb(path.join(dir(), 'rd.db'));
    const s = new SettingsRepo(db);
    expect(() => s.set({ reportsDir: 'relative/x' })).toThrow(/absolute folder/);
    expect(s.get().reportsDir).toBeNull();
    expect(s.set({ reportsDir: '/srv/reports' }).reportsDir).toBe('/srv/reports');
    expect(s.set({ reportsDir: 'C:\\Users\\me\\reports' }).reportsDir).toBe('C:\\Users\\me\\reports');
    db.prepare("UPDATE settings SET value = '\"exports\"' WHERE key = 'reportsDir'").run();
    expect(s.get().reportsDir).toBeNull();
    db.close();
  });

  it('a settings patch changes only the keys it names', () => {
    const db = openDb(path.join(dir(), 'p.db'));
    const s = new SettingsRepo(db);
    s.set({ theme: 'dark' });
    s.set({ defaultSeed: 1234 });
    expect(s.get()).toMatchObject({ theme: 'dark', defaultSeed: 1234 });
    db.close();
  });

  it('migrate() is idempotent', () => {
    const db = openDb(path.join(dir(), 'i.db'));
    expect(migrate(db)).toBe(migrations.length);
    expect(migrate(db)).toBe(migrations.length);
    db.close();
  });
});
