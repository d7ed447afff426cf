/**
 * The quote's own words on its document (issue 14, item 4), read back with pdftotext: section
 * headings and notes printed in their place among the lines (and nothing added to the money), a
 * line's description under its product name, and the payment terms, validity, notes and terms in
 * the closing sections; options still win over the quote's own fields; a broken textLines entry is
 * a located PdfInputError.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadNotoSansSC, PdfInputError, readQuoteFromPdf, renderQuotePdf, type QuotePdfOptions } from '../src/pdf/index.js';
import { priceQuote } from '../src/pricing/index.js';
import type { PricedQuote, Quote } from '../src/types.js';
import { crmCatalog, sellerEn, sellerZh } from './fixtures/pdf-quotes.js';
import { save, text } from './fixtures/pdf-tools.js';

const font = await loadNotoSansSC();
const when = '2026-10-15T09:30:00Z';
const zh: QuotePdfOptions = { font, seller: sellerZh, catalog: crmCatalog, creationDate: when, status: 'final' };
const en: QuotePdfOptions = { seller: sellerEn, catalog: crmCatalog, creationDate: when, locale: 'en', status: 'final' };
const squash = (s: string): string => s.replace(/\s+/g, '');

function crm(locale: string, words: Partial<Quote> = {}): PricedQuote {
  const lines = [
    { id: 'S1', kind: 'section', text: locale === 'en' ? 'Licences' : '软件许可' },
    { id: 'L1', sku: 'CRM-STD', qty: '10', term: '12', description: locale === 'en' ? 'Includes two on-site trainings.' : '含 2 次上门培训。' },
    { id: 'N1', kind: 'note', text: locale === 'en' ? 'Billed yearly.' : '按年计费，次年按同价续约。' },
    { id: 'S2', kind: 'section', text: locale === 'en' ? 'Services' : '实施服务' },
    { id: 'L2', sku: 'CRM-STD', qty: '5', term: '12' },
  ] as Quote['lines'];
  return priceQuote(crmCatalog, {
    id: 'Q-2026-0914', version: 1, date: '2026-10-15', validUntil: '2026-11-14', currency: 'CNY', locale, lines,
    paymentTerms: { code: 'NET30', days: 30, text: locale === 'en' ? '30 days net from the invoice date.' : '发票日后 30 天内付清。' },
    notes: locale === 'en' ? 'Thank you for your trust.' : '感谢您的信任！',
    terms: locale === 'en' ? '1. Prices include VAT.\n2. Delivery within 10 days.' : '1. 本报价含税。\n2. 签约后 10 日内交付。',
    ...words,
  } as Quote, { locale });
}

describe('the quote’s own words on the PDF', () => {
  it('zh-CN: sections and notes in their place, the description under the name, the closing sections in order', async () => {
    const pq = crm('zh-CN');
    assert.equal(pq.orderable, true, JSON.stringify(pq.issues));
    const out = squash(text(save(await renderQuotePdf(pq, zh), 'words-zh')));
    const at = (s: string) => {
      const i = out.indexOf(squash(s));
      assert.ok(i >= 0, `${s} is printed`);
      return i;
    };
    assert.ok(at('软件许可') < at('含2次上门培训。'));
    assert.ok(at('含2次上门培训。') < at('按年计费，次年按同价续约。'));
    assert.ok(at('按年计费，次年按同价续约。') < at('实施服务'));
    assert.ok(at('付款方式') < at('发票日后30天内付清。'));
    assert.ok(at('发票日后30天内付清。') < at('本报价有效期至'));
    assert.ok(at('本报价有效期至') < at('备注'));
    assert.ok(at('感谢您的信任！') < at('条款与条件'));
    assert.ok(at('1.本报价含税。') < at('2.签约后10日内交付。'));
    // The money is the lines' alone: the printed total is the priced one.
    assert.ok(out.includes(squash(pq.totals.total.replace(/\B(?=(\d{3})+\.)/g, ','))));
  });

  it('en: the same in English; options win over the quote’s own fields; the embedded quote keeps the words', async () => {
    const pq = crm('en');
    const bytes = await renderQuotePdf(pq, { ...en, paymentTerms: 'Cash in advance.', terms: ['Standard terms apply.'] });
    const out = squash(text(save(bytes, 'words-en')));
    for (const s of ['Licences', 'Includes two on-site trainings.', 'Billed yearly.', 'Services', 'Cash in advance.', 'Notes', 'Thank you for your trust.', 'Standard terms apply.']) {
      assert.ok(out.includes(squash(s)), `${s} is printed`);
    }
    assert.equal(out.includes(squash('30 days net')), false);
    assert.equal(out.includes(squash('Delivery within 10 days')), false);
    const embedded = await readQuoteFromPdf(bytes);
    assert.deepEqual(embedded?.textLines, pq.textLines);
    assert.equal(embedded?.notes, pq.notes);
  });

  it('a textLines entry that is not one is refused, located', async () => {
    const pq = crm('en');
    for (const [bad, path] of [
      [{ kind: 'heading', text: 'x', after: null }, 'pricedQuote.textLines[0].kind'],
      [{ kind: 'note', text: 'x', after: 'L99' }, 'pricedQuote.textLines[0].after'],
      [{ kind: 'note', text: 42, after: null }, 'pricedQuote.textLines[0].text'],
    ] as const) {
      await assert.rejects(renderQuotePdf({ ...pq, textLines: [bad] } as unknown as PricedQuote, en), (e: unknown) => {
        assert.ok(e instanceof PdfInputError);
        assert.ok((e as Error).message.includes(path), (e as Error).message);
        return true;
      });
    }
  });
});
