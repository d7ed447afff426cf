/**
 * Reading untrusted JSON safely. Only own properties count, so `"__proto__"` and
 * `"constructor"` keys (or their absence) never reach the prototype chain, and nothing
 * is ever copied by assignment into an ordinary object.
 */
const hasOwn = Object.prototype.hasOwnProperty;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The one own enumerable key of an object, or undefined when it has none or more than one:
 * `Object.keys(obj)` when that has length 1, without making the array. JsonLogic walkers ask
 * this of every node of every condition on a catalog's first use, before anything is
 * optimized, where each array is garbage to collect.
 */
export function soleKey(obj: object): string | undefined {
  let key: string | undefined;
  for (const k in obj) {
    if (!hasOwn.call(obj, k)) continue;
    if (key !== undefined) return undefined;
    key = k;
  }
  return key;
}

/** Whether `key` is an own property of `obj` (`Object.prototype.hasOwnProperty`, never the object's own). */
export function hasOwnKey(obj: object, key: string): boolean {
  return hasOwn.call(obj, key);
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

/** Deepest nesting copied from host data (customer, opportunity) into a priced quote. */
export const MAX_DATA_DEPTH = 64;

/**
 * A plain-JSON copy of untrusted host data, with JSON's own rules for what is not JSON
 * (functions, symbols and undefined dropped from objects, non-finite numbers and bigints
 * become null), own enumerable keys only, built without prototypes leaking in. Data nested
 * deeper than `MAX_DATA_DEPTH` is refused (see `safeClone`).
 */
export function cloneJson(value: unknown, depth = 0): unknown {
  if (depth > MAX_DATA_DEPTH) throw new DepthError();
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((v) => (isJsonable(v) ? cloneJson(v, depth + 1) : null));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!isJsonable(v)) continue;
      Object.defineProperty(out, k, { value: cloneJson(v, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return null;
}

function isJsonable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

class DepthError extends Error {}

/** `cloneJson`, or `{ ok: false }` when the data is too deeply nested. */
export function safeClone(value: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: cloneJson(value) };
  } catch (e) {
    if (e instanceof DepthError) return { ok: false };
    throw e;
  }
}

/**
 * Plain data equal field for field, keys in any order (what pricing gives: strings, numbers,
 * booleans, arrays and plain objects): the line editor keeps a row and the pricing worker sends a
 * line's index when the new one is the same.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Objects their maker vouched for as settled data (`settle`). */
const settled = new WeakSet<object>();

/**
 * Vouch for an object as data that cannot change: frozen whole by its maker, plain data only (no
 * accessor, no function), as pricing makes and freezes each priced line (pricing/finish.ts). A
 * text written from such an object can be kept for it (the digest's, the service's JSON).
 */
export function settle(value: object): void {
  settled.add(value);
}

/**
 * Whether `settle` vouched for this object. Nothing else is: checking a foreign object's every
 * property for accessors and freezing, down its nesting, cost more (60 ms for 10,000 priced
 * lines) than writing its text again.
 */
export function isSettled(value: object): boolean {
  return settled.has(value);
}

/**
 * The text `write` makes of `value`, kept in `texts` for a settled object (written once for it,
 * as long as it lives) and written every time for any other: the digest's canonical text and the
 * service's JSON of the priced lines pricing gives again from one edit to the next.
 */
export function keptText<T extends object>(texts: WeakMap<object, string>, value: T, write: (value: T) => string): string {
  if (!settled.has(value)) return write(value);
  let text = texts.get(value);
  if (text === undefined) texts.set(value, (text = write(value)));
  return text;
}
