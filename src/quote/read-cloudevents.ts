import { isRecord } from '../core/object.js';
import { decodeUtf8, encodeBase64, encodeUtf8 } from './bytes.js';
import { charsetOf, checkCloudEvent, essence, isJsonMediaType, isMediaType, type CloudEventObject } from './cloudevent.js';
import { decodeHeaderValue } from './header-value.js';
import type { OrderDifference } from './order-types.js';

/**
 * Reading CloudEvents from an HTTP request or response (HTTP protocol binding 1.0.2): the
 * Content-Type chooses the mode — `application/cloudevents+json` structured,
 * `application/cloudevents-batch+json` batched, anything else (`application/json` included)
 * binary, where the attributes come as `ce-*` headers and the body is the data.
 */

/**
 * HTTP headers as a plain record, names in any case (Node's `req.headers`, or
 * `Object.fromEntries(headers)`); numbers and booleans are taken as the text they are sent as
 * (the SDK's `HTTP.binary` leaves integer and boolean extensions so).
 */
export type HttpHeaders = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** The three content modes of the HTTP binding. */
export type CloudEventsMode = 'structured' | 'batch' | 'binary';

/** A problem with the message: a stable `code`, where (`headers.ce-source`, `body[2].id`, `body`) and what. */
export interface ReadError {
  code: 'unsupported-media-type' | 'not-a-cloudevent' | 'invalid-header' | 'invalid-body' | 'invalid-attribute';
  path: string;
  message: string;
}

/**
 * The events of a message in the JSON format (as structured mode carries them, attributes set
 * to `null` left out), or why there are none: then `status` is the HTTP status to answer with
 * (415 for a media type the kit does not read, 400 for a malformed message).
 */
export type ReadCloudEventsResult =
  | { ok: true; mode: CloudEventsMode; events: CloudEventObject[] }
  | { ok: false; mode: CloudEventsMode | undefined; status: 400 | 415; errors: ReadError[] };

const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';

/**
 * The CloudEvents in an HTTP message, in any of the binding's three modes, each checked against
 * the spec (attributes and their types, `source` a URI-reference, extension names and values,
 * never both `data` and `data_base64`); header values are percent-decoded as the binding says.
 * `body` is the raw body: a string or bytes (a `Uint8Array`, a Node `Buffer`); a JSON value a
 * framework already parsed is taken as that JSON. Pure and synchronous; never throws.
 * Duplicates are the receiver's to find, by the pair (`source`, `id`).
 *
 * @example
 * const read = readCloudEvents(req.headers, rawBody);
 * if (!read.ok) return reply.code(read.status).send({ errors: read.errors });
 * for (const event of read.events) await store(event.source, event.id, event);
 */
export function readCloudEvents(headers: HttpHeaders, body: unknown): ReadCloudEventsResult {
  try {
    return read(headers, body);
  } catch (e) {
    // A bug, or input no check foresaw (a throwing getter): still an answer.
    let why: string;
    try {
      why = e instanceof Error ? e.message : String(e);
    } catch {
      why = 'an unreadable exception';
    }
    return { ok: false, mode: undefined, status: 400, errors: [{ code: 'invalid-body', path: '', message: `The message could not be read: ${why}` }] };
  }
}

function read(rawHeaders: HttpHeaders, body: unknown): ReadCloudEventsResult {
  const errors: ReadError[] = [];
  const headers = lowerCase(rawHeaders, errors);
  if (errors.length > 0) return fail(undefined, 400, errors);
  const contentType = headers.get('content-type');
  if (contentType !== undefined && !isMediaType(contentType)) {
    return fail(undefined, 415, [{ code: 'unsupported-media-type', path: 'headers.content-type', message: `Content-Type ${JSON.stringify(contentType)} is not a media type.` }]);
  }
  const type = contentType === undefined ? '' : essence(contentType);
  if (type.startsWith('application/cloudevents-batch')) {
    if (type !== BATCH) return unsupportedFormat('batch', contentType!);
    return readBatch(contentType!, body);
  }
  if (type.startsWith('application/cloudevents')) {
    if (type !== STRUCTURED) return unsupportedFormat('structured', contentType!);
    return readStructured(contentType!, body);
  }
  return readBinary(headers, contentType, body);
}

function fail(mode: CloudEventsMode | undefined, status: 400 | 415, errors: ReadError[]): ReadCloudEventsResult {
  return { ok: false, mode, status, errors };
}

function unsupportedFormat(mode: CloudEventsMode, contentType: string): ReadCloudEventsResult {
  const want = mode === 'batch' ? BATCH : STRUCTURED;
  return fail(mode, 415, [{ code: 'unsupported-media-type', path: 'headers.content-type', message: `Content-Type ${JSON.stringify(contentType)}: the only event format read is JSON (${want}).` }]);
}

/** Header names in lower case, one value each; a name given twice (in two cases) is an error. */
function lowerCase(raw: HttpHeaders, errors: ReadError[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(raw)) {
    errors.push({ code: 'invalid-header', path: 'headers', message: 'The headers must be a plain object of names and values.' });
    return out;
  }
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const values = typeof value === 'string' ? [value]
      : (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' ? [String(value)]
        : Array.isArray(value) ? value : undefined;
    const path = `headers.${key}`;
    if (!values || values.some((v) => typeof v !== 'string')) errors.push({ code: 'invalid-header', path, message: `The header ${key} must be a string.` });
    else if (out.has(key) || values.length !== 1) {
      // Node joins repeated headers it does not know with ", "; an attribute has one value.
      if (key === 'content-type' || key.startsWith('ce-')) errors.push({ code: 'invalid-header', path, message: `The header ${key} is given more than once.` });
    } else out.set(key, values[0]!);
  }
  return out;
}

/** The body as JSON: text (bytes in UTF-8) parsed, or a value a framework parsed already. */
function json(contentType: string | undefined, body: unknown, errors: ReadError[]): { ok: true; value: unknown } | { ok: false } {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) {
    const charset = contentType === undefined ? undefined : charsetOf(contentType);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      errors.push({ code: 'invalid-body', path: 'body', message: `JSON is UTF-8; charset ${charset} is not read.` });
      return { ok: false };
    }
    const decoded = decodeUtf8(body);
    if (decoded === undefined) {
      errors.push({ code: 'invalid-body', path: 'body', message: 'The body is not valid UTF-8.' });
      return { ok: false };
    }
    text = decoded.replace(/^\uFEFF/, '');
  } else if (body === undefined || body === null) {
    errors.push({ code: 'invalid-body', path: 'body', message: 'The message has no body.' });
    return { ok: false };
  } else return { ok: true, value: body };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    errors.push({ code: 'invalid-body', path: 'body', message: `The body is not valid JSON (${(e as Error).message}).` });
    return { ok: false };
  }
}

/** One event in the JSON format, checked; problems located under `prefix`. */
function checked(value: unknown, prefix: string, errors: ReadError[]): CloudEventObject | undefined {
  const found: OrderDifference[] = [];
  if (!checkCloudEvent(found, value)) {
    for (const d of found) errors.push(attributeError(d, d.path === '' ? prefix : `${prefix}.${d.path}`));
    return undefined;
  }
  // JSON null is an unset attribute (JSON format §2.2); `data: null` is data, and kept.
  const event: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) if (v !== null || key === 'data') event[key] = v;
  return event as CloudEventObject;
}

function attributeError(d: OrderDifference, path: string): ReadError {
  if (d.path === '') return { code: 'invalid-body', path, message: `Expected ${d.expected}, got ${show(d.actual)}.` };
  return { code: 'invalid-attribute', path, message: `${d.path} must be ${d.expected}; got ${show(d.actual)}.` };
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function readStructured(contentType: string, body: unknown): ReadCloudEventsResult {
  const errors: ReadError[] = [];
  const parsed = json(contentType, body, errors);
  if (!parsed.ok) return fail('structured', 400, errors);
  if (Array.isArray(parsed.value)) {
    return fail('structured', 400, [{ code: 'invalid-body', path: 'body', message: `A JSON array is a batch: send it as ${BATCH}.` }]);
  }
  const event = checked(parsed.value, 'body', errors);
  return event ? { ok: true, mode: 'structured', events: [event] } : fail('structured', 400, errors);
}

function readBatch(contentType: string, body: unknown): ReadCloudEventsResult {
  const errors: ReadError[] = [];
  const parsed = json(contentType, body, errors);
  if (!parsed.ok) return fail('batch', 400, errors);
  if (!Array.isArray(parsed.value)) {
    const hint = isRecord(parsed.value) ? ` One event is sent as ${STRUCTURED}.` : '';
    return fail('batch', 400, [{ code: 'invalid-body', path: 'body', message: `A batch is a JSON array of events.${hint}` }]);
  }
  // The batch may be empty (HTTP binding §3.3.2).
  const events = parsed.value.map((v, i) => checked(v, `body[${i}]`, errors));
  return errors.length === 0 ? { ok: true, mode: 'batch', events: events as CloudEventObject[] } : fail('batch', 400, errors);
}

function readBinary(headers: Map<string, string>, contentType: string | undefined, body: unknown): ReadCloudEventsResult {
  const errors: ReadError[] = [];
  const names = [...headers.keys()].filter((k) => k.startsWith('ce-'));
  if (names.length === 0) {
    const text = typeof body === 'string' ? body : body instanceof Uint8Array ? decodeUtf8(body) ?? '' : undefined;
    const looksStructured = text !== undefined ? /"specversion"\s*:/.test(text) : isRecord(body) && 'specversion' in body;
    const hint = looksStructured ? ` The body looks like a structured-mode event: send it with Content-Type ${STRUCTURED}.` : '';
    const what = contentType === undefined ? 'A message without Content-Type' : `Content-Type ${JSON.stringify(contentType)}`;
    return fail('binary', 415, [{ code: 'not-a-cloudevent', path: 'headers', message: `No CloudEvent: ${what} is binary mode, whose attributes come as ce-* headers, and there are none.${hint}` }]);
  }
  const event: Record<string, unknown> = {};
  for (const name of names) {
    const attribute = name.slice(3);
    const path = `headers.${name}`;
    if (attribute === 'datacontenttype') {
      errors.push({ code: 'invalid-header', path, message: 'In binary mode the Content-Type header carries datacontenttype; ce-datacontenttype must not be sent.' });
      continue;
    }
    if (attribute === 'data' || attribute === 'data_base64' || !/^[a-z0-9]{1,20}$/.test(attribute)) {
      errors.push({ code: 'invalid-attribute', path, message: `"${attribute}" is not an attribute name (1 to 20 lower-case letters a-z and digits).` });
      continue;
    }
    const decoded = decodeHeaderValue(headers.get(name)!);
    if (decoded.ok) event[attribute] = decoded.value;
    else errors.push({ code: 'invalid-header', path, message: `${name}: ${decoded.problem}.` });
  }
  if (contentType !== undefined) event.datacontenttype = contentType.trim();
  binaryData(event, contentType, body, errors);
  if (errors.length > 0) return fail('binary', 400, errors);

  const found: OrderDifference[] = [];
  if (!checkCloudEvent(found, event)) {
    for (const d of found) {
      const path = d.path === 'datacontenttype' ? 'headers.content-type' : d.path === 'data' || d.path === 'data_base64' ? 'body' : `headers.ce-${d.path}`;
      errors.push(attributeError(d, path));
    }
    return fail('binary', 400, errors);
  }
  return { ok: true, mode: 'binary', events: [event as CloudEventObject] };
}

/**
 * The data of a binary-mode message, as the JSON format holds it: JSON content parsed into
 * `data`, text (`text/*`, or any type with a charset) as a string in `data`, anything else (or
 * no Content-Type at all) as bytes in `data_base64`. An empty body is no data.
 */
function binaryData(event: Record<string, unknown>, contentType: string | undefined, body: unknown, errors: ReadError[]): void {
  if (body === undefined || body === null || body === '' || (body instanceof Uint8Array && body.length === 0)) return;
  if (contentType !== undefined && isJsonMediaType(contentType)) {
    const parsed = json(contentType, body, errors);
    if (parsed.ok) event.data = parsed.value;
    return;
  }
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    errors.push({ code: 'invalid-body', path: 'body', message: 'Give the raw body (a string or bytes) for content that is not JSON.' });
    return;
  }
  const charset = contentType === undefined ? undefined : charsetOf(contentType);
  const isText = contentType !== undefined && (essence(contentType).startsWith('text/') || charset !== undefined);
  if (isText && (charset === undefined || charset === 'utf-8' || charset === 'utf8')) {
    const text = typeof body === 'string' ? body : decodeUtf8(body);
    if (text === undefined) errors.push({ code: 'invalid-body', path: 'body', message: 'The body is not valid UTF-8.' });
    else event.data = text;
    return;
  }
  event.data_base64 = encodeBase64(typeof body === 'string' ? encodeUtf8(body) : body);
}
