import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DoxHealthResult } from '../../src-shared/api';
import { useShell } from '../App';
import { call, CallError } from '../api/client';
import { inPageWords } from '../api/messages';
import { MessageText } from '../components/MessageText';

const POLL_MS = 30_000;

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** DoX URL (saved to settings.doxUrl), JWT (stored via dox.setJwt, never echoed) and a live health badge. */
export function Connection({ url, setUrl }: { url: string; setUrl: (u: string) => void }) {
  const { settings, updateSettings } = useShell();
  const [health, setHealth] = useState<DoxHealthResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [healthError, setHealthError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [urlError, setUrlError] = useState<string | null>(null);
  const [jwt, setJwt] = useState('');
  const [jwtStored, setJwtStored] = useState<boolean | null>(null);
  const [jwtSource, setJwtSource] = useState<'store' | 'env' | null>(null);
  const [jwtMsg, setJwtMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [effectiveUrl, setEffectiveUrl] = useState<string>('');
  const urlRef = useRef(url);
  urlRef.current = url;
  const inflight = useRef(false);
  // Save JWT empties the field (the button stays disabled) and Clear JWT is disabled once nothing is
  // stored: pressed from the keyboard, either dropped focus to <body>. It goes to the JWT field.
  const jwtRef = useRef<HTMLInputElement>(null);
  const saveJwtRef = useRef<HTMLButtonElement>(null);
  const clearJwtRef = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    const a = document.activeElement;
    if ((a === saveJwtRef.current && saveJwtRef.current?.disabled) || (a === clearJwtRef.current && clearJwtRef.current?.disabled)) jwtRef.current?.focus();
  }, [jwt, jwtStored, jwtSource]);

  const refreshStatus = useCallback(async () => {
    try {
      const s = await call('dox.status', {});
      setJwtStored(s.jwtStored);
      setJwtSource(s.jwtSource);
      setEffectiveUrl(s.url);
    } catch {
      /* the badge shows the health error */
    }
  }, []);

  const check = useCallback(async () => {
    if (inflight.current) return;
    inflight.current = true;
    setChecking(true);
    const u = urlRef.current.trim();
    try {
      setHealth(await call('dox.health', u && isHttpUrl(u) ? { url: u } : {}));
      setHealthError(null);
    } catch (e) {
      setHealthError((e as CallError).message);
    } finally {
      inflight.current = false;
      setChecking(false);
    }
  }, []);

  // Fill the URL field from settings once they load; check health then and every 30 s while visible.
  const loaded = useRef(false);
  useEffect(() => {
    if (!settings || loaded.current) return;
    loaded.current = true;
    if (settings.doxUrl && !urlRef.current) setUrl(settings.doxUrl);
    void refreshStatus().then(() => check());
  }, [settings, setUrl, check, refreshStatus]);
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') void check();
    }, POLL_MS);
    const onVis = () => document.visibilityState === 'visible' && void check();
    document.addEventListener('visibilitychange', onVis);
    return () => {
      clearInterval(t);
      document.removeEventListener('visibilitychange', onVis);
    };
  }, [check]);

  // Shown as the user types (the push form is blocked by the same rule and shows nothing of its own).
  const badUrl = url.trim() && !isHttpUrl(url.trim()) ? `DoX URL must be an http:// or https:// address, e.g. http://127.0.0.1:8484; got “${url.trim().slice(0, 80)}”` : null;
  const saveUrl = async () => {
    const u = url.trim();
    if (badUrl) return;
    setUrlError(null);
    try {
      await updateSettings({ doxUrl: u || null });
      setSaved(u ? `Saved: pushes go to ${u}.` : 'Cleared: the DOX_URL environment variable or http://127.0.0.1:8484 is used.');
      await refreshStatus();
      await check();
    } catch (e) {
      setUrlError((e as CallError).message);
    }
  };

  const saveJwt = async () => {
    const value = jwt;
    setJwt(''); // never keep the token in the page longer than needed
    try {
      const r = await call('dox.setJwt', { jwt: value });
      setJwtStored(r.stored);
      setJwtMsg({ kind: 'ok', text: 'JWT stored in the app’s secret store. It is never shown again.' });
      await refreshStatus();
    } catch (e) {
      // The API names its field (jwt, as on the CLI); here it is the field labelled DoX JWT. The field
      // was emptied (the token never stays in the page), so the message says to paste it again.
      setJwtMsg({ kind: 'error', text: `${inPageWords((e as CallError).message, 'dox.setJwt', { jwt: 'DoX JWT' })} Paste it again.` });
    }
  };
  const clearJwt = async () => {
    try {
      const r = await call('dox.clearJwt', {});
      setJwtStored(r.stored);
      setJwtMsg({ kind: 'ok', text: 'Stored JWT deleted.' });
      await refreshStatus();
    } catch (e) {
      setJwtMsg({ kind: 'error', text: (e as CallError).message });
    }
  };

  const badge = healthError
    ? { cls: 'down', text: 'Health check failed' }
    : !health
      ? { cls: 'unknown', text: checking ? 'Checking…' : 'Not checked' }
      : health.ok
        ? { cls: 'up', text: `Up · ${health.generation === 'head' ? 'HEAD' : health.generation === 'pin' ? 'pinned' : '?'} generation · ${health.latencyMs} ms` }
        : health.answered
          ? { cls: 'down', text: 'Answered, not healthy' }
          : { cls: 'down', text: 'Down' };

  return (
    <section className="panel" aria-labelledby="dx-conn-title">
      <h2 id="dx-conn-title">Connection</h2>
      <div className="dx-health" role="status" aria-live="polite" aria-atomic="true">
        <span className={`dx-badge dx-badge-${badge.cls}`} data-testid="dox-health-badge">
          <span aria-hidden="true">{badge.cls === 'up' ? '●' : badge.cls === 'down' ? '●' : '○'}</span> DoX: {badge.text}
        </span>
        <span className="muted small">
          <MessageText text={healthError ?? health?.message ?? ''} />
        </span>
        {health ? <span className="muted small"> Checked {new Date(health.checkedAt).toLocaleTimeString()}.</span> : null}
      </div>
      <div className="toolbar">
        <button type="button" onClick={() => void check()} disabled={checking}>
          {checking ? 'Checking…' : 'Refresh health'}
        </button>
      </div>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void saveUrl();
        }}
      >
        <label htmlFor="dx-url">DoX URL</label>
        <div>
          <input
            id="dx-url"
            type="url"
            inputMode="url"
            autoComplete="url"
            placeholder={effectiveUrl || 'http://127.0.0.1:8484'}
            value={url}
            aria-invalid={urlError || badUrl ? 'true' : 'false'}
            aria-describedby="dx-url-help"
            onChange={(e) => {
              setUrl(e.target.value);
              setSaved(null);
            }}
            className="dx-wide"
          />
          <div id="dx-url-help" className="muted small">
            The backend API: port 8484 (current DoX) or 8000 (older DoX), not the frontend. Empty uses DOX_URL or http://127.0.0.1:8484.
          </div>
        </div>
        <div className="form-actions">
          <button type="submit">Save URL</button>
        </div>
      </form>
      {badUrl || urlError ? <p className="field-error" role="alert">{badUrl ?? urlError}</p> : null}
      {saved ? <p className="muted small" role="status">{saved}</p> : null}
      <form
        className="form-grid dx-jwt"
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          void saveJwt();
        }}
      >
        <label htmlFor="dx-jwt">DoX JWT</label>
        <div>
          <input
            id="dx-jwt"
            ref={jwtRef}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={jwt}
            placeholder={jwtStored ? '•••••• stored (paste to replace)' : 'optional: paste the Supabase access token'}
            aria-describedby="dx-jwt-help"
            onChange={(e) => setJwt(e.target.value)}
            className="dx-wide"
          />
          <div id="dx-jwt-help" className="muted small" data-testid="dox-jwt-status">
            {jwtStored === null
              ? ' '
              : jwtStored
                ? jwtSource === 'env'
                  ? 'A JWT comes from the DOX_JWT / DOX_TOKEN environment variable.'
                  : 'A JWT is stored (kept in the secret store, never shown).'
                : 'No JWT stored. Only needed when DoX requires sign-in (downloads, protected routes).'}
          </div>
        </div>
        <div className="form-actions toolbar">
          <button type="submit" ref={saveJwtRef} disabled={!jwt.trim()}>Save JWT</button>
          <button type="button" ref={clearJwtRef} onClick={() => void clearJwt()} disabled={!jwtStored || jwtSource === 'env'}>
            Clear JWT
          </button>
        </div>
      </form>
      {jwtMsg ? (
        <p className={jwtMsg.kind === 'error' ? 'field-error' : 'muted small'} role={jwtMsg.kind === 'error' ? 'alert' : 'status'}>
          {jwtMsg.text}
        </p>
      ) : null}
    </section>
  );
}
