// Differential test: the TypeScript model and the real contracts on a local hardhat node must agree on every
// action's outcome (including revert reasons), every event, the balances, totalLocked, tallies and the metrics
// for a scripted 12-week, 20-member run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployedNode, type DeployedNode } from '../../helpers/chainNode';
import { HardhatChainAdapter } from '../../../src-main/chain/hardhat-adapter';
import {
  ChainActionGenerator,
  ModelChainAdapter,
  manifestAddresses,
  memberAddresses,
  replayMetrics,
  scriptedMemberViews,
  type ChainEvent,
  type DeploymentManifest,
} from '../../../src-shared/chain';

const SEED = 20261126;
const WEEKS = 12;
const SUPPLIER = '0x5aa1e00000000000000000000000000000000001';

let node: DeployedNode;
let manifest: DeploymentManifest;
let rpcUrl: string;

beforeAll(async () => {
  node = await startDeployedNode('chain-diff-', { manifestDir: 'deployments' });
  ({ manifest, rpcUrl } = node);
});
afterAll(() => node?.stop());

const strip = (events: readonly ChainEvent[]) => events.map((e) => ({ ...e }));

describe('chain adapters: model vs hardhat', () => {
  it('agree on outcomes, reverts, events, balances, totalLocked, tallies and metrics over 12 weeks x 20 members', async () => {
    const members = memberAddresses(20);
    const chain = await HardhatChainAdapter.connect({ rpcUrl, manifest, members });
    const model = new ModelChainAdapter({
      startTime: chain.startTime,
      treasury: manifest.params.treasury,
      addresses: manifestAddresses(manifest),
    });
    const gen = new ChainActionGenerator({ seed: SEED, startTime: chain.startTime, supplier: SUPPLIER });
    const reasons = new Map<string, number>();
    let actionsRun = 0;
    for (let w = 0; w < WEEKS; w++) {
      const actions = gen.weekActions(w, scriptedMemberViews(SEED, members, w));
      const m = await model.runWeek(w, actions);
      const c = await chain.runWeek(w, actions);
      actionsRun += actions.length;
      for (let i = 0; i < actions.length; i++) {
        const label = `week ${w} action ${i} ${actions[i].kind}`;
        expect({ label, ok: c.results[i].ok, reason: c.results[i].reason }).toEqual({
          label,
          ok: m.results[i].ok,
          reason: m.results[i].reason,
        });
        if (!m.results[i].ok) reasons.set(m.results[i].reason!, (reasons.get(m.results[i].reason!) ?? 0) + 1);
      }
      expect(strip(c.events)).toEqual(strip(m.events));
      gen.observe(m.events);
    }
    const accounts = [...members, SUPPLIER, manifest.contracts.GroVault.address, manifest.contracts.GroupPurchase.address];
    const [ms, cs] = [await model.snapshot(accounts), await chain.snapshot(accounts)];
    expect(cs).toEqual(ms);
    expect(cs.totalLocked > 0n).toBe(true);
    expect(cs.tallies.length).toBeGreaterThanOrEqual(2);
    expect(cs.orders.length).toBeGreaterThanOrEqual(3);

    // The script exercises the interesting reverts; each is a failed action, never a crash.
    for (const r of ['insufficient power', 'ERC20InsufficientBalance']) expect(reasons.get(r) ?? 0, r).toBeGreaterThan(0);

    const opts = { startTime: chain.startTime, chainId: manifest.chainId, addresses: manifestAddresses(manifest), weeks: WEEKS };
    const chainMetrics = replayMetrics(chain.events(), opts);
    expect(chainMetrics).toEqual(replayMetrics(model.events(), opts));
    expect(chainMetrics.reduce((s, r) => s + r.failedActions, 0)).toBe([...reasons.values()].reduce((s, n) => s + n, 0));
    console.log(`differential: ${actionsRun} actions, reverts ${JSON.stringify(Object.fromEntries(reasons))}`);
  });
});
