// A node (even a persistent one from `chain up`) ends by itself when its data dir is deleted: nothing could find
// or stop it any more, so it must not linger (e.g. after a test removes its temp dir).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HardhatNodeManager } from '../../../src-main/chain/node-manager';

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};
let pid = 0;
afterAll(() => {
  if (pid && groupAlive(pid)) process.kill(-pid, 'SIGKILL');
});

describe('hardhat node guard', () => {
  it('stops a persistent node whose data dir was removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chain-guard-'));
    const m = new HardhatNodeManager({ dataDir: dir, watchParent: false, autoRestart: false });
    pid = (await m.start()).pid;
    expect(groupAlive(pid)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
    const end = Date.now() + 20_000;
    while (Date.now() < end && groupAlive(pid)) await new Promise((r) => setTimeout(r, 200));
    expect(groupAlive(pid)).toBe(false);
  });
});
