/**
 * `workbench firefly connect|status|test|disconnect|sync|calibrate|rules|snapshots`.
 * Credentials: `--url` + `--token-file` on test/sync (this command only), FIREFLY_URL + FIREFLY_TOKEN
 * (or FIREFLY_TOKEN_FILE) in the environment, which take precedence. The token is never printed;
 * a notice on stderr says where it came from.
 */
import { Command, InvalidArgumentError } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import type { FireflyCalibration, FireflySyncResult } from '../../../src-shared/api/firefly';
import { readTokenFile } from '../../firefly/credentials';
import { normalizeBaseUrl } from '../../firefly/client';
import { FireflyConfigError } from '../../firefly/errors';
import { call, resolveSnapshot } from '../context';
import { UsageError } from '../errors';
import { emit, globals, table } from '../output';
import { currencyOption, currencyRefusal, exchangeRateOption, intOption, snapshotOption } from '../options';

const ymd = (name: string) => (v: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.trim());
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    throw new InvalidArgumentError(`${name} must be a calendar date as YYYY-MM-DD (e.g. 2026-01-31), got "${v}"`);
  }
  return v.trim();
};

function notice(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * `--token-file -` on `firefly connect`: the token from standard input (a pipe from a password manager),
 * so it lands neither in shell history nor in a file. A terminal is refused: a typed token would echo.
 */
async function readTokenStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError('--token-file -: standard input is a terminal, so the token would be shown as you type it. Pipe it in instead (e.g. `pass show firefly | workbench firefly connect --url … --token-file -`), or give a file with mode 0600.');
  }
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.length > 64 * 1024) throw new UsageError('--token-file -: standard input is too large to be a token (over 64 KB).');
  }
  const token = text.trim();
  if (!token) throw new UsageError('--token-file -: standard input was empty. Pipe the Firefly III Personal Access Token in, on one line.');
  if (/[\r\n]/.test(token)) throw new UsageError('--token-file -: standard input has more than one line; it must hold only the token.');
  return token;
}

/**
 * `--url` and `--token-file` on test/sync: credentials for this invocation only (nothing is
 * stored). They go through the same resolver as FIREFLY_URL/FIREFLY_TOKEN_FILE, which they
 * override; the token file must be 0600 (a looser one is a usage error).
 */
async function useFlagCredentials(o: { url?: string; tokenFile?: string }): Promise<string | null> {
  if (!o.url && !o.tokenFile) return null;
  // A --url that is not a Firefly address is the user's input (exit 2), as on `firefly connect`;
  // `firefly sync` found it only through the status and exited 1.
  if (o.url !== undefined) {
    try {
      normalizeBaseUrl(o.url);
    } catch (e) {
      if (e instanceof FireflyConfigError) throw new UsageError(`--url: ${e.message}`);
      throw e;
    }
  }
  if (o.tokenFile === '-') {
    throw new UsageError('--token-file - (standard input) is read by `firefly connect` only, which stores the token; for this command give a file with mode 0600, or set FIREFLY_TOKEN_FILE.');
  }
  if (o.tokenFile) {
    try {
      await readTokenFile(o.tokenFile);
    } catch (e) {
      if (e instanceof FireflyConfigError) throw new UsageError(e.message);
      throw e;
    }
    if (!o.url && !process.env.FIREFLY_URL) throw new UsageError('--token-file needs --url (or FIREFLY_URL): the Firefly III address, e.g. https://firefly.example.org');
    delete process.env.FIREFLY_TOKEN;
    process.env.FIREFLY_TOKEN_FILE = path.resolve(o.tokenFile);
  }
  if (o.url) process.env.FIREFLY_URL = o.url;
  return o.tokenFile
    ? `Firefly III token read from ${o.tokenFile} (--token-file) for this command only; nothing is stored.`
    : `Firefly III address ${o.url} (--url) for this command, with the token configured otherwise.`;
}

async function status(cmd: Command) {
  return call<{ configured: boolean; source: string; notice: string; url: string | null; tokenStored: boolean; schedule: string; timeZone: string; sync: Record<string, unknown>; lastSnapshot: any }>(cmd, 'firefly.status', {});
}

export function registerFirefly(program: Command): void {
  const ff = program.command('firefly').description('Firefly III bridge: connect a personal access token, sync, calibrate (read-only: never writes to Firefly III)');

  ff.command('connect')
    .description('test a Firefly III URL + Personal Access Token and store the token (the file must be chmod 600)')
    .requiredOption('--url <url>', 'Firefly III address, e.g. https://firefly.example.org')
    .requiredOption('--token-file <file>', 'file holding only the token (mode 0600), or - to read it from standard input (a pipe, e.g. from a password manager)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: { url: string; tokenFile: string }, cmd: Command) => {
      let token: string;
      try {
        token = o.tokenFile === '-' ? await readTokenStdin() : await readTokenFile(o.tokenFile);
      } catch (e) {
        if (e instanceof FireflyConfigError) throw new UsageError(e.message);
        throw e;
      }
      const r = await call<{ url: string; version: string; warnings: string[]; notice: string }>(cmd, 'firefly.connect', { url: o.url, token });
      notice(o.tokenFile === '-' ? 'Firefly III token read from standard input (--token-file -) and stored.' : `Firefly III token read from ${o.tokenFile} (--token-file) and stored; the file itself is not needed any more.`);
      emit(cmd, r, (x) => [`connected to ${x.url} (Firefly III ${x.version})`, x.notice, ...x.warnings.map((w: string) => `warning: ${w}`)].join('\n'));
    });

  ff.command('status')
    .description('connection state, where the credentials come from, last sync')
    .option('--json', 'print one JSON object on stdout')
    .action(async (_o, cmd: Command) => {
      const s = await status(cmd);
      emit(cmd, s, (x) =>
        [
          `configured:   ${x.configured ? 'yes' : 'no'}`,
          `credentials:  ${x.notice}`,
          `url:          ${x.url ?? '(none)'}`,
          `token stored: ${x.tokenStored ? 'yes' : 'no'}`,
          `schedule:     ${x.schedule} (time zone ${x.timeZone})`,
          `last sync:    ${x.sync.lastSuccessAt ?? 'never'}${x.sync.lastError ? `\nlast error:   ${x.sync.lastError}` : ''}`,
          `last snapshot: ${x.lastSnapshot ? `#${x.lastSnapshot.id} ${x.lastSnapshot.period.start}..${x.lastSnapshot.period.end}, ${x.lastSnapshot.groups} groups, ${x.lastSnapshot.transactions} transactions` : '(none)'}`,
        ].join('\n'),
      );
    });

  ff.command('test')
    .description('check the configured credentials against /v1/about (version gate)')
    .option('--url <url>', 'Firefly III address for this command (overrides FIREFLY_URL and the stored one)')
    .option('--token-file <file>', 'file holding only the token (mode 0600), for this command only')
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: { url?: string; tokenFile?: string }, cmd: Command) => {
      const flags = await useFlagCredentials(o);
      const s = await status(cmd);
      if (s.configured) notice(flags ?? s.notice);
      const r = await call<{ url: string; version: string; warnings: string[] }>(cmd, 'firefly.test', {});
      emit(cmd, r, (x) => [`ok: ${x.url} runs Firefly III ${x.version}`, ...x.warnings.map((w: string) => `warning: ${w}`)].join('\n'));
    });

  ff.command('disconnect')
    .description('delete the stored token')
    .option('--json', 'print one JSON object on stdout')
    .action(async (_o, cmd: Command) => {
      const r = await call<{ removed: boolean }>(cmd, 'firefly.disconnect', {});
      emit(cmd, r, (x) => (x.removed ? 'stored Firefly III token deleted' : 'no stored token (nothing to delete)'));
      if (process.env.FIREFLY_TOKEN || process.env.FIREFLY_TOKEN_FILE) notice('note: FIREFLY_TOKEN/FIREFLY_TOKEN_FILE is still set in the environment and will be used.');
    });

  ff.command('sync')
    .description('sync transactions into a new snapshot (default: the last 90 days) and print the delta')
    .option('--since <date>', 'first day, YYYY-MM-DD (default: 90 days before --until)', ymd('--since'))
    .option('--until <date>', 'last day, YYYY-MM-DD (default: today)', ymd('--until'))
    .option('--url <url>', 'Firefly III address for this command (overrides FIREFLY_URL and the stored one)')
    .option('--token-file <file>', 'file holding only the token (mode 0600), for this command only')
    .option('--json', 'print exactly {snapshotId, period, groups, transactions, skipped, warnings, delta}')
    .action(async (o: { since?: string; until?: string; url?: string; tokenFile?: string }, cmd: Command) => {
      if (o.since && o.until && o.since > o.until) throw new UsageError(`--since ${o.since} is after --until ${o.until}`);
      const flags = await useFlagCredentials(o);
      const s = await status(cmd);
      // No (or unusable) credentials: a setup error, exit 2 as `firefly test` gives for the same state.
      if (!s.configured) throw new UsageError(s.notice);
      notice(flags ?? s.notice);
      const r = await call<FireflySyncResult>(cmd, 'firefly.sync', { since: o.since, until: o.until }, { progressLabel: globals(cmd).json ? undefined : 'pages' });
      const out: FireflySyncResult = { snapshotId: r.snapshotId, period: { start: r.period.start, end: r.period.end }, groups: r.groups, transactions: r.transactions, skipped: r.skipped, warnings: r.warnings, delta: { added: r.delta.added, changed: r.delta.changed, removed: r.delta.removed } };
      emit(cmd, out, (x: FireflySyncResult) =>
        [
          `snapshot ${x.snapshotId}: ${x.period.start}..${x.period.end}, ${x.groups} groups, ${x.transactions} transactions, ${x.skipped} skipped`,
          `delta: ${x.delta.added} added, ${x.delta.changed} changed, ${x.delta.removed} removed`,
          ...x.warnings.map((w) => `warning: ${w}`),
        ].join('\n'),
      );
    });

  ff.command('calibrate')
    .description('calibrate engine parameters from a synced snapshot (default: the latest) with the saved mapping rules')
    .option('--snapshot <id>', 'snapshot id (see "workbench firefly snapshots") or "latest" (the default)', snapshotOption(2 ** 31))
    .option('--population <n>', 'households in the modelled community', intOption('--population', 1, 10_000_000))
    .option('--currency <code>', 'currency to calibrate (default: the one with most spending)', currencyOption)
    .option('--exchange-rate <usd>', "US dollars per one unit of that currency (e.g. 1.08 for EUR): convert the amounts to the engine's USD first", exchangeRateOption)
    .option('--accept-partial', 'allow a snapshot that hit the page cap')
    .option('--out <dir>', 'also write CALIBRATION_REPORT.md and the CSVs to this folder')
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: { snapshot?: number | 'latest'; population?: number; currency?: string; exchangeRate?: number; acceptPartial?: boolean; out?: string }, cmd: Command) => {
      const input = { snapshotId: await resolveSnapshot(cmd, o.snapshot), population: o.population, currency: o.currency, exchangeRate: o.exchangeRate, acceptPartial: o.acceptPartial };
      const r = await call<FireflyCalibration>(cmd, 'firefly.calibrate', input).catch((e) => {
        throw currencyRefusal(e, o.currency);
      });
      let written: string[] = [];
      if (o.out) {
        const w = await call<{ dir: string; files: string[] }>(cmd, 'firefly.exportCalibration', { ...input, dir: path.resolve(o.out) });
        written = w.files;
        notice(`wrote ${w.files.length} files to ${w.dir}`);
      }
      const { files, ...rest } = r;
      emit(cmd, { ...rest, files: files.map((f) => f.name), written }, () => {
        const lines = [
          `calibration from ${r.source.name}: ${r.dataSource.periodStart}..${r.dataSource.periodEnd} (${r.dataSource.timeZone}), ${r.dataSource.weeksAnalyzed} weeks, ${r.dataSource.transactionsAnalyzed} food transactions`,
          ...(r.import.converted ? [`amounts converted from ${r.import.converted.from} to USD at ${r.import.converted.rate} USD per ${r.import.converted.from}`] : []),
          `accuracy vs the current parameters: ${r.comparison.confidenceLevel.toUpperCase()} (${r.comparison.confidenceScore.toFixed(1)}/100, average variance ${r.comparison.averageVariance.toFixed(1)}%)`,
          `parameter confidence: ${r.overall.confidenceLevel.toUpperCase()} (${r.overall.confidenceScore.toFixed(1)}/100)`,
          `mapped by category: ${(r.coverageReport.mappedByCategoryShare * 100).toFixed(1)}% of food spend`,
          '',
          table(r.engineParamDiff.map((d) => ({ key: d.key, current: d.current, proposed: d.proposed, unit: d.unit })), ['key', 'current', 'proposed', 'unit']),
        ];
        if (r.recommendations.length) lines.push('', 'recommendations:', ...r.recommendations.map((x) => `  - ${x}`));
        if (r.warnings.length) lines.push('', 'warnings:', ...r.warnings.map((x) => `  - ${x}`));
        return lines.join('\n');
      });
    });

  const rules = ff.command('rules').description('keyword → category mapping rules');
  rules
    .command('get')
    .description('print the rules (JSON)')
    .action(async (_o, cmd: Command) => {
      const r = await call(cmd, 'firefly.rules.get', {});
      process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    });
  rules
    .command('set <file>')
    .description('replace the rules with a JSON file ({exact, fuzzy, foodKeywords, defaultCategory})')
    .action(async (file: string, _o, cmd: Command) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        throw new UsageError(`cannot read ${file} as JSON: ${(e as Error).message}`);
      }
      const body = parsed && typeof parsed === 'object' && 'rules' in parsed ? (parsed as { rules: unknown }).rules : parsed;
      const r = await call(cmd, 'firefly.rules.set', { rules: body });
      process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    });
  rules
    .command('reset')
    .description('restore the default rules')
    .action(async (_o, cmd: Command) => {
      const r = await call(cmd, 'firefly.rules.set', { reset: true });
      // --json: the rules now in force (as "rules set" prints them), never a line of text.
      emit(cmd, r, () => 'mapping rules reset to the defaults');
    });

  ff.command('snapshots')
    .description('stored snapshots, newest first')
    .option('--limit <n>', 'at most this many', intOption('--limit', 1, 500), 20)
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: { limit: number }, cmd: Command) => {
      const list = await call<any[]>(cmd, 'firefly.snapshots', { limit: o.limit });
      emit(cmd, list, (l) => table(l.map((s: any) => ({ id: s.id, created: s.createdAt, period: `${s.period.start}..${s.period.end}`, groups: s.groups, transactions: s.transactions, skipped: s.skipped, truncated: s.truncated })), ['id', 'created', 'period', 'groups', 'transactions', 'skipped', 'truncated']));
    });
}
