// Order status back to the quote (issue 12), on both stores: an ERP reports an order's progress
// as `cpq-kit.order.status` CloudEvents to POST /subscribers/:id/events, signed per Standard
// Webhooks with its subscriber's secret. The official `cloudevents` SDK sends them in binary and
// structured mode (its HTTP emitter over real HTTP) and as a batch; they are applied, shown on the
// order, in its history, in the quote's moves and in the quote view. Refused, with nothing
// recorded: a tampered body, a wrong secret, a stale timestamp, a disabled or unknown subscriber
// (401), another tenant's order (404), a reused id with other content (409), a malformed event
// (400/415). Duplicates answer `duplicate`; late reports are recorded but never move the status
// back. A seller cancels an order the ERP has not confirmed: `cpq-kit.order.cancelled` reaches a
// webhook subscriber (verifyWebhook and standardwebhooks verify it) and a NATS JetStream stream.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { CloudEvent, CONSTANTS, emitterFor, HTTP, httpTransport, Mode, type Message } from 'cloudevents';
import fc from 'fast-check';
import { AckPolicy, connect, DeliverPolicy, type JsMsg, type NatsConnection } from 'nats';
import { Webhook } from 'standardwebhooks';
import { ORDER_CANCELLED_TYPE, ORDER_STATUS_TYPE, type OrderStatus, type OrderStatusReported } from '../src/quote/order-types.js';
import { verifyWebhook, type DispatchOptions } from '../src/server/index.js';
import { nextStatus } from '../src/server/order-status.js';
import { expectStatus, walk, type StoreKind, type TestService, demoService, type Tokens } from './support/service.js';
import { startSubscriber, type WebhookSubscriber } from './support/webhook-subscriber.js';

const DISPATCH: DispatchOptions = { intervalMs: 50, timeoutMs: 1000, leaseMs: 3000, maxAttempts: 20, backoff: { baseMs: 50, capMs: 200 } };
const ERP = 'https://erp.example.com/sales-orders';
const REPORTED: OrderStatusReported[] = ['confirmed', 'fulfilled', 'invoiced', 'cancelled'];

/** Standard Webhooks headers for `body`, signed with `secret` at `at` (default now). */
function signed(secret: string, body: string | Uint8Array, at = new Date()): Record<string, string> {
  const id = `msg_${randomBytes(8).toString('hex')}`;
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(id, at, body) };
}

let seq = 0;
/** A status event as the SDK makes it. */
function statusEvent(orderId: string, status: string, extra: Record<string, unknown> = {}, id = `st-${++seq}-${randomBytes(3).toString('hex')}`): CloudEvent<Record<string, unknown>> {
  return new CloudEvent({ id, source: ERP, type: ORDER_STATUS_TYPE, datacontenttype: 'application/json', data: { orderId, status, ...extra } });
}

describe('the status rule: forward only, cancelled is terminal', () => {
  it('every status × every report (table)', () => {
    // [current, reported, next (undefined: recorded, ignored)]
    const table: [OrderStatus, OrderStatusReported, OrderStatus | undefined][] = [
      ['placed', 'confirmed', 'confirmed'], ['placed', 'fulfilled', 'fulfilled'], ['placed', 'invoiced', 'invoiced'], ['placed', 'cancelled', 'cancelled'],
      ['confirmed', 'confirmed', undefined], ['confirmed', 'fulfilled', 'fulfilled'], ['confirmed', 'invoiced', 'invoiced'], ['confirmed', 'cancelled', 'cancelled'],
      ['fulfilled', 'confirmed', undefined], ['fulfilled', 'fulfilled', undefined], ['fulfilled', 'invoiced', 'invoiced'], ['fulfilled', 'cancelled', undefined],
      ['invoiced', 'confirmed', undefined], ['invoiced', 'fulfilled', undefined], ['invoiced', 'invoiced', undefined], ['invoiced', 'cancelled', undefined],
      ['cancelled', 'confirmed', undefined], ['cancelled', 'fulfilled', undefined], ['cancelled', 'invoiced', undefined], ['cancelled', 'cancelled', undefined],
    ];
    for (const [current, reported, next] of table) assert.equal(nextStatus(current, reported), next, `${current} + ${reported}`);
  });

  it('forward reports in any order end at the furthest one, and the status never goes back (property)', () => {
    const rank = { placed: 0, confirmed: 1, fulfilled: 2, invoiced: 3 } as const;
    fc.assert(fc.property(fc.array(fc.constantFrom<OrderStatusReported>('confirmed', 'fulfilled', 'invoiced'), { maxLength: 12 }), (reports) => {
      let status: OrderStatus = 'placed';
      for (const r of reports) {
        const next: OrderStatus = nextStatus(status, r) ?? status;
        assert.ok(rank[next as keyof typeof rank] >= rank[status as keyof typeof rank]);
        status = next;
      }
      const furthest = reports.reduce<OrderStatus>((m, r) => (rank[r as keyof typeof rank] > rank[m as keyof typeof rank] ? r : m), 'placed');
      assert.equal(status, furthest);
    }));
  });
});

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`order status from the ERP, and cancellation (${kind})`, () => {
    let s: TestService;
    let t: Tokens;
    let sub: WebhookSubscriber;
    let subscriberId: string;
    let secret: string;
    let base: string;

    before(async () => {
      ({ s, t } = await demoService(kind, { dispatch: DISPATCH }, ['admin', 'adminB']));
      sub = await startSubscriber(() => 200);
      const made = expectStatus(await s.call('POST', '/subscribers', t.admin, { url: sub.url }), 201);
      subscriberId = made.id;
      secret = made.secret;
      sub.secrets.push(secret);
      await s.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await s?.close();
      await sub?.close();
    });

    const eventsUrl = (id = subscriberId) => `/subscribers/${id}/events`;
    /** POST raw bytes to the status endpoint (in-process). */
    const post = async (body: string | Buffer, headers: Record<string, string>, id = subscriberId) => {
      const r = await s.app.inject({ method: 'POST', url: eventsUrl(id), payload: body, headers });
      return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined, headers: r.headers };
    };
    /** One event in structured mode, signed. */
    const postStructured = (e: CloudEvent<unknown>, key = secret) => {
      const m = HTTP.structured(e);
      return post(m.body as string, { ...(m.headers as Record<string, string>), ...signed(key, m.body as string) });
    };
    /** The SDK's own HTTP transport, with the Standard Webhooks headers for the body the SDK wrote. */
    const signingTransport = (key = secret) => async (message: Message, options?: Record<string, unknown>) => {
      const r = await httpTransport(`${base}${eventsUrl()}`)(message, { ...options, headers: signed(key, message.body as string) });
      return JSON.parse((r as { body: string }).body);
    };
    const newOrder = async (): Promise<{ id: string; quoteId: string; version: number }> => {
      const w = (await walk(s, t, 'ordered', '5')) as any;
      return { id: w.order.id, quoteId: w.order.quoteId, version: w.order.version };
    };
    const getOrder = async (id: string) => expectStatus(await s.call('GET', `/orders/${encodeURIComponent(id)}`, t.seller), 200);
    const moves = async (o: { quoteId: string }) => expectStatus(await s.call('GET', `/quotes/${o.quoteId}/moves`, t.seller), 200).data as any[];
    /** What a refused request must not have changed. */
    const snapshotOf = async (o: { id: string; quoteId: string }) => ({ order: await getOrder(o.id), moves: (await moves(o)).length });

    it('the SDK\'s HTTP emitter in binary mode, then structured mode, then a batch: applied, on the order, its history, the moves and the quote view', async () => {
      const o = await newOrder();
      const before = await getOrder(o.id);
      assert.equal(before.status, 'placed');
      assert.deepEqual(before.statusHistory, []);

      const binary: any = await emitterFor(signingTransport(), { mode: Mode.BINARY })(statusEvent(o.id, 'confirmed', { erpOrderNumber: 'SO-1001', at: '2026-12-04T18:00:00+08:00' }));
      assert.deepEqual(binary.data.map((d: any) => [d.source, d.result, d.status]), [[ERP, 'applied', 'confirmed']]);
      const structured: any = await emitterFor(signingTransport(), { mode: Mode.STRUCTURED })(statusEvent(o.id, 'fulfilled', { note: '发货 3 箱' }));
      assert.deepEqual(structured.data.map((d: any) => [d.result, d.status]), [['applied', 'fulfilled']]);
      // The SDK reads batches but has no batch emitter: its transport sends the JSON array.
      const batch = [statusEvent(o.id, 'invoiced', { erpOrderNumber: 'SO-1001' }), statusEvent(o.id, 'confirmed')];
      const answered = await signingTransport()({ headers: { 'content-type': CONSTANTS.MIME_CE_BATCH }, body: JSON.stringify(batch) });
      assert.deepEqual(answered.data.map((d: any) => [d.id, d.result, d.status]), [[batch[0]!.id, 'applied', 'invoiced'], [batch[1]!.id, 'ignored', 'invoiced']]);

      const after = await getOrder(o.id);
      assert.equal(after.status, 'invoiced');
      assert.equal(after.erpOrderNumber, 'SO-1001');
      assert.deepEqual(after.statusHistory.map((h: any) => [h.status, h.result, h.reporter, h.source]), [
        ['confirmed', 'applied', subscriberId, ERP], ['fulfilled', 'applied', subscriberId, ERP], ['invoiced', 'applied', subscriberId, ERP], ['confirmed', 'ignored', subscriberId, ERP],
      ]);
      assert.equal(after.statusHistory[0].at, '2026-12-04T18:00:00+08:00');
      assert.equal(after.statusHistory[1].note, '发货 3 箱');
      const list = expectStatus(await s.call('GET', '/orders?limit=100', t.manager), 200).data.find((x: any) => x.id === o.id);
      assert.deepEqual([list.status, list.erpOrderNumber, list.statusHistory], ['invoiced', 'SO-1001', undefined]);
      const logged = (await moves(o)).filter((m) => m.action === 'order-status');
      assert.deepEqual(logged.map((m) => [m.actor, m.version, m.fromState, m.toState, m.detail.status, m.detail.result, m.detail.orderStatus]), [
        [subscriberId, o.version, 'ordered', 'ordered', 'confirmed', 'applied', 'confirmed'], [subscriberId, o.version, 'ordered', 'ordered', 'fulfilled', 'applied', 'fulfilled'],
        [subscriberId, o.version, 'ordered', 'ordered', 'invoiced', 'applied', 'invoiced'], [subscriberId, o.version, 'ordered', 'ordered', 'confirmed', 'ignored', 'invoiced'],
      ]);
      assert.equal(logged[0].detail.erpOrderNumber, 'SO-1001');
      const view = expectStatus(await s.call('GET', `/quotes/${o.quoteId}`, t.seller), 200);
      assert.equal(view.orderId, o.id);
      assert.deepEqual(view.order, { id: o.id, status: 'invoiced', erpOrderNumber: 'SO-1001' });
    });

    it('duplicates answer "duplicate" and record nothing; the same id with other content is a 409; a batch is all or nothing', async () => {
      const o = await newOrder();
      const e = statusEvent(o.id, 'confirmed', { erpOrderNumber: 'SO-2' });
      expectStatus(await postStructured(e), 200);
      const once = await snapshotOf(o);
      // Again in structured mode, and in binary mode (the same event): duplicates.
      assert.deepEqual(expectStatus(await postStructured(e), 200).data, [{ id: e.id, source: ERP, result: 'duplicate', status: 'confirmed' }]);
      const m = HTTP.binary(e);
      assert.equal(expectStatus(await post(m.body as string, { ...(m.headers as Record<string, string>), ...signed(secret, m.body as string) }), 200).data[0].result, 'duplicate');
      assert.deepEqual(await snapshotOf(o), once);
      // The same (source, id) saying something else.
      const reused = statusEvent(o.id, 'fulfilled', {}, e.id);
      const r = await postStructured(reused);
      assert.equal(r.status, 409);
      assert.deepEqual([r.body.error.code, r.body.error.param], ['event-id-reused', 'id']);
      // A batch with a new report and a reused id: refused whole, the new one not recorded either.
      const batch = JSON.stringify([statusEvent(o.id, 'invoiced'), reused]);
      const rb = await post(batch, { 'content-type': CONSTANTS.MIME_CE_BATCH, ...signed(secret, batch) });
      assert.equal(rb.status, 409);
      assert.equal(rb.body.error.errors[0].path, 'body[1].id');
      assert.deepEqual(await snapshotOf(o), once);
      // The same id from another source is another event.
      const other = new CloudEvent({ id: e.id, source: 'https://erp2.example.com', type: ORDER_STATUS_TYPE, datacontenttype: 'application/json', data: { orderId: o.id, status: 'fulfilled' } });
      assert.equal(expectStatus(await postStructured(other), 200).data[0].result, 'applied');
    });

    it('the same event sent 8 times at once, and two reports of one order at once: recorded once each, one status', async () => {
      const o = await newOrder();
      const e = statusEvent(o.id, 'confirmed', { erpOrderNumber: 'SO-C' });
      const answers = await Promise.all(Array.from({ length: 8 }, () => postStructured(e)));
      assert.deepEqual(answers.map((a) => a.status), Array(8).fill(200));
      assert.deepEqual(answers.map((a) => a.body.data[0].result).sort(), ['applied', ...Array(7).fill('duplicate')]);
      const [f, i] = await Promise.all([postStructured(statusEvent(o.id, 'fulfilled')), postStructured(statusEvent(o.id, 'invoiced'))]);
      assert.deepEqual([f.status, i.status], [200, 200]);
      const got = await getOrder(o.id);
      assert.equal(got.status, 'invoiced');
      assert.equal(got.statusHistory.length, 3);
      assert.deepEqual(got.statusHistory.map((h: any) => h.status).slice(1).sort(), ['fulfilled', 'invoiced']);
      assert.equal((await moves(o)).filter((m) => m.action === 'order-status').length, 3);
    });

    it('out of order: invoiced before confirmed and fulfilled ends invoiced; every report is in the history (fast-check, over HTTP)', { timeout: 120_000 }, async () => {
      await fc.assert(fc.asyncProperty(
        fc.shuffledSubarray(['confirmed', 'fulfilled', 'invoiced'] as const, { minLength: 1 }),
        fc.boolean(),
        async (reports, asBatch) => {
          const o = await newOrder();
          const events = reports.map((r) => statusEvent(o.id, r));
          if (asBatch) {
            const body = JSON.stringify(events);
            expectStatus(await post(body, { 'content-type': CONSTANTS.MIME_CE_BATCH, ...signed(secret, body) }), 200);
          } else for (const e of events) expectStatus(await postStructured(e), 200);
          const got = await getOrder(o.id);
          const furthest = ['invoiced', 'fulfilled', 'confirmed'].find((x) => (reports as readonly string[]).includes(x));
          assert.equal(got.status, furthest);
          assert.deepEqual(got.statusHistory.map((h: any) => h.status), reports);
          // Applied exactly while each report went further than all before it.
          let best = -1;
          const rank = (x: string) => ['confirmed', 'fulfilled', 'invoiced'].indexOf(x);
          assert.deepEqual(got.statusHistory.map((h: any) => h.result), reports.map((r) => (rank(r) > best ? ((best = rank(r)), 'applied') : 'ignored')));
        },
      ), { numRuns: 8 });
    });

    it('refused with 401 and nothing recorded: a tampered body, a wrong secret, a stale timestamp, missing headers, an unknown or disabled subscriber', async () => {
      const o = await newOrder();
      const before = await snapshotOf(o);
      const m = HTTP.structured(statusEvent(o.id, 'confirmed'));
      const body = m.body as string;
      const ct = { 'content-type': 'application/cloudevents+json' };
      const cases: [string, Promise<{ status: number; body: any }>, string, string][] = [
        ['tampered', post(body.replace('confirmed', 'invoiced'), { ...ct, ...signed(secret, body) }), 'invalid-signature', 'webhook-signature'],
        ['wrong secret', post(body, { ...ct, ...signed(`whsec_${randomBytes(32).toString('base64')}`, body) }), 'invalid-signature', 'webhook-signature'],
        ['stale', post(body, { ...ct, ...signed(secret, body, new Date(Date.now() - 10 * 60_000)) }), 'stale-timestamp', 'webhook-timestamp'],
        ['future', post(body, { ...ct, ...signed(secret, body, new Date(Date.now() + 10 * 60_000)) }), 'stale-timestamp', 'webhook-timestamp'],
        ['unsigned', post(body, ct), 'missing-header', 'webhook-id'],
        ['junk timestamp', post(body, { ...ct, ...signed(secret, body), 'webhook-timestamp': '12e3' }), 'invalid-timestamp', 'webhook-timestamp'],
        ['unknown subscriber', post(body, { ...ct, ...signed(secret, body) }, 'sub_unknown0000000000'), 'invalid-signature', 'webhook-signature'],
        ['a bearer token is no signature', post(body, { ...ct, authorization: `Bearer ${t.admin}` }), 'missing-header', 'webhook-id'],
      ];
      for (const [what, answer, code, param] of cases) {
        const r = await answer;
        assert.equal(r.status, 401, what);
        assert.deepEqual([r.body.error.type, r.body.error.code, r.body.error.param], ['authentication', code, param], what);
      }
      // Another tenant's subscriber signing for this order: its secret is not this subscriber's.
      const b = expectStatus(await s.call('POST', '/subscribers', t.adminB, { url: sub.url }), 201);
      assert.equal((await post(body, { ...ct, ...signed(b.secret, body) })).status, 401);
      // Disabled: refused even with a good signature (and said so, once the signature verified).
      expectStatus(await s.call('POST', `/subscribers/${subscriberId}/disable`, t.admin, { reason: 'test' }), 200);
      const disabled = await post(body, { ...ct, ...signed(secret, body) });
      expectStatus(await s.call('POST', `/subscribers/${subscriberId}/enable`, t.admin, {}), 200);
      assert.equal(disabled.status, 401);
      assert.equal(disabled.body.error.code, 'subscriber-disabled');
      assert.deepEqual(await snapshotOf(o), before);
      // The same request, signed rightly, goes through.
      assert.equal(expectStatus(await post(body, { ...ct, ...signed(secret, body) }), 200).data[0].result, 'applied');
    });

    it('a rotated secret: the old and the new one both verify during the overlap', async () => {
      const o = await newOrder();
      const rotated = expectStatus(await s.call('POST', `/subscribers/${subscriberId}/rotate-secret`, t.admin, { overlapSeconds: 600 }), 200);
      sub.secrets.push(rotated.secret);
      assert.equal(expectStatus(await postStructured(statusEvent(o.id, 'confirmed'), secret), 200).data[0].result, 'applied');
      assert.equal(expectStatus(await postStructured(statusEvent(o.id, 'fulfilled'), rotated.secret), 200).data[0].result, 'applied');
      // Ended now (a leaked secret): the old one no longer verifies.
      const again = expectStatus(await s.call('POST', `/subscribers/${subscriberId}/rotate-secret`, t.admin, { overlapSeconds: 0 }), 200);
      assert.equal((await postStructured(statusEvent(o.id, 'invoiced'), rotated.secret)).status, 401);
      assert.equal(expectStatus(await postStructured(statusEvent(o.id, 'invoiced'), again.secret), 200).data[0].status, 'invoiced');
      secret = again.secret;
      sub.secrets.push(again.secret);
    });

    it('another tenant\'s order or an unknown one: 404 at data.orderId; malformed events: located 400 or 415; nothing recorded', async () => {
      const o = await newOrder();
      const before = await snapshotOf(o);
      const b = expectStatus(await s.call('POST', '/subscribers', t.adminB, { url: sub.url }), 201);
      const foreign = HTTP.structured(statusEvent(o.id, 'confirmed'));
      const r404 = await post(foreign.body as string, { ...(foreign.headers as Record<string, string>), ...signed(b.secret, foreign.body as string) }, b.id);
      assert.equal(r404.status, 404);
      assert.equal(r404.body.error.param, 'data.orderId');
      const unknown = await postStructured(statusEvent('order:Q-2026-99999:v1', 'confirmed'));
      assert.deepEqual([unknown.status, unknown.body.error.param], [404, 'data.orderId']);
      const batch = JSON.stringify([statusEvent(o.id, 'confirmed'), statusEvent('order:Q-2026-99999:v1', 'confirmed')]);
      const rb = await post(batch, { 'content-type': CONSTANTS.MIME_CE_BATCH, ...signed(secret, batch) });
      assert.deepEqual([rb.status, rb.body.error.errors[0].path], [404, 'body[1].data.orderId']);

      const bad: [string, string, Record<string, string>, number, string][] = [
        ['unknown status', JSON.stringify(statusEvent(o.id, 'shipped')), { 'content-type': 'application/cloudevents+json' }, 400, 'data.status'],
        ['extra field', JSON.stringify(statusEvent(o.id, 'confirmed', { price: '1.00' })), { 'content-type': 'application/cloudevents+json' }, 400, 'data.price'],
        ['bad time', JSON.stringify(statusEvent(o.id, 'confirmed', { at: '2026-13-01T00:00:00Z' })), { 'content-type': 'application/cloudevents+json' }, 400, 'data.at'],
        ['bad order id', JSON.stringify(statusEvent('Q-1', 'confirmed')), { 'content-type': 'application/cloudevents+json' }, 400, 'data.orderId'],
        ['another type', JSON.stringify(new CloudEvent({ source: ERP, type: 'com.example.other', data: { orderId: o.id, status: 'confirmed' } })), { 'content-type': 'application/cloudevents+json' }, 400, 'type'],
        ['no ce headers', JSON.stringify({ orderId: o.id, status: 'confirmed' }), { 'content-type': 'application/json' }, 415, 'headers'],
        ['not JSON', '{"specversion":', { 'content-type': 'application/cloudevents+json' }, 400, 'body'],
        ['no id', JSON.stringify({ specversion: '1.0', source: ERP, type: ORDER_STATUS_TYPE, data: { orderId: o.id, status: 'confirmed' } }), { 'content-type': 'application/cloudevents+json' }, 400, 'body.id'],
        ['batch item', JSON.stringify([statusEvent(o.id, 'confirmed'), statusEvent(o.id, 'lost')]), { 'content-type': CONSTANTS.MIME_CE_BATCH }, 400, 'body[1].data.status'],
        ['XML', '<status/>', { 'content-type': 'application/cloudevents+xml' }, 415, 'headers.content-type'],
      ];
      for (const [what, body, headers, status, param] of bad) {
        const r = await post(body, { ...headers, ...signed(secret, body) });
        assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
        assert.equal(typeof r.body.error.message, 'string', what);
        assert.ok(r.body.error.param === param || r.body.error.errors?.some((e: any) => e.path === param), `${what}: located at ${param}, got ${JSON.stringify(r.body.error)}`);
      }
      assert.deepEqual(await snapshotOf(o), before);
      // An empty batch is a batch: nothing to do.
      assert.deepEqual(expectStatus(await post('[]', { 'content-type': CONSTANTS.MIME_CE_BATCH, ...signed(secret, '[]') }), 200), { data: [] });
    });

    it('a body over the limit is a 413; OPTIONS answers the CloudEvents webhook validation handshake', async () => {
      const big = `{"pad":"${'x'.repeat(300 * 1024)}"}`;
      const r = await post(big, { 'content-type': 'application/cloudevents+json', ...signed(secret, big) });
      assert.equal(r.status, 413);
      const h = await s.app.inject({ method: 'OPTIONS', url: eventsUrl(), headers: { 'webhook-request-origin': 'erp.example.com', 'webhook-request-rate': '120' } });
      assert.equal(h.statusCode, 200);
      assert.equal(h.headers['webhook-allowed-origin'], 'erp.example.com');
      assert.equal(h.headers['webhook-allowed-rate'], '120');
      assert.match(String(h.headers.allow), /POST/);
      // Over real HTTP too, as a sender would ask.
      const real = await fetch(`${base}${eventsUrl()}`, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'erp.example.com' } });
      assert.equal(real.status, 200);
      assert.equal(real.headers.get('webhook-allowed-origin'), 'erp.example.com');
      assert.equal(real.headers.get('webhook-allowed-rate'), '1000000');
      const missing = await s.app.inject({ method: 'OPTIONS', url: eventsUrl() });
      assert.equal(missing.statusCode, 400);
      assert.equal(JSON.parse(missing.body).error.param, 'WebHook-Request-Origin');
    });

    it('cancel before the ERP confirms: cancelled, in the history and the moves, and the cancelled event reaches the webhook signed (verifyWebhook, standardwebhooks)', async () => {
      const o = await newOrder();
      const key = { 'idempotency-key': `cancel-${o.id}` };
      const c = expectStatus(await s.call('POST', `/orders/${encodeURIComponent(o.id)}/cancel`, t.seller, { reason: '客户预算冻结' }, key), 200);
      assert.equal(c.status, 'cancelled');
      assert.deepEqual(c.statusHistory.map((h: any) => [h.status, h.result, h.reporter, h.id, h.note]), [['cancelled', 'applied', 'user:s1', `${o.id}:cancelled`, '客户预算冻结']]);
      // Replayed with the key; without it, a second cancel is a 409.
      const replay = await s.call('POST', `/orders/${encodeURIComponent(o.id)}/cancel`, t.seller, { reason: '客户预算冻结' }, key);
      assert.deepEqual([replay.status, replay.headers['idempotent-replayed'], replay.body], [200, 'true', c]);
      const twice = await s.call('POST', `/orders/${encodeURIComponent(o.id)}/cancel`, t.seller, { reason: 'again' });
      assert.deepEqual([twice.status, twice.body.error.code, twice.body.error.param], [409, 'order-not-cancellable', 'status']);
      const cancelMoves = (await moves(o)).filter((m) => m.action === 'order-cancel');
      assert.equal(cancelMoves.length, 1);
      assert.equal(cancelMoves[0].actor, 's1');
      // The ERP confirms late: recorded, ignored, still cancelled.
      assert.deepEqual(expectStatus(await postStructured(statusEvent(o.id, 'confirmed')), 200).data[0].result, 'ignored');
      assert.equal((await getOrder(o.id)).status, 'cancelled');
      assert.equal(expectStatus(await s.call('GET', `/quotes/${o.quoteId}`, t.seller), 200).order.status, 'cancelled');

      const eventId = `${o.id}:cancelled`;
      await sub.until(() => sub.acknowledged().has(eventId), 15_000, 'the cancelled event delivered');
      const got = sub.received.find((r) => r.id === eventId)!;
      assert.ok(got.verifiedWith >= 0, 'standardwebhooks verifies it with the subscriber\'s secret');
      const event = verifyWebhook(got.headers as Record<string, string>, got.body, sub.secrets);
      assert.equal(event.type, ORDER_CANCELLED_TYPE);
      if (event.type !== ORDER_CANCELLED_TYPE) return;
      const created = (await getOrder(o.id)).event;
      assert.deepEqual({ ...event.data, at: undefined }, { orderId: o.id, quoteId: o.quoteId, version: o.version, reason: '客户预算冻结', cancelledBy: 's1', at: undefined });
      assert.equal(event.source, created.source);
      assert.equal(event.id, eventId);
      assert.equal(event.time, event.data.at);
      // Tampered, it is refused by both.
      const tampered = Buffer.from(got.body.toString('utf8').replace('客户预算冻结', '客户预算解冻'));
      assert.throws(() => new Webhook(sub.secrets.at(-1)!).verify(tampered, got.headers as Record<string, string>));
      assert.throws(() => verifyWebhook(got.headers as Record<string, string>, tampered, sub.secrets), /No webhook-signature matches/);
    });

    it('cancel after the ERP confirmed, another tenant\'s order, a bad reason: refused and nothing recorded', async () => {
      const o = await newOrder();
      expectStatus(await postStructured(statusEvent(o.id, 'confirmed', { erpOrderNumber: 'SO-9' })), 200);
      const before = await snapshotOf(o);
      const r = await s.call('POST', `/orders/${encodeURIComponent(o.id)}/cancel`, t.manager, { reason: 'too late' });
      assert.deepEqual([r.status, r.body.error.code, r.body.error.param], [409, 'order-not-cancellable', 'status']);
      assert.match(r.body.error.message, /confirmed/);
      const foreign = await s.call('POST', `/orders/${encodeURIComponent(o.id)}/cancel`, t.sellerB, { reason: 'x' });
      assert.equal(foreign.status, 404);
      for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(501) }, { reason: '   ' }, { reason: 'ok', extra: 1 }]) {
        const bad = await s.call('POST', `/orders/${encodeURIComponent(o.id)}/cancel`, t.seller, body);
        assert.equal(bad.status, 400, JSON.stringify(body));
        assert.match(bad.body.error.param, /^body/);
      }
      assert.deepEqual(await snapshotOf(o), before);
      assert.equal(expectStatus(await s.call('GET', '/deliveries?limit=100', t.admin), 200).data.filter((d: any) => d.eventId === `${o.id}:cancelled`).length, 0);
    });
  });
}

describe('the cancelled event to NATS JetStream (sqlite)', () => {
  const tag = randomBytes(4).toString('hex');
  const stream = `CPQ_STATUS_${tag}`.toUpperCase();
  const subject = `cpq.status.${tag}.orders`;
  let nc: NatsConnection;
  let s: TestService;
  let t: Tokens;

  before(async () => {
    nc = await connect({ servers: '127.0.0.1:4222' });
    await (await nc.jetstreamManager()).streams.add({ name: stream, subjects: [`cpq.status.${tag}.>`] });
    ({ s, t } = await demoService('sqlite', { dispatch: DISPATCH, nats: { servers: '127.0.0.1:4222' } }));
  });
  after(async () => {
    await s?.close();
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => undefined);
    await nc.drain();
  });

  it('the order and its cancellation are published once each, signed like a webhook', { timeout: 30_000 }, async () => {
    const made = expectStatus(await s.call('POST', '/subscribers', t.admin, { kind: 'nats', subject }), 201);
    const w = (await walk(s, t, 'ordered', '5')) as any;
    expectStatus(await s.call('POST', `/orders/${encodeURIComponent(w.order.id)}/cancel`, t.seller, { reason: 'duplicate order' }), 200);
    const jsm = await nc.jetstreamManager();
    const info = await jsm.consumers.add(stream, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, filter_subject: subject });
    const consumer = await nc.jetstream().consumers.get(stream, info.name);
    const got: JsMsg[] = [];
    for (let i = 0; i < 20 && got.length < 2; i++) {
      for await (const m of await consumer.fetch({ max_messages: 10, expires: 1000 })) got.push(m);
    }
    assert.equal(got.length, 2);
    const events = got.map((m) => {
      const h = Object.fromEntries([...(m.headers?.keys() ?? [])].map((k) => [k.toLowerCase(), m.headers!.get(k)]));
      return verifyWebhook(h, m.data, made.secret);
    });
    assert.deepEqual(events.map((e) => [e.type, e.id]).sort(), [[ORDER_CANCELLED_TYPE, `${w.order.id}:cancelled`], ['cpq-kit.order.created', w.order.id]]);
  });
});
