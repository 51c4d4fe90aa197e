import { describe, expect, it } from 'vitest';
import { applyPreset, runSimulation } from '../../../src-shared/engine';
import { renderMarkdown } from '../../../src-shared/report/markdown';
import { inputRows, parseReport, runInputTable } from '../../../src-shared/report/model';
import { singleRunDoc } from '../../../src-shared/sim/runDoc';
import { buildComparisonReport, buildRunReport } from '../../../src-shared/sim/runReport';
import { renderHtml } from '../../../src-main/reports/html';

// Two runs that differ in seed, preset parameters and members × weeks.
const strong = singleRunDoc(runSimulation(applyPreset('strong-cooperation', { NUM_MEMBERS: 30, SIMULATION_WEEKS: 20 }), { seed: 42 }), 1);
const baseline = singleRunDoc(runSimulation(applyPreset('baseline', { NUM_MEMBERS: 40, SIMULATION_WEEKS: 20 }), { seed: 7 }), 1);
const cmp = parseReport(
  buildComparisonReport(
    [
      { meta: { id: 3, name: 'Strong', createdAt: '2026-11-26T00:00:00Z' }, doc: strong },
      { meta: { id: 5, name: 'Baseline', createdAt: '2026-11-26T01:00:00Z' }, doc: baseline },
    ],
    '0.1.0',
  ),
);
/** Markdown's appendix, unescaped. */
const appendix = (md: string) => md.slice(md.indexOf('## Appendix: inputs')).replace(/\\(.)/g, '$1');

describe('the comparison report\'s inputs appendix', () => {
  it('records every compared run\'s seed, model and parameters, named by run', () => {
    const runs = cmp.inputs.runs!;
    expect(runs.map((r) => [r.id, r.seed, r.model])).toEqual([['3', 42, strong.model], ['5', 7, baseline.model]]);
    expect(runs[0].params).toEqual(strong.params);
    expect(runs[1].params).toEqual(baseline.params);
    // The first run's parameters are no longer listed alone as "the" parameters.
    expect(inputRows(cmp).some((r) => r.name === 'NUM_MEMBERS')).toBe(false);
  });

  it('tabulates the inputs with a column per run and marks those that differ', () => {
    const t = runInputTable(cmp)!;
    expect(t.runs).toEqual([{ id: '3', heading: '#3 Strong' }, { id: '5', heading: '#5 Baseline' }]);
    const row = (name: string) => t.rows.find((r) => r.name === name)!;
    expect(row('Seed')).toEqual({ name: 'Seed', values: ['42', '7'], differs: true });
    expect(row('NUM_MEMBERS')).toEqual({ name: 'NUM_MEMBERS', values: ['30', '40'], differs: true });
    expect(row('PERCENT_SPEND_INTERNAL_AVG')).toMatchObject({ values: [String(strong.params.PERCENT_SPEND_INTERNAL_AVG), String(baseline.params.PERCENT_SPEND_INTERNAL_AVG)], differs: true });
    expect(row('SIMULATION_WEEKS')).toEqual({ name: 'SIMULATION_WEEKS', values: ['20', '20'], differs: false });
    expect(row('Model').differs).toBe(false);
    expect(row('Monte Carlo runs')).toEqual({ name: 'Monte Carlo runs', values: ['1', '1'], differs: false });
    // Only inputs are compared: names and dates, which always differ, are not rows.
    expect(t.rows.filter((r) => r.differs).map((r) => r.name)).toEqual(['Seed', 'NUM_MEMBERS', 'GROUP_BUY_SAVINGS_PERCENT', 'LOCAL_PRODUCTION_SAVINGS_PERCENT', 'PERCENT_SPEND_INTERNAL_AVG']);
    // A run report has no per-run table; its appendix is unchanged.
    expect(runInputTable(parseReport(buildRunReport({ id: 3, name: 'Strong', createdAt: '' }, strong, '0.1.0')))).toBeNull();
  });

  it('prints that table in Markdown (DOCX) with the differences in bold', () => {
    const md = appendix(renderMarkdown(cmp));
    expect(md).toContain('| Input | #3 Strong | #5 Baseline |');
    expect(md).toContain('| **Seed** *(differs)* | **42** | **7** |');
    expect(md).toContain('| **NUM_MEMBERS** *(differs)* | **30** | **40** |');
    expect(md).toContain('| SIMULATION_WEEKS | 20 | 20 |');
  });

  it('prints it in HTML (and so the PDF), differing rows marked in words and by style', () => {
    const html = renderHtml(cmp, { plotlySource: '' });
    const part = html.slice(html.indexOf('id="sec-inputs"'));
    expect(part).toContain('<table class="run-inputs" id="run-inputs"><thead><tr><th scope="col">Input</th><th scope="col">#3 Strong</th><th scope="col">#5 Baseline</th></tr></thead>');
    expect(part).toContain('<tr class="differs"><th scope="row">Seed <span class="differs-tag">differs</span></th><td>42</td><td>7</td></tr>');
    expect(part).toContain('<tr><th scope="row">SIMULATION_WEEKS</th><td>20</td><td>20</td></tr>');
  });
});
