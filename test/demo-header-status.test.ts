/**
 * The CRM demo page's quote status (demo/shared/header-status.ts) after each lifecycle move, the
 * moves made by the kit's own lifecycle on a priced demo quote that needs approvals: it says 需要审批
 * only before the quote is submitted, how many are left while in approval, and where the quote
 * stands after — never "needs approval" of a quote approved, sent, accepted or ordered (issue 14).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { headerStatus } from '../demo/shared/header-status.js';
import { priceQuote } from '../src/pricing/index.js';
import { accept, approve, markOrdered, reject, send, snapshot, submit, type LifecycleQuote } from '../src/quote/index.js';
import type { Catalog, Quote } from '../src/types.js';

const catalog = JSON.parse(readFileSync(new URL('../demo/catalogs/crm-saas.json', import.meta.url), 'utf8')) as Catalog;
const base = JSON.parse(readFileSync(new URL('../demo/quotes/crm-pro-120.json', import.meta.url), 'utf8')) as Quote;
const at = '2026-11-29T10:00:00+08:00';

describe('the CRM page header after each move', () => {
  const quote: LifecycleQuote = { ...base, date: '2026-11-28', lines: base.lines.map((l) => (l.id === 'L1' ? { ...l, discount: { percent: '40' } } : l)) };
  const priced = priceQuote(catalog, quote, { locale: 'zh-CN' });
  const snap = snapshot(priced);
  const ok = (r: ReturnType<typeof submit>): LifecycleQuote => {
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    return r.quote;
  };

  it('needs approval, in approval, approved, sent, accepted, ordered', () => {
    assert.ok(priced.approvals.length > 1, 'the premise: approvals at more than one level');
    assert.deepEqual(headerStatus(quote, priced, false), { key: 'approvals', count: priced.approvals.length, tone: 'warning' });
    const submitted = ok(submit(quote, snap, { at, actor: 'wang.sales' }));
    assert.deepEqual(headerStatus(submitted, priced, false), { key: 'inApproval', count: priced.approvals.length, tone: 'warning' });
    // One level approved: the count goes down.
    const first = priced.approvals.filter((a) => a.level === priced.approvals[0]!.level);
    const keys = (list: typeof priced.approvals) => list.map((a) => (a.lineId === undefined ? a.ruleId : `${a.ruleId}@${a.lineId}`));
    const partly = ok(approve(submitted, snap, { at, actor: 'li.manager', approvals: keys(first) }));
    assert.deepEqual(headerStatus(partly, priced, false), { key: 'inApproval', count: priced.approvals.length - first.length, tone: 'warning' });
    const approved = ok(approve(partly, snap, { at, actor: 'zhou.director' }));
    const sent = ok(send(approved, snap, { at, actor: 'wang.sales' }));
    const accepted = ok(accept(sent, snap, { at, actor: 'zhao.buyer', reference: 'PO-1' }));
    const ordered = ok(markOrdered(accepted, snap, { at, actor: 'wang.sales' }));
    const said = [approved, sent, accepted, ordered].map((q) => headerStatus(q, priced, false));
    assert.deepEqual(said, [
      { key: 'approved', tone: 'ok' }, { key: 'sent', tone: undefined }, { key: 'accepted', tone: 'ok' }, { key: 'ordered', tone: 'ok' },
    ]);
    assert.ok(said.every((s) => s.key !== 'approvals' && s.key !== 'inApproval'));
  });

  it('rejected, read-only, and a quote with errors say so', () => {
    const submitted = ok(submit(quote, snap, { at, actor: 'wang.sales' }));
    assert.equal(headerStatus(ok(reject(submitted, snap, { at, actor: 'li.manager', reason: '折扣过高' })), priced, false).key, 'rejected');
    assert.equal(headerStatus(quote, priced, true).key, 'readonly');
    assert.deepEqual(headerStatus(quote, { ...priced, orderable: false }, false), { key: 'notOrderable', tone: 'error' });
  });
});
