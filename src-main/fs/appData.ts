import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE } from '../store/db';

/** `p` absolute, with its existing part resolved through symlinks (the rest may not exist yet). */
function realPath(p: string): string {
  const abs = path.resolve(p);
  const tail: string[] = [];
  let head = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync(head), ...tail);
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return abs;
      tail.unshift(path.basename(head));
      head = parent;
    }
  }
}

/**
 * Why writing `target` would destroy the app's own data, or null when it would not. A file must not
 * be the database (or its -wal/-shm/-journal) nor lie in secrets/; a folder that is replaced whole
 * (a csv bundle with overwrite) must not be the data folder, hold it, or lie in secrets/.
 */
export function appDataClash(dataDir: string, target: string, kind: 'file' | 'folder'): string | null {
  const dir = realPath(dataDir);
  const t = realPath(target);
  const within = (a: string, b: string) => a === b || a.startsWith(b.endsWith(path.sep) ? b : b + path.sep);
  const secrets = path.join(dir, 'secrets');
  if (within(t, secrets)) return `it is in the workbench's secrets folder ${secrets}`;
  const db = path.join(dir, DB_FILE);
  if (kind === 'file' && ['', '-wal', '-shm', '-journal'].some((x) => t === db + x)) return `it is the workbench database ${t}`;
  if (kind === 'folder' && within(dir, t)) return `${t === dir ? 'it is' : 'it holds'} the workbench data folder ${dir}`;
  return null;
}
