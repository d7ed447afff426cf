import type { CustomerQuote, SellerQuote } from './client.js';
import type { serviceStrings } from './service-strings.js';

/** A move `<cpq-quote>` can ask of the service: the lifecycle's moves and the order. */
export type ServiceMove = 'submit' | 'approve' | 'reject' | 'send' | 'accept' | 'decline' | 'revise' | 'order';

/** What a person gives with a move: a reason, a PO reference, the customer's name. */
export interface MoveDetails {
  reason?: string;
  reference?: string;
  name?: string;
  /** Approve or reject: the level decided (the service decides its current level; another one is refused here). */
  level?: string;
  /** Local mode, approve: the approvals decided (lifecycle keys); default every pending one. */
  approvals?: string[];
}

/** Where a move goes and what it says, or why it is not sent (a message key of `serviceStrings`, and the field). */
export type MoveTarget = { path: string; body: object } | { refuse: keyof (typeof serviceStrings)['en']; field?: string };

/**
 * A seller's (or an approver's) move on the version they see: an approval, a rejection and a send
 * carry the digest the person saw, so that the service refuses them when the prices changed.
 */
export function sellerTarget(v: SellerQuote | undefined, action: ServiceMove, d: MoveDetails, share: { days?: number; allowOrder?: boolean } = {}): MoveTarget {
  if (!v) return { refuse: 'notSaved' };
  const path = `quotes/${encodeURIComponent(v.quoteId)}/versions/${v.version}/${action}`;
  const reason = d.reason?.trim();
  if ((action === 'approve' || action === 'reject') && d.level !== undefined && !v.approval.levels.some((l) => l.level === d.level && l.status === 'current')) {
    return { refuse: 'notCurrentLevel' };
  }
  switch (action) {
    case 'submit': case 'order': return { path, body: {} };
    case 'approve': return { path, body: { digest: v.digest, ...(reason ? { reason } : {}) } };
    case 'reject': return reason ? { path, body: { reason, digest: v.digest } } : { refuse: 'reasonRequired', field: 'reason' };
    case 'send': return { path, body: { digest: v.digest, ...(share.days !== undefined ? { days: share.days } : {}), ...(share.allowOrder !== undefined ? { allowOrder: share.allowOrder } : {}) } };
    case 'revise': return { path, body: reason ? { reason } : {} };
    default: return { refuse: 'customerMove' };
  }
}

/** A customer's move through their share link: accept (bound to the digest shown), decline, order. */
export function customerTarget(v: CustomerQuote | undefined, action: ServiceMove, d: MoveDetails): MoveTarget {
  if (!v) return { refuse: 'notLoaded' };
  if (action !== 'accept' && action !== 'decline' && action !== 'order') return { refuse: 'sellerMove' };
  if (action === 'order' && !v.allowOrder) return { refuse: 'orderNotOnline' };
  const name = d.name?.trim();
  if (!name) return { refuse: 'nameRequired', field: 'name' };
  const reference = d.reference?.trim();
  const reason = d.reason?.trim();
  if (action === 'accept') return { path: 'share/accept', body: { name, digest: v.digest, ...(reference ? { poReference: reference } : {}) } };
  if (action === 'decline') return { path: 'share/decline', body: { name, ...(reason ? { reason } : {}) } };
  return { path: 'share/order', body: { name } };
}
