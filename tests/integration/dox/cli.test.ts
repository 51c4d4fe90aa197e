/** `workbench dox push|health` through commander (exitOverride, injected deps) against the mock DoX. */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../../src-main/cli/errors';
import { registerDoxCommands, type DoxCliDeps } from '../../../src-main/cli/commands/dox';
import { ManualClock } from '../../../src-main/dox/clock';
import type { ExportFile } from '../../../src-main/dox/bundle';
import type { DoxManifest } from '../../../src-main/dox/push';
import { signTestJwt, startMockDox, type MockDox } from '../../mocks/dox/server';
import { runCli } from '../../helpers/cli';

const RUN_FILES: ExportFile[] = [
  { name: 'weekly_history.csv', role: 'weekly-history', primary: true, content: 'week,revenue,spend,avg_wealth\n1,100,40,10\n2,120,50,11\n3,90,30,12\n' },
  { name: 'members.csv', role: 'members', content: 'member,group,wealth\nm1,A,10\nm2,B,12\n' },
  { name: 'params.json', role: 'params', content: '{"weeks":52,"members":2}' },
  { name: 'metrics.json', role: 'metrics', content: '{"gini":0.3}' },
  { name: 'report.md', role: 'report', content: '# Run r-7\n' },
];

let dir: string;
let mock: MockDox | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dox-cli-'));
});
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  out: string;
  err: string;
  error?: Error;
  records: DoxManifest[];
  loads: Array<[string, string, readonly string[]]>;
}

async function run(args: string[], over: Partial<DoxCliDeps> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const records: DoxManifest[] = [];
  const loads: Run['loads'] = [];
  const deps: DoxCliDeps = {
    dataDir: dir,
    loadExport: async (kind, id, formats) => {
      loads.push([kind, id, formats]);
      if (id === 'missing') throw new CliError(`no ${kind} with id ${id}`, ExitCode.usage);
      return { id: id === 'latest' ? 'r-7' : id, files: RUN_FILES };
    },
    recordPush: (m) => void records.push(m),
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    env: {},
    appVersion: '0.1.0-test',
    clientOptions: { fallbackUrls: [], clock: new ManualClock(), timeouts: { probeMs: 2000 } },
    dashboardWaitMs: 0,
    ...over,
  };
  const program = new Command('workbench').exitOverride();
  registerDoxCommands(program, deps);
  try {
    await program.parseAsync(['node', 'workbench', ...args]);
    return { code: 0, out, err, records, loads };
  } catch (e) {
    const code = e instanceof CliError ? e.exitCode : (e as { exitCode?: number }).exitCode ?? 1;
    return { code, out, err, error: e as Error, records, loads };
  }
}

describe('workbench dox push — argument parsing and exit codes', () => {
  it('needs --run, --validation or --bundle (exit 2)', async () => {
    const r = await run(['dox', 'push', '--dry-run']);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.error!.message).toMatch(/--run ID\|latest, --validation ID\|latest or --bundle/);
  });

  it.each([
    [['--files', 'csv,xml'], /"xml" is not a bundle format/],
    [['--files', ','], /comma-separated list/],
    [['--files', 'md', '--chr', '4'], /--files md: nothing DoX can ingest/], // was exit 1 after writing the bundle
    [['--chr', '0'], /positive integer/],
    [['--chr', '-3'], /positive integer|unknown option/],
    [['--chr', '2.5'], /positive integer/],
    [['--chr', 'abc'], /positive integer/],
    [['--url', 'not a url'], /not a valid URL/],
    [['--url', 'ftp://x'], /http/],
    [['--ask', '  '], /non-empty question/],
    [['--search', ''], /non-empty query/],
    [['--bogus'], /unknown option/],
    [['--chr'], /argument missing/],
  ])('bad %j → exit 2', async (extra, msg) => {
    const r = await run(['dox', 'push', '--run', 'latest', '--dry-run', ...extra]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.error!.message).toMatch(msg);
  });

  it('--bundle rejects other extensions and missing files (exit 2)', async () => {
    const txt = join(dir, 'x.txt');
    await writeFile(txt, 'x');
    expect((await run(['dox', 'push', '--bundle', txt, '--dry-run'])).code).toBe(ExitCode.usage);
    const r = await run(['dox', 'push', '--bundle', join(dir, 'nope.csv'), '--dry-run']);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.error!.message).toMatch(/file not found/);
  });

  it('an --out folder that cannot be written → exit 2 naming --out, before any export or push record', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const out = join(file, 'artifacts-here');
    const r = await run(['dox', 'push', '--run', 'latest', '--dry-run', '--out', out]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.error!.message).toContain(`--out ${out}: cannot write into ${out}`);
    expect(r.error!.message).toContain('(ENOTDIR)');
    expect(r.loads).toEqual([]);
    expect(r.records).toEqual([]);
  });

  it('an unknown run id from loadExport keeps its exit code', async () => {
    const r = await run(['dox', 'push', '--run', 'missing', '--dry-run']);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.error!.message).toMatch(/no run with id missing/);
  });

  it('--dry-run writes the bundle, the exact requests (JWT redacted) and the manifest, with no network', async () => {
    const jwt = signTestJwt('s3cret');
    const r = await run(
      ['dox', 'push', '--run', 'latest', '--files', 'csv,json,md', '--chr', '5', '--datavzrd', '--ask', 'total revenue?', '--ask', 'average spend?', '--search', 'wealth', '--dry-run', '--json', '--url', 'http://127.0.0.1:9', '--out', join(dir, 'o')],
      { env: { DOX_JWT: jwt } },
    );
    expect(r.code).toBe(0);
    expect(r.loads).toEqual([['run', 'latest', ['csv', 'json', 'md']]]);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.status).toBe('dry-run');
    expect(j.artifactsDir.startsWith(join(dir, 'o', 'artifacts'))).toBe(true);
    const reqText = await readFile(j.requestsPath, 'utf8');
    expect(reqText).not.toContain(jwt);
    const reqs = JSON.parse(reqText).requests as Array<Record<string, any>>;
    const upload = reqs.find((q) => q.step === 'upload')!;
    expect(upload.method).toBe('POST');
    expect(upload.url).toBe(`http://127.0.0.1:9/upload?report_week=${j.correlationId}`);
    expect(upload.headers.Authorization).toBe('Bearer <redacted>');
    expect(upload.multipart.map((p: any) => [p.field, p.filename])).toEqual([
      ['files', 'weekly_history.csv'],
      ['files', 'members.csv'],
      ['files', 'params_json.csv'],
      ['files', 'metrics_json.csv'],
    ]);
    expect(upload.multipart[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(reqs.find((q) => q.step === 'chr' && q.method === 'POST')!.json.K).toBe(5);
    expect(reqs.filter((q) => q.step === 'dashboard' && q.method === 'GET').map((q) => q.url)).toEqual(['http://127.0.0.1:9/download?rel=%3Crel_viz%3E', 'http://127.0.0.1:5173/']);
    expect(reqs.filter((q) => q.step === 'ask').map((q) => q.url)).toEqual([
      'http://127.0.0.1:9/ask?question=total+revenue%3F',
      'http://127.0.0.1:9/ask?question=average+spend%3F',
    ]);
    const manifest = JSON.parse(await readFile(j.manifestPath, 'utf8')) as DoxManifest;
    expect(manifest.files.map((f) => f.name)).toEqual(['weekly_history.csv', 'members.csv', 'params.json', 'metrics.json', 'report.md']);
    expect(manifest.files.find((f) => f.name === 'report.md')!.disposition).toBe('local-only');
    expect(existsSync(join(j.artifactsDir, 'bundle', 'report.md'))).toBe(true);
    expect(r.records).toHaveLength(1);
    expect(r.records[0].status).toBe('dry-run');
    expect(r.err).toMatch(/\[bundle\]/);
    expect(r.err + r.out).not.toContain(jwt);
  });

  it('--files csv excludes json/md; --bundle files are added', async () => {
    const b = join(dir, 'extra.json');
    await writeFile(b, '[{"k":1}]');
    const r = await run(['dox', 'push', '--run', 'r-1', '--bundle', b, '--files', 'csv,json', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.files.map((f: any) => f.name)).toEqual(['weekly_history.csv', 'members.csv', 'params.json', 'metrics.json', 'extra.json']);
    const r2 = await run(['dox', 'push', '--run', 'r-1', '--files', 'csv', '--dry-run', '--json']);
    expect(JSON.parse(r2.out).files.map((f: any) => f.name)).toEqual(['weekly_history.csv', 'members.csv']);
  });

  it('--run and --validation together prefix the file names', async () => {
    const r = await run(['dox', 'push', '--run', 'a', '--validation', 'b', '--files', 'csv', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).files.map((f: any) => f.name)).toEqual(['run_weekly_history.csv', 'run_members.csv', 'validation_weekly_history.csv', 'validation_members.csv']);
  });
});

describe('workbench dox push — against the mock DoX', () => {
  it('full push: upload, artefact ids, CHR, dashboard, questions, search; outputs stored', async () => {
    mock = await startMockDox({ mode: 'pin' });
    const r = await run(['dox', 'push', '--run', 'latest', '--url', mock.url, '--chr', '3', '--datavzrd', '--ask', 'What is the total revenue?', '--search', 'wealth', '--json']);
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.generation).toBe('pin');
    expect(j.artifacts.map((a: any) => a.filename)).toEqual(['weekly_history.csv', 'members.csv', 'params_json.csv', 'metrics_json.csv']);
    const weekly = mock.state.artifacts.find((a) => a.filename === 'weekly_history.csv')!;
    expect(j.artifacts[0].artifactId).toBe(weekly.id);
    expect(mock.requests('/structure/chr')[0].json).toMatchObject({ artifact_id: weekly.id, K: 3 });
    expect(j.chr.fullTable).toBe(true);
    const files = await readdir(join(j.artifactsDir, 'chr'));
    expect(files.some((f) => f.endsWith('_chr.csv'))).toBe(true);
    expect(await readFile(join(j.artifactsDir, 'datavzrd', 'viz.yaml'), 'utf8')).toMatch(/datasets/);
    expect((await readFile(join(j.artifactsDir, 'datavzrd', 'dashboard.url'), 'utf8')).trim()).toBe('http://127.0.0.1:5173/');
    expect(j.answers[0].answer).toMatch(/Total revenue is 310\.00/);
    expect(j.searches[0].count).toBe(0);
    expect(mock.requests('/upload')).toHaveLength(1);
    expect(mock.requests('/upload')[0].fields).toEqual(['files', 'files', 'files', 'files']);
    for (const step of ['[health]', '[upload]', '[artifact]', '[chr]', '[dashboard]']) expect(r.err).toContain(step);
    expect(r.records[0].status).toBe('ok');
    const manifest = JSON.parse(await readFile(j.manifestPath, 'utf8')) as DoxManifest;
    expect(manifest.sent.map((s) => s.filename)).toEqual(j.artifacts.map((a: any) => a.filename));
  });

  it('requests.json of a dry run lists exactly the DoX requests the same push makes, in order (one GET /artifacts for all files)', async () => {
    mock = await startMockDox({ mode: 'pin' });
    const args = ['dox', 'push', '--run', 'latest', '--url', mock.url, '--chr', '3', '--datavzrd', '--ask', 'What is the total revenue?', '--search', 'wealth', '--json'];
    const dry = await run([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    const plan = (JSON.parse(await readFile(JSON.parse(dry.out).requestsPath, 'utf8')).requests as Array<{ method: string; url: string }>)
      .filter((q) => q.url.startsWith(mock!.url))
      .map((q) => `${q.method} ${new URL(q.url).pathname}`);
    expect(mock.journal).toHaveLength(0);
    const push = await run(args);
    expect(push.code, push.err).toBe(0);
    expect(mock.journal.map((j) => `${j.method} ${j.path}`)).toEqual(plan);
    expect(mock.requests('/artifacts', 'GET')).toHaveLength(1);
    expect(JSON.parse(push.out).artifacts.map((a: any) => a.filename)).toEqual(['weekly_history.csv', 'members.csv', 'params_json.csv', 'metrics_json.csv']);
  });

  it('Ctrl-C during a push cancels it: exit 130, and the push is still recorded as failed with its manifest and report_week', async () => {
    mock = await startMockDox({ mode: 'head', faults: [{ method: 'POST', path: '/structure/chr', delayMs: 30_000 }] });
    const interrupt = new AbortController();
    const pending = run(['dox', 'push', '--run', 'latest', '--files', 'csv', '--url', mock.url, '--chr', '3'], { interrupt: interrupt.signal });
    await expect.poll(() => mock!.requests('/structure/chr', 'POST').length, { timeout: 10_000 }).toBe(1);
    interrupt.abort();
    const r = await pending;
    expect(r.code).toBe(ExitCode.interrupted);
    expect(r.records).toHaveLength(1);
    expect(r.records[0].status).toBe('failed');
    expect(r.records[0].error!.code).toBe('aborted');
    const correlationId = mock.requests('/upload', 'POST')[0].query.report_week;
    expect(r.error!.message).toMatch(/^DoX push cancelled\. The files already uploaded stay in DoX \(report_week /);
    expect(r.error!.message).toContain(correlationId);
    expect(r.error!.message).toContain(r.records[0].artifactsDir);
    expect(JSON.parse(await readFile(join(r.records[0].artifactsDir, 'manifest.json'), 'utf8')).status).toBe('failed');
  });

  it('text output counts search hits with their noun ("0 hits") and says when a search failed, not "0 hit(s)"', async () => {
    mock = await startMockDox({ mode: 'pin' });
    mock.fault({ method: 'POST', path: '/search', status: 400, body: { detail: 'bad query' }, after: 1, times: 1 });
    const r = await run(['dox', 'push', '--run', 'latest', '--url', mock.url, '--chr', '3', '--search', 'wealth', '--search', 'revenue']);
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(0);
    expect(r.out).toContain('  search "wealth": 0 hits\n');
    expect(r.out).toMatch(/  search "revenue": failed: .*bad query/);
    expect(r.out).toMatch(/  CHR: MHEP \d+\.\d\d, [\d,]+ units?, table /);
    expect(r.out).not.toContain('(s)');
  });

  it('head mode: CHR table not downloadable → preview rows saved, warning, still exit 0', async () => {
    mock = await startMockDox({ mode: 'head' });
    const r = await run(['dox', 'push', '--run', 'latest', '--files', 'csv', '--url', mock.url, '--datavzrd', '--json'], { env: { DOX_TOKEN: signTestJwt('x') } });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.generation).toBe('head');
    expect(j.chr.K).toBe(8);
    expect(j.chr.fullTable).toBe(false);
    expect(await readFile(join(j.artifactsDir, 'chr', 'chr_preview.csv'), 'utf8')).toMatch(/^idx,constellation,radius,text,page\n/);
    expect(await readFile(join(j.artifactsDir, 'datavzrd', 'viz.yaml'), 'utf8')).toMatch(/chr_preview\.csv/);
    expect(j.warnings.join('\n')).toMatch(/not downloadable/);
  });

  it('head mode without a JWT: the CHR-table warning does not ask for a JWT, which would not help (HEAD serves only uploaded files)', async () => {
    mock = await startMockDox({ mode: 'head' });
    const r = await run(['dox', 'push', '--run', 'latest', '--files', 'csv', '--url', mock.url, '--chr', '3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.chr.fullTable).toBe(false);
    const w = j.warnings.find((x: string) => /CHR table/.test(x)) as string;
    expect(w).toMatch(/^the full CHR table is not downloadable from this DoX \(GET \/download answered HTTP 401; DoX HEAD serves only uploaded files there, so a JWT would not help\); saved the \d+ preview rows instead$/);
    expect(w).not.toMatch(/paste|DOX_JWT/);
  });

  it('DoX unreachable → exit 3 with a start hint, manifest recorded as failed', async () => {
    const r = await run(['dox', 'push', '--run', 'latest', '--url', 'http://127.0.0.1:9', '--json']);
    expect(r.code).toBe(ExitCode.unreachable);
    expect(r.error!.message).toMatch(/Start DoX/);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    expect(j.error.exitCode).toBe(3);
    expect(r.records[0].status).toBe('failed');
  });

  it('per-file upload error → exit 1 with the message', async () => {
    mock = await startMockDox({ mode: 'head', faults: [{ method: 'POST', path: '/upload', status: 200, body: { results: [{ filename: 'weekly_history.csv', status: 'error', error: 'File size exceeds maximum allowed size of 100MB' }] } }] });
    const r = await run(['dox', 'push', '--run', 'latest', '--files', 'csv', '--url', mock.url]);
    expect(r.code).toBe(ExitCode.failure);
    expect(r.error!.message).toMatch(/File size exceeds/);
    expect(r.err).toMatch(/\[upload\] fail/);
  });

  it('malformed JSON from CHR → exit 1; the raw body snippet (≤ 2 KB) is kept in the recorded manifest (§4 F10)', async () => {
    mock = await startMockDox({ mode: 'head', faults: [{ method: 'POST', path: '/structure/chr', truncatedJson: true }] });
    const r = await run(['dox', 'push', '--run', 'latest', '--files', 'csv', '--url', mock.url, '--chr', '3', '--json']);
    expect(r.code).toBe(ExitCode.failure);
    expect(JSON.parse(r.out).error.code).toBe('protocol');
    const log = r.records[0].log ?? [];
    expect(log.some((l) => l.includes('POST /structure/chr') && l.includes('"preview_rows":[{"idx":0'))).toBe(true);
    const onDisk = JSON.parse(await readFile(JSON.parse(r.out).manifestPath, 'utf8')) as DoxManifest;
    expect(onDisk.log).toEqual(log);
  });

  it('429 on upload is waited out and the user is told', async () => {
    mock = await startMockDox({ mode: 'head', faults: [{ method: 'POST', path: '/upload', rateLimit: 60, times: 1 }] });
    const clock = new ManualClock();
    const r = await run(['dox', 'push', '--run', 'latest', '--files', 'csv', '--url', mock.url], { clientOptions: { fallbackUrls: [], clock } });
    expect(r.code).toBe(0);
    expect(clock.sleeps).toContain(60_000);
    expect(r.err).toMatch(/rate limit.*waiting 60 s/i);
  });
});

describe('workbench dox health', () => {
  it('a DOX_JWT / DOX_TOKEN with a character a header cannot carry → exit 2 naming the variable, position and code point, before any request (was exit 3 "Start DoX")', async () => {
    mock = await startMockDox({ mode: 'head' });
    const jwt = signTestJwt('s');
    for (const [name, value, where] of [
      ['DOX_JWT', `${jwt}\u2026`, `position ${jwt.length + 1} (U+2026)`],
      ['DOX_TOKEN', `${jwt.slice(0, 5)}\u00a0${jwt.slice(5)}`, 'position 6 (U+00A0)'],
    ] as const) {
      for (const args of [['dox', 'push', '--run', 'latest', '--url', mock.url], ['dox', 'health', '--url', mock.url]]) {
        const r = await run(args, { env: { [name]: value } });
        expect(r.code, `${name} ${args[1]}`).toBe(ExitCode.usage);
        expect(r.error!.message).toBe(`${name} has a character at ${where} that cannot be sent in an HTTP header; a JWT is visible ASCII only (xxxxx.yyyyy.zzzzz). Copy it again, or paste it under DoX JWT in the DoX section.`);
        expect(r.err + r.out).not.toContain(jwt.slice(0, 20));
        expect(r.records).toEqual([]);
      }
    }
    expect(mock.journal).toHaveLength(0);
    // A dry run sends nothing, so it still writes its bundle.
    const dry = await run(['dox', 'push', '--run', 'latest', '--url', mock.url, '--dry-run'], { env: { DOX_JWT: `${jwt}\u2026` } });
    expect(dry.code).toBe(0);
  });

  it('ok → exit 0, JSON object', async () => {
    mock = await startMockDox({ mode: 'head' });
    const r = await run(['dox', 'health', '--url', mock.url, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, generation: 'head', status: 'ok', version: '1.0.0' });
  });

  it('uses DOX_URL; unreachable → exit 3', async () => {
    const r = await run(['dox', 'health', '--json'], { env: { DOX_URL: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(ExitCode.unreachable);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, url: 'http://127.0.0.1:9' });
  });

  it('without --url it goes where the app does: the URL saved in the app, else DOX_URL', async () => {
    mock = await startMockDox({ mode: 'head' });
    const saved = await run(['dox', 'health', '--json'], { savedUrl: () => mock!.url, env: { DOX_URL: 'http://127.0.0.1:9' } });
    expect(saved.code, saved.err).toBe(0);
    expect(JSON.parse(saved.out)).toMatchObject({ ok: true, url: mock.url });
    const env = await run(['dox', 'health', '--json'], { savedUrl: () => null, env: { DOX_URL: 'http://127.0.0.1:9' } });
    expect(env.code).toBe(ExitCode.unreachable);
    // A bad value is named by where it came from.
    const bad = await run(['dox', 'health'], { savedUrl: () => null, env: { DOX_URL: 'not a url' } });
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.error!.message).toMatch(/^DOX_URL "not a url" is not a valid URL/);
  });

  it('the real CLI reads the saved URL from the app\'s settings', async () => {
    mock = await startMockDox({ mode: 'head' });
    const dd = ['--data-dir', dir];
    expect((await runCli([...dd, 'settings', 'set', 'doxUrl', mock.url])).code).toBe(0);
    const r = await runCli([...dd, '--json', 'dox', 'health'], { env: { DOX_URL: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, url: mock.url });
  });

  it('the real CLI: an unknown id or "latest" with nothing stored exits 1 for runs and validations alike, as report does', async () => {
    const dd = ['--data-dir', join(dir, 'empty')];
    const codes: number[] = [];
    for (const args of [['--run', 'latest'], ['--validation', 'latest'], ['--run', '999'], ['--validation', '999']]) {
      const r = await runCli([...dd, 'dox', 'push', ...args, '--dry-run']);
      expect(r.stderr, args.join(' ')).not.toMatch(/^\s*$/);
      codes.push(r.code);
    }
    const report = await runCli([...dd, 'report', '--run', '999', '--format', 'md']);
    expect(codes).toEqual([1, 1, 1, 1]);
    expect(report.code).toBe(1);
  });

  it('HTML on /health → exit 3 with a frontend hint; bad --url → exit 2', async () => {
    mock = await startMockDox({ mode: 'head', faults: [{ path: '/health', html: true }] });
    const r = await run(['dox', 'health', '--url', mock.url]);
    expect(r.code).toBe(ExitCode.unreachable);
    expect(r.error!.message).toMatch(/not the frontend/);
    expect((await run(['dox', 'health', '--url', 'nope'])).code).toBe(ExitCode.usage);
  });

  it('a DoX that answers but is unhealthy (HTTP 500) or refuses (401) is not called unreachable, and the advice is not "start DoX"', async () => {
    mock = await startMockDox({ mode: 'head', faults: [{ method: 'GET', path: '/health', status: 500, body: { detail: 'Internal Server Error' } }] });
    const sick = await run(['dox', 'health', '--url', mock.url]);
    expect(sick.code).toBe(ExitCode.unreachable);
    expect(sick.error!.message).toMatch(/^DoX answered but is not healthy \(http:\/\/127\.0\.0\.1:\d+: GET \/health answered HTTP 500\)/);
    expect(sick.error!.message).toMatch(/docker compose logs backend/);
    expect(sick.error!.message).not.toMatch(/not reachable|Start DoX|docker-compose\.cpu\.yml up/);
    await mock.close();
    mock = await startMockDox({ mode: 'head', faults: [{ method: 'GET', path: '/health', status: 401, body: { detail: 'Missing Authorization header' } }] });
    const refused = await run(['dox', 'health', '--url', mock.url]);
    expect(refused.error!.message).toMatch(/^DoX answered but refused the health check .*HTTP 401/);
    expect(refused.error!.message).not.toMatch(/not reachable|Start DoX/);
  });
});
