import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(one[0]).toMatchObject({ phase: 'simulating', done: 0, total: 1, runId: out.runId });
    const unsaved: any[] = [];
    await invoke(app, 'sim.run', { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 10 }, save: false }, { onProgress: (e) => unsaved.push(e) });
    expect(unsaved.length).toBeGreaterThan(0);
    expect(unsaved.every((e) => e.runId === null)).toBe(true);
  });
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
