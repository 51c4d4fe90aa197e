// A local Hardhat node with the contracts deployed, in a fresh data folder: the fixture the chain
// integration tests share (a real node, never a mock).
import path from 'node:path';
import { deployContracts } from '../../src-main/chain/deploy';
import { HardhatNodeManager } from '../../src-main/chain/node-manager';
import type { DeploymentManifest } from '../../src-shared/chain';
import { tmpDir } from './tmp';

export interface DeployedNode {
  dir: string;
  manager: HardhatNodeManager;
  rpcUrl: string;
  manifest: DeploymentManifest;
  /** Stops the node and removes its folder. */
  stop: () => Promise<void>;
}

/** Starts a node in a new folder named `prefix…` and deploys the contracts (their manifest into `manifestDir` of it, when given). */
export async function startDeployedNode(prefix: string, opts: { manifestDir?: string } = {}): Promise<DeployedNode> {
  const { dir, cleanup } = tmpDir(prefix);
  const manager = new HardhatNodeManager({ dataDir: dir });
  const stop = async () => {
    await manager.stop();
    cleanup();
  };
  try {
    const rpcUrl = (await manager.start()).rpcUrl;
    const manifest = await deployContracts({ rpcUrl, ...(opts.manifestDir ? { outDir: path.join(dir, opts.manifestDir) } : {}) });
    return { dir, manager, rpcUrl, manifest, stop };
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
}
