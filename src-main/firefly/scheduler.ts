/**
 * In-app scheduled Firefly III sync (settings.fireflySchedule: off | hourly | daily | weekly).
 *
 * `startFireflyScheduler(app)` checks on a timer whether a sync is due (the last attempt, successful
 * or not, is older than the interval) and runs one with the default period (last 90 days). Each
 * sync stores a snapshot (idempotent: unchanged data keeps the existing one) and its delta, which the
 * validation suite reads with listSnapshots / getSyncDelta / loadCalibrationInput (src-main/firefly).
 * A failed sync writes nothing but the error in the status, so the previous snapshot stays intact.
 * Settings changes are picked up on the next tick; the returned function stops the timer and
 * cancels a sync in flight.
 */
import type { AppContext } from '../context';
import { readSyncState, runFireflySync, type BridgeOptions } from './service';
import type { SyncResult } from './sync';

export const SCHEDULE_INTERVAL_MS = { hourly: 3_600_000, daily: 86_400_000, weekly: 7 * 86_400_000 } as const;

export interface SchedulerOptions extends BridgeOptions {
  /** How often to check whether a sync is due (default 60 s). */
  tickMs?: number;
  /** Override the intervals (tests). */
  intervals?: Partial<Record<keyof typeof SCHEDULE_INTERVAL_MS, number>>;
  now?: () => Date;
  onResult?: (r: { ok: true; result: SyncResult } | { ok: false; error: string }) => void;
}

type App = Pick<AppContext, 'db' | 'dataDir' | 'settings'>;

/** Whether a scheduled sync is due now. */
export function syncDue(app: App, now: Date, intervals: Record<keyof typeof SCHEDULE_INTERVAL_MS, number> = SCHEDULE_INTERVAL_MS): boolean {
  const schedule = app.settings.get().fireflySchedule;
  if (schedule === 'off') return false;
  const last = readSyncState(app.db).lastAttemptAt;
  if (!last) return true;
  const t = Date.parse(last);
  if (!Number.isFinite(t) || t > now.getTime()) return true;
  return now.getTime() - t >= intervals[schedule];
}

export function startFireflyScheduler(app: App, opts: SchedulerOptions = {}): () => void {
  const now = opts.now ?? (() => new Date());
  const intervals = { ...SCHEDULE_INTERVAL_MS, ...opts.intervals };
  const tickMs = Math.max(10, opts.tickMs ?? 60_000);
  let stopped = false;
  let running: AbortController | null = null;
  let timer: NodeJS.Timeout | null = null;

  const tick = async () => {
    timer = null;
    if (stopped) return;
    try {
      if (!running && syncDue(app, now(), intervals)) {
        running = new AbortController();
        try {
          const result = await runFireflySync(app, { ...opts, signal: running.signal, trigger: 'schedule', now });
          opts.onResult?.({ ok: true, result });
        } catch (e) {
          opts.onResult?.({ ok: false, error: (e as Error).message });
        } finally {
          running = null;
        }
      }
    } catch {
      /* settings unreadable or the DB closed: try again next tick */
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), tickMs);
      timer.unref?.();
    }
  };
  timer = setTimeout(() => void tick(), Math.min(tickMs, 1_000));
  timer.unref?.();

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    running?.abort();
  };
}
