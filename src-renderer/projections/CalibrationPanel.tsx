import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CalibrationReport } from '../../src-shared/api/projections';
import { call, CallError } from '../api/client';
import { useShell } from '../App';
import { Chart, type Trace } from '../charts/Chart';
import { downloadText, num, signedPct } from './format';
import { intFieldError, rateFieldError } from '../analytics/format';
import { calibrationParamLabel, PROJECTION_PATCH_LABELS } from '../../src-shared/projections/calibration/labels';
import { LabelledText } from '../components/LabelledText';

const MAX_BYTES = 50_000_000;

/** The projection model the calibration's patch is for (the one selected in the editor), as typed there. */
export interface PatchTarget {
  name: string;
  participationRate: string;
  groupBuyingSavings: string;
}
export type ProjectionPatch = { participationRate?: number; groupBuyingSavings?: number };


/** A draft's 0–1 field as a number, or undefined when it is empty or not a valid fraction (the calibration then uses its defaults). */
const fractionOf = (raw: string): number | undefined => {
  const t = raw.trim();
  const n = Number(t);
  return t !== '' && Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
};

/**
 * What "Apply to the model" does with the patch rows (each with the model's value now): the fields
 * whose calibrated value differs, and the status that lists only those, or says that nothing changed.
 */
export function patchOutcome(modelName: string, rows: readonly { key: string; current: number; proposed: number }[]): { patch: ProjectionPatch; text: string; changed: boolean } {
  const patch: ProjectionPatch = {};
  const parts: string[] = [];
  const same: string[] = [];
  for (const d of rows) {
    if (d.key !== 'participationRate' && d.key !== 'groupBuyingSavings') continue;
    if (d.current === d.proposed) {
      same.push(`${PROJECTION_PATCH_LABELS[d.key]} ${num(d.proposed)}`);
      continue;
    }
    patch[d.key] = d.proposed;
    parts.push(`${PROJECTION_PATCH_LABELS[d.key]} ${num(d.current)} → ${num(d.proposed)}`);
  }
  if (!parts.length) return { patch, changed: false, text: `Nothing changed: the model “${modelName}” already has the calibrated values${same.length ? ` (${same.join(', ')})` : ''}.` };
  return { patch, changed: true, text: `Applied to the model “${modelName}”: ${parts.join(', ')}. Validate the models to see the effect (Reset in the editor undoes it).` };
}

/**
 * `resetKey` changes when the editor resets models ("Reset this model", "Reset all"): the status of
 * an earlier "Apply to the model" no longer holds then and is cleared.
 */
export function CalibrationPanel({ target, onApplyPatch, resetKey = 0 }: { target?: PatchTarget | null; onApplyPatch?: (patch: ProjectionPatch) => void; resetKey?: number } = {}) {
  const uid = useId();
  const { navigate } = useShell();
  const browserZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', []);
  const [timeZone, setTimeZone] = useState('');
  const [population, setPopulation] = useState('');
  const [rate, setRate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  const [report, setReport] = useState<CalibrationReport | null>(null);
  const [dragging, setDragging] = useState(false);
  const [setName, setSetName] = useState('');
  const [saved, setSaved] = useState<{ id: number; name: string } | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  /** What "Apply to the model" did, said next to its button (until the editor resets the models). */
  const [patched, setPatched] = useState<{ text: string; changed: boolean } | null>(null);
  const [seenReset, setSeenReset] = useState(resetKey);
  if (seenReset !== resetKey) {
    setSeenReset(resetKey);
    setPatched(null);
  }
  const currentProjection = target ? { participationRate: fractionOf(target.participationRate), groupBuyingSavings: fractionOf(target.groupBuyingSavings) } : undefined;
  /** A patch field's current value in the model selected now (the editor's tab may have changed, or the patch been applied, since calibrating). */
  const currentOf = (d: { key: string; current: number }): number => {
    const live = d.key === 'participationRate' || d.key === 'groupBuyingSavings' ? currentProjection?.[d.key] : undefined;
    return live ?? d.current;
  };
  const fileRef = useRef<HTMLInputElement>(null);

  const popN = population.trim() === '' ? undefined : Number(population);
  const popErr = popN === undefined ? null : intFieldError('Population (households, or empty)', population, 1, 10_000_000);
  const rateN = rate.trim() === '' ? undefined : Number(rate);
  const rateErr = rateN === undefined ? null : rateFieldError('Exchange rate (US$ per unit, or empty)', rate);
  const fieldErr = popErr ?? rateErr;

  const done = (r: CalibrationReport) => {
    setReport(r);
    setSetName(r.suggestedName);
    setSaved(null);
    setSaveError(null);
    setPatched(null);
  };
  const applyPatch = () => {
    if (!report || !onApplyPatch) return;
    const out = patchOutcome(target?.name ?? '', report.projectionModelPatch.map((d) => ({ key: d.key, current: currentOf(d), proposed: d.proposed })));
    if (out.changed) onApplyPatch(out.patch);
    setPatched({ text: out.text, changed: out.changed });
  };
  const run = async (fn: () => Promise<CalibrationReport>) => {
    setBusy(true);
    setError(null);
    try {
      done(await fn());
    } catch (e) {
      setReport(null);
      setError(e instanceof CallError ? e : new CallError('internal', String((e as Error)?.message ?? e)));
    } finally {
      setBusy(false);
    }
  };
  const useSample = () => void run(() => call('calibration.sample', { timeZone: timeZone.trim() || undefined, population: popN, exchangeRate: rateN, currentProjection }));
  const importFile = async (file: File) => {
    if (file.size > MAX_BYTES) {
      setError(new CallError('invalid_input', `${file.name} is ${(file.size / 1e6).toFixed(1)} MB: the limit is 50 MB`));
      return;
    }
    const text = await file.text();
    await run(() => call('calibration.fromCsv', { csv: text, fileName: file.name, timeZone: timeZone.trim() || browserZone, population: popN, exchangeRate: rateN, currentProjection }));
  };
  const apply = async () => {
    if (!report) return;
    setSaveError(null);
    try {
      const r = await call('paramsets.save', { name: setName.trim(), model: 'reference', params: report.proposedParams });
      setSaved(r);
    } catch (e) {
      setSaveError((e as Error).message);
    }
  };

  const weeklyTrace: Trace[] = useMemo(
    () => (report ? [{ type: 'bar', name: 'Net food spend', x: report.weekly.map((w) => w.weekStart), y: report.weekly.map((w) => w.spending) }] : []),
    [report],
  );

  return (
    <div>
      <p>
        Import transactions as CSV (Firefly III export columns: <code>date, amount, type, currency_code, category, description, source_name, …</code>). The
        file is read in the app and checked row by row; nothing is stored until you apply the result.
      </p>
      <div className="toolbar">
        <label htmlFor={`${uid}-tz`}>Time zone</label>
        <input id={`${uid}-tz`} type="text" placeholder={`${browserZone} (sample: America/New_York)`} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} style={{ width: 260 }} />
        <label htmlFor={`${uid}-pop`}>Population (households)</label>
        <input id={`${uid}-pop`} type="text" inputMode="numeric" placeholder="households seen" value={population} onChange={(e) => setPopulation(e.target.value)} aria-invalid={popErr ? 'true' : 'false'} aria-describedby={popErr ? `${uid}-pop-err` : undefined} style={{ width: 140 }} />
        <label htmlFor={`${uid}-rate`}>Exchange rate: US$ per unit of the data's currency (optional)</label>
        <input id={`${uid}-rate`} type="text" inputMode="decimal" placeholder="e.g. 1.08 for EUR" value={rate} onChange={(e) => setRate(e.target.value)} aria-invalid={rateErr ? 'true' : 'false'} aria-describedby={rateErr ? `${uid}-rate-err` : undefined} style={{ width: 140 }} />
      </div>
      {popErr ? <p id={`${uid}-pop-err`} className="field-error">{popErr}</p> : null}
      {rateErr ? <p id={`${uid}-rate-err`} className="field-error">{rateErr}</p> : null}
      <div
        className={`pm-drop${dragging ? ' pm-drop-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const f = e.dataTransfer.files?.[0];
          if (f && !fieldErr) void importFile(f);
        }}
      >
        <label htmlFor={`${uid}-file`}>Transactions CSV file</label>{' '}
        <input
          ref={fileRef}
          id={`${uid}-file`}
          type="file"
          accept=".csv,text/csv"
          disabled={busy || !!fieldErr}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importFile(f);
            e.target.value = '';
          }}
        />
        <span className="muted"> or drop a file here, or </span>
        <button type="button" onClick={useSample} disabled={busy || !!fieldErr}>
          Use sample data
        </button>
        {busy ? <span role="status"> Calibrating…</span> : null}
      </div>
      {error ? (
        <div role="alert" className="callout error" data-testid="calibration-error">
          <p>
            <strong>Import failed; nothing was stored.</strong> {error.issues?.length ? null : error.message}
          </p>
          {error.issues?.length ? (
            <ul>
              {error.issues.map((i, k) => (
                <li key={k}>{i.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {report ? (
        <div data-testid="calibration-report">
          {report.import.converted ? (
            <p className="callout" data-testid="calibration-converted">
              Converted from {report.import.converted.from} to US dollars at {report.import.converted.rate} US$ per {report.import.converted.from} before calibrating: every amount below is in USD.
            </p>
          ) : null}
          <div className="cards">
            <div className="card">
              <div className="label">Source</div>
              <div className="value pm-small">{report.source.name}</div>
            </div>
            <div className="card">
              <div className="label">Period</div>
              <div className="value pm-small">
                {report.dataSource.periodStart} → {report.dataSource.periodEnd}
              </div>
            </div>
            <div className="card">
              <div className="label">Weeks · food transactions</div>
              <div className="value">
                {report.dataSource.weeksAnalyzed} · {report.dataSource.transactionsAnalyzed}
              </div>
            </div>
            <div className="card">
              <div className="label">Overall confidence</div>
              <div className="value">
                {report.overall.confidenceLevel.toUpperCase()} ({report.overall.confidenceScore.toFixed(1)})
              </div>
            </div>
          </div>

          <h3>Parameter diff against the current default parameters</h3>
          <DiffTable
            label="Engine parameter diff"
            firstColumn="Parameter"
            markChanged
            rows={report.engineParamDiff.map((d) => ({
              key: d.key,
              name: (
                <>
                  <code>{d.key}</code>
                  {d.label ? <div className="muted">{d.label}</div> : null}
                </>
              ),
              current: d.current,
              proposed: d.proposed,
              unit: d.unit,
              reason: d.reason,
            }))}
          />
          {report.proposedIssues.length ? (
            <div role="alert" className="callout error">
              These values cannot be saved as engine parameters: {report.proposedIssues.join('; ')}
            </div>
          ) : null}

          <form
            className="toolbar pm-apply"
            aria-label="Apply calibration"
            onSubmit={(e) => {
              e.preventDefault();
              void apply();
            }}
          >
            <label htmlFor={`${uid}-setname`}>Parameter set name</label>
            <input id={`${uid}-setname`} type="text" value={setName} onChange={(e) => setSetName(e.target.value)} maxLength={100} style={{ width: 240 }} />
            <button type="submit" className="primary" disabled={!setName.trim() || report.proposedIssues.length > 0}>
              Apply
            </button>
          </form>
          {saveError ? (
            <p role="alert" className="callout error">
              {saveError}
            </p>
          ) : null}
          {saved ? (
            <div role="status" className="callout ok" data-testid="calibration-saved">
              Saved parameter set “{saved.name}” (#{saved.id}).{' '}
              <button type="button" onClick={() => navigate('simulate', { paramset: String(saved.id) })}>
                Open Simulate with it
              </button>
            </div>
          ) : null}

          {onApplyPatch && target ? (
            <>
              <h3>Projection model patch for “{target.name}”</h3>
              <DiffTable
                label="Projection model patch"
                firstColumn="Field"
                rows={report.projectionModelPatch.map((d) => ({ key: d.key, name: PROJECTION_PATCH_LABELS[d.key] ?? d.key, current: currentOf(d), proposed: d.proposed, unit: d.unit, reason: d.reason }))}
              />
              <div className="toolbar pm-apply">
                <button type="button" onClick={applyPatch}>
                  Apply to the model “{target.name}”
                </button>
              </div>
              {patched ? (
                <p role="status" className={`callout ${patched.changed ? 'ok' : 'info'}`} data-testid="calibration-patched">
                  {patched.text}
                </p>
              ) : null}
            </>
          ) : null}

          <h3>All calibrated parameters, with confidence</h3>
          <div className="pm-scroll" tabIndex={0} role="region" aria-label="Calibrated parameters with confidence and explanation (scrolls sideways)">
            <table aria-label="Calibrated parameters with confidence and explanation">
              <thead>
                <tr>
                  <th scope="col">Parameter</th>
                  <th scope="col" className="num">Baseline</th>
                  <th scope="col" className="num">Calibrated</th>
                  <th scope="col" className="num">Change</th>
                  <th scope="col">Confidence</th>
                  <th scope="col">Explanation</th>
                </tr>
              </thead>
              <tbody>
                {report.parameters.map((p) => (
                  <tr key={p.parameter}>
                    <th scope="row">
                      <code>{p.parameter}</code>
                      {calibrationParamLabel(p.parameter) ? <div className="muted">{calibrationParamLabel(p.parameter)}</div> : null}
                    </th>
                    <td className="num">{num(p.baseline)}</td>
                    <td className="num">{num(p.calibrated)}</td>
                    <td className="num">{p.baseline === 0 && p.calibrated !== 0 ? 'new' : signedPct(p.adjustmentPercent)}</td>
                    <td>
                      <span className={`pm-conf pm-conf-${p.confidence.level}`}>{p.confidence.level}</span> {p.confidence.score}
                      <div className="muted">{p.confidence.reason}</div>
                    </td>
                    <td>{p.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.recommendations.length ? (
            <>
              <h3>Recommendations</h3>
              <ul>
                {report.recommendations.map((r) => (
                  <li key={r}>
                    <LabelledText text={r} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {report.warnings.length || report.import.warnings.length ? (
            <div className="callout warn">
              <strong>Warnings</strong>
              <ul>
                {[...report.import.warnings, ...report.warnings].map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <Chart title="Weekly net food spend" data={weeklyTrace} height={260} description="Net food spending per week (refunds netted) from the imported transactions" />
          <div className="toolbar" role="group" aria-label="Download calibration report">
            {report.files.map((f) => (
              <button key={f.name} type="button" onClick={() => downloadText(f.name, f.content, f.mediaType)}>
                Download {f.name}
              </button>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** A calibration diff: current → calibrated per row, changed rows marked (markChanged also says so to screen readers). */
function DiffTable({ label, firstColumn, rows, markChanged = false }: { label: string; firstColumn: string; markChanged?: boolean; rows: { key: string; name: ReactNode; current: number; proposed: number; unit: string; reason: string }[] }) {
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{firstColumn}</th>
          <th scope="col" className="num">Current</th>
          <th scope="col" className="num">Calibrated</th>
          <th scope="col">Unit</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.key} className={d.current !== d.proposed ? 'pm-changed' : undefined}>
            <th scope="row">{d.name}</th>
            <td className="num">{num(d.current)}</td>
            <td className="num">
              {num(d.proposed)}
              {markChanged && d.current !== d.proposed ? <span className="sr-only"> (changed)</span> : null}
            </td>
            <td>{d.unit}</td>
            <td>{d.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
