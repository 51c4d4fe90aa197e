import { describe, expect, it } from 'vitest';
import { patchOutcome } from '../../../src-renderer/projections/CalibrationPanel';

/** Projections → Calibration, "Apply to the model": the status lists what changed, and only that. */
describe('projection patch outcome', () => {
  it('lists only the fields whose calibrated value differs, and patches only those', () => {
    const out = patchOutcome('Food Co-op', [
      { key: 'participationRate', current: 0.42, proposed: 0.1 },
      { key: 'groupBuyingSavings', current: 0.15, proposed: 0.15 },
    ]);
    expect(out.changed).toBe(true);
    expect(out.patch).toEqual({ participationRate: 0.1 });
    expect(out.text).toBe('Applied to the model “Food Co-op”: Participation rate 0.42 → 0.1. Validate the models to see the effect (Reset in the editor undoes it).');
  });
  it('both changed: both listed', () => {
    const out = patchOutcome('M', [
      { key: 'participationRate', current: 0.75, proposed: 0.1 },
      { key: 'groupBuyingSavings', current: 0.15, proposed: 0.123456789 },
    ]);
    expect(out.patch).toEqual({ participationRate: 0.1, groupBuyingSavings: 0.123456789 });
    expect(out.text).toContain('Participation rate 0.75 → 0.1, Group-buying savings 0.15 → 0.123457.');
  });
  it('nothing differs: says so and patches nothing', () => {
    const out = patchOutcome('M', [
      { key: 'participationRate', current: 0.1, proposed: 0.1 },
      { key: 'groupBuyingSavings', current: 0.15, proposed: 0.15 },
      { key: 'somethingElse', current: 1, proposed: 2 },
    ]);
    expect(out).toEqual({ patch: {}, changed: false, text: 'Nothing changed: the model “M” already has the calibrated values (Participation rate 0.1, Group-buying savings 0.15).' });
  });
});
