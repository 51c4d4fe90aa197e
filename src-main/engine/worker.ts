// Worker thread: runs simulations on request and sends results back, transferring the typed
// arrays (no copy, no JSON).
import { parentPort } from 'node:worker_threads';
import { finalMetrics, runSimulation } from '../../src-shared/engine';
import type { RunOutput, WorkerRequest, WorkerResponse } from './protocol';

const port = parentPort;
if (!port) throw new Error('engine worker must run in a worker thread');

port.on('message', (req: WorkerRequest) => {
  const t0 = performance.now();
  try {
    const r = runSimulation(req.params, { seed: req.seed, runIndex: req.runIndex, model: req.model, shock: req.shock, sort: req.sort });
    const detail = req.detail ?? 'metrics';
    const out: RunOutput = {
      runIndex: r.runIndex, seed: r.seed, model: r.model, members: r.members, weeks: r.weeks, params: r.params,
      final: finalMetrics(r), ms: 0,
    };
    const transfer: ArrayBuffer[] = [];
    if (detail !== 'final') {
      out.metrics = r.metrics;
      for (const c of r.metrics) if (!transfer.includes(c.buffer as ArrayBuffer)) transfer.push(c.buffer as ArrayBuffer); // columns share one buffer
    }
    if (detail === 'full') {
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
