import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SafeStorageSecretStore, type SafeStorageLike } from '../../../src-main/electron/safeStorageSecrets';
import { tmpDir } from '../../helpers/tmp';

// A reversible stand-in for the OS keychain cipher (Electron's safeStorage cannot run here).
const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
const cipher = (available = true): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => xor(Buffer.from(s, 'utf8')),
  decryptString: (b) => xor(b).toString('utf8'),
});

const dirs: (() => void)[] = [];
afterEach(() => dirs.splice(0).forEach((f) => f()));

describe('SafeStorageSecretStore', () => {
  it('stores only ciphertext, 0600, outside the database, and reads it back', async () => {
    const t = tmpDir();
    dirs.push(t.cleanup);
    const s = new SafeStorageSecretStore(t.dir, cipher());
    const token = 'ff_pat_ABCDEF123456';
    await s.set('firefly.token', ` ${token} `);
    const file = path.join(t.dir, 'secrets', 'firefly.token.enc');
    expect(fs.readFileSync(file).includes(Buffer.from(token))).toBe(false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await s.get('firefly.token')).toBe(token);
    await s.delete('firefly.token');
    expect(await s.get('firefly.token')).toBeNull();
  });
  it('refuses to store when the keychain is unavailable, with a way out', async () => {
    const t = tmpDir();
    dirs.push(t.cleanup);
    const s = new SafeStorageSecretStore(t.dir, cipher(false));
    await expect(s.set('dox-jwt', 'x')).rejects.toThrow(/environment variables/);
    expect(fs.existsSync(path.join(t.dir, 'secrets', 'dox-jwt.enc'))).toBe(false);
  });
  it('refuses to store when Linux has no secret service (backend basic_text: a fixed key, effectively plain text), and says what to do', async () => {
    // Electron reports encryption as available with the basic_text backend; only the backend tells.
    const t = tmpDir();
    dirs.push(t.cleanup);
    const s = new SafeStorageSecretStore(t.dir, { ...cipher(), getSelectedStorageBackend: () => 'basic_text' });
    const err = await s.set('firefly.token', 'ff_pat_ABCDEF123456').catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      'the system keychain is not available (Linux secret service backend "basic_text": a fixed key, so the secret would be kept as good as plain text); unlock or install a keyring (GNOME Keyring or KWallet) and restart the app, or use the FIREFLY_TOKEN / DOX_JWT environment variables instead',
    );
    expect(fs.existsSync(path.join(t.dir, 'secrets', 'firefly.token.enc'))).toBe(false);
    // A real keyring backend stores as before.
    const ok = new SafeStorageSecretStore(t.dir, { ...cipher(), getSelectedStorageBackend: () => 'gnome_libsecret' });
    await ok.set('firefly.token', 'ff_pat_ABCDEF123456');
    expect(await ok.get('firefly.token')).toBe('ff_pat_ABCDEF123456');
  });
  it('rejects path-like names and empty secrets', async () => {
    const t = tmpDir();
    dirs.push(t.cleanup);
    const s = new SafeStorageSecretStore(t.dir, cipher());
    await expect(s.set('../evil', 'x')).rejects.toThrow(/invalid secret name/);
    await expect(s.set('ok', '   ')).rejects.toThrow(/empty/);
  });
});
