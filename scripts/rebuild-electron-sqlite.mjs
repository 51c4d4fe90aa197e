#!/usr/bin/env node
// `npm run rebuild:electron`: compiles better-sqlite3 for Electron's ABI into build/native-electron/,
// a copy, never over node_modules (whose Node build serves tests, CLI and serve). The Electron app
// loads it in development (src-main/electron/nativeSqlite.ts) and installers ship it.
//
// @electron/rebuild walks the dependencies of a package.json, so the copy gets one naming only
// better-sqlite3 (without it the rebuild stops at "ENOENT … package.json"). It needs Electron's
// headers from electronjs.org (network); offline it fails here, with that reason, and nothing else changes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
// WORKBENCH_NATIVE_ELECTRON_OUT: another folder (tests, so they never delete a developer's build).
const OUT = path.resolve(ROOT, process.env.WORKBENCH_NATIVE_ELECTRON_OUT || 'build/native-electron');
const ADDON = path.join(OUT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');

function fail(message) {
  console.error(`rebuild:electron: ${message}`);
  process.exit(1);
}

let electronVersion;
try {
  electronVersion = require('electron/package.json').version;
} catch {
  fail('the electron package is not installed (npm ci)');
}
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = JSON.parse(fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version;

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(path.join(OUT, 'node_modules'), { recursive: true });
fs.cpSync(sqliteDir, path.join(OUT, 'node_modules/better-sqlite3'), { recursive: true });
// The copied Node build must not pass for Electron's if the rebuild fails half-way.
fs.rmSync(path.join(OUT, 'node_modules/better-sqlite3/build'), { recursive: true, force: true });
fs.writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify({ name: 'native-electron', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2)}\n`);

const bin = path.join(ROOT, 'node_modules/.bin/electron-rebuild');
if (!fs.existsSync(bin)) fail('@electron/rebuild is not installed (npm ci)');
console.log(`rebuild:electron: better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} into ${path.relative(ROOT, OUT)}/`);
// node-gyp honours npm_config_nodedir, which npm/npx and ./workbench set to a Node's headers (Debian's
// global npm config even says /usr, Node 20): the build would then "succeed" against the wrong ABI.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_nodedir$/i.test(k)));
const r = spawnSync(bin, ['--only', 'better-sqlite3', '--module-dir', OUT, '--version', electronVersion, '--force'], { cwd: ROOT, stdio: 'inherit', env });
if (r.status !== 0 || !fs.existsSync(ADDON)) {
  fs.rmSync(OUT, { recursive: true, force: true });
  fail(`electron-rebuild failed (exit ${r.status ?? r.signal}); it needs the network for Electron's headers. Nothing was kept.`);
}
console.log(`rebuild:electron: built ${path.relative(ROOT, ADDON)}`);
