// `workbench recompute ID|latest RUN_INDEX`: one run of a stored Monte Carlo set, exactly, from its
// seed and index (issue 3: "any selected run can be recomputed exactly from its seed").
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir();
afterAll(() => t.cleanup());
const dd = ['--data-dir', t.dir];

async function json(args: string[]): Promise<any> {
  const r = await runCli([...dd, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('recompute', () => {
  it('refuses when there is nothing to recompute', async () => {
    const r = await runCli([...dd, 'recompute', 'latest', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('there are no runs yet');
  });

  it('run r of a set is the run with stream (seed, r): run 0 equals a single run of the same seed, and run 3 is its own', async () => {
    const params = ['--members', '30', '--weeks', '40', '--seed', '77'];
    const set = await json(['simulate', ...params, '--runs', '6', '--json']);
    expect(set.runId).toBeGreaterThan(0);
    const r0 = await json(['recompute', 'latest', '0', '--json']);
    const single = await json(['simulate', ...params, '--no-save', '--json']);
    expect(r0.runId).toBeNull(); // not stored
    expect(r0.sourceRunId).toBe(set.runId); // "latest" resolved to the set
    expect(r0.runIndex).toBe(0);
    expect(r0.final).toEqual(single.final);
    expect(r0.weekly).toEqual(single.weekly);
    const r3 = await json(['recompute', String(set.runId), '3', '--json']);
    expect(r3.sourceRunId).toBe(set.runId);
    expect(r3.final.Gini_B.mean).not.toBe(r0.final.Gini_B.mean);
    const again = await json(['recompute', String(set.runId), '3', '--json']);
    expect(again.final).toEqual(r3.final);
  });

  it('a run index outside the set is refused with the range', async () => {
    const r = await runCli([...dd, 'recompute', 'latest', '6']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/runIndex: must be between 0 and 5 for run \d+, got 6/);
  });
});
