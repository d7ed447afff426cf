import type { OrderStatus } from '../../quote/order-types.js';

/**
 * The quote service's store: one interface, two adapters (SQLite for one process, PostgreSQL for
 * several), one conformance suite (test/server-store.test.ts). Rows carry JSON as text, so both
 * databases hold byte-for-byte the same documents; uniqueness lives in the schema (see
 * migrations.ts), and every change the service makes runs inside `transaction`.
 */

/** A published catalog version (immutable once written). */
export interface CatalogRow {
  tenant: string;
  catalogId: string;
  version: number;
  /** SHA-256 of the catalog's canonical JSON, hex. */
  digest: string;
  /** The catalog JSON as published. */
  body: string;
  publishedAt: string;
  publishedBy: string;
}

/** The quote's head: one row per quote id, naming its newest version. */
export interface QuoteHeadRow {
  tenant: string;
  quoteId: string;
  latestVersion: number;
  /** The seller who created the quote. */
  owner: string;
  customerId: string | null;
  /** When the quote was created, ISO 8601 in UTC to the millisecond: the list's order (newest first). */
  createdAt: string;
  updatedAt: string;
}

/** One version of a quote: its input and lifecycle, the server's pricing of it, and the catalog it pins. */
export interface QuoteVersionRow {
  tenant: string;
  quoteId: string;
  version: number;
  state: string;
  catalogId: string;
  catalogVersion: number;
  /** The quote JSON with its lifecycle (`LifecycleQuote`). */
  body: string;
  /** The server's priced quote JSON (seller view). */
  priced: string;
  digest: string;
  total: string;
  currency: string;
  /** Incremented by every write; a stale `baseRevision` is refused. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** A version's row as written: its priced JSON as text, or as that text's UTF-8 bytes (stored as text). */
export type QuoteVersionWrite = Omit<QuoteVersionRow, 'priced'> & { priced: string | Uint8Array };

/** One recorded move (the audit log): who did what to which version, when, bound to which digest. */
export interface MoveRow {
  tenant: string;
  quoteId: string;
  version: number;
  seq: number;
  action: string;
  actor: string;
  at: string;
  fromState: string;
  toState: string;
  digest: string | null;
  /** JSON: reason, level, approvals decided, acceptance evidence, hand-over target, … */
  detail: string;
}

/** A customer's share link to one quote version. */
export interface ShareLinkRow {
  id: string;
  tenant: string;
  quoteId: string;
  version: number;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** Whether the customer may place the order after accepting (self-service). */
  allowOrder: boolean;
}

/** An order the service made from an accepted quote version. */
export interface OrderRow {
  tenant: string;
  /** The CloudEvents id of the order event (stable per quote id and version). */
  id: string;
  quoteId: string;
  version: number;
  /** The order event JSON. */
  event: string;
  total: string;
  currency: string;
  createdAt: string;
  createdBy: string;
}

/** An order as stored: the row it was made with, and where it stands (its ERP's reports, a seller's cancellation). */
export interface StoredOrderRow extends OrderRow {
  /** `placed` until a report (or a cancellation) moves it: forward only (see order-status.ts). */
  status: OrderStatus;
  /** The ERP's own order number, once a report gave one. */
  erpOrderNumber: string | null;
  /** When the status last changed (RFC 3339; null: never). */
  statusUpdatedAt: string | null;
}

/**
 * One report of an order's status, in the order's history: from an ERP (a `cpq-kit.order.status`
 * event, `reporter` its subscriber id) or a seller's cancellation (`reporter` `user:<id>`). The
 * pair (`source`, `eventId`) is unique per reporter: a repeat is a duplicate, never a second row.
 */
export interface OrderStatusReportRow {
  tenant: string;
  orderId: string;
  /** 0, 1, … in the order the reports were received. */
  seq: number;
  reporter: string;
  source: string;
  eventId: string;
  status: Exclude<OrderStatus, 'placed'>;
  erpOrderNumber: string | null;
  /** When it happened, as the reporter says (RFC 3339; null: not said). */
  at: string | null;
  note: string | null;
  /** When the service received it (RFC 3339). */
  receivedAt: string;
  /** Whether it moved the order's status (`applied`) or was only recorded (`ignored`: late, or not allowed from the status then). */
  result: 'applied' | 'ignored';
  /** SHA-256 of what the report says (type and data): the same (source, id) saying something else is refused. */
  fingerprint: string;
}

/**
 * A contract (issue 16): the subscriptions an ordered quote with term products made, as the
 * contract JSON of `cpq-kit/contract`, changed in place by each ordered amendment or renewal
 * (its `version` counts them; `history` in the body lists the quotes).
 */
export interface ContractRow {
  tenant: string;
  /** `K-<year>-<n>`. */
  contractId: string;
  version: number;
  customerId: string | null;
  /** The `Contract` JSON. */
  body: string;
  /** The quote version last ordered on it (the first order, then each amendment or renewal). */
  quoteId: string;
  quoteVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** The stored answer to a POST with an `Idempotency-Key`. */
export interface IdempotencyRow {
  tenant: string;
  key: string;
  /** SHA-256 of the method, the route and the canonical body. */
  fingerprint: string;
  status: number;
  /** The answer's JSON body. */
  body: string;
  createdAt: string;
}

/** Where a tenant's order events go: an HTTP webhook (signed per Standard Webhooks) or a NATS subject. */
export interface SubscriberRow {
  tenant: string;
  /** `sub_…`. */
  id: string;
  kind: 'webhook' | 'nats';
  /** The webhook's http(s) URL (kind `webhook`). */
  url: string | null;
  /** The NATS subject (kind `nats`). */
  subject: string | null;
  /** The CloudEvents HTTP content mode the subscriber reads. */
  mode: 'structured' | 'binary';
  /** JSON: `{ current, previous: [{ secret, validUntil }] }` (a rotated secret stays valid until then). */
  secrets: string;
  enabled: boolean;
  /** Why it was disabled (a 410 from the subscriber, an admin). */
  disabledReason: string | null;
  createdAt: string;
}

/** An event in the outbox: a CloudEvent as JSON text, identified by its source and id. */
export interface EventRow {
  tenant: string;
  /** The CloudEvent's id. */
  id: string;
  source: string;
  type: string;
  /** The CloudEvent as JSON (structured mode's body). */
  body: string;
  createdAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One event to one subscriber: its state, attempts so far and when it is next due. */
export interface DeliveryRow {
  tenant: string;
  eventId: string;
  subscriberId: string;
  status: DeliveryStatus;
  /** Attempts in the current round (a retry or replay starts a new round). A claim counts as one. */
  attempts: number;
  /** When it is due, ms since the epoch (a claimed row: when its lease runs out). */
  nextAt: number;
  /** The subscriber's last HTTP status (undefined: no answer). */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  /** When the current round began, ms since the epoch (the age limit counts from here). */
  startedAt: number;
  updatedAt: string;
}

/** A delivery a dispatcher claimed, with its event and subscriber. `delivery.attempts` names the claim. */
export interface ClaimedDelivery {
  delivery: DeliveryRow;
  event: EventRow;
  subscriber: SubscriberRow;
}

/** What became of a claimed attempt. */
export interface DeliveryOutcome {
  status: DeliveryStatus;
  nextAt: number;
  lastStatus: number | null;
  lastError: string | null;
  updatedAt: string;
}

/** The outcome of one claimed attempt, for `QuoteStore.settleDeliveries`: the row's key, the claim's `attempts` and what became of it. */
export interface DeliverySettlement {
  tenant: string;
  eventId: string;
  subscriberId: string;
  attempts: number;
  outcome: DeliveryOutcome;
}

/** Filters of the delivery list; the cursor (`after`) is `<subscriberId>/<eventId>`. */
export interface DeliveryFilter extends Page {
  status?: DeliveryStatus;
  subscriberId?: string;
}

/** Which deliveries to drive again: one (any status), or every dead one (of one subscriber). */
export type Redrive = { eventId: string; subscriberId: string } | { dead: true; subscriberId?: string };

/** Keyset paging: at most `limit` rows after the cursor (`after`, exclusive). */
export interface Page {
  limit: number;
  after?: string;
}

/** Filters of the quote list. */
export interface QuoteListFilter extends Page {
  state?: string;
  customerId?: string;
  owner?: string;
}

/** A quote in a list: its head and its newest version's summary. */
export interface QuoteSummaryRow {
  quoteId: string;
  latestVersion: number;
  owner: string;
  customerId: string | null;
  state: string;
  total: string;
  currency: string;
  updatedAt: string;
}

/** Thrown by an adapter when a unique constraint refuses a row (normalized across databases). */
export class StoreConflictError extends Error {
  override name = 'StoreConflictError';
  constructor(readonly constraint: string, cause?: unknown) {
    super(`unique constraint violated: ${constraint}`, { cause });
  }
}

/** What a transaction can read and write. The `lock` options take row locks where the database has them. */
export interface StoreTx {
  /** The next value of a per-tenant counter (1, 2, …), e.g. for quote numbers. */
  nextSequence(tenant: string, name: string): Promise<number>;

  insertCatalog(row: CatalogRow): Promise<void>;
  /** A catalog version, or the newest when `version` is absent. */
  getCatalog(tenant: string, catalogId: string, version?: number): Promise<CatalogRow | undefined>;
  /** Every catalog id of the tenant with its newest version (no bodies). */
  listCatalogs(tenant: string): Promise<Omit<CatalogRow, 'body'>[]>;

  insertHead(row: QuoteHeadRow): Promise<void>;
  getHead(tenant: string, quoteId: string, options?: { lock?: boolean }): Promise<QuoteHeadRow | undefined>;
  updateHead(tenant: string, quoteId: string, changes: Pick<QuoteHeadRow, 'latestVersion' | 'updatedAt' | 'customerId'>): Promise<void>;

  insertVersion(row: QuoteVersionWrite): Promise<void>;
  /**
   * A version's row. `priced: false` leaves its priced JSON unread (`priced` is then the empty
   * string): an edit re-prices and never needs it, and a 1,000-line quote's is over 1 MB.
   * `priced: 'bytes'` reads it as its UTF-8 bytes where the store can hand them over as they are
   * (SQLite), else as text: a read that only sends it on makes no string of it.
   */
  getVersion(tenant: string, quoteId: string, version: number, options: { lock?: boolean; priced: 'bytes' }): Promise<QuoteVersionWrite | undefined>;
  getVersion(tenant: string, quoteId: string, version: number, options?: { lock?: boolean; priced?: boolean }): Promise<QuoteVersionRow | undefined>;
  /** Write a new state of a version; false when its revision is no longer `expectedRevision`. */
  updateVersion(row: QuoteVersionWrite, expectedRevision: number): Promise<boolean>;
  listVersions(tenant: string, quoteId: string): Promise<QuoteVersionRow[]>;
  listQuotes(tenant: string, filter: QuoteListFilter): Promise<QuoteSummaryRow[]>;

  insertMove(row: MoveRow): Promise<void>;
  /**
   * Add a move at the end of its version's log: its `seq` is one past the highest there (0 for
   * the first), found by the insert itself — one statement, not a read and a write. Returns that
   * seq. Two transactions appending to one version at once: one commits, the other's insert is a
   * `StoreConflictError` (the callers hold the version's row lock, so it does not happen to them).
   */
  appendMove(row: Omit<MoveRow, 'seq'>): Promise<number>;
  listMoves(tenant: string, quoteId: string, version?: number): Promise<MoveRow[]>;

  insertShareLink(row: ShareLinkRow): Promise<void>;
  getShareLink(id: string): Promise<ShareLinkRow | undefined>;
  listShareLinks(tenant: string, quoteId: string): Promise<ShareLinkRow[]>;
  revokeShareLink(tenant: string, id: string, at: string): Promise<boolean>;

  /** Insert an order (status `placed`). */
  insertOrder(row: OrderRow): Promise<void>;
  getOrder(tenant: string, id: string, options?: { lock?: boolean }): Promise<StoredOrderRow | undefined>;
  getOrderFor(tenant: string, quoteId: string, version: number): Promise<StoredOrderRow | undefined>;
  listOrders(tenant: string, page: Page): Promise<Omit<StoredOrderRow, 'event'>[]>;
  /** Set an order's status (and ERP order number); false when there is no such order. */
  updateOrderStatus(tenant: string, id: string, changes: Pick<StoredOrderRow, 'status' | 'erpOrderNumber' | 'statusUpdatedAt'>): Promise<boolean>;
  /** Add a report to an order's history (a second with the same reporter, source and event id conflicts). */
  insertStatusReport(row: OrderStatusReportRow): Promise<void>;
  getStatusReport(tenant: string, reporter: string, source: string, eventId: string): Promise<OrderStatusReportRow | undefined>;
  /** An order's history, oldest first. */
  listStatusReports(tenant: string, orderId: string): Promise<OrderStatusReportRow[]>;

  /** Insert a contract (a second with the same id conflicts). */
  insertContract(row: ContractRow): Promise<void>;
  getContract(tenant: string, contractId: string, options?: { lock?: boolean }): Promise<ContractRow | undefined>;
  /** Write a contract's next version; false when its stored version is no longer `expectedVersion`. */
  updateContract(row: ContractRow, expectedVersion: number): Promise<boolean>;
  /** The tenant's contracts by id (of one customer), without bodies. */
  listContracts(tenant: string, options: { customerId?: string; limit: number; after?: string }): Promise<Omit<ContractRow, 'body'>[]>;

  getIdempotency(tenant: string, key: string): Promise<IdempotencyRow | undefined>;
  /** Claim a key (status 0) before the work; a concurrent claim of the same key waits, then conflicts. */
  insertIdempotency(row: IdempotencyRow): Promise<void>;
  /** Store a claimed key's answer: its JSON as text, or as that text's UTF-8 bytes. */
  completeIdempotency(tenant: string, key: string, status: number, body: string | Uint8Array): Promise<void>;

  insertSubscriber(row: SubscriberRow): Promise<void>;
  getSubscriber(tenant: string, id: string): Promise<SubscriberRow | undefined>;
  /** The subscribers with this id in any tenant (ids are random: one at most in practice), for a request that names no tenant. */
  findSubscribers(id: string): Promise<SubscriberRow[]>;
  /** The tenant's subscribers in the order they were made (`enabled`: only those). */
  listSubscribers(tenant: string, options?: { enabled?: boolean }): Promise<SubscriberRow[]>;
  /** Every tenant that has a subscriber (each delivery belongs to one), sorted: for operators' tools that span tenants (`cpq-kit deliveries`). */
  listSubscriberTenants(): Promise<string[]>;
  /** Change a subscriber; false when there is none. */
  updateSubscriber(tenant: string, id: string, changes: Partial<Pick<SubscriberRow, 'secrets' | 'enabled' | 'disabledReason'>>): Promise<boolean>;

  /** Put an event in the outbox (a second event with the same source and id conflicts). */
  insertEvent(row: EventRow): Promise<void>;
  getEvent(tenant: string, id: string): Promise<EventRow | undefined>;
  insertDeliveries(rows: readonly DeliveryRow[]): Promise<void>;
  getDelivery(tenant: string, eventId: string, subscriberId: string): Promise<DeliveryRow | undefined>;
  /** The tenant's deliveries, newest first (keyset paging). */
  listDeliveries(tenant: string, filter: DeliveryFilter): Promise<DeliveryRow[]>;
  /**
   * Record the outcome of a claimed attempt: only while the row is still that claim's (pending,
   * with the claim's `attempts`); false when another claim or a retry took it over meanwhile.
   */
  settleDelivery(tenant: string, eventId: string, subscriberId: string, attempts: number, outcome: DeliveryOutcome): Promise<boolean>;
  /** Make deliveries pending and due at `now` in a new round (attempts 0); the count changed. */
  redriveDeliveries(tenant: string, which: Redrive, now: number, at: string): Promise<number>;

  /** Run `callback` once the transaction commits (at once outside a transaction; never after a rollback). */
  afterCommit(callback: () => void): void;
}

/** A store: the transaction runner and its lifecycle. Reads outside a transaction use `read`. */
export interface QuoteStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Run the versioned migrations that are not yet applied (at start; safe to run from several instances). */
  migrate(): Promise<void>;
  /** Run `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Reads (and single writes) outside an explicit transaction. */
  readonly read: StoreTx;
  /**
   * Take up to `limit` pending deliveries due at `now` (ms since the epoch) whose subscriber is
   * enabled, each pushed `leaseMs` forward and counted as an attempt (the earliest due first), in
   * one statement: on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so instances never take the same
   * row at once. A dispatcher that dies leaves its rows to come back when the lease runs out.
   */
  claimDeliveries(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * Record the outcomes of several claimed attempts together, each as `settleDelivery` would —
   * only while its row is still that claim's (pending, with the claim's `attempts`) — in one
   * statement, so all or none (one commit for the lot). Per settlement, in the order given,
   * whether it was recorded (false: another claim or a retry had taken the row over).
   */
  settleDeliveries(settlements: readonly DeliverySettlement[]): Promise<boolean[]>;
  /** A round trip to the database (for health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
