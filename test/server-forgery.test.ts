// The forgery suite (issue 11): every way a browser's developer tools could try to make an order
// that differs from what was approved and accepted, tried through the API with a seller's and a
// customer's credentials. Each is refused with a located 4xx, and nothing is stored: the
// database's rows are the same before and after.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CRM, demo, expectStatus, quoteInput, userToken, walk, type Answer, type StoreKind, type TestService, useDemoService, type Tokens } from './support/service.js';


/** Everything the store holds for a tenant's quote: its versions, moves, orders and links (to prove nothing changed). */
async function stored(s: TestService, quoteId: string, tenant = 'acme') {
  const versions = await s.store.read.listVersions(tenant, quoteId);
  const moves = await s.store.read.listMoves(tenant, quoteId);
  const orders = await s.store.read.listOrders(tenant, { limit: 1000 });
  const links = await s.store.read.listShareLinks(tenant, quoteId);
  return JSON.stringify({ versions, moves, orders, links });
}

/** A refusal: a 4xx in the service's error shape, located (a `param` or located `errors`). */
function refusedLocated(r: Answer, what: string): void {
  assert.ok(r.status >= 400 && r.status < 500, `${what}: expected a 4xx, got ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  const e = r.body?.error;
  assert.ok(e && typeof e.type === 'string' && typeof e.code === 'string' && typeof e.message === 'string', `${what}: error shape ${JSON.stringify(r.body)}`);
  // 401/403 name who is refused (the Authorization header or the permission); the rest locate the input.
  if (r.status !== 403 && r.status !== 404) assert.ok(e.param !== undefined || (e.errors ?? []).length > 0, `${what}: not located: ${JSON.stringify(e)}`);
}

interface Forgery {
  name: string;
  /** The request(s), made against an accepted quote (path `p`, share token `share`). */
  attempts: (ctx: { s: TestService; t: Tokens; p: string; share: string; quote: any }) => { who: 'seller' | 'customer'; method: string; url: string; token: string; body?: unknown }[];
}

const editOf = (quote: any, change: (input: any) => void) => {
  const input = quoteInput(quote.quote, 'unused');
  delete input.catalogId;
  change(input);
  return input;
};

const FORGED_EVENT = (quote: any) => ({
  specversion: '1.0', id: `order:${quote.quoteId}:v1`, source: '/x', type: 'cpq-kit.order.created', datacontenttype: 'application/json',
  data: { quoteId: quote.quoteId, version: 1, lines: [], totals: { total: '0.00' } },
});

const FORGERIES: Forgery[] = [
  {
    name: 'a partner price book after acceptance',
    attempts: ({ t, p, share, quote }) => [
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: editOf(quote, (i) => (i.priceBook = 'partner-gold')) },
      { who: 'customer', method: 'PUT', url: p, token: share, body: editOf(quote, (i) => (i.priceBook = 'partner-gold')) },
    ],
  },
  {
    name: 'a unit price of 0.01',
    attempts: ({ t, p, share, quote }) => [
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: editOf(quote, (i) => (i.lines[0].discount = { unitPrice: '0.01' })) },
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: editOf(quote, (i) => (i.lines[0].netUnitPrice = '0.01')) },
      { who: 'customer', method: 'POST', url: '/share/accept', token: share, body: { name: 'x', digest: quote.digest, netUnitPrice: '0.01' } },
    ],
  },
  {
    name: 'a 99.99 % quote discount',
    attempts: ({ t, p, share, quote }) => [
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: editOf(quote, (i) => (i.discount = { percent: '99.99' })) },
      { who: 'customer', method: 'PUT', url: p, token: share, body: editOf(quote, (i) => (i.discount = { percent: '99.99' })) },
      { who: 'customer', method: 'POST', url: '/share/order', token: share, body: { name: 'x', discount: { percent: '99.99' } } },
    ],
  },
  {
    name: 'a line dropped',
    attempts: ({ t, p, share, quote }) => [
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: editOf(quote, (i) => i.lines.pop()) },
      { who: 'customer', method: 'PUT', url: p, token: share, body: editOf(quote, (i) => i.lines.pop()) },
    ],
  },
  {
    name: 'approvals given by an invented ceo',
    attempts: ({ t, p, share, quote }) => [
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: { ...editOf(quote, () => undefined), lifecycle: { state: 'approved', approvals: [{ ruleId: 'disc-30', level: 'ceo', approvedBy: 'ceo' }] } } },
      { who: 'seller', method: 'POST', url: `${p}/approve`, token: t.seller, body: { digest: quote.digest } },
      { who: 'customer', method: 'POST', url: `${p}/approve`, token: share, body: { digest: quote.digest } },
    ],
  },
  {
    name: 'a quote dated 2020 and long expired',
    attempts: ({ t, p, share, quote }) => [
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: { ...editOf(quote, () => undefined), date: '2020-01-01' } },
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: editOf(quote, (i) => (i.validUntil = '2020-01-31')) },
      { who: 'customer', method: 'POST', url: '/share/accept', token: share, body: { name: 'x', digest: quote.digest, date: '2020-01-01' } },
    ],
  },
  {
    name: 'version 7 of a quote already ordered as version 1',
    attempts: ({ t, p, share }) => [
      { who: 'seller', method: 'POST', url: p.replace(/versions\/1$/, 'versions/7/order'), token: t.seller, body: {} },
      { who: 'customer', method: 'POST', url: p.replace(/versions\/1$/, 'versions/7/order'), token: share, body: {} },
    ],
  },
  {
    name: 'another customer\'s id, accepted by their CFO',
    attempts: ({ t, p, share, quote }) => [
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: editOf(quote, (i) => (i.customer = { id: 'C-OTHER', name: 'Other Co' })) },
      { who: 'customer', method: 'POST', url: '/share/accept', token: share, body: { name: 'Other CFO', digest: quote.digest, customerId: 'C-OTHER' } },
    ],
  },
  {
    name: 'no lines and a total of 0.00',
    attempts: ({ t, p, share, quote }) => [
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: editOf(quote, (i) => (i.lines = [])) },
      { who: 'seller', method: 'PUT', url: p, token: t.seller, body: { ...editOf(quote, (i) => (i.lines = [])), totals: { total: '0.00' } } },
      { who: 'customer', method: 'PUT', url: p, token: share, body: editOf(quote, (i) => (i.lines = [])) },
    ],
  },
  {
    name: 'a self-made order event',
    attempts: ({ t, p, share, quote }) => [
      { who: 'seller', method: 'POST', url: '/orders', token: t.seller, body: FORGED_EVENT(quote) },
      { who: 'seller', method: 'POST', url: `${p}/order`, token: t.seller, body: { event: FORGED_EVENT(quote) } },
      { who: 'customer', method: 'POST', url: '/share/order', token: share, body: { name: 'x', event: FORGED_EVENT(quote) } },
      { who: 'customer', method: 'POST', url: '/orders', token: share, body: FORGED_EVENT(quote) },
    ],
  },
];

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`forgery suite (${kind})`, () => {
    let s: TestService;
    let t: Tokens;
    useDemoService(kind, {}, (d) => ({ s, t } = d));

    for (const forgery of FORGERIES) {
      it(`refuses ${forgery.name}, as seller and as customer, storing nothing`, async () => {
        const accepted = await walk(s, t, 'accepted', '20');
        const full = expectStatus(await s.call('GET', `/quotes/${accepted.quote.quoteId}`, t.seller), 200);
        const attempts = forgery.attempts({ s, t, p: accepted.path, share: accepted.share!.token, quote: full });
        assert.ok(attempts.some((a) => a.who === 'seller') && attempts.some((a) => a.who === 'customer'), 'both credentials are tried');
        const before = await stored(s, full.quoteId);
        for (const a of attempts) {
          const r = await s.call(a.method, a.url, a.token, a.body, { 'idempotency-key': `forgery-${Math.random()}` });
          refusedLocated(r, `${forgery.name} (${a.who} ${a.method} ${a.url})`);
          if (process.env.SHOW_REFUSALS) console.log(forgery.name, a.who, a.method, a.url, r.status, r.body.error.code, r.body.error.param);
        }
        assert.equal(await stored(s, full.quoteId), before, 'nothing stored');
        // The genuine order is still made from what was accepted.
        const order = expectStatus(await s.call('POST', `${accepted.path}/order`, t.seller, {}), 201, 'the real order');
        assert.equal(order.order.event.data.digest, full.digest);
        assert.equal(order.order.total, full.priced.totals.total);
      });
    }

    it('an edit after approval (45 % where 20 % was approved) drops the approvals; sending and ordering are refused', async () => {
      const approved = await walk(s, t, 'approved', '20');
      const q = expectStatus(await s.call('GET', `/quotes/${approved.quote.quoteId}`, t.seller), 200);
      const edited = expectStatus(await s.call('PUT', approved.path, t.seller, editOf(q, (i) => (i.discount = { percent: '45' }))), 200);
      assert.equal(edited.state, 'approval-pending');
      assert.deepEqual(edited.quote.lifecycle.approvals, []);
      const before = await stored(s, q.quoteId);
      for (const [url, body] of [[`${approved.path}/send`, {}], [`${approved.path}/order`, {}]] as const) {
        refusedLocated(await s.call('POST', url, t.seller, body), url);
      }
      assert.equal(await stored(s, q.quoteId), before);
    });

    it('an approval binds to the digest the approver saw', async () => {
      const pending = await walk(s, t, 'approval-pending', '20');
      const stale = `sha-256:${'0'.repeat(64)}`;
      const r = await s.call('POST', `${pending.path}/approve`, t.manager, { digest: stale });
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'changed-since-seen');
      assert.equal(r.body.error.param, 'digest');
    });

    it('a seller who is also an approver cannot approve their own quote; a token from another key is 401', async () => {
      const both = await userToken('s1', ['seller', 'approver'], { levels: ['manager', 'director', 'finance'] });
      const pending = await walk(s, t, 'approval-pending', '20');
      const r = await s.call('POST', `${pending.path}/approve`, both, { digest: pending.quote.digest });
      assert.equal(r.status, 403);
      assert.equal(r.body.error.code, 'own-quote');
      const forged = await s.call('POST', `${pending.path}/approve`, t.forged, { digest: pending.quote.digest });
      assert.equal(forged.status, 401);
    });

    it('an expired quote cannot be accepted or ordered', async () => {
      const sent = await walk(s, t, 'sent', '10');
      s.setNow(new Date('2027-03-01T09:00:00Z'));
      try {
        const r = await s.call('POST', '/share/accept', sent.share!.token, { name: 'x', digest: sent.quote.digest });
        assert.ok(r.status === 403 || r.status === 409, `${r.status}`);
        assert.match(r.body.error.code, /expired/);
      } finally {
        s.setNow(new Date('2026-12-04T09:00:00Z'));
      }
    });

    it('a catalog whose approval rule names an unknown level is refused at publishing, located', async () => {
      const catalog = CRM();
      catalog.id = 'bad-levels';
      catalog.approvalRules[0].level = 'ceo';
      const r = await s.call('POST', '/catalogs', t.admin, catalog);
      assert.equal(r.status, 422);
      assert.equal(r.body.error.param, 'approvalRules[0].level');
    });

    it('an empty quote is not submitted or sent', async () => {
      const input = quoteInput(demo('quotes/crm-pro-120.json'), 'demo-crm-2026');
      input.lines = [];
      const q = expectStatus(await s.call('POST', '/quotes', t.seller, input), 201);
      for (const move of ['submit', 'send']) {
        const r = await s.call('POST', `/quotes/${q.quoteId}/versions/1/${move}`, t.seller, {});
        assert.equal(r.status, 422);
        assert.equal(r.body.error.code, 'empty-quote');
        assert.equal(r.body.error.param, 'lines');
      }
    });
  });
}
