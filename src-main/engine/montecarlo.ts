// Monte Carlo on the worker pool. Runs 0…runs−1 of (params, model, seed) are split into the
// fixed chunks of chunkPlan; a worker simulates a chunk's runs in order and aggregates them
// itself (ChunkAccumulator), and the main thread merges the chunk partials in chunk order. The
// aggregation is thus spread over the workers, and the aggregate is bit-identical for any worker
// count (and to MonteCarloAggregator.add over the same runs). Run i can be recomputed alone with
// runSimulation(params, { seed, runIndex: i, model }).
//
// Cancel terminates the workers at once: the chunks merged so far are kept (their runs are the
// finished runs, each delivered to onRunDone); a chunk cut short is dropped whole.

import type { ResourceLimits } from 'node:worker_threads';
import {
  BAND_METRICS, EXACT_RUNS, METRIC_NAMES, MonteCarloAggregator, chunkPlan, parseParams, partialBuffer,
  type AggregateResult, type MetricName, type ModelId, type SimParams,
} from '../../src-shared/engine';
import { listenForAbort } from './abort';
import { EnginePool, defaultWorkerCount, runBatch, type BatchProgress } from './pool';
import type { ChunkResult, RunOutput } from './protocol';
import { publishEdges, sharedEdgesBuffer } from './sharedEdges';

export interface MonteCarloOptions {
  params: Partial<SimParams>;
  model?: ModelId;
  seed: number;
  runs: number;
  workers?: number;
  pool?: EnginePool;
  resourceLimits?: ResourceLimits;
  signal?: AbortSignal;
  /**
   * Called for every finished run, in run order, once its chunk is merged: its final-week metrics,
   * and its output (with the weekly columns when runMetrics is set).
   */
  onRunDone?: (runIndex: number, summary: Record<MetricName, number>, out: RunOutput) => void;
  /** Send every run's weekly columns back to onRunDone (off: workers recycle their buffers). */
  runMetrics?: boolean;
  /** Runs simulated so far (a chunk's runs count as they finish), with an ETA. */
  onProgress?: (p: BatchProgress) => void;
}

export interface MonteCarloResult {
  status: 'done' | 'cancelled';
  completedRuns: number[];
  aggregate: AggregateResult;
}

export const MAX_RUNS = 1_000_000;

export async function runMonteCarlo(opts: MonteCarloOptions): Promise<MonteCarloResult> {
  const params = parseParams(opts.params);
  if (!(Number.isInteger(opts.runs) && opts.runs >= 1 && opts.runs <= MAX_RUNS)) {
    throw new RangeError(`runs must be an integer between 1 and ${MAX_RUNS}; got ${opts.runs}`);
  }
  const model = opts.model ?? 'reference';
  const W = params.SIMULATION_WEEKS;
  const plan = chunkPlan(opts.runs, W, params.NUM_MEMBERS);
  const agg = new MonteCarloAggregator(W, params.NUM_MEMBERS, opts.runs);
  const own = !opts.pool;
  const pool = opts.pool ?? new EnginePool({ workers: Math.min(opts.workers ?? defaultWorkerCount(), plan.length), resourceLimits: opts.resourceLimits });
  const completed: number[] = [];
  const t0 = performance.now();
  let simulated = 0;
  let next = 0;
  let nextMerge = 0;
  const finishedChunks = new Map<number, ChunkResult>();
  const sharedEdges = sharedEdgesBuffer(BAND_METRICS.length * (W + 1));
  let published = false;
  /** Merged partials' buffers, sent back with the next chunks for the workers to reuse. */
  const spare: ArrayBuffer[] = [];
  let cancelled = opts.signal?.aborted ?? false;
  let failure: Error | null = null;

  const abort = listenForAbort(opts.signal, () => (cancelled = true));

  /** The first error stops every lane and the job. */
  let stop: () => void = () => {};
  const failed = new Promise<void>((r) => (stop = r));
  const fail = (e: unknown) => {
    if (cancelled || failure) return;
    failure = e instanceof Error ? e : new Error(String(e));
    stop();
  };

  const deliver = (first: number, res: ChunkResult) => {
    const n = res.partial.runs;
    const W1 = W + 1;
    for (let i = 0; i < n; i++) {
      const runIndex = first + i;
      completed.push(runIndex);
      if (!opts.onRunDone) continue;
      const final = {} as Record<MetricName, number>;
      for (let m = 0; m < METRIC_NAMES.length; m++) final[METRIC_NAMES[m]] = res.partial.finals[i * METRIC_NAMES.length + m];
      const flat = res.flats?.[i];
      const metrics = flat ? METRIC_NAMES.map((_, m) => flat.subarray(m * W1, (m + 1) * W1)) : undefined;
      opts.onRunDone(runIndex, final, { runIndex, seed: opts.seed, model, members: params.NUM_MEMBERS, weeks: W, params, final, metrics, ms: res.ms / n });
    }
  };

  const lane = async () => {
    while (!cancelled && !failure && next < plan.length) {
      const spec = plan[next++];
      // Chunks past the first EXACT_RUNS runs are binned with edges fixed from those runs. A
      // chunk dispatched before they are fixed is simulated meanwhile and reads the edges when
      // it finishes (sharedEdges.ts); should they still not be fixed, it keeps its band values
      // exactly and the merge bins them (same counts).
      let res: ChunkResult;
      try {
        res = await pool.runChunk(
          { params, model, seed: opts.seed, first: spec.first, count: spec.count, edges: spec.first >= EXACT_RUNS ? sharedEdges : null, wantMetrics: !!opts.runMetrics, recycle: spare.pop() ?? null },
          (k) => {
            simulated += k;
            if (opts.onProgress && !cancelled && !failure) {
              const el = performance.now() - t0;
              try {
                opts.onProgress({ done: simulated, total: opts.runs, etaMs: (el / simulated) * (opts.runs - simulated) });
              } catch (e) {
                fail(e);
              }
            }
          },
        );
      } catch (e) {
        fail(e);
        return;
      }
      if (cancelled || failure) return;
      finishedChunks.set(spec.index, res);
      try {
        while (!cancelled && !failure && finishedChunks.has(nextMerge)) {
          const r = finishedChunks.get(nextMerge)!;
          finishedChunks.delete(nextMerge);
          const first = plan[nextMerge].first;
          nextMerge++;
          agg.merge(r.partial);
          if (!published && agg.edges) {
            publishEdges(sharedEdges, agg.edges);
            published = true;
          }
          deliver(first, r);
          if (spare.length < 2 * pool.capacity) spare.push(partialBuffer(r.partial));
        }
      } catch (e) {
        // A failing merge or onRunDone (e.g. the store refusing a row) stops the whole job.
        fail(e);
        return;
      }
    }
  };

  const lanes = Array.from({ length: Math.min(pool.capacity, plan.length) }, lane);
  await Promise.race([Promise.all(lanes), abort.aborted, failed]);
  abort.dispose();
  if (cancelled || failure || own) await pool.terminate();
  if (failure && !cancelled) throw failure;
  return { status: cancelled ? 'cancelled' : 'done', completedRuns: completed, aggregate: agg.result() };
}

/** Final-week metrics of many parameter sets on the pool (sensitivity, sweeps). */
export async function runFinals(
  jobs: { params: SimParams | Partial<SimParams>; seed: number; runIndex: number; model?: ModelId }[],
  opts: { workers?: number; pool?: EnginePool; signal?: AbortSignal; onProgress?: (p: BatchProgress) => void } = {},
): Promise<{ status: 'done' | 'cancelled'; finals: (Record<MetricName, number> | undefined)[] }> {
  const b = await runBatch(jobs.map((j) => ({ ...j, detail: 'final' as const })), opts);
  return { status: b.status, finals: b.results.map((r) => r?.final) };
}
