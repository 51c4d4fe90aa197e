import { Fragment, useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import type { ExportFile, MonteCarloModelResult, ProjectionsValidateOutput } from '../../src-shared/api/projections';
import type { MarketScenario, ProjectionModel } from '../../src-shared/projections/schema';
import { call, CallError } from '../api/client';
import { useApi } from '../api/useApi';
import { useShell } from '../App';
import { CalibrationPanel } from '../projections/CalibrationPanel';
import { downloadText } from '../projections/format';
import { ModelForm, ModelTabs, parseDraft, toDraft, type ModelDraft } from '../projections/ModelEditor';
import { MonteCarloPanel, type MonteCarloInputs } from '../projections/MonteCarloPanel';
import { stickyGet, useSticky } from '../analytics/sticky';
import { ProjectionReportExport } from '../projections/ReportExport';
import { RiskFactors, Rankings, ScenarioGrid, VarianceTable, WeeklyCharts } from '../projections/Results';
import { draftToScenario, ScenarioEditor, scenarioErrors, scenarioToDraft, type ScenarioDraft } from '../projections/ScenarioEditor';

/** Inline **bold** and `code` of the fix notes. */
function inline(s: string): ReactNode[] {
  return s.split(/(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|`[^`]+`)/).map((part, i) =>
    part.startsWith('**') ? (
      <strong key={i}>{part.slice(2, -2)}</strong>
    ) : part.startsWith('*') && part.length > 2 ? (
      <em key={i}>{part.slice(1, -1)}</em>
    ) : part.startsWith('`') ? (
      <code key={i}>{part.slice(1, -1)}</code>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

/** Tiny renderer for the fix notes (a title, paragraphs and a numbered list). */
function Notes({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const items: string[] = [];
  let para: string[] = [];
  const flushPara = () => {
    if (para.length) blocks.push(<p key={`p${blocks.length}`}>{inline(para.join(' '))}</p>);
    para = [];
  };
  for (const line of text.split('\n')) {
    if (/^#\s/.test(line)) continue; // the <summary> is the title
    const m = /^(\d+)\.\s+(.*)$/.exec(line);
    if (m) {
      flushPara();
      items.push(m[2]);
    } else if (/^\s{2,}\S/.test(line) && items.length) items[items.length - 1] += ' ' + line.trim();
    else if (line.trim() === '') flushPara();
    else para.push(line.trim());
  }
  flushPara();
  return (
    <>
      {blocks}
      <ol>
        {items.map((it, i) => (
          <li key={i}>{inline(it)}</li>
        ))}
      </ol>
    </>
  );
}

export default function Projections() {
  const uid = useId();
  const { settings } = useShell();
  const base = useApi('projections.models', {});
  // Edits, results and exports are kept across sections (a Monte Carlo that finishes while the
  // user is elsewhere still updates them).
  const [drafts, setDrafts] = useSticky<ModelDraft[] | null>('proj.drafts', null);
  const [selected, setSelected] = useSticky('proj.selected', 0);
  const [scenarioDrafts, setScenarioDrafts] = useSticky<ScenarioDraft[] | null>('proj.scenarioDrafts', null);
  const [applied, setApplied] = useSticky('proj.applied', '');
  const [result, setResult] = useSticky<ProjectionsValidateOutput | null>('proj.result', null);
  const [files, setFiles] = useSticky<ExportFile[] | null>('proj.files', null);
  const [mc, setMc] = useSticky<MonteCarloModelResult[] | null>('proj.mc', null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  /** Counts the editor's resets: the calibration's "Applied to the model" status is cleared by one. */
  const [resets, setResets] = useState(0);
  const [ranWith, setRanWith] = useSticky<{ models: ProjectionModel[]; scenarios: MarketScenario[]; scenario: string } | null>('proj.ranWith', null);

  useEffect(() => {
    if (base.data && !drafts) {
      setDrafts(base.data.models.map(toDraft));
      setScenarioDrafts(base.data.scenarios.map(scenarioToDraft));
    }
  }, [base.data, drafts]);

  const parsed = useMemo(() => (drafts ?? []).map(parseDraft), [drafts]);
  const models = useMemo(() => parsed.map((p) => p.model).filter((m): m is ProjectionModel => m !== null), [parsed]);
  const duplicate = useMemo(() => {
    const seen = new Set<string>();
    for (const m of models) {
      if (seen.has(m.name)) return m.name;
      seen.add(m.name);
    }
    return null;
  }, [models]);
  const scenarios = useMemo(
    () => (base.data && scenarioDrafts ? base.data.scenarios.map((s, i) => (Object.keys(scenarioErrors(scenarioDrafts[i])).length ? s : draftToScenario(s, scenarioDrafts[i]))) : []),
    [base.data, scenarioDrafts],
  );
  const scenarioInvalid = (scenarioDrafts ?? []).some((d) => Object.keys(scenarioErrors(d)).length > 0);
  const probabilities = (scenarioDrafts ?? []).map((d) => Number(d.probability));
  const probabilitySum = probabilities.length && probabilities.every(Number.isFinite) ? probabilities.reduce((a, b) => a + b, 0) : null;
  const invalidCount = parsed.filter((p) => p.model === null).length;
  const canRun = !!drafts && invalidCount === 0 && !duplicate && !scenarioInvalid && models.length > 0;

  const runValidation = useCallback(
    async (ms: ProjectionModel[], sc: MarketScenario[], scenario: string) => {
      setBusy(true);
      setError(null);
      try {
        const input = { models: ms, scenarios: sc, scenario: scenario || undefined };
        const [v, ex] = await Promise.all([call('projections.validate', { ...input, grid: true }), call('projections.exports', input)]);
        setResult(v);
        setFiles(ex.files);
        // These exports carry no Monte Carlo: the note below must not say they do.
        setMc(null);
        setRanWith({ models: ms, scenarios: sc, scenario });
      } catch (e) {
        setError(e instanceof CallError ? e : new CallError('internal', String((e as Error)?.message ?? e)));
      } finally {
        setBusy(false);
      }
    },
    [],
  );

  // First validation as soon as the published models are loaded.
  useEffect(() => {
    if (base.data && !result && !busy && !error) void runValidation(base.data.models, base.data.scenarios, '');
  }, [base.data]);

  const refreshExportsWithMc = async (r: MonteCarloModelResult[], ranOn: MonteCarloInputs) => {
    const ran = stickyGet<{ models: ProjectionModel[]; scenarios: MarketScenario[]; scenario: string } | null>('proj.ranWith');
    if (!ran) return;
    // The report holds the last validation: a Monte Carlo of other (edited, not yet validated) models or
    // scenarios would put their probabilities next to it. Keep the exports as they are until validated.
    if (JSON.stringify(ranOn.models) !== JSON.stringify(ran.models) || JSON.stringify(ranOn.scenarios) !== JSON.stringify(ran.scenarios) || ranOn.scenario !== ran.scenario) return;
    setMc(r);
    try {
      const ex = await call('projections.exports', {
        models: ran.models,
        scenarios: ran.scenarios,
        scenario: ran.scenario || undefined,
        monteCarlo: r.map((x) => ({ modelName: x.modelName, runs: x.runs, seed: x.seed, success: x.probabilities.success })),
      });
      setFiles(ex.files);
    } catch {
      /* keep the previous files */
    }
  };

  const dirty = ranWith !== null && (JSON.stringify(ranWith.models) !== JSON.stringify(models) || JSON.stringify(ranWith.scenarios) !== JSON.stringify(scenarios) || ranWith.scenario !== applied);

  return (
    <section aria-labelledby="proj-title" className="pm">
      <h1 id="proj-title">Projections</h1>
      <p className="muted">
        The five business models of the 5-year projection document, simulated for 260 weeks and validated against their targets (revenue, ROI, break-even), ranked,
        stress-tested by market scenario and by Monte Carlo, and calibrated from real transactions.
      </p>
      {base.error ? (
        <p role="alert" className="callout error">
          Cannot load the projection models: {base.error.message}
        </p>
      ) : null}

      <details className="pm-notes">
        <summary>Corrections to the original projections</summary>
        {base.data ? <Notes text={base.data.fixNotes} /> : null}
      </details>

      <h2 id={`${uid}-models`}>Models</h2>
      {drafts ? (
        <>
          <ModelTabs drafts={drafts} selected={selected} onSelect={setSelected} errorsOf={(i) => Object.keys(parsed[i]?.errors ?? {}).length} />
          <ModelForm key={selected} draft={drafts[selected]} index={selected} onChange={(d) => setDrafts(drafts.map((x, i) => (i === selected ? d : x)))} />
          <div className="toolbar">
            <button
              type="button"
              onClick={() => {
                if (!base.data) return;
                setDrafts(drafts.map((d, i) => (i === selected && base.data!.models[i] ? toDraft(base.data!.models[i]) : d)));
                setResets((n) => n + 1);
              }}
              disabled={!base.data?.models[selected]}
            >
              Reset this model
            </button>
            <button
              type="button"
              onClick={() => {
                if (!base.data) return;
                setDrafts(base.data.models.map(toDraft));
                setScenarioDrafts(base.data.scenarios.map(scenarioToDraft));
                setSelected(0);
                setResets((n) => n + 1);
              }}
            >
              Reset all to the published models
            </button>
          </div>
        </>
      ) : (
        <p aria-busy="true">Loading models…</p>
      )}

      <h2>Market scenarios</h2>
      {base.data && scenarioDrafts ? <ScenarioEditor scenarios={base.data.scenarios} drafts={scenarioDrafts} onChange={(i, d) => setScenarioDrafts(scenarioDrafts.map((x, k) => (k === i ? d : x)))} /> : null}
      {probabilitySum !== null && Math.abs(probabilitySum - 1) > 0.001 ? (
        <p role="status" className="callout warn">
          The scenario probabilities add up to {probabilitySum.toFixed(2)}, not 1. They are shown next to the grid and weight nothing, but read as chances they should add up to 1.
        </p>
      ) : null}

      <form
        className="toolbar pm-run"
        aria-label="Validate the models"
        onSubmit={(e) => {
          e.preventDefault();
          if (canRun) void runValidation(models, scenarios, applied);
        }}
      >
        <label htmlFor={`${uid}-apply`}>Apply a market scenario to every model</label>
        <select id={`${uid}-apply`} value={applied} onChange={(e) => setApplied(e.target.value)}>
          <option value="">None (models as edited)</option>
          {scenarios.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!canRun || busy}>
          Validate
        </button>
        {busy ? <span role="status">Validating…</span> : dirty ? <span className="muted">Edits not validated yet.</span> : null}
      </form>
      {invalidCount > 0 ? (
        <p role="alert" className="callout error">
          {invalidCount} model{invalidCount === 1 ? ' has' : 's have'} invalid fields (marked ⚠ on the tabs): fix them to validate.
        </p>
      ) : null}
      {duplicate ? (
        <p role="alert" className="callout error">
          Two models are named “{duplicate}”: model names must be unique.
        </p>
      ) : null}
      {scenarioInvalid ? (
        <p role="alert" className="callout error">
          A market scenario has invalid fields (see Market scenarios above): fix it to validate.
        </p>
      ) : null}
      {error ? (
        <div role="alert" className="callout error">
          {error.message}
        </div>
      ) : null}

      {result ? (
        <>
          <h2>Ranking</h2>
          {result.scenario ? <p className="callout info">Market scenario applied to every model: {result.scenario.name}.</p> : null}
          <Rankings v={result} />
          <h2>Projections vs simulated (variance)</h2>
          <p className="muted">
            “5-yr cumulative” is what the original projections compared with the year-5 target (kept: the published scores use it); “Year-5” is weeks 209–260, the like-for-like figure.
          </p>
          <VarianceTable v={result} />
          <h2>Risk factors and recommendations</h2>
          <RiskFactors v={result} />
          <h2>Market scenario grid</h2>
          <ScenarioGrid v={result} scenarios={ranWith?.scenarios ?? scenarios} />
          <h2>Weekly revenue and profit</h2>
          <WeeklyCharts v={result} />
        </>
      ) : busy ? (
        <p aria-busy="true">Validating the models…</p>
      ) : null}

      <h2>Monte Carlo</h2>
      <MonteCarloPanel models={models} scenarios={scenarios} scenario={applied} defaultSeed={settings?.defaultSeed ?? 42} onResult={(r, ranOn) => void refreshExportsWithMc(r, ranOn)} />

      <h2>Calibration from transactions</h2>
      <CalibrationPanel
        resetKey={resets}
        target={drafts?.[selected] ? { name: drafts[selected].name, participationRate: drafts[selected].participationRate, groupBuyingSavings: drafts[selected].groupBuyingSavings } : null}
        onApplyPatch={(patch) =>
          drafts &&
          setDrafts(
            drafts.map((d, i) =>
              i === selected
                ? { ...d, ...(patch.participationRate !== undefined ? { participationRate: String(patch.participationRate) } : {}), ...(patch.groupBuyingSavings !== undefined ? { groupBuyingSavings: String(patch.groupBuyingSavings) } : {}) }
                : d,
            ),
          )
        }
      />

      <h2>Exports</h2>
      {files ? (
        <>
          <p className="muted">
            CSV files are RFC 4180 (UTF-8, CRLF). They reflect the last validation{mc ? ' and the Monte Carlo run of the same models (in the Markdown report)' : ''}.
          </p>
          <div className="toolbar" role="group" aria-label="Download projection exports">
            {files.map((f) => (
              <button key={f.name} type="button" onClick={() => downloadText(f.name, f.content, f.mediaType)}>
                {f.name.endsWith('.md') ? 'Markdown report' : f.name}
              </button>
            ))}
          </div>
          {ranWith ? <ProjectionReportExport ran={ranWith} monteCarlo={mc} /> : null}
        </>
      ) : (
        <p className="muted">Validate the models to export.</p>
      )}
    </section>
  );
}
