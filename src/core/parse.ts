import { Dec } from './decimal.js';

/** Plain decimal notation only: no exponent, no hex, no "Infinity", no spaces. */
const DECIMAL_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
/** Longest decimal string accepted: anything longer is a mistake or an attack, not money. */
export const MAX_DECIMAL_LENGTH = 40;

export type ParseResult = { ok: true; value: Dec } | { ok: false; message: string };

/**
 * Parse a contract decimal: a string in plain decimal notation, or a JS number that is a
 * safe integer. Floats are refused because they may already have lost the cent.
 */
export function parseDecimal(input: unknown): ParseResult {
  if (typeof input === 'string') {
    if (input.length > MAX_DECIMAL_LENGTH) {
      return { ok: false, message: `is ${input.length} characters long; at most ${MAX_DECIMAL_LENGTH} are accepted` };
    }
    if (!DECIMAL_RE.test(input)) {
      return { ok: false, message: `must be a decimal string such as "1200.00", got ${JSON.stringify(input)}` };
    }
    return { ok: true, value: new Dec(input) };
  }
  if (typeof input === 'number') {
    if (Number.isSafeInteger(input)) return { ok: true, value: new Dec(input) };
    return {
      ok: false,
      message: Number.isFinite(input)
        ? `must be a decimal string: the number ${input} is not a safe integer, write it as "${input}"`
        : 'must be a decimal string, got a non-finite number',
    };
  }
  return { ok: false, message: `must be a decimal string, got ${describe(input)}` };
}

const parsed = new Map<string, ParseResult>();

/**
 * `parseDecimal` through a bounded memo of the strings seen: a catalog repeats the same prices
 * and quantities ("10.00" a thousand times), and validation and preparation both read them.
 * Results are shared, so treat them (and their decimals, which are immutable) as read-only.
 */
export function parseDecimalMemo(input: unknown): ParseResult {
  if (typeof input !== 'string' || input.length > MAX_DECIMAL_LENGTH) return parseDecimal(input);
  let r = parsed.get(input);
  if (r === undefined) {
    if (parsed.size >= 4096) parsed.clear();
    parsed.set(input, (r = parseDecimal(input)));
  }
  return r;
}

/** A short, safe description of an unexpected value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a non-finite number';
  return String(value);
}
