import crypto from 'node:crypto';
import { appCsp } from '../electron/security';

/**
 * The rules of the loopback HTTP transport, as pure functions so each one is unit-tested:
 * loopback bind only, Host must be loopback with our port (DNS-rebinding defence), Origin
 * when present must be our own origin, and the per-launch token on every request.
 */
export const TOKEN_COOKIE = 'wb_token';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function assertLoopbackBind(host: string): void {
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
    throw new Error(`serve binds to loopback only; "${host}" is not allowed (use 127.0.0.1)`);
  }
}

export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  if (!m) return false;
  return LOOPBACK_HOSTS.has(m[1]) && Number(m[2] ?? 80) === port;
}

export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // same-origin GETs and non-browser clients send none
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname === '::1' ? '[::1]' : u.hostname) && Number(u.port || 80) === port;
  } catch {
    return false;
  }
}

/**
 * Fetch Metadata (Sec-Fetch-*): a request a page of another origin made, e.g. one of another server on
 * 127.0.0.1 (the same site: the session cookie goes along, and a no-cors GET sends no Origin header),
 * is refused before it reaches a handler; only a top-level navigation (a link to the app) comes in.
 * Clients that send no Sec-Fetch-Site (the CLI, curl, older browsers) are judged by the other rules.
 */
export function fetchSiteAllowed(method: string | undefined, headers: { 'sec-fetch-site'?: string | string[]; 'sec-fetch-mode'?: string | string[]; 'sec-fetch-dest'?: string | string[] }): boolean {
  const site = headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return true;
  return (method === 'GET' || method === 'HEAD') && headers['sec-fetch-mode'] === 'navigate' && headers['sec-fetch-dest'] === 'document';
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    try {
      out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      /* a malformed %-escape: skip this cookie (no token from it means 401, not a crash) */
    }
  }
  return out;
}

/**
 * The session cookie's name for the server on `port`. Browsers keep cookies per host, not per port:
 * one name for every serve on 127.0.0.1 let the second one opened overwrite the first one's cookie
 * in the same browser, which then answered 401 to its own window.
 */
export function sessionCookieName(port: number): string {
  return `${TOKEN_COOKIE}_${port}`;
}

/** Constant-time comparison of the presented token (Bearer header or the cookie named `cookieName`). */
export function tokenValid(expected: string, headers: { authorization?: string; cookie?: string }, cookieName: string = TOKEN_COOKIE): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  const presented = bearer ?? parseCookies(headers.cookie)[cookieName];
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** CSP for the served renderer: the very same policy as the Electron app (one definition). */
export function servedCsp(): string {
  return appCsp();
}
