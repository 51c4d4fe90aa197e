/**
 * Simulation service: validates parameters with the engine's own rules, runs on the worker pool
 * (never on the main thread, so IPC/HTTP stay responsive), streams per-run summaries into SQLite
 * as they finish, and stores the run document. Cancel keeps finished runs.
 */
import { ApiError } from '../../src-shared/api';
import type { SimRunInput } from '../../src-shared/api/sim';
import { applyPreset, getPreset, toJsonSafe, unknownPresetMessage, validateParams, type ModelId, type SimParams, type SimulationResult } from '../../src-shared/engine';
import { monteCarloDoc, singleRunDoc, type RunDoc } from '../../src-shared/sim/runDoc';
import type { AppContext } from '../context';
import { runBatch, runMonteCarlo } from '../engine';
import type { RunOutput } from '../engine/protocol';
import { checkChainInput, runChainMirror } from './chainRun';
import { trackRun } from './running';

export type SimRunParsed = Required<Pick<SimRunInput, 'model' | 'seed' | 'runs' | 'save' | 'chain'>> & Omit<SimRunInput, 'model' | 'seed' | 'runs' | 'save' | 'chain'> & { params: Record<string, unknown> };

/** Merge preset + overrides and validate; errors name `params.FIELD`, the value and the range. */
export function resolveParams(preset: string | undefined, overrides: Record<string, unknown>): SimParams {
  let base: Record<string, unknown> = {};
  if (preset) {
    const found = getPreset(preset);
    if (!found) throw new ApiError('invalid_input', `preset: ${unknownPresetMessage(preset)}`, [{ path: 'preset', message: unknownPresetMessage(preset) }]);
    base = { ...applyPreset(found.id) };
  }
  const v = validateParams({ ...base, ...overrides });
  if (!v.ok) {
    const issues = v.errors.map((e) => ({ path: `params.${e.field}`, message: e.message }));
    throw new ApiError('invalid_input', `invalid parameters: ${v.errors.map((e) => e.message).join('; ')}`, issues);
  }
  return v.params;
}

/** A worker RunOutput carries everything detailOf() reads from a SimulationResult. */
export function asResult(out: RunOutput): SimulationResult {
  return {
    model: out.model,
    params: out.params,
    seed: out.seed,
    runIndex: out.runIndex,
    members: out.members,
    weeks: out.weeks,
    shock: null,
    metricNames: [] as never,
    metrics: out.metrics!,
    keyEvents: out.keyEvents!,
    narrative: out.narrative!,
    finalMembers: out.finalMembers!,
    flows: out.flows!,
  };
}

async function fullRun(params: SimParams, model: ModelId, seed: number, runIndex: number, signal: AbortSignal, onWeeks?: (weeks: number) => void): Promise<SimulationResult | null> {
  const b = await runBatch([{ params, model, seed, runIndex, detail: 'full' }], { workers: 1, signal, onTaskWeeks: onWeeks && ((_, w) => onWeeks(w)) });
  const out = b.results[0];
  return out ? asResult(out) : null;
}

export interface SimRunOutcome {
  runId: number | null;
  status: 'done' | 'cancelled';
  doc: RunDoc;
}

export async function runSimulationJob(
  app: AppContext,
  input: SimRunParsed,
  ctx: { signal: AbortSignal; progress: (p: { phase: string; done: number; total: number; etaMs?: number | null; runId?: number | null; message?: string }) => void },
): Promise<SimRunOutcome> {
  const params = resolveParams(input.preset, input.params);
  const model = input.model as ModelId;
  if (input.chain !== 'off') checkChainInput(input, params);
  const t0 = performance.now();
  const runId = input.save
    ? app.runs.create({
        name: input.name ?? defaultName(input, params),
        kind: input.runs > 1 ? 'montecarlo' : 'single',
        model,
        params: { ...params },
        seed: input.seed,
        runs: input.runs,
        members: params.NUM_MEMBERS,
        weeks: params.SIMULATION_WEEKS,
        tags: input.tags ?? (input.preset ? [getPreset(input.preset)?.id ?? input.preset] : []),
        appVersion: app.version,
      })
    : null;
  // Every event names the stored run, and the first one goes out now: a view of that run can follow the job.
  const progress = (p: { phase: string; done: number; total: number; etaMs?: number | null; message?: string }) => ctx.progress({ ...p, runId });
  // runs.cancel from any view stops the job as the caller's own cancel does.
  const tracked = runId ? trackRun(runId, ctx.signal) : null;
  const signal = tracked?.signal ?? ctx.signal;
  try {
    let doc: RunDoc;
    let status: 'done' | 'cancelled' = 'done';
    if (input.runs === 1) {
      // Weeks as they are simulated (a worker reports about every 100 ms), with an ETA from the pace so far.
      const W = params.SIMULATION_WEEKS;
      const weekMessage = (w: number) => `Week ${w} of ${W}`;
      progress({ phase: 'simulating', done: 0, total: W, etaMs: null, message: weekMessage(0) });
      const tSim = performance.now();
      const r = await fullRun(params, model, input.seed, 0, signal, (w) => {
        const el = performance.now() - tSim;
        progress({ phase: 'simulating', done: w, total: W, etaMs: w > 0 ? (el / w) * (W - w) : null, message: weekMessage(w) });
      });
      if (!r) {
        if (runId) app.runs.finish(runId, 'cancelled', null);
        throw new ApiError('cancelled', 'simulation cancelled before it finished');
      }
      doc = singleRunDoc(r, performance.now() - t0);
      if (input.chain !== 'off') {
        try {
          doc.chain = await runChainMirror({ mode: input.chain, fallback: input.chainFallback, params, model, seed: input.seed, runs: input.runs, dataDir: app.dataDir, runId, signal: signal, progress });
        } catch (e) {
          // Cancelled while the contracts were mirrored: stored as cancelled, like a run cancelled mid-simulation.
          if (runId && e instanceof ApiError && e.code === 'cancelled') app.runs.finish(runId, 'cancelled', null);
          throw e;
        }
      }
      progress({ phase: 'simulating', done: W, total: W, etaMs: 0, message: weekMessage(W) });
    } else {
      progress({ phase: 'runs', done: 0, total: input.runs, etaMs: null });
      const insert = runId ? app.db.prepare('INSERT OR REPLACE INTO run_results(run_id, run_index, summary) VALUES (?, ?, ?)') : null;
      const mc = await runMonteCarlo({
        params,
        model,
        seed: input.seed,
        runs: input.runs,
        workers: input.workers,
        signal: signal,
        onRunDone: (i, summary) => insert?.run(runId, i, JSON.stringify(toJsonSafe(summary))),
        onProgress: (p) => progress({ phase: 'runs', done: p.done, total: p.total, etaMs: p.etaMs }),
      });
      status = mc.status;
      if (mc.completedRuns.length === 0) {
        if (runId) app.runs.finish(runId, 'cancelled', null);
        throw new ApiError('cancelled', 'Monte Carlo cancelled before any run finished');
      }
      // The representative run (the first finished one) carries events, narrative and members.
      const rep = await fullRun(params, model, input.seed, mc.completedRuns[0], new AbortController().signal);
      doc = monteCarloDoc({ agg: mc.aggregate, model, seed: input.seed, runs: input.runs, params: { ...params }, members: params.NUM_MEMBERS, representative: rep, elapsedMs: performance.now() - t0 });
    }
    if (runId) {
      app.runs.finish(runId, status === 'done' ? 'done' : 'cancelled', doc);
      // A cancelled set keeps its finished runs: the default name says how many, not how many were asked for.
      if (status === 'cancelled' && !input.name) app.runs.update(runId, { name: defaultName(input, params, doc.completedRuns) });
    }
    return { runId, status, doc };
  } catch (e) {
    if (runId && !(e instanceof ApiError && e.code === 'cancelled')) app.runs.finish(runId, 'failed', { error: (e as Error).message });
    throw e;
  } finally {
    tracked?.release();
  }
}

/** "Custom · 1,000×156 · 10,752 of 100,000 runs (cancelled) · seed 42": counts grouped as the views print them; the seed is a name. */
export function defaultName(input: Pick<SimRunParsed, 'preset' | 'runs' | 'seed'>, p: Pick<SimParams, 'NUM_MEMBERS' | 'SIMULATION_WEEKS'>, completed?: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const what = input.preset ? (getPreset(input.preset)?.name ?? input.preset) : 'Custom';
  const runs = input.runs > 1 ? ` · ${completed !== undefined ? `${n(completed)} of ${n(input.runs)} runs (cancelled)` : `${n(input.runs)} runs`}` : '';
  return `${what} · ${n(p.NUM_MEMBERS)}×${n(p.SIMULATION_WEEKS)}${runs} · seed ${input.seed}`;
}

/** Recompute one member run of a stored set from its seed (bit-identical to the original). */
export async function recomputeRun(app: AppContext, id: number | 'latest', runIndex: number, signal: AbortSignal): Promise<RunDoc> {
  const run = app.runs.get(id);
  if (runIndex >= run.runs) throw new ApiError('invalid_input', `runIndex: must be between 0 and ${run.runs - 1} for run ${run.id}, got ${runIndex}`, [{ path: 'runIndex', message: `0…${run.runs - 1}` }]);
  const params = resolveParams(undefined, run.params);
  const r = await fullRun(params, run.model as ModelId, run.seed, runIndex, signal);
  if (!r) throw new ApiError('cancelled', 'recompute cancelled');
  return { ...singleRunDoc(r, 0), runs: 1 };
}
