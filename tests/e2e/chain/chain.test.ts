// Chain view in Chromium (serve mode): start a node from the UI, deploy, see the five addresses, see a
// contract-in-the-loop run's on-chain metrics, stop the node, and check no hardhat process is left behind, also
// when serve exits while its node is running.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, axeSeriousViolations, type Served } from '../../helpers/serve';
import { ROOT, tmpDir } from '../../helpers/tmp';

const SHOTS = path.join(ROOT, 'test-results/screenshots');

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitGone = async (pid: number, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end && groupAlive(pid)) await new Promise((r) => setTimeout(r, 200));
  return !groupAlive(pid);
};

describe('Chain view in Chromium (serve mode)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const tmp = tmpDir('wb-e2e-chain-');
  const pids: number[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    ({ served, browser, page } = await openApp(tmp.dir, { page: { viewport: { width: 1400, height: 1000 } } }));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    for (const pid of pids) if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    tmp.cleanup();
  });

  const api = (op: string, input: unknown) =>
    page.evaluate(
      async ([o, i]) => (await fetch(`/api/op/${o}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: i }) })).json(),
      [op, input] as const,
    );
  const state = () => page.getByTestId('chain-state').textContent();

  it('Simulate with Contracts = hardhat and no node: fails by default; "use the model if no node runs" mirrors on the model and Analysis says so', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Simulate', exact: true }).click();
    await page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    await page.getByLabel('Number of members').fill('10');
    await page.getByLabel('Simulation duration (weeks)').fill('8');
    await page.getByLabel('Runs', { exact: true }).fill('1');
    await page.getByLabel('Contracts').selectOption('hardhat');
    const fallback = page.getByLabel('use the model if no node runs');
    expect(await fallback.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await expect.poll(() => page.locator('main [role="alert"]').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/no local Hardhat node is running\. Start the node in the Chain view/));
    await fallback.check();
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.locator('main h1', { hasText: 'Analysis' }).waitFor({ timeout: 60_000 });
    const warn = page.getByRole('status').filter({ hasText: 'Contract mirror: Hardhat was not usable' });
    await warn.waitFor({ timeout: 30_000 });
    expect(await warn.textContent()).toMatch(/mirrored on the in-process model instead.*needs a running chain node/);
    await page.screenshot({ path: path.join(SHOTS, 'simulate-chain-fallback.png') });
  });

  it('starts the node, deploys, shows the addresses and a run’s on-chain metrics, then stops it with no orphan', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Chain', exact: true }).click();
    await expect.poll(() => page.locator('main h1').first().textContent(), { timeout: 20_000 }).toBe('Chain');
    await expect.poll(state, { timeout: 20_000 }).toBe('stopped');
    expect(await page.getByRole('button', { name: 'Stop node' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Start node' }).click();
    await page.getByText(/Starting the Hardhat node/).waitFor({ timeout: 10_000 });
    await expect.poll(state, { timeout: 120_000, interval: 500 }).toBe('running');
    const st = (await api('chain.status', {})) as { ok: boolean; output: { node: { pid: number; ownedByThisProcess: boolean } } };
    const node = st.output.node;
    expect(node.ownedByThisProcess).toBe(true);
    pids.push(node.pid);
    expect(groupAlive(node.pid)).toBe(true);

    await page.getByRole('button', { name: 'Deploy contracts' }).click();
    const table = page.getByRole('table', { name: 'Contract addresses' });
    await table.waitFor({ timeout: 120_000 });
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(5);
    for (const name of ['GroToken', 'FoodUSD', 'GroVault', 'CoopGovernor', 'GroupPurchase']) expect(rows.join('\n')).toContain(name);
    for (const r of rows) expect(r).toMatch(/0x[0-9a-fA-F]{40}/);
    // At 1280 px the addresses ran past their card's right border: they scroll inside their own box.
    await page.setViewportSize({ width: 1280, height: 800 });
    const inside = await table.evaluate((t) => {
      const card = t.closest('section, .card, article') ?? t.parentElement!.parentElement!;
      return t.closest('[role=region]')!.getBoundingClientRect().right <= card.getBoundingClientRect().right + 0.5;
    });
    await page.setViewportSize({ width: 1400, height: 1000 });
    expect(inside).toBe(true);
    await page.getByRole('table', { name: 'Recent contract events' }).waitFor({ timeout: 30_000 }).catch(() => undefined);

    // A contract-in-the-loop run (model adapter) shows up with its staked/turnout chart.
    const run = await api('sim.run', { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 12 }, seed: 3, chain: 'model', name: 'chain e2e' });
    expect((run as { ok: boolean; output: { doc: { chain: { mode: string } } } }).output.doc.chain.mode).toBe('model');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Simulate', exact: true }).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Chain', exact: true }).click();
    await page.getByLabel('Run', { exact: true }).waitFor({ timeout: 20_000 });
    await page.getByText(/replay of the stored log: match/).waitFor({ timeout: 20_000 });
    await page.locator('figure[aria-label="GRO staked and voting turnout per week"] .chart-area[data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(await axeSeriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'chain.png'), fullPage: true });
    // Its analysis says how long the simulation and the contract mirror each took.
    const runId = (run as { output: { runId: number } }).output.runId;
    await page.goto(`${page.url().split('#')[0]}#/analysis?run=${runId}`);
    await expect.poll(async () => (await page.locator('main p.muted').first().textContent()) ?? '', { timeout: 20_000 }).toMatch(/computed in \d+\.\d\d s \(simulation \d+\.\d\d s, model contract mirror \d+\.\d\d s\)/);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Chain', exact: true }).click();
    await expect.poll(() => page.locator('main h1').first().textContent(), { timeout: 20_000 }).toBe('Chain');

    await page.getByRole('button', { name: 'Stop node' }).click();
    await expect.poll(state, { timeout: 30_000, interval: 500 }).toBe('stopped');
    expect(await waitGone(node.pid, 10_000)).toBe(true);
    expect(await page.getByRole('button', { name: 'Start node' }).isDisabled()).toBe(false);
  });

  it('a node started from the UI does not outlive serve', async () => {
    await page.getByRole('button', { name: 'Start node' }).click();
    await expect.poll(state, { timeout: 120_000, interval: 500 }).toBe('running');
    const st = (await api('chain.status', {})) as { output: { node: { pid: number } } };
    const pid = st.output.node.pid;
    pids.push(pid);
    await browser.close();
    await served.stop(); // SIGTERM
    expect(await waitGone(pid, 15_000)).toBe(true);
  });
});
