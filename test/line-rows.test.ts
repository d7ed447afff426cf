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

test('random edit sequences: the view built on the previous one equals the view built from nothing, and an unchanged row is the previous row', () => {
  const skus = ['IMPL-STD', 'CRM-PRO', 'HW-SCANNER', 'TRAIN-DAY', 'ADDON-SSO'];
  const groups = [undefined, '', 'A', 'B'];
  type Edit =
    | { kind: 'qty'; at: number; qty: string }
    | { kind: 'group'; at: number; group: number }
    | { kind: 'add'; at: number; sku: number; text: boolean }
    | { kind: 'remove'; at: number }
    | { kind: 'move'; from: number; to: number }
    | { kind: 'quoteDiscount'; percent: string };
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('qty' as const), at: fc.nat(), qty: fc.constantFrom('1', '3', '60', 'x', '0') }),
    fc.record({ kind: fc.constant('group' as const), at: fc.nat(), group: fc.nat({ max: 3 }) }),
    fc.record({ kind: fc.constant('add' as const), at: fc.nat(), sku: fc.nat({ max: skus.length - 1 }), text: fc.boolean() }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
    fc.record({ kind: fc.constant('quoteDiscount' as const), percent: fc.constantFrom('0', '5', '12.5') }),
  );
  let next = 100;
  const apply = (q: Quote, e: Edit): Quote => {
    const lines = [...q.lines];
    const n = lines.length;
    if (e.kind === 'quoteDiscount') return { ...q, discount: { percent: e.percent } };
    if (e.kind === 'add') {
      const line = e.text ? { id: `T${next++}`, kind: 'section', text: '小节' } : { id: `N${next++}`, sku: skus[e.sku]!, qty: '2', ...(skus[e.sku] === 'CRM-PRO' ? { term: '12', options: [{ sku: 'ADDON-CPQ', qty: '1' }] } : {}) };
      lines.splice(n ? e.at % (n + 1) : 0, 0, line as Quote['lines'][number]);
    } else if (n === 0) return q;
    else if (e.kind === 'qty') lines[e.at % n] = { ...lines[e.at % n]!, qty: e.qty };
    else if (e.kind === 'group') {
      const { group: _, ...rest } = lines[e.at % n]!;
      const group = groups[e.group];
      lines[e.at % n] = group === undefined ? rest : { ...rest, group };
    } else if (e.kind === 'remove') lines.splice(e.at % n, 1);
    else {
      const [moved] = lines.splice(e.from % n, 1);
      lines.splice(e.to % n, 0, moved!);
    }
    return { ...q, lines };
  };
  fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
    let q = quote;
    let view = buildView(q, priceQuote(catalog, q), catalog);
    for (const e of edits) {
      q = apply(q, e);
      const priced = priceQuote(catalog, q);
      const next = buildView(q, priced, catalog, view);
      assert.deepEqual(next, buildView(q, priced, catalog), `after ${JSON.stringify(e)}`);
      // Against a plain reading of the priced lines: each option line under its top-level line, at its depth.
      const rootOf = new Map<string, { root: string; depth: number }>();
      const expected = new Map<string, [string, number][]>();
      for (const l of priced.lines) {
        const parent = l.parentId === null ? undefined : rootOf.get(l.parentId);
        const at = l.parentId === null ? { root: l.id, depth: 0 } : { root: parent!.root, depth: parent!.depth + 1 };
        rootOf.set(l.id, at);
        if (at.depth > 0) expected.set(at.root, [...(expected.get(at.root) ?? []), [l.id, at.depth]]);
      }
      for (const [id, row] of rows(next)) {
        assert.equal(row.priced, row.kind ? undefined : priced.lines.find((l) => l.id === id), `row ${id}: its priced line`);
        assert.deepEqual(row.children.map((c) => [c.line.id, c.depth]), expected.get(id) ?? [], `row ${id}: its option lines`);
        assert.deepEqual(row.issues, priced.issues.filter((i) => i.lineId === id), `row ${id}: its issues`);
      }
      assert.ok(q.lines.every((l, i) => next.byIndex[i]?.line === l), 'byIndex: the row of each quote position');
      const before = rows(view);
      for (const [id, row] of rows(next)) {
        const was = before.get(id);
        if (was && was.line === row.line && was.priced === row.priced && was.product === row.product && same(was, row)) assert.equal(row, was, `row ${id} unchanged: the previous row`);
      }
      view = next;
    }
  }), { numRuns: 300 });
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
