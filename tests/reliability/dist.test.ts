/** Installer configuration (package.json "build" for electron-builder) and `npm run dist` prerequisites. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/tmp';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const build = pkg.build;

describe('electron-builder configuration', () => {
  it('has the app id, asar, no auto-update and the native module unpacked', () => {
    expect(build.appId).toBe('org.pmoves.workbench');
    expect(build.asar).toBe(true);
    expect(build.asarUnpack).toContain('**/*.node');
    expect(build.publish).toBeNull();
    expect(build.npmRebuild, 'never rebuild node_modules in place (the Node build serves tests/CLI)').toBe(false);
    expect(JSON.stringify(build.files)).toContain('build/native-electron');
    expect(pkg.scripts['rebuild:electron']).toBe('node scripts/rebuild-electron-sqlite.mjs');
    expect(pkg.dependencies).not.toHaveProperty('electron-updater');
  });
  it('targets AppImage + deb, nsis and dmg with icons from resources/', () => {
    expect(build.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(build.win.target).toContain('nsis');
    expect(build.mac.target).toContain('dmg');
    for (const p of [build.linux.icon, build.win.icon, build.mac.icon]) {
      expect(p.startsWith('resources/')).toBe(true);
      expect(fs.existsSync(path.join(ROOT, p))).toBe(true);
    }
    const png = fs.readFileSync(path.join(ROOT, 'resources/icons/512x512.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
  });
  it('flips the production fuses in the afterPack hook', async () => {
    expect(build.afterPack).toBe('scripts/dist.mjs');
    const mod = await import(path.join(ROOT, 'scripts/dist.mjs'));
    expect(typeof mod.default).toBe('function');
    expect(mod.PRODUCTION_FUSES).toMatchObject({ RunAsNode: false, EnableCookieEncryption: true, OnlyLoadAppFromAsar: true, EnableNodeOptionsEnvironmentVariable: false, EnableEmbeddedAsarIntegrityValidation: true });
    // Without @electron/fuses the hook refuses to ship unfused binaries.
    let resolvable = true;
    try {
      await import('@electron/fuses' as string);
    } catch {
      resolvable = false;
    }
    if (!resolvable) await expect(mod.default({ electronPlatformName: 'linux', appOutDir: '/nonexistent', packager: { appInfo: { productFilename: 'x' }, executableName: 'x' } })).rejects.toThrow(/@electron\/fuses is not installed/);
  });
});

describe('npm run rebuild:electron', () => {
  it('builds Electron\'s better-sqlite3 into its own folder, or fails naming why and keeps nothing; node_modules is untouched', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'native-electron-'));
    const addon = path.join(out, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const nodeAddon = path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const before = fs.readFileSync(nodeAddon);
    try {
      // npm_config_nodedir as Debian's npm sets it: Node headers must not stand in for Electron's.
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/rebuild-electron-sqlite.mjs')], { cwd: ROOT, env: { ...process.env, WORKBENCH_NATIVE_ELECTRON_OUT: out, npm_config_nodedir: '/usr' }, encoding: 'utf8', timeout: 900_000 });
      if (r.status === 0) {
        // With the network (Electron's headers): the addon is built for Electron, not a copy of Node's.
        expect(fs.existsSync(addon)).toBe(true);
        expect(fs.readFileSync(addon).equals(before)).toBe(false);
        // …compiled for Electron's ABI: plain Node refuses it, naming Electron's module version.
        const abi = createRequire(path.join(ROOT, 'node_modules/@electron/rebuild/package.json'))('node-abi').getAbi(createRequire(path.join(ROOT, 'package.json'))('electron/package.json').version, 'electron');
        const load = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addon)})`], { encoding: 'utf8' });
        expect(load.stderr).toContain(`NODE_MODULE_VERSION ${abi}.`);
        expect(JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8')).dependencies).toHaveProperty('better-sqlite3');
      } else {
        // Offline (as here): it gets past the dependency walk (the old script stopped at a missing
        // package.json) to the headers download, says so, and keeps no half-built copy.
        expect(r.status).toBe(1);
        expect(r.stdout + r.stderr).toMatch(/Building modules: better-sqlite3/);
        expect(r.stderr).toMatch(/rebuild:electron: electron-rebuild failed .*network/);
        expect(fs.existsSync(path.join(out, 'node_modules'))).toBe(false);
      }
      expect(fs.readFileSync(nodeAddon).equals(before)).toBe(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 900_000);
});

describe('npm run dist here', () => {
  it('exits 1 with a clear list of missing prerequisites and no stack trace', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/dist.mjs')], { cwd: ROOT, env: { ...process.env, WORKBENCH_DIST_OFFLINE: '1' }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot build installers here\. Missing prerequisites:/);
    expect(r.stderr).toMatch(/no network/);
    expect(r.stderr).toMatch(/Nothing was built/);
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(fs.existsSync(path.join(ROOT, 'dist'))).toBe(false);
  });
});
