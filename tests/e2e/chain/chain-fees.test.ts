// The Chain page's final-week list shows the co-op fee paid into the treasury (the chain metrics'
// fusdFees, summed over the run) and the treasury's balance (fusdTreasury), as the run report does;
// they were computed and stored but not on the page. No node is needed: the model adapter's run.
import { describe, expect, it } from 'vitest';
import { useApp } from '../../helpers/app';
import { apiOp, axeSeriousViolations } from '../../helpers/serve';

describe('Chain page: co-op fees and treasury (serve + Chromium, dark)', () => {
  const app = useApp({ prefix: 'wb-e2e-chain-fees-', page: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' } });

  it('lists the fees paid to the treasury and its balance in FUSD, beside refunds and holders', async () => {
    // 30 members × 10 weeks × $4 fee = $1,200 paid to the treasury.
    const input = { params: { NUM_MEMBERS: 30, SIMULATION_WEEKS: 10, WEEKLY_COOP_FEE_B: 4, INITIAL_WEALTH_MEAN_LOG: Math.log(3000) }, seed: 11, chain: 'model', name: 'fees e2e' };
    const res = (await apiOp(app.page, 'sim.run', input)) as { output: { doc: { chain: { metrics: { tokens: { fusdFees?: string; fusdTreasury?: string } }[] } } } };
    const metrics = res.output.doc.chain.metrics;
    const treasury = Number(metrics[metrics.length - 1].tokens.fusdTreasury);
    expect(treasury).toBeGreaterThan(1000);
    const shown = `${treasury.toLocaleString('en-US', { maximumFractionDigits: 2 })} FUSD`;

    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Chain', exact: true }).click();
    const kv = app.page.locator('dl[aria-label="Final-week on-chain metrics"]');
    await kv.waitFor({ timeout: 30_000 });
    // Each term as seen (without its explanation, which is screen-reader text) and its value.
    const pairs = await kv.evaluate((dl) =>
      [...dl.querySelectorAll('dt')].map((dt) => {
        const term = dt.cloneNode(true) as HTMLElement;
        term.querySelectorAll('.tip-text').forEach((t) => t.remove());
        return [term.textContent!.trim(), (dt.nextElementSibling as HTMLElement).textContent!.trim()];
      }),
    );
    const map = Object.fromEntries(pairs);
    expect(map['Co-op fees paid (total)']).toBe(shown);
    expect(map['Treasury balance']).toBe(shown);
    expect(map['Refunds (count / volume)']).toMatch(/ FUSD$/);
    // The last two rows of the list, after the holders.
    expect(pairs.slice(-2).map(([k]) => k)).toEqual(['Co-op fees paid (total)', 'Treasury balance']);
    // Each explanation is a Tab stop that screen readers read (aria-describedby).
    const tip = kv.locator('dt .tip', { hasText: 'Co-op fees paid (total)' });
    await tip.focus();
    expect(await tip.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '')).toMatch(/co-op fee/);
    expect(await axeSeriousViolations(app.page)).toEqual([]);
  });
});
