import type { SubscriptionSettingsInput, Catalog, PricedLine, PricedQuote, Totals } from '../types.js';

/**
 * What a customer may see (self-service mode). A seller's quote carries internal figures —
 * costs, margins, floor prices, the approval rules and their thresholds — that must never reach
 * a customer's screen or a customer-side event. These functions make the customer's copy;
 * pricing itself always runs on the full catalog.
 */

/** Issue codes whose message reveals internal figures (a floor price). */
const INTERNAL_ISSUES = new Set(['below-floor']);

/**
 * The priced quote without cost, margin, floor-price issues, approval rules or the opportunity.
 * @extension `reviewRequired` (true when the seller's copy needs approvals) replaces the list
 * of approvals, whose rule ids and messages name thresholds.
 */
export function pricedForCustomer(priced: PricedQuote): PricedQuote & { reviewRequired: boolean } {
  const { cost: _c, margin: _m, marginPercent: _p, costedMargin: _cm, ...totals } = priced.totals;
  // The opportunity (stage, win probability, the seller's notes) is the seller's CRM record.
  const { opportunity: _o, ...rest } = priced;
  return {
    ...rest,
    lines: priced.lines.map(lineForCustomer),
    totals: totals as Totals,
    approvals: [],
    issues: priced.issues.filter((i) => !INTERNAL_ISSUES.has(i.code)),
    reviewRequired: priced.approvals.length > 0,
  };
}

function lineForCustomer(line: PricedLine): PricedLine {
  const { cost: _c, margin: _m, marginPercent: _p, ...rest } = line;
  return rest;
}

/**
 * The catalog without costs, floor prices, approval rules and levels or price rules (their
 * conditions and thresholds are the seller's policy; their effect shows in each line's waterfall).
 */
export function catalogForCustomer(catalog: Catalog): Catalog {
  const { approvalRules: _a, approvalLevels: _l, priceRules: _r, $schema: _s, subscriptions, ...rest } = catalog;
  const out: Catalog = {
    ...rest,
    products: catalog.products.map((p) => {
      const { cost: _c, floorPrice: _f, subscription, ...product } = p;
      const settings = subscription && customerSettings(subscription);
      return settings ? { ...product, subscription: settings } : product;
    }),
  };
  const settings = subscriptions && customerSettings(subscriptions);
  if (settings) out.subscriptions = settings;
  return out;
}

/** Subscription settings without the renewal uplift and price basis (the seller's): proration and decreases price what the customer sees. */
function customerSettings(s: SubscriptionSettingsInput): SubscriptionSettingsInput | undefined {
  const { renewalUplift: _u, renewalPrice: _p, ...rest } = s;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
