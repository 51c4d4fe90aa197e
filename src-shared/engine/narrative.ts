// Key events and the narrative summary (spec/engine.md §3.4, §4 "Narrative rules").
// Fixes: comparisons start at week 0 (the true initial state); a previous value of 0 is not
// replaced by 1 (§7 item 15): nothing can "fall" from 0, and a fall to 0 does fire; the
// no-event fallback sentence is always used; the conclusion's missing space is fixed.

import { M } from './metrics';

export type KeyEventType = 'equality_improvement' | 'poverty_reduction';
export interface KeyEvent {
  week: number;
  type: KeyEventType;
  description: string;
}

export interface PhaseSummary {
  phase: number;
  period: string;
  type: 'Initial Phase' | 'Development Phase' | 'Maturity Phase';
  label: string;
  growth: number;
  characteristics: string;
  metrics: { avg_wealth: string; poverty_rate: string; gini: string };
}

export interface Narrative {
  title: string;
  overview: string;
  key_findings: {
    wealth_impact: { summary: string; details: string };
    equality_measures: { summary: string; gini: string; details: string };
    community_health: { poverty: string; resilience: string; details: string; sustainability: string };
  };
  phase_analysis: PhaseSummary[];
  key_events: string[];
  conclusion: string;
}

export const NO_EVENTS_SENTENCE = 'No significant key events detected.';

/**
 * `x` to `d` decimals rounded as the report's tables and the app round them (Intl, en-US, half away
 * from zero on the shortest decimal form): toFixed rounds the binary value, so a poverty rate of
 * 0.0115 read "1.1%" here and "1.2%" in the summary and year-end table beside it. Text only.
 */
const fixedFormats: Intl.NumberFormat[] = [];
function fixed(x: number, d: number): string {
  if (!Number.isFinite(x)) return x.toFixed(d);
  const f = (fixedFormats[d] ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }));
  // Intl writes a negative with the ASCII hyphen-minus, as toFixed did; "-0.0" stays as toFixed wrote it.
  return f.format(x);
}
const pct1 = (x: number) => `${fixed(x * 100, 1)}%`;
/** $1,234.56 (absolute value), without Intl (slow, and locale-dependent). */
export function money(x: number): string {
  const [int, frac] = Math.abs(x).toFixed(2).split('.');
  return `$${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}
const signed1 = (x: number) => `${x >= 0 ? '+' : ''}${fixed(x * 100, 1)}%`;

/**
 * Events from week 2 on, each week against the previous one, as upstream (§3.4: its history starts
 * after week 1, so the initial distribution is never compared). Week 1 against the initial state
 * would fire on almost every run: a week's income on a log-normal start narrows Gini and poverty.
 */
export function detectKeyEvents(giniB: Float64Array, povB: Float64Array, weeks: number): KeyEvent[] {
  const ev: KeyEvent[] = [];
  for (let w = 2; w <= weeks; w++) {
    const g0 = giniB[w - 1];
    const g = giniB[w];
    if (g0 > 0 && g < 0.95 * g0) {
      ev.push({ week: w, type: 'equality_improvement', description: `Significant reduction in wealth inequality (Gini B fell from ${g0.toFixed(3)} to ${g.toFixed(3)})` });
    }
    const p0 = povB[w - 1];
    const p = povB[w];
    if (p0 > 0 && p < 0.9 * p0) {
      const [a, b] = distinctPercents(p0, p);
      ev.push({ week: w, type: 'poverty_reduction', description: `Significant poverty reduction (poverty rate B fell from ${a} to ${b})` });
    }
  }
  return ev;
}

/**
 * Two rates as percentages with as many decimals (1 to 4) as it takes to tell them apart: one member
 * in 2,000 is 0.05 points, and "fell from 0.9% to 0.9%" read as no change.
 */
function distinctPercents(a: number, b: number): [string, string] {
  for (let d = 1; d < 4; d++) if (fixed(a * 100, d) !== fixed(b * 100, d)) return [`${fixed(a * 100, d)}%`, `${fixed(b * 100, d)}%`];
  return [`${fixed(a * 100, 4)}%`, `${fixed(b * 100, 4)}%`];
}

const rel = (a: number, b: number) => (a !== 0 && Number.isFinite(a) ? (b - a) / a : 0);

/** Change in community resilience that counts as a change; the finding and the conclusion share it. */
export const RESILIENCE_STEP = 0.05;

/**
 * "fell by 0.120 (−34.6%), from 0.347 to 0.227": an index (Gini) changes by an absolute amount in
 * its own units, with the relative change beside it; not "12.0%".
 */
function indexChange(from: number, to: number): string {
  const d = to - from;
  const range = `from ${from.toFixed(3)} to ${to.toFixed(3)}`;
  if (Math.abs(d).toFixed(3) === '0.000') return `was unchanged, ${range}`;
  const r = from > 0 ? ` (${d < 0 ? '−' : '+'}${(Math.abs(d / from) * 100).toFixed(1)}%)` : '';
  return `${d < 0 ? 'fell' : 'rose'} by ${Math.abs(d).toFixed(3)}${r}, ${range}`;
}

export function buildNarrative(cols: Float64Array[], weeks: number, events: KeyEvent[]): Narrative {
  const TB = cols[M.TotalWealth_B];
  const TA = cols[M.TotalWealth_A];
  const GB = cols[M.Gini_B];
  const GA = cols[M.Gini_A];
  const PB = cols[M.PovertyRate_B];
  const CR = cols[M.CommunityResilience];
  const AB = cols[M.AvgWealth_B];
  const L = weeks;
  const wealthChange = rel(TB[0], TB[L]);
  const dGini = GB[L] - GB[0];
  const dPov = PB[L] - PB[0];
  const dRes = CR[L] - CR[0];

  const phases: PhaseSummary[] = [];
  if (weeks >= 9) {
    const len = Math.floor(weeks / 3);
    const bounds: [number, number][] = [[0, len], [len, 2 * len], [2 * len, weeks]];
    let g1 = 0;
    bounds.forEach(([a, b], k) => {
      const g = rel(TB[a], TB[b]);
      let label: string;
      if (k === 0) {
        label = Math.abs(g) < 0.05 ? 'Adaptation' : g > 0.1 ? 'Rapid Growth' : 'Steady Growth';
        g1 = g;
      } else if (k === 1) label = g < g1 ? 'Consolidation' : g > g1 ? 'Acceleration' : 'Stabilization';
      else label = Math.abs(g) < 0.03 ? 'Maturity' : g > 0 ? 'Continued Growth' : 'Contraction';
      phases.push({
        phase: k + 1,
        period: `Weeks ${a + 1}-${b}`,
        type: (['Initial Phase', 'Development Phase', 'Maturity Phase'] as const)[k],
        label,
        growth: g,
        characteristics: `${label} (Wealth Change: ${signed1(g)})`,
        metrics: { avg_wealth: `$${AB[b].toFixed(2)}`, poverty_rate: pct1(PB[b]), gini: GB[b].toFixed(3) },
      });
    });
  }

  const success = wealthChange > 0.1 && dPov < 0 ? 'successful' : wealthChange >= 0 && dPov <= 0 ? 'moderately successful' : 'challenging';
  const equity = dGini < -0.02 ? 'more equitable' : dGini < 0 ? 'slightly more equitable' : dGini > 0.02 ? 'less equitable' : 'equity neutral';
  const resDir = dRes > RESILIENCE_STEP ? 1 : dRes < -RESILIENCE_STEP ? -1 : 0;
  const resil = resDir > 0 ? 'more resilient' : resDir < 0 ? 'less resilient' : 'resilience neutral';
  const diff = TB[L] - TA[L];
  const diffSentence = diff >= 0
    ? `Crucially, Scenario B ended with ${money(diff)} more total wealth than Scenario A (Existing System). `
    : `However, Scenario B ended with ${money(diff)} less total wealth than Scenario A (Existing System). `;
  const gg = GB[L] - GA[L];
  const giniSentence = gg < -0.01
    ? `Scenario B also ended with a lower Gini coefficient (${GB[L].toFixed(3)} vs ${GA[L].toFixed(3)}), indicating a more equal distribution. `
    : gg > 0.01
      ? `Scenario B ended with a higher Gini coefficient (${GB[L].toFixed(3)} vs ${GA[L].toFixed(3)}), indicating a less equal distribution. `
      : `Both scenarios ended with a similar Gini coefficient (${GB[L].toFixed(3)} vs ${GA[L].toFixed(3)}). `;
  const conclusion =
    // "from week 0 to week L": these three compare B with its own start; the next two sentences compare B with A
    // (a reader took "equity neutral" and "a lower Gini than A" for a contradiction).
    `Overall, from week 0 to week ${L}, the cooperative model (Scenario B) was ${success}, ${equity} and ${resil}. ` +
    diffSentence + giniSentence +
    'These outcomes follow from the model\'s simplified rules (members do not trade with each other and tokens have a fixed price), so read them as a comparison of mechanisms, not a forecast.';

  return {
    title: 'Economic System Evolution Analysis',
    overview: `Over ${weeks} weeks, the community's economic system under Scenario B (Cooperative) showed notable changes compared to Scenario A (Existing).`,
    key_findings: {
      wealth_impact: {
        summary: `Total wealth in Scenario B ${wealthChange >= 0 ? 'grew' : 'declined'} by ${pct1(Math.abs(wealthChange))} from the initial state.`,
        details: `Final total wealth: Scenario B ${money(TB[L])}, Scenario A ${money(TA[L])}.`,
      },
      equality_measures: {
        summary: dGini > 0 ? 'Wealth distribution became more unequal.' : 'Wealth inequality decreased or held steady.',
        gini: `Gini B ${indexChange(GB[0], GB[L])}.`,
        details: `Final Gini: Scenario B ${GB[L].toFixed(3)}, Scenario A ${GA[L].toFixed(3)}.`,
      },
      community_health: {
        poverty: `Poverty rate in Scenario B ${dPov < 0 ? 'decreased' : 'increased or stayed same'} (${pct1(PB[0])} → ${pct1(PB[L])}).`,
        resilience: `Community resilience shows ${resDir > 0 ? 'improvement' : resDir < 0 ? 'challenges' : 'little change'} (${CR[0].toFixed(3)} → ${CR[L].toFixed(3)}).`,
        details: `Final poverty rate: Scenario B ${pct1(PB[L])}, Scenario A ${pct1(cols[M.PovertyRate_A][L])}.`,
        sustainability: `Sustainability score ${cols[M.SustainabilityScore][L].toFixed(3)} (equals 1 − poverty rate B).`,
      },
    },
    phase_analysis: phases,
    key_events: events.length ? events.map((e) => `Week ${e.week}: ${e.description}`) : [NO_EVENTS_SENTENCE],
    conclusion,
  };
}
