import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type AppContext } from '../../../src-main/context';
import { startServer, type RunningServer } from '../../../src-main/transports/http';
import { tmpDir } from '../../helpers/tmp';

/** Raw request so Host/Origin can be forged (fetch will not let us). */
function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('serve transport', () => {
  let app: AppContext;
  let srv: RunningServer;
  let tmp: ReturnType<typeof tmpDir>;
  const json = (body: unknown, extra: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', host: `127.0.0.1:${srv.port}`, authorization: `Bearer ${srv.token}`, ...extra },
    body: JSON.stringify(body),
  });

  beforeAll(async () => {
    tmp = tmpDir();
    app = createContext({ dataDir: tmp.dir, transport: 'http' });
    srv = await startServer(app, { rendererDir: null });
  });
  afterAll(async () => {
    await srv.close();
    app.close();
    tmp.cleanup();
  });

  it('answers a valid call', async () => {
    const r = await raw(srv.port, { path: '/api/op/health', ...json({ input: {} }) });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, output: { ok: true, db: { quickCheck: 'ok' } } });
  });
  it('rejects a missing token with 401', async () => {
    const r = await raw(srv.port, { path: '/api/op/health', method: 'POST', headers: { 'content-type': 'application/json', host: `127.0.0.1:${srv.port}` }, body: '{}' });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error.code).toBe('unauthorized');
  });
  it('rejects a wrong token with 401', async () => {
    const r = await raw(srv.port, { path: '/api/op/health', ...json({}, { authorization: 'Bearer nope' }) });
    expect(r.status).toBe(401);
  });
  it('rejects a foreign Origin with 403 even with the token', async () => {
    const r = await raw(srv.port, { path: '/api/op/health', ...json({}, { origin: 'https://evil.example' }) });
    expect(r.status).toBe(403);
  });
  it('rejects a non-loopback Host (DNS rebinding) with 403', async () => {
    const r = await raw(srv.port, { path: '/api/op/health', ...json({}, { host: `evil.example:${srv.port}` }) });
    expect(r.status).toBe(403);
  });
  it('rejects invalid input with 400 naming the field and the value', async () => {
    const r = await raw(srv.port, { path: '/api/op/settings.set', ...json({ input: { defaultSeed: -5 } }) });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.issues[0].path).toBe('defaultSeed');
    expect(body.error.message).toMatch(/defaultSeed/);
    expect(body.error.message).toMatch(/-5/);
  });
  it('rejects unknown fields instead of silently storing them', async () => {
    const r = await raw(srv.port, { path: '/api/op/settings.set', ...json({ input: { __proto__x: 1, bogus: true } }) });
    expect(r.status).toBe(400);
    expect(app.settings.get()).not.toHaveProperty('bogus');
  });
  it('validates the request envelope: a misspelt key, a non-object body or a non-string jobId is a 400, not a silent default', async () => {
    const typo = await raw(srv.port, { path: '/api/op/settings.set', ...json({ inptu: { defaultRuns: 77 } }) });
    expect(typo.status).toBe(400);
    expect(JSON.parse(typo.body).error.message).toMatch(/inptu/);
    expect(app.settings.get().defaultRuns).not.toBe(77);
    const arr = await raw(srv.port, { path: '/api/op/health', ...json([]) });
    expect(arr.status).toBe(400);
    expect(JSON.parse(arr.body).error.issues[0].path).toBe('(body)');
    const job = await raw(srv.port, { path: '/api/op/health', ...json({ input: {}, jobId: 5 }) });
    expect(job.status).toBe(400);
    expect(JSON.parse(job.body).error.issues[0].path).toBe('jobId');
    const bad = await raw(srv.port, { path: '/api/op/health', ...json({ input: {}, jobId: '../x' }) });
    expect(JSON.parse(bad.body).error.message).toMatch(/jobId: expected 1–64 characters/);
    const ok = await raw(srv.port, { path: '/api/op/health', ...json({ input: {}, jobId: 'job-1' }) });
    expect(ok.status).toBe(200);
  });
  it('exchanges the one-time URL token for an HttpOnly cookie and redirects to a clean URL', async () => {
    const r = await raw(srv.port, { path: `/?token=${srv.token}`, headers: { host: `127.0.0.1:${srv.port}` } });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const withCookie = await raw(srv.port, { path: '/api/op/app.info', method: 'POST', headers: { host: `127.0.0.1:${srv.port}`, 'content-type': 'application/json', cookie: cookie.split(';')[0] }, body: '{}' });
    expect(withCookie.status).toBe(200);
    expect(JSON.parse(withCookie.body).output.transport).toBe('http');
  });
  it('a one-time launch URL opens a session once, never carries the token, and is void after use or expiry', async () => {
    const h = { host: `127.0.0.1:${srv.port}` };
    const launch = new URL(srv.issueLaunchUrl());
    expect(launch.origin).toBe(srv.url);
    expect(launch.href).not.toContain(srv.token);
    const code = launch.searchParams.get('launch')!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The code is not a credential for the API.
    const asBearer = await raw(srv.port, { path: '/api/op/app.info', method: 'POST', headers: { ...h, 'content-type': 'application/json', authorization: `Bearer ${code}` }, body: '{}' });
    expect(asBearer.status).toBe(401);
    const first = await raw(srv.port, { path: launch.pathname + launch.search, headers: h });
    // A page that refreshes to "/" (same-origin, so the SameSite=Strict cookie goes along even when
    // the launch came from a file:// page), not a 303.
    expect(first.status).toBe(200);
    expect(first.body).toContain('<meta http-equiv="refresh" content="0;url=/">');
    expect(first.body).not.toContain(srv.token);
    expect(first.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const withCookie = await raw(srv.port, { path: '/api/op/app.info', method: 'POST', headers: { ...h, 'content-type': 'application/json', cookie }, body: '{}' });
    expect(withCookie.status).toBe(200);
    // Spent: whoever reads it later (ps, a terminal's scrollback) gets nothing.
    const again = await raw(srv.port, { path: launch.pathname + launch.search, headers: h });
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toMatch(/opens the app once and was already used or has expired/);
    // Expired before use; and a code this server never issued.
    const stale = new URL(srv.issueLaunchUrl(-1));
    expect((await raw(srv.port, { path: stale.pathname + stale.search, headers: h })).status).toBe(401);
    expect((await raw(srv.port, { path: `/?launch=${srv.token}`, headers: h })).status).toBe(401);
  });
  it('takes a request as large as the contract allows (a CSV up to 50 MB for calibration.fromCsv), and names the limit past it', async () => {
    // The body limit was 16 MiB: a 20 MB CSV, which the schema and the renderer accept, was refused by
    // the transport ("request body is larger than 16777216 bytes") before the operation saw it.
    const csv = 'date,amount,description\n' + '2026-01-01,12.50,"a ""quoted"" shop"\n'.repeat(560_000);
    expect(csv.length).toBeGreaterThan(20_000_000);
    const r = await fetch(`${srv.url}/api/op/calibration.fromCsv`, { method: 'POST', headers: { authorization: `Bearer ${srv.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ input: { csv, fileName: 'big.csv' } }) });
    const body = (await r.json()) as { ok: boolean; error?: { message: string } };
    expect(body.error?.message ?? '').not.toMatch(/request body is larger/);
    // Past the limit: a 400 that says how large a request may be, and the server stays up.
    const small = await startServer(app, { rendererDir: null, maxBodyBytes: 1000 });
    try {
      const big = await fetch(`${small.url}/api/op/app.info`, { method: 'POST', headers: { authorization: `Bearer ${small.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ input: {}, pad: 'x'.repeat(5000) }) });
      expect(big.status).toBe(400);
      expect(((await big.json()) as { error: { message: string } }).error.message).toBe('request body is larger than 1000 bytes (the most this endpoint takes)');
      const ok = await fetch(`${small.url}/api/op/app.info`, { method: 'POST', headers: { authorization: `Bearer ${small.token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(ok.status).toBe(200);
    } finally {
      await small.close();
    }
  }, 120_000);
  it('refuses a request a page of another server on 127.0.0.1 made, even with the session cookie, but lets a link to the app in', async () => {
    // Same host, other port = same site: the SameSite=Strict cookie goes along, and a no-cors GET
    // (<img>, <script>, fetch no-cors) sends no Origin header, so only Sec-Fetch-Site tells.
    const h = { host: `127.0.0.1:${srv.port}` };
    const ex = await raw(srv.port, { path: `/?token=${srv.token}`, headers: h });
    const cookie = String(ex.headers['set-cookie']).split(';')[0];
    const from = (site: string, mode: string, dest: string) => ({ ...h, cookie, 'sec-fetch-site': site, 'sec-fetch-mode': mode, 'sec-fetch-dest': dest });
    for (const site of ['same-site', 'cross-site']) {
      for (const [p, dest] of [['/api/events', 'script'], ['/', 'image'], ['/api/download/' + '0'.repeat(32), 'empty']] as const) {
        const r = await raw(srv.port, { path: p, headers: from(site, 'no-cors', dest) });
        expect(r.status, `${site} ${p}`).toBe(403);
        expect(JSON.parse(r.body).error.message).toBe(`requests from other sites' pages are not allowed (Sec-Fetch-Site: ${site})`);
      }
      const post = await raw(srv.port, { path: '/api/op/app.info', method: 'POST', headers: { ...from(site, 'cors', 'empty'), 'content-type': 'application/json' }, body: '{}' });
      expect(post.status).toBe(403);
    }
    // A link from elsewhere opens the app (a top-level navigation), the app's own calls and clients without Fetch Metadata work.
    expect((await raw(srv.port, { path: '/', headers: from('same-site', 'navigate', 'document') })).status).toBe(404); // no renderer here: served as "not built"
    expect((await raw(srv.port, { path: '/api/op/app.info', method: 'POST', headers: { ...from('same-origin', 'cors', 'empty'), 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    expect((await raw(srv.port, { path: '/api/op/app.info', method: 'POST', headers: { ...h, cookie, 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
  });
  it('refuses a bad URL token', async () => {
    const r = await raw(srv.port, { path: `/?token=wrong`, headers: { host: `127.0.0.1:${srv.port}` } });
    expect(r.status).toBe(401);
  });
  it('streams progress over SSE only with the token', async () => {
    const denied = await raw(srv.port, { path: '/api/events', headers: { host: `127.0.0.1:${srv.port}` } });
    expect(denied.status).toBe(401);
  });
  it('serves client routes as index.html but a missing asset as 404 (stale chunks must not get HTML)', async () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir.dir, 'assets'));
    fs.writeFileSync(path.join(dir.dir, 'index.html'), '<!doctype html><title>app</title>');
    fs.writeFileSync(path.join(dir.dir, 'assets', 'a.js'), 'export {}');
    const s2 = await startServer(app, { rendererDir: dir.dir });
    const get = (p: string) => raw(s2.port, { path: p, headers: { host: `127.0.0.1:${s2.port}`, authorization: `Bearer ${s2.token}` } });
    try {
      expect((await get('/assets/a.js')).headers['content-type']).toMatch(/javascript/);
      const route = await get('/analysis');
      expect(route.status).toBe(200);
      expect(route.body).toContain('<title>app</title>');
      expect(route.headers['content-security-policy']).toContain("script-src 'self'");
      const stale = await get('/assets/Analysis-OLDHASH.js');
      expect(stale.status).toBe(404);
      expect(stale.body).not.toContain('<title>');
    } finally {
      await s2.close();
      dir.cleanup();
    }
  });

  it('answers a malformed %-escape in the path or the cookie as a client error, never a logged 500', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir.dir, 'index.html'), '<!doctype html><title>app</title>');
    const logged: string[] = [];
    const s2 = await startServer(app, { rendererDir: dir.dir, log: (l) => logged.push(l) });
    try {
      const bad = await raw(s2.port, { path: '/%E0%A4%A', headers: { host: `127.0.0.1:${s2.port}`, authorization: `Bearer ${s2.token}` } });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatch(/malformed %-escape/);
      const cookie = await raw(s2.port, { path: '/api/op/health', method: 'POST', headers: { host: `127.0.0.1:${s2.port}`, 'content-type': 'application/json', cookie: 'wb_token=%E0%A4%A' }, body: '{}' });
      expect(cookie.status).toBe(401);
      expect(JSON.parse(cookie.body).error.code).toBe('unauthorized');
      expect(logged).toEqual([]);
    } finally {
      await s2.close();
      dir.cleanup();
    }
  });

  it('refuses to bind anywhere but loopback', async () => {
    await expect(startServer(app, { host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });
  it('settings written over HTTP persist in the real database', async () => {
    const r = await raw(srv.port, { path: '/api/op/settings.set', ...json({ input: { theme: 'dark', defaultRuns: 25 } }) });
    expect(r.status).toBe(200);
    expect(app.settings.get()).toMatchObject({ theme: 'dark', defaultRuns: 25 });
  });
});
