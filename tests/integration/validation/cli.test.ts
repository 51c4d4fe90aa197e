import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALIDATION_SECTION_HEADINGS } from '../../../src-shared/validation/report';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const hasPandoc = spawnSync('pandoc', ['--version']).status === 0;
let tmp: ReturnType<typeof tmpDir>;
let validated: any;

beforeAll(async () => {
  tmp = tmpDir('wb-validate-cli-');
  const r = await runCli(['--data-dir', tmp.dir, '--json', 'validate', '--runs', '10', '--workers', '2', '--out', path.join(tmp.dir, 'out')], { timeoutMs: 180_000 });
  expect(r.code, r.stderr).toBe(0);
  validated = JSON.parse(r.stdout);
}, 200_000);
afterAll(() => tmp.cleanup());

describe('workbench validate + workbench report', () => {
  it('validate --json prints the stored report and --out writes report.json + report.md', () => {
    expect(validated.id).toBe(1);
    expect(validated.summary).toMatchObject({ status: 'pass', failed: 0 });
    expect(validated.result.inputs).toMatchObject({ seed: 42, runs: 10, snapshotId: null });
    const out = JSON.parse(fs.readFileSync(path.join(tmp.dir, 'out', 'report.json'), 'utf8'));
    expect(out.report.title).toBe('PMOVES validation report');
    expect(fs.readFileSync(path.join(tmp.dir, 'out', 'report.md'), 'utf8')).toContain('## Statistical checks');
  });

  it('report --validation latest --format pdf: the PDF text holds the title, the key values and every section heading', async () => {
    const pdf = path.join(tmp.dir, 'validation.pdf');
    const r = await runCli(['--data-dir', tmp.dir, 'report', '--validation', 'latest', '--format', 'pdf', '--out', pdf], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(pdf);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('PMOVES validation report');
    for (const h of VALIDATION_SECTION_HEADINGS) expect(text).toContain(h);
    const s = validated.summary;
    expect(text).toContain(`${s.passed} / ${s.checks}`);
    expect(text).toContain(`${s.passed} of ${s.checks} checks passed`);
    expect(text).toContain('Skipped: no Firefly snapshot');
    expect(text).toContain('Gini coefficient');
    expect(text).toMatch(/0\.6000/); // the 80-20 Gini, measured
    expect(text).toContain('HIGH');
  });

  it.skipIf(!hasPandoc)('report --format docx writes a DOCX (pandoc present)', async () => {
    const docx = path.join(tmp.dir, 'validation.docx');
    const r = await runCli(['--data-dir', tmp.dir, 'report', '--validation', '1', '--format', 'docx', '--out', docx], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
    const text = execFileSync('pandoc', ['-s', '-t', 'plain', docx], { encoding: 'utf8' });
    expect(text).toContain('PMOVES validation report');
    expect(text).toContain('Confidence rules');
  });

  it('default output folder is <dataDir>/exports/, and md works without pandoc or a browser', async () => {
    const r = await runCli(['--data-dir', tmp.dir, '--json', 'report', '--validation', 'latest', '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(path.dirname(out.path)).toBe(path.join(tmp.dir, 'exports'));
    expect(fs.readFileSync(out.path, 'utf8')).toContain('## Model checks');
  });

  it('clear errors: unknown ids exit 1 naming the id; bad usage exits 2', async () => {
    const a = await runCli(['--data-dir', tmp.dir, 'report', '--validation', '99', '--format', 'html']);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/validation report 99 does not exist/);
    const b = await runCli(['--data-dir', tmp.dir, 'report', '--run', 'latest', '--format', 'html']);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/no runs yet/);
    const c = await runCli(['--data-dir', tmp.dir, 'report', '--format', 'pdf']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/exactly one of --run/);
    const d = await runCli(['--data-dir', tmp.dir, 'report', '--compare', '1', '--format', 'pdf']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/2 to 4 run ids/);
    const e = await runCli(['--data-dir', tmp.dir, 'report', '--validation', 'x', '--format', 'pdf']);
    expect(e.code).toBe(2);
  });

  it('dox push --validation latest --dry-run bundles the stored report (CSV tables, JSON, Markdown) offline', async () => {
    const out = path.join(tmp.dir, 'dox-out');
    const r = await runCli(['--data-dir', tmp.dir, 'dox', 'push', '--validation', 'latest', '--dry-run', '--url', 'http://127.0.0.1:9', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: true, status: 'dry-run', dryRun: true, error: null });
    const names: string[] = j.files.map((f: any) => f.name);
    expect(names).toContain('validation-1.json');
    expect(names).toContain('validation-1-report.md');
    expect(names.filter((n) => n.endsWith('.csv')).length).toBeGreaterThan(0);
    const bundle = path.join(j.artifactsDir, 'bundle');
    expect(JSON.parse(fs.readFileSync(path.join(bundle, 'validation-1.json'), 'utf8')).title).toBe('PMOVES validation report');
    expect(fs.readFileSync(path.join(bundle, 'validation-1-report.md'), 'utf8')).toContain('## Statistical checks');
  });

  it('pandoc missing → the message says to install it (exit 1)', async () => {
    const r = await runCli(['--data-dir', tmp.dir, 'report', '--validation', 'latest', '--format', 'docx', '--out', path.join(tmp.dir, 'x.docx')], { env: { PMOVES_PANDOC: '/nonexistent/pandoc' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pandoc is not installed.*install/);
  });
});
