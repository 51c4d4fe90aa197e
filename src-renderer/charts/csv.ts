import { toCsv as rfc4180 } from '../../src-shared/finance/csv';

/** RFC-4180 CSV (the shared writer) for chart data; non-finite numbers become empty fields. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return rfc4180([header, ...rows.map((r) => r.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)))]);
}

export function download(name: string, data: string | Blob, type = 'text/csv;charset=utf-8'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function safeFileName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'chart';
}
