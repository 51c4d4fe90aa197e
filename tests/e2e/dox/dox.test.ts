/**
 * The DoX view in Chromium (serve mode) against the mock DoX (HEAD generation, JWT required on
 * protected routes): health badge, JWT stored and never shown, push with per-step progress, the
 * answer and the dashboard link, the history row with its manifest, a dry run that sends nothing,
 * and the JWT absent from the page, the DB file and the manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signTestJwt, startMockDox, type MockDox } from '../../mocks/dox/server';
import { useApp } from '../../helpers/app';
import { apiOp, axeSeriousViolations } from '../../helpers/serve';
import { ROOT } from '../../helpers/tmp';

const SHOTS = path.join(ROOT, 'test-results/screenshots');
const SECRET = 'e2e-mock-secret';
const JWT = signTestJwt(SECRET, { sub: 'e2e-analyst' });

describe('DoX view in Chromium (serve mode) against the mock DoX', () => {
  let dox: MockDox;
  let runId: number;
  const app = useApp({
    prefix: 'wb-dox-e2e-',
    before: async () => {
      fs.mkdirSync(SHOTS, { recursive: true });
      dox = await startMockDox({ mode: 'head', jwtSecret: SECRET });
    },
    env: () => ({ WORKBENCH_DOX_DATAVZRD_PORT: String(dox.port), WORKBENCH_DOX_DASHBOARD_WAIT_MS: '5000', DOX_URL: '', DOX_JWT: '', DOX_TOKEN: '' }),
    page: { viewport: { width: 1400, height: 1100 } },
    after: () => dox?.close(),
  });

  beforeAll(async () => {
    const r = (await apiOp(app.page, 'sim.run', { runs: 20, workers: 2, seed: 11, params: { NUM_MEMBERS: 40, SIMULATION_WEEKS: 26 }, name: 'MC for DoX' })) as any;
    expect(r.ok ?? true).toBe(true);
    runId = (r.output ?? r).runId;
    expect(runId).toBeGreaterThan(0);
  });

  it('shows the health badge for the saved URL and stores the JWT without echoing it', async () => {
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'DoX', exact: true }).click();
    await expect.poll(() => app.page.locator('main h1').first().textContent()).toBe('PMOVES-DoX');
    // Nothing answers at the default address: the message's commands read as code, not as `backticks`.
    const health = app.page.locator('.dx-health > .muted.small').first();
    await expect.poll(() => health.textContent(), { timeout: 20_000 }).toMatch(/DoX is not reachable/);
    expect(await health.textContent()).not.toContain('`');
    expect(await health.locator('code').first().textContent()).toMatch(/^docker compose /);
    const url = app.page.getByLabel('DoX URL', { exact: true });
    // A bad address is named once, under the field, as it is typed (the push form showed it a second time).
    await url.fill('ftp://dox.example');
    await app.page.getByText('DoX URL must be an http:// or https:// address, e.g. http://127.0.0.1:8484; got “ftp://dox.example”').waitFor();
    expect(await app.page.getByRole('alert').filter({ hasText: 'DoX URL must be' }).count()).toBe(1);
    await url.fill(dox.url);
    expect(await app.page.getByRole('alert').filter({ hasText: 'DoX URL must be' }).count()).toBe(0);
    await app.page.getByRole('button', { name: 'Save URL' }).click();
    const badge = app.page.getByTestId('dox-health-badge');
    await expect.poll(() => badge.textContent(), { timeout: 15_000 }).toMatch(/Up · HEAD generation · \d+ ms/);
    expect(((await apiOp(app.page, 'settings.get', {})) as any).output.doxUrl).toBe(dox.url);
    // Refresh re-checks (keyboard: Enter on the focused button).
    const before = dox.requests('/health').length;
    await app.page.getByRole('button', { name: 'Refresh health' }).focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(() => dox.requests('/health').length).toBeGreaterThan(before);

    const jwt = app.page.getByLabel('DoX JWT', { exact: true });
    expect(await jwt.getAttribute('type')).toBe('password');
    await jwt.fill(JWT);
    await app.page.getByRole('button', { name: 'Save JWT' }).click();
    await expect.poll(() => app.page.getByTestId('dox-jwt-status').textContent()).toMatch(/A JWT is stored/);
    expect(await jwt.inputValue()).toBe('');
    expect(await app.page.content()).not.toContain(JWT);
    expect(JSON.stringify(await apiOp(app.page, 'dox.status', {}))).not.toContain(JWT);
  });

  it('pushes the run with per-step progress, shows the answer and the dashboard link, and records it', async () => {
    await app.page.getByLabel('Run', { exact: true }).selectOption(String(runId));
    await app.page.getByLabel('K (constellations)').fill('3');
    await app.page.getByLabel('Search queries (one per line)').fill('wealth');
    await app.page.getByRole('button', { name: 'Push to DoX' }).click();
    const steps = app.page.getByRole('list', { name: 'Push steps' });
    await steps.waitFor();
    for (const s of ['health', 'upload', 'artifact', 'chr', 'dashboard', 'ask']) {
      await app.page.locator(`.dx-step[data-step="${s}"][data-status="ok"]`).waitFor({ timeout: 60_000 });
    }
    expect(await steps.locator('li').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Health\s+done/), expect.stringMatching(/CHR\s+done/)]));
    await app.page.locator('.dx-answers dt', { hasText: 'What is the total revenue?' }).waitFor();
    expect((await app.page.locator('.dx-answers dd').first().textContent())!.length).toBeGreaterThan(0);
    const link = app.page.getByRole('link', { name: 'Open the datavzrd dashboard' });
    expect(await link.getAttribute('href')).toBe(`http://127.0.0.1:${dox.port}/`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toMatch(/noopener/);
    // The mock saw the upload with the JWT, the CHR and the question.
    expect(dox.requests('/upload', 'POST')).toHaveLength(1);
    expect(dox.requests('/structure/chr', 'POST')).toHaveLength(1);
    expect(dox.requests('/ask', 'POST')[0].query.question).toBe('What is the total revenue?');
    expect(dox.journal.some((j) => j.headers.authorization === `Bearer ${JWT}`)).toBe(true);

    // History row with its manifest in the details panel.
    const table = app.page.getByRole('table', { name: 'DoX push history' });
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').first().innerText()).toMatch(/ok/);
    await table.getByRole('button', { name: /Details/ }).first().click();
    const manifest = app.page.getByRole('region', { name: /Manifest of push/ });
    await manifest.waitFor();
    const correlationId = dox.requests('/upload', 'POST')[0].query.report_week;
    expect(await manifest.innerText()).toContain(correlationId);
    await app.page.screenshot({ path: path.join(SHOTS, 'dox-pushed.png'), fullPage: true });

    // The JWT is not in the page, the DB file bytes or the manifest.
    expect(await app.page.content()).not.toContain(JWT);
    for (const f of fs.readdirSync(app.dir).filter((n) => /\.db(-wal|-shm)?$/.test(n) || n.startsWith('workbench'))) {
      const p = path.join(app.dir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).includes(Buffer.from(JWT)), f).toBe(false);
    }
    const pushes = (await apiOp(app.page, 'dox.pushes', {})) as any;
    const mpath = path.join(pushes.output[0].artifactsDir, 'manifest.json');
    expect(fs.readFileSync(mpath, 'utf8')).not.toContain(JWT);
    expect(JSON.stringify(pushes)).not.toContain(JWT);
  });

  it('a dry run sends nothing and adds a dry-run row; the view has no serious axe violations in light and dark', async () => {
    const sent = dox.journal.filter((j) => j.path !== '/health' && j.path !== '/healthz').length;
    await app.page.getByLabel('Dry run (no network)').check();
    await app.page.getByRole('button', { name: 'Write dry run' }).click();
    await app.page.getByText(/Dry run: nothing was sent/).waitFor({ timeout: 30_000 });
    expect(dox.journal.filter((j) => j.path !== '/health' && j.path !== '/healthz').length).toBe(sent);
    const table = app.page.getByRole('table', { name: 'DoX push history' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tbody tr').first().innerText()).toMatch(/dry-run/);
    expect(await axeSeriousViolations(app.page)).toEqual([]);
    await apiOp(app.page, 'settings.set', { theme: 'dark' });
    await app.page.reload();
    await app.page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await expect.poll(() => app.page.locator('main h1').first().textContent()).toBe('PMOVES-DoX');
    await app.page.getByTestId('dox-health-badge').waitFor();
    expect(await axeSeriousViolations(app.page)).toEqual([]);
    await app.page.screenshot({ path: path.join(SHOTS, 'dox-dark.png'), fullPage: true });
  });
});
