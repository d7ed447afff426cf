// Regressions of the Idempotency-Key handling (src/server/idempotency.ts), on both stores.
//  1. A customer's keys were scoped as `<tenant>\u0000link:<id>`: PostgreSQL refuses a NUL in
//     text, so every accept, decline or order through a share link sent with an Idempotency-Key
//     failed with a 500 on PostgreSQL (and a customer's browser retrying it never got through).
//  2. The fingerprint of a request left out who sent it: another user of the tenant reusing a
//     key with the same body (an approver of the next level approving with the key the first
//     approver used) got the first user's answer replayed, with a 200, and their own move was
//     never made. It is now a 422, as any other request reusing a key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { demo, expectStatus, quoteInput, walk, type StoreKind, type TestService, useDemoService, type Tokens } from './support/service.js';

/** The stored row of a key as the database holds it: its body column and the size of its packed one (0 when null). */
async function rawIdempotency(s: TestService, key: string): Promise<{ body: string; packed: number }> {
  const db = (s.store as unknown as { db: Kysely<any> }).db;
  const { rows } = await sql<{ body: string; packed: number | string | null }>`select body, length(packed) as packed from idempotency_keys where key = ${key}`.execute(db);
  assert.equal(rows.length, 1);
  return { body: rows[0]!.body, packed: Number(rows[0]!.packed ?? 0) };
}

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`Idempotency-Key regressions (${kind})`, () => {
    let s: TestService;
    let t: Tokens;
    useDemoService(kind, {}, (d) => ({ s, t } = d));

    it('a customer\'s accept, decline and order with a key are done once and replayed, not a 500', async () => {
      const sent = await walk(s, t, 'sent', '5', true);
      const body = { name: '李采购', digest: sent.quote.digest, poReference: 'PO-1' };
      const key = { 'idempotency-key': `accept-${kind}` };
      const first = expectStatus(await s.call('POST', '/share/accept', sent.share!.token, body, key), 200, 'accept');
      assert.equal(first.state, 'accepted');
      const again = await s.call('POST', '/share/accept', sent.share!.token, body, key);
      assert.equal(again.status, 200);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(again.body, first);
      const orderKey = { 'idempotency-key': `order-${kind}` };
      const order = expectStatus(await s.call('POST', '/share/order', sent.share!.token, { name: '李采购' }, orderKey), 201, 'order');
      const orderAgain = await s.call('POST', '/share/order', sent.share!.token, { name: '李采购' }, orderKey);
      assert.equal(orderAgain.status, 201);
      assert.deepEqual(orderAgain.body, order);
      const orders = expectStatus(await s.call('GET', '/orders?limit=100', t.seller), 200);
      assert.equal(orders.data.filter((o: any) => o.quoteId === sent.quote.quoteId).length, 1);

      const other = await walk(s, t, 'sent', '5');
      const declined = await s.call('POST', '/share/decline', other.share!.token, { name: '王经理', reason: '预算不足' }, { 'idempotency-key': `decline-${kind}` });
      assert.equal(declined.status, 200, JSON.stringify(declined.body));
      assert.equal(declined.body.state, 'rejected');
    });

    it('two share links use the same key independently (a customer\'s keys are scoped by their link)', async () => {
      const a = await walk(s, t, 'sent', '5');
      const b = await walk(s, t, 'sent', '5');
      const key = { 'idempotency-key': 'same-key-two-links' };
      const ra = await s.call('POST', '/share/accept', a.share!.token, { name: 'A', digest: a.quote.digest }, key);
      const rb = await s.call('POST', '/share/accept', b.share!.token, { name: 'B', digest: b.quote.digest }, key);
      assert.equal(ra.status, 200);
      assert.equal(rb.status, 200);
      assert.equal(rb.headers['idempotent-replayed'], undefined);
      assert.equal(rb.body.quoteId, b.quote.quoteId);
    });

    it('another user reusing a key with the same body gets a 422, not the first user\'s answer; their move is then made with their own key', async () => {
      const pending = await walk(s, t, 'approval-pending', '35');
      const current = () => pending.quote.approval.levels.map((l: any) => `${l.level}:${l.status}`);
      assert.deepEqual(current().slice(0, 2), ['manager:current', 'director:waiting']);
      const body = { digest: pending.quote.digest };
      const key = { 'idempotency-key': `approve:${pending.quote.quoteId}:v1` };
      const byManager = expectStatus(await s.call('POST', `${pending.path}/approve`, t.manager, body, key), 200, 'manager');
      assert.equal(byManager.approval.levels[1].status, 'current');
      const byDirector = await s.call('POST', `${pending.path}/approve`, t.director, body, key);
      assert.equal(byDirector.status, 422, JSON.stringify(byDirector.body));
      assert.equal(byDirector.body.error.code, 'idempotency-key-reused');
      const moves = expectStatus(await s.call('GET', `/quotes/${pending.quote.quoteId}/moves`, t.seller), 200);
      assert.deepEqual(moves.data.filter((m: any) => m.action === 'approve').map((m: any) => m.actor), ['m1']);
      const own = expectStatus(await s.call('POST', `${pending.path}/approve`, t.director, body, { 'idempotency-key': `approve:${pending.quote.quoteId}:v1:dir` }), 200, 'director');
      assert.equal(own.approval.levels[1].status, 'done');
      // The first user's own retry still replays.
      const retry = await s.call('POST', `${pending.path}/approve`, t.manager, body, key);
      assert.equal(retry.status, 200);
      assert.deepEqual(retry.body, byManager);
    });

    it('a large answer (a 400-line quote\'s edit) is stored compressed and replayed byte for byte, also after later edits', async () => {
      const draft = await walk(s, t, 'draft');
      const { catalogId: _catalog, ...input } = quoteInput(demo('quotes/crm-pro-120.json'), 'demo-crm-2026');
      const line = (i: number, qty: string) => ({ ...input.lines[0], id: `B${i}`, qty });
      const edit = (qty: string) => ({ ...input, lines: Array.from({ length: 400 }, (_, i) => line(i, i === 7 ? qty : '2')) });
      const key = { 'idempotency-key': `big-edit-${kind}` };
      const first = await s.call('PUT', draft.path, t.seller, edit('3'), key);
      assert.equal(first.status, 200, first.text!.slice(0, 300));
      assert.ok(first.text!.length > 200_000, `a large answer (${first.text!.length} characters)`);
      const stored = await s.store.read.getIdempotency('acme', key['idempotency-key']);
      assert.ok(stored?.body === first.text, 'the store gives back the answer\'s text');
      // Kept compressed: the row's own body column is empty, its packed column a fraction of the text.
      const raw = await rawIdempotency(s, key['idempotency-key']);
      assert.equal(raw.body, '');
      assert.ok(raw.packed > 0 && raw.packed < first.text!.length / 4, `packed ${raw.packed} bytes`);
      expectStatus(await s.call('PUT', draft.path, t.seller, edit('4')), 200, 'a later edit');
      const again = await s.call('PUT', draft.path, t.seller, edit('3'), key);
      assert.equal(again.status, 200);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.ok(again.text === first.text, 'the same bytes');
      // A small answer (a three-line quote's edit) stays as text.
      const small = { 'idempotency-key': `small-${kind}` };
      const three = await s.call('PUT', draft.path, t.seller, { ...input, lines: input.lines }, small);
      assert.equal(three.status, 200);
      assert.ok(three.text!.length < 32 * 1024);
      assert.deepEqual(await rawIdempotency(s, small['idempotency-key']), { body: three.text!, packed: 0 });
    });
  });
}
