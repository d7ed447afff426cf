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
  /** Claimed deliveries waiting for a request slot, in claim order (see `target`). */
  private readonly ready: ClaimedDelivery[] = [];
  /** How long a request has taken lately, ms (a moving average; undefined until one has ended). */
  private requestMs: number | undefined;
  /** Every delivery taken from `ready` until its outcome is recorded. */
  private readonly inFlight = new Map<Promise<void>, AbortController | undefined>();
  /** Of those, the ones whose request has not ended yet. */
  private requesting = 0;
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

  /**
   * Stop: requests in flight are aborted and their deliveries, like those claimed and not yet
   * sent, left due at once, for this or another instance.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const controller of this.inFlight.values()) controller?.abort();
    this.signal?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight.keys()]);
    await this.nats?.close();
  }

  /**
   * The loop: claim due deliveries into `ready` (they are sent from there as request slots free,
   * see `pump`), and claim again once half of its target has gone out — so the next claim is made
   * while requests are in flight, and a freed slot does not wait for it — or, when fewer were
   * due than asked for, after the interval or a wake.
   */
  private async run(): Promise<void> {
    const s = this.settings;
    while (!this.stopping.signal.aborted) {
      this.woken = false;
      const want = this.wanted();
      let claimed: ClaimedDelivery[] = [];
      if (want > 0) {
        try {
          claimed = await this.store.claimDeliveries(s.clock(), want, s.leaseMs);
        } catch (e) {
          if (this.stopping.signal.aborted) break;
          this.log.warn('dispatch: could not claim deliveries', { error: (e as Error)?.message });
        }
      }
      this.stats.claimed += claimed.length;
      this.ready.push(...claimed);
      this.pump();
      if (this.stopping.signal.aborted) break;
      // As many as asked for: claim again when there is room. Otherwise nothing more is due: wait for the interval or a wake.
      const full = want > 0 && claimed.length === want;
      await this.pause(full || want <= 0 ? 'room' : 'interval');
    }
    // Stopped (perhaps while claiming): what was claimed and not sent is given back, due at once.
    for (const c of this.ready.splice(0)) this.track(this.settle(c, this.outcome('pending', this.settings.clock(), null, 'interrupted: the dispatcher stopped')));
  }

  /**
   * How many claimed deliveries to hold in `ready`: enough for the free request slots, and ahead
   * of them as many as the requests in flight will send within half the lease's spare time
   * (`leaseMs − timeoutMs`) at the pace they have lately ended — `concurrency` until one has —
   * at most four times `concurrency`. Claiming ahead keeps the slots busy while the next claim
   * is made (a fast subscriber answers in less time than a claim takes); the bound keeps a
   * delivery from waiting in `ready` so long that its lease could run out in flight.
   */
  private target(): number {
    const s = this.settings;
    const spare = (s.leaseMs - s.timeoutMs) / 2;
    const ahead = this.requestMs === undefined ? s.concurrency : Math.floor((s.concurrency * spare) / Math.max(this.requestMs, 1));
    return Math.max(s.concurrency - this.requesting, Math.min(ahead, MAX_AHEAD * s.concurrency));
  }

  /** How many more deliveries to claim. */
  private wanted(): number {
    return this.target() - this.ready.length;
  }

  /**
   * Start requests from `ready`, in claim order, while there is a request slot: at most
   * `concurrency` requests at once, and no more than twice `concurrency` outcomes waiting to be
   * recorded besides. A delivery whose lease has less than a request's timeout left (it waited
   * that long for a slot) is not sent but given back, due at once, so that no request outlives
   * its claim.
   */
  private pump(): void {
    const s = this.settings;
    while (this.ready.length > 0 && this.requesting < s.concurrency && this.inFlight.size < (1 + MAX_RECORDING) * s.concurrency && !this.stopping.signal.aborted) {
      const c = this.ready.shift()!;
      const now = s.clock();
      if (c.delivery.nextAt - now < s.timeoutMs) {
        this.track(this.settle(c, this.outcome('pending', now, null, 'not sent: no request slot freed before its lease ran short')));
        continue;
      }
      const controller = new AbortController();
      this.requesting++;
      this.track(this.deliver(c, controller.signal), controller);
    }
    this.signal?.();
  }

  /** Keep `work` (a delivery or a release, until its outcome is recorded) in `inFlight`. */
  private track(work: Promise<void>, controller?: AbortController): void {
    const done: Promise<void> = work.finally(() => {
      this.inFlight.delete(done);
      this.pump();
    });
    this.inFlight.set(done, controller);
  }

  /**
   * Wait for a wake, the interval, or (`room`) for half of `ready`'s target to have gone out: a
   * claim costs about the same for one row as for sixty-four (a statement and its commit), so
   * it takes them together.
   */
  private pause(until: 'room' | 'interval'): Promise<void> {
    if (this.woken && until === 'interval') return Promise.resolve();
    return new Promise<void>((resolve) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(finish, this.settings.intervalMs);
      timer.unref?.();
      this.signal = () => {
        if (finished) return;
        if (this.stopping.signal.aborted) setImmediate(finish);
        else if (until === 'interval') {
          // A slot freeing only matters when waiting for room.
          if (this.woken) setImmediate(finish);
        } else if (this.wanted() >= Math.max(1, this.target() / 2)) {
          setImmediate(finish);
        }
      };
    }).then(() => {
      this.signal = undefined;
    });
  }

  private async deliver(c: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    let outcome: DeliveryOutcome;
    const started = performance.now();
    try {
      outcome = await this.attempt(c, signal);
    } finally {
      const ms = performance.now() - started;
      this.requestMs = this.requestMs === undefined ? ms : 0.9 * this.requestMs + 0.1 * ms;
      // The request has ended: its slot is free for the next delivery in `ready`, while the outcome is recorded.
      this.requesting--;
      this.pump();
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
   * a batch is being written go together in the next one, in one statement — one round trip and
   * one commit (one fsync) for many deliveries instead of one each. Each is still recorded only
   * by the claim holding its row (`settleDeliveries`); a batch that fails is recorded row by row
   * (`settleDelivery`). The delivery
   * stays in `inFlight` (and `stop` waits for it) until its outcome is recorded.
   */
  private settle(c: ClaimedDelivery, outcome: DeliveryOutcome): Promise<void> {
    return new Promise<void>((done) => {
      this.toSettle.push({ c, outcome, done });
      // SQLite has one writer: one batch at a time. PostgreSQL commits several at once: another
      // batch starts when enough outcomes wait while the others are being written.
      const most = this.store.kind === 'postgres' ? MAX_SETTLERS : 1;
      if (this.settlers === 0 || (this.settlers < most && this.toSettle.length >= this.settings.concurrency)) {
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

  /** Record a batch of outcomes: one statement, or row by row when it fails; per row whether it was recorded (undefined: it could not be). */
  private async record(batch: { c: ClaimedDelivery; outcome: DeliveryOutcome }[]): Promise<(boolean | undefined)[]> {
    if (batch.length === 1) return [await this.settleOne(batch[0]!.c, batch[0]!.outcome)];
    try {
      return await this.store.settleDeliveries(batch.map(({ c: { delivery: d }, outcome }) => ({
        tenant: d.tenant, eventId: d.eventId, subscriberId: d.subscriberId, attempts: d.attempts, outcome,
      })));
    } catch {
      const results: (boolean | undefined)[] = [];
      for (const { c, outcome } of batch) results.push(await this.settleOne(c, outcome));
      return results;
    }
  }

  /** Record one outcome; undefined when it could not be recorded. */
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
/** On PostgreSQL: at most this many batches written at once; another one starts only when `concurrency` outcomes wait. */
const MAX_SETTLERS = 2;
/** Claimed ahead of the request slots: at most this many times `concurrency` (see `target`). */
const MAX_AHEAD = 4;
/** Outcomes waiting to be recorded: at most this many times `concurrency` (then no request starts). */
const MAX_RECORDING = 2;

class Unsupported extends Error {}
class NotConfigured extends Error {}
