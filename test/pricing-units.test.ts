/**
 * Step 8's figures in BigInt units (src/pricing/finish.ts unitFigures: a line whose amount the
 * quote adjustments wrote from its minor units) against the same figures in Decimals (pricing
 * with `memo: false` has no memo box, so every line takes the Decimal path): generated catalogs —
 * exclusive and 含税 inclusive tax, half-up and half-even, CNY, USD, JPY (0 decimals) and KWD (3),
 * costs, every price model — and quotes with a quote discount, deep-equal.
 * Run: node --import tsx --test test/pricing-units.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { priceQuote } from '../src/pricing/index.js';
import { roundQuotient, roundQuotientSafe, safeUnitsText, unitsText } from '../src/core/money.js';
import { Dec, ROUND_HALF_EVEN, ROUND_HALF_UP } from '../src/core/decimal.js';
import { catalogArb, quoteArb } from './arbitraries.js';

const RUNS = Math.max(1000, Number(process.env.PROPERTY_RUNS ?? 1000) || 1000);

test('a quote discount priced through BigInt units gives exactly the Decimal figures', () => {
  const arb = catalogArb.chain((gen) => fc.tuple(fc.constant(gen), quoteArb(gen), fc.integer({ min: 1, max: 9999 }), fc.constantFrom(2, 3, 4)));
  let lines = 0;
  fc.assert(fc.property(arb, ([gen, quote, tenths, places]) => {
    // A percent with up to 4 decimals: shares with remainders, so largest remainder moves units.
    const percent = (tenths / 10 ** places).toFixed(places);
    const q = { ...quote, discount: { percent } };
    const units = priceQuote(gen.catalog, q);
    const decimals = priceQuote(gen.catalog, q, { memo: false });
    assert.deepStrictEqual(units, decimals);
    lines += units.lines.length;
  }), { numRuns: RUNS });
  assert.ok(lines > RUNS, 'lines were priced');
});

test('roundQuotient rounds as decimal.js does, ties away from zero or to even', () => {
  fc.assert(fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n), fc.constantFrom('half-up' as const, 'half-even' as const), (n, d, mode) => {
    const want = new Dec(n.toString()).div(new Dec(d.toString())).toDecimalPlaces(0, mode === 'half-even' ? ROUND_HALF_EVEN : ROUND_HALF_UP);
    assert.equal(roundQuotient(n, d, mode).toString(), want.isZero() ? '0' : want.toFixed(0));
  }), { numRuns: 3000 });
  // Ties, both ways and both signs.
  assert.equal(roundQuotient(5n, 2n, 'half-up'), 3n);
  assert.equal(roundQuotient(-5n, 2n, 'half-up'), -3n);
  assert.equal(roundQuotient(5n, 2n, 'half-even'), 2n);
  assert.equal(roundQuotient(-7n, 2n, 'half-even'), -4n);
  assert.equal(roundQuotient(7n, -2n, 'half-even'), -4n);
  assert.equal(unitsText(-5n, 2), '-0.05');
  assert.equal(unitsText(0n, 3), '0.000');
  assert.equal(unitsText(1234n, 0), '1234');
});

test('roundQuotientSafe and safeUnitsText on safe integers give exactly what the BigInt ones give', () => {
  const safe = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger().map((n) => n), fc.maxSafeInteger().map((n) => -n), fc.integer().map((n) => n * 1_000_003), fc.maxSafeInteger().map((n) => n - (n % 1_000_000)), fc.maxSafeInteger().map((n) => -(n - (n % 100) - 1)));
  fc.assert(fc.property(safe, fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.maxSafeInteger().filter((d) => d > 0)), fc.constantFrom('half-up' as const, 'half-even' as const), fc.constantFrom(0, 1, 2, 3, 6), (n, d, mode, scale) => {
    fc.pre(Number.isSafeInteger(n));
    const want = roundQuotient(BigInt(n), BigInt(d), mode);
    const got = roundQuotientSafe(n, d, mode);
    assert.ok(Object.is(got, Number(want)), `${n} / ${d} ${mode}: ${got} against ${want}`);
    assert.equal(safeUnitsText(n, scale), unitsText(BigInt(n), scale));
  }), { numRuns: 5000 });
  // Ties both ways and both signs, and no negative zero.
  assert.equal(roundQuotientSafe(5, 2, 'half-up'), 3);
  assert.equal(roundQuotientSafe(-5, 2, 'half-up'), -3);
  assert.equal(roundQuotientSafe(5, 2, 'half-even'), 2);
  assert.equal(roundQuotientSafe(-7, 2, 'half-even'), -4);
  assert.ok(Object.is(roundQuotientSafe(-1, 3, 'half-up'), 0));
  assert.equal(safeUnitsText(-5, 2), '-0.05');
  assert.equal(safeUnitsText(-0, 2), '0.00');
  // At the top of the safe integers, where a product of the quotient and 10^scale would not be exact.
  for (const n of [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 9007199254740900, -9007199254740899]) {
    for (const scale of [2, 6, 15]) assert.equal(safeUnitsText(n, scale), unitsText(BigInt(n), scale), `${n} at ${scale}`);
  }
});

test('amounts past what safe integers hold take the BigInt steps: the same figures as the Decimals', () => {
  // A list price near the largest a safe integer holds in minor units, large quantities, 含税 and
  // not, a cost and a quote discount: the Numbers' bound is passed and the BigInt steps take over.
  for (const taxMode of ['exclusive', 'inclusive'] as const) {
    for (const list of ['12345678901234.56', '99999999999.99', '1234.56']) {
      const catalog = {
        id: 'big', currency: 'CNY', pricing: { taxMode }, taxes: [{ code: 'VAT13', rate: '13' }], defaultTaxCode: 'VAT13',
        products: [{ sku: 'B', name: 'Big', cost: '1000.00', price: { model: 'flat', list } }],
      };
      for (const qty of ['1', '3', '7777', '99999']) {
        for (const percent of ['0.01', '3', '33.3333']) {
          const quote = { id: 'Q', date: '2026-12-07', discount: { percent }, lines: [{ id: 'L1', sku: 'B', qty }, { id: 'L2', sku: 'B', qty: '2' }] };
          const units = priceQuote(catalog, quote);
          assert.equal(units.issues.filter((i) => i.severity === 'error').length, 0, JSON.stringify(units.issues));
          assert.deepStrictEqual(units, priceQuote(catalog, quote, { memo: false }), `${taxMode} ${list} × ${qty}, ${percent} %`);
        }
      }
    }
  }
});
