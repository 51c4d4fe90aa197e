/**
 * Security checks not covered by tests/unit/foundation/* and tests/integration/foundation/serve.test.ts:
 * the serve token appears only on the one launch line, cookie flags, no token in the renderer HTML,
 * secrets (FIREFLY_TOKEN / DOX_JWT) never reach logs, the DB or exports, the Electron main wiring,
 * and `npm audit` of production dependencies.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tmpDir } from '../helpers/tmp';
import { callApi, requireBuilt, startServeProc, type ServeProc } from '../reliability/helpers';

const FAKE_FIREFLY = 'ffTOKEN-canary-7f3e9a1c5b2d4e6f8a0b1c2d3e4f5a6b';
const FAKE_DOX = 'eyJhbGciOiJIUzI1NiJ9.ZG94LWNhbmFyeQ.doxJWTcanary91b2c3d4';

function get(port: number, p: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function grepTree(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else {
        const buf = fs.readFileSync(f);
        for (const n of needles) if (buf.includes(n)) hits.push(`${path.relative(dir, f)} contains ${n.slice(0, 12)}…`);
      }
    }
  };
  walk(dir);
  return hits;
}

describe('serve: token handling and secrets', () => {
  const t = tmpDir('wb-sec-');
  let srv: ServeProc;
  beforeAll(async () => {
    requireBuilt();
    srv = await startServeProc(t.dir, { FIREFLY_URL: 'http://127.0.0.1:9', FIREFLY_TOKEN: FAKE_FIREFLY, DOX_JWT: FAKE_DOX, WORKBENCH_FIREFLY_BACKOFF_MS: '1' });
  });
  afterAll(async () => {
    await srv?.stop();
    t.cleanup();
  });

  it('prints the token once (the launch line) and never on stderr', async () => {
    await callApi({ origin: srv.origin, token: 'wrong' }, 'health', {});
    const lines = srv.stdout().split('\n').filter((l) => l.includes(srv.token));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^open: http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(srv.stderr()).not.toContain(srv.token);
  });

  it('sets an HttpOnly SameSite=Strict cookie and keeps the token out of the renderer HTML', async () => {
    const port = Number(new URL(srv.origin).port);
    const ex = await get(port, `/?token=${srv.token}`, { host: `127.0.0.1:${port}` });
    expect(ex.status).toBe(303);
    const cookie = String(ex.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(ex.headers.location).toBe('/');
    const page = await get(port, '/', { host: `127.0.0.1:${port}`, cookie: cookie.split(';')[0] });
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(srv.token);
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // Static assets without the token are refused.
    expect((await get(port, '/', { host: `127.0.0.1:${port}` })).status).toBe(401);
  });

  it('never writes FIREFLY_TOKEN / DOX_JWT to logs, API output, the DB or exports', async () => {
    const outputs: string[] = [];
    for (const [op, input] of [
      ['firefly.status', {}],
      ['firefly.sync', { since: '2026-01-01', until: '2026-01-31' }],
      ['dox.status', {}],
      ['app.info', {}],
      ['sim.run', { runs: 2, params: { NUM_MEMBERS: 10, SIMULATION_WEEKS: 10 }, name: 'sec' }],
      ['reports.generate', { source: 'run', ids: ['latest'], format: 'json' }],
      ['reports.generate', { source: 'run', ids: ['latest'], format: 'md' }],
    ] as const) {
      const r = await callApi(srv, op, input);
      outputs.push(JSON.stringify(r.body));
    }
    for (const s of [FAKE_FIREFLY, FAKE_DOX]) {
      for (const o of outputs) expect(o).not.toContain(s);
      expect(srv.stdout()).not.toContain(s);
      expect(srv.stderr()).not.toContain(s);
    }
    await srv.stop();
    expect(grepTree(t.dir, [FAKE_FIREFLY, FAKE_DOX])).toEqual([]);
  }, 120_000);
});

describe('serve --url-file', () => {
  it('replaces an existing world-readable file with an owner-only one (the token must not stay readable by others)', async () => {
    requireBuilt();
    const t = tmpDir('wb-urlfile-');
    const urlFile = path.join(t.dir, 'launch-url.txt');
    fs.writeFileSync(urlFile, 'old\n', { mode: 0o644 });
    fs.chmodSync(urlFile, 0o644);
    const child = spawn(process.execPath, [path.join(ROOT, 'out/main/cli.js'), '--data-dir', path.join(t.dir, 'data'), 'serve', '--url-file', urlFile], { stdio: 'ignore' });
    try {
      const t0 = Date.now();
      while (!fs.readFileSync(urlFile, 'utf8').includes('token=')) {
        if (child.exitCode !== null || Date.now() - t0 > 20_000) throw new Error('serve did not write the launch URL');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(fs.statSync(urlFile).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(t.dir).sort()).toEqual(['data', 'launch-url.txt']);
    } finally {
      child.kill('SIGKILL');
      t.cleanup();
    }
  }, 30_000);
});

describe('Electron main wiring (src-main/index.ts) applies every checklist rule', () => {
  const src = fs.readFileSync(path.join(ROOT, 'src-main/index.ts'), 'utf8');
  const preload = fs.readFileSync(path.join(ROOT, 'src-preload/index.ts'), 'utf8');
  it('uses the tested window options, blocks navigation, popups and webviews in every webContents', () => {
    expect(src).toMatch(/new BrowserWindow\(windowOptions\(/);
    expect(src).toMatch(/setWindowOpenHandler\([^)]*\)\s*=>\s*\{[\s\S]*?action: 'deny'/);
    expect(src).toMatch(/web-contents-created[\s\S]*will-navigate[\s\S]*setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    expect(src).toMatch(/will-attach-webview', \(e\) => e\.preventDefault\(\)/);
    expect(src).not.toMatch(/file:\/\/|loadFile\(/);
  });
  it('denies permission requests and checks, serves app:// with the CSP, and gates every IPC channel on the sender', () => {
    expect(src).toMatch(/setPermissionRequestHandler\([^]*permissionDecision/);
    expect(src).toMatch(/setPermissionCheckHandler\([^]*permissionDecision/);
    expect(src).toMatch(/headers\.set\('Content-Security-Policy', appCsp\(\)\)/);
    const handlers = [...src.matchAll(/ipcMain\.(handle|on)\('([^']+)'/g)].map((m) => m[2]);
    expect(handlers.length).toBeGreaterThan(0);
    for (const ch of handlers) {
      const body = src.slice(src.indexOf(`'${ch}'`), src.indexOf(`'${ch}'`) + 300);
      expect(body, `${ch} checks its sender first`).toMatch(/isTrustedSender\(event\.senderFrame/);
    }
  });
  it('preload exposes only frozen functions, never ipcRenderer or the raw event', () => {
    expect(preload).toMatch(/Object\.freeze\(/);
    expect(preload).toMatch(/exposeInMainWorld\('workbench', surface\)/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(preload).toMatch(/ipcRenderer\.on\('wb:progress', \(_e, msg\)/);
    // reveal takes an id the main process issued, never a path; main looks it up in its own registry.
    expect(preload).toMatch(/reveal: \(id: string\): Promise<boolean> => ipcRenderer\.invoke\('wb:reveal', id\)/);
    expect(src).toMatch(/ipcMain\.handle\('wb:reveal'[\s\S]{0,400}exportsShown\.pathOf\(id\)[\s\S]{0,120}shell\.showItemInFolder\(p\)/);
  });
  it('blocks redirects out of the app origin (will-redirect guarded by isAllowedNavigation)', () => {
    expect(src).toMatch(/on\('will-redirect', \(ev, url\) => \{\s*if \(!isAllowedNavigation\(url\)\) ev\.preventDefault\(\);/);
  });
});

describe('npm audit of production dependencies', () => {
  it('reports no high or critical issue (skipped, loudly, when the audit endpoint is unreachable)', (ctx) => {
    const r = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    let report: { message?: string; metadata?: { vulnerabilities?: Record<string, number> }; error?: { code?: string; summary?: string } } | null = null;
    try {
      report = JSON.parse(r.stdout);
    } catch {
      report = null;
    }
    const v = report?.metadata?.vulnerabilities;
    if (!v) {
      // Decision: an unreachable audit endpoint is neither a pass nor a product failure. The test is
      // SKIPPED (visible in the report, never counted as passed) with the reason printed; set
      // AUDIT_REQUIRED=1 (release CI with registry access) to turn it into a failure.
      const why = report?.message ?? report?.error?.summary ?? (r.stderr + r.stdout).split('\n').find((l) => l.trim()) ?? 'no output';
      const msg = `npm audit could not run here: ${why.slice(0, 200)}`;
      console.log(`[security] ${msg}`);
      if (process.env.AUDIT_REQUIRED === '1') throw new Error(msg);
      ctx.skip(msg);
      return;
    }
    console.log(`[security] npm audit --omit=dev: ${JSON.stringify(v)}`);
    expect((v.high ?? 0) + (v.critical ?? 0)).toBe(0);
  }, 90_000);
});
