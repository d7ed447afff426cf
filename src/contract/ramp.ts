import { addMonths, parseDay } from '../core/calendar.js';
import { parseDecimal } from '../core/parse.js';
import type { LineDiscount, Quote, QuoteLine } from '../types.js';
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

/** A segment's length: whole months (its period ends the day before the same day n months on) or days. */
type Span = { months: number } | { days: number };

function spanOf(start: number, end: number): Span {
  for (let n = 1; n <= 1200; n++) {
    const next = addMonths(start, n);
    if (next - 1 === end) return { months: n };
    if (next - 1 > end) break;
  }
  return { days: end - start + 1 };
}

const lastDay = (start: number, s: Span) => ('months' in s ? addMonths(start, s.months) - 1 : start + s.days - 1);

/** The segment lines of ramp `rampId` (group `ramp:<rampId>`), in quote order, with their index in `quote.lines`. */
export function rampSegments(quote: Quote, rampId: string): { line: QuoteLine; at: number }[] {
  const group = `ramp:${rampId}`;
  return (quote.lines ?? []).flatMap((line, at) => (line.group === group ? [{ line, at }] : []));
}

type Segs = { line: QuoteLine; at: number; start: number; end: number }[];

function readRamp(quote: Quote, rampId: string, errors: ContractError[]): Segs | undefined {
  const segs = rampSegments(quote, rampId);
  if (segs.length === 0) {
    errors.push({ path: 'rampId', message: `no ramp ${JSON.stringify(rampId)} on this quote (no lines in group "ramp:${rampId}")` });
    return undefined;
  }
  const out: Segs = [];
  segs.forEach(({ line, at }) => {
    const start = parseDay(line.period?.start);
    const end = parseDay(line.period?.end);
    if (start === undefined || end === undefined || end < start) errors.push({ path: `lines[${at}].period`, message: 'a ramp segment needs a period with real start and end days, end not before start' });
    else out.push({ line, at, start, end });
  });
  return errors.length > 0 ? undefined : out;
}

/** The quote with the ramp's segment lines replaced by `lines` (at the first segment's place). */
function withSegments(quote: Quote, segs: Segs, lines: QuoteLine[]): Quote {
  const first = segs[0]!.at;
  const drop = new Set(segs.map((s) => s.at));
  const out: QuoteLine[] = [];
  (quote.lines ?? []).forEach((l, i) => {
    if (i === first) out.push(...lines);
    if (!drop.has(i)) out.push(l);
  });
  return { ...clone(quote), lines: clone(out) };
}

/** Lay the segments end to end from `start`, each keeping its own length: contiguous by construction. */
function relay(segs: { line: QuoteLine; span: Span }[], start: number): QuoteLine[] {
  let from = start;
  return segs.map(({ line, span }) => {
    const last = lastDay(from, span);
    const out = { ...line, period: { start: dayText(from), end: dayText(last) } };
    from = last + 1;
    return out;
  });
}

/**
 * Add a segment after the last of ramp `rampId`: as long as the last, with its quantity and
 * price, starting the day after it ends. Its id is the next free `<rampId>:r<n>`.
 */
export function addRampSegment(quote: Quote, rampId: string): ContractResult<Quote> {
  const errors: ContractError[] = [];
  const segs = readRamp(quote, rampId, errors);
  if (!segs) return { ok: false, errors };
  if (segs.length >= MAX_SEGMENTS) return { ok: false, errors: [{ path: 'rampId', message: `a ramp has at most ${MAX_SEGMENTS} segments` }] };
  const last = segs[segs.length - 1]!;
  const ids = new Set((quote.lines ?? []).map((l) => l.id));
  let n = segs.length + 1;
  while (ids.has(`${rampId}:r${n}`)) n++;
  const start = last.end + 1;
  const line: QuoteLine = { ...clone(last.line), id: `${rampId}:r${n}`, period: { start: dayText(start), end: dayText(lastDay(start, spanOf(last.start, last.end))) } };
  return { ok: true, value: withSegments(quote, segs, [...segs.map((s) => s.line), line]) };
}

/**
 * Remove segment `index` (0-based) of ramp `rampId`, never the last remaining one. The later
 * segments move earlier, each keeping its length, so the ramp stays contiguous from its start.
 */
export function removeRampSegment(quote: Quote, rampId: string, index: number): ContractResult<Quote> {
  const errors: ContractError[] = [];
  const segs = readRamp(quote, rampId, errors);
  if (!segs) return { ok: false, errors };
  if (!Number.isInteger(index) || index < 0 || index >= segs.length) return { ok: false, errors: [{ path: 'index', message: `must be a segment index from 0 to ${segs.length - 1}` }] };
  if (segs.length === 1) return { ok: false, errors: [{ path: 'index', message: 'a ramp keeps at least one segment: remove the whole ramp instead' }] };
  const kept = segs.filter((_, i) => i !== index).map((s) => ({ line: s.line, span: spanOf(s.start, s.end) }));
  return { ok: true, value: withSegments(quote, segs, relay(kept, segs[0]!.start)) };
}

/**
 * Set segment `index` of ramp `rampId`: its quantity (a decimal greater than zero) and/or its
 * price (`discount`, as any line's: percent, amount or net unit price; `null` clears it).
 */
export function setRampSegment(quote: Quote, rampId: string, index: number, patch: { qty?: string | number; discount?: LineDiscount | null }): ContractResult<Quote> {
  const errors: ContractError[] = [];
  const segs = readRamp(quote, rampId, errors);
  if (!segs) return { ok: false, errors };
  if (!Number.isInteger(index) || index < 0 || index >= segs.length) return { ok: false, errors: [{ path: 'index', message: `must be a segment index from 0 to ${segs.length - 1}` }] };
  const line: QuoteLine = clone(segs[index]!.line);
  if (patch.qty !== undefined) {
    const qty = parseDecimal(patch.qty);
    if (!qty.ok || !qty.value.gt(0)) errors.push({ path: 'qty', message: 'must be a decimal greater than zero' });
    else line.qty = qty.value.toString();
  }
  if (patch.discount === null) delete line.discount;
  else if (patch.discount !== undefined) {
    const keys = Object.keys(patch.discount);
    const key = keys[0] as 'percent' | 'amount' | 'unitPrice' | undefined;
    const value = key === undefined ? undefined : parseDecimal((patch.discount as Record<string, unknown>)[key]);
    if (keys.length !== 1 || !['percent', 'amount', 'unitPrice'].includes(key!) || !value?.ok || value.value.isNegative() || (key === 'percent' && value.value.gt(100))) {
      errors.push({ path: 'discount', message: 'must be one of { percent: 0–100 }, { amount: ≥ 0 }, { unitPrice: ≥ 0 } as a decimal string' });
    } else {
      // Money keeps the scale it was typed with ("58.50", not "58.5"), as the line editor's discount does.
      const raw = (patch.discount as Record<string, unknown>)[key!];
      line.discount = { [key!]: typeof raw === 'string' ? raw.trim() : value.value.toString() } as LineDiscount;
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: withSegments(quote, segs, segs.map((s, i) => (i === index ? line : s.line))) };
}

/** Remove the whole ramp: every line of group `ramp:<rampId>`. */
export function removeRamp(quote: Quote, rampId: string): ContractResult<Quote> {
  const errors: ContractError[] = [];
  const segs = readRamp(quote, rampId, errors);
  if (!segs) return { ok: false, errors };
  return { ok: true, value: withSegments(quote, segs, []) };
}

/**
 * Make line `lineId` (a product sold by term, with a whole term of at least 2 units) a ramp of
 * two segments: its term split in two halves (the first the larger for an odd term), the same
 * quantity and price, from `start` (its period's start if it has one). The ramp's id is the line's.
 */
export function makeRamp(quote: Quote, lineId: string, start: string, termUnit: 'month' | 'year' | 'day' = 'month'): ContractResult<Quote> {
  const at = (quote.lines ?? []).findIndex((l) => l.id === lineId);
  const line = quote.lines?.[at];
  if (!line) return { ok: false, errors: [{ path: 'lineId', message: `no line ${JSON.stringify(lineId)} on this quote` }] };
  if (line.group?.startsWith('ramp:') || line.locked || line.subscriptionId !== undefined) return { ok: false, errors: [{ path: `lines[${at}]`, message: 'is already a ramp segment or a contract line' }] };
  const from = line.period?.start ?? start;
  const term = line.period ? undefined : parseDecimal(line.term);
  let units: number | undefined = term?.ok && term.value.isInteger() ? term.value.toNumber() : undefined;
  if (line.period) {
    const s = parseDay(line.period.start), e = parseDay(line.period.end);
    const span = s !== undefined && e !== undefined ? spanOf(s, e) : undefined;
    units = span && 'months' in span ? span.months : undefined;
    termUnit = 'month';
  }
  if (units === undefined || units < 2) return { ok: false, errors: [{ path: `lines[${at}].term`, message: 'needs a whole term of at least 2 units to split in two' }] };
  const { qty, term: _t, period: _p, group: _g, ...rest } = line;
  const half = Math.ceil(units / 2);
  const made = rampLines(rest, from, [{ term: half, qty: qty ?? '1', ...(line.discount ? { discount: line.discount } : {}) }, { term: units - half, qty: qty ?? '1', ...(line.discount ? { discount: line.discount } : {}) }], termUnit);
  if (!made.ok) return made;
  const lines = clone(quote.lines ?? []);
  lines.splice(at, 1, ...made.value);
  return { ok: true, value: { ...clone(quote), lines } };
}
