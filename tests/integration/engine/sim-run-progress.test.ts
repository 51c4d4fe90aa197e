import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/api';
import { SimRunProgress } from '../../../src-shared/api/sim';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { tmpDir } from '../../helpers/tmp';

let app: AppContext;
let tmp: ReturnType<typeof tmpDir>;
beforeAll(() => {
  tmp = tmpDir('wb-simprogress-');
  app = createContext({ dataDir: tmp.dir });
});
afterAll(() => {
  app.close();
  tmp.cleanup();
});

// Analysis follows a running run by the job that writes it: every sim.run progress event names the
// stored run, and the first one goes out before any member run has finished.
describe('sim.run progress names the stored run', () => {
  it('Monte Carlo: the first event (0 of N) already carries runId, and so does every later one', async () => {
    const events: any[] = [];
    let statusAtFirst: string | null = null;
    const out = (await invoke(app, 'sim.run', { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 10 }, runs: 4, workers: 1 }, {
      onProgress: (e) => {
        if (!events.length) statusAtFirst = app.runs.get((e as { runId: number }).runId)?.status ?? null;
        events.push(e);
      },
    })) as { runId: number };
    expect(events[0]).toMatchObject({ phase: 'runs', done: 0, total: 4, runId: out.runId });
    expect(statusAtFirst).toBe('running');
    expect(events.every((e) => e.runId === out.runId)).toBe(true);
    expect(events.every((e) => SimRunProgress.safeParse(e).success)).toBe(true);
  });

  it('a single run names it too; with save: false runId is null', async () => {
    const one: any[] = [];
    const out = (await invoke(app, 'sim.run', { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 10 } }, { onProgress: (e) => one.push(e) })) as { runId: number };
    expect(one[0]).toMatchObject({ phase: 'simulating', done: 0, total: 10, runId: out.runId, message: 'Week 0 of 10' });
    expect(one.at(-1)).toMatchObject({ phase: 'simulating', done: 10, total: 10, etaMs: 0, message: 'Week 10 of 10' });
    const unsaved: any[] = [];
    await invoke(app, 'sim.run', { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 10 }, save: false }, { onProgress: (e) => unsaved.push(e) });
    expect(unsaved.length).toBeGreaterThan(0);
    expect(unsaved.every((e) => e.runId === null)).toBe(true);
  });
});

// A single run of a million members takes seconds: it reports the weeks simulated as it goes
// (the worker posts about every 100 ms), with an ETA, and Cancel stops it there.
describe('a long single run reports its weeks and can be cancelled', () => {
  const big = { NUM_MEMBERS: 300_000, SIMULATION_WEEKS: 60 };

  it('progress: weeks rise from 0 to the last week, with messages and an ETA in between', async () => {
    const ev: { done: number; total: number; etaMs?: number | null; message?: string }[] = [];
    await invoke(app, 'sim.run', { params: big, save: false }, { onProgress: (e) => ev.push(e as never) });
    const mid = ev.filter((e) => e.done > 0 && e.done < 60);
    expect(mid.length).toBeGreaterThanOrEqual(2);
    expect(ev.every((e) => e.total === 60)).toBe(true);
    expect(ev.map((e) => e.done)).toEqual([...ev.map((e) => e.done)].sort((a, b) => a - b));
    expect(mid[0].message).toBe(`Week ${mid[0].done} of 60`);
    expect(mid.every((e) => typeof e.etaMs === 'number' && e.etaMs > 0)).toBe(true);
    expect(ev.at(-1)).toMatchObject({ done: 60, total: 60 });
  }, 60_000);

  it('cancel after the first weeks: the job stops promptly and the run is stored as cancelled', async () => {
    const ac = new AbortController();
    let runId = 0;
    let abortedAt = 0;
    const job = invoke(app, 'sim.run', { params: big }, {
      signal: ac.signal,
      onProgress: (e) => {
        const p = e as { runId: number; done: number };
        runId = p.runId;
        if (p.done > 0 && !abortedAt) {
          abortedAt = performance.now();
          ac.abort();
        }
      },
    });
    const err = (await job.catch((e) => e)) as ApiError;
    const stopMs = performance.now() - abortedAt;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('cancelled');
    expect(stopMs).toBeLessThan(1000);
    expect(app.runs.get(runId).status).toBe('cancelled');
  }, 60_000);
});

// Analysis polls runs.get while a run started elsewhere is 'running'. If that process was killed,
// the run must not stay 'running' for as long as this app lives (the poll would never end).
describe('runs.get settles runs of dead processes', () => {
  it('a run owned by a process that has exited reads as interrupted; one owned by a live process stays running', async () => {
    const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
    const base = { kind: 'montecarlo' as const, model: 'reference', params: {}, seed: 1, runs: 10, members: 20, weeks: 10, appVersion: 't' };
    const dead = app.runs.create({ ...base, name: 'killed CLI run', ownerPid: deadPid });
    const live = app.runs.create({ ...base, name: 'running in serve', ownerPid: process.ppid });
    expect(((await invoke(app, 'runs.get', { id: dead })) as { status: string }).status).toBe('interrupted');
    expect(((await invoke(app, 'runs.get', { id: live })) as { status: string }).status).toBe('running');
  });
});

// A view that did not start a run (a reloaded page, another window) can still stop it; a running
// run cannot be deleted from under its job.
describe('runs.cancel and runs.delete of a running run', () => {
  it('this process’s job: delete is refused, cancel stops it and keeps the finished runs; then delete works', async () => {
    let runId = 0;
    let refused: unknown = null;
    let cancelled: unknown = null;
    let asked = false;
    const job = invoke(app, 'sim.run', { params: { NUM_MEMBERS: 200, SIMULATION_WEEKS: 200 }, runs: 400, workers: 1 }, {
      onProgress: (e) => {
        const p = e as { runId: number; done: number };
        runId = p.runId;
        if (p.done >= 24 && !asked) {
          asked = true;
          // Not from the job's own signal: as a view opened later would.
          void invoke(app, 'runs.delete', { id: runId }).catch((err) => (refused = err));
          void invoke(app, 'runs.cancel', { id: runId }).then((r) => (cancelled = r));
        }
      },
    }) as Promise<{ runId: number; status: string; doc: { completedRuns: number } }>;
    const out = await job;
    expect(out.status).toBe('cancelled');
    expect(out.doc.completedRuns).toBeGreaterThanOrEqual(1);
    expect(out.doc.completedRuns).toBeLessThan(400);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('conflict');
    expect((refused as ApiError).message).toBe(`run ${runId} is still running; cancel it first, then delete it`);
    expect(cancelled).toEqual({ id: runId, cancelled: true });
    expect(app.runs.get(runId).status).toBe('cancelled');
    expect(await invoke(app, 'runs.cancel', { id: runId })).toEqual({ id: runId, cancelled: false });
    expect(await invoke(app, 'runs.delete', { id: runId })).toEqual({ deleted: true });
  }, 60_000);

  it('a run computed by another live process: cancel says where to stop it, delete is refused', async () => {
    const base = { kind: 'montecarlo' as const, model: 'reference', params: {}, seed: 1, runs: 10, members: 20, weeks: 10, appVersion: 't' };
    const id = app.runs.create({ ...base, name: 'CLI run', ownerPid: process.ppid });
    const c = (await invoke(app, 'runs.cancel', { id }).catch((e) => e)) as ApiError;
    expect(c).toBeInstanceOf(ApiError);
    expect(c.message).toBe(`run ${id} is being computed by another process (e.g. the CLI); stop it there (Ctrl+C in its terminal)`);
    const d = (await invoke(app, 'runs.delete', { id }).catch((e) => e)) as ApiError;
    expect(d.code).toBe('conflict');
    expect(app.runs.get(id).status).toBe('running');
  });
});
