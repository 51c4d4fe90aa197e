import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { jsonToCsv, prepareBundle, sanitiseName } from '../../../src-main/dox/bundle';
import { DoxFileRejected } from '../../../src-main/dox/errors';
import { DOX_MIGRATION_SQL, doxPushRow, insertDoxPush } from '../../../src-main/dox/migration';
import type { DoxManifest } from '../../../src-main/dox/push';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'dox-bundle-'));
  dirs.push(d);
  return d;
}

describe('bundle', () => {
  it('jsonToCsv renders records as a table and other JSON as path,value', () => {
    expect(jsonToCsv([{ a: 1, b: 'x,y' }, { a: 2, c: true }])).toBe('a,b,c\n1,"x,y",\n2,,true\n');
    // A run named like a formula stays text in a spreadsheet; negative numbers stay numbers.
    expect(jsonToCsv([{ name: '=HYPERLINK("x")', d: -3 }])).toBe('name,d\n"\'=HYPERLINK(""x"")",-3\n');
    expect(jsonToCsv({ b: { c: [1, 2] }, a: 'q' })).toBe('path,value\na,q\nb.c.0,1\nb.c.1,2\n');
  });

  it('sanitises names', () => {
    expect(sanitiseName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseName('weekly history (1).csv')).toBe('weekly_history_1_.csv');
  });

  it('copies, checksums, converts JSON, keeps MD local, honours --files', async () => {
    const d = await tmp();
    const src = join(d, 'members.csv');
    await writeFile(src, 'id,wealth\n1,10\n');
    const b = await prepareBundle(
      [
        { name: 'weekly.csv', content: 'week,revenue\n1,2\n', primary: true },
        { name: 'members.csv', path: src },
        { name: 'params.json', content: '{"b":1,"a":{"x":2}}' },
        { name: 'report.md', content: '# Report' },
      ],
      { artifactsDir: join(d, 'a') },
    );
    expect(b.entries.map((e) => [e.name, e.disposition])).toEqual([
      ['weekly.csv', 'upload'],
      ['members.csv', 'upload'],
      ['params.json', 'upload-converted'],
      ['report.md', 'local-only'],
    ]);
    expect(b.uploads.map((u) => u.name)).toEqual(['weekly.csv', 'members.csv', 'params_json.csv']);
    expect(b.entries[1].sha256).toBe(createHash('sha256').update('id,wealth\n1,10\n').digest('hex'));
    expect(await readFile(join(d, 'a', 'upload', 'params_json.csv'), 'utf8')).toBe('path,value\na.x,2\nb,1\n');
    expect(await readFile(join(d, 'a', 'bundle', 'report.md'), 'utf8')).toBe('# Report');
    expect(b.warnings[0]).toMatch(/report\.md/);

    const csvOnly = await prepareBundle([{ name: 'w.csv', content: 'a\n1\n' }, { name: 'p.json', content: '{}' }], { artifactsDir: join(d, 'b'), formats: ['csv'] });
    expect(csvOnly.entries.map((e) => e.name)).toEqual(['w.csv']);
  });

  it('rejects duplicates, bad types, invalid JSON, oversize files and md-only bundles before any upload', async () => {
    const d = await tmp();
    const dir = join(d, 'a');
    await expect(prepareBundle([{ name: 'a.csv', content: 'a\n1\n' }, { name: 'a.csv', content: 'a\n1\n' }], { artifactsDir: dir })).rejects.toBeInstanceOf(DoxFileRejected);
    await expect(prepareBundle([{ name: 'a.exe', content: '' }], { artifactsDir: dir })).rejects.toThrow(/unsupported file type/);
    await expect(prepareBundle([{ name: 'a.json', content: '{nope' }], { artifactsDir: dir })).rejects.toThrow(/not valid JSON/);
    await expect(prepareBundle([{ name: 'a.csv', content: 'x'.repeat(2048) }], { artifactsDir: dir, maxFileBytes: 1024 })).rejects.toThrow(/at most 0 MB|at most/);
    await expect(prepareBundle([{ name: 'r.md', content: '#' }], { artifactsDir: dir })).rejects.toThrow(/nothing in the bundle can be sent/);
    // An empty file is refused, named, before anything is sent (it was uploaded as is).
    await expect(prepareBundle([{ name: 'ok.csv', content: 'a\n1\n' }, { name: 'e.csv', content: '' }], { artifactsDir: dir })).rejects.toThrow(/^e\.csv is empty \(0 bytes\); DoX needs a file with content \(a CSV needs a header row and data rows\)/);
    await expect(prepareBundle([{ name: 'e.json', content: new Uint8Array() }], { artifactsDir: dir })).rejects.toThrow(/^e\.json is empty \(0 bytes\)/);
  });
});

describe('dox_pushes migration', () => {
  it('creates the table and stores a manifest row (real SQLite)', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(':memory:');
    db.exec(DOX_MIGRATION_SQL);
    const manifest = {
      schema: 'pmoves-workbench.dox-push/1',
      createdAt: '2026-03-06T10:00:00.000Z',
      correlationId: 'c-1',
      doxUrl: 'http://127.0.0.1:8484',
      dryRun: false,
      status: 'ok',
      source: { run: 'r1' },
      artifactsDir: '/tmp/a',
      files: [],
      sent: [],
      artifacts: [{ filename: 'w.csv', artifactId: 'x' }],
      answers: [],
      searches: [],
      warnings: [],
      steps: [],
    } as unknown as DoxManifest;
    insertDoxPush(db, manifest);
    const row = db.prepare('SELECT * FROM dox_pushes').get() as Record<string, unknown>;
    expect(row).toMatchObject({ correlation_id: 'c-1', status: 'ok', dry_run: 0, source_kind: 'run', source_id: 'r1' });
    expect(JSON.parse(row.manifest_json as string).artifacts[0].artifactId).toBe('x');
    expect(doxPushRow(manifest).artifact_ids).toBe('[{"artifactId":"x","filename":"w.csv"}]');
    expect(() => insertDoxPush(db, manifest)).toThrow(/UNIQUE/);
    db.close();
  });
});
