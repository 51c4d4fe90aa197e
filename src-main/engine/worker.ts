// Worker thread: runs simulations on request and sends results back, transferring the typed
// arrays (no copy, no JSON).
import { parentPort } from 'node:worker_threads';
import { ChunkAccumulator, EXACT_RUNS, METRIC_NAMES, finalMetrics, parseParams, partialBuffers, runSimulation } from '../../src-shared/engine';
import { runMonteCarlo as runProjectionMonteCarlo } from '../../src-shared/projections';
import type { ChunkTask, WireRunOutput, WorkerRequest, WorkerResponse } from './protocol';
import { readEdges } from './sharedEdges';

const port = parentPort;
if (!port) throw new Error('engine worker must run in a worker thread');

/** Progress messages at most this often: each one wakes the main thread, which shares the cores. */
const PROGRESS_MS = 100;

/** Metric buffers recycled between chunks when the runs' columns are not sent back. */
const spare: ArrayBuffer[] = [];
/** Partial buffers the main thread sent back after merging them (reused by the next partials). */
const sparePartials: ArrayBuffer[] = [];
const SPARE_PARTIALS = 4;

/** Simulates a chunk's runs in order, then aggregates them; progress after its first run and every PROGRESS_MS. */
function runChunk(req: ChunkTask & { id: number }): void {
  const t0 = performance.now();
  if (req.recycle && sparePartials.length < SPARE_PARTIALS) sparePartials.push(req.recycle);
  const bytes = METRIC_NAMES.length * (req.params.SIMULATION_WEEKS + 1) * 8;
  while (spare.length && spare[spare.length - 1].byteLength !== bytes) spare.pop(); // other weeks: drop
  const used: ArrayBuffer[] = [];
  // Past the exact runs the edges are usually fixed already; if not, they are read again below.
  const shared = req.first >= EXACT_RUNS ? req.edges : null;
  const acc = new ChunkAccumulator(req.params.SIMULATION_WEEKS, req.first, req.count, shared ? readEdges(shared) : null, sparePartials.pop());
  const params = parseParams(req.params); // once per chunk; each run then skips validation
  const flats: Float64Array[] | null = req.wantMetrics ? [] : null;
  let lastPost = t0;
  let unposted = 0;
  for (let i = 0; i < req.count; i++) {
    const runIndex = req.first + i;
    let r;
    try {
      const metricsBuffer = req.wantMetrics ? undefined : spare.pop();
      r = runSimulation(params, { seed: req.seed, runIndex, model: req.model, metricsBuffer });
      if (!req.wantMetrics) used.push(r.metrics[0].buffer as ArrayBuffer);
    } catch (e) {
      throw new Error(`run ${runIndex} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    acc.add(r.metrics);
    // Folded runs' buffers go straight back for the next runs, still in cache.
    if (!req.wantMetrics && acc.unfolded === 0) {
      spare.push(...used);
      used.length = 0;
    }
    flats?.push(new Float64Array(r.metrics[0].buffer as ArrayBuffer));
    unposted++;
    const now = performance.now();
    // The first run of a chunk is reported at once (the UI moves early), then every PROGRESS_MS.
    if ((i === 0 || now - lastPost >= PROGRESS_MS) && i + 1 < req.count) {
      port!.postMessage({ id: req.id, progress: unposted } satisfies WorkerResponse);
      lastPost = now;
      unposted = 0;
    }
  }
  if (shared && !acc.binned) {
    // Fixed while this chunk was simulated (usually): bin here. Not yet: it goes exact, and the
    // main thread bins it (waiting for the edges idled a worker for a few ms in small jobs).
    const edges = readEdges(shared);
    if (edges) acc.useEdges(edges);
  }
  const partial = acc.finish();
  spare.push(...used);
  const transfer = partialBuffers(partial);
  for (const f of flats ?? []) transfer.push(f.buffer as ArrayBuffer);
  const msg: WorkerResponse = { id: req.id, ok: true, chunk: { partial, flats, ms: performance.now() - t0, unposted } };
  port!.postMessage(msg, transfer);
}

port.on('message', (req: WorkerRequest) => {
  const t0 = performance.now();
  try {
    if (req.kind === 'chunk') {
      runChunk(req);
      return;
    }
    if (req.kind === 'projection') {
      const projection = runProjectionMonteCarlo(req.model, req.uncertainty, req.options, req.settings);
      port.postMessage({ id: req.id, ok: true, projection } satisfies WorkerResponse);
      return;
    }
    if (req.kind === 'spin') {
      const params = parseParams(req.params);
      const buf = new ArrayBuffer(METRIC_NAMES.length * (params.SIMULATION_WEEKS + 1) * 8);
      for (let i = 0; i < req.count; i++) runSimulation(params, { seed: req.seed, runIndex: i, metricsBuffer: buf });
      port.postMessage({ id: req.id, ok: true, spin: { ms: performance.now() - t0 } } satisfies WorkerResponse);
      return;
    }
    // Weeks done, at most every PROGRESS_MS (a long single run: 1,000,000 members take seconds).
    let lastPost = t0;
    const onProgress = req.progress
      ? (week: number) => {
          const now = performance.now();
          if (now - lastPost < PROGRESS_MS) return;
          lastPost = now;
          port.postMessage({ id: req.id, progress: week } satisfies WorkerResponse);
        }
      : undefined;
    const r = runSimulation(req.params, { seed: req.seed, runIndex: req.runIndex, model: req.model, shock: req.shock, sort: req.sort, onProgress });
    const detail = req.detail ?? 'metrics';
    const out: WireRunOutput = { runIndex: r.runIndex, seed: r.seed, model: r.model, members: r.members, weeks: r.weeks, ms: 0 };
    const transfer: ArrayBuffer[] = [];
    if (detail === 'final') out.final = finalMetrics(r);
    else {
      // The columns are views of one buffer: send it whole, the pool rebuilds the views.
      const buf = r.metrics[0].buffer as ArrayBuffer;
      out.flat = new Float64Array(buf);
      transfer.push(buf);
    }
    if (detail === 'full') {
      out.params = r.params;
      out.keyEvents = r.keyEvents;
      out.narrative = r.narrative;
      out.finalMembers = r.finalMembers;
      out.flows = r.flows;
      for (const a of Object.values(r.finalMembers)) if (!transfer.includes(a.buffer as ArrayBuffer)) transfer.push(a.buffer as ArrayBuffer);
    }
    out.ms = performance.now() - t0;
    const msg: WorkerResponse = { id: req.id, ok: true, out };
    port.postMessage(msg, transfer);
  } catch (e) {
    const msg: WorkerResponse = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    port.postMessage(msg);
  }
});
