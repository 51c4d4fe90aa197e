import { z } from 'zod';

/**
 * The one report model. Builders (run, Monte Carlo, comparison, validation, projection) produce a
 * `Report`; renderers turn it into Markdown, HTML, CSV/JSON bundles, PDF, DOCX and datavzrd configs.
 *
 * Design rules:
 * - Tables and charts carry their raw data (numbers stay numbers), so CSV export is exact and
 *   display formatting (decimals, currency, percent) is a property of the column, applied only when
 *   rendering for humans.
 * - `percent` values are fractions (0.125 is shown as "12.5%" but exported as 0.125).
 * - Ids (sections, tables, charts) are unique within a report and safe as file names.
 * - Column keys are safe as CSV headers, vega-lite field names and HTML attributes.
 * - Versioned: `schemaVersion` is bumped on any breaking change.
 */

export const REPORT_SCHEMA_VERSION = 1 as const;

export const ReportKind = z.enum(['run', 'montecarlo', 'comparison', 'validation', 'projection']);
export type ReportKind = z.infer<typeof ReportKind>;

/** How a value is displayed. Raw values are exported unchanged. `percent` is a fraction. */
export const ValueType = z.enum(['string', 'integer', 'number', 'currency', 'percent', 'date', 'boolean']);
export type ValueType = z.infer<typeof ValueType>;

const idMessage = 'must be 1-64 characters: letters, digits, "-" or "_", starting with a letter or digit';
export const ReportId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, idMessage);

export const ColumnKey = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,79}$/, 'must be 1-80 characters: letters, digits, "_" or "-"');

/** A table cell. Non-finite numbers are not allowed (JSON cannot hold them): use null or a string. */
export const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'expected a string, a finite number, true/false or null (Infinity and NaN are not allowed: use null)',
});
export type Cell = z.infer<typeof Cell>;

export const Format = z.object({
  type: ValueType.default('number'),
  /** Fixed number of decimals for display. Defaults: integer 0, number ≤2, currency 2, percent 1. */
  decimals: z.int().min(0).max(12).optional(),
  /**
   * At most this many decimals, trailing zeros dropped, when `decimals` is not set: for a column
   * that mixes integers and fractions (parameters: "1,000" members beside a 0.15 discount).
   */
  maxDecimals: z.int().min(0).max(20).optional(),
  /** ISO 4217 code for `currency` (default USD). */
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  /** Suffix shown after the formatted value, e.g. "weeks", "members", "tokens". */
  unit: z.string().max(24).optional(),
  /** A difference: "+$422.48" / "−$368.69" (U+2212), no sign on what rounds to zero. */
  signed: z.boolean().optional(),
});
export type Format = z.infer<typeof Format>;

export const Column = Format.extend({
  key: ColumnKey,
  label: z.string().min(1).max(200),
  type: ValueType.default('string'),
  description: z.string().max(2000).optional(),
});
export type Column = z.infer<typeof Column>;
export type ColumnInput = z.input<typeof Column>;

export const DataTable = z.object({
  columns: z.array(Column).min(1).max(500),
  rows: z.array(z.record(z.string(), Cell)).max(1_000_000),
});
export type DataTable = z.infer<typeof DataTable>;

function checkTable(t: DataTable, ctx: z.RefinementCtx, path: (string | number)[]): void {
  const keys = new Map<string, Column>();
  t.columns.forEach((c, i) => {
    if (keys.has(c.key)) {
      ctx.addIssue({ code: 'custom', path: [...path, 'columns', i, 'key'], message: `duplicate column key "${c.key}"` });
    }
    keys.set(c.key, c);
  });
  // Report at most a few row issues so a bad 100k-row table does not produce 100k messages.
  let issues = 0;
  for (let r = 0; r < t.rows.length && issues < 5; r++) {
    const row = t.rows[r];
    for (const [k, v] of Object.entries(row)) {
      const col = keys.get(k);
      if (!col) {
        ctx.addIssue({ code: 'custom', path: [...path, 'rows', r, k], message: `unknown column "${k}" (not in columns)` });
        issues++;
        continue;
      }
      const err = cellTypeError(col.type, v);
      if (err) {
        ctx.addIssue({ code: 'custom', path: [...path, 'rows', r, k], message: `column "${k}" (${col.type}): ${err}` });
        issues++;
      }
    }
  }
}

function cellTypeError(type: ValueType, v: Cell): string | null {
  if (v === null) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return 'numbers must be finite (use null for missing values)';
  switch (type) {
    case 'string':
      return null; // anything can be shown as text
    case 'boolean':
      return typeof v === 'boolean' ? null : 'expected true, false or null';
    case 'date':
      return typeof v === 'string' || typeof v === 'number' ? null : 'expected an ISO date string or epoch milliseconds';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) ? null : 'expected an integer or null';
    default:
      return typeof v === 'number' ? null : 'expected a number or null';
  }
}

// ── blocks ──────────────────────────────────────────────────────────────────────────────────────

export const ParagraphBlock = z.object({
  type: z.literal('paragraph'),
  /** Plain text (no markup); renderers escape it. */
  text: z.string().max(20_000),
});

export const ListBlock = z.object({
  type: z.literal('list'),
  ordered: z.boolean().default(false),
  items: z.array(z.string().max(5000)).min(1).max(500),
});

export const Delta = Format.extend({
  value: z.number(),
  /** Which direction is good; drives the colour and the ▲/▼ wording. */
  better: z.enum(['higher', 'lower', 'neutral']).default('higher'),
  /** What the delta is relative to, e.g. "vs Scenario A". */
  label: z.string().max(80).optional(),
});
export type Delta = z.infer<typeof Delta>;

export const KeyMetric = Format.extend({
  label: z.string().min(1).max(120),
  value: z.union([z.number(), z.string(), z.null()]),
  delta: Delta.optional(),
  /** Short explanation (tooltip in HTML, footnote-ish elsewhere). */
  hint: z.string().max(500).optional(),
});
export type KeyMetric = z.infer<typeof KeyMetric>;

export const KeyMetricsBlock = z.object({
  type: z.literal('keyMetrics'),
  items: z.array(KeyMetric).min(1).max(48),
});

export const TableBlock = DataTable.extend({
  type: z.literal('table'),
  id: ReportId,
  caption: z.string().min(1).max(500),
  /**
   * Documents (PDF, Markdown, DOCX) show at most this many rows and say where the rest is
   * (the CSV bundle always has all rows; the HTML dashboard shows all rows on screen).
   */
  maxPrintRows: z.int().min(1).max(100_000).optional(),
  /** Initial sort in the interactive HTML table. */
  sort: z.object({ key: ColumnKey, direction: z.enum(['asc', 'desc']).default('asc') }).optional(),
});
export type TableBlock = z.infer<typeof TableBlock>;

const PlotValue = z.union([z.number(), z.string(), z.null()]);
/** A Plotly trace. Only the fields we rely on are typed; the rest pass through to Plotly. */
export const Trace = z.looseObject({
  type: z.string().max(40).optional(),
  name: z.string().max(200).optional(),
  mode: z.string().max(40).optional(),
  x: z.array(PlotValue).optional(),
  y: z.array(PlotValue).optional(),
  z: z.array(z.union([PlotValue, z.array(PlotValue)])).optional(),
  labels: z.array(PlotValue).optional(),
  values: z.array(PlotValue).optional(),
});
export type Trace = z.infer<typeof Trace>;

export const Figure = z.object({
  data: z.array(Trace).min(1).max(200),
  layout: z.record(z.string(), z.unknown()).default({}),
});
export type Figure = z.infer<typeof Figure>;

export const ChartBlock = z.object({
  type: z.literal('chart'),
  id: ReportId,
  caption: z.string().min(1).max(500),
  figure: Figure,
  /**
   * The chart's data as a table (exported as CSV, printed in Markdown). Optional: when absent it
   * is derived from the figure's traces by `chartData()`.
   */
  data: DataTable.optional(),
  /** Height in CSS pixels (default 380). */
  height: z.int().min(120).max(1600).optional(),
  /** Rows of `data` printed in Markdown/DOCX (evenly sampled; default 40). */
  maxPrintRows: z.int().min(2).max(100_000).optional(),
});
export type ChartBlock = z.infer<typeof ChartBlock>;

export const CalloutBlock = z.object({
  type: z.literal('callout'),
  level: z.enum(['info', 'success', 'warning', 'error']),
  title: z.string().max(200).optional(),
  text: z.string().min(1).max(5000),
});

export const Block = z.discriminatedUnion('type', [
  ParagraphBlock,
  ListBlock,
  KeyMetricsBlock,
  TableBlock,
  ChartBlock,
  CalloutBlock,
]);
export type Block = z.infer<typeof Block>;
export type BlockInput = z.input<typeof Block>;
export type ParagraphBlock = z.infer<typeof ParagraphBlock>;
export type ListBlock = z.infer<typeof ListBlock>;
export type KeyMetricsBlock = z.infer<typeof KeyMetricsBlock>;
export type CalloutBlock = z.infer<typeof CalloutBlock>;

export const Section = z.object({
  id: ReportId,
  heading: z.string().min(1).max(200),
  blocks: z.array(Block).max(500),
});
export type Section = z.infer<typeof Section>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The inputs of one run of a report that covers several (a comparison): enough to reproduce it. */
export const RunInputs = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(300).optional(),
  seed: z.union([z.int(), z.string()]),
  model: z.string().max(100).optional(),
  params: z.record(z.string(), Scalar).default({}),
  /** Anything else that sets this run apart (Monte Carlo run count…). */
  extra: z.record(z.string(), Scalar).default({}),
});
export type RunInputs = z.infer<typeof RunInputs>;

export const ReportInputs = z.object({
  /** Simulation / model parameters as used (after preset merge). */
  params: z.record(z.string(), Scalar).default({}),
  /** Seeds (numbers or decimal strings for 64-bit seeds). */
  seeds: z.array(z.union([z.int(), z.string()])).default([]),
  preset: z.string().max(200).optional(),
  /** Rule set / engine variant, e.g. "reference" or "nextjs". */
  model: z.string().max(100).optional(),
  runIds: z.array(z.string().max(100)).default([]),
  /** Firefly snapshot the run was calibrated from, if any. */
  snapshotId: z.string().max(100).nullable().optional(),
  /** Anything else worth recording for reproducibility. */
  extra: z.record(z.string(), Scalar).default({}),
  /**
   * Per-run inputs of a report over several runs (a comparison): the appendix shows one column
   * per run with the inputs that differ marked. `params` is then left empty.
   */
  runs: z.array(RunInputs).max(100).optional(),
});
export type ReportInputs = z.infer<typeof ReportInputs>;

export const Report = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION).default(REPORT_SCHEMA_VERSION),
    title: z.string().min(1).max(200),
    subtitle: z.string().max(300).optional(),
    generatedAt: z.iso.datetime({ offset: true }),
    appVersion: z.string().min(1).max(50),
    kind: ReportKind,
    inputs: ReportInputs.default({ params: {}, seeds: [], runIds: [], extra: {} }),
    sections: z.array(Section).min(1).max(200),
  })
  .superRefine((r, ctx) => {
    const sectionIds = new Set<string>();
    const dataIds = new Set<string>();
    r.sections.forEach((s, si) => {
      if (sectionIds.has(s.id)) {
        ctx.addIssue({ code: 'custom', path: ['sections', si, 'id'], message: `duplicate section id "${s.id}"` });
      }
      sectionIds.add(s.id);
      s.blocks.forEach((b, bi) => {
        const path = ['sections', si, 'blocks', bi];
        if (b.type === 'table' || b.type === 'chart') {
          if (dataIds.has(b.id)) {
            ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate table/chart id "${b.id}"` });
          }
          dataIds.add(b.id);
        }
        if (b.type === 'table') {
          checkTable(b, ctx, path);
          if (b.sort && !b.columns.some((c) => c.key === b.sort!.key)) {
            ctx.addIssue({ code: 'custom', path: [...path, 'sort', 'key'], message: `sort key "${b.sort.key}" is not a column` });
          }
        }
        if (b.type === 'chart' && b.data) checkTable(b.data, ctx, [...path, 'data']);
      });
    });
  });
export type Report = z.infer<typeof Report>;
/** What builders write (defaults may be omitted). */
export type ReportInput = z.input<typeof Report>;

export class ReportValidationError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ReportValidationError';
  }
}

function pathString(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** Validate and normalise (fill defaults). Throws ReportValidationError naming each bad field. */
export function parseReport(input: unknown): Report {
  const res = Report.safeParse(input);
  if (res.success) return res.data;
  const issues = res.error.issues.map((i) => ({ path: pathString(i.path) || '(report)', message: i.message }));
  const shown = issues.slice(0, 8).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > 8 ? ` (and ${issues.length - 8} more)` : '';
  throw new ReportValidationError(`invalid report: ${shown.join('; ')}${more}`, issues);
}

// ── helpers shared by the renderers ────────────────────────────────────────────────────────────

export type TableLike = { columns: Column[]; rows: Record<string, Cell>[] };

/** Every table and chart in document order, with its section. */
export function dataBlocks(report: Report): { section: Section; block: TableBlock | ChartBlock }[] {
  const out: { section: Section; block: TableBlock | ChartBlock }[] = [];
  for (const section of report.sections) {
    for (const block of section.blocks) {
      if (block.type === 'table' || block.type === 'chart') out.push({ section, block });
    }
  }
  return out;
}

function plotCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

function columnKeyFrom(name: string, used: Set<string>): string {
  let base = name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'series';
  if (!/^[A-Za-z0-9_]/.test(base)) base = `s_${base}`;
  let key = base;
  for (let i = 2; used.has(key); i++) key = `${base}_${i}`;
  used.add(key);
  return key;
}

/**
 * The chart's data table: `chart.data` when given; otherwise derived from the traces.
 * - All traces with the same x values → wide: x, one column per trace.
 * - Otherwise x/y traces → long: series, x, y.
 * - Pie-like traces (labels/values) → label, value (long with series when several).
 */
export function chartData(chart: ChartBlock): TableLike {
  if (chart.data) return chart.data;
  const traces = chart.figure.data;
  const xyTraces = traces.filter((t) => Array.isArray(t.y) || Array.isArray(t.x));
  const layout = chart.figure.layout as Record<string, unknown>;
  const axisTitle = (axis: string, fallback: string): string => {
    const a = layout[axis] as { title?: unknown } | undefined;
    const t = a?.title;
    if (typeof t === 'string' && t) return t;
    if (t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
    return fallback;
  };
  const used = new Set<string>();
  if (xyTraces.length > 0) {
    const xs = xyTraces.map((t) => t.x ?? (t.y ?? []).map((_, i) => i));
    const sameX = xs.every((x) => x.length === xs[0].length && x.every((v, i) => v === xs[0][i]));
    const xKey = columnKeyFrom(axisTitle('xaxis', 'x'), used);
    if (sameX) {
      const cols: Column[] = [{ key: xKey, label: axisTitle('xaxis', 'x'), type: typeof xs[0][0] === 'number' ? 'number' : 'string' }];
      const seriesKeys = xyTraces.map((t, i) => {
        const label = t.name ?? `Series ${i + 1}`;
        const key = columnKeyFrom(label, used);
        cols.push({ key, label, type: 'number' });
        return key;
      });
      const rows = xs[0].map((x, r) => {
        const row: Record<string, Cell> = { [xKey]: plotCell(x) };
        xyTraces.forEach((t, i) => {
          row[seriesKeys[i]] = plotCell((t.y ?? [])[r]);
        });
        return row;
      });
      return { columns: cols, rows };
    }
    const yLabel = axisTitle('yaxis', 'y');
    const yKey = columnKeyFrom(yLabel, used);
    const cols: Column[] = [
      { key: 'series', label: 'Series', type: 'string' },
      { key: xKey, label: axisTitle('xaxis', 'x'), type: 'string' },
      { key: yKey, label: yLabel, type: 'number' },
    ];
    used.add('series');
    const rows: Record<string, Cell>[] = [];
    xyTraces.forEach((t, i) => {
      const x = xs[i];
      x.forEach((xv, r) => rows.push({ series: t.name ?? `Series ${i + 1}`, [xKey]: plotCell(xv), [yKey]: plotCell((t.y ?? [])[r]) }));
    });
    if (rows.every((r) => typeof r[xKey] === 'number' || r[xKey] === null)) cols[1] = { ...cols[1], type: 'number' };
    return { columns: cols, rows };
  }
  const rows: Record<string, Cell>[] = [];
  for (const [i, t] of traces.entries()) {
    const labels = t.labels ?? [];
    const values = t.values ?? [];
    labels.forEach((l, r) => rows.push({ series: t.name ?? `Series ${i + 1}`, label: plotCell(l), value: plotCell(values[r]) }));
  }
  return {
    columns: [
      { key: 'series', label: 'Series', type: 'string' },
      { key: 'label', label: 'Label', type: 'string' },
      { key: 'value', label: 'Value', type: 'number' },
    ],
    rows,
  };
}

/** Indices of at most `max` rows spread evenly over `n`, always including the first and last. */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>();
  for (let i = 0; i < max; i++) out.add(Math.round((i * (n - 1)) / (max - 1)));
  return [...out].sort((a, b) => a - b);
}

/**
 * A file-name-safe slug (lower-case, non-alphanumerics → "-", at most 80 characters, trimmed after
 * the cut: a cut just after a "-" left "…-seed-", and the export's "-<time>" made it "seed--2026…").
 */
export function slugify(s: string, fallback = 'report'): string {
  const slug = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 80)
    .replace(/^-+|-+$/g, '');
  return slug || fallback;
}

export const KIND_LABELS: Record<ReportKind, string> = {
  run: 'Simulation run',
  montecarlo: 'Monte Carlo',
  comparison: 'Comparison',
  validation: 'Validation',
  projection: 'Projection validation',
};

/** Rows of the inputs appendix (shared by every renderer so they agree). */
export function inputRows(report: Report): { name: string; value: string }[] {
  const i = report.inputs;
  const rows: { name: string; value: string }[] = [];
  rows.push({ name: 'Report kind', value: KIND_LABELS[report.kind] });
  rows.push({ name: 'Generated', value: report.generatedAt });
  rows.push({ name: 'App version', value: report.appVersion });
  if (i.model) rows.push({ name: 'Model', value: i.model });
  if (i.preset) rows.push({ name: 'Preset', value: i.preset });
  if (i.seeds.length) rows.push({ name: i.seeds.length === 1 ? 'Seed' : 'Seeds', value: summariseList(i.seeds.map(String)) });
  if (i.runIds.length) rows.push({ name: i.runIds.length === 1 ? 'Run' : 'Runs', value: summariseList(i.runIds) });
  if (i.snapshotId !== undefined) rows.push({ name: 'Firefly snapshot', value: i.snapshotId ?? 'none' });
  for (const [k, v] of Object.entries(i.params)) rows.push({ name: k, value: v === null ? '—' : String(v) });
  for (const [k, v] of Object.entries(i.extra)) rows.push({ name: k, value: v === null ? '—' : String(v) });
  return rows;
}

/** One row per input (model, seed, each parameter…) and one value per run; `differs` when the runs disagree. */
export interface RunInputTable {
  /** Column headings: "#3 Strong cooperation". */
  runs: { id: string; heading: string }[];
  /** Exact text of each run's value; null where a run has no such input. */
  rows: { name: string; values: (string | null)[]; differs: boolean }[];
}

/** The per-run inputs appendix of a report over several runs (null when it has no `inputs.runs`). Shared by every renderer. */
export function runInputTable(report: Report): RunInputTable | null {
  const runs = report.inputs.runs;
  if (!runs?.length) return null;
  const text = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? null : String(v));
  const rows: RunInputTable['rows'] = [];
  const add = (name: string, values: (string | null)[]) => rows.push({ name, values, differs: new Set(values).size > 1 });
  if (runs.some((r) => r.model !== undefined)) add('Model', runs.map((r) => text(r.model)));
  add('Seed', runs.map((r) => String(r.seed)));
  const keysOf = (pick: (r: RunInputs) => Record<string, unknown>) => [...new Set(runs.flatMap((r) => Object.keys(pick(r))))];
  for (const k of keysOf((r) => r.extra)) add(k, runs.map((r) => text(r.extra[k])));
  for (const k of keysOf((r) => r.params)) add(k, runs.map((r) => text(r.params[k])));
  return { runs: runs.map((r) => ({ id: r.id, heading: r.name ? `#${r.id} ${r.name}` : `#${r.id}` })), rows };
}

function summariseList(items: string[]): string {
  if (items.length <= 12) return items.join(', ');
  return `${items.slice(0, 10).join(', ')}, … (${items.length} in total)`;
}
