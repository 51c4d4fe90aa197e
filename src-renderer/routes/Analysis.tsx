import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunDetail } from '../../src-shared/api';
import { ChainRunDocSchema } from '../../src-shared/chain/mirror';
import type { RunDoc } from '../../src-shared/sim/runDoc';
import { useShell } from '../App';
import { call, CallError, useApi, useRunJob } from '../api/useApi';
import { chainReasonInAppWords } from '../api/messages';
import { JobProgress } from '../analytics/JobProgress';
import { runDetails, runOptionLabel as optionLabel } from '../analytics/format';
import { cachedRun, forgetRun, storedRunDoc, noResultsWhy } from '../analytics/runCache';
import { ChartsPanel, ComparisonCards, CorrelationPanel, DistributionPanel, ExportData, FlowsPanel, KeyMetricsTable, LineChart, StoryPanel, TablesPanel, ValidationPanel } from '../analytics/RunViews';
import { Tabs } from '../analytics/Tabs';
import { useSticky } from '../analytics/sticky';

const WEALTH: [string, string][] = [
  ['AvgWealth_A', 'Traditional (A)'],
  ['AvgWealth_B', 'Cooperative (B)'],
];

type RunHead = Pick<RunDetail, 'id' | 'name' | 'status' | 'createdAt' | 'tags' | 'runs' | 'completedRuns'> & { result?: unknown };

/**
 * Loads a stored run (by id or the latest) with its RunDoc; uses the in-session cache when the run
 * just finished. `refresh(id)` reads that run again in place (a running run, once it has finished).
 */
export function useRunDoc(idParam: string | null) {
  const [state, setState] = useState<{ run: RunHead | null; doc: RunDoc | null; error: CallError | Error | null; loading: boolean }>({ run: null, doc: null, error: null, loading: true });
  // Bumped whenever the run asked for changes: a late answer about the previous one is then dropped.
  const generation = useRef(0);
  useEffect(() => {
    const gen = ++generation.current;
    const id = idParam && /^\d+$/.test(idParam) ? Number(idParam) : 'latest';
    const hit = typeof id === 'number' ? cachedRun(id) : undefined;
    if (hit) setState({ run: { id: id as number, name: '', status: 'done', createdAt: '', tags: [], runs: hit.runs, completedRuns: hit.completedRuns }, doc: hit, error: null, loading: false });
    else setState((s) => ({ ...s, loading: true }));
    // "latest" through the list first: with no runs yet that is an empty list, not a failed request
    // (a 404 in the browser console of every fresh install).
    const load = async () => {
      if (id !== 'latest') return call('runs.get', { id });
      const newest = await call('runs.list', { limit: 1 });
      if (newest.length === 0) throw new CallError('not_found', 'No runs yet: run a simulation first.');
      return call('runs.get', { id: newest[0].id });
    };
    load().then(
      (r) => gen === generation.current && setState({ run: r, doc: storedRunDoc(r.result) ?? hit ?? null, error: null, loading: false }),
      (e) => {
        if (gen !== generation.current) return;
        // The cache stands in for a failed read, not for a run that is gone: a run deleted in the
        // history (or elsewhere) was still shown from it, nameless, under a "Latest" picker.
        if (hit && (e as CallError).code === 'not_found') forgetRun(id as number);
        const keep = hit && (e as CallError).code !== 'not_found' ? hit : null;
        setState({ run: null, doc: keep, error: keep ? null : e, loading: false });
      },
    );
  }, [idParam]);
  const refresh = useCallback(async (id: number) => {
    const gen = generation.current;
    try {
      const r = await call('runs.get', { id });
      if (gen === generation.current) setState({ run: r, doc: storedRunDoc(r.result), error: null, loading: false });
    } catch (e) {
      // A transient failure keeps what is shown (the next poll tries again); a deleted run says so.
      if (gen === generation.current && (e as CallError).code === 'not_found') setState({ run: null, doc: null, error: e as CallError, loading: false });
    }
  }, []);
  return { ...state, refresh };
}

/** How often a running run started elsewhere (CLI, another window) is read again. */
const RUN_POLL_MS = 1500;

/** Progress of a running run from its stored row: finished member runs of the set, ETA from the pace so far. */
function storedProgress(run: RunHead, now: number): { phase: string; done: number; total: number; etaMs: number | null } {
  const done = Math.min(run.completedRuns, run.runs);
  const elapsed = now - Date.parse(run.createdAt);
  const etaMs = done > 0 && done < run.runs && elapsed > 0 ? (elapsed / done) * (run.runs - done) : null;
  return { phase: run.runs > 1 ? 'runs' : 'simulating', done, total: run.runs, etaMs };
}

/**
 * A run that is still running: follows the job of this window that writes it (live progress and
 * Cancel), or else reads the stored run every RUN_POLL_MS; either way the results load when it ends.
 */
function useRunningRun(run: RunHead | null, refresh: (id: number) => Promise<void>) {
  const runningId = run?.status === 'running' ? run.id : null;
  const job = useRunJob(runningId);
  const following = job?.running ?? false;
  const ended = job !== null && !job.running;
  useEffect(() => {
    if (runningId === null || following) return;
    if (ended) void refresh(runningId); // our job has returned, so the run is stored: read it now
    const t = setInterval(() => void refresh(runningId), RUN_POLL_MS);
    return () => clearInterval(t);
  }, [runningId, following, ended, refresh]);
  // A run this window did not start (a reload, another window, the CLI): runs.cancel stops it when
  // this app computes it, and says where to stop it otherwise.
  const [stopping, setStopping] = useState<number | null>(null);
  const [stopErr, setStopErr] = useState<string | null>(null);
  useEffect(() => {
    setStopErr(null);
    setStopping(null);
  }, [runningId]);
  const stop = useCallback(async () => {
    if (runningId === null) return;
    setStopping(runningId);
    setStopErr(null);
    try {
      await call('runs.cancel', { id: runningId });
      void refresh(runningId);
    } catch (e) {
      setStopping(null);
      setStopErr((e as Error).message);
    }
  }, [runningId, refresh]);
  return { runningId, job: following ? job : null, ours: job !== null, stop, stopping: stopping === runningId, stopErr };
}

export default function Analysis() {
  const { query, navigate } = useShell();
  const runParam = query.get('run');
  const { run, doc, error, loading, refresh } = useRunDoc(runParam);
  // The open tab stays when the user visits another section and comes back, or picks another run
  // here, as in Projections; a ?tab= link picks one (a run opened from Simulate, Compare, Monte
  // Carlo or the Dashboard opens on its Overview).
  const linkTab = query.get('tab');
  const [tab, setTab] = useSticky('analysis.tab', () => linkTab ?? 'overview');
  useEffect(() => {
    if (linkTab) setTab(linkTab);
  }, [linkTab, setTab]);
  const recent = useApi('runs.list', { limit: 50 });
  const { runningId, job, ours, stop, stopping, stopErr } = useRunningRun(run, refresh);
  // The run picker's "(running)" label follows the run once it has ended.
  const lastStatus = useRef(run?.status);
  const reloadRecent = recent.reload;
  useEffect(() => {
    if (lastStatus.current === 'running' && run?.status !== 'running') void reloadRecent();
    lastStatus.current = run?.status;
  }, [run?.status, reloadRecent]);

  const picker = (
    <div className="toolbar">
      <label htmlFor="an-run">Run</label>
      <select id="an-run" value={run?.id ?? ''} onChange={(e) => navigate('analysis', { run: e.target.value })}>
        {run && !recent.data?.some((r) => r.id === run.id) ? <option value={run.id}>{optionLabel(run)}</option> : null}
        {!run ? <option value="">Latest</option> : null}
        {(recent.data ?? []).filter((r) => r.kind === 'single' || r.kind === 'montecarlo').map((r) => (
          <option key={r.id} value={r.id}>
            {optionLabel(r)}
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
          // A run asked for by number that is not there (deleted, or a stale link) is not "no results yet".
          runParam && /^\d+$/.test(runParam) ? (
            <div className="callout warn" role="status" data-testid="run-missing">
              Run #{runParam} does not exist: it was deleted, or never stored. Pick a run above, or <button type="button" onClick={() => navigate('simulate')}>run a simulation</button>
            </div>
          ) : (
            <div className="callout info" role="status">
              No analysis results yet. <button type="button" onClick={() => navigate('simulate')}>Run a simulation</button>
            </div>
          )
        ) : (
          <div className="callout error" role="alert">Cannot load the run: {error.message}</div>
        )
      ) : null}
      {run && runningId !== null ? (
        <>
          <div className="callout info" role="status">
            Run #{run.id} is still running{ours ? '' : ' (started before this page loaded, in another window or from the CLI)'}: its results appear here when it finishes.
          </div>
          {job ? (
            <JobProgress label={`Run #${run.id}`} progress={job.progress} running cancelling={job.cancelling} onCancel={job.cancel} cancelText={run.runs > 1 ? 'Cancel (keep finished runs)' : 'Cancel'} />
          ) : (
            <JobProgress label={`Run #${run.id}`} progress={storedProgress(run, Date.now())} running cancelling={stopping} onCancel={() => void stop()} cancelText={run.runs > 1 ? 'Cancel (keep finished runs)' : 'Cancel'} />
          )}
          {stopErr ? <div className="callout error" role="alert">Cannot cancel run #{run.id}: {stopErr}</div> : null}
        </>
      ) : null}
      {run && !doc && !loading && runningId === null ? (
        <div className="callout warn" role="status" data-testid="run-no-results">
          Run #{run.id} has no results (status {run.status}){noResultsWhy(run.result)} Pick another run above, or{' '}
          <button type="button" onClick={() => navigate('simulate', { run: String(run.id) })}>load its parameters into Simulate</button>
        </div>
      ) : null}
      {doc ? (
        <>
          <p className="muted">
            {run?.name ? <strong>{run.name}</strong> : null} · {runDetails(run?.name ?? null, doc)} · {computedIn(doc)}
            {run?.status === 'cancelled' && !/\(cancelled\)/.test(run.name) ? ' · cancelled (partial set)' : ''}
          </p>
          {chainWarning(doc) ? (
            <div className="callout warn" role="status">
              Contract mirror: {chainWarning(doc)}
            </div>
          ) : null}
          <ExportData doc={doc} name={run?.name ?? 'simulation'} id={run?.id} />
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

/** "computed in 0.28 s", or with the contract mirror "computed in 7.40 s (simulation 0.28 s, on-chain mirror 7.12 s)". */
const CHAIN_TIMING = ChainRunDocSchema.pick({ mode: true, elapsedMs: true });
const CHAIN_WARNING = ChainRunDocSchema.pick({ warning: true });
/** The contract mirror's warning (a fallback from Hardhat to the model says why), if any. */
function chainWarning(doc: RunDoc): string | undefined {
  const c = CHAIN_WARNING.safeParse(doc.chain);
  return c.success && c.data.warning ? chainReasonInAppWords(c.data.warning) : undefined;
}
function computedIn(doc: RunDoc): string {
  const chain = CHAIN_TIMING.safeParse(doc.chain);
  const sim = `${(doc.elapsedMs / 1000).toFixed(2)} s`;
  if (!chain.success) return `computed in ${sim}`;
  return `computed in ${((doc.elapsedMs + chain.data.elapsedMs) / 1000).toFixed(2)} s (simulation ${sim}, ${chain.data.mode === 'hardhat' ? 'Hardhat' : 'model'} contract mirror ${(chain.data.elapsedMs / 1000).toFixed(2)} s)`;
}
