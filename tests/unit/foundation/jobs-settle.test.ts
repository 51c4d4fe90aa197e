/** Jobs.cancelAllAndSettle: shutdown cancels every job and lets the operations finish writing, within a bound. */
import { describe, expect, it } from 'vitest';
import { Jobs } from '../../../src-main/api/jobs';

describe('Jobs.cancelAllAndSettle', () => {
  it('waits for a cancelled operation to finish its clean-up after the abort', async () => {
    const jobs = new Jobs();
    const job = jobs.start('push-1');
    const written: string[] = [];
    const op = jobs.track(
      new Promise<void>((_resolve, reject) => {
        job.signal.addEventListener('abort', () => {
          // The clean-up (a manifest, a history row) takes a while after the abort.
          setTimeout(() => {
            written.push('manifest');
            reject(new Error('cancelled'));
          }, 50);
        });
      }),
    ).catch(() => undefined);
    await jobs.cancelAllAndSettle(5_000);
    expect(job.signal.aborted).toBe(true);
    expect(written).toEqual(['manifest']);
    await op;
  });

  it('gives up after the grace period on an operation that never settles', async () => {
    const jobs = new Jobs();
    void jobs.track(new Promise(() => {}));
    const t0 = Date.now();
    await jobs.cancelAllAndSettle(100);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('returns at once when nothing runs, and forgets operations once they settle', async () => {
    const jobs = new Jobs();
    await jobs.track(Promise.resolve(1));
    const t0 = Date.now();
    await jobs.cancelAllAndSettle(10_000);
    expect(Date.now() - t0).toBeLessThan(50);
  });
});
