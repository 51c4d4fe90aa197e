import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { apiOp } from '../../helpers/serve';

/** Dashboard cards: arrows follow the metric shown, and differences of rates are percentage points. */
describe('dashboard cards in Chromium (serve mode)', () => {
  const app = useApp({ page: { viewport: { width: 1280, height: 800 } } });

  beforeAll(async () => {
    // Extreme Wealth Inequality, seed 42: poverty B rises in the second half of the run.
    await app.page.goto(app.served.url + '/#/simulate');
    await app.page.getByText('Extreme Wealth Inequality', { exact: true }).first().click();
    await app.page.getByRole('button', { name: 'Run preset' }).click();
    await app.page.locator('main h1', { hasText: 'Analysis' }).waitFor();
    await app.page.getByRole('heading', { name: 'Model comparison: Traditional (A) vs. Cooperative (B)' }).waitFor({ timeout: 30_000 });
  });

  it('system health points down (and reads "bad") when poverty B rose since mid-run', async () => {
    await app.page.goto(app.served.url + '/#/dashboard');
    const card = app.page.locator('.card', { hasText: 'System health' });
    await card.locator('[aria-label^="trend"]').waitFor({ timeout: 30_000 });
    const trend = (await apiOp(app.page, 'sim.current', { id: 'latest' })).output.trends.poverty_rate_b as number;
    expect(trend).toBeGreaterThan(0.005);
    const arrow = card.locator('[aria-label^="trend"]');
    expect(await arrow.getAttribute('aria-label')).toBe('trend down');
    expect(await arrow.textContent()).toBe('↓');
    expect(await arrow.getAttribute('class')).toBe('bad');
  });

  it('shock test: the poverty increase is in percentage points', async () => {
    await app.page.getByRole('tab', { name: 'Shock testing' }).click();
    await app.page.getByRole('button', { name: 'Test shock' }).click();
    await app.page.getByRole('heading', { name: 'Shock results' }).waitFor({ timeout: 60_000 });
    const pov = await app.page.locator('.card', { hasText: 'Poverty increase' }).locator('.value').textContent();
    expect(pov).toMatch(/^[+−]?\d+\.\d pts$/);
    expect(await app.page.locator('.card', { hasText: 'Resilience score' }).locator('.value').textContent()).toMatch(/^\d\.\d{3}$/);
  });

  it('shock test: an input out of range names the field, the value and the allowed range', async () => {
    await app.page.getByLabel('Magnitude (0–1)').fill('2');
    await app.page.getByLabel('Weeks observed after the shock').fill('-3');
    await app.page.getByRole('alert').filter({ hasText: 'Magnitude must be a number between 0 and 1; got “2”' }).waitFor();
    await app.page.getByRole('alert').filter({ hasText: 'Weeks observed after the shock must be an integer between 0 and 520; got “-3”' }).waitFor();
    expect(await app.page.getByRole('button', { name: 'Test shock' }).isDisabled()).toBe(true);
    // Each field in range, but together longer than the longest simulation: named as the sum of the three.
    await app.page.getByLabel('Magnitude (0–1)').fill('0.2');
    await app.page.getByLabel('Shock starts after week').fill('2000');
    await app.page.getByLabel('Duration (weeks)').fill('520');
    await app.page.getByLabel('Weeks observed after the shock').fill('520');
    await app.page.getByRole('alert').filter({ hasText: 'Start week + duration + weeks observed after must be at most 2,600 weeks; got 2,000 + 520 + 520 = 3,040' }).waitFor();
    expect(await app.page.getByRole('button', { name: 'Test shock' }).isDisabled()).toBe(true);
    // The API says the same, in its field names (the CLI and other clients).
    const api = await apiOp(app.page, 'sim.shock', { type: 'income_reduction', magnitude: 0.2, duration: 520, startWeek: 2000, recoveryWeeks: 520 });
    expect(api.error.message).toContain('startWeek + duration + recoveryWeeks must be at most 2600 weeks (the longest simulation); got 2000 + 520 + 520 = 3040');
  });

  it('scenario by name needs a name', async () => {
    await app.page.getByRole('tab', { name: 'Scenarios' }).click();
    await app.page.getByLabel(/By name/).check();
    await app.page.getByLabel('Scenario name').fill('');
    await app.page.getByRole('alert').filter({ hasText: 'Scenario name: enter a name' }).waitFor();
    expect(await app.page.getByRole('button', { name: 'Run selected scenario' }).isDisabled()).toBe(true);
  });
});
