/**
 * The data contract (../shared/CONTRACT.md, version 1) as TypeScript types.
 *
 * Input types describe what a *valid* document looks like; every entry point still
 * treats its input as `unknown` and checks it, because catalogs and quotes arrive
 * from hosts, files and networks. Money, quantities, rates and percents are decimal
 * strings (a safe-integer JS number is accepted on input).
 *
 * Extensions to the contract are marked `@extension` and listed in the README.
 */

/** A decimal string such as `"1200.00"`; on input a safe integer is accepted too. */
export type DecimalInput = string | number;

/** Text shown to people: a plain string or an object keyed by BCP 47 tag. */
export type LocalizedText = string | Record<string, string>;

/** A JsonLogic expression (json-logic-js semantics). */
export type JsonLogic = unknown;

export type RoundingMode = 'half-up' | 'half-even';
export type TaxMode = 'exclusive' | 'inclusive';

export interface Tier {
  /** Inclusive upper bound of the tier; `null` on the last, open-ended tier. */
  upTo: DecimalInput | null;
  /** Price per unit inside this tier. */
  unit: DecimalInput;
  /** A fixed fee added once when the tier is touched (tiered) or chosen (volume). */
  flat?: DecimalInput;
}

export interface Block {
  /** Inclusive upper bound of quantity this block covers. */
  upTo: DecimalInput;
  /** Price of the whole block. */
  price: DecimalInput;
}

export type PriceModel =
  | { model: 'flat'; list: DecimalInput }
  | { model: 'tiered'; tiers: Tier[] }
  | { model: 'volume'; tiers: Tier[] }
  | { model: 'block'; blocks: Block[] }
  | { model: 'percentOf'; percent: DecimalInput; of: { skus: string[] } | { parent: true } }
  | { model: 'costPlus'; markup: DecimalInput };

export interface QtyRange {
  min?: DecimalInput;
  max?: DecimalInput;
  step?: DecimalInput;
  default?: DecimalInput;
}

export interface TermSpec {
  unit: 'month' | 'year' | 'day';
  min?: DecimalInput;
  max?: DecimalInput;
  default?: DecimalInput;
}

export interface AttributeValue {
  id: string;
  name?: LocalizedText;
  /** Added to the unit price when this value is chosen. */
  priceDelta?: DecimalInput;
}

export interface Attribute {
  id: string;
  name?: LocalizedText;
  default?: string;
  required?: boolean;
  values: AttributeValue[];
}

export interface FeatureOption {
  sku: string;
  default?: boolean;
  required?: boolean;
  qtyPer?: 'parent' | 'fixed';
  qty?: QtyRange;
  /** Priced at 0 inside the bundle. */
  included?: boolean;
  /** @extension Overrides the option product's own price inside this bundle. */
  price?: PriceModel;
}

export interface Feature {
  id: string;
  name?: LocalizedText;
  min?: number;
  max?: number;
  options: FeatureOption[];
}

/** @extension Proration, renewal and decrease settings of subscriptions (README: Subscriptions and contracts). */
export interface SubscriptionSettingsInput {
  proration?: {
    method: 'actual-days' | '30-360' | 'whole-months' | 'whole-units' | 'none';
    first?: 'prorate' | 'full' | 'free';
    last?: 'prorate' | 'full' | 'free';
  };
  /** Percent points added to the contracted price at renewal ("5" = +5 %). */
  renewalUplift?: DecimalInput;
  renewalPrice?: 'contracted' | 'list';
  /** `at-renewal`: no decrease or cancellation before the renewal. */
  decreases?: 'allowed' | 'at-renewal';
}

export interface Product {
  sku: string;
  name: LocalizedText;
  description?: LocalizedText;
  category?: string;
  unit?: LocalizedText;
  taxCode?: string;
  cost?: DecimalInput;
  floorPrice?: DecimalInput;
  qty?: QtyRange;
  term?: TermSpec;
  price: PriceModel;
  attributes?: Attribute[];
  features?: Feature[];
  /** @extension This product's subscription settings, over the catalog's `subscriptions`. */
  subscription?: SubscriptionSettingsInput;
}

export interface Tax {
  code: string;
  rate: DecimalInput;
  name?: LocalizedText;
}

export type ConfigRuleKind = 'requires' | 'excludes' | 'validate' | 'autoSelect' | 'hide' | 'setQty';

export interface ConfigRule {
  id: string;
  kind: ConfigRuleKind;
  /** @extension Restricts the rule to these products; absent = every product. */
  products?: string[];
  when?: JsonLogic;
  targets?: string[];
  severity?: 'error' | 'warning';
  qty?: JsonLogic;
  message?: LocalizedText;
}

export type PriceAction =
  | { percentOff: DecimalInput }
  | { amountOff: DecimalInput }
  | { setUnitPrice: DecimalInput }
  | { markup: DecimalInput }
  | { surcharge: DecimalInput };

export interface PriceRule {
  id: string;
  name?: LocalizedText;
  scope: 'line' | 'quote';
  /** Line rules only: a line matches when its SKU or its category is listed; absent = all lines. */
  appliesTo?: { skus?: string[]; categories?: string[] };
  when?: JsonLogic;
  validFrom?: string;
  validTo?: string;
  action: PriceAction;
  priority?: number;
  stackable?: boolean;
}

export interface PriceBookEntry {
  sku: string;
  price: PriceModel;
}

export interface PriceBook {
  id: string;
  name?: LocalizedText;
  currency: string;
  /** When true, a SKU missing from the book is priced from the product; else `missing-price`. */
  fallback?: boolean;
  entries: PriceBookEntry[];
}

export interface ApprovalRule {
  id: string;
  /** @extension What the rule is, in a reviewer's words ("Large discount"); shown instead of its id. */
  name?: LocalizedText;
  level: string;
  when: JsonLogic;
  message?: LocalizedText;
}

/**
 * @extension A display name for a code the catalog uses (an approval level, a product category):
 * the elements show the name, never the code, where one exists.
 */
export interface NamedCode {
  id: string;
  name?: LocalizedText;
}

export interface Catalog {
  /**
   * Where an editor finds this file's JSON Schema (e.g. `node_modules/cpq-kit/schemas/catalog.schema.json`).
   * An editor's hint: the kit ignores it, and a customer's copy of the catalog leaves it out.
   * @extension
   */
  $schema?: string;
  id: string;
  name?: LocalizedText;
  currency: string;
  locale?: string;
  pricing?: {
    rounding?: RoundingMode;
    taxMode?: TaxMode;
    /** @extension Approval level a below-floor line asks for; default `"manager"`. */
    floorApprovalLevel?: string;
  };
  taxes: Tax[];
  defaultTaxCode?: string;
  products: Product[];
  rules?: ConfigRule[];
  priceRules?: PriceRule[];
  priceBooks?: PriceBook[];
  approvalRules?: ApprovalRule[];
  /** @extension Display names of the approval levels the approval rules name (lowest level first). */
  approvalLevels?: NamedCode[];
  /** @extension Display names of the product categories. */
  categories?: NamedCode[];
  /** @extension Catalog-wide subscription settings (a product's own `subscription` wins). */
  subscriptions?: SubscriptionSettingsInput;
}

export type LineDiscount = { percent: DecimalInput } | { amount: DecimalInput } | { unitPrice: DecimalInput };
export type QuoteDiscount = { percent: DecimalInput } | { amount: DecimalInput };

export interface QuoteOption {
  sku: string;
  /** Per parent unit when the bundle option has `qtyPer: "parent"`, else the quantity itself. */
  qty?: DecimalInput;
  /** @extension Resolves a price-rule tie on this option line (else the parent line's choice is tried). */
  priceRule?: string;
  /** @extension The options chosen inside an option that is itself a bundle (nested bundles). */
  options?: QuoteOption[];
}

/**
 * @extension A line that only carries text: a `section` heading or a `note`. Pricing ignores it for
 * money (no SKU, no amounts) and keeps its place among the lines (`PricedQuote.textLines`).
 */
export interface QuoteTextLine {
  id: string;
  kind: 'section' | 'note';
  /** The heading or the note (at most 1,000 characters). */
  text: string;
  group?: string;
}

export interface QuoteLine {
  id: string;
  sku: string;
  /**
   * @extension Absent on a product line. A `section` or `note` line (`QuoteTextLine`) has no SKU:
   * it shares this type so that `quote.lines` stays one list; `isTextLine()` tells them apart.
   */
  kind?: 'section' | 'note';
  /** @extension A section or note line's text. */
  text?: string;
  /** @extension The seller's own words about this line, printed under the product's name (at most 1,000 characters). */
  description?: string;
  qty?: DecimalInput;
  term?: DecimalInput;
  attributes?: Record<string, string>;
  options?: QuoteOption[];
  discount?: LineDiscount;
  priceRule?: string;
  optional?: boolean;
  group?: string;
  /** @extension The service period (inclusive days): the term is this period, prorated by the catalog's policy. */
  period?: { start: string; end: string };
  /** @extension An existing subscription shown on an amendment: priced at its contracted price, not charged. */
  locked?: boolean;
  /** @extension A decrease or cancellation on an amendment: the amount is credited (negative). */
  credit?: boolean;
  /** @extension The contract subscription this line changes. */
  subscriptionId?: string;
  /** @extension The seller re-priced an existing subscription (approval rules see it). */
  repriced?: boolean;
  /** @extension An existing subscription's net unit price per term unit: used instead of rules and discounts unless `repriced`. */
  contractedUnitPrice?: DecimalInput;
}

/** @extension Payment terms: a code of the host's (`NET30`), days net, and the words printed on the document. */
export interface PaymentTermsInput {
  /** At most 50 characters. */
  code?: string;
  /** Days net from the invoice date, a whole number from 0 to 3650. */
  days?: number;
  /** At most 500 characters. */
  text?: string;
}

export interface Quote {
  id: string;
  version?: number;
  date?: string;
  validUntil?: string;
  currency?: string;
  locale?: string;
  priceBook?: string;
  customer?: Record<string, unknown>;
  opportunity?: Record<string, unknown>;
  lines: QuoteLine[];
  discount?: QuoteDiscount;
  /** @extension Payment terms (also a sales-order field): `text` is printed on the document. */
  paymentTerms?: PaymentTermsInput;
  /** @extension Notes to the customer, printed on the document (at most 4,000 characters). */
  notes?: string;
  /** @extension Terms and conditions of this quote, printed on the document (at most 20,000 characters). */
  terms?: string;
  /** @extension Resolves a tie between quote-scope price rules, as a line's `priceRule` does. */
  priceRule?: string;
  /** @extension A quote for a new contract (default), an amendment of one, or its renewal. */
  kind?: 'new' | 'amendment' | 'renewal';
  /** @extension The contract an amendment or renewal quote is about; its days are inclusive. */
  contract?: { id: string; start: string; end: string; version?: number; effective?: string; uplift?: string };
}

export type Severity = 'error' | 'warning';

export interface Issue {
  severity: Severity;
  code: string;
  message: string;
  lineId?: string;
  /** @extension Where in the input the problem is, e.g. `lines[2].qty`. */
  path?: string;
  /** @extension Rule ids involved (conflicts, configuration). */
  ruleIds?: string[];
}

export interface WaterfallStep {
  step:
    | 'base'
    | 'attribute'
    | 'price-rule'
    | 'discount'
    | 'term'
    | 'round'
    | 'quote-rule'
    | 'quote-discount'
    | 'tax'
    | 'credit'
    | 'contracted';
  label: string;
  /** The running line amount after this step (exact before `round`, minor units from it on). */
  amount: string;
  ruleId?: string;
  attributeId?: string;
}

export interface PricedLine {
  id: string;
  parentId: string | null;
  sku: string;
  name: string;
  category?: string;
  unit?: string;
  qty: string;
  term?: string;
  attributes?: Record<string, string>;
  /** List price per unit (per term unit) on the catalog's price basis. */
  listUnitPrice: string;
  /** Price per unit actually charged, after every step, on the catalog's price basis. */
  netUnitPrice: string;
  /** List amount before tax. */
  listAmount: string;
  /** Amount before tax, after every discount. */
  netAmount: string;
  taxCode: string;
  taxRate: string;
  tax: string;
  /** Amount after tax. */
  total: string;
  /** Discount off list in percent, two decimals. */
  discountPercent: string;
  optional: boolean;
  group?: string;
  /** @extension The quote line's own description (top-level lines only). */
  description?: string;
  included?: boolean;
  /** @extension An option line a configuration rule (autoSelect) chose. */
  auto?: boolean;
  priceRule?: string;
  /**
   * @extension The manual discount applied to this line as the seller entered it (decimal strings,
   * normalized: `{ percent: "5" }`), also on the option lines a percent discount reaches;
   * `discountPercent` is the effective discount off list, after rules and the quote's share.
   */
  discount?: { percent: string } | { amount: string } | { unitPrice: string };
  cost?: string;
  margin?: string;
  marginPercent?: string;
  waterfall: WaterfallStep[];
  /** @extension How the line's service period was counted (lines with a `period`). */
  proration?: LineProration;
  /** @extension See the quote line's fields of the same names. */
  locked?: boolean;
  credit?: boolean;
  subscriptionId?: string;
  repriced?: boolean;
}

/** @extension A prorated line's period and factor, for a reviewer to check by hand. */
export interface LineProration {
  start: string;
  end: string;
  /** The contract start the months are counted from, when the quote names a contract. */
  anchor?: string;
  method: string;
  /** The period in term units, exactly: `"297/28"` or `"12"`. */
  factor: string;
  /** `10 months + 17/28 of a month`. */
  label: string;
  whole: number;
  first?: { start: string; end: string; days: number; of: number; counted: string };
  last?: { start: string; end: string; days: number; of: number; counted: string };
}

export interface TaxSummary {
  code: string;
  rate: string;
  name?: string;
  base: string;
  amount: string;
}

export interface Totals {
  list: string;
  discount: string;
  net: string;
  tax: string;
  total: string;
  taxes: TaxSummary[];
  discountPercent: string;
  cost?: string;
  margin?: string;
  marginPercent?: string;
  /**
   * @extension The margin over the counted lines that have a cost, when some do and some do not
   * (then `margin` and `marginPercent` are absent, as the contract says): `uncosted` names the
   * lines without a cost by id. Seller's copy only.
   */
  costedMargin?: CostedMargin;
}

/** @extension The margin over the lines that have a cost (`Totals.costedMargin`). */
export interface CostedMargin {
  /** Net (before tax) of the lines with a cost. */
  net: string;
  cost: string;
  margin: string;
  /** margin / net × 100, two decimals; absent when their net is 0. */
  marginPercent?: string;
  /** Ids of the counted lines (not optional) without a cost, in quote order. */
  uncosted: string[];
}

export interface Approval {
  ruleId: string;
  level: string;
  message: string;
  lineId?: string;
}

export interface QuoteAdjustment {
  kind: 'quote-rule' | 'quote-discount';
  ruleId?: string;
  label: string;
  /** Change of the quote amount (negative for a discount), rounded to minor units. */
  amount: string;
}

export interface PricedQuote {
  quoteId: string;
  version: number;
  currency: string;
  locale: string;
  date: string;
  validUntil?: string;
  priceBook?: string;
  taxMode: TaxMode;
  rounding: RoundingMode;
  customer?: Record<string, unknown>;
  opportunity?: Record<string, unknown>;
  /** @extension An amendment's or renewal's kind and contract (`quote.kind`, `quote.contract`). */
  kind?: 'amendment' | 'renewal';
  contract?: { id: string; start: string; end: string; version?: number; effective?: string };
  lines: PricedLine[];
  /** @extension The quote's section and note lines, each placed after the top-level line it follows. */
  textLines?: PricedTextLine[];
  /** @extension The quote's payment terms, notes and terms, as the quote gives them (for the document). */
  paymentTerms?: PaymentTermsInput;
  notes?: string;
  terms?: string;
  adjustments: QuoteAdjustment[];
  totals: Totals;
  approvals: Approval[];
  issues: Issue[];
  orderable: boolean;
}

/** @extension A section or note line of a priced quote: no money, only its text and its place. */
export interface PricedTextLine {
  id: string;
  kind: 'section' | 'note';
  text: string;
  /** The id of the top-level priced line it follows; null before the first. */
  after: string | null;
  group?: string;
}

export interface ValidationError {
  path: string;
  message: string;
  /** @extension `warning` entries do not make `ok` false. */
  severity?: Severity;
}

export interface ValidationResult {
  ok: boolean;
  errors: ValidationError[];
}

export interface PriceOptions {
  /** Locale for names, labels and messages; default quote.locale, then the catalog's. */
  locale?: string;
  /** Date used when the quote has none (ISO 8601); default today (UTC). */
  today?: string;
  /**
   * @extension Called with the configuration state of every line that has a bundle, as pricing
   * configured it (top-level lines only; their options' states are inside). The elements show
   * these states, so what the configurator says is what was priced.
   */
  onConfigure?: (lineId: string, state: ConfigState) => void;
  /**
   * @extension `false`: price without the memo of incremental re-pricing (neither read nor
   * filled) — for what-if quotes that should not push the quote being edited out of it.
   */
  memo?: boolean;
}

/** What a user chose for one product: a quote line without its id (contract). */
export interface ConfigSelection {
  qty?: DecimalInput;
  term?: DecimalInput;
  attributes?: Record<string, string>;
  /** Exactly these options (plus required and rule-selected ones); absent = every feature's defaults. */
  options?: SelectedOption[];
}

export interface SelectedOption {
  sku: string;
  /** Per parent unit when the bundle option has `qtyPer: "parent"`, else the quantity itself. */
  qty?: DecimalInput;
  /** @extension The selection inside an option that is itself a bundle. */
  options?: SelectedOption[];
  /** @extension Resolves a price-rule tie on this option's line. */
  priceRule?: string;
}

/** A rule or feature that explains a state: its id and its message in the requested locale. */
export interface ConfigReason {
  ruleId: string;
  kind: ConfigRuleKind;
  message: string;
}

export interface ConfigMessage {
  severity: Severity;
  message: string;
  ruleId?: string;
  featureId?: string;
  attributeId?: string;
  /** The option (or bundle) the message is about. */
  sku?: string;
  /** Where in the selection, e.g. `options[2].qty`. */
  path?: string;
}

export interface OptionState {
  sku: string;
  name: string;
  selected: boolean;
  /** Quantity per parent unit (as chosen), and the resulting quantity of the option line. */
  qty: string;
  lineQty: string;
  available: boolean;
  hidden: boolean;
  /** Why the option is unavailable or hidden. */
  reasons: ConfigReason[];
  /** @extension Set when a rule selected the option; the rules that did. */
  auto?: ConfigReason[];
  required: boolean;
  included: boolean;
  default: boolean;
  qtyPer: 'parent' | 'fixed';
  qtyRange: { min?: string; max?: string; step?: string };
  /** @extension Present when the option is a bundle and selected: its own features. */
  features?: FeatureState[];
}

export interface FeatureState {
  id: string;
  name: string;
  min: number;
  max: number;
  options: OptionState[];
}

export interface AttributeState {
  id: string;
  name: string;
  /** The chosen value; null when a required attribute has none yet. */
  value: string | null;
  required: boolean;
  values: { id: string; name: string; priceDelta?: string }[];
}

export interface ConfigState {
  sku: string;
  name: string;
  qty: string;
  term?: string;
  attributes: AttributeState[];
  features: FeatureState[];
  errors: ConfigMessage[];
  warnings: ConfigMessage[];
  complete: boolean;
  /** The resolved selection: configuring it again gives the same state. */
  selection: Required<Pick<ConfigSelection, 'qty' | 'attributes' | 'options'>> & { term?: string };
}

export interface ConfigureOptions {
  /** Locale of names and messages; default the catalog's. */
  locale?: string;
  /** The `quote` facts rules see (as in price rules). */
  quote?: Record<string, unknown>;
}
