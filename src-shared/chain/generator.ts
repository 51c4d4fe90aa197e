// Deterministic, scripted member-action generator for the chain adapter. Given a seed and each week's member view
// from the engine ({income, foodSpend, fee, tokensEarned}), it yields the week's contract calls: weekly FUSD budgets
// and GRO rewards, food spending (burned), the co-op fee (paid to the treasury), group-purchase rounds with refunds, staking decisions and governance cycles, plus a
// few deliberate misuses (over-voting, double refunds, early withdrawals) that must surface as reverts.
// It tracks what happened only through the events it is shown (`observe`), so both adapters, which emit the same
// events, get the same actions.
import { WEEK_SECONDS, dollarsToWei, isqrt, lockPower } from './math';
import { ChainRng } from './rng';
import type { ChainAction, ChainEvent, LockState } from './types';

export interface MemberWeekView {
  address: string;
  /** Dollars credited to the member's FoodUSD wallet this week. */
  income: number;
  /** Dollars of food spending this week (burned FUSD). */
  foodSpend: number;
  /** Dollars of co-op fee paid this week (FUSD transferred to the treasury, after the spending). */
  fee: number;
  /** GRO tokens earned this week (minted by the treasury). */
  tokensEarned: number;
}

export interface GeneratorOptions {
  seed: number;
  startTime: bigint;
  supplier: string;
  /** Every `groupBuyEvery` weeks (offset 1) a group order opens with a 2-week deadline. */
  groupBuyEvery?: number;
  stakingEvery?: number;
  governanceEvery?: number;
  contributorsPerOrder?: number;
  stakersPerRound?: number;
  maxVoters?: number;
  /** Probability of each deliberate misuse (over-vote, double refund, early withdraw). */
  misuseRate?: number;
}

interface OrderBelief {
  id: bigint;
  deadline: bigint;
  executed: boolean;
  contributors: Set<string>;
  refunded: Set<string>;
}

interface ProposalBelief {
  id: bigint;
  startTime: bigint;
  endTime: bigint;
  createdWeek: number;
}

export class ChainActionGenerator {
  private readonly rng: ChainRng;
  private readonly o: Required<GeneratorOptions>;
  private readonly gro = new Map<string, bigint>();
  private readonly locks = new Map<string, LockState>();
  private readonly lockHistory = new Map<string, { from: bigint; lock: LockState }[]>();
  private readonly orders: OrderBelief[] = [];
  private readonly proposals: ProposalBelief[] = [];
  private ordersCreated = 0n;
  private proposalsCreated = 0n;

  constructor(opts: GeneratorOptions) {
    this.o = {
      groupBuyEvery: 4,
      stakingEvery: 4,
      governanceEvery: 6,
      contributorsPerOrder: 10,
      stakersPerRound: 5,
      maxVoters: 15,
      misuseRate: 0.1,
      ...opts,
      supplier: opts.supplier.toLowerCase(),
    };
    this.rng = new ChainRng(opts.seed);
  }

  /** Update beliefs from the events an adapter emitted (call after each runWeek). */
  observe(events: readonly ChainEvent[]): void {
    for (const e of events) {
      const a = e.args;
      if (e.name === 'Transfer' && e.contract === 'GroToken') {
        const from = String(a.from);
        const to = String(a.to);
        const v = a.value as bigint;
        this.gro.set(from, (this.gro.get(from) ?? 0n) - v);
        this.gro.set(to, (this.gro.get(to) ?? 0n) + v);
      } else if (e.name === 'LockCreated') {
        this.setLock(String(a.account), e.timestamp, {
          amount: a.amount as bigint,
          unlockTime: a.unlockTime as bigint,
          durationYears: Number(a.durationYears),
        });
      } else if (e.name === 'LockIncreased') {
        const l = this.locks.get(String(a.account))!;
        this.setLock(String(a.account), e.timestamp, { ...l, amount: a.newAmount as bigint });
      } else if (e.name === 'LockExtended') {
        const l = this.locks.get(String(a.account))!;
        this.setLock(String(a.account), e.timestamp, {
          ...l,
          unlockTime: a.newUnlockTime as bigint,
          durationYears: Number(a.newDurationYears),
        });
      } else if (e.name === 'LockWithdrawn') {
        this.setLock(String(a.account), e.timestamp, { amount: 0n, unlockTime: 0n, durationYears: 0 });
      } else if (e.name === 'OrderCreated') {
        this.orders.push({
          id: a.orderId as bigint,
          deadline: a.deadline as bigint,
          executed: false,
          contributors: new Set(),
          refunded: new Set(),
        });
      } else if (e.name === 'ContributionReceived') {
        this.orders.find((o) => o.id === a.orderId)?.contributors.add(String(a.contributor));
      } else if (e.name === 'OrderExecuted') {
        const o = this.orders.find((x) => x.id === a.orderId);
        if (o) o.executed = true;
      } else if (e.name === 'RefundClaimed') {
        this.orders.find((o) => o.id === a.orderId)?.refunded.add(String(a.participant));
      } else if (e.name === 'ProposalCreated') {
        this.proposals.push({
          id: a.proposalId as bigint,
          startTime: a.startTime as bigint,
          endTime: a.endTime as bigint,
          createdWeek: e.week,
        });
      }
    }
  }

  private setLock(account: string, from: bigint, lock: LockState): void {
    if (lock.amount === 0n) this.locks.delete(account);
    else this.locks.set(account, lock);
    const h = this.lockHistory.get(account) ?? [];
    h.push({ from, lock });
    this.lockHistory.set(account, h);
  }

  private powerAt(account: string, t: bigint): bigint {
    let found: LockState | undefined;
    for (const h of this.lockHistory.get(account) ?? []) if (h.from <= t) found = h.lock;
    return found ? lockPower(found.amount, found.durationYears, found.unlockTime, t) : 0n;
  }

  /** The actions of `week`, in order. */
  weekActions(week: number, views: readonly MemberWeekView[]): ChainAction[] {
    const actions: ChainAction[] = [];
    const rng = this.rng;
    const weekStart = this.o.startTime + BigInt(week) * WEEK_SECONDS;
    const members = views.map((v) => v.address.toLowerCase());

    // 0. Governance opens the week (index 0), so its window (7 days) covers the rest of the week.
    let proposal: { id: bigint; startTime: bigint } | null = null;
    if (week % this.o.governanceEvery === 3 % this.o.governanceEvery && members.length > 0) {
      this.proposalsCreated += 1n;
      proposal = { id: this.proposalsCreated, startTime: weekStart + 1n }; // actionTime(week, 0)
      actions.push({
        kind: 'createProposal',
        member: members[rng.int(0, members.length - 1)],
        description: `Proposal ${this.proposalsCreated} (week ${week})`,
      });
    }

    // 1. Weekly budgets, rewards, spending and the co-op fee (the engine deducts the fee after the spending; either
    //    above the balance reverts, as it would on chain).
    for (const v of views) {
      const m = v.address.toLowerCase();
      if (v.income > 0) actions.push({ kind: 'mintFood', to: m, amount: dollarsToWei(v.income) });
      if (v.tokensEarned > 0) actions.push({ kind: 'reward', to: m, amount: dollarsToWei(v.tokensEarned) });
      if (v.foodSpend > 0) actions.push({ kind: 'spendFood', member: m, amount: dollarsToWei(v.foodSpend) });
      if (v.fee > 0) actions.push({ kind: 'payFee', member: m, amount: dollarsToWei(v.fee) });
    }

    // 2. Refunds for orders whose deadline has passed without execution (and the odd double refund).
    for (const o of this.orders) {
      if (o.executed || o.deadline >= weekStart) continue;
      for (const c of [...o.contributors].sort()) {
        if (o.refunded.has(c)) continue;
        actions.push({ kind: 'claimRefund', member: c, orderId: o.id });
        if (rng.chance(this.o.misuseRate)) actions.push({ kind: 'claimRefund', member: c, orderId: o.id });
      }
    }

    // 3. Group-purchase round: an order with a 2-week deadline and a handful of contributors.
    if (week % this.o.groupBuyEvery === 1 % this.o.groupBuyEvery && members.length > 0) {
      const creator = members[rng.int(0, members.length - 1)];
      const contributors = rng.sample(members, Math.min(this.o.contributorsPerOrder, members.length));
      const amounts = contributors.map(() => rng.int(50, 150));
      // Some orders are over-ambitious so that refunds happen; others overshoot to exercise the cap.
      const factor = rng.chance(0.4) ? 1.3 : 0.9;
      const target = dollarsToWei(Math.round(amounts.reduce((s, x) => s + x, 0) * factor));
      this.ordersCreated += 1n;
      const orderId = this.ordersCreated; // the id it gets if creation succeeds (ids are sequential on both sides)
      actions.push({
        kind: 'createOrder',
        member: creator,
        supplier: this.o.supplier,
        target,
        deadline: weekStart + 2n * WEEK_SECONDS,
      });
      contributors.forEach((c, i) => actions.push({ kind: 'contribute', member: c, orderId, amount: dollarsToWei(amounts[i]) }));
    }

    // 4. Staking round: lock half the GRO balance for 1-3 years, top up or extend existing locks.
    if (week % this.o.stakingEvery === 2 % this.o.stakingEvery) {
      for (const m of rng.sample(members, Math.min(this.o.stakersPerRound, members.length))) {
        const bal = this.gro.get(m) ?? 0n;
        const lock = this.locks.get(m);
        if (!lock) {
          if (bal > 1n) actions.push({ kind: 'createLock', member: m, amount: bal / 2n, years: rng.int(1, 3) });
        } else if (lock.unlockTime <= weekStart) {
          actions.push({ kind: 'withdraw', member: m });
        } else if ((rng.chance(0.5) || lock.durationYears >= 4) && bal > 1n) {
          // A 4-year lock cannot be extended (the new duration must be greater and at most 4): top it up instead.
          actions.push({ kind: 'increaseLock', member: m, amount: bal / 2n });
        } else if (lock.durationYears < 4) {
          actions.push({ kind: 'extendLock', member: m, years: lock.durationYears + 1 });
        }
        if (lock && lock.unlockTime > weekStart && rng.chance(this.o.misuseRate)) {
          actions.push({ kind: 'withdraw', member: m }); // early withdrawal: "not unlocked"
        }
      }
    }

    // 5. Governance: a proposal opened as the week's first action (see above) is voted on at the end of the same
    //    week, and executed (or its execute reverts) in the following week, after its 7-day window.
    if (proposal) {
      const snapshot = proposal.startTime - 1n;
      const eligible = members.filter((m) => this.powerAt(m, snapshot) > 0n);
      for (const m of rng.sample(eligible, Math.min(this.o.maxVoters, eligible.length))) {
        const maxVotes = isqrt(this.powerAt(m, snapshot));
        const support = rng.chance(0.65);
        if (rng.chance(this.o.misuseRate)) {
          actions.push({ kind: 'castVote', member: m, proposalId: proposal.id, votes: maxVotes + 1n, support });
          continue;
        }
        // Split votes in two calls sometimes: the cumulative cost makes this no cheaper than one call, so the
        // second call stays within what is left, (first + second)^2 <= power (only the misuse above over-votes).
        const first = rng.bigBelow(maxVotes) + 1n;
        actions.push({ kind: 'castVote', member: m, proposalId: proposal.id, votes: first, support });
        if (rng.chance(0.25) && first < maxVotes) {
          actions.push({ kind: 'castVote', member: m, proposalId: proposal.id, votes: rng.bigBelow(maxVotes - first) + 1n, support });
        }
      }
    }
    for (const p of this.proposals) {
      if (p.createdWeek === week - 1 && members.length > 0) {
        actions.push({ kind: 'executeProposal', member: members[0], proposalId: p.id });
      }
    }
    return actions;
  }
}

/** A seeded stand-in for the engine's per-member weekly view, for scripted runs and tests. */
export function scriptedMemberViews(seed: number, members: readonly string[], week: number): MemberWeekView[] {
  const rng = new ChainRng((seed ^ Math.imul(week + 1, 0x9e3779b1)) >>> 0);
  return members.map((address) => {
    const income = rng.int(5000, 15000) / 100;
    // Box-Muller gaussian reward, mean 0.5 and sd 0.2, floored at 0 (the Python model's rule).
    const u = Math.max(rng.next(), 1e-12);
    const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
    const tokensEarned = Math.max(0, Math.round((0.5 + 0.2 * g) * 1e6) / 1e6);
    // Mostly below income; sometimes above the whole balance, which must revert on chain.
    const foodSpend = rng.chance(0.05) ? income * 50 : Math.round(income * (0.6 + 0.35 * rng.next()) * 100) / 100;
    // The default co-op fee (drawn from nothing, so the stream above is unchanged); it reverts after an overspend.
    return { address, income, foodSpend, fee: 1, tokensEarned };
  });
}

/** Deterministic member addresses (not real keys: the local node impersonates them). */
export function memberAddresses(count: number, prefix = 'a11ce'): string[] {
  return Array.from({ length: count }, (_, i) => `0x${prefix}${(i + 1).toString(16).padStart(40 - prefix.length, '0')}`);
}
