// The n-line quote of the browser bench (interaction.ts) and of the pricing worker's Chromium test
// (test/browser/pricing-worker.test.ts): one generator, so the test measures what the bench does.
import type { Catalog, Quote } from '../../src/index.js';

/** 50 products (flat and tiered), a bundle with 10 options, and a quote of `n` lines (the bundle first). */
export function linesCatalogAndQuote(n: number): { catalog: Catalog; quote: Quote } {
  const products = Array.from({ length: 50 }, (_, i) => ({
    sku: `P-${i}`,
    name: { 'zh-CN': `产品 ${i}`, en: `Product ${i}` },
    qty: { min: '1', max: '10000', default: '1' },
    price: i % 2
      ? { model: 'flat', list: `${(i + 1) * 10}.50` }
      : { model: 'tiered', tiers: [{ upTo: '10', unit: `${i + 20}.00` }, { upTo: null, unit: `${i + 15}.00` }] },
  }));
  const bundle = {
    sku: 'KIT', name: { 'zh-CN': '套件', en: 'Kit' }, qty: { min: '1', max: '10000', default: '1' }, price: { model: 'flat', list: '500.00' },
    features: [{ id: 'ADD', name: { 'zh-CN': '附加', en: 'Add-ons' }, min: 0, max: 10, options: Array.from({ length: 10 }, (_, o) => ({ sku: `P-${o * 5 + 1}`, qtyPer: 'parent' })) }],
  };
  const lines = Array.from({ length: n }, (_, i) => (i === 0 ? { id: 'L1', sku: 'KIT', qty: '2' } : { id: `L${i + 1}`, sku: `P-${i % 50}`, qty: String(1 + (i % 7)) }));
  return {
    catalog: { id: 'bench-lines', currency: 'CNY', locale: 'zh-CN', taxes: [{ code: 'VAT13', rate: '13' }], defaultTaxCode: 'VAT13', products: [bundle, ...products] } as unknown as Catalog,
    quote: { id: 'Q-BENCH-LINES', date: '2026-11-28', currency: 'CNY', lines } as unknown as Quote,
  };
}
