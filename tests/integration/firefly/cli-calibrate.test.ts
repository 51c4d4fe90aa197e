/** `workbench firefly calibrate --snapshot ID` and `workbench calibrate --from firefly --currency C` on a real synced snapshot. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';
import { startMockFirefly, type MockFirefly } from '../../mocks/firefly/server';

let ff: MockFirefly;
let tmp: ReturnType<typeof tmpDir>;
let dd: string[];
const env = { FIREFLY_URL: '', FIREFLY_TOKEN: '', FIREFLY_TOKEN_FILE: '' };

beforeAll(async () => {
  ff = await startMockFirefly();
  tmp = tmpDir('wb-ff-cal-');
  dd = ['--data-dir', path.join(tmp.dir, 'data')];
  const tokenFile = path.join(tmp.dir, 'token');
  fs.writeFileSync(tokenFile, ff.token, { mode: 0o600 });
  const sync = await runCli([...dd, 'firefly', 'sync', '--url', ff.url, '--token-file', tokenFile, '--since', '2025-07-01', '--until', '2026-06-30', '--json'], { env });
  expect(sync.code, sync.stderr).toBe(0);
  expect(JSON.parse(sync.stdout).snapshotId).toBe(1);
}, 120_000);
afterAll(async () => {
  await ff.close();
  tmp.cleanup();
});

describe('Firefly calibration from the CLI', () => {
  it('firefly calibrate --snapshot with an unknown id names that id (data has been synced)', async () => {
    const r = await runCli([...dd, 'firefly', 'calibrate', '--snapshot', '99'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Firefly snapshot 99 does not exist');
    expect(r.stderr).not.toMatch(/No Firefly III data has been synced yet/);
  });

  it('--snapshot latest (firefly calibrate, validate) is the newest synced snapshot; a bad value names the option and what it takes', async () => {
    const latest = await runCli([...dd, 'firefly', 'calibrate', '--snapshot', 'latest', '--json'], { env });
    expect(latest.code, latest.stderr).toBe(0);
    const byId = await runCli([...dd, 'firefly', 'calibrate', '--snapshot', '1', '--json'], { env });
    const x = JSON.parse(latest.stdout);
    expect(x.snapshotId).toBe(1);
    expect(x.engineParamDiff).toEqual(JSON.parse(byId.stdout).engineParamDiff);
    const v = await runCli([...dd, 'validate', '--runs', '2', '--snapshot', 'latest', '--json'], { env });
    expect(v.code, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout).result.inputs.snapshotId).toBe(1);
    for (const cmd of [['firefly', 'calibrate'], ['validate']]) {
      const bad = await runCli([...dd, ...cmd, '--snapshot', 'newest'], { env });
      expect(bad.code, cmd.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(/--snapshot must be a snapshot id \(an integer between 1 and \d+\) or "latest", got "newest"/);
    }
    // Nothing synced in a fresh data folder: "latest" says so (exit 1), as calibrating without --snapshot does.
    const empty = ['--data-dir', path.join(tmp.dir, 'empty')];
    const none = await runCli([...empty, 'validate', '--runs', '2', '--snapshot', 'latest'], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('--snapshot latest: no Firefly III data has been synced yet');
  }, 120_000);

  it('firefly sync --until too far ahead names the value and the latest date allowed (exit 2, nothing stored)', async () => {
    const tokenFile = path.join(tmp.dir, 'token');
    const r = await runCli([...dd, 'firefly', 'sync', '--url', ff.url, '--token-file', tokenFile, '--since', '2026-01-01', '--until', '2099-01-01'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/until \(2099-01-01\) is more than a year in the future; the latest allowed is \d{4}-\d{2}-\d{2} \(a year from today, \d{4}-\d{2}-\d{2}\)/);
    const list = JSON.parse((await runCli([...dd, '--json', 'firefly', 'snapshots'], { env })).stdout) as unknown[];
    expect(list).toHaveLength(1);
  });

  it('calibrate --from firefly is the Firefly bridge\'s calibration: the same numbers as firefly calibrate (rules, period)', async () => {
    const a = await runCli([...dd, 'calibrate', '--from', 'firefly', '--json'], { env });
    const b = await runCli([...dd, 'firefly', 'calibrate', '--json'], { env });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const x = JSON.parse(a.stdout);
    const y = JSON.parse(b.stdout);
    expect(x.engineParamDiff).toEqual(y.engineParamDiff);
    expect(x.dataSource).toEqual(y.dataSource);
    expect(x.dataSource.periodStart).toBe('2025-07-01'); // the snapshot's period, not the first and last transaction dates
    expect(x.snapshotId).toBe(1);
    const tz = await runCli([...dd, 'calibrate', '--from', 'firefly', '--time-zone', 'Pacific/Kiritimati', '--json'], { env });
    expect(tz.code, tz.stderr).toBe(0);
    expect(JSON.parse(tz.stdout).dataSource.timeZone).toBe('Pacific/Kiritimati');
    const badTz = await runCli([...dd, 'calibrate', '--from', 'firefly', '--time-zone', 'Mars/Base'], { env });
    expect(badTz.code).toBe(2);
    expect(badTz.stderr).toContain('--time-zone must be an IANA time zone such as "Europe/Berlin", "America/New_York" or "UTC", got "Mars/Base"');
  });

  it('calibrate --from firefly honours --currency (it was ignored: the most-used currency was always taken)', async () => {
    const def = await runCli([...dd, 'calibrate', '--from', 'firefly', '--json'], { env });
    expect(def.code, def.stderr).toBe(0);
    const usd = await runCli([...dd, 'calibrate', '--from', 'firefly', '--currency', 'USD', '--json'], { env });
    expect(usd.code, usd.stderr).toBe(0);
    const a = JSON.parse(def.stdout);
    const b = JSON.parse(usd.stdout);
    expect(a.dataSource.currencies).toEqual(['EUR']);
    expect(b.dataSource.currencies).toEqual(['USD']);
    expect(b.dataSource.transactionsAnalyzed).toBeLessThan(a.dataSource.transactionsAnalyzed);
    const bad = await runCli([...dd, 'calibrate', '--from', 'firefly', '--currency', 'XYZ'], { env });
    expect(bad.code).toBe(2); // the user's input, as calibrate --from FILE --currency XYZ
    expect(bad.stderr).toMatch(/--currency XYZ: snapshot 1 has no spending in XYZ; it has .*EUR/);
    expect(bad.stderr).not.toContain('firefly sync');
  });

  it('--exchange-rate converts EUR spending to USD before calibrating: budget × rate, comparison and coverage in USD, the report says so', async () => {
    const eur = await runCli([...dd, 'firefly', 'calibrate', '--json'], { env });
    const usd = await runCli([...dd, 'firefly', 'calibrate', '--exchange-rate', '1.25', '--out', path.join(tmp.dir, 'conv'), '--json'], { env });
    expect(eur.code, eur.stderr).toBe(0);
    expect(usd.code, usd.stderr).toBe(0);
    const a = JSON.parse(eur.stdout);
    const b = JSON.parse(usd.stdout);
    expect(a.import.converted).toBeUndefined();
    expect(a.warnings.join(' ')).toMatch(/in EUR but the engine's money parameters are in USD/);
    expect(b.import.converted).toEqual({ from: 'EUR', rate: 1.25 });
    // Units name the money the amounts are in (they said USD/week next to euro amounts).
    const unit = (r: { engineParamDiff: { key: string; unit: string }[]; parameters: { parameter: string; unit: string }[] }) => [r.engineParamDiff[0].unit, r.parameters.find((p) => p.parameter === 'WEEKLY_FOOD_BUDGET_AVG')!.unit];
    expect(unit(a)).toEqual(['EUR/week', 'EUR/week']);
    expect(unit(b)).toEqual(['USD/week', 'USD/week']);
    expect(b.dataSource.currencies).toEqual(['USD']);
    expect(b.coverageReport.currencyCode).toBe('USD');
    expect(b.warnings.join(' ')).not.toMatch(/no exchange rate/);
    const budget = (r: { engineParamDiff: { key: string; proposed: number }[] }) => r.engineParamDiff.find((d) => d.key === 'WEEKLY_FOOD_BUDGET_AVG')!.proposed;
    // Each amount is converted to the cent, so the budget is 1.25 × the EUR one within a cent a week.
    expect(Math.abs(budget(b) - 1.25 * budget(a))).toBeLessThanOrEqual(0.02);
    const act = (r: { comparison: { categories: { actual: number }[] } }) => r.comparison.categories.reduce((s, c) => s + c.actual, 0);
    expect(act(b) / act(a)).toBeCloseTo(1.25, 3);
    // Fractions do not change with the unit of money.
    const frac = (r: { engineParamDiff: { key: string; proposed: number }[] }) => r.engineParamDiff.find((d) => d.key === 'PERCENT_SPEND_INTERNAL_AVG')!.proposed;
    expect(frac(b)).toBeCloseTo(frac(a), 3);
    expect(fs.readFileSync(path.join(tmp.dir, 'conv', 'CALIBRATION_REPORT.md'), 'utf8')).toContain('converted from EUR to USD at 1.25 USD per EUR');
    const text = await runCli([...dd, 'calibrate', '--from', 'firefly', '--exchange-rate', '1.25'], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('amounts converted from EUR to USD at 1.25 USD per EUR');
    // Dollars need no rate; a bad rate names the option, the value and the range.
    const already = await runCli([...dd, 'firefly', 'calibrate', '--currency', 'USD', '--exchange-rate', '1.1'], { env });
    expect(already.code).toBe(2); // invalid input, as every other bad option value
    expect(already.stderr).toContain('exchangeRate: the transactions are already in USD');
    const bad = await runCli([...dd, 'firefly', 'calibrate', '--exchange-rate', '-2'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--exchange-rate must be US dollars per one unit of the data's currency, greater than 0 and at most 1,000,000 .*got "-2"/);
  });
});
