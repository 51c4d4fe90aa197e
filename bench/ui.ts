// UI benchmark on the production build in serve mode: node --import tsx bench/ui.ts [--json] [--quick]
// (or ./workbench bench ui). The performance budget of the analytics surface, measured as a user meets it:
//  - the initial JS loaded before the first chart view (gzipped; budget < 400 KB; a size, so the e2e suite
//    asserts it too);
//  - first paint of the Simulate view with all its inputs (budget < 1 s), from a blank page;
//  - a 1000 × 260 run's Analysis (summary and first chart drawn), from the run's response (budget < 1.5 s).
// Times are medians of several tries. The baseline, measured in the same run and browser, is a blank-page
// navigation to a one-line page: the ratios say how many of those each view costs, which moves less
// between machines than the milliseconds do. Budgets are reported, not enforced (not a timed test): a
// loaded CI machine would fail them for reasons that are not the app's.
import { initialJs } from '../tests/helpers/bundle';
import { runIntoAnalysis } from '../tests/helpers/flows';
import { openApp } from '../tests/helpers/serve';
import { tmpDir } from '../tests/helpers/tmp';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const log = (l: string) => {
  if (!json) process.stderr.write(l + '\n');
};

interface Case {
  name: string;
  unit: 'ms' | 'KB';
  /** the first try, before the browser has this view's chunks and data warm */
  first: number;
  median: number;
  min: number;
  tries: number;
  budget: number;
  pass: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const cases: Case[] = [];
  const js = initialJs();
  const kb = Math.round(js.gzipBytes / 102.4) / 10;
  cases.push({ name: 'initial JS before the first chart view (gzip)', unit: 'KB', first: kb, median: kb, min: kb, tries: 1, budget: 400, pass: kb < 400 && !js.files.some((f) => f.startsWith('plotly')) });

  const tmp = tmpDir('wb-bench-ui-');
  const { served, browser, page } = await openApp(tmp.dir, { page: { viewport: { width: 1400, height: 1000 } } });
  try {
    const time = async (tries: number, once: () => Promise<number>) => {
      const xs: number[] = [];
      for (let i = 0; i < tries; i++) xs.push(await once());
      return xs;
    };
    const n = quick ? 3 : 7;
    const baseline = await time(n, async () => {
      await page.goto('about:blank');
      const t0 = performance.now();
      await page.goto('data:text/html,<!doctype html><label>Baseline <input></label>');
      await page.getByLabel('Baseline').waitFor();
      return performance.now() - t0;
    });
    log(`baseline (blank → one-line page): ${baseline.map((x) => x.toFixed(0)).join(', ')} ms`);

    const paint = await time(n, async () => {
      await page.goto('about:blank');
      const t0 = performance.now();
      await page.goto(served.url + '/#/simulate');
      await page.getByLabel('Number of members').waitFor();
      const ms = performance.now() - t0;
      const inputs = await page.locator('.param-editor input').count();
      if (inputs !== 18) throw new Error(`Simulate shows ${inputs} parameter inputs, expected 18`);
      return ms;
    });
    log(`Simulate first paint: ${paint.map((x) => x.toFixed(0)).join(', ')} ms`);

    const analysis = await time(quick ? 1 : 3, () => runIntoAnalysis(page, served.url));
    log(`Analysis of 1000 × 260 after it finishes: ${analysis.map((x) => x.toFixed(0)).join(', ')} ms`);

    const base = median(baseline);
    const row = (name: string, xs: number[], budget: number): Case => ({ name, unit: 'ms', first: Math.round(xs[0]), median: Math.round(median(xs)), min: Math.round(Math.min(...xs)), tries: xs.length, budget, pass: median(xs) < budget });
    cases.push(row('Simulate first paint, all 18 inputs', paint, 1000));
    cases.push(row('Analysis of a 1000 × 260 run after it finishes', analysis, 1500));
    const report = {
      cases,
      baselineMs: Math.round(base * 10) / 10,
      ratios: [
        { name: 'Simulate first paint / baseline page', value: median(paint) / base },
        { name: 'Analysis 1000 × 260 / baseline page', value: median(analysis) / base },
      ],
    };
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      console.log('\n| case | first try | median | min | tries | budget | pass |');
      console.log('|---|---|---|---|---|---|---|');
      for (const c of cases) console.log(`| ${c.name} | ${c.first} ${c.unit} | ${c.median} ${c.unit} | ${c.min} ${c.unit} | ${c.tries} | < ${c.budget} ${c.unit} | ${c.pass ? 'yes' : 'NO'} |`);
      console.log(`baseline page: ${report.baselineMs} ms (median of ${baseline.length})`);
      for (const r of report.ratios) console.log(`${r.name}: ${r.value.toFixed(1)}x`);
    }
  } finally {
    await browser.close();
    await served.stop();
    tmp.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
