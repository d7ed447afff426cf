// The outbox's store methods (issue 12), on both adapters (a SQLite file and a fresh PostgreSQL
// database): subscribers, events unique by (source, id), deliveries; claimDeliveries takes due
// rows of enabled subscribers, pushes them forward by the lease and counts the attempt, so a
// claimed row is not taken again until the lease runs out (then it is: a dead dispatcher's rows
// come back), the earliest due first up to the limit; settleDelivery and settleDeliveries (a
// batch) only for the claim that holds the row; redrive; paging; an outbox
// write rolled back with its transaction; afterCommit only after a commit. On PostgreSQL, rows
// locked by another transaction are skipped, not waited for, and concurrent claims from two
// stores never take one row twice.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createPostgresStore, createSqliteStore, StoreConflictError, type QuoteStore } from '../src/server/index.js';
import type { DeliveryRow, SubscriberRow } from '../src/server/store/types.js';
import { freshPgDatabase, type StoreKind } from './support/service.js';

const T0 = 1_800_000_000_000;
const iso = (ms: number) => new Date(ms).toISOString();

function subscriber(tenant: string, id: string, o: Partial<SubscriberRow> = {}): SubscriberRow {
  return {
    tenant, id, kind: 'webhook', url: `http://127.0.0.1:9/${id}`, subject: null, mode: 'structured',
    secrets: '{"current":"whsec_AAAA","previous":[]}', enabled: true, disabledReason: null, createdAt: iso(T0), ...o,
  };
}
function delivery(tenant: string, eventId: string, subscriberId: string, o: Partial<DeliveryRow> = {}): DeliveryRow {
  return {
    tenant, eventId, subscriberId, status: 'pending', attempts: 0, nextAt: T0, lastStatus: null, lastError: null,
    createdAt: iso(T0), startedAt: T0, updatedAt: iso(T0), ...o,
  };
}
const event = (tenant: string, id: string, source = `/t/${tenant}`) => ({ tenant, id, source, type: 'cpq-kit.order.created', body: JSON.stringify({ id, source }), createdAt: iso(T0) });
const keyOf = (d: { delivery: DeliveryRow }) => `${d.delivery.tenant}|${d.delivery.eventId}|${d.delivery.subscriberId}`;

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`outbox store (${kind})`, () => {
    let store: QuoteStore;
    let dir: string | undefined;
    let pgDb: Awaited<ReturnType<typeof freshPgDatabase>> | undefined;
    const open = (): Promise<QuoteStore> => (kind === 'sqlite' ? createSqliteStore({ file: join(dir!, 'outbox.sqlite') }) : createPostgresStore({ connection: pgDb!.url, maxConnections: 8 }));

    before(async () => {
      if (kind === 'sqlite') dir = mkdtempSync(join(tmpdir(), 'cpq-outbox-'));
      else pgDb = await freshPgDatabase();
      store = await open();
    });
    after(async () => {
      await store?.close();
      await pgDb?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('keeps subscribers, lists them in order, enabled only when asked, and changes them', async () => {
      await store.transaction(async (tx) => {
        await tx.insertSubscriber(subscriber('s', 'sub_a'));
        await tx.insertSubscriber(subscriber('s', 'sub_b', { enabled: false, disabledReason: 'off', mode: 'binary', createdAt: iso(T0 + 1) }));
      });
      await assert.rejects(store.read.insertSubscriber(subscriber('s', 'sub_a')), StoreConflictError);
      assert.deepEqual(await store.read.getSubscriber('s', 'sub_b'), subscriber('s', 'sub_b', { enabled: false, disabledReason: 'off', mode: 'binary', createdAt: iso(T0 + 1) }));
      assert.deepEqual((await store.read.listSubscribers('s')).map((x) => x.id), ['sub_a', 'sub_b']);
      assert.deepEqual((await store.read.listSubscribers('s', { enabled: true })).map((x) => x.id), ['sub_a']);
      assert.deepEqual(await store.read.listSubscribers('other'), []);
      assert.equal(await store.read.updateSubscriber('s', 'sub_b', { enabled: true, disabledReason: null, secrets: '{"current":"whsec_BBBB","previous":[]}' }), true);
      assert.equal(await store.read.updateSubscriber('s', 'sub_zz', { enabled: true }), false);
      assert.equal(await store.read.updateSubscriber('other', 'sub_b', { enabled: false }), false);
      const b = await store.read.getSubscriber('s', 'sub_b');
      assert.deepEqual([b?.enabled, b?.disabledReason, b?.secrets], [true, null, '{"current":"whsec_BBBB","previous":[]}']);
    });

    it('refuses a second event with the same source and id (and the same id in one tenant), not another source', async () => {
      await store.read.insertEvent(event('e', 'order:Q-1:v1'));
      await assert.rejects(store.read.insertEvent(event('e2', 'order:Q-1:v1', '/t/e')), (e: unknown) => e instanceof StoreConflictError && /events/.test(e.constraint));
      await assert.rejects(store.read.insertEvent(event('e', 'order:Q-1:v1', '/t/elsewhere')), StoreConflictError);
      await store.read.insertEvent(event('e2', 'order:Q-1:v1'));
      assert.deepEqual(await store.read.getEvent('e', 'order:Q-1:v1'), event('e', 'order:Q-1:v1'));
    });

    it('rolls an outbox write back with its transaction; afterCommit runs only after a commit', async () => {
      const ran: string[] = [];
      await assert.rejects(store.transaction(async (tx) => {
        await tx.insertSubscriber(subscriber('rb', 'sub_r'));
        await tx.insertEvent(event('rb', 'order:R:v1'));
        await tx.insertDeliveries([delivery('rb', 'order:R:v1', 'sub_r')]);
        tx.afterCommit(() => ran.push('rolled back'));
        throw new Error('boom');
      }), /boom/);
      assert.equal(await store.read.getEvent('rb', 'order:R:v1'), undefined);
      assert.equal(await store.read.getDelivery('rb', 'order:R:v1', 'sub_r'), undefined);
      await store.transaction(async (tx) => {
        tx.afterCommit(() => ran.push('committed'));
        assert.deepEqual(ran, []);
      });
      store.read.afterCommit(() => ran.push('at once'));
      assert.deepEqual(ran, ['committed', 'at once']);
      // A delivery must name a stored event and subscriber.
      await assert.rejects(store.read.insertDeliveries([delivery('rb', 'order:none:v1', 'sub_none')]));
    });

    it('claims due rows of enabled subscribers, holds them for the lease, and gives them back when it runs out', async () => {
      await store.transaction(async (tx) => {
        await tx.insertSubscriber(subscriber('c', 'sub_on'));
        await tx.insertSubscriber(subscriber('c', 'sub_off', { enabled: false }));
        for (let i = 1; i <= 5; i++) await tx.insertEvent(event('c', `order:C-${i}:v1`));
        await tx.insertDeliveries([
          delivery('c', 'order:C-1:v1', 'sub_on', { nextAt: T0 + 10 }),
          delivery('c', 'order:C-2:v1', 'sub_on', { nextAt: T0 }),
          delivery('c', 'order:C-3:v1', 'sub_on', { nextAt: T0 + 1_000 }), // not due yet
          delivery('c', 'order:C-4:v1', 'sub_off', { nextAt: T0 }), // its subscriber is disabled
          delivery('c', 'order:C-5:v1', 'sub_on', { status: 'delivered' }),
        ]);
      });
      const now = T0 + 100;
      const first = await store.claimDeliveries(now, 10, 5_000);
      const mine = first.filter((c) => c.delivery.tenant === 'c');
      assert.deepEqual(mine.map((c) => c.delivery.eventId).sort(), ['order:C-1:v1', 'order:C-2:v1']);
      for (const c of mine) {
        assert.equal(c.delivery.attempts, 1, 'the claim counts as an attempt');
        assert.equal(c.delivery.nextAt, now + 5_000, 'held for the lease');
        assert.equal(c.subscriber.id, 'sub_on');
        assert.equal(c.subscriber.url, 'http://127.0.0.1:9/sub_on');
        assert.deepEqual(c.event, event('c', c.delivery.eventId));
      }
      assert.deepEqual((await store.claimDeliveries(now + 1_000, 10, 5_000)).filter((c) => c.delivery.tenant === 'c').map((c) => c.delivery.eventId), ['order:C-3:v1'],
        'a claimed row is not taken again within its lease');
      // The dispatcher that held C-1 and C-2 died: once the lease has run out they come back, a second attempt.
      const back = (await store.claimDeliveries(now + 5_000, 10, 5_000)).filter((c) => c.delivery.tenant === 'c');
      assert.deepEqual(back.map((c) => [c.delivery.eventId, c.delivery.attempts]).sort(), [['order:C-1:v1', 2], ['order:C-2:v1', 2]]);
      // The limit holds.
      assert.ok((await store.claimDeliveries(now + 100_000, 1, 5_000)).length <= 1);
    });

    it('records an outcome only for the claim that holds the row; redrives one delivery or every dead one', async () => {
      await store.transaction(async (tx) => {
        await tx.insertSubscriber(subscriber('o', 'sub_o'));
        await tx.insertEvent(event('o', 'order:O-1:v1'));
        await tx.insertEvent(event('o', 'order:O-2:v1'));
        await tx.insertDeliveries([delivery('o', 'order:O-1:v1', 'sub_o'), delivery('o', 'order:O-2:v1', 'sub_o')]);
      });
      const claimed = (await store.claimDeliveries(T0 + 1, 10, 1_000)).filter((c) => c.delivery.tenant === 'o');
      assert.equal(claimed.length, 2);
      const retry = { status: 'pending' as const, nextAt: T0 + 500, lastStatus: 500, lastError: 'HTTP 500', updatedAt: iso(T0 + 2) };
      assert.equal(await store.read.settleDelivery('o', 'order:O-1:v1', 'sub_o', 1, retry), true);
      // A stale claim (attempt 1, after the row was claimed again as attempt 2) changes nothing.
      const again = (await store.claimDeliveries(T0 + 600, 10, 1_000)).filter((c) => c.delivery.eventId === 'order:O-1:v1');
      assert.equal(again[0]?.delivery.attempts, 2);
      assert.equal(await store.read.settleDelivery('o', 'order:O-1:v1', 'sub_o', 1, { ...retry, status: 'dead' }), false);
      assert.equal(await store.read.settleDelivery('o', 'order:O-1:v1', 'sub_o', 2, { status: 'delivered', nextAt: T0 + 700, lastStatus: 200, lastError: null, updatedAt: iso(T0 + 700) }), true);
      assert.equal(await store.read.settleDelivery('o', 'order:O-1:v1', 'sub_o', 2, retry), false, 'a delivered row stays delivered');
      assert.equal(await store.read.settleDelivery('o', 'order:O-2:v1', 'sub_o', 1, { status: 'dead', nextAt: T0 + 3, lastStatus: null, lastError: 'network: ECONNREFUSED', updatedAt: iso(T0 + 3) }), true);
      const d1 = await store.read.getDelivery('o', 'order:O-1:v1', 'sub_o');
      assert.deepEqual([d1?.status, d1?.attempts, d1?.lastStatus, d1?.lastError], ['delivered', 2, 200, null]);

      assert.equal(await store.read.redriveDeliveries('o', { dead: true, subscriberId: 'sub_other' }, T0 + 10, iso(T0 + 10)), 0);
      assert.equal(await store.read.redriveDeliveries('o', { dead: true }, T0 + 10, iso(T0 + 10)), 1);
      const d2 = await store.read.getDelivery('o', 'order:O-2:v1', 'sub_o');
      assert.deepEqual([d2?.status, d2?.attempts, d2?.nextAt, d2?.startedAt, d2?.lastError], ['pending', 0, T0 + 10, T0 + 10, 'network: ECONNREFUSED']);
      assert.equal(await store.read.redriveDeliveries('o', { eventId: 'order:O-1:v1', subscriberId: 'sub_o' }, T0 + 20, iso(T0 + 20)), 1);
      assert.equal((await store.read.getDelivery('o', 'order:O-1:v1', 'sub_o'))?.status, 'pending');
      assert.equal(await store.read.redriveDeliveries('other', { eventId: 'order:O-1:v1', subscriberId: 'sub_o' }, T0, iso(T0)), 0);
    });

    it('records a batch of outcomes in one call, each only for the claim that holds its row, answering in the order given', async () => {
      await store.transaction(async (tx) => {
        await tx.insertSubscriber(subscriber('b', 'sub_b'));
        for (let i = 1; i <= 4; i++) await tx.insertEvent(event('b', `order:B-${i}:v1`));
        await tx.insertDeliveries([1, 2, 3, 4].map((i) => delivery('b', `order:B-${i}:v1`, 'sub_b', { nextAt: T0 + i })));
      });
      const claimed = (await store.claimDeliveries(T0 + 10, 1_000, 1_000)).filter((c) => c.delivery.tenant === 'b');
      assert.equal(claimed.length, 4);
      // B-3 comes back after its lease and is claimed again (attempt 2): the first claim's outcome must not land.
      const again = (await store.claimDeliveries(T0 + 2_000, 1_000, 1_000)).filter((c) => c.delivery.tenant === 'b');
      assert.deepEqual(again.map((c) => [c.delivery.eventId, c.delivery.attempts]).sort(), [1, 2, 3, 4].map((i) => [`order:B-${i}:v1`, 2]));
      const at = iso(T0 + 2_100);
      const ok = { status: 'delivered' as const, nextAt: T0 + 2_100, lastStatus: 204, lastError: null, updatedAt: at };
      const settle = (eventId: string, attempts: number, outcome: Parameters<QuoteStore['settleDeliveries']>[0][number]['outcome']) =>
        ({ tenant: 'b', eventId, subscriberId: 'sub_b', attempts, outcome });
      assert.deepEqual(await store.settleDeliveries([]), []);
      const results = await store.settleDeliveries([
        settle('order:B-4:v1', 2, { status: 'pending', nextAt: T0 + 9_000, lastStatus: 503, lastError: 'HTTP 503: busy', updatedAt: at }),
        settle('order:B-3:v1', 1, ok), // a stale claim
        settle('order:B-1:v1', 2, ok),
        settle('order:B-2:v1', 2, { status: 'dead', nextAt: T0 + 2_100, lastStatus: null, lastError: 'network: ECONNREFUSED', updatedAt: at }),
        settle('order:B-9:v1', 1, ok), // no such row
      ]);
      assert.deepEqual(results, [true, false, true, true, false]);
      const row = (i: number) => store.read.getDelivery('b', `order:B-${i}:v1`, 'sub_b');
      assert.deepEqual(await row(1), delivery('b', 'order:B-1:v1', 'sub_b', { status: 'delivered', attempts: 2, nextAt: T0 + 2_100, lastStatus: 204, updatedAt: at }));
      assert.deepEqual(await row(2), delivery('b', 'order:B-2:v1', 'sub_b', { status: 'dead', attempts: 2, nextAt: T0 + 2_100, lastError: 'network: ECONNREFUSED', updatedAt: at }));
      assert.deepEqual(await row(4), delivery('b', 'order:B-4:v1', 'sub_b', { attempts: 2, nextAt: T0 + 9_000, lastStatus: 503, lastError: 'HTTP 503: busy', updatedAt: at }));
      const b3 = await row(3);
      assert.deepEqual([b3?.status, b3?.attempts, b3?.nextAt], ['pending', 2, T0 + 3_000], 'the second claim still holds B-3');
      // Settled rows are no longer the claim's: the same batch again records nothing.
      assert.deepEqual(await store.settleDeliveries([settle('order:B-1:v1', 2, ok), settle('order:B-2:v1', 2, ok)]), [false, false]);
    });

    it('claims the earliest due first and no more than the limit', async () => {
      await store.transaction(async (tx) => {
        await tx.insertSubscriber(subscriber('f', 'sub_f'));
        for (let i = 1; i <= 4; i++) await tx.insertEvent(event('f', `order:F-${i}:v1`));
        await tx.insertDeliveries([
          delivery('f', 'order:F-1:v1', 'sub_f', { nextAt: T0 - 3_000_000 + 30 }),
          delivery('f', 'order:F-2:v1', 'sub_f', { nextAt: T0 - 3_000_000 + 10 }),
          delivery('f', 'order:F-3:v1', 'sub_f', { nextAt: T0 - 3_000_000 + 40 }),
          delivery('f', 'order:F-4:v1', 'sub_f', { nextAt: T0 - 3_000_000 + 20 }),
        ]);
      });
      // Earlier than every other test's rows: these four are the earliest due in the database.
      const first = await store.claimDeliveries(T0 - 2_000_000, 2, 1_000);
      assert.deepEqual(first.map((c) => c.delivery.eventId).sort(), ['order:F-2:v1', 'order:F-4:v1']);
      const next = await store.claimDeliveries(T0 - 2_000_000, 1, 1_000);
      assert.deepEqual(next.map((c) => c.delivery.eventId), ['order:F-1:v1']);
    });

    it('lists deliveries newest first with keyset paging and filters', async () => {
      await store.transaction(async (tx) => {
        await tx.insertSubscriber(subscriber('p', 'sub_p1'));
        await tx.insertSubscriber(subscriber('p', 'sub_p2'));
        for (let i = 0; i < 7; i++) {
          await tx.insertEvent(event('p', `order:P-${i}:v1`));
          await tx.insertDeliveries([
            delivery('p', `order:P-${i}:v1`, 'sub_p1', { createdAt: iso(T0 + Math.floor(i / 2)), status: i % 3 === 0 ? 'dead' : 'pending' }),
            delivery('p', `order:P-${i}:v1`, 'sub_p2', { createdAt: iso(T0 + Math.floor(i / 2)) }),
          ]);
        }
      });
      const all = await store.read.listDeliveries('p', { limit: 100 });
      assert.equal(all.length, 14);
      const order = all.map((d) => `${d.createdAt}|${d.eventId}|${d.subscriberId}`);
      assert.deepEqual(order, [...order].sort().reverse(), 'newest first, then by event and subscriber');
      const paged: DeliveryRow[] = [];
      let after: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await store.read.listDeliveries('p', { limit: 3, after });
        if (page.length === 0) break;
        paged.push(...page);
        after = `${page.at(-1)!.subscriberId}/${page.at(-1)!.eventId}`;
      }
      assert.deepEqual(paged, all);
      assert.deepEqual((await store.read.listDeliveries('p', { limit: 100, status: 'dead' })).map((d) => d.eventId).sort(), ['order:P-0:v1', 'order:P-3:v1', 'order:P-6:v1']);
      assert.equal((await store.read.listDeliveries('p', { limit: 100, subscriberId: 'sub_p2' })).length, 7);
      assert.deepEqual(await store.read.listDeliveries('p', { limit: 10, after: 'sub_p1/order:none:v1' }), []);
      assert.deepEqual(await store.read.listDeliveries('p', { limit: 10, after: 'no-slash' }), []);
    });

    it('never gives one row to two claims at once (two stores on one database, claiming together)', async () => {
      const N = 200;
      await store.transaction(async (tx) => {
        await tx.insertSubscriber(subscriber('x', 'sub_x'));
        for (let i = 0; i < N; i++) await tx.insertEvent(event('x', `order:X-${i}:v1`));
        await tx.insertDeliveries(Array.from({ length: N }, (_, i) => delivery('x', `order:X-${i}:v1`, 'sub_x', { nextAt: T0 - 1 })));
      });
      const second = await open();
      try {
        const taken: string[][] = [[], []];
        const now = T0 + 1_000_000;
        await Promise.all([store, second].map(async (st, i) => {
          for (let round = 0; round < 100; round++) {
            const claimed = (await st.claimDeliveries(now, 7, 60_000)).filter((c) => c.delivery.tenant === 'x');
            if (claimed.length === 0) break;
            taken[i]!.push(...claimed.map(keyOf));
          }
        }));
        const all = [...taken[0]!, ...taken[1]!];
        assert.equal(new Set(all).size, all.length, 'no row claimed twice');
        assert.equal(all.length, N, 'every row claimed');
        console.log(`  outbox (${kind}): ${N} rows claimed by two stores at once: ${taken[0]!.length} + ${taken[1]!.length}, none twice`);
      } finally {
        await second.close();
      }
    });

    if (kind === 'postgres') {
      it('skips a row another transaction holds (FOR UPDATE SKIP LOCKED) instead of waiting for it', async () => {
        await store.transaction(async (tx) => {
          await tx.insertSubscriber(subscriber('k', 'sub_k'));
          await tx.insertEvent(event('k', 'order:K-1:v1'));
          await tx.insertEvent(event('k', 'order:K-2:v1'));
          await tx.insertDeliveries([delivery('k', 'order:K-1:v1', 'sub_k', { nextAt: T0 - 10 }), delivery('k', 'order:K-2:v1', 'sub_k', { nextAt: T0 - 5 })]);
        });
        const c = new pg.Client({ connectionString: pgDb!.url });
        await c.connect();
        try {
          await c.query('begin');
          await c.query(`select 1 from deliveries where tenant = 'k' and event_id = 'order:K-1:v1' for update`);
          const started = Date.now();
          const claimed = (await store.claimDeliveries(T0, 10, 1_000)).filter((x) => x.delivery.tenant === 'k');
          assert.ok(Date.now() - started < 2_000, 'did not wait for the lock');
          assert.deepEqual(claimed.map((x) => x.delivery.eventId), ['order:K-2:v1']);
          await c.query('rollback');
          const later = (await store.claimDeliveries(T0, 10, 1_000)).filter((x) => x.delivery.tenant === 'k');
          assert.deepEqual(later.map((x) => x.delivery.eventId), ['order:K-1:v1']);
        } finally {
          await c.end();
        }
      });
    }
  });
}
