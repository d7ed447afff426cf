import { own } from '../core/object.js';
import { describe } from '../core/parse.js';
import type { ApprovalDecision, LifecycleQuote, LifecycleResult, QuoteSnapshot, TransitionContext } from './lifecycle-types.js';
import { approvalKey, pendingApprovals, prepare, readSnapshot } from './lifecycle-input.js';
import { begin, checkOrderable, checkState, describePending, move, refuse } from './lifecycle-move.js';
import { actionName, error, phrase, stateName } from './messages.js';

/**
 * The seller's side of the lifecycle: submitting for approval, approving, rejecting, and
 * recording an edit. Approvals are bound to the digest of the priced quote they were given
 * for: an approval for other prices never counts, and a price-relevant edit after approval
 * (a known bypass in other CPQ systems) sends the quote back to approval.
 */

/**
 * Submit a draft (or rejected) quote: to `approval-pending`, or straight to `approved` when it
 * needs none. An approved quote may be submitted again when the catalog's approval rules now
 * ask for more than was approved (its decisions for the same prices are kept).
 */
export function submit(quote: LifecycleQuote, snap: QuoteSnapshot, ctx: TransitionContext): LifecycleResult {
  const b = begin(quote, snap, ctx, 'submit', ['draft', 'rejected', 'approved']);
  if (!b.ok) return b.result;
  const { p, snap: s } = b;
  const notOrderable = checkOrderable(p, s);
  if (notOrderable) return refuse(notOrderable);
  const kept = { ...p.lifecycle, approvals: p.lifecycle.approvals.filter((d) => d.digest === s.digest) };
  const to = pendingApprovals(kept, s).length > 0 ? 'approval-pending' : 'approved';
  return move(p, 'submit', to, { digest: s.digest, approvals: kept.approvals }, { digest: s.digest });
}

/** Options of `approve`. */
export interface ApproveContext extends TransitionContext {
  /** The approvals decided (rule ids; `ruleId@lineId` for one line); default every pending one. */
  approvals?: string[];
}

/**
 * Approve pending approvals of the quote version as priced in `snap`. The quote becomes
 * `approved` once no approval is pending. Who may approve what is the host's decision.
 */
export function approve(quote: LifecycleQuote, snap: QuoteSnapshot, ctx: ApproveContext): LifecycleResult {
  const b = begin(quote, snap, ctx, 'approve', ['approval-pending']);
  if (!b.ok) return b.result;
  const { p, snap: s } = b;
  if (s.digest !== p.lifecycle.digest) return refuse(error(p.locale, 'changed-since-submit', 'snapshot.digest'));
  const pending = pendingApprovals(p.lifecycle, s);
  const chosen = own(ctx, 'approvals');
  let decided = pending;
  if (chosen !== undefined) {
    if (!Array.isArray(chosen) || !chosen.every((c) => typeof c === 'string')) {
      return refuse(error(p.locale, 'invalid-input', 'context.approvals', { what: phrase(p.locale, `approvals must be an array of rule ids, got ${describe(chosen)}.`, `approvals 必须是规则编号数组，实际为 ${describe(chosen)}。`) }));
    }
    // A bare rule id decides every line's approval of that rule (below-floor on several lines).
    const unknown = chosen.findIndex((c) => !pending.some((a) => approvalKey(a) === c || a.ruleId === c));
    if (unknown >= 0) {
      return refuse(error(p.locale, 'unknown-approval', `context.approvals[${unknown}]`, { rule: chosen[unknown]!, list: describePending(p, s) || '—' }));
    }
    decided = pending.filter((a) => chosen.includes(approvalKey(a)) || chosen.includes(a.ruleId));
  }
  const decisions: ApprovalDecision[] = decided.map((a) => {
    const d: ApprovalDecision = { ruleId: a.ruleId, level: a.level, approvedBy: ctx.actor, approvedAt: ctx.at, digest: s.digest };
    if (a.lineId !== undefined) d.lineId = a.lineId;
    if (ctx.reason !== undefined) d.reason = ctx.reason;
    return d;
  });
  const done = decided.length === pending.length;
  return move(p, 'approve', done ? 'approved' : 'approval-pending',
    { approvals: [...p.lifecycle.approvals, ...decisions] }, { digest: s.digest, approvals: decided.map(approvalKey) });
}

/** Reject a quote pending approval (a reason is required); the seller edits it and submits again, or revises it. */
export function reject(quote: LifecycleQuote, snap: QuoteSnapshot, ctx: TransitionContext): LifecycleResult {
  const b = begin(quote, snap, ctx, 'reject', ['approval-pending']);
  if (!b.ok) return b.result;
  const { p } = b;
  if (typeof ctx.reason !== 'string' || ctx.reason.trim() === '') {
    return refuse(error(p.locale, 'reason-required', 'context.reason', { action: actionName(p.locale, 'reject') }));
  }
  return move(p, 'reject', 'rejected', { approvals: [], digest: undefined }, { digest: b.snap.digest });
}

/**
 * Record that the quote was edited and priced again (call it after every change). When the
 * digest is unchanged nothing happens; when it changed, a quote pending approval or approved
 * goes back to `approval-pending` (or to `draft` when it now needs no approval), with the
 * approvals given so far dropped, and a rejected quote becomes a draft again. A quote that was
 * sent, accepted or ordered cannot change: revise it.
 */
export function recordEdit(quote: LifecycleQuote, snap: QuoteSnapshot, ctx: TransitionContext): LifecycleResult {
  const prepared = prepare(quote, ctx);
  if (!prepared.ok) return refuse(...prepared.errors);
  const p = prepared.value;
  const s = readSnapshot(p, snap);
  if (!s.ok) return refuse(...s.errors);
  const { digest } = s.value;
  const stored = p.stored;
  if (stored === 'draft' || digest === p.lifecycle.digest) return { ok: true, quote: p.quote };
  if (stored === 'approval-pending' || stored === 'approved' || stored === 'rejected') {
    const again = stored !== 'rejected' && s.value.approvals.length > 0;
    // The edit is judged by the stored state: a draft past validUntil may still be edited (to extend it).
    return move({ ...p, state: stored }, 'edit', again ? 'approval-pending' : 'draft',
      { digest: again ? digest : undefined, approvals: [] }, { digest });
  }
  if (stored === 'superseded' || stored === 'ordered') return refuse(checkState(p, 'edit', [])!);
  return refuse(error(p.locale, 'locked', 'quote.lifecycle.state', { state: stateName(p.locale, stored) }));
}
