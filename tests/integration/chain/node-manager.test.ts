// Node manager lifecycle against a real `hardhat node`: start/reuse/status/logs/stop, crash restart, stale state
// cleanup, and no orphan when the parent process dies.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HardhatNodeManager, rpc } from '../../../src-main/chain/node-manager';

const dirs: string[] = [];
const managers: HardhatNodeManager[] = [];
function tmp() {
  const d = mkdtempSync(join(tmpdir(), 'chain-node-'));
  dirs.push(d);
  return d;
}
const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitFor = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
};

afterAll(async () => {
  for (const m of managers) await m.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('HardhatNodeManager', () => {
  it('starts on 127.0.0.1 and a free port, reuses a live node, reports health and logs, stops the whole group', async () => {
    const dataDir = tmp();
    const m = new HardhatNodeManager({ dataDir, autoRestart: false });
    managers.push(m);
    const s = await m.start();
    expect(s.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.chainId).toBe(31337);
    expect(JSON.parse(readFileSync(m.stateFile, 'utf8')).pid).toBe(s.pid);
    const st = await m.status();
    expect(st).toMatchObject({ running: true, healthy: true, port: s.port, blockNumber: 0 });
    expect(m.logs().some((l) => l.includes('Started HTTP and WebSocket JSON-RPC server'))).toBe(true);
    // A second manager (e.g. the next CLI invocation) finds the same node through the state file.
    const again = await new HardhatNodeManager({ dataDir, autoRestart: false }).start();
    expect(again.pid).toBe(s.pid);
    expect(await m.stop()).toBe(true);
    expect(await waitFor(() => !groupAlive(s.pid), 5000)).toBe(true);
    expect((await m.status()).running).toBe(false);
    await expect(rpc(s.rpcUrl, 'eth_chainId')).rejects.toThrow();
  });

  it('cleans a stale state file (dead pid) and restarts after a crash on the same port', async () => {
    const dataDir = tmp();
    writeFileSync(join(dataDir, 'chain-node.json'), JSON.stringify({ pid: 999999, port: 1, rpcUrl: 'http://127.0.0.1:1', chainId: 31337, startedAt: 'x', logFile: 'x', persistent: false }));
    const m = new HardhatNodeManager({ dataDir, autoRestart: true, maxRestarts: 1 });
    managers.push(m);
    const s = await m.start();
    expect(s.pid).not.toBe(999999);
    process.kill(-s.pid, 'SIGKILL'); // crash
    await waitFor(() => !groupAlive(s.pid), 5000);
    const st = await m.waitHealthy(60_000);
    expect(st.pid).not.toBe(s.pid);
    expect(st.port).toBe(s.port);
    expect(st.restarts).toBe(1);
    await m.stop();
  });

  it('leaves no orphan node when the parent process dies (watchParent)', async () => {
    const dataDir = tmp();
    const script = `
      import { HardhatNodeManager } from ${JSON.stringify(join(process.cwd(), 'src-main/chain/node-manager.ts'))};
      const s = await new HardhatNodeManager({ dataDir: ${JSON.stringify(dataDir)}, autoRestart: false }).start();
      console.log('PID=' + s.pid);
      setInterval(() => {}, 1000);
    `;
    const file = join(dataDir, 'parent.mts');
    writeFileSync(file, script);
    const parent = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout.on('data', (d) => (out += d));
    expect(await waitFor(() => /PID=\d+/.test(out), 60_000)).toBe(true);
    const pid = Number(out.match(/PID=(\d+)/)![1]);
    expect(groupAlive(pid)).toBe(true);
    parent.kill('SIGKILL'); // the parent dies without any cleanup
    expect(await waitFor(() => !groupAlive(pid), 10_000)).toBe(true);
  });

  it('a stale state file whose pid now belongs to another process: forgotten, and that process is not signalled', async () => {
    const dir = tmp();
    // A process in our own group (not a group leader), standing in for a stranger that reused the pid.
    const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
    const gone = new Promise((r) => stranger.once('exit', r));
    try {
      const pid = stranger.pid!;
      writeFileSync(join(dir, 'chain-node.json'), JSON.stringify({ pid, port: 9, rpcUrl: 'http://127.0.0.1:9', chainId: 31337, startedAt: new Date().toISOString(), logFile: join(dir, 'hardhat-node.log'), persistent: true }));
      const m = new HardhatNodeManager({ dataDir: dir });
      expect(await m.stop(300)).toBe(true);
      expect(existsSync(join(dir, 'chain-node.json'))).toBe(false);
      expect(await Promise.race([gone.then(() => 'killed'), new Promise((r) => setTimeout(() => r('alive'), 500))])).toBe('alive');
    } finally {
      stranger.kill('SIGKILL');
    }
  });
});
