import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { call } from '../context';
import { CliError, ExitCode, UsageError } from '../errors';
import { emit } from '../output';
import { parseRunId } from './core';

function parseId(what: string, v: string): number | 'latest' {
  const t = v.trim();
  if (t === 'latest') return 'latest';
  if (!/^\d+$/.test(t) || Number(t) < 1) throw new InvalidArgumentError(`${what} must be a positive integer or "latest", got "${v}"`);
  return Number(t);
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a report of a run, a validation report or a comparison of 2–4 runs')
    .option('--run <id>', 'a stored run (id or "latest")', (v) => parseRunId(v))
    .option('--validation <id>', 'a stored validation report (id or "latest")', (v) => parseId('--validation', v))
    .option('--compare <ids>', '2 to 4 run ids, comma-separated (e.g. 3,5)', (v) => v.split(',').map((x) => parseId('--compare', x)))
    .addOption(new Option('--format <format>', 'output format').choices(['html', 'md', 'pdf', 'docx', 'json', 'csv']).default('html'))
    .option('--out <path>', 'file to write (e.g. report.html; csv: the bundle folder), or a folder to write into: an existing folder, a path ending in "/" or a name without an extension (created if missing). Relative paths start from the current folder (default: settings.reportsDir or <data dir>/exports/)')
    .option('--overwrite', 'csv: replace a non-empty --out folder that is not a bundle: every file in it is deleted first')
    .action(async (o, cmd: Command) => {
      const given = [o.run !== undefined, o.validation !== undefined, o.compare !== undefined].filter(Boolean).length;
      if (given !== 1) throw new UsageError('give exactly one of --run ID|latest, --validation ID|latest or --compare ID,ID[,ID,ID]');
      const source = o.run !== undefined ? 'run' : o.validation !== undefined ? 'validation' : 'compare';
      const ids = o.run !== undefined ? [o.run] : o.validation !== undefined ? [o.validation] : o.compare;
      if (source === 'compare' && (ids.length < 2 || ids.length > 4)) throw new UsageError(`--compare needs 2 to 4 run ids, got ${ids.length}`);
      // A run twice is the user's input: name the option (the API's message names its field, "ids").
      const typed = source === 'compare' ? (ids as (number | 'latest')[]).join(',') : '';
      if (source === 'compare' && new Set(ids).size !== ids.length) throw new UsageError(`--compare needs distinct run ids, got "${typed}"`);
      const r = await call<{ path: string; bytes: number; ms: number; format: string; title: string }>(
        cmd,
        'reports.generate',
        // path.resolve() drops a trailing "/", which is what marks a folder: keep it.
        { source, ids, format: o.format, outPath: o.out === undefined ? undefined : path.resolve(o.out) + (/[\\/]$/.test(o.out) ? path.sep : ''), overwrite: !!o.overwrite },
        { progressLabel: o.format },
      ).catch((e) => {
        if (!(e instanceof CliError)) throw e;
        // "latest" is the newest run, which may be one of the ids given (e.g. 7,latest when 7 is the newest).
        if (source === 'compare' && e.exitCode === ExitCode.usage && e.message.startsWith('ids: ')) throw new UsageError(`--compare ${typed}: ${e.message.slice('ids: '.length)}`);
        // --out is the user's choice: name it as the other commands' --out refusals do (the API's field is outPath),
        // and a csv bundle folder that is in the way (a file, or a non-empty folder that is not a bundle) is exit 2 too.
        if (o.out !== undefined && e.exitCode === ExitCode.usage && e.message.startsWith('outPath: ')) throw new UsageError(`--out ${o.out}: ${e.message.slice('outPath: '.length)}`);
        if (o.out !== undefined && o.format === 'csv' && e.apiCode === 'conflict') throw new UsageError(`--out ${o.out}: ${e.message}`);
        throw e;
      });
      emit(cmd, r, (x) => `wrote ${x.format.toUpperCase()} "${x.title}": ${x.path} (${x.bytes} bytes, ${(x.ms / 1000).toFixed(1)} s)`);
    });
}
