import { chartData, type ChartBlock, type Column, type Report, type TableLike } from '../../src-shared/report/model';

/**
 * datavzrd configuration in the schema datavzrd documents (name / datasets{path, separator,
 * headers} / views{dataset, desc, page-size, render-table.columns, render-plot.spec}), emitted by
 * hand as YAML. Every table becomes a table view; every chart becomes a plot view (vega-lite v5)
 * over its data CSV. Paths are relative to the bundle folder: run
 * `cd <bundle> && datavzrd datavzrd.yaml --output dashboard`.
 */

export interface DatavzrdFile {
  /** Table or chart id. */
  id: string;
  kind: 'table' | 'chart';
  /** Path of the CSV relative to the config file. */
  path: string;
}

// ── a tiny YAML emitter (block style; all strings double-quoted JSON, which YAML accepts) ─────

export class YamlBlock {
  constructor(readonly text: string) {}
}
type YamlScalar = string | number | boolean | null;
export type Yaml = YamlScalar | YamlBlock | YamlScalar[] | { [k: string]: Yaml | undefined };

const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
function yamlKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k);
}
function yamlScalar(v: YamlScalar): string {
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('YAML: non-finite number');
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v); // a JSON string is a valid YAML double-quoted scalar
}

/** Block-style YAML for a mapping. Strings are double-quoted; YamlBlock becomes a `|-` literal. */
export function toYaml(value: { [k: string]: Yaml | undefined }, indent = 0): string {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const key = `${pad}${yamlKey(k)}:`;
    if (v instanceof YamlBlock) {
      out.push(`${key} |-`);
      const lines = v.text.replace(/\r\n?/g, '\n').replace(/\t/g, '  ').split('\n');
      // The first line fixes the block's indentation, so it must not start with a space.
      if (lines[0].startsWith(' ')) lines[0] = lines[0].trimStart();
      for (const l of lines) out.push(l.trim() ? `${pad}  ${l}` : '');
    } else if (Array.isArray(v)) {
      out.push(`${key} [${v.map(yamlScalar).join(', ')}]`);
    } else if (v !== null && typeof v === 'object') {
      const body = toYaml(v, indent + 2);
      out.push(body ? key : `${key} {}`);
      if (body) out.push(body);
    } else {
      out.push(`${key} ${yamlScalar(v)}`);
    }
  }
  return out.join('\n');
}

// ── config ───────────────────────────────────────────────────────────────────────────────────

function precision(c: Column): number | undefined {
  switch (c.type) {
    case 'integer':
      return 0;
    case 'number':
    case 'currency':
      return c.decimals ?? (c.maxDecimals !== undefined ? Math.min(c.maxDecimals, 4) : 2);
    case 'percent':
      return (c.decimals ?? 1) + 2; // fractions: 1 dp of a percent is 3 dp of the fraction
    default:
      return undefined;
  }
}

function vlType(c: Column): 'quantitative' | 'nominal' | 'temporal' | 'ordinal' {
  if (c.type === 'date') return 'temporal';
  if (c.type === 'integer' || c.type === 'number' || c.type === 'currency' || c.type === 'percent') return 'quantitative';
  return 'nominal';
}

function axisFormat(c: Column): Record<string, unknown> {
  if (c.type === 'percent') return { format: '.1%' };
  if (c.type === 'currency') return { format: '$,.0f' };
  return {};
}

/** A vega-lite v5 spec drawing the chart's data CSV like the Plotly figure. */
export function vegaLiteSpec(chart: ChartBlock): Record<string, unknown> {
  const data: TableLike = chartData(chart);
  const first = chart.figure.data[0];
  const traceType = first?.type ?? 'scatter';
  const mark =
    traceType === 'bar'
      ? { type: 'bar', tooltip: true }
      : traceType === 'pie'
        ? { type: 'arc', tooltip: true }
        : first?.mode === 'markers'
          ? { type: 'point', tooltip: true }
          : { type: 'line', point: false, tooltip: true };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: chart.caption,
    width: 640,
    height: 320,
  };
  const cols = data.columns;
  if (traceType === 'pie') {
    const label = cols.find((c) => c.key === 'label') ?? cols[0];
    const value = cols.find((c) => c.key === 'value') ?? cols[cols.length - 1];
    return { ...base, mark, encoding: { theta: { field: value.key, type: 'quantitative' }, color: { field: label.key, type: 'nominal', title: label.label } } };
  }
  const isLong = cols[0].key === 'series' && cols.length === 3;
  if (isLong) {
    const [series, x, y] = cols;
    return {
      ...base,
      mark,
      encoding: {
        x: { field: x.key, type: vlType(x), title: x.label },
        y: { field: y.key, type: 'quantitative', title: y.label, axis: axisFormat(y) },
        color: { field: series.key, type: 'nominal', title: series.label },
        ...(traceType === 'bar' ? { xOffset: { field: series.key } } : {}),
      },
    };
  }
  const [x, ...ys] = cols;
  const yFmt = ys.length ? axisFormat(ys[0]) : {};
  const yTitle = typeof (chart.figure.layout.yaxis as { title?: unknown } | undefined)?.title === 'string'
    ? ((chart.figure.layout.yaxis as { title: string }).title)
    : ys.length === 1 ? ys[0].label : 'value';
  const labelExpr = ys.map((c) => `datum.series === ${JSON.stringify(c.key)} ? ${JSON.stringify(c.label)}`).join(' : ');
  return {
    ...base,
    transform: [
      { fold: ys.map((c) => c.key), as: ['series', 'value'] },
      { calculate: `${labelExpr} : datum.series`, as: 'Series' },
    ],
    mark,
    encoding: {
      x: { field: x.key, type: traceType === 'bar' ? 'nominal' : vlType(x), title: x.label },
      y: { field: 'value', type: 'quantitative', title: yTitle, axis: yFmt },
      color: { field: 'Series', type: 'nominal' },
      ...(traceType === 'bar' ? { xOffset: { field: 'Series' } } : {}),
    },
  };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The datavzrd YAML for a report whose CSVs were written at `files` (see writeCsvBundle). */
export function datavzrdConfig(report: Report, files: DatavzrdFile[]): string {
  const byId = new Map(files.map((f) => [f.id, f]));
  const datasets: Record<string, Yaml> = {};
  const views: Record<string, Yaml> = {};
  for (const section of report.sections) {
    for (const b of section.blocks) {
      if (b.type !== 'table' && b.type !== 'chart') continue;
      const f = byId.get(b.id);
      if (!f) continue;
      if (b.type === 'table') {
        datasets[b.id] = { path: f.path, separator: ',', headers: 1 };
        const columns: Record<string, Yaml> = {};
        for (const c of b.columns) {
          const p = precision(c);
          columns[c.key] = { label: c.unit ? `${c.label} (${c.unit})` : c.label, precision: p };
        }
        views[b.id] = {
          dataset: b.id,
          desc: new YamlBlock(oneLine(`**${section.heading}**: ${b.caption}`)),
          'page-size': 25,
          'render-table': { columns },
        };
      } else {
        const ds = `${b.id}-data`;
        datasets[ds] = { path: f.path, separator: ',', headers: 1 };
        views[`${b.id}-plot`] = {
          dataset: ds,
          desc: new YamlBlock(oneLine(`**${section.heading}**: ${b.caption}`)),
          'render-plot': { spec: new YamlBlock(JSON.stringify(vegaLiteSpec(b), null, 2)) },
        };
      }
    }
  }
  const doc: Record<string, Yaml> = {
    name: report.subtitle ? `${report.title}: ${report.subtitle}` : report.title,
    datasets,
    views,
  };
  return `# datavzrd config generated by PMOVES Workbench ${report.appVersion} (${report.generatedAt})\n# Build: cd into this folder, then: datavzrd datavzrd.yaml --output dashboard\n${toYaml(doc)}\n`;
}
