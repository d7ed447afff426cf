// The order outbox against a scriptable receiver (test/browser/support/order-endpoint.mjs):
// delivery through 500s, lost answers, offline, a reload, duplicates, and final 4xx answers.
import { expect } from '@open-wc/testing';
import { Outbox, type OutboxRecord } from '../../src/components/order/outbox.js';
import { outcomeOf, retryAfter, retryDelay } from '../../src/components/order/delivery-policy.js';

interface Log { requests: { key: string; answer: number | string; type: string }[]; orders: string[] }

let n = 0;
const fresh = () => `${Date.now().toString(36)}-${n++}`;
const endpointOf = (bucket: string) => `/__orders/${bucket}`;
const log = async (bucket: string): Promise<Log> => (await fetch(`/__orders/${bucket}/log`)).json();
const script = (bucket: string, answers: (number | string)[]) =>
  fetch(`/__orders/${bucket}/script`, { method: 'POST', body: JSON.stringify({ answers }) });
const event = (id = `order:Q-${fresh()}:v1`) => ({ specversion: '1.0', id, source: 'test', type: 'cpq-kit.order.created', data: { total: '100.00' } });
const fast = { baseMs: 5, maxMs: 20 };

/** The next `name` event of the outbox (rejects after `ms`). */
function next(outbox: Outbox, name: 'delivered' | 'failed' | 'retry', ms = 5000): Promise<OutboxRecord> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event within ${ms} ms`)), ms);
    outbox.addEventListener(name, (e) => { clearTimeout(timer); resolve((e as CustomEvent<OutboxRecord>).detail); }, { once: true });
  });
}

const opened: Outbox[] = [];
const open = (name: string, options = {}) => {
  const o = new Outbox({ name, backoff: fast, ...options });
  opened.push(o);
  return o;
};
afterEach(() => opened.splice(0).forEach((o) => o.close()));

describe('order outbox', () => {
  it('POSTs the event as CloudEvents JSON with its id as the Idempotency-Key, and stores it as delivered', async () => {
    const bucket = fresh();
    const outbox = open(`db-${bucket}`);
    const e = event();
    const delivered = next(outbox, 'delivered');
    await outbox.submit(endpointOf(bucket), e);
    const record = await delivered;
    expect(record.status).to.equal('delivered');
    expect(record.attempts).to.equal(1);
    expect(record.lastStatus).to.equal(201);
    const l = await log(bucket);
    expect(l.requests).to.deep.equal([{ key: e.id, answer: 201, type: 'application/cloudevents+json' }]);
    expect(l.orders).to.deep.equal([e.id]);
    expect((await outbox.get(e.id))?.status).to.equal('delivered');
  });

  it('retries through a run of 500s and 503s with backoff, and delivers once', async () => {
    const bucket = fresh();
    await script(bucket, [500, 500, 503, 502]);
    const outbox = open(`db-${bucket}`);
    const retries: OutboxRecord[] = [];
    outbox.addEventListener('retry', (e) => retries.push((e as CustomEvent<OutboxRecord>).detail));
    const delivered = next(outbox, 'delivered');
    await outbox.submit(endpointOf(bucket), event());
    const record = await delivered;
    expect(record.attempts).to.equal(5);
    expect(retries.map((r) => r.lastStatus)).to.deep.equal([500, 500, 503, 502]);
    expect((await log(bucket)).orders.length).to.equal(1);
  });

  it('counts a 409 as delivered: an answer lost after the receiver took the order makes no second order', async () => {
    const bucket = fresh();
    await script(bucket, ['drop']);
    const outbox = open(`db-${bucket}`);
    const delivered = next(outbox, 'delivered');
    const e = event();
    await outbox.submit(endpointOf(bucket), e);
    const record = await delivered;
    expect(record.lastStatus).to.equal(409);
    const l = await log(bucket);
    expect(l.requests.map((r) => r.answer)).to.deep.equal(['drop', 409]);
    expect(l.orders).to.deep.equal([e.id]);
  });

  it('submitting the same quote version twice (at once, and later) sends one order', async () => {
    const bucket = fresh();
    const outbox = open(`db-${bucket}`);
    const e = event();
    const delivered = next(outbox, 'delivered');
    const [a, b] = await Promise.all([outbox.submit(endpointOf(bucket), e), outbox.submit(endpointOf(bucket), { ...e })]);
    expect(a.id).to.equal(b.id);
    await delivered;
    const again = await outbox.submit(endpointOf(bucket), e);
    expect(again.status).to.equal('delivered');
    await outbox.flush();
    expect((await log(bucket)).requests.length).to.equal(1);
  });

  it('treats a 4xx as final: reported with the answer, not sent again until retried by hand', async () => {
    const bucket = fresh();
    await script(bucket, [422]);
    const outbox = open(`db-${bucket}`);
    const failed = next(outbox, 'failed');
    const e = event();
    await outbox.submit(endpointOf(bucket), e);
    const record = await failed;
    expect(record.status).to.equal('failed');
    expect(record.lastStatus).to.equal(422);
    expect(record.lastError).to.contain('scripted 422');
    await new Promise((r) => setTimeout(r, 100));
    await outbox.flush();
    expect((await log(bucket)).requests.length).to.equal(1);
    const delivered = next(outbox, 'delivered');
    await outbox.retry(e.id);
    expect((await delivered).status).to.equal('delivered');
  });

  it('keeps events while offline and sends them when the browser is back online', async () => {
    const bucket = fresh();
    const outbox = open(`db-${bucket}`);
    await outbox.flush();
    const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      await outbox.submit(endpointOf(bucket), event());
      await outbox.flush();
      expect((await log(bucket)).requests.length).to.equal(0);
      expect((await outbox.records())[0]!.status).to.equal('pending');
    } finally {
      Object.defineProperty(navigator, 'onLine', onLine);
      delete (navigator as unknown as { onLine?: boolean }).onLine;
    }
    const delivered = next(outbox, 'delivered');
    window.dispatchEvent(new Event('online'));
    await delivered;
    expect((await log(bucket)).orders.length).to.equal(1);
  });

  it('survives a reload: an outbox opened later sends what the closed one left pending, at once', async () => {
    const bucket = fresh();
    await script(bucket, [503]);
    const name = `db-${bucket}`;
    const first = open(name, { backoff: { baseMs: 600_000, maxMs: 600_000 } });
    const retried = next(first, 'retry');
    const e = event();
    await first.submit(endpointOf(bucket), e);
    expect((await retried).nextAt).to.be.greaterThan(Date.now() - 1);
    first.close(); // the page goes away with the event still pending
    const second = open(name, { backoff: { baseMs: 600_000, maxMs: 600_000 } });
    const delivered = await next(second, 'delivered');
    expect(delivered.id).to.equal(e.id);
    expect(delivered.attempts).to.equal(2);
    expect((await log(bucket)).orders).to.deep.equal([e.id]);
  });

  it('refuses an event without an id, and an empty endpoint, with a clear error', async () => {
    const outbox = open(`db-${fresh()}`);
    let message = '';
    await outbox.submit('/x', { id: '' }).catch((e: Error) => (message = e.message));
    expect(message).to.contain('event.id must be a non-empty string');
    await outbox.submit('', event()).catch((e: Error) => (message = e.message));
    expect(message).to.contain('endpoint must be a non-empty URL string');
  });
});

describe('delivery policy', () => {
  it('classifies answers', () => {
    const table: [number, string][] = [[200, 'delivered'], [201, 'delivered'], [202, 'delivered'], [409, 'delivered'], [408, 'retry'], [425, 'retry'], [429, 'retry'], [500, 'retry'], [503, 'retry'], [400, 'final'], [401, 'final'], [404, 'final'], [422, 'final']];
    for (const [status, outcome] of table) expect(outcomeOf(status), String(status)).to.equal(outcome);
  });

  it('backs off exponentially with full jitter, capped, never below Retry-After', () => {
    const b = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 30].map((a) => retryDelay(a, b, () => 0.999999))).to.deep.equal([99, 199, 399, 799, 999, 999]);
    expect(retryDelay(3, b, () => 0)).to.equal(0);
    expect(retryDelay(1, b, () => 0.5, 5000)).to.equal(5000);
    expect(retryAfter('7', 0)).to.equal(7000);
    expect(retryAfter(new Date(10_000).toUTCString(), 4000)).to.equal(6000);
    expect(retryAfter('soon', 0)).to.equal(0);
    expect(retryAfter(null, 0)).to.equal(0);
  });
});
