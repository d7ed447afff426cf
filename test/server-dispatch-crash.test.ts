// A dispatcher killed mid-delivery loses nothing (issue 12): `cpq-kit serve` (its defaults: a
// 10 s timeout, a 15 s lease) on a SQLite file and on a fresh PostgreSQL database, side by side.
// Orders are made over HTTP; the subscriber acknowledges every other one and holds the rest open;
// while those requests are in flight the process is killed with kill -9 and started again on the
// same store. Every order must reach the subscriber: the held ones come back when their lease runs
// out and are sent again under the same webhook-id and body; none is dead or left pending.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadUsers, publishDemoHttp, request } from './support/service-load.js';
import { placeOrder } from './support/service-orders.js';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';
import { COMPRESSOR, CRM, freshPgDatabase, type StoreKind } from './support/service.js';
import { startSubscriber } from './support/webhook-subscriber.js';

const ORDERS = 8;

describe('kill -9 of cpq-kit serve mid-delivery', { concurrency: true }, () => {
  for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
    it(`${kind}: every order reaches the subscriber after the restart, the interrupted ones again under the same id`, { timeout: 55_000 }, async () => {
      let dir: string | undefined;
      let db: Awaited<ReturnType<typeof freshPgDatabase>> | undefined;
      let proc: ServiceProcess | undefined;
      const sub = await startSubscriber();
      try {
        let spec: string;
        if (kind === 'sqlite') {
          dir = mkdtempSync(join(tmpdir(), 'cpq-dispatch-crash-'));
          spec = `sqlite:${join(dir, 'cpq.sqlite')}`;
        } else {
          db = await freshPgDatabase();
          spec = db.url;
        }
        proc = await startServiceProcess(spec);
        const users = await loadUsers(1);
        await publishDemoHttp(proc.url, users.admin, [CRM(), COMPRESSOR()]);
        const made = await request(proc.url, 'POST', '/subscribers', users.admin, { url: sub.url });
        assert.equal(made.status, 201, made.text);
        sub.secrets = [made.json.secret];

        // Every other request is acknowledged; the others are held open (well within the 10 s timeout).
        const ids: string[] = [];
        sub.answer((r) => (r.n % 2 === 1 ? 'hang' : 200));
        for (let i = 0; i < ORDERS; i++) ids.push(await placeOrder(proc.url, users.sellers[0]!));
        await sub.until(() => ids.every((id) => sub.received.some((r) => r.id === id)), 10_000, 'every order attempted once');
        const inFlight = ids.filter((id) => sub.received.some((r) => r.id === id && r.answer === 'hang'));
        assert.ok(inFlight.length > 0, 'requests in flight at the kill');
        const killedAt = Date.now();
        await proc.kill();
        proc = undefined;

        sub.answer(() => 200);
        proc = await startServiceProcess(spec);
        await sub.until(() => ids.every((id) => sub.acknowledged().has(id)), 35_000, 'every order acknowledged after the restart');
        const back = Date.now() - killedAt;
        await new Promise((r) => setTimeout(r, 700));

        let duplicates = 0;
        for (const id of ids) {
          const got = sub.received.filter((r) => r.id === id);
          assert.ok(got.every((r) => r.verifiedWith === 0 && r.body.equals(got[0]!.body)), `${id}: every attempt signed, the same body`);
          assert.ok(got.length >= 1);
          if (inFlight.includes(id)) assert.equal(got.at(-1)!.answer, 200, `${id}: delivered after the restart`);
          duplicates += got.length - 1;
        }
        const list = await request(proc.url, 'GET', '/deliveries?limit=100', users.admin);
        assert.equal(list.status, 200);
        const rows = list.json.data.filter((d: any) => ids.includes(d.eventId));
        assert.equal(rows.length, ORDERS);
        assert.deepEqual(rows.filter((d: any) => d.status !== 'delivered'), [], 'nothing pending or dead');
        for (const d of rows) if (inFlight.includes(d.eventId)) assert.equal(d.attempts, 2, `${d.eventId}: the interrupted attempt and the delivery`);
        console.log(`  dispatch crash (${kind}): ${ORDERS} orders, ${inFlight.length} in flight at the kill, all delivered ${back} ms after it (the 15 s lease); ${sub.received.length} requests, ${duplicates} repeats, all under their event's webhook-id; 0 lost`);
      } finally {
        await proc?.stop();
        await sub.close();
        await db?.drop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
