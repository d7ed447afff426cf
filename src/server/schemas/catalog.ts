/**
 * Response schema of the catalog a customer may download: what `catalogForCustomer`
 * (src/quote/redact.ts) returns, i.e. the `Catalog` of src/types.ts without costs, floor prices,
 * approval rules and price rules.
 *
 * Fastify serializes responses with fast-json-stringify, which writes only what the schema
 * declares, so this schema is also the last guard: it declares none of `cost`, `floorPrice`,
 * `approvalRules`, `priceRules`, and even a seller's full catalog sent through it comes out
 * without them. Two more things are left out on purpose, although `catalogForCustomer` keeps them:
 * - `pricing.floorApprovalLevel`, the seller's approval policy (it only matters with floor prices);
 * - the `markup` of a `costPlus` price model: with the list price a customer sees, it gives the
 *   cost away (cost = list ÷ (1 + markup %)). No element reads it (the product picker shows no
 *   price for costPlus), and without `cost` the model cannot be priced from this copy anyway.
 * Keys the validator ignores (`x-…`, `$…`: the host's own) are not written either.
 *
 * Every other field the catalog validator (src/rules/validate) knows is declared, with the types
 * it accepts: decimals as decimal strings or safe integers, text as a string or an object by
 * language tag, JsonLogic as any JSON (written verbatim).
 */
import type { JsonSchema } from './quote-input.js';

/** A contract decimal as the catalog carries it: a decimal string, or a safe integer. */
const dec = (): JsonSchema => ({ type: ['string', 'integer'] });
const str = (): JsonSchema => ({ type: 'string' });
const bool = (): JsonSchema => ({ type: 'boolean' });
const int = (): JsonSchema => ({ type: 'integer' });
const strings = (): JsonSchema => ({ type: 'array', items: str() });

/** LocalizedText: a string, or an object from BCP 47 tag to string. */
const localized = (): JsonSchema => ({ type: ['string', 'object'], additionalProperties: str() });

/** JsonLogic: any JSON value, written as it is. */
const logic = (): JsonSchema => ({});

const object = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema =>
  required.length > 0 ? { type: 'object', required, properties } : { type: 'object', properties };

/** Every price model of the contract in one object (the `model` field says which fields apply). */
const priceModel = (): JsonSchema => object({
  model: { type: 'string', enum: ['flat', 'tiered', 'volume', 'block', 'percentOf', 'costPlus'] },
  // flat
  list: dec(),
  // tiered, volume
  tiers: { type: 'array', items: object({ upTo: { type: ['string', 'integer', 'null'] }, unit: dec(), flat: dec() }, ['upTo', 'unit']) },
  // block
  blocks: { type: 'array', items: object({ upTo: dec(), price: dec() }, ['upTo', 'price']) },
  // percentOf
  percent: dec(),
  of: object({ skus: strings(), parent: bool() }),
  // costPlus: `markup` is left out on purpose (see above).
}, ['model']);

const qtyRange = (): JsonSchema => object({ min: dec(), max: dec(), step: dec(), default: dec() });

/** Subscription settings as a customer sees them: how changes are prorated and whether decreases wait for the renewal (the renewal uplift is the seller's). */
const subscriptionSettings = (): JsonSchema => object({
  proration: object({
    method: { type: 'string', enum: ['actual-days', '30-360', 'whole-months', 'whole-units', 'none'] },
    first: { type: 'string', enum: ['prorate', 'full', 'free'] },
    last: { type: 'string', enum: ['prorate', 'full', 'free'] },
  }, ['method']),
  decreases: { type: 'string', enum: ['allowed', 'at-renewal'] },
});

const product = (): JsonSchema => object({
  sku: str(),
  name: localized(),
  description: localized(),
  category: str(),
  unit: localized(),
  taxCode: str(),
  qty: qtyRange(),
  term: object({ unit: { type: 'string', enum: ['month', 'year', 'day'] }, min: dec(), max: dec(), default: dec() }, ['unit']),
  price: priceModel(),
  attributes: {
    type: 'array',
    items: object({
      id: str(),
      name: localized(),
      default: str(),
      required: bool(),
      values: { type: 'array', items: object({ id: str(), name: localized(), priceDelta: dec() }, ['id']) },
    }, ['id', 'values']),
  },
  features: {
    type: 'array',
    items: object({
      id: str(),
      name: localized(),
      min: int(),
      max: int(),
      options: {
        type: 'array',
        items: object({
          sku: str(),
          default: bool(),
          required: bool(),
          qtyPer: { type: 'string', enum: ['parent', 'fixed'] },
          qty: qtyRange(),
          included: bool(),
          price: priceModel(),
        }, ['sku']),
      },
    }, ['id', 'options']),
  },
  subscription: subscriptionSettings(),
}, ['sku', 'name', 'price']);

/** A configuration rule (`ConfigRule`). */
const configRule = (): JsonSchema => object({
  id: str(),
  kind: { type: 'string', enum: ['requires', 'excludes', 'validate', 'autoSelect', 'hide', 'setQty'] },
  products: strings(),
  when: logic(),
  targets: strings(),
  severity: { type: 'string', enum: ['error', 'warning'] },
  qty: logic(),
  message: localized(),
}, ['id', 'kind']);

const priceBook = (): JsonSchema => object({
  id: str(),
  name: localized(),
  currency: str(),
  fallback: bool(),
  entries: { type: 'array', items: object({ sku: str(), price: priceModel() }, ['sku', 'price']) },
}, ['id', 'currency', 'entries']);

/** The catalog a customer may download (see above for what it leaves out). */
export const CUSTOMER_CATALOG_SCHEMA: JsonSchema = object({
  id: str(),
  name: localized(),
  currency: str(),
  locale: str(),
  pricing: object({
    rounding: { type: 'string', enum: ['half-up', 'half-even'] },
    taxMode: { type: 'string', enum: ['exclusive', 'inclusive'] },
  }),
  taxes: { type: 'array', items: object({ code: str(), rate: dec(), name: localized() }, ['code', 'rate']) },
  defaultTaxCode: str(),
  products: { type: 'array', items: product() },
  rules: { type: 'array', items: configRule() },
  // The service narrows this to the books the customer may see.
  priceBooks: { type: 'array', items: priceBook() },
  // Display names of the product categories (an extension; approval levels are the seller's).
  categories: { type: 'array', items: object({ id: str(), name: localized() }, ['id']) },
  subscriptions: subscriptionSettings(),
}, ['id', 'currency', 'taxes', 'products']);
