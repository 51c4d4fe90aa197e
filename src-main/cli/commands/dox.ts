/**
 * `workbench dox push|health` (commander). Exit codes (src-main/cli/errors.ts): 0 ok, 1 failure,
 * 2 usage, 3 DoX unreachable. Progress per step on stderr; `--json` prints one JSON object on stdout.
 * The JWT comes from deps.getJwt(), else env DOX_JWT / DOX_TOKEN, and is never printed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { maskUrlSecrets } from '../../../src-shared/api/define';
import { stableStringify } from '../../../src-shared/serialize/stableJson';
import { BUNDLE_FORMATS, type BundleFormat, type ExportFile } from '../../dox/bundle';
import { DoxClient, DOX_DEFAULT_URL, extensionOf, healthFailureMessage, normaliseBaseUrl, unsendableJwtReason, type DoxClientOptions } from '../../dox/client';
import { DoxError, DoxFileRejected, DoxUnreachable, redactSecrets } from '../../dox/errors';
import { DoxPushError, pushBundle, type DoxManifest, type PushResult, type PushStepEvent } from '../../dox/push';
import { CliError, ExitCode, UsageError } from '../errors';
import { prepareOutFolder } from '../outDir';
import { plural } from '../../../src-shared/report/format';

export interface LoadedExport {
  /** The resolved id ('latest' → the real run/validation id). */
  id: string;
  files: ExportFile[];
}

/** What the lead's CLI/app provides to the dox commands. */
export interface DoxCliDeps {
  /**
   * Produce the export files of a run (CSV weekly history, members, comparison; JSON params,
   * seeds, metrics, app version; Markdown report) or of a validation report. `idOrLatest` is an
   * id or 'latest'. Mark the weekly history `primary: true` (CHR/datavzrd target). Throw a
   * CliError (e.g. UsageError for an unknown id) to control the exit code.
   */
  loadExport(kind: 'run' | 'validation', idOrLatest: string, formats: readonly BundleFormat[]): Promise<LoadedExport | ExportFile[]>;
  /** Default for --out (artifacts go to <out>/artifacts/<timestamp>/). */
  dataDir: string;
  /** The DoX JWT from safeStorage / a 0600 file; falls back to env DOX_JWT / DOX_TOKEN. */
  getJwt?(): string | undefined | Promise<string | undefined>;
  /** Persist the push (e.g. insertDoxPush(db, manifest) into dox_pushes). Called for ok, failed and dry-run pushes. */
  recordPush?(manifest: DoxManifest): void | Promise<void>;
  /** The DoX URL saved in the app (Settings / the DoX section's Connection), if any. */
  savedUrl?(): string | null;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment (default process.env): DOX_URL, DOX_JWT, DOX_TOKEN. */
  env?: Record<string, string | undefined>;
  appVersion?: string;
  /** Test/advanced hooks: fallback URLs, clock, timeouts. */
  clientOptions?: Partial<DoxClientOptions>;
  /** Datavzrd poll cap in ms (default 30 000). */
  dashboardWaitMs?: number;
  now?: () => Date;
  /** Acts as a Ctrl-C when aborted (tests); the real one is SIGINT. */
  interrupt?: AbortSignal;
}

interface PushCliOptions {
  run?: string;
  validation?: string;
  bundle?: string[];
  url?: string;
  files?: string;
  chr?: string;
  datavzrd?: boolean;
  ask: string[];
  search: string[];
  dryRun?: boolean;
  out?: string;
  json?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function parseFormats(value: string | undefined): BundleFormat[] {
  if (value === undefined) return [...BUNDLE_FORMATS];
  const parts = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (parts.length === 0) throw new UsageError('--files needs a comma-separated list of csv, json, md (e.g. --files csv,json)');
  for (const p of parts) {
    if (!(BUNDLE_FORMATS as readonly string[]).includes(p)) throw new UsageError(`--files: "${p}" is not a bundle format; allowed: csv, json, md`);
  }
  return [...new Set(parts)] as BundleFormat[];
}

export function parseK(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 1000) {
    throw new UsageError(`--chr must be a positive integer number of constellations (1–1000), got "${value}"`);
  }
  return Number(value);
}

function checkUrl(url: string, source = '--url'): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`${source} "${maskUrlSecrets(url)}" is not a valid URL; use e.g. http://127.0.0.1:8484`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${source} must be http:// or https:// (got ${u.protocol})`);
  // Without user:password@, ?query and #fragment: the URL is printed ("checking DoX at …") and stored in manifests.
  return normaliseBaseUrl(url);
}

/**
 * A `--bundle` file DoX cannot take is the user's input (exit 2), named before any artefact folder is
 * written: an empty file (DoX's /upload and CHR need at least a header row and data rows; spec §2.4,
 * §2.5), a .json file that is not JSON (it is sent as a CSV rendering of the JSON).
 */
function checkBundleFile(p: string, ext: string): void {
  const size = statSync(p).size;
  // A .json is parsed whole (prepareBundle does too); a CSV is read only when small (it may be 100 MB).
  let text: string | null = null;
  try {
    if (ext === '.json' || size <= 65_536) text = readFileSync(p, 'utf8');
  } catch (e) {
    throw new UsageError(`--bundle ${p}: cannot read it (${(e as Error).message})`);
  }
  // Blank: no bytes, or only a byte-order mark and white space.
  if (size === 0 || (text !== null && text.replace(/^\uFEFF/, '').trim() === '')) {
    throw new UsageError(`--bundle ${p} is empty (${size} bytes); a bundle ${ext} file must hold ${ext === '.csv' ? 'a header row and data rows' : 'a JSON value (it is sent as a CSV rendering)'}`);
  }
  if (ext === '.json') {
    try {
      JSON.parse(text!);
    } catch (e) {
      throw new UsageError(`--bundle ${p} is not valid JSON (${(e as Error).message}); a bundle .json file must hold valid JSON (it is sent as a CSV rendering), or give the data as .csv`);
    }
  }
}

function exitCodeFor(e: unknown): ExitCode {
  if (e instanceof CliError) return e.exitCode;
  const cause = e instanceof DoxPushError ? e.cause : e;
  if (cause instanceof CliError) return cause.exitCode;
  // The bundle was refused before any request (empty, not JSON, too large, clashing names): input, not a failure of DoX.
  if (cause instanceof DoxFileRejected) return ExitCode.usage;
  if (cause instanceof DoxUnreachable) return ExitCode.unreachable;
  return ExitCode.failure;
}

/** Map commander parse errors to UsageError (exit 2); help/version pass through. */
function usageExit(err: CommanderError): never {
  if (err.exitCode === 0) throw err;
  throw new UsageError(err.message.replace(/^error:\s*/i, ''));
}

export function registerDoxCommands(program: Command, deps: DoxCliDeps): Command {
  const env = deps.env ?? process.env;
  // The same order as the app (dox/service resolveDoxUrl): --url, the URL saved in the app, DOX_URL,
  // the default; so the CLI goes where the app's DoX badge points. Each bad value is named by its source.
  const resolveUrl = (flag: string | undefined): string => {
    if (flag !== undefined) return checkUrl(flag, '--url');
    const saved = deps.savedUrl?.();
    if (saved) return checkUrl(saved, 'the DoX URL saved in the app');
    const fromEnv = env.DOX_URL?.trim();
    if (fromEnv) return checkUrl(fromEnv, 'DOX_URL');
    return DOX_DEFAULT_URL;
  };
  const dox = program
    .command('dox')
    .description('Send exports to a PMOVES-DoX server (upload, CHR, datavzrd dashboard, Q&A) or check it')
    .configureOutput({ writeOut: (s) => deps.stdout(s), writeErr: (s) => deps.stderr(s) })
    .exitOverride(usageExit);

  const getJwt = async (): Promise<string | undefined> => {
    const fromDeps = deps.getJwt ? await deps.getJwt() : undefined;
    const t = fromDeps ?? env.DOX_JWT ?? env.DOX_TOKEN;
    return t && t.trim() ? t.trim() : undefined;
  };
  /** What to call the JWT in messages: the environment variable it came from, else the stored one. */
  const jwtName = (jwt: string): string => (env.DOX_JWT?.trim() === jwt ? 'DOX_JWT' : env.DOX_TOKEN?.trim() === jwt ? 'DOX_TOKEN' : 'the stored DoX JWT');

  dox
    .command('push')
    .description('Export a run / validation / bundle files to DoX, optionally run CHR, the datavzrd dashboard, questions and searches')
    .option('--run <id>', 'run id or "latest"')
    .option('--validation <id>', 'validation report id or "latest"')
    .option('--bundle <files...>', 'CSV/JSON bundle files from disk')
    .option('--url <url>', 'DoX backend URL (default: the URL saved in the app, else env DOX_URL, else http://127.0.0.1:8484)')
    .option('--files <formats>', 'bundle formats to include: csv,json,md (default all)')
    .option('--chr <K>', 'run CHR with K constellations on the primary CSV')
    .option('--datavzrd', 'generate the datavzrd dashboard (runs CHR first)')
    .option('--ask <question>', 'ask DoX a question (repeatable)', collect, [])
    .option('--search <q>', 'search DoX (repeatable)', collect, [])
    .option('--dry-run', 'write the bundle and the exact requests under <out>/artifacts/<timestamp>/, no network')
    .option('--out <dir>', 'output folder (default: the workbench data dir)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (_o: PushCliOptions, self: Command) => {
      // Merge the global flags (--json may be given before or after the subcommand).
      const opts = self.optsWithGlobals() as PushCliOptions;
      // ── usage checks (exit 2) ──
      if (!opts.run && !opts.validation && !(opts.bundle && opts.bundle.length > 0)) {
        throw new UsageError('dox push needs something to send: --run ID|latest, --validation ID|latest or --bundle FILE...');
      }
      const formats = parseFormats(opts.files);
      const K = parseK(opts.chr);
      const url = resolveUrl(opts.url);
      for (const q of opts.ask) if (!q.trim()) throw new UsageError('--ask needs a non-empty question');
      for (const q of opts.search) if (!q.trim()) throw new UsageError('--search needs a non-empty query');
      const bundlePaths = (opts.bundle ?? []).map((p) => resolve(p));
      // An --out folder that cannot take the artefacts is a usage error now, not a raw errno mid-push.
      if (opts.out !== undefined) prepareOutFolder('--out', opts.out, resolve(opts.out));
      // DoX ingests .csv (and .json as CSV): a bundle of Markdown only can never be sent.
      if (bundlePaths.length === 0 && !formats.includes('csv') && !formats.includes('json')) {
        throw new UsageError(`--files ${formats.join(',')}: nothing DoX can ingest (it takes .csv, and .json as CSV); add csv or json to --files`);
      }
      for (const p of bundlePaths) {
        const ext = extensionOf(p);
        if (ext !== '.csv' && ext !== '.json') throw new UsageError(`--bundle accepts .csv and .json files; "${p}" is ${ext || 'without an extension'}`);
        if (!existsSync(p) || !statSync(p).isFile()) throw new UsageError(`--bundle: file not found: ${p}`);
        checkBundleFile(p, ext);
      }

      // ── gather files ──
      const files: ExportFile[] = [];
      const source: { run?: string; validation?: string; bundleFiles?: string[] } = {};
      const both = Boolean(opts.run && opts.validation);
      for (const kind of ['run', 'validation'] as const) {
        const id = opts[kind];
        if (!id) continue;
        let loaded: LoadedExport | ExportFile[];
        try {
          loaded = await deps.loadExport(kind, id, formats);
        } catch (e) {
          if (e instanceof CliError) throw e;
          throw new CliError(`could not export ${kind} ${id}: ${(e as Error).message}`, ExitCode.failure);
        }
        const list = Array.isArray(loaded) ? loaded : loaded.files;
        source[kind] = Array.isArray(loaded) ? id : loaded.id;
        for (const f of list) files.push(both ? { ...f, name: `${kind}_${f.name}`, primary: kind === 'run' ? f.primary : false } : f);
      }
      if (bundlePaths.length) {
        source.bundleFiles = bundlePaths;
        for (const p of bundlePaths) files.push({ name: p.split(/[\\/]/).pop()!, path: p, role: 'user-bundle' });
      }

      const jwt = await getJwt();
      // A character a header cannot carry is a bad setting (exit 2) named before any request, not "DoX unreachable" (3).
      const unsendable = jwt && !opts.dryRun ? unsendableJwtReason(jwt, jwtName(jwt)) : null;
      if (unsendable) throw new UsageError(unsendable);
      const progress = (e: PushStepEvent) => {
        if (e.status === 'start' && e.step === 'done') return;
        deps.stderr(`[${e.step}] ${e.status === 'start' ? '…' : e.status}: ${redactSecrets(e.message, [jwt])}\n`);
      };
      let result: PushResult | undefined;
      let failure: unknown;
      // Ctrl-C cancels the push, which still writes its manifest and is recorded (exit 130); a second one quits at once.
      const cancel = new AbortController();
      const onInterrupt = () => {
        if (cancel.signal.aborted) process.exit(ExitCode.interrupted);
        deps.stderr('\ncancelling… (Ctrl-C again to quit now)\n');
        cancel.abort();
      };
      process.on('SIGINT', onInterrupt);
      deps.interrupt?.addEventListener('abort', onInterrupt, { once: true });
      try {
        result = await pushBundle(
          {
            files,
            formats,
            outDir: resolve(opts.out ?? deps.dataDir),
            url,
            jwt,
            dryRun: opts.dryRun ?? false,
            ...(K !== undefined ? { chr: { K } } : {}),
            datavzrd: opts.datavzrd ?? false,
            ask: opts.ask,
            search: opts.search,
            source,
            appVersion: deps.appVersion,
            dashboardWaitMs: deps.dashboardWaitMs,
            clientOptions: deps.clientOptions,
            now: deps.now,
            signal: cancel.signal,
          },
          progress,
        );
      } catch (e) {
        failure = e;
        if (e instanceof DoxPushError) result = e.result;
      } finally {
        process.off('SIGINT', onInterrupt);
        deps.interrupt?.removeEventListener('abort', onInterrupt);
      }
      if (result && deps.recordPush) {
        try {
          await deps.recordPush(result.manifest);
        } catch (e) {
          deps.stderr(`warning: could not record the push in the database: ${(e as Error).message}\n`);
        }
      }
      const m = result?.manifest;
      const cancelled = failure !== undefined && cancel.signal.aborted;
      const code = cancelled ? ExitCode.interrupted : failure ? exitCodeFor(failure) : ExitCode.ok;
      const uploaded = m?.steps.some((st) => st.step === 'upload' && st.status === 'ok') ?? false;
      const message = cancelled
        ? `DoX push cancelled.${uploaded ? ` The files already uploaded stay in DoX (report_week ${m!.correlationId}; uploads cannot be undone).` : ''}${result ? ` Manifest: ${result.manifestPath}` : ''}`
        : failure
          ? redactSecrets((failure as Error).message, [jwt])
          : undefined;
      if (opts.json) {
        deps.stdout(
          stableStringify(
            {
              ok: !failure,
              status: m?.status ?? 'failed',
              dryRun: opts.dryRun ?? false,
              correlationId: m?.correlationId ?? null,
              doxUrl: m?.doxUrl ?? url,
              generation: m?.generation ?? null,
              artifactsDir: result?.artifactsDir ?? null,
              manifestPath: result?.manifestPath ?? null,
              requestsPath: m?.requestsFile && result ? `${result.artifactsDir}/${m.requestsFile}` : null,
              files: m?.files.map((f) => ({ name: f.name, disposition: f.disposition, size: f.size, sha256: f.sha256 })) ?? [],
              sent: m?.sent ?? [],
              artifacts: m?.artifacts ?? [],
              chr: m?.chr ? { K: m.chr.K, mhep: m.chr.mhep, Hg: m.chr.Hg, Hs: m.chr.Hs, units: m.chr.units, localCsv: m.chr.localCsv, fullTable: m.chr.fullTable } : null,
              datavzrd: m?.datavzrd ?? null,
              answers: m?.answers ?? [],
              searches: m?.searches ?? [],
              warnings: m?.warnings ?? [],
              error: failure ? { code: failure instanceof DoxPushError ? failure.code : failure instanceof DoxError ? failure.code : 'internal', message, exitCode: code } : null,
            },
            { nonFinite: 'null' },
          ) + '\n',
        );
      } else if (m && result && !failure) {
        const lines = [
          m.dryRun ? `Dry run: nothing was sent. Bundle and requests in ${result.artifactsDir}` : `Pushed to ${m.doxUrl} (report_week ${m.correlationId})`,
          ...m.artifacts.map((a) => `  ${a.filename} → artefact ${a.artifactId}`),
          ...(m.chr ? [`  CHR: MHEP ${m.chr.mhep.toFixed(2)}, ${plural(m.chr.units, 'unit')}, table ${m.chr.localCsv}`] : []),
          ...(m.datavzrd ? [`  Dashboard: ${m.datavzrd.dashboardUrl}${m.datavzrd.dashboardReady ? '' : ' (not answering yet)'}`] : []),
          ...m.answers.map((a) => `  Q: ${a.question}\n  A: ${a.answer ?? `(failed: ${a.error})`}`),
          // A failed search has no count: it says it failed, not "0 hits".
          ...m.searches.map((s) => `  search "${s.q}": ${s.error !== undefined ? `failed: ${s.error}` : plural(s.count ?? 0, 'hit')}`),
          `  Manifest: ${result.manifestPath}`,
        ];
        deps.stdout(lines.join('\n') + '\n');
      }
      if (failure) throw new CliError(message ?? 'DoX push failed', code);
    });

  dox
    .command('health')
    .description('Check that the DoX backend answers (GET /health, 5 s)')
    .option('--url <url>', 'DoX backend URL (default: the URL saved in the app, else env DOX_URL, else http://127.0.0.1:8484)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (_o: { url?: string; json?: boolean }, self: Command) => {
      const opts = self.optsWithGlobals() as { url?: string; json?: boolean };
      const url = resolveUrl(opts.url);
      const jwt = await getJwt();
      const unsendable = jwt ? unsendableJwtReason(jwt, jwtName(jwt)) : null;
      if (unsendable) throw new UsageError(unsendable);
      const client = new DoxClient({ baseUrl: url, jwt, ...deps.clientOptions });
      deps.stderr(`[health] …: checking DoX at ${url}\n`);
      const h = await client.checkHealth();
      if (opts.json) {
        deps.stdout(
          stableStringify({
            ok: h.ok,
            url: h.url,
            generation: h.generation,
            status: h.status ?? null,
            uptimeSeconds: h.uptimeSeconds ?? null,
            version: h.version ?? null,
            reason: h.reason ?? null,
            tried: h.tried.map((t) => ({ url: t.url, ok: t.ok, reason: t.reason ?? null })),
          }) + '\n',
        );
      } else if (h.ok) {
        deps.stdout(`DoX is up at ${h.url} (${h.generation === 'head' ? 'HEAD generation' : 'pinned generation'}${h.version ? `, version ${h.version}` : ''}, uptime ${h.uptimeSeconds ?? '?'} s)\n`);
      }
      if (!h.ok) {
        // The app's health panel and a push say the same (healthFailureMessage): a DoX that answered
        // (HTTP 500, 401, a web page) is not "not reachable", and "start DoX" is the wrong advice for it.
        const err = new DoxUnreachable('', h.tried.map((t) => t.url));
        throw new CliError(healthFailureMessage(h.tried), exitCodeFor(err));
      }
    });

  return dox;
}
