// Folders the user names (--out, --data-dir, the reports folder) are created with makeDirs: Node's
// mkdir { recursive: true } never returns under a parent that takes no new entries (/proc).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirs } from '../../../src-main/fs/makeDirs';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir();
afterAll(() => t.cleanup());

describe('makeDirs', () => {
  it('creates missing levels, leaves existing folders, refuses a file in the way', () => {
    const deep = path.join(t.dir, 'a', 'b', 'c');
    makeDirs(deep);
    expect(fs.statSync(deep).isDirectory()).toBe(true);
    makeDirs(deep);
    fs.writeFileSync(path.join(t.dir, 'file'), '');
    expect(() => makeDirs(path.join(t.dir, 'file'))).toThrow(/not a folder/);
    expect(() => makeDirs(path.join(t.dir, 'file', 'x'))).toThrow(/ENOTDIR/);
  });

  it('fails at once under /proc instead of looping', () => {
    const t0 = Date.now();
    expect(() => makeDirs('/proc/workbench-test/x')).toThrow(/ENOENT/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('the CLI: simulate --out under /proc ends with a usage error instead of hanging', async () => {
    const r = await runCli(['--data-dir', t.dir, 'simulate', '--members', '5', '--weeks', '2', '--no-save', '--out', '/proc/workbench-test/res.json'], { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out \/proc\/workbench-test\/res\.json: .*\(ENOENT\)/);
  });

  it('the CLI: a --data-dir that cannot be a folder is a usage error in plain words (was Node\'s raw ENOENT, exit 1)', async () => {
    const proc = await runCli(['--data-dir', '/proc/workbench-test', 'info'], { timeoutMs: 30_000 });
    expect(proc.code).toBe(2);
    expect(proc.stderr).toContain('cannot use /proc/workbench-test as the data folder: a folder cannot be created there');
    fs.writeFileSync(path.join(t.dir, 'a-file'), '');
    const under = await runCli(['--data-dir', path.join(t.dir, 'a-file', 'data'), 'info'], { timeoutMs: 30_000 });
    expect(under.code).toBe(2);
    expect(under.stderr).toContain('part of that path is a file, not a folder');
  });
});
