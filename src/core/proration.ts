import { addMonths, dayText, pos360, type Day } from './calendar.js';

/**
 * Proration: how much of a term unit a service period [from, to) is, under a catalog's
 * policy, as an exact fraction. Periods are laid on the grid of the contract: its start
 * (the anchor) plus whole months (or term units). A period that does not start on the grid
 * has a partial first piece, one that does not end on it a partial last piece; the pieces in
 * between are whole. Every count is an integer, so the factor is an exact fraction and a line
 * amount is multiplied by its numerator and divided by its denominator once, when it is
 * rounded.
 */

/** How partial periods are measured. */
export type ProrationMethod = 'actual-days' | '30-360' | 'whole-months' | 'whole-units' | 'none';
/** How a partial first or last period counts: measured by the method, as a whole unit, or not at all. */
export type PartialRule = 'prorate' | 'full' | 'free';
export type TermUnit = 'month' | 'year' | 'day';

export interface ProrationPolicy {
  method: ProrationMethod;
  first: PartialRule;
  last: PartialRule;
}

/** The default policy: actual days of each month, partial periods prorated. */
export const DEFAULT_PRORATION: ProrationPolicy = { method: 'actual-days', first: 'prorate', last: 'prorate' };

/** The partial rules a method allows; the first is its default. */
export function partialRules(method: ProrationMethod): readonly PartialRule[] {
  if (method === 'none') return ['full'];
  if (method === 'whole-months' || method === 'whole-units') return ['full', 'free'];
  return ['prorate', 'full', 'free'];
}

/** One partial piece: `days` of the grid period [periodFrom, periodTo), counted as `num/den` of it. */
export interface PartialPiece {
  from: string;
  /** Last day of the piece (inclusive). */
  to: string;
  days: number;
  /** Length of the grid period the piece is part of, in days (30/360 days for that method). */
  of: number;
  /** Length of the piece in the method's days (actual days, or 30/360 days). */
  measured: number;
  /** How the piece was counted. */
  rule: PartialRule;
  num: bigint;
  den: bigint;
}

export interface Proration {
  /** The grid unit pieces are counted in. */
  grid: TermUnit;
  /** Whole grid units between the partial pieces. */
  whole: number;
  first?: PartialPiece;
  last?: PartialPiece;
  /** Grid units per term unit (12 when months are counted for a yearly price), else 1. */
  perTermUnit: number;
  /** The period in term units, exactly: `num / den` (reduced). */
  num: bigint;
  den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** The grid a policy counts in for a term unit: months, unless whole term units are asked for. */
function gridOf(policy: ProrationPolicy, unit: TermUnit): { grid: TermUnit; months: number; perTermUnit: number } {
  if (unit === 'day') return { grid: 'day', months: 0, perTermUnit: 1 };
  if (unit === 'year' && (policy.method === 'whole-units' || policy.method === 'none')) return { grid: 'year', months: 12, perTermUnit: 1 };
  return { grid: 'month', months: 1, perTermUnit: unit === 'year' ? 12 : 1 };
}

/**
 * The period [from, to) (`to` exclusive) in term units under `policy`, on the grid that
 * starts at `anchor` (≤ from). Days count whole days; a term in days is its day count.
 */
export function prorate(policy: ProrationPolicy, unit: TermUnit, anchor: Day, from: Day, to: Day): Proration {
  if (!(anchor <= from && from <= to)) throw new RangeError(`prorate needs anchor ≤ from ≤ to, got ${anchor}, ${from}, ${to}`);
  const { grid, months, perTermUnit } = gridOf(policy, unit);
  if (grid === 'day') return { grid, whole: to - from, perTermUnit, num: BigInt(to - from), den: 1n };
  const at = (k: number) => addMonths(anchor, k * months);
  // The grid period holding `from`: the largest k with at(k) ≤ from.
  let k = Math.max(0, Math.floor((from - anchor) / (31 * months)) - 1);
  while (at(k + 1) <= from) k++;
  let whole = 0;
  let first: PartialPiece | undefined;
  let last: PartialPiece | undefined;
  let cursor = from;
  if (at(k) < from) {
    const end = Math.min(at(k + 1), to);
    if (end > from) first = piece(policy, policy.first, at(k), at(k + 1), from, end);
    cursor = end;
    k++;
  }
  while (cursor < to && at(k + 1) <= to) {
    whole++;
    k++;
    cursor = at(k);
  }
  if (cursor < to) last = piece(policy, policy.last, at(k), at(k + 1), cursor, to);
  // Sum: whole + first + last, over perTermUnit.
  let num = BigInt(whole);
  let den = 1n;
  for (const p of [first, last]) {
    if (!p) continue;
    num = num * p.den + p.num * den;
    den = den * p.den;
  }
  den *= BigInt(perTermUnit);
  const g = gcd(num, den);
  const result: Proration = { grid, whole, perTermUnit, num: num / g, den: den / g };
  if (first) result.first = first;
  if (last) result.last = last;
  return result;
}

function piece(policy: ProrationPolicy, rule: PartialRule, periodFrom: Day, periodTo: Day, from: Day, to: Day): PartialPiece {
  const days = to - from;
  const thirty = policy.method === '30-360';
  const of = thirty ? pos360(periodTo) - pos360(periodFrom) : periodTo - periodFrom;
  const measured = thirty ? pos360(to) - pos360(from) : days;
  let num: bigint, den: bigint;
  if (rule === 'full') [num, den] = [1n, 1n];
  else if (rule === 'free') [num, den] = [0n, 1n];
  else {
    const g = gcd(BigInt(measured), BigInt(of));
    [num, den] = [BigInt(measured) / g, BigInt(of) / g];
  }
  return { from: dayText(from), to: dayText(to - 1), days, of, measured, rule, num, den };
}

/** The factor as text a reviewer reads: `10 months + 17/28 of a month` (en) or `10 个月 + 17/28 个月`. */
export function prorationLabel(p: Proration, termUnit: TermUnit, locale: string): string {
  const zh = locale.startsWith('zh');
  const unitWord = (n: number | string) => {
    const one = n === 1 || n === '1';
    if (zh) return `${n} ${p.grid === 'month' ? '个月' : p.grid === 'year' ? '年' : '天'}`;
    return `${n} ${p.grid}${one ? '' : 's'}`;
  };
  const zhUnit = p.grid === 'month' ? '个月' : '年';
  const partial = (x: PartialPiece) => {
    if (x.rule === 'full') return zh ? `1 ${zhUnit}（不足整${p.grid === 'month' ? '月' : '年'}按整${p.grid === 'month' ? '月' : '年'}计）` : `1 ${p.grid} (a started ${p.grid} counts whole)`;
    if (x.rule === 'free') return zh ? `0（不足整${p.grid === 'month' ? '月' : '年'}不计）` : `0 (a partial ${p.grid} is free)`;
    return zh ? `${x.measured}/${x.of} ${zhUnit}` : `${x.measured}/${x.of} of a ${p.grid}`;
  };
  const parts: string[] = [];
  // Whole units first, as an invoice line reads ("10 months + 17/28 of a month"); then the partial first, then the partial last piece.
  if (p.whole > 0 || (!p.first && !p.last)) parts.push(unitWord(p.whole));
  if (p.first) parts.push(partial(p.first));
  if (p.last) parts.push(partial(p.last));
  const sum = parts.join(' + ');
  if (p.perTermUnit === 1 || termUnit === p.grid) return sum;
  return zh ? `（${sum}）÷ 12` : `(${sum}) ÷ 12`;
}
