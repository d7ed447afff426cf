import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { readCloudEvents, type HttpHeaders } from '../../quote/read-cloudevents.js';
import { ORDER_AMENDED_TYPE, ORDER_CANCELLED_TYPE, ORDER_EVENT_TYPE, ORDER_RENEWED_TYPE, type OrderCancelledEvent, type OrderEvent } from '../../quote/order-types.js';

/** An order event as the service sends it (type `cpq-kit.order.created`; an amendment's `…order.amended`, a renewal's `…order.renewed`). */
export type CreatedOrderEvent = OrderEvent & { type: typeof ORDER_EVENT_TYPE | typeof ORDER_AMENDED_TYPE | typeof ORDER_RENEWED_TYPE };

/**
 * What a verified webhook carries: an order (`cpq-kit.order.created`) or its cancellation by a
 * seller (`cpq-kit.order.cancelled`, id `<order id>:cancelled`). Tell them apart by `type`.
 */
export type WebhookEvent = CreatedOrderEvent | OrderCancelledEvent;

/** Why `verifyWebhook` refused a request. */
export type InvalidWebhookCode = 'missing-header' | 'invalid-timestamp' | 'stale-timestamp' | 'invalid-signature' | 'invalid-body' | 'unexpected-event';

/** Thrown by `verifyWebhook`: a stable `code` and a plain message. Answer the sender 400 (401 for a signature). */
export class InvalidWebhookError extends Error {
  override name = 'InvalidWebhookError';
  constructor(readonly code: InvalidWebhookCode, message: string) {
    super(message);
  }
}

/** Options of `verifyWebhook`. */
export interface VerifyWebhookOptions {
  /** How far `webhook-timestamp` may be from now, seconds, either way (default 300, the Standard Webhooks default). */
  toleranceSeconds?: number;
  /** Now (default: the system clock). */
  now?: Date | number;
}

/** Headers as Node (`req.headers`), a Fetch `Headers` or a plain record give them. */
export type WebhookHeaders = HttpHeaders | Headers;

/**
 * Verify a webhook the quote service sent and return its event — an order, or an order's
 * cancellation (switch on `event.type`): the Standard Webhooks
 * signature (`webhook-signature`, any of its `v1,` signatures, made with any of `secrets` — pass
 * the old and the new secret while rotating), the timestamp within the window (default 5 min,
 * both ways: a replayed old request is refused), then the CloudEvent in the body (structured or
 * binary mode, read by the HTTP binding) with `webhook-id` its id. `body` must be the raw body,
 * as bytes or text: the signature covers those exact bytes. Throws `InvalidWebhookError`.
 * An event can arrive more than once (delivery is at least once): keep its (`source`, `id`).
 *
 * @example
 * const event = verifyWebhook(req.headers, rawBody, process.env.CPQ_WEBHOOK_SECRET);
 * if (await seen(event.source, event.id)) return;
 * if (event.type === 'cpq-kit.order.created') await createSalesOrder(event.data);
 * else await cancelSalesOrder(event.data.orderId, event.data.reason);
 */
export function verifyWebhook(headers: WebhookHeaders, body: string | Uint8Array, secrets: string | readonly string[], options: VerifyWebhookOptions = {}): WebhookEvent {
  const h = lowerCase(headers);
  const id = h['webhook-id'];
  const stamp = h['webhook-timestamp'];
  const signature = h['webhook-signature'];
  for (const [name, value] of [['webhook-id', id], ['webhook-timestamp', stamp], ['webhook-signature', signature]] as const) {
    if (!value) throw new InvalidWebhookError('missing-header', `The ${name} header is missing: this is not a Standard Webhooks request.`);
  }
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new InvalidWebhookError('invalid-body', 'Pass the raw body (a string or bytes), not parsed JSON: the signature covers the exact bytes.');
  }
  if (!/^\d{1,12}$/.test(stamp!)) throw new InvalidWebhookError('invalid-timestamp', `webhook-timestamp ${JSON.stringify(stamp!.slice(0, 40))} is not seconds since the epoch.`);
  const seconds = Number(stamp);
  const now = Math.floor(Number(options.now ?? Date.now()) / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(now - seconds) > tolerance) {
    throw new InvalidWebhookError('stale-timestamp', `webhook-timestamp is ${Math.abs(now - seconds)} s ${seconds < now ? 'old' : 'in the future'}; at most ${tolerance} s is accepted.`);
  }
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) throw new TypeError('verifyWebhook: give at least one secret');
  // The HMAC is standardwebhooks' own (`sign`); its `verify` has a fixed window and reads the system clock.
  const given = signature!.split(' ').filter((s) => s.startsWith('v1,')).map((s) => Buffer.from(s));
  const matches = list.some((secret) => {
    const expected = Buffer.from(new Webhook(secret).sign(id!, new Date(seconds * 1000), body));
    return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected));
  });
  if (!matches) throw new InvalidWebhookError('invalid-signature', 'No webhook-signature matches: the secret is not this subscriber\'s, or the body was changed.');
  const read = readCloudEvents(headers instanceof Headers ? h : headers, body);
  if (!read.ok) throw new InvalidWebhookError('invalid-body', `The body is not a CloudEvent: ${read.errors.map((e) => `${e.path ? `${e.path}: ` : ''}${e.message}`).join('; ')}`);
  if (read.mode === 'batch' || read.events.length !== 1) throw new InvalidWebhookError('invalid-body', 'A webhook carries one CloudEvent, not a batch.');
  const event = read.events[0]!;
  if (event.id !== id) throw new InvalidWebhookError('unexpected-event', `webhook-id ${JSON.stringify(id)} is not the event's id ${JSON.stringify(event.id)}.`);
  if (![ORDER_EVENT_TYPE, ORDER_AMENDED_TYPE, ORDER_RENEWED_TYPE, ORDER_CANCELLED_TYPE].includes(event.type)) {
    throw new InvalidWebhookError('unexpected-event', `The event's type is ${JSON.stringify(event.type)}, not ${ORDER_EVENT_TYPE} (or …amended, …renewed) or ${ORDER_CANCELLED_TYPE}.`);
  }
  return event as unknown as WebhookEvent;
}

function lowerCase(headers: WebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
