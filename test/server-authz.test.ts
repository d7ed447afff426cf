// The authorization matrix (issue 11): every endpoint × every kind of caller → the expected
// status, generated from one table. Each case runs on a fresh quote in the state the endpoint
// needs, so that a refusal can only come from who is asking.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { CRM, expectStatus, walk, type TestService, demoService, type Tokens } from './support/service.js';

type State = 'draft' | 'approval-pending' | 'approved' | 'sent' | 'accepted' | 'ordered';
type Caller =
  | 'anonymous' | 'sellerA' | 'sellerB' | 'manager' | 'director' | 'finance' | 'admin' | 'customerX' | 'customerY' | 'expired' | 'revoked' | 'forged';
const CALLERS: Caller[] = ['anonymous', 'sellerA', 'sellerB', 'manager', 'director', 'finance', 'admin', 'customerX', 'customerY', 'expired', 'revoked', 'forged'];

interface Fixture {
  quoteId: string;
  path: string;
  digest: string;
  orderId?: string;
  linkId?: string;
  /** The contract the fixture's order made (an ordered fixture: the demo quote sells CRM seats by month). */
  contractId?: string;
}

interface Endpoint {
  method: string;
  /** The URL for a fixture quote. */
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  /** Request headers (for a body as sent). */
  headers?: (f: Fixture, body: unknown) => Record<string, string>;
  /** The state the fixture quote is walked to first (with a 35 % discount when approval is pending: manager, then director). */
  state: State;
  /** Who may call it: roles, `customer`, or `anyone`. */
  allow: (Caller | 'seller' | 'approver' | 'customer' | 'anyone')[];
  /** The status of an allowed caller (default 200); per-caller exceptions. */
  ok?: number;
  expect?: Partial<Record<Caller, number>>;
  /** Whether the endpoint names a tenant's object (another tenant gets 404) or lists (another tenant gets its own, empty list). */
  scoped?: boolean;
  /** What sets this case apart from another of the same method and URL (in the test's name). */
  variant?: string;
}

const APPROVERS: Caller[] = ['manager', 'director', 'finance'];
const SELLERS: Caller[] = ['sellerA', 'sellerB'];

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', url: () => '/health', state: 'draft', allow: ['anyone'] },
  { method: 'GET', url: () => '/openapi.json', state: 'draft', allow: ['anyone'] },
  { method: 'GET', url: () => '/catalogs', state: 'draft', allow: ['seller', 'approver', 'admin'] },
  { method: 'GET', url: () => '/catalogs/demo-crm-2026', state: 'draft', allow: ['seller', 'approver', 'admin'], scoped: true },
  { method: 'GET', url: () => '/catalogs/demo-crm-2026/versions/1', state: 'draft', allow: ['seller', 'approver', 'admin'], scoped: true },
  { method: 'POST', url: () => '/catalogs', body: () => ({ ...CRM(), id: `matrix-${Math.random().toString(36).slice(2)}` }), state: 'draft', allow: ['admin'], ok: 201, expect: { sellerB: 403 } },
  { method: 'POST', url: () => '/quotes', body: () => ({ catalogId: 'demo-crm-2026', lines: [{ id: 'L1', sku: 'CRM-PRO', qty: '10' }] }), state: 'draft', allow: ['seller'], ok: 201, scoped: true },
  { method: 'GET', url: () => '/quotes', state: 'draft', allow: ['seller', 'approver'] },
  { method: 'GET', url: (f) => `/quotes/${f.quoteId}`, state: 'draft', allow: ['seller', 'approver'], scoped: true },
  { method: 'GET', url: (f) => `${f.path}`, state: 'draft', allow: ['seller', 'approver'], scoped: true },
  { method: 'GET', url: (f) => `/quotes/${f.quoteId}/moves`, state: 'draft', allow: ['seller', 'approver'], scoped: true },
  { method: 'PUT', url: (f) => f.path, body: () => ({ lines: [{ id: 'L1', sku: 'CRM-PRO', qty: '11' }] }), state: 'draft', allow: ['seller'], scoped: true },
  { method: 'POST', url: (f) => `${f.path}/submit`, body: () => ({}), state: 'draft', allow: ['seller'], scoped: true },
  // Pending at the manager level (a 35 % discount also needs the director): only the manager may decide now.
  { method: 'POST', url: (f) => `${f.path}/approve`, body: (f) => ({ digest: f.digest }), state: 'approval-pending', allow: ['approver'], expect: { director: 403, finance: 403 }, scoped: true },
  { method: 'POST', url: (f) => `${f.path}/reject`, body: () => ({ reason: 'too deep' }), state: 'approval-pending', allow: ['approver'], expect: { director: 403, finance: 403 }, scoped: true },
  { method: 'POST', url: (f) => `${f.path}/handover`, body: () => ({ to: 'm2' }), state: 'approval-pending', allow: ['approver'], expect: { director: 403, finance: 403 }, scoped: true },
  { method: 'POST', url: (f) => `${f.path}/send`, body: () => ({}), state: 'approved', allow: ['seller'], scoped: true },
  { method: 'POST', url: (f) => `${f.path}/revise`, body: () => ({}), state: 'sent', allow: ['seller'], ok: 201, scoped: true },
  { method: 'POST', url: (f) => `${f.path}/expire`, body: () => ({}), state: 'draft', allow: ['seller'], ok: 422, scoped: true },
  { method: 'POST', url: (f) => `${f.path}/order`, body: () => ({}), state: 'accepted', allow: ['seller'], ok: 201, scoped: true },
  { method: 'POST', url: (f) => `${f.path}/share-links`, body: () => ({}), state: 'sent', allow: ['seller'], ok: 201, scoped: true },
  { method: 'GET', url: (f) => `/quotes/${f.quoteId}/share-links`, state: 'sent', allow: ['seller'], scoped: true },
  { method: 'POST', url: (f) => `/share-links/${f.linkId}/revoke`, body: () => ({}), state: 'sent', allow: ['seller'], scoped: true },
  { method: 'GET', url: () => '/orders', state: 'ordered', allow: ['seller', 'approver'] },
  { method: 'GET', url: (f) => `/orders/${encodeURIComponent(f.orderId!)}`, state: 'ordered', allow: ['seller', 'approver'], scoped: true },
  // Contracts (issue 16): read by sellers and approvers; a seller starts an amendment or a renewal from one.
  { method: 'GET', url: () => '/contracts', state: 'ordered', allow: ['seller', 'approver'] },
  { method: 'GET', url: (f) => `/contracts/${f.contractId ?? ':contract'}`, state: 'ordered', allow: ['seller', 'approver'], scoped: true },
  { method: 'POST', url: (f) => `/contracts/${f.contractId ?? ':contract'}/amendments`, body: () => ({ effectiveDate: '2026-12-20' }), state: 'ordered', allow: ['seller'], ok: 201, scoped: true },
  { method: 'POST', url: (f) => `/contracts/${f.contractId ?? ':contract'}/renewals`, body: () => ({ term: 12 }), state: 'ordered', allow: ['seller'], ok: 201, scoped: true },
  { method: 'GET', url: () => '/share', state: 'sent', allow: ['customer'] },
  { method: 'GET', url: () => '/share/catalog', state: 'sent', allow: ['customer'] },
  { method: 'POST', url: () => '/share/accept', body: (f) => ({ name: 'Buyer', digest: f.digest }), state: 'sent', allow: ['customer'], expect: { customerY: 409 } },
  { method: 'POST', url: () => '/share/decline', body: () => ({ name: 'Buyer' }), state: 'sent', allow: ['customer'] },
  // The fixture's link allows ordering; customer Y's does not.
  { method: 'POST', url: () => '/share/order', body: () => ({ name: 'Buyer' }), state: 'accepted', allow: ['customer'], ok: 201, expect: { customerY: 403 } },
  // Subscribers and deliveries (issue 12): the subscriber made in before() is tenant acme's.
  { method: 'POST', url: () => '/subscribers', body: () => ({ url: 'http://127.0.0.1:9/hook' }), state: 'draft', allow: ['admin'], ok: 201 },
  { method: 'GET', url: () => '/subscribers', state: 'draft', allow: ['admin'] },
  { method: 'POST', url: () => `/subscribers/${subscriberId || ':subscriber'}/rotate-secret`, body: () => ({}), state: 'draft', allow: ['admin'], scoped: true },
  { method: 'POST', url: () => `/subscribers/${subscriberId || ':subscriber'}/disable`, body: () => ({}), state: 'draft', allow: ['admin'], scoped: true },
  { method: 'POST', url: () => `/subscribers/${subscriberId || ':subscriber'}/enable`, body: () => ({}), state: 'draft', allow: ['admin'], scoped: true },
  { method: 'GET', url: () => '/deliveries?status=pending', state: 'ordered', allow: ['seller', 'approver', 'admin'] },
  { method: 'POST', url: (f) => `/deliveries/${encodeURIComponent(f.orderId!)}/${subscriberId || ':subscriber'}/retry`, body: () => ({}), state: 'ordered', allow: ['admin'], scoped: true },
  { method: 'POST', url: () => '/deliveries/replay', body: () => ({}), state: 'draft', allow: ['admin'] },
  // Order status (issue 12): a seller or approver cancels; the ERP's events are authenticated by
  // their Standard Webhooks signature alone — any caller's token is ignored: signed, 200; unsigned, 401.
  { method: 'POST', url: (f) => `/orders/${encodeURIComponent(f.orderId!)}/cancel`, body: () => ({ reason: 'matrix' }), state: 'ordered', allow: ['seller', 'approver'], scoped: true },
  {
    method: 'POST', url: () => `/subscribers/${subscriberId || ':subscriber'}/events`, state: 'ordered', allow: ['anyone'],
    variant: 'signed with the subscriber\'s secret: 200 whatever token comes with it',
    body: (f) => ({ specversion: '1.0', id: `matrix-${Math.random().toString(36).slice(2)}`, source: 'https://erp.example.com', type: 'cpq-kit.order.status', data: { orderId: f.orderId, status: 'confirmed' } }),
    headers: (_f, body) => ({ 'content-type': 'application/cloudevents+json', ...signed(JSON.stringify(body)) }),
  },
  {
    method: 'POST', url: () => `/subscribers/${subscriberId || ':subscriber'}/events`, state: 'ordered', allow: ['anyone'], ok: 401,
    variant: 'unsigned: 401 even with a valid token',
    body: (f) => ({ specversion: '1.0', id: 'matrix-unsigned', source: 'https://erp.example.com', type: 'cpq-kit.order.status', data: { orderId: f.orderId, status: 'confirmed' } }),
    headers: () => ({ 'content-type': 'application/cloudevents+json' }),
  },
  { method: 'OPTIONS', url: () => `/subscribers/${subscriberId || ':subscriber'}/events`, state: 'draft', allow: ['anyone'], headers: () => ({ 'webhook-request-origin': 'erp.example.com' }) },
];

/** A case's test name: method, URL pattern and, for a second case of one route, what sets it apart. */
function nameOf(e: Endpoint): string {
  return `${e.method} ${e.url({ quoteId: ':id', path: '/quotes/:id/versions/:v', digest: '', orderId: ':order', linkId: ':link' })}${e.variant ? ` — ${e.variant}` : ''}`;
}

/** Standard Webhooks headers for a body, signed with the acme subscriber's secret. */
function signed(body: string): Record<string, string> {
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const at = new Date();
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(subscriberSecret).sign(id, at, body) };
}

/** The subscriber of tenant acme the subscriber and delivery routes name (made in before()). */
let subscriberId = '';
let subscriberSecret = '';

const ROLE_OF: Partial<Record<Caller, 'seller' | 'approver' | 'admin'>> = {
  sellerA: 'seller', sellerB: 'seller', manager: 'approver', director: 'approver', finance: 'approver', admin: 'admin',
};

/** The one table: who gets what. */
function expected(e: Endpoint, who: Caller): number {
  if (e.allow.includes('anyone')) return e.expect?.[who] ?? e.ok ?? 200;
  if (who === 'anonymous' || who === 'expired' || who === 'forged') return 401;
  if (who === 'customerX' || who === 'customerY' || who === 'revoked') {
    if (!e.allow.includes('customer') || who === 'revoked') return 403;
    return e.expect?.[who] ?? e.ok ?? 200;
  }
  const role = ROLE_OF[who]!;
  if (!e.allow.includes(role)) return 403;
  if (who === 'sellerB' && e.scoped && e.expect?.sellerB === undefined) return 404;
  return e.expect?.[who] ?? e.ok ?? 200;
}

describe('authorization matrix: every endpoint × every caller', () => {
  let s: TestService;
  let t: Tokens;
  let customerY: string;
  before(async () => {
    // Nothing is delivered here (the subscriber's URL answers nobody): the routes alone are checked.
    ({ s, t } = await demoService('sqlite', { dispatch: false }));
    // Tenant globex publishes a catalog of its own (another id), so its seller's lists are its own.
    const other = CRM();
    other.id = 'globex-crm';
    expectStatus(await s.call('POST', '/catalogs', t.adminB, other), 201);
    customerY = (await walk(s, t, 'sent', '10')).share!.token;
    const made = expectStatus(await s.call('POST', '/subscribers', t.admin, { url: 'http://127.0.0.1:9/hook' }), 201);
    subscriberId = made.id;
    subscriberSecret = made.secret;
  });
  after(async () => s.close());

  /** A fresh quote in `state`; with approval pending it waits for the manager (then the director). */
  async function fixture(state: State): Promise<Fixture & { share?: string; revoked?: string }> {
    const discount = state === 'approval-pending' ? '35' : '10';
    const w: any = await walk(s, t, state === 'ordered' ? 'ordered' : state, discount, true);
    const f: Fixture & { share?: string; revoked?: string } = { quoteId: w.quote.quoteId, path: w.path, digest: w.quote.digest, orderId: w.order?.id, contractId: w.order?.event?.data?.contract?.id };
    if (w.share && (state === 'sent' || state === 'accepted')) {
      f.share = w.share.token;
      f.linkId = w.share.id;
      // A second link to the same version, withdrawn: its holder is refused.
      const second = expectStatus(await s.call('POST', `${w.path}/share-links`, t.seller, {}), 201);
      expectStatus(await s.call('POST', `/share-links/${second.id}/revoke`, t.seller, {}), 200);
      f.revoked = second.token;
    }
    return f;
  }

  const tokenOf = (who: Caller, f: { share?: string; revoked?: string }): string | undefined => {
    switch (who) {
      case 'anonymous': return undefined;
      case 'sellerA': return t.seller;
      case 'sellerB': return t.sellerB;
      case 'manager': return t.manager;
      case 'director': return t.director;
      case 'finance': return t.finance;
      case 'admin': return t.admin;
      case 'customerX': return f.share ?? customerY;
      case 'customerY': return customerY;
      case 'expired': return t.expired;
      case 'revoked': return f.revoked ?? f.share ?? customerY;
      case 'forged': return t.forged;
    }
  };

  it('every case of the matrix has a name of its own', () => {
    const names = ENDPOINTS.map(nameOf);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  });

  for (const e of ENDPOINTS) {
    it(nameOf(e), async () => {
      const rows: string[] = [];
      for (const who of CALLERS) {
        // A revoked link needs a fixture with links; a customer route needs a sent quote anyway.
        const f = await fixture(e.state);
        if (who === 'revoked' && !f.revoked) continue;
        const body = e.body?.(f);
        const r = await s.call(e.method, e.url(f), tokenOf(who, f), body, e.headers?.(f, body));
        const want = expected(e, who);
        if (r.status !== want) rows.push(`${who}: expected ${want}, got ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        if (r.status >= 400) assert.ok(r.body?.error?.message, `${who}: an error with a message`);
        // Nothing of tenant acme reaches tenant globex.
        if (who === 'sellerB' && r.status === 200) assert.ok(!JSON.stringify(r.body ?? null).includes(f.quoteId), `${who} sees ${f.quoteId}`);
      }
      assert.deepEqual(rows, []);
    });
  }
});
