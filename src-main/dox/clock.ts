/** Injectable time source so pacing, Retry-After and polling can be tested without real waits. */
export interface DoxClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: DoxClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(t);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A manual clock: `sleep` advances time instantly and records every wait. */
export class ManualClock implements DoxClock {
  readonly sleeps: number[] = [];
  constructor(private t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    this.sleeps.push(ms);
    this.t += Math.max(0, ms);
  }
}

/**
 * Sliding-window pacing: at most `max` request starts in any `windowMs`. DoX HEAD allows
 * 100 requests per 60 s per client; the default of 95 leaves room for clock skew.
 */
export class SlidingWindowLimiter {
  private stamps: number[] = [];
  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly clock: DoxClock,
  ) {}

  async acquire(signal?: AbortSignal, onWait?: (ms: number) => void): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.stamps.length > 0 && this.stamps[0] <= now - this.windowMs) this.stamps.shift();
      if (this.stamps.length < this.max) {
        this.stamps.push(now);
        return;
      }
      const waitMs = this.stamps[0] + this.windowMs - now + 1;
      onWait?.(waitMs);
      await this.clock.sleep(waitMs, signal);
    }
  }
}
