import { describe, expect, it } from 'vitest';
import { inPageWords } from '../../../src-renderer/api/messages';

describe('inPageWords: API errors under the page\'s labels', () => {
  it('drops the op prefix and names the field as labelled', () => {
    expect(inPageWords('invalid input for settings.set: reportsDir: must be an absolute folder', 'settings.set', { reportsDir: 'Reports folder' })).toBe('Reports folder: must be an absolute folder');
    expect(inPageWords('jwt: not a JWT (three base64url parts)', 'dox.setJwt', { jwt: 'DoX JWT' })).toBe('DoX JWT: not a JWT (three base64url parts)');
  });
  it('leaves other messages and other ops alone', () => {
    expect(inPageWords('cannot write to /x: EACCES', 'settings.set', { reportsDir: 'Reports folder' })).toBe('cannot write to /x: EACCES');
    expect(inPageWords('invalid input for dox.push: jwt: x', 'settings.set', { jwt: 'DoX JWT' })).toBe('invalid input for dox.push: jwt: x');
    expect(inPageWords('invalid input for settings.set: theme: bad', 'settings.set', { reportsDir: 'Reports folder' })).toBe('theme: bad');
  });
});

describe('chainReasonInAppWords: a stored run reason names the app\'s controls, not the CLI\'s flags', () => {
  it('rewords the no-node reason, alone (a failed run) and inside a fallback warning', async () => {
    const { chainReasonInAppWords } = await import('../../../src-renderer/api/messages');
    const { NO_CHAIN_NODE } = await import('../../../src-shared/sim/chainLimits');
    expect(NO_CHAIN_NODE).toContain('--chain hardhat'); // the CLI's own words stay as they were
    expect(chainReasonInAppWords(NO_CHAIN_NODE)).toBe('Contracts was set to hardhat, and no local Hardhat node was running: start one in the Chain view');
    const warning = `Hardhat was not usable, so the contracts were mirrored on the in-process model instead (chain fallback: model). Reason: ${NO_CHAIN_NODE}`;
    expect(chainReasonInAppWords(warning)).toBe(
      'Hardhat was not usable, so the contracts were mirrored on the in-process model instead (“use the model if no node runs” was ticked). Reason: Contracts was set to hardhat, and no local Hardhat node was running: start one in the Chain view',
    );
    expect(chainReasonInAppWords('run 7 has no on-chain metrics (run it with --chain model or --chain hardhat)')).toBe('run 7 has no on-chain metrics (run it with Contracts = model or Contracts = hardhat)');
    expect(chainReasonInAppWords('chain: the node failed during the run: timeout')).toBe('chain: the node failed during the run: timeout');
  });
});
