/** Assembles a suite result from its components and computes the summary. */
import type { CheckStatus, ValidationComponent, ValidationInputs, ValidationResult, ValidationSummary } from './types';
import { VALIDATION_SCHEMA_VERSION } from './types';

export const DEFAULT_RUNS = 30;
export const DEFAULT_SEED = 42;
export const DEFAULT_Z = 3;

/** How a component reads to people: a group with no checks (an assumed input) is "not checked", never PASS. */
export type ComponentOutcome = CheckStatus | 'not checked';

/** Also right for stored reports, which keep status "pass" on groups without checks. */
export function componentOutcome(c: { status: CheckStatus; checks: readonly unknown[] }): ComponentOutcome {
  return c.checks.length === 0 && c.status === 'pass' ? 'not checked' : c.status;
}

/** "passed/total", or "none" for a group without checks (never "0/0"). */
export function componentChecksText(c: { checks: readonly { status: CheckStatus }[] }): string {
  return c.checks.length ? `${c.checks.filter((k) => k.status === 'pass').length}/${c.checks.length}` : 'none';
}

/** Components without checks, e.g. "2 groups not checked (assumed inputs)", or '' when every group has checks. */
export function notCheckedText(components: readonly { status: CheckStatus; checks: readonly unknown[] }[]): string {
  const n = components.filter((c) => componentOutcome(c) === 'not checked').length;
  return n ? `${n} group${n === 1 ? '' : 's'} not checked (assumed inputs, no check or data behind ${n === 1 ? 'it' : 'them'})` : '';
}

export function summarizeComponents(components: ValidationComponent[], elapsedMs: number): ValidationSummary {
  const checks = components.flatMap((c) => c.checks);
  const failed = checks.filter((c) => c.status === 'fail').length;
  return {
    status: components.some((c) => c.status === 'fail') ? 'fail' : 'pass',
    checks: checks.length,
    passed: checks.filter((c) => c.status === 'pass').length,
    failed,
    skipped: checks.filter((c) => c.status === 'skipped').length,
    components: Object.fromEntries(components.map((c) => [c.id, { name: c.name, status: c.status, level: c.confidence.level, score: c.confidence.score }])),
    elapsedMs: Math.round(elapsedMs),
  };
}

export function assembleResult(inputs: ValidationInputs, components: ValidationComponent[], elapsedMs: number, now = new Date()): ValidationResult {
  return { schemaVersion: VALIDATION_SCHEMA_VERSION, createdAt: now.toISOString(), inputs, components, summary: summarizeComponents(components, elapsedMs) };
}
