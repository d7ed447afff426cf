// Store conformance (issue 11): one suite, run against both adapters (a SQLite file and a fresh
// PostgreSQL database), on the QuoteStore / StoreTx interface itself: migrations, each method's
// round trip, keyset paging, uniqueness enforced by the database (StoreConflictError on both),
// rollback, sequences under concurrency, JSON bodies byte for byte, and row locks that block.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createPostgresStore, createSqliteStore, StoreConflictError, type QuoteStore } from '../src/server/index.js';
import type { CatalogRow, ContractRow, MoveRow, OrderRow, OrderStatusReportRow, QuoteHeadRow, QuoteVersionRow, ShareLinkRow, StoreTx, SubscriberRow } from '../src/server/store/types.js';
import { freshPgDatabase, type StoreKind } from './support/service.js';
import { migrationProvider } from '../src/server/store/migrations.js';

/** Every migration the store has, in order. */
const MIGRATIONS = Object.keys(await migrationProvider.getMigrations()).sort();

const pad = (n: number, w = 5) => String(n).padStart(w, '0');
/** A timestamp as the service writes them (offset +08:00), `s` seconds after a fixed minute. */
const at = (s: number) => `2026-12-04T10:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}+08:00`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function catalog(tenant: string, catalogId = 'cat', version = 1, body = `{"id":"${catalogId}","v":${version}}`): CatalogRow {
  return { tenant, catalogId, version, digest: `sha-256:${pad(version, 64)}`, body, publishedAt: at(version), publishedBy: 'ad' };
}
function head(tenant: string, quoteId: string, o: Partial<QuoteHeadRow> = {}): QuoteHeadRow {
  return { tenant, quoteId, latestVersion: 1, owner: 's1', customerId: 'C-1', createdAt: at(0), updatedAt: at(0), ...o };
}
function version(tenant: string, quoteId: string, v = 1, o: Partial<QuoteVersionRow> = {}): QuoteVersionRow {
  return {
    tenant, quoteId, version: v, state: 'draft', catalogId: 'cat', catalogVersion: 1, body: `{"id":"${quoteId}","version":${v}}`,
    priced: '{"totals":{"total":"100.00"}}', digest: `sha-256:${pad(v, 64)}`, total: '100.00', currency: 'CNY', revision: 1,
    createdAt: at(0), updatedAt: at(0), ...o,
  };
}
function move(tenant: string, quoteId: string, v: number, seq: number, o: Partial<MoveRow> = {}): MoveRow {
  return { tenant, quoteId, version: v, seq, action: seq === 0 ? 'create' : 'edit', actor: 's1', at: at(seq), fromState: 'draft', toState: 'draft', digest: null, detail: '{}', ...o };
}
function order(tenant: string, quoteId: string, v = 1, o: Partial<OrderRow> = {}): OrderRow {
  return { tenant, id: `order:${quoteId}:v${v}`, quoteId, version: v, event: `{"id":"order:${quoteId}:v${v}"}`, total: '100.00', currency: 'CNY', createdAt: at(0), createdBy: 's1', ...o };
}
function link(tenant: string, id: string, quoteId: string, o: Partial<ShareLinkRow> = {}): ShareLinkRow {
  return { id, tenant, quoteId, version: 1, createdBy: 's1', createdAt: at(0), expiresAt: '2027-01-03T10:00:00.000Z', revokedAt: null, allowOrder: false, ...o };
}

/** A quote (head and version 1) on the tenant's catalog `cat` v1, which is published first when missing. */
async function seedQuote(tx: StoreTx, tenant: string, quoteId: string, h: Partial<QuoteHeadRow> = {}, v: Partial<QuoteVersionRow> = {}): Promise<void> {
  if (!(await tx.getCatalog(tenant, 'cat', 1))) await tx.insertCatalog(catalog(tenant));
  await tx.insertHead(head(tenant, quoteId, h));
  await tx.insertVersion(version(tenant, quoteId, 1, v));
}

/** Expect a StoreConflictError naming `table` (the service tells an idempotency-key conflict by its name). */
async function conflict(work: Promise<unknown>, table: string): Promise<void> {
  await assert.rejects(work, (e: unknown) => {
    assert.ok(e instanceof StoreConflictError, `a StoreConflictError, got ${String(e)}`);
    assert.match(e.constraint, new RegExp(table));
    return true;
  });
}

/** Keyset-page through `fetch` with `limit`: every page, in order. */
async function pages<T>(limit: number, fetch: (after: string | undefined) => Promise<T[]>, cursor: (row: T) => string): Promise<T[][]> {
  const out: T[][] = [];
  let after: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await fetch(after);
    if (page.length === 0) break;
    assert.ok(page.length <= limit);
    out.push(page);
    after = cursor(page[page.length - 1]!);
  }
  return out;
}

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`store conformance (${kind})`, () => {
    let store: QuoteStore;
    let dir: string | undefined;
    let file = '';
    let pgDb: Awaited<ReturnType<typeof freshPgDatabase>> | undefined;
    /** Plain SQL on the store's database, beside the store. */
    let query: (sql: string) => Promise<Record<string, unknown>[]>;
    let close: () => Promise<void>;

    const open = (): Promise<QuoteStore> => (kind === 'sqlite' ? createSqliteStore({ file }) : createPostgresStore({ connection: pgDb!.url, maxConnections: 10 }));

    before(async () => {
      if (kind === 'sqlite') {
        dir = mkdtempSync(join(tmpdir(), 'cpq-store-'));
        file = join(dir, 'store.sqlite');
        const db = new Database(file);
        query = async (sql) => db.prepare(sql).all() as Record<string, unknown>[];
        close = async () => void db.close();
      } else {
        pgDb = await freshPgDatabase();
        const c = new pg.Client({ connectionString: pgDb.url });
        await c.connect();
        query = async (sql) => (await c.query(sql)).rows as Record<string, unknown>[];
        close = () => c.end();
      }
      store = await open();
    });
    after(async () => {
      await store?.close();
      await close?.();
      await pgDb?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    describe('migrations', () => {
      it('run again (by the same store and by a second one on the same database) are a no-op that keeps the rows', async () => {
        await store.transaction((tx) => seedQuote(tx, 'mig', 'Q-1'));
        const applied = await query('select name from kysely_migration order by name');
        assert.deepEqual(applied.map((r) => r.name), MIGRATIONS);
        await store.migrate();
        await store.migrate();
        const second = await open();
        try {
          await second.migrate();
          assert.deepEqual(await query('select name from kysely_migration order by name'), applied);
          assert.equal((await second.read.getHead('mig', 'Q-1'))?.quoteId, 'Q-1');
          assert.equal((await store.read.getVersion('mig', 'Q-1', 1))?.revision, 1);
        } finally {
          await second.close();
        }
      });

      if (kind === 'postgres') {
        it('run at once from four stores on one fresh database do not fail, and run once', async () => {
          const db = await freshPgDatabase();
          const stores: QuoteStore[] = [];
          try {
            const opened = await Promise.allSettled(Array.from({ length: 4 }, () => createPostgresStore({ connection: db.url, maxConnections: 2 })));
            for (const r of opened) if (r.status === 'fulfilled') stores.push(r.value);
            assert.deepEqual(opened.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)), []);
            const c = new pg.Client({ connectionString: db.url });
            await c.connect();
            const rows = (await c.query('select name from kysely_migration')).rows;
            await c.end();
            assert.deepEqual(rows.map((r) => r.name), MIGRATIONS);
            // Every store works on the one schema: what one writes, another reads.
            await stores[0]!.transaction((tx) => seedQuote(tx, 'mig', 'Q-1'));
            assert.equal((await stores[3]!.read.getHead('mig', 'Q-1'))?.owner, 's1');
          } finally {
            for (const s of stores) await s.close();
            await db.drop();
          }
        });

        it('store the large JSON texts with LZ4 (where the server has it), and still read a text pglz stored before', async () => {
          const lz4 = (await query(`select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`)).length === 1;
          const columns = await query(`select c.relname as table, a.attname as column, a.attcompression as method from pg_attribute a join pg_class c on c.oid = a.attrelid
            where c.relname in ('quote_versions', 'catalogs', 'orders', 'events', 'contracts', 'idempotency_keys') and a.attname in ('body', 'priced', 'event') and c.relkind = 'r' order by 1, 2`);
          assert.deepEqual(columns.map((r) => `${r.table}.${r.column}`), ['catalogs.body', 'contracts.body', 'events.body', 'idempotency_keys.body', 'orders.event', 'quote_versions.body', 'quote_versions.priced']);
          assert.deepEqual(new Set(columns.map((r) => r.method)), new Set([lz4 ? 'l' : '']));
          if (!lz4) return;
          // A big priced text written through the store is compressed with LZ4 (pg_column_compression), and reads back whole.
          const big = JSON.stringify({ lines: Array.from({ length: 2000 }, (_, i) => ({ id: `L${i}`, net: `${i}.50`, tax: `${(i * 13) % 997}.07` })) });
          await store.transaction((tx) => seedQuote(tx, 'lz4', 'Q-1', {}, { priced: big }));
          const [stored] = await query(`select pg_column_compression(priced) as method, length(priced) as chars, pg_column_size(priced) as bytes from quote_versions where tenant = 'lz4'`);
          assert.equal(stored!.method, 'lz4');
          assert.equal(stored!.chars, big.length);
          assert.ok(Number(stored!.bytes) < big.length / 3, `stored ${String(stored!.bytes)} bytes of ${big.length}`);
          assert.equal((await store.read.getVersion('lz4', 'Q-1', 1))?.priced, big);
          // A text stored with pglz before the migration (as on a store migrated from an earlier release) reads back as it was.
          await query(`alter table quote_versions alter column priced set compression pglz`);
          const old = big.replace('"L0"', '"L-old"');
          await store.transaction((tx) => seedQuote(tx, 'lz4', 'Q-2', {}, { priced: old }));
          await query(`alter table quote_versions alter column priced set compression lz4`);
          assert.equal((await query(`select pg_column_compression(priced) as method from quote_versions where tenant = 'lz4' and quote_id = 'Q-2'`))[0]!.method, 'pglz');
          assert.equal((await store.read.getVersion('lz4', 'Q-2', 1))?.priced, old);
        });
      }
    });

    describe('round trips', () => {
      it('catalogs: a version, the newest, the list of newest versions without bodies, another tenant apart', async () => {
        const T = 'cat-rt';
        await store.transaction(async (tx) => {
          await tx.insertCatalog(catalog(T, 'crm', 1));
          await tx.insertCatalog(catalog(T, 'crm', 2));
          await tx.insertCatalog(catalog(T, 'air', 1));
          await tx.insertCatalog(catalog('cat-rt-other', 'crm', 7));
        });
        assert.deepEqual(await store.read.getCatalog(T, 'crm', 1), catalog(T, 'crm', 1));
        assert.deepEqual(await store.read.getCatalog(T, 'crm'), catalog(T, 'crm', 2));
        assert.equal(await store.read.getCatalog(T, 'crm', 3), undefined);
        assert.equal(await store.read.getCatalog(T, 'nope'), undefined);
        const strip = ({ body: _b, ...rest }: CatalogRow) => rest;
        assert.deepEqual(await store.read.listCatalogs(T), [strip(catalog(T, 'air', 1)), strip(catalog(T, 'crm', 2))]);
        assert.deepEqual(await store.read.listCatalogs('cat-rt-nobody'), []);
      });

      it('heads and versions: read back as written; updateHead; updateVersion with the expected revision, and refused with a stale one', async () => {
        const T = 'ver-rt';
        await store.transaction((tx) => seedQuote(tx, T, 'Q-1', { customerId: null }));
        assert.deepEqual(await store.read.getHead(T, 'Q-1'), head(T, 'Q-1', { customerId: null }));
        assert.deepEqual(await store.read.getVersion(T, 'Q-1', 1), version(T, 'Q-1', 1));
        assert.equal(await store.read.getHead(T, 'Q-2'), undefined);
        assert.equal(await store.read.getVersion(T, 'Q-1', 2), undefined);

        const next = version(T, 'Q-1', 1, { state: 'approval-pending', body: '{"changed":true}', priced: '{"p":1}', digest: 'sha-256:x', total: '90.00', revision: 2, updatedAt: at(5), createdAt: at(59) });
        assert.equal(await store.transaction((tx) => tx.updateVersion(next, 1)), true);
        // created_at is not changed by an update.
        assert.deepEqual(await store.read.getVersion(T, 'Q-1', 1), { ...next, createdAt: at(0) });
        // Without its priced JSON (an edit re-prices), the rest of the row the same, in a transaction and locked too.
        assert.deepEqual(await store.read.getVersion(T, 'Q-1', 1, { priced: false }), { ...next, createdAt: at(0), priced: '' });
        assert.deepEqual(await store.transaction((tx) => tx.getVersion(T, 'Q-1', 1, { lock: true, priced: false })), { ...next, createdAt: at(0), priced: '' });
        assert.equal(await store.read.getVersion(T, 'Q-1', 2, { priced: false }), undefined);
        const stale = { ...next, state: 'approved', revision: 3 };
        assert.equal(await store.transaction((tx) => tx.updateVersion(stale, 1)), false);
        assert.equal((await store.read.getVersion(T, 'Q-1', 1))?.state, 'approval-pending');
        assert.equal(await store.transaction((tx) => tx.updateVersion({ ...stale, quoteId: 'Q-404' }, 2)), false);

        await store.transaction(async (tx) => {
          await tx.insertVersion(version(T, 'Q-1', 2, { createdAt: at(9), updatedAt: at(9) }));
          await tx.updateHead(T, 'Q-1', { latestVersion: 2, updatedAt: at(9), customerId: 'C-9' });
        });
        assert.deepEqual(await store.read.getHead(T, 'Q-1'), head(T, 'Q-1', { latestVersion: 2, updatedAt: at(9), customerId: 'C-9' }));
        assert.deepEqual((await store.read.listVersions(T, 'Q-1')).map((v) => [v.version, v.revision]), [[1, 2], [2, 1]]);
        assert.deepEqual(await store.read.listVersions(T, 'Q-404'), []);
      });

      it('listQuotes: newest id first, keyset pages with `after`, filters by state, customer and owner, the newest version\'s summary', async () => {
        const T = 'list-rt';
        const n = 23;
        await store.transaction(async (tx) => {
          for (let i = 1; i <= n; i++) {
            const id = `Q-2026-${pad(i)}`;
            await seedQuote(tx, T, id, { owner: i % 3 === 0 ? 's3' : 's1', customerId: i % 2 === 0 ? 'C-even' : null, updatedAt: at(i) },
              { state: i % 4 === 0 ? 'sent' : 'draft', total: `${i}.00` });
          }
          // Q-2026-00005 has a version 2, in another state: the list shows the newest.
          await tx.insertVersion(version(T, 'Q-2026-00005', 2, { state: 'approved', total: '5.50' }));
          await tx.updateHead(T, 'Q-2026-00005', { latestVersion: 2, updatedAt: at(30), customerId: 'C-even' });
          await seedQuote(tx, 'list-rt-other', 'Q-2026-00099');
        });
        const all = await store.read.listQuotes(T, { limit: 100 });
        assert.deepEqual(all.map((q) => q.quoteId), Array.from({ length: n }, (_, i) => `Q-2026-${pad(n - i)}`));
        assert.deepEqual(all.find((q) => q.quoteId === 'Q-2026-00005'), {
          quoteId: 'Q-2026-00005', latestVersion: 2, owner: 's1', customerId: 'C-even', state: 'approved', total: '5.50', currency: 'CNY', updatedAt: at(30),
        });
        const paged = await pages(5, (after) => store.read.listQuotes(T, { limit: 5, after }), (q) => q.quoteId);
        assert.deepEqual(paged.map((p) => p.length), [5, 5, 5, 5, 3]);
        assert.deepEqual(paged.flat(), all);
        const expect = (keep: (q: (typeof all)[number]) => boolean) => all.filter(keep).map((q) => q.quoteId);
        for (const [filter, keep] of [
          [{ state: 'sent' }, (q: (typeof all)[number]) => q.state === 'sent'],
          [{ customerId: 'C-even' }, (q: (typeof all)[number]) => q.customerId === 'C-even'],
          [{ owner: 's3' }, (q: (typeof all)[number]) => q.owner === 's3'],
          [{ state: 'draft', owner: 's1', customerId: 'C-even' }, (q: (typeof all)[number]) => q.state === 'draft' && q.owner === 's1' && q.customerId === 'C-even'],
        ] as const) {
          const want = expect(keep);
          assert.ok(want.length >= 2, JSON.stringify(filter));
          const got = await pages(2, (after) => store.read.listQuotes(T, { limit: 2, after, ...filter }), (q) => q.quoteId);
          assert.deepEqual(got.flat().map((q) => q.quoteId), want, JSON.stringify(filter));
        }
        assert.deepEqual(await store.read.listQuotes(T, { limit: 5, after: 'Q-2026-00001' }), []);
        assert.deepEqual(await store.read.listQuotes(T, { limit: 5, state: 'ordered' }), []);
      });

      it('orders: by id and by quote version; listOrders pages by (created_at, id), newest first, ties broken by id', async () => {
        const T = 'orders-rt';
        const n = 12;
        await store.transaction(async (tx) => {
          for (let i = 1; i <= n; i++) {
            const id = `Q-2026-${pad(i)}`;
            await seedQuote(tx, T, id, {}, { state: 'ordered' });
            // Three orders a second: created_at ties, broken by the id.
            await tx.insertOrder(order(T, id, 1, { createdAt: at(Math.floor((i * 7) % n / 3)) }));
          }
        });
        // A new order is `placed`, with no ERP number yet.
        const o3 = { ...order(T, 'Q-2026-00003', 1, { createdAt: at(Math.floor(21 % n / 3)) }), status: 'placed', erpOrderNumber: null, statusUpdatedAt: null };
        assert.deepEqual(await store.read.getOrder(T, o3.id), o3);
        assert.deepEqual(await store.read.getOrderFor(T, 'Q-2026-00003', 1), o3);
        assert.equal(await store.read.getOrderFor(T, 'Q-2026-00003', 2), undefined);
        assert.equal(await store.read.getOrder('orders-rt-other', o3.id), undefined);
        const all = await store.read.listOrders(T, { limit: 100 });
        assert.equal(all.length, n);
        const sorted = [...all].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
        assert.deepEqual(all, sorted);
        assert.ok(new Set(all.map((o) => o.createdAt)).size < n, 'some created_at tie');
        const { event: _e, ...summary } = o3;
        assert.deepEqual(all.find((o) => o.id === o3.id), summary);
        const paged = await pages(5, (after) => store.read.listOrders(T, { limit: 5, after }), (o) => o.id);
        assert.deepEqual(paged.map((p) => p.length), [5, 5, 2]);
        assert.deepEqual(paged.flat(), all);
        assert.deepEqual(await store.read.listOrders(T, { limit: 5, after: 'order:unknown:v1' }), []);
      });

      it('order status: a new order is placed; updateOrderStatus; reports round trip, listed by seq, kept once per (reporter, source, id); findSubscribers across tenants', async () => {
        const T = 'status-rt';
        await store.transaction(async (tx) => {
          await seedQuote(tx, T, 'Q-1', {}, { state: 'ordered' });
          await tx.insertOrder(order(T, 'Q-1'));
        });
        const id = order(T, 'Q-1').id;
        const status = async () => {
          const o = (await store.read.getOrder(T, id))!;
          return { status: o.status, erpOrderNumber: o.erpOrderNumber, statusUpdatedAt: o.statusUpdatedAt };
        };
        assert.deepEqual(await status(), { status: 'placed', erpOrderNumber: null, statusUpdatedAt: null });
        const report = (seq: number, o: Partial<OrderStatusReportRow> = {}): OrderStatusReportRow => ({
          tenant: T, orderId: id, seq, reporter: 'sub_a', source: 'https://erp.example.com', eventId: `e${seq}`, status: 'confirmed', erpOrderNumber: null,
          at: null, note: null, receivedAt: at(seq), result: 'applied', fingerprint: `sha-256:${pad(seq, 64)}`, ...o,
        });
        const r0 = report(0, { erpOrderNumber: 'SO-1', at: '2026-12-04T18:00:00+08:00', note: '已确认 ✅' });
        const r1 = report(1, { status: 'confirmed', result: 'ignored', reporter: 'user:s1' });
        const r2 = report(2, { status: 'cancelled', eventId: 'e0', source: 'https://erp2.example.com' });
        // Written out of order: listed by seq.
        await store.transaction(async (tx) => {
          await tx.insertStatusReport(r2);
          await tx.insertStatusReport(r0);
          await tx.insertStatusReport(r1);
          assert.equal(await tx.updateOrderStatus(T, id, { status: 'confirmed', erpOrderNumber: 'SO-1', statusUpdatedAt: at(3) }), true);
        });
        assert.deepEqual(await store.read.listStatusReports(T, id), [r0, r1, r2]);
        assert.deepEqual(await store.read.listStatusReports('status-rt-other', id), []);
        assert.deepEqual(await store.read.getStatusReport(T, 'sub_a', 'https://erp.example.com', 'e0'), r0);
        assert.deepEqual(await store.read.getStatusReport(T, 'sub_a', 'https://erp2.example.com', 'e0'), r2);
        assert.equal(await store.read.getStatusReport(T, 'sub_b', 'https://erp.example.com', 'e0'), undefined);
        assert.equal(await store.read.getStatusReport('status-rt-other', 'sub_a', 'https://erp.example.com', 'e0'), undefined);
        assert.deepEqual(await status(), { status: 'confirmed', erpOrderNumber: 'SO-1', statusUpdatedAt: at(3) });
        assert.deepEqual((await store.read.listOrders(T, { limit: 5 })).map((o) => [o.id, o.status, o.erpOrderNumber]), [[id, 'confirmed', 'SO-1']]);
        assert.equal(await store.read.updateOrderStatus(T, 'order:Q-9:v1', { status: 'confirmed', erpOrderNumber: null, statusUpdatedAt: null }), false);
        // The same reporter, source and id again (another seq) is a conflict; so is a seq taken.
        await conflict(store.transaction((tx) => tx.insertStatusReport(report(3, { eventId: 'e0' }))), 'order_status_reports');
        await conflict(store.transaction((tx) => tx.insertStatusReport(report(1, { eventId: 'e9' }))), 'order_status_reports');
        // The database refuses a status it does not know, and a report of no order.
        await assert.rejects(store.transaction((tx) => tx.updateOrderStatus(T, id, { status: 'shipped' as never, erpOrderNumber: null, statusUpdatedAt: null })));
        await assert.rejects(store.transaction((tx) => tx.insertStatusReport(report(4, { orderId: 'order:Q-9:v1', eventId: 'e4' }))), (e: unknown) => !(e instanceof StoreConflictError));
        assert.equal((await store.read.listStatusReports(T, id)).length, 3);
        assert.equal((await status()).status, 'confirmed');

        const subscriber = (tenant: string, sid: string): SubscriberRow => ({
          tenant, id: sid, kind: 'webhook', url: 'https://erp.example.com/hook', subject: null, mode: 'structured', secrets: '{"current":"whsec_x","previous":[]}',
          enabled: true, disabledReason: null, createdAt: at(0),
        });
        await store.transaction(async (tx) => {
          await tx.insertSubscriber(subscriber(T, 'sub_same'));
          await tx.insertSubscriber(subscriber('status-rt-other', 'sub_same'));
          await tx.insertSubscriber(subscriber(T, 'sub_alone'));
        });
        assert.deepEqual((await store.read.findSubscribers('sub_same')).map((x) => x.tenant).sort(), [T, 'status-rt-other']);
        assert.deepEqual(await store.read.findSubscribers('sub_alone'), [subscriber(T, 'sub_alone')]);
        assert.deepEqual(await store.read.findSubscribers('sub_none'), []);
      });

      it('listSubscriberTenants: every tenant with a subscriber (enabled or not) once, sorted by code unit whatever the collation; a tenant with only quotes is not one', async () => {
        const P = 'lst-';
        const subscriber = (tenant: string, sid: string, enabled = true): SubscriberRow => ({
          tenant, id: sid, kind: 'webhook', url: 'https://erp.example.com/hook', subject: null, mode: 'structured', secrets: '{"current":"whsec_x","previous":[]}',
          enabled, disabledReason: enabled ? null : 'off', createdAt: at(0),
        });
        // Written in no particular order; upper case, accents, digits, punctuation and CJK sort differently under a linguistic collation.
        const tenants = ['b', 'Zeta', 'alpha', 'Ärger', '_x', '10', '9', 'b-2', '华东', 'Alpha'];
        await store.transaction(async (tx) => {
          for (const t of tenants) await tx.insertSubscriber(subscriber(P + t, 'sub_1'));
          // A second subscriber, and a disabled one: the tenant is still listed once.
          await tx.insertSubscriber(subscriber(P + 'b', 'sub_2'));
          await tx.insertSubscriber(subscriber(P + 'Zeta', 'sub_off', false));
          await seedQuote(tx, P + 'quotes-only', 'Q-1');
        });
        const listed = await store.read.listSubscriberTenants();
        const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        assert.deepEqual(listed.filter((t) => t.startsWith(P)), tenants.map((t) => P + t).sort(byCodeUnit));
        assert.deepEqual(listed.filter((t) => t.startsWith(P)).map((t) => t.slice(P.length)), ['10', '9', 'Alpha', 'Zeta', '_x', 'alpha', 'b', 'b-2', 'Ärger', '华东']);
        // The whole list: sorted, each tenant once, only tenants with a subscriber.
        assert.deepEqual(listed, [...new Set(listed)].sort(byCodeUnit));
        assert.ok(!listed.includes(P + 'quotes-only'));
        // Inside a transaction too, seeing its own writes.
        await store.transaction(async (tx) => {
          await tx.insertSubscriber(subscriber(P + 'new', 'sub_1'));
          assert.ok((await tx.listSubscriberTenants()).includes(P + 'new'));
        });
      });

      it('moves: listed by version then seq, whatever the order they were written in; one version alone', async () => {
        const T = 'moves-rt';
        await store.transaction(async (tx) => {
          await seedQuote(tx, T, 'Q-1');
          await tx.insertVersion(version(T, 'Q-1', 2));
          for (const [v, seq] of [[2, 1], [1, 2], [2, 0], [1, 0], [1, 10], [1, 1]] as const) {
            await tx.insertMove(move(T, 'Q-1', v, seq, { detail: JSON.stringify({ v, seq, 说明: '审批' }), digest: seq % 2 ? `sha-256:${seq}` : null }));
          }
        });
        const all = await store.read.listMoves(T, 'Q-1');
        assert.deepEqual(all.map((m) => `${m.version}.${m.seq}`), ['1.0', '1.1', '1.2', '1.10', '2.0', '2.1']);
        assert.deepEqual(all[3], move(T, 'Q-1', 1, 10, { detail: JSON.stringify({ v: 1, seq: 10, 说明: '审批' }), digest: null }));
        assert.deepEqual((await store.read.listMoves(T, 'Q-1', 2)).map((m) => m.seq), [0, 1]);
        assert.deepEqual(await store.read.listMoves(T, 'Q-404'), []);
      });

      it('appendMove: each version\'s log numbered 0, 1, 2 … by the insert itself, after what insertMove wrote too; every field as given', async () => {
        const T = 'moves-append';
        const { seq: _s, ...rich } = move(T, 'Q-1', 1, 0, { action: 'approve', actor: 'customer:李采购 🖊️', digest: 'sha-256:ab', detail: JSON.stringify({ 说明: '会签', n: 1 }) });
        const seqs = await store.transaction(async (tx) => {
          await seedQuote(tx, T, 'Q-1');
          await tx.insertVersion(version(T, 'Q-1', 2));
          const out = [await tx.appendMove(rich), await tx.appendMove({ ...rich, action: 'edit', digest: null }), await tx.appendMove({ ...rich, version: 2 })];
          await tx.insertMove(move(T, 'Q-1', 2, 10));
          out.push(await tx.appendMove({ ...rich, version: 2 }), await tx.appendMove(rich));
          return out;
        });
        assert.deepEqual(seqs, [0, 1, 0, 11, 2]);
        const all = await store.read.listMoves(T, 'Q-1');
        assert.deepEqual(all.map((m) => `${m.version}.${m.seq}`), ['1.0', '1.1', '1.2', '2.0', '2.10', '2.11']);
        assert.deepEqual(all[0], { ...rich, seq: 0 });
        assert.deepEqual(all[1], { ...rich, seq: 1, action: 'edit', digest: null });
        assert.deepEqual(all[5], { ...rich, version: 2, seq: 11 });
        // A version that does not exist: the foreign key refuses the move, nothing is written.
        await assert.rejects(store.transaction((tx) => tx.appendMove({ ...rich, version: 9 })));
        assert.equal((await store.read.listMoves(T, 'Q-1', 9)).length, 0);
      });

      it('share links: read back (allowOrder both ways), listed by creation, revoked once', async () => {
        const T = 'links-rt';
        const a = link(T, 'shl_a', 'Q-1', { createdAt: at(2), allowOrder: true });
        const b = link(T, 'shl_b', 'Q-1', { createdAt: at(1) });
        await store.transaction(async (tx) => {
          await seedQuote(tx, T, 'Q-1');
          await tx.insertShareLink(a);
          await tx.insertShareLink(b);
        });
        assert.deepEqual(await store.read.getShareLink('shl_a'), a);
        assert.deepEqual(await store.read.getShareLink('shl_b'), b);
        assert.equal(await store.read.getShareLink('shl_none'), undefined);
        assert.deepEqual((await store.read.listShareLinks(T, 'Q-1')).map((l) => l.id), ['shl_b', 'shl_a']);
        assert.equal(await store.transaction((tx) => tx.revokeShareLink('links-rt-other', 'shl_a', at(3))), false, 'another tenant cannot revoke it');
        assert.equal(await store.transaction((tx) => tx.revokeShareLink(T, 'shl_a', at(4))), true);
        assert.equal(await store.transaction((tx) => tx.revokeShareLink(T, 'shl_a', at(5))), false, 'revoked once');
        assert.deepEqual(await store.read.getShareLink('shl_a'), { ...a, revokedAt: at(4) });
        assert.equal((await store.read.getShareLink('shl_b'))?.revokedAt, null);
      });

      it('idempotency keys: claimed (status 0), completed with the answer, per tenant', async () => {
        const T = 'idem-rt';
        assert.equal(await store.read.getIdempotency(T, 'k1'), undefined);
        const claim = { tenant: T, key: 'k1', fingerprint: 'sha-256:f', status: 0, body: 'null', createdAt: '2026-12-04T02:00:00.000Z' };
        await store.transaction((tx) => tx.insertIdempotency(claim));
        assert.deepEqual(await store.read.getIdempotency(T, 'k1'), claim);
        await store.transaction((tx) => tx.completeIdempotency(T, 'k1', 201, '{"quoteId":"Q-1"}'));
        assert.deepEqual(await store.read.getIdempotency(T, 'k1'), { ...claim, status: 201, body: '{"quoteId":"Q-1"}' });
        await store.transaction((tx) => tx.insertIdempotency({ ...claim, tenant: 'idem-rt-other', fingerprint: 'sha-256:g' }));
        assert.equal((await store.read.getIdempotency('idem-rt-other', 'k1'))?.fingerprint, 'sha-256:g');
        assert.equal((await store.read.getIdempotency(T, 'k1'))?.fingerprint, 'sha-256:f');
      });
    });

    describe('uniqueness, enforced by the database', () => {
      const T = 'uniq';
      before(async () => {
        await store.transaction(async (tx) => {
          await seedQuote(tx, T, 'Q-1', {}, { state: 'ordered' });
          await tx.insertOrder(order(T, 'Q-1'));
          await tx.insertIdempotency({ tenant: T, key: 'k', fingerprint: 'f', status: 200, body: '{}', createdAt: at(0) });
        });
      });

      it('a duplicate catalog version is a StoreConflictError', async () => {
        await conflict(store.transaction((tx) => tx.insertCatalog(catalog(T, 'cat', 1, '{"other":true}'))), 'catalogs');
        assert.equal((await store.read.getCatalog(T, 'cat', 1))?.body, catalog(T).body);
      });

      it('a duplicate quote head or version is a StoreConflictError', async () => {
        await conflict(store.transaction((tx) => tx.insertHead(head(T, 'Q-1', { owner: 'other' }))), 'quotes');
        await conflict(store.transaction((tx) => tx.insertVersion(version(T, 'Q-1', 1, { state: 'draft' }))), 'quote_versions');
        assert.equal((await store.read.getVersion(T, 'Q-1', 1))?.state, 'ordered');
      });

      it('a second order for the same quote version (another id) is a StoreConflictError, as is the same id again', async () => {
        await conflict(store.transaction((tx) => tx.insertOrder(order(T, 'Q-1', 1, { id: 'order:Q-1:v1:again' }))), 'orders');
        await conflict(store.transaction((tx) => tx.insertOrder(order(T, 'Q-1', 1))), 'orders');
        assert.equal((await store.read.listOrders(T, { limit: 10 })).length, 1);
      });

      it('a duplicate idempotency key or move seq is a StoreConflictError', async () => {
        await conflict(store.transaction((tx) => tx.insertIdempotency({ tenant: T, key: 'k', fingerprint: 'g', status: 0, body: 'null', createdAt: at(1) })), 'idempotency');
        await store.transaction((tx) => tx.insertMove(move(T, 'Q-1', 1, 0)));
        await conflict(store.transaction((tx) => tx.insertMove(move(T, 'Q-1', 1, 0, { action: 'other' }))), 'moves');
        await conflict(store.transaction((tx) => tx.insertShareLink(link(T, 'shl_u', 'Q-1')).then(() => tx.insertShareLink(link(T, 'shl_u', 'Q-1')))), 'share_links');
      });

      it('a row whose parent is missing is refused (foreign keys), and is no conflict', async () => {
        for (const work of [
          (tx: StoreTx) => tx.insertVersion(version(T, 'Q-404', 1)),
          (tx: StoreTx) => tx.insertVersion(version(T, 'Q-1', 2, { catalogVersion: 9 })),
          (tx: StoreTx) => tx.insertMove(move(T, 'Q-1', 5, 0)),
          (tx: StoreTx) => tx.insertOrder(order(T, 'Q-404')),
        ]) {
          await assert.rejects(store.transaction(work), (e: unknown) => !(e instanceof StoreConflictError));
        }
        assert.deepEqual((await store.read.listVersions(T, 'Q-1')).map((v) => v.version), [1]);
      });

      it('two transactions claiming one key at once: the second waits for the first to commit, then conflicts', async () => {
        const events: string[] = [];
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        let claimed!: () => void;
        const isClaimed = new Promise<void>((r) => (claimed = r));
        const first = store.transaction(async (tx) => {
          await tx.insertIdempotency({ tenant: T, key: 'race', fingerprint: 'a', status: 0, body: 'null', createdAt: at(0) });
          events.push('first claimed');
          claimed();
          await held;
          await tx.completeIdempotency(T, 'race', 201, '{"first":true}');
          events.push('first commits');
        });
        await isClaimed;
        const second = store.transaction(async (tx) => {
          events.push('second claims');
          try {
            await tx.insertIdempotency({ tenant: T, key: 'race', fingerprint: 'b', status: 0, body: 'null', createdAt: at(0) });
          } finally {
            events.push('second answered');
          }
        });
        await sleep(150);
        release();
        await first;
        await conflict(second, 'idempotency');
        if (kind === 'postgres') assert.deepEqual(events, ['first claimed', 'second claims', 'first commits', 'second answered']);
        // (SQLite runs one transaction at a time: the second starts after the first committed.)
        else assert.deepEqual(events, ['first claimed', 'first commits', 'second claims', 'second answered']);
        assert.deepEqual(await store.read.getIdempotency(T, 'race').then((r) => [r?.fingerprint, r?.status]), ['a', 201]);
      });
    });

    describe('transactions', () => {
      it('a transaction that throws leaves nothing: rows, sequence values, updates, revocations', async () => {
        const T = 'rollback';
        await store.transaction(async (tx) => {
          await seedQuote(tx, T, 'Q-0');
          await tx.insertShareLink(link(T, 'shl_rb', 'Q-0'));
          assert.equal(await tx.nextSequence(T, 'quote'), 1);
        });
        const boom = new Error('boom');
        await assert.rejects(store.transaction(async (tx) => {
          assert.equal(await tx.nextSequence(T, 'quote'), 2);
          assert.equal(await tx.nextSequence(T, 'fresh'), 1);
          await tx.insertCatalog(catalog(T, 'cat', 2));
          await seedQuote(tx, T, 'Q-1');
          await tx.insertMove(move(T, 'Q-1', 1, 0));
          await tx.insertShareLink(link(T, 'shl_rb2', 'Q-1'));
          await tx.insertOrder(order(T, 'Q-1'));
          await tx.insertIdempotency({ tenant: T, key: 'k', fingerprint: 'f', status: 0, body: 'null', createdAt: at(0) });
          await tx.completeIdempotency(T, 'k', 201, '{}');
          assert.equal(await tx.updateVersion(version(T, 'Q-0', 1, { state: 'sent', revision: 2 }), 1), true);
          await tx.updateHead(T, 'Q-0', { latestVersion: 1, updatedAt: at(50), customerId: 'changed' });
          assert.equal(await tx.revokeShareLink(T, 'shl_rb', at(50)), true);
          // What the transaction wrote, it reads.
          assert.equal((await tx.getHead(T, 'Q-1'))?.quoteId, 'Q-1');
          throw boom;
        }), boom);
        assert.equal(await store.read.getCatalog(T, 'cat', 2), undefined);
        assert.equal(await store.read.getHead(T, 'Q-1'), undefined);
        assert.equal(await store.read.getVersion(T, 'Q-1', 1), undefined);
        assert.deepEqual(await store.read.listMoves(T, 'Q-1'), []);
        assert.equal(await store.read.getShareLink('shl_rb2'), undefined);
        assert.equal(await store.read.getOrder(T, order(T, 'Q-1').id), undefined);
        assert.equal(await store.read.getIdempotency(T, 'k'), undefined);
        assert.deepEqual(await store.read.getVersion(T, 'Q-0', 1), version(T, 'Q-0', 1));
        assert.deepEqual(await store.read.getHead(T, 'Q-0'), head(T, 'Q-0'));
        assert.equal((await store.read.getShareLink('shl_rb'))?.revokedAt, null);
        assert.equal(await store.transaction((tx) => tx.nextSequence(T, 'quote')), 2);
        assert.equal(await store.transaction((tx) => tx.nextSequence(T, 'fresh')), 1);
      });

      it('a conflict inside a transaction rolls back what it wrote before', async () => {
        const T = 'rollback-conflict';
        await store.transaction((tx) => seedQuote(tx, T, 'Q-1'));
        await conflict(store.transaction(async (tx) => {
          await seedQuote(tx, T, 'Q-2');
          await tx.insertVersion(version(T, 'Q-1', 1));
        }), 'quote_versions');
        assert.equal(await store.read.getHead(T, 'Q-2'), undefined);
      });

      it('nextSequence: 1, 2, 3 per tenant and name', async () => {
        const T = 'seq';
        const got: number[] = [];
        for (let i = 0; i < 3; i++) got.push(await store.transaction((tx) => tx.nextSequence(T, 'quote:2026')));
        got.push(await store.transaction((tx) => tx.nextSequence(T, 'quote:2027')));
        got.push(await store.transaction((tx) => tx.nextSequence('seq-other', 'quote:2026')));
        assert.deepEqual(got, [1, 2, 3, 1, 1]);
      });

      it('nextSequence under 50 concurrent transactions (a fifth of them rolled back): unique, and gapless over the committed ones', async () => {
        const T = 'seq-concurrent';
        const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.transaction(async (tx) => {
          const n = await tx.nextSequence(T, 'quote');
          // Hold the transaction a little, so that they overlap.
          await sleep(i % 3);
          await tx.insertIdempotency({ tenant: T, key: `k${i}`, fingerprint: String(n), status: 200, body: '{}', createdAt: at(0) });
          if (i % 5 === 4) throw new Error('rolled back');
          return n;
        })));
        const committed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        assert.equal(committed.length, 40);
        assert.deepEqual(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason.message)), Array(10).fill('rolled back'));
        assert.deepEqual([...committed].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i + 1));
        assert.equal(await store.transaction((tx) => tx.nextSequence(T, 'quote')), 41);
      });
    });

    describe('JSON bodies', () => {
      it('come back byte for byte: Chinese text, emoji, escapes, and 200 KB bodies, in every JSON column', async () => {
        const T = 'json';
        const rich = JSON.stringify({
          客户: '苏州瑞达精密制造股份有限公司', 备注: '含税价；「全角」标点，以及换行\n与制表\t', emoji: '👍🏽 👨‍👩‍👧‍👦 🇨🇳 🛠️', astral: '𠮷𩸽',
          escapes: 'quote " backslash \\ slash / \u2028\u2029 \u0000 \ud800', combining: 'é vs é', rtl: 'مرحبا', zeroWidth: 'a\u200bb',
        }, null, 1);
        const lines = Array.from({ length: 1600 }, (_, i) => ({ id: `L${i}`, sku: `SKU-${i}`, name: `第${i}行 产品 🚀`, qty: String(i), note: 'x'.repeat(60) }));
        const big = JSON.stringify({ lines, rich });
        assert.ok(Buffer.byteLength(big) > 200 * 1024, `${Buffer.byteLength(big)} bytes`);
        await store.transaction(async (tx) => {
          await tx.insertCatalog(catalog(T, 'cat', 1, big));
          await tx.insertHead(head(T, 'Q-1', { customerId: '客户-🚀' }));
          await tx.insertVersion(version(T, 'Q-1', 1, { body: big, priced: rich, state: 'ordered' }));
          await tx.insertMove(move(T, 'Q-1', 1, 0, { detail: rich, actor: 'customer:李采购 🖊️' }));
          await tx.insertOrder(order(T, 'Q-1', 1, { event: big }));
          await tx.insertIdempotency({ tenant: T, key: 'k', fingerprint: 'f', status: 0, body: 'null', createdAt: at(0) });
          await tx.completeIdempotency(T, 'k', 201, big);
          // An answer given as its UTF-8 bytes (as the service stores one it sends as bytes): a large one packed, a small one kept as text.
          for (const [key, text] of [['k-bytes', big], ['k-small', '{"名":"合同 🖊️"}']] as const) {
            await tx.insertIdempotency({ tenant: T, key, fingerprint: 'f', status: 0, body: 'null', createdAt: at(0) });
            await tx.completeIdempotency(T, key, 201, new Uint8Array(Buffer.from(text, 'utf8')));
          }
        });
        assert.equal((await store.read.getIdempotency(T, 'k-bytes'))!.body, big);
        assert.equal((await store.read.getIdempotency(T, 'k-small'))!.body, '{"名":"合同 🖊️"}');
        assert.deepEqual((await query(`select key, packed is not null as packed, body from idempotency_keys where key in ('k-bytes', 'k-small') order by key`))
          .map((r) => [r.key, Boolean(r.packed), r.body]), [['k-bytes', true, ''], ['k-small', false, '{"名":"合同 🖊️"}']]);
        assert.equal((await store.read.getCatalog(T, 'cat', 1))!.body, big);
        const v = (await store.read.getVersion(T, 'Q-1', 1))!;
        assert.equal(v.body, big);
        assert.equal(v.priced, rich);
        assert.equal((await store.read.listVersions(T, 'Q-1'))[0]!.body, big);
        assert.equal((await store.read.getHead(T, 'Q-1'))!.customerId, '客户-🚀');
        const m = (await store.read.listMoves(T, 'Q-1'))[0]!;
        assert.equal(m.detail, rich);
        assert.equal(m.actor, 'customer:李采购 🖊️');
        // A version's priced JSON written as its UTF-8 bytes (as the service writes it) is stored as text, the same as the string.
        const bytes = new Uint8Array(Buffer.from(big, 'utf8'));
        await store.transaction(async (tx) => {
          await tx.insertHead(head(T, 'Q-2'));
          await tx.insertVersion({ ...version(T, 'Q-2', 1), priced: bytes });
        });
        assert.equal((await store.read.getVersion(T, 'Q-2', 1))!.priced, big);
        const edited = rich.replace('{', '{"edited":"改 🖊️",');
        assert.ok(await store.transaction((tx) => tx.updateVersion({ ...version(T, 'Q-2', 1), priced: Buffer.from(edited, 'utf8'), revision: 2 }, 1)));
        assert.equal((await store.read.getVersion(T, 'Q-2', 1))!.priced, edited);
        // Read as bytes where the store can (SQLite: a Buffer of the stored UTF-8), else as the text.
        const asBytes = (await store.read.getVersion(T, 'Q-2', 1, { priced: 'bytes' }))!;
        if (kind === 'sqlite') assert.ok(asBytes.priced instanceof Uint8Array, 'bytes from SQLite');
        assert.equal(typeof asBytes.priced === 'string' ? asBytes.priced : Buffer.from(asBytes.priced).toString('utf8'), edited);
        assert.deepEqual({ ...asBytes, priced: '' }, { ...(await store.read.getVersion(T, 'Q-2', 1))!, priced: '' });
        assert.equal(await store.read.getVersion(T, 'Q-404', 1, { priced: 'bytes' }), undefined);
        assert.deepEqual(await query(`select typeof(priced) as t from quote_versions where tenant = '${T}' and quote_id = 'Q-2'`)
          .catch(async () => query(`select pg_typeof(priced)::text as t from quote_versions where tenant = '${T}' and quote_id = 'Q-2'`)),
          [{ t: 'text' }]);
        assert.equal((await store.read.getOrder(T, order(T, 'Q-1').id))!.event, big);
        assert.equal((await store.read.getIdempotency(T, 'k'))!.body, big);
        assert.deepEqual(JSON.parse((await store.read.getIdempotency(T, 'k'))!.body), JSON.parse(big));
      });
    });

    describe('contracts', () => {
      const contract = (tenant: string, contractId: string, o: Partial<ContractRow> = {}): ContractRow => ({
        tenant, contractId, version: 1, customerId: 'C-1', body: `{"id":"${contractId}","subscriptions":[{"qty":"100","netUnitPrice":"60.000001"}],"名":"合同"}`,
        quoteId: 'Q-1', quoteVersion: 1, createdAt: at(1), updatedAt: at(1), ...o,
      });

      it('round trip byte for byte; the same id twice conflicts; a contract names a quote version that exists; tenants apart', async () => {
        const T = 'ctr-1';
        await store.transaction(async (tx) => {
          await seedQuote(tx, T, 'Q-1');
          await tx.insertContract(contract(T, 'K-2026-00001'));
        });
        const got = await store.read.getContract(T, 'K-2026-00001');
        assert.deepEqual(got, contract(T, 'K-2026-00001'));
        assert.equal(await store.read.getContract('ctr-other', 'K-2026-00001'), undefined);
        await conflict(store.transaction((tx) => tx.insertContract(contract(T, 'K-2026-00001', { version: 2 }))), 'contracts');
        await assert.rejects(store.transaction((tx) => tx.insertContract(contract(T, 'K-2026-00002', { quoteId: 'Q-404' }))), 'the foreign key to quote_versions refuses it');
        assert.equal(await store.read.getContract(T, 'K-2026-00002'), undefined);
      });

      it('updateContract writes the next version only over the one expected; a rolled-back update leaves the row', async () => {
        const T = 'ctr-2';
        await store.transaction(async (tx) => {
          await seedQuote(tx, T, 'Q-1');
          await tx.insertVersion(version(T, 'Q-1', 2));
          await tx.insertContract(contract(T, 'K-1'));
        });
        const next = contract(T, 'K-1', { version: 2, body: '{"id":"K-1","version":2}', quoteVersion: 2, updatedAt: at(9) });
        assert.equal(await store.transaction((tx) => tx.updateContract(next, 1)), true);
        assert.equal(await store.transaction((tx) => tx.updateContract({ ...next, version: 3 }, 1)), false, 'a stale expected version');
        await assert.rejects(store.transaction(async (tx) => {
          await tx.updateContract({ ...next, version: 3, body: '{}' }, 2);
          throw new Error('roll back');
        }));
        assert.deepEqual(await store.read.getContract(T, 'K-1'), next);
      });

      it('listContracts: by id, one customer\'s, keyset pages, no bodies', async () => {
        const T = 'ctr-3';
        await store.transaction(async (tx) => {
          await seedQuote(tx, T, 'Q-1');
          for (const n of [3, 1, 5, 2, 4]) await tx.insertContract(contract(T, `K-${n}`, { customerId: n % 2 === 0 ? 'C-even' : 'C-odd' }));
        });
        const all = await pages(2, (after) => store.read.listContracts(T, { limit: 2, after }), (r) => r.contractId);
        assert.deepEqual(all.map((p) => p.map((r) => r.contractId)), [['K-1', 'K-2'], ['K-3', 'K-4'], ['K-5']]);
        assert.ok(all.flat().every((r) => !('body' in r)));
        assert.deepEqual((await store.read.listContracts(T, { customerId: 'C-even', limit: 10 })).map((r) => r.contractId), ['K-2', 'K-4']);
      });
    });

    describe('row locks', () => {
      for (const what of ['getVersion', 'getHead'] as const) {
        it(`${what}(…, { lock: true }) in a transaction holds a second transaction's lock until the first commits${kind === 'sqlite' ? ' (SQLite: one transaction at a time)' : ''}`, async () => {
          const T = `lock-${what}`;
          await store.transaction((tx) => seedQuote(tx, T, 'Q-1'));
          const get = (tx: StoreTx) => (what === 'getVersion' ? tx.getVersion(T, 'Q-1', 1, { lock: true }) : tx.getHead(T, 'Q-1', { lock: true }));
          const HOLD = 400;
          const events: string[] = [];
          let locked!: () => void;
          const isLocked = new Promise<void>((r) => (locked = r));
          let commitStarted = 0;
          const first = store.transaction(async (tx) => {
            await get(tx);
            events.push('first locked');
            locked();
            // The first changes the row it holds, and keeps it a while.
            await tx.updateVersion(version(T, 'Q-1', 1, { state: 'sent', revision: 2 }), 1);
            await tx.updateHead(T, 'Q-1', { latestVersion: 1, updatedAt: at(40), customerId: 'by-first' });
            await sleep(HOLD);
            events.push('first commits');
            commitStarted = performance.now();
          });
          await isLocked;
          const asked = performance.now();
          const second = store.transaction(async (tx) => {
            events.push('second asks');
            const row = await get(tx);
            events.push('second locked');
            const seen = { at: performance.now(), row, version: await tx.getVersion(T, 'Q-1', 1), head: await tx.getHead(T, 'Q-1') };
            return seen;
          });
          if (kind === 'postgres') {
            // A plain read beside them is not blocked, and sees the row as committed before the first's change.
            await sleep(50);
            const t0 = performance.now();
            const plain = await store.read.getVersion(T, 'Q-1', 1);
            assert.ok(performance.now() - t0 < HOLD / 2, 'a read without a lock does not wait');
            assert.equal(plain?.revision, 1);
            assert.ok(!events.includes('second locked'), 'the second is still waiting for the lock');
          }
          await first;
          const seen = await second;
          // The second got its lock only once the first was committing, after waiting out the hold, and saw the first's change.
          if (kind === 'postgres') assert.deepEqual(events, ['first locked', 'second asks', 'first commits', 'second locked']);
          else assert.deepEqual(events, ['first locked', 'first commits', 'second asks', 'second locked']);
          assert.ok(seen.at >= commitStarted, 'locked after the first began to commit');
          assert.ok(seen.at - asked >= HOLD - 100, `waited ${Math.round(seen.at - asked)} ms for a ${HOLD} ms hold`);
          assert.equal(seen.version?.revision, 2);
          assert.equal(seen.version?.state, 'sent');
          assert.equal(seen.head?.customerId, 'by-first');
        });
      }

      if (kind === 'postgres') {
        it('locks on two different quotes do not wait for each other', async () => {
          const T = 'lock-apart';
          await store.transaction(async (tx) => {
            await seedQuote(tx, T, 'Q-1');
            await seedQuote(tx, T, 'Q-2');
          });
          let locked!: () => void;
          const isLocked = new Promise<void>((r) => (locked = r));
          let release!: () => void;
          const held = new Promise<void>((r) => (release = r));
          const first = store.transaction(async (tx) => {
            await tx.getVersion(T, 'Q-1', 1, { lock: true });
            locked();
            await held;
          });
          await isLocked;
          const t0 = performance.now();
          await store.transaction((tx) => tx.getVersion(T, 'Q-2', 1, { lock: true }));
          const waited = performance.now() - t0;
          release();
          await first;
          assert.ok(waited < 200, `the other quote's lock was taken at once (${Math.round(waited)} ms)`);
        });
      }
    });
  });
}
