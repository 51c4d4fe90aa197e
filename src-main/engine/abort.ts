/** What listenForAbort gives: `aborted` resolves once the signal aborts; dispose() stops listening. */
export interface AbortListener {
  aborted: Promise<void>;
  dispose(): void;
}

/**
 * `aborted` resolves when `signal` aborts: at once if it already has, never if there is none.
 * `onAbort` runs, before the promise resolves, when the abort comes after this call (a signal that
 * is already aborted is the caller's to read from `signal.aborted`). dispose() removes the listener,
 * so that a signal that outlives the work (a job's) does not keep the work's closures.
 */
export function listenForAbort(signal: AbortSignal | undefined, onAbort: () => void = () => {}): AbortListener {
  let dispose = () => {};
  const aborted = new Promise<void>((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve();
    const listener = () => {
      onAbort();
      resolve();
    };
    signal.addEventListener('abort', listener, { once: true });
    dispose = () => signal.removeEventListener('abort', listener);
  });
  return { aborted, dispose };
}
