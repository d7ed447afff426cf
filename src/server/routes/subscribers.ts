import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { UserIdentity } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { newWebhookSecret, parseSecrets, rotateSecrets } from '../dispatch/secrets.js';
import type { DeliveryRow, DeliveryStatus, StoreTx, SubscriberRow } from '../store/types.js';
import { LIMIT_QUERY } from './params.js';

const SUBSCRIBER_ID = { type: 'string', pattern: '^sub_[A-Za-z0-9_-]{1,60}$' } as const;
/** A CloudEvent id as the service makes them (an order's: `order:<quote>:v<n>`). */
const EVENT_ID = { type: 'string', pattern: '^[A-Za-z0-9%._~!$&\'()*+,;=:@-]{1,300}$' } as const;
const STATUS = { type: 'string', enum: ['pending', 'delivered', 'dead'] } as const;
const REASON = { type: 'string', minLength: 1, maxLength: 500, pattern: '^[^\\u0000]*$' } as const;
const NULLABLE_STRING = { type: ['string', 'null'] } as const;

const SUBSCRIBER = {
  type: 'object',
  properties: {
    id: { type: 'string' }, kind: { type: 'string' }, url: { type: 'string' }, subject: { type: 'string' }, mode: { type: 'string' },
    enabled: { type: 'boolean' }, disabledReason: NULLABLE_STRING, createdAt: { type: 'string' },
    previousSecretValidUntil: { ...NULLABLE_STRING, description: 'Until when a rotated-out secret still signs (null: none does).' },
  },
} as const;
/** A subscriber with its secret: answered once, when it is made or rotated. */
const SUBSCRIBER_WITH_SECRET = {
  type: 'object',
  properties: { ...SUBSCRIBER.properties, secret: { type: 'string', description: 'The signing secret (whsec_…): shown only in this answer.' } },
} as const;
const DELIVERY = {
  type: 'object',
  properties: {
    eventId: { type: 'string' }, subscriberId: { type: 'string' }, status: { type: 'string' }, attempts: { type: 'integer' },
    nextAt: NULLABLE_STRING, lastStatus: { type: ['integer', 'null'] }, lastError: NULLABLE_STRING, createdAt: { type: 'string' }, updatedAt: { type: 'string' },
  },
} as const;

const body = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false }) as const;
const params = (properties: Record<string, unknown>) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false }) as const;

/** A subscriber as the API shows it: never its secrets. */
function subscriberView(s: SubscriberRow, now: number) {
  const valid = parseSecrets(s.secrets).previous.map((p) => p.validUntil).filter((v) => Date.parse(v) > now).sort();
  return {
    id: s.id, kind: s.kind, url: s.url ?? undefined, subject: s.subject ?? undefined, mode: s.mode, enabled: s.enabled, disabledReason: s.disabledReason, createdAt: s.createdAt,
    previousSecretValidUntil: valid.at(-1) ?? null,
  };
}

function deliveryView(d: DeliveryRow) {
  return {
    eventId: d.eventId, subscriberId: d.subscriberId, status: d.status, attempts: d.attempts,
    nextAt: d.status === 'pending' ? new Date(d.nextAt).toISOString() : null,
    lastStatus: d.lastStatus, lastError: d.lastError, createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}

/** A field one kind of subscriber needs. */
function required(value: string | undefined, field: string, what: string): string {
  if (value === undefined) throw new ApiError('invalid_request', 'invalid-subscriber', `${what} needs ${field}.`, field);
  return value;
}

/** A webhook URL: http or https, a host, no credentials in it. */
function webhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError('invalid_request', 'invalid-url', 'url must be an absolute http(s) URL.', 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError('invalid_request', 'invalid-url', `url must be http or https, not ${url.protocol.replace(':', '')}.`, 'url');
  if (url.username || url.password) throw new ApiError('invalid_request', 'invalid-url', 'url must not carry credentials: the webhook signature authenticates the service.', 'url');
  if (!url.hostname) throw new ApiError('invalid_request', 'invalid-url', 'url must name a host.', 'url');
  return url.href;
}

/**
 * Subscribers and their deliveries. An admin subscribes webhooks to the tenant's order events
 * (the service makes the signing secret and shows it once), rotates a secret (the old one still
 * signs for a window), disables and enables a subscriber, and drives deliveries again — one, or
 * every dead letter; sellers, approvers and admins see the deliveries.
 */
export function subscriberRoutes(ctx: ServiceContext): FastifyPluginAsync {
  return async (app) => {
    const tenant = (req: FastifyRequest) => (req.identity as UserIdentity).tenant;
    const now = () => ctx.outbox.clock();
    const find = async (tx: StoreTx, t: string, id: string) => {
      const s = await tx.getSubscriber(t, id);
      if (!s) throw notFound(`Subscriber "${id}"`, 'subscriberId');
      return s;
    };

    app.post('/subscribers', {
      config: { allow: ['admin'] },
      schema: {
        summary: 'Subscribe a webhook (or a NATS JetStream subject) to the tenant\'s order events (admin); the signing secret is in this answer only', tags: ['subscribers'],
        body: body({
          kind: { type: 'string', enum: ['webhook', 'nats'], description: 'Default webhook.' },
          url: { type: 'string', minLength: 1, maxLength: 2000, description: 'A webhook\'s http(s) URL: each event is POSTed there, signed per Standard Webhooks.' },
          subject: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64}){0,15}$', maxLength: 255, description: 'A NATS subject (no wildcards) that a JetStream stream captures.' },
          mode: { type: 'string', enum: ['structured', 'binary'], description: 'The CloudEvents content mode (default structured; NATS: structured only).' },
        }),
        response: { 201: SUBSCRIBER_WITH_SECRET },
      },
    }, async (req, reply) => {
      const b = req.body as { kind?: 'webhook' | 'nats'; url?: string; subject?: string; mode?: 'structured' | 'binary' };
      const kind = b.kind ?? 'webhook';
      const target = kind === 'webhook' ? { url: webhookUrl(required(b.url, 'url', 'A webhook')), subject: null } : { url: null, subject: required(b.subject, 'subject', 'A NATS subscriber') };
      const stray = kind === 'webhook' ? (b.subject !== undefined ? 'subject' : undefined) : (b.url !== undefined ? 'url' : undefined);
      if (stray) throw new ApiError('invalid_request', 'invalid-subscriber', `A ${kind} subscriber has no ${stray}.`, stray);
      // The NATS binding (1.0.2) defines the structured mode alone.
      if (kind === 'nats' && b.mode === 'binary') throw new ApiError('invalid_request', 'invalid-subscriber', 'A NATS subscriber gets the structured mode: the CloudEvents NATS binding has no other.', 'mode');
      return idempotent(ctx, req, reply, async (tx) => {
        const secret = newWebhookSecret();
        const row: SubscriberRow = {
          tenant: tenant(req), id: `sub_${randomBytes(12).toString('base64url')}`, kind, ...target, mode: b.mode ?? 'structured',
          secrets: JSON.stringify({ current: secret, previous: [] }), enabled: true, disabledReason: null, createdAt: new Date(now()).toISOString(),
        };
        await tx.insertSubscriber(row);
        return { status: 201, body: { ...subscriberView(row, now()), secret } };
      });
    });

    app.get('/subscribers', {
      config: { allow: ['admin'] },
      schema: { summary: 'The tenant\'s subscribers (admin; never their secrets)', tags: ['subscribers'], response: { 200: { type: 'object', properties: { data: { type: 'array', items: SUBSCRIBER } } } } },
    }, async (req) => ({ data: (await ctx.store.read.listSubscribers(tenant(req))).map((s) => subscriberView(s, now())) }));

    app.post('/subscribers/:subscriberId/rotate-secret', {
      config: { allow: ['admin'] },
      schema: {
        summary: 'A new signing secret (admin): the old one still signs, beside it, for the rotation window', tags: ['subscribers'],
        params: params({ subscriberId: SUBSCRIBER_ID }),
        body: body({ overlapSeconds: { type: 'integer', minimum: 0, maximum: 30 * 86_400, description: 'How long the old secrets still sign, at most (default: the service\'s rotation window; 0: not at all, for a leaked secret).' } }),
        response: { 200: SUBSCRIBER_WITH_SECRET },
      },
    }, async (req, reply) => {
      const { subscriberId } = req.params as { subscriberId: string };
      const overlap = (req.body as { overlapSeconds?: number }).overlapSeconds;
      return idempotent(ctx, req, reply, async (tx) => {
        const s = await find(tx, tenant(req), subscriberId);
        const secret = newWebhookSecret();
        const secrets = JSON.stringify(rotateSecrets(parseSecrets(s.secrets), secret, now(), overlap === undefined ? ctx.outbox.rotationWindowMs : overlap * 1000));
        await tx.updateSubscriber(s.tenant, s.id, { secrets });
        return { status: 200, body: { ...subscriberView({ ...s, secrets }, now()), secret } };
      });
    });

    for (const action of ['disable', 'enable'] as const) {
      app.post(`/subscribers/:subscriberId/${action}`, {
        config: { allow: ['admin'] },
        schema: {
          summary: action === 'disable'
            ? 'Stop delivering to a subscriber (admin): its pending deliveries wait; events made meanwhile are not queued for it'
            : 'Deliver to a subscriber again (admin): its pending deliveries go out',
          tags: ['subscribers'], params: params({ subscriberId: SUBSCRIBER_ID }),
          body: action === 'disable' ? body({ reason: REASON }) : body({}),
          response: { 200: SUBSCRIBER },
        },
      }, async (req, reply) => {
        const { subscriberId } = req.params as { subscriberId: string };
        return idempotent(ctx, req, reply, async (tx) => {
          const s = await find(tx, tenant(req), subscriberId);
          const changes = action === 'disable'
            ? { enabled: false, disabledReason: (req.body as { reason?: string }).reason ?? `disabled by ${(req.identity as UserIdentity).userId}` }
            : { enabled: true, disabledReason: null };
          await tx.updateSubscriber(s.tenant, s.id, changes);
          if (action === 'enable') tx.afterCommit(() => ctx.outbox.wake());
          return { status: 200, body: subscriberView({ ...s, ...changes }, now()) };
        });
      });
    }

    app.get('/deliveries', {
      config: { allow: ['seller', 'approver', 'admin'] },
      schema: {
        summary: 'The tenant\'s event deliveries, newest first (cursor paging: starting_after=<subscriberId>/<eventId>)', tags: ['deliveries'],
        querystring: {
          type: 'object', additionalProperties: false,
          properties: { status: STATUS, subscriber: SUBSCRIBER_ID, limit: LIMIT_QUERY, starting_after: { type: 'string', pattern: '^sub_[A-Za-z0-9_-]{1,60}/[A-Za-z0-9%._~!$&\'()*+,;=:@-]{1,300}$' } },
        },
        response: { 200: { type: 'object', properties: { data: { type: 'array', items: DELIVERY }, hasMore: { type: 'boolean' } } } },
      },
    }, async (req) => {
      const q = req.query as { status?: DeliveryStatus; subscriber?: string; limit?: string; starting_after?: string };
      const limit = Number(q.limit ?? 20);
      const rows = await ctx.store.read.listDeliveries(tenant(req), { limit: limit + 1, after: q.starting_after, status: q.status, subscriberId: q.subscriber });
      return { data: rows.slice(0, limit).map(deliveryView), hasMore: rows.length > limit };
    });

    app.post('/deliveries/:eventId/:subscriberId/retry', {
      config: { allow: ['admin'] },
      schema: {
        summary: 'Send one delivery again now, whatever its status (admin): a new round of attempts', tags: ['deliveries'],
        params: params({ eventId: EVENT_ID, subscriberId: SUBSCRIBER_ID }), body: body({}), response: { 200: DELIVERY },
      },
    }, async (req, reply) => {
      const { eventId, subscriberId } = req.params as { eventId: string; subscriberId: string };
      return idempotent(ctx, req, reply, async (tx) => {
        const t = tenant(req);
        if (!(await tx.getDelivery(t, eventId, subscriberId))) throw notFound(`The delivery of "${eventId}" to "${subscriberId}"`, 'eventId');
        const at = now();
        await tx.redriveDeliveries(t, { eventId, subscriberId }, at, new Date(at).toISOString());
        tx.afterCommit(() => ctx.outbox.wake());
        return { status: 200, body: deliveryView((await tx.getDelivery(t, eventId, subscriberId))!) };
      });
    });

    app.post('/deliveries/replay', {
      config: { allow: ['admin'] },
      schema: {
        summary: 'Send the dead letters again (admin): every dead delivery, or one subscriber\'s, in a new round of attempts', tags: ['deliveries'],
        body: body({ subscriberId: SUBSCRIBER_ID }),
        response: { 200: { type: 'object', properties: { replayed: { type: 'integer' } } } },
      },
    }, async (req, reply) => {
      const { subscriberId } = req.body as { subscriberId?: string };
      return idempotent(ctx, req, reply, async (tx) => {
        const t = tenant(req);
        if (subscriberId !== undefined) await find(tx, t, subscriberId);
        const at = now();
        const replayed = await tx.redriveDeliveries(t, subscriberId === undefined ? { dead: true } : { dead: true, subscriberId }, at, new Date(at).toISOString());
        if (replayed > 0) tx.afterCommit(() => ctx.outbox.wake());
        return { status: 200, body: { replayed } };
      });
    });
  };
}
