import os from 'node:os';
import path from 'node:path';

export const PRODUCT_DIR = 'PMOVES Workbench';

/** A data-folder setting that cannot name a folder (a blank WORKBENCH_DATA_DIR). */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/**
 * Where data lives. The same folder is used by the Electron app, `serve` and the CLI, so they
 * see one database. Matches Electron's own userData default for the product name.
 * Override with --data-dir or WORKBENCH_DATA_DIR.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  // Empty means unset (e.g. `WORKBENCH_DATA_DIR= workbench …`); blanks only are refused: they made a
  // folder named with spaces in the current folder.
  const fromEnv = env.WORKBENCH_DATA_DIR;
  if (fromEnv && fromEnv.trim() === '') throw new DataDirError(`WORKBENCH_DATA_DIR must name a folder (e.g. WORKBENCH_DATA_DIR=~/workbench-data) or be empty/unset for the default, got ${JSON.stringify(fromEnv)}`);
  if (fromEnv) return path.resolve(fromEnv);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_DIR);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_DIR);
}
