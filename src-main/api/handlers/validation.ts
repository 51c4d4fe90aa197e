import { ApiError } from '../../../src-shared/api';
import type { validationOps } from '../../../src-shared/api/validation';
import { ValidationRepo } from '../../validation/store';
import { runValidation } from '../../validation/run';
import { effectiveTimeZone } from '../../firefly/service';
import type { Handlers } from '../types';

export const validationHandlers: Handlers<keyof typeof validationOps> = {
  'validation.run': async (input, { app, signal, progress }) => {
    const timeZone = input.timeZone || effectiveTimeZone(app.settings.get().fireflyTimeZone);
    let params;
    if (input.params) {
      const { validateParams } = await import('../../../src-shared/engine');
      const v = validateParams(input.params);
      if (!v.ok) throw new ApiError('invalid_input', `params: ${v.errors.map((e) => e.message).join('; ')}`, v.errors.map((e) => ({ path: `params.${e.field}`, message: e.message })));
      params = v.params;
    }
    const r = await runValidation(app, { runs: input.runs, seed: input.seed, z: input.z, params, snapshotId: input.snapshotId, timeZone, workers: input.workers, signal, progress });
    const stored = new ValidationRepo(app.db, app.dataDir).withDeltas(r.id);
    return { id: r.id, summary: r.result.summary, archiveDir: r.archiveDir, result: r.result, deltas: stored.deltas } as never;
  },
  'validation.list': ({ limit }, { app }) => new ValidationRepo(app.db, app.dataDir).list(limit) as never,
  'validation.get': ({ id }, { app }) => {
    const v = new ValidationRepo(app.db, app.dataDir).withDeltas(id);
    return { id: v.id, createdAt: v.createdAt, archiveDir: v.archiveDir, summary: v.summary, result: v.result, deltas: v.deltas } as never;
  },
};
