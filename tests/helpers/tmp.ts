import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder, removed by the returned cleanup. */
export function tmpDir(prefix = 'wb-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// import.meta.dirname: vitest and tsx (the benches) both load this as an ES module.
export const ROOT = path.resolve(import.meta.dirname, '../..');
