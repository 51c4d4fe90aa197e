// The Monte Carlo bands' bin edges, shared between the main thread and the workers. They are
// fixed once the first EXACT_RUNS runs are merged; a chunk dispatched before that (its worker
// need not idle meanwhile) reads them when it finishes simulating, instead of sending its values
// exactly for the main thread to bin: binning there cost the main thread, which shares the cores
// with the workers, more than any other part of a Monte Carlo job (measured). The same edges
// give the same bins wherever they are applied, so the aggregate's bits do not change.
//
// Layout: Int32 state at byte 0 (0 = not yet, 1 = fixed), then lo[cells] and invWidth[cells].

import type { BandEdges } from '../../src-shared/engine';

const HEADER = 8;

export function sharedEdgesBuffer(bandCells: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER + 16 * bandCells);
}

/** Main thread: publishes the edges (once) and wakes any worker waiting for them. */
export function publishEdges(buf: SharedArrayBuffer, edges: BandEdges): void {
  const cells = edges.lo.length;
  if (buf.byteLength !== HEADER + 16 * cells) throw new RangeError(`shared edges buffer holds ${(buf.byteLength - HEADER) / 16} cells, edges have ${cells}`);
  new Float64Array(buf, HEADER, cells).set(edges.lo);
  new Float64Array(buf, HEADER + 8 * cells, cells).set(edges.invWidth);
  const state = new Int32Array(buf, 0, 1);
  Atomics.store(state, 0, 1); // after the plain writes: a reader that sees 1 sees them too
  Atomics.notify(state, 0);
}

/**
 * Worker: the edges once published, waiting up to `waitMs` for them (Atomics.wait: workers may
 * block); null if they are still not fixed then (the chunk then goes exact, binned at the merge).
 */
export function readEdges(buf: SharedArrayBuffer, waitMs: number): BandEdges | null {
  const state = new Int32Array(buf, 0, 1);
  if (Atomics.load(state, 0) !== 1 && waitMs > 0) Atomics.wait(state, 0, 0, waitMs);
  if (Atomics.load(state, 0) !== 1) return null;
  const cells = (buf.byteLength - HEADER) / 16;
  return { lo: new Float64Array(buf, HEADER, cells), invWidth: new Float64Array(buf, HEADER + 8 * cells, cells) };
}
