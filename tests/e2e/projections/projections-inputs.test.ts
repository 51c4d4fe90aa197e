import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Served } from '../../helpers/serve';
import { tmpDir } from '../../helpers/tmp';

// What an analyst types that is not a number must be named as such, and the Monte Carlo band
// charts must say what their y axis measures.
describe('Projections: unparseable numbers and the Monte Carlo band axes (serve mode)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const tmp = tmpDir();

  beforeAll(async () => {
    ({ served, browser, page } = await openApp(tmp.dir, { page: { viewport: { width: 1400, height: 1000 } } }));
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Projections', exact: true }).click();
    await page.getByRole('table', { name: 'Model ranking' }).waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    tmp.cleanup();
  });

  const typeInto = async (label: string, text: string) => {
    const f = page.getByLabel(label, { exact: true });
    await f.click();
    await f.press('ControlOrMeta+a');
    await f.pressSequentially(text);
    return f;
  };

  it('"1e" in a model field is "must be a number (got …)", not "is required"', async () => {
    const rate = await typeInto('Participation rate', '1e');
    expect(await rate.inputValue()).toBe('1e');
    await page.getByText('Participation rate must be a number (got "1e")').waitFor();
    expect(await page.getByText('Participation rate is required').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(true);
    await typeInto('Participation rate', '0.75');
    expect(await page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(false);
  });

  it('an optional model field with "1e" blocks Validate instead of being dropped as empty', async () => {
    const f = await typeInto('Token distribution rate', '1e');
    expect(await f.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Token distribution rate must be a number (got "1e")').waitFor();
    expect(await page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(true);
    await typeInto('Token distribution rate', '0.6');
    expect(await page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(false);
  });

  it('a market scenario cell with "0.5e" names what was typed', async () => {
    await typeInto('Normal Growth: Probability', '0.5e');
    await page.getByText('Probability must be a number (got 0.5e)').waitFor();
    expect(await page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(true);
    await typeInto('Normal Growth: Probability', '0.5');
    expect(await page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(false);
  });

  it('"1e" in the Monte Carlo runs and the calibration population is named, not read as empty', async () => {
    const runs = await typeInto('Runs', '1e');
    expect(await runs.inputValue()).toBe('1e');
    await page.getByText('Runs must be an integer between 1 and 20,000; got “1e”').waitFor();
    expect(await page.getByRole('button', { name: 'Run Monte Carlo' }).isDisabled()).toBe(true);
    await typeInto('Runs', '50');
    // Empty population means "households seen"; "1e" must not silently mean the same.
    const pop = await typeInto('Population (households)', '1e');
    expect(await pop.getAttribute('aria-invalid')).toBe('true');
    await pop.fill('');
    expect(await pop.getAttribute('aria-invalid')).toBe('false');
  });

  it('the Monte Carlo band charts title their y axes in dollars', async () => {
    await page.getByLabel('Model', { exact: true }).selectOption('AI-Enhanced Local Service Business');
    await page.getByLabel('Runs', { exact: true }).fill('50');
    await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    const rev = page.locator('figure[aria-label^="Weekly revenue bands"]');
    const cum = page.locator('figure[aria-label^="Cumulative profit bands"]');
    await rev.locator('.chart-area[data-ready="true"]').waitFor({ timeout: 60_000 });
    await cum.locator('.chart-area[data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(await rev.locator('.ytitle').textContent()).toBe('$ per week');
    expect(await cum.locator('.ytitle').textContent()).toBe('$');
  });
});
