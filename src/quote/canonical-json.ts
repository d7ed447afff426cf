import { MAX_DATA_DEPTH } from '../core/object.js';

/**
 * Canonical JSON after RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16
 * code units, no whitespace, strings and numbers written as ECMAScript's JSON.stringify writes
 * them (which is what JCS specifies for both). The kit's money is decimal strings, so the only
 * numbers are integers such as `version`; JCS's number rules need nothing beyond that here.
 *
 * Two deliberate departures, both on input JCS calls invalid: a lone surrogate is written as
 * JSON.stringify escapes it (`"\ud800"`) instead of being refused, and values that are not
 * JSON follow JSON.stringify (undefined members dropped, non-finite numbers become null).
 */

/** Canonical JSON text of a JSON value (RFC 8785); throws TypeError on cycles, bigints or nesting deeper than 64. */
export function canonicalJson(value: unknown): string {
  return write(value, 0) ?? 'null';
}

function write(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DATA_DEPTH) throw new TypeError(`canonicalJson: nested deeper than ${MAX_DATA_DEPTH} levels`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // JSON.stringify writes -0 as 0 and non-finite numbers as null, as JCS and JSON do.
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint is not JSON');
    case 'object':
      break;
    default:
      return undefined;
  }
  // Written by concatenation, and an object's keys sorted only when they are not in order
  // already: the same text, about twice as fast on a 1,000-line quote's input (the service
  // hashes every request that carries an Idempotency-Key).
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (write(value[i], depth + 1) ?? 'null');
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  // A toJSON (Date, Decimal) is honoured as JSON.stringify honours it, so dates hash as their text.
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
    return write((obj as { toJSON: () => unknown }).toJSON(), depth + 1);
  }
  // Default sort compares UTF-16 code units, which is exactly the order JCS prescribes.
  const keys = Object.keys(obj);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  let first = true;
  for (const key of keys) {
    const text = write(obj[key], depth + 1);
    if (text === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + text;
    first = false;
  }
  return out + '}';
}
