import { Command, InvalidArgumentError, Option } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { renderMarkdown } from '../../../src-shared/report/markdown';
import { parseReport } from '../../../src-shared/report/model';
import { buildValidationReport, componentChecksText, componentOutcome, notCheckedText, type ValidationDeltas, type ValidationResult, type ValidationSummary } from '../../../src-shared/validation';
import { appFor, call, resolveSnapshot } from '../context';
import { ExitCode } from '../errors';
import { emit, jsonSafe, table } from '../output';
import { parseOverrides } from './sim';
import { intOption, snapshotOption, timeZoneOption } from '../options';
import { makeDirs } from '../../fs/makeDirs';
import { prepareOutFolder } from '../outDir';

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

interface RunOut {
  id: number;
  summary: ValidationSummary;
  archiveDir: string;
  result: ValidationResult;
  deltas: ValidationDeltas | null;
}

function human(r: RunOut): string {
  const rows = r.result.components.map((c) => ({
    component: c.name,
    kind: c.kind,
    status: componentOutcome(c).toUpperCase(),
    checks: componentChecksText(c),
    confidence: c.confidence.level ?? 'n/a',
    score: c.confidence.score,
  }));
  const failed = r.result.components.flatMap((c) => c.checks.filter((k) => k.status === 'fail').map((k) => `  FAIL ${c.name}: ${k.name}: measured ${k.measured} (expected ${k.expected})`));
  const s = r.summary;
  return [
    `validation report #${r.id}: ${s.status.toUpperCase()}, ${s.passed}/${s.checks} checks passed, ${s.failed} failed, ${s.skipped} skipped${notCheckedText(r.result.components) ? `, ${notCheckedText(r.result.components)}` : ''} (${(s.elapsedMs / 1000).toFixed(1)} s, ${r.result.inputs.runs} runs, seed ${r.result.inputs.seed})`,
    '',
    table(rows, ['component', 'kind', 'status', 'checks', 'confidence', 'score']),
    ...(failed.length ? ['', ...failed] : []),
    '',
    r.deltas ? `changes since #${r.deltas.previousId}:\n${r.deltas.notes.map((n) => `  - ${n}`).join('\n')}` : 'first validation report in this data folder (no deltas)',
    `archived: ${r.archiveDir}`,
  ].join('\n');
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('run the validation suite (model, statistical and empirical checks), store it in the history and archive report.json + report.md; exit 1 when a check fails')
    .option('--runs <n>', 'Monte Carlo runs for the statistical checks', intOption('--runs', 2, 10_000), 30)
    .option('--seed <n>', 'seed of every seeded check', intOption('--seed', 0, Number.MAX_SAFE_INTEGER), 42)
    .option('--z <z>', 'statistical gate: |mean − expected| ≤ z·SE', (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 1 || n > 6) throw new InvalidArgumentError(`--z must be a number between 1 and 6, got "${v}"`);
      return n;
    }, 3)
    .option('--snapshot <id>', 'Firefly snapshot for the empirical comparison: an id or "latest" (default: the latest, if any)', snapshotOption(Number.MAX_SAFE_INTEGER))
    .option('--params <file>', 'JSON file of parameters to validate (default: the engine defaults)')
    .option('--set <KEY=VALUE>', 'set one parameter (repeatable)', collect, [])
    .option('--time-zone <tz>', 'IANA time zone for weekly buckets of Firefly data (default: the Firefly setting)', timeZoneOption)
    .option('--workers <n>', 'worker threads (default: one per core)', intOption('--workers', 1, 64))
    .option('--out <dir>', 'also write report.json and report.md into DIR')
    .addOption(new Option('--list', 'list the stored validation reports instead of running').conflicts(['out']))
    .action(async (o, cmd: Command) => {
      if (o.list) {
        const list = await call<{ id: number; createdAt: string; summary: ValidationSummary }[]>(cmd, 'validation.list', {});
        emit(cmd, list, (l: typeof list) => table(l.map((x) => ({ id: x.id, createdAt: x.createdAt, status: x.summary.status, passed: `${x.summary.passed}/${x.summary.checks}` })), ['id', 'createdAt', 'status', 'passed']));
        return;
      }
      const overrides = parseOverrides(o);
      // A folder that cannot take the files is a usage error now, before the report is stored.
      if (o.out) prepareOutFolder('--out', o.out, o.out);
      const r = await call<RunOut>(
        cmd,
        'validation.run',
        { runs: o.runs, seed: o.seed, z: o.z, snapshotId: await resolveSnapshot(cmd, o.snapshot), timeZone: o.timeZone, workers: o.workers, ...(Object.keys(overrides).length ? { params: overrides } : {}) },
        { progressLabel: 'validation' },
      );
      if (o.out) {
        const dir = path.resolve(o.out);
        makeDirs(dir);
        const report = parseReport(buildValidationReport(r.result, { id: r.id, deltas: r.deltas, archiveDir: r.archiveDir }, appFor(cmd).version));
        fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify({ id: r.id, result: r.result, deltas: r.deltas, report }, jsonSafe, 2) + '\n');
        fs.writeFileSync(path.join(dir, 'report.md'), renderMarkdown(report));
      }
      emit(cmd, r, human);
      if (r.summary.status !== 'pass') process.exitCode = ExitCode.failure;
    });
}
