import { Dec } from '../core/decimal.js';
import { scaledInt } from '../core/money.js';

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
  if (weights.length === 0) return [];
  return allocateUnits(toBig(total), magnitudes(weights)).map((s) => new Dec(s.toString()));
}

/**
 * `allocate` on integers: `total` units split over `weights` (their magnitudes), in BigInt.
 * The remainders are kept in one array and the leftover units go by an index order sorted on
 * them (no object per weight: this runs over every line of a quote on each pricing).
 */
export function allocateUnits(total: bigint, weights: readonly bigint[]): bigint[] {
  const n = weights.length;
  if (n === 0) return [];
  const negative = total < 0n;
  const units = negative ? -total : total;
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    const v = weights[i]!;
    sum += v < 0n ? -v : v;
  }
  const even = sum === 0n;
  const base = even ? BigInt(n) : sum;
  const shares: bigint[] = new Array(n);
  const remainders: bigint[] = new Array(n);
  let given = 0n;
  for (let i = 0; i < n; i++) {
    // The share's numerator over the common denominator `base`.
    const v = weights[i]!;
    const numerator = even ? units : units * (v < 0n ? -v : v);
    const floor = numerator / base;
    shares[i] = floor;
    given += floor;
    remainders[i] = numerator - floor * base;
  }
  const left = Number(units - given); // a count of minor units, always < n
  if (left > 0) {
    const order: number[] = new Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // Largest remainder first, ties to the earlier index.
    order.sort((a, b) => {
      const ra = remainders[a]!, rb = remainders[b]!;
      return ra === rb ? a - b : ra < rb ? 1 : -1;
    });
    for (let k = 0; k < left; k++) shares[order[k]!]! += 1n;
  }
  if (negative) for (let i = 0; i < n; i++) shares[i] = -shares[i]!;
  return shares;
}

/** Whole minor units as a BigInt; anything else is refused (a caller's bug, named). */
function toBig(value: Dec): bigint {
  const s = scaledInt(value);
  if (!s || s[1] !== 0) throw new RangeError(`allocate splits whole minor units, not ${value.toString()}`);
  return s[0];
}

/** The weights' magnitudes as integers in one common scale (a proportion is unchanged by it). */
function magnitudes(weights: readonly Dec[]): bigint[] {
  const read = weights.map((x) => {
    const s = scaledInt(x);
    if (!s) throw new RangeError(`allocate cannot weigh ${x.toString()}`);
    return s;
  });
  let dp = 0;
  for (const [, d] of read) if (d > dp) dp = d;
  return read.map(([v, d]) => { const m = v < 0n ? -v : v; return d === dp ? m : m * 10n ** BigInt(dp - d); });
}
