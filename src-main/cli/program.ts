import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { APP_VERSION } from '../version';
import { closeApp } from './context';
import { registerCore } from './commands/core';
import { registerSim } from './commands/sim';
import { registerBench } from './commands/bench';
import { registerDoxCommands } from './commands/dox';
import { doxDepsFor } from './commands/doxDeps';
import { registerProjections } from './commands/projections';
import { registerFirefly } from './commands/firefly';
import { registerValidate } from './commands/validate';
import { registerReport } from './commands/report';
import { registerChain } from './commands/chain';
import { CliError, ExitCode } from './errors';

/**
 * `--data-dir` names a folder: an empty or blank value is refused (exit 2). It resolved to the
 * current folder (path.resolve('')), so `--data-dir ""` (e.g. an unset shell variable) silently
 * created workbench.db wherever the command ran.
 */
function dataDirOption(v: string): string {
  if (v.trim() === '') throw new InvalidArgumentError(`--data-dir must name a folder (e.g. --data-dir ~/workbench-data), got ${JSON.stringify(v)}`);
  return v;
}

export function buildProgram(): Command {
  const program = new Command('workbench')
    .description('PMOVES Workbench: cooperative-economy simulation, validation and reporting')
    .version(APP_VERSION, '-V, --version')
    .option('--json', 'print one JSON object on stdout')
    .option('--data-dir <dir>', 'data folder (default: WORKBENCH_DATA_DIR or the app data folder)', dataDirOption)
    .showHelpAfterError('(add --help after the command for its options, e.g. "workbench simulate --help")')
    .exitOverride();
  registerCore(program);
  registerSim(program);
  registerBench(program);
  registerDoxCommands(program, doxDepsFor(program));
  registerProjections(program);
  registerFirefly(program);
  registerValidate(program);
  registerReport(program);
  registerChain(program);
  // A usage error points at the help of the command that failed, not always at simulate's.
  const hint = (c: Command, pathName: string) => {
    c.showHelpAfterError(`(run "workbench ${pathName} --help" for its options)`);
    for (const sub of c.commands) hint(sub, `${pathName} ${sub.name()}`);
  };
  for (const c of program.commands) hint(c, c.name());
  return program;
}

/** The global flags before the command (--json, --data-dir DIR, --data-dir=DIR) and the words from the command on. */
export function splitGlobals(argv: readonly string[]): { globals: string[]; rest: string[] } {
  let i = 0;
  while (i < argv.length) {
    const a = argv[i];
    if (a === '--json' || a.startsWith('--data-dir=')) i += 1;
    else if (a === '--data-dir' && i + 1 < argv.length) i += 2;
    else break;
  }
  return { globals: argv.slice(0, i), rest: argv.slice(i) };
}

/**
 * `help A B …`: the help of sub-command `A B` (commander's `help [command]` takes one name, so
 * `help firefly sync` showed firefly's help). Returns the argv that prints it (`A B --help`), or an
 * exit code after naming an unknown sub-command; null when this is not a nested help request.
 */
function nestedHelp(program: Command, argv: readonly string[]): string[] | number | null {
  const { globals: pre, rest } = splitGlobals(argv);
  if (rest[0] !== 'help') return null;
  // Flags, and the folder after a --data-dir that follows the command (`help firefly sync --data-dir X`), are not sub-command names.
  const words = rest.slice(1).filter((w, i, a) => !w.startsWith('-') && a[i - 1] !== '--data-dir');
  if (words.length < 2) return null;
  let cur = program;
  const path: string[] = [];
  for (const w of words) {
    const sub = cur.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (!sub) {
      const where = path.length ? `"workbench ${path.join(' ')}"` : 'workbench';
      const known = cur.commands.map((c) => c.name());
      process.stderr.write(`workbench: help: ${where} has no command "${w}"; ${known.length ? `its commands: ${known.join(', ')}` : 'it has no sub-commands'}\n`);
      return ExitCode.usage;
    }
    cur = sub;
    path.push(w);
  }
  return [...pre, ...path, '--help'];
}

/** Run the CLI; returns the exit code (0 ok, 1 failure, 2 usage, 3 DoX unreachable, 130 cancelled with Ctrl-C). */
export async function runCli(argv: string[]): Promise<number> {
  // --version with --json (before any command): one JSON object, as every --json output is.
  const words = argv.filter((a, i) => !a.startsWith('-') && argv[i - 1] !== '--data-dir');
  if (words.length === 0 && argv.includes('--json') && (argv.includes('--version') || argv.includes('-V'))) {
    process.stdout.write(JSON.stringify({ version: APP_VERSION }) + '\n');
    return ExitCode.ok;
  }
  const program = buildProgram();
  program.commands.forEach(function deep(c: Command) {
    c.exitOverride();
    c.commands.forEach(deep);
  });
  const help = nestedHelp(program, argv);
  if (typeof help === 'number') return help;
  if (help) argv = help;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.ok;
      // 'commander.help' is both "workbench help" (exit 0) and a command group called without its
      // subcommand, e.g. "workbench db" (help on stderr, exit 1 from commander): that is a usage error.
      if (e.code === 'commander.help') return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      // Argument parsers' errors thrown from inside an action are not printed by commander.
      if (e.code === 'commander.invalidArgument' && !e.message.startsWith('error:')) process.stderr.write(`workbench: ${e.message}\n`);
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (e instanceof CliError) {
      process.stderr.write(`workbench: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`workbench: ${(e as Error)?.message ?? String(e)}\n`);
    return ExitCode.failure;
  } finally {
    closeApp();
  }
}
