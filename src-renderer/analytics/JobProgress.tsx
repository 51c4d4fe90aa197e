import { eta } from './format';

/**
 * Progress bar with counts, ETA and a Cancel button for a running job. Once Cancel is pressed
 * (`cancelling`) the button says so and is disabled until the job stops. Without `onCancel` (a job
 * this window cannot stop) there is no button.
 */
export function JobProgress({ label, progress, running, cancelling = false, onCancel, cancelText = 'Cancel' }: { label: string; progress: { phase?: string; done: number; total: number; etaMs?: number | null; message?: string } | null; running: boolean; cancelling?: boolean; onCancel?: () => void; cancelText?: string }) {
  if (!running) return null;
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  const pctv = total > 0 ? Math.round((done / total) * 100) : null;
  return (
    <div className="job-progress" role="group" aria-label={`${label} progress`}>
      <progress aria-label={label} max={total || undefined} value={total ? done : undefined} />
      <span role="status" aria-live="polite" className="muted">
        {/* A job's own message (validation: "Monte Carlo runs: 184 of 3000") says more than its
            phase id over a step count that matches nothing the user typed ("184 / 6010 monte-carlo"). */}
        {!total ? 'Starting…' : progress?.message ? progress.message : `${done} / ${total} ${progress?.phase ?? ''}`}
        {pctv === null ? '' : progress?.message ? ` · ${pctv}% of the whole job` : ` (${pctv}%)`}
        {progress?.etaMs ? ` · about ${eta(progress.etaMs)} left` : ''}
      </span>
      {onCancel ? (
        <button type="button" onClick={onCancel} disabled={cancelling} aria-busy={cancelling || undefined}>
          {cancelling ? 'Cancelling…' : cancelText}
        </button>
      ) : null}
    </div>
  );
}
