import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/api';
import { importTransactionsCsv } from '../../../src-shared/finance/csvImport';
import { calibrate } from '../../../src-shared/projections/calibration';
import { defaultUncertainty, findModel, runMonteCarlo as runProjectionMonteCarlo } from '../../../src-shared/projections';
import { createContext, type AppContext } from '../../../src-main/context';
import { invoke } from '../../../src-main/api/dispatch';
import { calibrateFromTransactions } from '../../../src-main/api/handlers/projections';
import { runCli } from '../../helpers/cli';
import { ROOT, tmpDir } from '../../helpers/tmp';

const GOLDEN = [
  ['AI-Enhanced Local Service Business', '95.0'],
  ['Sustainable Energy AI Consulting', '95.0'],
  ['Community Token Pre-Order System', '95.0'],
  ['AI-Enhanced Local Service (Bull Market)', '95.0'],
  ['Community Token Pre-Order (Bear Market)', '79.6'],
];
const SAMPLE = fs.readFileSync(path.join(ROOT, 'resources/sample-transactions.csv'), 'utf8');
const TZ = 'America/New_York';

/** Expected calibration straight from the library (the op must agree with it). */
function expectedSample() {
  const r = importTransactionsCsv(SAMPLE, { timeZone: TZ });
  if (!r.ok) throw new Error('sample does not import');
  return calibrate({ transactions: r.transactions, timeZone: TZ });
}

const BAD_CSV = 'date,amount,type,currency_code,category\r\n2025-01-06,-12.50,withdrawal,USD,Groceries\r\n2025-01-07,12,50,withdrawal,USD,Groceries\r\n';
const BAD_CSV_2 = 'date,amount,type,currency_code,category\r\n2025-13-06,-12.50,withdrawal,USD,Groceries\r\n2025-01-07,abc,withdrawal,USD,Groceries\r\n';

describe('projections API (in-process, real SQLite)', () => {
  const tmp = tmpDir();
  let app: AppContext;
  beforeAll(() => {
    app = createContext({ dataDir: tmp.dir, transport: 'direct' });
  });
  afterAll(() => {
    app.close();
    tmp.cleanup();
  });
  const paramSets = () => (app.db.prepare('SELECT COUNT(*) AS n FROM param_sets').get() as { n: number }).n;

  it('projections.models returns the five models and four scenarios as data', async () => {
    const m = (await invoke(app, 'projections.models', {})) as any;
    expect(m.models.map((x: any) => x.name)).toEqual(GOLDEN.map((g) => g[0]));
    expect(m.scenarios.map((s: any) => s.key)).toEqual(['bull', 'normal', 'downturn', 'cryptoWinter']);
    expect(m.baselineNames).toHaveLength(3);
    expect(m.fixNotes).toContain('Market scenario unit slip');
  });

  it('projections.validate reproduces the golden ranking 95.0 ×4 and 79.6', async () => {
    const v = (await invoke(app, 'projections.validate', { grid: true })) as any;
    expect(v.rankings.map((r: any) => [r.modelName, r.score.toFixed(1)])).toEqual(GOLDEN);
    expect(v.summary).toMatchObject({ totalModels: 5, successCount: 1, highConfidenceCount: 0, positiveTokenCount: 5, improvingCount: 5 });
    expect(v.summary.riskFactorCounts).toEqual([
      { factor: 'Break-even delayed', models: 4 },
      { factor: 'Low participation rate', models: 2 },
    ]);
    const ai = v.reports[0];
    expect(ai.actual.revenue).toBeCloseTo(385988.35, 1);
    expect(ai.variance.roiVariance).toBeCloseTo(455.91, 1);
    expect(ai.actual.breakEvenWeek).toBe(23);
    expect(v.recommendations[0]).toBe('Primary recommendation: AI-Enhanced Local Service Business (Score: 95.0)');
    expect(v.weekly[0].revenue).toHaveLength(260);
    expect(v.weekly[0].revenue[0]).toBeCloseTo(198.75, 6);
    // The grid is the 3 baseline models × 4 scenarios: the published Bull/Bear variants are
    // variants of AI and Token, and a scenario on top of them would compound two scenarios.
    expect(v.grid).toHaveLength(12);
    expect([...new Set(v.grid.map((g: any) => g.modelName))]).toEqual(GOLDEN.slice(0, 3).map((g) => g[0]));
    // Bull on the base AI model reproduces the published Bull variant.
    const bull = v.grid.find((g: any) => g.modelName === GOLDEN[0][0] && g.scenario === 'bull');
    expect(bull.revenue).toBeCloseTo(902267.55, 1);
  });

  it('a market scenario applied to the published models turns each baseline into its variant once', async () => {
    const v = (await invoke(app, 'projections.validate', { scenario: 'bull' })) as any;
    expect(v.reports.map((r: any) => r.modelName)).toEqual([
      'AI-Enhanced Local Service (Bull Market)',
      'Sustainable Energy AI Consulting (Bull Market)',
      'Community Token Pre-Order (Bull Market)',
    ]);
    // Identical to the published Bull variant (ROI target 13.66 × 1.5, growth 0.0125 × 1.3), not bull twice.
    expect(v.reports[0].model.projectedRiskAdjustedROI).toBe(20.49);
    expect(v.reports[0].model.growthRatePerWeek).toBe(0.01625);
    expect(v.reports[0].actual.revenue).toBeCloseTo(902267.55, 1);
  });

  it('edited models and scenarios are validated and bad ones are named', async () => {
    const v = (await invoke(app, 'projections.validate', { models: [{ name: 'Mine', initialInvestment: 1000, projectedYear5Revenue: 5000, projectedRiskAdjustedROI: 1, projectedBreakEvenMonths: 12, successProbability: 0.5, populationSize: 200, participationRate: 0.6, weeklyRevenuePerParticipant: 1, growthRatePerWeek: 0.02 }], scenario: 'downturn' })) as any;
    expect(v.scenario.key).toBe('downturn');
    expect(v.reports[0].model.growthRatePerWeek).toBeCloseTo(0.014, 10);
    const err = (await invoke(app, 'projections.validate', { models: [{ name: 'x', participationRate: 2 }] }).catch((e) => e)) as any;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/participationRate/);
    // Field, value and range, the value quoted once.
    expect(err.message).toContain('models.0.participationRate: participationRate must be between 0 and 1 (got 2)');
    expect(err.message.match(/\(got 2\)/g)).toHaveLength(1);
    const err2 = (await invoke(app, 'projections.validate', { scenario: 'moon' }).catch((e) => e)) as any;
    expect(err2.message).toMatch(/unknown market scenario "moon"/);
  });

  it('projections.monteCarlo: seeded bands, break-even percentiles, probabilities, progress', async () => {
    const events: any[] = [];
    const input = { only: ['Community Token Pre-Order (Bear Market)'], runs: 300, seed: 7 };
    const a = (await invoke(app, 'projections.monteCarlo', input, { onProgress: (e) => events.push(e) })) as any;
    const b = (await invoke(app, 'projections.monteCarlo', input)) as any;
    expect(a).toEqual(b);
    const r = a.results[0];
    expect(r.runs).toBe(300);
    expect(r.weeklyRevenue.map((x: any) => x.percentile)).toEqual([5, 50, 95]);
    expect(r.weeklyRevenue[0].values).toHaveLength(260);
    for (let w = 0; w < 260; w += 37) expect(r.weeklyRevenue[0].values[w]).toBeLessThanOrEqual(r.weeklyRevenue[2].values[w]);
    expect(r.breakEvenWeek[1].months).toBeCloseTo(r.breakEvenWeek[1].week / 4.33, 6);
    for (const p of Object.values(r.probabilities) as number[]) expect(p).toBeGreaterThanOrEqual(0), expect(p).toBeLessThanOrEqual(1);
    expect(events.at(-1)).toMatchObject({ done: 300, total: 300 });
    const bad = (await invoke(app, 'projections.monteCarlo', { runs: 0 }).catch((e) => e)) as any;
    expect(bad.message).toMatch(/runs must be between 1 and 20000 \(got 0\)/);
  });

  it('projections.monteCarlo runs off the main thread: same numbers as in process, other calls answer meanwhile, cancel is prompt', async () => {
    const only = ['Community Token Pre-Order (Bear Market)'];
    const viaApi = (await invoke(app, 'projections.monteCarlo', { only, runs: 500, seed: 11 })) as any;
    const model = findModel(only[0]);
    const direct = runProjectionMonteCarlo(model, defaultUncertainty(model), { runs: 500, seed: 11 }, {});
    expect(viaApi.results[0].weeklyRevenue).toEqual(direct.weeklyRevenue);
    expect(viaApi.results[0].probabilities).toEqual(direct.probabilities);
    // A big job on every model: the main thread still answers, and a cancel ends it at once.
    const ac = new AbortController();
    const big = invoke(app, 'projections.monteCarlo', { runs: 20000, seed: 3 }, { signal: ac.signal }).catch((e) => e);
    const tStart = performance.now();
    await new Promise((r) => setTimeout(r, 300));
    expect(performance.now() - tStart).toBeLessThan(700); // the event loop was never blocked for long
    const t0 = performance.now();
    const models = (await invoke(app, 'projections.models', {})) as { models: unknown[] };
    expect(models.models.length).toBeGreaterThan(4);
    expect(performance.now() - t0).toBeLessThan(200);
    const t1 = performance.now();
    ac.abort();
    const err = (await big) as ApiError;
    expect(performance.now() - t1).toBeLessThan(200);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('cancelled');
  });

  it('projections.exports: RFC-4180 CSVs, summary.json and the Markdown report', async () => {
    const { files } = (await invoke(app, 'projections.exports', {})) as { files: { name: string; content: string }[] };
    const names = files.map((f) => f.name);
    expect(names).toContain('model-comparison.csv');
    expect(names).toContain('ai-enhanced-local-service-business-report.csv');
    expect(names).toContain('community-token-pre-order-bear-market-weekly.csv');
    expect(names).toContain('summary.json');
    const cmp = files.find((f) => f.name === 'model-comparison.csv')!.content;
    expect(cmp.startsWith('Model Name,Score,Projected Revenue')).toBe(true);
    expect(cmp.endsWith('\r\n')).toBe(true);
    expect(cmp).toContain('"Community Token Pre-Order (Bear Market)"'.replace(/"/g, '') + ',79.6,');
    const weekly = files.find((f) => f.name === 'ai-enhanced-local-service-business-weekly.csv')!.content;
    expect(weekly.split('\r\n').filter(Boolean)).toHaveLength(261);
    const md = files.find((f) => f.name === 'projection-report.md')!.content;
    expect(md).toMatch(/^# PMOVES Projection Validation Report/);
    expect(md).toContain('| 🥉 3 | Community Token Pre-Order System | 95.0 | ✅ Success |');
    expect(JSON.parse(files.find((f) => f.name === 'summary.json')!.content).totalModels).toBe(5);
  });

  it('projections.exports: models whose names share a slug get distinct files', async () => {
    const m = { initialInvestment: 1000, projectedYear5Revenue: 5000, projectedRiskAdjustedROI: 1, projectedBreakEvenMonths: 12, successProbability: 0.5, populationSize: 200, participationRate: 0.6, weeklyRevenuePerParticipant: 1 };
    const models = [{ ...m, name: 'Model 1', growthRatePerWeek: 0.01 }, { ...m, name: 'Model-1', growthRatePerWeek: 0.02 }];
    const { files } = (await invoke(app, 'projections.exports', { models })) as { files: { name: string; content: string }[] };
    const names = files.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['model-1-report.csv', 'model-1-weekly.csv', 'model-1-2-report.csv', 'model-1-2-weekly.csv']));
    expect(files.find((f) => f.name === 'model-1-2-report.csv')!.content).toContain('\r\nModel-1,');
  });

  it('calibration.sample matches the library on the bundled sample, diff against the engine defaults', async () => {
    const e = expectedSample();
    const r = (await invoke(app, 'calibration.sample', {})) as any;
    expect(r.source).toEqual({ kind: 'sample', name: 'sample-transactions.csv' });
    expect(r.dataSource).toMatchObject({ periodStart: '2025-01-06', periodEnd: '2025-07-06', weeksAnalyzed: 26, timeZone: TZ });
    const diff = Object.fromEntries(r.engineParamDiff.map((d: any) => [d.key, d]));
    expect(diff.WEEKLY_FOOD_BUDGET_AVG).toMatchObject({ current: 75, proposed: 245.24, unit: 'USD/week' });
    expect(diff.WEEKLY_FOOD_BUDGET_STDDEV).toMatchObject({ current: 15, proposed: 43.9 });
    expect(diff.PERCENT_SPEND_INTERNAL_AVG).toMatchObject({ current: 0.6, proposed: 0.7233 });
    expect(diff.GROUP_BUY_SAVINGS_PERCENT).toMatchObject({ current: 0.15, proposed: 0.15 });
    for (const d of e.engineParamDiff) expect(diff[d.key].proposed).toBe(d.proposed);
    expect(r.overall).toEqual(e.overall);
    expect(r.proposedParams.WEEKLY_FOOD_BUDGET_AVG).toBe(245.24);
    expect(r.proposedParams.NUM_MEMBERS).toBe(50);
    expect(r.proposedIssues).toEqual([]);
    expect(r.parameters.every((p: any) => ['high', 'medium', 'low'].includes(p.confidence.level) && p.reason.length > 10)).toBe(true);
    expect(r.suggestedName).toMatch(/^Calibrated \d{4}-\d{2}-\d{2}$/);
    expect(r.files.map((f: any) => f.name)).toEqual(['CALIBRATION_REPORT.md', 'category-comparison.csv', 'parameter-adjustments.csv', 'weekly-spending.csv']);
    // Money columns name the currency (the headers said "Actual" with no unit).
    const header = (name: string) => r.files.find((f: any) => f.name === name).content.split('\r\n')[0];
    expect(header('category-comparison.csv')).toBe('Category,Actual (USD),Actual Share,Baseline Share,Difference (points)');
    expect(header('weekly-spending.csv')).toBe('Week,Start Date,Actual Spending (USD),Transactions,Participants,Days In Period');
    // The diff is against the given current params when passed.
    const r2 = (await invoke(app, 'calibration.sample', { currentParams: { WEEKLY_FOOD_BUDGET_AVG: 100 } })) as any;
    expect(r2.engineParamDiff[0]).toMatchObject({ key: 'WEEKLY_FOOD_BUDGET_AVG', current: 100, proposed: 245.24 });
    // The proposed set saves as a parameter set (what "Apply" does).
    const saved = (await invoke(app, 'paramsets.save', { name: r.suggestedName, params: r.proposedParams })) as any;
    const list = (await invoke(app, 'paramsets.list', {})) as any[];
    expect(list.find((s) => s.id === saved.id).params.WEEKLY_FOOD_BUDGET_AVG).toBe(245.24);
    app.db.prepare('DELETE FROM param_sets').run();
  });

  it('calibration.fromCsv: the sample text gives the same result; bad files name row, column and value and store nothing', async () => {
    const ok = (await invoke(app, 'calibration.fromCsv', { csv: SAMPLE, fileName: 'mine.csv', timeZone: TZ })) as any;
    expect(ok.engineParamDiff[0].proposed).toBe(245.24);
    expect(ok.source).toEqual({ kind: 'csv', name: 'mine.csv' });
    const before = paramSets();
    const e1 = (await invoke(app, 'calibration.fromCsv', { csv: BAD_CSV, fileName: 'bad.csv' }).catch((e) => e)) as any;
    expect(e1).toBeInstanceOf(ApiError);
    expect(e1.code).toBe('invalid_input');
    expect(e1.message).toMatch(/bad\.csv: cannot import the CSV \(nothing was stored\)/);
    expect(e1.message).toMatch(/row 3/);
    const e2 = (await invoke(app, 'calibration.fromCsv', { csv: BAD_CSV_2 }).catch((e) => e)) as any;
    expect(e2.message).toMatch(/row 2, column "date", value "2025-13-06"/);
    expect(e2.message).toMatch(/row 3, column "amount", value "abc"/);
    expect(e2.issues.map((i: any) => i.path)).toEqual(['csv.row 2.date', 'csv.row 3.amount']);
    const e3 = (await invoke(app, 'calibration.fromCsv', { csv: 'date,amount\r\n2025-01-06,-5\r\n', currency: 'USD' }).catch((e) => e)) as any;
    expect(e3.message).toMatch(/no food-related transactions/);
    const e4 = (await invoke(app, 'calibration.fromCsv', { csv: SAMPLE, timeZone: 'Mars/Olympus' }).catch((e) => e)) as any;
    expect(e4.code).toBe('invalid_input');
    expect(e4.message).toMatch(/Mars\/Olympus/);
    expect(paramSets()).toBe(before);
  });

  it('calibration.fromCsv with exchangeRate: a EUR file is converted to USD first (the sample in EUR at 1.5 gives 1.5 × its budget); the gate refuses a bad rate naming it', async () => {
    const eur = SAMPLE.replace(/,USD,/g, ',EUR,');
    const plain = (await invoke(app, 'calibration.fromCsv', { csv: eur, fileName: 'eur.csv', timeZone: TZ })) as any;
    const conv = (await invoke(app, 'calibration.fromCsv', { csv: eur, fileName: 'eur.csv', timeZone: TZ, exchangeRate: 1.5 })) as any;
    expect(plain.engineParamDiff[0].proposed).toBe(245.24);
    expect(plain.dataSource.currencies).toEqual(['EUR']);
    expect(conv.import.converted).toEqual({ from: 'EUR', rate: 1.5 });
    expect(conv.dataSource.currencies).toEqual(['USD']);
    expect(Math.abs(conv.engineParamDiff[0].proposed - 1.5 * 245.24)).toBeLessThanOrEqual(0.02);
    expect(conv.weekly.reduce((a: number, w: any) => a + w.spending, 0) / plain.weekly.reduce((a: number, w: any) => a + w.spending, 0)).toBeCloseTo(1.5, 3);
    expect(conv.files.find((f: any) => f.name === 'CALIBRATION_REPORT.md').content).toContain('Amounts: converted from EUR to USD at 1.5 USD per EUR');
    for (const bad of [0, -1, 2_000_000]) {
      const e = (await invoke(app, 'calibration.fromCsv', { csv: eur, timeZone: TZ, exchangeRate: bad }).catch((x) => x)) as any;
      expect(e.code).toBe('invalid_input');
      expect(e.message).toMatch(/exchangeRate: US dollars per one unit of the data's currency, greater than 0 and at most 1,000,000/);
      expect(e.message).toContain(String(bad));
    }
    const usd = (await invoke(app, 'calibration.sample', { exchangeRate: 1.5 }).catch((x) => x)) as any;
    expect(usd.message).toMatch(/exchangeRate: the transactions are already in USD/);
  });

  it('calibrateFromTransactions is the one reusable entry point', () => {
    const r = importTransactionsCsv(SAMPLE, { timeZone: TZ });
    if (!r.ok) throw new Error('import');
    const rep = calibrateFromTransactions(r.transactions, { timeZone: TZ, source: { kind: 'firefly', name: 'snapshot 1' }, population: 2 });
    expect(rep.source.kind).toBe('firefly');
    expect(rep.dataSource.population).toBe(2);
    expect(() => calibrateFromTransactions(r.transactions, { timeZone: TZ, currentParams: { NOPE: 1 } })).toThrow(/currentParams\.NOPE/);
  });
});

describe('projections CLI', () => {
  const tmp = tmpDir();
  afterAll(() => tmp.cleanup());
  const dd = ['--data-dir', tmp.dir];

  it('projections validate --json gives the golden ranking', async () => {
    const r = await runCli([...dd, '--json', 'projections', 'validate']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rankings.map((x: any) => [x.modelName, x.score.toFixed(1)])).toEqual(GOLDEN);
    expect(out.monteCarlo).toBeUndefined();
  });

  it('projections validate --grid: the market scenario grid, 3 baselines × 4 scenarios, in JSON and as a table', async () => {
    const j = await runCli([...dd, '--json', 'projections', 'validate', '--grid']);
    expect(j.code, j.stderr).toBe(0);
    const grid = JSON.parse(j.stdout).grid as { modelName: string; scenario: string; score: number; roi: number }[];
    expect(grid).toHaveLength(12);
    expect(new Set(grid.map((g) => g.scenario))).toEqual(new Set(['bull', 'normal', 'downturn', 'cryptoWinter']));
    const cell = grid.find((g) => g.modelName === 'Community Token Pre-Order System' && g.scenario === 'downturn')!;
    const t = await runCli([...dd, 'projections', 'validate', '--grid']);
    const lines = t.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('market scenario grid'));
    expect(head).toBeGreaterThan(0);
    expect(lines[head + 1].split(/\s{2,}/)).toEqual(['model', 'bull', 'normal', 'downturn', 'cryptoWinter']);
    const row = lines.slice(head + 3, head + 6).find((l) => l.startsWith('Community Token Pre-Order System'))!;
    expect(row).toContain(`${cell.score.toFixed(1)} ⚠ ROI ${cell.roi.toFixed(0)}%`);
    // Without --grid, no grid is computed.
    expect(JSON.parse((await runCli([...dd, '--json', 'projections', 'validate'])).stdout).grid).toBeNull();
  });

  it('projections validate --model --scenario --runs adds Monte Carlo bands and probabilities', async () => {
    const r = await runCli([...dd, '--json', 'projections', 'validate', '--model', 'Token Pre-Order System', '--scenario', 'cryptoWinter', '--runs', '100', '--seed', '3']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.reports).toHaveLength(1);
    expect(out.scenario.key).toBe('cryptoWinter');
    // USER_GUIDE crypto-winter recipe (spec §1.10, recomputed): Σ revenue 48,993.18, ROI 1,507.11 %.
    expect(out.reports[0].actual.revenue).toBeCloseTo(48993.18, 1);
    expect(out.reports[0].actual.roi).toBeCloseTo(1507.11, 1);
    expect(out.monteCarlo[0]).toMatchObject({ runs: 100, seed: 3 });
    expect(out.monteCarlo[0].probabilities.success).toBeGreaterThanOrEqual(0);
    const human = await runCli([...dd, 'projections', 'validate', '--runs', '50']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('79.6');
    expect(human.stdout).toContain('P(success)');
  });

  it('--scenario takes the crypto-winter spelling of the issue (and any case or separator of a key, name or label)', async () => {
    const key = async (scenario: string) => {
      const r = await runCli([...dd, '--json', 'projections', 'validate', '--model', 'Token Pre-Order System', '--scenario', scenario]);
      expect(r.code, `${scenario}: ${r.stderr}`).toBe(0);
      return JSON.parse(r.stdout).scenario.key as string;
    };
    for (const s of ['crypto-winter', 'crypto_winter', 'Crypto Winter', 'CRYPTOWINTER']) expect(await key(s), s).toBe('cryptoWinter');
    expect(await key('Bull')).toBe('bull');
    expect(await key('bear-market')).toBe('downturn');
    // Not a scenario in any spelling: still refused, naming the value and the keys.
    const bad = await runCli([...dd, 'projections', 'validate', '--scenario', 'crypto-summer']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown market scenario "crypto-summer": expected one of bull, normal, downturn, cryptoWinter');
  });

  it('bad projection arguments exit 2 with a clear message', async () => {
    const a = await runCli([...dd, 'projections', 'validate', '--model', 'Nope']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/unknown projection model "Nope"/);
    const b = await runCli([...dd, 'projections', 'validate', '--runs', '0']);
    expect(b.code).toBe(2);
    const c = await runCli([...dd, 'projections', 'validate', '--scenario', 'moon']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/unknown market scenario/);
  });

  it('calibrate --from sample --json', async () => {
    const r = await runCli([...dd, '--json', 'calibrate', '--from', 'sample']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.engineParamDiff.map((d: any) => [d.key, d.current, d.proposed])).toEqual([
      ['WEEKLY_FOOD_BUDGET_AVG', 75, 245.24],
      ['WEEKLY_FOOD_BUDGET_STDDEV', 15, 43.9],
      ['PERCENT_SPEND_INTERNAL_AVG', 0.6, 0.7233],
      ['GROUP_BUY_SAVINGS_PERCENT', 0.15, 0.15],
    ]);
    expect(out.dataSource.weeksAnalyzed).toBe(26);
    // $245.24 of food a week against the default $150 income: the report says so.
    expect(out.warnings.some((w: string) => /above the weekly income/.test(w))).toBe(true);
  });

  it('projections export into the folder of an earlier export replaces it: no stale model files are left next to the new summary', async () => {
    const out = path.join(tmp.dir, 'proj-export-again');
    expect((await runCli([...dd, 'projections', 'export', '--out', out])).code).toBe(0);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const again = await runCli([...dd, '--json', 'projections', 'export', '--scenario', 'bull', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    const written = (JSON.parse(again.stdout).files as string[]).map((f) => path.basename(f));
    // Only the second export (3 baselines under bull) and the user's own file are there.
    expect(fs.readdirSync(out).sort()).toEqual([...written, 'notes.txt'].sort());
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.totalModels).toBe(3);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('-report.csv'))).toHaveLength(3);
    expect(fs.existsSync(path.join(out, 'community-token-pre-order-bear-market-report.csv'))).toBe(false);
  });

  it('a change from 0 has no percentage: the calibration report and the CLI table say "new (from 0)", never +0.0%', async () => {
    // The sample has dining spend (15.3 %) against an upstream baseline share of 0 %.
    const out = path.join(tmp.dir, 'cal-from-zero');
    const j = await runCli([...dd, '--json', 'calibrate', '--from', 'sample', '--out', out]);
    expect(j.code, j.stderr).toBe(0);
    const md = fs.readFileSync(path.join(out, 'CALIBRATION_REPORT.md'), 'utf8');
    expect(md).toContain('| categoryDistribution.dining | 0 | 15.3 | new (from 0) |');
    expect(md).toContain('- Adjustment: 15.3 (new (from 0))');
    expect(md).not.toMatch(/categoryDistribution\.dining \| 0 \| 15\.3 \| \+0\.0%/);
    const csv = fs.readFileSync(path.join(out, 'parameter-adjustments.csv'), 'utf8');
    expect(csv.split('\r\n').find((l) => l.startsWith('categoryDistribution.dining,'))).toMatch(/^categoryDistribution\.dining,0,15\.3,15\.3,N\/A,/);
    const t = await runCli([...dd, 'calibrate', '--from', 'sample']);
    expect(t.code, t.stderr).toBe(0);
    const row = t.stdout.split('\n').find((l) => l.startsWith('categoryDistribution.dining '))!;
    expect(row.split(/\s{2,}/)).toEqual(['categoryDistribution.dining', '0', '15.3000', 'percent', 'new', 'high (100)']);
  });

  it('calibrate --from FILE.csv works, and the built CLI finds the bundled sample too', async () => {
    const f = path.join(tmp.dir, 'tx.csv');
    fs.writeFileSync(f, SAMPLE);
    const r = await runCli([...dd, '--json', 'calibrate', '--from', f, '--time-zone', TZ, '--out', path.join(tmp.dir, 'cal')]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).engineParamDiff[0].proposed).toBe(245.24);
    expect(fs.readFileSync(path.join(tmp.dir, 'cal/CALIBRATION_REPORT.md'), 'utf8')).toMatch(/^# Calibration Report/);
    const built = path.join(ROOT, 'out/main/cli.js');
    if (fs.existsSync(built)) {
      const b = spawnSync(process.execPath, [built, ...dd, '--json', 'calibrate', '--from', 'sample'], { cwd: tmp.dir, encoding: 'utf8' });
      expect(b.status, b.stderr).toBe(0);
      expect(JSON.parse(b.stdout).engineParamDiff[0].proposed).toBe(245.24);
    }
  });

  it('a bad CSV exits 2 naming row/column/value, and nothing is stored', async () => {
    const f = path.join(tmp.dir, 'bad.csv');
    fs.writeFileSync(f, BAD_CSV_2);
    const r = await runCli([...dd, 'calibrate', '--from', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv: cannot import the CSV \(nothing was stored\)/);
    expect(r.stderr).toMatch(/row 3, column "amount", value "abc"/);
    expect(r.stdout).toBe('');
    const db = new Database(path.join(tmp.dir, 'workbench.db'), { readonly: true });
    try {
      expect((db.prepare('SELECT COUNT(*) AS n FROM param_sets').get() as { n: number }).n).toBe(0);
      expect((db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
    const missing = await runCli([...dd, 'calibrate', '--from', path.join(tmp.dir, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.csv: no such file/);
  });

  it('calibrate --from firefly without a snapshot says what to do', async () => {
    const r = await runCli([...dd, 'calibrate', '--from', 'firefly']);
    expect(r.code).toBe(1);
    // The Firefly bridge's own reader (F19): says there is no data and what to run.
    expect(r.stderr).toMatch(/No Firefly III data/i);
    expect(r.stderr).toContain('`workbench firefly sync`) first');
    expect(r.stderr.match(/first/g)).toHaveLength(1); // it said "…first. (run "workbench firefly sync" first)"
  });
});
