import { InvalidCloudEventError } from '../../quote/write-cloudevents.js';
import type { ClaimedDelivery, DeliveryOutcome, QuoteStore } from '../store/types.js';
import { natsMessage, type NatsPublisher } from './nats.js';
import { backoffDelay, type DispatchSettings } from './options.js';
import { failureText, postWebhook, webhookRequest } from './webhook.js';

/** Where the dispatcher reports what it does (counts for tests and operators; failures for the log). */
export interface DispatchLog {
  warn(message: string, detail?: Record<string, unknown>): void;
}

/** What one dispatcher did since it started. */
export interface DispatchStats {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
  /** Outcomes not recorded because another claim or a retry had taken the row over meanwhile. */
  superseded: number;
}

/**
 * The dispatcher: takes due deliveries from the outbox (`claimDeliveries`: each row held by one
 * dispatcher at a time, for its lease), POSTs each to its subscriber and records the outcome —
 * a 2xx ends the delivery; a 410 disables the subscriber (its deliveries wait, pending, until it
 * is enabled again); anything else (a network failure, a timeout, another status) is retried
 * after an exponential backoff with full jitter, until the attempt or age limit, then the
 * delivery is dead. At least once: a dispatcher that dies mid-delivery leaves its rows to come
 * back when their lease runs out, and they are sent again with the same `webhook-id`.
 */
export class Dispatcher {
  readonly stats: DispatchStats = { claimed: 0, delivered: 0, failed: 0, dead: 0, superseded: 0 };
  /** Every claimed delivery until its outcome is recorded. */
  private readonly inFlight = new Map<Promise<void>, AbortController>();
  /** Of those, the ones whose request has not ended yet. */
  private requesting = 0;
  /** How long the last claim took, ms. */
  private lastClaimMs = 0;
  /** Outcomes waiting to be recorded, and how many batches are being written (see `settle`). */
  private readonly toSettle: { c: ClaimedDelivery; outcome: DeliveryOutcome; done: () => void }[] = [];
  private settlers = 0;
  private readonly stopping = new AbortController();
  private signal: (() => void) | undefined;
  private woken = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly store: QuoteStore, private readonly settings: DispatchSettings, private readonly log: DispatchLog, private readonly nats?: NatsPublisher) {}

  /** Start polling. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Look for due deliveries now (an order has just committed). */
  wake(): void {
    this.woken = true;
    this.signal?.();
  }

  /** Stop: requests in flight are aborted and their deliveries left due at once, for this or another instance. */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const controller of this.inFlight.values()) controller.abort();
    this.signal?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight.keys()]);
    await this.nats?.close();
  }

  /**
   * The loop: claim as many due deliveries as there are free slots, start them, wait for a slot
   * to free — or, when fewer were due than asked for, for the interval or a wake — again.
   */
  private async run(): Promise<void> {
    const s = this.settings;
    while (!this.stopping.signal.aborted) {
      this.woken = false;
      const free = this.free();
      let claimed: ClaimedDelivery[] = [];
      if (free > 0) {
        try {
          const started = performance.now();
          claimed = await this.store.claimDeliveries(s.clock(), free, s.leaseMs);
          this.lastClaimMs = performance.now() - started;
        } catch (e) {
          if (this.stopping.signal.aborted) break;
          this.log.warn('dispatch: could not claim deliveries', { error: (e as Error)?.message });
        }
      }
      this.stats.claimed += claimed.length;
      for (const c of claimed) {
        const controller = new AbortController();
        // Stopped while claiming: each is released at once (recorded as interrupted, due again).
        if (this.stopping.signal.aborted) controller.abort();
        this.requesting++;
        const done: Promise<void> = this.deliver(c, controller.signal).finally(() => {
          this.inFlight.delete(done);
          this.signal?.();
        });
        this.inFlight.set(done, controller);
      }
      if (this.stopping.signal.aborted) break;
      // Slots filled: go on as soon as one frees. Otherwise nothing more is due: wait for the interval or a wake.
      const full = free > 0 && claimed.length === free;
      await this.pause(full || free <= 0 ? 'slot' : 'interval');
    }
  }

  /**
   * Wait for a wake, the interval, or (`slot`) a request slot to free. A claim costs about the
   * same for one row as for sixteen (a transaction; on PostgreSQL several round trips), so with
   * requests still in flight and fewer than half the slots free, it waits a little for more to
   * free — at most as long as the last claim took (≤ 50 ms) — and takes them in one claim.
   */
  private pause(until: 'slot' | 'interval'): Promise<void> {
    if (this.woken && until === 'interval') return Promise.resolve();
    return new Promise<void>((resolve) => {
      let finished = false;
      let gather: ReturnType<typeof setTimeout> | undefined;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        clearTimeout(gather);
        resolve();
      };
      const timer = setTimeout(finish, this.settings.intervalMs);
      timer.unref?.();
      this.signal = () => {
        if (finished) return;
        if (until === 'interval') {
          // A slot freeing only matters when waiting for one.
          if (this.woken || this.stopping.signal.aborted) setImmediate(finish);
        } else if (this.stopping.signal.aborted || this.requesting === 0 || this.free() >= this.settings.concurrency / 2) {
          // The others that end in the same turn (a batch of outcomes) free theirs too before the claim.
          setImmediate(finish);
        } else if (gather === undefined) {
          gather = setTimeout(finish, Math.min(50, Math.ceil(this.lastClaimMs)));
          gather.unref?.();
        }
      };
    }).then(() => {
      this.signal = undefined;
    });
  }

  /**
   * How many more deliveries may be claimed: at most `concurrency` requests at once; a delivery
   * whose answer is in no longer holds a request slot while its outcome waits to be recorded (a
   * batch at a time), but no more than `concurrency` of those may wait either.
   */
  private free(): number {
    const s = this.settings;
    return Math.min(s.concurrency - this.requesting, 2 * s.concurrency - this.inFlight.size);
  }

  private async deliver(c: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.attempt(c, signal);
    } finally {
      // The request has ended: its slot is free for the next claim, while the outcome is recorded.
      this.requesting--;
      this.signal?.();
    }
    await this.settle(c, outcome);
  }

  /** Send one delivery; what became of it (never throws). */
  private async attempt(c: ClaimedDelivery, signal: AbortSignal): Promise<DeliveryOutcome> {
    const s = this.settings;
    const { subscriber } = c;
    let outcome: DeliveryOutcome;
    const now = s.clock();
    try {
      if (subscriber.kind === 'nats') {
        // JetStream: the stream's acknowledgement (a duplicate too: the stream has the event) ends it.
        if (!subscriber.subject) throw new Unsupported('a NATS subscriber without a subject cannot be delivered');
        if (!this.nats) throw new NotConfigured('NATS is not configured on this instance (createQuoteService({ nats }))');
        signal.throwIfAborted();
        await this.nats.publish(natsMessage(c.event, subscriber, now), s.timeoutMs);
        outcome = this.outcome('delivered', 0, null, null);
      } else if (!subscriber.url) {
        throw new Unsupported('a webhook subscriber without a URL cannot be delivered');
      } else {
        outcome = await this.post(c, signal, now);
      }
    } catch (e) {
      if (signal.aborted && this.stopping.signal.aborted) {
        // Stopped mid-request: due again at once (the subscriber may have it: at least once).
        outcome = this.outcome('pending', s.clock(), null, 'interrupted: the dispatcher stopped');
      } else if (e instanceof InvalidCloudEventError || e instanceof Unsupported) {
        outcome = this.outcome('dead', s.clock(), null, e.message.slice(0, 300));
      } else if (e instanceof NotConfigured) {
        outcome = this.failure(c, null, e.message);
      } else {
        outcome = this.failure(c, null, subscriber.kind === 'nats' ? natsFailureText(e) : failureText(e));
      }
    }
    return outcome;
  }

  /** POST a webhook: 2xx delivered, 410 disables the subscriber, anything else a failure. */
  private async post(c: ClaimedDelivery, signal: AbortSignal, now: number): Promise<DeliveryOutcome> {
    const s = this.settings;
    const { subscriber } = c;
    const answer = await postWebhook(webhookRequest(c.event, subscriber, now), s.timeoutMs, signal);
    if (answer.status >= 200 && answer.status < 300) return this.outcome('delivered', 0, answer.status, null);
    if (answer.status === 410) {
      // Gone: the subscriber said it wants no more. Disabled; its pending deliveries wait until it is enabled.
      const reason = `the endpoint answered 410 Gone at ${new Date(s.clock()).toISOString()}`;
      await this.store.read.updateSubscriber(subscriber.tenant, subscriber.id, { enabled: false, disabledReason: reason });
      this.log.warn('dispatch: subscriber disabled (410 Gone)', { tenant: subscriber.tenant, subscriber: subscriber.id });
      return this.outcome('pending', s.clock(), 410, 'gone: the subscriber was disabled');
    }
    return this.failure(c, answer.status, `HTTP ${answer.status}${answer.text ? `: ${answer.text.replace(/\s+/g, ' ')}` : ''}`);
  }

  /**
   * Record an outcome; resolves once it is recorded (or could not be: the row keeps its lease
   * and comes back when it runs out). Outcomes are recorded in batches: those that arrive while
   * a batch is being written go together in the next one, in one transaction — one commit (one
   * fsync) for many deliveries instead of one each. Each is still recorded only by the claim
   * holding its row (`settleDelivery`); a batch that fails is recorded row by row. The delivery
   * stays in `inFlight` (and `stop` waits for it) until its outcome is recorded.
   */
  private settle(c: ClaimedDelivery, outcome: DeliveryOutcome): Promise<void> {
    return new Promise<void>((done) => {
      this.toSettle.push({ c, outcome, done });
      // SQLite has one writer: one batch at a time. PostgreSQL commits several at once: another
      // batch starts when enough outcomes wait while the others are being written.
      const most = this.store.kind === 'postgres' ? MAX_SETTLERS : 1;
      if (this.settlers === 0 || (this.settlers < most && this.toSettle.length >= MIN_EXTRA_BATCH)) {
        this.settlers++;
        void this.settleQueued();
      }
    });
  }

  /** Write batches until no outcome waits. */
  private async settleQueued(): Promise<void> {
    // Let the outcomes that arrive in the same turn join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      const batch = this.toSettle.splice(0, MAX_SETTLE_BATCH);
      if (batch.length === 0) {
        // In the same turn as the check: an outcome queued from now on starts a new writer.
        this.settlers--;
        return;
      }
      let results: (boolean | undefined)[] = [];
      try {
        results = await this.record(batch);
      } catch (e) {
        this.log.warn('dispatch: could not record deliveries', { error: (e as Error)?.message });
      }
      batch.forEach(({ outcome, done }, i) => {
        const settled = results[i];
        if (settled === false) this.stats.superseded++;
        else if (settled === true) {
          if (outcome.status === 'delivered') this.stats.delivered++;
          else if (outcome.status === 'dead') this.stats.dead++;
          else this.stats.failed++;
        }
        done();
      });
    }
  }

  /** Record a batch of outcomes: one transaction, or row by row when it fails; per row whether it was recorded (undefined: it could not be). */
  private async record(batch: { c: ClaimedDelivery; outcome: DeliveryOutcome }[]): Promise<(boolean | undefined)[]> {
    if (batch.length === 1) return [await this.settleOne(batch[0]!.c, batch[0]!.outcome)];
    // One order for the rows' locks, whichever batch takes them.
    const sorted = batch.map((b, i) => ({ ...b, i })).sort((a, b) => compareKeys(a.c, b.c));
    const results: (boolean | undefined)[] = new Array(batch.length);
    try {
      const out = await this.store.transaction(async (tx) => {
        const r: boolean[] = [];
        for (const { c: { delivery: d }, outcome } of sorted) r.push(await tx.settleDelivery(d.tenant, d.eventId, d.subscriberId, d.attempts, outcome));
        return r;
      });
      sorted.forEach(({ i }, k) => (results[i] = out[k]));
    } catch {
      for (const { c, outcome, i } of sorted) results[i] = await this.settleOne(c, outcome);
    }
    return results;
  }

  /** Record one outcome outside a transaction; undefined when it could not be recorded. */
  private async settleOne(c: ClaimedDelivery, outcome: DeliveryOutcome): Promise<boolean | undefined> {
    const d = c.delivery;
    try {
      return await this.store.read.settleDelivery(d.tenant, d.eventId, d.subscriberId, d.attempts, outcome);
    } catch (e) {
      // The row keeps its lease and comes back when it runs out.
      this.log.warn('dispatch: could not record a delivery', { error: (e as Error)?.message, event: d.eventId, subscriber: d.subscriberId });
      return undefined;
    }
  }

  /** A failed attempt: retried after the backoff, or dead past the attempt or age limit. */
  private failure(c: ClaimedDelivery, status: number | null, error: string): DeliveryOutcome {
    const s = this.settings;
    const now = s.clock();
    const d = c.delivery;
    if (d.attempts >= s.maxAttempts || now - d.startedAt >= s.maxAgeMs) return this.outcome('dead', now, status, error);
    return this.outcome('pending', now + backoffDelay(d.attempts, s.backoff, s.random), status, error);
  }

  private outcome(status: DeliveryOutcome['status'], nextAt: number, lastStatus: number | null, lastError: string | null): DeliveryOutcome {
    return { status, nextAt, lastStatus, lastError, updatedAt: new Date(this.settings.clock()).toISOString() };
  }
}

/** A failed JetStream publish, plainly: "no responders" is a subject no stream captures. */
function natsFailureText(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err?.code === '503') return 'nats: no JetStream stream captures the subject (503 no responders)';
  if (err?.code === 'TIMEOUT') return 'nats: timeout: no acknowledgement from the stream in time';
  return `nats: ${err?.message ?? String(e)}`.slice(0, 300);
}

/** At most this many outcomes in one transaction. */
const MAX_SETTLE_BATCH = 256;
/** On PostgreSQL: at most this many batches written at once, a second one only for this many outcomes. */
const MAX_SETTLERS = 4;
const MIN_EXTRA_BATCH = 4;

/** Deliveries by key: tenant, event id, subscriber id. */
function compareKeys(a: ClaimedDelivery, b: ClaimedDelivery): number {
  const x = a.delivery;
  const y = b.delivery;
  const ka = `${x.tenant}\u0000${x.eventId}\u0000${x.subscriberId}`;
  const kb = `${y.tenant}\u0000${y.eventId}\u0000${y.subscriberId}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

class Unsupported extends Error {}
class NotConfigured extends Error {}
