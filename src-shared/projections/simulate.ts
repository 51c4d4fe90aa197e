import type { ProjectionModel, ProjectionModelInput, SimulationSettings, SimulationSettingsInput } from './schema';
import { parseModel, parseSettings } from './schema';

/**
 * The deterministic business-revenue simulation (projections spec §1.4). Pure and fresh per run:
 * no shared coordinator state leaks between models (upstream bug #3).
 */

export interface TokenMetrics {
  /** Token holders = active participants × tokenDistributionRate. */
  tokenHolders: number;
  activeParticipants: number;
  /** Tokens distributed over the run. */
  totalDistributed: number;
  /** USD value of the distributed tokens at settings.tokenUsdValue. */
  totalValue: number;
  /** Tokens staked (stakingParticipation of each week's distribution). */
  totalStaked: number;
  /** Simple interest earned by staked tokens, USD. */
  stakingRewardsValue: number;
  /** Member savings from group buying: Σ revenue × groupBuyingSavings, USD. */
  groupBuyingSavingsValue: number;
  /** totalValue + stakingRewardsValue + groupBuyingSavingsValue. */
  memberBenefit: number;
  /** Token value outstanding as a share of net profit (how much of the profit backs the tokens). */
  tokenLiabilityRatio: number | null;
}

export interface SimulationResults {
  modelName: string;
  totalWeeks: number;
  /** Cumulative revenue over all weeks (upstream name; NOT a year-5 figure). */
  finalRevenue: number;
  totalCosts: number;
  netProfit: number;
  /** Percent. */
  actualROI: number;
  /** 1-based week, or null when cumulative profit never reaches 0. */
  breakEvenWeek: number | null;
  /** Revenue of weeks 209–260 (the like-for-like "year 5"), or of the last 52 weeks of the run. */
  year5Revenue: number;
  tokenMetrics: TokenMetrics;
  weeklyRevenue: number[];
  weeklyProfit: number[];
  cumulativeRevenue: number[];
  cumulativeProfit: number[];
}

/** Week-1 revenue: revenue per participant × population × participation. */
export function baseWeeklyRevenue(m: Pick<ProjectionModel, 'weeklyRevenuePerParticipant' | 'populationSize' | 'participationRate'>): number {
  return m.weeklyRevenuePerParticipant * m.populationSize * m.participationRate;
}

export function runSimulation(
  modelInput: ProjectionModelInput,
  settingsInput: SimulationSettingsInput = {},
): SimulationResults {
  const model = parseModel(modelInput);
  const settings = parseSettings(settingsInput);
  return simulateParsed(model, settings);
}

/** Inner loop without validation (Monte Carlo calls this thousands of times). */
export function simulateParsed(model: ProjectionModel, settings: SimulationSettings): SimulationResults {
  const weeks = settings.weeks;
  const base = baseWeeklyRevenue(model);
  const weeklyCost = model.initialInvestment * settings.weeklyCostRate;
  const g = 1 + model.growthRatePerWeek;

  const weeklyRevenue = new Array<number>(weeks);
  const weeklyProfit = new Array<number>(weeks);
  const cumulativeRevenue = new Array<number>(weeks);
  const cumulativeProfit = new Array<number>(weeks);

  let cumRev = 0;
  let totalCosts = model.initialInvestment;
  let breakEvenWeek: number | null = null;
  for (let w = 1; w <= weeks; w++) {
    const revenue = base * Math.pow(g, w - 1);
    cumRev += revenue;
    totalCosts += weeklyCost;
    weeklyRevenue[w - 1] = revenue;
    weeklyProfit[w - 1] = revenue - weeklyCost;
    cumulativeRevenue[w - 1] = cumRev;
    const cumProfit = cumRev - totalCosts;
    cumulativeProfit[w - 1] = cumProfit;
    if (breakEvenWeek === null && cumProfit >= 0) breakEvenWeek = w;
  }
  const netProfit = cumRev - totalCosts;
  const y5Start = Math.max(0, weeks - 52);
  let year5Revenue = 0;
  for (let i = y5Start; i < weeks; i++) year5Revenue += weeklyRevenue[i];

  return {
    modelName: model.name,
    totalWeeks: weeks,
    finalRevenue: cumRev,
    totalCosts,
    netProfit,
    actualROI: (netProfit / model.initialInvestment) * 100,
    breakEvenWeek,
    year5Revenue,
    tokenMetrics: tokenMetrics(model, settings, cumRev, netProfit),
    weeklyRevenue,
    weeklyProfit,
    cumulativeRevenue,
    cumulativeProfit,
  };
}

/**
 * Token economy ledger driven by the model's token fields (upstream computed these from a
 * hard-coded coordinator and never read tokenDistributionRate / groupBuyingSavings /
 * stakingParticipation). Participation is constant in this model, so the weekly distribution is
 * constant: holders × reward per week. It is a side ledger: it does not change revenue or profit.
 */
function tokenMetrics(model: ProjectionModel, s: SimulationSettings, cumRevenue: number, netProfit: number): TokenMetrics {
  const activeParticipants = Math.round(model.populationSize * model.participationRate);
  const tokenHolders = activeParticipants * (model.tokenDistributionRate ?? 0);
  const weeklyTokens = tokenHolders * s.tokenRewardPerWeek;
  const totalDistributed = weeklyTokens * s.weeks;
  const totalValue = totalDistributed * s.tokenUsdValue;
  const staking = model.stakingParticipation ?? 0;
  const totalStaked = totalDistributed * staking;
  // Tokens staked in week w earn (weeks − w) weeks of simple interest: Σ_{w=1..W} (W − w) = W(W−1)/2.
  const weeklyRate = s.stakingAnnualRate / 52;
  const stakingRewardsValue = weeklyTokens * staking * weeklyRate * ((s.weeks * (s.weeks - 1)) / 2) * s.tokenUsdValue;
  const groupBuyingSavingsValue = cumRevenue * (model.groupBuyingSavings ?? 0);
  return {
    tokenHolders,
    activeParticipants,
    totalDistributed,
    totalValue,
    totalStaked,
    stakingRewardsValue,
    groupBuyingSavingsValue,
    memberBenefit: totalValue + stakingRewardsValue + groupBuyingSavingsValue,
    tokenLiabilityRatio: netProfit > 0 ? (totalValue + stakingRewardsValue) / netProfit : null,
  };
}
