import type { Command } from 'commander';
import { call } from '../context';
import { CliError, ExitCode } from '../errors';
import { emit, table } from '../output';
import { intOption } from '../options';

interface Status {
  node: { running: boolean; healthy: boolean; pid?: number; rpcUrl?: string; chainId?: number; blockNumber?: number; startedAt?: string; persistent?: boolean };
  deployment: { chainId: number; deployedAt: string; addresses: Record<string, string>; manifestPath: string; repoManifestPath: string | null } | null;
  accounts: { address: string; balanceEth: string }[];
}

function statusText(s: Status): string {
  if (!s.node.running) return 'chain node: stopped';
  const lines = [
    `chain node: ${s.node.healthy ? 'running' : 'not answering'} (pid ${s.node.pid}${s.node.persistent ? ', persistent' : ''})`,
    `rpc:        ${s.node.rpcUrl}`,
    `chain id:   ${s.node.chainId ?? '?'}`,
    `block:      ${s.node.blockNumber ?? '?'}`,
  ];
  if (s.deployment) {
    lines.push(`deployed:   ${s.deployment.deployedAt} (${s.deployment.manifestPath})`);
    lines.push(table(Object.entries(s.deployment.addresses).map(([contract, address]) => ({ contract, address })), ['contract', 'address']));
  } else lines.push('deployed:   nothing yet (run "workbench chain deploy")');
  return lines.join('\n');
}

export function registerChain(program: Command): void {
  const chain = program.command('chain').description('local Hardhat chain: start, deploy the contracts, status, stop, contract tests');

  chain
    .command('up')
    .description('start a Hardhat node on 127.0.0.1 and a free port (it keeps running after this command); prints the RPC URL')
    .action(async (_o, cmd: Command) => {
      const r = await call<{ rpcUrl: string; chainId: number; pid: number; reused: boolean }>(cmd, 'chain.up', { persistent: true });
      emit(cmd, r, (x) => `${x.reused ? 'already running' : 'started'}: ${x.rpcUrl} (chain id ${x.chainId}, pid ${x.pid})`);
    });

  chain
    .command('deploy')
    .description('deploy the five contracts to the running node; writes contracts/deployments/<chainId>.json and a copy in the data dir')
    .action(async (_o, cmd: Command) => {
      const r = await call<Status['deployment'] & object>(cmd, 'chain.deploy', {}, { progressLabel: 'deploy' });
      emit(cmd, r, (x) =>
        [
          `deployed to chain ${x.chainId}; manifest ${x.manifestPath}${x.repoManifestPath ? ` and ${x.repoManifestPath}` : ''}`,
          table(Object.entries(x.addresses).map(([contract, address]) => ({ contract, address })), ['contract', 'address']),
        ].join('\n'),
      );
    });

  chain
    .command('status')
    .description('node state, chain id, block number and the deployed addresses')
    .action(async (_o, cmd: Command) => {
      const s = await call<Status>(cmd, 'chain.status', {});
      emit(cmd, s, statusText);
    });

  chain
    .command('down')
    .description('stop the node cleanly (no orphan processes)')
    .action(async (_o, cmd: Command) => {
      const r = await call<{ stopped: boolean; pid?: number }>(cmd, 'chain.down', {});
      emit(cmd, r, (x) => (x.stopped ? `stopped (pid ${x.pid})` : 'no node was running'));
    });

  chain
    .command('logs')
    .description('the last lines of the node log')
    .option('--lines <n>', 'how many lines (1-2000)', intOption('--lines', 1, 2000), 100)
    .action(async (o: { lines: number }, cmd: Command) => {
      const r = await call<{ lines: string[] }>(cmd, 'chain.logs', { lines: o.lines });
      emit(cmd, r, (x) => x.lines.join('\n'));
    });

  chain
    .command('events')
    .description('recent decoded events of the current deployment')
    .option('--limit <n>', 'at most this many events (1-2000)', intOption('--limit', 1, 2000), 50)
    .action(async (o: { limit: number }, cmd: Command) => {
      const r = await call<{ events: { block: number; contract: string; name: string; args: Record<string, string> }[] }>(cmd, 'chain.events', { limit: o.limit });
      emit(cmd, r, (x: typeof r) => table(x.events.map((e) => ({ block: e.block, contract: e.contract, event: e.name, args: JSON.stringify(e.args).slice(0, 100) })), ['block', 'contract', 'event', 'args']));
    });

  chain
    .command('test')
    .description('run the contract test suite (hardhat test in contracts/) and report')
    .action(async (_o, cmd: Command) => {
      const r = await call<{ ok: boolean; passing: number; failing: number; pending: number; ms: number; tail: string[] }>(cmd, 'chain.test', {});
      emit(cmd, r, (x) => `${x.ok ? 'ok' : 'FAILED'}: ${x.passing} passing, ${x.failing} failing, ${x.pending} pending (${(x.ms / 1000).toFixed(1)} s)${x.ok ? '' : '\n' + x.tail.join('\n')}`);
      if (!r.ok) {
        // No failing test but not ok: the runner stopped before reporting (compile error, crash); its tail says why.
        throw new CliError(r.failing > 0 ? `contract tests failed (${r.failing} failing)` : `the contract test run stopped before reporting results (${r.passing} passing so far); its last lines are above`, ExitCode.failure);
      }
    });
}
