// A node that died without `chain down` (killed, machine slept, crashed) leaves its state file behind. deploy and
// events must then say that no node is running, not surface a raw socket error.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const { dir, cleanup } = tmpDir('wb-chain-stale-');
afterAll(() => cleanup());

describe('workbench chain with a stale node state file', () => {
  it('deploy and events report that no node is running', async () => {
    // A pid that is not running and a port nothing listens on.
    const state = { pid: 2 ** 22 - 7, port: 9, rpcUrl: 'http://127.0.0.1:9', chainId: 31337, startedAt: new Date().toISOString(), logFile: join(dir, 'hardhat-node.log'), persistent: true };
    writeFileSync(join(dir, 'chain-node.json'), JSON.stringify(state));
    for (const sub of ['deploy', 'events']) {
      const r = await runCli(['--data-dir', dir, 'chain', sub]);
      expect(r.code, sub).toBe(1);
      expect(r.stderr, sub).toMatch(/no chain node is running/);
    }
  });
});
