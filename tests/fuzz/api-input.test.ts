/**
 * Bad-input suite for the API gate. Every operation in `api` gets hand-made nasty inputs
 * (huge numbers, NaN, ±Infinity, negative counts, 10 MB strings, wrong types, prototype-pollution
 * keys) and fast-check inputs derived loosely from its zod schema. Each case must end in either a
 * valid result or an ApiError (never a raw crash or an 'internal' error), invalid input must be
 * reported as invalid_input naming the field, and a rejected call must leave the DB's logical
 * content unchanged (hash of every row of every table, before vs after).
 *
 * Ops that start long work, write files outside the DB or touch the network are NOT invoked; their
 * input schemas are fuzzed directly (SCHEMA_ONLY below).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api, ApiError } from '../../src-shared/api';
import { invoke } from '../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../src-main/context';
import { tmpDir } from '../helpers/tmp';
import { logicalChecksum } from '../reliability/helpers';

/**
 * Operations the fuzzer may really invoke: quick, DB-only, no network, no files outside the DB,
 * no child processes. Everything else (long work, network, files, Hardhat, secrets) is fuzzed at
 * its input schema only, so new operations are safe by default until someone lists them here.
 */
export const INVOKED = new Set([
  'app.info', 'health', 'settings.get', 'settings.set', 'runs.list', 'runs.get', 'runs.cancel', 'runs.delete', 'runs.restore', 'runs.update',
  'sim.presets', 'sim.current', 'paramsets.list', 'paramsets.save', 'paramsets.delete', 'projections.models', 'calibration.fromCsv',
  'firefly.status', 'firefly.snapshots', 'firefly.overview', 'firefly.rules.get', 'firefly.rules.set', 'firefly.calibrate',
  'validation.list', 'validation.get', 'reports.sources', 'dox.pushes',
]);
/** Why the others are schema-only (printed with the case count). */
export const SCHEMA_ONLY_REASON: Record<string, string> = {
  sim: 'simulations on the worker pool', projections: 'CPU-heavy projection runs', calibration: 'calibration simulation',
  firefly: 'network or secret store', validation: 'long Monte Carlo work + archive files', reports: 'writes files / starts Chromium / heavy render',
  dox: 'network or secret store', chain: 'starts or drives a Hardhat node',
};
const SCHEMA_ONLY: Record<string, boolean> = Object.fromEntries(Object.keys(api).filter((o) => !INVOKED.has(o)).map((o) => [o, true]));

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
const pollutedJson = () => JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}');

/** Values that are wrong for almost any field. */
const NASTY: { label: string; value: () => unknown }[] = [
  { label: 'NaN', value: () => NaN },
  { label: 'Infinity', value: () => Infinity },
  { label: '-Infinity', value: () => -Infinity },
  { label: 'huge', value: () => 1e308 },
  { label: '2^53+2', value: () => 2 ** 53 + 2 },
  { label: 'negative count', value: () => -1 },
  { label: 'fraction', value: () => 0.5 },
  { label: 'empty string', value: () => '' },
  { label: 'numeric string', value: () => '42' },
  { label: 'boolean', value: () => true },
  { label: 'array', value: () => [1, 'a', null] },
  { label: 'object', value: () => ({ nested: { deeper: [] } }) },
  { label: 'proto keys', value: pollutedJson },
  { label: '__proto__ string', value: () => '__proto__' },
  { label: 'path traversal', value: () => '../../../../etc/passwd' },
  { label: 'NUL', value: () => 'a\u0000b' },
  { label: 'lone surrogate', value: () => '\ud800' },
];

/** Peel defaults/optionals/pipes to reach an object schema's shape (loose derivation from zod). */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | null {
  let s: any = schema;
  for (let i = 0; i < 10 && s; i++) {
    if (s.shape && typeof s.shape === 'object') return s.shape;
    const def = s._zod?.def ?? s.def;
    s = def?.innerType ?? def?.in ?? def?.schema ?? null;
  }
  return null;
}

/** An arbitrary for one field, loosely from its zod type, mixed with junk. */
function fieldArb(t: z.ZodType): fc.Arbitrary<unknown> {
  let s: any = t;
  for (let i = 0; i < 10; i++) {
    const def = s?._zod?.def;
    if (def && ['default', 'optional', 'nullable', 'pipe', 'prefault', 'catch'].includes(def.type)) s = def.innerType ?? def.in;
    else break;
  }
  const type = s?._zod?.def?.type as string | undefined;
  const junk = fc.oneof(fc.constantFrom(NaN, Infinity, -1, 1e308, '', null, true, [], {}), fc.anything());
  switch (type) {
    case 'number':
      return fc.oneof(fc.double(), fc.integer({ min: -1e9, max: 1e9 }), junk);
    case 'string':
      return fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 50 }), junk);
    case 'boolean':
      return fc.oneof(fc.boolean(), junk);
    case 'enum':
      return fc.oneof(fc.constantFrom(...Object.values(s._zod.def.entries)), fc.string({ maxLength: 20 }), junk);
    case 'array':
      return fc.oneof(fc.array(fc.anything(), { maxLength: 30 }), junk);
    default:
      return fc.oneof(fc.anything(), junk);
  }
}

interface Tally {
  cases: number;
  rejected: number;
  accepted: number;
  namedField: number;
  byOp: Record<string, number>;
}

describe('fuzz: every API operation input', () => {
  const t = tmpDir('wb-fuzz-api-');
  let app: AppContext;
  const tally: Tally = { cases: 0, rejected: 0, accepted: 0, namedField: 0, byOp: {} };
  const opMs: Record<string, number> = {};
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

  beforeAll(async () => {
    app = createContext({ dataDir: t.dir, transport: 'direct' });
    // Some stored data to protect: settings, two runs (one with per-run rows), a parameter set.
    await invoke(app, 'settings.set', { theme: 'dark', defaultRuns: 3 });
    const id = app.runs.create({ name: 'fuzz guard', kind: 'montecarlo', model: 'reference', params: { NUM_MEMBERS: 10 }, seed: 1, runs: 2, members: 10, weeks: 5, appVersion: 'test' });
    app.runs.addResult(id, 0, { final: 1 });
    app.runs.addResult(id, 1, { final: 2 });
    app.runs.finish(id, 'done', { kind: 'montecarlo' });
    app.runs.create({ name: 'second', kind: 'single', model: 'reference', params: {}, seed: 2, runs: 1, members: 10, weeks: 5, appVersion: 'test' });
    await invoke(app, 'paramsets.save', { name: 'guard set', params: { NUM_MEMBERS: 20 } });
  });
  afterAll(() => {
    app?.close();
    t.cleanup();
    console.log(
      `[fuzz] API: ${tally.cases} cases over ${Object.keys(tally.byOp).length} operations ` +
        `(${tally.rejected} rejected as invalid input, ${tally.namedField} of those checked to name the mutated field, ${tally.accepted} accepted as valid); ` +
        `schema-only (not invoked): ${Object.keys(SCHEMA_ONLY).join(', ')}; slowest invoked: ${Object.entries(opMs).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([o, ms]) => `${o} ${Math.round(ms)} ms`).join(', ')}`,
    );
  });

  /** Run one case; returns whether it was rejected. Asserts the contract of the gate. */
  async function runCase(op: string, input: unknown, field?: string): Promise<void> {
    tally.cases++;
    tally.byOp[op] = (tally.byOp[op] ?? 0) + 1;
    const schema = (api as Record<string, { input: z.ZodType }>)[op].input;
    let parsed: ReturnType<z.ZodType['safeParse']>;
    expect(() => (parsed = schema.safeParse(input ?? {})), `${op}: the schema never throws`).not.toThrow();
    if (SCHEMA_ONLY[op]) {
      if (!parsed!.success) {
        tally.rejected++;
        expect(parsed!.error.issues.length).toBeGreaterThan(0);
        if (field && parsed!.error.issues.some((i) => String(i.path[0]) === field)) tally.namedField++;
      } else tally.accepted++;
      return;
    }
    const before = logicalChecksum(app.db).hash;
    let err: unknown = null;
    const t0 = performance.now();
    try {
      await invoke(app, op, input);
    } catch (e) {
      err = e;
    }
    opMs[op] = (opMs[op] ?? 0) + performance.now() - t0;
    if (!parsed!.success) {
      tally.rejected++;
      expect(err, `${op} rejects ${preview(input)}`).toBeInstanceOf(ApiError);
      const e = err as ApiError;
      expect(e.code).toBe('invalid_input');
      expect(e.issues?.length).toBeGreaterThan(0);
      for (const i of e.issues!) {
        expect(typeof i.path).toBe('string');
        expect(i.message.length).toBeGreaterThan(0);
      }
      expect(e.message).toMatch(new RegExp(`^invalid input for ${op.replace(/\./g, '\\.')}: `));
      expect(e.message.length, 'the message stays short even for a 10 MB value').toBeLessThan(5000);
      if (field && parsed!.error.issues.some((i) => String(i.path[0]) === field)) {
        expect(e.issues!.some((i) => i.path.split('.')[0] === field), `${op}: an issue names "${field}"`).toBe(true);
        tally.namedField++;
      }
      expect(logicalChecksum(app.db).hash, `${op}: a rejected call changed nothing`).toBe(before);
    } else {
      tally.accepted++;
      if (err) {
        // Valid by the schema but refused by the handler (unknown id, engine range …): still a clear ApiError.
        expect(err, `${op} ${preview(input)}: ${(err as Error).message}`).toBeInstanceOf(ApiError);
        expect((err as ApiError).code, `${op}: ${(err as Error).message}`).not.toBe('internal');
        expect(logicalChecksum(app.db).hash, `${op}: a refused call changed nothing`).toBe(before);
      }
    }
  }

  const ops = Object.keys(api);

  it('hand-made nasty inputs for every operation and every field', async () => {
    for (const op of ops) {
      const schema = (api as Record<string, { input: z.ZodType }>)[op].input;
      const whole: unknown[] = [42, 'str', [], true, NaN, TEN_MB, [{}], pollutedJson(), { unknownField: 1 }, { ['x'.repeat(1000)]: 1 }];
      for (const w of whole) await runCase(op, w);
      const shape = shapeOf(schema);
      if (!shape) continue;
      for (const key of Object.keys(shape)) {
        for (const n of NASTY) await runCase(op, { [key]: n.value() }, key);
        await runCase(op, { [key]: TEN_MB }, key);
        await runCase(op, { [key]: -5 }, key);
      }
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 300_000);

  it('fast-check inputs derived from each schema', async () => {
    for (const op of ops) {
      const schema = (api as Record<string, { input: z.ZodType }>)[op].input;
      const shape = shapeOf(schema);
      const arb: fc.Arbitrary<unknown> = shape
        ? fc.oneof(
            fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, fieldArb(v)])), { requiredKeys: [] }),
            fc.dictionary(fc.constantFrom(...Object.keys(shape), '__proto__', 'constructor', 'prototype', 'extra'), fc.anything(), { maxKeys: 4 }),
          )
        : fc.anything();
      await fc.assert(
        fc.asyncProperty(arb, async (input) => {
          await runCase(op, input);
        }),
        { numRuns: SCHEMA_ONLY[op] ? 100 : 40, seed: 20260701, endOnFailure: true },
      );
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 300_000);

  it('unknown operations are refused with not_found', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '../health', 'x'.repeat(10_000)]) {
      tally.cases++;
      await expect(invoke(app, name, {})).rejects.toMatchObject({ code: 'not_found' });
    }
  });
});

function preview(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.slice(0, 120);
  } catch {
    return String(v).slice(0, 120);
  }
}
