import { Dec, ZERO } from '../core/decimal.js';

/**
 * Split `total` integer minor units over `weights` in proportion, by the largest-remainder
 * method: every share is the floor of its exact share, and the units left over go one
 * each to the largest remainders (ties to the earlier index). The shares always sum to
 * `total` exactly; a negative total is split as its magnitude and negated. When every
 * weight is zero the split is even.
 *
 * @example allocate(new Dec(100), [new Dec(1), new Dec(1), new Dec(1)]) // → [34, 33, 33]
 */
export function allocate(total: Dec, weights: readonly Dec[]): Dec[] {
  const n = weights.length;
  if (n === 0) return [];
  const negative = total.isNegative();
  const whole = total.abs();
  let sum = ZERO;
  for (const w of weights) sum = sum.plus(w.abs());
  const even = sum.isZero();
  const base = even ? new Dec(n) : sum;
  const shares: Dec[] = new Array(n);
  const remainders: { i: number; r: Dec }[] = new Array(n);
  let given = ZERO;
  for (let i = 0; i < n; i++) {
    // Integer arithmetic only: the share's numerator over the common denominator `base`.
    const numerator = whole.times(even ? 1 : weights[i]!.abs());
    const floor = numerator.divToInt(base);
    shares[i] = floor;
    given = given.plus(floor);
    remainders[i] = { i, r: numerator.minus(floor.times(base)) };
  }
  let left = whole.minus(given).toNumber(); // a count of minor units, always < n
  if (left > 0) {
    remainders.sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i);
    for (let k = 0; k < left; k++) {
      const j = remainders[k]!.i;
      shares[j] = shares[j]!.plus(1);
    }
    left = 0;
  }
  return negative ? shares.map((s) => s.neg()) : shares;
}
