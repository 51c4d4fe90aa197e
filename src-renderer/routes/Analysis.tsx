import { useEffect, useState } from 'react';
import type { RunDetail } from '../../src-shared/api';
import type { RunDoc } from '../../src-shared/sim/runDoc';
import { useShell } from '../App';
import { call, useApi, type CallError } from '../api/useApi';
import { cachedRun } from '../analytics/runCache';
import { ChartsPanel, ComparisonCards, CorrelationPanel, DistributionPanel, ExportData, FlowsPanel, KeyMetricsTable, LineChart, StoryPanel, TablesPanel, ValidationPanel } from '../analytics/RunViews';
import { Tabs } from '../analytics/Tabs';

const WEALTH: [string, string][] = [
  ['AvgWealth_A', 'Traditional (A)'],
  ['AvgWealth_B', 'Cooperative (B)'],
];

/** Loads a stored run (by id or the latest) with its RunDoc; uses the in-session cache when the run just finished. */
export function useRunDoc(idParam: string | null) {
  const [state, setState] = useState<{ run: Pick<RunDetail, 'id' | 'name' | 'status' | 'createdAt' | 'tags'> | null; doc: RunDoc | null; error: CallError | Error | null; loading: boolean }>({ run: null, doc: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    const id = idParam && /^\d+$/.test(idParam) ? Number(idParam) : 'latest';
    const hit = typeof id === 'number' ? cachedRun(id) : undefined;
    if (hit) setState({ run: { id: id as number, name: '', status: 'done', createdAt: '', tags: [] }, doc: hit, error: null, loading: false });
    else setState((s) => ({ ...s, loading: true }));
    call('runs.get', { id }).then(
      (r) => live && setState({ run: r, doc: (r.result as RunDoc | null) ?? hit ?? null, error: null, loading: false }),
      (e) => live && setState({ run: null, doc: hit ?? null, error: hit ? null : e, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [idParam]);
  return state;
}

export default function Analysis() {
  const { query, navigate } = useShell();
  const runParam = query.get('run');
  const { run, doc, error, loading } = useRunDoc(runParam);
  const [tab, setTab] = useState(query.get('tab') ?? 'overview');
  const recent = useApi('runs.list', { limit: 50 });

  const picker = (
    <div className="toolbar">
      <label htmlFor="an-run">Run</label>
      <select id="an-run" value={run?.id ?? ''} onChange={(e) => navigate('analysis', { run: e.target.value })}>
        {run && !recent.data?.some((r) => r.id === run.id) ? <option value={run.id}>#{run.id} {run.name}</option> : null}
        {!run ? <option value="">Latest</option> : null}
        {(recent.data ?? []).filter((r) => r.kind === 'single' || r.kind === 'montecarlo').map((r) => (
          <option key={r.id} value={r.id}>
            #{r.id} {r.name} ({r.status})
          </option>
        ))}
      </select>
      {run ? (
        <>
          <button type="button" onClick={() => navigate('dashboard', { run: String(run.id) })}>Dashboard</button>
          <button type="button" onClick={() => navigate('compare', { runs: String(run.id) })}>Compare…</button>
          <button type="button" onClick={() => navigate('simulate', { run: String(run.id) })} title="Load this run's parameters, model and seed into the editor">
            Re-run with edits…
          </button>
        </>
      ) : null}
    </div>
  );

  return (
    <section aria-labelledby="an-title">
      <h1 id="an-title">Analysis</h1>
      {picker}
      {loading && !doc ? <p aria-busy="true">Loading run…</p> : null}
      {error ? (
        error && (error as CallError).code === 'not_found' ? (
          <div className="callout info" role="status">
            No analysis results yet. <button type="button" onClick={() => navigate('simulate')}>Run a simulation</button>
          </div>
        ) : (
          <div className="callout error" role="alert">Cannot load the run: {error.message}</div>
        )
      ) : null}
      {run && !doc && !loading ? <div className="callout warn" role="status">Run #{run.id} has no results (status {run.status}).</div> : null}
      {doc ? (
        <>
          <p className="muted">
            {run?.name ? <strong>{run.name}</strong> : null} · {doc.kind === 'montecarlo' ? `Monte Carlo, ${doc.completedRuns} of ${doc.runs} runs` : 'single run'} · model {doc.model} · seed {doc.seed} ·{' '}
            {doc.members.toLocaleString('en-US')} members × {doc.weeks} weeks · computed in {(doc.elapsedMs / 1000).toFixed(2)} s
            {run?.status === 'cancelled' ? ' · cancelled (partial set)' : ''}
          </p>
          <ExportData doc={doc} name={run?.name ?? `run_${run?.id ?? ''}`} />
          <Tabs
            label="Analysis views"
            active={tab}
            onChange={setTab}
            tabs={[
              { id: 'overview', label: 'Overview', render: () => (<><ComparisonCards doc={doc} /><LineChart doc={doc} title="Average member wealth" metrics={WEALTH} yTitle="Wealth ($)" tick="$,.0f" /><KeyMetricsTable doc={doc} /></>) },
              { id: 'charts', label: 'Charts', render: () => <ChartsPanel doc={doc} /> },
              { id: 'distribution', label: 'Distribution', render: () => <DistributionPanel doc={doc} /> },
              { id: 'story', label: 'Narrative & events', render: () => <StoryPanel doc={doc} /> },
              { id: 'tables', label: 'Tables', render: () => <TablesPanel doc={doc} /> },
              { id: 'flows', label: 'Token flows', render: () => <FlowsPanel doc={doc} /> },
              { id: 'correlations', label: 'Correlations', render: () => <CorrelationPanel doc={doc} /> },
              { id: 'validation', label: 'Math validation', render: () => <ValidationPanel doc={doc} /> },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}
