/** Migration 5 (registered in src-main/store/migrations.ts): the validation report history. */
export const VALIDATION_MIGRATION_SQL = `
  CREATE TABLE validation_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pass', 'fail')),
    summary TEXT NOT NULL,
    report TEXT NOT NULL,
    inputs TEXT NOT NULL,
    snapshot_id INTEGER,
    app_version TEXT NOT NULL,
    archive_dir TEXT
  );
  CREATE INDEX validation_reports_created ON validation_reports(created_at);
`;
