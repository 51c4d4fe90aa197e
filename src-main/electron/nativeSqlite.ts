// Which better-sqlite3 addon the Electron app loads. A native addon only loads in the runtime whose
// ABI it was compiled for. node_modules/better-sqlite3 is the Node 22 build (tests, CLI, serve);
// `npm run rebuild:electron` compiles a copy for Electron's ABI into build/native-electron/, and
// installers ship that copy as their node_modules/better-sqlite3. So:
// - packaged: the default addon is already Electron's;
// - development (`electron .`, what `./workbench start` runs): use the copy in build/native-electron,
//   and if it was never built say how to build it instead of failing later on a NODE_MODULE_VERSION error.
// Pure (the file test is passed in), so it is unit-tested without Electron.

import path from 'node:path';

export const ELECTRON_SQLITE_DIR = 'build/native-electron/node_modules/better-sqlite3';
export const ELECTRON_SQLITE_ADDON = `${ELECTRON_SQLITE_DIR}/build/Release/better_sqlite3.node`;

export type SqliteBindingChoice = { kind: 'default' } | { kind: 'file'; file: string } | { kind: 'missing'; file: string; message: string };

export function electronSqliteBinding(appRoot: string, isPackaged: boolean, exists: (file: string) => boolean): SqliteBindingChoice {
  if (isPackaged) return { kind: 'default' };
  const file = path.join(appRoot, ELECTRON_SQLITE_ADDON);
  if (exists(file)) return { kind: 'file', file };
  return {
    kind: 'missing',
    file,
    message:
      `The SQLite module built for Electron is missing (${file}). ` +
      'Build it once with "npm run rebuild:electron" (./workbench start does this for you; it needs the network ' +
      'to fetch Electron\'s headers), or use "./workbench serve" with a browser.',
  };
}
