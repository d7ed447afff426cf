import { isRecord, own } from '../core/object.js';
import { describe } from '../core/parse.js';
import type { ValidationResult } from '../types.js';
import { buildIndex } from './validate/catalog-index.js';
import { currency, decimal, fields, knownKeys, list, localized, oneOf, record, text, uniqueId } from './validate/fields.js';
import { checkConfiguration } from './validate/config.js';
import { checkPriceBooks, checkPriceRules } from './validate/price-rules.js';
import { checkProducts, unknownTax } from './validate/products.js';
import { at, item, quote, Report } from './validate/report.js';
import { checkApprovalRules, checkConfigRules } from './validate/rules.js';
import { HUNDRED, ONE, ZERO } from '../core/decimal.js';

const ROOT = fields('id', 'name', 'currency', 'locale', 'pricing', 'taxes', 'defaultTaxCode', 'products', 'rules', 'priceRules', 'priceBooks', 'approvalRules');
const PRICING = fields('rounding', 'taxMode', 'floorApprovalLevel');
const TAX = fields('code', 'rate', 'name');

/**
 * Check a catalog against the data contract and report every problem a catalog author can
 * fix: `{ ok, errors: [{ path, message, severity }] }`. `ok` is false when any entry is an
 * error; warnings (unknown fields, rules that can never match, …) do not block.
 *
 * The input is untrusted: only own properties are read, lookups use `Map`, nothing recurses
 * with the input's depth, and the function never throws. At most 1,000 problems are listed,
 * followed by one entry counting the rest.
 *
 * @example
 * const { ok, errors } = validateCatalog(JSON.parse(text));
 * if (!ok) for (const e of errors) console.log(`${e.path}: ${e.message}`);
 * // products[3].price.tiers[1].upTo: must be greater than the previous tier's upTo (50), got "40"
 */
export function validateCatalog(json: unknown): ValidationResult {
  const r = new Report();
  try {
    check(r, json);
  } catch (e) {
    // Only a host object with throwing getters or proxies can get here; JSON cannot.
    r.error('', `could not be validated: ${e instanceof Error ? e.message : describe(e)}`);
  }
  return r.result();
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
  // What the rules and bundles do needs a well-formed catalog: only when nothing above is an error.
  if (r.result().ok) checkConfiguration(r, json);
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

