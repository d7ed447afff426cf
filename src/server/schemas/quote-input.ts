/**
 * Request schemas of the quote service: what a seller may send to create or edit a quote.
 *
 * Only what a person decides is accepted — products, quantities, terms, attribute and option
 * choices, discounts, price-rule choices, the customer and opportunity, the price book, the
 * validity date and the language; the document's words (section and note lines, line
 * descriptions, notes, terms, payment terms). Nothing the kit computes (amounts, taxes, totals) and nothing
 * the server decides (`id`, `version`, `date`, `currency`, `lifecycle`) is accepted: every object
 * has `additionalProperties: false`, except the host's own `customer` / `opportunity` records,
 * which are open but bounded.
 *
 * The shapes follow `Quote`, `QuoteLine`, `QuoteOption`, `LineDiscount` and `QuoteDiscount` in
 * src/types.ts. Decimals are decimal strings (`"1200.00"`) or safe integers, never other numbers.
 *
 * Compile with `removeAdditional: false` and `coerceTypes: false` (Fastify's defaults are `true`
 * and `'array'`): with removal, refused fields would be dropped silently instead of refused, and
 * with coercion a float such as 1.5 would become the string "1.5".
 */

/** A JSON Schema object, as Fastify's `schema.body` / `schema.response` take it. */
export type JsonSchema = Record<string, unknown>;

/** A contract decimal string: up to 18 integer digits and 12 decimals, optional minus sign. */
export const DECIMAL_PATTERN = '^-?\\d{1,18}(\\.\\d{1,12})?$';

/** A calendar date `YYYY-MM-DD` (the service checks that the day exists). */
export const DATE_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';

/**
 * No U+0000: for a value the store keeps in a column of its own (the customer's id, the name a
 * customer signs with, a list filter) — PostgreSQL's text cannot hold it, and it names nothing.
 */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

/** Keys that JSON.parse makes own properties but that must never name data. */
const NOT_PROTOTYPE_KEY = '^(?!(__proto__|constructor|prototype)$)';

/** Deepest `options` inside `options` (bundles nest up to 5 levels: MAX_BUNDLE_DEPTH). */
export const MAX_OPTION_DEPTH = 5;
export const MAX_LINES = 2000;
export const MAX_OPTIONS = 500;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A decimal string, or a safe integer (the contract accepts one where a decimal is expected). */
const decimal = (): JsonSchema => ({
  anyOf: [
    { type: 'string', maxLength: 32, pattern: DECIMAL_PATTERN },
    { type: 'integer', minimum: -MAX_SAFE, maximum: MAX_SAFE },
  ],
});

const text = (maxLength: number, minLength = 0): JsonSchema => ({ type: 'string', minLength, maxLength });

/** A SKU as the catalog spells it. */
const sku = (): JsonSchema => text(100, 1);

/** The id of a price rule (resolves a tie between rules). */
const ruleChoice = (): JsonSchema => text(100, 1);

/** A key of an open object: non-empty, bounded, and not a prototype name. */
const propertyName = (): JsonSchema => ({ type: 'string', minLength: 1, maxLength: 100, pattern: NOT_PROTOTYPE_KEY });

/** A scalar in a host record (customer, opportunity): facts price and approval rules may read. */
const hostScalar = (): JsonSchema => ({
  anyOf: [text(500), { type: 'number' }, { type: 'boolean' }],
});

/**
 * The host's own record (customer, opportunity): an id, and any other scalar fields, or one
 * level of nested record (an opportunity's `partner`), at most 50 fields each.
 */
const hostRecord = (named: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  required: ['id'],
  maxProperties: 50,
  propertyNames: propertyName(),
  properties: { id: { ...text(100, 1), pattern: NO_NUL_PATTERN }, ...named },
  additionalProperties: {
    anyOf: [
      ...(hostScalar().anyOf as JsonSchema[]),
      { type: 'object', maxProperties: 50, propertyNames: propertyName(), additionalProperties: hostScalar() },
    ],
  },
});

const discountOf = (field: string): JsonSchema => ({
  type: 'object',
  required: [field],
  properties: { [field]: decimal() },
  additionalProperties: false,
});

/** `LineDiscount`: exactly one of a percent, an amount per unit, or a unit price. */
const lineDiscount = (): JsonSchema => ({ oneOf: [discountOf('percent'), discountOf('amount'), discountOf('unitPrice')] });

/** `QuoteDiscount`: a percent or an amount off the whole quote. */
const quoteDiscount = (): JsonSchema => ({ oneOf: [discountOf('percent'), discountOf('amount')] });

/** `QuoteOption` at nesting `level` (1 = the options of a quote line); the deepest takes no options. */
function option(level: number): JsonSchema {
  const properties: Record<string, JsonSchema> = { sku: sku(), qty: decimal(), priceRule: ruleChoice() };
  if (level < MAX_OPTION_DEPTH) properties.options = options(level + 1);
  return { type: 'object', required: ['sku'], properties, additionalProperties: false };
}

function options(level: number): JsonSchema {
  return { type: 'array', maxItems: MAX_OPTIONS, items: option(level) };
}

/** A non-blank string of at most `max` characters without control characters (the sales-order fields: `readOrderFields`). */
const plain = (max: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength: max, pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\u0000-\\u001F\\u007F-\\u009F\\s][^\\u0000-\\u001F\\u007F-\\u009F]*$' });
const closed = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({ type: 'object', properties, additionalProperties: false, ...extra });

/** A party of the sales order (`OrderParty`): bill-to, ship-to. */
const party = (): JsonSchema => closed({
  id: plain(100), name: plain(500), taxId: plain(64),
  address: closed({
    lines: { type: 'array', minItems: 1, maxItems: 6, items: plain(200) }, city: plain(100), region: plain(100), postalCode: plain(20),
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
  }),
  contact: closed({ name: plain(200), phone: plain(50), email: { type: 'string', maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' } }),
});

/** The fields an ERP sales order needs (`OrderQuoteFields`); the order event carries them (and the customer's view shows them). */
export const salesOrderFields = (): Record<string, JsonSchema> => ({
  billTo: party(),
  shipTo: party(),
  paymentTerms: closed({ code: plain(50), days: { type: 'integer', minimum: 0, maximum: 3650 }, text: plain(500) }, { minProperties: 1 }),
  requestedDate: { type: 'string', maxLength: 10, pattern: DATE_PATTERN },
  customerReference: plain(100),
});

/** A line id as the service stores it. */
const lineId = (): JsonSchema => ({ type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });

/**
 * Free text a person wrote (a note, a description, terms): up to `max` UTF-16 units, no control
 * characters but tab and line breaks (pricing counts characters, so it never refuses what passes here).
 */
const words = (max: number): JsonSchema => ({ type: 'string', maxLength: max, pattern: '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$' });

/** A section heading or a note line (`QuoteTextLine`): no SKU, no money. */
const textLine = (): JsonSchema => ({
  type: 'object',
  required: ['id', 'kind', 'text'],
  properties: { id: lineId(), kind: { type: 'string', enum: ['section', 'note'] }, text: words(1000), group: text(200) },
  additionalProperties: false,
});

/** A quote line: a text line when it has a `kind`, else a product line (`if`/`then`/`else`, so errors name one shape). */
const anyLine = (): JsonSchema => ({ if: { type: 'object', required: ['kind'] }, then: textLine(), else: line() });

/** `QuoteLine`. */
const line = (): JsonSchema => ({
  type: 'object',
  required: ['id', 'sku'],
  properties: {
    id: lineId(),
    sku: sku(),
    description: words(1000),
    qty: decimal(),
    term: decimal(),
    attributes: {
      type: 'object',
      maxProperties: 50,
      propertyNames: propertyName(),
      additionalProperties: text(100, 1),
    },
    options: options(1),
    discount: lineDiscount(),
    priceRule: ruleChoice(),
    optional: { type: 'boolean' },
    group: text(200),
    requestedDate: { type: 'string', maxLength: 10, pattern: DATE_PATTERN },
    // Subscriptions (issue 16): a service period on any line; the rest only on an amendment or
    // renewal started from a stored contract, whose lines the service checks against it.
    period: {
      type: 'object', required: ['start', 'end'], additionalProperties: false,
      properties: { start: { type: 'string', maxLength: 10, pattern: DATE_PATTERN }, end: { type: 'string', maxLength: 10, pattern: DATE_PATTERN } },
    },
    locked: { type: 'boolean' },
    credit: { type: 'boolean' },
    repriced: { type: 'boolean' },
    subscriptionId: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:-]+$' },
    contractedUnitPrice: decimal(),
  },
  additionalProperties: false,
});

/** The fields a seller decides, shared by create and edit. */
function inputProperties(): Record<string, JsonSchema> {
  return {
    validUntil: { type: 'string', maxLength: 10, pattern: DATE_PATTERN },
    locale: {
      anyOf: [
        { type: 'string', enum: ['zh-CN', 'en'] },
        { type: 'string', minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$' },
      ],
    },
    priceBook: text(100, 1),
    customer: hostRecord({ name: text(500), segment: text(500) }),
    opportunity: hostRecord({ name: text(500), stage: text(500) }),
    lines: { type: 'array', maxItems: MAX_LINES, items: anyLine() },
    discount: quoteDiscount(),
    notes: words(4000),
    terms: words(20000),
    priceRule: ruleChoice(),
    ...salesOrderFields(),
  };
}

function inputSchema(extra: Record<string, JsonSchema> = {}, required: string[] = []): JsonSchema {
  return {
    type: 'object',
    required: [...required, 'lines'],
    properties: { ...inputProperties(), ...extra },
    additionalProperties: false,
  };
}

/** What a seller may send for a quote: every field a person decides, nothing computed. */
export const QUOTE_INPUT_SCHEMA: JsonSchema = inputSchema();

/** Creating a quote: the input plus the catalog it is priced from. */
export const QUOTE_CREATE_SCHEMA: JsonSchema = inputSchema(
  { catalogId: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' } },
  ['catalogId'],
);

/** Editing a quote: the input plus, optionally, the revision the edit was made on (optimistic locking). */
export const QUOTE_EDIT_SCHEMA: JsonSchema = inputSchema({
  baseRevision: { type: 'integer', minimum: 1, maximum: MAX_SAFE },
});
