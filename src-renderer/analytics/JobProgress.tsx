import { useEffect, useRef } from 'react';
import { count, eta } from './format';

// The element focused last, tracked for the whole page: when a button starts a job it is disabled
// at once and the browser drops focus to <body>, so by the time the progress shows, the only way
// to know what started the job is to have noted it before.
let lastFocused: HTMLElement | null = null;
if (typeof document !== 'undefined') document.addEventListener('focusin', (e) => (lastFocused = e.target instanceof HTMLElement ? e.target : null), true);

const focusLost = () => {
  const a = document.activeElement as HTMLElement | null;
  return !a || a === document.body || (a as HTMLButtonElement).disabled === true;
};

/**
 * Progress bar with counts, ETA and a Cancel button for a running job. Once Cancel is pressed
 * (`cancelling`) the button says so and is disabled until the job stops. Without `onCancel` (a job
 * this window cannot stop) there is no button.
 */
export function JobProgress({ label, progress, running, cancelling = false, onCancel, cancelText = 'Cancel' }: { label: string; progress: { phase?: string; done: number; total: number; etaMs?: number | null; message?: string } | null; running: boolean; cancelling?: boolean; onCancel?: () => void; cancelText?: string }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const cancelNow = useRef<(() => void) | null>(null);
  cancelNow.current = onCancel && !cancelling ? onCancel : null;
  // Keyboard users keep their place: a job started from a button that is now disabled moves focus
  // to Cancel (where Escape cancels), and focus goes back to that button when the job ends, unless
  // the user has moved it meanwhile. A job started by Enter in a field (Runs, Seed) leaves focus
  // there: Escape in that form cancels it too.
  useEffect(() => {
    if (!running) return;
    const trigger = focusLost() ? lastFocused : null;
    if (trigger) cancelRef.current?.focus();
    const form = trigger ? null : document.activeElement?.closest('form');
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !cancelNow.current) return;
      e.stopPropagation();
      cancelNow.current();
    };
    form?.addEventListener('keydown', onEscape);
    return () => {
      form?.removeEventListener('keydown', onEscape);
      if (!trigger) return;
      // After this commit the trigger is enabled again; give it focus if nothing else has it.
      setTimeout(() => {
        if (focusLost() && trigger.isConnected && !(trigger as HTMLButtonElement).disabled) trigger.focus();
      }, 0);
    };
  }, [running]);
  if (!running) return null;
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  const pctv = total > 0 ? Math.round((done / total) * 100) : null;
  return (
    <div
      className="job-progress"
      role="group"
      aria-label={`${label} progress`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onCancel && !cancelling) {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <progress aria-label={label} max={total || undefined} value={total ? done : undefined} />
      <span role="status" aria-live="polite" className="muted">
        {/* A job's own message (validation: "Monte Carlo runs: 184 of 3000") says more than its
            phase id over a step count that matches nothing the user typed ("184 / 6010 monte-carlo"). */}
        {!total ? 'Starting…' : progress?.message ? progress.message : `${count(done)} / ${count(total)} ${progress?.phase ?? ''}`}
        {pctv === null ? '' : progress?.message ? ` · ${pctv}% of the whole job` : ` (${pctv}%)`}
        {progress?.etaMs ? ` · about ${eta(progress.etaMs)} left` : ''}
      </span>
      {onCancel ? (
        <button ref={cancelRef} type="button" onClick={onCancel} disabled={cancelling} aria-busy={cancelling || undefined} aria-keyshortcuts="Escape">
          {cancelling ? 'Cancelling…' : cancelText}
        </button>
      ) : null}
    </div>
  );
}
