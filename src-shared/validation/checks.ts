import type { ValidationCheck } from './types';

/** Helpers that build checks with their usage (|measured − expected| / tolerance). */

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** measured within expected ± tol (tol > 0; exact checks pass tol = 1e-9 for floating point). */
export function near(id: string, name: string, measured: number | null, expected: number, tol: number, basis: string, expectedText?: string): ValidationCheck {
  const ok = finite(measured);
  const usage = ok ? Math.abs(measured - expected) / tol : null;
  return {
    id,
    name,
    expected: expectedText ?? (tol <= 1e-9 ? `= ${show(expected)} (exact)` : `${show(expected)} ± ${show(tol)}`),
    expectedValue: expected,
    measured: ok ? measured : null,
    tolerance: tol,
    usage: usage === null ? null : round(usage, 4),
    status: usage !== null && usage <= 1 ? 'pass' : 'fail',
    basis,
  };
}

/** lo < measured < hi (open) or ≤ when inclusive; usage relative to the half-width around the centre. */
export function within(id: string, name: string, measured: number | null, lo: number, hi: number, basis: string, inclusive = false): ValidationCheck {
  const ok = finite(measured);
  const centre = (lo + hi) / 2;
  const half = (hi - lo) / 2;
  const inside = ok && (inclusive ? measured >= lo && measured <= hi : measured > lo && measured < hi);
  const usage = ok ? Math.abs(measured - centre) / half : null;
  return {
    id,
    name,
    expected: inclusive ? `in [${show(lo)}, ${show(hi)}]` : `in (${show(lo)}, ${show(hi)})`,
    expectedValue: centre,
    measured: ok ? measured : null,
    tolerance: half,
    usage: usage === null ? null : round(usage, 4),
    status: inside ? 'pass' : 'fail',
    basis,
  };
}

/** A yes/no fact; measured is 1 (true) or 0. */
export function truth(id: string, name: string, value: boolean, expected: string, basis: string, measured: number | null = value ? 1 : 0): ValidationCheck {
  return { id, name, expected, expectedValue: null, measured, tolerance: null, usage: value ? 0 : null, status: value ? 'pass' : 'fail', basis };
}

export function skippedCheck(id: string, name: string, expected: string, basis: string): ValidationCheck {
  return { id, name, expected, expectedValue: null, measured: null, tolerance: null, usage: null, status: 'skipped', basis };
}

export function round(x: number, digits = 6): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function show(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(3);
  return String(round(x, 4));
}
