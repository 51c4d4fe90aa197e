// The weekly line charts of a run's Charts tab (and of a Monte Carlo set's Analysis, with bands).
// Every metric charted here gets p5–p95 bands in a Monte Carlo set: it must be in BAND_METRICS
// (src-shared/engine/aggregate.ts), or its series would be the only one in its chart without.

export interface LineChartSpec {
  title: string;
  /** [metric, series name] */
  metrics: [string, string][];
  scale?: number;
  yTitle: string;
  tick?: string;
}

export const LINE_CHARTS: LineChartSpec[] = [
  { title: 'Average member wealth', metrics: [['AvgWealth_A', 'Traditional (A)'], ['AvgWealth_B', 'Cooperative (B)']], yTitle: 'Wealth ($)', tick: '$,.0f' },
  { title: 'Total community wealth', metrics: [['TotalWealth_A', 'Traditional (A)'], ['TotalWealth_B', 'Cooperative (B)']], yTitle: 'Wealth ($)', tick: '$,.0f' },
  { title: 'Wealth inequality (Gini)', metrics: [['Gini_A', 'Gini A'], ['Gini_B', 'Gini B']], yTitle: 'Gini', tick: '.3f' },
  { title: 'Poverty rate', metrics: [['PovertyRate_A', 'Poverty A'], ['PovertyRate_B', 'Poverty B']], scale: 100, yTitle: '% of members', tick: '.1f' },
  // Community resilience hovers with the three decimals of the key-metrics table and the narrative
  // ("1.000", "0.980 → 1.000"); it hovered "1.00".
  { title: 'Community resilience', metrics: [['CommunityResilience', 'Community resilience (B)'], ['RiskResilience', 'Risk resilience (B)']], yTitle: 'Index (0–1)', tick: '.3f' },
  // Local economy strength is a share, in percent as the key-metrics table and Compare show it
  // ("61.3%"); it hovered "0.613" over an axis titled "Index". Economic velocity (spending / wealth
  // per week) is a share too.
  { title: 'Local economy strength', metrics: [['LocalEconomyStrength', 'Local economy strength (B)'], ['EconomicVelocity', 'Economic velocity (B, per week)']], scale: 100, yTitle: '% (B)', tick: '.1f' },
];
