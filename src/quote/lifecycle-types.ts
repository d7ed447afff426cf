import type { Quote } from '../types.js';

/**
 * The quote lifecycle as data (issue 6). A quote carries its lifecycle in `quote.lifecycle`
 * (an extension of the contract's quote that pricing ignores), so the record travels with the
 * quote through a host's storage, the elements and the order event. Every function returns a
 * new quote and never mutates its input.
 */

/** Where a quote version stands. `expired` may also be derived from `validUntil` and a time. */
export type QuoteState =
  | 'draft'
  | 'approval-pending'
  | 'approved'
  | 'rejected'
  | 'sent'
  | 'accepted'
  | 'ordered'
  | 'expired'
  | 'superseded';

/** What moved a quote from one state to another (one history entry each). */
export type LifecycleAction =
  | 'submit'
  | 'approve'
  | 'reject'
  | 'send'
  | 'accept'
  | 'decline'
  | 'order'
  | 'edit'
  | 'expire'
  | 'revise'
  | 'supersede';

/** One recorded transition: who did what, when, and why. */
export interface LifecycleEntry {
  action: LifecycleAction;
  from: QuoteState;
  to: QuoteState;
  /** RFC 3339 date-time with offset. */
  at: string;
  actor: string;
  /** The quote version the entry belongs to (history is kept across revisions). */
  version: number;
  reason?: string;
  /** The priced-quote digest the transition was bound to (submit, approve, send, accept, order, edit). */
  digest?: string;
  /** The approvals an `approve` entry decided (rule id, `@line` for per-line approvals). */
  approvals?: string[];
}

/** An approval given for one required approval of the priced quote, bound to its digest. */
export interface ApprovalDecision {
  ruleId: string;
  level: string;
  lineId?: string;
  approvedBy: string;
  approvedAt: string;
  digest: string;
  reason?: string;
}

/** The customer's acceptance of what was sent, bound to its digest. */
export interface Acceptance {
  by: string;
  at: string;
  digest: string;
  /** The customer's reference: purchase order number, signature id, … */
  reference?: string;
}

/** The lifecycle record of one quote version. */
export interface Lifecycle {
  state: QuoteState;
  /** The digest the current state is bound to: submitted, approved, sent, accepted or ordered. */
  digest?: string;
  /** Approvals given for `digest` (cleared whenever the digest changes). */
  approvals: ApprovalDecision[];
  acceptance?: Acceptance;
  /** The order event id, once ordered. */
  orderEventId?: string;
  /** The version that replaced this one. */
  supersededBy?: number;
  /** Every transition of this quote and of the versions it was revised from, oldest first. */
  history: LifecycleEntry[];
}

/** A contract quote with its lifecycle (a quote without one is a draft with no history). */
export type LifecycleQuote = Quote & { lifecycle?: Lifecycle };

/** An approval the priced quote asks for, as the lifecycle needs it. */
export interface RequiredApproval {
  ruleId: string;
  level: string;
  lineId?: string;
  message: string;
}

/**
 * What the lifecycle needs to know of a priced quote: its digest (computed by `snapshot`),
 * whether it can be ordered, and which approvals it requires.
 */
export interface QuoteSnapshot {
  quoteId: string;
  version: number;
  digest: string;
  orderable: boolean;
  approvals: RequiredApproval[];
}

/** Who performs a transition, when, and why. */
export interface TransitionContext {
  /** RFC 3339 date-time with offset, e.g. `2026-11-28T10:00:00+08:00`; expiry is judged against it. */
  at: string;
  actor: string;
  reason?: string;
  /** Locale of error messages (`zh-CN` or `en`); default the quote's, then `en`. */
  locale?: string;
}

/** A located problem: a stable `code`, where (`path`), and a message in the requested locale. */
export interface QuoteError {
  code: string;
  path: string;
  message: string;
}

/** The answer of every transition: the new quote, or the reasons it was refused. */
export type LifecycleResult = { ok: true; quote: LifecycleQuote } | { ok: false; errors: QuoteError[] };
