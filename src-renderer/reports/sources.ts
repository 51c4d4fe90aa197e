import type { OpOutput } from '../../src-shared/api';
import { count } from '../analytics/format';

type SourceRun = OpOutput<'reports.sources'>['runs'][number];

/** Runs with results to report: done, or cancelled after some member runs finished (a set cancelled before any has none). */
export function reportableRuns(runs: SourceRun[]): SourceRun[] {
  return runs.filter((r) => r.status === 'done' || (r.status === 'cancelled' && r.completedRuns > 0));
}

/**
 * The run picker's label: id, name, kind and model; a cancelled set says how many of its runs it kept, unless its name
 * already does (the default name of a cancelled set ends "· 1,184 of 2,000 runs (cancelled) · seed 42").
 */
export function runSourceLabel(r: SourceRun): string {
  const kept = r.status === 'cancelled' && !r.name.includes('(cancelled)') ? ` · cancelled: ${count(r.completedRuns)} of ${count(r.runs)} runs` : '';
  // The kind and model in words, as Analysis's run details write them ("single run · model reference"):
  // the picker read the stored ids, "(montecarlo, reference)".
  const kind = r.kind === 'montecarlo' ? 'Monte Carlo' : r.kind === 'single' ? 'single run' : r.kind;
  return `#${r.id} ${r.name} (${kind}, model ${r.model})${kept}`;
}
