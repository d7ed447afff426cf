import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { KyselyStore } from './kysely-store.js';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** The database file (its folder is created); `:memory:` for a throwaway store. */
  file: string;
  /** How long a write waits for another connection's lock, ms. Default 5000. */
  busyTimeoutMs?: number;
}

/**
 * The embedded default: one SQLite file (better-sqlite3), for one service process. WAL lets
 * readers run beside the writer; `synchronous=FULL` makes every committed transaction durable
 * before the answer is sent (a kill -9 or a power cut loses nothing acknowledged); foreign keys
 * are on. Several processes must use PostgreSQL instead.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<KyselyStore> {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  const store = new KyselyStore('sqlite', new SqliteDialect({ database: db }));
  await store.migrate();
  return store;
}
