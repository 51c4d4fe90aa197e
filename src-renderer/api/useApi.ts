import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpInput, OpName, OpOutput } from '../../src-shared/api';
import { call, CallError, type CallOptions } from './client';

/** The one hook over either transport: `const { data, error, loading, reload } = useApi('runs.list', {})`. */
export function useApi<K extends OpName>(op: K, input: OpInput<K>, deps: unknown[] = []) {
  const [data, setData] = useState<OpOutput<K> | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const [loading, setLoading] = useState(true);
  const inputRef = useRef(input);
  inputRef.current = input;
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await call(op, inputRef.current));
      setError(null);
    } catch (e) {
      setError(e instanceof CallError ? e : new CallError('internal', String((e as Error)?.message ?? e)));
    } finally {
      setLoading(false);
    }
  }, [op, ...deps]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

/** A long job with progress and cancel, for Run buttons. */
export function useJob<K extends OpName>(op: K) {
  const [progress, setProgress] = useState<any>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  const ac = useRef<AbortController | null>(null);
  const run = useCallback(
    async (input: OpInput<K>, opts: CallOptions = {}): Promise<OpOutput<K> | null> => {
      ac.current?.abort();
      const ctrl = new AbortController();
      ac.current = ctrl;
      setRunning(true);
      setError(null);
      setProgress(null);
      try {
        return await call(op, input, { signal: ctrl.signal, onProgress: (p) => { setProgress(p); opts.onProgress?.(p); } });
      } catch (e) {
        setError(e instanceof CallError ? e : new CallError('internal', String((e as Error)?.message ?? e)));
        return null;
      } finally {
        if (ac.current === ctrl) ac.current = null;
        setRunning(false);
      }
    },
    [op],
  );
  const cancel = useCallback(() => ac.current?.abort(), []);
  return { run, cancel, running, progress, error };
}

export { call, CallError };
