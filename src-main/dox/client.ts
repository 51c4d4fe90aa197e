/**
 * PMOVES-DoX client for both API generations (spec/integrations.md §2, required behaviour §2.9):
 *  - "pin" (2cdb38a, port 8000): no /healthz, no auth, no limits;
 *  - "head" (24e1be2, port 8484): /healthz, optional JWT (required on /download, /reset,
 *    /search/rebuild), 100 requests/minute, 100 MB per file, security middleware.
 * zod validates every response. Errors are typed (./errors) and never contain the token.
 * Call it from the main process only (DoX sends no CORS headers outside development).
 */
import { randomUUID } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { z } from 'zod';
import { maskUrlSecrets } from '../../src-shared/api/define';
import { count, plural } from '../../src-shared/report/format';
import { realClock, SlidingWindowLimiter, type DoxClock } from './clock';
import {
  ArtifactDetailSchema,
  ArtifactSchema,
  ArtifactsSchema,
  AskSchema,
  ChrSchema,
  ConfigSchema,
  ConvertSchema,
  DatavzrdSchema,
  DetailBodySchema,
  FactSchema,
  FactsSchema,
  HealthSchema,
  PomlSchema,
  RateLimitBodySchema,
  SearchSchema,
  SecurityBodySchema,
  TagsSchema,
  TaskSchema,
  TasksSchema,
  UploadResponseSchema,
  type DoxArtifact,
  type DoxFact,
} from './schemas';
import {
  DoxAborted,
  DoxArtifactNotFound,
  DoxAuthError,
  DoxChrError,
  DoxError,
  DoxFileRejected,
  DoxForbidden,
  DoxHttpError,
  DoxNeedsChr,
  DoxNotSupported,
  DoxProcessingLost,
  DoxProtocolError,
  DoxRateLimited,
  DoxTaskError,
  DoxTimeout,
  DoxUnreachable,
  DoxUploadError,
  DoxValidationError,
  redactSecrets,
  redactedCut,
  type FastApiDetail,
} from './errors';

export const DOX_DEFAULT_URL = 'http://127.0.0.1:8484';
export const DOX_PIN_PORT = '8000';
export const DOX_HEAD_PORT = '8484';
export const DATAVZRD_PORT = '5173';
/** HEAD's MAX_FILE_SIZE (100 MB); applied to both generations. */
export const DOX_MAX_FILE_BYTES = 100 * 1024 * 1024;
/**
 * Extensions POST /upload processes, both generations: .pdf, .csv, .xlsx/.xls and DoX's
 * IMAGE_SUFFIXES / AUDIO_SUFFIXES / VIDEO_SUFFIXES (backend/app/globals.py at HEAD, main.py @pin).
 * Anything else (`.json`, `.md`, `.webp` …) is refused per file inside a 200 and leaves an orphan artefact.
 */
export const DOX_UPLOAD_EXTENSIONS = [
  '.csv', '.pdf', '.xlsx', '.xls',
  '.png', '.jpg', '.jpeg', '.tif', '.tiff', '.bmp',
  '.mp3', '.wav', '.m4a', '.ogg', '.flac', '.aac', '.mp4', '.mov', '.mkv', '.webm', '.avi',
] as const;
/** 5xx/timeout retries of idempotent GETs: up to 3, as for Firefly (spec §4 F9: 1 + 3 attempts). */
const GET_RETRIES = 3;
/** Longest Retry-After honoured before re-sending an idempotent call after a 5xx. */
const MAX_5XX_RETRY_AFTER_S = 60;
/** Paths the server's limiter ignores; the client does not count them either. */
const RATE_EXEMPT = new Set(['/', '/health', '/healthz', '/metrics', '/docs', '/redoc', '/openapi.json']);

export interface DoxTimeouts {
  probeMs: number;
  defaultMs: number;
  uploadBaseMs: number;
  uploadPerMbMs: number;
  chrMs: number;
  vizMs: number;
}
export const DOX_TIMEOUTS: Readonly<DoxTimeouts> = {
  probeMs: 5_000,
  defaultMs: 30_000,
  uploadBaseMs: 120_000,
  uploadPerMbMs: 1_000,
  chrMs: 120_000,
  vizMs: 120_000,
};

export type DoxGeneration = 'head' | 'pin' | 'unknown';

export interface DoxClientOptions {
  /** Base URL of the DoX backend. Default http://127.0.0.1:8484. */
  baseUrl?: string;
  /**
   * URLs tried once, in order, when the health probe of `baseUrl` fails. Default: the same host on
   * port 8000 when `baseUrl` uses 8484 (the pinned generation's port), else none.
   */
  fallbackUrls?: string[];
  /** Optional bearer token (Supabase JWT). Never logged or included in errors. */
  jwt?: string;
  clock?: DoxClock;
  /** Pacing under the server's 100 requests / 60 s. Default { max: 95, windowMs: 60_000 }. */
  rateLimit?: { max: number; windowMs: number };
  timeouts?: Partial<DoxTimeouts>;
  /** User-facing notices (429 waits, pacing waits, retries). */
  onNotice?: (message: string) => void;
  /** Diagnostics (raw body snippets ≤ 2 KB on protocol errors). Never receives the token. */
  onLog?: (message: string) => void;
  /** Base delay for 5xx/timeout retry backoff (jittered ±20 %). Default 500 ms. */
  retryBaseMs?: number;
  datavzrdPort?: string;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export interface DoxHealth {
  ok: boolean;
  url: string;
  generation: DoxGeneration;
  status?: string;
  uptimeSeconds?: number;
  version?: string;
  /** Why not ok (protocol error, refused, HTTP status…). */
  reason?: string;
  errorCode?: string;
}

export interface UploadItem {
  name: string;
  contentType?: string;
  /** Bytes in memory, or a file streamed from disk. */
  source: { bytes: Uint8Array } | { path: string };
}

export interface UploadedFile {
  filename: string;
  status: 'success' | 'queued';
  taskId?: string;
  artifactId?: string;
  factsCount?: number;
  evidenceCount?: number;
}
export interface UploadOutcome {
  correlationId: string;
  files: UploadedFile[];
}

export interface ChrOptions {
  K?: number;
  iters?: number;
  bins?: number;
  seed?: number;
  beta?: number;
  unitsMode?: 'paragraphs' | 'sentences';
  includeTables?: boolean;
}
export interface ChrResult {
  artifactId: string;
  K: number;
  mhep: number;
  Hg: number;
  Hs: number;
  units: number;
  previewRows: Array<{ idx: number; constellation: number; radius: number; text: string; page?: number | string | null }>;
  relCsv?: string;
  relJson?: string;
  relPlot?: string | null;
}
export interface DatavzrdResult {
  artifactId: string;
  projectDir?: string;
  vizYaml?: string;
  relViz: string;
  /** `http://<dox-host>:5173/` — one dashboard at a time, no per-id path. */
  dashboardUrl: string;
}
export interface AskResult {
  answer: string;
  evidence: unknown[];
  metric: string | null;
  total: number | null;
  average: number | null;
  count: number | null;
  hrm: { enabled: boolean; steps?: number } | null;
}
export interface SearchResult {
  results: Array<{ score: number; text: string; meta: Record<string, unknown> }>;
  count: number;
  tookMs: number | null;
}
export interface TagsResult {
  tags: unknown[];
  shape: 'pin' | 'head';
  tagsSaved?: number;
}

interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: FormData;
  timeoutMs?: number;
  /** Retries for 5xx, timeouts and connection errors (idempotent calls only). */
  retries?: number;
  /**
   * false: a client-side timeout is not retried (the server is still working on the request; a
   * re-send only queues a second run behind it). Default true.
   */
  retryTimeout?: boolean;
  /** Upload semantics: never retried once the body may have left; refused connections retried once. */
  upload?: boolean;
  baseUrl?: string;
  /** For error messages on 404 of ids etc. */
  expectBinary?: boolean;
}
interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  bytes?: Uint8Array;
  route: string;
}

/** Where to start DoX or change its address; said once per message. */
const START_OR_SET_URL = "start the DoX backend or check its address (the DoX section's Connection in the app; --url or DOX_URL on the CLI)";
const REFUSED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 6 && e; i++) {
    const anyE = e as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof anyE.code === 'string' && anyE.code !== 'ABORT_ERR') return anyE.code;
    if (Array.isArray(anyE.errors) && anyE.errors.length > 0) {
      const c = networkCode(anyE.errors[0]);
      if (c) return c;
    }
    e = anyE.cause;
  }
  return undefined;
}

export function doxDashboardUrl(baseUrl: string, port: string = DATAVZRD_PORT): string {
  const u = new URL(baseUrl);
  return `${u.protocol}//${u.hostname.includes(':') && !u.hostname.startsWith('[') ? `[${u.hostname}]` : u.hostname}:${port}/`;
}

export function defaultFallbacks(baseUrl: string): string[] {
  try {
    const u = new URL(baseUrl);
    if (u.port === DOX_HEAD_PORT) {
      u.port = DOX_PIN_PORT;
      return [u.toString().replace(/\/$/, '')];
    }
  } catch {
    /* invalid URL reported elsewhere */
  }
  return [];
}

export function normaliseBaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DoxError('validation', `"${maskUrlSecrets(url)}" is not a valid DoX URL; use something like http://127.0.0.1:8484`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new DoxError('validation', `DoX URL must start with http:// or https:// (got ${u.protocol})`);
  }
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}

/**
 * Why `jwt` cannot be sent as "Authorization: Bearer …", or null when it can. An HTTP header carries
 * visible ASCII only; fetch throws on anything else before connecting, which read as "DoX is not
 * reachable … start DoX". `name` is what to call it (an environment variable, the stored JWT); the
 * value itself is never quoted.
 */
export function unsendableJwtReason(jwt: string, name: string): string | null {
  const bad = /[^\x21-\x7e]/.exec(jwt);
  if (!bad) return null;
  const cp = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `${name} has a character at position ${bad.index + 1} (U+${cp}) that cannot be sent in an HTTP header; a JWT is visible ASCII only (xxxxx.yyyyy.zzzzz). Copy it again, or paste it under DoX JWT in the DoX section.`;
}

export function extensionOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i <= 0 ? '' : name.slice(i).toLowerCase();
}

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
  '.json': 'application/json',
  '.md': 'text/markdown',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};
export function contentTypeFor(name: string): string {
  return CONTENT_TYPES[extensionOf(name)] ?? 'application/octet-stream';
}

export class DoxClient {
  baseUrl: string;
  generation: DoxGeneration = 'unknown';
  private readonly fallbackUrls: string[];
  private readonly jwt?: string;
  private readonly clock: DoxClock;
  private readonly limiter: SlidingWindowLimiter;
  private readonly timeouts: DoxTimeouts;
  private readonly notice: (m: string) => void;
  private readonly log: (m: string) => void;
  private readonly retryBaseMs: number;
  private readonly signal?: AbortSignal;
  private readonly fetchImpl: typeof fetch;
  /** Where datavzrd answers (WORKBENCH_DOX_DATAVZRD_PORT, else 5173): pushes and dry-run plans both use it. */
  readonly datavzrdPort: string;

  constructor(options: DoxClientOptions = {}) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl ?? DOX_DEFAULT_URL);
    this.fallbackUrls = (options.fallbackUrls ?? defaultFallbacks(this.baseUrl)).map(normaliseBaseUrl);
    this.jwt = options.jwt && options.jwt.trim() ? options.jwt.trim() : undefined;
    this.clock = options.clock ?? realClock;
    const rl = options.rateLimit ?? { max: 95, windowMs: 60_000 };
    this.limiter = new SlidingWindowLimiter(rl.max, rl.windowMs, this.clock);
    this.timeouts = { ...DOX_TIMEOUTS, ...options.timeouts };
    this.notice = options.onNotice ?? (() => {});
    this.log = options.onLog ?? (() => {});
    this.retryBaseMs = options.retryBaseMs ?? 500;
    this.signal = options.signal;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.datavzrdPort = options.datavzrdPort ?? DATAVZRD_PORT;
  }

  get hasToken(): boolean {
    return this.jwt !== undefined;
  }

  /** Headers the client sends (the token redacted) — used by dry runs. */
  describeHeaders(kind: 'json' | 'multipart' | 'none'): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json', 'X-Request-Id': '<uuid per request>' };
    if (kind === 'json') h['Content-Type'] = 'application/json';
    if (kind === 'multipart') h['Content-Type'] = 'multipart/form-data; boundary=<generated>';
    if (this.jwt) h.Authorization = 'Bearer <redacted>';
    return h;
  }

  // ───────────────────────── health ─────────────────────────

  /** One probe: GET /health (5 s); up = 200 + JSON `status` ∈ {ok, healthy}. Then /healthz for the generation. */
  async probe(url: string = this.baseUrl): Promise<DoxHealth> {
    const base = normaliseBaseUrl(url);
    let raw: RawResponse;
    try {
      raw = await this.send({ method: 'GET', path: '/health', timeoutMs: this.timeouts.probeMs, retries: 0, baseUrl: base });
    } catch (e) {
      const err = e as DoxError;
      // Short facts: healthFailureMessage lists every probed address and gives the advice once.
      const reason = err instanceof DoxUnreachable && err.fact ? err.fact : err instanceof DoxTimeout ? `no answer within ${Math.round(this.timeouts.probeMs / 1000)} s` : err.message;
      return { ok: false, url: base, generation: 'unknown', reason, errorCode: err.code ?? 'unreachable' };
    }
    if (raw.status !== 200) {
      // A redirect is a protocol error (spec §4 F5): a proxy or another address answered, not DoX.
      if (isRedirect(raw.status)) {
        return { ok: false, url: base, generation: 'unknown', reason: `GET /health answered HTTP ${raw.status}; ${redirectFact(raw, '/health', this.jwt)}`, errorCode: 'protocol' };
      }
      // Both DoX generations serve /health at the root of the backend: a 404/405 means this address is
      // something else (a path such as /api appended, another service), not an unhealthy DoX to restart.
      if (raw.status === 404 || raw.status === 405) {
        const path = new URL(base).pathname;
        return {
          ok: false,
          url: base,
          generation: 'unknown',
          reason: `GET /health answered HTTP ${raw.status}; DoX serves /health at the root of its backend, so this address is not the DoX backend${path.length > 1 ? ` (remove the path ${path})` : ''}`,
          errorCode: 'protocol',
        };
      }
      return { ok: false, url: base, generation: 'unknown', reason: `GET /health answered HTTP ${raw.status}`, errorCode: raw.status === 401 || raw.status === 403 ? 'refused' : 'server' };
    }
    let body;
    try {
      body = this.parse(raw, HealthSchema);
    } catch (e) {
      return { ok: false, url: base, generation: 'unknown', reason: (e as Error).message, errorCode: 'protocol' };
    }
    // Server text (status, version) is printed, kept in the push manifest and the DB: never with the token in it.
    const scrub = (s: string) => redactSecrets(s, [this.jwt]);
    if (body.status !== 'ok' && body.status !== 'healthy') {
      const status = scrub(body.status);
      return { ok: false, url: base, generation: 'unknown', status, reason: `DoX reports status "${status}"`, errorCode: 'server' };
    }
    let generation: DoxGeneration = 'pin';
    let version = body.version ?? undefined;
    try {
      const z = await this.send({ method: 'GET', path: '/healthz', timeoutMs: this.timeouts.probeMs, retries: 0, baseUrl: base });
      if (z.status === 200) {
        const zb = HealthSchema.safeParse(safeJson(z.text));
        if (zb.success) {
          generation = 'head';
          version = zb.data.version ?? version;
        }
      }
    } catch {
      /* /healthz is optional (absent @pin) */
    }
    return { ok: true, url: base, generation, status: body.status, uptimeSeconds: body.uptime_seconds ?? undefined, version: version === undefined ? undefined : scrub(version) };
  }

  /** Probe baseUrl, then each fallback once; remember the first healthy URL. */
  async checkHealth(): Promise<DoxHealth & { tried: DoxHealth[] }> {
    const tried: DoxHealth[] = [];
    for (const url of [this.baseUrl, ...this.fallbackUrls.filter((u) => u !== this.baseUrl)]) {
      const h = await this.probe(url);
      tried.push(h);
      if (h.ok) {
        this.baseUrl = h.url;
        this.generation = h.generation;
        return { ...h, tried };
      }
    }
    return { ...tried[0], tried };
  }

  /** Health check first; throws DoxUnreachable saying what to start or fix. */
  async ensureHealthy(): Promise<DoxHealth & { tried: DoxHealth[] }> {
    const h = await this.checkHealth();
    if (h.ok) return h;
    throw new DoxUnreachable(healthFailureMessage(h.tried), h.tried.map((t) => t.url));
  }

  async config(): Promise<z.infer<typeof ConfigSchema>> {
    return this.call({ method: 'GET', path: '/config', retries: GET_RETRIES }, ConfigSchema);
  }

  // ───────────────────────── upload ─────────────────────────

  /** Checks done before any request: extension, size ≤ 100 MB, unique names. Returns sizes. */
  async precheck(items: UploadItem[]): Promise<number[]> {
    if (items.length === 0) throw new DoxFileRejected('', 'nothing to upload: the bundle has no file DoX accepts (.csv, .pdf, .xlsx …)');
    const seen = new Set<string>();
    const sizes: number[] = [];
    for (const it of items) {
      const ext = extensionOf(it.name);
      if (!(DOX_UPLOAD_EXTENSIONS as readonly string[]).includes(ext)) {
        throw new DoxFileRejected(it.name, `${it.name}: DoX /upload does not accept "${ext || '(no extension)'}" files; allowed: ${DOX_UPLOAD_EXTENSIONS.slice(0, 4).join(', ')}, images, audio, video`);
      }
      if (seen.has(it.name)) throw new DoxFileRejected(it.name, `${it.name} appears twice in one upload; file names must be unique so the artefact id can be resolved`);
      seen.add(it.name);
      const size = 'bytes' in it.source ? it.source.bytes.byteLength : (await stat(it.source.path)).size;
      if (size > DOX_MAX_FILE_BYTES) {
        throw new DoxFileRejected(it.name, `${it.name} is ${(size / 1048576).toFixed(1)} MB; DoX accepts at most 100 MB per file — split or trim it before pushing`);
      }
      sizes.push(size);
    }
    return sizes;
  }

  /**
   * POST /upload?report_week=<correlationId> with multipart field `files` (one part per file).
   * Never re-sent once the body may have left (duplicates); a refused connection is retried once.
   */
  async upload(items: UploadItem[], opts: { correlationId?: string } = {}): Promise<UploadOutcome> {
    const sizes = await this.precheck(items);
    const correlationId = opts.correlationId ?? randomUUID();
    const form = new FormData();
    for (const it of items) {
      const type = it.contentType ?? contentTypeFor(it.name);
      const blob = 'bytes' in it.source ? new Blob([it.source.bytes as Uint8Array<ArrayBuffer>], { type }) : await openAsBlob(it.source.path, { type });
      form.append('files', blob, it.name);
    }
    const hasPdf = items.some((i) => extensionOf(i.name) === '.pdf');
    const totalMb = sizes.reduce((a, b) => a + b, 0) / 1048576;
    let body;
    try {
      body = await this.call(
        {
          method: 'POST',
          path: '/upload',
          query: { report_week: correlationId, ...(hasPdf ? { async_pdf: 'true' } : {}) },
          form,
          upload: true,
          timeoutMs: this.timeouts.uploadBaseMs + Math.ceil(totalMb) * this.timeouts.uploadPerMbMs,
        },
        UploadResponseSchema,
        { correlationId },
      );
    } catch (e) {
      // DoX's code answers an oversize file with a per-file error in a 200, its API_REFERENCE with a 413
      // (spec §2.4 "Upload size"); a proxy in front of DoX (nginx: 1 MB by default) answers 413 too.
      if (e instanceof DoxError && e.status === 413) {
        const perFile = items.map((it, i) => ({ filename: it.name, error: `${(sizes[i] / 1048576).toFixed(1)} MB` }));
        throw new DoxUploadError(
          `DoX (or a proxy in front of it) refused the upload as too large (HTTP 413): ${perFile.map((f) => `${f.filename} is ${f.error}`).join(', ')}, ${totalMb.toFixed(1)} MB in all. DoX accepts at most 100 MB per file; a proxy may allow less (raise its body size limit, e.g. nginx client_max_body_size). Not retried.`,
          perFile,
          correlationId,
        );
      }
      throw e;
    }
    if (body.results.length === 0) {
      throw new DoxUploadError('no files accepted: DoX returned an empty results list (it only reads the multipart field "files"; check the DoX version)', [], correlationId);
    }
    const failed = body.results.filter((r) => r.status === 'error' || (r.status !== 'success' && r.status !== 'queued'));
    if (failed.length > 0) {
      const perFile = failed.map((r) => ({ filename: r.filename ?? '?', error: r.error ?? `status ${r.status}` }));
      throw new DoxUploadError(
        `DoX rejected ${perFile.length} of ${plural(body.results.length, 'file')}: ${perFile.map((f) => `${f.filename}: ${f.error}`).join('; ')}. DoX may keep an orphan artefact row (report_week=${correlationId}).`,
        perFile,
        correlationId,
      );
    }
    return {
      correlationId,
      files: body.results.map((r) => ({
        filename: r.filename ?? '',
        status: r.status as 'success' | 'queued',
        taskId: r.task_id ?? undefined,
        artifactId: r.artifact_id ?? undefined,
        factsCount: r.facts_count ?? undefined,
        evidenceCount: r.evidence_count ?? undefined,
      })),
    };
  }

  /** Non-PDF files: GET /artifacts, the one entry with report_week = correlation id and the file's name. */
  async resolveArtifactId(filename: string, correlationId: string): Promise<string> {
    return (await this.resolveArtifactIds([filename], correlationId)).get(filename)!;
  }

  /**
   * The artefact ids of several files of one upload from ONE GET /artifacts: DoX lists every
   * artefact (and counts all evidence) on each call, so a listing per file was N times the work and
   * N requests under the 100/minute limit. Throws DoxArtifactNotFound for the first file with none or several.
   */
  async resolveArtifactIds(filenames: string[], correlationId: string): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (filenames.length === 0) return ids;
    const { artifacts } = await this.listArtifacts();
    const ours = artifacts.filter((a) => a.report_week === correlationId);
    for (const filename of filenames) {
      // By `filename` (DoX stores the name as sent); the stored path `uploads/<uuid>_<name>` only
      // when a row has no filename. Matching both would also take `my_sim.csv` for `sim.csv`.
      const matches = ours.filter((a) => (a.filename ? a.filename === filename : (a.filepath ?? '').endsWith(`_${filename}`)));
      if (matches.length === 0) {
        throw new DoxArtifactNotFound(`DoX has no artefact for ${filename} with report_week=${correlationId}; the upload was not stored — check the DoX logs, then push again`);
      }
      if (matches.length > 1) {
        throw new DoxArtifactNotFound(`DoX has ${matches.length} artefacts for ${filename} with report_week=${correlationId}; cannot tell which one this push created`);
      }
      ids.set(filename, matches[0].id);
    }
    return ids;
  }

  /** PDFs: poll /tasks/{id} (1 s, ×1.5 up to 5 s, 10 min cap) until completed/error. */
  async waitForTask(taskId: string, opts: { capMs?: number; initialMs?: number; maxMs?: number; onPoll?: (n: number) => void } = {}): Promise<{ artifactId: string; task: z.infer<typeof TaskSchema> }> {
    const cap = opts.capMs ?? 600_000;
    let interval = opts.initialMs ?? 1_000;
    const maxInterval = opts.maxMs ?? 5_000;
    const start = this.clock.now();
    for (let n = 1; ; n++) {
      await this.sleep(interval);
      let task;
      try {
        task = await this.call({ method: 'GET', path: `/tasks/${encodeURIComponent(taskId)}`, retries: GET_RETRIES }, TaskSchema);
      } catch (e) {
        if (e instanceof DoxHttpError && e.status === 404) throw new DoxProcessingLost(taskId, 'GET /tasks answered 404 "Task not found"');
        throw e;
      }
      opts.onPoll?.(n);
      if (task.status === 'completed') {
        if (!task.artifact_id) throw new DoxProtocolError(`GET /tasks/${taskId}`, `DoX marked task ${taskId} completed without an artifact_id`);
        return { artifactId: task.artifact_id, task };
      }
      if (task.status === 'error') {
        throw new DoxTaskError(taskId, `DoX failed to process ${task.filename ?? 'the file'}: ${redactSecrets(task.error ?? 'no reason given', [this.jwt])}`);
      }
      if (this.clock.now() - start >= cap) throw new DoxProcessingLost(taskId, `still "${task.status}" after ${Math.round(cap / 60000)} min`);
      interval = Math.min(maxInterval, interval * 1.5);
    }
  }

  /** Upload then resolve the artefact id of every file (tasks for PDFs, /artifacts otherwise). */
  async uploadAndResolve(items: UploadItem[], opts: { correlationId?: string; onTaskPoll?: (file: string, n: number) => void } = {}): Promise<UploadOutcome> {
    const out = await this.upload(items, opts);
    for (const f of out.files) {
      if (!f.artifactId && f.taskId) f.artifactId = (await this.waitForTask(f.taskId, { onPoll: (n) => opts.onTaskPoll?.(f.filename, n) })).artifactId;
    }
    const rest = out.files.filter((f) => !f.artifactId);
    const ids = await this.resolveArtifactIds(rest.map((f) => f.filename), out.correlationId);
    for (const f of rest) f.artifactId = ids.get(f.filename);
    return out;
  }

  // ───────────────────────── reads ─────────────────────────

  /**
   * GET /artifacts lists every artefact in DoX (all users, all ingest kinds). A row that does not
   * fit ArtifactSchema is skipped and counted (spec §4 F12), not allowed to fail the whole lookup.
   */
  async listArtifacts(): Promise<{ artifacts: DoxArtifact[]; skipped: number }> {
    const body = await this.call({ method: 'GET', path: '/artifacts', retries: GET_RETRIES }, ArtifactsSchema);
    const { kept, skipped } = this.keepValidRows('GET /artifacts', 'artefact', body.artifacts, ArtifactSchema);
    return { artifacts: kept, skipped };
  }

  async artifact(id: string): Promise<z.infer<typeof ArtifactDetailSchema>> {
    return this.call({ method: 'GET', path: `/artifacts/${encodeURIComponent(id)}`, retries: GET_RETRIES }, ArtifactDetailSchema);
  }

  /** GET /facts; malformed rows are skipped and counted in the log (spec §4 F12). */
  async facts(reportWeek?: string): Promise<DoxFact[]> {
    const body = await this.call({ method: 'GET', path: '/facts', query: { report_week: reportWeek }, retries: GET_RETRIES }, FactsSchema);
    return this.keepValidRows('GET /facts', 'fact', body.facts, FactSchema).kept;
  }

  /** The rows that fit `schema`, and how many did not (those are named in the log). */
  private keepValidRows<S extends z.ZodType>(route: string, what: string, rows: unknown[], schema: S): { kept: Array<z.infer<S>>; skipped: number } {
    const kept: Array<z.infer<S>> = [];
    const issues: string[] = [];
    rows.forEach((row, i) => {
      const r = schema.safeParse(row);
      if (r.success) kept.push(r.data);
      else issues.push(`row ${i}: ${r.error.issues.slice(0, 2).map((x) => `${x.path.join('.') || '(row)'}: ${x.message}`).join(', ')}`);
    });
    if (issues.length > 0) {
      this.log(redactSecrets(`DoX ${route}: skipped ${count(issues.length)} of ${plural(rows.length, `${what} row`)} that do not fit the expected shape (${issues.slice(0, 3).join('; ')})`, [this.jwt]));
    }
    return { kept, skipped: issues.length };
  }

  async tasks(): Promise<z.infer<typeof TasksSchema>> {
    return this.call({ method: 'GET', path: '/tasks', retries: GET_RETRIES }, TasksSchema);
  }

  /** POST /ask?question=… with an empty body (the only form DoX reads). */
  async ask(question: string, opts: { useHrm?: boolean } = {}): Promise<AskResult> {
    const b = await this.call(
      { method: 'POST', path: '/ask', query: { question, ...(opts.useHrm ? { use_hrm: 'true' } : {}) }, retries: 1 },
      AskSchema,
    );
    return {
      answer: b.answer,
      evidence: b.evidence ?? [],
      metric: b.metric ?? null,
      total: b.total ?? null,
      average: b.average ?? null,
      count: b.count ?? null,
      hrm: b.hrm ? { enabled: b.hrm.enabled ?? false, ...(b.hrm.steps != null ? { steps: b.hrm.steps } : {}) } : null,
    };
  }

  /** POST /search {q,k,types?}; both response shapes (with or without took_ms/count). */
  async search(q: string, opts: { k?: number; types?: Array<'pdf' | 'api' | 'log' | 'tag'> } = {}): Promise<SearchResult> {
    const body: Record<string, unknown> = { q, k: opts.k ?? 5 };
    if (opts.types && opts.types.length > 0) body.types = opts.types;
    const b = await this.call({ method: 'POST', path: '/search', json: body, retries: 1 }, SearchSchema);
    return {
      results: b.results.map((r) => ({ score: r.score, text: r.text, meta: (r.meta ?? {}) as Record<string, unknown> })),
      count: b.count ?? b.results.length,
      tookMs: b.took_ms ?? null,
    };
  }

  // ───────────────────────── CHR + datavzrd ─────────────────────────

  async chr(artifactId: string, opts: ChrOptions = {}): Promise<ChrResult> {
    const route = 'POST /structure/chr';
    const body = {
      artifact_id: artifactId,
      K: opts.K ?? 8,
      iters: opts.iters ?? 30,
      bins: opts.bins ?? 8,
      seed: opts.seed ?? 42,
      beta: opts.beta ?? 12,
      units_mode: opts.unitsMode ?? 'paragraphs',
      include_tables: opts.includeTables ?? true,
    };
    let b;
    try {
      // One retry at most on 5xx (embedding failures are not retried twice); 400/404 never. Not after
      // our own timeout either: DoX runs CHR synchronously inside an async handler (main.py
      // structure_chr → run_chr), so it keeps computing, its event loop blocked, and a re-POST would
      // wait behind that run and then compute a second one.
      b = await this.call({ method: 'POST', path: '/structure/chr', json: body, timeoutMs: this.timeouts.chrMs, retries: 1, retryTimeout: false }, ChrSchema);
    } catch (e) {
      if (e instanceof DoxError && e.status === 400 && !(e instanceof DoxForbidden)) {
        const msg = detailText(e);
        if (/could not derive units/i.test(msg)) {
          throw new DoxChrError(route, `DoX could not derive text units for CHR from artefact ${artifactId} (is the table empty?): ${msg}`, 400);
        }
        throw new DoxChrError(route, `DoX refused CHR for artefact ${artifactId}: ${msg}`, 400);
      }
      if (e instanceof DoxHttpError && e.status === 404) {
        throw new DoxChrError(route, `DoX does not know artefact ${artifactId} (stale id? the DoX database may have been reset): ${e.detail}`, 404);
      }
      throw e;
    }
    return {
      artifactId,
      K: b.K,
      mhep: b.mhep,
      Hg: b.Hg,
      Hs: b.Hs,
      units: b.counts.units,
      previewRows: b.preview_rows.map((r) => ({ idx: r.idx, constellation: r.constellation, radius: r.radius, text: r.text, page: r.page ?? null })),
      relCsv: b.artifacts?.rel_csv ?? undefined,
      relJson: b.artifacts?.rel_json ?? undefined,
      relPlot: b.artifacts?.rel_plot ?? null,
    };
  }

  async datavzrd(artifactId: string, opts: { title?: string } = {}): Promise<DatavzrdResult> {
    const route = 'POST /viz/datavzrd';
    let b;
    try {
      b = await this.call(
        { method: 'POST', path: '/viz/datavzrd', json: { artifact_id: artifactId, ...(opts.title ? { title: opts.title } : {}) }, timeoutMs: this.timeouts.vizMs, retries: 1 },
        DatavzrdSchema,
      );
    } catch (e) {
      if (e instanceof DoxError && e.status === 400 && /chr csv not found|run \/structure\/chr/i.test(detailText(e))) throw new DoxNeedsChr(route);
      if (e instanceof DoxHttpError && e.status === 404) throw new DoxChrError(route, `DoX does not know artefact ${artifactId} (stale id?): ${e.detail}`, 404);
      throw e;
    }
    return {
      artifactId,
      projectDir: b.project_dir ?? undefined,
      vizYaml: b.viz_yaml ?? undefined,
      relViz: b.rel_viz,
      dashboardUrl: doxDashboardUrl(this.baseUrl, this.datavzrdPort),
    };
  }

  /** Poll the datavzrd static server until it answers 200 (default 30 s cap). */
  async waitForDashboard(url: string, opts: { capMs?: number; intervalMs?: number } = {}): Promise<boolean> {
    const cap = opts.capMs ?? 30_000;
    const interval = opts.intervalMs ?? 2_000;
    const start = this.clock.now();
    for (;;) {
      // The push's signal too: a cancel must not wait out a silent datavzrd's 5 s poll.
      const timeout = AbortSignal.timeout(Math.min(5_000, Math.max(500, cap)));
      try {
        const res = await this.fetchImpl(url, { signal: this.signal ? AbortSignal.any([this.signal, timeout]) : timeout });
        await res.arrayBuffer().catch(() => undefined);
        if (res.status === 200) return true;
      } catch {
        if (this.signal?.aborted) throw new DoxAborted(`GET ${url}`);
        /* not up yet */
      }
      if (this.clock.now() - start + interval > cap) return false;
      await this.sleep(interval);
    }
  }

  // ───────────────────────── documents ─────────────────────────

  /** GET /download?rel=… (HEAD: JWT required; only files of artefact records). */
  async download(rel: string): Promise<Uint8Array> {
    const raw = await this.request({ method: 'GET', path: '/download', query: { rel }, retries: GET_RETRIES, expectBinary: true });
    return raw.bytes ?? new Uint8Array();
  }

  /** POST /convert {artifact_id, format} → {rel}; fetch it with download(rel). */
  async convert(artifactId: string, format: 'txt' | 'docx'): Promise<{ rel: string; path?: string }> {
    const b = await this.call({ method: 'POST', path: '/convert', json: { artifact_id: artifactId, format }, retries: 0 }, ConvertSchema);
    return { rel: b.rel, path: b.path ?? undefined };
  }

  async exportPoml(documentId: string, opts: { title?: string; variant?: 'generic' | 'troubleshoot' | 'catalog' } = {}): Promise<{ rel: string; path?: string }> {
    try {
      const b = await this.call(
        { method: 'POST', path: '/export/poml', json: { document_id: documentId, ...(opts.title ? { title: opts.title } : {}), ...(opts.variant ? { variant: opts.variant } : {}) }, retries: 0 },
        PomlSchema,
      );
      return { rel: b.rel, path: b.path ?? undefined };
    } catch (e) {
      if (e instanceof DoxHttpError && e.status === 404 && /document not found/i.test(e.detail)) {
        throw new DoxNotSupported('POST /export/poml', `POML export is not supported for this artifact type: ${documentId} is not a document (only PDF, XML, OpenAPI and Postman ingests are; CSV artefacts have none)`);
      }
      throw e;
    }
  }

  /** POST /extract/tags — @pin `{status,tags,…}` (needs document_id), HEAD `{tags}` (needs text). */
  async extractTags(opts: { documentId?: string; text?: string; dryRun?: boolean }): Promise<TagsResult> {
    const body: Record<string, unknown> = { dry_run: opts.dryRun ?? true };
    if (opts.documentId) body.document_id = opts.documentId;
    if (opts.text) body.text = opts.text;
    const b = await this.call({ method: 'POST', path: '/extract/tags', json: body, retries: 1 }, TagsSchema);
    const pinShape = b.status != null || b.document_id != null || b.tags_saved != null;
    return { tags: b.tags, shape: pinShape ? 'pin' : 'head', ...(b.tags_saved != null ? { tagsSaved: b.tags_saved } : {}) };
  }

  // ───────────────────────── transport ─────────────────────────

  private async sleep(ms: number): Promise<void> {
    try {
      await this.clock.sleep(ms, this.signal);
    } catch {
      throw new DoxAborted('waiting');
    }
  }

  private async call<S extends z.ZodType>(spec: RequestSpec, schema: S, ctx: { correlationId?: string } = {}): Promise<z.infer<S>> {
    const raw = await this.request(spec, ctx);
    return this.parse(raw, schema);
  }

  private parse<S extends z.ZodType>(raw: RawResponse, schema: S): z.infer<S> {
    const json = this.parseJsonBody(raw);
    const r = schema.safeParse(json);
    if (!r.success) {
      const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      // Redacted like parseJsonBody's: a proxy or debug route may echo the Authorization header.
      const snippet = redactedCut(raw.text, [this.jwt], 2048);
      this.log(`DoX ${raw.route}: unexpected response shape (${issues}); body: ${snippet}`);
      throw new DoxProtocolError(raw.route, `DoX ${raw.route} answered with an unexpected shape (${issues}); is this a supported DoX version?`, snippet, raw.status);
    }
    return r.data;
  }

  private parseJsonBody(raw: RawResponse): unknown {
    const ct = raw.headers.get('content-type') ?? '';
    const snippet = redactedCut(raw.text, [this.jwt], 2048);
    if (/text\/html/i.test(ct) || /^\s*<(!doctype|html)/i.test(raw.text)) {
      this.log(`DoX ${raw.route}: HTML instead of JSON; body: ${snippet}`);
      throw new DoxProtocolError(raw.route, `${raw.route} returned an HTML page instead of JSON: the URL probably points at the DoX frontend (3737/3000) or a proxy; use the backend port (8484, or 8000 for older DoX)`, snippet, raw.status);
    }
    try {
      return JSON.parse(raw.text);
    } catch {
      this.log(`DoX ${raw.route}: malformed JSON (${raw.text.length} bytes); body: ${snippet}`);
      throw new DoxProtocolError(raw.route, `DoX ${raw.route} answered with malformed or truncated JSON (${raw.text.length} bytes); the server or a proxy cut the response`, snippet, raw.status);
    }
  }

  /** Send with pacing, 429 handling, retries; map HTTP errors to typed errors. */
  private async request(spec: RequestSpec, ctx: { correlationId?: string } = {}): Promise<RawResponse> {
    const raw = await this.send(spec, ctx);
    if (raw.status >= 200 && raw.status < 300) return raw;
    throw this.httpError(raw);
  }

  private async send(spec: RequestSpec, ctx: { correlationId?: string } = {}): Promise<RawResponse> {
    const base = spec.baseUrl ?? this.baseUrl;
    const url = new URL(base + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const route = `${spec.method} ${spec.path}`;
    const retries = spec.upload ? 0 : (spec.retries ?? 0);
    const timeoutMs = spec.timeoutMs ?? this.timeouts.defaultMs;
    let attempt = 0;
    let refusedRetried = false;
    let waited429 = false;
    for (;;) {
      if (!RATE_EXEMPT.has(spec.path)) {
        await this.limiter.acquire(this.signal, (ms) => this.notice(`pacing DoX requests under 100/minute: waiting ${Math.ceil(ms / 1000)} s`)).catch((e) => {
          throw e instanceof DoxError ? e : new DoxAborted(route);
        });
      }
      const headers: Record<string, string> = { Accept: 'application/json', 'X-Request-Id': randomUUID() };
      if (this.jwt) headers.Authorization = `Bearer ${this.jwt}`;
      let body: BodyInit | undefined;
      if (spec.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(spec.json);
      } else if (spec.form) body = spec.form;
      const timeoutCtl = new AbortController();
      const timer = setTimeout(() => timeoutCtl.abort(new Error('timeout')), timeoutMs);
      const signal = this.signal ? AbortSignal.any([this.signal, timeoutCtl.signal]) : timeoutCtl.signal;
      let raw: RawResponse;
      try {
        // Redirects are not followed: a 301/302 turns a POST into a GET (the upload body is lost)
        // and would carry the token to another address. redirectFact() says where to point the URL.
        const res = await this.fetchImpl(url, { method: spec.method, headers, body, signal, redirect: 'manual' });
        if (spec.expectBinary && res.status >= 200 && res.status < 300) {
          const bytes = new Uint8Array(await res.arrayBuffer());
          raw = { status: res.status, headers: res.headers, text: '', bytes, route };
        } else {
          raw = { status: res.status, headers: res.headers, text: await res.text(), route };
        }
      } catch (err) {
        clearTimeout(timer);
        if (this.signal?.aborted) throw new DoxAborted(route);
        const code = networkCode(err);
        const timedOut = timeoutCtl.signal.aborted;
        const refused = !timedOut && code !== undefined && REFUSED_CODES.has(code);
        if (spec.upload) {
          if (refused && !refusedRetried) {
            refusedRetried = true;
            await this.sleep(this.retryBaseMs);
            continue;
          }
          if (refused) throw new DoxUnreachable(`DoX at ${base} refused the connection (${code}); ${START_OR_SET_URL}`, [base], err, `no answer (${code})`);
          const corr = ctx.correlationId ? ` (report_week=${ctx.correlationId})` : '';
          throw new DoxUploadError(
            timedOut
              ? `DoX did not answer the upload within ${Math.round(timeoutMs / 1000)} s; it may still be processing it. Not retried, to avoid duplicates: check GET /artifacts for report_week${corr} before pushing again`
              : `the connection to DoX broke during the upload (${code ?? 'closed'}); not retried, to avoid duplicates: check GET /artifacts for report_week${corr} before pushing again`,
            [],
            ctx.correlationId,
          );
        }
        if (attempt < retries && !(timedOut && spec.retryTimeout === false)) {
          attempt++;
          this.notice(`DoX ${route} ${timedOut ? 'timed out' : `failed (${code ?? 'network error'})`}; retry ${attempt}/${retries}`);
          await this.sleep(this.backoff(attempt));
          continue;
        }
        if (timedOut) throw new DoxTimeout(route, timeoutMs);
        if (refused) throw new DoxUnreachable(`DoX at ${base} is not reachable (${code}); ${START_OR_SET_URL}`, [base], err, `no answer (${code})`);
        const what = code ?? (err as Error).message;
        throw new DoxUnreachable(`the connection to DoX at ${base} failed on ${route} (${what})`, [base], err, `connection failed (${what})`);
      }
      clearTimeout(timer);
      if (raw.status === 429) {
        const retryAfter = retryAfterSeconds(raw);
        if (!waited429) {
          waited429 = true;
          this.notice(`DoX rate limit reached (100 requests/minute); waiting ${retryAfter} s as the server asks (Retry-After), then retrying ${route}`);
          await this.sleep(retryAfter * 1000);
          continue;
        }
        throw new DoxRateLimited(route, retryAfter);
      }
      if (raw.status >= 500 && !spec.upload && attempt < retries && !isAuthConfigError(raw)) {
        attempt++;
        // A Retry-After (a restarting DoX, a proxy's 503) takes precedence over the backoff, capped
        // so that one idempotent call cannot hang for longer than a minute per attempt.
        const asked = retryAfterHeader(raw);
        if (asked !== undefined) {
          const s = Math.min(MAX_5XX_RETRY_AFTER_S, asked);
          this.notice(`DoX ${route} answered HTTP ${raw.status}; waiting ${s} s as the server asks (Retry-After), then retry ${attempt}/${retries}`);
          await this.sleep(s * 1000);
        } else {
          this.notice(`DoX ${route} answered HTTP ${raw.status}; retry ${attempt}/${retries}`);
          await this.sleep(this.backoff(attempt));
        }
        continue;
      }
      return raw;
    }
  }

  private backoff(attempt: number): number {
    const base = this.retryBaseMs * 2 ** (attempt - 1);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private httpError(raw: RawResponse): DoxError {
    const { route, status } = raw;
    // Spec §4 F5: a 3xx instead of JSON is a protocol error (a proxy or the wrong port), not a bad request.
    if (isRedirect(status)) {
      return new DoxProtocolError(route, `DoX ${route} answered HTTP ${status}: ${redirectFact(raw, route.replace(/^[A-Z]+ /, ''), this.jwt)}`, '', status);
    }
    const json = safeJson(raw.text);
    const sec = SecurityBodySchema.safeParse(json);
    if ((status === 403 || status === 400) && sec.success && /security/i.test(sec.data.error)) {
      return new DoxForbidden(route, redactSecrets(sec.data.reason ?? 'request blocked by security policy', [this.jwt]), status);
    }
    const det = DetailBodySchema.safeParse(json);
    const detail: FastApiDetail = det.success
      ? (det.data.detail as FastApiDetail)
      : redactedCut(raw.text.replace(/\s+/g, ' '), [this.jwt], 300) || `HTTP ${status}`;
    const detailStr = redactSecrets(typeof detail === 'string' ? detail : JSON.stringify(detail), [this.jwt]);
    if (status === 401) {
      return new DoxAuthError(
        route,
        this.jwt
          ? `DoX rejected the configured token on ${route} (${detailStr}); replace it with a current token signed with the server's SUPABASE_JWT_SECRET: paste it under DoX JWT in the DoX section (a stored JWT is used before DOX_JWT), or on the command line set DOX_JWT when no JWT is stored`
          : `DoX requires a token for ${route} (${detailStr}); paste a Supabase JWT the server accepts under DoX JWT in the DoX section, or set DOX_JWT (or DOX_TOKEN)`,
      );
    }
    if (isAuthConfigError(raw)) {
      return new DoxAuthError(route, `DoX's own authentication is misconfigured (${detailStr}); fix SUPABASE_JWT_SECRET on the DoX server`, status);
    }
    if (status === 403) return new DoxForbidden(route, detailStr, status);
    if (status === 422) return new DoxValidationError(route, detail, 422);
    if (status === 400) return new DoxValidationError(route, detail, 400);
    if (status === 404) {
      if (detailStr === 'Not Found') {
        return new DoxHttpError('not-found', route, 404, `this DoX server has no ${route} route (wrong DoX version or base URL)`);
      }
      return new DoxHttpError('not-found', route, 404, detailStr);
    }
    if (status === 405) return new DoxHttpError('not-found', route, 405, `this DoX server does not support ${route} (wrong DoX version?)`);
    if (status >= 500) return new DoxHttpError('server', route, status, `${detailStr} (a DoX server error; see its logs)`);
    return new DoxHttpError('bad-request', route, status, detailStr);
  }
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/**
 * Where a redirect points, and the base URL to set instead: the Location minus the requested
 * path (e.g. http://host/health → https://host/health gives https://host).
 */
function redirectFact(raw: RawResponse, path: string, jwt: string | undefined): string {
  const loc = raw.headers.get('location');
  if (!loc) return 'a redirect without a Location; DoX requests are not redirected: check the DoX URL';
  let target = loc;
  try {
    const u = new URL(loc, 'http://relative.invalid');
    u.search = '';
    target = u.href;
  } catch {
    /* keep it as sent */
  }
  const base = target.endsWith(path) ? target.slice(0, target.length - path.length) : null;
  const where = redactedCut(loc, [jwt], 200);
  return base && !base.startsWith('http://relative.invalid')
    ? `the server redirects to ${where}; requests are not re-sent to another address (an upload would lose its body), so set the DoX URL to ${base}`
    : `the server redirects to ${where}; requests are not re-sent to another address (an upload would lose its body): check the DoX URL`;
}

function isAuthConfigError(raw: RawResponse): boolean {
  return raw.status === 500 && /authentication configuration error/i.test(raw.text);
}

/** Retry-After in seconds (a number or an HTTP date), capped at 600; undefined when absent or unreadable. */
function retryAfterHeader(raw: RawResponse): number | undefined {
  const h = raw.headers.get('retry-after');
  if (h) {
    const n = Number(h);
    if (Number.isFinite(n) && n >= 0) return Math.min(600, Math.ceil(n));
    const d = Date.parse(h);
    if (!Number.isNaN(d)) return Math.min(600, Math.max(1, Math.ceil((d - Date.now()) / 1000)));
  }
  return undefined;
}

function retryAfterSeconds(raw: RawResponse): number {
  const fromHeader = retryAfterHeader(raw);
  if (fromHeader !== undefined) return fromHeader;
  const b = RateLimitBodySchema.safeParse(safeJson(raw.text));
  if (b.success && b.data.retry_after != null && b.data.retry_after >= 0) return Math.min(600, Math.ceil(b.data.retry_after));
  return 60;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function detailText(e: DoxError): string {
  if (e instanceof DoxValidationError) return typeof e.detail === 'string' ? e.detail : e.message;
  if (e instanceof DoxHttpError) return e.detail;
  return e.message;
}

/** Probe outcomes where something answered over HTTP: refused (401/403), unhealthy, or not DoX. */
const ANSWERED = new Set(['refused', 'server', 'protocol']);

/** Some probed address answered over HTTP, so DoX (or something at its address) is up, not down. */
export function healthAnswered(tried: Array<{ errorCode?: string }>): boolean {
  return tried.some((t) => t.errorCode !== undefined && ANSWERED.has(t.errorCode));
}

/**
 * Why no probed address is a healthy DoX, and what to do — once. Used by the health panel
 * (`dox.health`) and by pushes (`ensureHealthy`). A server that answered (HTTP 401, an unhealthy
 * status, a web page) is not called unreachable.
 */
export function healthFailureMessage(tried: Array<{ url: string; reason?: string | null; errorCode?: string }>): string {
  const reasons = tried.map((t) => `${t.url}: ${t.reason ?? 'not healthy'}`).join('; ');
  const has = (code: string) => tried.some((t) => t.errorCode === code);
  if (has('protocol')) {
    return `Something answered but it is not the DoX backend API (${reasons}). Set the DoX URL to the backend: port 8484 (or 8000 for the older generation), not the frontend (3737/3000) or datavzrd (5173).`;
  }
  if (has('refused')) {
    return `DoX answered but refused the health check (${reasons}). DoX serves /health without sign-in, so the address probably points at a proxy or another service: set the DoX URL to the backend itself (port 8484, or 8000 for the older generation).`;
  }
  if (has('server')) {
    return `DoX answered but is not healthy (${reasons}). Check the backend logs (\`docker compose logs backend\`) and restart it.`;
  }
  if (has('timeout')) {
    return `DoX did not answer in time (${reasons}). It may still be starting (the first start downloads models) or be overloaded; wait and try again, or check \`docker compose logs backend\` in your PMOVES-DoX checkout.`;
  }
  return `DoX is not reachable (${reasons}). Start DoX: in your PMOVES-DoX checkout run \`docker compose -f docker-compose.cpu.yml up -d\` (backend on 8484), or \`python -m app.main\` in backend/ (port 8000). Or set the DoX URL to where it runs (the DoX section's Connection in the app; --url or DOX_URL on the CLI).`;
}
