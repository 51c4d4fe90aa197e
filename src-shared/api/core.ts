import { z } from 'zod';
import { NoInput, op } from './define';
import { isTimeZone } from '../projections/calibration/weekly';

export const ThemeSetting = z.enum(['system', 'light', 'dark']);

const isTimeZoneOrEmpty = (tz: string): boolean => tz === '' || isTimeZone(tz);

/** POSIX "/…", Windows "C:\…" or "C:/…", or a UNC "\\server\share" path (no node:path in shared code). */
export function isAbsoluteFolder(p: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p);
}

/**
 * A server address kept in settings (plain JSON in the database, shown by `settings get`): no
 * user:password@ and no ?query or #fragment, where passwords and tokens would otherwise be stored in clear.
 */
const ServerUrl = z
  .string()
  .url()
  .max(2048)
  // Firefly and DoX are reached over HTTP only (both clients refuse anything else): refuse e.g. ftp:// here too.
  .refine((u) => /^https?:\/\//i.test(u), { error: 'must start with http:// or https://' })
  .refine((u) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(u), { error: 'must not contain a user name or password (user:password@); enter the token or JWT in its own field' })
  .refine((u) => !/[?#]/.test(u), { error: 'must not contain a query (?…) or fragment (#…); enter the token or JWT in its own field' });

/** An integer setting whose every refusal states the range ("must be an integer between 1 and 100,000"). */
function intBetween(min: number, max: number) {
  const range = `must be an integer between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}`;
  return z.number({ error: range }).int({ error: range }).min(min, { error: range }).max(max, { error: range });
}
/** An enum setting whose refusal lists the choices in plain words. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** User settings fields (no defaults here: a patch must never fill in untouched fields). */
const settingsFields = {
  theme: oneOf(['system', 'light', 'dark']),
  defaultSeed: intBetween(0, Number.MAX_SAFE_INTEGER), // as a run's seed (sim.run)
  defaultRuns: intBetween(1, 100_000),
  defaultModel: oneOf(['reference', 'nextjs']),
  reportsDir: z
    .string()
    .max(4096)
    .refine(isAbsoluteFolder, { error: 'must be an absolute folder (e.g. /home/you/reports); a relative path would be resolved against the folder the app was started from' })
    .nullable(),
  fireflyUrl: ServerUrl.nullable(),
  fireflySchedule: oneOf(['off', 'hourly', 'daily', 'weekly']),
  fireflyTimeZone: z
    .string()
    .max(64)
    .refine(isTimeZoneOrEmpty, { error: 'not an IANA time zone (e.g. Europe/Berlin); use "" for this computer\'s zone' }),
  doxUrl: ServerUrl.nullable(),
};

export const SETTINGS_DEFAULTS = {
  theme: 'system',
  defaultSeed: 42,
  defaultRuns: 1,
  defaultModel: 'reference',
  reportsDir: null,
  fireflyUrl: null,
  fireflySchedule: 'off',
  /** IANA zone for Firefly calendar dates; empty = this computer's local zone (spec §1.8). */
  fireflyTimeZone: '',
  doxUrl: null,
} as const;

/** User settings. Every field has a default so a fresh install works. Secrets never live here. */
export const Settings = z.object({
  theme: settingsFields.theme.default(SETTINGS_DEFAULTS.theme),
  defaultSeed: settingsFields.defaultSeed.default(SETTINGS_DEFAULTS.defaultSeed),
  defaultRuns: settingsFields.defaultRuns.default(SETTINGS_DEFAULTS.defaultRuns),
  defaultModel: settingsFields.defaultModel.default(SETTINGS_DEFAULTS.defaultModel),
  reportsDir: settingsFields.reportsDir.default(SETTINGS_DEFAULTS.reportsDir),
  fireflyUrl: settingsFields.fireflyUrl.default(SETTINGS_DEFAULTS.fireflyUrl),
  fireflySchedule: settingsFields.fireflySchedule.default(SETTINGS_DEFAULTS.fireflySchedule),
  fireflyTimeZone: settingsFields.fireflyTimeZone.default(SETTINGS_DEFAULTS.fireflyTimeZone),
  doxUrl: settingsFields.doxUrl.default(SETTINGS_DEFAULTS.doxUrl),
});
export type Settings = z.infer<typeof Settings>;
/** A change to some settings: only the keys given are written. */
export const SettingsPatch = z.object(settingsFields).partial().strict();

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
    summary: 'Stored runs, newest first, optionally filtered; `before` pages on: only runs with a smaller id',
    input: z
      .object({
        search: z.string().max(200).optional(),
        tag: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
        /** The next page of a list: runs older than this id (the last id of the page shown). */
        before: z.number().int().positive().optional(),
      })
      .strict()
      .default({ limit: 200 }),
    output: z.array(RunSummary),
  }),
  'runs.get': op({ summary: 'One stored run with parameters and results', input: z.object({ id: RunId }).strict(), output: RunDetail }),
  'runs.cancel': op({
    summary: 'Stop a running run from any view (a Monte Carlo set keeps its finished runs); cancelled is false when it is not running',
    input: z.object({ id: RunId }).strict(),
    output: z.object({ id: z.number().int().positive(), cancelled: z.boolean() }),
  }),
  'runs.delete': op({
    summary: 'Delete a run (soft delete; runs.restore undoes it); a running run must be cancelled first',
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'runs.restore': op({
    summary: 'Undo a delete ("latest": the run deleted last)',
    input: z.object({ id: RunId }).strict(),
    output: z.object({ id: z.number().int().positive(), restored: z.boolean() }),
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
