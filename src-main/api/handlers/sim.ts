import { ApiError } from '../../../src-shared/api';
import type { simOps } from '../../../src-shared/api/sim';
import {
  applyPreset,
  computeCurrentMetrics,
  DEFAULT_GRID,
  DEFAULT_OAT,
  evaluateMathTest,
  METRIC_NAMES,
  PARAM_NAMES,
  PRESETS,
  runScenario,
  runSensitivity,
  runShockTest,
  summarizeMathTests,
  type MetricName,
  type ModelId,
  ModelSchema,
  type ParamName,
  toJsonSafe,
  type SimulationResult,
} from '../../../src-shared/engine';
import { weeklyOf } from '../../../src-shared/sim/runDoc';
import { runFinals } from '../../engine';
import { recomputeRun, resolveParams, runSimulationJob } from '../../sim/service';
import type { Handlers } from '../types';


function engineError(e: unknown, field: string): never {
  if (e instanceof RangeError) throw new ApiError('invalid_input', `${field}: ${e.message}`, [{ path: field, message: e.message }]);
  throw e;
}

export const simHandlers: Handlers<keyof typeof simOps> = {
  'sim.run': (input, { app, signal, progress }) => runSimulationJob(app, input as never, { signal, progress }) as never,
  'sim.recompute': ({ id, runIndex }, { app, signal }) => recomputeRun(app, id, runIndex, signal) as never,
  'sim.presets': () => PRESETS.map((p) => ({ id: p.id, name: p.name, description: p.description, tags: [...p.tags], params: { ...applyPreset(p.id) } })),
  'sim.scenario': ({ name, params, seed, model }) => {
    const p = params ? resolveParams(undefined, params) : undefined;
    let out;
    try {
      out = runScenario({ name, params: p }, { seed, model: model as ModelId });
    } catch (e) {
      engineError(e, 'params');
    }
    return toJsonSafe({ scenario_name: out.scenario_name, outcome: out.outcome, metrics: out.metrics, comparative_analysis: out.comparative_analysis, recommendations: out.recommendations, weekly: weeklyOf(out.result) }) as never;
  },
  'sim.shock': (input) => {
    const params = resolveParams(undefined, input.params);
    let out;
    try {
      out = runShockTest({ type: input.type, magnitude: input.magnitude, duration: input.duration, startWeek: input.startWeek, recoveryWeeks: input.recoveryWeeks, params }, { seed: input.seed, model: input.model as ModelId });
    } catch (e) {
      engineError(e, 'shock');
    }
    return toJsonSafe({ shock_results: out.shock_results, recovery_metrics: out.recovery_metrics, recommendations: out.recommendations, baseline: weeklyOf(out.baseline), shocked: weeklyOf(out.shocked) }) as never;
  },
  'sim.current': ({ id }, { app }) => {
    const run = app.runs.get(id);
    const doc = run.result as { weekly?: Record<string, (number | null)[]>; weeks?: number } | null;
    if (!doc?.weekly) throw new ApiError('not_found', `run ${run.id} has no results (status ${run.status})`);
    // computeCurrentMetrics reads metric columns only; rebuild them from the stored weekly means.
    const metrics = METRIC_NAMES.map((n) => Float64Array.from(doc.weekly![n] ?? [], (v) => (v === null ? NaN : v)));
    return toJsonSafe(computeCurrentMetrics({ metrics, weeks: doc.weeks ?? run.weeks } as unknown as SimulationResult)) as never;
  },
  'sim.sensitivity': async (input, { signal, progress }) => {
    const base = resolveParams(undefined, input.base);
    if (!(METRIC_NAMES as readonly string[]).includes(input.output)) {
      throw new ApiError('invalid_input', `output: unknown metric "${input.output}"`, [{ path: 'output', message: 'unknown metric' }]);
    }
    const variations = input.variations ?? (input.mode === 'oat' ? DEFAULT_OAT : DEFAULT_GRID);
    for (const [i, v] of variations.entries()) {
      if (!(PARAM_NAMES as string[]).includes(v.param)) throw new ApiError('invalid_input', `variations.${i}.param: unknown parameter "${v.param}"`, [{ path: `variations.${i}.param`, message: 'unknown parameter' }]);
      // Every value must be a valid parameter value: check the extremes against the engine's ranges.
      resolveParams(undefined, { ...base, [v.param]: Math.max(...v.values) });
      resolveParams(undefined, { ...base, [v.param]: Math.min(...v.values) });
    }
    if (input.mode === 'grid' && (variations.length < 1 || variations.length > 3)) {
      throw new ApiError('invalid_input', 'variations: a grid needs 1 to 3 axes', [{ path: 'variations', message: '1–3 axes' }]);
    }
    const spec = {
      base,
      seed: input.seed,
      replicates: input.replicates,
      output: input.output as MetricName,
      confidence: input.confidence,
      ...(input.mode === 'oat' ? { oat: variations as { param: ParamName; values: number[] }[] } : { grid: variations as { param: ParamName; values: number[] }[] }),
    };
    let cancelled = false;
    const result = await runSensitivity(spec, () => {
      throw new Error('unreachable: runMany is used');
    }, async (jobs) => {
      const r = await runFinals(jobs.map((j) => ({ ...j, model: input.model as ModelId })), { signal, onProgress: (p) => progress({ phase: 'runs', done: p.done, total: p.total, etaMs: p.etaMs }) });
      if (r.status === 'cancelled') {
        cancelled = true;
        throw new ApiError('cancelled', 'sensitivity analysis cancelled');
      }
      return r.finals.map((f) => f ?? {});
    }).catch((e) => {
      if (cancelled) throw new ApiError('cancelled', 'sensitivity analysis cancelled');
      engineError(e, 'variations');
    });
    return toJsonSafe({ mode: input.mode, model: input.model, ...result }) as never;
  },
  'paramsets.list': (_i, { app }) => {
    const rows = app.db.prepare('SELECT id, name, model, params, updated_at FROM param_sets ORDER BY name').all() as { id: number; name: string; model: string; params: string; updated_at: string }[];
    return rows.flatMap((r) => {
      try {
        return [{ id: r.id, name: r.name, model: ModelSchema.parse(r.model), params: resolveParams(undefined, JSON.parse(r.params)), updatedAt: r.updated_at }];
      } catch {
        return []; // a row that no longer validates is skipped, not shown half-broken
      }
    });
  },
  'paramsets.save': ({ name, model, params }, { app }) => {
    const p = resolveParams(undefined, params);
    const now = new Date().toISOString();
    app.db
      .prepare('INSERT INTO param_sets(name, model, params, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET model = excluded.model, params = excluded.params, updated_at = excluded.updated_at')
      .run(name, model, JSON.stringify(p), now, now);
    const row = app.db.prepare('SELECT id FROM param_sets WHERE name = ?').get(name) as { id: number };
    return { id: row.id, name };
  },
  'paramsets.delete': ({ id }, { app }) => ({ deleted: app.db.prepare('DELETE FROM param_sets WHERE id = ?').run(id).changes > 0 }),
  'sim.mathTests': async ({ seed, model }, { signal, progress }) => {
    const jobs = PRESETS.map((p) => ({ params: applyPreset(p.id), seed, runIndex: 0, model: model as ModelId }));
    const r = await runFinals(jobs, { signal, onProgress: (p) => progress({ phase: 'presets', done: p.done, total: p.total, etaMs: p.etaMs }) });
    if (r.status === 'cancelled') throw new ApiError('cancelled', 'math tests cancelled');
    const rows = PRESETS.map((p, i) => evaluateMathTest(p.id, p.name, jobs[i].params, model as ModelId, r.finals[i]!));
    return toJsonSafe({ model, seed, ...summarizeMathTests(rows) }) as never;
  },
};
