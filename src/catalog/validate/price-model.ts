import { HUNDRED, ZERO, type Dec } from '../../core/decimal.js';
import { isRecord, own } from '../../core/object.js';
import { describe } from '../../core/parse.js';
import { skuRef, type CatalogIndex } from './catalog-index.js';
import { decimal, decimalOk, fields, knownKeys, knownKeysOk, type Fields } from './fields.js';
import { at, choices, item, quote, type Report } from './report.js';
import { didYouMean } from './suggest.js';

/** Where a price model sits: it decides what `of: {parent: true}` and costPlus may refer to. */
export interface ModelPlace {
  where: 'product' | 'entry' | 'option';
  /** The SKU the model prices (the product, the entry's product, the option's product). */
  sku: string | undefined;
}

const MODELS = ['flat', 'tiered', 'volume', 'block', 'percentOf', 'costPlus'] as const;
type ModelName = (typeof MODELS)[number];

const MODEL_FIELDS: Record<ModelName, Fields> = {
  flat: fields('model', 'list'),
  tiered: fields('model', 'tiers'),
  volume: fields('model', 'tiers'),
  block: fields('model', 'blocks'),
  percentOf: fields('model', 'percent', 'of'),
  costPlus: fields('model', 'markup'),
};
const TIER = fields('upTo', 'unit', 'flat');
const BLOCK = fields('upTo', 'price');
const OF = fields('skus', 'parent');
const NON_NEGATIVE = { min: ZERO };
const POSITIVE = { min: ZERO, above: true };
// Bounds made once, not per model checked.
const FLAT_LIST = { ...NON_NEGATIVE, required: true, expect: 'the list price per unit, a decimal string such as "1200.00"' };
const PERCENT = { ...NON_NEGATIVE, required: true, expect: 'the percentage, such as "20" for 20 %' };
const MARKUP = {
  min: HUNDRED.neg(), required: true, note: ' (percent points: -100 prices at zero)',
  expect: 'the markup on cost in percent points, such as "25"',
};
const TIER_UNIT = { ...NON_NEGATIVE, required: true, expect: 'the price per unit in this tier, a decimal string' };
const BLOCK_PRICE = { ...NON_NEGATIVE, required: true, expect: 'the price of the whole block, a decimal string' };
const BLOCK_UP_TO = { ...POSITIVE, required: true, expect: 'the largest quantity this block covers, a decimal string such as "10"' };

/**
 * True when `checkPriceModel` would report nothing because the model is the plainest one: a
 * flat price with a list price in range and no other field. A catalog's many leaf products
 * then need no path and no place.
 */
export function plainFlatPrice(value: unknown): boolean {
  return isRecord(value) && own(value, 'model') === 'flat' && knownKeysOk(value, MODEL_FIELDS.flat) && decimalOk(own(value, 'list'), FLAT_LIST);
}

/** Check one price model (product price, price-book entry, or a bundle option's override). */
export function checkPriceModel(r: Report, ix: CatalogIndex, value: unknown, path: string, place: ModelPlace): void {
  if (!isRecord(value)) {
    r.error(path, `must be a price model object such as {"model": "flat", "list": "100.00"}, got ${describe(value)}`);
    return;
  }
  const model = own(value, 'model');
  if (typeof model !== 'string' || !(MODELS as readonly string[]).includes(model)) {
    const hint = typeof model === 'string' ? didYouMean(model, MODELS) : '';
    r.error(at(path, 'model'), model === undefined
      ? `is required: one of ${choices(MODELS)}`
      : `must be one of ${choices(MODELS)}, got ${describe(model)}${hint}`);
    return;
  }
  const name = model as ModelName;
  knownKeys(r, value, path, MODEL_FIELDS[name], `a ${name} price model`);
  switch (name) {
    case 'flat': {
      const list = own(value, 'list');
      if (!decimalOk(list, FLAT_LIST)) decimal(r, list, at(path, 'list'), FLAT_LIST);
      return;
    }
    case 'tiered':
    case 'volume':
      checkTiers(r, own(value, 'tiers'), at(path, 'tiers'));
      return;
    case 'block':
      checkBlocks(r, own(value, 'blocks'), at(path, 'blocks'));
      return;
    case 'percentOf':
      decimal(r, own(value, 'percent'), at(path, 'percent'), PERCENT);
      checkOf(r, ix, own(value, 'of'), at(path, 'of'), place);
      return;
    case 'costPlus':
      decimal(r, own(value, 'markup'), at(path, 'markup'), MARKUP);
      if (place.sku !== undefined && ix.productsKnown && ix.skus.has(place.sku) && !ix.withCost.has(place.sku)) {
        r.error(path, `the costPlus model needs a cost, but product ${quote(place.sku)} has no "cost"`);
      }
      return;
  }
}

function checkTiers(r: Report, tiers: unknown, path: string): void {
  if (tiers === undefined) {
    r.error(path, 'is required: a list of tiers such as [{"upTo": "100", "unit": "10.00"}, {"upTo": null, "unit": "8.00"}]');
    return;
  }
  if (!Array.isArray(tiers)) {
    r.error(path, `must be a list (JSON array) of tiers, got ${describe(tiers)}`);
    return;
  }
  if (tiers.length === 0) {
    r.error(path, 'must have at least one tier; the last one open-ended: {"upTo": null, "unit": "…"}');
    return;
  }
  let prev: { value: Dec; raw: unknown } | undefined;
  tiers.forEach((t, i) => {
    const p = item(path, i);
    if (!isRecord(t)) {
      r.error(p, `must be a tier object {"upTo", "unit", "flat"?}, got ${describe(t)}`);
      prev = undefined;
      return;
    }
    knownKeys(r, t, p, TIER, 'a tier');
    decimal(r, own(t, 'unit'), at(p, 'unit'), TIER_UNIT);
    decimal(r, own(t, 'flat'), at(p, 'flat'), NON_NEGATIVE);
    const last = i === tiers.length - 1;
    const upTo = own(t, 'upTo');
    const up = at(p, 'upTo');
    if (upTo === null) {
      if (!last) {
        const rest = tiers.length - 1 - i;
        r.error(up, `only the last tier may be open-ended (null), and ${rest} more tier${rest === 1 ? ' follows' : 's follow'}; give this tier its inclusive upper bound`);
      }
      prev = undefined;
      return;
    }
    if (upTo === undefined) {
      r.error(up, last
        ? 'is required: the last tier must be open-ended, write "upTo": null'
        : 'is required: the inclusive upper bound of this tier, a decimal string such as "100"');
      prev = undefined;
      return;
    }
    const v = decimal(r, upTo, up, POSITIVE);
    if (v && prev && !v.gt(prev.value)) {
      r.error(up, `must be greater than the previous tier's upTo (${shown(prev.raw)}), got ${describe(upTo)}`);
    }
    if (last) {
      r.error(up, `the last tier must be open-ended so that every quantity has a price: write "upTo": null, or add a final tier with "upTo": null (got ${describe(upTo)})`);
    }
    prev = v ? { value: v, raw: upTo } : undefined;
  });
}

function checkBlocks(r: Report, blocks: unknown, path: string): void {
  if (blocks === undefined) {
    r.error(path, 'is required: a list of blocks such as [{"upTo": "10", "price": "100.00"}]');
    return;
  }
  if (!Array.isArray(blocks)) {
    r.error(path, `must be a list (JSON array) of blocks, got ${describe(blocks)}`);
    return;
  }
  if (blocks.length === 0) {
    r.error(path, 'must have at least one block such as {"upTo": "10", "price": "100.00"}');
    return;
  }
  let prev: { value: Dec; raw: unknown } | undefined;
  blocks.forEach((b, i) => {
    const p = item(path, i);
    if (!isRecord(b)) {
      r.error(p, `must be a block object {"upTo", "price"}, got ${describe(b)}`);
      prev = undefined;
      return;
    }
    knownKeys(r, b, p, BLOCK, 'a block');
    decimal(r, own(b, 'price'), at(p, 'price'), BLOCK_PRICE);
    const upTo = own(b, 'upTo');
    const up = at(p, 'upTo');
    if (upTo === null) {
      r.error(up, 'must be a decimal: blocks have no open end (a quantity above the last block is out of range)');
      prev = undefined;
      return;
    }
    const v = decimal(r, upTo, up, BLOCK_UP_TO);
    if (v && prev && !v.gt(prev.value)) {
      r.error(up, `must be greater than the previous block's upTo (${shown(prev.raw)}), got ${describe(upTo)}`);
    }
    prev = v ? { value: v, raw: upTo } : undefined;
  });
}

function checkOf(r: Report, ix: CatalogIndex, of: unknown, path: string, place: ModelPlace): void {
  if (of === undefined) {
    r.error(path, 'is required: {"skus": ["…"]} for a percentage of those lines, or {"parent": true} for the bundle line');
    return;
  }
  if (!isRecord(of)) {
    r.error(path, `must be {"skus": ["…"]} or {"parent": true}, got ${describe(of)}`);
    return;
  }
  knownKeys(r, of, path, OF, 'percentOf "of"');
  const skus = own(of, 'skus');
  const parent = own(of, 'parent');
  if ((skus === undefined) === (parent === undefined)) {
    r.error(path, `must have exactly one of "skus" or "parent", got ${skus === undefined ? 'neither' : 'both'}`);
    if (skus === undefined) return;
  }
  if (parent !== undefined) {
    if (parent !== true) {
      r.error(at(path, 'parent'), `must be true, got ${describe(parent)}`);
    } else if (place.where !== 'option' && !(place.sku !== undefined && ix.options.has(place.sku))) {
      r.warn(at(path, 'parent'), `"parent" refers to the bundle line, but ${place.sku === undefined ? 'this product' : `product ${quote(place.sku)}`} is not an option of any bundle, so it has no parent to take a percentage of`);
    }
  }
  if (skus === undefined) return;
  const sp = at(path, 'skus');
  if (!Array.isArray(skus)) {
    r.error(sp, `must be a list (JSON array) of product SKUs, got ${describe(skus)}`);
    return;
  }
  if (skus.length === 0) r.error(sp, 'must not be empty: name the SKUs whose lines this is a percentage of');
  const seen = new Set<string>();
  skus.forEach((s, i) => {
    const p = item(sp, i);
    const sku = skuRef(r, ix, s, p);
    if (sku === undefined) return;
    if (seen.has(sku)) r.warn(p, `SKU ${quote(sku)} is listed twice; it counts once`);
    seen.add(sku);
    if (sku === place.sku) {
      r.error(p, `a line cannot be a percentage of its own SKU ${quote(sku)}`);
      return;
    }
    const chained = ix.percentOf.get(sku);
    if (chained !== undefined) {
      r.error(p, `chained percent-of is not supported: ${quote(sku)} is itself priced as a percentage of other lines (${chained})`);
    }
  });
}

/** A previous bound as the author wrote it. */
function shown(raw: unknown): string {
  return typeof raw === 'string' ? raw : String(raw);
}
