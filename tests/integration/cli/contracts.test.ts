// The CLI contracts the issues spell out, run as a user types them: `latest` with nothing stored on
// every command that takes an id (exit 1, nothing on stdout, a message saying what to do first),
// simulate --json's documented shape, --compare's refusal of a run given twice (named by the option,
// not by the API's field "ids"), and --json as exactly one JSON document on stdout.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir('wb-cli-contracts-');
afterAll(() => t.cleanup());

describe('latest with nothing stored', () => {
  it('every command that takes a run, report or snapshot id: exit 1, stdout empty, stderr says what to run first', async () => {
    const dd = ['--data-dir', path.join(t.dir, 'empty')];
    const out = path.join(t.dir, 'empty-out');
    for (const [args, message] of [
      [['runs', 'get', 'latest'], 'there are no runs yet: run a simulation first'],
      [['runs', 'delete', 'latest'], 'there are no runs yet: run a simulation first'],
      [['runs', 'restore', 'latest'], 'no deleted run to restore'],
      [['recompute', 'latest', '0'], 'there are no runs yet: run a simulation first'],
      [['report', '--run', 'latest', '--format', 'md', '--out', out], 'there are no runs yet: run a simulation first'],
      [['report', '--validation', 'latest', '--format', 'md', '--out', out], 'there are no validation reports yet: run "workbench validate"'],
      [['report', '--compare', 'latest,1', '--format', 'md', '--out', out], 'there are no runs yet: run a simulation first'],
      [['dox', 'push', '--run', 'latest', '--dry-run', '--out', out], 'there are no runs yet: run a simulation first'],
      [['dox', 'push', '--validation', 'latest', '--dry-run', '--out', out], 'there are no validation reports yet: run "workbench validate" first'],
      [['validate', '--snapshot', 'latest'], '--snapshot latest: no Firefly III data has been synced yet; run `workbench firefly sync` first'],
      [['firefly', 'calibrate', '--snapshot', 'latest'], '--snapshot latest: no Firefly III data has been synced yet'],
      [['calibrate', '--from', 'firefly'], 'No Firefly III data has been synced yet'],
    ] as const) {
      const r = await runCli([...dd, '--json', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toContain(message);
    }
  }, 240_000);
});

describe('simulate --json', () => {
  it('prints {runId, params, model, seed, runs, final: {METRIC: {mean, sd, p5, p50, p95, n}}, weekly} with the spec names; runs get latest is that run', async () => {
    const dd = ['--data-dir', path.join(t.dir, 'sim')];
    const r = await runCli([...dd, 'simulate', '--members', '12', '--weeks', '6', '--runs', '3', '--seed', '5', '--workers', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ['runId', 'params', 'model', 'seed', 'runs', 'final', 'weekly', 'status']) expect(j, k).toHaveProperty(k);
    expect(j).toMatchObject({ model: 'reference', seed: 5, runs: 3, status: 'done' });
    expect(j.params).toMatchObject({ NUM_MEMBERS: 12, SIMULATION_WEEKS: 6 });
    for (const m of ['AvgWealth_A', 'AvgWealth_B', 'Gini_A', 'Gini_B', 'PovertyRate_A', 'PovertyRate_B', 'TotalWealth_A', 'TotalWealth_B', 'Bottom20PctShare']) {
      expect(Object.keys(j.final[m]).sort(), m).toEqual(['mean', 'n', 'p5', 'p50', 'p95', 'sd']);
      expect(j.final[m].n, m).toBe(3);
      expect(j.final[m].p5 <= j.final[m].p50 && j.final[m].p50 <= j.final[m].p95, m).toBe(true);
    }
    // Week 0 is the initial state: weeks + 1 rows.
    expect(j.weekly).toHaveLength(7);
    expect(j.weekly[0].Week).toBe(0);
    expect(r.stderr).toMatch(/runs 3\/3/); // progress on stderr, never on stdout
    const got = await runCli([...dd, 'runs', 'get', 'latest', '--json']);
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout).id).toBe(j.runId);
    // --no-save: the same shape with runId null, and nothing stored.
    const unsaved = await runCli([...dd, '--json', 'simulate', '--members', '12', '--weeks', '6', '--no-save']);
    expect(unsaved.code, unsaved.stderr).toBe(0);
    expect(JSON.parse(unsaved.stdout).runId).toBeNull();
    expect(JSON.parse((await runCli([...dd, '--json', 'runs', 'list'])).stdout)).toHaveLength(1);
  }, 120_000);
});

describe('report --compare with a run given twice', () => {
  it('is a usage error naming --compare and what was typed (also when "latest" is one of the others)', async () => {
    const dd = ['--data-dir', path.join(t.dir, 'cmp')];
    for (const seed of ['1', '2']) expect((await runCli([...dd, 'simulate', '--members', '5', '--weeks', '2', '--seed', seed])).code).toBe(0);
    const newest = JSON.parse((await runCli([...dd, '--json', 'runs', 'list'])).stdout)[0].id as number;
    const out = path.join(t.dir, 'cmp-out');
    for (const [ids, message] of [
      ['1,1', '--compare needs distinct run ids, got "1,1"'],
      ['latest,latest', '--compare needs distinct run ids, got "latest,latest"'],
      [`${newest},latest`, `--compare ${newest},latest: compare needs distinct runs ("latest" may repeat an id)`],
    ] as const) {
      const r = await runCli([...dd, 'report', '--compare', ids, '--format', 'md', '--out', out]);
      expect(r.code, `${ids}: ${r.stderr}`).toBe(2);
      expect(r.stderr, ids).toContain(message);
      expect(r.stderr, ids).not.toContain('ids:');
    }
    const ok = await runCli([...dd, '--json', 'report', '--compare', `1,latest`, '--format', 'md', '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).title).toBe('Comparison of 2 runs');
  }, 120_000);
});

describe('--json: exactly one JSON document on stdout', () => {
  it('for the quick commands, with the flag before or after the command', async () => {
    const dd = ['--data-dir', path.join(t.dir, 'json')];
    for (const cmd of [
      ['info'],
      ['health'],
      ['presets'],
      ['presets', '--tag', 'urban'],
      ['runs', 'list'],
      ['settings', 'get'],
      ['db', 'check'],
      ['validate', '--list'],
      ['firefly', 'status'],
      ['firefly', 'snapshots'],
      ['chain', 'status'],
    ].entries()) {
      const [i, args] = cmd;
      // The flag before the command for half of them, after it for the others.
      const argv = i % 2 ? [...dd, '--json', ...args] : [...dd, ...args, '--json'];
      const r = await runCli(argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
      expect(() => JSON.parse(r.stdout), `${argv.join(' ')}: ${r.stdout.slice(0, 200)}`).not.toThrow();
      expect(typeof JSON.parse(r.stdout), argv.join(' ')).toBe('object');
    }
  }, 240_000);
});

describe('a bad --time-zone or --scenario names the option, the value and what it takes (exit 2)', () => {
  it('validate and calibrate --time-zone; projections validate and export --scenario (refused before the export folder is made)', async () => {
    const dd = ['--data-dir', path.join(t.dir, 'opts')];
    const exportDir = path.join(t.dir, 'proj-out');
    for (const [args, message] of [
      [['validate', '--time-zone', 'Mars/Olympus'], `--time-zone must be an IANA time zone such as "Europe/Berlin", "America/New_York" or "UTC", got "Mars/Olympus"`],
      [['calibrate', '--from', 'sample', '--time-zone', 'Mars/Olympus'], `--time-zone must be an IANA time zone such as "Europe/Berlin", "America/New_York" or "UTC", got "Mars/Olympus"`],
      [['projections', 'validate', '--scenario', 'moon'], `option '--scenario <name>' argument 'moon' is invalid. --scenario: unknown market scenario "moon": expected one of bull, normal, downturn, cryptoWinter`],
      [['projections', 'export', '--out', exportDir, '--scenario', 'moon'], `--scenario: unknown market scenario "moon": expected one of bull, normal, downturn, cryptoWinter`],
    ] as const) {
      const r = await runCli([...dd, ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect(fs.existsSync(exportDir)).toBe(false);
    // A zone or scenario the runtime knows still goes through, spelt as the user likes.
    const ok = await runCli([...dd, '--json', 'projections', 'validate', '--scenario', 'crypto-winter']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).scenario.key).toBe('cryptoWinter');
  }, 120_000);
});

describe('recompute --help says what its two arguments take', () => {
  it('<id>: an id or "latest"; <runIndex>: 0 to runs − 1 (the refusal of an index outside the set gives the same range)', async () => {
    const r = await runCli(['recompute', '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: workbench recompute [options] <id> <runIndex>');
    expect(r.stdout).toMatch(/\n {2}id +the stored run or set: an id or "latest"\n/);
    expect(r.stdout).toMatch(/\n {2}runIndex +which run of the set, from 0 to runs − 1/);
  });
});

describe('report --out that cannot be used', () => {
  it('exit 2 naming --out and the path, as the other commands\' --out (csv: a file or a non-empty folder that is not a bundle too); --overwrite still replaces the folder', async () => {
    const dd = ['--data-dir', path.join(t.dir, 'rep')];
    expect((await runCli([...dd, 'simulate', '--members', '5', '--weeks', '2'])).code).toBe(0);
    const file = path.join(t.dir, 'rep-a-file.md');
    fs.writeFileSync(file, 'in the way\n');
    const full = path.join(t.dir, 'rep-full');
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, 'notes.txt'), 'mine\n');
    for (const [args, message] of [
      [['--format', 'md', '--out', path.join(file, 'x.md')], `--out ${path.join(file, 'x.md')}: "${file}" is a file, not a folder`],
      [['--format', 'csv', '--out', file], `--out ${file}: ${file} exists and is not a folder`],
      [['--format', 'csv', '--out', full], `--out ${full}: ${full} is not empty and is not a previous report bundle`],
    ] as const) {
      const r = await runCli([...dd, 'report', '--run', 'latest', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.stderr, args.join(' ')).not.toContain('outPath');
    }
    expect(fs.readFileSync(path.join(full, 'notes.txt'), 'utf8')).toBe('mine\n');
    const over = await runCli([...dd, '--json', 'report', '--run', 'latest', '--format', 'csv', '--out', full, '--overwrite']);
    expect(over.code, over.stderr).toBe(0);
    expect(fs.existsSync(path.join(full, 'notes.txt'))).toBe(false);
  }, 120_000);
});

describe('validate: exit 1 when a check fails', () => {
  it('prints the stored report as one JSON document all the same, and keeps it in the history', async () => {
    const dd = ['--data-dir', path.join(t.dir, 'val')];
    // Three members: too few for the statistical checks' expectations, so one of them fails.
    const r = await runCli([...dd, '--json', 'validate', '--runs', '3', '--set', 'NUM_MEMBERS=3']);
    expect(r.code, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.summary.status).toBe('fail');
    expect(j.summary.failed).toBeGreaterThanOrEqual(1);
    const list = JSON.parse((await runCli([...dd, '--json', 'validate', '--list'])).stdout);
    expect(list.map((x: { id: number }) => x.id)).toEqual([j.id]);
    // The same inputs at the defaults pass: exit 0.
    const ok = await runCli([...dd, '--json', 'validate', '--runs', '3']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).summary.status).toBe('pass');
  }, 120_000);
});
