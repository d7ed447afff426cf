import { Dec } from '../core/decimal.js';
import { compileCondition, compileExpression, type Condition } from '../core/logic.js';
import { own, isRecord } from '../core/object.js';
import { factUses, type FactRead, type FactUses } from '../core/logic-reads.js';
import { parseDecimalMemo } from '../core/parse.js';
import type { ConfigReason, ConfigRuleKind, RoundingMode, TaxMode } from '../types.js';
import { parseModel, type ParsedModel } from './models.js';
import { resolveSubscription, type SubscriptionSettings } from './subscriptions.js';

/** A catalog made ready for pricing: indexed, parsed and compiled once, then reused. */
export interface PreparedCatalog {
  raw: Record<string, unknown>;
  currency: string;
  locale: string;
  rounding: RoundingMode;
  taxMode: TaxMode;
  floorApprovalLevel: string;
  products: Map<string, PreparedProduct>;
  taxes: Map<string, { code: string; rate: Dec; name: unknown; factor: Dec }>;
  defaultTaxCode: string | undefined;
  priceBooks: Map<string, PreparedBook>;
  lineRules: PreparedRule[];
  quoteRules: PreparedRule[];
  rulesById: Map<string, PreparedRule>;
  approvalRules: { id: string; level: string; when: Condition; message: unknown }[];
  /** Configuration rules, compiled, in catalog order. */
  configRules: PreparedConfigRule[];
}

export interface PreparedConfigRule {
  id: string;
  kind: ConfigRuleKind;
  products: ReadonlySet<string> | null;
  when: Condition;
  targets: readonly string[];
  severity: 'error' | 'warning';
  qty: ((facts: unknown) => unknown) | undefined;
  message: unknown;
  /**
   * The option SKUs whose selection the rule reads (`selected.SKU`), or null when it may read
   * any: between fixed-point rounds only rules reading a changed option are evaluated again.
   */
  reads: ReadonlySet<string> | null;
  /**
   * The facts `when` and `qty` read, with how (see `factUses`): found by the same walk as
   * `reads`, for the catalog's configuration checks (src/rules/validate-config.ts).
   */
  uses: { when: readonly FactRead[]; qty: readonly FactRead[] };
  /** The rule's own message in the locale last asked for, and its reason object (caches). */
  text: { locale: string; message: string; reason: ConfigReason | undefined } | undefined;
}

export interface PreparedProduct {
  raw: Record<string, unknown>;
  sku: string;
  name: unknown;
  unit: unknown;
  category: string | undefined;
  taxCode: string | undefined;
  cost: Dec | undefined;
  floorPrice: Dec | undefined;
  price: ParsedModel;
  qty: { min?: Dec; max?: Dec; step?: Dec; default?: Dec };
  term: { unit: string; min?: Dec; max?: Dec; default?: Dec } | undefined;
  attributes: Map<string, { id: string; name: unknown; default: string | undefined; required: boolean; values: Map<string, { id: string; name: unknown; delta: Dec | undefined }> }>;
  features: { id: string; name: unknown; min: number; max: number; options: PreparedOption[] }[];
  /** Every feature option by SKU (a SKU is an option of at most one feature of a product). */
  options: Map<string, PreparedOption>;
  /** True when lines of this product are configured: it has features, or rules name it. */
  configurable: boolean;
  /** @extension Proration, renewal and decrease settings (the product's over the catalog's). */
  subscription: SubscriptionSettings;
}

export interface PreparedOption {
  sku: string;
  isDefault: boolean;
  required: boolean;
  qtyPer: 'parent' | 'fixed';
  qty: { min?: Dec; max?: Dec; step?: Dec; default?: Dec };
  included: boolean;
  price: ParsedModel | undefined;
}

export interface PreparedBook {
  id: string;
  currency: string;
  fallback: boolean;
  entries: Map<string, ParsedModel>;
}

export type ActionKind = 'percentOff' | 'amountOff' | 'setUnitPrice' | 'markup' | 'surcharge';

export interface PreparedRule {
  id: string;
  name: unknown;
  skus: ReadonlySet<string> | null;
  categories: ReadonlySet<string> | null;
  when: Condition;
  validFrom: string | undefined;
  validTo: string | undefined;
  action: ActionKind;
  value: Dec;
  /** For percentOff and markup: the factor the amount is multiplied by (1 ∓ value/100). */
  factor: Dec;
  priority: number;
  stackable: boolean;
}

function dec(v: unknown): Dec | undefined {
  if (v === undefined || v === null) return undefined;
  const r = parseDecimalMemo(v);
  return r.ok ? r.value : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The range of a product or option without one (most of them): one frozen object, shared. */
const NO_RANGE: { min?: Dec; max?: Dec; step?: Dec; default?: Dec } = Object.freeze({ min: undefined, max: undefined, step: undefined, default: undefined });

function range(v: unknown): { min?: Dec; max?: Dec; step?: Dec; default?: Dec } {
  // Most products and options have no range: nothing to read.
  if (v === undefined) return NO_RANGE;
  return { min: dec(own(v, 'min')), max: dec(own(v, 'max')), step: dec(own(v, 'step')), default: dec(own(v, 'default')) };
}

/** What the validation running a preparation found the configuration rules' expressions read, by use (see `Report.uses`). */
export interface KnownUses {
  truth: ReadonlyMap<unknown, FactUses>;
  value: ReadonlyMap<unknown, FactUses>;
}

/**
 * Index, parse and compile a catalog that validation has accepted (structurally). Throws
 * `ModelError` only if validation let something through that it should not have. `checked`:
 * the conditions the validation running this preparation has just checked (see `compileCondition`);
 * `uses`: what it found them to read (see `factUses`), taken instead of walking them again.
 */
export function assembleCatalog(raw: Record<string, unknown>, checked?: ReadonlySet<unknown>, uses?: KnownUses): PreparedCatalog {
  // Validation's configuration checks and pricing both need it: build it once per catalog object.
  let hit = assembled.get(raw);
  if (!hit) assembled.set(raw, (hit = assemble(raw, checked, uses)));
  return hit;
}

const assembled = new WeakMap<object, PreparedCatalog>();

/** A map that stays empty: shared by the products without attributes or options (most of a large catalog). */
class EmptyMap<K, V> extends Map<K, V> {
  override set(): this {
    throw new TypeError('a prepared catalog is read-only');
  }
  override delete(): boolean {
    return false;
  }
  override clear(): void {}
}
const NO_ATTRIBUTES: PreparedProduct['attributes'] = new EmptyMap();
const NO_OPTIONS: PreparedProduct['options'] = new EmptyMap();
const NO_READS: readonly FactRead[] = Object.freeze([]);

function assemble(raw: Record<string, unknown>, checked: ReadonlySet<unknown> | undefined, uses: KnownUses | undefined): PreparedCatalog {
  const pricing = own(raw, 'pricing');
  const ruleProducts = new Set<string>();
  // Indexed loops over the catalog's lists, not for…of: this runs once per catalog, on its
  // first use, before anything is optimized, where each iterator result is garbage to collect.
  const rawRules = arr(own(raw, 'rules'));
  for (let i = 0; i < rawRules.length; i++) {
    const listed = own(rawRules[i], 'products');
    if (listed === undefined) continue;
    const skus = arr(listed);
    for (let j = 0; j < skus.length; j++) if (typeof skus[j] === 'string') ruleProducts.add(skus[j] as string);
  }
  const products = new Map<string, PreparedProduct>();
  const subscriptions = own(raw, 'subscriptions');
  /** The settings of every product without its own: the catalog's, resolved once. */
  let catalogSubscription: SubscriptionSettings | undefined;
  const rawProducts = arr(own(raw, 'products'));
  for (let i = 0; i < rawProducts.length; i++) {
    const p = rawProducts[i];
    const sku = own(p, 'sku') as string;
    const rawAttributes = own(p, 'attributes');
    const attributes: PreparedProduct['attributes'] = rawAttributes === undefined ? NO_ATTRIBUTES : new Map();
    if (rawAttributes !== undefined) for (const a of arr(rawAttributes)) {
      const values = new Map<string, { id: string; name: unknown; delta: Dec | undefined }>();
      for (const v of arr(own(a, 'values'))) {
        const id = own(v, 'id') as string;
        values.set(id, { id, name: own(v, 'name'), delta: dec(own(v, 'priceDelta')) });
      }
      const id = own(a, 'id') as string;
      attributes.set(id, { id, name: own(a, 'name'), default: str(own(a, 'default')), required: own(a, 'required') === true, values });
    }
    const term = own(p, 'term');
    const features = prepareFeatures(own(p, 'features'));
    const options = features.length === 0 ? NO_OPTIONS : new Map<string, PreparedOption>();
    for (let f = 0; f < features.length; f++) {
      const list = features[f]!.options;
      for (let k = 0; k < list.length; k++) options.set(list[k]!.sku, list[k]!);
    }
    products.set(sku, {
      raw: p as Record<string, unknown>,
      sku,
      name: own(p, 'name'),
      unit: own(p, 'unit'),
      category: str(own(p, 'category')),
      taxCode: str(own(p, 'taxCode')),
      cost: dec(own(p, 'cost')),
      floorPrice: dec(own(p, 'floorPrice')),
      price: parseModel(own(p, 'price')),
      qty: range(own(p, 'qty')),
      term: isRecord(term) ? { unit: String(own(term, 'unit')), ...range(term) } : undefined,
      attributes,
      features,
      options,
      configurable: features.length > 0 || ruleProducts.has(sku),
      subscription: own(p, 'subscription') === undefined
        ? (catalogSubscription ??= resolveSubscription(subscriptions, undefined))
        : resolveSubscription(subscriptions, own(p, 'subscription')),
    });
  }

  const taxes: PreparedCatalog['taxes'] = new Map();
  for (const t of arr(own(raw, 'taxes'))) {
    const code = own(t, 'code') as string;
    const rate = dec(own(t, 'rate'))!;
    taxes.set(code, { code, rate, name: own(t, 'name'), factor: rate.div(100) });
  }

  const priceBooks = new Map<string, PreparedBook>();
  for (const b of arr(own(raw, 'priceBooks'))) {
    const entries = new Map<string, ParsedModel>();
    for (const e of arr(own(b, 'entries'))) entries.set(own(e, 'sku') as string, parseModel(own(e, 'price')));
    const id = own(b, 'id') as string;
    priceBooks.set(id, { id, currency: own(b, 'currency') as string, fallback: own(b, 'fallback') === true, entries });
  }

  const lineRules: PreparedRule[] = [];
  const quoteRules: PreparedRule[] = [];
  const rulesById = new Map<string, PreparedRule>();
  for (const r of arr(own(raw, 'priceRules'))) {
    const rule = prepareRule(r, checked);
    rulesById.set(rule.id, rule);
    (own(r, 'scope') === 'quote' ? quoteRules : lineRules).push(rule);
  }
  // Highest priority first; catalog order breaks ties, so the order is stable and documented.
  const byPriority = (a: PreparedRule, b: PreparedRule) => b.priority - a.priority;
  lineRules.sort(byPriority);
  quoteRules.sort(byPriority);

  return {
    raw,
    currency: own(raw, 'currency') as string,
    locale: str(own(raw, 'locale')) ?? 'en',
    rounding: own(pricing, 'rounding') === 'half-even' ? 'half-even' : 'half-up',
    taxMode: own(pricing, 'taxMode') === 'inclusive' ? 'inclusive' : 'exclusive',
    floorApprovalLevel: str(own(pricing, 'floorApprovalLevel')) ?? 'manager',
    products,
    taxes,
    defaultTaxCode: str(own(raw, 'defaultTaxCode')),
    priceBooks,
    lineRules,
    quoteRules,
    rulesById,
    configRules: rawRules.map((r): PreparedConfigRule => {
      const products = own(r, 'products');
      const targets = own(r, 'targets');
      const qty = own(r, 'qty');
      const when = own(r, 'when');
      // One walk of each expression gives both what the engine re-evaluates on and what validation
      // checks: the walk the validation's SKU check made, when it made one.
      const whenUses = uses?.truth.get(when) ?? factUses(when, 'truth');
      const qtyUses = qty === undefined ? undefined : uses?.value.get(qty) ?? factUses(qty, 'value');
      let reads: Set<string> | null = whenUses.selected;
      if (reads !== null && qtyUses) {
        // A new set: the walk's own may be another rule's too (an expression object used twice).
        if (qtyUses.selected === null) reads = null;
        else {
          reads = new Set(reads);
          for (const sku of qtyUses.selected) reads.add(sku);
        }
      }
      return {
        id: own(r, 'id') as string,
        kind: own(r, 'kind') as ConfigRuleKind,
        products: Array.isArray(products) ? new Set(products as string[]) : null,
        when: compileCondition(when, checked),
        targets: Array.isArray(targets) ? (targets as string[]) : [],
        severity: own(r, 'severity') === 'warning' ? 'warning' : 'error',
        qty: qty === undefined ? undefined : compileExpression(qty, checked),
        message: own(r, 'message'),
        reads,
        uses: { when: whenUses.reads, qty: qtyUses ? qtyUses.reads : NO_READS },
        text: undefined,
      };
    }),
    approvalRules: arr(own(raw, 'approvalRules')).map((a) => ({
      id: own(a, 'id') as string,
      level: own(a, 'level') as string,
      when: compileCondition(own(a, 'when'), checked),
      message: own(a, 'message'),
    })),
  };
}

const ACTIONS: ActionKind[] = ['percentOff', 'amountOff', 'setUnitPrice', 'markup', 'surcharge'];

function prepareRule(r: unknown, checked: ReadonlySet<unknown> | undefined): PreparedRule {
  const action = own(r, 'action');
  const kind = ACTIONS.find((k) => own(action, k) !== undefined) ?? 'percentOff';
  const applies = own(r, 'appliesTo');
  const skus = own(applies, 'skus');
  const categories = own(applies, 'categories');
  const priority = own(r, 'priority');
  const value = dec(own(action, kind)) ?? new Dec(0);
  return {
    id: own(r, 'id') as string,
    name: own(r, 'name'),
    skus: Array.isArray(skus) ? new Set(skus as string[]) : null,
    categories: Array.isArray(categories) ? new Set(categories as string[]) : null,
    when: compileCondition(own(r, 'when'), checked),
    validFrom: str(own(r, 'validFrom'))?.slice(0, 10),
    validTo: str(own(r, 'validTo'))?.slice(0, 10),
    action: kind,
    value,
    factor: kind === 'markup' ? value.div(100).plus(1) : new Dec(1).minus(value.div(100)),
    priority: typeof priority === 'number' ? priority : 0,
    stackable: own(r, 'stackable') === true,
  };
}

function prepareFeatures(raw: unknown): PreparedProduct['features'] {
  if (raw === undefined) return [];
  return arr(raw).map((f) => {
    const options = arr(own(f, 'options')).map((o): PreparedOption => {
      const price = own(o, 'price');
      return {
        sku: own(o, 'sku') as string,
        isDefault: own(o, 'default') === true,
        required: own(o, 'required') === true,
        qtyPer: own(o, 'qtyPer') === 'parent' ? 'parent' : 'fixed',
        qty: range(own(o, 'qty')),
        included: own(o, 'included') === true,
        price: price === undefined ? undefined : parseModel(price),
      };
    });
    const min = own(f, 'min');
    const max = own(f, 'max');
    return {
      id: own(f, 'id') as string,
      name: own(f, 'name'),
      min: typeof min === 'number' ? min : 0,
      max: typeof max === 'number' ? max : options.length,
      options,
    };
  });
}
