// `./workbench help COMMAND` and `./workbench --help`: the launcher hands everything but start, serve,
// test and bench to the CLI, so its help reaches commander too. It printed only its own usage lines:
// `help simulate` never showed simulate's options, and `--help` never listed the CLI's commands and
// global flags. Run in a scratch copy of the launcher (dependencies and build taken as they are).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchLauncher } from '../../helpers/launcher';
import { tmpDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tmpDir>;
let dir: string;

beforeAll(() => {
  tmp = tmpDir('wb-launcher-help-');
  dir = tmp.dir;
  scratchLauncher(dir);
});
afterAll(() => tmp.cleanup());

function launcher(args: string[]): { code: number | null; stdout: string; stderr: string } {
  // The Node running the tests first on PATH: the launcher uses it (>= 22.13) and its deps stamp matches.
  const env = { ...process.env, WORKBENCH_NO_BUILD: '1', PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  const r = spawnSync(path.join(dir, 'workbench'), args, { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('./workbench help', () => {
  it('help COMMAND (and --help COMMAND) is the CLI help of that command', () => {
    for (const args of [['help', 'simulate'], ['--help', 'simulate']]) {
      const r = launcher(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout, args.join(' ')).toContain('Usage: workbench simulate [options]');
      expect(r.stdout, args.join(' ')).toContain('--no-save');
    }
    const dox = launcher(['help', 'dox']);
    expect(dox.code, dox.stderr).toBe(0);
    expect(dox.stdout).toContain('Usage: workbench dox');
    const unknown = launcher(['help', 'frobnicate']);
    expect(unknown.code).toBe(2);
  });

  it('--help, -h, help and no command: the launcher lines, then the CLI commands and global flags', () => {
    for (const args of [['--help'], ['-h'], ['help'], []]) {
      const r = launcher(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('usage: ./workbench <command>');
      expect(r.stdout).toContain('Usage: workbench [options] [command]');
      for (const s of ['--json', '--data-dir', 'simulate', 'report', 'dox', 'firefly', 'chain', 'validate']) expect(r.stdout, `${args.join(' ')}: ${s}`).toContain(s);
    }
  });
});
