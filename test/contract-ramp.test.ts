/**
 * Editing a ramp deal (src/contract/ramp.ts): add, remove and set segments, remove the ramp, make
 * a ramp of a line. Periods written by hand; a property: segments stay contiguous and the priced
 * sum is the sum of the segments' own prices.
 * Run: node --import tsx --test test/contract-ramp.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { priceQuote } from '../src/pricing/index.js';
import { addRampSegment, makeRamp, rampLines, rampSegments, removeRamp, removeRampSegment, setRampSegment } from '../src/contract/index.js';
import type { Catalog, Quote } from '../src/types.js';
import { Dec } from '../src/core/decimal.js';
import { addMonths, dayText, parseDay } from '../src/core/calendar.js';

const catalog: Catalog = {
  id: 'seats', currency: 'CNY', locale: 'en', taxes: [{ code: 'V13', rate: '13' }], defaultTaxCode: 'V13',
  products: [
    { sku: 'SEAT', name: 'CRM seat', term: { unit: 'month', min: '1', max: '60', default: '12' }, price: { model: 'flat', list: '65.00' } },
    { sku: 'SETUP', name: 'Setup', price: { model: 'flat', list: '500.00' } },
  ],
};
const ok = <T>(r: { ok: true; value: T } | { ok: false; errors: unknown[] }): T => {
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.value;
};
const ramp = (segments: { term: number; qty: string; discount?: { unitPrice: string } }[], start = '2027-01-01'): Quote => ({
  id: 'Q', date: '2026-12-01',
  lines: [{ id: 'S', sku: 'SETUP', qty: '1' }, ...ok(rampLines({ id: 'L1', sku: 'SEAT' }, start, segments)), { id: 'N', sku: 'SETUP', qty: '2' }],
});
const periods = (q: Quote) => rampSegments(q, 'L1').map(({ line }) => [line.id, line.qty, line.period?.start, line.period?.end]);

test('add a segment: after the last, as long as it, same quantity and price; the other lines stay where they were', () => {
  const q = ok(addRampSegment(ramp([{ term: 12, qty: '100' }, { term: 6, qty: '150', discount: { unitPrice: '60.00' } }]), 'L1'));
  assert.deepEqual(periods(q), [
    ['L1:r1', '100', '2027-01-01', '2027-12-31'], ['L1:r2', '150', '2028-01-01', '2028-06-30'], ['L1:r3', '150', '2028-07-01', '2028-12-31'],
  ]);
  assert.deepEqual(q.lines.map((l) => l.id), ['S', 'L1:r1', 'L1:r2', 'L1:r3', 'N']);
  assert.deepEqual(q.lines[3]!.discount, { unitPrice: '60.00' });
  // 150 × 60.00 × 6 = 54,000.00 for the new half year.
  assert.equal(priceQuote(catalog, q).lines.find((l) => l.id === 'L1:r3')!.netAmount, '54000.00');
  // Month ends: a segment from 2027-01-31 of one month ends 2027-02-27; the next one month on.
  const m = ok(addRampSegment(ramp([{ term: 1, qty: '1' }], '2027-01-31'), 'L1'));
  assert.deepEqual(periods(m).map((p) => [p[2], p[3]]), [['2027-01-31', '2027-02-27'], ['2027-02-28', '2027-03-27']]);
});

test('remove a segment: the later ones move earlier, keeping their lengths; never the last one', () => {
  const q = ramp([{ term: 12, qty: '100' }, { term: 12, qty: '150' }, { term: 6, qty: '200' }]);
  assert.deepEqual(periods(ok(removeRampSegment(q, 'L1', 1))), [['L1:r1', '100', '2027-01-01', '2027-12-31'], ['L1:r3', '200', '2028-01-01', '2028-06-30']]);
  assert.deepEqual(periods(ok(removeRampSegment(q, 'L1', 0))), [['L1:r2', '150', '2027-01-01', '2027-12-31'], ['L1:r3', '200', '2028-01-01', '2028-06-30']]);
  assert.deepEqual(periods(ok(removeRampSegment(q, 'L1', 2))).length, 2);
  const one = ramp([{ term: 12, qty: '100' }]);
  for (const [quote, index, path] of [[one, 0, 'index'], [q, 3, 'index'], [q, -1, 'index'], [q, 1.5, 'index']] as const) {
    const r = removeRampSegment(quote, 'L1', index);
    assert.ok(!r.ok && r.errors[0]!.path === path, `${index}`);
  }
  const none = removeRampSegment(q, 'NOPE', 0);
  assert.ok(!none.ok && none.errors[0]!.path === 'rampId');
  // Adding after a removal does not reuse an id still in use.
  assert.deepEqual(periods(ok(addRampSegment(ok(removeRampSegment(q, 'L1', 0)), 'L1'))).map((p) => p[0]), ['L1:r2', 'L1:r3', 'L1:r4']);
});

test('set a segment: quantity and price (net unit price or percent), cleared with null; located errors', () => {
  const q = ramp([{ term: 12, qty: '100' }, { term: 12, qty: '150' }]);
  const set = ok(setRampSegment(q, 'L1', 1, { qty: '120', discount: { unitPrice: '58.50' } }));
  const p = priceQuote(catalog, set);
  // 100 × 65.00 × 12 = 78,000.00; 120 × 58.50 × 12 = 84,240.00.
  assert.deepEqual(p.lines.filter((l) => l.id.startsWith('L1:')).map((l) => l.netAmount), ['78000.00', '84240.00']);
  const pct = ok(setRampSegment(set, 'L1', 0, { discount: { percent: '10' } }));
  // 100 × 58.50 × 12 = 70,200.00.
  assert.equal(priceQuote(catalog, pct).lines.find((l) => l.id === 'L1:r1')!.netAmount, '70200.00');
  assert.equal(rampSegments(ok(setRampSegment(pct, 'L1', 0, { discount: null })), 'L1')[0]!.line.discount, undefined);
  for (const [patch, path] of [[{ qty: '0' }, 'qty'], [{ qty: 'x' }, 'qty'], [{ discount: { percent: '101' } }, 'discount'], [{ discount: { unitPrice: '-1' } }, 'discount'], [{ discount: { bogus: '1' } }, 'discount']] as const) {
    const r = setRampSegment(q, 'L1', 0, patch as never);
    assert.ok(!r.ok && r.errors[0]!.path === path, JSON.stringify(patch));
  }
  assert.deepEqual(q.lines[1]!.qty, '100', 'the input quote is not changed');
});

test('remove the whole ramp; make a ramp of a line: its term in two halves, same quantity and price', () => {
  const q = ramp([{ term: 12, qty: '100' }, { term: 12, qty: '150' }]);
  assert.deepEqual(ok(removeRamp(q, 'L1')).lines.map((l) => l.id), ['S', 'N']);
  const line: Quote = { id: 'Q', date: '2026-12-01', lines: [{ id: 'L7', sku: 'SEAT', qty: '40', term: '24', discount: { percent: '5' } }] };
  const made = ok(makeRamp(line, 'L7', '2027-03-01'));
  assert.deepEqual(periods({ ...made, lines: made.lines.map((l) => ({ ...l, group: l.group?.replace('L7', 'L1') })) }), [
    ['L7:r1', '40', '2027-03-01', '2028-02-29'], ['L7:r2', '40', '2028-03-01', '2029-02-28'],
  ]);
  // Same money as the line over 24 months: 40 × 61.75 × 24 = 59,280.00 = 29,640.00 × 2.
  const sum = priceQuote(catalog, made).totals.net;
  assert.equal(sum, priceQuote(catalog, line).totals.net);
  const odd = ok(makeRamp({ ...line, lines: [{ ...line.lines[0]!, term: '3' }] }, 'L7', '2027-01-01'));
  assert.deepEqual(odd.lines.map((l) => l.period?.end), ['2027-02-28', '2027-03-31']);
  for (const [quote, path] of [[{ ...line, lines: [{ ...line.lines[0]!, term: '1' }] }, 'lines[0].term'], [line, 'lineId']] as [Quote, string][]) {
    const r = makeRamp(quote, path === 'lineId' ? 'NOPE' : 'L7', '2027-01-01');
    assert.ok(!r.ok && r.errors[0]!.path === path, path);
  }
  const again = makeRamp(made, 'L7:r1', '2027-01-01');
  assert.ok(!again.ok && again.errors[0]!.path === 'lines[0]');
});

test('property: after any adds, removes and sets, the segments are contiguous and the priced sum is the sum of the segments', () => {
  const op = fc.oneof(
    fc.constant({ kind: 'add' as const }),
    fc.record({ kind: fc.constant('remove' as const), index: fc.nat(6) }),
    fc.record({ kind: fc.constant('set' as const), index: fc.nat(6), qty: fc.integer({ min: 1, max: 500 }), price: fc.integer({ min: 0, max: 9000 }) }),
  );
  fc.assert(fc.property(
    fc.array(fc.record({ term: fc.integer({ min: 1, max: 18 }), qty: fc.integer({ min: 1, max: 300 }) }), { minLength: 1, maxLength: 4 }),
    fc.integer({ min: 0, max: 800 }), fc.array(op, { maxLength: 8 }),
    (segments, offset, ops) => {
      const start = dayText(parseDay('2026-01-01')! + offset);
      let q = ramp(segments.map((s) => ({ term: s.term, qty: String(s.qty) })), start);
      for (const o of ops) {
        const n = rampSegments(q, 'L1').length;
        const r = o.kind === 'add' ? addRampSegment(q, 'L1')
          : o.kind === 'remove' ? removeRampSegment(q, 'L1', o.index % n)
          : setRampSegment(q, 'L1', o.index % n, { qty: String(o.qty), discount: { unitPrice: new Dec(o.price).div(100).toFixed(2) } });
        if (o.kind === 'remove' && n === 1) { assert.ok(!r.ok); continue; }
        q = ok(r);
      }
      const segs = rampSegments(q, 'L1').map(({ line }) => line);
      assert.equal(segs[0]!.period!.start, start);
      for (let i = 1; i < segs.length; i++) assert.equal(parseDay(segs[i]!.period!.start), parseDay(segs[i - 1]!.period!.end)! + 1);
      // Every segment is whole months (never prorated): its end is the day before its start plus its months.
      const p = priceQuote(catalog, q);
      assert.deepEqual(p.issues.filter((i) => i.severity === 'error'), []);
      for (const l of p.lines.filter((x) => x.id.startsWith('L1:'))) {
        assert.ok(new Dec(l.proration!.factor).isInteger(), l.proration!.factor);
        assert.equal(addMonths(parseDay(l.proration!.start)!, Number(l.proration!.factor)) - 1, parseDay(l.proration!.end));
      }
      const alone = segs.map((s) => priceQuote(catalog, { id: 'one', date: q.date, lines: [s] }).totals.net);
      const others = priceQuote(catalog, { ...q, lines: q.lines.filter((l) => !l.group) }).totals.net;
      assert.equal(new Dec(p.totals.net).toFixed(2), alone.reduce((a, b) => a.plus(b), new Dec(others)).toFixed(2));
    },
  ), { numRuns: 150 });
});
