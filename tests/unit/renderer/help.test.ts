import { describe, expect, it } from 'vitest';
import { PARAM_NAMES, PARAM_SPECS } from '../../../src-shared/engine';
import { PARAM_LABELS, paramHelp } from '../../../src-renderer/analytics/help';

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
