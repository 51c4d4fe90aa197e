import { ApiError } from '../../../src-shared/api';
import type { chainOps } from '../../../src-shared/api/chain';
import { replayMatches, replayChainDoc, type ChainRunDoc } from '../../../src-shared/chain/mirror';
import { ChainUnavailable, chainDeploy, chainDown, chainManager, chainStatus, chainUp, hardhatTest, recentEvents } from '../../chain/service';
import type { Handlers } from '../types';

export { stopChainOnExit } from '../../chain/service';

function wrap<T>(p: Promise<T>): Promise<T> {
  return p.catch((e: unknown) => {
    if (e instanceof ApiError) throw e;
    if (e instanceof ChainUnavailable) throw new ApiError('unavailable', e.message);
    throw new ApiError('unavailable', `chain: ${(e as Error).message}`);
  });
}

export const chainHandlers: Handlers<keyof typeof chainOps> = {
  'chain.status': ({}, { app }) => wrap(chainStatus(app.dataDir)),

  'chain.up': async ({ persistent }, { app, progress }) => {
    progress({ phase: 'starting hardhat node', done: 0, total: 1, etaMs: null });
    const { state, reused } = await wrap(chainUp(app.dataDir, { persistent }));
    progress({ phase: 'node answering eth_chainId', done: 1, total: 1, etaMs: 0 });
    return { rpcUrl: state.rpcUrl, chainId: state.chainId, pid: state.pid, port: state.port, reused, persistent: state.persistent };
  },

  'chain.deploy': async ({}, { app, progress }) => {
    progress({ phase: 'deploying contracts', done: 0, total: 1, etaMs: null });
    const { deployment } = await wrap(chainDeploy(app.dataDir));
    progress({ phase: 'deployed', done: 1, total: 1, etaMs: 0 });
    return deployment;
  },

  'chain.down': ({}, { app }) => wrap(chainDown(app.dataDir)),

  'chain.logs': ({ lines }, { app }) => ({ lines: chainManager(app.dataDir).logs(lines) }),

  'chain.events': ({ limit, blocks }, { app }) => wrap(recentEvents(app.dataDir, { limit, blocks })),

  'chain.runs': ({ limit }, { app }) => {
    const rows = app.db
      .prepare(
        `SELECT id, name, created_at AS createdAt, members, weeks, json_extract(result, '$.chain.mode') AS mode
           FROM runs WHERE deleted_at IS NULL AND status = 'done' AND json_extract(result, '$.chain.mode') IS NOT NULL
          ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as { id: number; name: string; createdAt: string; members: number; weeks: number; mode: 'model' | 'hardhat' }[];
    return rows;
  },

  'chain.runMetrics': ({ id }, { app }) => {
    const run = app.runs.get(id);
    const chain = (run.result as { chain?: ChainRunDoc } | null)?.chain;
    if (!chain) throw new ApiError('not_found', `run ${run.id} has no on-chain metrics (run it with --chain model or --chain hardhat)`);
    let replayed: 'match' | 'mismatch' | 'not-stored' = 'not-stored';
    if (chain.events) {
      replayed = replayMatches(replayChainDoc(chain), chain.metrics) ? 'match' : 'mismatch';
    }
    const { events: _e, ...rest } = chain;
    return { runId: run.id, name: run.name, chain: rest, replayed };
  },

  'chain.test': async ({}, { app, signal, progress }) => {
    let n = 0;
    progress({ phase: 'hardhat test', done: 0, total: 1, etaMs: null });
    const r = await hardhatTest(app.dataDir, {
      signal,
      onLine: (l) => {
        if (/^\s+✔|^\s+\d+\)/.test(l)) progress({ phase: 'hardhat test', done: 0, total: 1, etaMs: null, message: `${++n} tests run` });
      },
    });
    progress({ phase: 'hardhat test', done: 1, total: 1, etaMs: 0 });
    return r;
  },
};
