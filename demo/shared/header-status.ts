// The CRM page's quote status (its header), from the quote's lifecycle and its priced copy: where
// the lifecycle stands after each move first, then the figures. Pure, so it is tested in Node
// (test/demo-header-status.test.ts) on every state: the header never says 需要审批（3 项） of a
// quote already approved, sent, accepted or ordered.
import type { PricedQuote } from '../../src/index.js';
import type { LifecycleQuote } from '../../src/quote/lifecycle-types.js';

/** A key of the page's string table, its count, and the tone the header is painted in. */
export interface HeaderStatus {
  key: 'readonly' | 'notOrderable' | 'inApproval' | 'approved' | 'accepted' | 'ordered' | 'sent' | 'rejected' | 'expired' | 'superseded' | 'approvals' | 'orderable';
  count?: number;
  tone: 'ok' | 'warning' | 'error' | undefined;
}

export function headerStatus(quote: LifecycleQuote, priced: PricedQuote | undefined, readonly: boolean): HeaderStatus {
  const lifecycle = quote.lifecycle;
  const state = lifecycle?.state ?? 'draft';
  if (readonly) return { key: 'readonly', tone: undefined };
  if (!priced || !priced.orderable) return { key: 'notOrderable', tone: 'error' };
  if (state === 'approval-pending') {
    const decided = new Set((lifecycle?.approvals ?? []).filter((d) => d.digest === lifecycle?.digest).map((d) => `${d.ruleId}@${d.lineId ?? ''}`));
    return { key: 'inApproval', count: priced.approvals.filter((a) => !decided.has(`${a.ruleId}@${a.lineId ?? ''}`)).length, tone: 'warning' };
  }
  if (state === 'approved' || state === 'accepted' || state === 'ordered') return { key: state, tone: 'ok' };
  if (state === 'sent') return { key: 'sent', tone: undefined };
  if (state === 'rejected' || state === 'expired' || state === 'superseded') return { key: state, tone: state === 'rejected' ? 'warning' : undefined };
  return priced.approvals.length > 0 ? { key: 'approvals', count: priced.approvals.length, tone: 'warning' } : { key: 'orderable', tone: 'ok' };
}
