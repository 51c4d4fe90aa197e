import type { RunDoc } from '../../src-shared/sim/runDoc';

/** Docs of runs just finished in this session, so Analysis opens without a round trip. */
const cache = new Map<number, RunDoc>();
export const rememberRun = (id: number, doc: RunDoc) => {
  cache.set(id, doc);
  if (cache.size > 8) cache.delete(cache.keys().next().value!);
};
export const cachedRun = (id: number) => cache.get(id);
/** A run that is gone (deleted): not shown from the cache again. */
export const forgetRun = (id: number) => void cache.delete(id);
