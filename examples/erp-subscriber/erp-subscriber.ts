// An ERP stand-in that subscribes to the quote service's order webhooks — a program to copy.
//
// - Every request is verified with `verifyWebhook` (Standard Webhooks signature over the raw body,
//   the timestamp window, the CloudEvent in it); a bad one is answered 401/400 and stored nowhere.
// - An order (`cpq-kit.order.created`) becomes a sales order: a header row and its lines, in
//   SQLite (better-sqlite3), exactly once per event (source, id) — the table's unique key.
//   Delivery is at least once: a redelivery is answered 200 and stores nothing.
// - A cancellation (`cpq-kit.order.cancelled`) marks the sales order cancelled (and waits for an
//   order that has not arrived yet: deliveries may come in any order).
// - `reportStatus(orderId, status, erpOrderNumber)` tells the service what became of an order: a
//   `cpq-kit.order.status` CloudEvent POSTed to `…/subscribers/:subscriberId/events`, signed with
//   the same secret (`standardwebhooks`' `Webhook.sign`).
// - `chaos` makes it misbehave on purpose (500s, hung requests, dropped connections — sometimes
//   after the order was stored) for the delivery tests.
//
// In your project, import from 'cpq-kit/server' and 'cpq-kit/quote' instead of ../../src.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import { InvalidWebhookError, verifyWebhook, type WebhookEvent } from '../../src/server/index.js';
import type { OrderCancelledEvent } from '../../src/server/index.js';
import type { OrderEvent } from '../../src/quote/index.js';

/** The status an ERP reports back (the service's protocol). */
export type ErpStatus = 'confirmed' | 'fulfilled' | 'invoiced' | 'cancelled';

/** Misbehaviour, for tests: each request draws one number; the shares are of all requests. */
export interface ChaosOptions {
  /** Answer 500 (default 0). */
  fail?: number;
  /** Never answer: the sender's timeout ends it (default 0). */
  hang?: number;
  /** Close the connection without an answer (default 0). */
  drop?: number;
  /** Of the misbehaving requests, the share that first stores the order, as if the answer were lost on the way back (default 0.5). */
  afterStore?: number;
  /** A number in [0, 1) (default Math.random); seed it to tell a run again. */
  random?: () => number;
}

export interface ErpSubscriberOptions {
  /** The port to listen on (0: any free one). */
  port?: number;
  host?: string;
  /** The SQLite file (created with its tables if new), or ':memory:'. */
  dbFile: string;
  /** The subscriber's webhook secrets (`whsec_…`): the current one first, an old one beside it while it rotates (none yet: every webhook is refused until `configure`). */
  secrets: string[];
  /** Where status reports go: the service's base URL (with its prefix) and this subscriber's id there. */
  service?: { url: string; subscriberId: string };
  /** This ERP's CloudEvents source (a URI-reference), default `/erp/example`. */
  source?: string;
  /** Report `confirmed` for every new sales order (needs `service`). */
  autoConfirm?: boolean;
  chaos?: ChaosOptions;
  /** Where to log (default: nowhere). */
  log?: (line: string) => void;
}

/** What the subscriber saw, for tests and the demo. */
export interface ErpStats {
  /** Every request to the webhook path. */
  requests: number;
  /** Requests verified and handled (whatever the chaos answered). */
  events: number;
  /** Verified events of an order already stored (redeliveries). */
  duplicates: number;
  /** Refused: signature, timestamp or body. */
  refused: number;
  /** What chaos did: answered 500, hung, dropped — and how many of those after storing. */
  chaos: { fail: number; hang: number; drop: number; afterStore: number };
}

export interface ErpSubscriber {
  /** The webhook URL to register with the service. */
  url: string;
  port: number;
  db: Database.Database;
  stats: ErpStats;
  /** Report an order's status to the service; resolves to its answer. */
  reportStatus: (orderId: string, status: ErpStatus, erpOrderNumber?: string, note?: string) => Promise<{ status: number; body: unknown }>;
  /** Change the secrets (after registering, or a rotation) or where status reports go, while running. */
  configure: (patch: { secrets?: string[]; service?: { url: string; subscriberId: string } }) => void;
  /** Stop listening (hung requests and open connections are cut) and close the database. */
  close: () => Promise<void>;
}

const WEBHOOK_PATH = '/webhooks/cpq';
const MAX_BODY = 1024 * 1024;

const SCHEMA = `
  create table if not exists sales_orders (
    id                  integer primary key,
    erp_order_number    text unique,
    event_source        text not null,
    event_id            text not null,             -- the kit's order id, order:<quote id>:v<n>
    digest              text not null,             -- the priced content the customer accepted
    quote_id            text not null,
    quote_version       integer not null,
    quote_date          text not null,
    valid_until         text,
    customer_id         text,
    customer_name       text,
    customer_reference  text,                      -- the PO: data.customerReference, else the acceptance's reference
    bill_to             text,                      -- JSON { id, name, taxId, address, contact }
    ship_to             text,
    payment_terms_code  text,
    payment_terms_days  integer,
    payment_terms_text  text,
    requested_date      text,
    seller_id           text,
    currency            text not null,
    net                 text not null,             -- money as decimal strings, never floats
    tax                 text not null,
    total               text not null,
    accepted_by         text not null,
    accepted_at         text not null,
    status              text not null default 'open',   -- open | confirmed | … | cancelled
    cancel_reason       text,
    received_at         text not null,
    unique (event_source, event_id)
  );
  create table if not exists sales_order_lines (
    order_id        integer not null references sales_orders(id),
    line_no         integer not null,
    line_id         text not null,
    parent_line_id  text,
    sku             text not null,
    description     text not null,
    qty             text not null,
    unit            text,
    term            text,
    term_unit       text,
    requested_date  text,
    unit_price      text not null,                 -- net, per unit (per term unit), before tax
    net_amount      text not null,
    tax_code        text not null,
    tax_rate        text not null,
    tax             text not null,
    total           text not null,
    primary key (order_id, line_no)
  );
  -- Every verified event and how often it came (delivery is at least once).
  create table if not exists received_events (
    event_source  text not null,
    event_id      text not null,
    type          text not null,
    deliveries    integer not null,
    first_at      text not null,
    last_at       text not null,
    primary key (event_source, event_id)
  );
  -- Cancellations, kept also when the order has not arrived yet.
  create table if not exists cancellations (
    event_source  text not null,
    order_id      text not null,
    reason        text not null,
    cancelled_by  text not null,
    at            text not null,
    primary key (event_source, order_id)
  );
`;

/** The sales order an order event maps to: the header's columns and the lines (optional lines the customer did not take are left out). */
export function salesOrderOf(event: OrderEvent) {
  const d = event.data;
  const header = {
    event_source: event.source, event_id: event.id, digest: d.digest,
    quote_id: d.quoteId, quote_version: d.version, quote_date: d.date, valid_until: d.validUntil ?? null,
    customer_id: text(d.customer?.id), customer_name: text(d.billTo?.name ?? d.customer?.name),
    customer_reference: d.customerReference ?? d.acceptance.reference ?? null,
    bill_to: d.billTo ? JSON.stringify(d.billTo) : null,
    ship_to: d.shipTo ?? d.billTo ? JSON.stringify(d.shipTo ?? d.billTo) : null,   // no ship-to: ship to the bill-to party
    payment_terms_code: d.paymentTerms?.code ?? null, payment_terms_days: d.paymentTerms?.days ?? null, payment_terms_text: d.paymentTerms?.text ?? null,
    requested_date: d.requestedDate ?? null, seller_id: d.seller?.id ?? null,
    currency: d.currency, net: d.totals.net, tax: d.totals.tax, total: d.totals.total,
    accepted_by: d.acceptance.by, accepted_at: d.acceptance.at,
  };
  const lines = d.lines.filter((l) => !l.optional).map((l, i) => ({
    line_no: i + 1, line_id: l.id, parent_line_id: l.parentId, sku: l.sku, description: l.name, qty: l.qty,
    unit: l.unit ?? null, term: l.term ?? null, term_unit: l.termUnit ?? null, requested_date: l.requestedDate ?? d.requestedDate ?? null,
    unit_price: l.netUnitPrice, net_amount: l.netAmount, tax_code: l.taxCode, tax_rate: l.taxRate, tax: l.tax, total: l.total,
  }));
  return { header, lines };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

export async function startErpSubscriber(options: ErpSubscriberOptions): Promise<ErpSubscriber> {
  const log = options.log ?? (() => undefined);
  let secrets = [...options.secrets];
  let service = options.service;
  const source = options.source ?? '/erp/example';
  const db = new Database(options.dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);

  const header = db.prepare(`insert into sales_orders (${HEADER_COLUMNS.join(', ')}, received_at)
    values (${HEADER_COLUMNS.map((c) => `@${c}`).join(', ')}, @received_at) on conflict (event_source, event_id) do nothing`);
  const line = db.prepare(`insert into sales_order_lines (order_id, ${LINE_COLUMNS.join(', ')}) values (@order_id, ${LINE_COLUMNS.map((c) => `@${c}`).join(', ')})`);
  const number = db.prepare('update sales_orders set erp_order_number = ? where id = ?');
  const existing = db.prepare('select id, erp_order_number, digest, status from sales_orders where event_source = ? and event_id = ?');
  const cancelOrder = db.prepare(`update sales_orders set status = 'cancelled', cancel_reason = ? where event_source = ? and event_id = ?`);
  const cancellation = db.prepare('insert into cancellations (event_source, order_id, reason, cancelled_by, at) values (?, ?, ?, ?, ?) on conflict do nothing');
  const cancelledBefore = db.prepare('select reason from cancellations where event_source = ? and order_id = ?');
  const received = db.prepare(`insert into received_events (event_source, event_id, type, deliveries, first_at, last_at) values (?, ?, ?, 1, ?, ?)
    on conflict (event_source, event_id) do update set deliveries = deliveries + 1, last_at = excluded.last_at`);
  const seen = (event: { source: string; id: string; type: string }) => {
    const now = new Date().toISOString();
    received.run(event.source, event.id, event.type, now, now);
  };
  const setStatus = db.prepare('update sales_orders set status = ? where event_id = ? and status <> \'cancelled\'');

  /** Store an order once; the answer says whether it was new. All in one transaction. */
  const storeOrder = db.transaction((event: OrderEvent): { result: 'stored' | 'duplicate' | 'conflict'; erpOrderNumber: string } => {
    seen(event);
    const { header: h, lines } = salesOrderOf(event);
    const inserted = header.run({ ...h, received_at: new Date().toISOString() });
    if (inserted.changes === 0) {
      const row = existing.get(event.source, event.id) as { erp_order_number: string; digest: string };
      // The same id with other content is not a redelivery: refuse it (the sender will see a 409).
      return { result: row.digest === h.digest ? 'duplicate' : 'conflict', erpOrderNumber: row.erp_order_number };
    }
    const id = Number(inserted.lastInsertRowid);
    const erpOrderNumber = `SO-${String(id).padStart(6, '0')}`;
    number.run(erpOrderNumber, id);
    for (const l of lines) line.run({ order_id: id, ...l });
    const early = cancelledBefore.get(event.source, event.id) as { reason: string } | undefined;
    if (early) cancelOrder.run(early.reason, event.source, event.id);
    return { result: 'stored', erpOrderNumber };
  });

  const storeCancellation = db.transaction((event: OrderCancelledEvent): 'cancelled' | 'duplicate' => {
    seen(event);
    const d = event.data;
    const added = cancellation.run(event.source, d.orderId, d.reason, d.cancelledBy, d.at).changes === 1;
    cancelOrder.run(d.reason, event.source, d.orderId);
    return added ? 'cancelled' : 'duplicate';
  });

  const stats: ErpStats = { requests: 0, events: 0, duplicates: 0, refused: 0, chaos: { fail: 0, hang: 0, drop: 0, afterStore: 0 } };
  const chaos = options.chaos;
  const random = chaos?.random ?? Math.random;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && (req.url === '/orders' || req.url === '/')) return json(res, 200, { data: listOrders(db) });
    if (req.method === 'GET' && req.url === '/health') return json(res, 200, { ok: true });
    if (req.url !== WEBHOOK_PATH) return json(res, 404, { error: `POST webhooks to ${WEBHOOK_PATH}` });
    if (req.method !== 'POST') return json(res, 405, { error: 'POST only' });
    stats.requests++;

    // What chaos does to this request, decided before anything else.
    const draw = chaos ? random() : 1;
    const misbehave = !chaos ? undefined
      : draw < (chaos.fail ?? 0) ? 'fail' as const
        : draw < (chaos.fail ?? 0) + (chaos.hang ?? 0) ? 'hang' as const
          : draw < (chaos.fail ?? 0) + (chaos.hang ?? 0) + (chaos.drop ?? 0) ? 'drop' as const : undefined;
    const afterStore = misbehave !== undefined && random() < (chaos?.afterStore ?? 0.5);
    if (misbehave && !afterStore) return act(misbehave, res);

    const body = await readBody(req, MAX_BODY);
    if (body === undefined) return json(res, 413, { error: `the body is larger than ${MAX_BODY} bytes` });
    let event: WebhookEvent;
    try {
      if (secrets.length === 0) throw new InvalidWebhookError('invalid-signature', 'This ERP has no webhook secret yet.');
      event = verifyWebhook(req.headers, body, secrets);
    } catch (e) {
      stats.refused++;
      if (!(e instanceof InvalidWebhookError)) throw e;
      const status = ['missing-header', 'invalid-signature', 'invalid-timestamp', 'stale-timestamp'].includes(e.code) ? 401 : 400;
      log(`refused (${e.code}): ${e.message}`);
      return json(res, status, { error: e.message, code: e.code });
    }
    stats.events++;

    let answer: { status: number; body: Record<string, unknown> };
    if (event.type === 'cpq-kit.order.cancelled') {
      const result = storeCancellation(event);
      if (result === 'duplicate') stats.duplicates++;
      log(`${event.data.orderId}: cancelled (${result})`);
      answer = { status: 200, body: { result } };
    } else {
      const stored = storeOrder(event);
      if (stored.result === 'duplicate') stats.duplicates++;
      log(`${event.id}: ${stored.result} as ${stored.erpOrderNumber}`);
      answer = { status: stored.result === 'conflict' ? 409 : 200, body: stored };
      if (stored.result === 'stored' && options.autoConfirm && service) {
        reportStatus(event.id, 'confirmed', stored.erpOrderNumber).then(
          (r) => log(`${event.id}: reported confirmed → ${r.status}`),
          (e) => log(`${event.id}: report failed: ${(e as Error).message}`),
        );
      }
    }
    if (misbehave) {
      stats.chaos.afterStore++;
      return act(misbehave, res);
    }
    json(res, answer.status, answer.body);
  }

  function act(what: 'fail' | 'hang' | 'drop', res: ServerResponse): void {
    stats.chaos[what]++;
    if (what === 'fail') json(res, 500, { error: 'chaos: 500' });
    else if (what === 'drop') res.socket?.destroy();
    // 'hang': no answer; the sender times out, or close() cuts it.
  }

  async function reportStatus(orderId: string, status: ErpStatus, erpOrderNumber?: string, note?: string) {
    if (!service) throw new Error('reportStatus needs options.service { url, subscriberId }');
    const id = `status-${randomUUID()}`;
    const event = {
      specversion: '1.0', id, source, type: 'cpq-kit.order.status', time: new Date().toISOString(), datacontenttype: 'application/json',
      data: { orderId, status, ...(erpOrderNumber !== undefined ? { erpOrderNumber } : {}), at: new Date().toISOString(), ...(note !== undefined ? { note } : {}) },
    };
    const body = JSON.stringify(event);
    const at = new Date();
    const signature = new Webhook(secrets[0]!).sign(id, at, body);
    const res = await fetch(`${service.url}/subscribers/${encodeURIComponent(service.subscriberId)}/events`, {
      method: 'POST', body, signal: AbortSignal.timeout(10_000),
      headers: {
        'content-type': 'application/cloudevents+json', 'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature,
      },
    });
    const text = await res.text();
    if (res.ok) setStatus.run(status, orderId);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch { /* not JSON: keep the text */ }
    return { status: res.status, body: parsed };
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`error: ${(e as Error).message}`);
      if (!res.headersSent) json(res, 500, { error: 'the ERP could not store the order' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}${WEBHOOK_PATH}`, port, db, stats, reportStatus,
    configure: (patch) => {
      if (patch.secrets) secrets = [...patch.secrets];
      if (patch.service) service = { ...patch.service };
    },
    close: async () => {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      db.close();
    },
  };
}

const HEADER_COLUMNS = [
  'event_source', 'event_id', 'digest', 'quote_id', 'quote_version', 'quote_date', 'valid_until', 'customer_id', 'customer_name',
  'customer_reference', 'bill_to', 'ship_to', 'payment_terms_code', 'payment_terms_days', 'payment_terms_text', 'requested_date',
  'seller_id', 'currency', 'net', 'tax', 'total', 'accepted_by', 'accepted_at',
];
const LINE_COLUMNS = [
  'line_no', 'line_id', 'parent_line_id', 'sku', 'description', 'qty', 'unit', 'term', 'term_unit', 'requested_date',
  'unit_price', 'net_amount', 'tax_code', 'tax_rate', 'tax', 'total',
];

/** The sales orders with their lines, newest first (the demo's page, and tests). */
export function listOrders(db: Database.Database, limit = 100) {
  const orders = db.prepare('select * from sales_orders order by id desc limit ?').all(limit) as Array<Record<string, unknown>>;
  const lines = db.prepare('select * from sales_order_lines where order_id = ? order by line_no');
  return orders.map((o) => ({ ...o, lines: lines.all(o.id) }));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** The raw body (the signature covers these bytes), or undefined when it is larger than `max`. */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
