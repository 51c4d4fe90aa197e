import type { ReportInput } from '../../../src-shared/report/model';

/** Realistic reports for renderer tests (deterministic: seeded PRNG, fixed dates). */

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** Names that stress CSV/Markdown/HTML escaping. */
export const TRICKY_NAMES = [
  'Smith, Alice',
  'O"Brien "Bob"',
  'Line\nBreak Co-op',
  'Pipe | Table',
  '<script>alert(1)</script>',
  '$5 Deal @home *bold* _u_',
  '  padded  ',
  'Ünïcødé – 漢字',
];

export interface RunFixtureOptions {
  weeks?: number;
  members?: number;
}

export function runReport(opts: RunFixtureOptions = {}): ReportInput {
  const weeks = opts.weeks ?? 156;
  const nMembers = opts.members ?? 40;
  const rnd = mulberry32(42);
  const history: Record<string, number>[] = [];
  let a = 1197.2;
  let b = 1197.2;
  let giniA = 0.3;
  let giniB = 0.3;
  let povA = 0.35;
  let povB = 0.35;
  for (let w = 1; w <= weeks; w++) {
    a += 70 + (rnd() - 0.5) * 20;
    b += 96 + (rnd() - 0.5) * 20;
    giniA = Math.min(0.9, giniA + 0.0006 + (rnd() - 0.5) * 0.002);
    giniB = Math.max(0.05, giniB - 0.0009 + (rnd() - 0.5) * 0.002);
    povA = Math.max(0, povA - 0.0011 + (rnd() - 0.5) * 0.004);
    povB = Math.max(0, povB - 0.002 + (rnd() - 0.5) * 0.004);
    history.push({
      Week: w,
      Year: Math.floor(w / 52) + 1,
      AvgWealth_A: round(a, 2),
      AvgWealth_B: round(b, 2),
      Gini_A: round(giniA, 4),
      Gini_B: round(giniB, 4),
      PovertyRate_A: round(povA, 4),
      PovertyRate_B: round(povB, 4),
    });
  }
  const members = Array.from({ length: nMembers }, (_, i) => {
    const income = round(100 + rnd() * 100, 2);
    const wa = round(1000 + rnd() * 9000, 2);
    return {
      ID: i + 1,
      Name: i < TRICKY_NAMES.length ? TRICKY_NAMES[i] : `Member ${i + 1}`,
      Income: income,
      Wealth_A: wa,
      Wealth_B: round(wa * (1.1 + rnd() * 0.3), 2),
      GroToken_B: round(rnd() * 80, 3),
    };
  });
  const last = history[history.length - 1];
  const first = history[0];
  const weekCol = history.map((h) => h.Week);
  const line = (y: number[], name: string) => ({ type: 'scatter', mode: 'lines', name, x: weekCol, y });
  return {
    title: 'Cooperative vs Traditional: Baseline run',
    subtitle: `Baseline preset · ${nMembers} members · ${weeks} weeks`,
    generatedAt: '2025-06-01T12:00:00.000Z',
    appVersion: '0.1.0',
    kind: 'run',
    inputs: {
      params: { NUM_MEMBERS: nMembers, SIMULATION_WEEKS: weeks, WEEKLY_INCOME_AVG: 150, PERCENT_SPEND_INTERNAL_AVG: 0.5, GROTOKEN_USD_VALUE: 2 },
      seeds: [42],
      preset: 'Baseline',
      model: 'reference',
      runIds: ['run-0001'],
      snapshotId: null,
    },
    sections: [
      {
        id: 'summary',
        heading: 'Summary',
        blocks: [
          {
            type: 'keyMetrics',
            items: [
              { label: 'Average wealth (B)', value: last.AvgWealth_B, type: 'currency', delta: { value: last.AvgWealth_B - last.AvgWealth_A, type: 'currency', label: 'vs A' } },
              { label: 'Gini (B)', value: last.Gini_B, type: 'number', decimals: 3, delta: { value: last.Gini_B - last.Gini_A, type: 'number', decimals: 3, better: 'lower', label: 'vs A' } },
              { label: 'Poverty rate (B)', value: last.PovertyRate_B, type: 'percent', delta: { value: last.PovertyRate_B - last.PovertyRate_A, type: 'percent', better: 'lower', label: 'vs A' } },
              { label: 'Members', value: nMembers, type: 'integer' },
              { label: 'Weeks simulated', value: weeks, type: 'integer', unit: 'weeks' },
            ],
          },
          {
            type: 'paragraph',
            text: `Over ${weeks} weeks, the community's economic system under Scenario B (Cooperative) showed notable changes compared to Scenario A (Existing). Average wealth grew from $${first.AvgWealth_B} to $${last.AvgWealth_B}.`,
          },
          { type: 'callout', level: 'success', title: 'Overall result', text: 'Cooperative (B) significantly outperforms Traditional (A): B wins 4 of 4 metrics.' },
          {
            type: 'list',
            items: ['Wealth grew faster under B (savings on internal spending).', 'Inequality fell under B; it rose under A.', 'Poverty | fell in both, faster in B.'],
          },
        ],
      },
      {
        id: 'charts',
        heading: 'Wealth, inequality and poverty over time',
        blocks: [
          {
            type: 'chart',
            id: 'wealth',
            caption: 'Average member wealth (USD) by week',
            figure: { data: [line(history.map((h) => h.AvgWealth_A), 'Traditional (A)'), line(history.map((h) => h.AvgWealth_B), 'Cooperative (B)')], layout: { xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: 'Average wealth (USD)' }, tickprefix: '$' } } },
            data: {
              columns: [
                { key: 'Week', label: 'Week', type: 'integer' },
                { key: 'AvgWealth_A', label: 'Traditional (A)', type: 'currency' },
                { key: 'AvgWealth_B', label: 'Cooperative (B)', type: 'currency' },
              ],
              rows: history.map((h) => ({ Week: h.Week, AvgWealth_A: h.AvgWealth_A, AvgWealth_B: h.AvgWealth_B })),
            },
          },
          {
            type: 'chart',
            id: 'gini',
            caption: 'Gini coefficient by week (lower is more equal)',
            figure: { data: [line(history.map((h) => h.Gini_A), 'Traditional (A)'), line(history.map((h) => h.Gini_B), 'Cooperative (B)')], layout: { xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: 'Gini' }, range: [0, 1] } } },
          },
          {
            type: 'chart',
            id: 'poverty',
            caption: 'Poverty rate by week',
            height: 320,
            figure: { data: [line(history.map((h) => h.PovertyRate_A), 'Traditional (A)'), line(history.map((h) => h.PovertyRate_B), 'Cooperative (B)')], layout: { xaxis: { title: { text: 'Week' } }, yaxis: { title: { text: 'Poverty rate' }, tickformat: '.0%' } } },
            data: {
              columns: [
                { key: 'Week', label: 'Week', type: 'integer' },
                { key: 'PovertyRate_A', label: 'Traditional (A)', type: 'percent' },
                { key: 'PovertyRate_B', label: 'Cooperative (B)', type: 'percent' },
              ],
              rows: history.map((h) => ({ Week: h.Week, PovertyRate_A: h.PovertyRate_A, PovertyRate_B: h.PovertyRate_B })),
            },
          },
        ],
      },
      {
        id: 'comparison',
        heading: 'Final week comparison',
        blocks: [
          {
            type: 'table',
            id: 'comparison',
            caption: 'Key metrics at the final week',
            columns: [
              { key: 'Metric', label: 'Metric', type: 'string' },
              { key: 'A', label: 'Scenario A', type: 'number', decimals: 3 },
              { key: 'B', label: 'Scenario B', type: 'number', decimals: 3 },
              { key: 'Difference', label: 'Difference', type: 'number', decimals: 3 },
            ],
            rows: [
              { Metric: 'Average wealth', A: last.AvgWealth_A, B: last.AvgWealth_B, Difference: round(last.AvgWealth_B - last.AvgWealth_A, 2) },
              { Metric: 'Gini', A: last.Gini_A, B: last.Gini_B, Difference: round(last.Gini_B - last.Gini_A, 4) },
              { Metric: 'Poverty rate', A: last.PovertyRate_A, B: last.PovertyRate_B, Difference: round(last.PovertyRate_B - last.PovertyRate_A, 4) },
              { Metric: 'Wealth gap (top 20% / bottom 20%)', A: null, B: 3.4, Difference: null },
            ],
          },
        ],
      },
      {
        id: 'history',
        heading: 'Weekly history',
        blocks: [
          { type: 'paragraph', text: 'Every simulated week. The PDF shows the first year; the CSV bundle and the HTML report have every week.' },
          {
            type: 'table',
            id: 'history',
            caption: 'Weekly history (A = traditional, B = cooperative)',
            maxPrintRows: 52,
            columns: [
              { key: 'Week', label: 'Week', type: 'integer' },
              { key: 'Year', label: 'Year', type: 'integer' },
              { key: 'AvgWealth_A', label: 'Avg wealth A', type: 'currency' },
              { key: 'AvgWealth_B', label: 'Avg wealth B', type: 'currency' },
              { key: 'Gini_A', label: 'Gini A', type: 'number', decimals: 4 },
              { key: 'Gini_B', label: 'Gini B', type: 'number', decimals: 4 },
              { key: 'PovertyRate_A', label: 'Poverty A', type: 'percent' },
              { key: 'PovertyRate_B', label: 'Poverty B', type: 'percent' },
            ],
            rows: history,
          },
        ],
      },
      {
        id: 'members',
        heading: 'Final member states',
        blocks: [
          {
            type: 'table',
            id: 'members',
            caption: 'Members at the final week',
            sort: { key: 'Wealth_B', direction: 'desc' },
            columns: [
              { key: 'ID', label: 'ID', type: 'integer' },
              { key: 'Name', label: 'Name', type: 'string' },
              { key: 'Income', label: 'Weekly income', type: 'currency' },
              { key: 'Wealth_A', label: 'Wealth A', type: 'currency' },
              { key: 'Wealth_B', label: 'Wealth B', type: 'currency' },
              { key: 'GroToken_B', label: 'GroTokens', type: 'number', decimals: 3, unit: 'GRO' },
            ],
            rows: members,
          },
        ],
      },
    ],
  };
}

/** A validation report with the published §6.3 tables (values copied exactly, 0.64 corrected to 0.60). */
export function validationReport(): ReportInput {
  const status = (ok: boolean) => (ok ? '✓' : '✗');
  return {
    title: 'Economic model validation',
    subtitle: '34 tests · reference model',
    generatedAt: '2025-10-22T09:30:00+02:00',
    appVersion: '0.1.0',
    kind: 'validation',
    inputs: { params: { WEEKLY_FOOD_BUDGET_AVG: 75 }, seeds: [1, 2, 3], model: 'reference' },
    sections: [
      {
        id: 'overview',
        heading: 'Overview',
        blocks: [
          {
            type: 'keyMetrics',
            items: [
              { label: 'Tests passed', value: 34, type: 'integer', unit: 'of 34' },
              { label: 'Pass rate', value: 1, type: 'percent', decimals: 0 },
              { label: 'Poverty line', value: 300, type: 'currency', decimals: 0 },
            ],
          },
          { type: 'callout', level: 'warning', title: 'Published number corrected', text: 'The published report lists Gini 0.64 for [5,5,5,5,80]; the formula gives exactly 0.60.' },
        ],
      },
      {
        id: 'gini',
        heading: 'Gini coefficient',
        blocks: [
          {
            type: 'table',
            id: 'gini-tests',
            caption: 'Gini test cases',
            columns: [
              { key: 'case', label: 'Test case', type: 'string' },
              { key: 'expected', label: 'Expected', type: 'string' },
              { key: 'actual', label: 'Actual', type: 'number', decimals: 3 },
              { key: 'status', label: 'Status', type: 'string' },
            ],
            rows: [
              { case: 'Perfect equality [100,100,100,100,100]', expected: '0.00', actual: 0, status: status(true) },
              { case: 'Perfect inequality [0,0,0,0,1000]', expected: '~1.00', actual: 0.8, status: status(true) },
              { case: 'Known [10,20,30,40,50]', expected: '0.267', actual: 0.2667, status: status(true) },
              { case: '80-20 [5,5,5,5,80]', expected: '0.60-0.70', actual: 0.6, status: status(true) },
            ],
          },
          {
            type: 'chart',
            id: 'categories',
            caption: 'Tests per category',
            figure: {
              data: [{ type: 'bar', name: 'Tests', x: ['Gini Coefficient', 'Wealth Gap', 'Poverty Rate', 'Bottom 20% Share', 'Log-Normal Distribution', 'Savings Mechanisms', 'GroToken Mechanism', 'Scenario Comparison', 'Full Simulation'], y: [8, 3, 4, 2, 3, 3, 3, 4, 4] }],
              layout: { yaxis: { title: { text: 'Tests' } } },
            },
          },
        ],
      },
      {
        id: 'confidence',
        heading: 'Confidence levels',
        blocks: [
          {
            type: 'table',
            id: 'confidence',
            caption: 'Confidence by component',
            columns: [
              { key: 'component', label: 'Component', type: 'string' },
              { key: 'level', label: 'Level', type: 'string' },
            ],
            rows: [
              ['Gini Coefficient', 'HIGH'],
              ['Wealth Gap', 'HIGH'],
              ['Poverty Rate', 'HIGH'],
              ['Log-Normal Distribution', 'HIGH'],
              ['Bottom 20% Share', 'HIGH'],
              ['Group Buying Savings (15%)', 'MEDIUM'],
              ['Local Production Savings (25%)', 'MEDIUM'],
              ['GroToken Mechanism', 'HIGH'],
              ['Scenario Comparison', 'HIGH'],
            ].map(([component, level]) => ({ component, level })),
          },
        ],
      },
    ],
  };
}
