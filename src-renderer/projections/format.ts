import { download } from '../charts/csv';
export const usd0 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `$${Math.round(x).toLocaleString('en-US')}`);
export const pct0 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(0)}%`);
export const signedPct = (x: number | null | undefined, dp = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? 'N/A' : `${x >= 0 ? '+' : ''}${x.toFixed(dp)}%`;
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
