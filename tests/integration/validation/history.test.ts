import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/api';
import { importTransactionsCsv } from '../../../src-shared/finance/csvImport';
import { generateSampleTransactionsCsv, SAMPLE_TIME_ZONE } from '../../../src-shared/projections/sample/generateSampleTransactions';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { schemaVersion } from '../../../src-main/store/db';
import { tmpDir } from '../../helpers/tmp';

let app: AppContext;
let tmp: ReturnType<typeof tmpDir>;
type Out = { id: number; archiveDir: string; summary: any; result: any; deltas: any };

beforeAll(() => {
  tmp = tmpDir('wb-validation-');
  app = createContext({ dataDir: tmp.dir });
});
afterAll(() => {
  app.close();
  tmp.cleanup();
});

describe('validation history through the API (real SQLite)', () => {
  let first: Out;
  let second: Out;
  it('migration 5 created the validation_reports table', () => {
    expect(schemaVersion(app.db)).toBeGreaterThanOrEqual(5);
    const cols = (app.db.prepare('PRAGMA table_info(validation_reports)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining(['id', 'created_at', 'summary', 'report', 'inputs']));
  });

  it('stores a first report (12 runs: statistical confidence MEDIUM), with no deltas, and archives it', async () => {
    const events: any[] = [];
    first = (await invoke(app, 'validation.run', { runs: 12, seed: 42, workers: 2 }, { onProgress: (e) => events.push(e) })) as Out;
    expect(first.id).toBe(1);
    expect(first.deltas).toBeNull();
    expect(first.summary.status).toBe('pass');
    expect(first.summary.components.statistical.level).toBe('MEDIUM');
    expect(first.summary.components.empirical).toMatchObject({ status: 'skipped', level: null });
    expect(events.length).toBeGreaterThan(3);
    expect(events.at(-1)).toMatchObject({ phase: 'done' });
    expect(fs.existsSync(path.join(first.archiveDir, 'report.json'))).toBe(true);
    const md = fs.readFileSync(path.join(first.archiveDir, 'report.md'), 'utf8');
    expect(md).toContain('title: "PMOVES validation report"');
    expect(md).toMatch(/^## Confidence levels /m);
    expect(path.dirname(first.archiveDir)).toBe(path.join(tmp.dir, 'validation_reports'));
    // The report (meant to be shared) names its archive inside the data folder, not by this computer's path; the API result keeps the full path.
    const inDataDir = `validation_reports/${path.basename(first.archiveDir)}`;
    expect(md).toContain(`| archive | ${inDataDir.replace(/_/g, '\\_')} |`);
    expect(md).not.toContain(tmp.dir);
    expect(JSON.parse(fs.readFileSync(path.join(first.archiveDir, 'report.json'), 'utf8')).report.inputs.extra.archive).toBe(inDataDir);
    const row = app.db.prepare('SELECT created_at, summary, report, inputs FROM validation_reports WHERE id = 1').get() as Record<string, string>;
    expect(JSON.parse(row.inputs)).toMatchObject({ seed: 42, runs: 12, snapshotId: null });
    expect(JSON.parse(row.summary).passed).toBe(first.summary.passed);
  });

  it('a second report (30 runs) shows the deltas: statistical MEDIUM → HIGH (+1), runs 12 → 30, model checks unchanged', async () => {
    second = (await invoke(app, 'validation.run', { runs: 30, seed: 42, workers: 2 })) as Out;
    const d = second.deltas;
    expect(d.previousId).toBe(1);
    const stat = d.components.find((c: any) => c.id === 'statistical');
    expect(stat).toMatchObject({ levelFrom: 'MEDIUM', levelTo: 'HIGH', levelMoved: 1 });
    expect(stat.scoreMoved).toBe(stat.scoreTo - stat.scoreFrom);
    expect(d.inputChanges).toEqual([{ name: 'runs', from: '12', to: '30' }]);
    // Same seed → the deterministic model checks measured exactly the same values.
    expect(d.checks.filter((c: any) => !c.componentId.startsWith('statistical'))).toEqual([]);
    for (const c of d.checks) {
      const before = first.result.components.find((x: any) => x.id === c.componentId).checks.find((x: any) => x.id === c.checkId).measured;
      const now = second.result.components.find((x: any) => x.id === c.componentId).checks.find((x: any) => x.id === c.checkId).measured;
      expect(c.measuredFrom).toBe(before);
      expect(c.measuredTo).toBe(now);
      expect(c.change).toBeCloseTo(now - before, 6);
    }
    expect(d.notes.join('\n')).toMatch(/Statistical checks \(Monte Carlo\): confidence MEDIUM → HIGH \(\+1 level/);
  });

  it('validation.get and validation.list read the history back', async () => {
    const latest = (await invoke(app, 'validation.get', { id: 'latest' })) as Out;
    expect(latest.id).toBe(second.id);
    expect(latest.deltas).toEqual(second.deltas);
    expect(((await invoke(app, 'validation.get', { id: 1 })) as Out).deltas).toBeNull();
    const list = (await invoke(app, 'validation.list', {})) as { id: number }[];
    expect(list.map((x) => x.id)).toEqual([2, 1]);
    await expect(invoke(app, 'validation.get', { id: 99 })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/validation report 99 does not exist/) });
    await expect(invoke(app, 'validation.run', { runs: 1 })).rejects.toBeInstanceOf(ApiError);
  });

  it('with a Firefly snapshot, the empirical comparison runs (MAE, RMSE, R², variance %) and records the snapshot id', async () => {
    const r = importTransactionsCsv(generateSampleTransactionsCsv(), { timeZone: SAMPLE_TIME_ZONE });
    if (!r.ok) throw new Error('sample import failed');
    const snap = app.db
      .prepare(`INSERT INTO firefly_snapshots(server_url, period_start, period_end, time_zone, created_at, group_count, transaction_count, content_hash) VALUES ('http://ff.test', '2025-01-06', '2025-07-06', ?, ?, ?, ?, 'x')`)
      .run(SAMPLE_TIME_ZONE, new Date().toISOString(), r.transactions.length, r.transactions.length);
    const sid = Number(snap.lastInsertRowid);
    const ins = app.db.prepare(`INSERT INTO firefly_transactions(snapshot_id, journal_id, group_id, date, local_date, amount, currency_code, type, description, category_name, source_name, destination_name, tags_json, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', 'h')`);
    for (const t of r.transactions) ins.run(sid, t.journalId, t.groupId, t.date, t.date.slice(0, 10), t.amount, t.currencyCode, t.type, t.description, t.categoryName, t.sourceName, t.destinationName);
    const third = (await invoke(app, 'validation.run', { runs: 30, seed: 42, workers: 2, timeZone: SAMPLE_TIME_ZONE })) as Out;
    const emp = third.result.components.find((c: any) => c.id === 'empirical');
    expect(emp.status).toBe('pass');
    expect(third.result.inputs.snapshotId).toBe(sid);
    expect(emp.metrics).toMatchObject({ snapshotId: sid, weeks: 26 });
    for (const k of ['mae', 'rmse', 'r2', 'variancePct']) expect(typeof emp.metrics[k]).toBe('number');
    const d = third.deltas.components.find((c: any) => c.id === 'empirical');
    expect(d).toMatchObject({ statusFrom: 'skipped', statusTo: 'pass', levelFrom: null });
    expect(third.deltas.inputChanges).toEqual(expect.arrayContaining([{ name: 'snapshotId', from: 'null', to: String(sid) }]));

    // The comparison maps categories with the rules saved in the Firefly view (it used the defaults).
    const rowsOf = (o: Out) => Object.fromEntries(o.result.components.find((c: any) => c.id === 'empirical').table.rows.map((r: any) => [r.category, r.actual]));
    const before = rowsOf(third);
    const { rules } = (await invoke(app, 'firefly.rules.get', {})) as { rules: any };
    const exact = rules.exact.map((e: any) => (e.fireflyCategory === 'Groceries' ? { ...e, foodUSDCategory: 'farmers_market' } : e));
    await invoke(app, 'firefly.rules.set', { rules: { ...rules, exact } });
    const fourth = (await invoke(app, 'validation.run', { runs: 12, seed: 42, workers: 2, timeZone: SAMPLE_TIME_ZONE })) as Out;
    const after = rowsOf(fourth);
    expect(after.groceries).toBeLessThan(before.groceries);
    expect(after.farmers_market).toBeGreaterThan(before.farmers_market);
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    expect(sum(after)).toBeCloseTo(sum(before), 1);
    // What moved is what the Firefly view's calibration (same rules, same snapshot) counts as groceries.
    expect(after.farmers_market - before.farmers_market).toBeCloseTo(before.groceries - after.groceries, 1);
  });

  it('a time zone that is not an IANA name is refused, naming the field and value, and nothing is stored', async () => {
    const before = ((await invoke(app, 'validation.list', {})) as unknown[]).length;
    const seen: string[] = [];
    await expect(invoke(app, 'validation.run', { runs: 12, timeZone: 'Mars/Olympus' }, { onProgress: (p: any) => seen.push(p.phase) })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/timeZone: not an IANA time zone.*"Mars\/Olympus"/),
    });
    expect(seen).toEqual([]);
    expect(((await invoke(app, 'validation.list', {})) as unknown[]).length).toBe(before);
  });

  it('a snapshot that does not exist is refused before any model check runs', async () => {
    const seen: string[] = [];
    await expect(invoke(app, 'validation.run', { runs: 12, snapshotId: 999_999 }, { onProgress: (p: any) => seen.push(p.phase) })).rejects.toThrow(/snapshotId: Firefly snapshot 999999 does not exist/);
    expect(seen).toEqual([]);
  });
});
