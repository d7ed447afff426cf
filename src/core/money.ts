import { Dec, ROUND_HALF_EVEN, ROUND_HALF_UP } from './decimal.js';
import type { RoundingMode } from '../types.js';

/** decimal.js rounding constant for a contract rounding mode. */
export function roundingConstant(mode: RoundingMode): typeof ROUND_HALF_UP | typeof ROUND_HALF_EVEN {
  return mode === 'half-even' ? ROUND_HALF_EVEN : ROUND_HALF_UP;
}

/** Round to `scale` decimals with the named mode (ties away from zero, or to even). */
export function roundTo(value: Dec, scale: number, mode: RoundingMode): Dec {
  return value.toDecimalPlaces(scale, roundingConstant(mode));
}

/**
 * Write a value with exactly `scale` decimals. Values are already rounded to `scale` at the
 * contract's rounding points; padding `toString()` is several times faster than `toFixed`,
 * which re-rounds. A value with more decimals still goes through `toFixed`.
 */
export function fixed(value: Dec, scale: number): string {
  const dp = value.decimalPlaces();
  if (dp > scale) return unsigned(value.toFixed(scale), value);
  const s = unsigned(value.toString(), value);
  if (dp === scale) return s;
  return (dp === 0 ? s + '.' : s) + '0'.repeat(scale - dp);
}

/** decimal.js writes "-0.00" for a negative zero; money has no sign on zero. */
function unsigned(s: string, value: Dec): string {
  return s.charCodeAt(0) === 45 && value.isZero() ? s.slice(1) : s;
}

/** Write an exact value with at least `scale` decimals and no more than it needs. */
export function atLeast(value: Dec, scale: number): string {
  const dp = value.decimalPlaces();
  return fixed(value, dp > scale ? dp : scale);
}

const POW10 = Array.from({ length: 7 }, (_, i) => new Dec(10).pow(i));
const NEG_POW10 = Array.from({ length: 7 }, (_, i) => new Dec(10).pow(-i));

/** Convert minor units (an integer Dec) back to an amount. */
export function fromMinor(units: Dec, scale: number): Dec {
  return units.times(NEG_POW10[scale] ?? new Dec(10).pow(-scale));
}

/** Convert an amount already rounded to `scale` into integer minor units. */
export function toMinor(amount: Dec, scale: number): Dec {
  return amount.times(POW10[scale] ?? new Dec(10).pow(scale));
}

/**
 * `n / d` rounded to `places` decimals with the named mode. The quotient is first computed
 * to the constructor's 60 significant digits; rounding that again is still exact for any
 * `d` below 10^40: a fraction with such a denominator cannot hold a run of 40 nines or
 * zeros that would make the second rounding differ from rounding the true quotient.
 */
export function divRound(n: Dec, d: Dec, places: number, mode: RoundingMode): Dec {
  return n.div(d).toDecimalPlaces(places, roundingConstant(mode));
}
