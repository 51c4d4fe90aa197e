/**
 * reports.generate's folder handling, on the real file system: a folder is a folder (created when
 * missing, the generated name inside), relative paths and files in the way are refused with a
 * message naming the field, and file system errors are invalid_input (HTTP 400), never a raw errno.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

let app: AppContext;
let tmp: ReturnType<typeof tmpDir>;
let runId: number;

beforeAll(async () => {
  tmp = tmpDir('wb-export-folder-');
  app = createContext({ dataDir: path.join(tmp.dir, 'data') });
  const r = (await invoke(app, 'sim.run', { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 26 }, seed: 1, name: 'folder test' })) as { runId: number };
  runId = r.runId;
});
afterAll(() => {
  app.close();
  tmp.cleanup();
});

const gen = (extra: Record<string, unknown>) => invoke(app, 'reports.generate', { source: 'run', ids: [runId], format: 'md', ...extra }) as Promise<{ path: string; folder: string }>;

describe('reports.generate: the Folder field', () => {
  it('creates a missing folder (mkdir -p) and writes the generated file name inside it', async () => {
    const folder = path.join(tmp.dir, 'x-newdir', 'sub');
    const r = await gen({ folder });
    expect(fs.statSync(folder).isDirectory()).toBe(true);
    expect(path.dirname(r.path)).toBe(folder);
    expect(path.basename(r.path)).toMatch(/folder-test-.*\.md$/);
    expect(r.folder).toBe(folder);
    expect(fs.readFileSync(r.path, 'utf8')).toContain('folder test');
  });

  it('writes a CSV bundle as a generated folder inside the given folder', async () => {
    const folder = path.join(tmp.dir, 'csv-here');
    const r = await gen({ folder, format: 'csv' });
    expect(path.dirname(r.path)).toBe(folder);
    expect(path.basename(r.path)).toMatch(/-csv$/);
    expect(fs.readdirSync(r.path).some((f) => f.endsWith('.csv'))).toBe(true);
  });

  it('refuses a relative folder, saying to give an absolute one, and writes nothing', async () => {
    const before = fs.readdirSync(process.cwd());
    const err = await gen({ folder: 'relative/dir' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^folder: "relative\/dir" is a relative path; give an absolute folder/) });
    expect(fs.existsSync(path.resolve('relative'))).toBe(false);
    expect(fs.readdirSync(process.cwd())).toEqual(before);
  });

  it('refuses a path that is a file, leaving the file untouched', async () => {
    const file = path.join(tmp.dir, 'a-file');
    fs.writeFileSync(file, 'keep me');
    await expect(gen({ folder: file })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^folder: ".*a-file" is a file, not a folder/) });
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('an unwritable folder is invalid_input naming the folder and what to do, not a raw errno', async () => {
    const err = await gen({ folder: '/proc/forbidden' }).catch((e) => e);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^folder: cannot write the report into "\/proc\/forbidden": .* \(ENOENT\); choose a folder you can write to/);
    expect(err.message).not.toMatch(/\.tmp|open '/);
    const under = await gen({ folder: path.join(tmp.dir, 'a-file', 'sub') }).catch((e) => e);
    expect(under).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/a part of the path is a file, not a folder \(ENOTDIR\)/) });
  });
});

describe('reports.generate: outPath (the CLI --out)', () => {
  it('a missing path without an extension is a folder; a name with one is the file', async () => {
    const dir = path.join(tmp.dir, 'out-new', 'sub');
    const r = await gen({ outPath: dir });
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(path.dirname(r.path)).toBe(dir);
    const file = path.join(tmp.dir, 'out-file', 'my.md');
    const f = await gen({ outPath: file });
    expect(f.path).toBe(file);
    expect(fs.statSync(file).isFile()).toBe(true);
  });

  it('refuses a relative outPath and an unwritable one with invalid_input', async () => {
    await expect(gen({ outPath: 'rel/x.md' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^outPath: "rel\/x.md" is a relative path/) });
    await expect(gen({ outPath: '/proc/forbidden/x.md' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^outPath: cannot write the report into "\/proc\/forbidden"/) });
    // A file in the middle of the path (ENOTDIR on stat) is named like any other file in the way.
    const file = path.join(tmp.dir, 'in-the-way');
    fs.writeFileSync(file, 'keep me');
    await expect(gen({ outPath: path.join(file, 'sub', 'x.md') })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^outPath: /) });
    await expect(gen({ outPath: path.join(file, 'x.md') })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^outPath: ".*in-the-way" is a file, not a folder/) });
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('refuses folder and outPath together', async () => {
    await expect(gen({ folder: tmp.dir, outPath: path.join(tmp.dir, 'x.md') })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/folder.*not both/) });
  });

  it('CLI: report --out with a relative, missing folder writes inside it, relative to the shell folder', async () => {
    const cwd = path.join(tmp.dir, 'shell');
    fs.mkdirSync(cwd);
    {
      const r = await runCli(['--data-dir', path.join(tmp.dir, 'data'), '--json', 'report', '--run', String(runId), '--format', 'md', '--out', 'rel/dir'], { cwd });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { path: string };
      expect(path.dirname(out.path)).toBe(path.join(cwd, 'rel', 'dir'));
      expect(fs.statSync(out.path).isFile()).toBe(true);
      const bad = await runCli(['--data-dir', path.join(tmp.dir, 'data'), 'report', '--run', String(runId), '--format', 'md', '--out', '/proc/forbidden'], { cwd });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--out \/proc\/forbidden: cannot write the report into "\/proc\/forbidden"/);
    }
    // A trailing "/" says folder even when the name has a dot (path.resolve drops the slash).
    const dotted = await runCli(['--data-dir', path.join(tmp.dir, 'data'), '--json', 'report', '--run', String(runId), '--format', 'md', '--out', 'exports/v1.2/'], { cwd });
    expect(dotted.code, dotted.stderr).toBe(0);
    const p2 = (JSON.parse(dotted.stdout) as { path: string }).path;
    expect(path.dirname(p2)).toBe(path.join(cwd, 'exports', 'v1.2'));
    expect(fs.statSync(p2).isFile()).toBe(true);
  });

  it('refuses a path with a NUL character at the boundary (400, not a raw Node error)', async () => {
    for (const field of ['folder', 'outPath']) {
      const err = (await gen({ [field]: `${tmp.dir}/a\u0000b` }).catch((e) => e)) as { code?: string; message: string };
      expect(err.code, err.message).toBe('invalid_input');
      expect(err.message).toMatch(new RegExp(`${field}.*NUL`));
    }
  });
});

describe('exports never overwrite the workbench data', () => {
  const dataDir = () => path.join(tmp.dir, 'data');
  const runsIn = () => (app.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;

  it('refuses outPath = workbench.db (or its WAL), a csv bundle replacing the data folder or a parent of it, and a file in secrets/', async () => {
    const before = runsIn();
    const dbBytes = fs.readFileSync(path.join(dataDir(), 'workbench.db')).subarray(0, 16).toString();
    for (const [extra, why] of [
      [{ outPath: path.join(dataDir(), 'workbench.db'), format: 'json' }, /outPath: .* would overwrite the workbench's own data \(it is the workbench database/],
      [{ outPath: path.join(dataDir(), 'workbench.db-wal'), format: 'html' }, /it is the workbench database/],
      [{ outPath: path.join(dataDir(), 'secrets', 'firefly.token.secret'), format: 'md' }, /secrets folder/],
      [{ outPath: dataDir(), format: 'csv', overwrite: true }, /it is the workbench data folder/],
      [{ outPath: tmp.dir, format: 'csv', overwrite: true }, /it holds the workbench data folder/],
    ] as const) {
      const err = (await gen(extra).catch((e) => e)) as { code: string; message: string };
      expect(err.code, JSON.stringify(extra)).toBe('invalid_input');
      expect(err.message).toMatch(why);
    }
    expect(fs.readFileSync(path.join(dataDir(), 'workbench.db')).subarray(0, 16).toString()).toBe(dbBytes);
    expect(fs.existsSync(path.join(dataDir(), 'secrets', 'firefly.token.secret'))).toBe(false);
    expect(runsIn()).toBe(before);
    // A report next to the database is fine.
    const ok = await gen({ outPath: path.join(dataDir(), 'report.md') });
    expect(fs.existsSync(ok.path)).toBe(true);
  });

  it('CLI: db backup --force onto the live database and simulate --out onto it are refused; the runs survive', async () => {
    const t = tmpDir('wb-own-data-');
    const dd = ['--data-dir', t.dir];
    expect((await runCli([...dd, 'simulate', '--members', '5', '--weeks', '5'])).code).toBe(0);
    const b = await runCli([...dd, 'db', 'backup', '--force', path.join(t.dir, 'workbench.db')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/cannot back up to .*workbench\.db: it is the workbench database/);
    const s = await runCli([...dd, 'simulate', '--members', '5', '--weeks', '5', '--out', path.join(t.dir, 'workbench.db')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--out .* would overwrite the workbench's own data/);
    const list = await runCli([...dd, '--json', 'runs', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
    t.cleanup();
  });
});
