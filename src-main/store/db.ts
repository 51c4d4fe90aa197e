import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { checkMigrationList, latestVersion, migrations as defaultMigrations, type Migration } from './migrations';
import { makeDirs } from '../fs/makeDirs';

export type Db = Database.Database;

export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: 'corrupt' | 'too_new' | 'io' | 'locked',
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface OpenOptions {
  migrations?: Migration[];
  readonly?: boolean;
  /** Skip the start-up quick_check (only for tools that run their own check). */
  skipCheck?: boolean;
}

export const DB_FILE = 'workbench.db';

/**
 * The compiled better-sqlite3 addon to load instead of node_modules' (null = the default). The
 * Electron app in development sets it: node_modules holds the Node-ABI build (tests, CLI, serve)
 * and Electron needs its own (see src-main/electron/nativeSqlite.ts).
 */
let sqliteBinding: string | null = null;
export function useSqliteBinding(file: string | null): void {
  sqliteBinding = file;
}

/** Every connection of the app opens through here, so they all load the same addon. */
function connect(file: string, options: Database.Options = {}): Db {
  return new Database(file, sqliteBinding ? { ...options, nativeBinding: sqliteBinding } : options);
}

/**
 * Open (creating if needed) the workbench database: WAL, foreign keys, busy timeout,
 * `quick_check` at start, then any pending migrations, each in its own transaction.
 */
export function openDb(file: string, opts: OpenOptions = {}): Db {
  const list = opts.migrations ?? defaultMigrations;
  checkMigrationList(list);
  makeDirs(path.dirname(file));
  let db: Db;
  try {
    db = connect(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (e) {
    throw new StoreError(`cannot open the database at ${file}: ${(e as Error).message}`, 'io');
  }
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Checks first: switching to WAL rewrites the file header, and a file we refuse (corrupt, or
    // from a newer app) must be left exactly as it was.
    if (!opts.skipCheck) {
      const result = quickCheck(db);
      if (result !== 'ok') throw corrupt(file, result);
    }
    const v = schemaVersion(db);
    if (v > latestVersion(list)) throw tooNew(file, v, latestVersion(list));
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, list);
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof StoreError) throw e;
    const msg = (e as Error).message;
    if (/not a database|malformed|corrupt/i.test(msg)) throw corrupt(file, msg);
    if (/database is locked|SQLITE_BUSY/i.test(msg)) throw new StoreError(`the database at ${file} is locked by another process; close other workbench windows and retry`, 'locked');
    throw e;
  }
}

function corrupt(file: string, detail: string): StoreError {
  return new StoreError(
    `the database at ${file} failed its integrity check (${detail.slice(0, 200)}). ` +
      `Your data has not been changed. Restore a backup with "workbench db restore FILE", ` +
      `or move the file aside to start fresh.`,
    'corrupt',
  );
}

function tooNew(file: string, v: number, known: number): StoreError {
  return new StoreError(
    `the database at ${file} has schema version ${v}, newer than this app knows (${known}). Update the app.`,
    'too_new',
  );
}

export function quickCheck(db: Db): string {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  return rows.map((r) => r.quick_check).join('; ');
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, list: Migration[] = defaultMigrations): number {
  const current = schemaVersion(db);
  const target = latestVersion(list);
  if (current > target) throw tooNew(db.name, current, target);
  for (const m of list) {
    if (m.version <= current) continue;
    // user_version is set inside the same transaction, so a failed migration leaves no trace.
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(db);
}

/** Online backup (safe while other connections write) to `dest`. */
export async function backupDb(db: Db, dest: string): Promise<{ path: string; bytes: number }> {
  makeDirs(path.dirname(path.resolve(dest)));
  await db.backup(dest);
  return { path: dest, bytes: fs.statSync(dest).size };
}

/**
 * Check a backup file before it replaces the live DB: it must open, pass quick_check and
 * carry a schema this app knows. Returns its schema version.
 */
export function verifyBackupFile(file: string, list: Migration[] = defaultMigrations): number {
  if (!fs.existsSync(file)) throw new StoreError(`backup file ${file} does not exist`, 'io');
  let db: Db;
  try {
    db = connect(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new StoreError(`backup file ${file} cannot be opened: ${(e as Error).message}`, 'corrupt');
  }
  try {
    const result = quickCheck(db);
    if (result !== 'ok') throw new StoreError(`backup file ${file} is damaged (${result.slice(0, 200)}); nothing was restored`, 'corrupt');
    const v = schemaVersion(db);
    if (v > latestVersion(list)) throw tooNew(file, v, latestVersion(list));
    // Version 0 is an empty file or another program's SQLite database: "restoring" it would swap the
    // live data for an empty store (and a second restore would overwrite the .before-restore copy).
    if (v < 1) throw new StoreError(`backup file ${file} is not a workbench database (schema version ${v}, expected 1 to ${latestVersion(list)}); nothing was restored`, 'corrupt');
    return v;
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw new StoreError(`backup file ${file} is not a workbench database (${(e as Error).message}); nothing was restored`, 'corrupt');
  } finally {
    db.close();
  }
}

/**
 * Replace the database at `file` with `backup` (verified first). The caller must have closed
 * its own connection. The old file is kept next to it as `<file>.before-restore-<UTC time>`
 * (`keptAs`): a name per restore, so restoring twice never overwrites the first safety copy.
 */
export function restoreDb(file: string, backup: string, list: Migration[] = defaultMigrations): { schemaVersion: number; keptAs: string | null } {
  verifyBackupFile(backup, list);
  // The copy first, so the live file is locked only for the swap itself.
  const tmp = `${file}.restoring`;
  fs.copyFileSync(backup, tmp);
  let old: Db | null = null;
  let keptAs: string | null = null;
  try {
    if (fs.existsSync(file)) {
      // Another process (the app, `workbench serve`) with the database open would keep writing to the
      // file we replace: its new runs would land in an unlinked file and be lost without a word.
      // Leaving WAL mode needs the only connection, so it is the test (it also folds the WAL into the
      // main file, so the copy kept below is complete). Then an exclusive lock, held until the new file
      // is in place, keeps anyone from opening the old one meanwhile.
      try {
        old = connect(file);
        old.pragma('busy_timeout = 250');
        old.pragma('journal_mode = DELETE');
        old.pragma('locking_mode = EXCLUSIVE');
        old.exec('BEGIN EXCLUSIVE');
      } catch (e) {
        if (/database is locked|SQLITE_BUSY/i.test((e as Error).message)) {
          throw new StoreError(`the database at ${file} is open in another workbench process (the app or \`workbench serve\`); close it, then restore again. Nothing was restored`, 'locked');
        }
        /* a damaged live DB is a reason to restore; keep it as is */
        old?.close();
        old = null;
      }
      keptAs = beforeRestoreName(file);
      fs.copyFileSync(file, keptAs, fs.constants.COPYFILE_EXCL);
    }
    for (const ext of ['-wal', '-shm']) fs.rmSync(file + ext, { force: true });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    // The lock was on the replaced file; closing it releases nothing the new one needs.
    try {
      old?.close();
    } catch {
      /* already closed */
    }
  }
  const db = openDb(file, { migrations: list });
  const v = schemaVersion(db);
  db.close();
  return { schemaVersion: v, keptAs };
}

/** `<file>.before-restore-20261127T040512Z`, with -2, -3 … if that name is taken. */
function beforeRestoreName(file: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const base = `${file}.before-restore-${stamp}`;
  let name = base;
  for (let k = 2; fs.existsSync(name); k++) name = `${base}-${k}`;
  return name;
}
