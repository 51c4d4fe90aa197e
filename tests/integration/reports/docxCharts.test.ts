/**
 * reports.generate as DOCX (the Reports view's Export DOCX and `report --format docx`): the charts
 * are images drawn by the same browser as the PDF's, and without a browser their data tables.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { ReportError } from '../../../src-main/reports/errors';
import { playwrightPrinter } from '../../../src-main/reports/pdf';
import { setPrinterFactory } from '../../../src-main/reports/printerFactory';
import { tmpDir } from '../../helpers/tmp';
import { CHROMIUM, requireTool } from './helpers';

let app: AppContext;
let tmp: ReturnType<typeof tmpDir>;
let runId: number;

beforeAll(async () => {
  for (const t of ['pandoc', 'unzip']) requireTool(t);
  tmp = tmpDir('wb-docx-charts-');
  app = createContext({ dataDir: path.join(tmp.dir, 'data') });
  const r = (await invoke(app, 'sim.run', { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 26 }, seed: 1, name: 'docx charts' })) as { runId: number };
  runId = r.runId;
});
afterEach(() => setPrinterFactory(() => playwrightPrinter({ executablePath: CHROMIUM })));
afterAll(() => {
  setPrinterFactory(() => playwrightPrinter());
  app.close();
  tmp.cleanup();
});

const docx = async () => (await invoke(app, 'reports.generate', { source: 'run', ids: [runId], format: 'docx', folder: path.join(tmp.dir, 'out') })) as { path: string };
const entries = (file: string) => execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n');
const documentXml = (file: string) => execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });

describe('reports.generate: DOCX charts', () => {
  it('embeds every chart of a run report as a PNG, captioned, instead of its data table', async () => {
    setPrinterFactory(() => playwrightPrinter({ executablePath: CHROMIUM }));
    const r = await docx();
    const media = entries(r.path).filter((e) => /^word\/media\/.+\.png$/.test(e));
    expect(media.length).toBe(5); // average and total wealth, Gini, poverty, final distribution
    const text = documentXml(r.path).replace(/<[^>]+>/g, '');
    expect(text).toContain('Average wealth per member');
    expect(text).not.toContain('Figure data: Average wealth per member');
  });

  it('names no local path: the pictures are described by their file name, not the temporary folder they were drawn in', async () => {
    setPrinterFactory(() => playwrightPrinter({ executablePath: CHROMIUM }));
    const r = await docx();
    const xml = documentXml(r.path);
    // pandoc copies an image's source path into the picture's description (descr="…"): it was
    // "/tmp/pmoves-docx-XXXXXX/avg-wealth.png", a user's temp folder (their name on Windows and macOS).
    const descr = [...xml.matchAll(/<pic:cNvPr [^>]*descr="([^"]*)"/g)].map((m) => m[1]);
    expect(descr.length).toBe(5);
    expect(descr).toContain('avg-wealth.png');
    for (const d of descr) expect(d).toMatch(/^[a-z0-9-]+\.png$/);
    expect(xml).not.toContain('pmoves-docx-');
    expect(xml).not.toContain(os.tmpdir());
  });

  it('without a browser it still writes the DOCX, each chart as its data table', async () => {
    setPrinterFactory(() => ({
      open: () => Promise.reject(new ReportError('BROWSER_MISSING', 'could not start Chromium')),
      dispose: () => Promise.resolve(),
    }));
    const r = await docx();
    expect(entries(r.path).some((e) => e.startsWith('word/media/'))).toBe(false);
    expect(documentXml(r.path).replace(/<[^>]+>/g, '')).toContain('Figure data: Average wealth per member');
  });
});
