import type { Trace } from '../charts/Chart';
import type { RunDoc } from '../../src-shared/sim/runDoc';

import { SCENARIO_COLORS } from '../../src-shared/sim/colors';

export const COLOR_A = SCENARIO_COLORS.A;
export const COLOR_B = SCENARIO_COLORS.B;
export const PALETTE = ['#1f77d0', '#d9822b', '#2ca02c', '#b03bb0', '#8c564b', '#17becf'];

/**
 * A and B keep their colours everywhere. Charts of B-only series (community indices) must not paint
 * one of them in A's colour: they get B's colour, then the palette's green.
 */
export function seriesColor(metrics: string[], i: number): string {
  const m = metrics[i];
  if (/(^|_)A(_|$)/.test(m)) return COLOR_A;
  if (metrics.every((x) => /(^|_)[AB](_|$)/.test(x))) return COLOR_B;
  return i === 0 ? COLOR_B : PALETTE[2 + ((i - 1) % (PALETTE.length - 2))];
}

export const weeksOf = (doc: Pick<RunDoc, 'weeks'>) => Array.from({ length: doc.weeks + 1 }, (_, i) => i);

export function rgba(hex: string, a: number) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/**
 * Black or white, whichever reads better on `hex` (WCAG contrast): for text Plotly draws inside a
 * bar, where its own pick (#444 or white) gave 3.3:1 on A's orange.
 */
export function textOn(hex: string): '#000000' | '#ffffff' {
  const n = parseInt(hex.slice(1), 16);
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const l = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/** Hover labels name the whole series (Plotly cuts names to 15 characters: "Cooperative ..."). */
const FULL_NAME = { namelength: -1 };

/** Line traces for metrics of a run; a Monte Carlo set also gets its p5–p95 band per metric. */
export function lineTraces(doc: RunDoc, series: { metric: string; name: string; color: string; scale?: number; dash?: string }[]): Trace[] {
  const x = weeksOf(doc);
  // Every band first, then every mean line: a later series' band drawn over an earlier mean line
  // tinted it (A's orange mean read as grey under B's blue band).
  const bands: Trace[] = [];
  const lines: Trace[] = [];
  for (const s of series) {
    const k = s.scale ?? 1;
    const sc = (a: (number | null)[] | undefined) => (a ?? []).map((v) => (v === null ? null : v * k));
    const band = doc.bands?.[s.metric];
    if (band) {
      // The band's edges hover as what they are ("… p5", "… p95"): the p5 edge carries the legend
      // entry "… p5–p95", and its hover (name cut to 15 characters) read like the mean line's.
      bands.push({ type: 'scatter', mode: 'lines', x, y: sc(band.p95), name: `${s.name} p95`, line: { width: 0, color: s.color }, showlegend: false, hovertemplate: `(%{x}, %{y})<extra>${s.name} p95</extra>`, hoverlabel: FULL_NAME });
      bands.push({ type: 'scatter', mode: 'lines', x, y: sc(band.p5), name: `${s.name} p5–p95`, line: { width: 0, color: s.color }, fill: 'tonexty', fillcolor: rgba(s.color, 0.18), hovertemplate: `(%{x}, %{y})<extra>${s.name} p5</extra>`, hoverlabel: FULL_NAME });
    }
    lines.push({ type: 'scatter', mode: 'lines', x, y: sc(doc.weekly[s.metric]), name: band ? `${s.name} (mean)` : s.name, line: { color: s.color, width: 2, ...(s.dash ? { dash: s.dash } : {}) }, hoverlabel: FULL_NAME });
  }
  return [...bands, ...lines];
}

/** CSV for line charts: week plus every series (and band) column. */
export function lineCsv(doc: RunDoc, metrics: string[]) {
  const header = ['Week'];
  for (const m of metrics) {
    header.push(m);
    if (doc.bands?.[m]) header.push(`${m}_p5`, `${m}_p50`, `${m}_p95`);
  }
  const rows = weeksOf(doc).map((w) => {
    const r: (number | null)[] = [w];
    for (const m of metrics) {
      r.push(doc.weekly[m]?.[w] ?? null);
      const b = doc.bands?.[m];
      if (b) r.push(b.p5[w], b.p50[w], b.p95[w]);
    }
    return r;
  });
  return { header, rows };
}

/** Pearson correlation of two series over the weeks where both are defined (null if undefined). */
export function pearson(a: (number | null)[], b: (number | null)[]): number | null {
  let n = 0, sa = 0, sb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== null && b[i] !== null) { n++; sa += a[i]!; sb += b[i]!; }
  if (n < 3) return null;
  const ma = sa / n, mb = sb / n;
  let cov = 0, va = 0, vb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === null || b[i] === null) continue;
    const da = a[i]! - ma, db = b[i]! - mb;
    cov += da * db; va += da * da; vb += db * db;
  }
  if (va <= 1e-18 * n || vb <= 1e-18 * n) return null;
  return cov / Math.sqrt(va * vb);
}
