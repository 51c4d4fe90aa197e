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
});
