import fs from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node's mkdir { recursive: true } (sync and async) loops for
 * ever when a parent exists but takes no new entries (e.g. /proc/x): the user's folder would
 * hang the app instead of failing with ENOENT/EACCES. Existing folders are left as they are.
 */
export function makeDirs(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, mode === undefined ? undefined : { mode });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // created meanwhile by someone else: fine
    }
  }
  if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${dir} exists and is not a folder`), { code: 'ENOTDIR' });
}
