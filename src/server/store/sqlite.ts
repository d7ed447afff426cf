import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect, type SqliteDatabase } from 'kysely';
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
  const store = new KyselyStore('sqlite', new SqliteDialect({ database: keptStatements(db) }));
  await store.migrate();
  return store;
}

/**
 * The database as Kysely uses it, with each statement prepared once: Kysely prepares every query
 * it runs, and the store's queries are a few dozen texts (their values are parameters).
 */
function keptStatements(db: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare: (sql) => {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        if (statements.size < 1000) statements.set(sql, statement);
      }
      return statement;
    },
  };
}
