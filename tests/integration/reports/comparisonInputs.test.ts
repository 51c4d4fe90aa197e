import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPreset, runSimulation } from '../../../src-shared/engine';
import { singleRunDoc } from '../../../src-shared/sim/runDoc';
import { buildComparisonReport } from '../../../src-shared/sim/runReport';
import { playwrightPrinter, type DisposablePrinter } from '../../../src-main/reports/pdf';
import { writeReport } from '../../../src-main/reports/write';
import { CHROMIUM, requireTool } from './helpers';

const strong = singleRunDoc(runSimulation(applyPreset('strong-cooperation', { NUM_MEMBERS: 30, SIMULATION_WEEKS: 20 }), { seed: 42 }), 1);
const baseline = singleRunDoc(runSimulation(applyPreset('baseline', { NUM_MEMBERS: 40, SIMULATION_WEEKS: 20 }), { seed: 7 }), 1);
const cmp = buildComparisonReport(
  [
    { meta: { id: 3, name: 'Strong', createdAt: '2026-11-26T00:00:00Z' }, doc: strong },
    { meta: { id: 5, name: 'Baseline', createdAt: '2026-11-26T01:00:00Z' }, doc: baseline },
  ],
  '0.1.0',
);

let dir: string;
let printer: DisposablePrinter;
beforeAll(async () => {
  for (const t of ['pdftotext', 'pandoc']) requireTool(t);
  dir = await mkdtemp(join(tmpdir(), 'pmoves-cmp-inputs-'));
  printer = playwrightPrinter({ executablePath: CHROMIUM });
});
afterAll(async () => {
  await printer?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('a comparison\'s inputs in every format', () => {
  it('CSV bundle: inputs-by-run.csv has one column per run and says which inputs differ', async () => {
    const out = join(dir, 'bundle');
    await writeReport(cmp, 'csv', out);
    const rows = parseCsv(await readFile(join(out, 'inputs-by-run.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toContainEqual({ name: 'Seed', differs: 'true', run_3: '42', run_5: '7' });
    expect(rows).toContainEqual({ name: 'NUM_MEMBERS', differs: 'true', run_3: '30', run_5: '40' });
    expect(rows).toContainEqual({ name: 'SIMULATION_WEEKS', differs: 'false', run_3: '20', run_5: '20' });
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; kind: string }[] };
    expect(manifest.files).toContainEqual(expect.objectContaining({ path: 'inputs-by-run.csv', kind: 'inputs' }));
    expect(await readFile(join(out, 'README.txt'), 'utf8')).toContain('inputs-by-run.csv');
  });

  it('CSV bundle: the manifest gives each column its unit (rate differences are points beside rates stored as fractions)', async () => {
    const out = join(dir, 'bundle-units');
    await writeReport(cmp, 'csv', out);
    const rates = parseCsv(await readFile(join(out, 'tables', 'diff-rates.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const pov = rates.find((r) => r.metric === 'Poverty rate B')!;
    expect(Number(pov.delta_5)).toBeCloseTo((Number(pov.run_5) - Number(pov.run_3)) * 100, 9);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; columns?: { key: string; label: string; type: string; unit?: string }[] }[] };
    const cols = manifest.files.find((f) => f.path === 'tables/diff-rates.csv')!.columns!;
    expect(cols.find((c) => c.key === 'delta_5')).toEqual({ key: 'delta_5', label: 'Δ #5', type: 'number', unit: 'pts' });
    expect(cols.find((c) => c.key === 'run_5')).toEqual({ key: 'run_5', label: '#5', type: 'percent' });
    expect(await readFile(join(out, 'README.txt'), 'utf8')).toMatch(/unit "pts".*percentage points/);
  });

  it('PDF: the appendix lists both runs\' seeds and parameters side by side', async () => {
    const out = join(dir, 'cmp.pdf');
    await writeReport(cmp, 'pdf', out, { printer });
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const appendix = text.slice(text.lastIndexOf('Appendix: inputs'));
    expect(appendix).toContain('Inputs of each compared run');
    expect(appendix).toMatch(/Seed\s+differs\s+42\s+7/);
    expect(appendix).toMatch(/NUM_MEMBERS\s+differs\s+30\s+40/);
    expect(appendix).toMatch(/SIMULATION_WEEKS\s+20\s+20/);
  });

  it('DOCX (pandoc): the same table, differences in bold', async () => {
    const out = join(dir, 'cmp.docx');
    await writeReport(cmp, 'docx', out, { printer });
    const md = execFileSync('pandoc', ['-f', 'docx', '-t', 'markdown', out], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(md).toMatch(/\*\*NUM_MEMBERS\*\*\s*\*\(differs\)\*\s+\*\*30\*\*\s+\*\*40\*\*/);
  });
});
