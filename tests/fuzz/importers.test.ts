/**
 * Bad-input suite for every importer: random and hostile inputs must end in a structured, named
 * error (or a valid result), never a crash (TypeError/RangeError from deep inside) or a hang.
 * Prints the number of cases tried per importer.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importTransactionsCsv } from '../../src-shared/finance/csvImport';
import { parseManifest } from '../../src-shared/chain/manifest';
import { validateParams } from '../../src-shared/engine';
import { parseModel, ProjectionInputError } from '../../src-shared/projections/schema';
import { parseReport, ReportValidationError } from '../../src-shared/report/model';
import * as ff from '../../src-main/firefly/schemas';
import * as dx from '../../src-main/dox/schemas';

const counts: Record<string, number> = {};
afterAll(() => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`[fuzz importers] ${total} cases: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

const nasty = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 1e308, -1e308, 2 ** 53 + 1, '', ' ', 'NaN', '1e9999', '__proto__', null, undefined, true, [], {}),
  fc.string({ maxLength: 40 }),
  fc.double(),
  fc.integer(),
);
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, nasty, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 5 })),
})).value;

function count(name: string, n = 1) {
  counts[name] = (counts[name] ?? 0) + n;
}

const CSV_HEADER = 'date,amount,currency_code,description,category,source_name,destination_name,type';
const csvCell = fc.oneof(fc.constantFrom('2026-01-05', '2026-13-45', 'yesterday', '12.50', '-3', 'abc', 'EUR', 'USD', 'withdrawal', 'deposit', 'transfer', '"quoted, cell"', '=cmd()', ''), fc.string({ maxLength: 12 }));

describe('importer fuzzing', () => {
  it('CSV transactions: structured errors naming row/column, or a valid import; never partial', () => {
    fc.assert(
      fc.property(fc.array(fc.array(csvCell, { minLength: 0, maxLength: 10 }), { maxLength: 15 }), fc.boolean(), (rows, withHeader) => {
        count('csv');
        const text = [...(withHeader ? [CSV_HEADER] : []), ...rows.map((r) => r.map((c) => (/[",\n]/.test(c) && !c.startsWith('"') ? `"${c.replace(/"/g, '""')}"` : c)).join(','))].join('\n');
        const r = importTransactionsCsv(text, { timeZone: 'UTC' });
        if (r.ok) {
          for (const t of r.transactions) expect(t.amount).toMatch(/^\d+(\.\d+)?$/);
        } else {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) expect(e.message.length).toBeGreaterThan(3);
          expect('transactions' in r).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
    for (const text of ['', '\uFEFF', CSV_HEADER, 'a,b,c\n1,2,3', '"unterminated', CSV_HEADER + '\n' + '2026-01-05,12.50,USD,x,y,z,w,withdrawal\n'.repeat(3) + '2026-01-06,1.00,EUR,x,y,z,w,withdrawal']) {
      count('csv');
      const r = importTransactionsCsv(text, { timeZone: 'UTC' });
      if (!r.ok) expect(r.errors[0].message).toBeTruthy();
    }
  });

  it('simulation parameters (JSON bundles, --params files): field + value + range, or valid', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('NUM_MEMBERS', 'SIMULATION_WEEKS', 'WEEKLY_INCOME_AVG', 'GROUP_BUY_SAVINGS_PERCENT', '__proto__', 'constructor', 'bogus'), nasty, { maxKeys: 5 }), (input) => {
        count('params');
        const r = validateParams(input);
        if (!r.ok) for (const e of r.errors) expect(e.message).toContain(e.field === '(params)' ? 'parameters' : e.field);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 600 },
    );
  });

  it('projection models, deployment manifests and report JSON: named errors only', () => {
    fc.assert(
      fc.property(jsonish, (raw) => {
        count('model+manifest+report', 3);
        for (const [fn, ok] of [
          [() => parseModel(raw), (e: unknown) => e instanceof ProjectionInputError],
          [() => parseManifest(raw), (e: unknown) => e instanceof Error && /deployment manifest/.test((e as Error).message)],
          [() => parseReport(raw), (e: unknown) => e instanceof ReportValidationError],
        ] as const) {
          try {
            fn();
          } catch (e) {
            expect(ok(e), String(e)).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('Firefly and DoX responses: every zod schema rejects junk with issues, never throws', () => {
    const schemas = [...Object.entries(ff), ...Object.entries(dx)].filter(([, v]) => v && typeof (v as { safeParse?: unknown }).safeParse === 'function') as [string, { safeParse: (x: unknown) => { success: boolean; error?: { issues: unknown[] } } }][];
    expect(schemas.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(jsonish, (raw) => {
        for (const [, s] of schemas) {
          const r = s.safeParse(raw);
          if (!r.success) expect(r.error!.issues.length).toBeGreaterThan(0);
        }
        count('firefly+dox responses', schemas.length);
      }),
      { numRuns: 200 },
    );
  });
});
