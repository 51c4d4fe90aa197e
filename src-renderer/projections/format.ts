import { download } from '../charts/csv';
import { money, signed } from '../analytics/format';
import { grouped } from '../../src-shared/report/format';
// Negative numbers take the app's minus sign (U+2212) before the unit: "−$1,200", "−6.3%"; one that
// rounds to zero shows none (fixed's rule).
/** Whole dollars (the reports' money: "−$1,234", and "$0" for what rounds to zero). */
export const usd0 = (x: number | null | undefined) => money(x, 0);
// Percentages are grouped like the dollar amounts beside them: an ROI of 17,919%, not 17919%.
export const pct0 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${grouped(x, 0)}%`);
export const signedPct = (x: number | null | undefined, dp = 1) => (x === null || x === undefined || !Number.isFinite(x) ? 'N/A' : signed(x, (v) => `${grouped(v, dp)}%`));
export const months = (x: number | null | undefined) => (x === null || x === undefined ? 'Not achieved' : `${x.toFixed(1)} mo`);
export const prob = (x: number) => `${(x * 100).toFixed(1)}%`;
export const upper = (s: string) => s.toUpperCase();

/** A readable number for parameter tables (no float noise). */
export function num(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

export function downloadText(name: string, content: string, type: string) {
  download(name, content, type);
}
