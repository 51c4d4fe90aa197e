/**
 * What a new user sees on a fresh data folder (serve + Chromium): no failed request and no console
 * error for "nothing yet" states (no validation report, a Firefly snapshot without spending), a
 * real favicon, and the Reports Folder field treated as a folder (created, refused when relative,
 * a clear message when it cannot be written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedFireflyData, startMockFirefly, type MockFirefly } from '../mocks/firefly/server';
import { useApp } from '../helpers/app';

let mock: MockFirefly;
const failed: string[] = [];
const consoleErrors: string[] = [];
const ops: string[] = [];

const app = useApp({
  prefix: 'wb-e2e-first-run-',
  // A Firefly III with no transactions: the sync stores a snapshot without spending.
  before: async () => {
    mock = await startMockFirefly({ data: seedFireflyData({ groups: 0 }) });
  },
  env: () => ({ FIREFLY_URL: mock.url, FIREFLY_TOKEN: mock.token, FIREFLY_TOKEN_FILE: '', WORKBENCH_FIREFLY_MIN_INTERVAL_MS: '0' }),
  onPage: (page) => {
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    page.on('request', (r) => {
      const m = /\/api\/op\/(.+)$/.exec(new URL(r.url()).pathname);
      if (m) ops.push(m[1]);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  },
  after: () => mock?.close(),
});

describe('first run on an empty data folder', () => {
  it('serves a real favicon (PNG) that the page links to', async () => {
    const href = await app.page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBe('./favicon.png');
    const r = await app.page.request.get(`${app.served.url}/favicon.png`);
    expect(r.status()).toBe(200);
    expect(r.headers()['content-type']).toBe('image/png');
    expect((await r.body()).subarray(1, 4).toString()).toBe('PNG');
  });

  it('Analysis and the Dashboard with no run yet: say so, without a failing request', async () => {
    await app.page.goto(`${app.served.url}/#/analysis`);
    await app.page.getByRole('status').filter({ hasText: 'No analysis results yet.' }).waitFor();
    await app.page.goto(`${app.served.url}/#/dashboard`);
    await app.page.getByRole('status').filter({ hasText: 'No runs yet.' }).waitFor();
    expect(ops).toContain('runs.list');
    expect(ops).not.toContain('sim.current');
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('Validation with no report yet: says so, without a failing request', async () => {
    await app.page.goto(`${app.served.url}/#/validation`);
    await app.page.getByText('No validation report yet.').waitFor();
    await app.page.goto(`${app.served.url}/#/reports`);
    await app.page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await app.page.getByText('No validation reports yet').waitFor();
    expect(ops).toContain('validation.list');
    expect(ops).not.toContain('validation.get');
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('Firefly with a snapshot without spending: Calibrate is off and says why; nothing fails', async () => {
    await app.page.goto(`${app.served.url}/#/firefly`);
    await app.page.getByRole('button', { name: 'Sync now' }).click();
    await app.page.getByRole('status').filter({ hasText: /Snapshot \d+: 0 groups.*Nothing in this period: to sync older data, choose an earlier From date\./ }).waitFor({ timeout: 60_000 });
    const why = app.page.getByTestId('ff-cal-why');
    await why.waitFor();
    // The reason follows the snapshot once the view has read it again (it said "no Firefly III data has been synced yet" for a moment: this read raced it).
    await expect.poll(() => why.textContent()).toMatch(/Nothing to calibrate from yet: Snapshot \d+ .* has no spending \(withdrawal\) transactions/);
    const button = app.page.getByRole('button', { name: 'Calibrate' });
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getAttribute('aria-describedby')).toBe('ff-cal-why');
    expect(ops).not.toContain('firefly.calibrate');
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('Reports → Export: a missing folder is created, a relative one and an unwritable one are refused clearly', async () => {
    const ran = await app.page.evaluate(async () => {
      const r = await fetch('/api/op/sim.run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 26 }, seed: 3, name: 'first run' } }) });
      return r.status;
    });
    expect(ran).toBe(200);
    await app.page.goto(`${app.served.url}/#/reports?source=run`);
    await app.page.getByLabel('Run', { exact: true }).waitFor();
    const folder = app.page.getByLabel('Folder');
    const exportMd = app.page.getByRole('button', { name: 'Export Markdown' });

    const target = path.join(app.dir, 'x-newdir', 'sub');
    await folder.fill(target);
    await exportMd.click();
    await app.page.getByTestId('export-result').waitFor({ timeout: 60_000 });
    const file = (await app.page.getByTestId('export-path').textContent())!.trim();
    expect(path.dirname(file)).toBe(target);
    expect(file).toMatch(/first-run-.*\.md$/);
    expect(fs.statSync(file).isFile()).toBe(true);

    await folder.fill('relative/dir');
    await exportMd.click();
    const alert = app.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/folder: "relative\/dir" is a relative path; give an absolute folder/);

    const statuses: number[] = [];
    app.page.on('response', (r) => {
      if (r.url().endsWith('/api/op/reports.generate')) statuses.push(r.status());
    });
    await folder.fill('/proc/forbidden');
    await exportMd.click();
    await expect.poll(() => alert.textContent()).toMatch(/folder: cannot write the report into "\/proc\/forbidden": .*choose a folder you can write to/);
    expect(statuses).toEqual([400]);
    expect(await app.page.getByText(/ENOENT: no such file|\.tmp'/).count()).toBe(0);
  });
});
