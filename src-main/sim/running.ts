/**
 * The stored runs this process is computing, with a way to stop each one. A view that did not
 * start the job (a reloaded page, another window on the same app) can then cancel it through
 * `runs.cancel`, and a running run cannot be deleted from under its job.
 */
const jobs = new Map<number, AbortController>();

/** Registers the job writing stored run `id`; returns the signal to use and a release function. */
export function trackRun(id: number, signal: AbortSignal): { signal: AbortSignal; release: () => void } {
  const ctl = new AbortController();
  jobs.set(id, ctl);
  return { signal: AbortSignal.any([signal, ctl.signal]), release: () => jobs.delete(id) };
}

/** Asks the job of run `id` to stop (finished runs of a set are kept); false when this process has no such job. */
export function cancelTrackedRun(id: number): boolean {
  const ctl = jobs.get(id);
  if (!ctl) return false;
  ctl.abort();
  return true;
}

export function isTrackedRun(id: number): boolean {
  return jobs.has(id);
}
