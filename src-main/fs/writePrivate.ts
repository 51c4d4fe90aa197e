import { chmod, open, rename, rm } from 'node:fs/promises';

/**
 * Writes `data` readable by the owner only (0600), replacing `file` atomically. A mode passed to
 * writeFile applies only when it creates the file (an existing 0644 file would keep its mode), so
 * a fresh temporary file is written, synced and renamed into place.
 */
export async function writePrivateFile(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await rm(tmp, { force: true });
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await chmod(tmp, 0o600); // a umask could have narrowed it; 0600 exactly is what readers check
  await rename(tmp, file);
}
