/**
 * Results that outlive their forms say when the inputs on screen are no longer the ones they were
 * computed with (found by a first-user walk: Sensitivity kept a tornado computed at income $200 under
 * a "Base: … income $300" banner, and the 2-D grid named no base at all).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Served } from '../../helpers/serve';
import { tmpDir } from '../../helpers/tmp';

async function section(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
  await page.locator('main h1', { hasText: name }).waitFor();
}

describe('stale results (serve + Chromium)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const tmp = tmpDir('wb-e2e-stale-');

  beforeAll(async () => {
    ({ served, browser, page } = await openApp(tmp.dir, { page: { viewport: { width: 1280, height: 900 } } }));
    await section(page, 'Simulate');
    await page.getByLabel('Number of members').fill('20');
    await page.getByLabel('Simulation duration (weeks)').fill('20');
    await page.getByLabel('Average weekly income ($)').fill('200');
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    tmp.cleanup();
  });

  it('Sensitivity, one at a time: a result computed before the Simulate parameters changed says so', async () => {
    await section(page, 'Sensitivity');
    for (const p of ['NUM_MEMBERS', 'GROUP_BUY_SAVINGS_PERCENT', 'LOCAL_PRODUCTION_SAVINGS_PERCENT', 'GROTOKEN_USD_VALUE', 'INITIAL_WEALTH_SIGMA_LOG', 'PERCENT_SPEND_INTERNAL_AVG']) await page.locator(`#sens-on-${p}`).uncheck();
    await page.getByLabel('Replicates').fill('2');
    await page.getByRole('button', { name: 'Run sensitivity' }).click();
    await page.getByRole('heading', { name: 'Results', exact: true }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('sens-stale').count()).toBe(0);

    await section(page, 'Simulate');
    await page.getByLabel('Average weekly income ($)').fill('300');
    await section(page, 'Sensitivity');
    expect(await page.getByTestId('editor-base').textContent()).toContain('income $300');
    await page.getByRole('heading', { name: 'Results for the previous inputs' }).waitFor();
    expect(await page.getByTestId('sens-stale').textContent()).toBe(
      'These are the results for the previous inputs. Changed since: the Simulate parameters. Press Run sensitivity for results that match the current inputs.',
    );
    // The form's own inputs count too.
    await page.getByLabel('Replicates').fill('3');
    expect(await page.getByTestId('sens-stale').textContent()).toContain('Changed since: the Simulate parameters, the replicates.');
    // Back as they were: the result matches again.
    await page.getByLabel('Replicates').fill('2');
    await section(page, 'Simulate');
    await page.getByLabel('Average weekly income ($)').fill('200');
    await section(page, 'Sensitivity');
    await page.getByRole('heading', { name: 'Results', exact: true }).waitFor();
    expect(await page.getByTestId('sens-stale').count()).toBe(0);
  });

  it('Sensitivity, 2-D grid: names its base, says why it cannot run, and marks a result for other inputs', async () => {
    await section(page, 'Sensitivity');
    await page.getByRole('tab', { name: '2-D grid' }).click();
    expect(await page.getByTestId('editor-base').textContent()).toContain('Base: the parameters in the Simulate editor: 20 members × 20 weeks, income $200');
    await page.getByLabel('X values').fill('0.2, 0.6');
    await page.getByLabel('Y values').fill('0.05, 0.25');
    await page.getByLabel('Replicates').fill('2');
    await page.getByRole('button', { name: 'Run grid' }).click();
    await page.getByRole('heading', { name: 'Results', exact: true }).waitFor({ timeout: 60_000 });
    await page.getByLabel('Y values').fill('0.05, 0.15');
    expect(await page.getByTestId('sens-stale').textContent()).toContain('Changed since: the parameters and values.');

    // Invalid Simulate parameters: the disabled Run grid says why (it said nothing).
    await section(page, 'Simulate');
    await page.getByLabel('Number of members').fill('0');
    await section(page, 'Sensitivity');
    expect(await page.getByRole('button', { name: 'Run grid' }).isDisabled()).toBe(true);
    await page.getByRole('alert').filter({ hasText: 'Fix the parameters in Simulate first.' }).waitFor();
    expect(await page.getByTestId('editor-base').textContent()).toContain('some parameters are invalid; fix them in Simulate.');
    expect(await page.getByTestId('sens-stale').textContent()).toContain('Fix the inputs, then press Run grid for results that match them.');
    await section(page, 'Simulate');
    await page.getByLabel('Number of members').fill('20');
  });

  it('Dashboard → Scenarios: the result survives a tab switch, and a disabled Custom says why', async () => {
    await section(page, 'Dashboard');
    await page.getByRole('tab', { name: 'Scenarios' }).click();
    await page.getByRole('radio', { name: 'Strong Cooperation' }).check();
    await page.getByRole('button', { name: 'Run selected scenario' }).click();
    await page.getByRole('heading', { name: 'Strong Cooperation', exact: true }).waitFor({ timeout: 60_000 });
    // It was gone after a look at Shock testing (the view kept it in component state).
    await page.getByRole('tab', { name: 'Shock testing' }).click();
    await page.getByRole('tab', { name: 'Scenarios' }).click();
    await page.getByRole('heading', { name: 'Strong Cooperation', exact: true }).waitFor();
    expect(await page.getByRole('radio', { name: 'Strong Cooperation' }).isChecked()).toBe(true);
    await section(page, 'Simulate');
    await section(page, 'Dashboard');
    await page.getByRole('tab', { name: 'Scenarios' }).click();
    await page.getByRole('heading', { name: 'Strong Cooperation', exact: true }).waitFor();
    expect(await page.getByTestId('sc-stale').count()).toBe(0);
    // Another choice: the shown result says it is for the previous one.
    await page.getByRole('radio', { name: 'Minimal Cooperation' }).check();
    expect(await page.getByTestId('sc-stale').textContent()).toBe('These are the results for the previous inputs. Changed since: the scenario. Run the scenario for results that match the current inputs.');

    // Custom with invalid Simulate parameters: the disabled button says why (it said nothing).
    await section(page, 'Simulate');
    await page.getByLabel('Number of members').fill('0');
    await section(page, 'Dashboard');
    await page.getByRole('tab', { name: 'Scenarios' }).click();
    await page.getByRole('radio', { name: 'Custom (current parameters)' }).check();
    expect(await page.getByRole('button', { name: 'Run custom scenario' }).isDisabled()).toBe(true);
    await page.getByRole('alert').filter({ hasText: 'Custom (current parameters): some Simulate parameters are invalid; fix them in Simulate first, or pick a preset.' }).waitFor();
    expect(await page.getByTestId('editor-base').textContent()).toContain('Custom runs the parameters in the Simulate editor: some parameters are invalid');
    await section(page, 'Simulate');
    await page.getByLabel('Number of members').fill('20');
  });

  it('Analysis: a run deleted since it finished is not shown from the session cache', async () => {
    await section(page, 'Simulate');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.waitForURL(/#\/analysis\?run=\d+/, { timeout: 60_000 });
    const id = Number(new URL(page.url().replace('#/', '')).searchParams.get('run'));
    await page.getByRole('heading', { name: 'Model comparison: Traditional (A) vs. Cooperative (B)' }).waitFor();
    // Deleted elsewhere (the CLI, another window): the API says so.
    const del = await page.evaluate(async (i) => (await fetch('/api/op/runs.delete', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { id: i } }) })).json(), id);
    expect(JSON.stringify(del)).toContain('"deleted":true');
    await section(page, 'Compare');
    await page.goto(served.url + `/#/analysis?run=${id}&tab=overview`);
    // It showed the deleted run, nameless, under a "Latest" picker, with its export buttons.
    // It also said "No analysis results yet" for any run number not stored.
    await expect.poll(() => page.getByTestId('run-missing').textContent().catch(() => '')).toBe(`Run #${id} does not exist: it was deleted, or never stored. Pick a run above, or run a simulation`);
    expect(await page.getByRole('heading', { name: 'Model comparison: Traditional (A) vs. Cooperative (B)' }).count()).toBe(0);
  });
});
