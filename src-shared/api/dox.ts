import { z } from 'zod';
import { op } from './define';

/**
 * PMOVES-DoX operations (spec/integrations.md §2): live health, the DoX JWT (kept in the
 * SecretStore, never returned), pushing a run / validation report bundle (upload, artefact ids,
 * CHR, datavzrd dashboard, questions, searches, or a dry run with no network) and the push history.
 * All DoX traffic goes from the main process; the renderer never calls DoX directly.
 */

const DoxUrl = z
  .string()
  .max(2048)
  .url()
  .refine((s) => /^https?:\/\//i.test(s), { message: 'must start with http:// or https:// (e.g. http://127.0.0.1:8484)' });
const SourceId = z.union([z.number().int().positive(), z.literal('latest')]);
const Text = z.string().trim().min(1).max(1000);

export const DOX_PUSH_STEPS = ['bundle', 'health', 'upload', 'artifact', 'chr', 'dashboard', 'ask', 'search', 'done'] as const;
export const DoxStepName = z.enum(DOX_PUSH_STEPS);
export const DoxStepStatus = z.enum(['start', 'ok', 'skip', 'warn', 'fail']);

/** One progress event of dox.push: the step, its state and a message (never the JWT). */
export const DoxPushProgress = z.object({
  phase: DoxStepName,
  status: DoxStepStatus,
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  message: z.string(),
});
export type DoxPushProgress = z.infer<typeof DoxPushProgress>;

export const DoxHealthResult = z.object({
  ok: z.boolean(),
  /** The URL that was configured (input, settings, DOX_URL or the default). */
  configuredUrl: z.string(),
  /** The URL that answered (may be the 8000 fallback), else the configured one. */
  url: z.string(),
  generation: z.enum(['pin', 'head', 'unknown']),
  latencyMs: z.number().nonnegative(),
  status: z.string().nullable(),
  version: z.string().nullable(),
  uptimeSeconds: z.number().nullable(),
  /** What to start or fix when not ok; a one-line summary when ok. */
  message: z.string(),
  tried: z.array(z.object({ url: z.string(), ok: z.boolean(), reason: z.string().nullable() })),
  /** Not ok, but some address answered over HTTP (refused, unhealthy or not DoX): it is not down. */
  answered: z.boolean(),
  jwtStored: z.boolean(),
  checkedAt: z.string(),
});
export type DoxHealthResult = z.infer<typeof DoxHealthResult>;

export const DoxPushInput = z
  .object({
    run: SourceId.optional(),
    validation: SourceId.optional(),
    files: z
      .object({ csv: z.boolean().default(true), json: z.boolean().default(true), md: z.boolean().default(true) })
      .strict()
      .default({ csv: true, json: true, md: true }),
    chr: z
      .object({ K: z.number().int().min(1).max(1000), iters: z.number().int().min(1).max(1000).optional() })
      .strict()
      .optional(),
    datavzrd: z.boolean().default(false),
    ask: z.array(Text).max(20).default([]),
    search: z.array(Text).max(20).default([]),
    dryRun: z.boolean().default(false),
    url: DoxUrl.optional(),
  })
  .strict()
  .refine((v) => v.run !== undefined || v.validation !== undefined, { message: 'choose what to push: a run id or "latest", or a validation report id or "latest"', path: ['run'] })
  .refine((v) => v.files.csv || v.files.json || v.files.md, { message: 'choose at least one format: csv, json or md', path: ['files'] });
export type DoxPushInput = z.input<typeof DoxPushInput>;

const Answer = z.object({ question: z.string(), answer: z.string().nullable(), metric: z.string().nullable(), total: z.number().nullable(), error: z.string().nullable() });
const Search = z.object({ q: z.string(), count: z.number().nullable(), results: z.array(z.object({ score: z.number().nullable(), text: z.string() })), error: z.string().nullable() });

export const DoxPushResult = z.object({
  /** Row id in dox_pushes. */
  id: z.number().int(),
  status: z.enum(['ok', 'failed', 'dry-run']),
  dryRun: z.boolean(),
  correlationId: z.string(),
  doxUrl: z.string(),
  generation: z.enum(['pin', 'head', 'unknown']).nullable(),
  source: z.object({ run: z.string().nullable(), validation: z.string().nullable() }),
  artifactsDir: z.string(),
  manifestPath: z.string(),
  requestsPath: z.string().nullable(),
  files: z.array(z.object({ name: z.string(), disposition: z.string(), size: z.number(), sha256: z.string() })),
  sent: z.array(z.object({ filename: z.string(), size: z.number(), sha256: z.string() })),
  artifacts: z.array(z.object({ filename: z.string(), artifactId: z.string() })),
  chr: z
    .object({
      K: z.number(),
      mhep: z.number().nullable(),
      Hg: z.number().nullable(),
      Hs: z.number().nullable(),
      units: z.number().nullable(),
      localCsv: z.string(),
      fullTable: z.boolean(),
      previewRows: z.array(z.object({ idx: z.number(), constellation: z.number(), radius: z.number().nullable(), text: z.string() })),
    })
    .nullable(),
  dashboard: z.object({ url: z.string(), relViz: z.string(), ready: z.boolean(), localVizYaml: z.string() }).nullable(),
  answers: z.array(Answer),
  searches: z.array(Search),
  warnings: z.array(z.string()),
  steps: z.array(z.object({ step: z.string(), status: DoxStepStatus, message: z.string(), at: z.string() })),
});
export type DoxPushResult = z.infer<typeof DoxPushResult>;

export const DoxPushRecord = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  correlationId: z.string(),
  doxUrl: z.string(),
  status: z.enum(['ok', 'failed', 'dry-run']),
  dryRun: z.boolean(),
  sourceKind: z.string().nullable(),
  sourceId: z.string().nullable(),
  artifactsDir: z.string(),
  artifactIds: z.array(z.object({ filename: z.string(), artifactId: z.string() })),
  dashboardUrl: z.string().nullable(),
  error: z.string().nullable(),
  /** The stored manifest (what was sent, checksums, ids, results; never the JWT). */
  manifest: z.record(z.string(), z.unknown()),
});
export type DoxPushRecord = z.infer<typeof DoxPushRecord>;

export const doxOps = {
  'dox.status': op({
    summary: 'DoX settings at a glance: the URL in use and whether a JWT is stored (never the JWT itself)',
    input: z.object({}).strict().default({}),
    output: z.object({ url: z.string(), urlSource: z.enum(['settings', 'env', 'default']), jwtStored: z.boolean(), jwtSource: z.enum(['store', 'env']).nullable() }),
  }),
  'dox.health': op({
    summary: 'Probe the DoX backend (GET /health, then /healthz for the generation); says what to start or fix when down',
    input: z.object({ url: DoxUrl.optional() }).strict().default({}),
    output: DoxHealthResult,
  }),
  'dox.setJwt': op({
    summary: 'Store the DoX JWT in the secret store (0600 file / safeStorage); never returned, logged or exported',
    // Checked in the handler so that a validation message can never quote the token.
    input: z.object({ jwt: z.string() }).strict(),
    output: z.object({ stored: z.boolean() }),
  }),
  'dox.clearJwt': op({
    summary: 'Delete the stored DoX JWT',
    input: z.object({}).strict().default({}),
    output: z.object({ stored: z.boolean() }),
  }),
  'dox.push': op({
    summary: 'Push a run or validation report to DoX: health, upload, artefact ids, optional CHR, dashboard, questions, searches (or a dry run with no network); recorded in dox_pushes',
    input: DoxPushInput,
    output: DoxPushResult,
    progress: DoxPushProgress,
  }),
  'dox.pushes': op({
    summary: 'History of DoX pushes (newest first) with their manifests',
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict().default({ limit: 50 }),
    output: z.array(DoxPushRecord),
  }),
};
