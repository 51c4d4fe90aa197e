import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src-shared/engine';
import { previewLabels, previewSeries } from '../../../src-renderer/analytics/Preview';

describe('Simulate preview (closed form, spec §4.3)', () => {
  it('draws A, B and B’s dollar and token parts over min(52, weeks) weeks', () => {
    const p = { ...DEFAULT_PARAMS, SIMULATION_WEEKS: 30 };
    const s = previewSeries(p);
    expect(s.n).toBe(30);
    const w0 = Math.exp(p.INITIAL_WEALTH_MEAN_LOG + p.INITIAL_WEALTH_SIGMA_LOG ** 2 / 2);
    expect(s.A[30]).toBeCloseTo(w0 + 30 * (150 - 75), 9);
    // B's weekly dollar change: 150 − (0.6·75·(1 − 0.2) + 0.4·75) − 1 = 83; tokens 0.5 × $2 a week.
    expect(s.U[30]).toBeCloseTo(w0 + 30 * 83, 9);
    expect(s.T[30]).toBeCloseTo(30, 12);
    s.B.forEach((b, w) => expect(b).toBe(s.U[w] + s.T[w]));
    expect(previewSeries(DEFAULT_PARAMS).n).toBe(52);
  });
});

describe('Simulate preview labels', () => {
  it('say the expected D is a total over the members and the whole run, beside the per-member figure', () => {
    // It read "Expected D, whole run (closed form) $70,017" under "Per member after the first 52 weeks (B − A) $468".
    const l = previewLabels(DEFAULT_PARAMS, 52);
    expect(l.perMember).toBe('Per member after the first 52 weeks (B − A)');
    expect(l.expected).toBe('Expected D: total B − A, 50 members × 156 weeks (closed form)');
    expect(l.finalModel).toBe('Expected D, upstream final model (same total)');
    const one = previewLabels({ ...DEFAULT_PARAMS, NUM_MEMBERS: 1, SIMULATION_WEEKS: 1 }, 1);
    expect(one.perMember).toBe('Per member after 1 week (B − A)');
    expect(one.expected).toBe('Expected D: total B − A, 1 member × 1 week (closed form)');
  });
});

describe('parameter value notes (spec §4.3 display column)', () => {
  it('the log mean as the median wealth it gives, fractions as percent, nothing for others or non-numbers', async () => {
    const { valueNote } = await import('../../../src-renderer/analytics/ParamEditor');
    expect(valueNote('INITIAL_WEALTH_MEAN_LOG', String(Math.log(1000)))).toBe('≈ $1,000 median wealth');
    expect(valueNote('INITIAL_WEALTH_MEAN_LOG', '-2')).toBe('≈ $0.135 median wealth');
    expect(valueNote('GROUP_BUY_SAVINGS_PERCENT', '0.15')).toBe('= 15%');
    expect(valueNote('PERCENT_SPEND_INTERNAL_AVG', '0.6')).toBe('= 60%');
    expect(valueNote('WEEKLY_INCOME_AVG', '150')).toBe('');
    expect(valueNote('INITIAL_WEALTH_MEAN_LOG', 'abc')).toBe('');
  });
});
