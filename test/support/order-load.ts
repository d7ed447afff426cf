/**
 * The loopback load driver of the reference order receiver, shared by test/receiver-load.test.ts
 * and bench/orders.bench.ts.
 *
 * `buildLoadOrders(n, seed)` makes n distinct accepted quotes from the two demo catalogs (quote
 * ids, lines, quantities, terms, options and discounts drawn from a seeded generator, so a run
 * is reproducible), walks each draft → (approved) → sent → accepted, and builds its order event.
 *
 * `runOrderLoad({ url, orders, clients })` sends them from `clients` concurrent clients over
 * loopback `fetch`, as the browser outbox does: `Content-Type: application/cloudevents+json`,
 * `Idempotency-Key` = event id, passing troubles (network errors, 408/425/429, 5xx) retried with
 * the outbox's own policy (src/components/order/delivery-policy.ts: `outcomeOf`, `retryDelay`,
 * `retryAfter`), 409 counted as delivered, any other 4xx final. It injects duplicates: a share
 * of the events is sent again after it was delivered (by a client drawn at random), and a share
 * is sent twice at once by two clients (they meet at a gate, so both POSTs are in flight
 * together). It returns what happened, counted on the client side, and the timings.
 */
import { readFileSync } from 'node:fs';
import { outcomeOf, retryAfter, retryDelay, type Backoff } from '../../src/components/order/delivery-policy.js';
import { priceQuote } from '../../src/pricing/index.js';
import { accept, approve, send, snapshot, submit, toOrderEvent, type LifecycleQuote, type LifecycleResult, type OrderEvent } from '../../src/quote/index.js';
import type { Quote, QuoteLine, SelectedOption } from '../../src/types.js';

/** A small seeded generator (mulberry32): the same seed, the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const loadCatalog = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../demo/catalogs/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** The two demo catalogs, by id (what the receiver's `catalogs` option takes). */
export function demoCatalogs(): Record<string, unknown> {
  const crm = loadCatalog('crm-saas');
  const air = loadCatalog('air-compressor');
  return { [crm.id as string]: crm, [air.id as string]: air };
}

/** One order of the load: the event, its body as sent, and what the receiver must store for it. */
export interface LoadOrder {
  id: string;
  catalogId: string;
  /** The JSON body POSTed (built once, sent as often as needed). */
  body: string;
  /** `data.totals.total` and `data.digest` of the event. */
  total: string;
  digest: string;
}

const DATE = '2026-11-28';
const VALID_UNTIL = '2026-12-28';
const SUBMITTED = '2026-11-28T10:00:00+08:00';
const SENT = '2026-11-29T10:00:00+08:00';
const ACCEPTED = '2026-12-01T09:30:00+08:00';

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const chance = (r: Rng, p: number): boolean => r() < p;

/** A CRM SaaS quote: one edition with add-ons, services, maybe scanners; discounts up to 20 %. */
function crmQuote(r: Rng, id: string): Quote {
  const sku = pick(r, ['CRM-STD', 'CRM-PRO', 'CRM-ENT'] as const);
  const deploy = chance(r, 0.3) ? 'private' : 'cloud';
  const options: NonNullable<QuoteLine['options']> = [];
  if (chance(r, 0.5)) options.push({ sku: 'ADDON-CPQ', qty: '1' });
  if (sku !== 'CRM-STD' && sku !== 'CRM-ENT' && chance(r, 0.4)) options.push({ sku: 'ADDON-SSO', qty: '1' });
  if (sku !== 'CRM-ENT' && chance(r, 0.3)) options.push({ sku: 'ADDON-BI', qty: '1' });
  if (chance(r, 0.3)) options.push({ sku: 'ADDON-API', qty: String(pick(r, [50, 200, 1000])) });
  if (deploy === 'cloud' && chance(r, 0.3)) options.push({ sku: 'ADDON-STORAGE', qty: String(10 * int(r, 1, 50)) });
  const lines: QuoteLine[] = [{
    id: 'L1', sku, qty: String(int(r, sku === 'CRM-ENT' ? 5 : 1, 400)), term: String(pick(r, [12, 12, 24, 36])),
    attributes: { deploy }, options,
    ...(chance(r, 0.5) ? { discount: { percent: String(int(r, 1, 10)) } } : {}),
  }];
  if (chance(r, 0.6)) lines.push({ id: `L${lines.length + 1}`, sku: 'IMPL-STD', qty: '1' });
  if (chance(r, 0.4)) lines.push({ id: `L${lines.length + 1}`, sku: 'SUPPORT-PREMIUM', qty: '1' });
  if (chance(r, 0.4)) lines.push({ id: `L${lines.length + 1}`, sku: 'TRAIN-DAY', qty: String(int(r, 1, 20) / 2) });
  if (chance(r, 0.2)) lines.push({ id: `L${lines.length + 1}`, sku: 'HW-SCANNER', qty: String(int(r, 1, 30)), optional: chance(r, 0.3) });
  return {
    id, version: int(r, 1, 3), date: DATE, validUntil: VALID_UNTIL, currency: 'CNY', locale: pick(r, ['zh-CN', 'en']),
    customer: { id: `C-${int(r, 10000, 99999)}`, name: `Load customer ${id}`, segment: pick(r, ['enterprise', 'mid-market', 'smb']) },
    lines,
    ...(chance(r, 0.5) ? { discount: { percent: String(int(r, 1, 20)) } } : {}),
  };
}

/** An air-compressor station: one of three valid configurations, 1–5 units, spare filters. */
function airQuote(r: Rng, id: string): Quote {
  const variant = int(r, 0, 2);
  let line: QuoteLine;
  let destination: string | undefined;
  // A tank with its own selection: priced as the demo's sample quote does, though the QuoteOption
  // type has no nested `options` (SelectedOption, the configurator's type, has).
  const tank: SelectedOption = { sku: 'TANK-AIR', qty: '1', options: [{ sku: 'TANK-2M3' }, { sku: 'TANK-DRAIN' }] };
  if (variant === 0) {
    line = { id: 'L1', sku: 'AC-SCREW', qty: String(int(r, 1, 5)), attributes: { voltage: pick(r, ['380V', '400V']) },
      options: [{ sku: pick(r, ['MOTOR-37', 'MOTOR-55']) }, { sku: 'COOL-AIR' }, { sku: pick(r, ['MOUNT-SKID', 'MOUNT-AVM']) }, { sku: 'DRYER-REF' }, { sku: 'INSTALL-COMM' }] };
  } else if (variant === 1) {
    line = {
      id: 'L1', sku: 'AC-SCREW', qty: String(int(r, 1, 5)), attributes: { voltage: '380V' },
      options: [
        { sku: 'MOTOR-55', qty: '1' }, { sku: 'COOL-WATER', qty: '1' }, { sku: 'MOUNT-FRAME', qty: '1' },
        { sku: 'DRYER-DES', qty: '1' }, { sku: 'FILTER-PREC', qty: '2' },
        tank,
        ...(chance(r, 0.5) ? [{ sku: 'HRU-HEAT', qty: '1' }] : []),
        { sku: 'IOT-MON', qty: '1' }, { sku: 'SVC-PREM-3Y', qty: '1' }, { sku: 'INSTALL-COMM', qty: '1' },
      ],
    };
  } else {
    destination = pick(r, ['PH', 'VN', 'ID', 'MY']);
    line = {
      id: 'L1', sku: 'AC-SCREW', qty: String(int(r, 1, 5)), attributes: { voltage: '440V' },
      options: [
        { sku: pick(r, ['MOTOR-55', 'MOTOR-75']) }, { sku: 'COOL-AIR' }, { sku: 'MOUNT-FRAME' }, { sku: 'DRYER-REF' },
        { sku: 'FILTER-PREC', qty: '1' }, { sku: 'TANK-AIR', qty: '2' }, { sku: 'EXPORT-PACK' }, { sku: 'SVC-BASIC-1Y' },
      ],
    };
  }
  const lines: QuoteLine[] = [line];
  if (chance(r, 0.5)) lines.push({ id: 'L2', sku: 'FILTER-PREC', qty: String(int(r, 1, 12)) });
  return {
    id, version: int(r, 1, 3), date: DATE, validUntil: VALID_UNTIL, currency: 'CNY', locale: pick(r, ['zh-CN', 'en']),
    customer: { id: `C-${int(r, 10000, 99999)}`, name: `Load customer ${id}`, segment: pick(r, ['mid-market', 'trading']) },
    ...(destination ? { opportunity: { id: `OPP-${id}`, destination } } : {}),
    lines,
    ...(chance(r, 0.5) ? { discount: { percent: String(int(r, 1, 15)) } } : {}),
  };
}

function step(result: LifecycleResult, what: string): LifecycleQuote {
  if (!result.ok) throw new Error(`load order ${what} refused: ${JSON.stringify(result.errors)}`);
  return result.quote;
}

/**
 * `n` distinct accepted quotes (ids `LOAD-<seed>-<i>`, 60 % CRM, 40 % air compressors) and their
 * order events. Throws if any quote is not orderable or its event is refused (a generator bug).
 */
export function buildLoadOrders(n: number, seed = 20261128, catalogs = demoCatalogs()): LoadOrder[] {
  const r = seededRandom(seed);
  const [crm, air] = [catalogs['demo-crm-2026'], catalogs['demo-aircomp-2026']];
  if (!crm || !air) throw new Error('buildLoadOrders needs the demo catalogs demo-crm-2026 and demo-aircomp-2026');
  const orders: LoadOrder[] = [];
  for (let i = 0; i < n; i++) {
    const id = `LOAD-${seed}-${String(i).padStart(5, '0')}`;
    const isCrm = chance(r, 0.6);
    const catalog = isCrm ? crm : air;
    const quote = isCrm ? crmQuote(r, id) : airQuote(r, id);
    const priced = priceQuote(catalog, quote);
    if (!priced.orderable) throw new Error(`load quote ${id} is not orderable: ${JSON.stringify(priced.issues.filter((x) => x.severity === 'error'))}`);
    const snap = snapshot(priced);
    let q = step(submit(quote, snap, { at: SUBMITTED, actor: 'load.seller' }), `${id} submit`);
    if (q.lifecycle!.state === 'approval-pending') q = step(approve(q, snap, { at: SUBMITTED, actor: 'load.manager' }), `${id} approve`);
    q = step(send(q, snap, { at: SENT, actor: 'load.seller' }), `${id} send`);
    q = step(accept(q, snap, { at: ACCEPTED, actor: `buyer of ${id}` }), `${id} accept`);
    const event: OrderEvent = toOrderEvent(catalog, priced, { quote: q, source: '/cpq-kit/load-test' });
    orders.push({ id: event.id, catalogId: event.data.catalogId, body: JSON.stringify(event), total: event.data.totals.total, digest: event.data.digest });
  }
  return orders;
}

/** Options of `runOrderLoad`. */
export interface LoadOptions {
  /** The receiver's POST URL. */
  url: string;
  orders: readonly LoadOrder[];
  /** Concurrent clients. Default 20. */
  clients?: number;
  /** Share of events sent again (by a client drawn at random) once their first delivery ended. Default 0.1. */
  again?: number;
  /** Share of events sent twice at once, by their own client and another one. Default 0.05. */
  concurrent?: number;
  /** The outbox's backoff, small to keep a run fast. Default base 5 ms, max 100 ms. */
  backoff?: Backoff;
  /** Attempts per delivery before it is given up (a final failure). Default 50. */
  maxAttempts?: number;
  /** Seed of the job plan and the jitter. */
  seed?: number;
  /** Longest wait of a client at a concurrent-duplicate gate for its partner, ms. Default 250. */
  gateMs?: number;
  /** A request unanswered this long is aborted and counted as a network error (retried). Default 10 s. */
  requestTimeoutMs?: number;
}

/** What a run did, as the clients saw it. */
export interface LoadResult {
  orders: number;
  /** Deliveries attempted: one per order, plus the injected duplicates. */
  deliveries: number;
  /** HTTP requests sent (deliveries + retries). */
  requests: number;
  /** Distinct event ids delivered (answered 2xx or 409 at some point). */
  delivered: number;
  /** Answers 201. */
  created: number;
  /** Answers 409 (duplicate: counted as delivered). */
  duplicates: number;
  /** Requests sent again after a passing failure. */
  retries: number;
  /** Passing failures seen: 503 answers, other retryable statuses, and network errors (a dropped connection). */
  faults: { unavailable: number; otherRetryable: number; network: number };
  /** Injected duplicate deliveries: sent again after delivery, and pairs sent at once (with how many pairs were really in flight together). */
  injected: { again: number; concurrentPairs: number; overlapped: number };
  /** Deliveries that ended in a final answer (a 4xx other than 409) or ran out of attempts. */
  failures: { id: string; status: number | 'network'; detail: string }[];
  wallMs: number;
  /** Distinct orders delivered per second of wall time. */
  ordersPerSecond: number;
  /** Per request (each attempt), ms. */
  latency: { p50: number; p95: number; max: number };
}

type Job = { kind: 'first'; order: LoadOrder } | { kind: 'again'; order: LoadOrder } | { kind: 'pair'; order: LoadOrder; gate: Gate };

interface Gate {
  arrived: number;
  open: Promise<void>;
  release: () => void;
  started: number[];
  ended: number[];
}

function gate(): Gate {
  let release!: () => void;
  const open = new Promise<void>((resolve) => (release = resolve));
  return { arrived: 0, open, release, started: [], ended: [] };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Run the load: every order delivered by `clients` concurrent clients, duplicates injected. */
export async function runOrderLoad(options: LoadOptions): Promise<LoadResult> {
  const { url, orders } = options;
  const clients = options.clients ?? 20;
  const backoff = options.backoff ?? { baseMs: 5, maxMs: 100 };
  const maxAttempts = options.maxAttempts ?? 50;
  const gateMs = options.gateMs ?? 250;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const plan = seededRandom(options.seed ?? 7);

  // The plan: orders in a seeded order, dealt round-robin; a pair's second delivery goes to
  // another client at the same position; an "again" to a random client's random position
  // (if reached before the first delivery ended, it is put off to the end of that queue).
  const shuffled = [...orders];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(plan() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const queues: Job[][] = Array.from({ length: clients }, () => []);
  const pairs: Gate[] = [];
  const againIds = new Set<string>();
  shuffled.forEach((order, i) => {
    const k = i % clients;
    if (clients > 1 && plan() < (options.concurrent ?? 0.05)) {
      const g = gate();
      pairs.push(g);
      queues[k]!.push({ kind: 'pair', order, gate: g });
      queues[(k + 1 + Math.floor(plan() * (clients - 1))) % clients]!.push({ kind: 'pair', order, gate: g });
    } else queues[k]!.push({ kind: 'first', order });
    if (plan() < (options.again ?? 0.1)) againIds.add(order.id);
  });
  for (const order of shuffled.filter((o) => againIds.has(o.id))) {
    const q = queues[Math.floor(plan() * clients)]!;
    q.splice(Math.floor(plan() * (q.length + 1)), 0, { kind: 'again', order });
  }

  const settled = new Map<string, Promise<void>>();
  const settle = new Map<string, () => void>();
  for (const o of orders) settled.set(o.id, new Promise<void>((resolve) => settle.set(o.id, resolve)));
  const firstEnded = new Set<string>();

  const result: LoadResult = {
    orders: orders.length, deliveries: 0, requests: 0, delivered: 0, created: 0, duplicates: 0, retries: 0,
    faults: { unavailable: 0, otherRetryable: 0, network: 0 },
    injected: { again: againIds.size, concurrentPairs: pairs.length, overlapped: 0 },
    failures: [], wallMs: 0, ordersPerSecond: 0, latency: { p50: 0, p95: 0, max: 0 },
  };
  const deliveredIds = new Set<string>();
  const latencies: number[] = [];

  /** One delivery, as the outbox makes it: retried until delivered, refused or out of attempts. */
  const deliver = async (order: LoadOrder, jitter: () => number, times?: { started: number[]; ended: number[] }): Promise<void> => {
    result.deliveries++;
    for (let attempt = 1; ; attempt++) {
      result.requests++;
      const t0 = performance.now();
      if (attempt === 1) times?.started.push(t0);
      let status: number | 'network';
      let header: string | null = null;
      let detail = '';
      try {
        const res = await fetch(url, {
          method: 'POST', body: order.body,
          headers: { 'Content-Type': 'application/cloudevents+json', 'Idempotency-Key': order.id },
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
        status = res.status;
        header = res.headers.get('retry-after');
        detail = await res.text();
      } catch (e) {
        status = 'network';
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        detail = `${(e as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
      }
      const t1 = performance.now();
      if (attempt === 1) times?.ended.push(t1);
      latencies.push(t1 - t0);
      const outcome = status === 'network' ? 'retry' : outcomeOf(status);
      if (outcome === 'delivered') {
        if (status === 409) result.duplicates++;
        else if (status === 201) result.created++;
        if (!deliveredIds.has(order.id)) {
          deliveredIds.add(order.id);
          result.delivered++;
        }
        return;
      }
      if (outcome === 'final' || attempt >= maxAttempts) {
        result.failures.push({ id: order.id, status, detail: outcome === 'final' ? detail.slice(0, 500) : `gave up after ${attempt} attempts: ${detail.slice(0, 300)}` });
        return;
      }
      if (status === 'network') result.faults.network++;
      else if (status === 503) result.faults.unavailable++;
      else result.faults.otherRetryable++;
      result.retries++;
      await sleep(retryDelay(attempt, backoff, jitter, retryAfter(header, Date.now())));
    }
  };

  const client = async (k: number): Promise<void> => {
    const jitter = seededRandom((options.seed ?? 7) * 1000 + k + 1);
    const queue = queues[k]!;
    for (let i = 0; i < queue.length; i++) {
      const job = queue[i]!;
      if (job.kind === 'first') {
        await deliver(job.order, jitter);
        firstEnded.add(job.order.id);
        settle.get(job.order.id)!();
      } else if (job.kind === 'pair') {
        const g = job.gate;
        g.arrived++;
        if (g.arrived === 2) g.release();
        else await Promise.race([g.open, sleep(gateMs)]);
        await deliver(job.order, jitter, g);
        if (firstEnded.has(job.order.id)) settle.get(job.order.id)!();
        else firstEnded.add(job.order.id);
      } else if (firstEnded.has(job.order.id)) {
        await deliver(job.order, jitter);
      } else if (queue.slice(i + 1).some((j) => j.kind !== 'again')) {
        queue.push(job); // not delivered yet: put off to the end of this queue
      } else {
        // Only put-off duplicates are left here: wait for the first delivery (made by a client
        // that never waits on others, so this cannot deadlock), then send it again.
        await settled.get(job.order.id);
        await deliver(job.order, jitter);
      }
    }
  };

  const start = performance.now();
  await Promise.all(queues.map((_, k) => client(k)));
  result.wallMs = performance.now() - start;
  result.ordersPerSecond = result.delivered / (result.wallMs / 1000);
  latencies.sort((a, b) => a - b);
  result.latency = { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies[latencies.length - 1] ?? 0 };
  result.injected.overlapped = pairs.filter((g) => g.started.length === 2 && Math.max(...g.started) < Math.min(...g.ended)).length;
  return result;
}

/** What a JSON-lines order file holds against the orders sent: ids missing, ids on more than one line, ids not sent. */
export function auditOrderFile(text: string, orders: readonly LoadOrder[]): { lines: number; lost: number; duplicated: number; unknown: number } {
  const counts = new Map<string, number>();
  let lines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    lines++;
    const id = (JSON.parse(line) as { id?: unknown }).id;
    counts.set(String(id), (counts.get(String(id)) ?? 0) + 1);
  }
  const sent = new Set(orders.map((o) => o.id));
  return {
    lines,
    lost: orders.filter((o) => !counts.has(o.id)).length,
    duplicated: [...counts].filter(([id, n]) => sent.has(id) && n > 1).length,
    unknown: [...counts.keys()].filter((id) => !sent.has(id)).length,
  };
}
