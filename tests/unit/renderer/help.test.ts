import { describe, expect, it } from 'vitest';
import { PARAM_NAMES, PARAM_SPECS } from '../../../src-shared/engine';
import { paramHelp } from '../../../src-renderer/analytics/help';

describe('parameter help text', () => {
  it('reads as sentences (no ".." where a description already ends in a period) and states the real range', () => {
    for (const p of PARAM_NAMES) {
      const h = paramHelp(p);
      expect(h, p).not.toMatch(/\.\./);
      expect(h, p).toContain(`${PARAM_SPECS[p].min}–${PARAM_SPECS[p].max}`);
    }
  });
});
