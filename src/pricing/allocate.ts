import { Dec } from '../core/decimal.js';
import { scaledInt, toUnits } from '../core/money.js';

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
 * Where every numerator fits a double exactly (`total × weight + sum ≤ 2^53`, as it does for any
 * quote below about 90 billion in minor units per line and quote), the split is done in doubles —
 * the same integers, a division corrected to the exact floor — and the leftover units go to
 * the remainders above the one that is `left`-th largest, then to those equal to it from the
 * earliest index: no BigInt per line and no sort with a comparator (this runs over every line of a
 * quote on each pricing with a quote discount). Otherwise in BigInt, the same order.
 */
export function allocateUnits(total: bigint, weights: readonly bigint[]): bigint[] {
  const n = weights.length;
  if (n === 0) return [];
  // Where every value is a safe integer, the split on Numbers (when every numerator is one too).
  const t = toUnits(total);
  const ws = weights.map(toUnits);
  if (typeof t === 'number' && ws.every((v) => typeof v === 'number')) {
    const shares = allocateSafe(t, ws as number[]);
    if (shares) return Array.from(shares, (s) => BigInt(s));
  }
  const negative = total < 0n;
  const units = negative ? -total : total;
  let sum = 0n;
  for (const v of weights) sum += v < 0n ? -v : v;
  const even = sum === 0n;
  const shares = inBigInt(units, even ? BigInt(n) : sum, weights, even);
  if (negative) for (let i = 0; i < n; i++) shares[i] = -shares[i]!;
  return shares;
}


/**
 * `allocateUnits` of safe integers held as Numbers, giving Numbers (no BigInt made: a quote
 * discount splits over every line of the quote): the same shares, where its doubles path applies
 * (every numerator, plus the sum of the weights, a safe integer); undefined where it does not.
 */
export function allocateSafe(total: number, weights: readonly number[]): Float64Array | undefined {
  const n = weights.length;
  if (n === 0) return new Float64Array(0);
  const negative = total < 0;
  const units = negative ? -total : total;
  const magnitudes = new Float64Array(n);
  let sum = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = weights[i]!;
    const m = v < 0 ? -v : v;
    magnitudes[i] = m;
    sum += m;
    if (m > max) max = m;
  }
  // A sum or product past 2^53 − 1 comes out past it in doubles too (rounding is monotonic).
  if (!Number.isSafeInteger(sum)) return undefined;
  const even = sum === 0;
  const base = even ? n : sum;
  if (!(units * (even ? 1 : max) + base <= Number.MAX_SAFE_INTEGER)) return undefined;
  const shares = inDoubles(units, base, magnitudes, even);
  if (negative) for (let i = 0; i < n; i++) if (shares[i] !== 0) shares[i] = -shares[i]!;
  return shares;
}

/** The split where every numerator `units × weight`, and it plus `base`, is a safe integer (weights as magnitudes): the shares' magnitudes. */
function inDoubles(units: number, base: number, magnitudes: Float64Array, even: boolean): Float64Array {
  const n = magnitudes.length;
  const floors = new Float64Array(n);
  const remainders = new Float64Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const numerator = even ? units : units * magnitudes[i]!;
    // The quotient of two safe integers, rounded by the division: one step from the floor at most.
    let q = Math.floor(numerator / base);
    let r = numerator - q * base;
    if (r < 0) {
      q--;
      r += base;
    } else if (r >= base) {
      q++;
      r -= base;
    }
    floors[i] = q;
    remainders[i] = r;
    given += q;
  }
  let left = units - given; // a count of minor units, always < n
  if (left > 0) {
    // The `left`-th largest remainder: units go to every remainder above it, then to those equal
    // to it from the earliest index (largest remainder first, ties to the earlier index).
    const threshold = kthSmallest(remainders.slice(), n - left);
    for (let i = 0; i < n; i++) if (remainders[i]! > threshold) {
      floors[i]! += 1;
      left--;
    }
    for (let i = 0; left > 0 && i < n; i++) if (remainders[i] === threshold) {
      floors[i]! += 1;
      left--;
    }
  }
  return floors;
}

/**
 * The `k`-th smallest value of `a` (0-based; `a` is reordered): quickselect with three-way
 * partitions (many remainders are equal), a sort after 2·log2(n) + 8 rounds that did not settle
 * it — at worst O(n log n), whatever order the lines come in.
 */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  for (let rounds = 2 * Math.log2(a.length) + 8; lo < hi; rounds--) {
    if (rounds <= 0) return a.subarray(lo, hi + 1).sort()[k - lo]!;
    const x = a[lo]!, y = a[(lo + hi) >>> 1]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    let lt = lo, i = lo, gt = hi;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) {
        a[i++] = a[lt]!;
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt]!;
        a[gt--] = v;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[lo]!;
}

/** `allocateUnits` in BigInt (numerators past 2^53). */
function inBigInt(units: bigint, base: bigint, weights: readonly bigint[], even: boolean): bigint[] {
  const n = weights.length;
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
