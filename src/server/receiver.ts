import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { verifyOrder } from '../quote/verify-order.js';
import { OrderStore, type StoredOrder } from './order-store.js';

/** Options of the reference order receiver. */
export interface ReceiverOptions {
  /** The catalogs orders are verified against, by catalog id (`data.catalogId`). */
  catalogs: Record<string, unknown> | ((id: string) => unknown);
  /** The JSON-lines file orders are stored in. */
  store: string;
  /** The path orders are POSTed to. Default `/api/orders`. */
  path?: string;
  /** Largest body accepted, bytes. Default 5 MiB. */
  maxBytes?: number;
  /**
   * For load tests and the demo: the share (0–1) of requests answered 503 before anything is
   * done, and of stored orders whose answer is dropped (the connection closed), as a flaky
   * network or a restart would do.
   */
  faults?: { unavailable?: number; dropAfterStore?: number; random?: () => number };
  /** Called for every request, with what was answered (for logs). */
  onRequest?: (entry: { method: string; path: string; status: number | 'dropped'; id?: string; differences?: number }) => void;
}

interface Answer {
  status: number | 'dropped';
  body?: unknown;
  id?: string;
  differences?: number;
}

/**
 * The reference order receiver (node:http, no framework). `POST <path>` takes one CloudEvents
 * order event (`application/cloudevents+json` or `application/json`), checks that the
 * `Idempotency-Key` header, when sent, is the event id, verifies the event with `verifyOrder`
 * against the catalog it names, and stores it once per event id:
 * 201 stored · 409 already stored (the same order again: a client counts it as delivered) ·
 * 400 unreadable · 413 too large · 415 wrong content type · 422 refused, with the differences.
 * `GET <path>` lists the stored orders; `GET <path>/<id>` gives one.
 */
export async function createOrderReceiver(options: ReceiverOptions): Promise<{ handler: RequestListener; store: OrderStore; skipped: number }> {
  const { store, skipped } = await OrderStore.open(options.store);
  const base = options.path ?? '/api/orders';
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const random = options.faults?.random ?? Math.random;
  const catalogOf = typeof options.catalogs === 'function' ? options.catalogs : (id: string) => (Object.hasOwn(options.catalogs, id) ? (options.catalogs as Record<string, unknown>)[id] : undefined);
  /** Requests for one id in progress: a second waits for the first, then is a duplicate. */
  const inFlight = new Map<string, Promise<unknown>>();

  const receive = async (req: IncomingMessage): Promise<Answer> => {
    if (options.faults?.unavailable && random() < options.faults.unavailable) return { status: 503, body: { error: 'unavailable (injected)' } };
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/cloudevents+json' && type !== 'application/json') {
      return { status: 415, body: { error: `Content-Type must be application/cloudevents+json, got "${type}"` } };
    }
    const text = await readBody(req, maxBytes);
    if (text === undefined) return { status: 413, body: { error: `the body is larger than ${maxBytes} bytes` } };
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (e) {
      return { status: 400, body: { error: `the body is not JSON: ${(e as Error).message}` } };
    }
    const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || id === '') return { status: 400, body: { error: 'the event has no id' } };
    const key = req.headers['idempotency-key'];
    if (key !== undefined && key !== id) return { status: 400, id, body: { error: `Idempotency-Key "${String(key)}" is not the event id "${id}"` } };

    while (inFlight.has(id)) await inFlight.get(id)!.catch(() => undefined);
    if (store.has(id)) return { status: 409, id, body: { id, status: 'duplicate', receivedAt: store.get(id)!.receivedAt } };
    const work = store_(id, event);
    inFlight.set(id, work);
    try {
      return await work;
    } finally {
      inFlight.delete(id);
    }
  };

  const store_ = async (id: string, event: unknown): Promise<Answer> => {
    const data = (event as { data?: { catalogId?: unknown; quoteId?: unknown; version?: unknown } }).data;
    const catalogId = typeof data?.catalogId === 'string' ? data.catalogId : '';
    const catalog = catalogId ? catalogOf(catalogId) : undefined;
    if (catalog === undefined) return { status: 422, id, body: { error: `unknown catalog "${catalogId}"`, differences: [{ path: 'data.catalogId', expected: 'a catalog this receiver knows', actual: catalogId }] } };
    const result = verifyOrder(catalog, event);
    if (!result.ok) return { status: 422, id, differences: result.differences.length, body: { error: 'the order does not match the catalog', differences: result.differences } };
    const order: StoredOrder = {
      id, receivedAt: new Date().toISOString(), quoteId: String(data?.quoteId), version: Number(data?.version),
      digest: result.digest, total: result.priced?.totals.total, currency: result.priced?.currency, event,
    };
    await store.add(order);
    if (options.faults?.dropAfterStore && random() < options.faults.dropAfterStore) return { status: 'dropped', id };
    return { status: 201, id, body: { id, status: 'stored', digest: order.digest, total: order.total } };
  };

  const handler: RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    let answer: Promise<Answer>;
    if (url.pathname === base && req.method === 'POST') answer = receive(req);
    else if (url.pathname === base && req.method === 'GET') answer = Promise.resolve({ status: 200, body: store.all().map(({ event: _e, ...summary }) => summary) });
    else if (url.pathname.startsWith(`${base}/`) && req.method === 'GET') {
      const order = store.get(decodeURIComponent(url.pathname.slice(base.length + 1)));
      answer = Promise.resolve(order ? { status: 200, body: order } : { status: 404, body: { error: 'no such order' } });
    } else answer = Promise.resolve({ status: url.pathname === base ? 405 : 404, body: { error: 'not found' } });
    answer
      .catch((e: unknown) => ({ status: 500, body: { error: `the receiver failed: ${(e as Error).message}` } }) as Answer)
      .then((a) => {
        options.onRequest?.({ method: req.method ?? '', path: url.pathname, status: a.status, id: a.id, differences: a.differences });
        send(res, a);
      });
  };
  return { handler, store, skipped };
}

/** `createOrderReceiver` on an http.Server listening on `port` (0: any free port) of `host`. */
export async function startOrderReceiver(options: ReceiverOptions & { port?: number; host?: string }): Promise<{ server: Server; url: string; store: OrderStore; skipped: number; close(): Promise<void> }> {
  const { handler, store, skipped } = await createOrderReceiver(options);
  const server = createServer(handler);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return { server, url: `http://${options.host ?? '127.0.0.1'}:${port}${options.path ?? '/api/orders'}`, store, skipped, close };
}

function send(res: ServerResponse, answer: Answer): void {
  if (answer.status === 'dropped') {
    res.socket?.destroy();
    return;
  }
  const body = JSON.stringify(answer.body ?? {});
  res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** The body as text, or undefined once it passes `max` bytes (the rest is not read). */
async function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
