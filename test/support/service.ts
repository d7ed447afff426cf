// Test harness of the quote service: a service on a throwaway store (SQLite in memory, or a fresh
// database on the PostgreSQL server the tests use), tokens for every role, the demo catalogs
// published, and a quote walked along its lifecycle.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { after, before } from 'node:test';
import { SignJWT } from 'jose';
import pg from 'pg';
import { createPostgresStore, createQuoteService, createSqliteStore, type QuoteServiceOptions, type QuoteStore } from '../../src/server/index.js';

export const JWT_SECRET = 'test-secret-of-the-host-0123456789abcdef';
export const SHARE_SECRET = 'test-share-link-secret-0123456789abcdef';
/** The demo's approval levels: manager < director (会签 of d1 and d2 in `LEVELS_COUNTERSIGN`) < finance. */
export const LEVELS = [{ id: 'manager' }, { id: 'director' }, { id: 'finance' }];
export const LEVELS_COUNTERSIGN = [{ id: 'manager' }, { id: 'director', mode: 'all' as const, members: ['d1', 'd2'] }, { id: 'finance' }];

/** The PostgreSQL server the tests use: `PGURL`, else the one answering on 127.0.0.1:5432. */
export const PG_ADMIN_URL = process.env.CPQ_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Read a demo file. */
export function demo(path: string): any {
  return JSON.parse(readFileSync(new URL(`../../demo/${path}`, import.meta.url), 'utf8'));
}
export const CRM = () => demo('catalogs/crm-saas.json');
export const COMPRESSOR = () => demo('catalogs/air-compressor.json');

/** A fresh, empty PostgreSQL database; `drop()` removes it. */
export async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cpq_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export type StoreKind = 'sqlite' | 'postgres';

/** A store of the kind asked for, empty; `dispose()` closes and removes it. */
export async function freshStore(kind: StoreKind): Promise<{ store: QuoteStore; url?: string; dispose: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const store = await createSqliteStore({ file: ':memory:' });
    return { store, dispose: async () => undefined };
  }
  const db = await freshPgDatabase();
  const store = await createPostgresStore({ connection: db.url, maxConnections: 5 });
  return { store, url: db.url, dispose: db.drop };
}

/** Sign a host user token. */
export function userToken(sub: string, roles: string[], options: { levels?: string[]; tenant?: string; expiresIn?: string | number; secret?: string } = {}): Promise<string> {
  return new SignJWT({ tenant: options.tenant ?? 'acme', roles, levels: options.levels ?? [], name: sub })
    .setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

/** The users of the tests: tenant acme and tenant globex. */
export async function tokens() {
  return {
    admin: await userToken('ad', ['admin']),
    seller: await userToken('s1', ['seller']),
    seller2: await userToken('s2', ['seller']),
    manager: await userToken('m1', ['approver'], { levels: ['manager'] }),
    director: await userToken('dir', ['approver'], { levels: ['director'] }),
    d1: await userToken('d1', ['approver'], { levels: ['director'] }),
    d2: await userToken('d2', ['approver'], { levels: ['director'] }),
    finance: await userToken('f1', ['approver'], { levels: ['finance'] }),
    sellerB: await userToken('sb', ['seller'], { tenant: 'globex' }),
    adminB: await userToken('adb', ['admin'], { tenant: 'globex' }),
    managerB: await userToken('mb', ['approver'], { levels: ['manager', 'director', 'finance'], tenant: 'globex' }),
    expired: await userToken('s1', ['seller'], { expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
    forged: await userToken('s1', ['seller', 'admin', 'approver'], { levels: ['manager', 'director', 'finance'], secret: 'another-secret-not-the-host-0123456789' }),
  };
}

/** The tokens of `tokens()`. */
export type Tokens = Awaited<ReturnType<typeof tokens>>;

export interface Answer {
  status: number;
  body: any;
  headers: Record<string, unknown>;
  /** The answer's bytes as text (`call` gives it). */
  text?: string;
}

/** A test service with a `call` helper; the clock can be moved with `setNow`. */
export interface TestService {
  app: FastifyInstance;
  store: QuoteStore;
  call: (method: string, url: string, token?: string, payload?: unknown, headers?: Record<string, string>) => Promise<Answer>;
  setNow: (date: Date) => void;
  close: () => Promise<void>;
}

export async function startService(kind: StoreKind = 'sqlite', options: Partial<QuoteServiceOptions> = {}): Promise<TestService> {
  const { store, dispose } = await freshStore(kind);
  return serviceOn(store, options, dispose);
}

/** A test service on a store of the test's own (a second instance on one database); `dispose` runs after it closes. */
export async function serviceOn(store: QuoteStore, options: Partial<QuoteServiceOptions> = {}, dispose: () => Promise<void> = async () => undefined): Promise<TestService> {
  let now = new Date('2026-12-04T09:00:00Z');
  const app = await createQuoteService({
    store, auth: { secret: JWT_SECRET }, shareLinks: { secret: SHARE_SECRET }, approvalLevels: LEVELS, timeZone: 'Asia/Shanghai',
    clock: () => now, limits: { perMinute: 1_000_000 }, ...options,
  });
  await app.ready();
  const call = async (method: string, url: string, token?: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const r = await app.inject({
      method: method as 'GET', url, ...(payload !== undefined ? { payload: payload as object } : {}),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
    let body: unknown;
    try {
      body = r.body === '' ? undefined : JSON.parse(r.body);
    } catch {
      body = r.body;
    }
    return { status: r.statusCode, body, headers: r.headers, text: r.body };
  };
  return {
    app, store, call, setNow: (d) => (now = d),
    close: async () => {
      await app.close();
      await dispose();
    },
  };
}

/** The editable part of a demo quote (what a seller sends). */
export function quoteInput(q: any, catalogId: string) {
  const input: any = { catalogId, lines: q.lines };
  for (const key of ['customer', 'opportunity', 'discount', 'priceBook', 'locale']) if (q[key] !== undefined) input[key] = q[key];
  return input;
}

/** Publish both demo catalogs as the admin of `tenant`'s token. */
export async function publishDemo(s: TestService, adminToken: string): Promise<void> {
  for (const catalog of [CRM(), COMPRESSOR()]) {
    const r = await s.call('POST', '/catalogs', adminToken, catalog);
    if (r.status !== 201 && r.status !== 200) throw new Error(`publish failed: ${JSON.stringify(r.body)}`);
  }
}

/** A test service with the demo catalogs published, and the tokens of its users. */
export interface DemoService {
  s: TestService;
  t: Tokens;
}

/**
 * The set-up the server tests share: a service on a fresh store of `kind` (with `options`), the
 * tokens of the tests' users, and both demo catalogs published by each admin of `publishAs`.
 */
export async function demoService(kind: StoreKind = 'sqlite', options: Partial<QuoteServiceOptions> = {}, publishAs: ('admin' | 'adminB')[] = ['admin']): Promise<DemoService> {
  const s = await startService(kind, options);
  try {
    const t = await tokens();
    for (const who of publishAs) await publishDemo(s, t[who]);
    return { s, t };
  } catch (e) {
    await s.close();
    throw e;
  }
}

/**
 * In the current suite: `before()` makes the `demoService` and hands it to `use` (which keeps it in
 * the suite's variables), `after()` closes it.
 */
export function useDemoService(kind: StoreKind, options: Partial<QuoteServiceOptions>, use: (d: DemoService) => void): void {
  let made: DemoService | undefined;
  before(async () => {
    made = await demoService(kind, options);
    use(made);
  });
  after(async () => made?.s.close());
}

/** Expect a status; on a mismatch the error shows the body. */
export function expectStatus(r: Answer, status: number, what = ''): any {
  if (r.status !== status) throw new Error(`${what} expected ${status}, got ${r.status}: ${JSON.stringify(r.body).slice(0, 600)}`);
  return r.body;
}

/**
 * Walk the demo CRM quote (with `discountPercent` as the quote discount) to `target`: created,
 * submitted, approved level by level, sent (with a share link), accepted by the customer.
 */
export async function walk(s: TestService, t: Awaited<ReturnType<typeof tokens>>, target: 'draft' | 'approval-pending' | 'approved' | 'sent' | 'accepted' | 'ordered', discount = '20', allowOrder = false) {
  const input = quoteInput(demo('quotes/crm-pro-120.json'), 'demo-crm-2026');
  input.discount = { percent: discount };
  let q = expectStatus(await s.call('POST', '/quotes', t.seller, input), 201, 'create');
  const path = `/quotes/${q.quoteId}/versions/${q.version}`;
  const result = { quote: q, path, share: undefined as undefined | { id: string; token: string } };
  if (target === 'draft') return result;
  q = expectStatus(await s.call('POST', `${path}/submit`, t.seller, {}), 200, 'submit');
  result.quote = q;
  if (target === 'approval-pending') return result;
  const byLevel: Record<string, string> = { manager: t.manager, director: t.director, finance: t.finance };
  while (q.state === 'approval-pending') {
    const current = q.approval.levels.find((l: any) => l.status === 'current');
    q = expectStatus(await s.call('POST', `${path}/approve`, byLevel[current.level], { digest: q.digest }), 200, `approve ${current.level}`);
  }
  result.quote = q;
  if (target === 'approved') return result;
  const sent = expectStatus(await s.call('POST', `${path}/send`, t.seller, { allowOrder }), 200, 'send');
  result.quote = sent.quote;
  result.share = sent.shareLink;
  if (target === 'sent') return result;
  const accepted = expectStatus(await s.call('POST', '/share/accept', sent.shareLink.token, { name: '李采购', digest: sent.quote.digest, poReference: 'PO-7781' }), 200, 'accept');
  result.quote = { ...result.quote, state: accepted.state };
  if (target === 'accepted') return result;
  const ordered = expectStatus(await s.call('POST', `${path}/order`, t.seller, {}), 201, 'order');
  result.quote = ordered.quote;
  return { ...result, order: ordered.order };
}
