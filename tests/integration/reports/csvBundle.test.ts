import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, type Report, type TableBlock } from '../../../src-shared/report/model';
import { writeReport } from '../../../src-main/reports/write';
import { ReportError } from '../../../src-main/reports/errors';
import { runReport, TRICKY_NAMES } from '../../unit/report/fixtures';

let dir: string;
let report: Report;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmoves-bundle-'));
  report = parseReport(runReport());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CSV/JSON bundle', () => {
  it('writes one RFC-4180 CSV per table and chart that round-trips exactly through csv-parse', async () => {
    const out = join(dir, 'bundle');
    const progress: number[] = [];
    const res = await writeReport(report, 'csv', out, { onProgress: (p) => progress.push(p.fraction) });
    expect(res.path).toBe(out);
    expect(res.bytes).toBeGreaterThan(10_000);
    expect(progress.at(-1)).toBe(1);
    expect((await readdir(join(out, 'tables'))).sort()).toEqual(['comparison.csv', 'history.csv', 'members.csv']);
    expect((await readdir(join(out, 'charts'))).sort()).toEqual(['gini.csv', 'poverty.csv', 'wealth.csv']);

    const members = report.sections[4].blocks[0] as TableBlock;
    const text = await readFile(join(out, 'tables/members.csv'), 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"O""Brien ""Bob"""');
    expect(text).toContain('"Smith, Alice"');
    expect(text).toContain('"Line\nBreak Co-op"');
    const rows = parseCsv(text, { columns: true, relax_quotes: false, trim: false }) as Record<string, string>[];
    expect(rows).toHaveLength(members.rows.length);
    expect(Object.keys(rows[0])).toEqual(members.columns.map((c) => c.key));
    rows.forEach((r, i) => {
      const src = members.rows[i];
      expect(r.Name).toBe(src.Name);
      expect(Number(r.Income)).toBe(src.Income);
      expect(Number(r.GroToken_B)).toBe(src.GroToken_B);
    });
    expect(rows.slice(0, TRICKY_NAMES.length).map((r) => r.Name)).toEqual(TRICKY_NAMES);

    // chart data CSV is the chart's data table, exact
    const wealth = parseCsv(await readFile(join(out, 'charts/wealth.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(wealth).toHaveLength(156);
    expect(Number(wealth[155].AvgWealth_B)).toBe((report.sections[1].blocks[0] as unknown as { data: { rows: { AvgWealth_B: number }[] } }).data.rows[155].AvgWealth_B);
    // derived chart data (gini has no explicit data)
    const gini = parseCsv(await readFile(join(out, 'charts/gini.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(gini[0])).toEqual(['Week', 'Traditional_A', 'Cooperative_B']);

    // null cells are empty fields
    const comparison = parseCsv(await readFile(join(out, 'tables/comparison.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(comparison[3]).toEqual({ Metric: 'Wealth gap (top 20% / bottom 20%)', A: '', B: '3.4', Difference: '' });
  });

  it('writes report.json equal to the validated model, key metrics, inputs and a manifest with hashes', async () => {
    const out = join(dir, 'bundle');
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8'))).toEqual(report);
    const metrics = parseCsv(await readFile(join(out, 'key-metrics.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(metrics.map((m) => m.label)).toEqual(['Average wealth (B)', 'Gini (B)', 'Poverty rate (B)', 'Members', 'Weeks simulated']);
    expect(metrics[3]).toMatchObject({ value: '40', formatted: '40' });
    const inputs = parseCsv(await readFile(join(out, 'inputs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(inputs).toContainEqual({ name: 'Seed', value: '42' });
    expect(inputs).toContainEqual({ name: 'NUM_MEMBERS', value: '40' });
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    const history = manifest.files.find((f: { path: string }) => f.path === 'tables/history.csv');
    expect(history).toMatchObject({ kind: 'table', id: 'history', rows: 156 });
    expect(history.columns[2]).toEqual({ key: 'AvgWealth_A', label: 'Avg wealth A', type: 'currency' });
    const { createHash } = await import('node:crypto');
    const bytes = await readFile(join(out, 'tables/history.csv'));
    expect(history.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(history.bytes).toBe(bytes.length);
  });

  it('writes a datavzrd config in the documented schema: table views, plot views, relative CSV paths', async () => {
    const out = join(dir, 'bundle');
    const text = await readFile(join(out, 'datavzrd.yaml'), 'utf8');
    const cfg = parseYaml(text) as {
      name: string;
      datasets: Record<string, { path: string; separator: string; headers: number }>;
      views: Record<string, { dataset: string; desc: string; 'page-size'?: number; 'render-table'?: { columns: Record<string, { label: string; precision?: number }> }; 'render-plot'?: { spec: string } }>;
    };
    expect(cfg.name).toBe('Cooperative vs Traditional: Baseline run: Baseline preset · 40 members · 156 weeks');
    expect(Object.keys(cfg.datasets).sort()).toEqual(['comparison', 'gini-data', 'history', 'members', 'poverty-data', 'wealth-data']);
    for (const ds of Object.values(cfg.datasets)) {
      expect(ds.separator).toBe(',');
      expect(ds.headers).toBe(1);
      await expect(readFile(join(out, ds.path))).resolves.toBeTruthy(); // path relative to the bundle
    }
    for (const v of ['history', 'members', 'comparison']) {
      expect(cfg.views[v].dataset).toBe(v);
      expect(cfg.views[v]['render-table']).toBeDefined();
    }
    expect(cfg.views.history['render-table']!.columns.Gini_A).toEqual({ label: 'Gini A', precision: 4 });
    expect(cfg.views.members['render-table']!.columns.GroToken_B.label).toBe('GroTokens (GRO)');
    for (const p of ['wealth', 'gini', 'poverty']) {
      const view = cfg.views[`${p}-plot`];
      expect(view.dataset).toBe(`${p}-data`);
      const spec = JSON.parse(view['render-plot']!.spec);
      expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
      expect(spec.mark.type).toBe('line');
      expect(spec.transform[0].fold).toHaveLength(2);
      expect(spec.encoding.x.field).toBe('Week');
      // every folded field exists in the CSV header
      const header = (await readFile(join(out, cfg.datasets[view.dataset].path), 'utf8')).split('\r\n')[0].split(',');
      for (const f of spec.transform[0].fold) expect(header).toContain(f);
    }
  });

  it('refuses to overwrite a non-empty folder that is not a bundle, and replaces a previous bundle', async () => {
    const other = join(dir, 'other');
    await mkdir(other);
    await writeFile(join(other, 'thesis.docx'), 'precious');
    await expect(writeReport(report, 'csv', other)).rejects.toMatchObject({ code: 'TARGET_EXISTS' });
    expect(await readFile(join(other, 'thesis.docx'), 'utf8')).toBe('precious');
    const again = await writeReport(report, 'csv', join(dir, 'bundle'));
    expect(again.bytes).toBeGreaterThan(0);
    expect((await readdir(dir)).filter((n) => n.includes('.partial-'))).toEqual([]);
  });

  it('takes a folder for a previous bundle only when its manifest is a bundle manifest listing every file', async () => {
    // A web project (its own manifest.json) given as --out: nothing in it may be deleted.
    const project = join(dir, 'web-project');
    await mkdir(join(project, 'src'), { recursive: true });
    await writeFile(join(project, 'manifest.json'), '{"name":"my app","icons":[]}');
    await writeFile(join(project, 'src', 'thesis.tex'), 'precious');
    const err = await writeReport(report, 'csv', project).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TARGET_EXISTS' });
    expect((err as Error).message).toMatch(/--overwrite/);
    expect(await readFile(join(project, 'src', 'thesis.tex'), 'utf8')).toBe('precious');
    // A previous bundle with a file the user added to it is not replaced either.
    const bundle = join(dir, 'bundle-plus-notes');
    await writeReport(report, 'csv', bundle);
    await writeFile(join(bundle, 'my-notes.txt'), 'notes');
    await expect(writeReport(report, 'csv', bundle)).rejects.toMatchObject({ code: 'TARGET_EXISTS' });
    expect(await readFile(join(bundle, 'my-notes.txt'), 'utf8')).toBe('notes');
    // An untouched previous bundle is replaced; --overwrite replaces anything.
    await rm(join(bundle, 'my-notes.txt'));
    await expect(writeReport(report, 'csv', bundle)).resolves.toMatchObject({ path: bundle });
    await expect(writeReport(report, 'csv', project, { overwrite: true })).resolves.toMatchObject({ path: project });
  });

  it('key-metrics.csv says a rate difference is in points (delta_unit), beside the rate as a fraction', async () => {
    const { runSimulation } = await import('../../../src-shared/engine');
    const { singleRunDoc } = await import('../../../src-shared/sim/runDoc');
    const { buildRunReport } = await import('../../../src-shared/sim/runReport');
    const doc = singleRunDoc(runSimulation({ NUM_MEMBERS: 30, SIMULATION_WEEKS: 52, WEEKLY_INCOME_AVG: 90 }, { seed: 3 }), 1);
    const out = join(dir, 'run-bundle');
    await writeReport(buildRunReport({ id: 1, name: 'units', createdAt: '' }, doc, '0.1.0'), 'csv', out);
    const rows = parseCsv(await readFile(join(out, 'key-metrics.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const pov = rows.find((r) => r.label === 'Poverty rate — B (co-op)')!;
    expect(Number(pov.value)).toBe(doc.final.PovertyRate_B.mean);
    expect(pov.delta_unit).toBe('pts');
    expect(Number(pov.delta)).toBeCloseTo((doc.final.PovertyRate_B.mean! - doc.final.PovertyRate_A.mean!) * 100, 9);
    expect(rows.find((r) => r.label === 'Average wealth — B (co-op)')).toMatchObject({ delta_unit: '' });
  });

  it('rejects an invalid report with a typed error before writing anything', async () => {
    const bad = { ...runReport(), title: '' };
    const err = await writeReport(bad, 'json', join(dir, 'bad.json')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    expect((err as ReportError).code).toBe('INVALID_REPORT');
    expect((err as Error).message).toMatch(/title/);
    await expect(readFile(join(dir, 'bad.json'))).rejects.toThrow(/ENOENT/);
  });

  it('honours an aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(writeReport(report, 'csv', join(dir, 'cancelled'), { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
