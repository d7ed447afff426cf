// Contracts in the quote service (issue 16), on both stores: an order of a quote with products
// sold by term makes a contract (its reference in the order event); a seller starts an amendment
// from it (locked lines, a co-terminated change checked against the stored contract), walks it to
// an order that changes the contract, and starts a renewal at the contracted price plus the uplift.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeQuantity, type Contract } from '../src/contract/index.js';
import { Dec } from '../src/core/decimal.js';
import { verifyOrder } from '../src/quote/index.js';
import { CRM, expectStatus, quoteInput, demo, walk, type StoreKind, type TestService, useDemoService, type Tokens } from './support/service.js';


/** Walk a draft version through approval, sending and the customer's acceptance to its order. */
async function orderIt(s: TestService, t: Tokens, path: string): Promise<any> {
  let q = expectStatus(await s.call('POST', `${path}/submit`, t.seller, {}), 200, 'submit');
  const byLevel: Record<string, string> = { manager: t.manager, director: t.director, finance: t.finance };
  while (q.state === 'approval-pending') {
    const current = q.approval.levels.find((l: any) => l.status === 'current');
    q = expectStatus(await s.call('POST', `${path}/approve`, byLevel[current.level], { digest: q.digest }), 200, `approve ${current.level}`);
  }
  const sent = expectStatus(await s.call('POST', `${path}/send`, t.seller, {}), 200, 'send');
  expectStatus(await s.call('POST', '/share/accept', sent.shareLink.token, { name: '李采购', digest: sent.quote.digest }), 200, 'accept');
  return expectStatus(await s.call('POST', `${path}/order`, t.seller, {}), 201, 'order');
}

/** The editable part of a stored quote, with these lines. */
const editOf = (q: any, lines: unknown[]) => ({ lines, customer: q.quote.customer, baseRevision: q.revision });

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`contracts in the quote service (${kind})`, () => {
    let s: TestService;
    let t: Tokens;
    useDemoService(kind, {}, (d) => ({ s, t } = d));

    it('an order makes a contract, an amendment changes it, a renewal continues it', async () => {
      const w: any = await walk(s, t, 'ordered', '10');
      const ref = w.order.event.data.contract;
      assert.deepEqual(ref, { id: 'K-2026-00001', version: 1 });
      assert.equal(w.order.event.type, 'cpq-kit.order.created');
      const read = expectStatus(await s.call('GET', `/contracts/${ref.id}`, t.manager), 200);
      const contract: Contract = read.contract;
      // CRM-PRO (its CPQ module folded in) is a subscription; implementation and support are one-off.
      assert.deepEqual(contract.subscriptions.map((x) => [x.id, x.sku, x.qty, x.start, x.end]), [['K-2026-00001:L1', 'CRM-PRO', '120', '2026-12-04', '2027-12-03']]);
      assert.deepEqual([read.quoteId, read.quoteVersion, read.version], [w.quote.quoteId, 1, 1]);
      const listed = expectStatus(await s.call('GET', '/contracts?customerId=C-10088', t.seller), 200);
      assert.ok(listed.data.some((c: any) => c.contractId === ref.id));

      // Amendment from 1 March 2027: the contract's grid is the 4th of each month, so 1–3 March is
      // 3 of the 28 days from 4 February, then 9 whole months to 4 December: 9 + 3/28 = 255/28.
      const a = expectStatus(await s.call('POST', `/contracts/${ref.id}/amendments`, t.seller, { effectiveDate: '2027-03-01' }), 201, 'amend');
      assert.deepEqual([a.quote.kind, a.quote.contract.effective, a.priced.totals.net], ['amendment', '2027-03-01', '0.00']);
      assert.equal(a.priced.lines[0].locked, true);
      const sub = contract.subscriptions[0]!;
      const plus30 = changeQuantity(a.quote, sub.id, '150');
      assert.ok(plus30.ok);
      const path = `/quotes/${a.quoteId}/versions/1`;
      // A contracted price the contract does not have is refused, located.
      const tampered = structuredClone(plus30.value.lines);
      tampered[1]!.contractedUnitPrice = '1.00';
      const refused = await s.call('PUT', path, t.seller, editOf(a, tampered));
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.equal(refused.body.error.param, 'body.lines[1].contractedUnitPrice');
      const edited = expectStatus(await s.call('PUT', path, t.seller, editOf(a, plus30.value.lines)), 200, 'edit');
      const expected = new Dec(sub.netUnitPrice).times(30).times(255).div(28).toDecimalPlaces(2);
      assert.equal(edited.priced.totals.net, expected.toFixed(2));
      assert.equal(edited.priced.lines[1].proration.label, '9 个月 + 3/28 个月');

      const ordered = await orderIt(s, t, path);
      const event = ordered.order.event;
      assert.equal(event.type, 'cpq-kit.order.amended');
      assert.deepEqual([event.data.kind, event.data.contract], ['amendment', { id: ref.id, version: 2, start: '2026-12-04', end: '2027-12-03', effective: '2027-03-01' }]);
      assert.deepEqual(event.data.lines.map((l: any) => [l.locked ?? false, l.period?.factor]), [[true, '255/28'], [false, '255/28']]);
      // The type says what the order is: an amendment's order posing as a new sale is a difference.
      assert.deepEqual(verifyOrder(CRM(), { ...event, type: 'cpq-kit.order.created' }).differences.map((d) => d.path), ['type']);
      const verified = verifyOrder(CRM(), event);
      assert.equal(verified.ok, true, JSON.stringify(verified.differences));
      const after2 = expectStatus(await s.call('GET', `/contracts/${ref.id}`, t.seller), 200).contract as Contract;
      assert.deepEqual(after2.subscriptions.map((x) => [x.qty, x.start, x.end]), [['120', '2026-12-04', '2027-02-28'], ['150', '2027-03-01', '2027-12-03']]);
      // The old amendment cannot be ordered twice, nor can another be made from version 1.
      assert.equal((await s.call('POST', `${path}/order`, t.seller, {})).status, 409);

      // Renewal: 12 more months from 4 December 2027 at the contracted price + 5 % (the catalog's uplift).
      const r = expectStatus(await s.call('POST', `/contracts/${ref.id}/renewals`, t.seller, { term: 12 }), 201, 'renew');
      assert.equal(r.quote.kind, 'renewal');
      assert.deepEqual(r.quote.lines.map((l: any) => [l.qty, l.period, l.contractedUnitPrice]), [['150', { start: '2027-12-04', end: '2028-12-03' }, new Dec(sub.netUnitPrice).times('1.05').toString()]]);
      const upl = expectStatus(await s.call('POST', `/contracts/${ref.id}/renewals`, t.seller, { term: 24, uplift: '2' }), 201);
      assert.equal(upl.quote.lines[0].contractedUnitPrice, new Dec(sub.netUnitPrice).times('1.02').toString());
    });

    it('refuses, located: a day that does not exist, an effective date outside the contract, contract fields on a new sale, another tenant\'s contract', async () => {
      const w: any = await walk(s, t, 'ordered', '10');
      const id = w.order.event.data.contract.id;
      const bad = await s.call('POST', `/contracts/${id}/amendments`, t.seller, { effectiveDate: '2027-02-30' });
      assert.deepEqual([bad.status, bad.body.error.param], [422, 'body.effectiveDate']);
      const outside = await s.call('POST', `/contracts/${id}/amendments`, t.seller, { effectiveDate: '2029-01-01' });
      assert.deepEqual([outside.status, outside.body.error.param], [422, 'body.effectiveDate']);
      const term = await s.call('POST', `/contracts/${id}/renewals`, t.seller, { term: 0 });
      assert.equal(term.status, 400);
      const input = quoteInput(demo('quotes/crm-pro-120.json'), 'demo-crm-2026');
      input.lines[0].contractedUnitPrice = '1.00';
      const sneaky = await s.call('POST', '/quotes', t.seller, input);
      assert.deepEqual([sneaky.status, sneaky.body.error.param], [422, 'body.lines[0].contractedUnitPrice']);
      assert.equal((await s.call('GET', `/contracts/${id}`, t.sellerB)).status, 404);
      assert.equal((await s.call('GET', '/contracts/K-1999-00001', t.seller)).status, 404);
    });
  });
}
