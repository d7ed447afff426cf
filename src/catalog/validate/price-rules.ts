import { dayOf } from '../../core/dates.js';
import { HUNDRED, ZERO } from '../../core/decimal.js';
import { isRecord, own } from '../../core/object.js';
import { describe } from '../../core/parse.js';
import { skuList, skuRef, type CatalogIndex } from './catalog-index.js';
import { bool, currency, decimal, fields, isoDate, knownKeys, list, localized, logic, oneOf, record, text, uniqueId, wholeNumber } from './fields.js';
import { checkPriceModel } from './price-model.js';
import { at, item, quote, type Report } from './report.js';

const PRICE_RULE = fields('id', 'name', 'scope', 'appliesTo', 'when', 'validFrom', 'validTo', 'action', 'priority', 'stackable');
const APPLIES_TO = fields('skus', 'categories');
const ACTIONS = ['percentOff', 'amountOff', 'setUnitPrice', 'markup', 'surcharge'] as const;
const ACTION = fields(...ACTIONS);
const BOOK = fields('id', 'name', 'currency', 'fallback', 'entries');
const ENTRY = fields('sku', 'price');

/** Check `priceRules`. */
export function checkPriceRules(r: Report, ix: CatalogIndex, value: unknown): void {
  const items = list(r, value, 'priceRules', 'price rules such as {"id": "…", "scope": "line", "action": {"percentOff": "10"}}');
  const seen = new Map<string, number>();
  items?.forEach((rule, i) => {
    const rp = item('priceRules', i);
    if (!isRecord(rule)) {
      r.error(rp, `must be a price rule object {"id", "scope", "action", …}, got ${describe(rule)}`);
      return;
    }
    knownKeys(r, rule, rp, PRICE_RULE);
    uniqueId(r, seen, own(rule, 'id'), at(rp, 'id'), i, 'priceRules', 'price rule id');
    localized(r, own(rule, 'name'), at(rp, 'name'));
    const scope = oneOf(r, own(rule, 'scope'), at(rp, 'scope'), ['line', 'quote'], true);
    const appliesTo = own(rule, 'appliesTo');
    if (appliesTo !== undefined) {
      if (scope === 'quote') {
        r.error(at(rp, 'appliesTo'), 'a quote-scope rule applies to the whole quote and takes no appliesTo; remove it, or make the rule "scope": "line"');
      } else {
        checkAppliesTo(r, ix, appliesTo, at(rp, 'appliesTo'));
      }
    }
    logic(r, own(rule, 'when'), at(rp, 'when'));
    const from = isoDate(r, own(rule, 'validFrom'), at(rp, 'validFrom'));
    const to = isoDate(r, own(rule, 'validTo'), at(rp, 'validTo'));
    if (from !== undefined && to !== undefined && dayOf(from) > dayOf(to)) {
      r.error(at(rp, 'validTo'), `must not be before validFrom (${from}): the rule could never apply, got ${quote(to)}`);
    }
    checkAction(r, own(rule, 'action'), at(rp, 'action'), scope);
    wholeNumber(r, own(rule, 'priority'), at(rp, 'priority'));
    bool(r, own(rule, 'stackable'), at(rp, 'stackable'));
  });
}

function checkAppliesTo(r: Report, ix: CatalogIndex, value: unknown, path: string): void {
  const a = record(r, value, path, 'appliesTo such as {"skus": ["…"], "categories": ["…"]}');
  if (!a) return;
  // Strict: a misspelt "sku" would silently widen the rule to every line.
  knownKeys(r, a, path, APPLIES_TO, 'appliesTo');
  const skus = own(a, 'skus');
  const categories = own(a, 'categories');
  skuList(r, ix, skus, at(path, 'skus'), false, false);
  list(r, categories, at(path, 'categories'), 'product categories')?.forEach((c, k) => {
    const cp = item(at(path, 'categories'), k);
    const category = text(r, c, cp, true);
    if (category !== undefined && ix.productsKnown && !ix.categories.has(category)) {
      r.warn(cp, `no product has the category ${quote(category)}, so it matches no line`);
    }
  });
  const empty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0);
  if (skus === undefined && categories === undefined) {
    r.warn(path, 'names no "skus" or "categories", so the rule applies to every line, as if appliesTo were left out');
  } else if (empty(skus) && empty(categories)) {
    r.warn(path, 'lists no SKUs and no categories, so the rule matches no line');
  }
}

function checkAction(r: Report, value: unknown, path: string, scope: string | undefined): void {
  const a = record(r, value, path, 'an action such as {"percentOff": "10"}', true);
  if (!a) return;
  knownKeys(r, a, path, ACTION, 'a price rule action');
  const found = ACTIONS.filter((k) => own(a, k) !== undefined);
  if (found.length === 0) {
    r.error(path, 'must have one of "percentOff", "amountOff", "setUnitPrice", "markup" or "surcharge", such as {"percentOff": "10"}');
    return;
  }
  if (found.length > 1) {
    r.error(path, `must have exactly one of "percentOff", "amountOff", "setUnitPrice", "markup" or "surcharge", found ${found.map(quote).join(' and ')}`);
  }
  for (const kind of found) {
    const ap = at(path, kind);
    if (kind === 'percentOff') decimal(r, own(a, kind), ap, { min: ZERO, max: HUNDRED, note: ' (percent points)' });
    else decimal(r, own(a, kind), ap, { min: ZERO });
    if (kind === 'setUnitPrice' && scope === 'quote') {
      r.error(ap, 'sets a line\'s unit price, so it works only on a line-scope rule; a quote-scope rule can use percentOff, amountOff, markup or surcharge');
    }
  }
}

/** Check `priceBooks`; `catalogCurrency` is the catalog's (valid) currency, if any. */
export function checkPriceBooks(r: Report, ix: CatalogIndex, value: unknown, catalogCurrency: string | undefined): void {
  const items = list(r, value, 'priceBooks', 'price books such as {"id": "…", "currency": "CNY", "entries": […]}');
  const seen = new Map<string, number>();
  items?.forEach((book, i) => {
    const bp = item('priceBooks', i);
    if (!isRecord(book)) {
      r.error(bp, `must be a price book object {"id", "currency", "entries", …}, got ${describe(book)}`);
      return;
    }
    knownKeys(r, book, bp, BOOK);
    uniqueId(r, seen, own(book, 'id'), at(bp, 'id'), i, 'priceBooks', 'price book id');
    localized(r, own(book, 'name'), at(bp, 'name'));
    const cur = currency(r, own(book, 'currency'), at(bp, 'currency'), true);
    const fallback = bool(r, own(book, 'fallback'), at(bp, 'fallback'));
    if (fallback && cur !== undefined && catalogCurrency !== undefined && cur !== catalogCurrency) {
      r.warn(at(bp, 'fallback'), `has no effect: products are priced in the catalog's currency (${catalogCurrency}), so a SKU missing from this ${cur} book cannot fall back to them`);
    }
    const entries = list(r, own(book, 'entries'), at(bp, 'entries'), 'entries such as {"sku": "…", "price": {"model": "flat", "list": "…"}}', true);
    const skus = new Map<string, number>();
    entries?.forEach((e, j) => {
      const ep = item(at(bp, 'entries'), j);
      if (!isRecord(e)) {
        r.error(ep, `must be an entry object {"sku", "price"}, got ${describe(e)}`);
        return;
      }
      knownKeys(r, e, ep, ENTRY);
      const sku = skuRef(r, ix, own(e, 'sku'), at(ep, 'sku'));
      if (sku !== undefined) {
        const first = skus.get(sku);
        if (first !== undefined) r.error(at(ep, 'sku'), `duplicate SKU ${quote(sku)} in this price book: ${item(at(bp, 'entries'), first)} already has it`);
        else skus.set(sku, j);
      }
      const price = own(e, 'price');
      if (price === undefined) r.error(at(ep, 'price'), 'is required: a price model such as {"model": "flat", "list": "100.00"}');
      else checkPriceModel(r, ix, price, at(ep, 'price'), { where: 'entry', sku });
    });
  });
}
