/**
 * pushBundle: the whole DoX push (bundle → health → upload → artefact ids → CHR → dashboard →
 * questions/searches), with per-step progress, used by the CLI and the API layer alike.
 * Everything lands under `<outDir>/artifacts/<timestamp>/`:
 *   bundle/…            the exported files as sent or kept (sha256 in the manifest)
 *   upload/…            CSV renderings of JSON files (what was actually sent)
 *   requests.json       (dry run) the exact requests, JWT redacted — no network is touched
 *   chr/chr_result.json, chr/<table>.csv   CHR result and table (full table when DoX lets us
 *                       download it, else the preview rows)
 *   datavzrd/viz.yaml, datavzrd/dashboard.json, datavzrd/dashboard.url
 *   manifest.json       what was sent, with checksums, artefact ids, results, warnings, error
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stableStringify } from '../../src-shared/serialize/stableJson';
import { count, fileSize, plural } from '../../src-shared/report/format';
import { prepareBundle, primaryUpload, timestampFolder, type BundleEntry, type BundleFormat, type ExportFile, type PreparedBundle } from './bundle';
import { DoxClient, DOX_DEFAULT_URL, DOX_TIMEOUTS, doxDashboardUrl, normaliseBaseUrl, type ChrResult, type DoxClientOptions, type DoxGeneration } from './client';
import { DoxError } from './errors';
import { makeDirs } from '../fs/makeDirs';

export const DOX_MANIFEST_SCHEMA = 'pmoves-workbench.dox-push/1';

export type PushStepName = 'bundle' | 'health' | 'upload' | 'artifact' | 'chr' | 'dashboard' | 'ask' | 'search' | 'done';
export interface PushStepEvent {
  step: PushStepName;
  status: 'start' | 'ok' | 'skip' | 'warn' | 'fail';
  message: string;
}

export interface PushOptions {
  files: ExportFile[];
  /** Which bundle formats to include (default all: csv, json, md). */
  formats?: readonly BundleFormat[];
  /** Artifacts go to `<outDir>/artifacts/<timestamp>/`. */
  outDir: string;
  url?: string;
  fallbackUrls?: string[];
  jwt?: string;
  dryRun?: boolean;
  /** Run CHR with this K on the primary artefact. `datavzrd` without `chr` runs CHR with K = 8 first. */
  chr?: { K: number; iters?: number };
  datavzrd?: boolean;
  ask?: string[];
  search?: string[];
  source?: { run?: string; validation?: string; bundleFiles?: string[] };
  appVersion?: string;
  /** Datavzrd poll cap (default 30 s; 0 = don't poll). */
  dashboardWaitMs?: number;
  clientOptions?: Partial<DoxClientOptions>;
  correlationId?: string;
  now?: () => Date;
  signal?: AbortSignal;
}

export interface PlannedRequest {
  step: PushStepName;
  method: string;
  url: string;
  headers: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  multipart?: Array<{ field: 'files'; filename: string; contentType: string; size: number; sha256: string }>;
  note?: string;
}

export interface DoxManifest {
  schema: typeof DOX_MANIFEST_SCHEMA;
  createdAt: string;
  correlationId: string;
  doxUrl: string;
  generation?: DoxGeneration;
  dryRun: boolean;
  status: 'ok' | 'failed' | 'dry-run';
  appVersion?: string;
  source: { run?: string; validation?: string; bundleFiles?: string[] };
  artifactsDir: string;
  files: BundleEntry[];
  /** What went to POST /upload (names as sent, with size and sha256). */
  sent: Array<{ filename: string; size: number; sha256: string; from: string }>;
  artifacts: Array<{ filename: string; artifactId: string }>;
  chr?: Omit<ChrResult, 'previewRows'> & { previewRows: ChrResult['previewRows']; localCsv: string; fullTable: boolean };
  datavzrd?: { relViz: string; dashboardUrl: string; dashboardReady: boolean; localVizYaml: string; downloaded: boolean };
  answers: Array<{ question: string; answer?: string; metric?: string | null; total?: number | null; error?: string }>;
  searches: Array<{ q: string; count?: number; results?: Array<{ score: number; text: string }>; error?: string }>;
  requestsFile?: string;
  warnings: string[];
  /** Diagnostics: the raw body (≤ 2 KB, JWT redacted) of each malformed or unexpected DoX response (spec §4 F10). */
  log?: string[];
  steps: Array<PushStepEvent & { at: string }>;
  error?: { code: string; message: string };
}

export interface PushResult {
  manifest: DoxManifest;
  artifactsDir: string;
  manifestPath: string;
}

export class DoxPushError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly result: PushResult,
  ) {
    super((cause as Error)?.message ?? String(cause));
    this.name = 'DoxPushError';
  }
  get code(): string {
    return this.cause instanceof DoxError ? this.cause.code : 'internal';
  }
}

function chrCsv(rows: ChrResult['previewRows']): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return ['idx,constellation,radius,text,page', ...rows.map((r) => [r.idx, r.constellation, r.radius, r.text, r.page ?? ''].map(cell).join(','))].join('\n') + '\n';
}

/** A datavzrd config equivalent to what DoX writes (spec §2.6), pointing at the local CHR CSV. */
function localVizYaml(title: string, csvRel: string): string {
  return [
    `name: ${JSON.stringify(title)}`,
    'datasets:',
    '  chr:',
    `    path: ${JSON.stringify(csvRel)}`,
    '    separator: ","',
    'views:',
    '  overview:',
    '    dataset: chr',
    '    desc: "Rows per constellation and radius distribution"',
    '    render-plot:',
    '      spec: |',
    '        {"mark": "bar", "encoding": {"x": {"field": "constellation", "type": "ordinal"}, "y": {"aggregate": "count", "type": "quantitative"}}}',
    '  details:',
    '    dataset: chr',
    '    render-table:',
    '      columns:',
    '        text:',
    '          spell:',
    '            url: v1.4.0/utils/text',
    '            with:',
    '              chars_per_line: 80',
    '',
  ].join('\n');
}

export async function pushBundle(options: PushOptions, onStep: (e: PushStepEvent) => void = () => {}): Promise<PushResult> {
  const now = options.now ?? (() => new Date());
  const created = now();
  const artifactsDir = join(options.outDir, 'artifacts', timestampFolder(created));
  makeDirs(artifactsDir);
  const correlationId = options.correlationId ?? randomUUID();
  const dryRun = options.dryRun ?? false;
  const baseUrl = normaliseBaseUrl(options.url ?? DOX_DEFAULT_URL);
  const manifest: DoxManifest = {
    schema: DOX_MANIFEST_SCHEMA,
    createdAt: created.toISOString(),
    correlationId,
    doxUrl: baseUrl,
    dryRun,
    status: dryRun ? 'dry-run' : 'failed',
    ...(options.appVersion ? { appVersion: options.appVersion } : {}),
    source: options.source ?? {},
    artifactsDir,
    files: [],
    sent: [],
    artifacts: [],
    answers: [],
    searches: [],
    warnings: [],
    steps: [],
  };
  const manifestPath = join(artifactsDir, 'manifest.json');
  const step = (s: PushStepName, status: PushStepEvent['status'], message: string) => {
    const e = { step: s, status, message };
    manifest.steps.push({ ...e, at: now().toISOString() });
    if (status === 'warn') manifest.warnings.push(message);
    onStep(e);
  };
  const save = async () => {
    await writeFile(
      manifestPath,
      stableStringify(manifest, { space: 2, nonFinite: 'null', onNonFinite: (p) => manifest.warnings.push(`${p} was not a finite number; written as null`) }) + '\n',
    );
  };
  const wantChr = options.chr !== undefined || options.datavzrd === true;
  const chrK = options.chr?.K ?? 8;
  let current: PushStepName = 'bundle';

  const client = new DoxClient({
    baseUrl,
    fallbackUrls: options.fallbackUrls,
    jwt: options.jwt,
    signal: options.signal,
    onNotice: (m) => step(current, 'warn', m),
    // The manifest is the push's log (file + dox_pushes row); without this the snippet was dropped.
    onLog: (m) => (manifest.log ??= []).push(m),
    ...options.clientOptions,
  });

  try {
    step('bundle', 'start', `preparing ${plural(options.files.length, 'file')} under ${artifactsDir}`);
    const bundle: PreparedBundle = await prepareBundle(options.files, { artifactsDir, formats: options.formats });
    manifest.files = bundle.entries;
    manifest.sent = bundle.uploads.map((u) => ({ filename: u.name, size: u.size, sha256: u.sha256, from: u.entry.localPath }));
    for (const w of bundle.warnings) manifest.warnings.push(w);
    step('bundle', 'ok', `${plural(bundle.entries.length, 'file')} in the bundle, ${count(bundle.uploads.length)} to send (${fileSize(manifest.sent.reduce((a, s) => a + s.size, 0))})`);
    const primary = primaryUpload(bundle);

    if (dryRun) {
      const plan = planRequests(client, baseUrl, correlationId, bundle, primary.name, options, wantChr, chrK);
      const requestsFile = join(artifactsDir, 'requests.json');
      await writeFile(requestsFile, stableStringify({ correlationId, dryRun: true, requests: plan }, { space: 2 }) + '\n');
      manifest.requestsFile = 'requests.json';
      // Every step the push would take, questions and searches included, so the plan on screen and requests.json agree.
      for (const s of ['health', 'upload', 'artifact', 'chr', 'dashboard', 'ask', 'search'] as const) {
        if ((s === 'chr' && !wantChr) || (s === 'dashboard' && !options.datavzrd)) continue;
        if (plan.every((p) => p.step !== s)) continue;
        step(s, 'skip', `dry run: ${plural(plan.filter((p) => p.step === s).length, 'request')} written to requests.json, none sent`);
      }
      manifest.status = 'dry-run';
      step('done', 'ok', `dry run complete: ${artifactsDir}`);
      await save();
      return { manifest, artifactsDir, manifestPath };
    }

    current = 'health';
    step('health', 'start', `checking DoX at ${baseUrl}`);
    const health = await client.ensureHealthy();
    manifest.doxUrl = health.url;
    manifest.generation = health.generation;
    step('health', 'ok', `DoX ${health.generation === 'head' ? 'HEAD (8484 generation)' : health.generation === 'pin' ? 'pinned (8000 generation)' : ''} is up at ${health.url}${health.version ? ` (version ${health.version})` : ''}`);

    current = 'upload';
    step('upload', 'start', `uploading ${plural(bundle.uploads.length, 'file')} with report_week=${correlationId}`);
    const outcome = await client.upload(bundle.uploads, { correlationId });
    step('upload', 'ok', `DoX accepted ${plural(outcome.files.length, 'file')}`);

    current = 'artifact';
    step('artifact', 'start', 'resolving artefact ids');
    const ids = new Map<string, string>();
    for (const f of outcome.files) {
      let id = f.artifactId;
      if (!id && f.taskId) id = (await client.waitForTask(f.taskId, { onPoll: (n) => step('artifact', 'start', `${f.filename}: processing (poll ${n})`) })).artifactId;
      if (id) ids.set(f.filename, id);
    }
    // Every other file from one GET /artifacts (as requests.json plans it), not one listing per file.
    const listed = await client.resolveArtifactIds(outcome.files.filter((f) => !ids.has(f.filename)).map((f) => f.filename), correlationId);
    for (const f of outcome.files) manifest.artifacts.push({ filename: f.filename, artifactId: ids.get(f.filename) ?? listed.get(f.filename)! });
    step('artifact', 'ok', manifest.artifacts.map((a) => `${a.filename} → ${a.artifactId}`).join(', '));
    const target = manifest.artifacts.find((a) => a.filename === primary.name) ?? manifest.artifacts[0];

    if (wantChr) {
      current = 'chr';
      step('chr', 'start', `CHR (K=${chrK}) on ${target.filename}${options.chr ? '' : ' (needed by the dashboard)'}; this can take a couple of minutes on CPU`);
      const chr = await client.chr(target.artifactId, { K: chrK, ...(options.chr?.iters ? { iters: options.chr.iters } : {}) });
      const chrDir = join(artifactsDir, 'chr');
      makeDirs(chrDir);
      let fullTable = false;
      let localCsv = 'chr/chr_preview.csv';
      if (chr.relCsv) {
        try {
          const bytes = await client.download(chr.relCsv);
          const fileName = chr.relCsv.split('/').pop() ?? 'chr.csv';
          await writeFile(join(chrDir, fileName), bytes);
          localCsv = `chr/${fileName}`;
          fullTable = true;
        } catch (e) {
          step('chr', 'warn', `the full CHR table is not downloadable from this DoX (${downloadFailure(e, manifest.generation)}); saved the ${chr.previewRows.length} preview rows instead`);
        }
      }
      if (!fullTable) await writeFile(join(chrDir, 'chr_preview.csv'), chrCsv(chr.previewRows));
      await writeFile(join(chrDir, 'chr_result.json'), stableStringify(chr, { space: 2, nonFinite: 'null' }) + '\n');
      manifest.chr = { ...chr, localCsv, fullTable };
      step('chr', 'ok', `MHEP ${chr.mhep.toFixed(2)}, Hg ${chr.Hg.toFixed(3)}, Hs ${chr.Hs.toFixed(3)}, ${chr.units} units in ${chr.K} constellations`);
    }

    if (options.datavzrd) {
      current = 'dashboard';
      step('dashboard', 'start', `generating the datavzrd dashboard for ${target.filename}`);
      const viz = await client.datavzrd(target.artifactId, { title: `PMOVES Workbench – ${target.filename}` });
      const vizDir = join(artifactsDir, 'datavzrd');
      makeDirs(vizDir);
      let downloaded = false;
      try {
        await writeFile(join(vizDir, 'viz.yaml'), await client.download(viz.relViz));
        downloaded = true;
      } catch {
        await writeFile(join(vizDir, 'viz.yaml'), localVizYaml(`CHR – ${target.filename}`, `../${manifest.chr?.localCsv ?? 'chr/chr_preview.csv'}`));
        step('dashboard', 'warn', `DoX does not serve ${viz.relViz} for download; wrote an equivalent viz.yaml pointing at the local CHR table`);
      }
      const waitMs = options.dashboardWaitMs ?? 30_000;
      const ready = waitMs > 0 ? await client.waitForDashboard(viz.dashboardUrl, { capMs: waitMs }) : false;
      await writeFile(join(vizDir, 'dashboard.url'), `${viz.dashboardUrl}\n`);
      await writeFile(join(vizDir, 'dashboard.json'), stableStringify({ ...viz, dashboardReady: ready }, { space: 2 }) + '\n');
      manifest.datavzrd = { relViz: viz.relViz, dashboardUrl: viz.dashboardUrl, dashboardReady: ready, localVizYaml: 'datavzrd/viz.yaml', downloaded };
      if (ready) step('dashboard', 'ok', `dashboard at ${viz.dashboardUrl}`);
      else step('dashboard', 'warn', `dashboard written (${viz.relViz}) but ${viz.dashboardUrl} did not answer${waitMs > 0 ? ` within ${Math.round(waitMs / 1000)} s` : ''}; start the datavzrd container (docker compose --profile tools up -d datavzrd)`);
    }

    for (const q of options.ask ?? []) {
      current = 'ask';
      try {
        const a = await client.ask(q);
        manifest.answers.push({ question: q, answer: a.answer, metric: a.metric, total: a.total });
        step('ask', 'ok', `${q} → ${a.answer}`);
      } catch (e) {
        if (e instanceof DoxError && (e.code === 'unreachable' || e.code === 'aborted')) throw e;
        manifest.answers.push({ question: q, error: (e as Error).message });
        step('ask', 'warn', `question failed: ${(e as Error).message}`);
      }
    }
    for (const q of options.search ?? []) {
      current = 'search';
      try {
        const r = await client.search(q);
        manifest.searches.push({ q, count: r.count, results: r.results.map((x) => ({ score: x.score, text: x.text.slice(0, 500) })) });
        step('search', 'ok', `"${q}": ${plural(r.count, 'hit')}${r.count === 0 ? ' (DoX indexes PDF text, APIs, logs and tags, not CSV uploads)' : ''}`);
      } catch (e) {
        if (e instanceof DoxError && (e.code === 'unreachable' || e.code === 'aborted')) throw e;
        manifest.searches.push({ q, error: (e as Error).message });
        step('search', 'warn', `search failed: ${(e as Error).message}`);
      }
    }

    manifest.status = 'ok';
    step('done', 'ok', `pushed; artefacts under ${artifactsDir}`);
    await save();
    return { manifest, artifactsDir, manifestPath };
  } catch (e) {
    manifest.status = 'failed';
    manifest.error = { code: e instanceof DoxError ? e.code : 'internal', message: (e as Error).message };
    step(current, 'fail', (e as Error).message);
    await save().catch(() => undefined);
    throw new DoxPushError(e, { manifest, artifactsDir, manifestPath });
  }
}

/**
 * Why GET /download failed, in a few words. DoX HEAD serves only uploaded files there (with a JWT),
 * so CHR outputs are 404 even with one (spec §2.4): its 401 must not send the user for a JWT.
 */
function downloadFailure(e: unknown, generation: DoxGeneration | undefined): string {
  if (e instanceof DoxError && e.status !== undefined) {
    const head = generation === 'head' ? `; DoX HEAD serves only uploaded files there${e.status === 401 ? ', so a JWT would not help' : ''}` : '';
    return `GET /download answered HTTP ${e.status}${head}`;
  }
  return (e as Error).message.slice(0, 160);
}

function planRequests(
  client: DoxClient,
  baseUrl: string,
  correlationId: string,
  bundle: PreparedBundle,
  primaryName: string,
  options: PushOptions,
  wantChr: boolean,
  chrK: number,
): PlannedRequest[] {
  const plan: PlannedRequest[] = [];
  const u = (p: string, q?: Record<string, string>) => {
    const url = new URL(baseUrl + p);
    for (const [k, v] of Object.entries(q ?? {})) url.searchParams.set(k, v);
    return url.toString();
  };
  const none = client.describeHeaders('none');
  const json = client.describeHeaders('json');
  plan.push({ step: 'health', method: 'GET', url: u('/health'), headers: none, note: `timeout ${DOX_TIMEOUTS.probeMs / 1000} s; then GET /healthz to tell the generation; falls back to :8000 if :8484 fails` });
  plan.push({ step: 'health', method: 'GET', url: u('/healthz'), headers: none, note: 'absent on the pinned generation' });
  const hasPdf = bundle.uploads.some((x) => x.name.toLowerCase().endsWith('.pdf'));
  const query: Record<string, string> = { report_week: correlationId, ...(hasPdf ? { async_pdf: 'true' } : {}) };
  const totalMb = Math.ceil(bundle.uploads.reduce((a, x) => a + x.size, 0) / 1048576);
  plan.push({
    step: 'upload',
    method: 'POST',
    url: u('/upload', query),
    headers: client.describeHeaders('multipart'),
    query,
    multipart: bundle.uploads.map((x) => ({ field: 'files', filename: x.name, contentType: x.contentType ?? 'application/octet-stream', size: x.size, sha256: x.sha256 })),
    note: `timeout ${(DOX_TIMEOUTS.uploadBaseMs + totalMb * DOX_TIMEOUTS.uploadPerMbMs) / 1000} s; never retried once sent`,
  });
  for (const x of bundle.uploads) {
    if (x.name.toLowerCase().endsWith('.pdf')) plan.push({ step: 'artifact', method: 'GET', url: u('/tasks/<task_id>'), headers: none, note: `${x.name}: polled 1 s → 5 s, 10 min cap` });
  }
  if (bundle.uploads.some((x) => !x.name.toLowerCase().endsWith('.pdf'))) {
    plan.push({ step: 'artifact', method: 'GET', url: u('/artifacts'), headers: none, note: `pick report_week=${correlationId} and the filename` });
  }
  if (wantChr) {
    plan.push({
      step: 'chr',
      method: 'POST',
      url: u('/structure/chr'),
      headers: json,
      json: { artifact_id: `<artifact id of ${primaryName}>`, K: chrK, iters: options.chr?.iters ?? 30, bins: 8, seed: 42, beta: 12, units_mode: 'paragraphs', include_tables: true },
      note: 'timeout 120 s',
    });
    plan.push({ step: 'chr', method: 'GET', url: u('/download', { rel: '<artifacts.rel_csv>' }), headers: none, note: 'best effort; HEAD serves only artefact files' });
  }
  if (options.datavzrd) {
    plan.push({ step: 'dashboard', method: 'POST', url: u('/viz/datavzrd'), headers: json, json: { artifact_id: `<artifact id of ${primaryName}>`, title: `PMOVES Workbench – ${primaryName}` }, note: 'timeout 120 s' });
    plan.push({ step: 'dashboard', method: 'GET', url: u('/download', { rel: '<rel_viz>' }), headers: none, note: 'best effort (viz.yaml); else an equivalent viz.yaml is written locally' });
    plan.push({ step: 'dashboard', method: 'GET', url: doxDashboardUrl(baseUrl, client.datavzrdPort), headers: {}, note: 'polled until 200, 30 s cap' });
  }
  for (const q of options.ask ?? []) plan.push({ step: 'ask', method: 'POST', url: u('/ask', { question: q }), headers: none, query: { question: q }, note: 'empty body' });
  for (const q of options.search ?? []) plan.push({ step: 'search', method: 'POST', url: u('/search'), headers: json, json: { q, k: 5 } });
  return plan;
}
