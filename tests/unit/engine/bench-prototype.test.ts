// The bench's plain-JavaScript prototype is only a fair speed baseline if it simulates the same
// model: its statistics over many runs must match the engine's (different random streams, so
// within sampling error, not bit for bit).
import { describe, expect, it } from 'vitest';
import { column, parseParams, runSimulation, type MetricName } from '../../../src-shared/engine';
import { prototypeRun } from '../../../src-main/engine/benchPrototype';

const R = 120;
const p = parseParams({});
const W = p.SIMULATION_WEEKS;
// Prototype column index of each engine metric (benchPrototype.ts: A at 0…12, B at 13…25).
const PROTO_COL: [MetricName, number][] = [
  ['AvgWealth_A', 1],
  ['AvgWealth_B', 14],
  ['Gini_A', 2],
  ['Gini_B', 15],
  ['MedianWealth_B', 16],
  ['PovertyRate_A', 10],
  ['Bottom20PctShare', 24],
];

function means(values: (i: number) => number[]): number[] {
  const sum = new Array<number>(PROTO_COL.length).fill(0);
  for (let i = 0; i < R; i++) values(i).forEach((v, k) => (sum[k] += v / R));
  return sum;
}

describe('bench prototype', () => {
  it('simulates the reference model: final-week means match the engine within sampling error', () => {
    const engine = means((i) => {
      const r = runSimulation(p, { seed: 11, runIndex: i });
      return PROTO_COL.map(([m]) => column(r, m)[W]);
    });
    const proto = means((i) => {
      const c = prototypeRun(p, 1000 + i);
      return PROTO_COL.map(([, k]) => c[k][W]);
    });
    PROTO_COL.forEach(([m], k) => {
      // Money within 3 % (about 3 standard errors of the difference at 120 runs), shares within 0.015.
      const tol = m.startsWith('Gini') || m.startsWith('Poverty') || m.startsWith('Bottom') ? 0.015 : 0.03 * Math.abs(engine[k]);
      expect(Math.abs(proto[k] - engine[k]), `${m}: prototype ${proto[k]} vs engine ${engine[k]}`).toBeLessThan(tol);
    });
  });

  it('is seeded: the same seed gives the same columns, another seed different ones', () => {
    const a = prototypeRun(parseParams({ NUM_MEMBERS: 30, SIMULATION_WEEKS: 10 }), 5);
    const b = prototypeRun(parseParams({ NUM_MEMBERS: 30, SIMULATION_WEEKS: 10 }), 5);
    const c = prototypeRun(parseParams({ NUM_MEMBERS: 30, SIMULATION_WEEKS: 10 }), 6);
    expect(Array.from(a[15])).toEqual(Array.from(b[15]));
    expect(Array.from(a[15])).not.toEqual(Array.from(c[15]));
  });
});
