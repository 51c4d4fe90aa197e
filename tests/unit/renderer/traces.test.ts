import { describe, expect, it } from 'vitest';
import { COLOR_A, COLOR_B, PALETTE, seriesColor } from '../../../src-renderer/analytics/traces';

describe('chart series colours', () => {
  it('A is always A\'s colour and B is B\'s, whatever the order', () => {
    expect(seriesColor(['Gini_A', 'Gini_B'], 0)).toBe(COLOR_A);
    expect(seriesColor(['Gini_A', 'Gini_B'], 1)).toBe(COLOR_B);
    expect(seriesColor(['PovertyRate_B', 'PovertyRate_A'], 0)).toBe(COLOR_B);
    expect(seriesColor(['PovertyRate_B', 'PovertyRate_A'], 1)).toBe(COLOR_A);
    expect(seriesColor(['WealthQuintiles_A_P20'], 0)).toBe(COLOR_A);
  });

  it('two B-only series never take A\'s colour and never share one', () => {
    const m = ['CommunityResilience', 'RiskResilience'];
    const c = m.map((_, i) => seriesColor(m, i));
    expect(c[0]).toBe(COLOR_B);
    expect(c).not.toContain(COLOR_A);
    expect(new Set(c).size).toBe(2);
    expect(c[1]).toBe(PALETTE[2]);
  });
});
