/**
 * SecretStore for the Electron app: secrets (Firefly token, DoX JWT) encrypted with the OS
 * keychain through Electron's `safeStorage`, kept as 0600 files under <dataDir>/secrets/*.enc,
 * never in the database. Typed against a minimal cipher interface so it is tested without Electron.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../firefly/credentials';
import { makeDirs } from '../fs/makeDirs';
import { writePrivateFile } from '../fs/writePrivate';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only (Electron): "basic_text" means no secret service, a fixed key, effectively plain text. */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export class SafeStorageSecretStore implements SecretStore {
  readonly dir: string;
  constructor(
    dataDir: string,
    private readonly safe: SafeStorageLike,
  ) {
    this.dir = path.join(dataDir, 'secrets');
  }

  private file(name: string): string {
    if (!NAME.test(name)) throw new Error(`invalid secret name "${name.slice(0, 40)}"`);
    return path.join(this.dir, `${name}.enc`);
  }

  private assertAvailable(): void {
    if (!this.safe.isEncryptionAvailable()) {
      throw new Error('the system keychain is not available, so the secret cannot be stored encrypted; use the FIREFLY_TOKEN / DOX_JWT environment variables instead');
    }
  }

  /**
   * Storing needs a real keychain: on Linux without a secret service Electron still reports encryption
   * as available, with the "basic_text" backend (a hardcoded key), which would keep the secret as good
   * as plain text. Reading a secret stored that way still works.
   */
  private assertKeychain(): void {
    this.assertAvailable();
    let backend: string | undefined;
    try {
      backend = this.safe.getSelectedStorageBackend?.();
    } catch {
      backend = undefined; // not Linux: the OS keychain (Keychain, DPAPI) is the only backend
    }
    if (backend === 'basic_text') {
      throw new Error(
        `the system keychain is not available (Linux secret service backend "${backend}": a fixed key, so the secret would be kept as good as plain text); unlock or install a keyring (GNOME Keyring or KWallet) and restart the app, or use the FIREFLY_TOKEN / DOX_JWT environment variables instead`,
      );
    }
  }

  async get(name: string): Promise<string | null> {
    let buf: Buffer;
    try {
      buf = await fs.readFile(this.file(name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    this.assertAvailable();
    return this.safe.decryptString(buf);
  }

  async set(name: string, value: string): Promise<void> {
    if (!value.trim()) throw new Error('refusing to store an empty secret');
    this.assertKeychain();
    makeDirs(this.dir, 0o700);
    await writePrivateFile(this.file(name), this.safe.encryptString(value.trim()));
  }

  async delete(name: string): Promise<void> {
    await fs.rm(this.file(name), { force: true });
  }
}
