import type { LifecycleEntry, LifecycleQuote, QuoteError, TransitionContext } from './lifecycle-types.js';
import { prepare } from './lifecycle-input.js';
import { checkState, move } from './lifecycle-move.js';

/** The answer of `revise`: the new version, and the old one marked superseded. */
export type ReviseResult = { ok: true; quote: LifecycleQuote; superseded: LifecycleQuote } | { ok: false; errors: QuoteError[] };

/**
 * Make version n+1 of a quote: a draft with the same lines, no approvals and no acceptance,
 * whose history continues the old one (every entry names its version, and a `revise` entry
 * marks the step). The old version comes back too, `superseded`, for the host to store: it
 * can no longer be approved, sent, accepted or ordered. An ordered quote is not revised (a
 * change after the order is the back office's change order, not a new quote version).
 */
export function revise(quote: LifecycleQuote, ctx: TransitionContext): ReviseResult {
  const prepared = prepare(quote, ctx);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const allowed = ['draft', 'approval-pending', 'approved', 'rejected', 'sent', 'accepted', 'expired'] as const;
  const stateError = checkState(p, 'revise', allowed);
  if (stateError) return { ok: false, errors: [stateError] };
  const next = p.version + 1;
  const old = move(p, 'supersede', 'superseded', { supersededBy: next });
  if (!old.ok) return old;
  const entry: LifecycleEntry = { action: 'revise', from: p.state, to: 'draft', at: p.ctx.at, actor: p.ctx.actor, version: next };
  if (p.ctx.reason !== undefined) entry.reason = p.ctx.reason;
  const revised: LifecycleQuote = {
    ...p.quote,
    version: next,
    lifecycle: { state: 'draft', approvals: [], history: [...p.lifecycle.history, entry] },
  };
  return { ok: true, quote: revised, superseded: old.quote };
}
