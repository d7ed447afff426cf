import type { FastifyReply, FastifyRequest } from 'fastify';
import { jsonDigest, type ServiceContext } from './context.js';
import { ApiError, unprocessable } from './errors.js';
import { JsonText, sendJsonText } from './json-text.js';
import { StoreConflictError, type StoreTx } from './store/types.js';

/** The answer a write produced: its status and JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The scope of a caller's keys: their tenant (a customer's keys also by their link, so two
 * customers never collide). The separator is a "/", which a tenant id cannot hold (auth.ts), and
 * not a NUL: PostgreSQL refuses a NUL in text, which made every customer request with a key fail.
 */
function scope(req: FastifyRequest): string | undefined {
  const who = req.identity;
  if (!who) return undefined;
  return who.kind === 'user' ? who.tenant : `${who.tenant}/link:${who.linkId}`;
}

/**
 * How many times a write whose transaction a concurrent one's unique row refused is done again
 * before the request is answered with a 409 (see toApiError). A refusal means another request
 * committed that row, and the next attempt reads it: of n requests racing for the next version of
 * one record, one wins each round, so the last succeeds by its n-th attempt.
 */
const RACE_RETRIES = 10;

/**
 * `run` (a transaction) done again while a concurrent request's unique row refuses it, up to
 * `retries` more times: its transaction rolled back, and the next attempt reads the row the other
 * committed (two publications of one new catalog at once, on PostgreSQL's READ COMMITTED; two
 * deliveries of one event; a request whose Idempotency-Key another claimed first, whose answer the
 * next attempt replays).
 */
export async function againOnRace<T>(run: () => Promise<T>, retries = RACE_RETRIES): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (e instanceof StoreConflictError && attempt < retries) continue;
      throw e;
    }
  }
}

/**
 * Run a write in one transaction, once per `Idempotency-Key` (after Stripe): the key is claimed
 * inside the same transaction as the write and completed with its answer, so the effect and the
 * stored answer commit together. The same key with the same request replays the stored answer
 * (with `Idempotent-Replayed: true`); with another request it is a 422. A concurrent request
 * with the key waits for the first (the database's unique key), then replays its answer. A
 * refused request stores nothing: it can be retried with the same key.
 */
export async function idempotent(ctx: ServiceContext, req: FastifyRequest, reply: FastifyReply, work: (tx: StoreTx) => Promise<Answer>): Promise<unknown> {
  const header = req.headers['idempotency-key'];
  const tenant = scope(req);
  if (header === undefined || tenant === undefined) return send(reply, await againOnRace(() => ctx.store.transaction(work)));
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw new ApiError('invalid_request', 'invalid-idempotency-key', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', 'Idempotency-Key');
  }
  // The caller is part of the request: a key another user of the tenant happens to reuse (a
  // deterministic key scheme, a shared client) is refused, instead of replaying the first user's
  // answer as if the second user's move had been made.
  const who = req.identity!;
  const caller = who.kind === 'user' ? `user:${who.userId}` : `link:${who.linkId}`;
  const fingerprint = jsonDigest({ method: req.method, route: req.url.split('?')[0], caller, body: req.body ?? null });
  // A request that claimed the key first has committed when the insert is refused: the next attempt replays its answer.
  const answer = await againOnRace(() => ctx.store.transaction(async (tx): Promise<Answer & { replayed?: boolean }> => {
    const stored = await tx.getIdempotency(tenant, header);
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        throw unprocessable('idempotency-key-reused', 'This Idempotency-Key was used for a different request: use a new key for a new request.', 'Idempotency-Key');
      }
      return { status: stored.status, body: new JsonText(stored.body), replayed: true };
    }
    await tx.insertIdempotency({ tenant, key: header, fingerprint, status: 0, body: 'null', createdAt: new Date(ctx.clock()).toISOString() });
    const answer = await work(tx);
    // An answer written as JSON text is stored as the bytes it is sent as (encoded once, no string of the whole made).
    const body = answer.body instanceof JsonText ? answer.body : new JsonText(JSON.stringify(answer.body));
    await tx.completeIdempotency(tenant, header, answer.status, body.bytes());
    return { status: answer.status, body };
  }));
  if (answer.replayed) reply.header('Idempotent-Replayed', 'true');
  return send(reply, answer);
}

/** Send an answer; JSON text as it is (sendJsonText). */
function send(reply: FastifyReply, answer: Answer): FastifyReply {
  reply.code(answer.status);
  return answer.body instanceof JsonText ? sendJsonText(reply, answer.body) : reply.send(answer.body);
}
