// The Chain page's "Final-week on-chain metrics" list: it now shows the co-op fee paid into the treasury
// (tokens.fusdFees, summed over the run) and the treasury's final balance (tokens.fusdTreasury), as the
// run report does; runs stored before the fee was paid to the treasury have neither and show no such rows.
import { describe, expect, it } from 'vitest';
import { runSimulation, validateParams } from '../../../src-shared/engine';
import { MODEL_ADDRESSES, ModelChainAdapter, buildChainRunDoc, driveAdapter } from '../../../src-shared/chain';
import { collectWeeks } from '../../../src-main/sim/chainRun';
import { chainSummaryRows } from '../../../src-renderer/chain/summary';

async function mirrored(overrides: Record<string, number>, seed: number) {
  const v = validateParams({ NUM_MEMBERS: 30, SIMULATION_WEEKS: 20, ...overrides });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const weeks = collectWeeks(v.params, 'reference', seed);
  const adapter = new ModelChainAdapter({ startTime: 1_700_000_000n });
  const r = await driveAdapter(adapter, weeks, { seed, chainId: 31337, addresses: { ...MODEL_ADDRESSES } });
  const doc = buildChainRunDoc('model', adapter, weeks, r, { seed, chainId: 31337, addresses: { ...MODEL_ADDRESSES }, elapsedMs: 0 });
  return { doc, run: runSimulation(v.params, { seed }) };
}

describe('Chain page summary rows', () => {
  it('show the co-op fees paid to the treasury and its balance, in FUSD like the refund volume', async () => {
    const { doc, run } = await mirrored({ WEEKLY_COOP_FEE_B: 3.25, INITIAL_WEALTH_MEAN_LOG: Math.log(3000) }, 11);
    const rows = chainSummaryRows(doc.metrics);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    const fees = run.flows.feesB.toLocaleString('en-US', { maximumFractionDigits: 2 });
    expect(run.flows.feesB).toBeGreaterThan(1000); // 30 members × 20 weeks × $3.25: grouped
    expect(byKey.fees).toMatchObject({ label: 'Co-op fees paid (total)', value: `${fees} FUSD` });
    expect(byKey.fees.value).toMatch(/^\d{1,3}(,\d{3})+(\.\d{1,2})? FUSD$/);
    expect(byKey.treasury).toMatchObject({ label: 'Treasury balance', value: `${fees} FUSD` });
    expect(byKey.fees.title).toMatch(/co-op fee/);
    expect(byKey.treasury.title).toMatch(/final week/);
    // The neighbours are unchanged in order; the fee rows come last.
    expect(rows.map((r) => r.label).slice(0, 5)).toEqual(['GRO staked', 'Active locks', 'Refunds (count / volume)', 'Failed orders', 'Proposals (executed)']);
    expect(rows.slice(-2).map((r) => r.key)).toEqual(['fees', 'treasury']);
    expect(byKey.refunds.value).toMatch(/^[\d,]+ \/ [\d,]+(\.\d{1,2})? FUSD$/);
  });

  it('a run stored before fees reached the treasury has no fee rows; no weeks, no rows', async () => {
    const { doc } = await mirrored({}, 5);
    const old = doc.metrics.map((m) => {
      const { fusdFees: _f, fusdTreasury: _t, ...tokens } = m.tokens;
      return { ...m, tokens };
    });
    const keys = chainSummaryRows(old).map((r) => r.key);
    expect(keys).not.toContain('fees');
    expect(keys).not.toContain('treasury');
    expect(keys).toContain('staked');
    expect(chainSummaryRows([])).toEqual([]);
  });

  it('counts are grouped ("1,234 / 5,678.9 FUSD")', async () => {
    const { doc } = await mirrored({}, 5);
    const last = doc.metrics[doc.metrics.length - 1];
    const big = [{ ...last, staking: { ...last.staking, activeLocks: 12345 }, purchases: { ...last.purchases, refundCount: 1234, refundVolume: '5678.9' } }];
    const byKey = Object.fromEntries(chainSummaryRows(big).map((r) => [r.key, r.value]));
    expect(byKey.locks).toBe('12,345');
    expect(byKey.refunds).toBe('1,234 / 5,678.9 FUSD');
  });
});
