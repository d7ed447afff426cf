// The reference receiver under a bounded loopback load: 1,000 orders from 20 concurrent clients,
// with injected faults (503s, connections dropped after the order was stored), retries and
// duplicates (sent again after delivery, and sent twice at once): nothing lost, nothing twice.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startOrderReceiver } from '../src/server/index.js';
import { OrderStore } from '../src/server/order-store.js';
import { buildLoadOrders, demoCatalogs, runOrderLoad, seededRandom } from './support/order-load.js';

const dir = mkdtempSync(join(tmpdir(), 'cpq-receiver-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ORDERS = 1_000;
const CLIENTS = 20;
const catalogs = demoCatalogs();
// Built once (about a second): 1,000 distinct accepted quotes and their order events.
const orders = buildLoadOrders(ORDERS, 20261128, catalogs);

describe('reference receiver under load', () => {
  test(`${ORDERS} orders from ${CLIENTS} concurrent clients, with faults and duplicates: none lost, none twice, all verified`, { timeout: 60_000 }, async () => {
    const file = join(dir, 'load.jsonl');
    const answers: Record<string, number> = {};
    const receiver = await startOrderReceiver({
      catalogs, store: file, port: 0,
      faults: { unavailable: 0.05, dropAfterStore: 0.05, random: seededRandom(42) },
      onRequest: ({ status }) => void (answers[String(status)] = (answers[String(status)] ?? 0) + 1),
    });
    let result;
    try {
      result = await runOrderLoad({ url: receiver.url, orders, clients: CLIENTS, again: 0.1, concurrent: 0.05, seed: 7 });
    } finally {
      await receiver.close();
    }
    const summary = JSON.stringify({ ...result, answers });

    // Every delivery ended delivered, each order once.
    assert.deepEqual(result.failures, [], summary);
    assert.equal(result.delivered, ORDERS, summary);
    // The run really exercised retries, faults and duplicates.
    assert.ok(result.retries > 0 && result.faults.unavailable > 0 && result.faults.network > 0, summary);
    assert.ok(result.duplicates > 0 && result.injected.again > 0 && result.injected.concurrentPairs > 0, summary);
    assert.ok(result.injected.overlapped > 0, `some duplicate pairs were in flight together: ${summary}`);
    // The clients' counts agree with the receiver's answers.
    assert.equal(result.faults.otherRetryable, 0, summary);
    assert.equal(answers['503'], result.faults.unavailable, summary);
    assert.equal(answers.dropped, result.faults.network, summary);
    assert.equal(answers['201'], result.created, summary);
    assert.equal(answers['409'], result.duplicates, summary);
    assert.equal(result.retries, result.faults.unavailable + result.faults.network, summary);
    assert.equal(result.requests, result.deliveries + result.retries, summary);
    assert.equal(result.deliveries, ORDERS + result.injected.again + result.injected.concurrentPairs, summary);
    // Each order was stored by exactly one request, answered 201 or dropped; every other
    // delivery ended in a 409 (a retry after a dropped answer too).
    assert.equal(result.created + (answers.dropped ?? 0), ORDERS, summary);
    assert.equal(result.duplicates, result.deliveries - result.created, summary);

    // On disk: each event id exactly once, and nothing else.
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const ids = lines.map((l) => (JSON.parse(l) as { id: string }).id);
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    assert.deepEqual([...counts].filter(([, n]) => n !== 1), [], 'no id stored twice');
    assert.equal(lines.length, ORDERS);
    assert.deepEqual(new Set(ids), new Set(orders.map((o) => o.id)), 'no order lost');

    // Reopened from the file: every order there, verified (the receiver's own digest and total).
    const { store, skipped } = await OrderStore.open(file);
    assert.equal(skipped, 0);
    assert.equal(store.all().length, ORDERS);
    for (const order of orders) {
      const stored = store.get(order.id);
      assert.ok(stored, `${order.id} is stored`);
      assert.equal(stored.digest, order.digest, `${order.id} digest`);
      assert.equal(stored.total, order.total, `${order.id} total`);
      assert.equal((stored.event as { id: string }).id, order.id);
    }
  });

  test('two concurrent POSTs of the same event: exactly one 201 and one 409', { timeout: 10_000 }, async () => {
    const file = join(dir, 'pairs.jsonl');
    const receiver = await startOrderReceiver({ catalogs, store: file, port: 0 });
    try {
      for (const order of orders.slice(0, 20)) {
        const post = () => fetch(receiver.url, {
          method: 'POST', body: order.body,
          headers: { 'Content-Type': 'application/cloudevents+json', 'Idempotency-Key': order.id },
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as { id?: string; status?: string } }));
        const answers = await Promise.all([post(), post()]);
        assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409], order.id);
        assert.deepEqual(answers.map((a) => a.body.status).sort(), ['duplicate', 'stored']);
      }
    } finally {
      await receiver.close();
    }
    const ids = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { id: string }).id);
    assert.deepEqual(ids.sort(), orders.slice(0, 20).map((o) => o.id).sort());
  });
});
