/**
 * Append-only, numbered schema migrations (Actual Budget style). Never edit or reorder a
 * migration that has shipped: add a new one. Each runs in its own transaction, and
 * `PRAGMA user_version` records the last one applied.
 * Capabilities contribute their SQL from their own folder; the numbers are assigned here.
 */
import { DOX_MIGRATION_SQL } from '../dox/migration';
import { FIREFLY_MIGRATION_SQL } from '../firefly/sync';
import { VALIDATION_MIGRATION_SQL } from '../validation/migration';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const core: Migration = {
  version: 1,
  name: 'core: settings, runs, per-run results, jobs',
  sql: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      tags TEXT NOT NULL DEFAULT '[]',
      kind TEXT NOT NULL,
      model TEXT NOT NULL,
      params TEXT NOT NULL,
      seed INTEGER NOT NULL,
      runs INTEGER NOT NULL,
      members INTEGER NOT NULL,
      weeks INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running','done','cancelled','interrupted','failed')),
      result TEXT,
      app_version TEXT NOT NULL,
      created_at TEXT NOT NULL,
      finished_at TEXT,
      deleted_at TEXT
    );
    CREATE INDEX runs_created ON runs(created_at DESC);
    -- One row per finished Monte Carlo member run: its final-week summary. Rows are written as
    -- runs finish, so a cancelled or interrupted set keeps what completed.
    CREATE TABLE run_results (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      run_index INTEGER NOT NULL,
      summary TEXT NOT NULL,
      PRIMARY KEY (run_id, run_index)
    );
  `,
};

const paramSets: Migration = {
  version: 2,
  name: 'saved parameter sets',
  sql: `
    CREATE TABLE param_sets (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL UNIQUE,
      model TEXT NOT NULL,
      params TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
  `,
};

const firefly: Migration = { version: 3, name: 'firefly snapshots, transactions, category totals, sync deltas', sql: FIREFLY_MIGRATION_SQL };
const dox: Migration = { version: 4, name: 'DoX pushes with manifests', sql: DOX_MIGRATION_SQL };

const validationReports: Migration = { version: 5, name: 'validation report history', sql: VALIDATION_MIGRATION_SQL };

// Which process runs a job: a CLI or app start-up must not mark another live process's run as
// interrupted, only runs whose owner is gone.
const runOwner: Migration = { version: 6, name: 'runs: owner process id', sql: 'ALTER TABLE runs ADD COLUMN owner_pid INTEGER;' };

// Server URLs with user:password@ or a ?query/#fragment are refused since settings validate them
// (they kept passwords and tokens in clear here); ones saved before that already read back as
// unset, so removing them changes nothing the user sees and takes the secrets out of the file.
// Same test as the settings schema: an @ before the first / after "://", or any ? or #.
const scrubServerUrls: Migration = {
  version: 7,
  name: 'settings: remove server URLs that carry credentials',
  // secure_delete: the deleted text is overwritten with zeros, not left in a free part of the page.
  sql: `
    PRAGMA secure_delete = ON;
    DELETE FROM settings
    WHERE key IN ('fireflyUrl', 'doxUrl')
      AND (
        instr(value, '?') > 0 OR instr(value, '#') > 0
        OR (
          instr(substr(value, instr(value, '://') + 3), '@') > 0
          AND (instr(substr(value, instr(value, '://') + 3), '/') = 0
            OR instr(substr(value, instr(value, '://') + 3), '@') < instr(substr(value, instr(value, '://') + 3), '/'))
        )
      );
    PRAGMA secure_delete = OFF;
  `,
};

// The runs list (newest first, search, tag) is answered from this index alone: reading the rows
// meant walking each run's stored documents (params, result), 0.3–0.5 s for 200 of 360 runs.
const runsListIndex: Migration = {
  version: 8,
  name: 'runs: covering index for the runs list',
  sql: 'CREATE INDEX runs_list ON runs(deleted_at, id, name, tags, kind, model, seed, runs, members, weeks, status, app_version, created_at, finished_at);',
};

export const migrations: Migration[] = [core, paramSets, firefly, dox, validationReports, runOwner, scrubServerUrls, runsListIndex];

export function latestVersion(list: Migration[] = migrations): number {
  return list.reduce((m, x) => Math.max(m, x.version), 0);
}

/** Guard against editing history by accident: versions must be 1..n in order. */
export function checkMigrationList(list: Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration #${i} has version ${m.version}, expected ${i + 1}`);
  });
}
