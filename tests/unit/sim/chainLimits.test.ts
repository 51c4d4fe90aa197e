import { describe, expect, it } from 'vitest';
import { CHAIN_MAX_MEMBERS, CHAIN_MAX_MEMBER_WEEKS, chainLimitError } from '../../../src-shared/sim/chainLimits';
import * as chainRun from '../../../src-main/sim/chainRun';

describe('contract adapter limits in the editor', () => {
  it('are the limits the main process enforces', () => {
    expect(chainRun.CHAIN_MAX_MEMBERS).toBe(CHAIN_MAX_MEMBERS);
    expect(chainRun.CHAIN_MAX_MEMBER_WEEKS).toEqual(CHAIN_MAX_MEMBER_WEEKS);
  });
  it('name the field, the limit and the value in the form\'s words (no "--chain")', () => {
    expect(chainLimitError('off', 5, 100_000, 2600)).toBeNull();
    expect(chainLimitError('model', 2, 10, 10)).toBe('The contract adapter mirrors a single run: set Runs to 1');
    expect(chainLimitError('model', 1, 2000, 10)).toBe('Contracts (model) mirrors at most 1,000 members; Number of members is 2,000: lower it, or set Contracts to off');
    expect(chainLimitError('hardhat', 1, 500, 100)).toBe(
      'Contracts (hardhat) mirrors at most 20,000 member-weeks (members × weeks); this run has 500 × 100 = 50,000: lower Number of members or Simulation duration, use Contracts = model (up to 500,000), or set Contracts to off',
    );
    expect(chainLimitError('hardhat', 1, 200, 100)).toBeNull();
    expect(chainLimitError('model', 1, 1000, 500)).toBeNull();
    expect(chainLimitError('model', 1, null, 100)).toBeNull();
  });
});
