import type { FastifyPluginAsync } from 'fastify';
import type { UserIdentity } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { cancelOrder, orderDetail, orderSummary } from '../order-status.js';
import { LIMIT_QUERY } from './params.js';

const ORDER_ID = { type: 'string', pattern: '^order:[A-Za-z0-9%._~!$&\'()*+,;=:@-]{1,300}:v[1-9][0-9]{0,5}$' } as const;
const ORDER_PARAMS = { type: 'object', properties: { orderId: ORDER_ID }, required: ['orderId'], additionalProperties: false } as const;

/**
 * Orders, read by the tenant's sellers and approvers, with where each stands (`status`, the ERP's
 * order number, and for one order its `statusHistory`). No route takes an order event from a
 * client: orders are made only by the order move of an accepted quote version. A seller or
 * approver cancels an order the ERP has not confirmed.
 */
export function orderRoutes(ctx: ServiceContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/orders', {
      config: { allow: ['seller', 'approver'] },
      schema: {
        summary: 'The tenant\'s orders, newest first (cursor paging), each with its status', tags: ['orders'],
        querystring: { type: 'object', additionalProperties: false, properties: { limit: LIMIT_QUERY, starting_after: ORDER_ID } },
      },
    }, async (req) => {
      const q = req.query as { limit?: string; starting_after?: string };
      const limit = Number(q.limit ?? 20);
      const rows = await ctx.store.read.listOrders((req.identity as UserIdentity).tenant, { limit: limit + 1, after: q.starting_after });
      return { data: rows.slice(0, limit).map(orderSummary), hasMore: rows.length > limit };
    });

    app.get('/orders/:orderId', {
      config: { allow: ['seller', 'approver'] },
      schema: { summary: 'One order with its CloudEvents order event, its status and the status history', tags: ['orders'], params: ORDER_PARAMS },
    }, async (req) => {
      const { orderId } = req.params as { orderId: string };
      const order = await ctx.store.read.getOrder((req.identity as UserIdentity).tenant, orderId);
      if (!order) throw notFound(`Order "${orderId}"`, 'orderId');
      return orderDetail(ctx.store.read, order);
    });

    app.post('/orders/:orderId/cancel', {
      config: { allow: ['seller', 'approver'] },
      schema: {
        summary: 'Cancel an order the ERP has not confirmed (status placed): a cpq-kit.order.cancelled event goes to every subscriber', tags: ['orders'],
        params: ORDER_PARAMS,
        body: {
          type: 'object', additionalProperties: false, required: ['reason'],
          properties: { reason: { type: 'string', minLength: 1, maxLength: 500, pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\s][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$', description: 'Why (shown to the ERP and in the quote\'s history).' } },
        },
      },
    }, async (req, reply) => {
      const { orderId } = req.params as { orderId: string };
      const { reason } = req.body as { reason: string };
      return idempotent(ctx, req, reply, async (tx) => ({ status: 200, body: await cancelOrder(ctx, tx, req.identity as UserIdentity, orderId, reason) }));
    });
  };
}
