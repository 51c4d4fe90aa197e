/**
 * Results that outlive their forms say when the inputs on screen are no longer the ones they were
 * computed with (found by a first-user walk: Sensitivity kept a tornado computed at income $200 under
 * a "Base: … income $300" banner, and the 2-D grid named no base at all).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection } from '../../helpers/flows';
import { useApp } from '../../helpers/app';
import { apiOp } from '../../helpers/serve';

describe('stale results (serve + Chromium)', () => {
  const app = useApp({ prefix: 'wb-e2e-stale-', page: { viewport: { width: 1280, height: 900 } } });

  beforeAll(async () => {
    await openSection(app.page, 'Simulate');
    await app.page.getByLabel('Number of members').fill('20');
    await app.page.getByLabel('Simulation duration (weeks)').fill('20');
    await app.page.getByLabel('Average weekly income ($)').fill('200');
  });

  it('Sensitivity, one at a time: a result computed before the Simulate parameters changed says so', async () => {
    await openSection(app.page, 'Sensitivity');
    for (const p of ['NUM_MEMBERS', 'GROUP_BUY_SAVINGS_PERCENT', 'LOCAL_PRODUCTION_SAVINGS_PERCENT', 'GROTOKEN_USD_VALUE', 'INITIAL_WEALTH_SIGMA_LOG', 'PERCENT_SPEND_INTERNAL_AVG']) await app.page.locator(`#sens-on-${p}`).uncheck();
    await app.page.getByLabel('Replicates').fill('2');
    await app.page.getByRole('button', { name: 'Run sensitivity' }).click();
    await app.page.getByRole('heading', { name: 'Results', exact: true }).waitFor({ timeout: 60_000 });
    expect(await app.page.getByTestId('sens-stale').count()).toBe(0);

    await openSection(app.page, 'Simulate');
    await app.page.getByLabel('Average weekly income ($)').fill('300');
    await openSection(app.page, 'Sensitivity');
    expect(await app.page.getByTestId('editor-base').textContent()).toContain('income $300');
    await app.page.getByRole('heading', { name: 'Results for the previous inputs' }).waitFor();
    expect(await app.page.getByTestId('sens-stale').textContent()).toBe(
      'These are the results for the previous inputs. Changed since: the Simulate parameters. Press Run sensitivity for results that match the current inputs.',
    );
    // The form's own inputs count too.
    await app.page.getByLabel('Replicates').fill('3');
    expect(await app.page.getByTestId('sens-stale').textContent()).toContain('Changed since: the Simulate parameters, the replicates.');
    // Back as they were: the result matches again.
    await app.page.getByLabel('Replicates').fill('2');
    await openSection(app.page, 'Simulate');
    await app.page.getByLabel('Average weekly income ($)').fill('200');
    await openSection(app.page, 'Sensitivity');
    await app.page.getByRole('heading', { name: 'Results', exact: true }).waitFor();
    expect(await app.page.getByTestId('sens-stale').count()).toBe(0);
  });

  it('Sensitivity, 2-D grid: names its base, says why it cannot run, and marks a result for other inputs', async () => {
    await openSection(app.page, 'Sensitivity');
    await app.page.getByRole('tab', { name: '2-D grid' }).click();
    expect(await app.page.getByTestId('editor-base').textContent()).toContain('Base: the parameters in the Simulate editor: 20 members × 20 weeks, income $200');
    await app.page.getByLabel('X values').fill('0.2, 0.6');
    await app.page.getByLabel('Y values').fill('0.05, 0.25');
    await app.page.getByLabel('Replicates').fill('2');
    await app.page.getByRole('button', { name: 'Run grid' }).click();
    await app.page.getByRole('heading', { name: 'Results', exact: true }).waitFor({ timeout: 60_000 });
    await app.page.getByLabel('Y values').fill('0.05, 0.15');
    expect(await app.page.getByTestId('sens-stale').textContent()).toContain('Changed since: the parameters and values.');

    // Invalid Simulate parameters: the disabled Run grid says why (it said nothing).
    await openSection(app.page, 'Simulate');
    await app.page.getByLabel('Number of members').fill('0');
    await openSection(app.page, 'Sensitivity');
    expect(await app.page.getByRole('button', { name: 'Run grid' }).isDisabled()).toBe(true);
    await app.page.getByRole('alert').filter({ hasText: 'Fix the parameters in Simulate first.' }).waitFor();
    expect(await app.page.getByTestId('editor-base').textContent()).toContain('some parameters are invalid; fix them in Simulate.');
    expect(await app.page.getByTestId('sens-stale').textContent()).toContain('Fix the inputs, then press Run grid for results that match them.');
    await openSection(app.page, 'Simulate');
    await app.page.getByLabel('Number of members').fill('20');
  });

  it('Dashboard → Scenarios: the result survives a tab switch, and a disabled Custom says why', async () => {
    await openSection(app.page, 'Dashboard');
    await app.page.getByRole('tab', { name: 'Scenarios' }).click();
    await app.page.getByRole('radio', { name: 'Strong Cooperation' }).check();
    await app.page.getByRole('button', { name: 'Run selected scenario' }).click();
    await app.page.getByRole('heading', { name: 'Strong Cooperation', exact: true }).waitFor({ timeout: 60_000 });
    // It was gone after a look at Shock testing (the view kept it in component state).
    await app.page.getByRole('tab', { name: 'Shock testing' }).click();
    await app.page.getByRole('tab', { name: 'Scenarios' }).click();
    await app.page.getByRole('heading', { name: 'Strong Cooperation', exact: true }).waitFor();
    expect(await app.page.getByRole('radio', { name: 'Strong Cooperation' }).isChecked()).toBe(true);
    await openSection(app.page, 'Simulate');
    await openSection(app.page, 'Dashboard');
    await app.page.getByRole('tab', { name: 'Scenarios' }).click();
    await app.page.getByRole('heading', { name: 'Strong Cooperation', exact: true }).waitFor();
    expect(await app.page.getByTestId('sc-stale').count()).toBe(0);
    // Another choice: the shown result says it is for the previous one.
    await app.page.getByRole('radio', { name: 'Minimal Cooperation' }).check();
    expect(await app.page.getByTestId('sc-stale').textContent()).toBe('These are the results for the previous inputs. Changed since: the scenario. Run the scenario for results that match the current inputs.');

    // Custom with invalid Simulate parameters: the disabled button says why (it said nothing).
    await openSection(app.page, 'Simulate');
    await app.page.getByLabel('Number of members').fill('0');
    await openSection(app.page, 'Dashboard');
    await app.page.getByRole('tab', { name: 'Scenarios' }).click();
    await app.page.getByRole('radio', { name: 'Custom (current parameters)' }).check();
    expect(await app.page.getByRole('button', { name: 'Run custom scenario' }).isDisabled()).toBe(true);
    await app.page.getByRole('alert').filter({ hasText: 'Custom (current parameters): some Simulate parameters are invalid; fix them in Simulate first, or pick a preset.' }).waitFor();
    expect(await app.page.getByTestId('editor-base').textContent()).toContain('Custom runs the parameters in the Simulate editor: some parameters are invalid');
    await openSection(app.page, 'Simulate');
    await app.page.getByLabel('Number of members').fill('20');
  });

  it('Analysis: a run deleted since it finished is not shown from the session cache', async () => {
    await openSection(app.page, 'Simulate');
    await app.page.getByRole('button', { name: 'Run simulation' }).click();
    await app.page.waitForURL(/#\/analysis\?run=\d+/, { timeout: 60_000 });
    const id = Number(new URL(app.page.url().replace('#/', '')).searchParams.get('run'));
    await app.page.getByRole('heading', { name: 'Model comparison: Traditional (A) vs. Cooperative (B)' }).waitFor();
    // Deleted elsewhere (the CLI, another window): the API says so.
    const del = await apiOp(app.page, 'runs.delete', { id });
    expect(JSON.stringify(del)).toContain('"deleted":true');
    await openSection(app.page, 'Compare');
    await app.page.goto(app.served.url + `/#/analysis?run=${id}&tab=overview`);
    // It showed the deleted run, nameless, under a "Latest" picker, with its export buttons.
    // It also said "No analysis results yet" for any run number not stored.
    await expect.poll(() => app.page.getByTestId('run-missing').textContent().catch(() => '')).toBe(`Run #${id} does not exist: it was deleted, or never stored. Pick a run above, or run a simulation`);
    expect(await app.page.getByRole('heading', { name: 'Model comparison: Traditional (A) vs. Cooperative (B)' }).count()).toBe(0);
  });
});
