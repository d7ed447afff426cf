/**
 * The example ERP subscriber (examples/erp-subscriber): a webhook signed as the service signs it
 * (standardwebhooks) becomes one sales order with its lines in SQLite, mapped from the event's
 * sales-order fields; a redelivery (also after a restart on the same file) stores nothing more;
 * a tampered body, a wrong secret or a stale timestamp is refused and stores nothing; the same id
 * with other content is a 409; a cancellation marks the order, also one that arrives before it.
 * Then through the quote service (its dispatcher, a subscriber registered by the admin): the
 * order lands in the ERP, and the ERP's status report (reportStatus) shows on the service's order.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { listOrders, startErpSubscriber, type ErpSubscriber } from '../examples/erp-subscriber/erp-subscriber.js';
import { toOrderEvent, type OrderEvent } from '../src/quote/index.js';
import type { Quote } from '../src/types.js';
import { acceptedOrder, discountedQuote } from './fixtures/order-flow.js';
import { demo, expectStatus, quoteInput, demoService } from './support/service.js';

const secret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** POST `body` to the ERP signed with `key` as the dispatcher signs (webhook-id the event id). */
async function deliver(erp: ErpSubscriber, body: string, id: string, key: string, at = new Date()): Promise<{ status: number; body: any }> {
  const res = await fetch(erp.url, {
    method: 'POST', body,
    headers: {
      'content-type': 'application/cloudevents+json', 'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(key).sign(id, at, body),
    },
  });
  return { status: res.status, body: await res.json() };
}

function orderEvent(): OrderEvent {
  const q = discountedQuote() as Quote & Record<string, unknown>;
  Object.assign(q, {
    billTo: { id: 'C-88', name: '苏州锐达精密机械有限公司', taxId: '91320594MA1XXXXX0Y', address: { lines: ['星湖街328号'], city: '苏州', country: 'CN' } },
    paymentTerms: { code: 'NT30', days: 30 }, requestedDate: '2027-01-15',
  });
  const o = acceptedOrder(undefined, q);
  return toOrderEvent(o.catalog, o.priced, { quote: o.quote, source: 'https://crm.example.com/quotes', seller: { id: 'wang.seller' } });
}

const count = (erp: ErpSubscriber, table: string) => (erp.db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('example ERP subscriber: the receiving side', () => {
  let dir: string;
  let erp: ErpSubscriber;
  const key = secret();
  const event = orderEvent();
  const body = JSON.stringify(event);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'erp-example-'));
    erp = await startErpSubscriber({ dbFile: join(dir, 'erp.sqlite'), secrets: [key] });
  });
  after(async () => {
    await erp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a signed order becomes one sales order with its lines, mapped from the event', async () => {
    const r = await deliver(erp, body, event.id, key);
    assert.deepEqual(r, { status: 200, body: { result: 'stored', erpOrderNumber: 'SO-000001' } });
    const [so] = listOrders(erp.db) as any[];
    assert.equal(so.event_id, event.id);
    assert.equal(so.event_source, 'https://crm.example.com/quotes');
    assert.equal(so.customer_name, '苏州锐达精密机械有限公司');
    assert.deepEqual(JSON.parse(so.bill_to), event.data.billTo);
    assert.deepEqual(JSON.parse(so.ship_to), event.data.billTo, 'no ship-to: the bill-to party');
    assert.equal(so.customer_reference, 'PO-4711', 'the acceptance\'s reference');
    assert.equal(so.payment_terms_days, 30);
    assert.equal(so.seller_id, 'wang.seller');
    assert.equal(so.valid_until, '2026-12-28');
    assert.deepEqual([so.net, so.tax, so.total], [event.data.totals.net, event.data.totals.tax, event.data.totals.total], 'decimal strings, as sent');
    const taken = event.data.lines.filter((l) => !l.optional);
    assert.ok(taken.length < event.data.lines.length, 'the fixture has an optional line');
    assert.deepEqual(so.lines.map((l: any) => [l.sku, l.qty, l.unit_price, l.total, l.requested_date]), taken.map((l) => [l.sku, l.qty, l.netUnitPrice, l.total, '2027-01-15']));
  });

  test('a redelivery is answered 200 and stores nothing; so is one after a restart on the same file', async () => {
    assert.deepEqual(await deliver(erp, body, event.id, key), { status: 200, body: { result: 'duplicate', erpOrderNumber: 'SO-000001' } });
    await erp.close();
    erp = await startErpSubscriber({ dbFile: join(dir, 'erp.sqlite'), secrets: [key] });
    assert.equal((await deliver(erp, body, event.id, key)).body.result, 'duplicate');
    assert.equal(count(erp, 'sales_orders'), 1);
    assert.equal(erp.db.prepare('select deliveries from received_events where event_id = ?').pluck().get(event.id), 3);
  });

  test('tampered, wrong secret, stale, unsigned: refused (401), nothing stored', async () => {
    const other = structuredClone(event);
    other.id = 'order:Q-OTHER:v1';
    const otherBody = JSON.stringify(other);
    const tampered = await fetch(erp.url, {
      method: 'POST', body: otherBody.replace('"qty":"20"', '"qty":"2"'),
      headers: { 'webhook-id': other.id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': new Webhook(key).sign(other.id, new Date(), otherBody), 'content-type': 'application/cloudevents+json' },
    });
    assert.equal(tampered.status, 401);
    assert.equal((await deliver(erp, otherBody, other.id, secret())).status, 401);
    assert.equal((await deliver(erp, otherBody, other.id, key, new Date(Date.now() - 600_000))).status, 401);
    const unsigned = await fetch(erp.url, { method: 'POST', body: otherBody, headers: { 'content-type': 'application/cloudevents+json' } });
    assert.equal(unsigned.status, 401);
    const notAnEvent = await deliver(erp, '{"hello":1}', 'x-1', key);
    assert.equal(notAnEvent.status, 400);
    assert.equal(count(erp, 'sales_orders'), 1);
    assert.ok(erp.stats.refused >= 5);
  });

  test('the same id with other content is not a redelivery: 409', async () => {
    const changed = structuredClone(event);
    changed.data.digest = `sha-256:${'0'.repeat(64)}`;
    const r = await deliver(erp, JSON.stringify(changed), event.id, key);
    assert.equal(r.status, 409);
    assert.equal(count(erp, 'sales_orders'), 1);
  });

  test('a cancellation marks the order; one that comes before its order is kept for it', async () => {
    const cancel = (orderId: string) => ({
      specversion: '1.0', id: `${orderId}:cancelled`, source: event.source, type: 'cpq-kit.order.cancelled', subject: 'Q', time: '2026-12-02T10:00:00+08:00',
      datacontenttype: 'application/json', data: { orderId, quoteId: 'Q', version: 1, reason: 'budget cut', cancelledBy: 'wang.seller', at: '2026-12-02T10:00:00+08:00' },
    });
    const c1 = cancel(event.id);
    assert.deepEqual(await deliver(erp, JSON.stringify(c1), c1.id, key), { status: 200, body: { result: 'cancelled' } });
    assert.deepEqual(await deliver(erp, JSON.stringify(c1), c1.id, key), { status: 200, body: { result: 'duplicate' } });
    assert.equal(erp.db.prepare('select status from sales_orders where event_id = ?').pluck().get(event.id), 'cancelled');

    const late = structuredClone(event);
    late.id = 'order:Q-LATE:v1';
    const c2 = cancel(late.id);
    assert.equal((await deliver(erp, JSON.stringify(c2), c2.id, key)).status, 200);
    assert.equal((await deliver(erp, JSON.stringify(late), late.id, key)).body.result, 'stored');
    assert.deepEqual(erp.db.prepare('select status, cancel_reason from sales_orders where event_id = ?').get(late.id), { status: 'cancelled', cancel_reason: 'budget cut' });
  });
});

describe('example ERP subscriber with the quote service', () => {
  test('an order lands in the ERP; the ERP reports confirmed and the service shows it', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erp-example-'));
    const { s, t } = await demoService('sqlite', { dispatch: { intervalMs: 50, timeoutMs: 2000, backoff: { baseMs: 20, capMs: 200 } } });
    let erp: ErpSubscriber | undefined;
    try {
      await s.app.listen({ port: 0, host: '127.0.0.1' });
      const address = s.app.server.address() as { port: number };
      // Start the ERP, register its URL, then give it the secret the service made.
      erp = await startErpSubscriber({ dbFile: join(dir, 'erp.sqlite'), secrets: [] });
      const sub = expectStatus(await s.call('POST', '/subscribers', t.admin, { url: erp.url }), 201);
      erp.configure({ secrets: [sub.secret], service: { url: `http://127.0.0.1:${address.port}`, subscriberId: sub.id } });
      // A quote with the sales-order fields, through the service's API: created, sent, accepted, ordered.
      const billTo = { name: '苏州锐达精密机械有限公司', taxId: '91320594MA1XXXXX0Y', address: { lines: ['星湖街328号'], city: '苏州', country: 'CN' }, contact: { email: 'cg@ruida.example.cn' } };
      const input = { ...quoteInput(demo('quotes/crm-pro-120.json'), 'demo-crm-2026'), discount: { percent: '5' }, billTo, paymentTerms: { code: 'NT45', days: 45 }, requestedDate: '2027-01-20', customerReference: 'PO-RD-2027-01' };
      input.lines = input.lines.map((l: any, i: number) => (i === 0 ? { ...l, requestedDate: '2027-01-10' } : l));
      const bad = await s.call('POST', '/quotes', t.seller, { ...input, billTo: { ...billTo, taxID: 'x' } });
      assert.equal(bad.status, 400, 'an unknown field of a party is refused');
      const q = expectStatus(await s.call('POST', '/quotes', t.seller, input), 201);
      const path = `/quotes/${q.quoteId}/versions/${q.version}`;
      const sent = expectStatus(await s.call('POST', `${path}/send`, t.seller, {}), 200);
      expectStatus(await s.call('POST', '/share/accept', sent.shareLink.token, { name: '李采购', digest: sent.quote.digest }), 200);
      const orderId: string = expectStatus(await s.call('POST', `${path}/order`, t.seller, {}), 201).order.id;
      const started = Date.now();
      while (count(erp, 'sales_orders') === 0) {
        if (Date.now() - started > 20_000) throw new Error('the order did not reach the ERP');
        await new Promise((r) => setTimeout(r, 20));
      }
      const [so] = listOrders(erp.db) as any[];
      assert.equal(so.event_id, orderId);
      assert.equal(so.seller_id, 's1', 'the quote\'s owner');
      assert.equal(so.customer_reference, 'PO-RD-2027-01');
      assert.deepEqual(JSON.parse(so.bill_to), billTo);
      assert.deepEqual([so.payment_terms_code, so.payment_terms_days, so.requested_date], ['NT45', 45, '2027-01-20']);
      assert.deepEqual(so.lines.map((l: any) => l.requested_date), so.lines.map((l: any) => (l.line_id === 'L1' || l.parent_line_id === 'L1' ? '2027-01-10' : '2027-01-20')));

      const report = await erp.reportStatus(orderId, 'confirmed', so.erp_order_number);
      assert.equal(report.status, 200, JSON.stringify(report.body));
      assert.deepEqual((report.body as any).data.map((d: any) => [d.result, d.status]), [['applied', 'confirmed']]);
      const order = expectStatus(await s.call('GET', `/orders/${encodeURIComponent(orderId)}`, t.seller), 200);
      assert.equal(order.status, 'confirmed');
      assert.equal(order.erpOrderNumber, so.erp_order_number);
      assert.equal(erp.db.prepare('select status from sales_orders where event_id = ?').pluck().get(orderId), 'confirmed');
    } finally {
      await erp?.close();
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
