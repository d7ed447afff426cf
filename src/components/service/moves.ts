import { moveOutcomeOf, type Backoff } from '../order/delivery-policy.js';
import { Outbox, type OutboxRecord } from '../order/outbox.js';

/**
 * Lifecycle moves to the quote service through the durable outbox: a move is stored with its
 * Idempotency-Key before anything is sent, so every retry of one user action — after a network
 * error, a 5xx or a 429, in this page or after a reload — carries the same key, and the service
 * replays its first answer instead of moving the quote twice (or making two orders).
 */

/** A move as the outbox stores it (`id` is the Idempotency-Key). */
export interface MoveEvent {
  id: string;
  /** Whose move it is: `<service>|user:<sub>` or `<service>|link:<id>`; only that sender sends it. */
  scope: string;
  action: string;
  /** The quote it moves (absent for a quote not yet saved). */
  quoteId?: string;
  body: unknown;
  [key: string]: unknown;
}

/** Who sends the moves of a page: their scope now, and a fresh token for each attempt. */
export interface MoveSender {
  scope(): string | undefined;
  token(): Promise<string | undefined>;
}

const DAY = 86_400_000;

/** The outbox of moves (IndexedDB `cpq-moves`), sending only `sender`'s own; settled moves older than a day are forgotten. */
export function openMoves(sender: MoveSender, backoff?: Backoff): Outbox {
  const outbox = new Outbox({
    name: 'cpq-moves',
    ...(backoff ? { backoff } : {}),
    outcome: moveOutcomeOf,
    accepts: (r) => (r.event as MoveEvent).scope === sender.scope(),
    request: async (r) => {
      const token = await sender.token();
      const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': r.id };
      if (token) headers.Authorization = `Bearer ${token}`;
      return { method: 'POST', headers, body: JSON.stringify((r.event as MoveEvent).body), cache: 'no-store' };
    },
  });
  void outbox.records().then((all) => Promise.all(all.filter((r) => r.status !== 'pending' && r.updatedAt < Date.now() - DAY).map((r) => outbox.remove(r.id)))).catch(() => undefined);
  return outbox;
}

/** A new Idempotency-Key for one user action (random; `crypto.randomUUID` needs a secure context). */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `mv_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The record of move `id` once it is delivered or failed. Events come from this page's own
 * attempts; the database is also read every `pollMs`, for an attempt another tab made.
 */
export function settled(outbox: Outbox, id: string, pollMs = 1000): Promise<OutboxRecord> {
  return new Promise((resolve, reject) => {
    const names = ['delivered', 'failed'] as const;
    const finish = (r: OutboxRecord | undefined): void => {
      if (!r || r.id !== id || r.status === 'pending') return;
      clearInterval(timer);
      for (const name of names) outbox.removeEventListener(name, listener);
      resolve(r);
    };
    const listener = (e: Event) => finish((e as CustomEvent<OutboxRecord>).detail);
    const fail = (e: unknown) => {
      clearInterval(timer);
      for (const name of names) outbox.removeEventListener(name, listener);
      reject(e);
    };
    const check = () => outbox.get(id).then((r) => (r ? finish(r) : fail(new Error(`The move ${id} is not in the outbox.`))), fail);
    for (const name of names) outbox.addEventListener(name, listener);
    const timer = setInterval(() => void check(), pollMs);
    void check();
  });
}
