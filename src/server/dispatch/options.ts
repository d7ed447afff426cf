/** How the service delivers its order events (`createQuoteService({ dispatch })`). Every value has a default. */
export interface DispatchOptions {
  /** Whether this instance runs a dispatcher (default true; `dispatch: false` is the same as `{ run: false }`). */
  run?: boolean;
  /** How often the dispatcher looks for due deliveries, ms (default 500); an order made in this process wakes it at once. */
  intervalMs?: number;
  /**
   * Requests (webhook POSTs, NATS publishes) in flight at once (default 16). Around them the
   * dispatcher holds claimed deliveries waiting for a request slot — as many as it expects to
   * send within half the lease's spare time (`leaseMs − timeoutMs`), at most 4 × `concurrency`
   * — and answered ones whose outcome waits to be recorded, in batches, at most 2 ×
   * `concurrency` (while that many wait, no request starts). A claim takes up to the free room
   * in one statement.
   */
  concurrency?: number;
  /** One request's timeout, ms (default 10 s). */
  timeoutMs?: number;
  /** How long a claimed delivery is held before another dispatcher may take it (default `timeoutMs` + 5 s). */
  leaseMs?: number;
  /** A delivery is dead-lettered after this many attempts (default 12)… */
  maxAttempts?: number;
  /** …or once its first attempt is this old, ms (default 24 h). */
  maxAgeMs?: number;
  /** Exponential backoff with full jitter: a retry waits a random time up to min(capMs, baseMs × 2^(attempts − 1)). */
  backoff?: { baseMs?: number; capMs?: number };
  /** How long a rotated-out webhook secret still signs, ms (default 24 h). */
  rotationWindowMs?: number;
  /** The wall clock, ms since the epoch (due times, webhook timestamps). Default `Date.now`; not the service's `clock`, which tests move. */
  clock?: () => number;
  /** A number in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
}

/** The options with every default filled in. */
export type DispatchSettings = Required<Omit<DispatchOptions, 'backoff'>> & { backoff: { baseMs: number; capMs: number } };

/** Fill in the defaults and check the values; throws on one that makes no sense. */
export function dispatchSettings(options: DispatchOptions | false | undefined): DispatchSettings {
  const o = options === false ? { run: false } : options ?? {};
  const timeoutMs = o.timeoutMs ?? 10_000;
  const s: DispatchSettings = {
    run: o.run ?? true,
    intervalMs: o.intervalMs ?? 500,
    concurrency: o.concurrency ?? 16,
    timeoutMs,
    leaseMs: o.leaseMs ?? timeoutMs + 5_000,
    maxAttempts: o.maxAttempts ?? 12,
    maxAgeMs: o.maxAgeMs ?? 24 * 3_600_000,
    backoff: { baseMs: o.backoff?.baseMs ?? 1_000, capMs: o.backoff?.capMs ?? 3_600_000 },
    rotationWindowMs: o.rotationWindowMs ?? 24 * 3_600_000,
    clock: o.clock ?? Date.now,
    random: o.random ?? Math.random,
  };
  const positive: [string, number][] = [['intervalMs', s.intervalMs], ['concurrency', s.concurrency], ['timeoutMs', s.timeoutMs], ['leaseMs', s.leaseMs],
    ['maxAttempts', s.maxAttempts], ['maxAgeMs', s.maxAgeMs], ['backoff.baseMs', s.backoff.baseMs], ['backoff.capMs', s.backoff.capMs]];
  for (const [name, value] of positive) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`dispatch.${name} must be a positive number, got ${String(value)}`);
  }
  if (!Number.isFinite(s.rotationWindowMs) || s.rotationWindowMs < 0) throw new Error(`dispatch.rotationWindowMs must be 0 or more, got ${String(s.rotationWindowMs)}`);
  if (s.leaseMs <= s.timeoutMs) throw new Error(`dispatch.leaseMs (${s.leaseMs}) must be longer than dispatch.timeoutMs (${s.timeoutMs}): a delivery still in flight would be taken by another dispatcher`);
  return s;
}

/**
 * The wait before retry number `attempts` (1 after the first failure): exponential backoff with
 * full jitter, a random time in [0, min(cap, base × 2^(attempts − 1))) — spread out, so that
 * many deliveries failing together do not retry together.
 */
export function backoffDelay(attempts: number, backoff: { baseMs: number; capMs: number }, random: () => number): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
  return Math.floor(random() * ceiling);
}
