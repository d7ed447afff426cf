/**
 * Incremental re-pricing (issue 15): pricing a quote after each of a random sequence of edits,
 * with the catalog's line memo warm from the steps before, gives exactly — deep equality, field
 * for field, configurations told to `onConfigure` included — what pricing it from scratch gives
 * (a copy of the catalog object, whose memo is emptied before each pricing).
 * Run: node --import tsx --test test/pricing.incremental.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { priceQuote } from '../src/pricing/index.js';
import { forgetLines, lineKey, memoStats, sealLines } from '../src/pricing/line-memo.js';
import { prepareCatalog } from '../src/rules/prepare-catalog.js';
import type { ConfigState, PricedQuote } from '../src/types.js';
import { scenarioArb } from './arbitraries.js';
import { pricedJsonBytes } from '../src/server/json-text.js';
import { digestContent, digestText } from '../src/quote/digest.js';
import { canonicalJson } from '../src/quote/canonical-json.js';
import { catalog, lineRule, priceBooks, quoteRule, type JsonObject } from './fixtures/pricing-catalogs.js';

const RUNS = Math.max(1000, Number(process.env.PROPERTY_RUNS ?? 1000) || 1000);

type Q = Record<string, unknown> & { lines: unknown[] };
type Edit = (q: Q) => Q;

function priced(cat: unknown, q: unknown): { pq: PricedQuote; configs: [string, ConfigState][] } {
  const configs: [string, ConfigState][] = [];
  const pq = priceQuote(cat, q, { onConfigure: (id, s) => configs.push([id, s]) });
  return { pq, configs };
}

let prevLines: unknown[] = [];

/** Price every step incrementally (one catalog object) and from scratch (a copy whose memo is emptied each time). */
function checkSequence(cat: unknown, start: Q, edits: Edit[], sealed = false): void {
  const copy = structuredClone(cat);
  const prepared = prepareCatalog(copy);
  assert.ok(prepared.ok, 'the catalog did not prepare');
  let q = start;
  for (let k = 0; k <= edits.length; k++) {
    if (k > 0) q = edits[k - 1]!(structuredClone(q));
    if (sealed) {
      // As the pricing worker does: a line equal to one of the last step's keeps that (sealed) object.
      const last = new Map<string | undefined, unknown>();
      if (k > 0) for (const line of prevLines) last.set(lineKey(line), line);
      q.lines = q.lines.map((line) => last.get(lineKey(line)) ?? line);
      sealLines(q.lines);
      prevLines = q.lines;
    }
    const warm = priced(cat, q);
    forgetLines(prepared.catalog);
    const cold = priced(copy, q);
    assert.deepStrictEqual(warm, cold, `step ${k}: ${JSON.stringify(q)}`);
    // The texts written once per kept line (the service's row and answer, the digest) are the
    // texts written whole: a line given again by the memo is the line it was.
    assert.equal(pricedJsonBytes(warm.pq).toString('utf8'), JSON.stringify(cold.pq));
    assert.equal(digestText(warm.pq), canonicalJson(digestContent(cold.pq)));
    // What the priced quote shares with the memo is frozen: scribbling over the rest changes no
    // later answer, and a write to a shared part throws.
    scribble(warm.pq);
  }
}

function scribble(v: unknown, depth = 0): void {
  if (depth > 8 || typeof v !== 'object' || v === null) return;
  if (Object.isFrozen(v)) {
    assert.throws(() => Object.assign(v, { scribbled: true }), TypeError);
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) scribble(x, depth + 1);
    v.push('scribbled');
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'object') scribble(x, depth + 1);
    else (v as Record<string, unknown>)[k] = 'scribbled';
  }
}

const at = (q: Q, n: number) => (q.lines.length === 0 ? -1 : n % q.lines.length);
const setLine = (key: string, value: unknown) => (n: number): Edit => (q) => {
  const i = at(q, n);
  if (i >= 0 && typeof q.lines[i] === 'object' && q.lines[i] !== null) (q.lines[i] as Record<string, unknown>)[key] = value;
  return q;
};
const removeLine = (n: number): Edit => (q) => {
  const i = at(q, n);
  if (i >= 0) q.lines.splice(i, 1);
  return q;
};
const moveLine = ([a, b]: [number, number]): Edit => (q) => {
  const i = at(q, a);
  const j = at(q, b);
  if (i >= 0) q.lines.splice(j, 0, ...q.lines.splice(i, 1));
  return q;
};
const copyLine = ([n, id]: [number, string]): Edit => (q) => {
  const i = at(q, n);
  if (i >= 0) q.lines.push(id === '' ? structuredClone(q.lines[i]) : { ...(q.lines[i] as object), id });
  return q;
};
const setQuote = (key: string, value: unknown): Edit => (q) => {
  if (value === undefined) delete q[key];
  else q[key] = value;
  return q;
};

const qtyArb = fc.oneof(fc.integer({ min: 1, max: 120 }).map(String), fc.constantFrom<unknown>('0', '-1', 'x', 2.5, null, '1e13', '10.5'));
const discountArb = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 0, max: 100 }).map((p) => ({ percent: String(p) })),
  fc.constantFrom<unknown>({ amount: '1.00' }, { unitPrice: '5.00' }, { percent: '101' }, { bad: 1 }, 'x'),
);
const quoteDiscountArb = fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 60 }).map((p) => ({ percent: String(p) })), fc.constantFrom<unknown>({ amount: '25.00' }, { amount: '1e9' }));
const customerArb = fc.constantFrom<unknown>(undefined, { segment: 'enterprise' }, { segment: 'smb', id: 'C-9' }, 'junk');

function commonEdits(lineArb: fc.Arbitrary<unknown>): fc.Arbitrary<Edit> {
  const n = fc.nat(40);
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(n, qtyArb).map(([i, v]) => setLine('qty', v)(i)) },
    { weight: 2, arbitrary: fc.tuple(n, discountArb).map(([i, v]) => setLine('discount', v)(i)) },
    { weight: 1, arbitrary: fc.tuple(n, fc.boolean()).map(([i, v]) => setLine('optional', v)(i)) },
    { weight: 1, arbitrary: fc.tuple(n, fc.constantFrom('L1', 'L2', '', 'new')).map(([i, v]) => setLine('id', v)(i)) },
    { weight: 2, arbitrary: lineArb.map((l): Edit => (q) => ((q.lines = [...q.lines, l]), q)) },
    { weight: 2, arbitrary: n.map(removeLine) },
    { weight: 2, arbitrary: fc.tuple(n, n).map(moveLine) },
    { weight: 1, arbitrary: fc.tuple(n, fc.constantFrom('', 'X1', 'X2')).map(copyLine) },
    { weight: 1, arbitrary: fc.constant<Edit>((q) => ((q.lines = [...q.lines].reverse()), q)) },
    { weight: 2, arbitrary: quoteDiscountArb.map((v) => setQuote('discount', v)) },
    { weight: 1, arbitrary: customerArb.map((v) => setQuote('customer', v)) },
    { weight: 1, arbitrary: fc.constantFrom('2026-11-28', '2027-03-01', 'not a date').map((v) => setQuote('date', v)) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'en', 'zh-CN').map((v) => setQuote('locale', v)) },
  );
}

test('generated catalogs: every edit priced incrementally equals pricing from scratch', () => {
  const arb = scenarioArb.chain((s) => {
    const spec = s.specs.map((p) => p.product.sku);
    const lineArb = fc.record({ id: fc.constantFrom('A1', 'A2', 'L1'), sku: fc.constantFrom(...spec), qty: qtyArb }, { requiredKeys: ['id', 'sku'] });
    return fc.tuple(fc.constant(s), fc.array(commonEdits(lineArb), { minLength: 1, maxLength: 8 }));
  });
  fc.assert(fc.property(arb, ([s, edits]) => checkSequence(s.catalog, s.quote as unknown as Q, edits)), { numRuns: RUNS });
});

/** The standard and bundle products with price books, rules that read quote facts, and configuration rules. */
function richCatalog(): JsonObject {
  return catalog({
    priceBooks: priceBooks(),
    priceRules: [
      lineRule('big', { percentOff: '5' }, { when: { '>=': [{ var: 'line.qty' }, 20] }, stackable: true }),
      lineRule('ent', { percentOff: '3' }, { when: { '==': [{ var: 'customer.segment' }, 'enterprise'] }, priority: 1 }),
      lineRule('ent2', { amountOff: '1.00' }, { when: { '==': [{ var: 'quote.customer.segment' }, 'enterprise'] }, priority: 1 }),
      lineRule('many', { markup: '2' }, { when: { '>': [{ var: 'quote.lineCount' }, 4] }, stackable: true, appliesTo: { skus: ['FLAT', 'ADDON-A'] } }),
      lineRule('winter', { surcharge: '0.50' }, { validFrom: '2027-01-01', stackable: true }),
      quoteRule('q10', { percentOff: '1' }, { when: { '>=': [{ var: 'quote.subtotal' }, 1000] } }),
    ],
    rules: [
      { id: 'c-ent', kind: 'autoSelect', products: ['BUNDLE'], when: { '==': [{ var: 'quote.customer.segment' }, 'enterprise'] }, targets: ['ADDON-C'] },
      { id: 'c-count', kind: 'validate', products: ['BUNDLE'], when: { '>': [{ var: 'quote.lineCount' }, 6] }, severity: 'warning', message: { en: 'Many lines' } },
      { id: 'c-qty', kind: 'setQty', products: ['BUNDLE'], when: { '>=': [{ var: 'qty' }, 3] }, targets: ['ADDON-A'], qty: { var: 'qty' } },
    ],
    approvalRules: [
      { id: 'disc-10', level: 'manager', when: { '>': [{ var: 'quote.discountPercent' }, 10] }, message: { en: 'Discount above 10 %' } },
      // Rules on the lines' facts (made once per priced line and given again with a kept line: finish.ts).
      { id: 'line-disc', level: 'director', when: { some: [{ var: 'lines' }, { '>': [{ var: 'discountPercent' }, 25] }] }, message: { en: 'A line discount above 25 %' } },
      { id: 'big-line', level: 'manager', when: { some: [{ var: 'lines' }, { and: [{ '>=': [{ var: 'qty' }, 40] }, { '>': [{ var: 'net' }, 2000] }] }] }, message: { en: 'A big line' } },
      { id: 'thin', level: 'manager', when: { some: [{ var: 'lines' }, { '<': [{ var: 'marginPercent' }, 35] }] }, message: { en: 'A thin margin' } },
    ],
  });
}

const RICH_SKUS = ['FLAT', 'SUB', 'TIER', 'VOL', 'BLOCK', 'PCT', 'COSTPLUS', 'SUB', 'WIDGET', 'SVC', 'FLOOR', 'BUNDLE', 'SUPPORT', 'NOPE'];
const optionsArb = fc.oneof(
  fc.constant(undefined),
  fc.subarray(['ADDON-A', 'ADDON-B', 'ADDON-C', 'SUPPORT']).chain((skus) =>
    fc.tuple(...skus.map((sku) => fc.option(fc.integer({ min: 1, max: 6 }).map(String), { nil: undefined }).map((qty) => (qty ? { sku, qty } : { sku }))))),
  fc.constantFrom<unknown>([{ sku: 'NOPE' }], 'x', [{ sku: 'ADDON-C', priceRule: 'big' }]),
);
const richLineArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.record({
    id: fc.constantFrom('L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', ''),
    sku: fc.constantFrom(...RICH_SKUS),
    qty: qtyArb,
    term: fc.constantFrom<unknown>('6', '24', '40', 'x'),
    attributes: fc.constantFrom<unknown>({ color: 'gold' }, { size: 'xl', color: 'red' }, { color: 'pink' }),
    discount: discountArb,
    options: optionsArb,
    priceRule: fc.constantFrom('ent', 'ent2', 'nope'),
    group: fc.constantFrom('g1', 'g2'),
    period: fc.constantFrom<unknown>({ start: '2026-03-01', end: '2026-12-31' }, { start: '2026-02-10', end: '2026-05-20' }, 'x'),
    locked: fc.constantFrom<unknown>(true, false, 'yes'),
    credit: fc.boolean(),
    contractedUnitPrice: fc.constantFrom<unknown>('40.00', '-1'),
  }, { requiredKeys: ['id', 'sku'] }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 7, 'line', [], { sku: 'FLAT' }, { id: 'S1', kind: 'section', text: 'Licences' }, { id: 'L1', kind: 'note', text: 'n' }) },
);

test('a rich catalog (bundles, percent-of, price books, rules on quote facts): incremental equals from scratch', () => {
  const cat = richCatalog();
  const edits = fc.oneof(
    { weight: 8, arbitrary: commonEdits(richLineArb) },
    { weight: 2, arbitrary: fc.tuple(fc.nat(40), optionsArb).map(([i, v]) => setLine('options', v)(i)) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(40), fc.constantFrom<unknown>('6', '24', undefined)).map(([i, v]) => setLine('term', v)(i)) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(40), fc.constantFrom<unknown>({ color: 'gold' }, undefined)).map(([i, v]) => setLine('attributes', v)(i)) },
    { weight: 2, arbitrary: fc.constantFrom(undefined, 'gold', 'strict', 'usd', 'none').map((v) => setQuote('priceBook', v)) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'USD').map((v) => setQuote('currency', v)) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('Q-1', undefined, 5).map((v) => setQuote('id', v)) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, 'amendment', 'renewal').map((v) => setQuote('kind', v)) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, { id: 'C1', start: '2026-01-01', end: '2026-12-31' }, { id: 'C1', start: '2026-02-01', end: '2027-01-31' }).map((v) => setQuote('contract', v)) },
  );
  const start = fc.record({
    id: fc.constant('Q-1'), date: fc.constant('2026-11-28'), customer: customerArb,
    lines: fc.array(richLineArb, { minLength: 0, maxLength: 12 }),
  }, { requiredKeys: ['id', 'date', 'lines'] });
  const before = memoStats.hits;
  fc.assert(fc.property(start, fc.array(edits, { minLength: 1, maxLength: 10 }), (q, es) => checkSequence(cat, q as Q, es)), { numRuns: RUNS });
  // The memo must actually serve lines, or the property above says nothing about it.
  assert.ok(memoStats.hits - before > RUNS, `only ${memoStats.hits - before} memo hits`);
});

test('sealed lines (sealLines, as the pricing worker seals what it receives) price exactly as unsealed ones', () => {
  const cat = richCatalog();
  const edits = fc.oneof(
    { weight: 8, arbitrary: commonEdits(richLineArb) },
    { weight: 2, arbitrary: fc.tuple(fc.nat(40), optionsArb).map(([i, v]) => setLine('options', v)(i)) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'gold', 'strict').map((v) => setQuote('priceBook', v)) },
  );
  const start = fc.record({ id: fc.constant('Q-1'), date: fc.constant('2026-11-28'), customer: customerArb, lines: fc.array(richLineArb, { minLength: 0, maxLength: 12 }) }, { requiredKeys: ['id', 'date', 'lines'] });
  fc.assert(fc.property(start, fc.array(edits, { minLength: 1, maxLength: 10 }), (q, es) => checkSequence(cat, q as Q, es, true)), { numRuns: RUNS });
  // A sealed line is frozen whole: a write to it, however deep, throws.
  const line = { id: 'L1', sku: 'FLAT', qty: '2', options: [{ sku: 'ADDON-A', qty: '1' }] };
  sealLines([line]);
  assert.throws(() => { (line as Record<string, unknown>).qty = '3'; }, TypeError);
  assert.throws(() => { line.options[0]!.qty = '5'; }, TypeError);
  assert.equal(line.qty, '2');
});

test('sealed lines with ids of their own (the worker\'s quotes): the last run\'s lines kept at their places equal pricing from scratch', () => {
  // Ids unique at the start: a run takes the shortcut (line-memo.ts `RunMemo.shortcut`) until an edit
  // gives two lines one id or a line none (then every id is checked again, and the run after
  // that one keeps nothing until the ids are clean again).
  const cat = richCatalog();
  const line = (id: fc.Arbitrary<string>) => fc.record({ id, sku: fc.constantFrom(...RICH_SKUS), qty: qtyArb, discount: discountArb, options: optionsArb }, { requiredKeys: ['id', 'sku'] });
  const freshId = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 100, max: 100_000 }).map((k) => `N${k}`) }, { weight: 1, arbitrary: fc.constantFrom('L1', 'L2', 'S1', '', '#1', '#2', '#3') });
  const text = fc.record({ id: freshId, kind: fc.constantFrom('section', 'note'), text: fc.constant('t') });
  const edits = fc.oneof(
    // Now and then a line that is not a record (priced as `#n`, its place, claiming no id).
    { weight: 8, arbitrary: commonEdits(fc.oneof({ weight: 8, arbitrary: line(freshId) }, { weight: 2, arbitrary: text }, { weight: 1, arbitrary: fc.constant<unknown>([]) })) },
    { weight: 3, arbitrary: fc.tuple(fc.nat(40), optionsArb).map(([i, v]) => setLine('options', v)(i)) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'gold', 'strict').map((v) => setQuote('priceBook', v)) },
  );
  const start = fc.array(fc.oneof({ weight: 6, arbitrary: line(fc.constant('')) }, { weight: 1, arbitrary: text }), { minLength: 0, maxLength: 30 })
    .map((lines) => ({ id: 'Q-1', date: '2026-11-28', customer: { segment: 'enterprise' }, lines: lines.map((l, k) => ({ ...l, id: `${'kind' in l ? 'S' : 'L'}${k + 1}` })) }));
  const before = memoStats.shortcuts;
  fc.assert(fc.property(start, fc.array(edits, { minLength: 1, maxLength: 12 }), (q, es) => checkSequence(cat, q as Q, es, true)), { numRuns: RUNS });
  // The shortcut must actually be taken, or the property above says nothing about it.
  assert.ok(memoStats.shortcuts - before > RUNS, `the shortcut was taken ${memoStats.shortcuts - before} times`);
});

test('the shortcut: which edits keep the last run\'s lines, and which price every line\'s id again', () => {
  // Its rules read no quote.lineCount: a line added or removed keeps the quote context.
  const cat = catalog({ priceBooks: priceBooks() });
  const lines: unknown[] = Array.from({ length: 20 }, (_, k) => ({ id: `L${k + 1}`, sku: ['FLAT', 'TIER', 'VOL'][k % 3], qty: String(k + 1) }));
  sealLines(lines);
  const q = { id: 'Q-1', date: '2026-11-28', lines };
  const step = (edit: (lines: unknown[]) => void, quote: Record<string, unknown> = q): { shortcut: boolean; pq: PricedQuote } => {
    // The caller's own array, changed in place: the last run kept a copy of it.
    edit(lines);
    sealLines(lines);
    const before = memoStats.shortcuts;
    const pq = priceQuote(cat, quote);
    const scratch = priceQuote(structuredClone(cat), quote);
    assert.deepStrictEqual(pq, scratch);
    return { shortcut: memoStats.shortcuts > before, pq };
  };
  assert.equal(step(() => {}).shortcut, false, 'a first run has no last run');
  assert.equal(step(() => {}).shortcut, true, 'the same lines');
  assert.equal(step((l) => { l[4] = { ...(l[4] as object), qty: '99' }; }).shortcut, true, 'one line edited');
  assert.equal(step((l) => { l[4] = { ...(l[4] as object), id: 'NEW' }; }).shortcut, true, 'one line given a new id');
  assert.equal(step((l) => { l.push({ id: 'L5', sku: 'FLAT', qty: '1' }); }).shortcut, true, 'a line added with the id the edit above gave up');
  const taken = step((l) => { l[7] = { ...(l[7] as object), id: 'L9' }; });
  assert.equal(taken.shortcut, false, 'an id taken twice');
  assert.ok(taken.pq.issues.some((i) => i.code === 'duplicate-line-id'), 'the duplicate is reported');
  assert.equal(step(() => {}).shortcut, false, 'the last run had an id twice: nothing was kept');
  assert.equal(step((l) => { l[7] = { ...(l[7] as object), id: 'L8' }; }).shortcut, false, 'ids clean again: kept for the next run');
  assert.equal(step(() => {}).shortcut, true, 'and taken there');
  assert.equal(step((l) => { l.splice(0, 1); }).shortcut, false, 'every line moved');
  assert.equal(step(() => {}, { ...q, priceBook: 'gold' }).shortcut, false, 'another quote context');
  assert.equal(step(() => {}, { ...q, priceBook: 'gold' }).shortcut, true);
  assert.equal(step((l) => { l[2] = { ...(l[2] as object), qty: '3' }; l.length = 15; }, { ...q, priceBook: 'gold' }).shortcut, true, 'lines removed at the end');
  assert.equal(step((l) => { l[3] = { qty: '1', sku: 'FLAT' }; }, { ...q, priceBook: 'gold' }).shortcut, false, 'a line without an id');
  // A line that is not a record is priced as `#n` without claiming it: a record may have that id too.
  assert.equal(step((l) => { l.length = 0; l.push({ id: 'A', sku: 'FLAT', qty: '1' }, [], { id: '#2', sku: 'FLAT', qty: '2' }); }).shortcut, false);
  assert.equal(step(() => {}).shortcut, false, 'a line that is not a record: nothing was kept');
  const twice = step((l) => { l[1] = { id: 'X', sku: 'FLAT', qty: '3' }; l.push({ id: '#2', sku: 'TIER', qty: '4' }); });
  assert.ok(twice.pq.issues.some((i) => i.code === 'duplicate-line-id'), 'the second #2 is a duplicate');
});

test('the memo key tells apart what line readers tell apart', () => {
  const distinct: unknown[] = [
    { qty: '1' }, { qty: 1 }, { qty: null }, { qty: undefined }, {}, { qty: Number.NaN }, { qty: 'NaN' }, { qty: -0 }, { qty: 0 },
    { qty: [1] }, { qty: ['1'] }, { a: 1, b: 2 }, { b: 2, a: 1 }, Object.assign(Object.create(null), { qty: '1' }),
    [undefined], [,], // eslint-disable-line no-sparse-arrays
  ];
  const keys = distinct.map(lineKey);
  assert.equal(new Set(keys).size, keys.length, JSON.stringify(keys));
  // Not plain data: never memoized.
  const cyclic: Record<string, unknown> = { id: 'L1' };
  cyclic.self = cyclic;
  const hidden = { sku: 'FLAT' };
  Object.defineProperty(hidden, 'qty', { value: '5', enumerable: false });
  for (const v of [new Date(0), { qty: 1n }, { f: () => 1 }, cyclic, hidden, { qty: new (class Q {})() }, { s: 'x'.repeat(20_000) }]) {
    assert.equal(lineKey(v), undefined);
  }
});

/** A deep copy of plain data that keeps each object's prototype (null or Object's) and holes. */
function copy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) if (i in v) out[i] = copy(v[i]);
    return out;
  }
  const out = Object.create(Object.getPrototypeOf(v)) as Record<string, unknown>;
  for (const k of Object.keys(v)) out[k] = copy((v as Record<string, unknown>)[k]);
  return out;
}

/** Plain data the same as line readers see it: the same types, `Object.is` numbers, the same keys in the same order. */
function sameForReaders(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object' || a === null || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length || (Array.isArray(a) && a.length !== (b as unknown[]).length)) return false;
  return ka.every((k, i) => k === kb[i] && sameForReaders((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

test('the memo key: two plain values have one key exactly when line readers see them the same (strings of quotes, colons, commas and digits too)', () => {
  // Few characters, those a key's grammar uses among them, so that different values often write alike.
  const text = fc.string({ unit: fc.constantFrom('"', ':', ',', '1', '2', '{', '}', '[', ']', '\\', 'n', 'u', 'z', '中'), maxLength: 6 });
  const value = fc.letrec((tie) => ({
    any: fc.oneof({ maxDepth: 3 }, text, fc.constantFrom(0, -0, 1, 12, Number.NaN, null, undefined, true, false), tie('list'), tie('record')),
    list: fc.array(tie('any'), { maxLength: 3 }),
    record: fc.dictionary(text, tie('any'), { maxKeys: 3 }),
  })).any;
  fc.assert(fc.property(value, value, (a, b) => {
    const ka = lineKey(a);
    const kb = lineKey(b);
    assert.notEqual(ka, undefined);
    assert.equal(ka === kb, sameForReaders(a, b), `${ka} / ${kb}`);
    // The same value built again (a copy, prototypes kept) has the same key.
    assert.equal(lineKey(copy(a)), ka);
    // And the key reads back as the value (so no other value has it): random pairs seldom meet
    // where an encoding is ambiguous (["a,\"b"] and ["a", "b"] under quotes without a length).
    assert.ok(sameForReaders(readKey(ka!), a), ka);
  }), { numRuns: RUNS * 5 });
});

/** The value a memo key was written from (the test's reading of line-memo.ts's key grammar). */
function readKey(key: string): unknown {
  let i = 0;
  const value = (): unknown => {
    const c = key[i++];
    switch (c) {
      case 'z': return null;
      case 'u': return undefined;
      case 't': return true;
      case 'f': return false;
      case 'n': {
        const end = key.slice(i).search(/[,\]}]|$/);
        const text = key.slice(i, i + end);
        i += end;
        return text === '-0' ? -0 : Number(text);
      }
      case '"': {
        const colon = key.indexOf(':', i);
        const n = Number(key.slice(i, colon));
        assert.ok(Number.isInteger(n) && colon > i, `a string's length at ${i} in ${key}`);
        i = colon + 1 + n;
        return key.slice(colon + 1, i);
      }
      case '[': {
        const out: unknown[] = [];
        let n = 0;
        while (key[i] !== ']') {
          if (key[i] === 'h') i++;
          else out[n] = value();
          n++;
          out.length = n;
          assert.equal(key[i++], ',', `a list's item ends at ${i - 1} in ${key}`);
        }
        i++;
        return out;
      }
      case '{':
      case '<': {
        const out = (c === '<' ? Object.create(null) : {}) as Record<string, unknown>;
        while (key[i] !== '}') {
          const m = /^"(?:[^"\\]|\\.)*"/.exec(key.slice(i));
          assert.ok(m, `a field name at ${i} in ${key}`);
          i += m[0].length;
          assert.equal(key[i++], ':');
          out[JSON.parse(m[0]) as string] = value();
          assert.equal(key[i++], ',', `a field ends at ${i - 1} in ${key}`);
        }
        i++;
        return out;
      }
      default:
        throw new Error(`unexpected ${c} at ${i - 1} in ${key}`);
    }
  };
  const v = value();
  assert.equal(i, key.length, `the key read whole: ${key}`);
  return v;
}

test('a non-enumerable quantity is read, not memoized past', () => {
  const cat = richCatalog();
  const plain = { id: 'L1', sku: 'FLAT', qty: '5' };
  const hidden = { id: 'L1', sku: 'FLAT' };
  Object.defineProperty(hidden, 'qty', { value: '7', enumerable: false });
  const a = priceQuote(cat, { id: 'Q', date: '2026-11-28', lines: [plain] });
  const b = priceQuote(cat, { id: 'Q', date: '2026-11-28', lines: [hidden] });
  assert.equal(a.lines[0]!.qty, '5');
  assert.equal(b.lines[0]!.qty, '7');
});

test('a pricing started inside onConfigure (the same catalog, another quote discount) leaves the outer run its own lines', () => {
  // A run takes memoized lines' works themselves (price-lines.ts `place`); one nested in it must
  // not write its quote adjustments into the works the outer run is still pricing.
  const cat = richCatalog();
  const lines = [
    { id: 'L1', sku: 'FLAT', qty: '3' },
    { id: 'L2', sku: 'TIER', qty: '7' },
    { id: 'L3', sku: 'BUNDLE', qty: '2', options: [{ sku: 'ADDON-A', qty: '1' }] },
    { id: 'L4', sku: 'WIDGET', qty: '5' },
    { id: 'L5', sku: 'SVC', qty: '2' },
  ];
  const outer = { id: 'Q-1', date: '2026-11-28', lines, discount: { percent: '7' } };
  const inner = { ...outer, discount: { percent: '33' } };
  const copy = structuredClone(cat);
  const expected = priceQuote(copy, outer);
  const expectedInner = priceQuote(copy, inner);
  // Warm: every line in the memo, so the outer run places them before the callback runs.
  priceQuote(cat, outer);
  let nested: PricedQuote | undefined;
  const got = priceQuote(cat, outer, { onConfigure: () => { nested ??= priceQuote(cat, inner); } });
  assert.ok(nested, 'the callback ran');
  assert.deepStrictEqual(got, expected);
  assert.deepStrictEqual(nested, expectedInner);
  assert.notEqual(got.totals.total, nested.totals.total);
  // And the run after them both.
  assert.deepStrictEqual(priceQuote(cat, outer), expected);
});
