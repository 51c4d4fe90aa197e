import { describe, expect, it } from 'vitest';
import { reportableRuns, runSourceLabel } from '../../../src-renderer/reports/sources';

const run = (id: number, status: string, completedRuns: number, runs = 200) => ({ id, name: `run ${id}`, kind: 'montecarlo', model: 'reference', status, runs, completedRuns, createdAt: '2026-11-26T00:00:00Z' });

describe('Reports: which runs can be reported', () => {
  it('done runs and cancelled sets that kept runs; not a set cancelled before any run, nor running or failed ones', () => {
    const list = [run(1, 'done', 200), run(2, 'cancelled', 21), run(3, 'cancelled', 0), run(4, 'running', 5), run(5, 'failed', 0)];
    expect(reportableRuns(list).map((r) => r.id)).toEqual([1, 2]);
  });
  it('a cancelled set is labelled with the runs it kept', () => {
    expect(runSourceLabel(run(2, 'cancelled', 21))).toBe('#2 run 2 (Monte Carlo, model reference) · cancelled: 21 of 200 runs');
    expect(runSourceLabel(run(1, 'done', 200))).toBe('#1 run 1 (Monte Carlo, model reference)');
    // Large counts grouped, as the other views print them (it read "10752 of 100000 runs").
    expect(runSourceLabel(run(3, 'cancelled', 10752, 100000))).toBe('#3 run 3 (Monte Carlo, model reference) · cancelled: 10,752 of 100,000 runs');
  });
  it('says the kind and model in words, not their stored ids', () => {
    // The picker read "#1 Custom · 50×156 · seed 42 (single, reference)" and "(montecarlo, reference)".
    expect(runSourceLabel({ ...run(1, 'done', 1, 1), name: 'Custom · 50×156 · seed 42', kind: 'single' })).toBe('#1 Custom · 50×156 · seed 42 (single run, model reference)');
    expect(runSourceLabel({ ...run(2, 'done', 20, 20), model: 'nextjs' })).toBe('#2 run 2 (Monte Carlo, model nextjs)');
  });
  it('a cancelled set whose default name already says what it kept is not told twice', () => {
    // It read "#5 Custom · 50×156 · 1184 of 2000 runs (cancelled) · seed 42 (Monte Carlo, model reference) · cancelled: 1184 of 2000 runs".
    const r = { ...run(5, 'cancelled', 1184, 2000), name: 'Custom · 50×156 · 1184 of 2000 runs (cancelled) · seed 42' };
    expect(runSourceLabel(r)).toBe('#5 Custom · 50×156 · 1184 of 2000 runs (cancelled) · seed 42 (Monte Carlo, model reference)');
  });
});
