/**
 * Contracts (src/contract) and prorated pricing (src/pricing with `period`): amounts worked out by
 * hand in the comments, the gumroad#6077 case (two changes in one period), properties, bad input.
 * Run: node --import tsx --test test/contract.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { priceQuote } from '../src/pricing/index.js';
import { validateCatalog } from '../src/rules/validate-catalog.js';
import { addProduct, amend, applyOrder, cancelSubscription, changeQuantity, checkAgainstContract, createContract, rampLines, renew, type Contract } from '../src/contract/index.js';
import type { Catalog, PricedQuote, Quote } from '../src/types.js';
import { Dec } from '../src/core/decimal.js';

const catalog: Catalog = {
  id: 'seats', currency: 'CNY', locale: 'en', taxes: [{ code: 'V13', rate: '13' }], defaultTaxCode: 'V13',
  subscriptions: { proration: { method: 'actual-days' }, renewalUplift: '5' },
  products: [
    { sku: 'SEAT', name: 'CRM seat', term: { unit: 'month', min: '1', max: '60', default: '12' }, price: { model: 'flat', list: '65.00' } },
    { sku: 'SSO', name: 'SSO', term: { unit: 'month', default: '12' }, price: { model: 'flat', list: '10.00' }, subscription: { renewalUplift: '3', decreases: 'at-renewal' } },
    { sku: 'ANNUAL', name: 'Annual plan', term: { unit: 'year', default: '1' }, price: { model: 'flat', list: '1200.00' }, subscription: { proration: { method: 'whole-months', first: 'full' } } },
    { sku: 'SETUP', name: 'Setup', price: { model: 'flat', list: '500.00' } },
  ],
};

const ok = <T>(r: { ok: true; value: T } | { ok: false; errors: unknown[] }): T => {
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.value;
};
const price = (q: Quote): PricedQuote => {
  const p = priceQuote(catalog, q);
  assert.deepEqual(p.issues.filter((i) => i.severity === 'error'), []);
  return p;
};

/** A contract: 100 seats at 60.00 (a discount), 20 SSO at 10.00, 2026-01-01 to 2026-12-31; plus a one-off setup. */
function baseContract(): Contract {
  const quote: Quote = { id: 'Q1', date: '2025-12-20', lines: [
    { id: 'L1', sku: 'SEAT', qty: '100', term: '12', discount: { unitPrice: '60.00' } },
    { id: 'L2', sku: 'SSO', qty: '20', term: '12' },
    { id: 'L3', sku: 'SETUP', qty: '1' },
  ] };
  return ok(createContract(catalog, quote, price(quote), { id: 'K1', start: '2026-01-01' }));
}

test('catalog: the subscription settings validate, and mistakes are located', () => {
  assert.equal(validateCatalog(catalog).ok, true);
  const bad = structuredClone(catalog) as unknown as Record<string, any>;
  bad.subscriptions = { proration: { method: 'whole-months', first: 'prorate' }, renewalUplift: '-100', decreases: 'never', extra: 1 };
  bad.products[3].subscription = { renewalUplift: '2' };
  const errors = validateCatalog(bad).errors.map((e) => `${e.severity} ${e.path}`);
  for (const e of ['error subscriptions.proration.first', 'error subscriptions.renewalUplift', 'error subscriptions.decreases', 'error subscriptions.extra', 'warning products[3].subscription']) assert.ok(errors.includes(e), `${e} in ${errors.join(', ')}`);
});

test('createContract: term lines become subscriptions, one-off lines do not', () => {
  const c = baseContract();
  assert.deepEqual(c.subscriptions.map((s) => [s.id, s.sku, s.qty, s.netUnitPrice, s.start, s.end]), [
    ['K1:L1', 'SEAT', '100', '60.00', '2026-01-01', '2026-12-31'],
    ['K1:L2', 'SSO', '20', '10.00', '2026-01-01', '2026-12-31'],
  ]);
  assert.deepEqual([c.start, c.end, c.version], ['2026-01-01', '2026-12-31', 1]);
});

test('amend: +30 seats from Feb 12 = 30 × 60.00 × (10 months + 17/28 of a month)', () => {
  const c = baseContract();
  const q = ok(changeQuantity(ok(amend(c, { effectiveDate: '2026-02-12' })), 'K1:L1', '130'));
  const p = price(q);
  // 1,800.00 × 297/28 = 534,600 / 28 = 19,092.857142… → 19,092.86; SSO locked, not charged.
  const delta = p.lines.find((l) => l.id === 'K1:L1:add')!;
  assert.equal(delta.netAmount, '19092.86');
  assert.equal(delta.proration?.label, '10 months + 17/28 of a month');
  assert.deepEqual(delta.waterfall.map((s) => s.amount), ['1950.00', '1800.00', '19092.8571428571', '19092.86', '21574.93']);
  assert.equal(p.totals.net, '19092.86');
  assert.equal(p.lines.filter((l) => l.locked).length, 2);
  // Setting it again in the same quote replaces the change: 150 seats is +50, once.
  const again = price(ok(changeQuantity(q, 'K1:L1', '150')));
  assert.equal(again.lines.filter((l) => !l.locked).length, 1);
  assert.equal(again.totals.net, '31821.43'); // 3,000.00 × 297/28 = 31,821.428571… → 31,821.43
});

test('gumroad#6077: a second change in one period charges only its own difference', () => {
  const c1 = baseContract();
  const q1 = ok(changeQuantity(ok(amend(c1, { effectiveDate: '2026-02-12' })), 'K1:L1', '130'));
  const c2 = ok(applyOrder(catalog, c1, q1, price(q1)));
  assert.deepEqual(c2.subscriptions.filter((s) => s.sku === 'SEAT').map((s) => [s.qty, s.start, s.end, s.replaces ?? '']), [
    ['100', '2026-01-01', '2026-02-11', ''],
    ['130', '2026-02-12', '2026-12-31', 'K1:L1'],
  ]);
  // Same period, Feb 20: 130 → 150 is +20 seats × 60.00 × (10 months + 9/28): 1,200 × 289/28 = 12,385.714… → 12,385.71.
  const seat = c2.subscriptions.find((s) => s.sku === 'SEAT' && s.qty === '130')!;
  const q2 = ok(changeQuantity(ok(amend(c2, { effectiveDate: '2026-02-20' })), seat.id, '150'));
  const p2 = price(q2);
  assert.equal(p2.totals.net, '12385.71');
  const c3 = ok(applyOrder(catalog, c2, q2, p2));
  assert.deepEqual(c3.subscriptions.filter((s) => s.sku === 'SEAT').map((s) => [s.qty, s.start, s.end]), [
    ['100', '2026-01-01', '2026-02-11'], ['130', '2026-02-12', '2026-02-19'], ['150', '2026-02-20', '2026-12-31'],
  ]);
  // An amendment made from the old version is refused.
  const stale = applyOrder(catalog, c3, q2, p2);
  assert.ok(!stale.ok && stale.errors[0]!.path === 'quote.contract.version');
});

test('cancel: a credit for the rest of the term; the catalog may forbid decreases before renewal', () => {
  const c = baseContract();
  const q = ok(cancelSubscription(ok(amend(c, { effectiveDate: '2026-12-31' })), 'K1:L1'));
  // 100 × 60.00 × 1/31 = 193.548… → −193.55
  assert.equal(price(q).totals.net, '-193.55');
  const after = ok(applyOrder(catalog, c, q, price(q)));
  assert.deepEqual(after.subscriptions.filter((s) => s.sku === 'SEAT').map((s) => s.end), ['2026-12-30']);
  const sso = priceQuote(catalog, ok(changeQuantity(ok(amend(c, { effectiveDate: '2026-06-01' })), 'K1:L2', '10')));
  assert.deepEqual(sso.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.path]), [['decrease-not-allowed', 'lines[2].credit']]);
});

test('amend on the first day: the whole term; a new product co-terminates', () => {
  const c = baseContract();
  const q = ok(addProduct(ok(amend(c, { effectiveDate: '2026-01-01' })), { id: 'N1', sku: 'ANNUAL', qty: '2' }));
  const line = price(q).lines.find((l) => l.id === 'N1')!;
  // A yearly price over 12 whole months: 2 × 1,200.00 × 12/12 = 2,400.00.
  assert.deepEqual([line.netAmount, line.proration?.factor, line.proration?.end], ['2400.00', '1', '2026-12-31']);
  // From Feb 12 under whole months (a started month counts): (10 + 1)/12 → 2 × 1,200 × 11/12 = 2,200.00.
  const late = ok(addProduct(ok(amend(c, { effectiveDate: '2026-02-12' })), { id: 'N1', sku: 'ANNUAL', qty: '2' }));
  assert.equal(price(late).lines.find((l) => l.id === 'N1')!.netAmount, '2200.00');
});

test('renew: the next term at the contracted price plus the uplift (catalog 5 %, SSO 3 %, or the one asked for)', () => {
  const c = baseContract();
  const p = price(ok(renew(catalog, c, { term: 12 })));
  // Seats: 100 × 60.00 × 1.05 × 12 = 75,600.00; SSO: 20 × 10.00 × 1.03 × 12 = 2,472.00.
  assert.deepEqual(p.lines.map((l) => [l.sku, l.netAmount, l.proration?.start, l.proration?.end]), [
    ['SEAT', '75600.00', '2027-01-01', '2027-12-31'], ['SSO', '2472.00', '2027-01-01', '2027-12-31'],
  ]);
  const asked = price(ok(renew(catalog, c, { term: '24', uplift: '2.5' })));
  // 100 × 60.00 × 1.025 × 24 = 147,600.00
  assert.equal(asked.lines[0]!.netAmount, '147600.00');
  const renewed = ok(applyOrder(catalog, c, ok(renew(catalog, c, { term: 12 })), p));
  assert.equal(renewed.end, '2027-12-31');
  assert.deepEqual(renewed.subscriptions.slice(2).map((s) => [s.qty, s.netUnitPrice, s.replaces]), [['100', '63.00', 'K1:L1'], ['20', '10.30', 'K1:L2']]);
});

test('bad input: located errors, never a throw', () => {
  const c = baseContract();
  for (const [input, path] of [
    [{ effectiveDate: '2026-02-30' }, 'effectiveDate'],
    [{ effectiveDate: '2027-01-01' }, 'effectiveDate'],
    [{ effectiveDate: '2025-12-31' }, 'effectiveDate'],
    [{ effectiveDate: 20260212 }, 'effectiveDate'],
  ] as const) {
    const r = amend(c, input as never);
    assert.ok(!r.ok && r.errors[0]!.path === path, JSON.stringify(input));
  }
  const broken = amend({ ...c, end: '2026-13-01' }, { effectiveDate: '2026-02-01' });
  assert.ok(!broken.ok && broken.errors.some((e) => e.path === 'contract.end'));
  const q = ok(amend(c, { effectiveDate: '2026-02-12' }));
  assert.ok(!changeQuantity(q, 'K1:L9', '5').ok);
  assert.ok(!changeQuantity(q, 'K1:L1', '-5').ok);
  for (const term of [0, '1.5', 'x', -1]) assert.ok(!renew(catalog, c, { term }).ok, String(term));
  assert.ok(!renew(catalog, c, { term: 12, uplift: '-100' }).ok);
  // Pricing: a period past the contract end, an impossible day, a credit outside an amendment.
  const past = priceQuote(catalog, { ...q, lines: [{ id: 'X', sku: 'SEAT', qty: '1', period: { start: '2026-03-01', end: '2027-01-31' } }] });
  assert.deepEqual(past.issues.map((i) => [i.code, i.path]), [['invalid-period', 'lines[0].period.end']]);
  const day = priceQuote(catalog, { id: 'Q', date: '2026-01-01', lines: [{ id: 'X', sku: 'SEAT', qty: '1', period: { start: '2026-02-29', end: '2026-03-31' } }] });
  assert.deepEqual(day.issues.map((i) => [i.code, i.path]), [['invalid-period', 'lines[0].period.start']]);
  const credit = priceQuote(catalog, { id: 'Q', date: '2026-01-01', lines: [{ id: 'X', sku: 'SEAT', qty: '1', credit: true }] });
  assert.deepEqual(credit.issues.map((i) => [i.code, i.path]), [['invalid-line', 'lines[0].credit']]);
  const kind = priceQuote(catalog, { id: 'Q', date: '2026-01-01', kind: 'amendment', lines: [] } as never);
  assert.deepEqual(kind.issues.map((i) => i.path), ['contract']);
});

const changeArb = fc.record({
  eff: fc.integer({ min: 0, max: 364 }),
  delta: fc.integer({ min: 1, max: 500 }),
  price: fc.integer({ min: 1, max: 99_999 }).map((c) => (c / 100).toFixed(2)),
  method: fc.constantFrom('actual-days' as const, '30-360' as const, 'whole-months' as const, 'none' as const),
  start: fc.integer({ min: 0, max: 2000 }),
});

function contractFor(unitPrice: string, start: number, method: 'actual-days' | '30-360' | 'whole-months' | 'none'): { cat: Catalog; c: Contract } {
  const cat: Catalog = { ...catalog, subscriptions: { proration: method === 'whole-months' || method === 'none' ? { method, first: 'full' } : { method } } };
  const from = new Date(Date.UTC(2024, 0, 1) + start * 86_400_000).toISOString().slice(0, 10);
  const quote: Quote = { id: 'Q1', date: from, lines: [{ id: 'L1', sku: 'SEAT', qty: '100', term: '12', discount: { unitPrice } }] };
  const priced = priceQuote(cat, quote);
  return { cat, c: ok(createContract(cat, quote, priced, { id: 'K', start: from })) };
}

const dayAfter = (d: string, n: number) => new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);

test('property: an increase and a decrease of the same seats on the same day net to zero exactly', () => {
  fc.assert(fc.property(changeArb, ({ eff, delta, price: unit, method, start }) => {
    const { cat, c } = contractFor(unit, start, method);
    const effective = dayAfter(c.start, Math.min(eff, 360));
    const up = ok(changeQuantity(ok(amend(c, { effectiveDate: effective })), 'K:L1', String(100 + delta)));
    const pUp = priceQuote(cat, up);
    const c2 = ok(applyOrder(cat, c, up, pUp));
    const back = ok(changeQuantity(ok(amend(c2, { effectiveDate: effective })), c2.subscriptions.at(-1)!.id, '100'));
    const pBack = priceQuote(cat, back);
    assert.ok(new Dec(pUp.totals.total).plus(pBack.totals.total).isZero(), `${pUp.totals.total} + ${pBack.totals.total}`);
    // Every prorated line ends on the contract's last day.
    for (const l of [...pUp.lines, ...pBack.lines]) assert.equal(l.proration?.end, c.end);
  }), { numRuns: 300 });
});

test('property: co-terminated changes never pass the contract end, and the contract end never moves on amendment', () => {
  fc.assert(fc.property(changeArb, fc.integer({ min: 0, max: 364 }), ({ eff, delta, price: unit, method, start }, eff2) => {
    const { cat, c } = contractFor(unit, start, method);
    let contract = c;
    for (const d of [eff, eff2].sort((a, b) => a - b)) {
      const effective = dayAfter(c.start, Math.min(d, 360));
      const seat = contract.subscriptions.at(-1)!;
      const q = ok(changeQuantity(ok(amend(contract, { effectiveDate: effective })), seat.id, String(Number(seat.qty) + delta)));
      contract = ok(applyOrder(cat, contract, q, priceQuote(cat, q)));
      assert.equal(contract.end, c.end);
      for (const s of contract.subscriptions) assert.ok(s.end <= c.end && s.start <= s.end, JSON.stringify(s));
    }
  }), { numRuns: 200 });
});

test('the demo CRM catalog: a contract of configured editions, amended mid-term, renewed at +5 % (CRM-ENT +3 %)', async () => {
  const { readFileSync } = await import('node:fs');
  const crm = JSON.parse(readFileSync(new URL('../demo/catalogs/crm-saas.json', import.meta.url), 'utf8')) as Catalog;
  const quote: Quote = { id: 'Q-CRM', date: '2026-01-05', customer: { id: 'C-1', segment: 'smb' }, lines: [
    { id: 'L1', sku: 'CRM-PRO', qty: '100', term: '12', options: [{ sku: 'ADDON-CPQ', qty: '1' }] },
    { id: 'L2', sku: 'CRM-ENT', qty: '20', term: '12' },
    { id: 'L3', sku: 'TRAIN-DAY', qty: '2' },
  ] };
  const priced = priceQuote(crm, quote);
  assert.equal(priced.orderable, true, JSON.stringify(priced.issues));
  const c = ok(createContract(crm, quote, priced, { id: 'K-CRM', start: '2026-01-01' }));
  assert.deepEqual(c.subscriptions.map((s) => s.sku), ['CRM-PRO', 'CRM-ENT']);
  // The contracted price is the edition and its modules, per seat-month: ÷ 100 ÷ 12 of what L1 and its options charged.
  const l1 = priced.lines.filter((l) => l.id === 'L1' || l.parentId === 'L1').reduce((a, l) => a.plus(l.netAmount), new Dec(0));
  assert.ok(new Dec(c.subscriptions[0]!.netUnitPrice).eq(l1.div(1200).toDecimalPlaces(6)), c.subscriptions[0]!.netUnitPrice);
  assert.ok(priced.lines.some((l) => l.parentId === 'L1'), 'the edition has option lines');
  // +30 seats from 1 March: 10 whole months at the contracted price, options not priced again.
  const q = ok(changeQuantity(ok(amend(c, { effectiveDate: '2026-03-01' })), 'K-CRM:L1', '130'));
  const p = priceQuote(crm, q);
  assert.equal(p.orderable, true, JSON.stringify(p.issues));
  const unit = new Dec(c.subscriptions[0]!.netUnitPrice);
  assert.equal(p.totals.net, unit.times(30).times(10).toDecimalPlaces(2).toFixed(2));
  assert.equal(p.lines.filter((l) => l.parentId !== null).length, 0);
  const r = priceQuote(crm, ok(renew(crm, c, { term: 12 })));
  assert.deepEqual(r.lines.map((l) => l.netAmount), [
    unit.times('1.05').times(1200).toDecimalPlaces(2).toFixed(2),
    new Dec(c.subscriptions[1]!.netUnitPrice).times('1.03').times(240).toDecimalPlaces(2).toFixed(2),
  ]);
});

test('checkAgainstContract: what amend/renew make is consistent; a tampered price, a missing locked line, a longer period or an over-credit is located', () => {
  const c = baseContract();
  const q = ok(addProduct(ok(changeQuantity(ok(amend(c, { effectiveDate: '2026-02-12' })), 'K1:L1', '90')), { id: 'N1', sku: 'ANNUAL', qty: '1' }));
  assert.deepEqual(checkAgainstContract(catalog, c, q), []);
  const paths = (quote: Quote) => checkAgainstContract(catalog, c, quote).map((e) => e.path);
  const cheap = structuredClone(q);
  cheap.lines[1]!.contractedUnitPrice = '1.00';
  assert.deepEqual(paths(cheap), ['lines[1].contractedUnitPrice']);
  assert.deepEqual(paths({ ...q, lines: q.lines.filter((l) => l.id !== 'K1:L2') }), ['lines']);
  const longer = structuredClone(q);
  longer.lines.at(-1)!.period = { start: '2026-02-12', end: '2027-06-30' };
  assert.deepEqual(paths(longer), ['lines[3].period']);
  const over = structuredClone(q);
  over.lines[1]!.qty = '500';
  assert.deepEqual(paths(over), ['lines']);
  const sneaky = structuredClone(q);
  sneaky.lines.at(-1)!.contractedUnitPrice = '0';
  assert.deepEqual(paths(sneaky), ['lines[3].contractedUnitPrice']);
  const r = ok(renew(catalog, c, { term: 12, uplift: '4' }));
  assert.deepEqual(checkAgainstContract(catalog, c, r), []);
  r.lines[0]!.contractedUnitPrice = '60.00';
  assert.deepEqual(checkAgainstContract(catalog, c, r).map((e) => e.path), ['lines[0].contractedUnitPrice']);
});

test('ramp deal: year 1 100 seats at list, year 2 150 seats at 60.00 — priced per segment, ordered as one contract', () => {
  const lines = ok(rampLines({ id: 'L1', sku: 'SEAT' }, '2027-01-01', [{ term: 12, qty: 100 }, { term: 12, qty: '150', discount: { unitPrice: '60.00' } }]));
  assert.deepEqual(lines.map((l) => [l.id, l.qty, l.period?.start, l.period?.end, l.group]), [
    ['L1:r1', '100', '2027-01-01', '2027-12-31', 'ramp:L1'], ['L1:r2', '150', '2028-01-01', '2028-12-31', 'ramp:L1'],
  ]);
  const quote: Quote = { id: 'Q-RAMP', date: '2026-12-01', lines };
  const p = price(quote);
  // 100 × 65.00 × 12 = 78,000.00; 150 × 60.00 × 12 = 108,000.00 (whole years of months: never prorated).
  assert.deepEqual(p.lines.map((l) => [l.netAmount, l.proration?.factor]), [['78000.00', '12'], ['108000.00', '12']]);
  const c = ok(createContract(catalog, quote, p, { id: 'KR' }));
  assert.deepEqual([c.start, c.end], ['2027-01-01', '2028-12-31']);
  // An amendment in year 2 finds the 150-seat segment; the renewal continues it.
  assert.deepEqual(ok(amend(c, { effectiveDate: '2028-03-01' })).lines.map((l) => [l.subscriptionId, l.qty]), [['KR:L1:r2', '150']]);
  assert.deepEqual(ok(renew(catalog, c, { term: 12 })).lines.map((l) => [l.qty, l.period?.start, l.contractedUnitPrice]), [['150', '2029-01-01', '63']]);
  for (const [segments, path] of [[[], 'segments'], [[{ term: 0, qty: 1 }], 'segments[0].term'], [[{ term: 12, qty: '-1' }], 'segments[0].qty']] as const) {
    const r = rampLines({ id: 'L1', sku: 'SEAT' }, '2027-01-01', segments as never);
    assert.ok(!r.ok && r.errors[0]!.path === path, path);
  }
  assert.ok(!rampLines({ id: 'L1', sku: 'SEAT' }, '2027-02-29', [{ term: 1, qty: 1 }]).ok);
});

test('approval rules see the change: the demo CRM catalog asks the manager to approve an amendment that credits the customer', async () => {
  const { readFileSync } = await import('node:fs');
  const crm = JSON.parse(readFileSync(new URL('../demo/catalogs/crm-saas.json', import.meta.url), 'utf8')) as Catalog;
  const sale: Quote = { id: 'Q-A', date: '2026-01-05', lines: [{ id: 'L1', sku: 'CRM-PRO', qty: '100', term: '12' }] };
  const c = ok(createContract(crm, sale, priceQuote(crm, sale), { id: 'K-A', start: '2026-01-01' }));
  const start = ok(amend(c, { effectiveDate: '2026-06-01' }));
  const fewer = priceQuote(crm, ok(changeQuantity(start, 'K-A:L1', '80')));
  const more = priceQuote(crm, ok(changeQuantity(start, 'K-A:L1', '120')));
  assert.ok(new Dec(fewer.totals.net).isNegative());
  assert.deepEqual(fewer.approvals.map((a) => [a.ruleId, a.level]), [['amend-credit', 'manager']]);
  assert.deepEqual(more.approvals.map((a) => a.ruleId), []);
});
