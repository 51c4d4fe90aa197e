/** Turns a validation result (and its deltas) into the one report model. */
import { displayText, expectedText, readableTime } from '../report/format';
import type { BlockInput, ReportInput } from '../report/model';
import { CONFIDENCE_RULES } from './confidence';
import { CHECK_UNITS, moneyFormat, moneyUnit } from './empirical';
import { componentChecksText, componentOutcome, notCheckedText } from './suite';
import type { ValidationComponent, ValidationDeltas, ValidationResult } from './types';

export const VALIDATION_SECTION_HEADINGS = [
  'Summary',
  'Confidence levels',
  'Changes since the previous report',
  'Model checks',
  'Statistical checks',
  'Empirical comparison',
  'Confidence rules',
] as const;

const KIND_LABEL: Record<ValidationComponent['kind'], string> = { model: 'Model', statistical: 'Statistical', empirical: 'Empirical', assumption: 'Assumption' };
const num = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** A Unit column beside the measured values when one of them is not a plain number (the variance in %, next to "0 % ± 25 %"). */
function unitColumn(checkIds: string[]) {
  const any = checkIds.some((id) => CHECK_UNITS[id]);
  return { columns: any ? [{ key: 'unit', label: 'Unit', type: 'string' as const }] : [], cell: (id: string): Record<string, string | null> => (any ? { unit: CHECK_UNITS[id] ?? null } : {}) };
}

function checksTable(id: string, caption: string, comps: ValidationComponent[]): BlockInput {
  const unit = unitColumn(comps.flatMap((c) => c.checks.map((k) => k.id)));
  return {
    type: 'table',
    id,
    caption,
    columns: [
      { key: 'component', label: 'Component', type: 'string' },
      { key: 'check', label: 'Check', type: 'string' },
      { key: 'expected', label: 'Expected', type: 'string' },
      { key: 'measured', label: 'Measured', type: 'number', decimals: 4 },
      ...unit.columns,
      { key: 'usage', label: 'Share of tolerance used', type: 'percent', decimals: 0 },
      { key: 'status', label: 'Status', type: 'string' },
      { key: 'basis', label: 'Basis', type: 'string' },
    ],
    rows: comps.flatMap((c) =>
      // Stored texts wrote negatives with a hyphen ("z -1.53") and small numbers as "4.007e-4": the minus
      // sign and plain decimals, as the numbers beside them (displayText).
      c.checks.map((k) => ({ component: c.name, check: k.name, expected: expectedText(k.expected), measured: num(k.measured), ...unit.cell(k.id), usage: k.tolerance === null ? null : num(k.usage), status: k.status.toUpperCase(), basis: displayText(k.basis) })),
    ),
    maxPrintRows: 200,
  };
}

export interface ValidationReportMeta {
  id: number | null;
  deltas: ValidationDeltas | null;
  /** The archive folder, <data dir>/validation_reports/<time>; the report names it inside the data folder. */
  archiveDir?: string | null;
}

export function buildValidationReport(result: ValidationResult, meta: ValidationReportMeta, appVersion = result.inputs.appVersion, now = new Date()): ReportInput {
  const s = result.summary;
  const comps = result.components;
  const model = comps.filter((c) => c.kind === 'model');
  const stat = comps.filter((c) => c.kind === 'statistical');
  const emp = comps.find((c) => c.kind === 'empirical');
  const levels = comps.map((c) => c.confidence.level);
  const count = (l: string) => levels.filter((x) => x === l).length;
  const d = meta.deltas;

  const summary: BlockInput[] = [
    {
      type: 'callout',
      level: s.status === 'pass' ? 'success' : 'error',
      title: s.status === 'pass' ? 'Validation passed' : 'Validation failed',
      text: `${s.passed} of ${s.checks} checks passed, ${s.failed} failed, ${s.skipped} skipped, across ${comps.length} components (${count('HIGH')} HIGH, ${count('MEDIUM')} MEDIUM, ${count('LOW')} LOW confidence${comps.some((c) => c.confidence.level === null) ? `, ${levels.filter((x) => x === null).length} skipped` : ''})${notCheckedText(comps) ? `; ${notCheckedText(comps)}` : ''}.`,
    },
    {
      type: 'keyMetrics',
      items: [
        { label: 'Status', value: s.status.toUpperCase() },
        { label: 'Checks passed', value: `${s.passed} / ${s.checks}`, ...(d ? { hint: `previous report: ${d.passedFrom}` } : {}) },
        { label: 'Failed', value: s.failed, type: 'integer', ...(d ? { delta: { value: s.failed - d.failedFrom, better: 'lower' as const, type: 'integer' as const, label: `vs #${d.previousId}` } } : {}) },
        { label: 'Skipped', value: s.skipped, type: 'integer' },
        { label: 'HIGH confidence', value: count('HIGH'), type: 'integer', unit: `of ${comps.length}` },
        { label: 'Monte Carlo runs', value: result.inputs.runs, type: 'integer' },
        // An id to type again (--seed), not a quantity: no thousands separators.
        { label: 'Seed', value: String(result.inputs.seed) },
        { label: 'Firefly snapshot', value: result.inputs.snapshotId === null ? 'none' : `#${result.inputs.snapshotId}` },
      ],
    },
    {
      type: 'paragraph',
      text: `Model checks re-run the nine categories of the original model's test suite (its 34 tests, here as ${result.components.filter((c) => c.kind === 'model').reduce((a, c) => a + c.checks.length, 0)} checks) against the engine with fixed seeds. Statistical checks compare means over seeded Monte Carlo runs with analytic or published values, with tolerances of ${result.inputs.z} standard errors estimated from the runs. The empirical comparison sets simulated against actual weekly food spending from the latest Firefly snapshot${result.inputs.snapshotId === null ? '; none was available, so it is skipped (not failed)' : ''}. Computed in ${(s.elapsedMs / 1000).toFixed(1)} s.`,
    },
    {
      type: 'chart',
      id: 'confidence-scores',
      caption: 'Confidence score by component (0–100; HIGH needs every check within 2/3 of its tolerance)',
      height: 320,
      figure: {
        data: [
          {
            type: 'bar',
            name: 'Score',
            x: comps.filter((c) => c.confidence.score !== null).map((c) => c.name),
            y: comps.filter((c) => c.confidence.score !== null).map((c) => c.confidence.score),
            marker: { color: comps.filter((c) => c.confidence.score !== null).map((c) => (c.confidence.level === 'HIGH' ? '#2e7d32' : c.confidence.level === 'MEDIUM' ? '#f9a825' : '#c62828')) },
          },
        ] as never,
        layout: { yaxis: { title: { text: 'Score' }, range: [0, 100] }, xaxis: { automargin: true, tickangle: -30 }, margin: { b: 120 } },
      },
      data: {
        columns: [
          { key: 'component', label: 'Component', type: 'string' },
          { key: 'score', label: 'Score', type: 'integer' },
          { key: 'level', label: 'Level', type: 'string' },
        ],
        rows: comps.map((c) => ({ component: c.name, score: c.confidence.score, level: c.confidence.level ?? 'n/a' })),
      },
    },
  ];

  const confidence: BlockInput[] = [
    {
      type: 'table',
      id: 'confidence-levels',
      caption: 'Confidence per component (rules in "Confidence rules"); "Published" is the level the upstream report claimed',
      columns: [
        { key: 'component', label: 'Component', type: 'string' },
        { key: 'kind', label: 'Kind', type: 'string' },
        { key: 'status', label: 'Status', type: 'string' },
        { key: 'checks', label: 'Checks', type: 'string' },
        { key: 'level', label: 'Confidence', type: 'string' },
        { key: 'score', label: 'Score', type: 'integer' },
        { key: 'published', label: 'Published', type: 'string' },
        { key: 'reason', label: 'Deciding rule', type: 'string' },
      ],
      rows: comps.map((c) => ({
        component: c.name,
        kind: KIND_LABEL[c.kind],
        status: componentOutcome(c).toUpperCase(),
        checks: componentChecksText(c),
        level: c.confidence.level ?? 'n/a',
        score: c.confidence.score,
        published: c.publishedConfidence ?? '—',
        reason: c.skippedReason ? `skipped: ${c.skippedReason}` : displayText(c.confidence.reason),
      })),
    },
  ];

  const deltaUnit = unitColumn(d?.checks.map((c) => c.checkId) ?? []);
  const deltas: BlockInput[] = d
    ? [
        { type: 'paragraph', text: `Compared with validation report #${d.previousId} (${readableTime(d.previousCreatedAt)}): checks passed ${d.passedFrom} → ${s.passed}, failed ${d.failedFrom} → ${s.failed}.` },
        { type: 'list', items: d.notes.slice(0, 100).map(displayText) },
        {
          type: 'table',
          id: 'delta-components',
          caption: 'Confidence movement per component',
          columns: [
            { key: 'component', label: 'Component', type: 'string' },
            { key: 'status', label: 'Status', type: 'string' },
            { key: 'level', label: 'Confidence', type: 'string' },
            { key: 'moved', label: 'Levels moved', type: 'string' },
            { key: 'score', label: 'Score', type: 'string' },
            { key: 'scoreMoved', label: 'Score change', type: 'integer', signed: true },
          ],
          rows: d.components.map((c) => ({
            component: c.name,
            status: c.statusFrom === c.statusTo ? String(c.statusTo ?? '—').toUpperCase() : `${String(c.statusFrom ?? '—').toUpperCase()} → ${String(c.statusTo ?? '—').toUpperCase()}`,
            level: c.levelFrom === c.levelTo ? (c.levelTo ?? 'n/a') : `${c.levelFrom ?? 'n/a'} → ${c.levelTo ?? 'n/a'}`,
            moved: c.levelMoved === null ? '—' : c.levelMoved > 0 ? `+${c.levelMoved}` : c.levelMoved < 0 ? `−${-c.levelMoved}` : '0',
            score: c.scoreFrom === c.scoreTo ? String(c.scoreTo ?? 'n/a') : `${c.scoreFrom ?? 'n/a'} → ${c.scoreTo ?? 'n/a'}`,
            scoreMoved: c.scoreMoved,
          })),
        },
        ...(d.checks.length
          ? [
              {
                type: 'table' as const,
                id: 'delta-checks',
                caption: 'Checks whose outcome or measured value changed',
                columns: [
                  { key: 'check', label: 'Check', type: 'string' as const },
                  { key: 'status', label: 'Status', type: 'string' as const },
                  { key: 'from', label: 'Measured before', type: 'number' as const, decimals: 4 },
                  { key: 'to', label: 'Measured now', type: 'number' as const, decimals: 4 },
                  { key: 'change', label: 'Change', type: 'number' as const, decimals: 4, signed: true },
                  ...deltaUnit.columns,
                ],
                rows: d.checks.map((c) => ({ check: c.name, status: c.statusFrom === c.statusTo ? c.statusTo!.toUpperCase() : `${(c.statusFrom ?? 'new').toUpperCase()} → ${c.statusTo!.toUpperCase()}`, from: num(c.measuredFrom), to: num(c.measuredTo), change: num(c.change), ...deltaUnit.cell(c.checkId) })),
                maxPrintRows: 60,
              },
            ]
          : []),
      ]
    : [{ type: 'paragraph', text: 'This is the first validation report in this data folder: there is no previous report to compare with.' }];

  const statistical: BlockInput[] = stat.length
    ? [
        {
          type: 'keyMetrics',
          items: [
            { label: 'Runs (suite params)', value: num(stat[0].metrics.runs as number), type: 'integer' },
            { label: 'Runs (solvent variant)', value: num(stat[0].metrics.solventRuns as number), type: 'integer' },
            { label: 'Gate', value: `${result.inputs.z}·SE` },
            { label: 'Analytic B − A gain per member-week (solvent)', value: num(stat[0].metrics.analyticGainSolvent as number), type: 'currency', decimals: 3 },
          ],
        },
        checksTable('statistical-checks', 'Statistical checks: mean over seeded runs vs the analytic or published value (tolerance z·SE)', stat),
      ]
    : [{ type: 'paragraph', text: 'No statistical checks ran.' }];

  let empirical: BlockInput[];
  if (!emp || emp.status === 'skipped') {
    empirical = [{ type: 'callout', level: 'info', title: 'Skipped: no Firefly snapshot', text: `The empirical comparison was skipped (not failed): ${emp?.skippedReason ?? 'no calibration data'}. Sync Firefly III data (Firefly → Sync, or "workbench firefly sync") and validate again.` }];
  } else {
    const m = emp.metrics;
    const code = typeof m.currency === 'string' ? m.currency : 'USD';
    const money = moneyFormat(code);
    empirical = [
      { type: 'paragraph', text: emp.description },
      {
        type: 'keyMetrics',
        items: [
          { label: 'MAE', value: num(m.mae as number), ...money, hint: 'mean absolute error per (week, category), calibrated' },
          { label: 'RMSE', value: num(m.rmse as number), ...money },
          { label: 'R²', value: num(m.r2 as number), type: 'number', decimals: 3 },
          { label: 'Variance', value: m.variancePct == null ? null : (m.variancePct as number) / 100, type: 'percent' },
          { label: 'Baseline MAE', value: num(m.baselineMae as number), ...money },
          { label: 'Baseline variance', value: m.baselineVariancePct == null ? null : (m.baselineVariancePct as number) / 100, type: 'percent' },
          { label: 'Full weeks', value: num(m.weeks as number), type: 'integer' },
        ],
      },
      ...(emp.table
        ? [
            { type: 'table' as const, id: 'empirical-categories', caption: 'Mean weekly food spending by category: actual vs simulated', columns: emp.table.columns, rows: emp.table.rows },
            {
              type: 'chart' as const,
              id: 'empirical-chart',
              caption: `Mean weekly spending by category (${moneyUnit(code)})`,
              figure: {
                data: [
                  { type: 'bar', name: 'Actual', x: emp.table.rows.map((r) => r.category), y: emp.table.rows.map((r) => r.actual) },
                  { type: 'bar', name: 'Simulated (calibrated)', x: emp.table.rows.map((r) => r.category), y: emp.table.rows.map((r) => r.simulated) },
                  { type: 'bar', name: 'Simulated (baseline)', x: emp.table.rows.map((r) => r.category), y: emp.table.rows.map((r) => r.baseline) },
                ] as never,
                layout: { barmode: 'group', xaxis: { title: { text: 'Category' } }, yaxis: { title: { text: `${moneyUnit(code)} per week` } } },
              },
            },
          ]
        : []),
      checksTable('empirical-checks', 'Empirical checks', [emp]),
    ];
  }

  return {
    title: 'PMOVES validation report',
    subtitle: `${meta.id !== null ? `#${meta.id} · ` : ''}${s.status === 'pass' ? 'PASSED' : 'FAILED'} · ${s.passed}/${s.checks} checks · ${readableTime(result.createdAt)}`,
    generatedAt: now.toISOString(),
    appVersion,
    kind: 'validation',
    inputs: {
      params: result.inputs.params,
      seeds: [result.inputs.seed],
      model: result.inputs.model,
      runIds: [],
      snapshotId: result.inputs.snapshotId === null ? null : String(result.inputs.snapshotId),
      extra: {
        validationId: meta.id,
        validatedAt: result.createdAt,
        validatedWithAppVersion: result.inputs.appVersion,
        runs: result.inputs.runs,
        z: result.inputs.z,
        timeZone: result.inputs.timeZone,
        // Where the data folder keeps it ("validation_reports/<time>"): a shared report does not print this computer's paths.
        ...(meta.archiveDir ? { archive: meta.archiveDir.split(/[\\/]+/).filter(Boolean).slice(-2).join('/') } : {}),
      },
    },
    sections: [
      { id: 'summary', heading: VALIDATION_SECTION_HEADINGS[0], blocks: summary },
      { id: 'confidence', heading: VALIDATION_SECTION_HEADINGS[1], blocks: confidence },
      { id: 'deltas', heading: VALIDATION_SECTION_HEADINGS[2], blocks: deltas },
      { id: 'model-checks', heading: VALIDATION_SECTION_HEADINGS[3], blocks: [checksTable('model-checks-table', 'Model checks: the nine upstream categories through the engine (seeded where random)', model)] },
      { id: 'statistical', heading: VALIDATION_SECTION_HEADINGS[4], blocks: statistical },
      { id: 'empirical', heading: VALIDATION_SECTION_HEADINGS[5], blocks: empirical },
      { id: 'rules', heading: VALIDATION_SECTION_HEADINGS[6], blocks: [{ type: 'list', items: CONFIDENCE_RULES.map((r) => `${r.level === 'n/a' ? '' : `${r.level}: `}${r.rule}`) }] },
    ],
  };
}
