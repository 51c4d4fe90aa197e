/**
 * The dox.* API operations (src-shared/api/dox.ts) through invoke(), against the mock DoX in both
 * generations, with a real Monte Carlo run (sim.run, runs: 20) and a real SQLite store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/api';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { signTestJwt, startMockDox, type MockDox } from '../../mocks/dox/server';
import { tmpDir } from '../../helpers/tmp';

const SECRET = 'integration-secret-for-the-mock';
const JWT = signTestJwt(SECRET, { sub: 'analyst-42', role: 'authenticated' });

let app: AppContext;
let runId: number;
const tmp = tmpDir('wb-dox-api-');
const mocks: MockDox[] = [];
const savedEnv = { ...process.env };

async function mock(mode: 'pin' | 'head', extra: Parameters<typeof startMockDox>[0] = {}): Promise<MockDox> {
  const m = await startMockDox({ mode, ...(mode === 'head' ? { jwtSecret: SECRET } : {}), ...extra });
  mocks.push(m);
  // The dashboard answers on the mock's own port so the 30 s readiness poll returns at once.
  process.env.WORKBENCH_DOX_DATAVZRD_PORT = String(m.port);
  return m;
}

/** The address of a DoX that just stopped: nothing listens there. */
async function deadUrl(): Promise<string> {
  const m = await mock('head');
  await m.close();
  mocks.length = 0;
  return m.url;
}

async function expectApiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected an ApiError');
}

beforeAll(async () => {
  delete process.env.DOX_URL;
  delete process.env.DOX_JWT;
  delete process.env.DOX_TOKEN;
  process.env.WORKBENCH_DOX_DASHBOARD_WAIT_MS = '5000';
  app = createContext({ dataDir: tmp.dir, transport: 'direct' });
  const r = (await invoke(app, 'sim.run', { runs: 20, workers: 2, seed: 7, params: { NUM_MEMBERS: 40, SIMULATION_WEEKS: 26 }, name: 'dox push source' })) as { runId: number; status: string };
  expect(r.status).toBe('done');
  runId = r.runId;
});
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()));
});
afterAll(() => {
  app?.close();
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  tmp.cleanup();
});

describe('dox.health', () => {
  it.each(['pin', 'head'] as const)('reports the %s generation, latency and a summary', async (mode) => {
    const m = await mock(mode);
    const h = (await invoke(app, 'dox.health', { url: m.url })) as any;
    expect(h.ok).toBe(true);
    expect(h.generation).toBe(mode);
    expect(h.url).toBe(m.url);
    expect(h.latencyMs).toBeGreaterThanOrEqual(0);
    expect(h.message).toMatch(mode === 'head' ? /HEAD generation/ : /pinned generation/);
  });

  it('says what to start when nothing answers, and what to fix when a web page answers', async () => {
    const url = await deadUrl();
    const down = (await invoke(app, 'dox.health', { url })) as any;
    expect(down.ok).toBe(false);
    expect(down.message).toMatch(/docker compose -f docker-compose\.cpu\.yml up -d/);
    const html = await mock('head', { faults: [{ path: '/health', html: true }] });
    const wrong = (await invoke(app, 'dox.health', { url: html.url })) as any;
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toMatch(/not the DoX backend API/);
    expect(wrong.message).toMatch(/8484/);
  });

  it('gives the start advice once when nothing answers (each probed address listed with its short reason)', async () => {
    const url = await deadUrl();
    const down = (await invoke(app, 'dox.health', { url })) as any;
    expect(down.message).toMatch(new RegExp(`^DoX is not reachable \\(${url.replace(/[.]/g, '\\.')}: no answer \\(ECONNREFUSED\\)`));
    expect(down.message.match(/start/gi)).toHaveLength(1);
    expect(down.message.match(/docker compose/g)).toHaveLength(1);
    expect(down.tried[0].reason).toBe('no answer (ECONNREFUSED)');
    expect(down.answered).toBe(false);
  });

  it('a DoX URL whose /health answers 401 is "answered but refused", in the panel and for a push', async () => {
    const m = await mock('head', { faults: [{ method: 'GET', path: '/health', status: 401, body: { detail: 'Not authenticated' } }] });
    const h = (await invoke(app, 'dox.health', { url: m.url })) as any;
    expect(h.ok).toBe(false);
    expect(h.message).toMatch(new RegExp(`^DoX answered but refused the health check \\(${m.url.replace(/[.]/g, '\\.')}: GET /health answered HTTP 401`));
    expect(h.message).not.toMatch(/not reachable/);
    expect(h.answered).toBe(true); // the badge says 'Answered, not healthy', not 'Down'
    const err = await expectApiError(invoke(app, 'dox.push', { run: runId, url: m.url }));
    expect(err.message.startsWith(h.message)).toBe(true);
  });

  it('a DoX URL with a path (/health answers 404) is "not the DoX backend: remove the path", not "restart the backend"', async () => {
    const m = await mock('head');
    const h = (await invoke(app, 'dox.health', { url: `${m.url}/api` })) as any;
    expect(h.ok).toBe(false);
    expect(h.answered).toBe(true);
    expect(h.message.startsWith(`Something answered but it is not the DoX backend API (${m.url}/api: GET /health answered HTTP 404; DoX serves /health at the root of its backend, so this address is not the DoX backend (remove the path /api)).`)).toBe(true);
    expect(h.message).toMatch(/Set the DoX URL to the backend/);
    expect(h.message).not.toMatch(/restart|docker compose logs/);
  });

  it('a push refused with 401 gives the JWT advice once, as sentences', async () => {
    const m = await mock('head', { faults: [{ method: 'POST', path: '/upload', status: 401, body: { detail: 'Missing Authorization header' } }] });
    const err = await expectApiError(invoke(app, 'dox.push', { run: runId, url: m.url }));
    expect(err.code).toBe('unauthorized');
    expect(err.message).toMatch(/^DoX requires a token for POST \/upload \(Missing Authorization header\); paste a Supabase JWT the server accepts under DoX JWT in the DoX section, or set DOX_JWT \(or DOX_TOKEN\)\. Push #\d+ was recorded as failed; manifest /);
    expect(err.message.match(/JWT/g)).toHaveLength(3); // "Supabase JWT", "DoX JWT", "DOX_JWT": the advice given once
    expect(err.message).not.toMatch(/Store a DoX JWT/);
  });

  it('uses settings.doxUrl when no url is given', async () => {
    const m = await mock('pin');
    await invoke(app, 'settings.set', { doxUrl: m.url });
    const s = (await invoke(app, 'dox.status', {})) as any;
    expect(s).toMatchObject({ url: m.url, urlSource: 'settings' });
    const h = (await invoke(app, 'dox.health', {})) as any;
    expect(h.ok).toBe(true);
    expect(h.configuredUrl).toBe(m.url);
    await invoke(app, 'settings.set', { doxUrl: null });
  });
});

describe('dox.setJwt / dox.clearJwt', () => {
  it('stores the JWT in a 0600 secret file, reports only whether one is stored, and never quotes it in errors', async () => {
    expect(((await invoke(app, 'dox.status', {})) as any).jwtStored).toBe(false);
    const bad = await expectApiError(invoke(app, 'dox.setJwt', { jwt: 'has spaces in-it-secretvalue' }));
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).not.toContain('secretvalue');
    // Not JWT-shaped (stored silently before, failing only at the first push): refused, value unquoted.
    for (const notJwt of ['garbage.jwt', 'aaa.bbb.ccc', 'only-one-part-secretvalue']) {
      const e = await expectApiError(invoke(app, 'dox.setJwt', { jwt: notJwt }));
      expect(e.code).toBe('invalid_input');
      expect(e.message).toContain('jwt: is not a JWT: expected three base64url parts');
      expect(e.message).not.toContain(notJwt);
    }
    expect(((await invoke(app, 'dox.status', {})) as any).jwtStored).toBe(false);
    const out = await invoke(app, 'dox.setJwt', { jwt: JWT });
    expect(out).toEqual({ stored: true });
    const file = path.join(tmp.dir, 'secrets', 'dox-jwt.secret');
    expect(fs.readFileSync(file, 'utf8')).toBe(JWT);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const st = (await invoke(app, 'dox.status', {})) as any;
    expect(st).toMatchObject({ jwtStored: true, jwtSource: 'store' });
    expect(JSON.stringify(st)).not.toContain(JWT);
    expect(await invoke(app, 'dox.clearJwt', {})).toEqual({ stored: false });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('a DOX_JWT with a character an HTTP header cannot carry is named (variable, position, code point) before any request, never as "not reachable"', async () => {
    // fetch throws on such a header value before connecting: the push said "DoX is not reachable … Start DoX".
    const m = await mock('head');
    const cases: Array<[string, string]> = [
      ['DOX_JWT', `${JWT}\u2026`],
      ['DOX_TOKEN', `${JWT.slice(0, 12)}\u200b${JWT.slice(12)}`],
    ];
    try {
      for (const [name, value] of cases) {
        delete process.env.DOX_JWT;
        delete process.env.DOX_TOKEN;
        process.env[name] = value;
        const cp = name === 'DOX_JWT' ? '2026' : '200B';
        const pos = name === 'DOX_JWT' ? JWT.length + 1 : 13;
        const e = await expectApiError(invoke(app, 'dox.push', { run: runId, url: m.url }));
        expect(e.code, name).toBe('invalid_input');
        expect(e.message).toBe(`${name} has a character at position ${pos} (U+${cp}) that cannot be sent in an HTTP header; a JWT is visible ASCII only (xxxxx.yyyyy.zzzzz). Copy it again, or paste it under DoX JWT in the DoX section.`);
        expect(e.issues?.[0].path).toBe(name);
      }
      expect(m.journal).toHaveLength(0);
    } finally {
      delete process.env.DOX_JWT;
      delete process.env.DOX_TOKEN;
    }
  });
});

describe.each(['pin', 'head'] as const)('dox.push against the %s mock', (mode) => {
  it('pushes the Monte Carlo run: upload, artefact id, CHR, dashboard link, answer; recorded with its manifest', async () => {
    const m = await mock(mode);
    if (mode === 'head') await invoke(app, 'dox.setJwt', { jwt: JWT });
    const events: any[] = [];
    const r = (await invoke(
      app,
      'dox.push',
      { run: runId, chr: { K: 3 }, datavzrd: true, ask: ['What is the total revenue?'], search: ['wealth'], url: m.url },
      { onProgress: (e) => events.push(e) },
    )) as any;
    expect(r.status).toBe('ok');
    expect(r.generation).toBe(mode);
    expect(r.source.run).toBe(String(runId));
    // Progress: each step, in order, ending with done = total.
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(['bundle', 'health', 'upload', 'artifact', 'chr', 'dashboard', 'ask', 'search', 'done']);
    expect(events.at(-1)).toMatchObject({ phase: 'done', status: 'ok' });
    expect(events.at(-1).done).toBe(events.at(-1).total);
    // Upload: multipart field `files`, report_week = correlation id; the artefact ids are the mock's.
    const uploads = m.requests('/upload', 'POST');
    expect(uploads).toHaveLength(1);
    expect(uploads[0].query.report_week).toBe(r.correlationId);
    expect(new Set(uploads[0].fields)).toEqual(new Set(['files']));
    const mine = m.state.artifacts.filter((a) => a.report_week === r.correlationId);
    expect(r.artifacts.length).toBeGreaterThan(0);
    for (const a of r.artifacts) expect(mine.map((x) => x.id)).toContain(a.artifactId);
    const primary = r.artifacts.find((a: any) => a.filename === `run-${runId}-weekly-history.csv`);
    expect(primary).toBeTruthy();
    // CHR ran on the weekly history; the dashboard link is <dox host>:<datavzrd port>/.
    const chrReq = m.requests('/structure/chr', 'POST')[0];
    expect((chrReq.json as any).artifact_id).toBe(primary.artifactId);
    expect((chrReq.json as any).K).toBe(3);
    expect(r.chr.K).toBe(3);
    expect(r.chr.mhep).toBeGreaterThanOrEqual(0);
    expect(r.chr.mhep).toBeLessThanOrEqual(100);
    expect(r.chr.units).toBe(27); // weeks 0..26
    expect(r.dashboard.url).toBe(`http://127.0.0.1:${m.port}/`);
    expect(r.dashboard.ready).toBe(true);
    expect(r.dashboard.relViz).toMatch(/^datavzrd\//);
    // The question went as a query parameter and has an answer.
    const ask = m.requests('/ask', 'POST')[0];
    expect(ask.query.question).toBe('What is the total revenue?');
    expect(r.answers).toHaveLength(1);
    expect(r.answers[0].answer).toEqual(expect.any(String));
    expect(r.answers[0].answer.length).toBeGreaterThan(0);
    expect(r.searches[0].q).toBe('wealth');
    // Artifacts dir under <dataDir>/artifacts/, manifest written.
    expect(r.artifactsDir.startsWith(path.join(tmp.dir, 'artifacts') + path.sep)).toBe(true);
    const manifestText = fs.readFileSync(r.manifestPath, 'utf8');
    expect(JSON.parse(manifestText).correlationId).toBe(r.correlationId);
    // Recorded in dox_pushes with the manifest.
    const hist = (await invoke(app, 'dox.pushes', {})) as any[];
    const row = hist.find((h) => h.id === r.id)!;
    expect(row).toMatchObject({ status: 'ok', dryRun: false, sourceKind: 'run', sourceId: String(runId), dashboardUrl: r.dashboard.url });
    expect(row.artifactIds).toEqual(r.artifacts);
    expect(row.manifest.correlationId).toBe(r.correlationId);

    if (mode === 'head') {
      // The JWT was sent (Bearer) but is nowhere in the DB file, the manifest, the artefacts or the result.
      expect(m.journal.some((j) => j.headers.authorization === `Bearer ${JWT}`)).toBe(true);
      app.db.pragma('wal_checkpoint(TRUNCATE)');
      for (const f of fs.readdirSync(tmp.dir).filter((n) => n.startsWith('workbench') || n.endsWith('.db') || n.includes('.db-'))) {
        expect(fs.readFileSync(path.join(tmp.dir, f)).includes(Buffer.from(JWT)), f).toBe(false);
      }
      expect(manifestText).not.toContain(JWT);
      for (const f of fs.readdirSync(r.artifactsDir, { recursive: true }) as string[]) {
        const p = path.join(r.artifactsDir, f);
        if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).includes(Buffer.from(JWT)), f).toBe(false);
      }
      expect(JSON.stringify(r)).not.toContain(JWT);
      expect(JSON.stringify(hist)).not.toContain(JWT);
      expect(JSON.stringify(events)).not.toContain(JWT);
      await invoke(app, 'dox.clearJwt', {});
    }
  });

  it('dry run writes the same bundle offline and touches no network (mock journal empty)', async () => {
    const m = await mock(mode);
    const live = (await invoke(app, 'dox.push', { run: runId, url: m.url })) as any;
    m.journal.length = 0;
    const events: any[] = [];
    const dry = (await invoke(app, 'dox.push', { run: runId, chr: { K: 4 }, datavzrd: true, ask: ['total revenue?'], dryRun: true, url: m.url }, { onProgress: (e) => events.push(e) })) as any;
    expect(m.journal).toEqual([]);
    expect(dry.status).toBe('dry-run');
    expect(dry.dryRun).toBe(true);
    expect(dry.artifacts).toEqual([]);
    // Same bundle: every file byte-identical except the Markdown report's "generated at" time.
    const same = (r: any) => r.files.map((f: any) => [f.name, f.disposition, f.name.endsWith('.md') ? 'md' : f.sha256]);
    expect(same(dry)).toEqual(same(live));
    expect(dry.sent).toEqual(live.sent);
    expect(dry.sent.length).toBeGreaterThan(0);
    const plan = JSON.parse(fs.readFileSync(dry.requestsPath, 'utf8'));
    const steps = plan.requests.map((q: any) => `${q.step} ${q.method} ${new URL(q.url).pathname}`);
    expect(steps).toEqual(expect.arrayContaining(['health GET /health', 'upload POST /upload', 'chr POST /structure/chr', 'dashboard POST /viz/datavzrd', 'ask POST /ask']));
    expect(events.filter((e) => ['health', 'upload', 'artifact', 'chr', 'dashboard'].includes(e.phase)).every((e) => e.status === 'skip')).toBe(true);
    // Every step in requests.json has its line in the progress list, the question included.
    const planned = [...new Set(plan.requests.map((q: any) => q.step))];
    expect(planned).toContain('ask');
    for (const s of planned) expect(events.some((e) => e.phase === s && e.status === 'skip'), String(s)).toBe(true);
    // The dashboard the plan would poll is where a real push looks for datavzrd (WORKBENCH_DOX_DATAVZRD_PORT here), not 5173.
    const dashboardGet = plan.requests.find((q: any) => q.step === 'dashboard' && q.method === 'GET');
    expect(new URL(dashboardGet.url).port).toBe(process.env.WORKBENCH_DOX_DATAVZRD_PORT);
    const row = ((await invoke(app, 'dox.pushes', { limit: 5 })) as any[]).find((h) => h.id === dry.id);
    expect(row).toMatchObject({ status: 'dry-run', dryRun: true });
  });
});

describe('dox.push failures', () => {
  it('cancel stops the push, reports "cancelled" and records it as failed', async () => {
    const m = await mock('head', { faults: [{ method: 'POST', path: '/structure/chr', delayMs: 10_000 }] });
    const ac = new AbortController();
    const events: any[] = [];
    const p = invoke(app, 'dox.push', { run: 'latest', chr: { K: 2 }, url: m.url }, { signal: ac.signal, onProgress: (e: any) => {
      events.push(e);
      if (e.phase === 'chr' && e.status === 'start') setTimeout(() => ac.abort(), 50);
    } });
    const t0 = Date.now();
    const err = await expectApiError(p);
    expect(Date.now() - t0).toBeLessThan(8_000);
    expect(err.code).toBe('cancelled');
    expect(err.message).toMatch(/uploads cannot be undone/);
    const row = ((await invoke(app, 'dox.pushes', { limit: 1 })) as any[])[0];
    expect(row.status).toBe('failed');
    expect(row.manifest.error.code).toBe('aborted');
  });

  it('unreachable DoX fails fast with what to start, and the attempt is recorded', async () => {
    const url = await deadUrl();
    const before = ((await invoke(app, 'dox.pushes', { limit: 500 })) as any[]).length;
    const err = await expectApiError(invoke(app, 'dox.push', { run: runId, url }));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/Start DoX/);
    const after = (await invoke(app, 'dox.pushes', { limit: 500 })) as any[];
    expect(after.length).toBe(before + 1);
    expect(after[0].status).toBe('failed');
    // Rows are read back through the record schema: a damaged one is named, not listed as a push.
    const db = app.db;
    const saved = db.prepare('SELECT manifest_json, artifact_ids FROM dox_pushes WHERE id = ?').get(after[0].id) as { manifest_json: string; artifact_ids: string };
    db.prepare(`UPDATE dox_pushes SET manifest_json = '"text"' WHERE id = ?`).run(after[0].id);
    expect((await expectApiError(invoke(app, 'dox.pushes', { limit: 5 }))).message).toMatch(new RegExp(`DoX push ${after[0].id} is damaged in the database \\(manifest:`));
    db.prepare(`UPDATE dox_pushes SET manifest_json = ?, artifact_ids = '[{"filename":1}]' WHERE id = ?`).run(saved.manifest_json, after[0].id);
    expect((await expectApiError(invoke(app, 'dox.pushes', { limit: 5 }))).message).toMatch(/damaged in the database \(artifactIds\.0\.filename/);
    db.prepare('UPDATE dox_pushes SET artifact_ids = ? WHERE id = ?').run(saved.artifact_ids, after[0].id);
    expect(((await invoke(app, 'dox.pushes', { limit: 5 })) as any[])[0].id).toBe(after[0].id);
  });

  it('names the field for bad input and for an unknown run', async () => {
    const none = await expectApiError(invoke(app, 'dox.push', { dryRun: true }));
    expect(none.code).toBe('invalid_input');
    expect(none.message).toMatch(/run: choose what to push/);
    const fmt = await expectApiError(invoke(app, 'dox.push', { run: runId, files: { csv: false, json: false, md: false }, dryRun: true }));
    expect(fmt.message).toMatch(/files: choose at least one format/);
    const k = await expectApiError(invoke(app, 'dox.push', { run: runId, chr: { K: 0 }, dryRun: true }));
    expect(k.message).toMatch(/chr\.K/);
    const missing = await expectApiError(invoke(app, 'dox.push', { run: 99999, dryRun: true }));
    expect(missing.code).toBe('not_found');
  });
});
