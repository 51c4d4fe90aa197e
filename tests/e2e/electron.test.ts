import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tmpDir } from '../helpers/tmp';

const binary = path.join(ROOT, 'node_modules/electron/dist/electron');
const hasElectron = fs.existsSync(binary);

// The Electron binary cannot be downloaded on this machine (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1); serve + Chromium covers the same renderer and API there.
describe.skipIf(!hasElectron)('Electron app (skipped: no Electron binary in node_modules/electron/dist)', () => {
  // The app loads Electron's build of better-sqlite3 (src-main/electron/nativeSqlite.ts): make it
  // once, as ./workbench start does. If that fails (no network for the headers) the test fails.
  beforeAll(() => {
    if (fs.existsSync(path.join(ROOT, 'build/native-electron/node_modules/better-sqlite3/build/Release/better_sqlite3.node'))) return;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/rebuild-electron-sqlite.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 900_000 });
    if (r.status !== 0) throw new Error(`npm run rebuild:electron failed: ${r.stderr.slice(-2000)}`);
  }, 900_000);
  it('opens a sandboxed window on app://workbench and answers over IPC', async () => {
    const tmp = tmpDir();
    const app = await electron.launch({ executablePath: binary, args: [ROOT, '--data-dir', tmp.dir] });
    const win = await app.firstWindow();
    await win.getByRole('navigation', { name: 'Sections' }).waitFor();
    expect(win.url()).toMatch(/^app:\/\/workbench\//);
    expect(await win.evaluate(() => typeof (globalThis as any).require)).toBe('undefined');
    const info = await win.evaluate(() => (globalThis as any).workbench.call('app.info', {}));
    expect(info.output.transport).toBe('ipc');
    await app.close();
    tmp.cleanup();
  });
});
