import type { Page } from 'playwright-core';

/** Loads `url` and waits for the view whose heading (main h1) contains `h1`. */
export async function gotoView(page: Page, url: string, h1: string): Promise<void> {
  await page.goto(url);
  await page.locator('main h1', { hasText: h1 }).waitFor();
}

/** Opens a section from the navigation, as a user clicks it, and waits for its heading. */
export async function openSection(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
  await page.locator('main h1', { hasText: name }).waitFor();
}

/**
 * A user's 1000 × 260 single run from Simulate (defaults otherwise) into Analysis. Returns the ms from
 * the run's response to Analysis showing its summary and a drawn chart: the UI budget's "renders
 * its analysis < 1.5 s after it finishes" (bench/ui.ts reports it; the e2e suite runs the flow).
 */
export async function runIntoAnalysis(page: Page, origin: string, members = 1000, weeks = 260): Promise<number> {
  await page.goto(origin + '/#/simulate');
  await page.locator('main h1', { hasText: 'Simulate' }).waitFor();
  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  await page.getByLabel('Number of members').fill(String(members));
  await page.getByLabel('Simulation duration (weeks)').fill(String(weeks));
  await page.getByLabel('Runs', { exact: true }).fill('1');
  const resp = page.waitForResponse((r) => r.url().includes('/api/op/sim.run'), { timeout: 120_000 });
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await resp;
  const t0 = performance.now();
  await page.locator('main h1', { hasText: 'Analysis' }).waitFor();
  await page.getByText('Overall result:').waitFor();
  await page.locator('.chart-area[data-ready="true"]').first().waitFor({ timeout: 60_000 });
  return performance.now() - t0;
}
