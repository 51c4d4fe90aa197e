// Bad user input exits 2 (usage) with a message naming the option, the value and what is allowed;
// exit 1 stays for runtime failures. Before: a bad `dox push --bundle` file, an unknown
// `firefly calibrate --currency`, a bad `firefly sync --url` and an unconfigured `firefly sync` exited 1
// (while `simulate --params`, `calibrate --from FILE --currency` and `firefly test` exited 2); a
// 0-byte CSV was uploaded as is; `recompute --json` had no `status`; a blank WORKBENCH_DATA_DIR made
// a folder named with spaces.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';
import { startMockFirefly, type MockFirefly } from '../../mocks/firefly/server';

const t = tmpDir('wb-cli-exit2-');
afterAll(() => t.cleanup());
const file = (name: string, content: string) => {
  const p = path.join(t.dir, name);
  fs.writeFileSync(p, content);
  return p;
};
// No Firefly credentials from the environment running the tests.
const noFirefly = { FIREFLY_URL: '', FIREFLY_TOKEN: '', FIREFLY_TOKEN_FILE: '' };

describe('dox push --bundle: a file DoX cannot take is a usage error, refused before anything is written or sent', () => {
  const data = path.join(t.dir, 'dox-data');
  const dd = ['--data-dir', data];

  it.each([
    ['not JSON', 'bad.json', '{"week": 1,', /--bundle \S*bad\.json is not valid JSON \(.+\); a bundle \.json file must hold valid JSON/],
    ['0 bytes', 'empty.csv', '', /--bundle \S*empty\.csv is empty \(0 bytes\); a bundle \.csv file must hold a header row and data rows/],
    ['blank lines only', 'blank.csv', '\n  \n', /--bundle \S*blank\.csv is empty \(4 bytes\); a bundle \.csv file must hold a header row and data rows/],
    ['0-byte JSON', 'empty.json', '', /--bundle \S*empty\.json is empty \(0 bytes\)/],
  ])('%s → exit 2 naming --bundle and the file; no artefact folder, nothing recorded', async (_what, name, content, msg) => {
    const good = file('good.csv', 'week,revenue\n1,10\n');
    const bad = file(name, content);
    const r = await runCli([...dd, 'dox', 'push', '--bundle', good, bad, '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(fs.existsSync(path.join(data, 'artifacts'))).toBe(false);
  });

  it('a good bundle still goes through (dry run), so the refusals above are about the file', async () => {
    const r = await runCli([...dd, 'dox', 'push', '--bundle', file('ok.csv', 'week,revenue\n1,10\n'), file('ok.json', '[{"week":1}]'), '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files.map((f: { name: string }) => f.name)).toEqual(['ok.csv', 'ok.json']);
  });

  it('simulate --params with a bad file exits 2 too (the behaviour dox push now matches)', async () => {
    const r = await runCli([...dd, 'simulate', '--params', file('p.json', '{nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--params: .*p\.json is not valid JSON/);
  });
});

describe('--currency and Firefly credentials given on the command line', () => {
  let ff: MockFirefly;
  let dd: string[];
  let tokenFile: string;
  beforeAll(async () => {
    ff = await startMockFirefly();
    dd = ['--data-dir', path.join(t.dir, 'ff-data')];
    tokenFile = path.join(t.dir, 'token');
    fs.writeFileSync(tokenFile, ff.token, { mode: 0o600 });
    const sync = await runCli([...dd, 'firefly', 'sync', '--url', ff.url, '--token-file', tokenFile, '--since', '2025-07-01', '--until', '2026-06-30', '--json'], { env: noFirefly });
    expect(sync.code, sync.stderr).toBe(0);
  }, 120_000);
  afterAll(() => ff?.close());

  it('a currency the snapshot has no spending in: exit 2 naming --currency, the value and the currencies there are (firefly calibrate and calibrate --from firefly)', async () => {
    for (const cmd of [['firefly', 'calibrate'], ['calibrate', '--from', 'firefly']]) {
      const r = await runCli([...dd, ...cmd, '--currency', 'XYZ'], { env: noFirefly });
      expect(r.code, cmd.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--currency XYZ: snapshot 1 has no spending in XYZ; it has EUR, JPY, USD\. Pick one of those\./);
    }
    // A currency it has still works (lower case read as the code).
    const ok = await runCli([...dd, 'firefly', 'calibrate', '--currency', 'usd', '--json'], { env: noFirefly });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).dataSource.currencies).toEqual(['USD']);
  }, 60_000);

  it('a value that is not a currency code: exit 2 naming --currency, what it takes and the value, on every calibrate', async () => {
    for (const cmd of [['firefly', 'calibrate'], ['calibrate', '--from', 'firefly'], ['calibrate', '--from', 'sample']]) {
      const r = await runCli([...dd, ...cmd, '--currency', 'X!'], { env: noFirefly });
      expect(r.code, cmd.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--currency must be a currency code: expected a currency code of 3–51 characters, such as USD .*; got "X!"/);
    }
  });

  it('firefly sync: a --url that is not an address, or no credentials at all, exit 2 as firefly test does; an unreachable server stays 1', async () => {
    for (const sub of ['sync', 'test']) {
      const r = await runCli([...dd, 'firefly', sub, '--url', 'firefly.example', '--token-file', tokenFile], { env: noFirefly });
      expect(r.code, sub).toBe(2);
      expect(r.stderr).toMatch(/--url: The Firefly III URL must start with http:\/\/ or https:\/\/: "firefly\.example" has neither/);
    }
    const none = ['--data-dir', path.join(t.dir, 'ff-none')];
    const sync = await runCli([...none, 'firefly', 'sync'], { env: noFirefly });
    const test = await runCli([...none, 'firefly', 'test'], { env: noFirefly });
    expect([sync.code, test.code]).toEqual([2, 2]);
    expect(sync.stderr).toMatch(/Not connected: enter the Firefly III address and a Personal Access Token/);
    // A runtime failure (nothing listens there) is still exit 1.
    const down = await runCli([...none, 'firefly', 'sync', '--url', 'http://127.0.0.1:9', '--token-file', tokenFile], { env: noFirefly });
    expect(down.code, down.stderr).toBe(1);
    expect(down.stderr).toMatch(/Cannot reach Firefly III at http:\/\/127\.0\.0\.1:9/);
  }, 60_000);
});

describe('recompute --json', () => {
  it('has status, with the meaning and values of simulate --json ("done")', async () => {
    const dd = ['--data-dir', path.join(t.dir, 'sim-data')];
    const sim = await runCli([...dd, 'simulate', '--members', '20', '--weeks', '8', '--runs', '3', '--seed', '7', '--json']);
    expect(sim.code, sim.stderr).toBe(0);
    const s = JSON.parse(sim.stdout);
    expect(s.status).toBe('done');
    const r = await runCli([...dd, 'recompute', 'latest', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const x = JSON.parse(r.stdout);
    expect(x.status).toBe('done');
    expect(x.sourceRunId).toBe(s.runId);
    expect(x.runIndex).toBe(2);
    // Text mode unchanged.
    const text = await runCli([...dd, 'recompute', 'latest', '2']);
    expect(text.stdout).toMatch(/^run index 2: final AvgWealth_B /);
  }, 60_000);
});

describe('WORKBENCH_DATA_DIR', () => {
  it('blank (spaces only) is refused with exit 2 naming it, and no folder is made; empty means unset; --data-dir wins', async () => {
    const cwd = path.join(t.dir, 'cwd');
    fs.mkdirSync(cwd);
    const blank = await runCli(['info', '--json'], { cwd, env: { WORKBENCH_DATA_DIR: '   ' } });
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('WORKBENCH_DATA_DIR must name a folder (e.g. WORKBENCH_DATA_DIR=~/workbench-data) or be empty/unset for the default, got "   "');
    expect(fs.readdirSync(cwd)).toEqual([]);
    const tab = await runCli(['runs', 'list'], { cwd, env: { WORKBENCH_DATA_DIR: '\t' } });
    expect(tab.code).toBe(2);
    expect(fs.readdirSync(cwd)).toEqual([]);

    // Empty: the default folder, here under a scratch XDG_CONFIG_HOME.
    const xdg = path.join(t.dir, 'xdg');
    const empty = await runCli(['info', '--json'], { cwd, env: { WORKBENCH_DATA_DIR: '', XDG_CONFIG_HOME: xdg } });
    expect(empty.code, empty.stderr).toBe(0);
    expect(JSON.parse(empty.stdout).dataDir).toBe(path.join(xdg, 'PMOVES Workbench'));

    const flag = path.join(t.dir, 'flag-data');
    const wins = await runCli(['--data-dir', flag, 'info', '--json'], { cwd, env: { WORKBENCH_DATA_DIR: '   ' } });
    expect(wins.code, wins.stderr).toBe(0);
    expect(JSON.parse(wins.stdout).dataDir).toBe(flag);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});
