#!/usr/bin/env node
/**
 * `npm run dist`: build installers with electron-builder (config: package.json "build").
 *
 * 1. Checks every prerequisite first and fails with one clear message (exit 1, no stack trace):
 *    the Electron binary, electron-builder, @electron/fuses (afterPack), @electron/rebuild, network.
 * 2. Builds the app (electron-vite), rebuilds better-sqlite3 for Electron's ABI into a SEPARATE
 *    folder (build/native-electron/), never over node_modules (the Node build serves tests, CLI, serve),
 *    then runs electron-builder for the current platform (or the targets given after `--`).
 *
 * Native module approach (documented here because it cannot run without Electron headers):
 *   npm run rebuild:electron  ==  npx @electron/rebuild --version <electron> --only better-sqlite3
 *                                 --module-dir build/native-electron  (a copy of node_modules/better-sqlite3)
 *   electron-builder packs build/native-electron/node_modules/better-sqlite3 (asarUnpack) via
 *   "extraResources"-free "files" mapping, and `npmRebuild: false` stops it from rebuilding in place.
 *
 * This file is also the electron-builder afterPack hook (default export): it flips the Electron fuses.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));

/** Fuses for production builds (electron docs: tutorial/fuses). Exported for the config test. */
export const PRODUCTION_FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  GrantFileProtocolExtraPrivileges: false,
};

function resolvable(name) {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** The Electron binary the npm package downloaded (electron/path.txt + dist/). */
function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

async function networkOk() {
  if (process.env.WORKBENCH_DIST_OFFLINE === '1') return false;
  try {
    const ac = new AbortController();
    const t = setTimeout(() => ac.abort(), 4000);
    const res = await fetch('https://github.com/electron/electron/releases', { method: 'HEAD', signal: ac.signal });
    clearTimeout(t);
    return res.status < 500;
  } catch {
    return false;
  }
}

export async function checkPrerequisites() {
  const problems = [];
  if (!electronBinary()) problems.push('the Electron binary is not installed (node_modules/electron/dist is missing). Run "npm rebuild electron" with network access, or set ELECTRON_MIRROR.');
  if (!resolvable('electron-builder')) problems.push('electron-builder is not installed. Add it as a devDependency (npm i -D electron-builder) on a machine with network access.');
  if (!resolvable('@electron/fuses')) problems.push('@electron/fuses is not installed; the afterPack hook needs it to turn off RunAsNode and turn on cookie encryption / asar-only loading.');
  if (!resolvable('@electron/rebuild')) problems.push('@electron/rebuild is not installed; better-sqlite3 must be rebuilt for Electron\'s ABI ("npm run rebuild:electron").');
  if (!(await networkOk())) problems.push('no network: electron-builder downloads the Electron zip and packaging tools (AppImage, nsis, dmg) on first use.');
  return problems;
}

/** electron-builder afterPack hook: flip the fuses on the packaged Electron binary. */
export default async function afterPack(context) {
  let fuses;
  try {
    fuses = await import('@electron/fuses');
  } catch {
    throw new Error('afterPack: @electron/fuses is not installed; refusing to ship a build with default (unsafe) fuses. npm i -D @electron/fuses');
  }
  const { flipFuses, FuseVersion, FuseV1Options } = fuses;
  const ext = { darwin: '.app', win32: '.exe', linux: '' }[context.electronPlatformName] ?? '';
  const name = context.packager.appInfo.productFilename;
  const exe =
    context.electronPlatformName === 'darwin'
      ? path.join(context.appOutDir, `${name}${ext}`)
      : path.join(context.appOutDir, context.electronPlatformName === 'linux' ? context.packager.executableName : `${name}${ext}`);
  await flipFuses(exe, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
    ...Object.fromEntries(Object.entries(PRODUCTION_FUSES).map(([k, v]) => [FuseV1Options[k], v])),
  });
}

async function main() {
  const problems = await checkPrerequisites();
  if (problems.length) {
    process.stderr.write(
      `npm run dist: cannot build installers here. Missing prerequisites:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        `Nothing was built. The app still runs without installers: "./workbench serve" (any Chromium) or "./workbench start".\n`,
    );
    process.exit(1);
  }
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.status !== 0) {
      process.stderr.write(`npm run dist: "${cmd} ${args.join(' ')}" failed (exit ${r.status}).\n`);
      process.exit(1);
    }
  };
  run('npx', ['electron-vite', 'build']);
  run('npm', ['run', 'rebuild:electron']);
  run('npx', ['electron-builder', '--publish', 'never', ...process.argv.slice(2)]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`npm run dist: ${e?.message ?? e}\n`);
    process.exit(1);
  });
}
