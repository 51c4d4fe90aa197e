import { useEffect, useState } from 'react';
import type { Settings as S } from '../../src-shared/api';
import { useApi } from '../api/useApi';
import { useShell } from '../App';
import { SCHEDULE_LABELS } from '../firefly/schedule';
import { intFieldError } from '../analytics/format';
import { inPageWords } from '../api/messages';

export default function Settings() {
  const { settings, updateSettings } = useShell();
  const info = useApi('app.info', {});
  const health = useApi('health', {});
  const [draft, setDraft] = useState<S | null>(settings);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // Take the stored values once; later saves must not wipe what the user is typing.
  useEffect(() => setDraft((d) => d ?? settings), [settings]);
  // The two counts as typed (checked on the page, as everywhere: a number input only had the
  // browser's passing tooltip); null = not edited, show the stored value.
  const [seedText, setSeedText] = useState<string | null>(null);
  const [runsText, setRunsText] = useState<string | null>(null);
  if (!draft) return <p aria-busy="true">Loading settings…</p>;
  const seedRaw = seedText ?? String(draft.defaultSeed);
  const runsRaw = runsText ?? String(draft.defaultRuns);
  const seedErr = intFieldError('Default seed', seedRaw, 0, Number.MAX_SAFE_INTEGER);
  const runsErr = intFieldError('Default runs', runsRaw, 1, 100000);

  // The theme and the sync schedule save on change; the status names what was saved, so it is never
  // read as covering the form's fields (which save with the button, or not while one is invalid).
  const save = async (patch: Partial<S>, what = 'Saved.') => {
    try {
      await updateSettings(patch);
      setStatus({ kind: 'ok', text: what });
    } catch (e) {
      setStatus({ kind: 'error', text: inPageWords((e as Error).message, 'settings.set', { reportsDir: 'Reports folder' }) });
    }
  };

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          if (seedErr || runsErr) {
            setStatus({ kind: 'error', text: `Nothing saved: fix ${[seedErr && 'Default seed', runsErr && 'Default runs'].filter(Boolean).join(' and ')} first.` });
            return;
          }
          void save({ theme: draft.theme, defaultSeed: Number(seedRaw), defaultRuns: Number(runsRaw), defaultModel: draft.defaultModel, reportsDir: draft.reportsDir?.trim() || null });
        }}
      >
        <label htmlFor="set-theme">Theme</label>
        <select
          id="set-theme"
          value={draft.theme}
          onChange={(e) => {
            const theme = e.target.value as S['theme'];
            setDraft({ ...draft, theme });
            void save({ theme }, 'Theme saved.');
          }}
        >
          <option value="system">Follow the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>

        <label htmlFor="set-seed">Default seed</label>
        <input id="set-seed" inputMode="numeric" value={seedRaw} aria-invalid={seedErr ? 'true' : 'false'} aria-describedby={seedErr ? 'set-seed-err' : undefined} onChange={(e) => { setSeedText(e.target.value); setStatus(null); }} />
        {seedErr ? <p id="set-seed-err" className="field-error full" role="alert">{seedErr}</p> : null}

        <label htmlFor="set-runs">Default runs in Simulate (1 = one run, more = Monte Carlo)</label>
        <input id="set-runs" inputMode="numeric" value={runsRaw} aria-invalid={runsErr ? 'true' : 'false'} aria-describedby={runsErr ? 'set-runs-err' : undefined} onChange={(e) => { setRunsText(e.target.value); setStatus(null); }} />
        {runsErr ? <p id="set-runs-err" className="field-error full" role="alert">{runsErr}</p> : null}

        <label htmlFor="set-model">Default model</label>
        <select id="set-model" value={draft.defaultModel} onChange={(e) => { setDraft({ ...draft, defaultModel: e.target.value as S['defaultModel'] }); setStatus(null); }}>
          <option value="reference">Reference (Python rules, fixed)</option>
          <option value="nextjs">Next.js rules</option>
        </select>

        <label htmlFor="set-reports">Reports folder</label>
        <input id="set-reports" type="text" placeholder="(data folder)/exports" value={draft.reportsDir ?? ''} onChange={(e) => { setDraft({ ...draft, reportsDir: e.target.value }); setStatus(null); }} />

        <label htmlFor="set-ff-schedule">Firefly sync schedule</label>
        <select id="set-ff-schedule" value={draft.fireflySchedule} onChange={(e) => {
          const fireflySchedule = e.target.value as S['fireflySchedule'];
          setDraft({ ...draft, fireflySchedule });
          void save({ fireflySchedule }, 'Firefly sync schedule saved.');
        }}>
          {Object.entries(SCHEDULE_LABELS).map(([v, label]) => (
            <option key={v} value={v}>{label}</option>
          ))}
        </select>

        <div className="form-actions">
          <button type="submit">Save settings</button>
        </div>
      </form>
      {status ? (
        <p role={status.kind === 'error' ? 'alert' : 'status'} className={`callout ${status.kind === 'error' ? 'error' : 'ok'}`}>
          {status.text}
        </p>
      ) : null}

      <h2>About this installation</h2>
      {info.data ? (
        <dl className="kv">
          <dt>Version</dt>
          <dd>{info.data.version}</dd>
          <dt>Transport</dt>
          <dd>{info.data.transport === 'ipc' ? 'Electron IPC' : 'Loopback HTTP (serve)'}</dd>
          <dt>Data folder</dt>
          <dd>
            <code>{info.data.dataDir}</code>
          </dd>
          <dt>Database</dt>
          <dd>
            <code>{info.data.dbPath}</code> (schema {info.data.schemaVersion})
          </dd>
          <dt>Integrity</dt>
          <dd data-testid="db-health">{health.data ? (health.data.ok ? 'ok' : health.data.db.quickCheck) : '…'}</dd>
        </dl>
      ) : (
        <p aria-busy="true">…</p>
      )}
    </section>
  );
}
