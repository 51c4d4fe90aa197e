import { useEffect, useState } from 'react';
import type { RunSummary } from '../../src-shared/api/core';
import { useShell } from '../App';
import { call } from '../api/useApi';
import { count } from './format';

/** How often the stored runs are read again while one of them is still running. */
const POLL_MS = 2000;

/**
 * Runs stored as running that this view is not following: started before a reload, in another
 * window or from the command line. After a reload mid-run, Simulate and Monte Carlo looked idle
 * (Run enabled, no progress) while the run went on; Analysis follows such a run and can cancel it.
 * `busy`: this view's own job is running (it shows its own progress; the list is read again when it ends).
 */
export function StillRunning({ busy }: { busy: boolean }) {
  const { navigate } = useShell();
  const [running, setRunning] = useState<RunSummary[]>([]);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const list = await call('runs.list', { limit: 50 });
        if (!alive) return;
        const now = list.filter((r) => r.status === 'running' && (r.kind === 'single' || r.kind === 'montecarlo'));
        setRunning(now);
        // Read again only while something runs: an idle page asks once.
        if (now.length) timer = setTimeout(() => void load(), POLL_MS);
      } catch {
        /* the list is a hint: a failed read shows nothing new */
      }
    };
    void load();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [busy]);
  if (busy || !running.length) return null;
  return (
    <div className="callout info" role="status" data-testid="still-running">
      {running.map((r) => (
        <div key={r.id}>
          Run #{r.id} “{r.name}” is still running{r.runs > 1 ? ` (${count(Math.min(r.completedRuns, r.runs))} of ${count(r.runs)} runs done)` : ''}. Analysis follows it and can cancel it.{' '}
          <button type="button" onClick={() => navigate('analysis', { run: String(r.id), tab: 'overview' })}>
            Open run #{r.id} in Analysis
          </button>
        </div>
      ))}
    </div>
  );
}
