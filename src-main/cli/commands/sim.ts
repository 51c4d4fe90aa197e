import { Command, InvalidArgumentError, Option } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_GRID, DEFAULT_OAT, METRIC_NAMES, PARAM_NAMES, PRESETS, PRESET_TAGS, getPreset, paramRangeText, unknownPresetMessage, type ParamName } from '../../../src-shared/engine';
import { SHOCK_DEFAULTS, SHOCK_MAX_WEEKS } from '../../../src-shared/api/sim';
import { ChainRunDocSchema } from '../../../src-shared/chain/mirror';
import { cliJson, type RunDoc } from '../../../src-shared/sim/runDoc';
import { appFor, call, dataDirOf } from '../context';
import { CliError, ExitCode, UsageError } from '../errors';
import { ApiError } from '../../../src-shared/api';
import { emit, globals, jsonSafe, table } from '../output';
import { sensitivityText } from '../sensitivityText';
import { parseRunId } from './core';
import { intOption } from '../options';
import { makeDirs } from '../../fs/makeDirs';
import { appDataClash } from '../../fs/appData';
import { prepareOutFolder } from '../outDir';

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/**
 * `--vary PARAM=v1,v2,…` (repeatable): each parameter once, every value a number. A bad one is named
 * with the option, the parameter and what was typed (a repeated parameter silently replaced the first).
 */
export function parseVariations(raw: readonly string[]): { param: string; values: number[] }[] {
  const seen = new Set<string>();
  return raw.map((s) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(s.trim());
    if (!m || m[2].trim() === '') throw new UsageError(`--vary expects PARAM=v1,v2,..., got "${s}"`);
    const param = m[1];
    if (!(PARAM_NAMES as string[]).includes(param)) throw new UsageError(`--vary: unknown parameter "${param}"; known: ${PARAM_NAMES.join(', ')}`);
    if (seen.has(param)) throw new UsageError(`--vary ${param} is given twice; give each parameter once, with all its values (e.g. --vary ${param}=10,20,30)`);
    seen.add(param);
    const parts = m[2].split(',');
    const empty = parts.findIndex((x) => x.trim() === '');
    if (empty >= 0) throw new UsageError(`--vary ${param}: value ${empty + 1} of ${parts.length} is empty in "${m[2]}"`);
    const values = parts.map((x) => Number(x));
    const bad = parts.find((x) => !Number.isFinite(Number(x)));
    if (bad !== undefined) throw new UsageError(`--vary ${param}: values must be numbers; "${bad.trim()}" is not`);
    return { param, values };
  });
}

/** --set KEY=VALUE (repeatable) and --params FILE (JSON object) into one overrides object. */
export function parseOverrides(o: { params?: string; set?: string[]; members?: number; weeks?: number }): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  if (o.params) {
    let text: string;
    try {
      text = fs.readFileSync(o.params, 'utf8');
    } catch (e) {
      throw new UsageError(`--params: cannot read ${o.params}: ${(e as Error).message}`);
    }
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      throw new UsageError(`--params: ${o.params} is not valid JSON`);
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new UsageError(`--params: ${o.params} must hold a JSON object of parameters`);
    const maybe = (obj as Record<string, unknown>).params;
    out = { ...(maybe && typeof maybe === 'object' && !Array.isArray(maybe) ? (maybe as Record<string, unknown>) : (obj as Record<string, unknown>)) };
  }
  for (const kv of o.set ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`--set expects KEY=VALUE, got "${kv}"`);
    const key = kv.slice(0, i).trim();
    const raw = kv.slice(i + 1).trim();
    if (!(PARAM_NAMES as string[]).includes(key)) throw new UsageError(`--set: unknown parameter "${key}"; known: ${PARAM_NAMES.join(', ')}`);
    const n = Number(raw);
    if (raw === '' || !Number.isFinite(n)) throw new UsageError(`--set ${key} must be ${paramRangeText(key as ParamName)}; got "${raw}"`);
    out[key] = n;
  }
  if (o.members !== undefined) out.NUM_MEMBERS = o.members;
  if (o.weeks !== undefined) out.SIMULATION_WEEKS = o.weeks;
  return out;
}

/** Refuses an --out FILE that is a folder, before any work is done (and before the run is stored). */
function checkOutFile(file: string, dataDir: string): void {
  const abs = path.resolve(file);
  const clash = appDataClash(dataDir, abs, 'file');
  if (clash) throw new UsageError(`--out ${file} would overwrite the workbench's own data (${clash}); choose another file`);
  let isDir = /[\\/]$/.test(file);
  try {
    isDir ||= fs.statSync(abs).isDirectory();
  } catch {
    /* a new file */
  }
  if (isDir) throw new UsageError(`--out must name a file, and ${abs} is a folder; give a file path such as ${path.join(abs, 'result.json')}`);
  // Its folder must take the file: found out now, not after the run is stored.
  prepareOutFolder('--out', file, path.dirname(abs));
}

function writeOut(file: string, value: unknown): void {
  makeDirs(path.dirname(path.resolve(file)));
  fs.writeFileSync(file, JSON.stringify(value, jsonSafe, 2) + '\n');
}

function summaryText(runId: number | null, doc: RunDoc, status: string): string {
  const rows = ['AvgWealth_A', 'AvgWealth_B', 'Gini_A', 'Gini_B', 'PovertyRate_A', 'PovertyRate_B', 'TotalWealth_A', 'TotalWealth_B', 'Bottom20PctShare', 'WealthDifference']
    .filter((k) => doc.final[k])
    .map((k) => ({ metric: k, value: doc.final[k].mean, mean: doc.final[k].mean, sd: doc.final[k].sd, p5: doc.final[k].p5, p50: doc.final[k].p50, p95: doc.final[k].p95 }));
  // One run has one value per metric: percentiles of a single number would only repeat it.
  const cols = doc.completedRuns > 1 ? ['metric', 'mean', 'sd', 'p5', 'p50', 'p95'] : ['metric', 'value'];
  const head = `${runId ? `run ${runId}` : 'unsaved run'}: ${doc.model} model, ${doc.members} members × ${doc.weeks} weeks, ${doc.completedRuns}/${doc.runs} runs, seed ${doc.seed} (${status}, ${(doc.elapsedMs / 1000).toFixed(2)} s)`;
  return `${head}${chainText(doc.chain)}\n\nfinal week${doc.completedRuns > 1 ? ' (across runs)' : ''}:\n${table(rows, cols)}`;
}

/** The contract mirror's line of the text summary, with its warning (e.g. a fallback to the model). */
function chainText(chain: unknown): string {
  const c = ChainRunDocSchema.pick({ mode: true, actions: true, failedActions: true, eventCount: true, warning: true }).safeParse(chain);
  if (!c.success) return '';
  const line = `\ncontract mirror (${c.data.mode}): ${c.data.actions} actions, ${c.data.failedActions} reverted, ${c.data.eventCount} events`;
  return c.data.warning ? `${line}\nwarning: ${c.data.warning}` : line;
}

export function registerSim(program: Command): void {
  program
    .command('simulate')
    .description('run a simulation (one run, or a Monte Carlo set with --runs) and store it')
    .addOption(new Option('--model <model>', 'rule set').choices(['reference', 'nextjs']).default('reference'))
    .option('--preset <name>', 'start from a preset (see "workbench presets")')
    .option('--params <file>', 'JSON file of parameters')
    .option('--set <KEY=VALUE>', 'set one parameter (repeatable)', collect, [])
    .option('--members <n>', 'NUM_MEMBERS', intOption('--members', 1, 1_000_000))
    .option('--weeks <n>', 'SIMULATION_WEEKS', intOption('--weeks', 1, 2600))
    .option('--seed <n>', 'random seed; run r uses the stream derived from (seed, r)', intOption('--seed', 0, Number.MAX_SAFE_INTEGER), 42)
    .option('--runs <n>', 'Monte Carlo runs', intOption('--runs', 1, 100_000), 1)
    .option('--workers <n>', 'worker threads (default: one per core)', intOption('--workers', 1, 64))
    .addOption(new Option('--chain <mode>', 'contract-in-the-loop adapter').choices(['off', 'model', 'hardhat']).default('off'))
    .addOption(new Option('--chain-fallback <mode>', 'with --chain hardhat and no usable node: fail, or mirror on the model (with a warning)').choices(['fail', 'model']).default('fail'))
    .option('--name <name>', 'name of the stored run')
    .option('--tag <tag>', 'tag the stored run (repeatable)', collect, [])
    .option('--no-save', 'do not store the run')
    .option('--out <file>', 'also write the JSON result to FILE')
    .action(async (o, cmd: Command) => {
      // The fallback is what --chain hardhat does without a node: with another mode it would be silently ignored.
      if (cmd.getOptionValueSource('chainFallback') === 'cli' && o.chain !== 'hardhat') {
        throw new UsageError(`--chain-fallback applies only with --chain hardhat (what to do when no node is usable); got --chain ${o.chain}`);
      }
      const overrides = parseOverrides(o);
      if (o.out) checkOutFile(o.out, dataDirOf(cmd));
      const res = await call<{ runId: number | null; status: string; doc: RunDoc }>(
        cmd,
        'sim.run',
        { model: o.model, preset: o.preset, params: overrides, seed: o.seed, runs: o.runs, workers: o.workers, chain: o.chain, chainFallback: o.chainFallback, name: o.name, tags: o.tag.length ? o.tag : undefined, save: o.save },
        { progressLabel: o.runs > 1 ? 'runs' : 'weeks' },
      );
      const out = { ...cliJson(res.runId, res.doc), status: res.status };
      if (o.out) writeOut(o.out, out);
      emit(cmd, out, () => summaryText(res.runId, res.doc, res.status));
    });

  program
    .command('presets')
    .description('list the scenario presets')
    .option('--tag <tag>', `only presets with this tag (${PRESET_TAGS.join(', ')})`)
    .action(async (o: { tag?: string }, cmd: Command) => {
      if (o.tag && !PRESET_TAGS.includes(o.tag)) throw new UsageError(`unknown tag "${o.tag}"; known: ${PRESET_TAGS.join(', ')}`);
      const list = PRESETS.filter((p) => !o.tag || p.tags.includes(o.tag)).map((p) => ({ id: p.id, name: p.name, tags: [...p.tags], description: p.description, overrides: p.overrides }));
      emit(cmd, list, (l) => table(l, ['id', 'name', 'tags']));
    });

  program
    .command('recompute')
    .description('recompute one run of a stored Monte Carlo set exactly from its seed (not stored)')
    .argument('<id>', 'the stored run or set: an id or "latest"')
    .argument('<runIndex>', 'which run of the set, from 0 to runs − 1 (run r uses the stream derived from (seed, r))')
    .action(async (id: string, idx: string, _o, cmd: Command) => {
      if (!/^\d+$/.test(idx)) throw new UsageError(`runIndex must be a non-negative integer, got "${idx}"`);
      // "latest" resolved once, so the output names the set it recomputed from.
      let sourceRunId: number;
      try {
        sourceRunId = appFor(cmd).runs.resolveId(parseRunId(id));
      } catch (e) {
        throw e instanceof ApiError ? new CliError(e.message, ExitCode.failure) : e;
      }
      const doc = await call<RunDoc>(cmd, 'sim.recompute', { id: sourceRunId, runIndex: Number(idx) });
      // Not stored (runId null): say which set and which of its runs this is. `status` as simulate's;
      // a cancelled recompute prints nothing (exit 130), so it is always 'done' here.
      emit(cmd, { ...cliJson(null, doc), status: 'done' as const, sourceRunId, runIndex: Number(idx) }, (x) => `run index ${idx}: final AvgWealth_B ${x.final.AvgWealth_B.mean}`);
    });

  program
    .command('shock')
    .description('shock test: baseline vs shocked trajectories and recovery')
    .addOption(new Option('--type <type>', 'shock type').choices(['income_reduction', 'cost_increase', 'market_disruption']).default(SHOCK_DEFAULTS.type))
    .option('--magnitude <x>', 'size of the shock, 0–1', (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`--magnitude must be between 0 and 1, got "${v}"`);
      return n;
    }, SHOCK_DEFAULTS.magnitude)
    .option('--duration <weeks>', 'weeks the shock lasts', intOption('--duration', 1, 520), SHOCK_DEFAULTS.duration)
    .option('--start <week>', 'weeks before the shock', intOption('--start', 0, 2000), SHOCK_DEFAULTS.startWeek)
    .option('--recovery <weeks>', 'weeks observed after the shock', intOption('--recovery', 0, 520), SHOCK_DEFAULTS.recoveryWeeks)
    .option('--preset <name>', 'base parameters from a preset')
    .option('--params <file>', 'JSON file of parameters')
    .option('--set <KEY=VALUE>', 'set one parameter (repeatable)', collect, [])
    .option('--members <n>', 'NUM_MEMBERS', intOption('--members', 1, 1_000_000))
    .addOption(new Option('--model <model>', 'rule set').choices(['reference', 'nextjs']).default('reference'))
    .option('--seed <n>', 'random seed', intOption('--seed', 0, Number.MAX_SAFE_INTEGER), 42)
    .action(async (o, cmd: Command) => {
      const total = o.start + o.duration + o.recovery;
      if (total > SHOCK_MAX_WEEKS) throw new UsageError(`--start + --duration + --recovery must be at most ${SHOCK_MAX_WEEKS} weeks (the longest simulation); got ${o.start} + ${o.duration} + ${o.recovery} = ${total}`);
      const params = parseOverrides(o);
      const base = { ...presetOverrides(o.preset), ...params };
      const r = await call<any>(cmd, 'sim.shock', { type: o.type, magnitude: o.magnitude, duration: o.duration, startWeek: o.start, recoveryWeeks: o.recovery, params: base, seed: o.seed, model: o.model });
      emit(cmd, r, (x) => {
        const i = x.shock_results.impact;
        const weeks = (k: number) => `${k} week${k === 1 ? '' : 's'}`;
        const recovery = i.recovery_time === null ? `not within the ${weeks(o.recovery)} observed` : weeks(i.recovery_time);
        // The shock applies to weeks start+1 … start+duration (1-based; --start is the weeks before it).
        const span = o.duration === 1 ? `week ${o.start + 1}` : `weeks ${o.start + 1}–${o.start + o.duration}`;
        return `${o.type} of ${o.magnitude} for ${weeks(o.duration)}, in ${span} (after week ${o.start})\nwealth reduction ${(i.wealth_reduction * 100).toFixed(2)}%, poverty increase ${(i.poverty_increase * 100).toFixed(2)} pts, recovery ${recovery}\nresilience score ${x.recovery_metrics.resilience_score?.toFixed(3)}\n- ${x.recommendations.join('\n- ')}`;
      });
    });

  const sensitivity = (name: string, mode: 'oat' | 'grid', desc: string) =>
    program
      .command(name)
      .description(desc)
      .option(
        '--vary <PARAM=v1,v2,...>',
        mode === 'oat'
          ? `a parameter and its values (repeatable; default: ${DEFAULT_OAT.length} parameters, ${DEFAULT_OAT.reduce((a, v) => a + v.values.length, 0)} points)`
          : `a grid axis and its values (repeatable, 1–3; default: ${DEFAULT_GRID.map((v) => `${v.param}=${v.values.join(',')}`).join(' × ')})`,
        collect,
        [],
      )
      .option('--replicates <n>', 'runs per point (common random numbers)', intOption('--replicates', 1, 1000), mode === 'oat' ? 10 : 5)
      .option('--output <metric>', 'final-week metric to analyse', 'WealthDifference')
      .option('--preset <name>', 'base parameters from a preset')
      .option('--set <KEY=VALUE>', 'set one base parameter (repeatable)', collect, [])
      .option('--members <n>', 'NUM_MEMBERS', intOption('--members', 1, 1_000_000))
      .option('--weeks <n>', 'SIMULATION_WEEKS', intOption('--weeks', 1, 2600))
      .addOption(new Option('--model <model>', 'rule set').choices(['reference', 'nextjs']).default('reference'))
      .option('--seed <n>', 'random seed', intOption('--seed', 0, Number.MAX_SAFE_INTEGER), 42)
      .action(async (o, cmd: Command) => {
        const variations = parseVariations(o.vary as string[]);
        if (mode === 'grid' && variations.length > 3) throw new UsageError(`sweep takes 1 to 3 --vary parameters (a grid of up to 3 axes); got ${variations.length}`);
        if (!(METRIC_NAMES as readonly string[]).includes(o.output)) throw new UsageError(`--output "${o.output}" is not a metric; known: ${METRIC_NAMES.filter((m) => !['Week', 'Year', 'Quarter'].includes(m)).join(', ')}`);
        const base = { ...presetOverrides(o.preset), ...parseOverrides(o) };
        const r = await call<any>(
          cmd,
          'sim.sensitivity',
          { base, model: o.model, seed: o.seed, replicates: o.replicates, output: o.output, mode, variations: variations.length ? variations : undefined },
          { progressLabel: name },
        );
        emit(cmd, r, (x) => sensitivityText({ ...x, mode }, base, (variations.length ? variations : DEFAULT_GRID).map((v) => v.param as ParamName)));
      });
  sensitivity('sensitivity', 'oat', 'one-at-a-time sensitivity with replicates and confidence intervals');
  sensitivity('sweep', 'grid', 'Cartesian grid sweep (1–3 parameters) with replicates and confidence intervals');

  program
    .command('math-tests')
    .description('preset math tests: simulated vs expected wealth difference, with scores')
    .addOption(new Option('--model <model>', 'rule set').choices(['reference', 'nextjs']).default('reference'))
    .option('--seed <n>', 'random seed', intOption('--seed', 0, Number.MAX_SAFE_INTEGER), 42)
    .action(async (o, cmd: Command) => {
      const r = await call<any>(cmd, 'sim.mathTests', { seed: o.seed, model: o.model }, { progressLabel: 'presets' });
      emit(cmd, r, (x) => `${table(x.rows.map((w: any) => ({ preset: w.presetId, actualD: w.actualD, expectedD: w.expectedD, error: w.error, pass: w.pass, score: w.score })), ['preset', 'actualD', 'expectedD', 'error', 'pass', 'score'])}\npassed ${x.passCount}/${x.rows.length}, average score ${x.averageScore.toFixed(1)}`);
    });

  void globals;
}

/** A preset's overrides by id or name; an unknown one is a usage error (never silently the defaults). */
function presetOverrides(name: string | undefined): Record<string, unknown> {
  if (!name) return {};
  const p = getPreset(name);
  if (!p) throw new UsageError(unknownPresetMessage(name));
  return { ...p.overrides };
}
