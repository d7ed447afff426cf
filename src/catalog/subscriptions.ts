import { Dec, ZERO } from '../core/decimal.js';
import { own } from '../core/object.js';
import { parseDecimalMemo } from '../core/parse.js';
import { DEFAULT_PRORATION, partialRules, type PartialRule, type ProrationMethod, type ProrationPolicy } from '../core/proration.js';

/** A product's subscription settings, its own merged over the catalog's (`subscriptions`), with defaults. */
export interface SubscriptionSettings {
  proration: ProrationPolicy;
  /** Renewal uplift in percent points (0 when neither the product nor the catalog names one). */
  renewalUplift: Dec;
  /** A renewal keeps the contracted price (with the uplift) or takes the catalog's price again. */
  renewalPrice: 'contracted' | 'list';
  /** `at-renewal`: quantities cannot go down, nor subscriptions be cancelled, before the renewal. */
  decreases: 'allowed' | 'at-renewal';
}

export const DEFAULT_SUBSCRIPTION: SubscriptionSettings = {
  proration: DEFAULT_PRORATION, renewalUplift: ZERO, renewalPrice: 'contracted', decreases: 'allowed',
};

function policy(raw: unknown, fallback: ProrationPolicy): ProrationPolicy {
  if (raw === undefined) return fallback;
  const method = own(raw, 'method') as ProrationMethod;
  const rules = partialRules(method);
  return { method, first: partialRule(raw, 'first', rules), last: partialRule(raw, 'last', rules) };
}

function partialRule(raw: unknown, end: 'first' | 'last', rules: readonly PartialRule[]): PartialRule {
  const v = own(raw, end);
  return typeof v === 'string' && rules.includes(v as PartialRule) ? (v as PartialRule) : rules[0]!;
}

function decimalOf(v: unknown): Dec | undefined {
  if (v === undefined) return undefined;
  const r = parseDecimalMemo(v);
  return r.ok ? r.value : undefined;
}

function renewalPrice(v: unknown): SubscriptionSettings['renewalPrice'] | undefined {
  return v === 'contracted' || v === 'list' ? v : undefined;
}

function decreases(v: unknown): SubscriptionSettings['decreases'] | undefined {
  return v === 'allowed' || v === 'at-renewal' ? v : undefined;
}

/**
 * Resolve the settings of a validated catalog's `subscriptions` (`catalogRaw`) and a product's
 * `subscription` (`productRaw`): each field the product gives wins; a proration policy is
 * taken whole, never merged field by field.
 */
export function resolveSubscription(catalogRaw: unknown, productRaw: unknown, base = DEFAULT_SUBSCRIPTION): SubscriptionSettings {
  const catalogPolicy = policy(own(catalogRaw, 'proration'), base.proration);
  return {
    proration: productRaw !== undefined && own(productRaw, 'proration') !== undefined ? policy(own(productRaw, 'proration'), catalogPolicy) : catalogPolicy,
    renewalUplift: decimalOf(own(productRaw, 'renewalUplift')) ?? decimalOf(own(catalogRaw, 'renewalUplift')) ?? base.renewalUplift,
    renewalPrice: renewalPrice(own(productRaw, 'renewalPrice')) ?? renewalPrice(own(catalogRaw, 'renewalPrice')) ?? base.renewalPrice,
    decreases: decreases(own(productRaw, 'decreases')) ?? decreases(own(catalogRaw, 'decreases')) ?? base.decreases,
  };
}
