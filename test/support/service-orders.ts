// Orders made over HTTP against `cpq-kit serve` processes, for the delivery tests (dispatch crash,
// delivery chaos): the shortest path to an order — create (a 5 % discount needs no approval),
// send (a draft that needs no approval goes out as it is), the customer's acceptance through the
// share link, the order. Each write carries an Idempotency-Key of its own; with `failover`, a
// network error or a 5xx is sent again with the same key to whichever endpoint `base` names
// next (what a load balancer does when an instance dies), so an order is made exactly once.
import { randomUUID } from 'node:crypto';
import { request, type Sent } from './service-load.js';
import { demo, quoteInput } from './service.js';

/** The demo CRM quote (three lines) at 5 % off: no approval needed. */
export function crmOrderInput(): Record<string, unknown> {
  return { ...quoteInput(demo('quotes/crm-pro-120.json'), 'demo-crm-2026'), discount: { percent: '5' } };
}

/** A one-line quote of the demo CRM catalog at 5 % off (no approval needed): the cheapest order to make in bulk. */
export function smallOrderInput(): Record<string, unknown> {
  return { catalogId: 'demo-crm-2026', lines: [{ id: 'L1', sku: 'CRM-STD', qty: '10', term: '12' }], discount: { percent: '5' } };
}

export interface PlaceOrderOptions {
  /** Send a write again (same key) after a network error or a 5xx, up to this many times (default 0). */
  failover?: number;
  /** The pause before sending again, ms (default 100). */
  pauseMs?: number;
  /** Counts the writes sent again. */
  onRetry?: (what: string, answer: Sent) => void;
}

/** One order over HTTP; resolves to its id (the order event's id). Throws with the answer on a refusal (or when the retries run out). */
export async function placeOrder(base: string | (() => string), seller: string, input: Record<string, unknown> = crmOrderInput(), options: PlaceOrderOptions = {}): Promise<string> {
  const endpoint = typeof base === 'string' ? () => base : base;
  const write = async (what: string, path: string, token: string, body: unknown) => {
    const key = randomUUID();
    for (let tries = 0; ; tries++) {
      const r = await request(endpoint(), 'POST', path, token, body, key);
      if ((r.status === 0 || r.status >= 500) && tries < (options.failover ?? 0)) {
        options.onRetry?.(what, r);
        await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 100));
        continue;
      }
      if (r.status >= 300 || r.status === 0) throw new Error(`${what}: ${r.status} ${r.error ?? ''}${r.text.slice(0, 300)}`);
      return r.json;
    }
  };
  const q = await write('create', '/quotes', seller, input);
  const path = `/quotes/${q.quoteId}/versions/${q.version}`;
  const sent = await write('send', `${path}/send`, seller, {});
  await write('accept', '/share/accept', sent.shareLink.token, { name: '李采购', digest: sent.quote.digest });
  return (await write('order', `${path}/order`, seller, {})).order.id;
}
