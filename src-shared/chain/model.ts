// In-process model of the five hardened contracts (contracts/contracts/*.sol). It follows the Solidity rules
// exactly: bigint wei, sqrt-wei voting power, the same check order and the same revert reasons, and it emits the
// same events in the same order (token Transfer events included). A reverted call changes nothing, as on chain.
import { UINT256_MAX, YEAR_SECONDS, lockPower } from './math';
import type {
  ActionResult,
  ChainAction,
  ChainAdapter,
  ChainEvent,
  ChainSnapshot,
  ContractId,
  EventArg,
  LockState,
  OrderState,
  WeekResult,
} from './types';
import { actionTime, failureEvent } from './types';

const ZERO = '0x0000000000000000000000000000000000000000';
const MAX_ORDER_DURATION = 365n * 86400n;

/** A contract revert: `reason` is the string, the custom error name or "panic:0x11". */
export class ModelRevert extends Error {
  constructor(readonly reason: string) {
    super(`reverted: ${reason}`);
  }
}

function req(cond: boolean, reason: string): void {
  if (!cond) throw new ModelRevert(reason);
}

/** Checked uint256 add, as Solidity 0.8 arithmetic. */
function add(a: bigint, b: bigint): bigint {
  const r = a + b;
  if (r > UINT256_MAX) throw new ModelRevert('panic:0x11');
  return r;
}

function mul(a: bigint, b: bigint): bigint {
  const r = a * b;
  if (r > UINT256_MAX) throw new ModelRevert('panic:0x11');
  return r;
}

export interface ModelAddresses {
  GroToken: string;
  FoodUSD: string;
  GroVault: string;
  GroupPurchase: string;
  CoopGovernor: string;
}

interface Checkpoint extends LockState {
  fromTime: bigint;
}

interface Proposal {
  description: string;
  startTime: bigint;
  endTime: bigint;
  executed: boolean;
  quorum: bigint;
  forVotes: bigint;
  againstVotes: bigint;
  votesCast: Map<string, bigint>;
}

class TokenModel {
  readonly balances = new Map<string, bigint>();
  totalSupply = 0n;
  constructor(readonly id: 'GroToken' | 'FoodUSD') {}
  balanceOf(a: string): bigint {
    return this.balances.get(a) ?? 0n;
  }
}

/** Pending state changes of one call; applied only when the whole call succeeds. */
type Emit = (contract: ContractId, name: string, args: Record<string, EventArg>) => void;

export interface ContractModelOptions {
  treasury: string;
  addresses: ModelAddresses;
  votingPeriod?: bigint;
  quorumVotes?: bigint;
}

/** The five contracts' state. Each public method is one transaction at time `now` by `sender`. */
export class ContractModel {
  readonly gro = new TokenModel('GroToken');
  readonly fusd = new TokenModel('FoodUSD');
  readonly treasury: string;
  readonly addr: ModelAddresses;
  // GroVault
  totalLocked = 0n;
  readonly locks = new Map<string, LockState>();
  readonly checkpoints = new Map<string, Checkpoint[]>();
  // GroupPurchase
  readonly orders: OrderState[] = [];
  readonly contributions = new Map<string, bigint>(); // `${orderId}:${addr}`
  // CoopGovernor
  readonly proposals: Proposal[] = [];
  votingPeriod: bigint;
  quorumVotes: bigint;

  constructor(opts: ContractModelOptions) {
    this.treasury = opts.treasury.toLowerCase();
    this.addr = Object.fromEntries(
      Object.entries(opts.addresses).map(([k, v]) => [k, v.toLowerCase()]),
    ) as unknown as ModelAddresses;
    this.votingPeriod = opts.votingPeriod ?? 604800n;
    this.quorumVotes = opts.quorumVotes ?? 50n;
  }

  /** Run one action atomically: on a revert nothing changes and the reason is returned. */
  apply(action: ChainAction, now: bigint, week: number): { ok: boolean; reason?: string; events: ChainEvent[] } {
    const events: ChainEvent[] = [];
    const emit: Emit = (contract, name, args) => events.push({ week, timestamp: now, contract, name, args });
    // Token mints, burns and transfers can only revert before they change anything (balance/overflow checks come first), so
    // they skip the copy; every other call is copied for revert-on-failure.
    const checksFirst = action.kind === 'mintFood' || action.kind === 'reward' || action.kind === 'spendFood' || action.kind === 'payFee';
    const snapshot = checksFirst ? null : this.clone(action.kind);
    try {
      this.dispatch(action, now, emit);
      return { ok: true, events };
    } catch (err) {
      if (!(err instanceof ModelRevert)) throw err;
      if (snapshot) this.restore(snapshot);
      return { ok: false, reason: err.reason, events: [] };
    }
  }

  // --- ERC20 -------------------------------------------------------------------------------------------------
  private transfer(token: TokenModel, from: string, to: string, value: bigint, emit: Emit): void {
    const bal = token.balanceOf(from);
    if (from !== ZERO && bal < value) throw new ModelRevert('ERC20InsufficientBalance');
    if (from === ZERO) token.totalSupply = add(token.totalSupply, value);
    else token.balances.set(from, bal - value);
    if (to === ZERO) token.totalSupply -= value;
    else token.balances.set(to, token.balanceOf(to) + value);
    emit(token.id, 'Transfer', { from, to, value });
  }

  private mint(token: TokenModel, sender: string, to: string, amount: bigint, emit: Emit): void {
    req(sender === this.treasury, 'OwnableUnauthorizedAccount');
    req(to !== ZERO, 'ERC20InvalidReceiver');
    this.transfer(token, ZERO, to, amount, emit);
  }

  // --- GroVault ----------------------------------------------------------------------------------------------
  private writeCheckpoint(account: string, now: bigint): void {
    const lock = this.locks.get(account) ?? { amount: 0n, unlockTime: 0n, durationYears: 0 };
    const history = this.checkpoints.get(account) ?? [];
    const cp: Checkpoint = { fromTime: now, ...lock };
    if (history.length > 0 && history[history.length - 1].fromTime === now) history[history.length - 1] = cp;
    else history.push(cp);
    this.checkpoints.set(account, history);
  }

  votingPower(account: string, now: bigint): bigint {
    const l = this.locks.get(account);
    return l ? lockPower(l.amount, l.durationYears, l.unlockTime, now) : 0n;
  }

  votingPowerAt(account: string, timepoint: bigint): bigint {
    const history = this.checkpoints.get(account) ?? [];
    let found: Checkpoint | undefined;
    for (const cp of history) {
      if (cp.fromTime <= timepoint) found = cp;
      else break;
    }
    return found ? lockPower(found.amount, found.durationYears, found.unlockTime, timepoint) : 0n;
  }

  private createLock(sender: string, amount: bigint, years: number, now: bigint, emit: Emit): void {
    req(amount > 0n, 'amount zero');
    req((this.locks.get(sender)?.amount ?? 0n) === 0n, 'lock exists');
    req(years >= 1 && years <= 4, 'invalid duration');
    const unlockTime = now + YEAR_SECONDS * BigInt(years);
    this.locks.set(sender, { amount, unlockTime, durationYears: years });
    this.totalLocked = add(this.totalLocked, amount);
    this.writeCheckpoint(sender, now);
    emit('GroVault', 'LockCreated', { account: sender, amount, durationYears: BigInt(years), unlockTime });
    this.transfer(this.gro, sender, this.addr.GroVault, amount, emit);
  }

  private increaseLock(sender: string, amount: bigint, now: bigint, emit: Emit): void {
    req(amount > 0n, 'amount zero');
    const l = this.locks.get(sender);
    req(l !== undefined && l.amount > 0n, 'no lock');
    req(now < l!.unlockTime, 'lock expired');
    const newAmount = add(l!.amount, amount);
    this.locks.set(sender, { ...l!, amount: newAmount });
    this.totalLocked = add(this.totalLocked, amount);
    this.writeCheckpoint(sender, now);
    emit('GroVault', 'LockIncreased', { account: sender, additionalAmount: amount, newAmount });
    this.transfer(this.gro, sender, this.addr.GroVault, amount, emit);
  }

  private extendLock(sender: string, years: number, now: bigint, emit: Emit): void {
    const l = this.locks.get(sender);
    req(l !== undefined && l.amount > 0n, 'no lock');
    req(now < l!.unlockTime, 'lock expired');
    req(years > l!.durationYears, 'duration not increased');
    req(years >= 1 && years <= 4, 'invalid duration');
    const unlockTime = now + YEAR_SECONDS * BigInt(years);
    this.locks.set(sender, { amount: l!.amount, unlockTime, durationYears: years });
    this.writeCheckpoint(sender, now);
    emit('GroVault', 'LockExtended', { account: sender, newDurationYears: BigInt(years), newUnlockTime: unlockTime });
  }

  private withdraw(sender: string, now: bigint, emit: Emit): void {
    const l = this.locks.get(sender);
    req(l !== undefined && l.amount > 0n, 'no lock');
    req(now >= l!.unlockTime, 'not unlocked');
    this.totalLocked -= l!.amount;
    this.locks.delete(sender);
    this.writeCheckpoint(sender, now);
    emit('GroVault', 'LockWithdrawn', { account: sender, amount: l!.amount });
    this.transfer(this.gro, this.addr.GroVault, sender, l!.amount, emit);
  }

  // --- GroupPurchase -----------------------------------------------------------------------------------------
  private order(id: bigint): OrderState | undefined {
    return id >= 1n && id <= BigInt(this.orders.length) ? this.orders[Number(id) - 1] : undefined;
  }

  private createOrder(sender: string, supplier: string, target: bigint, deadline: bigint, now: bigint, emit: Emit) {
    req(supplier !== ZERO, 'supplier zero');
    req(supplier !== this.addr.GroupPurchase, 'supplier invalid');
    req(target > 0n, 'target zero');
    req(deadline > now, 'deadline past');
    req(deadline <= now + MAX_ORDER_DURATION, 'deadline too far');
    this.orders.push({ creator: sender, supplier, targetAmount: target, totalContributed: 0n, deadline, executed: false });
    const orderId = BigInt(this.orders.length);
    emit('GroupPurchase', 'OrderCreated', { orderId, creator: sender, supplier, targetAmount: target, deadline });
  }

  private contribute(sender: string, orderId: bigint, amount: bigint, now: bigint, emit: Emit): void {
    req(amount > 0n, 'amount zero');
    const o = this.order(orderId);
    req(o !== undefined, 'invalid order');
    req(!o!.executed, 'executed');
    req(now <= o!.deadline, 'deadline passed');
    const remaining = o!.targetAmount - o!.totalContributed;
    req(remaining > 0n, 'order funded');
    const accepted = amount < remaining ? amount : remaining;
    const key = `${orderId}:${sender}`;
    this.contributions.set(key, (this.contributions.get(key) ?? 0n) + accepted);
    o!.totalContributed += accepted;
    emit('GroupPurchase', 'ContributionReceived', {
      orderId,
      contributor: sender,
      amount: accepted,
      newTotal: o!.totalContributed,
    });
    this.transfer(this.fusd, sender, this.addr.GroupPurchase, accepted, emit);
    if (o!.totalContributed === o!.targetAmount) {
      // FoodUSD never refuses a transfer, so the automatic payment always succeeds here.
      o!.executed = true;
      this.transfer(this.fusd, this.addr.GroupPurchase, o!.supplier, o!.targetAmount, emit);
      emit('GroupPurchase', 'OrderExecuted', { orderId, supplier: o!.supplier, totalSent: o!.targetAmount });
    }
  }

  private executeOrder(orderId: bigint, emit: Emit): void {
    const o = this.order(orderId);
    req(o !== undefined, 'invalid order');
    req(!o!.executed, 'executed');
    req(o!.totalContributed >= o!.targetAmount, 'target not met');
    o!.executed = true;
    emit('GroupPurchase', 'OrderExecuted', { orderId, supplier: o!.supplier, totalSent: o!.totalContributed });
    this.transfer(this.fusd, this.addr.GroupPurchase, o!.supplier, o!.totalContributed, emit);
  }

  private claimRefund(sender: string, orderId: bigint, now: bigint, emit: Emit): void {
    const o = this.order(orderId);
    req(o !== undefined, 'invalid order');
    req(!o!.executed, 'executed');
    req(now > o!.deadline, 'deadline not passed');
    const key = `${orderId}:${sender}`;
    const amount = this.contributions.get(key) ?? 0n;
    req(amount > 0n, 'nothing to refund');
    this.contributions.set(key, 0n);
    o!.totalContributed -= amount;
    emit('GroupPurchase', 'RefundClaimed', { orderId, participant: sender, amount });
    this.transfer(this.fusd, this.addr.GroupPurchase, sender, amount, emit);
  }

  // --- CoopGovernor ------------------------------------------------------------------------------------------
  private proposal(id: bigint): Proposal | undefined {
    return id >= 1n && id <= BigInt(this.proposals.length) ? this.proposals[Number(id) - 1] : undefined;
  }

  private createProposal(description: string, now: bigint, emit: Emit): void {
    const endTime = now + this.votingPeriod;
    this.proposals.push({
      description,
      startTime: now,
      endTime,
      executed: false,
      quorum: this.quorumVotes,
      forVotes: 0n,
      againstVotes: 0n,
      votesCast: new Map(),
    });
    const proposalId = BigInt(this.proposals.length);
    emit('CoopGovernor', 'ProposalCreated', { proposalId, description, startTime: now, endTime });
  }

  private castVote(sender: string, proposalId: bigint, votes: bigint, support: boolean, now: bigint, emit: Emit) {
    req(votes > 0n, 'votes zero');
    const p = this.proposal(proposalId);
    req(p !== undefined, 'invalid proposal');
    req(now >= p!.startTime, 'not started');
    req(now <= p!.endTime, 'voting closed');
    const previous = p!.votesCast.get(sender) ?? 0n;
    const total = add(previous, votes);
    const newSpent = mul(total, total);
    const cost = newSpent - previous * previous;
    req(newSpent <= this.votingPowerAt(sender, p!.startTime - 1n), 'insufficient power');
    p!.votesCast.set(sender, total);
    if (support) p!.forVotes = add(p!.forVotes, votes);
    else p!.againstVotes = add(p!.againstVotes, votes);
    emit('CoopGovernor', 'VoteCast', { proposalId, voter: sender, support, votes, cost });
  }

  private executeProposal(proposalId: bigint, now: bigint, emit: Emit): void {
    const p = this.proposal(proposalId);
    req(p !== undefined, 'invalid proposal');
    req(now > p!.endTime, 'voting ongoing');
    req(!p!.executed, 'executed');
    req(p!.forVotes >= p!.quorum, 'quorum not met');
    req(p!.forVotes > p!.againstVotes, 'not approved');
    p!.executed = true;
    emit('CoopGovernor', 'ProposalExecuted', { proposalId, forVotes: p!.forVotes, againstVotes: p!.againstVotes });
  }

  spentVotingPower(proposalId: bigint, voter: string): bigint {
    const v = this.proposal(proposalId)?.votesCast.get(voter) ?? 0n;
    return v * v;
  }

  private dispatch(a: ChainAction, now: bigint, emit: Emit): void {
    switch (a.kind) {
      case 'mintFood':
        return this.mint(this.fusd, this.treasury, a.to.toLowerCase(), a.amount, emit);
      case 'reward':
        return this.mint(this.gro, this.treasury, a.to.toLowerCase(), a.amount, emit);
      case 'spendFood':
        return this.transfer(this.fusd, a.member.toLowerCase(), ZERO, a.amount, emit);
      case 'payFee':
        req(this.treasury !== ZERO, 'ERC20InvalidReceiver');
        return this.transfer(this.fusd, a.member.toLowerCase(), this.treasury, a.amount, emit);
      case 'createOrder':
        return this.createOrder(a.member.toLowerCase(), a.supplier.toLowerCase(), a.target, a.deadline, now, emit);
      case 'contribute':
        return this.contribute(a.member.toLowerCase(), a.orderId, a.amount, now, emit);
      case 'claimRefund':
        return this.claimRefund(a.member.toLowerCase(), a.orderId, now, emit);
      case 'executeOrder':
        return this.executeOrder(a.orderId, emit);
      case 'createLock':
        return this.createLock(a.member.toLowerCase(), a.amount, a.years, now, emit);
      case 'increaseLock':
        return this.increaseLock(a.member.toLowerCase(), a.amount, now, emit);
      case 'extendLock':
        return this.extendLock(a.member.toLowerCase(), a.years, now, emit);
      case 'withdraw':
        return this.withdraw(a.member.toLowerCase(), now, emit);
      case 'createProposal':
        return this.createProposal(a.description, now, emit);
      case 'castVote':
        return this.castVote(a.member.toLowerCase(), a.proposalId, a.votes, a.support, now, emit);
      case 'executeProposal':
        return this.executeProposal(a.proposalId, now, emit);
    }
  }

  snapshot(accounts: readonly string[]): ChainSnapshot {
    const gro: Record<string, bigint> = {};
    const fusd: Record<string, bigint> = {};
    const locks: Record<string, LockState> = {};
    for (const raw of accounts) {
      const a = raw.toLowerCase();
      gro[a] = this.gro.balanceOf(a);
      fusd[a] = this.fusd.balanceOf(a);
      locks[a] = { ...(this.locks.get(a) ?? { amount: 0n, unlockTime: 0n, durationYears: 0 }) };
    }
    return {
      gro,
      fusd,
      locks,
      totalLocked: this.totalLocked,
      orders: this.orders.map((o) => ({ ...o })),
      tallies: this.proposals.map((p) => ({ forVotes: p.forVotes, againstVotes: p.againstVotes, executed: p.executed })),
      groSupply: this.gro.totalSupply,
      fusdSupply: this.fusd.totalSupply,
    };
  }

  // Copy for revert-on-failure, limited to the state the action's contract can touch (the model is small, but a
  // full copy per call dominated model-mode runs).
  private clone(kind: ChainAction['kind']) {
    const vault = kind === 'createLock' || kind === 'increaseLock' || kind === 'extendLock' || kind === 'withdraw';
    const orders = kind === 'createOrder' || kind === 'contribute' || kind === 'claimRefund' || kind === 'executeOrder';
    const gov = kind === 'createProposal' || kind === 'castVote' || kind === 'executeProposal';
    const all = !vault && !orders && !gov;
    return {
      gro: vault || all ? new Map(this.gro.balances) : undefined,
      groSupply: this.gro.totalSupply,
      fusd: orders || all ? new Map(this.fusd.balances) : undefined,
      fusdSupply: this.fusd.totalSupply,
      totalLocked: this.totalLocked,
      locks: vault || all ? new Map(this.locks) : undefined,
      checkpoints: vault || all ? new Map([...this.checkpoints].map(([k, v]) => [k, v.slice()])) : undefined,
      orders: orders || all ? this.orders.map((o) => ({ ...o })) : undefined,
      contributions: orders || all ? new Map(this.contributions) : undefined,
      proposals: gov || all ? this.proposals.map((p) => ({ ...p, votesCast: new Map(p.votesCast) })) : undefined,
    };
  }

  private restore(s: ReturnType<ContractModel['clone']>): void {
    const reset = <K, V>(m: Map<K, V>, from: Map<K, V> | undefined) => {
      if (!from) return;
      m.clear();
      for (const [k, v] of from) m.set(k, v);
    };
    reset(this.gro.balances, s.gro);
    this.gro.totalSupply = s.groSupply;
    reset(this.fusd.balances, s.fusd);
    this.fusd.totalSupply = s.fusdSupply;
    this.totalLocked = s.totalLocked;
    reset(this.locks, s.locks);
    reset(this.checkpoints, s.checkpoints);
    if (s.orders) this.orders.splice(0, this.orders.length, ...s.orders);
    reset(this.contributions, s.contributions);
    if (s.proposals) this.proposals.splice(0, this.proposals.length, ...s.proposals);
  }
}

/** Deterministic placeholder addresses for pure model runs (no deployment). */
export const MODEL_ADDRESSES: ModelAddresses = {
  GroToken: '0x00000000000000000000000000000000000c0001',
  FoodUSD: '0x00000000000000000000000000000000000c0002',
  GroVault: '0x00000000000000000000000000000000000c0003',
  GroupPurchase: '0x00000000000000000000000000000000000c0004',
  CoopGovernor: '0x00000000000000000000000000000000000c0005',
};
export const MODEL_TREASURY = '0x00000000000000000000000000000000000c0000';

/** The `model` chain adapter: runs every action through ContractModel on the shared clock. */
export class ModelChainAdapter implements ChainAdapter {
  readonly mode = 'model' as const;
  readonly model: ContractModel;
  readonly startTime: bigint;
  readonly treasury: string;
  private readonly log: ChainEvent[] = [];

  constructor(opts: Partial<ContractModelOptions> & { startTime: bigint }) {
    this.treasury = (opts.treasury ?? MODEL_TREASURY).toLowerCase();
    this.model = new ContractModel({
      treasury: this.treasury,
      addresses: opts.addresses ?? MODEL_ADDRESSES,
      votingPeriod: opts.votingPeriod,
      quorumVotes: opts.quorumVotes,
    });
    this.startTime = opts.startTime;
  }

  async runWeek(week: number, actions: readonly ChainAction[]): Promise<WeekResult> {
    return this.runWeekSync(week, actions);
  }

  runWeekSync(week: number, actions: readonly ChainAction[]): WeekResult {
    const results: ActionResult[] = [];
    const events: ChainEvent[] = [];
    let failed = 0;
    actions.forEach((action, index) => {
      const now = actionTime(this.startTime, week, index);
      const r = this.model.apply(action, now, week);
      const evs = r.ok ? r.events : [failureEvent(week, now, action, r.reason!)];
      if (!r.ok) failed++;
      results.push({ week, index, action, ok: r.ok, reason: r.reason, events: evs });
      events.push(...evs);
    });
    this.log.push(...events);
    return { week, results, events, failed };
  }

  async snapshot(accounts: readonly string[]): Promise<ChainSnapshot> {
    return this.model.snapshot(accounts);
  }

  events(): readonly ChainEvent[] {
    return this.log;
  }

  async close(): Promise<void> {}
}
