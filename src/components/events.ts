import type { OrderEvent } from '../quote/order-types.js';
import type { OpportunityStage } from '../quote/stages.js';
import type { QuoteState } from '../quote/lifecycle-types.js';
import type { Approval, PricedQuote, Quote } from '../types.js';

/**
 * The public events. Every one bubbles and is composed (it crosses shadow roots), and its
 * `detail` is plain JSON: money as decimal strings.
 */
export interface CpqQuoteChangeDetail {
  quote: Quote;
  priced: PricedQuote | undefined;
  /** After a revision: the version the new quote replaces (keep it, it is part of the history). */
  superseded?: Quote;
}

export interface CpqApprovalRequiredDetail {
  /** How many approvals the quote needs. */
  count: number;
  /** The approvals (empty in self-service mode: their rules name internal thresholds). */
  approvals: Approval[];
}

export interface CpqErrorDetail {
  /**
   * `catalog`: the catalog is not valid; `quote`: pricing reported errors; `service`: the quote
   * service refused a request; `property`: a property was set to a value it cannot take (path
   * `cpq-x.name`; the element kept its previous value); `attribute`: `catalog` or `quote` was given
   * as an attribute (they are properties).
   */
  source: 'catalog' | 'quote' | 'service' | 'property' | 'attribute';
  errors: { path: string; message: string; code?: string }[];
  /** `service` only: the HTTP status (401, 403, 409, 422, …; 0 when the service could not be reached). */
  status?: number;
}

/** `cpq-warning`: what does not stop the quote but is probably a mistake (a catalog field "descripton"). */
export interface CpqWarningDetail {
  source: 'catalog';
  warnings: { path: string; message: string }[];
}

export interface CpqServerDiffersDetail {
  /** The total this page computed with its catalog, and the service's total (the one shown). */
  local: string;
  server: string;
  currency: string;
  /** The digests of the two pricings (`sha-256:…`). */
  localDigest: string;
  serverDigest: string;
}

export interface CpqShareLinkDetail {
  /** The customer's link: the host's `share-url` with the token filled in (absent without `share-url`). */
  url?: string;
  /** The share token (a bearer token for this quote version only: give it to the customer alone). */
  token: string;
  /** When the link stops working (RFC 3339). */
  expiresAt: string;
  /** The link's id (to revoke it), and whether the customer may order online. */
  id: string;
  allowOrder: boolean;
  quoteId: string;
  version: number;
}

export interface CpqQuoteSavedDetail {
  /** The service's quote id (assigned when the first edit created the quote), version and revision. */
  quoteId: string;
  version: number;
  revision: number;
  state: QuoteState;
  digest: string;
  /** The service's total. */
  total: string;
}

export interface CpqStageSuggestDetail {
  /** The quote's new lifecycle state. */
  state: QuoteState;
  /** The opportunity stage it suggests (from the stage mapping), `null` for no move. */
  stage: OpportunityStage | null;
}

export interface CpqOrderSubmitDetail {
  /** The CloudEvents order event; cancel the event to deliver it yourself. */
  event: OrderEvent;
}

export interface CpqOrderDeliveredDetail {
  /** The order event id. */
  id: string;
  /** The receiver's HTTP status (201, or 409 when it had the order already). */
  status: number;
}

/** With `service`: where the quote's order stands, as the ERP reported it (or a seller's cancellation). */
export interface CpqOrderStatusDetail {
  /** The kit's order id (`order:<quote id>:v<n>`). */
  orderId: string;
  /** `placed`, `confirmed`, `fulfilled`, `invoiced` or `cancelled`. */
  status: string;
  /** The ERP's own order number, once it gave one. */
  erpOrderNumber?: string;
}

export interface CpqOrderFailedDetail {
  id: string;
  /** The receiver's HTTP status (a 4xx: final). */
  status: number | undefined;
  /** What the receiver said. */
  message: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cpq-quote-change': CustomEvent<CpqQuoteChangeDetail>;
    'cpq-approval-required': CustomEvent<CpqApprovalRequiredDetail>;
    'cpq-error': CustomEvent<CpqErrorDetail>;
    'cpq-warning': CustomEvent<CpqWarningDetail>;
    'cpq-stage-suggest': CustomEvent<CpqStageSuggestDetail>;
    'cpq-order-submit': CustomEvent<CpqOrderSubmitDetail>;
    'cpq-order-delivered': CustomEvent<CpqOrderDeliveredDetail>;
    'cpq-order-failed': CustomEvent<CpqOrderFailedDetail>;
    'cpq-order-status': CustomEvent<CpqOrderStatusDetail>;
    'cpq-server-differs': CustomEvent<CpqServerDiffersDetail>;
    'cpq-share-link': CustomEvent<CpqShareLinkDetail>;
    'cpq-quote-saved': CustomEvent<CpqQuoteSavedDetail>;
  }
}

type KitEvent = 'cpq-quote-change' | 'cpq-approval-required' | 'cpq-error' | 'cpq-warning' | 'cpq-stage-suggest' | 'cpq-order-submit' | 'cpq-order-delivered' | 'cpq-order-failed'
  | 'cpq-server-differs' | 'cpq-share-link' | 'cpq-quote-saved' | 'cpq-order-status';

/** Dispatch a kit event the way every kit event goes out; false when a listener cancelled it. */
export function emit<K extends KitEvent>(target: EventTarget, type: K, detail: GlobalEventHandlersEventMap[K]['detail'], cancelable = false): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}
