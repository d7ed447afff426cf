import { ZERO, type Dec } from '../../core/decimal.js';
import { isRecord, own } from '../../core/object.js';
import { describe } from '../../core/parse.js';
import { skuRef, type CatalogIndex } from './catalog-index.js';
import { bool, decimal, fields, knownKeys, knownKeysOk, list, localized, oneOf, record, text, uniqueId, wholeNumber } from './fields.js';
import { checkPriceModel, plainFlatPrice } from './price-model.js';
import { checkSubscriptionSettings } from './subscriptions.js';
import { at, item, quote, type Report } from './report.js';

const PRODUCT = fields('sku', 'name', 'description', 'category', 'unit', 'taxCode', 'cost', 'floorPrice', 'qty', 'term', 'price', 'attributes', 'features', 'subscription');
const QTY = fields('min', 'max', 'step', 'default');
const TERM = fields('unit', 'min', 'max', 'default');
const ATTRIBUTE = fields('id', 'name', 'default', 'required', 'values');
const VALUE = fields('id', 'name', 'priceDelta');
const FEATURE = fields('id', 'name', 'min', 'max', 'options');
const OPTION = fields('sku', 'default', 'required', 'qtyPer', 'qty', 'included', 'price');
const NON_NEGATIVE = { min: ZERO };
const POSITIVE = { min: ZERO, above: true };

/** Check `products`; `hasDefaultTax` is true when the catalog names a default tax code at all. */
export function checkProducts(r: Report, ix: CatalogIndex, products: unknown, hasDefaultTax: boolean): void {
  const items = list(r, products, 'products', 'products such as {"sku": "…", "name": "…", "price": {…}}', true);
  items?.forEach((p, i) => checkProduct(r, ix, p, i, item('products', i), hasDefaultTax));
}

function checkProduct(r: Report, ix: CatalogIndex, p: unknown, i: number, path: string, hasDefaultTax: boolean): void {
  if (!isRecord(p)) {
    r.error(path, `must be a product object with at least "sku", "name" and "price", got ${describe(p)}`);
    return;
  }
  knownKeys(r, p, path, PRODUCT);
  // Fields that are absent (or plainly right) need no check and no path: catalogs have
  // thousands of products, and this runs once per catalog, before anything is optimized.
  const rawSku = own(p, 'sku');
  const sku = typeof rawSku === 'string' && rawSku !== '' ? rawSku : text(r, rawSku, at(path, 'sku'), true);
  if (sku !== undefined) {
    const first = ix.skus.get(sku);
    if (first !== undefined && first !== i) r.error(at(path, 'sku'), `duplicate SKU ${quote(sku)}: ${item('products', first)} already has it`);
  }
  const name = own(p, 'name');
  if (typeof name !== 'string' || name === '') localized(r, name, at(path, 'name'), true);
  const description = own(p, 'description');
  if (description !== undefined) localized(r, description, at(path, 'description'));
  const unit = own(p, 'unit');
  if (unit !== undefined) localized(r, unit, at(path, 'unit'));
  const category = own(p, 'category');
  if (category !== undefined) text(r, category, at(path, 'category'));
  const taxCode = own(p, 'taxCode');
  if (taxCode !== undefined || !hasDefaultTax) checkTaxCode(r, ix, taxCode, at(path, 'taxCode'), hasDefaultTax);
  const cost = own(p, 'cost');
  if (cost !== undefined) decimal(r, cost, at(path, 'cost'), NON_NEGATIVE);
  const floorPrice = own(p, 'floorPrice');
  if (floorPrice !== undefined) decimal(r, floorPrice, at(path, 'floorPrice'), NON_NEGATIVE);
  const qty = own(p, 'qty');
  if (qty !== undefined) checkQty(r, qty, at(path, 'qty'));
  const term = own(p, 'term');
  if (term !== undefined) checkTerm(r, term, at(path, 'term'));
  const subscription = own(p, 'subscription');
  if (subscription !== undefined) checkSubscriptionSettings(r, subscription, at(path, 'subscription'), term === undefined ? sku ?? path : undefined);
  const price = own(p, 'price');
  if (price === undefined) r.error(at(path, 'price'), 'is required: a price model such as {"model": "flat", "list": "100.00"}');
  else if (!plainFlatPrice(price)) checkPriceModel(r, ix, price, at(path, 'price'), { where: 'product', sku });
  const attributes = own(p, 'attributes');
  if (attributes !== undefined) checkAttributes(r, attributes, at(path, 'attributes'));
  const features = own(p, 'features');
  if (features !== undefined) checkFeatures(r, ix, features, at(path, 'features'), sku);
}

function checkTaxCode(r: Report, ix: CatalogIndex, value: unknown, path: string, hasDefaultTax: boolean): void {
  if (value === undefined) {
    if (!hasDefaultTax) r.error(path, 'missing tax code: give the product a "taxCode", or the catalog a "defaultTaxCode"');
    return;
  }
  const code = text(r, value, path);
  if (code !== undefined && ix.taxesKnown && !ix.taxes.has(code)) r.error(path, unknownTax(ix, code));
}

/** The message for a tax code that names no tax. */
export function unknownTax(ix: CatalogIndex, code: string): string {
  const codes = [...ix.taxes.keys()];
  const known = codes.length === 0
    ? 'the catalog defines no taxes'
    : `the catalog's taxes are ${codes.slice(0, 5).map(quote).join(', ')}${codes.length > 5 ? ', …' : ''}`;
  return `unknown tax code ${quote(code)}: ${known}`;
}

/** A quantity range {min, max, step, default} (products and bundle options). */
function checkQty(r: Report, value: unknown, path: string): void {
  const q = record(r, value, path, 'a quantity range {"min", "max", "step", "default"}');
  if (!q) return;
  knownKeys(r, q, path, QTY);
  const min = decimal(r, own(q, 'min'), at(path, 'min'), NON_NEGATIVE);
  const max = decimal(r, own(q, 'max'), at(path, 'max'), POSITIVE);
  const step = decimal(r, own(q, 'step'), at(path, 'step'), POSITIVE);
  const def = decimal(r, own(q, 'default'), at(path, 'default'), POSITIVE);
  checkRange(r, q, path, min, max, def);
  const minOk = own(q, 'min') === undefined || min !== undefined;
  if (def && step && minOk && !def.minus(min ?? ZERO).mod(step).isZero()) {
    const base = min ? `min (${show(own(q, 'min'))}) plus a multiple of step` : 'a multiple of step';
    r.error(at(path, 'default'), `must be ${base} (${show(own(q, 'step'))}), got ${describe(own(q, 'default'))}`);
  }
}

/** A term {unit, min, max, default}: positive amounts of month, year or day. */
function checkTerm(r: Report, value: unknown, path: string): void {
  const t = record(r, value, path, 'a term such as {"unit": "month", "min": "1", "max": "60", "default": "12"}');
  if (!t) return;
  knownKeys(r, t, path, TERM);
  oneOf(r, own(t, 'unit'), at(path, 'unit'), ['month', 'year', 'day'], true);
  const min = decimal(r, own(t, 'min'), at(path, 'min'), POSITIVE);
  const max = decimal(r, own(t, 'max'), at(path, 'max'), POSITIVE);
  const def = decimal(r, own(t, 'default'), at(path, 'default'), POSITIVE);
  checkRange(r, t, path, min, max, def);
}

/** min ≤ default ≤ max, each reported at the later field. */
function checkRange(r: Report, obj: Record<string, unknown>, path: string, min?: Dec, max?: Dec, def?: Dec): void {
  if (min && max && max.lt(min)) {
    r.error(at(path, 'max'), `must not be less than min (${show(own(obj, 'min'))}), got ${describe(own(obj, 'max'))}`);
    return;
  }
  if (def && min && def.lt(min)) r.error(at(path, 'default'), `must be at least min (${show(own(obj, 'min'))}), got ${describe(own(obj, 'default'))}`);
  else if (def && max && def.gt(max)) r.error(at(path, 'default'), `must be at most max (${show(own(obj, 'max'))}), got ${describe(own(obj, 'default'))}`);
}

function show(raw: unknown): string {
  return typeof raw === 'string' ? raw : String(raw);
}

function checkAttributes(r: Report, value: unknown, path: string): void {
  const items = list(r, value, path, 'attributes such as {"id": "deploy", "values": [{"id": "cloud"}]}');
  const seen = new Map<string, number>();
  items?.forEach((a, j) => {
    const ap = item(path, j);
    if (!isRecord(a)) {
      r.error(ap, `must be an attribute object {"id", "values", …}, got ${describe(a)}`);
      return;
    }
    knownKeys(r, a, ap, ATTRIBUTE);
    uniqueId(r, seen, own(a, 'id'), at(ap, 'id'), j, path, 'attribute id');
    localized(r, own(a, 'name'), at(ap, 'name'));
    bool(r, own(a, 'required'), at(ap, 'required'));
    const values = list(r, own(a, 'values'), at(ap, 'values'), 'values such as {"id": "cloud"}', true, true);
    const ids = new Map<string, number>();
    values?.forEach((v, k) => {
      const vp = item(at(ap, 'values'), k);
      if (!isRecord(v)) {
        r.error(vp, `must be a value object {"id", "name"?, "priceDelta"?}, got ${describe(v)}`);
        return;
      }
      knownKeys(r, v, vp, VALUE);
      uniqueId(r, ids, own(v, 'id'), at(vp, 'id'), k, at(ap, 'values'), 'value id');
      localized(r, own(v, 'name'), at(vp, 'name'));
      decimal(r, own(v, 'priceDelta'), at(vp, 'priceDelta'));
    });
    const def = text(r, own(a, 'default'), at(ap, 'default'));
    if (def !== undefined && values && !ids.has(def)) {
      const names = [...ids.keys()];
      r.error(at(ap, 'default'), `must name one of the attribute's values${names.length ? ` (${names.slice(0, 5).map(quote).join(', ')}${names.length > 5 ? ', …' : ''})` : ''}, got ${quote(def)}`);
    }
  });
}

function checkFeatures(r: Report, ix: CatalogIndex, value: unknown, path: string, productSku: string | undefined): void {
  const items = list(r, value, path, 'features such as {"id": "modules", "options": [{"sku": "…"}]}');
  const seen = new Map<string, number>();
  /** Option SKU → the feature that has it: quote lines name options by SKU alone. */
  const inProduct = new Map<string, number>();
  items?.forEach((f, j) => {
    const fp = item(path, j);
    if (!isRecord(f)) {
      r.error(fp, `must be a feature object {"id", "options", …}, got ${describe(f)}`);
      return;
    }
    knownKeys(r, f, fp, FEATURE);
    uniqueId(r, seen, own(f, 'id'), at(fp, 'id'), j, path, 'feature id');
    localized(r, own(f, 'name'), at(fp, 'name'));
    const min = wholeNumber(r, own(f, 'min'), at(fp, 'min'), 0);
    const max = wholeNumber(r, own(f, 'max'), at(fp, 'max'), 0);
    if (min !== undefined && max !== undefined && min > max) r.error(at(fp, 'max'), `must not be less than min (${min}), got ${max}`);
    const options = list(r, own(f, 'options'), at(fp, 'options'), 'options such as {"sku": "…"}', true);
    if (!options) return;
    const n = options.length;
    if (min !== undefined && min > n) r.error(at(fp, 'min'), `is ${min}, but the feature has only ${n} option${n === 1 ? '' : 's'} to choose from`);
    else if (max !== undefined && max > n && (min === undefined || min <= max)) {
      r.warn(at(fp, 'max'), `is ${max}, but the feature has only ${n} option${n === 1 ? '' : 's'}`);
    }
    const inFeature = new Map<string, number>();
    let required = 0;
    let preselected = 0;
    const place: OptionPlace = { productSku, featuresPath: path, feature: j, optionsPath: at(fp, 'options'), inFeature, inProduct };
    options.forEach((o, k) => {
      const picked = checkOption(r, ix, o, k, place);
      if (picked === 'required') required++;
      if (picked) preselected++;
    });
    if (max !== undefined && required > max) {
      r.error(at(fp, 'max'), `is ${max}, but ${required} options of this feature are required (always selected)`);
    } else if (max !== undefined && preselected > max) {
      r.warn(at(fp, 'max'), `is ${max}, but ${preselected} options are selected by default, so the default configuration is invalid`);
    }
  });
}

interface OptionPlace {
  productSku: string | undefined;
  featuresPath: string;
  feature: number;
  optionsPath: string;
  /** Option SKU → its index in this feature. */
  inFeature: Map<string, number>;
  /** Option SKU → the index of the product's feature that has it. */
  inProduct: Map<string, number>;
}

/** Check one bundle option; returns whether it starts selected ('required' or 'default'). */
function checkOption(r: Report, ix: CatalogIndex, o: unknown, k: number, place: OptionPlace): 'required' | 'default' | undefined {
  const { productSku, inFeature, inProduct } = place;
  // The option's path is made only where a problem is reported (or a present field is checked).
  if (!isRecord(o)) {
    r.error(item(place.optionsPath, k), `must be an option object {"sku", …}, got ${describe(o)}`);
    return undefined;
  }
  if (!knownKeysOk(o, OPTION)) knownKeys(r, o, item(place.optionsPath, k), OPTION);
  const rawSku = own(o, 'sku');
  // A known SKU needs no path unless it is a duplicate (see checkProduct).
  const known = typeof rawSku === 'string' && rawSku !== '' && (!ix.productsKnown || ix.skus.has(rawSku));
  const sku = known ? (rawSku as string) : skuRef(r, ix, rawSku, at(item(place.optionsPath, k), 'sku'));
  if (sku !== undefined) {
    const sameFeature = inFeature.get(sku);
    const otherFeature = inProduct.get(sku);
    if (sku === productSku) r.error(at(item(place.optionsPath, k), 'sku'), `a bundle cannot be its own option (${quote(sku)})`);
    else if (sameFeature !== undefined) r.error(at(item(place.optionsPath, k), 'sku'), `duplicate option ${quote(sku)}: ${item(place.optionsPath, sameFeature)} already has it`);
    else if (otherFeature !== undefined && otherFeature !== place.feature) {
      r.error(at(item(place.optionsPath, k), 'sku'), `option ${quote(sku)} is already in ${item(place.featuresPath, otherFeature)}; quote lines name options by SKU alone, so a SKU may be an option only once per product`);
    }
    if (!inFeature.has(sku)) inFeature.set(sku, k);
    if (!inProduct.has(sku)) inProduct.set(sku, place.feature);
  }
  const rawDefault = own(o, 'default');
  const isDefault = rawDefault === undefined || typeof rawDefault === 'boolean' ? rawDefault : bool(r, rawDefault, at(item(place.optionsPath, k), 'default'));
  const rawRequired = own(o, 'required');
  const isRequired = rawRequired === undefined || typeof rawRequired === 'boolean' ? rawRequired : bool(r, rawRequired, at(item(place.optionsPath, k), 'required'));
  const included = own(o, 'included');
  if (included !== undefined && typeof included !== 'boolean') bool(r, included, at(item(place.optionsPath, k), 'included'));
  const qtyPer = own(o, 'qtyPer');
  if (qtyPer !== undefined && qtyPer !== 'parent' && qtyPer !== 'fixed') oneOf(r, qtyPer, at(item(place.optionsPath, k), 'qtyPer'), ['parent', 'fixed']);
  const qty = own(o, 'qty');
  if (qty !== undefined) checkQty(r, qty, at(item(place.optionsPath, k), 'qty'));
  const price = own(o, 'price');
  if (price !== undefined) checkPriceModel(r, ix, price, at(item(place.optionsPath, k), 'price'), { where: 'option', sku });
  return isRequired ? 'required' : isDefault ? 'default' : undefined;
}
