import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir();
afterAll(() => t.cleanup());
const dd = ['--data-dir', t.dir];

describe('workbench CLI', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['info', 'settings', 'runs', 'db', 'serve']) expect(r.stdout).toContain(c);
  });
  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
    // With --json, one JSON object like every other --json output (it printed the bare version).
    const j = await runCli(['--json', '--version']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual({ version: pkg.version });
  });
  it('unknown command: exit 2 with a plain message', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
  it('a command group without its subcommand (e.g. "db") is a usage error: help on stderr, exit 2; "help" still exits 0', async () => {
    for (const group of ['db', 'runs', 'settings', 'chain', 'firefly', 'dox', 'projections']) {
      const r = await runCli([...dd, group]);
      expect(r.code, group).toBe(2);
      expect(r.stdout, group).toBe('');
      expect(r.stderr, group).toContain(`Usage: workbench ${group}`);
    }
    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: workbench');
    const helpDb = await runCli(['help', 'db']);
    expect(helpDb.code).toBe(0);
    expect(helpDb.stdout).toContain('Usage: workbench db');
  });
  it('info --json prints one JSON object naming the data dir', async () => {
    const r = await runCli([...dd, '--json', 'info']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.dataDir).toBe(t.dir);
    expect(info.schemaVersion).toBeGreaterThanOrEqual(1);
  });
  it('WORKBENCH_DATA_DIR selects the data dir', async () => {
    const other = tmpDir();
    const r = await runCli(['--json', 'info'], { env: { WORKBENCH_DATA_DIR: other.dir } });
    expect(JSON.parse(r.stdout).dataDir).toBe(other.dir);
    other.cleanup();
  });
  it('settings set validates: exit 2, names the field and value, stores nothing', async () => {
    const bad = await runCli([...dd, 'settings', 'set', 'defaultRuns', '-3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/defaultRuns/);
    expect(bad.stderr).toMatch(/-3/);
    // …and the allowed range, whatever was wrong with the value.
    for (const [key, value, range] of [
      ['defaultRuns', '-3', 'must be an integer between 1 and 100,000 (got -3)'],
      ['defaultRuns', '2.5', 'must be an integer between 1 and 100,000 (got 2.5)'],
      ['defaultSeed', 'abc', 'defaultSeed: must be an integer between 0 and 9,007,199,254,740,991 (got "abc")'],
      ['theme', 'blue', 'theme: must be one of system, light, dark (got "blue")'],
    ]) {
      const r = await runCli([...dd, 'settings', 'set', key, value]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(range);
    }
    const unknown = await runCli([...dd, 'settings', 'set', 'defaultRun', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown setting "defaultRun"; known: theme, defaultSeed, defaultRuns');
    const ok = await runCli([...dd, '--json', 'settings', 'set', 'defaultRuns', '12']);
    expect(ok.code).toBe(0);
    const got = await runCli([...dd, '--json', 'settings', 'get', 'defaultRuns']);
    expect(JSON.parse(got.stdout)).toEqual({ defaultRuns: 12 });
  });
  it('settings set: a text setting given a number or true is checked as the text typed, so the refusal says what it takes and the value', async () => {
    for (const [key, value, says] of [
      ['reportsDir', '5', 'reportsDir: must be an absolute folder (e.g. /home/you/reports)'],
      ['fireflyTimeZone', '5', 'fireflyTimeZone: not an IANA time zone (e.g. Europe/Berlin)'],
      ['reportsDir', 'true', 'reportsDir: must be an absolute folder'],
    ]) {
      const r = await runCli([...dd, 'settings', 'set', key, value]);
      expect(r.code, `${key} ${value}`).toBe(2);
      expect(r.stderr).toContain(says);
      expect(r.stderr).toContain(`(got "${value}")`);
      expect(r.stderr).not.toMatch(/expected string, received/);
    }
    // JSON still reads as JSON where the setting takes it: null clears, numbers are numbers.
    const cleared = await runCli([...dd, '--json', 'settings', 'set', 'doxUrl', 'null']);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(JSON.parse(cleared.stdout).doxUrl).toBeNull();
    const tz = await runCli([...dd, '--json', 'settings', 'set', 'fireflyTimeZone', 'Europe/Berlin']);
    expect(JSON.parse(tz.stdout).fireflyTimeZone).toBe('Europe/Berlin');
  });
  it('settings set refuses a server URL that is not http(s): exit 2, names the field and value, stores nothing', async () => {
    const own = tmpDir();
    const d2 = ['--data-dir', own.dir];
    for (const [key, url] of [
      ['doxUrl', 'ftp://127.0.0.1:8484'],
      ['fireflyUrl', 'file:///etc/passwd'],
    ] as const) {
      const r = await runCli([...d2, 'settings', 'set', key, url]);
      expect(r.code, url).toBe(2);
      expect(r.stderr).toContain(`${key}: must start with http:// or https://`);
      expect(r.stderr).toContain(url);
      const got = await runCli([...d2, '--json', 'settings', 'get', key]);
      expect(JSON.parse(got.stdout)).toEqual({ [key]: null });
    }
    const ok = await runCli([...d2, '--json', 'settings', 'set', 'doxUrl', 'https://dox.example.org:8484']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).doxUrl).toBe('https://dox.example.org:8484');
    own.cleanup();
  });
  it('server URLs carrying a password or a token are refused, and the secret reaches neither the output nor the DB', async () => {
    const own = tmpDir();
    const d2 = ['--data-dir', own.dir];
    const secret = 'S3cretPW-canary-41d9';
    for (const [key, url, why] of [
      ['doxUrl', `http://alice:${secret}@127.0.0.1:8484/`, /doxUrl: must not contain a user name or password/],
      ['fireflyUrl', `https://bob:${secret}@firefly.example.org`, /fireflyUrl: must not contain a user name or password/],
      ['doxUrl', `http://127.0.0.1:8484/?token=${secret}`, /doxUrl: must not contain a query/],
    ] as const) {
      const r = await runCli([...d2, 'settings', 'set', key, url]);
      expect(r.code, url).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
    // A --url with credentials is used without them, and a bad one is quoted without them.
    const h = await runCli([...d2, 'dox', 'health', '--url', `http://alice:${secret}@127.0.0.1:1/?t=${secret}`]);
    expect(h.stderr).toContain('checking DoX at http://127.0.0.1:1');
    const bad = await runCli([...d2, 'dox', 'health', '--url', `http://alice:${secret}@[bad`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"http://***@[bad" is not a valid URL');
    const ff = await runCli([...d2, 'firefly', 'status'], { env: { FIREFLY_URL: `http://a:${secret}@[bad`, FIREFLY_TOKEN: 'tok-canary-1234' } });
    expect(ff.stdout).toContain('"http://***@[bad" is not a URL');
    for (const r of [h, bad, ff]) expect(r.stdout + r.stderr).not.toContain(secret);
    for (const f of fs.readdirSync(own.dir).filter((n) => n.startsWith('workbench.db'))) {
      expect(fs.readFileSync(path.join(own.dir, f)).includes(secret), f).toBe(false);
    }
    own.cleanup();
  });
  it('db backup, check and restore round-trip', async () => {
    const backup = path.join(t.dir, 'b.db');
    const b = await runCli([...dd, '--json', 'db', 'backup', backup]);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout).bytes).toBeGreaterThan(0);
    await runCli([...dd, 'settings', 'set', 'defaultRuns', '99']);
    const c = await runCli([...dd, '--json', 'db', 'check']);
    expect(JSON.parse(c.stdout).ok).toBe(true);
    // An existing backup is not overwritten unless asked.
    const again = await runCli([...dd, 'db', 'backup', backup]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; choose another file or pass --force/);
    // --force replaces it, even a file that is not a database.
    const junk = path.join(t.dir, 'b2.db');
    fs.writeFileSync(junk, 'not a database');
    const forced = await runCli([...dd, 'db', 'backup', '--force', junk]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(fs.readFileSync(junk).subarray(0, 15).toString()).toBe('SQLite format 3');
    const r = await runCli([...dd, 'db', 'restore', backup]);
    expect(r.code).toBe(0);
    // The output names where the replaced database is kept.
    const kept = /the previous database is kept as (\S+\.before-restore-\d{8}T\d{6}Z(?:-\d+)?)$/m.exec(r.stdout)?.[1];
    expect(kept && fs.existsSync(kept), r.stdout).toBe(true);
    const got = await runCli([...dd, '--json', 'settings', 'get', 'defaultRuns']);
    expect(JSON.parse(got.stdout)).toEqual({ defaultRuns: 12 });
  });
  it('db restore of a missing file is a usage error (exit 2) with a clear message', async () => {
    const r = await runCli([...dd, 'db', 'restore', path.join(t.dir, 'nope.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not exist/);
  });
  it('simulate --preset takes a preset name too; the run is named and tagged by the preset', async () => {
    const other = tmpDir();
    const od = ['--data-dir', other.dir];
    const r = await runCli([...od, '--json', 'simulate', '--preset', 'Strong Cooperation', '--members', '10', '--weeks', '4']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).params.PERCENT_SPEND_INTERNAL_AVG).toBe(0.7);
    const run = JSON.parse((await runCli([...od, '--json', 'runs', 'get', 'latest'])).stdout);
    expect(run.name).toMatch(/^Strong Cooperation · 10×4/);
    expect(run.tags).toEqual(['strong-cooperation']);
    // `runs show` is `runs get` (the name a user tries first); every runs command says what it does.
    expect(JSON.parse((await runCli([...od, '--json', 'runs', 'show', 'latest'])).stdout)).toEqual(run);
    const help = (await runCli(['runs', '--help'])).stdout;
    for (const [name, what] of [['list', 'stored runs, newest first'], ['get|show <id>', 'one run'], ['delete <id...>', 'delete a run']]) expect(help).toMatch(new RegExp(`${name.replace('|', '\\|')}\\s.*${what}`));
    other.cleanup();
  });
  it('runs get latest on an empty DB explains what to do', async () => {
    const r = await runCli([...dd, 'runs', 'get', 'latest']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no runs yet/);
  });
  it('runs delete latest, then runs restore latest undoes it; with nothing deleted, restore latest says so (exit 1)', async () => {
    const d = ['--data-dir', path.join(t.dir, 'undo')];
    for (const seed of ['1', '2']) expect((await runCli([...d, 'simulate', '--members', '5', '--weeks', '2', '--seed', seed])).code).toBe(0);
    const ids = async () => JSON.parse((await runCli([...d, 'runs', 'list', '--json'])).stdout).map((r: { id: number }) => r.id);
    const [newest, older] = await ids();
    expect((await runCli([...d, 'runs', 'delete', 'latest'])).code).toBe(0);
    expect((await runCli([...d, 'runs', 'delete', String(older)])).code).toBe(0);
    expect(await ids()).toEqual([]);
    const r = await runCli([...d, '--json', 'runs', 'restore', 'latest']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: older, restored: true }); // deleted last, restored first
    expect(JSON.parse((await runCli([...d, '--json', 'runs', 'restore', 'latest'])).stdout)).toEqual({ id: newest, restored: true });
    expect(await ids()).toEqual([newest, older]);
    const none = await runCli([...d, 'runs', 'restore', 'latest']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no deleted run to restore');
    // A run that is not deleted: restored false, exit 0. An id that was never stored: not found, exit 1.
    const kept = await runCli([...d, '--json', 'runs', 'restore', String(newest)]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout)).toEqual({ id: newest, restored: false });
    const unknown = await runCli([...d, '--json', 'runs', 'restore', '999']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('run 999 does not exist');
  });
  it('a bad run id is a usage error', async () => {
    const r = await runCli([...dd, 'runs', 'get', 'abc']);
    expect(r.code).toBe(2);
  });
  it('an empty or blank --data-dir is a usage error naming the flag; nothing is created in the current folder', async () => {
    // path.resolve('') is the current folder: `--data-dir ""` (an unset shell variable) used to put workbench.db there.
    const cwd = path.join(t.dir, 'cwd-empty-data-dir');
    fs.mkdirSync(cwd);
    for (const args of [['--data-dir', '', 'info'], ['info', '--data-dir', '   '], ['--json', '--data-dir=', 'runs', 'list']]) {
      const r = await runCli(args, { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/--data-dir must name a folder .*got "\s*"/);
    }
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
  it('serve refuses a non-loopback bind with exit 2', async () => {
    const r = await runCli([...dd, 'serve', '--host', '0.0.0.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/loopback only/);
  });
});
