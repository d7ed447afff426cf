import type { Approval, PricedQuote, Quote } from '../types.js';

/**
 * The public events. Every one bubbles and is composed (it crosses shadow roots), and its
 * `detail` is plain JSON: money as decimal strings.
 */
export interface CpqQuoteChangeDetail {
  quote: Quote;
  priced: PricedQuote | undefined;
}

export interface CpqApprovalRequiredDetail {
  /** How many approvals the quote needs. */
  count: number;
  /** The approvals (empty in self-service mode: their rules name internal thresholds). */
  approvals: Approval[];
}

export interface CpqErrorDetail {
  /** `catalog`: the catalog is not valid; `quote`: pricing reported errors. */
  source: 'catalog' | 'quote';
  errors: { path: string; message: string; code?: string }[];
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cpq-quote-change': CustomEvent<CpqQuoteChangeDetail>;
    'cpq-approval-required': CustomEvent<CpqApprovalRequiredDetail>;
    'cpq-error': CustomEvent<CpqErrorDetail>;
  }
}

/** Dispatch a kit event the way every kit event goes out. */
export function emit<K extends 'cpq-quote-change' | 'cpq-approval-required' | 'cpq-error'>(
  target: EventTarget, type: K, detail: GlobalEventHandlersEventMap[K]['detail'],
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
