import type { OutboxContext } from '../context.js';
import type { StoreTx } from '../store/types.js';

/** A CloudEvent as the outbox takes it. */
export interface OutboxEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
}

/**
 * Put `event` in the outbox inside the caller's transaction: the event, and one pending delivery
 * per enabled subscriber of the tenant, due at once. They commit with the change that made the
 * event, or not at all; the dispatcher of this process is woken once they have committed.
 */
export async function enqueueEvent(outbox: OutboxContext, tx: StoreTx, tenant: string, event: OutboxEvent, body: string, createdAt: string): Promise<void> {
  await tx.insertEvent({ tenant, id: event.id, source: event.source, type: event.type, body, createdAt });
  const subscribers = await tx.listSubscribers(tenant, { enabled: true });
  if (subscribers.length === 0) return;
  const now = outbox.clock();
  const at = new Date(now).toISOString();
  await tx.insertDeliveries(subscribers.map((s) => ({
    tenant, eventId: event.id, subscriberId: s.id, status: 'pending' as const, attempts: 0, nextAt: now,
    lastStatus: null, lastError: null, createdAt: at, startedAt: now, updatedAt: at,
  })));
  tx.afterCommit(() => outbox.wake());
}
