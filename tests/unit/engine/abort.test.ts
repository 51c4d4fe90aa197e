import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { listenForAbort } from '../../../src-main/engine/abort';

/** 'resolved' if `p` has settled by the next macrotask, else 'pending'. */
const state = (p: Promise<void>) => Promise.race([p.then(() => 'resolved' as const), new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);

describe('listenForAbort (engine jobs: runBatch, runMonteCarlo)', () => {
  it('resolves when the signal aborts, calling onAbort once first', async () => {
    const ac = new AbortController();
    const calls: string[] = [];
    const l = listenForAbort(ac.signal, () => calls.push('onAbort'));
    void l.aborted.then(() => calls.push('resolved'));
    expect(await state(l.aborted)).toBe('pending');
    expect(calls).toEqual([]);
    ac.abort();
    expect(calls).toEqual(['onAbort']); // synchronously, as the abort event is dispatched
    expect(await state(l.aborted)).toBe('resolved');
    expect(calls).toEqual(['onAbort', 'resolved']);
    ac.abort();
    expect(calls).toEqual(['onAbort', 'resolved']);
  });

  it('resolves at once when the signal is already aborted, without listening or calling onAbort', async () => {
    const ac = new AbortController();
    ac.abort();
    let called = 0;
    const l = listenForAbort(ac.signal, () => called++);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    expect(await state(l.aborted)).toBe('resolved');
    expect(called).toBe(0);
    l.dispose();
  });

  it('dispose() removes its listener: a later abort neither calls onAbort nor resolves', async () => {
    const ac = new AbortController();
    let called = 0;
    const l = listenForAbort(ac.signal, () => called++);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    l.dispose();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    ac.abort();
    expect(called).toBe(0);
    expect(await state(l.aborted)).toBe('pending');
  });

  it('a job run many times on one long-lived signal leaves no listener behind', () => {
    const ac = new AbortController();
    for (let i = 0; i < 50; i++) listenForAbort(ac.signal, () => {}).dispose();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('without a signal it never resolves, and dispose() does nothing', async () => {
    let called = 0;
    const l = listenForAbort(undefined, () => called++);
    l.dispose();
    expect(await state(l.aborted)).toBe('pending');
    expect(called).toBe(0);
  });
});
