import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { ApiError, describeIssues, zodIssues } from '../../src-shared/api';
import type { AppContext } from '../context';
import { httpStatusFor, invoke, toErrorBody } from '../api/dispatch';
import { JOB_ID, Jobs } from '../api/jobs';
import { Downloads, DOWNLOAD_PATH } from './downloads';
import { assertLoopbackBind, fetchSiteAllowed, hostAllowed, newToken, originAllowed, servedCsp, sessionCookieName, tokenValid } from './httpSecurity';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** Folder with the built renderer (index.html). Omit to serve the API only. */
  rendererDir?: string | null;
  token?: string;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  /** The URL to open once: it carries the token, which the page exchanges for a cookie. */
  launchUrl: string;
  port: number;
  token: string;
  /**
   * A URL that opens the app once: its code (not the token) is exchanged for the session cookie on
   * first use and is void after that, or after `ttlMs`. For a browser started with the URL on its
   * command line, where every local user can read it (`ps`): it is dead by the time anyone looks.
   */
  issueLaunchUrl(ttlMs?: number): string;
  close(): Promise<void>;
}

/** How long a one-time launch URL (issueLaunchUrl) stays valid when nobody opens it. */
const LAUNCH_TTL_MS = 5 * 60_000;

/** How long close() waits for cancelled operations to finish before closing the connections. */
const CLOSE_GRACE_MS = 5_000;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The body of POST /api/op/<name>: the operation's input (validated by the API gate) and an optional job id. */
const OpBody = z
  .object({ input: z.unknown().optional(), jobId: z.string().regex(JOB_ID, 'expected 1–64 characters of [A-Za-z0-9_-]').optional() })
  .strict()
  .nullable();

/**
 * `workbench serve`: the API contract over loopback HTTP (+ SSE for progress) and the built
 * renderer, so the whole app runs in any Chromium. Requests are checked in this order:
 * Host (403), Origin (403), token (401), then the API gate validates input (400).
 */
export async function startServer(app: AppContext, opts: ServeOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  assertLoopbackBind(host);
  const token = opts.token ?? newToken();
  // The largest input the contract takes is calibration.fromCsv's CSV (up to 50 million characters),
  // which JSON-encoding grows (quotes and line breaks are escaped): room for it, and a bound past that.
  const maxBody = opts.maxBodyBytes ?? 128 * 1024 * 1024;
  const log = opts.log ?? (() => {});
  const jobs = new Jobs();
  const downloads = new Downloads();
  const streams = new Set<http.ServerResponse>();
  /** One-time launch codes and when they expire (ms since the epoch). */
  const launchCodes = new Map<string, number>();
  let port = 0;

  const broadcast = (payload: unknown) => {
    const line = `event: progress\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(line);
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // Every answer, whatever its status: only this origin's pages may take it in. A page of another
    // server on 127.0.0.1 is the same site, so its no-cors requests (<script>, <img>, fetch no-cors:
    // no preflight, no Origin header) carry the session cookie; the browser now withholds the answer.
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    res.setHeader('x-content-type-options', 'nosniff');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
      res.end(JSON.stringify(body));
    };
    const fail = (e: ApiError | ReturnType<typeof toErrorBody>) => {
      const body = e instanceof ApiError ? e.toBody() : e;
      send(httpStatusFor(body.code), { ok: false, error: body });
    };
    try {
      if (!hostAllowed(req.headers.host, port)) return fail(new ApiError('forbidden', 'Host header is not this loopback server'));
      if (!originAllowed(req.headers.origin, port)) return fail(new ApiError('forbidden', 'cross-origin requests are not allowed'));
      if (!fetchSiteAllowed(req.method, req.headers)) return fail(new ApiError('forbidden', `requests from other sites' pages are not allowed (Sec-Fetch-Site: ${String(req.headers['sec-fetch-site'])})`));

      // Token exchange: /?token=… sets an HttpOnly cookie and redirects to a clean URL,
      // so the token is not kept in the address bar, history or later logs.
      const toSession = () => {
        res.writeHead(303, {
          location: '/',
          'set-cookie': `${sessionCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          'cache-control': 'no-store',
        });
        res.end();
      };
      if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
        if (!tokenValid(token, { authorization: `Bearer ${url.searchParams.get('token')}` })) return fail(new ApiError('unauthorized', 'invalid token'));
        return toSession();
      }
      // A one-time launch code (issueLaunchUrl): spent on first use, whatever happens next.
      if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('launch')) {
        const code = url.searchParams.get('launch') ?? '';
        const expires = launchCodes.get(code);
        launchCodes.delete(code);
        if (expires !== undefined && Date.now() <= expires) {
          // A page that moves on to "/" itself rather than a 303: the launcher opens this URL from a
          // private file (file:// → here is a cross-site navigation), and a SameSite=Strict cookie is
          // not sent along a redirect chain that began cross-site; a same-origin refresh sends it.
          res.writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'set-cookie': `${sessionCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
            'cache-control': 'no-store',
            'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
            'referrer-policy': 'no-referrer',
          });
          return res.end('<!doctype html><html lang="en"><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/"><title>PMOVES Workbench</title><p>Opening PMOVES Workbench… <a href="/">continue</a></p></html>');
        }
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        return res.end('Unauthorized: this launch link opens the app once and was already used or has expired. Run ./workbench start again, or open the URL that "workbench serve" printed.');
      }
      if (!tokenValid(token, req.headers, sessionCookieName(port))) {
        if (req.method === 'GET' && !url.pathname.startsWith('/api/')) {
          res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
          return res.end('Unauthorized: open the URL that "workbench serve" printed (it carries the session token), or run ./workbench start again.');
        }
        return fail(new ApiError('unauthorized', 'missing or invalid token'));
      }

      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      const dl = DOWNLOAD_PATH.exec(url.pathname);
      if (dl && (req.method === 'GET' || req.method === 'HEAD')) return downloads.serve(dl[1], res);
      if (url.pathname === '/api/cancel' && req.method === 'POST') {
        const body = (await readJson(req, 4096)) as { jobId?: unknown };
        const jobId = typeof body?.jobId === 'string' && JOB_ID.test(body.jobId) ? body.jobId : null;
        if (!jobId) return fail(new ApiError('invalid_input', 'jobId: expected 1–64 characters of [A-Za-z0-9_-]', [{ path: 'jobId', message: 'invalid' }]));
        return send(200, { ok: true, output: { cancelled: jobs.cancel(jobId) } });
      }
      const m = /^\/api\/op\/([A-Za-z0-9_.-]{1,100})$/.exec(url.pathname);
      if (m) {
        if (req.method !== 'POST') return send(405, { ok: false, error: { code: 'invalid_input', message: 'use POST' } }, { allow: 'POST' });
        if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
          return fail(new ApiError('invalid_input', 'content-type must be application/json'));
        }
        // The envelope is checked too: a misspelt key ({"inptu": …}) must not run the op with its defaults.
        const rawBody = await readJson(req, maxBody);
        const parsedBody = OpBody.safeParse(rawBody);
        if (!parsedBody.success) {
          const issues = zodIssues(parsedBody.error, rawBody).map((i) => ({ ...i, path: i.path === '(input)' ? '(body)' : i.path }));
          return fail(new ApiError('invalid_input', `request body must be {"input": …, "jobId"?: …}: ${describeIssues(issues)}`, issues));
        }
        const body = parsedBody.data;
        const jobId = body?.jobId;
        const job = jobs.start(jobId);
        req.on('close', () => {
          if (!res.writableEnded) job.done();
        });
        try {
          const output = await jobs.track(
            invoke(app, m[1], body?.input, {
              signal: job.signal,
              onProgress: jobId ? (event) => broadcast({ jobId, op: m[1], event }) : undefined,
            }),
          );
          // A browser cannot open the folder an export went to: offer the file back as a download.
          if (m[1] === 'reports.generate' || m[1] === 'projections.report') {
            const id = downloads.offer((output as { path: string }).path);
            if (id) return send(200, { ok: true, output: { ...(output as object), download: `/api/download/${id}` } });
          }
          return send(200, { ok: true, output });
        } finally {
          job.done();
        }
      }
      if (url.pathname.startsWith('/api/')) return fail(new ApiError('not_found', `no such endpoint ${url.pathname}`));
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { ok: false, error: { code: 'invalid_input', message: 'method not allowed' } });
      return serveStatic(opts.rendererDir ?? null, url.pathname, res);
    } catch (e) {
      const body = toErrorBody(e);
      if (body.code === 'internal') log(`error ${req.method} ${url.pathname}: ${body.message}`);
      if (!res.headersSent) fail(body);
      else res.end();
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    launchUrl: `${origin}/?token=${token}`,
    port,
    token,
    issueLaunchUrl: (ttlMs = LAUNCH_TTL_MS) => {
      const now = Date.now();
      for (const [c, exp] of launchCodes) if (exp < now) launchCodes.delete(c);
      const code = newToken();
      launchCodes.set(code, now + ttlMs);
      return `${origin}/?launch=${code}`;
    },
    close: async () => {
      // A cancelled operation still writes what it did (a DoX push: its manifest and history row) on its
      // way out; the caller closes the database and exits as soon as this resolves.
      await jobs.cancelAllAndSettle(CLOSE_GRACE_MS);
      for (const s of streams) s.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function readJson(req: http.IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError('invalid_input', `request body is larger than ${limit} bytes (the most this endpoint takes)`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError('invalid_input', 'request body is not valid JSON');
  }
}

function serveStatic(root: string | null, pathname: string, res: http.ServerResponse): void {
  if (!root) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('renderer not built: run "./workbench serve" (it builds first)');
    return;
  }
  let rel: string;
  try {
    rel = decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    // A malformed %-escape is the client's mistake (400), not a server error to log.
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end('bad request: the path has a malformed %-escape');
    return;
  }
  let file = path.resolve(root, rel || 'index.html');
  if (!file.startsWith(path.resolve(root) + path.sep) && file !== path.resolve(root)) {
    res.writeHead(403);
    res.end();
    return;
  }
  const missing = !fs.existsSync(file) || fs.statSync(file).isDirectory();
  // A missing asset (e.g. a chunk from an older build) is a 404, never the HTML page: the app can
  // then tell the user to reload. Only extension-less client-side routes fall back to index.html.
  if (missing && path.extname(rel) !== '') {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end('not found');
    return;
  }
  if (missing) file = path.join(root, 'index.html');
  const ext = path.extname(file);
  res.writeHead(200, {
    'content-type': MIME[ext] ?? 'application/octet-stream',
    'content-security-policy': servedCsp(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': ext === '.html' ? 'no-store' : 'max-age=3600',
  });
  fs.createReadStream(file).pipe(res);
}
