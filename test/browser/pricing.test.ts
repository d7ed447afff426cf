// The pure pricing core runs unchanged in Chromium: same module, same exact results as in Node.
import { expect } from '@open-wc/testing';
import { priceQuote } from '../../src/pricing/index.js';
import type { Catalog, Quote } from '../../src/types.js';

const catalog: Catalog = {
  id: 'browser-smoke',
  currency: 'CNY',
  locale: 'zh-CN',
  pricing: { rounding: 'half-up', taxMode: 'exclusive' },
  taxes: [{ code: 'VAT13', rate: '13', name: { 'zh-CN': '增值税13%', en: 'VAT 13%' } }],
  defaultTaxCode: 'VAT13',
  products: [
    {
      sku: 'CRM-PRO',
      name: { 'zh-CN': 'CRM专业版', en: 'CRM Professional' },
      category: 'license',
      taxCode: 'VAT13',
      qty: { min: '1', max: '100000', step: '1', default: '10' },
      term: { unit: 'month', min: '1', max: '60', default: '12' },
      price: { model: 'flat', list: '1200.00' },
    },
  ],
};

const quote: Quote = {
  id: 'Q-BROWSER-1',
  version: 1,
  date: '2026-11-28',
  currency: 'CNY',
  lines: [{ id: 'L1', sku: 'CRM-PRO', qty: '10', term: '12' }],
};

describe('priceQuote in the browser', () => {
  it('prices a flat licence × users × months with 13 % VAT exclusive', () => {
    const priced = priceQuote(catalog, quote);
    expect(priced.totals.net).to.equal('144000.00');
    expect(priced.totals.tax).to.equal('18720.00');
    expect(priced.totals.total).to.equal('162720.00');
    expect(priced.orderable, JSON.stringify(priced.issues)).to.equal(true);
  });
});
