/**
 * What the outbox does with an HTTP answer, and how long it waits before trying again. Pure
 * functions, so the policy is tested as a table on its own.
 */

/** `delivered`: the receiver has the order (2xx, or 409: it had it already); `retry`: try again later; `final`: refused for good. */
export type Outcome = 'delivered' | 'retry' | 'final';

/**
 * 2xx and 409 Conflict (a duplicate of an order the receiver holds) are delivered; 408, 425,
 * 429 and 5xx are passing troubles; any other status is the receiver's final word (a 400 will
 * not get better by sending the same bytes again), shown to the user.
 */
export function outcomeOf(status: number): Outcome {
  if ((status >= 200 && status < 300) || status === 409) return 'delivered';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'final';
}

export interface Backoff {
  /** First delay ceiling, ms. */
  baseMs: number;
  /** Largest delay, ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 500, maxMs: 60_000 };

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base·2^(attempt-1))).
 * Jitter spreads the retries of many browsers that failed together (a receiver restart) instead
 * of bringing them back in one wave. `retryAfterMs` (from a Retry-After header) is a floor.
 */
export function retryDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random, retryAfterMs = 0): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.max(retryAfterMs, Math.floor(random() * ceiling));
}

/** A Retry-After header (seconds or an HTTP date) in ms from `now`; 0 when absent or unreadable. */
export function retryAfter(header: string | null, now: number): number {
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : 0;
}

/**
 * A lifecycle move to the quote service: 2xx is done (a replayed answer too — the service did the
 * move before); 408, 425, 429 and 5xx are passing troubles, retried with the same Idempotency-Key;
 * every other status is the service's final word, a 409 included (the quote changed, or was
 * ordered already: sending the same move again cannot help).
 */
export function moveOutcomeOf(status: number): Outcome {
  if (status >= 200 && status < 300) return 'delivered';
  return outcomeOf(status) === 'retry' ? 'retry' : 'final';
}
