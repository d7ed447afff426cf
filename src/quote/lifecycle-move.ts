import type { Lifecycle, LifecycleAction, LifecycleEntry, LifecycleResult, QuoteError, QuoteSnapshot, QuoteState } from './lifecycle-types.js';
import { approvalKey, pendingApprovals, prepare, readSnapshot, type Prepared } from './lifecycle-input.js';
import { actionName, error, stateName } from './messages.js';

/** Shared steps of the transitions: checking input and state, and recording the move. */

/** A refusal. */
export function refuse(...errors: QuoteError[]): LifecycleResult {
  return { ok: false, errors };
}

/** The new quote: the lifecycle changed as given, the state set, and one history entry appended. */
export function move(p: Prepared, action: LifecycleAction, to: QuoteState, changes: Partial<Lifecycle> = {}, entry: Partial<LifecycleEntry> = {}): LifecycleResult {
  const record: LifecycleEntry = { action, from: p.state, to, at: p.ctx.at, actor: p.ctx.actor, version: p.version, ...entry };
  if (p.ctx.reason !== undefined && record.reason === undefined) record.reason = p.ctx.reason;
  const lifecycle: Lifecycle = { ...p.lifecycle, ...changes, state: to, history: [...p.lifecycle.history, record] };
  for (const key of Object.keys(lifecycle) as (keyof Lifecycle)[]) if (lifecycle[key] === undefined) delete lifecycle[key];
  return { ok: true, quote: { ...p.quote, lifecycle } };
}

/**
 * The state checks every transition makes, in a fixed order so that the most useful reason
 * wins: a superseded or ordered quote first, then expiry, then whether the action is allowed
 * from the current state.
 */
export function checkState(p: Prepared, action: LifecycleAction, allowed: readonly QuoteState[]): QuoteError | undefined {
  const { locale, lifecycle } = p;
  if (p.stored === 'superseded' && !allowed.includes('superseded')) {
    return error(locale, 'superseded', 'quote.lifecycle.state', { version: p.version, newer: lifecycle.supersededBy ?? p.version + 1 });
  }
  if (p.stored === 'ordered' && !allowed.includes('ordered')) {
    return error(locale, 'already-ordered', 'quote.lifecycle.state', { event: lifecycle.orderEventId ?? '?' });
  }
  if (p.state === 'expired' && !allowed.includes('expired')) {
    return error(locale, 'expired', 'quote.validUntil', { validUntil: String(p.quote.validUntil) });
  }
  if (!allowed.includes(p.state)) {
    return error(locale, 'invalid-transition', 'quote.lifecycle.state', { state: stateName(locale, p.state), action: actionName(locale, action) });
  }
  return undefined;
}

/** Input, snapshot and state checked together: the prepared transition, or the refusal. */
export function begin(quote: unknown, snap: unknown, context: unknown, action: LifecycleAction, allowed: readonly QuoteState[]):
  { ok: true; p: Prepared; snap: QuoteSnapshot } | { ok: false; result: LifecycleResult } {
  const prepared = prepare(quote, context);
  if (!prepared.ok) return { ok: false, result: refuse(...prepared.errors) };
  const p = prepared.value;
  const s = readSnapshot(p, snap);
  if (!s.ok) return { ok: false, result: refuse(...s.errors) };
  const stateError = checkState(p, action, allowed);
  if (stateError) return { ok: false, result: refuse(stateError) };
  return { ok: true, p, snap: s.value };
}

/** Refuse a quote with pricing errors: nothing is approved, sent or accepted that cannot be ordered. */
export function checkOrderable(p: Prepared, snap: QuoteSnapshot): QuoteError | undefined {
  if (snap.orderable) return undefined;
  return error(p.locale, 'not-orderable', 'snapshot.orderable', { what: p.locale.startsWith('zh') ? '请先处理定价问题' : 'resolve the pricing issues first' });
}

/** The list of pending approvals for a message: `disc-15 (manager), below-floor@L2 (manager)`. */
export function describePending(p: Prepared, snap: QuoteSnapshot): string {
  return pendingApprovals(p.lifecycle, snap).map((a) => `${approvalKey(a)} (${a.level})`).join(', ');
}
