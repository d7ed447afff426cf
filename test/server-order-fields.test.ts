// The sales-order fields through the quote service (issue 12): the days a seller sends
// (requestedDate on the quote and on lines, validUntil) must exist — 2027-02-30 is a located 400
// at create and edit, like a schema error, and nothing is stored; the seller's view of a quote
// shows every sales-order field as written; the customer's share-link view shows the customer's
// own (bill-to, ship-to, payment terms, requested dates, its PO number) and nothing seller-only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SELLER_ONLY_KEYS } from '../src/server/schemas/priced.js';
import { demo, expectStatus, quoteInput, type TestService, useDemoService, type Tokens } from './support/service.js';

const billTo = {
  id: 'C-88', name: '苏州锐达精密机械有限公司', taxId: '91320594MA1XXXXX0Y',
  address: { lines: ['星湖街328号', '3号楼'], city: '苏州', region: '江苏', postalCode: '215000', country: 'CN' },
  contact: { name: '李采购', phone: '+86 512 0000 0000', email: 'cg@ruida.example.cn' },
};
const shipTo = { name: '锐达二厂', address: { lines: ['金鸡湖大道1号'], city: '苏州', country: 'CN' } };
const fields = { billTo, shipTo, paymentTerms: { code: 'NT45', days: 45, text: '月结45天' }, requestedDate: '2027-01-20', customerReference: 'PO-RD-2027-01' };

/** Every key anywhere in a JSON value. */
function keysIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysIn(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysIn(v, out);
    }
  }
  return out;
}

describe('sales-order fields through the quote service', () => {
  let s: TestService;
  let t: Tokens;
  const input = (extra: Record<string, unknown> = {}, lineDates: (string | undefined)[] = []) => {
    const i = { ...quoteInput(demo('quotes/crm-pro-120.json'), 'demo-crm-2026'), ...extra };
    i.lines = i.lines.map((l: Record<string, unknown>, n: number) => (lineDates[n] === undefined ? l : { ...l, requestedDate: lineDates[n] }));
    return i;
  };

  useDemoService('sqlite', {}, (d) => ({ s, t } = d));

  it('a day that does not exist is a located 400 at create — on the quote, on a line, in validUntil — and nothing is stored', async () => {
    const cases: [string, Record<string, unknown>, (string | undefined)[], string[]][] = [
      ['the quote\'s requestedDate, 30 February', { requestedDate: '2027-02-30' }, [], ['body.requestedDate']],
      ['29 February of a common year', { requestedDate: '2027-02-29' }, [], ['body.requestedDate']],
      ['a line\'s requestedDate, 31 April', {}, [undefined, '2027-04-31'], ['body.lines[1].requestedDate']],
      ['validUntil, 29 February 2027 (within the validity window)', { validUntil: '2027-02-29' }, [], ['body.validUntil']],
      ['all of them at once, each located', { ...fields, requestedDate: '2027-06-31', validUntil: '2027-02-30' }, ['2027-09-31', undefined, '2027-11-31'],
        ['body.validUntil', 'body.requestedDate', 'body.lines[0].requestedDate', 'body.lines[2].requestedDate']],
    ];
    for (const [what, extra, lineDates, paths] of cases) {
      const r = await s.call('POST', '/quotes', t.seller, input(extra, lineDates));
      assert.equal(r.status, 400, `${what}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.type, 'invalid_request', what);
      assert.equal(r.body.error.code, 'invalid-request', what);
      assert.equal(r.body.error.param, paths[0], what);
      assert.deepEqual(r.body.error.errors.map((e: { path: string }) => e.path), paths, what);
      for (const e of r.body.error.errors) assert.match(e.message, /^must be a day that exists \(YYYY-MM-DD\), got "\d{4}-\d{2}-\d{2}"$/, what);
      assert.match(r.body.error.message, new RegExp(`^${paths[0]!.replace(/[.[\]]/g, '\\$&')} must be a day that exists`), what);
    }
    // The pattern still refuses what is no date at all (the schema's own error).
    const month13 = await s.call('POST', '/quotes', t.seller, input({ requestedDate: '2027-13-01' }));
    assert.equal(month13.status, 400);
    assert.equal(month13.body.error.param, 'body.requestedDate');
    // Nothing was stored, and no quote number was used up.
    assert.deepEqual(expectStatus(await s.call('GET', '/quotes', t.seller), 200).data, []);
    const leap = expectStatus(await s.call('POST', '/quotes', t.seller, input({ requestedDate: '2028-02-29', validUntil: '2027-01-31' }, ['2027-04-30'])), 201);
    assert.equal(leap.quoteId, 'Q-2026-00001');
    assert.equal(leap.quote.requestedDate, '2028-02-29', '29 February of a leap year exists');
    assert.equal(leap.quote.lines[0].requestedDate, '2027-04-30');
  });

  it('and at edit: refused, located, the stored version unchanged', async () => {
    const q = expectStatus(await s.call('POST', '/quotes', t.seller, input(fields)), 201);
    const path = `/quotes/${q.quoteId}/versions/${q.version}`;
    const r = await s.call('PUT', path, t.seller, { ...input(fields, [undefined, '2027-02-30']), catalogId: undefined, baseRevision: q.revision });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.param, 'body.lines[1].requestedDate');
    assert.deepEqual(r.body.error.errors.map((e: { path: string }) => e.path), ['body.lines[1].requestedDate']);
    const bad = await s.call('PUT', path, t.seller, { ...input({ ...fields, requestedDate: '2027-11-31' }), catalogId: undefined });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'body.requestedDate');
    const stored = expectStatus(await s.call('GET', `/quotes/${q.quoteId}`, t.seller), 200);
    assert.equal(stored.revision, q.revision, 'no edit was recorded');
    assert.equal(stored.quote.requestedDate, '2027-01-20');
    assert.equal(stored.quote.lines[1].requestedDate, undefined);
    // A good edit of the dates goes through.
    const edited = expectStatus(await s.call('PUT', path, t.seller, { ...input({ ...fields, requestedDate: '2027-02-28' }, [undefined, '2027-03-31']), catalogId: undefined }), 200);
    assert.equal(edited.quote.requestedDate, '2027-02-28');
    assert.equal(edited.quote.lines[1].requestedDate, '2027-03-31');
  });

  it('the seller\'s view shows every sales-order field as written; the customer\'s share-link view shows its own and nothing seller-only', async () => {
    const opportunity = { id: 'OPP-1', stage: '商务谈判', amount: '100000' };
    const lineDates = ['2027-01-10', undefined, '2027-02-01'];
    const created = expectStatus(await s.call('POST', '/quotes', t.seller, input({ ...fields, opportunity }, lineDates)), 201);
    const path = `/quotes/${created.quoteId}/versions/${created.version}`;

    // The seller: GET the quote (and the version), each field as sent.
    for (const url of [`/quotes/${created.quoteId}`, path]) {
      const v = expectStatus(await s.call('GET', url, t.seller), 200);
      for (const [k, value] of Object.entries(fields)) assert.deepEqual(v.quote[k], value, `${url}: ${k}`);
      assert.deepEqual(v.quote.lines.map((l: { requestedDate?: string }) => l.requestedDate), lineDates);
      assert.deepEqual(v.quote.opportunity, opportunity);
    }

    // To the customer: submitted, approved as far as needed, sent with a share link.
    let q = expectStatus(await s.call('POST', `${path}/submit`, t.seller, {}), 200);
    const byLevel: Record<string, string> = { manager: t.manager, director: t.director, finance: t.finance };
    while (q.state === 'approval-pending') {
      const current = q.approval.levels.find((l: { status: string }) => l.status === 'current');
      q = expectStatus(await s.call('POST', `${path}/approve`, byLevel[current.level]!, { digest: q.digest }), 200);
    }
    const sent = expectStatus(await s.call('POST', `${path}/send`, t.seller, {}), 200);
    const view = expectStatus(await s.call('GET', '/share', sent.shareLink.token), 200);
    for (const [k, value] of Object.entries(fields)) assert.deepEqual(view[k], value, `the customer sees ${k}`);
    assert.deepEqual(view.lines.map((l: { requestedDate?: string }) => l.requestedDate), lineDates, 'and each line\'s requested date');
    // Nothing seller-only: no opportunity, approvals, history, owner, costs, margins, floor prices or rules.
    const keys = keysIn(view);
    for (const k of ['opportunity', 'lifecycle', 'approval', 'history', 'owner', 'seller', ...SELLER_ONLY_KEYS]) assert.ok(!keys.has(k), `the customer's view has no ${k}`);
    assert.deepEqual(view.priced.approvals, [], 'approvals always empty for the customer (reviewRequired says whether any are needed)');
    assert.ok(!JSON.stringify(view).includes('商务谈判'), 'the opportunity\'s stage is nowhere in it');
    // After acceptance the customer's view still shows them, with its own PO reference beside.
    expectStatus(await s.call('POST', '/share/accept', sent.shareLink.token, { name: '李采购', digest: sent.quote.digest, poReference: 'PO-7781' }), 200);
    const accepted = expectStatus(await s.call('GET', '/share', sent.shareLink.token), 200);
    assert.deepEqual(accepted.billTo, billTo);
    assert.equal(accepted.customerReference, 'PO-RD-2027-01');
    assert.equal(accepted.acceptance.reference, 'PO-7781');
  });
});
