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

// `./workbench test --help` ran the whole 17-minute suite (test-all.sh ignored its arguments), and
// `bench chain --help` / `bench ui --help` ran the benchmarks: the launcher's own commands now print
// their usage for --help and refuse an option they do not take (exit 2) before anything starts.
// (The scratch copy has no scripts/ or bench/: a command that started anyway fails at once.)
describe('./workbench test, build and bench ui|chain: --help and unknown options', () => {
  it('--help / -h print the usage (exit 0) and run nothing', () => {
    for (const [args, usage] of [
      [['test', '--help'], 'usage: ./workbench test'],
      [['test', '-h'], 'usage: ./workbench test'],
      [['build', '--help'], 'usage: ./workbench build'],
      [['bench', 'chain', '--help'], 'usage: ./workbench bench chain [--quick] [--json] [--no-hardhat]'],
      [['bench', 'ui', '-h'], 'usage: ./workbench bench ui [--quick] [--json]'],
      [['--json', 'bench', 'ui', '--help'], 'usage: ./workbench bench ui [--quick] [--json]'],
    ] as const) {
      const r = launcher([...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout, args.join(' ')).toContain(usage);
      expect(r.stdout + r.stderr, args.join(' ')).not.toContain('=== step');
    }
  });

  it('an option they do not take is exit 2 naming it (and what is allowed), before anything runs', () => {
    for (const [args, message] of [
      [['test', '--quick'], './workbench test takes no options, got "--quick"'],
      [['test', '--data-dir', dir], './workbench test takes no options, got "--data-dir"'],
      [['build', 'now'], './workbench build takes no options, got "now"'],
      [['bench', 'ui', '--bogus'], './workbench bench ui: unknown option "--bogus"; allowed: --quick --json'],
      [['bench', 'chain', '--quick', '--slow'], './workbench bench chain: unknown option "--slow"; allowed: --quick --json --no-hardhat'],
      [['bench', 'ui', '--data-dir', dir], '--data-dir is not an option of ./workbench bench ui'],
      [['--data-dir', dir, 'bench', 'chain'], '--data-dir is not an option of ./workbench bench chain'],
    ] as const) {
      const r = launcher([...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
  });
});
