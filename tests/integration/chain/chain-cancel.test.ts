// Cancel during the contract mirror of `sim.run` (--chain model|hardhat), as the UI's Cancel or
// runs.cancel does it: from outside the job, while the mirror is running. The job must stop promptly,
// reject with 'cancelled', and leave the stored run 'cancelled' (not 'running', 'failed' or 'done').
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/api';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { chainDown, chainUp } from '../../../src-main/chain/service';
import { tmpDir } from '../../helpers/tmp';

let app: AppContext;
let tmp: ReturnType<typeof tmpDir>;
beforeAll(() => {
  tmp = tmpDir('wb-chaincancel-');
  app = createContext({ dataDir: tmp.dir });
});
afterAll(async () => {
  await chainDown(tmp.dir).catch(() => undefined);
  app.close();
  tmp.cleanup();
});

/** Start sim.run with a chain mode; once the mirror reports its first week, cancel from a timer (another event). */
async function cancelDuringMirror(chain: 'model' | 'hardhat', params: Record<string, number>) {
  let runId = 0;
  let abortedAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ac = new AbortController();
  const job = invoke(app, 'sim.run', { params, chain }, {
    signal: ac.signal,
    onProgress: (e) => {
      const p = e as { runId: number; phase: string; done: number };
      runId = p.runId;
      if (p.phase.startsWith('chain (') && p.done >= 1 && !timer) {
        timer = setTimeout(() => {
          abortedAt = performance.now();
          ac.abort();
        }, 0);
      }
    },
  });
  const outcome = await job.then(
    () => 'finished' as const,
    (e: unknown) => e,
  );
  return { outcome, stopMs: abortedAt ? performance.now() - abortedAt : Infinity, runId };
}

/** The job ended 'cancelled' within `maxMs` of the abort, and the stored run says cancelled. */
function expectCancelled({ outcome, stopMs, runId }: Awaited<ReturnType<typeof cancelDuringMirror>>, maxMs: number): void {
  expect(outcome).toBeInstanceOf(ApiError);
  expect((outcome as ApiError).code).toBe('cancelled');
  expect(stopMs).toBeLessThan(maxMs);
  expect(app.runs.get(runId).status).toBe('cancelled');
}

describe('cancelling a run while its contracts are mirrored', () => {
  it('model mode: the mirror yields, stops promptly, and the run is stored as cancelled', async () => {
    expectCancelled(await cancelDuringMirror('model', { NUM_MEMBERS: 1000, SIMULATION_WEEKS: 300 }), 2000);
  }, 120_000);

  it('hardhat mode: stops promptly and the run is stored as cancelled (not left running)', async () => {
    await chainUp(tmp.dir, { persistent: false });
    expectCancelled(await cancelDuringMirror('hardhat', { NUM_MEMBERS: 20, SIMULATION_WEEKS: 200 }), 5000);
  }, 120_000);
});
