import { Command, InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import { SettingsPatch } from '../../../src-shared/api';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { backupDb, DB_FILE, openDb, quickCheck, restoreDb, schemaVersion, StoreError, verifyBackupFile } from '../../store/db';
import { stopChainOnExit } from '../../chain/service';
import { startFireflyScheduler } from '../../firefly/scheduler';
import { startServer } from '../../transports/http';
import { appFor, call, closeApp, dataDirOf } from '../context';
import { CliError, ExitCode, UsageError } from '../errors';
import { emit, globals, table } from '../output';
import { intOption } from '../options';
import { appDataClash } from '../../fs/appData';
import { writePrivateFile } from '../../fs/writePrivate';

/**
 * runs delete/restore over several ids: one by one, stopping at the first refusal. What was done
 * before it is printed (one object for one id, else a list), then the refusal is thrown.
 */
async function eachRun<I, R>(cmd: Command, items: I[], step: (item: I) => Promise<R>, say: (r: R) => string): Promise<void> {
  const done: R[] = [];
  const list = (l: R[]) => l.map(say).join('\n');
  try {
    for (const item of items) done.push(await step(item));
  } catch (e) {
    if (done.length) emit(cmd, done, list);
    throw e;
  }
  if (items.length === 1) emit(cmd, done[0], say);
  else emit(cmd, done, list);
}

export function parseRunId(v: string): number | 'latest' {
  if (v === 'latest') return 'latest';
  // UsageError, not commander's InvalidArgumentError: this runs inside actions, where commander would not print it.
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`run id must be a positive integer or "latest", got "${v}"`);
  return Number(v);
}

/**
 * A setting's value as typed: JSON when it reads as JSON (numbers, null, true), else the text. A text
 * setting given something that reads as another JSON type ("reportsDir 5") is checked as the text, so
 * the refusal states what the setting takes and the value ("must be an absolute folder … (got "5")"),
 * not only "expected string, received number".
 */
function parseSettingValue(key: string, raw: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return raw;
  }
  const field = (SettingsPatch.shape as Record<string, z.ZodType>)[key];
  if (!field) return parsed;
  const asParsed = field.safeParse(parsed);
  if (asParsed.success) return parsed;
  const asText = field.safeParse(raw);
  if (asText.success) return raw;
  const typeOnly = (issues: z.core.$ZodIssue[]) => issues.every((i) => i.code === 'invalid_type');
  return typeOnly(asParsed.error.issues) && !typeOnly(asText.error.issues) ? raw : parsed;
}

export function registerCore(program: Command): void {
  program
    .command('info')
    .description('show version, runtime and where data lives')
    .action(async (_o, cmd: Command) => {
      const info = await call(cmd, 'app.info', {});
      emit(cmd, info, (i) => Object.entries(i).map(([k, v]) => `${k.padEnd(14)} ${v}`).join('\n'));
    });

  program
    .command('health')
    .description('check the database and services')
    .action(async (_o, cmd: Command) => {
      const h = await call<{ ok: boolean }>(cmd, 'health', {});
      emit(cmd, h, (x) => `ok: ${x.ok}\ndb quick_check: ${x.db.quickCheck}\nschema: ${x.db.schemaVersion}\nsize: ${x.db.sizeBytes} bytes`);
      if (!h.ok) process.exitCode = ExitCode.failure;
    });

  const settings = program.command('settings').description('read and change settings');
  settings
    .command('get [key]')
    .description('print all settings, or one')
    .action(async (key: string | undefined, _o, cmd: Command) => {
      const all = await call<Record<string, unknown>>(cmd, 'settings.get', {});
      if (key && !(key in all)) throw new UsageError(`unknown setting "${key}"; known: ${Object.keys(all).join(', ')}`);
      const value = key ? { [key]: all[key] } : all;
      emit(cmd, value, (v) => Object.entries(v).map(([k, x]) => `${k} = ${JSON.stringify(x)}`).join('\n'));
    });
  settings
    .command('set <key> <value>')
    .description('change one setting (value parsed as JSON when possible)')
    .action(async (key: string, value: string, _o, cmd: Command) => {
      const known = Object.keys(await call<Record<string, unknown>>(cmd, 'settings.get', {}));
      if (!known.includes(key)) throw new UsageError(`unknown setting "${key}"; known: ${known.join(', ')}`);
      const all = await call(cmd, 'settings.set', { [key]: parseSettingValue(key, value) });
      emit(cmd, all, (v) => Object.entries(v).map(([k, x]) => `${k} = ${JSON.stringify(x)}`).join('\n'));
    });

  const runs = program.command('runs').description('stored simulation runs');
  runs
    .command('list')
    .description('stored runs, newest first')
    .option('--search <text>', 'filter by name, tag or id')
    .option('--tag <tag>', 'only runs with this tag')
    .option('--limit <n>', 'at most this many (1–1000)', intOption('--limit', 1, 1000), 200)
    .option('--before <id>', 'the next page: only runs older than this id', intOption('--before', 1, Number.MAX_SAFE_INTEGER))
    .action(async (o: { search?: string; tag?: string; limit: number; before?: number }, cmd: Command) => {
      const list = await call<{ id: number }[]>(cmd, 'runs.list', o);
      emit(cmd, list, (l) => table(l, ['id', 'name', 'kind', 'model', 'members', 'weeks', 'runs', 'status', 'createdAt']));
      // A full page may hide older runs: say so (on stderr, so --json stays one document) and how to see them.
      const last = list.at(-1);
      if (last && list.length === o.limit && (await call<unknown[]>(cmd, 'runs.list', { ...o, before: last.id, limit: 1 })).length > 0) {
        process.stderr.write(`note: showing ${list.length} runs; there are older ones: add --before ${last.id} for the next page${o.limit < 1000 ? ' (or a larger --limit, up to 1000)' : ''}\n`);
      }
    });
  runs
    .command('get <id>')
    .alias('show')
    .description('one run (id or "latest"); --json for its parameters and results')
    .action(async (id: string, _o, cmd: Command) => {
      const run = await call(cmd, 'runs.get', { id: parseRunId(id) });
      emit(cmd, run, (r) => JSON.stringify({ ...r, result: r.result ? '(use --json)' : null }, null, 2));
    });
  runs
    .command('delete <id...>')
    .description('delete a run, or several in one go (ids, or "latest"); runs restore undoes it')
    .action(async (ids: string[], _o, cmd: Command) => {
      // Every id is checked before anything is deleted; then one by one, stopping at the first refusal
      // (what was deleted before it is printed, and stays deleted: runs restore undoes it).
      await eachRun(
        cmd,
        ids.map(parseRunId),
        async (rid) => {
          const n = rid === 'latest' ? (await call<{ id: number }>(cmd, 'runs.get', { id: 'latest' })).id : rid;
          return { id: n, ...(await call<{ deleted: boolean }>(cmd, 'runs.delete', { id: n })) };
        },
        (r) => `deleted run ${r.id} (undo: workbench runs restore ${r.id})`,
      );
    });
  runs
    .command('restore <id...>')
    .description('undo a delete, or several (ids, or "latest": the run deleted last; "latest latest" the last two)')
    .action(async (ids: string[], _o, cmd: Command) => {
      await eachRun(
        cmd,
        ids.map(parseRunId),
        (rid) => call<{ id: number; restored: boolean }>(cmd, 'runs.restore', { id: rid }),
        (x) => (x.restored ? `restored run ${x.id}` : `run ${x.id} was not deleted`),
      );
    });

  runs
    .command('purge')
    .description('remove deleted runs for good (no restore after this) and give their space back')
    .option('--older-than <days>', 'only runs deleted at least this many days ago (0–36500)', intOption('--older-than', 0, 36500), 0)
    .action(async (o: { olderThan: number }, cmd: Command) => {
      const app = appFor(cmd);
      const size = () => [app.dbPath, `${app.dbPath}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
      const bytesBefore = size();
      // Their Monte Carlo member results go with them (run_results: ON DELETE CASCADE).
      const purged = app.runs.purgeDeleted(o.olderThan * 86_400_000);
      // Deleted pages are reused by new runs either way; VACUUM also shrinks the file. It holds the
      // write lock while it copies the database: not while a run is being computed (the app, serve or
      // another CLI would wait on it to store results), and if another write is under way it gives up.
      app.runs.markInterrupted();
      const busy = app.db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE status = 'running' AND deleted_at IS NULL`).get() as { n: number };
      let vacuumed = false;
      if (purged > 0 && busy.n === 0) {
        try {
          app.db.exec('VACUUM');
          app.db.pragma('wal_checkpoint(TRUNCATE)');
          vacuumed = true;
        } catch {
          vacuumed = false;
        }
      }
      const r = { purged, olderThanDays: o.olderThan, vacuumed, bytesBefore, bytesAfter: size() };
      const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
      emit(cmd, r, (x: typeof r) =>
        x.purged === 0
          ? `no deleted runs${x.olderThanDays ? ` older than ${x.olderThanDays} days` : ''} to purge`
          : `purged ${x.purged} deleted run${x.purged === 1 ? '' : 's'}; database ${mb(x.bytesBefore)} -> ${mb(x.bytesAfter)}${x.vacuumed ? '' : ` (the freed space is reused by new runs; the file was not compacted ${busy.n ? `while ${busy.n} run${busy.n === 1 ? ' is' : 's are'} running` : 'as another process was writing'}: run purge again later to shrink it)`}`,
      );
    });

  const db = program.command('db').description('database maintenance');
  db.command('check')
    .description('run an integrity check (quick_check) on the database')
    .action(async (_o, cmd: Command) => {
      const file = path.join(dataDirOf(cmd), DB_FILE);
      if (!fs.existsSync(file)) throw new CliError(`no database at ${file} yet (it is created on first use)`);
      let result: string;
      let version = 0;
      try {
        const h = openDb(file, { readonly: true, skipCheck: true });
        result = quickCheck(h);
        version = schemaVersion(h);
        h.close();
      } catch (e) {
        result = (e as Error).message;
      }
      emit(cmd, { path: file, quickCheck: result, schemaVersion: version, ok: result === 'ok' }, (x) => `${x.path}: ${x.quickCheck} (schema ${x.schemaVersion})`);
      if (result !== 'ok') process.exitCode = ExitCode.failure;
    });
  db.command('backup <file>')
    .description('online backup of the database to FILE (safe while the app runs)')
    .option('--force', 'overwrite FILE if it exists')
    .action(async (file: string, o: { force?: boolean }, cmd: Command) => {
      // --force onto the live database would delete it before backing it up into itself.
      const clash = appDataClash(dataDirOf(cmd), file, 'file');
      if (clash) throw new UsageError(`cannot back up to ${file}: ${clash}; choose another file`);
      // An earlier backup is worth keeping: replace it only when asked.
      if (fs.existsSync(path.resolve(file))) {
        if (!o.force) throw new UsageError(`${file} already exists; choose another file or pass --force to overwrite it`);
        if (!fs.statSync(path.resolve(file)).isFile()) throw new UsageError(`${file} is not a file; choose a file name`);
        // The backup writes into its destination as a database: whatever was there goes first.
        fs.rmSync(path.resolve(file));
      }
      const app = appFor(cmd);
      const t0 = Date.now();
      const r = await backupDb(app.db, path.resolve(file));
      emit(cmd, { ...r, ms: Date.now() - t0 }, (x) => `backed up to ${x.path} (${x.bytes} bytes)`);
    });
  db.command('restore <file>')
    .description('replace the database with a verified backup (the old file is kept as .before-restore-<UTC time>)')
    .action(async (file: string, _o, cmd: Command) => {
      const target = path.join(dataDirOf(cmd), DB_FILE);
      closeApp();
      // A missing or unusable backup file is a bad argument (2); anything after that (a database in
      // use, a failure while swapping) is not (1).
      try {
        verifyBackupFile(path.resolve(file));
      } catch (e) {
        if (e instanceof StoreError) throw new UsageError(e.message);
        throw e;
      }
      try {
        const r = restoreDb(target, path.resolve(file));
        emit(cmd, { path: target, ...r }, (x) => `restored ${target} from ${file} (schema ${x.schemaVersion})${x.keptAs ? `; the previous database is kept as ${x.keptAs}` : ''}`);
      } catch (e) {
        if (e instanceof StoreError) throw new CliError(e.message);
        throw e;
      }
    });

  program
    .command('serve')
    .description('serve the app and its API on 127.0.0.1 (open the printed URL in a browser)')
    .option('--port <n>', 'port (default: a free one)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`port must be 0–65535, got "${v}"`);
      return n;
    })
    .option('--host <host>', 'bind address (loopback only)', '127.0.0.1')
    .option('--url-file <file>', 'also write the launch URL to this file (mode 0600)')
    .option('--launch-file <file>', 'write a one-time launch URL to this file (mode 0600): it opens the app once, within 5 minutes, and never carries the token (for a browser started with the URL on its command line)')
    .action(async (o: { port?: number; host: string; urlFile?: string; launchFile?: string }, cmd: Command) => {
      for (const [flag, file] of [['--url-file', o.urlFile], ['--launch-file', o.launchFile]] as const) {
        const clash = file ? appDataClash(dataDirOf(cmd), file, 'file') : null;
        if (clash) throw new UsageError(`${flag} ${file} would overwrite the workbench's own data (${clash}); choose another file`);
      }
      const app = appFor(cmd, 'http');
      const here = path.dirname(fileURLToPath(import.meta.url));
      const rendererDir = [path.resolve(here, '../renderer'), path.resolve(here, '../../out/renderer')].find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? null;
      let srv;
      try {
        srv = await startServer(app, { port: o.port, host: o.host, rendererDir, log: (l) => process.stderr.write(l + '\n') });
      } catch (e) {
        throw new CliError((e as Error).message, ExitCode.usage);
      }
      if (o.urlFile) await writePrivateFile(o.urlFile, srv.launchUrl + '\n'); // it holds the serve token
      if (o.launchFile) await writePrivateFile(o.launchFile, srv.issueLaunchUrl() + '\n');
      // The launch URL (it carries the session token) goes to stdout once; nothing else logs it. With
      // --json, as every command: one JSON object (on one line, so it can be read while serve runs).
      if (globals(cmd).json) process.stdout.write(JSON.stringify({ url: srv.url, launchUrl: srv.launchUrl }) + '\n');
      else process.stdout.write(`PMOVES Workbench serving at ${srv.url}\nopen: ${srv.launchUrl}\n`);
      if (!rendererDir) process.stderr.write('note: the renderer is not built; only the API is served (./workbench serve builds it)\n');
      // Scheduled Firefly sync (settings.fireflySchedule) runs while serve is up.
      const stopFirefly = startFireflyScheduler(app);
      await new Promise<void>((resolve) => {
        const stop = () => {
          stopFirefly();
          void stopChainOnExit(app)
            .catch(() => undefined)
            .then(() => srv.close())
            .then(() => resolve());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
