import type { QuoteDiscount, QuoteAdjustment, QuoteOption, LineDiscount, TaxMode, RoundingMode, TaxSummary } from '../types.js';
import type { Acceptance, LifecycleQuote, QuoteError } from './lifecycle-types.js';

/** The version of the order event's `data` layout (`schemas/order-event.schema.json`). */
export const ORDER_SCHEMA_VERSION = '1';
/** The `$id` of the data schema, also sent as the event's `dataschema`. */
export const ORDER_DATA_SCHEMA = 'urn:cpq-kit:schema:order-event:1';
/** The event type the kit emits by default. */
export const ORDER_EVENT_TYPE = 'cpq-kit.order.created';
/** @extension The event types of an ordered amendment and renewal of a contract (issue 16). */
export const ORDER_AMENDED_TYPE = 'cpq-kit.order.amended';
export const ORDER_RENEWED_TYPE = 'cpq-kit.order.renewed';

/** How an order event's type ends, by what the quote is: a new sale, an amendment or a renewal. */
export function orderTypeSuffix(kind: unknown): 'order.created' | 'order.amended' | 'order.renewed' {
  return kind === 'amendment' ? 'order.amended' : kind === 'renewal' ? 'order.renewed' : 'order.created';
}

/**
 * One order line: what was priced (a quote line, or an option line of a bundle with its
 * `parentId`) and, on quote lines, what the seller entered (`options`, `discount`,
 * `priceRule`), so that a back end can price the order again from its own catalog.
 */
export interface OrderLine {
  id: string;
  parentId: string | null;
  sku: string;
  name: string;
  category?: string;
  unit?: string;
  qty: string;
  term?: string;
  /** @extension A line with a service period: its first and last day and the factor it was charged for (`"297/28"`). */
  period?: { start: string; end: string; factor: string; label: string };
  /** @extension An existing subscription shown on an amendment: not charged (left out of the totals). */
  locked?: boolean;
  /** @extension A decrease or cancellation: a credit (negative amounts). */
  credit?: boolean;
  /** @extension The contract subscription the line changes or renews. */
  subscriptionId?: string;
  /** @extension Quote lines only, as entered: the subscription's contracted net unit price, and whether the seller priced it again. */
  contractedUnitPrice?: string;
  repriced?: boolean;
  /** The unit of `term` (`month`, `year`, `day`), from the catalog. */
  termUnit?: string;
  attributes?: Record<string, string>;
  /** Quote lines only: the options chosen, as entered. */
  options?: QuoteOption[];
  /** Quote lines only: the manual discount, as entered. */
  discount?: LineDiscount;
  /** Quote lines only: the price rule chosen to resolve a tie, as entered. */
  priceRule?: string;
  /** The delivery date the customer asked for (`YYYY-MM-DD`): the quote line's own, else the quote's; an option line has its quote line's. */
  requestedDate?: string;
  /** The non-stackable price rule that was applied. */
  appliedRule?: string;
  optional: boolean;
  included?: boolean;
  group?: string;
  listUnitPrice: string;
  netUnitPrice: string;
  listAmount: string;
  netAmount: string;
  discountPercent: string;
  taxCode: string;
  taxRate: string;
  tax: string;
  total: string;
}

/** A required approval and who gave it, for which digest. */
export interface OrderApproval {
  ruleId: string;
  level: string;
  lineId?: string;
  /** The approval rule's message; left out of events built for a customer (`forCustomer`): it names internal thresholds. */
  message?: string;
  approvedBy: string;
  approvedAt: string;
  digest: string;
}

/** A postal address of an order party, as the host holds it (every field optional). */
export interface OrderAddress {
  /** Street lines, most specific first (1 to 6). */
  lines?: string[];
  city?: string;
  /** State, province or region (省/州). */
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2, e.g. `CN`. */
  country?: string;
}

/** Whom to call about an order party. */
export interface OrderContact {
  name?: string;
  phone?: string;
  email?: string;
}

/** A party of the sales order (bill-to, ship-to): the host's id for it, its name, tax id, address and contact. */
export interface OrderParty {
  id?: string;
  name?: string;
  /** The tax registration number: 统一社会信用代码 in China, a VAT number, an EIN… */
  taxId?: string;
  address?: OrderAddress;
  contact?: OrderContact;
}

/** Payment terms: the host's (or ERP's) code, the days net, a text; at least one. */
export interface PaymentTerms {
  code?: string;
  /** Days net from the invoice date (0 to 3650). */
  days?: number;
  text?: string;
}

/** The seller who owns the quote: the host's user id, and a name when known. */
export interface OrderSeller {
  id: string;
  name?: string;
}

/**
 * Optional quote fields an ERP sales order needs (extensions of the contract's quote; pricing
 * ignores them, approval rules see them among the quote's own fields). `toOrderEvent` checks and
 * copies them into the event's `data`; `requestedDate` may also be set on each quote line.
 */
export interface OrderQuoteFields {
  billTo?: OrderParty;
  shipTo?: OrderParty;
  paymentTerms?: PaymentTerms;
  /** The delivery date the customer asked for, for every line without its own (`YYYY-MM-DD`). */
  requestedDate?: string;
  /** The customer's purchase order number or reference, when known before acceptance. */
  customerReference?: string;
}

/** @extension The contract an order makes or changes. */
export interface OrderContractRef {
  id: string;
  version: number;
  /** On an amendment or renewal: the contract's first and last day the quote was priced against, and an amendment's effective day. */
  start?: string;
  end?: string;
  effective?: string;
}

/** The order event's `data`. Costs and margins never leave in an event (it may come from a customer's browser). */
export interface OrderData {
  schemaVersion: typeof ORDER_SCHEMA_VERSION;
  catalogId: string;
  quoteId: string;
  version: number;
  date: string;
  validUntil?: string;
  locale: string;
  currency: string;
  priceBook?: string;
  taxMode: TaxMode;
  rounding: RoundingMode;
  customer?: Record<string, unknown>;
  opportunity?: Record<string, unknown>;
  /** The quote's manual discount and price-rule choice, as entered. */
  discount?: QuoteDiscount;
  priceRule?: string;
  /** Where the invoice goes (the quote's `billTo`). */
  billTo?: OrderParty;
  /** Where the goods go (the quote's `shipTo`). */
  shipTo?: OrderParty;
  paymentTerms?: PaymentTerms;
  /** The delivery date asked for (the quote's `requestedDate`); lines may carry their own. */
  requestedDate?: string;
  /** The customer's PO number as the quote carried it (the one given at acceptance is `acceptance.reference`). */
  customerReference?: string;
  /** The seller who owns the quote (`options.seller`; the service: the quote's owner). */
  seller?: OrderSeller;
  /** @extension An amendment or a renewal of a contract (absent: a new sale). */
  kind?: 'amendment' | 'renewal';
  /** @extension The contract this order makes or changes, and its version once the order is applied (`options.contract`). */
  contract?: OrderContractRef;
  lines: OrderLine[];
  adjustments: QuoteAdjustment[];
  totals: { list: string; discount: string; net: string; tax: string; total: string; discountPercent: string; taxes: TaxSummary[] };
  approvals: OrderApproval[];
  acceptance: Acceptance;
  /** `sha-256:<hex>` over the canonical priced content (see `quoteDigest`). */
  digest: string;
}

/**
 * A CloudEvents 1.0 event in structured JSON mode carrying an order. Its identity is the pair
 * (`source`, `id`): CloudEvents makes only that pair unique, so a receiver that takes orders
 * from several hosts keys them (and de-duplicates retries) by both, never by `id` alone.
 */
export interface OrderEvent {
  specversion: '1.0';
  /** `order:<quote id, percent-encoded>:v<version>`: stable per quote version, unique within the `source`. */
  id: string;
  /** A URI-reference (RFC 3986) naming the host application that made the order. */
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  data: OrderData;
}

/** Options of `toOrderEvent` and `tryOrderEvent`. */
export interface OrderEventOptions {
  /** The quote as entered, with its lifecycle (it must be accepted, or ordered). */
  quote: LifecycleQuote;
  /**
   * The event's `source`: an RFC 3986 URI-reference naming the host application, best an
   * absolute URI of its own (`https://crm.example.com/quotes`), so that the pair (`source`,
   * `id`) is unique across hosts; default `/cpq-kit`. One that is not a URI-reference is
   * refused (`options.source`).
   */
  source?: string;
  /**
   * The event's `type`, ending in `order.created` (`order.amended` for an amendment quote,
   * `order.renewed` for a renewal); default `cpq-kit.order.created` (`cpq-kit.order.amended`, `…renewed`).
   */
  type?: string;
  /** The event's `time` (RFC 3339); default the time of the acceptance, so that the event is the same however often it is built. */
  time?: string;
  /** The newest version of the quote the host knows: an older one is superseded and refused. */
  latestVersion?: number;
  /** Locale of error messages; default the quote's. */
  locale?: string;
  /**
   * The event is built in a customer's browser (self-service): the approvals keep who approved
   * what for which prices, but not their rules' messages, which name internal thresholds.
   */
  forCustomer?: boolean;
  /** The seller who owns the quote, copied into `data.seller` (the quote service passes the quote's owner). */
  seller?: OrderSeller;
  /** @extension The contract the order makes or changes (the quote service's, or the host's own): into `data.contract`. */
  contract?: OrderContractRef;
}

/** What `tryOrderEvent` returns: the event, or why the quote cannot be ordered (the errors `OrderRefusedError` carries). */
export type OrderEventResult = { ok: true; event: OrderEvent } | { ok: false; errors: QuoteError[] };

/** One difference `verifyOrder` found: where, what the catalog gives, and what the event says. */
export interface OrderDifference {
  path: string;
  expected: unknown;
  actual: unknown;
}

/** The type of the event the service writes when a seller cancels an order (id `<order id>:cancelled`). */
export const ORDER_CANCELLED_TYPE = 'cpq-kit.order.cancelled';
/** The type of the events an ERP sends to the service's status endpoint (`POST …/subscribers/:id/events`). */
export const ORDER_STATUS_TYPE = 'cpq-kit.order.status';

/** What an ERP reports of an order: forward only, confirmed < fulfilled < invoiced; cancelled only before fulfilled. */
export type OrderStatusReported = 'confirmed' | 'fulfilled' | 'invoiced' | 'cancelled';
/** An order's status: `placed` until the ERP (or a seller's cancellation) says more. */
export type OrderStatus = 'placed' | OrderStatusReported;

/** The `data` of a `cpq-kit.order.status` event. */
export interface OrderStatusData {
  /** The kit's order id (`order:<quote id>:v<n>`). */
  orderId: string;
  status: OrderStatusReported;
  /** The ERP's own number for the order. */
  erpOrderNumber?: string;
  /** When it happened in the ERP (RFC 3339). */
  at?: string;
  note?: string;
}

/** The `data` of a `cpq-kit.order.cancelled` event. */
export interface OrderCancelledData {
  orderId: string;
  quoteId: string;
  version: number;
  reason: string;
  /** The user who cancelled. */
  cancelledBy: string;
  /** When (RFC 3339, the service's time zone). */
  at: string;
}

/** The CloudEvent the service writes when a seller cancels an order the ERP had not confirmed. */
export interface OrderCancelledEvent {
  specversion: '1.0';
  /** `<order id>:cancelled`. */
  id: string;
  /** The order event's source. */
  source: string;
  type: typeof ORDER_CANCELLED_TYPE;
  /** The quote id. */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: OrderCancelledData;
}
