import { describe, expect, it } from 'vitest';
import { changedInputs, sameData } from '../../../src-renderer/analytics/staleInputs';

describe('stale inputs', () => {
  it('compares plain data deeply, whatever the key order', () => {
    expect(sameData({ a: 1, b: [1, 2, { c: 'x' }] }, { b: [1, 2, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameData({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData([1], { 0: 1 })).toBe(false);
    expect(sameData(null, {})).toBe(false);
    expect(sameData(NaN, NaN)).toBe(true);
  });
  it('names what changed in the order of the names; an input that does not parse (null) counts as changed', () => {
    const names = { params: 'the Simulate parameters', model: 'the model', replicates: 'the replicates' };
    const ran = { params: { NUM_MEMBERS: 20, WEEKLY_INCOME_AVG: 200 }, model: 'reference', replicates: 2 };
    expect(changedInputs(ran, { ...ran, params: { WEEKLY_INCOME_AVG: 200, NUM_MEMBERS: 20 } }, names)).toEqual([]);
    expect(changedInputs(ran, { replicates: 3, model: 'reference', params: { NUM_MEMBERS: 20, WEEKLY_INCOME_AVG: 300 } }, names)).toEqual(['the Simulate parameters', 'the replicates']);
    expect(changedInputs(ran, { ...ran, params: null }, names)).toEqual(['the Simulate parameters']);
  });
});

describe('a stored run without a result', () => {
  it('is no RunDoc: a failed run stores { error }, which Analysis and the Dashboard read as one and crashed', async () => {
    const { storedRunDoc, storedRunError } = await import('../../../src-renderer/analytics/runCache');
    expect(storedRunDoc({ error: 'chain node down' })).toBeNull();
    expect(storedRunDoc(null)).toBeNull();
    expect(storedRunDoc({ weekly: {}, final: {} })).toBeNull();
    const doc = { weekly: { AvgWealth_A: [1] }, final: {}, weeks: 1 };
    expect(storedRunDoc(doc)).toBe(doc);
    expect(storedRunError({ error: 'chain node down' })).toBe('chain node down');
    expect(storedRunError(doc)).toBeNull();
  });
});

describe('why a run has no results', () => {
  it('ends as a sentence', async () => {
    const { noResultsWhy } = await import('../../../src-renderer/analytics/runCache');
    expect(noResultsWhy({ error: 'no node (or Start in the Chain view)' })).toBe(': no node (or Start in the Chain view).');
    expect(noResultsWhy({ error: 'no node.' })).toBe(': no node.');
    expect(noResultsWhy(null)).toBe('.');
  });
});
