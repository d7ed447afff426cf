/**
 * The quote lifecycle as a table: every action from every state, and bad input (located
 * errors, never a throw). The guards one by one are in lifecycle.guards.test.ts.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accept, approve, decline, expire, markOrdered, recordEdit, reject, revise, send, submit,
  QUOTE_STATES, type LifecycleQuote, type LifecycleResult, type QuoteSnapshot, type QuoteState,
} from '../src/quote/index.js';
import { discountedQuote, lifecycleStates, T0, T2 } from './fixtures/order-flow.js';

let snap: QuoteSnapshot;
let changed: QuoteSnapshot;
let states: Record<QuoteState, LifecycleQuote>;
const seller = { at: T0, actor: 'wang.seller' };

before(() => {
  ({ snap, changed, states } = lifecycleStates());
});

type Act = (q: LifecycleQuote) => LifecycleResult;
const ACTIONS: Record<string, Act> = {
  submit: (q) => submit(q, snap, seller),
  approve: (q) => approve(q, snap, { at: T0, actor: 'li.manager' }),
  reject: (q) => reject(q, snap, { at: T0, actor: 'li.manager', reason: 'margin' }),
  send: (q) => send(q, snap, seller),
  accept: (q) => accept(q, snap, { at: T2, actor: 'Zhang Wei' }),
  decline: (q) => decline(q, snap, { at: T2, actor: 'Zhang Wei' }),
  order: (q) => markOrdered(q, snap, { at: T2, actor: 'system' }),
  edit: (q) => recordEdit(q, changed, seller),
  expire: (q) => expire(q, seller),
  revise: (q) => {
    const r = revise(q, seller);
    return r.ok ? { ok: true, quote: r.quote } : r;
  },
};

// Each cell: the state reached, or the error code. Prices unchanged (edit: changed), time before validUntil.
const X = 'invalid-transition';
const TABLE: Record<QuoteState, Record<keyof typeof ACTIONS, string>> = {
  draft: { submit: '→approval-pending', approve: X, reject: X, send: 'approval-required', accept: X, decline: X, order: 'not-accepted', edit: '→draft', expire: 'not-expired', revise: '→draft' },
  'approval-pending': { submit: X, approve: '→approved', reject: '→rejected', send: 'approval-pending', accept: X, decline: X, order: 'not-accepted', edit: '→approval-pending', expire: 'not-expired', revise: '→draft' },
  approved: { submit: '→approved', approve: X, reject: X, send: '→sent', accept: X, decline: X, order: 'not-accepted', edit: '→approval-pending', expire: 'not-expired', revise: '→draft' },
  rejected: { submit: '→approval-pending', approve: X, reject: X, send: X, accept: X, decline: X, order: 'not-accepted', edit: '→draft', expire: 'not-expired', revise: '→draft' },
  sent: { submit: X, approve: X, reject: X, send: X, accept: '→accepted', decline: '→rejected', order: 'not-accepted', edit: 'locked', expire: 'not-expired', revise: '→draft' },
  accepted: { submit: X, approve: X, reject: X, send: X, accept: X, decline: X, order: '→ordered', edit: 'locked', expire: X, revise: '→draft' },
  ordered: { submit: 'already-ordered', approve: 'already-ordered', reject: 'already-ordered', send: 'already-ordered', accept: 'already-ordered', decline: 'already-ordered', order: 'already-ordered', edit: 'already-ordered', expire: 'already-ordered', revise: 'already-ordered' },
  expired: { submit: 'expired', approve: 'expired', reject: 'expired', send: 'expired', accept: 'expired', decline: 'expired', order: 'expired', edit: 'locked', expire: '→expired', revise: '→draft' },
  superseded: { submit: 'superseded', approve: 'superseded', reject: 'superseded', send: 'superseded', accept: 'superseded', decline: 'superseded', order: 'superseded', edit: 'superseded', expire: 'superseded', revise: 'superseded' },
};

describe('every action from every state', () => {
  for (const state of QUOTE_STATES) {
    for (const [action, want] of Object.entries(TABLE[state])) {
      test(`${state} + ${action}: ${want}`, () => {
        const before = JSON.stringify(states[state]);
        const result = ACTIONS[action]!(states[state]);
        assert.equal(JSON.stringify(states[state]), before, 'the input quote is never changed');
        if (want.startsWith('→')) {
          assert.ok(result.ok, `refused: ${JSON.stringify(!result.ok && result.errors)}`);
          assert.equal(result.quote.lifecycle?.state ?? 'draft', want.slice(1));
        } else {
          assert.ok(!result.ok, 'refused');
          assert.equal(result.errors[0]!.code, want);
          assert.ok(result.errors[0]!.message.length > 0 && result.errors[0]!.path.length > 0);
        }
      });
    }
  }
});

describe('bad input: located errors, never a throw', () => {
  const cases: [string, () => LifecycleResult, string, string][] = [
    ['quote not an object', () => submit(null as never, snap, seller), 'invalid-input', 'quote'],
    ['quote without id', () => submit({ lines: [] } as never, snap, seller), 'invalid-input', 'quote.id'],
    ['version 0', () => submit({ ...discountedQuote(), version: 0 }, snap, seller), 'invalid-input', 'quote.version'],
    ['validUntil not a date', () => submit({ ...discountedQuote(), validUntil: 'soon' }, snap, seller), 'invalid-input', 'quote.validUntil'],
    ['context missing', () => submit(discountedQuote(), snap, undefined as never), 'invalid-input', 'context'],
    ['time without offset', () => submit(discountedQuote(), snap, { at: '2026-11-28T10:00:00', actor: 'a' }), 'invalid-input', 'context.at'],
    ['time not a real day', () => submit(discountedQuote(), snap, { at: '2026-02-30T10:00:00Z', actor: 'a' }), 'invalid-input', 'context.at'],
    ['actor empty', () => submit(discountedQuote(), snap, { at: T0, actor: ' ' }), 'invalid-input', 'context.actor'],
    ['reason a number', () => submit(discountedQuote(), snap, { at: T0, actor: 'a', reason: 5 as never }), 'invalid-input', 'context.reason'],
    ['snapshot missing', () => submit(discountedQuote(), undefined as never, seller), 'invalid-input', 'snapshot'],
    ['snapshot digest malformed', () => submit(discountedQuote(), { ...snap, digest: 'abc' }, seller), 'invalid-input', 'snapshot.digest'],
    ['snapshot approvals malformed', () => submit(discountedQuote(), { ...snap, approvals: [{}] as never }, seller), 'invalid-input', 'snapshot.approvals'],
    ['snapshot of another version', () => submit({ ...discountedQuote(), version: 2 }, snap, seller), 'snapshot-mismatch', 'snapshot'],
    ['unknown state', () => submit({ ...discountedQuote(), lifecycle: { state: 'won', approvals: [], history: [] } as never }, snap, seller), 'invalid-lifecycle', 'quote.lifecycle.state'],
    ['approvals not an array', () => submit({ ...discountedQuote(), lifecycle: { state: 'draft', approvals: {}, history: [] } as never }, snap, seller), 'invalid-lifecycle', 'quote.lifecycle.approvals'],
    ['acceptance without digest', () => markOrdered({ ...states.accepted, lifecycle: { ...states.accepted.lifecycle!, acceptance: { by: 'x', at: T2 } as never } }, snap, seller), 'invalid-lifecycle', 'quote.lifecycle.acceptance.digest'],
    ['approval ids not strings', () => approve(states['approval-pending'], snap, { ...seller, approvals: [1] as never }), 'invalid-input', 'context.approvals'],
    ['latestVersion not a number', () => markOrdered(states.accepted, snap, { ...seller, latestVersion: '2' as never }), 'invalid-input', 'context.latestVersion'],
  ];
  for (const [name, run, code, path] of cases) {
    test(name, () => {
      let r: LifecycleResult | undefined;
      assert.doesNotThrow(() => { r = run(); });
      assert.ok(r && !r.ok);
      assert.ok(r.errors.some((e) => e.code === code && e.path === path), JSON.stringify(r.errors));
      for (const e of r.errors) assert.ok(e.message.trim().length > 0);
    });
  }

  test('messages follow the locale (zh-CN and en)', () => {
    const zh = send(states['approval-pending'], snap, { ...seller, locale: 'zh-CN' });
    const en = send(states['approval-pending'], snap, { ...seller, locale: 'en' });
    assert.ok(!zh.ok && !en.ok);
    assert.match(zh.errors[0]!.message, /待审批/);
    assert.match(en.errors[0]!.message, /pending: disc-15 \(manager\)/);
  });
});

