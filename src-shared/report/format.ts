import type { Cell, Delta, Format, KeyMetric, ValueType } from './model';

/**
 * Display formatting for report values. Deterministic (fixed en-US locale) so documents and tests
 * agree everywhere. Raw values are never formatted for CSV/JSON.
 */

const nfCache = new Map<string, Intl.NumberFormat>();
function nf(opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(opts);
  let f = nfCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', opts);
    nfCache.set(key, f);
  }
  return f;
}

export const MISSING = '—';

export function defaultDecimals(type: ValueType, v: number): number {
  switch (type) {
    case 'integer':
      return 0;
    case 'currency':
      return 2;
    case 'percent':
      return 1;
    default:
      return Number.isInteger(v) ? 0 : Math.abs(v) < 1 ? 3 : 2;
  }
}

/**
 * US dollars to `dp` decimals for text and tables: "−$1,234" with the minus sign U+2212 before
 * the unit, and no sign on a value that rounds to zero ("$0", not "−$0"). null/NaN → MISSING.
 */
export function money(x: number | null | undefined, dp = 0): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return MISSING;
  return grouped(x, dp, '$');
}

/**
 * A count for people (runs, members, weeks, files): thousands grouped, "10,752"; null/NaN → MISSING.
 * Seeds and ids are names, not counts: not for them.
 */
export function count(x: number | null | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : MISSING;
}
/** A count with its noun, singular for one: "1 warning", "3 warnings", "1,250 files" (not "1 warning(s)"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
/** "was" for one, "were" for any other count ("1 row was", "2 rows were"). */
export const wasWere = (n: number): string => (n === 1 ? 'was' : 'were');
/** "2 rows in other currencies (EUR, USD) were left out", "1 withdrawal in another currency (USD) was left out". */
export function leftOutInOtherCurrencies(n: number, noun: string, currencies: readonly string[]): string {
  return `${plural(n, noun)} in ${currencies.length === 1 ? 'another currency' : 'other currencies'} (${currencies.join(', ')}) ${wasWere(n)} left out`;
}
/**
 * A file size for people, in 1024-byte units as file managers show them: "1 byte", "512 bytes",
 * "1.5 KB", "211 KB" (215,875 bytes), "3.2 MB"; one decimal below 10 units, none from 10 up.
 */
export function fileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return MISSING;
  if (bytes < 1024) return plural(bytes, 'byte');
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  // Rounding may carry into the next unit: 1,048,000 bytes is "1.0 MB", not "1,023 KB" → "1,024 KB".
  while (i < units.length - 1 && Math.round(v) >= 1024) {
    v /= 1024;
    i++;
  }
  return `${grouped(v, v < 9.95 ? 1 : 0)} ${units[i]}`;
}

/**
 * `x` to `dp` decimals with thousands separators, `prefix` (a unit such as "$") before the digits
 * and the minus sign U+2212 before both; none on a value that rounds to zero ("0.00", not "−0.00").
 */
export function grouped(x: number, dp: number, prefix = ''): string {
  return withSign(x, nf({ minimumFractionDigits: dp, maximumFractionDigits: dp }).format(Math.abs(x)), prefix);
}

/**
 * `mag`, the digits written for |x|, with the minus sign U+2212 before `prefix` and the digits when
 * x is negative, and none when the digits are all zero ("0.00", not "−0.00"): the one sign rule of
 * grouped(), money() and the views' own number formats.
 */
export function withSign(x: number, mag: string, prefix = ''): string {
  return `${x < 0 && /[1-9]/.test(mag) ? '−' : ''}${prefix}${mag}`;
}

/**
 * Decimals for a difference b − a whose values are shown to `dp` decimals: one more when the
 * rounded values would suggest another difference (0.262 vs 0.260 beside "−0.003" reads wrong;
 * "−0.0026" does not).
 */
export function diffDecimals(a: number, b: number, dp = 3): number {
  const unit = 10 ** -dp;
  const fromShown = Math.round(Number(b.toFixed(dp)) / unit) - Math.round(Number(a.toFixed(dp)) / unit);
  return fromShown === Math.round(Number((b - a).toFixed(dp)) / unit) ? dp : dp + 1;
}

/**
 * Prose that wrote its negative numbers with the ASCII hyphen-minus ("z -1.53", "(Wealth Change:
 * -3.1%)", texts stored by older versions): the minus sign U+2212, as the report's tables print
 * them. A hyphen between words or digits ("80-20", "Weeks 1-17", dates) and an exponent ("5e-4") stay.
 */
export function minusSigns(text: string): string {
  return text.replace(/(^|[\s([{=,;:])-(?=\.?\d)/g, '$1−');
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/**
 * Numbers a text wrote in exponent form ("SE 4.007e-4", "p = 1.23e-12", "1.5e+6"; stored check
 * texts use toExponential below 0.001) as people read them: a plain decimal from 10⁻⁶ to below
 * 10¹⁵ ("0.0004007", "1,500,000"), else "1.23 × 10⁻¹²". The significant digits written stay, the
 * trailing zeros of toExponential go ("4.000e-4" → "0.0004"). Display only: the stored texts, CSV
 * and JSON keep their numbers as they are. Hex ("0x3e5"), words and identifiers ("run1e5") stay.
 */
export function plainExponents(text: string): string {
  return text.replace(/(?<![\w.])(\d+(?:\.\d+)?)[eE]([+-]?\d+)(?!\w|\.\d)/g, (m, mant: string) => {
    const x = Number(m);
    if (!Number.isFinite(x)) return m;
    if (x === 0) return '0';
    const digits = Math.min(21, mant.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length || 1);
    const mag = Math.floor(Math.log10(x));
    if (mag >= -6 && mag < 15) return x.toLocaleString('en-US', { maximumSignificantDigits: digits });
    const [coef, exp] = x.toExponential(digits - 1).split('e');
    return `${coef} × 10${[...String(Number(exp))].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
  });
}

/** A stored text as shown to people: minus signs U+2212 (minusSigns) and no exponent notation (plainExponents). */
export function displayText(text: string): string {
  return plainExponents(minusSigns(text));
}

/**
 * A check's expected value as shown beside its measured value: displayText, and thousands grouped
 * as the Measured column groups them ("68600 ± 2707.2332" sat beside "67,455.5095"; now
 * "68,600 ± 2,707.2332"). Only the integer part of a plain number of 4+ digits: decimals,
 * identifiers ("MIN_WEEKLY_INCOME"), section marks ("§3.2"), dates and numbers already grouped stay.
 * For the Expected column only: prose (a basis naming a year) keeps its digits.
 */
export function expectedText(text: string): string {
  return displayText(text).replace(/(?<![\w.,§-])\d{4,}(?![\w,]|-\d)/g, (d) => Number(d).toLocaleString('en-US'));
}

/**
 * An ISO timestamp as people read it, to the second and named in UTC: "2026-11-27 23:09:52 UTC"
 * (reports printed "2026-11-27T23:09:52.503Z", whose "Z" few readers know means UTC). A text that
 * is not a date comes back unchanged. The exact ISO value stays in the inputs appendix and JSON.
 */
export function readableTime(iso: string): string {
  const t = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || !Number.isFinite(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Format a value for people. `percent` takes a fraction. */
export function formatValue(v: Cell | undefined, f: Partial<Format> & { type?: ValueType }): string {
  if (v === null || v === undefined || v === '') return MISSING;
  const type = f.type ?? 'number';
  let out: string;
  if (typeof v === 'boolean') out = v ? 'Yes' : 'No';
  else if (typeof v === 'string') out = v;
  else if (!Number.isFinite(v)) out = v > 0 ? '∞' : v < 0 ? '−∞' : MISSING;
  else {
    const d = f.decimals ?? f.maxDecimals ?? defaultDecimals(type, v);
    // `maxDecimals` alone: no trailing zeros, so an integer reads "1,000", not "1,000.0000".
    const min = f.decimals === undefined && f.maxDecimals !== undefined ? 0 : d;
    switch (type) {
      case 'currency':
        out = nf({ style: 'currency', currency: f.currency ?? 'USD', minimumFractionDigits: min, maximumFractionDigits: d }).format(v);
        break;
      case 'percent':
        out = `${nf({ minimumFractionDigits: min, maximumFractionDigits: d }).format(v * 100)}%`;
        break;
      case 'date':
        out = new Date(v).toISOString().slice(0, 10);
        break;
      case 'string':
        out = String(v);
        break;
      case 'boolean':
        out = v ? 'Yes' : 'No';
        break;
      default:
        out = nf({ minimumFractionDigits: min, maximumFractionDigits: d }).format(v);
    }
    // The minus sign U+2212, as money() and grouped() write it ("−0.0148", "−$368.69"); none on
    // what rounds to zero ("-0.00" → "0.00"). Only the display: CSV/JSON keep the raw number.
    if (out.startsWith('-')) out = /[1-9]/.test(out) ? `−${out.slice(1)}` : out.slice(1);
    if (f.signed && /[1-9]/.test(out) && !out.startsWith('−')) out = `+${out}`;
  }
  return f.unit ? `${out} ${f.unit}` : out;
}

export function formatMetricValue(m: KeyMetric): string {
  return formatValue(m.value, m);
}

export type DeltaTone = 'good' | 'bad' | 'neutral';

/**
 * "+1.2%" style text plus whether the change is good, per `better`. A change that shows as zero
 * at its decimals is no change: "0.0 pts vs A", ■, neutral, as the app's cards show it (it read
 * "■ ±0.0 pts", a ± that reads as an uncertainty, and a 0.0004-point change read "▲ +0.0 pts", bad).
 */
export function formatDelta(d: Delta): { text: string; tone: DeltaTone; arrow: '▲' | '▼' | '■' } {
  const body = formatValue(Math.abs(d.value), d);
  const v = /[1-9]/.test(body) ? d.value : 0;
  const sign = v > 0 ? '+' : v < 0 ? '−' : '';
  const arrow = v > 0 ? '▲' : v < 0 ? '▼' : '■';
  let tone: DeltaTone = 'neutral';
  if (d.better !== 'neutral' && v !== 0) tone = (v > 0) === (d.better === 'higher') ? 'good' : 'bad';
  const text = `${sign}${body}${d.label ? ` ${d.label}` : ''}`;
  return { text, tone, arrow };
}

export function isNumericType(t: ValueType): boolean {
  return t === 'integer' || t === 'number' || t === 'currency' || t === 'percent';
}

/** Exact text of a raw value for CSV (numbers in shortest round-trip form). */
export function rawText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

/**
 * Tick formats for a Plotly value axis over `values`, with enough decimals that every tick label
 * is distinct and exact. Plotly's automatic ticks are 1, 2 or 5 × 10^k apart and at least a tenth
 * of the axis range apart, so a tenth of the data's range bounds the decimals needed: poverty rates
 * between 0% and 2% tick every 0.5% and need ".1%" (".0%" printed "0%, 1%, 1%, 2%, 2%").
 * `tickformatstops` pick the decimals from the tick step Plotly actually uses, so zooming in the
 * interactive report keeps the labels distinct too; `tickformat` is the same choice for the
 * unzoomed axis. `percent` values are fractions; `minDecimals` is the usual precision in the
 * axis' unit (decimals of a percent, of a dollar).
 */
export function axisTickFormat(
  values: Iterable<unknown>,
  type: 'percent' | 'currency',
  minDecimals = 0,
): { tickformat: string; tickformatstops: TickStop[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const MAX = 6;
  const shift = type === 'percent' ? 2 : 0; // a percent tick of 0.005 is 0.5%: one decimal
  const fmt = (d: number) => (type === 'percent' ? `.${d}%` : `$,.${d}f`);
  const range = hi - lo;
  const need = range > 0 ? Math.ceil(-Math.log10(range / 10) - 1e-9) - shift : minDecimals;
  return { tickformat: fmt(Math.min(MAX, Math.max(minDecimals, need))), tickformatstops: decimalTickStops(fmt, minDecimals, shift, MAX) };
}

export type TickStop = { dtickrange: [number | null, number | null]; value: string };

/**
 * Plotly `tickformatstops` that give a tick step its decimals: `fmt(d)` for steps 1, 2 and 5 ×
 * 10^-(d + shift), d from minDecimals to max (a percent axis of fractions has shift 2: a step of
 * 0.005 is 0.5%, one decimal). The bounds sit between the steps (0.9×), clear of rounding in
 * Plotly's step arithmetic. Coarsest first: Plotly takes the first match.
 */
export function decimalTickStops(fmt: (d: number) => string, minDecimals = 0, shift = 0, max = 6): TickStop[] {
  const stops: TickStop[] = [];
  for (let d = minDecimals; d <= max; d++) {
    const step = 10 ** -(d + shift);
    stops.push({ dtickrange: [d === max ? null : 0.9 * step, d === minDecimals ? null : 0.9 * step * 10], value: fmt(d) });
  }
  return stops;
}
