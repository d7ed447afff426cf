import { isRecord, own } from '../core/object.js';
import { ORDER_SCHEMA_VERSION, type OrderDifference } from './order-types.js';
import { isTimestamp } from './validity.js';

/**
 * The CloudEvents 1.0 envelope of an order event (structured JSON mode): the required context
 * attributes and their types, the optional ones the kit sets, and the extension attribute
 * naming rule. Each problem is a difference whose `expected` says what the spec requires.
 */

const KNOWN = new Set(['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'dataschema', 'data', 'data_base64']);
/** CloudEvents: attribute names are lower-case ASCII letters and digits. */
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
/** An absolute URI: a scheme, then anything (RFC 3986 §3.1). */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/;

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/** Check the envelope; returns the event's `data` when it is an object to verify further. */
export function checkEnvelope(out: OrderDifference[], event: unknown): Record<string, unknown> | undefined {
  if (!isRecord(event)) {
    out.push({ path: '', expected: 'a CloudEvents 1.0 event (a JSON object)', actual: event === undefined ? null : event });
    return undefined;
  }
  const want = (path: string, ok: boolean, expected: string) => {
    if (!ok) out.push({ path, expected, actual: own(event, path) ?? null });
  };
  want('specversion', own(event, 'specversion') === '1.0', '1.0');
  want('id', nonEmpty(own(event, 'id')), 'a non-empty string');
  want('source', nonEmpty(own(event, 'source')) && !/\s/.test(own(event, 'source') as string), 'a non-empty URI reference');
  const type = own(event, 'type');
  want('type', nonEmpty(type) && (type as string).endsWith('order.created'), 'a type ending in "order.created"');
  const contentType = own(event, 'datacontenttype');
  want('datacontenttype', contentType === undefined || contentType === 'application/json', 'application/json');
  const time = own(event, 'time');
  want('time', time === undefined || isTimestamp(time), 'an RFC 3339 timestamp');
  const schema = own(event, 'dataschema');
  want('dataschema', schema === undefined || (typeof schema === 'string' && ABSOLUTE_URI.test(schema)), 'an absolute URI');
  const subject = own(event, 'subject');
  want('subject', subject === undefined || nonEmpty(subject), 'a non-empty string');
  for (const key of Object.keys(event)) {
    if (!KNOWN.has(key) && !ATTRIBUTE_NAME.test(key)) {
      out.push({ path: key, expected: 'an extension attribute name of lower-case letters and digits', actual: key });
    }
  }
  const data = own(event, 'data');
  if (!isRecord(data)) {
    out.push({ path: 'data', expected: 'the order data (a JSON object)', actual: data ?? null });
    return undefined;
  }
  if (own(data, 'schemaVersion') !== ORDER_SCHEMA_VERSION) {
    out.push({ path: 'data.schemaVersion', expected: ORDER_SCHEMA_VERSION, actual: own(data, 'schemaVersion') ?? null });
  }
  const quoteId = own(data, 'quoteId');
  const version = own(data, 'version');
  if (!nonEmpty(quoteId)) out.push({ path: 'data.quoteId', expected: 'a non-empty string', actual: quoteId ?? null });
  if (!(Number.isSafeInteger(version) && (version as number) >= 1)) out.push({ path: 'data.version', expected: 'a whole number from 1', actual: version ?? null });
  const lines = own(data, 'lines');
  if (!Array.isArray(lines)) out.push({ path: 'data.lines', expected: 'an array of order lines', actual: lines ?? null });
  if (subject !== undefined && nonEmpty(quoteId) && subject !== quoteId) out.push({ path: 'subject', expected: quoteId, actual: subject });
  return out.some((d) => d.path === 'data.quoteId' || d.path === 'data.version' || d.path === 'data.lines') ? undefined : data;
}
