// Performance probe (prints timings; the bounds only catch pathological regressions on a shared 2-core machine):
// hardhat mode with 50 members for 4 simulated weeks, and model mode with 50 members for 52 weeks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployedNode, type DeployedNode } from '../../helpers/chainNode';
import { HardhatChainAdapter } from '../../../src-main/chain/hardhat-adapter';
import { ChainActionGenerator, ModelChainAdapter, memberAddresses, scriptedMemberViews, type DeploymentManifest } from '../../../src-shared/chain';

const SUPPLIER = '0x5aa1e00000000000000000000000000000000003';
let node: DeployedNode;
let manifest: DeploymentManifest;
let rpcUrl: string;

beforeAll(async () => {
  node = await startDeployedNode('chain-perf-');
  ({ manifest, rpcUrl } = node);
});
afterAll(() => node?.stop());

describe('chain adapter performance', () => {
  it('hardhat mode: time per simulated week for 50 members', async () => {
    const members = memberAddresses(50);
    const t0 = performance.now();
    const chain = await HardhatChainAdapter.connect({ rpcUrl, manifest, members });
    const setupMs = performance.now() - t0;
    const gen = new ChainActionGenerator({ seed: 1, startTime: chain.startTime, supplier: SUPPLIER });
    const weeks = 4;
    let actions = 0;
    const t1 = performance.now();
    for (let w = 0; w < weeks; w++) {
      const list = gen.weekActions(w, scriptedMemberViews(1, members, w));
      actions += list.length;
      gen.observe((await chain.runWeek(w, list)).events);
    }
    const perWeek = (performance.now() - t1) / weeks;
    console.log(`hardhat: setup ${setupMs.toFixed(0)} ms for 50 members; ${perWeek.toFixed(0)} ms/week; ${(actions / weeks).toFixed(0)} actions/week; ${((perWeek * weeks) / actions).toFixed(2)} ms/action`);
    expect(perWeek).toBeLessThan(60_000);
  });

  it('model mode: cost per simulated week for 50 members', () => {
    const members = memberAddresses(50);
    const model = new ModelChainAdapter({ startTime: 1_700_000_000n });
    const gen = new ChainActionGenerator({ seed: 1, startTime: model.startTime, supplier: SUPPLIER });
    const weeks = 52;
    let actions = 0;
    const t1 = performance.now();
    for (let w = 0; w < weeks; w++) {
      const list = gen.weekActions(w, scriptedMemberViews(1, members, w));
      actions += list.length;
      gen.observe(model.runWeekSync(w, list).events);
    }
    const perWeek = (performance.now() - t1) / weeks;
    console.log(`model: ${perWeek.toFixed(2)} ms/week over ${weeks} weeks; ${(actions / weeks).toFixed(0)} actions/week`);
    expect(perWeek).toBeLessThan(2_000);
  });
});
