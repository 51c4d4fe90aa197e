/** Assembles a suite result from its components and computes the summary. */
import type { ValidationComponent, ValidationInputs, ValidationResult, ValidationSummary } from './types';
import { VALIDATION_SCHEMA_VERSION } from './types';

export const DEFAULT_RUNS = 30;
export const DEFAULT_SEED = 42;
export const DEFAULT_Z = 3;

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
