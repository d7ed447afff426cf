import { decodeBase64 } from './bytes.js';
import { checkCloudEvent, isJsonMediaType, type CloudEventObject } from './cloudevent.js';
import { encodeHeaderValue } from './header-value.js';
import type { OrderDifference } from './order-types.js';

/**
 * Writing CloudEvents as HTTP messages (HTTP protocol binding 1.0.2), what `readCloudEvents`
 * reads back: structured mode (the event as JSON), binary mode (attributes as `ce-*` headers,
 * percent-encoded as §3.1.3.2 requires, the data as the body) and batched mode.
 */

/** An HTTP message: lower-case header names, and the body as text or bytes. */
export interface HttpMessage {
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** Thrown by the writers for an event that is not a valid CloudEvent: each problem located. */
export class InvalidCloudEventError extends TypeError {
  override name = 'InvalidCloudEventError';
  /** Every problem: the attribute (`path`), what the spec requires and what the event has. */
  readonly problems: OrderDifference[];

  /** The error for `problems`, listed in the message. */
  constructor(problems: OrderDifference[]) {
    super(['Not a valid CloudEvent:', ...problems.map((p) => `${p.path || '(event)'}: expected ${p.expected}, got ${JSON.stringify(p.actual)}`)].join('\n'));
    this.problems = problems;
  }
}

/** What the writers take: a `CloudEventObject`, or any object with the required attributes (an `OrderEvent`). */
export type CloudEventInput = CloudEventObject | { readonly specversion: string; readonly id: string; readonly source: string; readonly type: string };

function valid(event: unknown, at = ''): CloudEventObject {
  const problems: OrderDifference[] = [];
  if (!checkCloudEvent(problems, event)) {
    throw new InvalidCloudEventError(problems.map((p) => ({ ...p, path: at && p.path ? `${at}.${p.path}` : at || p.path })));
  }
  return event as CloudEventObject;
}

/**
 * An event as an HTTP message: `structured` (default; `application/cloudevents+json`) or
 * `binary` (the data's own Content-Type, attributes in `ce-*` headers). Throws
 * `InvalidCloudEventError` for an event that breaks the spec.
 *
 * @example
 * const { headers, body } = writeCloudEvent(orderEvent, 'binary');
 * await fetch(url, { method: 'POST', headers, body });
 */
export function writeCloudEvent(event: CloudEventInput, mode: 'structured' | 'binary' = 'structured'): HttpMessage {
  const e = valid(event);
  if (mode === 'structured') return { headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' }, body: JSON.stringify(e) };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(e)) {
    if (value === null || value === undefined || name === 'data' || name === 'data_base64' || name === 'datacontenttype') continue;
    // The canonical string of each type: booleans and integers as JSON writes them.
    headers[`ce-${name}`] = encodeHeaderValue(typeof value === 'string' ? value : String(value));
  }
  const contentType = e.datacontenttype ?? undefined;
  if (typeof e.data_base64 === 'string') {
    if (contentType !== undefined) headers['content-type'] = contentType;
    return { headers, body: decodeBase64(e.data_base64) };
  }
  if (e.data === undefined) {
    if (contentType !== undefined) headers['content-type'] = contentType;
    return { headers, body: '' };
  }
  // JSON data without a datacontenttype is application/json, said explicitly (JSON format §3.1.2).
  headers['content-type'] = contentType ?? 'application/json';
  if (isJsonMediaType(contentType)) return { headers, body: JSON.stringify(e.data) };
  if (typeof e.data !== 'string') throw new InvalidCloudEventError([{ path: 'data', expected: `a string for the content type ${contentType}`, actual: e.data }]);
  return { headers, body: e.data };
}

/** Events as one batched-mode message (`application/cloudevents-batch+json`); the batch may be empty. */
export function writeCloudEventBatch(events: readonly CloudEventInput[]): HttpMessage {
  const list = events.map((e, i) => valid(e, `[${i}]`));
  return { headers: { 'content-type': 'application/cloudevents-batch+json; charset=utf-8' }, body: JSON.stringify(list) };
}
