/**
 * `workbench serve` stopping (SIGTERM/SIGINT → RunningServer.close) while a DoX push runs: the push
 * is cancelled, and still leaves what every failed push leaves, a complete manifest and a history row,
 * before close() resolves (the CLI closes the database and exits right after it).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext } from '../../../src-main/context';
import { startServer } from '../../../src-main/transports/http';
import { startMockDox } from '../../mocks/dox/server';
import { tmpDir } from '../../helpers/tmp';

const tmp = tmpDir('wb-dox-serve-close-');
afterAll(() => tmp.cleanup());

it('closing serve during a push waits for the cancelled push to write its manifest and history row', async () => {
  const app = createContext({ dataDir: tmp.dir, transport: 'http' });
  const dox = await startMockDox({ mode: 'head', faults: [{ method: 'POST', path: '/structure/chr', delayMs: 30_000 }] });
  try {
    const run = (await invoke(app, 'sim.run', { runs: 1, seed: 3, params: { NUM_MEMBERS: 10, SIMULATION_WEEKS: 4 } })) as { runId: number };
    const srv = await startServer(app, { rendererDir: null });
    const body = JSON.stringify({ input: { run: run.runId, files: { csv: true, json: false, md: false }, chr: { K: 3 }, url: dox.url }, jobId: 'push-1' });
    const answered = new Promise<void>((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port: srv.port, method: 'POST', path: '/api/op/dox.push', headers: { 'content-type': 'application/json', host: `127.0.0.1:${srv.port}`, authorization: `Bearer ${srv.token}` } },
        (res) => res.resume().on('end', () => resolve()).on('error', () => resolve()),
      );
      req.on('error', () => resolve());
      req.end(body);
    });
    await expect.poll(() => dox.requests('/structure/chr', 'POST').length, { timeout: 20_000 }).toBe(1);

    await srv.close();
    // Right after close(): what a cancelled push leaves is already there.
    const rows = app.db.prepare('SELECT status, artifacts_dir, error FROM dox_pushes').all() as Array<{ status: string; artifacts_dir: string; error: string | null }>;
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('failed');
    const manifest = JSON.parse(fs.readFileSync(path.join(rows[0].artifacts_dir, 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('failed');
    expect(manifest.error.code).toBe('aborted');
    expect(manifest.artifacts).toHaveLength(3);
    await answered;
  } finally {
    await dox.close();
    app.close();
  }
}, 60_000);
