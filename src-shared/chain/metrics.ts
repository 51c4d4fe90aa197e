// On-chain metrics per simulated week, computed only from the event stream (decoded logs in hardhat mode, emitted
// events in model mode, plus ActionFailed pseudo-events). `replayMetrics(events)` is pure: replaying the same log
// gives the same rows. Wei amounts are reported in token units (decimal strings), never as 1e18-scaled floats.
import { z } from 'zod';
import { WEEK_SECONDS, formatTokens, lockPower } from './math';
import type { ChainEvent, LockState } from './types';

export const WeekMetricsSchema = z.object({
  week: z.number().int().min(0),
  /** hardhat runs: the latest block after the week (not in the event log, so never replayed). */
  block: z.number().int().min(0).optional(),
  chainId: z.number().int().positive(),
  addresses: z.record(z.string(), z.string().regex(/^0x[0-9a-fA-F]{40}$/)),
  staking: z.object({
    totalLocked: z.string(),
    activeLocks: z.number().int().min(0),
    newLocks: z.number().int().min(0),
    increases: z.number().int().min(0),
    extensions: z.number().int().min(0),
    withdrawals: z.number().int().min(0),
    lockedThisWeek: z.string(),
    withdrawnThisWeek: z.string(),
    avgLockYears: z.number().min(0),
    /** Sum of voting power at week end, in sqrt-wei units (an integer string). */
    totalVotingPower: z.string(),
    expiredUnwithdrawn: z.string(),
    /** Gini of the voting power of the addresses holding any (0 = equal power). Optional: runs stored before it. */
    votingPowerGini: z.number().min(0).max(1).optional(),
  }),
  purchases: z.object({
    ordersCreated: z.number().int().min(0),
    ordersExecuted: z.number().int().min(0),
    ordersFailed: z.number().int().min(0),
    contributed: z.string(),
    refundCount: z.number().int().min(0),
    refundVolume: z.string(),
    refundRate: z.number().min(0).max(1),
    escrow: z.string(),
    avgParticipants: z.number().min(0),
  }),
  governance: z.object({
    proposalsCreated: z.number().int().min(0),
    votesCast: z.number().int().min(0),
    uniqueVoters: z.number().int().min(0),
    eligibleVoters: z.number().int().min(0),
    turnout: z.number().min(0).max(1),
    powerUsed: z.number().min(0),
    executed: z.number().int().min(0),
    quorumMisses: z.number().int().min(0),
    notApproved: z.number().int().min(0),
    splitVoters: z.number().int().min(0),
    chairChanges: z.number().int().min(0),
    /** Proposals executed / proposals whose voting has ended, since the run began (0 before any ended). */
    passRate: z.number().min(0).max(1).optional(),
  }),
  tokens: z.object({
    fusdMinted: z.string(),
    fusdBurned: z.string(),
    fusdSupply: z.string(),
    groMinted: z.string(),
    groSupply: z.string(),
    /** Addresses with a positive balance at week end (contracts included, e.g. the vault). */
    groHolders: z.number().int().min(0).optional(),
    fusdHolders: z.number().int().min(0).optional(),
    /**
     * Co-op fees: FUSD transferred to the treasury this week, and the treasury's FUSD balance at week end. Only
     * when the replay knows the treasury; optional: runs stored before fees were paid to it.
     */
    fusdFees: z.string().optional(),
    fusdTreasury: z.string().optional(),
  }),
  failedActions: z.number().int().min(0),
  failuresByReason: z.record(z.string(), z.number().int().min(0)),
});
export type WeekMetrics = z.infer<typeof WeekMetricsSchema>;

export interface ReplayOptions {
  startTime: bigint;
  chainId?: number;
  addresses?: Record<string, string>;
  /** Number of weeks to report (default: up to the last event's week). */
  weeks?: number;
  /** The treasury (FUSD owner, fee recipient): with it the rows report the co-op fees (tokens.fusdFees/fusdTreasury). */
  treasury?: string;
}

const ZERO = '0x0000000000000000000000000000000000000000';
const ratio = (num: number, den: number) => (den > 0 ? num / den : 0);

/** Gini of non-negative values (0 for fewer than two or a zero total), sorted ascending here. */
function gini(values: number[]): number {
  const n = values.length;
  const xs = [...values].sort((a, b) => a - b);
  let total = 0;
  let weighted = 0;
  xs.forEach((x, i) => {
    total += x;
    weighted += (2 * (i + 1) - n - 1) * x;
  });
  return n > 1 && total > 0 ? Math.min(1, Math.max(0, weighted / (n * total))) : 0;
}

export function replayMetrics(events: readonly ChainEvent[], opts: ReplayOptions): WeekMetrics[] {
  const lastWeek = events.reduce((m, e) => Math.max(m, e.week), -1);
  const weeks = opts.weeks ?? lastWeek + 1;
  const byWeek: ChainEvent[][] = Array.from({ length: weeks }, () => []);
  for (const e of events) if (e.week < weeks) byWeek[e.week].push(e);

  // Cumulative state rebuilt from the log.
  const locks = new Map<string, LockState>();
  const lockHistory = new Map<string, { from: bigint; lock: LockState }[]>();
  const orders = new Map<bigint, { target: bigint; deadline: bigint; executed: boolean; total: bigint; failed: boolean; participants: Set<string> }>();
  let totalLocked = 0n;
  let fusdSupply = 0n;
  let groSupply = 0n;
  let contributedAll = 0n;
  let refundedAll = 0n;
  const proposalSnapshot = new Map<string, bigint>();
  const proposalEnd: bigint[] = [];
  let executedAll = 0;
  const balances = { GroToken: new Map<string, bigint>(), FoodUSD: new Map<string, bigint>() };
  const treasury = opts.treasury?.toLowerCase();
  const rows: WeekMetrics[] = [];

  const setLock = (acct: string, t: bigint, l: LockState) => {
    if (l.amount === 0n) locks.delete(acct);
    else locks.set(acct, l);
    const h = lockHistory.get(acct) ?? [];
    h.push({ from: t, lock: l });
    lockHistory.set(acct, h);
  };
  const powerAt = (acct: string, t: bigint) => {
    let found: LockState | undefined;
    for (const h of lockHistory.get(acct) ?? []) if (h.from <= t) found = h.lock;
    return found ? lockPower(found.amount, found.durationYears, found.unlockTime, t) : 0n;
  };

  for (let w = 0; w < weeks; w++) {
    const weekEnd = opts.startTime + BigInt(w + 1) * WEEK_SECONDS;
    let newLocks = 0, increases = 0, extensions = 0, withdrawals = 0;
    let lockedThisWeek = 0n, withdrawnThisWeek = 0n;
    let ordersCreated = 0, ordersExecuted = 0, refundCount = 0, failedActions = 0;
    let refundVolume = 0n, contributed = 0n, fusdMinted = 0n, fusdBurned = 0n, groMinted = 0n, fusdFees = 0n;
    let proposalsCreated = 0, votesCast = 0, executed = 0, quorumMisses = 0, notApproved = 0, chairChanges = 0;
    let costSum = 0n;
    const voterCalls = new Map<string, number>();
    const voters = new Set<string>();
    const failuresByReason: Record<string, number> = {};

    for (const e of byWeek[w]) {
      const a = e.args;
      switch (e.name) {
        case 'Transfer': {
          const v = a.value as bigint;
          const bal = e.contract === 'FoodUSD' ? balances.FoodUSD : balances.GroToken;
          if (a.from !== ZERO) bal.set(String(a.from), (bal.get(String(a.from)) ?? 0n) - v);
          if (a.to !== ZERO) bal.set(String(a.to), (bal.get(String(a.to)) ?? 0n) + v);
          if (a.from === ZERO) {
            if (e.contract === 'FoodUSD') { fusdMinted += v; fusdSupply += v; } else { groMinted += v; groSupply += v; }
          } else if (a.to === ZERO) {
            if (e.contract === 'FoodUSD') { fusdBurned += v; fusdSupply -= v; } else groSupply -= v;
          } else if (e.contract === 'FoodUSD' && treasury !== undefined && String(a.to) === treasury) fusdFees += v;
          break;
        }
        case 'LockCreated':
          newLocks++; lockedThisWeek += a.amount as bigint; totalLocked += a.amount as bigint;
          setLock(String(a.account), e.timestamp, { amount: a.amount as bigint, unlockTime: a.unlockTime as bigint, durationYears: Number(a.durationYears) });
          break;
        case 'LockIncreased': {
          increases++; lockedThisWeek += a.additionalAmount as bigint; totalLocked += a.additionalAmount as bigint;
          const l = locks.get(String(a.account))!;
          setLock(String(a.account), e.timestamp, { ...l, amount: a.newAmount as bigint });
          break;
        }
        case 'LockExtended': {
          extensions++;
          const l = locks.get(String(a.account))!;
          setLock(String(a.account), e.timestamp, { ...l, unlockTime: a.newUnlockTime as bigint, durationYears: Number(a.newDurationYears) });
          break;
        }
        case 'LockWithdrawn':
          withdrawals++; withdrawnThisWeek += a.amount as bigint; totalLocked -= a.amount as bigint;
          setLock(String(a.account), e.timestamp, { amount: 0n, unlockTime: 0n, durationYears: 0 });
          break;
        case 'OrderCreated':
          ordersCreated++;
          orders.set(a.orderId as bigint, { target: a.targetAmount as bigint, deadline: a.deadline as bigint, executed: false, total: 0n, failed: false, participants: new Set() });
          break;
        case 'ContributionReceived': {
          const o = orders.get(a.orderId as bigint);
          contributed += a.amount as bigint; contributedAll += a.amount as bigint;
          if (o) { o.total = a.newTotal as bigint; o.participants.add(String(a.contributor)); }
          break;
        }
        case 'OrderExecuted': {
          ordersExecuted++;
          const o = orders.get(a.orderId as bigint);
          if (o) { o.executed = true; o.total = 0n; }
          break;
        }
        case 'RefundClaimed': {
          refundCount++; refundVolume += a.amount as bigint; refundedAll += a.amount as bigint;
          const o = orders.get(a.orderId as bigint);
          if (o) o.total -= a.amount as bigint;
          break;
        }
        case 'ProposalCreated':
          proposalsCreated++;
          proposalSnapshot.set(String(a.proposalId), (a.startTime as bigint) - 1n);
          proposalEnd.push(a.endTime as bigint);
          break;
        case 'VoteCast': {
          votesCast++; costSum += a.cost as bigint;
          const voter = String(a.voter);
          voters.add(voter);
          const key = `${a.proposalId}:${voter}`;
          voterCalls.set(key, (voterCalls.get(key) ?? 0) + 1);
          break;
        }
        case 'ProposalExecuted':
          executed++;
          executedAll++;
          break;
        case 'ChairpersonTransferred':
          chairChanges++;
          break;
        case 'ActionFailed': {
          failedActions++;
          const reason = String(a.reason);
          failuresByReason[reason] = (failuresByReason[reason] ?? 0) + 1;
          if (a.kind === 'executeProposal' && reason === 'quorum not met') quorumMisses++;
          if (a.kind === 'executeProposal' && reason === 'not approved') notApproved++;
          break;
        }
      }
    }

    // Orders whose deadline passed by the week's last second (weekEnd − 1) without execution count
    // as failed, once. Contributing is allowed up to and including the deadline, so a deadline on
    // that last second has not passed yet.
    let ordersFailed = 0;
    let escrow = 0n;
    let participants = 0;
    for (const o of orders.values()) {
      if (!o.executed && !o.failed && o.deadline < weekEnd - 1n) { o.failed = true; ordersFailed++; }
      if (!o.executed) escrow += o.total;
      participants += o.participants.size;
    }

    let activeLocks = 0, yearsSum = 0, expired = 0n, totalPower = 0n;
    const powers: number[] = [];
    for (const [acct, l] of locks) {
      const p = powerAt(acct, weekEnd - 1n);
      if (p > 0n) { activeLocks++; yearsSum += l.durationYears; totalPower += p; powers.push(Number(p)); } else expired += l.amount;
    }
    // Votes are taken while now <= endTime: a proposal has ended by the week's last second (weekEnd − 1) if that is later.
    const ended = proposalEnd.filter((t) => t < weekEnd - 1n).length;
    const holders = (m: Map<string, bigint>) => [...m.values()].filter((b) => b > 0n).length;
    // Turnout and power used follow the governor: an address's power on a proposal is its power at the proposal's
    // snapshot (one second before creation), and each proposal has its own budget. Turnout = unique voters /
    // addresses with snapshot power on a proposal voted on this week; power used = cost / Σ(proposal, voter) budgets.
    const electorate = new Set<string>();
    const votedOn = new Set<string>();
    let available = 0n;
    for (const key of voterCalls.keys()) {
      const [id, voter] = key.split(':');
      const snap = proposalSnapshot.get(id);
      if (snap === undefined) continue;
      available += powerAt(voter, snap);
      if (votedOn.has(id)) continue;
      votedOn.add(id);
      for (const acct of lockHistory.keys()) if (powerAt(acct, snap) > 0n) electorate.add(acct);
    }
    const eligible = electorate.size;
    const splitVoters = [...voterCalls.values()].filter((n) => n > 1).length;

    rows.push(WeekMetricsSchema.parse({
      week: w,
      chainId: opts.chainId ?? 31337,
      addresses: opts.addresses ?? {},
      staking: {
        totalLocked: formatTokens(totalLocked),
        activeLocks,
        newLocks,
        increases,
        extensions,
        withdrawals,
        lockedThisWeek: formatTokens(lockedThisWeek),
        withdrawnThisWeek: formatTokens(withdrawnThisWeek),
        avgLockYears: ratio(yearsSum, activeLocks),
        totalVotingPower: totalPower.toString(),
        expiredUnwithdrawn: formatTokens(expired),
        votingPowerGini: gini(powers),
      },
      purchases: {
        ordersCreated,
        ordersExecuted,
        ordersFailed,
        contributed: formatTokens(contributed),
        refundCount,
        refundVolume: formatTokens(refundVolume),
        refundRate: contributedAll > 0n ? Number((refundedAll * 1_000_000n) / contributedAll) / 1_000_000 : 0,
        escrow: formatTokens(escrow),
        avgParticipants: ratio(participants, orders.size),
      },
      governance: {
        proposalsCreated,
        votesCast,
        uniqueVoters: voters.size,
        eligibleVoters: eligible,
        turnout: Math.min(1, ratio(voters.size, eligible)),
        powerUsed: available > 0n ? Number((costSum * 1_000_000n) / available) / 1_000_000 : 0,
        executed,
        quorumMisses,
        notApproved,
        splitVoters,
        chairChanges,
        passRate: Math.min(1, ratio(executedAll, ended)),
      },
      tokens: {
        fusdMinted: formatTokens(fusdMinted),
        fusdBurned: formatTokens(fusdBurned),
        fusdSupply: formatTokens(fusdSupply),
        groMinted: formatTokens(groMinted),
        groSupply: formatTokens(groSupply),
        groHolders: holders(balances.GroToken),
        fusdHolders: holders(balances.FoodUSD),
        ...(treasury !== undefined ? { fusdFees: formatTokens(fusdFees), fusdTreasury: formatTokens(balances.FoodUSD.get(treasury) ?? 0n) } : {}),
      },
      failedActions,
      failuresByReason,
    }));
  }
  return rows;
}
