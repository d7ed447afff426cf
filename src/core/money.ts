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
 * A finite decimal as an integer and a count of decimals (`1.25` → `[125n, 2]`), read from
 * its plain `toString()`; `undefined` when decimal.js writes it with an exponent (beyond
 * 10^±100, never money).
 */
export function scaledInt(value: Dec): [bigint, number] | undefined {
  const s = value.toString();
  if (s.includes('e')) return undefined;
  const dot = s.indexOf('.');
  return dot < 0 ? [BigInt(s), 0] : [BigInt(s.slice(0, dot) + s.slice(dot + 1)), s.length - dot - 1];
}

const BIG_POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));
/** 10^k as a BigInt. */
export const pow10n = (k: number): bigint => BIG_POW10[k] ?? 10n ** BigInt(k);

/** `scaledInt`, its integer a Number where it is a safe integer (what `ExactSum` adds without a BigInt). */
export function scaledUnits(value: Dec): [bigint | number, number] | undefined {
  const s = scaledInt(value);
  return s && [toUnits(s[0]), s[1]];
}

const SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * An exact running sum of decimals: those whose `scaledInt` the caller kept (figures used again
 * from run to run) in integer units of the finest decimals added — safe integers added as Numbers
 * while the sum stays one, in BigInt past that — several times cheaper than adding Decimals; the
 * others as Decimals. The same value either way: the kit's 60 digits never round a sum of money.
 */
export class ExactSum {
  private units = 0n;
  /** Units at `places` added as Numbers, a safe integer (into `units` when the next would not keep it one). */
  private small = 0;
  private places = 0;
  private rest: Dec | undefined;

  /** Add `value`; `scaled` is its `scaledInt` (or `scaledUnits`), when the caller has it. */
  add(value: Dec | undefined, scaled?: readonly [bigint | number, number]): void {
    if (!scaled) {
      // A caller gives at least one of the two (LineFigures: the Decimals, or their units).
      this.rest = this.rest ? this.rest.plus(value!) : value!;
      return;
    }
    this.addUnits(scaled[0], scaled[1]);
  }

  /** Add `v` units of 10^-p (a Number: a safe integer). */
  addUnits(v: bigint | number, p: number): void {
    if (p > this.places) {
      this.flush();
      this.units *= pow10n(p - this.places);
      this.places = p;
    }
    if (typeof v === 'number' && p === this.places) {
      // Two safe integers add exactly when the sum is one; a sum past 2^53 − 1 comes out past it too.
      const s = this.small + v;
      if (s <= Number.MAX_SAFE_INTEGER && s >= -Number.MAX_SAFE_INTEGER) {
        this.small = s;
        return;
      }
    }
    const b = typeof v === 'number' ? BigInt(v) : v;
    this.units += p < this.places ? b * pow10n(this.places - p) : b;
  }

  private flush(): void {
    if (this.small !== 0) {
      this.units += BigInt(this.small);
      this.small = 0;
    }
  }

  value(): Dec {
    this.flush();
    const sum = fromScaled(this.units, this.places);
    return this.rest ? sum.plus(this.rest) : sum;
  }
}

/** An integer count of 10^-places units as a Dec (`1234n, 2` → 12.34). */
export function fromScaled(count: Units, places: number): Dec {
  const units = typeof count === 'bigint' ? count : BigInt(count);
  if (places === 0) return new Dec(units.toString());
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  return new Dec(`${negative ? '-' : ''}${digits.slice(0, -places)}.${digits.slice(-places)}`);
}

/**
 * `n·10^shift / d` rounded to `places` decimals with the named mode, as a count of 10^-places
 * units, computed exactly: both are read as integers over powers of ten and divided once in
 * BigInt, the remainder deciding the last unit (ties away from zero, or to the even unit).
 * `undefined` for a zero divisor or a value decimal.js writes with an exponent.
 */
function quotientUnits(n: Dec, d: Dec, places: number, mode: RoundingMode, shift = 0): bigint | undefined {
  const a = scaledInt(n);
  const b = scaledInt(d);
  return a && b ? scaledQuotient(a, b, places, mode, shift) : undefined;
}

/**
 * `quotientUnits` of two decimals given as their `scaledInt`s (a caller dividing one value at two
 * precisions, or many by one divisor, reads each once); undefined for a zero divisor.
 */
export function scaledQuotient(a: readonly [bigint, number], b: readonly [bigint, number], places: number, mode: RoundingMode, shift = 0): bigint | undefined {
  if (b[0] === 0n || places < 0) return undefined;
  // n·10^shift/d·10^places = (A/10^x)/(B/10^y)·10^(shift+places) = A·10^(y+shift+places) / (B·10^x)
  return roundQuotient(a[0] * pow10n(b[1] + shift + places), b[0] * pow10n(a[1]), mode);
}

/**
 * The integer `num / den` rounded with the named mode (ties away from zero, or to the even
 * integer), exactly. `den` must not be zero.
 */
export function roundQuotient(num: bigint, den: bigint, mode: RoundingMode): bigint {
  if (den < 0n) { num = -num; den = -den; }
  let q = num / den;
  const r = num % den;
  if (r !== 0n) {
    const twice = (r < 0n ? -r : r) * 2n;
    if (twice > den || (twice === den && (mode !== 'half-even' || (q & 1n) !== 0n))) q += num < 0n ? -1n : 1n;
  }
  return q;
}

/**
 * `roundQuotient` of safe integers held as Numbers, `den` > 0: the same rounding, exactly — the
 * remainder is exact for doubles, and so is the division of `num − r`, a multiple of `den`. The
 * caller keeps every operand and product within `Number.MAX_SAFE_INTEGER` (no BigInt made: a
 * line's figures are a dozen such steps, 10,000 lines on a quote discount).
 */
export function roundQuotientSafe(num: number, den: number, mode: RoundingMode): number {
  const r = num % den;
  let q = (num - r) / den;
  if (r !== 0) {
    const twice = (r < 0 ? -r : r) * 2;
    if (twice > den || (twice === den && (mode !== 'half-even' || q % 2 !== 0))) q += num < 0 ? -1 : 1;
  }
  // Never a negative zero (a quotient of 0 from a negative numerator): BigInt has none.
  return q === 0 ? 0 : q;
}

const SAFE_POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
const ZEROS = Array.from({ length: 16 }, (_, i) => '0'.repeat(i));

/**
 * `unitsText` of a safe integer held as a Number: its whole and fractional parts split by
 * arithmetic (remainder and exact division), so that few strings are made — it writes five texts
 * a line on every quote discount.
 */
export function safeUnitsText(units: number, scale: number): string {
  const negative = units < 0;
  const a = negative ? -units : units;
  const p = SAFE_POW10[scale];
  if (scale === 0) return String(units === 0 ? 0 : units);
  if (p === undefined) return unitsText(BigInt(units), scale);
  // Exact on safe integers: the remainder of doubles is, and the whole part divides a multiple of p.
  const part = a % p;
  const whole = (a - part) / p;
  const digits = String(part);
  const text = `${whole}.${digits.length < scale ? ZEROS[scale - digits.length] + digits : digits}`;
  return negative ? `-${text}` : text;
}

/**
 * A count of minor units: a Number where it is a safe integer, a BigInt only past that (so that a
 * value has one form, and two counts are compared with ===).
 */
export type Units = number | bigint;

/** `units` in its `Units` form. */
export function toUnits(units: bigint): Units {
  return units <= SAFE_BIG && units >= -SAFE_BIG ? Number(units) : units;
}

/** A count of 10^-scale units written with exactly `scale` decimals (`fixed` of the same value; zero has no sign). */
export function unitsText(units: Units, scale: number): string {
  if (typeof units === 'number') return safeUnitsText(units, scale);
  if (scale === 0) return units.toString();
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** `scaledInt(value)` as a count of 10^-scale units, when the value has at most `scale` decimals. */
export function unitsAt(value: Dec, scale: number): bigint | undefined {
  const s = scaledInt(value);
  return s && s[1] <= scale ? s[0] * pow10n(scale - s[1]) : undefined;
}


/**
 * `n / d` rounded to `places` decimals with the named mode, exactly (see quotientUnits:
 * decimal.js's own division would first compute 60 significant digits — several times the
 * work, for the same result; the property test in test/money.test.ts compares them).
 */
export function divRound(n: Dec, d: Dec, places: number, mode: RoundingMode): Dec {
  const q = quotientUnits(n, d, places, mode);
  return q === undefined ? n.div(d).toDecimalPlaces(places, roundingConstant(mode)) : fromScaled(q, places);
}

/**
 * `n·10^shift / d` rounded to `places` decimals, written with `places` decimals, less the
 * trailing zeros beyond `minPlaces` (`fixed(divRound(…))` and `atLeast(divRound(…))` without
 * the intermediate Dec). Zero has no sign.
 */
export function divRoundText(n: Dec, d: Dec, places: number, mode: RoundingMode, minPlaces = places, shift = 0): string {
  const q = quotientUnits(n, d, places, mode, shift);
  if (q === undefined) {
    const v = (shift ? n.times(pow10Dec(shift)) : n).div(d).toDecimalPlaces(places, roundingConstant(mode));
    return minPlaces === places ? fixed(v, places) : atLeast(v, minPlaces);
  }
  return trimmedUnitsText(q, places, minPlaces);
}

/** Integer units of 10^−places written with `places` decimals, less the trailing zeros beyond `minPlaces`. Zero has no sign. */
export function trimmedUnitsText(q: bigint, places: number, minPlaces = places): string {
  const negative = q < 0n;
  let digits = (negative ? -q : q).toString();
  if (places === 0) return q === 0n ? '0' : (negative ? '-' : '') + digits;
  digits = digits.padStart(places + 1, '0');
  let end = digits.length;
  const floor = digits.length - places + minPlaces;
  while (end > floor && digits.charCodeAt(end - 1) === 48) end--;
  const intPart = digits.slice(0, digits.length - places);
  const text = end > digits.length - places ? `${intPart}.${digits.slice(digits.length - places, end)}` : intPart;
  return negative && q !== 0n ? '-' + text : text;
}

const pow10Dec = (k: number): Dec => new Dec(10).pow(k);
