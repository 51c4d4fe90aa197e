/**
 * DX-xx contract tests (spec/integrations.md §5.2) — the real client against the mock DoX
 * (tests/mocks/dox/server.ts) over real HTTP on 127.0.0.1.
 */
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/dox/clock';
import { defaultFallbacks, DoxClient, healthFailureMessage, type DoxClientOptions } from '../../../src-main/dox/client';
import {
  DoxAborted,
  DoxArtifactNotFound,
  DoxAuthError,
  DoxChrError,
  DoxFileRejected,
  DoxForbidden,
  DoxNeedsChr,
  DoxNotSupported,
  DoxProcessingLost,
  DoxProtocolError,
  DoxTaskError,
  DoxTimeout,
  DoxUploadError,
  DoxValidationError,
} from '../../../src-main/dox/errors';
import { signTestJwt, startMockDox, type MockDox, type MockDoxOptions } from '../../mocks/dox/server';

const CSV = 'week,revenue,spend,label\n1,100,40,alpha beta\n2,120,50,gamma delta\n3,90,30,epsilon zeta\n';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const mocks: MockDox[] = [];
const tmps: string[] = [];
afterEach(async () => {
  while (mocks.length) await mocks.pop()!.close();
  while (tmps.length) await rm(tmps.pop()!, { recursive: true, force: true });
});

async function mock(opts: MockDoxOptions = {}): Promise<MockDox> {
  const m = await startMockDox(opts);
  mocks.push(m);
  return m;
}
function client(m: MockDox, opts: DoxClientOptions = {}): { c: DoxClient; clock: ManualClock; notices: string[]; logs: string[] } {
  const clock = (opts.clock as ManualClock | undefined) ?? new ManualClock();
  const notices: string[] = [];
  const logs: string[] = [];
  const c = new DoxClient({ baseUrl: m.url, fallbackUrls: [], clock, onNotice: (n) => notices.push(n), onLog: (l) => logs.push(l), ...opts });
  return { c, clock, notices, logs };
}
const csvItem = (name = 'history.csv', text = CSV) => ({ name, source: { bytes: new TextEncoder().encode(text) } });

async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('DoX client contract (DX-xx)', () => {
  it('a server echoing the token in /health (version, status): probe and checkHealth return it redacted', async () => {
    const jwt = 'doxOPAQUE-canary-token-77ab21';
    const m = await mock({ mode: 'pin', faults: [{ method: 'GET', path: '/health', times: 1, status: 200, body: { status: 'ok', uptime_seconds: 3, version: `1.0+${jwt}` } }, { method: 'GET', path: '/health', status: 200, body: { status: `down ${jwt}` } }] });
    const { c } = client(m, { jwt });
    const up = await c.checkHealth();
    expect(up.ok).toBe(true);
    expect(up.version).toBe('1.0+<redacted>');
    const down = await c.probe();
    expect(down.ok).toBe(false);
    expect(down.reason).toBe('DoX reports status "down <redacted>"');
    expect(JSON.stringify([up, down])).not.toContain(jwt);
  });

  it('DX-01 head /health 200 → healthy, no auth header needed', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const h = await c.ensureHealthy();
    expect(h.ok).toBe(true);
    expect(h.generation).toBe('head');
    expect(h.status).toBe('ok');
    expect(m.requests('/health')[0].headers.authorization).toBeUndefined();
  });

  it('DX-02 nothing on the primary port, pin on the fallback → probes both, remembers the fallback', async () => {
    const pin = await mock({ mode: 'pin' });
    const port = await deadPort();
    const c = new DoxClient({ baseUrl: `http://127.0.0.1:${port}`, fallbackUrls: [pin.url], clock: new ManualClock() });
    const h = await c.ensureHealthy();
    expect(h.ok).toBe(true);
    expect(h.url).toBe(pin.url);
    expect(h.generation).toBe('pin');
    expect(h.tried.map((t) => t.ok)).toEqual([false, true]);
    expect(c.baseUrl).toBe(pin.url);
    await c.listArtifacts();
    expect(pin.requests('/artifacts')).toHaveLength(1);
  });

  it('DX-02b default fallback is :8000 when the base URL uses :8484; nothing at all → DoxUnreachable with a start hint', async () => {
    expect(defaultFallbacks('http://127.0.0.1:8484')).toEqual(['http://127.0.0.1:8000']);
    expect(defaultFallbacks('http://dox.local:9000')).toEqual([]);
    const [a, b] = [await deadPort(), await deadPort()];
    const c = new DoxClient({ baseUrl: `http://127.0.0.1:${a}`, fallbackUrls: [`http://127.0.0.1:${b}`], clock: new ManualClock() });
    const err = await c.ensureHealthy().catch((e) => e);
    expect(err.name).toBe('DoxUnreachable');
    expect(err.triedUrls).toEqual([`http://127.0.0.1:${a}`, `http://127.0.0.1:${b}`]);
    expect(err.message).toMatch(/docker compose/);
  });

  it('DX-03 /health answers HTML 200 → unhealthy with a protocol-error reason', async () => {
    const m = await mock({ mode: 'head', faults: [{ path: '/health', html: true }] });
    const { c } = client(m);
    const h = await c.checkHealth();
    expect(h.ok).toBe(false);
    expect(h.errorCode).toBe('protocol');
    expect(h.reason).toMatch(/HTML/);
    const err = await c.ensureHealthy().catch((e) => e);
    expect(err.message).toMatch(/not the DoX backend API/);
  });

  it('DX-04 upload uses multipart field "files", report_week as query, filename preserved', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const out = await c.upload([csvItem('sim_history.csv')], { correlationId: 'corr-123' });
    expect(out.files[0]).toMatchObject({ filename: 'sim_history.csv', status: 'success', factsCount: 1 });
    const up = m.requests('/upload', 'POST');
    expect(up).toHaveLength(1);
    expect(up[0].fields).toEqual(['files']);
    expect(up[0].files![0]).toMatchObject({ field: 'files', filename: 'sim_history.csv', contentType: 'text/csv' });
    expect(up[0].query).toEqual({ report_week: 'corr-123' });
  });

  it('DX-05 {"results":[]} → DoxUploadError("no files accepted")', async () => {
    const m = await mock({ mode: 'head', faults: [{ method: 'POST', path: '/upload', status: 200, body: { results: [] } }] });
    const { c } = client(m);
    const err = await c.upload([csvItem()]).catch((e) => e);
    expect(err).toBeInstanceOf(DoxUploadError);
    expect(err.message).toMatch(/no files accepted/);
  });

  it('DX-06 per-file error inside a 200 → upload error surfaced, no artefact id', async () => {
    const m = await mock({
      mode: 'head',
      faults: [{ method: 'POST', path: '/upload', status: 200, body: { results: [{ filename: 'history.csv', status: 'error', error: 'Unsupported file type: .json' }] } }],
    });
    const { c } = client(m);
    const err = await c.uploadAndResolve([csvItem()]).catch((e) => e);
    expect(err).toBeInstanceOf(DoxUploadError);
    expect(err.perFile).toEqual([{ filename: 'history.csv', error: 'Unsupported file type: .json' }]);
    expect(err.message).toMatch(/Unsupported file type: \.json/);
    expect(m.requests('/artifacts')).toHaveLength(0);
  });

  it('DX-07 a 101 MB file is rejected client-side before any request', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const dir = await mkdtemp(join(tmpdir(), 'dx07-'));
    tmps.push(dir);
    const big = join(dir, 'big.csv');
    await writeFile(big, '');
    await truncate(big, 101 * 1024 * 1024);
    const err = await c.upload([{ name: 'big.csv', source: { path: big } }]).catch((e) => e);
    expect(err).toBeInstanceOf(DoxFileRejected);
    expect(err.message).toMatch(/100 MB/);
    expect(m.journal).toHaveLength(0);
    const ext = await c.upload([{ name: 'params.json', source: { bytes: new Uint8Array(3) } }]).catch((e) => e);
    expect(ext).toBeInstanceOf(DoxFileRejected);
    expect(m.journal).toHaveLength(0);
  });

  it('DX-07c the extension pre-check is DoX\'s own list (globals.py IMAGE/AUDIO/VIDEO_SUFFIXES): .webp refused before sending, .aac and .tif sent', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const webp = await c.upload([{ name: 'chart.webp', source: { bytes: new Uint8Array(4) } }]).catch((e) => e);
    expect(webp).toBeInstanceOf(DoxFileRejected);
    expect(m.journal).toHaveLength(0);
    // DoX itself answers .webp with a per-file 400 inside a 200 (and keeps an orphan artefact row).
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(4)]), 'chart.webp');
    const raw = (await (await fetch(`${m.url}/upload?report_week=rw`, { method: 'POST', body: form })).json()) as { results: unknown[] };
    expect(raw.results).toEqual([{ filename: 'chart.webp', status: 'error', error: '400: Unsupported file type: .webp' }]);
    const ok = await c.upload([
      { name: 'memo.aac', source: { bytes: new Uint8Array(4) } },
      { name: 'scan.tif', source: { bytes: new Uint8Array(4) } },
    ]);
    expect(ok.files.map((f) => [f.filename, f.status])).toEqual([['memo.aac', 'success'], ['scan.tif', 'success']]);
  });

  it('mock fidelity: GET /artifacts carries evidence counts (numbers), an oversize file leaves no artefact row, DELETE /reset answers {status:"Database reset"}', async () => {
    const m = await mock({ mode: 'head', maxFileBytes: 8 });
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(16)]), 'big.csv');
    form.append('files', new Blob(['a,b\n1,2\n']), 'ok.csv');
    const up = (await (await fetch(`${m.url}/upload?report_week=rw`, { method: 'POST', body: form })).json()) as { results: Array<{ status: string }> };
    expect(up.results.map((r) => r.status)).toEqual(['error', 'success']);
    const { artifacts } = (await (await fetch(`${m.url}/artifacts`)).json()) as { artifacts: Array<Record<string, unknown>> };
    expect(artifacts.map((a) => a.filename)).toEqual(['ok.csv']);
    for (const k of ['table_evidence', 'chart_evidence', 'formula_evidence', 'media_transcripts', 'media_metadata', 'web_pages', 'image_ocr']) expect(artifacts[0][k]).toBe(0);
    const jwt = signTestJwt('s', { sub: 'u' });
    const reset = await fetch(`${m.url}/reset`, { method: 'DELETE', headers: { Authorization: `Bearer ${jwt}` } });
    expect(await reset.json()).toEqual({ status: 'Database reset' });
  });

  it('DX-07b a 413 on /upload (API_REFERENCE, or a proxy in front of DoX) → upload error naming each file size and the 100 MB limit; not retried', async () => {
    const m = await mock({ mode: 'head', faults: [{ method: 'POST', path: '/upload', status: 413, html: true }] });
    const { c } = client(m);
    const err = await c.upload([csvItem('history.csv', CSV.repeat(20_000))], { correlationId: 'rw07b' }).catch((e) => e);
    expect(err).toBeInstanceOf(DoxUploadError);
    expect(err.correlationId).toBe('rw07b');
    expect(err.message).toMatch(/refused the upload as too large \(HTTP 413\): history\.csv is 1\.7 MB, 1\.7 MB in all/);
    expect(err.message).toMatch(/at most 100 MB per file/);
    expect(err.message).not.toMatch(/<html|<!DOCTYPE/i);
    expect(m.requests('/upload', 'POST')).toHaveLength(1);
  });

  it('DX-08 resolves the artefact whose report_week matches the correlation id', async () => {
    const m = await mock({ mode: 'head' });
    const decoy = m.addArtifact({ filename: 'history.csv', report_week: 'someone-else' });
    const { c } = client(m);
    const out = await c.uploadAndResolve([csvItem()], { correlationId: 'mine' });
    const expected = m.state.artifacts.find((a) => a.report_week === 'mine')!;
    expect(m.state.artifacts).toHaveLength(2);
    expect(out.files[0].artifactId).toBe(expected.id);
    expect(out.files[0].artifactId).not.toBe(decoy.id);
  });

  it('DX-08b one upload with sim.csv and my_sim.csv: each resolves to its own artefact (filename match, not a path suffix)', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const out = await c.uploadAndResolve([csvItem('sim.csv'), csvItem('my_sim.csv')], { correlationId: 'rw08b' });
    const byName = (n: string) => m.state.artifacts.find((a) => a.filename === n && a.report_week === 'rw08b')!.id;
    expect(out.files.map((f) => [f.filename, f.artifactId])).toEqual([
      ['sim.csv', byName('sim.csv')],
      ['my_sim.csv', byName('my_sim.csv')],
    ]);
    // A row without a filename is still found by its stored path uploads/<uuid>_<name>.
    const bare = m.addArtifact({ filename: 'other.csv', report_week: 'rw08c' });
    (bare as unknown as { filename: string | null }).filename = null;
    expect(await c.resolveArtifactId('other.csv', 'rw08c')).toBe(bare.id);
  });

  it('DX-08c one malformed row among all DoX artefacts (or facts) is skipped and counted, not a failed lookup (§4 F12)', async () => {
    const m = await mock({ mode: 'head' });
    const { c, logs } = client(m);
    const broken = m.addArtifact({ filename: 'someone-elses.csv', report_week: 'theirs' });
    (broken as unknown as Record<string, unknown>).id = 12345;
    const out = await c.uploadAndResolve([csvItem()], { correlationId: 'rw08c' });
    expect(out.files[0].artifactId).toBe(m.state.artifacts.find((a) => a.report_week === 'rw08c')!.id);
    const listed = await c.listArtifacts();
    expect(listed.skipped).toBe(1);
    expect(listed.artifacts.map((a) => a.report_week)).toEqual(['rw08c']);
    expect(logs.some((l) => /GET \/artifacts: skipped 1 of 2 artefact rows.*row 0: id/.test(l))).toBe(true);
    m.state.facts.push({ id: 'f-bad', artifact_id: 'x', report_week: 'rw08c', metrics: { revenue: 'lots' }, evidence_id: null });
    const facts = await c.facts('rw08c');
    expect(facts).toHaveLength(1);
    expect(facts[0].metrics.revenue).toBe(310);
    expect(logs.some((l) => /GET \/facts: skipped 1 of 2 fact rows.*metrics\.revenue/.test(l))).toBe(true);
  });

  it('DX-09 no matching artefact → DoxArtifactNotFound', async () => {
    const m = await mock({ mode: 'head' });
    m.addArtifact({ filename: 'history.csv', report_week: 'other' });
    const { c } = client(m);
    await expect(c.resolveArtifactId('history.csv', 'mine')).rejects.toBeInstanceOf(DoxArtifactNotFound);
    m.addArtifact({ filename: 'history.csv', report_week: 'dup' });
    m.addArtifact({ filename: 'history.csv', report_week: 'dup' });
    await expect(c.resolveArtifactId('history.csv', 'dup')).rejects.toThrow(/2 artefacts/);
  });

  it('DX-10 PDF → queued task polled with backoff until completed; artefact id from the task', async () => {
    const m = await mock({ mode: 'head', pdfPolls: 3 });
    const { c, clock } = client(m);
    const out = await c.uploadAndResolve([{ name: 'report.pdf', source: { bytes: PDF } }]);
    const art = m.state.artifacts.find((a) => a.filename === 'report.pdf')!;
    expect(out.files[0]).toMatchObject({ status: 'queued', artifactId: art.id });
    expect(m.requests('/upload')[0].query.async_pdf).toBe('true');
    const polls = m.journal.filter((e) => e.path.startsWith('/tasks/'));
    expect(polls).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 1500, 2250]);
    expect(m.requests('/artifacts')).toHaveLength(0);
  });

  it('DX-11 task ends in error → failure with the message', async () => {
    const m = await mock({ mode: 'head', pdfPolls: 2, pdfOutcome: { status: 'error', error: 'Docling crashed on page 3' } });
    const { c } = client(m);
    const err = await c.uploadAndResolve([{ name: 'report.pdf', source: { bytes: PDF } }]).catch((e) => e);
    expect(err).toBeInstanceOf(DoxTaskError);
    expect(err.message).toMatch(/Docling crashed on page 3/);
  });

  it('DX-12 /tasks/{id} 404 mid-poll (restart) → "processing lost"', async () => {
    const m = await mock({ mode: 'head', pdfPolls: 5, faults: [{ path: '/tasks/*', after: 1, status: 404, body: { detail: 'Task not found' } }] });
    const { c } = client(m);
    const err = await c.uploadAndResolve([{ name: 'report.pdf', source: { bytes: PDF } }]).catch((e) => e);
    expect(err).toBeInstanceOf(DoxProcessingLost);
    expect(err.message).toMatch(/lost/);
    expect(err.message).toMatch(/upload the file again/);
  });

  it('DX-13 ask → POST /ask?question=… with an empty body; hrm optional', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    await c.upload([csvItem()]);
    const a = await c.ask('What is the total revenue?');
    expect(a.metric).toBe('revenue');
    expect(a.total).toBe(310);
    expect(a.hrm).toEqual({ enabled: false });
    const req = m.requests('/ask', 'POST')[0];
    expect(req.query).toEqual({ question: 'What is the total revenue?' });
    expect(req.bodySize).toBe(0);
    m.fault({ path: '/ask', status: 200, body: { answer: 'x', evidence: [], metric: null } });
    const b = await c.ask('anything');
    expect(b).toMatchObject({ answer: 'x', metric: null, hrm: null });
  });

  it('DX-14 a body-only ask (client bug) → mock 422 → DoxValidationError with the detail array', async () => {
    const m = await mock({ mode: 'head' });
    // Simulate the upstream bug: the question travels in a JSON body, not the query.
    const buggyFetch: typeof fetch = (input, init) => {
      const u = new URL(String(input));
      if (u.pathname === '/ask') {
        const q = u.searchParams.get('question');
        u.search = '';
        return fetch(u, { ...init, body: JSON.stringify({ question: q }), headers: { ...(init?.headers as Record<string, string>), 'content-type': 'application/json' } });
      }
      return fetch(input, init);
    };
    const { c } = client(m, { fetch: buggyFetch });
    const err = await c.ask('total revenue?').catch((e) => e);
    expect(err).toBeInstanceOf(DoxValidationError);
    expect(err.status).toBe(422);
    expect(err.detail).toEqual([{ type: 'missing', loc: ['query', 'question'], msg: 'Field required', input: null }]);
    expect(err.message).toMatch(/query\.question: Field required/);
  });

  it('DX-15 search parses the pin shape (took_ms,count) and the head shape (results only) alike', async () => {
    for (const mode of ['pin', 'head'] as const) {
      const m = await mock({ mode });
      const { c } = client(m);
      await c.uploadAndResolve([{ name: 'wealth.pdf', source: { bytes: PDF } }]);
      const r = await c.search('content wealth', { k: 3, types: ['pdf'] });
      expect(r.results.length).toBe(1);
      expect(r.count).toBe(1);
      expect(r.results[0].meta.type).toBe('pdf');
      expect(r.tookMs).toBe(mode === 'pin' ? 1 : null);
      expect(m.requests('/search', 'POST')[0].json).toEqual({ q: 'content wealth', k: 3, types: ['pdf'] });
      await c.search('x');
      expect(m.requests('/search', 'POST')[1].json).toEqual({ q: 'x', k: 5 });
    }
  });

  it('DX-16 CHR with defaults sends the full default body and maps the response', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const up = await c.uploadAndResolve([csvItem()]);
    const id = up.files[0].artifactId!;
    const r = await c.chr(id);
    expect(m.requests('/structure/chr')[0].json).toEqual({ artifact_id: id, K: 8, iters: 30, bins: 8, seed: 42, beta: 12, units_mode: 'paragraphs', include_tables: true });
    expect(r.K).toBe(8);
    expect(r.units).toBe(3);
    expect(r.mhep).toBeGreaterThanOrEqual(0);
    expect(r.mhep).toBeLessThanOrEqual(100);
    expect(r.Hg).toBeGreaterThanOrEqual(0);
    expect(r.previewRows).toHaveLength(3);
    const radii = r.previewRows.map((p) => p.radius);
    expect([...radii].sort((a, b) => b - a)).toEqual(radii);
    expect(r.relCsv).toMatch(/^chr\/.*_chr\.csv$/);
    expect(r.relPlot).toBeNull();
  });

  it('DX-17 CHR 400 "Could not derive units" → typed error, no retry', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const up = await c.uploadAndResolve([csvItem('empty.csv', 'week,revenue\n')]);
    const err = await c.chr(up.files[0].artifactId!).catch((e) => e);
    expect(err).toBeInstanceOf(DoxChrError);
    expect(err.message).toMatch(/could not derive text units/i);
    expect(m.requests('/structure/chr')).toHaveLength(1);
    const e404 = await c.chr('no-such-id').catch((e) => e);
    expect(e404).toBeInstanceOf(DoxChrError);
    expect(e404.status).toBe(404);
    expect(m.requests('/structure/chr')).toHaveLength(2);
  });

  it('DX-17b CHR that outlives the client timeout is not re-POSTed (DoX keeps computing it, its event loop blocked); a 5xx still gets its one retry', async () => {
    const m = await mock({ mode: 'head' });
    const { c, notices } = client(m, { timeouts: { chrMs: 150 } });
    const up = await c.uploadAndResolve([csvItem()]);
    m.fault({ method: 'POST', path: '/structure/chr', times: 1, delayMs: 600 });
    const err = await c.chr(up.files[0].artifactId!).catch((e) => e);
    expect(err).toBeInstanceOf(DoxTimeout);
    expect(m.requests('/structure/chr')).toHaveLength(1);
    expect(notices.join('\n')).not.toMatch(/retry/);
    m.fault({ method: 'POST', path: '/structure/chr', times: 1, status: 500, body: { detail: 'Internal Server Error' } });
    const { c: c2 } = client(m);
    const ok = await c2.chr(up.files[0].artifactId!, { K: 2 });
    expect(ok.K).toBe(2);
    expect(m.requests('/structure/chr')).toHaveLength(3);
  });

  it('DX-18 datavzrd before CHR → "run CHR first", no retry', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const up = await c.uploadAndResolve([csvItem()]);
    const err = await c.datavzrd(up.files[0].artifactId!).catch((e) => e);
    expect(err).toBeInstanceOf(DoxNeedsChr);
    expect(err.message).toMatch(/run CHR first/);
    expect(m.requests('/viz/datavzrd')).toHaveLength(1);
  });

  it('DX-19 datavzrd after CHR → rel_viz and http://<host>:5173/ (no id suffix, no double port)', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const up = await c.uploadAndResolve([csvItem()]);
    const id = up.files[0].artifactId!;
    await c.chr(id, { K: 3 });
    const v = await c.datavzrd(id);
    expect(v.relViz).toMatch(/^datavzrd\/.+\/viz\.yaml$/);
    expect(v.dashboardUrl).toBe('http://127.0.0.1:5173/');
    // the datavzrd static server: poll until 200
    const viz = createServer((_q, r) => r.end('<html>dashboard</html>'));
    await new Promise<void>((r) => viz.listen(0, '127.0.0.1', () => r()));
    const port = (viz.address() as AddressInfo).port;
    try {
      expect(await c.waitForDashboard(`http://127.0.0.1:${port}/`, { capMs: 3000 })).toBe(true);
      expect(await c.waitForDashboard(`http://127.0.0.1:${await deadPort()}/`, { capMs: 3000, intervalMs: 1000 })).toBe(false);
    } finally {
      viz.close();
    }
  });

  it('DX-19b cancelling while the dashboard poll waits on a silent datavzrd aborts at once (§4 F21)', async () => {
    const silent = createServer(() => {
      /* accepts and never answers */
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const ctl = new AbortController();
      const c = new DoxClient({ baseUrl: 'http://127.0.0.1:8484', fallbackUrls: [], clock: new ManualClock(), signal: ctl.signal });
      const t0 = Date.now();
      setTimeout(() => ctl.abort(), 100);
      const err = await c.waitForDashboard(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, { capMs: 30_000 }).catch((e) => e);
      expect(err).toBeInstanceOf(DoxAborted);
      expect(Date.now() - t0).toBeLessThan(2_000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('DX-20 429 + Retry-After: 60 → waits 60 s, tells the user, retries once, succeeds', async () => {
    const m = await mock({ mode: 'head', faults: [{ path: '/artifacts', rateLimit: 60, times: 1 }] });
    const { c, clock, notices } = client(m);
    const r = await c.listArtifacts();
    expect(r.artifacts).toEqual([]);
    expect(clock.sleeps).toEqual([60_000]);
    expect(notices.join('\n')).toMatch(/rate limit.*waiting 60 s/i);
    expect(m.requests('/artifacts')).toHaveLength(2);
  });

  it('mock limiter keys clients as DoX does (§2.3): JWT user, else X-Forwarded-For, else X-Real-IP, else the socket', async () => {
    const m = await mock({ mode: 'head', rateLimit: { max: 1, windowMs: 60_000 } });
    const get = (h: Record<string, string>) => fetch(`${m.url}/artifacts`, { headers: h }).then((r) => r.status);
    expect(await get({ 'X-Real-IP': '10.0.0.1' })).toBe(200);
    expect(await get({ 'X-Real-IP': '10.0.0.2' })).toBe(200);
    expect(await get({ 'X-Real-IP': '10.0.0.1' })).toBe(429);
    expect(await get({ Authorization: `Bearer ${signTestJwt('s', { sub: 'ann' })}`, 'X-Real-IP': '10.0.0.1' })).toBe(200);
    expect(await get({ Authorization: `Bearer ${signTestJwt('s', { sub: 'bob' })}`, 'X-Real-IP': '10.0.0.1' })).toBe(200);
    expect(await get({ Authorization: `Bearer ${signTestJwt('s', { sub: 'ann' })}` })).toBe(429);
  });

  it('DX-21 120 quick calls: pacing keeps ≤100 per 60 s window; no 429', async () => {
    const clock = new ManualClock();
    const m = await mock({ mode: 'head', now: () => clock.now() });
    const { c } = client(m, { clock });
    for (let i = 0; i < 120; i++) await c.facts();
    const reqs = m.requests('/facts');
    expect(reqs).toHaveLength(120);
    expect(reqs.every((r) => r.status === 200)).toBe(true);
    const times = reqs.map((r) => r.time);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i] && t < times[i] + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(100);
    }
    expect(clock.sleeps.length).toBeGreaterThan(0);
  });

  it('DX-22 /download on head without a token → asks for a token; with one, Bearer is sent', async () => {
    const secret = 'test-secret-for-mock';
    const m = await mock({ mode: 'head', jwtSecret: secret });
    const anon = client(m).c;
    await anon.uploadAndResolve([{ name: 'doc.pdf', source: { bytes: PDF } }]);
    const err = await anon.download('converted/x.txt').catch((e) => e);
    expect(err).toBeInstanceOf(DoxAuthError);
    expect(err.message).toMatch(/DOX_JWT/);
    const token = signTestJwt(secret);
    const { c } = client(m, { jwt: token });
    const art = m.state.artifacts[0];
    const conv = await c.convert(art.id, 'txt');
    const bytes = await c.download(conv.rel);
    expect(new TextDecoder().decode(bytes)).toMatch(/Extracted content unavailable/);
    const dl = m.requests('/download');
    expect(dl.at(-1)!.headers.authorization).toBe(`Bearer ${token}`);
    const bad = client(m, { jwt: signTestJwt('wrong-secret') }).c;
    const e2 = await bad.download(conv.rel).catch((e) => e);
    expect(e2).toBeInstanceOf(DoxAuthError);
    expect(e2.message).toMatch(/rejected the configured token/);
    // The stored JWT (the app's DoX JWT field) wins over DOX_JWT: the advice names the field, not only the variable.
    expect(e2.message).toMatch(/paste it under DoX JWT in the DoX section \(a stored JWT is used before DOX_JWT\)/);
    expect(err.message).toMatch(/under DoX JWT in the DoX section, or set DOX_JWT/);
    expect(e2.message).not.toContain(signTestJwt('wrong-secret'));
  });

  it('DX-22b an expired token (exp in the past) is refused on /download like a wrong one; the message never quotes it', async () => {
    const secret = 'test-secret-for-mock';
    const m = await mock({ mode: 'head', jwtSecret: secret });
    await client(m).c.uploadAndResolve([{ name: 'doc.pdf', source: { bytes: PDF } }]);
    const expired = signTestJwt(secret, { sub: 'tester', exp: Math.floor(Date.now() / 1000) - 60 });
    const { c } = client(m, { jwt: expired });
    const conv = await c.convert(m.state.artifacts[0].id, 'txt');
    const err = await c.download(conv.rel).catch((e) => e);
    expect(err).toBeInstanceOf(DoxAuthError);
    expect(err.message).toMatch(/rejected the configured token on GET \/download \(Authentication failed\)/);
    expect(err.message).not.toContain(expired);
    expect(m.requests('/download').at(-1)?.status).toBe(401);
    const fresh = signTestJwt(secret, { sub: 'tester', exp: Math.floor(Date.now() / 1000) + 3600 });
    expect(new TextDecoder().decode(await client(m, { jwt: fresh }).c.download(conv.rel))).toMatch(/Extracted content unavailable/);
  });

  it('DX-23 security middleware 403 → the error carries the reason', async () => {
    const m = await mock({
      mode: 'head',
      faults: [{ path: '/search', status: 403, body: { error: 'Security validation failed', status: 'blocked', reason: 'Blocked command pattern: rm -rf', path: '/search', method: 'POST' } }],
    });
    const { c } = client(m);
    const err = await c.search('rm -rf /').catch((e) => e);
    expect(err).toBeInstanceOf(DoxForbidden);
    expect(err.reason).toBe('Blocked command pattern: rm -rf');
    expect(err.message).toMatch(/Blocked command pattern: rm -rf/);
  });

  it('DX-24 socket closed mid-upload → failure, no automatic re-POST', async () => {
    const m = await mock({ mode: 'head', faults: [{ method: 'POST', path: '/upload', closeMidUpload: true }] });
    const { c } = client(m);
    const big = 'week,revenue\n' + Array.from({ length: 50_000 }, (_, i) => `${i},${i * 3}`).join('\n');
    const err = await c.upload([csvItem('big.csv', big)], { correlationId: 'c24' }).catch((e) => e);
    expect(err).toBeInstanceOf(DoxUploadError);
    expect(err.message).toMatch(/not retried/);
    expect(err.message).toMatch(/report_week=c24/);
    expect(m.requests('/upload', 'POST')).toHaveLength(1);
  });

  it('DX-25 502 then 200 on GET /artifacts → one retry, success', async () => {
    const m = await mock({ mode: 'head', faults: [{ method: 'GET', path: '/artifacts', status: 502, body: { detail: 'Bad Gateway' }, times: 1 }] });
    const { c, notices } = client(m);
    const r = await c.listArtifacts();
    expect(r.artifacts).toEqual([]);
    expect(m.requests('/artifacts')).toHaveLength(2);
    expect(notices.some((n) => /502/.test(n))).toBe(true);
  });

  it('DX-25b GET 5xx: up to 3 retries (1 + 3 attempts, §4 F9), backoff ≈ 0.5, 1, 2 s, then the error', async () => {
    const m = await mock({ mode: 'head', faults: [{ method: 'GET', path: '/artifacts', status: 503, body: { detail: 'Service Unavailable' }, times: 3 }] });
    const { c, clock } = client(m);
    expect((await c.listArtifacts()).artifacts).toEqual([]);
    expect(m.requests('/artifacts')).toHaveLength(4);
    const waits = clock.sleeps;
    expect(waits).toHaveLength(3);
    [500, 1000, 2000].forEach((b, i) => expect(Math.abs(waits[i] - b)).toBeLessThanOrEqual(b * 0.2));
    m.fault({ method: 'GET', path: '/facts', status: 503, body: { detail: 'Service Unavailable' } });
    const err = await c.facts().catch((e) => e);
    expect(err.status).toBe(503);
    expect(m.requests('/facts')).toHaveLength(4);
  });

  it('DX-25c a 503 with Retry-After (a restarting DoX or its proxy) waits what the server asks, not the 0.5 s backoff (§1.7/F9: Retry-After takes precedence)', async () => {
    const m = await mock({ mode: 'head', faults: [{ method: 'GET', path: '/artifacts', status: 503, body: { detail: 'Service Unavailable' }, headers: { 'Retry-After': '7' }, times: 1 }] });
    const { c, clock, notices } = client(m);
    expect((await c.listArtifacts()).artifacts).toEqual([]);
    expect(m.requests('/artifacts')).toHaveLength(2);
    expect(clock.sleeps).toEqual([7000]);
    expect(notices.some((n) => /HTTP 503.*waiting 7 s as the server asks \(Retry-After\)/.test(n))).toBe(true);
    // An absurd Retry-After is capped (a GET must not hang for an hour): at most 60 s.
    m.fault({ method: 'GET', path: '/artifacts', status: 503, body: { detail: 'Service Unavailable' }, headers: { 'Retry-After': '3600' }, times: 1 });
    clock.sleeps.length = 0;
    await c.listArtifacts();
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('DX-26 malformed JSON on /structure/chr → protocol error, raw snippet ≤ 2 KB logged', async () => {
    const m = await mock({ mode: 'head' });
    const { c, logs } = client(m);
    const up = await c.uploadAndResolve([csvItem()]);
    m.fault({ path: '/structure/chr', truncatedJson: true });
    const err = await c.chr(up.files[0].artifactId!).catch((e) => e);
    expect(err).toBeInstanceOf(DoxProtocolError);
    expect(err.snippet.length).toBeLessThanOrEqual(2048);
    expect(err.snippet).toContain('"preview_rows"');
    expect(logs.some((l) => l.includes('malformed'))).toBe(true);
    m.clearFaults();
    m.fault({ path: '/structure/chr', rawBody: 'x'.repeat(10_000) });
    const e2 = await c.chr(up.files[0].artifactId!).catch((e) => e);
    expect(e2.snippet.length).toBe(2048);
  });

  it('DX-26b an unexpected shape that echoes the token: neither the log line nor the snippet carries it', async () => {
    const jwt = 'plain-secret-token-1234';
    const m = await mock({ mode: 'head', faults: [{ method: 'GET', path: '/artifacts', status: 200, body: { echo: { authorization: `Bearer ${jwt}`, token: jwt } } }] });
    const { c, logs } = client(m, { jwt });
    const err = await c.listArtifacts().catch((e) => e);
    expect(err).toBeInstanceOf(DoxProtocolError);
    expect(logs.some((l) => l.includes('unexpected response shape'))).toBe(true);
    expect(logs.join('\n')).not.toContain(jwt);
    expect(err.snippet).not.toContain(jwt);
    expect(err.snippet).toContain('<redacted>');
  });

  it('DX-26c a token straddling the 2 KB snippet or the 300-character message cut is redacted whole, not cut to a visible prefix', async () => {
    const jwt = 'plain-secret-token-5678';
    const m = await mock({
      mode: 'head',
      faults: [
        // {"echo":" is 9 characters: the token starts 9 characters before the snippet's end.
        { method: 'GET', path: '/artifacts', times: 1, status: 200, rawBody: JSON.stringify({ echo: `${'x'.repeat(2030)}${jwt}` }) },
        { method: 'GET', path: '/artifacts', status: 400, rawBody: `${'y'.repeat(290)}${jwt}`, headers: { 'content-type': 'text/plain' } },
      ],
    });
    const { c, logs } = client(m, { jwt });
    const shape = await c.listArtifacts().catch((e) => e);
    expect(shape).toBeInstanceOf(DoxProtocolError);
    expect(shape.snippet.length).toBe(2048);
    const plain = await c.listArtifacts().catch((e) => e);
    expect(plain.message).toContain('y'.repeat(50));
    for (const text of [shape.snippet, shape.message, plain.message, logs.join('\n')]) expect(text).not.toContain(jwt.slice(0, 8));
  });

  it('DX-27 POML export for a CSV artefact → typed "not supported for this artifact type"', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const up = await c.uploadAndResolve([csvItem()]);
    const err = await c.exportPoml(up.files[0].artifactId!).catch((e) => e);
    expect(err).toBeInstanceOf(DoxNotSupported);
    expect(err.message).toMatch(/not supported for this artifact type/);
  });

  it('DX-28 convert then download (two steps); an invalid format → validation error', async () => {
    const m = await mock({ mode: 'pin' });
    const { c } = client(m);
    const up = await c.uploadAndResolve([{ name: 'doc.pdf', source: { bytes: PDF } }]);
    const id = up.files[0].artifactId!;
    const conv = await c.convert(id, 'docx');
    expect(m.requests('/convert')[0].json).toEqual({ artifact_id: id, format: 'docx' });
    const bytes = await c.download(conv.rel);
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(m.requests('/download')[0].query).toEqual({ rel: conv.rel });
    const err = await c.convert(id, 'pdf' as never).catch((e) => e);
    expect(err).toBeInstanceOf(DoxValidationError);
    expect(err.status).toBe(400);
  });

  it('DX-29 facts from {facts:[…]} with typed metrics; per-artefact facts via /artifacts/{id}', async () => {
    const m = await mock({ mode: 'head' });
    const { c } = client(m);
    const up = await c.uploadAndResolve([csvItem()], { correlationId: 'rw29' });
    const facts = await c.facts('rw29');
    expect(facts).toHaveLength(1);
    expect(facts[0].metrics.revenue).toBe(310);
    expect(facts[0].metrics.spend).toBe(120);
    expect(facts[0].metrics.roas).toBeCloseTo(310 / 120);
    expect(m.requests('/facts')[0].query).toEqual({ report_week: 'rw29' });
    const detail = await c.artifact(up.files[0].artifactId!);
    expect(detail.facts[0].metrics.revenue).toBe(310);
    expect(detail.evidence[0].content_type).toBe('csv');
  });

  it('DX-30 /extract/tags in both modes', async () => {
    const pin = await mock({ mode: 'pin' });
    const p = client(pin).c;
    const up = await p.uploadAndResolve([{ name: 'doc.pdf', source: { bytes: PDF } }]);
    const r1 = await p.extractTags({ documentId: up.files[0].artifactId! });
    expect(r1.shape).toBe('pin');
    expect(r1.tags).toEqual(['finance', 'report']);
    const head = await mock({ mode: 'head' });
    const h = client(head).c;
    const r2 = await h.extractTags({ text: 'cooperative wealth distribution across members' });
    expect(r2.shape).toBe('head');
    expect(r2.tags.length).toBeGreaterThan(0);
    expect(head.requests('/extract/tags')[0].json).toMatchObject({ text: 'cooperative wealth distribution across members' });
    const r3 = await h.extractTags({ documentId: 'x' });
    expect(r3).toEqual({ tags: [], shape: 'head' });
  });

  it('DX-31 a redirect (http → https, a proxy) is not followed: the POST keeps its body, the error names the URL to set', async () => {
    const m = await mock({ mode: 'head' });
    // A front that answers every request with 301 to the same path on the mock (as an http → https redirect does).
    const front = createServer((req, res) => {
      res.writeHead(301, { Location: `${m.url}${req.url}` });
      res.end();
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
    try {
      const frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
      const { c } = client(m, { baseUrl: frontUrl });
      const h = await c.probe();
      expect(h.ok).toBe(false);
      expect(h.reason).toContain(`GET /health answered HTTP 301; the server redirects to ${m.url}/health`);
      expect(h.reason).toContain(`set the DoX URL to ${m.url}`);
      // §4 F5: a redirect is a protocol error (a proxy or the wrong address), not an unhealthy DoX to restart.
      expect(h.errorCode).toBe('protocol');
      expect(healthFailureMessage([h])).toMatch(/not the DoX backend API/);
      expect(healthFailureMessage([h])).not.toMatch(/restart/);
      const err = await c.upload([csvItem()], { correlationId: 'rw31' }).catch((e) => e);
      expect(err).toBeInstanceOf(DoxProtocolError);
      expect(err.code).toBe('protocol');
      expect(err.status).toBe(301);
      expect(err.message).toContain(`set the DoX URL to ${m.url}`);
      // Followed, the POST would have arrived at the mock as a GET without its file.
      expect(m.requests('/upload')).toHaveLength(0);
    } finally {
      await new Promise<void>((r) => front.close(() => r()));
    }
  });
});
