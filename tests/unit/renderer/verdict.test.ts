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

/** A single run with the given final means (A, B) of the four card metrics; both start (week 0) at A's final average wealth. */
function levels(avg: [number, number], gini: [number, number], pov: [number, number]): RunDoc {
  const f = (mean: number) => ({ n: 1, mean, sd: 0, p5: mean, p50: mean, p95: mean });
  return {
    kind: 'single',
    completedRuns: 1,
    weekly: { AvgWealth_A: [avg[0]], AvgWealth_B: [avg[0]] },
    final: { AvgWealth_A: f(avg[0]), AvgWealth_B: f(avg[1]), Gini_A: f(gini[0]), Gini_B: f(gini[1]), PovertyRate_A: f(pov[0]), PovertyRate_B: f(pov[1]) },
  } as unknown as RunDoc;
}

describe('overall verdict with metrics that do not differ', () => {
  it('identical A and B: neither outperforms (a tie was counted against B: "A outperforms B")', () => {
    const v = verdictOf(levels([13624.45, 13624.45], [0.2625, 0.2625], [0.02, 0.02]));
    expect(v.text).toBe('Neither model outperforms the other in this run: none of the 4 metrics differs.');
    expect(v.tally).toBe('B is better on 0 of 4 metrics.');
    expect([v.wins, v.losses, v.level]).toEqual([0, 0, 4]);
  });
  it('B better on one metric, the rest level: B outperforms, and the tally says how many are level', () => {
    const v = verdictOf(levels([1, 1], [0.3, 0.3], [0.05, 0.02]));
    expect(v.text).toBe('The cooperative model (B) outperforms the traditional model (A) in this run.');
    expect(v.tally).toBe('B is better on 1 of 4 metrics; 3 show no difference.');
  });
  it('a difference that rounds to nothing on its card ("$0", "0.000") is level, as the card says', () => {
    const v = verdictOf(levels([1000, 1000.2], [0.26241, 0.26239], [0.02, 0.04]));
    expect(v.items.map((i) => i.shown)).toEqual(['$0', '0.0 pts', '0.000', '+2.0 pts']);
    expect(v.items.map((i) => i.tone)).toEqual(['', '', '', 'bad']);
    expect(v.text).toBe('The traditional model (A) outperforms the cooperative model (B) in this run.');
    expect(v.tally).toBe('B is better on 0 of 4 metrics; 3 show no difference.');
  });
  it('a rate difference gets a decimal more when the shown rates would suggest another one', () => {
    // 9.0% and 0.2% on the card: "−8.9 pts" read wrong (9.0 − 0.2 = 8.8); the exact −8.88 does not.
    const v = verdictOf(levels([1, 2], [0.3, 0.2], [0.0904, 0.0016]));
    expect(v.items.find((i) => i.key === 'Poverty')!.shown).toBe('−8.88 pts');
    // When the shown rates agree with the rounded difference, one decimal as before.
    expect(verdictOf(levels([1, 2], [0.3, 0.2], [0.09, 0.002])).items.find((i) => i.key === 'Poverty')!.shown).toBe('−8.8 pts');
  });
  it('without level metrics the wording is the upstream one (share of B wins of 4)', () => {
    expect(verdictOf(levels([1, 2], [0.3, 0.2], [0.02, 0.04])).text).toBe('The cooperative model (B) outperforms the traditional model (A) in this run.');
    expect(verdictOf(levels([1, 2], [0.3, 0.4], [0.02, 0.04])).text).toBe('The cooperative model (B) moderately outperforms the traditional model (A) in this run.');
    expect(verdictOf(levels([2, 1], [0.3, 0.2], [0.02, 0.04])).text).toBe('The traditional model (A) slightly outperforms the cooperative model (B) in this run.');
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
