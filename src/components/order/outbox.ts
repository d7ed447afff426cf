import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { DEFAULT_BACKOFF, outcomeOf, retryAfter, retryDelay, type Backoff, type Outcome } from './delivery-policy.js';

/** An event to deliver: a CloudEvents JSON object whose `id` is its idempotency key. */
export interface OutboxEvent {
  id: string;
  [key: string]: unknown;
}

/** `pending` until the receiver has it (`delivered`) or refuses it for good (`failed`). */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event in the outbox, as stored in IndexedDB. */
export interface OutboxRecord {
  id: string;
  endpoint: string;
  event: OutboxEvent;
  status: DeliveryStatus;
  attempts: number;
  /** When the next attempt is due (ms since the epoch). */
  nextAt: number;
  createdAt: number;
  updatedAt: number;
  /** The last HTTP status, if an answer came. */
  lastStatus?: number;
  /** The last error: the receiver's answer (first 500 characters) or the network error. */
  lastError?: string;
  /** The last answer's JSON body, when it had one (a move's result, or the service's error). */
  answer?: unknown;
  /** The last answer replayed a stored one (`Idempotent-Replayed: true`): the work was done before. */
  replayed?: boolean;
}

interface Schema extends DBSchema {
  events: { key: string; value: OutboxRecord; indexes: { status: DeliveryStatus } };
}

export interface OutboxOptions {
  /** The IndexedDB database name (one outbox per name and origin). Default `cpq-outbox`. */
  name?: string;
  backoff?: Backoff;
  /** Time allowed for one POST, ms. Default 15 000. */
  timeoutMs?: number;
  /** For tests: the fetch and the random source of the jitter. */
  fetch?: typeof fetch;
  random?: () => number;
  /**
   * Which pending records this outbox sends (default all): records of another user or service
   * wait in the same database for an outbox that may send them.
   */
  accepts?: (record: OutboxRecord) => boolean;
  /** The request for a record (default: the CloudEvents POST); called before every attempt, e.g. for a fresh token. */
  request?: (record: OutboxRecord) => RequestInit | Promise<RequestInit>;
  /** What an HTTP status means (default `outcomeOf`: a 409 is delivered, as a receiver says "I have it"). */
  outcome?: (status: number) => Outcome;
}

/** The outbox's events: each carries the record as it is stored after the attempt. */
export interface OutboxEventMap {
  delivered: CustomEvent<OutboxRecord>;
  failed: CustomEvent<OutboxRecord>;
  retry: CustomEvent<OutboxRecord>;
}

/**
 * A durable outbox for order events. `submit` stores the event in IndexedDB before anything is
 * sent, then POSTs it (`Content-Type: application/cloudevents+json`, `Idempotency-Key` = the
 * event id) until the receiver has it: passing failures (network, offline, 408/425/429/5xx) are
 * retried with exponential backoff and full jitter; pending events are sent again when an outbox
 * opens on the next page load and when the browser comes back online. An event id is stored once,
 * so submitting the same quote version twice sends one order; a 409 counts as delivered; any
 * other 4xx is final and reported (`failed`). Flushes are serialised across tabs (Web Locks).
 * `request`, `outcome` and `accepts` make it the client side of other idempotent POSTs too:
 * `<cpq-quote>`'s lifecycle moves to the quote service (src/components/service/moves.ts).
 */
export class Outbox extends EventTarget {
  readonly name: string;
  private readonly db: Promise<IDBPDatabase<Schema>>;
  private readonly backoff: Backoff;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly random: () => number;
  private readonly accepts: (record: OutboxRecord) => boolean;
  private readonly request: (record: OutboxRecord) => RequestInit | Promise<RequestInit>;
  private readonly outcome: (status: number) => Outcome;
  private flushing: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly onOnline = () => void this.flush();

  constructor(options: OutboxOptions = {}) {
    super();
    this.name = options.name ?? 'cpq-outbox';
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.random = options.random ?? Math.random;
    this.accepts = options.accepts ?? (() => true);
    this.outcome = options.outcome ?? outcomeOf;
    this.request = options.request ?? ((r) => ({
      method: 'POST', headers: { 'Content-Type': 'application/cloudevents+json', 'Idempotency-Key': r.id }, body: JSON.stringify(r.event),
    }));
    this.db = openDB<Schema>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('events', { keyPath: 'id' }).createIndex('status', 'status');
      },
    });
    globalThis.addEventListener?.('online', this.onOnline);
    // A new page (or a reopened outbox) sends what earlier pages left, without waiting out their backoff.
    void this.flush(true);
  }

  /**
   * Store `event` for delivery to `endpoint` and start sending it. Returns the stored record:
   * for an id stored before, the earlier record (nothing is sent twice).
   */
  async submit(endpoint: string, event: OutboxEvent): Promise<OutboxRecord> {
    if (typeof endpoint !== 'string' || endpoint === '') throw new TypeError('Outbox.submit(endpoint, event): endpoint must be a non-empty URL string');
    if (typeof event !== 'object' || event === null || typeof event.id !== 'string' || event.id === '') {
      throw new TypeError('Outbox.submit(endpoint, event): event.id must be a non-empty string (the idempotency key)');
    }
    const body = JSON.parse(JSON.stringify(event)) as OutboxEvent;
    const db = await this.db;
    const tx = db.transaction('events', 'readwrite');
    const existing = await tx.store.get(event.id);
    const now = Date.now();
    const record: OutboxRecord = existing ?? { id: event.id, endpoint, event: body, status: 'pending', attempts: 0, nextAt: now, createdAt: now, updatedAt: now };
    if (!existing) await tx.store.add(record);
    await tx.done;
    void this.flush();
    return record;
  }

  /** The record of event `id`, if stored. */
  async get(id: string): Promise<OutboxRecord | undefined> {
    return (await this.db).get('events', id);
  }

  /** Forget a settled record (a move whose answer was taken). */
  async remove(id: string): Promise<void> {
    await (await this.db).delete('events', id);
  }

  /** Every record, oldest first. */
  async records(): Promise<OutboxRecord[]> {
    return (await (await this.db).getAll('events')).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Send a `failed` event again (after the receiver was fixed): it becomes pending. */
  async retry(id: string): Promise<void> {
    await this.update(id, (r) => (r.status === 'failed' ? { ...r, status: 'pending', nextAt: Date.now() } : r));
    await this.flush();
  }

  /** Send every pending event that is due (`all`: every pending event). Resolves when this round is done. */
  flush(all = false): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    const run = async () => {
      do {
        this.again = false;
        await this.exclusively(() => this.deliverDue(all));
        all = false;
      } while (this.again && !this.closed);
    };
    this.flushing = run().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Stop timers and listeners and close the database (pending events stay stored). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    globalThis.removeEventListener?.('online', this.onOnline);
    // After the round in progress: closing under it would fail its transactions.
    void Promise.resolve(this.flushing).finally(() => this.db.then((db) => db.close()));
  }

  /** One flusher per outbox name across tabs; without Web Locks, per tab. */
  private exclusively(work: () => Promise<void>): Promise<void> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    return locks ? locks.request(`cpq-outbox:${this.name}`, () => work()).then(() => undefined) : work();
  }

  private async deliverDue(all: boolean): Promise<void> {
    const db = await this.db;
    const pending = (await db.getAllFromIndex('events', 'status', 'pending')).filter(this.accepts);
    for (const record of pending.sort((a, b) => a.createdAt - b.createdAt)) {
      if (this.closed) return;
      // Offline: no timer either; the `online` event flushes again.
      if (globalThis.navigator?.onLine === false) return clearTimeout(this.timer);
      if (all || record.nextAt <= Date.now()) await this.deliver(record);
    }
    this.schedule((await db.getAllFromIndex('events', 'status', 'pending')).filter(this.accepts).map((r) => r.nextAt));
  }

  private schedule(due: number[]): void {
    clearTimeout(this.timer);
    if (due.length === 0 || this.closed) return;
    this.timer = setTimeout(() => void this.flush(), Math.max(0, Math.min(...due) - Date.now()));
  }

  private async deliver(record: OutboxRecord): Promise<void> {
    let status: number | undefined;
    let error: string | undefined;
    let wait = 0;
    let answer: unknown;
    let replayed = false;
    try {
      const res = await this.fetch(record.endpoint, { ...(await this.request(record)), signal: AbortSignal.timeout(this.timeoutMs) });
      status = res.status;
      const text = await res.text().catch(() => '');
      if (!res.ok) error = text.slice(0, 500) || `HTTP ${res.status}`;
      if (/\bjson\b/.test(res.headers.get('Content-Type') ?? '')) answer = parseJson(text);
      replayed = res.headers.get('Idempotent-Replayed') === 'true';
      wait = retryAfter(res.headers.get('Retry-After'), Date.now());
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    const outcome = status === undefined ? 'retry' : this.outcome(status);
    const stored = await this.update(record.id, (r) => {
      if (r.status !== 'pending') return r; // another tab settled it meanwhile
      const attempts = r.attempts + 1;
      const base = { ...r, attempts, updatedAt: Date.now(), lastStatus: status, lastError: outcome === 'delivered' ? undefined : error, answer, replayed };
      if (outcome === 'delivered') return { ...base, status: 'delivered' };
      if (outcome === 'final') return { ...base, status: 'failed' };
      return { ...base, nextAt: Date.now() + retryDelay(attempts, this.backoff, this.random, wait) };
    });
    if (stored) this.dispatchEvent(new CustomEvent(stored.status === 'pending' ? 'retry' : stored.status, { detail: stored }));
  }

  private async update(id: string, change: (r: OutboxRecord) => OutboxRecord): Promise<OutboxRecord | undefined> {
    const tx = (await this.db).transaction('events', 'readwrite');
    const current = await tx.store.get(id);
    const next = current && change(current);
    if (next && next !== current) await tx.store.put(next);
    await tx.done;
    return next;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
