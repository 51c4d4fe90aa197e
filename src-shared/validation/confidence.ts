import type { ComponentConfidence, ComponentKind, ConfidenceLevel, ValidationCheck } from './types';
import { plural } from '../report/format';

/**
 * Confidence rules (shown verbatim in every validation report). A check's "usage" is
 * |measured − expected| / tolerance: 0 is dead on, 1 is the edge of the tolerance. For hypothesis
 * tests (KS) it is log(p)/log(α), so that for every kind of check a correct model exceeds 2/3
 * with probability ≈ 5 %.
 */
export const CONFIDENCE_RULES: readonly { level: ConfidenceLevel | 'n/a'; rule: string }[] = [
  { level: 'n/a', rule: 'Skipped components (e.g. no Firefly snapshot) get no level; they are neither passed nor failed.' },
  { level: 'LOW', rule: 'Any check failed; or a statistical component used fewer than 10 runs; or an empirical comparison had fewer than 4 full weeks of data, |variance| > 25 % or R² < 0.' },
  { level: 'MEDIUM', rule: 'All checks passed, but some check used more than two thirds of its tolerance (usage > 2/3: |z| > 2 for a 3·SE gate, p < 0.046 for a test at α = 0.01, so a correct model lands here for ≈ 5 % of seeds per check); or a statistical component used fewer than 30 runs; or an empirical comparison had fewer than 12 full weeks, |variance| > 10 % or R² < 0.5; or the component is an assumed input with no checks or data behind it.' },
  { level: 'HIGH', rule: 'All checks passed, each within two thirds of its tolerance, with at least 30 runs (statistical) or at least 12 full weeks, |variance| ≤ 10 % and R² ≥ 0.5 (empirical).' },
  { level: 'n/a', rule: 'Score (0–100, for deltas finer than a level): 100 − 50 × the largest usage, floored at 0; a HIGH component scores ≥ 67, a passing one ≥ 50.' },
];

/** Largest usage a HIGH component may show. */
export const USAGE_HIGH = 2 / 3;

export const LEVEL_RANK: Record<ConfidenceLevel, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };

export interface ConfidenceContext {
  kind: ComponentKind;
  /** Statistical: runs used. */
  runs?: number;
  /** Empirical: full weeks of data, variance % and R² of the comparison that decides. */
  weeks?: number;
  variancePct?: number | null;
  r2?: number | null;
}

const maxUsage = (checks: ValidationCheck[]) =>
  checks.reduce((m, c) => Math.max(m, c.status === 'fail' ? Math.max(1.0001, c.usage ?? 2) : (c.usage ?? 0)), 0);

/** The level, score and deciding rule of one component. */
export function confidenceOf(checks: ValidationCheck[], ctx: ConfidenceContext, skipped = false): ComponentConfidence {
  if (skipped) return { level: null, score: null, reason: 'skipped: no level' };
  const u = maxUsage(checks);
  const score = checks.length ? Math.max(0, Math.round(100 - 50 * u)) : 50;
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length) return { level: 'LOW', score, reason: `${plural(failed.length, 'check')} failed: ${failed.map((c) => c.name).slice(0, 3).join('; ')}` };
  if (ctx.kind === 'assumption') return { level: 'MEDIUM', score, reason: 'assumed input: no checks or data behind it (at most MEDIUM)' };
  if (ctx.kind === 'statistical') {
    const n = ctx.runs ?? 0;
    if (n < 10) return { level: 'LOW', score, reason: `only ${n} runs (< 10)` };
    if (n < 30) return { level: 'MEDIUM', score, reason: `all checks passed, but only ${n} runs (< 30)` };
  }
  if (ctx.kind === 'empirical') {
    const w = ctx.weeks ?? 0;
    const v = ctx.variancePct == null ? Infinity : Math.abs(ctx.variancePct);
    const r2 = ctx.r2 ?? -Infinity;
    if (w < 4 || v > 25 || r2 < 0) return { level: 'LOW', score, reason: `${w} full weeks, variance ${fmt(ctx.variancePct)} %, R² ${fmt(ctx.r2)}: below the LOW bar (≥ 4 weeks, |variance| ≤ 25 %, R² ≥ 0)` };
    if (w < 12 || v > 10 || r2 < 0.5) return { level: 'MEDIUM', score, reason: `${w} full weeks, variance ${fmt(ctx.variancePct)} %, R² ${fmt(ctx.r2)}: below the HIGH bar (≥ 12 weeks, |variance| ≤ 10 %, R² ≥ 0.5)` };
  }
  if (u > USAGE_HIGH) return { level: 'MEDIUM', score, reason: `all checks passed, but one used ${(u * 100).toFixed(0)} % of its tolerance (> 67 %)` };
  const extra = ctx.kind === 'statistical' ? ` with ${ctx.runs} runs` : ctx.kind === 'empirical' ? ` over ${ctx.weeks} full weeks` : '';
  return { level: 'HIGH', score, reason: `all ${checks.length} checks passed within two thirds of their tolerance${extra}` };
}

function fmt(x: number | null | undefined): string {
  return x == null || !Number.isFinite(x) ? 'n/a' : x.toFixed(2);
}
