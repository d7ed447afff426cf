import type { QuoteState } from '../quote/lifecycle-types.js';

/**
 * What a quote document says about itself: `final` prints clean; every other status prints a
 * diagonal watermark and a header mark on every page, so a page that travels alone (a fax, a
 * photo, a forwarded page 3) still says that it is not a binding quote.
 *
 * Type-only imports: the elements read this module to say which mark a download will carry,
 * without loading pdf-lib or the core.
 */
export type DocumentStatus = 'draft' | 'pending-approval' | 'expired' | 'superseded' | 'final';

/** Every document status, for checking input. */
export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ['draft', 'pending-approval', 'expired', 'superseded', 'final'];

/** Lifecycle states whose prices were approved (or needed no approval) when they were reached. */
const CLEARED: ReadonlySet<QuoteState> = new Set(['approved', 'sent', 'accepted', 'ordered']);

/** True for the states that come after approval: approved, sent, accepted, ordered. */
export function isCleared(state: QuoteState): boolean {
  return CLEARED.has(state);
}

/** What decides a document's status. */
export interface StatusFacts {
  /** The lifecycle state when the document is made (`stateOf(quote, at)`: expiry included). */
  state: QuoteState;
  /** Approvals are required that no decision for these prices covers yet. */
  approvalPending: boolean;
  /** The priced quote has errors (not orderable). */
  hasErrors: boolean;
}

/**
 * The status a document carries. A superseded or expired quote says so whatever else is true;
 * a quote with errors is a draft; one waiting for approvals (or submitted and not yet decided)
 * is pending approval; a rejected one is back to a draft. A draft that needs no approval and
 * has no errors prints clean: the lifecycle lets it be sent as it is.
 */
export function documentStatus(facts: StatusFacts): DocumentStatus {
  const { state } = facts;
  if (state === 'superseded') return 'superseded';
  if (state === 'expired') return 'expired';
  if (facts.hasErrors) return 'draft';
  if (state === 'approval-pending' || facts.approvalPending) return 'pending-approval';
  if (state === 'rejected') return 'draft';
  return 'final';
}

/** The word printed on the page for each status that has one, by language. */
const MARKS: Record<'zh' | 'en', Record<Exclude<DocumentStatus, 'final'>, { mark: string; note: string }>> = {
  zh: {
    draft: { mark: '草稿', note: '本报价单为草稿，不构成正式报价。' },
    'pending-approval': { mark: '待审批', note: '本报价单尚待内部审批，批准前不构成正式报价。' },
    expired: { mark: '已过期', note: '本报价单已超过有效期，不再有效。' },
    superseded: { mark: '已作废', note: '本报价单已被新版本取代，不再有效。' },
  },
  en: {
    draft: { mark: 'DRAFT', note: 'This quote is a draft and not a binding offer.' },
    'pending-approval': { mark: 'PENDING APPROVAL', note: 'This quote awaits internal approval and is not a binding offer until approved.' },
    expired: { mark: 'EXPIRED', note: 'This quote has passed its validity date and is no longer valid.' },
    superseded: { mark: 'SUPERSEDED', note: 'This quote has been replaced by a newer version and is no longer valid.' },
  },
};

/** The mark and its one-line note in a document's language (`zh*` Chinese, else English); undefined for `final`. */
export function statusMark(status: DocumentStatus, locale: string): { mark: string; note: string } | undefined {
  if (status === 'final') return undefined;
  return MARKS[/^zh\b/i.test(locale) ? 'zh' : 'en'][status];
}
