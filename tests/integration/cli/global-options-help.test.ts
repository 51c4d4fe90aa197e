// Global flags before the command, in the CLI and in the ./workbench launcher, and `help A B`.
// The launcher read `./workbench --data-dir X start` as the CLI command "--data-dir" (so node said
// "unknown command 'start'"), and `help firefly sync` showed firefly's help, not sync's.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { scratchLauncher } from '../../helpers/launcher';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir('wb-cli-globals-');
afterAll(() => t.cleanup());

describe('the CLI: global flags before any command', () => {
  it('--data-dir DIR / --data-dir=DIR / --json before the command are the same as after it', async () => {
    const a = path.join(t.dir, 'a');
    for (const args of [['--data-dir', a, '--json', 'info'], [`--data-dir=${a}`, 'info', '--json'], ['--json', '--data-dir', a, 'info'], ['info', '--data-dir', a, '--json']]) {
      const r = await runCli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).dataDir, args.join(' ')).toBe(a);
    }
    // Sub-commands of groups, and the DoX commands (their own parser): the data folder before them is used.
    const runs = await runCli(['--data-dir', a, '--json', 'runs', 'list']);
    expect(runs.code, runs.stderr).toBe(0);
    expect(JSON.parse(runs.stdout)).toEqual([]);
    const csv = path.join(t.dir, 'b.csv');
    fs.writeFileSync(csv, 'week,revenue\n1,2\n');
    const dox = await runCli(['--data-dir', a, '--json', 'dox', 'push', '--bundle', csv, '--dry-run']);
    expect(dox.code, dox.stderr).toBe(0);
    expect(JSON.parse(dox.stdout).artifactsDir.startsWith(path.join(a, 'artifacts'))).toBe(true);
  });
});

describe('help A B: the sub-command\'s help', () => {
  it('help firefly sync, help firefly rules get and firefly sync --help print that sub-command\'s usage', async () => {
    for (const [args, usage, option] of [
      [['help', 'firefly', 'sync'], 'Usage: workbench firefly sync [options]', '--since <date>'],
      [['firefly', 'sync', '--help'], 'Usage: workbench firefly sync [options]', '--since <date>'],
      [['--data-dir', path.join(t.dir, 'h'), 'help', 'firefly', 'sync'], 'Usage: workbench firefly sync [options]', '--until <date>'],
      [['help', 'firefly', 'rules', 'get'], 'Usage: workbench firefly rules get [options]', 'print the rules'],
      [['help', 'dox', 'push'], 'Usage: workbench dox push [options]', '--bundle <files...>'],
      // Global flags may also come after the command: the folder after --data-dir is not a sub-command.
      [['help', 'firefly', 'sync', '--data-dir', path.join(t.dir, 'h')], 'Usage: workbench firefly sync [options]', '--until <date>'],
      [['help', 'firefly', 'sync', '--json', '--data-dir', path.join(t.dir, 'h')], 'Usage: workbench firefly sync [options]', '--since <date>'],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout, args.join(' ')).toContain(usage);
      expect(r.stdout, args.join(' ')).toContain(option);
      expect(r.stdout, args.join(' ')).not.toContain('Usage: workbench firefly [options] [command]');
    }
    // One level still is commander's own help of the command.
    const one = await runCli(['help', 'firefly']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Usage: workbench firefly [options] [command]');
    const oneDd = await runCli(['help', 'firefly', '--data-dir', path.join(t.dir, 'h')]);
    expect(oneDd.code, oneDd.stderr).toBe(0);
    expect(oneDd.stdout).toContain('Usage: workbench firefly [options] [command]');
  });

  it('an unknown sub-command is a usage error naming it and the commands there are', async () => {
    const r = await runCli(['help', 'firefly', 'synk']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('help: "workbench firefly" has no command "synk"; its commands: connect, status, test, disconnect, sync, calibrate, rules, snapshots');
    const leaf = await runCli(['help', 'info', 'more']);
    expect(leaf.code).toBe(2);
    expect(leaf.stderr).toContain('help: "workbench info" has no command "more"; it has no sub-commands');
  });
});

describe('./workbench: global flags before the command', () => {
  let dir: string;
  beforeAll(() => {
    // A scratch copy of the launcher (dependencies and build taken as they are), as launcher-help.test.ts.
    dir = path.join(t.dir, 'launcher');
    scratchLauncher(dir);
  });
  // The Node running the tests first on PATH (the deps stamp matches it); no display, no Electron: start = serve only.
  const env = () => {
    const e: Record<string, string | undefined> = { ...process.env, WORKBENCH_NO_BUILD: '1', WORKBENCH_NO_ELECTRON: '1', PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` };
    delete e.DISPLAY;
    delete e.WAYLAND_DISPLAY;
    return e as NodeJS.ProcessEnv;
  };
  const launcher = (args: string[]) => {
    const r = spawnSync(path.join(dir, 'workbench'), args, { cwd: dir, env: env(), encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('--data-dir X start serves with that data folder', async () => {
    const data = path.join(t.dir, 'start-data');
    const child = spawn(path.join(dir, 'workbench'), ['--data-dir', data, 'start'], { cwd: dir, env: env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!/serving only\. Open this URL in a browser: http:\/\/127\.0\.0\.1:\d+\//.test(err) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(err).toMatch(/serving only\. Open this URL in a browser: http:\/\/127\.0\.0\.1:\d+\//);
      expect(err).not.toContain('unknown command');
      expect(fs.existsSync(path.join(data, 'workbench.db'))).toBe(true);
      // Headless, the user opens the printed URL themselves, maybe twice or in a second browser: it is
      // serve's reusable URL, not the one-time code only Chromium's private launch page gets.
      const printed = /Open this URL in a browser: (\S+)/.exec(err)![1];
      for (let i = 0; i < 2; i++) expect((await fetch(printed, { redirect: 'manual' })).status, `open #${i + 1}`).toBeLessThan(400);
    } finally {
      // The launcher and the serve it started (one process group, ours).
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  }, 60_000);

  it('--data-dir X (and --data-dir=X, --json) before CLI commands and help; a flag without its folder, or before test/build, is exit 2', () => {
    const data = path.join(t.dir, 'cli-data');
    for (const args of [['--data-dir', data, 'info', '--json'], [`--data-dir=${data}`, '--json', 'info']]) {
      const r = launcher(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).dataDir).toBe(data);
    }
    const help = launcher(['--data-dir', data, 'help', 'firefly', 'sync']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: workbench firefly sync [options]');
    const missing = launcher(['--data-dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--data-dir needs a folder');
    const test = launcher(['--data-dir', data, 'test']);
    expect(test.code).toBe(2);
    expect(test.stderr).toContain('--data-dir is not an option of ./workbench test');
  });
});
