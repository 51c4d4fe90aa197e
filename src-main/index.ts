/**
 * Electron main process: one window, secure defaults, the renderer served from app://workbench,
 * and one IPC gate that checks the sender and validates every call against the API contract.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { invoke, toErrorBody } from './api/dispatch';
import { configureEngineWorker } from './engine';
import { Jobs } from './api/jobs';
import { Downloads } from './transports/downloads';
import { createContext, type AppContext } from './context';
import {
  APP_ORIGIN,
  APP_SCHEME,
  appCsp,
  isAllowedNavigation,
  isExternalLinkAllowed,
  isTrustedSender,
  parseIpcRequest,
  permissionDecision,
  resolveAppFile,
  appMethodAllowed,
  windowOptions,
} from './electron/security';
import { SafeStorageSecretStore } from './electron/safeStorageSecrets';
import { electronSqliteBinding } from './electron/nativeSqlite';
import { startFireflyScheduler } from './firefly/scheduler';
import { setSecretStoreFactory } from './firefly/service';
import { stopChainOnExit } from './chain/service';
import { defaultDataDir } from './paths';
import { useSqliteBinding } from './store/db';
import { electronPrinter, type ElectronLikeWindow } from './reports/pdf';
import { setPrinterFactory } from './reports/printerFactory';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '../renderer');
const preloadPath = path.resolve(here, '../preload/index.cjs');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

configureEngineWorker({ file: new URL('./engine-worker.js', import.meta.url) });

let ctx: AppContext | null = null;
let stopFirefly: (() => void) | null = null;
const jobs = new Jobs();
/** Exports this window may reveal in the file manager (files and CSV bundle folders the app wrote). */
const exportsShown = new Downloads(200, true);

function dataDirFromArgs(): string {
  const i = process.argv.indexOf('--data-dir');
  return i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : defaultDataDir();
}

async function createWindow(): Promise<void> {
  const win = new BrowserWindow(windowOptions(preloadPath, path.join(rendererDir, 'favicon.png')));
  win.webContents.setWindowOpenHandler(({ url }) => {
    const st = ctx?.settings.get();
    if (isExternalLinkAllowed(url, [st?.fireflyUrl, st?.doxUrl, process.env.FIREFLY_URL, process.env.DOX_URL])) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url)) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(async () => {
  // The SQLite addon must be Electron's build, not node_modules' Node build (see nativeSqlite.ts).
  const sqlite = electronSqliteBinding(app.getAppPath(), app.isPackaged, fs.existsSync);
  if (sqlite.kind === 'missing') {
    console.error(sqlite.message);
    dialog.showErrorBox('PMOVES Workbench cannot open its database', sqlite.message);
    app.exit(1);
    return;
  }
  if (sqlite.kind === 'file') useSqliteBinding(sqlite.file);
  let dataDir: string;
  try {
    dataDir = dataDirFromArgs();
  } catch (e) {
    // A blank WORKBENCH_DATA_DIR: say so rather than make a folder named with spaces.
    console.error((e as Error).message);
    dialog.showErrorBox('PMOVES Workbench cannot choose its data folder', (e as Error).message);
    app.exit(2);
    return;
  }
  ctx = createContext({ dataDir, transport: 'ipc' });
  // In the app, secrets (Firefly token, DoX JWT) are encrypted with the OS keychain.
  setSecretStoreFactory((a) => new SafeStorageSecretStore(a.dataDir, safeStorage));
  stopFirefly = startFireflyScheduler(ctx);
  // Reports print with webContents.printToPDF in a hidden, sandboxed window on its own session
  // whose network is limited to file:, data: and blob: (the report is self-contained).
  const printSession = session.fromPartition('report-printer');
  printSession.webRequest.onBeforeRequest((details, cb) => cb({ cancel: !/^(file|data|blob|devtools):/.test(details.url) }));
  setPrinterFactory(() => ({
    // printToPDF's option types are narrower than the structural interface; the values we pass are valid.
    ...electronPrinter(() => new BrowserWindow({ show: false, width: 1100, height: 1400, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, session: printSession } }) as unknown as ElectronLikeWindow),
    dispose: async () => {},
  }));

  protocol.handle(APP_SCHEME, async (req) => {
    if (!appMethodAllowed(req.method)) return new Response('method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
    const file = resolveAppFile(req.url, rendererDir, path.join, path.sep);
    if (!file) return new Response('forbidden', { status: 403 });
    const target = fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(rendererDir, 'index.html');
    const res = await net.fetch(pathToFileURL(target).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', appCsp());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });

  session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permissionDecision(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));

  ipcMain.handle('wb:call', async (event, raw) => {
    if (!isTrustedSender(event.senderFrame?.url, event.senderFrame === event.sender.mainFrame)) {
      return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
    }
    const req = parseIpcRequest(raw);
    if ('error' in req) return { ok: false, error: { code: 'invalid_input', message: req.error } };
    const job = jobs.start(req.jobId);
    try {
      const output = await jobs.track(
        invoke(ctx!, req.op, req.input, {
          signal: job.signal,
          onProgress: req.jobId ? (ev) => event.sender.send('wb:progress', { jobId: req.jobId, op: req.op, event: ev }) : undefined,
        }),
      );
      // "Open folder" for an export: the renderer gets an id to reveal, never a path it could choose.
      if (req.op === 'reports.generate' || req.op === 'projections.report') {
        const id = exportsShown.offer((output as { path: string }).path);
        if (id) return { ok: true, output: { ...(output as object), reveal: id } };
      }
      return { ok: true, output };
    } catch (e) {
      return { ok: false, error: toErrorBody(e) };
    } finally {
      job.done();
    }
  });
  ipcMain.handle('wb:reveal', (event, id) => {
    if (!isTrustedSender(event.senderFrame?.url, event.senderFrame === event.sender.mainFrame)) return false;
    const p = typeof id === 'string' ? exportsShown.pathOf(id) : null;
    if (!p) return false;
    shell.showItemInFolder(p);
    return true;
  });
  ipcMain.handle('wb:cancel', (event, jobId) => {
    if (!isTrustedSender(event.senderFrame?.url, event.senderFrame === event.sender.mainFrame)) return false;
    return typeof jobId === 'string' ? jobs.cancel(jobId) : false;
  });

  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (ev, url) => {
    if (!isAllowedNavigation(url)) ev.preventDefault();
  });
  // Server-side redirects out of the app origin are blocked too (checklist: navigation).
  contents.on('will-redirect', (ev, url) => {
    if (!isAllowedNavigation(url)) ev.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !ctx) return;
  // Stop what this app started (the Hardhat node, the sync timer) before the DB closes.
  e.preventDefault();
  quitting = true;
  stopFirefly?.();
  const c = ctx;
  // Cancelled operations finish recording what they did (a DoX push: manifest and history row) before the DB closes.
  void jobs
    .cancelAllAndSettle(5_000)
    .then(() => stopChainOnExit(c))
    .catch(() => undefined)
    .finally(() => {
      c.close();
      ctx = null;
      app.quit();
    });
});
