import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../../src-main/api/dispatch';
import { buildReportFor, resolveReportTarget } from '../../../src-main/api/handlers/reports';
import { createContext, type AppContext } from '../../../src-main/context';
import { tmpDir } from '../../helpers/tmp';

let app: AppContext;
let tmp: ReturnType<typeof tmpDir>;
const ids: number[] = [];

beforeAll(async () => {
  tmp = tmpDir('wb-reports-api-');
  app = createContext({ dataDir: tmp.dir });
  for (const seed of [1, 2]) {
    const r = (await invoke(app, 'sim.run', { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 26 }, seed, name: `run ${seed}` })) as { runId: number };
    ids.push(r.runId);
  }
});
afterAll(() => {
  app.close();
  tmp.cleanup();
});

describe('reports.* ops', () => {
  it('reports.sources lists runs and validations, the default folder and pandoc', async () => {
    const s = (await invoke(app, 'reports.sources', {})) as any;
    expect(s.runs.map((r: any) => r.id)).toEqual([...ids].reverse());
    expect(s.validations).toEqual([]);
    expect(s.defaultFolder).toBe(path.join(tmp.dir, 'exports'));
  });

  it('reports.preview returns self-contained HTML for a run and for a comparison', async () => {
    const p = (await invoke(app, 'reports.preview', { source: 'run', ids: ['latest'] })) as { html: string; title: string };
    expect(p.title).toMatch(/run 2/);
    expect(p.html).toMatch(/^<!doctype html>/i);
    expect(p.html).not.toMatch(/<script/i); // blocked by the app CSP in a srcdoc frame anyway
    expect(p.html).toMatch(/<img class="chart-img" src="data:image\/png;base64,/);
    const c = (await invoke(app, 'reports.preview', { source: 'compare', ids })) as { html: string };
    expect(c.html).toContain('run 1');
    expect(c.html).toContain('run 2');
  });

  it('reports.generate writes into settings.reportsDir (or a given folder) with progress', async () => {
    const events: any[] = [];
    const r = (await invoke(app, 'reports.generate', { source: 'compare', ids, format: 'html' }, { onProgress: (e) => events.push(e) })) as any;
    expect(path.dirname(r.path)).toBe(path.join(tmp.dir, 'exports'));
    expect(fs.statSync(r.path).size).toBe(r.bytes);
    expect(events.at(-1)).toMatchObject({ done: 100, total: 100 });
    const custom = path.join(tmp.dir, 'mine');
    fs.mkdirSync(custom);
    await invoke(app, 'settings.set', { reportsDir: custom });
    const j = (await invoke(app, 'reports.generate', { source: 'run', ids: [ids[0]], format: 'json' })) as any;
    expect(path.dirname(j.path)).toBe(custom);
    expect(JSON.parse(fs.readFileSync(j.path, 'utf8')).kind).toBe('run');
    const csv = (await invoke(app, 'reports.generate', { source: 'run', ids: [ids[0]], format: 'csv', outPath: path.join(tmp.dir, 'bundle') })) as any;
    expect(fs.statSync(csv.path).isDirectory()).toBe(true);
    expect(csv.folder).toBe(csv.path);
  });

  it('exports with the same generated name (same title, same second) never replace each other', async () => {
    // Upstream bug (spec §4.6, §6.8): export file names collide. Two comparisons (or two validation
    // reports: same title) exported within one second got the same name and the second silently
    // replaced the first.
    const folder = path.join(tmp.dir, 'same-second');
    const report = buildReportFor(app, 'compare', ids);
    const now = new Date('2026-01-02T03:04:05.000Z');
    for (const format of ['md', 'csv'] as const) {
      const first = resolveReportTarget(folder, report, format, { folder }, now).path;
      if (format === 'csv') fs.mkdirSync(first);
      else fs.writeFileSync(first, 'first export');
      const second = resolveReportTarget(folder, report, format, { folder }, now).path;
      expect(second).not.toBe(first);
      expect(path.dirname(second)).toBe(folder);
      expect(fs.existsSync(second)).toBe(false);
      // The CLI's --out DIR/ takes the same generated name.
      expect(resolveReportTarget(folder, report, format, { outPath: folder + '/' }, now).path).not.toBe(first);
    }
    // End to end: back-to-back exports into one folder keep every file.
    const out = path.join(tmp.dir, 'back-to-back');
    const a = (await invoke(app, 'reports.generate', { source: 'compare', ids, format: 'md', folder: out })) as any;
    const b = (await invoke(app, 'reports.generate', { source: 'compare', ids: [...ids].reverse(), format: 'md', folder: out })) as any;
    expect(b.path).not.toBe(a.path);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.md'))).toHaveLength(2);
    expect(fs.statSync(a.path).size).toBe(a.bytes);
  });

  it('settings.set refuses a reports folder nothing can be written to, and keeps the saved one', async () => {
    const before = ((await invoke(app, 'settings.get', {})) as { reportsDir: string | null }).reportsDir;
    // /proc takes no new folders, even for root.
    await expect(invoke(app, 'settings.set', { reportsDir: '/proc/workbench-reports' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^reportsDir: cannot write to \/proc\/workbench-reports \(E[A-Z]+\); choose a folder you can write to/),
    });
    expect(((await invoke(app, 'settings.get', {})) as { reportsDir: string | null }).reportsDir).toBe(before);
    // A new folder under a writable one is created, and nothing is left behind in it.
    const fresh = path.join(tmp.dir, 'new', 'reports');
    await invoke(app, 'settings.set', { reportsDir: fresh });
    expect(fs.readdirSync(fresh)).toEqual([]);
    if (before !== null) await invoke(app, 'settings.set', { reportsDir: before });
  });

  it('bad requests are clear: unknown ids, wrong id counts', async () => {
    await expect(invoke(app, 'reports.generate', { source: 'run', ids: [999], format: 'html' })).rejects.toMatchObject({ code: 'not_found', message: 'run 999 does not exist' });
    await expect(invoke(app, 'reports.preview', { source: 'compare', ids: [ids[0]] })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/compare needs 2 to 4 run ids/) });
    await expect(invoke(app, 'reports.preview', { source: 'validation', ids: ['latest'] })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/no validation reports yet/) });
  });

  it('a preview reports its steps and can be cancelled while the headless browser draws the charts', async () => {
    const ac = new AbortController();
    const events: { phase: string; message?: string }[] = [];
    let t = 0;
    const p = invoke(app, 'reports.preview', { source: 'run', ids: [ids[0]] }, {
      signal: ac.signal,
      onProgress: (e) => {
        events.push(e as never);
        if ((e as { phase: string }).phase === 'charts') {
          t = performance.now();
          ac.abort();
        }
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(performance.now() - t).toBeLessThan(3000);
    expect(events.map((e) => e.message)).toEqual(['Building the report…', 'Drawing the charts in a headless browser…']);
  });

  it('a PDF export can be cancelled', async () => {
    const ac = new AbortController();
    const p = invoke(app, 'reports.generate', { source: 'run', ids: [ids[0]], format: 'pdf' }, { signal: ac.signal, onProgress: () => ac.abort() });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  });
});
