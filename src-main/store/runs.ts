import { z } from 'zod';
import { ApiError, RunDetail, RunStatus, RunSummary } from '../../src-shared/api';
import type { Db } from './db';
import { jsonColumn } from './rows';

const SummaryRow = z.object({
  id: z.number().int(),
  name: z.string(),
  tags: z.string(),
  kind: RunSummary.shape.kind,
  model: z.string(),
  seed: z.number().int(),
  runs: z.number().int(),
  completed_runs: z.number().int(),
  members: z.number().int(),
  weeks: z.number().int(),
  status: RunStatus,
  app_version: z.string(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
type SummaryRow = z.infer<typeof SummaryRow>;
const Row = SummaryRow.extend({ params: z.string(), result: z.string().nullable() });

const COMPLETED = `(SELECT COUNT(*) FROM run_results x WHERE x.run_id = r.id) AS completed_runs`;
const SELECT = `SELECT r.*, ${COMPLETED} FROM runs r`;
/**
 * The runs list reads only these columns, all held by the covering index runs_list (migration 8):
 * a list never reads the stored documents (params, result: up to a few hundred KB per run), which
 * sit before created_at in each row, so reading the row itself meant walking every document's pages.
 */
const SELECT_SUMMARY = `SELECT r.id, r.name, r.tags, r.kind, r.model, r.seed, r.runs, r.members, r.weeks, r.status, r.app_version, r.created_at, r.finished_at, ${COMPLETED} FROM runs r`;

function toSummary(row: SummaryRow): RunSummary {
  return {
    id: row.id,
    name: row.name,
    tags: z.array(z.string()).catch([]).parse(jsonColumn(row.tags)),
    kind: row.kind,
    model: row.model,
    seed: row.seed,
    runs: row.runs,
    completedRuns: row.kind === 'montecarlo' ? row.completed_runs : row.status === 'done' ? row.runs : row.completed_runs,
    members: row.members,
    weeks: row.weeks,
    status: row.status,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export interface NewRun {
  name: string;
  kind: RunSummary['kind'];
  model: string;
  params: Record<string, unknown>;
  seed: number;
  runs: number;
  members: number;
  weeks: number;
  tags?: string[];
  appVersion: string;
  /** Process running the job (default: this one). */
  ownerPid?: number;
}

/** True when a process with this pid exists on this machine (signal 0 only checks). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs and their per-run results. Rows read back are validated with zod. */
export class RunsRepo {
  constructor(private readonly db: Db) {}

  create(r: NewRun): number {
    const info = this.db
      .prepare(
        `INSERT INTO runs(name, tags, kind, model, params, seed, runs, members, weeks, status, app_version, created_at, owner_pid)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
      )
      .run(r.name, JSON.stringify(r.tags ?? []), r.kind, r.model, JSON.stringify(r.params), r.seed, r.runs, r.members, r.weeks, r.appVersion, new Date().toISOString(), r.ownerPid ?? process.pid);
    return Number(info.lastInsertRowid);
  }

  addResult(runId: number, runIndex: number, summary: unknown): void {
    this.db.prepare('INSERT OR REPLACE INTO run_results(run_id, run_index, summary) VALUES (?, ?, ?)').run(runId, runIndex, JSON.stringify(summary));
  }

  results(runId: number): { runIndex: number; summary: unknown }[] {
    const rows = this.db.prepare('SELECT run_index, summary FROM run_results WHERE run_id = ? ORDER BY run_index').all(runId) as { run_index: number; summary: string }[];
    return rows.map((r) => ({ runIndex: r.run_index, summary: jsonColumn(r.summary) }));
  }

  finish(runId: number, status: Exclude<RunStatus, 'running'>, result: unknown): void {
    this.db.prepare('UPDATE runs SET status = ?, result = ?, finished_at = ? WHERE id = ?').run(status, result === undefined ? null : JSON.stringify(result), new Date().toISOString(), runId);
  }

  /**
   * At start-up: a run still 'running' whose owner process is gone was cut off by a crash or kill.
   * Runs owned by another live process (serve, the app, another CLI) are left alone.
   */
  markInterrupted(isAlive: (pid: number) => boolean = processAlive): number {
    const rows = this.db.prepare(`SELECT id, owner_pid FROM runs WHERE status = 'running'`).all() as { id: number; owner_pid: number | null }[];
    const dead = rows.filter((r) => r.owner_pid === null || (r.owner_pid !== process.pid && !isAlive(r.owner_pid)));
    const mark = this.db.prepare(`UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running'`);
    const now = new Date().toISOString();
    this.db.transaction(() => dead.forEach((r) => mark.run(now, r.id)))();
    return dead.length;
  }

  resolveId(id: number | 'latest'): number {
    if (id !== 'latest') return id;
    const row = this.db.prepare('SELECT id FROM runs WHERE deleted_at IS NULL ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined;
    if (!row) throw new ApiError('not_found', 'there are no runs yet: run a simulation first');
    return row.id;
  }

  list(opts: { search?: string; tag?: string; limit?: number; before?: number } = {}): RunSummary[] {
    const where = ['r.deleted_at IS NULL'];
    const args: unknown[] = [];
    if (opts.before !== undefined) {
      where.push('r.id < ?');
      args.push(opts.before);
    }
    if (opts.search) {
      where.push(`(r.name LIKE ? ESCAPE '\\' OR r.tags LIKE ? ESCAPE '\\' OR CAST(r.id AS TEXT) = ?)`);
      const like = `%${opts.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      args.push(like, like, opts.search);
    }
    if (opts.tag) {
      where.push(`EXISTS (SELECT 1 FROM json_each(r.tags) WHERE json_each.value = ?)`);
      args.push(opts.tag);
    }
    const rows = this.db.prepare(`${SELECT_SUMMARY} WHERE ${where.join(' AND ')} ORDER BY r.id DESC LIMIT ?`).all(...args, opts.limit ?? 200);
    return rows.map((r) => toSummary(SummaryRow.parse(r)));
  }

  get(idOrLatest: number | 'latest'): RunDetail {
    const id = this.resolveId(idOrLatest);
    const raw = this.db.prepare(`${SELECT} WHERE r.id = ? AND r.deleted_at IS NULL`).get(id);
    if (!raw) throw new ApiError('not_found', `run ${id} does not exist`);
    const row = Row.parse(raw);
    return {
      ...toSummary(row),
      params: z.record(z.string(), z.unknown()).catch({}).parse(jsonColumn(row.params)),
      result: jsonColumn(row.result),
      appVersion: row.app_version,
    };
  }

  update(id: number, patch: { name?: string; tags?: string[] }): RunSummary {
    const cur = this.get(id);
    this.db.prepare('UPDATE runs SET name = ?, tags = ? WHERE id = ?').run(patch.name ?? cur.name, JSON.stringify(patch.tags ?? cur.tags), id);
    return toSummary(SummaryRow.parse(this.db.prepare(`${SELECT_SUMMARY} WHERE r.id = ?`).get(id)));
  }

  softDelete(id: number): boolean {
    return this.db.prepare('UPDATE runs SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(new Date().toISOString(), id).changes > 0;
  }

  /** A run still marked running by a live process other than this one (markInterrupted settles dead ones). */
  isRunningElsewhere(id: number, isAlive: (pid: number) => boolean = processAlive): boolean {
    const row = this.db.prepare(`SELECT owner_pid FROM runs WHERE id = ? AND status = 'running' AND deleted_at IS NULL`).get(id) as { owner_pid: number | null } | undefined;
    return !!row && row.owner_pid !== null && row.owner_pid !== process.pid && isAlive(row.owner_pid);
  }

  /** The run deleted last (undo order), or null when none is deleted. */
  lastDeleted(): number | null {
    const row = this.db.prepare('SELECT id FROM runs WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC LIMIT 1').get() as { id: number } | undefined;
    return row?.id ?? null;
  }

  restore(id: number): boolean {
    return this.db.prepare('UPDATE runs SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL').run(id).changes > 0;
  }

  /** Whether a run with this id is stored at all (deleted or not). */
  exists(id: number): boolean {
    return this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined;
  }

  /** Deleted runs are purged for good after a grace period (undo window). */
  purgeDeleted(olderThanMs: number): number {
    const cutoff = new Date(Date.now() - olderThanMs).toISOString();
    return this.db.prepare('DELETE FROM runs WHERE deleted_at IS NOT NULL AND deleted_at < ?').run(cutoff).changes;
  }
}
