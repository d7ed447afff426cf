import type { ReactiveControllerHost } from 'lit';
import type { Catalog, Quote } from '../../types.js';
import type { CpqServerDiffersDetail, CpqShareLinkDetail } from '../events.js';
import type { ServiceLevel } from '../quote/approval-levels.js';
import type { OrderStatus } from '../quote/quote-flow.js';
import type { CustomerQuote, SellerQuote, ServiceClient, ServiceError } from './client.js';
import type { ServiceMove } from './move-targets.js';

/** What the elements see of the service (`CpqState.service`). */
export interface ServiceStatus {
  /** A customer's share link (the portal): moves are accept, decline and, when allowed, order. */
  customer: boolean;
  /** The move in progress, and the trouble it is being retried through. */
  busy?: ServiceMove;
  retrying?: string;
  /** The share link made by the last send in this page. */
  shareLink?: CpqShareLinkDetail;
  /** The seller let the customer order online (share links only). */
  allowOrder: boolean;
  /** The signed-in user (from their token's claims: id and approval levels), to offer the moves they may make. */
  user?: { id: string; levels: string[] };
  /** The quote's owner, who may not approve it. */
  owner?: string;
  /** Where each approval level stands for the current prices (多级审批). */
  levels?: ServiceLevel[];
}

/** The element the service works for: `<cpq-quote>`. */
export interface ServiceHost extends ReactiveControllerHost, HTMLElement {
  service: string | undefined;
  quoteId: string | undefined;
  getToken: (() => string | Promise<string>) | undefined;
  shareToken: string | undefined;
  shareUrl: string | undefined;
  shareOptions: { days?: number; allowOrder?: boolean } | undefined;
  catalog: Catalog | undefined;
  readonly quote: Quote;
  /** Take the service's quote as the element's own (`move`: the answer to a user's move, announced as a change). */
  adoptQuote(quote: Quote, how: 'load' | 'save' | 'move'): void;
  /** This page's full pricing of `quote`: its total and digest (undefined before the catalog is prepared). */
  localFigures(quote: Quote): { total: string; digest: string } | undefined;
  uiLocale(): string;
  /** The status changed: share it. */
  serviceChanged(): void;
}

/** What the edit sync and the moves share of the controller: the quote as the service last answered it. */
export interface ServiceHub {
  readonly host: ServiceHost;
  readonly client: ServiceClient | undefined;
  /** What is loaded (service, quote id or share token): an answer for another key is dropped. */
  readonly key: string;
  readonly customer: boolean;
  readonly loading: Promise<void> | undefined;
  /** The seller's view last answered, or the customer's. */
  view: SellerQuote | undefined;
  readonly shared: CustomerQuote | undefined;
  /** The quote object the service last answered with (the page's quote when nothing is unsaved). */
  synced: Quote | undefined;
  /** The last refusal of a load or a save, and the last differing pricing. */
  error: ServiceError | undefined;
  differs: CpqServerDiffersDetail | undefined;
  order: OrderStatus;
  take(view: SellerQuote, how: 'load' | 'save' | 'move'): void;
  takeShared(view: CustomerQuote, how: 'load' | 'move'): void;
  /** The first edit created quote `quoteId`. */
  created(quoteId: string): void;
  reload(keepError?: boolean): Promise<void>;
  /** A refusal of a load, a save or a move: kept for the alert (`fail`), reported as `cpq-error`. */
  fail(e: unknown): ServiceError;
  report(error: ServiceError): ServiceError;
  /** The bearer token for the next request; `scope()`: whose moves this page sends. */
  token(): Promise<string | undefined>;
  scope(): string | undefined;
}
