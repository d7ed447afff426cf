/**
 * The floor of bench/service.bench.ts: the least a quote service must do for an edit, in the
 * same framework, on the same database, with no pricing. Fastify 5 with the kit's own route
 * schemas (QUOTE_EDIT_SCHEMA and VERSION_PARAMS, compiled with the same Ajv options: no
 * coercion, no removal, no defaults), the same bearer token verified (HS256, jose), and one
 * transaction that reads the version row (`FOR UPDATE` on PostgreSQL) and writes it back with the
 * edited body and its priced JSON at the same revision check — in `floor_quote_versions`, a copy of
 * the kit's `quote_versions` made at start in the same SQLite file (same pragmas: WAL,
 * synchronous=FULL) or the same PostgreSQL database (a pool of 10, as the kit's; its columns
 * compressed as the kit's are), so the rows and their JSON have the kit's sizes. The answer is the row's body and priced JSON, as large as the
 * kit's. No pricing, no lifecycle, no move log, no idempotency, no rate limit, no view. Each answer
 * says its server time in a Server-Timing header, as the kit's does when the bench asks for it.
 *
 * Run as a process, as the kit is (`cpq-kit serve`):
 *   node --import tsx bench/service-floor.ts --store sqlite:<file>|postgres://… --port 0
 * It prints "service-floor: listening on <url>" once it accepts requests; SIGTERM stops it.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { jwtVerify } from 'jose';
import pg from 'pg';
import { VERSION_PARAMS } from '../src/server/routes/params.js';
import { QUOTE_EDIT_SCHEMA } from '../src/server/schemas/quote-input.js';
import { addServerTiming } from '../src/server/server-timing.js';

/** A version row as the floor reads and writes it. */
interface Row {
  body: string;
  priced: string;
  revision: number;
}

/** One edit in one transaction: read the row (locked), write it back; undefined when there is none. */
type Edit = (tenant: string, quoteId: string, version: number, compose: (row: Row) => string, at: string) => Promise<Row | undefined>;

interface FloorStore {
  edit: Edit;
  close: () => Promise<void>;
}

/** A second floor instance on the same store uses the first one's table (FLOOR_KEEP_TABLE=1). */
const keepTable = () => process.env.FLOOR_KEEP_TABLE === '1';

const COPY_COLUMNS = 'tenant, quote_id, version, state, catalog_id, catalog_version, body, priced, digest, total, currency, revision, created_at, updated_at';

function sqliteFloor(file: string): FloorStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!keepTable()) {
    db.exec(`drop table if exists floor_quote_versions;
      create table floor_quote_versions as select ${COPY_COLUMNS} from quote_versions;
      create unique index floor_quote_versions_pk on floor_quote_versions (tenant, quote_id, version);`);
  }
  const read = db.prepare('select body, priced, revision from floor_quote_versions where tenant = ? and quote_id = ? and version = ?');
  const write = db.prepare('update floor_quote_versions set body = ?, priced = ?, revision = ?, updated_at = ? where tenant = ? and quote_id = ? and version = ? and revision = ?');
  const edit = db.transaction((tenant: string, quoteId: string, version: number, compose: (row: Row) => string, at: string): Row | undefined => {
    const row = read.get(tenant, quoteId, version) as Row | undefined;
    if (!row) return undefined;
    const next = { body: compose(row), priced: row.priced, revision: row.revision + 1 };
    if (write.run(next.body, next.priced, next.revision, at, tenant, quoteId, version, row.revision).changes !== 1) return undefined;
    return next;
  });
  return {
    edit: async (...args) => edit.immediate(...args),
    close: async () => void db.close(),
  };
}

async function postgresFloor(url: string): Promise<FloorStore> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined);
  if (!keepTable()) {
    // The same columns stored the same way (their compression: LZ4 where the store's migration set it).
    await pool.query(`drop table if exists floor_quote_versions;
      create table floor_quote_versions (like quote_versions including compression including storage);
      insert into floor_quote_versions (${COPY_COLUMNS}) select ${COPY_COLUMNS} from quote_versions;
      alter table floor_quote_versions add primary key (tenant, quote_id, version);`);
  }
  return {
    edit: async (tenant, quoteId, version, compose, at) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query<Row>('select body, priced, revision from floor_quote_versions where tenant = $1 and quote_id = $2 and version = $3 for update', [tenant, quoteId, version]);
        const row = rows[0];
        if (!row) {
          await client.query('rollback');
          return undefined;
        }
        const next = { body: compose(row), priced: row.priced, revision: Number(row.revision) + 1 };
        await client.query('update floor_quote_versions set body = $1, priced = $2, revision = $3, updated_at = $4 where tenant = $5 and quote_id = $6 and version = $7 and revision = $8',
          [next.body, next.priced, next.revision, at, tenant, quoteId, version, row.revision]);
        await client.query('commit');
        return next;
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The floor service (not yet listening). */
export async function createFloorService(options: { store: string; secret: string }): Promise<FastifyInstance> {
  const store = options.store.startsWith('postgres') ? await postgresFloor(options.store) : sqliteFloor(options.store.replace(/^sqlite:/, ''));
  const key = new TextEncoder().encode(options.secret);
  const app = Fastify({
    logger: false,
    bodyLimit: 256 * 1024,
    keepAliveTimeout: 5_000,
    routerOptions: { maxParamLength: 200 },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  // The server's time per request, as the kit's service gives it with `serverTiming` (bench/service.bench.ts reads it).
  addServerTiming(app);
  app.addHook('onRequest', async (req, reply) => {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    try {
      const { payload } = await jwtVerify(m?.[1] ?? '', key, { algorithms: ['HS256'], requiredClaims: ['exp'] });
      (req as unknown as { tenant: string }).tenant = String(payload.tenant);
    } catch {
      return reply.code(401).send({ error: { type: 'authentication', code: 'invalid-token', message: 'The token could not be verified.' } });
    }
  });
  app.put('/quotes/:quoteId/versions/:version', { schema: { params: VERSION_PARAMS, body: QUOTE_EDIT_SCHEMA } }, async (req, reply) => {
    const { quoteId, version } = req.params as { quoteId: string; version: string };
    const tenant = (req as unknown as { tenant: string }).tenant;
    const input = req.body as Record<string, unknown>;
    // The stored quote's own fields (id, version, date, validity, currency) with the seller's input.
    const compose = (row: Row) => {
      const { id, version: v, date, validUntil, currency } = JSON.parse(row.body) as Record<string, unknown>;
      return JSON.stringify({ id, version: v, date, validUntil, currency, ...input });
    };
    const row = await store.edit(tenant, quoteId, Number(version), compose, new Date().toISOString());
    if (!row) return reply.code(404).send({ error: { type: 'not_found', code: 'not-found', message: `Quote "${quoteId}" was not found.` } });
    return reply.type('application/json; charset=utf-8')
      .send(`{"quoteId":${JSON.stringify(quoteId)},"version":${Number(version)},"revision":${row.revision},"quote":${row.body},"priced":${row.priced}}`);
  });
  app.addHook('onClose', () => store.close());
  return app;
}

/** The floor as a process of its own, on `store`; resolves once it listens. */
export async function startFloorProcess(store: string, env: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--store', store, '--port', '0'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service-floor did not start in 30 s: ${err}`));
    }, 30_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`service-floor exited before listening: ${err}`));
    });
  });
  return { url, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { store: { type: 'string' }, port: { type: 'string' } } });
  const secret = process.env.CPQ_JWT_SECRET;
  if (!values.store || !secret) throw new Error('service-floor: --store and CPQ_JWT_SECRET are needed');
  const app = await createFloorService({ store: values.store, secret });
  const address = await app.listen({ port: Number(values.port ?? 0), host: '127.0.0.1' });
  process.stdout.write(`service-floor: listening on ${address}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
