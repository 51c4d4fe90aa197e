import os from 'node:os';
import path from 'node:path';

export const PRODUCT_DIR = 'PMOVES Workbench';

/**
 * Where data lives. The same folder is used by the Electron app, `serve` and the CLI, so they
 * see one database. Matches Electron's own userData default for the product name.
 * Override with --data-dir or WORKBENCH_DATA_DIR.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.WORKBENCH_DATA_DIR) return path.resolve(env.WORKBENCH_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_DIR);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_DIR);
}
