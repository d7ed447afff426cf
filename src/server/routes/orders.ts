import type { FastifyPluginAsync } from 'fastify';
import type { UserIdentity } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { LIMIT_QUERY } from './params.js';

const ORDER_ID = { type: 'string', pattern: '^order:[A-Za-z0-9%._~!$&\'()*+,;=:@-]{1,300}:v[1-9][0-9]{0,5}$' } as const;

/**
 * Orders, read by the tenant's sellers and approvers. No route takes an order event from a
 * client: orders are made only by the order move of an accepted quote version.
 */
export function orderRoutes(ctx: ServiceContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/orders', {
      config: { allow: ['seller', 'approver'] },
      schema: {
        summary: 'The tenant\'s orders, newest first (cursor paging)', tags: ['orders'],
        querystring: { type: 'object', additionalProperties: false, properties: { limit: LIMIT_QUERY, starting_after: ORDER_ID } },
      },
    }, async (req) => {
      const q = req.query as { limit?: string; starting_after?: string };
      const limit = Number(q.limit ?? 20);
      const rows = await ctx.store.read.listOrders((req.identity as UserIdentity).tenant, { limit: limit + 1, after: q.starting_after });
      return { data: rows.slice(0, limit).map(({ tenant: _t, ...o }) => o), hasMore: rows.length > limit };
    });

    app.get('/orders/:orderId', {
      config: { allow: ['seller', 'approver'] },
      schema: { summary: 'One order with its CloudEvents order event', tags: ['orders'], params: { type: 'object', properties: { orderId: ORDER_ID }, required: ['orderId'], additionalProperties: false } },
    }, async (req) => {
      const { orderId } = req.params as { orderId: string };
      const order = await ctx.store.read.getOrder((req.identity as UserIdentity).tenant, orderId);
      if (!order) throw notFound(`Order "${orderId}"`, 'orderId');
      const { tenant: _t, event, ...rest } = order;
      return { ...rest, event: JSON.parse(event) as unknown };
    });
  };
}
