import type { FastifyPluginAsync } from 'fastify';
import { canonicalJson } from '../../quote/canonical-json.js';
import { validateCatalog } from '../../rules/validate-catalog.js';
import type { UserIdentity } from '../auth.js';
import { jsonDigest, now, type ServiceContext } from '../context.js';
import { unprocessable } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { ID_PARAM, VERSION_PARAM } from './params.js';

const CATALOG_REF = {
  type: 'object',
  properties: {
    catalogId: { type: 'string' }, version: { type: 'integer' }, digest: { type: 'string' },
    publishedAt: { type: 'string' }, publishedBy: { type: 'string' },
  },
} as const;

/**
 * Catalogs: an admin publishes (each publish whose content differs makes a new version, with its
 * digest); sellers and approvers read them in full. Customers never reach these routes: their
 * copy comes through the share link (`GET /share/catalog`).
 */
export function catalogRoutes(ctx: ServiceContext, catalogBytes: number): FastifyPluginAsync {
  return async (app) => {
    app.post('/catalogs', {
      config: { allow: ['admin'] },
      bodyLimit: catalogBytes,
      schema: {
        summary: 'Publish a catalog version (admin)',
        tags: ['catalogs'],
        body: { type: 'object', description: 'A catalog (the data contract); checked by validateCatalog.' },
        response: { 200: { ...CATALOG_REF, properties: { ...CATALOG_REF.properties, warnings: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } }, created: { type: 'boolean' } } } },
      },
    }, async (req, reply) => {
      const user = req.identity as UserIdentity;
      const catalog = req.body as Record<string, unknown>;
      const result = validateCatalog(catalog);
      if (!result.ok) {
        const errors = result.errors.filter((e) => e.severity !== 'warning').slice(0, 50).map((e) => ({ path: e.path, message: e.message }));
        throw unprocessable('invalid-catalog', `The catalog is not valid: ${errors[0]?.path || '(root)'}: ${errors[0]?.message}`, errors[0]?.path, errors);
      }
      const id = catalog.id;
      if (typeof id !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(id)) {
        throw unprocessable('invalid-catalog-id', 'The catalog id must be 1 to 100 letters, digits, ".", "_" or "-".', 'id');
      }
      for (const [i, rule] of (Array.isArray(catalog.approvalRules) ? catalog.approvalRules : []).entries()) {
        const level = (rule as { level?: unknown }).level;
        if (!ctx.levels.some((l) => l.id === level)) {
          throw unprocessable('unknown-level', `approvalRules[${i}].level "${String(level)}" is not an approval level of this service (${ctx.levels.map((l) => l.id).join(', ')}).`, `approvalRules[${i}].level`);
        }
      }
      const warnings = result.errors.filter((e) => e.severity === 'warning').map((e) => ({ path: e.path, message: e.message }));
      return idempotent(ctx, req, reply, async (tx) => {
        const digest = jsonDigest(catalog);
        const latest = await tx.getCatalog(user.tenant, id);
        if (latest && latest.digest === digest) {
          return { status: 200, body: { catalogId: id, version: latest.version, digest, publishedAt: latest.publishedAt, publishedBy: latest.publishedBy, warnings, created: false } };
        }
        const version = (latest?.version ?? 0) + 1;
        const { at } = now(ctx);
        await tx.insertCatalog({ tenant: user.tenant, catalogId: id, version, digest, body: canonicalJson(catalog), publishedAt: at, publishedBy: user.userId });
        return { status: 201, body: { catalogId: id, version, digest, publishedAt: at, publishedBy: user.userId, warnings, created: true } };
      });
    });

    app.get('/catalogs', {
      config: { allow: ['seller', 'approver', 'admin'] },
      schema: { summary: 'The tenant\'s catalogs, each at its newest version', tags: ['catalogs'], response: { 200: { type: 'object', properties: { data: { type: 'array', items: CATALOG_REF } } } } },
    }, async (req) => {
      const user = req.identity as UserIdentity;
      const rows = await ctx.store.read.listCatalogs(user.tenant);
      return { data: rows.map((r) => ({ catalogId: r.catalogId, version: r.version, digest: r.digest, publishedAt: r.publishedAt, publishedBy: r.publishedBy })) };
    });

    const read = async (tenant: string, id: string, version?: number) => {
      const c = await ctx.catalogs.load(ctx.store.read, tenant, id, version);
      return { catalogId: c.id, version: c.version, digest: c.digest, catalog: c.raw };
    };
    app.get('/catalogs/:catalogId', {
      config: { allow: ['seller', 'approver', 'admin'] },
      schema: { summary: 'A catalog at its newest version (seller view: everything)', tags: ['catalogs'], params: { type: 'object', properties: { catalogId: ID_PARAM }, required: ['catalogId'], additionalProperties: false } },
    }, async (req) => read((req.identity as UserIdentity).tenant, (req.params as { catalogId: string }).catalogId));
    app.get('/catalogs/:catalogId/versions/:version', {
      config: { allow: ['seller', 'approver', 'admin'] },
      schema: { summary: 'One catalog version', tags: ['catalogs'], params: { type: 'object', properties: { catalogId: ID_PARAM, version: VERSION_PARAM }, required: ['catalogId', 'version'], additionalProperties: false } },
    }, async (req) => {
      const p = req.params as { catalogId: string; version: string };
      return read((req.identity as UserIdentity).tenant, p.catalogId, Number(p.version));
    });
  };
}
