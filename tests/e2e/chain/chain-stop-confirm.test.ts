// Stop node while a run mirrors its contracts into the node: the Chain view said nothing and the
// run then failed. It now names the run in the node's state and asks before stopping; "Keep the
// node running" (focused first) leaves both alone, "Stop anyway" stops the node and fails the run.
import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { apiOp } from '../../helpers/serve';

describe('Chain view: Stop node asks first while a run uses the node (serve + Chromium)', () => {
  const app = useApp({ prefix: 'wb-e2e-chain-stop-', page: { viewport: { width: 1280, height: 900 } } });

  it('names the run, keeps the node on "Keep the node running", stops it and fails the run on "Stop anyway"', async () => {
    const page = app.page;
    expect((await apiOp(page, 'chain.up', {})).ok).toBe(true);
    // A run long enough to act on while it mirrors (it is stopped below long before its end).
    await page.evaluate(() => {
      (window as unknown as { mirrorRun: Promise<unknown> }).mirrorRun = fetch('/api/op/sim.run', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: { params: { NUM_MEMBERS: 10, SIMULATION_WEEKS: 400 }, chain: 'hardhat', name: 'mirror in progress' } }),
      }).then((r) => r.json());
    });
    let users: (number | null)[] = [];
    await expect
      .poll(async () => (users = (await apiOp(page, 'chain.status', {})).output.node.inUseBy), { timeout: 60_000, interval: 200 })
      .toHaveLength(1);
    const runId = users[0];
    expect(runId).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Chain', exact: true }).click();
    await expect.poll(() => page.getByTestId('chain-state').textContent(), { timeout: 30_000 }).toBe('running');
    expect(await page.getByTestId('chain-in-use').textContent()).toBe(`Run #${runId} mirroring contracts into it`);

    const stop = page.getByRole('button', { name: 'Stop node' });
    await stop.click();
    const confirm = page.getByTestId('chain-stop-confirm');
    await confirm.waitFor();
    expect(await confirm.getAttribute('role')).toBe('alert');
    expect(await confirm.locator('p').textContent()).toBe(
      `Run #${runId} is mirroring its contracts into this node. Stopping the node now fails that run; it can be run again later.`,
    );
    // The safe choice has focus: Enter keeps the node and the run.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Keep the node running');
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stop node');
    expect((await apiOp(page, 'chain.status', {})).output.node).toMatchObject({ running: true, inUseBy: [runId] });

    // Escape in the question answers it as "Keep the node running" does.
    await stop.focus();
    await page.keyboard.press('Enter');
    await confirm.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Keep the node running');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stop anyway');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stop node');
    expect((await apiOp(page, 'chain.status', {})).output.node).toMatchObject({ running: true, inUseBy: [runId] });

    await stop.click();
    await page.getByRole('button', { name: 'Stop anyway' }).click();
    await expect.poll(() => page.getByTestId('chain-state').textContent(), { timeout: 30_000 }).toBe('stopped');
    const outcome = (await page.evaluate(() => (window as unknown as { mirrorRun: Promise<unknown> }).mirrorRun)) as { ok: boolean; error: { code: string; message: string } };
    expect(outcome.ok).toBe(false);
    expect(outcome.error.code).toBe('unavailable');
    expect(outcome.error.message).toMatch(/stopped answering during the run after \d+ of 400 weeks were mirrored/);
    expect((await apiOp(page, 'runs.get', { id: runId })).output.status).toBe('failed');
  }, 180_000);
});
