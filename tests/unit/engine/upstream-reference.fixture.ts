// Upstream reference statistics for upstream-reference.test.ts: mean and sd across runs of each metric at
// weeks 1, 52 and 156, from running the original model unchanged (POWERFULMOVES/PMOVEStokensim; spec/engine.md):
// - reference: pmoves_backend/ (models.py, simulator.py, metrics.py at 4134b4a), 1000 runs, run r seeded with
//   random.seed(s0 + r) and np.random.seed(s0 + r); pandas replaced by a shim of DataFrame.to_dict and the
//   narrative by a stub (neither touches a number);
// - nextjs: pmoves-nextjs/src/lib/simulation/index.ts (8b559c0) + utils.ts (f0e47ca) bundled with esbuild and run
//   on Node 22, 1000 runs (Math.random, unseeded).
// Upstream's history[w−1] is the state after week w, our column w. Names are ours: AvgTokenValue_B is the P1/T1
// 'WealthMobility' (mean token dollars); WealthDifference is TotalWealth_B − TotalWealth_A.

import type { ModelId, SimParams } from '../../../src-shared/engine';

export interface UpstreamReference {
  name: string;
  model: ModelId;
  params: Partial<SimParams>;
  source: string;
  runs: number;
  /** metric → week → [mean, sd] over the upstream runs */
  stats: Record<string, Record<number, readonly [number, number]>>;
}

export const UPSTREAM_REFERENCE: readonly UpstreamReference[] = [
  {
    name: 'default',
    model: 'reference',
    params: {},
    source: 'pmoves_backend (P1), seeds s0 = 1000000',
    runs: 1000,
    stats: {
      AvgWealth_A: { 1: [1273.48, 117.8], 52: [5111.69, 335.9], 156: [12974.4, 937.0] },
      AvgWealth_B: { 1: [1282.47, 117.8], 52: [5573.86, 333.6], 156: [14345.6, 933.1] },
      MedianWealth_A: { 1: [1082.72, 107.4], 52: [5068.09, 420.6], 156: [12880.9, 1226.0] },
      MedianWealth_B: { 1: [1091.68, 107.5], 52: [5535.85, 412.2], 156: [14279.2, 1204.0] },
      Gini_A: { 1: [0.302302, 0.03305], 52: [0.253925, 0.02928], 156: [0.282892, 0.03292] },
      Gini_B: { 1: [0.300158, 0.03291], 52: [0.231173, 0.02659], 156: [0.254706, 0.0296] },
      PovertyRate_A: { 1: [0.00762, 0.01246], 52: [0.01998, 0.01966], 156: [0.03068, 0.0238] },
      PovertyRate_B: { 1: [0.0064, 0.01166], 52: [0.01128, 0.01505], 156: [0.0178, 0.01879] },
      Bottom20PctShare: { 1: [0.0843054, 0.009037], 52: [0.0867225, 0.01388], 156: [0.0746485, 0.01502] },
      Top10Percent_B: { 1: [2194.5, 310.6], 52: [8438.34, 547.0], 156: [22516.0, 1558.0] },
      Bottom10Percent_A: { 1: [554.698, 70.04], 52: [2223.71, 530.4], 156: [4675.15, 1541.0] },
      WealthDifference: { 1: [449.316, 24.52], 52: [23108.3, 1307.0], 156: [68561.7, 3988.0] },
      AvgTokenValue_B: { 1: [0.99981, 0.05422], 52: [52.0404, 0.4114], 156: [156.096, 0.7081] },
    },
  },
  {
    name: 'economic-downturn',
    model: 'reference',
    params: { WEEKLY_INCOME_AVG: 120, WEEKLY_FOOD_BUDGET_AVG: 80 },
    source: 'pmoves_backend (P1), seeds s0 = 1100000',
    runs: 1000,
    stats: {
      AvgWealth_A: { 1: [1236.81, 112.5], 52: [3348.47, 315.1], 156: [7856.94, 845.5] },
      AvgWealth_B: { 1: [1246.38, 112.5], 52: [3813.89, 318.8], 156: [9184.73, 867.5] },
      MedianWealth_A: { 1: [1046.43, 105.2], 52: [3237.67, 407.9], 156: [7378.23, 1166.0] },
      MedianWealth_B: { 1: [1056.07, 105.1], 52: [3735.12, 403.7], 156: [8892.96, 1170.0] },
      Gini_A: { 1: [0.310583, 0.03301], 52: [0.367404, 0.04], 156: [0.423406, 0.04343] },
      Gini_B: { 1: [0.308176, 0.03283], 52: [0.32676, 0.03645], 156: [0.373237, 0.04011] },
      PovertyRate_A: { 1: [0.0182, 0.01965], 52: [0.1044, 0.04362], 156: [0.14766, 0.05029] },
      PovertyRate_B: { 1: [0.0162, 0.01856], 52: [0.06816, 0.03497], 156: [0.09834, 0.04228] },
      Bottom20PctShare: { 1: [0.0812206, 0.008861], 52: [0.0440347, 0.0159], 156: [0.0261981, 0.01397] },
      Top10Percent_B: { 1: [2151.22, 290.0], 52: [6630.75, 570.7], 156: [17058.6, 1555.0] },
      Bottom10Percent_A: { 1: [521.58, 67.0], 52: [466.05, 421.2], 156: [271.476, 557.2] },
      WealthDifference: { 1: [478.536, 26.15], 52: [23271.0, 1472.0], 156: [66389.5, 4714.0] },
      AvgTokenValue_B: { 1: [1.00298, 0.05794], 52: [52.0685, 0.4124], 156: [156.144, 0.7106] },
    },
  },
  {
    name: 'high-inequality',
    model: 'reference',
    params: { INITIAL_WEALTH_SIGMA_LOG: 1.2, WEEKLY_INCOME_STDDEV: 100 },
    source: 'pmoves_backend (P1), seeds s0 = 1200000',
    runs: 1000,
    stats: {
      AvgWealth_A: { 1: [2135.38, 507.3], 52: [6420.48, 796.4], 156: [15525.2, 1878.0] },
      AvgWealth_B: { 1: [2144.35, 507.3], 52: [6827.52, 804.8], 156: [16691.5, 1913.0] },
      MedianWealth_A: { 1: [1111.48, 218.7], 52: [5686.06, 945.0], 156: [13781.0, 2737.0] },
      MedianWealth_B: { 1: [1120.38, 218.6], 52: [6150.83, 943.1], 156: [15169.8, 2718.0] },
      Gini_A: { 1: [0.559985, 0.06381], 52: [0.459198, 0.04804], 156: [0.480295, 0.04585] },
      Gini_B: { 1: [0.557566, 0.0639], 52: [0.438357, 0.04673], 156: [0.456875, 0.04426] },
      PovertyRate_A: { 1: [0.10646, 0.04276], 52: [0.16204, 0.05183], 156: [0.1994, 0.05608] },
      PovertyRate_B: { 1: [0.10094, 0.04217], 52: [0.141, 0.04953], 156: [0.1734, 0.05347] },
      Bottom20PctShare: { 1: [0.0289121, 0.007539], 52: [0.0128827, 0.01016], 156: [0.00684584, 0.00665] },
      Top10Percent_B: { 1: [4631.29, 1261.0], 52: [13537.1, 1545.0], 156: [35051.3, 3767.0] },
      WealthDifference: { 1: [448.327, 25.32], 52: [20351.9, 1538.0], 156: [58316.1, 4738.0] },
      AvgTokenValue_B: { 1: [1.00067, 0.05706], 52: [52.0424, 0.3889], 156: [156.142, 0.7004] },
    },
  },
  {
    name: 'fee 20, budget floor 60',
    model: 'reference',
    params: { WEEKLY_COOP_FEE_B: 20, MIN_WEEKLY_BUDGET: 60 },
    source: 'pmoves_backend (P1), seeds s0 = 1300000',
    runs: 1000,
    stats: {
      AvgWealth_A: { 1: [1265.93, 112.4], 52: [5029.2, 331.8], 156: [12740.0, 935.4] },
      AvgWealth_B: { 1: [1256.07, 112.4], 52: [4526.24, 326.5], 156: [11259.8, 912.7] },
      MedianWealth_A: { 1: [1076.44, 107.6], 52: [4989.11, 411.3], 156: [12667.8, 1176.0] },
      MedianWealth_B: { 1: [1066.55, 107.5], 52: [4476.61, 410.8], 156: [11130.9, 1165.0] },
      Gini_A: { 1: [0.302238, 0.03174], 52: [0.253877, 0.02876], 156: [0.283523, 0.03227] },
      Gini_B: { 1: [0.304609, 0.03192], 52: [0.278169, 0.03164], 156: [0.31356, 0.03538] },
      PovertyRate_A: { 1: [0.00814, 0.0128], 52: [0.0196, 0.01855], 156: [0.031, 0.02391] },
      PovertyRate_B: { 1: [0.00984, 0.01357], 52: [0.03262, 0.0243], 156: [0.05004, 0.02952] },
      Bottom20PctShare: { 1: [0.0825808, 0.008486], 52: [0.0644556, 0.01549], 156: [0.0479048, 0.0161] },
      Top10Percent_B: { 1: [2155.05, 290.7], 52: [7339.43, 546.0], 156: [19204.3, 1519.0] },
      Bottom10Percent_A: { 1: [552.963, 68.13], 52: [2167.66, 526.7], 156: [4473.61, 1530.0] },
      WealthDifference: { 1: [-493.162, 24.5], 52: [-25147.8, 1326.0], 156: [-74009.1, 4204.0] },
      AvgTokenValue_B: { 1: [1.00173, 0.05468], 52: [52.0484, 0.4078], 156: [156.117, 0.6819] },
    },
  },
  {
    name: 'weak-cooperation',
    model: 'nextjs',
    params: { PERCENT_SPEND_INTERNAL_AVG: 0.2, GROUP_BUY_SAVINGS_PERCENT: 0.1, LOCAL_PRODUCTION_SAVINGS_PERCENT: 0.1 },
    source: 'pmoves-nextjs runSimulation (T1), unseeded',
    runs: 1000,
    stats: {
      AvgWealth_A: { 1: [1275.45, 112.7], 52: [5125.14, 330.0], 156: [13011.0, 938.2] },
      AvgWealth_B: { 1: [1276.81, 112.7], 52: [5195.6, 329.5], 156: [13220.8, 936.4] },
      MedianWealth_A: { 1: [1081.61, 108.6], 52: [5097.82, 407.3], 156: [12957.5, 1170.0] },
      MedianWealth_B: { 1: [1082.99, 108.5], 52: [5169.91, 407.2], 156: [13180.4, 1171.0] },
      Gini_A: { 1: [0.302039, 0.0325], 52: [0.252071, 0.02927], 156: [0.280998, 0.0324] },
      Gini_B: { 1: [0.301713, 0.03248], 52: [0.248302, 0.0287], 156: [0.276188, 0.03167] },
      PovertyRate_A: { 1: [0.00716, 0.01166], 52: [0.01954, 0.01975], 156: [0.02956, 0.02404] },
      PovertyRate_B: { 1: [0.00706, 0.01154], 52: [0.01826, 0.01921], 156: [0.02768, 0.02334] },
      Bottom20PctShare: { 1: [0.0837909, 0.00903], 52: [0.0779398, 0.01513], 156: [0.0643082, 0.01613] },
      Top10Percent_B: { 1: [2197.75, 312.9], 52: [8062.39, 561.7], 156: [21360.8, 1557.0] },
      Bottom10Percent_A: { 1: [559.009, 68.03], 52: [2228.78, 548.1], 156: [4694.36, 1578.0] },
      WealthDifference: { 1: [68.3271, 11.39], 52: [3522.87, 578.1], 156: [10491.4, 1700.0] },
      AvgTokenValue_B: { 1: [0.777746, 0.04644], 52: [40.3044, 0.7645], 156: [120.905, 2.113] },
    },
  },
  {
    name: 'tiny-community',
    model: 'nextjs',
    params: { NUM_MEMBERS: 20, WEEKLY_INCOME_AVG: 150, PERCENT_SPEND_INTERNAL_AVG: 0.5 },
    source: 'pmoves-nextjs runSimulation (T1), unseeded',
    runs: 1000,
    stats: {
      AvgWealth_A: { 1: [1269.5, 174.4], 52: [5125.37, 517.0], 156: [13022.6, 1460.0] },
      AvgWealth_B: { 1: [1277.74, 174.4], 52: [5548.96, 516.4], 156: [14280.9, 1462.0] },
      MedianWealth_A: { 1: [1097.59, 168.7], 52: [5091.18, 639.1], 156: [12946.6, 1856.0] },
      MedianWealth_B: { 1: [1105.83, 168.6], 52: [5522.89, 630.8], 156: [14235.3, 1832.0] },
      Gini_A: { 1: [0.288416, 0.05114], 52: [0.24456, 0.04556], 156: [0.272909, 0.05073] },
      Gini_B: { 1: [0.286547, 0.05093], 52: [0.224779, 0.04195], 156: [0.248125, 0.04658] },
      PovertyRate_A: { 1: [0.00765, 0.01961], 52: [0.01805, 0.03029], 156: [0.0285, 0.03693] },
      PovertyRate_B: { 1: [0.0065, 0.01811], 52: [0.0113, 0.02319], 156: [0.0188, 0.03029] },
      Bottom20PctShare: { 1: [0.0874731, 0.01442], 52: [0.0896014, 0.02178], 156: [0.0776778, 0.02377] },
      Top10Percent_B: { 1: [2128.57, 443.1], 52: [8254.16, 818.9], 156: [21909.8, 2204.0] },
      Bottom10Percent_A: { 1: [585.005, 104.3], 52: [2425.7, 795.8], 156: [5282.99, 2269.0] },
      WealthDifference: { 1: [164.748, 18.66], 52: [8471.84, 973.8], 156: [25165.2, 2961.0] },
      AvgTokenValue_B: { 1: [0.998208, 0.09364], 52: [52.0173, 1.502], 156: [156.052, 4.264] },
    },
  },
];
