/**
 * Store migration for DoX pushes. The lead registers DOX_MIGRATION_SQL as a numbered migration
 * (run inside its transaction). One row per push attempt (real, failed or dry run); the whole
 * manifest is kept as JSON (never contains the JWT).
 */
import { stableStringify } from '../../src-shared/serialize/stableJson';
import type { DoxManifest } from './push';

export const DOX_MIGRATION_SQL = `
CREATE TABLE IF NOT EXISTS dox_pushes (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at     TEXT    NOT NULL,
  correlation_id TEXT    NOT NULL UNIQUE,
  dox_url        TEXT    NOT NULL,
  status         TEXT    NOT NULL CHECK (status IN ('ok', 'failed', 'dry-run')),
  dry_run        INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  source_kind    TEXT    CHECK (source_kind IS NULL OR source_kind IN ('run', 'validation', 'bundle', 'mixed')),
  source_id      TEXT,
  artifacts_dir  TEXT    NOT NULL,
  artifact_ids   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(artifact_ids)),
  dashboard_url  TEXT,
  error          TEXT,
  manifest_json  TEXT    NOT NULL CHECK (json_valid(manifest_json))
);
CREATE INDEX IF NOT EXISTS dox_pushes_created_at ON dox_pushes (created_at);
CREATE INDEX IF NOT EXISTS dox_pushes_source ON dox_pushes (source_kind, source_id);
`;

export interface DoxPushRow {
  created_at: string;
  correlation_id: string;
  dox_url: string;
  status: 'ok' | 'failed' | 'dry-run';
  dry_run: 0 | 1;
  source_kind: 'run' | 'validation' | 'bundle' | 'mixed' | null;
  source_id: string | null;
  artifacts_dir: string;
  artifact_ids: string;
  dashboard_url: string | null;
  error: string | null;
  manifest_json: string;
}

export function doxPushRow(manifest: DoxManifest): DoxPushRow {
  const s = manifest.source;
  const kinds = [s.run ? 'run' : null, s.validation ? 'validation' : null, s.bundleFiles?.length ? 'bundle' : null].filter(Boolean) as Array<'run' | 'validation' | 'bundle'>;
  return {
    created_at: manifest.createdAt,
    correlation_id: manifest.correlationId,
    dox_url: manifest.doxUrl,
    status: manifest.status,
    dry_run: manifest.dryRun ? 1 : 0,
    source_kind: kinds.length === 0 ? null : kinds.length === 1 ? kinds[0] : 'mixed',
    source_id: s.run ?? s.validation ?? null,
    artifacts_dir: manifest.artifactsDir,
    artifact_ids: stableStringify(manifest.artifacts),
    dashboard_url: manifest.datavzrd?.dashboardUrl ?? null,
    error: manifest.error ? `${manifest.error.code}: ${manifest.error.message}` : null,
    manifest_json: stableStringify(manifest, { nonFinite: 'null' }),
  };
}

/** Minimal better-sqlite3 surface, so this module does not import the native binding. */
export interface SqlRunner {
  prepare(sql: string): { run(params: Record<string, unknown>): unknown };
}

export function insertDoxPush(db: SqlRunner, manifest: DoxManifest): void {
  db.prepare(
    `INSERT INTO dox_pushes (created_at, correlation_id, dox_url, status, dry_run, source_kind, source_id, artifacts_dir, artifact_ids, dashboard_url, error, manifest_json)
     VALUES (@created_at, @correlation_id, @dox_url, @status, @dry_run, @source_kind, @source_id, @artifacts_dir, @artifact_ids, @dashboard_url, @error, @manifest_json)`,
  ).run({ ...doxPushRow(manifest) });
}
