import type { Command } from 'commander';
import { ApiError } from '../../src-shared/api';
import { invoke } from '../api/dispatch';
import { createContext, type AppContext } from '../context';
import { DataDirError, defaultDataDir } from '../paths';
import { StoreError } from '../store/db';
import { CliError, ExitCode, UsageError } from './errors';
import { globals, progressBar } from './output';

let shared: AppContext | null = null;

const DATA_DIR_ERRORS: Record<string, string> = {
  ENOENT: 'a folder cannot be created there',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'part of that path is a file, not a folder',
  ENOSPC: 'the disk is full',
};

export function dataDirOf(cmd: Command): string {
  const flag = globals(cmd).dataDir;
  if (flag !== undefined) return flag;
  try {
    return defaultDataDir();
  } catch (e) {
    if (e instanceof DataDirError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * Open the app context once per CLI process (the same services the UI uses). `serve` opens it as
 * 'http': its callers are the browser UI, so a sync pressed there is 'manual', not 'cli'.
 */
export function appFor(cmd: Command, transport: AppContext['transport'] = 'direct'): AppContext {
  if (shared) return shared;
  try {
    shared = createContext({ dataDir: dataDirOf(cmd), transport });
  } catch (e) {
    if (e instanceof StoreError) throw new CliError(e.message, ExitCode.failure);
    const why = DATA_DIR_ERRORS[(e as NodeJS.ErrnoException).code ?? ''];
    // A folder that cannot be made or used: plain words, and a usage error when --data-dir named it.
    if (why) throw new CliError(`cannot use ${dataDirOf(cmd)} as the data folder: ${why}`, globals(cmd).dataDir ? ExitCode.usage : ExitCode.failure);
    throw e;
  }
  return shared;
}

export function closeApp(): void {
  shared?.close();
  shared = null;
}

/**
 * Call an API operation from the CLI through the same gate as the UI. Ctrl-C cancels the job
 * (finished work is kept), a second Ctrl-C exits at once.
 */
export async function call<T = any>(cmd: Command, op: string, input: unknown, opts: { progressLabel?: string } = {}): Promise<T> {
  const app = appFor(cmd);
  const ac = new AbortController();
  const onSigint = () => {
    if (ac.signal.aborted) process.exit(130);
    process.stderr.write('\ncancelling… (Ctrl-C again to quit now)\n');
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  const bar = opts.progressLabel ? progressBar(opts.progressLabel) : null;
  try {
    const out = (await invoke(app, op, input, {
      signal: ac.signal,
      onProgress: bar
        ? (ev) => {
            const p = ev as { done?: number; total?: number; etaMs?: number | null };
            if (typeof p.done === 'number' && typeof p.total === 'number') bar(p.done, p.total, p.etaMs);
          }
        : undefined,
    })) as T;
    // Cancelled by Ctrl-C: the command still prints what finished, then exits 130 (as shells expect).
    if (ac.signal.aborted) process.exitCode = ExitCode.interrupted;
    return out;
  } catch (e) {
    if (e instanceof ApiError) throw new CliError(e.message, e.code === 'invalid_input' ? ExitCode.usage : ac.signal.aborted && e.code === 'cancelled' ? ExitCode.interrupted : ExitCode.failure, e.code);
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** `--snapshot latest`: the newest synced Firefly snapshot's id (exit 1 when nothing was synced yet). */
export async function resolveSnapshot(cmd: Command, id: number | 'latest' | undefined): Promise<number | undefined> {
  if (id !== 'latest') return id;
  const [newest] = await call<{ id: number }[]>(cmd, 'firefly.snapshots', { limit: 1 });
  if (!newest) throw new CliError('--snapshot latest: no Firefly III data has been synced yet; run `workbench firefly sync` first', ExitCode.failure);
  return newest.id;
}
