import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The kit's one Decimal constructor. A module-level clone, never `Decimal.set`, so a host
 * that configures decimal.js for itself is not affected and cannot affect the kit.
 * 60 significant digits are far more than any amount, quantity or ratio needs; rounding
 * to minor units is always explicit (see `roundMoney`).
 */
export const Dec = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -100,
  toExpPos: 100,
  minE: -9e15,
  maxE: 9e15,
});
export type Dec = InstanceType<typeof Dec>;

/**
 * A decimal to keep (in the pricing memo, with every line): the same value, a copy whose digit
 * list is at its length — decimal.js grows the list of a result by push, which leaves room for 17
 * words where one or two are used (152 bytes instead of 24–32, for every decimal kept).
 */
export function compact(d: Dec): Dec {
  return new Dec(d);
}

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
export const HUNDRED = new Dec(100);
export const ROUND_HALF_UP = DecimalJs.ROUND_HALF_UP;
export const ROUND_HALF_EVEN = DecimalJs.ROUND_HALF_EVEN;
