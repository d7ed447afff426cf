import { isIsoDate } from '../core/dates.js';

/**
 * Time as the lifecycle needs it. Transition times are RFC 3339 date-times with an offset (as
 * CloudEvents' `time` is), so that they order across time zones. A quote's `validUntil` may be
 * a date or a date-time (contract): a date is valid through that calendar day, compared with
 * the calendar day written in the time given (pass it in the seller's own offset); a date-time
 * without an offset is read as UTC.
 */

const RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** True for an RFC 3339 date-time with offset naming a real day and time, e.g. `2026-11-28T10:00:00+08:00`. */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = RFC3339.exec(value);
  if (!m || !isIsoDate(m[1])) return false;
  // Seconds up to 60 allow a leap second, as RFC 3339 does.
  return Number(m[2]) <= 23 && Number(m[3]) <= 59 && Number(m[4]) <= 60 && offsetOk(m[6]!);
}

function offsetOk(offset: string): boolean {
  if (offset === 'Z') return true;
  const [h, mi] = offset.slice(1).replace(':', '').match(/\d{2}/g)!.map(Number);
  return h! <= 23 && mi! <= 59;
}

/** Milliseconds since the epoch of an ISO 8601 date or date-time (no offset: UTC), or undefined. */
export function instant(value: string): number | undefined {
  if (!isIsoDate(value)) return undefined;
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms);
  const off = m[8];
  if (!off || off === 'Z') return utc;
  const digits = off.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return utc - (off[0] === '-' ? -1 : 1) * minutes * 60_000;
}

/** True when `now` is past the end of `validUntil` (a date counts through its whole day). */
export function isPastValidity(validUntil: string | undefined, now: string): boolean {
  // A time that is not a date at all cannot say that anything expired.
  if (validUntil === undefined || !isIsoDate(validUntil) || !isIsoDate(now)) return false;
  if (validUntil.length === 10) return now.slice(0, 10) > validUntil;
  const end = instant(validUntil);
  const t = instant(now);
  return end !== undefined && t !== undefined && t > end;
}
