import { z } from 'zod';

/**
 * One operation of the workbench API: a zod schema for its input and output, and,
 * for long work, a schema for its progress events. The main process implements each
 * operation once (src-main/api); both transports (Electron IPC, loopback HTTP) carry
 * exactly these operations and validate input with these schemas.
 */
export interface OpDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly input: I;
  readonly output: O;
  /** Present on long-running operations: they report progress and accept cancel. */
  readonly progress?: P;
}

export function op<I extends z.ZodType, O extends z.ZodType, P extends z.ZodType = z.ZodNever>(def: {
  summary: string;
  input: I;
  output: O;
  progress?: P;
}): OpDef<I, O, P> {
  return def;
}

/** Generic progress event used by most long operations. */
export const Progress = z.object({
  phase: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  etaMs: z.number().nonnegative().nullable().optional(),
  message: z.string().optional(),
});
export type Progress = z.infer<typeof Progress>;

/** An empty input for operations that take nothing. */
export const NoInput = z.object({}).strict().default({});

/** How a failed call is reported by every transport. */
export const ApiErrorBody = z.object({
  code: z.enum(['invalid_input', 'not_found', 'cancelled', 'conflict', 'unavailable', 'internal', 'unauthorized', 'forbidden']),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'],
    message: string,
    readonly issues?: ApiErrorBody['issues'],
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/**
 * Turns zod issues into messages that name the field, the value received and what is allowed.
 * Pass the raw input so the offending value can be quoted (long values are shortened).
 */
export function zodIssues(error: z.ZodError, input?: unknown): { path: string; message: string }[] {
  return error.issues.map((i) => {
    const path = i.path.length ? i.path.join('.') : '(input)';
    const value = valueAt(input, i.path as PropertyKey[]);
    // Schemas whose messages already quote the value ("… (got 2)") are not quoted twice; a secret
    // (a token or JWT field, or an object holding one) is never quoted: messages reach the page and logs.
    const quote = value.found && !/received|\(got /i.test(i.message) && !holdsSecret(i.path as PropertyKey[], value.value);
    const got = quote ? ` (got ${preview(value.value)})` : '';
    return { path, message: i.message + got };
  });
}

const SECRET_KEY = /^(token|jwt|password|secret)$/i;

function holdsSecret(path: PropertyKey[], v: unknown): boolean {
  if (path.some((k) => typeof k === 'string' && SECRET_KEY.test(k))) return true;
  return v !== null && typeof v === 'object' && Object.entries(v).some(([k, x]) => SECRET_KEY.test(k) || holdsSecret([], x));
}

function valueAt(input: unknown, path: PropertyKey[]): { found: boolean; value?: unknown } {
  let cur: unknown = input;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k)) return { found: false };
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return { found: input !== undefined, value: cur };
}

function preview(v: unknown): string {
  let s: string;
  if (typeof v === 'number') s = Number.isNaN(v) ? 'NaN' : String(v);
  else if (typeof v === 'string') {
    const m = maskUrlSecrets(v);
    s = JSON.stringify(m.length > 60 ? m.slice(0, 60) + '…' : m);
  }
  else if (v === undefined) s = 'undefined';
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
    if (s.length > 60) s = s.slice(0, 60) + '…';
  }
  return s;
}

/** Hides what a URL may carry in clear: the user:password@ part and query values (…?token=***). */
export function maskUrlSecrets(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/?#\s"]*@/gi, '$1***@').replace(/([?&][^=&#\s"]*=)[^&#\s"]*/g, '$1***');
}

export function describeIssues(issues: { path: string; message: string }[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
