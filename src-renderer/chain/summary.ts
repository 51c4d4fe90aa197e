import type { WeekMetrics } from '../../src-shared/chain/metrics';
import { count, DASH, fixed, pct } from '../analytics/format';

/** One line of the Chain page's "Final-week on-chain metrics" list. */
export interface SummaryRow {
  key: string;
  label: string;
  value: string;
  /** What the value is, for a tooltip (the label is kept short). */
  title?: string;
}

/** A token amount (a formatUnits(18) string, or a sum of them): two decimals at most, thousands grouped. */
const tokens = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: 2 }) : DASH);

/**
 * The Chain page's summary of a run's on-chain metrics (the list beside the staking chart): the last
 * week's state and the run's totals. The co-op fee rows appear when the run knows the treasury (runs
 * stored before the fee was paid to it have no fusdFees/fusdTreasury).
 */
export function chainSummaryRows(rows: readonly WeekMetrics[]): SummaryRow[] {
  const last = rows[rows.length - 1];
  if (!last) return [];
  const sum = (f: (r: WeekMetrics) => number) => rows.reduce((s, r) => s + f(r), 0);
  const out: SummaryRow[] = [
    { key: 'staked', label: 'GRO staked', value: tokens(Number(last.staking.totalLocked)) },
    { key: 'locks', label: 'Active locks', value: count(last.staking.activeLocks) },
    { key: 'refunds', label: 'Refunds (count / volume)', value: `${count(sum((r) => r.purchases.refundCount))} / ${tokens(sum((r) => Number(r.purchases.refundVolume)))} FUSD` },
    { key: 'failedOrders', label: 'Failed orders', value: count(sum((r) => r.purchases.ordersFailed)) },
    { key: 'proposals', label: 'Proposals (executed)', value: `${count(sum((r) => r.governance.proposalsCreated))} (${count(sum((r) => r.governance.executed))})` },
  ];
  if (last.governance.passRate !== undefined) out.push({ key: 'passRate', label: 'Pass rate (executed / ended)', value: pct(last.governance.passRate) });
  if (last.staking.votingPowerGini !== undefined) out.push({ key: 'gini', label: 'Voting power Gini', value: fixed(last.staking.votingPowerGini) });
  if (last.tokens.groHolders !== undefined) out.push({ key: 'holders', label: 'Holders (GRO / FUSD)', value: `${count(last.tokens.groHolders)} / ${last.tokens.fusdHolders === undefined ? DASH : count(last.tokens.fusdHolders)}` });
  if (rows.some((r) => r.tokens.fusdFees !== undefined)) {
    out.push({
      key: 'fees',
      label: 'Co-op fees paid (total)',
      value: `${tokens(sum((r) => Number(r.tokens.fusdFees ?? 0)))} FUSD`,
      title: 'FoodUSD the members paid to the treasury as the weekly co-op fee, summed over the run',
    });
  }
  if (last.tokens.fusdTreasury !== undefined) {
    out.push({ key: 'treasury', label: 'Treasury balance', value: `${tokens(Number(last.tokens.fusdTreasury))} FUSD`, title: 'FoodUSD the treasury holds at the end of the final week' });
  }
  return out;
}
