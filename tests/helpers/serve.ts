import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { ROOT } from './tmp';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export interface Served {
  url: string;
  launchUrl: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

/** Start the built app's `serve` in a child process against `dataDir`. */
export async function startServe(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Served> {
  const cli = path.join(ROOT, 'out/main/cli.js');
  if (!fs.existsSync(cli)) throw new Error('out/main/cli.js is missing: build first (./workbench build)');
  const urlFile = path.join(dataDir, `.url-${process.pid}-${Date.now()}`);
  const child = spawn(process.execPath, [cli, '--data-dir', dataDir, 'serve', '--url-file', urlFile], { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  child.stdout!.resume();
  const t0 = Date.now();
  while (!fs.existsSync(urlFile) || fs.readFileSync(urlFile, 'utf8').trim() === '') {
    if (child.exitCode !== null) throw new Error(`serve exited: ${err}`);
    if (Date.now() - t0 > 20_000) throw new Error(`serve did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const launchUrl = fs.readFileSync(urlFile, 'utf8').trim();
  fs.rmSync(urlFile);
  return {
    url: new URL(launchUrl).origin,
    launchUrl,
    child,
    stderr: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('close', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The app as a user opens it: `serve` against `dataDir`, Chromium, one page (in its own context,
 * with `page` options such as the viewport) on the printed URL, once the shell's navigation shows.
 * `onPage` is called on the page before it loads the app (listeners that must see the first load).
 * Close with `browser.close()` and `served.stop()`.
 */
export async function openApp(
  dataDir: string,
  opts: { env?: Record<string, string>; page?: BrowserContextOptions; onPage?: (page: Page) => void } = {},
): Promise<{ served: Served; browser: Browser; page: Page }> {
  const served = await startServe(dataDir, opts.env);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage(opts.page);
    opts.onPage?.(page);
    await page.goto(served.launchUrl);
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    return { served, browser, page };
  } catch (e) {
    // The caller gets nothing to close: stop what was started.
    await browser?.close();
    await served.stop();
    throw e;
  }
}

/**
 * Calls the API operation `op` with `input` from inside the page, as the renderer does (POST
 * /api/op/<op>, the session cookie sent), and gives the response's JSON body ({ ok, output } or
 * { ok: false, error }) whatever its HTTP status.
 */
export function apiOp(page: Page, op: string, input: unknown): Promise<any> {
  return page.evaluate(
    async ([o, i]) => (await fetch(`/api/op/${o}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: i }) })).json(),
    [op, input] as const,
  );
}

/**
 * axe-core violations of serious or critical impact on the current page. axe is injected through
 * the DevTools protocol (page.evaluate), which the app's strict CSP rightly blocks for <script> tags.
 */
export async function axeSeriousViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n: any) => String(n.target)) }));
  });
  return violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical');
}

/** Violations of the named axe rules, whatever their impact (for rules axe rates moderate or minor). */
export async function axeRuleViolations(page: Page, rules: string[]): Promise<{ id: string; nodes: string[] }[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async (ids) => {
    const r = await (window as any).axe.run(document, { runOnly: { type: 'rule', values: ids }, resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n: any) => String(n.target)) }));
  }, rules);
}
