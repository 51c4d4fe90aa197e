/**
 * Firefly III credentials for serve/CLI mode, and the SecretStore interface the Electron app
 * implements with safeStorage. The token is never printed: notices only say where it came from.
 *
 * Resolution order (first match wins):
 *   1. `--url` + `--token-file <path>` (the file must be mode 0600 or stricter; looser is refused)
 *   2. env `FIREFLY_URL` + `FIREFLY_TOKEN` (`FIREFLY_TOKEN_FILE` may name a 0600 file instead)
 *   3. a SecretStore (the app's safeStorage, or FileSecretStore under the data dir) + a stored URL
 */
import { chmod, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FireflyConfigError } from './errors';
import { normalizeBaseUrl } from './client';
import { makeDirs } from '../fs/makeDirs';
import { writePrivateFile } from '../fs/writePrivate';

/** Secret storage. The Electron main process implements it with `safeStorage`; serve/CLI use FileSecretStore. */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Secret names used by the Firefly bridge. */
export const SECRET_NAMES = { fireflyToken: 'firefly.token', fireflyUrl: 'firefly.url' } as const;

export type CredentialSource = 'cli-token-file' | 'env' | 'env-token-file' | 'secret-store';

export interface FireflyCredentials {
  baseUrl: string;
  /** Keep in memory only; pass straight to `new FireflyClient`. */
  token: string;
  source: CredentialSource;
  /** Human-readable, token-free, e.g. "token from FIREFLY_TOKEN (environment)". */
  notice: string;
}

export interface ResolveOptions {
  /** `--url` */
  url?: string;
  /** `--token-file` */
  tokenFile?: string;
  env?: Record<string, string | undefined>;
  store?: SecretStore;
  /** URL saved in settings (non-secret), used with a token from the store. */
  storedUrl?: string | null;
}

const NAME_RE = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Reads a token file, refusing it unless only the owner can read/write it (mode 0600 or 0400).
 * On Windows POSIX modes are not meaningful, so the check is skipped there.
 */
export async function readTokenFile(path: string): Promise<string> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new FireflyConfigError(`The token file ${path} does not exist or cannot be read. Create it with the Firefly III Personal Access Token on one line.`);
  }
  if (!st.isFile()) throw new FireflyConfigError(`The token file ${path} is not a regular file.`);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
    throw new FireflyConfigError(
      `The token file ${path} is readable by other users (mode ${mode}). Restrict it with: chmod 600 ${path}`,
    );
  }
  if (st.size > 64 * 1024) throw new FireflyConfigError(`The token file ${path} is too large to be a token (${st.size} bytes).`);
  const token = (await readFile(path, 'utf8')).trim();
  if (!token) throw new FireflyConfigError(`The token file ${path} is empty. Paste the Firefly III Personal Access Token into it.`);
  if (/[\r\n]/.test(token)) throw new FireflyConfigError(`The token file ${path} has more than one line; it must hold only the token.`);
  return token;
}

export async function resolveFireflyCredentials(opts: ResolveOptions = {}): Promise<FireflyCredentials> {
  const env = opts.env ?? process.env;
  if (opts.tokenFile) {
    const url = opts.url ?? env.FIREFLY_URL;
    if (!url) throw new FireflyConfigError('A token file was given but no Firefly III URL; add --url https://your-firefly or set FIREFLY_URL.');
    const token = await readTokenFile(opts.tokenFile);
    return { baseUrl: normalizeBaseUrl(url), token, source: 'cli-token-file', notice: `Firefly III token read from ${opts.tokenFile} (--token-file).` };
  }
  const envUrl = opts.url ?? env.FIREFLY_URL;
  if (env.FIREFLY_TOKEN !== undefined && env.FIREFLY_TOKEN.trim() !== '') {
    if (!envUrl) throw new FireflyConfigError('FIREFLY_TOKEN is set but FIREFLY_URL is not; set FIREFLY_URL (or pass --url) to the Firefly III address.');
    return {
      baseUrl: normalizeBaseUrl(envUrl),
      token: env.FIREFLY_TOKEN.trim(),
      source: 'env',
      notice: 'Firefly III token taken from the FIREFLY_TOKEN environment variable.',
    };
  }
  if (env.FIREFLY_TOKEN_FILE) {
    if (!envUrl) throw new FireflyConfigError('FIREFLY_TOKEN_FILE is set but FIREFLY_URL is not; set FIREFLY_URL (or pass --url).');
    const token = await readTokenFile(env.FIREFLY_TOKEN_FILE);
    return { baseUrl: normalizeBaseUrl(envUrl), token, source: 'env-token-file', notice: `Firefly III token read from ${env.FIREFLY_TOKEN_FILE} (FIREFLY_TOKEN_FILE).` };
  }
  if (opts.store) {
    const token = await opts.store.get(SECRET_NAMES.fireflyToken);
    const url = envUrl ?? opts.storedUrl ?? (await opts.store.get(SECRET_NAMES.fireflyUrl));
    if (token && url) {
      return { baseUrl: normalizeBaseUrl(url), token, source: 'secret-store', notice: `Firefly III token loaded from ${storeText(opts.store)}.` };
    }
  }
  throw new FireflyConfigError(
    'No Firefly III credentials found. Set FIREFLY_URL and FIREFLY_TOKEN, or pass --url with --token-file <file> (chmod 600), or enter them in the Firefly section\'s connection form. Create the token in Firefly III under Options → Profile → OAuth → Personal Access Tokens.',
  );
}

/**
 * File-based SecretStore for serve/CLI mode: one file per secret in `<dataDir>/secrets/` (dir 0700,
 * files 0600, written atomically). Secrets never go into the SQLite database.
 */
export class FileSecretStore implements SecretStore {
  readonly dir: string;
  constructor(dataDir: string) {
    this.dir = join(dataDir, 'secrets');
  }

  #path(name: string): string {
    if (!NAME_RE.test(name)) throw new FireflyConfigError(`Invalid secret name "${name.slice(0, 40)}".`);
    return join(this.dir, `${name}.secret`);
  }

  async get(name: string): Promise<string | null> {
    const p = this.#path(name);
    try {
      return await readTokenFile(p);
    } catch (e) {
      if ((await stat(p).catch(() => null)) === null) return null;
      throw e;
    }
  }

  async set(name: string, value: string): Promise<void> {
    if (typeof value !== 'string' || value.trim() === '') throw new FireflyConfigError('Refusing to store an empty secret.');
    makeDirs(this.dir, 0o700);
    await chmod(this.dir, 0o700).catch(() => undefined);
    await writePrivateFile(this.#path(name), value.trim());
  }

  async delete(name: string): Promise<void> {
    await rm(this.#path(name), { force: true });
  }

  toJSON() {
    return { dir: this.dir };
  }
}

/** Where a SecretStore keeps secrets, in words for notices: serve/CLI keep a 0600 file, not the OS keychain. */
export function storeText(store: SecretStore): string {
  return store instanceof FileSecretStore ? `a 0600 file in ${store.dir}` : 'the app\'s secure storage';
}

/** In-memory SecretStore (tests, or when no persistence is wanted). */
export class MemorySecretStore implements SecretStore {
  readonly #map = new Map<string, string>();
  async get(name: string) {
    return this.#map.get(name) ?? null;
  }
  async set(name: string, value: string) {
    this.#map.set(name, value);
  }
  async delete(name: string) {
    this.#map.delete(name);
  }
  toJSON() {
    return { entries: this.#map.size };
  }
}
