import { Webhook } from 'standardwebhooks';
import { writeCloudEvent } from '../../quote/write-cloudevents.js';
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
  const message = writeCloudEvent(JSON.parse(event.body) as { specversion: string; id: string; source: string; type: string }, subscriber.mode);
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
  const res = await fetch(request.url, {
    method: 'POST', headers: request.headers, body: request.body as string /* or bytes: fetch takes both */, redirect: 'manual',
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
  });
  // Read the answer (so the connection can be reused), within the same timeout; keep its start only.
  const text = await res.text();
  return { status: res.status, text: text.slice(0, 200) };
}

/** A short, plain description of a failed request (no stack). */
export function failureText(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'timeout: no answer in time';
  if (err?.name === 'AbortError') return 'aborted';
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `network: ${cause ?? err?.message ?? String(e)}`.slice(0, 300);
}
