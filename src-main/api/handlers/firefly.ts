import type { fireflyOps } from '../../../src-shared/api/firefly';
import { ApiError } from '../../../src-shared/api/define';
import { isAbsoluteFolder } from '../../../src-shared/api/core';
import { listSnapshots } from '../../firefly/sync';
import { loadCategoryRules, resetCategoryRules, saveCategoryRules } from '../../firefly/rules';
import {
  defaultExportDir,
  fireflyCalibrate,
  fireflyConnect,
  fireflyDisconnect,
  fireflyOverview,
  fireflyStatus,
  fireflyTest,
  redactToken,
  runFireflySync,
  writeCalibrationFiles,
} from '../../firefly/service';
import type { Handlers } from '../types';

export const fireflyHandlers: Handlers<keyof typeof fireflyOps> = {
  'firefly.status': (_i, { app }) => fireflyStatus(app),
  'firefly.test': (input, { app, signal }) => fireflyTest(app, input, signal),
  'firefly.connect': (input, { app, signal }) => fireflyConnect(app, input, signal),
  'firefly.disconnect': (_i, { app }) => fireflyDisconnect(app),
  'firefly.sync': async (input, { app, signal, progress }) => {
    let pages = 0;
    const res = await runFireflySync(app, {
      since: input.since,
      until: input.until,
      signal,
      trigger: app.transport === 'direct' ? 'cli' : 'manual',
      onProgress: (p) => {
        if (p.page) pages = Math.max(pages, p.page);
        const total = p.totalPages ?? Math.max(pages, 1);
        const done = p.phase === 'done' || p.phase === 'store' ? total : p.phase === 'transactions' ? Math.min(p.page ?? 0, total) : 0;
        progress({ phase: p.phase, done, total, message: redactToken(p.message) });
      },
    });
    return res;
  },
  'firefly.snapshots': ({ limit }, { app }) => listSnapshots(app.db, limit),
  'firefly.overview': ({ snapshotId }, { app }) => fireflyOverview(app, snapshotId),
  'firefly.rules.get': (_i, { app }) => loadCategoryRules(app.db),
  'firefly.rules.set': (input, { app }) => {
    if (input.reset) resetCategoryRules(app.db);
    else if (input.rules) saveCategoryRules(app.db, input.rules);
    else throw new ApiError('invalid_input', 'give either rules (the mapping to save) or reset: true', [{ path: 'rules', message: 'required' }]);
    return loadCategoryRules(app.db);
  },
  'firefly.calibrate': (input, { app }) => fireflyCalibrate(app, input),
  'firefly.exportCalibration': ({ dir, ...input }, { app }) => {
    const now = new Date();
    const report = fireflyCalibrate(app, input, now);
    const target = dir ?? defaultExportDir(app, now);
    if (dir !== undefined && !isAbsoluteFolder(dir)) {
      throw new ApiError('invalid_input', `dir: "${dir.slice(0, 80)}" is not an absolute folder path.`, [{ path: 'dir', message: 'must be absolute' }]);
    }
    return { dir: target, files: writeCalibrationFiles(target, report.files) };
  },
};
