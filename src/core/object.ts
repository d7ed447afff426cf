/**
 * Reading untrusted JSON safely. Only own properties count, so `"__proto__"` and
 * `"constructor"` keys (or their absence) never reach the prototype chain, and nothing
 * is ever copied by assignment into an ordinary object.
 */
const hasOwn = Object.prototype.hasOwnProperty;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of a plain object, or undefined. */
export function own(obj: unknown, key: string): unknown {
  return isRecord(obj) && hasOwn.call(obj, key) ? obj[key] : undefined;
}

/** Own enumerable entries of an object (nothing inherited). */
export function ownEntries(obj: unknown): [string, unknown][] {
  return isRecord(obj) ? Object.entries(obj) : [];
}

/** A prototype-free dictionary for building output from untrusted keys. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
