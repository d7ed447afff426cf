/**
 * Response schemas of a priced quote (`PricedQuote` in src/types.ts, as `priceQuote` emits it).
 *
 * Fastify serializes responses with fast-json-stringify, which writes only what the schema
 * declares. That is what keeps a customer's copy clean: `CUSTOMER_PRICED_QUOTE_SCHEMA` declares
 * no cost, margin or margin percent anywhere, writes `approvals` as `[]` whatever it is given,
 * writes a `below-floor` issue without its message (which names the floor price), and drops
 * those keys from the host's customer and opportunity records. So even a seller's
 * priced quote sent through it by mistake leaks none of them. Both schemas are complete for
 * everything `priceQuote` and `pricedForCustomer` emit (test/server-schemas.test.ts).
 *
 * Every amount, quantity, rate and percent is a decimal string. Each exported schema is a deep,
 * unshared copy (a framework may annotate the objects it is given).
 */
import type { JsonSchema } from './quote-input.js';

/** Keys a customer never sees, wherever they are. */
export const SELLER_ONLY_KEYS = ['cost', 'margin', 'marginPercent', 'costedMargin', 'floorPrice', 'approvalRules', 'priceRules'] as const;

const str = (): JsonSchema => ({ type: 'string' });
/** A decimal string (money, quantity, rate or percent). */
const dec = (): JsonSchema => ({ type: 'string' });
const bool = (): JsonSchema => ({ type: 'boolean' });

const WATERFALL_STEP: JsonSchema = {
  type: 'object',
  required: ['step', 'label', 'amount'],
  properties: {
    step: { type: 'string', enum: ['base', 'attribute', 'price-rule', 'discount', 'contracted', 'term', 'round', 'credit', 'quote-rule', 'quote-discount', 'tax'] },
    label: str(),
    amount: dec(),
    ruleId: str(),
    attributeId: str(),
  },
};

const ADJUSTMENT: JsonSchema = {
  type: 'object',
  required: ['kind', 'label', 'amount'],
  properties: {
    kind: { type: 'string', enum: ['quote-rule', 'quote-discount'] },
    ruleId: str(),
    label: str(),
    amount: dec(),
  },
};

const TAX_SUMMARY: JsonSchema = {
  type: 'object',
  required: ['code', 'rate', 'base', 'amount'],
  properties: { code: str(), rate: dec(), name: str(), base: dec(), amount: dec() },
};

const APPROVAL: JsonSchema = {
  type: 'object',
  required: ['ruleId', 'level', 'message'],
  properties: { ruleId: str(), level: str(), message: str(), lineId: str() },
};

const ISSUE_FIELDS: Record<string, JsonSchema> = {
  severity: { type: 'string', enum: ['error', 'warning'] },
  code: str(),
  message: str(),
  lineId: str(),
  path: str(),
  ruleIds: { type: 'array', items: str() },
};

const ISSUE: JsonSchema = { type: 'object', required: ['severity', 'code', 'message'], properties: ISSUE_FIELDS };

/** Issue codes whose message reveals internal figures (as in src/quote/redact.ts). */
const INTERNAL_ISSUE_CODES = ['below-floor'];

/**
 * A customer's issue: `pricedForCustomer` leaves `below-floor` issues out; should one come
 * through anyway, it is written without its message (which names the floor price).
 */
const CUSTOMER_ISSUE: JsonSchema = {
  type: 'object',
  required: ['severity', 'code'],
  properties: { severity: ISSUE_FIELDS.severity, code: str() },
  if: { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: INTERNAL_ISSUE_CODES } } },
  then: { type: 'object', properties: { lineId: str() } },
  else: {
    type: 'object',
    required: ['message'],
    properties: { message: str(), lineId: str(), path: str(), ruleIds: ISSUE_FIELDS.ruleIds },
  },
};

/** A partial piece of a prorated period. */
const PRORATION_PIECE: JsonSchema = {
  type: 'object',
  properties: { start: { type: 'string' }, end: { type: 'string' }, days: { type: 'integer' }, of: { type: 'integer' }, counted: { type: 'string' } },
};

/** Line fields everyone sees. */
const LINE_FIELDS: Record<string, JsonSchema> = {
  id: str(),
  parentId: { type: ['string', 'null'] },
  sku: str(),
  name: str(),
  category: str(),
  unit: str(),
  qty: dec(),
  term: dec(),
  attributes: { type: 'object', additionalProperties: str() },
  listUnitPrice: dec(),
  netUnitPrice: dec(),
  listAmount: dec(),
  netAmount: dec(),
  taxCode: str(),
  taxRate: dec(),
  tax: dec(),
  total: dec(),
  discountPercent: dec(),
  optional: bool(),
  group: str(),
  included: bool(),
  auto: bool(),
  priceRule: str(),
  /** The quote line's own description (issue 14). */
  description: str(),
  /** The manual discount as the seller entered it (one of the three kinds). */
  discount: { type: 'object', properties: { percent: dec(), amount: dec(), unitPrice: dec() } },
  waterfall: { type: 'array', items: WATERFALL_STEP },
  // Subscriptions (issue 16): how a service period was counted, and what the line is to its contract.
  proration: {
    type: 'object',
    properties: {
      start: str(), end: str(), anchor: str(), method: str(), factor: str(), label: str(), whole: { type: 'integer' },
      first: PRORATION_PIECE, last: PRORATION_PIECE,
    },
  },
  locked: bool(),
  credit: bool(),
  subscriptionId: str(),
  repriced: bool(),
};
const LINE_REQUIRED = [
  'id', 'parentId', 'sku', 'name', 'qty', 'listUnitPrice', 'netUnitPrice', 'listAmount', 'netAmount',
  'taxCode', 'taxRate', 'tax', 'total', 'discountPercent', 'optional', 'waterfall',
];

const TOTALS_FIELDS: Record<string, JsonSchema> = {
  list: dec(),
  discount: dec(),
  net: dec(),
  tax: dec(),
  total: dec(),
  taxes: { type: 'array', items: TAX_SUMMARY },
  discountPercent: dec(),
};
const TOTALS_REQUIRED = ['list', 'discount', 'net', 'tax', 'total', 'taxes', 'discountPercent'];

/** Cost and margin: the seller's view only. */
const COST_FIELDS: Record<string, JsonSchema> = { cost: dec(), margin: dec(), marginPercent: dec() };
/** The margin over the lines that have a cost (some do not): the seller's view only. */
const COSTED_MARGIN: JsonSchema = {
  type: 'object',
  properties: { net: dec(), cost: dec(), margin: dec(), marginPercent: dec(), uncosted: { type: 'array', items: str() } },
};

const QUOTE_FIELDS: Record<string, JsonSchema> = {
  quoteId: str(),
  version: { type: 'integer' },
  currency: str(),
  locale: str(),
  date: str(),
  validUntil: str(),
  priceBook: str(),
  taxMode: { type: 'string', enum: ['exclusive', 'inclusive'] },
  rounding: { type: 'string', enum: ['half-up', 'half-even'] },
  /** The document's words (issue 14): everyone sees them. */
  paymentTerms: { type: 'object', properties: { code: str(), days: { type: 'integer' }, text: str() } },
  notes: str(),
  terms: str(),
  /** Section and note lines, each after the top-level line it follows (null: before the first). */
  textLines: {
    type: 'array',
    items: {
      type: 'object', required: ['id', 'kind', 'text', 'after'],
      properties: { id: str(), kind: { type: 'string', enum: ['section', 'note'] }, text: str(), after: { type: ['string', 'null'] }, group: str() },
    },
  },
  kind: { type: 'string', enum: ['amendment', 'renewal'] },
  contract: { type: 'object', properties: { id: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, version: { type: 'integer' }, effective: { type: 'string' } } },
};
const QUOTE_REQUIRED = [
  'quoteId', 'version', 'currency', 'locale', 'date', 'taxMode', 'rounding',
  'lines', 'adjustments', 'totals', 'approvals', 'issues', 'orderable',
];

/** The host's customer / opportunity record as the seller sent it. */
const HOST_RECORD: JsonSchema = { type: 'object', additionalProperties: true };

/** The full priced quote, as a seller (and the service's own storage) sees it. */
export const PRICED_QUOTE_SCHEMA: JsonSchema = structuredClone({
  type: 'object',
  required: QUOTE_REQUIRED,
  properties: {
    ...QUOTE_FIELDS,
    customer: HOST_RECORD,
    opportunity: HOST_RECORD,
    lines: {
      type: 'array',
      items: { type: 'object', required: LINE_REQUIRED, properties: { ...LINE_FIELDS, ...COST_FIELDS } },
    },
    adjustments: { type: 'array', items: ADJUSTMENT },
    totals: { type: 'object', required: TOTALS_REQUIRED, properties: { ...TOTALS_FIELDS, ...COST_FIELDS, costedMargin: COSTED_MARGIN } },
    approvals: { type: 'array', items: APPROVAL },
    issues: { type: 'array', items: ISSUE },
    orderable: bool(),
  },
});

/** An object key that is none of SELLER_ONLY_KEYS. */
const NOT_SELLER_ONLY = `^(?!(${SELLER_ONLY_KEYS.join('|')})$)`;

/**
 * How many levels of objects and arrays the customer's copy writes of the host's records, the
 * record itself included (the request schema allows 2). The schema is inlined, and
 * fast-json-stringify's code for it doubles with every level: 4 keeps it near 150 kB.
 */
export const MAX_HOST_DEPTH = 4;

/**
 * A value in the host's customer / opportunity record, `depth` levels of objects or arrays
 * allowed below it: objects lose SELLER_ONLY_KEYS; below the limit an object is written `{}` and
 * an array `[]`. (Inlined to a fixed depth rather than recursive `$ref`s: @fastify/swagger turns
 * local `#/definitions/…` into `#/components/schemas/…` that it never emits.) `if`/`then`/`else`
 * rather than `anyOf`, so that fast-json-stringify picks the branch by type alone.
 */
function hostValue(depth: number): JsonSchema {
  if (depth <= 0) {
    return {
      if: { type: 'object' },
      then: { type: 'object', additionalProperties: false },
      else: { if: { type: 'array' }, then: { type: 'array', maxItems: 0, const: [] }, else: { type: ['string', 'number', 'boolean', 'null'] } },
    };
  }
  return {
    if: { type: 'object' },
    then: hostRecord(depth),
    else: {
      if: { type: 'array' },
      then: { type: 'array', items: hostValue(depth - 1) },
      else: { type: ['string', 'number', 'boolean', 'null'] },
    },
  };
}

function hostRecord(depth: number): JsonSchema {
  return { type: 'object', patternProperties: { [NOT_SELLER_ONLY]: hostValue(depth - 1) }, additionalProperties: false };
}

/**
 * The customer's copy of a priced quote: what `pricedForCustomer` returns. No cost or margin
 * anywhere, `approvals` always `[]` (`reviewRequired` says whether the seller's copy needs
 * approvals), no `below-floor` message, and the host's records without SELLER_ONLY_KEYS.
 */
export const CUSTOMER_PRICED_QUOTE_SCHEMA: JsonSchema = structuredClone({
  type: 'object',
  required: QUOTE_REQUIRED,
  properties: {
    ...QUOTE_FIELDS,
    customer: hostRecord(MAX_HOST_DEPTH),
    lines: { type: 'array', items: { type: 'object', required: LINE_REQUIRED, properties: LINE_FIELDS } },
    adjustments: { type: 'array', items: ADJUSTMENT },
    totals: { type: 'object', required: TOTALS_REQUIRED, properties: TOTALS_FIELDS },
    approvals: { type: 'array', maxItems: 0, const: [] },
    issues: { type: 'array', items: CUSTOMER_ISSUE },
    orderable: bool(),
    reviewRequired: bool(),
  },
});
