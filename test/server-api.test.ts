// The quote service's API behaviour: idempotency keys, catalog versions pinned by quotes,
// paging, edits re-priced on the server, limits, share-link expiry and revocation, the error
// shape, and the OpenAPI document.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CRM, demo, expectStatus, quoteInput, startService, walk, type TestService, useDemoService, type Tokens } from './support/service.js';

describe('quote service API', () => {
  let s: TestService;
  let t: Tokens;
  useDemoService('sqlite', {}, (d) => ({ s, t } = d));
  const input = () => quoteInput(demo('quotes/crm-pro-120.json'), 'demo-crm-2026');

  it('Idempotency-Key: the same request replays the stored answer; another body with the key is a 422; keys are per tenant', async () => {
    const key = { 'idempotency-key': 'create-1' };
    const first = expectStatus(await s.call('POST', '/quotes', t.seller, input(), key), 201);
    const replay = await s.call('POST', '/quotes', t.seller, input(), key);
    assert.equal(replay.status, 201);
    assert.deepEqual(replay.body, first);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const other = await s.call('POST', '/quotes', t.seller, { ...input(), discount: { percent: '1' } }, key);
    assert.equal(other.status, 422);
    assert.equal(other.body.error.code, 'idempotency-key-reused');
    assert.equal(other.body.error.param, 'Idempotency-Key');
    const list = expectStatus(await s.call('GET', '/quotes?limit=100', t.seller), 200);
    assert.equal(list.data.filter((q: any) => q.quoteId === first.quoteId).length, 1);
    // Tenant globex may use the same key for its own request (its catalog is not there: 404, nothing shared).
    const b = await s.call('POST', '/quotes', t.sellerB, input(), key);
    assert.equal(b.status, 404);
    const bad = await s.call('POST', '/quotes', t.seller, input(), { 'idempotency-key': 'é'.repeat(3) });
    assert.equal(bad.status, 400);
  });

  it('a refused request stores no answer: the same key works once the request is right', async () => {
    const key = { 'idempotency-key': 'submit-empty' };
    const q = expectStatus(await s.call('POST', '/quotes', t.seller, { ...input(), lines: [] }), 201);
    const path = `/quotes/${q.quoteId}/versions/1`;
    assert.equal((await s.call('POST', `${path}/submit`, t.seller, {}, key)).status, 422);
    expectStatus(await s.call('PUT', path, t.seller, { lines: input().lines }), 200);
    assert.equal((await s.call('POST', `${path}/submit`, t.seller, {}, key)).status, 200);
  });

  it('catalogs: publishing the same content is no new version; a change is; a quote keeps the version it was priced with until revised', async () => {
    const same = expectStatus(await s.call('POST', '/catalogs', t.admin, CRM()), 200);
    assert.equal(same.created, false);
    assert.equal(same.version, 1);
    const q = expectStatus(await s.call('POST', '/quotes', t.seller, input()), 201);
    const changed = CRM();
    const pro = changed.products.find((p: any) => p.sku === 'CRM-PRO');
    pro.price = { model: 'flat', list: '1300.00' };
    const v2 = expectStatus(await s.call('POST', '/catalogs', t.admin, changed), 201);
    assert.equal(v2.version, 2);
    assert.notEqual(v2.digest, same.digest);
    const path = `/quotes/${q.quoteId}/versions/1`;
    const edited = expectStatus(await s.call('PUT', path, t.seller, { ...input(), catalogId: undefined }), 200);
    assert.equal(edited.catalog.version, 1, 'pinned');
    assert.equal(edited.priced.lines[0].listUnitPrice, q.priced.lines[0].listUnitPrice);
    const revised = expectStatus(await s.call('POST', `${path}/revise`, t.seller, {}), 201);
    assert.equal(revised.version, 2);
    assert.equal(revised.catalog.version, 2, 'a revision prices with the newest catalog');
    assert.notEqual(revised.priced.lines[0].listUnitPrice, q.priced.lines[0].listUnitPrice);
    const old = expectStatus(await s.call('GET', path, t.seller), 200);
    assert.equal(old.state, 'superseded');
    assert.equal((await s.call('PUT', path, t.seller, { lines: input().lines })).status, 409);
    // Back to version 1 of the catalog for the other tests.
    expectStatus(await s.call('POST', '/catalogs', t.admin, CRM()), 201);
  });

  it('an edit is re-priced on the server: the client sends decisions, the answer carries the server\'s figures', async () => {
    const q = expectStatus(await s.call('POST', '/quotes', t.seller, input()), 201);
    const path = `/quotes/${q.quoteId}/versions/1`;
    const lines = structuredClone(input().lines);
    lines[0].qty = '240';
    const edited = expectStatus(await s.call('PUT', path, t.seller, { lines, baseRevision: q.revision }), 200);
    assert.equal(edited.revision, q.revision + 1);
    assert.equal(edited.priced.lines[0].qty, '240');
    assert.notEqual(edited.priced.totals.total, q.priced.totals.total);
    const stale = await s.call('PUT', path, t.seller, { lines, baseRevision: q.revision });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'stale-revision');
    const tooLate = await s.call('PUT', path, t.seller, { lines, validUntil: '2027-12-31' });
    assert.equal(tooLate.status, 422);
    assert.equal(tooLate.body.error.param, 'validUntil');
  });

  it('a read answers the version as the last write answered it: its stored quote and prices, as JSON of the length it says', async () => {
    const q = expectStatus(await s.call('POST', '/quotes', t.seller, input()), 201);
    const path = `/quotes/${q.quoteId}/versions/1`;
    const lines = structuredClone(input().lines);
    lines[0].qty = '130';
    const edited = expectStatus(await s.call('PUT', path, t.seller, { lines, notes: '含税价 🧾', discount: { percent: '34' } }), 200);
    for (const read of [path, `/quotes/${q.quoteId}`]) {
      const r = await s.call('GET', read, t.seller);
      const got = expectStatus(r, 200);
      assert.match(String(r.headers['content-type']), /^application\/json; charset=utf-8$/);
      assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.text!, 'utf8'));
      assert.deepEqual(got, edited, read);
    }
    // Submitted (its pending levels read from the prices) and past its validity (shown as expired): still the stored documents.
    const submitted = expectStatus(await s.call('POST', `${path}/submit`, t.seller, {}), 200);
    assert.equal(submitted.state, 'approval-pending');
    const pending = expectStatus(await s.call('GET', path, t.seller), 200);
    assert.deepEqual(pending, submitted);
    assert.ok(pending.approval.levels.some((l: { pending: unknown[] }) => l.pending.length > 0), JSON.stringify(pending.approval));
    s.setNow(new Date('2099-01-01T00:00:00Z'));
    try {
      const expired = expectStatus(await s.call('GET', path, t.seller), 200);
      assert.equal(expired.state, 'expired');
      assert.deepEqual({ ...expired, state: submitted.state }, submitted);
    } finally {
      s.setNow(new Date('2026-12-04T09:00:00Z'));
    }
  });

  it('lists are paged with a cursor, newest first', async () => {
    for (let i = 0; i < 5; i++) expectStatus(await s.call('POST', '/quotes', t.seller, input()), 201);
    const page1 = expectStatus(await s.call('GET', '/quotes?limit=3', t.seller), 200);
    assert.equal(page1.data.length, 3);
    assert.equal(page1.hasMore, true);
    const page2 = expectStatus(await s.call('GET', `/quotes?limit=3&starting_after=${page1.data[2].quoteId}`, t.seller), 200);
    assert.ok(page2.data.every((q: any) => q.quoteId < page1.data[2].quoteId));
    assert.equal((await s.call('GET', '/quotes?limit=1000', t.seller)).status, 400);
    const drafts = expectStatus(await s.call('GET', '/quotes?state=draft&limit=100', t.seller), 200);
    assert.ok(drafts.data.length > 0 && drafts.data.every((q: any) => q.state === 'draft'));
  });

  it('share links expire and can be withdrawn', async () => {
    const w = await walk(s, t, 'sent', '10');
    expectStatus(await s.call('GET', '/share', w.share!.token), 200);
    s.setNow(new Date('2027-01-10T00:00:00Z'));
    try {
      const expired = await s.call('GET', '/share', w.share!.token);
      assert.ok(expired.status === 401 || expired.status === 403);
      assert.match(expired.body.error.code, /expired/);
    } finally {
      s.setNow(new Date('2026-12-04T09:00:00Z'));
    }
    expectStatus(await s.call('POST', `/share-links/${w.share!.id}/revoke`, t.seller, {}), 200);
    const revoked = await s.call('GET', '/share', w.share!.token);
    assert.equal(revoked.status, 403);
    assert.equal(revoked.body.error.code, 'link-revoked');
  });

  it('validation errors are located; unknown fields are refused, not dropped', async () => {
    const r = await s.call('POST', '/quotes', t.seller, { ...input(), lines: [{ id: 'L1', sku: 'CRM-PRO', qty: 1.5 }] });
    assert.equal(r.status, 400);
    assert.match(r.body.error.param, /^body\.lines\[0\]\.qty/);
    const extra = await s.call('POST', '/quotes', t.seller, { ...input(), total: '0.00' });
    assert.equal(extra.status, 400);
    assert.equal(extra.body.error.param, 'body.total');
    const notJson = await s.call('POST', '/quotes', t.seller, '{"lines": [', { 'content-type': 'application/json' });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error.code, 'invalid-json');
    const proto = await s.call('POST', '/quotes', t.seller, '{"catalogId":"demo-crm-2026","lines":[],"__proto__":{"x":1}}', { 'content-type': 'application/json' });
    assert.equal(proto.status, 400);
    const text = await s.call('POST', '/quotes', t.seller, '<quote/>', { 'content-type': 'application/xml' });
    assert.equal(text.status, 415);
  });

  it('a body over 256 KiB is a 413; an undecodable URL a 400; an unknown route a 404 — all in the error shape', async () => {
    const big = { ...input(), customer: { id: 'C', name: 'x'.repeat(300 * 1024) } };
    const r = await s.call('POST', '/quotes', t.seller, big);
    assert.equal(r.status, 413);
    assert.equal(r.body.error.type, 'too_large');
    const bad = await s.call('GET', '/orders/%zz', t.seller);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'bad-url');
    const none = await s.call('GET', '/nothing/here', t.seller);
    assert.equal(none.status, 404);
    assert.equal(none.body.error.type, 'not_found');
  });

  it('a per-identity rate limit answers 429 in the error shape', async () => {
    const limited = await startService('sqlite', { limits: { perMinute: 5 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await limited.call('GET', '/catalogs', t.seller)).status);
      assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
      const last = await limited.call('GET', '/catalogs', t.seller);
      assert.equal(last.status, 429);
      assert.equal(last.body.error.type, 'rate_limit');
      // Another identity has its own budget.
      assert.equal((await limited.call('GET', '/catalogs', t.manager)).status, 200);
    } finally {
      await limited.close();
    }
  });

  it('serves an OpenAPI 3.1 document that lists every route, the same as the one shipped', async () => {
    const doc = expectStatus(await s.call('GET', '/openapi.json'), 200);
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/quotes', '/quotes/{quoteId}/versions/{version}/approve', '/share/accept', '/orders/{orderId}', '/catalogs']) {
      assert.ok(doc.paths[path], path);
    }
    const shipped = JSON.parse(readFileSync(new URL('../schemas/openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(shipped, doc, 'schemas/openapi.json is stale: run `npm run openapi`');
  });
});

describe('service options', () => {
  it('an orderSource that is not a URI-reference is refused at start, saying why', async () => {
    await assert.rejects(startService('sqlite', { orderSource: (tenant) => `%%/${tenant}` }), /orderSource must give a URI-reference.*%/);
    const fine = await startService('sqlite', { orderSource: (tenant) => `https://crm.example.com/tenants/${tenant}` });
    await fine.close();
  });

  it('serverTiming: every answer (a write, a read, a refusal) says its server time in Server-Timing; without the option, none does', async () => {
    const timed = await startService('sqlite', { serverTiming: true });
    const plain = await startService('sqlite');
    try {
      for (const s of [timed, plain]) {
        const answers = [
          await s.call('GET', '/health'),
          await s.call('GET', '/quotes'),
          await s.call('PUT', '/quotes/Q-1/versions/1', undefined, { lines: [] }),
          await s.call('POST', '/catalogs', undefined, CRM()),
        ];
        assert.deepEqual(answers.map((a) => a.status), [200, 401, 401, 401]);
        for (const a of answers) {
          const header = a.headers['server-timing'];
          if (s === plain) assert.equal(header, undefined);
          else assert.match(String(header), /^app;dur=\d+\.\d{2}$/);
        }
      }
    } finally {
      await timed.close();
      await plain.close();
    }
  });
});
