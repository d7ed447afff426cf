import { isRecord, own } from '../core/object.js';
import { describe } from '../core/parse.js';
import { buildIndex } from './validate/catalog-index.js';
import { currency, decimal, fields, knownKeys, list, localized, oneOf, record, text, uniqueId } from './validate/fields.js';
import { checkPriceBooks, checkPriceRules } from './validate/price-rules.js';
import { checkProducts, unknownTax } from './validate/products.js';
import { at, item, quote, Report } from './validate/report.js';
import { checkApprovalRules, checkConfigRules } from './validate/rules.js';
import { checkApprovalLevels, checkCategories } from './validate/names.js';
import { checkSubscriptionSettings } from './validate/subscriptions.js';
import { HUNDRED, ONE, ZERO } from '../core/decimal.js';

const ROOT = fields('id', 'name', 'currency', 'locale', 'pricing', 'taxes', 'defaultTaxCode', 'products', 'rules', 'priceRules', 'priceBooks', 'approvalRules', 'approvalLevels', 'categories', 'subscriptions');
const PRICING = fields('rounding', 'taxMode', 'floorApprovalLevel');
const TAX = fields('code', 'rate', 'name');

/**
 * The structural checks of a catalog: every field against the data contract, into `r`. What the
 * rules and bundles do (the configuration checks) needs the configuration engine, a layer up:
 * `validateCatalog` in src/rules runs both.
 */
export function checkCatalog(r: Report, json: unknown): void {
  check(r, json);
}

function check(r: Report, json: unknown): void {
  if (!isRecord(json)) {
    r.error('', `the catalog must be a JSON object with "id", "currency", "taxes" and "products", got ${describe(json)}`);
    return;
  }
  const ix = buildIndex(json);
  knownKeys(r, json, '', ROOT);
  text(r, own(json, 'id'), 'id', true);
  localized(r, own(json, 'name'), 'name');
  const cur = currency(r, own(json, 'currency'), 'currency', true);
  const locale = text(r, own(json, 'locale'), 'locale');
  if (locale !== undefined && locale.includes('_')) r.warn('locale', `${quote(locale)} is not a BCP 47 language tag; write ${quote(locale.replace(/_/g, '-'))}`);
  const pricing = record(r, own(json, 'pricing'), 'pricing', '{"rounding", "taxMode", "floorApprovalLevel"}');
  if (pricing) {
    knownKeys(r, pricing, 'pricing', PRICING);
    oneOf(r, own(pricing, 'rounding'), 'pricing.rounding', ['half-up', 'half-even']);
    oneOf(r, own(pricing, 'taxMode'), 'pricing.taxMode', ['exclusive', 'inclusive']);
    text(r, own(pricing, 'floorApprovalLevel'), 'pricing.floorApprovalLevel');
  }
  checkTaxes(r, own(json, 'taxes'));
  const defaultTax = own(json, 'defaultTaxCode');
  const code = text(r, defaultTax, 'defaultTaxCode');
  if (code !== undefined && ix.taxesKnown && !ix.taxes.has(code)) r.error('defaultTaxCode', unknownTax(ix, code));
  checkProducts(r, ix, own(json, 'products'), defaultTax !== undefined);
  checkConfigRules(r, ix, own(json, 'rules'));
  checkPriceRules(r, ix, own(json, 'priceRules'));
  checkPriceBooks(r, ix, own(json, 'priceBooks'), cur);
  checkApprovalRules(r, own(json, 'approvalRules'));
  checkApprovalLevels(r, own(json, 'approvalLevels'), own(json, 'approvalRules'), pricing ? own(pricing, 'floorApprovalLevel') : undefined);
  checkCategories(r, ix, own(json, 'categories'));
  checkSubscriptionSettings(r, own(json, 'subscriptions'), 'subscriptions');
}

function checkTaxes(r: Report, value: unknown): void {
  const taxes = list(r, value, 'taxes', 'taxes such as {"code": "VAT13", "rate": "13"}', true);
  const seen = new Map<string, number>();
  taxes?.forEach((t, i) => {
    const tp = item('taxes', i);
    if (!isRecord(t)) {
      r.error(tp, `must be a tax object such as {"code": "VAT13", "rate": "13"}, got ${describe(t)}`);
      return;
    }
    knownKeys(r, t, tp, TAX);
    uniqueId(r, seen, own(t, 'code'), at(tp, 'code'), i, 'taxes', 'tax code');
    const raw = own(t, 'rate');
    const rate = decimal(r, raw, at(tp, 'rate'), {
      required: true, min: ZERO, max: HUNDRED, below: true,
      note: ' (percent points: "13" means 13 %)', expect: 'the rate in percent points, such as "13" for 13 %',
    });
    if (rate && rate.gt(ZERO) && rate.lt(ONE)) {
      r.warn(at(tp, 'rate'), `is ${describe(raw)}, which means ${rate.toString()} %; rates are percent points, so 13 % is "13", not "0.13"`);
    }
    localized(r, own(t, 'name'), at(tp, 'name'));
  });
}

