import { Suspense, createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { Settings } from '../src-shared/api';
import { call } from './api/client';
import { editor } from './analytics/paramStore';
import { ErrorBoundary } from './components/ErrorBoundary';
import { sections } from './sections';
import { useTheme, type ThemeChoice } from './theme';

interface Shell {
  settings: Settings | null;
  updateSettings: (patch: Partial<Settings>) => Promise<Settings>;
  navigate: (id: string, query?: Record<string, string>) => void;
  query: URLSearchParams;
  theme: 'light' | 'dark';
}
const ShellContext = createContext<Shell | null>(null);
export const useShell = () => useContext(ShellContext)!;

function parseHash(): { id: string; query: URLSearchParams; unknown: string | null } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [id, qs] = raw.split('?');
  const known = sections.some((s) => s.id === id);
  return { id: known ? id : 'simulate', query: new URLSearchParams(qs ?? ''), unknown: !known && id ? id : null };
}

export function App() {
  const [route, setRoute] = useState(parseHash);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const theme = useTheme((settings?.theme ?? 'system') as ThemeChoice);

  useEffect(() => {
    const on = () => setRoute(parseHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  useEffect(() => {
    call('settings.get', {}).then(setSettings, (e) => setLoadError(e.message));
  }, []);
  // Settings → Default model for an editor nobody has touched this session, whichever section
  // (Simulate, Monte Carlo, Sensitivity, Dashboard) is opened first.
  useEffect(() => {
    if (settings) editor.applyDefaultModel(settings.defaultModel);
  }, [settings]);
  const navigate = useCallback((id: string, query?: Record<string, string>) => {
    const qs = query ? `?${new URLSearchParams(query)}` : '';
    location.hash = `#/${id}${qs}`;
  }, []);
  const updateSettings = useCallback(async (patch: Partial<Settings>) => {
    const next = await call('settings.set', patch);
    setSettings(next);
    return next;
  }, []);
  // Alt+<key> jumps to a section.
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      // By the character, else by the physical key: on macOS Option+1 types "¡" and Option+D "∂".
      const byCode = /^(?:Digit|Key)([0-9A-Z])$/.exec(e.code)?.[1].toLowerCase();
      const s = sections.find((x) => x.key === e.key.toLowerCase()) ?? sections.find((x) => x.key === byCode);
      if (s) {
        e.preventDefault();
        navigate(s.id);
      }
    };
    addEventListener('keydown', on);
    return () => removeEventListener('keydown', on);
  }, [navigate]);

  const current = sections.find((s) => s.id === route.id)!;
  const View = current.component;
  // A section change moves focus to the content (screen readers announce the new view). Not on the
  // first load: the first Tab must reach the skip link and the navigation, as on any page.
  // The section shown last: focus moves only when it changes (React's development double-run of
  // effects must not count as a change).
  const shown = useRef<string | null>(null);
  useEffect(() => {
    document.title = `${current.label} · PMOVES Workbench`;
    if (shown.current !== null && shown.current !== current.id) document.getElementById('main')?.focus({ preventScroll: true });
    shown.current = current.id;
  }, [current]);

  return (
    <ShellContext.Provider value={{ settings, updateSettings, navigate, query: route.query, theme }}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <nav className="sidebar" aria-label="Sections">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">◆</span> PMOVES Workbench
          </div>
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <a href={`#/${s.id}`} aria-current={s.id === current.id ? 'page' : undefined} aria-keyshortcuts={`Alt+${s.key.toUpperCase()}`} title={`${s.label} (Alt+${s.key.toUpperCase()})`}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1} className="content">
          {route.unknown ? (
            <div role="status" className="callout warn">
              There is no section “{route.unknown.slice(0, 60)}”; showing Simulate instead.
            </div>
          ) : null}
          {loadError ? (
            <div role="alert" className="callout error">
              Cannot reach the workbench backend: {loadError}
            </div>
          ) : null}
          <ErrorBoundary resetKey={current.id}>
            <Suspense fallback={<p aria-busy="true">Loading {current.label}…</p>}>
              <View />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </ShellContext.Provider>
  );
}
