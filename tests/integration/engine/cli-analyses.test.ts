// The analysis commands of issue 3 through the real CLI: presets, shock, sweep and sensitivity
// with --json (stdout is one JSON document; progress goes to stderr).
import { afterAll, describe, expect, it } from 'vitest';
import { SHOCK_DEFAULTS } from '../../../src-shared/api/sim';
import { DEFAULT_GRID } from '../../../src-shared/engine';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir();
afterAll(() => t.cleanup());

async function json(args: string[]): Promise<any> {
  const r = await runCli(['--data-dir', t.dir, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

interface Stats { n: number; mean: number; sd: number; halfWidth: number; lo: number; hi: number }

describe('CLI analyses (--json)', () => {
  it('presets: the 14 presets, unique ids, each with tags and overrides', async () => {
    const list = await json(['presets', '--json']);
    expect(list).toHaveLength(14);
    expect(new Set(list.map((p: any) => p.id)).size).toBe(14);
    for (const p of list) {
      expect(p.tags.length, p.id).toBeGreaterThan(0);
      expect(typeof p.overrides).toBe('object');
    }
    expect(list.find((p: any) => p.id === 'baseline').overrides).toEqual({});
  });

  it('shock text: names the weeks the shock applies to (after --start: weeks start+1 … start+duration), as the app does', async () => {
    const r = await runCli(['--data-dir', t.dir, 'shock', '--set', 'NUM_MEMBERS=10', '--duration', '3', '--start', '10', '--recovery', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('weeks 11–13 (after week 10)');
    expect(r.stdout).not.toContain('from week 10');
  });

  it('shock: the UI’s defaults, identical runs until the shock, a shortfall at its end', async () => {
    const r = await json(['shock', '--json']);
    const s = r.shock_results;
    expect({ type: s.shock_type, magnitude: s.magnitude, duration: s.duration, startWeek: s.start_week }).toEqual({
      type: SHOCK_DEFAULTS.type, magnitude: SHOCK_DEFAULTS.magnitude, duration: SHOCK_DEFAULTS.duration, startWeek: SHOCK_DEFAULTS.startWeek,
    });
    const weeks = SHOCK_DEFAULTS.startWeek + SHOCK_DEFAULTS.duration + SHOCK_DEFAULTS.recoveryWeeks;
    const base: number[] = r.baseline.AvgWealth_B;
    const shocked: number[] = r.shocked.AvgWealth_B;
    expect(base).toHaveLength(weeks + 1);
    expect(shocked.slice(0, SHOCK_DEFAULTS.startWeek + 1)).toEqual(base.slice(0, SHOCK_DEFAULTS.startWeek + 1));
    const end = SHOCK_DEFAULTS.startWeek + SHOCK_DEFAULTS.duration;
    expect(shocked[end]).toBeLessThan(base[end]);
    expect(s.impact.wealth_reduction).toBeCloseTo((base[end] - shocked[end]) / base[end], 12);
    expect(r.recovery_metrics.resilience_score).toBeGreaterThan(0);
    expect(r.recovery_metrics.resilience_score).toBeLessThanOrEqual(1);

    const cost = await json(['shock', '--json', '--type', 'cost_increase', '--magnitude', '0.3', '--duration', '6', '--start', '10', '--recovery', '5']);
    expect(cost.shock_results.duration).toBe(6);
    expect(cost.baseline.Week).toHaveLength(10 + 6 + 5 + 1);
    expect(cost.recommendations).toContain('Increase local production capacity');
  });

  it('shock --model and --members: the Next.js rule set and the member count reach the runs (AvgWealth × members = TotalWealth)', async () => {
    const args = ['shock', '--json', '--start', '6', '--duration', '2', '--recovery', '2'];
    const ref = await json([...args, '--members', '12']);
    const next = await json([...args, '--members', '12', '--model', 'nextjs']);
    expect(ref.baseline.TotalWealth_B[10]).toBeCloseTo(ref.baseline.AvgWealth_B[10] * 12, 6);
    expect(next.baseline.TotalWealth_B[10]).toBeCloseTo(next.baseline.AvgWealth_B[10] * 12, 6);
    // Same seed, same members: only the rule set differs, and it changes the trajectories.
    expect(next.baseline.AvgWealth_B[10]).not.toBe(ref.baseline.AvgWealth_B[10]);
    const bad = await runCli(['--data-dir', t.dir, 'shock', '--model', 'python']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--model.*python.*reference, nextjs|python.*--model/s);
  });

  it('sweep: the Cartesian grid of two axes, each point paired with the baseline', async () => {
    const r = await json(['sweep', '--vary', 'GROTOKEN_USD_VALUE=0,4', '--vary', 'WEEKLY_COOP_FEE_B=0,5', '--replicates', '3', '--members', '30', '--weeks', '20', '--json']);
    expect(r.mode).toBe('grid');
    const grid = r.points.filter((p: any) => p.kind === 'grid');
    expect(grid.map((p: any) => p.overrides)).toEqual([
      { GROTOKEN_USD_VALUE: 0, WEEKLY_COOP_FEE_B: 0 },
      { GROTOKEN_USD_VALUE: 0, WEEKLY_COOP_FEE_B: 5 },
      { GROTOKEN_USD_VALUE: 4, WEEKLY_COOP_FEE_B: 0 },
      { GROTOKEN_USD_VALUE: 4, WEEKLY_COOP_FEE_B: 5 },
    ]);
    for (const p of grid) {
      const st: Stats = p.stats;
      expect(st.n).toBe(3);
      expect(st.lo).toBeLessThan(st.mean);
      expect(st.hi).toBeGreaterThan(st.mean);
      expect(p.diff.mean).toBeCloseTo(st.mean - r.baseline.mean, 6);
    }
    // WealthDifference is a total over 30 members: a higher fee lowers it, a higher token price raises it.
    const at = (price: number, fee: number) => grid.find((p: any) => p.overrides.GROTOKEN_USD_VALUE === price && p.overrides.WEEKLY_COOP_FEE_B === fee).stats.mean;
    expect(at(0, 5)).toBeLessThan(at(0, 0));
    expect(at(4, 0)).toBeGreaterThan(at(0, 0));
  });

  it('sweep with no --vary runs the Sensitivity view’s default grid (3 × 4 co-op levers)', async () => {
    const r = await json(['sweep', '--json', '--replicates', '2', '--members', '20', '--weeks', '8']);
    const grid = r.points.filter((p: any) => p.kind === 'grid');
    expect(grid).toHaveLength(DEFAULT_GRID[0].values.length * DEFAULT_GRID[1].values.length);
    expect(grid[0].overrides).toEqual({ [DEFAULT_GRID[0].param]: DEFAULT_GRID[0].values[0], [DEFAULT_GRID[1].param]: DEFAULT_GRID[1].values[0] });
    expect(grid.at(-1).overrides).toEqual({ [DEFAULT_GRID[0].param]: DEFAULT_GRID[0].values.at(-1), [DEFAULT_GRID[1].param]: DEFAULT_GRID[1].values.at(-1) });
  });

  it('sensitivity: one point per value, the base value excluded, paired differences with intervals', async () => {
    const r = await json(['sensitivity', '--vary', 'GROTOKEN_USD_VALUE=0,4', '--replicates', '3', '--members', '30', '--weeks', '20', '--json']);
    expect(r.mode).toBe('oat');
    expect(r.points.filter((p: any) => p.kind === 'oat').map((p: any) => p.overrides)).toEqual([{ GROTOKEN_USD_VALUE: 0 }, { GROTOKEN_USD_VALUE: 4 }]);
    const param = r.parameters.find((p: any) => p.param === 'GROTOKEN_USD_VALUE');
    expect(param.baseValue).toBe(2);
    const [lo, hi] = param.points;
    // Common random numbers: the token price moves B only, so the differences are symmetric and tight.
    expect(lo.diff.mean).toBeLessThan(0);
    expect(hi.diff.mean).toBeCloseTo(-lo.diff.mean, 6);
    expect(lo.diff.halfWidth).toBeLessThan(Math.abs(lo.diff.mean) / 10);
  });
});

describe('CLI analyses (text)', () => {
  /** Rows of the first table in the text output, split on runs of 2+ spaces, by its header. */
  function rows(stdout: string): Record<string, string>[] {
    const lines = stdout.split('\n');
    const h = lines.findIndex((l, i) => /^-+( +-+)*$/.test(lines[i + 1] ?? ''));
    const cols = lines[h].split(/ {2,}/);
    const out: Record<string, string>[] = [];
    for (let i = h + 2; i < lines.length && lines[i].trim(); i++) {
      // Column positions from the dashes, since empty cells leave no separator.
      const dashes = [...lines[h + 1].matchAll(/-+/g)].map((m) => [m.index!, m.index! + m[0].length]);
      out.push(Object.fromEntries(cols.map((c, k) => [c, lines[i].slice(dashes[k][0], k + 1 < dashes.length ? dashes[k + 1][0] : undefined).trim()])));
    }
    return out;
  }

  it('sweep: the baseline row shows its parameter values; every point its 95% CI and paired difference', async () => {
    const args = ['--data-dir', t.dir, 'sweep', '--members', '20', '--weeks', '26', '--replicates', '3', '--vary', 'GROUP_BUY_SAVINGS_PERCENT=0.05,0.25', '--set', 'PERCENT_SPEND_INTERNAL_AVG=0.5'];
    const text = await runCli(args);
    expect(text.code, text.stderr).toBe(0);
    const j = await json([...args, '--json']);
    expect(text.stdout).toContain(`baseline ${Number(j.baseline.mean.toPrecision(6))} (95% CI ${Number(j.baseline.lo.toPrecision(6))} … ${Number(j.baseline.hi.toPrecision(6))}, n = 3)`);
    const r = rows(text.stdout);
    expect(r).toHaveLength(3);
    expect(r[0].GROUP_BUY_SAVINGS_PERCENT).toBe('0.15 (baseline)'); // was blank
    expect(r[1].GROUP_BUY_SAVINGS_PERCENT).toBe('0.05');
    const p = j.points[1];
    expect(r[1]['95% CI']).toBe(`${Number(p.stats.lo.toPrecision(6))} … ${Number(p.stats.hi.toPrecision(6))}`);
    expect(r[1]['vs baseline']).toBe(String(Number(p.diff.mean.toPrecision(6))));
    expect(r[1]['difference 95% CI']).toBe(`${Number(p.diff.lo.toPrecision(6))} … ${Number(p.diff.hi.toPrecision(6))}`);
    expect(r[1].change).toBe(`${(p.percentChange * 100).toFixed(1)}%`);
    expect(r[2]['vs baseline'].startsWith('+')).toBe(true);
  });

  it('sensitivity: points with intervals, then the parameters ranked as the engine ranks them', async () => {
    const args = ['--data-dir', t.dir, 'sensitivity', '--members', '20', '--weeks', '26', '--replicates', '3', '--vary', 'GROTOKEN_USD_VALUE=1,3', '--vary', 'GROUP_BUY_SAVINGS_PERCENT=0.1,0.3'];
    const text = await runCli(args);
    expect(text.code, text.stderr).toBe(0);
    const j = await json([...args, '--json']);
    const r = rows(text.stdout);
    expect(r.map((x) => `${x.param} ${x.value}`)).toEqual(['baseline ', 'GROTOKEN_USD_VALUE 1', 'GROTOKEN_USD_VALUE 3', 'GROUP_BUY_SAVINGS_PERCENT 0.1', 'GROUP_BUY_SAVINGS_PERCENT 0.3']);
    expect(r[1]['difference 95% CI']).toMatch(/^-?[\d.e+-]+ … -?[\d.e+-]+$/);
    const ranking = text.stdout.slice(text.stdout.indexOf('ranking'));
    const order = j.rankings.map((x: { param: string }) => x.param);
    expect(order.map((p: string) => ranking.indexOf(p))).toEqual([...order.map((p: string) => ranking.indexOf(p))].sort((a, b) => a - b));
  });
});
