import { ApiError } from '../../src-shared/api';
import { withDefaults, type SimParams } from '../../src-shared/engine';
import {
  DEFAULT_RUNS, DEFAULT_SEED, DEFAULT_Z, assembleResult, assumptionComponents, empiricalComponent, runModelChecks, runSampleOf,
  skippedEmpirical, solventParams, statisticalComponent, type RunSample, type ValidationComponent, type ValidationResult,
} from '../../src-shared/validation';
import type { AppContext } from '../context';
import { runBatch, type EngineTask, type RunOutput } from '../engine';
import { mapCategories } from '../../src-shared/projections/calibration/categories';
import { loadCategoryRules } from '../firefly/rules';
import { getSnapshot, listSnapshots, loadCalibrationInput } from '../firefly/sync';
import { ValidationRepo } from './store';

export interface ValidationRunOptions {
  runs?: number;
  seed?: number;
  z?: number;
  params?: Partial<SimParams>;
  /** Firefly snapshot to compare with (default: the latest, if any). */
  snapshotId?: number;
  timeZone?: string;
  workers?: number;
  signal?: AbortSignal;
  progress?: (p: { phase: string; done: number; total: number; message?: string }) => void;
}

function cancelled(): never {
  throw new ApiError('cancelled', 'validation cancelled: nothing was stored');
}

/** Seeded Monte Carlo samples on the worker pool (full detail: the token flow is needed). */
async function samples(params: SimParams, seed: number, runs: number, o: ValidationRunOptions, phase: string, label: string, offset: number, total: number): Promise<RunSample[]> {
  const tasks: EngineTask[] = Array.from({ length: runs }, (_, i) => ({ params, model: 'reference', seed, runIndex: i, detail: 'full' }));
  const b = await runBatch(tasks, {
    workers: o.workers,
    signal: o.signal,
    // The message counts the runs the user asked for; done/total count every step of the suite.
    onProgress: (p) => o.progress?.({ phase, done: offset + p.done, total, message: `${label}: ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}` }),
  });
  if (b.status === 'cancelled' || o.signal?.aborted) cancelled();
  return b.results.map((r) => {
    const out = r as RunOutput;
    return runSampleOf({ metrics: out.metrics!, members: out.members, weeks: out.weeks }, out.flows!.tokensMinted);
  });
}

/** Runs the whole suite, stores it (SQLite + archive folder) and returns the stored id. */
export async function runValidation(app: AppContext, o: ValidationRunOptions = {}): Promise<{ id: number; result: ValidationResult; archiveDir: string }> {
  const t0 = performance.now();
  const runs = o.runs ?? DEFAULT_RUNS;
  const seed = o.seed ?? DEFAULT_SEED;
  const z = o.z ?? DEFAULT_Z;
  let params: SimParams;
  try {
    params = withDefaults(o.params ?? {});
  } catch (e) {
    throw new ApiError('invalid_input', `params: ${(e as Error).message}`, [{ path: 'params', message: (e as Error).message }]);
  }
  const hasSnapshots = (() => {
    try {
      return listSnapshots(app.db, 1).length > 0;
    } catch {
      return false; // Firefly tables absent (older schema): treat as no snapshot
    }
  })();
  // A snapshot that does not exist is known before minutes of model checks, not after them.
  if (o.snapshotId !== undefined && (!hasSnapshots || !getSnapshot(app.db, o.snapshotId))) {
    throw new ApiError('not_found', `snapshotId: Firefly snapshot ${o.snapshotId} does not exist`, [{ path: 'snapshotId', message: 'no such snapshot' }]);
  }
  const total = 9 + 2 * runs + 1;
  const progress = o.progress ?? (() => {});
  const components: ValidationComponent[] = [];

  progress({ phase: 'model', done: 0, total, message: 'Model checks: 0 of 9' });
  // Model checks are synchronous; yield between categories so cancel and progress get through.
  const model = runModelChecks(seed, (d) => progress({ phase: 'model', done: d, total, message: `Model checks: ${d} of 9` }));
  components.push(...model, ...assumptionComponents(params as unknown as Record<string, number>));
  if (o.signal?.aborted) cancelled();
  await new Promise((r) => setImmediate(r));

  const defaults = await samples(params, seed, runs, o, 'monte-carlo', 'Monte Carlo runs', 9, total);
  const solvent = await samples(solventParams(params), seed, runs, o, 'monte-carlo (solvent)', 'Monte Carlo runs, solvent variant', 9 + runs, total);
  components.push(statisticalComponent({ params, defaults, solvent, z }));

  progress({ phase: 'empirical', done: total - 1, total, message: 'Empirical comparison' });
  const timeZone = o.timeZone ?? 'UTC';
  let snapshotId: number | null = null;
  if (!hasSnapshots) {
    components.push(skippedEmpirical('no Firefly snapshot'));
  } else {
    try {
      const cal = loadCalibrationInput(app.db, { snapshotId: o.snapshotId });
      snapshotId = cal.snapshot.id;
      // The same mapping as the Firefly view's calibration: the user's saved rules.
      const stored = loadCategoryRules(app.db);
      const mapping = mapCategories(cal.transactions, stored.rules);
      const warnings = [...cal.warnings, ...(stored.warning ? [stored.warning] : [])];
      components.push(empiricalComponent({ transactions: cal.transactions, snapshotId, timeZone, params, seed, warnings, mapping }));
    } catch (e) {
      components.push(skippedEmpirical(`no usable Firefly snapshot: ${(e as Error).message}`));
    }
  }
  if (o.signal?.aborted) cancelled();

  const result = assembleResult(
    { params: params as unknown as Record<string, number>, model: 'reference', seed, runs, z, snapshotId, appVersion: app.version, timeZone },
    components,
    performance.now() - t0,
  );
  const repo = new ValidationRepo(app.db, app.dataDir);
  const id = repo.insert(result);
  const archiveDir = repo.archive(id, app.version);
  progress({ phase: 'done', done: total, total, message: `stored as validation report #${id}` });
  return { id, result, archiveDir };
}
