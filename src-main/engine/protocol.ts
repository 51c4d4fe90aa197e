// Messages between the engine pool (main thread) and its worker threads.
import type { FinalMembers, FlowTotals, KeyEvent, MetricName, ModelId, Narrative, ShockWindow, SimParams, SortStrategy } from '../../src-shared/engine';

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
}

export interface WorkerRequest extends EngineTask {
  id: number;
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

export type WorkerResponse = { id: number; ok: true; out: RunOutput } | { id: number; ok: false; error: string };
