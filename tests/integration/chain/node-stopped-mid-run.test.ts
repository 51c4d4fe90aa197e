// The Chain view's Stop node (chain.down) while a --chain hardhat run mirrors its weeks into that node:
// the run failed with "chain: the node failed during the run: fetch failed", which named neither the
// node nor what to do. It must say the node stopped answering, how far the run got, and the two ways on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/api';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { chainDown, chainUp } from '../../../src-main/chain/service';
import { tmpDir } from '../../helpers/tmp';

let app: AppContext;
let tmp: ReturnType<typeof tmpDir>;
beforeAll(() => {
  tmp = tmpDir('wb-chainstop-');
  app = createContext({ dataDir: tmp.dir });
});
afterAll(async () => {
  await chainDown(tmp.dir).catch(() => undefined);
  app.close();
  tmp.cleanup();
});

describe('stopping the Hardhat node while a run uses it', () => {
  it('chain.status names the run mirroring into the node while it does, and no run after', async () => {
    await invoke(app, 'chain.up', {});
    const seen: (number | null)[][] = [];
    let asked: Promise<void> | undefined;
    let runId = 0;
    await invoke(app, 'sim.run', { params: { NUM_MEMBERS: 10, SIMULATION_WEEKS: 40 }, chain: 'hardhat' }, {
      onProgress: (e) => {
        const p = e as { runId: number; phase: string; done: number };
        runId = p.runId;
        if (p.phase.startsWith('chain (') && p.done >= 2 && !asked) asked = (invoke(app, 'chain.status', {}) as Promise<any>).then((s) => void seen.push(s.node.inUseBy));
      },
    });
    await asked;
    expect(runId).toBeGreaterThan(0);
    expect(seen).toEqual([[runId]]);
    expect(((await invoke(app, 'chain.status', {})) as any).node.inUseBy).toEqual([]);
  }, 120_000);

  it('fails the run with a message naming the node, the weeks mirrored and what to do', async () => {
    const up = (await invoke(app, 'chain.up', {})) as { rpcUrl: string };
    let stopping: Promise<unknown> | undefined;
    let runId = 0;
    const outcome = await invoke(app, 'sim.run', { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 200 }, chain: 'hardhat' }, {
      onProgress: (e) => {
        const p = e as { runId: number; phase: string; done: number };
        runId = p.runId;
        // The user presses Stop node in the Chain view once a few weeks are on the chain.
        if (p.phase.startsWith('chain (') && p.done >= 3 && !stopping) stopping = invoke(app, 'chain.down', {});
      },
    }).then(
      () => 'finished' as const,
      (e: unknown) => e,
    );
    await stopping;
    expect(outcome).toBeInstanceOf(ApiError);
    const err = outcome as ApiError;
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(
      new RegExp(`^chain: the Hardhat node at ${up.rpcUrl.replace(/[.]/g, '\\.')} stopped answering during the run after \\d+ of 200 weeks were mirrored \\(it was stopped, or it crashed: `),
    );
    expect(err.message).toContain('Start it again (Chain view → Start node, or workbench chain up) and run again, or set Contracts to model (--chain model)');
    expect(app.runs.get(runId).status).toBe('failed');
  }, 120_000);
});
