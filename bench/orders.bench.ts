import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrderReceiver } from '../src/server/index.js';
import { auditOrderFile, buildLoadOrders, demoCatalogs, runOrderLoad, seededRandom, type LoadOrder, type LoadResult } from '../test/support/order-load.js';
import { startFloorReceiver } from './orders-floor.js';

const ORDERS = 1_000;
const CLIENTS = 20;
const ROUNDS = 3;

type Mode = 'floor' | 'kit' | 'kit + faults';
interface Round { result: LoadResult; lost: number; duplicated: number }

/** One run of `mode` against a fresh store file; its load result and the file's audit. */
async function once(mode: Mode, dir: string, name: string, orders: readonly LoadOrder[], catalogs: Record<string, unknown>): Promise<Round> {
  const file = join(dir, `${name}.jsonl`);
  const faulty = mode === 'kit + faults';
  const server = mode === 'floor'
    ? await startFloorReceiver(file)
    : await startOrderReceiver({ catalogs, store: file, port: 0, ...(faulty ? { faults: { unavailable: 0.05, dropAfterStore: 0.05, random: seededRandom(42) } } : {}) });
  let result: LoadResult;
  try {
    result = await runOrderLoad({ url: server.url, orders, clients: CLIENTS, seed: 7, ...(faulty ? { again: 0.1, concurrent: 0.05 } : { again: 0, concurrent: 0 }) });
  } finally {
    await server.close();
  }
  const audit = auditOrderFile(readFileSync(file, 'utf8'), orders);
  if (result.failures.length > 0 || audit.unknown > 0) throw new Error(`${mode}: ${result.failures.length} failed deliveries, ${audit.unknown} unknown ids: ${JSON.stringify(result.failures.slice(0, 3))}`);
  return { result, lost: audit.lost, duplicated: audit.duplicated };
}

const median = <T>(xs: T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;

/**
 * The reference receiver under the load of test/receiver-load.test.ts (1,000 orders, 20
 * concurrent loopback clients retrying with the browser outbox's policy) beside a bare
 * node:http floor driven by the same clients, rounds alternated; lost and duplicated must be 0.
 */
export default async function ordersBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cpq-orders-bench-'));
  try {
    const catalogs = demoCatalogs();
    let t = performance.now();
    const orders = buildLoadOrders(ORDERS, 20261128, catalogs);
    const buildMs = performance.now() - t;
    // Warm-up: a tenth of the load through each server (JIT, catalog preparation, sockets).
    const warm = orders.slice(0, ORDERS / 10);
    for (const mode of ['floor', 'kit', 'kit + faults'] as const) await once(mode, dir, `warm-${mode}`, warm, catalogs);

    const runs: Record<Mode, Round[]> = { floor: [], kit: [], 'kit + faults': [] };
    t = performance.now();
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of ['floor', 'kit', 'kit + faults'] as const) runs[mode].push(await once(mode, dir, `${mode}-${r}`, orders, catalogs));
    }
    const totalS = (performance.now() - t) / 1000;

    console.log(`\nOrder receiver: ${ORDERS.toLocaleString('en')} orders (built in ${(buildMs / 1000).toFixed(1)} s: accepted quotes from the two demo catalogs), ${CLIENTS} concurrent clients over loopback fetch`);
    console.log('  server and clients in this one Node process; clients POST as the browser outbox does and retry with its policy (base 5 ms, max 100 ms)');
    console.log('  floor:        a bare node:http server that parses the JSON and appends one line per request, answers 201;');
    console.log('                no checks, no verification, no de-duplication, no write queue; no faults, no duplicates');
    console.log('  kit:          startOrderReceiver (verifyOrder re-prices every order from its catalog, de-duplicates by event id,');
    console.log('                appends through one queue) under the same load as the floor');
    console.log('  kit + faults: the same with 5 % answered 503 and 5 % of answers dropped after storing; 10 % of events sent again');
    console.log('                after delivery, 5 % sent twice at once by two clients (the test\'s load)');
    console.log(`  median round of ${ROUNDS}, alternated (${totalS.toFixed(1)} s); lost and duplicated are the worst round and must be 0`);
    console.log('run            orders/s   p50 ms   p95 ms  requests  retries  409s  lost  duplicated  throughput kit/floor');
    const floor = median(runs.floor, (x) => x.result.ordersPerSecond);
    for (const mode of ['floor', 'kit', 'kit + faults'] as const) {
      const m = median(runs[mode], (x) => x.result.ordersPerSecond);
      const lost = Math.max(...runs[mode].map((x) => x.lost));
      const duplicated = Math.max(...runs[mode].map((x) => x.duplicated));
      const { result } = m;
      const ratio = mode === 'floor' ? '' : `${(result.ordersPerSecond / floor.result.ordersPerSecond).toFixed(2)}×`;
      console.log(`${mode.padEnd(13)}${result.ordersPerSecond.toFixed(0).padStart(9)}${result.latency.p50.toFixed(1).padStart(9)}${result.latency.p95.toFixed(1).padStart(9)}`
        + `${String(result.requests).padStart(10)}${String(result.retries).padStart(9)}${String(result.duplicates).padStart(6)}${String(lost).padStart(6)}${String(duplicated).padStart(12)}${ratio.padStart(22)}`);
      if (mode !== 'floor' && (lost > 0 || duplicated > 0)) {
        throw new Error(`${mode}: ${lost} orders lost, ${duplicated} stored twice`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
