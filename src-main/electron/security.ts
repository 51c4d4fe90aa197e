/**
 * The Electron shell's security rules as plain data and pure functions (no `electron` import),
 * so each rule is unit-tested. See spec/anchors.md §2 (Electron security checklist).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function windowOptions(preloadPath: string, iconPath?: string) {
  return {
    ...(iconPath ? { icon: iconPath } : {}),
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'PMOVES Workbench',
    backgroundColor: '#111418',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: true,
    },
  } as const;
}

/** Content-Security-Policy sent with every app:// response. */
export function appCsp(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** In-app navigation may only stay inside the app origin. */
export function isAllowedNavigation(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Links the user clicks that we hand to the OS browser (never opened inside the app): https, loopback
 * http (DoX dashboards), and the configured Firefly III / DoX servers' own origins (checklist #15),
 * e.g. a Firefly III at http://firefly.lan:8080, whose links were dropped without a word.
 */
export function isExternalLinkAllowed(url: string, configured: readonly (string | null | undefined)[] = []): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(u.hostname))) return true;
    if (u.protocol !== 'http:' || u.username || u.password) return false;
    return configured.some((c) => {
      try {
        return !!c && new URL(c).origin === u.origin;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** The IPC gate accepts calls only from our own top frame. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && typeof frameUrl === 'string' && isAllowedNavigation(frameUrl);
}

export type IpcRequest = { op: string; input: unknown; jobId?: string };

/** Shape check of the raw IPC envelope before the API gate validates the input itself. */
export function parseIpcRequest(raw: unknown): IpcRequest | { error: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { error: 'request must be an object {op, input, jobId?}' };
  const r = raw as Record<string, unknown>;
  if (typeof r.op !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(r.op)) return { error: 'op: expected an operation name' };
  if (r.jobId !== undefined && (typeof r.jobId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(r.jobId))) return { error: 'jobId: expected 1–64 characters of [A-Za-z0-9_-]' };
  return { op: r.op, input: r.input, jobId: r.jobId as string | undefined };
}

/** Every permission request (camera, notifications, geolocation, …) is denied. */
export function permissionDecision(_permission: string): boolean {
  return false;
}

/** The app:// scheme serves static files: GET and HEAD only (anything else is a 405). */
export function appMethodAllowed(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** Resolve an app:// URL to a file inside the renderer folder; null if it escapes it. */
export function resolveAppFile(url: string, rendererDir: string, join: (...p: string[]) => string, sep: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'index.html';
  } catch {
    return null; // a malformed %-escape names no file
  }
  const file = join(rendererDir, rel);
  if (!file.startsWith(rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep)) return null;
  return file;
}
