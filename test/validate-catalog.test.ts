/**
 * validateCatalog: a table of single-field mutations of a valid catalog, each with the path
 * and message it must produce, then untrusted-input, size, depth and property tests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateCatalog } from '../src/rules/index.js';
import type { ValidationError, ValidationResult } from '../src/types.js';
import { catalogMin } from './fixtures/catalog-min.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const DELETE = Symbol('delete');
type Mutation = ((c: Any) => void) | [path: string, value: unknown];
type Case = [description: string, mutation: Mutation, path: string, message: string, severity?: 'warning'];

/** `products[3].price.tiers[1]` → ['products', 3, 'price', 'tiers', 1]. */
function tokens(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

function setPath(obj: Any, path: string, value: unknown): void {
  const t = tokens(path);
  let o = obj;
  for (const k of t.slice(0, -1)) o = o[k];
  const last = t[t.length - 1]!;
  if (value !== DELETE) o[last] = value;
  else if (Array.isArray(o)) o.splice(last as number, 1);
  else delete o[last];
}

function mutated(m: Mutation): Any {
  const c = catalogMin();
  if (typeof m === 'function') m(c);
  else setPath(c, m[0], m[1]);
  return c;
}

function show(r: ValidationResult): string {
  return r.errors.map((e) => `  ${e.severity ?? 'error'} ${e.path}: ${e.message}`).join('\n');
}

/** Every entry is well-formed, and `ok` agrees with the severities. */
function checkShape(r: ValidationResult): void {
  assert.equal(typeof r.ok, 'boolean');
  assert.ok(Array.isArray(r.errors));
  for (const e of r.errors) {
    assert.equal(typeof e.path, 'string');
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 0, 'empty message');
    assert.ok(e.severity === undefined || e.severity === 'error' || e.severity === 'warning');
  }
  assert.equal(r.ok, !r.errors.some((e) => e.severity !== 'warning'));
}

let deepNot: unknown = { var: 'qty' };
for (let i = 0; i < 10_000; i++) deepNot = { '!': [deepNot] };

const CASES: Case[] = [
  // Root
  ['id missing', ['id', DELETE], 'id', 'is required'],
  ['id empty', ['id', ''], 'id', 'must not be an empty string'],
  ['id a number', ['id', 7], 'id', 'must be a string, got 7'],
  ['unknown currency', ['currency', 'XYZ'], 'currency', 'must be a known ISO 4217 currency code'],
  ['lower-case currency', ['currency', 'cny'], 'currency', 'did you mean "CNY"?'],
  ['currency missing', ['currency', DELETE], 'currency', 'is required'],
  ['locale not a string', ['locale', 42], 'locale', 'must be a string, got 42'],
  ['locale with underscore', ['locale', 'zh_CN'], 'locale', 'write "zh-CN"', 'warning'],
  ['rounding unknown', ['pricing.rounding', 'up'], 'pricing.rounding', 'must be one of "half-up" or "half-even", got "up"'],
  ['taxMode unknown', ['pricing.taxMode', 'gross'], 'pricing.taxMode', 'must be one of "exclusive" or "inclusive"'],
  ['floorApprovalLevel not a string', ['pricing.floorApprovalLevel', 3], 'pricing.floorApprovalLevel', 'must be a string'],
  ['pricing not an object', ['pricing', 'half-up'], 'pricing', 'must be an object'],
  ['catalog name with a non-string text', ['name.en', 5], 'name.en', 'must be a string'],
  ['unknown top-level field (typo)', ['prodcts', []], 'prodcts', 'unknown field "prodcts"; did you mean "products"?', 'warning'],
  // Taxes
  ['taxes missing', ['taxes', DELETE], 'taxes', 'is required'],
  ['taxes not a list', ['taxes', { VAT13: '13' }], 'taxes', 'must be a list (JSON array) of taxes such as'],
  ['duplicate tax code', ['taxes[1].code', 'VAT13'], 'taxes[1].code', 'duplicate tax code "VAT13": taxes[0] already has it'],
  ['tax rate 100', ['taxes[0].rate', '100'], 'taxes[0].rate', 'must be less than 100'],
  ['tax rate negative', ['taxes[0].rate', '-1'], 'taxes[0].rate', 'must not be negative'],
  ['tax rate as a fraction', ['taxes[0].rate', '0.13'], 'taxes[0].rate', 'rates are percent points', 'warning'],
  ['tax rate with a comma', ['taxes[0].rate', '12,5'], 'taxes[0].rate', 'use "." as the decimal point'],
  ['tax rate missing', ['taxes[1].rate', DELETE], 'taxes[1].rate', 'is required'],
  ['unknown defaultTaxCode', ['defaultTaxCode', 'VAT99'], 'defaultTaxCode', 'unknown tax code "VAT99"'],
  ['unknown product tax code', ['products[2].taxCode', 'VAT7'], 'products[2].taxCode', 'unknown tax code "VAT7": the catalog\'s taxes are "VAT13", "VAT6"'],
  ['missing tax code', ['defaultTaxCode', DELETE], 'products[1].taxCode', 'missing tax code'],
  // Products
  ['products missing', ['products', DELETE], 'products', 'is required'],
  ['products an object', ['products', {}], 'products', 'must be a list (JSON array) of products'],
  ['product not an object', ['products[3]', 'STORAGE'], 'products[3]', 'must be a product object'],
  ['duplicate SKU', ['products[5].sku', 'STORAGE'], 'products[5].sku', 'duplicate SKU "STORAGE": products[3] already has it'],
  ['empty SKU', ['products[5].sku', ''], 'products[5].sku', 'must not be an empty string'],
  ['product name missing', ['products[0].name', DELETE], 'products[0].name', 'is required'],
  ['product name an empty object', ['products[0].name', {}], 'products[0].name', 'at least one language entry'],
  ['product name a number', ['products[3].name', 12], 'products[3].name', 'must be a string, or an object by language tag'],
  ['unit text not a string', ['products[0].unit.en', null], 'products[0].unit.en', 'must be a string'],
  ['category not a string', ['products[0].category', 5], 'products[0].category', 'must be a string'],
  ['cost "12,00"', ['products[0].cost', '12,00'], 'products[0].cost', 'must be a decimal string such as "1200.00", got "12,00"'],
  ['cost "1e3"', ['products[0].cost', '1e3'], 'products[0].cost', 'exponents are not accepted: write "1000"'],
  ['cost "abc"', ['products[0].cost', 'abc'], 'products[0].cost', 'got "abc"'],
  ['floorPrice 1.5 as a float', ['products[0].floorPrice', 1.5], 'products[0].floorPrice', 'the number 1.5 is not a safe integer, write it as "1.5"'],
  ['floorPrice negative', ['products[0].floorPrice', '-5'], 'products[0].floorPrice', 'must not be negative, got "-5"'],
  ['unknown product field (typo)', ['products[0].prise', '1'], 'products[0].prise', 'unknown field "prise"; did you mean "price"?', 'warning'],
  // Quantity and term
  ['qty step zero', ['products[0].qty.step', '0'], 'products[0].qty.step', 'must be greater than 0'],
  ['qty min negative', ['products[0].qty.min', '-1'], 'products[0].qty.min', 'must not be negative'],
  ['qty default above max', ['products[0].qty.default', '200000'], 'products[0].qty.default', 'must be at most max (100000), got "200000"'],
  ['qty max below min', (c) => Object.assign(c.products[0].qty, { min: '10', max: '5', default: '10' }), 'products[0].qty.max', 'must not be less than min (10), got "5"'],
  ['qty default off the step', (c) => Object.assign(c.products[0].qty, { step: '5', default: '10' }), 'products[0].qty.default', 'must be min (1) plus a multiple of step (5)'],
  ['qty not an object', ['products[0].qty', '10'], 'products[0].qty', 'must be an object (a quantity range'],
  ['term unit unknown', ['products[0].term.unit', 'week'], 'products[0].term.unit', 'must be one of "month", "year" or "day", got "week"'],
  ['term unit missing', ['products[0].term.unit', DELETE], 'products[0].term.unit', 'is required'],
  ['term min zero', ['products[0].term.min', '0'], 'products[0].term.min', 'must be greater than 0'],
  ['term default above max', ['products[0].term.default', '72'], 'products[0].term.default', 'must be at most max (60)'],
  // Price models
  ['price missing', ['products[0].price', DELETE], 'products[0].price', 'is required: a price model'],
  ['price model unknown', ['products[0].price.model', 'fixed'], 'products[0].price.model', 'must be one of "flat", "tiered", "volume", "block", "percentOf" or "costPlus"'],
  ['price model typo', ['products[0].price.model', 'flt'], 'products[0].price.model', 'did you mean "flat"?'],
  ['price an array', ['products[0].price', []], 'products[0].price', 'must be a price model object'],
  ['flat list missing', ['products[0].price.list', DELETE], 'products[0].price.list', 'is required'],
  ['flat list negative', ['products[0].price.list', '-1'], 'products[0].price.list', 'must not be negative'],
  ['extra field in a price model', ['products[0].price.lsit', '1'], 'products[0].price.lsit', 'unknown field "lsit" in a flat price model; did you mean "list"?'],
  ['tiers out of order', ['products[1].price.tiers[1].upTo', '40'], 'products[1].price.tiers[1].upTo', 'must be greater than the previous tier\'s upTo (50), got "40"'],
  ['tier upTo equal to the previous', ['products[1].price.tiers[1].upTo', '50'], 'products[1].price.tiers[1].upTo', 'must be greater than the previous tier\'s upTo (50)'],
  ['missing open-ended last tier', ['products[1].price.tiers[2].upTo', '500'], 'products[1].price.tiers[2].upTo', 'the last tier must be open-ended'],
  ['last tier upTo absent', ['products[2].price.tiers[1].upTo', DELETE], 'products[2].price.tiers[1].upTo', 'write "upTo": null'],
  ['null upTo in the middle', ['products[1].price.tiers[1].upTo', null], 'products[1].price.tiers[1].upTo', 'only the last tier may be open-ended'],
  ['tiers empty', ['products[1].price.tiers', []], 'products[1].price.tiers', 'at least one tier'],
  ['tiers missing', ['products[2].price.tiers', DELETE], 'products[2].price.tiers', 'is required'],
  ['tier unit negative', ['products[2].price.tiers[0].unit', '-50'], 'products[2].price.tiers[0].unit', 'must not be negative'],
  ['tier flat not a decimal', ['products[1].price.tiers[1].flat', 'ten'], 'products[1].price.tiers[1].flat', 'must be a decimal string'],
  ['tier upTo zero', ['products[1].price.tiers[0].upTo', '0'], 'products[1].price.tiers[0].upTo', 'must be greater than 0'],
  ['extra field in a tier', ['products[1].price.tiers[0].price', '1'], 'products[1].price.tiers[0].price', 'unknown field "price" in a tier'],
  ['blocks out of order', ['products[3].price.blocks[1].upTo', '5'], 'products[3].price.blocks[1].upTo', 'must be greater than the previous block\'s upTo (10), got "5"'],
  ['block upTo null', ['products[3].price.blocks[1].upTo', null], 'products[3].price.blocks[1].upTo', 'blocks have no open end'],
  ['block price missing', ['products[3].price.blocks[0].price', DELETE], 'products[3].price.blocks[0].price', 'is required'],
  ['blocks empty', ['products[3].price.blocks', []], 'products[3].price.blocks', 'at least one block'],
  ['percentOf unknown SKU', ['products[4].price.of.skus[1]', 'NOPE'], 'products[4].price.of.skus[1]', 'unknown SKU "NOPE"'],
  ['percentOf SKU differing in case', ['products[4].price.of.skus[1]', 'addon-cpq'], 'products[4].price.of.skus[1]', 'did you mean "ADDON-CPQ"?'],
  ['percentOf chained', ['products[5].price', { model: 'percentOf', percent: '5', of: { skus: ['SUPPORT'] } }], 'products[5].price.of.skus[0]', 'chained percent-of is not supported'],
  ['percentOf of itself', ['products[4].price.of.skus[0]', 'SUPPORT'], 'products[4].price.of.skus[0]', 'cannot be a percentage of its own SKU'],
  ['percentOf skus empty', ['products[4].price.of.skus', []], 'products[4].price.of.skus', 'must not be empty'],
  ['percentOf of neither skus nor parent', ['products[4].price.of', {}], 'products[4].price.of', 'exactly one of "skus" or "parent"'],
  ['percentOf of both', ['products[4].price.of.parent', true], 'products[4].price.of', 'got both'],
  ['percentOf parent false', ['products[0].features[0].options[1].price.of.parent', false], 'products[0].features[0].options[1].price.of.parent', 'must be true'],
  ['percentOf parent on a plain product', ['products[3].price', { model: 'percentOf', percent: '5', of: { parent: true } }], 'products[3].price.of.parent', 'not an option of any bundle', 'warning'],
  ['percentOf percent negative', ['products[4].price.percent', '-15'], 'products[4].price.percent', 'must not be negative'],
  ['costPlus without cost', ['products[5].cost', DELETE], 'products[5].price', 'needs a cost, but product "HARDWARE" has no "cost"'],
  ['costPlus markup below -100', ['products[5].price.markup', '-150'], 'products[5].price.markup', 'must be at least -100'],
  ['costPlus in a book for a product without cost', ['priceBooks[0].entries[1].sku', 'STORAGE'], 'priceBooks[0].entries[1].price', 'product "STORAGE" has no "cost"'],
  // Attributes
  ['duplicate attribute id', (c) => c.products[0].attributes.push({ id: 'deploy', values: [{ id: 'x' }] }), 'products[0].attributes[1].id', 'duplicate attribute id "deploy": products[0].attributes[0] already has it'],
  ['attribute values empty', ['products[0].attributes[0].values', []], 'products[0].attributes[0].values', 'must not be empty'],
  ['duplicate attribute value', ['products[0].attributes[0].values[1].id', 'cloud'], 'products[0].attributes[0].values[1].id', 'duplicate value id "cloud"'],
  ['attribute default names no value', ['products[0].attributes[0].default', 'hybrid'], 'products[0].attributes[0].default', 'must name one of the attribute\'s values ("cloud", "onprem"), got "hybrid"'],
  ['priceDelta not a decimal', ['products[0].attributes[0].values[1].priceDelta', '+200'], 'products[0].attributes[0].values[1].priceDelta', 'leave out the "+" sign'],
  ['attribute required not boolean', ['products[0].attributes[0].required', 'yes'], 'products[0].attributes[0].required', 'must be true or false, got "yes"'],
  // Features and options
  ['duplicate feature id', (c) => c.products[0].features.push({ id: 'modules', options: [] }), 'products[0].features[1].id', 'duplicate feature id "modules"'],
  ['feature min as a string', ['products[0].features[0].min', '1'], 'products[0].features[0].min', 'must be a whole number such as 2, got "1"'],
  ['feature max negative', ['products[0].features[0].max', -1], 'products[0].features[0].max', 'must not be negative'],
  ['feature min above max', (c) => Object.assign(c.products[0].features[0], { min: 3, max: 1 }), 'products[0].features[0].max', 'must not be less than min (3), got 1'],
  ['feature min above the option count', (c) => Object.assign(c.products[0].features[0], { min: 4, max: 4 }), 'products[0].features[0].min', 'only 3 options'],
  ['feature max above the option count', ['products[0].features[0].max', 5], 'products[0].features[0].max', 'only 3 options', 'warning'],
  ['required options above max', (c) => {
    c.products[0].features[0].max = 1;
    for (const o of c.products[0].features[0].options) o.required = true;
  }, 'products[0].features[0].max', '3 options of this feature are required'],
  ['feature options missing', ['products[0].features[0].options', DELETE], 'products[0].features[0].options', 'is required'],
  ['unknown option SKU', ['products[0].features[0].options[0].sku', 'ADDON-XYZ'], 'products[0].features[0].options[0].sku', 'unknown SKU "ADDON-XYZ"'],
  ['option is the bundle itself', ['products[0].features[0].options[0].sku', 'CRM-PRO'], 'products[0].features[0].options[0].sku', 'cannot be its own option'],
  ['duplicate option in a feature', ['products[0].features[0].options[1].sku', 'ADDON-CPQ'], 'products[0].features[0].options[1].sku', 'duplicate option "ADDON-CPQ": products[0].features[0].options[0] already has it'],
  ['same option in two features', (c) => c.products[0].features.push({ id: 'more', options: [{ sku: 'SUPPORT' }] }), 'products[0].features[1].options[0].sku', 'already in products[0].features[0]'],
  ['option qtyPer unknown', ['products[0].features[0].options[0].qtyPer', 'each'], 'products[0].features[0].options[0].qtyPer', 'must be one of "parent" or "fixed"'],
  ['option included not boolean', ['products[0].features[0].options[2].included', 'yes'], 'products[0].features[0].options[2].included', 'must be true or false'],
  ['option default not boolean', ['products[0].features[0].options[0].default', 1], 'products[0].features[0].options[0].default', 'must be true or false, got 1'],
  ['option qty default above max', ['products[0].features[0].options[0].qty.default', '2'], 'products[0].features[0].options[0].qty.default', 'must be at most max (1)'],
  ['option price override invalid', ['products[0].features[0].options[1].price.percent', 'ten'], 'products[0].features[0].options[1].price.percent', 'must be a decimal string'],
  // Configuration rules
  ['duplicate rule id', ['rules[2].id', 'sso-needs-cpq'], 'rules[2].id', 'duplicate rule id "sso-needs-cpq": rules[0] already has it'],
  ['rule kind typo', ['rules[0].kind', 'require'], 'rules[0].kind', 'did you mean "requires"?'],
  ['rule kind missing', ['rules[0].kind', DELETE], 'rules[0].kind', 'is required'],
  ['unknown SKU in rule targets', ['rules[0].targets[0]', 'ADDON-NOPE'], 'rules[0].targets[0]', 'unknown SKU "ADDON-NOPE"'],
  ['targets missing on requires', ['rules[0].targets', DELETE], 'rules[0].targets', 'is required'],
  ['targets empty', ['rules[2].targets', []], 'rules[2].targets', 'must not be empty'],
  ['unknown SKU in rule products', ['rules[0].products[0]', 'CRM-BASIC'], 'rules[0].products[0]', 'unknown SKU "CRM-BASIC"'],
  ['rule severity unknown', ['rules[1].severity', 'fatal'], 'rules[1].severity', 'must be one of "error" or "warning"'],
  ['setQty without qty', ['rules[2].qty', DELETE], 'rules[2].qty', 'is required'],
  ['setQty qty malformed', ['rules[2].qty', { var: 'qty', cat: [] }], 'rules[2].qty', 'exactly one operator'],
  ['JsonLogic unknown operator', ['rules[0].when', { regex: ['a', 'b'] }], 'rules[0].when', 'uses the unknown JsonLogic operator "regex"'],
  ['JsonLogic with two keys', ['rules[1].when', { '>': [1, 0], '<': [0, 1] }], 'rules[1].when', 'exactly one operator, found 2 keys'],
  ['JsonLogic method', ['rules[1].when', { method: [{ var: 'sku' }, 'toString'] }], 'rules[1].when', 'unknown JsonLogic operator "method"'],
  ['JsonLogic when null', ['rules[1].when', null], 'rules[1].when', 'got null'],
  ['unknown SKU in a selected.<SKU> var', ['rules[0].when', { '!!': { var: 'selected.ADDON-SOS' } }], 'rules[0].when', 'unknown SKU in rule: "selected.ADDON-SOS"'],
  ['unknown SKU in a missing list', ['rules[0].when', { missing: ['selected.NOPE'] }], 'rules[0].when', 'unknown SKU in rule'],
  // Every name the expression reads: a var's default, a missing list given as one array, missing_some's names, a reduce's initial value.
  ['unknown SKU in a var\'s default', ['rules[0].when', { var: ['qty', { var: 'selected.DEF-NOPE' }] }], 'rules[0].when', 'unknown SKU in rule: "selected.DEF-NOPE"'],
  ['unknown SKU in a missing list of one array', ['rules[0].when', { missing: [['selected.ARR-NOPE']] }], 'rules[0].when', 'unknown SKU in rule: "selected.ARR-NOPE"'],
  ['unknown SKU in missing_some', ['rules[0].when', { missing_some: [1, ['selected.SOME-NOPE']] }], 'rules[0].when', 'unknown SKU in rule: "selected.SOME-NOPE"'],
  ['unknown SKU in a reduce\'s initial value', ['rules[0].when', { reduce: [[1], { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'selected.RED-NOPE' }] }], 'rules[0].when', 'unknown SKU in rule: "selected.RED-NOPE"'],
  ['unknown SKU in a setQty qty', ['rules[2].qty', { '+': [1, { var: 'selected.QTY-NOPE' }] }], 'rules[2].qty', 'unknown SKU in rule: "selected.QTY-NOPE"'],
  ['rule message not text', ['rules[0].message', { en: 1 }], 'rules[0].message.en', 'must be a string'],
  ['validate rule without message', ['rules[1].message', DELETE], 'rules[1].message', 'should have a message', 'warning'],
  ['qty on a rule that is not setQty', ['rules[0].qty', 1], 'rules[0].qty', 'only used by setQty rules', 'warning'],
  ['rules not a list', ['rules', {}], 'rules', 'must be a list'],
  // Price rules
  ['duplicate price rule id', ['priceRules[1].id', 'ent-volume'], 'priceRules[1].id', 'duplicate price rule id "ent-volume"'],
  ['price rule scope missing', ['priceRules[1].scope', DELETE], 'priceRules[1].scope', 'is required: one of "line" or "quote"'],
  ['appliesTo on a quote rule', ['priceRules[1].appliesTo', { skus: ['CRM-PRO'] }], 'priceRules[1].appliesTo', 'quote-scope rule'],
  ['unknown SKU in a price rule', ['priceRules[0].appliesTo.skus[0]', 'CRM-ENT'], 'priceRules[0].appliesTo.skus[0]', 'unknown SKU "CRM-ENT"'],
  ['appliesTo category no product has', ['priceRules[0].appliesTo.categories[0]', 'hardware'], 'priceRules[0].appliesTo.categories[0]', 'no product has the category "hardware"', 'warning'],
  ['appliesTo misspelt field', ['priceRules[0].appliesTo', { sku: ['CRM-PRO'] }], 'priceRules[0].appliesTo.sku', 'did you mean "skus"?'],
  ['appliesTo matching nothing', ['priceRules[0].appliesTo', { skus: [] }], 'priceRules[0].appliesTo', 'matches no line', 'warning'],
  ['validFrom after validTo', ['priceRules[0].validFrom', '2027-01-01'], 'priceRules[0].validTo', 'must not be before validFrom (2027-01-01)'],
  ['impossible date', ['priceRules[0].validFrom', '2026-02-30'], 'priceRules[0].validFrom', 'must be an ISO 8601 date'],
  ['date in local format', ['priceRules[0].validTo', '31/12/2026'], 'priceRules[0].validTo', 'got "31/12/2026"'],
  ['price rule when malformed', ['priceRules[0].when', { '>=': [1], '<=': [2] }], 'priceRules[0].when', 'exactly one operator'],
  ['discount over 100', ['priceRules[0].action.percentOff', '150'], 'priceRules[0].action.percentOff', 'must be at most 100'],
  ['setUnitPrice on a quote rule', ['priceRules[1].action', { setUnitPrice: '10' }], 'priceRules[1].action.setUnitPrice', 'only on a line-scope rule'],
  ['two actions', ['priceRules[0].action.amountOff', '5'], 'priceRules[0].action', 'exactly one of'],
  ['empty action', ['priceRules[0].action', {}], 'priceRules[0].action', 'must have one of'],
  ['action missing', ['priceRules[1].action', DELETE], 'priceRules[1].action', 'is required'],
  ['action misspelt', ['priceRules[0].action', { percentof: '10' }], 'priceRules[0].action.percentof', 'did you mean "percentOff"?'],
  ['amountOff negative', ['priceRules[1].action.amountOff', '-100'], 'priceRules[1].action.amountOff', 'must not be negative'],
  ['priority a float', ['priceRules[0].priority', 1.5], 'priceRules[0].priority', 'must be a whole number'],
  ['priority a string', ['priceRules[0].priority', '10'], 'priceRules[0].priority', 'write it without quotes'],
  ['stackable not boolean', ['priceRules[0].stackable', 'no'], 'priceRules[0].stackable', 'must be true or false'],
  // Price books
  ['duplicate price book id', (c) => c.priceBooks.push({ id: 'partner-gold', currency: 'CNY', entries: [] }), 'priceBooks[1].id', 'duplicate price book id "partner-gold"'],
  ['unknown price book currency', ['priceBooks[0].currency', 'RMB'], 'priceBooks[0].currency', 'must be a known ISO 4217 currency code'],
  ['price book currency missing', ['priceBooks[0].currency', DELETE], 'priceBooks[0].currency', 'is required'],
  ['unknown SKU in a price book', ['priceBooks[0].entries[0].sku', 'CRM-LITE'], 'priceBooks[0].entries[0].sku', 'unknown SKU "CRM-LITE"'],
  ['duplicate SKU in a price book', ['priceBooks[0].entries[1].sku', 'CRM-PRO'], 'priceBooks[0].entries[1].sku', 'duplicate SKU "CRM-PRO" in this price book'],
  ['price book entry model invalid', ['priceBooks[0].entries[0].price', { model: 'flat' }], 'priceBooks[0].entries[0].price.list', 'is required'],
  ['price book entries missing', ['priceBooks[0].entries', DELETE], 'priceBooks[0].entries', 'is required'],
  ['fallback in another currency', ['priceBooks[0].currency', 'USD'], 'priceBooks[0].fallback', 'has no effect', 'warning'],
  ['fallback not boolean', ['priceBooks[0].fallback', 'true'], 'priceBooks[0].fallback', 'must be true or false'],
  // Approval rules
  ['approval rule without when', ['approvalRules[0].when', DELETE], 'approvalRules[0].when', 'is required: a JsonLogic condition'],
  ['approval level empty', ['approvalRules[0].level', ''], 'approvalRules[0].level', 'must not be an empty string'],
  ['duplicate approval rule id', (c) => c.approvalRules.push({ id: 'disc-15', level: 'vp', when: true }), 'approvalRules[1].id', 'duplicate approval rule id "disc-15"'],
  ['approval when with log', ['approvalRules[0].when', { log: 'x' }], 'approvalRules[0].when', 'unknown JsonLogic operator "log"'],
  // Depth
  ['JsonLogic nested 10,000 deep', ['rules[1].when', deepNot], 'rules[1].when', 'nested deeper than 64 levels'],
  ['JsonLogic nested 10,000 deep in a price rule', ['priceRules[0].when', deepNot], 'priceRules[0].when', 'nested deeper'],
  ['JsonLogic nested 10,000 deep in setQty', ['rules[2].qty', deepNot], 'rules[2].qty', 'nested deeper'],
];

describe('validateCatalog: the valid base catalog', () => {
  it('is ok with no errors and no warnings', () => {
    const r = validateCatalog(catalogMin());
    assert.deepEqual(r, { ok: true, errors: [] }, show(r));
  });

  const variants: [string, Mutation][] = [
    ['negative priceDelta', ['products[0].attributes[0].values[1].priceDelta', '-50.00']],
    ['safe-integer numbers for decimals', (c) => Object.assign(c.products[0], { cost: 300, floorPrice: 800, price: { model: 'flat', list: 1200 } })],
    ['zero tax rate', ['taxes[1].rate', '0']],
    ['date-times in the rule window', (c) => Object.assign(c.priceRules[0], { validFrom: '2026-11-01T00:00:00Z', validTo: '2026-11-01T23:59:59+08:00' })],
    ['negative priority', ['priceRules[0].priority', -5]],
    ['markup of -100', ['products[5].price.markup', '-100']],
    ['a single open-ended tier', ['products[2].price.tiers', [{ upTo: null, unit: '40' }]]],
    ['host fields with x- and $ prefixes', (c) => Object.assign(c.products[0], { 'x-erp-id': 42, $comment: 'ours' })],
    ['percentOf parent on a product that is a bundle option', ['products[2].price', { model: 'percentOf', percent: '5', of: { parent: true } }]],
    ['a validate rule without targets or when', ['rules[1]', { id: 'always', kind: 'validate', message: 'Check' }]],
    ['SKUs "constructor", "__proto__" and "toString"', (c) => {
      for (const sku of ['constructor', '__proto__', 'toString']) c.products.push({ sku, name: sku, price: { model: 'flat', list: '1' } });
      c.rules[0].targets.push('constructor', '__proto__');
      c.priceRules[0].appliesTo.skus.push('toString');
      c.priceBooks[0].entries.push({ sku: '__proto__', price: { model: 'flat', list: '2' } });
      c.rules[0].when = { and: [{ var: 'selected.constructor' }, { var: 'selected.__proto__' }] };
    }],
    ['a JsonLogic literal as a condition', ['approvalRules[0].when', true]],
    ['an empty catalog of products with no default tax', (c) => Object.assign(c, { products: [], defaultTaxCode: undefined, rules: [], priceRules: [], priceBooks: [] })],
  ];
  for (const [name, m] of variants) {
    it(`stays valid with ${name}`, () => {
      const c = mutated(m);
      if (c.defaultTaxCode === undefined) delete c.defaultTaxCode;
      const r = validateCatalog(c);
      assert.deepEqual(r, { ok: true, errors: [] }, show(r));
    });
  }
});

describe('validateCatalog: one broken field at a time', () => {
  assert.ok(CASES.length >= 50);
  for (const [name, m, path, message, severity] of CASES) {
    it(name, () => {
      const r = validateCatalog(mutated(m));
      checkShape(r);
      const hit = r.errors.find((e) => e.path === path && e.message.includes(message));
      assert.ok(hit, `expected ${path}: …${message}…, got\n${show(r)}`);
      assert.equal(hit.severity ?? 'error', severity ?? 'error');
      assert.equal(r.ok, severity === 'warning', show(r));
      if (path !== '') assert.ok(!hit.message.startsWith(path), `the message repeats the path: ${hit.message}`);
    });
  }
});

describe('validateCatalog: untrusted input', () => {
  for (const input of [null, 42, 'x', [], true, undefined]) {
    it(`gives one root error for ${JSON.stringify(input) ?? 'undefined'}`, () => {
      const r = validateCatalog(input);
      assert.equal(r.ok, false);
      assert.equal(r.errors.length, 1);
      assert.equal(r.errors[0]!.path, '');
      assert.match(r.errors[0]!.message, /must be a JSON object/);
    });
  }

  it('ignores "__proto__" and "constructor" keys and pollutes nothing', () => {
    const text = JSON.stringify(catalogMin());
    const polluted = JSON.parse(
      text
        .replace(/^\{/, '{"__proto__": {"polluted": true, "products": []}, "constructor": {"prototype": {"polluted": true}},')
        .replace('"sku":"CRM-PRO",', '"sku":"CRM-PRO","__proto__":{"price":null,"polluted":true},"constructor":{"name":1},'),
    );
    assert.ok(Object.prototype.hasOwnProperty.call(polluted, '__proto__'));
    const r = validateCatalog(polluted);
    assert.deepEqual(r, validateCatalog(catalogMin()));
    assert.equal(({} as Any).polluted, undefined);
    assert.equal((Object.prototype as Any).polluted, undefined);
  });

  it('reads only own properties: inherited fields do not count', () => {
    const proto = catalogMin();
    const r = validateCatalog(Object.create(proto));
    assert.equal(r.ok, false);
    for (const path of ['id', 'currency', 'taxes', 'products']) {
      assert.ok(r.errors.some((e) => e.path === path && e.message.includes('is required')), `${path}\n${show(r)}`);
    }
    const viaProto = JSON.parse('{"__proto__": {"id": "x", "currency": "CNY", "taxes": [], "products": []}}');
    assert.equal(validateCatalog(viaProto).errors.filter((e) => e.message.includes('is required')).length, 4);
  });

  it('handles a JSON-parsed "__proto__" as a SKU, tax code and id', () => {
    const c = catalogMin();
    c.taxes.push({ code: '__proto__', rate: '1' });
    c.products.push({ sku: '__proto__', name: 'p', taxCode: '__proto__', price: { model: 'flat', list: '1' } });
    c.rules.push({ id: '__proto__', kind: 'hide', targets: ['__proto__'] });
    const r = validateCatalog(JSON.parse(JSON.stringify(c)));
    assert.deepEqual(r, { ok: true, errors: [] }, show(r));
  });

  it('never throws on deep nesting outside JsonLogic', () => {
    let deepObj: unknown = 'x';
    let deepArr: unknown = 'x';
    for (let i = 0; i < 10_000; i++) {
      deepObj = { en: deepObj };
      deepArr = [deepArr];
    }
    const c = catalogMin();
    c.products[0].name = deepObj;
    c.rules[0].targets = deepArr;
    c.products[0].price = { model: 'tiered', tiers: deepArr };
    c['x-host'] = deepObj;
    const r = validateCatalog(c);
    checkShape(r);
    assert.ok(r.errors.some((e) => e.path === 'products[0].name.en'), show(r));
    assert.ok(r.errors.some((e) => e.path === 'rules[0].targets[0]'), show(r));
  });

  it('caps the list at 1,000 entries plus one that counts the rest', () => {
    const c = catalogMin();
    for (let i = 0; i < 5000; i++) c.products.push({ sku: `BAD-${i}`, name: 'x', cost: 'abc', price: { model: 'flat', list: '1' } });
    const r = validateCatalog(c);
    assert.equal(r.ok, false);
    assert.equal(r.errors.length, 1001);
    const last = r.errors[1000]!;
    assert.equal(last.path, '');
    assert.match(last.message, /4000 more problems were found but not listed \(4000 errors and 0 warnings\)/);
  });
});

/** A valid catalog of `n` products and about `n × 520` bytes of JSON. */
function bigCatalog(n: number): Any {
  const c = catalogMin();
  const padding = 'A configurable subscription product with a long description. '.repeat(3);
  for (let i = 0; i < n; i++) {
    c.products.push({
      sku: `SKU-${i}`,
      name: { 'zh-CN': `产品 ${i}`, en: `Product ${i}` },
      description: padding,
      category: i % 2 ? 'license' : 'addon',
      qty: { min: '1', max: '1000', step: '1', default: '1' },
      price: { model: 'tiered', tiers: [{ upTo: '10', unit: '10.00' }, { upTo: '100', unit: '9.00' }, { upTo: null, unit: '8.00' }] },
      attributes: [{ id: 'size', default: 's', values: [{ id: 's' }, { id: 'l', priceDelta: '1.50' }] }],
    });
  }
  c.priceBooks[0].entries.push(...Array.from({ length: n }, (_, i) => ({ sku: `SKU-${i}`, price: { model: 'flat', list: '7.00' } })));
  c.priceRules[0].appliesTo.skus.push(...Array.from({ length: n }, (_, i) => `SKU-${i}`));
  return c;
}

describe('validateCatalog: size', () => {
  it('validates a 10 MB catalog of 20,000 products', (t) => {
    const c = bigCatalog(20_000);
    const size = JSON.stringify(c).length;
    assert.ok(size >= 10_000_000, `only ${size} bytes`);
    const started = performance.now();
    const r = validateCatalog(c);
    const ms = performance.now() - started;
    assert.deepEqual(r, { ok: true, errors: [] }, show(r));
    t.diagnostic(`${(size / 1e6).toFixed(1)} MB catalog, 20,000 products: ${ms.toFixed(0)} ms`);
  });

  it('reports a broken 10 MB catalog without slowing down', () => {
    const c = bigCatalog(20_000);
    for (const p of c.products.slice(6)) p.price.tiers[1].upTo = '5';
    const r = validateCatalog(c);
    assert.equal(r.ok, false);
    assert.equal(r.errors.length, 1001);
    assert.match(r.errors[1000]!.message, /^19000 more problems/);
  });
});

/** Every path of a JSON value (objects and arrays included), for the mutation property. */
function allPaths(value: unknown): string[] {
  const out: string[] = [];
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (path !== '') out.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${path}[${i}]`]));
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) stack.push([x, path === '' ? k : `${path}.${k}`]);
    }
  }
  return out;
}

describe('validateCatalog: properties', () => {
  it('never throws on arbitrary JSON and answers in the contract shape', () => {
    fc.assert(fc.property(fc.jsonValue(), (json) => checkShape(validateCatalog(json))), { numRuns: 1000 });
  });

  it('never throws on arbitrary JS values (null prototypes, bigint, sparse arrays)', () => {
    const anything = fc.anything({ withNullPrototype: true, withBigInt: true, withSparseArray: true, withBoxedValues: true, withMap: true, withSet: true });
    fc.assert(fc.property(anything, (v) => checkShape(validateCatalog(v))), { numRuns: 1000 });
  });

  const paths = allPaths(catalogMin());
  it('never throws when one field of the valid catalog is replaced by arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const c = catalogMin();
        setPath(c, path, value);
        const r = validateCatalog(c);
        checkShape(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic and does not mutate its input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const c = catalogMin();
        setPath(c, path, value);
        const before = JSON.stringify(c);
        const a: ValidationError[] = validateCatalog(c).errors;
        assert.equal(JSON.stringify(c), before);
        assert.deepEqual(validateCatalog(JSON.parse(before)).errors, a);
      }),
      { numRuns: 300 },
    );
  });
});
