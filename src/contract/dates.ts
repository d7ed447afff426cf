import { addMonths, dayText, parseDay, type Day } from '../core/calendar.js';
import { Dec } from '../core/decimal.js';
import { divRoundText } from '../core/money.js';
import type { RoundingMode } from '../types.js';
import type { ContractError } from './types.js';

/** Decimals a contracted unit price keeps (an ordered amount ÷ quantity ÷ term need not end). */
export const UNIT_PRICE_PLACES = 6;

/** The last day of a term of `term` whole units from `start` (months counted from the start, never chained). */
export function termEnd(start: Day, term: number, unit: 'month' | 'year' | 'day'): Day {
  if (unit === 'day') return start + term - 1;
  return addMonths(start, unit === 'year' ? term * 12 : term) - 1;
}

/** Read a `YYYY-MM-DD` day, or record a located error. */
export function readDay(errors: ContractError[], value: unknown, path: string): Day | undefined {
  const d = parseDay(value);
  if (d === undefined) errors.push({ path, message: `must be a real calendar day "YYYY-MM-DD", got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value)}` });
  return d;
}

/** `amount ÷ units` with UNIT_PRICE_PLACES decimals, trailing zeros kept to the currency's `scale`. */
export function unitPrice(amount: Dec, units: Dec, scale: number, mode: RoundingMode): string {
  return divRoundText(amount, units, Math.max(scale, UNIT_PRICE_PLACES), mode, scale);
}

export { dayText, parseDay, Dec };

/** A deep copy of plain JSON data (contracts and quotes are JSON; no structuredClone in the core's lib). */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
