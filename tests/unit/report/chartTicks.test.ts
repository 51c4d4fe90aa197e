import { describe, expect, it } from 'vitest';
import { applyPreset, runSimulation } from '../../../src-shared/engine';
import { axisTickFormat } from '../../../src-shared/report/format';
import { parseReport, type ChartBlock, type Report } from '../../../src-shared/report/model';
import { singleRunDoc, type RunDoc } from '../../../src-shared/sim/runDoc';
import { buildComparisonReport, buildRunReport } from '../../../src-shared/sim/runReport';

type Stop = { dtickrange: [number | null, number | null]; value: string };
type Axis = { tickformat?: string; tickformatstops?: Stop[] };

/** Plotly's automatic linear ticks: tick0 0, dtick = 2, 5 or 10 × 10^k ≥ range / nt, nt = 5…10 by axis length. */
function plotlyTicks(lo: number, hi: number, nt: number): { dtick: number; ticks: number[] } {
  const rough = (hi - lo) / nt;
  const base = 10 ** Math.floor(Math.log10(rough));
  const dtick = base * [2, 5, 10].find((s) => s >= rough / base)!;
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / dtick - 1e-9); i * dtick <= hi + 1e-12; i++) ticks.push(i * dtick);
  return { dtick, ticks };
}
/** The format Plotly applies at `dtick`: the first stop whose range holds it, else `tickformat`. */
function formatAt(axis: Axis, dtick: number): string {
  const stop = axis.tickformatstops?.find(({ dtickrange: [a, b] }) => (a === null || a <= dtick) && (b === null || b >= dtick));
  return stop?.value ?? axis.tickformat ?? '';
}
/** d3-format for the two shapes the reports use: ".N%" and "$,.Nf". */
function d3(fmt: string, v: number): string {
  const pct = /^\.(\d)%$/.exec(fmt);
  if (pct) return `${(v * 100).toFixed(Number(pct[1]))}%`;
  const usd = /^\$,\.(\d)f$/.exec(fmt);
  if (usd) return `$${v.toLocaleString('en-US', { minimumFractionDigits: Number(usd[1]), maximumFractionDigits: Number(usd[1]) })}`;
  throw new Error(`unexpected tick format ${fmt}`);
}
/** Tick labels as Plotly draws them over the data of `chart`, for each axis length (nt 5…10). */
function tickLabels(chart: ChartBlock): { dtick: number; ticks: number[]; labels: string[]; unzoomed: string[] }[] {
  const ys = chart.figure.data.flatMap((t) => (t.y ?? []).filter((v): v is number => typeof v === 'number'));
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const axis = (chart.figure.layout as { yaxis: Axis }).yaxis;
  return [5, 6, 7, 8, 9, 10].map((nt) => {
    const { dtick, ticks } = plotlyTicks(lo, hi, nt);
    return { dtick, ticks, labels: ticks.map((t) => d3(formatAt(axis, dtick), t)), unzoomed: ticks.map((t) => d3(axis.tickformat!, t)) };
  });
}
const chart = (r: Report, id: string): ChartBlock => {
  const b = r.sections.flatMap((s) => s.blocks).find((x) => x.type === 'chart' && x.id === id);
  if (!b || b.type !== 'chart') throw new Error(`no chart ${id}`);
  return b;
};
/** Every label distinct and equal to its tick value (no "1%" for 1.5%). */
function expectExactTicks(c: ChartBlock) {
  for (const { ticks, labels, unzoomed } of tickLabels(c)) {
    for (const shown of [labels, unzoomed]) {
      expect(new Set(shown).size, shown.join(', ')).toBe(shown.length);
      shown.forEach((l, i) => expect(Number(l.replace(/[$,%]/g, '')) / (l.endsWith('%') ? 100 : 1)).toBeCloseTo(ticks[i], 12));
    }
  }
}

// The new user's case: strong cooperation, poverty between 0% and 2% (ticks every 0.5%).
const strong = singleRunDoc(runSimulation(applyPreset('strong-cooperation'), { seed: 42 }), 1);
const baseline = singleRunDoc(runSimulation(applyPreset('baseline'), { seed: 42 }), 1);
const withPoverty = (doc: RunDoc, scale: number): RunDoc => ({
  ...doc,
  weekly: { ...doc.weekly, PovertyRate_A: doc.weekly.PovertyRate_A.map((v) => (v === null ? null : v * scale)), PovertyRate_B: doc.weekly.PovertyRate_B.map((v) => (v === null ? null : v * scale)) },
});

describe('report chart tick formats', () => {
  it('the poverty chart of a run report labels 0.5% ticks as 0.5%, 1.5% (".0%" printed 0%, 1%, 1%, 2%, 2%)', () => {
    const r = parseReport(buildRunReport({ id: 1, name: 'strong', createdAt: '' }, strong, '0.1.0'));
    const c = chart(r, 'poverty');
    const max = Math.max(...strong.weekly.PovertyRate_A.map((v) => v ?? 0));
    expect(max).toBeGreaterThan(0.01);
    expect(max).toBeLessThan(0.05);
    expect((c.figure.layout as { yaxis: Axis }).yaxis.tickformat).toBe('.1%');
    expect(tickLabels(c).some((t) => t.labels.includes('0.5%') && t.labels.includes('1.5%'))).toBe(true);
    expectExactTicks(c);
  });

  it('stays whole percents over a wide range and exact over a tiny one, in run and comparison reports', () => {
    const wide = chart(parseReport(buildRunReport({ id: 1, name: 'wide', createdAt: '' }, withPoverty(strong, 20), '0.1.0')), 'poverty');
    expect((wide.figure.layout as { yaxis: Axis }).yaxis.tickformat).toBe('.0%');
    expectExactTicks(wide);
    const tiny = chart(parseReport(buildRunReport({ id: 1, name: 'tiny', createdAt: '' }, withPoverty(strong, 0.01), '0.1.0')), 'poverty');
    expect((tiny.figure.layout as { yaxis: Axis }).yaxis.tickformat).toBe('.3%');
    expectExactTicks(tiny);
    const cmp = parseReport(buildComparisonReport([{ meta: { id: 1, name: 'strong', createdAt: '' }, doc: strong }, { meta: { id: 2, name: 'baseline', createdAt: '' }, doc: baseline }], '0.1.0'));
    expectExactTicks(chart(cmp, 'cmp-povertyrate-b'));
    expectExactTicks(chart(cmp, 'cmp-avgwealth-b'));
    expect((chart(cmp, 'cmp-avgwealth-b').figure.layout as { yaxis: Axis }).yaxis.tickformat).toBe('$,.0f');
  });

  it('zoomed in, the tick step picks a format with enough decimals', () => {
    const axis = axisTickFormat([0, 0.02], 'percent');
    expect(formatAt(axis, 0.01)).toBe('.0%');
    expect(formatAt(axis, 0.005)).toBe('.1%');
    expect(formatAt(axis, 0.001)).toBe('.1%');
    expect(formatAt(axis, 0.0002)).toBe('.2%');
    const usd = axisTickFormat([1000, 1001], 'currency');
    expect(usd.tickformat).toBe('$,.1f'); // a $1 range ticks every $0.1 at the finest
    expect(formatAt(usd, 50)).toBe('$,.0f');
    expect(formatAt(usd, 0.5)).toBe('$,.1f');
    expect(axisTickFormat([0.3, 0.3], 'percent').tickformat).toBe('.0%');
  });
});
