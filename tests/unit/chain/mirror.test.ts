// Contract-in-the-loop mirror in model mode: engine views -> generator -> model adapter -> metrics. Deterministic,
// replayable from the stored event log, tracks the engine's FoodUSD wallets exactly, leaves the engine untouched,
// and renders as a valid report section.
import { describe, expect, it } from 'vitest';
import { runSimulation, validateParams, type SimParams } from '../../../src-shared/engine';
import {
  MODEL_ADDRESSES,
  ModelChainAdapter,
  buildChainRunDoc,
  chainReportSection,
  comparableMetrics,
  decodeEvents,
  driveAdapter,
  encodeEvents,
  replayChainDoc,
  replayMatches,
  type ChainEvent,
} from '../../../src-shared/chain';
import { Section } from '../../../src-shared/report/model';
import { WeekViewCollector, memberAddresses, memberViews } from '../../../src-shared/chain';
import { checkChainInput, collectWeeks } from '../../../src-main/sim/chainRun';

function params(members: number, weeks: number): SimParams {
  const v = validateParams({ NUM_MEMBERS: members, SIMULATION_WEEKS: weeks });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.params;
}

async function mirror(p: SimParams, seed: number) {
  const weeks = collectWeeks(p, 'reference', seed);
  const adapter = new ModelChainAdapter({ startTime: 1_700_000_000n });
  const r = await driveAdapter(adapter, weeks, { seed, chainId: 31337, addresses: { ...MODEL_ADDRESSES } });
  return { weeks, doc: buildChainRunDoc('model', adapter, weeks, r, { seed, chainId: 31337, addresses: { ...MODEL_ADDRESSES }, elapsedMs: 0 }) };
}

describe('chain mirror (model mode)', () => {
  it('is deterministic, replayable from the stored log and exercises staking, orders, votes and reverts', async () => {
    const p = params(25, 30);
    const [a, b] = [await mirror(p, 5), await mirror(p, 5)];
    expect(a.doc.eventsDigest).toBe(b.doc.eventsDigest);
    expect(a.doc.metrics).toEqual(b.doc.metrics);
    expect(replayChainDoc(a.doc)).toEqual(a.doc.metrics);
    const other = await mirror(p, 6);
    expect(other.doc.eventsDigest).not.toBe(a.doc.eventsDigest);
    const m = a.doc.metrics;
    expect(m).toHaveLength(30);
    expect(Number(m[29].staking.totalLocked)).toBeGreaterThan(0);
    expect(m.some((r) => r.governance.turnout > 0)).toBe(true);
    expect(m.reduce((s, r) => s + r.purchases.ordersCreated, 0)).toBeGreaterThan(3);
    expect(a.doc.failedActions).toBeGreaterThan(0);
    expect(Object.values(a.doc.failuresByReason).reduce((s, n) => s + n, 0)).toBe(a.doc.failedActions);
  });

  it('the mirrored FUSD supply tracks the engine FoodUSD wallets to the micro-dollar; GRO supply tracks rewards', async () => {
    const p = params(15, 10);
    const weekly: { food: number; tokens: number }[] = [];
    runSimulation(p, {
      seed: 3,
      onWeek: (v) => {
        let food = 0, tokens = 0;
        for (let i = 0; i < v.members; i++) { food += Math.round(v.foodUsdB[i] * 1e6); tokens += Math.round(v.tokens[i] * 1e6); }
        weekly.push({ food, tokens });
      },
    });
    const { doc } = await mirror(p, 3);
    // Food escrowed in group orders or burned by spending leaves the wallets; supply counts only burns. The fee
    // goes to the treasury: the supply less the treasury's balance is the members' food.
    for (let w = 0; w < 10; w++) {
      const supplyMicro = Math.round((Number(doc.metrics[w].tokens.fusdSupply) - Number(doc.metrics[w].tokens.fusdTreasury)) * 1e6);
      // Group-buy contributions move FUSD into escrow and then to the supplier: supply is unchanged by them.
      expect(Math.abs(supplyMicro - weekly[w].food)).toBeLessThanOrEqual(15); // ≤ 1 micro-dollar per member
      expect(Math.abs(Math.round(Number(doc.metrics[w].tokens.groSupply) * 1e6) - weekly[w].tokens)).toBeLessThanOrEqual(15 * (w + 1));
    }
  });

  it('the co-op fee goes to the treasury (FoodUSD.transfer): its FUSD equals the engine\'s fees, member wallets its foodUsdB', async () => {
    // Wealthy enough that group-order contributions never leave a wallet short of the engine's spending.
    const p = { ...params(30, 20), WEEKLY_COOP_FEE_B: 3.25, INITIAL_WEALTH_MEAN_LOG: Math.log(3000) };
    const seed = 11;
    const run = runSimulation(p, { seed });
    const weeks = collectWeeks(p, 'reference', seed);
    const adapter = new ModelChainAdapter({ startTime: 1_700_000_000n });
    const addresses = { ...MODEL_ADDRESSES };
    const r = await driveAdapter(adapter, weeks, { seed, chainId: 31337, addresses });
    const members = memberAddresses(30);
    const snap = await adapter.snapshot([...members, adapter.treasury]);
    // The treasury holds exactly the fees the engine deducted (flows.feesB), to the micro-dollar.
    const treasuryMicro = snap.fusd[adapter.treasury] / 10n ** 12n;
    expect(snap.fusd[adapter.treasury] % 10n ** 12n).toBe(0n);
    expect(Math.abs(Number(treasuryMicro) - run.flows.feesB * 1e6)).toBeLessThan(1);
    expect(Number(treasuryMicro)).toBeGreaterThan(0);
    // Every fee is an ERC20 Transfer from a member to the treasury; no payment failed.
    const feeTransfers = r.events.filter((e) => e.contract === 'FoodUSD' && e.name === 'Transfer' && e.args.to === adapter.treasury);
    expect(feeTransfers.length).toBe(30 * 20);
    expect(r.events.filter((e) => e.name === 'ActionFailed' && (e.args.kind === 'payFee' || e.args.kind === 'spendFood'))).toEqual([]);
    // The metrics report it: per-week fees add up to the treasury's final balance.
    const feesSum = r.metrics.reduce((s, m) => s + BigInt(Math.round(Number(m.tokens.fusdFees) * 1e6)), 0n);
    expect(feesSum).toBe(treasuryMicro);
    expect(Math.round(Number(r.metrics[19].tokens.fusdTreasury) * 1e6)).toBe(Number(treasuryMicro));
    // Member wallets still mirror the engine's FoodUSD balances exactly, net of what they put in group orders.
    const net = new Map<string, bigint>();
    for (const e of r.events) {
      if (e.name === 'ContributionReceived') net.set(String(e.args.contributor), (net.get(String(e.args.contributor)) ?? 0n) + (e.args.amount as bigint));
      if (e.name === 'RefundClaimed') net.set(String(e.args.participant), (net.get(String(e.args.participant)) ?? 0n) - (e.args.amount as bigint));
    }
    members.forEach((m, i) => {
      const wallet = snap.fusd[m] + (net.get(m) ?? 0n);
      expect(wallet, m).toBe(BigInt(Math.round(run.finalMembers.foodUsdB[i] * 1e6)) * 10n ** 12n);
    });
  });

  it('the collector splits a balance drop into fee and spending; a member who ran dry pays only what was left', () => {
    const c = new WeekViewCollector();
    const f = (...x: number[]) => Float64Array.from(x);
    // Member 0 pays in full; member 1 has 0.4 left after spending and pays that of a 1.0 fee; member 2 pays nothing.
    c.onWeek({ week: 1, members: 3, incomeMultiplier: 1, income: f(10, 10, 10), foodUsdB: f(104, 0, 0), tokensEarned: f(0.5, 0, 0.25), feePaid: f(1, 0.4, 0) });
    c.onWeek({ week: 2, members: 3, incomeMultiplier: 0.5, income: f(10, 10, 10), foodUsdB: f(105, 0, 1.5), tokensEarned: f(0, 0, 0), feePaid: f(1, 0.000001, 1) });
    const w = c.finish([100, 5, 2]);
    expect(Array.from(w.mint[0])).toEqual([110e6, 15e6, 12e6]);
    expect(Array.from(w.fee[0])).toEqual([1e6, 0.4e6, 0]);
    expect(Array.from(w.spend[0])).toEqual([5e6, 14.6e6, 12e6]);
    expect(Array.from(w.fee[1])).toEqual([1e6, 1, 1e6]);
    expect(Array.from(w.spend[1])).toEqual([3e6, 5e6 - 1, 2.5e6]);
    const views = memberViews(w, 0, ['0xa', '0xb', '0xc']);
    expect(views[1]).toEqual({ address: '0xb', income: 15, foodSpend: 14.6, fee: 0.4, tokensEarned: 0 });
  });

  it('does not change the engine run (the hook only observes)', () => {
    const p = params(40, 26);
    const plain = runSimulation(p, { seed: 9 });
    collectWeeks(p, 'reference', 9);
    const again = runSimulation(p, { seed: 9, onWeek: () => {} });
    expect(Array.from(again.metrics[0] as ArrayLike<number>)).toEqual(Array.from(plain.metrics[0] as ArrayLike<number>));
    expect(JSON.stringify(again.flows)).toBe(JSON.stringify(plain.flows));
  });

  it('encodes events losslessly (bigints, # and \\ prefixed strings)', () => {
    const evs: ChainEvent[] = [
      { week: 1, timestamp: 123n, contract: 'CoopGovernor', name: 'ProposalCreated', args: { proposalId: 1n, description: '#1 \\ odd', ok: true } },
      { week: 2, timestamp: 2n ** 200n, contract: 'GroToken', name: 'Transfer', args: { from: '0xabc', to: '\\x', value: 0n } },
    ];
    expect(decodeEvents(encodeEvents(evs))).toEqual(evs);
  });

  it('rejects runs > 1 and oversized chain runs with errors naming the field', () => {
    const p = params(10, 5);
    expect(() => checkChainInput({ chain: 'model', runs: 2 }, p)).toThrow(/use runs = 1/);
    expect(() => checkChainInput({ chain: 'off', runs: 2 }, p)).not.toThrow();
    expect(() => checkChainInput({ chain: 'hardhat', runs: 1 }, params(1001, 5))).toThrow(/at most 1000 members/);
    expect(() => checkChainInput({ chain: 'hardhat', runs: 1 }, params(500, 100))).toThrow(/member-weeks/);
  });

  it('renders a valid report section with staking, refunds and turnout', async () => {
    const { doc } = await mirror(params(20, 12), 1);
    const s = Section.parse(chainReportSection(doc));
    expect(s.id).toBe('on-chain');
    expect(s.blocks.map((b) => b.type)).toEqual(expect.arrayContaining(['paragraph', 'keyMetrics', 'chart', 'table']));
    const table = s.blocks.find((b) => b.type === 'table' && b.id === 'chain-weekly');
    expect(table && 'rows' in table ? table.rows.length : 0).toBe(12);
    expect(Section.parse(chainReportSection(null)).blocks[0].type).toBe('callout');
    // Counts are grouped as the rest of the report groups them (it read "1042 actions" above "1,042.00 FUSD").
    const many = Section.parse(chainReportSection({ ...doc, actions: 1042, failedActions: 4, eventCount: 1097 }));
    const para = many.blocks.find((b) => b.type === 'paragraph');
    expect(para && 'text' in para ? para.text : '').toContain('(20 members × 12 weeks, seed 1)');
    expect(para && 'text' in para ? para.text : '').toContain(': 1,042 actions, 4 reverted (recorded as failed actions), 1,097 events.');
    expect(comparableMetrics(doc.metrics)[0]).not.toHaveProperty('chainId');
  });

  it('the replay check: a run stored before newer metrics existed still matches; a changed stored value does not', async () => {
    const { doc } = await mirror(params(20, 12), 1);
    const replayed = replayChainDoc(doc);
    expect(replayMatches(replayed, doc.metrics)).toBe(true);
    // As stored by an older version: without the voting-power Gini, pass rate and holders.
    const older = doc.metrics.map(({ staking: { votingPowerGini: _g, ...staking }, governance: { passRate: _p, ...governance }, tokens: { groHolders: _h, fusdHolders: _f, ...tokens }, ...rest }) => ({ ...rest, staking, governance, tokens }));
    expect(older[3].staking).not.toHaveProperty('votingPowerGini');
    expect(replayMatches(replayed, older)).toBe(true);
    const tampered = older.map((m, w) => (w === 5 ? { ...m, staking: { ...m.staking, activeLocks: m.staking.activeLocks + 1 } } : m));
    expect(replayMatches(replayed, tampered)).toBe(false);
    expect(replayMatches(replayed.slice(1), older)).toBe(false);
  });
});
