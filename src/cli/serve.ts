/// <reference types="node" />
import { parseArgs } from 'node:util';
import type { ApprovalLevel } from '../server/approval-levels.js';
import { createQuoteService, type QuoteServiceOptions } from '../server/service.js';
import { createPostgresStore } from '../server/store/postgres.js';
import { createSqliteStore } from '../server/store/sqlite.js';
import type { QuoteStore } from '../server/store/types.js';
import { SERVE_HELP } from './help.js';
import { EXIT, type Io, readJson, UsageError } from './io.js';

/** What a `--config` file may set (JSON). */
interface ServeConfig {
  approvalLevels?: ApprovalLevel[];
  validityDays?: number;
  maxValidityDays?: number;
  timeZone?: string;
  prefix?: string;
  shareLinkDays?: number;
  limits?: QuoteServiceOptions['limits'];
  auth?: { issuer?: string; audience?: string; jwks?: string; algorithms?: string[] };
  /** The order dispatcher's settings, or false for an instance that only serves requests. */
  dispatch?: QuoteServiceOptions['dispatch'];
  /** The NATS server for subscribers of kind `nats`. */
  nats?: QuoteServiceOptions['nats'];
  /** Answer with a Server-Timing header (the server's time per request). */
  serverTiming?: boolean;
}

/** The store a `--store` value names: `sqlite:<file>` (default `sqlite:./data/cpq.sqlite`) or a `postgres://` URL. */
export async function openStore(spec: string): Promise<QuoteStore> {
  if (spec.startsWith('postgres://') || spec.startsWith('postgresql://')) return createPostgresStore({ connection: spec });
  if (spec.startsWith('sqlite:')) return createSqliteStore({ file: spec.slice('sqlite:'.length) });
  throw new UsageError(`serve: --store must be sqlite:<file> or postgres://…, got ${JSON.stringify(spec)}`);
}

/**
 * `cpq-kit serve`: the quote service alone. Secrets come from the environment, never from the
 * command line (which other users of the machine can read): CPQ_JWT_SECRET (HS256 user tokens)
 * or a JWKS URL in the config, and CPQ_SHARE_SECRET (share links). Runs until SIGINT or SIGTERM,
 * then finishes the requests in flight and closes the store.
 */
export async function serveCommand(args: string[], io: Io, signals: NodeJS.EventEmitter = process): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, prefix: { type: 'string' },
      config: { type: 'string' }, 'time-zone': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(SERVE_HELP);
    return EXIT.ok;
  }
  const config = (values.config ? readJson(values.config, io) : {}) as ServeConfig;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UsageError(`${values.config}: the config must be a JSON object`);
  const port = Number(values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`serve: --port must be a port number, got ${JSON.stringify(values.port)}`);
  const jwtSecret = process.env.CPQ_JWT_SECRET;
  const shareSecret = process.env.CPQ_SHARE_SECRET;
  if (!jwtSecret && !config.auth?.jwks) throw new UsageError('serve: set CPQ_JWT_SECRET (HS256, ≥ 32 bytes) or auth.jwks in the config to verify user tokens');
  if (!shareSecret) throw new UsageError('serve: set CPQ_SHARE_SECRET (≥ 32 bytes) to sign share links');

  const store = await openStore(values.store ?? process.env.CPQ_STORE ?? 'sqlite:./data/cpq.sqlite');
  const app = await createQuoteService({
    store,
    auth: { ...(jwtSecret ? { secret: jwtSecret } : { jwks: config.auth!.jwks! }), issuer: config.auth?.issuer, audience: config.auth?.audience, algorithms: config.auth?.algorithms },
    shareLinks: { secret: shareSecret, days: config.shareLinkDays },
    approvalLevels: config.approvalLevels,
    validityDays: config.validityDays,
    maxValidityDays: config.maxValidityDays,
    timeZone: values['time-zone'] ?? config.timeZone,
    prefix: values.prefix ?? config.prefix,
    limits: config.limits,
    ...(config.dispatch !== undefined ? { dispatch: config.dispatch } : {}),
    ...(config.nats !== undefined ? { nats: config.nats } : {}),
    ...(config.serverTiming !== undefined ? { serverTiming: config.serverTiming === true } : {}),
    // A request the service could not complete (a 5xx: the database gone, a bug) is written to
    // stderr as one JSON line (pino, through Fastify's logger): the error with its stack and the
    // request's method and URL — for the operator; the client gets the service's error shape only.
    logger: { level: 'error', stream: { write: (line: string) => io.err(line) } },
  });
  const address = await app.listen({ port, host: values.host ?? '127.0.0.1' });
  io.out(`cpq-kit serve: listening on ${address}${values.prefix ?? config.prefix ?? ''} (store: ${store.kind})\n`);
  return new Promise((resolve) => {
    const stop = () => {
      app.close().then(() => resolve(EXIT.ok), () => resolve(EXIT.problems));
    };
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
}
