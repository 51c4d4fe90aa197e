import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-shared/finance/csv';
import {
  ALL_MODELS,
  exportComparisonCsv,
  exportFileNames,
  exportSummaryJson,
  exportValidationReportCsv,
  exportWeeklyDataCsv,
  generateMarkdownReport,
  slugify,
  validateAll,
} from '../../../src-shared/projections';

const { reports, comparison } = validateAll(ALL_MODELS);

describe('projection exports (spec §3.1)', () => {
  it('slugs and file names', () => {
    expect(slugify('AI-Enhanced Local Service (Bull Market)')).toBe('ai-enhanced-local-service-bull-market');
    expect(exportFileNames('  Ünïcode!! Model ').report).toBe('n-code-model-report.csv');
  });

  it('report CSV: header + one row, escaped risk list, N/A when no break-even', () => {
    const text = exportValidationReportCsv(reports[4]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(3);
    const [h, row] = parseCsv(text);
    expect(h[0]).toBe('Model Name');
    expect(h).toHaveLength(18);
    const rec = Object.fromEntries(h.map((k, i) => [k, row[i]]));
    expect(rec['Actual Revenue']).toBe('40694.72');
    expect(rec['Projected ROI (%)']).toBe('210.00');
    expect(rec['Actual Break-Even (months)']).toBe('10.2');
    expect(rec['Risk Factors']).toBe('Break-even delayed; Low participation rate');
    expect(rec['Success Achieved']).toBe('No');
    const never = validateAll([{ ...ALL_MODELS[0], name: 'Never, "ever"', weeklyRevenuePerParticipant: 0 }]).reports[0];
    const [, r2] = parseCsv(exportValidationReportCsv(never));
    expect(r2[0]).toBe('Never, "ever"');
    expect(r2[8]).toBe('N/A');
    expect(r2[9]).toBe('N/A');
  });

  it('weekly CSV has 260 rows at 2 dp', () => {
    const rows = parseCsv(exportWeeklyDataCsv(reports[0].results));
    expect(rows).toHaveLength(261);
    // cumulative profit = 198.75 − (5000 + 5)
    expect(rows[1]).toEqual(['1', '198.75', '193.75', '198.75', '-4806.25']);
    expect(rows[260][3]).toBe('385988.35');
  });

  it('comparison CSV carries scores only when a ranking is passed', () => {
    const withScore = parseCsv(exportComparisonCsv(reports, comparison));
    expect(withScore.slice(1).map((r) => r[1])).toEqual(['95.0', '95.0', '95.0', '95.0', '79.6']);
    const noScore = parseCsv(exportComparisonCsv(reports));
    expect(noScore.slice(1).every((r) => r[1] === '')).toBe(true);
  });

  it('summary JSON and Markdown report', () => {
    const at = new Date('2025-11-13T00:00:00Z');
    const json = JSON.parse(exportSummaryJson(reports, at));
    expect(json).toMatchObject({ exportDate: '2025-11-13T00:00:00.000Z', totalModels: 5 });
    expect(json.reports[2]).toMatchObject({ modelName: 'Community Token Pre-Order System', achievedSuccess: true });
    const md = generateMarkdownReport(reports, comparison, { generatedAt: at });
    expect(md).toContain('# PMOVES Projection Validation Report');
    expect(md).toContain('| 🥇 1 | AI-Enhanced Local Service Business | 95.0 | ⚠️ Review |');
    expect(md).toContain('| 🥉 3 | Community Token Pre-Order System | 95.0 | ✅ Success |');
    expect(md).toContain('| 5 | Community Token Pre-Order (Bear Market) | 79.6 | ⚠️ Review |');
    expect(md).toContain('✅ 1 of 5 models met all success targets');
    expect(md).toContain('⚠️ Break-even delayed (4 models affected)');
    expect(md).toContain('| ROI | 1366% | 7594% | +455.9% |');
    expect(md).toContain('| Break-Even | 3.3 mo | 5.3 mo | +61.0% |');
    expect(md).toContain('$385,988');
    expect(md).toContain('- 5 models validated against 5-year (260-week) simulations');
  });

  it('the Markdown report says how its verdicts are reached, with the rules the validator applies (it printed SUCCESS/LOW/BULL undefined)', () => {
    const md = generateMarkdownReport(reports, comparison, { generatedAt: new Date(0) });
    const how = md.slice(md.indexOf('## How to read this report'));
    expect(md.indexOf('## How to read this report')).toBeGreaterThan(md.indexOf('## Detailed Results'));
    expect(how).toContain('revenue summed over all 260 simulated weeks with the projected year-5 revenue');
    expect(how).toContain("actual ROI at least 80% of the projected (risk-adjusted) ROI, and break-even (the first week with cumulative profit ≥ 0, in months) within 120% of the projected months");
    expect(how).toContain('HIGH when |revenue variance| < 10% and |ROI variance| < 15%; MEDIUM when below 25% and 30%');
    expect(how).toContain('above 2% EXPONENTIAL, above 0.5% LINEAR, above -0.5% PLATEAU');
    expect(how).toContain('above 1.2× BULL, above 0.8× NORMAL, else BEAR');
    expect(how).not.toContain('P(success)');
    // The rule as stated gives the verdicts printed: only the Token Pre-Order model succeeds.
    for (const r of reports) {
      const roiOk = r.actual.roi >= 0.8 * r.projections.roiPercent;
      const beOk = r.actual.breakEvenMonths !== null && r.actual.breakEvenMonths <= 1.2 * r.projections.breakEvenMonths;
      expect(r.riskAssessment.achievedSuccessProbability).toBe(roiOk && beOk);
    }
    const withMc = generateMarkdownReport(reports, comparison, { generatedAt: new Date(0), monteCarlo: [{ modelName: 'AI', runs: 200, seed: 42, success: 0 }] });
    expect(withMc.slice(withMc.indexOf('## How to read this report'))).toContain('**P(success)** in the Monte Carlo table is the share of its seeded runs');
  });

  it('the Markdown report states the simulated length when it is not 260 weeks', () => {
    const short = validateAll(ALL_MODELS.slice(0, 1), { weeks: 104 });
    const md = generateMarkdownReport(short.reports, short.comparison, { generatedAt: new Date(0) });
    expect(md).toContain('- 1 model validated against 104-week simulations'); // it read "1 models"
    expect(md).toContain('| Revenue (104-week cumulative vs year-5 target) |');
    expect(md).not.toContain('260-week');
  });
});
