// Order events to NATS JetStream (issue 12), on both stores, against the NATS server on
// 127.0.0.1:4222: a subscriber of kind `nats` names a subject a stream captures; each order's
// event is published per the CloudEvents NATS binding (structured mode: the JSON event as the
// payload) with `Nats-Msg-Id` = its source and id, so the stream keeps each event once however
// often it is published (a retry, a dispatcher that died after publishing). A consumer reads every
// order exactly once; the payload passes verifyOrder and the headers verifyWebhook. A subject no
// stream captures fails and is retried until a stream appears.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AckPolicy, connect, DeliverPolicy, type JsMsg, type NatsConnection } from 'nats';
import { verifyOrder } from '../src/quote/index.js';
import { verifyWebhook, type DispatchOptions } from '../src/server/index.js';
import { CRM, expectStatus, tokens, walk, type StoreKind, type TestService, demoService } from './support/service.js';

const NATS = '127.0.0.1:4222';
const ORDERS = 20;
const REPUBLISHED = 5;
const DISPATCH: DispatchOptions = { intervalMs: 50, timeoutMs: 1000, leaseMs: 3000, maxAttempts: 50, backoff: { baseMs: 50, capMs: 200 } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every message of `stream` on `subject`, read by an ephemeral consumer from the start. */
async function readAll(nc: NatsConnection, stream: string, subject: string): Promise<JsMsg[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.consumers.add(stream, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, filter_subject: subject, inactive_threshold: 10_000_000_000 });
  const consumer = await nc.jetstream().consumers.get(stream, info.name);
  const out: JsMsg[] = [];
  const pending = info.num_pending;
  while (out.length < pending) {
    const batch = await consumer.fetch({ max_messages: 100, expires: 1000 });
    let got = 0;
    for await (const m of batch) {
      out.push(m);
      got++;
    }
    if (got === 0) break;
  }
  await jsm.consumers.delete(stream, info.name);
  return out;
}

const headerRecord = (m: JsMsg) => Object.fromEntries([...(m.headers?.keys() ?? [])].map((k) => [k.toLowerCase(), m.headers!.get(k)]));

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`order events to NATS JetStream (${kind})`, () => {
    const tag = `${kind}_${randomBytes(4).toString('hex')}`;
    const stream = `CPQ_TEST_${tag}`.toUpperCase();
    const subject = `cpq.test.${tag}.orders`;
    let nc: NatsConnection;
    let s: TestService;
    let t: Awaited<ReturnType<typeof tokens>>;

    before(async () => {
      nc = await connect({ servers: NATS }).catch((e: unknown) => {
        throw new Error(`these tests need NATS with JetStream on ${NATS} (nats-server -a 127.0.0.1 -p 4222 -js): ${String(e)}`);
      });
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: stream, subjects: [`cpq.test.${tag}.>`], duplicate_window: 120_000_000_000 });
      ({ s, t } = await demoService(kind, { dispatch: DISPATCH, nats: { servers: NATS } }));
    });
    after(async () => {
      await s?.close();
      const jsm = await nc.jetstreamManager();
      for (const name of [stream, `${stream}_LATE`]) await jsm.streams.delete(name).catch(() => undefined);
      await nc.drain();
    });

    it(`a consumer reads each of ${ORDERS} orders exactly once, though ${REPUBLISHED} were published twice`, { timeout: 40_000 }, async () => {
      const made = expectStatus(await s.call('POST', '/subscribers', t.admin, { kind: 'nats', subject }), 201);
      assert.deepEqual([made.kind, made.subject, made.mode, made.url], ['nats', subject, 'structured', undefined]);
      const orders: { id: string; event: any }[] = [];
      for (let i = 0; i < ORDERS; i++) orders.push(((await walk(s, t, 'ordered', '5')) as any).order);
      const delivered = async () => (expectStatus(await s.call('GET', '/deliveries?limit=100&status=delivered', t.seller), 200).data as any[]).filter((d) => d.subscriberId === made.id);
      for (let i = 0; i < 200 && (await delivered()).length < ORDERS; i++) await sleep(50);
      assert.equal((await delivered()).length, ORDERS);
      // Published again (an admin's retry; a dispatcher that died after publishing does the same): the stream drops the repeat.
      for (const o of orders.slice(0, REPUBLISHED)) expectStatus(await s.call('POST', `/deliveries/${encodeURIComponent(o.id)}/${made.id}/retry`, t.admin, {}), 200);
      for (let i = 0; i < 200 && (await delivered()).length < ORDERS; i++) await sleep(50);
      assert.equal((await delivered()).length, ORDERS);

      const messages = await readAll(nc, stream, subject);
      const ids = messages.map((m) => JSON.parse(new TextDecoder().decode(m.data)).id);
      assert.deepEqual([...ids].sort(), orders.map((o) => o.id).sort(), 'each order once');
      for (const m of messages) {
        const event = JSON.parse(new TextDecoder().decode(m.data));
        const mine = orders.find((o) => o.id === event.id)!;
        assert.deepEqual(event, mine.event, 'the CloudEvent intact');
        assert.equal(verifyOrder(CRM(), event).ok, true);
        const h = headerRecord(m);
        assert.equal(h['content-type'], 'application/cloudevents+json; charset=utf-8');
        assert.equal(h['nats-msg-id'], `${event.source} ${event.id}`);
        assert.deepEqual(verifyWebhook(h, m.data, made.secret), event, 'signed as a webhook is');
      }
      const stats = s.app.dispatchStats()!;
      console.log(`  nats (${kind}): ${ORDERS + REPUBLISHED} publishes of ${ORDERS} orders; the stream holds ${messages.length}, each id once`);
      expectStatus(await s.call('POST', `/subscribers/${made.id}/disable`, t.admin, {}), 200);
      assert.ok(stats.delivered >= ORDERS + REPUBLISHED);
    });

    it('retries a subject no stream captures until one does', { timeout: 30_000 }, async () => {
      const late = `cpq.late.${tag}.orders`;
      const made = expectStatus(await s.call('POST', '/subscribers', t.admin, { kind: 'nats', subject: late }), 201);
      const o = ((await walk(s, t, 'ordered', '5')) as any).order;
      const row = async () => (expectStatus(await s.call('GET', `/deliveries?limit=100&subscriber=${made.id}`, t.seller), 200).data as any[]).find((d) => d.eventId === o.id);
      for (let i = 0; i < 100 && ((await row())?.attempts ?? 0) < 2; i++) await sleep(50);
      const failing = await row();
      assert.equal(failing.status, 'pending');
      assert.ok(failing.attempts >= 2);
      assert.match(failing.lastError, /^nats: no JetStream stream captures the subject/);
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: `${stream}_LATE`, subjects: [late] });
      for (let i = 0; i < 200 && (await row()).status !== 'delivered'; i++) await sleep(50);
      assert.equal((await row()).status, 'delivered');
      const messages = await readAll(nc, `${stream}_LATE`, late);
      assert.deepEqual(messages.map((m) => JSON.parse(new TextDecoder().decode(m.data)).id), [o.id]);
      console.log(`  nats (${kind}): a subject without a stream failed ${failing.attempts}+ times ("${failing.lastError}"), then delivered once`);
    });

    it('refuses a NATS subscriber without a subject, with a URL, in binary mode, or with wildcards', async () => {
      for (const [bodyOf, param] of [
        [{ kind: 'nats' }, 'subject'], [{ kind: 'nats', subject, url: 'http://127.0.0.1:9/' }, 'url'], [{ kind: 'nats', subject, mode: 'binary' }, 'mode'],
        [{ subject }, 'url'], [{ url: 'http://127.0.0.1:9/', subject }, 'subject'],
      ] as const) {
        const r = await s.call('POST', '/subscribers', t.admin, bodyOf);
        assert.equal(r.status, 400, JSON.stringify(bodyOf));
        assert.equal(r.body.error.param, param);
      }
      for (const bad of ['cpq.*', 'cpq.>', 'cpq..x', '.cpq', 'cpq orders']) {
        assert.equal((await s.call('POST', '/subscribers', t.admin, { kind: 'nats', subject: bad })).status, 400, bad);
      }
    });
  });
}
