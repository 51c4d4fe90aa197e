// Public surface of the chain service for the CLI (`workbench chain up|deploy|status|down|test`) and the API.
import { join } from 'node:path';
import { HardhatNodeManager, type NodeManagerOptions } from './node-manager';
import { deployContracts, loadManifest } from './deploy';
import { HardhatChainAdapter } from './hardhat-adapter';
import { ModelChainAdapter, manifestAddresses, type ChainAdapter, type ChainMode } from '../../src-shared/chain';

export { HardhatNodeManager, LogRing, rpc, type NodeState, type NodeStatus, type NodeManagerOptions } from './node-manager';
export { deployContracts, loadManifest, writeManifest, manifestPath, abiOf, type DeployOptions } from './deploy';
export { HardhatChainAdapter, type HardhatAdapterOptions } from './hardhat-adapter';

export interface CreateAdapterOptions {
  mode: ChainMode;
  members: readonly string[];
  /** hardhat mode: the node's data dir (state file) and where manifests live. */
  node?: NodeManagerOptions;
  deploymentsDir?: string;
  /** hardhat mode: what to do when the node or manifest is unusable. */
  onChainError?: 'fail' | 'fallback-model';
  /** model mode (and fallback): the clock's week-0 start time. */
  startTime?: bigint;
}

/**
 * Build the adapter for a run. `off` gives null (the engine then touches no chain). In hardhat mode the node
 * recorded in the state file is used (started if needed) with the manifest for its chainId (deployed if missing).
 */
export async function createChainAdapter(opts: CreateAdapterOptions): Promise<{ adapter: ChainAdapter | null; warning?: string }> {
  if (opts.mode === 'off') return { adapter: null };
  if (opts.mode === 'model') return { adapter: new ModelChainAdapter({ startTime: opts.startTime ?? 1_700_000_000n }) };
  try {
    if (!opts.node) throw new Error('hardhat mode needs node options (dataDir)');
    const manager = new HardhatNodeManager(opts.node);
    const state = await manager.start();
    const dir = opts.deploymentsDir ?? join(manager.contractsDir, 'deployments');
    let manifest;
    try {
      manifest = loadManifest(dir, state.chainId);
    } catch {
      manifest = await deployContracts({ rpcUrl: state.rpcUrl, outDir: dir });
    }
    try {
      return { adapter: await HardhatChainAdapter.connect({ rpcUrl: state.rpcUrl, manifest, members: opts.members }) };
    } catch (err) {
      // A restarted node loses its contracts: redeploy once.
      if (!/has no code/.test((err as Error).message)) throw err;
      manifest = await deployContracts({ rpcUrl: state.rpcUrl, outDir: dir });
      return { adapter: await HardhatChainAdapter.connect({ rpcUrl: state.rpcUrl, manifest, members: opts.members }) };
    }
  } catch (err) {
    if (opts.onChainError !== 'fallback-model') throw err;
    const warning = `chain unavailable (${(err as Error).message}); falling back to the model adapter`;
    return { adapter: new ModelChainAdapter({ startTime: opts.startTime ?? 1_700_000_000n }), warning };
  }
}

export { manifestAddresses };
