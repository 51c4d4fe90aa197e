// Chain view in Chromium (serve mode): start a node from the UI, deploy, see the five addresses, see a
// contract-in-the-loop run's on-chain metrics, stop the node, and check no hardhat process is left behind, also
// when serve exits while its node is running.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { apiOp, axeSeriousViolations } from '../../helpers/serve';
import { ROOT } from '../../helpers/tmp';

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
  const pids: number[] = [];
  const app = useApp({
    prefix: 'wb-e2e-chain-',
    page: { viewport: { width: 1400, height: 1000 } },
    before: () => fs.mkdirSync(SHOTS, { recursive: true }),
    after: () => {
      for (const pid of pids) if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    },
  });

  const state = () => app.page.getByTestId('chain-state').textContent();

  it('Simulate with Contracts = hardhat and no node: fails by default; "use the model if no node runs" mirrors on the model and Analysis says so', async () => {
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Simulate', exact: true }).click();
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    await app.page.getByLabel('Number of members').fill('10');
    await app.page.getByLabel('Simulation duration (weeks)').fill('8');
    await app.page.getByLabel('Runs', { exact: true }).fill('1');
    await app.page.getByLabel('Contracts').selectOption('hardhat');
    const fallback = app.page.getByLabel('use the model if no node runs');
    expect(await fallback.isChecked()).toBe(false);
    await app.page.getByRole('button', { name: 'Run simulation' }).click();
    await expect.poll(() => app.page.locator('main [role="alert"]').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/no local Hardhat node is running\. Start the node in the Chain view/));
    await fallback.check();
    await app.page.getByRole('button', { name: 'Run simulation' }).click();
    await app.page.locator('main h1', { hasText: 'Analysis' }).waitFor({ timeout: 60_000 });
    const warn = app.page.getByRole('status').filter({ hasText: 'Contract mirror: Hardhat was not usable' });
    await warn.waitFor({ timeout: 30_000 });
    expect(await warn.textContent()).toMatch(/mirrored on the in-process model instead.*no local Hardhat node was running/);
    await app.page.screenshot({ path: path.join(SHOTS, 'simulate-chain-fallback.png') });
  });

  it('starts the node, deploys, shows the addresses and a run’s on-chain metrics, then stops it with no orphan', async () => {
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Chain', exact: true }).click();
    await expect.poll(() => app.page.locator('main h1').first().textContent(), { timeout: 20_000 }).toBe('Chain');
    await expect.poll(state, { timeout: 20_000 }).toBe('stopped');
    expect(await app.page.getByRole('button', { name: 'Stop node' }).isDisabled()).toBe(true);

    await app.page.getByRole('button', { name: 'Start node' }).click();
    await app.page.getByText(/Starting the Hardhat node/).waitFor({ timeout: 10_000 });
    await expect.poll(state, { timeout: 120_000, interval: 500 }).toBe('running');
    const st = (await apiOp(app.page, 'chain.status', {})) as { ok: boolean; output: { node: { pid: number; ownedByThisProcess: boolean } } };
    const node = st.output.node;
    expect(node.ownedByThisProcess).toBe(true);
    pids.push(node.pid);
    expect(groupAlive(node.pid)).toBe(true);

    await app.page.getByRole('button', { name: 'Deploy contracts' }).click();
    const table = app.page.getByRole('table', { name: 'Contract addresses' });
    await table.waitFor({ timeout: 120_000 });
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(5);
    for (const name of ['GroToken', 'FoodUSD', 'GroVault', 'CoopGovernor', 'GroupPurchase']) expect(rows.join('\n')).toContain(name);
    for (const r of rows) expect(r).toMatch(/0x[0-9a-fA-F]{40}/);
    // At 1280 px the addresses ran past their card's right border: they scroll inside their own box.
    await app.page.setViewportSize({ width: 1280, height: 800 });
    const inside = await table.evaluate((t) => {
      const card = t.closest('section, .card, article') ?? t.parentElement!.parentElement!;
      return t.closest('[role=region]')!.getBoundingClientRect().right <= card.getBoundingClientRect().right + 0.5;
    });
    await app.page.setViewportSize({ width: 1400, height: 1000 });
    expect(inside).toBe(true);
    await app.page.getByRole('table', { name: 'Recent contract events' }).waitFor({ timeout: 30_000 }).catch(() => undefined);

    // A contract-in-the-loop run (model adapter) shows up with its staked/turnout chart.
    const run = await apiOp(app.page, 'sim.run', { params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 12 }, seed: 3, chain: 'model', name: 'chain e2e' });
    expect((run as { ok: boolean; output: { doc: { chain: { mode: string } } } }).output.doc.chain.mode).toBe('model');
    await app.page.getByRole('button', { name: 'Refresh' }).click();
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Simulate', exact: true }).click();
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Chain', exact: true }).click();
    await app.page.getByLabel('Run', { exact: true }).waitFor({ timeout: 20_000 });
    await app.page.getByText(/replay of the stored log: match/).waitFor({ timeout: 20_000 });
    await app.page.locator('figure[aria-label="GRO staked and voting turnout per week"] .chart-area[data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(await axeSeriousViolations(app.page)).toEqual([]);
    await app.page.screenshot({ path: path.join(SHOTS, 'chain.png'), fullPage: true });
    // Its analysis says how long the simulation and the contract mirror each took.
    const runId = (run as { output: { runId: number } }).output.runId;
    await app.page.goto(`${app.page.url().split('#')[0]}#/analysis?run=${runId}`);
    await expect.poll(async () => (await app.page.locator('main p.muted').first().textContent()) ?? '', { timeout: 20_000 }).toMatch(/computed in \d+\.\d\d s \(simulation \d+\.\d\d s, model contract mirror \d+\.\d\d s\)/);
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Chain', exact: true }).click();
    await expect.poll(() => app.page.locator('main h1').first().textContent(), { timeout: 20_000 }).toBe('Chain');

    await app.page.getByRole('button', { name: 'Stop node' }).click();
    await expect.poll(state, { timeout: 30_000, interval: 500 }).toBe('stopped');
    expect(await waitGone(node.pid, 10_000)).toBe(true);
    expect(await app.page.getByRole('button', { name: 'Start node' }).isDisabled()).toBe(false);
  });

  it('a node started from the UI does not outlive serve', async () => {
    await app.page.getByRole('button', { name: 'Start node' }).click();
    await expect.poll(state, { timeout: 120_000, interval: 500 }).toBe('running');
    const st = (await apiOp(app.page, 'chain.status', {})) as { output: { node: { pid: number } } };
    const pid = st.output.node.pid;
    pids.push(pid);
    await app.browser.close();
    await app.served.stop(); // SIGTERM
    expect(await waitGone(pid, 15_000)).toBe(true);
  });
});
