import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE, openDb, type Db } from './store/db';
import { RunsRepo } from './store/runs';
import { SettingsRepo } from './store/settings';
import { APP_VERSION } from './version';
import { makeDirs } from './fs/makeDirs';

/**
 * Everything a handler may touch: the data dir, the open DB and the repositories.
 * Created once per process (app, serve or CLI) and passed to the API handlers.
 */
export interface AppContext {
  readonly dataDir: string;
  readonly dbPath: string;
  readonly db: Db;
  readonly settings: SettingsRepo;
  readonly runs: RunsRepo;
  readonly version: string;
  readonly startedAt: number;
  readonly transport: 'ipc' | 'http' | 'direct';
  close(): void;
}

export function createContext(opts: { dataDir: string; transport?: AppContext['transport'] }): AppContext {
  const dataDir = path.resolve(opts.dataDir);
  makeDirs(dataDir);
  const dbPath = path.join(dataDir, DB_FILE);
  const db = openDb(dbPath);
  const runs = new RunsRepo(db);
  runs.markInterrupted();
  return {
    dataDir,
    dbPath,
    db,
    settings: new SettingsRepo(db),
    runs,
    version: APP_VERSION,
    startedAt: Date.now(),
    transport: opts.transport ?? 'direct',
    close: () => db.close(),
  };
}
