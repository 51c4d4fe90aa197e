// Local Hardhat node manager: starts `hardhat node` (from contracts/) on 127.0.0.1 and a free port as a child
// process, waits for eth_chainId, reports health, keeps a ring buffer of its log, stops it cleanly (SIGTERM to the
// whole process group, then SIGKILL) and restarts it after a crash. State that must survive between CLI invocations
// (pid, port, rpc url) lives in <dataDir>/chain-node.json; a stale entry (dead or orphaned node) is cleaned up by the
// next start. With `watchParent` a tiny guard process kills the node when the parent process dies, so no node is
// ever orphaned by the app or a test run; CLI `chain up` passes watchParent: false so the node outlives it. Either
// way the guard ends the node when its data dir disappears (nothing could find or stop it any more).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, fstatSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { makeDirs } from '../fs/makeDirs';

const NodeStateSchema = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().positive(),
  rpcUrl: z.string(),
  chainId: z.number().int().positive(),
  startedAt: z.string(),
  logFile: z.string(),
  persistent: z.boolean(),
});
export type NodeState = z.infer<typeof NodeStateSchema>;

export interface NodeStatus {
  running: boolean;
  healthy: boolean;
  pid?: number;
  port?: number;
  rpcUrl?: string;
  chainId?: number;
  blockNumber?: number;
  startedAt?: string;
  restarts: number;
  lastError?: string;
}

export interface NodeManagerOptions {
  /** Directory for chain-node.json and the node log (the caller's data dir). */
  dataDir: string;
  /** The Hardhat project (default: <repo>/contracts). */
  contractsDir?: string;
  /** Node >= 22.13 binary used to run Hardhat (default: this process's node). */
  nodeBinary?: string;
  /** Kill the node when this process dies (default true). CLI `chain up` sets false. */
  watchParent?: boolean;
  /** Restart automatically after an unexpected exit (default true, at most `maxRestarts`). */
  autoRestart?: boolean;
  maxRestarts?: number;
  startTimeoutMs?: number;
  logLines?: number;
}

/** Bounded log of the most recent lines. */
export class LogRing {
  private readonly lines: string[] = [];
  private partial = '';
  constructor(private readonly capacity = 500) {}
  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      this.lines.push(line);
      if (this.lines.length > this.capacity) this.lines.shift();
    }
  }
  tail(n = this.capacity): string[] {
    return this.lines.slice(-n);
  }
  clear(): void {
    this.lines.length = 0;
    this.partial = '';
  }
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Guard process: runs hardhat in its own process group and kills that group when the watched parent dies. */
const GUARD_SOURCE = `
const { spawn } = require('node:child_process');
const [parentPid, watchDir, ...cmd] = process.argv.slice(1);
const child = spawn(cmd[0], cmd.slice(1), { stdio: 'inherit' });
const killAll = (sig) => { try { child.kill(sig); } catch {} };
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => { killAll('SIGTERM'); setTimeout(() => { killAll('SIGKILL'); process.exit(0); }, 3000).unref(); });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
const pp = Number(parentPid);
if (pp > 0) setInterval(() => { try { process.kill(pp, 0); } catch { killAll('SIGKILL'); process.exit(0); } }, 500);
// A node whose data dir was deleted (a test's temp dir, a wiped profile) can never be found or stopped again: end it.
if (watchDir) setInterval(() => { if (!require('node:fs').existsSync(watchDir)) { killAll('SIGTERM'); setTimeout(() => { killAll('SIGKILL'); process.exit(0); }, 3000).unref(); } }, 2000);
`;

function defaultContractsDir(): string {
  // src-main/chain/ -> repo root; works from sources (tsx/vitest) and from out/ builds that keep the repo layout.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'contracts', 'hardhat.config.ts'))) return join(dir, 'contracts');
    dir = dirname(dir);
  }
  return resolve(process.cwd(), 'contracts');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = [], timeoutMs = 2000): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Environment for a child that runs a script with `nodeBinary`. In the Electron app process.execPath is Electron's
 * binary, which runs scripts as plain Node only with ELECTRON_RUN_AS_NODE=1 (without it, it starts the app again);
 * a real node binary ignores the variable.
 */
export function nodeChildEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...extra };
}

export class HardhatNodeManager {
  readonly dataDir: string;
  readonly contractsDir: string;
  readonly stateFile: string;
  readonly logFile: string;
  private readonly opts: Required<Omit<NodeManagerOptions, 'dataDir' | 'contractsDir'>>;
  private readonly ring: LogRing;
  private logOffset = 0;
  private restarts = 0;
  private stopping = false;
  private lastError: string | undefined;
  private exitWatch: ReturnType<typeof setInterval> | undefined;

  constructor(options: NodeManagerOptions) {
    this.dataDir = resolve(options.dataDir);
    this.contractsDir = resolve(options.contractsDir ?? defaultContractsDir());
    this.stateFile = join(this.dataDir, 'chain-node.json');
    this.logFile = join(this.dataDir, 'hardhat-node.log');
    this.opts = {
      nodeBinary: options.nodeBinary ?? process.execPath,
      watchParent: options.watchParent ?? true,
      autoRestart: options.autoRestart ?? true,
      maxRestarts: options.maxRestarts ?? 3,
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
      logLines: options.logLines ?? 500,
    };
    this.ring = new LogRing(this.opts.logLines);
    makeDirs(this.dataDir);
  }

  /** The persisted state, or null when there is none or it is unreadable. */
  readState(): NodeState | null {
    if (!existsSync(this.stateFile)) return null;
    try {
      return NodeStateSchema.parse(JSON.parse(readFileSync(this.stateFile, 'utf8')));
    } catch {
      return null;
    }
  }

  /** Start a node, or reuse the one recorded in the state file when it is alive and answering. */
  async start(opts: { port?: number } = {}): Promise<NodeState> {
    const existing = this.readState();
    if (existing) {
      if (alive(existing.pid) && (await this.probe(existing.rpcUrl)) !== null) {
        this.watchExit(existing);
        return existing;
      }
      // Stale: the process is dead or not answering. Kill whatever is left of its group and forget it.
      await this.killGroup(existing.pid);
      rmSync(this.stateFile, { force: true });
    }
    this.stopping = false;
    const hardhatCli = join(dirname(createRequire(join(this.contractsDir, 'package.json')).resolve('hardhat/package.json')), 'dist', 'src', 'cli.js');
    writeFileSync(this.logFile, '');
    this.logOffset = 0;
    this.ring.clear();
    const fd = openSync(this.logFile, 'a');
    const parent = this.opts.watchParent ? String(process.pid) : '0';
    const child = spawn(
      this.opts.nodeBinary,
      ['-e', GUARD_SOURCE, parent, this.dataDir, this.opts.nodeBinary, hardhatCli, 'node', '--hostname', '127.0.0.1', '--port', String(opts.port ?? 0)],
      // detached: a new process group we can signal as a whole; output goes to a file so a persistent node
      // never dies of a broken pipe once the CLI that started it has exited.
      { cwd: this.contractsDir, detached: true, stdio: ['ignore', fd, fd], env: nodeChildEnv({ FORCE_COLOR: '0', NO_COLOR: '1' }) },
    );
    closeSync(fd);
    child.unref();
    const pid = child.pid;
    if (!pid) throw new Error('failed to spawn hardhat node');

    const deadline = Date.now() + this.opts.startTimeoutMs;
    let rpcUrl: string | null = null;
    let exited = false;
    while (Date.now() < deadline) {
      if (!alive(pid)) {
        exited = true;
        break;
      }
      const m = this.logs().join('\n').match(/JSON-RPC server at (http:\/\/127\.0\.0\.1:(\d+))\/?/);
      if (m) {
        rpcUrl = m[1];
        if ((await this.probe(rpcUrl)) !== null) break;
      }
      await sleep(200);
    }
    const chainId = rpcUrl ? await this.probe(rpcUrl) : null;
    if (!rpcUrl || chainId === null) {
      await this.killGroup(pid);
      const tail = this.logs(20);
      const inUse = tail.some((l) => /EADDRINUSE/.test(l));
      this.lastError = inUse
        ? `hardhat node could not start: port ${opts.port ?? 0} on 127.0.0.1 is already in use (another process listens there); stop that process or start without a fixed port`
        : exited
          ? `hardhat node exited before answering eth_chainId; last log lines:\n${tail.join('\n')}`
          : `hardhat node did not answer eth_chainId within ${this.opts.startTimeoutMs} ms; last log lines:\n${tail.join('\n')}`;
      throw new Error(this.lastError);
    }
    const state: NodeState = {
      pid,
      port: Number(new URL(rpcUrl).port),
      rpcUrl,
      chainId,
      startedAt: new Date().toISOString(),
      logFile: this.logFile,
      persistent: !this.opts.watchParent,
    };
    writeFileSync(this.stateFile, JSON.stringify(state, null, 2));
    this.watchExit(state);
    return state;
  }

  /** Poll the child for an unexpected exit and restart it on the same port (bounded). */
  private watchExit(state: NodeState): void {
    if (this.exitWatch) clearInterval(this.exitWatch);
    if (!this.opts.autoRestart) return;
    this.exitWatch = setInterval(() => {
      if (this.stopping || alive(state.pid)) return;
      clearInterval(this.exitWatch);
      this.exitWatch = undefined;
      if (this.restarts >= this.opts.maxRestarts) {
        this.lastError = `hardhat node exited; gave up after ${this.restarts} restarts`;
        rmSync(this.stateFile, { force: true });
        return;
      }
      this.restarts++;
      rmSync(this.stateFile, { force: true });
      this.start({ port: state.port }).catch((err: Error) => {
        this.lastError = err.message;
      });
    }, 500);
    this.exitWatch.unref();
  }

  private async probe(rpcUrl: string): Promise<number | null> {
    try {
      return Number(await rpc<string>(rpcUrl, 'eth_chainId'));
    } catch {
      return null;
    }
  }

  async status(): Promise<NodeStatus> {
    const s = this.readState();
    if (!s) return { running: false, healthy: false, restarts: this.restarts, lastError: this.lastError };
    const running = alive(s.pid);
    let blockNumber: number | undefined;
    let healthy = false;
    if (running) {
      try {
        blockNumber = Number(await rpc<string>(s.rpcUrl, 'eth_blockNumber'));
        healthy = true;
      } catch (err) {
        this.lastError = (err as Error).message;
      }
    }
    return { running, healthy, pid: s.pid, port: s.port, rpcUrl: s.rpcUrl, chainId: s.chainId, blockNumber, startedAt: s.startedAt, restarts: this.restarts, lastError: this.lastError };
  }

  /** Wait until the node is healthy again (after a crash and auto-restart). */
  async waitHealthy(timeoutMs = 60_000): Promise<NodeStatus> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const st = await this.status();
      if (st.healthy) return st;
      if (Date.now() > end) throw new Error(`hardhat node not healthy after ${timeoutMs} ms: ${st.lastError ?? 'no state'}`);
      await sleep(250);
    }
  }

  /** Stop the node: SIGTERM to its process group, SIGKILL after `graceMs`; removes the state file. */
  async stop(graceMs = 5000): Promise<boolean> {
    this.stopping = true;
    if (this.exitWatch) clearInterval(this.exitWatch);
    this.exitWatch = undefined;
    const s = this.readState();
    if (!s) return false;
    await this.killGroup(s.pid, graceMs);
    rmSync(this.stateFile, { force: true });
    return true;
  }

  /**
   * Whether pid runs this manager's guard (its command line names our data dir). Where the command
   * line cannot be read (no /proc: macOS), it is assumed to be, as before.
   */
  private isOurGuard(pid: number): boolean {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch (err) {
      return (err as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync('/proc/self');
    }
    return cmdline.split('\0').includes(this.dataDir);
  }

  private async killGroup(pid: number, graceMs = 5000): Promise<void> {
    // The group id stays reserved while any member lives, so signalling -pid never reaches a
    // stranger. A bare pid can have been reused since the state file was written (the node died
    // with the machine asleep, say): it is signalled only if it is still our guard process.
    const ours = this.isOurGuard(pid);
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig); // the whole group: guard + hardhat
      } catch {
        if (!ours) return;
        try {
          process.kill(pid, sig);
        } catch {
          /* already gone */
        }
      }
    };
    const groupAlive = () => {
      try {
        process.kill(-pid, 0);
        return true;
      } catch {
        return ours && alive(pid);
      }
    };
    if (!groupAlive()) return;
    signal('SIGTERM');
    const end = Date.now() + graceMs;
    while (Date.now() < end && groupAlive()) await sleep(100);
    if (groupAlive()) {
      signal('SIGKILL');
      const hard = Date.now() + 2000;
      while (Date.now() < hard && groupAlive()) await sleep(50);
    }
  }

  /** The most recent log lines (read incrementally from the node's log file into the ring buffer). */
  logs(n = this.opts.logLines): string[] {
    if (existsSync(this.logFile)) {
      const fd = openSync(this.logFile, 'r');
      try {
        const size = fstatSync(fd).size;
        if (size < this.logOffset) this.logOffset = 0;
        if (size > this.logOffset) {
          const buf = Buffer.alloc(size - this.logOffset);
          readSync(fd, buf, 0, buf.length, this.logOffset);
          this.logOffset = size;
          this.ring.push(buf.toString('utf8').replace(ANSI, ''));
        }
      } finally {
        closeSync(fd);
      }
    }
    return this.ring.tail(n);
  }
}
