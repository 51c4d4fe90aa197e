/**
 * Report builders for runs: one run or a Monte Carlo set, and a comparison of 2–4 runs.
 * They turn stored RunDocs into the one report model (src-shared/report/model.ts); every number
 * comes from the engine's results.
 */
import { chainReportSection } from '../chain/report';
import { BINS, EXACT_RUNS, flowLabel, metricLabel, metricLabelWithUnit, PARAM_LABELS, type ParamName } from '../engine';
import { axisTickFormat, diffDecimals, grouped, minusSigns, money } from '../report/format';
import type { BlockInput, ReportInput } from '../report/model';
import { SCENARIO_COLORS } from './colors';
import { storySubject, type RunDetailDoc, type RunDoc } from './runDoc';

export { SCENARIO_COLORS };

export interface RunMeta {
  id: number | null;
  name: string;
  createdAt: string;
}

const pick = ['AvgWealth_A', 'AvgWealth_B', 'MedianWealth_A', 'MedianWealth_B', 'TotalWealth_A', 'TotalWealth_B', 'Gini_A', 'Gini_B', 'PovertyRate_A', 'PovertyRate_B', 'Bottom20PctShare', 'WealthDifference'];
const percentMetrics = new Set(['Gini_A', 'Gini_B', 'PovertyRate_A', 'PovertyRate_B', 'Bottom20PctShare']);
const currencyMetric = (m: string) => /Wealth|Difference|Top10|Bottom10|Quintiles/.test(m) && !percentMetrics.has(m);

function typeOf(metric: string): 'percent' | 'currency' | 'number' {
  return percentMetrics.has(metric) || /Rate|Share|Gini/.test(metric) ? 'percent' : currencyMetric(metric) ? 'currency' : 'number';
}

/** Printed chart data of a compared series: dollars, percent, or the Gini index as a number. */
function seriesFormat(metric: string): { type: 'currency' | 'percent' | 'number'; decimals?: number } {
  if (metric.startsWith('Gini')) return { type: 'number', decimals: 4 };
  return { type: typeOf(metric) };
}
/** Its y axis: the unit in the title, dollar or percent ticks with as many decimals as the values' range needs. */
function seriesAxis(metric: string, values: Iterable<unknown>): Record<string, unknown> {
  const f = seriesFormat(metric);
  if (f.type === 'currency') return { title: { text: 'Wealth ($)' }, ...axisTickFormat(values, 'currency') };
  if (f.type === 'percent') return { title: { text: 'Share of members (%)' }, ...axisTickFormat(values, 'percent') };
  return { title: { text: 'Gini (0–1)' } };
}

/** Every y value of a figure's traces (bands included), for the axis' tick format. */
const yValues = (traces: Record<string, unknown>[]) => traces.flatMap((t) => (Array.isArray(t.y) ? (t.y as unknown[]) : []));

/** A parameter as the app names it ("Number of members"); the machine name stays beside it. */
const paramLabel = (name: string) => PARAM_LABELS[name as ParamName] ?? name;

const weeksAxis = (doc: RunDoc) => Array.from({ length: doc.weeks + 1 }, (_, w) => w);

const colorOf = (metric: string) => (metric.endsWith('_A') ? SCENARIO_COLORS.A : SCENARIO_COLORS.B);

function lineChart(doc: RunDoc, id: string, caption: string, metrics: [string, string][], yTitle: string, type: 'number' | 'currency' | 'percent' = 'number'): BlockInput {
  const percent = type === 'percent';
  const x = weeksAxis(doc);
  // Bands first, then the mean lines, so no band is drawn over another series' mean (as in the app).
  const bands: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  for (const [m, label] of metrics) {
    const band = doc.bands?.[m];
    const color = colorOf(m);
    if (band) {
      bands.push({ type: 'scatter', mode: 'lines', name: `${label} p95`, x, y: band.p95, line: { width: 0, color }, showlegend: false, hoverinfo: 'skip' });
      bands.push({ type: 'scatter', mode: 'lines', name: `${label} p5–p95`, x, y: band.p5, fill: 'tonexty', line: { width: 0, color }, opacity: 0.25 });
    }
    lines.push({ type: 'scatter', mode: 'lines', name: doc.bands ? `${label} (mean)` : label, x, y: doc.weekly[m] ?? [], line: { color } });
  }
  const data = [...bands, ...lines];
  const columns = [{ key: 'Week', label: 'Week', type: 'integer' as const }];
  const rows = x.map((w) => {
    const r: Record<string, number | null> = { Week: w };
    for (const [m] of metrics) {
      r[m] = doc.weekly[m]?.[w] ?? null;
      if (doc.bands?.[m]) {
        r[`${m}_p5`] = doc.bands[m].p5[w];
        r[`${m}_p95`] = doc.bands[m].p95[w];
      }
    }
    return r;
  });
  // The printed chart data carries the unit ($, %) of its values, bands included.
  const dataCols = metrics.flatMap(([m, label]) => [
    { key: m, label, type },
    ...(doc.bands?.[m] ? [{ key: `${m}_p5`, label: `${label} p5`, type }, { key: `${m}_p95`, label: `${label} p95`, type }] : []),
  ]);
  return {
    type: 'chart',
    id,
    caption,
    // Percent ticks get the decimals their step needs (0.5% steps printed "0%, 1%, 1%, 2%" with ".0%").
    figure: { data: data as never, layout: { xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: yTitle }, ...(percent ? axisTickFormat(yValues(data), 'percent') : {}) } } },
    data: { columns: [...columns, ...dataCols], rows },
  };
}

function keyMetrics(doc: RunDoc): BlockInput {
  const f = (m: string) => doc.final[m]?.mean ?? null;
  const pair = (label: string, a: string, b: string, type: 'currency' | 'percent' | 'number', better: 'higher' | 'lower') => {
    const va = f(a);
    const vb = f(b);
    const fmt = type === 'number' ? { decimals: 3 } : {};
    // A difference of two rates is in percentage points ("−5.0 pts"), not a percent change.
    // A Gini difference gets a decimal more when the rounded values would suggest another one (as in Analysis).
    const dfmt = type === 'number' && va !== null && vb !== null ? { decimals: diffDecimals(va, vb, 3) } : fmt;
    const delta = (d: number) => (type === 'percent' ? { value: d * 100, type: 'number' as const, decimals: 1, unit: 'pts' } : { value: d, type, ...dfmt });
    return [
      { label: `${label} — A (traditional)`, value: va, type, ...fmt },
      { label: `${label} — B (co-op)`, value: vb, type, ...fmt, ...(va !== null && vb !== null ? { delta: { ...delta(vb - va), better, label: 'vs A' } } : {}) },
    ];
  };
  return {
    type: 'keyMetrics',
    items: [
      ...pair('Average wealth', 'AvgWealth_A', 'AvgWealth_B', 'currency', 'higher'),
      ...pair('Gini', 'Gini_A', 'Gini_B', 'number', 'lower'),
      ...pair('Poverty rate', 'PovertyRate_A', 'PovertyRate_B', 'percent', 'lower'),
      { label: 'Total wealth difference (B − A)', value: f('WealthDifference'), type: 'currency', hint: 'Total wealth B − total wealth A at the final week' },
      { label: 'Bottom 20% share (B)', value: f('Bottom20PctShare'), type: 'percent' },
    ],
  };
}

function finalTable(doc: RunDoc, id: string): BlockInput {
  const names = doc.metricNames.filter((m) => !['Week', 'Year', 'Quarter'].includes(m));
  // A metric undefined in some runs (the wealth gap when the bottom 20% hold nothing) is summarised
  // over the runs where it is defined: say over how many, or its mean reads as one of all the runs.
  const partial = doc.runs > 1 && names.some((m) => typeof doc.final[m]?.n === 'number' && doc.final[m].n !== doc.completedRuns);
  return {
    type: 'table',
    id,
    caption: doc.runs > 1
      ? `Final-week metrics across ${grouped(doc.completedRuns, 0)} runs${partial ? '; n is the number of runs where the metric is defined (the wealth gap is not where the bottom 20% hold nothing)' : ''}`
      : 'Final-week metrics',
    columns: [
      // The app's metric names with their unit; the values are raw (dollars, 0–1 fractions…).
      { key: 'metric', label: 'Metric (unit)', type: 'string' },
      { key: 'mean', label: doc.runs > 1 ? 'Mean' : 'Value', type: 'number', decimals: 4 },
      ...(doc.runs > 1
        ? [
            { key: 'sd', label: 'SD', type: 'number' as const, decimals: 4 },
            { key: 'p5', label: 'p5', type: 'number' as const, decimals: 4 },
            { key: 'p50', label: 'p50', type: 'number' as const, decimals: 4 },
            { key: 'p95', label: 'p95', type: 'number' as const, decimals: 4 },
          ]
        : []),
      ...(partial ? [{ key: 'n', label: 'n', type: 'integer' as const }] : []),
    ],
    rows: names.map((m) => {
      const s = doc.final[m];
      const row: Record<string, string | number | null> = { metric: metricLabelWithUnit(m), mean: s?.mean ?? null };
      if (doc.runs > 1) Object.assign(row, { sd: s?.sd ?? null, p5: s?.p5 ?? null, p50: s?.p50 ?? null, p95: s?.p95 ?? null });
      if (partial) row.n = typeof s?.n === 'number' ? s.n : null;
      return row;
    }),
    maxPrintRows: 80,
  };
}

function yearlyTable(doc: RunDoc, id: string): BlockInput {
  const rows: Record<string, number | null>[] = [];
  for (let w = 52; w <= doc.weeks; w += 52) rows.push(yearRow(doc, w));
  if (doc.weeks % 52 !== 0 || doc.weeks < 52) rows.push(yearRow(doc, doc.weeks));
  return {
    type: 'table',
    id,
    // A run that ends mid-year gets its last week too: say so, or "Year 1" at week 26 reads as a year's end.
    caption: `Year-end values${doc.weeks % 52 !== 0 ? `, and week ${doc.weeks} where the run ends (part of year ${Math.floor((doc.weeks - 1) / 52) + 1})` : ''} (B = cooperative, A = traditional)`,
    columns: [
      { key: 'Week', label: 'Week', type: 'integer' },
      { key: 'Year', label: 'Year', type: 'integer' },
      { key: 'AvgWealth_A', label: 'Avg wealth A', type: 'currency' },
      { key: 'AvgWealth_B', label: 'Avg wealth B', type: 'currency' },
      { key: 'Gini_A', label: 'Gini A', type: 'number', decimals: 3 },
      { key: 'Gini_B', label: 'Gini B', type: 'number', decimals: 3 },
      { key: 'PovertyRate_A', label: 'Poverty A', type: 'percent' },
      { key: 'PovertyRate_B', label: 'Poverty B', type: 'percent' },
    ],
    rows,
  };
}

function yearRow(doc: RunDoc, w: number) {
  const v = (m: string) => doc.weekly[m]?.[w] ?? null;
  return { Week: w, Year: v('Year'), AvgWealth_A: v('AvgWealth_A'), AvgWealth_B: v('AvgWealth_B'), Gini_A: v('Gini_A'), Gini_B: v('Gini_B'), PovertyRate_A: v('PovertyRate_A'), PovertyRate_B: v('PovertyRate_B') };
}

function detailSections(d: RunDetailDoc, doc: RunDoc): ReportInput['sections'] {
  const hist: BlockInput = {
    type: 'chart',
    id: 'final-distribution',
    caption: `Final wealth distribution, all ${d.memberCount} members${doc.runs > 1 ? ` (run ${d.runIndex})` : ''}`,
    figure: {
      data: [
        { type: 'bar', name: 'A (traditional)', x: d.histogram.edges.slice(0, -1).map((e, i) => (e + d.histogram.edges[i + 1]) / 2), y: d.histogram.countsA, opacity: 0.6, marker: { color: SCENARIO_COLORS.A } },
        { type: 'bar', name: 'B (co-op)', x: d.histogram.edges.slice(0, -1).map((e, i) => (e + d.histogram.edges[i + 1]) / 2), y: d.histogram.countsB, opacity: 0.6, marker: { color: SCENARIO_COLORS.B } },
      ] as never,
      layout: { barmode: 'overlay', xaxis: { title: { text: 'Final wealth ($)' } }, yaxis: { title: { text: 'Members' } } },
    },
  };
  const n = d.narrative;
  const subject = storySubject(doc, d);
  // A Monte Carlo set keeps one run's members, flows and math check beside the set's means: each
  // says which run it is (as Analysis does), or its totals read as contradicting the summary.
  const ofRun = doc.runs > 1 ? ` (run ${d.runIndex} of the set)` : '';
  return [
    {
      id: 'narrative',
      heading: 'Narrative',
      blocks: [
        ...(subject ? [{ type: 'paragraph' as const, text: `The narrative and the key events below read ${subject}.` }] : []),
        // The engine's narrative writes a fall as "-3.1%": the minus sign, as the report's tables.
        { type: 'paragraph', text: minusSigns(n.overview) },
        {
          type: 'list',
          items: [n.key_findings.wealth_impact.summary, n.key_findings.equality_measures.summary, n.key_findings.community_health.poverty, n.key_findings.community_health.resilience].filter(Boolean).map(minusSigns),
        },
        { type: 'table', id: 'phases', caption: 'Phases', columns: [{ key: 'period', label: 'Period' }, { key: 'label', label: 'Phase' }, { key: 'characteristics', label: 'Characteristics' }], rows: n.phase_analysis.map((p) => ({ period: p.period, label: p.label, characteristics: minusSigns(p.characteristics) })) },
        { type: 'paragraph', text: minusSigns(n.conclusion) },
      ],
    },
    {
      id: 'key-events',
      heading: 'Key events',
      blocks: d.keyEvents.length
        ? [{ type: 'table', id: 'events', caption: 'Key events (week, type, description)', columns: [{ key: 'week', label: 'Week', type: 'integer' }, { key: 'type', label: 'Type' }, { key: 'description', label: 'Description' }], rows: d.keyEvents.map((e) => ({ ...e, description: minusSigns(e.description) })) }]
        : [{ type: 'paragraph', text: 'No significant key events detected.' }],
    },
    { id: 'distribution', heading: 'Final distribution', blocks: [hist] },
    {
      id: 'members',
      heading: 'Members',
      blocks: [
        {
          type: 'table',
          id: 'members',
          caption: `Member sample (${d.members.length} of ${d.memberCount})${ofRun}`,
          columns: [
            { key: 'id', label: 'Member' },
            { key: 'wealthA', label: 'Wealth A', type: 'currency' },
            { key: 'wealthB', label: 'Wealth B', type: 'currency' },
            { key: 'tokens', label: 'GroTokens', type: 'number', decimals: 2 },
            { key: 'income', label: 'Weekly income', type: 'currency' },
            { key: 'budget', label: 'Weekly food budget', type: 'currency' },
            { key: 'propensity', label: 'Internal share', type: 'percent' },
          ],
          rows: d.members.map((m) => ({ id: m.id, wealthA: m.wealthA, wealthB: m.wealthB, tokens: m.tokens, income: m.income, budget: m.budget, propensity: m.propensity })),
          maxPrintRows: 25,
        },
      ],
    },
    {
      id: 'flows',
      heading: 'Token and USD flows',
      blocks: [
        {
          type: 'table',
          id: 'flows',
          // Named as in the app, each with its unit: dollars, and the GroTokens minted counted in tokens.
          caption: `Cumulative flows over the run, summed over all members${ofRun} (unit in each row)`,
          columns: [{ key: 'flow', label: 'Flow' }, { key: 'value', label: 'Total', type: 'number', decimals: 2 }],
          rows: Object.entries(d.flows).map(([flow, value]) => ({ flow: flowLabel(flow), value: Number.isFinite(value as number) ? (value as number) : null })),
        },
      ],
    },
    {
      id: 'math-check',
      heading: 'Math validation',
      blocks: [
        {
          type: 'callout',
          level: d.mathCheck.pass ? 'success' : 'warning',
          title: d.mathCheck.pass ? 'Within the expected range' : 'Outside the expected range',
          text: `Simulated D${doc.runs > 1 ? ` of run ${d.runIndex}` : ''} = ${fmt(d.mathCheck.actualD)} against the analytic expectation ${fmt(d.mathCheck.expectedD)} (error ${(d.mathCheck.error * 100).toFixed(1)}%, threshold ${(d.mathCheck.threshold * 100).toFixed(0)}%, score ${d.mathCheck.score.toFixed(0)}/100).`,
        },
      ],
    },
  ];
}

/**
 * How a Monte Carlo set's numbers were made, for a reader who has only the document: what the
 * lines, bands and percentiles are, which parts are one run, and how the runs are seeded. The
 * report said none of it (the in-app Help does), so "p5–p95" and "Mean" had no definition, and the
 * binned weekly bands past EXACT_RUNS runs read as exact.
 */
function methodSection(doc: RunDoc, meta: RunMeta): ReportInput['sections'][number] {
  const n = doc.completedRuns;
  const runs = grouped(n, 0);
  const items = [
    `${runs} run${n === 1 ? '' : 's'} of the ${doc.model} model${n < doc.runs ? ` (${grouped(doc.runs, 0)} were requested; the set was stopped early and everything here is over the finished runs)` : ''}, each ${grouped(doc.members, 0)} members × ${grouped(doc.weeks, 0)} weeks with the same parameters. Run r draws from its own random stream, derived from seed ${doc.seed} and r, so any run can be recomputed exactly on its own${meta.id !== null ? ` (workbench recompute ${meta.id} r${n === doc.runs ? `, r from 0 to ${grouped(n - 1, 0)}` : ''})` : ''}.`,
    `The lines, the summary figures and the year-end table are means over the ${runs} runs, week by week.`,
    `The shaded bands run from the 5th to the 95th percentile across the runs in each week (about 90% of the runs lie inside). ${
      n > EXACT_RUNS
        ? `With more than ${EXACT_RUNS} runs, each week's band is estimated from ${BINS} bins of the runs' values (within one bin of the exact percentile); the band ends on the exact final-week values.`
        : `With ${EXACT_RUNS} runs or fewer they are exact percentiles (linear interpolation between the ordered runs).`
    }`,
    `Final metrics: the SD, p5, p50 (median) and p95 are computed exactly from every run's final-week value. They describe how much outcomes differ from run to run, not a confidence interval for the mean: the standard error of a mean is SD / √${runs}.`,
  ];
  const d = doc.detail as RunDetailDoc | null;
  if (d) {
    const subject = storySubject(doc, d);
    items.push(`The final distribution, the member sample, the token and USD flows and the math check are of one run (run ${d.runIndex} of the set)${subject ? `; the narrative and key events read ${subject}` : ''}.`);
  }
  return { id: 'method', heading: 'How this set was computed', blocks: [{ type: 'list', items }] };
}

/** Whole dollars, "−$5" for a negative D (upstream-style "$-5" read as a typo). */
const fmt = (x: number | null) => money(x, 0);

export function buildRunReport(meta: RunMeta, doc: RunDoc, appVersion: string, now = new Date()): ReportInput {
  const mc = doc.kind === 'montecarlo';
  return {
    title: `${mc ? 'Monte Carlo' : 'Simulation'} report: ${meta.name}`,
    subtitle: `${doc.model} model · ${grouped(doc.members, 0)} members × ${grouped(doc.weeks, 0)} weeks · ${mc ? `${grouped(doc.completedRuns, 0)}/${grouped(doc.runs, 0)} runs · ` : ''}seed ${doc.seed}`,
    generatedAt: now.toISOString(),
    appVersion,
    kind: mc ? 'montecarlo' : 'run',
    inputs: {
      params: doc.params,
      seeds: [doc.seed],
      model: doc.model,
      runIds: meta.id !== null ? [String(meta.id)] : [],
      extra: { runs: doc.runs, completedRuns: doc.completedRuns, streams: 'run r uses the PRNG stream derived from (seed, r)', createdAt: meta.createdAt },
    },
    sections: [
      { id: 'summary', heading: 'Summary', blocks: [keyMetrics(doc), ...(doc.detail ? [{ type: 'paragraph' as const, text: minusSigns((doc.detail as RunDetailDoc).narrative.overview) }] : [])] },
      ...(mc ? [methodSection(doc, meta)] : []),
      {
        id: 'wealth',
        heading: 'Wealth over time',
        blocks: [
          lineChart(doc, 'avg-wealth', 'Average wealth per member', [['AvgWealth_A', 'A (traditional)'], ['AvgWealth_B', 'B (co-op)']], 'USD', 'currency'),
          lineChart(doc, 'total-wealth', 'Total community wealth', [['TotalWealth_A', 'A (traditional)'], ['TotalWealth_B', 'B (co-op)']], 'USD', 'currency'),
          yearlyTable(doc, 'yearly'),
        ],
      },
      {
        id: 'inequality',
        heading: 'Inequality and poverty',
        blocks: [
          lineChart(doc, 'gini', 'Gini coefficient', [['Gini_A', 'A'], ['Gini_B', 'B']], 'Gini'),
          lineChart(doc, 'poverty', 'Poverty rate', [['PovertyRate_A', 'A'], ['PovertyRate_B', 'B']], 'Share of members', 'percent'),
        ],
      },
      ...(doc.detail ? detailSections(doc.detail as RunDetailDoc, doc) : []),
      ...(doc.chain ? [chainReportSection(doc.chain)] : []),
      { id: 'final-metrics', heading: 'Final metrics', blocks: [finalTable(doc, 'final')] },
      {
        id: 'parameters',
        heading: 'Parameters',
        blocks: [
          {
            type: 'table',
            id: 'params',
            caption: 'Parameters used (Name is what the CLI and the JSON exports call each)',
            // Integers as integers ("1,000" members, not "1000.0000"); fractions to at most 4 decimals.
            columns: [{ key: 'label', label: 'Parameter' }, { key: 'name', label: 'Name' }, { key: 'value', label: 'Value', type: 'number', maxDecimals: 4 }],
            rows: Object.entries(doc.params).map(([name, value]) => ({ label: paramLabel(name), name, value })),
          },
        ],
      },
    ],
  };
}

export function buildComparisonReport(runs: { meta: RunMeta; doc: RunDoc }[], appVersion: string, now = new Date()): ReportInput {
  const series = (m: string, label: string): BlockInput => {
    const maxW = Math.max(...runs.map((r) => r.doc.weeks));
    const traces = runs.map((r) => ({ type: 'scatter', mode: 'lines', name: `#${r.meta.id} ${r.meta.name}`.slice(0, 200), x: weeksAxis(r.doc), y: r.doc.weekly[m] ?? [] }));
    return {
      type: 'chart',
      id: `cmp-${m.replace(/_/g, '-').toLowerCase()}`,
      caption: label,
      figure: {
        data: traces as never,
        layout: { xaxis: { title: { text: 'Week' } }, yaxis: seriesAxis(m, yValues(traces)) },
      },
      data: {
        columns: [{ key: 'Week', label: 'Week', type: 'integer' }, ...runs.map((r) => ({ key: `run_${r.meta.id}`, label: `#${r.meta.id} ${r.meta.name}`.slice(0, 200), ...seriesFormat(m) }))],
        rows: Array.from({ length: maxW + 1 }, (_, w) => Object.fromEntries([['Week', w], ...runs.map((r) => [`run_${r.meta.id}`, r.doc.weekly[m]?.[w] ?? null])])),
      },
    };
  };
  const base = runs[0];
  /** Final-week means of `metrics` per run, with differences against the first run. */
  const diffTable = (id: string, what: string, metrics: string[], type: 'currency' | 'percent' | 'number'): BlockInput => {
    // Differences of rates are percentage points, stored as such (a −1.2% would read as relative).
    const delta = type === 'percent' ? { type: 'number' as const, decimals: 1, unit: 'pts', signed: true } : { type, decimals: type === 'currency' ? 2 : 4, signed: true };
    return {
      type: 'table',
      id,
      caption: `${what}: final-week means; Δ is against run #${base.meta.id}`,
      columns: [
        { key: 'metric', label: 'Metric' },
        ...runs.flatMap((r, i) => [
          { key: `run_${r.meta.id}`, label: `#${r.meta.id}`, type, decimals: type === 'number' ? 4 : type === 'currency' ? 2 : 1 },
          ...(i > 0 ? [{ key: `delta_${r.meta.id}`, label: `Δ #${r.meta.id}`, ...delta }] : []),
        ]),
      ],
      rows: metrics.map((m) => {
        const row: Record<string, string | number | null> = { metric: metricLabel(m) };
        const b0 = base.doc.final[m]?.mean ?? null;
        runs.forEach((r, i) => {
          const v = r.doc.final[m]?.mean ?? null;
          row[`run_${r.meta.id}`] = v;
          if (i > 0) row[`delta_${r.meta.id}`] = v !== null && b0 !== null ? (v - b0) * (type === 'percent' ? 100 : 1) : null;
        });
        return row;
      }),
    };
  };
  // Runs of different sizes, lengths or rule sets: each column is that run's own final week and
  // totals scale with the members. The tables said nothing of it ("Total wealth A −$1,319,247" of
  // a 100×52 set against a 200×104 run read as an effect of the co-op's parameters).
  const shape = (r: (typeof runs)[number]) => `${grouped(r.doc.members, 0)} members × ${grouped(r.doc.weeks, 0)} weeks, ${r.doc.model} model`;
  const shapesDiffer = new Set(runs.map(shape)).size > 1;
  const shapeNote: BlockInput[] = shapesDiffer
    ? [
        {
          type: 'callout',
          level: 'warning',
          title: 'These runs differ in size, length or model',
          text: `${runs.map((r) => `#${r.meta.id}: ${shape(r)}`).join('; ')}. Each column is its run's own final week, and totals grow with the number of members and weeks: the differences below mix that with the effect of the parameters. Compare averages, rates and the Gini across them, not totals.`,
        },
      ]
    : [];
  return {
    title: `Comparison of ${runs.length} runs`,
    subtitle: runs.map((r) => `#${r.meta.id} ${r.meta.name}`).join(' · ').slice(0, 300),
    generatedAt: now.toISOString(),
    appVersion,
    kind: 'comparison',
    // Every run's seed, model and parameters (the appendix listed the first run's alone, unnamed).
    inputs: {
      params: {},
      seeds: runs.map((r) => r.doc.seed),
      runIds: runs.map((r) => String(r.meta.id)),
      extra: {},
      runs: runs.map((r) => ({
        id: String(r.meta.id),
        name: r.meta.name.slice(0, 300),
        seed: r.doc.seed,
        model: r.doc.model,
        params: r.doc.params,
        extra: { 'Monte Carlo runs': r.doc.completedRuns === r.doc.runs ? r.doc.runs : `${r.doc.completedRuns} of ${r.doc.runs}` },
      })),
    },
    sections: [
      {
        id: 'metric-diff',
        heading: 'Final metrics side by side',
        // One table per unit: the rows of one table share its columns' formats (dollars, rate
        // differences in percentage points, Gini as a number), so no value is shown in another's unit.
        blocks: [
          ...shapeNote,
          diffTable('diff-dollars', 'Wealth (dollars)', pick.filter((m) => typeOf(m) === 'currency'), 'currency'),
          diffTable('diff-rates', 'Rates and shares', pick.filter((m) => typeOf(m) === 'percent' && !m.startsWith('Gini')), 'percent'),
          diffTable('diff-gini', 'Gini coefficient (0 = equal, 1 = one member holds everything)', pick.filter((m) => m.startsWith('Gini')), 'number'),
        ],
      },
      { id: 'cmp-wealth', heading: 'Average wealth in B and A', blocks: [series('AvgWealth_B', 'Average wealth B (co-op)'), series('AvgWealth_A', 'Average wealth A (traditional)')] },
      { id: 'cmp-inequality', heading: 'Inequality and poverty in B', blocks: [series('Gini_B', 'Gini B'), series('PovertyRate_B', 'Poverty rate B')] },
      {
        id: 'cmp-params',
        heading: 'Parameters that differ',
        blocks: [
          {
            type: 'table',
            id: 'param-diff',
            caption: 'Parameters with different values across the runs',
            // Exact values (every decimal of the shortest round-trip form): a fixed 4 decimals showed
            // 6.9078 | 6.9078 for two values that differ in the 7th. Integers read "1,000", as in a run's report.
            columns: [{ key: 'label', label: 'Parameter' }, { key: 'param', label: 'Name' }, ...runs.map((r) => ({ key: `run_${r.meta.id}`, label: `#${r.meta.id}`, type: 'number' as const, maxDecimals: 20 }))],
            rows: Object.keys(base.doc.params)
              .filter((k) => runs.some((r) => r.doc.params[k] !== base.doc.params[k]))
              .map((k) => Object.fromEntries([['label', paramLabel(k)], ['param', k], ...runs.map((r) => [`run_${r.meta.id}`, r.doc.params[k] ?? null])])),
          },
        ],
      },
    ],
  };
}

export { typeOf as metricValueType };
