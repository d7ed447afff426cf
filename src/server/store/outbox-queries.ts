import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ClaimedDelivery, DeliveryFilter, DeliveryOutcome, DeliveryRow, EventRow, Redrive, SubscriberRow } from './types.js';

/** The outbox's tables as Kysely sees them (migration 0003-order-outbox). */
export interface OutboxTables {
  subscribers: {
    tenant: string; id: string; kind: string; url: string | null; subject: string | null; mode: string; secrets: string;
    enabled: number; disabled_reason: string | null; created_at: string;
  };
  events: { tenant: string; id: string; source: string; type: string; body: string; created_at: string };
  deliveries: {
    tenant: string; event_id: string; subscriber_id: string; status: string; attempts: number; next_at: number | string | bigint;
    last_status: number | null; last_error: string | null; created_at: string; started_at: number | string | bigint; updated_at: string;
  };
}

type Db = Kysely<OutboxTables> | Transaction<OutboxTables>;

export const subscriberRow = (r: Selectable<OutboxTables['subscribers']>): SubscriberRow => ({
  tenant: r.tenant, id: r.id, kind: r.kind as SubscriberRow['kind'], url: r.url, subject: r.subject, mode: r.mode as SubscriberRow['mode'],
  secrets: r.secrets, enabled: Number(r.enabled) === 1, disabledReason: r.disabled_reason, createdAt: r.created_at,
});
export const eventRow = (r: Selectable<OutboxTables['events']>): EventRow => ({
  tenant: r.tenant, id: r.id, source: r.source, type: r.type, body: r.body, createdAt: r.created_at,
});
export const deliveryRow = (r: Selectable<OutboxTables['deliveries']>): DeliveryRow => ({
  tenant: r.tenant, eventId: r.event_id, subscriberId: r.subscriber_id, status: r.status as DeliveryRow['status'], attempts: Number(r.attempts),
  nextAt: Number(r.next_at), lastStatus: r.last_status === null ? null : Number(r.last_status), lastError: r.last_error,
  createdAt: r.created_at, startedAt: Number(r.started_at), updatedAt: r.updated_at,
});

/** The outbox's queries over one connection or transaction (the store's `Queries` hands these on). */
export class OutboxQueries {
  constructor(private readonly db: Db) {}

  async insertSubscriber(row: SubscriberRow): Promise<void> {
    await this.db.insertInto('subscribers').values({
      tenant: row.tenant, id: row.id, kind: row.kind, url: row.url, subject: row.subject, mode: row.mode, secrets: row.secrets,
      enabled: row.enabled ? 1 : 0, disabled_reason: row.disabledReason, created_at: row.createdAt,
    }).execute();
  }

  async getSubscriber(tenant: string, id: string): Promise<SubscriberRow | undefined> {
    const r = await this.db.selectFrom('subscribers').selectAll().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
    return r && subscriberRow(r);
  }

  async findSubscribers(id: string): Promise<SubscriberRow[]> {
    const rows = await this.db.selectFrom('subscribers').selectAll().where('id', '=', id).orderBy('tenant').execute();
    return rows.map(subscriberRow);
  }

  async listSubscribers(tenant: string, options: { enabled?: boolean } = {}): Promise<SubscriberRow[]> {
    let q = this.db.selectFrom('subscribers').selectAll().where('tenant', '=', tenant);
    if (options.enabled !== undefined) q = q.where('enabled', '=', options.enabled ? 1 : 0);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map(subscriberRow);
  }

  async listSubscriberTenants(): Promise<string[]> {
    // Sorted here, by code unit: the databases' collations differ.
    const rows = await this.db.selectFrom('subscribers').select('tenant').distinct().execute();
    return rows.map((r) => r.tenant).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async updateSubscriber(tenant: string, id: string, changes: Partial<Pick<SubscriberRow, 'secrets' | 'enabled' | 'disabledReason'>>): Promise<boolean> {
    const set: Partial<OutboxTables['subscribers']> = {};
    if (changes.secrets !== undefined) set.secrets = changes.secrets;
    if (changes.enabled !== undefined) set.enabled = changes.enabled ? 1 : 0;
    if (changes.disabledReason !== undefined) set.disabled_reason = changes.disabledReason;
    if (Object.keys(set).length === 0) return (await this.getSubscriber(tenant, id)) !== undefined;
    const result = await this.db.updateTable('subscribers').set(set).where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertEvent(row: EventRow): Promise<void> {
    await this.db.insertInto('events').values({
      tenant: row.tenant, id: row.id, source: row.source, type: row.type, body: row.body, created_at: row.createdAt,
    }).execute();
  }

  async getEvent(tenant: string, id: string): Promise<EventRow | undefined> {
    const r = await this.db.selectFrom('events').selectAll().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
    return r && eventRow(r);
  }

  async insertDeliveries(rows: readonly DeliveryRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insertInto('deliveries').values(rows.map((r) => ({
      tenant: r.tenant, event_id: r.eventId, subscriber_id: r.subscriberId, status: r.status, attempts: r.attempts, next_at: r.nextAt,
      last_status: r.lastStatus, last_error: r.lastError, created_at: r.createdAt, started_at: r.startedAt, updated_at: r.updatedAt,
    }))).execute();
  }

  async getDelivery(tenant: string, eventId: string, subscriberId: string): Promise<DeliveryRow | undefined> {
    const r = await this.db.selectFrom('deliveries').selectAll().where('tenant', '=', tenant).where('event_id', '=', eventId)
      .where('subscriber_id', '=', subscriberId).executeTakeFirst();
    return r && deliveryRow(r);
  }

  async listDeliveries(tenant: string, filter: DeliveryFilter): Promise<DeliveryRow[]> {
    let q = this.db.selectFrom('deliveries').selectAll().where('tenant', '=', tenant);
    if (filter.after !== undefined) {
      // The cursor `<subscriberId>/<eventId>`: a subscriber id has no "/".
      const slash = filter.after.indexOf('/');
      if (slash < 0) return [];
      const cursor = await this.getDelivery(tenant, filter.after.slice(slash + 1), filter.after.slice(0, slash));
      if (!cursor) return [];
      q = q.where((eb) => eb.or([
        eb('created_at', '<', cursor.createdAt),
        eb.and([eb('created_at', '=', cursor.createdAt), eb('event_id', '<', cursor.eventId)]),
        eb.and([eb('created_at', '=', cursor.createdAt), eb('event_id', '=', cursor.eventId), eb('subscriber_id', '<', cursor.subscriberId)]),
      ]));
    }
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.subscriberId !== undefined) q = q.where('subscriber_id', '=', filter.subscriberId);
    const rows = await q.orderBy('created_at', 'desc').orderBy('event_id', 'desc').orderBy('subscriber_id', 'desc').limit(filter.limit).execute();
    return rows.map(deliveryRow);
  }

  async settleDelivery(tenant: string, eventId: string, subscriberId: string, attempts: number, outcome: DeliveryOutcome): Promise<boolean> {
    const result = await this.db.updateTable('deliveries')
      .set({ status: outcome.status, next_at: outcome.nextAt, last_status: outcome.lastStatus, last_error: outcome.lastError, updated_at: outcome.updatedAt })
      .where('tenant', '=', tenant).where('event_id', '=', eventId).where('subscriber_id', '=', subscriberId)
      .where('status', '=', 'pending').where('attempts', '=', attempts)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async redriveDeliveries(tenant: string, which: Redrive, now: number, at: string): Promise<number> {
    let q = this.db.updateTable('deliveries').set({ status: 'pending', attempts: 0, next_at: now, started_at: now, updated_at: at }).where('tenant', '=', tenant);
    if ('eventId' in which) q = q.where('event_id', '=', which.eventId).where('subscriber_id', '=', which.subscriberId);
    else {
      q = q.where('status', '=', 'dead');
      if (which.subscriberId !== undefined) q = q.where('subscriber_id', '=', which.subscriberId);
    }
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

/**
 * Claim due deliveries: the due rows whose subscriber is enabled, oldest due first, each pushed
 * forward by the lease and counted as an attempt; then their events and subscribers.
 *
 * On PostgreSQL, inside one transaction: the rows are selected `FOR UPDATE SKIP LOCKED` (a row
 * another instance is claiming is passed over, not waited for), then updated by their keys —
 * two statements, because an `UPDATE … WHERE key IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`
 * may run its subquery more than once and take more (or other) rows than it locked. On SQLite,
 * one `UPDATE … RETURNING` in autocommit: a single statement is SQLite's atomic unit, and a
 * transaction held across awaits would make a second connection's write wait on the first.
 */
export async function claimDeliveries(db: Kysely<OutboxTables>, postgres: boolean, now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const due = (q: Kysely<OutboxTables> | Transaction<OutboxTables>) => q.selectFrom('deliveries as d').select(['d.tenant', 'd.event_id', 'd.subscriber_id'])
    .where('d.status', '=', 'pending').where('d.next_at', '<=', now)
    .where(({ exists, selectFrom }) => exists(selectFrom('subscribers as s').select(sql`1`.as('one'))
      .whereRef('s.tenant', '=', 'd.tenant').whereRef('s.id', '=', 'd.subscriber_id').where('s.enabled', '=', 1)))
    .orderBy('d.next_at').limit(limit);
  const lease = (q: Kysely<OutboxTables> | Transaction<OutboxTables>) => q.updateTable('deliveries')
    .set((eb) => ({ next_at: now + leaseMs, attempts: eb('attempts', '+', 1), updated_at: new Date(now).toISOString() }))
    .where('status', '=', 'pending').where('next_at', '<=', now);
  if (postgres) {
    return db.transaction().execute(async (trx) => {
      const keys = await due(trx).forUpdate().skipLocked().execute();
      if (keys.length === 0) return [];
      const claimed = await lease(trx)
        .where(({ eb, refTuple, tuple }) => eb(refTuple('tenant', 'event_id', 'subscriber_id'), 'in', keys.map((k) => tuple(k.tenant, k.event_id, k.subscriber_id))))
        .returningAll().execute();
      return withEventsAndSubscribers(trx, claimed);
    });
  }
  const claimed = await lease(db)
    .where(({ eb, refTuple }) => eb(refTuple('tenant', 'event_id', 'subscriber_id'), 'in', due(db).$asTuple('tenant', 'event_id', 'subscriber_id')))
    .returningAll().execute();
  return withEventsAndSubscribers(db, claimed);
}

/** The claimed rows with their events and subscribers, oldest round first. */
async function withEventsAndSubscribers(db: Db, claimed: Selectable<OutboxTables['deliveries']>[]): Promise<ClaimedDelivery[]> {
  if (claimed.length === 0) return [];
  const events = await db.selectFrom('events').selectAll()
    .where(({ eb, refTuple, tuple }) => eb(refTuple('tenant', 'id'), 'in', claimed.map((c) => tuple(c.tenant, c.event_id)))).execute();
  const subscribers = await db.selectFrom('subscribers').selectAll()
    .where(({ eb, refTuple, tuple }) => eb(refTuple('tenant', 'id'), 'in', claimed.map((c) => tuple(c.tenant, c.subscriber_id)))).execute();
  const key = (tenant: string, id: string) => `${tenant}\u0000${id}`;
  const eventBy = new Map(events.map((e) => [key(e.tenant, e.id), eventRow(e)]));
  const subscriberBy = new Map(subscribers.map((s) => [key(s.tenant, s.id), subscriberRow(s)]));
  return claimed.map((c) => ({ delivery: deliveryRow(c), event: eventBy.get(key(c.tenant, c.event_id))!, subscriber: subscriberBy.get(key(c.tenant, c.subscriber_id))! }))
    .sort((a, b) => a.delivery.startedAt - b.delivery.startedAt);
}
