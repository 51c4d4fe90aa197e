import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { apiOp } from '../../helpers/serve';
import { ROOT } from '../../helpers/tmp';

/**
 * A run that is still running: Analysis follows it (progress, Cancel, results when it ends) and
 * Cancel says "Cancelling…" at once. Runs are sized to last a few seconds on one worker.
 */
describe('running runs in Chromium (serve mode)', () => {
  const app = useApp({ page: { viewport: { width: 1400, height: 1000 } } });

  beforeAll(async () => {
    // 2000 members × 520 weeks: a few tenths of a second per member run.
    await app.page.goto(app.served.url + '/#/simulate');
    await app.page.getByLabel('Number of members').fill('2000');
    await app.page.getByLabel('Simulation duration (weeks)').fill('520');
  });

  /** Starts a Monte Carlo from its section and waits for its first progress event (the run is stored by then). */
  async function startMonteCarlo(runs: number) {
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /Monte Carlo/ }).click();
    await app.page.locator('main h1', { hasText: 'Monte Carlo' }).waitFor();
    await app.page.getByLabel('Runs').fill(String(runs));
    await app.page.getByLabel('Workers').fill('1');
    await app.page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    await app.page.getByRole('group', { name: 'Monte Carlo progress' }).getByText(new RegExp(` / ${runs} runs`)).waitFor({ timeout: 30_000 });
  }
  /**
   * Clicks Cancel and checks that the very next render shows a disabled "Cancelling…" button. A
   * mutation observer records it: the job may stop a moment later and the button go away.
   */
  async function expectCancellingAtOnce(cancel: Locator) {
    await cancel.evaluate((btn) => {
      const w = window as unknown as { seenCancelling?: boolean; cancelWatch?: MutationObserver };
      w.seenCancelling = false;
      const check = () => {
        for (const b of document.querySelectorAll('button')) if (b.textContent === 'Cancelling…' && b.disabled) w.seenCancelling = true;
      };
      w.cancelWatch = new MutationObserver(check);
      w.cancelWatch.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      (btn as HTMLButtonElement).click();
      check();
    });
    const seen = await app.page.evaluate(
      () =>
        new Promise<boolean>((r) =>
          requestAnimationFrame(() => {
            const w = window as unknown as { seenCancelling: boolean; cancelWatch: MutationObserver };
            w.cancelWatch.disconnect();
            r(w.seenCancelling);
          }),
        ),
    );
    expect(seen).toBe(true);
  }
  const selectedRun = () => app.page.locator('#an-run option:checked').textContent();
  /** The id of the CLI's run while it is stored as running, else null. */
  const cliRun = async () => {
    const body = await apiOp(app.page, 'runs.list', { search: 'from the CLI' });
    return body.ok ? ((body.output as { id: number; status: string }[]).find((r) => r.status === 'running')?.id ?? null) : null;
  };

  it('Monte Carlo: Cancel turns at once into a disabled "Cancelling…" until the job stops', async () => {
    await startMonteCarlo(200);
    const group = app.page.getByRole('group', { name: 'Monte Carlo progress' });
    await expectCancellingAtOnce(group.getByRole('button', { name: 'Cancel (keep finished runs)' }));
    await app.page.getByRole('status').filter({ hasText: /Cancelled: kept \d+ of 200 runs|Cancelled before any run finished: nothing was kept/ }).waitFor({ timeout: 60_000 });
    expect(await app.page.locator('main [role=alert]').count()).toBe(0);
    expect(await group.count()).toBe(0);
  });

  it('Analysis of a Monte Carlo still running here shows its progress and Cancel, then loads the results by itself', async () => {
    await startMonteCarlo(30);
    await app.page.keyboard.press('Alt+2');
    await app.page.locator('main h1', { hasText: 'Analysis' }).waitFor();
    // The heading renders before the run picker has its list: wait for the selected run.
    await expect.poll(selectedRun, { timeout: 10_000 }).toMatch(/^#\d+/);
    const runId = /^#(\d+)/.exec((await selectedRun()) ?? '')![1];
    await expect.poll(selectedRun).toMatch(/\(running\)/);
    const group = app.page.getByRole('group', { name: `Run #${runId} progress` });
    await group.waitFor({ timeout: 10_000 });
    expect(await group.getByRole('status').textContent()).toMatch(/^\d+ \/ 30 runs/);
    expect(await group.getByRole('button', { name: 'Cancel (keep finished runs)' }).count()).toBe(1);
    expect(await app.page.getByText(/has no results/).count()).toBe(0);
    // No reload, no navigation: the finished set appears and the picker's label follows.
    // The set's default name says "30 runs" (the details then do not count them again).
    await app.page.locator('main p.muted', { hasText: 'Monte Carlo' }).filter({ hasText: /\b30 runs\b/ }).first().waitFor({ timeout: 90_000 });
    expect(await group.count()).toBe(0);
    // Key metrics show each mean with its p5–p95 range across the runs, visibly (not in a tooltip).
    const avgB = app.page.locator('table.key-metrics tr', { hasText: 'Average wealth' }).locator('td.num').nth(1);
    expect(await avgB.innerText()).toMatch(/^\$[\d,]+\s+p5–p95 \$[\d,]+ – \$[\d,]+$/);
    await expect.poll(selectedRun, { timeout: 10_000 }).toMatch(new RegExp(`^#${runId} .*\\(done\\)$`));
  });

  it('Cancel in Analysis stops the job, says "Cancelling…" meanwhile, and shows the runs kept', async () => {
    await startMonteCarlo(200);
    await app.page.keyboard.press('Alt+2');
    await app.page.locator('main h1', { hasText: 'Analysis' }).waitFor();
    // The heading renders before the run picker has its list: wait for the selected run.
    await expect.poll(selectedRun, { timeout: 10_000 }).toMatch(/^#\d+/);
    const runId = /^#(\d+)/.exec((await selectedRun()) ?? '')![1];
    const group = app.page.getByRole('group', { name: `Run #${runId} progress` });
    await expectCancellingAtOnce(group.getByRole('button', { name: 'Cancel (keep finished runs)' }));
    // The set's default name says "N of 200 runs (cancelled)" (the details then do not repeat it).
    await app.page.locator('main p.muted strong, main [role=status], main .callout').filter({ hasText: /of 200 runs \(cancelled\)|cancelled \(partial set\)|has no results \(status cancelled\)/ }).first().waitFor({ timeout: 60_000 });
    await expect.poll(selectedRun, { timeout: 10_000 }).toMatch(/\(cancelled\)$/);
  });

  it('after a reload, Analysis can still cancel a Monte Carlo this app is computing', async () => {
    await startMonteCarlo(200);
    await app.page.reload();
    await app.page.locator('main h1', { hasText: 'Monte Carlo' }).waitFor();
    await app.page.goto(app.served.url + '/#/analysis');
    await app.page.locator('main h1', { hasText: 'Analysis' }).waitFor();
    await expect.poll(selectedRun, { timeout: 10_000 }).toMatch(/^#\d+ .*\(running\)$/);
    const runId = /^#(\d+)/.exec((await selectedRun()) ?? '')![1];
    const group = app.page.getByRole('group', { name: `Run #${runId} progress` });
    await app.page.getByText(/started before this page loaded/).waitFor();
    await group.getByRole('button', { name: 'Cancel (keep finished runs)' }).click();
    // The set's default name says "N of 200 runs (cancelled)" (the details then do not repeat it).
    await app.page.locator('main p.muted strong, main [role=status], main .callout').filter({ hasText: /of 200 runs \(cancelled\)|cancelled \(partial set\)|has no results \(status cancelled\)/ }).first().waitFor({ timeout: 60_000 });
    await expect.poll(selectedRun, { timeout: 10_000 }).toMatch(/\(cancelled\)/);
  });

  it('Analysis of a run started by the CLI (no progress stream) polls it and loads the results when it is done', async () => {
    const cli = spawn(process.execPath, [path.join(ROOT, 'out/main/cli.js'), '--data-dir', app.dir, 'simulate', '--members', '2000', '--weeks', '1040', '--runs', '24', '--workers', '1', '--name', 'from the CLI', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    cli.stdout!.on('data', (c) => (out += c));
    cli.stderr!.resume();
    const exited = new Promise<number | null>((resolve) => cli.on('close', resolve));
    try {
      // Wait until the CLI has stored its run, then open it.
      await expect.poll(cliRun, { timeout: 30_000, interval: 100 }).not.toBeNull();
      const runId = (await cliRun())!;
      await app.page.goto(`${app.served.url}/#/analysis?run=${runId}`);
      await app.page.locator('main h1', { hasText: 'Analysis' }).waitFor();
      const group = app.page.getByRole('group', { name: `Run #${runId} progress` });
      await group.waitFor({ timeout: 10_000 });
      await app.page.getByText(/started before this page loaded, in another window or from the CLI/).waitFor();
      // Another process's job: Cancel says where to stop it, and the run goes on.
      await group.getByRole('button', { name: 'Cancel (keep finished runs)' }).click();
      await app.page.getByRole('alert').filter({ hasText: `Cannot cancel run #${runId}: run ${runId} is being computed by another process (e.g. the CLI); stop it there` }).waitFor();
      // The count follows the stored runs. On an idle machine the run can end between two polls (the
      // group then goes away): reading the count must not wait for a status that is gone.
      await expect
        .poll(async () => {
          const status = group.getByRole('status');
          if ((await status.count()) === 0) return (await app.page.getByText('Monte Carlo, 24 of 24 runs').count()) ? 24 : -1;
          return Number(/^(\d+) \/ 24/.exec((await status.textContent({ timeout: 1000 }).catch(() => '')) ?? '')?.[1] ?? -1);
        }, { timeout: 60_000 })
        .toBeGreaterThan(0);
      expect(await exited).toBe(0);
      expect(JSON.parse(out).runId).toBe(runId);
      await app.page.getByText('Monte Carlo, 24 of 24 runs').waitFor({ timeout: 5000 });
      await expect.poll(selectedRun, { timeout: 5000 }).toMatch(/\(done\)$/);
    } finally {
      if (cli.exitCode === null) cli.kill('SIGKILL');
    }
  });
});
