import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { uriReferenceProblem } from '../quote/uri-reference.js';
import { checkLevels, type ApprovalLevel } from './approval-levels.js';
import { Authenticator, type Identity, type Role, type UserTokenOptions } from './auth.js';
import { CatalogCache, type ServiceContext } from './context.js';
import { Dispatcher, type DispatchStats } from './dispatch/dispatcher.js';
import { NatsPublisher, type NatsOptions } from './dispatch/nats.js';
import { dispatchSettings, type DispatchOptions } from './dispatch/options.js';
import { ApiError, type LocatedError } from './errors.js';
import { catalogRoutes } from './routes/catalogs.js';
import { orderEventRoutes } from './routes/order-events.js';
import { orderRoutes } from './routes/orders.js';
import { contractRoutes } from './routes/contracts.js';
import { quoteRoutes } from './routes/quotes.js';
import { shareRoutes } from './routes/share.js';
import { subscriberRoutes } from './routes/subscribers.js';
import { StoreConflictError, type QuoteStore } from './store/types.js';
import { addServerTiming } from './server-timing.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller (undefined: anonymous). */
    identity?: Identity;
    /** Why the bearer token was refused (answered when the route needs an identity). */
    authError?: ApiError;
  }
  interface FastifyContextConfig {
    /** Who may call the route: roles of signed-in users, `customer` (a share link), or `anyone`. */
    allow?: readonly (Role | 'customer' | 'anyone')[];
  }
  interface FastifyInstance {
    /** What this instance's dispatcher delivered since it started (undefined: it runs none, or not yet). */
    dispatchStats(): DispatchStats | undefined;
  }
}

/** Options of `createQuoteService`. */
export interface QuoteServiceOptions {
  /** The store (`createSqliteStore` or `createPostgresStore`), already migrated. */
  store: QuoteStore;
  /** How the host's user tokens are verified. */
  auth: UserTokenOptions;
  /** Share links to customers: the secret they are signed with (≥ 32 bytes) and their lifetime (days, default 30). */
  shareLinks: { secret: string | Uint8Array; days?: number };
  /** The approval levels in order, lowest first (default: manager < director < vp, each 或签). */
  approvalLevels?: ApprovalLevel[];
  /** Quote validity when the seller gives none (default 30 days) and the longest allowed (default 90). */
  validityDays?: number;
  maxValidityDays?: number;
  /** The IANA time zone of quote dates and transition times. Default `UTC`. */
  timeZone?: string;
  /** The CloudEvents `source` of a tenant's order events. Default `/cpq-kit/tenants/<tenant>`. */
  orderSource?: (tenant: string) => string;
  /** Path prefix of every route (e.g. `/api/cpq`). Default none. */
  prefix?: string;
  /** Limits; every one has a safe default. */
  limits?: {
    /** Largest request body, bytes (default 256 KiB; catalog publishing: `catalogBytes`, default 5 MiB). */
    bodyBytes?: number;
    catalogBytes?: number;
    /** Requests per identity (or per address, anonymous) per minute. Default 600. */
    perMinute?: number;
    /** Whole-request timeout, ms (default 30 s); headers must arrive within `headersMs` (default 10 s). */
    requestMs?: number;
    headersMs?: number;
    /** Open connections at most (default 1024). */
    connections?: number;
  };
  /** The clock (tests move it to expire quotes and links). */
  clock?: () => Date;
  /** Fastify's logger option (default off). */
  logger?: boolean | Record<string, unknown>;
  /** Trust `X-Forwarded-For` from a proxy in front (for the evidence's IP and rate limits). Default false. */
  trustProxy?: boolean | string | string[];
  /**
   * Delivering order events to subscribers: polling, timeouts, retries, secret rotation. Every
   * instance runs a dispatcher unless `false` (or `run: false`); on PostgreSQL several share the work.
   */
  dispatch?: DispatchOptions | false;
  /** NATS for subscribers of kind `nats` (JetStream, the CloudEvents NATS binding): the connection, made when first needed. */
  nats?: NatsOptions;
  /**
   * Answer every request with `Server-Timing: app;dur=<ms>`: the time from its headers' arrival to
   * its answer's (body read, checks, work, store, answer written as text). Default off.
   */
  serverTiming?: boolean;
}

export const DEFAULT_LEVELS: ApprovalLevel[] = [{ id: 'manager' }, { id: 'director' }, { id: 'vp' }];

/**
 * The quote service: the system of record for quotes, approvals, acceptances and orders. The
 * browser proposes, the server decides: every write is validated against a JSON Schema and
 * re-priced here with the catalog version the quote pins; lifecycle moves run the pure
 * functions of `cpq-kit/quote`, each in one transaction with its record; orders are made only
 * from stored, accepted versions. Returns the Fastify instance (not yet listening): call
 * `listen()`, or mount `app.routing` in a host's own `node:http` server after `await app.ready()`.
 *
 * @example
 * const store = await createSqliteStore({ file: './data/cpq.sqlite' });
 * const app = await createQuoteService({ store, auth: { secret: process.env.CPQ_JWT_SECRET }, shareLinks: { secret: process.env.CPQ_SHARE_SECRET } });
 * await app.listen({ port: 8787 });
 */
export async function createQuoteService(options: QuoteServiceOptions): Promise<FastifyInstance> {
  const levels = options.approvalLevels ?? DEFAULT_LEVELS;
  const problem = checkLevels(levels);
  if (problem) throw new Error(problem);
  if (options.orderSource) {
    // A host's own source is checked once here, not found wrong by every order.
    const sample = options.orderSource('example-tenant');
    const problem = typeof sample === 'string' ? uriReferenceProblem(sample) : 'it is not a string';
    if (problem) throw new Error(`orderSource must give a URI-reference (RFC 3986) for the order events' source: ${problem}`);
  }
  const limits = options.limits ?? {};
  const dispatch = dispatchSettings(options.dispatch);
  let dispatcher: Dispatcher | undefined;
  const ctx: ServiceContext = {
    store: options.store,
    auth: new Authenticator(options.auth, options.shareLinks.secret),
    levels,
    clock: options.clock ?? (() => new Date()),
    timeZone: options.timeZone ?? 'UTC',
    validityDays: options.validityDays ?? 30,
    maxValidityDays: options.maxValidityDays ?? 90,
    shareDays: options.shareLinks.days ?? 30,
    orderSource: options.orderSource ?? ((tenant) => `/cpq-kit/tenants/${encodeURIComponent(tenant)}`),
    catalogs: new CatalogCache(),
    outbox: { clock: dispatch.clock, rotationWindowMs: dispatch.rotationWindowMs, wake: () => dispatcher?.wake() },
  };

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyBytes ?? 256 * 1024,
    requestTimeout: limits.requestMs ?? 30_000,
    connectionTimeout: limits.requestMs ?? 30_000,
    keepAliveTimeout: 5_000,
    routerOptions: { maxParamLength: 200 },
    // A URL that cannot be decoded (`/orders/%zz`) is a 400 in the service's own error shape.
    frameworkErrors: (error, _req, reply) => {
      const answer = toApiError(error);
      void (reply as FastifyReply).code(answer.status).type('application/json; charset=utf-8').send(answer.body());
    },
    // What Node's HTTP parser refuses (a junk method, raw bytes outside ASCII in the path, a bad
    // header, headers over 16 KiB) never reaches a route: answered here, in the same error shape.
    clientErrorHandler: (error, socket) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ECONNRESET' || socket.destroyed) return;
      socketAnswer(socket, code === 'HPE_HEADER_OVERFLOW' ? new ApiError('too_large', 'headers-too-large', 'The request headers are too large.', undefined, undefined, 431)
        : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? new ApiError('invalid_request', 'request-timeout', 'The request did not arrive in time.', undefined, undefined, 408)
          : new ApiError('invalid_request', 'malformed-request', 'The request is not valid HTTP/1.1.'));
    },
    // A request without Host is refused below, in the service's shape (Node would answer an empty 400).
    http: { requireHostHeader: false },
    trustProxy: options.trustProxy ?? false,
    // The route schemas are the contract: no coercion of types, no defaults slipped in.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
    return503OnClosing: true,
  });
  app.server.headersTimeout = limits.headersMs ?? 10_000;
  // No field of the API holds U+0000, and PostgreSQL's text cannot: a JSON body with one anywhere
  // (a key or a value, at any depth) is a located 400 before a route sees it, whatever the route's
  // own schema says. Fastify's own parser (with its prototype-poisoning checks) does the parsing.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = String(body);
    parseJson(req, text, (error: Error | null, value?: unknown) => {
      const at = !error && text.includes('\\u0000') ? nulAt(value, 'body') : undefined;
      if (at) done(new ApiError('invalid_request', 'invalid-text', `${at} may not contain U+0000.`, at, [{ path: at, message: 'may not contain U+0000', code: 'pattern' }]), undefined);
      else done(error, value);
    });
  });
  app.server.maxConnections = limits.connections ?? 1024;
  // The first hooks of every request: its headers have just been read.
  if (options.serverTiming) addServerTiming(app);
  // Node's own answers to these are empty (an `Expect:` it does not know) or none at all (CONNECT).
  app.server.on('checkExpectation', (_req, res) => {
    const e = new ApiError('precondition', 'expectation-failed', 'Only "Expect: 100-continue" is understood.', 'Expect', undefined, 417);
    res.writeHead(417, { 'content-type': 'application/json; charset=utf-8', connection: 'close' }).end(JSON.stringify(e.body()));
  });
  app.server.on('connect', (_req, socket: Duplex) => {
    socketAnswer(socket, new ApiError('invalid_request', 'method-not-allowed', 'CONNECT is not served here.', undefined, undefined, 405));
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'cpq-kit quote service', version: '1', description: 'The system of record for quotes, approvals, acceptances and orders. The browser proposes, the server decides.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });

  // An answer that closes the connection before the request's body arrived whole lingers (see lingerOnClose).
  app.addHook('onSend', (req, reply, payload, done) => {
    if (!req.raw.complete && /\bclose\b/i.test(String(reply.getHeader('connection') ?? ''))) lingerOnClose(req.raw.socket);
    done(null, payload);
  });

  app.addHook('onRequest', async (req) => {
    if (req.raw.httpVersion === '1.1' && req.headers.host === undefined) throw new ApiError('invalid_request', 'missing-host', 'An HTTP/1.1 request needs a Host header.', 'Host');
    try {
      req.identity = await ctx.auth.identify(req.headers.authorization);
    } catch (e) {
      req.authError = e instanceof ApiError ? e : new ApiError('authentication', 'invalid-token', 'The token could not be verified.', 'Authorization');
    }
  });

  await app.register(rateLimit, {
    hook: 'preParsing',
    max: limits.perMinute ?? 600,
    timeWindow: 60_000,
    keyGenerator: (req: FastifyRequest) => {
      const who = req.identity;
      if (who?.kind === 'user') return `u:${who.tenant}:${who.userId}`;
      if (who?.kind === 'customer') return `l:${who.linkId}`;
      return `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, context) => new ApiError('rate_limit', 'rate-limited', `Too many requests: at most ${context.max} a minute. Try again in ${Math.ceil(context.ttl / 1000)} s.`),
  });

  // Who may call a route is part of the route (`config.allow`); a route without it is refused to all.
  app.addHook('preValidation', async (req) => {
    // No such route: the not-found handler answers 404, whoever asks.
    if (req.is404) return;
    const allow = req.routeOptions.config?.allow ?? [];
    if (allow.includes('anyone')) return;
    const who = req.identity;
    if (!who) throw req.authError ?? new ApiError('authentication', 'unauthenticated', 'Sign in: send "Authorization: Bearer <token>".', 'Authorization');
    if (who.kind === 'customer') {
      if (!allow.includes('customer')) throw new ApiError('permission', 'forbidden', 'A share link reaches only its own quote.');
      return;
    }
    if (![...who.roles].some((r) => allow.includes(r))) {
      const needed = allow.filter((a) => a !== 'customer').join(' or ') || 'nobody';
      throw new ApiError('permission', 'forbidden', `This needs the role ${needed}; you have ${[...who.roles].join(', ') || 'none'}.`);
    }
  });

  app.setErrorHandler((error, req, reply) => {
    const answer = toApiError(error);
    // For the operator (a logger is given: `cpq-kit serve` writes to stderr): which request, and why.
    if (answer.status >= 500) req.log.error({ err: error, method: req.method, url: req.url.slice(0, 300), status: answer.status }, 'request failed');
    if (answer.type === 'rate_limit' && error && typeof (error as { headers?: unknown }).headers === 'object') {
      reply.headers((error as unknown as { headers: Record<string, string> }).headers);
    }
    return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body());
  });
  app.setNotFoundHandler((req, reply) => {
    const e = new ApiError('not_found', 'no-route', `There is no ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}.`);
    return reply.code(404).send(e.body());
  });

  await app.register(async (api) => {
    api.get('/health', { config: { allow: ['anyone'] }, schema: { hide: true } as object }, async () => {
      await ctx.store.ping();
      return { ok: true, store: ctx.store.kind };
    });
    api.get('/openapi.json', { config: { allow: ['anyone'] }, schema: { hide: true } as object }, async () => app.swagger());
    await api.register(catalogRoutes(ctx, limits.catalogBytes ?? 5 * 1024 * 1024));
    await api.register(quoteRoutes(ctx));
    await api.register(shareRoutes(ctx));
    await api.register(orderRoutes(ctx));
    await api.register(contractRoutes(ctx));
    await api.register(subscriberRoutes(ctx));
    // The ERP's status events: raw bodies (signed), read in their own plugin.
    await api.register(orderEventRoutes(ctx, { bodyBytes: limits.bodyBytes ?? 256 * 1024, perMinute: limits.perMinute ?? 600 }));
  }, { prefix: options.prefix ?? '' });

  app.decorate('dispatchStats', () => (dispatcher ? { ...dispatcher.stats } : undefined));
  if (dispatch.run) {
    app.addHook('onReady', async () => {
      dispatcher = new Dispatcher(ctx.store, dispatch, { warn: (message, detail) => app.log.warn(detail ?? {}, message) },
        options.nats ? new NatsPublisher(options.nats) : undefined);
      dispatcher.start();
    });
  }
  app.addHook('onClose', async () => {
    await dispatcher?.stop();
    await ctx.store.close();
  });
  return app;
}

/** Where in a parsed JSON value a text (key or value) holds U+0000, as `body.lines[2].name`; undefined if nowhere. */
export function nulAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = nulAt(value[i], `${path}[${i}]`);
      if (at) return at;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = `${path}.${k.replace(/\u0000/g, '\\u0000')}`;
      if (k.includes('\u0000')) return here;
      const at = nulAt(v, here);
      if (at) return at;
    }
  }
  return undefined;
}

/** Sockets already answered on (Node's parser may report the same refusal again as more bytes arrive). */
const answered = new WeakSet<Duplex>();
/** How long a refused client may go on sending before its connection is cut. */
const LINGER_MS = 2_000;

/** Answer on a bare socket (no request object to answer through), then close it gracefully (`linger`). */
function socketAnswer(socket: Duplex, error: ApiError): void {
  if (answered.has(socket)) return;
  answered.add(socket);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(error.body());
  socket.on('error', () => socket.destroy());
  socket.write(`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: application/json; charset=utf-8\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  linger(socket);
}

/**
 * Close a connection whose answer is written (or being written) gracefully: a FIN after the
 * answer, then what the client still sends is read and dropped until it closes its side or
 * LINGER_MS pass. Destroying it at once with unread bytes makes the kernel send a reset, which
 * throws the answer away from the client's buffers before it can read it.
 */
function linger(socket: Duplex): void {
  socket.end();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.on('end', () => socket.destroy());
  socket.resume();
}

/**
 * An answer given before the request's body was read — Fastify's 413 for a body over the limit
 * (sent with `Connection: close`, as the client may send more) — closes its connection with a
 * linger instead of Node's close once the answer is written: a client still sending its 5 MB got
 * a reset in place of the answer (EPIPE, no status; found by the server fuzz under load).
 */
function lingerOnClose(socket: Socket): void {
  // Node's HTTP server calls destroySoon once a `Connection: close` answer is written.
  socket.destroySoon = () => linger(socket);
}

/** Any failure as the service's error answer: Fastify's own errors mapped, anything unforeseen a plain 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as { code?: string; statusCode?: number; validation?: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[]; validationContext?: string; message?: string };
  if (e?.validation) {
    const where = e.validationContext ?? 'body';
    const errors: LocatedError[] = e.validation.slice(0, 20).map((v) => {
      const extra = typeof v.params?.additionalProperty === 'string' ? `.${v.params.additionalProperty}` : typeof v.params?.missingProperty === 'string' ? `.${v.params.missingProperty}` : '';
      const path = `${where}${v.instancePath.replace(/\//g, '.').replace(/\.(\d+)(?=\.|$)/g, '[$1]')}${extra}`;
      const message = v.keyword === 'additionalProperties' ? 'is not a field the service accepts here' : v.message ?? 'is not valid';
      return { path, message, code: v.keyword };
    });
    return new ApiError('invalid_request', 'invalid-request', `${errors[0]!.path} ${errors[0]!.message}.`, errors[0]!.path, errors);
  }
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return new ApiError('too_large', 'body-too-large', 'The request body is too large.', 'body');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return new ApiError('invalid_request', 'unsupported-media-type', 'Send the body as application/json.', 'Content-Type', undefined, 415);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return new ApiError('invalid_request', 'empty-body', 'The JSON body is empty.', 'body');
    case 'FST_ERR_CTP_INVALID_JSON_BODY': return new ApiError('invalid_request', 'invalid-json', 'The body is not valid JSON.', 'body');
    case 'FST_ERR_BAD_URL': return new ApiError('invalid_request', 'bad-url', 'The URL is not valid.', 'url');
    case 'FST_ERR_ASYNC_CONSTRAINT': return new ApiError('invalid_request', 'bad-request', 'The request is not valid.');
    default: break;
  }
  if (error instanceof SyntaxError) return new ApiError('invalid_request', 'invalid-json', 'The body is not valid JSON.', 'body');
  // A write that kept losing a race for a unique row to concurrent requests (idempotent() retries
  // it first): the caller may send it again; nothing was changed.
  if (error instanceof StoreConflictError) return new ApiError('conflict', 'concurrent-change', 'Another request changed the same record at the same time; nothing was changed: send the request again.');
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status === 429) return new ApiError('rate_limit', 'rate-limited', 'Too many requests.');
  if (status >= 400 && status < 500) return new ApiError('invalid_request', 'bad-request', 'The request is not valid.', undefined, undefined, status);
  if (status === 503) return new ApiError('unavailable', 'unavailable', 'The service is shutting down: try again.');
  return new ApiError('api_error', 'internal', 'The service could not complete the request; nothing was changed.');
}
