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
});
