import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { UserIdentity } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { conflict, notFound } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { sendJsonText } from '../json-text.js';
import { approveMove, createShareLink, expireMove, handoverMove, orderMove, rejectMove, sendMove, submitMove } from '../moves.js';
import { createQuote, editQuote, load, reviseVersion, view, viewStored, type QuoteInput } from '../quotes.js';
import { NO_NUL_PATTERN, QUOTE_CREATE_SCHEMA, QUOTE_EDIT_SCHEMA } from '../schemas/quote-input.js';
import type { StoreTx } from '../store/types.js';
import { ID_PARAM, LIMIT_QUERY, VERSION_PARAMS, versionParams } from './params.js';

const DIGEST = { type: 'string', pattern: '^sha-256:[0-9a-f]{64}$' } as const;
const REASON = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const USER = { type: 'string', pattern: '^[\\w.@:+-]{1,128}$' } as const;

/** A body schema: an object with exactly these fields. */
function body(properties: Record<string, unknown>, required: string[] = []) {
  return { type: 'object', properties, required, additionalProperties: false } as const;
}

/** The moves a seller or an approver makes on a version (POST …/versions/:version/<move>). */
const MOVES = {
  submit: { allow: ['seller'], summary: 'Submit for approval (提交审批)', body: body({}) },
  approve: { allow: ['approver'], summary: 'Approve the current level, bound to the digest seen (审批通过)', body: body({ digest: DIGEST, reason: REASON }, ['digest']) },
  reject: { allow: ['approver'], summary: 'Send back to the seller with a reason (退回)', body: body({ reason: REASON, digest: DIGEST }, ['reason']) },
  handover: { allow: ['approver'], summary: 'Hand the current level over to another user (转交)', body: body({ to: USER, reason: REASON }, ['to']) },
  send: { allow: ['seller'], summary: 'Send to the customer: makes a share link', body: body({ digest: DIGEST, days: { type: 'integer', minimum: 1, maximum: 365 }, allowOrder: { type: 'boolean' } }) },
  revise: { allow: ['seller'], summary: 'Make the next version (the old one is superseded)', body: body({ reason: REASON }) },
  expire: { allow: ['seller'], summary: 'Record that the quote passed its validity', body: body({}) },
  order: { allow: ['seller'], summary: 'Place the order of the accepted version (once)', body: body({}) },
  'share-links': { allow: ['seller'], summary: 'Another share link to a sent version', body: body({ days: { type: 'integer', minimum: 1, maximum: 365 }, allowOrder: { type: 'boolean' } }) },
} as const;

type MoveName = keyof typeof MOVES;

/**
 * Quotes for signed-in users of a tenant: create, read, list, edit, revise, and every lifecycle
 * move. Another tenant's quote is "not found", never "forbidden": nothing tells that it exists.
 */
export function quoteRoutes(ctx: ServiceContext): FastifyPluginAsync {
  return async (app) => {
    const user = (req: FastifyRequest) => req.identity as UserIdentity;

    app.post('/quotes', {
      config: { allow: ['seller'] },
      schema: { summary: 'Create a quote (version 1) on the newest version of a catalog', tags: ['quotes'], body: QUOTE_CREATE_SCHEMA },
    }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: await createQuote(ctx, tx, user(req), req.body as QuoteInput) })));

    app.get('/quotes', {
      config: { allow: ['seller', 'approver'] },
      schema: {
        summary: 'The tenant\'s quotes, newest first (cursor paging)', tags: ['quotes'],
        querystring: {
          type: 'object', additionalProperties: false,
          properties: { limit: LIMIT_QUERY, starting_after: ID_PARAM, state: { type: 'string', pattern: '^[a-z-]{1,30}$' }, customer: { type: 'string', maxLength: 100, pattern: NO_NUL_PATTERN }, owner: { type: 'string', maxLength: 128, pattern: NO_NUL_PATTERN } },
        },
      },
    }, async (req) => {
      const q = req.query as { limit?: string; starting_after?: string; state?: string; customer?: string; owner?: string };
      const limit = Number(q.limit ?? 20);
      const rows = await ctx.store.read.listQuotes(user(req).tenant, {
        limit: limit + 1, after: q.starting_after, state: q.state, customerId: q.customer, owner: q.owner,
      });
      return { data: rows.slice(0, limit), hasMore: rows.length > limit };
    });

    app.get('/quotes/:quoteId', {
      config: { allow: ['seller', 'approver'] },
      schema: { summary: 'A quote at its newest version', tags: ['quotes'], params: { type: 'object', properties: { quoteId: ID_PARAM }, required: ['quoteId'], additionalProperties: false } },
    }, async (req, reply) => {
      const { quoteId } = req.params as { quoteId: string };
      return sendJsonText(reply, await viewStored(ctx, ctx.store.read, await load(ctx, ctx.store.read, user(req).tenant, quoteId, undefined, false, { priced: 'bytes' })));
    });

    app.get('/quotes/:quoteId/versions/:version', {
      config: { allow: ['seller', 'approver'] },
      schema: { summary: 'One version of a quote', tags: ['quotes'], params: VERSION_PARAMS },
    }, async (req, reply) => {
      const { quoteId, version } = versionParams(req.params);
      return sendJsonText(reply, await viewStored(ctx, ctx.store.read, await load(ctx, ctx.store.read, user(req).tenant, quoteId, version, false, { priced: 'bytes' })));
    });

    app.get('/quotes/:quoteId/moves', {
      config: { allow: ['seller', 'approver'] },
      schema: { summary: 'Every recorded move of every version (the audit log)', tags: ['quotes'], params: { type: 'object', properties: { quoteId: ID_PARAM }, required: ['quoteId'], additionalProperties: false } },
    }, async (req) => {
      const { quoteId } = req.params as { quoteId: string };
      const tenant = user(req).tenant;
      if (!(await ctx.store.read.getHead(tenant, quoteId))) throw notFound(`Quote "${quoteId}"`, 'quoteId');
      const moves = await ctx.store.read.listMoves(tenant, quoteId);
      return { data: moves.map(({ tenant: _t, detail, ...m }) => ({ ...m, detail: JSON.parse(detail) as unknown })) };
    });

    app.put('/quotes/:quoteId/versions/:version', {
      config: { allow: ['seller'] },
      schema: { summary: 'Edit the newest version: re-priced on the server', tags: ['quotes'], params: VERSION_PARAMS, body: QUOTE_EDIT_SCHEMA },
    }, async (req, reply) => {
      const { quoteId, version } = versionParams(req.params);
      return idempotent(ctx, req, reply, async (tx) => ({ status: 200, body: await editQuote(ctx, tx, user(req), quoteId, version, req.body as QuoteInput) }));
    });

    app.get('/quotes/:quoteId/share-links', {
      config: { allow: ['seller'] },
      schema: { summary: 'The share links of a quote (without their tokens)', tags: ['share links'], params: { type: 'object', properties: { quoteId: ID_PARAM }, required: ['quoteId'], additionalProperties: false } },
    }, async (req) => {
      const { quoteId } = req.params as { quoteId: string };
      const tenant = user(req).tenant;
      if (!(await ctx.store.read.getHead(tenant, quoteId))) throw notFound(`Quote "${quoteId}"`, 'quoteId');
      const links = await ctx.store.read.listShareLinks(tenant, quoteId);
      return { data: links.map(({ tenant: _t, ...l }) => l) };
    });

    app.post('/share-links/:linkId/revoke', {
      config: { allow: ['seller'] },
      schema: { summary: 'Withdraw a share link', tags: ['share links'], params: { type: 'object', properties: { linkId: ID_PARAM }, required: ['linkId'], additionalProperties: false }, body: body({}) },
    }, async (req, reply) => {
      const { linkId } = req.params as { linkId: string };
      return idempotent(ctx, req, reply, async (tx) => {
        const link = await tx.getShareLink(linkId);
        if (!link || link.tenant !== user(req).tenant) throw notFound(`Share link "${linkId}"`, 'linkId');
        const at = new Date(ctx.clock()).toISOString();
        await tx.revokeShareLink(link.tenant, linkId, at);
        return { status: 200, body: { id: linkId, revokedAt: link.revokedAt ?? at } };
      });
    });

    for (const name of Object.keys(MOVES) as MoveName[]) {
      const move = MOVES[name];
      app.post(`/quotes/:quoteId/versions/:version/${name}`, {
        config: { allow: move.allow },
        schema: { summary: move.summary, tags: ['moves'], params: VERSION_PARAMS, body: move.body },
      }, async (req, reply) => runMove(name, req, reply));
    }

    const runMove = (name: MoveName, req: FastifyRequest, reply: FastifyReply) => {
      const { quoteId, version } = versionParams(req.params);
      const u = user(req);
      // The route schema checked the body; its fields are what each move reads.
      const b = (req.body ?? {}) as never;
      return idempotent(ctx, req, reply, async (tx: StoreTx) => {
        switch (name) {
          case 'submit': return { status: 200, body: await submitMove(ctx, tx, u, quoteId, version) };
          case 'approve': return { status: 200, body: await approveMove(ctx, tx, u, quoteId, version, b) };
          case 'reject': return { status: 200, body: await rejectMove(ctx, tx, u, quoteId, version, b) };
          case 'handover': return { status: 200, body: await handoverMove(ctx, tx, u, quoteId, version, b) };
          case 'send': return { status: 200, body: await sendMove(ctx, tx, u, quoteId, version, b) };
          case 'revise': return { status: 201, body: await reviseVersion(ctx, tx, u, quoteId, version, (b as { reason?: string }).reason) };
          case 'expire': return { status: 200, body: await expireMove(ctx, tx, u, quoteId, version) };
          case 'order': {
            const { order, loaded } = await orderMove(ctx, tx, { kind: 'user', user: u }, u.tenant, quoteId, version);
            return { status: 201, body: { order: { id: order.id, quoteId, version, total: order.total, currency: order.currency, createdAt: order.createdAt, event: JSON.parse(order.event) as unknown }, quote: await view(ctx, tx, loaded) } };
          }
          case 'share-links': {
            const l = await load(ctx, tx, u.tenant, quoteId, version, true);
            if (!['sent', 'accepted'].includes(l.row.state)) throw conflict('not-sent', `Only a sent or accepted quote can be shared; this one is ${l.row.state}.`, 'state');
            return { status: 201, body: await createShareLink(ctx, tx, u, l, b) };
          }
        }
      });
    };
  };
}
