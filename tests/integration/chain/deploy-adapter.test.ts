// Deployment manifest (T3) and adapter edge cases (T4) against a real hardhat node.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, JsonRpcProvider, getAddress } from 'ethers';
import { HardhatNodeManager, rpc } from '../../../src-main/chain/node-manager';
import { abiOf, deployContracts, loadManifest } from '../../../src-main/chain/deploy';
import { HardhatChainAdapter } from '../../../src-main/chain/hardhat-adapter';
import { ModelChainAdapter, manifestAddresses, memberAddresses, type ChainAction, type DeploymentManifest } from '../../../src-shared/chain';

let dir: string;
let manager: HardhatNodeManager;
let rpcUrl: string;
let manifest: DeploymentManifest;
const NAMES = ['GroToken', 'FoodUSD', 'GroVault', 'CoopGovernor', 'GroupPurchase'] as const;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chain-deploy-'));
  manager = new HardhatNodeManager({ dataDir: dir });
  rpcUrl = (await manager.start()).rpcUrl;
  manifest = await deployContracts({ rpcUrl, outDir: join(dir, 'deployments'), repoRoot: process.cwd() });
});
afterAll(async () => {
  await manager?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('deployment manifest', () => {
  it('lists all 5 contracts with checksummed addresses that have code, wired to each other', async () => {
    const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
    try {
      for (const n of NAMES) {
        const a = manifest.contracts[n].address;
        expect(getAddress(a)).toBe(a);
        expect((await provider.getCode(a)).length).toBeGreaterThan(2);
        // The ABI in the manifest is the compiled artifact's ABI.
        const artifact = JSON.parse(readFileSync(join(process.cwd(), 'contracts/artifacts/contracts', `${n}.sol`, `${n}.json`), 'utf8'));
        const sortKeys = (v: unknown): unknown => Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;
        expect(manifest.contracts[n].abi).toEqual(sortKeys(artifact.abi));
      }
      const c = (n: (typeof NAMES)[number]) => new Contract(manifest.contracts[n].address, abiOf(n), provider);
      expect(await c('CoopGovernor').vault()).toBe(manifest.contracts.GroVault.address);
      expect(await c('GroupPurchase').foodUSD()).toBe(manifest.contracts.FoodUSD.address);
      expect(await c('GroVault').groToken()).toBe(manifest.contracts.GroToken.address);
      expect(await c('GroToken').owner()).toBe(manifest.params.treasury);
      expect(await c('FoodUSD').owner()).toBe(manifest.params.treasury);
      expect(manifest.compiler.version).toMatch(/^0\.8\.28/);
      // Event names the simulator and metrics rely on exist (upstream's listener used non-existent Deposit/Withdrawal).
      const events = (n: (typeof NAMES)[number]) => (abiOf(n) as { type: string; name?: string }[]).filter((f) => f.type === 'event').map((f) => f.name);
      expect(events('GroVault')).toEqual(expect.arrayContaining(['LockCreated', 'LockIncreased', 'LockExtended', 'LockWithdrawn']));
      expect(events('GroupPurchase')).toEqual(expect.arrayContaining(['OrderCreated', 'ContributionReceived', 'OrderExecuted', 'RefundClaimed']));
      expect(events('CoopGovernor')).toEqual(expect.arrayContaining(['ProposalCreated', 'VoteCast', 'ProposalExecuted', 'GovernanceConfigUpdated', 'ChairpersonTransferred']));
    } finally {
      provider.destroy();
    }
  });

  it('writes <chainId>.json; a redeploy replaces it with fresh addresses; the loader checks the chainId', async () => {
    const out = join(dir, 'deployments');
    expect(existsSync(join(out, '31337.json'))).toBe(true);
    const again = await deployContracts({ rpcUrl, outDir: out });
    const loaded = loadManifest(out, 31337);
    expect(loaded.contracts.GroVault.address).toBe(again.contracts.GroVault.address);
    expect(loaded.contracts.GroVault.address).not.toBe(manifest.contracts.GroVault.address);
    expect(() => loadManifest(out, 1)).toThrow(/no deployment manifest/);
  });
});

describe('hardhat adapter edge cases', () => {
  it('rejects an unreachable node and a manifest for another chain with clear errors', async () => {
    await expect(HardhatChainAdapter.connect({ rpcUrl: 'http://127.0.0.1:9', manifest, members: [] })).rejects.toThrow(/not reachable/);
    await expect(HardhatChainAdapter.connect({ rpcUrl, manifest: { ...manifest, chainId: 5 }, members: [] })).rejects.toThrow(/chainId 5.*chainId 31337/);
  });

  it('adversarial actions surface as the contract revert on both adapters, with state unchanged', async () => {
    const [alice, bob] = memberAddresses(2, 'bad');
    const chain = await HardhatChainAdapter.connect({ rpcUrl, manifest, members: [alice, bob] });
    const model = new ModelChainAdapter({ startTime: chain.startTime, treasury: manifest.params.treasury, addresses: manifestAddresses(manifest) });
    const supplier = '0x5aa1e00000000000000000000000000000000002';
    const E = (n: number) => BigInt(n) * 10n ** 18n;
    const deadline = chain.startTime + 1000n; // passes within week 0
    const week0: ChainAction[] = [
      { kind: 'mintFood', to: alice, amount: E(100) },
      { kind: 'mintFood', to: bob, amount: E(100) },
      { kind: 'reward', to: alice, amount: E(10) },
      { kind: 'createLock', member: alice, amount: E(4), years: 1 },
      { kind: 'createOrder', member: alice, supplier, target: E(50), deadline },
      { kind: 'createOrder', member: alice, supplier, target: E(10), deadline },
      { kind: 'contribute', member: bob, orderId: 1n, amount: E(20) },
      { kind: 'contribute', member: alice, orderId: 2n, amount: E(30) }, // capped at 10, executes
      { kind: 'contribute', member: bob, orderId: 2n, amount: E(1) }, // after execution: "executed"
      { kind: 'withdraw', member: alice }, // early: "not unlocked"
    ];
    const week1: ChainAction[] = [
      { kind: 'createProposal', member: alice, description: 'p' },
      { kind: 'castVote', member: alice, proposalId: 1n, votes: 2n * 10n ** 9n, support: true }, // power 2e9 -> "insufficient power"
      { kind: 'castVote', member: bob, proposalId: 1n, votes: 1n, support: true }, // no lock
      { kind: 'claimRefund', member: bob, orderId: 1n }, // refund after the deadline
      { kind: 'claimRefund', member: bob, orderId: 1n }, // twice: "nothing to refund"
      { kind: 'claimRefund', member: alice, orderId: 2n }, // executed
      { kind: 'withdraw', member: alice },
    ];
    const expected = [
      [true, true, true, true, true, true, true, true, false, false],
      [true, false, false, true, false, false, false],
    ];
    const reasons = [
      [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'executed', 'not unlocked'],
      [undefined, 'insufficient power', 'insufficient power', undefined, 'nothing to refund', 'executed', 'not unlocked'],
    ];
    for (const [w, actions] of [week0, week1].entries()) {
      const c = await chain.runWeek(w, actions);
      const m = await model.runWeek(w, actions);
      expect(c.results.map((r) => r.ok)).toEqual(expected[w]);
      expect(c.results.map((r) => r.reason)).toEqual(reasons[w]);
      expect(m.results.map((r) => r.reason)).toEqual(reasons[w]);
      expect(c.events).toEqual(m.events);
    }
    const accounts = [alice, bob, supplier];
    const cs = await chain.snapshot(accounts);
    expect(cs).toEqual(await model.snapshot(accounts));
    expect(cs.fusd[bob]).toBe(E(100)); // refunded once, exactly
    expect(cs.fusd[supplier]).toBe(E(10)); // no overpayment
    expect(cs.locks[alice].amount).toBe(E(4));
    expect(await rpc(rpcUrl, 'eth_chainId')).toBe('0x7a69');
  });
});
