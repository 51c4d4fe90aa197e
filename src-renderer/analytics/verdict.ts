import type { RunDoc } from '../../src-shared/sim/runDoc';
import { count, diffFormatter, diffTone, fixed, isNum, money, pct, plural, signed } from './format';

/** A metric's final-week mean (over runs for Monte Carlo), or null. */
export const fin = (doc: RunDoc, m: string) => doc.final[m]?.mean ?? null;
const first = (doc: RunDoc, m: string) => doc.weekly[m]?.[0] ?? null;
const growth = (doc: RunDoc, m: string) => {
  const a = first(doc, m), b = fin(doc, m);
  return isNum(a) && isNum(b) && a !== 0 ? (b - a) / Math.abs(a) : null;
};

/**
 * The overall result: how many of four final metrics favour B, and how many A. It counts wins, it
 * is not a statistical test, so it never says "significantly": a single seeded run says "in this
 * run", a Monte Carlo run "on the mean of N runs" (the run document keeps each model's p5–p95 band,
 * not the band of the per-run difference B − A, so no significance can be claimed from it).
 *
 * A metric counts for a model only when its card shows a difference in that model's favour (the
 * card's own rounding: "$0", "0.000", "0.0 pts" read "no difference"). The wording follows the
 * share of B's wins among the metrics that differ; when none differ, neither model is said to
 * outperform the other (counting a tie as a loss for B called identical models "A outperforms B").
 */
export function verdictOf(doc: RunDoc) {
  const raw = [
    { key: 'AvgWealth', label: 'Average wealth', a: fin(doc, 'AvgWealth_A'), b: fin(doc, 'AvgWealth_B'), better: 'higher' as const, f: (x: number) => money(x) },
    { key: 'Growth', label: 'Wealth growth', a: growth(doc, 'AvgWealth_A'), b: growth(doc, 'AvgWealth_B'), better: 'higher' as const, f: (x: number) => pct(x) },
    { key: 'Gini', label: 'Gini', a: fin(doc, 'Gini_A'), b: fin(doc, 'Gini_B'), better: 'lower' as const, f: (x: number) => fixed(x) },
    { key: 'Poverty', label: 'Poverty rate', a: fin(doc, 'PovertyRate_A'), b: fin(doc, 'PovertyRate_B'), better: 'lower' as const, f: (x: number) => pct(x) },
  ];
  const items = raw.map((i) => {
    const d = isNum(i.a) && isNum(i.b) ? i.b - i.a : null;
    // Rates differ by percentage points, not percent; a Gini difference gets a decimal more when rounding would contradict it.
    const shown = signed(d, diffFormatter(i.key === 'Gini' ? 'fixed' : i.key === 'Growth' || i.key === 'Poverty' ? 'points' : undefined, i.a as number, i.b as number, i.f));
    return { ...i, d, shown, tone: diffTone(d, shown, i.better) };
  });
  const wins = items.filter((i) => i.tone === 'good').length;
  const losses = items.filter((i) => i.tone === 'bad').length;
  const level = items.length - wins - losses;
  const scope = doc.kind === 'montecarlo' ? `on the mean of ${count(doc.completedRuns)} runs` : 'in this run';
  const share = wins + losses > 0 ? wins / (wins + losses) : null;
  const text =
    share === null ? `Neither model outperforms the other ${scope}: none of the ${items.length} metrics differs.`
    : share >= 0.75 ? `The cooperative model (B) outperforms the traditional model (A) ${scope}.`
    : share >= 0.5 ? `The cooperative model (B) moderately outperforms the traditional model (A) ${scope}.`
    : share >= 0.25 ? `The traditional model (A) slightly outperforms the cooperative model (B) ${scope}.`
    : `The traditional model (A) outperforms the cooperative model (B) ${scope}.`;
  const tally = `B is better on ${wins} of ${items.length} metrics${level > 0 && share !== null ? `; ${plural(level, 'shows', 'show')} no difference` : ''}.`;
  return { items, wins, losses, level, text, tally };
}
