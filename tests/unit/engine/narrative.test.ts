import { describe, expect, it } from 'vitest';
import { M, METRIC_NAMES } from '../../../src-shared/engine/metrics';
import { buildNarrative } from '../../../src-shared/engine/narrative';

/** Columns for `weeks` weeks, every metric 1, with the given metrics running linearly from → to. */
function cols(weeks: number, ramps: Partial<Record<keyof typeof M, [number, number]>>): Float64Array[] {
  const out = METRIC_NAMES.map(() => new Float64Array(weeks + 1).fill(1));
  for (const [name, [from, to]] of Object.entries(ramps) as [keyof typeof M, [number, number]][]) {
    for (let w = 0; w <= weeks; w++) out[M[name]][w] = from + ((to - from) * w) / weeks;
  }
  return out;
}

describe('narrative wording', () => {
  it('rounds a rate as the report tables do: a final poverty rate of 0.0115 reads 1.2% (toFixed wrote 1.1% beside the tables\' 1.2%)', async () => {
    const { formatValue } = await import('../../../src-shared/report/format');
    const n = buildNarrative(cols(12, { PovertyRate_B: [0.021375, 0.0115] }), 12, []);
    expect(formatValue(0.0115, { type: 'percent' })).toBe('1.2%');
    expect(n.key_findings.community_health.poverty).toBe('Poverty rate in Scenario B decreased (2.1% → 1.2%).');
    expect(n.key_findings.community_health.details).toContain('Scenario B 1.2%');
  });
  it('a Gini change is an absolute change in Gini units with the relative change beside it, not "12.0%"', () => {
    const n = buildNarrative(cols(12, { Gini_B: [0.347, 0.227] }), 12, []);
    expect(n.key_findings.equality_measures.gini).toBe('Gini B fell by 0.120 (−34.6%), from 0.347 to 0.227.');
    expect(buildNarrative(cols(12, { Gini_B: [0.2, 0.25] }), 12, []).key_findings.equality_measures.gini).toBe('Gini B rose by 0.050 (+25.0%), from 0.200 to 0.250.');
    expect(buildNarrative(cols(12, { Gini_B: [0.3, 0.3] }), 12, []).key_findings.equality_measures.gini).toBe('Gini B was unchanged, from 0.300 to 0.300.');
  });

  it('the resilience finding and the conclusion use the same threshold', () => {
    const small = buildNarrative(cols(12, { CommunityResilience: [0.98, 1] }), 12, []);
    expect(small.key_findings.community_health.resilience).toBe('Community resilience shows little change (0.980 → 1.000).');
    expect(small.conclusion).toMatch(/ and resilience neutral\. /);
    const up = buildNarrative(cols(12, { CommunityResilience: [0.9, 1] }), 12, []);
    expect(up.key_findings.community_health.resilience).toBe('Community resilience shows improvement (0.900 → 1.000).');
    expect(up.conclusion).toMatch(/ and more resilient\. /);
    const down = buildNarrative(cols(12, { CommunityResilience: [1, 0.9] }), 12, []);
    expect(down.key_findings.community_health.resilience).toBe('Community resilience shows challenges (1.000 → 0.900).');
    expect(down.conclusion).toMatch(/ and less resilient\. /);
  });
});
