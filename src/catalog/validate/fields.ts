import { currencyScale } from '../../core/currency.js';
import { isIsoDate } from '../../core/dates.js';
import { Dec } from '../../core/decimal.js';
import { checkLogic } from '../../core/logic.js';
import { hasOwnKey, isRecord } from '../../core/object.js';
import { describe, parseDecimalMemo } from '../../core/parse.js';
import { at, choices, item, quote, type Report } from './report.js';
import { didYouMean } from './suggest.js';

/**
 * Field checkers shared by every part of the catalog. Each takes the raw value (undefined
 * when the field is absent), reports what is wrong, and returns the value when it is usable.
 * `null` is never a way to leave a field out (only a tier's `upTo` gives it a meaning).
 */

/** A set of field names an object may have, kept as a list for "did you mean" hints. */
export interface Fields {
  names: readonly string[];
  has: (key: string) => boolean;
}

export function fields(...names: string[]): Fields {
  const set = new Set(names);
  return { names, has: (key) => set.has(key) };
}

/** Keys that are the host's own or that JSON.parse may create but never carry catalog data. */
function ignoredKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key.startsWith('x-') || key.startsWith('$');
}

/** Report fields an object does not define: a warning, or an error where an extra field changes meaning. */
export function knownKeys(r: Report, obj: Record<string, unknown>, path: string, known: Fields, strict?: string): void {
  // for…in with an own-key test is Object.keys without the array (and no iterator results):
  // this runs on every product, option and rule of a catalog's first use.
  for (const key in obj) {
    if (!hasOwnKey(obj, key) || known.has(key) || ignoredKey(key)) continue;
    const hint = didYouMean(key, known.names);
    if (strict) r.error(at(path, key), `unknown field ${quote(key)} in ${strict}${hint || `; expected ${known.names.join(', ')}`}`);
    else r.warn(at(path, key), `unknown field ${quote(key)}${hint}`);
  }
}

/** True when `knownKeys` would report nothing: every field is known or ignored. */
export function knownKeysOk(obj: Record<string, unknown>, known: Fields): boolean {
  for (const key in obj) if (hasOwnKey(obj, key) && !known.has(key) && !ignoredKey(key)) return false;
  return true;
}

/** True when the field is present; an error naming what is expected when it is missing. */
export function need(r: Report, value: unknown, path: string, expect: string): boolean {
  if (value !== undefined) return true;
  r.error(path, `is required: ${expect}`);
  return false;
}

/** An object, or an error; absent is fine unless `expect` marks it required. */
export function record(r: Report, value: unknown, path: string, what: string, required = false): Record<string, unknown> | undefined {
  if (value === undefined) {
    if (required) r.error(path, `is required: ${what}`);
    return undefined;
  }
  if (isRecord(value)) return value;
  r.error(path, `must be an object (${what}), got ${describe(value)}`);
  return undefined;
}

/** An array, or an error; absent is fine unless required. */
export function list(r: Report, value: unknown, path: string, what: string, required = false, nonEmpty = false): unknown[] | undefined {
  if (value === undefined) {
    if (required) r.error(path, `is required: a list of ${what}`);
    return undefined;
  }
  if (!Array.isArray(value)) {
    r.error(path, `must be a list (JSON array) of ${what}, got ${describe(value)}`);
    return undefined;
  }
  if (nonEmpty && value.length === 0) r.error(path, `must not be empty: give at least one of ${what}`);
  return value;
}

/** A string (non-empty when `nonEmpty`). */
export function text(r: Report, value: unknown, path: string, required = false, nonEmpty = true): string | undefined {
  if (value === undefined) {
    if (required) r.error(path, `is required: a${nonEmpty ? ' non-empty' : ''} string`);
    return undefined;
  }
  if (typeof value !== 'string') {
    r.error(path, `must be a string, got ${describe(value)}`);
    return undefined;
  }
  if (nonEmpty && value === '') {
    r.error(path, 'must not be an empty string');
    return undefined;
  }
  return value;
}

/** A boolean. */
export function bool(r: Report, value: unknown, path: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  r.error(path, `must be true or false, got ${describe(value)}`);
  return undefined;
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(r: Report, value: unknown, path: string, allowed: readonly T[], required = false): T | undefined {
  if (value === undefined) {
    if (required) r.error(path, `is required: one of ${choices(allowed)}`);
    return undefined;
  }
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
  r.error(path, `must be one of ${choices(allowed)}, got ${describe(value)}${hint}`);
  return undefined;
}

/** A whole JS number (a safe integer) not below `min`. */
export function wholeNumber(r: Report, value: unknown, path: string, min?: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    const hint = typeof value === 'string' && /^-?\d+$/.test(value) ? ` (write it without quotes: ${value})` : '';
    r.error(path, `must be a whole number such as 2, got ${describe(value)}${hint}`);
    return undefined;
  }
  if (min !== undefined && value < min) {
    r.error(path, min === 0 ? `must not be negative, got ${value}` : `must be at least ${min}, got ${value}`);
    return undefined;
  }
  return value;
}

export interface DecimalBounds {
  required?: boolean;
  /** Shown after "is required: ", e.g. `the list price, a decimal string such as "1200.00"`. */
  expect?: string;
  min?: Dec;
  /** The value must be greater than `min`, not equal to it. */
  above?: boolean;
  max?: Dec;
  /** The value must be less than `max`, not equal to it. */
  below?: boolean;
  /** Appended to range messages, e.g. ` (percent points: "13" means 13 %)`. */
  note?: string;
}

/** A contract decimal (string, or a safe-integer number) within bounds. */
export function decimal(r: Report, value: unknown, path: string, b: DecimalBounds = {}): Dec | undefined {
  if (value === undefined) {
    if (b.required) r.error(path, `is required: ${b.expect ?? 'a decimal string such as "12.50"'}`);
    return undefined;
  }
  const parsed = parseDecimalMemo(value);
  if (!parsed.ok) {
    r.error(path, parsed.message + decimalHint(value));
    return undefined;
  }
  const v = parsed.value;
  const note = b.note ?? '';
  if (b.min && (b.above ? !v.gt(b.min) : v.lt(b.min))) {
    const bound = b.above ? `greater than ${b.min.toString()}` : b.min.isZero() ? '' : `at least ${b.min.toString()}`;
    r.error(path, `${bound ? `must be ${bound}` : 'must not be negative'}${note}, got ${describe(value)}`);
    return undefined;
  }
  if (b.max && (b.below ? !v.lt(b.max) : v.gt(b.max))) {
    r.error(path, `must be ${b.below ? 'less than' : 'at most'} ${b.max.toString()}${note}, got ${describe(value)}`);
    return undefined;
  }
  return v;
}

/** True when `decimal(r, value, path, b)` would report nothing (see `localizedOk`). */
export function decimalOk(value: unknown, b: DecimalBounds): boolean {
  if (value === undefined) return !b.required;
  const parsed = parseDecimalMemo(value);
  if (!parsed.ok) return false;
  const v = parsed.value;
  if (b.min && (b.above ? !v.gt(b.min) : v.lt(b.min))) return false;
  if (b.max && (b.below ? !v.lt(b.max) : v.gt(b.max))) return false;
  return true;
}

const EXPONENT = /^[+-]?(?:\d+\.?\d*|\.\d+)e([+-]?\d{1,3})$/i;

/** A hint for the usual ways a decimal string goes wrong. */
function decimalHint(value: unknown): string {
  if (typeof value !== 'string' || value.length > 40) return '';
  if (value.trim() !== value) return ' (remove the spaces)';
  if (value.includes(',')) return ' (use "." as the decimal point and no thousands separators)';
  const exp = EXPONENT.exec(value);
  if (exp && Math.abs(Number(exp[1])) <= 30) {
    return ` (exponents are not accepted: write ${JSON.stringify(new Dec(value).toFixed())})`;
  }
  if (/^\+\d/.test(value)) return ' (leave out the "+" sign)';
  if (/^-?\.\d/.test(value)) return ` (write ${JSON.stringify(value.replace('.', '0.'))})`;
  if (/^-?0\d/.test(value)) return ' (leave out the leading zeros)';
  return '';
}

const LOCALIZED = 'a string, or an object by language tag such as {"en": "…", "zh-CN": "…"}';

/** LocalizedText: a string or an object whose values are all strings. */
export function localized(r: Report, value: unknown, path: string, required = false): void {
  if (value === undefined) {
    if (required) r.error(path, `is required: ${LOCALIZED}`);
    return;
  }
  if (typeof value === 'string') {
    if (required && value === '') r.error(path, 'must not be an empty string');
    return;
  }
  if (!isRecord(value)) {
    r.error(path, `must be ${LOCALIZED}, got ${describe(value)}`);
    return;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) r.error(path, `must have at least one language entry, such as {"en": "…"}`);
  for (const key of keys) {
    const v = value[key];
    if (typeof v !== 'string') r.error(at(path, key), `must be a string (the text in ${quote(key)}), got ${describe(v)}`);
    else if (key.includes('_')) r.warn(at(path, key), `${quote(key)} is not a BCP 47 language tag; write ${quote(key.replace(/_/g, '-'))}`);
  }
}

/**
 * True when `localized(r, value, path)` (not required) would report nothing: absent, a string,
 * or a non-empty object of strings under language tags without "_". Lets a caller skip making
 * the path of a field that is fine, as most are.
 */
export function localizedOk(value: unknown): boolean {
  if (value === undefined || typeof value === 'string') return true;
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 0) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (typeof value[key] !== 'string' || key.includes('_')) return false;
  }
  return true;
}

/**
 * True when `logic(r, value, path)` would accept the expression (and it is recorded as checked,
 * as `logic` does); false when it is absent or has a problem: then `logic` reports it, if it must.
 */
export function logicOk(r: Report, value: unknown): boolean {
  if (value === undefined || value === null || checkLogic(value) !== null) return false;
  if (typeof value === 'object') r.logicOk.add(value);
  return true;
}

/** A JsonLogic expression with standard operators; returns true when it is usable. */
export function logic(r: Report, value: unknown, path: string, required = false): boolean {
  if (value === undefined) {
    if (required) r.error(path, 'is required: a JsonLogic condition such as {">": [{"var": "quote.discountPercent"}, 15]}');
    return false;
  }
  if (value === null) {
    r.error(path, `must be a JsonLogic expression, got null${required ? '' : '; leave the field out to mean "always"'}`);
    return false;
  }
  const problem = checkLogic(value);
  if (problem === null) {
    if (typeof value === 'object') r.logicOk.add(value);
    return true;
  }
  r.error(path, `${problem}${problem.includes('unknown JsonLogic operator') ? '; only standard JsonLogic operators are allowed (method and log are not)' : ''}`);
  return false;
}

/** An ISO 8601 date or date-time naming a real day. */
export function isoDate(r: Report, value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (isIsoDate(value)) return value;
  r.error(path, `must be an ISO 8601 date such as "2026-11-28" (or a date-time), got ${describe(value)}`);
  return undefined;
}

/** A required, non-empty id unique in its list; `seen` maps ids to the index that has them. */
export function uniqueId(
  r: Report, seen: Map<string, number>, value: unknown, path: string, index: number, listPath: string, what = 'id',
): string | undefined {
  const id = text(r, value, path, true);
  if (id === undefined) return undefined;
  const first = seen.get(id);
  if (first !== undefined) r.error(path, `duplicate ${what} ${quote(id)}: ${item(listPath, first)} already has it`);
  else seen.set(id, index);
  return id;
}

/** An ISO 4217 code the kit knows the minor units of. */
export function currency(r: Report, value: unknown, path: string, required = false): string | undefined {
  if (value === undefined) {
    if (required) r.error(path, 'is required: an ISO 4217 currency code such as "CNY" or "USD"');
    return undefined;
  }
  if (currencyScale(value) !== undefined) return value as string;
  const upper = typeof value === 'string' ? value.trim().toUpperCase() : '';
  const hint = upper !== value && currencyScale(upper) !== undefined ? `; did you mean ${quote(upper)}?` : '';
  r.error(path, `must be a known ISO 4217 currency code such as "CNY", "USD" or "EUR", got ${describe(value)}${hint}`);
  return undefined;
}
