import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/api';
import { createContext, type AppContext } from '../../../src-main/context';
import { invoke } from '../../../src-main/api/dispatch';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';
import { requireTool } from '../reports/helpers';

/**
 * The projection validation through the shared report pipeline (issue 6 item 5): `projections export
 * --format html|pdf|md|…` and the projections.report op. The ranking in the documents must be the
 * numbers `projections validate --json` gives.
 */

interface Ranking {
  rank: number;
  modelName: string;
  score: number;
  success: boolean;
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The rows of the HTML report's ranking table: rank, model, raw score (data-v), shown score, status. */
function htmlRanking(html: string): { rank: number; model: string; raw: number; shown: string; status: string }[] {
  const start = html.indexOf('id="tbl-rankings"');
  expect(start).toBeGreaterThan(0);
  const table = html.slice(start, html.indexOf('</table>', start));
  return [...table.matchAll(/<tr><td data-v="(\d+)"[^>]*>\d+<\/td><td data-v="([^"]*)">[^<]*<\/td><td data-v="([^"]*)"[^>]*>([^<]*)<\/td><td data-v="([^"]*)"/g)].map((m) => ({
    rank: Number(m[1]),
    model: m[2].replace(/&amp;/g, '&'),
    raw: Number(m[3]),
    shown: m[4],
    status: m[5],
  }));
}

describe('projection report in the shared formats (CLI and API, real Chromium for the PDF)', () => {
  const tmp = tmpDir('wb-proj-report-');
  const dd = ['--data-dir', path.join(tmp.dir, 'data')];
  let validated: { rankings: Ranking[]; reports: { modelName: string }[]; monteCarlo: { modelName: string; probabilities: { success: number } }[] };
  let app: AppContext;
  beforeAll(async () => {
    requireTool('pdftotext');
    requireTool('pdfinfo');
    const v = await runCli([...dd, '--json', 'projections', 'validate', '--runs', '50', '--seed', '7']);
    expect(v.code, v.stderr).toBe(0);
    validated = JSON.parse(v.stdout);
    app = createContext({ dataDir: path.join(tmp.dir, 'api-data'), transport: 'direct' });
  }, 120_000);
  afterAll(() => {
    app?.close();
    tmp.cleanup();
  });

  it('projections export --format html writes the report: title, every model, the ranking with the validate --json scores, the Monte Carlo, the reading rules', async () => {
    const out = path.join(tmp.dir, 'proj.html');
    const r = await runCli([...dd, '--json', 'projections', 'export', '--format', 'html', '--runs', '50', '--seed', '7', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ path: out, format: 'html', title: 'PMOVES Projection Validation Report' });
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('<title>PMOVES Projection Validation Report');
    for (const h of ['Summary', 'Ranking', 'Models', 'Projections vs simulated (variance)', 'Risk factors and recommendations', 'Weekly revenue and profit', 'Uncertainty (Monte Carlo)', 'How to read this report']) {
      expect(html).toContain(`. ${h}</h2>`);
    }
    for (const m of validated.reports) expect(html).toContain(m.modelName);
    const rows = htmlRanking(html);
    expect(rows.map((x) => [x.rank, x.model, x.raw, x.shown, x.status])).toEqual(
      validated.rankings.map((x) => [x.rank, x.modelName, x.score, x.score.toFixed(1), x.success ? 'Success' : 'Review']),
    );
    // The published ranking (95.0 ×4, 79.6) is what validate gives.
    expect(rows.map((x) => x.shown)).toEqual(['95.0', '95.0', '95.0', '95.0', '79.6']);
    // Charts: weekly series and one band chart per model and series.
    for (const id of ['weekly-revenue', 'weekly-profit', 'cumulative-profit', 'ranking-scores']) expect(html).toContain(`data-chart="${id}"`);
    for (let i = 1; i <= validated.reports.length; i++) expect(html).toContain(`data-chart="mc-revenue-${i}"`);
    // Monte Carlo P(success) of each model, as validate --runs 50 --seed 7 computed it.
    const mcStart = html.indexOf('id="tbl-monte-carlo"');
    const mcTable = html.slice(mcStart, html.indexOf('</table>', mcStart));
    for (const m of validated.monteCarlo) {
      // The last four cells: P(year-5 revenue), P(ROI), P(break-even), P(success), raw in data-v.
      const row = new RegExp(`<td data-v="${esc(m.modelName)}">[^\\n]*?((?:<td data-v="[^"]*"[^>]*>[^<]*</td>){4})</tr>`).exec(mcTable);
      const cells = [...(row?.[1] ?? '').matchAll(/data-v="([^"]*)"/g)].map((c) => Number(c[1]));
      const p = (m as unknown as { probabilities: Record<string, number> }).probabilities;
      expect(cells, m.modelName).toEqual([p.year5Revenue, p.roi, p.breakEven, p.success]);
    }
    expect(html).toContain('Success needs both targets');
    expect(html).toContain('P(success) in the Monte Carlo table is the share of its seeded runs');
  }, 120_000);

  it('projections export --format pdf writes a multi-page PDF with the ranking lines of validate --json', async () => {
    const outDir = path.join(tmp.dir, 'pdf-out') + path.sep;
    const r = await runCli([...dd, '--json', 'projections', 'export', '--format', 'pdf', '--out', outDir]);
    expect(r.code, r.stderr).toBe(0);
    const file = JSON.parse(r.stdout).path as string;
    expect(path.dirname(file)).toBe(path.join(tmp.dir, 'pdf-out'));
    expect(file).toMatch(/pmoves-projection-validation-report-.*\.pdf$/);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThan(1);
    const text = pdfText(file);
    expect(text).toContain('PMOVES Projection Validation');
    expect(text).toContain(`Page ${pages} of ${pages}`);
    for (const x of validated.rankings) {
      expect(text).toMatch(new RegExp(`^\\s*${x.rank}\\s+${esc(x.modelName)}\\s+${esc(x.score.toFixed(1))}\\s+${x.success ? 'Success' : 'Review'}\\b`, 'm'));
    }
    for (const h of ['1. Summary', '2. Ranking', '4. Projections vs simulated (variance)', '6. Weekly revenue and profit', '8. How to read this report']) expect(text).toContain(h);
    // Without --runs the report says how to get the Monte Carlo, and the CLI's plain export is unchanged.
    expect(text).toContain('No Monte Carlo run is included');
  }, 120_000);

  it('projections export keeps its contract: no --format still needs --out; --runs without --format and an unknown --format are refused', async () => {
    const none = await runCli([...dd, 'projections', 'export']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("required option '--out <dir>' not specified");
    const runs = await runCli([...dd, 'projections', 'export', '--runs', '10', '--out', path.join(tmp.dir, 'x')]);
    expect(runs.code).toBe(2);
    expect(runs.stderr).toContain('--runs: give --format too');
    const bad = await runCli([...dd, 'projections', 'export', '--format', 'xls']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format.*xls.*html, pdf, md, docx, json/);
  }, 60_000);

  it('projections.report (API): Markdown of a scenario with the Monte Carlo given, and bad input named', async () => {
    const folder = path.join(tmp.dir, 'api-out');
    const mc = (await invoke(app, 'projections.monteCarlo', { scenario: 'bull', runs: 20, seed: 3 })) as { results: { modelName: string }[] };
    const events: string[] = [];
    const r = (await invoke(app, 'projections.report', { scenario: 'bull', format: 'md', folder, monteCarlo: mc.results }, { onProgress: (e) => events.push((e as { phase: string }).phase) })) as { path: string; format: string };
    expect(r.format).toBe('md');
    expect(path.dirname(r.path)).toBe(folder);
    const md = fs.readFileSync(r.path, 'utf8');
    expect(md).toContain('title: "PMOVES Projection Validation Report"');
    expect(md).toContain('Bull Market');
    for (const m of mc.results) expect(md).toContain(m.modelName);
    expect(md).toContain('## Uncertainty (Monte Carlo)');
    expect(md).toContain('## How to read this report');
    expect(md).toContain('20 seeded runs per model (seed 3)');
    expect(events).toEqual(expect.arrayContaining(['start', 'done']));

    const notValidated = (await invoke(app, 'projections.report', { format: 'md', folder, monteCarlo: [{ ...(mc.results[0] as object), modelName: 'Nope' }] }).catch((e) => e)) as ApiError;
    expect(notValidated).toBeInstanceOf(ApiError);
    expect(notValidated.code).toBe('invalid_input');
    expect(notValidated.message).toMatch(/^monteCarlo\.0\.modelName: "Nope" is not one of the validated models/);
    const badFormat = (await invoke(app, 'projections.report', { format: 'xls' }).catch((e) => e)) as ApiError;
    expect(badFormat.code).toBe('invalid_input');
    expect(badFormat.message).toMatch(/format/);
    const relative = (await invoke(app, 'projections.report', { format: 'html', folder: 'rel/dir' }).catch((e) => e)) as ApiError;
    expect(relative.code).toBe('invalid_input');
    expect(relative.message).toMatch(/^folder: "rel\/dir" is a relative path/);
  }, 120_000);
});
