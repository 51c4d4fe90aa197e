import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './tmp';

/**
 * A scratch copy of the ./workbench launcher in `dir`, with the repo's build (out/) and Node 22
 * linked in and its dependencies stamped as installed (the launcher compares the lockfile hash
 * and the Node version), so it runs commands without installing or building. node_modules is
 * linked whole unless `nodeModules: false` (the caller then lays out its own).
 */
export function scratchLauncher(dir: string, opts: { nodeModules?: boolean } = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'workbench'), path.join(dir, 'workbench'));
  fs.chmodSync(path.join(dir, 'workbench'), 0o755);
  fs.copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(dir, 'package-lock.json'));
  fs.symlinkSync(path.join(ROOT, 'out'), path.join(dir, 'out'));
  if (opts.nodeModules !== false) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.mkdirSync(path.join(dir, '.cache'));
  if (fs.existsSync(path.join(ROOT, '.cache/node22'))) fs.symlinkSync(path.join(ROOT, '.cache/node22'), path.join(dir, '.cache/node22'));
  const lockHash = createHash('sha256').update(fs.readFileSync(path.join(dir, 'package-lock.json'))).digest('hex').slice(0, 16);
  fs.writeFileSync(path.join(dir, '.cache/deps.stamp'), `${lockHash}-${process.version}\n`);
  return dir;
}
