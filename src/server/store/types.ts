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

  insertVersion(row: QuoteVersionRow): Promise<void>;
  getVersion(tenant: string, quoteId: string, version: number, options?: { lock?: boolean }): Promise<QuoteVersionRow | undefined>;
  /** Write a new state of a version; false when its revision is no longer `expectedRevision`. */
  updateVersion(row: QuoteVersionRow, expectedRevision: number): Promise<boolean>;
  listVersions(tenant: string, quoteId: string): Promise<QuoteVersionRow[]>;
  listQuotes(tenant: string, filter: QuoteListFilter): Promise<QuoteSummaryRow[]>;

  insertMove(row: MoveRow): Promise<void>;
  listMoves(tenant: string, quoteId: string, version?: number): Promise<MoveRow[]>;
  /** The highest `seq` in a version's move log (undefined: no move yet). */
  lastMoveSeq(tenant: string, quoteId: string, version: number): Promise<number | undefined>;

  insertShareLink(row: ShareLinkRow): Promise<void>;
  getShareLink(id: string): Promise<ShareLinkRow | undefined>;
  listShareLinks(tenant: string, quoteId: string): Promise<ShareLinkRow[]>;
  revokeShareLink(tenant: string, id: string, at: string): Promise<boolean>;

  insertOrder(row: OrderRow): Promise<void>;
  getOrder(tenant: string, id: string): Promise<OrderRow | undefined>;
  getOrderFor(tenant: string, quoteId: string, version: number): Promise<OrderRow | undefined>;
  listOrders(tenant: string, page: Page): Promise<Omit<OrderRow, 'event'>[]>;

  getIdempotency(tenant: string, key: string): Promise<IdempotencyRow | undefined>;
  /** Claim a key (status 0) before the work; a concurrent claim of the same key waits, then conflicts. */
  insertIdempotency(row: IdempotencyRow): Promise<void>;
  completeIdempotency(tenant: string, key: string, status: number, body: string): Promise<void>;
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
  /** A round trip to the database (for health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
