// `workbench chain logs|events` reject a bad count before doing anything, naming the option, the value given and
// the allowed range (exit code 2, a usage error).
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const { dir, cleanup } = tmpDir('wb-chain-args-');
afterAll(() => cleanup());

describe('workbench chain count options', () => {
  it.each([
    ['logs', '--lines', 'abc'],
    ['logs', '--lines', '0'],
    ['logs', '--lines', '2.5'],
    ['events', '--limit', '5000'],
    ['events', '--limit', 'x'],
  ])('chain %s %s %s is a usage error naming the option, the value and the range', async (sub, opt, value) => {
    const r = await runCli(['--data-dir', dir, 'chain', sub, opt, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${opt} must be an integer between 1 and 2000, got "${value}"`);
  });
});
