// Delivery under chaos (issue 12, "Must show"): 1,000 orders made through two `cpq-kit serve`
// processes on one fresh PostgreSQL database, delivered to the example ERP subscriber
// (examples/erp-subscriber) in chaos mode — it answers 500 to some requests, never answers some
// (the dispatcher's timeout ends them), drops the connection on some, half of those after it
// stored the order (the answer lost on the way back) — while one instance is killed with kill -9
// and started again, and the ERP is down for a while (stopped, then started again on the same
// port and database). Every order must reach the ERP; the ERP must have seen each event id at
// least once and stored it exactly once; no delivery may be dead (the retry limit is set so that
// the outage cannot exhaust it). Then a second subscriber that is down for good, under a small
// retry limit: its deliveries die; it comes up, the dead letters are replayed, all arrive.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { startErpSubscriber, type ChaosOptions, type ErpSubscriber } from '../examples/erp-subscriber/erp-subscriber.js';
import { createPostgresStore, type DispatchOptions } from '../src/server/index.js';
import { loadUsers, publishDemoHttp, request, seeded } from './support/service-load.js';
import { placeOrder, smallOrderInput } from './support/service-orders.js';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';
import { CRM, expectStatus, freshPgDatabase, serviceOn, tokens, walk, type TestService } from './support/service.js';

const ORDERS = 1000;
const CLIENTS = 12;
/** After this many orders one instance is killed (kill -9) and started again… */
const KILL_AT = 350;
/** …and after this many the ERP goes down for OUTAGE_MS. */
const OUTAGE_AT = 600;
const OUTAGE_MS = 3000;
/** Phase 1: fast retries, and a limit no outage of this test can reach (attempts and age). */
const DISPATCH: DispatchOptions = {
  intervalMs: 100, timeoutMs: 600, leaseMs: 2500, concurrency: 16, maxAttempts: 1000, maxAgeMs: 600_000, backoff: { baseMs: 50, capMs: 800 },
};
/** Phase 2: a small retry limit, so that a subscriber that is down for good is dead-lettered quickly. */
const DISPATCH_SMALL: DispatchOptions = { intervalMs: 50, timeoutMs: 500, maxAttempts: 3, backoff: { baseMs: 20, capMs: 100 } };
const CHAOS: ChaosOptions = { fail: 0.08, hang: 0.03, drop: 0.05, afterStore: 0.5 };
const LATE_ORDERS = 20;

async function until(predicate: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('order delivery under chaos', () => {
  it(`${ORDERS} orders through two instances on PostgreSQL to a misbehaving ERP, kill -9 and an outage: every order stored exactly once, nothing dead; dead letters replayed`, { timeout: 170_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpq-delivery-chaos-'));
    const db = await freshPgDatabase();
    const sql = new pg.Client({ connectionString: db.url });
    const procs: ServiceProcess[] = [];
    const erps: ErpSubscriber[] = [];
    let late: TestService | undefined;
    try {
      await sql.connect();
      const config = { dispatch: DISPATCH };
      procs.push(await startServiceProcess(db.url, { config }), await startServiceProcess(db.url, { config }));
      const users = await loadUsers(CLIENTS);
      await publishDemoHttp(procs[0]!.url, users.admin, [CRM()]);

      // The ERP, in chaos mode (seeded: a failing run can be told again).
      const erpFile = join(dir, 'erp.sqlite');
      const random = seeded(2026);
      let erp = await startErpSubscriber({ dbFile: erpFile, secrets: [], chaos: { ...CHAOS, random } });
      erps.push(erp);
      const made = await request(procs[0]!.url, 'POST', '/subscribers', users.admin, { url: erp.url });
      assert.equal(made.status, 201, made.text);
      const erpSecret: string = made.json.secret;
      const erpId: string = made.json.id;
      erp.configure({ secrets: [erpSecret] });
      const erpPort = erp.port;

      // The orders: CLIENTS at a time, through both instances (a load balancer: a dead one is skipped, its writes sent again).
      const live = procs.map((p) => p.url);
      const ids = new Map<string, string>();
      let done = 0;
      let resent = 0;
      let killed: Promise<void> | undefined;
      let outage: Promise<void> | undefined;
      let next = 0;
      const started = Date.now();
      await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
        let turn = c;
        while (next < ORDERS) {
          next++;
          const seller = users.sellers[c]!;
          const id = await placeOrder(() => live[turn++ % live.length]!, seller, smallOrderInput(), { failover: 50, pauseMs: 100, onRetry: () => resent++ });
          ids.set(id, `seller${c}`);
          done++;
          if (done === KILL_AT) {
            killed = (async () => {
              const victim = procs[1]!;
              live.splice(live.indexOf(victim.url), 1);
              await victim.kill();
              procs[1] = await startServiceProcess(db.url, { config });
              live.push(procs[1].url);
            })();
          }
          if (done === OUTAGE_AT) {
            outage = (async () => {
              await erp.close();
              await new Promise((r) => setTimeout(r, OUTAGE_MS));
              erp = await startErpSubscriber({ port: erpPort, dbFile: erpFile, secrets: [erpSecret], chaos: { ...CHAOS, random } });
              erps.push(erp);
            })();
          }
        }
      }));
      const ordered = Date.now() - started;
      await killed;
      await outage;
      assert.equal(ids.size, ORDERS, 'each order made once');
      assert.equal(Number((await sql.query('select count(*) as n from orders')).rows[0].n), ORDERS, 'the service holds exactly the orders acknowledged');

      const stored = () => erp.db.prepare('select count(*) from sales_orders').pluck().get() as number;
      await until(() => stored() >= ORDERS, 90_000, `every order in the ERP (${stored()} so far)`);
      const delivered = Date.now() - started;
      // Let the last answers settle into the outbox.
      await until(async () => Number((await sql.query(`select count(*) as n from deliveries where subscriber_id = $1 and status = 'delivered'`, [erpId])).rows[0].n) === ORDERS, 20_000, 'every delivery recorded as delivered');

      // The ERP: each order stored exactly once, as the service made it; each event id seen at least once.
      const rows = erp.db.prepare('select event_id, seller_id, total, currency from sales_orders').all() as Array<{ event_id: string; seller_id: string; total: string; currency: string }>;
      assert.equal(rows.length, ORDERS);
      assert.deepEqual(rows.map((r) => r.event_id).sort(), [...ids.keys()].sort(), 'exactly the orders made, none twice');
      const totals = new Map((await sql.query('select id, total, currency from orders')).rows.map((o: { id: string; total: string; currency: string }) => [o.id, `${o.total} ${o.currency}`]));
      for (const r of rows) {
        assert.equal(`${r.total} ${r.currency}`, totals.get(r.event_id), `${r.event_id}: the order's total`);
        assert.equal(r.seller_id, ids.get(r.event_id), `${r.event_id}: the quote's owner`);
      }
      const seen = erp.db.prepare('select event_id, deliveries from received_events').all() as Array<{ event_id: string; deliveries: number }>;
      assert.equal(seen.length, ORDERS);
      assert.ok(seen.every((s) => s.deliveries >= 1));
      const seenTwice = seen.filter((s) => s.deliveries > 1).length;
      const verified = seen.reduce((n, s) => n + s.deliveries, 0);

      // The outbox: all delivered, nothing dead or pending; attempts far from the limit.
      const outbox = (await sql.query(`select status, count(*)::int as n, sum(attempts)::int as attempts, max(attempts)::int as most from deliveries group by status`)).rows as Array<{ status: string; n: number; attempts: number; most: number }>;
      assert.deepEqual(outbox.map((o) => [o.status, o.n]), [['delivered', ORDERS]], 'nothing dead, nothing pending');
      const attempts = outbox[0]!.attempts;
      assert.ok(outbox[0]!.most < DISPATCH.maxAttempts!, `the most attempts of one delivery (${outbox[0]!.most}) stay under the limit`);
      const stats = erps.map((e) => e.stats);
      const sum = (f: (s: (typeof stats)[number]) => number) => stats.reduce((n, s) => n + f(s), 0);
      const chaos = { fail: sum((s) => s.chaos.fail), hang: sum((s) => s.chaos.hang), drop: sum((s) => s.chaos.drop), afterStore: sum((s) => s.chaos.afterStore) };
      assert.ok(chaos.fail > 0 && chaos.hang > 0 && chaos.drop > 0 && chaos.afterStore > 0, `chaos did happen: ${JSON.stringify(chaos)}`);
      assert.equal(sum((s) => s.refused), 0, 'every request verified');
      assert.equal(sum((s) => s.duplicates), verified - ORDERS, 'each verified repeat answered as a duplicate');
      console.log(`  delivery chaos: ${ORDERS} orders through 2 instances in ${ordered} ms (${resent} writes sent again after the kill -9), all in the ERP by ${delivered} ms; `
        + `${sum((s) => s.requests)} webhook requests (recorded attempts ${attempts}, retries ${attempts - ORDERS}); chaos: ${chaos.fail} × 500, ${chaos.hang} hung, ${chaos.drop} dropped (${chaos.afterStore} of them after storing); `
        + `outage ${OUTAGE_MS} ms; duplicates seen and not stored ${verified - ORDERS} (${seenTwice} events more than once); most attempts of one delivery ${outbox[0]!.most}; 0 dead, 0 lost`);

      // Phase 2: dead letters. The instances stop; one with a small retry limit takes over; the ERP behaves.
      for (const p of procs) await p.stop();
      procs.length = 0;
      await erp.close();
      erp = await startErpSubscriber({ port: erpPort, dbFile: erpFile, secrets: [erpSecret] });
      erps.push(erp);
      late = await serviceOn(await createPostgresStore({ connection: db.url, maxConnections: 5 }), { dispatch: DISPATCH_SMALL });
      const t = await tokens();
      // A second subscriber, down for good: its port taken once, then closed.
      const file2 = join(dir, 'erp2.sqlite');
      let erp2 = await startErpSubscriber({ dbFile: file2, secrets: [] });
      const port2 = erp2.port;
      await erp2.close();
      const sub2 = expectStatus(await late.call('POST', '/subscribers', t.admin, { url: erp2.url }), 201);
      const lateIds: string[] = [];
      for (let i = 0; i < LATE_ORDERS; i++) lateIds.push(((await walk(late, t, 'ordered', '5')) as any).order.id);
      const count = async (subscriber: string, status: string) => Number((await sql.query('select count(*) as n from deliveries where subscriber_id = $1 and status = $2', [subscriber, status])).rows[0].n);
      await until(async () => (await count(sub2.id, 'dead')) === LATE_ORDERS, 30_000, 'the down subscriber\'s deliveries dead-lettered');
      await until(async () => (await count(erpId, 'delivered')) === ORDERS + LATE_ORDERS, 30_000, 'the ERP gets the late orders');
      assert.equal(await count(erpId, 'dead'), 0, 'only the down subscriber\'s deliveries are dead');
      const deadAttempts = (await sql.query('select min(attempts)::int as lo, max(attempts)::int as hi from deliveries where subscriber_id = $1', [sub2.id])).rows[0];
      assert.deepEqual(deadAttempts, { lo: 3, hi: 3 }, 'dead after the limit of 3 attempts');
      const listed = expectStatus(await late.call('GET', `/deliveries?status=dead&subscriber=${sub2.id}&limit=100`, t.admin), 200);
      assert.deepEqual(listed.data.map((d: any) => d.eventId).sort(), [...lateIds].sort());

      // It comes up; the dead letters are replayed; all arrive, each stored once.
      erp2 = await startErpSubscriber({ port: port2, dbFile: file2, secrets: [sub2.secret] });
      erps.push(erp2);
      assert.deepEqual(expectStatus(await late.call('POST', '/deliveries/replay', t.admin, { subscriberId: sub2.id }), 200), { replayed: LATE_ORDERS });
      await until(async () => (await count(sub2.id, 'delivered')) === LATE_ORDERS, 30_000, 'the replayed dead letters delivered');
      const stored2 = erp2.db.prepare('select event_id from sales_orders').pluck().all() as string[];
      assert.deepEqual(stored2.sort(), [...lateIds].sort());
      assert.equal(Number((await sql.query(`select count(*) as n from deliveries where status <> 'delivered'`)).rows[0].n), 0, 'nothing dead or pending at the end');
      console.log(`  dead letters: a subscriber down for good under a limit of 3 attempts: ${LATE_ORDERS} of ${LATE_ORDERS} deliveries dead (the healthy ERP's: 0); up again, POST /deliveries/replay → ${LATE_ORDERS} replayed, ${stored2.length} stored once each`);
    } finally {
      await late?.close();
      for (const p of procs) await p.stop().catch(() => undefined);
      for (const e of erps) await e.close().catch(() => undefined);
      await sql.end().catch(() => undefined);
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
