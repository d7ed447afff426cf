// The pricing worker's answers (src/components/quote/pricing-protocol.ts): priced lines cross as a
// change of the previous answer's — indexes for equal lines, new figures (texts in one string) for
// lines that differ only in string fields and waterfall amounts, whole lines otherwise. Property:
// for random sequences of edits (quote discount set, changed, cleared; quantities; line discounts;
// lines added, removed, moved), the page's side rebuilt from a structured clone of the patch and
// of the previous lines gives exactly the new priced lines (deep equal, keys in the same order),
// and a line keeps its identity exactly when it is equal field for field to the previous one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isSettled, sameData } from '../src/core/object.js';
import { appendPatch, applyFigures, applyPatch, FIGURE_END, LinesPatcher, linesPatch, patchOf } from '../src/components/quote/pricing-protocol.js';
import { priceQuote } from '../src/pricing/index.js';
import { pricePrepared, type PricingTrace } from '../src/pricing/price-prepared.js';
import { forgetLines, sealLines } from '../src/pricing/line-memo.js';
import { prepareCatalog } from '../src/rules/prepare-catalog.js';
import type { PricedLine, Quote, QuoteLine, WaterfallStep } from '../src/types.js';
import { linesCatalogAndQuote } from '../bench/browser/lines-fixture.js';

const { catalog, quote: base } = linesCatalogAndQuote(40);
const price = (q: Quote) => priceQuote(catalog, q, { locale: 'zh-CN', memo: false }).lines;

type Edit =
  | { kind: 'quoteDiscount'; percent: string | undefined }
  | { kind: 'qty'; at: number; qty: string }
  | { kind: 'lineDiscount'; at: number; percent: string }
  | { kind: 'add'; sku: number }
  | { kind: 'remove'; at: number }
  | { kind: 'move'; from: number; to: number };

const edit = fc.oneof(
  fc.record({ kind: fc.constant('quoteDiscount' as const), percent: fc.option(fc.integer({ min: 0, max: 40 }).map(String), { nil: undefined }) }),
  fc.record({ kind: fc.constant('qty' as const), at: fc.nat(), qty: fc.integer({ min: 1, max: 30 }).map(String) }),
  fc.record({ kind: fc.constant('lineDiscount' as const), at: fc.nat(), percent: fc.integer({ min: 0, max: 30 }).map(String) }),
  fc.record({ kind: fc.constant('add' as const), sku: fc.integer({ min: 0, max: 49 }) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
);

let nextId = 1000;
function applyEdit(q: Quote, e: Edit): Quote {
  const lines = [...q.lines];
  const n = lines.length;
  switch (e.kind) {
    case 'quoteDiscount': {
      const { discount: _d, ...rest } = q;
      return e.percent === undefined ? (rest as Quote) : { ...rest, discount: { percent: e.percent } } as Quote;
    }
    case 'qty': lines[e.at % n] = { ...lines[e.at % n]!, qty: e.qty }; break;
    case 'lineDiscount': lines[e.at % n] = { ...lines[e.at % n]!, discount: { percent: e.percent } } as QuoteLine; break;
    case 'add': lines.push({ id: `N${nextId++}`, sku: `P-${e.sku}`, qty: '2' } as QuoteLine); break;
    case 'remove': if (n > 1) lines.splice(e.at % n, 1); break;
    case 'move': { const [l] = lines.splice(e.from % n, 1); lines.splice(e.to % n, 0, l!); break; }
  }
  return { ...q, lines };
}

/** The page's side: the previous lines it holds, the answer as structured clone delivers it. */
function rebuild(next: readonly PricedLine[], previous: PricedLine[]): { lines: PricedLine[]; kept: number; figures: number; whole: number } {
  const { patch, figures } = structuredClone(linesPatch(next, previous));
  const lines = applyPatch(patch, previous);
  assert.ok(lines, 'the patch fits the previous lines');
  if (figures) assert.equal(applyFigures(figures, lines), true, 'the figures fit');
  const changed = figures?.at.length ?? 0;
  return { lines, kept: lines.length - patch.fresh.length - changed, figures: changed, whole: patch.fresh.length };
}

describe('pricing worker: priced lines as a change of the previous answer', () => {
  it('random edit sequences: rebuilt lines equal the priced ones, keys in order; identity kept exactly for equal lines', () => {
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
      let q = base;
      let held = structuredClone(price(q));
      for (const e of edits) {
        q = applyEdit(q, e);
        const next = price(q);
        const { lines } = rebuild(next, held);
        assert.deepEqual(lines, next);
        assert.equal(JSON.stringify(lines), JSON.stringify(next), 'the same keys in the same order');
        for (let i = 0; i < lines.length; i++) {
          const was = held.find((l) => l.id === lines[i]!.id);
          assert.equal(lines[i] === was, was !== undefined && sameData(next[i], was), `line ${lines[i]!.id}: kept exactly when equal`);
        }
        held = lines;
      }
    }), { numRuns: 150 });
  });

  it('a quote discount set, then changed: every line crosses as figures, none whole', () => {
    const none = price(base);
    const set = price({ ...base, discount: { percent: '7' } } as Quote);
    const changed = price({ ...base, discount: { percent: '8' } } as Quote);
    const first = rebuild(set, none);
    assert.deepEqual(first, { lines: set, kept: 0, figures: set.length, whole: 0 });
    const second = rebuild(changed, first.lines);
    assert.deepEqual(second.lines, changed);
    assert.deepEqual({ kept: second.kept, figures: second.figures, whole: second.whole }, { kept: 0, figures: changed.length, whole: 0 });
    // The quote discount's step repeats the new net amount and the tax step the new total: each crosses once.
    const patch = linesPatch(changed, first.lines).figures!;
    const sent = patch.values.split(FIGURE_END).length - 1;
    const fieldsAndSteps = [...patch.shape].reduce((n, k) => n + patch.shapes[k]!.fields.length + patch.shapes[k]!.steps.length, 0);
    assert.equal(sent, fieldsAndSteps - 2 * changed.length, `${sent} values for ${changed.length} lines`);
    // Shapes, not lines: the quote discount's fields and steps are named once per kind of line.
    const { figures } = linesPatch(changed, first.lines);
    assert.ok(figures && figures.shapes.length <= 4, `${figures?.shapes.length} shapes`);
  });

  it('many shapes in one answer (past the 16 compared one by one, then looked up by key): random changed fields, amounts, steps and key orders rebuild exactly', () => {
    // Synthetic lines, so that one answer holds dozens of shapes: each line changes a random set
    // of its texts and step amounts, or gets new steps (some with their keys in another order).
    const FIELDS = ['netUnitPrice', 'netAmount', 'tax', 'total', 'discountPercent', 'margin', 'marginPercent'] as const;
    const lineChange = fc.record({
      fields: fc.subarray([...FIELDS]),
      amounts: fc.subarray([0, 1, 2, 3]),
      // Amounts that repeat a changed field's new value (crossing once, as a quote discount's net and total do).
      echo: fc.subarray([0, 1, 2, 3, 4]),
      steps: fc.constantFrom('same', 'added', 'reordered', 'relabelled'),
    });
    fc.assert(fc.property(fc.array(lineChange, { minLength: 1, maxLength: 60 }), (changes) => {
      const step = (i: number, amount: string) => ({ step: 'price-rule', label: `r${i}`, amount, ruleId: `r${i}` });
      const before = changes.map((_, i) => ({
        id: `L${i}`, sku: 'S', netUnitPrice: '1.00', netAmount: '2.00', tax: '0.26', total: '2.26', discountPercent: '0.00', margin: '1.00', marginPercent: '50.00',
        waterfall: [0, 1, 2, 3].map((k) => step(k, `${k}.0`)),
      })) as unknown as PricedLine[];
      const after = changes.map((c, i) => {
        const line = { ...before[i]! } as unknown as Record<string, unknown>;
        for (const f of c.fields) line[f] = `${i}.${f.length}`;
        const echoed = (k: number, own: string) => (c.echo.includes(k) && c.fields.length > 0 ? line[c.fields[k % c.fields.length]!] as string : own);
        let waterfall = before[i]!.waterfall.map((s, k) => (c.amounts.includes(k) ? { ...s, amount: echoed(k, `${i}.${k}9`) } : s));
        if (c.steps === 'added') waterfall = [...waterfall, { step: 'quote-discount', label: '整单折扣', amount: echoed(4, `${i}.5`) } as WaterfallStep];
        if (c.steps === 'reordered') waterfall = waterfall.map((s, k) => (k === 1 ? { amount: `${i}.7`, ruleId: s.ruleId, label: s.label, step: s.step } as WaterfallStep : s));
        if (c.steps === 'relabelled') waterfall = waterfall.map((s, k) => (k === 2 ? { ...s, label: `x${i % 20}` } : s));
        line.waterfall = waterfall;
        return line as unknown as PricedLine;
      });
      const r = rebuild(after, before);
      assert.deepEqual(r.lines, after);
      assert.equal(JSON.stringify(r.lines), JSON.stringify(after), 'the same keys in the same order');
      assert.equal(r.whole, 0);
      // One shape per distinct change: none made twice.
      const { figures } = linesPatch(after, before);
      const keys = (figures?.shapes ?? []).map((s) => JSON.stringify(s));
      assert.equal(new Set(keys).size, keys.length, 'no shape twice');
    }), { numRuns: 200 });
  });

  it('as the worker prices (memo, sealed lines): the patch made with pricing\'s remade pairs is the one found by comparing every field, for random edits', () => {
    // Costs on some products (margins, and a margin percent that goes when a 100 % quote discount
    // leaves no net), so that every figure field is exercised, present on one side only too.
    const costed = structuredClone(catalog) as unknown as { products: { sku: string; cost?: string }[] };
    for (const p of costed.products) if (/^P-\d$/.test(p.sku)) p.cost = '7.00';
    const prepared = prepareCatalog(costed as unknown as typeof catalog);
    assert.ok(prepared.ok);
    const cat = prepared.catalog;
    const discountEdit = fc.record({ kind: fc.constant('quoteDiscount' as const), percent: fc.option(fc.constantFrom('0', '3', '15', '40', '99.99', '100'), { nil: undefined }) });
    let paired = 0;
    let parted = 0;
    fc.assert(fc.property(fc.array(fc.oneof(edit, discountEdit, discountEdit), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 17 }), (edits, partLines) => {
      forgetLines(cat);
      const priceSealed = (q: Quote) => {
        sealLines(q.lines);
        const trace: PricingTrace = { remade: [] };
        return { lines: pricePrepared(cat, q, { locale: 'zh-CN' }, trace).lines, remade: trace.remade };
      };
      let q = base;
      let sent = priceSealed(q).lines;
      let held = structuredClone(sent);
      for (const e of edits) {
        q = applyEdit(q, e);
        const { lines: next, remade } = priceSealed(q);
        for (let k = 1; k < remade.length; k += 2) if (sent.includes(remade[k]!)) paired++;
        const fast = linesPatch(next, sent, remade);
        assert.deepEqual(fast, linesPatch(next, sent), 'the same patch and figures as comparing every field');
        const { patch, figures } = structuredClone(fast);
        const lines = applyPatch(patch, held)!;
        if (figures) assert.equal(applyFigures(figures, lines), true);
        assert.deepEqual(lines, next);
        assert.equal(JSON.stringify(lines), JSON.stringify(next), 'the same keys in the same order');
        // The same answer in parts of `partLines` lines (as the worker sends a big one), each cloned
        // and put together on the list the parts before it gave: the same lines, the same objects kept.
        const patcher = new LinesPatcher(next, sent, remade);
        const inParts: PricedLine[] = [];
        for (let end = partLines; !patcher.done; end += partLines) {
          const part = structuredClone(patcher.next(end));
          assert.equal(part.patch.from.length, Math.min(end, next.length) - (end - partLines));
          assert.equal(appendPatch(part.patch, held, inParts), true, 'a part fits the lines before it');
          if (part.figures) {
            assert.ok(part.figures.at.every((i) => i >= end - partLines && i < end), 'a part\'s figures are for its own lines');
            assert.equal(applyFigures(part.figures, inParts), true);
          }
          parted++;
        }
        assert.deepEqual(inParts, next);
        assert.equal(JSON.stringify(inParts), JSON.stringify(next), 'the same keys in the same order');
        inParts.forEach((line, i) => assert.equal(line === held.find((l) => l.id === line.id), lines[i] === held.find((l) => l.id === line.id), `line ${line.id} kept as the whole patch keeps it`));
        sent = next;
        held = lines;
      }
    }), { numRuns: 150 });
    assert.ok(paired > 1000, `${paired} lines compared as remade pairs`);
    assert.ok(parted > 1000, `${parted} parts put together`);
  });

  it('a quote discount changed on memoized sealed lines: every line is a remade pair of the previous answer\'s', () => {
    const prepared = prepareCatalog(catalog);
    assert.ok(prepared.ok);
    const lines = structuredClone(base.lines);
    sealLines(lines);
    const first = pricePrepared(prepared.catalog, { ...base, lines, discount: { percent: '7' } }, { locale: 'zh-CN' }).lines;
    const trace: PricingTrace = { remade: [] };
    const next = pricePrepared(prepared.catalog, { ...base, lines, discount: { percent: '8' } }, { locale: 'zh-CN' }, trace).lines;
    assert.equal(trace.remade.length, 2 * next.length);
    next.forEach((line, i) => {
      assert.equal(trace.remade[2 * i], line);
      assert.equal(trace.remade[2 * i + 1], first[i]);
    });
    // A remade line's steps are compared by their fields: another label or kind of step crosses.
    const relabelled = next.map((line, i) => (i > 2 ? line : {
      ...line,
      waterfall: line.waterfall.map((s) => (s.step !== 'quote-discount' ? s : i === 0 ? { ...s, label: 'other' } : i === 1 ? { ...s, step: 'quote-rule' as const } : { ...s, ruleId: 'R' })),
    }));
    const pairs = relabelled.flatMap((line, i) => [line, first[i]!]);
    const { patch, figures } = structuredClone(linesPatch(relabelled, first, pairs));
    const rebuilt = applyPatch(patch, structuredClone(first))!;
    assert.equal(applyFigures(figures!, rebuilt), true);
    assert.deepEqual(rebuilt, relabelled);
    // Nothing remade when nothing changed.
    const again: PricingTrace = { remade: [] };
    pricePrepared(prepared.catalog, { ...base, lines, discount: { percent: '8' } }, { locale: 'zh-CN' }, again);
    assert.equal(again.remade.length, 0);
    // Lines are vouched for as settled data (their texts kept: core/object.ts), but not where the worker asks.
    assert.ok(next.every(isSettled));
    const unsettled = pricePrepared(prepared.catalog, { ...base, lines, discount: { percent: '9' } }, { locale: 'zh-CN' }, { remade: [], settle: false }).lines;
    assert.ok(unsettled.every((l) => Object.isFrozen(l) && !isSettled(l)));
  });

  it('a text holding the separator sends the line whole; a changed step label, the steps with the figures', () => {
    const before = price(base);
    const after = structuredClone(before);
    after[1] = { ...after[1]!, name: `x${FIGURE_END}y` };
    after[2] = { ...after[2]!, waterfall: after[2]!.waterfall.map((s, i) => (i === 0 ? { ...s, label: 'other' } : s)) };
    after[3] = { ...after[3]!, netAmount: '1.00' };
    const r = rebuild(after, before);
    assert.deepEqual(r.lines, after);
    assert.deepEqual({ whole: r.whole, figures: r.figures }, { whole: 1, figures: 2 });
    const shapes = linesPatch(after, before).figures!.shapes;
    assert.deepEqual(shapes.map((s) => s.waterfall?.[0]?.label), ['other', undefined]);
  });

  it('a broken patch or broken figures are refused, not applied', () => {
    const before = price(base);
    const out: PricedLine[] = [];
    assert.equal(appendPatch({ from: Int32Array.of(0, 1), fresh: [] }, before, out), true);
    assert.equal(appendPatch({ from: Int32Array.of(2, -1), fresh: [] }, before, out), false, 'a part missing a new line');
    assert.equal(appendPatch({ from: Int32Array.of(before.length), fresh: [] }, before, [...out]), false, 'an index past the previous lines');
    assert.equal(applyPatch({ from: Int32Array.of(0, 99), fresh: [] }, before), undefined);
    assert.equal(applyPatch({ from: Int32Array.of(-1), fresh: [] }, before), undefined);
    assert.equal(applyPatch({ from: Int32Array.of(0), fresh: [before[1]!] }, before), undefined);
    assert.equal(applyPatch({ from: [0] as unknown as Int32Array, fresh: [] }, before), undefined);
    const shapes = [{ fields: ['netAmount'], steps: [] }];
    assert.equal(applyFigures({ shapes, at: Int32Array.of(0), shape: Int32Array.of(0), values: '' }, [...before]), false);
    assert.equal(applyFigures({ shapes, at: Int32Array.of(0), shape: Int32Array.of(1), values: `1${FIGURE_END}` }, [...before]), false);
    assert.equal(applyFigures({ shapes: [{ fields: ['waterfall'], steps: [] }], at: Int32Array.of(0), shape: Int32Array.of(0), values: `1${FIGURE_END}` }, [...before]), false);
    assert.equal(applyFigures({ shapes, at: Int32Array.of(0), shape: Int32Array.of(0), values: `1${FIGURE_END}2${FIGURE_END}` }, [...before]), false);
    // A step amount said to repeat a field that is not there, or a `same` of the wrong length.
    const step = { fields: ['netAmount'], steps: [0] };
    const two = `1${FIGURE_END}2${FIGURE_END}`;
    assert.equal(applyFigures({ shapes: [{ ...step, same: [1] }], at: Int32Array.of(0), shape: Int32Array.of(0), values: two }, [...before]), false);
    assert.equal(applyFigures({ shapes: [{ ...step, same: [0, -1] }], at: Int32Array.of(0), shape: Int32Array.of(0), values: two }, [...before]), false);
    assert.equal(applyFigures({ shapes: [{ ...step, same: [0.5] }], at: Int32Array.of(0), shape: Int32Array.of(0), values: two }, [...before]), false);
    assert.equal(applyFigures({ shapes: [{ ...step, same: [0] }], at: Int32Array.of(0), shape: Int32Array.of(0), values: `1${FIGURE_END}` }, [...before]), true);
  });

  it('request lines: the same objects cross as indexes, found where they moved', () => {
    const a = { id: 'a' }, b = { id: 'b' }, c = { id: 'c' }, d = { id: 'd' };
    const p = patchOf([b, a, d, c], [a, b, c]);
    assert.deepEqual([...p.from], [1, 0, -1, 2]);
    assert.deepEqual(p.fresh, [d]);
    assert.deepEqual(applyPatch(p, [a, b, c]), [b, a, d, c]);
  });

  it('request lines, random lists: the patch gives the same list back, and an item of the previous list held once crosses as its index', () => {
    // Lists drawn from a pool of objects: previous and next share some (moved, kept, repeated), each has its own.
    const pool = Array.from({ length: 12 }, (_, i) => ({ id: `o${i}` }));
    const list = fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 20 }).map((ix) => ix.map((i) => pool[i]!));
    fc.assert(fc.property(list, list, (previous, items) => {
      const p = patchOf(items, previous);
      const back = applyPatch(p, previous)!;
      assert.equal(back.length, items.length);
      items.forEach((item, i) => assert.equal(back[i], item, `item ${i}`));
      const once = (x: { id: string }) => items.indexOf(x) === items.lastIndexOf(x);
      items.forEach((item, i) => {
        if (previous.includes(item) && once(item)) assert.ok(p.from[i]! >= 0, `item ${i} is one of the previous list: an index`);
        if (!previous.includes(item)) assert.equal(p.from[i], -1, `item ${i} is new: sent whole`);
      });
    }), { numRuns: 3000 });
  });
});
