// The human rendering of `sensitivity` and `sweep` (their --json is the API result as is): what was
// measured, the baseline with its interval, and per point the value with its interval and the
// paired difference from the baseline (common random numbers) with its own interval.
import { parseParams, type ParamName, type SimParams } from '../../src-shared/engine';
import { table } from './output';

interface Stats {
  n: number;
  mean: number | null;
  lo: number | null;
  hi: number | null;
}
interface Point {
  kind: 'baseline' | 'oat' | 'grid';
  overrides: Partial<Record<ParamName, number>>;
  stats: Stats | null;
  diff: Stats | null;
  percentChange: number | null;
}
export interface SensitivityResultText {
  mode: 'oat' | 'grid';
  output: string;
  replicates: number;
  confidence: number;
  baseline: Stats | null;
  points: Point[];
  parameters?: { param: ParamName; baseValue: number; coefficient: number | null; slope: number | null }[];
  /** The parameters by |elasticity|, then |slope| (the engine's order). */
  rankings?: { param: ParamName }[];
}

/** Six significant digits without trailing zeros ("0.05", "13768.3"); — when undefined. */
const num = (x: number | null | undefined): string => (typeof x === 'number' && Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '—');
const interval = (s: Stats | null): string => (s && s.lo !== null && s.hi !== null && Number.isFinite(s.lo) && Number.isFinite(s.hi) ? `${num(s.lo)} … ${num(s.hi)}` : '—');
const signedNum = (x: number | null | undefined): string => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? `+${num(x)}` : num(x));
const percent = (x: number | null): string => (x === null || !Number.isFinite(x) ? '—' : `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);

/** `base`: the base parameters the job ran with (the baseline row shows their values). */
export function sensitivityText(r: SensitivityResultText, base: Partial<SimParams>, axes: ParamName[]): string {
  const ci = `${Math.round(r.confidence * 100)}% CI`;
  const b = r.baseline;
  const head = [
    `${r.output}, final week: ${r.replicates} replicate${r.replicates === 1 ? '' : 's'} per point, the same random streams at every point (differences are paired)`,
    `baseline ${num(b?.mean)} (${ci} ${interval(b)}, n = ${b?.n ?? 0})`,
  ];
  const p0 = parseParams(base);
  const rows = r.points.map((p) => {
    const row: Record<string, unknown> = {};
    if (r.mode === 'oat') {
      const [param, value] = (Object.entries(p.overrides)[0] ?? []) as [ParamName | undefined, number | undefined];
      row.param = p.kind === 'baseline' ? 'baseline' : param;
      row.value = p.kind === 'baseline' ? '' : num(value);
    } else for (const a of axes) row[a] = p.kind === 'baseline' ? `${num(p0[a])} (baseline)` : num(p.overrides[a] ?? p0[a]);
    row.mean = num(p.stats?.mean);
    row[ci] = interval(p.stats);
    row['vs baseline'] = p.kind === 'baseline' ? '' : signedNum(p.diff?.mean);
    row[`difference ${ci}`] = p.kind === 'baseline' ? '' : interval(p.diff);
    row.change = p.kind === 'baseline' ? '' : percent(p.percentChange);
    return row;
  });
  const lead = r.mode === 'oat' ? ['param', 'value'] : axes;
  const out = [...head, '', table(rows, [...lead, 'mean', ci, 'vs baseline', `difference ${ci}`, 'change'])];
  if (r.mode === 'oat' && r.parameters?.length) {
    const byParam = new Map(r.parameters.map((p) => [p.param, p]));
    const ranked = (r.rankings ?? r.parameters).map((x) => byParam.get(x.param)!).filter(Boolean);
    out.push('', 'ranking (elasticity: mean % change of the output per % change of the parameter; slope: change per unit)');
    out.push(table(ranked.map((p) => ({ param: p.param, base: num(p.baseValue), elasticity: num(p.coefficient), slope: num(p.slope) })), ['param', 'base', 'elasticity', 'slope']));
  }
  return out.join('\n');
}
