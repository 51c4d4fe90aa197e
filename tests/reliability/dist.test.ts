/** Installer configuration (package.json "build" for electron-builder) and `npm run dist` prerequisites. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
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
    expect(pkg.scripts['rebuild:electron']).toMatch(/electron-rebuild .*--module-dir build\/native-electron/);
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
