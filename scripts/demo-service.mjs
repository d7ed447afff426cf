// The demo's quote service: `createQuoteService` on SQLite, mounted under /api/cpq, seeded with
// what the demo pages need, plus two demo-only routes that stand in for the host's own sign-in.
// Shared by `npm start` (scripts/start.mjs), the e2e check and the screenshots
// (scripts/demo-server.mjs) and scripts/check-demo.mjs. Run under `node --import tsx` (the
// service is the kit's own TypeScript).
//
// Seeding is idempotent: every start publishes the demo catalogs (the service answers 200 for a
// catalog it already has), and creates a sample quote only when the seller has no open one for
// that opportunity, so a restart finds the quotes where the last session left them.
//
// Demo-only routes (never part of cpq-kit/server; a real host has its own sign-in):
//   GET /api/demo/token?user=<id>   a short-lived user token for one of the seeded users
//   GET /api/demo/quotes            the seeded quotes' ids: { crm, compressor }
//   GET /api/demo/share-link        the share link of the quote already sent to a customer
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { createQuoteService, createSqliteStore } from '../src/server/index.ts';
import { startErpSubscriber } from '../examples/erp-subscriber/erp-subscriber.ts';

/** Where `npm start` keeps its database and secrets. */
export const DEMO_DIR = fileURLToPath(new URL('../.cache/demo/', import.meta.url));
/** The path the quote service is mounted under (the pages reach it same-origin through Vite's /api proxy). */
export const PREFIX = '/api/cpq';
export const TENANT = 'demo';
/** How long a minted user token lives: short, as a host's session token would. */
export const TOKEN_SECONDS = 15 * 60;

/** The demo catalogs' approval rules name these levels, lowest first. */
export const APPROVAL_LEVELS = [{ id: 'manager' }, { id: 'director' }, { id: 'finance' }];

/**
 * The users the demo signs in as. The service has no user table: a user is whoever a valid
 * token names, with the roles and approval levels its claims grant.
 */
export const USERS = [
  { id: 'wang.tao', name: '王涛', roles: ['seller'], levels: [] },
  { id: 'li.manager', name: '李经理', roles: ['approver'], levels: ['manager'] },
  { id: 'zhao.director', name: '赵总监', roles: ['approver'], levels: ['director'] },
  { id: 'qian.finance', name: '钱财务', roles: ['approver'], levels: ['finance'] },
  { id: 'admin', name: '系统管理员', roles: ['admin'], levels: [] },
];
export const SELLER = 'wang.tao';

const readDemo = (path) => JSON.parse(readFileSync(new URL(`../demo/${path}`, import.meta.url), 'utf8'));

/** The bundled sample catalogs by catalog id. */
export function demoCatalogs() {
  return Object.fromEntries(['crm-saas', 'air-compressor'].map((name) => {
    const catalog = readDemo(`catalogs/${name}.json`);
    return [catalog.id, catalog];
  }));
}

/** The sample quotes the CRM page opens, by the page's catalog switch value. */
const SAMPLES = {
  crm: { file: 'quotes/crm-pro-120.json', catalogId: 'demo-crm-2026' },
  compressor: { file: 'quotes/compressor-55kw-full.json', catalogId: 'demo-aircomp-2026' },
};
/** The quote already sent to a customer (the portal's): 20 % off needs the manager's approval first. */
const SENT = { file: 'quotes/portal-crm.json', catalogId: 'demo-crm-2026', discount: { percent: '20' } };

/** The part of a sample quote a seller sends (the server decides id, date, currency, validity). */
export function quoteInput(quote, catalogId) {
  const input = { catalogId, lines: quote.lines };
  for (const key of ['customer', 'opportunity', 'discount', 'priceBook', 'locale']) if (quote[key] !== undefined) input[key] = quote[key];
  return input;
}

/**
 * The user-token and share-link secrets: CPQ_JWT_SECRET and CPQ_SHARE_SECRET when set, else
 * generated once and kept in `<dir>/secrets.json` (readable by the owner only), so that tokens and
 * share links survive a restart.
 */
export function demoSecrets(dir = DEMO_DIR) {
  const file = join(dir, 'secrets.json');
  let kept = {};
  if (existsSync(file)) kept = JSON.parse(readFileSync(file, 'utf8'));
  const secrets = {
    jwt: process.env.CPQ_JWT_SECRET || kept.jwt || randomBytes(32).toString('base64url'),
    share: process.env.CPQ_SHARE_SECRET || kept.share || randomBytes(32).toString('base64url'),
  };
  if (!process.env.CPQ_JWT_SECRET || !process.env.CPQ_SHARE_SECRET) {
    const toKeep = { jwt: kept.jwt ?? (process.env.CPQ_JWT_SECRET ? undefined : secrets.jwt), share: kept.share ?? (process.env.CPQ_SHARE_SECRET ? undefined : secrets.share) };
    if (toKeep.jwt !== kept.jwt || toKeep.share !== kept.share) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, `${JSON.stringify(toKeep, null, 2)}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
  }
  return secrets;
}

/**
 * Sign a user token as the host's sign-in would: HS256 with the secret the service verifies,
 * claims sub, name, tenant, roles, levels, expiring after TOKEN_SECONDS. A real host signs its
 * own users in (its identity provider, its session) and gives the elements a token getter; this
 * stand-in only exists so that the demo can switch between seeded users.
 */
export async function signUserToken(secret, userId, seconds = TOKEN_SECONDS) {
  const user = USERS.find((u) => u.id === userId);
  if (!user) throw new Error(`no demo user "${userId}"`);
  const expiresAt = new Date(Date.now() + seconds * 1000);
  const token = await new SignJWT({ name: user.name, tenant: TENANT, roles: user.roles, levels: user.levels })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id).setIssuedAt().setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(new TextEncoder().encode(secret));
  return { token, expiresAt: expiresAt.toISOString() };
}

/**
 * Start the demo service: SQLite at `<dir>/cpq.sqlite`, seeded, listening on `port` (0: a free
 * one), with the ERP stand-in beside it on `erpPort` (default the next port). Returns its origin
 * (`url`), the seed (quote ids, the share link), the ERP's URLs, `token(userId)` and `close()`.
 */
export async function startDemoService({ dir = DEMO_DIR, port = 8787, erpPort = port === 0 ? 0 : port + 1, host = '127.0.0.1', log = () => {} } = {}) {
  const secrets = demoSecrets(dir);
  const store = await createSqliteStore({ file: join(dir, 'cpq.sqlite') });
  const app = await createQuoteService({
    store,
    auth: { secret: secrets.jwt },
    shareLinks: { secret: secrets.share },
    approvalLevels: APPROVAL_LEVELS,
    prefix: PREFIX,
    timeZone: 'Asia/Shanghai',
    // Every page of the demo reaches the service from one address, through the Vite proxy.
    limits: { perMinute: 6000 },
  });
  const seed = { quotes: {}, shared: undefined };
  registerDemoRoutes(app, secrets, seed);
  await app.ready();
  try {
    Object.assign(seed, await seedDemo(app, secrets, log));
    await app.listen({ port, host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
  const erp = await startDemoErp(app, secrets, dir, url, erpPort, host, log);
  return {
    url,
    prefix: PREFIX,
    seed,
    erp: { url: erp.url, ordersUrl: `http://${host}:${erp.port}/orders` },
    token: async (userId) => (await signUserToken(secrets.jwt, userId)).token,
    close: async () => {
      await app.close();
      await erp.close();
    },
  };
}

/**
 * The ERP stand-in (examples/erp-subscriber) at `<dir>/erp.sqlite`, subscribed to the service's
 * order webhooks: each order lands there as a sales order, and it reports `confirmed` back. Its
 * subscriber id and secret are kept in `<dir>/erp.json` (owner only); a new subscriber replaces
 * the old one when the ERP's URL changed.
 */
async function startDemoErp(app, secrets, dir, url, erpPort, host, log) {
  const call = caller(app, secrets);
  const file = join(dir, 'erp.json');
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  const erp = await startErpSubscriber({ port: erpPort, host, dbFile: join(dir, 'erp.sqlite'), secrets: [], autoConfirm: true, log: (line) => log(`erp: ${line}`) });
  const subscribers = (await call('admin', 'GET', '/subscribers')).data;
  let sub = kept && subscribers.find((s) => s.id === kept.id && s.url === erp.url && s.enabled) ? kept : undefined;
  if (!sub) {
    if (kept && subscribers.some((s) => s.id === kept.id && s.enabled)) await call('admin', 'POST', `/subscribers/${kept.id}/disable`, { reason: 'the demo ERP moved' });
    const made = await call('admin', 'POST', '/subscribers', { url: erp.url });
    sub = { id: made.id, secret: made.secret };
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(sub, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  erp.configure({ secrets: [sub.secret], service: { url: `${url}${PREFIX}`, subscriberId: sub.id } });
  log(`ERP stand-in (examples/erp-subscriber): webhooks to ${erp.url}, its sales orders at http://${host}:${erp.port}/orders`);
  return erp;
}

/** The demo-only routes, on the service's own Fastify instance but outside its prefix. */
function registerDemoRoutes(app, secrets, seed) {
  // The service refuses a route that does not say who may call it: these are open (the sign-in stand-in).
  const config = { allow: ['anyone'] };
  const userIds = USERS.filter((u) => u.id !== 'admin').map((u) => u.id);
  app.get('/api/demo/token', {
    config,
    schema: {
      hide: true,
      querystring: { type: 'object', properties: { user: { type: 'string', enum: userIds } }, required: ['user'], additionalProperties: false },
      response: {
        200: {
          type: 'object',
          properties: {
            token: { type: 'string' }, expiresAt: { type: 'string' },
            user: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } }, levels: { type: 'array', items: { type: 'string' } } } },
          },
        },
      },
    },
  }, async (req, reply) => {
    const user = USERS.find((u) => u.id === req.query.user);
    reply.header('Cache-Control', 'no-store');
    return { ...(await signUserToken(secrets.jwt, user.id)), user };
  });
  app.get('/api/demo/quotes', {
    config,
    schema: { hide: true, response: { 200: { type: 'object', properties: { crm: { type: 'string' }, compressor: { type: 'string' }, contract: { type: 'string' } } } } },
  }, async () => ({ ...seed.quotes, ...(seed.contract ? { contract: seed.contract } : {}) }));
  app.get('/api/demo/share-link', {
    config,
    schema: {
      hide: true,
      response: { 200: { type: 'object', properties: { token: { type: 'string' }, expiresAt: { type: 'string' }, quoteId: { type: 'string' }, version: { type: 'integer' } } } },
    },
  }, async (_req, reply) => {
    reply.header('Cache-Control', 'no-store');
    return seed.shared;
  });
}

/** Call the service in-process as `userId` (or with a share token); throws on an unexpected status. */
function caller(app, secrets) {
  return async (as, method, path, payload, expect = [200, 201]) => {
    const token = as.startsWith('share:') ? as.slice('share:'.length) : (await signUserToken(secrets.jwt, as, 60)).token;
    const r = await app.inject({
      method, url: `${PREFIX}${path}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload !== undefined ? { payload } : {}),
    });
    const body = r.body ? JSON.parse(r.body) : undefined;
    if (!expect.includes(r.statusCode)) throw new Error(`demo seed: ${method} ${path} as ${as.split(':')[0]} → ${r.statusCode} ${JSON.stringify(body).slice(0, 400)}`);
    return body;
  };
}

/** States in which a quote is done with: a new sample quote is made instead. */
const FINISHED = new Set(['ordered', 'expired', 'declined', 'superseded']);

/**
 * The seller's newest quote for this customer and opportunity that `usable` accepts, else
 * undefined (the list is newest first).
 */
async function findQuote(call, input, usable) {
  const customer = input.customer?.id;
  const list = await call(SELLER, 'GET', `/quotes?owner=${encodeURIComponent(SELLER)}${customer ? `&customer=${encodeURIComponent(customer)}` : ''}&limit=100`);
  for (const row of list.data) {
    const view = await call(SELLER, 'GET', `/quotes/${encodeURIComponent(row.quoteId)}`);
    if ((view.quote.opportunity?.id ?? null) !== (input.opportunity?.id ?? null)) continue;
    if (input.discount && view.quote.discount?.percent !== input.discount.percent) continue;
    if (usable(view)) return view;
  }
  return undefined;
}

/** Publish the catalogs, make sure the sample quotes and the sent quote exist; returns the seed. */
async function seedDemo(app, secrets, log) {
  const call = caller(app, secrets);
  for (const catalog of Object.values(demoCatalogs())) {
    const published = await call('admin', 'POST', '/catalogs', catalog);
    if (published.created) log(`published catalog ${published.catalogId} v${published.version}`);
  }

  const quotes = {};
  for (const [key, sample] of Object.entries(SAMPLES)) {
    const input = quoteInput(readDemo(sample.file), sample.catalogId);
    let view = await findQuote(call, input, (v) => !FINISHED.has(v.state));
    if (!view) {
      view = await call(SELLER, 'POST', '/quotes', input);
      log(`created sample quote ${view.quoteId} (${sample.file})`);
    }
    quotes[key] = view.quoteId;
  }

  // The quote sent to a customer: submitted, approved level by level, sent with a link that
  // lets the customer order online. A sent quote still open is reused with a fresh link.
  const input = { ...quoteInput(readDemo(SENT.file), SENT.catalogId), discount: SENT.discount };
  let sent = await findQuote(call, input, (v) => v.state === 'sent');
  let shareLink;
  if (sent) {
    shareLink = await call(SELLER, 'POST', `/quotes/${sent.quoteId}/versions/${sent.version}/share-links`, { allowOrder: true });
  } else {
    let view = await call(SELLER, 'POST', '/quotes', input);
    const path = `/quotes/${view.quoteId}/versions/${view.version}`;
    view = await call(SELLER, 'POST', `${path}/submit`, {});
    const approver = Object.fromEntries(USERS.flatMap((u) => u.levels.map((level) => [level, u.id])));
    while (view.state === 'approval-pending') {
      const level = view.approval.levels.find((l) => l.status === 'current')?.level;
      if (!approver[level]) throw new Error(`demo seed: nobody approves level "${level}"`);
      view = await call(approver[level], 'POST', `${path}/approve`, { digest: view.digest });
    }
    const answer = await call(SELLER, 'POST', `${path}/send`, { digest: view.digest, allowOrder: true });
    sent = answer.quote;
    shareLink = answer.shareLink;
    log(`sent quote ${sent.quoteId} to ${input.customer?.name ?? 'the customer'}`);
  }
  const contract = await seedContract(call, log);
  return { quotes, contract, shared: { token: shareLink.token, expiresAt: shareLink.expiresAt, quoteId: sent.quoteId, version: sent.version } };
}

/**
 * A running contract to amend and renew (issue 16): the CRM sample quote, approved, sent,
 * accepted by the customer and ordered once — its order makes contract K-<year>-<n> (CRM-PRO
 * seats by the month). Kept when the tenant has a contract already.
 */
async function seedContract(call, log) {
  const existing = await call(SELLER, 'GET', '/contracts?limit=1');
  if (existing.data.length > 0) return existing.data[0].contractId;
  const input = quoteInput(readDemo(SAMPLES.crm.file), SAMPLES.crm.catalogId);
  let view = await call(SELLER, 'POST', '/quotes', { ...input, opportunity: { id: 'OPP-DEMO-CONTRACT', name: '已签约：CRM 年度订阅', stage: '已成交' } });
  const path = `/quotes/${view.quoteId}/versions/${view.version}`;
  view = await call(SELLER, 'POST', `${path}/submit`, {});
  const approver = Object.fromEntries(USERS.flatMap((u) => u.levels.map((level) => [level, u.id])));
  while (view.state === 'approval-pending') {
    const level = view.approval.levels.find((l) => l.status === 'current')?.level;
    view = await call(approver[level], 'POST', `${path}/approve`, { digest: view.digest });
  }
  const sent = await call(SELLER, 'POST', `${path}/send`, { digest: view.digest });
  await call(`share:${sent.shareLink.token}`, 'POST', '/share/accept', { name: input.customer?.name ?? '客户', digest: sent.quote.digest });
  const ordered = await call(SELLER, 'POST', `${path}/order`, {});
  const id = ordered.order.event.data.contract?.id;
  log(`ordered ${view.quoteId}: contract ${id} to amend and renew`);
  return id;
}

