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
    // Food escrowed in group orders or burned by spending leaves the wallets; supply counts only burns.
    for (let w = 0; w < 10; w++) {
      const supplyMicro = Math.round(Number(doc.metrics[w].tokens.fusdSupply) * 1e6);
      // Group-buy contributions move FUSD into escrow and then to the supplier: supply is unchanged by them.
      expect(Math.abs(supplyMicro - weekly[w].food)).toBeLessThanOrEqual(15); // ≤ 1 micro-dollar per member
      expect(Math.abs(Math.round(Number(doc.metrics[w].tokens.groSupply) * 1e6) - weekly[w].tokens)).toBeLessThanOrEqual(15 * (w + 1));
    }
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
