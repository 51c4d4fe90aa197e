import { describe, expect, it } from 'vitest';
import { BAND_METRICS, METRIC_NAMES, MonteCarloAggregator, runSimulation, parseParams } from '../../../src-shared/engine';
import { LINE_CHARTS } from '../../../src-renderer/analytics/lineCharts';

describe('run line charts', () => {
  it('chart only real metrics, and every one gets p5–p95 bands in a Monte Carlo set (no series without its band)', () => {
    const charted = LINE_CHARTS.flatMap((c) => c.metrics.map(([m]) => m));
    for (const m of charted) expect(METRIC_NAMES as readonly string[]).toContain(m);
    expect(charted.filter((m) => !(BAND_METRICS as readonly string[]).includes(m))).toEqual([]);
    // And the aggregate really carries ordered bands for them.
    const params = parseParams({ NUM_MEMBERS: 20, SIMULATION_WEEKS: 12 });
    const agg = new MonteCarloAggregator(12, 20, 80);
    for (let i = 0; i < 80; i++) agg.add(runSimulation(params, { seed: 5, runIndex: i }).metrics, i);
    const r = agg.result();
    expect(charted.filter((m) => !Number.isFinite(r.p50[METRIC_NAMES.indexOf(m as (typeof METRIC_NAMES)[number])][12]))).toEqual([]);
    for (const m of charted) {
      const k = METRIC_NAMES.indexOf(m as (typeof METRIC_NAMES)[number]);
      for (let w = 0; w <= 12; w++) {
        // A metric undefined in a week (EconomicVelocity at week 0, the initial state) has no band there either.
        expect(Number.isFinite(r.p5[k][w]), `${m} p5 week ${w}`).toBe(Number.isFinite(r.mean[k][w]));
        if (!Number.isFinite(r.mean[k][w])) continue;
        expect(r.p5[k][w]).toBeLessThanOrEqual(r.p50[k][w]);
        expect(r.p50[k][w]).toBeLessThanOrEqual(r.p95[k][w]);
      }
    }
  });
});
