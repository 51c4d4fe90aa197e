// The `hardhat` chain adapter: every member action becomes a real transaction on the local node. Members are
// deterministic addresses that the node impersonates (no keys needed); the treasury is the deployer account.
// Time is driven explicitly: action k of week w is mined at startTime + w*WEEK + k + 1 (evm_setNextBlockTimestamp),
// the same clock the model adapter uses, so both see identical block times. Reverts become failed actions.
import { AbiCoder, Interface, getAddress, type InterfaceAbi, type LogDescription } from 'ethers';
import { abiOf, checkedManifest } from './deploy';
import { rpc } from './node-manager';
import { type DeploymentManifest } from '../../src-shared/chain/manifest';
import {
  actionTime,
  failureEvent,
  type ActionResult,
  type ChainAction,
  type ChainAdapter,
  type ChainEvent,
  type ChainSnapshot,
  type ContractId,
  type EventArg,
  type LockState,
  type OrderState,
  type WeekResult,
} from '../../src-shared/chain/types';

const IDS: ContractId[] = ['GroToken', 'FoodUSD', 'GroVault', 'GroupPurchase', 'CoopGovernor'];
const GAS = '0x4c4b40'; // 5M: fixed, so a reverting call is sent (and its reason reported) without estimateGas
const MAX = (1n << 256n) - 1n;
const coder = AbiCoder.defaultAbiCoder();

interface RpcError {
  code?: number;
  message: string;
  data?: unknown;
}

async function rpcRaw(url: string, method: string, params: unknown[]): Promise<{ result?: unknown; error?: RpcError }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(30_000),
  });
  return (await res.json()) as { result?: unknown; error?: RpcError };
}

async function rpcBatch(url: string, calls: [string, unknown[]][]): Promise<{ result?: unknown; error?: RpcError }[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params }))),
    signal: AbortSignal.timeout(30_000),
  });
  const out = (await res.json()) as { id: number; result?: unknown; error?: RpcError }[];
  return out.sort((a, b) => a.id - b.id);
}

export interface HardhatAdapterOptions {
  /** Turn off the node's per-transaction console log (it costs ~30 % of the time per action). Default true. */
  quietNode?: boolean;
  rpcUrl: string;
  manifest: DeploymentManifest | unknown;
  /** Member addresses to impersonate, fund with ETH and approve the vault and escrow for. */
  members: readonly string[];
}

export class HardhatChainAdapter implements ChainAdapter {
  readonly mode = 'hardhat' as const;
  readonly manifest: DeploymentManifest;
  readonly treasury: string;
  startTime = 0n;
  private readonly ifaces = new Map<string, { id: ContractId; iface: Interface }>();
  private readonly addr: Record<ContractId, string>;
  private readonly all: Interface;
  private readonly log: ChainEvent[] = [];
  /** Whether connect() turned the node's per-transaction log off (close() turns it back on). */
  private silencedNode = false;

  private constructor(readonly rpcUrl: string, manifest: DeploymentManifest) {
    this.manifest = manifest;
    this.treasury = manifest.params.treasury.toLowerCase();
    this.addr = Object.fromEntries(IDS.map((id) => [id, manifest.contracts[id].address.toLowerCase()])) as Record<ContractId, string>;
    for (const id of IDS) this.ifaces.set(this.addr[id], { id, iface: new Interface(abiOf(id)) });
    // One interface with every error, to decode custom errors bubbling up from any contract.
    const errors = IDS.flatMap((id) => (abiOf(id) as Record<string, unknown>[]).filter((f) => f.type === 'error'));
    const unique = [...new Map(errors.map((e) => [JSON.stringify(e), e])).values()];
    this.all = new Interface(unique as InterfaceAbi);
  }

  /**
   * Connect to a node and a deployment. Fails with a clear message when the node is unreachable, the manifest is
   * invalid or for another chain, or a contract has no code.
   */
  static async connect(opts: HardhatAdapterOptions): Promise<HardhatChainAdapter> {
    let chainId: number;
    try {
      chainId = Number(await rpc<string>(opts.rpcUrl, 'eth_chainId'));
    } catch (err) {
      throw new Error(`chain node at ${opts.rpcUrl} is not reachable: ${(err as Error).message}`);
    }
    const manifest = checkedManifest(opts.manifest, chainId);
    for (const id of IDS) {
      const code = await rpc<string>(opts.rpcUrl, 'eth_getCode', [manifest.contracts[id].address, 'latest']);
      if (!code || code === '0x') throw new Error(`${id} has no code at ${manifest.contracts[id].address}: redeploy (the node may have restarted)`);
    }
    const a = new HardhatChainAdapter(opts.rpcUrl, manifest);
    if (opts.quietNode ?? true) {
      await rpc(opts.rpcUrl, 'hardhat_setLoggingEnabled', [false]);
      a.silencedNode = true;
    }
    try {
      await a.setupMembers(opts.members);
      const latest = (await rpc<{ timestamp: string }>(opts.rpcUrl, 'eth_getBlockByNumber', ['latest', false])).timestamp;
      a.startTime = BigInt(latest) + 1n;
    } catch (err) {
      await a.close();
      throw err;
    }
    return a;
  }

  private async setupMembers(members: readonly string[]): Promise<void> {
    const vault = this.addr.GroVault;
    const gp = this.addr.GroupPurchase;
    const approve = (spender: string) => new Interface(abiOf('GroToken')).encodeFunctionData('approve', [spender, MAX]);
    for (const raw of members) {
      const m = getAddress(raw);
      await rpc(this.rpcUrl, 'hardhat_impersonateAccount', [m]);
      await rpc(this.rpcUrl, 'hardhat_setBalance', [m, '0x3635c9adc5dea00000']); // 1000 ETH for gas
      for (const [token, spender] of [[this.addr.GroToken, vault], [this.addr.FoodUSD, gp]] as const) {
        const r = await rpcRaw(this.rpcUrl, 'eth_sendTransaction', [{ from: m, to: token, data: approve(spender), gas: '0x30000' }]);
        if (r.error) throw new Error(`approve for ${m} failed: ${r.error.message}`);
      }
    }
  }

  private call(action: ChainAction): { from: string; to: string; data: string } {
    const enc = (id: ContractId, fn: string, args: unknown[]) => this.ifaces.get(this.addr[id])!.iface.encodeFunctionData(fn, args);
    switch (action.kind) {
      case 'mintFood':
        return { from: this.treasury, to: this.addr.FoodUSD, data: enc('FoodUSD', 'mint', [action.to, action.amount]) };
      case 'reward':
        return { from: this.treasury, to: this.addr.GroToken, data: enc('GroToken', 'mint', [action.to, action.amount]) };
      case 'spendFood':
        return { from: action.member, to: this.addr.FoodUSD, data: enc('FoodUSD', 'burn', [action.amount]) };
      case 'payFee':
        return { from: action.member, to: this.addr.FoodUSD, data: enc('FoodUSD', 'transfer', [this.treasury, action.amount]) };
      case 'createOrder':
        return { from: action.member, to: this.addr.GroupPurchase, data: enc('GroupPurchase', 'createOrder', [action.supplier, action.target, action.deadline]) };
      case 'contribute':
        return { from: action.member, to: this.addr.GroupPurchase, data: enc('GroupPurchase', 'contribute', [action.orderId, action.amount]) };
      case 'claimRefund':
        return { from: action.member, to: this.addr.GroupPurchase, data: enc('GroupPurchase', 'claimRefund', [action.orderId]) };
      case 'executeOrder':
        return { from: action.member, to: this.addr.GroupPurchase, data: enc('GroupPurchase', 'execute', [action.orderId]) };
      case 'createLock':
        return { from: action.member, to: this.addr.GroVault, data: enc('GroVault', 'createLock', [action.amount, action.years]) };
      case 'increaseLock':
        return { from: action.member, to: this.addr.GroVault, data: enc('GroVault', 'increaseLock', [action.amount]) };
      case 'extendLock':
        return { from: action.member, to: this.addr.GroVault, data: enc('GroVault', 'extendLock', [action.years]) };
      case 'withdraw':
        return { from: action.member, to: this.addr.GroVault, data: enc('GroVault', 'withdraw', []) };
      case 'createProposal':
        return { from: action.member, to: this.addr.CoopGovernor, data: enc('CoopGovernor', 'createProposal', [action.description]) };
      case 'castVote':
        return { from: action.member, to: this.addr.CoopGovernor, data: enc('CoopGovernor', 'castVote', [action.proposalId, action.votes, action.support]) };
      case 'executeProposal':
        return { from: action.member, to: this.addr.CoopGovernor, data: enc('CoopGovernor', 'execute', [action.proposalId]) };
    }
  }

  /** Normalise a revert to the model's vocabulary: the reason string, the custom error name, or "panic:0xNN". */
  decodeRevert(err: RpcError): string {
    const data = findHex(err.data) ?? findHex(err);
    if (data && data.length >= 10) {
      const selector = data.slice(0, 10);
      if (selector === '0x08c379a0') return coder.decode(['string'], '0x' + data.slice(10))[0] as string;
      if (selector === '0x4e487b71') return `panic:0x${(coder.decode(['uint256'], '0x' + data.slice(10))[0] as bigint).toString(16)}`;
      try {
        const parsed = this.all.parseError(data);
        if (parsed) return parsed.name;
      } catch {
        /* fall through to the message */
      }
    }
    const m = err.message.match(/reverted with reason string '([^']*)'/) ?? err.message.match(/custom error '(\w+)\(/);
    if (m) return m[1];
    const p = err.message.match(/panic code (0x[0-9a-f]+)/i);
    if (p) return `panic:0x${BigInt(p[1]).toString(16)}`;
    return err.message;
  }

  private decodeLogs(logs: { address: string; topics: string[]; data: string }[], week: number, timestamp: bigint): ChainEvent[] {
    const out: ChainEvent[] = [];
    for (const l of logs) {
      const c = this.ifaces.get(l.address.toLowerCase());
      if (!c) continue;
      let parsed: LogDescription | null = null;
      try {
        parsed = c.iface.parseLog(l);
      } catch {
        parsed = null;
      }
      if (!parsed) continue;
      const args: Record<string, EventArg> = {};
      parsed.fragment.inputs.forEach((input, i) => {
        const v = parsed!.args[i] as EventArg;
        args[input.name] = typeof v === 'string' && input.type === 'address' ? v.toLowerCase() : v;
      });
      out.push({ week, timestamp, contract: c.id, name: parsed.name, args });
    }
    return out;
  }

  async runWeek(week: number, actions: readonly ChainAction[]): Promise<WeekResult> {
    const results: ActionResult[] = [];
    const events: ChainEvent[] = [];
    let failed = 0;
    for (let index = 0; index < actions.length; index++) {
      const action = actions[index];
      const t = actionTime(this.startTime, week, index);
      const tx = this.call(action);
      // One HTTP round trip: pin the block time, then send (the node processes a batch in order).
      const [pin, sent] = await rpcBatch(this.rpcUrl, [
        ['evm_setNextBlockTimestamp', ['0x' + t.toString(16)]],
        ['eth_sendTransaction', [{ ...tx, from: getAddress(tx.from), gas: GAS }]],
      ]);
      if (pin.error) throw new Error(`evm_setNextBlockTimestamp(${t}) failed: ${pin.error.message}`);
      let evs: ChainEvent[];
      let ok = true;
      let reason: string | undefined;
      if (sent.error) {
        ok = false;
        reason = this.decodeRevert(sent.error);
      } else {
        const receipt = await rpc<{ status: string; logs: { address: string; topics: string[]; data: string }[] }>(
          this.rpcUrl,
          'eth_getTransactionReceipt',
          [sent.result],
        );
        if (receipt.status !== '0x1') {
          ok = false;
          reason = 'reverted without reason';
        }
        evs = ok ? this.decodeLogs(receipt.logs, week, t) : [];
      }
      if (!ok) {
        failed++;
        evs = [failureEvent(week, t, action, reason!)];
      }
      results.push({ week, index, action, ok, reason, events: evs! });
      events.push(...evs!);
    }
    this.log.push(...events);
    return { week, results, events, failed };
  }

  private async view(id: ContractId, fn: string, args: unknown[] = []): Promise<ReturnType<Interface['decodeFunctionResult']>> {
    const iface = this.ifaces.get(this.addr[id])!.iface;
    const data = iface.encodeFunctionData(fn, args);
    const res = await rpc<string>(this.rpcUrl, 'eth_call', [{ to: this.addr[id], data }, 'latest']);
    return iface.decodeFunctionResult(fn, res);
  }

  async snapshot(accounts: readonly string[]): Promise<ChainSnapshot> {
    const gro: Record<string, bigint> = {};
    const fusd: Record<string, bigint> = {};
    const locks: Record<string, LockState> = {};
    for (const raw of accounts) {
      const a = raw.toLowerCase();
      gro[a] = (await this.view('GroToken', 'balanceOf', [a]))[0] as bigint;
      fusd[a] = (await this.view('FoodUSD', 'balanceOf', [a]))[0] as bigint;
      const l = await this.view('GroVault', 'locks', [a]);
      locks[a] = { amount: l[0] as bigint, unlockTime: l[1] as bigint, durationYears: Number(l[2]) };
    }
    const orders: OrderState[] = [];
    const orderCount = (await this.view('GroupPurchase', 'orderCount'))[0] as bigint;
    for (let i = 1n; i <= orderCount; i++) {
      const o = await this.view('GroupPurchase', 'orders', [i]);
      orders.push({
        creator: String(o[0]).toLowerCase(),
        supplier: String(o[1]).toLowerCase(),
        targetAmount: o[2] as bigint,
        totalContributed: o[3] as bigint,
        deadline: o[4] as bigint,
        executed: o[5] as boolean,
      });
    }
    const tallies: ChainSnapshot['tallies'] = [];
    const proposalCount = (await this.view('CoopGovernor', 'proposalCount'))[0] as bigint;
    for (let i = 1n; i <= proposalCount; i++) {
      const t = await this.view('CoopGovernor', 'tallies', [i]);
      const p = await this.view('CoopGovernor', 'proposals', [i]);
      tallies.push({ forVotes: t[0] as bigint, againstVotes: t[1] as bigint, executed: p[4] as boolean });
    }
    return {
      gro,
      fusd,
      locks,
      totalLocked: (await this.view('GroVault', 'totalLocked'))[0] as bigint,
      orders,
      tallies,
      groSupply: (await this.view('GroToken', 'totalSupply'))[0] as bigint,
      fusdSupply: (await this.view('FoodUSD', 'totalSupply'))[0] as bigint,
    };
  }

  events(): readonly ChainEvent[] {
    return this.log;
  }

  /** The run is over: the node is the user's again, so its log (`chain logs`, the Chain view) resumes. */
  async close(): Promise<void> {
    if (!this.silencedNode) return;
    this.silencedNode = false;
    // A node that died mid-run has no log to restore.
    await rpc(this.rpcUrl, 'hardhat_setLoggingEnabled', [true]).catch(() => undefined);
  }
}

function findHex(v: unknown): string | undefined {
  if (typeof v === 'string' && /^0x[0-9a-fA-F]*$/.test(v)) return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return findHex(o.data) ?? findHex(o.result);
  }
  return undefined;
}
