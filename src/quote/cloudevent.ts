import { isRecord } from '../core/object.js';
import type { OrderDifference } from './order-types.js';
import { absoluteUriProblem, uriReferenceProblem } from './uri-reference.js';
import { isTimestamp } from './validity.js';

/**
 * CloudEvents 1.0 context attributes and their types (spec §"Type System"), for any event in
 * the JSON format, whatever its type: what `verifyOrder` and `readCloudEvents` check before
 * anything of the order. An event's identity is the pair (`source`, `id`): the spec makes only
 * that pair unique, so two producers may use the same `id`.
 */

/** A CloudEvent in the JSON format: the context attributes, extensions, and `data` or `data_base64`. */
export interface CloudEventObject {
  specversion: string;
  id: string;
  source: string;
  type: string;
  datacontenttype?: string;
  dataschema?: string;
  subject?: string;
  time?: string;
  data?: unknown;
  data_base64?: string;
  /** Extension attributes: boolean, integer or string values (binary, URI and timestamp values are strings in JSON). */
  [extension: string]: unknown;
}

/** The attributes the spec defines, with the members of the JSON format that carry the data. */
export const CONTEXT_ATTRIBUTES: readonly string[] = ['specversion', 'id', 'source', 'type', 'datacontenttype', 'dataschema', 'subject', 'time'];
const DATA_MEMBERS = new Set(['data', 'data_base64']);

/**
 * Attribute names: lower-case ASCII letters and digits, at most 20 characters. The spec says
 * names SHOULD NOT exceed 20 characters; the kit holds extensions to that.
 */
export const ATTRIBUTE_NAME = /^[a-z0-9]{1,20}$/;
/** RFC 4648 §4 base64, padded: the `Binary` type and `data_base64`. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** An RFC 2046 media type with parameters (`type/subtype; name=value`). */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*[ \\t]*$`);
const INT32 = { min: -2147483648, max: 2147483647 };

/**
 * Why `value` is not a CloudEvents `String`, or undefined: no control characters
 * (U+0000–U+001F, U+007F–U+009F), no Unicode noncharacters, no unpaired surrogates.
 */
export function stringProblem(value: string): string | undefined {
  let i = 0;
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    const at = `at position ${i + 1} is not allowed`;
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) return `a control character (U+${hex(cp)}) ${at}`;
    if (cp >= 0xd800 && cp <= 0xdfff) return `an unpaired surrogate (U+${hex(cp)}) ${at}`;
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return `a Unicode noncharacter (U+${hex(cp)}) ${at}`;
    i += ch.length;
  }
  return undefined;
}

function hex(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

/** True for an RFC 2046 media type such as `application/json; charset=utf-8`. */
export function isMediaType(value: unknown): value is string {
  return typeof value === 'string' && MEDIA_TYPE.test(value);
}

/** The media type without parameters, lower-case: `application/json` of `Application/JSON; charset=UTF-8`. */
export function essence(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

/** A `charset` parameter of a media type, lower-case, or undefined. */
export function charsetOf(mediaType: string): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(mediaType);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** True for a media type that declares JSON content (`*\/json` or `*\/*+json`, JSON format §3.1). */
export function isJsonMediaType(mediaType: string | undefined): boolean {
  if (mediaType === undefined) return true;
  const subtype = essence(mediaType).split('/')[1] ?? '';
  return subtype === 'json' || subtype.endsWith('+json');
}

/** Why `value` is not a valid value of an extension attribute (the spec's types, in JSON), or undefined. */
export function extensionValueProblem(value: unknown): string | undefined {
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= INT32.min && value <= INT32.max ? undefined : 'an Integer: a whole number from -2147483648 to 2147483647';
  }
  if (typeof value === 'string') return stringProblem(value);
  return 'a boolean, an integer or a string (binary, URI, URI-reference and timestamp values are strings): the types of extension attributes';
}

/**
 * Check a CloudEvent in the JSON format against the spec: every problem is pushed to `out` as
 * `{ path, expected, actual }`, `path` the attribute's name. JSON `null` is an unset attribute
 * (JSON format §2.2); a required one is then missing. Returns true when nothing was found.
 */
export function checkCloudEvent(out: OrderDifference[], event: unknown): boolean {
  const before = out.length;
  if (!isRecord(event)) {
    out.push({ path: '', expected: 'a CloudEvent (a JSON object)', actual: event === undefined ? null : event });
    return false;
  }
  const at = (name: string): unknown => (Object.prototype.hasOwnProperty.call(event, name) ? event[name] : undefined);
  const fail = (path: string, expected: string) => out.push({ path, expected, actual: at(path) ?? null });
  const string = (name: string, required: boolean, extra?: (s: string) => string | undefined) => {
    const value = at(name);
    if (value === undefined || value === null) {
      if (required) fail(name, `a non-empty string (${name} is required)`);
      return;
    }
    if (typeof value !== 'string' || value === '') return fail(name, 'a non-empty string');
    const problem = stringProblem(value) ?? extra?.(value);
    if (problem) fail(name, `${describeType(name)}: ${problem}`);
  };

  if (at('specversion') !== '1.0') fail('specversion', '1.0');
  string('id', true);
  string('source', true, uriReferenceProblem);
  string('type', true);
  string('subject', false);
  string('datacontenttype', false, (s) => (isMediaType(s) ? undefined : 'a media type'));
  string('dataschema', false, absoluteUriProblem);
  const time = at('time');
  if (time !== undefined && time !== null && !isTimestamp(time)) fail('time', 'an RFC 3339 timestamp with an offset, such as 2026-12-01T09:30:00+08:00');

  const data = at('data');
  const base64 = at('data_base64');
  if (base64 !== undefined && base64 !== null) {
    if (data !== undefined) fail('data_base64', 'either data or data_base64, never both');
    else if (typeof base64 !== 'string' || !BASE64.test(base64)) fail('data_base64', 'base64 (RFC 4648, padded)');
  }

  for (const name of Object.keys(event)) {
    if (CONTEXT_ATTRIBUTES.includes(name) || DATA_MEMBERS.has(name)) continue;
    if (!ATTRIBUTE_NAME.test(name)) {
      out.push({ path: name, expected: 'an extension attribute name of 1 to 20 lower-case letters (a-z) and digits', actual: name });
      continue;
    }
    const value = event[name];
    if (value === null) continue;
    const problem = extensionValueProblem(value);
    if (problem) fail(name, typeof value === 'string' ? `a String: ${problem}` : problem);
  }
  return out.length === before;
}

function describeType(name: string): string {
  if (name === 'source') return 'a URI-reference (RFC 3986)';
  if (name === 'dataschema') return 'an absolute URI (RFC 3986 §4.3)';
  if (name === 'datacontenttype') return 'a media type (RFC 2046)';
  return 'a String';
}
