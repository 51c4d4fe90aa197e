import { z } from 'zod';
import { op, Progress } from './define';
import { isTimeZone } from '../projections/calibration/weekly';

export const ValidationId = z.union([z.number().int().positive(), z.literal('latest')]);
const Level = z.enum(['HIGH', 'MEDIUM', 'LOW']).nullable();
const Status = z.enum(['pass', 'fail', 'skipped']);

export const ValidationSummarySchema = z
  .object({
    status: z.enum(['pass', 'fail']),
    checks: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    components: z.record(z.string(), z.object({ name: z.string(), status: Status, level: Level, score: z.number().nullable() })),
    elapsedMs: z.number(),
  })
  .passthrough();

/** The suite result (src-shared/validation/types.ts); its top level is checked here. */
export const ValidationResultSchema = z
  .object({
    schemaVersion: z.literal(1),
    createdAt: z.string(),
    inputs: z.object({ params: z.record(z.string(), z.number()), model: z.string(), seed: z.number(), runs: z.number().int(), z: z.number(), snapshotId: z.number().int().nullable(), appVersion: z.string(), timeZone: z.string() }).passthrough(),
    components: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          kind: z.enum(['model', 'statistical', 'empirical', 'assumption']),
          status: Status,
          confidence: z.object({ level: Level, score: z.number().nullable(), reason: z.string() }),
          checks: z.array(z.object({ id: z.string(), name: z.string(), expected: z.string(), measured: z.number().nullable(), status: Status }).passthrough()),
        })
        .passthrough(),
    ),
    summary: ValidationSummarySchema,
  })
  .passthrough();

export const ValidationDeltasSchema = z
  .object({
    previousId: z.number().int(),
    previousCreatedAt: z.string(),
    passedFrom: z.number().int(),
    passedTo: z.number().int(),
    failedFrom: z.number().int(),
    failedTo: z.number().int(),
    components: z.array(
      z.object({
        id: z.string(), name: z.string(), statusFrom: z.enum(['pass', 'fail', 'skipped', 'not checked']).nullable(), statusTo: z.enum(['pass', 'fail', 'skipped', 'not checked']).nullable(), levelFrom: Level, levelTo: Level,
        levelMoved: z.number().int().nullable(), scoreFrom: z.number().nullable(), scoreTo: z.number().nullable(), scoreMoved: z.number().nullable(),
      }),
    ),
    checks: z.array(z.object({ componentId: z.string(), checkId: z.string(), name: z.string(), statusFrom: Status.nullable(), statusTo: Status.nullable(), measuredFrom: z.number().nullable(), measuredTo: z.number().nullable(), change: z.number().nullable() })),
    inputChanges: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
    notes: z.array(z.string()),
  })
  .nullable();

const ListItem = z.object({ id: z.number().int(), createdAt: z.string(), summary: ValidationSummarySchema, archiveDir: z.string().nullable(), snapshotId: z.number().int().nullable(), appVersion: z.string() });

export const validationOps = {
  'validation.run': op({
    summary: 'Run the validation suite (model, statistical and empirical checks), store it in the history and archive it',
    input: z
      .object({
        runs: z.number().int().min(2).max(10_000).default(30),
        seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(42),
        z: z.number().min(1).max(6).default(3),
        params: z.record(z.string(), z.unknown()).optional(),
        snapshotId: z.number().int().positive().optional(),
        timeZone: z
          .string()
          .min(1)
          .max(64)
          .refine(isTimeZone, { error: 'not an IANA time zone (expected a name such as "Europe/Berlin", "America/New_York" or "UTC")' })
          .optional(),
        workers: z.number().int().min(1).max(64).optional(),
      })
      .strict()
      .default({ runs: 30, seed: 42, z: 3 }),
    output: z.object({ id: z.number().int(), summary: ValidationSummarySchema, archiveDir: z.string(), result: ValidationResultSchema, deltas: ValidationDeltasSchema }),
    progress: Progress,
  }),
  'validation.list': op({
    summary: 'Stored validation reports, newest first',
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict().default({ limit: 100 }),
    output: z.array(ListItem),
  }),
  'validation.get': op({
    summary: 'One stored validation report (id or "latest") with its deltas against the previous one',
    input: z.object({ id: ValidationId }).strict(),
    output: z.object({ id: z.number().int(), createdAt: z.string(), archiveDir: z.string().nullable(), summary: ValidationSummarySchema, result: ValidationResultSchema, deltas: ValidationDeltasSchema }),
  }),
};
