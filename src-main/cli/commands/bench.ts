import { Command } from 'commander';
import { runEngineBench } from '../../engine/bench';
import { UsageError } from '../errors';
import { emit, table } from '../output';

export function registerBench(program: Command): void {
  program
    .command('bench <suite>')
    .description('benchmarks (suite: engine); ratios are against baselines measured in the same run')
    .option('--quick', 'a short smoke version (< 20 s)')
    .action(async (suite: string, o: { quick?: boolean }, cmd: Command) => {
      if (suite !== 'engine') throw new UsageError(`unknown bench suite "${suite}"; known: engine`);
      const r = await runEngineBench({ quick: !!o.quick, log: (l: string) => process.stderr.write(l + '\n') });
      emit(cmd, r, (x) =>
        [
          table(x.cases.map((c: any) => ({ ...c, 'M agent-weeks/s': c.agentWeeksPerSecond / 1e6, pass: c.pass ?? '' })), ['name', 'members', 'weeks', 'runs', 'workers', 'seconds', 'M agent-weeks/s', 'pass']),
          '',
          table(x.ratios.map((c: any) => ({ ...c, pass: c.pass ?? '' })), ['name', 'value', 'target', 'pass']),
          ...x.breakdown.flatMap((b: any) => ['', `where the time goes: ${b.case} (${b.nsPerAgentWeek.toFixed(1)} ns per agent-week)`, table(b.phases.map((ph: any) => ({ phase: ph.name, 'ns/agent-week': ph.nsPerAgentWeek, share: `${(ph.share * 100).toFixed(0)}%` })), ['phase', 'ns/agent-week', 'share'])]),
        ].join('\n'),
      );
    });
}
