// Done-when, through the real CLI: `workbench chain up && workbench simulate --chain hardhat --members 20 --weeks 12
// --json` shows on-chain metrics identical to `--chain model`; the stored event log replays to the same metrics;
// `--chain off` output is bit-identical to a run without the option; chain status/deploy/down work and leave no
// orphan node; runs > 1 with a chain mode is a usage error.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';
import { comparableMetrics, replayChainDoc, type ChainRunDoc } from '../../../src-shared/chain/mirror';

const { dir, cleanup } = tmpDir('wb-chain-cli-');
const wb = (...args: string[]) => runCli(['--data-dir', dir, ...args], { timeoutMs: 300_000 });
let nodePid: number | undefined;

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  const up = await wb('--json', 'chain', 'up');
  expect(up.code, up.stderr).toBe(0);
  const r = JSON.parse(up.stdout);
  expect(r.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  nodePid = r.pid;
});

afterAll(async () => {
  await wb('chain', 'down');
  if (nodePid && groupAlive(nodePid)) process.kill(-nodePid, 'SIGKILL');
  cleanup();
});

describe('workbench chain + simulate --chain (CLI)', () => {
  it('chain up outlives its command; status reports the node; deploy writes the manifest', async () => {
    expect(nodePid && groupAlive(nodePid)).toBe(true);
    const dep = await wb('--json', 'chain', 'deploy');
    expect(dep.code, dep.stderr).toBe(0);
    const d = JSON.parse(dep.stdout);
    expect(d.manifestPath).toBe(join(dir, 'deployments', `${d.chainId}.json`));
    expect(existsSync(d.manifestPath)).toBe(true);
    expect(Object.keys(d.addresses).sort()).toEqual(['CoopGovernor', 'FoodUSD', 'GroToken', 'GroVault', 'GroupPurchase']);
    const st = await wb('--json', 'chain', 'status');
    const s = JSON.parse(st.stdout);
    expect(s.node).toMatchObject({ running: true, healthy: true, pid: nodePid, chainId: 31337 });
    expect(s.node.blockNumber).toBeGreaterThan(0);
    expect(s.deployment.addresses).toEqual(d.addresses);
    expect(s.accounts.length).toBeGreaterThan(0);
  });

  it('simulate --chain hardhat (20 members x 12 weeks) shows on-chain metrics identical to --chain model', async () => {
    const args = ['--json', 'simulate', '--members', '20', '--weeks', '12', '--seed', '7'];
    const [h, m] = [await wb(...args, '--chain', 'hardhat', '--out', join(dir, 'h.json')), await wb(...args, '--chain', 'model', '--out', join(dir, 'm.json'))];
    expect(h.code, h.stderr).toBe(0);
    expect(m.code, m.stderr).toBe(0);
    // --out holds the same JSON object as stdout (read from the file: large stdout on a pipe is flushed by the CLI).
    const hj = JSON.parse(readFileSync(join(dir, 'h.json'), 'utf8'));
    const mj = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    expect(h.stdout.slice(0, 200)).toBe(JSON.stringify(hj, null, 2).slice(0, 200));
    const hc = hj.chain as ChainRunDoc;
    const mc = mj.chain as ChainRunDoc;
    expect(hc.mode).toBe('hardhat');
    expect(mc.mode).toBe('model');
    expect(hc.metrics).toHaveLength(12);
    // Identical metrics (the deployment identity, chainId + addresses, is the only difference) and events.
    expect(comparableMetrics(hc.metrics)).toEqual(comparableMetrics(mc.metrics));
    expect(hc.eventsDigest).toBe(mc.eventsDigest);
    expect({ actions: hc.actions, failed: hc.failedActions, reasons: hc.failuresByReason, events: hc.eventCount }).toEqual({
      actions: mc.actions,
      failed: mc.failedActions,
      reasons: mc.failuresByReason,
      events: mc.eventCount,
    });
    // Something actually happened on chain, including reverts recorded as failed actions.
    expect(Number(hc.metrics[11].staking.totalLocked)).toBeGreaterThan(0);
    expect(hc.metrics.reduce((s, r) => s + r.governance.votesCast, 0)).toBeGreaterThan(0);
    expect(hc.metrics.reduce((s, r) => s + r.purchases.ordersCreated, 0)).toBeGreaterThan(0);
    expect(hc.blocks).toHaveLength(12);
    expect(hc.metrics[0].addresses.GroVault).toMatch(/^0x[0-9a-fA-F]{40}$/);
    // Each hardhat row carries its block (§3.4), the chain's latest after the week.
    expect(hc.metrics.map((r) => r.block)).toEqual(hc.blocks);
    expect(mc.metrics[0]).not.toHaveProperty('block');
    // Reproducible by replaying the stored events (the block is not in the log).
    expect(comparableMetrics(replayChainDoc(hc))).toEqual(comparableMetrics(hc.metrics));
    expect(replayChainDoc(mc)).toEqual(mc.metrics);
    // The engine results are untouched by the mirror.
    const strip = (o: Record<string, unknown>) => {
      const { chain: _c, runId: _r, ...rest } = o;
      return rest;
    };
    expect(strip(hj)).toEqual(strip(mj));
  });

  it('--chain off is bit-identical to a run without the option; runs > 1 with a chain mode is a usage error', async () => {
    const args = ['--json', 'simulate', '--members', '30', '--weeks', '20', '--seed', '11', '--no-save'];
    const [a, b] = [await wb(...args), await wb(...args, '--chain', 'off')];
    expect(a.code, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(JSON.parse(a.stdout).chain).toBeUndefined();
    const bad = await wb('simulate', '--runs', '3', '--chain', 'model', '--members', '10', '--weeks', '5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/chain: contract-in-the-loop .* single run; use runs = 1/);
  });

  it('chain down stops the node and leaves no orphan process', async () => {
    const down = await wb('--json', 'chain', 'down');
    expect(JSON.parse(down.stdout)).toMatchObject({ stopped: true, pid: nodePid });
    expect(groupAlive(nodePid!)).toBe(false);
    const st = JSON.parse((await wb('--json', 'chain', 'status')).stdout);
    expect(st.node.running).toBe(false);
    const sim = await wb('simulate', '--chain', 'hardhat', '--members', '5', '--weeks', '2', '--no-save');
    expect(sim.code).toBe(1);
    expect(sim.stderr).toMatch(/needs a running chain node: start one with "workbench chain up"/);
  });

  it('chain test runs the contract suite (hardhat test) and reports the counts', async () => {
    const r = await wb('--json', 'chain', 'test');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, failing: 0 });
    expect(out.passing).toBeGreaterThanOrEqual(60);
  });
});
