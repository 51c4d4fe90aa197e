import { z } from 'zod';

/**
 * The 18 model parameters (spec/engine.md §2), UPPER_SNAKE as upstream, with the spec defaults.
 *
 * Ranges are ours (upstream P2 only checked signs). They are wide enough for every preset and for
 * 1,000,000-member runs, and narrow enough to keep the arithmetic finite and meaningful:
 * - NUM_MEMBERS 1…1,000,000 and SIMULATION_WEEKS 1…2,600 (50 years): memory is O(members + weeks).
 * - INITIAL_WEALTH_MEAN_LOG −20…20 (upstream's Flask check takes any finite value; e^±20 bounds the
 *   median at $2e−9…$4.9e8, so wealths stay finite) and SIGMA_LOG 0…5.
 * - Money amounts 0…1e6 per week (fee and budget floor 0…1e5); token reward 0…1e4 tokens a week,
 *   token price 0…1e4 $.
 * - Fractions (savings rates, propensity mean and sd) 0…1.
 */
export interface ParamSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly label: string;
}

export const PARAM_SPECS = {
  NUM_MEMBERS: { default: 50, min: 1, max: 1_000_000, integer: true, label: 'number of households' },
  SIMULATION_WEEKS: { default: 156, min: 1, max: 2_600, integer: true, label: 'weeks simulated' },
  INITIAL_WEALTH_MEAN_LOG: { default: Math.log(1000), min: -20, max: 20, integer: false, label: 'μ of log-normal initial wealth' },
  INITIAL_WEALTH_SIGMA_LOG: { default: 0.6, min: 0, max: 5, integer: false, label: 'σ of log-normal initial wealth' },
  WEEKLY_FOOD_BUDGET_AVG: { default: 75, min: 0, max: 1_000_000, integer: false, label: 'mean weekly food budget ($)' },
  WEEKLY_FOOD_BUDGET_STDDEV: { default: 15, min: 0, max: 1_000_000, integer: false, label: 'sd of weekly food budget ($)' },
  MIN_WEEKLY_BUDGET: { default: 20, min: 0, max: 100_000, integer: false, label: 'floor on weekly food budget ($)' },
  WEEKLY_INCOME_AVG: { default: 150, min: 0, max: 1_000_000, integer: false, label: 'mean weekly income ($)' },
  WEEKLY_INCOME_STDDEV: { default: 40, min: 0, max: 1_000_000, integer: false, label: 'sd of weekly income ($)' },
  MIN_WEEKLY_INCOME: { default: 0, min: 0, max: 1_000_000, integer: false, label: 'floor on weekly income ($)' },
  GROUP_BUY_SAVINGS_PERCENT: { default: 0.15, min: 0, max: 1, integer: false, label: 'group-buying discount (fraction)' },
  LOCAL_PRODUCTION_SAVINGS_PERCENT: { default: 0.25, min: 0, max: 1, integer: false, label: 'local-production discount (fraction)' },
  PERCENT_SPEND_INTERNAL_AVG: { default: 0.6, min: 0, max: 1, integer: false, label: 'mean propensity to spend internally' },
  PERCENT_SPEND_INTERNAL_STDDEV: { default: 0.2, min: 0, max: 1, integer: false, label: 'sd of propensity to spend internally' },
  GROTOKEN_REWARD_PER_WEEK_AVG: { default: 0.5, min: 0, max: 10_000, integer: false, label: 'mean weekly token reward (tokens)' },
  GROTOKEN_REWARD_STDDEV: { default: 0.2, min: 0, max: 10_000, integer: false, label: 'sd of weekly token reward (tokens)' },
  GROTOKEN_USD_VALUE: { default: 2, min: 0, max: 10_000, integer: false, label: 'USD price of one token' },
  WEEKLY_COOP_FEE_B: { default: 1, min: 0, max: 100_000, integer: false, label: 'weekly co-op fee in B ($)' },
} as const satisfies Record<string, ParamSpec>;

export type ParamName = keyof typeof PARAM_SPECS;
export const PARAM_NAMES = Object.keys(PARAM_SPECS) as ParamName[];

export type SimParams = { [K in ParamName]: number };

export const DEFAULT_PARAMS: Readonly<SimParams> = Object.freeze(
  Object.fromEntries(PARAM_NAMES.map((k) => [k, PARAM_SPECS[k].default])) as SimParams,
);

export const MODELS = ['reference', 'nextjs'] as const;
export type ModelId = (typeof MODELS)[number];
export const ModelSchema = z.enum(MODELS);

/** "a positive integer between 1 and 1000000": what a parameter accepts, for error messages. */
export function paramRangeText(name: ParamName): string {
  return rangeText(PARAM_SPECS[name]);
}

function rangeText(s: ParamSpec): string {
  return `${s.integer ? (s.min >= 1 ? 'a positive integer' : 'an integer') : 'a number'} between ${s.min} and ${s.max}`;
}

function buildFieldSchema(name: ParamName) {
  const s: ParamSpec = PARAM_SPECS[name];
  const msg = `${name} must be ${rangeText(s)}`;
  let n = z.number({ error: `${msg}` }).refine(Number.isFinite, { message: `${msg} (finite)` });
  if (s.integer) n = n.refine(Number.isInteger, { message: msg });
  return n.refine((v) => v >= s.min && v <= s.max, { message: msg });
}

const FIELD_SCHEMAS = Object.fromEntries(PARAM_NAMES.map((k) => [k, buildFieldSchema(k)])) as {
  [K in ParamName]: ReturnType<typeof buildFieldSchema>;
};
function fieldSchema(name: ParamName) {
  return FIELD_SCHEMAS[name];
}

/** Strict zod schema for a full or partial parameter object; missing fields take the defaults. */
export const ParamsSchema = z
  .object(Object.fromEntries(PARAM_NAMES.map((k) => [k, fieldSchema(k).default(PARAM_SPECS[k].default)])) as {
    [K in ParamName]: z.ZodDefault<ReturnType<typeof fieldSchema>>;
  })
  .extend({ description: z.string().max(2000).optional() })
  .strict();

export interface ParamError {
  field: string;
  value: unknown;
  message: string;
}

export type ValidateResult = { ok: true; params: SimParams } | { ok: false; errors: ParamError[] };

function show(v: unknown): string {
  // An empty form field reads as what it is, not as a pair of quotes.
  if (typeof v === 'string') return v.trim() === '' ? 'nothing' : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    return JSON.stringify(v).slice(0, 60);
  } catch {
    return typeof v;
  }
}

/**
 * Validates user input (JSON numbers or numeric strings; booleans, null, NaN, ±Infinity, arrays,
 * objects rejected; 10.0 is an integer, 10.5 is not). Missing fields take the defaults. Unknown
 * keys are errors (named). Every error names the field, the value and the allowed range.
 */
export function validateParams(input: unknown): ValidateResult {
  const errors: ParamError[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '(params)', value: input, message: `parameters must be an object, got ${show(input)}` }] };
  }
  const src = input as Record<string, unknown>;
  const out = { ...DEFAULT_PARAMS } as SimParams;
  for (const key of Object.keys(src)) {
    if (key === 'description') {
      if (src[key] !== undefined && typeof src[key] !== 'string') errors.push({ field: key, value: src[key], message: 'description must be a string' });
      continue;
    }
    // Own keys only: `in` would let "constructor", "toString" or "__proto__" through as parameters.
    if (!Object.hasOwn(PARAM_SPECS, key)) {
      errors.push({ field: key, value: src[key], message: `unsupported parameter ${key}; allowed: ${PARAM_NAMES.join(', ')}` });
    }
  }
  for (const name of PARAM_NAMES) {
    if (!(name in src) || src[name] === undefined) continue;
    const raw = src[name];
    let v: unknown = raw;
    if (typeof raw === 'string') {
      const t = raw.trim();
      v = t === '' ? NaN : Number(t);
    }
    const spec: ParamSpec = PARAM_SPECS[name];
    if (typeof v !== 'number') {
      errors.push({ field: name, value: raw, message: `${name} must be ${rangeText(spec)}; got ${show(raw)}` });
      continue;
    }
    const r = fieldSchema(name).safeParse(v);
    if (!r.success) {
      errors.push({ field: name, value: raw, message: `${name} must be ${rangeText(spec)}; got ${show(raw)}` });
      continue;
    }
    out[name] = v;
  }
  return errors.length ? { ok: false, errors } : { ok: true, params: out };
}

/** Objects parseParams returned: frozen, so they are still valid when they come back. */
const PARSED = new WeakSet<object>();

/**
 * Like validateParams but throws a RangeError listing every problem. The result is frozen and
 * passes straight through a second parseParams (a Monte Carlo validates once, not per run).
 */
export function parseParams(input: unknown): SimParams {
  if (typeof input === 'object' && input !== null && PARSED.has(input)) return input as SimParams;
  const r = validateParams(input);
  if (!r.ok) throw new RangeError(`invalid parameters: ${r.errors.map((e) => e.message).join('; ')}`);
  const out = Object.freeze(r.params);
  PARSED.add(out);
  return out;
}

/** Defaults merged with overrides, validated. */
export function withDefaults(overrides: Partial<SimParams> = {}): SimParams {
  return parseParams(overrides);
}
