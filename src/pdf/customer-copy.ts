import { isRecord, own } from '../core/object.js';
import { pricedForCustomer } from '../quote/redact.js';
import type { PricedQuote } from '../types.js';

/**
 * What the attached `cpq-quote.json` holds. A quote document is made to be handed to the
 * customer, and any PDF viewer lists its attachments: by default it carries the customer's copy
 * (`pricedForCustomer`, the same copy self-service shows), and the seller's priced quote — costs,
 * margins, floor-price issues, approvals and their thresholds — only when the host names it.
 */
export type AttachmentMode = 'customer-copy' | 'internal-priced-quote';

/** Every attachment mode, for checking input. */
export const ATTACHMENT_MODES: readonly AttachmentMode[] = ['customer-copy', 'internal-priced-quote'];

/**
 * The JSON to attach for `mode`. `pricedQuote` has passed `checkPricedQuote` (its lines and
 * totals are objects) but the approvals and issues are read as untrusted, and a copy that is
 * already the customer's (self-service) keeps its `reviewRequired`.
 */
export function attachmentContent(pricedQuote: PricedQuote, mode: AttachmentMode): unknown {
  if (mode === 'internal-priced-quote') return pricedQuote;
  const records = (key: string): Record<string, unknown>[] => {
    const v = own(pricedQuote, key);
    return Array.isArray(v) ? v.filter(isRecord) : [];
  };
  const approvals = records('approvals');
  const copy = pricedForCustomer({ ...pricedQuote, approvals: approvals as never, issues: records('issues') as never });
  return { ...copy, reviewRequired: approvals.length > 0 || own(pricedQuote, 'reviewRequired') === true };
}
