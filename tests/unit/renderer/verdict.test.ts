import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../../src-renderer/analytics/verdict';
import type { RunDoc } from '../../../src-shared/sim/runDoc';

/** B better on all four metrics. */
function doc(kind: RunDoc['kind'], completedRuns: number, bWins = true): RunDoc {
  const f = (mean: number) => ({ n: completedRuns, mean, sd: 0, p5: mean, p50: mean, p95: mean });
  const [hiB, loB] = bWins ? [2, 0.1] : [0.5, 0.6];
  return {
    kind,
    completedRuns,
    weekly: { AvgWealth_A: [1], AvgWealth_B: [1] },
    final: { AvgWealth_A: f(1), AvgWealth_B: f(hiB), Gini_A: f(0.3), Gini_B: f(loB), PovertyRate_A: f(0.3), PovertyRate_B: f(loB) },
  } as unknown as RunDoc;
}

describe('overall verdict', () => {
  it('a single seeded run is not called significant: "outperforms … in this run"', () => {
    const v = verdictOf(doc('single', 1));
    expect(v.wins).toBe(4);
    expect(v.text).toBe('The cooperative model (B) outperforms the traditional model (A) in this run.');
    expect(verdictOf(doc('single', 1, false)).text).toBe('The traditional model (A) outperforms the cooperative model (B) in this run.');
  });
  it('a Monte Carlo run names the runs it averages and claims no significance (no test of B − A is available)', () => {
    const v = verdictOf(doc('montecarlo', 50));
    expect(v.text).toBe('The cooperative model (B) outperforms the traditional model (A) on the mean of 50 runs.');
    expect(v.text).not.toMatch(/significant/);
    expect(verdictOf(doc('montecarlo', 10752)).text).toBe('The cooperative model (B) outperforms the traditional model (A) on the mean of 10,752 runs.');
  });
});

describe('comparison card values', () => {
  it('Gini is shown to 3 decimals, trailing zeros kept, so 0.240 lines up with 0.262', () => {
    const gini = verdictOf(doc('single', 1)).items.find((i) => i.key === 'Gini')!;
    expect(gini.f(0.24)).toBe('0.240');
    expect(gini.f(0.262)).toBe('0.262');
    expect(gini.f(0.5)).toBe('0.500');
  });
});
