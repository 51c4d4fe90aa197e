/**
 * Stable JSON serialisation: object keys are written in sorted (UTF-16 code unit) order at every
 * depth, so the same value always gives byte-identical text (checksums, manifests, golden files).
 *
 * Non-finite numbers (NaN, +Infinity, -Infinity) have no JSON representation. Convention:
 *   - `nonFinite: 'error'` (the DEFAULT): throw `StableJsonError` naming the JSON path, e.g.
 *     `$.metrics.gini`. Silent `null` would make a broken metric look like a missing one.
 *   - `nonFinite: 'null'`: write `null` (what `JSON.stringify` does) and report every replaced
 *     path through `onNonFinite`, so callers can list them (e.g. in a manifest's warnings).
 * Other rules, matching `JSON.stringify` where it is well defined:
 *   - `undefined`, functions and symbols are omitted from objects and become `null` in arrays;
 *   - `toJSON()` is honoured (so `Date` becomes its ISO string);
 *   - `-0` is written as `0`;
 *   - `bigint` and cyclic structures throw `StableJsonError`;
 *   - Map/Set are not plain data and throw (convert them first).
 * Pure TypeScript: no Node or DOM APIs.
 */

export class StableJsonError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'StableJsonError';
  }
}

export interface StableJsonOptions {
  /** Indentation (like JSON.stringify's third argument). Default: none. */
  space?: number | string;
  /** What to do with NaN/±Infinity. Default 'error'. */
  nonFinite?: 'error' | 'null';
  /** Called with the JSON path of every non-finite number replaced by null ('null' mode only). */
  onNonFinite?: (path: string, value: number) => void;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function stableStringify(value: unknown, options: StableJsonOptions = {}): string {
  const nonFinite = options.nonFinite ?? 'error';
  const indentUnit =
    typeof options.space === 'number'
      ? ' '.repeat(Math.max(0, Math.min(10, options.space)))
      : (options.space ?? '').slice(0, 10);
  const stack: object[] = [];

  const write = (val: unknown, path: string, indent: string, inArray: boolean): string | undefined => {
    if (val !== null && typeof val === 'object' && typeof (val as { toJSON?: unknown }).toJSON === 'function') {
      val = (val as { toJSON: () => unknown }).toJSON();
    }
    switch (typeof val) {
      case 'string':
        return JSON.stringify(val);
      case 'boolean':
        return val ? 'true' : 'false';
      case 'number': {
        if (!Number.isFinite(val)) {
          if (nonFinite === 'error') {
            throw new StableJsonError(
              `${path} is ${String(val)}, which JSON cannot represent; fix the value or serialise with nonFinite: 'null'`,
              path,
            );
          }
          options.onNonFinite?.(path, val);
          return 'null';
        }
        return Object.is(val, -0) ? '0' : JSON.stringify(val);
      }
      case 'bigint':
        throw new StableJsonError(`${path} is a bigint; convert it to a string or number first`, path);
      case 'undefined':
      case 'function':
      case 'symbol':
        return inArray ? 'null' : undefined;
    }
    if (val === null) return 'null';
    const obj = val as object;
    if (obj instanceof Map || obj instanceof Set) {
      throw new StableJsonError(`${path} is a ${obj.constructor.name}; convert it to an array or object first`, path);
    }
    if (stack.includes(obj)) throw new StableJsonError(`${path} is a circular reference`, path);
    stack.push(obj);
    const inner = indent + indentUnit;
    const sep = indentUnit ? `,\n${inner}` : ',';
    const open = indentUnit ? `\n${inner}` : '';
    const close = indentUnit ? `\n${indent}` : '';
    let out: string;
    if (Array.isArray(obj)) {
      const items = obj.map((item, i) => write(item, childPath(path, i), inner, true) as string);
      out = items.length === 0 ? '[]' : `[${open}${items.join(sep)}${close}]`;
    } else {
      const keys = Object.keys(obj).sort();
      const parts: string[] = [];
      for (const key of keys) {
        const s = write((obj as Record<string, unknown>)[key], childPath(path, key), inner, false);
        if (s !== undefined) parts.push(`${JSON.stringify(key)}:${indentUnit ? ' ' : ''}${s}`);
      }
      out = parts.length === 0 ? '{}' : `{${open}${parts.join(sep)}${close}}`;
    }
    stack.pop();
    return out;
  };

  const result = write(value, '$', '', false);
  if (result === undefined) throw new StableJsonError('$ is not serialisable (undefined, function or symbol)', '$');
  return result;
}

/** Deep copy with sorted keys (handy for comparing parsed values). */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeysDeep(v)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) out[k] = sortKeysDeep((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}
