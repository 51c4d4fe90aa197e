// Contract-in-the-loop for `sim.run` / `simulate --chain model|hardhat`: re-runs the (deterministic) engine
// in-process with the onWeek hook to collect each week's member view, then drives the chosen adapter week by week
// and derives the on-chain metrics from the event log. The chain mirrors the run; nothing feeds back into the
// engine, so the stored engine results are the same as with --chain off.
import { ApiError } from '../../src-shared/api';
import { runSimulation, type ModelId, type SimParams } from '../../src-shared/engine';
import {
  MODEL_ADDRESSES,
  ModelChainAdapter,
  WeekViewCollector,
  buildChainRunDoc,
  driveAdapter,
  manifestAddresses,
  memberAddresses,
  type ChainRunDoc,
  type CollectedWeeks,
} from '../../src-shared/chain';
import { HardhatChainAdapter } from '../chain/hardhat-adapter';
import { rpc } from '../chain/node-manager';
import { ChainUnavailable, deploymentForRun } from '../chain/service';
import { holdChainNode } from '../chain/inUse';

import { CHAIN_MAX_MEMBERS, CHAIN_MAX_MEMBER_WEEKS } from '../../src-shared/sim/chainLimits';

/** Contract-in-the-loop limits (the chain mirrors every member every week), shared with Simulate's form. */
export { CHAIN_MAX_MEMBERS, CHAIN_MAX_MEMBER_WEEKS };
export const MODEL_START_TIME = 1_700_000_000n;

export interface ChainMirrorInput {
  mode: 'model' | 'hardhat';
  /** hardhat mode, node not running or unusable: fail (default) or mirror on the model with a warning. */
  fallback?: 'fail' | 'model';
  params: SimParams;
  model: ModelId;
  seed: number;
  runs: number;
  dataDir: string;
  /** The stored run (null: not saved), named to the Chain view while it uses the node. */
  runId?: number | null;
  signal: AbortSignal;
  progress?: (p: { phase: string; done: number; total: number; etaMs?: number | null }) => void;
}

/** Checks made before the engine runs, so a bad request fails fast (errors name the field). */
export function checkChainInput(input: { chain: string; runs: number }, params: SimParams): void {
  if (input.chain === 'off') return;
  if (input.runs > 1) {
    throw new ApiError('invalid_input', `chain: contract-in-the-loop (--chain ${input.chain}) mirrors a single run; use runs = 1 (got ${input.runs})`, [
      { path: 'chain', message: 'needs runs = 1' },
    ]);
  }
  const mode = input.chain as 'model' | 'hardhat';
  if (params.NUM_MEMBERS > CHAIN_MAX_MEMBERS) {
    throw new ApiError('invalid_input', `chain: --chain ${mode} supports at most ${CHAIN_MAX_MEMBERS} members (NUM_MEMBERS is ${params.NUM_MEMBERS})`, [
      { path: 'params.NUM_MEMBERS', message: `≤ ${CHAIN_MAX_MEMBERS} with chain ${mode}` },
    ]);
  }
  const mw = params.NUM_MEMBERS * params.SIMULATION_WEEKS;
  if (mw > CHAIN_MAX_MEMBER_WEEKS[mode]) {
    throw new ApiError('invalid_input', `chain: --chain ${mode} supports at most ${CHAIN_MAX_MEMBER_WEEKS[mode]} member-weeks (${params.NUM_MEMBERS} × ${params.SIMULATION_WEEKS} = ${mw})`, [
      { path: 'chain', message: `members × weeks ≤ ${CHAIN_MAX_MEMBER_WEEKS[mode]}` },
    ]);
  }
}

/** Run the engine in-process (run index 0) and collect the per-week member views the chain mirrors. */
export function collectWeeks(params: SimParams, model: ModelId, seed: number): CollectedWeeks {
  const collector = new WeekViewCollector();
  const r = runSimulation(params, { seed, runIndex: 0, model, onWeek: collector.onWeek });
  return collector.finish(r.finalMembers.initialWealth);
}

export async function runChainMirror(input: ChainMirrorInput): Promise<ChainRunDoc> {
  const t0 = performance.now();
  input.progress?.({ phase: 'chain: collecting weeks', done: 0, total: 1, etaMs: null });
  const weeks = collectWeeks(input.params, input.model, input.seed);
  const members = memberAddresses(weeks.members);
  const progress = (done: number, total: number) => {
    const el = performance.now() - t0;
    input.progress?.({ phase: `chain (${input.mode})`, done, total, etaMs: done > 0 ? (el / done) * (total - done) : null });
  };
  const onModel = async (warning?: string): Promise<ChainRunDoc> => {
    const adapter = new ModelChainAdapter({ startTime: MODEL_START_TIME });
    const addresses = { ...MODEL_ADDRESSES };
    const r = await driveAdapter(adapter, weeks, { seed: input.seed, chainId: 31337, addresses, signal: input.signal, onWeek: progress }).catch((e: Error) => {
      throw e.name === 'AbortError' ? new ApiError('cancelled', 'chain mirror cancelled') : e;
    });
    const doc = buildChainRunDoc('model', adapter, weeks, r, { seed: input.seed, chainId: 31337, addresses, elapsedMs: performance.now() - t0 });
    return warning ? { ...doc, warning } : doc;
  };
  if (input.mode === 'model') return onModel();
  // Only a chain that cannot be used at all falls back: a node that fails mid-run still fails the
  // run, as half a mirror on each backend would be neither.
  const unusable = (message: string): Promise<ChainRunDoc> => {
    if (input.fallback !== 'model') throw new ApiError('unavailable', message);
    return onModel(`Hardhat was not usable, so the contracts were mirrored on the in-process model instead (chain fallback: model). Reason: ${message}`);
  };
  let dep;
  try {
    dep = await deploymentForRun(input.dataDir);
  } catch (e) {
    return unusable(e instanceof ChainUnavailable ? e.message : `chain: ${(e as Error).message}`);
  }
  let adapter: HardhatChainAdapter;
  try {
    adapter = await HardhatChainAdapter.connect({ rpcUrl: dep.state.rpcUrl, manifest: dep.manifest, members });
  } catch (e) {
    return unusable(`chain: ${(e as Error).message}`);
  }
  const addresses = manifestAddresses(dep.manifest);
  const blocks: number[] = [];
  let mirrored = { done: 0, total: 0 };
  const release = holdChainNode(input.dataDir, input.runId ?? null);
  try {
    const r = await driveAdapter(adapter, weeks, {
      seed: input.seed,
      chainId: dep.manifest.chainId,
      addresses,
      signal: input.signal,
      onWeek: (done, total) => {
        mirrored = { done, total };
        progress(done, total);
      },
      afterWeek: async () => {
        blocks.push(Number(await rpc<string>(dep.state.rpcUrl, 'eth_blockNumber')));
      },
    });
    return buildChainRunDoc('hardhat', adapter, weeks, r, {
      seed: input.seed,
      chainId: dep.manifest.chainId,
      addresses,
      elapsedMs: performance.now() - t0,
      rpcUrl: dep.state.rpcUrl,
      manifestPath: dep.path,
      blocks,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw new ApiError('cancelled', 'chain mirror cancelled');
    // A node stopped from the Chain view (or `chain down`, or crashed) mid-run surfaced as a bare
    // "the node failed during the run: fetch failed": say which node, how far the run got, and what to do.
    const alive = await rpc(dep.state.rpcUrl, 'eth_chainId', [], 1500).then(
      () => true,
      () => false,
    );
    if (!alive) {
      const where = mirrored.total ? ` after ${mirrored.done} of ${mirrored.total} weeks were mirrored` : '';
      throw new ApiError(
        'unavailable',
        `chain: the Hardhat node at ${dep.state.rpcUrl} stopped answering during the run${where} (it was stopped, or it crashed: ${(e as Error).message}). Start it again (Chain view → Start node, or workbench chain up) and run again, or set Contracts to model (--chain model) to mirror the contracts without a node.`,
      );
    }
    throw new ApiError('unavailable', `chain: the node failed during the run: ${(e as Error).message}`);
  } finally {
    release();
    await adapter.close();
  }
}
