import type { CloudEventObject } from '../quote/cloudevent.js';
import { stringProblem } from '../quote/cloudevent.js';
import {
  ORDER_CANCELLED_TYPE, ORDER_STATUS_TYPE,
  type OrderCancelledEvent, type OrderStatus, type OrderStatusData, type OrderStatusReported,
} from '../quote/order-types.js';
import { isTimestamp } from '../quote/validity.js';
import type { UserIdentity } from './auth.js';
import { jsonDigest, now, type ServiceContext } from './context.js';
import { enqueueEvent } from './dispatch/outbox.js';
import { ApiError, conflict, notFound, type LocatedError } from './errors.js';
import type { OrderStatusReportRow, StoredOrderRow, StoreTx, SubscriberRow } from './store/types.js';

/**
 * Order status back to the quote (issue 12): an ERP reports where an order stands with
 * `cpq-kit.order.status` CloudEvents, signed like the webhooks the service sends it; a seller
 * cancels an order the ERP has not confirmed. Each report goes into the order's history and the
 * quote version's move log, in one transaction.
 *
 * **The rule: forward only, cancelled is terminal.** The statuses rank placed (0) < confirmed (1)
 * < fulfilled (2) < invoiced (3). A report moves the order (`applied`) when its status ranks
 * higher than the order's — steps may be skipped (placed → invoiced); `cancelled` moves it only
 * from placed or confirmed (not once fulfilled), and nothing moves a cancelled order. Any other
 * report — one that arrives late (confirmed after invoiced), repeats the status, comes after a
 * cancellation, or cancels a fulfilled order — is recorded in the history as `ignored` and
 * leaves the status as it was. So reports that only move forward end at the furthest status
 * whatever order they arrive in.
 */

/** The rank of each forward status. */
const RANK: Record<Exclude<OrderStatus, 'cancelled'>, number> = { placed: 0, confirmed: 1, fulfilled: 2, invoiced: 3 };

/** The status after `reported` arrives at an order that is `current`, or undefined when it does not move it. */
export function nextStatus(current: OrderStatus, reported: OrderStatusReported): OrderStatus | undefined {
  if (current === 'cancelled') return undefined;
  if (reported === 'cancelled') return current === 'placed' || current === 'confirmed' ? 'cancelled' : undefined;
  return RANK[reported] > RANK[current] ? reported : undefined;
}

/** The ERP's order number after a report: an applied report's replaces it; an ignored one fills it only when there is none. */
function nextErpNumber(current: string | null, reported: string | undefined, applied: boolean): string | null {
  if (reported === undefined) return current;
  return applied || current === null ? reported : current;
}

const REPORTED = ['confirmed', 'fulfilled', 'invoiced', 'cancelled'] as const;
const ORDER_ID = /^order:[A-Za-z0-9%._~!$&'()*+,;=:@-]{1,300}:v[1-9][0-9]{0,5}$/;
const DATA_FIELDS = new Set(['orderId', 'status', 'erpOrderNumber', 'at', 'note']);

/** A text field: a string of `min`..`max` characters that CloudEvents allows (no control characters). */
function text(value: unknown, path: string, max: number, errors: LocatedError[]): string | undefined {
  if (typeof value !== 'string' || value.length < 1 || value.length > max) {
    errors.push({ path, message: `must be a string of 1 to ${max} characters`, code: 'type' });
    return undefined;
  }
  const problem = stringProblem(value);
  if (problem) errors.push({ path, message: problem, code: 'string' });
  return value;
}

/**
 * An ERP's status event checked: its type, and `data` an object of exactly the protocol's fields.
 * Problems are located under `at` (`` for a single event, `body[2].` in a batch).
 */
export function statusData(event: CloudEventObject, at: string): { ok: true; data: OrderStatusData } | { ok: false; errors: LocatedError[] } {
  const errors: LocatedError[] = [];
  if (event.type !== ORDER_STATUS_TYPE) {
    errors.push({ path: `${at}type`, message: `must be ${ORDER_STATUS_TYPE} (this endpoint takes order status reports), not ${JSON.stringify(event.type).slice(0, 80)}`, code: 'const' });
    return { ok: false, errors };
  }
  const data = event.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const why = event.data_base64 !== undefined ? 'the data must be JSON (application/json), not bytes' : 'must be a JSON object';
    errors.push({ path: `${at}data`, message: why, code: 'type' });
    return { ok: false, errors };
  }
  const d = data as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!DATA_FIELDS.has(key)) errors.push({ path: `${at}data.${key}`, message: 'is not a field of an order status report', code: 'additionalProperties' });
  }
  if (typeof d.orderId !== 'string' || !ORDER_ID.test(d.orderId)) {
    errors.push({ path: `${at}data.orderId`, message: 'must be the kit\'s order id, order:<quote id>:v<version>', code: 'pattern' });
  }
  if (!REPORTED.includes(d.status as OrderStatusReported)) {
    errors.push({ path: `${at}data.status`, message: `must be one of ${REPORTED.join(', ')}`, code: 'enum' });
  }
  if (d.erpOrderNumber !== undefined) text(d.erpOrderNumber, `${at}data.erpOrderNumber`, 100, errors);
  if (d.note !== undefined) text(d.note, `${at}data.note`, 500, errors);
  if (d.at !== undefined && !isTimestamp(d.at)) {
    errors.push({ path: `${at}data.at`, message: 'must be an RFC 3339 date-time with an offset, such as 2026-12-05T10:00:00+08:00', code: 'format' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, data: d as unknown as OrderStatusData };
}

/** What the endpoint answers for one event. */
export interface StatusAnswer {
  id: string;
  source: string;
  result: 'applied' | 'duplicate' | 'ignored';
  status: OrderStatus;
}

/**
 * Lock what a report changes, in one order for every writer (the quote's head, its version, then
 * the order: the order move's order), so that two reports of one order wait for each other
 * instead of both reading the same history.
 */
async function lockOrder(tx: StoreTx, tenant: string, orderId: string): Promise<StoredOrderRow | undefined> {
  const first = await tx.getOrder(tenant, orderId);
  if (!first) return undefined;
  await tx.getHead(tenant, first.quoteId, { lock: true });
  await tx.getVersion(tenant, first.quoteId, first.version, { lock: true });
  return tx.getOrder(tenant, orderId, { lock: true });
}

/** Record one report: the history row, the order's status, and the move on the quote version. */
async function record(tx: StoreTx, order: StoredOrderRow, report: Omit<OrderStatusReportRow, 'seq' | 'result'>, actor: string, action: string, extra: Record<string, unknown> = {}): Promise<{ result: 'applied' | 'ignored'; status: OrderStatus }> {
  const next = nextStatus(order.status, report.status);
  const result = next === undefined ? 'ignored' : 'applied';
  const status = next ?? order.status;
  const erpOrderNumber = nextErpNumber(order.erpOrderNumber, report.erpOrderNumber ?? undefined, next !== undefined);
  const seq = (await tx.listStatusReports(order.tenant, order.id)).length;
  await tx.insertStatusReport({ ...report, seq, result });
  if (next !== undefined || erpOrderNumber !== order.erpOrderNumber) {
    await tx.updateOrderStatus(order.tenant, order.id, {
      status, erpOrderNumber, statusUpdatedAt: next !== undefined ? report.receivedAt : order.statusUpdatedAt,
    });
  }
  const version = await tx.getVersion(order.tenant, order.quoteId, order.version);
  await tx.appendMove({
    tenant: order.tenant, quoteId: order.quoteId, version: order.version,
    action, actor, at: report.receivedAt, fromState: version!.state, toState: version!.state, digest: version!.digest,
    detail: JSON.stringify({
      orderId: order.id, status: report.status, result, orderStatus: status, source: report.source, id: report.eventId,
      ...(report.erpOrderNumber !== null ? { erpOrderNumber: report.erpOrderNumber } : {}), ...(report.at !== null ? { at: report.at } : {}),
      ...(report.note !== null ? { note: report.note } : {}), ...extra,
    }),
  });
  return { result, status };
}

/**
 * Apply an ERP's status events (one, or a batch: all or nothing — the caller's transaction) from
 * `subscriber`. Idempotent per (subscriber, source, id): the same event again is a `duplicate`
 * and records nothing; the same pair with another type or data is a 409. An order the
 * subscriber's tenant does not have is a 404 at `data.orderId`.
 */
export async function applyStatusEvents(ctx: ServiceContext, tx: StoreTx, subscriber: SubscriberRow, events: readonly CloudEventObject[], batch: boolean): Promise<StatusAnswer[]> {
  const tenant = subscriber.tenant;
  const where = (i: number) => (batch ? `body[${i}].` : '');
  const checked = events.map((e, i) => statusData(e, where(i)));
  const errors = checked.flatMap((c) => (c.ok ? [] : c.errors));
  if (errors.length > 0) {
    throw new ApiError('invalid_request', 'invalid-status-event', `${errors[0]!.path} ${errors[0]!.message}.`, errors[0]!.path, errors.slice(0, 20));
  }
  const data = checked.map((c) => (c as { data: OrderStatusData }).data);
  // Lock every order the events name, in one order (sorted), before any is changed.
  const orders = new Map<string, StoredOrderRow>();
  for (const orderId of [...new Set(data.map((d) => d.orderId))].sort()) {
    const order = await lockOrder(tx, tenant, orderId);
    if (order) orders.set(orderId, order);
  }
  const answers: StatusAnswer[] = [];
  const { at: receivedAt } = now(ctx);
  for (const [i, event] of events.entries()) {
    const d = data[i]!;
    const order = orders.get(d.orderId);
    if (!order) {
      const path = `${where(i)}data.orderId`;
      throw new ApiError('not_found', 'not-found', `Order "${d.orderId}" was not found.`, 'data.orderId', [{ path, message: 'is not an order of this subscriber\'s tenant', code: 'not-found' }]);
    }
    const fingerprint = jsonDigest({ type: event.type, data: event.data });
    const seen = await tx.getStatusReport(tenant, subscriber.id, event.source, event.id);
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        const path = `${where(i)}id`;
        throw conflict('event-id-reused', `Event "${event.id}" from "${event.source}" was received already with other content: a new report needs a new id.`, 'id',
          [{ path, message: 'was received already with other content', code: 'event-id-reused' }]);
      }
      answers.push({ id: event.id, source: event.source, result: 'duplicate', status: order.status });
      continue;
    }
    const done = await record(tx, order, {
      tenant, orderId: order.id, reporter: subscriber.id, source: event.source, eventId: event.id, status: d.status,
      erpOrderNumber: d.erpOrderNumber ?? null, at: d.at ?? null, note: d.note ?? null, receivedAt, fingerprint,
    }, subscriber.id, 'order-status');
    orders.set(order.id, (await tx.getOrder(tenant, order.id))!);
    answers.push({ id: event.id, source: event.source, result: done.result, status: done.status });
  }
  return answers;
}

/**
 * A seller (or approver) cancels an order the ERP has not confirmed (status `placed`): the status
 * becomes `cancelled`, the history and the quote version's move log (`order-cancel`) say who and
 * why, and a `cpq-kit.order.cancelled` event (id `<order id>:cancelled`, the order event's
 * source) goes into the outbox with one delivery per enabled subscriber — all in one transaction.
 */
export async function cancelOrder(ctx: ServiceContext, tx: StoreTx, user: UserIdentity, orderId: string, reason: string): Promise<OrderDetail> {
  const order = await lockOrder(tx, user.tenant, orderId);
  if (!order) throw notFound(`Order "${orderId}"`, 'orderId');
  if (order.status !== 'placed') {
    const why = order.status === 'cancelled' ? 'was cancelled already' : `is ${order.status} by the ERP: cancel it there`;
    throw conflict('order-not-cancellable', `Order "${orderId}" ${why}; only an order the ERP has not confirmed can be cancelled here.`, 'status');
  }
  const { at } = now(ctx);
  const source = (JSON.parse(order.event) as { source: string }).source;
  const event: OrderCancelledEvent = {
    specversion: '1.0', id: `${order.id}:cancelled`, source, type: ORDER_CANCELLED_TYPE, subject: order.quoteId, time: at,
    datacontenttype: 'application/json',
    data: { orderId: order.id, quoteId: order.quoteId, version: order.version, reason, cancelledBy: user.userId, at },
  };
  await record(tx, order, {
    tenant: user.tenant, orderId: order.id, reporter: `user:${user.userId}`, source, eventId: event.id, status: 'cancelled',
    erpOrderNumber: null, at, note: reason, receivedAt: at, fingerprint: jsonDigest({ type: event.type, data: event.data }),
  }, user.userId, 'order-cancel', { reason });
  await enqueueEvent(ctx.outbox, tx, user.tenant, event, JSON.stringify(event), at);
  return orderDetail(tx, (await tx.getOrder(user.tenant, order.id))!);
}

/** An order as the API shows it: the row without its tenant, the event parsed, and its status history. */
export interface OrderDetail {
  id: string;
  quoteId: string;
  version: number;
  total: string;
  currency: string;
  createdAt: string;
  createdBy: string;
  status: OrderStatus;
  erpOrderNumber?: string;
  statusUpdatedAt?: string;
  event: unknown;
  statusHistory: StatusHistoryEntry[];
}

/** One report in an order's history. */
export interface StatusHistoryEntry {
  status: Exclude<OrderStatus, 'placed'>;
  result: 'applied' | 'ignored';
  erpOrderNumber?: string;
  /** The reporter: a subscriber id (an ERP), or `user:<id>` (a seller's cancellation). */
  reporter: string;
  source: string;
  id: string;
  at?: string;
  note?: string;
  receivedAt: string;
}

/** An order in a list (no event, no history). */
export function orderSummary(o: Omit<StoredOrderRow, 'event'>) {
  const { tenant: _t, erpOrderNumber, statusUpdatedAt, ...rest } = o;
  return { ...rest, ...(erpOrderNumber !== null ? { erpOrderNumber } : {}), ...(statusUpdatedAt !== null ? { statusUpdatedAt } : {}) };
}

/** One order with its event and history. */
export async function orderDetail(tx: StoreTx, o: StoredOrderRow): Promise<OrderDetail> {
  const { event, ...rest } = o;
  const history = await tx.listStatusReports(o.tenant, o.id);
  return {
    ...orderSummary(rest),
    event: JSON.parse(event) as unknown,
    statusHistory: history.map((h) => ({
      status: h.status, result: h.result, ...(h.erpOrderNumber !== null ? { erpOrderNumber: h.erpOrderNumber } : {}), reporter: h.reporter,
      source: h.source, id: h.eventId, ...(h.at !== null ? { at: h.at } : {}), ...(h.note !== null ? { note: h.note } : {}), receivedAt: h.receivedAt,
    })),
  };
}
