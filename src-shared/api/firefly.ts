import { z } from 'zod';
import { NoInput, op } from './define';
import { CalibrationReport } from './projections';
import { CategoryRulesSchema, StrictCategoryRulesSchema } from '../projections/calibration/categories';
import { CURRENCY_CODE_HINT, ExchangeRate, typedCurrencyCode } from '../finance/transactions';
import { isTimeZone } from '../projections/calibration/weekly';

/**
 * Firefly III bridge operations (integrations §1). The token is accepted by firefly.connect and
 * firefly.test only; no output ever contains it.
 */

const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD' });
const Url = z.string().trim().min(1, { error: 'enter the Firefly III address, e.g. https://firefly.example.org' }).max(2048);
const Token = z.string().min(1, { error: 'paste the Personal Access Token' }).max(16_384);
const CredentialSourceSchema = z.enum(['cli-token-file', 'env', 'env-token-file', 'secret-store', 'none']);

const SyncState = z.object({
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastSnapshotId: z.number().int().nullable(),
  trigger: z.enum(['manual', 'schedule', 'cli']).nullable(),
});

export const FireflyStatusSchema = z.object({
  configured: z.boolean(),
  source: CredentialSourceSchema,
  notice: z.string(),
  url: z.string().nullable(),
  tokenStored: z.boolean(),
  schedule: z.enum(['off', 'hourly', 'daily', 'weekly']),
  timeZone: z.string(),
  sync: SyncState,
  lastSnapshot: z
    .object({ id: z.number().int(), createdAt: z.string(), period: z.object({ start: z.string(), end: z.string() }), groups: z.number().int(), transactions: z.number().int() })
    .nullable(),
});

export const FireflyTestResult = z.object({
  ok: z.literal(true),
  url: z.string(),
  version: z.string(),
  apiVersion: z.string().nullable(),
  legacyFields: z.boolean(),
  warnings: z.array(z.string()),
  source: z.enum(['cli-token-file', 'env', 'env-token-file', 'secret-store', 'input']),
});

/** Exactly the `workbench firefly sync --json` contract. */
export const FireflySyncResult = z
  .object({
    snapshotId: z.number().int(),
    period: z.object({ start: z.string(), end: z.string() }).strict(),
    groups: z.number().int(),
    transactions: z.number().int(),
    skipped: z.number().int(),
    warnings: z.array(z.string()),
    delta: z.object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int() }).strict(),
  })
  .strict();
export type FireflySyncResult = z.infer<typeof FireflySyncResult>;

export const FireflySyncProgress = z.object({
  phase: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  message: z.string().optional(),
});

const SnapshotInfoSchema = z.object({
  id: z.number().int(),
  serverUrl: z.string(),
  serverVersion: z.string().nullable(),
  period: z.object({ start: z.string(), end: z.string() }),
  typeFilter: z.string(),
  createdAt: z.string(),
  groups: z.number().int(),
  transactions: z.number().int(),
  skipped: z.number().int(),
  truncated: z.boolean(),
  warnings: z.array(z.string()),
});

const NamedAmount = z.object({ name: z.string(), count: z.number().int(), amount: z.number() });
export const FireflyCoverage = z.object({
  snapshotId: z.number().int(),
  currencyCode: z.string(),
  transactions: z.number().int(),
  skipped: z.number().int(),
  mapped: z.number().int(),
  shares: z.object({ exact: z.number(), fuzzy: z.number(), description: z.number(), default: z.number() }),
  mappedByCategoryShare: z.number(),
  excluded: z.record(z.string(), z.number().int()),
  unmapped: z.array(NamedAmount),
  notFood: z.array(NamedAmount),
  warnings: z.array(z.string()),
});

const DeltaSchema = z.object({
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  previousSnapshotId: z.number().int().nullable(),
  categories: z.array(z.object({ category: z.string(), currencyCode: z.string(), type: z.string(), previous: z.string(), current: z.string(), difference: z.string() })),
});

export const FireflyComparison = z.object({
  weeks: z.number().int(),
  households: z.number().int(),
  baselineWeeklyBudget: z.number(),
  calibratedWeeklyBudget: z.number(),
  weekly: z.array(z.object({ week: z.number().int(), startDate: z.string(), actual: z.number(), baseline: z.number(), calibrated: z.number() })),
  categories: z.array(z.object({ category: z.string(), actual: z.number(), simulated: z.number(), variance: z.number(), variancePercent: z.number() })),
  averageVariance: z.number(),
  totalVariance: z.number(),
  confidenceScore: z.number(),
  confidenceLevel: z.enum(['high', 'medium', 'low']),
});

export const FireflyCalibrationSchema = CalibrationReport.extend({
  snapshotId: z.number().int(),
  comparison: FireflyComparison,
  coverageReport: FireflyCoverage,
});
export type FireflyCalibration = z.infer<typeof FireflyCalibrationSchema>;

const CalibrateInput = {
  snapshotId: z.number().int().positive().optional(),
  currency: z.string().trim().refine((s) => typedCurrencyCode(s) !== null, { error: `currency: ${CURRENCY_CODE_HINT}` }).optional(),
  population: z.number().int().min(1).max(10_000_000).optional(),
  /** US dollars per one unit of the snapshot's currency: amounts are converted before calibrating. */
  exchangeRate: ExchangeRate.optional(),
  currentParams: z.record(z.string(), z.number()).optional(),
  currentProjection: z.object({ participationRate: z.number().min(0).max(1).optional(), groupBuyingSavings: z.number().min(0).max(1).optional() }).strict().optional(),
  acceptPartial: z.boolean().optional(),
  /** Week boundaries in this IANA zone instead of the one the snapshot was synced with. */
  timeZone: z.string().trim().refine(isTimeZone, { error: 'not an IANA time zone (e.g. Europe/Berlin)' }).optional(),
};

export const fireflyOps = {
  'firefly.status': op({
    summary: 'Firefly III connection state, where the credentials come from, last sync (never the token)',
    input: NoInput,
    output: FireflyStatusSchema,
  }),
  'firefly.test': op({
    summary: 'Test the configured credentials, or a given URL + token, against /v1/about with the version gate',
    input: z.object({ url: Url.optional(), token: Token.optional() }).strict().default({}),
    output: FireflyTestResult,
  }),
  'firefly.connect': op({
    summary: 'Test a URL + Personal Access Token, then store the token in the secret store and the URL in settings',
    input: z.object({ url: Url, token: Token }).strict(),
    output: FireflyTestResult.extend({ stored: z.literal(true), notice: z.string() }),
  }),
  'firefly.disconnect': op({
    summary: 'Delete the stored Firefly III token',
    input: NoInput,
    output: z.object({ removed: z.boolean() }),
  }),
  'firefly.sync': op({
    summary: 'Sync a period (default the last 90 days) into a new snapshot with its delta; a failure keeps the previous snapshot',
    input: z.object({ since: Ymd.optional(), until: Ymd.optional() }).strict().default({}),
    output: FireflySyncResult,
    progress: FireflySyncProgress,
  }),
  'firefly.snapshots': op({
    summary: 'Stored Firefly III snapshots, newest first',
    input: z.object({ limit: z.number().int().min(1).max(500).default(20) }).strict().default({ limit: 20 }),
    output: z.array(SnapshotInfoSchema),
  }),
  'firefly.overview': op({
    summary: 'A snapshot (default the latest) with its delta, mapping coverage and weekly food spending',
    input: z.object({ snapshotId: z.number().int().positive().optional() }).strict().default({}),
    output: z.object({
      snapshot: SnapshotInfoSchema.nullable(),
      delta: DeltaSchema.nullable(),
      coverage: FireflyCoverage.nullable(),
      weekly: z.array(z.object({ weekStart: z.string(), spending: z.number(), byCategory: z.record(z.string(), z.number()) })),
      problem: z.string().nullable(),
    }),
  }),
  'firefly.rules.get': op({
    summary: 'The keyword → category mapping rules (saved, or the defaults)',
    input: NoInput,
    output: z.object({ rules: CategoryRulesSchema, isDefault: z.boolean(), warning: z.string().nullable() }),
  }),
  'firefly.rules.set': op({
    summary: 'Save the mapping rules (validated); reset: true restores the defaults',
    input: z.object({ rules: StrictCategoryRulesSchema.optional(), reset: z.boolean().optional() }).strict(),
    output: z.object({ rules: CategoryRulesSchema, isDefault: z.boolean(), warning: z.string().nullable() }),
  }),
  'firefly.calibrate': op({
    summary: 'Calibrate engine parameters from a synced snapshot with the mapping rules: report, diff, comparison and the §1.12 files',
    input: z.object(CalibrateInput).strict().default({}),
    output: FireflyCalibrationSchema,
  }),
  'firefly.exportCalibration': op({
    summary: 'Write CALIBRATION_REPORT.md and the CSVs (RFC 4180) of a calibration to a folder',
    input: z.object({ dir: z.string().trim().min(1).max(4096).optional(), ...CalibrateInput }).strict().default({}),
    output: z.object({ dir: z.string(), files: z.array(z.string()) }),
  }),
};
