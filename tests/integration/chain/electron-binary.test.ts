// In the Electron app the node manager's default binary is process.execPath, i.e. Electron's, which runs a script as
// plain Node only with ELECTRON_RUN_AS_NODE=1. A stand-in binary with that rule must be able to run the node.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HardhatNodeManager } from '../../../src-main/chain/node-manager';

const dir = mkdtempSync(join(tmpdir(), 'chain-electron-'));
const fakeElectron = join(dir, 'electron');
writeFileSync(
  fakeElectron,
  `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "would start the Electron app" >&2; exit 9; }\nexec "${process.execPath}" "$@"\n`,
);
chmodSync(fakeElectron, 0o755);
const m = new HardhatNodeManager({ dataDir: join(dir, 'data'), nodeBinary: fakeElectron, autoRestart: false, startTimeoutMs: 30_000 });

afterAll(async () => {
  await m.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('HardhatNodeManager under an Electron binary', () => {
  it('runs the guard and hardhat node as plain Node (ELECTRON_RUN_AS_NODE=1)', async () => {
    const s = await m.start();
    expect(s.chainId).toBe(31337);
    expect(await m.stop()).toBe(true);
  });
});
