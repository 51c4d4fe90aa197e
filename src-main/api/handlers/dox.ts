import type { doxOps } from '../../../src-shared/api/dox';
import { clearDoxJwt, doxHealth, doxPush, doxStatus, listDoxPushes, setDoxJwt } from '../../dox/service';
import type { Handlers } from '../types';

/** dox.*: all DoX traffic happens here in the main process (DoX has no CORS for the renderer). */
export const doxHandlers: Handlers<keyof typeof doxOps> = {
  'dox.status': (_i, { app }) => doxStatus(app),
  'dox.health': (input, { app, signal }) => doxHealth(app, input, { signal }),
  'dox.setJwt': ({ jwt }, { app }) => setDoxJwt(app, jwt),
  'dox.clearJwt': (_i, { app }) => clearDoxJwt(app),
  'dox.push': (input, { app, signal, progress }) => doxPush(app, input, progress, { signal }),
  'dox.pushes': ({ limit }, { app }) => listDoxPushes(app, limit),
};
