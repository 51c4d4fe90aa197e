import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openApp, type Served } from './serve';
import { tmpDir } from './tmp';

export interface AppOptions {
  /** Prefix of the temporary data folder's name (tmpDir's default when absent). */
  prefix?: string;
  /** `serve`'s environment; a function is called once `before` has run (for a mock server's address). */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Options of the page's browser context (viewport, colour scheme, downloads). */
  page?: BrowserContextOptions;
  /** Called on the page before it loads the app (listeners that must see the first load). */
  onPage?: (page: Page) => void;
  /** Runs first in beforeAll, before the app opens: data seeded with the CLI, mock servers. */
  before?: (dir: string) => unknown;
  /** Runs in afterAll once the browser is closed and `serve` stopped, before the data folder is removed. */
  after?: () => unknown;
}

/** The app opened by useApp; its parts are there from its beforeAll on (read them inside tests and hooks). */
export interface App {
  /** The data folder (there from the start, removed in afterAll). */
  readonly dir: string;
  readonly served: Served;
  readonly browser: Browser;
  readonly page: Page;
}

/**
 * The app as one suite uses it: a fresh data folder, and vitest hooks that open `serve` + Chromium
 * against it (openApp) in beforeAll, then close the browser, stop `serve` and remove the folder in
 * afterAll. Call it in a describe block (or at a file's top level); a beforeAll registered after it
 * runs once the app is open.
 */
export function useApp(opts: AppOptions = {}): App {
  const tmp = tmpDir(opts.prefix);
  let opened: { served: Served; browser: Browser; page: Page } | undefined;
  const part = <K extends keyof NonNullable<typeof opened>>(k: K): NonNullable<typeof opened>[K] => {
    if (!opened) throw new Error(`useApp: the app's ${k} is read before its beforeAll opened it`);
    return opened[k];
  };
  beforeAll(async () => {
    await opts.before?.(tmp.dir);
    const env = typeof opts.env === 'function' ? opts.env() : opts.env;
    opened = await openApp(tmp.dir, { env, page: opts.page, onPage: opts.onPage });
  });
  afterAll(async () => {
    await opened?.browser.close();
    await opened?.served.stop();
    await opts.after?.();
    tmp.cleanup();
  });
  return {
    dir: tmp.dir,
    get served() {
      return part('served');
    },
    get browser() {
      return part('browser');
    },
    get page() {
      return part('page');
    },
  };
}
