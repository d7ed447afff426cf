/**
 * Dispatcher throughput (issue 12): `EVENTS` order events already in the outbox, each with one
 * pending delivery to a local webhook subscriber (a node:http server in a process of its own
 * that reads the body and answers 204, bench/dispatch-floor.ts); the time from the
 * dispatcher's start to the last delivery recorded as delivered → events/s. The kit's
 * dispatcher (src/server/dispatch) with its defaults (16 in flight), in this process, on a
 * SQLite file (WAL, synchronous=FULL) and on a fresh PostgreSQL database: it claims the rows
 * (leases), builds each CloudEvent request, signs it per Standard Webhooks, POSTs it with
 * Node's fetch, and records each outcome.
 *
 * Beside it, in the same run and the same process: the floor (bench/dispatch-floor.ts), a bare
 * loop POSTing the same bodies with the same headers, signed the same way, with the same HTTP
 * client and as many requests in flight, to the same subscriber, nothing stored. The two run in
 * alternating rounds (kit, floor, kit, floor, …) so both see the same machine, each round a new
 * set of events, after a warm-up round of each. Target: the kit ≥ 0.5× the floor's events/s.
 * BENCH_VERBOSE=1 prints every round; BENCH_STORES=sqlite (or postgres) measures one store.
 * Everything it starts is stopped and removed at the end: the subscriber process, the SQLite
 * file's folder, the PostgreSQL database. Without a PostgreSQL server (CPQ_TEST_PG, else
 * 127.0.0.1:5432) that row is skipped, saying so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toOrderEvent } from '../src/quote/index.js';
import { Dispatcher } from '../src/server/dispatch/dispatcher.js';
import { dispatchSettings } from '../src/server/dispatch/options.js';
import { newWebhookSecret } from '../src/server/dispatch/secrets.js';
import { webhookRequest } from '../src/server/dispatch/webhook.js';
import { createPostgresStore, createSqliteStore, type QuoteStore } from '../src/server/index.js';
import { acceptedOrder } from '../test/fixtures/order-flow.js';
import { freshPgDatabase } from '../test/support/service.js';
import { floorDeliver, startSubscriberProcess, type FloorEvent } from './dispatch-floor.js';

const EVENTS = 2_000;
const ROUNDS = 3;
const TARGET = 0.5;
const TENANT = 'bench';
const SUBSCRIBER = 'sub_bench';

/** The order event every delivery carries (ids differ): a real one, from the test fixtures. */
function baseEvent(): Record<string, unknown> {
  const { catalog, quote, priced } = acceptedOrder();
  return toOrderEvent(catalog, priced, { quote }) as unknown as Record<string, unknown>;
}

/** `EVENTS` events of one round: their ids and CloudEvent JSON. */
function roundEvents(base: Record<string, unknown>, round: string): FloorEvent[] {
  return Array.from({ length: EVENTS }, (_, i) => {
    const id = `order:BENCH-${round}-${String(i).padStart(5, '0')}:v1`;
    return { id, body: JSON.stringify({ ...base, id }) };
  });
}

/** Put the events in the outbox, each with a pending delivery due now (not timed). */
async function fill(store: QuoteStore, base: Record<string, unknown>, events: FloorEvent[]): Promise<void> {
  const now = Date.now();
  const at = new Date(now).toISOString();
  for (let from = 0; from < EVENTS; from += 250) {
    const batch = events.slice(from, from + 250);
    await store.transaction(async (tx) => {
      for (const e of batch) await tx.insertEvent({ tenant: TENANT, id: e.id, source: String(base.source), type: String(base.type), body: e.body, createdAt: at });
      await tx.insertDeliveries(batch.map((e) => ({
        tenant: TENANT, eventId: e.id, subscriberId: SUBSCRIBER, status: 'pending' as const, attempts: 0, nextAt: now,
        lastStatus: null, lastError: null, createdAt: at, startedAt: now, updatedAt: at,
      })));
    });
  }
}

/** Start a dispatcher with the defaults; resolves with the ms until it has recorded every delivery. */
async function kitRound(store: QuoteStore): Promise<number> {
  const problems: string[] = [];
  const dispatcher = new Dispatcher(store, dispatchSettings({}), { warn: (message, detail) => problems.push(`${message} ${JSON.stringify(detail)}`) });
  const start = performance.now();
  dispatcher.start();
  while (dispatcher.stats.delivered < EVENTS) {
    if (dispatcher.stats.failed + dispatcher.stats.dead > 0 || problems.length) {
      await dispatcher.stop();
      throw new Error(`kit: a delivery failed: ${JSON.stringify(dispatcher.stats)} ${problems.join('; ')}`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - start;
  await dispatcher.stop();
  return ms;
}

async function floorRound(url: string, secret: string, events: FloorEvent[]): Promise<number> {
  const start = performance.now();
  await floorDeliver(url, secret, events, dispatchSettings({}).concurrency);
  return performance.now() - start;
}

interface Result {
  perSecond: number;
  rounds: number[];
}

async function measure(kind: 'sqlite' | 'postgres', url: string): Promise<{ kit: Result; floor: Result }> {
  const undo: (() => Promise<unknown> | void)[] = [];
  try {
    let store: QuoteStore;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'cpq-bench-dispatch-'));
      undo.push(() => rmSync(dir, { recursive: true, force: true }));
      store = await createSqliteStore({ file: join(dir, 'cpq.sqlite') });
    } else {
      const db = await freshPgDatabase();
      undo.push(db.drop);
      store = await createPostgresStore({ connection: db.url });
    }
    undo.push(() => store.close());
    const secret = newWebhookSecret();
    const at = new Date().toISOString();
    await store.read.insertSubscriber({
      tenant: TENANT, id: SUBSCRIBER, kind: 'webhook', url, subject: null, mode: 'structured',
      secrets: JSON.stringify({ current: secret, previous: [] }), enabled: true, disabledReason: null, createdAt: at,
    });
    const base = baseEvent();
    // The floor sends exactly the kit's bytes: the body the kit builds for the same event.
    const subscriber = (await store.read.getSubscriber(TENANT, SUBSCRIBER))!;
    const asKit = (events: FloorEvent[]) => events.map((e) => ({
      id: e.id, body: String(webhookRequest({ tenant: TENANT, id: e.id, source: String(base.source), type: String(base.type), body: e.body, createdAt: at }, subscriber, Date.now()).body),
    }));

    const runs = { kit: [] as number[], floor: [] as number[] };
    let round = 0;
    const kitOnce = async (record: boolean) => {
      await fill(store, base, roundEvents(base, `${kind}-k${round++}`));
      const ms = await kitRound(store);
      const left = await store.read.listDeliveries(TENANT, { limit: 1, status: 'pending' });
      if (left.length > 0) throw new Error(`kit: a delivery is still pending after the round: ${JSON.stringify(left[0])}`);
      if (record) runs.kit.push(ms);
      if (process.env.BENCH_VERBOSE) console.log(`  ${kind} kit   ${(EVENTS / ms * 1000).toFixed(0)} events/s (${ms.toFixed(0)} ms)${record ? '' : ' warm-up'}`);
    };
    const floorOnce = async (record: boolean) => {
      // The floor's events are not stored: it only sends them.
      const events = asKit(roundEvents(base, `${kind}-f${round++}`));
      const ms = await floorRound(url, secret, events);
      if (record) runs.floor.push(ms);
      if (process.env.BENCH_VERBOSE) console.log(`  ${kind} floor ${(EVENTS / ms * 1000).toFixed(0)} events/s (${ms.toFixed(0)} ms)${record ? '' : ' warm-up'}`);
    };
    // Warm-up: one round of each (connections, JIT, the database's caches).
    await kitOnce(false);
    await floorOnce(false);
    for (let r = 0; r < ROUNDS; r++) {
      await kitOnce(true);
      await floorOnce(true);
    }
    const result = (ms: number[]): Result => ({ perSecond: (EVENTS * ms.length) / ms.reduce((a, x) => a + x, 0) * 1000, rounds: ms.map((x) => (EVENTS / x) * 1000) });
    return { kit: result(runs.kit), floor: result(runs.floor) };
  } finally {
    for (const step of undo.reverse()) await step();
  }
}

export default async function dispatchBench(): Promise<void> {
  console.log(`\ndispatcher throughput: ${EVENTS} order events in the outbox, one webhook subscriber (another process, 204 after reading the body), ${dispatchSettings({}).concurrency} in flight; ${ROUNDS} rounds each after a warm-up`);
  console.log(`target: kit ≥ ${TARGET}× the floor's events/s (the floor: the same signed requests, same client and concurrency, nothing claimed or stored)`);
  console.log('store      run      events/s   rounds');
  const subscriber = await startSubscriberProcess();
  try {
    // BENCH_STORES=sqlite (or postgres) measures one store only.
    for (const kind of (['sqlite', 'postgres'] as const).filter((k) => !process.env.BENCH_STORES || process.env.BENCH_STORES.split(',').includes(k))) {
      let measured: Awaited<ReturnType<typeof measure>>;
      try {
        measured = await measure(kind, subscriber.url);
      } catch (e) {
        if (kind === 'postgres' && (e as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
          console.log(`${kind.padEnd(9)}  skipped: no PostgreSQL server answers (${(e as Error).message})`);
          continue;
        }
        throw e;
      }
      const { kit, floor } = measured;
      const row = (name: string, r: Result) => console.log(`${kind.padEnd(9)}  ${name.padEnd(6)} ${r.perSecond.toFixed(0).padStart(9)}   ${r.rounds.map((x) => x.toFixed(0)).join(', ')}`);
      row('kit', kit);
      row('floor', floor);
      const ratio = kit.perSecond / floor.perSecond;
      console.log(`${kind.padEnd(9)}  kit/floor ${ratio.toFixed(2)}× (target ≥ ${TARGET}×: ${ratio >= TARGET ? 'met' : 'MISSED'})`);
    }
  } finally {
    await subscriber.stop();
  }
}
