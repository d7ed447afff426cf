import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ClaimedDelivery, DeliveryFilter, DeliveryOutcome, DeliveryRow, DeliverySettlement, EventRow, Redrive, SubscriberRow } from './types.js';

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

/** What the PostgreSQL claim needs of a `pg.Pool`: a query in the simple protocol (several statements, no parameters). */
export interface SimpleQueryPool {
  query(text: string): Promise<unknown>;
}

/**
 * Claim due deliveries: the due rows whose subscriber is enabled, the earliest due first, each
 * pushed forward by the lease and counted as an attempt; with their events and subscribers.
 *
 * On PostgreSQL (`pool`), one statement in one round trip: a `MATERIALIZED` CTE selects the keys
 * `FOR UPDATE OF d SKIP LOCKED` (a row another instance is claiming is passed over, not waited
 * for) and is run once, so the `UPDATE … FROM` it feeds changes exactly the rows it locked —
 * never more or others, as an `UPDATE … WHERE key IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`
 * could by running its subquery again — and returns them joined with their events and
 * subscribers. It must walk the `deliveries_due` index (status, next_at) in order and stop at
 * the limit; without statistics (a new table, a burst of orders before autovacuum has analyzed
 * it) the planner guesses a handful of due rows and reads every due row, then sorts them — a
 * claim that costs as much as the backlog is long. So the statement runs after `SET LOCAL
 * enable_bitmapscan = off, enable_sort = off`, in the same implicit transaction: a query string
 * of three statements, sent in the simple protocol, its values written in as literals (integers
 * and an ISO time, checked). On SQLite, one `UPDATE … RETURNING` in autocommit (a single
 * statement is SQLite's atomic unit, and a transaction held across awaits would make a second
 * connection's write wait on the first): its subquery walks `deliveries_due` in due order and
 * stops at the limit, and the update takes those rows by rowid; then the events and subscribers.
 */
export async function claimDeliveries(db: Kysely<OutboxTables>, pool: SimpleQueryPool | undefined, now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const at = new Date(now).toISOString();
  if (pool) {
    for (const [name, value] of [['now', now], ['limit', limit], ['leaseMs', leaseMs]] as const) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`claimDeliveries: ${name} must be a whole number of 0 or more, got ${value}`);
    }
    if (!/^[0-9+:.TZ-]+$/.test(at)) throw new RangeError(`claimDeliveries: now is not a time: ${now}`);
    const results = await pool.query(`
      set local enable_bitmapscan = off;
      set local enable_sort = off;
      with due as materialized (
        select d.tenant, d.event_id, d.subscriber_id from deliveries d
        where d.status = 'pending' and d.next_at <= ${now}
          and exists (select 1 from subscribers s where s.tenant = d.tenant and s.id = d.subscriber_id and s.enabled = 1)
        order by d.next_at
        limit ${limit}
        for update of d skip locked
      )
      update deliveries as d set next_at = ${now + leaseMs}, attempts = d.attempts + 1, updated_at = '${at}'
      from due
        join events e on e.tenant = due.tenant and e.id = due.event_id
        join subscribers s on s.tenant = due.tenant and s.id = due.subscriber_id
      where d.tenant = due.tenant and d.event_id = due.event_id and d.subscriber_id = due.subscriber_id
      returning d.*,
        e.source as e_source, e.type as e_type, e.body as e_body, e.created_at as e_created_at,
        s.kind as s_kind, s.url as s_url, s.subject as s_subject, s.mode as s_mode, s.secrets as s_secrets,
        s.enabled as s_enabled, s.disabled_reason as s_disabled_reason, s.created_at as s_created_at`) as { rows: ClaimedRow[] }[];
    const rows = results.at(-1)!.rows;
    return rows.map((r) => ({
      delivery: deliveryRow(r),
      event: eventRow({ tenant: r.tenant, id: r.event_id, source: r.e_source, type: r.e_type, body: r.e_body, created_at: r.e_created_at }),
      subscriber: subscriberRow({
        tenant: r.tenant, id: r.subscriber_id, kind: r.s_kind, url: r.s_url, subject: r.s_subject, mode: r.s_mode, secrets: r.s_secrets,
        enabled: r.s_enabled, disabled_reason: r.s_disabled_reason, created_at: r.s_created_at,
      }),
    })).sort(byRound);
  }
  const due = db.selectFrom('deliveries as d').select(sql<number>`d.rowid`.as('row'))
    .where('d.status', '=', 'pending').where('d.next_at', '<=', now)
    .where(({ exists, selectFrom }) => exists(selectFrom('subscribers as s').select(sql`1`.as('one'))
      .whereRef('s.tenant', '=', 'd.tenant').whereRef('s.id', '=', 'd.subscriber_id').where('s.enabled', '=', 1)))
    .orderBy('d.next_at').limit(limit);
  // By rowid: each row the subquery listed is updated through the table's key, not by scanning
  // every due row again (the subquery runs once, in the same statement: its rows are still due).
  const claimed = await db.updateTable('deliveries')
    .set((eb) => ({ next_at: now + leaseMs, attempts: eb('attempts', '+', 1), updated_at: at }))
    .where(sql<number>`rowid`, 'in', due)
    .returningAll().execute();
  return withEventsAndSubscribers(db, claimed);
}

/** A row the PostgreSQL claim returns: the delivery, its event's and its subscriber's columns. */
type ClaimedRow = Selectable<OutboxTables['deliveries']> & {
  e_source: string; e_type: string; e_body: string; e_created_at: string;
  s_kind: string; s_url: string | null; s_subject: string | null; s_mode: string; s_secrets: string; s_enabled: number; s_disabled_reason: string | null; s_created_at: string;
};

/** Claimed deliveries, oldest round first. */
const byRound = (a: ClaimedDelivery, b: ClaimedDelivery) => a.delivery.startedAt - b.delivery.startedAt;

/**
 * Record the outcomes of claimed attempts in one statement (`UPDATE … FROM` a `VALUES` list),
 * each only while its row is still that claim's: pending, with the claim's `attempts`. The rows
 * are listed in key order, so that batches written at once take their locks in one order. Per
 * settlement, in the order given, whether it was recorded.
 */
export async function settleDeliveries(db: Db, settlements: readonly DeliverySettlement[]): Promise<boolean[]> {
  if (settlements.length === 0) return [];
  const key = (tenant: string, eventId: string, subscriberId: string, attempts: number) => `${tenant}\u0000${eventId}\u0000${subscriberId}\u0000${attempts}`;
  const keys = settlements.map((x) => key(x.tenant, x.eventId, x.subscriberId, x.attempts));
  const order = settlements.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  // Typed in every row: PostgreSQL would take an untyped parameter in VALUES for text.
  const values = sql.join(order.map((i) => {
    const x = settlements[i]!;
    const o = x.outcome;
    return sql`(cast(${x.tenant} as text), cast(${x.eventId} as text), cast(${x.subscriberId} as text), cast(${x.attempts} as integer), 'pending',
      cast(${o.status} as text), cast(${o.nextAt} as bigint), cast(${o.lastStatus} as integer), cast(${o.lastError} as text), cast(${o.updatedAt} as text))`;
  }));
  // "Still pending" is compared with a column of the list (`held`), not a constant: as a
  // restriction on the table, PostgreSQL without statistics would guess a handful of pending
  // rows, read them all and hash-join the list with them; as a join clause, each listed row is
  // looked up by its key. (No alias for the table: SQLite's RETURNING does not know one.)
  const { rows } = await sql<{ tenant: string; event_id: string; subscriber_id: string; attempts: number }>`
    with v (tenant, event_id, subscriber_id, attempts, held, status, next_at, last_status, last_error, updated_at) as (values ${values})
    update deliveries
    set status = v.status, next_at = v.next_at, last_status = v.last_status, last_error = v.last_error, updated_at = v.updated_at
    from v
    where deliveries.tenant = v.tenant and deliveries.event_id = v.event_id and deliveries.subscriber_id = v.subscriber_id
      and deliveries.status = v.held and deliveries.attempts = v.attempts
    returning deliveries.tenant, deliveries.event_id, deliveries.subscriber_id, deliveries.attempts`.execute(db);
  const recorded = new Set(rows.map((r) => key(r.tenant, r.event_id, r.subscriber_id, Number(r.attempts))));
  return keys.map((k) => recorded.has(k));
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
    .sort(byRound);
}
