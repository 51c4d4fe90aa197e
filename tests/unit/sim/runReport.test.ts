import { describe, expect, it } from 'vitest';
import { MonteCarloAggregator, metricLabelWithUnit, parseParams, runSimulation } from '../../../src-shared/engine';
import { renderMarkdown } from '../../../src-shared/report/markdown';
import { parseReport } from '../../../src-shared/report/model';
import { monteCarloDoc, singleRunDoc, type RunDetailDoc } from '../../../src-shared/sim/runDoc';
import { buildComparisonReport, buildRunReport, SCENARIO_COLORS } from '../../../src-shared/sim/runReport';

/** The report of a 3-run Monte Carlo set of 10 members × 8 weeks (seed 2), without a representative run. */
function smallMonteCarloReport() {
  const p = parseParams({ NUM_MEMBERS: 10, SIMULATION_WEEKS: 8 });
  const agg = new MonteCarloAggregator(8, 10, 3);
  for (let r = 0; r < 3; r++) agg.add(runSimulation(p, { seed: 2, runIndex: r }).metrics);
  return parseReport(buildRunReport({ id: 8, name: 'mc', createdAt: '' }, monteCarloDoc({ agg: agg.result(), model: 'reference', seed: 2, runs: 3, params: { ...p }, members: 10, representative: null, elapsedMs: 1 }), '0.1.0'));
}

const doc = singleRunDoc(runSimulation({ NUM_MEMBERS: 40, SIMULATION_WEEKS: 104 }, { seed: 5 }), 1);

describe('run report builder', () => {
  it('a Monte Carlo final-metrics table says over how many runs a metric that is undefined in some was summarised (n), only when one is', () => {
    const p = parseParams({ NUM_MEMBERS: 10, SIMULATION_WEEKS: 8 });
    const agg = new MonteCarloAggregator(8, 10, 3);
    for (let r = 0; r < 3; r++) agg.add(runSimulation(p, { seed: 2, runIndex: r }).metrics);
    const set = monteCarloDoc({ agg: agg.result(), model: 'reference', seed: 2, runs: 3, params: { ...p }, members: 10, representative: null, elapsedMs: 1 });
    const finalOf = (d: typeof set) => {
      const t = parseReport(buildRunReport({ id: 8, name: 'mc', createdAt: '' }, d, '0.1.0')).sections.flatMap((x) => x.blocks).find((b) => b.type === 'table' && b.id === 'final');
      if (t?.type !== 'table') throw new Error('no final table');
      return t;
    };
    expect(Object.values(set.final).every((f) => f.n === 3)).toBe(true);
    const whole = finalOf(set);
    expect(whole.columns.map((c) => c.key)).not.toContain('n');
    expect(whole.caption).toBe('Final-week metrics across 3 runs');
    const gap = { ...set, final: { ...set.final, WealthGap_A: { ...set.final.WealthGap_A, n: 2 } } };
    const part = finalOf(gap);
    expect(part.columns.map((c) => c.key)).toContain('n');
    expect(part.caption).toContain('n is the number of runs where the metric is defined');
    expect(part.rows.find((r) => r.metric === metricLabelWithUnit('WealthGap_A'))!.n).toBe(2);
    expect(part.rows.find((r) => r.metric === metricLabelWithUnit('Gini_A'))!.n).toBe(3);
  });
  it('a Monte Carlo report says how its numbers were made: seeds, means, what the bands are, binned past 64 runs, exact final percentiles (it said none of it)', () => {
    const method = (runs: number) => {
      const p = parseParams({ NUM_MEMBERS: 10, SIMULATION_WEEKS: 8 });
      const agg = new MonteCarloAggregator(8, 10, runs);
      for (let r = 0; r < runs; r++) agg.add(runSimulation(p, { seed: 2, runIndex: r }).metrics);
      const rep = parseReport(buildRunReport({ id: 8, name: 'mc', createdAt: '' }, monteCarloDoc({ agg: agg.result(), model: 'reference', seed: 2, runs, params: { ...p }, members: 10, representative: runSimulation(p, { seed: 2, runIndex: 0 }), elapsedMs: 1 }), '0.1.0'));
      expect(rep.sections.map((s) => s.id).slice(0, 2)).toEqual(['summary', 'method']);
      const md = renderMarkdown(rep).replace(/\\/g, '');
      return md.slice(md.indexOf('## How this set was computed'), md.indexOf('## Wealth over time'));
    };
    const few = method(3);
    expect(few).toContain('3 runs of the reference model, each 10 members × 8 weeks');
    expect(few).toContain('derived from seed 2 and r');
    expect(few).toContain('workbench recompute 8 r, r from 0 to 2');
    expect(few).toContain('means over the 3 runs');
    expect(few).toContain('from the 5th to the 95th percentile across the runs in each week');
    expect(few).toContain('exact percentiles');
    expect(few).not.toContain('bins');
    expect(few).toContain('not a confidence interval for the mean: the standard error of a mean is SD / √3');
    expect(few).toContain('are of one run (run 0 of the set); the narrative and key events read the week-by-week mean of 3 runs');
    const many = method(70);
    expect(many).toContain('With more than 64 runs, each week\'s band is estimated from 128 bins');
    expect(many).not.toContain('exact percentiles');
    // A single run has no set to explain.
    expect(report.sections.map((s) => s.id)).not.toContain('method');
  });
  it('the subtitle groups large counts (it read "1000 members × 2600 weeks · 10752/100000 runs")', () => {
    const set = { ...doc, kind: 'montecarlo' as const, members: 1000, weeks: 2600, completedRuns: 10752, runs: 100000 };
    expect(buildRunReport({ id: 9, name: 'big', createdAt: '' }, set, '0.1.0').subtitle).toBe('reference model · 1,000 members × 2,600 weeks · 10,752/100,000 runs · seed 5');
  });
  const report = parseReport(buildRunReport({ id: 7, name: 'test, "quoted"', createdAt: '2026-11-26T00:00:00Z' }, doc, '0.1.0', new Date('2026-11-26T00:00:00Z')));
  const km = report.sections[0].blocks.find((b) => b.type === 'keyMetrics')!;

  it('key metrics are the engine\'s final values; Gini is an index and rate deltas are points', () => {
    if (km.type !== 'keyMetrics') throw new Error('no key metrics');
    const giniB = km.items.find((i) => i.label.startsWith('Gini — B'))!;
    expect(giniB.value).toBe(doc.final.Gini_B.mean);
    expect(giniB.type).toBe('number');
    expect(giniB.delta!.value).toBeCloseTo(doc.final.Gini_B.mean! - doc.final.Gini_A.mean!, 12);
    const povB = km.items.find((i) => i.label.startsWith('Poverty rate — B'))!;
    expect(povB.delta!.unit).toBe('pts');
    expect(povB.delta!.value).toBeCloseTo((doc.final.PovertyRate_B.mean! - doc.final.PovertyRate_A.mean!) * 100, 10);
    const wd = km.items.find((i) => i.label.startsWith('Total wealth difference'))!;
    expect(wd.value).toBe(doc.final.WealthDifference.mean);
  });

  it('a negative analytic check reads "−$…" (a co-op worse than A), never "$-…"', () => {
    const worse = singleRunDoc(runSimulation({ NUM_MEMBERS: 40, SIMULATION_WEEKS: 52, GROUP_BUY_SAVINGS_PERCENT: 0, LOCAL_PRODUCTION_SAVINGS_PERCENT: 0, GROTOKEN_USD_VALUE: 0, WEEKLY_COOP_FEE_B: 20 }, { seed: 5 }), 2);
    expect((worse.detail as RunDetailDoc).mathCheck.actualD).toBeLessThan(0);
    const md = renderMarkdown(parseReport(buildRunReport({ id: 2, name: 'worse', createdAt: '' }, worse, '0.1.0')));
    const line = md.split('\n').find((l) => l.includes('Simulated D = '))!.replace(/\\/g, ''); // Markdown escapes $
    expect(line).toMatch(/Simulated D = −\$\d/);
    expect(line).not.toContain('$-');
  });

  it('a Gini difference gets a decimal more when the rounded values suggest another (as Analysis shows it)', () => {
    let checked = 0;
    for (let seed = 1; seed <= 60 && checked < 2; seed++) {
      const d = singleRunDoc(runSimulation({ NUM_MEMBERS: 40, SIMULATION_WEEKS: 52 }, { seed }), seed);
      const a = d.final.Gini_A.mean!;
      const b = d.final.Gini_B.mean!;
      const shownDiff = Number(b.toFixed(3)) - Number(a.toFixed(3));
      if (Math.abs(shownDiff - Number((b - a).toFixed(3))) < 1e-9) continue; // rounding agrees: 3 decimals do
      const r = parseReport(buildRunReport({ id: seed, name: 'g', createdAt: '' }, d, '0.1.0'));
      const k = r.sections[0].blocks.find((x) => x.type === 'keyMetrics')!;
      if (k.type !== 'keyMetrics') throw new Error('no key metrics');
      const g = k.items.find((i) => i.label.startsWith('Gini — B'))!;
      expect(g.delta!.decimals).toBe(4);
      expect(renderMarkdown(r)).toContain(`${b - a < 0 ? '−' : '+'}${Math.abs(b - a).toFixed(4)} vs A`);
      checked++;
    }
    expect(checked).toBe(2);
  });

  it('charts use the app\'s colours for A and B, and the yearly table has one row per year', () => {
    const avg = report.sections.flatMap((s) => s.blocks).find((b) => b.type === 'chart' && b.id === 'avg-wealth');
    if (!avg || avg.type !== 'chart') throw new Error('no avg-wealth chart');
    expect((avg.figure.data[0] as { line: { color: string } }).line.color).toBe(SCENARIO_COLORS.A);
    expect((avg.figure.data[1] as { line: { color: string } }).line.color).toBe(SCENARIO_COLORS.B);
    const yearly = report.sections.flatMap((s) => s.blocks).find((b) => b.type === 'table' && b.id === 'yearly');
    if (!yearly || yearly.type !== 'table') throw new Error('no yearly table');
    expect(yearly.rows.map((r) => r.Week)).toEqual([52, 104]);
    expect(yearly.caption).toBe('Year-end values (B = cooperative, A = traditional)');
    const short = parseReport(buildRunReport({ id: 3, name: 'short', createdAt: '' }, singleRunDoc(runSimulation({ NUM_MEMBERS: 10, SIMULATION_WEEKS: 26 }, { seed: 1 }), 1), '0.1.0'));
    const sy = short.sections.flatMap((x) => x.blocks).find((b) => b.type === 'table' && b.id === 'yearly');
    if (!sy || sy.type !== 'table') throw new Error('no yearly table');
    expect(sy.rows.map((r) => r.Week)).toEqual([26]);
    expect(sy.caption).toBe('Year-end values, and week 26 where the run ends (part of year 1) (B = cooperative, A = traditional)');
    expect(yearly.rows[1].AvgWealth_B).toBe(doc.weekly.AvgWealth_B[104]);
  });

  it('printed chart data carries its unit: wealth in $, poverty in %, Monte Carlo bands too', async () => {
    const md = renderMarkdown(report);
    const first = doc.weekly.AvgWealth_A[0]!.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(md).toContain(`| 0 | \\$${first} | \\$${first} |`); // week 0: A = B, in dollars ($ escaped for pandoc)
    const mc = smallMonteCarloReport();
    const types = (id: string) => {
      const b = mc.sections.flatMap((x) => x.blocks).find((x) => x.type === 'chart' && x.id === id);
      if (!b || b.type !== 'chart' || !b.data) throw new Error(`no ${id} data`);
      return Object.fromEntries(b.data.columns.map((c) => [c.key, c.type]));
    };
    expect(types('avg-wealth')).toMatchObject({ AvgWealth_A: 'currency', AvgWealth_A_p5: 'currency', AvgWealth_B_p95: 'currency' });
    expect(types('total-wealth')).toMatchObject({ TotalWealth_B: 'currency', TotalWealth_B_p5: 'currency' });
    expect(types('poverty')).toMatchObject({ PovertyRate_A: 'percent', PovertyRate_A_p5: 'percent', PovertyRate_B_p95: 'percent' });
  });

  it('renders to Markdown with every section heading', () => {
    const md = renderMarkdown(report);
    for (const s of report.sections) expect(md).toContain(s.heading);
  });

  it('a comparison report diffs final metrics against the first run', () => {
    const other = singleRunDoc(runSimulation({ NUM_MEMBERS: 40, SIMULATION_WEEKS: 104, PERCENT_SPEND_INTERNAL_AVG: 0.2 }, { seed: 5 }), 1);
    const cmp = parseReport(buildComparisonReport([{ meta: { id: 1, name: 'a', createdAt: '' }, doc }, { meta: { id: 2, name: 'b', createdAt: '' }, doc: other }], '0.1.0'));
    const diff = cmp.sections[0].blocks[0];
    if (diff.type !== 'table') throw new Error('no diff table');
    const row = diff.rows.find((r) => r.metric === 'Average wealth B')!;
    expect(row.delta_2).toBeCloseTo(other.final.AvgWealth_B.mean! - doc.final.AvgWealth_B.mean!, 8);
    expect(row.delta_2 as number).toBeLessThan(0);
  });

  it('the side-by-side tables show each metric in its unit: dollars, rate differences in pts, Gini as a number', () => {
    const other = singleRunDoc(runSimulation({ NUM_MEMBERS: 40, SIMULATION_WEEKS: 104, PERCENT_SPEND_INTERNAL_AVG: 0.2 }, { seed: 5 }), 1);
    const cmp = parseReport(buildComparisonReport([{ meta: { id: 1, name: 'a', createdAt: '' }, doc }, { meta: { id: 2, name: 'b', createdAt: '' }, doc: other }], '0.1.0'));
    const tables = cmp.sections[0].blocks.flatMap((b) => (b.type === 'table' ? [b] : []));
    const rowsOf = (id: string) => tables.find((t) => t.id === id)!.rows.map((r) => r.metric);
    expect(rowsOf('diff-dollars')).toEqual(['Average wealth A', 'Average wealth B', 'Median wealth A', 'Median wealth B', 'Total wealth A', 'Total wealth B', 'Total wealth difference (B − A)']);
    expect(rowsOf('diff-rates')).toEqual(['Poverty rate A', 'Poverty rate B', 'Bottom 20% share (B)']);
    expect(rowsOf('diff-gini')).toEqual(['Gini A', 'Gini B']);
    const md = renderMarkdown(cmp);
    // Markdown escapes `_` and `$`; compare the cells as a reader sees them.
    const line = (metric: string) => md.split('\n').map((l) => l.replace(/\\/g, '')).find((l) => l.startsWith(`| ${metric} |`))!;
    const cells = (metric: string) => line(metric).split('|').slice(2, -1).map((c) => c.trim());
    expect(cells('Average wealth B')[0]).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
    // Differences are signed as in the run report: "−$598.67" (U+2212) and "+…" (it read "-$598.67" and "$422.48").
    expect(cells('Average wealth B')[2]).toMatch(/^−\$[\d,]+\.\d{2}$/);
    expect(cells('Bottom 20% share (B)')[0]).toMatch(/^\d+\.\d%$/);
    const pts = (other.final.Bottom20PctShare.mean! - doc.final.Bottom20PctShare.mean!) * 100;
    expect(cells('Bottom 20% share (B)')[2]).toBe(`${pts > 0 ? '+' : '−'}${Math.abs(pts).toFixed(1)}`);
    expect(md).toMatch(/\| Metric \| \\#1 \| \\#2 \| Δ \\#2 \(pts\) \|/);
    expect(cells('Gini B')[0]).toBe(doc.final.Gini_B.mean!.toFixed(4));
    // The compared series' printed data too (they were bare numbers).
    const charts = cmp.sections.flatMap((x) => x.blocks).flatMap((b) => (b.type === 'chart' && b.data ? [b] : []));
    const typeOfSeries = (id: string) => charts.find((c) => c.id === id)!.data!.columns[1].type;
    expect(['cmp-avgwealth-b', 'cmp-gini-b', 'cmp-povertyrate-b'].map(typeOfSeries)).toEqual(['currency', 'number', 'percent']);
  });

  it('a comparison of runs of different sizes or lengths says so above its tables (totals of 100×52 against 200×104 read as an effect)', () => {
    const small = singleRunDoc(runSimulation({ NUM_MEMBERS: 20, SIMULATION_WEEKS: 52 }, { seed: 5 }), 1);
    const cmp = parseReport(buildComparisonReport([{ meta: { id: 1, name: 'a', createdAt: '' }, doc }, { meta: { id: 3, name: 'c', createdAt: '' }, doc: small }], '0.1.0'));
    const first = cmp.sections[0].blocks[0];
    expect(first).toMatchObject({ type: 'callout', level: 'warning', title: 'These runs differ in size, length or model' });
    if (first.type !== 'callout') throw new Error('no callout');
    expect(first.text).toContain('#1: 40 members × 104 weeks, reference model; #3: 20 members × 52 weeks, reference model.');
    expect(first.text).toContain('Compare averages, rates and the Gini across them, not totals.');
    expect(renderMarkdown(cmp)).toContain('These runs differ in size, length or model');
    // Runs of one shape get no such note; the wealth section names both scenarios it charts.
    const same = parseReport(buildComparisonReport([{ meta: { id: 1, name: 'a', createdAt: '' }, doc }, { meta: { id: 2, name: 'b', createdAt: '' }, doc }], '0.1.0'));
    expect(same.sections[0].blocks.some((b) => b.type === 'callout')).toBe(false);
    expect(same.sections.map((x) => x.heading)).toContain('Average wealth in B and A');
  });

  it('the parameter diff shows exact values, so values that differ past 4 decimals still look different', () => {
    const p1 = runSimulation({ NUM_MEMBERS: 10, SIMULATION_WEEKS: 4 }, { seed: 1 });
    const p2 = runSimulation({ NUM_MEMBERS: 10, SIMULATION_WEEKS: 4, INITIAL_WEALTH_MEAN_LOG: 6.907755 }, { seed: 1 });
    const cmp = parseReport(buildComparisonReport([{ meta: { id: 1, name: 'a', createdAt: '' }, doc: singleRunDoc(p1, 1) }, { meta: { id: 2, name: 'b', createdAt: '' }, doc: singleRunDoc(p2, 1) }], '0.1.0'));
    const table = cmp.sections.find((x) => x.heading === 'Parameters that differ')!.blocks[0];
    if (table.type !== 'table') throw new Error('no param table');
    expect(table.rows).toEqual([{ label: 'Initial wealth (log mean)', param: 'INITIAL_WEALTH_MEAN_LOG', run_1: Math.log(1000), run_2: 6.907755 }]);
    expect(renderMarkdown(cmp)).toContain('6.907755278982137');
  });
});

describe('simulate --json final stats', () => {
  it('say in how many runs each metric was defined (a WealthGap mean over few runs is visible as such)', async () => {
    const { MonteCarloAggregator, parseParams } = await import('../../../src-shared/engine');
    const { cliJson, monteCarloDoc } = await import('../../../src-shared/sim/runDoc');
    const p = parseParams({ NUM_MEMBERS: 20, SIMULATION_WEEKS: 10, INITIAL_WEALTH_SIGMA_LOG: 1.5, WEEKLY_INCOME_AVG: 40, WEEKLY_INCOME_STDDEV: 60 });
    const runs = 24;
    const agg = new MonteCarloAggregator(10, 20, runs);
    let defined = 0;
    for (let r = 0; r < runs; r++) {
      const res = runSimulation(p, { seed: 5, runIndex: r });
      const gap = res.metrics[res.metricNames.indexOf('WealthGap_A')][10];
      if (Number.isFinite(gap)) defined++;
      agg.add(res.metrics);
    }
    expect(defined).toBeGreaterThan(0);
    expect(defined).toBeLessThan(runs); // the case must have undefined runs to mean anything
    const out = cliJson(null, monteCarloDoc({ agg: agg.result(), model: 'reference', seed: 5, runs, params: { ...p }, members: 20, representative: null, elapsedMs: 1 }));
    expect(out.final.WealthGap_A.n).toBe(defined);
    expect(out.final.AvgWealth_A.n).toBe(runs);
    // The spec's history shape: WealthQuintiles_X as [p20, p40, p60, p80], from the four columns.
    for (const row of [out.weekly[0], out.weekly[10]]) {
      for (const x of ['A', 'B']) {
        const q = row[`WealthQuintiles_${x}`] as number[];
        expect(q).toEqual(['P20', 'P40', 'P60', 'P80'].map((p) => row[`WealthQuintiles_${x}_${p}`]));
        expect(q.length).toBe(4);
        expect(q[0]).toBeLessThanOrEqual(q[3]);
      }
    }
  });
});

describe('a Monte Carlo set\'s narrative', () => {
  it('reads the per-week mean of the runs, agrees with the set\'s final means, and says so in Analysis and reports', async () => {
    const { MonteCarloAggregator, parseParams } = await import('../../../src-shared/engine');
    const { monteCarloDoc, storySubject } = await import('../../../src-shared/sim/runDoc');
    const p = parseParams({ NUM_MEMBERS: 60, SIMULATION_WEEKS: 52, WEEKLY_INCOME_AVG: 300 });
    const runs = 12;
    const agg = new MonteCarloAggregator(52, 60, runs);
    const results = Array.from({ length: runs }, (_, r) => runSimulation(p, { seed: 9, runIndex: r }));
    for (const r of results) agg.add(r.metrics);
    const mc = monteCarloDoc({ agg: agg.result(), model: 'reference', seed: 9, runs, params: { ...p }, members: 60, representative: results[0], elapsedMs: 1 });
    const d = mc.detail!;
    expect(d.storyOf).toBe('mean');
    expect(d.runIndex).toBe(0); // members, histogram and flows stay the representative run's
    // The narrative's final Gini and total wealth are the set's means, not run 0's.
    const giniB = mc.final.Gini_B.mean!;
    expect(d.narrative.key_findings.equality_measures.details).toBe(`Final Gini: Scenario B ${giniB.toFixed(3)}, Scenario A ${mc.final.Gini_A.mean!.toFixed(3)}.`);
    const run0 = singleRunDoc(results[0], 1);
    expect(run0.final.Gini_B.mean!.toFixed(3)).not.toBe(giniB.toFixed(3));
    expect(run0.detail!.storyOf).toBe('run');
    expect(d.narrative.key_findings.wealth_impact.details).toContain(`Scenario B $${mc.final.TotalWealth_B.mean!.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
    // Key events come from the mean Gini B / poverty B series.
    for (const e of d.keyEvents) expect(e.week).toBeGreaterThanOrEqual(2);
    expect(storySubject(mc, d)).toBe(`the week-by-week mean of ${runs} runs`);
    expect(storySubject(run0, run0.detail!)).toBeNull();
    const md = renderMarkdown(parseReport(buildRunReport({ id: 9, name: 'mc', createdAt: '' }, mc, '0.1.0')));
    expect(md).toContain(`The narrative and the key events below read the week-by-week mean of ${runs} runs.`);
    // Members, flows and the math check stay run 0's: each says so, or its totals (final wealth,
    // D) contradict the set's means in the summary without a word.
    const plain = md.replace(/\\/g, '');
    expect(plain).toContain(`: Member sample (${d.members.length} of 60) (run 0 of the set)`);
    expect(plain).toContain(': Cumulative flows over the run, summed over all members (run 0 of the set) (unit in each row)');
    expect(plain).toContain(`Simulated D of run 0 = ${d.mathCheck.actualD < 0 ? '−' : ''}$`);
    const single = renderMarkdown(parseReport(buildRunReport({ id: 10, name: 'one', createdAt: '' }, run0, '0.1.0')));
    expect(single).not.toContain('of the set');
    expect(single).toContain('Simulated D = ');
    // A set stored before storyOf existed is labelled with its run.
    expect(storySubject(mc, { runIndex: 0 })).toBe('run 0 of the set');
  });
});

describe('Monte Carlo band charts in reports', () => {
  it('draw both bands before the mean lines (a band over the other mean tinted it)', async () => {
    const mc = smallMonteCarloReport();
    const avg = mc.sections.flatMap((s) => s.blocks).find((b) => b.type === 'chart' && b.id === 'avg-wealth');
    if (!avg || avg.type !== 'chart') throw new Error('no avg-wealth chart');
    const names = avg.figure.data.map((t) => String((t as { name: string }).name));
    const firstMean = names.findIndex((n) => n.endsWith('(mean)'));
    expect(firstMean).toBe(names.length - 2);
    expect(names.slice(0, firstMean).every((n) => / p(95|5–p95)$/.test(n))).toBe(true);
  });
});

describe('a Monte Carlo set\'s bands', () => {
  it('end on the final week\'s exact percentiles, as the final-week table beside them (past 64 runs the bands are binned estimates)', () => {
    const p = parseParams({ NUM_MEMBERS: 50, SIMULATION_WEEKS: 20 });
    const runs = 200;
    const agg = new MonteCarloAggregator(20, 50, runs);
    for (let r = 0; r < runs; r++) agg.add(runSimulation(p, { seed: 7, runIndex: r }).metrics);
    const res = agg.result();
    const mc = monteCarloDoc({ agg: res, model: 'reference', seed: 7, runs, params: { ...p }, members: 50, representative: null, elapsedMs: 1 });
    const k = res.metricNames.indexOf('AvgWealth_A');
    // The case must be one where the binned estimate misses the exact value, or it shows nothing.
    expect(res.p95[k][20]).not.toBe(res.final.AvgWealth_A.p95);
    for (const m of Object.keys(mc.bands!)) {
      for (const q of ['p5', 'p50', 'p95'] as const) expect([m, q, mc.bands![m][q][20]]).toEqual([m, q, mc.final[m][q]]);
      // Earlier weeks keep the aggregator's estimate.
      const j = res.metricNames.indexOf(m as never);
      expect(mc.bands![m].p95[10]).toBe(Number.isFinite(res.p95[j][10]) ? res.p95[j][10] : null);
    }
    // A poverty rate of 50 members is a multiple of 2%: so is its final-week p95.
    expect(Math.round(mc.bands!.PovertyRate_A.p95[20]! * 50 * 1e9) % 1e9).toBe(0);
  });
});
