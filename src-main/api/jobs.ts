/** Long calls in flight, by client-chosen job id, so either transport can cancel them. */
export class Jobs {
  private readonly running = new Map<string, AbortController>();

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
