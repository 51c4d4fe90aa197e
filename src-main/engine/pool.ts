// A worker_threads pool for simulation runs.
//
// - Size: os.availableParallelism() unless overridden; every worker gets resourceLimits.
// - Runs are dispatched by index from one queue; a worker takes the next task when it finishes,
//   so the mapping of runs to workers varies, but each run's result depends only on its task.
// - Cancel (AbortSignal): all workers are terminated at once (well under 200 ms); the results
//   that already arrived are kept. The pool respawns workers lazily if used again.
// - The worker script is configurable because the app is bundled (configureEngineWorker). The
//   default is the TypeScript source, run through tsx (tests, CLI from source).

import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { METRIC_NAMES, parseParams, type MetricName } from '../../src-shared/engine';
import type { MonteCarloResult as ProjectionMonteCarloResult } from '../../src-shared/projections';
import { listenForAbort } from './abort';
import type { ChunkResult, ChunkTask, EngineTask, ProjectionTask, RunOutput, SpinTask, WireRunOutput, WorkerRequest, WorkerResponse } from './protocol';

export interface EngineWorkerConfig {
  file: string | URL;
  execArgv?: string[];
}

function defaultWorkerConfig(): EngineWorkerConfig {
  let loader = 'tsx';
  try {
    loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    // fall back to bare 'tsx', resolved from the working directory
  }
  return { file: new URL('./worker.ts', import.meta.url), execArgv: ['--import', loader] };
}

let workerConfig: EngineWorkerConfig | null = null;

/** Sets the worker script (e.g. the bundled out/main/engine-worker.js) and its execArgv. */
export function configureEngineWorker(config: EngineWorkerConfig): void {
  workerConfig = { file: config.file, execArgv: config.execArgv ?? [] };
}

export function getEngineWorkerConfig(): EngineWorkerConfig {
  return workerConfig ?? (workerConfig = defaultWorkerConfig());
}

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 1024,
  maxYoungGenerationSizeMb: 64,
  stackSizeMb: 4,
};

export interface PoolOptions {
  workers?: number;
  resourceLimits?: ResourceLimits;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/** Omit over each member of a union (plain Omit would merge the members). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

type Pending =
  | { kind: 'run'; task: EngineTask; onWeeks?: (weeks: number) => void; resolve: (o: RunOutput) => void; reject: (e: Error) => void }
  | { kind: 'chunk'; onRuns: (runs: number) => void; resolve: (o: ChunkResult) => void; reject: (e: Error) => void }
  | { kind: 'spin'; resolve: (ms: number) => void; reject: (e: Error) => void }
  | { kind: 'projection'; resolve: (r: ProjectionMonteCarloResult) => void; reject: (e: Error) => void };

interface Slot {
  worker: Worker;
  /** Tasks posted and not yet answered (a worker answers in order). */
  pending: Map<number, Pending>;
  /**
   * Tasks given this slot by acquire() and not posted yet. acquire() resolves a microtask before
   * its caller posts; without counting these, callers in the same tick (every lane of a job at
   * its start, or woken together) all chose the same worker and the other one sat idle.
   */
  reserved: number;
}

/** Tasks on a worker: posted and unanswered, plus picked by acquire() and about to be posted. */
const loadOf = (s: Slot): number => s.pending.size + s.reserved;

/**
 * Tasks queued per worker. Two keeps a worker busy while the main thread handles the previous
 * result (no idle round trip between runs), without hoarding work that another worker could take.
 */
const DEPTH = 2;

export class EnginePool {
  readonly size: number;
  private readonly limits: ResourceLimits;
  private slots: Slot[] = [];
  private nextId = 1;
  private waiting: Array<() => void> = [];

  constructor(opts: PoolOptions = {}) {
    const n = opts.workers ?? defaultWorkerCount();
    if (!(Number.isInteger(n) && n >= 1 && n <= 256)) throw new RangeError(`workers must be an integer between 1 and 256; got ${n}`);
    this.size = n;
    this.limits = { ...DEFAULT_RESOURCE_LIMITS, ...(opts.resourceLimits ?? {}) };
  }

  /** Starts every worker now and waits until each has loaded (so timings exclude start-up). */
  async warmUp(): Promise<void> {
    while (this.slots.length < this.size) this.spawn();
    // A few short runs and one Monte Carlo chunk per worker get the simulation loop and the
    // chunk aggregation through the JIT tiers before timing.
    const params = parseParams({ NUM_MEMBERS: 50, SIMULATION_WEEKS: 104 });
    await Promise.all(this.slots.map(async (s) => {
      for (let i = 0; i < 3; i++) await this.exec(s, { params, seed: 0, runIndex: i, detail: 'final' });
      await this.execChunk(s, { params, model: 'reference', seed: 0, first: 0, count: 32, edges: null, wantMetrics: false }, () => {});
    }));
    this.release();
  }

  /** Calls a chunk's progress callback; if it throws, the chunk's task rejects with that error. */
  private notify(cur: Extract<Pending, { kind: 'chunk' }>, runs: number): void {
    try {
      cur.onRuns(runs);
    } catch (e) {
      cur.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private spawn(): Slot {
    const cfg = getEngineWorkerConfig();
    const worker = new Worker(cfg.file, { execArgv: cfg.execArgv, resourceLimits: this.limits });
    const slot: Slot = { worker, pending: new Map(), reserved: 0 };
    worker.on('message', (msg: WorkerResponse) => {
      const cur = slot.pending.get(msg.id);
      if (!cur) return;
      if ('progress' in msg) {
        if (cur.kind === 'chunk') this.notify(cur, msg.progress);
        else if (cur.kind === 'run') cur.onWeeks?.(msg.progress);
        return;
      }
      slot.pending.delete(msg.id);
      if (slot.pending.size === 0) worker.unref(); // idle workers never keep the process alive
      if (!msg.ok) cur.reject(new Error(msg.error));
      else if ('spin' in msg) (cur as Extract<Pending, { kind: 'spin' }>).resolve(msg.spin.ms);
      else if ('projection' in msg) (cur as Extract<Pending, { kind: 'projection' }>).resolve(msg.projection);
      else if ('chunk' in msg) {
        const c = cur as Extract<Pending, { kind: 'chunk' }>;
        c.resolve(msg.chunk); // settle first: a throwing progress callback must not strand the task
        if (msg.chunk.unposted) this.notify(c, msg.chunk.unposted);
      }
      else (cur as Extract<Pending, { kind: 'run' }>).resolve(fromWire(msg.out, (cur as Extract<Pending, { kind: 'run' }>).task));
    });
    const fail = (err: Error) => {
      const pend = [...slot.pending.values()];
      slot.pending.clear();
      this.slots = this.slots.filter((s) => s !== slot);
      for (const cur of pend) cur.reject(err);
    };
    worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', (code) => fail(new Error(`engine worker exited with code ${code}`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /**
   * Posts one request to a worker and settles when its answer arrives: `entry` is the pending
   * record without its promise callbacks, `req` the request without its id.
   */
  private post<P extends Pending, R>(slot: Slot, entry: Omit<P, 'resolve' | 'reject'>, req: DistributiveOmit<WorkerRequest, 'id'>, transfer: ArrayBuffer[] = []): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const id = this.nextId++;
      slot.pending.set(id, { ...entry, resolve, reject } as unknown as Pending);
      slot.worker.ref();
      slot.worker.postMessage({ ...req, id } as WorkerRequest, transfer);
    });
  }

  private exec(slot: Slot, task: EngineTask, onWeeks?: (weeks: number) => void): Promise<RunOutput> {
    return this.post<Extract<Pending, { kind: 'run' }>, RunOutput>(slot, { kind: 'run', task, onWeeks }, onWeeks ? { ...task, progress: true } : task);
  }

  private execChunk(slot: Slot, task: ChunkTask, onRuns: (runs: number) => void): Promise<ChunkResult> {
    return this.post<Extract<Pending, { kind: 'chunk' }>, ChunkResult>(slot, { kind: 'chunk', onRuns }, { ...task, kind: 'chunk' }, task.recycle ? [task.recycle] : []);
  }

  /**
   * Benchmark baseline: the same plain runs on each of the first `workers` workers at once (no
   * aggregation, no queue, nothing sent back); each worker's milliseconds. Use on an idle pool.
   */
  async spin(task: SpinTask, workers: number): Promise<number[]> {
    while (this.slots.length < Math.min(workers, this.size)) this.spawn();
    return Promise.all(this.slots.slice(0, workers).map((slot) => this.post<Extract<Pending, { kind: 'spin' }>, number>(slot, { kind: 'spin' }, { ...task, kind: 'spin' })));
  }

  private async acquire(): Promise<Slot> {
    const epoch = this.epoch;
    for (;;) {
      // A caller that was waiting when terminate() ran belongs to the job that was stopped.
      if (this.epoch !== epoch) throw new CancelledError();
      let best: Slot | null = this.slots.length < this.size ? this.spawn() : null;
      if (!best) {
        for (const s of this.slots) if (loadOf(s) < DEPTH && (!best || loadOf(s) < loadOf(best))) best = s;
      }
      if (best) {
        best.reserved++;
        return best;
      }
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  /** Bumped by terminate(). */
  private epoch = 0;

  private release(): void {
    const w = this.waiting.shift();
    if (w) w();
  }

  /** Tasks in flight on each worker, in spawn order (diagnostics and tests). */
  get load(): number[] {
    return this.slots.map(loadOf);
  }

  /** Tasks that can be in flight at once (workers × queue depth). */
  get capacity(): number {
    return this.size * DEPTH;
  }

  /** Sends one request to the least busy worker (`send` posts it there) and frees the slot after. */
  private async dispatch<R>(send: (slot: Slot) => Promise<R>): Promise<R> {
    const slot = await this.acquire();
    slot.reserved--; // posted now, in this tick: it counts in pending from here
    try {
      return await send(slot);
    } finally {
      this.release();
    }
  }

  /** Runs one task on the least busy worker; onWeeks(w): w weeks simulated so far (about every 100 ms). */
  run(task: EngineTask, onWeeks?: (weeks: number) => void): Promise<RunOutput> {
    return this.dispatch((slot) => this.exec(slot, task, onWeeks));
  }

  /** Runs one chunk of Monte Carlo runs on the least busy worker; onRuns(k): k more runs finished. */
  runChunk(task: ChunkTask, onRuns: (runs: number) => void): Promise<ChunkResult> {
    return this.dispatch((slot) => this.execChunk(slot, task, onRuns));
  }

  /** Runs one projection model's Monte Carlo on the least busy worker (it is CPU-bound for seconds). */
  runProjection(task: ProjectionTask): Promise<ProjectionMonteCarloResult> {
    return this.dispatch((slot) => this.post<Extract<Pending, { kind: 'projection' }>, ProjectionMonteCarloResult>(slot, { kind: 'projection' }, { ...task, kind: 'projection' }));
  }

  /** Terminates every worker now; pending tasks reject. The pool can be used again afterwards. */
  async terminate(): Promise<void> {
    this.epoch++;
    const slots = this.slots;
    this.slots = [];
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w();
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/** Rebuilds the metric views, final-week metrics and params of a run sent flat by the worker. */
function fromWire(w: WireRunOutput, task: EngineTask): RunOutput {
  const { flat, ...rest } = w;
  let metrics = w.metrics;
  if (flat) {
    const W1 = w.weeks + 1;
    metrics = new Array<Float64Array>(METRIC_NAMES.length);
    for (let k = 0; k < metrics.length; k++) metrics[k] = flat.subarray(k * W1, (k + 1) * W1);
  }
  let final = w.final;
  if (!final) {
    final = {} as Record<MetricName, number>;
    for (let k = 0; k < METRIC_NAMES.length; k++) final[METRIC_NAMES[k]] = metrics![k][w.weeks];
  }
  return { ...rest, metrics, final, params: w.params ?? parseParams(task.params) };
}

export interface BatchProgress {
  done: number;
  total: number;
  etaMs: number;
}

export interface BatchOptions {
  workers?: number;
  resourceLimits?: ResourceLimits;
  /** Reuse a pool (its size wins over `workers`); it is not terminated at the end unless cancelled. */
  pool?: EnginePool;
  signal?: AbortSignal;
  onResult?: (taskIndex: number, out: RunOutput) => void;
  onProgress?: (p: BatchProgress) => void;
  /** Weeks simulated so far by a task still running (long single runs). */
  onTaskWeeks?: (taskIndex: number, weeks: number) => void;
}

export interface BatchResult {
  status: 'done' | 'cancelled';
  /** results[i] for tasks[i]; undefined if it did not finish before a cancel. */
  results: (RunOutput | undefined)[];
  /** Indices of finished tasks, ascending. */
  completed: number[];
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

/**
 * Runs tasks on a pool, in index order of dispatch. Rejects on the first failing task (the
 * message names the run index); resolves with status 'cancelled' when the signal aborts.
 */
export async function runBatch(tasks: EngineTask[], opts: BatchOptions = {}): Promise<BatchResult> {
  const own = !opts.pool;
  const pool = opts.pool ?? new EnginePool({ workers: Math.min(opts.workers ?? defaultWorkerCount(), Math.max(1, tasks.length)), resourceLimits: opts.resourceLimits });
  const results: (RunOutput | undefined)[] = new Array(tasks.length);
  const completed: number[] = [];
  const t0 = performance.now();
  let next = 0;
  let cancelled = opts.signal?.aborted ?? false;
  let failure: Error | null = null;

  const abort = listenForAbort(opts.signal, () => (cancelled = true));

  const lane = async () => {
    while (!cancelled && !failure && next < tasks.length) {
      const i = next++;
      let out: RunOutput;
      try {
        const onTaskWeeks = opts.onTaskWeeks;
        out = await pool.run(tasks[i], onTaskWeeks ? (w) => !cancelled && onTaskWeeks(i, w) : undefined);
      } catch (e) {
        if (!cancelled && !failure) failure = new Error(`run ${tasks[i].runIndex} failed: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      if (cancelled) return;
      results[i] = out;
      completed.push(i);
      opts.onResult?.(i, out);
      if (opts.onProgress) {
        const done = completed.length;
        const el = performance.now() - t0;
        opts.onProgress({ done, total: tasks.length, etaMs: (el / done) * (tasks.length - done) });
      }
    }
  };

  const lanes = Array.from({ length: Math.min(pool.capacity, tasks.length) }, lane);
  await Promise.race([Promise.all(lanes), abort.aborted]);
  abort.dispose();
  if (cancelled || failure) await pool.terminate();
  else if (own) await pool.terminate();
  if (failure && !cancelled) throw failure;
  completed.sort((a, b) => a - b);
  return { status: cancelled ? 'cancelled' : 'done', results, completed };
}
