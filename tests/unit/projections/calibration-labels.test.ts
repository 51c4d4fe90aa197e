import { describe, expect, it } from 'vitest';
import { calibrationParamLabel, labelCodeNames } from '../../../src-shared/projections/calibration/labels';

/** Calibration recommendations name parameters by code ("categoryDistribution.groceries"): the views show labels. */
describe('calibration code names and their labels', () => {
  it('labels category shares, engine parameters, projection fields and categories; null for others', () => {
    expect(calibrationParamLabel('categoryDistribution.groceries')).toBe('Groceries share of food spending (%)');
    expect(calibrationParamLabel('categoryDistribution.farmers_market')).toBe("Farmers' market share of food spending (%)");
    expect(calibrationParamLabel('WEEKLY_FOOD_BUDGET_AVG')).toBe('Weekly food budget, mean');
    expect(calibrationParamLabel('participationRate')).toBe('Participation rate');
    expect(calibrationParamLabel('prepared_food')).toBe('Prepared food');
    expect(calibrationParamLabel('categoryDistribution.unknown')).toBeNull();
    expect(calibrationParamLabel('toString')).toBeNull();
  });

  it('splits a recommendation into text and labelled code names', () => {
    expect(labelCodeNames('Adjust categoryDistribution.prepared_food from 25 to 5.2 (-79.2%)')).toEqual([
      { text: 'Adjust ' },
      { code: 'categoryDistribution.prepared_food', label: 'Prepared food share of food spending (%)' },
      { text: ' from 25 to 5.2 (-79.2%)' },
    ]);
    expect(labelCodeNames('Adjust WEEKLY_FOOD_BUDGET_AVG from 75 to 245.24 (+227.0%)')[1]).toEqual({ code: 'WEEKLY_FOOD_BUDGET_AVG', label: 'Weekly food budget, mean' });
    // A variance recommendation starts with its category; the gap in total food spending names the budget.
    expect(labelCodeNames('food_delivery: Large variance detected (+30.0%)')).toEqual([{ code: 'food_delivery', label: 'Food delivery' }, { text: ': Large variance detected (+30.0%)' }]);
    expect(labelCodeNames('… investigate the food budget (WEEKLY_FOOD_BUDGET_AVG)').map((p) => ('code' in p ? p.label : p.text))).toEqual(['… investigate the food budget (', 'Weekly food budget, mean', ')']);
  });

  it('leaves prose, unknown names and plain category words alone', () => {
    for (const t of ['Overall confidence is low: gather more weeks of data', 'Adjust categoryDistribution.unknown from 1 to 2', 'Spending on groceries and dining', 'MY_WEEKLY_FOOD_BUDGET_AVG_X']) expect(labelCodeNames(t)).toEqual([{ text: t }]);
    expect(labelCodeNames('')).toEqual([]);
  });
});
