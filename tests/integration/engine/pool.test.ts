import { afterAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES, MonteCarloAggregator, column, parseParams, runSimulation } from '../../../src-shared/engine';
import { EnginePool, runBatch, runFinals, runMonteCarlo } from '../../../src-main/engine';

const same = (a: Float64Array, b: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('engine worker pool', () => {
  const pools: EnginePool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.terminate()));
  });

  it('Monte Carlo aggregate is bit-identical with 1 and 2 workers', async () => {
    const opts = { params: { NUM_MEMBERS: 40, SIMULATION_WEEKS: 30 }, seed: 77, runs: 40 };
    const a = await runMonteCarlo({ ...opts, workers: 1 });
    const b = await runMonteCarlo({ ...opts, workers: 2 });
    expect(a.status).toBe('done');
    expect(a.completedRuns).toHaveLength(40);
    for (const key of ['mean', 'sd', 'p5', 'p50', 'p95'] as const) {
      a.aggregate[key].forEach((c, k) => expect(same(c, b.aggregate[key][k]), `${key} ${METRIC_NAMES[k]}`).toBe(true));
    }
    expect(a.aggregate.final).toEqual(b.aggregate.final);
  });

  it('past the exact runs (binned chunks, recycled partial buffers) 1 and 2 workers still match the in-process aggregate', async () => {
    const params = { NUM_MEMBERS: 10, SIMULATION_WEEKS: 20 };
    const runs = 300;
    const local = new MonteCarloAggregator(20, 10, runs);
    for (let i = 0; i < runs; i++) local.add(runSimulation(params, { seed: 5, runIndex: i }).metrics, i);
    const want = local.result();
    for (const workers of [1, 2]) {
      const got = (await runMonteCarlo({ params, seed: 5, runs, workers })).aggregate;
      for (const key of ['mean', 'sd', 'p5', 'p50', 'p95'] as const) {
        want[key].forEach((c, k) => expect(same(c, got[key][k]), `${workers} workers ${key} ${METRIC_NAMES[k]}`).toBe(true));
      }
      expect(got.final).toEqual(want.final);
    }
  });

  it('tasks started in the same tick spread over the workers (no worker idles while another has a queue)', async () => {
    const pool = new EnginePool({ workers: 2 });
    pools.push(pool);
    await pool.warmUp();
    const params = parseParams({ NUM_MEMBERS: 300, SIMULATION_WEEKS: 60 });
    const all = Promise.all([0, 1, 2, 3].map((i) => pool.run({ params, seed: 1, runIndex: i, detail: 'final' })));
    await new Promise((r) => setImmediate(r)); // every task posted
    expect(pool.load).toEqual([2, 2]);
    await all;
    expect(pool.load).toEqual([0, 0]);
    // A Monte Carlo job's lanes start together too: both workers get chunks from the start.
    const seen = new Set<number>();
    const job = runMonteCarlo({ params: { NUM_MEMBERS: 300, SIMULATION_WEEKS: 60 }, seed: 2, runs: 40, pool });
    await new Promise((r) => setImmediate(r));
    pool.load.forEach((l, w) => l > 0 && seen.add(w));
    await job;
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('any run can be recomputed exactly from its seed and index', async () => {
    const outs = new Map<number, Float64Array[]>();
    await runMonteCarlo({
      params: { NUM_MEMBERS: 25, SIMULATION_WEEKS: 20 }, model: 'nextjs', seed: 5, runs: 12, workers: 2, runMetrics: true,
      onRunDone: (i, _s, out) => outs.set(i, out.metrics!),
    });
    for (const i of [0, 7, 11]) {
      const local = runSimulation({ NUM_MEMBERS: 25, SIMULATION_WEEKS: 20 }, { seed: 5, runIndex: i, model: 'nextjs' });
      local.metrics.forEach((c, k) => expect(same(c, outs.get(i)![k])).toBe(true));
    }
  });

  it('cancel stops within 200 ms and keeps the finished runs', async () => {
    const pool = new EnginePool({ workers: 2 });
    pools.push(pool);
    await pool.warmUp();
    const ac = new AbortController();
    const finished: number[] = [];
    const progress: number[] = [];
    let abortedAt = 0;
    const p = runMonteCarlo({
      params: { NUM_MEMBERS: 2000, SIMULATION_WEEKS: 100 }, seed: 1, runs: 500, pool, signal: ac.signal,
      onRunDone: (i) => {
        finished.push(i);
        if (finished.length === 3) {
          abortedAt = performance.now();
          ac.abort();
        }
      },
      onProgress: (x) => progress.push(x.done),
    });
    const r = await p;
    const stopMs = performance.now() - abortedAt;
    expect(r.status).toBe('cancelled');
    expect(stopMs).toBeLessThan(200);
    expect(r.completedRuns.length).toBeGreaterThanOrEqual(3);
    expect(r.completedRuns.length).toBeLessThan(500);
    expect(r.aggregate.runs).toBe(r.completedRuns.length);
    expect(progress[0]).toBe(1);
    // The kept runs are exact.
    const i = r.completedRuns[0];
    const local = runSimulation({ NUM_MEMBERS: 2000, SIMULATION_WEEKS: 100 }, { seed: 1, runIndex: i });
    expect(r.aggregate.final.TotalWealth_B.n).toBe(r.completedRuns.length);
    expect(Number.isFinite(column(local, 'TotalWealth_B')[100])).toBe(true);
    // The pool works again after a cancel.
    const again = await runBatch([{ params: { NUM_MEMBERS: 5, SIMULATION_WEEKS: 3 }, seed: 1, runIndex: 0, detail: 'full' }], { pool });
    expect(again.results[0]!.finalMembers!.wealthA.length).toBe(5);
  });

  it('a throwing onRunDone or onProgress rejects the job promptly and stops the workers', async () => {
    const t0 = performance.now();
    let calls = 0;
    await expect(runMonteCarlo({
      params: { NUM_MEMBERS: 50, SIMULATION_WEEKS: 52 }, seed: 2, runs: 3000, workers: 2,
      onRunDone: (i) => {
        calls++;
        if (i === 70) throw new Error('store refused run 70');
      },
    })).rejects.toThrow(/store refused run 70/);
    expect(calls).toBe(71);
    expect(performance.now() - t0).toBeLessThan(15_000);
    await expect(runMonteCarlo({
      params: { NUM_MEMBERS: 50, SIMULATION_WEEKS: 52 }, seed: 2, runs: 200, workers: 1,
      onProgress: () => {
        throw new Error('window closed');
      },
    })).rejects.toThrow(/window closed/);
  });

  it('bench baseline: spin runs plain simulations on each worker at once; bad parameters reject', async () => {
    const pool = new EnginePool({ workers: 2 });
    pools.push(pool);
    const params = parseParams({ NUM_MEMBERS: 20, SIMULATION_WEEKS: 10 });
    const ms = await pool.spin({ params, seed: 1, count: 30 }, 2);
    expect(ms).toHaveLength(2);
    for (const t of ms) expect(t).toBeGreaterThan(0);
    expect(await pool.spin({ params, seed: 1, count: 5 }, 1)).toHaveLength(1);
    await expect(pool.spin({ params: { ...params, NUM_MEMBERS: 0 }, seed: 1, count: 1 }, 1)).rejects.toThrow(/NUM_MEMBERS/);
    // The pool still works afterwards.
    expect((await pool.run({ params, seed: 1, runIndex: 0, detail: 'final' })).final.Week).toBe(10);
  });

  it('a failing run rejects with its index; finals for sweeps', async () => {
    await expect(runBatch([{ params: { NUM_MEMBERS: 0 }, seed: 1, runIndex: 3 }], { workers: 1 })).rejects.toThrow(/run 3 failed: .*NUM_MEMBERS/);
    const f = await runFinals([{ params: {}, seed: 1, runIndex: 0 }, { params: { WEEKLY_COOP_FEE_B: 0 }, seed: 1, runIndex: 0 }], { workers: 2 });
    expect(f.finals[1]!.WealthDifference).toBeGreaterThan(f.finals[0]!.WealthDifference);
  });
});
