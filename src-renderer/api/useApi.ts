import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpInput, OpName, OpOutput } from '../../src-shared/api';
import { call, CallError, type CallOptions } from './client';
import { stickyDelete, stickyGet, stickySet, useSticky } from '../analytics/sticky';

/**
 * The one hook over either transport: `const { data, error, loading, reload } = useApi('runs.list', {})`.
 * `enabled: false` sends nothing (data null, not loading): for "nothing yet" states, so the page
 * does not ask for something it knows is not there.
 */
export function useApi<K extends OpName>(op: K, input: OpInput<K>, deps: unknown[] = [], enabled = true) {
  const [data, setData] = useState<OpOutput<K> | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const [loading, setLoading] = useState(enabled);
  const inputRef = useRef(input);
  inputRef.current = input;
  const reload = useCallback(async () => {
    if (!enabled) {
      setData(null);
      setError(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    try {
      setData(await call(op, inputRef.current));
      setError(null);
    } catch (e) {
      setError(e instanceof CallError ? e : new CallError('internal', String((e as Error)?.message ?? e)));
    } finally {
      setLoading(false);
    }
  }, [op, enabled, ...deps]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

interface JobState {
  running: boolean;
  /** Cancel was pressed and the backend has not stopped yet (a Monte Carlo finishes its runs in flight). */
  cancelling: boolean;
  progress: any;
  error: CallError | null;
  ctrl: AbortController | null;
  /** The stored run this job writes, once its progress names it (sim.run does, from its first event). */
  runId: number | null;
}
const IDLE: JobState = { running: false, cancelling: false, progress: null, error: null, ctrl: null, runId: null };

/** Stored run id → sticky key of the job in this window that writes it (see useRunJob). */
const RUN_JOBS = 'jobs:byRun';
const runJobs = () => stickyGet<Record<number, string>>(RUN_JOBS) ?? {};

/** Asks the job behind sticky key `id` to stop; the state says "cancelling" until the call returns. */
function cancelJob(id: string): void {
  const cur = stickyGet<JobState>(id);
  if (!cur?.running || !cur.ctrl || cur.cancelling) return;
  stickySet(id, { ...cur, cancelling: true });
  cur.ctrl.abort();
}

/**
 * A long job with progress and cancel, for Run buttons. With a `key` the job's state lives outside
 * the component: leaving the section does not lose a running job's progress (or its error), and
 * coming back shows it again; without one it belongs to the component.
 */
export function useJob<K extends OpName>(op: K, key?: string) {
  const own = useRef<string>(`job:${Math.random().toString(36).slice(2)}`);
  const id = key ? `job:${key}` : own.current;
  const [state] = useSticky<JobState>(id, IDLE);
  useEffect(() => (key ? undefined : () => stickyDelete(id)), [id, key]);
  const run = useCallback(
    async (input: OpInput<K>, opts: CallOptions = {}): Promise<OpOutput<K> | null> => {
      stickyGet<JobState>(id)?.ctrl?.abort();
      const ctrl = new AbortController();
      const patch = (p: Partial<JobState>) => {
        const cur = stickyGet<JobState>(id) ?? IDLE;
        if (cur.ctrl === ctrl) stickySet(id, { ...cur, ...p });
      };
      stickySet(id, { ...IDLE, running: true, ctrl });
      const onProgress = (p: any) => {
        const cur = stickyGet<JobState>(id);
        if (typeof p?.runId === 'number' && cur?.ctrl === ctrl && cur.runId !== p.runId) {
          // One entry per job key: this job's earlier run is no longer written by it.
          const others = Object.entries(runJobs()).filter(([, k]) => k !== id);
          stickySet(RUN_JOBS, { ...Object.fromEntries(others), [p.runId]: id });
          patch({ runId: p.runId });
        }
        patch({ progress: p });
        opts.onProgress?.(p);
      };
      try {
        return await call(op, input, { signal: ctrl.signal, onProgress });
      } catch (e) {
        patch({ error: e instanceof CallError ? e : new CallError('internal', String((e as Error)?.message ?? e)) });
        return null;
      } finally {
        patch({ running: false, cancelling: false, ctrl: null });
      }
    },
    [op, id],
  );
  const cancel = useCallback(() => cancelJob(id), [id]);
  return { run, cancel, running: state.running, cancelling: state.cancelling, progress: state.progress, error: state.error };
}

/**
 * The job in this window that is writing stored run `runId` (started from Simulate or Monte Carlo),
 * with its live progress and cancel; null when no job here writes it (e.g. the CLI started it) or
 * `runId` is null. `running` turns false when the job has ended (the run is stored by then).
 */
export function useRunJob(runId: number | null): { running: boolean; cancelling: boolean; progress: any; cancel: () => void } | null {
  const [byRun] = useSticky<Record<number, string>>(RUN_JOBS, {});
  const key = runId !== null ? byRun[runId] : undefined;
  const [state] = useSticky<JobState>(key ?? 'job:none', IDLE);
  const cancel = useCallback(() => key && cancelJob(key), [key]);
  if (!key || state.runId !== runId) return null;
  return { running: state.running, cancelling: state.cancelling, progress: state.progress, cancel };
}

export { call, CallError };
