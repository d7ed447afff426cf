/**
 * Bad input to `priceQuote`: every problem is a located issue (code, path, a message;
 * `orderable: false` for errors) — never a throw, never an `internal-error`, never a
 * "NaN" or "Infinity" anywhere in the output.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { priceQuote } from '../src/pricing/index.js';
import type { Issue, PricedQuote } from '../src/types.js';
import { catalog, catalogOf, flat, largeCatalog, line, lineRule, priceBooks, product, quote, standardProducts, type Json, type JsonObject } from './fixtures/pricing-catalogs.js';

/** No NaN / Infinity in any number or string, anywhere (iterative: the output may be deep). */
function assertNoNaN(root: unknown, skip?: (v: unknown) => boolean): void {
  const stack: unknown[] = [root];
  const seen = new Set<unknown>();
  while (stack.length) {
    const v = stack.pop();
    if (skip?.(v)) continue;
    if (typeof v === 'number') assert.ok(Number.isFinite(v), `a number is ${v}`);
    else if (typeof v === 'string') assert.ok(!/NaN|Infinity/.test(v), `a string contains NaN/Infinity: ${v.slice(0, 120)}`);
    else if (v && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      for (const x of Object.values(v)) stack.push(x);
    }
  }
}

/** Price without throwing, and check what every answer to bad input must satisfy. */
function priceSafely(cat: unknown, q: unknown, echoesInput = false): PricedQuote {
  let p: PricedQuote | undefined;
  assert.doesNotThrow(() => { p = priceQuote(cat, q); });
  assert.ok(p, 'an answer');
  const issues = new Set<unknown>(p.issues);
  // When the bad input itself is NaN/Infinity, an issue message may quote it back (`got NaN`):
  // that is a description of the input, not a computed NaN. Everything else is still walked.
  assertNoNaN(p, echoesInput ? (v) => issues.has(v) : undefined);
  if (echoesInput) for (const i of p.issues) assertNoNaN({ ...i, message: '' });
  const internal = p.issues.find((i) => i.code === 'internal-error');
  assert.equal(internal, undefined, `no internal error: ${internal?.message}`);
  for (const i of p.issues) assert.ok(typeof i.message === 'string' && i.message.trim().length > 0, `issue ${i.code} has a message`);
  assert.equal(p.orderable, !p.issues.some((i) => i.severity === 'error'));
  return p;
}

interface Want {
  code: string;
  path: string | RegExp;
  severity?: 'error' | 'warning';
  lineId?: string;
}

/** The issue with this code at this path (an error unless told), and orderable false for an error. */
function expectIssue(p: PricedQuote, want: Want): Issue {
  const severity = want.severity ?? 'error';
  const samePath = (i: Issue) => (typeof want.path === 'string' ? i.path === want.path : want.path.test(i.path ?? ''));
  const found = p.issues.find((i) => i.code === want.code && samePath(i));
  assert.ok(found, `expected issue ${want.code} at ${String(want.path)}; got ${JSON.stringify(p.issues.map((i) => [i.code, i.path]))}`);
  assert.equal(found.severity, severity);
  assert.ok(found.message.trim().length > 0);
  if (want.lineId !== undefined) assert.equal(found.lineId, want.lineId);
  if (severity === 'error') assert.equal(p.orderable, false, 'an error makes the quote not orderable');
  return found;
}

const q = quote;
const L = line;
const std = () => catalog();

/** A catalog whose first product's tax code is not in `taxes`. */
function catalogWithBadTaxCode(): JsonObject {
  const products = standardProducts();
  products[0] = { ...products[0]!, taxCode: 'VAT99' };
  return catalogOf(products);
}
/** A catalog whose TIER product (index 1) has tiers out of order. */
function catalogWithTiersOutOfOrder(): JsonObject {
  const products = standardProducts();
  products[1] = product('TIER', { model: 'tiered', tiers: [
    { upTo: '50', unit: '8.00' }, { upTo: '10', unit: '10.00' }, { upTo: null, unit: '6.00' },
  ] });
  return catalogOf(products);
}
/** A catalog whose TIER product (index 1) has no open-ended last tier. */
function catalogWithClosedTiers(): JsonObject {
  const products = standardProducts();
  products[1] = product('TIER', { model: 'tiered', tiers: [{ upTo: '10', unit: '10.00' }, { upTo: '50', unit: '8.00' }] });
  return catalogOf(products);
}

type Case = [name: string, input: { catalog: unknown; quote: unknown; echoesInput?: boolean }, want: Want | Want[]];

const manyLines = () => Array.from({ length: 100_001 }, (_, i) => ({ id: `L${i + 1}`, sku: 'FLAT', qty: '1' }));

const CASES: Case[] = [
  // Lines: SKU and quantity.
  ['unknown SKU', { catalog: std(), quote: q([L('L1', 'NOPE', '1')]) }, { code: 'unknown-sku', path: 'lines[0].sku', lineId: 'L1' }],
  ['SKU "__proto__"', { catalog: std(), quote: q([L('L1', '__proto__', '1')]) }, { code: 'unknown-sku', path: 'lines[0].sku' }],
  ['SKU "constructor"', { catalog: std(), quote: q([L('L1', 'constructor', '1')]) }, { code: 'unknown-sku', path: 'lines[0].sku' }],
  ['qty negative', { catalog: std(), quote: q([L('L1', 'FLAT', '-1')]) }, { code: 'invalid-quantity', path: 'lines[0].qty', lineId: 'L1' }],
  ['qty "0"', { catalog: std(), quote: q([L('L1', 'FLAT', '0')]) }, { code: 'invalid-quantity', path: 'lines[0].qty' }],
  ['qty "abc"', { catalog: std(), quote: q([L('L1', 'FLAT', 'abc')]) }, { code: 'invalid-quantity', path: 'lines[0].qty' }],
  ['qty "1e3" (exponent notation)', { catalog: std(), quote: q([L('L1', 'FLAT', '1e3')]) }, { code: 'invalid-quantity', path: 'lines[0].qty' }],
  ['qty 1.5 as a JS float', { catalog: std(), quote: q([{ id: 'L1', sku: 'TIER', qty: 1.5 }]) }, { code: 'invalid-quantity', path: 'lines[0].qty' }],
  ['qty NaN as a JS number', { catalog: std(), quote: q([{ id: 'L1', sku: 'TIER', qty: Number.NaN }]), echoesInput: true }, { code: 'invalid-quantity', path: 'lines[0].qty' }],
  ['qty Infinity as a JS number', { catalog: std(), quote: q([{ id: 'L1', sku: 'TIER', qty: Number.POSITIVE_INFINITY }]), echoesInput: true }, { code: 'invalid-quantity', path: 'lines[0].qty' }],
  ['qty "Infinity"', { catalog: std(), quote: q([L('L1', 'TIER', 'Infinity')]), echoesInput: true }, { code: 'invalid-quantity', path: 'lines[0].qty' }],
  ['qty 41 digits long', { catalog: std(), quote: q([L('L1', 'TIER', '9'.repeat(41))]) }, { code: 'invalid-quantity', path: 'lines[0].qty' }],
  ['qty over the product max (1000)', { catalog: std(), quote: q([L('L1', 'FLAT', '1001')]) }, { code: 'qty-out-of-range', path: 'lines[0].qty' }],
  ['qty above the hard cap (10^12) on a product without a max', { catalog: std(), quote: q([L('L1', 'TIER', '1000000000001')]) },
    { code: 'qty-out-of-range', path: 'lines[0].qty' }],
  ['term "abc"', { catalog: std(), quote: q([L('L1', 'SUB', '1', { term: 'abc' })]) }, { code: 'invalid-term', path: 'lines[0].term' }],

  // Discounts.
  ['line discount percent "150"', { catalog: std(), quote: q([L('L1', 'FLAT', '1', { discount: { percent: '150' } })]) },
    { code: 'invalid-discount', path: 'lines[0].discount', lineId: 'L1' }],
  ['line discount percent negative', { catalog: std(), quote: q([L('L1', 'FLAT', '1', { discount: { percent: '-5' } })]) },
    { code: 'invalid-discount', path: 'lines[0].discount' }],
  ['line discount with two keys', { catalog: std(), quote: q([L('L1', 'FLAT', '1', { discount: { percent: '5', amount: '1' } })]) },
    { code: 'invalid-discount', path: 'lines[0].discount' }],
  ['line discount amount per unit above the unit price', { catalog: std(), quote: q([L('L1', 'FLAT', '2', { discount: { amount: '100.01' } })]) },
    { code: 'invalid-discount', path: 'lines[0].discount' }],
  ['line discount of an unknown kind', { catalog: std(), quote: q([L('L1', 'FLAT', '1', { discount: { off: '5' } })]) },
    { code: 'invalid-discount', path: 'lines[0].discount' }],
  ['line discount that is a string', { catalog: std(), quote: q([L('L1', 'FLAT', '1', { discount: '5%' })]) },
    { code: 'invalid-discount', path: 'lines[0].discount' }],
  ['line discount percent "abc"', { catalog: std(), quote: q([L('L1', 'FLAT', '1', { discount: { percent: 'abc' } })]) },
    { code: 'invalid-discount', path: 'lines[0].discount' }],
  ['line discount {"__proto__": …} (own key from JSON.parse)', {
    catalog: std(), quote: q([L('L1', 'FLAT', '1', { discount: JSON.parse('{"__proto__": {"percent": "5"}}') as JsonObject })]),
  }, { code: 'invalid-discount', path: 'lines[0].discount' }],
  ['quote discount amount above the quote amount', { catalog: std(), quote: q([L('L1', 'FLAT', '1')], { discount: { amount: '100.01' } }) },
    { code: 'invalid-discount', path: 'discount' }],
  ['quote discount percent "101"', { catalog: std(), quote: q([L('L1', 'FLAT', '1')], { discount: { percent: '101' } }) },
    { code: 'invalid-discount', path: 'discount' }],
  ['quote discount with two keys', { catalog: std(), quote: q([L('L1', 'FLAT', '1')], { discount: { percent: '1', amount: '1' } }) },
    { code: 'invalid-discount', path: 'discount' }],

  // Price book and currency.
  ['unknown price book', { catalog: catalog({ priceBooks: priceBooks() }), quote: q([L('L1', 'FLAT', '1')], { priceBook: 'platinum' }) },
    { code: 'unknown-price-book', path: 'priceBook' }],
  ['price book "constructor"', { catalog: catalog({ priceBooks: priceBooks() }), quote: q([L('L1', 'FLAT', '1')], { priceBook: 'constructor' }) },
    { code: 'unknown-price-book', path: 'priceBook' }],
  ['unknown currency "XYZ"', { catalog: std(), quote: q([L('L1', 'FLAT', '1')], { currency: 'XYZ' }) }, { code: 'unknown-currency', path: 'currency' }],
  ['currency "__proto__"', { catalog: std(), quote: q([L('L1', 'FLAT', '1')], { currency: '__proto__' }) }, { code: 'unknown-currency', path: 'currency' }],

  // Invalid catalogs: every quote priced against them carries the catalog's problems.
  ['catalog: product taxCode not in taxes', { catalog: catalogWithBadTaxCode(), quote: q([L('L1', 'TIER', '1')]) },
    { code: 'invalid-catalog', path: 'catalog.products[0].taxCode' }],
  ['catalog: tiers out of order', { catalog: catalogWithTiersOutOfOrder(), quote: q([L('L1', 'FLAT', '1')]) },
    { code: 'invalid-catalog', path: /^catalog\.products\[1\]\.price\.tiers/ }],
  ['catalog: no open-ended last tier', { catalog: catalogWithClosedTiers(), quote: q([L('L1', 'FLAT', '1')]) },
    { code: 'invalid-catalog', path: /^catalog\.products\[1\]\.price\.tiers/ }],
  ['catalog: null', { catalog: null, quote: q([L('L1', 'FLAT', '1')]) }, { code: 'invalid-catalog', path: /^catalog/ }],

  // The quote's shape.
  ['quote null', { catalog: std(), quote: null }, { code: 'invalid-quote', path: '' }],
  ['quote "string"', { catalog: std(), quote: 'string' }, { code: 'invalid-quote', path: '' }],
  ['quote 42', { catalog: std(), quote: 42 }, { code: 'invalid-quote', path: '' }],
  ['quote []', { catalog: std(), quote: [] }, { code: 'invalid-quote', path: '' }],
  ['quote {}', { catalog: std(), quote: {} }, [{ code: 'invalid-quote', path: 'lines' }, { code: 'invalid-quote', path: 'id' }]],
  ['lines not an array', { catalog: std(), quote: { id: 'Q-1', date: '2026-11-28', lines: { L1: { sku: 'FLAT' } } } },
    { code: 'invalid-quote', path: 'lines' }],
  ['a line that is a number', { catalog: std(), quote: q([42 as unknown as JsonObject, L('L2', 'FLAT', '1')]) },
    { code: 'invalid-line', path: 'lines[0]' }],
  ['duplicate line ids', { catalog: std(), quote: q([L('L1', 'FLAT', '1'), L('L1', 'TIER', '1')]) },
    { code: 'duplicate-line-id', path: 'lines[1].id' }],
  ['missing line id', { catalog: std(), quote: q([{ sku: 'FLAT', qty: '1' }]) }, { code: 'invalid-line', path: 'lines[0].id' }],
  ['invalid quote date', { catalog: std(), quote: q([L('L1', 'FLAT', '1')], { date: '2026-02-30' }) }, { code: 'invalid-quote', path: 'date' }],
  ['100,001 lines → invalid-quote on lines', { catalog: std(), quote: q(manyLines()) }, { code: 'invalid-quote', path: 'lines' }],

  // Attributes and options.
  ['attribute with an unknown key', { catalog: std(), quote: q([L('L1', 'WIDGET', '1', { attributes: { shape: 'round' } })]) },
    { code: 'invalid-attribute', path: 'lines[0].attributes.shape' }],
  ['attribute with an unknown value', { catalog: std(), quote: q([L('L1', 'WIDGET', '1', { attributes: { color: 'purple' } })]) },
    { code: 'invalid-attribute', path: 'lines[0].attributes.color' }],
  ['attribute value "constructor"', { catalog: std(), quote: q([L('L1', 'WIDGET', '1', { attributes: { color: 'constructor' } })]) },
    { code: 'invalid-attribute', path: 'lines[0].attributes.color' }],
  ['attribute value that is not a string', { catalog: std(), quote: q([L('L1', 'WIDGET', '1', { attributes: { color: 7 } })]) },
    { code: 'invalid-attribute', path: 'lines[0].attributes.color' }],
  ['option not in the bundle → config-invalid', { catalog: std(), quote: q([L('L1', 'BUNDLE', '1', { options: [{ sku: 'FLAT', qty: '1' }] })]) },
    { code: 'config-invalid', path: 'lines[0].options[0].sku' }],
  ['options on a product without features → config-invalid', { catalog: std(), quote: q([L('L1', 'FLAT', '1', { options: [{ sku: 'ADDON-A' }] })]) },
    { code: 'config-invalid', path: 'lines[0].options' }],
];

describe('priceQuote bad input: located issues, never a throw, never NaN', () => {
  for (const [name, input, want] of CASES) {
    it(name, () => {
      const p = priceSafely(input.catalog, input.quote, input.echoesInput);
      for (const w of Array.isArray(want) ? want : [want]) expectIssue(p, w);
    });
  }
});

describe('priceQuote bad input: no prototype pollution', () => {
  const cat = catalog({ priceRules: [lineRule('ent', { percentOff: '10' }, { when: { '==': [{ var: 'customer.segment' }, 'enterprise'] } })] });
  const cleanText = `{"id":"Q-P","date":"2026-11-28",
    "customer":{"id":"C-1","segment":"enterprise"},
    "lines":[{"id":"L1","sku":"WIDGET","qty":"2","attributes":{"color":"gold"}},{"id":"L2","sku":"FLAT","qty":"1"}]}`;
  const pollution = `{"polluted":"yes","segment":"smb","color":"red","toString":"x","percent":"50"}`;
  const dirtyText = `{"id":"Q-P","date":"2026-11-28","__proto__":${pollution},"constructor":{"prototype":${pollution}},
    "customer":{"id":"C-1","segment":"enterprise","__proto__":${pollution},"constructor":{"prototype":${pollution}}},
    "lines":[{"id":"L1","sku":"WIDGET","qty":"2","attributes":{"color":"gold","__proto__":${pollution},"constructor":"x"}},
             {"id":"L2","sku":"FLAT","qty":"1"}]}`;

  const notPolluted = () => {
    const probe = {} as Record<string, unknown>;
    assert.equal(probe.polluted, undefined, 'Object.prototype is not polluted');
    assert.equal(probe.segment, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    assert.equal(typeof probe.toString, 'function');
  };

  it('__proto__ / constructor keys in the quote, the customer and the attributes change no amount', () => {
    const dirty = JSON.parse(dirtyText) as JsonObject;
    assert.ok(Object.prototype.hasOwnProperty.call(dirty, '__proto__'), 'JSON.parse made __proto__ an own key');
    const clean = priceSafely(cat, JSON.parse(cleanText));
    const p = priceSafely(cat, dirty);
    notPolluted();
    // The customer's own segment (enterprise) is what the rule sees, not the injected one.
    assert.equal(clean.lines[0]!.netAmount, '207.90'); // (100.00 + 15.50) × 2 = 231.00 × 0.9
    assert.equal(clean.lines[0]!.priceRule, 'ent');
    assert.deepEqual(p.totals, clean.totals);
    assert.deepEqual(p.approvals, clean.approvals);
    assert.deepEqual(p.adjustments, clean.adjustments);
    assert.deepEqual(p.lines, clean.lines);
    // The unknown attribute keys are reported as any unknown attribute key is; nothing else.
    assert.deepEqual(
      p.issues.map((i) => [i.code, i.path]).sort(),
      [['invalid-attribute', 'lines[0].attributes.__proto__'], ['invalid-attribute', 'lines[0].attributes.constructor']],
    );
    assert.equal(clean.issues.length, 0);
  });

  it('__proto__ / constructor keys in the quote and the customer only: identical issues, totals and lines', () => {
    const text = dirtyText.replace(`,"__proto__":${pollution},"constructor":"x"}`, '}');
    const dirty = JSON.parse(text) as JsonObject;
    const clean = priceSafely(cat, JSON.parse(cleanText));
    const p = priceSafely(cat, dirty);
    notPolluted();
    assert.deepEqual(p.issues, clean.issues);
    assert.deepEqual(p.lines, clean.lines);
    assert.deepEqual(p.totals, clean.totals);
    assert.equal(p.orderable, true);
  });

  it('a catalog whose rule reads customer.__proto__ / constructor does not crash or pollute', () => {
    const cat2 = catalog({ priceRules: [
      lineRule('p', { percentOff: '10' }, { when: { '==': [{ var: 'customer.__proto__.polluted' }, 'yes'] } }),
      lineRule('c', { percentOff: '10' }, { when: { '!!': [{ var: 'customer.constructor.prototype' }] }, priority: 1 }),
    ] });
    const p = priceSafely(cat2, JSON.parse(dirtyText.replace(`,"__proto__":${pollution},"constructor":"x"}`, '}')));
    notPolluted();
    assert.ok(p.lines.length === 2);
  });
});

describe('priceQuote bad input: size and depth', () => {
  it('a ~10 MB catalog (20,000 products) prices a 10-line quote', () => {
    const big = largeCatalog(20_000);
    const size = JSON.stringify(big).length;
    assert.ok(size >= 10_000_000, `catalog is ${size} bytes`);
    // Lines P01000, P02000, … P10000, qty 1: net 1000.00 × (1 + 2 + … + 10) = 55000.00
    const lines = Array.from({ length: 10 }, (_, i) => L(`L${i + 1}`, `P${String((i + 1) * 1000).padStart(5, '0')}`, '1'));
    const p = priceSafely(big, q(lines));
    assert.equal(p.issues.length, 0, JSON.stringify(p.issues.slice(0, 3)));
    assert.equal(p.lines.length, 10);
    assert.equal(p.totals.net, '55000.00');
    assert.equal(p.totals.tax, '7150.00'); // 55000.00 × 13 %
    assert.equal(p.totals.total, '62150.00');
    // Priced again (prepared catalog reused): same answer.
    assert.deepEqual(priceSafely(big, q(lines)), p);
  });

  it('a customer nested 5,000 levels deep → invalid-quote at customer, no throw', () => {
    let deep: JsonObject = { leaf: true };
    for (let i = 0; i < 5000; i++) deep = { nested: deep };
    const cat = catalog({ priceRules: [lineRule('ent', { percentOff: '10' }, { when: { '==': [{ var: 'customer.segment' }, 'enterprise'] } })] });
    const p = priceSafely(cat, q([L('L1', 'FLAT', '1')], { customer: { id: 'C', segment: 'enterprise', nested: deep } }));
    // Host data is copied into the priced quote up to 64 levels; deeper data is refused, located.
    expectIssue(p, { code: 'invalid-quote', path: /^customer$/ });
    assert.equal(p.customer, undefined);
    assert.equal(p.orderable, false);
  });

  it('customer and opportunity 64 levels deep are copied, never shared with the input', () => {
    let deep: JsonObject = { leaf: true };
    for (let i = 0; i < 60; i++) deep = { nested: deep };
    const cat = catalog({ priceRules: [lineRule('ent', { percentOff: '10' }, { when: { '==': [{ var: 'customer.segment' }, 'enterprise'] } })] });
    const quote = q([L('L1', 'FLAT', '1')], { customer: { id: 'C', segment: 'enterprise', nested: deep }, opportunity: { id: 'O', stage: '商务谈判' } });
    const p = priceSafely(cat, quote);
    assert.equal(p.lines[0]!.netAmount, '90.00'); // 100.00 × 0.9: the rule sees the segment
    assert.equal(p.orderable, true);
    assert.deepEqual(p.customer, (quote as { customer: unknown }).customer);
    assert.notEqual(p.customer, (quote as { customer: unknown }).customer);
    assert.notEqual(p.opportunity, (quote as { opportunity: unknown }).opportunity);
  });

  it('a `when` nested 10,000 levels deep in the catalog → invalid-catalog at the rule, no throw', () => {
    let when: Json = true;
    for (let i = 0; i < 10_000; i++) when = { '!!': [when] };
    const cat = catalog({ priceRules: [lineRule('deep', { percentOff: '10' }, { when })] });
    const p = priceSafely(cat, q([L('L1', 'FLAT', '1')]));
    expectIssue(p, { code: 'invalid-catalog', path: /^catalog\.priceRules\[0\]\.when/ });
  });

  it('a `when` nested 10,000 levels deep, parsed from JSON text → no throw', () => {
    const text = '{"!!":['.repeat(10_000) + 'true' + ']}'.repeat(10_000);
    const cat = catalog({ approvalRules: [{ id: 'deep', level: 'manager', when: JSON.parse(text) }] });
    const p = priceSafely(cat, q([L('L1', 'FLAT', '1')]));
    expectIssue(p, { code: 'invalid-catalog', path: /^catalog\.approvalRules\[0\]\.when/ });
  });
});

void flat;
