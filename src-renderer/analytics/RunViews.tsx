import { useMemo, useState } from 'react';
import { storySubject, type RunDoc } from '../../src-shared/sim/runDoc';
import { Chart, type Trace } from '../charts/Chart';
import { download, safeFileName, toCsv } from '../charts/csv';
import { count, DASH, diffFormatter, diffTone, fixed, isNum, money, num, pct, phaseMoney, plural, signed, tickFormatFor, tickStopsFor } from './format';
import { metricHelp, metricLabel, VALIDATION_HELP } from './help';
import { Tip } from './Tip';
import { COLOR_A, COLOR_B, lineCsv, lineTraces, pearson, seriesColor } from './traces';
import { fin, verdictOf } from './verdict';
import { LINE_CHARTS } from './lineCharts';
import { minusSigns } from '../../src-shared/report/format';

// ---------- overview ----------

export function ComparisonCards({ doc }: { doc: RunDoc }) {
  const v = verdictOf(doc);
  const mc = doc.kind === 'montecarlo';
  const metricOf: Record<string, string> = { AvgWealth: 'AvgWealth_B', Growth: 'AvgWealth_B', Gini: 'Gini_B', Poverty: 'PovertyRate_B' };
  return (
    <section aria-labelledby="cmp-title">
      <h2 id="cmp-title">Model comparison: Traditional (A) vs. Cooperative (B)</h2>
      <p className="muted">
        Final results after {count(doc.weeks)} weeks, {count(doc.members)} members{mc ? `, mean of ${count(doc.completedRuns)} runs` : ''}.
      </p>
      <div className={`callout ${v.wins >= 2 ? 'ok' : 'warn'} verdict`} role="status">
        <strong>Overall result:</strong> {v.text} {v.tally}
      </div>
      <div className="cards">
        {v.items.map((i) => {
          const { d, shown, tone } = i;
          return (
            <div className="card" key={i.key}>
              <div className="label">
                <Tip text={i.key === 'Growth' ? 'Relative change of average wealth from week 0 to the final week.' : metricHelp(metricOf[i.key])}>{i.label}</Tip>
              </div>
              <dl className="ab">
                <dt>Model A</dt>
                <dd>{isNum(i.a) ? i.f(i.a) : DASH}</dd>
                <dt>Model B</dt>
                <dd>{isNum(i.b) ? i.f(i.b) : DASH}</dd>
                <dt>Difference</dt>
                <dd className={tone}>
                  <span aria-hidden="true">{tone === '' ? '' : d! > 0 ? '▲ ' : '▼ '}</span>
                  {shown}
                  <span className="sr-only">{d === null ? '' : tone === '' ? ' (no difference)' : tone === 'good' ? ' (B better)' : ' (A better)'}</span>
                </dd>
              </dl>
            </div>
          );
        })}
      </div>
    </section>
  );
}

/** A value the metric leaves undefined: the dash, and why when the row knows. */
function missing(why: string | undefined) {
  return why ? <span className="muted small">{DASH} ({why})</span> : DASH;
}

export function KeyMetricsTable({ doc }: { doc: RunDoc }) {
  const mc = doc.kind === 'montecarlo';
  // `diff`: how the difference is written (diffFormatter): rates in points, Gini with a decimal more when rounding would contradict it.
  const rows: { group: string; label: string; a?: string; b: string; f: (x: number) => string; diff?: 'points' | 'fixed'; pctDiff?: boolean; undefinedWhy?: string; lowerBetter?: boolean }[] = [
    { group: 'Wealth', label: 'Total wealth', a: 'TotalWealth_A', b: 'TotalWealth_B', f: (x) => money(x), pctDiff: true },
    { group: 'Wealth', label: 'Average wealth', a: 'AvgWealth_A', b: 'AvgWealth_B', f: (x) => money(x), pctDiff: true },
    { group: 'Wealth', label: 'Median wealth', a: 'MedianWealth_A', b: 'MedianWealth_B', f: (x) => money(x), pctDiff: true },
    { group: 'Inequality', label: 'Gini coefficient', a: 'Gini_A', b: 'Gini_B', f: (x) => fixed(x), diff: 'fixed', lowerBetter: true },
    // Undefined (null) when the bottom 20% hold nothing: a bare dash read as missing data.
    { group: 'Inequality', label: 'Wealth gap (top/bottom 20%)', a: 'WealthGap_A', b: 'WealthGap_B', f: (x) => `${fixed(x, 1)}×`, lowerBetter: true, undefinedWhy: 'no ratio: the bottom 20% hold nothing' },
    { group: 'Inequality', label: 'Poverty rate', a: 'PovertyRate_A', b: 'PovertyRate_B', f: (x) => pct(x), diff: 'points', lowerBetter: true },
    { group: 'Community', label: 'Local economy strength', b: 'LocalEconomyStrength', f: (x) => pct(x) },
    { group: 'Community', label: 'Community resilience', b: 'CommunityResilience', f: (x) => fixed(x) },
    { group: 'Community', label: 'Wealth mobility', b: 'WealthMobility', f: (x) => fixed(x) },
    { group: 'Community', label: 'Average token value', b: 'AvgTokenValue_B', f: (x) => money(x, 2) },
  ];
  // The p5–p95 range across runs, in the row's own format, shown under the mean.
  const range = (m: string, fmt: (x: number) => string) => {
    const f = doc.final[m];
    return mc && f && isNum(f.p5) && isNum(f.p95) ? <div className="small muted">p5–p95 {fmt(f.p5)} – {fmt(f.p95)}</div> : null;
  };
  return (
    <section aria-labelledby="km-title">
      <h2 id="km-title">Key metrics</h2>
      <p className="muted small">Final-week comparison{mc ? '; Monte Carlo means with the p5–p95 range across runs' : ''}.</p>
      <table className="key-metrics">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Metric</th>
            <th scope="col" className="num">Scenario A</th>
            <th scope="col" className="num">Scenario B</th>
            <th scope="col" className="num">Difference</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const a = r.a ? fin(doc, r.a) : null;
            const b = fin(doc, r.b);
            const d = isNum(a) && isNum(b) ? b - a : null;
            // Gini-like rows (fixed decimals) and rates (points): the difference gets a decimal more when rounding would contradict it.
            const shown = d === null ? DASH : signed(d, diffFormatter(r.diff, a as number, b as number, r.f));
            const tone = diffTone(d, shown, r.lowerBetter ? 'lower' : 'higher');
            return (
              <tr key={r.label}>
                <td className="muted">{r.group}</td>
                <th scope="row">
                  <Tip text={metricHelp(r.b)}>{r.label}</Tip>
                </th>
                <td className="num">
                  {r.a ? (isNum(a) ? r.f(a) : missing(r.undefinedWhy)) : <span className="muted">B only</span>}
                  {r.a ? range(r.a, r.f) : null}
                </td>
                <td className="num">
                  {isNum(b) ? r.f(b) : missing(r.undefinedWhy)}
                  {range(r.b, r.f)}
                </td>
                <td className={`num ${tone}`}>
                  {shown}
                  {r.pctDiff && isNum(a) && a !== 0 && d !== null ? ` (${signed(d / Math.abs(a), (x) => pct(x))})` : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

// ---------- charts ----------
/** Room for the legend under the x-axis title, and y titles that never sit on the tick labels. */
/**
 * Y-axis tick formats of a line chart. A fixed-decimals format (".2f", "$,.0f") becomes one with
 * enough decimals that ticks over the plotted values are distinct, plus `tickformatstops` that fit
 * the decimals to the step Plotly draws (tickStopsFor); other formats are kept as they are. Shared
 * by the Analysis and Compare line charts.
 */
export function fitTicks(tick: string | undefined, values: (number | null)[]): { tickformat?: string; tickformatstops?: ReturnType<typeof tickStopsFor> } {
  const m = tick ? /^(\$?,?)\.(\d)f$/.exec(tick) : null;
  if (!m) return tick ? { tickformat: tick } : {};
  return { tickformat: tickFormatFor(values, Number(m[2]), m[1]), tickformatstops: tickStopsFor(m[1]) };
}

export const LINE_BASE = { margin: { l: 60, r: 20, t: 40, b: 90 }, legend: { orientation: 'h', y: -0.32 } };

/**
 * Hover values in the chart's unit and precision ("$15,032", "0.240", "3.0%"): Plotly's default
 * hover printed "(153, 3)" for a poverty rate and two decimals for a Gini the cards show with three.
 * The series name stays in the hover's side label (bands keep their "… p5" / "… p95").
 */
export function withHoverUnits(traces: Trace[], tick: string | undefined, suffix: string): Trace[] {
  const y = tick ? `%{y:${tick}}` : '%{y}';
  return traces.map((t) => {
    const own = typeof t.hovertemplate === 'string' ? /<extra>(.*)<\/extra>/.exec(t.hovertemplate)?.[1] : undefined;
    return { ...t, hovertemplate: `(%{x}, ${y}${suffix})<extra>${own ?? String(t.name ?? '')}</extra>` };
  });
}

export function LineChart({ doc, title, metrics, scale, yTitle, tick, height }: { doc: RunDoc; title: string; metrics: [string, string][]; scale?: number; yTitle: string; tick?: string; height?: number }) {
  const key = JSON.stringify(metrics);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const data = useMemo(() => withHoverUnits(lineTraces(doc, metrics.map(([m, name], i) => ({ metric: m, name, color: seriesColor(metrics.map((x) => x[0]), i), scale }))), tick, yTitle.startsWith('%') ? '%' : ''), [doc, key, scale, tick, yTitle]);
  const ticks = useMemo(() => fitTicks(tick, data.flatMap((t) => (t.y ?? []) as (number | null)[])), [tick, data]);
  const layout = useMemo(() => ({ ...LINE_BASE, xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: yTitle, standoff: 8 }, ...ticks, automargin: true } }), [yTitle, ticks]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const csv = useMemo(() => lineCsv(doc, metrics.map((m) => m[0])), [doc, key]);
  return <Chart title={title} data={data} layout={layout} csv={csv} height={height} description={`${title} by week for ${metrics.map((m) => m[1]).join(' and ')}${doc.bands ? ', with p5–p95 bands across runs' : ''}.`} />;
}

export function ChartsPanel({ doc }: { doc: RunDoc }) {
  return (
    <div className="grid-2">
      {LINE_CHARTS.map((c) => (
        <LineChart key={c.title} doc={doc} {...c} />
      ))}
    </div>
  );
}

// ---------- distribution ----------
export function DistributionPanel({ doc }: { doc: RunDoc }) {
  const d = doc.detail;
  const hist = useMemo<Trace[]>(() => {
    if (!d?.histogram.edges.length) return [];
    const e = d.histogram.edges;
    const mids = e.slice(0, -1).map((x, i) => (x + e[i + 1]) / 2);
    // A bar hovers as what it counts ("3 members with final wealth $25,419–$26,067"); Plotly's
    // default read "Cooperative ...($25,743, 3)": the bin's centre and an unnamed count.
    const bins = (counts: number[]) => counts.map((c, i) => `${plural(c, 'member')} with final wealth ${money(e[i])}–${money(e[i + 1])}`);
    return [
      { type: 'bar', x: mids, y: d.histogram.countsA, name: 'Traditional (A)', marker: { color: COLOR_A }, opacity: 0.75, customdata: bins(d.histogram.countsA), hovertemplate: '%{customdata}<extra>Traditional (A)</extra>' },
      { type: 'bar', x: mids, y: d.histogram.countsB, name: 'Cooperative (B)', marker: { color: COLOR_B }, opacity: 0.75, customdata: bins(d.histogram.countsB), hovertemplate: '%{customdata}<extra>Cooperative (B)</extra>' },
    ];
  }, [d]);
  const histCsv = useMemo(() => (d ? { header: ['bin_from', 'bin_to', 'count_A', 'count_B'], rows: d.histogram.countsA.map((c, i) => [d.histogram.edges[i], d.histogram.edges[i + 1], c, d.histogram.countsB[i]]) } : undefined), [d]);
  const violin = useMemo<Trace[]>(() => {
    if (!d?.members.length) return [];
    const common = { type: 'violin', box: { visible: true }, meanline: { visible: true }, points: false, spanmode: 'hard' };
    return [
      { ...common, y: d.members.map((m) => m.wealthA), x: d.members.map(() => 'Traditional (A)'), name: 'Traditional (A)', line: { color: COLOR_A }, hoverlabel: { namelength: -1 } },
      { ...common, y: d.members.map((m) => m.wealthB), x: d.members.map(() => 'Cooperative (B)'), name: 'Cooperative (B)', line: { color: COLOR_B }, hoverlabel: { namelength: -1 } },
    ];
  }, [d]);
  const violinCsv = useMemo(() => (d ? { header: ['member', 'wealth_A', 'wealth_B'], rows: d.members.map((m) => [m.id, m.wealthA, m.wealthB]) } : undefined), [d]);
  const quint = useMemo<Trace[]>(() => {
    const labels = ['P20', 'P40', 'P60', 'P80'];
    const x = ['20th pct', '40th pct', '60th pct', '80th pct', '90th pct'];
    const ys = (s: 'A' | 'B') => [...labels.map((l) => fin(doc, `WealthQuintiles_${s}_${l}`)), fin(doc, `Top10Percent_${s}`)];
    return [
      { type: 'bar', x, y: ys('A'), name: 'Traditional (A)', marker: { color: COLOR_A }, hovertemplate: '(%{x}, %{y:$,.0f})<extra>Traditional (A)</extra>' },
      { type: 'bar', x, y: ys('B'), name: 'Cooperative (B)', marker: { color: COLOR_B }, hovertemplate: '(%{x}, %{y:$,.0f})<extra>Cooperative (B)</extra>' },
    ];
  }, [doc]);
  if (!d) return <p className="muted">This run has no member detail.</p>;
  // A Monte Carlo set keeps one run's members (the histogram and violin) while the thresholds are
  // means over the set: each chart says which it shows.
  const mc = doc.kind === 'montecarlo';
  const ofRun = mc ? `, run ${d.runIndex} of the set` : '';
  return (
    <div className="grid-2">
      <Chart title={`Final wealth distribution (all members${ofRun})`} data={hist} layout={HIST_LAYOUT} csv={histCsv} description="Histogram of every member's final wealth in A and B, same bins." />
      <Chart title={`Members' final wealth, A vs B (violin${ofRun})`} data={violin} layout={VIOLIN_LAYOUT} csv={violinCsv} description={`Violin plot of final wealth for a sample of ${count(d.members.length)} of ${count(d.memberCount)} members, with box and mean line.`} />
      <Chart title={mc ? `Final wealth thresholds (percentiles, mean of ${count(doc.completedRuns)} runs)` : 'Final wealth thresholds (percentiles)'} data={quint} layout={Q_LAYOUT} description="Final-week wealth percentile thresholds for A and B." />
    </div>
  );
}
const HIST_LAYOUT = { ...LINE_BASE, barmode: 'overlay', xaxis: { title: { text: 'Final wealth ($)' }, tickformat: '$,.0f' }, yaxis: { title: { text: 'Members' }, automargin: true } };
const VIOLIN_LAYOUT = { yaxis: { title: { text: 'Final wealth ($)' }, tickformat: '$,.0f', automargin: true }, showlegend: false };
const Q_LAYOUT = { barmode: 'group', yaxis: { title: { text: 'Wealth ($)' }, tickformat: '$,.0f', automargin: true } };

// ---------- story ----------
export function StoryPanel({ doc }: { doc: RunDoc }) {
  const d = doc.detail;
  if (!d) return <p className="muted">This run has no narrative.</p>;
  const n = d.narrative;
  const subject = storySubject(doc, d);
  return (
    <div className="story">
      <h2>{n.title}</h2>
      {subject && <p className="muted small">This narrative and its key events read {subject}.</p>}
      <p>{minusSigns(n.overview)}</p>
      <div className="cards">
        <div className="card">
          <div className="label">Wealth impact</div>
          <p>{minusSigns(n.key_findings.wealth_impact.summary)}</p>
          <p className="small muted">{minusSigns(n.key_findings.wealth_impact.details)}</p>
        </div>
        <div className="card">
          <div className="label">Equality measures</div>
          <p>{minusSigns(n.key_findings.equality_measures.summary)}</p>
          <p className="small muted">{minusSigns(`${n.key_findings.equality_measures.gini} ${n.key_findings.equality_measures.details}`)}</p>
        </div>
        <div className="card">
          <div className="label">Community health</div>
          <p>{minusSigns(n.key_findings.community_health.poverty)}</p>
          <p className="small muted">
            {minusSigns(`${n.key_findings.community_health.resilience} ${n.key_findings.community_health.details} ${n.key_findings.community_health.sustainability}`)}
          </p>
        </div>
      </div>
      <h2>Key events</h2>
      {d.keyEvents.length ? (
        <ol className="timeline" aria-label="Key events timeline">
          {d.keyEvents.map((e, i) => (
            <li key={i} className={`ev-${e.type}`}>
              <span className="ev-week">Week {e.week}</span> <span>{e.description}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No significant key events detected.</p>
      )}
      <h2>Phases</h2>
      {/* Its words ("Characteristics") do not wrap: at 900 px the table pushed the whole page sideways; it scrolls in its own box. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Phases (scrolls sideways)">
      <table>
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Period</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">Growth</th>
            <th scope="col" className="num">Average wealth</th>
            <th scope="col" className="num">Poverty</th>
            <th scope="col" className="num">Gini</th>
            <th scope="col">Characteristics</th>
          </tr>
        </thead>
        <tbody>
          {n.phase_analysis.map((p) => (
            <tr key={p.phase}>
              <td>{p.phase}</td>
              <td>{p.period}</td>
              <td>{p.label || p.type}</td>
              <td className="num">{pct(p.growth)}</td>
              {/* The narrative keeps upstream's "$x.xx" text (spec); the table shows it with thousands separators. */}
              <td className="num">{minusSigns(phaseMoney(p.metrics.avg_wealth))}</td>
              <td className="num">{p.metrics.poverty_rate}</td>
              <td className="num">{p.metrics.gini}</td>
              <td className="small">{minusSigns(p.characteristics)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <h2>Conclusion</h2>
      <p>{minusSigns(n.conclusion)}</p>
    </div>
  );
}

// ---------- tables ----------
export function yearlyRows(doc: RunDoc) {
  const w = doc.weekly;
  const years = new Map<number, number[]>();
  for (let k = 1; k <= doc.weeks; k++) {
    const y = Math.floor((k - 1) / 52) + 1;
    (years.get(y) ?? years.set(y, []).get(y)!).push(k);
  }
  const mean = (m: string, ks: number[]) => {
    const v = ks.map((k) => w[m]?.[k]).filter(isNum);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  // A last year shorter than 52 weeks says so: its means and "year end" are those of its weeks only.
  return [...years.entries()].map(([y, ks]) => ({ year: y, weeks: ks.length < 52 ? `weeks ${ks[0]}–${ks[ks.length - 1]}` : null, avgA: mean('AvgWealth_A', ks), avgB: mean('AvgWealth_B', ks), totA: w.TotalWealth_A?.[ks[ks.length - 1]] ?? null, totB: w.TotalWealth_B?.[ks[ks.length - 1]] ?? null, giniA: mean('Gini_A', ks), giniB: mean('Gini_B', ks) }));
}

/**
 * The member table's caption: the rows on screen, of the stored sample, of the run's members (the
 * sample is every member up to MEMBER_SAMPLE, then evenly spaced ids).
 */
function memberCaption(shown: number, sampled: number, members: number): string {
  const n = count;
  return sampled >= members ? `Showing ${n(shown)} of ${n(members)} members` : `Showing ${n(shown)} of ${n(sampled)} sampled members (evenly spaced ids) of the run’s ${n(members)}`;
}

export function TablesPanel({ doc }: { doc: RunDoc }) {
  const [shown, setShown] = useState(25);
  const yr = useMemo(() => yearlyRows(doc), [doc]);
  const m = doc.detail?.members ?? [];
  return (
    <div>
      <h2>Yearly averages</h2>
      <table>
        <caption className="sr-only">Yearly averages: wealth means, year-end totals and mean Gini</caption>
        <thead>
          <tr>
            <th scope="col">Year</th>
            <th scope="col" className="num">Avg wealth A (year mean)</th>
            <th scope="col" className="num">Avg wealth B (year mean)</th>
            <th scope="col" className="num">Total wealth A (year end)</th>
            <th scope="col" className="num">Total wealth B (year end)</th>
            <th scope="col" className="num">Gini A (year mean)</th>
            <th scope="col" className="num">Gini B (year mean)</th>
          </tr>
        </thead>
        <tbody>
          {yr.map((r) => (
            <tr key={r.year}>
              <td>{r.year}{r.weeks ? <span className="muted small"> ({r.weeks})</span> : null}</td>
              <td className="num">{money(r.avgA)}</td>
              <td className="num">{money(r.avgB)}</td>
              <td className="num">{money(r.totA)}</td>
              <td className="num">{money(r.totB)}</td>
              <td className="num">{fixed(r.giniA, 3)}</td>
              <td className="num">{fixed(r.giniB, 3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Final member states (sample)</h2>
      <p className="muted small" aria-live="polite">
        {memberCaption(Math.min(shown, m.length), m.length, doc.detail?.memberCount ?? doc.members)}
        {doc.kind === 'montecarlo' ? `, from run ${doc.detail?.runIndex}` : ''}.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col" className="num">Income</th>
            <th scope="col" className="num">Budget</th>
            <th scope="col" className="num">Wealth A</th>
            <th scope="col" className="num">Wealth B</th>
            <th scope="col" className="num"><Tip text="Scenario B's money (FoodUSD in the model and the members CSV): wealth B without the tokens' value">Cash B</Tip></th>
            <th scope="col" className="num">GroTokens</th>
          </tr>
        </thead>
        <tbody>
          {m.slice(0, shown).map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td className="num">{money(r.income, 2)}</td>
              <td className="num">{money(r.budget, 2)}</td>
              <td className="num">{money(r.wealthA, 2)}</td>
              <td className="num">{money(r.wealthB, 2)}</td>
              <td className="num">{money(r.foodUsdB, 2)}</td>
              <td className="num">{isNum(r.tokens) ? r.tokens.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : DASH}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown < m.length ? (
        <button type="button" onClick={() => setShown((s) => s + 100)}>
          Show more members ({m.length - shown} left)
        </button>
      ) : null}
    </div>
  );
}

// ---------- flows ----------
export function FlowsPanel({ doc }: { doc: RunDoc }) {
  const f = doc.detail?.flows;
  const N = doc.detail?.memberCount ?? doc.members;
  const W = doc.weeks || 1;
  const bars = useMemo<Trace[]>(() => {
    if (!f) return [];
    const per = (x: number) => x / N / W;
    const x = ['Weekly income', 'Internal (co-op) spending', 'External spending', 'Savings from co-op', 'GroToken value', 'Co-op fee'];
    return [{ type: 'bar', orientation: 'h', y: x, x: [per(f.incomeB), per(f.spendInternalB), per(f.spendExternalB), per(f.coopSavingsB), per(f.tokenValueUsd), per(f.feesB)], name: 'Per member per week (B)', marker: { color: COLOR_B } }];
  }, [f, N, W]);
  const sankey = useMemo<Trace[]>(() => {
    if (!f) return [];
    const retained = Math.max(0, f.finalFoodUsdB);
    const labels = ['Initial wealth', 'Income (B)', 'USD (B)', 'Co-op purchases', 'External purchases', 'Co-op fees', 'GroToken rewards', 'Final wealth B'];
    const links: [number, number, number, string][] = [
      [0, 2, f.initialWealth, 'initial wealth'],
      [1, 2, f.incomeB, 'income'],
      [2, 3, f.spendInternalB, 'bought through the co-op'],
      [2, 4, f.spendExternalB, 'bought outside'],
      [2, 5, f.feesB, 'fees'],
      [2, 7, retained, 'USD kept'],
      [6, 7, Math.max(0, f.tokenValueUsd), 'token value'],
    ];
    const l = links.filter((x) => x[2] > 0);
    return [{ type: 'sankey', orientation: 'h', arrangement: 'snap', node: { label: labels, pad: 18, thickness: 16, color: ['#7f8c8d', '#2ca02c', COLOR_B, '#17becf', '#d62728', '#9467bd', '#e6b422', '#1a7f37'] }, link: { source: l.map((x) => x[0]), target: l.map((x) => x[1]), value: l.map((x) => x[2]), label: l.map((x) => x[3]), color: 'rgba(136,149,167,0.35)' }, valueformat: '$,.0f' }];
  }, [f]);
  const sankeyCsv = useMemo(() => (f ? { header: ['flow', 'usd'], rows: Object.entries(f).map(([k, v]) => [k, v as number]) } : undefined), [f]);
  const waterfall = useMemo(() => {
    if (!f) return null;
    const A = f.finalWealthA;
    const B = f.finalWealthB;
    const income = f.incomeB - f.incomeA;
    const food = f.spendA - f.spendInternalB - f.spendExternalB;
    const fees = -f.feesB;
    const tokens = f.tokenValueUsd;
    const resid = B - A - income - food - fees - tokens;
    const steps: [string, number][] = [['Income difference', income], ['Food spending saved', food], ['Co-op fees', fees], ['GroToken value', tokens]];
    if (Math.abs(resid) > 1e-6 * Math.max(1, Math.abs(B))) steps.push(['Other (budget floors, rounding)', resid]);
    const x = ['Final wealth A', ...steps.map((s) => s[0]), 'Final wealth B'];
    const y = [A, ...steps.map((s) => s[1]), B];
    const measure = ['absolute', ...steps.map(() => 'relative'), 'total'];
    // Each bar hovers as the flows table and the text above write it ("Food spending saved: +$70,392");
    // Plotly's waterfall hover read "(Food spending saved, $752k)$70.4k ▲Initial: $681k".
    const text = y.map((v, i) => (measure[i] === 'relative' ? signed(v, (m) => money(m)) : money(v)));
    return { data: [{ type: 'waterfall', x, y, measure, name: 'B − A', customdata: text, hovertemplate: '%{x}: %{customdata}<extra></extra>', connector: { line: { color: '#8895a7' } }, increasing: { marker: { color: '#1a7f37' } }, decreasing: { marker: { color: '#c62828' } }, totals: { marker: { color: COLOR_B } } }] as Trace[], csv: { header: ['step', 'usd', 'measure'], rows: x.map((s, i) => [s, y[i], measure[i]]) } };
  }, [f]);
  if (!f) return <p className="muted">This run has no flow detail.</p>;
  return (
    <div>
      <p className="muted small">
        {/* A single run is "this run" (it read "run 0", an index the run history never shows); a set names its representative run. */}
        Cumulative flows of {doc.kind === 'montecarlo' ? `run ${doc.detail?.runIndex} of the set` : 'this run'} over {count(doc.weeks)} weeks for all {count(N)} members. Wealth B = USD + tokens × price.
        Co-op discounts realised: {money(f.coopSavingsB)}; tokens minted: {num(f.tokensMinted, 0)}.
      </p>
      <div className="grid-2">
        <Chart title="Value flow per member per week (B)" data={bars} layout={FLOW_BAR_LAYOUT} description="Average weekly income, spending, savings, token value and fee per member in scenario B." />
        <Chart title="Token and USD flows (Sankey, B)" data={sankey} layout={SANKEY_LAYOUT} csv={sankeyCsv} description="Sankey of the cumulative USD and token flows in scenario B." />
        {waterfall ? <Chart title="Where B − A comes from (waterfall)" data={waterfall.data} layout={WF_LAYOUT} csv={waterfall.csv} description="Waterfall from the final total wealth of A to that of B, step by step." /> : null}
      </div>
      <h2>The dual-token economy</h2>
      <p>
        In scenario B each member spends part of the food budget through the co-op, where group buying and local production lower prices; the rest is bought outside. Each week a
        member also earns GroTokens, counted at their dollar price, and pays the co-op fee. Wealth B is the member’s USD plus tokens × price, so the advantage of B over A is the
        discount on co-op purchases plus the token value, minus fees.
      </p>
    </div>
  );
}
const FLOW_BAR_LAYOUT = { xaxis: { title: { text: '$ per member per week' }, tickformat: '$,.2f' }, yaxis: { automargin: true }, margin: { l: 170, r: 20, t: 40, b: 45 }, showlegend: false };
const SANKEY_LAYOUT = {};
const WF_LAYOUT = { yaxis: { title: { text: 'Total wealth ($)' }, tickformat: '$,.3~s', automargin: true }, showlegend: false, xaxis: { automargin: true } };

// ---------- correlations ----------
export const CORR_METRICS = ['AvgWealth_A', 'AvgWealth_B', 'Gini_A', 'Gini_B', 'PovertyRate_A', 'PovertyRate_B', 'WealthMobility', 'EconomicVelocity', 'RiskResilience', 'AvgTokenValue_B', 'WealthDifference'];
export function CorrelationPanel({ doc }: { doc: RunDoc }) {
  const src = doc.detail?.weekly ?? doc.weekly;
  const { z, labels, csv } = useMemo(() => {
    const ms = CORR_METRICS.filter((m) => src[m]);
    const z = ms.map((a) => ms.map((b) => pearson(src[a], src[b])));
    return { z, labels: ms.map(metricLabel), csv: { header: ['metric', ...ms], rows: ms.map((m, i) => [m, ...z[i]]) } };
  }, [src]);
  // Cell text formatted here, not by Plotly's d3 format: the app's minus sign (U+2212), and no "−0.00".
  const text = useMemo(() => z.map((row) => row.map((v) => (isNum(v) ? signed(v, (x) => x.toFixed(2)) : ''))), [z]);
  const data = useMemo<Trace[]>(() => [{ type: 'heatmap', z, text, x: labels, y: labels, zmin: -1, zmax: 1, colorscale: 'RdBu', reversescale: true, hovertemplate: '%{y} × %{x}: %{text}<extra></extra>', texttemplate: '%{text}', textfont: { size: 10 } }], [z, text, labels]);
  return (
    <div>
      <p className="muted small">Pearson correlations between the weekly series of {doc.kind === 'montecarlo' ? `the representative run (${doc.detail?.runIndex})` : 'this run'}. Blank cells: a series is constant or undefined.</p>
      <Chart title="Correlation between weekly metrics" data={data} layout={CORR_LAYOUT} height={520} csv={csv} description="Heatmap of correlations between weekly metric series, −1 to 1." />
    </div>
  );
}
const CORR_LAYOUT = { margin: { l: 190, r: 20, t: 40, b: 150 }, xaxis: { tickangle: -40, automargin: true }, yaxis: { automargin: true } };

// ---------- validation ----------
export function ValidationPanel({ doc }: { doc: RunDoc }) {
  const c = doc.detail?.mathCheck;
  const p = doc.params;
  const ratio = p.WEEKLY_INCOME_AVG / p.WEEKLY_FOOD_BUDGET_AVG;
  if (!c) return <p className="muted">No math check for this run.</p>;
  const label = c.score >= 90 ? 'High' : c.score >= 70 ? 'Medium' : 'Low';
  return (
    <div>
      {ratio < 1.8 ? (
        // "Severe" below 1.3, the band in which the math test widens its threshold most (mathtests.ts):
        // the standard Economic Downturn preset (1.5) was called severe, beside a Severe preset (1.25).
        <div className={`callout ${ratio < 1.3 ? 'error' : 'warn'}`} role="note">
          <strong>{ratio < 1.3 ? 'Severe economic downturn' : 'Economic downturn'}:</strong> income is only {num(ratio, 2)}× the food budget, so members run short and the closed-form
          expectation overstates the benefit; the error threshold is widened accordingly.
        </div>
      ) : null}
      <div className="cards">
        <div className="card"><div className="label"><Tip text={VALIDATION_HELP.expected}>Expected D</Tip></div><div className="value">{money(c.expectedD)}</div></div>
        <div className="card"><div className="label"><Tip text={VALIDATION_HELP.actual}>{doc.kind === 'montecarlo' ? `Actual D (run ${doc.detail?.runIndex} of the set)` : 'Actual D'}</Tip></div><div className="value">{money(c.actualD)}</div></div>
        <div className="card"><div className="label"><Tip text={VALIDATION_HELP.error}>Error</Tip></div><div className="value">{pct(c.error)}</div></div>
        <div className="card"><div className="label"><Tip text={VALIDATION_HELP.threshold}>Threshold</Tip></div><div className="value">{pct(c.threshold, 0)}</div></div>
        <div className="card"><div className="label"><Tip text={VALIDATION_HELP.score}>Score</Tip></div><div className="value">{num(c.score, 0)} / 100 <span className={`badge ${label.toLowerCase()}`}>{label}</span></div></div>
      </div>
      <ul className="checks">
        <li>{c.direction ? '✔' : '✘'} Direction: B ends ahead of A (D &gt; 0)</li>
        <li>{c.pass ? '✔' : '✘'} Consistency: error within the threshold</li>
        <li>{c.magnitude ? '✔' : '✘'} Magnitude: per-member benefit between half a week’s income and half of all income</li>
        <li>{c.giniImproved ? '✔' : '✘'} Equality: Gini B below Gini A</li>
      </ul>
      <p className="muted small">
        Expected value from the {c.model === 'reference' ? 'closed form of the reference rules' : 'upstream final math model'}; the other model gives{' '}
        {money(c.model === 'reference' ? c.finalModelD : c.analyticD)}.
      </p>
    </div>
  );
}

// ---------- export data ----------
/**
 * The Analysis view's data exports. Their names start with the run's id, so two runs of the same
 * name (every default-sized custom run is "Custom · 50×156 · seed 42") do not write the same file
 * name; the members of a Monte Carlo set are one run's, and the name says which.
 */
export function ExportData({ doc, name, id }: { doc: RunDoc; name: string; id?: number }) {
  const base = `${id === undefined ? '' : `run${id}_`}${safeFileName(name || 'simulation')}`;
  const membersOf = doc.kind === 'montecarlo' && doc.detail ? `_run${doc.detail.runIndex}` : '';
  const weekly = () => {
    const ms = doc.metricNames;
    const rows = Array.from({ length: doc.weeks + 1 }, (_, w) => ms.map((m) => doc.weekly[m]?.[w] ?? null));
    if (doc.kind !== 'montecarlo') return download(`${base}_history.csv`, toCsv(ms, rows));
    // A set's weekly values are means over its runs: the headers say so, and the p5/p50/p95 bands
    // the charts draw follow (the means alone read as one run's history).
    const banded = ms.filter((m) => doc.bands?.[m]);
    const header = [...ms.map((m) => (m === 'Week' || m === 'Year' || m === 'Quarter' ? m : `${m}_mean`)), ...banded.flatMap((m) => [`${m}_p5`, `${m}_p50`, `${m}_p95`])];
    const bandRows = rows.map((r, w) => [...r, ...banded.flatMap((m) => [doc.bands![m].p5[w] ?? null, doc.bands![m].p50[w] ?? null, doc.bands![m].p95[w] ?? null])]);
    download(`${base}_history.csv`, toCsv(header, bandRows));
  };
  const members = () => {
    const m = doc.detail?.members ?? [];
    download(`${base}${membersOf}_members.csv`, toCsv(['ID', 'Income', 'Budget', 'Wealth_A', 'Wealth_B', 'FoodUSD_B', 'GroToken_B'], m.map((r) => [r.id, r.income, r.budget, r.wealthA, r.wealthB, r.foodUsdB, r.tokens])));
  };
  const events = () => download(`${base}_events.csv`, toCsv(['week', 'type', 'description'], (doc.detail?.keyEvents ?? []).map((e) => [e.week, e.type, e.description])));
  const json = () => download(`${base}_complete.json`, JSON.stringify(doc), 'application/json');
  return (
    <div className="toolbar" role="group" aria-label="Export data">
      <span className="muted">Export data:</span>
      <button type="button" onClick={weekly}>Weekly history CSV</button>
      <button type="button" onClick={members} disabled={!doc.detail}>Members CSV</button>
      <button type="button" onClick={events} disabled={!doc.detail}>Key events CSV</button>
      <button type="button" onClick={json}>Complete JSON</button>
    </div>
  );
}
