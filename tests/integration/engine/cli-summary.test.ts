import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir();
afterAll(() => t.cleanup());

/** The header row of the "final week" table in `simulate`'s human output. */
function finalHeader(stdout: string): string[] {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('final week'));
  expect(at, stdout).toBeGreaterThanOrEqual(0);
  return lines[at + 1].trim().split(/\s+/);
}

describe('simulate: the human summary', () => {
  it('a single run shows one value per metric; a Monte Carlo set shows mean, sd and percentiles', async () => {
    const one = await runCli(['--data-dir', t.dir, 'simulate', '--members', '10', '--weeks', '4', '--no-save']);
    expect(one.code, one.stderr).toBe(0);
    expect(finalHeader(one.stdout)).toEqual(['metric', 'value']);
    const set = await runCli(['--data-dir', t.dir, 'simulate', '--members', '10', '--weeks', '4', '--runs', '3', '--workers', '1', '--no-save']);
    expect(set.code, set.stderr).toBe(0);
    expect(finalHeader(set.stdout)).toEqual(['metric', 'mean', 'sd', 'p5', 'p50', 'p95']);
    expect(set.stdout).toContain('final week (across runs)');
  });
});

describe('simulate --out', () => {
  it('a folder is refused before the run, which is then not stored', async () => {
    const before = await runCli(['--data-dir', t.dir, 'runs', 'list', '--json']);
    const r = await runCli(['--data-dir', t.dir, 'simulate', '--members', '10', '--weeks', '4', '--out', t.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out must name a file, and ${t.dir} is a folder`);
    const slash = await runCli(['--data-dir', t.dir, 'simulate', '--members', '10', '--weeks', '4', '--out', 'new-folder/']);
    expect(slash.code).toBe(2);
    const after = await runCli(['--data-dir', t.dir, 'runs', 'list', '--json']);
    expect(JSON.parse(after.stdout)).toHaveLength(JSON.parse(before.stdout).length);
  });
});
