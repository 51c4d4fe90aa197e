import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';

// What an analyst types that is not a number must be named as such, and the Monte Carlo band
// charts must say what their y axis measures.
describe('Projections: unparseable numbers and the Monte Carlo band axes (serve mode)', () => {
  const app = useApp({ page: { viewport: { width: 1400, height: 1000 } } });

  beforeAll(async () => {
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Projections', exact: true }).click();
    await app.page.getByRole('table', { name: 'Model ranking' }).waitFor({ timeout: 30_000 });
  });

  const typeInto = async (label: string, text: string) => {
    const f = app.page.getByLabel(label, { exact: true });
    await f.click();
    await f.press('ControlOrMeta+a');
    await f.pressSequentially(text);
    return f;
  };

  it('"1e" in a model field is "must be a number (got …)", not "is required"', async () => {
    const rate = await typeInto('Participation rate', '1e');
    expect(await rate.inputValue()).toBe('1e');
    await app.page.getByText('Participation rate must be a number (got "1e")').waitFor();
    expect(await app.page.getByText('Participation rate is required').count()).toBe(0);
    expect(await app.page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(true);
    await typeInto('Participation rate', '0.75');
    expect(await app.page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(false);
  });

  it('an optional model field with "1e" blocks Validate instead of being dropped as empty', async () => {
    const f = await typeInto('Token distribution rate', '1e');
    expect(await f.getAttribute('aria-invalid')).toBe('true');
    await app.page.getByText('Token distribution rate must be a number (got "1e")').waitFor();
    expect(await app.page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(true);
    await typeInto('Token distribution rate', '0.6');
    expect(await app.page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(false);
  });

  it('a market scenario cell with "0.5e" names what was typed', async () => {
    await typeInto('Normal Growth: Probability', '0.5e');
    await app.page.getByText('Probability must be a number (got 0.5e)').waitFor();
    expect(await app.page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(true);
    await typeInto('Normal Growth: Probability', '0.5');
    expect(await app.page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(false);
  });

  it('"1e" in the Monte Carlo runs and the calibration population is named, not read as empty', async () => {
    const runs = await typeInto('Runs', '1e');
    expect(await runs.inputValue()).toBe('1e');
    await app.page.getByText('Runs must be an integer between 1 and 20,000; got “1e”').waitFor();
    expect(await app.page.getByRole('button', { name: 'Run Monte Carlo' }).isDisabled()).toBe(true);
    await typeInto('Runs', '50');
    // Empty population means "households seen"; "1e" must not silently mean the same.
    const pop = await typeInto('Population (households)', '1e');
    expect(await pop.getAttribute('aria-invalid')).toBe('true');
    await pop.fill('');
    expect(await pop.getAttribute('aria-invalid')).toBe('false');
  });

  it('the Monte Carlo band charts title their y axes in dollars', async () => {
    await app.page.getByLabel('Model', { exact: true }).selectOption('AI-Enhanced Local Service Business');
    await app.page.getByLabel('Runs', { exact: true }).fill('50');
    await app.page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    const rev = app.page.locator('figure[aria-label^="Weekly revenue bands"]');
    const cum = app.page.locator('figure[aria-label^="Cumulative profit bands"]');
    await rev.locator('.chart-area[data-ready="true"]').waitFor({ timeout: 60_000 });
    await cum.locator('.chart-area[data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(await rev.locator('.ytitle').textContent()).toBe('$ per week');
    expect(await cum.locator('.ytitle').textContent()).toBe('$');
  });
});
