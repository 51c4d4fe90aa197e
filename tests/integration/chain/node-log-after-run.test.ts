// The hardhat adapter silences the node's per-transaction log while it mirrors a run (it costs time per action).
// Once the run is over the node is the user's again: `chain logs` and the Chain view must keep showing what
// happens on it (a deploy, a transaction), not stay silent for the rest of the node's life.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployedNode, type DeployedNode } from '../../helpers/chainNode';
import type { HardhatNodeManager } from '../../../src-main/chain/node-manager';
import { deployContracts } from '../../../src-main/chain/deploy';
import { HardhatChainAdapter } from '../../../src-main/chain/hardhat-adapter';
import { memberAddresses, type DeploymentManifest } from '../../../src-shared/chain';

let node: DeployedNode;
let manager: HardhatNodeManager;
let manifest: DeploymentManifest;
let rpcUrl: string;

beforeAll(async () => {
  node = await startDeployedNode('chain-log-');
  ({ manager, manifest, rpcUrl } = node);
});
afterAll(() => node?.stop());

const deployLines = () => manager.logs(5000).filter((l) => /Contract deployment/.test(l)).length;

describe('node log around a mirrored run', () => {
  it('is quiet during the run and logs transactions again once the adapter is closed', async () => {
    const before = deployLines();
    expect(before).toBe(5);
    const adapter = await HardhatChainAdapter.connect({ rpcUrl, manifest, members: memberAddresses(2) });
    await adapter.runWeek(0, [{ kind: 'reward', to: memberAddresses(2)[0], amount: 10n ** 18n }]);
    await adapter.close();
    await deployContracts({ rpcUrl });
    // The log file is written by the node process; give it a moment.
    const end = Date.now() + 5000;
    while (deployLines() < before + 5 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(deployLines()).toBe(before + 5);
  });
});
