import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ELECTRON_SQLITE_ADDON, electronSqliteBinding } from '../../../src-main/electron/nativeSqlite';
import { openDb, StoreError, useSqliteBinding } from '../../../src-main/store/db';
import { ROOT, tmpDir } from '../../helpers/tmp';

describe('which better-sqlite3 addon the Electron app loads', () => {
  it('packaged: the default (installers ship the Electron build as node_modules/better-sqlite3)', () => {
    expect(electronSqliteBinding('/app', true, () => false)).toEqual({ kind: 'default' });
  });
  it('development: the Electron build in build/native-electron, or what to run when it is missing', () => {
    const want = path.join('/repo', ELECTRON_SQLITE_ADDON);
    expect(electronSqliteBinding('/repo', false, (f) => f === want)).toEqual({ kind: 'file', file: want });
    const missing = electronSqliteBinding('/repo', false, () => false);
    expect(missing.kind).toBe('missing');
    if (missing.kind === 'missing') {
      expect(missing.file).toBe(want);
      expect(missing.message).toContain(want);
      expect(missing.message).toMatch(/npm run rebuild:electron/);
    }
  });
});

describe('useSqliteBinding', () => {
  afterEach(() => useSqliteBinding(null));
  it('every connection loads the addon it names; a wrong one fails at open, naming the file', () => {
    const tmp = tmpDir();
    try {
      const bad = path.join(tmp.dir, 'nowhere/better_sqlite3.node');
      useSqliteBinding(bad);
      let err: unknown;
      try {
        openDb(path.join(tmp.dir, 'a.db'));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StoreError);
      expect((err as Error).message).toContain(bad);
      expect(fs.existsSync(path.join(tmp.dir, 'a.db'))).toBe(false);
      // The Node build, named explicitly, opens as the default does.
      useSqliteBinding(path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
      const db = openDb(path.join(tmp.dir, 'b.db'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      tmp.cleanup();
    }
  });
});
