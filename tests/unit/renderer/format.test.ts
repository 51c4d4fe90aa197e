import { describe, expect, it } from 'vitest';
import { money, num, pct, signed } from '../../../src-renderer/analytics/format';

describe('analytics number formatting', () => {
  it('signed differences: sign for real changes, none for ones that round to zero', () => {
    expect(signed(-0.0004, (v) => num(v, 3))).toBe('0');
    expect(signed(0.0001, (v) => pct(v))).toBe('0.0%');
    expect(signed(-0.0123, (v) => num(v, 3))).toBe('−0.012');
    expect(signed(7813.4, (v) => money(v))).toBe('+$7,813');
    expect(signed(-250, (v) => money(v))).toBe('−$250');
    expect(signed(NaN, (v) => num(v))).toBe('—');
  });
});
