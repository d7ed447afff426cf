import { own } from '../../core/object.js';
import { describe } from '../../core/parse.js';
import { item, quote, type Report } from './report.js';

/** What later checks look up: built in one pass before anything is reported. */
export interface CatalogIndex {
  /** False when `products` is not a list: SKU references cannot be judged then. */
  productsKnown: boolean;
  /** SKU → index of the first product with it. */
  skus: Map<string, number>;
  categories: Set<string>;
  /** SKU → where it is priced with percentOf (chains are refused). */
  percentOf: Map<string, string>;
  /** SKUs that are an option of some bundle (so `of: {parent: true}` has a parent). */
  options: Set<string>;
  /** SKUs whose product has a `cost` (costPlus needs one). */
  withCost: Set<string>;
  /** False when `taxes` is not a list: tax codes cannot be judged then. */
  taxesKnown: boolean;
  /** Tax code → index of the first tax with it. */
  taxes: Map<string, number>;
  /** Lower-cased SKU → SKU, built on first use for "did you mean" hints. */
  lower?: Map<string, string>;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function buildIndex(catalog: Record<string, unknown>): CatalogIndex {
  const products = own(catalog, 'products');
  const taxes = own(catalog, 'taxes');
  const ix: CatalogIndex = {
    productsKnown: Array.isArray(products),
    skus: new Map(),
    categories: new Set(),
    percentOf: new Map(),
    options: new Set(),
    withCost: new Set(),
    taxesKnown: Array.isArray(taxes),
    taxes: new Map(),
  };
  // Plain loops (this runs once per catalog, before anything is optimized); a hole in a host's
  // sparse array is skipped, as forEach skips it.
  const taxList = arr(taxes);
  for (let i = 0; i < taxList.length; i++) {
    const t = taxList[i];
    if (t === undefined && !(i in taxList)) continue;
    const code = own(t, 'code');
    if (typeof code === 'string' && !ix.taxes.has(code)) ix.taxes.set(code, i);
  }
  const productList = arr(products);
  for (let i = 0; i < productList.length; i++) {
    const p = productList[i];
    if (p === undefined && !(i in productList)) continue;
    const sku = own(p, 'sku');
    if (typeof sku !== 'string' || sku === '' || ix.skus.has(sku)) continue;
    ix.skus.set(sku, i);
    const category = own(p, 'category');
    if (typeof category === 'string') ix.categories.add(category);
    if (own(p, 'cost') !== undefined) ix.withCost.add(sku);
    if (own(own(p, 'price'), 'model') === 'percentOf') ix.percentOf.set(sku, `${item('products', i)}.price`);
  }
  for (let i = 0; i < productList.length; i++) {
    const features = own(productList[i], 'features');
    if (features === undefined) continue;
    for (const f of arr(features)) {
      for (const o of arr(own(f, 'options'))) {
        const sku = own(o, 'sku');
        if (typeof sku === 'string') ix.options.add(sku);
      }
    }
  }
  arr(own(catalog, 'priceBooks')).forEach((b, i) => {
    arr(own(b, 'entries')).forEach((e, j) => {
      const sku = own(e, 'sku');
      if (typeof sku === 'string' && !ix.percentOf.has(sku) && own(own(e, 'price'), 'model') === 'percentOf') {
        ix.percentOf.set(sku, `${item('priceBooks', i)}.${item('entries', j)}.price`);
      }
    });
  });
  return ix;
}

/** A reference to a product by SKU: a non-empty string naming an existing product. */
export function skuRef(r: Report, ix: CatalogIndex, value: unknown, path: string): string | undefined {
  if (value === undefined) {
    r.error(path, 'is required: the SKU of a product in the catalog');
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    r.error(path, `must be a SKU (a non-empty string), got ${describe(value)}`);
    return undefined;
  }
  if (!ix.productsKnown || ix.skus.has(value)) return value;
  r.error(path, `unknown SKU ${quote(value)}: no product in the catalog has it${skuHint(ix, value)}`);
  return undefined;
}

/** A list of SKU references; returns the valid ones. */
export function skuList(r: Report, ix: CatalogIndex, value: unknown, path: string, required: boolean, nonEmpty: boolean): string[] {
  if (value === undefined) {
    if (required) r.error(path, 'is required: a list of product SKUs');
    return [];
  }
  if (!Array.isArray(value)) {
    r.error(path, `must be a list (JSON array) of product SKUs, got ${describe(value)}`);
    return [];
  }
  if (nonEmpty && value.length === 0) r.error(path, 'must not be empty: name at least one product SKU');
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (v === undefined && !(i in value)) continue; // a hole in a host's sparse array, skipped as forEach does
    // A known SKU needs no path; anything else goes through skuRef, which reports it.
    if (typeof v === 'string' && v !== '' && (!ix.productsKnown || ix.skus.has(v))) {
      out.push(v);
      continue;
    }
    const sku = skuRef(r, ix, v, item(path, i));
    if (sku !== undefined) out.push(sku);
  }
  return out;
}

/** True when `skuList(…, required, nonEmpty)` would report nothing: a non-empty list of known SKUs. */
export function knownSkuList(ix: CatalogIndex, value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== 'string' || v === '' || (ix.productsKnown && !ix.skus.has(v))) return false;
  }
  return true;
}

/** `; did you mean "CRM-PRO"?` when the SKU differs from a real one only in case. */
export function skuHint(ix: CatalogIndex, sku: string): string {
  if (!ix.lower) {
    ix.lower = new Map();
    for (const s of ix.skus.keys()) {
      const l = s.toLowerCase();
      if (!ix.lower.has(l)) ix.lower.set(l, s);
    }
  }
  const hit = ix.lower.get(sku.toLowerCase());
  return hit === undefined ? '' : `; did you mean ${quote(hit)}?`;
}
