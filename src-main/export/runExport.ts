/**
 * The export bundle of a stored run (single or Monte Carlo set): what `dox push --run`, the DoX
 * view and other exports send. Every file is derived from the stored RunDoc (real results).
 *   run-<id>-weekly-history.csv  every metric per week (MC: means + p5/p95 of the key metrics) — primary
 *   run-<id>-members.csv         the member sample (final state)
 *   run-<id>-comparison.csv      final A vs B side by side
 *   run-<id>.json                params, seeds and stream rule, final metrics, app version
 *   run-<id>-report.md           the Markdown run report
 */
import { toJsonSafe } from '../../src-shared/engine';
import { toCsv, type CsvValue } from '../../src-shared/finance/csv';
import { renderMarkdown } from '../../src-shared/report/markdown';
import { parseReport } from '../../src-shared/report/model';
import type { RunDetailDoc, RunDoc } from '../../src-shared/sim/runDoc';
import { buildRunReport } from '../../src-shared/sim/runReport';
import type { AppContext } from '../context';
import type { BundleFormat, ExportFile } from '../dox/bundle';

const BAND_METRICS = ['AvgWealth_A', 'AvgWealth_B', 'Gini_A', 'Gini_B', 'PovertyRate_A', 'PovertyRate_B', 'TotalWealth_A', 'TotalWealth_B'];
const AB_PAIRS = ['AvgWealth', 'MedianWealth', 'TotalWealth', 'Gini', 'PovertyRate', 'WealthGap', 'Top10Percent', 'Bottom10Percent'];

export class ExportError extends Error {
  constructor(
    message: string,
    readonly code: 'not_found' | 'not_ready',
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

export function weeklyHistoryCsv(doc: RunDoc): string {
  const bandCols = doc.bands ? BAND_METRICS.filter((m) => doc.bands![m]).flatMap((m) => [`${m}_p5`, `${m}_p95`]) : [];
  const header = [...doc.metricNames, ...bandCols];
  const rows: CsvValue[][] = [header];
  for (let w = 0; w <= doc.weeks; w++) {
    const row: CsvValue[] = doc.metricNames.map((m) => doc.weekly[m]?.[w] ?? null);
    for (const c of bandCols) {
      const [m, q] = [c.slice(0, c.lastIndexOf('_')), c.slice(c.lastIndexOf('_') + 1) as 'p5' | 'p95'];
      row.push(doc.bands![m][q][w]);
    }
    rows.push(row);
  }
  return toCsv(rows);
}

export function membersCsv(detail: RunDetailDoc): string {
  const cols = ['id', 'wealthA', 'wealthB', 'foodUsdB', 'tokens', 'income', 'budget', 'propensity'] as const;
  return toCsv([[...cols], ...detail.members.map((m) => cols.map((c) => m[c]))]);
}

export function comparisonCsv(doc: RunDoc): string {
  const rows: CsvValue[][] = [['metric', 'scenario_A', 'scenario_B', 'B_minus_A', ...(doc.runs > 1 ? ['A_p5', 'A_p95', 'B_p5', 'B_p95'] : [])]];
  for (const base of AB_PAIRS) {
    const a = doc.final[`${base}_A`];
    const b = doc.final[`${base}_B`];
    if (!a || !b) continue;
    const diff = a.mean !== null && b.mean !== null ? b.mean - a.mean : null;
    rows.push([base, a.mean, b.mean, diff, ...(doc.runs > 1 ? [a.p5, a.p95, b.p5, b.p95] : [])]);
  }
  return toCsv(rows);
}

export function runJson(app: Pick<AppContext, 'version'>, run: { id: number; name: string; kind: string; createdAt: string; tags: string[] }, doc: RunDoc): string {
  return (
    JSON.stringify(
      toJsonSafe({
        appVersion: app.version,
        run: { id: run.id, name: run.name, kind: run.kind, tags: run.tags, createdAt: run.createdAt, model: doc.model, members: doc.members, weeks: doc.weeks },
        params: doc.params,
        seeds: { seed: doc.seed, runs: doc.runs, completedRuns: doc.completedRuns, streams: 'run r uses the PRNG stream derived from (seed, r); recompute with: workbench recompute <id> <r>' },
        metrics: doc.final,
      }),
      null,
      2,
    ) + '\n'
  );
}

export function runMarkdown(app: Pick<AppContext, 'version'>, run: { id: number; name: string; createdAt: string }, doc: RunDoc): string {
  return renderMarkdown(parseReport(buildRunReport({ id: run.id, name: run.name, createdAt: run.createdAt }, doc, app.version)));
}

/** The export files of run `idOrLatest`, limited to `formats`. */
export function loadRunExport(app: AppContext, idOrLatest: number | 'latest', formats: readonly BundleFormat[] = ['csv', 'json', 'md']): { id: string; files: ExportFile[] } {
  const run = app.runs.get(idOrLatest);
  const doc = run.result as RunDoc | null;
  if (!doc || !doc.weekly) throw new ExportError(`run ${run.id} has no results to export (status: ${run.status})`, 'not_ready');
  const p = `run-${run.id}`;
  const files: ExportFile[] = [];
  if (formats.includes('csv')) {
    files.push({ name: `${p}-weekly-history.csv`, role: 'weekly-history', primary: true, content: weeklyHistoryCsv(doc) });
    if (doc.detail) files.push({ name: `${p}-members.csv`, role: 'members', content: membersCsv(doc.detail as RunDetailDoc) });
    files.push({ name: `${p}-comparison.csv`, role: 'comparison', content: comparisonCsv(doc) });
  }
  if (formats.includes('json')) files.push({ name: `${p}.json`, role: 'params', content: runJson(app, run, doc) });
  if (formats.includes('md')) files.push({ name: `${p}-report.md`, role: 'report', content: runMarkdown(app, run, doc) });
  return { id: String(run.id), files };
}
