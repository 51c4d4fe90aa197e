import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { tmpDir } from '../../helpers/tmp';

/**
 * Rows read back from SQLite go through zod: one damaged row (hand-edited, written by an older
 * or buggy build) is left out of a list, it does not make the whole list fail.
 */
describe('damaged DB rows are validated on read, not trusted', () => {
  const tmp = tmpDir();
  let app: AppContext;
  beforeAll(() => {
    app = createContext({ dataDir: tmp.dir, transport: 'direct' });
  });
  afterAll(() => {
    app.close();
    tmp.cleanup();
  });

  it('paramsets.list skips a row whose model is not a known model', async () => {
    await invoke(app, 'paramsets.save', { name: 'good', params: {} });
    await invoke(app, 'paramsets.save', { name: 'bad model', params: {} });
    app.db.prepare("UPDATE param_sets SET model = 'no-such-model' WHERE name = 'bad model'").run();
    const list = (await invoke(app, 'paramsets.list', {})) as { name: string; model: string }[];
    expect(list.map((p) => p.name)).toEqual(['good']);
  });

  it('validation.get of a row whose stored report no longer fits its schema names the bad field', async () => {
    const summary = { status: 'pass', checks: 1, passed: 1, failed: 0, skipped: 0, components: {}, elapsedMs: 5 };
    const report = {
      schemaVersion: 1, createdAt: '2026-01-03T00:00:00.000Z', summary,
      inputs: { params: {}, model: 'reference', seed: 1, runs: 1, z: 1.96, snapshotId: null, appVersion: '0.1.0', timeZone: 'UTC' },
      components: [{ id: 'c', name: 'C', kind: 'model', status: 'maybe', confidence: { level: null, score: null, reason: '' }, checks: [] }],
    };
    const id = Number(
      app.db
        .prepare("INSERT INTO validation_reports(created_at, status, summary, report, inputs, snapshot_id, app_version) VALUES ('2026-01-03T00:00:00.000Z', 'pass', ?, ?, '{}', NULL, '0.1.0')")
        .run(JSON.stringify(summary), JSON.stringify(report)).lastInsertRowid,
    );
    await expect(invoke(app, 'validation.get', { id })).rejects.toThrow(`validation report ${id} has an unexpected shape in the database: report.components.0.status`);
    app.db.prepare('DELETE FROM validation_reports WHERE id = ?').run(id);
  });

  it('validation.list skips a row whose stored summary does not match the summary schema', async () => {
    const insert = app.db.prepare(
      "INSERT INTO validation_reports(created_at, status, summary, report, inputs, snapshot_id, app_version) VALUES (?, 'pass', ?, '{}', '{}', NULL, '0.1.0')",
    );
    const good = { status: 'pass', checks: 1, passed: 1, failed: 0, skipped: 0, components: {}, elapsedMs: 5 };
    insert.run('2026-01-01T00:00:00.000Z', JSON.stringify(good));
    insert.run('2026-01-02T00:00:00.000Z', JSON.stringify({ status: 'maybe' }));
    const list = (await invoke(app, 'validation.list', {})) as { createdAt: string; summary: { passed: number } }[];
    expect(list.map((v) => v.createdAt)).toEqual(['2026-01-01T00:00:00.000Z']);
    expect(list[0].summary.passed).toBe(1);
  });

  it('firefly.snapshots keeps a snapshot whose warnings column is unreadable (no warnings), instead of failing', async () => {
    const insert = app.db.prepare(
      `INSERT INTO firefly_snapshots(server_url, period_start, period_end, time_zone, created_at, group_count, transaction_count, content_hash, warnings_json)
       VALUES ('https://ff.example', '2026-01-01', '2026-01-31', 'UTC', ?, 1, 1, 'h', ?)`,
    );
    insert.run('2026-02-01T00:00:00.000Z', '["partial month"]');
    insert.run('2026-02-02T00:00:00.000Z', '{not json');
    const list = (await invoke(app, 'firefly.snapshots', {})) as { createdAt: string; warnings: string[] }[];
    expect(list.map((s) => [s.createdAt, s.warnings])).toEqual([
      ['2026-02-02T00:00:00.000Z', []],
      ['2026-02-01T00:00:00.000Z', ['partial month']],
    ]);
  });
});
