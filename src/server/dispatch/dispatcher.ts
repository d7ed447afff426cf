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
  private readonly inFlight = new Map<Promise<void>, AbortController>();
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

  private async run(): Promise<void> {
    const s = this.settings;
    while (!this.stopping.signal.aborted) {
      this.woken = false;
      const free = s.concurrency - this.inFlight.size;
      let claimed: ClaimedDelivery[] = [];
      if (free > 0) {
        try {
          claimed = await this.store.claimDeliveries(s.clock(), free, s.leaseMs);
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
        const done: Promise<void> = this.deliver(c, controller.signal).finally(() => {
          this.inFlight.delete(done);
          this.signal?.();
        });
        this.inFlight.set(done, controller);
      }
      if (this.stopping.signal.aborted) break;
      // Slots filled: go on as soon as one frees. Otherwise nothing more is due: wait for the interval or a wake.
      const full = free > 0 && claimed.length === free;
      await this.pause(full || free === 0 ? 'slot' : 'interval');
    }
  }

  /** Wait for a wake, the interval, or (`slot`) a delivery ending. */
  private pause(until: 'slot' | 'interval'): Promise<void> {
    if (this.woken && until === 'interval') return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(finish, this.settings.intervalMs);
      timer.unref?.();
      this.signal = () => {
        // A delivery ending only matters when waiting for a slot.
        if (until === 'slot' || this.woken || this.stopping.signal.aborted) finish();
      };
      function finish() {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.signal = undefined;
    });
  }

  private async deliver(c: ClaimedDelivery, signal: AbortSignal): Promise<void> {
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
    await this.settle(c, outcome);
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

  private async settle(c: ClaimedDelivery, outcome: DeliveryOutcome): Promise<void> {
    const d = c.delivery;
    try {
      const settled = await this.store.read.settleDelivery(d.tenant, d.eventId, d.subscriberId, d.attempts, outcome);
      if (!settled) this.stats.superseded++;
      else if (outcome.status === 'delivered') this.stats.delivered++;
      else if (outcome.status === 'dead') this.stats.dead++;
      else this.stats.failed++;
    } catch (e) {
      // The row keeps its lease and comes back when it runs out.
      this.log.warn('dispatch: could not record a delivery', { error: (e as Error)?.message, event: d.eventId, subscriber: d.subscriberId });
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

class Unsupported extends Error {}
class NotConfigured extends Error {}
