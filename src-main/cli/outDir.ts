import fs from 'node:fs';
import path from 'node:path';
import { makeDirs } from '../fs/makeDirs';
import { UsageError } from './errors';

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'the folder cannot be created there',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file is in the way',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path has a symbolic-link loop',
};

/**
 * Creates the folder an output flag writes into (`--out DIR`, or the folder of `--out FILE`) before
 * any work is done or stored, and checks that it takes files. A folder that cannot be used is a
 * usage error naming the flag, the path and the reason, instead of a raw errno after the work (and
 * after a run or a validation report was already stored).
 */
export function prepareOutFolder(flag: string, given: string, dir: string): void {
  const abs = path.resolve(dir);
  try {
    makeDirs(abs);
    fs.accessSync(abs, fs.constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    if (!code || !(code in WHY)) throw e;
    throw new UsageError(`${flag} ${given}: cannot write into ${abs}: ${WHY[code]} (${code}); choose a folder you can write to`);
  }
}
