import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { ApiError } from '../../../src-shared/api';
import { quickCheck, schemaVersion } from '../../store/db';
import { APP_NAME } from '../../version';
import type { Handlers } from '../types';
import { cancelTrackedRun, isTrackedRun } from '../../sim/running';
import { makeDirs } from '../../fs/makeDirs';

type CoreOps = 'app.info' | 'health' | 'settings.get' | 'settings.set' | 'runs.list' | 'runs.get' | 'runs.cancel' | 'runs.delete' | 'runs.restore' | 'runs.update';

export const coreHandlers: Handlers<CoreOps> = {
  'app.info': (_i, { app }) => ({
    name: APP_NAME,
    version: app.version,
    transport: app.transport,
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    dataDir: app.dataDir,
    dbPath: app.dbPath,
    schemaVersion: schemaVersion(app.db),
  }),
  health: (_i, { app }) => {
    const qc = quickCheck(app.db);
    return {
      ok: qc === 'ok',
      db: { quickCheck: qc, schemaVersion: schemaVersion(app.db), sizeBytes: fs.existsSync(app.dbPath) ? fs.statSync(app.dbPath).size : 0 },
      uptimeMs: Date.now() - app.startedAt,
    };
  },
  'settings.get': (_i, { app }) => app.settings.get(),
  'settings.set': (patch, { app }) => {
    if (typeof patch.reportsDir === 'string') checkWritableFolder(patch.reportsDir);
    return app.settings.set(patch);
  },
  'runs.list': (q, { app }) => app.runs.list(q),
  // A run 'running' in a process that died (a killed CLI) would be polled forever: settle it first.
  'runs.get': ({ id }, { app }) => {
    app.runs.markInterrupted();
    return app.runs.get(id);
  },
  'runs.cancel': ({ id }, { app }) => {
    app.runs.markInterrupted();
    const run = app.runs.get(id);
    if (run.status !== 'running') return { id: run.id, cancelled: false };
    if (cancelTrackedRun(run.id)) return { id: run.id, cancelled: true };
    throw new ApiError('conflict', `run ${run.id} is being computed by another process (e.g. the CLI); stop it there (Ctrl+C in its terminal)`);
  },
  'runs.delete': ({ id }, { app }) => {
    if (isTrackedRun(id) || app.runs.isRunningElsewhere(id)) throw new ApiError('conflict', `run ${id} is still running; cancel it first, then delete it`);
    const deleted = app.runs.softDelete(id);
    if (!deleted) throw new ApiError('not_found', `run ${id} does not exist or is already deleted`);
    return { deleted };
  },
  'runs.restore': ({ id }, { app }) => {
    const n = id === 'latest' ? app.runs.lastDeleted() : id;
    if (n === null) throw new ApiError('not_found', 'no deleted run to restore');
    const restored = app.runs.restore(n);
    // "was not deleted" is only true of a run that exists: an unknown id is not found, as for get/delete.
    if (!restored && !app.runs.exists(n)) throw new ApiError('not_found', `run ${n} does not exist`);
    return { id: n, restored };
  },
  'runs.update': ({ id, ...patch }, { app }) => app.runs.update(id, patch),
};

/**
 * A reports folder is only saved if exports could be written there: it is created if missing and a
 * probe file is written and removed (a read-only or virtual file system fails here, not at export).
 */
function checkWritableFolder(dir: string): void {
  const probe = path.join(dir, `.workbench-write-test-${process.pid}`);
  try {
    makeDirs(dir);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    const message = `reportsDir: cannot write to ${dir} (${why}); choose a folder you can write to, e.g. ${path.join(os.homedir(), 'reports')}`;
    throw new ApiError('invalid_input', message, [{ path: 'reportsDir', message: `not writable (${why})` }]);
  }
}
