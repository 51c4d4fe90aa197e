/**
 * The DoX export bundle: a generic list of named files (run / Monte Carlo / validation exports,
 * or user-supplied CSV/JSON files) → checked, checksummed copies under
 * `<out>/artifacts/<timestamp>/bundle/`, the upload list, and the manifest.
 *
 * What DoX can ingest (spec §2.4, §2.11): `/upload` accepts .csv/.pdf/.xlsx/.xls (+ media) and
 * refuses `.json` and `.md` per file (while leaving an orphan artefact row). Hence:
 *   - csv/pdf/xlsx/xls → uploaded as is;
 *   - json → kept as is locally AND uploaded as a CSV rendering `<stem>_json.csv` (an array of
 *     flat objects becomes a table; anything else becomes `path,value` rows);
 *   - md → kept locally only (listed in the manifest with the reason).
 * Size (≤ 100 MB per uploaded file) and extension checks happen here, before any network use.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { stableStringify } from '../../src-shared/serialize/stableJson';
import { csvSafeText } from '../../src-shared/finance/csv';
import { contentTypeFor, DOX_MAX_FILE_BYTES, DOX_UPLOAD_EXTENSIONS, extensionOf, type UploadItem } from './client';
import { DoxFileRejected } from './errors';
import { makeDirs } from '../fs/makeDirs';

export type BundleFormat = 'csv' | 'json' | 'md';
export const BUNDLE_FORMATS: readonly BundleFormat[] = ['csv', 'json', 'md'];

/** One file of an export. `content` in memory, or `path` on disk (streamed, never fully read for hashing). */
export type ExportFile = {
  name: string;
  /** e.g. 'weekly-history', 'members', 'comparison', 'params', 'seeds', 'metrics', 'app-version', 'report'. */
  role?: string;
  /** The file CHR/datavzrd run on (default: the first uploaded CSV). */
  primary?: boolean;
} & ({ content: string | Uint8Array } | { path: string });

export type Disposition = 'upload' | 'upload-converted' | 'local-only';

export interface BundleEntry {
  name: string;
  role?: string;
  format: string;
  size: number;
  sha256: string;
  /** Path relative to the artifacts folder. */
  localPath: string;
  disposition: Disposition;
  /** What was (or would be) sent when it differs from `name` (JSON → CSV rendering). */
  uploadName?: string;
  uploadSize?: number;
  uploadSha256?: string;
  uploadLocalPath?: string;
  reason?: string;
  primary?: boolean;
}

export interface PreparedBundle {
  artifactsDir: string;
  entries: BundleEntry[];
  uploads: Array<UploadItem & { size: number; sha256: string; entry: BundleEntry }>;
  warnings: string[];
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/;

export function sanitiseName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '');
  return cleaned || 'file';
}

export function timestampFolder(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  await new Promise<void>((resolve, reject) => {
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve())
      .on('error', reject);
  });
  return h.digest('hex');
}
export function sha256Bytes(b: Uint8Array | string): string {
  return createHash('sha256').update(b).digest('hex');
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : typeof v === 'string' ? csvSafeText(v) : typeof v === 'boolean' ? String(v) : stableStringify(v, { nonFinite: 'null' });
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** JSON → CSV for DoX: an array of flat objects becomes a table; anything else `path,value` rows. */
export function jsonToCsv(value: unknown): string {
  const isFlatRecord = (o: unknown): o is Record<string, unknown> =>
    o !== null && typeof o === 'object' && !Array.isArray(o) && Object.values(o as object).every((v) => v === null || typeof v !== 'object');
  if (Array.isArray(value) && value.length > 0 && value.every(isFlatRecord)) {
    const cols = [...new Set(value.flatMap((r) => Object.keys(r)))];
    return [cols.map(csvCell).join(','), ...value.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
  }
  const rows: string[] = ['path,value'];
  const walk = (v: unknown, path: string) => {
    if (v !== null && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.keys(v as object).sort().map((k) => [k, (v as Record<string, unknown>)[k]] as const);
      if (entries.length === 0) rows.push(`${csvCell(path || '$')},${Array.isArray(v) ? '[]' : '{}'}`);
      for (const [k, x] of entries) walk(x, path ? `${path}.${k}` : k);
    } else rows.push(`${csvCell(path || '$')},${csvCell(v)}`);
  };
  walk(value, '');
  return rows.join('\n') + '\n';
}

/**
 * Copy/write every selected file under `<artifactsDir>/bundle/`, checksum it, decide what is
 * uploaded, and run the extension/size checks. Throws DoxFileRejected before any network use.
 */
export async function prepareBundle(
  files: ExportFile[],
  opts: { artifactsDir: string; formats?: readonly BundleFormat[]; maxFileBytes?: number },
): Promise<PreparedBundle> {
  const formats = new Set(opts.formats ?? BUNDLE_FORMATS);
  const max = opts.maxFileBytes ?? DOX_MAX_FILE_BYTES;
  const bundleDir = join(opts.artifactsDir, 'bundle');
  const uploadDir = join(opts.artifactsDir, 'upload');
  makeDirs(bundleDir);
  const entries: BundleEntry[] = [];
  const uploads: PreparedBundle['uploads'] = [];
  const warnings: string[] = [];
  const names = new Set<string>();
  const uploadNames = new Set<string>();

  for (const f of files) {
    const name = sanitiseName(f.name);
    if (!SAFE_NAME.test(name)) throw new DoxFileRejected(f.name, `"${f.name}" is not a usable file name (letters, digits, ".", "_" and "-" only)`);
    if (names.has(name)) throw new DoxFileRejected(name, `two bundle files are both named "${name}"; names must be unique`);
    names.add(name);
    const ext = extensionOf(name);
    const format = ext.slice(1);
    const isSelectable = (BUNDLE_FORMATS as readonly string[]).includes(format);
    if (isSelectable && !formats.has(format as BundleFormat)) continue; // not selected by --files
    const uploadable = (DOX_UPLOAD_EXTENSIONS as readonly string[]).includes(ext);
    if (!isSelectable && !uploadable) {
      throw new DoxFileRejected(name, `${name}: unsupported file type "${ext || '(none)'}"; a DoX bundle holds .csv, .json and .md files (and .pdf/.xlsx)`);
    }
    // size first (no copy of a huge file), then copy + checksum
    const srcSize = 'path' in f ? (await stat(f.path)).size : typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.byteLength;
    if (uploadable && srcSize > max) {
      throw new DoxFileRejected(name, `${name} is ${(srcSize / 1048576).toFixed(1)} MB; DoX accepts at most ${Math.round(max / 1048576)} MB per file — trim or split it (nothing was sent)`);
    }
    // An empty file is refused before anything is sent: DoX would store an artefact with no rows
    // (CSV facts and CHR units come from data rows, spec §2.4/§2.5). The app's own CSVs always have
    // their header row (toCsv), so this is a file given from disk (`dox push --bundle`).
    if (srcSize === 0 && (uploadable || format === 'json')) {
      throw new DoxFileRejected(name, `${name} is empty (0 bytes); DoX needs ${format === 'json' ? 'a JSON value' : 'a file with content (a CSV needs a header row and data rows)'}; fix or remove it from the bundle (nothing was sent)`);
    }
    const dest = join(bundleDir, name);
    if ('path' in f) await copyFile(f.path, dest);
    else await writeFile(dest, f.content);
    const sha256 = 'path' in f ? await sha256File(dest) : sha256Bytes(f.content);
    const entry: BundleEntry = { name, role: f.role, format, size: srcSize, sha256, localPath: `bundle/${name}`, disposition: 'local-only', ...(f.primary ? { primary: true } : {}) };
    if (uploadable) {
      entry.disposition = 'upload';
      uploads.push({ name, contentType: contentTypeFor(name), source: { path: dest }, size: srcSize, sha256, entry });
      uploadNames.add(name);
    } else if (format === 'json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(dest, 'utf8'));
      } catch {
        throw new DoxFileRejected(name, `${name} is not valid JSON; fix or remove it from the bundle`);
      }
      const csv = jsonToCsv(parsed);
      const upName = `${name.replace(/\.json$/i, '')}_json.csv`;
      if (uploadNames.has(upName) || names.has(upName)) throw new DoxFileRejected(upName, `the CSV rendering of ${name} (${upName}) clashes with another bundle file`);
      const bytes = Buffer.from(csv, 'utf8');
      if (bytes.byteLength > max) throw new DoxFileRejected(name, `the CSV rendering of ${name} is over ${Math.round(max / 1048576)} MB; DoX would refuse it`);
      makeDirs(uploadDir);
      await writeFile(join(uploadDir, upName), bytes);
      Object.assign(entry, {
        disposition: 'upload-converted' as const,
        uploadName: upName,
        uploadSize: bytes.byteLength,
        uploadSha256: sha256Bytes(bytes),
        uploadLocalPath: `upload/${upName}`,
        reason: 'DoX /upload refuses .json; sent as a CSV rendering, original kept in the bundle',
      });
      uploads.push({ name: upName, contentType: 'text/csv', source: { path: join(uploadDir, upName) }, size: bytes.byteLength, sha256: entry.uploadSha256!, entry });
      uploadNames.add(upName);
    } else {
      entry.reason = `DoX /upload refuses ${ext} files; kept in the local bundle only`;
      warnings.push(`${name}: not sent (DoX does not ingest ${ext}); kept in the bundle`);
    }
    entries.push(entry);
  }
  if (entries.length === 0) throw new DoxFileRejected('', 'the bundle is empty: no file matched --files');
  if (uploads.length === 0) {
    throw new DoxFileRejected('', 'nothing in the bundle can be sent to DoX (it ingests .csv, and .json as CSV); add csv or json to --files');
  }
  return { artifactsDir: opts.artifactsDir, entries, uploads, warnings };
}

/** The artefact CHR and datavzrd run on: the primary file, else the first uploaded CSV. */
export function primaryUpload(b: PreparedBundle): PreparedBundle['uploads'][number] {
  return b.uploads.find((u) => u.entry.primary) ?? b.uploads.find((u) => extensionOf(u.name) === '.csv') ?? b.uploads[0];
}
