import { priceRuleName } from '../../catalog/names.js';
import { localize } from '../../core/text.js';
import { label } from '../../pricing/messages.js';
import type { Catalog, PricedLine, PricedQuote, WaterfallStep } from '../../types.js';

const cache = new WeakMap<PricedQuote, { locale: string; catalog: Catalog; result: PricedQuote }>();

/**
 * A priced quote the quote service wrote in another language, with its words in `locale`: product
 * names and units, tax names, the waterfall's and the adjustments' labels, from the catalog the
 * page holds (rule names only where that catalog has the rules: a customer's copy has none).
 * Figures are untouched — the service's stay the truth; only what a person reads changes. Made
 * once per priced quote and language, so the elements' change detection sees one object.
 */
export function relabel(priced: PricedQuote, catalog: Catalog | undefined, locale: string): PricedQuote {
  if (!catalog || priced.locale === locale) return priced;
  const hit = cache.get(priced);
  if (hit && hit.locale === locale && hit.catalog === catalog) return hit.result;
  const say = (text: unknown) => localize(text, locale, catalog.locale);
  const zh = /^zh\b/i.test(locale);
  const products = new Map(catalog.products.map((p) => [p.sku, p]));
  const taxes = new Map((catalog.taxes ?? []).map((t) => [t.code, t]));
  const rule = (id: string | undefined, old: string) => (id && catalog.priceRules?.some((r) => r.id === id) ? priceRuleName(catalog, id, locale) : old);

  const step = (line: PricedLine, s: WaterfallStep): WaterfallStep => {
    let text = s.label;
    switch (s.step) {
      case 'base': text = label(locale, line.included ? 'included' : 'base'); break;
      case 'discount': case 'round': case 'quote-discount': text = label(locale, s.step); break;
      case 'term': text = `${label(locale, 'term')}${/ × \S+$/.exec(s.label)?.[0] ?? ''}`; break;
      case 'tax': text = `${label(locale, 'tax')} ${line.taxRate}%`; break;
      case 'price-rule': case 'quote-rule': text = rule(s.ruleId, s.label); break;
      case 'attribute': {
        const attr = products.get(line.sku)?.attributes?.find((a) => a.id === s.attributeId);
        const value = attr?.values.find((v) => v.id === line.attributes?.[attr.id]);
        if (attr && value) text = `${say(attr.name) || attr.id}${zh ? '：' : ': '}${say(value.name) || value.id}`;
        break;
      }
    }
    return text === s.label ? s : { ...s, label: text };
  };

  const result: PricedQuote = {
    ...priced,
    locale,
    lines: priced.lines.map((line) => {
      const product = products.get(line.sku);
      const out: PricedLine = { ...line, waterfall: line.waterfall.map((s) => step(line, s)) };
      if (product) out.name = say(product.name) || line.name;
      if (product?.unit !== undefined) out.unit = say(product.unit);
      return out;
    }),
    totals: { ...priced.totals, taxes: priced.totals.taxes.map((t) => (taxes.get(t.code)?.name !== undefined ? { ...t, name: say(taxes.get(t.code)!.name) } : t)) },
  };
  if (priced.adjustments) {
    result.adjustments = priced.adjustments.map((a) => ({ ...a, label: a.kind === 'quote-discount' ? label(locale, 'quote-discount') : rule(a.ruleId, a.label) }));
  }
  cache.set(priced, { locale, catalog, result });
  return result;
}
