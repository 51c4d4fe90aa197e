import type { RunDoc } from '../../src-shared/sim/runDoc';
import { chainReasonInAppWords } from '../api/messages';

/** Docs of runs just finished in this session, so Analysis opens without a round trip. */
const cache = new Map<number, RunDoc>();
export const rememberRun = (id: number, doc: RunDoc) => {
  cache.set(id, doc);
  if (cache.size > 8) cache.delete(cache.keys().next().value!);
};
export const cachedRun = (id: number) => cache.get(id);
/** A run that is gone (deleted): not shown from the cache again. */
export const forgetRun = (id: number) => void cache.delete(id);

/**
 * A stored run's result as a RunDoc, or null when it holds none: a failed run stores
 * `{ error: "…" }`, which Analysis and the Dashboard read as a document and crashed on
 * ("Cannot read properties of undefined (reading 'AvgWealth_A')").
 */
export function storedRunDoc(result: unknown): RunDoc | null {
  if (typeof result !== 'object' || result === null) return null;
  const d = result as Partial<RunDoc>;
  return typeof d.weekly === 'object' && d.weekly !== null && typeof d.final === 'object' && d.final !== null && typeof d.weeks === 'number' ? (d as RunDoc) : null;
}

/** Why a stored run has no result, when it says (a failed run's `{ error }`). */
export function storedRunError(result: unknown): string | null {
  const e = typeof result === 'object' && result !== null ? (result as { error?: unknown }).error : undefined;
  return typeof e === 'string' && e.trim() ? e : null;
}

/** The end of "Run #N has no results (status …)": ": <why>." when the run says why, else ".". */
export function noResultsWhy(result: unknown): string {
  const stored = storedRunError(result);
  // Stored in the command line's words ("--chain hardhat …"): shown in the app's.
  const e = stored === null ? null : chainReasonInAppWords(stored);
  return e ? `: ${e}${/[.!?]$/.test(e.trim()) ? '' : '.'}` : '.';
}
