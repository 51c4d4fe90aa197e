import { describe, expect, it } from 'vitest';
import { applyPreset, METRIC_NAMES, runSimulation } from '../../../src-shared/engine';
import { renderMarkdown } from '../../../src-shared/report/markdown';
import { parseReport, type Report, type TableBlock } from '../../../src-shared/report/model';
import { singleRunDoc } from '../../../src-shared/sim/runDoc';
import { buildComparisonReport, buildRunReport } from '../../../src-shared/sim/runReport';
import { tableCsv } from '../../../src-main/reports/csvBundle';
import { renderHtml } from '../../../src-main/reports/html';

const strong = singleRunDoc(runSimulation(applyPreset('strong-cooperation'), { seed: 42 }), 1);
const baseline = singleRunDoc(runSimulation(applyPreset('baseline'), { seed: 42 }), 1);
const run = parseReport(buildRunReport({ id: 1, name: 'Strong cooperation', createdAt: '' }, strong, '0.1.0'));
const cmp = parseReport(buildComparisonReport([{ meta: { id: 1, name: 'Strong cooperation', createdAt: '' }, doc: strong }, { meta: { id: 2, name: 'Baseline', createdAt: '' }, doc: baseline }], '0.1.0'));

const FLOW_KEYS = Object.keys(strong.detail!.flows);
const METRIC_IDS = METRIC_NAMES.filter((m) => !['Week', 'Year', 'Quarter'].includes(m));
const table = (r: Report, id: string): TableBlock => {
  const b = r.sections.flatMap((s) => s.blocks).find((x) => x.type === 'table' && x.id === id);
  if (!b || b.type !== 'table') throw new Error(`no table ${id}`);
  return b;
};
/** The text a reader sees: HTML without scripts and tags (attributes keep machine keys), Markdown unescaped. */
const htmlText = (r: Report) => renderHtml(r, { plotlySource: '' }).replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ');
const mdText = (r: Report) => renderMarkdown(r).replace(/\\(.)/g, '$1');
/** Raw field names shown to readers (word-bounded, so "Average wealth A" is not "AvgWealth_A"). */
const rawNames = (text: string, names: readonly string[]) => names.filter((n) => new RegExp(`(^|[^A-Za-z0-9_])${n}([^A-Za-z0-9_]|$)`).test(text));

describe('reports name metrics and flows as the app does, with units', () => {
  it('the token-flow table labels each flow with its unit: dollars, and GroTokens minted in tokens', () => {
    const flows = table(run, 'flows');
    const label = (k: string) => flows.rows[FLOW_KEYS.indexOf(k)].flow;
    expect(label('incomeA')).toBe('Income, A ($)');
    expect(label('tokensMinted')).toBe('GroTokens minted, B (tokens)');
    expect(label('finalFoodUsdB')).toBe('Final USD holdings, B ($)');
    for (const r of flows.rows) expect(String(r.flow)).toMatch(/\((\$|tokens)[,)]/);
    expect(flows.rows.map((r) => r.value)).toEqual(Object.values(strong.detail!.flows)); // raw numbers kept
  });

  it('the final-metrics table uses the app\'s metric labels with units', () => {
    const finals = table(run, 'final');
    const byLabel = Object.fromEntries(finals.rows.map((r) => [r.metric, r.mean]));
    expect(byLabel['Average wealth A ($)']).toBe(strong.final.AvgWealth_A.mean);
    expect(byLabel['Poverty rate B (0–1)']).toBe(strong.final.PovertyRate_B.mean);
    expect(byLabel['Gini B, weekly change (relative)']).toBe(strong.final.Gini_B_Trend.mean);
    expect(finals.columns[0].label).toBe('Metric (unit)');
  });

  it('the comparison report uses labels (Average wealth A, Poverty rate B), not metric ids', () => {
    expect(table(cmp, 'diff-dollars').rows.map((r) => r.metric)).toContain('Average wealth A');
    expect(table(cmp, 'diff-rates').rows.map((r) => r.metric)).toContain('Poverty rate B');
  });

  it('no metric id or flow key is shown in the HTML or Markdown of a run or comparison report', () => {
    for (const r of [run, cmp]) {
      for (const text of [htmlText(r), mdText(r)]) {
        expect(rawNames(text, METRIC_IDS)).toEqual([]);
        expect(rawNames(text, FLOW_KEYS)).toEqual([]);
      }
    }
  });

  it('CSV headers keep the machine keys (data contract)', () => {
    expect(tableCsv(table(run, 'flows')).split('\r\n')[0]).toBe('flow,value');
    expect(tableCsv(table(run, 'final')).split('\r\n')[0]).toBe('metric,mean');
    expect(tableCsv(table(cmp, 'diff-rates')).split('\r\n')[0]).toBe('metric,run_1,run_2,delta_2');
  });
});
