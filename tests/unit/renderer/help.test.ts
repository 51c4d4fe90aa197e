import { describe, expect, it } from 'vitest';
import { PARAM_NAMES, PARAM_SPECS } from '../../../src-shared/engine';
import { metricHelp, PARAM_LABELS, paramHelp } from '../../../src-renderer/analytics/help';

describe('parameter help text', () => {
  it('reads as sentences (no ".." where a description already ends in a period) and states the real range', () => {
    for (const p of PARAM_NAMES) {
      const h = paramHelp(p);
      expect(h, p).not.toMatch(/\.\./);
      expect(h, p).toContain(`${PARAM_SPECS[p].min}–${PARAM_SPECS[p].max}`);
    }
  });

  it('labels a 0–1 parameter as a fraction, never with "%" (a percent label invited typing 60 for 0.6)', () => {
    for (const p of PARAM_NAMES) {
      if (PARAM_SPECS[p].min === 0 && PARAM_SPECS[p].max === 1 && !PARAM_SPECS[p].integer) expect(PARAM_LABELS[p], p).not.toContain('%');
    }
    expect(PARAM_LABELS.PERCENT_SPEND_INTERNAL_AVG).toContain('fraction');
  });
});

describe('metric help text', () => {
  it('says in words when a metric has no value (the wealth gap read "null when n < 5 or the bottom holds ≤ $1e-6")', () => {
    for (const m of ['WealthGap_A', 'WealthGap_B']) {
      const h = metricHelp(m);
      expect(h, m).not.toMatch(/\bnull\b|1e-6|n < 5/);
      expect(h, m).toContain('no value with fewer than 5 members or when the bottom 20% hold (almost) nothing');
    }
  });
});
