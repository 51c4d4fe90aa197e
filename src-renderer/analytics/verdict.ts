import type { RunDoc } from '../../src-shared/sim/runDoc';
import { count, fixed, isNum, money, pct } from './format';

/** A metric's final-week mean (over runs for Monte Carlo), or null. */
export const fin = (doc: RunDoc, m: string) => doc.final[m]?.mean ?? null;
const first = (doc: RunDoc, m: string) => doc.weekly[m]?.[0] ?? null;
const growth = (doc: RunDoc, m: string) => {
  const a = first(doc, m), b = fin(doc, m);
  return isNum(a) && isNum(b) && a !== 0 ? (b - a) / Math.abs(a) : null;
};

/**
 * The overall result: how many of four final metrics favour B. It counts wins, it is not a
 * statistical test, so it never says "significantly": a single seeded run says "in this run", a
 * Monte Carlo run "on the mean of N runs" (the run document keeps each model's p5–p95 band, not the
 * band of the per-run difference B − A, so no significance can be claimed from it).
 */
export function verdictOf(doc: RunDoc) {
  const items = [
    { key: 'AvgWealth', label: 'Average wealth', a: fin(doc, 'AvgWealth_A'), b: fin(doc, 'AvgWealth_B'), better: 'higher' as const, f: (x: number) => money(x) },
    { key: 'Growth', label: 'Wealth growth', a: growth(doc, 'AvgWealth_A'), b: growth(doc, 'AvgWealth_B'), better: 'higher' as const, f: (x: number) => pct(x) },
    { key: 'Gini', label: 'Gini', a: fin(doc, 'Gini_A'), b: fin(doc, 'Gini_B'), better: 'lower' as const, f: (x: number) => fixed(x) },
    { key: 'Poverty', label: 'Poverty rate', a: fin(doc, 'PovertyRate_A'), b: fin(doc, 'PovertyRate_B'), better: 'lower' as const, f: (x: number) => pct(x) },
  ];
  const wins = items.filter((i) => isNum(i.a) && isNum(i.b) && (i.better === 'higher' ? i.b > i.a : i.b < i.a)).length;
  const share = wins / items.length;
  const scope = doc.kind === 'montecarlo' ? `on the mean of ${count(doc.completedRuns)} runs` : 'in this run';
  const text =
    share >= 0.75 ? `The cooperative model (B) outperforms the traditional model (A) ${scope}.`
    : share >= 0.5 ? `The cooperative model (B) moderately outperforms the traditional model (A) ${scope}.`
    : share >= 0.25 ? `The traditional model (A) slightly outperforms the cooperative model (B) ${scope}.`
    : `The traditional model (A) outperforms the cooperative model (B) ${scope}.`;
  return { items, wins, text };
}
