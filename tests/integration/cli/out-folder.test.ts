// An --out that cannot be written is a usage error (exit 2) naming the flag, the path and the reason,
// found before any work: no run and no validation report is stored for a command that then fails.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir('wb-cli-out-');
afterAll(() => t.cleanup());
const dd = ['--data-dir', path.join(t.dir, 'data')];
const inTheWay = path.join(t.dir, 'a-file');
fs.writeFileSync(inTheWay, 'not a folder\n');

async function stored(): Promise<{ runs: number; validations: number }> {
  const runs = await runCli([...dd, '--json', 'runs', 'list']);
  const vals = await runCli([...dd, '--json', 'validate', '--list']);
  return { runs: JSON.parse(runs.stdout).length, validations: JSON.parse(vals.stdout).length };
}

describe('--out that cannot be written', () => {
  it.each([
    ['simulate', ['simulate', '--members', '5', '--weeks', '2', '--out', path.join(inTheWay, 'res.json')]],
    ['validate', ['validate', '--runs', '2', '--out', path.join(inTheWay, 'report')]],
    ['calibrate', ['calibrate', '--from', 'sample', '--out', path.join(inTheWay, 'cal')]],
    ['projections export', ['projections', 'export', '--out', path.join(inTheWay, 'proj')]],
  ])('%s: exit 2 naming --out, the path and the reason; nothing stored', async (_name, args) => {
    const r = await runCli([...dd, ...args], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`--out ${args[args.length - 1]}`);
    expect(r.stderr).toMatch(/a part of the path is a file, not a folder \(ENOTDIR\)/);
    expect(await stored()).toEqual({ runs: 0, validations: 0 });
  });

  it('a writable --out still works and creates its folder', async () => {
    const file = path.join(t.dir, 'new', 'deeper', 'res.json');
    const r = await runCli([...dd, 'simulate', '--members', '5', '--weeks', '2', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).runId).toBe(1);
  });
});
