import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sortKeysDeep, stableStringify, StableJsonError } from '../../../src-shared/serialize/stableJson';

describe('stableStringify', () => {
  it('sorts keys at every depth, independent of insertion order', () => {
    const a = { b: 1, a: { z: [3, { y: 1, x: 2 }], c: 'x' } };
    const b = { a: { c: 'x', z: [3, { x: 2, y: 1 }] }, b: 1 };
    expect(stableStringify(a)).toBe('{"a":{"c":"x","z":[3,{"x":2,"y":1}]},"b":1}');
    expect(stableStringify(a)).toBe(stableStringify(b));
  });

  it('indents like JSON.stringify when asked', () => {
    const v = { b: [1, 2], a: {} };
    expect(stableStringify(v, { space: 2 })).toBe(JSON.stringify({ a: {}, b: [1, 2] }, null, 2));
  });

  it('throws on NaN/±Infinity by default, naming the path', () => {
    expect(() => stableStringify({ metrics: { gini: Number.NaN } })).toThrow(StableJsonError);
    expect(() => stableStringify({ metrics: { gini: Number.NaN } })).toThrow(/\$\.metrics\.gini is NaN/);
    expect(() => stableStringify([1, Infinity])).toThrow(/\$\[1\] is Infinity/);
    expect(() => stableStringify({ 'a b': -Infinity })).toThrow(/\$\["a b"\] is -Infinity/);
  });

  it("writes null and reports paths with nonFinite: 'null'", () => {
    const seen: string[] = [];
    const s = stableStringify({ x: Number.NaN, y: [Infinity, 1] }, { nonFinite: 'null', onNonFinite: (p) => seen.push(p) });
    expect(s).toBe('{"x":null,"y":[null,1]}');
    expect(seen).toEqual(['$.x', '$.y[0]']);
  });

  it('follows JSON rules for undefined, toJSON, -0; rejects bigint, cycles and Map', () => {
    expect(stableStringify({ a: undefined, b: [undefined, () => 1], d: new Date('2026-01-02T03:04:05Z'), z: -0 })).toBe(
      '{"b":[null,null],"d":"2026-01-02T03:04:05.000Z","z":0}',
    );
    expect(() => stableStringify({ n: 1n })).toThrow(/bigint/);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => stableStringify(cyc)).toThrow(/circular/);
    expect(() => stableStringify({ m: new Map() })).toThrow(/Map/);
    expect(() => stableStringify(undefined)).toThrow(StableJsonError);
    expect(stableStringify('x"y')).toBe('"x\\"y"');
  });

  it('round-trips through zod', () => {
    const Schema = z.object({
      runId: z.string(),
      seed: z.number().int(),
      params: z.record(z.string(), z.number()),
      weeks: z.array(z.object({ week: z.number(), gini: z.number().nullable(), label: z.string().optional() })),
      createdAt: z.iso.datetime(),
    });
    const value: z.infer<typeof Schema> = {
      weeks: [{ week: 1, gini: 0.31, label: 'ä "quoted"\n' }, { week: 2, gini: null }],
      seed: 42,
      params: { zeta: 1e-9, alpha: 1.5, big: 1e21 },
      runId: 'r-1',
      createdAt: '2026-03-06T10:00:00.000Z',
    };
    const text = stableStringify(value);
    const back = Schema.parse(JSON.parse(text));
    expect(back).toEqual(value);
    expect(stableStringify(back)).toBe(text);
    expect(JSON.stringify(sortKeysDeep(value))).toBe(text);
    // null convention: a NaN metric comes back as null and the nullable schema accepts it
    const withNaN = { ...value, weeks: [{ week: 3, gini: Number.NaN }] };
    const parsed = Schema.parse(JSON.parse(stableStringify(withNaN, { nonFinite: 'null' })));
    expect(parsed.weeks[0].gini).toBeNull();
  });
});
