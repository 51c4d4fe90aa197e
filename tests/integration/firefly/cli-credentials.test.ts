/** `workbench firefly connect|status` in CLI mode: the notices say where the token is kept (a 0600 file), never the token. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';
import { startMockFirefly, type MockFirefly } from '../../mocks/firefly/server';

let ff: MockFirefly;
let tmp: ReturnType<typeof tmpDir>;
beforeAll(async () => {
  ff = await startMockFirefly();
  tmp = tmpDir('wb-ff-cli-');
});
afterAll(async () => {
  await ff.close();
  tmp.cleanup();
});

describe('workbench firefly connect/status (CLI mode)', () => {
  it('connect --json and status name the 0600 file the token is stored in, not the app\'s secure storage', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const tokenFile = path.join(tmp.dir, 'token');
    fs.writeFileSync(tokenFile, ff.token, { mode: 0o600 });
    const c = await runCli(['--data-dir', dataDir, 'firefly', 'connect', '--url', ff.url, '--token-file', tokenFile, '--json']);
    expect(c.code, c.stderr).toBe(0);
    const secrets = path.join(dataDir, 'secrets');
    const out = JSON.parse(c.stdout);
    expect(out.stored).toBe(true);
    expect(out.notice).toBe(`Token stored in a 0600 file in ${secrets}. It is never shown again, logged or exported.`);
    expect(fs.statSync(path.join(secrets, 'firefly.token.secret')).mode & 0o777).toBe(0o600);
    const s = await runCli(['--data-dir', dataDir, 'firefly', 'status', '--json']);
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).notice).toBe(`Firefly III token loaded from a 0600 file in ${secrets}.`);
    expect(c.stdout + c.stderr + s.stdout + s.stderr).not.toContain(ff.token);
  });

  it('connect --token-file - takes the token from a pipe (no file, nothing in shell history); empty or multi-line input is a usage error', async () => {
    const dataDir = path.join(tmp.dir, 'stdin');
    const env = { FIREFLY_URL: '', FIREFLY_TOKEN: '', FIREFLY_TOKEN_FILE: '' };
    const c = await runCli(['--data-dir', dataDir, 'firefly', 'connect', '--url', ff.url, '--token-file', '-', '--json'], { env, input: `${ff.token}\n` });
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ stored: true, url: ff.url });
    expect(c.stderr).toContain('Firefly III token read from standard input (--token-file -) and stored.');
    expect(fs.readFileSync(path.join(dataDir, 'secrets', 'firefly.token.secret'), 'utf8')).toBe(ff.token);
    const empty = await runCli(['--data-dir', dataDir, 'firefly', 'connect', '--url', ff.url, '--token-file', '-'], { env, input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--token-file -: standard input was empty.');
    const two = await runCli(['--data-dir', dataDir, 'firefly', 'connect', '--url', ff.url, '--token-file', '-'], { env, input: `${ff.token}\nsecond line\n` });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('--token-file -: standard input has more than one line');
    // test/sync read a token for one command only: standard input is refused there with a way on.
    const t = await runCli(['--data-dir', dataDir, 'firefly', 'test', '--url', ff.url, '--token-file', '-'], { env, input: ff.token });
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('--token-file - (standard input) is read by `firefly connect` only');
    expect(c.stdout + c.stderr + empty.stderr + two.stderr + t.stdout + t.stderr).not.toContain(ff.token);
  });

  it('sync and test take --url and a 0600 --token-file for that command only: nothing is stored, a looser file is refused', async () => {
    const dataDir = path.join(tmp.dir, 'flags');
    const tokenFile = path.join(tmp.dir, 'token-flags');
    fs.writeFileSync(tokenFile, ff.token, { mode: 0o600 });
    const env = { FIREFLY_URL: '', FIREFLY_TOKEN: '', FIREFLY_TOKEN_FILE: '' };
    const flags = ['--url', ff.url, '--token-file', tokenFile];
    const t = await runCli(['--data-dir', dataDir, 'firefly', 'test', ...flags, '--json'], { env });
    expect(t.code, t.stderr).toBe(0);
    const sync = await runCli(['--data-dir', dataDir, 'firefly', 'sync', ...flags, '--since', '2024-01-01', '--until', '2024-12-31', '--json'], { env });
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toContain(`token read from ${tokenFile} (--token-file) for this command only`);
    const out = JSON.parse(sync.stdout);
    expect(Object.keys(out)).toEqual(['snapshotId', 'period', 'groups', 'transactions', 'skipped', 'warnings', 'delta']);
    expect(out.period).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    const s = JSON.parse((await runCli(['--data-dir', dataDir, 'firefly', 'status', '--json'], { env })).stdout);
    expect(s.tokenStored).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'secrets', 'firefly.token.secret'))).toBe(false);
    fs.chmodSync(tokenFile, 0o644);
    const loose = await runCli(['--data-dir', dataDir, 'firefly', 'sync', ...flags], { env });
    expect(loose.code).toBe(2);
    expect(loose.stderr).toMatch(/readable by other users/);
    expect(t.stdout + t.stderr + sync.stdout + sync.stderr + loose.stderr).not.toContain(ff.token);
  });
});
