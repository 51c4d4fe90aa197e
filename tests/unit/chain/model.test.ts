import { describe, expect, it } from 'vitest';
import {
  ChainActionGenerator,
  ChainRng,
  ContractModel,
  MODEL_ADDRESSES,
  MODEL_TREASURY,
  ModelChainAdapter,
  YEAR_SECONDS,
  dollarsToWei,
  formatTokens,
  isqrt,
  lockPower,
  memberAddresses,
  parseManifest,
  replayMetrics,
  scriptedMemberViews,
  actionTime,
  type ChainAction,
  type ChainEvent,
} from '../../../src-shared/chain';
import { manifestContract, manifestFixture } from '../../helpers/manifest';

const E = (n: number) => BigInt(n) * 10n ** 18n;
const [alice, bob, carol, dave] = memberAddresses(4);
const SUPPLIER = '0x5aa1e00000000000000000000000000000000001';

function fresh() {
  return new ContractModel({ treasury: MODEL_TREASURY, addresses: MODEL_ADDRESSES });
}

describe('chain math', () => {
  it('isqrt and lock power reproduce the spec reference values', () => {
    expect(isqrt(E(1))).toBe(1_000_000_000n);
    expect(lockPower(E(5000), 4, 10n, 0n)).toBe(176776695295n);
    expect(lockPower(E(3000), 2, 10n, 0n)).toBe(82158383625n);
    expect(lockPower(1n, 4, 10n, 0n)).toBe(2n);
    expect(lockPower(E(1), 1, 10n, 10n)).toBe(0n); // 0 at unlockTime
  });

  it('converts float dollars to wei without BigInt errors (0.1 + 0.2) and formats wei as tokens', () => {
    expect(dollarsToWei(0.1 + 0.2)).toBe(300000000000000000n);
    expect(dollarsToWei(123.456789)).toBe(123456789000000000000n);
    expect(dollarsToWei(1e21)).toBe(10n ** 39n); // toFixed gives "1e+21" here
    expect(dollarsToWei(2 ** 80)).toBe((1n << 80n) * 10n ** 18n);
    expect(() => dollarsToWei(Number.NaN)).toThrow(/finite/);
    expect(() => dollarsToWei(-1)).toThrow(/>= 0/);
    expect(formatTokens(E(8000))).toBe('8000.0');
    expect(formatTokens(1n)).toBe('0.000000000000000001');
  });

  it('the seeded PRNG is deterministic and seed-sensitive', () => {
    const a = new ChainRng(42);
    const b = new ChainRng(42);
    const c = new ChainRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('a 1-year lock made in week 0 unlocks at 365 days, not 52 weeks', () => {
    const m = new ModelChainAdapter({ startTime: 1_000_000n });
    m.runWeekSync(0, [
      { kind: 'reward', to: alice, amount: E(10) },
      { kind: 'createLock', member: alice, amount: E(1), years: 1 },
    ]);
    const t = actionTime(1_000_000n, 0, 1);
    const lock = m.model.locks.get(alice)!;
    expect(lock.unlockTime).toBe(t + YEAR_SECONDS);
    // At week 52 (364 days) the lock is still active and cannot be withdrawn.
    const r = m.runWeekSync(52, [{ kind: 'withdraw', member: alice }]);
    expect(r.results[0].reason).toBe('not unlocked');
    expect(m.model.votingPower(alice, actionTime(1_000_000n, 52, 0))).toBeGreaterThan(0n);
    expect(m.runWeekSync(53, [{ kind: 'withdraw', member: alice }]).results[0].ok).toBe(true);
  });
});

describe('ContractModel follows the hardened Solidity rules', () => {
  it('reproduces the upstream governance fixture (90 + 40 = 130, Bob spent 1600)', () => {
    const m = fresh();
    let t = 100n;
    const run = (a: ChainAction) => m.apply(a, t++, 0);
    run({ kind: 'reward', to: alice, amount: E(10000) });
    run({ kind: 'reward', to: bob, amount: E(5000) });
    expect(run({ kind: 'createLock', member: alice, amount: E(5000), years: 4 }).ok).toBe(true);
    run({ kind: 'createLock', member: bob, amount: E(3000), years: 2 });
    run({ kind: 'createProposal', member: alice, description: 'x' });
    expect(run({ kind: 'castVote', member: alice, proposalId: 1n, votes: 0n, support: true }).reason).toBe('votes zero');
    expect(run({ kind: 'castVote', member: alice, proposalId: 1n, votes: 90n, support: true }).ok).toBe(true);
    expect(run({ kind: 'castVote', member: bob, proposalId: 1n, votes: 286633n, support: true }).reason).toBe('insufficient power');
    expect(run({ kind: 'castVote', member: bob, proposalId: 1n, votes: 40n, support: true }).ok).toBe(true);
    expect(m.spentVotingPower(1n, bob)).toBe(1600n);
    expect(run({ kind: 'executeProposal', member: bob, proposalId: 1n }).reason).toBe('voting ongoing');
    t += 604800n;
    const r = run({ kind: 'executeProposal', member: bob, proposalId: 1n });
    expect(r.events[0].args).toEqual({ proposalId: 1n, forVotes: 130n, againstVotes: 0n });
  });

  it('charges cumulative quadratic cost, snapshots power and caps contributions', () => {
    const m = fresh();
    let t = 100n;
    const run = (a: ChainAction) => m.apply(a, t++, 0);
    run({ kind: 'reward', to: dave, amount: 100n });
    run({ kind: 'createLock', member: dave, amount: 100n, years: 1 }); // power 10
    run({ kind: 'createProposal', member: dave, description: '' });
    for (let i = 0; i < 3; i++) expect(run({ kind: 'castVote', member: dave, proposalId: 1n, votes: 1n, support: true }).ok).toBe(true);
    expect(run({ kind: 'castVote', member: dave, proposalId: 1n, votes: 1n, support: true }).reason).toBe('insufficient power');
    // Lock after the proposal opened: no power on it.
    run({ kind: 'reward', to: carol, amount: E(1) });
    run({ kind: 'createLock', member: carol, amount: E(1), years: 1 });
    expect(run({ kind: 'castVote', member: carol, proposalId: 1n, votes: 1n, support: true }).reason).toBe('insufficient power');
    // Overshoot capped at the remaining target.
    run({ kind: 'mintFood', to: alice, amount: 200n });
    run({ kind: 'mintFood', to: bob, amount: 200n });
    run({ kind: 'createOrder', member: alice, supplier: SUPPLIER, target: 100n, deadline: t + 1000n });
    run({ kind: 'contribute', member: alice, orderId: 1n, amount: 60n });
    const r = run({ kind: 'contribute', member: bob, orderId: 1n, amount: 70n });
    expect(r.events.map((e) => e.name)).toEqual(['ContributionReceived', 'Transfer', 'Transfer', 'OrderExecuted']);
    expect(r.events[0].args.amount).toBe(40n);
    expect(m.fusd.balanceOf(SUPPLIER)).toBe(100n);
    expect(m.fusd.balanceOf(bob)).toBe(160n);
  });

  it('adversarial actions revert with the contract reason and leave state unchanged', () => {
    const m = fresh();
    let t = 100n;
    const run = (a: ChainAction) => m.apply(a, t++, 0);
    run({ kind: 'mintFood', to: alice, amount: E(100) });
    run({ kind: 'reward', to: alice, amount: E(10) });
    run({ kind: 'createLock', member: alice, amount: E(5), years: 1 });
    run({ kind: 'createOrder', member: alice, supplier: SUPPLIER, target: E(50), deadline: t + 10n });
    run({ kind: 'contribute', member: alice, orderId: 1n, amount: E(20) });
    run({ kind: 'createProposal', member: alice, description: '' });
    const before = JSON.stringify(m.snapshot([alice, SUPPLIER]), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(run({ kind: 'withdraw', member: alice }).reason).toBe('not unlocked');
    expect(run({ kind: 'claimRefund', member: alice, orderId: 1n }).reason).toBe('deadline not passed');
    expect(run({ kind: 'spendFood', member: alice, amount: E(1000) }).reason).toBe('ERC20InsufficientBalance');
    expect(run({ kind: 'createLock', member: alice, amount: E(1), years: 1 }).reason).toBe('lock exists');
    expect(run({ kind: 'castVote', member: alice, proposalId: 7n, votes: 1n, support: true }).reason).toBe('invalid proposal');
    expect(run({ kind: 'castVote', member: alice, proposalId: 1n, votes: 1n << 128n, support: true }).reason).toBe('panic:0x11');
    const after = JSON.stringify(m.snapshot([alice, SUPPLIER]), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(after).toBe(before);
    t += 20n;
    expect(run({ kind: 'claimRefund', member: alice, orderId: 1n }).ok).toBe(true);
    expect(run({ kind: 'claimRefund', member: alice, orderId: 1n }).reason).toBe('nothing to refund');
    expect(run({ kind: 'contribute', member: alice, orderId: 1n, amount: 1n }).reason).toBe('deadline passed');
  });
});

describe('generator and model runs', () => {
  function run(seed: number) {
    const members = memberAddresses(10);
    const adapter = new ModelChainAdapter({ startTime: 1_700_000_000n });
    const gen = new ChainActionGenerator({ seed, startTime: adapter.startTime, supplier: SUPPLIER });
    for (let w = 0; w < 12; w++) {
      const r = adapter.runWeekSync(w, gen.weekActions(w, scriptedMemberViews(seed, members, w)));
      gen.observe(r.events);
    }
    return { events: adapter.events(), metrics: replayMetrics(adapter.events(), { startTime: adapter.startTime, weeks: 12 }) };
  }

  it('the same seed gives identical event logs and metrics; another seed differs', () => {
    const a = run(7);
    const b = run(7);
    const c = run(8);
    const ser = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(ser(b.events)).toBe(ser(a.events));
    expect(ser(b.metrics)).toBe(ser(a.metrics));
    expect(ser(c.events)).not.toBe(ser(a.events));
    expect(a.metrics.some((m) => m.staking.newLocks > 0)).toBe(true);
    expect(a.metrics.some((m) => m.governance.votesCast > 0)).toBe(true);
    expect(a.metrics.some((m) => m.purchases.ordersCreated > 0)).toBe(true);
  });

  it('with no deliberate misuse, every vote fits the voter\'s remaining budget (spec §3.3: rawVotes within the power not yet spent)', () => {
    // Split votes are charged on the cumulative count ((p+v)^2 - p^2), so a second call may add at most
    // isqrt(power) - p votes; only the deliberate over-votes (misuseRate) may revert.
    const members = memberAddresses(20);
    let votes = 0;
    let splits = 0;
    const failed: string[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const adapter = new ModelChainAdapter({ startTime: 1_700_000_000n });
      const gen = new ChainActionGenerator({ seed, startTime: adapter.startTime, supplier: SUPPLIER, misuseRate: 0, governanceEvery: 2, stakingEvery: 2 });
      for (let w = 0; w < 16; w++) {
        const r = adapter.runWeekSync(w, gen.weekActions(w, scriptedMemberViews(seed, members, w)));
        gen.observe(r.events);
        const seen = new Set<string>();
        for (const x of r.results) {
          if (x.action.kind !== 'castVote') continue;
          votes++;
          const key = `${x.action.proposalId}:${x.action.member}`;
          if (seen.has(key)) splits++;
          seen.add(key);
          if (!x.ok) failed.push(`seed ${seed} week ${w}: ${x.reason}`);
        }
      }
    }
    expect(votes).toBeGreaterThan(50);
    expect(splits).toBeGreaterThan(5);
    expect(failed).toEqual([]);
  });

  it('with no deliberate misuse, staking never asks to extend a lock that cannot be extended (spec §1.3: a 4-year lock never can)', () => {
    const members = memberAddresses(30);
    let extensions = 0;
    const failed: string[] = [];
    for (const seed of [1, 2, 3]) {
      const adapter = new ModelChainAdapter({ startTime: 1_700_000_000n });
      const gen = new ChainActionGenerator({ seed, startTime: adapter.startTime, supplier: SUPPLIER, misuseRate: 0 });
      for (let w = 0; w < 120; w++) {
        const r = adapter.runWeekSync(w, gen.weekActions(w, scriptedMemberViews(seed, members, w)));
        gen.observe(r.events);
        for (const x of r.results) {
          if (x.action.kind !== 'extendLock' && x.action.kind !== 'increaseLock' && x.action.kind !== 'createLock' && x.action.kind !== 'withdraw') continue;
          if (x.action.kind === 'extendLock' && x.ok) extensions++;
          if (!x.ok) failed.push(`seed ${seed} week ${w}: ${x.action.kind} ${x.reason}`);
        }
      }
    }
    expect(extensions).toBeGreaterThan(10);
    expect(failed).toEqual([]);
  });
});

describe('replayMetrics', () => {
  const start = 0n;
  const ev = (week: number, timestamp: bigint, contract: ChainEvent['contract'], name: string, args: ChainEvent['args']): ChainEvent => ({ week, timestamp, contract, name, args });

  it('hand-computed fixtures: turnout 0.5, refunds 3000 + 1000 on a failed 8000 order, locked 8000 and power', () => {
    const Y = YEAR_SECONDS;
    const events: ChainEvent[] = [
      ev(0, 1n, 'GroVault', 'LockCreated', { account: alice, amount: E(5000), durationYears: 4n, unlockTime: 1n + 4n * Y }),
      ev(0, 2n, 'GroVault', 'LockCreated', { account: bob, amount: E(3000), durationYears: 2n, unlockTime: 2n + 2n * Y }),
      ev(0, 3n, 'GroVault', 'LockCreated', { account: carol, amount: 100n, durationYears: 1n, unlockTime: 3n + Y }),
      ev(0, 4n, 'GroVault', 'LockCreated', { account: dave, amount: 100n, durationYears: 1n, unlockTime: 4n + Y }),
      ev(0, 5n, 'GroupPurchase', 'OrderCreated', { orderId: 1n, creator: alice, supplier: SUPPLIER, targetAmount: E(8000), deadline: 604800n + 10n }),
      ev(0, 6n, 'GroupPurchase', 'ContributionReceived', { orderId: 1n, contributor: alice, amount: E(3000), newTotal: E(3000) }),
      ev(0, 7n, 'GroupPurchase', 'ContributionReceived', { orderId: 1n, contributor: carol, amount: E(1000), newTotal: E(4000) }),
      ev(0, 8n, 'CoopGovernor', 'ProposalCreated', { proposalId: 1n, description: '', startTime: 8n, endTime: 8n + 604800n }),
      ev(0, 9n, 'CoopGovernor', 'VoteCast', { proposalId: 1n, voter: alice, support: true, votes: 10n, cost: 100n }),
      ev(0, 10n, 'CoopGovernor', 'VoteCast', { proposalId: 1n, voter: bob, support: false, votes: 5n, cost: 25n }),
      ev(1, 604800n + 20n, 'GroupPurchase', 'RefundClaimed', { orderId: 1n, participant: alice, amount: E(3000) }),
      ev(1, 604800n + 21n, 'GroupPurchase', 'RefundClaimed', { orderId: 1n, participant: carol, amount: E(1000) }),
      ev(1, 604800n + 22n, 'CoopGovernor', 'ActionFailed', { kind: 'executeProposal', reason: 'quorum not met', member: alice }),
    ];
    const [w0, w1, w2] = replayMetrics(events, { startTime: start, weeks: 3 });
    expect(w0.governance.turnout).toBe(0.5);
    expect(w0.governance.uniqueVoters).toBe(2);
    expect(w0.staking.totalLocked).toBe(formatTokens(E(8000) + 200n));
    expect(BigInt(w0.staking.totalVotingPower)).toBe(176776695295n + 82158383625n + 10n + 10n);
    expect(w1.purchases.refundCount).toBe(2);
    expect(w1.purchases.refundVolume).toBe('4000.0');
    expect(w1.purchases.ordersFailed).toBe(1);
    expect(w1.purchases.refundRate).toBe(1);
    expect(w1.governance.quorumMisses).toBe(1);
    expect(w1.failuresByReason).toEqual({ 'quorum not met': 1 });
    expect(w2.purchases.ordersFailed).toBe(0); // counted once
    // Replaying the same log reproduces the rows exactly.
    expect(replayMetrics(events, { startTime: start, weeks: 3 })).toEqual([w0, w1, w2]);
  });

  it('an order whose deadline is the week\'s last second fails the next week (contributions are still allowed at the deadline)', () => {
    const W = 604800n;
    const events: ChainEvent[] = [
      ev(0, 1n, 'GroupPurchase', 'OrderCreated', { orderId: 1n, creator: alice, supplier: SUPPLIER, targetAmount: E(100), deadline: W - 1n }),
      ev(0, 2n, 'GroupPurchase', 'OrderCreated', { orderId: 2n, creator: bob, supplier: SUPPLIER, targetAmount: E(100), deadline: W - 2n }),
      ev(0, W - 1n, 'GroupPurchase', 'ContributionReceived', { orderId: 1n, contributor: carol, amount: E(10), newTotal: E(10) }),
    ];
    const [w0, w1, w2] = replayMetrics(events, { startTime: start, weeks: 3 });
    expect(w0.purchases.ordersFailed).toBe(1); // order 2: its deadline passed at the week's last second
    expect(w1.purchases.ordersFailed).toBe(1); // order 1: open until the last second of week 0
    expect(w2.purchases.ordersFailed).toBe(0);
  });

  it('turnout and power used follow the governor snapshot (power before each proposal), not live power at vote time', () => {
    const Y = YEAR_SECONDS;
    const events: ChainEvent[] = [
      ev(0, 1n, 'GroVault', 'LockCreated', { account: alice, amount: 100n, durationYears: 1n, unlockTime: 1n + Y }), // power 10
      ev(0, 2n, 'CoopGovernor', 'ProposalCreated', { proposalId: 1n, description: '', startTime: 2n, endTime: 2n + 604800n }),
      ev(0, 3n, 'CoopGovernor', 'ProposalCreated', { proposalId: 2n, description: '', startTime: 3n, endTime: 3n + 604800n }),
      // Bob locks after both proposals opened: he cannot vote on either, so he is not part of the electorate.
      ev(0, 4n, 'GroVault', 'LockCreated', { account: bob, amount: 100n, durationYears: 1n, unlockTime: 4n + Y }),
      // Alice spends 9 of her 10 on each proposal: power is per proposal, so she used 18 of 20.
      ev(0, 5n, 'CoopGovernor', 'VoteCast', { proposalId: 1n, voter: alice, support: true, votes: 3n, cost: 9n }),
      ev(0, 6n, 'CoopGovernor', 'VoteCast', { proposalId: 2n, voter: alice, support: true, votes: 3n, cost: 9n }),
    ];
    const [w0] = replayMetrics(events, { startTime: start, weeks: 1 });
    expect(w0.governance.eligibleVoters).toBe(1);
    expect(w0.governance.turnout).toBe(1);
    expect(w0.governance.powerUsed).toBe(0.9);
  });

  it('voting-power Gini, pass rate (executed / ended since the start) and holders, from the log (§3.4)', () => {
    const Y = YEAR_SECONDS;
    const W = 604800n;
    const VAULT = '0x5aa1e00000000000000000000000000000000002';
    const Z = '0x0000000000000000000000000000000000000000';
    const events: ChainEvent[] = [
      ev(0, 1n, 'GroVault', 'LockCreated', { account: alice, amount: 100n, durationYears: 1n, unlockTime: 1n + Y }), // power 10
      ev(0, 2n, 'GroVault', 'LockCreated', { account: bob, amount: 100n, durationYears: 1n, unlockTime: 2n + Y }), // 10
      ev(0, 3n, 'GroVault', 'LockCreated', { account: carol, amount: 100n, durationYears: 4n, unlockTime: 3n + 4n * Y }), // 25
      ev(0, 4n, 'CoopGovernor', 'ProposalCreated', { proposalId: 1n, description: '', startTime: 4n, endTime: 5n }),
      ev(0, 5n, 'CoopGovernor', 'ProposalCreated', { proposalId: 2n, description: '', startTime: 5n, endTime: 20n }),
      ev(0, 6n, 'CoopGovernor', 'ProposalCreated', { proposalId: 3n, description: '', startTime: 6n, endTime: 2n * W + 100n }),
      ev(0, 10n, 'CoopGovernor', 'ProposalExecuted', { proposalId: 1n }),
      ev(0, 11n, 'GroToken', 'Transfer', { from: Z, to: alice, value: 50n }),
      ev(0, 12n, 'GroToken', 'Transfer', { from: Z, to: bob, value: 50n }),
      ev(0, 13n, 'GroToken', 'Transfer', { from: alice, to: VAULT, value: 50n }),
      ev(0, 14n, 'FoodUSD', 'Transfer', { from: Z, to: carol, value: 7n }),
      ev(1, W + 1n, 'FoodUSD', 'Transfer', { from: carol, to: Z, value: 7n }),
    ];
    const [w0, w1, w2] = replayMetrics(events, { startTime: start, weeks: 3 });
    expect(w0.staking.votingPowerGini).toBeCloseTo(30 / 135, 12); // sorted 10, 10, 25: (−2·10 + 2·25) / (3 · 45)
    expect(w0.governance.passRate).toBe(0.5); // 1 executed of the 2 whose voting ended
    expect(w2.governance.passRate).toBeCloseTo(1 / 3, 12); // the third ended in week 2
    expect([w0.tokens.groHolders, w0.tokens.fusdHolders]).toEqual([2, 1]); // bob and the vault; carol
    expect([w1.tokens.groHolders, w1.tokens.fusdHolders]).toEqual([2, 0]); // carol burned hers
    const [none] = replayMetrics([], { startTime: 0n, weeks: 1 });
    expect([none.staking.votingPowerGini, none.governance.passRate, none.tokens.groHolders]).toEqual([0, 0, 0]);
  });

  it('guards divisions: no locks gives turnout 0, no orders a refund rate of 0, never NaN', () => {
    const [row] = replayMetrics([], { startTime: 0n, weeks: 1 });
    expect(row.governance.turnout).toBe(0);
    expect(row.purchases.refundRate).toBe(0);
    expect(row.staking.avgLockYears).toBe(0);
    expect(JSON.stringify(row)).not.toMatch(/NaN|null/);
  });
});

describe('deployment manifest loader', () => {
  const c = manifestContract;
  const good = manifestFixture;
  it('accepts a valid manifest and rejects a missing contract, a bad address and the wrong chainId', () => {
    expect(parseManifest(good, 31337).chainId).toBe(31337);
    const { GroVault: _omit, ...rest } = good.contracts;
    expect(() => parseManifest({ ...good, contracts: rest })).toThrow(/contracts\.GroVault/);
    expect(() => parseManifest({ ...good, contracts: { ...good.contracts, FoodUSD: { ...c, address: '0x123' } } })).toThrow(/contracts\.FoodUSD\.address/);
    expect(() => parseManifest(good, 1)).toThrow(/chainId 31337.*chainId 1/);
  });
});
