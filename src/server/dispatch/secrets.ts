import { randomBytes } from 'node:crypto';

/** A subscriber's secrets: the current one, and rotated-out ones that still sign until `validUntil`. */
export interface SubscriberSecrets {
  current: string;
  previous: { secret: string; validUntil: string }[];
}

/** A new webhook secret as Standard Webhooks writes them: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The secrets of a stored subscriber. */
export function parseSecrets(json: string): SubscriberSecrets {
  const s = JSON.parse(json) as Partial<SubscriberSecrets>;
  return { current: String(s.current), previous: Array.isArray(s.previous) ? s.previous : [] };
}

/**
 * The secrets after a rotation at `now`: `next` becomes current; the old ones sign until
 * `now + windowMs` at the latest (a window of 0 ends them all at once: a leaked secret);
 * expired ones go.
 */
export function rotateSecrets(secrets: SubscriberSecrets, next: string, now: number, windowMs: number): SubscriberSecrets {
  const end = now + windowMs;
  const previous = [{ secret: secrets.current, validUntil: new Date(end).toISOString() }, ...secrets.previous]
    .map((p) => (Date.parse(p.validUntil) > end ? { ...p, validUntil: new Date(end).toISOString() } : p))
    .filter((p) => Date.parse(p.validUntil) > now);
  return { current: next, previous };
}

/** The secrets that sign a message sent at `now`: the current one first, then each rotated-out one still valid. */
export function signingSecrets(secrets: SubscriberSecrets, now: number): string[] {
  return [secrets.current, ...secrets.previous.filter((p) => Date.parse(p.validUntil) > now).map((p) => p.secret)];
}
