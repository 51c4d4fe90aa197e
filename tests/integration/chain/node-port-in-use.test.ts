// A node asked for a port that is taken (an auto-restart on its old port, a caller's fixed port) exits at
// once. The error must say so, naming the port, instead of claiming a timeout that never happened.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HardhatNodeManager } from '../../../src-main/chain/node-manager';

const dir = mkdtempSync(join(tmpdir(), 'chain-port-'));
let server: Server | undefined;

afterAll(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  rmSync(dir, { recursive: true, force: true });
});

describe('HardhatNodeManager and a port in use', () => {
  it('fails promptly with a message naming the port, and records it as the last error', async () => {
    server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server!.once('listening', r));
    const port = (server.address() as { port: number }).port;
    const m = new HardhatNodeManager({ dataDir: dir, autoRestart: false, startTimeoutMs: 60_000 });
    const t0 = Date.now();
    const err = (await m.start({ port }).then(() => null, (e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    expect(err.message).not.toMatch(/did not answer eth_chainId within/);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect((await m.status()).lastError).toBe(err.message);
    expect(m.readState()).toBeNull();
  });
});
