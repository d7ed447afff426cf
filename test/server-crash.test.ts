// Crash safety (issue 11): `cpq-kit serve` on a SQLite file, and on a fresh PostgreSQL database,
// under writes from 16 concurrent clients over real HTTP (creates, edits, revisions, every
// lifecycle move, each with its Idempotency-Key), killed with kill -9 once a few hundred writes
// were acknowledged, then restarted on the same store. Every acknowledged write must be there:
// its answer replayed byte for byte with its key, its rows in the database, the store consistent
// (SQLite's integrity check and foreign keys, PostgreSQL's B-tree check where amcheck is
// installed, and the store's own invariants); the writes the kill left unanswered, retried with
// their keys, are done exactly once; and the service answers normally.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { consistency, loadUsers, publishDemoHttp, raceOutcomes, request, retryPending, runServiceLoad, verifyLoad, verifyRows, type LoadRun, type LoadUsers, type Query } from './support/service-load.js';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';
import { COMPRESSOR, CRM, freshPgDatabase, type StoreKind } from './support/service.js';

const CLIENTS = 16;
/** The process is killed once this many writes were acknowledged. */
const KILL_AT = 300;

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`crash safety (${kind}): kill -9 under load, restart on the same store`, () => {
    let dir: string | undefined;
    let pgDb: Awaited<ReturnType<typeof freshPgDatabase>> | undefined;
    let spec: string;
    let file: string;
    let proc: ServiceProcess | undefined;
    let users: LoadUsers;
    let run: LoadRun;

    /** Run `sql` on the store straight (a connection of the test's own). */
    const withQuery = async <T>(work: (q: Query) => Promise<T>): Promise<T> => {
      if (kind === 'sqlite') {
        const db = new Database(file);
        try {
          return await work(async (sql) => db.prepare(sql).all() as Record<string, unknown>[]);
        } finally {
          db.close();
        }
      }
      const c = new pg.Client({ connectionString: spec });
      await c.connect();
      try {
        return await work(async (sql) => (await c.query(sql)).rows as Record<string, unknown>[]);
      } finally {
        await c.end();
      }
    };

    before(async () => {
      if (kind === 'sqlite') {
        dir = mkdtempSync(join(tmpdir(), 'cpq-crash-'));
        file = join(dir, 'cpq.sqlite');
        spec = `sqlite:${file}`;
      } else {
        pgDb = await freshPgDatabase();
        spec = pgDb.url;
      }
      proc = await startServiceProcess(spec);
      users = await loadUsers(CLIENTS);
      await publishDemoHttp(proc.url, users.admin, [CRM(), COMPRESSOR()]);
    });
    after(async () => {
      await proc?.stop();
      await pgDb?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it(`is killed with kill -9 after ${KILL_AT} acknowledged writes`, { timeout: 90_000 }, async () => {
      const load = runServiceLoad({
        endpoints: [proc!.url], users, clients: CLIENTS, writes: 5000, deadlineMs: 45_000, seed: kind === 'sqlite' ? 21 : 22,
        repeatShare: 0.1, concurrentShare: 0.05, stopOnNetworkError: true,
      });
      await load.whenAcknowledged(KILL_AT);
      await proc!.kill();
      proc = undefined;
      run = await load.done;
      console.log(`  crash (${kind}): ${run.counts.acknowledged} writes acknowledged over ${run.quotes.size} quotes before the kill, ${run.counts.pending} left without an answer, ${run.counts.repeats} repeats, ${run.counts.raced} writes that lost a race (409)`);
      assert.deepEqual(run.failures, []);
      assert.ok(run.counts.acknowledged >= KILL_AT);
      assert.ok(run.counts.pending > 0, 'the kill left writes in flight');
    });

    it('leaves a store that passes its integrity checks', async () => {
      assert.ok(run, 'the load ran');
      await withQuery(async (query) => {
        if (kind === 'sqlite') {
          // Opening the file recovers it from its write-ahead log, as the restarted service will.
          assert.deepEqual(await query('pragma integrity_check'), [{ integrity_check: 'ok' }]);
          assert.deepEqual(await query('pragma foreign_key_check'), []);
        } else {
          const amcheck = await query("select 1 from pg_available_extensions where name = 'amcheck'");
          if (amcheck.length > 0) {
            await query('create extension if not exists amcheck');
            const indexes = await query(`select c.relname, bt_index_check(c.oid, true) from pg_index i join pg_class c on c.oid = i.indexrelid
              join pg_am am on am.oid = c.relam where am.amname = 'btree' and c.relnamespace = 'public'::regnamespace`);
            assert.ok(indexes.length >= 8, `every B-tree index checked (${indexes.length})`);
          } else {
            console.log('  crash (postgres): amcheck is not installed; the B-tree check is left out, the store\'s invariants are checked');
          }
        }
        assert.deepEqual(await consistency(query), []);
      });
    });

    it('restarts on the same store with every acknowledged write there: each answer replayed identically, nothing lost', { timeout: 60_000 }, async () => {
      assert.ok(run, 'the load ran');
      proc = await startServiceProcess(spec);
      const check = await verifyLoad(proc.url, run, users, { perQuote: false });
      console.log(`  crash (${kind}): ${check.replaysChecked} acknowledged writes replayed after the restart, ${check.mismatched.length} differed; ${check.repeatsChecked} repeats during the load checked`);
      assert.deepEqual(check.mismatched, []);
      assert.equal(check.replaysChecked, run.counts.acknowledged);
      const rows = await withQuery((query) => verifyRows(query, run, { exact: false }));
      console.log(`  crash (${kind}): rows ${JSON.stringify(rows.rows)}; acknowledged writes lost: ${rows.lost.length}`);
      assert.deepEqual(rows.lost, []);
    });

    it('does each write the kill left unanswered exactly once when retried with its key', { timeout: 60_000 }, async () => {
      assert.ok(run && proc, 'the service restarted');
      const pending = await retryPending(proc!.url, run);
      console.log(`  crash (${kind}): ${pending.retried} unanswered writes retried with their keys: ${pending.replayed} had committed before the kill (replayed), ${pending.retried - pending.replayed} had not (done now)`);
      assert.deepEqual(pending.failures, []);
      // Two writes sent at once of which one only can win (two edits on one revision, the seller's and the customer's order): one did.
      assert.deepEqual(raceOutcomes(run).problems, []);
      const check = await verifyLoad(proc!.url, run, users);
      assert.deepEqual(check.lost, []);
      assert.deepEqual(check.duplicated, []);
      assert.deepEqual(check.mismatched, []);
      const rows = await withQuery((query) => verifyRows(query, run));
      console.log(`  crash (${kind}): after the retries: lost ${rows.lost.length + check.lost.length}, duplicated ${rows.duplicated.length + check.duplicated.length}`);
      assert.deepEqual(rows.lost, []);
      assert.deepEqual(rows.duplicated, []);
      assert.deepEqual(await withQuery(consistency), []);
    });

    it('answers normally after the restart: health, lists, a new quote numbered after the others', async () => {
      assert.ok(proc, 'the service restarted');
      const health = await request(proc!.url, 'GET', '/health', undefined);
      assert.deepEqual(health.json, { ok: true, store: kind });
      const list = await request(proc!.url, 'GET', '/quotes?limit=100', users.sellers[0]);
      assert.equal(list.status, 200);
      assert.equal(list.json.data.length, Math.min(100, run.quotes.size));
      const highest = [...run.quotes.keys()].sort().at(-1)!;
      const created = await request(proc!.url, 'POST', '/quotes', users.sellers[0], run.writes.find((w) => w.action === 'create')!.body, `after-restart-${kind}`);
      assert.equal(created.status, 201, created.text.slice(0, 300));
      assert.ok(created.json.quoteId > highest, `${created.json.quoteId} after ${highest}`);
      assert.equal(run.quotes.has(created.json.quoteId), false);
    });
  });
}
