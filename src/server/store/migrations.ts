import { PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * The store's versioned migrations, run by Kysely's `Migrator` at start (it takes a lock, so
 * several instances starting together on PostgreSQL run each migration once). Numbered names
 * keep their order; a migration, once released, is never edited: a change is a new one.
 * Uniqueness lives here, not only in code: one version number per quote, one catalog version
 * per number, one order per quote version, one answer per idempotency key.
 */
const migrations: Record<string, Migration> = {
  '0001-initial': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('sequences')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sequences_pk', ['tenant', 'name'])
        .execute();

      await db.schema.createTable('catalogs')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('catalog_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('published_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('catalogs_pk', ['tenant', 'catalog_id', 'version'])
        .execute();

      await db.schema.createTable('quotes')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('quote_id', 'text', (c) => c.notNull())
        .addColumn('latest_version', 'integer', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('quotes_pk', ['tenant', 'quote_id'])
        .execute();

      await db.schema.createTable('quote_versions')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('quote_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('catalog_id', 'text', (c) => c.notNull())
        .addColumn('catalog_version', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('priced', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('total', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('quote_versions_pk', ['tenant', 'quote_id', 'version'])
        .addForeignKeyConstraint('quote_versions_quote_fk', ['tenant', 'quote_id'], 'quotes', ['tenant', 'quote_id'])
        .addForeignKeyConstraint('quote_versions_catalog_fk', ['tenant', 'catalog_id', 'catalog_version'], 'catalogs', ['tenant', 'catalog_id', 'version'])
        .execute();
      await db.schema.createIndex('quote_versions_state').on('quote_versions').columns(['tenant', 'state']).execute();

      await db.schema.createTable('moves')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('quote_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text', (c) => c.notNull())
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('digest', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('moves_pk', ['tenant', 'quote_id', 'version', 'seq'])
        .addForeignKeyConstraint('moves_version_fk', ['tenant', 'quote_id', 'version'], 'quote_versions', ['tenant', 'quote_id', 'version'])
        .execute();

      await db.schema.createTable('share_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('quote_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('allow_order', 'integer', (c) => c.notNull().check(sql`allow_order in (0, 1)`))
        .addForeignKeyConstraint('share_links_version_fk', ['tenant', 'quote_id', 'version'], 'quote_versions', ['tenant', 'quote_id', 'version'])
        .execute();
      await db.schema.createIndex('share_links_quote').on('share_links').columns(['tenant', 'quote_id']).execute();

      await db.schema.createTable('orders')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('quote_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('total', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('orders_pk', ['tenant', 'id'])
        .addUniqueConstraint('orders_one_per_version', ['tenant', 'quote_id', 'version'])
        .addForeignKeyConstraint('orders_version_fk', ['tenant', 'quote_id', 'version'], 'quote_versions', ['tenant', 'quote_id', 'version'])
        .execute();
      await db.schema.createIndex('orders_created').on('orders').columns(['tenant', 'created_at', 'id']).execute();

      await db.schema.createTable('idempotency_keys')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant', 'key'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['idempotency_keys', 'orders', 'share_links', 'moves', 'quote_versions', 'quotes', 'catalogs', 'sequences']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  '0002-quotes-by-creation': {
    // The quote list is ordered by creation (newest first), not by the quote number as text.
    async up(db: Kysely<any>) {
      await db.schema.createIndex('quotes_created').on('quotes').columns(['tenant', 'created_at', 'quote_id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('quotes_created').execute();
    },
  },
  '0003-order-outbox': {
    // The transactional outbox (issue 12): an order's event and one delivery per subscriber are
    // written in the order's own transaction; dispatchers take due deliveries from here.
    async up(db: Kysely<any>) {
      await db.schema.createTable('subscribers')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('webhook', 'nats')`))
        .addColumn('url', 'text')
        .addColumn('subject', 'text')
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('structured', 'binary')`))
        // JSON: { current, previous: [{ secret, validUntil }] } (rotation keeps an old secret valid a while).
        .addColumn('secrets', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().check(sql`enabled in (0, 1)`))
        .addColumn('disabled_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('subscribers_pk', ['tenant', 'id'])
        .addCheckConstraint('subscribers_target', sql`(kind = 'webhook' and url is not null) or (kind = 'nats' and subject is not null)`)
        .execute();

      await db.schema.createTable('events')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('events_pk', ['tenant', 'id'])
        // A CloudEvent is identified by its source and id together.
        .addUniqueConstraint('events_source_id', ['source', 'id'])
        .execute();

      await db.schema.createTable('deliveries')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('subscriber_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivered', 'dead')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().check(sql`attempts >= 0`))
        // Milliseconds since the epoch: when the delivery is due (a dispatcher that takes it pushes it
        // forward by its lease, so the row comes back if that dispatcher dies).
        .addColumn('next_at', 'bigint', (c) => c.notNull())
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        // When the current round of attempts began (the insert, or the last retry or replay): the age limit counts from here.
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('deliveries_pk', ['tenant', 'event_id', 'subscriber_id'])
        .addForeignKeyConstraint('deliveries_event_fk', ['tenant', 'event_id'], 'events', ['tenant', 'id'])
        .addForeignKeyConstraint('deliveries_subscriber_fk', ['tenant', 'subscriber_id'], 'subscribers', ['tenant', 'id'])
        .execute();
      await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_at']).execute();
      await db.schema.createIndex('deliveries_listed').on('deliveries').columns(['tenant', 'created_at', 'event_id', 'subscriber_id']).execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['deliveries', 'events', 'subscribers']) await db.schema.dropTable(table).execute();
    },
  },
  '0004-order-status': {
    // Order status back from the ERP (issue 12): where each order stands, and its history of
    // reports (an ERP's status events, a seller's cancellation), one row per (reporter, source, id).
    async up(db: Kysely<any>) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable('orders')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('placed')
          .check(sql`status in ('placed', 'confirmed', 'fulfilled', 'invoiced', 'cancelled')`))
        .execute();
      await db.schema.alterTable('orders').addColumn('erp_order_number', 'text').execute();
      await db.schema.alterTable('orders').addColumn('status_updated_at', 'text').execute();

      await db.schema.createTable('order_status_reports')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq >= 0`))
        // The subscriber that reported it (sub_…), or `user:<id>` for a seller's cancellation.
        .addColumn('reporter', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed', 'fulfilled', 'invoiced', 'cancelled')`))
        .addColumn('erp_order_number', 'text')
        .addColumn('at', 'text')
        .addColumn('note', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('applied', 'ignored')`))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_status_reports_pk', ['tenant', 'order_id', 'seq'])
        // A report is kept once per reporter, source and id: a repeat is a duplicate.
        .addUniqueConstraint('order_status_reports_event', ['tenant', 'reporter', 'source', 'event_id'])
        .addForeignKeyConstraint('order_status_reports_order_fk', ['tenant', 'order_id'], 'orders', ['tenant', 'id'])
        .execute();
      // The status endpoint names a subscriber, not its tenant.
      await db.schema.createIndex('subscribers_by_id').on('subscribers').column('id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('subscribers_by_id').execute();
      await db.schema.dropTable('order_status_reports').execute();
      for (const column of ['status_updated_at', 'erp_order_number', 'status']) await db.schema.alterTable('orders').dropColumn(column).execute();
    },
  },
  '0005-contracts': {
    // Subscriptions and contracts (issue 16): one row per contract, its JSON changed in place by each
    // ordered amendment or renewal (the version guards against two at once), made by one quote version.
    async up(db: Kysely<any>) {
      await db.schema.createTable('contracts')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('contract_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
        .addColumn('customer_id', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('quote_id', 'text', (c) => c.notNull())
        .addColumn('quote_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('contracts_pk', ['tenant', 'contract_id'])
        .addForeignKeyConstraint('contracts_quote_fk', ['tenant', 'quote_id', 'quote_version'], 'quote_versions', ['tenant', 'quote_id', 'version'])
        .execute();
      await db.schema.createIndex('contracts_by_customer').on('contracts').columns(['tenant', 'customer_id', 'contract_id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('contracts').execute();
    },
  },
  '0006-idempotency-packed': {
    // A large stored answer (a 1,000-line quote's is over 1 MB) is kept compressed: `packed` holds
    // it (Brotli) and `body` is empty; a small one stays as text in `body`, `packed` null.
    async up(db: Kysely<any>) {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      await db.schema.alterTable('idempotency_keys').addColumn('packed', postgres ? 'bytea' : 'blob').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('idempotency_keys').dropColumn('packed').execute();
    },
  },
  '0007-lz4-texts': {
    // PostgreSQL compresses a text over 2 KB before storing it out of line (TOAST), by default
    // with its own pglz. A 1,000-line quote's prices are over 1 MB, written again on every edit,
    // under the row's lock: LZ4 does that in a fraction of the time (PostgreSQL 14 and later,
    // when the server was built with it; otherwise nothing changes). Only new values are
    // written with it; stored ones are read as they are. SQLite stores texts as they are.
    async up(db: Kysely<any>) {
      if (!(await hasLz4(db))) return;
      for (const [table, columns] of LZ4_COLUMNS) {
        await sql`alter table ${sql.table(table)} ${sql.join(columns.map((c) => sql`alter column ${sql.ref(c)} set compression lz4`))}`.execute(db);
      }
    },
    async down(db: Kysely<any>) {
      if (!(await hasLz4(db))) return;
      for (const [table, columns] of LZ4_COLUMNS) {
        await sql`alter table ${sql.table(table)} ${sql.join(columns.map((c) => sql`alter column ${sql.ref(c)} set compression default`))}`.execute(db);
      }
    },
  },
};

/** The columns that hold large JSON texts: a quote version's body and prices, a catalog, an order event (twice), a contract, a stored answer. */
const LZ4_COLUMNS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['quote_versions', ['body', 'priced']],
  ['catalogs', ['body']],
  ['orders', ['event']],
  ['events', ['body']],
  ['contracts', ['body']],
  ['idempotency_keys', ['body']],
];

/** Whether the store is a PostgreSQL server that can compress with LZ4 (14+, built with lz4). */
async function hasLz4(db: Kysely<any>): Promise<boolean> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return false;
  const { rows } = await sql<{ lz4: boolean }>`select exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)) as lz4`.execute(db);
  return rows[0]?.lz4 === true;
}

/** The migrations, for Kysely's `Migrator`. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
