import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../src-shared/api';
import { ValidationResultSchema, ValidationSummarySchema } from '../../src-shared/api/validation';
import { renderMarkdown } from '../../src-shared/report/markdown';
import { parseReport } from '../../src-shared/report/model';
import { buildValidationReport, computeDeltas, type ValidationDeltas, type ValidationResult, type ValidationSummary } from '../../src-shared/validation';
import type { Db } from '../store/db';
import { makeDirs } from '../fs/makeDirs';

export interface StoredValidation {
  id: number;
  createdAt: string;
  summary: ValidationSummary;
  result: ValidationResult;
  archiveDir: string | null;
}

interface Row { id: number; created_at: string; summary: string; report: string; archive_dir: string | null }

function parseRow(r: Row): StoredValidation {
  let report: unknown;
  let stored: unknown;
  try {
    report = JSON.parse(r.report);
    stored = JSON.parse(r.summary);
  } catch {
    throw new ApiError('internal', `validation report ${r.id} is unreadable in the database (corrupt JSON)`);
  }
  // Read back through the API's own schemas: a row that no longer fits names the first bad field.
  const result = ValidationResultSchema.safeParse(report);
  const summary = ValidationSummarySchema.safeParse(stored);
  if (!result.success || !summary.success) {
    const issue = (result.success ? summary.error! : result.error).issues[0];
    throw new ApiError('internal', `validation report ${r.id} has an unexpected shape in the database: ${result.success ? 'summary' : 'report'}.${issue.path.join('.')}: ${issue.message}`);
  }
  return { id: r.id, createdAt: r.created_at, summary: summary.data as ValidationSummary, result: result.data as unknown as ValidationResult, archiveDir: r.archive_dir };
}

/** The validation history: rows in SQLite, files under <dataDir>/validation_reports/<timestamp>/. */
export class ValidationRepo {
  constructor(private readonly db: Db, private readonly dataDir: string) {}

  insert(result: ValidationResult): number {
    const info = this.db
      .prepare('INSERT INTO validation_reports(created_at, status, summary, report, inputs, snapshot_id, app_version) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(result.createdAt, result.summary.status, JSON.stringify(result.summary), JSON.stringify(result), JSON.stringify(result.inputs), result.inputs.snapshotId, result.inputs.appVersion);
    return Number(info.lastInsertRowid);
  }

  setArchive(id: number, dir: string): void {
    this.db.prepare('UPDATE validation_reports SET archive_dir = ? WHERE id = ?').run(dir, id);
  }

  resolveId(id: number | 'latest'): number {
    if (id !== 'latest') return id;
    const row = this.db.prepare('SELECT id FROM validation_reports ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined;
    if (!row) throw new ApiError('not_found', 'there are no validation reports yet: run "workbench validate" (or Validation → Run validation) first');
    return row.id;
  }

  get(idOrLatest: number | 'latest'): StoredValidation {
    const id = this.resolveId(idOrLatest);
    const r = this.db.prepare('SELECT id, created_at, summary, report, archive_dir FROM validation_reports WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new ApiError('not_found', `validation report ${id} does not exist (see "workbench validate --list" or the Validation view)`);
    return parseRow(r);
  }

  previous(id: number): StoredValidation | null {
    const r = this.db.prepare('SELECT id, created_at, summary, report, archive_dir FROM validation_reports WHERE id < ? ORDER BY id DESC LIMIT 1').get(id) as Row | undefined;
    return r ? parseRow(r) : null;
  }

  list(limit = 100): { id: number; createdAt: string; summary: ValidationSummary; archiveDir: string | null; snapshotId: number | null; appVersion: string }[] {
    const rows = this.db.prepare('SELECT id, created_at, summary, archive_dir, snapshot_id, app_version FROM validation_reports ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number; created_at: string; summary: string; archive_dir: string | null; snapshot_id: number | null; app_version: string;
    }[];
    return rows.flatMap((r) => {
      try {
        // A row whose summary no longer matches the schema is left out, not shown half-broken.
        const summary = ValidationSummarySchema.safeParse(JSON.parse(r.summary));
        if (!summary.success) return [];
        return [{ id: r.id, createdAt: r.created_at, summary: summary.data as ValidationSummary, archiveDir: r.archive_dir, snapshotId: r.snapshot_id, appVersion: r.app_version }];
      } catch {
        return [];
      }
    });
  }

  /** The stored report with its deltas against the one before it. */
  withDeltas(idOrLatest: number | 'latest'): StoredValidation & { deltas: ValidationDeltas | null } {
    const cur = this.get(idOrLatest);
    const prev = this.previous(cur.id);
    return { ...cur, deltas: prev ? computeDeltas({ id: prev.id, result: prev.result }, cur.result) : null };
  }

  /** Write report.json + report.md under validation_reports/<timestamp>/ (unique folder). */
  archive(id: number, appVersion: string): string {
    const v = this.withDeltas(id);
    const stamp = v.createdAt.replace(/[:.]/g, '-');
    const root = path.join(this.dataDir, 'validation_reports');
    let dir = path.join(root, stamp);
    for (let i = 2; fs.existsSync(dir); i++) dir = path.join(root, `${stamp}-${i}`);
    makeDirs(dir);
    const report = parseReport(buildValidationReport(v.result, { id, deltas: v.deltas, archiveDir: dir }, appVersion));
    fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify({ id, result: v.result, deltas: v.deltas, report }, null, 2) + '\n');
    fs.writeFileSync(path.join(dir, 'report.md'), renderMarkdown(report));
    this.setArchive(id, dir);
    return dir;
  }
}
