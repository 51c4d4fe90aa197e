// Chain benchmark: node --import tsx bench/chain.ts [--json] [--quick] [--no-hardhat]
// 1. Model-mode overhead at 50 members × 156 weeks: the engine run alone ("off", the baseline measured here) versus
//    the engine run plus the contract-in-the-loop mirror (collect views, generate actions, run the TS contract
//    model, replay metrics). Goal: < 2× of off's wall time for a `simulate` (see the ratio lines below).
// 2. Hardhat mode: time per simulated week for 50 members on a local node (real transactions), started and
//    stopped here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation, validateParams, type SimParams } from '../src-shared/engine';
import { MODEL_ADDRESSES, ModelChainAdapter, buildChainRunDoc, driveAdapter, memberAddresses } from '../src-shared/chain';
import { collectWeeks } from '../src-main/sim/chainRun';
import { HardhatNodeManager } from '../src-main/chain/node-manager';
import { deployContracts } from '../src-main/chain/deploy';
import { HardhatChainAdapter } from '../src-main/chain/hardhat-adapter';
import { createContext } from '../src-main/context';
import { invoke } from '../src-main/api/dispatch';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const noHardhat = process.argv.includes('--no-hardhat');
const log = (l: string) => {
  if (!json) console.log(l);
};

function params(members: number, weeks: number): SimParams {
  const v = validateParams({ NUM_MEMBERS: members, SIMULATION_WEEKS: weeks });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.params;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function modelMirror(p: SimParams, seed: number) {
  const t0 = performance.now();
  const weeks = collectWeeks(p, 'reference', seed);
  const t1 = performance.now();
  const adapter = new ModelChainAdapter({ startTime: 1_700_000_000n });
  const r = await driveAdapter(adapter, weeks, { seed, chainId: 31337, addresses: { ...MODEL_ADDRESSES } });
  const t2 = performance.now();
  const doc = buildChainRunDoc('model', adapter, weeks, r, { seed, chainId: 31337, addresses: { ...MODEL_ADDRESSES }, elapsedMs: 0 });
  const t3 = performance.now();
  return { collectMs: t1 - t0, driveMs: t2 - t1, docMs: t3 - t2, totalMs: t3 - t0, actions: doc.actions, events: doc.eventCount };
}

async function main() {
  const reps = quick ? 3 : 7;
  const p = params(50, 156);
  // Warm-up (JIT) for both paths.
  runSimulation(p, { seed: 1 });
  await modelMirror(p, 1);

  const off: number[] = [];
  const model: Awaited<ReturnType<typeof modelMirror>>[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    runSimulation(p, { seed: 42 + i });
    off.push(performance.now() - t0);
    model.push(await modelMirror(p, 42 + i));
  }
  const offMs = median(off);
  const mirrorMs = median(model.map((m) => m.totalMs));
  const m0 = model[Math.floor(model.length / 2)];
  log(`50 members × 156 weeks (median of ${reps}):`);
  log(`  off   (engine only)           ${offMs.toFixed(1)} ms`);
  log(`  model (engine + chain mirror) ${(offMs + mirrorMs).toFixed(1)} ms  [mirror ${mirrorMs.toFixed(1)} ms: collect ${m0.collectMs.toFixed(1)}, drive ${m0.driveMs.toFixed(1)}, doc ${m0.docMs.toFixed(1)}; ${m0.actions} actions, ${m0.events} events]`);
  log(`  model mirror per week         ${(mirrorMs / 156).toFixed(2)} ms`);
  const engineRatio = (offMs + mirrorMs) / offMs;
  log(`ratio model/off (engine time only): ${engineRatio.toFixed(1)}x`);

  // End to end through the service (what `simulate` / the Simulate view pay): worker-pool engine run, run document,
  // SQLite store; model mode adds the in-process mirror.
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-chain-app-'));
  const app = createContext({ dataDir });
  const sim = async (chain: 'off' | 'model', seed: number) => {
    const t0 = performance.now();
    await invoke(app, 'sim.run', { params: { NUM_MEMBERS: 50, SIMULATION_WEEKS: 156 }, seed, chain });
    return performance.now() - t0;
  };
  await sim('off', 1);
  await sim('model', 1);
  const svcOff: number[] = [];
  const svcModel: number[] = [];
  for (let i = 0; i < reps; i++) {
    svcOff.push(await sim('off', 100 + i));
    svcModel.push(await sim('model', 100 + i));
  }
  app.close();
  rmSync(dataDir, { recursive: true, force: true });
  const svcRatio = median(svcModel) / median(svcOff);
  log(`sim.run end to end: off ${median(svcOff).toFixed(0)} ms, model ${median(svcModel).toFixed(0)} ms`);
  log(`ratio model/off (sim.run end to end): ${svcRatio.toFixed(2)}x (goal < 2x: ${svcRatio < 2 ? 'pass' : 'FAIL'})`);

  let hardhat: { perWeekMs: number; setupMs: number; actionsPerWeek: number; weeks: number } | null = null;
  if (!noHardhat) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-chain-'));
    const manager = new HardhatNodeManager({ dataDir: dir });
    try {
      const { rpcUrl } = await manager.start();
      const manifest = await deployContracts({ rpcUrl });
      const weeksN = quick ? 3 : 6;
      const collected = collectWeeks(params(50, weeksN), 'reference', 42);
      const t0 = performance.now();
      const chain = await HardhatChainAdapter.connect({ rpcUrl, manifest, members: memberAddresses(50) });
      const setupMs = performance.now() - t0;
      const r = await driveAdapter(chain, collected, { seed: 42, chainId: manifest.chainId, addresses: {} });
      hardhat = { perWeekMs: r.msPerWeek, setupMs, actionsPerWeek: r.actions / weeksN, weeks: weeksN };
      log(`hardhat, 50 members: ${r.msPerWeek.toFixed(0)} ms per simulated week (${weeksN} weeks, ${hardhat.actionsPerWeek.toFixed(0)} tx/week, ${(r.msPerWeek / hardhat.actionsPerWeek).toFixed(1)} ms/tx; setup ${setupMs.toFixed(0)} ms)`);
      log(`ratio hardhat week / model week: ${(r.msPerWeek / (m0.driveMs / 156)).toFixed(0)}x; a 156-week hardhat run ≈ ${((r.msPerWeek * 156) / 60_000).toFixed(1)} min`);
    } finally {
      await manager.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ members: 50, weeks: 156, reps, offMs, modelMs: offMs + mirrorMs, mirrorMs, ratioModelOff: engineRatio, service: { offMs: median(svcOff), modelMs: median(svcModel), ratio: svcRatio }, mirror: m0, hardhat }, null, 2)}\n`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
