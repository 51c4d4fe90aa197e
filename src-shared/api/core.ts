import { z } from 'zod';
import { NoInput, op } from './define';

export const ThemeSetting = z.enum(['system', 'light', 'dark']);

/** User settings. Every field has a default so a fresh install works. Secrets never live here. */
export const Settings = z.object({
  theme: ThemeSetting.default('system'),
  defaultSeed: z.number().int().min(0).max(2 ** 32 - 1).default(42),
  defaultRuns: z.number().int().min(1).max(100_000).default(1),
  defaultModel: z.enum(['reference', 'nextjs']).default('reference'),
  reportsDir: z.string().max(4096).nullable().default(null),
  fireflyUrl: z.string().url().max(2048).nullable().default(null),
  fireflySchedule: z.enum(['off', 'hourly', 'daily', 'weekly']).default('off'),
  fireflyTimeZone: z.string().max(64).default('UTC'),
  doxUrl: z.string().url().max(2048).nullable().default(null),
});
export type Settings = z.infer<typeof Settings>;
export const SettingsPatch = Settings.partial().strict();

export const RunStatus = z.enum(['running', 'done', 'cancelled', 'interrupted', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunSummary = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  tags: z.array(z.string()),
  kind: z.enum(['single', 'montecarlo', 'sweep', 'sensitivity', 'shock', 'scenario']),
  model: z.string(),
  seed: z.number().int(),
  runs: z.number().int(),
  completedRuns: z.number().int(),
  members: z.number().int(),
  weeks: z.number().int(),
  status: RunStatus,
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunDetail = RunSummary.extend({
  params: z.record(z.string(), z.unknown()),
  result: z.unknown().nullable(),
  appVersion: z.string(),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const RunId = z.union([z.number().int().positive(), z.literal('latest')]);

export const coreOps = {
  'app.info': op({
    summary: 'Application name, version, runtime and data locations',
    input: NoInput,
    output: z.object({
      name: z.string(),
      version: z.string(),
      transport: z.enum(['ipc', 'http', 'direct']),
      node: z.string(),
      platform: z.string(),
      dataDir: z.string(),
      dbPath: z.string(),
      schemaVersion: z.number().int(),
    }),
  }),
  health: op({
    summary: 'Liveness and database integrity',
    input: NoInput,
    output: z.object({
      ok: z.boolean(),
      db: z.object({ quickCheck: z.string(), schemaVersion: z.number().int(), sizeBytes: z.number() }),
      uptimeMs: z.number(),
    }),
  }),
  'settings.get': op({ summary: 'Read all settings (defaults filled in)', input: NoInput, output: Settings }),
  'settings.set': op({ summary: 'Change some settings; returns all settings', input: SettingsPatch, output: Settings }),
  'runs.list': op({
    summary: 'Stored runs, newest first, optionally filtered',
    input: z
      .object({
        search: z.string().max(200).optional(),
        tag: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict()
      .default({ limit: 200 }),
    output: z.array(RunSummary),
  }),
  'runs.get': op({ summary: 'One stored run with parameters and results', input: z.object({ id: RunId }).strict(), output: RunDetail }),
  'runs.delete': op({
    summary: 'Delete a run (soft delete; runs.restore undoes it)',
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'runs.restore': op({
    summary: 'Undo a delete',
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.object({ restored: z.boolean() }),
  }),
  'runs.update': op({
    summary: 'Rename or retag a run',
    input: z
      .object({
        id: z.number().int().positive(),
        name: z.string().min(1).max(200).optional(),
        tags: z.array(z.string().min(1).max(50)).max(20).optional(),
      })
      .strict(),
    output: RunSummary,
  }),
};
