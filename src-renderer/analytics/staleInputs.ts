/**
 * A shown result and the inputs it was computed with: which of those inputs the screen no longer
 * holds. Views whose results outlive their forms (sticky state) use this to say that the result
 * below is for the previous inputs, instead of showing it under inputs it was not computed from.
 */

/** Deep equality of plain data (numbers, strings, booleans, null, arrays, plain objects). */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameData(x, bb[i]));
  }
  const ao = a as Record<string, unknown>, bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!sameData(ao[k], bo[k])) return false;
  return true;
}

/**
 * The names (from `names`, in its order) of the inputs that differ between `ran`, what the result
 * was computed with, and `now`, what the screen holds; [] when the result matches the screen.
 * An input `now` cannot state (null: a field that does not parse) counts as changed.
 */
export function changedInputs<K extends string>(ran: Record<K, unknown>, now: Record<K, unknown>, names: Record<K, string>): string[] {
  return (Object.keys(names) as K[]).filter((k) => now[k] === null || !sameData(ran[k], now[k])).map((k) => names[k]);
}
