/**
 * `./workbench start` with an Electron binary present: it first builds Electron's SQLite module
 * (once), then runs Electron; if that build fails it says so and falls back to serve + Chromium.
 * Run in a scratch copy of the launcher with a stand-in Electron binary and rebuild script (the
 * real ones cannot run here: no Electron download, no network for its headers).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchLauncher } from '../helpers/launcher';
import { ROOT, tmpDir } from '../helpers/tmp';

const ADDON = 'build/native-electron/node_modules/better-sqlite3/build/Release/better_sqlite3.node';
let tmp: ReturnType<typeof tmpDir>;

function project(rebuild: 'fails' | 'builds'): string {
  const dir = fs.mkdtempSync(path.join(tmp.dir, `${rebuild}-`));
  scratchLauncher(dir, { nodeModules: false });
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const name of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name !== 'electron') fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  const bin = path.join(dir, 'node_modules/electron/dist/electron');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.writeFileSync(bin, '#!/bin/sh\necho "electron ran with: $*"\n', { mode: 0o755 });
  fs.mkdirSync(path.join(dir, 'scripts'));
  const script =
    rebuild === 'fails'
      ? "console.error('electron-rebuild failed: no network'); process.exit(1);"
      : `const fs = require('fs'); fs.appendFileSync('rebuilds.log', 'x'); fs.mkdirSync(require('path').dirname(${JSON.stringify(ADDON)}), { recursive: true }); fs.writeFileSync(${JSON.stringify(ADDON)}, 'addon');`;
  fs.writeFileSync(path.join(dir, 'scripts/rebuild-electron-sqlite.mjs'), `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); ${script}\n`);
  return dir;
}

/** Runs ./workbench start until `until` shows in its output (or it exits); returns what it printed. */
function start(dir: string, until: RegExp): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, WORKBENCH_NO_BUILD: '1', DISPLAY: '', WAYLAND_DISPLAY: '', CHROMIUM: '/nonexistent' };
    const child = spawn('./workbench', ['start', '--data-dir', path.join(dir, 'data')], { cwd: dir, env, detached: true });
    let out = '';
    const done = (code: number | null) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      resolve({ out, code });
    };
    const timer = setTimeout(() => reject(new Error(`./workbench start printed no ${until} in 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) done(null);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => done(code));
  });
}

describe('./workbench start with an Electron binary', () => {
  beforeAll(() => {
    tmp = tmpDir('wb-start-');
  });
  afterAll(() => tmp.cleanup());

  it('builds the Electron SQLite module once, then runs Electron on the app', async () => {
    const dir = project('builds');
    const first = await start(dir, /electron ran with/);
    expect(first.out).toMatch(/building the SQLite module for Electron/);
    expect(first.out).toMatch(/electron ran with: \. --data-dir /);
    const second = await start(dir, /electron ran with/);
    expect(second.out).not.toMatch(/building the SQLite module/);
    expect(fs.readFileSync(path.join(dir, 'rebuilds.log'), 'utf8')).toBe('x');
  }, 130_000);

  it('when that build fails, says where the log is and serves the app instead', async () => {
    const dir = project('fails');
    const r = await start(dir, /Open this URL in a browser: http:\/\/127\.0\.0\.1:\d+\//);
    expect(r.out).toMatch(/that failed \(see \.cache\/rebuild-electron\.log\): using serve \+ Chromium instead/);
    expect(r.out).not.toMatch(/electron ran with/);
    expect(fs.readFileSync(path.join(dir, '.cache/rebuild-electron.log'), 'utf8')).toMatch(/no network/);
  }, 70_000);

  it('CLI commands run in the caller’s folder: relative --params, --out and --data-dir mean what was typed', async () => {
    const dir = project('fails');
    const caller = fs.mkdtempSync(path.join(tmp.dir, 'caller-'));
    fs.writeFileSync(path.join(caller, 'p.json'), JSON.stringify({ NUM_MEMBERS: 12 }));
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(path.join(dir, 'workbench'), ['--data-dir', 'rel-data', 'simulate', '--params', 'p.json', '--weeks', '2', '--json', '--out', 'res.json'], {
        cwd: caller,
        env: { ...process.env, WORKBENCH_NO_BUILD: '1' },
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(caller, 'res.json'), 'utf8')).params.NUM_MEMBERS).toBe(12);
    expect(fs.existsSync(path.join(caller, 'rel-data/workbench.db'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'res.json'))).toBe(false);
  }, 70_000);
});

describe('./workbench start with serve + Chromium', () => {
  beforeAll(() => {
    tmp = tmpDir('wb-start-chromium-');
  });
  afterAll(() => tmp.cleanup());

  it('gives Chromium (whose command line every local user can read with ps) a private page holding a one-time launch URL, never the serve token', async () => {
    // A stand-in Chromium: it records its arguments, opens the --app URL as a browser does, then
    // tries the very same URL again as another local user reading `ps` would, and the API with it.
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'p-'));
    scratchLauncher(dir);
    const report = path.join(dir, 'chromium.json');
    const fake = path.join(dir, 'fake-chromium');
    fs.writeFileSync(
      fake,
      `#!${process.execPath}
const fs = require('fs');
const arg = process.argv.find((a) => a.startsWith('--app='))?.slice(6) ?? '';
const file = decodeURIComponent(new URL(arg).pathname);
const html = fs.readFileSync(file, 'utf8');
const app = /content="0;url=([^"]+)"/.exec(html)[1];
(async () => {
  const out = { argv: process.argv.slice(2), arg, app, fileMode: fs.statSync(file).mode & 0o777, dirMode: fs.statSync(require('path').dirname(file)).mode & 0o777 };
  const first = await fetch(app, { redirect: 'manual' });
  out.first = first.status;
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
  const origin = new URL(app).origin;
  const api = (headers) => fetch(origin + '/api/op/app.info', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' }).then((r) => r.status);
  out.session = await api({ cookie });
  out.again = (await fetch(app, { redirect: 'manual' })).status;
  out.bearer = await api({ authorization: 'Bearer ' + (new URL(app).searchParams.get('launch') ?? new URL(app).searchParams.get('token')) });
  fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify(out));
})();
`,
      { mode: 0o755 },
    );
    const code = await new Promise<number | null>((resolve, reject) => {
      const env = { ...process.env, WORKBENCH_NO_BUILD: '1', WORKBENCH_NO_ELECTRON: '1', DISPLAY: ':99', CHROMIUM: fake };
      const child = spawn('./workbench', ['start', '--data-dir', path.join(dir, 'data')], { cwd: dir, env, stdio: 'ignore' });
      const timer = setTimeout(() => reject(new Error('./workbench start did not finish in 60 s')), 60_000);
      child.on('error', reject);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(0);
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    // The command line names only a private page (0600 in a 0700 folder); the page holds the one-time URL.
    expect(r.arg).toMatch(/^file:\/\/\/.+\/open-workbench\.html$/);
    expect(r.argv.join(' ')).not.toMatch(/token=|launch=/);
    expect([r.fileMode, r.dirMode]).toEqual([0o600, 0o700]);
    expect(r.app).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?launch=[A-Za-z0-9_-]{43}$/);
    expect(r.first).toBe(200);
    expect(r.session).toBe(200);
    // What ps shows is spent once Chromium opened it, and was never an API credential.
    expect(r.again).toBe(401);
    expect(r.bearer).toBe(401);
    // The private page goes when start ends.
    expect(fs.existsSync(decodeURIComponent(new URL(r.arg).pathname))).toBe(false);
  }, 70_000);
});
