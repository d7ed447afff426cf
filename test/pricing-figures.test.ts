/**
 * The priced quote's honest figures (issue 14, item 2): each line's manual discount as the seller
 * entered it beside the effective `discountPercent`, and the margin over the lines that have a
 * cost when some do not (`totals.costedMargin`), never in the customer's copy. Expected values are
 * worked by hand in the comments; the property compares with sums over the priced lines.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { priceQuote } from '../src/pricing/index.js';
import { pricedForCustomer } from '../src/quote/index.js';
import type { Catalog, PricedQuote, Quote } from '../src/types.js';
import { sellerOnly } from './fixtures/seller-only.js';
import { catalog, line, quote } from './fixtures/pricing-catalogs.js';

const price = (q: unknown, c: unknown = catalog()): PricedQuote => priceQuote(c as Catalog, q as Quote);
const byId = (p: PricedQuote, id: string) => p.lines.find((l) => l.id === id)!;

describe('priced line: the discount the seller entered', () => {
  it('keeps the entered percent beside the effective one the quote discount adds to', () => {
    // FLAT 100.00 × 2 = 200.00; 5 % off → 190.00; the quote's 2 % (3.80) → 186.20: 6.90 % off list.
    const p = price(quote([line('L1', 'FLAT', '2', { discount: { percent: '5.0' } })], { discount: { percent: '2' } }));
    assert.deepEqual(byId(p, 'L1').discount, { percent: '5' });
    assert.equal(byId(p, 'L1').discountPercent, '6.90');
  });

  it('keeps an amount and a unit price as entered, normalized', () => {
    const p = price(quote([
      line('L1', 'FLAT', '2', { discount: { amount: '12.50' } }), // 87.50 per unit: 12.50 %
      line('L2', 'FLAT', '1', { discount: { unitPrice: '80' } }), // 20 %
      line('L3', 'FLAT', '1'),
    ]));
    assert.deepEqual(byId(p, 'L1').discount, { amount: '12.5' });
    assert.equal(byId(p, 'L1').discountPercent, '12.50');
    assert.deepEqual(byId(p, 'L2').discount, { unitPrice: '80' });
    assert.equal(byId(p, 'L3').discount, undefined);
  });

  it('puts a percent on the option lines it reaches, not on an included one, and nothing where it was refused', () => {
    const p = price(quote([line('L1', 'BUNDLE', '1', { discount: { percent: '10' } }), line('L2', 'FLAT', '1', { discount: { percent: '120' } })]));
    assert.deepEqual(byId(p, 'L1/ADDON-A').discount, { percent: '10' });
    assert.equal(byId(p, 'L1/ADDON-B').discount, undefined, 'included: priced 0, nothing to discount');
    assert.equal(byId(p, 'L2').discount, undefined);
    assert.ok(p.issues.some((i) => i.code === 'invalid-discount' && i.lineId === 'L2'));
  });
});

describe('totals.costedMargin: the margin over the lines that have a cost', () => {
  it('is there when some counted lines lack a cost, naming them; the contract margin is not', () => {
    // FLAT 2 × 100.00 = 200.00, cost 2 × 40.00 = 80.00; SVC 50.00, cost 20.00; WIDGET and SUB have no cost.
    // Over FLAT and SVC: net 250.00, cost 100.00, margin 150.00 = 60.00 %. The optional SUB is not counted.
    const p = price(quote([
      line('L1', 'FLAT', '2'), line('L2', 'WIDGET', '1'), line('L3', 'SVC', '1'),
      line('L4', 'SUB', '1', { term: '1', optional: true }),
    ]));
    assert.equal(p.totals.margin, undefined);
    assert.equal(p.totals.marginPercent, undefined);
    assert.deepEqual(p.totals.costedMargin, { net: '250.00', cost: '100.00', margin: '150.00', marginPercent: '60.00', uncosted: ['L2'] });
  });

  it('is absent when every line has a cost (the contract margin) and when none has', () => {
    const all = price(quote([line('L1', 'FLAT', '1'), line('L2', 'SVC', '1')]));
    assert.equal(all.totals.costedMargin, undefined);
    assert.equal(all.totals.marginPercent, '60.00'); // (150 − 60) / 150
    const none = price(quote([line('L1', 'WIDGET', '1')]));
    assert.equal(none.totals.costedMargin, undefined);
    assert.equal(none.totals.margin, undefined);
  });

  it('is the seller’s: the customer copy has none of it, and the leak scan finds it in the seller’s', () => {
    const p = price(quote([line('L1', 'FLAT', '2'), line('L2', 'WIDGET', '1')]));
    assert.ok(p.totals.costedMargin);
    assert.ok(sellerOnly(p).some((f) => f.includes('costedMargin')));
    assert.deepEqual(sellerOnly(pricedForCustomer(p)), []);
  });

  it('sums the costed lines’ own figures, whatever the mix (property)', () => {
    const skus = ['FLAT', 'SVC', 'WIDGET', 'TIER', 'FLOOR', 'BLOCK'];
    fc.assert(fc.property(
      fc.array(fc.record({ sku: fc.constantFrom(...skus), qty: fc.integer({ min: 1, max: 60 }), optional: fc.boolean(), pct: fc.option(fc.integer({ min: 0, max: 40 })) }), { minLength: 1, maxLength: 8 }),
      fc.option(fc.integer({ min: 0, max: 30 })),
      (rows, quotePct) => {
        const lines = rows.map((r, i) => line(`L${i + 1}`, r.sku, String(r.qty), { ...(r.optional ? { optional: true } : {}), ...(r.pct === null ? {} : { discount: { percent: String(r.pct) } }) }));
        const p = price(quote(lines, quotePct === null ? {} : { discount: { percent: String(quotePct) } }));
        const counted = p.lines.filter((l) => !l.optional);
        const costed = counted.filter((l) => l.cost !== undefined);
        const uncosted = counted.filter((l) => l.cost === undefined).map((l) => l.id);
        const m = p.totals.costedMargin;
        if (costed.length === 0 || uncosted.length === 0) return assert.equal(m, undefined);
        const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0)).toFixed(2);
        assert.ok(m);
        assert.deepEqual(m.uncosted, uncosted);
        assert.equal(m.net, sum(costed.map((l) => l.netAmount)));
        assert.equal(m.cost, sum(costed.map((l) => l.cost!)));
        assert.equal(m.margin, sum(costed.map((l) => l.margin!)));
      },
    ), { numRuns: 200 });
  });
});

describe('memo: false (what-if pricing outside the memo of incremental re-pricing)', () => {
  it('prices field for field as with the memo', () => {
    const q = quote([line('L1', 'BUNDLE', '2', { discount: { percent: '10' } }), line('L2', 'TIER', '25'), line('L3', 'PCT', '1')], { discount: { amount: '10.00' } });
    const c = catalog() as unknown as Catalog;
    assert.deepEqual(priceQuote(c, q as unknown as Quote, { memo: false }), priceQuote(c, q as unknown as Quote));
  });
});
