import type { Command } from 'commander';

/** Global flags shared by every command. */
export interface GlobalOpts {
  json?: boolean;
  dataDir?: string;
}

export function globals(cmd: Command): GlobalOpts {
  return cmd.optsWithGlobals() as GlobalOpts;
}

/** JSON to stdout (one object) with --json, otherwise the human rendering. */
export function emit(cmd: Command, value: unknown, human: (v: any) => string): void {
  if (globals(cmd).json) process.stdout.write(JSON.stringify(value, jsonSafe, 2) + '\n');
  else process.stdout.write(human(value) + '\n');
}

/** NaN/Infinity are not JSON: emit null so consumers never choke. */
export function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

export function table(rows: Record<string, unknown>[], cols: string[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((r) => cols.map((c) => fmt(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function fmt(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(6);
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

/** Progress bar on stderr for long work (only when stderr is a terminal, or forced). */
export function progressBar(label: string): (done: number, total: number, etaMs?: number | null) => void {
  const tty = process.stderr.isTTY;
  let last = -1;
  let finished = false;
  return (done, total, etaMs) => {
    const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
    // One line per percent, and the last one once (jobs may report their end more than once).
    if ((pct === last && done !== total) || (finished && done >= total)) return;
    last = pct;
    finished = done >= total;
    const eta = etaMs != null && done < total ? ` eta ${(etaMs / 1000).toFixed(1)}s` : '';
    if (tty) {
      const w = 30;
      const fill = Math.round((w * pct) / 100);
      process.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(w - fill)}] ${done}/${total}${eta}   `);
      if (done >= total) process.stderr.write('\n');
    } else if (pct % 10 === 0 || done === total) {
      process.stderr.write(`${label} ${done}/${total} (${pct}%)${eta}\n`);
    }
  };
}
