// The run report's "On-chain metrics" section (contract-in-the-loop runs). Pure: the lead's runReport includes
// `...(doc.chain ? [chainReportSection(doc.chain)] : [])` in its sections. Token amounts are token units (the
// metric rows already hold formatUnits(18) strings); they are converted to numbers only for tables and charts.
import type { z } from 'zod';
import { count } from '../report/format';
import type { Section } from '../report/model';
import type { ChainRunDoc } from './mirror';

type SectionInput = z.input<typeof Section>;

const num = (s: string) => {
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** A report section for a run's chain data; a clear callout when the value is not chain data. */
export function chainReportSection(chain: unknown): SectionInput {
  const c = chain as Partial<ChainRunDoc> | null;
  if (!c || !Array.isArray(c.metrics) || (c.mode !== 'model' && c.mode !== 'hardhat')) {
    return {
      id: 'on-chain',
      heading: 'On-chain metrics',
      blocks: [{ type: 'callout', level: 'warning', text: 'This run carries no readable on-chain metrics.' }],
    };
  }
  const rows = c.metrics;
  const last = rows[rows.length - 1];
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  const totalVoters = sum((r) => r.governance.uniqueVoters);
  const totalEligible = sum((r) => r.governance.eligibleVoters);
  const weeks = rows.map((r) => r.week + 1);
  const adapter = c.mode === 'hardhat' ? `real transactions on a local Hardhat node (chain ${c.chainId}${c.rpcUrl ? `, ${c.rpcUrl}` : ''})` : 'the in-process TypeScript model of the contracts';
  return {
    id: 'on-chain',
    heading: 'On-chain metrics',
    blocks: [
      {
        type: 'paragraph',
        text:
          // Counts grouped as everywhere else in the report ("1042 actions" sat above "1,042.00 FUSD"); the seed is a name.
          `The contracts mirrored this run (${count(c.members)} members × ${count(c.weeks)} weeks, seed ${c.seed}) through ${adapter}: ` +
          `${count(c.actions)} actions, ${count(c.failedActions)} reverted (recorded as failed actions), ${count(c.eventCount)} events. ` +
          `The metrics below are derived from the event log (event digest ${c.eventsDigest}); replaying the log reproduces them.`,
      },
      {
        type: 'keyMetrics',
        items: [
          { label: 'GRO staked (final week)', value: last ? num(last.staking.totalLocked) : null, type: 'number', decimals: 2, unit: 'GRO' },
          { label: 'Active locks', value: last?.staking.activeLocks ?? null, type: 'integer' },
          { label: 'Average lock', value: last?.staking.avgLockYears ?? null, type: 'number', decimals: 2, unit: 'years' },
          { label: 'Refunds', value: sum((r) => r.purchases.refundCount), type: 'integer', hint: 'RefundClaimed events' },
          { label: 'Refund volume', value: sum((r) => num(r.purchases.refundVolume) ?? 0), type: 'number', decimals: 2, unit: 'FUSD' },
          { label: 'Failed orders', value: sum((r) => r.purchases.ordersFailed), type: 'integer', hint: 'deadline passed without execution' },
          { label: 'Proposals', value: sum((r) => r.governance.proposalsCreated), type: 'integer' },
          { label: 'Voting turnout', value: totalEligible > 0 ? totalVoters / totalEligible : 0, type: 'percent', hint: 'unique voters / lockers with power, over voting weeks' },
          { label: 'Proposals executed', value: sum((r) => r.governance.executed), type: 'integer' },
          ...(last?.governance.passRate !== undefined ? [{ label: 'Pass rate', value: last.governance.passRate, type: 'percent' as const, hint: 'executed / proposals whose voting ended' }] : []),
          ...(last?.staking.votingPowerGini !== undefined ? [{ label: 'Voting power Gini', value: last.staking.votingPowerGini, type: 'number' as const, decimals: 3, hint: 'final week, addresses with power' }] : []),
          ...(last?.tokens.groHolders !== undefined ? [{ label: 'GRO holders', value: last.tokens.groHolders, type: 'integer' as const }] : []),
          ...(last?.tokens.fusdTreasury !== undefined ? [{ label: 'Co-op fees (treasury)', value: num(last.tokens.fusdTreasury), type: 'number' as const, decimals: 2, unit: 'FUSD', hint: 'FoodUSD paid to the treasury over the run' }] : []),
          { label: 'Failed actions', value: c.failedActions ?? 0, type: 'integer' },
        ],
      },
      {
        type: 'chart',
        id: 'chain-staking',
        caption: 'GRO staked and voting turnout per week',
        figure: {
          data: [
            { type: 'scatter', mode: 'lines', name: 'GRO staked', x: weeks, y: rows.map((r) => num(r.staking.totalLocked)) },
            { type: 'bar', name: 'Turnout', x: weeks, y: rows.map((r) => r.governance.turnout), yaxis: 'y2', opacity: 0.5 },
          ],
          layout: { xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: 'GRO staked' } }, yaxis2: { title: { text: 'Turnout' }, overlaying: 'y', side: 'right', range: [0, 1], tickformat: '.0%' } },
        },
      },
      {
        type: 'table',
        id: 'chain-weekly',
        caption: 'On-chain metrics per week',
        maxPrintRows: 60,
        columns: [
          { key: 'week', label: 'Week', type: 'integer' },
          { key: 'totalLocked', label: 'GRO staked', type: 'number', decimals: 2 },
          { key: 'activeLocks', label: 'Active locks', type: 'integer' },
          { key: 'newLocks', label: 'New locks', type: 'integer' },
          { key: 'avgLockYears', label: 'Avg lock (years)', type: 'number', decimals: 2 },
          { key: 'totalVotingPower', label: 'Voting power (√wei)', type: 'string' },
          { key: 'ordersCreated', label: 'Orders', type: 'integer' },
          { key: 'ordersExecuted', label: 'Executed', type: 'integer' },
          { key: 'ordersFailed', label: 'Failed orders', type: 'integer' },
          { key: 'refundCount', label: 'Refunds', type: 'integer' },
          { key: 'refundVolume', label: 'Refund volume (FUSD)', type: 'number', decimals: 2 },
          { key: 'votesCast', label: 'Votes', type: 'integer' },
          { key: 'turnout', label: 'Turnout', type: 'percent' },
          { key: 'proposalsExecuted', label: 'Proposals executed', type: 'integer' },
          { key: 'quorumMisses', label: 'Quorum misses', type: 'integer' },
          { key: 'notApproved', label: 'Not approved', type: 'integer' },
          { key: 'failedActions', label: 'Failed actions', type: 'integer' },
        ],
        rows: rows.map((r) => ({
          week: r.week + 1,
          totalLocked: num(r.staking.totalLocked),
          activeLocks: r.staking.activeLocks,
          newLocks: r.staking.newLocks,
          avgLockYears: r.staking.avgLockYears,
          totalVotingPower: r.staking.totalVotingPower,
          ordersCreated: r.purchases.ordersCreated,
          ordersExecuted: r.purchases.ordersExecuted,
          ordersFailed: r.purchases.ordersFailed,
          refundCount: r.purchases.refundCount,
          refundVolume: num(r.purchases.refundVolume),
          votesCast: r.governance.votesCast,
          turnout: r.governance.turnout,
          proposalsExecuted: r.governance.executed,
          quorumMisses: r.governance.quorumMisses,
          notApproved: r.governance.notApproved,
          failedActions: r.failedActions,
        })),
      },
      ...(Object.keys(c.failuresByReason ?? {}).length
        ? [
            {
              type: 'table' as const,
              id: 'chain-reverts',
              caption: 'Reverted actions by reason',
              columns: [
                { key: 'reason', label: 'Revert reason', type: 'string' as const },
                { key: 'count', label: 'Count', type: 'integer' as const },
              ],
              rows: Object.entries(c.failuresByReason!).map(([reason, count]) => ({ reason, count })),
            },
          ]
        : []),
    ],
  };
}
