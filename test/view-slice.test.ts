// The line editor's items (src/components/line-editor/view-slice.ts): built with the previous
// items, they are the same as built from nothing (keys, sections, rows), and a row kept from the
// previous view keeps its item — for random insertions, removals, moves and new rows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { itemsOf, type Item } from '../src/components/line-editor/view-slice.js';
import type { LineRow, LineView } from '../src/components/line-editor/line-rows.js';

const row = (id: string) => ({ line: { id } }) as unknown as LineRow;
const view = (sections: LineRow[][], grouped: boolean): LineView =>
  ({ sections: sections.map((rows, i) => ({ key: `g${i}`, rows })), order: [], grouped }) as unknown as LineView;
const plain = (items: Item[]) => items.map((i) => ({ key: i.key, section: i.section, row: i.row }));

describe('line editor items, built on the previous ones', () => {
  it('random changes: the same items as from nothing; kept rows keep their item', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
      fc.record({ kind: fc.constant('renew' as const), at: fc.nat() }),
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.array(op, { maxLength: 8 }), fc.boolean(), fc.nat(), (n, ops, grouped, split) => {
      let next = n;
      let rows = Array.from({ length: n }, (_, i) => row(`L${i}`));
      const cut = (rs: LineRow[]) => (grouped ? [rs.slice(0, split % (rs.length + 1)), rs.slice(split % (rs.length + 1))] : [rs]);
      let items = itemsOf(view(cut(rows), grouped));
      for (const o of ops) {
        const before = rows;
        rows = [...rows];
        const len = rows.length;
        if (o.kind === 'insert') rows.splice(o.at % (len + 1), 0, row(`N${next++}`));
        else if (o.kind === 'remove' && len > 1) rows.splice(o.at % len, 1);
        else if (o.kind === 'move') rows.splice(o.to % len, 0, rows.splice(o.from % len, 1)[0]!);
        else if (o.kind === 'renew') rows[o.at % len] = row(rows[o.at % len]!.line.id);
        const v = view(cut(rows), grouped);
        const built = itemsOf(v, items);
        assert.deepEqual(plain(built), plain(itemsOf(v)));
        const was = new Map(items.filter((i) => i.row).map((i) => [i.row!, i]));
        for (const item of built) {
          const old = item.row && was.get(item.row);
          if (old && old.section === item.section && before.includes(item.row!)) assert.equal(item, old, `${item.key} kept`);
        }
        items = built;
      }
    }), { numRuns: 500 });
  });

  it('every row new (a quote discount): new items, the keys reused', () => {
    const a = [row('L1'), row('L2'), row('L3')];
    const first = itemsOf(view([a], false));
    const second = itemsOf(view([a.map((r) => row(r.line.id))], false), first);
    assert.deepEqual(second.map((i) => i.key), ['l:L1', 'l:L2', 'l:L3']);
    second.forEach((item, i) => { assert.notEqual(item, first[i]); assert.equal(item.key, first[i]!.key); });
    const third = itemsOf(view([second.map((i) => i.row!)], false), second);
    third.forEach((item, i) => assert.equal(item, second[i]));
  });
});

describe('line editor keys, kept while they do not change', () => {
  it('random item changes: the keys of the items, the same list object when no key changed', async () => {
    const { keysOf } = await import('../src/components/line-editor/view-slice.js');
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 20 }), fc.array(fc.record({ at: fc.nat(25), key: fc.constantFrom('a', 'b', 'c', 'e'), same: fc.boolean() }), { maxLength: 6 }), fc.boolean(), (start, changes, grow) => {
      const items: Item[] = start.map((key, i) => ({ key, section: 0, row: row(`L${i}`) }));
      const previous = { items, keys: keysOf(items) };
      assert.deepEqual(previous.keys, start);
      const next = items.slice();
      for (const c of changes) if (next[c.at]) next[c.at] = c.same ? { ...next[c.at]! } : { key: c.key, section: 0 };
      if (grow) next.push({ key: 'z', section: 0 });
      const keys = keysOf(next, previous);
      assert.deepEqual(keys, next.map((i) => i.key));
      const changed = keys.length !== start.length || keys.some((k, i) => k !== start[i]);
      assert.equal(keys === previous.keys, !changed);
      assert.deepEqual(previous.keys, start, 'the previous list is not changed in place');
    }), { numRuns: 1000 });
  });

  it('the same items list: the same keys list', async () => {
    const { keysOf } = await import('../src/components/line-editor/view-slice.js');
    const items: Item[] = [{ key: 'l:L1', section: 0 }];
    const keys = keysOf(items);
    assert.equal(keysOf(items, { items, keys }), keys);
  });
});
