import { Fragment, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { OpOutput } from '../../src-shared/api';
import { shownEventArgs } from '../../src-shared/chain/eventArgs';
import { useShell } from '../App';
import { call, useApi, useJob, type CallError } from '../api/useApi';
import { chainReasonInAppWords } from '../api/messages';
import { count, plural } from '../analytics/format';
import { Tip } from '../analytics/Tip';
import { chainSummaryRows } from '../chain/summary';
import { Chart } from '../charts/Chart';

type Status = OpOutput<'chain.status'>;
type RunMetrics = OpOutput<'chain.runMetrics'>;

function ProgressLine({ p, label }: { p: { phase?: string; message?: string } | null; label: string }) {
  return (
    <p className="muted" role="status" aria-live="polite" aria-busy="true">
      {label}
      {p?.phase ? ` · ${p.phase}` : ''}
      {p?.message ? ` · ${p.message}` : ''}…
    </p>
  );
}

/** "Run #12", "Runs #12, #13 and #14", "Run #12 and an unsaved run": the runs using the node. */
function runsText(ids: (number | null)[]): string {
  const saved = ids.filter((x): x is number => x !== null).map((x) => `#${x}`);
  const unsaved = ids.length - saved.length;
  const parts: string[] = [];
  if (saved.length) parts.push(`${saved.length === 1 ? 'Run' : 'Runs'} ${andList(saved)}`);
  if (unsaved) parts.push(unsaved === 1 ? 'an unsaved run' : plural(unsaved, 'unsaved run'));
  const text = parts.join(' and ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "a", "a and b", "a, b and c". */
const andList = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs[0]);

function stopWarning(ids: (number | null)[]): string {
  const one = ids.length === 1;
  return `${runsText(ids)} ${one ? 'is' : 'are'} mirroring ${one ? 'its' : 'their'} contracts into this node. Stopping the node now fails ${one ? 'that run' : 'those runs'}; ${one ? 'it' : 'they'} can be run again later.`;
}

function NodePanel({ status, reload }: { status: Status | null; reload: () => Promise<void> }) {
  const up = useJob('chain.up');
  const deploy = useJob('chain.deploy');
  const down = useJob('chain.down');
  const [stopping, setStopping] = useState(false);
  const node = status?.node;
  const busy = up.running || deploy.running || down.running || stopping;
  const err = up.error ?? deploy.error ?? down.error;

  // Start node stays disabled once the node runs, Stop node once it has stopped: pressed from the
  // keyboard, each dropped focus to <body>. It goes to the next step: Deploy contracts (else Stop node)
  // once the node runs, Start node once it has stopped.
  const startRef = useRef<HTMLButtonElement>(null);
  const deployRef = useRef<HTMLButtonElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<'started' | 'stopped' | null>(null);
  useLayoutEffect(() => {
    const f = focusNext.current;
    if (!f || busy || (f === 'started') !== !!node?.running) return;
    focusNext.current = null;
    const a = document.activeElement;
    if (a && a !== document.body && !(a instanceof HTMLButtonElement && a.disabled)) return;
    (f === 'started' ? [deployRef.current, stopRef.current] : [startRef.current]).find((el) => el && !el.disabled)?.focus();
  });

  const start = async () => {
    focusNext.current = document.activeElement === startRef.current ? 'started' : null;
    if (await up.run({ persistent: false })) await reload();
    else focusNext.current = null;
  };
  const doDeploy = async () => {
    if (await deploy.run({})) await reload();
  };
  // Runs writing to the node when Stop node was pressed: stopping fails them, so ask first.
  const [confirmStop, setConfirmStop] = useState<(number | null)[] | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirmStop) keepRef.current?.focus();
  }, [confirmStop]);
  const askStop = async () => {
    // Asked fresh: a run may have started or ended since the status on screen was read.
    const users = await call('chain.status', {}).then((s) => s.node.inUseBy, () => node?.inUseBy ?? []);
    if (users.length) setConfirmStop(users);
    else await stop();
  };
  const keepRunning = () => {
    setConfirmStop(null);
    stopRef.current?.focus();
  };
  const stop = async () => {
    setConfirmStop(null);
    focusNext.current = document.activeElement === stopRef.current || document.activeElement?.id === 'chain-stop-anyway' ? 'stopped' : null;
    setStopping(true);
    try {
      if (!(await down.run({}))) focusNext.current = null;
      await reload();
    } finally {
      setStopping(false);
    }
  };

  return (
    <section aria-labelledby="chain-node-h" className="card">
      <h2 id="chain-node-h">Local node</h2>
      <dl className="kv" aria-label="Node state">
        <dt>State</dt>
        <dd data-testid="chain-state">{!node ? 'unknown' : node.running ? (node.healthy ? 'running' : 'not answering') : 'stopped'}</dd>
        {node?.running ? (
          <>
            <dt>RPC</dt>
            <dd>
              <code>{node.rpcUrl}</code>
            </dd>
            <dt>Chain id</dt>
            <dd>{node.chainId}</dd>
            <dt>Block</dt>
            <dd data-testid="chain-block">{node.blockNumber ?? '—'}</dd>
            <dt>Process</dt>
            <dd>
              pid {node.pid}
              {node.persistent ? ' · started by "workbench chain up" (keeps running)' : node.ownedByThisProcess ? ' · stopped when the app exits' : ''}
            </dd>
            {node.inUseBy.length ? (
              <>
                <dt>In use</dt>
                <dd data-testid="chain-in-use">{runsText(node.inUseBy)} mirroring contracts into it</dd>
              </>
            ) : null}
          </>
        ) : null}
        {node?.lastError ? (
          <>
            <dt>Last error</dt>
            <dd>{node.lastError}</dd>
          </>
        ) : null}
      </dl>
      <div className="toolbar">
        <button type="button" ref={startRef} onClick={() => void start()} disabled={busy || !!node?.running}>
          Start node
        </button>
        <button type="button" ref={deployRef} onClick={() => void doDeploy()} disabled={busy || !node?.healthy}>
          Deploy contracts
        </button>
        <button type="button" ref={stopRef} onClick={() => void askStop()} disabled={busy || !node?.running}>
          Stop node
        </button>
        <button type="button" onClick={() => void reload()} disabled={busy}>
          Refresh
        </button>
      </div>
      {confirmStop ? (
        // Escape answers as "Keep the node running" does (the safe choice, focus back on Stop node).
        <div
          className="callout warn"
          role="alert"
          data-testid="chain-stop-confirm"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            keepRunning();
          }}
        >
          <p>{stopWarning(confirmStop)}</p>
          <div className="toolbar">
            <button type="button" ref={keepRef} onClick={keepRunning}>
              Keep the node running
            </button>
            <button type="button" id="chain-stop-anyway" onClick={() => void stop()}>
              Stop anyway
            </button>
          </div>
        </div>
      ) : null}
      {up.running ? <ProgressLine p={up.progress} label="Starting the Hardhat node" /> : null}
      {deploy.running ? <ProgressLine p={deploy.progress} label="Deploying the five contracts" /> : null}
      {down.running || stopping ? <ProgressLine p={null} label="Stopping the node" /> : null}
      {err ? (
        <div className="callout error" role="alert">
          {err.message}
        </div>
      ) : null}
    </section>
  );
}

function DeploymentPanel({ status }: { status: Status }) {
  const d = status.deployment;
  return (
    <section aria-labelledby="chain-dep-h" className="card">
      <h2 id="chain-dep-h">Deployed contracts</h2>
      {!d ? (
        <p className="muted">Nothing deployed on this node yet. Deploy the contracts, or run a simulation with the hardhat adapter (it deploys automatically).</p>
      ) : (
        <>
          <p className="muted">
            Deployed {new Date(d.deployedAt).toLocaleString()} at block {d.block} · manifest <code>{d.manifestPath}</code>
          </p>
          {/* 42-character addresses do not fit a half-width card at 1280 px: the table scrolls in its own box. */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Contract addresses (scrolls sideways)">
          <table aria-label="Contract addresses">
            <thead>
              <tr>
                <th scope="col">Contract</th>
                <th scope="col">Address</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(d.addresses).map(([name, addr]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>
                    <code>{addr}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      )}
      {status.accounts.length ? (
        <details>
          <summary>Accounts ({status.accounts.length})</summary>
          <table aria-label="Node accounts">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Balance (ETH)</th>
              </tr>
            </thead>
            <tbody>
              {status.accounts.map((a, i) => (
                <tr key={a.address}>
                  <td>
                    <code>{a.address}</code>
                    {i === 0 ? ' (treasury, chair)' : ''}
                  </td>
                  <td className="num">{a.balanceEth}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}

function EventsPanel({ block }: { block: number | undefined }) {
  const ev = useApi('chain.events', { limit: 30 }, [block]);
  return (
    <section aria-labelledby="chain-ev-h" className="card">
      <h2 id="chain-ev-h">Recent events</h2>
      {ev.error ? <p className="muted">{ev.error.message}</p> : null}
      {ev.data && ev.data.events.length === 0 ? <p className="muted">No contract events yet.</p> : null}
      {ev.data && ev.data.events.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Recent contract events (scrolls)">
          <table aria-label="Recent contract events">
            <thead>
              <tr>
                <th scope="col">Block</th>
                <th scope="col">Contract</th>
                <th scope="col">Event</th>
                <th scope="col">Arguments</th>
              </tr>
            </thead>
            <tbody>
              {[...ev.data.events].reverse().map((e) => (
                <tr key={`${e.txHash}-${e.logIndex}`}>
                  <td className="num">{e.block}</td>
                  <td>{e.contract}</td>
                  <td>{e.name}</td>
                  <td>
                    <code className="chain-args">
                      {shownEventArgs(e.contract, e.args).map((a, i) => (
                        <span key={a.key} title={a.raw ? `${a.key} = ${a.raw}` : undefined}>{i ? ' ' : ''}{a.key}={a.text}</span>
                      ))}
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function RunMetricsPanel() {
  const { query, navigate } = useShell();
  const runs = useApi('chain.runs', { limit: 50 });
  const picked = query.get('run');
  const id = picked && /^\d+$/.test(picked) ? Number(picked) : (runs.data?.[0]?.id ?? null);
  const [m, setM] = useState<{ data: RunMetrics | null; error: CallError | null }>({ data: null, error: null });
  useEffect(() => {
    if (id === null) return;
    let live = true;
    call('chain.runMetrics', { id }).then(
      (data) => live && setM({ data, error: null }),
      (error) => live && setM({ data: null, error }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  const rows = m.data?.chain.metrics ?? [];
  const weeks = rows.map((r) => r.week + 1);
  const last = rows[rows.length - 1];
  return (
    <section aria-labelledby="chain-run-h" className="card">
      <h2 id="chain-run-h">On-chain metrics of a run</h2>
      {runs.data && runs.data.length === 0 ? (
        <p className="muted">
          No run has chain data yet. Run a simulation with the contract adapter (Simulate, or <code>workbench simulate --chain model</code> /{' '}
          <code>--chain hardhat</code>).
        </p>
      ) : null}
      {runs.data && runs.data.length > 0 ? (
        <div className="toolbar">
          <label htmlFor="chain-run">Run</label>
          <select id="chain-run" value={id ?? ''} onChange={(e) => navigate('chain', { run: e.target.value })}>
            {runs.data.map((r) => (
              <option key={r.id} value={r.id}>
                #{r.id} {r.name} ({r.mode}, {count(r.members)}×{count(r.weeks)})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {m.error ? (
        <div className="callout error" role="alert">
          {chainReasonInAppWords(m.error.message)}
        </div>
      ) : null}
      {m.data && last ? (
        <>
          <p className="muted">
            {m.data.chain.mode === 'hardhat' ? `Real transactions on chain ${m.data.chain.chainId}` : 'In-process contract model'} · {count(m.data.chain.actions)} actions,{' '}
            {count(m.data.chain.failedActions)} reverted · {count(m.data.chain.eventCount)} events · replay of the stored log: {m.data.replayed}
          </p>
          {m.data.chain.warning ? (
            <div className="callout warn" role="status">
              {chainReasonInAppWords(m.data.chain.warning)}
            </div>
          ) : null}
          <dl className="kv" aria-label="Final-week on-chain metrics">
            {chainSummaryRows(rows).map((r) => (
              <Fragment key={r.key}>
                <dt>{r.title ? <Tip text={r.title}>{r.label}</Tip> : r.label}</dt>
                <dd>{r.value}</dd>
              </Fragment>
            ))}
          </dl>
          <Chart
            title="GRO staked and voting turnout per week"
            description="Line: total GRO locked in the vault at the end of each week. Bars: unique voters divided by lockers with voting power, in weeks with votes."
            data={[
              { type: 'scatter', mode: 'lines', name: 'GRO staked', x: weeks, y: rows.map((r) => Number(r.staking.totalLocked)) },
              { type: 'bar', name: 'Turnout', x: weeks, y: rows.map((r) => r.governance.turnout), yaxis: 'y2', opacity: 0.5 },
            ]}
            // The right axis needs its own margin (the shared 20 px clipped "96%" to "96(") and round
            // ticks of its own (synced to the left axis they read 5%, 28%, 51%, 73%, 96%).
            layout={{ margin: { l: 60, r: 70, t: 56, b: 48 }, xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: 'GRO staked' } }, yaxis2: { title: { text: 'Turnout' }, overlaying: 'y', side: 'right', range: [0, 1], tickmode: 'array', tickvals: [0, 0.25, 0.5, 0.75, 1], tickformat: '.0%', showgrid: false } }}
          />
        </>
      ) : null}
    </section>
  );
}

export default function Chain() {
  const st = useApi('chain.status', {});
  const status = st.data;
  const reload = st.reload;
  // While a node runs, refresh its block number now and then.
  useEffect(() => {
    if (!status?.node.running) return;
    const t = setInterval(() => void reload(), 10_000);
    return () => clearInterval(t);
  }, [status?.node.running, reload]);
  return (
    <section aria-labelledby="chain-title" className="chain-view">
      <h1 id="chain-title">Chain</h1>
      <p className="muted">A local Hardhat node with the five co-op contracts. Simulations can mirror their weeks into the contracts (model or real transactions) and report on-chain metrics.</p>
      {st.error ? (
        <div className="callout error" role="alert">
          Cannot read the node state: {st.error.message}
        </div>
      ) : null}
      <div className="grid-2">
        <NodePanel status={status} reload={st.reload} />
        {status?.node.healthy ? <DeploymentPanel status={status} /> : null}
      </div>
      {status?.node.healthy && status.deployment ? <EventsPanel block={status.node.blockNumber} /> : null}
      <RunMetricsPanel />
    </section>
  );
}
