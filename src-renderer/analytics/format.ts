/** Number formatting for the analytics views (null/NaN shown as an em dash). */
import { count, decimalTickStops, diffDecimals, grouped, money, plural, withSign, type TickStop } from '../../src-shared/report/format';
import type { RunDoc } from '../../src-shared/sim/runDoc';
import { MAX_EXCHANGE_RATE, parseExchangeRate } from '../../src-shared/finance/transactions';
import { PARAM_LABELS, PARAM_SPECS, type ParamName } from '../../src-shared/engine';

/** Money and Gini-difference decimals: the reports' own (one minus-sign and zero rule everywhere). */
export { diffDecimals, money };
/** Counts and their nouns: the reports' own, so the main process words them the same way. */
export { count, plural };
const ok = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const DASH = '—';

/**
 * A fraction as a percentage to `dp` decimals, as the reports write it: thousands grouped
 * ("1,050.5%", not "1050.5%"), the minus sign U+2212 ("−12.3%", not "-12.3%") and none on what
 * rounds to zero ("0.0%", not "-0.0%").
 */
export function pct(x: number | null | undefined, dp = 1): string {
  return ok(x) ? `${grouped(x * 100, dp)}%` : DASH;
}
/**
 * A plain number to at most `dp` decimals (none from 10,000 up), thousands grouped, with the minus
 * sign U+2212 as money() and fixed() write it ("−0.0111", not "-0.0111"), none on what rounds to zero.
 */
export function num(x: number | null | undefined, dp = 2): string {
  if (!ok(x)) return DASH;
  const a = Math.abs(x);
  return withSign(x, a >= 1e4 ? a.toLocaleString('en-US', { maximumFractionDigits: 0 }) : a.toLocaleString('en-US', { maximumFractionDigits: dp, minimumFractionDigits: 0 }));
}
/**
 * A parameter's value as set, every digit kept, thousands grouped and the minus sign U+2212:
 * 1000 → "1,000", 0.35 → "0.35", −0.02 → "−0.02"; missing → DASH.
 */
export function paramText(x: number | null | undefined): string {
  return ok(x) ? withSign(x, Math.abs(x).toLocaleString('en-US', { maximumFractionDigits: 20 })) : DASH;
}
/** A 0–1 index (Gini, resilience) with a fixed number of decimals, so 0.240 lines up with 0.262 (not "0.24"). */
export function fixed(x: number | null | undefined, dp = 3): string {
  if (!ok(x)) return DASH;
  return withSign(x, Math.abs(x).toFixed(dp));
}
/**
 * The inline error of an integer field, or null when `raw` is one in [min, max]: it names the field,
 * the range and what was typed ("Runs must be an integer between 2 and 100,000; got “2.5”").
 */
export function intFieldError(label: string, raw: string, min: number, max: number): string | null {
  // Digits only (an optional minus): Number() also took "1e3", "2.0" and "0x10" as integers.
  const n = Number(raw);
  if (/^\s*-?\d+\s*$/.test(raw) && Number.isInteger(n) && n >= min && n <= max) return null;
  const range = Number.isFinite(max) ? `between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}` : `of ${min.toLocaleString('en-US')} or more`;
  return `${label} must be an integer ${range}; got ${raw.trim() === '' ? 'nothing' : `“${raw}”`}`;
}
/** A decimal field ("2.5"): null when valid, else the message naming the field, the range and the value. */
export function numFieldError(label: string, raw: string, min: number, max: number): string | null {
  // Plain decimals only: Number() also took "1e0", "0x2" and "" (as 0).
  const n = Number(raw);
  if (/^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(raw) && n >= min && n <= max) return null;
  return `${label} must be a number between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}; got ${raw.trim() === '' ? 'nothing' : `“${raw}”`}`;
}
/**
 * A parameter's validation error as the editor shows it: its label first, the code in parentheses and
 * the range grouped ("Number of members (NUM_MEMBERS) must be a positive integer between 1 and
 * 1,000,000; got 0"). The validator's own text ("NUM_MEMBERS must be … between 1 and 1000000; got 0")
 * stays what the CLI and the API say; any other message is returned as it is.
 */
export function paramErrorText(e: { field: string; message: string }): string {
  if (!Object.hasOwn(PARAM_SPECS, e.field)) return e.message;
  const name = e.field as ParamName;
  const m = new RegExp(`^${name} must be (.+?) between \\S+ and [^;\\s]+(.*)$`).exec(e.message);
  if (!m) return e.message;
  const s = PARAM_SPECS[name];
  return `${PARAM_LABELS[name]} (${name}) must be ${m[1]} between ${paramText(s.min)} and ${paramText(s.max)}${m[2]}`;
}
/** An exchange rate field ("1.08"): null when valid, else the message naming the field as labelled, the value and the range. */
export function rateFieldError(label: string, raw: string): string | null {
  if (parseExchangeRate(raw) !== null) return null;
  return `${label} must be a number greater than 0 and at most ${MAX_EXCHANGE_RATE.toLocaleString('en-US')} (US dollars per one unit of the data's currency, with a decimal point); got ${raw.trim() === '' ? 'nothing' : `“${raw}”`}`;
}
/** Upstream's "$9448.06" narrative text as "$9,448.06" (unchanged if it is not such a text). */
export function phaseMoney(text: string): string {
  // "$-5.00" is how the narrative writes a negative ("$" then toFixed); "-$5.00" is read too.
  const m = /^(-?)\$(-?)(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m || (m[1] && m[2])) return text;
  const v = Number(m[3]);
  return money(m[1] || m[2] ? -v : v, m[3].split('.')[1]?.length ?? 0);
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

/** A difference of two rates or shares, in percentage points: 0.02 → "2.0 pts". */
export function pts(x: number | null | undefined, dp = 1): string {
  return ok(x) ? `${grouped(x * 100, dp)} pts` : DASH;
}

/**
 * The formatter of b − a in percentage points for rates shown as pct() (1 decimal): a decimal more
 * when the shown rates would suggest another difference (9.0% and 0.2% beside "−8.9 pts" read
 * wrong; "−8.88 pts" does not), as diffDecimals does for a Gini.
 */
export function ptsBetween(a: number, b: number): (x: number) => string {
  const dp = diffDecimals(a * 100, b * 100, 1);
  return (x) => pts(x, dp);
}

/**
 * How a difference b − a is written beside its two shown values: a rate's (`points`) in percentage
 * points and a 3-decimal value's (`fixed`) with a decimal more when rounding would contradict it;
 * any other in the values' own format `f`.
 */
export function diffFormatter(kind: 'points' | 'fixed' | undefined, a: number, b: number, f: (x: number) => string): (x: number) => string {
  if (kind === 'points') return ptsBetween(a, b);
  if (kind === 'fixed') return (x) => fixed(x, diffDecimals(a, b));
  return f;
}

/**
 * CSS class of a shown difference: 'good'/'bad' by direction, '' (neutral) when there is none or
 * it rounds to zero as shown ("0 pts", "0.000", "$0").
 */
export function diffTone(d: number | null | undefined, shown: string, better: 'higher' | 'lower'): '' | 'good' | 'bad' {
  if (!ok(d) || d === 0 || !/[1-9]/.test(shown)) return '';
  return (better === 'higher' ? d > 0 : d < 0) ? 'good' : 'bad';
}

/**
 * A d3 tick format ("$,.2f", ".3f") with enough decimals that ticks over the data's range are
 * distinct: 0.98…1.00 needs ".3f" (ticks every 0.005), not ".2f" (0.98, 0.98, 0.99, 0.99, 1.00).
 * `minDecimals` is the format's usual precision; at most 6 decimals.
 */
export function tickFormatFor(values: Iterable<number | null | undefined>, minDecimals: number, prefix = ''): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!ok(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  // Plotly picks about 5–10 ticks at 1, 2 or 5 × 10^k: a tenth of the range bounds the tick step.
  const need = range > 0 ? Math.ceil(-Math.log10(range / 10)) : minDecimals;
  return `${prefix}.${Math.min(6, Math.max(minDecimals, need))}f`;
}

/**
 * `tickformatstops` for a fixed-decimals axis ("$," or ""): the decimals follow the tick step Plotly
 * actually draws (steps 1, 2 and 5 × 10^-d get d decimals), so a Gini axis stepping by 0.05 reads
 * 0.30, 0.35 and an index stepping by 0.2 reads 0.2, 0.4, not 0.300 and 0.200; zooming in adds
 * decimals. The stops are the reports' (decimalTickStops).
 */
export function tickStopsFor(prefix = '', maxDecimals = 6): TickStop[] {
  return decimalTickStops((d) => `${prefix}.${d}f`, 0, 0, maxDecimals);
}

/**
 * A number to `digits` significant digits (at least; integers keep every digit), thousands
 * grouped, with the minus sign U+2212: 269.1089 → "269.1", 52110.3 → "52,110", −0.0012345 → "−0.001235".
 */
export function sig(x: number | null | undefined, digits = 4): string {
  if (!ok(x)) return DASH;
  if (x === 0) return '0';
  const dp = Math.min(12, Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(x)))));
  return withSign(x, Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: dp, maximumFractionDigits: dp }));
}

/** "#7 Baseline · 50×156 · seed 42 (done)"; a cancelled set's default name already says "(cancelled)". */
export function runOptionLabel(r: { id: number; name: string; status: string }): string {
  return `#${r.id} ${r.name}${r.name.includes(`(${r.status})`) ? '' : ` (${r.status})`}`;
}

/**
 * The kind, model, seed and size of a run for the line under its name, leaving out the seed or the
 * size when the name already says them (the default names do: "Custom · 50×156 · seed 42").
 */
export function runDetails(name: string | null, doc: Pick<RunDoc, 'kind' | 'completedRuns' | 'runs' | 'model' | 'seed' | 'members' | 'weeks'>): string {
  // Whole words only: "seed 42" is not in "seed 420".
  const has = (s: string) => name !== null && new RegExp(`(^|[^\\d,])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d,])`).test(name);
  // A cancelled set's default name already says "37 of 1000 runs (cancelled)".
  const counted = has(`${doc.completedRuns} of ${doc.runs} runs`) || has(`${doc.completedRuns.toLocaleString('en-US')} of ${doc.runs.toLocaleString('en-US')} runs`);
  // A finished set's default name says "20 runs": "Monte Carlo, 20 of 20 runs" would say it again.
  const whole = doc.completedRuns === doc.runs && (has(`${doc.runs} runs`) || has(`${doc.runs.toLocaleString('en-US')} runs`));
  const parts = [doc.kind === 'montecarlo' ? (counted || whole ? 'Monte Carlo' : `Monte Carlo, ${count(doc.completedRuns)} of ${count(doc.runs)} runs`) : 'single run', `model ${doc.model}`];
  if (!has(`seed ${doc.seed}`)) parts.push(`seed ${doc.seed}`);
  if (!has(`${doc.members}×${doc.weeks}`) && !has(`${count(doc.members)}×${count(doc.weeks)}`)) parts.push(`${count(doc.members)} members × ${count(doc.weeks)} weeks`);
  return parts.join(' · ');
}
