/**
 * The app-side DoX service behind the dox.* API operations (and reusable by the CLI): URL and JWT
 * resolution, the health badge data, a push of a stored run / validation report with per-step
 * progress and cancel, recorded in dox_pushes, and the push history.
 *
 * The JWT lives only in the SecretStore (the Firefly bridge's store: 0600 file under
 * <dataDir>/secrets/ in serve/CLI, safeStorage in Electron) under the name 'dox-jwt', or in env
 * DOX_JWT / DOX_TOKEN. It is never written to the DB, the manifest, logs or any returned value.
 */
import { ApiError } from '../../src-shared/api/define';
import { DoxPushRecord, type DoxHealthResult, type DoxPushInput, type DoxPushProgress, type DoxPushResult } from '../../src-shared/api/dox';
import type { AppContext } from '../context';
import { ExportError, loadRunExport } from '../export/runExport';
import { secretStoreFor } from '../firefly/service';
import type { BundleFormat, ExportFile } from './bundle';
import { DoxClient, DOX_DEFAULT_URL, healthAnswered, healthFailureMessage, normaliseBaseUrl, unsendableJwtReason, type DoxClientOptions } from './client';
import { DoxError, redactSecrets } from './errors';
import { insertDoxPush } from './migration';
import { jsonColumn, storedRow } from '../store/rows';
import { DoxPushError, pushBundle, type DoxManifest, type PushResult, type PushStepEvent, type PushStepName } from './push';

export const DOX_JWT_SECRET = 'dox-jwt';

type App = Pick<AppContext, 'db' | 'dataDir' | 'settings' | 'runs' | 'version'>;
type Env = Record<string, string | undefined>;

export interface DoxServiceOptions {
  env?: Env;
  signal?: AbortSignal;
  /** Extra client options (tests). */
  clientOptions?: Partial<DoxClientOptions>;
}

// ───────────────────────── URL and JWT ─────────────────────────

export function resolveDoxUrl(app: App, override?: string, env: Env = process.env): { url: string; source: 'input' | 'settings' | 'env' | 'default' } {
  if (override) return { url: normaliseBaseUrl(override), source: 'input' };
  const s = app.settings.get().doxUrl;
  if (s) return { url: normaliseBaseUrl(s), source: 'settings' };
  if (env.DOX_URL && env.DOX_URL.trim()) {
    try {
      return { url: normaliseBaseUrl(env.DOX_URL.trim()), source: 'env' };
    } catch {
      /* an invalid DOX_URL falls through to the default */
    }
  }
  return { url: DOX_DEFAULT_URL, source: 'default' };
}

/** The JWT to send: the stored one, else env DOX_JWT / DOX_TOKEN. Keep it in memory only. */
export async function loadDoxJwt(app: Pick<AppContext, 'db' | 'dataDir' | 'settings'>, env: Env = process.env): Promise<{ jwt: string; source: 'store' | 'env' } | null> {
  const stored = await secretStoreFor(app).get(DOX_JWT_SECRET).catch(() => null);
  if (stored && stored.trim()) return { jwt: stored.trim(), source: 'store' };
  const e = env.DOX_JWT ?? env.DOX_TOKEN;
  if (e && e.trim()) return { jwt: e.trim(), source: 'env' };
  return null;
}

/**
 * The JWT to send on requests (loadDoxJwt), refused before any request when it holds a character an
 * HTTP header cannot carry (unsendableJwtReason): the environment variable or the stored JWT is named,
 * never the value.
 */
export async function loadSendableDoxJwt(app: Pick<AppContext, 'db' | 'dataDir' | 'settings'>, env: Env = process.env): Promise<{ jwt: string; source: 'store' | 'env' } | null> {
  const loaded = await loadDoxJwt(app, env);
  if (!loaded) return null;
  const name = loaded.source === 'store' ? 'the stored DoX JWT' : env.DOX_JWT !== undefined ? 'DOX_JWT' : 'DOX_TOKEN';
  const why = unsendableJwtReason(loaded.jwt, name);
  if (why) throw new ApiError('invalid_input', why, [{ path: loaded.source === 'store' ? 'jwt' : name, message: why.slice(name.length + 1, why.indexOf(';')) }]);
  return loaded;
}

/** Validates and stores the JWT. Error messages never quote the value. */
export async function setDoxJwt(app: Pick<AppContext, 'db' | 'dataDir' | 'settings'>, raw: string): Promise<{ stored: boolean }> {
  const jwt = raw.trim().replace(/^Bearer\s+/i, '');
  const issue = (message: string) => new ApiError('invalid_input', `jwt: ${message}`, [{ path: 'jwt', message }]);
  if (!jwt) throw issue('paste the DoX JWT (the Supabase access token); it was empty');
  if (jwt.length > 8192) throw issue(`is ${jwt.length} characters long; a JWT is at most 8192`);
  if (!/^[\x21-\x7e]+$/.test(jwt)) throw issue('must be one line of printable characters without spaces (a JWT looks like xxxxx.yyyyy.zzzzz)');
  // A JWT is three base64url parts, the first a JSON header ({"alg": …}): refuse anything else now
  // rather than store it and fail at the first push with a 401.
  if (!isJwtShaped(jwt)) throw issue('is not a JWT: expected three base64url parts separated by dots (xxxxx.yyyyy.zzzzz), the first a JSON header; copy the whole Supabase access token');
  await secretStoreFor(app).set(DOX_JWT_SECRET, jwt);
  return { stored: true };
}

function isJwtShaped(jwt: string): boolean {
  const parts = jwt.split('.');
  if (parts.length !== 3 || !parts.slice(0, 2).every((p) => /^[A-Za-z0-9_-]+$/.test(p)) || !/^[A-Za-z0-9_-]*$/.test(parts[2])) return false;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

export async function clearDoxJwt(app: Pick<AppContext, 'db' | 'dataDir' | 'settings'>): Promise<{ stored: boolean }> {
  await secretStoreFor(app).delete(DOX_JWT_SECRET);
  return { stored: false };
}

export async function doxStatus(app: App, env: Env = process.env) {
  const u = resolveDoxUrl(app, undefined, env);
  const jwt = await loadDoxJwt(app, env);
  return { url: u.url, urlSource: u.source === 'input' ? ('settings' as const) : u.source, jwtStored: jwt !== null, jwtSource: jwt?.source ?? null };
}

function envInt(env: Env, name: string, min: number, max: number): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '' || !/^\d+$/.test(v.trim())) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
}

/** Client options from the environment: WORKBENCH_DOX_DATAVZRD_PORT (datavzrd not on 5173). */
export function envClientOptions(env: Env): Partial<DoxClientOptions> {
  const port = envInt(env, 'WORKBENCH_DOX_DATAVZRD_PORT', 1, 65535);
  return port ? { datavzrdPort: String(port) } : {};
}

// ───────────────────────── health ─────────────────────────

export async function doxHealth(app: App, input: { url?: string }, opts: DoxServiceOptions = {}): Promise<DoxHealthResult> {
  const env = opts.env ?? process.env;
  const { url } = resolveDoxUrl(app, input.url, env);
  const jwt = await loadDoxJwt(app, env);
  const client = new DoxClient({ baseUrl: url, signal: opts.signal, ...envClientOptions(env), ...opts.clientOptions });
  const t0 = performance.now();
  const h = await client.checkHealth();
  const latencyMs = Math.round(performance.now() - t0);
  const tried = h.tried.map((t) => ({ url: t.url, ok: t.ok, reason: t.reason ? redactSecrets(t.reason, [jwt?.jwt]) : null }));
  let message: string;
  if (h.ok) {
    const gen = h.generation === 'head' ? 'HEAD generation (/healthz present)' : 'pinned generation (no /healthz)';
    message = `DoX is up at ${h.url}: ${gen}${h.version ? `, version ${h.version}` : ''}${h.uptimeSeconds !== undefined ? `, up ${h.uptimeSeconds} s` : ''}.`;
    if (h.url !== url) message += ` ${url} did not answer; using the fallback ${h.url} (save it as the DoX URL to skip the retry).`;
  } else {
    message = healthFailureMessage(h.tried);
  }
  return {
    ok: h.ok,
    configuredUrl: url,
    url: h.url,
    generation: h.ok ? h.generation : 'unknown',
    latencyMs,
    status: h.status ?? null,
    version: h.version ?? null,
    uptimeSeconds: h.uptimeSeconds ?? null,
    message: redactSecrets(message, [jwt?.jwt]),
    tried,
    answered: !h.ok && healthAnswered(h.tried),
    jwtStored: jwt !== null,
    checkedAt: new Date().toISOString(),
  };
}


// ───────────────────────── push ─────────────────────────

function formatsOf(files: { csv: boolean; json: boolean; md: boolean }): BundleFormat[] {
  return (['csv', 'json', 'md'] as const).filter((f) => files[f]);
}

async function loadExport(app: App, kind: 'run' | 'validation', id: number | 'latest', formats: BundleFormat[]): Promise<{ id: string; files: ExportFile[] }> {
  try {
    if (kind === 'run') return loadRunExport(app as AppContext, id, formats);
    const { loadValidationExport } = await import('../export/validationExport');
    return loadValidationExport(app as AppContext, id, formats);
  } catch (e) {
    throw exportError(kind, id, e);
  }
}

function exportError(kind: string, id: number | 'latest', e: unknown): Error {
  if (e instanceof ApiError) return e;
  if (e instanceof ExportError) return new ApiError(e.code === 'not_found' ? 'not_found' : 'conflict', `${kind} ${id}: ${e.message}`);
  return new ApiError('internal', `could not export ${kind} ${id}: ${(e as Error).message}`);
}

type ParsedPush = Omit<DoxPushInput, 'files' | 'ask' | 'search' | 'dryRun' | 'datavzrd'> & {
  files: { csv: boolean; json: boolean; md: boolean };
  ask: string[];
  search: string[];
  dryRun: boolean;
  datavzrd: boolean;
};

export async function doxPush(app: App, input: ParsedPush, onProgress: (e: DoxPushProgress) => void = () => {}, opts: DoxServiceOptions = {}): Promise<DoxPushResult> {
  const env = opts.env ?? process.env;
  const formats = formatsOf(input.files);
  const { url } = resolveDoxUrl(app, input.url, env);

  // Gather the export files (run and/or validation report).
  const files: ExportFile[] = [];
  const source: { run?: string; validation?: string } = {};
  const both = input.run !== undefined && input.validation !== undefined;
  for (const kind of ['run', 'validation'] as const) {
    const id = input[kind];
    if (id === undefined) continue;
    const loaded = await loadExport(app, kind, id, formats);
    source[kind] = loaded.id;
    for (const f of loaded.files) files.push(both ? { ...f, name: `${kind}_${f.name}`, primary: kind === 'run' ? f.primary : false } : f);
  }
  if (files.length === 0) throw new ApiError('invalid_input', `files: nothing to send with the formats ${formats.join(', ')}`, [{ path: 'files', message: 'no export file matched the chosen formats' }]);

  // A dry run sends nothing: the JWT is only checked when it will go out in a header.
  const jwt = (await (input.dryRun ? loadDoxJwt : loadSendableDoxJwt)(app, env))?.jwt;
  const redact = (s: string) => redactSecrets(s, [jwt]);
  const wantChr = input.chr !== undefined || input.datavzrd;
  const planned: PushStepName[] = input.dryRun
    ? ['bundle', 'health', 'upload', 'artifact', ...(wantChr ? (['chr'] as const) : []), ...(input.datavzrd ? (['dashboard'] as const) : []), 'done']
    : ['bundle', 'health', 'upload', 'artifact', ...(wantChr ? (['chr'] as const) : []), ...(input.datavzrd ? (['dashboard'] as const) : []), ...(input.ask.length ? (['ask'] as const) : []), ...(input.search.length ? (['search'] as const) : []), 'done'];
  const total = planned.length;
  const onStep = (e: PushStepEvent) => {
    const i = Math.max(0, planned.indexOf(e.step));
    const finished = e.step === 'done' ? total : e.status === 'ok' || e.status === 'skip' || e.status === 'fail' ? i + 1 : i;
    onProgress({ phase: e.step, status: e.status, done: Math.min(total, finished), total, message: redact(e.message) });
  };
  const dashboardWaitMs = envInt(env, 'WORKBENCH_DOX_DASHBOARD_WAIT_MS', 0, 300_000);

  let result: PushResult;
  let failure: unknown;
  try {
    result = await pushBundle(
      {
        files,
        formats,
        outDir: app.dataDir,
        url,
        jwt,
        dryRun: input.dryRun,
        ...(input.chr ? { chr: { K: input.chr.K, ...(input.chr.iters ? { iters: input.chr.iters } : {}) } } : {}),
        datavzrd: input.datavzrd,
        ask: input.ask,
        search: input.search,
        source,
        appVersion: app.version,
        ...(dashboardWaitMs !== undefined ? { dashboardWaitMs } : {}),
        clientOptions: { ...envClientOptions(env), ...opts.clientOptions },
        signal: opts.signal,
      },
      onStep,
    );
  } catch (e) {
    if (!(e instanceof DoxPushError)) throw e instanceof ApiError ? e : new ApiError('internal', redact((e as Error).message));
    failure = e.cause;
    result = e.result;
  }
  let id: number;
  try {
    insertDoxPush(app.db, result.manifest);
    id = (app.db.prepare('SELECT id FROM dox_pushes WHERE correlation_id = ?').get(result.manifest.correlationId) as { id: number }).id;
  } catch (e) {
    throw new ApiError('internal', `the push ${failure ? 'failed and ' : ''}could not be recorded in the database: ${(e as Error).message}. Manifest: ${result.manifestPath}`);
  }
  if (failure !== undefined) throw pushApiError(failure, id, result, redact, opts.signal);
  return toResult(id, result);
}

function pushApiError(cause: unknown, id: number, r: PushResult, redact: (s: string) => string, signal?: AbortSignal): ApiError {
  const code = cause instanceof DoxError ? cause.code : 'internal';
  const msg = redact((cause as Error)?.message ?? String(cause));
  const where = `Push #${id} was recorded as failed; manifest ${r.manifestPath}.`;
  if (code === 'aborted' || signal?.aborted) {
    const sent = r.manifest.steps.some((s) => s.step === 'upload' && s.status === 'ok');
    return new ApiError('cancelled', `DoX push cancelled.${sent ? ' The files already uploaded stay in DoX (uploads cannot be undone).' : ''} ${where}`);
  }
  const apiCode =
    code === 'auth'
      ? 'unauthorized'
      : code === 'forbidden'
        ? 'forbidden'
        : code === 'unreachable' || code === 'timeout' || code === 'rate-limited' || code === 'server' || code === 'processing-lost' || code === 'protocol'
          ? 'unavailable'
          : code === 'artifact-not-found' || code === 'not-found'
            ? 'not_found'
            : 'internal';
  // The client's auth messages already say where to put a JWT (or, for DoX's own misconfigured
  // auth, that no JWT helps): a second "Store a DoX JWT" repeated the first, without a full stop between.
  return new ApiError(apiCode, `${msg}${/[.!?]$/.test(msg) ? '' : '.'} ${where}`);
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export function toResult(id: number, r: PushResult): DoxPushResult {
  const m: DoxManifest = r.manifest;
  return {
    id,
    status: m.status,
    dryRun: m.dryRun,
    correlationId: m.correlationId,
    doxUrl: m.doxUrl,
    generation: m.generation ?? null,
    source: { run: m.source.run ?? null, validation: m.source.validation ?? null },
    artifactsDir: r.artifactsDir,
    manifestPath: r.manifestPath,
    requestsPath: m.requestsFile ? `${r.artifactsDir}/${m.requestsFile}` : null,
    files: m.files.map((f) => ({ name: f.name, disposition: String(f.disposition), size: f.size, sha256: f.sha256 })),
    sent: m.sent.map((s) => ({ filename: s.filename, size: s.size, sha256: s.sha256 })),
    artifacts: m.artifacts,
    chr: m.chr
      ? {
          K: m.chr.K,
          mhep: num(m.chr.mhep),
          Hg: num(m.chr.Hg),
          Hs: num(m.chr.Hs),
          units: num(m.chr.units),
          localCsv: m.chr.localCsv,
          fullTable: m.chr.fullTable,
          previewRows: m.chr.previewRows.map((p) => ({ idx: p.idx, constellation: p.constellation, radius: num(p.radius), text: String(p.text).slice(0, 500) })),
        }
      : null,
    dashboard: m.datavzrd ? { url: m.datavzrd.dashboardUrl, relViz: m.datavzrd.relViz, ready: m.datavzrd.dashboardReady, localVizYaml: m.datavzrd.localVizYaml } : null,
    answers: m.answers.map((a) => ({ question: a.question, answer: a.answer ?? null, metric: a.metric ?? null, total: num(a.total), error: a.error ?? null })),
    searches: m.searches.map((s) => ({ q: s.q, count: s.count ?? null, results: (s.results ?? []).map((x) => ({ score: num(x.score), text: x.text })), error: s.error ?? null })),
    warnings: m.warnings,
    steps: m.steps,
  };
}

// ───────────────────────── history ─────────────────────────

interface Row {
  id: number;
  created_at: string;
  correlation_id: string;
  dox_url: string;
  status: 'ok' | 'failed' | 'dry-run';
  dry_run: number;
  source_kind: string | null;
  source_id: string | null;
  artifacts_dir: string;
  artifact_ids: string;
  dashboard_url: string | null;
  error: string | null;
  manifest_json: string;
}

export function listDoxPushes(app: Pick<AppContext, 'db'>, limit = 50): DoxPushRecord[] {
  const rows = app.db.prepare('SELECT * FROM dox_pushes ORDER BY id DESC LIMIT ?').all(limit) as Row[];
  // Read back through the record schema: a damaged row is named, not passed on as a push.
  return rows.map((r) =>
    storedRow(
      DoxPushRecord,
      {
        id: r.id,
        createdAt: r.created_at,
        correlationId: r.correlation_id,
        doxUrl: r.dox_url,
        status: r.status,
        dryRun: r.dry_run === 1,
        sourceKind: r.source_kind,
        sourceId: r.source_id,
        artifactsDir: r.artifacts_dir,
        artifactIds: jsonColumn(r.artifact_ids),
        dashboardUrl: r.dashboard_url,
        error: r.error,
        manifest: jsonColumn(r.manifest_json, { error: 'the stored manifest is not valid JSON' }),
      },
      `DoX push ${String(r.id)}`,
    ),
  );
}
