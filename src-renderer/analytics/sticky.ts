import { useCallback, useRef, useSyncExternalStore } from 'react';

/**
 * View state that outlives the view: a form's fields or a finished result stay put when the user
 * switches sections or tabs and comes back (the section unmounts, this store does not). Kept in
 * memory for the session; a reload starts fresh. Setters work after unmount, so a job that
 * finishes while the user is elsewhere still lands its result here.
 */
const values = new Map<string, unknown>();
const listeners = new Map<string, Set<() => void>>();

function notify(key: string): void {
  listeners.get(key)?.forEach((f) => f());
}

export function stickySet<T>(key: string, next: T): void {
  if (values.has(key) && Object.is(values.get(key), next)) return;
  values.set(key, next);
  notify(key);
}

/** Forgets a key (a component-owned value, on unmount). */
export function stickyDelete(key: string): void {
  values.delete(key);
  listeners.delete(key);
}

export function stickyGet<T>(key: string): T | undefined {
  return values.get(key) as T | undefined;
}

/** Like useState, keyed: the same key gives the same value in every component and after remounts. */
export function useSticky<T>(key: string, initial: T | (() => T)): [T, (next: T | ((prev: T) => T)) => void] {
  // The initial value, resolved once per component: also what a deleted key reads as.
  const first = useRef<{ value: T } | null>(null);
  first.current ??= { value: typeof initial === 'function' ? (initial as () => T)() : initial };
  if (!values.has(key)) values.set(key, first.current.value);
  const subscribe = useCallback((f: () => void) => {
    let set = listeners.get(key);
    if (!set) listeners.set(key, (set = new Set()));
    set.add(f);
    return () => {
      set!.delete(f);
    };
  }, [key]);
  const value = useSyncExternalStore(subscribe, () => (values.has(key) ? (values.get(key) as T) : first.current!.value));
  const set = useCallback((next: T | ((prev: T) => T)) => {
    const prev = values.get(key) as T;
    stickySet(key, typeof next === 'function' ? (next as (p: T) => T)(prev) : next);
  }, [key]);
  return [value, set];
}

const SESSION_PREFIX = 'pmoves.sticky.';

/**
 * useSticky for a form field the user typed, kept in sessionStorage as well, so a reload keeps it
 * as it keeps the parameter edits beside it (paramStore). Simulate's seed and runs went back to the
 * defaults on a reload while the parameters they run with stayed edited. Results stay memory-only.
 */
export function useSessionSticky<T>(key: string, initial: T): [T, (next: T | ((prev: T) => T)) => void] {
  const [value, set] = useSticky<T>(key, () => {
    try {
      const s = sessionStorage.getItem(SESSION_PREFIX + key);
      if (s !== null) return JSON.parse(s) as T;
    } catch {
      /* no storage, or not JSON: the default */
    }
    return initial;
  });
  const setKept = useCallback(
    (next: T | ((prev: T) => T)) => {
      set(next);
      try {
        sessionStorage.setItem(SESSION_PREFIX + key, JSON.stringify(stickyGet<T>(key) ?? null));
      } catch {
        /* storage full or blocked: memory only */
      }
    },
    [key, set],
  );
  return [value, setKept];
}
