// Monte Carlo on the worker pool: runs 0…runs−1 of (params, model, seed), streamed into the
// aggregator in run-index order (completions arriving early wait in a small reorder buffer), so
// the aggregate is bit-identical for any worker count. Run i can be recomputed alone with
// runSimulation(params, { seed, runIndex: i, model }).

import type { ResourceLimits } from 'node:worker_threads';
import { MonteCarloAggregator, parseParams, type AggregateResult, type MetricName, type ModelId, type SimParams } from '../../src-shared/engine';
import { runBatch, type BatchProgress, type EnginePool } from './pool';
import type { EngineTask, RunDetail, RunOutput } from './protocol';

export interface MonteCarloOptions {
  params: Partial<SimParams>;
  model?: ModelId;
  seed: number;
  runs: number;
  workers?: number;
  pool?: EnginePool;
  resourceLimits?: ResourceLimits;
  signal?: AbortSignal;
  /** 'metrics' (default) or 'full' (adds events, narrative, member arrays, flows to onRunDone's output). */
  detail?: Exclude<RunDetail, 'final'>;
  /** Called as each run finishes (any order): its final-week metrics, and the whole output for storage. */
  onRunDone?: (runIndex: number, summary: Record<MetricName, number>, out: RunOutput) => void;
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
  const tasks: EngineTask[] = Array.from({ length: opts.runs }, (_, i) => ({
    params, model: opts.model ?? 'reference', seed: opts.seed, runIndex: i, detail: opts.detail ?? 'metrics',
  }));
  const agg = new MonteCarloAggregator(params.SIMULATION_WEEKS);
  const pending = new Map<number, Float64Array[]>();
  let nextToAdd = 0;
  const batch = await runBatch(tasks, {
    workers: opts.workers, pool: opts.pool, resourceLimits: opts.resourceLimits, signal: opts.signal, onProgress: opts.onProgress,
    onResult: (i, out) => {
      opts.onRunDone?.(i, out.final, out);
      pending.set(i, out.metrics!);
      while (pending.has(nextToAdd)) {
        agg.add(pending.get(nextToAdd)!, nextToAdd);
        pending.delete(nextToAdd);
        nextToAdd++;
      }
    },
  });
  // After a cancel, runs past a gap are still kept: add them in index order.
  for (const i of [...pending.keys()].sort((a, b) => a - b)) agg.add(pending.get(i)!);
  return { status: batch.status, completedRuns: batch.completed, aggregate: agg.result() };
}

/** Final-week metrics of many parameter sets on the pool (sensitivity, sweeps). */
export async function runFinals(
  jobs: { params: SimParams | Partial<SimParams>; seed: number; runIndex: number; model?: ModelId }[],
  opts: { workers?: number; pool?: EnginePool; signal?: AbortSignal; onProgress?: (p: BatchProgress) => void } = {},
): Promise<{ status: 'done' | 'cancelled'; finals: (Record<MetricName, number> | undefined)[] }> {
  const b = await runBatch(jobs.map((j) => ({ ...j, detail: 'final' as const })), opts);
  return { status: b.status, finals: b.results.map((r) => r?.final) };
}
