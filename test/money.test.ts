import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Decimal as DecimalJs } from 'decimal.js';
import { Dec } from '../src/core/decimal.js';
import { atLeast, divRound, divRoundText, ExactSum, fixed, roundTo, scaledInt, scaledUnits } from '../src/core/money.js';
import { parseDecimal } from '../src/core/parse.js';
import { currencyScale } from '../src/core/currency.js';

describe('fixed: exactly `scale` decimals', () => {
  const cases: [string, number, string][] = [
    ['700', 2, '700.00'],
    ['700.5', 2, '700.50'],
    ['700.55', 2, '700.55'],
    ['0', 2, '0.00'],
    ['-0', 2, '0.00'],
    ['-1.5', 2, '-1.50'],
    ['1234', 0, '1234'],
    ['1.2', 3, '1.200'],
    ['123456789012345678901234.5', 2, '123456789012345678901234.50'],
    ['0.000001', 6, '0.000001'],
    // More decimals than the scale: rounded half-up by the kit's clone, never truncated.
    ['1.2345', 3, '1.235'],
    ['0.125', 2, '0.13'],
  ];
  for (const [value, scale, expected] of cases) {
    it(`${value} at ${scale} → ${expected}`, () => assert.equal(fixed(new Dec(value), scale), expected));
  }
  it('agrees with toFixed on every value already at or below the scale (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (units, dp, extra) => {
        const value = new Dec(units.toString()).div(new Dec(10).pow(dp));
        const scale = dp + extra;
        const expected = value.toFixed(scale);
        assert.equal(fixed(value, scale), value.isZero() ? expected.replace(/^-/, '') : expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('atLeast, roundTo, divRound', () => {
  const cases: [string, string, string][] = [
    ['atLeast 0.0025 at 2', atLeast(new Dec('0.0025'), 2), '0.0025'],
    ['atLeast 12 at 2', atLeast(new Dec('12'), 2), '12.00'],
    ['half-up 0.125', roundTo(new Dec('0.125'), 2, 'half-up').toString(), '0.13'],
    ['half-even 0.125', roundTo(new Dec('0.125'), 2, 'half-even').toString(), '0.12'],
    ['half-even 0.135', roundTo(new Dec('0.135'), 2, 'half-even').toString(), '0.14'],
    ['half-up -0.125 (away from zero)', roundTo(new Dec('-0.125'), 2, 'half-up').toString(), '-0.13'],
    ['divRound 1/3 at 2', divRound(new Dec(1), new Dec(3), 2, 'half-up').toString(), '0.33'],
    ['divRound 2/3 at 6', divRound(new Dec(2), new Dec(3), 6, 'half-up').toString(), '0.666667'],
    ['divRound 1/8 at 2 half-even', divRound(new Dec(1), new Dec(8), 2, 'half-even').toString(), '0.12'],
  ];
  for (const [name, actual, expected] of cases) it(name, () => assert.equal(actual, expected));

  // divRound divides in BigInt; the reference is decimal.js at 300 digits, rounded once.
  const Wide = DecimalJs.clone({ precision: 300, toExpNeg: -400, toExpPos: 400 });
  const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 0, max: 12 }))
    .map(([units, dp]) => (dp === 0 ? units.toString() : new Dec(units.toString()).div(new Dec(10).pow(dp)).toFixed(dp)));
  it('divRound equals the wide quotient rounded once, for any decimals, places and mode', () => {
    fc.assert(
      fc.property(decimal, decimal.filter((d) => !new Dec(d).isZero()), fc.integer({ min: 0, max: 8 }), fc.constantFrom('half-up', 'half-even') as fc.Arbitrary<'half-up' | 'half-even'>, (n, d, places, mode) => {
        const expected = new Wide(n).div(new Wide(d)).toDecimalPlaces(places, mode === 'half-even' ? DecimalJs.ROUND_HALF_EVEN : DecimalJs.ROUND_HALF_UP);
        const actual = divRound(new Dec(n), new Dec(d), places, mode);
        assert.ok(actual.eq(expected.toString()), `${n} / ${d} at ${places} ${mode}: ${actual} ≠ ${expected}`);
        assert.ok(actual.decimalPlaces() <= places);
      }),
      { numRuns: 3000 },
    );
  });
  it('divRoundText writes what fixed/atLeast write of the rounded quotient (shifted by a power of ten too)', () => {
    fc.assert(
      fc.property(decimal, decimal.filter((d) => !new Dec(d).isZero()), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom('half-up', 'half-even') as fc.Arbitrary<'half-up' | 'half-even'>, (n, d, places, min, shift, mode) => {
        const minPlaces = Math.min(min, places);
        const rounded = new Wide(n).times(new Wide(10).pow(shift)).div(new Wide(d)).toDecimalPlaces(places, mode === 'half-even' ? DecimalJs.ROUND_HALF_EVEN : DecimalJs.ROUND_HALF_UP);
        const expected = atLeast(new Dec(rounded.toString()), minPlaces);
        assert.equal(divRoundText(new Dec(n), new Dec(d), places, mode, minPlaces, shift), expected, `${n}·10^${shift} / ${d} at ${places} (min ${minPlaces}) ${mode}`);
      }),
      { numRuns: 3000 },
    );
    assert.deepEqual([divRoundText(new Dec('-1'), new Dec('1000'), 2, 'half-up'), divRoundText(new Dec('5'), new Dec('4'), 6, 'half-up', 2), divRoundText(new Dec('3'), new Dec('1'), 0, 'half-up', 0, 1)], ['0.00', '1.25', '30']);
  });
  it('divRound rounds exact ties by the mode, both signs', () => {
    const t = (n: string, d: string, p: number, mode: 'half-up' | 'half-even') => divRound(new Dec(n), new Dec(d), p, mode).toString();
    assert.deepEqual([t('1', '8', 2, 'half-up'), t('-1', '8', 2, 'half-up'), t('3', '8', 2, 'half-even'), t('-3', '8', 2, 'half-even'), t('5', '-8', 2, 'half-even')], ['0.13', '-0.13', '0.38', '-0.38', '-0.62']);
  });
});

describe('parseDecimal and currency scales', () => {
  const good: [unknown, string][] = [['1200.00', '1200'], ['-5', '-5'], [42, '42'], ['0.0025', '0.0025']];
  for (const [input, expected] of good) it(`accepts ${JSON.stringify(input)}`, () => {
    const r = parseDecimal(input);
    assert.ok(r.ok);
    assert.equal(r.ok && r.value.toString(), expected);
  });
  const bad: unknown[] = ['12,00', '1e3', ' 1', '+5', '.5', '007', 'NaN', 'Infinity', '', 1.5, NaN, Infinity, null, {}, [], '9'.repeat(41)];
  for (const input of bad) it(`refuses ${String(JSON.stringify(input))} with a message`, () => {
    const r = parseDecimal(input);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.message.length > 0 && !/NaN|Infinity$/.test(r.message.replace(/"[^"]*"/g, '')));
  });
  const scales: [string, number | undefined][] = [['CNY', 2], ['USD', 2], ['EUR', 2], ['JPY', 0], ['KRW', 0], ['KWD', 3], ['BHD', 3], ['XYZ', undefined], ['cny', undefined]];
  for (const [code, scale] of scales) it(`${code} has ${scale} decimals`, () => assert.equal(currencyScale(code), scale));
});

describe('ExactSum: the Decimal sum, whether a value comes with its scaledInt or not', () => {
  const amount = fc.tuple(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 0, max: 12 }))
    .map(([units, dp]) => new Dec(units.toString()).div(new Dec(10).pow(dp)));
  it('equals adding the Decimals, for any mix of decimals and of scaled and unscaled adds', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(amount, fc.boolean()), { maxLength: 40 }), (values) => {
        const sum = new ExactSum();
        let expected = new Dec(0);
        for (const [v, scaled] of values) {
          sum.add(v, scaled ? scaledInt(v) : undefined);
          expected = expected.plus(v);
        }
        const got = sum.value();
        assert.ok(got.eq(expected), `${got.toString()} ≠ ${expected.toString()}`);
        assert.equal(fixed(got, 2), fixed(expected, 2));
      }),
      { numRuns: 2000 },
    );
  });
  it('units as safe-integer Numbers (scaledUnits) and as BigInts, mixed, near and past 2^53, equal adding the Decimals', () => {
    // Values around the largest safe integer in minor units, so that the Numbers' running sum crosses it either way.
    const near = fc.tuple(fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }), fc.integer({ min: 0, max: 4 }), fc.constantFrom('number', 'bigint', 'decimal'))
      .map(([units, dp, how]) => ({ v: new Dec(units.toString()).div(new Dec(10).pow(dp)), how }));
    fc.assert(
      fc.property(fc.array(fc.oneof(near, amount.map((v) => ({ v, how: 'number' }))), { maxLength: 40 }), (values) => {
        const sum = new ExactSum();
        let expected = new Dec(0);
        for (const { v, how } of values) {
          const scaled = how === 'number' ? scaledUnits(v) : how === 'bigint' ? scaledInt(v) : undefined;
          if (how === 'number' && scaled) assert.equal(typeof scaled[0] === 'number', Number.isSafeInteger(Number(scaledInt(v)![0])) && BigInt(Number(scaled[0])) === scaledInt(v)![0]);
          sum.add(v, scaled);
          expected = expected.plus(v);
        }
        const got = sum.value();
        assert.ok(got.eq(expected), `${got.toString()} ≠ ${expected.toString()}`);
      }),
      { numRuns: 3000 },
    );
    const t = new ExactSum();
    for (let i = 0; i < 3; i++) t.addUnits(Number.MAX_SAFE_INTEGER, 2);
    t.addUnits(-1, 0);
    assert.equal(t.value().toString(), new Dec(Number.MAX_SAFE_INTEGER).times(3).div(100).minus(1).toString());
  });
  it('an empty sum is zero; 0.1 + 0.2 is 0.3 exactly; scales mix', () => {
    assert.equal(new ExactSum().value().toString(), '0');
    const s = new ExactSum();
    for (const v of ['0.1', '0.2']) s.add(new Dec(v), scaledInt(new Dec(v)));
    assert.equal(s.value().toString(), '0.3');
    const t = new ExactSum();
    t.add(new Dec('12.5'), scaledInt(new Dec('12.5')));
    t.add(new Dec('-0.125'), scaledInt(new Dec('-0.125')));
    t.add(new Dec('100'));
    assert.equal(t.value().toString(), '112.375');
  });
});
