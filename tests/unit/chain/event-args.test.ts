import { describe, expect, it } from 'vitest';
import { shownEventArgs } from '../../../src-shared/chain/eventArgs';

describe('contract event arguments as the Chain view shows them', () => {
  it('token amounts read in tokens with their symbol, keeping the wei', () => {
    const [from, to, value] = shownEventArgs('GroToken', { from: '0x0000000000000000000000000000000000000000', to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', value: '68751492000000000000' });
    expect(value).toEqual({ key: 'value', text: '68.7514 GRO', raw: '68751492000000000000' });
    expect(from.text).toBe('0x0000…0000');
    expect(to).toEqual({ key: 'to', text: '0x7099…79C8', raw: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
  });

  it('uses each contract\'s token, separates thousands, and leaves non-amounts alone', () => {
    expect(shownEventArgs('GroupPurchase', { orderId: '3', amount: '1234567000000000000000000', deadline: '1700000000' }).map((a) => a.text)).toEqual(['3', '1,234,567 FUSD', '1700000000']);
    expect(shownEventArgs('FoodUSD', { value: '5' }).map((a) => a.text)).toEqual(['< 0.0001 FUSD']);
    expect(shownEventArgs('FoodUSD', { value: '0' }).map((a) => a.text)).toEqual(['0 FUSD']);
    expect(shownEventArgs('GroVault', { amount: '1500000000000000000', durationYears: '2' }).map((a) => a.text)).toEqual(['1.5 GRO', '2']);
    // An unknown contract or argument is shown as decoded; long strings are shortened with the raw kept.
    const long = 'x'.repeat(40);
    expect(shownEventArgs('Other', { value: '100', note: long })).toEqual([{ key: 'value', text: '100' }, { key: 'note', text: `${'x'.repeat(12)}…${'x'.repeat(6)}`, raw: long }]);
  });

  it('governor numbers are not token amounts: vote cost is sqrt-wei voting power, the quorum a vote count', () => {
    // Upstream fixture: Alice's 90 votes cost 8100 power; 1 GRO locked for a year is 1e9 power (spec §0.9).
    const vote = shownEventArgs('CoopGovernor', { proposalId: '1', voter: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', support: 'true', votes: '90', cost: '8100' });
    expect(vote.map((a) => a.text)).toEqual(['1', '0x7099…79C8', 'true', '90', '8,100 power']);
    expect(vote.some((a) => a.text.includes('GRO'))).toBe(false);
    const cfg = shownEventArgs('CoopGovernor', { votingPeriod: '604800', proposalThreshold: '50' });
    expect(cfg.map((a) => a.text)).toEqual(['604800', '50 votes']);
  });
});
