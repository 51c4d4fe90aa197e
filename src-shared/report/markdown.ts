import { formatDelta, formatMetricValue, formatValue, isNumericType, readableTime } from './format';
import {
  chartData,
  inputRows,
  KIND_LABELS,
  runInputTable,
  sampleIndices,
  type Block,
  type ChartBlock,
  type Column,
  type Report,
  type TableLike,
} from './model';

/**
 * Pandoc-ready Markdown (also valid CommonMark/GFM): a YAML title block, ATX headings, pipe
 * tables with `: caption` lines (pandoc `table_captions`), blockquote callouts. Every piece of
 * report text is escaped, so names with `|`, `$`, `*`, `@` or `<` print literally.
 */

export interface MarkdownOptions {
  /** chart id → image path (relative to where pandoc runs). Charts with an image are linked instead of tabulated. */
  chartImages?: Record<string, string>;
  /** Default number of chart data rows printed when a chart has no `maxPrintRows` (default 40). */
  chartRows?: number;
  /** Include the YAML title block (default true). */
  titleBlock?: boolean;
  /** Emit pandoc heading identifiers `{#sec-id}` (default true; turn off for plain GFM). */
  headingIds?: boolean;
  /** How to refer to a table/chart's full data in truncation notes (default: `<id>.csv`). */
  dataFileName?: (id: string, kind: 'table' | 'chart') => string;
}

const INLINE_SPECIALS = /[\\`*_{}[\]<>|$~^@#!]/g;

/** Escape plain text for use inside a Markdown line (pandoc and CommonMark). Newlines become spaces. */
export function escapeInline(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(INLINE_SPECIALS, (c) => `\\${c}`);
}

/** Escape text that starts a Markdown block (paragraph, list item): also neutralise list/heading/quote markers. */
export function escapeBlock(text: string): string {
  return escapeInline(text)
    .replace(/^(\s*)([-+*=:%])(?=\s|$)/, '$1\\$2')
    .replace(/^(\s*)(-{3,}|={3,}|:)/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2');
}

/** Escape a table cell: inline escaping, trimmed (pipe tables cannot hold leading/trailing space). */
function cell(text: string): string {
  return escapeInline(text.trim()) || ' ';
}

function yamlString(s: string): string {
  return JSON.stringify(s); // JSON strings are valid YAML double-quoted scalars
}

function pipeTable(columns: { label: string; numeric: boolean }[], rows: string[][], caption?: string): string {
  const head = `| ${columns.map((c) => cell(c.label)).join(' | ')} |`;
  const sep = `|${columns.map((c) => (c.numeric ? '---:' : ':---')).join('|')}|`;
  const body = rows.map((r) => `| ${r.map((v) => cell(v)).join(' | ')} |`);
  const lines = [head, sep, ...body];
  if (caption) lines.push('', `: ${escapeInline(caption)}`);
  return lines.join('\n');
}

function dataTable(t: TableLike, indices: number[]): string[][] {
  return indices.map((i) => t.columns.map((c: Column) => formatValue(t.rows[i][c.key], c)));
}

function blockToMarkdown(block: Block, opts: Required<Pick<MarkdownOptions, 'chartRows'>> & MarkdownOptions): string {
  // Where the full data is: the CSV bundle export's own layout (csvBundle.ts: tables/, charts/).
  const fileName = opts.dataFileName ?? ((id: string, kind: 'table' | 'chart') => `${kind === 'table' ? 'tables' : 'charts'}/${id}.csv`);
  switch (block.type) {
    case 'paragraph':
      return escapeBlock(block.text);
    case 'list':
      return block.items.map((it, i) => `${block.ordered ? `${i + 1}.` : '-'} ${escapeBlock(it)}`).join('\n');
    case 'callout': {
      const label = block.title ?? { info: 'Note', success: 'Success', warning: 'Warning', error: 'Error' }[block.level];
      return `> **${escapeInline(label)}:** ${escapeInline(block.text)}`;
    }
    case 'keyMetrics': {
      const hasDelta = block.items.some((m) => m.delta);
      const cols = [
        { label: 'Metric', numeric: false },
        { label: 'Value', numeric: true },
        ...(hasDelta ? [{ label: 'Change', numeric: true }] : []),
      ];
      const rows = block.items.map((m) => {
        const r = [m.label, formatMetricValue(m)];
        if (hasDelta) r.push(m.delta ? formatDelta(m.delta).text : '');
        return r;
      });
      return pipeTable(cols, rows);
    }
    case 'table': {
      const n = block.rows.length;
      const limit = block.maxPrintRows ?? n;
      const idx = Array.from({ length: Math.min(n, limit) }, (_, i) => i);
      const cols = block.columns.map((c) => ({ label: c.unit ? `${c.label} (${c.unit})` : c.label, numeric: isNumericType(c.type) }));
      const noUnit = block.columns.map((c) => ({ ...c, unit: undefined }));
      const parts = [];
      if (n === 0) parts.push(`*${escapeInline(block.caption)}: no rows.*`);
      else parts.push(pipeTable(cols, dataTable({ columns: noUnit, rows: block.rows }, idx), block.caption));
      if (n > limit) parts.push(`*Showing the first ${limit} of ${n} rows; all rows are in ${escapeInline(fileName(block.id, 'table'))} of the CSV bundle export.*`);
      return parts.join('\n\n');
    }
    case 'chart':
      return chartToMarkdown(block, opts, fileName);
  }
}

function chartToMarkdown(block: ChartBlock, opts: MarkdownOptions & { chartRows: number }, fileName: (id: string, kind: 'table' | 'chart') => string): string {
  const img = opts.chartImages?.[block.id];
  if (img) {
    // A lone image with alt text becomes a captioned figure in pandoc (implicit_figures).
    return `![${escapeInline(block.caption)}](<${img.replace(/[<>]/g, '')}>)`;
  }
  const data = chartData(block);
  const n = data.rows.length;
  const idx = sampleIndices(n, block.maxPrintRows ?? opts.chartRows);
  const cols = data.columns.map((c) => ({ label: c.unit ? `${c.label} (${c.unit})` : c.label, numeric: isNumericType(c.type) }));
  const noUnit = data.columns.map((c) => ({ ...c, unit: undefined }));
  const parts = [pipeTable(cols, dataTable({ columns: noUnit, rows: data.rows }, idx), `Figure data: ${block.caption}`)];
  if (idx.length < n) {
    parts.push(`*Chart data: ${idx.length} of ${n} rows shown, evenly spaced; all rows are in ${escapeInline(fileName(block.id, 'chart'))} of the CSV bundle export.*`);
  }
  return parts.join('\n\n');
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const opts = { chartRows: 40, ...options };
  const ids = opts.headingIds !== false;
  const out: string[] = [];
  if (opts.titleBlock !== false) {
    const meta = ['---', `title: ${yamlString(report.title)}`];
    if (report.subtitle) meta.push(`subtitle: ${yamlString(report.subtitle)}`);
    meta.push(`date: ${yamlString(report.generatedAt)}`);
    meta.push(`description: ${yamlString(`${KIND_LABELS[report.kind]} report, PMOVES Workbench ${report.appVersion}`)}`);
    meta.push('lang: en', '---');
    out.push(meta.join('\n'));
  } else {
    out.push(`# ${escapeInline(report.title)}`);
    if (report.subtitle) out.push(`*${escapeInline(report.subtitle)}*`);
  }
  out.push(
    `*${escapeInline(KIND_LABELS[report.kind])} report · generated ${escapeInline(readableTime(report.generatedAt))} · PMOVES Workbench ${escapeInline(report.appVersion)}*`,
  );
  for (const section of report.sections) {
    out.push(`## ${escapeInline(section.heading)}${ids ? ` {#sec-${section.id}}` : ''}`);
    for (const block of section.blocks) out.push(blockToMarkdown(block, opts));
  }
  out.push(`## Appendix: inputs${ids ? ' {#sec-inputs}' : ''}`);
  out.push(pipeTable([{ label: 'Input', numeric: false }, { label: 'Value', numeric: false }], inputRows(report).map((r) => [r.name, r.value])));
  const perRun = runInputTable(report);
  if (perRun) {
    // One column per run; the inputs that differ are in bold and say so.
    out.push('Inputs of each compared run; those that differ between the runs are in bold and marked *(differs)*.');
    const head = `| Input | ${perRun.runs.map((r) => cell(r.heading)).join(' | ')} |`;
    const sep = `|${[':---', ...perRun.runs.map(() => ':---')].join('|')}|`;
    const bold = (text: string, on: boolean) => (on ? `**${cell(text)}**` : cell(text));
    const body = perRun.rows.map((r) => `| ${bold(r.name, r.differs)}${r.differs ? ' *(differs)*' : ''} | ${r.values.map((v) => bold(v ?? '—', r.differs)).join(' | ')} |`);
    out.push([head, sep, ...body, '', ': Inputs of each compared run'].join('\n'));
  }
  return `${out.join('\n\n')}\n`;
}
