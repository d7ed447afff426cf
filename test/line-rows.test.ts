/**
 * The line editor's view (src/components/line-editor/line-rows.ts, issue 15): built again after an
 * edit, a row keeps its issues, approvals and option lines from the previous view while they are
 * equal field for field (its guard then skips it), and takes the new ones as soon as anything differs.
 * Run: node --import tsx --test test/line-rows.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildView, same, type LineRow, type LineView } from '../src/components/line-editor/line-rows.js';
import { priceQuote } from '../src/pricing/index.js';
import type { Catalog, Quote } from '../src/types.js';

const catalog = JSON.parse(readFileSync(new URL('../demo/catalogs/crm-saas.json', import.meta.url), 'utf8')) as Catalog;
const rows = (v: LineView) => new Map<string, LineRow>(v.sections.flatMap((s) => s.rows.map((r) => [r.line.id, r])));

const quote: Quote = {
  id: 'Q', date: '2026-11-28',
  lines: [
    { id: 'L1', sku: 'IMPL-STD', qty: '1' },
    { id: 'L2', sku: 'CRM-PRO', qty: '60', term: '12', options: [{ sku: 'ADDON-CPQ', qty: '1' }] },
    { id: 'L3', sku: 'CRM-PRO', qty: '10', term: '12', options: [{ sku: 'ADDON-SSO', qty: '1' }] },
    { id: 'L4', sku: 'HW-SCANNER', qty: '2', discount: { percent: '60' } },
    { id: 'L5', sku: 'TRAIN-DAY', qty: 'x' },
  ],
};

test('an edit keeps the identity of the unchanged rows\' issues, approvals and option lines, and replaces the changed ones', () => {
  const v1 = buildView(quote, priceQuote(catalog, quote), catalog);
  const r1 = rows(v1);
  assert.ok(r1.get('L2')!.children.length > 0 && r1.get('L4')!.issues.length + r1.get('L4')!.approvals.length > 0 && r1.get('L5')!.issues.length > 0);
  const table: { edit: (q: Quote) => Quote; changed: { id: string; field: 'children' | 'issues' | 'approvals' }[] }[] = [
    // L3's quantity moves its option line (qty per parent); nothing else of the others.
    { edit: (q) => ({ ...q, lines: q.lines.map((l) => (l.id === 'L3' ? { ...l, qty: '11' } : l)) }), changed: [{ id: 'L3', field: 'children' }] },
    // L5's bad quantity becomes another bad quantity: a new issue message.
    { edit: (q) => ({ ...q, lines: q.lines.map((l) => (l.id === 'L5' ? { ...l, qty: 'y' } : l)) }), changed: [{ id: 'L5', field: 'issues' }] },
    // The same quote again: every row as it was.
    { edit: (q) => ({ ...q }), changed: [] },
  ];
  for (const { edit, changed } of table) {
    const q2 = edit(quote);
    const priced = priceQuote(catalog, q2);
    const v2 = buildView(q2, priced, catalog, v1);
    const fresh = buildView(q2, priced, catalog);
    assert.deepEqual(v2, fresh, 'the same view as one built without the previous');
    for (const [id, r2] of rows(v2)) {
      for (const field of ['children', 'issues', 'approvals'] as const) {
        const moved = changed.some((c) => c.id === id && c.field === field);
        assert.equal(r2[field] === r1.get(id)![field], !moved || r1.get(id)![field].length === 0 && r2[field].length === 0, `${id}.${field}`);
      }
    }
  }
});

test('same: plain data equal field for field, and nothing else', () => {
  const cases: [unknown, unknown, boolean][] = [
    [{ a: '1', b: [1, { c: null }] }, { b: [1, { c: null }], a: '1' }, true],
    [{ a: undefined }, { b: undefined }, false],
    [['a'], { 0: 'a' }, false],
    [[], {}, false],
    ['1', 1, false],
    [NaN, NaN, false],
    [{ a: [1, 2] }, { a: [1, 2, 3] }, false],
    [null, {}, false],
  ];
  for (const [a, b, want] of cases) assert.equal(same(a, b), want, JSON.stringify([a, b]));
  fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
    assert.ok(same(a, structuredClone(a)));
    if (same(a, b)) assert.deepEqual(a, b);
  }), { numRuns: 2000 });
});
