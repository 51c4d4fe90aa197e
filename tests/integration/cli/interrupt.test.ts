// Ctrl-C during a long CLI job: the first SIGINT cancels it, the finished runs are printed and
// stored, and the exit code says it was cut short (130, as shells expect), not 0.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { ROOT, tmpDir } from '../../helpers/tmp';

const t = tmpDir();
afterAll(() => t.cleanup());

/** Starts the CLI (as runCli does) and sends SIGINT once stderr shows a progress line matching `when`. */
function interruptAfterProgress(args: string[], when: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const built = process.env.WORKBENCH_CLI === 'built';
  const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const argv = built ? [path.join(ROOT, 'out/main/cli.js'), ...args] : ['--import', tsx, path.join(ROOT, 'src-main/cli/main.ts'), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => {
      stderr += c;
      if (!sent && when.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('Ctrl-C during simulate --runs', () => {
  it('prints and stores the finished runs as cancelled and exits 130', async () => {
    const runs = 100_000; // the CLI's largest: minutes of work on one worker
    const r = await interruptAfterProgress(['--data-dir', t.dir, 'simulate', '--runs', String(runs), '--workers', '1', '--json'], /runs [1-9]\d*\/\d+/);
    expect(r.stderr).toContain('cancelling');
    expect(r.code, r.stderr).toBe(130);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('cancelled');
    expect(out.completedRuns).toBeGreaterThan(0);
    expect(out.completedRuns).toBeLessThan(runs);
    expect(out.final.AvgWealth_B.n).toBe(out.completedRuns);
    const list = await runCli(['--data-dir', t.dir, 'runs', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const stored = JSON.parse(list.stdout).find((x: { id: number }) => x.id === out.runId);
    expect(stored?.status).toBe('cancelled');
  });

  it('before any run finished: says so and exits 130 too', async () => {
    // Runs of 100,000 members: the first takes ~0.3 s, so the signal lands before it ends.
    const r = await interruptAfterProgress(['--data-dir', t.dir, 'simulate', '--runs', '1000', '--members', '100000', '--weeks', '52', '--workers', '1', '--no-save', '--json'], /runs 0\/\d+/);
    expect(r.stderr).toContain('cancelled before any run finished');
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toBe('');
  });
});
