import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { pendingApprovals } from '../../quote/lifecycle-input.js';
import type { OrderQuoteFields } from '../../quote/order-types.js';
import { pricedForCustomer } from '../../quote/redact.js';
import type { CustomerIdentity } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { acceptMove, checkLink, declineMove, orderMove, type Actor } from '../moves.js';
import { load, snapshotOf, type Loaded } from '../quotes.js';
import { CUSTOMER_CATALOG_SCHEMA } from '../schemas/catalog.js';
import { CUSTOMER_PRICED_QUOTE_SCHEMA } from '../schemas/priced.js';
import { DATE_PATTERN, NO_NUL_PATTERN, salesOrderFields } from '../schemas/quote-input.js';
import type { ShareLinkRow, StoreTx } from '../store/types.js';

const TEXT = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
/** The name a customer accepts, declines or orders with (kept as the move's actor: no U+0000). */
const NAME = { ...TEXT(200), pattern: NO_NUL_PATTERN } as const;
const DIGEST = { type: 'string', pattern: '^sha-256:[0-9a-f]{64}$' } as const;
const LOCALIZED = { anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }] } as const;

/**
 * The quote as a customer sees it: what was offered, never the seller's notes, opportunity,
 * approvals or history. The sales-order fields are the customer's own (where to bill and ship,
 * the payment terms, the delivery dates asked for, its PO number): shown, so that it accepts
 * what will be ordered.
 */
export const CUSTOMER_QUOTE_SCHEMA = {
  type: 'object',
  properties: {
    ...salesOrderFields(),
    quoteId: { type: 'string' }, version: { type: 'integer' }, state: { type: 'string' }, digest: { type: 'string' },
    date: { type: 'string' }, validUntil: { type: 'string' }, currency: { type: 'string' }, locale: { type: 'string' },
    catalog: { type: 'object', properties: { id: { type: 'string' }, version: { type: 'integer' } } },
    notes: { type: 'string' }, terms: { type: 'string' },
    customer: { type: 'object', properties: { id: { type: 'string' }, name: LOCALIZED } },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' }, sku: { type: 'string' }, qty: { type: 'string' }, term: { type: 'string' },
          attributes: { type: 'object', additionalProperties: { type: 'string' } },
          options: { type: 'array', items: { $ref: 'cpq-customer-option#' } },
          optional: { type: 'boolean' }, group: { type: 'string' },
          requestedDate: { type: 'string', pattern: DATE_PATTERN },
          kind: { type: 'string', enum: ['section', 'note'] }, text: { type: 'string' }, description: { type: 'string' },
        },
      },
    },
    acceptance: { type: 'object', properties: { by: { type: 'string' }, at: { type: 'string' }, reference: { type: 'string' } } },
    allowOrder: { type: 'boolean' },
    orderId: { type: 'string' },
    priced: { $ref: 'cpq-customer-priced#' },
  },
} as const;

const OPTION_SCHEMA = {
  $id: 'cpq-customer-option',
  type: 'object',
  properties: { sku: { type: 'string' }, qty: { type: 'string' }, options: { type: 'array', items: { $ref: 'cpq-customer-option#' } } },
} as const;

const str = (v: unknown) => (typeof v === 'number' ? String(v) : v);

/** The customer's view of a loaded version (the response schema drops anything else, should a field slip in). */
function customerView(l: Loaded, link: ShareLinkRow, orderId?: string) {
  // The quote as stored: its sales-order fields were checked by the schema when the seller wrote them.
  const q = l.quote as Loaded['quote'] & OrderQuoteFields;
  const strip = (o: { sku: string; qty?: unknown; options?: unknown[] }): unknown => ({
    sku: o.sku, ...(o.qty !== undefined ? { qty: str(o.qty) } : {}), ...(Array.isArray(o.options) ? { options: o.options.map((x) => strip(x as never)) } : {}),
  });
  return {
    quoteId: l.row.quoteId, version: l.row.version, state: l.row.state, digest: l.row.digest,
    date: q.date, validUntil: q.validUntil, currency: q.currency, locale: q.locale,
    catalog: { id: l.catalog.id, version: l.catalog.version },
    customer: q.customer ? { id: q.customer.id, name: q.customer.name } : undefined,
    billTo: q.billTo, shipTo: q.shipTo, paymentTerms: q.paymentTerms, requestedDate: q.requestedDate, customerReference: q.customerReference,
    notes: q.notes, terms: q.terms,
    lines: q.lines.map((line) => line.kind !== undefined ? { id: line.id, kind: line.kind, text: line.text, group: line.group } : ({
      id: line.id, sku: line.sku, description: line.description, qty: str(line.qty), term: str(line.term), attributes: line.attributes,
      options: line.options?.map((o) => strip(o as never)), optional: line.optional, group: line.group,
      requestedDate: (line as { requestedDate?: string }).requestedDate,
    })),
    acceptance: q.lifecycle?.acceptance ? { by: q.lifecycle.acceptance.by, at: q.lifecycle.acceptance.at, reference: q.lifecycle.acceptance.reference } : undefined,
    allowOrder: link.allowOrder,
    orderId,
    // "The seller will review this quote" holds only while approvals are pending, not once given.
    priced: { ...pricedForCustomer(l.priced), reviewRequired: q.lifecycle ? pendingApprovals(q.lifecycle, snapshotOf(l.priced)).length > 0 : l.priced.approvals.length > 0 },
  };
}

/**
 * What a customer reaches with a share link, and nothing else: the quote version it names (the
 * customer view), its catalog (the customer's copy), accept, decline and — when the seller
 * allowed it — order. Every response goes through a schema that declares no seller-only field.
 */
export function shareRoutes(ctx: ServiceContext): FastifyPluginAsync {
  return async (app) => {
    app.addSchema(OPTION_SCHEMA);
    app.addSchema({ ...CUSTOMER_PRICED_QUOTE_SCHEMA, $id: 'cpq-customer-priced' });
    const customer = (req: FastifyRequest) => req.identity as CustomerIdentity;
    const evidence = (req: FastifyRequest, name: string): Extract<Actor, { kind: 'customer' }> => ({
      kind: 'customer', customer: customer(req), name, ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '').slice(0, 500),
    });
    const current = async (tx: StoreTx, c: CustomerIdentity) => {
      const link = await checkLink(ctx, tx, c);
      const l = await load(ctx, tx, c.tenant, c.quoteId, c.version);
      const order = await tx.getOrderFor(c.tenant, c.quoteId, c.version);
      return { link, l, orderId: order?.id };
    };

    app.get('/share', {
      config: { allow: ['customer'] },
      schema: { summary: 'The quote this share link names (customer view)', tags: ['customer'], response: { 200: CUSTOMER_QUOTE_SCHEMA } },
    }, async (req) => {
      const { link, l, orderId } = await current(ctx.store.read, customer(req));
      return customerView(l, link, orderId);
    });

    app.get('/share/catalog', {
      config: { allow: ['customer'] },
      schema: { summary: 'The catalog version the quote pins (customer copy: no costs, floor prices, approval or price rules)', tags: ['customer'], response: { 200: CUSTOMER_CATALOG_SCHEMA } },
    }, async (req) => {
      const { l } = await current(ctx.store.read, customer(req));
      return l.catalog.customer;
    });

    app.post('/share/accept', {
      config: { allow: ['customer'] },
      schema: {
        summary: 'Accept the quote as shown (evidence: name, time, IP, user agent, digest, PO reference, typed signature)', tags: ['customer'],
        body: { type: 'object', properties: { name: NAME, digest: DIGEST, poReference: TEXT(100), signature: TEXT(200) }, required: ['name', 'digest'], additionalProperties: false },
        response: { 200: CUSTOMER_QUOTE_SCHEMA },
      },
    }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => {
      const c = customer(req);
      const link = await checkLink(ctx, tx, c);
      const l = await acceptMove(ctx, tx, evidence(req, (req.body as { name: string }).name), req.body as never);
      return { status: 200, body: customerView(l, link) };
    }));

    app.post('/share/decline', {
      config: { allow: ['customer'] },
      schema: {
        summary: 'Decline the quote', tags: ['customer'],
        body: { type: 'object', properties: { name: NAME, reason: TEXT(2000) }, required: ['name'], additionalProperties: false },
        response: { 200: CUSTOMER_QUOTE_SCHEMA },
      },
    }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => {
      const c = customer(req);
      const link = await checkLink(ctx, tx, c);
      const b = req.body as { name: string; reason?: string };
      const l = await declineMove(ctx, tx, evidence(req, b.name), b);
      return { status: 200, body: customerView(l, link) };
    }));

    app.post('/share/order', {
      config: { allow: ['customer'] },
      schema: {
        summary: 'Place the order of the accepted quote (self-service, when the seller allowed it)', tags: ['customer'],
        body: { type: 'object', properties: { name: NAME }, required: ['name'], additionalProperties: false },
        response: { 201: { type: 'object', properties: { orderId: { type: 'string' }, quote: CUSTOMER_QUOTE_SCHEMA } } },
      },
    }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => {
      const c = customer(req);
      const link = await checkLink(ctx, tx, c);
      if (!link.allowOrder) throw forbidden('This quote is ordered by your account manager, not online.', 'order-not-allowed');
      const { order, loaded } = await orderMove(ctx, tx, evidence(req, (req.body as { name: string }).name), c.tenant, c.quoteId, c.version);
      return { status: 201, body: { orderId: order.id, quote: customerView(loaded, link, order.id) } };
    }));
  };
}
