/**
 * Defects found walking the integrations as a new user (serve + Chromium + the mock servers):
 * Firefly Test/Connect against a server that accepts the connection and never answers held the
 * form on "Testing…" for about 2 minutes (4 attempts × 30 s) with no way to stop it; and serve
 * recorded a sync pressed in the page as a command-line one (trigger "cli").
 */
import { describe, expect, it } from 'vitest';
import { startMockFirefly, type MockFirefly } from '../mocks/firefly/server';
import { useApp } from '../helpers/app';
import { apiOp } from '../helpers/serve';

describe('integrations walk (serve + Chromium + mock servers)', () => {
  let hanging: MockFirefly;
  let firefly: MockFirefly;
  const app = useApp({
    prefix: 'wb-intwalk-',
    before: async () => {
      hanging = await startMockFirefly();
      firefly = await startMockFirefly();
      hanging.inject({ path: /.*/, times: Infinity, fault: { type: 'hang' } });
    },
    env: { FIREFLY_URL: '', FIREFLY_TOKEN: '', FIREFLY_TOKEN_FILE: '', WORKBENCH_FIREFLY_MIN_INTERVAL_MS: '0' },
    after: async () => {
      await hanging?.close();
      await firefly?.close();
    },
  });

  it('Firefly Test and Connect against a server that never answers can be cancelled, and say so', async () => {
    const page = app.page;
    await page.goto(app.served.url + '/#/firefly');
    await page.locator('main h1', { hasText: 'Firefly III' }).waitFor();
    await page.getByLabel('Firefly III address').fill(hanging.url);
    await page.getByLabel('Personal Access Token').fill(hanging.token);

    const xBefore = (await page.getByLabel('Firefly III address').boundingBox())!.x;
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByRole('button', { name: 'Testing…', exact: true }).waitFor();
    // While it waits, the page says what it is waiting for and how to stop.
    await page.getByRole('status').filter({ hasText: /Waiting for Firefly III to answer .*up to 30 s.*Cancel/ }).waitFor();
    // The waiting line does not push the form's fields aside (inside the form's grid it widened the label column).
    expect((await page.getByLabel('Firefly III address').boundingBox())!.x).toBe(xBefore);
    await expect.poll(() => hanging.requestsTo('/v1/about').length).toBe(1);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Cancel test', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^Test cancelled: Firefly III did not answer before you stopped it\. Check the Firefly III address/ }).waitFor({ timeout: 5000 });
    expect(Date.now() - t0).toBeLessThan(5000);
    await page.getByRole('button', { name: 'Test', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel test' }).count()).toBe(0);
    // The request in flight was aborted on the server too: no retry follows the cancel.
    await new Promise((r) => setTimeout(r, 1500));
    expect(hanging.requestsTo('/v1/about')).toHaveLength(1);

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('button', { name: 'Connecting…', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Cancel connect', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^Connect cancelled: the token was not stored\./ }).waitFor({ timeout: 5000 });
    const st = await apiOp(page, 'firefly.status', {});
    expect(st.ok).toBe(true);
    expect(st.output.tokenStored).toBe(false);
    expect(st.output.configured).toBe(false);
  }, 60_000);

  it('serve is the browser UI\'s transport: a sync from the page is recorded as manual, not as the command line\'s', async () => {
    const page = app.page;
    const info = await apiOp(page, 'app.info', {});
    expect(info.output.transport).toBe('http');
    expect((await apiOp(page, 'firefly.connect', { url: firefly.url, token: firefly.token })).ok).toBe(true);
    // Connected behind the page's back: load it again to read the new state.
    await page.goto(app.served.url + '/#/firefly');
    await page.reload();
    await expect.poll(() => page.getByTestId('ff-state').locator('dd').first().textContent()).toBe('Connected');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('status').filter({ hasText: /^Snapshot \d+: / }).waitFor();
    const st = await apiOp(page, 'firefly.status', {});
    expect(st.output.sync.trigger).toBe('manual');
  }, 60_000);
});
