import { own } from '../core/object.js';
import { describe } from '../core/parse.js';
import type { Acceptance, LifecycleQuote, LifecycleResult, QuoteSnapshot, TransitionContext } from './lifecycle-types.js';
import { pendingApprovals, prepare, readSnapshot } from './lifecycle-input.js';
import { begin, checkOrderable, checkState, describePending, move, refuse } from './lifecycle-move.js';
import { error, phrase, stateName } from './messages.js';
import { orderEventId } from './order-id.js';

/**
 * The customer's side of the lifecycle: sending, accepting or declining, ordering, and
 * expiry. Each step is bound to the digest of the step before, so that what the customer
 * accepts is exactly what was approved and sent, and what is ordered is what was accepted.
 */

/** Send the quote to the customer: an approved quote with unchanged prices, or a draft that needs no approval. */
export function send(quote: LifecycleQuote, snap: QuoteSnapshot, ctx: TransitionContext): LifecycleResult {
  const b = begin(quote, snap, ctx, 'send', ['draft', 'approval-pending', 'approved']);
  if (!b.ok) return b.result;
  const { p, snap: s } = b;
  const notOrderable = checkOrderable(p, s);
  if (notOrderable) return refuse(notOrderable);
  if (p.state === 'approved' && s.digest !== p.lifecycle.digest) return refuse(error(p.locale, 'changed-since-approval', 'snapshot.digest'));
  if (p.state === 'approval-pending' && s.digest !== p.lifecycle.digest) return refuse(error(p.locale, 'changed-since-submit', 'snapshot.digest'));
  if (pendingApprovals(p.lifecycle, s).length > 0) {
    const code = p.state === 'draft' ? 'approval-required' : 'approval-pending';
    return refuse(error(p.locale, code, 'quote.lifecycle.approvals', { list: describePending(p, s) }));
  }
  return move(p, 'send', 'sent', { digest: s.digest }, { digest: s.digest });
}

/** Options of `accept`: `actor` is the person accepting for the customer. */
export interface AcceptContext extends TransitionContext {
  /** The customer's reference: purchase order number, signature id, … */
  reference?: string;
}

/** Record the customer's acceptance of the quote as sent (before it expires). */
export function accept(quote: LifecycleQuote, snap: QuoteSnapshot, ctx: AcceptContext): LifecycleResult {
  const b = begin(quote, snap, ctx, 'accept', ['sent']);
  if (!b.ok) return b.result;
  const { p, snap: s } = b;
  const reference = own(ctx, 'reference');
  if (reference !== undefined && typeof reference !== 'string') {
    return refuse(error(p.locale, 'invalid-input', 'context.reference', { what: phrase(p.locale, `reference must be a string, got ${describe(reference)}.`, `reference 必须是字符串，实际为 ${describe(reference)}。`) }));
  }
  if (s.digest !== p.lifecycle.digest) return refuse(error(p.locale, 'changed-since-sent', 'snapshot.digest'));
  const notOrderable = checkOrderable(p, s);
  if (notOrderable) return refuse(notOrderable);
  const acceptance: Acceptance = { by: ctx.actor, at: ctx.at, digest: s.digest };
  if (typeof reference === 'string') acceptance.reference = reference;
  return move(p, 'accept', 'accepted', { acceptance }, { digest: s.digest });
}

/** Record that the customer declined the quote as sent (it becomes `rejected`: the deal is lost unless revised). */
export function decline(quote: LifecycleQuote, snap: QuoteSnapshot, ctx: TransitionContext): LifecycleResult {
  const b = begin(quote, snap, ctx, 'decline', ['sent']);
  if (!b.ok) return b.result;
  return move(b.p, 'decline', 'rejected', { digest: undefined, approvals: [] }, { digest: b.snap.digest });
}

/** Options of `markOrdered`. */
export interface OrderContext extends TransitionContext {
  /** The newest version the host knows of this quote: an older one is superseded and cannot be ordered. */
  latestVersion?: number;
}

/** Mark an accepted quote ordered: not expired, not superseded, prices as accepted, no approval pending. */
export function markOrdered(quote: LifecycleQuote, snap: QuoteSnapshot, ctx: OrderContext): LifecycleResult {
  const prepared = prepare(quote, ctx);
  if (!prepared.ok) return refuse(...prepared.errors);
  const p = prepared.value;
  const s = readSnapshot(p, snap);
  if (!s.ok) return refuse(...s.errors);
  const latest = own(ctx, 'latestVersion');
  if (latest !== undefined && !Number.isSafeInteger(latest)) {
    return refuse(error(p.locale, 'invalid-input', 'context.latestVersion', { what: phrase(p.locale, `latestVersion must be a whole number, got ${describe(latest)}.`, `latestVersion 必须是整数，实际为 ${describe(latest)}。`) }));
  }
  if (typeof latest === 'number' && latest > p.version) {
    return refuse(error(p.locale, 'superseded', 'context.latestVersion', { version: p.version, newer: latest }));
  }
  const stateError = checkState(p, 'order', ['accepted']);
  if (stateError) {
    const notAccepted = stateError.code === 'invalid-transition';
    return refuse(notAccepted ? error(p.locale, 'not-accepted', 'quote.lifecycle.state', { state: stateName(p.locale, p.state) }) : stateError);
  }
  if (s.value.digest !== p.lifecycle.acceptance?.digest) return refuse(error(p.locale, 'changed-since-acceptance', 'snapshot.digest'));
  const notOrderable = checkOrderable(p, s.value);
  if (notOrderable) return refuse(notOrderable);
  if (pendingApprovals(p.lifecycle, s.value).length > 0) {
    return refuse(error(p.locale, 'approval-pending', 'quote.lifecycle.approvals', { list: describePending(p, s.value) }));
  }
  return move(p, 'order', 'ordered', { orderEventId: orderEventId(p.quote.id, p.version) }, { digest: s.value.digest });
}

/** Record that an open quote (never accepted) passed its `validUntil` at `ctx.at`. */
export function expire(quote: LifecycleQuote, ctx: TransitionContext): LifecycleResult {
  const prepared = prepare(quote, ctx);
  if (!prepared.ok) return refuse(...prepared.errors);
  const p = prepared.value;
  const stateError = checkState(p, 'expire', ['expired', 'draft', 'approval-pending', 'approved', 'rejected', 'sent']);
  if (stateError) return refuse(stateError);
  if (p.state !== 'expired') {
    return refuse(error(p.locale, 'not-expired', 'quote.validUntil', { validUntil: String(p.quote.validUntil ?? '—') }));
  }
  if (p.stored === 'expired') return { ok: true, quote: p.quote };
  return move({ ...p, state: p.stored }, 'expire', 'expired');
}
