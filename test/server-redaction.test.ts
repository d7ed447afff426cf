// Redaction (issue 11): every body a customer's share link receives — views, catalog, answers to
// accept/decline/order, replays and refusals — is scanned recursively; none carries a seller-only
// field or the text of an approval rule. The customer's catalog stays a valid catalog.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { priceQuote } from '../src/pricing/index.js';
import { validateCatalog } from '../src/rules/index.js';
import { customerCatalog } from '../src/server/context.js';
import { COMPRESSOR, CRM, expectStatus, walk, type Answer, type TestService, useDemoService, type Tokens } from './support/service.js';

/** Keys that must never reach a customer. */
const SELLER_ONLY = ['cost', 'floorPrice', 'margin', 'marginPercent', 'approvalRules', 'priceRules', 'priceBooks', 'floorApprovalLevel', 'markup', 'lifecycle', 'history', 'opportunity', 'owner', 'approvedBy'];

/** Every path in `value` whose key is seller-only, or whose approvals list is not empty. */
function leaks(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaks(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = `${path}.${k}`;
    const own = SELLER_ONLY.includes(k) ? [here] : [];
    const approvals = k === 'approvals' && Array.isArray(v) && v.length > 0 ? [here] : [];
    return [...own, ...approvals, ...leaks(v, here)];
  });
}

/** The approval rules' messages in every language: internal thresholds, never shown to a customer. */
function approvalTexts(): string[] {
  return [CRM(), COMPRESSOR()].flatMap((c) => (c.approvalRules ?? []).flatMap((r: { message: unknown }) => (typeof r.message === 'string' ? [r.message] : Object.values(r.message as object))));
}

describe('redaction: what a customer token receives', () => {
  let s: TestService;
  let t: Tokens;
  const received: { what: string; body: unknown }[] = [];
  const keep = (what: string, r: Answer) => {
    received.push({ what, body: r.body });
    return r;
  };

  useDemoService('sqlite', {}, (d) => ({ s, t } = d));

  it('collects every kind of answer a customer gets', async () => {
    // A quote that needed approvals (20 %: manager and director; the margin rule too), sent with ordering allowed.
    const sent = await walk(s, t, 'sent', '20', true);
    const token = sent.share!.token;
    const view = keep('GET /share', await s.call('GET', '/share', token));
    // Its approvals were given before it was sent: nothing is left for the seller to review.
    assert.equal(view.body.priced.reviewRequired, false);
    keep('GET /share/catalog', await s.call('GET', '/share/catalog', token));
    keep('accept: wrong digest', await s.call('POST', '/share/accept', token, { name: 'B', digest: `sha-256:${'1'.repeat(64)}` }));
    keep('accept: bad body', await s.call('POST', '/share/accept', token, { name: 'B', digest: 'x', cost: '1' }));
    const accepted = keep('accept', await s.call('POST', '/share/accept', token, { name: 'B', digest: sent.quote.digest, poReference: 'PO-1' }, { 'idempotency-key': 'acc-1' }));
    assert.equal(accepted.status, 200);
    keep('accept replayed', await s.call('POST', '/share/accept', token, { name: 'B', digest: sent.quote.digest, poReference: 'PO-1' }, { 'idempotency-key': 'acc-1' }));
    keep('accept again', await s.call('POST', '/share/accept', token, { name: 'B', digest: sent.quote.digest }));
    keep('order', await s.call('POST', '/share/order', token, { name: 'B' }));
    keep('order again', await s.call('POST', '/share/order', token, { name: 'B' }));
    keep('GET /share after the order', await s.call('GET', '/share', token));
    keep('seller route', await s.call('GET', `/quotes/${sent.quote.quoteId}`, token));
    // Another quote, declined; and a compressor quote's catalog.
    const other = await walk(s, t, 'sent', '10');
    keep('decline', await s.call('POST', '/share/decline', other.share!.token, { name: 'C', reason: 'too dear' }));
    const link = expectStatus(await s.call('POST', `${other.path}/revise`, t.seller, {}), 201);
    keep('after a revision', await s.call('GET', '/share', other.share!.token));
    assert.ok(link.version === 2);
    assert.ok(received.length >= 13);
  });

  it('no answer carries a seller-only field, or an approval rule\'s text', () => {
    const texts = approvalTexts();
    assert.ok(texts.length > 0);
    for (const { what, body } of received) {
      assert.deepEqual(leaks(body), [], what);
      const json = JSON.stringify(body);
      for (const text of texts) assert.ok(!json.includes(text), `${what} names "${text}"`);
    }
  });

  it('the scan itself finds a leak (it can fail)', () => {
    assert.deepEqual(leaks({ lines: [{ netAmount: '1', cost: '2' }], approvals: [{ ruleId: 'x' }] }), ['$.lines[0].cost', '$.approvals']);
  });

  it('the customer\'s catalog is valid and prices every product it lists at the list price the seller\'s catalog gives', () => {
    for (const raw of [CRM(), COMPRESSOR()]) {
      const customer = customerCatalog(raw);
      const check = validateCatalog(customer);
      assert.ok(check.ok, JSON.stringify(check.errors.slice(0, 3)));
      assert.deepEqual(leaks(customer), []);
      const lines = raw.products.map((p: { sku: string }, i: number) => ({ id: `L${i}`, sku: p.sku, qty: '1' }));
      const quote = { id: 'Q', date: '2026-12-04', lines };
      const full = priceQuote(raw, quote);
      const mine = priceQuote(customer, quote);
      for (const [i, line] of full.lines.entries()) {
        if (line.parentId !== null) continue;
        assert.equal(mine.lines[i]!.listUnitPrice, line.listUnitPrice, `${line.sku} list price`);
      }
    }
  });
});
