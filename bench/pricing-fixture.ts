/** The benchmark's catalog and quotes: mixed models, three stackable rules, a quote discount, tax. */
export const benchCatalog = {
  id: 'bench', currency: 'CNY', locale: 'zh-CN',
  taxes: [{ code: 'VAT13', rate: '13' }, { code: 'VAT6', rate: '6' }], defaultTaxCode: 'VAT13',
  products: [
    { sku: 'F', name: 'Flat licence', category: 'license', term: { unit: 'month', min: '1', max: '60', default: '12' }, price: { model: 'flat', list: '99.90' } },
    { sku: 'T', name: 'Tiered add-on', category: 'addon', price: { model: 'tiered', tiers: [{ upTo: '10', unit: '10.50' }, { upTo: '100', unit: '8.25' }, { upTo: null, unit: '7.00' }] } },
    { sku: 'V', name: 'Volume service', category: 'service', taxCode: 'VAT6', price: { model: 'volume', tiers: [{ upTo: '10', unit: '10.50' }, { upTo: null, unit: '8.25' }] } },
  ],
  priceRules: [
    { id: 'r1', scope: 'line', when: { '>=': [{ var: 'line.qty' }, 5] }, action: { percentOff: '3' }, stackable: true, priority: 3 },
    { id: 'r2', scope: 'line', appliesTo: { categories: ['license'] }, action: { percentOff: '2' }, stackable: true, priority: 2 },
    { id: 'r3', scope: 'line', when: { '==': [{ var: 'customer.segment' }, 'enterprise'] }, action: { percentOff: '1.5' }, stackable: true, priority: 1 },
  ],
};

const SKUS = ['F', 'T', 'V'];

export function benchQuote(n: number) {
  return {
    id: 'Q-BENCH', date: '2026-11-28', customer: { segment: 'enterprise' }, discount: { percent: '3' },
    lines: Array.from({ length: n }, (_, i) => ({ id: `L${i}`, sku: SKUS[i % 3]!, qty: String(1 + ((i * 7) % 50)) })),
  };
}
