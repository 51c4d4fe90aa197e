// The Monte Carlo bands' bin edges, shared between the main thread and the workers. They are
// fixed once the first EXACT_RUNS runs are merged; a chunk dispatched before that (its worker
// need not idle meanwhile) reads them when it finishes simulating, instead of sending its values
// exactly for the main thread to bin: binning there cost the main thread, which shares the cores
// with the workers, more than any other part of a Monte Carlo job (measured). A chunk that
// finishes before the edges are fixed (a small one, in a job of few runs) does not wait for
// them: it goes exact, and the main thread bins its few values. The same edges give the same
// bins wherever they are applied, so the aggregate's bits do not change.
//
// Layout: Int32 state at byte 0 (0 = not yet, 1 = fixed), then lo[cells] and invWidth[cells].

import type { BandEdges } from '../../src-shared/engine';

const HEADER = 8;

export function sharedEdgesBuffer(bandCells: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER + 16 * bandCells);
}

/** Main thread: publishes the edges (once). */
export function publishEdges(buf: SharedArrayBuffer, edges: BandEdges): void {
  const cells = edges.lo.length;
  if (buf.byteLength !== HEADER + 16 * cells) throw new RangeError(`shared edges buffer holds ${(buf.byteLength - HEADER) / 16} cells, edges have ${cells}`);
  new Float64Array(buf, HEADER, cells).set(edges.lo);
  new Float64Array(buf, HEADER + 8 * cells, cells).set(edges.invWidth);
  Atomics.store(new Int32Array(buf, 0, 1), 0, 1); // after the plain writes: a reader that sees 1 sees them too
}

/** Worker: the edges if they are published by now, else null (the chunk then goes exact). */
export function readEdges(buf: SharedArrayBuffer): BandEdges | null {
  if (Atomics.load(new Int32Array(buf, 0, 1), 0) !== 1) return null;
  const cells = (buf.byteLength - HEADER) / 16;
  return { lo: new Float64Array(buf, HEADER, cells), invWidth: new Float64Array(buf, HEADER + 8 * cells, cells) };
}
