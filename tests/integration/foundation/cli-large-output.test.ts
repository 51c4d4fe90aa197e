import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

describe('CLI output on a pipe', () => {
  it('prints a large --json result completely (no truncation at exit)', async () => {
    const t = tmpDir();
    // 1000 weeks × 53 metrics of weekly output: well over the 64 KiB pipe buffer.
    const r = await runCli(['--data-dir', t.dir, '--json', 'simulate', '--weeks', '1000', '--members', '20', '--no-save']);
    t.cleanup();
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(200_000);
    const out = JSON.parse(r.stdout);
    expect(out.weekly).toHaveLength(1001);
    expect(out.runId).toBeNull();
  });
});
