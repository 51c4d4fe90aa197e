// Messages between the engine pool (main thread) and its worker threads.
import type { MonteCarloOptions, MonteCarloResult as ProjectionMonteCarloResult, ProjectionModelInput, SimulationSettingsInput, Uncertainty } from '../../src-shared/projections';
import type { ChunkPartial, FinalMembers, FlowTotals, KeyEvent, MetricName, ModelId, Narrative, ShockWindow, SimParams, SortStrategy } from '../../src-shared/engine';

/**
 * How much of a run comes back: 'final' = final-week metrics only (sweeps), 'metrics' = plus the
 * weekly columns (Monte Carlo), 'full' = plus events, narrative, member arrays and flows.
 */
export type RunDetail = 'final' | 'metrics' | 'full';

export interface EngineTask {
  params: SimParams | Partial<SimParams>;
  model?: ModelId;
  seed: number;
  runIndex: number;
  shock?: ShockWindow;
  sort?: SortStrategy;
  detail?: RunDetail;
  /** Send progress messages (weeks simulated so far) while the run computes: long single runs. */
  progress?: boolean;
}

/** A chunk of consecutive Monte Carlo runs, simulated and aggregated in one worker. */
export interface ChunkTask {
  params: SimParams;
  model: ModelId;
  seed: number;
  first: number;
  count: number;
  /**
   * The bands' bin edges as shared by the main thread (sharedEdges.ts), for a chunk past the
   * first EXACT_RUNS runs; null for the exact chunks.
   */
  edges: SharedArrayBuffer | null;
  /** Send each run's weekly columns back too (for onRunDone consumers). */
  wantMetrics: boolean;
  /** A merged partial's buffer, transferred back for the worker's next partials (partialBuffer). */
  recycle?: ArrayBuffer | null;
}

/** Benchmark baseline: `count` plain runs back to back (no aggregation, nothing sent back). */
export interface SpinTask {
  params: SimParams;
  seed: number;
  count: number;
}

/** One projection model's Monte Carlo (spec/projections-reports-ui.md), inputs already checked. */
export interface ProjectionTask {
  model: ProjectionModelInput;
  uncertainty: Uncertainty;
  options: MonteCarloOptions;
  settings: SimulationSettingsInput;
}

export type WorkerRequest =
  | (EngineTask & { id: number; kind?: 'run' })
  | (ChunkTask & { id: number; kind: 'chunk' })
  | (SpinTask & { id: number; kind: 'spin' })
  | (ProjectionTask & { id: number; kind: 'projection' });

export interface ChunkResult {
  partial: ChunkPartial;
  /** Each run's columns as one flat buffer (wantMetrics), in run order. */
  flats: Float64Array[] | null;
  ms: number;
  /** Runs of the chunk not yet reported by a progress message. */
  unposted: number;
}

export interface RunOutput {
  runIndex: number;
  seed: number;
  model: ModelId;
  members: number;
  weeks: number;
  params: SimParams;
  final: Record<MetricName, number>;
  /** Weekly columns in METRIC_NAMES order (detail 'metrics' or 'full'). */
  metrics?: Float64Array[];
  keyEvents?: KeyEvent[];
  narrative?: Narrative;
  finalMembers?: FinalMembers;
  flows?: FlowTotals;
  /** Worker compute time. */
  ms: number;
}

/**
 * On the wire, a 'metrics' run sends its columns as one flat buffer (transferred) and leaves out
 * `final` and `params`: the pool rebuilds them on the main thread, which is cheaper than cloning
 * 53 views and two objects per run (Monte Carlo runs thousands).
 */
export type WireRunOutput = Omit<RunOutput, 'final' | 'params' | 'metrics'> & {
  final?: Record<MetricName, number>;
  params?: SimParams;
  metrics?: Float64Array[];
  flat?: Float64Array;
};

export type WorkerResponse =
  | { id: number; ok: true; out: WireRunOutput }
  | { id: number; ok: true; chunk: ChunkResult }
  | { id: number; ok: true; spin: { ms: number } }
  | { id: number; ok: true; projection: ProjectionMonteCarloResult }
  | { id: number; ok: false; error: string }
  /** A chunk: `progress` more of its runs finished. A run (EngineTask.progress): `progress` weeks simulated so far. */
  | { id: number; progress: number };
