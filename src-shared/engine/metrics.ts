// Metric names (spec/engine.md §4) and the order statistics behind them.
//
// Column layout: one Float64Array of length weeks+1 per metric, index = week (0 = initial state).
// NaN means "not defined" (a trend at week 0, a wealth gap whose bottom 20% hold nothing, flow
// metrics before any week has elapsed); it is written as null in JSON (see toJsonSafe).
//
// Fixes against upstream (§7):
// - Year/Quarter from the 1-based week: week 52 is Year 1 Q4, week 53 Year 2 Q1; week 0 (the
//   initial state, now recorded) is Year 1 Q1.
// - WealthGap is NaN (JSON null) instead of +∞ when n < 5 or the bottom 20% hold ≤ $1e-6.
// - WealthMobility, WealthMobilityScore, EconomicVelocity, MarketEfficiency, InnovationAdoption and
//   EconomicDiversity use the P2 (Flask) formulas: the P1 ones were random placeholders, constants
//   or duplicates. P1's "WealthMobility" (mean token dollars) is kept, honestly named, as
//   AvgTokenValue_B. No metric draws random numbers.
// - RiskResilience clamps its stability term to [0, 1], so it stays in [0, 1] when CV > 1.
// - Duplicates kept for compatibility and documented: CommunityResilience = SustainabilityScore =
//   SocialSafetyNet = 1 − PovertyRate_B; CommunityEngagement = LocalEconomyStrength (mean p).
// - WealthQuintiles_X are four threshold columns _P20/_P40/_P60/_P80; Top10Percent_X and
//   Bottom10Percent_X are the p90 / p10 thresholds (values, not shares), as upstream.
// - Added: WealthDifference = TotalWealth_B − TotalWealth_A (the "D" of §5.5/§5.6).

export const TREND_BASES = [
  'AvgWealth_B',
  'Gini_B',
  'PovertyRate_B',
  'LocalEconomyStrength',
  'CommunityResilience',
  'EconomicVelocity',
  'SocialSafetyNet',
  'InnovationIndex',
  'SustainabilityScore',
  'CommunityEngagement',
] as const;

export const METRIC_NAMES = [
  'Week',
  'Year',
  'Quarter',
  'AvgWealth_A',
  'AvgWealth_B',
  'MedianWealth_A',
  'MedianWealth_B',
  'TotalWealth_A',
  'TotalWealth_B',
  'WealthQuintiles_A_P20',
  'WealthQuintiles_A_P40',
  'WealthQuintiles_A_P60',
  'WealthQuintiles_A_P80',
  'WealthQuintiles_B_P20',
  'WealthQuintiles_B_P40',
  'WealthQuintiles_B_P60',
  'WealthQuintiles_B_P80',
  'Top10Percent_A',
  'Top10Percent_B',
  'Bottom10Percent_A',
  'Bottom10Percent_B',
  'Gini_A',
  'Gini_B',
  'WealthGap_A',
  'WealthGap_B',
  'Bottom20PctShare',
  'PovertyRate_A',
  'PovertyRate_B',
  'WealthMobility',
  'LocalEconomyStrength',
  'CommunityResilience',
  'EconomicVelocity',
  'SocialSafetyNet',
  'InnovationIndex',
  'SustainabilityScore',
  'CommunityEngagement',
  'MarketEfficiency',
  'InnovationAdoption',
  'WealthMobilityScore',
  'EconomicDiversity',
  'RiskResilience',
  'AvgTokenValue_B',
  'WealthDifference',
  'AvgWealth_B_Trend',
  'Gini_B_Trend',
  'PovertyRate_B_Trend',
  'LocalEconomyStrength_Trend',
  'CommunityResilience_Trend',
  'EconomicVelocity_Trend',
  'SocialSafetyNet_Trend',
  'InnovationIndex_Trend',
  'SustainabilityScore_Trend',
  'CommunityEngagement_Trend',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

/** Column index of every metric: M.Gini_B etc. */
export const M = Object.freeze(Object.fromEntries(METRIC_NAMES.map((n, i) => [n, i]))) as { readonly [K in MetricName]: number };

export const METRIC_DESCRIPTIONS: Record<MetricName, string> = {
  Week: 'week number; 0 is the initial state, w is the state at the end of week w',
  Year: 'year of the 1-based week: ⌊(w−1)/52⌋+1 (week 0 → 1)',
  Quarter: 'quarter of the 1-based week: ⌊((w−1) mod 52)/13⌋+1 (week 0 → 1)',
  AvgWealth_A: 'mean wealth in scenario A ($)',
  AvgWealth_B: 'mean wealth in scenario B: USD + tokens × price ($)',
  MedianWealth_A: 'median wealth A ($)',
  MedianWealth_B: 'median wealth B ($)',
  TotalWealth_A: 'sum of wealth A ($)',
  TotalWealth_B: 'sum of wealth B ($)',
  WealthQuintiles_A_P20: '20th percentile threshold of wealth A',
  WealthQuintiles_A_P40: '40th percentile threshold of wealth A',
  WealthQuintiles_A_P60: '60th percentile threshold of wealth A',
  WealthQuintiles_A_P80: '80th percentile threshold of wealth A',
  WealthQuintiles_B_P20: '20th percentile threshold of wealth B',
  WealthQuintiles_B_P40: '40th percentile threshold of wealth B',
  WealthQuintiles_B_P60: '60th percentile threshold of wealth B',
  WealthQuintiles_B_P80: '80th percentile threshold of wealth B',
  Top10Percent_A: 'p90 threshold of wealth A (a value, not a share)',
  Top10Percent_B: 'p90 threshold of wealth B (a value, not a share)',
  Bottom10Percent_A: 'p10 threshold of wealth A',
  Bottom10Percent_B: 'p10 threshold of wealth B',
  Gini_A: 'Gini coefficient of wealth A (negatives clamped to 0); at most (n−1)/n',
  Gini_B: 'Gini coefficient of wealth B',
  WealthGap_A: 'mean of top 20% / mean of bottom 20% of wealth A; no value with fewer than 5 members or when the bottom 20% hold (almost) nothing',
  WealthGap_B: 'mean of top 20% / mean of bottom 20% of wealth B; no value with fewer than 5 members or when the bottom 20% hold (almost) nothing',
  Bottom20PctShare: 'share of total wealth B held by the poorest 20% (⌊0.2n⌋ members)',
  PovertyRate_A: 'share of members with wealth A below 4 × WEEKLY_FOOD_BUDGET_AVG',
  PovertyRate_B: 'share of members with wealth B below 4 × WEEKLY_FOOD_BUDGET_AVG',
  WealthMobility: 'mean |percentile rank of wealth B now − percentile rank of initial wealth| (average ties)',
  LocalEconomyStrength: 'mean propensity to spend internally (constant over a run)',
  CommunityResilience: '1 − PovertyRate_B: the same value as SocialSafetyNet (the original model defines both alike; both names are kept so exports keep its columns)',
  EconomicVelocity: 'B spending this week (food + fee) / total wealth B; null at week 0',
  SocialSafetyNet: '1 − PovertyRate_B',
  InnovationIndex: '(share of members holding tokens + mean propensity) / 2',
  SustainabilityScore: '1 − PovertyRate_B: the same value as SocialSafetyNet (a second name the original model exports)',
  CommunityEngagement: 'mean propensity to spend internally: the same value as LocalEconomyStrength (a second name the original model exports)',
  MarketEfficiency: 'realised internal spend / planned internal cost this week, clamped to [0,1]; null at week 0',
  InnovationAdoption: 'token value / total wealth B',
  WealthMobilityScore: 'mean of the positive percentile-rank changes since the start (0 if none)',
  EconomicDiversity: '2·(1 − s_int² − s_ext²) of this week\'s realised B spending, clamped to [0,1]; null at week 0',
  RiskResilience: '(SocialSafetyNet + clamp(1 − sd_B/mean_B, 0, 1)) / 2',
  AvgTokenValue_B: 'mean token holding × token price ($) (the original model\'s first version named this WealthMobility)',
  WealthDifference: 'TotalWealth_B − TotalWealth_A ($)',
  AvgWealth_B_Trend: 'relative change of AvgWealth_B from the previous week (±1/0 if previous ≈ 0); null at week 0',
  Gini_B_Trend: 'relative weekly change of Gini_B',
  PovertyRate_B_Trend: 'relative weekly change of PovertyRate_B',
  LocalEconomyStrength_Trend: 'relative weekly change of LocalEconomyStrength',
  CommunityResilience_Trend: 'relative weekly change of CommunityResilience',
  EconomicVelocity_Trend: 'relative weekly change of EconomicVelocity',
  SocialSafetyNet_Trend: 'relative weekly change of SocialSafetyNet',
  InnovationIndex_Trend: 'relative weekly change of InnovationIndex',
  SustainabilityScore_Trend: 'relative weekly change of SustainabilityScore',
  CommunityEngagement_Trend: 'relative weekly change of CommunityEngagement',
};

// ---- order statistics on an ascending, non-negative array ------------------------------------

/** numpy-default percentile: linear interpolation at (n−1)·p/100. 0 for an empty array. */
export function percentileSorted(s: ArrayLike<number>, n: number, p: number): number {
  if (n === 0) return 0;
  const pos = ((n - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = lo + 1 < n ? lo + 1 : lo;
  const f = pos - lo;
  return s[lo] + (s[hi] - s[lo]) * f;
}

/** Index of the first element ≥ x (binary search). */
export function lowerBound(s: ArrayLike<number>, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface SortedStats {
  total: number;
  gini: number;
  gap: number;
  bottom20Share: number;
}

/** Σ s[k] and Σ (2k+1−n)·s[k] over k in [from, to). */
class RangeSums {
  sum = 0;
  weighted = 0;
}
const RANGE = new RangeSums();

/**
 * Sums by even and odd k into separate accumulators: two add chains run in parallel (one chain's
 * latency bounded the loop). The order of the additions depends only on the sorted values, so
 * every sort strategy still gives the same bits. The weight 2k+1−n is carried as an int32 with
 * `| 0` (|weight| ≤ 2n): V8 then drops the overflow checks of recomputing it (1.42 → 1.01 ns
 * an element in isolation).
 */
function rangeSums(s: ArrayLike<number>, from: number, to: number, n: number, out: RangeSums): RangeSums {
  let sum0 = 0;
  let sum1 = 0;
  let w0 = 0;
  let w1 = 0;
  let k = from | 0;
  const end = (to - 1) | 0;
  let c = (2 * from + 1 - n) | 0; // the weight of s[k]
  for (; k < end; k = (k + 2) | 0) {
    const a = s[k];
    const b = s[k + 1];
    sum0 += a;
    sum1 += b;
    w0 += c * a;
    w1 += ((c + 2) | 0) * b;
    c = (c + 4) | 0;
  }
  if (k < to) {
    const a = s[k];
    sum0 += a;
    w0 += c * a;
  }
  out.sum = sum0 + sum1;
  out.weighted = w0 + w1;
  return out;
}

/**
 * One pass over a sorted non-negative array, in three index ranges (bottom 20%, middle, top 20%):
 * total, Gini Σ(2i−n−1)wᵢ/(nΣw) (i 1-based), top-20%/bottom-20% mean ratio and the bottom-20% share.
 */
export function sortedStats(s: ArrayLike<number>, n: number, out: SortedStats): SortedStats {
  const b20 = Math.floor(0.2 * n);
  const t80 = Math.floor(0.8 * n);
  const r = RANGE;
  rangeSums(s, 0, b20, n, r);
  const bottom = r.sum;
  let weighted = r.weighted;
  rangeSums(s, b20, t80, n, r);
  const middle = r.sum;
  weighted += r.weighted;
  rangeSums(s, t80, n, n, r);
  const top = r.sum;
  weighted += r.weighted;
  const total = bottom + middle + top;
  out.total = total;
  // Equal values can leave a rounding residue of either sign in `weighted`: Gini is ≥ 0 by definition.
  out.gini = n === 0 || total <= 0 || !(weighted > 0) ? 0 : weighted / (n * total);
  const bottomMean = b20 > 0 ? bottom / b20 : 0;
  // Not `cond ? NaN : x`: V8 boxed that in a fresh heap number on every call (measured).
  let gap = NaN;
  if (!(n < 5 || bottomMean <= 1e-6)) gap = top / (n - t80) / bottomMean;
  out.gap = gap;
  out.bottom20Share = n < 5 || total <= 1e-6 ? 0 : bottom / total;
  return out;
}

function clampedSorted(values: ArrayLike<number>): Float64Array {
  const a = new Float64Array(values.length);
  for (let i = 0; i < a.length; i++) a[i] = values[i] > 0 ? values[i] : 0;
  return a.sort();
}

/** Gini of any list: negatives clamped to 0; 0 when empty or all zero. */
export function giniCoefficient(values: ArrayLike<number>): number {
  const s = clampedSorted(values);
  return sortedStats(s, s.length, { total: 0, gini: 0, gap: 0, bottom20Share: 0 }).gini;
}

/** Top-20% mean / bottom-20% mean; NaN (not defined) when n < 5 or the bottom holds ≤ 1e-6. */
export function wealthGap(values: ArrayLike<number>): number {
  const s = clampedSorted(values);
  return sortedStats(s, s.length, { total: 0, gini: 0, gap: 0, bottom20Share: 0 }).gap;
}

/** Share of the total held by the lowest ⌊0.2n⌋ values; 0 when n < 5 or the total ≤ 1e-6. */
export function bottom20Share(values: ArrayLike<number>): number {
  const s = clampedSorted(values);
  return sortedStats(s, s.length, { total: 0, gini: 0, gap: 0, bottom20Share: 0 }).bottom20Share;
}

/** Share of values strictly below 4 × weeklyFoodBudgetAvg (0 when empty). */
export function povertyRate(values: ArrayLike<number>, weeklyFoodBudgetAvg: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const line = 4 * weeklyFoodBudgetAvg;
  let c = 0;
  for (let i = 0; i < n; i++) if (values[i] < line) c++;
  return c / n;
}

/** Percentile of an unsorted list (numpy default linear interpolation). */
export function percentile(values: ArrayLike<number>, p: number): number {
  const s = Float64Array.from(values as ArrayLike<number>).sort();
  return percentileSorted(s, s.length, p);
}

/** Upstream trend rule: relative change, or ±1/0 by sign when the previous value is ≈ 0. */
export function trend(cur: number, prev: number): number {
  if (Number.isNaN(cur) || Number.isNaN(prev)) return NaN;
  if (Math.abs(prev) > 1e-6) return (cur - prev) / Math.abs(prev);
  const d = cur - prev;
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/** Year and quarter of a week number (0 = initial state, counted in year 1 quarter 1). */
export function yearOf(week: number): number {
  return week <= 0 ? 1 : Math.floor((week - 1) / 52) + 1;
}
export function quarterOf(week: number): number {
  return week <= 0 ? 1 : Math.floor(((week - 1) % 52) / 13) + 1;
}

/** Replaces non-finite numbers with null, recursively (typed arrays become plain arrays). */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  }
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonSafe(v);
    return out;
  }
  return value;
}
