// The chain service behind the API ops (chain.*), the CLI (`workbench chain …`) and `simulate --chain hardhat`:
// one HardhatNodeManager per data dir, deployments written to <dataDir>/deployments/<chainId>.json (and to
// contracts/deployments/ when running from the repo), node status with accounts and deployment, recent decoded
// events, `hardhat test`, and the stop-on-exit hook for nodes this process started.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Interface, type InterfaceAbi } from 'ethers';
import { manifestAddresses, type DeploymentManifest } from '../../src-shared/chain/manifest';
import { CONTRACT_NAMES } from '../../src-shared/chain/bindings/index';
import { NO_CHAIN_NODE } from '../../src-shared/sim/chainLimits';
import { abiOf, deployContracts, loadManifest, manifestPath, writeManifest } from './deploy';
import { HardhatNodeManager, nodeChildEnv, rpc, type NodeState, type NodeStatus } from './node-manager';
import { chainNodeUsers } from './inUse';

type Name = (typeof CONTRACT_NAMES)[number];

const managers = new Map<string, HardhatNodeManager>();
/** Data dirs whose node this process started and must stop on exit. */
const ownedNodes = new Map<string, number>();
let exitHookInstalled = false;

export function chainManager(dataDir: string): HardhatNodeManager {
  let m = managers.get(dataDir);
  if (!m) {
    m = new HardhatNodeManager({ dataDir, autoRestart: false });
    managers.set(dataDir, m);
  }
  return m;
}

export function dataDeploymentsDir(dataDir: string): string {
  return join(dataDir, 'deployments');
}

/** contracts/deployments when the repo's Hardhat project is present (running from the repo), else null. */
export function repoDeploymentsDir(m: HardhatNodeManager): string | null {
  return existsSync(join(m.contractsDir, 'hardhat.config.ts')) ? join(m.contractsDir, 'deployments') : null;
}

/**
 * Start (or reuse) the node. `persistent`: the node outlives this process (CLI `chain up`); otherwise a guard
 * kills it when this process dies and stopChainOnExit stops it cleanly.
 */
export async function chainUp(dataDir: string, opts: { persistent: boolean }): Promise<{ state: NodeState; reused: boolean }> {
  const existing = chainManager(dataDir).readState();
  const m = opts.persistent ? new HardhatNodeManager({ dataDir, autoRestart: false, watchParent: false }) : chainManager(dataDir);
  const state = await m.start();
  const reused = !!existing && existing.pid === state.pid;
  if (!opts.persistent && !reused) {
    ownedNodes.set(dataDir, state.pid);
    installExitHook();
  }
  return { state, reused };
}

export async function chainDown(dataDir: string): Promise<{ stopped: boolean; pid?: number }> {
  const m = chainManager(dataDir);
  const s = m.readState();
  const stopped = await m.stop();
  ownedNodes.delete(dataDir);
  return { stopped, pid: s?.pid };
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when the process exits without calling stopChainOnExit: signal the node's process group
  // synchronously (the guard process also kills it once it sees this process gone).
  process.on('exit', () => {
    for (const pid of ownedNodes.values()) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  });
}

/**
 * Stop the node this process started for `app` (not one started by `workbench chain up`, which is meant to outlive
 * its command). Call from the app's shutdown path: Electron `before-quit`, serve's SIGTERM/SIGINT handler.
 */
export async function stopChainOnExit(app: { dataDir: string }): Promise<boolean> {
  if (!ownedNodes.has(app.dataDir)) return false;
  const m = chainManager(app.dataDir);
  const s = m.readState();
  if (!s || s.pid !== ownedNodes.get(app.dataDir)) {
    ownedNodes.delete(app.dataDir);
    return false;
  }
  await m.stop(3000);
  ownedNodes.delete(app.dataDir);
  return true;
}

export interface DeploymentInfo {
  chainId: number;
  deployedAt: string;
  block: number;
  deployer: string;
  addresses: Record<Name, string>;
  manifestPath: string;
  repoManifestPath: string | null;
}

function info(m: DeploymentManifest, path: string, repoPath: string | null): DeploymentInfo {
  return { chainId: m.chainId, deployedAt: m.deployedAt, block: m.block, deployer: m.deployer, addresses: manifestAddresses(m), manifestPath: path, repoManifestPath: repoPath };
}

/** The manifest for the running chain, if one exists and its contracts have code. */
export async function currentDeployment(dataDir: string, state: NodeState): Promise<{ manifest: DeploymentManifest; path: string } | null> {
  const m = chainManager(dataDir);
  for (const dir of [dataDeploymentsDir(dataDir), repoDeploymentsDir(m)].filter((d): d is string => !!d)) {
    let manifest: DeploymentManifest;
    try {
      manifest = loadManifest(dir, state.chainId);
    } catch {
      continue;
    }
    if (await hasCode(state.rpcUrl, manifest)) return { manifest, path: manifestPath(dir, state.chainId) };
  }
  return null;
}

async function hasCode(rpcUrl: string, manifest: DeploymentManifest): Promise<boolean> {
  for (const id of CONTRACT_NAMES) {
    const code = await rpc<string>(rpcUrl, 'eth_getCode', [manifest.contracts[id].address, 'latest']);
    if (!code || code === '0x') return false;
  }
  return true;
}

/** The recorded node when it is alive and answering: a node that died without `chain down` leaves its state file. */
async function runningState(m: HardhatNodeManager, message: string): Promise<NodeState> {
  const state = m.readState();
  if (!state || !(await m.status()).healthy) throw new ChainUnavailable(message);
  return state;
}

/** Deploy the five contracts; the manifest goes to the data dir and (from the repo) contracts/deployments/. */
export async function chainDeploy(dataDir: string): Promise<{ manifest: DeploymentManifest; deployment: DeploymentInfo }> {
  const m = chainManager(dataDir);
  const state = await runningState(m, 'no chain node is running: start one with "workbench chain up" (or Start in the Chain view)');
  const manifest = await deployContracts({ rpcUrl: state.rpcUrl, repoRoot: dirname(m.contractsDir) });
  const path = writeManifest(dataDeploymentsDir(dataDir), manifest);
  const repoDir = repoDeploymentsDir(m);
  const repoPath = repoDir ? writeManifest(repoDir, manifest) : null;
  return { manifest, deployment: info(manifest, path, repoPath) };
}

export class ChainUnavailable extends Error {}

async function viewUint(rpcUrl: string, id: Name, address: string, fn: string): Promise<bigint> {
  const iface = new Interface(abiOf(id));
  const res = await rpc<string>(rpcUrl, 'eth_call', [{ to: address, data: iface.encodeFunctionData(fn, []) }, 'latest']);
  return iface.decodeFunctionResult(fn, res)[0] as bigint;
}

/** True when the deployment has seen no activity (no supply, locks, orders or proposals). */
export async function isPristine(rpcUrl: string, manifest: DeploymentManifest): Promise<boolean> {
  const a = manifestAddresses(manifest);
  try {
    const vals = await Promise.all([
      viewUint(rpcUrl, 'GroToken', a.GroToken, 'totalSupply'),
      viewUint(rpcUrl, 'FoodUSD', a.FoodUSD, 'totalSupply'),
      viewUint(rpcUrl, 'GroVault', a.GroVault, 'totalLocked'),
      viewUint(rpcUrl, 'GroupPurchase', a.GroupPurchase, 'orderCount'),
      viewUint(rpcUrl, 'CoopGovernor', a.CoopGovernor, 'proposalCount'),
    ]);
    return vals.every((v) => v === 0n);
  } catch {
    return false;
  }
}

/**
 * The deployment a contract-in-the-loop run uses: the current one when it is untouched, otherwise a fresh one (so
 * every run starts from empty contracts and its metrics are reproducible and equal to the model's).
 */
export async function deploymentForRun(dataDir: string): Promise<{ state: NodeState; manifest: DeploymentManifest; path: string; fresh: boolean }> {
  const m = chainManager(dataDir);
  const state = m.readState();
  const st = state ? await m.status() : null;
  if (!state || !st?.healthy) {
    throw new ChainUnavailable(NO_CHAIN_NODE);
  }
  const cur = await currentDeployment(dataDir, state);
  if (cur && (await isPristine(state.rpcUrl, cur.manifest))) return { state, ...cur, fresh: false };
  const d = await chainDeploy(dataDir);
  return { state, manifest: d.manifest, path: d.deployment.manifestPath, fresh: true };
}

export interface ChainStatusReport {
  node: NodeStatus & { persistent?: boolean; ownedByThisProcess: boolean; logFile: string; inUseBy: (number | null)[] };
  deployment: DeploymentInfo | null;
  accounts: { address: string; balanceEth: string }[];
}

export async function chainStatus(dataDir: string): Promise<ChainStatusReport> {
  const m = chainManager(dataDir);
  const state = m.readState();
  const st = await m.status();
  const node = { ...st, persistent: state?.persistent, ownedByThisProcess: !!state && ownedNodes.get(dataDir) === state.pid, logFile: m.logFile, inUseBy: chainNodeUsers(dataDir) };
  if (!state || !st.healthy) return { node, deployment: null, accounts: [] };
  let deployment: DeploymentInfo | null = null;
  const cur = await currentDeployment(dataDir, state).catch(() => null);
  if (cur) {
    const repoDir = repoDeploymentsDir(m);
    const repoPath = repoDir && existsSync(manifestPath(repoDir, state.chainId)) ? manifestPath(repoDir, state.chainId) : null;
    deployment = info(cur.manifest, cur.path, repoPath);
  }
  const addrs = (await rpc<string[]>(state.rpcUrl, 'eth_accounts').catch(() => [] as string[])).slice(0, 10);
  const accounts = await Promise.all(
    addrs.map(async (address) => {
      const wei = BigInt(await rpc<string>(state.rpcUrl, 'eth_getBalance', [address, 'latest']));
      const whole = wei / 10n ** 18n;
      const frac = ((wei % 10n ** 18n) / 10n ** 14n).toString().padStart(4, '0');
      return { address, balanceEth: `${whole}.${frac}` };
    }),
  );
  return { node, deployment, accounts };
}

export interface RecentEvent {
  block: number;
  txHash: string;
  logIndex: number;
  contract: string;
  name: string;
  args: Record<string, string>;
}

/** Decoded events of the current deployment from the last `blocks` blocks, newest last, at most `limit`. */
export async function recentEvents(dataDir: string, opts: { limit: number; blocks: number }): Promise<{ fromBlock: number; toBlock: number; events: RecentEvent[] }> {
  const m = chainManager(dataDir);
  const state = await runningState(m, 'no chain node is running');
  const cur = await currentDeployment(dataDir, state);
  const toBlock = Number(await rpc<string>(state.rpcUrl, 'eth_blockNumber'));
  const fromBlock = Math.max(0, toBlock - opts.blocks + 1);
  if (!cur) return { fromBlock, toBlock, events: [] };
  const byAddr = new Map<string, { id: Name; iface: Interface }>();
  for (const id of CONTRACT_NAMES) byAddr.set(cur.manifest.contracts[id].address.toLowerCase(), { id, iface: new Interface(abiOf(id) as InterfaceAbi) });
  const logs = await rpc<{ address: string; topics: string[]; data: string; blockNumber: string; transactionHash: string; logIndex: string }[]>(
    state.rpcUrl,
    'eth_getLogs',
    [{ fromBlock: `0x${fromBlock.toString(16)}`, toBlock: `0x${toBlock.toString(16)}`, address: [...byAddr.keys()] }],
    15_000,
  );
  const events: RecentEvent[] = [];
  for (const l of logs.slice(-opts.limit)) {
    const c = byAddr.get(l.address.toLowerCase());
    if (!c) continue;
    const d = c.iface.parseLog({ topics: l.topics, data: l.data });
    if (!d) continue;
    const args: Record<string, string> = {};
    d.fragment.inputs.forEach((inp, i) => (args[inp.name || String(i)] = String(d.args[i])));
    events.push({ block: Number(l.blockNumber), txHash: l.transactionHash, logIndex: Number(l.logIndex), contract: c.id, name: d.name, args });
  }
  return { fromBlock, toBlock, events };
}

/** Run `hardhat test` in contracts/ (offline compiler) and summarise the result. */
export async function hardhatTest(dataDir: string, opts: { signal?: AbortSignal; onLine?: (l: string) => void } = {}): Promise<{ ok: boolean; exitCode: number; passing: number; failing: number; pending: number; ms: number; tail: string[] }> {
  const m = chainManager(dataDir);
  const cli = join(dirname(createRequire(join(m.contractsDir, 'package.json')).resolve('hardhat/package.json')), 'dist', 'src', 'cli.js');
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'test'], { cwd: m.contractsDir, env: nodeChildEnv({ FORCE_COLOR: '0', NO_COLOR: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let partial = '';
    const onData = (c: Buffer) => {
      const parts = (partial + c.toString('utf8')).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const p of parts) {
        const l = p.replace(/\u001b\[[0-9;]*m/g, '');
        lines.push(l);
        opts.onLine?.(l);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const abort = () => child.kill('SIGTERM');
    opts.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', reject);
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', abort);
      if (partial) lines.push(partial);
      // Hardhat 3 prints each runner's mocha-style summary, then an overall one ("68 passing (68 mocha)"): the
      // last line of each kind is the total.
      const count = (re: RegExp) => {
        for (let i = lines.length - 1; i >= 0; i--) {
          const m = lines[i].match(re);
          if (m) return Number(m[1]);
        }
        return 0;
      };
      const passing = count(/^\s*(\d+) passing/);
      const failing = count(/^\s*(\d+) failing/);
      const pending = count(/^\s*(\d+) pending/);
      resolve({ ok: code === 0 && failing === 0, exitCode: code ?? -1, passing, failing, pending, ms: performance.now() - t0, tail: lines.slice(-40) });
    });
  });
}
