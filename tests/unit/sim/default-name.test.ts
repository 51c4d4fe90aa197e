import { describe, expect, it } from 'vitest';
import { defaultName } from '../../../src-main/sim/service';

/** A run's default name (stored; shown in the history, pickers and headers): counts grouped, the seed as typed. */
describe('default run names', () => {
  const p = { NUM_MEMBERS: 1000, SIMULATION_WEEKS: 2600 };
  it('group the members, weeks and runs ("1,000×2,600 · 100,000 runs")', () => {
    expect(defaultName({ runs: 100000, seed: 12345 }, p)).toBe('Custom · 1,000×2,600 · 100,000 runs · seed 12345');
    expect(defaultName({ runs: 1, seed: 42 }, { NUM_MEMBERS: 50, SIMULATION_WEEKS: 156 })).toBe('Custom · 50×156 · seed 42');
  });
  it('a cancelled set says what it kept, grouped ("10,752 of 100,000 runs")', () => {
    expect(defaultName({ runs: 100000, seed: 42 }, p, 10752)).toBe('Custom · 1,000×2,600 · 10,752 of 100,000 runs (cancelled) · seed 42');
  });
});
