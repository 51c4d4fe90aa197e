// Engine benchmark: node --import tsx bench/engine.ts [--json] [--quick]
import { runEngineBench } from '../src-main/engine/bench';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');

runEngineBench({ quick, log: json ? undefined : (l) => console.log(l) }).then(
  (report) => {
    if (json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    console.log('\n| case | members | weeks | runs | workers | seconds | M agent-weeks/s | target | pass |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const c of report.cases) {
      console.log(`| ${c.name} | ${c.members} | ${c.weeks} | ${c.runs} | ${c.workers} | ${c.seconds.toFixed(2)} | ${(c.agentWeeksPerSecond / 1e6).toFixed(1)} | ${c.target ?? ''}${c.peakRssMb ? ` (${c.peakRssMb.toFixed(0)} MB)` : ''} | ${c.pass === undefined ? '' : c.pass ? 'yes' : 'NO'} |`);
    }
    for (const r of report.ratios) console.log(`${r.name}: ${r.value.toFixed(2)}x${r.target ? ` (target ${r.target}: ${r.pass ? 'pass' : 'FAIL'})` : ''}`);
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
