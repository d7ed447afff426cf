import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants as zlibConstants } from 'node:zlib';
import { Kysely, Migrator, SqliteAdapter, sql, type Dialect, type Generated, type RawBuilder, type Selectable, type Transaction } from 'kysely';
import { migrationProvider } from './migrations.js';
import { ContractQueries, type ContractTables } from './contract-queries.js';
import { claimDeliveries, OutboxQueries, settleDeliveries, type OutboxTables, type SimpleQueryPool } from './outbox-queries.js';
import {
  StoreConflictError,
  type CatalogRow, type ClaimedDelivery, type DeliveryFilter, type DeliveryOutcome, type DeliveryRow, type DeliverySettlement, type EventRow, type IdempotencyRow,
  type ContractRow, type MoveRow, type OrderRow, type OrderStatusReportRow, type Page, type StoredOrderRow, type QuoteHeadRow, type QuoteListFilter, type QuoteStore, type QuoteSummaryRow, type QuoteVersionRow, type QuoteVersionWrite,
  type Redrive, type ShareLinkRow, type StoreTx, type SubscriberRow,
} from './types.js';


/** Answers stored for an Idempotency-Key from this many characters (or UTF-8 bytes) on are compressed. */
const PACK_FROM = 32 * 1024;
/**
 * Brotli at quality 0, on libuv's threads: measured on a 1,000-line quote's answer (1.3 MB of
 * JSON), 1.3 ms to 0.2 MB, against 1.8 ms to 0.15 MB at quality 1 and 3.4 ms to 0.17 MB for
 * deflate at level 1; writing the megabyte it saves costs the store more than that.
 */
const pack = promisify((data: Uint8Array, done: (e: Error | null, out: Buffer) => void) =>
  brotliCompress(data, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 0, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: data.length } }, done));
const unpack = promisify((data: Uint8Array, done: (e: Error | null, out: Buffer) => void) => brotliDecompress(data, done));
/** The tables as Kysely sees them (columns in snake_case, as the migrations create them). */
interface Database extends OutboxTables, ContractTables {
  sequences: { tenant: string; name: string; value: number | string | bigint };
  catalogs: { tenant: string; catalog_id: string; version: number; digest: string; body: string; published_at: string; published_by: string };
  quotes: { tenant: string; quote_id: string; latest_version: number; owner: string; customer_id: string | null; created_at: string; updated_at: string };
  quote_versions: {
    tenant: string; quote_id: string; version: number; state: string; catalog_id: string; catalog_version: number; body: string;
    priced: string; digest: string; total: string; currency: string; revision: number; created_at: string; updated_at: string;
  };
  moves: { tenant: string; quote_id: string; version: number; seq: number; action: string; actor: string; at: string; from_state: string; to_state: string; digest: string | null; detail: string };
  share_links: { id: string; tenant: string; quote_id: string; version: number; created_by: string; created_at: string; expires_at: string; revoked_at: string | null; allow_order: number };
  orders: {
    tenant: string; id: string; quote_id: string; version: number; event: string; total: string; currency: string; created_at: string; created_by: string;
    status: Generated<string>; erp_order_number: Generated<string | null>; status_updated_at: Generated<string | null>;
  };
  order_status_reports: {
    tenant: string; order_id: string; seq: number; reporter: string; source: string; event_id: string; status: string; erp_order_number: string | null;
    at: string | null; note: string | null; received_at: string; result: string; fingerprint: string;
  };
  idempotency_keys: { tenant: string; key: string; fingerprint: string; status: number; body: string; packed: Uint8Array | null; created_at: string };
}

type Db = Kysely<Database> | Transaction<Database>;

/** Whether `e` is a unique-constraint violation (SQLite's SQLITE_CONSTRAINT_PRIMARYKEY/UNIQUE, PostgreSQL's 23505). */
function uniqueViolation(e: unknown): string | undefined {
  const err = e as { code?: unknown; constraint?: unknown; message?: unknown };
  if (err?.code === '23505') return String(err.constraint ?? 'unique');
  if (err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE') return String(err.message ?? 'unique');
  return undefined;
}

async function guarded<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    const constraint = uniqueViolation(e);
    if (constraint !== undefined) throw new StoreConflictError(constraint, e);
    throw e;
  }
}

const catalogRow = (r: Selectable<Database['catalogs']>): CatalogRow => ({
  tenant: r.tenant, catalogId: r.catalog_id, version: Number(r.version), digest: r.digest, body: r.body,
  publishedAt: r.published_at, publishedBy: r.published_by,
});
const headRow = (r: Selectable<Database['quotes']>): QuoteHeadRow => ({
  tenant: r.tenant, quoteId: r.quote_id, latestVersion: Number(r.latest_version), owner: r.owner, customerId: r.customer_id,
  createdAt: r.created_at, updatedAt: r.updated_at,
});
const versionRow = (r: Selectable<Database['quote_versions']>): QuoteVersionRow => ({
  tenant: r.tenant, quoteId: r.quote_id, version: Number(r.version), state: r.state, catalogId: r.catalog_id,
  catalogVersion: Number(r.catalog_version), body: r.body, priced: r.priced, digest: r.digest, total: r.total, currency: r.currency,
  revision: Number(r.revision), createdAt: r.created_at, updatedAt: r.updated_at,
});
/** Every column of a version but its priced JSON. */
const VERSION_COLUMNS_BUT_PRICED = ['tenant', 'quote_id', 'version', 'state', 'catalog_id', 'catalog_version', 'body', 'digest', 'total', 'currency', 'revision', 'created_at', 'updated_at'] as const;
const moveRow = (r: Selectable<Database['moves']>): MoveRow => ({
  tenant: r.tenant, quoteId: r.quote_id, version: Number(r.version), seq: Number(r.seq), action: r.action, actor: r.actor, at: r.at,
  fromState: r.from_state, toState: r.to_state, digest: r.digest, detail: r.detail,
});
const shareRow = (r: Selectable<Database['share_links']>): ShareLinkRow => ({
  id: r.id, tenant: r.tenant, quoteId: r.quote_id, version: Number(r.version), createdBy: r.created_by, createdAt: r.created_at,
  expiresAt: r.expires_at, revokedAt: r.revoked_at, allowOrder: Number(r.allow_order) === 1,
});
const orderRow = (r: Selectable<Database['orders']>): StoredOrderRow => ({
  tenant: r.tenant, id: r.id, quoteId: r.quote_id, version: Number(r.version), event: r.event, total: r.total, currency: r.currency,
  createdAt: r.created_at, createdBy: r.created_by,
  status: r.status as StoredOrderRow['status'], erpOrderNumber: r.erp_order_number, statusUpdatedAt: r.status_updated_at,
});
const reportRow = (r: Selectable<Database['order_status_reports']>): OrderStatusReportRow => ({
  tenant: r.tenant, orderId: r.order_id, seq: Number(r.seq), reporter: r.reporter, source: r.source, eventId: r.event_id,
  status: r.status as OrderStatusReportRow['status'], erpOrderNumber: r.erp_order_number, at: r.at, note: r.note, receivedAt: r.received_at,
  result: r.result as OrderStatusReportRow['result'], fingerprint: r.fingerprint,
});

/** The store's queries over one connection or transaction. Row locks (`FOR UPDATE`) only where the database has them. */
class Queries implements StoreTx {
  private readonly outbox: OutboxQueries;
  private readonly contracts: ContractQueries;
  /** Callbacks for after the commit (undefined: not in a transaction, they run at once). */
  readonly committed: (() => void)[] | undefined;

  constructor(private readonly db: Db, private readonly locks: boolean, inTransaction = false) {
    this.outbox = new OutboxQueries(db as unknown as Kysely<OutboxTables>);
    this.contracts = new ContractQueries(db as unknown as Kysely<ContractTables>, locks);
    this.committed = inTransaction ? [] : undefined;
  }

  afterCommit(callback: () => void): void {
    if (this.committed) this.committed.push(callback);
    else callback();
  }

  async nextSequence(tenant: string, name: string): Promise<number> {
    const row = await this.db.insertInto('sequences').values({ tenant, name, value: 1 })
      .onConflict((oc) => oc.columns(['tenant', 'name']).doUpdateSet({ value: sql`sequences.value + 1` }))
      .returning('value').executeTakeFirstOrThrow();
    return Number(row.value);
  }

  async insertCatalog(row: CatalogRow): Promise<void> {
    await guarded(this.db.insertInto('catalogs').values({
      tenant: row.tenant, catalog_id: row.catalogId, version: row.version, digest: row.digest, body: row.body,
      published_at: row.publishedAt, published_by: row.publishedBy,
    }).execute());
  }

  async getCatalog(tenant: string, catalogId: string, version?: number): Promise<CatalogRow | undefined> {
    let q = this.db.selectFrom('catalogs').selectAll().where('tenant', '=', tenant).where('catalog_id', '=', catalogId);
    q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
    const r = await q.executeTakeFirst();
    return r && catalogRow(r);
  }

  async listCatalogs(tenant: string): Promise<Omit<CatalogRow, 'body'>[]> {
    const rows = await this.db.selectFrom('catalogs as c')
      .select(['c.tenant', 'c.catalog_id', 'c.version', 'c.digest', 'c.published_at', 'c.published_by'])
      .where('c.tenant', '=', tenant)
      .where('c.version', '=', (eb) => eb.selectFrom('catalogs as n').select((e) => e.fn.max('n.version').as('v'))
        .whereRef('n.tenant', '=', 'c.tenant').whereRef('n.catalog_id', '=', 'c.catalog_id'))
      .orderBy('c.catalog_id').execute();
    return rows.map((r) => {
      const { body: _b, ...rest } = catalogRow({ ...r, body: '' });
      return rest;
    });
  }

  async insertHead(row: QuoteHeadRow): Promise<void> {
    await guarded(this.db.insertInto('quotes').values({
      tenant: row.tenant, quote_id: row.quoteId, latest_version: row.latestVersion, owner: row.owner, customer_id: row.customerId,
      created_at: row.createdAt, updated_at: row.updatedAt,
    }).execute());
  }

  async getHead(tenant: string, quoteId: string, options?: { lock?: boolean }): Promise<QuoteHeadRow | undefined> {
    let q = this.db.selectFrom('quotes').selectAll().where('tenant', '=', tenant).where('quote_id', '=', quoteId);
    if (options?.lock && this.locks) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && headRow(r);
  }

  async updateHead(tenant: string, quoteId: string, changes: Pick<QuoteHeadRow, 'latestVersion' | 'updatedAt' | 'customerId'>): Promise<void> {
    await this.db.updateTable('quotes').set({ latest_version: changes.latestVersion, updated_at: changes.updatedAt, customer_id: changes.customerId })
      .where('tenant', '=', tenant).where('quote_id', '=', quoteId).execute();
  }

  async insertVersion(row: QuoteVersionWrite): Promise<void> {
    await guarded(this.db.insertInto('quote_versions').values(versionValues(row)).execute());
  }

  getVersion(tenant: string, quoteId: string, version: number, options: { lock?: boolean; priced: 'bytes' }): Promise<QuoteVersionWrite | undefined>;
  getVersion(tenant: string, quoteId: string, version: number, options?: { lock?: boolean; priced?: boolean }): Promise<QuoteVersionRow | undefined>;
  async getVersion(tenant: string, quoteId: string, version: number, options?: { lock?: boolean; priced?: boolean | 'bytes' }): Promise<QuoteVersionWrite | undefined> {
    let q = this.db.selectFrom('quote_versions').select(VERSION_COLUMNS_BUT_PRICED).where('tenant', '=', tenant).where('quote_id', '=', quoteId).where('version', '=', version);
    if (options?.lock && this.locks) q = q.forUpdate();
    if (options?.priced === false) {
      const r = await q.executeTakeFirst();
      return r && versionRow({ ...r, priced: '' });
    }
    // SQLite hands a blob over as a Buffer, its bytes as stored: a text would be decoded into a string first.
    const bytes = options?.priced === 'bytes' && this.db.getExecutor().adapter instanceof SqliteAdapter;
    const r = await q.select(bytes ? sql<Uint8Array>`cast(priced as blob)`.as('priced') : sql<string>`priced`.as('priced')).executeTakeFirst();
    return r && { ...versionRow({ ...r, priced: '' }), priced: r.priced };
  }

  async updateVersion(row: QuoteVersionWrite, expectedRevision: number): Promise<boolean> {
    const { tenant, quote_id, version, created_at: _c, ...changes } = versionValues(row);
    const result = await this.db.updateTable('quote_versions').set(changes)
      .where('tenant', '=', tenant).where('quote_id', '=', quote_id).where('version', '=', version)
      .where('revision', '=', expectedRevision).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async listVersions(tenant: string, quoteId: string): Promise<QuoteVersionRow[]> {
    const rows = await this.db.selectFrom('quote_versions').selectAll().where('tenant', '=', tenant).where('quote_id', '=', quoteId)
      .orderBy('version').execute();
    return rows.map(versionRow);
  }

  async listQuotes(tenant: string, filter: QuoteListFilter): Promise<QuoteSummaryRow[]> {
    let q = this.db.selectFrom('quotes as q')
      .innerJoin('quote_versions as v', (j) => j.onRef('v.tenant', '=', 'q.tenant').onRef('v.quote_id', '=', 'q.quote_id').onRef('v.version', '=', 'q.latest_version'))
      .select(['q.quote_id', 'q.latest_version', 'q.owner', 'q.customer_id', 'v.state', 'v.total', 'v.currency', 'q.updated_at'])
      .where('q.tenant', '=', tenant);
    if (filter.after !== undefined) {
      // Keyset on (created_at, quote_id): quote numbers compared as text would misorder Q-2026-100000.
      const cursor = await this.db.selectFrom('quotes').select(['created_at', 'quote_id']).where('tenant', '=', tenant).where('quote_id', '=', filter.after).executeTakeFirst();
      if (!cursor) return [];
      q = q.where((eb) => eb.or([
        eb('q.created_at', '<', cursor.created_at),
        eb.and([eb('q.created_at', '=', cursor.created_at), eb('q.quote_id', '<', cursor.quote_id)]),
      ]));
    }
    if (filter.state !== undefined) q = q.where('v.state', '=', filter.state);
    if (filter.customerId !== undefined) q = q.where('q.customer_id', '=', filter.customerId);
    if (filter.owner !== undefined) q = q.where('q.owner', '=', filter.owner);
    const rows = await q.orderBy('q.created_at', 'desc').orderBy('q.quote_id', 'desc').limit(filter.limit).execute();
    return rows.map((r) => ({
      quoteId: r.quote_id, latestVersion: Number(r.latest_version), owner: r.owner, customerId: r.customer_id, state: r.state,
      total: r.total, currency: r.currency, updatedAt: r.updated_at,
    }));
  }

  async insertMove(row: MoveRow): Promise<void> {
    await guarded(this.db.insertInto('moves').values({
      tenant: row.tenant, quote_id: row.quoteId, version: row.version, seq: row.seq, action: row.action, actor: row.actor, at: row.at,
      from_state: row.fromState, to_state: row.toState, digest: row.digest, detail: row.detail,
    }).execute());
  }

  async listMoves(tenant: string, quoteId: string, version?: number): Promise<MoveRow[]> {
    let q = this.db.selectFrom('moves').selectAll().where('tenant', '=', tenant).where('quote_id', '=', quoteId);
    if (version !== undefined) q = q.where('version', '=', version);
    const rows = await q.orderBy('version').orderBy('seq').execute();
    return rows.map(moveRow);
  }

  async appendMove(row: Omit<MoveRow, 'seq'>): Promise<number> {
    // INSERT … SELECT: the values are cast to their columns' types, which PostgreSQL cannot infer
    // for parameters in a select list; the aggregate gives one row even for an empty log.
    const text = (value: string | null) => sql<string>`cast(${value} as text)`;
    const r = await guarded(this.db.insertInto('moves')
      .columns(['tenant', 'quote_id', 'version', 'seq', 'action', 'actor', 'at', 'from_state', 'to_state', 'digest', 'detail'])
      .expression((eb) => eb.selectFrom('moves').select([
        text(row.tenant).as('tenant'), text(row.quoteId).as('quote_id'), sql<number>`cast(${row.version} as integer)`.as('version'),
        sql<number>`coalesce(max(seq), -1) + 1`.as('seq'), text(row.action).as('action'), text(row.actor).as('actor'), text(row.at).as('at'),
        text(row.fromState).as('from_state'), text(row.toState).as('to_state'), text(row.digest).as('digest'), text(row.detail).as('detail'),
      ]).where('tenant', '=', row.tenant).where('quote_id', '=', row.quoteId).where('version', '=', row.version))
      .returning('seq').executeTakeFirstOrThrow());
    return Number(r.seq);
  }

  async insertShareLink(row: ShareLinkRow): Promise<void> {
    await guarded(this.db.insertInto('share_links').values({
      id: row.id, tenant: row.tenant, quote_id: row.quoteId, version: row.version, created_by: row.createdBy, created_at: row.createdAt,
      expires_at: row.expiresAt, revoked_at: row.revokedAt, allow_order: row.allowOrder ? 1 : 0,
    }).execute());
  }

  async getShareLink(id: string): Promise<ShareLinkRow | undefined> {
    const r = await this.db.selectFrom('share_links').selectAll().where('id', '=', id).executeTakeFirst();
    return r && shareRow(r);
  }

  async listShareLinks(tenant: string, quoteId: string): Promise<ShareLinkRow[]> {
    const rows = await this.db.selectFrom('share_links').selectAll().where('tenant', '=', tenant).where('quote_id', '=', quoteId)
      .orderBy('created_at').orderBy('id').execute();
    return rows.map(shareRow);
  }

  async revokeShareLink(tenant: string, id: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('share_links').set({ revoked_at: at })
      .where('tenant', '=', tenant).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertOrder(row: OrderRow): Promise<void> {
    await guarded(this.db.insertInto('orders').values({
      tenant: row.tenant, id: row.id, quote_id: row.quoteId, version: row.version, event: row.event, total: row.total, currency: row.currency,
      created_at: row.createdAt, created_by: row.createdBy,
    }).execute());
  }

  async getOrder(tenant: string, id: string, options?: { lock?: boolean }): Promise<StoredOrderRow | undefined> {
    let q = this.db.selectFrom('orders').selectAll().where('tenant', '=', tenant).where('id', '=', id);
    if (options?.lock && this.locks) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && orderRow(r);
  }

  async getOrderFor(tenant: string, quoteId: string, version: number): Promise<StoredOrderRow | undefined> {
    const r = await this.db.selectFrom('orders').selectAll().where('tenant', '=', tenant).where('quote_id', '=', quoteId)
      .where('version', '=', version).executeTakeFirst();
    return r && orderRow(r);
  }

  async listOrders(tenant: string, page: Page): Promise<Omit<StoredOrderRow, 'event'>[]> {
    let q = this.db.selectFrom('orders')
      .select(['tenant', 'id', 'quote_id', 'version', 'total', 'currency', 'created_at', 'created_by', 'status', 'erp_order_number', 'status_updated_at'])
      .where('tenant', '=', tenant);
    if (page.after !== undefined) {
      const cursor = await this.db.selectFrom('orders').select(['created_at', 'id']).where('tenant', '=', tenant).where('id', '=', page.after).executeTakeFirst();
      if (!cursor) return [];
      q = q.where((eb) => eb.or([
        eb('created_at', '<', cursor.created_at),
        eb.and([eb('created_at', '=', cursor.created_at), eb('id', '<', cursor.id)]),
      ]));
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
    return rows.map((r) => {
      const { event: _e, ...rest } = orderRow({ ...r, event: '' });
      return rest;
    });
  }

  async updateOrderStatus(tenant: string, id: string, changes: Pick<StoredOrderRow, 'status' | 'erpOrderNumber' | 'statusUpdatedAt'>): Promise<boolean> {
    const result = await this.db.updateTable('orders')
      .set({ status: changes.status, erp_order_number: changes.erpOrderNumber, status_updated_at: changes.statusUpdatedAt })
      .where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertStatusReport(row: OrderStatusReportRow): Promise<void> {
    await guarded(this.db.insertInto('order_status_reports').values({
      tenant: row.tenant, order_id: row.orderId, seq: row.seq, reporter: row.reporter, source: row.source, event_id: row.eventId, status: row.status,
      erp_order_number: row.erpOrderNumber, at: row.at, note: row.note, received_at: row.receivedAt, result: row.result, fingerprint: row.fingerprint,
    }).execute());
  }

  async getStatusReport(tenant: string, reporter: string, source: string, eventId: string): Promise<OrderStatusReportRow | undefined> {
    const r = await this.db.selectFrom('order_status_reports').selectAll().where('tenant', '=', tenant).where('reporter', '=', reporter)
      .where('source', '=', source).where('event_id', '=', eventId).executeTakeFirst();
    return r && reportRow(r);
  }

  async listStatusReports(tenant: string, orderId: string): Promise<OrderStatusReportRow[]> {
    const rows = await this.db.selectFrom('order_status_reports').selectAll().where('tenant', '=', tenant).where('order_id', '=', orderId)
      .orderBy('seq').execute();
    return rows.map(reportRow);
  }

  async getIdempotency(tenant: string, key: string): Promise<IdempotencyRow | undefined> {
    const r = await this.db.selectFrom('idempotency_keys').selectAll().where('tenant', '=', tenant).where('key', '=', key).executeTakeFirst();
    if (!r) return undefined;
    const body = r.packed ? (await unpack(r.packed)).toString('utf8') : r.body;
    return { tenant: r.tenant, key: r.key, fingerprint: r.fingerprint, status: Number(r.status), body, createdAt: r.created_at };
  }

  async insertIdempotency(row: IdempotencyRow): Promise<void> {
    await guarded(this.db.insertInto('idempotency_keys').values({
      tenant: row.tenant, key: row.key, fingerprint: row.fingerprint, status: row.status, body: row.body, created_at: row.createdAt,
    }).execute());
  }

  async completeIdempotency(tenant: string, key: string, status: number, body: string | Uint8Array): Promise<void> {
    // A large answer is stored compressed (migration 0006): a 1,000-line quote's 1.3 MB as ~0.2 MB.
    const packed = body.length >= PACK_FROM ? await pack(typeof body === 'string' ? Buffer.from(body, 'utf8') : body) : null;
    const text = packed ? '' : typeof body === 'string' ? body : bufferOf(body).toString('utf8');
    await this.db.updateTable('idempotency_keys').set({ status, body: text, packed }).where('tenant', '=', tenant).where('key', '=', key).execute();
  }

  insertContract(row: ContractRow): Promise<void> {
    return guarded(this.contracts.insertContract(row));
  }
  getContract(tenant: string, contractId: string, options?: { lock?: boolean }): Promise<ContractRow | undefined> {
    return this.contracts.getContract(tenant, contractId, options);
  }
  updateContract(row: ContractRow, expectedVersion: number): Promise<boolean> {
    return this.contracts.updateContract(row, expectedVersion);
  }
  listContracts(tenant: string, options: { customerId?: string; limit: number; after?: string }): Promise<Omit<ContractRow, 'body'>[]> {
    return this.contracts.listContracts(tenant, options);
  }

  insertSubscriber(row: SubscriberRow): Promise<void> {
    return guarded(this.outbox.insertSubscriber(row));
  }
  getSubscriber(tenant: string, id: string): Promise<SubscriberRow | undefined> {
    return this.outbox.getSubscriber(tenant, id);
  }
  findSubscribers(id: string): Promise<SubscriberRow[]> {
    return this.outbox.findSubscribers(id);
  }
  listSubscribers(tenant: string, options?: { enabled?: boolean }): Promise<SubscriberRow[]> {
    return this.outbox.listSubscribers(tenant, options);
  }
  listSubscriberTenants(): Promise<string[]> {
    return this.outbox.listSubscriberTenants();
  }
  updateSubscriber(tenant: string, id: string, changes: Partial<Pick<SubscriberRow, 'secrets' | 'enabled' | 'disabledReason'>>): Promise<boolean> {
    return this.outbox.updateSubscriber(tenant, id, changes);
  }
  insertEvent(row: EventRow): Promise<void> {
    return guarded(this.outbox.insertEvent(row));
  }
  getEvent(tenant: string, id: string): Promise<EventRow | undefined> {
    return this.outbox.getEvent(tenant, id);
  }
  insertDeliveries(rows: readonly DeliveryRow[]): Promise<void> {
    return guarded(this.outbox.insertDeliveries(rows));
  }
  getDelivery(tenant: string, eventId: string, subscriberId: string): Promise<DeliveryRow | undefined> {
    return this.outbox.getDelivery(tenant, eventId, subscriberId);
  }
  listDeliveries(tenant: string, filter: DeliveryFilter): Promise<DeliveryRow[]> {
    return this.outbox.listDeliveries(tenant, filter);
  }
  settleDelivery(tenant: string, eventId: string, subscriberId: string, attempts: number, outcome: DeliveryOutcome): Promise<boolean> {
    return this.outbox.settleDelivery(tenant, eventId, subscriberId, attempts, outcome);
  }
  redriveDeliveries(tenant: string, which: Redrive, now: number, at: string): Promise<number> {
    return this.outbox.redriveDeliveries(tenant, which, now, at);
  }
}

function versionValues(row: QuoteVersionWrite) {
  return {
    tenant: row.tenant, quote_id: row.quoteId, version: row.version, state: row.state, catalog_id: row.catalogId,
    catalog_version: row.catalogVersion, body: row.body, priced: textValue(row.priced), digest: row.digest, total: row.total,
    currency: row.currency, revision: row.revision, created_at: row.createdAt, updated_at: row.updatedAt,
  };
}

/**
 * A text column's value given as a string or as its UTF-8 bytes. Bytes are bound as they are
 * and cast to text by the database (SQLite: a blob cast to text is its bytes read as UTF-8;
 * PostgreSQL: a binary parameter of type text is received as such, its encoding checked): a
 * 1,000-line quote's prices are not made into a string of over 2 MB to be encoded again.
 */
function textValue(value: string | Uint8Array): string | RawBuilder<string> {
  return typeof value === 'string' ? value : sql<string>`cast(${bufferOf(value)} as text)`;
}

/** Bytes as a Buffer over the same memory (the drivers bind a Buffer as a blob or binary parameter). */
const bufferOf = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** A store on any Kysely dialect; `createSqliteStore` and `createPostgresStore` make the two the kit supports. */
export class KyselyStore implements QuoteStore {
  readonly read: StoreTx;
  private readonly db: Kysely<Database>;

  /**
   * `pool`: on PostgreSQL, the dialect's `pg.Pool`, for the one query Kysely cannot send (the
   * claim: several statements in the simple protocol, see `claimDeliveries`).
   */
  constructor(readonly kind: 'sqlite' | 'postgres', dialect: Dialect, private readonly onClose?: () => Promise<void> | void, private readonly pool?: SimpleQueryPool) {
    this.db = new Kysely<Database>({ dialect });
    this.read = new Queries(this.db, false);
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      throw new Error(`the store's migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
    }
  }

  async transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    let queries: Queries | undefined;
    const result = await this.db.transaction().execute((trx) => work(queries = new Queries(trx, this.kind === 'postgres', true)));
    for (const callback of queries?.committed ?? []) {
      try {
        callback();
      } catch {
        // Committed: a failing callback cannot undo it, nor turn the answer into a failure.
      }
    }
    return result;
  }

  async claimDeliveries(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    if (this.kind === 'postgres' && !this.pool) throw new Error('claimDeliveries: a PostgreSQL store needs its pg.Pool (createPostgresStore)');
    return claimDeliveries(this.db as unknown as Kysely<OutboxTables>, this.kind === 'postgres' ? this.pool : undefined, now, limit, leaseMs);
  }

  settleDeliveries(settlements: readonly DeliverySettlement[]): Promise<boolean[]> {
    return settleDeliveries(this.db as unknown as Kysely<OutboxTables>, settlements);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose?.();
  }
}
