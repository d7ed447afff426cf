import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { ORDER_STATUS_TYPE } from '../../quote/order-types.js';
import { readCloudEvents } from '../../quote/read-cloudevents.js';
import type { ServiceContext } from '../context.js';
import { parseSecrets, signingSecrets } from '../dispatch/secrets.js';
import { ApiError } from '../errors.js';
import { againOnRace } from '../idempotency.js';
import { applyStatusEvents } from '../order-status.js';
import type { SubscriberRow } from '../store/types.js';

const SUBSCRIBER_PARAMS = {
  type: 'object', additionalProperties: false, required: ['subscriberId'],
  properties: { subscriberId: { type: 'string', pattern: '^sub_[A-Za-z0-9_-]{1,60}$' } },
} as const;

/** How far `webhook-timestamp` may be from now, either way (the Standard Webhooks library's window). */
const TOLERANCE_SECONDS = 5 * 60;
/** A `WebHook-Request-Origin`: a DNS name (with a port) or another visible-ASCII token, as the sender names itself. */
const ORIGIN = /^[\x21-\x7e]{1,255}$/;

const unauthenticated = (code: string, message: string, param: string) => new ApiError('authentication', code, message, param);

/**
 * The subscriber whose secret signed this request (Standard Webhooks, verified with the
 * `standardwebhooks` library over the raw bytes), or a 401. An unknown subscriber and a wrong
 * signature get the same answer; a disabled one is named only once its signature verified.
 */
export async function signedBy(ctx: ServiceContext, subscriberId: string, headers: IncomingHttpHeaders, raw: Buffer): Promise<SubscriberRow> {
  const h: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = headers[name];
    if (typeof value !== 'string' || value === '') {
      throw unauthenticated('missing-header', `Sign the request per Standard Webhooks: the ${name} header is missing.`, name);
    }
    h[name] = value;
  }
  if (!/^\d{1,12}$/.test(h['webhook-timestamp']!)) {
    throw unauthenticated('invalid-timestamp', 'webhook-timestamp must be the seconds since the epoch.', 'webhook-timestamp');
  }
  // The library's own window, on the same clock it reads: said plainly here, for any subscriber id.
  const age = Math.floor(Date.now() / 1000) - Number(h['webhook-timestamp']);
  if (Math.abs(age) > TOLERANCE_SECONDS) {
    throw unauthenticated('stale-timestamp', `webhook-timestamp is ${Math.abs(age)} s ${age > 0 ? 'old' : 'in the future'}; at most ${TOLERANCE_SECONDS} s is accepted.`, 'webhook-timestamp');
  }
  const now = ctx.outbox.clock();
  for (const subscriber of await ctx.store.read.findSubscribers(subscriberId)) {
    const verified = signingSecrets(parseSecrets(subscriber.secrets), now).some((secret) => {
      try {
        new Webhook(secret).verify(raw, h, { jsonParse: false });
        return true;
      } catch {
        return false;
      }
    });
    if (!verified) continue;
    if (!subscriber.enabled) throw unauthenticated('subscriber-disabled', `Subscriber "${subscriberId}" is disabled: an admin enables it again.`, 'subscriberId');
    return subscriber;
  }
  throw unauthenticated('invalid-signature', 'No webhook-signature verifies with this subscriber\'s secret: a wrong secret, another subscriber\'s id, or a changed body.', 'webhook-signature');
}

/**
 * The service's inbound event endpoint: an ERP reports order status (`cpq-kit.order.status`
 * CloudEvents, in structured, binary or batch mode) to `POST /subscribers/:subscriberId/events`,
 * signed with that subscriber's secret; `OPTIONS` on it answers the CloudEvents webhook
 * validation handshake. The body is kept as raw bytes (the signature covers them) up to the
 * service's body limit. No bearer token: the signature is the authentication.
 */
export function orderEventRoutes(ctx: ServiceContext, limits: { bodyBytes: number; perMinute: number }): FastifyPluginAsync {
  return async (app) => {
    // Only in this plugin: every content type is read as bytes (the signature covers the raw body).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.bodyBytes }, (_req: FastifyRequest, body: Buffer | string, done: (e: Error | null, body?: unknown) => void) => {
      done(null, body);
    });

    app.post('/subscribers/:subscriberId/events', {
      config: { allow: ['anyone'] },
      bodyLimit: limits.bodyBytes,
      schema: {
        summary: `An ERP reports order status: ${ORDER_STATUS_TYPE} CloudEvents (structured, binary or batch mode), signed per Standard Webhooks with the subscriber's secret`,
        description: 'data: { orderId, status: confirmed|fulfilled|invoiced|cancelled, erpOrderNumber?, at?, note? }. Forward only; a late report is recorded and ignored. '
          + 'Idempotent per (subscriber, source, id); a batch is all or nothing. Answers { data: [{ id, source, result: applied|duplicate|ignored, status }] }.',
        tags: ['orders'], params: SUBSCRIBER_PARAMS, security: [],
      },
    }, async (req) => {
      const { subscriberId } = req.params as { subscriberId: string };
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : '');
      const subscriber = await signedBy(ctx, subscriberId, req.headers, raw);
      const read = readCloudEvents(req.headers as Record<string, string | string[] | undefined>, raw);
      if (!read.ok) {
        const first = read.errors[0]!;
        throw new ApiError('invalid_request', 'invalid-cloudevent', `${first.path ? `${first.path}: ` : ''}${first.message}`, first.path || 'body',
          read.errors.slice(0, 20).map((e) => ({ path: e.path || 'body', message: e.message, code: e.code })), read.status);
      }
      // Two deliveries of one event raced to record it: once the first commits, the second is its duplicate.
      return { data: await againOnRace(() => ctx.store.transaction((tx) => applyStatusEvents(ctx, tx, subscriber, read.events, read.mode === 'batch')), 2) };
    });

    app.options('/subscribers/:subscriberId/events', {
      config: { allow: ['anyone'] },
      schema: {
        summary: 'The CloudEvents webhook validation handshake: WebHook-Request-Origin in, WebHook-Allowed-Origin and WebHook-Allowed-Rate out',
        tags: ['orders'], params: SUBSCRIBER_PARAMS, security: [],
      },
    }, async (req, reply) => {
      const origin = req.headers['webhook-request-origin'];
      if (typeof origin !== 'string' || !ORIGIN.test(origin)) {
        throw new ApiError('invalid_request', 'invalid-handshake', 'The validation request needs a WebHook-Request-Origin header naming the sender.', 'WebHook-Request-Origin');
      }
      // The rate the sender asked for, if lower than what the service allows it (requests a minute).
      const asked = req.headers['webhook-request-rate'];
      const rate = typeof asked === 'string' && /^[1-9][0-9]{0,8}$/.test(asked) ? Math.min(Number(asked), limits.perMinute) : limits.perMinute;
      return reply.code(200).headers({ 'WebHook-Allowed-Origin': origin, 'WebHook-Allowed-Rate': String(rate), Allow: 'POST, OPTIONS' }).send();
    });
  };
}
