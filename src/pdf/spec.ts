import { isRecord, own } from '../core/object.js';
import { localize } from '../core/text.js';
import type { PdfLabels } from './strings.js';
import type { DocLine } from './validate-quote.js';

/** What the document reads from a catalog: names of attributes and values, term units. */
export interface CatalogNames {
  /** "部署方式：私有云" for each of the line's attributes; ids where the catalog has no name. */
  spec(line: DocLine): string;
  /** The product's term unit (month, year, day), when the catalog says. */
  termUnit(sku: string): string | undefined;
}

/**
 * Read names out of a catalog, if the host passed one. The catalog is untrusted and may be
 * partial: anything missing falls back to the ids the priced line carries.
 */
export function catalogNames(catalog: unknown, locale: string, labels: PdfLabels): CatalogNames {
  const products = new Map<string, Record<string, unknown>>();
  const list = own(catalog, 'products');
  if (Array.isArray(list)) {
    for (const p of list) {
      const sku = own(p, 'sku');
      if (isRecord(p) && typeof sku === 'string' && !products.has(sku)) products.set(sku, p);
    }
  }
  const fallback = typeof own(catalog, 'locale') === 'string' ? (own(catalog, 'locale') as string) : undefined;
  const name = (text: unknown, id: string): string => localize(text, locale, fallback) || id;

  return {
    spec(line) {
      const attrs = own(products.get(line.sku), 'attributes');
      return line.attributes
        .map(([id, value]) => {
          const attr = Array.isArray(attrs) ? attrs.find((a) => own(a, 'id') === id) : undefined;
          const values = own(attr, 'values');
          const v = Array.isArray(values) ? values.find((x) => own(x, 'id') === value) : undefined;
          return `${name(own(attr, 'name'), id)}${labels.colon}${name(own(v, 'name'), value)}`;
        })
        .join(labels.specSeparator);
    },
    termUnit(sku) {
      const unit = own(own(products.get(sku), 'term'), 'unit');
      return typeof unit === 'string' ? unit : undefined;
    },
  };
}
