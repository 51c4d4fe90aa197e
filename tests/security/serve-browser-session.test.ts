/**
 * serve sessions as a real browser keeps them. Browsers scope cookies by host, not by port, so every
 * serve on 127.0.0.1 shares one cookie jar in a browser profile (`./workbench start` always uses the
 * same Chromium profile).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createContext, type AppContext } from '../../src-main/context';
import { startServer, type RunningServer } from '../../src-main/transports/http';
import { launchChromium } from '../helpers/serve';
import { tmpDir } from '../helpers/tmp';

describe('two serve instances in one browser', () => {
  const tmps = [tmpDir('wb-sess-a-'), tmpDir('wb-sess-b-')];
  const apps: AppContext[] = [];
  const servers: RunningServer[] = [];
  let browser: Browser;
  beforeAll(async () => {
    for (const t of tmps) {
      const app = createContext({ dataDir: t.dir, transport: 'http' });
      apps.push(app);
      servers.push(await startServer(app, { rendererDir: null }));
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
    for (const a of apps) a.close();
    for (const t of tmps) t.cleanup();
  });

  it('opening the second one keeps the first one\'s window signed in (its own data folder, not the other\'s)', async () => {
    const ctx = await browser.newContext();
    const [a, b] = servers;
    const pa = await ctx.newPage();
    const pb = await ctx.newPage();
    const info = (page: typeof pa) =>
      page.evaluate(async () => {
        const r = await fetch('/api/op/app.info', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' });
        return { status: r.status, dataDir: r.ok ? ((await r.json()) as { output: { dataDir: string } }).output.dataDir : null };
      });
    await pa.goto(a.launchUrl);
    expect(await info(pa)).toEqual({ status: 200, dataDir: tmps[0].dir });
    await pb.goto(b.launchUrl);
    expect(await info(pb)).toEqual({ status: 200, dataDir: tmps[1].dir });
    // The first window, after the second was opened in the same browser (same cookie jar):
    expect(await info(pa)).toEqual({ status: 200, dataDir: tmps[0].dir });
    // One cookie per server, both HttpOnly and SameSite=Strict.
    const cookies = await ctx.cookies('http://127.0.0.1');
    expect(cookies.map((c) => c.httpOnly && c.sameSite === 'Strict')).toEqual([true, true]);
    await ctx.close();
  }, 60_000);

  it('the launcher\'s private file:// page opens a signed-in window (the Strict cookie survives the file:// start)', async () => {
    // ./workbench start hands Chromium file://…/open-workbench.html, which refreshes to the one-time URL.
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const file = path.join(tmps[0].dir, 'open-workbench.html');
    fs.writeFileSync(file, `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${servers[0].issueLaunchUrl()}"><title>PMOVES Workbench</title>\n`, { mode: 0o600 });
    await page.goto(`file://${file}`);
    await expect.poll(() => page.url(), { timeout: 10_000 }).toBe(servers[0].url + '/');
    // "/" was sent with the session cookie (no renderer in this test: the signed-in answer is "not built", not 401).
    await expect.poll(() => page.textContent('body'), { timeout: 10_000 }).toMatch(/renderer not built/);
    expect(await page.evaluate(async () => (await fetch('/api/op/app.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status)).toBe(200);
    await ctx.close();
  }, 60_000);

  it('a page of another local server cannot take in this one\'s responses (no-cors reads across ports carry the cookie)', async () => {
    // Same host, other port: the same site, so the SameSite=Strict cookie goes along with a no-cors
    // request (a <script>/<img> or fetch mode no-cors), which needs no CORS preflight and sends no
    // Origin. The response must not be handed to that page at all (Cross-Origin-Resource-Policy).
    const ctx = await browser.newContext();
    const [a, b] = servers;
    const pa = await ctx.newPage();
    await pa.goto(a.launchUrl); // signed in to A in this browser
    const pb = await ctx.newPage();
    await pb.goto(b.launchUrl); // a page of another server on 127.0.0.1
    const tries = await pb.evaluate(async (origin) => {
      const one = async (p: string) => {
        try {
          const r = await fetch(origin + p, { mode: 'no-cors', credentials: 'include' });
          return `delivered (${r.type})`;
        } catch {
          return 'blocked';
        }
      };
      return { events: await one('/api/events'), page: await one('/'), denied: await one('/api/op/app.info') };
    }, a.url);
    expect(tries).toEqual({ events: 'blocked', page: 'blocked', denied: 'blocked' });
    // A's own page still reads its responses.
    expect(await pa.evaluate(async () => (await fetch('/api/op/app.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status)).toBe(200);
    await ctx.close();
  }, 60_000);
});
