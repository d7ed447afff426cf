import { createContext } from '@lit/context';
import type { LifecycleEntry, QuoteError, QuoteState } from '../quote/lifecycle-types.js';
import type { OpportunityStage } from '../quote/stages.js';
import type { ApprovalLevelView } from './quote/approval-levels.js';
import type { OrderStatus, QuoteAction } from './quote/quote-flow.js';
import type { MoveDetails, ServiceMove, ServiceStatus } from './service/quote-service.js';
import type { QuoteFields } from '../quote/edit.js';
import type { Catalog, ConfigSelection, ConfigState, LineDiscount, PricedQuote, Quote, QuoteDiscount, QuoteLine, ValidationError } from '../types.js';

/** Who is using the elements: a seller (every figure) or a customer (only what a customer may see). */
export type CpqMode = 'sales' | 'self-service';

/** A change of a ramp deal (`editRamp`); `index` counts the segments from 0. */
export type RampEdit =
  | { op: 'add' }
  | { op: 'removeSegment'; index: number }
  | { op: 'set'; index: number; qty?: string; discount?: LineDiscount | null }
  | { op: 'remove' };

/**
 * What `<cpq-quote>` shares with the elements inside it. A new object on every change (context
 * consumers are notified by identity); treat it as read-only and change things through `api`.
 */
export interface CpqState {
  /** The catalog as the elements may show it (in self-service: without costs, floors and rules). */
  catalog: Catalog | undefined;
  /** Catalog validation errors (empty when the catalog is valid or absent). */
  catalogErrors: readonly ValidationError[];
  /** True while the catalog is being validated (the first time the elements meet a catalog). */
  loading: boolean;
  quote: Quote;
  /** The priced quote (in self-service: the customer's copy), undefined without a valid catalog. */
  priced: PricedQuote | undefined;
  /** Configuration states of the lines whose product has features, by line id. */
  configs: Readonly<Record<string, ConfigState>>;
  /** The line being configured (set by the line editor or the picker), if any. */
  activeLineId: string | null;
  locale: string;
  mode: CpqMode;
  /** Nothing can be changed: `readonly` on `<cpq-quote>`, or a quote sent, accepted, ordered, expired or superseded. */
  readonly: boolean;
  /** Where the quote stands: its lifecycle state, the opportunity stage that suggests, and its history. */
  lifecycle: {
    state: QuoteState;
    stage: OpportunityStage | null;
    history: readonly LifecycleEntry[];
    /** Lifecycle moves are possible (the host did not set `readonly`); a locked quote still moves on. */
    canMove: boolean;
    /** Sales mode: the approvals of the current prices by level, each with where it stands (empty in self-service). */
    approvals: readonly ApprovalLevelView[];
    /** Who owns the quote (its seller): the `owner` of `<cpq-quote>`, the service's owner, else who submitted it. */
    owner?: string;
    /** Who acts now: `actor`, or with a service the signed-in user's id. */
    actor?: string;
    /** The owner may approve their own quote (`allow-own-approval`, local mode only: the service never lets them). */
    allowOwnApproval: boolean;
  };
  /** The order handoff in this browser (with a quote service: the order move). */
  order: OrderStatus;
  /** With a quote service (`service` on `<cpq-quote>`): the move in progress, the share link, the customer's view. */
  service?: ServiceStatus;
  /**
   * True while a quote above `<cpq-quote>`'s `worker-threshold` is being priced in the Web Worker:
   * `quote` and `priced` are still those of the quote before the change (the figures are not the
   * new ones yet: show them as updating, e.g. `aria-busy`).
   */
  updating?: boolean;
  api: CpqApi;
}

/** Changes the elements ask of `<cpq-quote>`; each reprices and fires `cpq-quote-change`. */
export interface CpqApi {
  /** Add a line for `sku` at its default quantity; returns the new line's id (undefined when read-only). */
  addProduct(sku: string, selection?: ConfigSelection): string | undefined;
  /** Change fields of a line (`undefined` removes a field). Discounts are ignored in self-service. */
  updateLine(id: string, patch: Partial<Omit<QuoteLine, 'id'>>): void;
  /** Set a line's quantity, term, attributes and options from a configured selection. */
  configureLine(id: string, selection: ConfigSelection): void;
  removeLine(id: string): void;
  moveLine(id: string, to: number): void;
  /** Set or clear (undefined) a line's manual discount (sales mode only). */
  setLineDiscount(id: string, discount: LineDiscount | undefined): void;
  /** Set or clear the quote's manual discount (sales mode only); the discount it has already is no change (no event). */
  setQuoteDiscount(discount: QuoteDiscount | undefined): void;
  /** Set or clear (undefined) some of the quote's own fields: customer, price book, currency, dates, payment terms, notes, terms (sales mode only). */
  setQuoteFields(patch: Partial<QuoteFields>): void;
  /** Add a section heading or a note line at position `at` (default the end); its id (sales mode only). */
  addTextLine(kind: 'section' | 'note', text: string, at?: number): string | undefined;
  /**
   * On an amendment: an existing subscription's quantity from the effective date (more: an
   * increase, less: a credit, the contracted quantity: no change; `changeQuantity` of
   * cpq-kit/contract). The refusal's located errors, or [] when the quote changed (sales mode only).
   */
  changeSubscription(subscriptionId: string, qty: string): { path: string; message: string }[];
  /**
   * Change ramp deal `rampId` (the lines of group `ramp:<rampId>`, cpq-kit/contract's ramp
   * operations): `add` a segment after the last, `removeSegment` one (not the last remaining),
   * `set` a segment's quantity and/or price (`discount`, null clears it), or `remove` the whole
   * ramp. Segments stay contiguous. Adding, removing segments and prices: sales mode only. The
   * refusal's located errors, or [] when the quote changed.
   */
  editRamp(rampId: string, edit: RampEdit): { path: string; message: string }[];
  /**
   * Make a line of a product sold by term a ramp of two segments (its term split in two halves,
   * the same quantity and price), from the contract's effective date or the quote's date. The
   * refusal's located errors, or [] (sales mode only).
   */
  makeRamp(lineId: string): { path: string; message: string }[];
  /** Copy a line right after it; the copy's id (sales mode only). */
  cloneLine(id: string): string | undefined;
  /** The same change on several lines (one reprice); discounts only in sales mode. */
  updateLines(ids: readonly string[], patch: Partial<Omit<QuoteLine, 'id'>>): void;
  /** Remove several lines (one reprice). */
  removeLines(ids: readonly string[]): void;
  /** Choose the line to configure (null for none). */
  selectLine(id: string | null): void;
  /** The exact sum of decimal strings (undefined until the core is loaded, as are prices). */
  sum(amounts: Iterable<string>): string | undefined;
  /**
   * Move the quote along its lifecycle; the refusal's located errors, or [] when it moved. With a
   * quote service the move is asynchronous: this starts it and returns [] (its refusal comes as
   * `cpq-error`); `move` resolves with the outcome.
   */
  transition(action: QuoteAction, details?: { reason?: string; reference?: string }): QuoteError[];
  /**
   * Make a move — a lifecycle move or the order — the way `<cpq-quote>` is set up: through the
   * quote service when `service` is set (asynchronous, refusals from the service), else locally
   * (`transition`, `submitOrder`). Resolves with the refusal's located errors, or [] when done.
   */
  move(action: ServiceMove, details?: MoveDetails): Promise<QuoteError[]>;
  /** Hand the accepted quote's order event over (`cpq-order-submit`, then the outbox); refusals as errors. */
  submitOrder(): Promise<QuoteError[]>;
  /** Send a refused order again (after the receiver was fixed). */
  retryOrder(): Promise<void>;
  /**
   * Price a what-if quote with the full catalog (redacted as the mode requires); nothing changes.
   * `memo: false` keeps it out of the memo of incremental re-pricing (many one-off what-ifs).
   */
  preview(quote: Quote, options?: { memo?: boolean }): PricedQuote | undefined;
  /**
   * A change the user is about to commit (a value typed, not yet entered): priced ahead so that
   * committing it shows its figures sooner — above `worker-threshold` lines by the pricing worker,
   * off the main thread, below it on the page, in this call — and resolved with that pricing
   * (redacted as `preview`'s) for a preview of what it would set off; undefined when it was not
   * priced (a committed change is being priced, a newer change overtook it, no valid catalog).
   * Nothing is shared and no event is sent; a change that is not committed costs only its pricing.
   */
  anticipate(quote: Quote): Promise<PricedQuote | undefined>;
}

export const cpqContext = createContext<CpqState | undefined>(Symbol('cpq-state'));
