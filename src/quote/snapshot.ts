import { own } from '../core/object.js';
import type { PricedQuote } from '../types.js';
import { quoteDigest } from './digest.js';
import type { QuoteSnapshot, RequiredApproval } from './lifecycle-types.js';

/**
 * What the lifecycle needs of a priced quote, with its digest (synchronous and pure). A host
 * takes a snapshot of the priced quote when someone submits, approves, sends, accepts or orders,
 * and passes it to the transition.
 *
 * @example
 * const priced = priceQuote(catalog, quote);
 * const result = approve(quote, snapshot(priced), { at: '2026-11-28T10:00:00+08:00', actor: 'li.manager' });
 */
export function snapshot(priced: PricedQuote): QuoteSnapshot {
  const approvals = own(priced, 'approvals');
  const quoteId = own(priced, 'quoteId');
  const version = own(priced, 'version');
  return {
    quoteId: typeof quoteId === 'string' ? quoteId : '',
    version: Number.isSafeInteger(version) ? (version as number) : 1,
    digest: quoteDigest(priced),
    orderable: own(priced, 'orderable') === true,
    approvals: (Array.isArray(approvals) ? approvals : []).flatMap((a): RequiredApproval[] => {
      const ruleId = own(a, 'ruleId');
      const level = own(a, 'level');
      const lineId = own(a, 'lineId');
      const text = own(a, 'message');
      if (typeof ruleId !== 'string' || typeof level !== 'string') return [];
      const out: RequiredApproval = { ruleId, level, message: typeof text === 'string' ? text : ruleId };
      if (typeof lineId === 'string') out.lineId = lineId;
      return [out];
    }),
  };
}
