import { useId, useMemo, useState } from 'react';
import type { MonteCarloModelResult } from '../../src-shared/api/projections';
import type { MarketScenario, ProjectionModel } from '../../src-shared/projections/schema';
import { useJob } from '../api/useApi';
import { useSticky } from '../analytics/sticky';
import { Chart, type Trace } from '../charts/Chart';
import { LINE_BASE } from '../analytics/RunViews';
import { months, prob, usd0 } from './format';
import { count, intFieldError } from '../analytics/format';
import { JobProgress } from '../analytics/JobProgress';

function bandTraces(bands: MonteCarloModelResult['weeklyRevenue'], label: string): Trace[] {
  const sorted = [...bands].sort((a, b) => a.percentile - b.percentile);
  const x = (sorted[0]?.values ?? []).map((_, i) => i + 1);
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  const mid = sorted.find((b) => b.percentile === 50) ?? sorted[Math.floor(sorted.length / 2)];
  const out: Trace[] = [];
  if (lo && hi && lo !== hi) {
    out.push({ type: 'scatter', mode: 'lines', name: `${label} p${lo.percentile}`, x, y: lo.values, line: { width: 0.5, color: 'rgba(11,107,203,0.5)' } });
    out.push({ type: 'scatter', mode: 'lines', name: `${label} p${hi.percentile}`, x, y: hi.values, fill: 'tonexty', fillcolor: 'rgba(11,107,203,0.18)', line: { width: 0.5, color: 'rgba(11,107,203,0.5)' } });
  }
  if (mid) out.push({ type: 'scatter', mode: 'lines', name: `${label} p${mid.percentile} (median)`, x, y: mid.values, line: { width: 2, color: '#d9480f' } });
  return out;
}

/** What a Monte Carlo ran on: the exports pair it with a validation only when these match. */
export interface MonteCarloInputs {
  models: ProjectionModel[];
  scenarios: MarketScenario[];
  scenario: string;
}

export function MonteCarloPanel({
  models,
  scenarios,
  scenario,
  defaultSeed,
  onResult,
}: {
  models: ProjectionModel[];
  /** The (edited) market scenarios, the ones the validation applies. */
  scenarios: MarketScenario[];
  scenario: string;
  defaultSeed: number;
  onResult: (r: MonteCarloModelResult[], ranOn: MonteCarloInputs) => void;
}) {
  const uid = useId();
  // Kept across sections: a long run started here is still shown (or still going) on return.
  const [modelName, setModelName] = useSticky<string>('proj.mc.model', '');
  const [runs, setRuns] = useSticky('proj.mc.runs', '1000');
  const [seed, setSeed] = useSticky('proj.mc.seed', String(defaultSeed));
  const [result, setResult] = useSticky<MonteCarloModelResult[] | null>('proj.mc.result', null);
  const job = useJob('projections.monteCarlo', 'projections.monteCarlo');
  const runsN = Number(runs);
  const seedN = Number(seed);
  const runsErr = intFieldError('Runs', runs, 1, 20000);
  const seedErr = intFieldError('Seed', seed, 0, 4294967295);
  const chosen = modelName && models.some((m) => m.name === modelName) ? modelName : '';

  const start = async () => {
    const ranOn: MonteCarloInputs = { models, scenarios, scenario };
    const out = await job.run({ models, scenarios, scenario: scenario || undefined, only: chosen ? [chosen] : undefined, runs: runsN, seed: seedN });
    if (out) {
      setResult(out.results);
      onResult(out.results, ranOn);
    }
  };
  const first = result?.[0] ?? null;
  const [shown, setShown] = useState<string>('');
  const current = result?.find((r) => r.modelName === shown) ?? first;
  const revTraces = useMemo(() => (current ? bandTraces(current.weeklyRevenue, 'Revenue') : []), [current]);
  const profTraces = useMemo(() => (current ? bandTraces(current.cumulativeProfit, 'Cumulative profit') : []), [current]);
  // Four series with long names: the legend goes under the plot, where it cannot run into the title.
  // Both y axes in dollars, titled like the deterministic charts above (Results: "$ per week", "$").
  const layoutRev = useMemo(() => ({ ...LINE_BASE, xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: '$ per week' } } }), []);
  const layoutCum = useMemo(() => ({ ...LINE_BASE, xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: '$' } } }), []);

  return (
    <div>
      <form
        className="toolbar"
        aria-label="Monte Carlo settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (!runsErr && !seedErr && models.length) void start();
        }}
      >
        <label htmlFor={`${uid}-model`}>Model</label>
        <select id={`${uid}-model`} value={chosen} onChange={(e) => setModelName(e.target.value)}>
          <option value="">All models</option>
          {models.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${uid}-runs`}>Runs</label>
        <input id={`${uid}-runs`} type="text" inputMode="numeric" value={runs} onChange={(e) => setRuns(e.target.value)} aria-invalid={runsErr ? 'true' : 'false'} aria-describedby={runsErr ? `${uid}-runs-err` : undefined} style={{ width: 100 }} />
        <label htmlFor={`${uid}-seed`}>Seed</label>
        <input id={`${uid}-seed`} type="text" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} aria-invalid={seedErr ? 'true' : 'false'} aria-describedby={seedErr ? `${uid}-seed-err` : undefined} style={{ width: 120 }} />
        <button type="submit" className="primary" disabled={job.running || !!runsErr || !!seedErr || !models.length}>
          Run Monte Carlo
        </button>
      </form>
      {/* Counts in words like every other long job (a bare bar said nothing of what was done). */}
      <JobProgress label="Monte Carlo" progress={job.progress} running={job.running} cancelling={job.cancelling} onCancel={job.cancel} />
      {runsErr ? <p id={`${uid}-runs-err`} className="field-error">{runsErr}</p> : null}
      {seedErr ? <p id={`${uid}-seed-err`} className="field-error">{seedErr}</p> : null}
      <p className="muted">
        Each run draws growth (normal, sd 25% of the rate), participation (triangular ±0.10) and revenue per participant (uniform ±20%) once, then runs the
        deterministic 260-week model. Same seed, same result.
      </p>
      {/* A cancel is the user's own act, not a failure (it came as "Monte Carlo cancelled" in the red
          error box): a status, as Sensitivity, Monte Carlo and Validation say it. */}
      {job.error?.code === 'cancelled' ? (
        <p role="status" className="callout info">
          Cancelled: nothing was kept{result ? '; the results below are from the previous run' : ' (results come only from a finished run)'}.
        </p>
      ) : job.error ? (
        <p role="alert" className="callout error">
          {job.error.message}
        </p>
      ) : null}
      {result ? (
        <div data-testid="mc-results">
          <div className="pm-scroll" tabIndex={0} role="region" aria-label="Monte Carlo percentiles and probability of meeting each target (scrolls sideways)">
            <table aria-label="Monte Carlo percentiles and probability of meeting each target">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col" className="num">Runs</th>
                  {first!.percentiles.map((p) => (
                    <th scope="col" className="num" key={`r${p}`}>
                      5-yr revenue p{p}
                    </th>
                  ))}
                  {first!.percentiles.map((p) => (
                    <th scope="col" className="num" key={`b${p}`}>
                      Break-even p{p}
                    </th>
                  ))}
                  <th scope="col" className="num">Never breaks even</th>
                  <th scope="col" className="num">P(year-5 revenue ≥ target)</th>
                  <th scope="col" className="num">P(ROI ≥ 80% of target)</th>
                  <th scope="col" className="num">P(break-even ≤ 120% of target)</th>
                  <th scope="col" className="num">P(success)</th>
                </tr>
              </thead>
              <tbody>
                {result.map((r) => (
                  <tr key={r.modelName}>
                    <th scope="row">{r.modelName}</th>
                    <td className="num">{count(r.runs)}</td>
                    {r.totalRevenue.map((t) => (
                      <td className="num" key={`r${t.percentile}`}>
                        {usd0(t.value)}
                      </td>
                    ))}
                    {r.breakEvenWeek.map((b) => (
                      <td className="num" key={`b${b.percentile}`}>
                        {months(b.months)}
                      </td>
                    ))}
                    <td className="num">{prob(r.neverBreakEvenShare)}</td>
                    <td className="num">{prob(r.probabilities.year5Revenue)}</td>
                    <td className="num">{prob(r.probabilities.roi)}</td>
                    <td className="num">{prob(r.probabilities.breakEven)}</td>
                    <td className="num">{prob(r.probabilities.success)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.length > 1 ? (
            <p className="toolbar">
              <label htmlFor={`${uid}-shown`}>Bands for</label>
              <select id={`${uid}-shown`} value={current?.modelName ?? ''} onChange={(e) => setShown(e.target.value)}>
                {result.map((r) => (
                  <option key={r.modelName} value={r.modelName}>
                    {r.modelName}
                  </option>
                ))}
              </select>
            </p>
          ) : null}
          {current ? (
            <div className="grid-2">
              <Chart title={`Weekly revenue bands: ${current.modelName}`} data={revTraces} layout={layoutRev} description={`Percentile bands of weekly revenue over ${count(current.runs)} runs`} />
              <Chart title={`Cumulative profit bands: ${current.modelName}`} data={profTraces} layout={layoutCum} description="Percentile bands of cumulative profit; where a band crosses zero is break-even" />
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
