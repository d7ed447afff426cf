/**
 * The quote's own words (issue 14, item 4): section and note lines, line descriptions, payment
 * terms, notes and terms. Pricing ignores the text for money, keeps every section or note line in
 * its place (after the product line it follows), and refuses bad text with a located error.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { priceQuote, TEXT_LIMITS } from '../src/pricing/index.js';
import { pricedForCustomer, quoteDigest } from '../src/quote/index.js';
import type { Catalog, PricedQuote, Quote } from '../src/types.js';
import { catalog, line, quote } from './fixtures/pricing-catalogs.js';

const price = (q: unknown): PricedQuote => priceQuote(catalog() as unknown as Catalog, q as unknown as Quote);
const section = (id: string, text: string, extra = {}) => ({ id, kind: 'section', text, ...extra });
const note = (id: string, text: string) => ({ id, kind: 'note', text });
const errorsAt = (p: PricedQuote) => p.issues.filter((i) => i.severity === 'error').map((i) => i.path);

describe('section and note lines', () => {
  it('carry no money and keep their place among the lines', () => {
    const plain = price(quote([line('L1', 'FLAT', '2'), line('L2', 'FLAT', '3')]));
    const texts = price(quote([
      section('S1', '软件许可'), line('L1', 'FLAT', '2'), note('N1', '按年计费，次年按同价续约。'),
      section('S2', 'Services', { group: 'g' }), line('L2', 'FLAT', '3'), note('N2', 'End.'),
    ]));
    assert.deepEqual(texts.totals, plain.totals);
    assert.deepEqual(texts.lines.map((l) => l.id), ['L1', 'L2']);
    assert.deepEqual(texts.textLines, [
      { id: 'S1', kind: 'section', text: '软件许可', after: null },
      { id: 'N1', kind: 'note', text: '按年计费，次年按同价续约。', after: 'L1' },
      { id: 'S2', kind: 'section', text: 'Services', after: 'L1', group: 'g' },
      { id: 'N2', kind: 'note', text: 'End.', after: 'L2' },
    ]);
    assert.equal(texts.orderable, true);
    // The digest covers prices: the words around them do not change it.
    assert.equal(quoteDigest(texts), quoteDigest(plain));
  });

  it('do not count as lines for the rules (lineCount)', () => {
    const rules = [{ id: 'many', level: 'manager', when: { '>': [{ var: 'quote.lineCount' }, 1] }, message: 'Many lines' }];
    const p = priceQuote(catalog({ approvalRules: rules }) as unknown as Catalog, quote([section('S1', 'A'), line('L1', 'FLAT', '1'), note('N1', 'B')]) as unknown as Quote);
    assert.deepEqual(p.approvals, []);
  });

  it('keep a place after a line pricing refused', () => {
    const p = price(quote([line('L1', 'NOPE', '1'), note('N1', 'after the unknown product')]));
    assert.equal(p.textLines?.[0]?.after, 'L1');
  });

  it('refuse bad text, a missing id, a taken id and an unknown kind, located', () => {
    const p = price(quote([
      { id: 'S1', kind: 'section', text: 42 },
      { kind: 'note', text: 'no id' },
      line('L1', 'FLAT', '1'),
      note('L1', 'taken'),
      { id: 'X', kind: 'heading', sku: 'FLAT', text: 'x' },
      note('N2', 'x'.repeat(TEXT_LIMITS.text + 1)),
      note('N3', 'bell\u0007'),
    ]));
    assert.deepEqual(errorsAt(p).sort(), ['lines[0].text', 'lines[1].id', 'lines[3].id', 'lines[4].kind', 'lines[5].text', 'lines[6].text'].sort());
    assert.equal(p.orderable, false);
    const zh = priceQuote(catalog() as unknown as Catalog, { ...quote([note('N1', 'x'.repeat(1001))]), locale: 'zh-CN' } as unknown as Quote);
    assert.equal(zh.issues[0]?.message, '第 N1 行文字超过 1000 个字符。');
  });

  it('counts characters, not UTF-16 units: 1,000 CJK extension characters fit', () => {
    const text = '𠀀'.repeat(TEXT_LIMITS.text);
    assert.equal(price(quote([note('N1', text)])).orderable, true);
  });
});

describe('line descriptions and the quote’s document fields', () => {
  it('copies a description onto its priced line, and the notes, terms and payment terms onto the quote', () => {
    const p = price(quote([line('L1', 'FLAT', '1', { description: '含 2 次上门培训。' })], {
      notes: '感谢您的信任。', terms: '1. 报价有效期内价格不变。\n2. 交付后 30 日内付款。', paymentTerms: { code: 'NET30', days: 30, text: '发票日后 30 天付款' },
    }));
    assert.equal(p.lines[0]!.description, '含 2 次上门培训。');
    assert.equal(p.notes, '感谢您的信任。');
    assert.match(p.terms!, /\n2\./);
    assert.deepEqual(p.paymentTerms, { code: 'NET30', days: 30, text: '发票日后 30 天付款' });
    // The customer sees the document's words.
    const c = pricedForCustomer(p);
    assert.equal(c.notes, p.notes);
    assert.equal(c.lines[0]!.description, p.lines[0]!.description);
  });

  it('refuses each bad field with its own path, and prices the quote all the same', () => {
    const p = price(quote([line('L1', 'FLAT', '1', { description: ['x'] })], {
      notes: 'x'.repeat(TEXT_LIMITS.notes + 1), terms: { en: 'localized' },
      paymentTerms: { days: 30.5, text: 'x'.repeat(501), due: 'never' },
    }));
    assert.deepEqual(errorsAt(p).sort(), ['lines[0].description', 'notes', 'terms']);
    // Malformed payment terms are left off the document with a warning: the order refuses them (order-fields).
    assert.deepEqual(p.issues.filter((i) => i.severity === 'warning').map((i) => i.path).sort(), ['paymentTerms.days', 'paymentTerms.due', 'paymentTerms.text']);
    assert.equal(p.notes, undefined);
    assert.equal(p.paymentTerms, undefined);
    assert.equal(p.totals.net, '100.00');
  });

  it('never throws and never changes the money, whatever the text (property)', () => {
    const plain = price(quote([line('L1', 'FLAT', '2')]));
    fc.assert(fc.property(fc.anything(), fc.anything(), fc.anything(), (notes: any, text: any, description: any) => {
      const p = price(quote([note('N1', text as string), line('L1', 'FLAT', '2', { description }), section('S1', 'x')], { notes }));
      assert.deepEqual(p.totals, plain.totals);
      assert.ok(p.issues.every((i) => i.code !== 'internal-error'));
    }), { numRuns: 300 });
  });
});

describe('editing: text lines, clones and the quote’s own fields (src/quote/edit.ts)', async () => {
  const { addTextLine, cloneLine, setQuoteFields } = await import('../src/quote/index.js');
  const base = quote([line('L1', 'FLAT', '2', { discount: { percent: '5' }, options: [] })]) as unknown as Quote;

  it('adds a section where asked and a clone right after its line, each with a fresh id', () => {
    const { quote: withSection, lineId } = addTextLine(base, 'section', 'Licences', 0);
    assert.equal(lineId, 'L2');
    const { quote: cloned, lineId: cloneId } = cloneLine(withSection, 'L1');
    assert.equal(cloneId, 'L3');
    assert.deepEqual(cloned.lines.map((l) => l.id), ['L2', 'L1', 'L3']);
    assert.deepEqual({ ...cloned.lines[2], id: 'L1' }, cloned.lines[1]);
    assert.notEqual(cloned.lines[2]!.discount, cloned.lines[1]!.discount);
    assert.equal(cloneLine(base, 'nope').quote, base);
    const p = price(cloned);
    assert.equal(p.totals.net, '380.00');
    assert.deepEqual(p.textLines, [{ id: 'L2', kind: 'section', text: 'Licences', after: null }]);
  });

  it('sets and removes the quote’s fields, ignoring any other key, and keeps the quote when nothing changes', () => {
    const q = setQuoteFields(base, { notes: 'n', validUntil: '2026-12-28', lines: [] } as never);
    assert.equal(q.notes, 'n');
    assert.equal(q.lines, base.lines);
    assert.equal(setQuoteFields(q, { notes: 'n' }), q);
    assert.equal('notes' in setQuoteFields(q, { notes: undefined }), false);
  });
});
