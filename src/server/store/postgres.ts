import { PostgresDialect } from 'kysely';
import pg from 'pg';
import { KyselyStore } from './kysely-store.js';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** A connection string (`postgres://user@127.0.0.1:5432/db`) or a `pg.Pool` the host owns. */
  connection: string | pg.Pool;
  /** Connections in the pool (when the store makes it). Default 10. */
  maxConnections?: number;
}

/**
 * The store for several service instances behind a load balancer: every instance on one
 * PostgreSQL database. Moves on one quote take its row lock (`SELECT … FOR UPDATE`), so two
 * instances serialize on a quote and never on each other's; uniqueness is enforced by the
 * database (a concurrent duplicate waits for the first transaction, then conflicts).
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<KyselyStore> {
  const owned = typeof options.connection === 'string';
  const pool = typeof options.connection === 'string'
    ? new pg.Pool({ connectionString: options.connection, max: options.maxConnections ?? 10 })
    : options.connection;
  // An idle client that loses its connection must not crash the process: the next query reconnects.
  if (owned) pool.on('error', () => undefined);
  const store = new KyselyStore('postgres', new PostgresDialect({ pool }), undefined, pool);
  await store.migrate();
  return store;
}
