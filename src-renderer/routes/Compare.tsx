import { useEffect, useMemo, useState } from 'react';
import { PARAM_NAMES } from '../../src-shared/engine';
import type { RunDoc } from '../../src-shared/sim/runDoc';
import { useShell } from '../App';
import { call } from '../api/useApi';
import { Chart, type Trace } from '../charts/Chart';
import { count, diffFormatter, fixed, isNum, money, paramText, pct, signed } from '../analytics/format';
import { metricHelp, metricLabel, PARAM_LABELS } from '../analytics/help';
import { RunHistory } from '../analytics/RunHistory';
import { cachedRun } from '../analytics/runCache';
import { Tip } from '../analytics/Tip';
import { useSticky } from '../analytics/sticky';
import { PALETTE, weeksOf } from '../analytics/traces';
import { fitTicks, LINE_BASE, withHoverUnits } from '../analytics/RunViews';

interface Loaded { id: number; name: string; doc: RunDoc }

const CHARTS: { metric: string; title: string; yTitle: string; tick: string; scale?: number }[] = [
  { metric: 'AvgWealth_B', title: 'Average wealth B', yTitle: 'Wealth ($)', tick: '$,.0f' },
  { metric: 'AvgWealth_A', title: 'Average wealth A', yTitle: 'Wealth ($)', tick: '$,.0f' },
  { metric: 'Gini_B', title: 'Gini B', yTitle: 'Gini', tick: '.3f' },
  { metric: 'PovertyRate_B', title: 'Poverty rate B (%)', yTitle: '% of members', tick: '.1f', scale: 100 },
  { metric: 'WealthDifference', title: 'Total wealth difference (B − A)', yTitle: 'Wealth ($)', tick: '$,.0f' },
  { metric: 'CommunityResilience', title: 'Community resilience', yTitle: 'Index (0–1)', tick: '.3f' },
];
/**
 * Final-week rows. Rates (`diff: 'points'`) differ from the first run in percentage points; they and
 * rows of 3 fixed decimals (`diff: 'fixed'`) write their difference as Analysis does: a decimal more
 * when the shown values would suggest another one (0.262 and 0.572 beside "+0.309" read wrong;
 * "+0.3093" does not; nor does "−8.88 pts" beside 9.0% and 0.2%).
 */
const TABLE: { m: string; f: (x: number) => string; diff?: 'points' | 'fixed' }[] = [
  { m: 'AvgWealth_A', f: (x) => money(x) },
  { m: 'AvgWealth_B', f: (x) => money(x) },
  { m: 'TotalWealth_B', f: (x) => money(x) },
  { m: 'WealthDifference', f: (x) => money(x) },
  { m: 'MedianWealth_B', f: (x) => money(x) },
  { m: 'Gini_A', f: (x) => fixed(x), diff: 'fixed' },
  { m: 'Gini_B', f: (x) => fixed(x), diff: 'fixed' },
  { m: 'PovertyRate_A', f: (x) => pct(x), diff: 'points' },
  { m: 'PovertyRate_B', f: (x) => pct(x), diff: 'points' },
  { m: 'CommunityResilience', f: (x) => fixed(x), diff: 'fixed' },
  { m: 'LocalEconomyStrength', f: (x) => pct(x), diff: 'points' },
  { m: 'AvgTokenValue_B', f: (x) => money(x, 2) },
];

function Overlay({ runs, metric, title, yTitle, tick, scale = 1 }: { runs: Loaded[]; metric: string; title: string; yTitle: string; tick: string; scale?: number }) {
  // Hover values in the chart's unit and precision, as Analysis hovers them and the table above
  // shows them ("0.240", "24.0%"), under the run's whole name: Plotly's default hover read
  // "#1 Custom · ...(156, 0.2)" for a Gini and "(156, 24)" for a poverty rate.
  const data = useMemo<Trace[]>(
    () =>
      withHoverUnits(
        runs.map((r, i) => ({ type: 'scatter', mode: 'lines', x: weeksOf(r.doc), y: (r.doc.weekly[metric] ?? []).map((v) => (v === null ? null : v * scale)), name: `#${r.id} ${r.name}`, line: { color: PALETTE[i % PALETTE.length], width: 2 }, hoverlabel: { namelength: -1 } })),
        tick,
        yTitle.startsWith('%') ? '%' : '',
      ),
    [runs, metric, scale, tick, yTitle],
  );
  const ticks = useMemo(() => fitTicks(tick, data.flatMap((t) => (t.y ?? []) as (number | null)[])), [tick, data]);
  const layout = useMemo(() => ({ ...LINE_BASE, xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: yTitle, standoff: 8 }, ...ticks, automargin: true } }), [yTitle, ticks]);
  const csv = useMemo(() => {
    const W = Math.max(...runs.map((r) => r.doc.weeks));
    return { header: ['Week', ...runs.map((r) => `run_${r.id}_${metric}`)], rows: Array.from({ length: W + 1 }, (_, w) => [w, ...runs.map((r) => r.doc.weekly[metric]?.[w] ?? null)]) };
  }, [runs, metric]);
  return <Chart title={title} data={data} layout={layout} csv={csv} description={`${title} by week, one line per compared run.`} />;
}

/** The inputs that differ between the compared runs: model, seed, run count and each parameter that is not the same in all. */
function InputDiff({ runs }: { runs: Loaded[] }) {
  const rows: { key: string; label: string; values: string[] }[] = [];
  const add = (key: string, label: string, values: string[]) => {
    if (new Set(values).size > 1) rows.push({ key, label, values });
  };
  add('model', 'Model', runs.map((r) => r.doc.model));
  add('seed', 'Seed', runs.map((r) => String(r.doc.seed)));
  add('runs', 'Runs', runs.map((r) => count(r.doc.completedRuns)));
  for (const k of PARAM_NAMES) add(k, PARAM_LABELS[k], runs.map((r) => paramText(r.doc.params[k])));
  if (!rows.length) return <p className="callout info" role="status">Same model, seed, run count and parameters: these runs had the same inputs.</p>;
  return (
    <table className="diff-table" aria-label="Inputs that differ between the runs">
      <thead>
        <tr>
          <th scope="col">Input</th>
          {runs.map((r) => <th scope="col" className="num" key={r.id}>#{r.id}</th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row" title={row.key}>{row.label}</th>
            {row.values.map((v, i) => <td className="num" key={runs[i].id}>{v}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Compare() {
  const { query, navigate } = useShell();
  // A ?runs= link picks the runs; otherwise the last selection is kept across sections.
  const fromQuery = (query.get('runs') ?? '').split(',').filter((s) => /^\d+$/.test(s)).map(Number).slice(0, 4);
  const [selected, setSelected] = useSticky<number[]>('compare.selected', fromQuery);
  useEffect(() => {
    if (fromQuery.length && fromQuery.join() !== selected.join()) setSelected(fromQuery);
  }, [query.get('runs')]);
  const [loaded, setLoaded] = useState<Loaded[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all(
      selected.map(async (id) => {
        const r = await call('runs.get', { id });
        const doc = (r.result as RunDoc | null) ?? cachedRun(id);
        if (!doc || !doc.weekly) throw new Error(`run #${id} has no results (status ${r.status})`);
        return { id, name: r.name, doc };
      }),
    ).then((x) => live && setLoaded(x), (e) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [selected]);
  const toggle = (id: number) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length >= 4 ? s : [...s, id]));
  const runs = loaded.filter((l) => selected.includes(l.id));

  return (
    <section aria-labelledby="cmp-page-title">
      <h1 id="cmp-page-title">Compare</h1>
      <RunHistory selected={selected} onToggle={toggle} onOpen={(id) => navigate('analysis', { run: String(id), tab: 'overview' })} />
      {error ? <div role="alert" className="callout error">{error}</div> : null}
      {selected.length < 2 ? (
        <p className="callout info" role="status">Select at least two runs in the history to compare them side by side.</p>
      ) : runs.length === selected.length ? (
        <section aria-labelledby="cmp-res-title">
          <h2 id="cmp-res-title">Comparing {runs.length} runs</h2>
          <h3>What differs in their inputs</h3>
          <InputDiff runs={runs} />
          <h3>Final-week results</h3>
          <table className="diff-table results-table">
            <caption className="sr-only">Final-week metrics of each run and the difference from the first selected run</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                {runs.map((r, i) => (
                  <th scope="col" className="num" key={r.id}>
                    #{r.id} {r.name}
                    {i > 0 ? <span className="muted small"> (Δ vs #{runs[0].id})</span> : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Members × weeks · runs</th>
                {runs.map((r) => <td className="num" key={r.id}>{count(r.doc.members)} × {count(r.doc.weeks)} · {count(r.doc.completedRuns)}</td>)}
              </tr>
              {TABLE.map(({ m, f, diff }) => (
                <tr key={m}>
                  <th scope="row"><Tip text={metricHelp(m)}>{metricLabel(m)}</Tip></th>
                  {runs.map((r, i) => {
                    const v = r.doc.final[m]?.mean ?? null;
                    const b = runs[0].doc.final[m]?.mean ?? null;
                    return (
                      <td className="num" key={r.id}>
                        {isNum(v) ? f(v) : '—'}
                        {i > 0 && isNum(v) && isNum(b) ? <span className="muted small"> ({signed(v - b, diffFormatter(diff, b, v, f))})</span> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="grid-2">
            {CHARTS.map((c) => <Overlay key={c.metric} runs={runs} {...c} />)}
          </div>
        </section>
      ) : (
        <p aria-busy="true">Loading runs…</p>
      )}
    </section>
  );
}
