import type { FireflyCalibration } from '../../firefly/service';
import { Command, Option } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import type { CalibrationReport, MonteCarloModelResult, ProjectionsValidateOutput } from '../../../src-shared/api/projections';
import { z } from 'zod';
import { ALL_MODELS, findModel } from '../../../src-shared/projections';
import { isChangeFromZero } from '../../../src-shared/projections/calibration/calibrate';
import { projectionExportNames } from '../../api/handlers/projections';
import { call } from '../context';
import { CliError, ExitCode, UsageError } from '../errors';
import { globals, jsonSafe, table } from '../output';
import { currencyOption, currencyRefusal, exchangeRateOption, intOption, scenarioOption, timeZoneOption } from '../options';
import { makeDirs } from '../../fs/makeDirs';
import { prepareOutFolder } from '../outDir';

/**
 * Like output.emit, but resolves once stdout has taken the whole text: main.ts ends with
 * process.exit(), which drops whatever a pipe has not accepted yet (large --json output was cut at 80 KB).
 */
function emit(cmd: Command, value: unknown, human: (v: any) => string): Promise<void> {
  const text = (globals(cmd).json ? JSON.stringify(value, jsonSafe, 2) : human(value)) + '\n';
  return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}

const usd0 = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;
const pct1 = (x: number | null) => (x === null ? 'N/A' : `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`);

function validationText(v: ProjectionsValidateOutput & { monteCarlo?: MonteCarloModelResult[] }): string {
  const out: string[] = [];
  if (v.scenario) out.push(`market scenario applied: ${v.scenario.name} (${v.scenario.key})`, '');
  for (const r of v.reports) {
    out.push(`== ${r.modelName}`);
    out.push(`  revenue   projected ${usd0(r.projections.revenue)}  actual ${usd0(r.actual.revenue)} (5-year cumulative)  variance ${pct1(r.variance.revenueVariance)}`);
    out.push(`  year 5    ${usd0(r.likeForLike.year5Revenue)} (like for like)  variance ${pct1(r.likeForLike.year5RevenueVariance)}`);
    out.push(`  ROI       projected ${r.projections.roiPercent.toFixed(0)}%  actual ${r.actual.roi.toFixed(0)}%  variance ${pct1(r.variance.roiVariance)}`);
    out.push(`  break-even projected ${r.projections.breakEvenMonths.toFixed(1)} mo  actual ${r.actual.breakEvenMonths === null ? 'Not achieved' : `${r.actual.breakEvenMonths.toFixed(1)} mo`}  variance ${pct1(r.variance.breakEvenVariance)}`);
    out.push(`  success ${r.riskAssessment.achievedSuccessProbability ? 'YES' : 'NO'}, confidence ${r.riskAssessment.confidenceLevel.toUpperCase()}, growth ${r.analysis.revenueGrowthPattern.toUpperCase()}, profitability ${r.analysis.profitabilityTrend.toUpperCase()}, market ${r.analysis.marketScenario.toUpperCase()}, token ${r.analysis.tokenEconomyImpact.toUpperCase()}`);
    r.riskAssessment.riskFactors.forEach((f, i) => out.push(`  ⚠ ${f} → ${r.riskAssessment.mitigationRecommendations[i]}`));
    out.push('');
  }
  out.push('rankings:', table(v.rankings.map((r) => ({ rank: r.rank, model: r.modelName, score: r.score.toFixed(1), status: r.success ? 'success' : 'review' })), ['rank', 'model', 'score', 'status']), '');
  out.push('recommendations:', ...v.recommendations.map((r) => `  - ${r}`));
  const s = v.summary;
  out.push('', `summary: ${s.successCount} of ${s.totalModels} met all targets; ${s.highConfidenceCount} high confidence; ${s.positiveTokenCount} positive token impact; ${s.improvingCount} improving`);
  for (const f of s.riskFactorCounts) out.push(`  ${f.factor} (${f.models} model${f.models === 1 ? '' : 's'} affected)`);
  if (v.grid?.length) {
    // Models × scenarios, as the app's grid: score, success and the ROI and break-even reached.
    out.push('', 'market scenario grid (score, ✅ all targets met / ⚠ review; ROI reached; break-even):');
    const scenarios = [...new Set(v.grid.map((g) => g.scenario))];
    const models = [...new Set(v.grid.map((g) => g.modelName))];
    out.push(
      table(
        models.map((m) => ({
          model: m,
          ...Object.fromEntries(
            scenarios.map((s) => {
              const c = v.grid!.find((g) => g.modelName === m && g.scenario === s);
              return [s, c ? `${c.score.toFixed(1)} ${c.success ? '✅' : '⚠'} ROI ${c.roi.toFixed(0)}% BE ${c.breakEvenMonths === null ? 'n/a' : `${c.breakEvenMonths.toFixed(1)} mo`}` : '—'];
            }),
          ),
        })),
        ['model', ...scenarios],
      ),
    );
  }
  if (v.monteCarlo) {
    out.push('', `Monte Carlo (${v.monteCarlo[0]?.runs ?? 0} runs, seed ${v.monteCarlo[0]?.seed ?? 0}):`);
    out.push(
      table(
        v.monteCarlo.map((m) => {
          const be = (p: number) => m.breakEvenWeek.find((b) => b.percentile === p)?.months;
          const rev = (p: number) => m.totalRevenue.find((b) => b.percentile === p)?.value;
          return {
            model: m.modelName,
            'revenue p5': rev(5) === undefined ? '' : usd0(rev(5)!),
            'revenue p50': rev(50) === undefined ? '' : usd0(rev(50)!),
            'revenue p95': rev(95) === undefined ? '' : usd0(rev(95)!),
            'BE mo p50': be(50) == null ? 'never' : be(50)!.toFixed(1),
            'P(year-5 rev)': `${(m.probabilities.year5Revenue * 100).toFixed(1)}%`,
            'P(ROI)': `${(m.probabilities.roi * 100).toFixed(1)}%`,
            'P(break-even)': `${(m.probabilities.breakEven * 100).toFixed(1)}%`,
            'P(success)': `${(m.probabilities.success * 100).toFixed(1)}%`,
          };
        }),
        ['model', 'revenue p5', 'revenue p50', 'revenue p95', 'BE mo p50', 'P(year-5 rev)', 'P(ROI)', 'P(break-even)', 'P(success)'],
      ),
    );
  }
  return out.join('\n');
}

/** Formats of `projections export --format` (the report pipeline's; its CSV bundle is left out: the §3.1 CSVs are the default export). */
const PROJECTION_REPORT_FORMATS = ['html', 'pdf', 'md', 'docx', 'json'] as const;

/** `projections export --format F`: projections.report (with a Monte Carlo first when --runs is given). */
async function projectionReport(cmd: Command, o: { out?: string; scenario?: string; format: string; runs?: number; seed: number }): Promise<void> {
  let monteCarlo: MonteCarloModelResult[] | undefined;
  if (o.runs !== undefined) {
    monteCarlo = (await call<{ results: MonteCarloModelResult[] }>(cmd, 'projections.monteCarlo', { scenario: o.scenario, runs: o.runs, seed: o.seed }, { progressLabel: 'monte carlo' })).results;
  }
  const r = await call<{ path: string; bytes: number; ms: number; format: string; title: string }>(
    cmd,
    'projections.report',
    // path.resolve() drops a trailing "/", which is what marks a folder: keep it.
    { scenario: o.scenario, format: o.format, monteCarlo, outPath: o.out === undefined ? undefined : path.resolve(o.out) + (/[\\/]$/.test(o.out) ? path.sep : '') },
    { progressLabel: o.format },
  ).catch((e) => {
    // --out is the user's choice: name it (the API's field is outPath), as "report --out" does.
    if (o.out !== undefined && e instanceof CliError && e.exitCode === ExitCode.usage && e.message.startsWith('outPath: ')) throw new UsageError(`--out ${o.out}: ${e.message.slice('outPath: '.length)}`);
    throw e;
  });
  await emit(cmd, r, (x) => `wrote ${x.format.toUpperCase()} "${x.title}": ${x.path} (${x.bytes} bytes, ${(x.ms / 1000).toFixed(1)} s)`);
}

/** What an earlier export's summary.json must hold for its files to be named from it. */
const PreviousSummary = z.object({ reports: z.array(z.object({ modelName: z.string() })) });

/** The files of an earlier projection export in `dir` (none when there is no readable summary.json of one). */
function previousExportNames(dir: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  } catch {
    return [];
  }
  const summary = PreviousSummary.safeParse(raw);
  return summary.success ? projectionExportNames(summary.data.reports.map((r) => r.modelName)) : [];
}

function calibrationText(r: CalibrationReport): string {
  const out: string[] = [];
  out.push(`calibration from ${r.source.kind} (${r.source.name}): ${r.dataSource.periodStart} to ${r.dataSource.periodEnd} ${r.dataSource.timeZone}, ${r.dataSource.weeksAnalyzed} weeks, ${r.dataSource.transactionsAnalyzed} food transactions of ${r.import.rows}`);
  if (r.import.converted) out.push(`amounts converted from ${r.import.converted.from} to USD at ${r.import.converted.rate} USD per ${r.import.converted.from}`);
  out.push(`overall confidence ${r.overall.confidenceLevel.toUpperCase()} (${r.overall.confidenceScore.toFixed(1)}/100)`, '');
  out.push(
    table(
      r.parameters.map((p) => ({ parameter: p.parameter, baseline: p.baseline, calibrated: p.calibrated, unit: p.unit, 'adj %': isChangeFromZero(p) ? 'new' : p.adjustmentPercent.toFixed(1), confidence: `${p.confidence.level} (${p.confidence.score})` })),
      ['parameter', 'baseline', 'calibrated', 'unit', 'adj %', 'confidence'],
    ),
  );
  out.push('', 'engine parameter diff (against the current parameters):');
  out.push(table(r.engineParamDiff.map((d) => ({ key: d.key, current: d.current, proposed: d.proposed, unit: d.unit })), ['key', 'current', 'proposed', 'unit']));
  out.push('', 'why:', ...r.parameters.map((p) => `  ${p.parameter}: ${p.reason}`));
  if (r.recommendations.length) out.push('', 'recommendations:', ...r.recommendations.map((x) => `  - ${x}`));
  if (r.warnings.length) out.push('', 'warnings:', ...r.warnings.map((x) => `  - ${x}`));
  if (r.proposedIssues.length) out.push('', 'cannot be saved as is:', ...r.proposedIssues.map((x) => `  - ${x}`));
  return out.join('\n');
}

/** `calibrate --from firefly`: the Firefly bridge's calibration of the latest snapshot (firefly.calibrate). */
function fireflyCalibration(cmd: Command, o: { timeZone?: string; currency?: string; population?: number; exchangeRate?: number }): Promise<FireflyCalibration> {
  return call<FireflyCalibration>(cmd, 'firefly.calibrate', { timeZone: o.timeZone, currency: o.currency, population: o.population, exchangeRate: o.exchangeRate }).catch((e) => {
    throw currencyRefusal(e, o.currency);
  });
}

export function registerProjections(program: Command): void {
  const projections = program.command('projections').description('business-projection validator: the five models, market scenarios, ranking, Monte Carlo');

  projections
    .command('validate')
    .description('validate the projection models over 260 weeks and rank them (--runs adds Monte Carlo bands and target probabilities)')
    .option('--model <name>', 'only this model (exact or unique partial name)')
    .option('--scenario <name>', 'apply a market scenario to the models (bull, normal, downturn, cryptoWinter)', scenarioOption)
    .option('--models <file>', 'JSON file with an array of edited models (default: the five published ones)')
    .option('--runs <n>', 'Monte Carlo runs per model', intOption('--runs', 1, 20_000))
    .option('--seed <n>', 'Monte Carlo seed', intOption('--seed', 0, 0xffffffff), 42)
    .option('--grid', 'also print the market scenario grid: every baseline model under each of the four scenarios (as the app shows it)')
    .action(async (o: { model?: string; scenario?: string; models?: string; runs?: number; seed: number; grid?: boolean }, cmd: Command) => {
      let models: unknown[] | undefined;
      if (o.models) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(fs.readFileSync(o.models, 'utf8'));
        } catch (e) {
          throw new UsageError(`--models: cannot read ${o.models} as JSON: ${(e as Error).message}`);
        }
        const arr = Array.isArray(parsed) ? parsed : (parsed as { models?: unknown })?.models;
        if (!Array.isArray(arr)) throw new UsageError(`--models: ${o.models} must hold a JSON array of models (or {"models": [...]})`);
        models = arr;
      }
      if (o.model) {
        try {
          models = [findModel(o.model, (models ?? ALL_MODELS) as never)];
        } catch (e) {
          throw new UsageError(`--model: ${(e as Error).message}`);
        }
      }
      const input = { models, scenario: o.scenario };
      const v = await call<ProjectionsValidateOutput>(cmd, 'projections.validate', { ...input, ...(o.grid ? { grid: true } : {}) });
      let monteCarlo: MonteCarloModelResult[] | undefined;
      if (o.runs !== undefined) {
        const mc = await call<{ results: MonteCarloModelResult[] }>(cmd, 'projections.monteCarlo', { ...input, runs: o.runs, seed: o.seed }, { progressLabel: 'monte carlo' });
        monteCarlo = mc.results;
      }
      await emit(cmd, { ...v, ...(monteCarlo ? { monteCarlo } : {}) }, validationText);
    });

  projections
    .command('export')
    .description(
      'write the projection CSVs (RFC 4180), summary.json and the Markdown report to a folder; with --format, the projection report in the shared report formats (html, pdf, md, docx, json)',
    )
    .option('--out <path>', 'without --format: the output folder (created; required). With --format: the file to write, or a folder to write into (as "report --out"; default: settings.reportsDir or <data dir>/exports/)')
    .option('--scenario <name>', 'apply a market scenario to the models (bull, normal, downturn, cryptoWinter)', scenarioOption)
    .addOption(new Option('--format <format>', 'write the projection report through the shared report pipeline in this format').choices([...PROJECTION_REPORT_FORMATS]))
    .option('--runs <n>', 'with --format: also run a Monte Carlo of N runs per model and put its table and bands in the report', intOption('--runs', 1, 20_000))
    .option('--seed <n>', 'Monte Carlo seed (with --runs)', intOption('--seed', 0, 0xffffffff), 42)
    .action(async (o: { out?: string; scenario?: string; format?: string; runs?: number; seed: number }, cmd: Command) => {
      if (o.format !== undefined) return projectionReport(cmd, { ...o, format: o.format });
      if (o.runs !== undefined) throw new UsageError('--runs: give --format too (the Monte Carlo goes into the html/pdf/md/docx/json report; the CSV export has none)');
      if (o.out === undefined) throw new UsageError("required option '--out <dir>' not specified (or give --format html|pdf|md|docx|json for the report)");
      const out = o.out;
      prepareOutFolder('--out', out, out);
      const r = await call<{ files: { name: string; content: string }[] }>(cmd, 'projections.exports', { scenario: o.scenario });
      makeDirs(out);
      // An earlier export in this folder (its summary.json names its models) is replaced as a whole:
      // model files it wrote that this export does not would otherwise sit next to the new summary.
      const keep = new Set(r.files.map((f) => f.name));
      for (const name of previousExportNames(out)) {
        if (!keep.has(name)) fs.rmSync(path.join(out, name), { force: true });
      }
      const written = r.files.map((f) => {
        const p = path.join(out, f.name);
        fs.writeFileSync(p, f.content);
        return p;
      });
      await emit(cmd, { files: written }, (v) => v.files.join('\n'));
    });

  program
    .command('calibrate')
    .description('calibrate engine parameters from transactions: --from sample | firefly | FILE.csv (stores nothing; prints the report and the parameter diff)')
    .requiredOption('--from <source>', '"sample" (bundled sample), "firefly" (latest synced snapshot) or a CSV file')
    .option('--time-zone <tz>', 'IANA time zone for week boundaries and dates without offset (default: UTC; the sample uses America/New_York)', timeZoneOption)
    .option('--currency <code>', 'currency to keep (or assume) when the file mixes currencies or has no currency column', currencyOption)
    .option('--population <n>', 'households in the modelled community', intOption('--population', 1, 10_000_000))
    .option('--exchange-rate <usd>', "US dollars per one unit of the data's currency (e.g. 1.08 for EUR): convert the amounts to the engine's USD first", exchangeRateOption)
    .option('--out <dir>', 'also write CALIBRATION_REPORT.md and the CSVs to this folder')
    .action(async (o: { from: string; timeZone?: string; currency?: string; population?: number; exchangeRate?: number; out?: string }, cmd: Command) => {
      const opts = { timeZone: o.timeZone, currency: o.currency, population: o.population, exchangeRate: o.exchangeRate };
      if (o.out) prepareOutFolder('--out', o.out, o.out);
      let report: CalibrationReport;
      if (o.from === 'sample') {
        report = await call<CalibrationReport>(cmd, 'calibration.sample', opts);
      } else if (o.from === 'firefly') {
        // The Firefly bridge's calibration (firefly.calibrate): the saved mapping rules, the
        // snapshot's period and warnings; the same numbers as `workbench firefly calibrate`.
        report = await fireflyCalibration(cmd, o);
      } else {
        let text: string;
        try {
          text = fs.readFileSync(o.from, 'utf8');
        } catch (e) {
          throw new UsageError(`--from: cannot read ${o.from}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message} (use "sample", "firefly" or a CSV file)`);
        }
        if (text.trim() === '') throw new UsageError(`--from: ${o.from} is empty`);
        report = await call<CalibrationReport>(cmd, 'calibration.fromCsv', { csv: text, fileName: path.basename(o.from), ...opts });
      }
      if (o.out) {
        makeDirs(o.out);
        for (const f of report.files) fs.writeFileSync(path.join(o.out, f.name), f.content);
      }
      await emit(cmd, report, calibrationText);
    });
}
