import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { toCsv, type CsvValue } from '../../src-shared/finance/csv';
import { formatDelta, formatMetricValue, rawText } from '../../src-shared/report/format';
import { chartData, dataBlocks, inputRows, runInputTable, type Report, type TableLike } from '../../src-shared/report/model';
import { datavzrdConfig, type DatavzrdFile } from './datavzrd';
import { ReportError, throwIfAborted } from './errors';
import { makeDirs } from '../fs/makeDirs';

/**
 * CSV/JSON bundle written to a folder:
 *   report.json          the whole report model (validated, pretty-printed)
 *   tables/<id>.csv      one per table, header = column keys, raw values (exact)
 *   charts/<id>.csv      one per chart's data
 *   key-metrics.csv      every key metric (raw value + formatted value + delta)
 *   inputs.csv           parameters, seeds, snapshot id…
 *   inputs-by-run.csv    a comparison's inputs: name, differs, one run_<id> column per run
 *   datavzrd.yaml        datavzrd config over the CSVs
 *   manifest.json        file list with rows, columns (key, label, type), bytes, sha256
 *   README.txt           what is where
 * CSVs are RFC 4180 (CRLF, quoted when needed, doubled quotes), UTF-8 without BOM.
 * The folder is built beside the target and renamed into place, so a failure leaves no half bundle.
 */

export interface BundleFile {
  path: string;
  kind: 'report' | 'table' | 'chart' | 'metrics' | 'inputs' | 'datavzrd' | 'readme';
  id?: string;
  caption?: string;
  rows?: number;
  columns?: { key: string; label: string; type: string; unit?: string }[];
  bytes: number;
  sha256: string;
}

export interface BundleResult {
  dir: string;
  files: BundleFile[];
  bytes: number;
}

export interface BundleOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Replace an existing non-empty folder that is not a previous bundle (default false). */
  overwrite?: boolean;
}

export function tableCsv(t: TableLike): string {
  const rows: CsvValue[][] = [t.columns.map((c) => c.key)];
  for (const r of t.rows) rows.push(t.columns.map((c) => rawText(r[c.key])));
  return toCsv(rows);
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * A folder this writer made before, which it may replace: its manifest.json is a bundle manifest
 * and lists everything in the folder. Any manifest.json (a web app's, a DoX artefact's) or a file
 * added to a bundle afterwards is not enough: replacing the folder would delete those files.
 */
async function isPreviousBundle(dir: string, entries: string[]): Promise<boolean> {
  if (!entries.includes('manifest.json')) return false;
  let m: unknown;
  try {
    m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return false;
  }
  const files = (m as { files?: unknown } | null)?.files;
  if (!m || typeof m !== 'object' || typeof (m as { schemaVersion?: unknown }).schemaVersion !== 'number' || typeof (m as { appVersion?: unknown }).appVersion !== 'string' || !Array.isArray(files)) return false;
  const listed = new Set(['manifest.json', ...files.map((f) => String((f as { path?: unknown })?.path ?? '').split('/')[0])]);
  return entries.every((e) => listed.has(e));
}

export async function writeCsvBundle(report: Report, outDir: string, options: BundleOptions = {}): Promise<BundleResult> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  if (await exists(outDir)) {
    const entries = await readdir(outDir).catch(() => {
      throw new ReportError('TARGET_EXISTS', `${outDir} exists and is not a folder`);
    });
    if (entries.length > 0 && !(await isPreviousBundle(outDir, entries)) && !options.overwrite) {
      throw new ReportError('TARGET_EXISTS', `${outDir} is not empty and is not a previous report bundle; choose a new or empty folder (--overwrite on the command line deletes everything in it first)`);
    }
  }
  makeDirs(dirname(outDir));
  const tmp = join(dirname(outDir), `.${basename(outDir)}.partial-${randomBytes(4).toString('hex')}`);
  makeDirs(join(tmp, 'tables'));
  makeDirs(join(tmp, 'charts'));
  const files: BundleFile[] = [];
  const put = async (rel: string, text: string, meta: Omit<BundleFile, 'path' | 'bytes' | 'sha256'>) => {
    const buf = Buffer.from(text, 'utf8');
    await writeFile(join(tmp, rel), buf);
    files.push({ path: rel, ...meta, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
  };
  try {
    const blocks = dataBlocks(report);
    const dv: DatavzrdFile[] = [];
    let done = 0;
    for (const { block } of blocks) {
      throwIfAborted(signal);
      const kind = block.type;
      const data = kind === 'table' ? block : chartData(block);
      const rel = `${kind === 'table' ? 'tables' : 'charts'}/${block.id}.csv`;
      await put(rel, tableCsv(data), {
        kind,
        id: block.id,
        caption: block.caption,
        rows: data.rows.length,
        columns: data.columns.map((c) => ({ key: c.key, label: c.label, type: c.type, ...(c.unit ? { unit: c.unit } : {}) })),
      });
      dv.push({ id: block.id, kind, path: rel });
      onProgress?.((++done / (blocks.length + 3)) * 0.9);
    }
    const metricRows: CsvValue[][] = [['section', 'label', 'value', 'formatted', 'type', 'unit', 'delta', 'delta_unit', 'delta_formatted', 'delta_better']];
    for (const s of report.sections) {
      for (const b of s.blocks) {
        if (b.type !== 'keyMetrics') continue;
        for (const m of b.items) {
          metricRows.push([
            s.id,
            m.label,
            rawText(m.value),
            formatMetricValue(m),
            m.type,
            m.unit ?? '',
            m.delta ? rawText(m.delta.value) : '',
            // A rate's difference is in percentage points beside a value that is a fraction.
            m.delta?.unit ?? '',
            m.delta ? formatDelta(m.delta).text : '',
            m.delta ? m.delta.better : '',
          ]);
        }
      }
    }
    if (metricRows.length > 1) {
      await put('key-metrics.csv', toCsv(metricRows), { kind: 'metrics', rows: metricRows.length - 1 });
    }
    const inputs = inputRows(report);
    await put('inputs.csv', toCsv([['name', 'value'], ...inputs.map((r) => [r.name, r.value])]), { kind: 'inputs', rows: inputs.length });
    const perRun = runInputTable(report);
    if (perRun) {
      const header = ['name', 'differs', ...perRun.runs.map((r) => `run_${r.id}`)];
      const rows = perRun.rows.map((r) => [r.name, r.differs ? 'true' : 'false', ...r.values.map((v) => v ?? '')]);
      await put('inputs-by-run.csv', toCsv([header, ...rows]), { kind: 'inputs', rows: rows.length });
    }
    await put('report.json', `${JSON.stringify(report, null, 2)}\n`, { kind: 'report' });
    await put('datavzrd.yaml', datavzrdConfig(report, dv), { kind: 'datavzrd' });
    await put(
      'README.txt',
      [
        `${report.title}`,
        `Generated ${report.generatedAt} by PMOVES Workbench ${report.appVersion}.`,
        '',
        'report.json      the complete report (tables, charts, metrics, inputs)',
        'tables/*.csv     one CSV per table (header row = column keys; labels are in manifest.json)',
        'charts/*.csv     the data behind each chart',
        'key-metrics.csv  headline numbers',
        'inputs.csv       parameters, seeds and sources needed to reproduce the report',
        ...(perRun ? ['inputs-by-run.csv  each compared run\'s seed, model and parameters (one column per run)'] : []),
        'datavzrd.yaml    interactive dashboard: cd here, then run  datavzrd datavzrd.yaml --output dashboard',
        '',
        'CSV files are RFC 4180, UTF-8, comma-separated, CRLF line endings. Percent columns hold fractions (0.125 = 12.5%); a column with the unit "pts" in manifest.json holds percentage points (a difference of two rates: 2.5 = 2.5 points).',
        '',
      ].join('\r\n'),
      { kind: 'readme' },
    );
    const manifest = {
      schemaVersion: report.schemaVersion,
      title: report.title,
      kind: report.kind,
      generatedAt: report.generatedAt,
      appVersion: report.appVersion,
      files,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(join(tmp, 'manifest.json'), manifestText);
    throwIfAborted(signal);
    if (await exists(outDir)) await rm(outDir, { recursive: true, force: true });
    await rename(tmp, outDir);
    onProgress?.(1);
    const bytes = files.reduce((a, f) => a + f.bytes, 0) + Buffer.byteLength(manifestText);
    return { dir: outDir, files, bytes };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
