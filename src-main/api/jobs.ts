/** Long calls in flight, by client-chosen job id, so either transport can cancel them. */
export class Jobs {
  private readonly running = new Map<string, AbortController>();
  /** Every operation running now (with or without a job id), so shutdown can let them finish. */
  private readonly calls = new Set<Promise<unknown>>();

  /** Track an operation until it settles; returns it. */
  track<T>(call: Promise<T>): Promise<T> {
    this.calls.add(call);
    const forget = () => this.calls.delete(call);
    call.then(forget, forget);
    return call;
  }

  /**
   * Shutdown: cancel every job, then wait (at most `graceMs`) for the running operations to settle.
   * A cancelled operation still records what it did on its way out (a DoX push: its manifest and
   * history row), and the caller closes the database right after this.
   */
  async cancelAllAndSettle(graceMs: number): Promise<void> {
    this.cancelAll();
    if (this.calls.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.calls]), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
  }

  start(jobId: string | undefined): { signal: AbortSignal; done: () => void } {
    const ac = new AbortController();
    if (!jobId) return { signal: ac.signal, done: () => {} };
    this.running.get(jobId)?.abort();
    this.running.set(jobId, ac);
    return { signal: ac.signal, done: () => this.running.get(jobId) === ac && this.running.delete(jobId) };
  }

  cancel(jobId: string): boolean {
    const ac = this.running.get(jobId);
    if (!ac) return false;
    ac.abort();
    this.running.delete(jobId);
    return true;
  }

  cancelAll(): void {
    for (const ac of this.running.values()) ac.abort();
    this.running.clear();
  }

  get size(): number {
    return this.running.size;
  }
}

export const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;
