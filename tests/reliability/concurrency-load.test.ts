/**
 * Concurrent writers and load on the built `serve`:
 *  - the CLI (`settings set`, `simulate --runs 5`) writes the same DB while serve handles API writes:
 *    no "database is locked" anywhere;
 *  - 50 concurrent API clients for 60 s (health, settings.get, runs.list, small sim.run): zero errors, p99 reported.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { callApi, CLI_JS, percentile, quickCheckOf, requireBuilt, startServeProc, type ServeProc } from './helpers';

function cli(dataDir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI_JS, '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe('concurrent use: CLI and serve write the same DB', () => {
  const t = tmpDir('wb-rel-conc-');
  let srv: ServeProc;
  beforeAll(async () => {
    requireBuilt();
    srv = await startServeProc(t.dir);
  });
  afterAll(async () => {
    await srv?.stop();
    t.cleanup();
  });

  it('no "database is locked" failures', async () => {
    const errors: string[] = [];
    let stop = false;
    let apiCalls = 0;
    const apiLoop = async (k: number) => {
      let i = 0;
      while (!stop) {
        const r = await callApi(srv, i % 3 === 0 ? 'sim.run' : 'settings.set', i % 3 === 0 ? { runs: 3, params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 52 }, seed: i, workers: 1 } : { defaultSeed: (k * 1000 + i) % 2 ** 31 });
        apiCalls++;
        if (!r.body.ok) errors.push(`api: ${r.body.error?.message}`);
        i++;
      }
    };
    const loops = [apiLoop(1), apiLoop(2)];
    let cliRuns = 0;
    for (let i = 0; i < 4; i++) {
      const [a, b] = await Promise.all([
        cli(t.dir, ['settings', 'set', 'defaultRuns', String(2 + i)]),
        cli(t.dir, ['--json', 'simulate', '--runs', '5', '--members', '20', '--weeks', '52', '--seed', String(i)]),
      ]);
      cliRuns += 2;
      for (const r of [a, b]) if (r.code !== 0) errors.push(`cli exit ${r.code}: ${r.err.slice(0, 300)}`);
    }
    stop = true;
    await Promise.all(loops);
    console.log(`[reliability] concurrent: ${cliRuns} CLI invocations alongside ${apiCalls} API writes, ${errors.length} errors`);
    expect(errors.filter((e) => /locked|SQLITE_BUSY/i.test(e))).toEqual([]);
    expect(errors).toEqual([]);
    expect(quickCheckOf(path.join(t.dir, 'workbench.db'))).toBe('ok');
    // The serve-side runs that were in flight while CLI processes started are not marked interrupted.
    const list = await callApi(srv, 'runs.list', { limit: 1000 });
    const bad = (list.body.output as { status: string }[]).filter((r) => r.status !== 'done');
    expect(bad.map((r) => r.status)).toEqual([]);
  }, 240_000);
});

describe('load: 50 concurrent API clients for 60 s', () => {
  const t = tmpDir('wb-rel-load-');
  let srv: ServeProc;
  beforeAll(async () => {
    requireBuilt();
    srv = await startServeProc(t.dir);
  });
  afterAll(async () => {
    await srv?.stop();
    t.cleanup();
  });

  it('zero errors and a sane p99', async () => {
    const DURATION = Number(process.env.LOAD_SECONDS ?? 60) * 1000;
    const CLIENTS = 50;
    const lat: Record<string, number[]> = { health: [], 'settings.get': [], 'runs.list': [], 'sim.run': [] };
    const errors: string[] = [];
    const end = Date.now() + DURATION;
    const client = async (c: number) => {
      let i = 0;
      while (Date.now() < end) {
        // Every 10th client runs small simulations; the rest mix the cheap reads.
        const op = c % 10 === 0 ? 'sim.run' : (['health', 'settings.get', 'runs.list'] as const)[(c + i) % 3];
        const input = op === 'sim.run' ? { runs: 1, params: { NUM_MEMBERS: 20, SIMULATION_WEEKS: 26 }, seed: c * 100000 + i } : op === 'runs.list' ? { limit: 50 } : {};
        try {
          const r = await callApi(srv, op, input);
          if (r.status !== 200 || !r.body.ok) errors.push(`${op}: ${r.status} ${r.body.error?.message}`);
          lat[op].push(r.ms);
        } catch (e) {
          errors.push(`${op}: ${(e as Error).message}`);
        }
        i++;
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const all = Object.values(lat).flat().sort((a, b) => a - b);
    const p = (xs: number[], q: number) => Math.round(percentile([...xs].sort((a, b) => a - b), q));
    const per = Object.entries(lat).map(([op, xs]) => `${op} n=${xs.length} p50=${p(xs, 50)} p99=${p(xs, 99)} ms`).join('; ');
    console.log(`[reliability] load: ${CLIENTS} clients × ${DURATION / 1000} s: ${all.length} requests (${Math.round(all.length / (DURATION / 1000))}/s), ${errors.length} errors, p50 ${p(all, 50)} ms, p99 ${p(all, 99)} ms, max ${Math.round(all[all.length - 1])} ms\n  ${per}`);
    expect(errors.slice(0, 5)).toEqual([]);
    expect(all.length).toBeGreaterThan(500);
    // Sane bound on a shared 2-core box: reads must stay well under the sim time.
    expect(percentile(all, 99)).toBeLessThan(8000);
    expect(quickCheckOf(path.join(t.dir, 'workbench.db'))).toBe('ok');
  }, 180_000);
});
