// Order delivery to signed webhooks (issue 12), on both stores: a local subscriber on 127.0.0.1
// that the `standardwebhooks` library verifies; an order made through the API arrives signed,
// once, with its CloudEvent intact (verifyOrder accepts it), in structured and binary mode;
// tampered, wrongly keyed and stale requests are refused by standardwebhooks and by
// verifyWebhook; secret rotation (two signatures during the window, one after); retries with
// backoff through a 500, a timeout and a dropped connection under one webhook-id; dead letters
// after the limit and their replay; 410 disables; the outbox commits with the order or not at all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { verifyOrder } from '../src/quote/index.js';
import { InvalidWebhookError, verifyWebhook, type DispatchOptions } from '../src/server/index.js';
import { backoffDelay } from '../src/server/dispatch/options.js';
import { CRM, expectStatus, startService, tokens, walk, type StoreKind, type TestService, useDemoService, type Tokens } from './support/service.js';
import { startSubscriber, type Received, type WebhookSubscriber } from './support/webhook-subscriber.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fast settings for the tests: 50 ms polls, a 400 ms timeout, backoff from 50 ms (random fixed at ½), 6 attempts. */
let skew = 0;
const DISPATCH: DispatchOptions = {
  intervalMs: 50, timeoutMs: 400, leaseMs: 3000, maxAttempts: 6, backoff: { baseMs: 50, capMs: 400 }, random: () => 0.5,
  rotationWindowMs: 60_000, clock: () => Date.now() + skew,
};

/** A request as verifyWebhook takes it. */
const headersOf = (r: Received) => r.headers as Record<string, string>;

describe('exponential backoff with full jitter', () => {
  it('waits a random time below min(cap, base × 2^(attempts − 1))', () => {
    const b = { baseMs: 1000, capMs: 60_000 };
    const cases: [number, number, number][] = [[1, 0, 0], [1, 0.999, 999], [2, 0.5, 1000], [3, 0.5, 2000], [7, 0.999, 59_940], [50, 0.5, 30_000], [1000, 0.5, 30_000]];
    for (const [attempts, random, expected] of cases) assert.equal(backoffDelay(attempts, b, () => random), expected, `attempt ${attempts}, random ${random}`);
    for (let attempts = 1; attempts < 30; attempts++) {
      const ceiling = Math.min(b.capMs, b.baseMs * 2 ** (attempts - 1));
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempts, b, Math.random);
        assert.ok(d >= 0 && d < ceiling, `${d} in [0, ${ceiling})`);
      }
    }
  });
});

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`order webhooks (${kind})`, () => {
    let s: TestService;
    let t: Tokens;
    const subscribers: WebhookSubscriber[] = [];
    useDemoService(kind, { dispatch: DISPATCH }, (d) => ({ s, t } = d));
    after(async () => {
      for (const sub of subscribers) await sub.close();
    });

    /** A new subscriber (the tenant's only enabled one), subscribed through the API. */
    async function subscribe(mode?: 'structured' | 'binary'): Promise<{ sub: WebhookSubscriber; id: string; secret: string }> {
      for (const old of expectStatus(await s.call('GET', '/subscribers', t.admin), 200).data) {
        if (old.enabled) expectStatus(await s.call('POST', `/subscribers/${old.id}/disable`, t.admin, { reason: 'next test' }), 200);
      }
      const sub = await startSubscriber();
      subscribers.push(sub);
      const made = expectStatus(await s.call('POST', '/subscribers', t.admin, { url: sub.url, ...(mode ? { mode } : {}) }), 201, 'subscribe');
      sub.secrets = [made.secret];
      return { sub, id: made.id, secret: made.secret };
    }

    const order = async () => ((await walk(s, t, 'ordered', '5')) as any).order as { id: string; event: any };
    const deliveries = async (query = '') => expectStatus(await s.call('GET', `/deliveries${query}`, t.seller), 200).data as any[];

    it('an order arrives once, signed per Standard Webhooks, with its CloudEvent intact (structured mode)', async () => {
      const { sub, id, secret } = await subscribe();
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      const listed = expectStatus(await s.call('GET', '/subscribers', t.admin), 200);
      assert.ok(!JSON.stringify(listed).includes(secret.slice(6)), 'the secret is shown once, never listed');
      assert.deepEqual(listed.data.find((x: any) => x.id === id), { id, kind: 'webhook', url: sub.url, mode: 'structured', enabled: true, disabledReason: null, createdAt: listed.data.find((x: any) => x.id === id).createdAt, previousSecretValidUntil: null });

      const o = await order();
      await sub.until(() => sub.acknowledged().has(o.id), 10_000, 'the order delivered');
      await sleep(300);
      const got = sub.received.filter((r) => r.id === o.id);
      assert.equal(got.length, 1, 'delivered once');
      const r = got[0]!;
      assert.equal(r.verifiedWith, 0, 'standardwebhooks verifies it with the subscriber\'s secret');
      assert.equal(r.headers['content-type'], 'application/cloudevents+json; charset=utf-8');
      assert.match(String(r.headers['webhook-timestamp']), /^\d{10}$/);
      assert.ok(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000) < 10);
      assert.deepEqual(JSON.parse(r.body.toString('utf8')), o.event);
      const event = verifyWebhook(headersOf(r), r.body, secret);
      assert.deepEqual(event, o.event);
      const verified = verifyOrder(CRM(), event);
      assert.equal(verified.ok, true, JSON.stringify(verified.differences));
      const d = (await deliveries('?status=delivered')).find((x) => x.eventId === o.id && x.subscriberId === id);
      assert.deepEqual({ ...d, createdAt: undefined, updatedAt: undefined }, {
        eventId: o.id, subscriberId: id, status: 'delivered', attempts: 1, nextAt: null, lastStatus: 200, lastError: null, createdAt: undefined, updatedAt: undefined,
      });
    });

    it('binary mode: ce-* headers and the data as application/json, verified by both', async () => {
      const { sub, secret } = await subscribe('binary');
      const o = await order();
      await sub.until(() => sub.acknowledged().has(o.id), 10_000, 'the order delivered');
      const r = sub.received.find((x) => x.id === o.id)!;
      assert.equal(r.verifiedWith, 0);
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.headers['ce-id'], o.id);
      assert.equal(r.headers['ce-type'], 'cpq-kit.order.created');
      assert.equal(r.headers['ce-source'], o.event.source.replace(/%/g, '%25'));
      assert.deepEqual(JSON.parse(r.body.toString('utf8')), o.event.data);
      const event = verifyWebhook(headersOf(r), r.body, [secret]);
      assert.deepEqual(event, o.event);
      assert.equal(verifyOrder(CRM(), event).ok, true);
    });

    it('a cancelled order: cpq-kit.order.cancelled follows the order in binary mode, once, verified by both; verifyWebhook tells the two apart by type', async () => {
      const { sub, id, secret } = await subscribe('binary');
      const o = await order();
      expectStatus(await s.call('POST', `/orders/${encodeURIComponent(o.id)}/cancel`, t.seller, { reason: 'wrong customer' }), 200);
      const cancelledId = `${o.id}:cancelled`;
      await sub.until(() => sub.acknowledged().has(cancelledId) && sub.acknowledged().has(o.id), 10_000, 'both events delivered');
      const r = sub.received.find((x) => x.id === cancelledId)!;
      assert.equal(r.verifiedWith, 0, 'standardwebhooks verifies it');
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.headers['ce-type'], 'cpq-kit.order.cancelled');
      assert.equal(r.headers['ce-id'], cancelledId.replace(/%/g, '%25'));
      const event = verifyWebhook(headersOf(r), r.body, secret);
      const created = verifyWebhook(headersOf(sub.received.find((x) => x.id === o.id)!), sub.received.find((x) => x.id === o.id)!.body, secret);
      // The union narrows on type: the order's lines on one, the cancellation's reason on the other.
      assert.equal(created.type === 'cpq-kit.order.created' ? created.data.lines.length > 0 : false, true);
      assert.equal(event.type === 'cpq-kit.order.cancelled' ? event.data.reason : undefined, 'wrong customer');
      assert.deepEqual([event.source, event.subject], [o.event.source, o.event.subject]);
      const d = (await deliveries('?status=delivered')).find((x) => x.eventId === cancelledId && x.subscriberId === id);
      assert.equal(d?.attempts, 1);
      // Another type, signed rightly, is still refused.
      const other = Buffer.from(r.body.toString('utf8'));
      const h = { ...headersOf(r), 'ce-type': 'cpq-kit.order.status' };
      assert.throws(() => verifyWebhook(h, other, secret), (e: unknown) => e instanceof InvalidWebhookError && e.code === 'unexpected-event');
    });

    it('a tampered body, a wrong secret and a stale timestamp are refused by standardwebhooks and by verifyWebhook', async () => {
      const { sub, secret } = await subscribe();
      const o = await order();
      await sub.until(() => sub.acknowledged().has(o.id), 10_000, 'the order delivered');
      const r = sub.received.find((x) => x.id === o.id)!;
      const headers = headersOf(r);
      const wh = new Webhook(secret);
      assert.doesNotThrow(() => wh.verify(r.body, headers));

      const tampered = Buffer.from(r.body.toString('utf8').replace(/"qty":"120"/, '"qty":"1200"'));
      assert.notDeepEqual(tampered, r.body);
      assert.throws(() => wh.verify(tampered, headers), /No matching signature/);
      assert.throws(() => verifyWebhook(headers, tampered, secret), (e: unknown) => e instanceof InvalidWebhookError && e.code === 'invalid-signature');

      const other = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
      assert.throws(() => new Webhook(other).verify(r.body, headers), /No matching signature/);
      assert.throws(() => verifyWebhook(headers, r.body, other), (e: unknown) => e instanceof InvalidWebhookError && e.code === 'invalid-signature');

      // Signed correctly, but six minutes ago (a replayed request): too old for both.
      const old = new Date(Date.now() - 6 * 60_000);
      const stale = { ...headers, 'webhook-timestamp': String(Math.floor(old.getTime() / 1000)), 'webhook-signature': wh.sign(r.id, old, r.body) };
      assert.throws(() => wh.verify(r.body, stale), /too old/);
      assert.throws(() => verifyWebhook(stale, r.body, secret), (e: unknown) => e instanceof InvalidWebhookError && e.code === 'stale-timestamp');
      // The same signed six minutes ahead; and inside a window the receiver chooses.
      const ahead = new Date(Date.now() + 6 * 60_000);
      const future = { ...headers, 'webhook-timestamp': String(Math.floor(ahead.getTime() / 1000)), 'webhook-signature': wh.sign(r.id, ahead, r.body) };
      assert.throws(() => wh.verify(r.body, future), /too new/);
      assert.throws(() => verifyWebhook(future, r.body, secret), /in the future/);
      assert.deepEqual(verifyWebhook(stale, r.body, secret, { toleranceSeconds: 600 }), o.event);
      assert.throws(() => verifyWebhook(headers, r.body, secret, { now: Date.now() + 120_000, toleranceSeconds: 60 }), /stale|old/);

      const { 'webhook-signature': _s, ...unsigned } = headers;
      assert.throws(() => verifyWebhook(unsigned, r.body, secret), (e: unknown) => e instanceof InvalidWebhookError && e.code === 'missing-header');
      assert.throws(() => verifyWebhook(headers, JSON.parse(r.body.toString('utf8')), secret), /raw body/);
      // A Fetch Headers object and a string body do as well as Node's record and a Buffer.
      assert.deepEqual(verifyWebhook(new Headers(headers), r.body.toString('utf8'), [other, secret]), o.event);
    });

    it('rotating the secret: both signatures while the old one is valid, only the new one after', async () => {
      const { sub, id, secret: first } = await subscribe();
      const rotated = expectStatus(await s.call('POST', `/subscribers/${id}/rotate-secret`, t.admin, {}), 200);
      const second = rotated.secret as string;
      assert.notEqual(second, first);
      const until = Date.parse(rotated.previousSecretValidUntil);
      assert.ok(Math.abs(until - (Date.now() + 60_000)) < 5_000, `valid for the rotation window: ${rotated.previousSecretValidUntil}`);

      sub.secrets = [first];
      const during = await order();
      await sub.until(() => sub.acknowledged().has(during.id), 10_000, 'delivered during the window');
      const r1 = sub.received.find((x) => x.id === during.id)!;
      assert.equal(String(r1.headers['webhook-signature']).split(' ').length, 2, 'two signatures');
      assert.doesNotThrow(() => new Webhook(first).verify(r1.body, headersOf(r1)), 'the old secret verifies');
      assert.doesNotThrow(() => new Webhook(second).verify(r1.body, headersOf(r1)), 'the new secret verifies');
      assert.deepEqual(verifyWebhook(headersOf(r1), r1.body, first), during.event);
      assert.deepEqual(verifyWebhook(headersOf(r1), r1.body, second), during.event);

      // The window passes (the dispatcher's clock moves 61 s on).
      skew = 61_000;
      try {
        sub.secrets = [first, second];
        const afterwards = await order();
        await sub.until(() => sub.acknowledged().has(afterwards.id), 10_000, 'delivered after the window');
        const r2 = sub.received.find((x) => x.id === afterwards.id)!;
        assert.equal(String(r2.headers['webhook-signature']).split(' ').length, 1, 'one signature');
        assert.equal(r2.verifiedWith, 1, 'only the new secret verifies');
        assert.throws(() => new Webhook(first).verify(r2.body, headersOf(r2)), /No matching signature/);
        assert.throws(() => verifyWebhook(headersOf(r2), r2.body, first, { now: Date.now() + skew }), /No webhook-signature matches/);
        assert.deepEqual(verifyWebhook(headersOf(r2), r2.body, [first, second], { now: Date.now() + skew }), afterwards.event);
      } finally {
        skew = 0;
      }
      // Rotating with no overlap: the old secret stops at once.
      const now = expectStatus(await s.call('POST', `/subscribers/${id}/rotate-secret`, t.admin, { overlapSeconds: 0 }), 200);
      assert.equal(now.previousSecretValidUntil, null);
    });

    it('retries with backoff through a 500, a timeout and a dropped connection, then succeeds under the same webhook-id', async () => {
      const { sub, id } = await subscribe();
      const script: ('drop' | 'hang' | number)[] = [500, 'hang', 'drop', 200];
      const tries = new Map<string, number>();
      sub.answer((r) => {
        const n = tries.get(r.id) ?? 0;
        tries.set(r.id, n + 1);
        return script[Math.min(n, script.length - 1)]!;
      });
      const o = await order();
      await sub.until(() => sub.acknowledged().has(o.id), 15_000, 'delivered after the retries');
      await sleep(300);
      const got = sub.received.filter((r) => r.id === o.id);
      assert.deepEqual(got.map((r) => r.answer), script, 'four attempts: 500, timeout, dropped, 200');
      assert.ok(got.every((r) => r.verifiedWith === 0), 'each attempt signed');
      assert.ok(got.every((r) => r.body.equals(got[0]!.body)), 'the same body each time');
      // The waits: at least the backoff (½ of 50, 100, 200 ms); the timeout (400 ms) before the third.
      const gaps = got.slice(1).map((r, i) => r.at - got[i]!.at);
      assert.ok(gaps[0]! >= 25 && gaps[1]! >= 400 + 50 && gaps[2]! >= 100, `gaps ${gaps.join(', ')} ms`);
      const d = (await deliveries()).find((x) => x.eventId === o.id && x.subscriberId === id);
      assert.equal(d.status, 'delivered');
      assert.equal(d.attempts, 4);
      assert.equal(d.lastStatus, 200);
      console.log(`  webhooks (${kind}): 4 attempts under webhook-id ${o.id}, gaps ${gaps.join(', ')} ms`);
    });

    it('dead-letters after the attempt limit; replay and retry drive them again', async () => {
      const { sub, id } = await subscribe();
      sub.answer(() => 500);
      const o = await order();
      await sub.until(() => sub.received.filter((r) => r.id === o.id).length >= 6, 15_000, 'six attempts');
      await sleep(300);
      assert.equal(sub.received.filter((r) => r.id === o.id).length, 6, 'no seventh attempt');
      let d = (await deliveries('?status=dead')).find((x) => x.eventId === o.id);
      assert.ok(d, 'listed as dead');
      assert.deepEqual([d.attempts, d.lastStatus, d.lastError, d.nextAt], [6, 500, 'HTTP 500: no (500)', null]);

      sub.answer(() => 200);
      const replay = expectStatus(await s.call('POST', '/deliveries/replay', t.admin, { subscriberId: id }), 200);
      assert.equal(replay.replayed, 1);
      await sub.until(() => sub.acknowledged().has(o.id), 10_000, 'delivered after the replay');
      d = (await deliveries()).find((x) => x.eventId === o.id && x.subscriberId === id);
      assert.deepEqual([d.status, d.attempts], ['delivered', 1]);
      assert.equal(expectStatus(await s.call('POST', '/deliveries/replay', t.admin, {}), 200).replayed, 0, 'nothing dead is left');

      // One delivery sent again on request, whatever its status: the same webhook-id once more.
      const retried = expectStatus(await s.call('POST', `/deliveries/${encodeURIComponent(o.id)}/${id}/retry`, t.admin, {}), 200);
      assert.equal(retried.status, 'pending');
      await sub.until(() => sub.acknowledged().get(o.id)?.length === 2, 10_000, 'sent again');
      assert.equal(sub.received.filter((r) => r.id === o.id).length, 8);
      const missing = await s.call('POST', `/deliveries/${encodeURIComponent('order:Q-0:v1')}/${id}/retry`, t.admin, {});
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.type, 'not_found');
    });

    it('a 410 disables the subscriber (reason recorded); its pending delivery waits and goes out once it is enabled', async () => {
      const { sub, id } = await subscribe();
      sub.answer(() => 410);
      const first = await order();
      await sub.until(() => sub.received.some((r) => r.id === first.id), 10_000, 'the first attempt');
      let listed: any;
      for (let i = 0; i < 100; i++) {
        listed = expectStatus(await s.call('GET', '/subscribers', t.admin), 200).data.find((x: any) => x.id === id);
        if (!listed.enabled) break;
        await sleep(20);
      }
      assert.equal(listed.enabled, false);
      assert.match(listed.disabledReason, /410 Gone/);
      sub.answer(() => 200);
      // An order made while it is disabled is not queued for it.
      const second = await order();
      await sleep(400);
      assert.equal(sub.received.filter((r) => r.id === second.id).length, 0, 'nothing goes to a disabled subscriber');
      const waiting = (await deliveries('?limit=100')).filter((x) => x.subscriberId === id);
      assert.deepEqual(waiting.map((x) => [x.eventId, x.status, x.lastStatus]), [[first.id, 'pending', 410]]);
      expectStatus(await s.call('POST', `/subscribers/${id}/enable`, t.admin, {}), 200);
      await sub.until(() => sub.acknowledged().has(first.id), 10_000, 'delivered once enabled');
      assert.equal(sub.received.filter((r) => r.id === first.id).length, 2, 'the 410 attempt, then the delivery');
      assert.equal(sub.received.filter((r) => r.id === second.id).length, 0);
    });

    it('the admin API checks what it is given and keeps tenants apart', async () => {
      const { id } = await subscribe();
      for (const [url, why] of [['ftp://127.0.0.1/x', /http or https/], ['http://user:pw@127.0.0.1/x', /credentials/], ['not a url', /absolute/], ['file:///etc/passwd', /http or https/]] as const) {
        const r = await s.call('POST', '/subscribers', t.admin, { url });
        assert.equal(r.status, 400, url);
        assert.equal(r.body.error.code, 'invalid-url');
        assert.match(r.body.error.message, why);
      }
      const extra = await s.call('POST', '/subscribers', t.admin, { url: 'http://127.0.0.1:9/x', secret: 'whsec_mine' });
      assert.equal(extra.status, 400);
      assert.equal(extra.body.error.param, 'body.secret');
      assert.equal((await s.call('POST', '/subscribers', t.admin, { url: 'http://127.0.0.1:9/x', mode: 'batch' })).status, 400);
      assert.equal((await s.call('POST', '/subscribers/sub_nope/rotate-secret', t.admin, {})).status, 404);
      assert.equal((await s.call('POST', '/deliveries/replay', t.admin, { subscriberId: 'sub_nope' })).status, 404);
      // Another tenant's admin: the subscriber is not found, the lists are its own (empty).
      assert.equal((await s.call('POST', `/subscribers/${id}/rotate-secret`, t.adminB, {})).status, 404);
      assert.equal((await s.call('POST', `/subscribers/${id}/disable`, t.adminB, {})).status, 404);
      assert.deepEqual(expectStatus(await s.call('GET', '/subscribers', t.adminB), 200).data, []);
      assert.deepEqual(expectStatus(await s.call('GET', '/deliveries', t.adminB), 200).data, []);
      assert.equal((await s.call('GET', '/deliveries?status=lost', t.seller)).status, 400);
      // Paging: every delivery once, newest first.
      const all = await deliveries('?limit=100');
      const seen: any[] = [];
      let after: string | undefined;
      for (;;) {
        const page = expectStatus(await s.call('GET', `/deliveries?limit=2${after ? `&starting_after=${encodeURIComponent(after)}` : ''}`, t.seller), 200);
        seen.push(...page.data);
        if (!page.hasMore) break;
        const last = page.data.at(-1);
        after = `${last.subscriberId}/${last.eventId}`;
      }
      assert.deepEqual(seen, all);
      assert.ok(all.length >= 8);
    });

    it('the outbox commits with the order: one event and one delivery per enabled subscriber, none for a refused order', async () => {
      const a = await subscribe();
      const b = await startSubscriber();
      subscribers.push(b);
      const bMade = expectStatus(await s.call('POST', '/subscribers', t.admin, { url: b.url }), 201);
      const w: any = await walk(s, t, 'ordered', '5');
      const event = await s.store.read.getEvent('acme', w.order.id);
      assert.ok(event);
      assert.deepEqual(JSON.parse(event.body), w.order.event);
      assert.equal(event.source, w.order.event.source);
      const forOrder = async () => (await deliveries('?limit=100')).filter((x) => x.eventId === w.order.id).map((x) => x.subscriberId).sort();
      assert.deepEqual(await forOrder(), [a.id, bMade.id].sort());
      const again = await s.call('POST', `${w.path}/order`, t.seller, {});
      assert.equal(again.status, 409);
      assert.deepEqual(await forOrder(), [a.id, bMade.id].sort());
      await a.sub.until(() => a.sub.acknowledged().has(w.order.id) && b.acknowledged().has(w.order.id), 10_000, 'both subscribers have it');
      expectStatus(await s.call('POST', `/subscribers/${bMade.id}/disable`, t.admin, {}), 200);
    });
  });
}

// The subscriber and delivery routes under random input (the fuzz suite's rule): never a 5xx,
// always the service's error shape, and no secret in any answer but the one that makes it.
for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`subscriber routes under random input (${kind})`, () => {
    it('answer every request without a 5xx, in the error shape, never showing a secret', { timeout: 30_000 }, async () => {
      const fc = (await import('fast-check')).default;
      const s = await startService(kind, { dispatch: false });
      try {
        const t = await tokens();
        const made = expectStatus(await s.call('POST', '/subscribers', t.admin, { url: 'http://127.0.0.1:9/hook' }), 201);
        const secretBody = made.secret.slice(6);
        const id = fc.oneof(fc.constant(made.id), fc.constant('sub_nope'), fc.string({ maxLength: 80 }), fc.constant(`sub_${'a'.repeat(61)}`), fc.constant('%00'), fc.constant('..'));
        const value = fc.oneof(fc.anything(), fc.string(), fc.constant('http://127.0.0.1:9/x'), fc.constant('ftp://x'), fc.constant('http://[::1]:9/'),
          fc.constant('http://127.0.0.1:9/\u0000'), fc.constant(`http://h/${'x'.repeat(2100)}`), fc.integer(), fc.constant(null));
        const body = fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('url', 'mode', 'reason', 'overlapSeconds', 'subscriberId', 'secret', 'kind'), value));
        const route = fc.oneof(
          fc.tuple(fc.constant('POST'), fc.constant('/subscribers')),
          fc.tuple(fc.constant('GET'), fc.constant('/subscribers')),
          fc.tuple(fc.constant('POST'), fc.tuple(id, fc.constantFrom('rotate-secret', 'disable', 'enable', 'nope')).map(([i, a]) => `/subscribers/${encodeURIComponent(i)}/${a}`)),
          fc.tuple(fc.constant('GET'), fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 60 })).map(([st, after]) => `/deliveries?status=${encodeURIComponent(st)}&starting_after=${encodeURIComponent(after)}`)),
          fc.tuple(fc.constant('POST'), fc.tuple(fc.string({ maxLength: 120 }), id).map(([e, i]) => `/deliveries/${encodeURIComponent(e)}/${encodeURIComponent(i)}/retry`)),
          fc.tuple(fc.constant('POST'), fc.constant('/deliveries/replay')),
        );
        const who = fc.constantFrom(t.admin, t.seller, t.adminB, undefined);
        let count = 0;
        await fc.assert(fc.asyncProperty(route, body, who, async ([method, url], payload, token) => {
          count++;
          const r = await s.call(method, url, token, method === 'POST' ? payload : undefined);
          assert.ok(r.status < 500, `${method} ${url} ${JSON.stringify(payload)?.slice(0, 200)}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
          if (r.status >= 400) assert.equal(typeof r.body?.error?.message, 'string');
          if (!(method === 'POST' && (url === '/subscribers' || url.endsWith('/rotate-secret')) && r.status < 300)) {
            assert.ok(!JSON.stringify(r.body ?? '').includes(secretBody), 'no secret shown');
          }
        }), { numRuns: 300, seed: kind === 'sqlite' ? 1201 : 1202 });
        console.log(`  subscriber routes (${kind}): ${count} random requests, no 5xx`);
      } finally {
        await s.close();
      }
    });
  });
}
