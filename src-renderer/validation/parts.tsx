import { componentChecksText, componentOutcome } from '../../src-shared/validation/suite';
import { CHECK_UNITS } from '../../src-shared/validation/empirical';
import { displayText, expectedText, minusSigns } from '../../src-shared/report/format';
import type { ValidationComponent, ValidationDeltas } from '../../src-shared/validation/types';

// Negatives with U+2212, as the reports and the rest of the app write them (stored texts carry '-',
// and exponents below 0.001: displayText shows both as people read them).
const fmt = (x: number | null | undefined, d = 4) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : minusSigns(Number.isInteger(x) ? String(x) : x.toFixed(d)));

export function LevelBadge({ level }: { level: string | null }) {
  const cls = level === 'HIGH' ? 'pm-conf pm-conf-high' : level === 'MEDIUM' ? 'pm-conf pm-conf-medium' : level === 'LOW' ? 'pm-conf pm-conf-low' : 'pm-conf';
  return <span className={cls}>{level ?? 'n/a'}</span>;
}

export function StatusText({ status }: { status: string }) {
  return <span className={status === 'pass' ? 'good' : status === 'fail' ? 'bad' : 'muted'}>{status.toUpperCase()}</span>;
}

export function ComponentsTable({ components }: { components: ValidationComponent[] }) {
  return (
    <div className="table-scroll" style={{ maxHeight: 'none' }} tabIndex={0} role="region" aria-label="Confidence per component (scrolls)">
      <table>
        <caption className="sr-only">Confidence per component</caption>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Checks</th>
            <th scope="col">Confidence</th>
            <th scope="col">Score</th>
            <th scope="col">Published</th>
            <th scope="col">Deciding rule</th>
          </tr>
        </thead>
        <tbody>
          {components.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              <td>{c.kind}</td>
              <td><StatusText status={componentOutcome(c)} /></td>
              <td className="num">{componentChecksText(c)}</td>
              <td><LevelBadge level={c.confidence.level} /></td>
              <td className="num">{fmt(c.confidence.score)}</td>
              <td>{c.publishedConfidence ?? '—'}</td>
              <td className="small">{c.skippedReason ? `skipped: ${c.skippedReason}` : displayText(c.confidence.reason)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ChecksDetails({ components }: { components: ValidationComponent[] }) {
  return (
    <>
      {components.map((c) => (
        <details key={c.id}>
          <summary>
            {c.name} — <StatusText status={componentOutcome(c)} />, {c.checks.length ? `${c.checks.length} check${c.checks.length === 1 ? '' : 's'}` : 'no checks'}
          </summary>
          <p className="muted small">{c.description}</p>
          {c.checks.length ? (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={`Checks of ${c.name} (scrolls)`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Check</th>
                    <th scope="col">Expected</th>
                    <th scope="col">Measured</th>
                    <th scope="col"><abbr title="How much of the allowed difference the measured value uses: |measured − expected| ÷ tolerance. Yes/no checks have none.">Share of tolerance used</abbr></th>
                    <th scope="col">Status</th>
                    <th scope="col">Basis</th>
                  </tr>
                </thead>
                <tbody>
                  {c.checks.map((k) => (
                    <tr key={k.id}>
                      <td>{k.name}</td>
                      <td>{expectedText(k.expected)}</td>
                      <td className="num">{fmt(k.measured)}{CHECK_UNITS[k.id] && Number.isFinite(k.measured) ? ` ${CHECK_UNITS[k.id]}` : ''}</td>
                      <td className="num">{k.usage === null || k.tolerance === null ? '—' : `${Math.round(k.usage * 100)}%`}</td>
                      <td><StatusText status={k.status} /></td>
                      <td className="small">{displayText(k.basis)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {c.table ? (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={`${c.name}: mean weekly food spending by category (scrolls)`}>
              <table>
                <caption>Mean weekly food spending by category</caption>
                <thead>
                  <tr>{c.table.columns.map((col) => <th key={col.key} scope="col">{col.label}</th>)}</tr>
                </thead>
                <tbody>
                  {c.table.rows.map((r, i) => (
                    <tr key={i}>{c.table!.columns.map((col) => <td key={col.key} className={col.type === 'string' ? '' : 'num'}>{typeof r[col.key] === 'number' ? (col.type === 'percent' ? `${((r[col.key] as number) * 100).toFixed(1)}%` : (r[col.key] as number).toFixed(2)) : (r[col.key] ?? '—')}</td>)}</tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </details>
      ))}
    </>
  );
}

export function DeltasView({ deltas }: { deltas: ValidationDeltas | null }) {
  if (!deltas) return <p className="muted">This is the first validation report here: nothing to compare with.</p>;
  return (
    <>
      <p>
        Compared with report #{deltas.previousId} ({new Date(deltas.previousCreatedAt).toLocaleString()}): checks passed {deltas.passedFrom} → {deltas.passedTo}, failed {deltas.failedFrom} → {deltas.failedTo}.
      </p>
      <ul className="plain-list" aria-label="What changed">
        {deltas.notes.map((n, i) => (
          <li key={i}>{displayText(n)}</li>
        ))}
      </ul>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Confidence movement per component (scrolls)">
        <table>
          <caption className="sr-only">Confidence movement per component</caption>
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Status</th>
              <th scope="col">Confidence</th>
              <th scope="col">Levels moved</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {deltas.components.map((c) => (
              <tr key={c.id} className={c.levelMoved || c.statusFrom !== c.statusTo ? 'pm-changed' : ''}>
                <th scope="row">{c.name}</th>
                {/* Upper case, as the status reads in every other table (PASS, FAIL, NOT CHECKED). */}
                <td>{c.statusFrom === c.statusTo ? (c.statusTo?.toUpperCase() ?? '—') : `${c.statusFrom?.toUpperCase() ?? '—'} → ${c.statusTo?.toUpperCase() ?? '—'}`}</td>
                <td>{c.levelFrom === c.levelTo ? (c.levelTo ?? 'n/a') : `${c.levelFrom ?? 'n/a'} → ${c.levelTo ?? 'n/a'}`}</td>
                <td className="num">{c.levelMoved === null ? '—' : c.levelMoved > 0 ? `+${c.levelMoved}` : c.levelMoved}</td>
                <td className="num">{c.scoreFrom === c.scoreTo ? fmt(c.scoreTo) : `${fmt(c.scoreFrom)} → ${fmt(c.scoreTo)} (${(c.scoreMoved ?? 0) > 0 ? '+' : ''}${fmt(c.scoreMoved)})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
