import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { applyPreset, PARAM_NAMES, PRESET_TAGS, PRESETS, validateParams, type ParamName, type SimParams } from '../../src-shared/engine';
import type { RunDoc } from '../../src-shared/sim/runDoc';
import { NO_CHAIN_NODE, chainLimitError } from '../../src-shared/sim/chainLimits';
import { useShell } from '../App';
import { call, useApi, useJob } from '../api/useApi';
import { loadPlotly } from '../charts/Chart';
import { PARAM_LABELS, PRESET_TESTS } from '../analytics/help';
import { JobProgress } from '../analytics/JobProgress';
import { StillRunning } from '../analytics/StillRunning';
import { ParamEditor } from '../analytics/ParamEditor';
import { defaultValues, editor, paramsOf, toValues, useEditor, valueText } from '../analytics/paramStore';
import { ParamPreview } from '../analytics/Preview';
import { rememberRun } from '../analytics/runCache';
import { Tip } from '../analytics/Tip';
import { useSessionSticky } from '../analytics/sticky';
import { intFieldError, paramErrorText } from '../analytics/format';

/** A preset tag as the filter chips and the preset cards both show it ("small-scale" → "small scale"). */
const tagLabel = (t: string): string => t.replace(/-/g, ' ');

const DEFAULTS = defaultValues();

export default function Simulate() {
  const { settings, navigate, query } = useShell();
  const st = useEditor();
  const job = useJob('sim.run', 'simulate');
  // The run settings outlive the view like the parameters do: leaving Simulate and coming back
  // (Alt+3, Alt+1) must not put the seed back to the default under a run the user set up, nor must a reload.
  // Seed and runs are null until edited: then Settings → Default seed / runs apply (they load after the first render).
  const [seedEdit, setSeed] = useSessionSticky<string | null>('sim.seed', null);
  const seed = seedEdit ?? (settings ? String(settings.defaultSeed) : '');
  const [runsEdit, setRuns] = useSessionSticky<string | null>('sim.runs', null);
  const runs = runsEdit ?? String(settings?.defaultRuns ?? 1);
  const [chain, setChain] = useSessionSticky<'off' | 'model' | 'hardhat'>('sim.chain', 'off');
  // hardhat with no usable node: fail (default) or mirror on the model with a warning.
  const [chainFallback, setChainFallback] = useSessionSticky('sim.chainFallback', false);
  const [name, setName] = useSessionSticky('sim.name', '');
  const [tag, setTag] = useState<string>('all');
  const [selected, setSelected] = useState<string | null>(st.preset);
  // A click on a preset opens its preview below the list, often out of sight: bring it into view.
  const previewRef = useRef<HTMLDivElement>(null);
  const [picked, setPicked] = useState(0);
  useEffect(() => {
    if (picked) previewRef.current?.scrollIntoView({ block: 'nearest' });
  }, [picked]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);

  // #/simulate?paramset=ID (e.g. "Apply" in a calibration) loads that saved set into the editor (undoable).
  const paramsetId = query.get('paramset');
  useEffect(() => {
    if (!paramsetId) return;
    let cancelled = false;
    call('paramsets.list', {}).then(
      (sets) => {
        if (cancelled) return;
        const set = sets.find((x) => String(x.id) === paramsetId);
        if (!set) return setNotice({ kind: 'error', text: `Saved parameter set ${paramsetId} was not found.` });
        editor.replace(toValues(set.params));
        editor.setModel(set.model);
        setNotice({ kind: 'info', text: `Loaded “${set.name}”. Undo (Ctrl+Z) restores the previous values.` });
      },
      (e) => !cancelled && setNotice({ kind: 'error', text: (e as Error).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [paramsetId]);

  // #/simulate?run=ID ("Re-run with edits" in Analysis) loads that run's parameters, model and seed.
  const runId = query.get('run');
  useEffect(() => {
    if (!runId || !/^\d+$/.test(runId)) return;
    let cancelled = false;
    call('runs.get', { id: Number(runId) }).then(
      (r) => {
        if (cancelled) return;
        editor.replace(toValues(r.params as Record<string, number>));
        if (r.model === 'reference' || r.model === 'nextjs') editor.setModel(r.model);
        setSeed(String(r.seed));
        setNotice({ kind: 'info', text: `Loaded the parameters of run #${r.id} “${r.name}”. Undo (Ctrl+Z) restores the previous values.` });
      },
      (e) => !cancelled && setNotice({ kind: 'error', text: (e as Error).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [runId, setSeed]);

  const check = useMemo(() => validateParams(paramsOf(st.values)), [st.values]);
  const errors = useMemo(() => (check.ok ? {} : Object.fromEntries(check.errors.map((e) => [e.field, paramErrorText(e)]))), [check]);
  const params: SimParams | null = check.ok ? check.params : null;
  const seedN = Number(seed);
  const runsN = Number(runs);
  const seedErr = seed === '' ? null : intFieldError('Seed', seed, 0, Number.MAX_SAFE_INTEGER);
  const runsErr = intFieldError('Runs', runs, 1, 100000);
  // The contract adapter's limits, said before the run is sent (the main process's refusal spoke of "--chain").
  const chainErr = chainLimitError(chain, runsN, params?.NUM_MEMBERS ?? null, params?.SIMULATION_WEEKS ?? null);
  const canRun = !!params && !seedErr && !runsErr && !chainErr && !job.running;

  // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo parameter edits anywhere in this view.
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      // In a text field that is not a parameter (Name, Seed, a saved set's name) Ctrl+Z undoes the
      // typing, as everywhere; taking it here undid a parameter edit the user was not looking at.
      const t = e.target as HTMLElement | null;
      if (t?.matches?.('textarea, input:not([type=checkbox], [type=radio])') && !t.closest('.param-editor')) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) editor.undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') editor.redo();
      else return;
      e.preventDefault();
    };
    addEventListener('keydown', on);
    return () => removeEventListener('keydown', on);
  }, []);
  // Undoing the first edit disables Undo under keyboard focus (redoing the last, Redo), which dropped
  // focus to <body>: it moves to the other button, enabled by the same step.
  const undoRef = useRef<HTMLButtonElement>(null);
  const redoRef = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    const a = document.activeElement;
    if (a === undoRef.current && undoRef.current?.disabled) redoRef.current?.focus();
    else if (a === redoRef.current && redoRef.current?.disabled) undoRef.current?.focus();
  }, [st.past.length, st.future.length]);

  const run = async (presetId?: string) => {
    if (!params) return;
    setNotice(null);
    const sent = name;
    void loadPlotly(); // warm the chart bundle while the engine works
    const r = await job.run({
      model: st.model,
      params,
      seed: seed === '' ? (settings?.defaultSeed ?? 42) : seedN,
      runs: runsN,
      chain,
      ...(chain === 'hardhat' && chainFallback ? { chainFallback: 'model' as const } : {}),
      ...(presetId ?? st.preset ? { preset: presetId ?? st.preset ?? undefined } : {}),
      ...(sent.trim() ? { name: sent.trim() } : {}),
      save: true,
    });
    if (!r) return;
    if (r.runId === null) return setNotice({ kind: 'error', text: 'The run finished but was not stored.' });
    rememberRun(r.runId, r.doc as unknown as RunDoc);
    nameUsed(sent);
    openIfStillHere(r.runId);
  };

  // A name belongs to the one run stored under it: once stored, the field empties (unless it was edited meanwhile).
  const nameUsed = (sent: string) => setName((cur) => (cur === sent ? '' : cur));

  // The job outlives this view: if the user has moved on (Help, Settings, another run in Analysis),
  // the finished run waits in the run list instead of pulling them away.
  const openIfStillHere = (runId: number) => {
    if (/^#\/(simulate)?($|\?)/.test(location.hash) || location.hash === '') navigate('analysis', { run: String(runId), tab: 'overview' });
  };
  const shownPresets = PRESETS.filter((p) => tag === 'all' || p.tags.includes(tag));
  const sel = selected ? PRESETS.find((p) => p.id === selected) : null;
  const selParams = sel ? applyPreset(sel.id) : null;
  const diff = selParams ? PARAM_NAMES.filter((k) => valueText(selParams[k]) !== st.values[k].trim()) : [];

  return (
    <section aria-labelledby="sim-title" className="simulate">
      <h1 id="sim-title">Simulate</h1>
      <p className="muted">
        Edit the 18 parameters or start from a preset, then run. Scenario A is the traditional economy; B adds the co-op and GroTokens.
        {st.preset ? (
          <>
            {' '}
            Based on preset: <strong>{PRESETS.find((p) => p.id === st.preset)?.name}</strong>.
          </>
        ) : null}
      </p>

      {/* A form, so Enter in Seed, Runs or Name runs, as in Monte Carlo and Validation. */}
      <form
        className="toolbar run-bar"
        aria-label="Run settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (canRun) void run();
        }}
      >
        <span className="field-pair">
          <label htmlFor="sim-model">Model</label>
          <select id="sim-model" value={st.model} onChange={(e) => editor.setModel(e.target.value as 'reference' | 'nextjs')}>
            <option value="reference">Reference (Python rules, fixed)</option>
            <option value="nextjs">Next.js rules</option>
          </select>
        </span>
        <span className="field-pair">
          <label htmlFor="sim-seed">Seed</label>
          <input id="sim-seed" className="narrow" inputMode="numeric" value={seed} aria-invalid={seedErr ? 'true' : 'false'} aria-describedby={seedErr ? 'sim-seed-err' : undefined} onChange={(e) => setSeed(e.target.value)} />
        </span>
        <span className="field-pair">
          <label htmlFor="sim-runs">Runs</label>
          <input id="sim-runs" className="narrow" inputMode="numeric" value={runs} aria-invalid={runsErr ? 'true' : 'false'} aria-describedby={runsErr ? 'sim-runs-err' : 'sim-runs-hint'} onChange={(e) => setRuns(e.target.value)} />
        </span>
        <span id="sim-runs-hint" className="sr-only">
          More than one run makes a Monte Carlo set with p5–p95 bands.
        </span>
        <span className="field-pair">
          <label htmlFor="sim-chain" title="Mirror the run's rewards, spending, group purchases, staking and votes on the token contracts">
            Contracts
          </label>
          <select id="sim-chain" value={chain} aria-describedby="sim-chain-hint" onChange={(e) => setChain(e.target.value as typeof chain)}>
            <option value="off">off</option>
            <option value="model">model (in-process)</option>
            <option value="hardhat">hardhat (local node)</option>
          </select>
        </span>
        <span id="sim-chain-hint" className="sr-only">
          Contract-in-the-loop: model follows the Solidity rules in TypeScript; hardhat sends real transactions to the node started in the Chain view.
        </span>
        {chain === 'hardhat' ? (
          <label htmlFor="sim-chain-fallback" title="Without a running node the run fails; with this, it is mirrored on the in-process model and says so">
            <input type="checkbox" id="sim-chain-fallback" checked={chainFallback} onChange={(e) => setChainFallback(e.target.checked)} /> use the model if no node runs
          </label>
        ) : null}
        <span className="field-pair">
          <label htmlFor="sim-name">Name</label>
          <input id="sim-name" placeholder="optional" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </span>
        <button type="submit" className="primary" disabled={!canRun}>
          {job.running ? 'Running…' : 'Run simulation'}
        </button>
      </form>
      {seedErr ? <p id="sim-seed-err" className="field-error" role="alert">{seedErr}</p> : null}
      {runsErr ? <p id="sim-runs-err" className="field-error" role="alert">{runsErr}</p> : null}
      {chainErr ? <p className="field-error" role="alert">{chainErr}</p> : null}
      <JobProgress label="Simulation" progress={job.progress} running={job.running} cancelling={job.cancelling} onCancel={job.cancel} />
      <StillRunning busy={job.running} />
      {job.error?.code === 'cancelled' ? (
        <p role="status" className="callout info">Cancelled before the run finished: it is listed as cancelled, with no results.</p>
      ) : job.error?.code === 'unavailable' && chain === 'hardhat' && job.error.message.includes(NO_CHAIN_NODE) ? (
        // The main process words this for the command line ("--chain hardhat … workbench chain up").
        <div role="alert" className="callout error" data-testid="sim-no-node">
          Run failed: Contracts is set to hardhat, and no local Hardhat node is running. Start the node in the Chain view, or tick “use the model if no node runs” to mirror the run on
          the in-process model instead. <button type="button" onClick={() => navigate('chain')}>Open the Chain view</button>
        </div>
      ) : job.error ? (
        <div role="alert" className="callout error">
          Run failed: {job.error.message}
          {job.error.issues?.length ? <ul>{job.error.issues.map((i) => <li key={i.path}>{i.path}: {i.message}</li>)}</ul> : null}
        </div>
      ) : null}
      {notice ? <div role="status" className={`callout ${notice.kind}`}>{notice.text}</div> : null}
      {!check.ok ? (
        <div className="callout error" role="status">
          {check.errors.length} parameter{check.errors.length > 1 ? 's need' : ' needs'} fixing before a run: {check.errors.map((e) => PARAM_LABELS[e.field as ParamName] ?? e.field).join(', ')}.
        </div>
      ) : null}

      <div className="sim-layout">
        <div>
          <div className="toolbar" role="group" aria-label="Edit history">
            <button type="button" ref={undoRef} onClick={editor.undo} disabled={!st.past.length} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button type="button" ref={redoRef} onClick={editor.redo} disabled={!st.future.length} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)">
              Redo
            </button>
            <button type="button" onClick={() => editor.replace(defaultValues(), null)}>
              Reset to defaults
            </button>
          </div>
          {/* A form too, so Enter in a parameter runs as it does in Seed (it did nothing there), and Escape
              in it cancels that run (JobProgress listens on the form the job was started from). Enter is
              handled here: a form of several fields and no submit button has no implicit submission. */}
          <form
            aria-label="Parameters"
            onSubmit={(e) => {
              e.preventDefault();
              if (canRun) void run();
            }}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || e.nativeEvent.isComposing || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !(e.target instanceof HTMLInputElement)) return;
              e.preventDefault();
              e.currentTarget.requestSubmit();
            }}
          >
            <ParamEditor values={st.values} errors={errors} defaults={DEFAULTS} onEdit={editor.edit} />
          </form>
        </div>

        <div className="side">
          <section aria-labelledby="presets-title" className="panel">
            <h2 id="presets-title">Presets</h2>
            <div className="chips" role="group" aria-label="Filter presets by tag">
              {['all', ...PRESET_TAGS].map((t) => (
                <button key={t} type="button" className="chip" aria-pressed={tag === t} onClick={() => setTag(t)}>
                  {t === 'all' ? 'All' : tagLabel(t)}
                </button>
              ))}
            </div>
            <ul className="preset-list" aria-label="Presets">
              {shownPresets.map((p) => (
                <li key={p.id}>
                  <button type="button" className="preset" aria-pressed={selected === p.id} onClick={() => { setSelected(p.id); setPicked((k) => k + 1); }}>
                    <Tip inControl text={`${p.description} What this tests: ${PRESET_TESTS[p.id] ?? ''}`}>
                      <strong>{p.name}</strong>
                    </Tip>
                    <span className="muted small"> {p.tags.map(tagLabel).join(' · ')}</span>
                  </button>
                </li>
              ))}
            </ul>
            {sel && selParams ? (
              <div className="preset-preview" aria-live="polite" ref={previewRef}>
                <h3>{sel.name}</h3>
                <p className="small">
                  {sel.description} <em>What this tests:</em> {PRESET_TESTS[sel.id]}
                </p>
                {diff.length ? (
                  <table aria-label={`Changes ${sel.name} makes to the current values`}>
                    <thead>
                      <tr>
                        <th scope="col">Parameter</th>
                        <th scope="col" className="num">Current</th>
                        <th scope="col" className="num">Preset</th>
                      </tr>
                    </thead>
                    <tbody>
                      {diff.map((k: ParamName) => (
                        <tr key={k}>
                          <td title={k}>{PARAM_LABELS[k]}</td>
                          <td className="num">{st.values[k]}</td>
                          <td className="num changed-val">{valueText(selParams[k])}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className="small muted">The current values already match this preset.</p>
                )}
                <div className="toolbar">
                  <button type="button" onClick={() => editor.replace(toValues(selParams), sel.id)}>
                    Apply preset
                  </button>
                  <button
                    type="button"
                    className="primary"
                    disabled={job.running || !!seedErr || !!runsErr}
                    onClick={() => {
                      editor.replace(toValues(selParams), sel.id);
                      void runPreset(sel.id, selParams);
                    }}
                  >
                    Run preset
                  </button>
                </div>
              </div>
            ) : null}
          </section>

          <SavedSets onLoad={(p, nm) => { editor.replace(toValues(p), null); setNotice({ kind: 'info', text: `Loaded parameter set “${nm}”.` }); }} current={params} model={st.model} />

          <section aria-labelledby="preview-title" className="panel">
            <h2 id="preview-title">Preview</h2>
            <ParamPreview p={params} />
          </section>
        </div>
      </div>
    </section>
  );

  async function runPreset(id: string, p: SimParams) {
    setNotice(null);
    void loadPlotly();
    const sent = name;
    const r = await job.run({ model: st.model, params: p, preset: id, seed: seed === '' ? (settings?.defaultSeed ?? 42) : seedN, runs: runsN, ...(sent.trim() ? { name: sent.trim() } : {}), save: true });
    if (!r || r.runId === null) return;
    rememberRun(r.runId, r.doc as unknown as RunDoc);
    nameUsed(sent);
    openIfStillHere(r.runId);
  }
}

function SavedSets({ onLoad, current, model }: { onLoad: (p: Record<string, number>, name: string) => void; current: SimParams | null; model: 'reference' | 'nextjs' }) {
  const sets = useApi('paramsets.list', {});
  const [nm, setNm] = useState('');
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // Keyboard focus must not fall to <body>: "Save current" is disabled once the name empties (focus
  // goes back to the name), and a deleted set's buttons go (focus goes to the next set's Load, else
  // the previous one's, else the name).
  const root = useRef<HTMLElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const focusNext = useRef<number | 'name' | null>(null);
  useEffect(() => {
    const f = focusNext.current;
    if (f === null || sets.loading) return;
    focusNext.current = null;
    (f === 'name' ? nameRef.current : root.current?.querySelector<HTMLElement>(`[data-load="${f}"]`) ?? nameRef.current)?.focus();
  });
  // The set deleted last, for Undo (runs have one in the history; a set's values were gone at once).
  const [undo, setUndo] = useState<{ name: string; model: 'reference' | 'nextjs'; params: Record<string, number> } | null>(null);
  const del = async (id: number) => {
    const list = sets.data ?? [];
    const i = list.findIndex((x) => x.id === id);
    const gone = list[i];
    const after = list[i + 1] ?? list[i - 1];
    try {
      await call('paramsets.delete', { id });
    } catch (e) {
      setMsg({ kind: 'error', text: (e as Error).message });
      return;
    }
    if (gone) {
      setUndo({ name: gone.name, model: gone.model, params: gone.params });
      setMsg({ kind: 'ok', text: `Deleted “${gone.name}”.` });
    }
    focusNext.current = after ? after.id : 'name';
    await sets.reload();
  };
  const restore = async () => {
    if (!undo) return;
    // Saving by name overwrites: a set saved under that name since the delete is not replaced.
    if (sets.data?.some((s) => s.name === undo.name)) {
      setMsg({ kind: 'error', text: `A set named “${undo.name}” was saved since the delete: the deleted one was not restored.` });
      setUndo(null);
      return;
    }
    try {
      const r = await call('paramsets.save', { name: undo.name, model: undo.model, params: undo.params });
      setMsg({ kind: 'ok', text: `Restored “${undo.name}”.` });
      setUndo(null);
      focusNext.current = r.id;
      await sets.reload();
    } catch (e) {
      setMsg({ kind: 'error', text: (e as Error).message });
    }
  };
  // Saving under a name that exists replaces that set (the store keeps one set per name): say so
  // before and after, as it said "Saved" and the earlier values were gone.
  const existing = sets.data?.find((s) => s.name === nm.trim()) ?? null;
  const save = async () => {
    if (!current || !nm.trim()) return;
    try {
      await call('paramsets.save', { name: nm.trim(), model, params: current });
      setMsg({ kind: 'ok', text: existing ? `Replaced “${nm.trim()}” with the current parameters.` : `Saved “${nm.trim()}”.` });
      setUndo(null);
      if (root.current?.querySelector('button[type=submit]') === document.activeElement) focusNext.current = 'name';
      setNm('');
      void sets.reload();
    } catch (e) {
      setMsg({ kind: 'error', text: (e as Error).message });
    }
  };
  return (
    <section aria-labelledby="sets-title" className="panel" ref={root}>
      <h2 id="sets-title">Saved parameter sets</h2>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="set-name">Name</label>
        <input id="set-name" ref={nameRef} value={nm} maxLength={100} onChange={(e) => setNm(e.target.value)} />
        <button type="submit" disabled={!current || !nm.trim()} aria-describedby={existing ? 'set-replace' : undefined}>
          {existing ? 'Replace saved set' : 'Save current'}
        </button>
      </form>
      {existing ? <p id="set-replace" className="muted small">A set named “{existing.name}” exists: saving replaces its values.</p> : null}
      {msg ? (
        <p role="status" className={msg.kind === 'error' ? 'field-error' : 'muted'}>
          {msg.text}
          {undo && msg.kind === 'ok' ? (
            <>
              {' '}
              <button type="button" onClick={() => void restore()} aria-label={`Undo deleting ${undo.name}`}>
                Undo
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      {sets.error ? <p role="alert" className="field-error">{sets.error.message}</p> : null}
      {sets.data?.length ? (
        <ul className="plain-list">
          {sets.data.map((s) => (
            <li key={s.id}>
              <span>{s.name}</span> <span className="muted small">{s.model}</span>{' '}
              <button type="button" data-load={s.id} onClick={() => onLoad(s.params, s.name)} aria-label={`Load ${s.name}`}>
                Load
              </button>{' '}
              <button
                type="button"
                aria-label={`Delete ${s.name}`}
                onClick={() => void del(s.id)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      ) : sets.loading ? null : (
        <p className="muted small">No saved sets yet.</p>
      )}
    </section>
  );
}
