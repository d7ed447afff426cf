import { parseDay } from '../core/calendar.js';
import { parseDecimal } from '../core/parse.js';
import type { LineDiscount, QuoteLine } from '../types.js';
import { clone, dayText, termEnd } from './dates.js';
import type { ContractError, ContractResult } from './types.js';

/** One period of a ramp deal: its length in term units, its quantity, and its own price (a line discount). */
export interface RampSegment {
  term: string | number;
  qty: string | number;
  discount?: LineDiscount;
}

/** At most this many segments in one ramp (a five-year deal by quarter). */
export const MAX_SEGMENTS = 20;

/**
 * A ramp deal ("year 1: 100 seats, year 2: 150 seats at 60.00"): one quote line per segment,
 * each over its own period from `start` (the next segment starts the day after one ends), with
 * the segment's quantity and price, all in the group `ramp:<line id>` with ids `<line id>:r1`,
 * `:r2`, … Each is priced as any line with a period (whole term units, never prorated) and
 * becomes one subscription of the contract, so an amendment finds the segment in force and a
 * renewal continues the last one.
 *
 * @example
 * rampLines({ id: 'L1', sku: 'CRM-PRO' }, '2027-01-01', [{ term: 12, qty: 100 }, { term: 12, qty: 150, discount: { unitPrice: '60.00' } }]);
 */
export function rampLines(line: Omit<QuoteLine, 'qty' | 'term' | 'period'>, start: string, segments: readonly RampSegment[], termUnit: 'month' | 'year' | 'day' = 'month'): ContractResult<QuoteLine[]> {
  const errors: ContractError[] = [];
  let from = parseDay(start);
  if (from === undefined) errors.push({ path: 'start', message: `must be a real calendar day "YYYY-MM-DD", got ${JSON.stringify(start)}` });
  if (!Array.isArray(segments) || segments.length === 0 || segments.length > MAX_SEGMENTS) {
    errors.push({ path: 'segments', message: `must list 1 to ${MAX_SEGMENTS} segments` });
  }
  if (errors.length > 0 || from === undefined) return { ok: false, errors };
  const lines: QuoteLine[] = [];
  segments.forEach((s, k) => {
    const term = parseDecimal(s?.term);
    const qty = parseDecimal(s?.qty);
    if (!term.ok || !term.value.isInteger() || term.value.lt(1) || term.value.gt(1200)) errors.push({ path: `segments[${k}].term`, message: 'must be a whole number of term units from 1 to 1200' });
    if (!qty.ok || !qty.value.gt(0)) errors.push({ path: `segments[${k}].qty`, message: 'must be a decimal greater than zero' });
    if (!term.ok || !qty.ok || errors.length > 0) return;
    const last = termEnd(from!, term.value.toNumber(), termUnit);
    const out: QuoteLine = { ...clone(line), id: `${line.id}:r${k + 1}`, qty: qty.value.toString(), period: { start: dayText(from!), end: dayText(last) }, group: `ramp:${line.id}` };
    if (s.discount !== undefined) out.discount = clone(s.discount);
    lines.push(out);
    from = last + 1;
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: lines };
}
