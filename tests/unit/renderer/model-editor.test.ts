import { describe, expect, it } from 'vitest';
import { BASELINE_MODELS } from '../../../src-shared/projections/data';
import { ProjectionModelSchema } from '../../../src-shared/projections/schema';
import { parseDraft, toDraft } from '../../../src-renderer/projections/ModelEditor';

describe('projection model editor errors', () => {
  const draft = toDraft(ProjectionModelSchema.parse(BASELINE_MODELS[0]));

  it('name fields by their labels, as the form shows them, with the value typed', () => {
    expect(parseDraft(draft).errors).toEqual({});
    expect(parseDraft({ ...draft, populationSize: '2.5' }).errors.populationSize).toBe('Population must be a whole number (got 2.5)');
    expect(parseDraft({ ...draft, participationRate: '1.4' }).errors.participationRate).toMatch(/^Participation rate must be between 0 and 1 \(got 1\.4\)/);
    expect(parseDraft({ ...draft, populationSize: '' }).errors.populationSize).toBe('Population is required');
  });

  it('the label replaces the schema\'s key and its parenthetical unit: no "Initial investment ($) ($)"', () => {
    expect(parseDraft({ ...draft, initialInvestment: '-5' }).errors.initialInvestment).toBe('Initial investment ($) must be > 0 (got -5)');
    expect(parseDraft({ ...draft, projectedYear5Revenue: '0' }).errors.projectedYear5Revenue).toBe('Projected year-5 revenue ($) must be > 0 (got 0)');
    expect(parseDraft({ ...draft, projectedRiskAdjustedROI: '-1' }).errors.projectedRiskAdjustedROI).toBe('Projected risk-adjusted ROI (×) must be > 0 (got -1)');
    expect(parseDraft({ ...draft, weeklyRevenuePerParticipant: '-0.1' }).errors.weeklyRevenuePerParticipant).toBe('Weekly revenue per participant ($) must be ≥ 0 (got -0.1)');
    expect(parseDraft({ ...draft, growthRatePerWeek: '0.9' }).errors.growthRatePerWeek).toBe('Growth rate per week must be between -0.5 and 0.5 per week (got 0.9)');
  });
});
