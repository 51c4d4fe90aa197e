/**
 * A faithful mock of the PMOVES-DoX backend (spec/integrations.md §2.10, shapes from §2.11).
 *
 * Start:   const dox = await startMockDox({ mode: 'head' });   // dox.url, dox.port
 * Faults:  dox.fault({ method: 'GET', path: '/artifacts', status: 502, times: 1 })
 *          or over HTTP: POST /__mock/faults (JSON Fault), DELETE /__mock/faults,
 *          GET /__mock/journal, DELETE /__mock/journal, POST /__mock/restart,
 *          or env DOX_MOCK_FAULTS='[Fault, …]' (read at start).
 * Journal: dox.journal — method, path, query, headers, body size, multipart field names/filenames.
 * Run standalone: `node --import tsx tests/mocks/dox/server.ts --mode head --port 8484`.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type DoxMode = 'pin' | 'head';

export interface Fault {
  method?: string;
  /** Exact path, or a prefix ending in '*', e.g. '/tasks/*'. */
  path: string;
  /** Apply this many times, then stop (default: forever). */
  times?: number;
  /** Skip the first N matching requests before applying. */
  after?: number;
  status?: number;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Destroy the socket as soon as the first request-body bytes arrive (mid-upload). */
  closeMidUpload?: boolean;
  /** 200 with a truncated, invalid JSON body. */
  truncatedJson?: boolean;
  /** 200 with an HTML page. */
  html?: boolean;
  /** 429 with Retry-After and the DoX body. */
  rateLimit?: number;
}

export interface JournalEntry {
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  bodySize: number;
  /** Multipart field names in order (e.g. ['files','files']). */
  fields?: string[];
  files?: Array<{ field: string; filename: string; size: number; contentType: string }>;
  json?: unknown;
  status?: number;
}

export interface MockDoxOptions {
  mode?: DoxMode;
  port?: number;
  host?: string;
  /** GET /tasks/{id} polls before a queued PDF completes (default 3). */
  pdfPolls?: number;
  /** Final state of PDF tasks. */
  pdfOutcome?: { status: 'completed' } | { status: 'error'; error: string };
  /** HS256 secret; when set (head mode), tokens must be signed with it and carry `sub`. */
  jwtSecret?: string;
  /** Rate limit (head mode): requests per window. */
  rateLimit?: { max: number; windowMs: number };
  /** Time source for the limiter and journal (share with a client ManualClock in tests). */
  now?: () => number;
  maxFileBytes?: number;
  faults?: Fault[];
}

interface Artifact {
  id: string;
  filename: string;
  filepath: string;
  filetype: string;
  report_week: string;
  status: string;
  source_url: null;
  extras: Record<string, unknown>;
  /** Evidence counts per kind, added by GET /artifacts (documents router list_artifacts). */
  table_evidence: number;
  chart_evidence: number;
  formula_evidence: number;
  media_transcripts: number;
  media_metadata: number;
  web_pages: number;
  image_ocr: number;
}
interface Task {
  id: string;
  status: 'queued' | 'completed' | 'error';
  filename: string;
  artifact_id: string;
  polls: number;
  error?: string;
}

export interface MockDox {
  url: string;
  port: number;
  mode: DoxMode;
  journal: JournalEntry[];
  state: {
    artifacts: Artifact[];
    facts: Array<Record<string, unknown>>;
    evidence: Array<Record<string, unknown>>;
    tasks: Map<string, Task>;
    texts: Map<string, string>;
    rows: Map<string, Array<Record<string, string>>>;
    chrRan: Set<string>;
    files: Map<string, { bytes: Buffer; artifactRecord: boolean }>;
    documents: Set<string>;
  };
  fault(f: Fault): void;
  clearFaults(): void;
  /** Simulate a DoX restart: tasks are process-local and are lost. */
  restart(): void;
  /** Add an artefact directly (test setup). */
  addArtifact(a: Partial<Artifact> & { filename: string; report_week: string }): Artifact;
  requests(path?: string, method?: string): JournalEntry[];
  close(): Promise<void>;
}

const RATE_EXEMPT = new Set(['/', '/health', '/healthz', '/metrics', '/docs', '/redoc', '/openapi.json']);
/** What DoX's /upload processes (backend/app/globals.py: IMAGE_SUFFIXES, AUDIO_SUFFIXES, VIDEO_SUFFIXES); the rest is a per-file 400. */
const SUPPORTED = new Set(['.pdf', '.csv', '.xlsx', '.xls', '.png', '.jpg', '.jpeg', '.tif', '.tiff', '.bmp', '.mp3', '.wav', '.m4a', '.ogg', '.flac', '.aac', '.mp4', '.mov', '.mkv', '.webm', '.avi']);

function ext(name: string): string {
  const i = name.lastIndexOf('.');
  return i <= 0 ? '' : name.slice(i).toLowerCase();
}
function hash(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32BE(0);
}

export function parseCsv(text: string): Array<Record<string, string>> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const split = (l: string) => {
    const out: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < l.length; i++) {
      const c = l[i];
      if (q) {
        if (c === '"' && l[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ',') {
        out.push(cur);
        cur = '';
      } else cur += c;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0]);
  return lines.slice(1).map((l) => {
    const cells = split(l);
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    return row;
  });
}

function csvMetrics(rows: Array<Record<string, string>>): Record<string, number> {
  const m: Record<string, number> = {};
  const cols = rows.length > 0 ? Object.keys(rows[0]) : [];
  const map: Array<[RegExp, string]> = [
    [/spend|cost/i, 'spend'],
    [/revenue/i, 'revenue'],
    [/conversion/i, 'conversions'],
    [/click/i, 'clicks'],
    [/impression/i, 'impressions'],
  ];
  for (const col of cols) {
    const target = map.find(([re]) => re.test(col))?.[1];
    if (!target) continue;
    const nums = rows.map((r) => Number(r[col])).filter((n) => Number.isFinite(n));
    if (nums.length === 0) continue;
    m[target] = (m[target] ?? 0) + nums.reduce((a, b) => a + b, 0);
  }
  if (m.clicks !== undefined && m.impressions) m.ctr = m.clicks / m.impressions;
  if (m.spend !== undefined && m.conversions) m.cpa = m.spend / m.conversions;
  if (m.revenue !== undefined && m.spend) m.roas = m.revenue / m.spend;
  return m;
}

function b64urlJson(s: string): unknown {
  return JSON.parse(Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
}

/** DoX's limiter key (§2.3): the JWT user, else X-Forwarded-For, else X-Real-IP, else the socket IP. */
function limiterKey(req: IncomingMessage): string {
  const token = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
  try {
    const sub = token ? (b64urlJson(token.split('.')[1] ?? '') as { sub?: unknown }).sub : undefined;
    if (typeof sub === 'string' && sub) return `user:${sub}`;
  } catch {
    /* not a JWT: fall back to the address */
  }
  const fwd = req.headers['x-forwarded-for'];
  const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
  const real = req.headers['x-real-ip'];
  return `ip:${first || (Array.isArray(real) ? real[0] : real) || req.socket.remoteAddress || 'client'}`;
}

export async function startMockDox(options: MockDoxOptions = {}): Promise<MockDox> {
  const mode: DoxMode = options.mode ?? 'head';
  const now = options.now ?? (() => Date.now());
  const pdfPolls = options.pdfPolls ?? 3;
  const maxFile = options.maxFileBytes ?? 100 * 1024 * 1024;
  const rate = options.rateLimit ?? { max: 100, windowMs: 60_000 };
  const started = now();
  let faults: Array<Fault & { seen: number; used: number }> = [];
  const envFaults = process.env.DOX_MOCK_FAULTS ? (JSON.parse(process.env.DOX_MOCK_FAULTS) as Fault[]) : [];
  for (const f of [...envFaults, ...(options.faults ?? [])]) faults.push({ ...f, seen: 0, used: 0 });
  const journal: JournalEntry[] = [];
  const hits: Map<string, number[]> = new Map();
  const state: MockDox['state'] = {
    artifacts: [],
    facts: [],
    evidence: [],
    tasks: new Map(),
    texts: new Map(),
    rows: new Map(),
    chrRan: new Set(),
    files: new Map(),
    documents: new Set(),
  };
  const sockets = new Set<Socket>();

  const addArtifact = (a: Partial<Artifact> & { filename: string; report_week: string }): Artifact => {
    const id = a.id ?? randomUUID();
    const art: Artifact = {
      id,
      filename: a.filename,
      filepath: a.filepath ?? `uploads/${id}_${a.filename}`,
      filetype: a.filetype ?? ext(a.filename),
      report_week: a.report_week,
      status: a.status ?? 'processed',
      source_url: null,
      extras: {},
      table_evidence: 0,
      chart_evidence: 0,
      formula_evidence: 0,
      media_transcripts: 0,
      media_metadata: 0,
      web_pages: 0,
      image_ocr: 0,
    };
    state.artifacts.push(art);
    return art;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
    res.end(text);
  };

  const matchFault = (method: string, path: string): (Fault & { seen: number; used: number }) | undefined => {
    for (const f of faults) {
      if (f.method && f.method.toUpperCase() !== method) continue;
      const ok = f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : f.path === path;
      if (!ok) continue;
      f.seen++;
      if (f.after && f.seen <= f.after) continue;
      if (f.times !== undefined && f.used >= f.times) continue;
      f.used++;
      return f;
    }
    return undefined;
  };

  const checkAuth = (req: IncomingMessage): { status: number; body: unknown; headers?: Record<string, string> } | null => {
    const h = req.headers.authorization;
    if (!h || !/^Bearer\s+\S+/i.test(h)) {
      return { status: 401, body: { detail: 'Missing Authorization header' }, headers: { 'WWW-Authenticate': 'Bearer' } };
    }
    const token = h.replace(/^Bearer\s+/i, '');
    const parts = token.split('.');
    try {
      if (parts.length !== 3) throw new Error('shape');
      const payload = b64urlJson(parts[1]) as { sub?: string; role?: string; exp?: unknown };
      if (!payload.sub || payload.role === 'anon') throw new Error('sub');
      // DoX validates the token (python-jose, verify_exp): an expired one is refused, on wall-clock time.
      if (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now()) throw new Error('exp');
      if (options.jwtSecret) {
        const sig = createHmac('sha256', options.jwtSecret).update(`${parts[0]}.${parts[1]}`).digest('base64url');
        if (sig !== parts[2]) throw new Error('sig');
      }
    } catch {
      return { status: 401, body: { detail: 'Authentication failed' }, headers: { 'WWW-Authenticate': 'Bearer' } };
    }
    return null;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer, entry: JournalEntry, url: URL) => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const q = url.searchParams;
    const json = (): Record<string, unknown> | undefined => {
      try {
        return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    };
    const needJsonBody = (): Record<string, unknown> | null => {
      const j = json();
      if (!j || typeof j !== 'object') {
        send(res, 422, { detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
        return null;
      }
      return j;
    };
    const missing = (loc: string[]) => send(res, 422, { detail: [{ type: 'missing', loc, msg: 'Field required', input: null }] });

    // admin
    if (path === '/__mock/faults' && method === 'POST') {
      const f = json() as unknown as Fault;
      faults.push({ ...f, seen: 0, used: 0 });
      return send(res, 200, { ok: true });
    }
    if (path === '/__mock/faults' && method === 'DELETE') {
      faults = [];
      return send(res, 200, { ok: true });
    }
    if (path === '/__mock/journal' && method === 'GET') return send(res, 200, { journal });
    if (path === '/__mock/journal' && method === 'DELETE') {
      journal.length = 0;
      return send(res, 200, { ok: true });
    }
    if (path === '/__mock/restart' && method === 'POST') {
      state.tasks.clear();
      return send(res, 200, { ok: true });
    }

    const uptime = Math.floor((now() - started) / 1000);
    if (method === 'GET' && path === '/health') return send(res, 200, { status: 'ok', uptime_seconds: uptime });
    if (method === 'GET' && path === '/healthz' && mode === 'head') {
      return send(res, 200, { status: 'healthy', version: '1.0.0', uptime_seconds: uptime, integrations: 'skipped' });
    }
    if (method === 'GET' && path === '/') return send(res, 200, { message: 'PMOVES-DoX API', status: 'running' });
    if (method === 'GET' && path === '/config') {
      return send(res, 200, {
        vlm_repo: null,
        database: 'sqlite',
        hf_auth: false,
        frontend_origin: 'http://localhost:3737',
        gpu: { available: false, device_count: 0, names: [] },
        ollama: { available: false, base_url: 'http://ollama:11434' },
        offline: true,
        open_pdf_enabled: false,
        ...(mode === 'head' ? { deployment: { mode: 'standalone', nats_url: null, tensorzero_url: null } } : {}),
      });
    }

    if (method === 'POST' && path === '/upload') {
      const ct = req.headers['content-type'] ?? '';
      if (!/multipart\/form-data/i.test(ct)) return send(res, 200, { results: [] });
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': ct } }).formData();
      const reportWeek = q.get('report_week') ?? '';
      const asyncPdf = (q.get('async_pdf') ?? 'true').toLowerCase() !== 'false';
      const results: unknown[] = [];
      for (const [field, value] of form.entries()) {
        if (field !== 'files' || typeof value === 'string') continue;
        const file = value as File;
        const name = file.name;
        const bytes = Buffer.from(await file.arrayBuffer());
        const e = ext(name);
        // HEAD checks the size before it writes the file or adds the artefact row (documents.py upload_files).
        if (mode === 'head' && bytes.length > maxFile) {
          results.push({ filename: name, status: 'error', error: 'File size exceeds maximum allowed size of 100MB' });
          continue;
        }
        const art = addArtifact({ filename: name, report_week: reportWeek, filetype: e, status: 'processed' });
        state.files.set(art.filepath.replace(/^uploads\//, 'uploads/'), { bytes, artifactRecord: true });
        if (!SUPPORTED.has(e)) {
          results.push({ filename: name, status: 'error', error: `400: Unsupported file type: ${e}` });
          continue;
        }
        if (e === '.csv') {
          const rows = parseCsv(bytes.toString('utf8'));
          state.rows.set(art.id, rows);
          state.texts.set(art.id, rows.map((r) => Object.values(r).filter((v) => v !== '').join(' ')).join('\n'));
          const evId = randomUUID();
          state.evidence.push({
            id: evId,
            artifact_id: art.id,
            locator: `${art.id}_${name}#data`,
            preview: rows.slice(0, 5),
            content_type: 'csv',
            coordinates: null,
            full_data: rows,
          });
          state.facts.push({ id: randomUUID(), artifact_id: art.id, report_week: reportWeek, entity: null, metrics: csvMetrics(rows), evidence_id: evId });
          results.push({ filename: name, status: 'success', facts_count: 1, evidence_count: 1 });
        } else if (e === '.pdf') {
          state.documents.add(art.id);
          state.texts.set(art.id, `Extracted content unavailable for ${name}.`);
          if (asyncPdf) {
            const taskId = randomUUID();
            state.tasks.set(taskId, { id: taskId, status: 'queued', filename: name, artifact_id: art.id, polls: 0 });
            results.push({ filename: name, status: 'queued', task_id: taskId });
          } else results.push({ filename: name, status: 'success', facts_count: 0, evidence_count: 1 });
        } else {
          results.push({ filename: name, status: 'success', facts_count: 0, evidence_count: 0 });
        }
      }
      return send(res, 200, { results });
    }

    if (method === 'GET' && path === '/tasks') {
      const all = [...state.tasks.values()];
      return send(res, 200, {
        total: all.length,
        queued: all.filter((t) => t.status === 'queued').length,
        completed: all.filter((t) => t.status === 'completed').length,
        errored: all.filter((t) => t.status === 'error').length,
        queued_items: all.filter((t) => t.status === 'queued').map((t) => ({ id: t.id, status: t.status, filename: t.filename, artifact_id: t.artifact_id })),
      });
    }
    if (method === 'GET' && path.startsWith('/tasks/')) {
      const t = state.tasks.get(decodeURIComponent(path.slice('/tasks/'.length)));
      if (!t) return send(res, 404, { detail: 'Task not found' });
      t.polls++;
      if (t.status === 'queued' && t.polls >= pdfPolls) {
        const outcome = options.pdfOutcome ?? { status: 'completed' };
        t.status = outcome.status;
        if (outcome.status === 'error') t.error = outcome.error;
      }
      return send(res, 200, {
        status: t.status,
        filename: t.filename,
        artifact_id: t.artifact_id,
        ...(t.status === 'completed' ? { facts_count: 0, evidence_count: 1 } : {}),
        ...(t.error ? { error: t.error } : {}),
      });
    }
    if (method === 'GET' && path === '/artifacts') return send(res, 200, { artifacts: state.artifacts });
    if (method === 'GET' && path.startsWith('/artifacts/')) {
      const id = decodeURIComponent(path.slice('/artifacts/'.length));
      const art = state.artifacts.find((a) => a.id === id);
      if (!art) return send(res, 404, { detail: 'Artifact not found' });
      return send(res, 200, { artifact: art, facts: state.facts.filter((f) => f.artifact_id === id), evidence: state.evidence.filter((e) => e.artifact_id === id) });
    }
    if (method === 'GET' && path === '/facts') {
      const rw = q.get('report_week');
      return send(res, 200, { facts: rw ? state.facts.filter((f) => f.report_week === rw) : state.facts });
    }

    if (method === 'POST' && path === '/ask') {
      const question = q.get('question');
      if (question === null) return missing(['query', 'question']);
      const metrics = ['spend', 'revenue', 'conversions', 'clicks', 'impressions', 'ctr', 'cpa', 'roas'];
      const metric = metrics.find((m) => new RegExp(m.replace(/s$/, ''), 'i').test(question)) ?? (/cost/i.test(question) ? 'spend' : undefined);
      if (!metric) {
        return send(res, 200, {
          answer: 'I can answer questions about spend, revenue, conversions, clicks, impressions, CTR, CPA and ROAS in the uploaded data.',
          evidence: [],
          metric: null,
          hrm: { enabled: false },
        });
      }
      const vals = state.facts.map((f) => (f.metrics as Record<string, number>)[metric]).filter((v) => typeof v === 'number');
      const total = vals.reduce((a, b) => a + b, 0);
      const average = vals.length ? total / vals.length : 0;
      const avg = /average|mean/i.test(question);
      return send(res, 200, {
        answer: `${avg ? 'Average' : 'Total'} ${metric} is ${(avg ? average : total).toFixed(2)} across ${vals.length} fact(s).`,
        evidence: state.facts.filter((f) => typeof (f.metrics as Record<string, number>)[metric] === 'number').map((f) => ({ id: f.evidence_id, artifact_id: f.artifact_id })),
        metric,
        total,
        average,
        count: vals.length,
        ...(q.get('use_hrm') === 'true' ? { hrm: { enabled: true, steps: 2 } } : { hrm: { enabled: false } }),
      });
    }

    if (method === 'POST' && path === '/search') {
      const j = needJsonBody();
      if (!j) return;
      if (typeof j.q !== 'string') return missing(['body', 'q']);
      const k = typeof j.k === 'number' ? j.k : mode === 'pin' ? 10 : 5;
      const words = j.q.toLowerCase().split(/\s+/).filter(Boolean);
      const results = [...state.documents]
        .map((id) => ({ id, text: state.texts.get(id) ?? '' }))
        .map((d) => ({ score: words.filter((w) => d.text.toLowerCase().includes(w)).length / Math.max(1, words.length), text: d.text, meta: { type: 'pdf', id: d.id, document_id: d.id, ...(mode === 'pin' ? { deeplink: `/artifacts/${d.id}` } : {}) } }))
        .filter((r) => r.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, k);
      return send(res, 200, mode === 'pin' ? { took_ms: 1, count: results.length, results } : { results });
    }
    if (method === 'POST' && path === '/search/rebuild') {
      if (mode === 'head') {
        const a = checkAuth(req);
        if (a) return send(res, a.status, a.body, a.headers);
      }
      return send(res, 200, { status: 'ok', items: state.documents.size });
    }

    if (method === 'POST' && path === '/structure/chr') {
      const j = needJsonBody();
      if (!j) return;
      if (typeof j.artifact_id !== 'string') return missing(['body', 'artifact_id']);
      const art = state.artifacts.find((a) => a.id === j.artifact_id);
      if (!art) return send(res, 404, { detail: `Artifact not found: ${j.artifact_id}` });
      const K = typeof j.K === 'number' ? j.K : 8;
      const text = state.texts.get(art.id) ?? '';
      const units = text.split('\n').map((s) => s.trim()).filter(Boolean);
      if (units.length === 0) return send(res, 400, { detail: 'Could not derive units for this artifact.' });
      const rows = units
        .map((t, idx) => ({ idx, constellation: hash(t) % K, radius: Math.round(((hash(`r:${t}`) % 100000) / 100000) * 1e5) / 1e5, text: t }))
        .sort((a, b) => b.radius - a.radius);
      const stem = `${art.id}_${art.filename.replace(/\.[^.]+$/, '')}`;
      const csv = ['idx,constellation,radius,text,page', ...rows.map((r) => `${r.idx},${r.constellation},${r.radius},"${r.text.replace(/"/g, '""')}",`)].join('\n') + '\n';
      state.files.set(`chr/${stem}_chr.csv`, { bytes: Buffer.from(csv), artifactRecord: false });
      state.files.set(`chr/${stem}_chr.json`, { bytes: Buffer.from(JSON.stringify({ rows, backend: 'hashing' })), artifactRecord: false });
      state.chrRan.add(art.id);
      const h = hash(text);
      return send(res, 200, {
        status: 'ok',
        K,
        mhep: Math.round(((h % 10000) / 100) * 100) / 100,
        Hg: Math.round(((h % 997) / 997) * 2 * 1000) / 1000,
        Hs: Math.round(((h % 991) / 991) * 2 * 1000) / 1000,
        counts: { units: units.length },
        preview_rows: rows.slice(0, 10),
        artifacts: {
          csv: `artifacts/chr/${stem}_chr.csv`,
          json: `artifacts/chr/${stem}_chr.json`,
          rel_csv: `chr/${stem}_chr.csv`,
          rel_json: `chr/${stem}_chr.json`,
          rel_plot: mode === 'pin' ? `chr/${stem}_pca.png` : null,
        },
      });
    }
    if (method === 'POST' && path === '/viz/datavzrd') {
      const j = needJsonBody();
      if (!j) return;
      if (typeof j.artifact_id !== 'string') return missing(['body', 'artifact_id']);
      const art = state.artifacts.find((a) => a.id === j.artifact_id);
      if (!art) return send(res, 404, { detail: 'Artifact not found' });
      if (!state.chrRan.has(art.id)) return send(res, 400, { detail: 'CHR CSV not found. Run /structure/chr first.' });
      const stem = `${art.id}_${art.filename.replace(/\.[^.]+$/, '')}`;
      const title = typeof j.title === 'string' ? j.title : `CHR – ${stem}`;
      const yaml = `name: ${JSON.stringify(title)}\ndatasets:\n  chr:\n    path: ../../chr/${stem}_chr.csv\n    separator: ","\nviews:\n  overview:\n    dataset: chr\n`;
      state.files.set(`datavzrd/${stem}/viz.yaml`, { bytes: Buffer.from(yaml), artifactRecord: false });
      return send(res, 200, { status: 'ok', project_dir: `artifacts/datavzrd/${stem}`, viz_yaml: `artifacts/datavzrd/${stem}/viz.yaml`, rel_viz: `datavzrd/${stem}/viz.yaml` });
    }

    if (method === 'GET' && path === '/download') {
      const rel = q.get('rel');
      if (rel === null) return missing(['query', 'rel']);
      if (mode === 'head') {
        const a = checkAuth(req);
        if (a) return send(res, a.status, a.body, a.headers);
      }
      if (rel.includes('..') || rel.startsWith('/')) return send(res, 400, { detail: 'Invalid path' });
      const f = state.files.get(rel);
      if (!f || (mode === 'head' && !f.artifactRecord)) return send(res, 404, { detail: 'File not found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return res.end(f.bytes);
    }
    if (method === 'POST' && path === '/convert') {
      const j = needJsonBody();
      if (!j) return;
      if (typeof j.artifact_id !== 'string') return missing(['body', 'artifact_id']);
      if (j.format !== 'txt' && j.format !== 'docx') return send(res, 400, { detail: 'Unsupported format; use txt or docx' });
      const art = state.artifacts.find((a) => a.id === j.artifact_id);
      if (!art) return send(res, 404, { detail: 'Artifact not found' });
      const text = state.texts.get(art.id);
      if (!text) return send(res, 400, { detail: 'No text available for conversion' });
      const rel = `converted/${art.id}.${j.format}`;
      state.files.set(rel, { bytes: Buffer.from(text), artifactRecord: true });
      return send(res, 200, { status: 'ok', path: `artifacts/${rel}`, rel });
    }
    if (method === 'POST' && path === '/export/poml') {
      const j = needJsonBody();
      if (!j) return;
      if (typeof j.document_id !== 'string') return missing(['body', 'document_id']);
      if (!state.documents.has(j.document_id)) return send(res, 404, { detail: 'Document not found' });
      const rel = `poml/${j.document_id}.poml`;
      state.files.set(rel, { bytes: Buffer.from('<poml/>'), artifactRecord: true });
      return send(res, 200, { status: 'ok', rel, path: `artifacts/${rel}` });
    }
    if (method === 'POST' && path === '/extract/tags') {
      const j = needJsonBody();
      if (!j) return;
      if (mode === 'pin') {
        if (typeof j.document_id !== 'string') return missing(['body', 'document_id']);
        if (!state.documents.has(j.document_id)) return send(res, 404, { detail: 'Document not found' });
        const tags = ['finance', 'report'];
        return send(res, 200, { status: 'ok', document_id: j.document_id, tags_saved: j.dry_run ? 0 : tags.length, tags });
      }
      const text = typeof j.text === 'string' ? j.text : '';
      const tags = [...new Set(text.toLowerCase().match(/[a-z]{5,}/g) ?? [])].slice(0, 5);
      return send(res, 200, { tags });
    }
    if (method === 'GET' && path === '/analysis/financials') {
      return send(res, 200, { statements: [] });
    }
    if (method === 'DELETE' && path === '/reset') {
      if (mode === 'head') {
        const a = checkAuth(req);
        if (a) return send(res, a.status, a.body, a.headers);
      }
      state.artifacts.length = 0;
      state.facts.length = 0;
      state.evidence.length = 0;
      state.tasks.clear();
      state.chrRan.clear();
      state.files.clear();
      state.documents.clear();
      return send(res, 200, { status: 'Database reset' });
    }
    if (method === 'POST' && (path === '/ingest/openapi' || path === '/ingest/postman')) {
      const id = randomUUID();
      state.documents.add(id);
      return send(res, 200, { document_id: id, status: 'success' });
    }
    if (path.startsWith('/ingest/') || path.startsWith('/cipher/')) return send(res, 501, { detail: 'Not implemented in mock' });
    return send(res, 404, { detail: 'Not Found' });
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mock');
    const method = req.method ?? 'GET';
    const entry: JournalEntry = {
      time: now(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      headers: { ...req.headers },
      bodySize: 0,
    };
    const isAdmin = url.pathname.startsWith('/__mock/');
    if (!isAdmin) journal.push(entry);
    const reqId = req.headers['x-request-id'];
    if (typeof reqId === 'string') res.setHeader('X-Request-Id', reqId);
    const fault = isAdmin ? undefined : matchFault(method, url.pathname);
    const chunks: Buffer[] = [];
    let destroyed = false;
    req.on('data', (c: Buffer) => {
      if (fault?.closeMidUpload && !destroyed) {
        destroyed = true;
        entry.bodySize += c.length;
        req.socket.destroy();
        return;
      }
      chunks.push(c);
      entry.bodySize += c.length;
    });
    req.on('end', () => {
      if (destroyed) return;
      void (async () => {
        const body = Buffer.concat(chunks);
        const ct = req.headers['content-type'] ?? '';
        if (/multipart\/form-data/i.test(ct) && body.length > 0) {
          try {
            const form = await new Response(new Uint8Array(body), { headers: { 'content-type': ct } }).formData();
            entry.fields = [];
            entry.files = [];
            for (const [field, value] of form.entries()) {
              entry.fields.push(field);
              if (typeof value !== 'string') entry.files.push({ field, filename: (value as File).name, size: (value as File).size, contentType: (value as File).type });
            }
          } catch {
            entry.fields = ['<unparseable multipart>'];
          }
        } else if (/json/i.test(ct) && body.length > 0) {
          try {
            entry.json = JSON.parse(body.toString('utf8'));
          } catch {
            entry.json = '<invalid json>';
          }
        }
        const origEnd = res.end.bind(res);
        res.end = ((...args: Parameters<ServerResponse['end']>) => {
          entry.status = res.statusCode;
          return origEnd(...args);
        }) as ServerResponse['end'];

        if (fault) {
          if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
          if (fault.reset || fault.closeMidUpload) {
            req.socket.destroy();
            return;
          }
          if (fault.rateLimit !== undefined) {
            return send(res, 429, { error: 'Rate limit exceeded', retry_after: fault.rateLimit }, { 'Retry-After': String(fault.rateLimit), 'X-RateLimit-Limit': '100', 'X-RateLimit-Window': '60' });
          }
          if (fault.html) {
            res.writeHead(fault.status ?? 200, { 'content-type': 'text/html; charset=utf-8' });
            return res.end('<!DOCTYPE html><html><head><title>PMOVES-DoX</title></head><body><div id="__next"></div></body></html>');
          }
          if (fault.truncatedJson) {
            res.writeHead(fault.status ?? 200, { 'content-type': 'application/json' });
            return res.end('{"status":"ok","K":8,"mhep":12.5,"preview_rows":[{"idx":0,"constel');
          }
          if (fault.status !== undefined || fault.rawBody !== undefined || fault.body !== undefined) {
            const status = fault.status ?? 200;
            if (fault.rawBody !== undefined) {
              res.writeHead(status, { 'content-type': 'application/json', ...fault.headers });
              return res.end(fault.rawBody);
            }
            return send(res, status, fault.body ?? {}, fault.headers);
          }
        }
        // head-mode limiter (sliding window per client key)
        if (mode === 'head' && !RATE_EXEMPT.has(url.pathname)) {
          const key = limiterKey(req);
          const t = now();
          const list = (hits.get(key) ?? []).filter((s) => s > t - rate.windowMs);
          if (list.length >= rate.max) {
            hits.set(key, list);
            return send(res, 429, { error: 'Rate limit exceeded', retry_after: Math.ceil(rate.windowMs / 1000) }, { 'Retry-After': String(Math.ceil(rate.windowMs / 1000)), 'X-RateLimit-Limit': String(rate.max), 'X-RateLimit-Window': String(Math.ceil(rate.windowMs / 1000)) });
          }
          list.push(t);
          hits.set(key, list);
        }
        try {
          await handle(req, res, body, entry, url);
        } catch (e) {
          if (!res.headersSent) send(res, 500, { detail: `mock error: ${(e as Error).message}` });
        }
      })();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    mode,
    journal,
    state,
    fault: (f) => faults.push({ ...f, seen: 0, used: 0 }),
    clearFaults: () => {
      faults = [];
    },
    restart: () => state.tasks.clear(),
    addArtifact,
    requests: (p, m) => journal.filter((e) => (p === undefined || e.path === p) && (m === undefined || e.method === m)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sign a HS256 JWT for tests (never use outside tests). */
export function signTestJwt(secret: string, payload: Record<string, unknown> = { sub: 'tester' }): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = enc({ alg: 'HS256', typ: 'JWT' });
  const body = enc(payload);
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

// Standalone: node --import tsx tests/mocks/dox/server.ts --mode head --port 8484
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const args = process.argv.slice(2);
  const get = (k: string) => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : undefined;
  };
  void startMockDox({ mode: (get('--mode') as DoxMode) ?? 'head', port: Number(get('--port') ?? 0) }).then((m) => {
    process.stdout.write(`mock DoX (${m.mode}) on ${m.url}\n`);
  });
}
