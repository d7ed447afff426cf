/**
 * The quote service writes a priced quote's JSON, digest and bytes from lines it has written
 * before (src/server/priced-text.ts): always exactly what JSON.stringify, quoteDigest and
 * Buffer.from give, whether a line is written anew or taken as it was.
 * Run: node --import tsx --test test/server-priced-text.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { priceQuote } from '../src/pricing/index.js';
import { quoteDigest } from '../src/quote/digest.js';
import { pricedText, pricedTextStats } from '../src/server/priced-text.js';
import type { PricedQuote } from '../src/types.js';
import { scenarioArb } from './arbitraries.js';

function same(priced: PricedQuote, lineage?: string): void {
  const written = pricedText(priced, lineage);
  assert.equal(written.json, JSON.stringify(priced));
  assert.equal(written.digest, quoteDigest(priced));
  assert.ok(Buffer.concat(written.bytes).equals(Buffer.from(JSON.stringify(priced), 'utf8')));
}

test('a priced quote written again, and after edits of its lines, is what JSON.stringify and quoteDigest give', () => {
  fc.assert(fc.property(scenarioArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 40 })), { maxLength: 4 }), (s, edits) => {
    let quote = s.quote;
    same(priceQuote(s.catalog, quote), 'q');
    same(priceQuote(s.catalog, quote), 'q');
    for (const [at, qty] of edits) {
      if (quote.lines.length === 0) break;
      const lines = quote.lines.map((l, i) => (i === at % quote.lines.length ? { ...l, qty: String(qty) } : l));
      quote = { ...quote, lines } as typeof quote;
      same(priceQuote(s.catalog, quote), 'q');
      same(priceQuote(s.catalog, quote));
    }
  }), { numRuns: 150 });
  assert.ok(pricedTextStats.hits > 0, 'no line was ever taken as written before');
});

test('lines that differ in a label, a waterfall step, key order or a member are written anew; one JSON with two digests is told apart', () => {
  const base = { id: 'L1', parentId: null, sku: 'A', qty: '2', netAmount: '10.00', total: '11.30', name: '甲', waterfall: [{ step: 'list', label: 'List', amount: '10.00' }], optional: false };
  const quote = (line: Record<string, unknown>) => ({ quoteId: 'Q', version: 1, currency: 'CNY', lines: [line], adjustments: [], totals: { list: '10.00', taxes: [] } }) as unknown as PricedQuote;
  const variants: Record<string, unknown>[] = [
    base,
    { ...base, name: '乙' },
    { ...base, waterfall: [{ step: 'list', label: 'List', amount: '10.01' }] },
    { ...base, waterfall: [{ label: 'List', step: 'list', amount: '10.00' }] },
    { ...base, optional: true },
    { ...base, included: true },
    { ...base, attributes: { b: '1', a: '2' } },
    { ...base, attributes: { a: '2', b: '1' } },
    { ...base, term: undefined },
    { ...base, waterfall: [] },
  ];
  for (let round = 0; round < 2; round++) for (const v of variants) same(quote(structuredClone(v)), 'v');
  // The top level's own members (an undefined one left out, as JSON.stringify does), and lines that are not plain data.
  same({ ...quote(base), validUntil: undefined, lines: [base, { toJSON: () => 'x' }, null] } as unknown as PricedQuote);
  // Lines with one JSON whose digests differ (a value JSON writes as a string that the digest reads as no string).
  same(quote({ ...base, term: '12' }), 'v');
  same(quote({ ...base, term: new Date(0) }), 'v');
  same(quote({ ...base, term: '1970-01-01T00:00:00.000Z' }), 'v');
  same(quote({ ...base, attributes: { a: new Date(0) } }), 'v');
  same(quote({ ...base, attributes: { a: '1970-01-01T00:00:00.000Z' } }), 'v');
  same(quote({ ...base, attributes: ['x'] }), 'v');
  same(quote({ ...base, term: new Date(0) }), 'v');
  same(quote({ ...base, attributes: { a: new Date(0) } }), 'v');
});
