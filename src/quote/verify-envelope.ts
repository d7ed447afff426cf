import { isRecord, own } from '../core/object.js';
import { charsetOf, checkCloudEvent, essence } from './cloudevent.js';
import { ORDER_SCHEMA_VERSION, orderTypeSuffix, type OrderDifference } from './order-types.js';

/**
 * The CloudEvents 1.0 envelope of an order event (JSON format): first what the spec requires of
 * any event (`checkCloudEvent`: the attributes and their types, `source` a URI-reference,
 * extension names and value types, never both `data` and `data_base64`), then what makes it an
 * order event. Each problem is a difference whose `expected` says what is required.
 */

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/** Check the envelope; returns the event's `data` when it is an object to verify further. */
export function checkEnvelope(out: OrderDifference[], event: unknown): Record<string, unknown> | undefined {
  if (!checkCloudEvent(out, event) && !isRecord(event)) return undefined;
  const type = own(event, 'type');
  // A new sale's order ends in order.created, an amendment's in order.amended, a renewal's in order.renewed (data.kind).
  const suffix = orderTypeSuffix(own(own(event, 'data'), 'kind'));
  if (nonEmpty(type) && !(type as string).endsWith(suffix)) out.push({ path: 'type', expected: `a type ending in "${suffix}"`, actual: type });
  const contentType = own(event, 'datacontenttype');
  if (contentType !== undefined && contentType !== null && !isJsonUtf8(contentType)) {
    out.push({ path: 'datacontenttype', expected: 'application/json', actual: contentType });
  }
  const data = own(event, 'data');
  if (!isRecord(data)) {
    if (!out.some((d) => d.path === 'data_base64')) out.push({ path: 'data', expected: 'the order data (a JSON object)', actual: data ?? null });
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
  const subject = own(event, 'subject');
  if (nonEmpty(subject) && nonEmpty(quoteId) && subject !== quoteId) out.push({ path: 'subject', expected: quoteId, actual: subject });
  return out.some((d) => d.path === 'data.quoteId' || d.path === 'data.version' || d.path === 'data.lines') ? undefined : data;
}

/** `application/json`, with a UTF-8 charset if any (what the binary HTTP mode may carry over). */
function isJsonUtf8(contentType: unknown): boolean {
  if (typeof contentType !== 'string' || essence(contentType) !== 'application/json') return false;
  const charset = charsetOf(contentType);
  return charset === undefined || charset === 'utf-8';
}
