import { z } from 'zod';
import { op, Progress } from './define';
import { RunId } from './core';

const Model = z.enum(['reference', 'nextjs']);
const Seed = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Parameters are checked by the engine's own validator (it names field, value and range). */
const ParamsInput = z.record(z.string(), z.unknown());
const ShockType = z.enum(['income_reduction', 'cost_increase', 'market_disruption']);
/** A shock test's defaults (upstream's POST /api/test-shock: magnitude 0.2, 4 weeks), shared by the UI and the CLI. */
export const SHOCK_DEFAULTS = { type: 'income_reduction', magnitude: 0.2, duration: 4, startWeek: 52, recoveryWeeks: 26 } as const;

/** The longest run a shock test may ask for: start + duration + recovery weeks (SIMULATION_WEEKS' maximum). */
export const SHOCK_MAX_WEEKS = 2600;

export const SimRunInput = z
  .object({
    model: Model.default('reference'),
    preset: z.string().max(100).optional(),
    params: ParamsInput.default({}),
    seed: Seed.default(42),
    runs: z.number().int().min(1).max(100_000).default(1),
    workers: z.number().int().min(1).max(64).optional(),
    name: z.string().min(1).max(200).optional(),
    tags: z.array(z.string().min(1).max(50)).max(20).optional(),
    save: z.boolean().default(true),
    chain: z.enum(['off', 'model', 'hardhat']).default('off'),
    /**
     * chain = hardhat when no node is running or it cannot take the contracts: 'fail' (the run
     * fails with the reason) or 'model' (the run is mirrored on the in-process contract model,
     * and its chain record carries a warning saying so). contracts.md T4.
     */
    chainFallback: z.enum(['fail', 'model']).default('fail'),
  })
  .strict();
export type SimRunInput = z.input<typeof SimRunInput>;

/** RunDoc (src-shared/sim/runDoc.ts) is large; its top level is checked here. */
export const RunDocSchema = z
  .object({
    kind: z.enum(['single', 'montecarlo']),
    model: z.string(),
    seed: z.number(),
    runs: z.number().int(),
    completedRuns: z.number().int(),
    params: z.record(z.string(), z.number()),
    metricNames: z.array(z.string()),
    weeks: z.number().int(),
    members: z.number().int(),
    weekly: z.record(z.string(), z.array(z.number().nullable())),
    bands: z.record(z.string(), z.object({ p5: z.array(z.number().nullable()), p50: z.array(z.number().nullable()), p95: z.array(z.number().nullable()) })).nullable(),
    final: z.record(z.string(), z.object({ n: z.number(), mean: z.number().nullable(), sd: z.number().nullable(), p5: z.number().nullable(), p50: z.number().nullable(), p95: z.number().nullable() })),
    detail: z.unknown(),
    chain: z.unknown().optional(),
    elapsedMs: z.number(),
  })
  .passthrough();

/**
 * sim.run's progress also names the stored run it is writing (null with save: false), from the
 * first event on, so a view showing that run (Analysis) can follow the job and cancel it.
 */
export const SimRunProgress = Progress.extend({ runId: z.number().int().positive().nullable().optional() });

const Variation = z.object({ param: z.string(), values: z.array(z.number().finite()).min(1).max(50) });

export const simOps = {
  'sim.run': op({
    summary: 'Run a simulation (one run or a Monte Carlo set on the worker pool) and store it',
    input: SimRunInput,
    output: z.object({ runId: z.number().int().nullable(), status: z.enum(['done', 'cancelled']), doc: RunDocSchema }),
    progress: SimRunProgress,
  }),
  'sim.recompute': op({
    summary: 'Recompute one member run of a stored set exactly from its seed',
    input: z.object({ id: RunId, runIndex: z.number().int().min(0) }).strict(),
    output: RunDocSchema,
  }),
  'sim.presets': op({
    summary: 'The scenario presets with tags',
    input: z.object({}).strict().default({}),
    output: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), tags: z.array(z.string()), params: z.record(z.string(), z.number()) })),
  }),
  'sim.scenario': op({
    summary: 'Scenario runner (§5.2): a named or custom scenario with outcome and recommendations',
    input: z.object({ name: z.string().max(200).optional(), params: ParamsInput.optional(), seed: Seed.default(42), model: Model.default('reference') }).strict(),
    output: z.object({ scenario_name: z.string(), outcome: z.string(), metrics: z.record(z.string(), z.number().nullable()), comparative_analysis: z.string(), recommendations: z.array(z.string()), weekly: z.record(z.string(), z.array(z.number().nullable())) }),
  }),
  'sim.shock': op({
    summary: 'Shock test (§5.3): baseline vs shocked trajectories and recovery metrics',
    input: z
      .object({
        type: ShockType,
        magnitude: z.number().min(0).max(1),
        duration: z.number().int().min(1).max(520),
        startWeek: z.number().int().min(0).max(2000).default(SHOCK_DEFAULTS.startWeek),
        recoveryWeeks: z.number().int().min(0).max(520).default(SHOCK_DEFAULTS.recoveryWeeks),
        params: ParamsInput.default({}),
        seed: Seed.default(42),
        model: Model.default('reference'),
      })
      .strict()
      // The run is start + duration + recovery weeks long: name the three fields the user set, not the
      // SIMULATION_WEEKS the engine would otherwise refuse.
      .superRefine((v, ctx) => {
        const total = v.startWeek + v.duration + v.recoveryWeeks;
        if (total > SHOCK_MAX_WEEKS) {
          ctx.addIssue({ code: 'custom', path: ['startWeek'], message: `startWeek + duration + recoveryWeeks must be at most ${SHOCK_MAX_WEEKS} weeks (the longest simulation); got ${v.startWeek} + ${v.duration} + ${v.recoveryWeeks} = ${total}` });
        }
      }),
    output: z.object({
      shock_results: z.unknown(),
      recovery_metrics: z.object({ recovery_rate: z.number().nullable(), resilience_score: z.number().nullable() }),
      recommendations: z.array(z.string()),
      baseline: z.record(z.string(), z.array(z.number().nullable())),
      shocked: z.record(z.string(), z.array(z.number().nullable())),
    }),
  }),
  'sim.current': op({
    summary: 'Current-metrics summary (§5.4) of a stored run: health, efficiency, resilience, trends',
    input: z.object({ id: RunId }).strict(),
    output: z.record(z.string(), z.unknown()),
  }),
  'sim.sensitivity': op({
    summary: 'Sensitivity: one-at-a-time or Cartesian grid, R replicates with common random numbers and CIs',
    input: z
      .object({
        base: ParamsInput.default({}),
        model: Model.default('reference'),
        seed: Seed.default(42),
        replicates: z.number().int().min(1).max(1000).default(10),
        output: z.string().default('WealthDifference'),
        mode: z.enum(['oat', 'grid']).default('oat'),
        variations: z.array(Variation).max(20).optional(),
        confidence: z.number().gt(0).lt(1).default(0.95),
      })
      .strict(),
    output: z.record(z.string(), z.unknown()),
    progress: Progress,
  }),
  'paramsets.list': op({
    summary: 'Saved parameter sets',
    input: z.object({}).strict().default({}),
    output: z.array(z.object({ id: z.number().int(), name: z.string(), model: Model, params: z.record(z.string(), z.number()), updatedAt: z.string() })),
  }),
  'paramsets.save': op({
    summary: 'Save (or overwrite by name) a parameter set; parameters are validated first',
    input: z.object({ name: z.string().trim().min(1).max(100), model: Model.default('reference'), params: ParamsInput }).strict(),
    output: z.object({ id: z.number().int(), name: z.string() }),
  }),
  'paramsets.delete': op({
    summary: 'Delete a saved parameter set',
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'sim.mathTests': op({
    summary: 'Preset math tests (§5.6): simulated vs expected wealth difference, with scores',
    input: z.object({ seed: Seed.default(42), model: Model.default('reference') }).strict(),
    output: z.record(z.string(), z.unknown()),
    progress: Progress,
  }),
};
