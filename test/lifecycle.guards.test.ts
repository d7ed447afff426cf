/**
 * The lifecycle's guards one by one: approval bound to the digest (edit after approval),
 * the customer's steps, expiry, supersession, history and revisions; and the lead-to-cash
 * stage mapping.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { priceQuote } from '../src/pricing/index.js';
import {
  accept, approve, markOrdered, recordEdit, reject, revise, send, snapshot, stateOf, submit, suggestStage,
  DEFAULT_STAGE_MAPPING, QUOTE_STATES, type LifecycleQuote, type QuoteSnapshot, type QuoteState,
} from '../src/quote/index.js';
import { discountedQuote, lifecycleStates, ok, T0, T1, T2 } from './fixtures/order-flow.js';

let catalog: unknown;
let snap: QuoteSnapshot;
let changed: QuoteSnapshot;
let states: Record<QuoteState, LifecycleQuote>;
const seller = { at: T0, actor: 'wang.seller' };

before(() => {
  ({ catalog, snap, changed, states } = lifecycleStates());
});

describe('approval bound to the digest', () => {
  test('an edit after approval sends the quote back to approval, and the old approval no longer counts', () => {
    const edited = ok(recordEdit(states.approved, changed, seller));
    assert.equal(edited.lifecycle!.state, 'approval-pending');
    assert.equal(edited.lifecycle!.digest, changed.digest);
    assert.deepEqual(edited.lifecycle!.approvals, []);
    const refused = send(edited, changed, seller);
    assert.ok(!refused.ok && refused.errors[0]!.code === 'approval-pending');
    const again = ok(approve(edited, changed, { at: T1, actor: 'li.manager' }));
    assert.equal(ok(send(again, changed, seller)).lifecycle!.state, 'sent');
  });

  test('sending an approved quote whose prices changed without recordEdit is refused', () => {
    const r = send(states.approved, changed, seller);
    assert.ok(!r.ok);
    assert.equal(r.errors[0]!.code, 'changed-since-approval');
  });

  test('approving or sending a snapshot other than the one submitted is refused', () => {
    const r = approve(states['approval-pending'], changed, { at: T0, actor: 'li.manager' });
    assert.ok(!r.ok && r.errors[0]!.code === 'changed-since-submit');
    const s = send(states['approval-pending'], changed, seller);
    assert.ok(!s.ok && s.errors[0]!.code === 'changed-since-submit');
  });

  test('an edit that changes no price changes nothing (customer name, group)', () => {
    const q = { ...discountedQuote(), customer: { id: 'C-88', name: 'Renamed Ltd' } };
    q.lines[1] = { ...q.lines[1]!, group: 'Storage' };
    const same = snapshot(priceQuote(catalog, q));
    assert.equal(same.digest, snap.digest);
    const r = recordEdit(states.approved, same, seller);
    assert.ok(r.ok && r.quote === states.approved);
  });

  test('an edit that removes the need for approval makes a draft, which may be sent', () => {
    const q = { ...discountedQuote(), discount: { percent: '1' } };
    const cheap = snapshot(priceQuote(catalog, q));
    assert.deepEqual(cheap.approvals, []);
    const edited = ok(recordEdit(states.approved, cheap, seller));
    assert.equal(edited.lifecycle!.state, 'draft');
    assert.equal(ok(send(edited, cheap, seller)).lifecycle!.state, 'sent');
  });

  test('a quote needing no approval is approved on submit', () => {
    const q = { ...discountedQuote(), discount: undefined };
    const s = snapshot(priceQuote(catalog, q));
    assert.equal(ok(submit(q, s, seller)).lifecycle!.state, 'approved');
  });

  test('approvals one by one: the quote stays pending until the last', () => {
    const two: QuoteSnapshot = { ...snap, approvals: [...snap.approvals, { ruleId: 'below-floor', level: 'director', lineId: 'L2', message: 'floor' }] };
    const pending = ok(submit(states.draft, two, seller));
    const first = ok(approve(pending, two, { at: T0, actor: 'li.manager', approvals: ['disc-15'] }));
    assert.equal(first.lifecycle!.state, 'approval-pending');
    const unknown = approve(first, two, { at: T0, actor: 'zhao.director', approvals: ['disc-15'] });
    assert.ok(!unknown.ok && unknown.errors[0]!.code === 'unknown-approval' && unknown.errors[0]!.path === 'context.approvals[0]');
    const last = ok(approve(first, two, { at: T1, actor: 'zhao.director', approvals: ['below-floor@L2'] }));
    assert.equal(last.lifecycle!.state, 'approved');
    assert.deepEqual(last.lifecycle!.approvals.map((d) => [d.ruleId, d.lineId, d.approvedBy, d.digest === snap.digest]),
      [['disc-15', undefined, 'li.manager', true], ['below-floor', 'L2', 'zhao.director', true]]);
  });

  test('rejecting needs a reason', () => {
    const r = reject(states['approval-pending'], snap, { at: T0, actor: 'li.manager' });
    assert.ok(!r.ok && r.errors[0]!.code === 'reason-required' && r.errors[0]!.path === 'context.reason');
  });

  test('a quote with pricing errors is not submitted, sent or accepted', () => {
    const broken = { ...snap, orderable: false };
    for (const [q, act] of [[states.draft, submit], [states.approved, send], [states.sent, accept]] as const) {
      const r = act(q, broken, seller);
      assert.ok(!r.ok && r.errors[0]!.code === 'not-orderable');
    }
  });
});

describe('customer steps, expiry and supersession', () => {
  test('the customer accepts only what was sent, and an order only what was accepted', () => {
    const a = accept(states.sent, changed, { at: T2, actor: 'Zhang Wei' });
    assert.ok(!a.ok && a.errors[0]!.code === 'changed-since-sent');
    const o = markOrdered(states.accepted, changed, { at: T2, actor: 'system' });
    assert.ok(!o.ok && o.errors[0]!.code === 'changed-since-acceptance');
  });

  test('no order while an approval is pending (approval rules changed after acceptance)', () => {
    const more: QuoteSnapshot = { ...snap, approvals: [...snap.approvals, { ruleId: 'new-rule', level: 'cfo', message: 'new' }] };
    const r = markOrdered(states.accepted, more, { at: T2, actor: 'system' });
    assert.ok(!r.ok && r.errors[0]!.code === 'approval-pending');
  });

  test('no order from a version the host knows to be superseded', () => {
    const r = markOrdered(states.accepted, snap, { at: T2, actor: 'system', latestVersion: 2 });
    assert.ok(!r.ok && r.errors[0]!.code === 'superseded');
  });

  const expiry: [string, string, boolean][] = [
    ['validUntil date: the last second of its day', '2026-12-28T23:59:59+08:00', true],
    ['validUntil date: the next day', '2026-12-29T00:00:00+08:00', false],
    ['validUntil date: the day as written in the offset', '2026-12-28T23:30:00-05:00', true],
  ];
  for (const [name, at, valid] of expiry) {
    test(`accept — ${name}`, () => {
      const r = accept(states.sent, snap, { at, actor: 'Zhang Wei' });
      assert.equal(r.ok, valid);
      if (!r.ok) assert.equal(r.errors[0]!.code, 'expired');
      assert.equal(stateOf(states.sent, at), valid ? 'sent' : 'expired');
    });
  }

  test('a date-time validUntil is compared as an instant', () => {
    const q = { ...states.sent, validUntil: '2026-12-28T18:00:00+08:00' };
    assert.ok(accept(q, snap, { at: '2026-12-28T10:00:00Z', actor: 'x' }).ok);
    const late = accept(q, snap, { at: '2026-12-28T10:00:01Z', actor: 'x' });
    assert.ok(!late.ok && late.errors[0]!.code === 'expired');
  });

  test('an accepted quote does not expire, and an order placed after validUntil is still allowed', () => {
    assert.equal(stateOf(states.accepted, '2027-06-01T00:00:00Z'), 'accepted');
    assert.ok(markOrdered(states.accepted, snap, { at: '2027-01-05T09:00:00+08:00', actor: 'system' }).ok);
  });

  test('a draft past validUntil is extended by an edit (its digest changes)', () => {
    const late = '2027-01-02T09:00:00+08:00';
    const q = { ...discountedQuote(), validUntil: '2027-01-31' };
    const s = snapshot(priceQuote(catalog, q));
    assert.equal(stateOf(states.draft, late), 'expired');
    assert.equal(stateOf(q, late), 'draft');
    assert.ok(submit(q, s, { at: late, actor: 'wang.seller' }).ok);
  });
});

describe('history and revisions', () => {
  test('every transition is recorded with time, actor, reason and version', () => {
    const h = states.ordered.lifecycle!.history;
    assert.deepEqual(h.map((e) => [e.action, e.from, e.to, e.actor, e.version]), [
      ['submit', 'draft', 'approval-pending', 'wang.seller', 1],
      ['approve', 'approval-pending', 'approved', 'li.manager', 1],
      ['send', 'approved', 'sent', 'wang.seller', 1],
      ['accept', 'sent', 'accepted', 'Zhang Wei', 1],
      ['order', 'accepted', 'ordered', 'system', 1],
    ]);
    assert.ok(h.every((e) => e.digest === snap.digest && /T/.test(e.at)));
    assert.equal(states.rejected.lifecycle!.history.at(-1)!.reason, 'too deep');
    assert.equal(states.ordered.lifecycle!.orderEventId, 'order:Q-ORDER-1:v1');
  });

  test('revise makes version n+1, a draft whose history continues the old one', () => {
    const r = revise(states.sent, { at: T1, actor: 'wang.seller', reason: 'new terms' });
    assert.ok(r.ok);
    assert.equal(r.quote.version, 2);
    assert.equal(r.quote.lifecycle!.state, 'draft');
    assert.deepEqual(r.quote.lifecycle!.approvals, []);
    assert.equal(r.quote.lifecycle!.acceptance, undefined);
    const h = r.quote.lifecycle!.history;
    assert.deepEqual(h.map((e) => `${e.version}:${e.action}`), ['1:submit', '1:approve', '1:send', '2:revise']);
    assert.equal(h.at(-1)!.reason, 'new terms');
    assert.equal(r.superseded.version, 1);
    assert.equal(r.superseded.lifecycle!.supersededBy, 2);
    assert.deepEqual(r.quote.lines, states.sent.lines);
    // The old approval does not carry over: version 2 prices to another digest.
    const r2 = send(r.quote, { ...snap, version: 2 }, seller);
    assert.ok(!r2.ok && r2.errors[0]!.code === 'approval-required');
  });
});

describe('lead-to-cash stages', () => {
  const expected: Record<QuoteState, string | null> = {
    draft: '方案形成', 'approval-pending': '方案形成', approved: '方案形成', rejected: '输单',
    sent: '商务谈判', accepted: '签约', ordered: '签约', expired: '输单', superseded: null,
  };
  for (const state of QUOTE_STATES) {
    test(`${state} → ${expected[state] ?? 'no move'}`, () => {
      const stage = suggestStage(state);
      assert.equal(stage === null ? null : (stage.name as Record<string, string>)['zh-CN'], expected[state]);
    });
  }

  test('probabilities from the sales process; the default mapping cannot be changed in place', () => {
    assert.equal(suggestStage('sent')!.probability, '80');
    assert.equal(suggestStage('ordered')!.probability, '100');
    assert.equal(suggestStage('expired')!.probability, '0');
    assert.throws(() => { (DEFAULT_STAGE_MAPPING.sent as { id: string }).id = 'x'; });
  });

  test('a host mapping overrides some states; the rest keep the default', () => {
    const mine = { id: 'proposal', name: 'Proposal', probability: '60' };
    const mapping = { sent: mine, rejected: null };
    assert.equal(suggestStage('sent', mapping), mine);
    assert.equal(suggestStage('rejected', mapping), null);
    assert.equal(suggestStage('accepted', mapping)!.id, 'signed');
    assert.equal(suggestStage('won' as QuoteState), null);
  });
});
