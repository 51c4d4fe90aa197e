/**
 * A check group with zero checks (the assumed savings rates) must never read as PASS — 0/0: it is
 * "not checked" in the report model (hence every exported format), and it adds nothing to passed.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src-shared/engine';
import { renderMarkdown } from '../../../src-shared/report/markdown';
import { parseReport } from '../../../src-shared/report/model';
import {
  assembleResult, assumptionComponents, buildValidationReport, componentChecksText, componentOutcome, computeDeltas, near, skippedEmpirical, type ValidationComponent, type ValidationInputs,
} from '../../../src-shared/validation';

const inputs: ValidationInputs = { params: { ...DEFAULT_PARAMS }, model: 'reference', seed: 42, runs: 30, z: 3, snapshotId: null, appVersion: '0.0.0', timeZone: 'UTC' };
const model: ValidationComponent = {
  id: 'model-x',
  name: 'One model check',
  kind: 'model',
  description: 'd',
  status: 'pass',
  confidence: { level: 'HIGH', score: 100, reason: 'r' },
  checks: [near('x-1', 'x is 1', 1, 1, 0.1, 'exact')],
  metrics: {},
};
const assumptions = assumptionComponents({ ...DEFAULT_PARAMS, GROUP_BUY_SAVINGS_PERCENT: 0.15 });
const result = assembleResult(inputs, [model, ...assumptions, skippedEmpirical('no Firefly snapshot')], 5, new Date('2026-01-01T00:00:00Z'));

describe('a check group with no checks', () => {
  it('is "not checked" with checks "none", also for stored reports that say status pass', () => {
    const g = result.components.find((c) => c.id === 'assume-group-buy')!;
    expect(g.checks).toEqual([]);
    expect(componentOutcome(g)).toBe('not checked');
    expect(componentChecksText(g)).toBe('none');
    expect(componentOutcome(model)).toBe('pass');
    expect(componentChecksText(model)).toBe('1/1');
    expect(componentOutcome(result.components.find((c) => c.kind === 'empirical')!)).toBe('skipped');
  });

  it('does not count as passed in the summary', () => {
    expect(result.summary).toMatchObject({ status: 'pass', checks: 2, passed: 1, failed: 0, skipped: 1 }); // the model check passed; the empirical one skipped;
  });

  it('reads NOT CHECKED / none in the exported report, never PASS 0/0', () => {
    const report = parseReport(buildValidationReport(result, { id: 1, deltas: null }));
    const table = report.sections.flatMap((s) => s.blocks).find((b) => b.type === 'table' && b.id === 'confidence-levels') as { rows: Record<string, unknown>[] };
    const row = table.rows.find((r) => r.component === 'Group buying savings (15%)')!;
    expect(row).toMatchObject({ status: 'NOT CHECKED', checks: 'none' });
    expect(table.rows.find((r) => r.component === 'One model check')).toMatchObject({ status: 'PASS', checks: '1/1' });
    const md = renderMarkdown(report);
    expect(md).toMatch(/Group buying savings \(15%\) \| Assumption \| NOT CHECKED \| none \|/);
    expect(md).not.toMatch(/0\/0/);
    expect(md).toMatch(/2 groups not checked \(assumed inputs/);
  });

  it('reads NOT CHECKED in the deltas against the previous report too (the app’s table and every export)', () => {
    const deltas = computeDeltas({ id: 1, result }, result);
    const g = deltas.components.find((c) => c.id === 'assume-group-buy')!;
    expect(g).toMatchObject({ statusFrom: 'not checked', statusTo: 'not checked' });
    expect(deltas.components.find((c) => c.id === 'model-x')).toMatchObject({ statusFrom: 'pass', statusTo: 'pass' });
    const report = parseReport(buildValidationReport(result, { id: 2, deltas }));
    const table = report.sections.flatMap((s) => s.blocks).find((b) => b.type === 'table' && b.id === 'delta-components') as { rows: Record<string, unknown>[] };
    expect(table.rows.find((r) => r.component === 'Group buying savings (15%)')).toMatchObject({ status: 'NOT CHECKED' });
    expect(renderMarkdown(report)).not.toMatch(/Group buying savings \(15%\) \| PASS/);
  });
});
