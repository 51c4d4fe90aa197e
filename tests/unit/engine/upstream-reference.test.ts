// Our engine's run-to-run distributions against the original model's (upstream-reference.fixture.ts: 1000 runs
// of upstream pmoves_backend / pmoves-nextjs, spec §3.2 and §3.3), metric by metric at weeks 1, 52 and 156.
//
// An independent cross-check (400 of our runs per configuration, 30 seeds tried) found no difference beyond the
// §7 fixes: across 234 checks per seed the largest |z| was 3.7 and the sd ratios stayed within 0.82…1.26. The
// bounds below (|z| < 4.5, sd ratio 0.75…1.33) leave that margin, so a change to a §3 rule that moves a mean or a
// spread by a few standard errors fails here. Left out on purpose (§7 fixes, documented in metrics.ts/nextjs.ts):
// RiskResilience (we clamp its stability term), WealthGap (+∞ upstream, null here), the P1 placeholder metrics,
// and nextjs configurations where the fixed T1 items 9–13 change the rules (stress, σ > 0.75, high inequality).
import { describe, expect, it } from 'vitest';
import { M, runSimulation, type MetricName } from '../../../src-shared/engine';
import { UPSTREAM_REFERENCE } from './upstream-reference.fixture';

const RUNS = 400;
const SEED = 1;

describe('distributions agree with the original model (upstream runs, fixture)', () => {
  for (const ref of UPSTREAM_REFERENCE) {
    it(`${ref.model} · ${ref.name}: mean within 4.5 standard errors and sd within ×0.75…1.33 (${ref.source})`, () => {
      const cells = Object.entries(ref.stats).flatMap(([m, byWeek]) => Object.keys(byWeek).map((w) => ({ m: m as MetricName, w: Number(w) })));
      const sum = new Float64Array(cells.length);
      const sum2 = new Float64Array(cells.length);
      for (let r = 0; r < RUNS; r++) {
        const s = runSimulation(ref.params, { seed: SEED, runIndex: r, model: ref.model });
        cells.forEach(({ m, w }, k) => {
          const v = s.metrics[M[m]][w];
          sum[k] += v;
          sum2[k] += v * v;
        });
      }
      const off: string[] = [];
      cells.forEach(({ m, w }, k) => {
        const mean = sum[k] / RUNS;
        const sd = Math.sqrt(Math.max(0, (sum2[k] - RUNS * mean * mean) / (RUNS - 1)));
        const [um, us] = ref.stats[m][w];
        const se = Math.hypot(sd / Math.sqrt(RUNS), us / Math.sqrt(ref.runs));
        const z = se > 0 ? (mean - um) / se : 0;
        const ratio = us > 0 ? sd / us : 1;
        if (!(Math.abs(z) < 4.5) || !(ratio > 0.75 && ratio < 1.33)) off.push(`${m} week ${w}: ours ${mean.toPrecision(6)} ± sd ${sd.toPrecision(4)}, upstream ${um} ± sd ${us} (z ${z.toFixed(2)}, sd ratio ${ratio.toFixed(3)})`);
      });
      expect(off).toEqual([]);
    });
  }
});
