// Many finished single runs stored straight into a data folder's database, as the CLI stores them
// (summaries only, no documents): for tests of views with more runs than they list.
import path from 'node:path';
import { DB_FILE, openDb } from '../../src-main/store/db';
import { RunsRepo } from '../../src-main/store/runs';

/** Stores runs 1…count named name(i) (seed i), finished 'done', in one transaction. */
export function storeFinishedRuns(dataDir: string, count: number, name: (i: number) => string, size: { members: number; weeks: number } = { members: 50, weeks: 52 }): void {
  const db = openDb(path.join(dataDir, DB_FILE));
  try {
    const runs = new RunsRepo(db);
    db.transaction(() => {
      for (let i = 1; i <= count; i++) {
        runs.finish(runs.create({ name: name(i), kind: 'single', model: 'reference', params: {}, seed: i, runs: 1, ...size, appVersion: 't' }), 'done', null);
      }
    })();
  } finally {
    db.close();
  }
}
