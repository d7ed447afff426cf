import { Webhook } from 'standardwebhooks';
import { checkCloudEvent } from '../../quote/cloudevent.js';
import type { OrderDifference } from '../../quote/order-types.js';
import { InvalidCloudEventError, writeCloudEvent, type CloudEventInput, type HttpMessage } from '../../quote/write-cloudevents.js';
import type { EventRow, SubscriberRow } from '../store/types.js';
import { parseSecrets, signingSecrets } from './secrets.js';

/** A webhook request, ready to send. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/**
 * The request that delivers `event` to a webhook subscriber at `now` (ms): the CloudEvent in the
 * subscriber's mode (structured: `application/cloudevents+json`; binary: `ce-*` headers and the
 * data as `application/json`), signed per the Standard Webhooks specification — `webhook-id` is
 * the event's id, so every attempt of one event carries the same id; `webhook-signature` has one
 * `v1,` signature per secret still valid (two while a rotated secret is). Throws
 * `InvalidCloudEventError` for a stored event that is not a valid CloudEvent.
 */
export function webhookRequest(event: EventRow, subscriber: SubscriberRow, now: number): WebhookRequest {
  const parsed: unknown = JSON.parse(event.body);
  const message = subscriber.mode === 'structured' ? structured(parsed, event.body) : writeCloudEvent(parsed as CloudEventInput, 'binary');
  const timestamp = new Date(Math.floor(now / 1000) * 1000);
  const signatures = signingSecrets(parseSecrets(subscriber.secrets), now).map((secret) => new Webhook(secret).sign(event.id, timestamp, message.body));
  return {
    url: subscriber.url!,
    headers: {
      ...message.headers,
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp.getTime() / 1000),
      'webhook-signature': signatures.join(' '),
      'user-agent': 'cpq-kit-webhooks/1',
    },
    body: message.body,
  };
}

/**
 * Structured mode: the stored text is the event's JSON already (what `writeCloudEvent` would
 * write, but for its spacing); once the event is checked, it is sent as it is.
 */
function structured(event: unknown, text: string): HttpMessage {
  const problems: OrderDifference[] = [];
  if (!checkCloudEvent(problems, event)) throw new InvalidCloudEventError(problems);
  return { headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' }, body: text };
}

/** The subscriber's answer: its status and the start of its body (for the delivery's last error). */
export interface WebhookAnswer {
  status: number;
  text: string;
}

/**
 * POST a webhook request; resolves with the answer whatever its status, rejects on a network
 * failure, a timeout or `signal`. Redirects are not followed (a 3xx is the answer).
 */
export async function postWebhook(request: WebhookRequest, timeoutMs: number, signal: AbortSignal): Promise<WebhookAnswer> {
  // One controller for the caller's signal and the timeout (AbortSignal.any with AbortSignal.timeout
  // costs about ten times as much, per request); a timeout aborts with a TimeoutError, as AbortSignal.timeout does.
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
  try {
    const res = await fetch(request.url, {
      method: 'POST', headers: request.headers, body: request.body as string /* or bytes: fetch takes both */, redirect: 'manual',
      signal: controller.signal,
    });
    // Read the answer (so the connection can be reused), within the same timeout; keep its start only.
    const text = await res.text();
    return { status: res.status, text: text.slice(0, 200) };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

/** A short, plain description of a failed request (no stack). */
export function failureText(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'timeout: no answer in time';
  if (err?.name === 'AbortError') return 'aborted';
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `network: ${cause ?? err?.message ?? String(e)}`.slice(0, 300);
}
