/**
 * The quote service's JSON Schemas (src/server/schemas/):
 * - the response schemas are complete: fast-json-stringify, which writes only what a schema
 *   declares, gives back exactly what priceQuote / pricedForCustomer / catalogForCustomer made,
 *   for the demo catalogs and quotes, the pricing fixtures and a catalog using every field;
 * - the customer schemas cannot leak: a seller's full priced quote or full catalog sent through
 *   them comes out without cost, margin, floor prices, approvals or price and approval rules;
 * - the request schemas, compiled with ajv as the service compiles them, take the editable part
 *   of every sample quote and refuse computed amounts, server-decided fields and oversized input.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv, { type ValidateFunction } from 'ajv';
import fastJson from 'fast-json-stringify';
import { priceQuote } from '../src/pricing/index.js';
import { catalogForCustomer, pricedForCustomer } from '../src/quote/redact.js';
import { validateCatalog } from '../src/rules/index.js';
import { CUSTOMER_CATALOG_SCHEMA } from '../src/server/schemas/catalog.js';
import { CUSTOMER_PRICED_QUOTE_SCHEMA, MAX_HOST_DEPTH, PRICED_QUOTE_SCHEMA, SELLER_ONLY_KEYS } from '../src/server/schemas/priced.js';
import { QUOTE_CREATE_SCHEMA, QUOTE_EDIT_SCHEMA, QUOTE_INPUT_SCHEMA, type JsonSchema } from '../src/server/schemas/quote-input.js';
import type { PriceOptions, PricedQuote } from '../src/types.js';
import {
  catalog, discountApprovalRules, flat, line, lineRule, priceBooks, product, quote, quoteRule, workedExampleCatalog, workedExampleQuote,
  type JsonObject,
} from './fixtures/pricing-catalogs.js';

type Json = unknown;
const load = (path: string): any => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const plain = (value: unknown): Json => JSON.parse(JSON.stringify(value));
const serializer = (schema: JsonSchema) => {
  const stringify = fastJson(schema as unknown as Parameters<typeof fastJson>[0]);
  return (value: unknown): Json => JSON.parse(stringify(value));
};

const sellerPriced = serializer(PRICED_QUOTE_SCHEMA);
const customerPriced = serializer(CUSTOMER_PRICED_QUOTE_SCHEMA);
const customerCatalog = serializer(CUSTOMER_CATALOG_SCHEMA);

/** Every object key anywhere in a JSON value. */
function keysIn(value: Json, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysIn(v, found);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      found.add(k);
      keysIn(v, found);
    }
  }
  return found;
}

/** Every property path a JSON value has, arrays written `[]`: `lines[].waterfall[].ruleId`. */
function pathsIn(value: Json, prefix = '', found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) pathsIn(v, `${prefix}[]`, found);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = prefix ? `${prefix}.${k}` : k;
      found.add(p);
      pathsIn(v, p, found);
    }
  }
  return found;
}

/** Every property path a schema declares (not inside `$ref`s, which are open host records here). */
function pathsDeclared(schema: any, prefix = '', found = new Set<string>()): Set<string> {
  if (schema === null || typeof schema !== 'object') return found;
  if (schema.items) pathsDeclared(schema.items, `${prefix}[]`, found);
  for (const branch of [schema.then, schema.else]) if (branch) pathsDeclared(branch, prefix, found);
  for (const [k, sub] of Object.entries(schema.properties ?? {})) {
    const p = prefix ? `${prefix}.${k}` : k;
    found.add(p);
    pathsDeclared(sub, p, found);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The cases: demo catalogs × their sample quotes, the test fixture quotes, the pricing fixtures.

const crm = load('../demo/catalogs/crm-saas.json');
const air = load('../demo/catalogs/air-compressor.json');
const demoQuotes: Record<string, unknown> = {
  'crm-pro-120.json': crm,
  'portal-crm.json': crm,
  'compressor-55kw-full.json': air,
  'portal-compressor.json': air,
};
const fixtureQuotes: Record<string, unknown> = {
  'crm-pro-120.json': crm,
  'partner-gold.json': crm,
  'conflict.json': crm,
  'compressor-55kw-full.json': air,
  'compressor-75kw-export.json': air,
  'compressor-rule-errors.json': air,
};

interface Case {
  name: string;
  catalog: unknown;
  quote: unknown;
  options?: PriceOptions;
}

const TODAY = { today: '2026-11-28' };

/** The standard fixture catalog with books, line and quote rules and approval rules. */
function richCatalog(extra: JsonObject = {}): JsonObject {
  return catalog({
    priceBooks: priceBooks(),
    priceRules: [
      lineRule('lic-10', { percentOff: '10' }, { appliesTo: { categories: ['license'] } }),
      lineRule('tier-off', { amountOff: '0.50' }, { appliesTo: { skus: ['TIER'] }, stackable: true, priority: 2 }),
      lineRule('sub-long', { percentOff: '5' }, { appliesTo: { skus: ['SUB'] }, when: { '>=': [{ var: 'line.term' }, 24] }, stackable: true }),
      quoteRule('big-order', { amountOff: '100.00' }, { when: { '>': [{ var: 'quote.subtotal' }, 1000] } }),
    ],
    approvalRules: discountApprovalRules(),
    ...extra,
  });
}

/** Lines on every standard product and the bundle, with every kind of line discount. */
function richLines(): JsonObject[] {
  return [
    line('L1', 'FLAT', '5', { discount: { amount: '5.00' }, group: 'Licences' }),
    line('L2', 'TIER', '20'),
    line('L3', 'VOL', '30'),
    line('L4', 'BLOCK', '40'),
    line('L5', 'PCT'),
    line('L6', 'COSTPLUS', '2'),
    line('L7', 'SUB', '3', { term: '24' }),
    line('L8', 'WIDGET', '1', { attributes: { color: 'gold', size: 'xl' } }),
    line('L9', 'SVC', '2', { optional: true, group: 'Services' }),
    line('L10', 'FLOOR', '1', { discount: { unitPrice: '80.00' } }),
    line('L11', 'BUNDLE', '2', {
      options: [{ sku: 'ADDON-A', qty: '2' }, { sku: 'ADDON-B' }, { sku: 'ADDON-C', priceRule: 'lic-10' }, { sku: 'SUPPORT' }],
      discount: { percent: '4' },
    }),
  ];
}

const fixtureCases: Case[] = [
  {
    name: 'standard catalog, every price model, rules and approvals',
    catalog: richCatalog(),
    quote: quote(richLines(), {
      validUntil: '2026-12-28', locale: 'zh-CN', discount: { percent: '20' },
      customer: { id: 'C-1', name: 'Acme', segment: 'enterprise', employees: 1200, vip: true },
      opportunity: { id: 'OPP-1', stage: 'negotiation', partner: { id: 'P-1', name: 'Partner' } },
    }),
  },
  { name: 'worked example', catalog: workedExampleCatalog(), quote: workedExampleQuote() },
  { name: 'price book with fallback', catalog: richCatalog(), quote: quote([line('L1', 'FLAT', '3'), line('L2', 'SVC', '1')], { priceBook: 'gold' }) },
  {
    name: 'foreign-currency price book (no costs)',
    catalog: richCatalog(),
    quote: quote([line('L1', 'FLAT', '3'), line('L2', 'TIER', '12')], { priceBook: 'usd', currency: 'USD', discount: { amount: '1.00' } }),
  },
  {
    name: 'tax-inclusive, half-even',
    catalog: richCatalog({ pricing: { rounding: 'half-even', taxMode: 'inclusive', floorApprovalLevel: 'director' } }),
    quote: quote([line('L1', 'FLAT', '3', { discount: { percent: '12.5' } }), line('L2', 'SVC', '1'), line('L3', 'FLOOR', '2', { discount: { percent: '30' } })]),
  },
  {
    name: 'price-rule conflicts, one resolved',
    catalog: catalog({
      priceRules: [
        lineRule('a', { percentOff: '5' }, { appliesTo: { skus: ['FLAT'] }, priority: 1 }),
        lineRule('b', { setUnitPrice: '90.00' }, { appliesTo: { skus: ['FLAT'] }, priority: 1 }),
        quoteRule('qa', { percentOff: '1' }, { priority: 1 }),
        quoteRule('qb', { amountOff: '2.00' }, { priority: 1 }),
      ],
    }),
    quote: quote([line('L1', 'FLAT', '2'), line('L2', 'FLAT', '2', { priceRule: 'b' })], { priceRule: 'qa' }),
  },
  {
    name: 'bad lines',
    catalog: catalog(),
    quote: quote([
      line('L1', 'NOPE', '1'), line('L2', 'FLAT', '-1'), line('L3', 'FLAT', 'abc'), line('L4', 'FLAT', '1', { discount: { percent: '150' } }),
      line('L4', 'FLAT', '1'), line('L5', 'TIER', '1', { term: '12' }), line('L6', 'FLAT', '5000'), line('L7', 'BLOCK', '101'),
      { sku: 'FLAT' }, 'not a line',
    ] as JsonObject[]),
  },
  {
    name: 'the document’s words: section and note lines, a description, notes, terms, payment terms',
    catalog: catalog(),
    quote: quote([
      { id: 'S1', kind: 'section', text: '软件许可', group: 'g' }, line('L1', 'FLAT', '2', { description: '含培训。', group: 'g' }), { id: 'N1', kind: 'note', text: 'Yearly.' },
    ] as JsonObject[], { notes: '感谢！', terms: '1. 含税。', paymentTerms: { code: 'NET30', days: 30, text: '30 天' } }),
  },
  {
    // Subscriptions (issue 16): an amendment with a locked line, a credit, a re-priced subscription and a co-terminated add-on whose period has a partial first and last month.
    name: 'amendment of a contract',
    catalog: crm,
    quote: {
      id: 'Q-AMEND', version: 1, date: '2026-01-20', kind: 'amendment', customer: { id: 'C-1' },
      contract: { id: 'K-1', start: '2026-01-01', end: '2026-12-31', version: 1, effective: '2026-01-20' },
      lines: [
        { id: 'K-1:L1', sku: 'CRM-PRO', qty: '100', locked: true, subscriptionId: 'K-1:L1', contractedUnitPrice: '60.00', period: { start: '2026-01-20', end: '2026-12-31' } },
        { id: 'K-1:L1:credit', sku: 'CRM-PRO', qty: '10', credit: true, subscriptionId: 'K-1:L1', contractedUnitPrice: '60.00', period: { start: '2026-01-20', end: '2026-12-31' } },
        { id: 'K-1:L2', sku: 'CRM-STD', qty: '20', repriced: true, subscriptionId: 'K-1:L2', period: { start: '2026-01-20', end: '2026-12-31' } },
        { id: 'N1', sku: 'ADDON-STORAGE', qty: '100', period: { start: '2026-01-20', end: '2026-03-15' } },
      ],
    },
  },
  { name: 'invalid catalog', catalog: catalog({ products: [product('X', { model: 'flat' })] }), quote: quote([line('L1', 'X', '1')]) },
  { name: 'not a quote', catalog: catalog(), quote: 'nope', options: TODAY },
  { name: 'no date, no lines', catalog: catalog(), quote: { id: 'Q-EMPTY', lines: [] }, options: TODAY },
];

const cases: Case[] = [
  ...Object.entries(demoQuotes).map(([file, cat]) => ({ name: `demo ${file}`, catalog: cat, quote: load(`../demo/quotes/${file}`) })),
  ...Object.entries(fixtureQuotes).map(([file, cat]) => ({ name: `fixture ${file}`, catalog: cat, quote: load(`./fixtures/quotes/${file}`) })),
  ...fixtureCases,
];

/**
 * A valid catalog with every field the validator knows, each price model in each place a price
 * model goes (product, bundle option, price-book entry), and the seller-only parts.
 */
function fullCatalog(): JsonObject {
  const name = (en: string): JsonObject => ({ en, 'zh-CN': `${en}（中文）` });
  const tiered = (): JsonObject => ({ model: 'tiered', tiers: [{ upTo: '10', unit: '5.00', flat: '1.00' }, { upTo: null, unit: 4 }] });
  const volume = (): JsonObject => ({ model: 'volume', tiers: [{ upTo: 10, unit: '5.00' }, { upTo: null, unit: '4.00', flat: 2 }] });
  const block = (): JsonObject => ({ model: 'block', blocks: [{ upTo: 10, price: '100.00' }, { upTo: '20', price: 180 }] });
  const ofSkus = (): JsonObject => ({ model: 'percentOf', percent: '10', of: { skus: ['BASE'] } });
  const ofParent = (): JsonObject => ({ model: 'percentOf', percent: 15, of: { parent: true } });
  return {
    id: 'full', name: name('Full catalog'), currency: 'CNY', locale: 'en',
    pricing: { rounding: 'half-even', taxMode: 'inclusive', floorApprovalLevel: 'director' },
    taxes: [{ code: 'VAT13', rate: 13, name: name('VAT 13%') }, { code: 'VAT6', rate: '6', name: 'VAT 6%' }],
    defaultTaxCode: 'VAT13',
    products: [
      {
        sku: 'BASE', name: name('Base'), description: name('The base product'), category: 'license', unit: name('user/month'),
        taxCode: 'VAT13', cost: '40.00', floorPrice: 50, qty: { min: '1', max: 1000, step: '1', default: '1' },
        term: { unit: 'month', min: 1, max: '36', default: '12' }, price: flat('100.00'),
        // Subscriptions (issue 16): proration and decreases reach the customer, the renewal uplift and price basis do not.
        subscription: { proration: { method: 'whole-months', first: 'full', last: 'free' }, decreases: 'at-renewal', renewalUplift: '3', renewalPrice: 'list' },
        attributes: [{ id: 'color', name: name('Color'), default: 'red', required: true, values: [
          { id: 'red', name: name('Red') }, { id: 'gold', name: 'Gold', priceDelta: '5.00' },
        ] }],
      },
      { sku: 'TIERED', name: 'Tiered', category: 'usage', price: tiered() },
      { sku: 'VOLUME', name: 'Volume', category: 'usage', price: volume() },
      { sku: 'BLOCKED', name: 'Blocked', category: 'usage', price: block() },
      { sku: 'PCT-SKUS', name: 'Percent of base', category: 'service', taxCode: 'VAT6', price: ofSkus() },
      { sku: 'PCT-PARENT', name: 'Percent of parent', category: 'service', taxCode: 'VAT6', price: ofParent() },
      { sku: 'CPLUS', name: 'Cost plus', category: 'hardware', cost: '10.00', price: { model: 'costPlus', markup: '20' } },
      { sku: 'OPT-INC', name: 'Included', price: flat('1.00') },
      {
        sku: 'BUNDLE', name: name('Bundle'), category: 'bundle', price: flat('1000.00'),
        features: [
          { id: 'models', name: name('Priced options'), min: 0, max: 7, options: [
            { sku: 'TIERED', default: true, required: false, qtyPer: 'parent', qty: { min: '1', max: '2', step: '1', default: '1' }, included: false, price: tiered() },
            { sku: 'VOLUME', qtyPer: 'fixed', qty: { min: 1, max: 50 }, price: volume() },
            { sku: 'BLOCKED', price: block() },
            { sku: 'PCT-SKUS', price: ofSkus() },
            { sku: 'PCT-PARENT', price: ofParent() },
            { sku: 'CPLUS', price: { model: 'costPlus', markup: '30' } },
            { sku: 'OPT-INC', required: true, included: true, price: flat('2.00') },
          ] },
          { id: 'plain', name: 'Plain', options: [{ sku: 'BASE' }] },
        ],
      },
    ],
    rules: [
      { id: 'r-req', kind: 'requires', products: ['BUNDLE'], when: { '!!': { var: 'selected.VOLUME' } }, targets: ['BLOCKED'], message: name('Volume needs Blocked') },
      { id: 'r-exc', kind: 'excludes', products: ['BUNDLE'], when: { '>': [{ var: 'qty' }, 100] }, targets: ['PCT-SKUS'], message: 'Not above 100' },
      { id: 'r-val', kind: 'validate', when: { '>': [{ var: 'qty' }, 500] }, severity: 'warning', message: name('Large order') },
      { id: 'r-auto', kind: 'autoSelect', products: ['BUNDLE'], when: { '>': [{ var: 'qty' }, 50] }, targets: ['BLOCKED'] },
      { id: 'r-hide', kind: 'hide', products: ['BUNDLE'], when: { '>': [{ var: 'qty' }, 200] }, targets: ['CPLUS'] },
      { id: 'r-qty', kind: 'setQty', products: ['BUNDLE'], when: { '>': [{ var: 'qty' }, 10] }, targets: ['VOLUME'], qty: { '*': [{ var: 'qty' }, 2] }, severity: 'error' },
    ],
    priceRules: [lineRule('seller-rule', { percentOff: '5' })],
    priceBooks: [{ id: 'book', name: name('Book'), currency: 'CNY', fallback: true, entries: [
      { sku: 'BASE', price: flat('90.00') },
      { sku: 'TIERED', price: tiered() },
      { sku: 'VOLUME', price: volume() },
      { sku: 'BLOCKED', price: block() },
      { sku: 'PCT-SKUS', price: ofSkus() },
      { sku: 'PCT-PARENT', price: ofParent() },
      { sku: 'CPLUS', price: { model: 'costPlus', markup: '10' } },
    ] }],
    approvalRules: discountApprovalRules(),
    // Display names (extensions): the categories reach the customer, the approval levels do not.
    approvalLevels: [{ id: 'manager', name: name('Manager') }],
    categories: [{ id: 'license', name: name('Licences') }, { id: 'usage', name: 'Usage' }, { id: 'service' }, { id: 'hardware' }, { id: 'bundle' }],
    subscriptions: { proration: { method: '30-360', first: 'prorate', last: 'full' }, decreases: 'allowed', renewalUplift: '5', renewalPrice: 'contracted' },
  };
}

/** Catalogs for the catalog schema: the demo catalogs, the fixture catalogs, and the full one. */
const catalogCases: [string, unknown][] = [
  ['demo crm-saas', crm],
  ['demo air-compressor', air],
  ['fixture standard', richCatalog()],
  ['fixture worked example', workedExampleCatalog()],
  ['full catalog', fullCatalog()],
];

/**
 * What the customer catalog schema writes of `catalogForCustomer`'s copy: everything but the
 * two parts it leaves out on purpose (a costPlus model's markup, the floor approval level).
 */
function withoutWithheld(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutWithheld);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'markup' && (value as Record<string, Json>).model === 'costPlus') continue;
    if (k === 'floorApprovalLevel') continue;
    out[k] = withoutWithheld(v);
  }
  return out;
}

const priced = new Map<string, PricedQuote>(cases.map((c) => [c.name, priceQuote(c.catalog, c.quote, c.options)]));
const pricedOf = (c: Case): PricedQuote => priced.get(c.name)!;

// ---------------------------------------------------------------------------------------------

describe('the cases', () => {
  it('cover every demo quote', () => {
    assert.deepEqual(readdirSync(new URL('../demo/quotes/', import.meta.url)).filter((f) => f.endsWith('.json')).sort(), Object.keys(demoQuotes).sort());
  });
  it('price as meant: demo quotes orderable, the fixtures with issues, cost, approvals and below-floor lines', () => {
    for (const file of Object.keys(demoQuotes)) assert.equal(pricedOf(cases.find((c) => c.name === `demo ${file}`)!).orderable, true, file);
    const all = [...priced.values()];
    assert.ok(all.some((p) => p.issues.some((i) => i.code === 'below-floor')));
    assert.ok(all.some((p) => p.approvals.some((a) => a.ruleId === 'below-floor')));
    assert.ok(all.some((p) => p.approvals.some((a) => a.ruleId === 'disc-15')));
    assert.ok(all.some((p) => p.totals.cost !== undefined && p.lines.some((l) => l.marginPercent !== undefined)));
    assert.ok(all.some((p) => p.issues.some((i) => i.code === 'invalid-catalog')));
    assert.ok(all.some((p) => p.issues.some((i) => i.code === 'price-rule-conflict')));
  });
  it('the full catalog is valid', () => {
    const result = validateCatalog(fullCatalog());
    assert.deepEqual(result.errors.filter((e) => e.severity !== 'warning'), []);
    assert.equal(result.ok, true);
  });
});

describe('PRICED_QUOTE_SCHEMA: complete for the seller\'s priced quote', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = pricedOf(c);
      assert.deepEqual(sellerPriced(p), plain(p));
    });
  }
  it('declares nothing the cases do not exercise', () => {
    const seen = new Set<string>();
    for (const p of priced.values()) for (const path of pathsIn(p)) seen.add(path);
    const unused = [...pathsDeclared(PRICED_QUOTE_SCHEMA)].filter((p) => !seen.has(p));
    assert.deepEqual(unused, []);
  });
});

describe('CUSTOMER_PRICED_QUOTE_SCHEMA: complete for pricedForCustomer', () => {
  for (const c of cases) {
    it(c.name, () => {
      const customer = pricedForCustomer(pricedOf(c));
      assert.deepEqual(customerPriced(customer), plain(customer));
    });
  }
  it('declares nothing the cases do not exercise', () => {
    const seen = new Set<string>();
    for (const p of priced.values()) for (const path of pathsIn(pricedForCustomer(p))) seen.add(path);
    const unused = [...pathsDeclared(CUSTOMER_PRICED_QUOTE_SCHEMA)].filter((p) => !seen.has(p));
    assert.deepEqual(unused, []);
  });
  it('a field missing from the schema is caught (the comparison can fail)', () => {
    const schema = structuredClone(CUSTOMER_PRICED_QUOTE_SCHEMA) as any;
    delete schema.properties.lines.items.properties.group;
    const p = pricedForCustomer(pricedOf(cases[0]!));
    assert.ok(p.lines.some((l) => l.group !== undefined));
    assert.notDeepEqual(serializer(schema)(p), plain(p));
  });
});

describe('CUSTOMER_PRICED_QUOTE_SCHEMA: a seller\'s priced quote sent through it leaks nothing', () => {
  for (const c of cases) {
    it(c.name, () => {
      const full = pricedOf(c);
      const out = customerPriced(full) as Record<string, any>;
      const leaked = SELLER_ONLY_KEYS.filter((k) => keysIn(out).has(k));
      assert.deepEqual(leaked, []);
      assert.deepEqual(out.approvals, []);
      const text = JSON.stringify(out);
      for (const i of full.issues.filter((x) => x.code === 'below-floor')) assert.ok(!text.includes(JSON.stringify(i.message)), i.message);
      assert.ok(!keysIn(out).has('level'), 'no approval comes through');
    });
  }
  it('the scan finds what the seller\'s copy carries (the check can fail)', () => {
    const full = pricedOf(fixtureCases[0]!);
    const keys = keysIn(plain(full));
    for (const k of ['cost', 'margin', 'marginPercent']) assert.ok(keys.has(k), k);
    assert.ok(full.approvals.length > 0 && full.issues.some((i) => i.code === 'below-floor'));
  });
  it('a below-floor issue that comes through is written without its message', () => {
    const full = pricedOf(fixtureCases[0]!);
    const out = customerPriced(full) as { issues: Record<string, unknown>[] };
    const floor = out.issues.filter((i) => i.code === 'below-floor');
    assert.ok(floor.length > 0);
    for (const i of floor) assert.deepEqual(Object.keys(i).sort(), ['code', 'lineId', 'severity']);
  });
  it('seller-only keys in the host\'s customer record are dropped at every level, and the opportunity is never written', () => {
    const full = {
      ...pricedOf(fixtureCases[0]!),
      customer: { id: 'C-1', cost: '1', name: 'A', partner: { margin: '2', id: 'P', deep: [{ floorPrice: 3, marginPercent: 4, x: null, ok: 1 }, 'y'] } },
      opportunity: { id: 'O', approvalRules: [], priceRules: {}, costs: 'kept', stage: 'won' },
    };
    const out = customerPriced(full) as Record<string, any>;
    assert.deepEqual(out.customer, { id: 'C-1', name: 'A', partner: { id: 'P', deep: [{ x: null, ok: 1 }, 'y'] } });
    assert.equal(out.opportunity, undefined);
  });
  it(`host records are written ${MAX_HOST_DEPTH} levels deep, and cut (not leaked) below`, () => {
    const nest = (levels: number, leaf: Json): Json => (levels === 0 ? leaf : { id: `n${levels}`, cost: '1', next: nest(levels - 1, leaf), list: [levels] });
    const clean = (levels: number, leaf: Json): Json => (levels === 0 ? leaf : { id: `n${levels}`, next: clean(levels - 1, leaf), list: [levels] });
    const cut = (levels: number): Json => (levels === 1 ? { id: 'n1', next: {}, list: [] } : { id: `n${levels}`, next: cut(levels - 1), list: [levels] });
    const written = (customer: Json) => (customerPriced(pricedForCustomer({ ...pricedOf(fixtureCases[0]!), customer: customer as Record<string, unknown> })) as Record<string, Json>).customer;
    assert.deepEqual(written(nest(MAX_HOST_DEPTH - 1, 'end')), clean(MAX_HOST_DEPTH - 1, 'end'));
    const out = written(nest(MAX_HOST_DEPTH, { cost: '1', more: [{ margin: 2 }] }));
    assert.deepEqual(out, cut(MAX_HOST_DEPTH));
    assert.deepEqual(SELLER_ONLY_KEYS.filter((k) => keysIn(out).has(k)), []);
  });
});

describe('CUSTOMER_CATALOG_SCHEMA: complete for catalogForCustomer', () => {
  for (const [name, cat] of catalogCases) {
    it(name, () => {
      const copy = catalogForCustomer(cat as never);
      assert.deepEqual(customerCatalog(copy), withoutWithheld(plain(copy)));
    });
  }
  it('declares nothing the full catalog does not exercise', () => {
    const seen = pathsIn(plain(catalogForCustomer(fullCatalog() as never)));
    const unused = [...pathsDeclared(CUSTOMER_CATALOG_SCHEMA)].filter((p) => !seen.has(p));
    assert.deepEqual(unused, []);
  });
  it('a field missing from the schema is caught (the comparison can fail)', () => {
    const schema = structuredClone(CUSTOMER_CATALOG_SCHEMA) as any;
    delete schema.properties.products.items.properties.features.items.properties.options.items.properties.qtyPer;
    const copy = catalogForCustomer(fullCatalog() as never);
    assert.notDeepEqual(serializer(schema)(copy), withoutWithheld(plain(copy)));
  });
});

describe('CUSTOMER_CATALOG_SCHEMA: a seller\'s full catalog sent through it leaks nothing', () => {
  const withheld = [...SELLER_ONLY_KEYS, 'floorApprovalLevel', 'markup', 'renewalUplift', 'renewalPrice'];
  for (const [name, cat] of catalogCases) {
    it(name, () => {
      const out = customerCatalog(cat);
      assert.deepEqual(withheld.filter((k) => keysIn(out).has(k)), []);
      assert.equal((out as { products: unknown[] }).products.length, (cat as { products: unknown[] }).products.length);
    });
  }
  it('the scan finds what the seller\'s catalog carries (the check can fail)', () => {
    const keys = keysIn(plain(fullCatalog()));
    const inCatalogs = ['cost', 'floorPrice', 'approvalRules', 'priceRules', 'floorApprovalLevel', 'markup', 'renewalUplift', 'renewalPrice'];
    assert.deepEqual(inCatalogs.filter((k) => !keys.has(k)), []);
  });
});

// ---------------------------------------------------------------------------------------------
// Request schemas with ajv, compiled as the service compiles them.

function compile(schema: JsonSchema): ValidateFunction {
  const warnings: unknown[] = [];
  const ajv = new Ajv({
    allErrors: false, removeAdditional: false, coerceTypes: false, useDefaults: false,
    logger: { log: () => {}, warn: (...args: unknown[]) => warnings.push(args), error: (...args: unknown[]) => warnings.push(args) },
  });
  const validate = ajv.compile(schema);
  assert.deepEqual(warnings, [], 'strict mode has nothing to say about the schema');
  return validate;
}

const validateInput = compile(QUOTE_INPUT_SCHEMA);
const validateCreate = compile(QUOTE_CREATE_SCHEMA);
const validateEdit = compile(QUOTE_EDIT_SCHEMA);

/** The part of a stored quote a seller edits: without what the server decides. */
function editable(q: Record<string, unknown>): Record<string, unknown> {
  const { id: _i, version: _v, date: _d, currency: _c, lifecycle: _l, ...rest } = q;
  return rest;
}

const errorsOf = (validate: ValidateFunction) => JSON.stringify(validate.errors);

describe('QUOTE_EDIT_SCHEMA / QUOTE_CREATE_SCHEMA: what a seller may send', () => {
  const samples: [string, Record<string, unknown>][] = [
    ...Object.keys(demoQuotes).map((f): [string, Record<string, unknown>] => [`demo ${f}`, load(`../demo/quotes/${f}`)]),
    ...Object.keys(fixtureQuotes).map((f): [string, Record<string, unknown>] => [`fixture ${f}`, load(`./fixtures/quotes/${f}`)]),
    ['fixture worked example', workedExampleQuote()],
    ['fixture rich quote', fixtureCases[0]!.quote as Record<string, unknown>],
  ];
  for (const [name, q] of samples) {
    it(`${name}: its editable part passes`, () => {
      const body = editable(q);
      assert.equal(validateEdit(body), true, errorsOf(validateEdit));
      assert.equal(validateEdit({ ...body, baseRevision: 3 }), true, errorsOf(validateEdit));
      assert.equal(validateInput(body), true, errorsOf(validateInput));
      assert.equal(validateCreate({ ...body, catalogId: 'demo-crm-2026' }), true, errorsOf(validateCreate));
    });
    it(`${name}: as stored (with id, version, date, currency) it is refused`, () => {
      assert.equal(validateEdit(q), false);
    });
  }

  const options = (depth: number): JsonObject[] => {
    let level: JsonObject[] = [{ sku: 'LEAF', qty: '1' }];
    for (let i = 1; i < depth; i++) level = [{ sku: `B${i}`, options: level }];
    return level;
  };
  const base = (): Record<string, any> => ({ lines: [{ id: 'L1', sku: 'CRM-PRO', qty: '10' }] });
  const withLine = (extra: Record<string, unknown>) => ({ lines: [{ id: 'L1', sku: 'CRM-PRO', ...extra }] });
  const big = 'x'.repeat(100_000);
  const proto = (json: string) => JSON.parse(json) as Record<string, unknown>;

  const good: [string, unknown][] = [
    ['no lines', { lines: [] }],
    ['a safe-integer quantity and term', withLine({ qty: 5, term: 12 })],
    ['a decimal-string discount of each kind', { lines: [
      { id: 'a', sku: 'X', discount: { percent: '5.5' } }, { id: 'b', sku: 'X', discount: { amount: '10.00' } }, { id: 'c', sku: 'X', discount: { unitPrice: 950 } },
    ] }],
    ['a quote discount by amount, a price rule choice', { ...base(), discount: { amount: '100.00' }, priceRule: 'year-end' }],
    ['options nested 5 levels, with price-rule choices', withLine({ options: [{ sku: 'A', priceRule: 'r', options: options(4) }] })],
    ['a line id with dots, colons, dashes', withLine({ id: 'L1.2:a-b_c' })],
    ['locale de-CH, validUntil', { ...base(), locale: 'de-CH', validUntil: '2027-02-28' }],
    ['2,000 lines', { lines: Array.from({ length: 2000 }, (_, i) => ({ id: `L${i}`, sku: 'X' })) }],
    ['a customer with number and boolean facts', { ...base(), customer: { id: 'C', employees: 1200, vip: true, score: 0.5 } }],
  ];
  for (const [what, body] of good) {
    it(`accepts ${what}`, () => assert.equal(validateEdit(body), true, errorsOf(validateEdit)));
  }

  const bad: [string, unknown][] = [
    ['a computed amount on a line (netAmount)', withLine({ netAmount: '100.00' })],
    ['a computed amount on a line (amount)', withLine({ amount: '100.00' })],
    ['a list price on a line', withLine({ listUnitPrice: '1.00' })],
    ['totals', { ...base(), totals: { net: '1.00' } }],
    ['approvals', { ...base(), approvals: [] }],
    ['lifecycle', { ...base(), lifecycle: { state: 'approved' } }],
    ['version', { ...base(), version: 2 }],
    ['date', { ...base(), date: '2026-11-28' }],
    ['currency', { ...base(), currency: 'USD' }],
    ['id', { ...base(), id: 'Q-1' }],
    ['catalogId on an edit', { ...base(), catalogId: 'demo-crm-2026' }],
    ['no lines', {}],
    ['lines as an object', { lines: { id: 'L1', sku: 'X' } }],
    ['a line without a sku', { lines: [{ id: 'L1' }] }],
    ['a line without an id', { lines: [{ sku: 'X' }] }],
    ['a line id with a slash (the form of option line ids)', withLine({ id: 'L1/ADDON' })],
    ['a line id with a space', withLine({ id: 'L 1' })],
    ['an empty line id', withLine({ id: '' })],
    ['a line id of 65 characters', withLine({ id: 'L'.repeat(65) })],
    ['a float quantity', withLine({ qty: 1.5 })],
    ['an unsafe integer quantity', withLine({ qty: 2 ** 53 })],
    ['a quantity with an exponent', withLine({ qty: '1e3' })],
    ['a quantity with a thousands separator', withLine({ qty: '1,000' })],
    ['a quantity with spaces', withLine({ qty: ' 5' })],
    ['an empty quantity', withLine({ qty: '' })],
    ['a quantity with 13 decimals', withLine({ qty: '1.0000000000001' })],
    ['a quantity of 19 digits', withLine({ qty: '1234567890123456789' })],
    ['a boolean term', withLine({ term: true })],
    ['unitPrice as the float 1.5', withLine({ discount: { unitPrice: 1.5 } })],
    ['a discount with two kinds', withLine({ discount: { percent: '5', amount: '1.00' } })],
    ['a discount of an unknown kind', withLine({ discount: { percentOff: '5' } })],
    ['an empty discount', withLine({ discount: {} })],
    ['a quote discount by unit price', { ...base(), discount: { unitPrice: '1.00' } }],
    ['optional as a string', withLine({ optional: 'true' })],
    ['an attribute value that is a number', withLine({ attributes: { deploy: 1 } })],
    ['51 attributes', withLine({ attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, 'v'])) })],
    ['3,000 lines', { lines: Array.from({ length: 3000 }, (_, i) => ({ id: `L${i}`, sku: 'X' })) }],
    ['501 options', withLine({ options: Array.from({ length: 501 }, () => ({ sku: 'A' })) })],
    ['options nested 6 levels', withLine({ options: options(6) })],
    ['an option with an unknown field', withLine({ options: [{ sku: 'A', price: '1.00' }] })],
    ['an option without a sku', withLine({ options: [{ qty: '1' }] })],
    ['a __proto__ key on the quote', proto('{"lines":[],"__proto__":{"polluted":true}}')],
    ['a __proto__ key on a line', proto('{"lines":[{"id":"L1","sku":"X","__proto__":{"qty":"1"}}]}')],
    ['a __proto__ key in attributes', proto('{"lines":[{"id":"L1","sku":"X","attributes":{"__proto__":"x"}}]}')],
    ['a constructor key in attributes', withLine({ attributes: { constructor: 'x' } })],
    ['a __proto__ key in the customer', proto('{"lines":[],"customer":{"id":"C","__proto__":{"admin":true}}}')],
    ['a sku of 100k characters', withLine({ sku: big })],
    ['a group of 100k characters', withLine({ group: big })],
    ['a price rule of 100k characters', withLine({ priceRule: big })],
    ['an attribute value of 100k characters', withLine({ attributes: { deploy: big } })],
    ['a customer name of 100k characters', { ...base(), customer: { id: 'C', name: big } }],
    ['a customer field of 100k characters', { ...base(), customer: { id: 'C', notes: big } }],
    ['a decimal of 100k digits', withLine({ qty: '1'.repeat(100_000) })],
    ['a customer without an id', { ...base(), customer: { name: 'Acme' } }],
    ['a customer with 51 fields', { ...base(), customer: Object.fromEntries([['id', 'C'], ...Array.from({ length: 50 }, (_, i) => [`f${i}`, 'v'])]) }],
    ['a customer nested 3 levels', { ...base(), customer: { id: 'C', a: { b: { c: 'd' } } } }],
    ['a customer field that is an array', { ...base(), customer: { id: 'C', tags: ['a'] } }],
    ['an opportunity that is a string', { ...base(), opportunity: 'OPP-1' }],
    ['validUntil in another format', { ...base(), validUntil: '28/11/2026' }],
    ['validUntil in month 13', { ...base(), validUntil: '2026-13-01' }],
    ['validUntil as a date-time', { ...base(), validUntil: '2026-11-28T00:00:00Z' }],
    ['a locale with an underscore', { ...base(), locale: 'zh_CN' }],
    ['a locale of 36 characters', { ...base(), locale: `en-${'abcdefgh-'.repeat(3)}abcdef` }],
    ['a price book of 101 characters', { ...base(), priceBook: 'b'.repeat(101) }],
    ['baseRevision 0', { ...base(), baseRevision: 0 }],
    ['baseRevision 1.5', { ...base(), baseRevision: 1.5 }],
    ['baseRevision as a string', { ...base(), baseRevision: '1' }],
    ['not an object', [base()]],
  ];
  for (const [what, body] of bad) {
    it(`refuses ${what}`, () => assert.equal(validateEdit(body), false));
  }

  it('create needs a catalogId of the allowed form', () => {
    assert.equal(validateCreate({ ...base(), catalogId: 'demo-crm-2026' }), true, errorsOf(validateCreate));
    assert.equal(validateCreate(base()), false);
    assert.equal(validateCreate({ ...base(), catalogId: '' }), false);
    assert.equal(validateCreate({ ...base(), catalogId: '../etc' }), false);
    assert.equal(validateCreate({ ...base(), catalogId: 'c'.repeat(101) }), false);
    assert.equal(validateCreate({ ...base(), catalogId: 'demo', baseRevision: 1 }), false);
  });
  it('the locale test strings are what they claim', () => {
    assert.equal(`en-${'abcdefgh-'.repeat(3)}abcdef`.length, 36);
  });
});
