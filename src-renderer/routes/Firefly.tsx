import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { OpOutput } from '../../src-shared/api';
import { call, CallError, useApi, useJob } from '../api/useApi';
import { Chart } from '../charts/Chart';
import { RulesEditor } from '../firefly/RulesEditor';
import { SCHEDULE_LABELS } from '../firefly/schedule';
import { count, intFieldError, plural, rateFieldError } from '../analytics/format';
import { signedPct } from '../projections/format';
import { isAbsoluteFolder } from '../../src-shared/api/core';
import { grouped } from '../../src-shared/report/format';
import { calibrationParamLabel } from '../../src-shared/projections/calibration/labels';
import { LabelledText } from '../components/LabelledText';
import { useShell } from '../App';
import { DEFAULT_PARAMS, PARAM_NAMES, validateParams } from '../../src-shared/engine';
import { paramsOf, useEditor } from '../analytics/paramStore';

type Calibration = OpOutput<'firefly.calibrate'>;
type Msg = { kind: 'ok' | 'error'; text: string } | null;

const SOURCE_LABEL: Record<string, string> = {
  'secret-store': 'token stored in the app',
  env: 'FIREFLY_TOKEN environment variable',
  'env-token-file': 'FIREFLY_TOKEN_FILE environment variable',
  'cli-token-file': '--token-file',
  none: 'not connected',
};

/**
 * The error text as the server wrote it: every Firefly message already says what to do (once), and
 * client-side transport errors say it too, so nothing is appended here.
 */
export function actionable(e: unknown): string {
  return e instanceof CallError ? e.message : String((e as Error)?.message ?? e);
}


function Callout({ msg }: { msg: Msg }) {
  if (!msg) return null;
  return (
    <p role={msg.kind === 'error' ? 'alert' : 'status'} className={`callout ${msg.kind === 'error' ? 'error' : 'ok'}`}>
      {msg.text}
    </p>
  );
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** An amount in the data's currency: "13,074.35" (the currency is named next to the table). */
const amount = (x: number) => grouped(x, 2);

export default function Firefly() {
  const status = useApi('firefly.status', {});
  const overview = useApi('firefly.overview', {});
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [connMsg, setConnMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState<'test' | 'connect' | null>(null);
  /** Cancels a Test or Connect in flight: a server that accepts the connection but never answers held the form for 2 minutes (4 attempts × 30 s). */
  const connCtrl = useRef<AbortController | null>(null);
  const connectRef = useRef<HTMLButtonElement>(null);
  const disconnectRef = useRef<HTMLButtonElement>(null);
  const tokenRef = useRef<HTMLInputElement>(null);
  const syncRef = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<'connected' | 'disconnected' | null>(null);
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const sync = useJob('firefly.sync');
  const [syncMsg, setSyncMsg] = useState<Msg>(null);
  const [lastSync, setLastSync] = useState<OpOutput<'firefly.sync'> | null>(null);
  const [population, setPopulation] = useState('');
  const [rate, setRate] = useState('');
  const [cal, setCal] = useState<Calibration | null>(null);
  /** The inputs of the calibration shown: Export writes that one, whatever the fields say since. */
  const [calInput, setCalInput] = useState<{ population?: number; exchangeRate?: number; currentParams?: Record<string, number> }>({});
  /**
   * What the calibration compares with: the Simulate editor's parameters (what Apply then saves, with the
   * calibrated values in), or the defaults when the editor has invalid values. It compared with the
   * defaults while the page said "the current parameters".
   */
  const editorState = useEditor();
  const editorParams = useMemo(() => {
    const r = validateParams(paramsOf(editorState.values));
    return r.ok ? Object.fromEntries(PARAM_NAMES.map((k) => [k, r.params[k]])) : null;
  }, [editorState.values]);
  const [calBase, setCalBase] = useState<'editor' | 'defaults' | 'editor-defaults'>('defaults');
  const [calMsg, setCalMsg] = useState<Msg>(null);
  /** What Apply and Export did: shown next to their buttons, at the end of the results; Apply's names the set it saved (Simulate opens with it). */
  const [actMsg, setActMsg] = useState<(Msg & { savedSetId?: number }) | null>(null);
  const { navigate } = useShell();
  const [exportDir, setExportDir] = useState('');

  useEffect(() => {
    if (status.data?.url && !url) setUrl(status.data.url);
  }, [status.data?.url]);

  const refresh = async () => {
    await Promise.all([status.reload(), overview.reload()]);
  };

  const connect = async (mode: 'test' | 'connect') => {
    const fromButton = mode === 'connect' && document.activeElement === connectRef.current;
    const ctrl = new AbortController();
    connCtrl.current = ctrl;
    setBusy(mode);
    setConnMsg(null);
    try {
      if (mode === 'test') {
        // Nothing typed and nothing configured: the API's message is written for the command line
        // (environment variables, --token-file); on this page the fields are the way in.
        if (!token && !url && !status.data?.configured) {
          setConnMsg({ kind: 'error', text: 'Enter the Firefly III address and a Personal Access Token, then Test (or Connect to store the token). Create the token in Firefly III under Options → Profile → OAuth → Personal Access Tokens.' });
          return;
        }
        // One field filled: the API's schema error named its op ("invalid input for firefly.test: token: …").
        if (!url.trim() !== !token) {
          setConnMsg({ kind: 'error', text: `${url.trim() ? 'Personal Access Token is empty: paste it too' : 'Firefly III address is empty: enter it too'} (Test checks the address and the token together${status.data?.configured ? '; empty both to test the stored connection' : ''}).` });
          return;
        }
        const r = await call('firefly.test', token || url ? { url, token } : {}, { signal: ctrl.signal });
        setConnMsg({ kind: 'ok', text: `Connection works: Firefly III ${r.version} at ${r.url}.${r.warnings.length ? ' ' + r.warnings.join(' ') : ''}` });
      } else {
        const r = await call('firefly.connect', { url, token }, { signal: ctrl.signal });
        setToken('');
        setConnMsg({ kind: 'ok', text: `Connected to Firefly III ${r.version}. ${r.notice}${r.warnings.length ? ' ' + r.warnings.join(' ') : ''}` });
        await refresh();
        if (fromButton) focusNext.current = 'connected';
      }
    } catch (e) {
      if (ctrl.signal.aborted) {
        setConnMsg({ kind: 'ok', text: mode === 'test' ? 'Test cancelled: Firefly III did not answer before you stopped it. Check the Firefly III address, or try again later.' : 'Connect cancelled: the token was not stored. Check the Firefly III address, or try again later.' });
      } else {
        setConnMsg({ kind: 'error', text: actionable(e) });
      }
    } finally {
      if (connCtrl.current === ctrl) connCtrl.current = null;
      setBusy(null);
    }
  };

  const disconnect = async () => {
    const fromButton = document.activeElement === disconnectRef.current;
    try {
      await call('firefly.disconnect', {});
      setConnMsg({ kind: 'ok', text: 'The stored token was deleted.' });
      if (fromButton) focusNext.current = 'disconnected';
      await refresh();
    } catch (e) {
      setConnMsg({ kind: 'error', text: actionable(e) });
    }
  };

  // Named by the labels on screen (the API's message says since/until, its field names).
  const rangeErr = since && until && since > until ? `From (${since}) is after To (${until}); swap them.` : null;
  const runSync = async () => {
    setSyncMsg(null);
    const r = await sync.run({ since: since || undefined, until: until || undefined });
    if (r) {
      setLastSync(r);
      setSyncMsg({ kind: 'ok', text: `Snapshot ${r.snapshotId}: ${count(r.groups)} groups, ${count(r.transactions)} transactions (${r.period.start} … ${r.period.end}).${r.transactions === 0 ? ' Nothing in this period: to sync older data, choose an earlier From date.' : ''}` });
      await refresh();
    }
  };
  useEffect(() => {
    if (sync.error) setSyncMsg({ kind: 'error', text: actionable(sync.error) });
  }, [sync.error]);

  // The spending's currency: money other than USD can be converted at a rate the user gives.
  const dataCurrency = overview.data?.coverage?.currencyCode ?? null;
  const foreign = dataCurrency !== null && dataCurrency !== 'USD';
  const runCalibrate = async () => {
    setCalMsg(null);
    setActMsg(null);
    try {
      const n = population.trim() === '' ? undefined : Number(population);
      const popErr = n === undefined ? null : intFieldError('Households in the community', population, 1, 10_000_000);
      if (popErr) throw new CallError('invalid_input', popErr);
      // The rate field shows only for data in another currency; a value left in it for USD data is not sent.
      const useRate = foreign && rate.trim() !== '';
      const rateErr = useRate ? rateFieldError(`Exchange rate (US$ per 1 ${dataCurrency})`, rate) : null;
      if (rateErr) throw new CallError('invalid_input', rateErr);
      const input = { population: n, exchangeRate: useRate ? Number(rate) : undefined, currentParams: editorParams ?? undefined };
      setCal(await call('firefly.calibrate', input));
      setCalInput(input);
      setCalBase(editorParams === null ? 'defaults' : PARAM_NAMES.every((k) => editorParams[k] === DEFAULT_PARAMS[k]) ? 'editor-defaults' : 'editor');
    } catch (e) {
      setCal(null);
      setCalMsg({ kind: 'error', text: actionable(e) });
    }
  };

  const apply = async () => {
    if (!cal) return;
    try {
      const r = await call('paramsets.save', { name: cal.suggestedName, params: cal.proposedParams });
      setActMsg({ kind: 'ok', text: `Saved the calibrated parameters as the parameter set "${r.name}".`, savedSetId: r.id });
    } catch (e) {
      setActMsg({ kind: 'error', text: actionable(e) });
    }
  };

  const exportFiles = async () => {
    const dir = exportDir.trim();
    if (dir && !isAbsoluteFolder(dir)) {
      setActMsg({ kind: 'error', text: `Folder must be an absolute path (e.g. /home/you/reports), or empty for the reports folder; got “${dir}”.` });
      return;
    }
    try {
      const r = await call('firefly.exportCalibration', { dir: dir || undefined, ...calInput });
      setActMsg({ kind: 'ok', text: `Wrote ${r.files.length} files to ${r.dir}.` });
    } catch (e) {
      setActMsg({ kind: 'error', text: actionable(e) });
    }
  };

  const s = status.data;
  const ov = overview.data;
  // Connect stays disabled after it succeeds (the token field is emptied) and Disconnect goes once the
  // token is deleted: pressed from the keyboard, each dropped focus to <body>. After Connect focus
  // goes to Sync now, the next step (else Disconnect), after Disconnect to the token field.
  useLayoutEffect(() => {
    const f = focusNext.current;
    if (!f || (f === 'connected' ? busy !== null : s?.tokenStored !== false)) return;
    focusNext.current = null;
    const a = document.activeElement;
    if (a && a !== document.body && !(a instanceof HTMLButtonElement && a.disabled)) return;
    const to = f === 'connected' ? [syncRef.current, disconnectRef.current, tokenRef.current] : [tokenRef.current];
    to.find((el) => el && !el.disabled)?.focus();
  });
  // The calibrated amounts (and their units) are in the data's currency: say which.
  const currency = cal?.dataSource.currencies[0] ?? 'USD';
  // A snapshot without usable spending (e.g. no withdrawals) is a normal "nothing yet" state: the
  // overview already says why, so the page does not send a calibration that can only fail.
  const calibratable = !!ov?.snapshot && ov.coverage !== null;
  const cats = ov ? [...new Set(ov.weekly.flatMap((w) => Object.keys(w.byCategory)))].sort() : [];
  const p = sync.progress as { phase?: string; done?: number; total?: number; message?: string } | null;

  return (
    <section aria-labelledby="firefly-title" className="ff">
      <h1 id="firefly-title">Firefly III</h1>
      <p className="muted">Read-only bridge: the app only reads from Firefly III, never writes to it.</p>

      <h2>Connection</h2>
      {status.error ? <Callout msg={{ kind: 'error', text: actionable(status.error) }} /> : null}
      {s ? (
        <dl className="kv" data-testid="ff-state">
          <dt>State</dt>
          <dd>{s.configured ? 'Connected' : 'Not connected'}</dd>
          <dt>Credentials</dt>
          {/* "token stored in the app" already says so: the suffix is for a token stored besides another source. */}
          <dd>{SOURCE_LABEL[s.source] ?? s.source}{s.tokenStored && s.source !== 'secret-store' ? ' · a token is also stored in the app' : ''}</dd>
          <dt>Address</dt>
          <dd>{s.url ?? '—'}</dd>
          <dt>Last sync</dt>
          <dd>{s.sync.lastSuccessAt ? new Date(s.sync.lastSuccessAt).toLocaleString() : 'never'}{s.sync.lastError ? ` · last attempt failed: ${s.sync.lastError}` : ''}</dd>
          <dt>Schedule</dt>
          <dd>{SCHEDULE_LABELS[s.schedule as keyof typeof SCHEDULE_LABELS] ?? s.schedule} (change in Settings → Firefly sync schedule)</dd>
        </dl>
      ) : (
        <p aria-busy="true">…</p>
      )}
      {/* The first-visit prompt; once the user has typed or tried, the form's own message speaks (the two contradicted each other). */}
      {s && !s.configured && s.source === 'none' && !url && !token && !connMsg ? <p className="muted">{s.notice}</p> : null}
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void connect('connect');
        }}
      >
        <label htmlFor="ff-url">Firefly III address</label>
        <input id="ff-url" type="url" placeholder="https://firefly.example.org" value={url} onChange={(e) => setUrl(e.target.value)} autoComplete="url" />
        <label htmlFor="ff-token">Personal Access Token</label>
        <input id="ff-token" ref={tokenRef} type="password" autoComplete="off" spellCheck={false} placeholder={s?.tokenStored ? 'token stored (paste a new one to replace it)' : 'paste the token'} value={token} onChange={(e) => setToken(e.target.value)} />
        <div className="form-actions toolbar">
          <button type="button" disabled={busy !== null} aria-busy={busy === 'test'} onClick={() => void connect('test')}>{busy === 'test' ? 'Testing…' : 'Test'}</button>
          <button type="submit" ref={connectRef} disabled={busy !== null || !url || !token} aria-busy={busy === 'connect'}>{busy === 'connect' ? 'Connecting…' : 'Connect'}</button>
          {busy ? (
            <button type="button" onClick={() => connCtrl.current?.abort()}>{busy === 'test' ? 'Cancel test' : 'Cancel connect'}</button>
          ) : null}
          {s?.tokenStored ? (
            <button type="button" ref={disconnectRef} onClick={() => void disconnect()}>Disconnect</button>
          ) : null}
        </div>
      </form>
      {/* Outside the form: in its grid the long line widened the label column. */}
      {busy ? (
        <p role="status" className="muted">
          Waiting for Firefly III to answer /api/v1/about: each attempt may take up to 30 s and a server that does not answer is tried 4 times. Cancel to stop waiting.
        </p>
      ) : null}
      <Callout msg={connMsg} />

      <h2>Sync</h2>
      <div className="toolbar">
        <label htmlFor="ff-since">From</label>
        <input id="ff-since" type="date" value={since} onChange={(e) => setSince(e.target.value)} />
        <label htmlFor="ff-until">To</label>
        <input id="ff-until" type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
        <button type="button" ref={syncRef} disabled={sync.running || !s?.configured || !!rangeErr} onClick={() => void runSync()}>Sync now</button>
        {sync.running ? <button type="button" onClick={sync.cancel} disabled={sync.cancelling}>{sync.cancelling ? 'Cancelling…' : 'Cancel sync'}</button> : null}
        <span className="muted">Default: the last 90 days.</span>
      </div>
      {rangeErr ? <p className="field-error" role="alert">{rangeErr}</p> : null}
      {sync.running ? (
        <div role="status" aria-live="polite" className="ff-progress">
          <progress max={p?.total || 1} value={p?.done ?? 0} aria-label="Sync progress" /> {p?.message ?? 'Starting…'}
        </div>
      ) : null}
      <Callout msg={syncMsg} />
      {lastSync && lastSync.warnings.length ? (
        <details>
          <summary>{plural(lastSync.warnings.length, 'warning')}</summary>
          <ul>{lastSync.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </details>
      ) : null}

      {ov?.snapshot ? (
        <>
          <h2>Last snapshot</h2>
          <div className="cards" data-testid="ff-snapshot">
            <div className="card"><div className="label">Snapshot</div><div className="value">#{ov.snapshot.id}</div></div>
            <div className="card"><div className="label">Period</div><div className="value ff-small">{ov.snapshot.period.start} … {ov.snapshot.period.end}</div></div>
            <div className="card"><div className="label">Groups / transactions</div><div className="value">{count(ov.snapshot.groups)} / {count(ov.snapshot.transactions)}</div></div>
            <div className="card"><div className="label">Skipped</div><div className="value">{count(ov.snapshot.skipped)}</div></div>
          </div>
          {ov.delta ? (
            <p data-testid="ff-delta">
              Changes since the previous sync{ov.delta.previousSnapshotId ? ` (snapshot ${ov.delta.previousSnapshotId})` : ''}: <strong>{ov.delta.added}</strong> added, <strong>{ov.delta.changed}</strong> changed, <strong>{ov.delta.removed}</strong> removed.
            </p>
          ) : null}
          {ov.delta && ov.delta.categories.length ? (
            <details>
              <summary>Category totals that changed ({ov.delta.categories.length})</summary>
              <table>
                <thead><tr><th scope="col">Category</th><th scope="col">Type</th><th scope="col">Before</th><th scope="col">Now</th><th scope="col">Difference</th></tr></thead>
                <tbody>{ov.delta.categories.slice(0, 50).map((c, i) => <tr key={i}><td>{c.category}</td><td>{c.type}</td><td>{c.previous} {c.currencyCode}</td><td>{c.current}</td><td>{c.difference}</td></tr>)}</tbody>
              </table>
            </details>
          ) : null}
          {ov.problem ? <Callout msg={{ kind: 'error', text: ov.problem }} /> : null}
          {ov.coverage ? (
            <>
              <h2>Data coverage</h2>
              <div className="cards" data-testid="ff-coverage">
                <div className="card"><div className="label">Food spend mapped by category</div><div className="value">{pct(ov.coverage.mappedByCategoryShare)}</div></div>
                <div className="card"><div className="label">By description</div><div className="value">{pct(ov.coverage.shares.description)}</div></div>
                <div className="card"><div className="label">Default (unmapped)</div><div className="value">{pct(ov.coverage.shares.default)}</div></div>
                <div className="card"><div className="label">Food transactions ({ov.coverage.currencyCode})</div><div className="value">{ov.coverage.mapped}</div></div>
              </div>
              {ov.coverage.unmapped.length ? (
                <details>
                  <summary>Food transactions no rule matched ({ov.coverage.unmapped.length} categories)</summary>
                  <ul>{ov.coverage.unmapped.map((u) => <li key={u.name}>{u.name}: {count(u.count)} transactions, {amount(u.amount)}</li>)}</ul>
                </details>
              ) : null}
              {ov.coverage.notFood.length ? (
                <details>
                  <summary>Spending not counted as food ({ov.coverage.notFood.length} categories)</summary>
                  <ul>{ov.coverage.notFood.map((u) => <li key={u.name}>{u.name}: {count(u.count)} transactions, {amount(u.amount)}</li>)}</ul>
                </details>
              ) : null}
            </>
          ) : null}
          {ov.weekly.length ? (
            <Chart
              title="Weekly food spending"
              description={`Weekly food spending by category, ${count(ov.weekly.length)} weeks`}
              data={cats.map((c) => ({ type: 'bar', name: c, x: ov.weekly.map((w) => w.weekStart), y: ov.weekly.map((w) => w.byCategory[c] ?? 0) }))}
              layout={{ barmode: 'stack', xaxis: { title: { text: 'Week starting' } }, yaxis: { title: { text: ov.coverage?.currencyCode ?? 'Amount' } } }}
            />
          ) : null}
        </>
      ) : ov?.problem ? (
        <p className="muted">{ov.problem}</p>
      ) : null}

      <h2>Category mapping</h2>
      <RulesEditor onSaved={() => void overview.reload()} />

      <h2>Calibration</h2>
      <div className="toolbar">
        <label htmlFor="ff-pop">Households in the community (optional)</label>
        <input id="ff-pop" type="text" inputMode="numeric" value={population} onChange={(e) => setPopulation(e.target.value)} style={{ width: '8em' }} />
        {foreign ? (
          <>
            <label htmlFor="ff-rate">Exchange rate: US$ per 1 {dataCurrency} (optional)</label>
            <input id="ff-rate" type="text" inputMode="decimal" placeholder="e.g. 1.08" value={rate} onChange={(e) => setRate(e.target.value)} style={{ width: '7em' }} aria-describedby="ff-rate-why" />
          </>
        ) : null}
        <button type="button" disabled={!calibratable} aria-describedby={calibratable ? undefined : 'ff-cal-why'} onClick={() => void runCalibrate()}>Calibrate</button>
      </div>
      {foreign ? (
        <p id="ff-rate-why" className="muted small">
          The spending is in {dataCurrency} and the simulation's money parameters are in US dollars: with a rate, every amount is converted before calibrating; without one, the amounts stay in {dataCurrency}.
        </p>
      ) : null}
      {!calibratable && ov ? (
        <p id="ff-cal-why" className="muted small" data-testid="ff-cal-why">
          Nothing to calibrate from yet: {ov.snapshot ? ov.problem : 'no Firefly III data has been synced yet; connect and sync first.'}
        </p>
      ) : null}
      <Callout msg={calMsg} />
      {cal ? (
        <div data-testid="ff-calibration">
          <p>
            {calBase === 'defaults'
              ? 'Compared with the default parameters (the Simulate editor has invalid values). Accuracy of the defaults: '
              : `Compared with the parameters in the Simulate editor${calBase === 'editor-defaults' ? ' (the defaults)' : ''}. Accuracy of those parameters: `}
            <strong className={`pm-conf pm-conf-${cal.comparison.confidenceLevel}`}>{cal.comparison.confidenceLevel}</strong> ({cal.comparison.confidenceScore.toFixed(1)}/100, average variance {cal.comparison.averageVariance.toFixed(1)}%). Parameter confidence:{' '}
            <strong className={`pm-conf pm-conf-${cal.overall.confidenceLevel}`}>{cal.overall.confidenceLevel}</strong> ({cal.overall.confidenceScore.toFixed(1)}/100). {count(cal.dataSource.weeksAnalyzed)} weeks, {count(cal.dataSource.transactionsAnalyzed)} food transactions.
          </p>
          <table>
            <caption className="sr-only">Engine parameter diff</caption>
            <thead><tr><th scope="col">Parameter</th><th scope="col">{calBase === 'defaults' ? 'Default' : 'Simulate editor'}</th><th scope="col">Calibrated</th><th scope="col">Unit</th><th scope="col">Why</th></tr></thead>
            <tbody>
              {cal.engineParamDiff.map((d) => (
                <tr key={d.key} className={d.current !== d.proposed ? 'pm-changed' : undefined}>
                  <th scope="row">{d.label ?? d.key}</th><td>{d.current}</td><td>{d.proposed}</td><td>{d.unit}</td><td>{d.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Category comparison</h3>
          <table>
            <thead><tr><th scope="col">Category</th><th scope="col" className="num">Actual ({currency})</th><th scope="col" className="num">Simulated ({currency})</th><th scope="col" className="num">Variance</th></tr></thead>
            <tbody>{cal.comparison.categories.map((c) => <tr key={c.category}><td title={c.category}>{calibrationParamLabel(c.category) ?? c.category}</td><td className="num">{amount(c.actual)}</td><td className="num">{amount(c.simulated)}</td><td className="num">{signedPct(c.variancePercent)}</td></tr>)}</tbody>
          </table>
          {cal.recommendations.length ? (
            <>
              <h3>Recommendations</h3>
              <ol>{cal.recommendations.map((r, i) => <li key={i}><LabelledText text={r} /></li>)}</ol>
            </>
          ) : null}
          {cal.warnings.length ? (
            <details><summary>{plural(cal.warnings.length, 'warning')}</summary><ul>{cal.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul></details>
          ) : null}
          {cal.proposedIssues.length ? <Callout msg={{ kind: 'error', text: `Cannot be saved as is: ${cal.proposedIssues.join('; ')}` }} /> : null}
          {cal.import.converted ? (
            <p className="callout" data-testid="ff-currency-note">
              Converted from {cal.import.converted.from} to US dollars at {cal.import.converted.rate} US$ per {cal.import.converted.from} before calibrating: every amount here is in USD, like the simulation's money parameters.
            </p>
          ) : currency !== 'USD' ? (
            <p className="callout warn" data-testid="ff-currency-note">
              These amounts are in {currency}, and the simulation's money parameters are in US dollars: no exchange rate is applied. Enter the exchange rate (US$ per 1 {currency}) above and calibrate again to convert them, or keep every money parameter in {currency}.
            </p>
          ) : null}
          <div className="toolbar pm-apply">
            <button type="button" disabled={cal.proposedIssues.length > 0} onClick={() => void apply()}>Apply (save as parameter set)</button>
            <label htmlFor="ff-export-dir">Folder</label>
            <input id="ff-export-dir" type="text" placeholder="(reports folder)/firefly-calibration-…" value={exportDir} onChange={(e) => setExportDir(e.target.value)} />
            <button type="button" onClick={() => void exportFiles()}>Export report + CSVs</button>
          </div>
          <Callout msg={actMsg} />
          {actMsg?.savedSetId !== undefined ? (
            <p>
              <button type="button" onClick={() => navigate('simulate', { paramset: String(actMsg.savedSetId) })}>
                Open Simulate with it
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
