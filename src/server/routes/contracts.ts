import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { UserIdentity } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { now } from '../context.js';
import { contractView, loadContract, startQuote } from '../contracts.js';
import { notFound } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { createQuote, nextQuoteId, type QuoteInput } from '../quotes.js';
import { DATE_PATTERN, DECIMAL_PATTERN } from '../schemas/quote-input.js';
import { ID_PARAM, LIMIT_QUERY } from './params.js';

const CONTRACT_PARAMS = { type: 'object', properties: { contractId: ID_PARAM }, required: ['contractId'], additionalProperties: false } as const;

/**
 * Contracts (issue 16), read by the tenant's sellers and approvers; a seller starts an amendment
 * or a renewal quote from one. Contracts are made and changed only by orders: no route writes one.
 */
export function contractRoutes(ctx: ServiceContext): FastifyPluginAsync {
  return async (app) => {
    const user = (req: FastifyRequest) => req.identity as UserIdentity;

    app.get('/contracts', {
      config: { allow: ['seller', 'approver'] },
      schema: {
        summary: 'The tenant\'s contracts by id (cursor paging), of one customer when asked', tags: ['contracts'],
        querystring: { type: 'object', additionalProperties: false, properties: { limit: LIMIT_QUERY, starting_after: ID_PARAM, customerId: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000]*$' } } },
      },
    }, async (req) => {
      const q = req.query as { limit?: string; starting_after?: string; customerId?: string };
      const limit = Number(q.limit ?? 20);
      const rows = await ctx.store.read.listContracts(user(req).tenant, { limit: limit + 1, ...(q.starting_after ? { after: q.starting_after } : {}), ...(q.customerId ? { customerId: q.customerId } : {}) });
      return { data: rows.slice(0, limit), hasMore: rows.length > limit };
    });

    app.get('/contracts/:contractId', {
      config: { allow: ['seller', 'approver'] },
      schema: { summary: 'One contract: its subscriptions (quantity, configuration, net unit price per term unit, start and end) and the quotes that made it', tags: ['contracts'], params: CONTRACT_PARAMS },
    }, async (req) => {
      const { contractId } = req.params as { contractId: string };
      const row = await ctx.store.read.getContract(user(req).tenant, contractId);
      if (!row) throw notFound(`Contract "${contractId}"`, 'contractId');
      return contractView(row);
    });

    const start = (kind: 'amendments' | 'renewals', summary: string, body: Record<string, unknown>, required: string[]) => {
      app.post(`/contracts/:contractId/${kind}`, {
        config: { allow: ['seller'] },
        schema: { summary, tags: ['contracts'], params: CONTRACT_PARAMS, body: { type: 'object', additionalProperties: false, required, properties: body } },
      }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => {
        const { contractId } = req.params as { contractId: string };
        const tenant = user(req).tenant;
        const { row, contract } = await loadContract(tx, tenant, contractId);
        // The catalog the contract was sold from, at its newest version.
        const source = await tx.getVersion(tenant, row.quoteId, row.quoteVersion);
        const catalog = await ctx.catalogs.load(tx, tenant, source!.catalogId);
        const id = await nextQuoteId(ctx, tx, tenant);
        const b = req.body as { effectiveDate?: string; term?: number; uplift?: string };
        const quote = startQuote(catalog.raw, contract, kind === 'amendments' ? { amend: { effectiveDate: b.effectiveDate! } } : { renew: { term: b.term!, ...(b.uplift !== undefined ? { uplift: b.uplift } : {}) } }, id, now(ctx).day);
        const input: QuoteInput = { catalogId: catalog.id, lines: quote.lines, ...(quote.customer ? { customer: quote.customer } : {}) };
        return { status: 201, body: await createQuote(ctx, tx, user(req), input, { id, kind: quote.kind, contract: quote.contract }) };
      }));
    };
    start('amendments', 'Start an amendment quote: the subscriptions in force on the effective date as locked lines; changes co-terminate with the contract', {
      effectiveDate: { type: 'string', maxLength: 10, pattern: DATE_PATTERN, description: 'The first day the changes apply (within the contract).' },
    }, ['effectiveDate']);
    start('renewals', 'Start a renewal quote for the next term at the contracted price plus the uplift (the catalog\'s, the product\'s, or the one given)', {
      term: { type: 'integer', minimum: 1, maximum: 1200, description: 'The next term, in each subscription\'s term units.' },
      uplift: { type: 'string', maxLength: 32, pattern: DECIMAL_PATTERN, description: 'Percent points added to every contracted price ("5" = +5 %); default per product, then the catalog.' },
    }, ['term']);
  };
}
