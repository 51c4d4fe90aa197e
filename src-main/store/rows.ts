// Reading rows back from SQLite (zod at every boundary, DB rows included): a JSON column is parsed
// without throwing, then the row goes through its schema, so a damaged row is named, not passed on.
import type { z } from 'zod';
import { ApiError } from '../../src-shared/api/define';

/** A JSON column's value, or `fallback` when it is missing or not JSON (the row's schema then says so). */
export function jsonColumn(text: unknown, fallback: unknown = null): unknown {
  if (text == null) return fallback;
  try {
    return JSON.parse(String(text));
  } catch {
    return fallback;
  }
}

/**
 * `value` (a row as read, JSON columns parsed) through `schema`. A row that does not fit throws an
 * internal ApiError naming `what`, the first bad field and, after it, `hint` (what to do about it).
 */
export function storedRow<T>(schema: z.ZodType<T>, value: unknown, what: string, hint = ''): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new ApiError('internal', `${what} is damaged in the database (${issue.path.join('.') || 'row'}: ${issue.message})${hint}`);
}
