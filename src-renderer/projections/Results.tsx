import { useMemo } from 'react';
import type { MarketScenario } from '../../src-shared/projections/schema';
import type { ProjectionsValidateOutput } from '../../src-shared/api/projections';
import { Chart, type Trace } from '../charts/Chart';
import { months, pct0, signedPct, upper, usd0 } from './format';
import { plural } from '../../src-shared/report/format';

// Status marks from fonts every system has (✓ U+2713, ✗ U+2717, ⚠ U+26A0 in text presentation):
// colour emoji (🥇 ✅ ❌ 💡) rendered as empty boxes where no emoji font is installed (Debian Chromium).
const OK = '✓';
const NO = '✗';
const WARN = '⚠\uFE0E';

export function Rankings({ v }: { v: ProjectionsValidateOutput }) {
  const s = v.summary;
  return (
    <>
      <div className="cards" role="group" aria-label="Executive summary">
        <div className="card">
          <div className="label">Models validated</div>
          <div className="value">{s.totalModels}</div>
        </div>
        <div className="card">
          <div className="label">Met all targets</div>
          <div className="value">
            {s.successCount} of {s.totalModels}
          </div>
        </div>
        <div className="card">
          <div className="label">High confidence</div>
          <div className="value">{s.highConfidenceCount}</div>
        </div>
        <div className="card">
          <div className="label">Positive token impact</div>
          <div className="value">{s.positiveTokenCount}</div>
        </div>
        <div className="card">
          <div className="label">Improving profitability</div>
          <div className="value">{s.improvingCount}</div>
        </div>
      </div>
      <table aria-label="Model ranking" data-testid="ranking">
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              Score /100
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {v.rankings.map((r) => (
            <tr key={r.modelName}>
              <td>
                {r.rank}
              </td>
              <th scope="row">{r.modelName}</th>
              <td className="num">{r.score.toFixed(1)}</td>
              <td className={r.success ? 'pm-ok' : 'pm-review'}>{r.success ? `${OK} Success` : `${WARN} Review`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {v.recommendations.length ? (
        <>
          <h3>Recommendations</h3>
          <ul>
            {v.recommendations.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function VarianceTable({ v }: { v: ProjectionsValidateOutput }) {
  return (
    <>
      <div className="pm-scroll pm-variance" tabIndex={0} role="region" aria-label="Projections versus simulated results (scrolls sideways)">
        <table aria-label="Projections versus simulated results">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">Revenue target</th>
              <th scope="col" className="num">5-yr cumulative</th>
              <th scope="col" className="num">Variance</th>
              <th scope="col" className="num">Year-5 (like for like)</th>
              <th scope="col" className="num">Variance</th>
              <th scope="col" className="num">ROI target</th>
              <th scope="col" className="num">ROI actual</th>
              <th scope="col" className="num">Variance</th>
              <th scope="col" className="num">Break-even target</th>
              <th scope="col" className="num">Actual</th>
              <th scope="col" className="num">Variance</th>
            </tr>
          </thead>
          <tbody>
            {v.reports.map((r) => (
              <tr key={r.modelName}>
                <th scope="row">{r.modelName}</th>
                <td className="num">{usd0(r.projections.revenue)}</td>
                <td className="num">{usd0(r.actual.revenue)}</td>
                <td className="num">{signedPct(r.variance.revenueVariance)}</td>
                <td className="num">{usd0(r.likeForLike.year5Revenue)}</td>
                <td className="num">{signedPct(r.likeForLike.year5RevenueVariance)}</td>
                <td className="num">{pct0(r.projections.roiPercent)}</td>
                <td className="num">{pct0(r.actual.roi)}</td>
                <td className="num">{signedPct(r.variance.roiVariance)}</td>
                <td className="num">{months(r.projections.breakEvenMonths)}</td>
                <td className="num">{months(r.actual.breakEvenMonths)}</td>
                <td className="num">{signedPct(r.variance.breakEvenVariance)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* The qualitative columns in their own table: in one row with the 11 figures the table was
          1,400 px wide and the model names wrapped to five lines at 1280. */}
      <div className="pm-scroll" tabIndex={0} role="region" aria-label="Model assessment (scrolls sideways)">
        <table aria-label="Model assessment">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Confidence</th>
              <th scope="col">Growth</th>
              <th scope="col">Profitability</th>
              <th scope="col">Market</th>
              <th scope="col">Token economy</th>
            </tr>
          </thead>
          <tbody>
            {v.reports.map((r) => (
              <tr key={r.modelName}>
                <th scope="row">{r.modelName}</th>
                <td>{upper(r.riskAssessment.confidenceLevel)}</td>
                <td title={`mean weekly growth ${(r.analysis.averageWeeklyGrowthRate * 100).toFixed(2)}%`}>{upper(r.analysis.revenueGrowthPattern)}</td>
                <td>{upper(r.analysis.profitabilityTrend)}</td>
                <td>{upper(r.analysis.marketScenario)}</td>
                <td>{upper(r.analysis.tokenEconomyImpact)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function RiskFactors({ v }: { v: ProjectionsValidateOutput }) {
  return (
    <div className="pm-risk-grid">
      {v.reports.map((r) => (
        <div key={r.modelName} className="card">
          <h3 className="pm-card-title">{r.modelName}</h3>
          <p>
            Success: {r.riskAssessment.achievedSuccessProbability ? `${OK} YES` : `${NO} NO`} · Confidence {upper(r.riskAssessment.confidenceLevel)}
          </p>
          {r.riskAssessment.riskFactors.length === 0 ? (
            <p className="muted">No risk factors.</p>
          ) : (
            <ul className="pm-risks">
              {r.riskAssessment.riskFactors.map((f, i) => (
                <li key={f}>
                  <strong>{WARN} {f}</strong>
                  <br />
                  <span>Mitigation: {r.riskAssessment.mitigationRecommendations[i]}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
      {v.summary.riskFactorCounts.length ? (
        <div className="card">
          <h3 className="pm-card-title">Across all models</h3>
          <ul>
            {v.summary.riskFactorCounts.map((f) => (
              <li key={f.factor}>
                {f.factor} ({plural(f.models, 'model')} affected)
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

export function ScenarioGrid({ v, scenarios }: { v: ProjectionsValidateOutput; scenarios: MarketScenario[] }) {
  const grid = v.grid ?? [];
  const models = [...new Set(grid.map((g) => g.modelName))];
  const cell = (m: string, s: string) => grid.find((g) => g.modelName === m && g.scenario === s);
  if (!grid.length) return <p className="muted">No scenario grid.</p>;
  return (
    <div className="pm-scroll" tabIndex={0} role="region" aria-label="Market scenario grid: models by scenarios (scrolls sideways)">
      <table aria-label="Market scenario grid: models by scenarios">
        <thead>
          <tr>
            <th scope="col">Model \ scenario</th>
            {scenarios.map((s) => (
              <th scope="col" key={s.key}>
                {s.name}
                <br />
                <span className="muted">
                  p={s.probability}, ROI ×{s.roiMultiplier}, growth ×{s.growthAcceleration}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m}>
              <th scope="row">{m}</th>
              {scenarios.map((s) => {
                const c = cell(m, s.key);
                return (
                  <td key={s.key} className={c ? (c.success ? 'pm-cell-ok' : 'pm-cell-review') : undefined}>
                    {c ? (
                      <>
                        <strong>{c.score.toFixed(1)}</strong> {c.success ? OK : WARN}
                        <br />
                        <span className="muted">
                          ROI {pct0(c.roi)} ({signedPct(c.roiVariance, 0)}) · BE {months(c.breakEvenMonths)}
                        </span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function WeeklyCharts({ v }: { v: ProjectionsValidateOutput }) {
  const weeks = useMemo(() => (v.weekly[0]?.revenue ?? []).map((_, i) => i + 1), [v]);
  const revenue: Trace[] = useMemo(() => v.weekly.map((w) => ({ type: 'scatter', mode: 'lines', name: w.modelName, x: weeks, y: w.revenue })), [v, weeks]);
  const profit: Trace[] = useMemo(() => v.weekly.map((w) => ({ type: 'scatter', mode: 'lines', name: w.modelName, x: weeks, y: w.profit })), [v, weeks]);
  const cum: Trace[] = useMemo(() => v.weekly.map((w) => ({ type: 'scatter', mode: 'lines', name: w.modelName, x: weeks, y: w.cumulativeProfit })), [v, weeks]);
  const layout = useMemo(() => ({ xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: '$ per week' } } }), []);
  const layoutCum = useMemo(() => ({ xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: '$' } } }), []);
  return (
    <div className="grid-2">
      <Chart title="Weekly revenue" data={revenue} layout={layout} description="Simulated weekly revenue of every model over 260 weeks" />
      <Chart title="Weekly profit" data={profit} layout={layout} description="Simulated weekly profit (revenue minus operating cost) of every model" />
      <Chart title="Cumulative profit" data={cum} layout={layoutCum} description="Cumulative profit after the initial investment; the zero crossing is break-even" />
    </div>
  );
}
