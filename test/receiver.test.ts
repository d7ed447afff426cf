// The reference order receiver over loopback HTTP: answers for bad requests, and the store.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startOrderReceiver } from '../src/server/index.js';
import { OrderStore } from '../src/server/order-store.js';

const dir = mkdtempSync(join(tmpdir(), 'cpq-receiver-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const post = (url: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/cloudevents+json' }) =>
  fetch(url, { method: 'POST', body, headers });

describe('reference receiver: requests it refuses', async () => {
  const receiver = await startOrderReceiver({ catalogs: {}, store: join(dir, 'refuse.jsonl'), maxBytes: 1000 });
  after(() => receiver.close());

  const table: [string, () => Promise<Response>, number, RegExp][] = [
    ['a wrong content type', () => post(receiver.url, '{}', { 'Content-Type': 'text/plain' }), 415, /application\/cloudevents\+json/],
    ['a body that is not JSON', () => post(receiver.url, '{"id":'), 400, /not JSON/],
    ['an event without an id', () => post(receiver.url, '{"specversion":"1.0"}'), 400, /no id/],
    ['an Idempotency-Key that is not the event id', () => post(receiver.url, '{"id":"a"}', { 'Content-Type': 'application/json', 'Idempotency-Key': 'b' }), 400, /not the event id/],
    ['a body over the size limit', () => post(receiver.url, JSON.stringify({ id: 'a', pad: 'x'.repeat(2000) })), 413, /larger than 1000 bytes/],
    ['an unknown catalog', () => post(receiver.url, '{"id":"a","data":{"catalogId":"nope"}}'), 422, /unknown catalog "nope"/],
    ['a GET of an unknown order', () => fetch(`${receiver.url}/none`), 404, /no such order/],
    ['a PUT', () => fetch(receiver.url, { method: 'PUT', body: '{}' }), 405, /not found/],
  ];
  for (const [what, request, status, message] of table) {
    test(what, async () => {
      const res = await request();
      assert.equal(res.status, status);
      assert.match(((await res.json()) as { error: string }).error, message);
    });
  }

  test('nothing refused was stored', async () => {
    assert.deepEqual(await (await fetch(receiver.url)).json(), []);
  });
});

describe('order store', () => {
  test('reads back what it wrote, skips a torn last line, and never stores an id twice', async () => {
    const file = join(dir, 'store.jsonl');
    const { store } = await OrderStore.open(file);
    const order = (id: string) => ({ id, receivedAt: '2026-11-28T00:00:00Z', quoteId: 'Q', version: 1, digest: undefined, total: '1.00', currency: 'CNY', event: { id } });
    const added = await Promise.all(['a', 'b', 'a', 'c', 'b'].map((id) => store.add(order(id))));
    assert.deepEqual(added, [true, true, false, true, false]);
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"id":"d","rece`);
    const reopened = await OrderStore.open(file);
    assert.equal(reopened.skipped, 1);
    assert.deepEqual(reopened.store.all().map((o) => o.id), ['a', 'b', 'c']);
    assert.equal(readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{"id":"a"')).length, 1);
    assert.equal(await reopened.store.add(order('e')), true);
    assert.deepEqual((await OrderStore.open(file)).store.all().map((o) => o.id), ['a', 'b', 'c', 'e']);
  });
});
