import { Dec, ZERO } from '../core/decimal.js';
import { own } from '../core/object.js';
import { parseDecimal } from '../core/parse.js';
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
  const rule = (end: 'first' | 'last'): PartialRule => {
    const v = own(raw, end);
    return typeof v === 'string' && rules.includes(v as PartialRule) ? (v as PartialRule) : rules[0]!;
  };
  return { method, first: rule('first'), last: rule('last') };
}

/**
 * Resolve the settings of a validated catalog's `subscriptions` (`catalogRaw`) and a product's
 * `subscription` (`productRaw`): each field the product gives wins; a proration policy is
 * taken whole, never merged field by field.
 */
export function resolveSubscription(catalogRaw: unknown, productRaw: unknown, base = DEFAULT_SUBSCRIPTION): SubscriptionSettings {
  const pick = <T>(key: string, read: (v: unknown) => T | undefined, fallback: T): T => {
    const own1 = productRaw === undefined ? undefined : read(own(productRaw, key));
    if (own1 !== undefined) return own1;
    const fromCatalog = catalogRaw === undefined ? undefined : read(own(catalogRaw, key));
    return fromCatalog ?? fallback;
  };
  const dec = (v: unknown): Dec | undefined => {
    if (v === undefined) return undefined;
    const r = parseDecimal(v);
    return r.ok ? r.value : undefined;
  };
  const str = <T extends string>(allowed: readonly T[]) => (v: unknown): T | undefined => (allowed as readonly unknown[]).includes(v) ? (v as T) : undefined;
  const catalogPolicy = policy(own(catalogRaw, 'proration'), base.proration);
  return {
    proration: productRaw !== undefined && own(productRaw, 'proration') !== undefined ? policy(own(productRaw, 'proration'), catalogPolicy) : catalogPolicy,
    renewalUplift: pick('renewalUplift', dec, base.renewalUplift),
    renewalPrice: pick('renewalPrice', str(['contracted', 'list'] as const), base.renewalPrice),
    decreases: pick('decreases', str(['allowed', 'at-renewal'] as const), base.decreases),
  };
}

