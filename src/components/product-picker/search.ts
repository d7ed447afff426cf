import { localize } from '../../core/text.js';
import type { Catalog, PriceModel, Product } from '../../types.js';

/**
 * Product search for the picker: pure functions, no DOM. Every name variant, the SKU and the
 * category of a product go into one normalized haystack, built once per catalog object.
 */

export interface SearchEntry {
  product: Product;
  /** Normalized fields joined by a newline (no field can match across another). */
  hay: string;
}

const indexes = new WeakMap<Catalog, SearchEntry[]>();

/**
 * Fold what people do not mean as a difference: full-width vs half-width forms (NFKC turns
 * `ＣＲＭ` into `CRM` and the ideographic space into a space), letter case, and spacing.
 */
export function fold(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Every text variant of a localized value (each language of an object, or the string). */
function variants(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).filter((v): v is string => typeof v === 'string');
  return [];
}

/** The search index of a catalog, computed on first use and kept as long as the catalog object lives. */
export function searchIndex(catalog: Catalog): SearchEntry[] {
  let index = indexes.get(catalog);
  if (!index) {
    index = (Array.isArray(catalog.products) ? catalog.products : []).map((product) => ({
      product,
      hay: [...variants(product.name), String(product.sku), product.category ?? ''].map(fold).join('\n'),
    }));
    indexes.set(catalog, index);
  }
  return index;
}

/** The categories of a catalog, in order of first appearance. */
export function catalogCategories(catalog: Catalog): string[] {
  return [...new Set(searchIndex(catalog).map((e) => e.product.category).filter((c): c is string => !!c))];
}

export interface SearchOptions {
  /** What the user typed. */
  query: string;
  /** One category, or '' for all. */
  category: string;
  /** The categories offered at all (undefined = every category). */
  allowed?: readonly string[];
}

/**
 * The products matching a query: the whole query without spaces occurs in one field, or each
 * space-separated word occurs in some field (so `pro crm` finds "CRM Professional").
 */
export function search(catalog: Catalog, { query, category, allowed }: SearchOptions): Product[] {
  const whole = fold(query);
  const words = query.normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean);
  const out: Product[] = [];
  for (const { product, hay } of searchIndex(catalog)) {
    const cat = product.category ?? '';
    if (allowed && !allowed.includes(cat)) continue;
    if (category && cat !== category) continue;
    if (whole && !hay.includes(whole) && !words.every((w) => hay.includes(w))) continue;
    out.push(product);
  }
  return out;
}

/** A product's name in a locale (the catalog's default locale as fallback). */
export function productName(product: Product, locale: string, catalog: Catalog): string {
  return localize(product.name, locale, catalog.locale) || String(product.sku);
}

/**
 * The price to show next to a product, as a decimal string: the list price of a flat model, the
 * first tier's unit price or the first block's price as a starting price, none for prices that
 * depend on other lines (percentOf) or on cost (costPlus).
 */
export function listPrice(price: PriceModel | undefined): { amount: string; from: boolean } | undefined {
  switch (price?.model) {
    case 'flat':
      return { amount: String(price.list), from: false };
    case 'tiered':
    case 'volume':
      return price.tiers?.[0] ? { amount: String(price.tiers[0].unit), from: true } : undefined;
    case 'block':
      return price.blocks?.[0] ? { amount: String(price.blocks[0].price), from: true } : undefined;
    default:
      return undefined;
  }
}
