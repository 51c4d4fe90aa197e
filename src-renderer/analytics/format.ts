/** Number formatting for the analytics views (null/NaN shown as an em dash). */
const ok = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const DASH = '—';

export function money(x: number | null | undefined, dp = 0): string {
  if (!ok(x)) return DASH;
  return (x < 0 ? '−$' : '$') + Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: dp, maximumFractionDigits: dp });
}
export function pct(x: number | null | undefined, dp = 1): string {
  return ok(x) ? `${(x * 100).toFixed(dp)}%` : DASH;
}
export function num(x: number | null | undefined, dp = 2): string {
  if (!ok(x)) return DASH;
  return Math.abs(x) >= 1e4 ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : x.toLocaleString('en-US', { maximumFractionDigits: dp, minimumFractionDigits: 0 });
}
export function signed(x: number | null | undefined, f: (v: number) => string): string {
  if (!ok(x)) return DASH;
  const mag = f(Math.abs(x)).replace(/^−/, '');
  // A difference that rounds to zero shows no sign ("0.000", not "−0.000").
  if (!/[1-9]/.test(mag)) return mag;
  return (x > 0 ? '+' : x < 0 ? '−' : '') + mag;
}
export function eta(ms: number | null | undefined): string {
  if (!ok(ms)) return '';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
export const isNum = ok;
