/**
 * Calendar days as whole numbers (days since 1970-01-01, UTC), for service periods and
 * proration. Pure integer arithmetic: no time zones, no clocks, no floats.
 */

/** A calendar day: the count of days since 1970-01-01. */
export type Day = number;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** The day a `YYYY-MM-DD` string names, or undefined when it names no real calendar day. */
export function parseDay(text: unknown): Day | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DAY_RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return dayFrom(y, mo, d);
}

/** The day of year `y`, month `m` (1–12), day `d` (unchecked). */
export function dayFrom(y: number, m: number, d: number): Day {
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** Year, month (1–12) and day of month of a day. */
export function ymd(day: Day): { y: number; m: number; d: number } {
  const t = new Date(day * MS_PER_DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** `YYYY-MM-DD` of a day. */
export function dayText(day: Day): string {
  const { y, m, d } = ymd(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days in month `m` (1–12) of year `y` (Gregorian: February has 29 in leap years). */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * The day `k` months after `anchor`, counted from the anchor itself (never chained): the
 * anchor's day of month, or the month's last day when the month is shorter. From Jan 31:
 * +1 → Feb 28 (Feb 29 in a leap year), +2 → Mar 31.
 */
export function addMonths(anchor: Day, k: number): Day {
  const { y, m, d } = ymd(anchor);
  const index = y * 12 + (m - 1) + k;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return dayFrom(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/**
 * The 30E/360 position of a day: 360 a year, 30 a month, the day of month capped at 30.
 * The 30/360 length of [a, b) is `pos360(b) − pos360(a)`, so lengths of adjacent pieces add up.
 */
export function pos360(day: Day): number {
  const { y, m, d } = ymd(day);
  return y * 360 + (m - 1) * 30 + Math.min(d, 30);
}
