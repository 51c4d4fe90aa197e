// Differential test: the TypeScript model and the real contracts on a local hardhat node must agree on every
// action's outcome (including revert reasons), every event, the balances, totalLocked, tallies and the metrics
// for a scripted 12-week, 20-member run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployedNode, type DeployedNode } from '../../helpers/chainNode';
import { HardhatChainAdapter } from '../../../src-main/chain/hardhat-adapter';
import { deployContracts } from '../../../src-main/chain/deploy';
import { collectWeeks } from '../../../src-main/sim/chainRun';
import { runSimulation, validateParams } from '../../../src-shared/engine';
import {
  ChainActionGenerator,
  ModelChainAdapter,
  comparableMetrics,
  digest,
  driveAdapter,
  manifestAddresses,
  memberAddresses,
  normalizeEvents,
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

  it('engine-driven run with a co-op fee: the treasury holds the engine\'s fees (FoodUSD.transfer) on chain, wallets mirror foodUsdB; model and hardhat agree', async () => {
    const v = validateParams({ NUM_MEMBERS: 12, SIMULATION_WEEKS: 8, WEEKLY_COOP_FEE_B: 2.75, INITIAL_WEALTH_MEAN_LOG: Math.log(3000) });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const p = v.params;
    const seed = 4;
    const run = runSimulation(p, { seed });
    const weeks = collectWeeks(p, 'reference', seed);
    const members = memberAddresses(12);
    // Fresh contracts on the shared node, so order and proposal ids start at 1 as in the model.
    const fresh = await deployContracts({ rpcUrl });
    const addresses = manifestAddresses(fresh);
    const chain = await HardhatChainAdapter.connect({ rpcUrl, manifest: fresh, members });
    try {
      const model = new ModelChainAdapter({ startTime: chain.startTime, treasury: fresh.params.treasury, addresses });
      const o = { seed, chainId: fresh.chainId, addresses };
      const [c, m] = [await driveAdapter(chain, weeks, o), await driveAdapter(model, weeks, o)];
      const norm = (events: readonly ChainEvent[], treasury: string) => digest(normalizeEvents(events, { startTime: chain.startTime, addresses, treasury }));
      expect(norm(c.events, chain.treasury)).toBe(norm(m.events, model.treasury));
      expect(comparableMetrics(c.metrics)).toEqual(comparableMetrics(m.metrics));
      // No spending or fee payment failed (deliberate misuses elsewhere may revert).
      expect(c.events.filter((e) => e.name === 'ActionFailed' && (e.args.kind === 'payFee' || e.args.kind === 'spendFood'))).toEqual([]);
      const treasury = chain.treasury;
      const snap = await chain.snapshot([...members, treasury]);
      expect(snap).toEqual(await model.snapshot([...members, treasury]));
      // On chain, the treasury's FUSD is the engine's total fees (flows.feesB) to the micro-dollar.
      expect(snap.fusd[treasury] % 10n ** 12n).toBe(0n);
      expect(Math.abs(Number(snap.fusd[treasury] / 10n ** 12n) - run.flows.feesB * 1e6)).toBeLessThan(1);
      expect(run.flows.feesB).toBeCloseTo(2.75 * 12 * 8, 9);
      expect(c.events.filter((e) => e.contract === 'FoodUSD' && e.name === 'Transfer' && e.args.to === treasury)).toHaveLength(12 * 8);
      // Member wallets plus what they put (net) into group orders are the engine's FoodUSD balances exactly.
      const net = new Map<string, bigint>();
      for (const e of c.events) {
        if (e.name === 'ContributionReceived') net.set(String(e.args.contributor), (net.get(String(e.args.contributor)) ?? 0n) + (e.args.amount as bigint));
        if (e.name === 'RefundClaimed') net.set(String(e.args.participant), (net.get(String(e.args.participant)) ?? 0n) - (e.args.amount as bigint));
      }
      members.forEach((a, i) => expect(snap.fusd[a] + (net.get(a) ?? 0n), a).toBe(BigInt(Math.round(run.finalMembers.foodUsdB[i] * 1e6)) * 10n ** 12n));
    } finally {
      await chain.close();
    }
  });
});
