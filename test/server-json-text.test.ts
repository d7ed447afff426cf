/**
 * The service's JSON texts (src/server/json-text.ts): a priced quote's JSON written with each
 * frozen line's UTF-8 kept (pricedJsonBytes) is the UTF-8 of JSON.stringify's text for any value, frozen lines
 * reused in other quotes included; an answer with members whose text is known is the object
 * JSON.stringify would write.
 * Run: node --import tsx --test test/server-json-text.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonText, pricedJsonBytes, withJsonMembers } from '../src/server/json-text.js';
import { priceQuote } from '../src/pricing/index.js';
import { scenarioArb } from './arbitraries.js';

const deepFreeze = <T>(v: T): T => {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
};

/** pricedJsonBytes of a value, read as UTF-8 (the bytes are checked against JSON.stringify's text's, byte for byte). */
function pricedJson(value: object): string {
  const bytes = pricedJsonBytes(value);
  assert.ok(bytes.equals(Buffer.from(JSON.stringify(value), 'utf8')), 'the UTF-8 of JSON.stringify, byte for byte');
  return bytes.toString('utf8');
}

test('pricedJsonBytes is the UTF-8 of JSON.stringify: priced quotes, any value, frozen lines shared between quotes', () => {
  fc.assert(fc.property(scenarioArb, (s) => {
    const priced = priceQuote(s.catalog, s.quote);
    assert.equal(pricedJson(priced), JSON.stringify(priced));
    // Priced again: the lines kept are the same frozen objects, their text the one written before.
    const again = priceQuote(s.catalog, s.quote);
    assert.equal(pricedJson(again), JSON.stringify(again));
  }), { numRuns: 150 });
  // Odd shapes: lines that are not an array, holes, undefined, functions and symbols in them, a
  // toJSON at the top or on a line, keys JavaScript orders as integers.
  const line = fc.oneof(fc.anything(), fc.anything().map(deepFreeze), fc.constant(undefined), fc.constant(() => 1), fc.constant(Symbol('s')),
    fc.constant(Object.freeze({ toJSON: () => 'as text' })));
  const lines = fc.oneof(fc.array(line, { maxLength: 6 }), fc.anything(), fc.sparseArray(fc.integer(), { maxLength: 4 }));
  const quote = fc.tuple(fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('1', '10', 'lines', '__proto__')), fc.oneof(fc.anything(), fc.constant(undefined))), lines, fc.boolean())
    .map(([head, ls, first]) => (first ? { lines: ls, ...head } : { ...head, lines: ls }));
  fc.assert(fc.property(quote, (q) => assert.equal(pricedJson(q), JSON.stringify(q))), { numRuns: 2000 });
  // The same frozen line in two quotes, and a line whose text was kept then seen in a new place.
  const shared = deepFreeze({ id: 'L1', qty: '2', waterfall: [{ step: 'base', amount: '1.00' }] });
  for (const q of [{ lines: [shared] }, { a: 1, lines: [shared, shared] }, { lines: [shared], z: undefined }]) assert.equal(pricedJson(q), JSON.stringify(q));
  const withToJson = { toJSON: () => ({ lines: [] }), lines: [shared] };
  assert.equal(pricedJson(withToJson), JSON.stringify(withToJson));
});

test('withJsonMembers: the object with its members appended, as JSON.stringify writes it', () => {
  const members = fc.dictionary(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)), { maxKeys: 3 });
  fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), members, (value, known) => {
    const out = withJsonMembers(value, known);
    assert.ok(out instanceof JsonText);
    // Its bytes (written piece by piece, with no string of the whole) are the text's UTF-8, asked for before the text and after.
    const bytes = out.bytes();
    assert.deepEqual(bytes, Buffer.from(out.text, 'utf8'));
    assert.deepEqual(out.bytes(), bytes);
    const parsed = JSON.parse(out.text) as Record<string, unknown>;
    const want: Record<string, unknown> = JSON.parse(JSON.stringify(value));
    for (const [k, v] of Object.entries(known)) Object.defineProperty(want, k, { value: JSON.parse(v), enumerable: true, configurable: true, writable: true });
    assert.deepEqual(parsed, want);
  }), { numRuns: 1000 });
  assert.equal(withJsonMembers({}, {}).text, '{}');
  assert.equal(withJsonMembers({}, { a: '1' }).text, '{"a":1}');
  assert.equal(withJsonMembers({ b: 2 }, { a: '[1]', c: '"x"' }).text, '{"b":2,"a":[1],"c":"x"}');
  // Wide characters (a quote's Chinese step labels), astral ones and escapes, in the value and the members.
  const wide = withJsonMembers({ 名称: '含税价 × 2 🧾', esc: '\u0000"\\' }, { priced: JSON.stringify({ label: '整单折', e: '\ud800' }) });
  assert.equal(wide.bytes().toString('utf8'), wide.text);
  assert.deepEqual(JSON.parse(wide.bytes().toString('utf8')), { 名称: '含税价 × 2 🧾', esc: '\u0000"\\', priced: { label: '整单折', e: '\ud800' } });
  // A member given as UTF-8 bytes (a row's priced JSON as pricedJsonBytes writes it): copied in as it is.
  const priced = { lines: [{ id: 'L1', label: '整单折 🧾' }], totals: { total: '1.00' } };
  const withBytes = withJsonMembers({ state: '草稿' }, { quote: '{"id":"Q-1"}', priced: pricedJsonBytes(priced) });
  assert.equal(withBytes.text, JSON.stringify({ state: '草稿', quote: { id: 'Q-1' }, priced }));
  assert.deepEqual(withBytes.bytes(), Buffer.from(withBytes.text, 'utf8'));
  // A text given whole is its own single piece.
  assert.deepEqual(new JsonText('{"a":"价"}').bytes(), Buffer.from('{"a":"价"}', 'utf8'));
});
