/**
 * Helpers shared by the reliability suite: start the *built* `serve` as a child process we can
 * SIGKILL, call the API with the token, and inspect the database from the outside.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/tmp';

export const CLI_JS = path.join(ROOT, 'out/main/cli.js');

export interface ServeProc {
  child: ChildProcess;
  pid: number;
  origin: string;
  token: string;
  stdout: () => string;
  stderr: () => string;
  /** Graceful stop (SIGTERM, then SIGKILL after 3 s). */
  stop(): Promise<void>;
  /** kill -9 and wait for the process to be gone. */
  kill9(): Promise<void>;
}

export function requireBuilt(): void {
  if (!fs.existsSync(CLI_JS)) throw new Error('out/main/cli.js is missing: run "npx electron-vite build" first');
}

/** Start `node out/main/cli.js --data-dir D serve --url-file F` and wait for the launch URL. */
export async function startServeProc(dataDir: string, env: Record<string, string> = {}): Promise<ServeProc> {
  requireBuilt();
  const urlFile = path.join(dataDir, `.url-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const child = spawn(process.execPath, [CLI_JS, '--data-dir', dataDir, 'serve', '--url-file', urlFile], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const t0 = Date.now();
  while (!fs.existsSync(urlFile) || fs.readFileSync(urlFile, 'utf8').trim() === '') {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`serve exited (${child.exitCode ?? child.signalCode}): ${err}`);
    if (Date.now() - t0 > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start in 30 s: ${err}`);
    }
    await sleep(25);
  }
  const launch = new URL(fs.readFileSync(urlFile, 'utf8').trim());
  fs.rmSync(urlFile, { force: true });
  const gone = () => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('close', () => resolve())));
  return {
    child,
    pid: child.pid!,
    origin: launch.origin,
    token: launch.searchParams.get('token')!,
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.kill('SIGTERM');
      await gone();
      clearTimeout(t);
    },
    kill9: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await gone();
    },
  };
}

export interface ApiReply {
  status: number;
  body: { ok: boolean; output?: any; error?: { code: string; message: string; issues?: { path: string; message: string }[] } };
  ms: number;
}

/** POST /api/op/<op> with the bearer token. Network errors reject (the caller counts them). */
export async function callApi(srv: { origin: string; token: string }, op: string, input: unknown, init: { signal?: AbortSignal; jobId?: string } = {}): Promise<ApiReply> {
  const t0 = performance.now();
  const res = await fetch(`${srv.origin}/api/op/${op}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${srv.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ input, ...(init.jobId ? { jobId: init.jobId } : {}) }),
    signal: init.signal,
  });
  const text = await res.text();
  let body: ApiReply['body'];
  try {
    body = JSON.parse(text);
  } catch {
    body = { ok: false, error: { code: 'non_json', message: text.slice(0, 200) } };
  }
  return { status: res.status, body, ms: performance.now() - t0 };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Open the DB read-only from outside the app (as a second connection would). */
export function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

export function quickCheckOf(file: string): string {
  return withDb(file, (db) => (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).join('; '));
}

/** Count rows of a table (0 when the table does not exist yet). */
export function countRows(file: string, sql: string, ...args: unknown[]): number {
  return withDb(file, (db) => {
    try {
      return (db.prepare(sql).get(...args) as { n: number }).n;
    } catch (e) {
      if (/no such table/.test((e as Error).message)) return 0;
      throw e;
    }
  });
}

/**
 * A checksum of the database's logical content: every row of every user table, in primary-key
 * order, hashed. Two DBs with the same rows hash the same regardless of page layout or WAL state.
 */
export function logicalChecksum(db: Database.Database, opts: { exclude?: string[] } = {}): { hash: string; rows: number; tables: Record<string, number> } {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[])
    .map((t) => t.name)
    .filter((t) => !(opts.exclude ?? []).includes(t));
  const h = crypto.createHash('sha256');
  const counts: Record<string, number> = {};
  let rows = 0;
  for (const t of tables) {
    const cols = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => `"${c.name}"`);
    h.update(`\u0000table ${t}\u0000`);
    let n = 0;
    for (const r of db.prepare(`SELECT * FROM "${t}" ORDER BY ${cols.join(', ')}`).iterate()) {
      h.update(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('base64') : v)));
      n++;
    }
    counts[t] = n;
    rows += n;
  }
  h.update(`user_version ${db.pragma('user_version', { simple: true })}`);
  return { hash: h.digest('hex'), rows, tables: counts };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Small, fast Monte Carlo input used across the suite (200 runs of 50 members × 156 weeks). */
export const SMALL_MC = { runs: 200, params: { NUM_MEMBERS: 50, SIMULATION_WEEKS: 156 }, workers: 2, seed: 7 } as const;
