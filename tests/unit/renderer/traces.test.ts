import { describe, expect, it } from 'vitest';
import { COLOR_A, COLOR_B, PALETTE, seriesColor, textOn } from '../../../src-renderer/analytics/traces';

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

describe('band charts', () => {
  it('draw every band before any mean line, and each band fills to its own p95', async () => {
    const { lineTraces } = await import('../../../src-renderer/analytics/traces');
    const band = { p5: [1, 2], p50: [2, 3], p95: [3, 4] };
    const doc = { weeks: 1, weekly: { Gini_A: [2, 3], Gini_B: [2.5, 3.5] }, bands: { Gini_A: band, Gini_B: band } } as never;
    const t = lineTraces(doc, [{ metric: 'Gini_A', name: 'A', color: COLOR_A }, { metric: 'Gini_B', name: 'B', color: COLOR_B }]);
    expect(t.map((x) => x.name)).toEqual(['A p95', 'A p5–p95', 'B p95', 'B p5–p95', 'A (mean)', 'B (mean)']);
    t.forEach((x, i) => {
      if (x.fill === 'tonexty') expect(t[i - 1].name).toBe(`${String(x.name).split(' ')[0]} p95`);
    });
  });
});

describe('band chart hover', () => {
  it('names each band edge (p5, p95) and the mean in full, never cut to 15 characters', async () => {
    const { lineTraces } = await import('../../../src-renderer/analytics/traces');
    const band = { p5: [1, 2], p50: [2, 3], p95: [3, 4] };
    const doc = { weeks: 1, weekly: { AvgWealth_B: [2, 3] }, bands: { AvgWealth_B: band } } as never;
    const t = lineTraces(doc, [{ metric: 'AvgWealth_B', name: 'Cooperative (B)', color: COLOR_B }]);
    const [p95, p5, mean] = t;
    expect(p95.hoverinfo).not.toBe('skip');
    expect(p95.hovertemplate).toContain('<extra>Cooperative (B) p95</extra>');
    expect(p5.hovertemplate).toContain('<extra>Cooperative (B) p5</extra>');
    for (const x of t) expect((x.hoverlabel as { namelength?: number } | undefined)?.namelength).toBe(-1);
    expect(mean.name).toBe('Cooperative (B) (mean)');
  });
});

describe('text on a coloured bar', () => {
  const lum = (hex: string) => {
    const n = parseInt(hex.slice(1), 16);
    const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f((n >> 16) & 255) + 0.7152 * f((n >> 8) & 255) + 0.0722 * f(n & 255);
  };
  const ratio = (a: string, b: string) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  it('reads at least 4.5:1 on A\'s orange, B\'s blue and the palette (Plotly\'s own #444 gave 3.3:1 on A)', () => {
    expect(textOn(COLOR_A)).toBe('#000000');
    for (const c of [COLOR_A, COLOR_B, ...PALETTE]) expect(ratio(textOn(c), c), c).toBeGreaterThanOrEqual(4.5);
    expect(textOn('#ffffff')).toBe('#000000');
    expect(textOn('#000000')).toBe('#ffffff');
  });
});
